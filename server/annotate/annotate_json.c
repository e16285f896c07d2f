/* annotate_json.c - annotations to the JSON the API serves and `tradewire annotate` prints. */
#include "annotate.h"

#include <math.h>

static const char *const actor_types[] = {"person", "country", "organization"};
static const char *const tariff_kinds[] = {"rate", "covered_value"};
static const char *const comparators[] = {"eq", "gt", "lt", "approx"};
static const char *const changes[] = {"impose", "raise",    "cut",     "remove",
                                      "suspend", "threaten", "propose", "current"};

const char *actor_type_name(enum actor_type t)
{
    return actor_types[t];
}

const char *tariff_kind_name(enum tariff_kind k)
{
    return tariff_kinds[k];
}

const char *tariff_cmp_name(enum tariff_cmp c)
{
    return comparators[c];
}

const char *tariff_change_name(enum tariff_change c)
{
    return changes[c];
}

static json_t *string_or_null(const char *s)
{
    return s != NULL && *s ? json_string(s) : json_null();
}

static json_t *span_text(const char *body, const struct ann_span *s)
{
    return json_stringn(body + s->byte_start, s->byte_end - s->byte_start);
}

static void set_span(json_t *o, const char *body, const struct ann_span *s)
{
    json_object_set_new(o, "text", span_text(body, s));
    json_object_set_new(o, "start", json_integer(s->start));
    json_object_set_new(o, "end", json_integer(s->end));
}

/* Whole numbers print as integers ("value": 25), the rest as reals. */
static json_t *number(double v)
{
    if (v == floor(v) && fabs(v) < 9e15)
        return json_integer((json_int_t)v);
    return json_real(v);
}

static json_t *actor_json(const struct ann_actor *a, size_t id, const char *body)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer((json_int_t)id));
    json_object_set_new(o, "name", json_string(a->name));
    json_object_set_new(o, "type", json_string(actor_type_name(a->type)));
    json_object_set_new(o, "country", string_or_null(a->country));
    json_object_set_new(o, "role", string_or_null(a->role));
    json_t *aliases = json_array(), *mentions = json_array();
    for (size_t i = 0; i < a->nmentions; i++) {
        const struct ann_span *m = &a->mentions[i];
        json_t *mo = json_object();
        set_span(mo, body, m);
        json_array_append_new(mentions, mo);
        json_t *text = span_text(body, m);
        bool seen = json_equal(text, json_object_get(o, "name"));
        for (size_t k = 0; !seen && k < json_array_size(aliases); k++)
            seen = json_equal(text, json_array_get(aliases, k));
        if (seen)
            json_decref(text);
        else
            json_array_append_new(aliases, text);
    }
    json_object_set_new(o, "aliases", aliases);
    json_object_set_new(o, "mentions", mentions);
    return o;
}

static json_t *claim_json(const struct annotations *a, const struct ann_claim *c, size_t id,
                          const char *body)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer((json_int_t)id));
    bool has = c->speaker >= 0 && (size_t)c->speaker < a->nactors;
    json_object_set_new(o, "speaker", has ? json_string(a->actors[c->speaker].name) : json_null());
    json_object_set_new(o, "speaker_id", has ? json_integer(c->speaker + 1) : json_null());
    json_object_set_new(o, "direct", json_boolean(c->direct));
    json_object_set_new(o, "cue", string_or_null(c->cue));
    set_span(o, body, &c->span);
    return o;
}

static json_t *tariff_json(const struct ann_tariff *t, size_t id, const char *body)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer((json_int_t)id));
    json_object_set_new(o, "kind", json_string(tariff_kind_name(t->kind)));
    json_object_set_new(o, "value", number(t->value));
    json_object_set_new(o, "unit", json_string(t->unit));
    json_object_set_new(o, "per", string_or_null(t->per));
    json_object_set_new(o, "comparator", json_string(tariff_cmp_name(t->comparator)));
    json_object_set_new(o, "imposer", string_or_null(t->imposer));
    json_object_set_new(o, "target", string_or_null(t->target));
    json_t *products = json_array();
    for (size_t i = 0; i < t->nproducts; i++)
        json_array_append_new(products, json_string(t->products[i]));
    json_object_set_new(o, "products", products);
    json_object_set_new(o, "change", json_string(tariff_change_name(t->change)));
    set_span(o, body, &t->span);
    return o;
}

json_t *annotations_to_json(const struct annotations *a, const char *body)
{
    json_t *actors = json_array(), *claims = json_array(), *tariffs = json_array();
    for (size_t i = 0; i < a->nactors; i++)
        json_array_append_new(actors, actor_json(&a->actors[i], i + 1, body));
    for (size_t i = 0; i < a->nclaims; i++)
        json_array_append_new(claims, claim_json(a, &a->claims[i], i + 1, body));
    for (size_t i = 0; i < a->ntariffs; i++)
        json_array_append_new(tariffs, tariff_json(&a->tariffs[i], i + 1, body));
    json_t *o = json_object();
    json_object_set_new(o, "actors", actors);
    json_object_set_new(o, "claims", claims);
    json_object_set_new(o, "tariffs", tariffs);
    return o;
}
