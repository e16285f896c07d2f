/* score - the project's own scorer of annotations against gold files.
 *
 * It follows GUIDELINE.md "How score.py matches" rule for rule, so that `make test` needs no
 * Python, and run_eval.sh checks that it agrees with ../shared/eval/score.py wherever both run.
 * Where score.py's behaviour hinges on a Python detail (dict.get on missing keys, bool being
 * an int, == between 1 and 1.0, which of two equal candidates wins) this file copies it and
 * says so.
 *
 * usage: score [--verbose] [--json] [--require K=V,...] GOLD_DIR SYSTEM_DIR
 *        score --body ARTICLE.txt          print the body as the scorer reads it
 *        score --shape [--repair] [--file NAME] BODY JSON
 *                                          check JSON against the API shape and BODY
 *        score --shape-lines JSONL FILE...   the same for `tradewire annotate FILE...`
 * Exit status: 0, 1 when a --require figure is not met or the shape is wrong, 2 on bad input.
 *
 * Threads: single-threaded program.
 */
#include <dirent.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ann_check.h"
#include "buf.h"
#include "mem.h"
#include "utf8.h"

/* ---- text normalisation: score.py norm() ----
 *
 * norm() is NFKC, lower(), U+2019 -> ', drop "'s" before a word boundary, drop what is
 * neither \w nor \s, squeeze white space, strip, drop a leading "the ". Without a Unicode
 * database this is an approximation: exact for ASCII, Latin-1, Latin Extended-A, Greek and
 * Cyrillic letters and the compatibility forms wire copy carries (no-break and thin spaces,
 * fullwidth forms, ligatures, ellipsis); other scripts count as letters, symbol blocks not. */

struct cps {
    uint32_t *v;
    size_t n, cap;
};

static void cps_push(struct cps *c, uint32_t cp)
{
    void *p = c->v;
    xgrow(&p, &c->cap, c->n + 1, sizeof *c->v);
    c->v = p;
    c->v[c->n++] = cp;
}

static bool is_space(uint32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Python's \w: str.isalnum() or '_'. */
static bool is_word(uint32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               c == '_';
    if (c < 0xC0)
        return c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 || c == 0xB9 || c == 0xBA ||
               (c >= 0xBC && c <= 0xBE);
    if (c <= 0x24F)
        return c != 0xD7 && c != 0xF7;
    if (c >= 0x0300 && c <= 0x036F) /* combining marks */
        return false;
    if (c >= 0x2000 && c <= 0x2BFF) /* punctuation, currency, arrows, maths, shapes */
        return (c >= 0x2070 && c <= 0x209F) || (c >= 0x2150 && c <= 0x218F);
    if (c >= 0x2E00 && c <= 0x2E7F) /* supplemental punctuation */
        return false;
    if (c >= 0x3000 && c <= 0x303F) /* CJK punctuation, but 々 〆 〇 */
        return c >= 0x3005 && c <= 0x3007;
    if ((c >= 0xE000 && c <= 0xF8FF) || (c >= 0xFE30 && c <= 0xFE4F) || c >= 0x1F000)
        return false; /* private use, CJK compatibility forms, emoji and pictographs */
    if (c >= 0xFF00 && c <= 0xFF0F)
        return false;
    return !(c == 0x037E || c == 0x0387 || (c >= 0x055A && c <= 0x055F) || c == 0x0589 ||
             (c >= 0x05BE && c <= 0x05C6 && c != 0x05C1 && c != 0x05C2) || c == 0x060C ||
             c == 0x061B || c == 0x061F || c == 0x066A || c == 0x06D4 || c == 0xFFFD);
}

static uint32_t lower(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c < 0xC0)
        return c;
    if (c <= 0xDE)
        return c == 0xD7 ? c : c + 32;
    if (c == 0x130) /* "İ".lower() is "i" and a combining dot, which norm drops */
        return 'i';
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
        return c | 1; /* even upper, odd lower */
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return (c & 1) ? c + 1 : c; /* odd upper, even lower */
    if (c == 0x178)
        return 0xFF;
    if ((c >= 0x391 && c <= 0x3A9 && c != 0x3A2) || (c >= 0x410 && c <= 0x42F))
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    return c;
}

/* Pushes the NFKC decomposition of c (the compatibility forms that occur in news copy). */
static void push_nfkc(struct cps *out, uint32_t c)
{
    static const struct {
        uint32_t cp;
        const char *to;
    } map[] = {
        {0xA8, " "},     {0xAA, "a"},     {0xAF, " "},    {0xB2, "2"},    {0xB3, "3"},
        {0xB4, " "},     {0xB8, " "},     {0xB9, "1"},    {0xBA, "o"},    {0x2024, "."},
        {0x2025, ".."},  {0x2026, "..."}, {0xFB00, "ff"}, {0xFB01, "fi"}, {0xFB02, "fl"},
        {0xFB03, "ffi"}, {0xFB04, "ffl"},
    };
    if (c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000) {
        cps_push(out, ' ');
        return;
    }
    if (c >= 0xFF01 && c <= 0xFF5E) {
        cps_push(out, c - 0xFEE0);
        return;
    }
    if (c == 0xB5) {
        cps_push(out, 0x3BC);
        return;
    }
    if (c >= 0xBC && c <= 0xBE) { /* ¼ ½ ¾ -> 1⁄4 1⁄2 3⁄4 */
        cps_push(out, c == 0xBE ? '3' : '1');
        cps_push(out, 0x2044);
        cps_push(out, c == 0xBC ? '4' : c == 0xBD ? '2' : '4');
        return;
    }
    for (size_t i = 0; i < sizeof map / sizeof *map; i++) {
        if (map[i].cp == c) {
            for (const char *p = map[i].to; *p; p++)
                cps_push(out, (unsigned char)*p);
            return;
        }
    }
    cps_push(out, c);
}

