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

START_TEST(test_org_of_a_body_stays_whole)
{
    struct run r;
    run_on(&r, "The Tariff Review Commission of the State Council said on Monday it would act. "
               "An official of the Office of the Tariff Review Commission said the list was "
               "final, and the Tariff Review Commission will meet again in May.");
    const struct ann_actor *c = find(&r, "Tariff Review Commission of the State Council");
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(c->type, ACTOR_ORGANIZATION);
    ck_assert_str_eq(c->country, "CN");
    ck_assert_uint_eq(c->nmentions, 3);
    assert_mention(&r, c, 1, "Tariff Review Commission"); /* inside the office's name */
    assert_mention(&r, c, 2, "Tariff Review Commission");
    /* the council is an actor of its own, named inside the commission's name */
    const struct ann_actor *sc = find(&r, "State Council");
    ck_assert_ptr_nonnull(sc);
    assert_mention(&r, sc, 0, "State Council");
    ck_assert_ptr_nonnull(find(&r, "Office of the Tariff Review Commission"));
    ck_assert_ptr_null(find(&r, "Tariff Review Commission"));
    /* the tokens of the inner body still say the outer one (claims read actor_at) */
    ck_assert_int_eq(actors_at(&r.d, 7), actors_at(&r.d, 1));
    run_free(&r);
}
END_TEST

START_TEST(test_university_at_campus)
{
    struct run r;
    run_on(&r, "Maria Ostrowski, a professor at the University of Nebraska at Omaha, said farm "
               "exports would fall. The Ministry of Commerce at a briefing on Friday said "
               "talks would go on.");
    ck_assert_ptr_nonnull(find(&r, "University of Nebraska at Omaha"));
    ck_assert_ptr_null(find(&r, "University of Nebraska"));
    ck_assert_ptr_nonnull(find(&r, "Ministry of Commerce"));
    run_free(&r);
}
END_TEST

START_TEST(test_legislatures_and_committees)
{
    struct run r;
    run_on(&r, "Senator Hal Brenner told the Senate Finance Committee on Tuesday that the House "
               "Ways and Means Trade Subcommittee would hold hearings. The House Energy and "
               "Commerce Committee agreed. The bill is due to be voted on in the House. The "
               "Trade Subcommittee chairman said he would call witnesses.");
    ck_assert_ptr_nonnull(find(&r, "Senate Finance Committee"));
    const struct ann_actor *sub = find(&r, "House Ways and Means Trade Subcommittee");
    ck_assert_ptr_nonnull(sub);
    assert_mention(&r, sub, 1, "Trade Subcommittee");
    ck_assert_ptr_nonnull(find(&r, "House Energy and Commerce Committee"));
    ck_assert_ptr_null(find(&r, "House"));
    ck_assert_ptr_null(find(&r, "House of Representatives"));
    ck_assert_ptr_null(find(&r, "Senate"));
    run_free(&r);
    run_on(&r, "Clark told the House of Commons that Canada would respond. In the Commons, "
               "opposition members attacked the ruling.");
    const struct ann_actor *h = find(&r, "House of Commons");
    ck_assert_ptr_nonnull(h);
    ck_assert_str_ne(h->country, "US");
    ck_assert_uint_eq(h->nmentions, 2);
    assert_mention(&r, h, 1, "Commons");
    ck_assert_ptr_null(find(&r, "House of Representatives"));
    run_free(&r);
    run_on(&r, "The House of Representatives passed the bill, and the House will vote on the "
               "tax plan next week.");
    h = find(&r, "House of Representatives");
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(h->nmentions, 2);
    assert_mention(&r, h, 1, "House");
    run_free(&r);
}
END_TEST

START_TEST(test_roles_as_written)
{
    struct run r;
    run_on(&r, "External Affairs Minister Paul Hendry said the ruling was unfair. Alberta Trade "
               "Minister Rolf Danby agreed, and Ruth Calder, minister of Industry and Energy, "
               "said talks would resume. \"We object,\" said Chinese Ambassador to the World "
               "Trade Organization (WTO), Zhang Weiming, at a meeting in Geneva.");
    const struct ann_actor *a = find(&r, "Paul Hendry");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->role, "External Affairs Minister");
    a = find(&r, "Rolf Danby");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->role, "Alberta Trade Minister");
    a = find(&r, "Ruth Calder");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->role, "minister of Industry and Energy");
    a = find(&r, "Zhang Weiming");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->role, "Ambassador to the World Trade Organization");
    ck_assert_str_eq(a->country, "CN");
    run_free(&r);
    run_on(&r, "Talks went on, while Brazilian Minister of Agriculture, Livestock, and Supply "
               "Renato Vargas expressed hope. Minister of Trade and Industry Hajime Kondo said "
               "the accord would hold.");
    a = find(&r, "Renato Vargas");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->role, "Minister of Agriculture, Livestock, and Supply");
    ck_assert_str_eq(a->country, "BR");
    a = find(&r, "Hajime Kondo");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->role, "Minister of Trade and Industry");
    ck_assert_ptr_null(find(&r, "Livestock"));
    run_free(&r);
    run_on(&r, "\"We object,\" said Chinese Ambassador to the World Trade Organization (WTO), "
               "Zhang Weiming, at a meeting in Geneva.");
    /* the body named in the title is still an actor */
    const struct ann_actor *wto = find(&r, "World Trade Organization");
    ck_assert_ptr_nonnull(wto);
    assert_mention(&r, wto, 1, "WTO");
    run_free(&r);
}
END_TEST

