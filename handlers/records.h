/* records.h - the JSON of the query API's shared schemas (openapi.json: ArticleRef, ActorRef,
 * ClaimRecord, TariffRecord), written from the structs of db_query.h, and the problem answer
 * for a failed query. The list handlers and GET /v1/actors/{id} both print claims and tariff
 * figures, so the writers live here once.
 * Threads: any (they write only the caller's buffer or response).
 */
#ifndef TW_RECORDS_H
#define TW_RECORDS_H

#include "buf.h"
#include "db_query.h"
#include "http.h"

void records_article_ref(struct buf *b, const struct db_article_ref *a);
/* The members of an ActorRef without the braces, starting with "id" (no leading comma), so
 * that ActorSummary and CoActor can continue the object. */
void records_actor_ref_members(struct buf *b, const struct db_actor_ref *a);
void records_actor_ref(struct buf *b, const struct db_actor_ref *a);
void records_claim(struct buf *b, const struct db_claim_record *c);
void records_tariff(struct buf *b, const struct db_tariff_record *t);
/* "[" item "," item ... "]" of claims or tariff figures. */
void records_claims(struct buf *b, const struct db_claim_record *c, size_t n);
void records_tariffs(struct buf *b, const struct db_tariff_record *t, size_t n);

/* Answers a failed query: TW_EINVAL is a 400 with the storage's sentence (err->detail, which
 * names the parameter) or, when it gave none, "what: invalid input"; other codes map through
 * tw_status_http (TW_EBUSY adds Retry-After). */
void records_fail(struct http_resp *resp, int rc, const struct db_query_err *err,
                  const char *what);

#endif