static void put_utf8(struct buf *b, uint32_t c)
{
    char s[4];
    size_t n;
    if (c < 0x80) {
        s[0] = (char)c, n = 1;
    } else if (c < 0x800) {
        s[0] = (char)(0xC0 | c >> 6), s[1] = (char)(0x80 | (c & 0x3F)), n = 2;
    } else if (c < 0x10000) {
        s[0] = (char)(0xE0 | c >> 12), s[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        s[2] = (char)(0x80 | (c & 0x3F)), n = 3;
    } else {
        s[0] = (char)(0xF0 | c >> 18), s[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        s[2] = (char)(0x80 | ((c >> 6) & 0x3F)), s[3] = (char)(0x80 | (c & 0x3F)), n = 4;
    }
    buf_append(b, s, n);
}

/* score.py norm(s): returns a heap string, "" for NULL. */
static char *norm(const char *s, size_t n)
{
    struct cps c = {0};
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; s != NULL && i < n;) {
        uint32_t cp;
        size_t k = utf8_decode(p + i, n - i, &cp);
        if (k == 0)
            cp = 0xFFFD, k = 1;
        i += k;
        size_t from = c.n;
        push_nfkc(&c, cp);
        for (size_t j = from; j < c.n; j++) {
            c.v[j] = lower(c.v[j]);
            if (c.v[j] == 0x2019)
                c.v[j] = '\'';
        }
    }
    struct buf out;
    buf_init(&out);
    bool pending_space = false;
    for (size_t i = 0; i < c.n; i++) {
        uint32_t cp = c.v[i];
        /* re.sub(r"'s\b", "", s): "'s" then a non-word character or the end. */
        if (cp == '\'' && i + 1 < c.n && c.v[i + 1] == 's' &&
            (i + 2 == c.n || !is_word(c.v[i + 2]))) {
            i++;
            continue;
        }
        if (is_space(cp)) {
            pending_space = out.len > 0;
            continue;
        }
        if (!is_word(cp))
            continue; /* dropped without a space: "U.S." is "us" */
        if (pending_space)
            buf_putc(&out, ' ');
        pending_space = false;
        put_utf8(&out, cp);
    }
    free(c.v);
    char *r = buf_steal(&out);
    if (strncmp(r, "the ", 4) == 0)
        memmove(r, r + 4, strlen(r + 4) + 1);
    return r;
}

/* ---- Python semantics of the JSON values score.py reads ---- */

/* d.get(k): NULL for a missing key, a JSON null, or when d is no object (all None there). */
static const json_t *get(const json_t *d, const char *k)
{
    const json_t *v = json_is_object(d) ? json_object_get(d, k) : NULL;
    return json_is_null(v) ? NULL : v;
}

static bool truthy(const json_t *v)
{
    switch (v == NULL ? JSON_NULL : json_typeof(v)) {
    case JSON_TRUE:
        return true;
    case JSON_INTEGER:
        return json_integer_value(v) != 0;
    case JSON_REAL:
        return json_real_value(v) != 0;
    case JSON_STRING:
        return json_string_length(v) > 0;
    case JSON_ARRAY:
        return json_array_size(v) > 0;
    case JSON_OBJECT:
        return json_object_size(v) > 0;
    default:
        return false;
    }
}

/* Python ==: numbers compare by value, and True/False are the integers 1/0. */
static bool py_number(const json_t *v, double *out)
{
    if (json_is_number(v))
        *out = json_number_value(v);
    else if (json_is_boolean(v))
        *out = json_is_true(v);
    else
        return false;
    return true;
}

static bool py_equal(const json_t *a, const json_t *b)
{
    double x, y;
    if (a == NULL || b == NULL)
        return a == b;
    if (py_number(a, &x) && py_number(b, &y))
        return x == y;
    return json_equal(a, b);
}

/* norm() of a value that should be a string; score.py's norm maps None and "" to "". */
static char *norm_value(const json_t *v)
{
    if (!json_is_string(v))
        return xstrdup("");
    return norm(json_string_value(v), json_string_length(v));
}

/* x or []: the elements of an array that are objects (score.py filters isinstance dict). */
static size_t dicts(const json_t *arr, const json_t ***out)
{
    size_t n = 0;
    *out = NULL;
    if (!json_is_array(arr))
        return 0;
    *out = xmalloc((json_array_size(arr) + 1) * sizeof **out);
    for (size_t i = 0; i < json_array_size(arr); i++)
        if (json_is_object(json_array_get(arr, i)))
            (*out)[n++] = json_array_get(arr, i);
    return n;
}

/* ---- string sets (an actor's name forms) ---- */

struct strset {
    char **v;
    size_t n, cap;
};

static void set_add(struct strset *s, char *str) /* takes ownership of str */
{
    if (*str == '\0') {
        free(str);
        return;
    }
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->v[i], str) == 0) {
            free(str);
            return;
        }
    }
    void *p = s->v;
    xgrow(&p, &s->cap, s->n + 1, sizeof *s->v);
    s->v = p;
    s->v[s->n++] = str;
}

