/* Unit tests of the claims stage: quote pairing, and claims_find() on sentences in wire style
 * with a small actor table standing in for the actors stage. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "suites.h"

#include "claims.h"
#include "claims_quotes.h"
#include "engine.h"
#include "mem.h"

/* ---- a small actor table: name, type, role, then the surface forms ---- */

struct fake_actor {
    const char *name;
    enum actor_type type;
    const char *role;
    const char *forms[4];
};

static const struct fake_actor fakes[] = {
    {"John Smith", ACTOR_PERSON, "Trade Representative", {"John Smith", "Smith", NULL}},
    {"Kenji Tanaka", ACTOR_PERSON, "Trade Minister", {"Kenji Tanaka", "Tanaka", NULL}},
    {"Jan Kowal", ACTOR_PERSON, NULL, {"Jan Kowal", "Kowal", NULL}},
    {"Lee Moon", ACTOR_PERSON, "President", {"Lee Moon", NULL}},
    {"Canada", ACTOR_COUNTRY, NULL, {"Canada", "Canadian", "Ottawa", NULL}},
    {"Japan", ACTOR_COUNTRY, NULL, {"Japan", "Japanese", NULL}},
    {"China", ACTOR_COUNTRY, NULL, {"China", "Chinese", NULL}},
    {"United States", ACTOR_COUNTRY, NULL, {"United States", "U.S.", NULL}},
    {"Commerce Department", ACTOR_ORGANIZATION, NULL, {"Commerce Department", NULL}},
    {"Maria Lopez", ACTOR_PERSON, NULL, {"Maria Lopez", "Lopez", NULL}},
    {"Wang Lei", ACTOR_PERSON, NULL, {"Wang Lei", "Wang", NULL}},
    {"Tariff Commission", ACTOR_ORGANIZATION, NULL, {"Tariff Commission", NULL}},
    {"Budget Office", ACTOR_ORGANIZATION, NULL, {"Budget Office", NULL}},
    {"Nippon Steel Corp", ACTOR_ORGANIZATION, NULL, {"Nippon Steel Corp", "Nippon Steel", NULL}},
    {"European Community", ACTOR_COUNTRY, NULL, {"European Community", "EC", NULL}},
    {"Federal Trade Commission", ACTOR_ORGANIZATION, NULL, {"Federal Trade Commission", NULL}},
    {"Academy of Trade", ACTOR_ORGANIZATION, NULL, {"Academy of Trade", NULL}},
    {"Morgan Bank", ACTOR_ORGANIZATION, NULL, {"Morgan Bank", NULL}},
};
#define NFAKES (sizeof fakes / sizeof *fakes)

static struct claims_lex *lex;
static struct annotations ann;
static const char *body;

static bool tok_eq(const struct text *a, size_t i, const struct text *b, size_t j)
{
    size_t n = text_tok_len(a, i);
    return n == text_tok_len(b, j) && memcmp(text_tok_ptr(a, i), text_tok_ptr(b, j), n) == 0;
}

/* Tags the fake actors in the text (longest forms first), then runs the stage. */
static void run(const char *s)
{
    body = s;
    memset(&ann, 0, sizeof ann);
    struct doc d = {.ann = &ann};
    ck_assert_int_eq(text_init(&d.text, s, strlen(s)), 0);
    d.actor_at = xmalloc((d.text.ntok + 1) * sizeof *d.actor_at);
    for (size_t i = 0; i < d.text.ntok; i++)
        d.actor_at[i] = -1;
    for (size_t a = 0; a < NFAKES; a++) {
        struct ann_actor *x = ann_add_actor(&ann);
        x->name = xstrdup(fakes[a].name);
        x->type = fakes[a].type;
        x->role = fakes[a].role ? xstrdup(fakes[a].role) : NULL;
    }
    for (size_t len = 4; len >= 1; len--) {
        for (size_t a = 0; a < NFAKES; a++) {
            for (const char *const *f = fakes[a].forms; *f; f++) {
                struct text ft;
                text_init(&ft, *f, strlen(*f));
                for (size_t i = 0; ft.ntok == len && i + len <= d.text.ntok; i++) {
                    size_t k = 0;
                    while (k < len && d.actor_at[i + k] < 0 && tok_eq(&d.text, i + k, &ft, k))
                        k++;
                    if (k < len)
                        continue;
                    for (k = 0; k < len; k++)
                        d.actor_at[i + k] = (int32_t)a;
                    struct ann_span sp;
                    doc_span(&d, i, i + len, &sp);
                    ann_actor_add_mention(&ann.actors[a], &sp);
                }
                text_cleanup(&ft);
            }
        }
    }
    /* mentions in body order, as the actors stage gives them */
    for (size_t a = 0; a < ann.nactors; a++) {
        struct ann_actor *x = &ann.actors[a];
        for (size_t p = 1; p < x->nmentions; p++)
            for (size_t q = p; q > 0 && x->mentions[q].start < x->mentions[q - 1].start; q--) {
                struct ann_span tmp = x->mentions[q];
                x->mentions[q] = x->mentions[q - 1];
                x->mentions[q - 1] = tmp;
            }
    }
    claims_find(lex, &d);
    free(d.actor_at);
    text_cleanup(&d.text);
}

