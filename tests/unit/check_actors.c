/* Unit tests of the actors stage: wire-style sentences written for these tests. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#include "actors.h"
#include "mem.h"

static struct actors_lex *lex;

static void setup(void)
{
    lex = actors_lex_new();
}

static void teardown(void)
{
    actors_lex_free(lex);
}

struct run {
    struct annotations ann;
    struct doc d;
};

static void run_on(struct run *r, const char *body)
{
    memset(r, 0, sizeof *r);
    r->d.ann = &r->ann;
    ck_assert_int_eq(text_init(&r->d.text, body, strlen(body)), 0);
    size_t n = r->d.text.ntok ? r->d.text.ntok : 1;
    r->d.actor_at = xmalloc(n * sizeof *r->d.actor_at);
    for (size_t i = 0; i < n; i++)
        r->d.actor_at[i] = -1;
    actors_find(lex, &r->d);
}

static void run_free(struct run *r)
{
    free(r->d.actor_at);
    text_cleanup(&r->d.text);
    annotations_cleanup(&r->ann);
}

/* The actor named name, or NULL. */
static const struct ann_actor *find(const struct run *r, const char *name)
{
    for (size_t i = 0; i < r->ann.nactors; i++)
        if (strcmp(r->ann.actors[i].name, name) == 0)
            return &r->ann.actors[i];
    return NULL;
}

/* The body text of mention m of actor a. */
static char *mention(const struct run *r, const struct ann_actor *a, size_t m)
{
    const struct ann_span *s = &a->mentions[m];
    return xstrndup(r->d.text.s + s->byte_start, s->byte_end - s->byte_start);
}

static void assert_mention(const struct run *r, const struct ann_actor *a, size_t m,
                           const char *want)
{
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_gt(a->nmentions, m);
    char *got = mention(r, a, m);
    ck_assert_str_eq(got, want);
    free(got);
}

START_TEST(test_title_role_and_surname)
{
    struct run r;
    run_on(&r, "Treasury Secretary Scott Bessent met Chinese officials on Monday. Bessent said "
               "the talks were constructive.");
    const struct ann_actor *a = find(&r, "Scott Bessent");
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->type, ACTOR_PERSON);
    ck_assert_str_eq(a->country, "US");
    ck_assert_str_eq(a->role, "Treasury Secretary");
    ck_assert_uint_eq(a->nmentions, 2);
    assert_mention(&r, a, 0, "Scott Bessent");
    assert_mention(&r, a, 1, "Bessent");
    const struct ann_actor *cn = find(&r, "China");
    assert_mention(&r, cn, 0, "Chinese");
    /* the title is no organisation */
    ck_assert_ptr_null(find(&r, "Treasury"));
    ck_assert_ptr_null(find(&r, "Treasury Department"));
    run_free(&r);
}
END_TEST

START_TEST(test_unknown_persons)
{
    struct run r;
    run_on(&r, "\"It is a mistake,\" said Harold Pembury, a senior fellow at the Brookfield "
               "Institute. Wang Deqing, vice-chairman of the planning council, disagreed. "
               "Tomasz Wierzbicki said prices would rise. Wang added that Pembury was wrong.");
    const struct ann_actor *a = find(&r, "Harold Pembury");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->role, "senior fellow");
    ck_assert_uint_eq(a->nmentions, 2);
    const struct ann_actor *w = find(&r, "Wang Deqing");
    ck_assert_ptr_nonnull(w);
    ck_assert_uint_eq(w->nmentions, 2);
    assert_mention(&r, w, 1, "Wang");
    ck_assert_ptr_nonnull(find(&r, "Tomasz Wierzbicki"));
    const struct ann_actor *o = find(&r, "Brookfield Institute");
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(o->type, ACTOR_ORGANIZATION);
    run_free(&r);
}
END_TEST

START_TEST(test_titles_alone_are_no_persons)
{
    struct run r;
    run_on(&r, "The First Lady and a U.S. official attended. The president said on Tuesday "
               "that Reuters had the story.");
    for (size_t i = 0; i < r.ann.nactors; i++)
        ck_assert_int_ne(r.ann.actors[i].type, ACTOR_PERSON);
    ck_assert_ptr_nonnull(find(&r, "United States"));
    ck_assert_ptr_null(find(&r, "Reuters"));
    run_free(&r);
}
END_TEST