static bool set_has(const struct strset *s, const char *str)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], str) == 0)
            return true;
    return false;
}

static bool set_meets(const struct strset *a, const struct strset *b)
{
    for (size_t i = 0; i < a->n; i++)
        if (set_has(b, a->v[i]))
            return true;
    return false;
}

static void set_free(struct strset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* gold_strings / system_strings: the normalised name, aliases and (system) mention texts. */
static struct strset actor_strings(const json_t *actor, bool with_mentions)
{
    struct strset s = {0};
    set_add(&s, norm_value(get(actor, "name")));
    const json_t *aliases = get(actor, "aliases");
    for (size_t i = 0; json_is_array(aliases) && i < json_array_size(aliases); i++)
        set_add(&s, norm_value(json_array_get(aliases, i)));
    const json_t *mentions = with_mentions ? get(actor, "mentions") : NULL;
    for (size_t i = 0; json_is_array(mentions) && i < json_array_size(mentions); i++) {
        const json_t *m = json_array_get(mentions, i);
        if (json_is_object(m))
            set_add(&s, norm_value(get(m, "text")));
    }
    return s;
}

/* ---- tallies ---- */

struct tally {
    long tp, fp, fn;
};

struct ratio {
    long ok, n;
};

static void tally_add(struct tally *t, size_t tp, size_t nsys, size_t ngold)
{
    t->tp += (long)tp;
    t->fp += (long)(nsys - tp);
    t->fn += (long)(ngold - tp);
}

static void ratio_add(struct ratio *r, bool ok)
{
    r->n++;
    r->ok += ok;
}

enum { T_ACTORS, T_CLAIMS, T_CLAIMS_TEXT, T_TARIFFS, NTALLY };
enum { R_TYPE, R_DIRECT, R_IMPOSER, R_TARGET, R_CHANGE, R_OFFSETS, NRATIO };
static const char *const tally_names[] = {"actors", "claims", "claims_text", "tariffs"};
static const char *const ratio_names[] = {"actor_type",    "claim_direct",  "tariff_imposer",
                                          "tariff_target", "tariff_change", "offsets"};

struct scores {
    struct tally t[NTALLY];
    struct ratio r[NRATIO];
    size_t articles, missing;
};

/* ---- matching, one article ---- */

struct pair {
    size_t g, s;
};

/* match_actors: each gold actor in turn takes the first unused system actor sharing a name
 * form, preferring the first whose normalised name equals the gold name. */
static size_t match_actors(const json_t **ga, size_t ng, const json_t **sa, size_t ns,
                           struct pair *pairs)
{
    struct strset *ss = xcalloc(ns + 1, sizeof *ss);
    char **snames = xcalloc(ns + 1, sizeof *snames);
    bool *used = xcalloc(ns + 1, sizeof *used);
    for (size_t i = 0; i < ns; i++) {
        ss[i] = actor_strings(sa[i], true);
        snames[i] = norm_value(get(sa[i], "name"));
    }
    size_t np = 0;
    for (size_t gi = 0; gi < ng; gi++) {
        struct strset gs = actor_strings(ga[gi], false);
        char *gname = norm_value(get(ga[gi], "name"));
        long best = -1;
        bool best_exact = false;
        for (size_t si = 0; si < ns; si++) {
            if (used[si] || !set_meets(&gs, &ss[si]))
                continue;
            bool exact = strcmp(snames[si], gname) == 0;
            if (best < 0 || (exact && !best_exact))
                best = (long)si, best_exact = exact;
        }
        if (best >= 0) {
            used[best] = true;
            pairs[np++] = (struct pair){gi, (size_t)best};
        }
        set_free(&gs);
        free(gname);
    }
    for (size_t i = 0; i < ns; i++) {
        set_free(&ss[i]);
        free(snames[i]);
    }
    free(ss);
    free(snames);
    free(used);
    return np;
}

struct words {
    char *s; /* the normalised text, cut in place */
    char **w;
    size_t n;
};

static struct words words_of(const json_t *v)
{
    struct words r = {.s = norm_value(v)};
    r.w = xmalloc((strlen(r.s) / 2 + 2) * sizeof *r.w);
    for (char *p = strtok(r.s, " "); p != NULL; p = strtok(NULL, " "))
        r.w[r.n++] = p;
    return r;
}

/* word_f1, with score.py's arithmetic in the same order so that ties tie here too. */
static double word_f1(const struct words *a, const struct words *b)
{
    if (a->n == 0 || b->n == 0)
        return 0.0;
    bool *taken = xcalloc(b->n, sizeof *taken);
    size_t common = 0;
    for (size_t i = 0; i < a->n; i++) {
        for (size_t j = 0; j < b->n; j++) {
            if (!taken[j] && strcmp(a->w[i], b->w[j]) == 0) {
                taken[j] = true;
                common++;
                break;
            }
        }
    }
    free(taken);
    if (common == 0)
        return 0.0;
    double p = (double)common / (double)a->n, r = (double)common / (double)b->n;
    return 2 * p * r / (p + r);
}

/* What speaker_ok needs to know about one article. */
struct article {
    const json_t **ga, **sa;
    size_t ng, ns;
    char **sys_norm_name;       /* norm(name) per system actor */
    const json_t **sys_to_gold; /* system actor -> gold name (a JSON value), or NULL */
};

static const char *claim_speaker_text(const json_t *claim, size_t *len)
{
    const json_t *spk = get(claim, "speaker");
    if (json_is_object(spk))
        spk = get(spk, "name");
    *len = json_string_length(spk);
    return json_string_value(spk);
}

/* speaker_ok(g, s): the system speaker is a name form of the gold speaker, or names the system
 * actor matched to the gold speaker. */
static bool speaker_ok(const struct article *a, const json_t *g, const json_t *s)
{
    size_t len;
    const char *spk = claim_speaker_text(s, &len);
    char *nspk = spk != NULL ? norm(spk, len) : xstrdup("");
    const json_t *gspk = get(g, "speaker");
    /* gold_by_name: the last gold actor with that exact name wins, as in a dict. */
    const json_t *gact = NULL;
    for (size_t i = 0; i < a->ng; i++)
        if (py_equal(get(a->ga[i], "name"), gspk))
            gact = a->ga[i];
    bool ok = false;
    if (*nspk != '\0') {
        struct strset gs = {0};
        if (gact != NULL)
            gs = actor_strings(gact, false);
        else
            set_add(&gs, norm_value(gspk));
        ok = set_has(&gs, nspk);
        set_free(&gs);
    }
    if (!ok) {
        /* by_name.setdefault: the first system actor with that normalised name. */
        for (size_t si = 0; si < a->ns; si++) {
            if (strcmp(a->sys_norm_name[si], nspk) == 0) {
                ok = py_equal(a->sys_to_gold[si], gspk);
                break;
            }
        }
    }
    free(nspk);
    return ok;
}

/* match_claims: each gold claim takes the unused system claim with the best word F1 >= 0.5;
 * on equal F1 the later one wins (score.py compares with >=). */
static size_t match_claims(const struct article *a, const json_t **gc, size_t ng, const json_t **sc,
                           size_t ns, bool with_speaker, struct pair *pairs)
{
    bool *used = xcalloc(ns + 1, sizeof *used);
    struct words *sw = xcalloc(ns + 1, sizeof *sw);
    for (size_t i = 0; i < ns; i++)
        sw[i] = words_of(get(sc[i], "text"));
    size_t np = 0;
    for (size_t gi = 0; gi < ng; gi++) {
        struct words gw = words_of(get(gc[gi], "text"));
        long best = -1;
        double best_f = 0.5;
        for (size_t si = 0; si < ns; si++) {
            if (used[si] || (with_speaker && !speaker_ok(a, gc[gi], sc[si])))
                continue;
            double f = word_f1(&gw, &sw[si]);
            if (f >= best_f)
                best = (long)si, best_f = f;
        }
        if (best >= 0) {
            used[best] = true;
            pairs[np++] = (struct pair){gi, (size_t)best};
        }
        free(gw.s);
        free(gw.w);
    }
    for (size_t i = 0; i < ns; i++) {
        free(sw[i].s);
        free(sw[i].w);
    }
    free(sw);
    free(used);
    return np;
}

/* float(x) for what score.py may meet: numbers, booleans and numeric strings. */
static bool py_float(const json_t *v, double *out)
{
    if (py_number(v, out))
        return true;
    if (!json_is_string(v))
        return false;
    const char *s = json_string_value(v);
    char *end;
    *out = strtod(s, &end);
    while (end != s && (*end == ' ' || *end == '\t' || *end == '\n'))
        end++;
    return end != s && *end == '\0';
}

static bool same_value(const json_t *g, const json_t *s)
{
    double gv, sv;
    if (!py_float(g, &gv) || !py_float(s, &sv))
        return false;
    if (gv == 0)
        return fabs(sv) < 1e-9;
    return fabs(gv - sv) <= 0.01 * fabs(gv);
}

/* (x or "").lower() of kind or unit. */
static char *key_lower(const json_t *t, const char *k)
{
    const json_t *v = get(t, k);
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "");
    const unsigned char *p = (const unsigned char *)json_string_value(v);
    size_t n = json_string_length(v);
    for (size_t i = 0; p != NULL && i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(p + i, n - i, &cp);
        if (len == 0)
            cp = 0xFFFD, len = 1;
        put_utf8(&b, lower(cp));
        i += len;
    }
    return buf_steal(&b);
}

