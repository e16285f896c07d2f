/* ann_check.c - the output contract of the engine, checked from its JSON. */
#include "ann_check.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* Messages past this many are counted but not written: a megabyte of bad output would
 * otherwise bury the first, most useful line. */
#define MAX_MESSAGES 20

struct ctx {
    const char *body;
    size_t *cp_byte; /* byte offset of each code point, plus one past the end */
    size_t ncp;
    struct buf *err;
    size_t nerr;
};

static void fail(struct ctx *c, const char *where, size_t id, const char *what)
{
    if (c->err != NULL && c->nerr < MAX_MESSAGES)
        buf_printf(c->err, "%s %zu: %s\n", where, id, what);
    c->nerr++;
}

static bool is_string_or_null(const json_t *v)
{
    return v != NULL && (json_is_string(v) || json_is_null(v));
}

static bool in_list(const json_t *v, const char *const *list)
{
    if (!json_is_string(v))
        return false;
    for (size_t i = 0; list[i] != NULL; i++)
        if (strcmp(json_string_value(v), list[i]) == 0)
            return true;
    return false;
}

/* An ISO 3166 alpha-2 code, "EU", or (when star) "*"; null allowed. */
static bool is_code_or_null(const json_t *v, bool star)
{
    if (json_is_null(v))
        return true;
    if (!json_is_string(v))
        return false;
    const char *s = json_string_value(v);
    if (star && strcmp(s, "*") == 0)
        return true;
    return json_string_length(v) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

/* The span fields of a mention, claim or tariff: start, end and text agree with the body. */
static void check_span(struct ctx *c, const json_t *o, const char *where, size_t id)
{
    const json_t *start = json_object_get(o, "start"), *end = json_object_get(o, "end");
    const json_t *text = json_object_get(o, "text");
    if (!json_is_integer(start) || !json_is_integer(end) || !json_is_string(text)) {
        fail(c, where, id, "start, end (integers) and text (string) required");
        return;
    }
    json_int_t s = json_integer_value(start), e = json_integer_value(end);
    if (s < 0 || s >= e || (size_t)e > c->ncp) {
        fail(c, where, id, "offsets out of range (need 0 <= start < end <= body length)");
        return;
    }
    size_t b0 = c->cp_byte[s], b1 = c->cp_byte[e];
    if (json_string_length(text) != b1 - b0 ||
        memcmp(json_string_value(text), c->body + b0, b1 - b0) != 0)
        fail(c, where, id, "text differs from the body at [start, end)");
}

static void check_actor(struct ctx *c, const json_t *a, size_t id)
{
    static const char *const types[] = {"person", "country", "organization", NULL};
    if (!json_is_object(a)) {
        fail(c, "actor", id, "not an object");
        return;
    }
    const json_t *jid = json_object_get(a, "id"), *name = json_object_get(a, "name");
    if (!json_is_integer(jid) || json_integer_value(jid) != (json_int_t)id)
        fail(c, "actor", id, "id is not its 1-based position");
    if (!json_is_string(name) || json_string_length(name) == 0)
        fail(c, "actor", id, "name must be a non-empty string");
    if (!in_list(json_object_get(a, "type"), types))
        fail(c, "actor", id, "type must be person, country or organization");
    if (!is_code_or_null(json_object_get(a, "country"), false))
        fail(c, "actor", id, "country must be a two-letter code or null");
    if (!is_string_or_null(json_object_get(a, "role")))
        fail(c, "actor", id, "role must be a string or null");
    const json_t *aliases = json_object_get(a, "aliases");
    if (!json_is_array(aliases)) {
        fail(c, "actor", id, "aliases must be an array");
    } else {
        for (size_t i = 0; i < json_array_size(aliases); i++)
            if (!json_is_string(json_array_get(aliases, i)))
                fail(c, "actor", id, "aliases must hold strings");
    }
    const json_t *mentions = json_object_get(a, "mentions");
    if (!json_is_array(mentions) || json_array_size(mentions) == 0) {
        fail(c, "actor", id, "mentions must be a non-empty array");
        return;
    }
    for (size_t i = 0; i < json_array_size(mentions); i++) {
        const json_t *m = json_array_get(mentions, i);
        if (!json_is_object(m))
            fail(c, "actor", id, "a mention is not an object");
        else
            check_span(c, m, "mention of actor", id);
    }
}

static void check_claim(struct ctx *c, const json_t *cl, size_t id, const json_t *actors)
{
    if (!json_is_object(cl)) {
        fail(c, "claim", id, "not an object");
        return;
    }
    const json_t *jid = json_object_get(cl, "id");
    if (!json_is_integer(jid) || json_integer_value(jid) != (json_int_t)id)
        fail(c, "claim", id, "id is not its 1-based position");
    const json_t *speaker = json_object_get(cl, "speaker");
    const json_t *sid = json_object_get(cl, "speaker_id");
    if (!is_string_or_null(speaker))
        fail(c, "claim", id, "speaker must be a string or null");
    if (json_is_integer(sid)) {
        json_int_t k = json_integer_value(sid);
        const json_t *actor = k >= 1 && (size_t)k <= json_array_size(actors)
                                  ? json_array_get(actors, (size_t)k - 1)
                                  : NULL;
        if (actor == NULL)
            fail(c, "claim", id, "speaker_id names no actor");
        else if (!json_equal(json_object_get(actor, "name"), speaker))
            fail(c, "claim", id, "speaker is not the name of the speaker_id actor");
    } else if (!json_is_null(sid) || !json_is_null(speaker)) {
        fail(c, "claim", id, "speaker_id must be an actor id, or null with a null speaker");
    }
    if (!json_is_boolean(json_object_get(cl, "direct")))
        fail(c, "claim", id, "direct must be a boolean");
    if (!is_string_or_null(json_object_get(cl, "cue")))
        fail(c, "claim", id, "cue must be a string or null");
    check_span(c, cl, "claim", id);
}

static void check_tariff(struct ctx *c, const json_t *t, size_t id)
{
    static const char *const kinds[] = {"rate", "covered_value", NULL};
    static const char *const cmps[] = {"eq", "gt", "lt", "approx", NULL};
    static const char *const changes[] = {"impose",   "raise",   "cut",     "remove", "suspend",
                                          "threaten", "propose", "current", NULL};
    if (!json_is_object(t)) {
        fail(c, "tariff", id, "not an object");
        return;
    }
    const json_t *jid = json_object_get(t, "id");
    if (!json_is_integer(jid) || json_integer_value(jid) != (json_int_t)id)
        fail(c, "tariff", id, "id is not its 1-based position");
    if (!in_list(json_object_get(t, "kind"), kinds))
        fail(c, "tariff", id, "kind must be rate or covered_value");
    if (!json_is_number(json_object_get(t, "value")))
        fail(c, "tariff", id, "value must be a number");
    const json_t *unit = json_object_get(t, "unit");
    if (!json_is_string(unit) || json_string_length(unit) == 0)
        fail(c, "tariff", id, "unit must be a non-empty string");
    if (!is_string_or_null(json_object_get(t, "per")))
        fail(c, "tariff", id, "per must be a string or null");
    if (!in_list(json_object_get(t, "comparator"), cmps))
        fail(c, "tariff", id, "comparator must be eq, gt, lt or approx");
    if (!is_code_or_null(json_object_get(t, "imposer"), false))
        fail(c, "tariff", id, "imposer must be a two-letter code or null");
    if (!is_code_or_null(json_object_get(t, "target"), true))
        fail(c, "tariff", id, "target must be a two-letter code, \"*\" or null");
    const json_t *products = json_object_get(t, "products");
    if (!json_is_array(products)) {
        fail(c, "tariff", id, "products must be an array");
    } else {
        for (size_t i = 0; i < json_array_size(products); i++)
            if (!json_is_string(json_array_get(products, i)))
                fail(c, "tariff", id, "products must hold strings");
    }
    if (!in_list(json_object_get(t, "change"), changes))
        fail(c, "tariff", id, "change is not one of the guideline's values");
    check_span(c, t, "tariff", id);
}

size_t ann_check(const json_t *ann, const char *body, size_t len, struct buf *err)
{
    struct ctx c = {.body = body, .err = err};
    if (!json_is_object(ann)) {
        fail(&c, "annotations", 0, "not an object");
        return c.nerr;
    }
    const json_t *actors = json_object_get(ann, "actors");
    const json_t *claims = json_object_get(ann, "claims");
    const json_t *tariffs = json_object_get(ann, "tariffs");
    if (!json_is_array(actors) || !json_is_array(claims) || !json_is_array(tariffs)) {
        fail(&c, "annotations", 0, "actors, claims and tariffs must be arrays");
        return c.nerr;
    }
    /* Code point i starts at byte cp_byte[i]; counting lead bytes works for any bytes. */
    c.cp_byte = xmalloc((len + 1) * sizeof *c.cp_byte);
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)body[i] & 0xC0) != 0x80)
            c.cp_byte[c.ncp++] = i;
    c.cp_byte[c.ncp] = len;
    for (size_t i = 0; i < json_array_size(actors); i++)
        check_actor(&c, json_array_get(actors, i), i + 1);
    for (size_t i = 0; i < json_array_size(claims); i++)
        check_claim(&c, json_array_get(claims, i), i + 1, actors);
    for (size_t i = 0; i < json_array_size(tariffs); i++)
        check_tariff(&c, json_array_get(tariffs, i), i + 1);
    free(c.cp_byte);
    return c.nerr;
}
