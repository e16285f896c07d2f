#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#include "engine.h"
#include "mem.h"
#include "tariffs.h"

/* The stage runs on a doc built here, with the actors given by the test, so these tests do not
 * depend on the actors stage. Every sentence is written for these tests in wire style. */

static struct tariffs_lex *lx;

static void setup(void)
{
    lx = tariffs_lex_new();
}

static void teardown(void)
{
    tariffs_lex_free(lx);
    lx = NULL;
}

struct run {
    struct doc d;
    struct annotations ann;
};

/* Annotates s; actors is a NULL-terminated list of "token=CC" pairs: every token equal to token
 * becomes a mention of the actor with country CC. */
static void run(struct run *r, const char *s, const char *const *actors)
{
    memset(r, 0, sizeof *r);
    r->d.ann = &r->ann;
    ck_assert_int_eq(text_init(&r->d.text, s, strlen(s)), 0);
    r->d.actor_at = xmalloc((r->d.text.ntok + 1) * sizeof *r->d.actor_at);
    for (size_t i = 0; i < r->d.text.ntok; i++)
        r->d.actor_at[i] = -1;
    for (size_t a = 0; actors != NULL && actors[a] != NULL; a++) {
        const char *eq = strchr(actors[a], '=');
        char *word = xstrndup(actors[a], (size_t)(eq - actors[a]));
        struct ann_actor *ac = ann_add_actor(&r->ann);
        ac->name = xstrdup(word);
        ac->type = ACTOR_COUNTRY;
        memcpy(ac->country, eq + 1, 2);
        for (size_t i = 0; i < r->d.text.ntok; i++)
            if (text_tok_is(&r->d.text, i, word)) {
                r->d.actor_at[i] = (int32_t)a;
                struct ann_span sp;
                doc_span(&r->d, i, i + 1, &sp);
                ann_actor_add_mention(ac, &sp);
            }
        free(word);
    }
    tariffs_find(lx, &r->d);
}

static void done(struct run *r)
{
    free(r->d.actor_at);
    text_cleanup(&r->d.text);
    annotations_cleanup(&r->ann);
}

static char span_buf[256];

static const char *span_text(const struct run *r, size_t i)
{
    const struct ann_span *sp = &r->ann.tariffs[i].span;
    size_t n = sp->byte_end - sp->byte_start;
    if (n >= sizeof span_buf)
        n = sizeof span_buf - 1;
    memcpy(span_buf, r->d.text.s + sp->byte_start, n);
    span_buf[n] = '\0';
    return span_buf;
}

/* One rate in s: its value, comparator and text. */
static void one_rate(const char *s, double value, enum tariff_cmp cmp, const char *text)
{
    struct run r;
    run(&r, s, NULL);
    ck_assert_msg(r.ann.ntariffs == 1, "%zu figures in: %s", r.ann.ntariffs, s);
    const struct ann_tariff *f = &r.ann.tariffs[0];
    ck_assert_int_eq(f->kind, TARIFF_RATE);
    ck_assert_str_eq(f->unit, "percent");
    ck_assert_double_eq_tol(f->value, value, 1e-9);
    ck_assert_int_eq(f->comparator, cmp);
    ck_assert_str_eq(span_text(&r, 0), text);
    done(&r);
}

static void no_figure(const char *s)
{
    struct run r;
    run(&r, s, NULL);
    ck_assert_msg(r.ann.ntariffs == 0, "%zu figures (first \"%s\") in: %s", r.ann.ntariffs,
                  r.ann.ntariffs ? span_text(&r, 0) : "", s);
    done(&r);
}

START_TEST(test_rate_forms)
{
    one_rate("The government imposed a 25% tariff on steel.", 25, CMP_EQ, "25%");
    one_rate("It set a 25 pct duty on the shipments.", 25, CMP_EQ, "25 pct");
    one_rate("Officials imposed a 25 percent levy on the cars.", 25, CMP_EQ, "25 percent");
    one_rate("The 15 per cent duty was set last year.", 15, CMP_EQ, "15 per cent");
    one_rate("Rice faces a ten percent import duty.", 10, CMP_EQ, "ten percent");
    one_rate("Wine was subject to a 14-percent tariff before it hit shelves.", 14, CMP_EQ,
             "14-percent");
    one_rate("Tariff rates, which were over 100 percent, are in force.", 100, CMP_GT,
             "over 100 percent");
    one_rate("Taiwan reduced import tariffs of up to 25% on 1,700 products.", 25, CMP_LT,
             "up to 25%");
    one_rate("The panel urged at least 24 percent tariff on steel imports.", 24, CMP_GT,
             "at least 24 percent");
    one_rate("A preliminary duty of about 8.54 pct was set on the juice.", 8.54, CMP_APPROX,
             "about 8.54 pct");
    one_rate("Importers pay duties of almost 60 pct.", 60, CMP_LT, "almost 60 pct");
    one_rate("Seoul slapped an additional 10 percentage points tariff on the goods.", 10,
             CMP_EQ, "10 percentage points");
}
END_TEST