static bool same_key(const json_t *g, const json_t *s)
{
    char *gk = key_lower(g, "kind"), *gu = key_lower(g, "unit");
    char *sk = key_lower(s, "kind"), *su = key_lower(s, "unit");
    bool same = strcmp(gk, sk) == 0 && strcmp(gu, su) == 0;
    free(gk), free(gu), free(sk), free(su);
    return same;
}

/* match_tariffs: same kind, unit and value; among those the first with most of imposer,
 * target, change and comparator agreeing. */
static size_t match_tariffs(const json_t **gt, size_t ng, const json_t **st, size_t ns,
                            struct pair *pairs)
{
    static const char *const fields[] = {"imposer", "target", "change", "comparator"};
    bool *used = xcalloc(ns + 1, sizeof *used);
    size_t np = 0;
    for (size_t gi = 0; gi < ng; gi++) {
        long best = -1;
        int best_score = -1;
        for (size_t si = 0; si < ns; si++) {
            if (used[si] || !same_key(gt[gi], st[si]))
                continue;
            if (!same_value(get(gt[gi], "value"), get(st[si], "value")))
                continue;
            int score = 0;
            for (size_t k = 0; k < 4; k++) {
                const json_t *gv = get(gt[gi], fields[k]);
                score += gv != NULL && py_equal(get(st[si], fields[k]), gv);
            }
            if (score > best_score)
                best = (long)si, best_score = score;
        }
        if (best >= 0) {
            used[best] = true;
            pairs[np++] = (struct pair){gi, (size_t)best};
        }
    }
    free(used);
    return np;
}