static char textbuf[1024];

static const char *text_of(size_t i)
{
    const struct ann_span *sp = &ann.claims[i].span;
    size_t n = sp->byte_end - sp->byte_start;
    ck_assert_uint_lt(n, sizeof textbuf);
    memcpy(textbuf, body + sp->byte_start, n);
    textbuf[n] = '\0';
    return textbuf;
}

static const char *speaker_of(size_t i)
{
    long s = ann.claims[i].speaker;
    ck_assert(s >= 0 && (size_t)s < ann.nactors);
    return ann.actors[s].name;
}

static void expect(size_t i, const char *speaker, const char *text, bool direct)
{
    ck_assert_uint_lt(i, ann.nclaims);
    ck_assert_str_eq(speaker_of(i), speaker);
    ck_assert_str_eq(text_of(i), text);
    ck_assert_int_eq(ann.claims[i].direct, direct);
}

/* The claim whose text is exactly text, or fails. */
static size_t find(const char *text)
{
    for (size_t i = 0; i < ann.nclaims; i++)
        if (strcmp(text_of(i), text) == 0)
            return i;
    ck_abort_msg("no claim \"%s\"", text);
    return 0;
}

static void setup(void)
{
    lex = claims_lex_new();
}

static void teardown(void)
{
    annotations_cleanup(&ann);
    claims_lex_free(lex);
}

/* ---- quote pairing ---- */

START_TEST(test_quotes_pair_and_skip_glued_marks)
{
    struct text t;
    const char *s = "India\"s budget drew \"sharp criticism\" from \xE2\x80\x9C"
                    "all sides\xE2\x80\x9D.";
    ck_assert_int_eq(text_init(&t, s, strlen(s)), 0);
    uint32_t *at = xmalloc(t.ntok * sizeof *at);
    struct quote *q = NULL;
    size_t n = 0;
    claims_quotes_find(&t, &q, &n, at);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(at[1], QUOTE_NONE); /* the glued mark of India"s */
    ck_assert_uint_eq(q[0].end - q[0].first, 2);
    ck_assert(q[0].close != QUOTE_NONE && q[1].close != QUOTE_NONE);
    free(q);
    free(at);
    text_cleanup(&t);
}
END_TEST

START_TEST(test_quotes_unclosed_end_at_paragraph_or_next_mark)
{
    struct text t;
    const char *s = "\"We will act now. The tariffs stay.\n\nOfficials met. \"First. Second "
                    "part \"goes on here,\" he said.";
    ck_assert_int_eq(text_init(&t, s, strlen(s)), 0);
    uint32_t *at = xmalloc(t.ntok * sizeof *at);
    struct quote *q = NULL;
    size_t n = 0;
    claims_quotes_find(&t, &q, &n, at);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(q[0].close, QUOTE_NONE);
    ck_assert(t.tok[q[0].end].flags & TOKF_PARA);
    ck_assert_uint_eq(q[1].close, QUOTE_NONE);
    ck_assert(text_tok_is(&t, q[1].end, "Second")); /* ends with its sentence */
    ck_assert(q[2].close != QUOTE_NONE);
    free(q);
    free(at);
    text_cleanup(&t);
}
END_TEST

/* ---- direct quotes ---- */

START_TEST(test_quote_split_by_said_x)
{
    run("\"We will not back down on steel,\" said Smith. \"Our workers deserve better than "
        "this.\"");
    ck_assert_uint_eq(ann.nclaims, 2);
    expect(0, "John Smith", "We will not back down on steel,", true);
    expect(1, "John Smith", "Our workers deserve better than this.", true);
    ck_assert_str_eq(ann.claims[0].cue, "said");
}
END_TEST

START_TEST(test_curly_quote_then_x_told_reporters)
{
    run("\xE2\x80\x9CTalks will resume next week in Geneva,\xE2\x80\x9D Tanaka told reporters.");
    ck_assert_uint_eq(ann.nclaims, 1);
    expect(0, "Kenji Tanaka", "Talks will resume next week in Geneva,", true);
    ck_assert_str_eq(ann.claims[0].cue, "told reporters");
    ck_assert_uint_eq(ann.claims[0].span.start, 1); /* code points: after the 3-byte mark */
}
END_TEST

