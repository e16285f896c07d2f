/* records.c - see records.h. Field order follows openapi.json, which makes answers easy to
 * compare with the document by eye. */
#include "records.h"

#include "jsonw.h"
#include "problem.h"
#include "status.h"

void records_article_ref(struct buf *b, const struct db_article_ref *a)
{
    buf_printf(b, "{\"id\":%lld", (long long)a->id);
    jsonw_field_str(b, "title", a->title);
    jsonw_field_str(b, "date", a->date);
    buf_putc(b, '}');
}

void records_actor_ref_members(struct buf *b, const struct db_actor_ref *a)
{
    buf_printf(b, "\"id\":%lld", (long long)a->id);
    jsonw_field_str(b, "name", a->name);
    jsonw_field_str(b, "type", actor_type_name(a->type));
    jsonw_field_str(b, "country", a->country[0] != '\0' ? a->country : NULL);
}

void records_actor_ref(struct buf *b, const struct db_actor_ref *a)
{
    buf_putc(b, '{');
    records_actor_ref_members(b, a);
    buf_putc(b, '}');
}

void records_claim(struct buf *b, const struct db_claim_record *c)
{
    buf_printf(b, "{\"id\":%lld", (long long)c->id);
    jsonw_key(b, "article");
    records_article_ref(b, &c->article);
    jsonw_key(b, "speaker");
    if (c->has_speaker)
        records_actor_ref(b, &c->speaker);
    else
        buf_puts(b, "null");
    jsonw_field_bool(b, "direct", c->direct);
    jsonw_field_str(b, "cue", c->cue);
    jsonw_field_str(b, "text", c->text);
    jsonw_field_int(b, "start", c->start);
    jsonw_field_int(b, "end", c->end);
    buf_putc(b, '}');
}

void records_tariff(struct buf *b, const struct db_tariff_record *t)
{
    buf_printf(b, "{\"id\":%lld", (long long)t->id);
    jsonw_key(b, "article");
    records_article_ref(b, &t->article);
    jsonw_field_str(b, "sentence", t->sentence);
    jsonw_field_str(b, "kind", tariff_kind_name(t->kind));
    jsonw_key(b, "value");
    if (t->has_value)
        jsonw_micros(b, t->value_micros);
    else
        buf_puts(b, "null");
    jsonw_field_str(b, "unit", t->unit);
    jsonw_field_str(b, "per", t->per);
    jsonw_field_str(b, "comparator", tariff_cmp_name(t->comparator));
    jsonw_field_str(b, "imposer", t->imposer);
    jsonw_field_str(b, "target", t->target);
    jsonw_key(b, "products");
    buf_putc(b, '[');
    for (size_t i = 0; i < t->nproducts; i++) {
        if (i > 0)
            buf_putc(b, ',');
        jsonw_cstr(b, t->products[i]);
    }
    buf_putc(b, ']');
    jsonw_field_str(b, "change", tariff_change_name(t->change));
    jsonw_field_str(b, "text", t->text);
    jsonw_field_int(b, "start", t->start);
    jsonw_field_int(b, "end", t->end);
    buf_putc(b, '}');
}

void records_claims(struct buf *b, const struct db_claim_record *c, size_t n)
{
    buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            buf_putc(b, ',');
        records_claim(b, &c[i]);
    }
    buf_putc(b, ']');
}

void records_tariffs(struct buf *b, const struct db_tariff_record *t, size_t n)
{
    buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            buf_putc(b, ',');
        records_tariff(b, &t[i]);
    }
    buf_putc(b, ']');
}

void records_fail(struct http_resp *resp, int rc, const struct db_query_err *err,
                  const char *what)
{
    if (rc == TW_EINVAL && err != NULL && err->detail[0] != '\0') {
        problem_set(resp, 400, "%s", err->detail);
        return;
    }
    problem_from_status(resp, rc, what);
    if (rc == TW_EBUSY)
        http_resp_header(resp, "Retry-After", "1");
}