/* check_offsets: items with a "text" key; isinstance(x, int) admits booleans. */
static void check_offsets(const char *body, const size_t *cp_byte, size_t ncp, const json_t *item,
                          struct ratio *r)
{
    if (!json_is_object(item) || json_object_get(item, "text") == NULL)
        return;
    const json_t *js = json_object_get(item, "start"), *je = json_object_get(item, "end");
    const json_t *text = json_object_get(item, "text");
    bool ok = false;
    if ((json_is_integer(js) || json_is_boolean(js)) &&
        (json_is_integer(je) || json_is_boolean(je))) {
        long long s = json_is_integer(js) ? json_integer_value(js) : json_is_true(js);
        long long e = json_is_integer(je) ? json_integer_value(je) : json_is_true(je);
        if (0 <= s && s <= e && (size_t)e <= ncp && json_is_string(text)) {
            size_t b0 = cp_byte[s], b1 = cp_byte[e];
            ok = json_string_length(text) == b1 - b0 &&
                 memcmp(json_string_value(text), body + b0, b1 - b0) == 0;
        }
    }
    ratio_add(r, ok);
}

/* ---- files ---- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    struct buf b;
    buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        buf_cleanup(&b);
        return NULL;
    }
    buf_puts(&b, "");
    *len = b.len;
    return buf_steal(&b);
}

/* read_article: the body after the headline line and one blank line, with Python's universal
 * newlines (\r\n and \r read as \n). */
static char *read_body(const char *path, size_t *len)
{
    size_t n;
    char *raw = read_file(path, &n);
    if (raw == NULL)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (raw[i] == '\r') {
            raw[w++] = '\n';
            if (i + 1 < n && raw[i + 1] == '\n')
                i++;
        } else {
            raw[w++] = raw[i];
        }
    }
    raw[w] = '\0';
    const char *nl = memchr(raw, '\n', w);
    size_t from = nl != NULL ? (size_t)(nl - raw) + 1 : w;
    if (from < w && raw[from] == '\n')
        from++;
    *len = w - from;
    memmove(raw, raw + from, *len + 1);
    return raw;
}

static char *path_join(const char *dir, const char *name, const char *ext)
{
    return xasprintf("%s/%s%s", dir, name, ext);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The NAME of every NAME.json with a NAME.txt beside it, sorted. */
static size_t article_names(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 5 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        char *name = xstrndup(e->d_name, len - 5);
        char *txt = path_join(dir, name, ".txt");
        FILE *f = fopen(txt, "rb");
        free(txt);
        if (f == NULL) {
            free(name);
            continue;
        }
        fclose(f);
        void *p = names;
        xgrow(&p, &cap, n + 1, sizeof *names);
        names = p;
        names[n++] = name;
    }
    if (d != NULL)
        closedir(d);
    if (n > 0)
        qsort(names, n, sizeof *names, cmp_str);
    *out = names;
    return n;
}

/* annotations_of: doc["annotations"] when that is an object, else doc itself. */
static const json_t *annotations_of(const json_t *doc)
{
    const json_t *a = json_is_object(doc) ? json_object_get(doc, "annotations") : NULL;
    return json_is_object(a) ? a : doc;
}

/* Scores one article into sc; prints its row when verbose. Returns 0 or 2 (bad gold). */
static int score_article(const char *gold_dir, const char *sys_dir, const char *name,
                         struct scores *sc, bool verbose)
{
    int status = 2;
    char *gpath = path_join(gold_dir, name, ".json"), *tpath = path_join(gold_dir, name, ".txt");
    char *spath = path_join(sys_dir, name, ".json");
    json_t *gold = NULL, *sys = NULL;
    char *body = NULL;
    size_t *cp_byte = NULL;
    const json_t **ga = NULL, **gc = NULL, **gt = NULL, **sa = NULL, **scl = NULL, **st = NULL;
    struct pair *pairs = NULL;
    struct article art = {0};
    json_error_t jerr;
    size_t blen;

    gold = json_load_file(gpath, 0, &jerr);
    body = read_body(tpath, &blen);
    if (gold == NULL || body == NULL) {
        fprintf(stderr, "score: cannot read gold %s: %s\n", name, gold ? "no body" : jerr.text);
        goto out;
    }
    sys = json_load_file(spath, 0, &jerr);
    if (sys == NULL)
        sc->missing++;
    const json_t *ann = sys != NULL ? annotations_of(sys) : NULL;

    size_t ng = dicts(get(gold, "actors"), &ga), ns = dicts(get(ann, "actors"), &sa);
    size_t ngc = dicts(get(gold, "claims"), &gc), nsc = dicts(get(ann, "claims"), &scl);
    size_t ngt = dicts(get(gold, "tariffs"), &gt), nst = dicts(get(ann, "tariffs"), &st);
    size_t most = ng + ngc + ngt + 1;
    pairs = xmalloc(most * sizeof *pairs);

