/* webhook_verify.h - authenticating inbound CMS webhooks, and signing outbound ones.
 *
 * Each check is a pure function of (configured secret, request headers, raw body bytes, now):
 * no HTTP, no storage. It runs before the body is parsed or stored and returns
 *   0          authentic,
 *   TW_EINVAL  a required header is missing or malformed (the handler answers 400),
 *   TW_EAUTH   the headers are well formed but the check failed: wrong signature, wrong token,
 *              timestamp outside the tolerance (401).
 * Header names are matched case-insensitively; with repeated names the first one counts.
 *
 * Schemes:
 *   WEBHOOK_SCHEME_STANDARD  Standard Webhooks (standardwebhooks.com): headers webhook-id,
 *       webhook-timestamp (unix seconds) and webhook-signature, a space-separated list of
 *       "v1,<base64 HMAC-SHA256(key, id "." timestamp "." body)>" entries, any of which may match
 *       (entries of other versions are skipped). Secret "whsec_<base64 key>" (the prefix may be
 *       left out).
 *   WEBHOOK_SCHEME_GHOST  Ghost: "X-Ghost-Signature: sha256=<hex>, t=<unix ms>", the hex being
 *       HMAC-SHA256(secret as given, body followed by the decimal t).
 *   WEBHOOK_SCHEME_TOKEN  CMSs that sign nothing (Strapi, WordPress core, Directus): a header
 *       the CMS lets you configure must carry the configured value exactly.
 * Signed schemes accept timestamps up to WEBHOOK_TOLERANCE_SEC away from now, both ways.
 *
 * Threads: any. A struct webhook_secret is immutable once parsed, so HTTP threads may share it.
 */
#ifndef TW_WEBHOOK_VERIFY_H
#define TW_WEBHOOK_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#define WEBHOOK_TOLERANCE_SEC 300
/* Longest delivery id we accept or produce; a longer webhook-id is malformed. */
#define WEBHOOK_ID_MAX 256

enum webhook_scheme { WEBHOOK_SCHEME_STANDARD, WEBHOOK_SCHEME_GHOST, WEBHOOK_SCHEME_TOKEN };

/* One request header, borrowed from the caller. */
struct webhook_header {
    const char *name;
    const char *value;
};

struct webhook_secret;

/* Parses a configured secret. spec is, by scheme:
 *   STANDARD  "whsec_<base64>" or "<base64>": the key is the decoded bytes (at least 1 byte),
 *   GHOST     the secret as shown in Ghost admin, used as the key byte for byte,
 *   TOKEN     "<Header-Name>: <value>" (a colon then a space) for any header, or a bare token
 *             that must come as "Authorization: Bearer <token>".
 * Returns 0 and *out (free with webhook_secret_free), or TW_EINVAL when spec is empty or bad. */
int webhook_secret_parse(enum webhook_scheme scheme, const char *spec, struct webhook_secret **out);
/* Adds, for TOKEN, the name of a header that carries a per-delivery id (for example
 * "X-WC-Webhook-Delivery-ID"); without it the delivery id is a hash of the body. */
void webhook_secret_set_id_header(struct webhook_secret *s, const char *name);
/* NULL-safe; wipes the key. */
void webhook_secret_free(struct webhook_secret *s);
enum webhook_scheme webhook_secret_scheme(const struct webhook_secret *s);

/* Returns the value of header name, or NULL. */
const char *webhook_header_get(const struct webhook_header *h, size_t nh, const char *name);

/* Authenticates a delivery with s's scheme; now is the current unix time in seconds.
 * Returns 0, TW_EINVAL or TW_EAUTH as above. */
int webhook_verify(const struct webhook_secret *s, const struct webhook_header *h, size_t nh,
                   const void *body, size_t len, int64_t now);

/* The scheme-specific checks behind webhook_verify, for callers holding a raw key. */
int webhook_verify_standard(const unsigned char *key, size_t key_len,
                            const struct webhook_header *h, size_t nh, const void *body, size_t len,
                            int64_t now);
int webhook_verify_ghost(const char *secret, const struct webhook_header *h, size_t nh,
                         const void *body, size_t len, int64_t now);
int webhook_verify_token(const char *header, const char *expected, const struct webhook_header *h,
                         size_t nh);

/* The id under which a delivery is remembered to answer replays and retries with 200:
 *   STANDARD  the webhook-id value,
 *   GHOST     "ghost-sig:<hex>" (Ghost sends no id, but its retries repeat the signature),
 *   TOKEN     the configured id header when present, else "sha256:<hex of the body>".
 * Call it after webhook_verify succeeded. Returns a heap string the caller frees, or NULL when
 * the header it needs is missing. */
char *webhook_delivery_id(const struct webhook_secret *s, const struct webhook_header *h, size_t nh,
                          const void *body, size_t len);

/* Signs an outbound delivery the Standard Webhooks way: returns the webhook-signature value
 * "v1,<base64>" for (msg_id, timestamp, body) as a heap string the caller frees. */
char *webhook_sign_standard(const unsigned char *key, size_t key_len, const char *msg_id,
                            int64_t timestamp, const void *body, size_t len);
/* Same with a parsed STANDARD secret. */
char *webhook_sign(const struct webhook_secret *s, const char *msg_id, int64_t timestamp,
                   const void *body, size_t len);
/* Returns a fresh "whsec_<base64 of 32 random bytes>" secret (heap), or NULL when the system
 * has no randomness to give (getrandom failed). */
char *webhook_secret_generate(void);

#endif