START_TEST(test_speaker_before_quote_and_in_previous_sentence)
{
    run("Smith said: \"The duties are a mistake and they will hurt farmers.\"\n\n"
        "In a statement, Kowal said the plan was flawed.\n\n"
        "\"It punishes the very consumers it claims to protect.\"");
    ck_assert_uint_eq(ann.nclaims, 3);
    expect(0, "John Smith", "The duties are a mistake and they will hurt farmers.", true);
    expect(1, "Jan Kowal", "the plan was flawed", false);
    expect(2, "Jan Kowal", "It punishes the very consumers it claims to protect.", true);
    ck_assert_ptr_null(ann.claims[2].cue);
}
END_TEST

START_TEST(test_pronoun_and_title)
{
    run("Jan Kowal met exporters in Warsaw on Monday.\n\n"
        "\"The quota must go,\" he said.\n\n"
        "President Lee Moon arrived in Geneva on Tuesday. The president said the talks would "
        "be difficult.");
    ck_assert_uint_eq(ann.nclaims, 2);
    expect(0, "Jan Kowal", "The quota must go,", true);
    expect(1, "Lee Moon", "the talks would be difficult", false);
}
END_TEST

START_TEST(test_unclosed_quote_with_its_attribution)
{
    run("\"It is only the middlemen who will benefit, Tanaka said.");
    ck_assert_uint_eq(ann.nclaims, 1);
    expect(0, "Kenji Tanaka", "It is only the middlemen who will benefit", true);
}
END_TEST

START_TEST(test_quoted_term_is_no_claim)
{
    run("The so-called \"voluntary restraint\" accord with Japan expired in March.");
    ck_assert_uint_eq(ann.nclaims, 0);
}
END_TEST

/* ---- reported speech ---- */

START_TEST(test_indirect_both_orders)
{
    run("Canada will appeal the ruling to a panel, Smith said. Kowal said that Ottawa would "
        "not wait. The mills are losing money, said Tanaka. Tanaka told reporters Japan would "
        "open its rice market.");
    ck_assert_uint_eq(ann.nclaims, 4);
    expect(0, "John Smith", "Canada will appeal the ruling to a panel", false);
    expect(1, "Jan Kowal", "Ottawa would not wait", false);
    expect(2, "Kenji Tanaka", "The mills are losing money", false);
    expect(3, "Kenji Tanaka", "Japan would open its rice market", false);
}
END_TEST

START_TEST(test_partial_quote_is_one_direct_claim)
{
    run("Smith said the tariff was \"a tax on every family in the country.\"");
    ck_assert_uint_eq(ann.nclaims, 1);
    expect(0, "John Smith", "the tariff was \"a tax on every family in the country.\"", true);
}
END_TEST

START_TEST(test_report_inside_report)
{
    run("Kowal said the Commerce Department had ruled that the imports harmed domestic mills.");
    ck_assert_uint_eq(ann.nclaims, 2);
    expect(0, "Jan Kowal",
           "the Commerce Department had ruled that the imports harmed domestic mills", false);
    expect(1, "Commerce Department", "the imports harmed domestic mills", false);
    ck_assert_str_eq(ann.claims[1].cue, "ruled");
}
END_TEST

START_TEST(test_unnamed_officials_speak_for_their_body)
{
    run("Japanese officials said the proposal was unacceptable. A Commerce Department "
        "official said the review would take six months.");
    ck_assert_uint_eq(ann.nclaims, 2);
    expect(0, "Japan", "the proposal was unacceptable", false);
    expect(1, "Commerce Department", "the review would take six months", false);
}
END_TEST

START_TEST(test_sources_that_are_no_actor)
{
    run("Analysts said the dispute could widen. It was reported that talks had stalled. "
        "Japanese exports rose, traders said.");
    ck_assert_uint_eq(ann.nclaims, 0);
}
END_TEST

START_TEST(test_speech_acts_with_objects_and_infinitives)
{
    run("China accused the United States of breaking the truce. Japan vowed to fight the "
        "duties. Smith urged Japan to open its markets. Japan decided to impose duties on "
        "beef.");
    ck_assert_uint_eq(ann.nclaims, 3);
    expect(0, "China", "the United States of breaking the truce", false);
    expect(1, "Japan", "fight the duties", false);
    expect(2, "John Smith", "Japan to open its markets", false);
}
END_TEST

START_TEST(test_according_to_and_added)
{
    run("The deficit will widen this year, according to the Commerce Department. "
        "Kowal said exports fell. He added that imports would rise, adding that prices were "
        "stable.");
    ck_assert_uint_eq(ann.nclaims, 4);
    expect(0, "Commerce Department", "The deficit will widen this year", false);
    expect(1, "Jan Kowal", "exports fell", false);
    expect(2, "Jan Kowal", "imports would rise", false);
    expect(3, "Jan Kowal", "prices were stable", false);
    ck_assert_str_eq(ann.claims[2].cue, "added");
    ck_assert_str_eq(ann.claims[3].cue, "adding");
}
END_TEST