    size_t na = match_actors(ga, ng, sa, ns, pairs);
    tally_add(&sc->t[T_ACTORS], na, ns, ng);
    art = (struct article){.ga = ga, .sa = sa, .ng = ng, .ns = ns};
    art.sys_norm_name = xcalloc(ns + 1, sizeof *art.sys_norm_name);
    art.sys_to_gold = xcalloc(ns + 1, sizeof *art.sys_to_gold);
    for (size_t i = 0; i < ns; i++)
        art.sys_norm_name[i] = norm_value(get(sa[i], "name"));
    for (size_t i = 0; i < na; i++) {
        const json_t *gtype = get(ga[pairs[i].g], "type"), *stype = get(sa[pairs[i].s], "type");
        /* (s.get("type") or "") == g.get("type") */
        json_t *empty = json_string("");
        ratio_add(&sc->r[R_TYPE], py_equal(truthy(stype) ? stype : empty, gtype));
        json_decref(empty);
        art.sys_to_gold[pairs[i].s] = get(ga[pairs[i].g], "name");
    }

    size_t nc = match_claims(&art, gc, ngc, scl, nsc, true, pairs);
    tally_add(&sc->t[T_CLAIMS], nc, nsc, ngc);
    for (size_t i = 0; i < nc; i++)
        ratio_add(&sc->r[R_DIRECT],
                  truthy(get(scl[pairs[i].s], "direct")) == truthy(get(gc[pairs[i].g], "direct")));
    size_t nct = match_claims(&art, gc, ngc, scl, nsc, false, pairs);
    tally_add(&sc->t[T_CLAIMS_TEXT], nct, nsc, ngc);

    size_t nt = match_tariffs(gt, ngt, st, nst, pairs);
    tally_add(&sc->t[T_TARIFFS], nt, nst, ngt);
    static const char *const tfields[] = {"imposer", "target", "change"};
    for (size_t i = 0; i < nt; i++) {
        for (size_t k = 0; k < 3; k++) {
            const json_t *gv = get(gt[pairs[i].g], tfields[k]);
            if (gv != NULL)
                ratio_add(&sc->r[R_IMPOSER + k], py_equal(get(st[pairs[i].s], tfields[k]), gv));
        }
    }

    cp_byte = xmalloc((blen + 1) * sizeof *cp_byte);
    size_t ncp = 0;
    for (size_t i = 0; i < blen; i++)
        if (((unsigned char)body[i] & 0xC0) != 0x80)
            cp_byte[ncp++] = i;
    cp_byte[ncp] = blen;
    for (size_t i = 0; i < ns; i++) {
        const json_t *mentions = get(sa[i], "mentions");
        for (size_t k = 0; json_is_array(mentions) && k < json_array_size(mentions); k++)
            check_offsets(body, cp_byte, ncp, json_array_get(mentions, k), &sc->r[R_OFFSETS]);
    }
    for (size_t i = 0; i < nsc; i++)
        check_offsets(body, cp_byte, ncp, scl[i], &sc->r[R_OFFSETS]);
    for (size_t i = 0; i < nst; i++)
        check_offsets(body, cp_byte, ncp, st[i], &sc->r[R_OFFSETS]);

    if (verbose) {
        char a[64], c[64];
        snprintf(a, sizeof a, "%zu/%zu gold, %zu returned", na, ng, ns);
        snprintf(c, sizeof c, "%zu/%zu gold, %zu returned", nc, ngc, nsc);
        printf("%-24s actors %-28s claims %-28s tariffs %zu/%zu gold, %zu returned\n", name, a, c,
               nt, ngt, nst);
    }
    sc->articles++;
    status = 0;
out:
    for (size_t i = 0; i < art.ns; i++)
        free(art.sys_norm_name[i]);
    free(art.sys_norm_name);
    free(art.sys_to_gold);
    free(pairs);
    free(ga), free(gc), free(gt), free(sa), free(scl), free(st);
    free(cp_byte);
    free(body);
    json_decref(gold);
    json_decref(sys);
    free(gpath), free(tpath), free(spath);
    return status;
}

/* ---- report ---- */

/* round(x, 3) as score.py reports it: printf rounds the exact binary value half to even,
 * as Python's round() does. */
static double round3(double x)
{
    char s[32];
    snprintf(s, sizeof s, "%.3f", x);
    return strtod(s, NULL);
}

/* repr() of a value rounded to 3 places: "0.85", "1.0". */
static const char *repr3(double x, char *s, size_t cap)
{
    snprintf(s, cap, "%.3f", round3(x));
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '0' && s[n - 2] != '.')
        s[--n] = '\0';
    return s;
}

static void prf(const struct tally *t, double *p, double *r, double *f)
{
    *p = t->tp + t->fp ? (double)t->tp / (double)(t->tp + t->fp) : 0.0;
    *r = t->tp + t->fn ? (double)t->tp / (double)(t->tp + t->fn) : 0.0;
    *f = *p + *r ? 2 * *p * *r / (*p + *r) : 0.0;
}

static bool ratio_value(const struct ratio *r, double *v)
{
    if (r->n == 0)
        return false;
    *v = (double)r->ok / (double)r->n;
    return true;
}

