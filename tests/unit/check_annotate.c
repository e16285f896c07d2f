/* check_annotate.c - the engine as a whole: whatever the bytes, annotate() returns output that
 * fits the API shape (tests/eval/ann_check.c: fields, ids, code point offsets), and it is
 * reentrant. Correctness only: speed and linearity are measured by bench/annotate.sh. */
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#include "../eval/ann_check.h"
#include "annotate.h"
#include "buf.h"
#include "mem.h"
#include "status.h"
#include "utf8.h"

/* Wire copy written for these tests: persons with titles, a country by demonym and capital,
 * straight and curly quotes, rates and covered values, accents and a dash. */
static const char wire[] =
    "WASHINGTON, May 6 - The United States will raise tariffs on $200 billion of Chinese "
    "goods to 25 percent from 10 percent on Friday, U.S. Trade Representative Robert "
    "Lighthizer said on Monday.\n\n"
    "\"We have lost too much for too many years,\" Lighthizer told reporters, adding that "
    "Beijing had backtracked on earlier commitments.\n\n"
    "China\xE2\x80\x99s Commerce Ministry said it \xE2\x80\x9C"
    "deeply regrets\xE2\x80\x9D the "
    "decision and would take countermeasures. Vice Premier Liu He will still travel to "
    "Washington, the ministry said \xE2\x80\x94 a sign that talks go on.\n\n"
    "Jos\xC3\xA9 Ram\xC3\xB3n, an economist, said a 2.5 cents a pound duty on Mexican "
    "tomatoes was also under review by the Commerce Department.\n";

/* Annotates body[0..len), which must be valid UTF-8, and fails the test unless the result is
 * well-formed. Returns the JSON (new reference). */
static json_t *annotate_checked(const struct annotator *an, const char *body, size_t len)
{
    struct annotations a;
    ck_assert_int_eq(annotate(an, body, len, &a), TW_OK);
    json_t *j = annotations_to_json(&a, body);
    annotations_cleanup(&a);
    ck_assert_ptr_nonnull(j);
    struct buf err;
    buf_init(&err);
    size_t bad = ann_check(j, body, len, &err);
    ck_assert_msg(bad == 0, "%zu violations:\n%s", bad, err.data ? err.data : "");
    buf_cleanup(&err);
    /* What the API sends must parse back to the same value. */
    char *s = json_dumps(j, JSON_COMPACT);
    ck_assert_ptr_nonnull(s);
    json_error_t jerr;
    json_t *back = json_loads(s, 0, &jerr);
    ck_assert_msg(back != NULL, "output does not parse: %s", jerr.text);
    ck_assert(json_equal(j, back));
    json_decref(back);
    free(s);
    return j;
}

START_TEST(test_wire_copy_fits_the_shape)
{
    struct annotator *an = annotator_new();
    json_t *j = annotate_checked(an, wire, strlen(wire));
    json_decref(j);
    annotator_free(an);
}
END_TEST

/* Short wire sentences, each a shape some rule handles on its own path. */
static const char *const sentences[] = {
    /* an export duty without imposer: the target must stay a code or null */
    "The government raised the export duty on refined sugar (rs) to 12.50 ringgit per tonne "
    "from 10.00 last month.",
    "Tokyo will cut tariffs on 1,700 items by up to 50 pct, officials said.",
    "\"We will not back down,\" he said.",
    "Officials said. \"",
    "The EC said it would impose duties of 8.54 pct to 33.3 pct on imports from Japan and "
    "South Korea, according to a Commission statement.",
    "A 2.5 cents a pound duty, Yeutter said, \"is fair\" and \"overdue.\"",
    "Brazil's coffee board (IBC) said on Monday it had set export levies at 30 dlrs a bag.",
    "U.S.",
    "said",
    "25%",
};

START_TEST(test_short_sentences_fit_the_shape)
{
    struct annotator *an = annotator_new();
    for (size_t i = 0; i < sizeof sentences / sizeof *sentences; i++)
        json_decref(annotate_checked(an, sentences[i], strlen(sentences[i])));
    annotator_free(an);
}
END_TEST

/* Each tariff figure carries the sentence that holds it, which storage keeps for
 * GET /v1/tariffs. */
START_TEST(test_tariff_sentence)
{
    static const char body[] = "Officials met on Monday. The United States will raise tariffs on "
                               "Chinese steel to 25 percent, the ministry said. Markets fell.";
    struct annotator *an = annotator_new();
    struct annotations a;
    ck_assert_int_eq(annotate(an, body, strlen(body), &a), TW_OK);
    ck_assert_uint_ge(a.ntariffs, 1);
    const struct ann_tariff *t = &a.tariffs[0];
    ck_assert_uint_lt(t->sentence_start, t->sentence_end);
    char *sentence = strndup(body + t->sentence_start, t->sentence_end - t->sentence_start);
    ck_assert_str_eq(sentence, "The United States will raise tariffs on Chinese steel to 25 "
                               "percent, the ministry said.");
    free(sentence);
    annotations_cleanup(&a);
    annotator_free(an);
}
END_TEST