START_TEST(test_two_figures)
{
    struct run r;
    run(&r, "The truce cut the tariffs from 145% to 30% on Monday.", NULL);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_double_eq(r.ann.tariffs[0].value, 145);
    ck_assert_double_eq(r.ann.tariffs[1].value, 30);
    ck_assert_int_eq(r.ann.tariffs[0].change, CHANGE_CURRENT);
    ck_assert_int_eq(r.ann.tariffs[1].change, CHANGE_CUT);
    done(&r);

    run(&r, "The ministry set import duties of 10-25 pct on textiles.", NULL);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_double_eq(r.ann.tariffs[0].value, 10);
    ck_assert_str_eq(r.ann.tariffs[0].unit, "percent");
    ck_assert_str_eq(span_text(&r, 0), "10");
    ck_assert_double_eq(r.ann.tariffs[1].value, 25);
    done(&r);

    run(&r, "The U.S. will impose 25 percent and 10 percent tariffs on steel and aluminum.",
        NULL);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_double_eq(r.ann.tariffs[1].value, 10);
    done(&r);

    run(&r, "Washington is set to impose 25 percent of tariff on steel imports and 10 percent "
            "for aluminum, officials said.",
        NULL);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_double_eq(r.ann.tariffs[1].value, 10);
    done(&r);
}
END_TEST

START_TEST(test_money)
{
    struct run r;
    run(&r, "Canada slapped a 2.5 cents a pound duty on sugar, then reduced the duty to 85 cts.",
        NULL);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    const struct ann_tariff *f = &r.ann.tariffs[0];
    ck_assert_int_eq(f->kind, TARIFF_RATE);
    ck_assert_str_eq(f->unit, "USD");
    ck_assert_double_eq_tol(f->value, 0.025, 1e-12);
    ck_assert_str_eq(f->per, "pound");
    ck_assert_str_eq(span_text(&r, 0), "2.5 cents a pound");
    ck_assert_int_eq(r.ann.tariffs[1].kind, TARIFF_RATE);
    ck_assert_double_eq_tol(r.ann.tariffs[1].value, 0.85, 1e-12);
    ck_assert_int_eq(r.ann.tariffs[1].change, CHANGE_CUT);
    done(&r);

    run(&r, "The U.S. will impose tariffs on $200 billion of Chinese goods.", NULL);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_int_eq(r.ann.tariffs[0].kind, TARIFF_COVERED_VALUE);
    ck_assert_double_eq(r.ann.tariffs[0].value, 2e11);
    ck_assert_str_eq(r.ann.tariffs[0].unit, "USD");
    ck_assert_str_eq(span_text(&r, 0), "$200 billion");
    done(&r);

    run(&r, "Reagan imposed 100 pct tariffs on 300 mln dlrs of Japanese goods.", NULL);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_int_eq(r.ann.tariffs[0].kind, TARIFF_RATE);
    ck_assert_double_eq(r.ann.tariffs[0].value, 100);
    ck_assert_int_eq(r.ann.tariffs[1].kind, TARIFF_COVERED_VALUE);
    ck_assert_double_eq(r.ann.tariffs[1].value, 3e8);
    ck_assert_str_eq(span_text(&r, 1), "300 mln dlrs");
    done(&r);

    run(&r, "Tokyo plans retaliatory duties on U.S. goods worth 1.5 billion yen.", NULL);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_str_eq(r.ann.tariffs[0].unit, "JPY");
    ck_assert_double_eq(r.ann.tariffs[0].value, 1.5e9);
    done(&r);

    run(&r, "Washington announced plans to slap as much as 300 mln dlrs in tariffs on "
            "Japanese electronic goods.",
        NULL);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_int_eq(r.ann.tariffs[0].kind, TARIFF_COVERED_VALUE);
    ck_assert_int_eq(r.ann.tariffs[0].comparator, CMP_LT);
    ck_assert_str_eq(span_text(&r, 0), "as much as 300 mln dlrs");
    done(&r);

    run(&r, "Ottawa upheld a countervailing duty of 84.9 U.S. cts a bushel.", NULL);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_double_eq_tol(r.ann.tariffs[0].value, 0.849, 1e-9);
    ck_assert_str_eq(r.ann.tariffs[0].per, "bushel");
    ck_assert_int_eq(r.ann.tariffs[0].change, CHANGE_CURRENT);
    done(&r);
}
END_TEST