/* summary[k]: the F1 of a tally, or a ratio; false when it is None. */
static bool figure(const struct scores *sc, const char *k, double *v, bool *known)
{
    for (size_t i = 0; i < NTALLY; i++) {
        if (strcmp(k, tally_names[i]) == 0) {
            double p, r;
            prf(&sc->t[i], &p, &r, v);
            *v = round3(*v);
            return *known = true;
        }
    }
    for (size_t i = 0; i < NRATIO; i++) {
        if (strcmp(k, ratio_names[i]) == 0) {
            *known = true;
            if (!ratio_value(&sc->r[i], v))
                return false;
            *v = round3(*v);
            return true;
        }
    }
    *known = false;
    return false;
}

static json_t *summary_json(const struct scores *sc)
{
    json_t *o = json_object();
    json_object_set_new(o, "articles", json_integer((json_int_t)sc->articles));
    json_object_set_new(o, "missing", json_integer((json_int_t)sc->missing));
    for (size_t i = 0; i < NTALLY; i++) {
        double p, r, f;
        prf(&sc->t[i], &p, &r, &f);
        json_object_set_new(o, tally_names[i],
                            json_pack("{s:f,s:f,s:f,s:I,s:I,s:I}", "p", round3(p), "r", round3(r),
                                      "f1", round3(f), "tp", (json_int_t)sc->t[i].tp, "fp",
                                      (json_int_t)sc->t[i].fp, "fn", (json_int_t)sc->t[i].fn));
    }
    for (size_t i = 0; i < NRATIO; i++) {
        double v;
        json_object_set_new(o, ratio_names[i],
                            ratio_value(&sc->r[i], &v) ? json_real(round3(v)) : json_null());
    }
    return o;
}

static void print_text(const struct scores *sc)
{
    printf("articles %zu, missing system output %zu\n", sc->articles, sc->missing);
    for (size_t i = 0; i < NTALLY; i++) {
        double p, r, f;
        prf(&sc->t[i], &p, &r, &f);
        printf("%-12s P %.3f  R %.3f  F1 %.3f   (tp %ld, fp %ld, fn %ld)\n", tally_names[i], p, r,
               f, sc->t[i].tp, sc->t[i].fp, sc->t[i].fn);
    }
    for (size_t i = 0; i < NRATIO; i++) {
        double v;
        if (ratio_value(&sc->r[i], &v))
            printf("%-15s %.3f\n", ratio_names[i], v);
        else
            printf("%-15s n/a\n", ratio_names[i]);
    }
}

/* --require actors=0.85,claims=0.7: appends "k have < want; " for each figure not met.
 * Returns false on a malformed spec. */
static bool check_require(const struct scores *sc, const char *spec, struct buf *failed)
{
    char *copy = xstrdup(spec), *save = NULL;
    bool ok = true;
    for (char *part = strtok_r(copy, ",", &save); part != NULL; part = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(part, '=');
        char *end = NULL;
        double want = eq != NULL ? strtod(eq + 1, &end) : 0;
        if (eq == NULL || end == eq + 1 || *end != '\0') {
            fprintf(stderr, "score: bad --require part '%s'\n", part);
            ok = false;
            break;
        }
        *eq = '\0';
        double have;
        bool known;
        char hs[32], ws[32];
        if (!figure(sc, part, &have, &known)) {
            if (!known) {
                fprintf(stderr, "score: unknown figure '%s'\n", part);
                ok = false;
                break;
            }
            buf_printf(failed, "%s%s None < %s", failed->len ? "; " : "", part,
                       repr3(want, ws, sizeof ws));
        } else if (have < want) {
            buf_printf(failed, "%s%s %s < %s", failed->len ? "; " : "", part,
                       repr3(have, hs, sizeof hs), repr3(want, ws, sizeof ws));
        }
    }
    free(copy);
    return ok;
}

static int usage(void)
{
    fputs("usage: score [--verbose] [--json] [--require K=V,...] GOLD_DIR SYSTEM_DIR\n"
          "       score --body ARTICLE.txt\n"
          "       score --shape [--repair] [--file NAME] BODY JSON\n"
          "       score --shape-lines JSONL FILE...\n",
          stderr);
    return 2;
}

static int main_body(const char *path)
{
    size_t len;
    char *body = read_body(path, &len);
    if (body == NULL) {
        fprintf(stderr, "score: cannot read %s\n", path);
        return 2;
    }
    int rc = fwrite(body, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : 2;
    free(body);
    return rc;
}

/* score --shape: the output of `tradewire annotate` for BODY, checked with ann_check. With
 * --file NAME the JSON is one line of a multi-file run: {"file": NAME, "annotations": ...}. */
static int main_shape(int argc, char **argv)
{
    bool repair = false;
    const char *file = NULL;
    int i = 2;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--repair") == 0)
            repair = true;
        else if (strcmp(argv[i], "--file") == 0 && i + 1 < argc)
            file = argv[++i];
        else
            return usage();
    }
    if (argc - i != 2)
        return usage();
    size_t len;
    char *body = read_file(argv[i], &len);
    json_error_t jerr;
    json_t *doc = json_load_file(argv[i + 1], 0, &jerr);
    int status = 1;
    struct buf err;
    buf_init(&err);
    if (body == NULL || doc == NULL) {
        fprintf(stderr, "score: %s: %s\n", body == NULL ? argv[i] : argv[i + 1],
                body == NULL ? "cannot read" : jerr.text);
        goto out;
    }
    if (repair) {
        size_t n;
        char *fixed = utf8_repair(body, len, &n);
        free(body);
        body = fixed, len = n;
    }
    const json_t *ann = doc;
    if (file != NULL) {
        const json_t *f = json_object_get(doc, "file");
        if (!json_is_string(f) || strcmp(json_string_value(f), file) != 0)
            buf_printf(&err, "\"file\" is not %s\n", file);
        ann = json_object_get(doc, "annotations");
    }
    ann_check(ann, body, len, &err);
    if (err.len == 0)
        status = 0;
    else
        fprintf(stderr, "score: %s does not fit the API shape:\n%s", argv[i + 1], err.data);
out:
    buf_cleanup(&err);
    json_decref(doc);
    free(body);
    return status;
}