START_TEST(test_empty_body)
{
    struct annotator *an = annotator_new();
    json_t *j = annotate_checked(an, "", 0);
    ck_assert_uint_eq(json_array_size(json_object_get(j, "actors")), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(j, "claims")), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(j, "tariffs")), 0);
    json_decref(j);
    annotator_free(an);
}
END_TEST

START_TEST(test_rejects_invalid_utf8_and_nul)
{
    static const struct {
        const char *s;
        size_t len;
    } bad[] = {
        {"China said \xFF", 12},   {"a\0b", 3},
        {"tariff \xC3", 8},        {"\xED\xA0\x80 surrogate", 13},
        {"\xC0\xAF overlong", 11}, {"\xF4\x90\x80\x80 too big", 12},
    };
    struct annotator *an = annotator_new();
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct annotations a;
        ck_assert_int_eq(annotate(an, bad[i].s, bad[i].len, &a), TW_EINVAL);
        ck_assert_uint_eq(a.nactors + a.nclaims + a.ntariffs, 0);
        annotations_cleanup(&a);
        /* utf8_repair makes the same bytes acceptable. */
        size_t len;
        char *fixed = utf8_repair(bad[i].s, bad[i].len, &len);
        json_decref(annotate_checked(an, fixed, len));
        free(fixed);
    }
    annotator_free(an);
}
END_TEST