START_TEST(test_president_merges_with_full_name)
{
    struct run r;
    run_on(&r, "U.S. President Donald Trump spoke with President Xi Jinping. President Trump "
               "said President XI was tough, and the Trump administration agreed.");
    const struct ann_actor *t = find(&r, "Donald Trump");
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(t->role, "President");
    ck_assert_uint_eq(t->nmentions, 2);
    assert_mention(&r, t, 1, "Trump");
    const struct ann_actor *x = find(&r, "Xi Jinping");
    ck_assert_ptr_nonnull(x);
    ck_assert_uint_eq(x->nmentions, 2);
    assert_mention(&r, x, 1, "XI");
    const struct ann_actor *us = find(&r, "United States");
    ck_assert_ptr_nonnull(us);
    ck_assert_uint_eq(us->nmentions, 2);
    assert_mention(&r, us, 0, "U.S.");
    assert_mention(&r, us, 1, "Trump administration");
    run_free(&r);
}
END_TEST

START_TEST(test_countries_demonyms_abbreviations)
{
    struct run r;
    run_on(&r, "American negotiators and the EC met Japanese officials. The US and the "
               "European Community said China's exports rose. South Korean steel was hit.");
    const struct ann_actor *us = find(&r, "United States");
    ck_assert_ptr_nonnull(us);
    ck_assert_int_eq(us->type, ACTOR_COUNTRY);
    assert_mention(&r, us, 0, "American");
    assert_mention(&r, us, 1, "US");
    const struct ann_actor *eu = find(&r, "European Community");
    ck_assert_ptr_nonnull(eu);
    ck_assert_str_eq(eu->country, "EU");
    ck_assert_uint_eq(eu->nmentions, 2);
    const struct ann_actor *cn = find(&r, "China");
    assert_mention(&r, cn, 0, "China"); /* without the 's */
    const struct ann_actor *kr = find(&r, "South Korea");
    ck_assert_ptr_nonnull(kr);
    ck_assert_str_eq(kr->country, "KR");
    ck_assert_ptr_nonnull(find(&r, "Japan"));
    run_free(&r);
}
END_TEST

START_TEST(test_capitals_and_places)
{
    struct run r;
    run_on(&r, "Beijing warned on Friday. The delegation left for Washington after talks in "
               "London, and Tokyo said it would respond.");
    const struct ann_actor *cn = find(&r, "China");
    assert_mention(&r, cn, 0, "Beijing");
    ck_assert_ptr_null(find(&r, "United States"));
    ck_assert_ptr_null(find(&r, "United Kingdom"));
    assert_mention(&r, find(&r, "Japan"), 0, "Tokyo");
    run_free(&r);
}
END_TEST

START_TEST(test_dateline_is_no_mention)
{
    struct run r;
    run_on(&r, "TAIPEI, March 2 - The island's exports rose, officials said.");
    ck_assert_uint_eq(r.ann.nactors, 0);
    run_free(&r);
    run_on(&r, "WASHINGTON, March 1 (Xinhua) -- Canada said it would retaliate.");
    ck_assert_uint_eq(r.ann.nactors, 1);
    ck_assert_str_eq(r.ann.actors[0].name, "Canada");
    run_free(&r);
}
END_TEST

START_TEST(test_media_suppressed)
{
    struct run r;
    run_on(&r, "Bessent, on CBS's Face the Nation, said Xinhua and Truth Social had it wrong, "
               "according to Chinese state media.");
    ck_assert_ptr_nonnull(find(&r, "Bessent"));
    ck_assert_ptr_nonnull(find(&r, "China"));
    ck_assert_uint_eq(r.ann.nactors, 2);
    run_free(&r);
}
END_TEST

START_TEST(test_organisation_patterns_and_acronyms)
{
    struct run r;
    run_on(&r, "The Ministry of International Trade and Industry (MITI) and the Chinese Ministry "
               "of Commerce (MOFCOM) spoke. The Ministry of Commerce said the Ontario Bean "
               "Growers Association and Kessel Packing Co were hurt. MITI disagreed, as did "
               "the U.S. Commerce Department. Commerce said the WTO should rule.");
    const struct ann_actor *m = find(&r, "Ministry of International Trade and Industry");
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->country, "JP");
    ck_assert_uint_eq(m->nmentions, 3);
    assert_mention(&r, m, 1, "MITI");
    const struct ann_actor *c = find(&r, "Chinese Ministry of Commerce");
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(c->country, "CN");
    ck_assert_uint_eq(c->nmentions, 3);
    assert_mention(&r, c, 2, "Ministry of Commerce");
    ck_assert_ptr_nonnull(find(&r, "Ontario Bean Growers Association"));
    ck_assert_ptr_nonnull(find(&r, "Kessel Packing Co"));
    const struct ann_actor *d = find(&r, "U.S. Commerce Department");
    ck_assert_ptr_nonnull(d);
    assert_mention(&r, d, 1, "Commerce");
    const struct ann_actor *w = find(&r, "WTO");
    ck_assert_ptr_nonnull(w);
    ck_assert_str_eq(w->country, "");
    run_free(&r);
}
END_TEST