START_TEST(test_not_tariff_figures)
{
    no_figure("China controls roughly 90 percent of the world's production of the minerals "
              "hit by tariffs.");
    no_figure("Taiwan will cut tariffs by 50 pct on 1,700 products.");
    no_figure("Tariff cuts of up to 50 pct were made last year.");
    no_figure("The ministry announced a 50 pct reduction in duties on cars.");
    no_figure("The two sides struck a 90-day truce on their tariffs.");
    no_figure("Exports rose 9 pct in January despite the new duties.");
    no_figure("Taiwan's trade surplus hit 13.6 billion dlrs, prompting calls for tariffs.");
    no_figure("The tariffs would cost the economy 332 billion dollars over 10 years.");
    no_figure("Duty-free imports grew 12 percent last year.");
    no_figure("Customs revenue from import tariffs reached 221.6 billion yuan last year.");
    no_figure("The price of corn fell to 2.10 dlrs a bushel after the duty ruling.");
    no_figure("The U.S. gave 1,700 products duty free access in 1987.");
    no_figure("Customs collected 2.1 billion dlrs in tariffs last year.");
    no_figure("The firm expects 40 mln dlrs in tariff-related costs this year.");
    no_figure("Turnover net of duties 1.32 billion stg vs 1.46 billion.");
    no_figure("The duty was adjusted after crude import prices rose to 16.85 dlrs a barrel.");

    struct run r;
    run(&r, "Lumber imports fell 300 mln dlrs or 33 pct because of a 15 pct duty.", NULL);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_double_eq(r.ann.tariffs[0].value, 15);
    ck_assert_int_eq(r.ann.tariffs[0].change, CHANGE_CURRENT);
    done(&r);
}
END_TEST

START_TEST(test_imposer_and_target)
{
    static const char *const actors[] = {"Canada=CA", "U.S.=US", "Chinese=CN", "China=CN",
                                         "Washington=US", "Japan=JP", "EC=EU", "Thai=TH",
                                         "Trump=US", "Brazil=BR", NULL};
    struct run r;
    run(&r, "Canada slapped a 1.05 dlrs per bushel duty on U.S. corn imports.", actors);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_str_eq(r.ann.tariffs[0].imposer, "CA");
    ck_assert_str_eq(r.ann.tariffs[0].target, "US");
    ck_assert_uint_eq(r.ann.tariffs[0].nproducts, 1);
    ck_assert_str_eq(r.ann.tariffs[0].products[0], "corn");
    ck_assert_int_eq(r.ann.tariffs[0].change, CHANGE_IMPOSE);
    done(&r);

    run(&r, "A recent example was the 15 pct duty the U.S. imposed on Canadian lumber.",
        (const char *const[]){"U.S.=US", "Canadian=CA", NULL});
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_str_eq(r.ann.tariffs[0].imposer, "US");
    ck_assert_str_eq(r.ann.tariffs[0].target, "CA");
    ck_assert_int_eq(r.ann.tariffs[0].change, CHANGE_IMPOSE);
    done(&r);

    run(&r, "Those tariffs stack on the 10 percent duties levied on all imports by Trump.",
        actors);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_str_eq(r.ann.tariffs[0].imposer, "US");
    ck_assert_str_eq(r.ann.tariffs[0].target, "*");
    done(&r);

    run(&r, "Thailand benefits from an EC tariff loophole that subjects Thai tapioca to a "
            "preferential six pct import duty.",
        actors);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_str_eq(r.ann.tariffs[0].imposer, "EU");
    ck_assert_str_eq(r.ann.tariffs[0].target, "TH");
    ck_assert_str_eq(r.ann.tariffs[0].products[0], "tapioca");
    done(&r);

    /* the second figure names no party: it keeps those of the first */
    run(&r, "China will impose tariffs on U.S. goods worth $3 billion. The ministry plans a 15 "
            "percent tariff on wine.",
        actors);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_str_eq(r.ann.tariffs[0].imposer, "CN");
    ck_assert_str_eq(r.ann.tariffs[0].target, "US");
    ck_assert_str_eq(r.ann.tariffs[1].imposer, "CN");
    ck_assert_str_eq(r.ann.tariffs[1].target, "US");
    done(&r);

    run(&r, "Washington raised tariffs on Chinese steel from 10 pct to 25 pct.", actors);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_str_eq(r.ann.tariffs[1].imposer, "US");
    ck_assert_str_eq(r.ann.tariffs[1].target, "CN");
    ck_assert_int_eq(r.ann.tariffs[0].change, CHANGE_CURRENT);
    ck_assert_int_eq(r.ann.tariffs[1].change, CHANGE_RAISE);
    done(&r);

    run(&r, "The duty on frozen orange juice from Brazil was set at 8.54 pct.", actors);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_str_eq(r.ann.tariffs[0].target, "BR");
    done(&r);
}
END_TEST

