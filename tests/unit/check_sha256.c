/* SHA-256 against FIPS 180-4 example vectors, HMAC-SHA256 against RFC 4231, and ctcmp. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#include "ctcmp.h"
#include "hex.h"
#include "sha256.h"

static char hexbuf[2 * SHA256_DIGEST_LEN + 1];

static const char *hash_hex(const void *p, size_t n)
{
    unsigned char d[SHA256_DIGEST_LEN];
    sha256(p, n, d);
    hex_encode_to(d, sizeof d, hexbuf);
    return hexbuf;
}

static const char *hmac_hex(const void *key, size_t klen, const void *msg, size_t n)
{
    unsigned char d[SHA256_DIGEST_LEN];
    sha256_hmac(key, klen, msg, n, d);
    hex_encode_to(d, sizeof d, hexbuf);
    return hexbuf;
}

START_TEST(test_fips_vectors)
{
    ck_assert_str_eq(hash_hex("", 0),
                     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    ck_assert_str_eq(hash_hex("abc", 3),
                     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    ck_assert_str_eq(hash_hex(two, strlen(two)),
                     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *four = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                       "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    ck_assert_str_eq(hash_hex(four, strlen(four)),
                     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}
END_TEST

START_TEST(test_million_a_streamed_in_odd_chunks)
{
    /* Chunks of 1..97 bytes cross every block boundary position. */
    char chunk[97];
    memset(chunk, 'a', sizeof chunk);
    struct sha256 c;
    sha256_init(&c);
    size_t done = 0, step = 1;
    while (done < 1000000) {
        size_t n = step < 1000000 - done ? step : 1000000 - done;
        sha256_update(&c, chunk, n);
        done += n;
        step = step % 97 + 1;
    }
    unsigned char d[SHA256_DIGEST_LEN];
    sha256_final(&c, d);
    hex_encode_to(d, sizeof d, hexbuf);
    ck_assert_str_eq(hexbuf, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

START_TEST(test_padding_edges)
{
    /* 55, 56 and 64 bytes: the length fits in the last block, just does not, one full block. */
    static const char *want[] = {
        "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
        "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
        "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
    };
    static const size_t lens[] = {55, 56, 64};
    char a[64];
    memset(a, 'a', sizeof a);
    for (size_t i = 0; i < 3; i++)
        ck_assert_str_eq(hash_hex(a, lens[i]), want[i]);
}
END_TEST

START_TEST(test_rfc4231_vectors)
{
    unsigned char k[131], d[50];
    memset(k, 0x0b, 20);
    ck_assert_str_eq(hmac_hex(k, 20, "Hi There", 8),
                     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    const char *m2 = "what do ya want for nothing?";
    ck_assert_str_eq(hmac_hex("Jefe", 4, m2, strlen(m2)),
                     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    memset(k, 0xaa, 20);
    memset(d, 0xdd, 50);
    ck_assert_str_eq(hmac_hex(k, 20, d, 50),
                     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    for (int i = 0; i < 25; i++)
        k[i] = (unsigned char)(i + 1);
    memset(d, 0xcd, 50);
    ck_assert_str_eq(hmac_hex(k, 25, d, 50),
                     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    memset(k, 0x0c, 20);
    /* Test case 5 checks the first 128 bits only. */
    ck_assert_int_eq(strncmp(hmac_hex(k, 20, "Test With Truncation", 20),
                             "a3b6167473100ee06e0c796c2955552b", 32),
                     0);
    memset(k, 0xaa, 131);
    const char *m6 = "Test Using Larger Than Block-Size Key - Hash Key First";
    ck_assert_str_eq(hmac_hex(k, 131, m6, strlen(m6)),
                     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    const char *m7 = "This is a test using a larger than block-size key and a larger than "
                     "block-size data. The key needs to be hashed before being used by the HMAC "
                     "algorithm.";
    ck_assert_str_eq(hmac_hex(k, 131, m7, strlen(m7)),
                     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}
END_TEST

START_TEST(test_hmac_streaming_matches_one_shot)
{
    const char *m = "id.1700000000.{\"a\":1}";
    unsigned char one[SHA256_DIGEST_LEN], parts[SHA256_DIGEST_LEN];
    sha256_hmac("k3y", 3, m, strlen(m), one);
    struct sha256_hmac c;
    sha256_hmac_init(&c, "k3y", 3);
    sha256_hmac_update(&c, m, 3);
    sha256_hmac_update(&c, NULL, 0);
    sha256_hmac_update(&c, m + 3, strlen(m) - 3);
    sha256_hmac_final(&c, parts);
    ck_assert(memcmp(one, parts, sizeof one) == 0);
}
END_TEST

START_TEST(test_constant_time_compare)
{
    ck_assert(ctcmp_mem("abcdef", "abcdef", 6));
    ck_assert(!ctcmp_mem("abcdef", "abcdeg", 6));
    ck_assert(!ctcmp_mem("xbcdef", "abcdef", 6));
    ck_assert(ctcmp_mem("a", "b", 0));
    ck_assert(ctcmp_bytes("Bearer t0k", 10, "Bearer t0k", 10));
    ck_assert(!ctcmp_bytes("Bearer t0k", 10, "Bearer t0", 9));
    ck_assert(!ctcmp_bytes("Bearer t0k", 10, "Bearer t0K", 10));
    ck_assert(ctcmp_bytes("", 0, "", 0));
}
END_TEST

Suite *sha256_suite(void)
{
    Suite *s = suite_create("sha256");
    TCase *tc = tcase_create("digest");
    tcase_add_test(tc, test_fips_vectors);
    tcase_add_test(tc, test_million_a_streamed_in_odd_chunks);
    tcase_add_test(tc, test_padding_edges);
    suite_add_tcase(s, tc);
    tc = tcase_create("hmac");
    tcase_add_test(tc, test_rfc4231_vectors);
    tcase_add_test(tc, test_hmac_streaming_matches_one_shot);
    suite_add_tcase(s, tc);
    tc = tcase_create("compare");
    tcase_add_test(tc, test_constant_time_compare);
    suite_add_tcase(s, tc);
    return s;
}
