/* Webhook signatures: Standard Webhooks, Ghost, shared tokens, delivery ids, signing. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#include "status.h"
#include "webhook_verify.h"

/* The reference vector of the Standard Webhooks libraries (recomputed with Python's hmac). */
#define STD_SECRET "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define STD_ID "msg_p5jXN8AQM9LWM0D4loKWxJek"
#define STD_TS 1614265330
#define STD_BODY "{\"test\": 2432232314}"
#define STD_SIG "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

/* Ghost: HMAC-SHA256("FOOBARBAZ", body + "1719842984367"), recomputed with Python's hmac. */
#define GHOST_SECRET "FOOBARBAZ"
#define GHOST_BODY "{\"post\":{\"current\":{\"id\":\"66a0c1\",\"title\":\"Steel duties\"}}}"
#define GHOST_MS "1719842984367"
#define GHOST_HEX "6f47004b4eff6eb26852cb5982adb445f385cb8db6bca8b045b278e4880a1e62"
#define GHOST_NOW 1719842984

static struct webhook_secret *parse(enum webhook_scheme scheme, const char *spec)
{
    struct webhook_secret *s = NULL;
    ck_assert_int_eq(webhook_secret_parse(scheme, spec, &s), 0);
    ck_assert_ptr_nonnull(s);
    return s;
}

static int std_verify(const char *id, const char *ts, const char *sig, const char *body,
                      int64_t now)
{
    struct webhook_header h[3];
    size_t n = 0;
    /* Mixed case on purpose: lookups ignore case. */
    if (id)
        h[n++] = (struct webhook_header){"Webhook-Id", id};
    if (ts)
        h[n++] = (struct webhook_header){"WEBHOOK-TIMESTAMP", ts};
    if (sig)
        h[n++] = (struct webhook_header){"webhook-signature", sig};
    struct webhook_secret *s = parse(WEBHOOK_SCHEME_STANDARD, STD_SECRET);
    int rc = webhook_verify(s, h, n, body, strlen(body), now);
    webhook_secret_free(s);
    return rc;
}