START_TEST(test_apposition_between_subject_and_cue)
{
    run("Kenji Tanaka, the minister in charge of trade talks, told Reuters the quota would "
        "stay. Exports will fall, John Smith, a former negotiator, said on Friday.");
    ck_assert_uint_eq(ann.nclaims, 2);
    expect(0, "Kenji Tanaka", "the quota would stay", false);
    expect(1, "John Smith", "Exports will fall", false);
}
END_TEST

START_TEST(test_megabyte_of_quote_marks_is_linear)
{
    size_t n = 1 << 20;
    char *s = xmalloc(n + 1);
    for (size_t i = 0; i < n; i += 4)
        memcpy(s + i, "\" a ", 4);
    s[n] = '\0';
    clock_t t0 = clock();
    run(s);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    ck_assert(secs < 3.0);
    annotations_cleanup(&ann);
    run("\"said \" said \" Smith said said \" \" , said");
    free(s);
}
END_TEST

START_TEST(test_quote_interrupted_mid_sentence)
{
    run("\"We will act on the dumping complaint,\" Smith said, \"and we will act soon.\" "
        "The department's spokesman, Jan Kowal, said a ruling was due in May.");
    ck_assert_uint_eq(ann.nclaims, 3);
    expect(0, "John Smith", "We will act on the dumping complaint,", true);
    expect(1, "John Smith", "and we will act soon.", true);
    expect(2, "Jan Kowal", "a ruling was due in May", false);
}
END_TEST

START_TEST(test_ruling_noun_with_owner)
{
    run("Smith said he was disappointed by a Canadian finding that U.S. corn had injured "
        "growers.");
    ck_assert_uint_eq(ann.nclaims, 2);
    expect(0, "John Smith",
           "he was disappointed by a Canadian finding that U.S. corn had injured growers", false);
    expect(1, "Canada", "U.S. corn had injured growers", false);
}
END_TEST

START_TEST(test_text_cited_after_its_author_published_it)
{
    run("The Commerce Department released a report on Monday. According to the report, "
        "imports of steel rose sharply in March.");
    ck_assert_uint_eq(ann.nclaims, 1);
    expect(0, "Commerce Department", "imports of steel rose sharply in March", false);
    ck_assert_str_eq(ann.claims[0].cue, "According to");
}
END_TEST

/* ---- speakers, documents and spans that generalise beyond the dev articles ---- */

START_TEST(test_pronoun_takes_the_latest_named_subject)
{
    run("Smith said the talks had been useful.\n\n"
        "Meanwhile, Trade Minister Kenji Tanaka expressed confidence Japan would win the case, "
        "claiming the duties broke the rules.\n\n"
        "\"The injury comes from weak prices,\" he said.");
    ck_assert_uint_eq(ann.nclaims, 4);
    expect(1, "Kenji Tanaka", "Japan would win the case", false);
    ck_assert_str_eq(ann.claims[1].cue, "expressed confidence");
    expect(2, "Kenji Tanaka", "the duties broke the rules", false);
    ck_assert_str_eq(ann.claims[2].cue, "claiming");
    expect(3, "Kenji Tanaka", "The injury comes from weak prices,", true);
    annotations_cleanup(&ann);
    run("Smith said the talks had been useful.\n\n"
        "Tanaka arrived in Geneva on Monday for two days of talks with Smith.\n\n"
        "\"We will not give up on rice,\" he said.");
    ck_assert_uint_eq(ann.nclaims, 2);
    expect(1, "Kenji Tanaka", "We will not give up on rice,", true);
}
END_TEST

START_TEST(test_the_diplomat_is_the_person_just_quoted)
{
    run("Wang said the quotas broke the rules. \"Such measures must be notified first,\" "
        "underlined the Chinese diplomat. A diplomat said the talks would fail. \"The rules are "
        "clear,\" Smith said. The diplomat said the quotas would stay.");
    ck_assert_uint_eq(ann.nclaims, 3);
    expect(1, "Wang Lei", "Such measures must be notified first,", true);
    ck_assert_str_eq(ann.claims[1].cue, "underlined");
}
END_TEST

START_TEST(test_inverted_title_then_name_in_apposition)
{
    run("The duties serve only domestic producers, said Chinese Ambassador to the United "
        "Nations (UN), Wang Lei, in a speech on Tuesday.");
    ck_assert_uint_eq(ann.nclaims, 1);
    expect(0, "Wang Lei", "The duties serve only domestic producers", false);
}
END_TEST

START_TEST(test_adding_takes_the_main_clause_speaker)
{
    run("According to a report by the Commerce Department, \"the figures show no harm at all,\" "
        "Kowal said at a hearing, adding that imports were falling.");
    size_t i = find("imports were falling");
    ck_assert_str_eq(speaker_of(i), "Jan Kowal");
    ck_assert_str_eq(ann.claims[i].cue, "adding");
}
END_TEST