/* score --shape-lines JSONL FILE...: the output of `tradewire annotate FILE...`, one line per
 * FILE in order, each {"file": FILE, "annotations": ...} fitting the shape for that FILE's
 * bytes as the CLI reads them (repaired to valid UTF-8). */
static int main_shape_lines(int argc, char **argv)
{
    FILE *in = fopen(argv[2], "rb");
    if (in == NULL) {
        fprintf(stderr, "score: cannot open %s\n", argv[2]);
        return 2;
    }
    char *line = NULL;
    size_t cap = 0, bad = 0;
    int i = 3;
    ssize_t n;
    for (; (n = getline(&line, &cap, in)) > 0; i++) {
        if (i >= argc) {
            fprintf(stderr, "score: %s has more lines than files\n", argv[2]);
            bad++;
            break;
        }
        struct buf err;
        buf_init(&err);
        json_error_t jerr;
        json_t *doc = json_loadb(line, (size_t)n, 0, &jerr);
        size_t len, rlen;
        char *raw = read_file(argv[i], &len);
        char *body = raw != NULL ? utf8_repair(raw, len, &rlen) : NULL;
        const json_t *f = json_object_get(doc, "file");
        if (doc == NULL)
            buf_printf(&err, "not JSON: %s\n", jerr.text);
        else if (body == NULL)
            buf_printf(&err, "cannot read the file\n");
        else if (!json_is_string(f) || strcmp(json_string_value(f), argv[i]) != 0)
            buf_printf(&err, "\"file\" is not %s\n", argv[i]);
        else
            ann_check(json_object_get(doc, "annotations"), body, rlen, &err);
        if (err.len > 0) {
            fprintf(stderr, "score: line %d (%s) does not fit the API shape:\n%s", i - 2, argv[i],
                    err.data);
            bad++;
        }
        buf_cleanup(&err);
        json_decref(doc);
        free(raw);
        free(body);
    }
    if (i < argc) {
        fprintf(stderr, "score: %s has %d lines for %d files\n", argv[2], i - 3, argc - 3);
        bad++;
    }
    free(line);
    fclose(in);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--body") == 0)
        return main_body(argv[2]);
    if (argc >= 2 && strcmp(argv[1], "--shape") == 0)
        return main_shape(argc, argv);
    if (argc >= 3 && strcmp(argv[1], "--shape-lines") == 0)
        return main_shape_lines(argc, argv);
    bool verbose = false, as_json = false;
    const char *require = NULL, *dirs[2];
    int ndirs = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--verbose") == 0)
            verbose = true;
        else if (strcmp(argv[i], "--json") == 0)
            as_json = true;
        else if (strcmp(argv[i], "--require") == 0 && i + 1 < argc)
            require = argv[++i];
        else if (strncmp(argv[i], "--", 2) == 0 || ndirs == 2)
            return usage();
        else
            dirs[ndirs++] = argv[i];
    }
    if (ndirs != 2)
        return usage();

    char **names;
    size_t n = article_names(dirs[0], &names);
    if (n == 0) {
        fprintf(stderr, "score: no NAME.txt + NAME.json pairs in %s\n", dirs[0]);
        return 2;
    }
    struct scores sc = {0};
    int status = 0;
    for (size_t i = 0; i < n && status == 0; i++)
        status = score_article(dirs[0], dirs[1], names[i], &sc, verbose);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (status != 0)
        return status;

    if (as_json) {
        json_t *o = summary_json(&sc);
        char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15));
        puts(s);
        free(s);
        json_decref(o);
    } else {
        print_text(&sc);
    }
    struct buf failed;
    buf_init(&failed);
    if (require != NULL && !check_require(&sc, require, &failed)) {
        buf_cleanup(&failed);
        return 2;
    }
    char a[32], c[32], t[32], o[32];
    double pr, rr, fa, fc, ft, off;
    prf(&sc.t[T_ACTORS], &pr, &rr, &fa);
    prf(&sc.t[T_CLAIMS], &pr, &rr, &fc);
    prf(&sc.t[T_TARIFFS], &pr, &rr, &ft);
    bool has_off = ratio_value(&sc.r[R_OFFSETS], &off);
    printf("%s%s%sactors=%s claims=%s tariffs=%s offsets=%s\n", failed.len ? "FAIL " : "ok ",
           failed.len ? failed.data : "", failed.len ? " | " : "", repr3(fa, a, sizeof a),
           repr3(fc, c, sizeof c), repr3(ft, t, sizeof t),
           has_off ? repr3(off, o, sizeof o) : "None");
    status = failed.len ? 1 : 0;
    buf_cleanup(&failed);
    return status;
}