START_TEST(test_standard_reference_vector)
{
    ck_assert_int_eq(std_verify(STD_ID, "1614265330", STD_SIG, STD_BODY, STD_TS), 0);
    /* a secret without the whsec_ prefix is the same key */
    struct webhook_header h[] = {{"webhook-id", STD_ID},
                                 {"webhook-timestamp", "1614265330"},
                                 {"webhook-signature", STD_SIG}};
    struct webhook_secret *s = parse(WEBHOOK_SCHEME_STANDARD, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    ck_assert_int_eq(webhook_verify(s, h, 3, STD_BODY, strlen(STD_BODY), STD_TS), 0);
    webhook_secret_free(s);
}
END_TEST

START_TEST(test_standard_tampered_and_wrong_secret)
{
    ck_assert_int_eq(std_verify(STD_ID, "1614265330", STD_SIG, "{\"test\": 2432232315}", STD_TS),
                     TW_EAUTH);
    ck_assert_int_eq(std_verify("msg_other", "1614265330", STD_SIG, STD_BODY, STD_TS), TW_EAUTH);
    /* the timestamp is signed too: moving it within the tolerance still fails */
    ck_assert_int_eq(std_verify(STD_ID, "1614265331", STD_SIG, STD_BODY, STD_TS), TW_EAUTH);
    struct webhook_header h[] = {{"webhook-id", STD_ID},
                                 {"webhook-timestamp", "1614265330"},
                                 {"webhook-signature", STD_SIG}};
    struct webhook_secret *s = parse(WEBHOOK_SCHEME_STANDARD, "whsec_c2Vjb25kLXNlY3JldC1rZXk=");
    ck_assert_int_eq(webhook_verify(s, h, 3, STD_BODY, strlen(STD_BODY), STD_TS), TW_EAUTH);
    webhook_secret_free(s);
}
END_TEST

START_TEST(test_standard_timestamp_tolerance)
{
    ck_assert_int_eq(std_verify(STD_ID, "1614265330", STD_SIG, STD_BODY, STD_TS + 300), 0);
    ck_assert_int_eq(std_verify(STD_ID, "1614265330", STD_SIG, STD_BODY, STD_TS - 300), 0);
    /* stale and from the future: refused even with a valid signature */
    ck_assert_int_eq(std_verify(STD_ID, "1614265330", STD_SIG, STD_BODY, STD_TS + 301), TW_EAUTH);
    ck_assert_int_eq(std_verify(STD_ID, "1614265330", STD_SIG, STD_BODY, STD_TS - 301), TW_EAUTH);
}
END_TEST

START_TEST(test_standard_multiple_signatures)
{
    const char *sigs[] = {
        "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " STD_SIG,
        "v1a,ignoredAsymmetric " STD_SIG " v2,whatever",
        STD_SIG " v1,bm90LWEtbWFj",
        "  " STD_SIG "  ",
    };
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        ck_assert_msg(std_verify(STD_ID, "1614265330", sigs[i], STD_BODY, STD_TS) == 0,
                      "rejected \"%s\"", sigs[i]);
    ck_assert_int_eq(std_verify(STD_ID, "1614265330",
                                "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= "
                                "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                                STD_BODY, STD_TS),
                     TW_EAUTH);
    /* bad base64 in an entry is a non-matching entry, not a crash */
    ck_assert_int_eq(std_verify(STD_ID, "1614265330", "v1,@@@@", STD_BODY, STD_TS), TW_EAUTH);
}
END_TEST

START_TEST(test_standard_missing_or_malformed_headers)
{
    ck_assert_int_eq(std_verify(NULL, "1614265330", STD_SIG, STD_BODY, STD_TS), TW_EINVAL);
    ck_assert_int_eq(std_verify(STD_ID, NULL, STD_SIG, STD_BODY, STD_TS), TW_EINVAL);
    ck_assert_int_eq(std_verify(STD_ID, "1614265330", NULL, STD_BODY, STD_TS), TW_EINVAL);
    ck_assert_int_eq(std_verify(STD_ID, "16142653x0", STD_SIG, STD_BODY, STD_TS), TW_EINVAL);
    ck_assert_int_eq(std_verify(STD_ID, "-1614265330", STD_SIG, STD_BODY, STD_TS), TW_EINVAL);
    ck_assert_int_eq(std_verify(STD_ID, "", STD_SIG, STD_BODY, STD_TS), TW_EINVAL);
    ck_assert_int_eq(std_verify("", "1614265330", STD_SIG, STD_BODY, STD_TS), TW_EINVAL);
    ck_assert_int_eq(std_verify(STD_ID, "1614265330", "", STD_BODY, STD_TS), TW_EINVAL);
    ck_assert_int_eq(std_verify(STD_ID, "1614265330", "g0hM9SsE", STD_BODY, STD_TS), TW_EINVAL);
    ck_assert_int_eq(std_verify(STD_ID, "1614265330", "v1,", STD_BODY, STD_TS), TW_EINVAL);
    char longid[WEBHOOK_ID_MAX + 2];
    memset(longid, 'x', sizeof longid - 1);
    longid[sizeof longid - 1] = '\0';
    ck_assert_int_eq(std_verify(longid, "1614265330", STD_SIG, STD_BODY, STD_TS), TW_EINVAL);
}
END_TEST

START_TEST(test_standard_sign_round_trip)
{
    struct webhook_secret *s = parse(WEBHOOK_SCHEME_STANDARD, STD_SECRET);
    char *sig = webhook_sign(s, STD_ID, STD_TS, STD_BODY, strlen(STD_BODY));
    ck_assert_str_eq(sig, STD_SIG);
    free(sig);

    char *fresh = webhook_secret_generate();
    ck_assert_ptr_nonnull(fresh);
    ck_assert_int_eq(strncmp(fresh, "whsec_", 6), 0);
    ck_assert_uint_eq(strlen(fresh), 6 + 44);
    struct webhook_secret *g = parse(WEBHOOK_SCHEME_STANDARD, fresh);
    const char *body = "{\"type\":\"annotation.completed\"}";
    sig = webhook_sign(g, "msg_1", 1700000000, body, strlen(body));
    struct webhook_header h[] = {
        {"webhook-id", "msg_1"}, {"webhook-timestamp", "1700000000"}, {"webhook-signature", sig}};
    ck_assert_int_eq(webhook_verify(g, h, 3, body, strlen(body), 1700000010), 0);
    ck_assert_int_eq(webhook_verify(s, h, 3, body, strlen(body), 1700000010), TW_EAUTH);
    char *other = webhook_secret_generate();
    ck_assert_str_ne(fresh, other);
    free(other);
    free(sig);
    free(fresh);
    webhook_secret_free(g);
    webhook_secret_free(s);
}
END_TEST

START_TEST(test_secret_specs)
{
    struct webhook_secret *s = NULL;
    ck_assert_int_eq(webhook_secret_parse(WEBHOOK_SCHEME_STANDARD, "whsec_not base64!", &s),
                     TW_EINVAL);
    ck_assert_int_eq(webhook_secret_parse(WEBHOOK_SCHEME_STANDARD, "whsec_", &s), TW_EINVAL);
    ck_assert_int_eq(webhook_secret_parse(WEBHOOK_SCHEME_GHOST, "", &s), TW_EINVAL);
    ck_assert_int_eq(webhook_secret_parse(WEBHOOK_SCHEME_TOKEN, "X-Token: ", &s), TW_EINVAL);
    ck_assert_int_eq(webhook_secret_parse(WEBHOOK_SCHEME_TOKEN, "bad\ntoken", &s), TW_EINVAL);
    ck_assert_ptr_null(s);
    webhook_secret_free(NULL);
}
END_TEST

static int ghost_verify(const char *secret, const char *header, const char *body, int64_t now)
{
    struct webhook_header h[] = {{"Content-Type", "application/json"},
                                 {"x-ghost-signature", header}};
    struct webhook_secret *s = parse(WEBHOOK_SCHEME_GHOST, secret);
    int rc = webhook_verify(s, h, header ? 2 : 1, body, strlen(body), now);
    webhook_secret_free(s);
    return rc;
}

START_TEST(test_ghost_signature)
{
    const char *hdr = "sha256=" GHOST_HEX ", t=" GHOST_MS;
    ck_assert_int_eq(ghost_verify(GHOST_SECRET, hdr, GHOST_BODY, GHOST_NOW), 0);
    /* upper-case hex, no space, items swapped */
    char upper[128] = "t=" GHOST_MS ",sha256=";
    size_t at = strlen(upper);
    for (const char *p = GHOST_HEX; *p; p++)
        upper[at++] = (char)(*p >= 'a' && *p <= 'f' ? *p - 'a' + 'A' : *p);
    upper[at] = '\0';
    ck_assert_int_eq(ghost_verify(GHOST_SECRET, upper, GHOST_BODY, GHOST_NOW), 0);
    ck_assert_int_eq(webhook_verify_ghost(GHOST_SECRET,
                                          (struct webhook_header[]){{"X-Ghost-Signature", hdr}}, 1,
                                          GHOST_BODY, strlen(GHOST_BODY), GHOST_NOW),
                     0);
}
END_TEST

START_TEST(test_ghost_rejections)
{
    const char *hdr = "sha256=" GHOST_HEX ", t=" GHOST_MS;
    const char *tampered =
        "{\"post\":{\"current\":{\"id\":\"66a0c1\",\"title\":\"Steel dutieS\"}}}";
    ck_assert_int_eq(ghost_verify(GHOST_SECRET, hdr, tampered, GHOST_NOW), TW_EAUTH);
    ck_assert_int_eq(ghost_verify("FOOBARBAZ2", hdr, GHOST_BODY, GHOST_NOW), TW_EAUTH);
    /* t is signed: changing it breaks the signature even inside the tolerance */
    ck_assert_int_eq(
        ghost_verify(GHOST_SECRET, "sha256=" GHOST_HEX ", t=1719842984368", GHOST_BODY, GHOST_NOW),
        TW_EAUTH);
    /* stale, future */
    ck_assert_int_eq(ghost_verify(GHOST_SECRET, hdr, GHOST_BODY, GHOST_NOW + 301), TW_EAUTH);
    ck_assert_int_eq(ghost_verify(GHOST_SECRET, hdr, GHOST_BODY, GHOST_NOW - 301), TW_EAUTH);
    ck_assert_int_eq(ghost_verify(GHOST_SECRET, hdr, GHOST_BODY, GHOST_NOW + 299), 0);
    /* missing or malformed header */
    ck_assert_int_eq(ghost_verify(GHOST_SECRET, NULL, GHOST_BODY, GHOST_NOW), TW_EINVAL);
    ck_assert_int_eq(ghost_verify(GHOST_SECRET, "sha256=" GHOST_HEX, GHOST_BODY, GHOST_NOW),
                     TW_EINVAL);
    ck_assert_int_eq(ghost_verify(GHOST_SECRET, "t=" GHOST_MS, GHOST_BODY, GHOST_NOW), TW_EINVAL);
    ck_assert_int_eq(ghost_verify(GHOST_SECRET, "sha256=abc, t=" GHOST_MS, GHOST_BODY, GHOST_NOW),
                     TW_EINVAL);
    ck_assert_int_eq(
        ghost_verify(GHOST_SECRET, "sha256=" GHOST_HEX ", t=12x", GHOST_BODY, GHOST_NOW),
        TW_EINVAL);
}
END_TEST

START_TEST(test_token_schemes)
{
    struct webhook_secret *bearer = parse(WEBHOOK_SCHEME_TOKEN, "s3cr3t-t0ken");
    struct webhook_secret *custom = parse(WEBHOOK_SCHEME_TOKEN, "X-Tradewire-Token: abc def");
    struct webhook_header ok[] = {{"authorization", "Bearer s3cr3t-t0ken"},
                                  {"X-TRADEWIRE-TOKEN", "abc def"}};
    struct webhook_header wrong[] = {{"Authorization", "Bearer s3cr3t-t0keN"},
                                     {"X-Tradewire-Token", "abc"}};
    ck_assert_int_eq(webhook_verify(bearer, ok, 2, "{}", 2, 0), 0);
    ck_assert_int_eq(webhook_verify(custom, ok, 2, "{}", 2, 0), 0);
    ck_assert_int_eq(webhook_verify(bearer, wrong, 2, "{}", 2, 0), TW_EAUTH);
    ck_assert_int_eq(webhook_verify(custom, wrong, 2, "{}", 2, 0), TW_EAUTH);
    ck_assert_int_eq(webhook_verify(bearer, ok + 1, 1, "{}", 2, 0), TW_EINVAL);
    ck_assert_int_eq(webhook_verify(custom, ok, 1, "{}", 2, 0), TW_EINVAL);
    ck_assert_int_eq(webhook_verify_token("Authorization", "Bearer x",
                                          (struct webhook_header[]){{"Authorization", "Bearer"}},
                                          1),
                     TW_EAUTH);
    webhook_secret_free(bearer);
    webhook_secret_free(custom);
}
END_TEST

START_TEST(test_delivery_ids)
{
    struct webhook_secret *std = parse(WEBHOOK_SCHEME_STANDARD, STD_SECRET);
    struct webhook_secret *ghost = parse(WEBHOOK_SCHEME_GHOST, GHOST_SECRET);
    struct webhook_secret *tok = parse(WEBHOOK_SCHEME_TOKEN, "t");
    struct webhook_header sh[] = {{"webhook-id", STD_ID}};
    char *id = webhook_delivery_id(std, sh, 1, "x", 1);
    ck_assert_str_eq(id, STD_ID);
    free(id);
    ck_assert_ptr_null(webhook_delivery_id(std, sh, 0, "x", 1));

    struct webhook_header gh[] = {{"X-Ghost-Signature", "sha256=" GHOST_HEX ", t=" GHOST_MS}};
    id = webhook_delivery_id(ghost, gh, 1, GHOST_BODY, strlen(GHOST_BODY));
    ck_assert_str_eq(id, "ghost-sig:" GHOST_HEX);
    free(id);

    /* no id header: the body's hash, stable across retries, different for other bodies */
    char *a = webhook_delivery_id(tok, NULL, 0, "{\"a\":1}", 7);
    char *b = webhook_delivery_id(tok, NULL, 0, "{\"a\":1}", 7);
    char *c = webhook_delivery_id(tok, NULL, 0, "{\"a\":2}", 7);
    ck_assert_int_eq(strncmp(a, "sha256:", 7), 0);
    ck_assert_uint_eq(strlen(a), 7 + 64);
    ck_assert_str_eq(a, b);
    ck_assert_str_ne(a, c);
    free(a);
    free(b);
    free(c);
    struct webhook_header wc[] = {{"x-wc-webhook-delivery-id", "9f1c"}, {"X-Request", "r7"}};
    id = webhook_delivery_id(tok, wc, 2, "{}", 2);
    ck_assert_str_eq(id, "9f1c");
    free(id);
    webhook_secret_set_id_header(tok, "X-Request");
    id = webhook_delivery_id(tok, wc, 2, "{}", 2);
    ck_assert_str_eq(id, "r7");
    free(id);
    webhook_secret_free(std);
    webhook_secret_free(ghost);
    webhook_secret_free(tok);
}
END_TEST

Suite *webhook_verify_suite(void)
{
    Suite *s = suite_create("webhook_verify");
    TCase *tc = tcase_create("standard");
    tcase_add_test(tc, test_standard_reference_vector);
    tcase_add_test(tc, test_standard_tampered_and_wrong_secret);
    tcase_add_test(tc, test_standard_timestamp_tolerance);
    tcase_add_test(tc, test_standard_multiple_signatures);
    tcase_add_test(tc, test_standard_missing_or_malformed_headers);
    tcase_add_test(tc, test_standard_sign_round_trip);
    tcase_add_test(tc, test_secret_specs);
    suite_add_tcase(s, tc);
    tc = tcase_create("ghost");
    tcase_add_test(tc, test_ghost_signature);
    tcase_add_test(tc, test_ghost_rejections);
    suite_add_tcase(s, tc);
    tc = tcase_create("token");
    tcase_add_test(tc, test_token_schemes);
    suite_add_tcase(s, tc);
    tc = tcase_create("delivery_id");
    tcase_add_test(tc, test_delivery_ids);
    suite_add_tcase(s, tc);
    return s;
}