START_TEST(test_statement_speaks_for_its_issuer)
{
    run("The Tariff Commission met in Beijing on Monday. Duties on 300 items will take effect "
        "in July, according to a statement of the commission. The move is in line with the "
        "trade law, said the statement. \"We firmly oppose the U.S. action.\"\n\n"
        "Officials in Tokyo were angered by the U.S. statement that it would raise duties "
        "again. The Canadian data that show exports rose were revised. The Japanese statement "
        "that was issued on Monday drew criticism.");
    ck_assert_uint_eq(ann.nclaims, 4);
    expect(0, "Tariff Commission", "Duties on 300 items will take effect in July", false);
    expect(1, "Tariff Commission", "The move is in line with the trade law", false);
    expect(2, "Tariff Commission", "We firmly oppose the U.S. action.", true);
    expect(3, "United States", "it would raise duties again", false);
    ck_assert_str_eq(ann.claims[3].cue, "statement");
}
END_TEST

START_TEST(test_speaker_phrases_with_titles_and_appositions)
{
    run("Maria Lopez, professor in the department of economics, University of Ottawa, said if "
        "the dispute widened, farmers would suffer.\n\n"
        "Trade panel chairman, Rep. Wang Lei, said the quota bill would fail.\n\n"
        "Japan will open its market, U.S. Trade Representative John Smith said in a TV "
        "interview.\n\n"
        "The Budget Office, a research arm of Congress told a House hearing there was little "
        "reason for new quotas.");
    ck_assert_uint_eq(ann.nclaims, 4);
    expect(0, "Maria Lopez", "if the dispute widened, farmers would suffer", false);
    expect(1, "Wang Lei", "the quota bill would fail", false);
    expect(2, "John Smith", "Japan will open its market", false);
    expect(3, "Budget Office", "there was little reason for new quotas", false);
}
END_TEST

START_TEST(test_reporting_cues_of_common_usage)
{
    run("Tanaka pointed out that rice imports had doubled. Kowal branded the ruling as another "
        "\"act of harassment\" from Ottawa. Smith warned against raising duties too early. "
        "Wang conceded the quota had failed. Lopez reckoned exports would recover.");
    ck_assert_uint_eq(ann.nclaims, 5);
    expect(0, "Kenji Tanaka", "rice imports had doubled", false);
    ck_assert_str_eq(ann.claims[0].cue, "pointed out");
    expect(1, "Jan Kowal", "the ruling as another \"act of harassment\" from Ottawa", true);
    expect(2, "John Smith", "against raising duties too early", false);
    expect(3, "Wang Lei", "the quota had failed", false);
    expect(4, "Maria Lopez", "exports would recover", false);
    annotations_cleanup(&ann);
    run("Smith vetoed a bill he branded as protectionist. Calling the duties \"unfair\" and "
        "\"plainly illegal,\" Tanaka said Japan would appeal.");
    ck_assert_uint_eq(ann.nclaims, 1);
    expect(0, "Kenji Tanaka", "Japan would appeal", false);
}
END_TEST

START_TEST(test_quote_then_said_and_a_time_phrase)
{
    run("\"The duties have no legal basis at all,\" Tanaka said last week in a detailed "
        "response to the ruling.");
    ck_assert_uint_eq(ann.nclaims, 1);
    expect(0, "Kenji Tanaka", "The duties have no legal basis at all,", true);
    annotations_cleanup(&ann);
    run("Smith met exporters in Tokyo.\n\n\"We regret the plan,\" he told Japanese reporters.\n\n"
        "Smith announced last March 27 he would impose the duties. Tanaka said without "
        "elaborating.");
    ck_assert_uint_eq(ann.nclaims, 2);
    expect(0, "John Smith", "We regret the plan,", true);
    expect(1, "John Smith", "he would impose the duties", false);
    annotations_cleanup(&ann);
    run("The Commerce Department said in a statement it would review the quotas. Kowal said "
        "at a news conference Japan would relent. Tanaka said in Canada the mood "
        "was calm. Smith said in the wake of the Japanese offer \"nothing has changed.\"");
    /* (a plain subject opens a clause after the setting too: "the mood was calm") */
    ck_assert_uint_eq(ann.nclaims, 4);
    expect(0, "Commerce Department", "it would review the quotas", false);
    expect(1, "Jan Kowal", "Japan would relent", false);
    expect(2, "Kenji Tanaka", "the mood was calm", false);
    expect(3, "John Smith", "nothing has changed.", true);
}
END_TEST

START_TEST(test_no_duplicate_for_a_repeated_or_nested_cue)
{
    run("Smith met farmers in Iowa.\n\n"
        "He said the bill would be dangerous because it would take \"a hammer to every "
        "partner,\" he said.\n\n"
        "He also said he believed Japan should cut its rice duties.");
    ck_assert_uint_eq(ann.nclaims, 2);
    expect(0, "John Smith",
           "the bill would be dangerous because it would take \"a hammer to every partner,\"",
           true);
    expect(1, "John Smith", "he believed Japan should cut its rice duties", false);
}
END_TEST

