/* Webhook authentication.
 *
 * Ghost's scheme, as implemented by Ghost itself (TryGhost/Ghost,
 * ghost/core/core/server/services/webhooks/webhook-trigger.js, and the PR that added the
 * timestamp, TryGhost/Ghost#20500 "Added timestamp to webhook signature hash"): the sender
 * serialises the payload once (reqPayload), takes ts = Date.now() (milliseconds), and sends
 *     X-Ghost-Signature: sha256=<hex HMAC-SHA256(secret, reqPayload + ts)>, t=<ts>
 * where the key is the secret string as configured and the message is the body bytes exactly
 * as sent followed by the decimal ts, with no separator.
 */
#include "webhook_verify.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "base64.h"
#include "ctcmp.h"
#include "hex.h"
#include "mem.h"
#include "sha256.h"
#include "status.h"

#define GHOST_TOLERANCE_MS ((int64_t)WEBHOOK_TOLERANCE_SEC * 1000)
#define SECRET_RANDOM_BYTES 32

struct webhook_secret {
    enum webhook_scheme scheme;
    unsigned char *key; /* STANDARD: decoded whsec; GHOST: the secret's bytes */
    size_t key_len;
    char *token_header; /* TOKEN */
    char *token_value;  /* TOKEN */
    char *id_header;    /* TOKEN, optional */
};

/* Headers that carry a per-delivery id in the CMSs we know, tried when none is configured:
 * the Standard Webhooks one and WooCommerce's. */
static const char *const known_id_headers[] = {"webhook-id", "X-WC-Webhook-Delivery-ID"};