START_TEST(test_actor_at_and_order)
{
    struct run r;
    run_on(&r, "Japan and Canada met. Canada's envoy spoke.");
    ck_assert_uint_eq(r.ann.nactors, 2);
    ck_assert_str_eq(r.ann.actors[0].name, "Japan");
    ck_assert_str_eq(r.ann.actors[1].name, "Canada");
    ck_assert_int_eq(actors_at(&r.d, 0), 0);
    ck_assert_int_eq(actors_at(&r.d, 1), -1);
    ck_assert_int_eq(actors_at(&r.d, 2), 1);
    ck_assert_int_eq(actors_at(&r.d, 5), 1);
    ck_assert_int_eq(actors_at(&r.d, 6), -1); /* 's */
    ck_assert_str_eq(actors_country(&r.d, 1), "CA");
    ck_assert_str_eq(actors_country(&r.d, 7), "");
    run_free(&r);
}
END_TEST

START_TEST(test_multibyte_offsets)
{
    struct run r;
    const char *body = "“Très bien,” said Ségolène Durand — China’s Commerce Ministry agreed.";
    run_on(&r, body);
    const struct ann_actor *cn = find(&r, "China");
    ck_assert_ptr_nonnull(cn);
    /* code points: the curly quotes, accents and dash are one each */
    ck_assert_uint_eq(cn->mentions[0].start, 36);
    ck_assert_uint_eq(cn->mentions[0].end, 41);
    const struct ann_actor *m = find(&r, "Commerce Ministry");
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->country, "CN");
    ck_assert_uint_eq(m->mentions[0].start, 44);
    const struct ann_actor *p = find(&r, "Ségolène Durand");
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p->mentions[0].start, 18);
    ck_assert_uint_eq(p->mentions[0].end, 33);
    run_free(&r);
}
END_TEST

START_TEST(test_european_alone_is_no_bloc)
{
    struct run r;
    run_on(&r, "Prices of European grain fell.");
    ck_assert_uint_eq(r.ann.nactors, 0);
    run_free(&r);
    run_on(&r, "The EU said European farmers would be paid.");
    const struct ann_actor *eu = find(&r, "European Union");
    ck_assert_ptr_nonnull(eu);
    ck_assert_uint_eq(eu->nmentions, 2);
    run_free(&r);
}
END_TEST

START_TEST(test_money_and_places_are_no_mentions)
{
    struct run r;
    run_on(&r, "Exports to Latin America rose to 51 billion U.S. dlrs, the South Korean won "
               "firmed, and talks in Geneva, Switzerland, ended. Japan won concessions.");
    ck_assert_ptr_null(find(&r, "United States"));
    ck_assert_ptr_null(find(&r, "South Korea"));
    ck_assert_ptr_null(find(&r, "Switzerland"));
    ck_assert_ptr_nonnull(find(&r, "Japan"));
    ck_assert_uint_eq(r.ann.nactors, 1);
    run_free(&r);
}
END_TEST

START_TEST(test_captions_and_credits_skipped)
{
    struct run r;
    run_on(&r, "File Photo: Gordon Pike speaks at the White House. (Xinhua/Lin Hao) "
               "WASHINGTON, May 2 (Xinhua) -- Mexico said it would respond. (Zhou Bin and "
               "Ann Lark in Chicago contributed to this story)\n\n"
               "(Reporting by Tom Kerr; Editing by Sam Vale)");
    ck_assert_uint_eq(r.ann.nactors, 1);
    ck_assert_str_eq(r.ann.actors[0].name, "Mexico");
    run_free(&r);
}
END_TEST

Suite *actors_suite(void)
{
    Suite *s = suite_create("actors");
    TCase *tc = tcase_create("persons");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_title_role_and_surname);
    tcase_add_test(tc, test_unknown_persons);
    tcase_add_test(tc, test_titles_alone_are_no_persons);
    tcase_add_test(tc, test_president_merges_with_full_name);
    suite_add_tcase(s, tc);
    tc = tcase_create("countries");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_countries_demonyms_abbreviations);
    tcase_add_test(tc, test_capitals_and_places);
    tcase_add_test(tc, test_dateline_is_no_mention);
    tcase_add_test(tc, test_european_alone_is_no_bloc);
    tcase_add_test(tc, test_money_and_places_are_no_mentions);
    tcase_add_test(tc, test_captions_and_credits_skipped);
    suite_add_tcase(s, tc);
    tc = tcase_create("organisations");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_media_suppressed);
    tcase_add_test(tc, test_organisation_patterns_and_acronyms);
    suite_add_tcase(s, tc);
    tc = tcase_create("output");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_actor_at_and_order);
    tcase_add_test(tc, test_multibyte_offsets);
    suite_add_tcase(s, tc);
    return s;
}