START_TEST(test_spans_skip_dateline_and_keep_the_clause)
{
    run("BEIJING, Aug. 3 (Xinhua) -- \"The new duties are measured and fair,\" Wang said on "
        "Friday.\n\n"
        "While the weak yen is a \"bottleneck to our exports to the U.S.,\" Tanaka said he "
        "expects sales to rise.");
    ck_assert_uint_eq(ann.nclaims, 3);
    expect(0, "Wang Lei", "The new duties are measured and fair,", true);
    expect(1, "Kenji Tanaka", "While the weak yen is a \"bottleneck to our exports to the U.S.,\"",
           true);
    expect(2, "Kenji Tanaka", "he expects sales to rise", false);
}
END_TEST

START_TEST(test_company_aside_and_anonymous_official)
{
    run("Nippon Steel Corp said, however, that it would keep its U.S. mills open. \"We are "
        "committed to American steel,\" the company said in a filing.\n\n"
        "The official, who asked not to be identified, said talks would resume.");
    ck_assert_uint_eq(ann.nclaims, 2);
    expect(0, "Nippon Steel Corp", "it would keep its U.S. mills open", false);
    expect(1, "Nippon Steel Corp", "We are committed to American steel,", true);
}
END_TEST

START_TEST(test_the_title_is_the_person_last_quoted_under_it)
{
    run("Trade Minister Kenji Tanaka said the talks would resume. Tanaka met Kowal.\n\n"
        "Poland's farm minister, Jan Kowal, said Warsaw would respond. The minister also said "
        "Poland would not negotiate under pressure.");
    ck_assert_uint_eq(ann.nclaims, 3);
    expect(2, "Jan Kowal", "Poland would not negotiate under pressure", false);
}
END_TEST

START_TEST(test_unnamed_official_named_in_the_next_sentence)
{
    run("A Commerce Department official said the quota would stay. Commerce Department "
        "spokesman Jan Kowal made the remarks in Warsaw.\n\n"
        "A senior official said the talks had stalled. Trade Minister Kenji Tanaka flew home "
        "on Friday.\n\n"
        "A senior official said the deal was near. Smith flew home.");
    ck_assert_uint_eq(ann.nclaims, 2);
    expect(0, "Jan Kowal", "the quota would stay", false);
    expect(1, "Kenji Tanaka", "the talks had stalled", false);
}
END_TEST

/* ---- patterns of unseen copy (round three) ---- */

START_TEST(test_participle_alleging_hangs_on_the_opening_subject)
{
    run("The U.S. imposed duties on Japanese televisions, alleging that Japan had broken the "
        "accord. Smith has threatened to raise tariffs on steel, alleging Canada has ignored the "
        "pact. China said it will impose duties on May 1, in retaliation for Japan's alleged "
        "dumping of steel.");
    ck_assert_str_eq(speaker_of(find("Japan had broken the accord")), "United States");
    ck_assert_str_eq(speaker_of(find("raise tariffs on steel")), "John Smith");
    ck_assert_str_eq(speaker_of(find("Canada has ignored the pact")), "John Smith");
    ck_assert_str_eq(speaker_of(find("it will impose duties on May 1, in retaliation for Japan's "
                                     "alleged dumping of steel")),
                     "China");
}
END_TEST

START_TEST(test_clause_after_a_setting_or_a_subordinate_clause)
{
    run("Tanaka said after the meeting there was little room for a deal. Smith said by the end "
        "of the year the deficit would shrink. Kowal stressed while the duties are costly, they "
        "might be politically useful. Lopez said while the plan might fail, she noted that "
        "talks would go on. Wang met Smith on Monday. He said U.S. Officials had been unable "
        "to act.");
    ck_assert_str_eq(speaker_of(find("there was little room for a deal")), "Kenji Tanaka");
    ck_assert_str_eq(speaker_of(find("the deficit would shrink")), "John Smith");
    ck_assert_str_eq(
        speaker_of(find("while the duties are costly, they might be politically useful")),
        "Jan Kowal");
    ck_assert_str_eq(speaker_of(find("talks would go on")), "Maria Lopez");
    ck_assert_str_eq(speaker_of(find("U.S. Officials had been unable to act")), "Wang Lei");
    for (size_t i = 0; i < ann.nclaims; i++)
        ck_assert(strncmp(text_of(i), "while the plan", 14) != 0);
}
END_TEST

START_TEST(test_reports_cited_after_the_cue_are_not_its_content)
{
    run("China will retaliate if the duties rise, the Commerce Department said on Monday in "
        "response to news reports saying that Washington would double the levies.");
    ck_assert_uint_eq(ann.nclaims, 1);
    expect(0, "Commerce Department", "China will retaliate if the duties rise", false);
}
END_TEST