/* xorshift64: the same "random" bytes on every run, so a failure reproduces. */
static uint64_t next_rand(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

/* Pieces that push the engine's rules: quotes, cue verbs, numbers, units, capitals. */
static const char *const pieces[] = {
    "\"",
    "\xE2\x80\x9C",
    "\xE2\x80\x9D",
    "\xE2\x80\x98",
    "\xE2\x80\x99",
    "'",
    " said ",
    " told ",
    "according to",
    " pct ",
    "%",
    " percent",
    "$",
    " dlrs ",
    " billion",
    " mln ",
    " yen",
    " tariff ",
    " duties ",
    " on ",
    "U.S.",
    "China",
    "Japan",
    "President",
    "Xi",
    "Trump",
    "Ministry",
    ".",
    ",",
    "\n",
    "\n\n",
    " ",
    "25",
    "1,700",
    "2.5",
    "-",
    "\xE2\x80\x94",
    "\xC3\xA9",
    "(",
    ")",
    "\t",
    "from",
    "to",
    "up to",
    "over",
    "Inc",
    "the",
    "of",
    "\x00",
    "\xFF",
    "\xC3",
    "\xE2\x80",
    "\xF0\x9F\x98\x80",
};

START_TEST(test_arbitrary_bytes)
{
    struct annotator *an = annotator_new();
    uint64_t state = 0x9E3779B97F4A7C15u;
    struct buf raw;
    buf_init(&raw);
    for (int round = 0; round < 300; round++) {
        buf_reset(&raw);
        size_t target = next_rand(&state) % 3000;
        while (raw.len < target) {
            uint64_t r = next_rand(&state);
            if (r % 5 == 0) { /* a raw random byte, NUL and invalid UTF-8 included */
                char c = (char)(r >> 8);
                buf_append(&raw, &c, 1);
            } else {
                const char *p = pieces[(r >> 8) % (sizeof pieces / sizeof *pieces)];
                buf_append(&raw, p, p[0] == '\0' ? 1 : strlen(p));
            }
        }
        size_t len;
        char *body = utf8_repair(raw.data ? raw.data : "", raw.len, &len);
        json_decref(annotate_checked(an, body, len));
        free(body);
    }
    buf_cleanup(&raw);
    annotator_free(an);
}
END_TEST

/* The engine's arrays grow in powers of two, so a body of exactly 8, 16, 32... tokens fills its
 * token array: a rule that looks one token past the end then reads outside it, which ASan
 * (make asan) reports. Each ending is one the rules look past: a name, an initial, a hyphen,
 * a number, a unit, a cue, a quote. */
START_TEST(test_rules_stop_at_the_last_token)
{
    static const char *const endings[] = {
        " Smith",    " J",     " J.",           " Smith-",  " 25",           " 25 pct",    " $",
        " 10%",      " said",  " \"",           " U.S.",    " Inc",          " Mr",        " of",
        " Ministry", " up to", " \xE2\x80\x9C", " from 10", " according to", " President",
    };
    struct annotator *an = annotator_new();
    struct buf b;
    buf_init(&b);
    for (size_t e = 0; e < sizeof endings / sizeof *endings; e++) {
        for (int filler = 0; filler < 140; filler++) {
            buf_reset(&b);
            buf_puts(&b, "Tokyo");
            for (int k = 0; k < filler; k++)
                buf_puts(&b, k % 7 == 6 ? " said" : " talks");
            buf_puts(&b, endings[e]);
            json_decref(annotate_checked(an, b.data, b.len));
        }
    }
    buf_cleanup(&b);
    annotator_free(an);
}
END_TEST

/* "Japan's Widget Makers Association" takes its country from the actor Japan while the new
 * organisation is added: with 8 or 16 actors before it, the actor array moves under that
 * pointer (a use after free that ASan reports). Written for the bug the fuzzer found. */
START_TEST(test_new_actor_while_the_actor_array_grows)
{
    static const char *const others[] = {"France", "Germany", "Italy",  "Spain",   "Canada",
                                         "Mexico", "Brazil",  "India",  "Russia",  "Korea",
                                         "Chile",  "Peru",    "Egypt",  "Kenya",   "Sweden",
                                         "Norway", "Finland", "Poland", "Austria", "Greece"};
    struct annotator *an = annotator_new();
    struct buf b;
    buf_init(&b);
    for (size_t k = 0; k <= sizeof others / sizeof *others; k++) {
        buf_reset(&b);
        buf_puts(&b, "Officials of Japan");
        for (size_t i = 0; i < k; i++)
            buf_printf(&b, ", %s", others[i]);
        buf_puts(&b, " met on Monday. Japan's Widget Makers Association said prices would rise.");
        json_decref(annotate_checked(an, b.data, b.len));
    }
    buf_cleanup(&b);
    annotator_free(an);
}
END_TEST

/* A megabyte of one pattern: the shapes that make naive quote pairing, number parsing,
 * name grouping or cue search blow up or overrun. */
static const char *const floods[] = {
    "\"",
    "\xE2\x80\x9C",
    "\xE2\x80\x9D",
    "\" said Smith \"",
    "1234567890",
    "25 ",
    "1,000,000,000,",
    "Smith Jones Brown ",
    "President ",
    "said ",
    "said that ",
    "%",
    "25% ",
    "$",
    "U.S. ",
};

START_TEST(test_megabyte_of_one_pattern)
{
    const char *p = floods[_i];
    size_t plen = strlen(p), len = 0;
    const size_t size = 1 << 20;
    char *body = xmalloc(size + plen + 1);
    while (len < size) {
        memcpy(body + len, p, plen);
        len += plen;
    }
    body[len] = '\0';
    struct annotator *an = annotator_new();
    json_decref(annotate_checked(an, body, len));
    annotator_free(an);
    free(body);
}
END_TEST

START_TEST(test_deterministic)
{
    struct annotator *an = annotator_new();
    json_t *a = annotate_checked(an, wire, strlen(wire));
    json_t *b = annotate_checked(an, wire, strlen(wire));
    ck_assert(json_equal(a, b));
    json_decref(a);
    json_decref(b);
    annotator_free(an);
}
END_TEST

struct job {
    const struct annotator *an;
    char *json; /* what the thread got, compact */
};

static void *annotate_thread(void *arg)
{
    struct job *job = arg;
    for (int i = 0; i < 20; i++) {
        struct annotations a;
        if (annotate(job->an, wire, strlen(wire), &a) != TW_OK)
            return NULL;
        json_t *j = annotations_to_json(&a, wire);
        annotations_cleanup(&a);
        free(job->json);
        job->json = json_dumps(j, JSON_COMPACT);
        json_decref(j);
    }
    return NULL;
}

/* annotate.h promises any number of threads at once on one annotator. */
START_TEST(test_threads_share_an_annotator)
{
    struct annotator *an = annotator_new();
    json_t *want = annotate_checked(an, wire, strlen(wire));
    char *want_s = json_dumps(want, JSON_COMPACT);
    struct job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (struct job){.an = an};
        ck_assert_int_eq(pthread_create(&th[i], NULL, annotate_thread, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        ck_assert_ptr_nonnull(jobs[i].json);
        ck_assert_str_eq(jobs[i].json, want_s);
        free(jobs[i].json);
    }
    free(want_s);
    json_decref(want);
    annotator_free(an);
}
END_TEST

/* The checker itself must catch what it is there for, or the tests above prove nothing. */
START_TEST(test_checker_catches_bad_output)
{
    const char *body = "Tokyo \xE2\x80\x9Cwill act\xE2\x80\x9D, Sato said.";
    static const char *const bad[] = {
        /* offsets counted in bytes instead of code points */
        "{\"actors\":[],\"tariffs\":[],\"claims\":[{\"id\":1,\"speaker\":null,\"speaker_id\":null,"
        "\"direct\":true,\"cue\":\"said\",\"text\":\"will act\",\"start\":9,\"end\":17}]}",
        /* ids not 1..n */
        "{\"claims\":[],\"tariffs\":[],\"actors\":[{\"id\":2,\"name\":\"Sato\",\"type\":\"person\","
        "\"country\":\"JP\",\"role\":null,\"aliases\":[],\"mentions\":[{\"start\":18,\"end\":22,"
        "\"text\":\"Sato\"}]}]}",
        /* end past the body */
        "{\"claims\":[],\"tariffs\":[],\"actors\":[{\"id\":1,\"name\":\"Sato\",\"type\":\"person\","
        "\"country\":\"JP\",\"role\":null,\"aliases\":[],\"mentions\":[{\"start\":18,\"end\":99,"
        "\"text\":\"Sato\"}]}]}",
        /* speaker_id naming another actor */
        "{\"tariffs\":[],\"actors\":[{\"id\":1,\"name\":\"Japan\",\"type\":\"country\","
        "\"country\":\"JP\",\"role\":null,\"aliases\":[],\"mentions\":[{\"start\":0,\"end\":5,"
        "\"text\":\"Tokyo\"}]}],\"claims\":[{\"id\":1,\"speaker\":\"Sato\",\"speaker_id\":1,"
        "\"direct\":true,\"cue\":\"said\",\"text\":\"will act\",\"start\":7,\"end\":15}]}",
        /* a field missing (comparator) */
        "{\"actors\":[],\"claims\":[],\"tariffs\":[{\"id\":1,\"kind\":\"rate\",\"value\":5,"
        "\"unit\":\"percent\",\"per\":null,\"imposer\":null,\"target\":null,\"products\":[],"
        "\"change\":\"current\",\"text\":\"Tokyo\",\"start\":0,\"end\":5}]}",
    };
    const char *good = "{\"actors\":[{\"id\":1,\"name\":\"Japan\",\"type\":\"country\","
                       "\"country\":\"JP\",\"role\":null,\"aliases\":[\"Tokyo\"],\"mentions\":"
                       "[{\"start\":0,\"end\":5,\"text\":\"Tokyo\"}]}],\"claims\":[{\"id\":1,"
                       "\"speaker\":\"Japan\",\"speaker_id\":1,\"direct\":true,\"cue\":\"said\","
                       "\"text\":\"will act\",\"start\":7,\"end\":15}],\"tariffs\":[]}";
    json_error_t jerr;
    json_t *j = json_loads(good, 0, &jerr);
    ck_assert_ptr_nonnull(j);
    ck_assert_uint_eq(ann_check(j, body, strlen(body), NULL), 0);
    json_decref(j);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        j = json_loads(bad[i], 0, &jerr);
        ck_assert_msg(j != NULL, "case %zu: %s", i, jerr.text);
        ck_assert_msg(ann_check(j, body, strlen(body), NULL) > 0, "case %zu passed", i);
        json_decref(j);
    }
}
END_TEST

Suite *annotate_suite(void)
{
    Suite *s = suite_create("annotate");
    TCase *shape = tcase_create("output fits the API shape");
    tcase_add_test(shape, test_checker_catches_bad_output);
    tcase_add_test(shape, test_wire_copy_fits_the_shape);
    tcase_add_test(shape, test_short_sentences_fit_the_shape);
    tcase_add_test(shape, test_empty_body);
    tcase_add_test(shape, test_tariff_sentence);
    tcase_add_test(shape, test_deterministic);
    tcase_add_test(shape, test_threads_share_an_annotator);
    suite_add_tcase(s, shape);

    TCase *robust = tcase_create("any input");
    /* A guard against hangs, not a speed test: generous enough for -O0 under ASan. */
    tcase_set_timeout(robust, 300);
    tcase_add_test(robust, test_rejects_invalid_utf8_and_nul);
    tcase_add_test(robust, test_arbitrary_bytes);
    tcase_add_test(robust, test_rules_stop_at_the_last_token);
    tcase_add_test(robust, test_new_actor_while_the_actor_array_grows);
    tcase_add_loop_test(robust, test_megabyte_of_one_pattern, 0,
                        (int)(sizeof floods / sizeof *floods));
    suite_add_tcase(s, robust);
    return s;
}