START_TEST(test_change)
{
    static const char *const actors[] = {"U.S.=US", "Japan=JP", "Japanese=JP", NULL};
    static const struct {
        const char *s;
        enum tariff_change c;
    } cases[] = {
        {"The U.S. threatened to impose a 25 pct tariff on Japanese cars.", CHANGE_THREATEN},
        {"The U.S. could impose a 25 pct tariff on Japanese cars.", CHANGE_PROPOSE},
        {"The U.S. proposed a 25 pct tariff on Japanese cars.", CHANGE_PROPOSE},
        {"The U.S. suspended its 25 pct tariff on Japanese cars.", CHANGE_SUSPEND},
        {"The U.S. lifted its 25 pct tariff on Japanese cars.", CHANGE_REMOVE},
        {"The U.S. hiked its tariff on Japanese cars to 25 pct.", CHANGE_RAISE},
        {"The U.S. lowered the duty to 2.5 pct on Japanese cars.", CHANGE_CUT},
        {"A 25 pct tariff will be imposed on Japanese cars.", CHANGE_IMPOSE},
        {"Japanese cars face a 25 pct tariff in the U.S.", CHANGE_CURRENT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct run r;
        run(&r, cases[i].s, actors);
        ck_assert_msg(r.ann.ntariffs == 1, "no figure in: %s", cases[i].s);
        ck_assert_msg(r.ann.tariffs[0].change == cases[i].c, "%s, not %s, in: %s",
                      tariff_change_name(r.ann.tariffs[0].change),
                      tariff_change_name(cases[i].c), cases[i].s);
        done(&r);
    }
}
END_TEST

/* One covered value in s: its value, comparator, parties (imposer NULL: any) and change. */
static void one_covered(const char *s, const char *const *actors, double value,
                        enum tariff_cmp cmp, const char *imposer, const char *target,
                        enum tariff_change change)
{
    struct run r;
    run(&r, s, actors);
    ck_assert_msg(r.ann.ntariffs == 1, "%zu figures in: %s", r.ann.ntariffs, s);
    const struct ann_tariff *f = &r.ann.tariffs[0];
    ck_assert_msg(f->kind == TARIFF_COVERED_VALUE, "not a covered value in: %s", s);
    ck_assert_double_eq_tol(f->value, value, value * 1e-9);
    ck_assert_int_eq(f->comparator, cmp);
    ck_assert_msg((imposer == NULL || strcmp(f->imposer, imposer) == 0) &&
                      strcmp(f->target, target) == 0,
                  "%s -> %s, not %s -> %s, in: %s", f->imposer, f->target,
                  imposer ? imposer : "any", target, s);
    ck_assert_msg(f->change == change, "%s, not %s, in: %s", tariff_change_name(f->change),
                  tariff_change_name(change), s);
    done(&r);
}

static const char *const parties[] = {"Beijing=CN", "China=CN", "Chinese=CN", "U.S.=US",
                                      "Washington=US", "American=US", "Japanese=JP",
                                      "Japan=JP", "Tokyo=JP", "Ottawa=CA", "Canada=CA",
                                      "Canadian=CA", "Brazilian=BR", "India=IN", "EC=EU",
                                      "America=US", NULL};

START_TEST(test_covered_values_in_context)
{
    /* goods listed for a duty named after them */
    one_covered("Beijing unveiled a list of U.S. goods worth 60 billion dollars that would be "
                "subject to retaliatory tariffs.",
                parties, 6e10, CMP_EQ, "CN", "US", CHANGE_PROPOSE);
    /* a list that covers goods */
    one_covered("Washington published a proposed list of products subject to tariffs, which "
                "covers Chinese imports worth 27 billion dollars.",
                parties, 2.7e10, CMP_EQ, "US", "CN", CHANGE_PROPOSE);
    /* duties "for" items worth, and the verb after the goods */
    one_covered("Additional duties for 210 Japanese items worth about 12 billion U.S. dollars "
                "will be effective from May 1.",
                parties, 1.2e10, CMP_APPROX, NULL, "JP", CHANGE_IMPOSE);
    /* the goods slot of a passive cue, with "some" and "U.S. dollars worth" */
    one_covered("From Monday, extra tariffs will be levied on some 20 billion U.S. dollars "
                "worth of Japanese machinery.",
                parties, 2e10, CMP_APPROX, NULL, "JP", CHANGE_IMPOSE);
    /* an aside between the duty and its verb */
    one_covered("The tariffs, announced on Thursday by Washington, will affect about 500 mln "
                "dlrs worth of Japanese products.",
                parties, 5e8, CMP_APPROX, "US", "JP", CHANGE_IMPOSE);
    one_covered("Tariffs will be imposed on 75 billion dollars of Canadian goods next month.",
                parties, 7.5e10, CMP_EQ, NULL, "CA", CHANGE_IMPOSE);
    one_covered("The new tariffs will be applied to about 200 billion dollars of Chinese "
                "imports.",
                parties, 2e11, CMP_APPROX, NULL, "CN", CHANGE_IMPOSE);
    one_covered("Ottawa will retaliate with tariffs on 16.6 billion Canadian dollars of "
                "American goods.",
                parties, 1.66e10, CMP_EQ, "CA", "US", CHANGE_IMPOSE);
    /* an intention: "a plan to", "countermeasures to" */
    one_covered("The move answers a U.S. plan to raise duties to be levied on 150 billion "
                "dollars of Chinese goods.",
                parties, 1.5e11, CMP_EQ, "US", "CN", CHANGE_PROPOSE);
    one_covered("China's countermeasures to impose additional tariffs on about 60 billion U.S. "
                "dollars worth of American products are restrained.",
                parties, 6e10, CMP_APPROX, "CN", "US", CHANGE_PROPOSE);

    /* a rate of the duty between the goods and the duty */
    struct run r;
    run(&r, "The list covers 1,300 Chinese products worth 50 billion dollars, which face 25 "
            "percent tariffs.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_int_eq(r.ann.tariffs[0].kind, TARIFF_COVERED_VALUE);
    ck_assert_str_eq(r.ann.tariffs[0].target, "CN");
    done(&r);

    /* the rest of a sum named before */
    run(&r, "Washington will levy duties on 8 billion dlrs of Brazilian goods on Friday. The "
            "other 4 billion dlrs worth of Brazilian goods will be reviewed.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_double_eq(r.ann.tariffs[1].value, 4e9);
    ck_assert_str_eq(r.ann.tariffs[1].target, "BR");
    done(&r);

    /* worth that no duty bears on */
    run(&r, "With the tariff reduced to 5.5 percent, Japan became the largest market for the "
            "beef, with the trade now worth almost 500 million dollars.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_double_eq(r.ann.tariffs[0].value, 5.5);
    done(&r);
    no_figure("Exports worth 3 billion dlrs went to Japan last year, as tariffs loomed.");
    no_figure("Two billion dollars worth of goods crossed the border before the duties.");
}
END_TEST

START_TEST(test_lists_of_rates)
{
    struct run r;
    run(&r, "The commission set tariffs of three different rates -- 25 percent, 15 percent and "
            "5 percent -- on 3,000 U.S. products.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 3);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_str_eq(r.ann.tariffs[i].target, "US");
        ck_assert_int_eq(r.ann.tariffs[i].change, CHANGE_IMPOSE);
    }
    ck_assert_double_eq(r.ann.tariffs[2].value, 5);
    done(&r);

    run(&r, "Ottawa will levy duties of 25 pct, 15 pct or 10 pct on American wine, pork and "
            "steel.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 3);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_str_eq(r.ann.tariffs[i].imposer, "CA");
        ck_assert_str_eq(r.ann.tariffs[i].target, "US");
        ck_assert_uint_eq(r.ann.tariffs[i].nproducts, 3);
    }
    done(&r);

    run(&r, "Import duties fall to two levels: 10 pct and 4 pct.", NULL);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    done(&r);

    /* parallel figures keep what each names */
    run(&r, "The average duty on trucks was 11.5 percent, and 4 percent for tyres.", NULL);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_str_eq(r.ann.tariffs[0].products[0], "trucks");
    ck_assert_str_eq(r.ann.tariffs[1].products[0], "tyres");
    done(&r);
}
END_TEST

START_TEST(test_target_from_context)
{
    struct run r;
    /* an export duty hits the imposer's own goods */
    run(&r, "India cut the export duty on tea to 5 pct.", parties);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_str_eq(r.ann.tariffs[0].imposer, "IN");
    ck_assert_str_eq(r.ann.tariffs[0].target, "IN");
    done(&r);
    run(&r, "Canada agreed to levy a 10 pct duty on its timber exports.", parties);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_str_eq(r.ann.tariffs[0].imposer, "CA");
    ck_assert_str_eq(r.ann.tariffs[0].target, "CA");
    done(&r);

    /* "*" when the text says all origins, or imports in general */
    run(&r, "Washington will impose a 10 pct tariff on all imports.", parties);
    ck_assert_str_eq(r.ann.tariffs[0].target, "*");
    done(&r);
    run(&r, "Japan is pressing Ottawa. Canada cut import duties of up to 40 pct on 900 foreign "
            "goods.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_str_eq(r.ann.tariffs[0].target, "*");
    done(&r);

    /* exports to the imposer are someone's: the other side of the dispute */
    run(&r, "Japan broke the chip pact, officials said. Tokyo denied it. Washington will impose "
            "100 pct tariffs on electronic exports to America.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_str_eq(r.ann.tariffs[0].imposer, "US");
    ck_assert_str_eq(r.ann.tariffs[0].target, "JP");
    done(&r);

    /* a target named before carries over to a figure that names none */
    run(&r, "Beijing unveiled a list of U.S. goods worth 50 billion dollars that will be subject "
            "to tariffs. China will impose tariffs of 25 percent on 106 items.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_str_eq(r.ann.tariffs[1].imposer, "CN");
    ck_assert_str_eq(r.ann.tariffs[1].target, "US");
    ck_assert_int_eq(r.ann.tariffs[1].change, CHANGE_IMPOSE);
    done(&r);
}
END_TEST

START_TEST(test_intended_changes)
{
    static const struct {
        const char *s;
        enum tariff_change c;
    } cases[] = {
        {"Beijing unveiled a plan to impose a 25 pct tariff on U.S. cars.", CHANGE_PROPOSE},
        {"China announced countermeasures to impose 10 pct tariffs on U.S. goods.",
         CHANGE_PROPOSE},
        {"Tokyo issued a threat to impose a 20 pct tariff on U.S. beef.", CHANGE_THREATEN},
        /* a decision reported: the verb "plans", a backshifted "would" */
        {"The ministry plans to impose a 15 pct tariff on U.S. wine.", CHANGE_IMPOSE},
        {"China said on Friday it would impose a 15 pct tariff on U.S. wine.", CHANGE_IMPOSE},
        /* a condition */
        {"The U.S. would raise its tariff on Japanese cars to 25 pct if talks fail.",
         CHANGE_PROPOSE},
        {"Duties of 25 pct on Japanese cars will take effect on Monday.", CHANGE_IMPOSE},
        {"Tokyo published lists of 900 items of U.S. products to be subject to tariffs of 20 "
         "pct.",
         CHANGE_PROPOSE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct run r;
        run(&r, cases[i].s, parties);
        ck_assert_msg(r.ann.ntariffs == 1, "%zu figures in: %s", r.ann.ntariffs, cases[i].s);
        ck_assert_msg(r.ann.tariffs[0].change == cases[i].c, "%s, not %s, in: %s",
                      tariff_change_name(r.ann.tariffs[0].change),
                      tariff_change_name(cases[i].c), cases[i].s);
        done(&r);
    }
}
END_TEST

/* An increase noun a duty word modifies names the new duty, whose percentage is its rate;
 * a cut noun, or an increase "in" duties, is the size of a change (GUIDELINE.md). */
START_TEST(test_duty_increase_nouns)
{
    one_rate("Washington is weighing a tariff increase of 15 percent on steel pipes.", 15, CMP_EQ,
             "15 percent");
    one_rate("The ministry announced tariff increases of 20 percent on imported wine.", 20,
             CMP_EQ, "20 percent");
    one_rate("Farm goods were slated for a 10 percent duty hike next month.", 10, CMP_EQ,
             "10 percent");
    one_rate("Officials confirmed a 30 pct tariff hike on imported motorcycles.", 30, CMP_EQ,
             "30 pct");
    no_figure("Tokyo offered a 10 percent tariff cut on imported beef.");
    no_figure("Tokyo offered tariff cuts of 10 percent on imported beef.");
    no_figure("The accord brings a 10 percent rise in tariffs on farm goods.");
    no_figure("Duties on steel rose 10 percent last year as demand grew.");

    /* the noun is no cue: the change is the clause's */
    struct run r;
    run(&r, "Washington announced a possible round of tariff increases of 10 percent on Chinese "
            "furniture.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_int_eq(r.ann.tariffs[0].change, CHANGE_PROPOSE);
    ck_assert_str_eq(r.ann.tariffs[0].target, "CN");
    done(&r);
}
END_TEST

/* A rate set against the one just made: "instead of", "rather than", "up from". */
START_TEST(test_alternative_rates)
{
    struct run r;
    run(&r, "Officials said a 30 percent tariff -- rather than the planned 15 percent -- could be "
            "imposed on Canadian lumber.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_double_eq(r.ann.tariffs[1].value, 15);
    ck_assert_int_eq(r.ann.tariffs[0].change, CHANGE_PROPOSE);
    ck_assert_int_eq(r.ann.tariffs[1].change, CHANGE_PROPOSE);
    ck_assert_str_eq(r.ann.tariffs[1].target, "CA");
    done(&r);

    run(&r, "Beijing imposed a 40 pct duty on American pork, up from 12 pct.", parties);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_int_eq(r.ann.tariffs[0].change, CHANGE_IMPOSE);
    ck_assert_int_eq(r.ann.tariffs[1].change, CHANGE_CURRENT);
    ck_assert_str_eq(r.ann.tariffs[1].imposer, "CN");
    ck_assert_str_eq(r.ann.tariffs[1].target, "US");
    done(&r);

    run(&r, "The duty on Japanese radios will rise to 45 percent from 20 percent in May.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_int_eq(r.ann.tariffs[0].change, CHANGE_RAISE);
    ck_assert_int_eq(r.ann.tariffs[1].change, CHANGE_CURRENT);
    done(&r);

    no_figure("Sales rose 12 percent instead of the expected 4 percent.");
}
END_TEST

/* Goods slots the first round missed: over a rate, a dash aside, a relative clause. */
START_TEST(test_goods_slots)
{
    one_covered("Tokyo said the duties -- which it called a last resort -- would hit 90 mln dlrs "
                "of American goods.",
                parties, 9e7, CMP_EQ, "JP", "US", CHANGE_PROPOSE);
    one_covered("Ottawa said the duties it levied on some 40 mln dlrs worth of American apples "
                "were legal.",
                parties, 4e7, CMP_APPROX, "CA", "US", CHANGE_IMPOSE);
    one_covered("Canada could target 12 billion dlrs of American goods with retaliatory tariffs.",
                parties, 1.2e10, CMP_EQ, "CA", "US", CHANGE_PROPOSE);
    one_covered("Washington named a further 90 billion dlrs in Chinese goods slated for higher "
                "duties.",
                parties, 9e10, CMP_EQ, "US", "CN", CHANGE_PROPOSE);
    struct run r;
    run(&r, "Ottawa set duties of 20 percent on 4 billion dlrs of American steel.", parties);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_int_eq(r.ann.tariffs[1].kind, TARIFF_COVERED_VALUE);
    ck_assert_double_eq(r.ann.tariffs[1].value, 4e9);
    ck_assert_str_eq(r.ann.tariffs[1].target, "US");
    done(&r);
    /* the goods between a duty and its rate */
    run(&r, "Japan's duties, which cover 70 mln dlrs of Canadian beef, range up to 38 pct.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_int_eq(r.ann.tariffs[1].kind, TARIFF_RATE);
    ck_assert_double_eq(r.ann.tariffs[1].value, 38);
    done(&r);
    no_figure("Canada could target American investors with new rules on 12 billion dlrs of "
              "bonds.");
}
END_TEST

/* Sums that name their goods only through a sum or a duty before them. */
START_TEST(test_sums_by_context)
{
    struct run r;
    /* elliptic "worth": part of a sum just tied to a duty */
    run(&r, "Of the duties covering 80 billion dlrs of Chinese goods, 30 billion dlrs worth took "
            "effect on Friday.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 2);
    ck_assert_double_eq(r.ann.tariffs[1].value, 3e10);
    ck_assert_int_eq(r.ann.tariffs[1].change, CHANGE_IMPOSE);
    done(&r);
    no_figure("Exports fell to 30 billion dlrs, and 12 billion dlrs worth went to Japan.");

    /* a list named by its value, in copy about duties */
    run(&r, "Washington threatened new duties on Chinese goods. Among the items on the 90 "
            "billion dlrs list are toys and shoes.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_double_eq(r.ann.tariffs[0].value, 9e10);
    ck_assert_int_eq(r.ann.tariffs[0].change, CHANGE_PROPOSE);
    done(&r);
    no_figure("The shopping list for the 90 billion dlrs budget was long.");
    /* "a $" is an article and dollars, not Australian dollars */
    run(&r, "Washington unveiled a $90 billion list of Chinese goods for possible tariffs.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_str_eq(r.ann.tariffs[0].unit, "USD");
    ck_assert_int_eq(r.ann.tariffs[0].change, CHANGE_PROPOSE);
    done(&r);
}
END_TEST

/* An export tax is a duty on the goods of whoever levies it. */
START_TEST(test_export_tax)
{
    static const char *const actors[] = {"Brazil=BR", "Brazilian=BR", "U.S.=US", NULL};
    struct run r;
    run(&r, "Planters face a 12 pct export tax on shipments of Brazilian coffee to the U.S.",
        actors);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_double_eq(r.ann.tariffs[0].value, 12);
    ck_assert_str_eq(r.ann.tariffs[0].imposer, "BR");
    ck_assert_str_eq(r.ann.tariffs[0].target, "BR");
    done(&r);
}
END_TEST

/* Rates the first round missed: a range "between", a rate a levying verb puts on goods, a
 * "such products" glue, a list of rates. */
START_TEST(test_more_rate_slots)
{
    struct run r;
    run(&r, "Ottawa applied duties of between 10 percent and 20 percent on 4 billion dlrs of "
            "American goods.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 3);
    ck_assert_double_eq(r.ann.tariffs[0].value, 10);
    ck_assert_double_eq(r.ann.tariffs[1].value, 20);
    ck_assert_int_eq(r.ann.tariffs[2].kind, TARIFF_COVERED_VALUE);
    ck_assert_str_eq(r.ann.tariffs[2].target, "US");
    done(&r);

    run(&r, "The duty Ottawa unveiled on Friday will impose an extra 15 percent on American "
            "steel.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 1);
    ck_assert_double_eq(r.ann.tariffs[0].value, 15);
    ck_assert_int_eq(r.ann.tariffs[0].change, CHANGE_IMPOSE);
    ck_assert_str_eq(r.ann.tariffs[0].target, "US");
    done(&r);
    no_figure("The bank will charge an extra 3 percent on late payments.");

    run(&r, "The rates of new duties on such goods will be 30 percent, 15 percent and 5 percent.",
        parties);
    ck_assert_uint_eq(r.ann.ntariffs, 3);
    ck_assert_double_eq(r.ann.tariffs[2].value, 5);
    done(&r);

    /* goods over a clause whose subject is a name with a title */
    static const char *const with_reagan[] = {"Tokyo=JP", "Japanese=JP", "Reagan=US", NULL};
    one_covered("Tokyo will answer duties President Reagan slapped on 90 mln dlrs of Japanese "
                "goods.",
                with_reagan, 9e7, CMP_EQ, "US", "JP", CHANGE_IMPOSE);
    one_covered("The duties against Japan, which affected 70 mln dlrs of radios, stay.", parties,
                7e7, CMP_EQ, NULL, "JP", CHANGE_CURRENT);
}
END_TEST

/* A megabyte of figures and of digits: the stage stays linear (Check's timeout catches a
 * quadratic scan) and the spans stay in body order. */
START_TEST(test_linear_on_large_input)
{
    static const char unit[] = "The U.S. set a 25 pct tariff on 300 mln dlrs of goods. ";
    size_t reps = (1 << 20) / (sizeof unit - 1);
    size_t len = reps * (sizeof unit - 1) + (1 << 20);
    char *s = xmalloc(len + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(s + i * (sizeof unit - 1), unit, sizeof unit - 1);
    memset(s + reps * (sizeof unit - 1), '9', 1 << 20);
    s[len] = '\0';
    struct run r;
    run(&r, s, NULL);
    ck_assert_uint_eq(r.ann.ntariffs, 2 * reps);
    for (size_t i = 1; i < r.ann.ntariffs; i++)
        ck_assert_uint_lt(r.ann.tariffs[i - 1].span.start, r.ann.tariffs[i].span.start);
    done(&r);
    free(s);
}
END_TEST

/* The second-round patterns (dash asides, lists skipped over, sums named by context) over a
 * megabyte with no sentence break, then a megabyte of dashes: still linear. */
START_TEST(test_linear_second_round)
{
    static const char unit[] = "the duty -- instead of 5 percent and 6 percent -- will impose an "
                               "extra 10 percent on $3 billion, $2 billion worth on the $4 "
                               "billion list, ";
    size_t reps = (1 << 20) / (sizeof unit - 1);
    size_t len = reps * (sizeof unit - 1) + (1 << 20);
    char *s = xmalloc(len + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(s + i * (sizeof unit - 1), unit, sizeof unit - 1);
    memset(s + reps * (sizeof unit - 1), '-', 1 << 20);
    s[len] = '\0';
    struct run r;
    run(&r, s, NULL);
    ck_assert_uint_gt(r.ann.ntariffs, reps);
    done(&r);
    free(s);
}
END_TEST

Suite *tariffs_suite(void)
{
    Suite *s = suite_create("tariffs");
    TCase *tc = tcase_create("figures");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_rate_forms);
    tcase_add_test(tc, test_two_figures);
    tcase_add_test(tc, test_money);
    tcase_add_test(tc, test_not_tariff_figures);
    suite_add_tcase(s, tc);
    tc = tcase_create("relations");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_imposer_and_target);
    tcase_add_test(tc, test_change);
    tcase_add_test(tc, test_covered_values_in_context);
    tcase_add_test(tc, test_lists_of_rates);
    tcase_add_test(tc, test_target_from_context);
    tcase_add_test(tc, test_intended_changes);
    suite_add_tcase(s, tc);
    tc = tcase_create("second_round");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_duty_increase_nouns);
    tcase_add_test(tc, test_alternative_rates);
    tcase_add_test(tc, test_goods_slots);
    tcase_add_test(tc, test_sums_by_context);
    tcase_add_test(tc, test_export_tax);
    tcase_add_test(tc, test_more_rate_slots);
    suite_add_tcase(s, tc);
    tc = tcase_create("scale");
    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_linear_on_large_input);
    tcase_add_test(tc, test_linear_second_round);
    suite_add_tcase(s, tc);
    return s;
}