START_TEST(test_diplomats_and_officials_of_a_region_are_no_actor)
{
    run("Diplomats accredited to the EC in Brussels said they saw no sign of sanctions. The EC "
        "wants no trade war, they said.\n\n"
        "Government officials in the rest of Asia told Reuter correspondents they would let "
        "Japan take the lead.");
    ck_assert_uint_eq(ann.nclaims, 0);
}
END_TEST

START_TEST(test_officials_speak_for_the_country_of_their_setting)
{
    run("Japan sold more chips. Japanese exporters gained in Japan.\n\n"
        "In Canada, where the government is angry over the dispute, officials said last week "
        "that retaliation is being considered.\n\n"
        "But government officials said later, \"This will take time.\"\n\n"
        "They said the cabinet would meet on Monday, but added that no decision was expected. "
        "The main threat is a ban on bank licences, government officials said.");
    ck_assert_str_eq(speaker_of(find("retaliation is being considered")), "Canada");
    ck_assert_str_eq(speaker_of(find("This will take time.")), "Canada");
    ck_assert_str_eq(speaker_of(find("the cabinet would meet on Monday")), "Canada");
    ck_assert_str_eq(speaker_of(find("no decision was expected")), "Canada");
    ck_assert_str_eq(speaker_of(find("The main threat is a ban on bank licences")), "Canada");
}
END_TEST

START_TEST(test_he_after_plural_officials_is_the_person_last_quoted)
{
    run("Kowal said exports were slowing. Some 40 items depend wholly on imports, center "
        "officials said. \"The tariff will cost consumers more,\" he said.");
    ck_assert_str_eq(speaker_of(find("The tariff will cost consumers more,")), "Jan Kowal");
}
END_TEST

START_TEST(test_an_unnamed_text_is_the_one_named_next)
{
    run("Quotas will do little to cut the deficit, a government study said. In fact, the "
        "Federal Trade Commission report said, quotas could hurt exporters.\n\n"
        "Japan sold more cars. A government statement said the purchases were additional. The "
        "news follows a visit by Smith, who said that Japan must open its market.");
    ck_assert_str_eq(speaker_of(find("Quotas will do little to cut the deficit")),
                     "Federal Trade Commission");
    ck_assert_str_eq(speaker_of(find("the purchases were additional")), "Japan");
}
END_TEST

START_TEST(test_quote_paragraph_left_open_continues)
{
    run("Smith replied:\n\n\"The sanctions rest on the accord we signed.\n\n"
        "\"They will be lifted when Japan complies.\"\n\nTanaka left on Friday.");
    ck_assert_str_eq(speaker_of(find("The sanctions rest on the accord we signed.")), "John Smith");
    ck_assert_str_eq(speaker_of(find("They will be lifted when Japan complies.")), "John Smith");
}
END_TEST

START_TEST(test_appositions_with_a_country_and_a_day_after_said)
{
    run("Kowal, U.S. defense adviser from 1997 to 2001 and now head of a fund, said there were "
        "real concerns. \"These tariffs are unjustified,\" Tanaka, head of the trade council, "
        "said Thursday in a statement.");
    ck_assert_str_eq(speaker_of(find("there were real concerns")), "Jan Kowal");
    ck_assert_str_eq(speaker_of(find("These tariffs are unjustified,")), "Kenji Tanaka");
}
END_TEST

START_TEST(test_added_in_its_sense_of_counting)
{
    run("The Tariff Commission released a study on Monday.\n\n"
        "Other factors, such as government limits on mergers, added little to the problem, it "
        "said.");
    ck_assert_str_eq(
        speaker_of(find("Other factors, such as government limits on mergers, added little to "
                        "the problem")),
        "Tariff Commission");
}
END_TEST

START_TEST(test_warned_with_an_object_and_challenged_as)
{
    run("Lee Moon warned Congress in a radio address against passing protectionist bills. But "
        "Canada has challenged the accord as a violation of trade rules. In May, Smith announced "
        "plans to impose a 20 pct duty on steel.");
    ck_assert_str_eq(speaker_of(find("against passing protectionist bills")), "Lee Moon");
    ck_assert_str_eq(speaker_of(find("the accord as a violation of trade rules")), "Canada");
    ck_assert_str_eq(speaker_of(find("impose a 20 pct duty on steel")), "John Smith");
}
END_TEST

START_TEST(test_a_unit_speaks_for_the_body_it_belongs_to)
{
    run("Wang, director of the research center at the Academy of Trade, met Kowal. Some 60 items "
        "depend wholly on imports, the center said. For 200 items the share is 70 pct, center "
        "officials said.");
    ck_assert_str_eq(speaker_of(find("Some 60 items depend wholly on imports")),
                     "Academy of Trade");
    ck_assert_str_eq(speaker_of(find("For 200 items the share is 70 pct")), "Academy of Trade");
}
END_TEST