START_TEST(test_person_country_from_title_and_apposition)
{
    struct run r;
    run_on(&r, "Canadian Trade Minister Joan Mercer met Kenji Ota, Japan's trade minister, and "
               "Ilse Brandt, a spokeswoman for the German Economy Ministry. China's Commerce "
               "Minister Qian Lu and Mexican officials also attended.");
    const struct ann_actor *a = find(&r, "Joan Mercer");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->country, "CA");
    ck_assert_str_eq(a->role, "Trade Minister");
    a = find(&r, "Kenji Ota");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->country, "JP");
    ck_assert_str_eq(a->role, "trade minister");
    a = find(&r, "Ilse Brandt");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->country, "DE");
    run_free(&r);
    run_on(&r, "Prime Minister of Norway Arne Holm met Gustav Lind, Prime Minister of Sweden, and "
               "Korean Ambassador to the United States Ahn Jun-ho. China's Commerce Minister Qian "
               "Lu also attended.");
    a = find(&r, "Arne Holm");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->country, "NO");
    ck_assert_str_eq(a->role, "Prime Minister");
    ck_assert_str_eq(find(&r, "Gustav Lind")->country, "SE");
    a = find(&r, "Ahn Jun-ho");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->country, "KR"); /* the country he is sent to is not his */
    ck_assert_str_eq(a->role, "Ambassador");
    a = find(&r, "Qian Lu");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->country, "CN");
    ck_assert_str_eq(a->role, "Commerce Minister");
    run_free(&r);
}
END_TEST

START_TEST(test_country_from_dateline)
{
    struct run r;
    run_on(&r, "BEIJING, May 3 (Xinhua) -- Li Ming, spokesman of the Ministry of Commerce, said "
               "the United States should drop the tariffs. The Tokyo Stock Exchange and Harvard "
               "University had no comment.");
    const struct ann_actor *m = find(&r, "Ministry of Commerce");
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->country, "CN");
    const struct ann_actor *a = find(&r, "Li Ming");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->country, "CN");
    ck_assert_str_eq(a->role, "spokesman");
    /* only government bodies take the country of the dateline */
    const struct ann_actor *h = find(&r, "Harvard University");
    ck_assert_ptr_nonnull(h);
    ck_assert_str_eq(h->country, "");
    run_free(&r);
    run_on(&r, "OTTAWA, March 2 - Provincial Trade Minister Gil Harlow told the House of "
               "Commons that Canada would fight the duty.");
    h = find(&r, "House of Commons");
    ck_assert_ptr_nonnull(h);
    ck_assert_str_eq(h->country, "CA");
    ck_assert_str_eq(find(&r, "Gil Harlow")->country, "CA");
    run_free(&r);
    /* no ministers in Washington: a minister there is a visitor */
    run_on(&r, "WASHINGTON, March 2 - Trade Minister Gil Harlow met the Commerce Department.");
    ck_assert_str_eq(find(&r, "Gil Harlow")->country, "");
    run_free(&r);
}
END_TEST

START_TEST(test_org_country_in_name_or_seat)
{
    struct run r;
    run_on(&r, "The Planning Agency of Japan and the Ministry of Foreign Affairs of the People's "
               "Republic of China spoke. The Department of Trade and Industry in London said the "
               "council for economic planning and development agreed.");
    const struct ann_actor *a = find(&r, "Planning Agency of Japan");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->country, "JP");
    a = find(&r, "Ministry of Foreign Affairs of the People's Republic of China");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->country, "CN");
    ck_assert_ptr_null(find(&r, "Taiwan"));
    a = find(&r, "Department of Trade and Industry");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->country, "GB");
    ck_assert_ptr_null(find(&r, "United Kingdom")); /* London is only its seat */
    /* a long name from the lexicon, written in lower case */
    a = find(&r, "council for economic planning and development");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->country, "TW");
    run_free(&r);
}
END_TEST

START_TEST(test_and_between_a_person_and_a_body)
{
    struct run r;
    run_on(&r, "The statement followed a meeting between President Donald Trump and European "
               "Commission President Jean-Claude Juncker.");
    ck_assert_ptr_nonnull(find(&r, "Donald Trump"));
    const struct ann_actor *c = find(&r, "European Commission");
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(c->country, "EU");
    run_free(&r);
}
END_TEST

START_TEST(test_two_heads_end_one_name)
{
    struct run r;
    run_on(&r, "The Canadian Dairy Bureau Federation said prices fell, and the Dairy Bureau "
               "asked Ottawa for help. Lin Tao, head of the Legal Service Department, agreed.");
    const struct ann_actor *a = find(&r, "Canadian Dairy Bureau Federation");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->country, "CA");
    ck_assert_uint_eq(a->nmentions, 2);
    assert_mention(&r, a, 1, "Dairy Bureau");
    ck_assert_ptr_nonnull(find(&r, "Legal Service Department"));
    ck_assert_ptr_null(find(&r, "Legal Service"));
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
    tcase_add_test(tc, test_roles_as_written);
    tcase_add_test(tc, test_person_country_from_title_and_apposition);
    tcase_add_test(tc, test_country_from_dateline);
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
    tcase_add_test(tc, test_org_of_a_body_stays_whole);
    tcase_add_test(tc, test_university_at_campus);
    tcase_add_test(tc, test_legislatures_and_committees);
    tcase_add_test(tc, test_org_country_in_name_or_seat);
    tcase_add_test(tc, test_and_between_a_person_and_a_body);
    tcase_add_test(tc, test_two_heads_end_one_name);
    suite_add_tcase(s, tc);
    tc = tcase_create("output");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_actor_at_and_order);
    tcase_add_test(tc, test_multibyte_offsets);
    suite_add_tcase(s, tc);
    return s;
}