static bool is_tchar(unsigned char c)
{
    /* RFC 9110 token characters, the ones a header name may contain. */
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool has_ctl(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

/* Parses an unsigned decimal of 1..18 digits (no sign, no space) into *out. */
static bool parse_u64(const char *s, size_t n, int64_t *out)
{
    if (n == 0 || n > 18)
        return false;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static int64_t absdiff(int64_t a, int64_t b)
{
    return a > b ? a - b : b - a;
}

int webhook_secret_parse(enum webhook_scheme scheme, const char *spec, struct webhook_secret **out)
{
    if (spec == NULL || *spec == '\0' || has_ctl(spec))
        return TW_EINVAL;
    struct webhook_secret *s = xcalloc(1, sizeof *s);
    s->scheme = scheme;
    switch (scheme) {
    case WEBHOOK_SCHEME_STANDARD: {
        const char *b64 = strncmp(spec, "whsec_", 6) == 0 ? spec + 6 : spec;
        if (base64_decode(b64, strlen(b64), BASE64_STD, &s->key, &s->key_len) != 0 ||
            s->key_len == 0) {
            webhook_secret_free(s);
            return TW_EINVAL;
        }
        break;
    }
    case WEBHOOK_SCHEME_GHOST:
        s->key = (unsigned char *)xstrdup(spec);
        s->key_len = strlen(spec);
        break;
    case WEBHOOK_SCHEME_TOKEN: {
        const char *colon = strstr(spec, ": ");
        size_t nlen = colon ? (size_t)(colon - spec) : 0;
        bool named = nlen > 0;
        for (size_t i = 0; named && i < nlen; i++)
            named = is_tchar((unsigned char)spec[i]);
        if (named) {
            const char *v = colon + 2;
            while (*v == ' ')
                v++;
            if (*v == '\0') {
                webhook_secret_free(s);
                return TW_EINVAL;
            }
            s->token_header = xstrndup(spec, nlen);
            s->token_value = xstrdup(v);
        } else {
            s->token_header = xstrdup("Authorization");
            s->token_value = xasprintf("Bearer %s", spec);
        }
        break;
    }
    default:
        webhook_secret_free(s);
        return TW_EINVAL;
    }
    *out = s;
    return 0;
}

void webhook_secret_set_id_header(struct webhook_secret *s, const char *name)
{
    free(s->id_header);
    s->id_header = name ? xstrdup(name) : NULL;
}

void webhook_secret_free(struct webhook_secret *s)
{
    if (s == NULL)
        return;
    if (s->key) {
        xwipe(s->key, s->key_len);
        free(s->key);
    }
    if (s->token_value) {
        xwipe(s->token_value, strlen(s->token_value));
        free(s->token_value);
    }
    free(s->token_header);
    free(s->id_header);
    free(s);
}

enum webhook_scheme webhook_secret_scheme(const struct webhook_secret *s)
{
    return s->scheme;
}

const char *webhook_header_get(const struct webhook_header *h, size_t nh, const char *name)
{
    for (size_t i = 0; i < nh; i++)
        if (h[i].name && h[i].value && strcasecmp(h[i].name, name) == 0)
            return h[i].value;
    return NULL;
}

static void standard_mac(const unsigned char *key, size_t key_len, const char *id, const char *ts,
                         const void *body, size_t len, unsigned char mac[SHA256_DIGEST_LEN])
{
    struct sha256_hmac c;
    sha256_hmac_init(&c, key, key_len);
    sha256_hmac_update(&c, id, strlen(id));
    sha256_hmac_update(&c, ".", 1);
    sha256_hmac_update(&c, ts, strlen(ts));
    sha256_hmac_update(&c, ".", 1);
    sha256_hmac_update(&c, body, len);
    sha256_hmac_final(&c, mac);
}

int webhook_verify_standard(const unsigned char *key, size_t key_len,
                            const struct webhook_header *h, size_t nh, const void *body, size_t len,
                            int64_t now)
{
    const char *id = webhook_header_get(h, nh, "webhook-id");
    const char *ts = webhook_header_get(h, nh, "webhook-timestamp");
    const char *sig = webhook_header_get(h, nh, "webhook-signature");
    int64_t t;
    if (id == NULL || ts == NULL || sig == NULL)
        return TW_EINVAL;
    if (*id == '\0' || strlen(id) > WEBHOOK_ID_MAX || has_ctl(id))
        return TW_EINVAL;
    if (!parse_u64(ts, strlen(ts), &t))
        return TW_EINVAL;

    /* Parse every entry before judging, so that a malformed header is a 400 whatever the
     * timestamp says. */
    size_t entries = 0;
    for (const char *p = sig; *p;) {
        while (*p == ' ')
            p++;
        const char *e = p + strcspn(p, " ");
        if (e > p) {
            const char *comma = memchr(p, ',', (size_t)(e - p));
            if (comma == NULL || comma == p || comma + 1 == e)
                return TW_EINVAL;
            entries++;
        }
        p = e;
    }
    if (entries == 0)
        return TW_EINVAL;
    if (absdiff(t, now) > WEBHOOK_TOLERANCE_SEC)
        return TW_EAUTH;

    unsigned char mac[SHA256_DIGEST_LEN];
    standard_mac(key, key_len, id, ts, body, len, mac);
    bool ok = false;
    for (const char *p = sig; *p;) {
        while (*p == ' ')
            p++;
        const char *e = p + strcspn(p, " ");
        const char *comma = e > p ? memchr(p, ',', (size_t)(e - p)) : NULL;
        if (comma && comma - p == 2 && memcmp(p, "v1", 2) == 0) {
            unsigned char got[SHA256_DIGEST_LEN + 3];
            size_t glen;
            /* Not short-circuited: every v1 entry costs the same whether or not one matched. */
            if (base64_decode_to(comma + 1, (size_t)(e - comma - 1), BASE64_STD, got, sizeof got,
                                 &glen) == 0 &&
                glen == SHA256_DIGEST_LEN)
                ok |= ctcmp_mem(got, mac, SHA256_DIGEST_LEN);
        }
        p = e;
    }
    xwipe(mac, sizeof mac);
    return ok ? 0 : TW_EAUTH;
}

/* Splits "sha256=<hex>, t=<ms>" (items in any order, spaces around commas, other keys
 * skipped). Returns false when either part is missing or malformed. */
static bool parse_ghost(const char *v, unsigned char mac[SHA256_DIGEST_LEN], const char **t,
                        size_t *tlen, int64_t *ms)
{
    bool have_mac = false, have_t = false;
    for (const char *p = v; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *e = p + strcspn(p, ",");
        const char *end = e;
        while (end > p && end[-1] == ' ')
            end--;
        if (end - p > 7 && strncmp(p, "sha256=", 7) == 0) {
            size_t n;
            if (hex_decode_to(p + 7, (size_t)(end - p - 7), mac, SHA256_DIGEST_LEN, &n) != 0 ||
                n != SHA256_DIGEST_LEN)
                return false;
            have_mac = true;
        } else if (end - p > 2 && strncmp(p, "t=", 2) == 0) {
            if (!parse_u64(p + 2, (size_t)(end - p - 2), ms))
                return false;
            *t = p + 2;
            *tlen = (size_t)(end - p - 2);
            have_t = true;
        }
        p = e;
    }
    return have_mac && have_t;
}

static int verify_ghost_key(const unsigned char *key, size_t key_len,
                            const struct webhook_header *h, size_t nh, const void *body, size_t len,
                            int64_t now)
{
    const char *v = webhook_header_get(h, nh, "X-Ghost-Signature");
    unsigned char got[SHA256_DIGEST_LEN], mac[SHA256_DIGEST_LEN];
    const char *t;
    size_t tlen;
    int64_t ms;
    if (v == NULL || !parse_ghost(v, got, &t, &tlen, &ms))
        return TW_EINVAL;
    if (absdiff(ms, now * 1000) > GHOST_TOLERANCE_MS)
        return TW_EAUTH;
    struct sha256_hmac c;
    sha256_hmac_init(&c, key, key_len);
    sha256_hmac_update(&c, body, len);
    sha256_hmac_update(&c, t, tlen);
    sha256_hmac_final(&c, mac);
    bool ok = ctcmp_mem(got, mac, sizeof mac);
    xwipe(mac, sizeof mac);
    return ok ? 0 : TW_EAUTH;
}

int webhook_verify_ghost(const char *secret, const struct webhook_header *h, size_t nh,
                         const void *body, size_t len, int64_t now)
{
    return verify_ghost_key((const unsigned char *)secret, strlen(secret), h, nh, body, len, now);
}

int webhook_verify_token(const char *header, const char *expected, const struct webhook_header *h,
                         size_t nh)
{
    const char *v = webhook_header_get(h, nh, header);
    if (v == NULL)
        return TW_EINVAL;
    return ctcmp_bytes(v, strlen(v), expected, strlen(expected)) ? 0 : TW_EAUTH;
}

int webhook_verify(const struct webhook_secret *s, const struct webhook_header *h, size_t nh,
                   const void *body, size_t len, int64_t now)
{
    switch (s->scheme) {
    case WEBHOOK_SCHEME_STANDARD:
        return webhook_verify_standard(s->key, s->key_len, h, nh, body, len, now);
    case WEBHOOK_SCHEME_GHOST:
        return verify_ghost_key(s->key, s->key_len, h, nh, body, len, now);
    case WEBHOOK_SCHEME_TOKEN:
        return webhook_verify_token(s->token_header, s->token_value, h, nh);
    }
    return TW_EAUTH;
}

/* Returns prefix followed by the hex SHA-256 of p; the caller frees it. */
static char *prefixed_sha256(const char *prefix, const void *p, size_t n)
{
    unsigned char d[SHA256_DIGEST_LEN];
    char hex[2 * SHA256_DIGEST_LEN + 1];
    sha256(p, n, d);
    hex_encode_to(d, sizeof d, hex);
    return xasprintf("%s%s", prefix, hex);
}

/* An id that is short and printable is used as is; anything else is replaced by its hash so
 * that the replay table never stores attacker-sized or binary keys. */
static char *id_or_hash(const char *v)
{
    if (*v && strlen(v) <= WEBHOOK_ID_MAX && !has_ctl(v))
        return xstrdup(v);
    return prefixed_sha256("id-sha256:", v, strlen(v));
}

char *webhook_delivery_id(const struct webhook_secret *s, const struct webhook_header *h, size_t nh,
                          const void *body, size_t len)
{
    const char *v = NULL;
    switch (s->scheme) {
    case WEBHOOK_SCHEME_STANDARD:
        v = webhook_header_get(h, nh, "webhook-id");
        return v ? id_or_hash(v) : NULL;
    case WEBHOOK_SCHEME_GHOST: {
        unsigned char mac[SHA256_DIGEST_LEN];
        char hex[2 * SHA256_DIGEST_LEN + 1];
        const char *t;
        size_t tlen;
        int64_t ms;
        v = webhook_header_get(h, nh, "X-Ghost-Signature");
        if (v == NULL || !parse_ghost(v, mac, &t, &tlen, &ms))
            return NULL;
        hex_encode_to(mac, sizeof mac, hex);
        return xasprintf("ghost-sig:%s", hex);
    }
    case WEBHOOK_SCHEME_TOKEN: {
        if (s->id_header)
            v = webhook_header_get(h, nh, s->id_header);
        for (size_t i = 0; v == NULL && i < sizeof known_id_headers / sizeof *known_id_headers; i++)
            v = webhook_header_get(h, nh, known_id_headers[i]);
        if (v && *v)
            return id_or_hash(v);
        return prefixed_sha256("sha256:", body, len);
    }
    }
    return NULL;
}

char *webhook_sign_standard(const unsigned char *key, size_t key_len, const char *msg_id,
                            int64_t timestamp, const void *body, size_t len)
{
    char ts[24];
    unsigned char mac[SHA256_DIGEST_LEN];
    char b64[64];
    snprintf(ts, sizeof ts, "%lld", (long long)timestamp);
    standard_mac(key, key_len, msg_id, ts, body, len, mac);
    base64_encode_to(mac, sizeof mac, BASE64_STD, b64);
    xwipe(mac, sizeof mac);
    return xasprintf("v1,%s", b64);
}

char *webhook_sign(const struct webhook_secret *s, const char *msg_id, int64_t timestamp,
                   const void *body, size_t len)
{
    if (s->scheme != WEBHOOK_SCHEME_STANDARD)
        return NULL;
    return webhook_sign_standard(s->key, s->key_len, msg_id, timestamp, body, len);
}

char *webhook_secret_generate(void)
{
    unsigned char raw[SECRET_RANDOM_BYTES];
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return NULL;
        got += (size_t)n;
    }
    char b64[64];
    base64_encode_to(raw, sizeof raw, BASE64_STD, b64);
    xwipe(raw, sizeof raw);
    return xasprintf("whsec_%s", b64);
}