START_TEST(test_analysts_of_a_named_firm_speak_for_it)
{
    run("\"The dispute could run for years,\" Morgan Bank analysts said in a note. Japanese "
        "analysts said the yen would rise.");
    ck_assert_uint_eq(ann.nclaims, 1);
    expect(0, "Morgan Bank", "The dispute could run for years,", true);
}
END_TEST

START_TEST(test_second_that_clause_is_the_same_claim)
{
    run("Smith said the deficit would shrink, and that the budget would hold. Tanaka said rates "
        "were stable, but that the yen was weak.");
    ck_assert_uint_eq(ann.nclaims, 2);
    expect(0, "John Smith", "the deficit would shrink, and that the budget would hold", false);
    expect(1, "Kenji Tanaka", "rates were stable, but that the yen was weak", false);
}
END_TEST

Suite *claims_suite(void)
{
    Suite *s = suite_create("claims");
    TCase *tc = tcase_create("quotes");
    tcase_add_test(tc, test_quotes_pair_and_skip_glued_marks);
    tcase_add_test(tc, test_quotes_unclosed_end_at_paragraph_or_next_mark);
    suite_add_tcase(s, tc);

    tc = tcase_create("direct");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_quote_split_by_said_x);
    tcase_add_test(tc, test_curly_quote_then_x_told_reporters);
    tcase_add_test(tc, test_speaker_before_quote_and_in_previous_sentence);
    tcase_add_test(tc, test_pronoun_and_title);
    tcase_add_test(tc, test_unclosed_quote_with_its_attribution);
    tcase_add_test(tc, test_quoted_term_is_no_claim);
    tcase_add_test(tc, test_quote_interrupted_mid_sentence);
    suite_add_tcase(s, tc);

    tc = tcase_create("reported");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_indirect_both_orders);
    tcase_add_test(tc, test_partial_quote_is_one_direct_claim);
    tcase_add_test(tc, test_report_inside_report);
    tcase_add_test(tc, test_unnamed_officials_speak_for_their_body);
    tcase_add_test(tc, test_sources_that_are_no_actor);
    tcase_add_test(tc, test_speech_acts_with_objects_and_infinitives);
    tcase_add_test(tc, test_according_to_and_added);
    tcase_add_test(tc, test_apposition_between_subject_and_cue);
    tcase_add_test(tc, test_ruling_noun_with_owner);
    tcase_add_test(tc, test_text_cited_after_its_author_published_it);
    suite_add_tcase(s, tc);

    tc = tcase_create("general");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_pronoun_takes_the_latest_named_subject);
    tcase_add_test(tc, test_inverted_title_then_name_in_apposition);
    tcase_add_test(tc, test_the_diplomat_is_the_person_just_quoted);
    tcase_add_test(tc, test_adding_takes_the_main_clause_speaker);
    tcase_add_test(tc, test_statement_speaks_for_its_issuer);
    tcase_add_test(tc, test_speaker_phrases_with_titles_and_appositions);
    tcase_add_test(tc, test_reporting_cues_of_common_usage);
    tcase_add_test(tc, test_quote_then_said_and_a_time_phrase);
    tcase_add_test(tc, test_no_duplicate_for_a_repeated_or_nested_cue);
    tcase_add_test(tc, test_spans_skip_dateline_and_keep_the_clause);
    tcase_add_test(tc, test_company_aside_and_anonymous_official);
    tcase_add_test(tc, test_the_title_is_the_person_last_quoted_under_it);
    tcase_add_test(tc, test_unnamed_official_named_in_the_next_sentence);
    suite_add_tcase(s, tc);

    tc = tcase_create("unseen");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_participle_alleging_hangs_on_the_opening_subject);
    tcase_add_test(tc, test_clause_after_a_setting_or_a_subordinate_clause);
    tcase_add_test(tc, test_reports_cited_after_the_cue_are_not_its_content);
    tcase_add_test(tc, test_diplomats_and_officials_of_a_region_are_no_actor);
    tcase_add_test(tc, test_officials_speak_for_the_country_of_their_setting);
    tcase_add_test(tc, test_he_after_plural_officials_is_the_person_last_quoted);
    tcase_add_test(tc, test_an_unnamed_text_is_the_one_named_next);
    tcase_add_test(tc, test_quote_paragraph_left_open_continues);
    tcase_add_test(tc, test_appositions_with_a_country_and_a_day_after_said);
    tcase_add_test(tc, test_added_in_its_sense_of_counting);
    tcase_add_test(tc, test_warned_with_an_object_and_challenged_as);
    tcase_add_test(tc, test_a_unit_speaks_for_the_body_it_belongs_to);
    tcase_add_test(tc, test_analysts_of_a_named_firm_speak_for_it);
    tcase_add_test(tc, test_second_that_clause_is_the_same_claim);
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, test_megabyte_of_quote_marks_is_linear);
    suite_add_tcase(s, tc);
    return s;
}
