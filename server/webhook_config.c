/* webhook_config.c - parsing the inbound webhook sources (see webhook_config.h). Everything is
 * checked here at start-up, pointers included, so a request never meets a bad configuration. */
#include "webhook_config.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "status.h"

static bool name_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > WEBHOOK_SOURCE_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

static void source_cleanup(struct webhook_source *s)
{
    free(s->name);
    webhook_secret_free(s->secret);
    free(s->token_header);
    free(s->id_header);
    free((char *)(uintptr_t)s->map.id);
    free((char *)(uintptr_t)s->map.title);
    free((char *)(uintptr_t)s->map.body);
    free((char *)(uintptr_t)s->map.html);
    free((char *)(uintptr_t)s->map.url);
    free((char *)(uintptr_t)s->map.date);
    free((char *)(uintptr_t)s->map.event);
    memset(s, 0, sizeof *s);
}

/* Builds *out from its parts (all borrowed); on failure writes err and leaves nothing to free.
 * secret is the scheme's spec, or for token kinds with token_header, the header's value. */
static int source_build(const struct webhook_sources *ws, const char *name, const char *kind,
                        const char *secret, const char *token_header, const char *id_header,
                        struct webhook_source *out, const char *from, char *err, size_t errlen)
{
    struct webhook_source s = {0};
    char *spec = NULL;
    int rc = TW_EINVAL;
    if (!name_valid(name)) {
        snprintf(err, errlen, "%s: source '%s' must be 1 to %d of A-Z a-z 0-9 . _ -", from,
                 name, WEBHOOK_SOURCE_MAX);
        goto out;
    }
    if (webhook_config_find(ws, name) != NULL) {
        snprintf(err, errlen, "%s: source '%s' is configured twice", from, name);
        goto out;
    }
    if (cms_payload_kind_parse(kind, &s.kind) != TW_OK) {
        snprintf(err, errlen, "%s: kind '%s' of source '%s' is not one of standard, ghost, "
                 "wordpress, strapi, generic", from, kind, name);
        goto out;
    }
    enum webhook_scheme scheme = cms_payload_kind_scheme(s.kind);
    if (token_header != NULL && scheme != WEBHOOK_SCHEME_TOKEN) {
        snprintf(err, errlen, "%s: source '%s': token_header is only for token kinds "
                 "(wordpress, strapi, generic)", from, name);
        goto out;
    }
    spec = token_header != NULL ? xasprintf("%s: %s", token_header, secret) : xstrdup(secret);
    if (webhook_secret_parse(scheme, spec, &s.secret) != TW_OK) {
        snprintf(err, errlen, "%s: the secret of source '%s' is not valid for kind %s%s", from,
                 name, kind,
                 scheme == WEBHOOK_SCHEME_STANDARD ? " (want whsec_ and base64)"
                 : scheme == WEBHOOK_SCHEME_TOKEN  ? " (want 'Header-Name: value' or a token)"
                                                   : "");
        goto out;
    }
    if (scheme == WEBHOOK_SCHEME_TOKEN) {
        const char *colon = strstr(spec, ": ");
        /* The same split as webhook_secret_parse: a bare token goes in Authorization. */
        bool named = colon != NULL && colon > spec &&
                     strcspn(spec, " \t:") == (size_t)(colon - spec);
        s.token_header = named ? xstrndup(spec, (size_t)(colon - spec)) : xstrdup("Authorization");
        if (id_header != NULL) {
            webhook_secret_set_id_header(s.secret, id_header);
            s.id_header = xstrdup(id_header);
        }
    } else if (id_header != NULL) {
        snprintf(err, errlen, "%s: source '%s': id_header is only for token kinds", from, name);
        goto out;
    }
    s.name = xstrdup(name);
    *out = s;
    memset(&s, 0, sizeof s);
    rc = TW_OK;
out:
    if (spec != NULL) {
        memset(spec, 0, strlen(spec));
        free(spec);
    }
    source_cleanup(&s);
    return rc;
}

static void push(struct webhook_sources *ws, struct webhook_source *s)
{
    ws->items = xrealloc(ws->items, (ws->n + 1) * sizeof *ws->items);
    ws->items[ws->n++] = *s;
}

int webhook_config_add_spec(struct webhook_sources *ws, const char *spec, char *err,
                            size_t errlen)
{
    const char *eq = strchr(spec, '=');
    const char *colon = eq != NULL ? strchr(eq + 1, ':') : NULL;
    if (eq == NULL || colon == NULL || colon[1] == '\0') {
        /* The spec is not echoed: it may hold a secret. */
        snprintf(err, errlen, "--webhook: an item is not SOURCE=KIND:SECRET");
        return TW_EINVAL;
    }
    char *name = xstrndup(spec, (size_t)(eq - spec));
    char *kind = xstrndup(eq + 1, (size_t)(colon - eq - 1));
    struct webhook_source s = {0};
    int rc = source_build(ws, name, kind, colon + 1, NULL, NULL, &s, "--webhook", err, errlen);
    if (rc == TW_OK && s.kind == CMS_GENERIC) {
        snprintf(err, errlen, "--webhook: generic source '%s' needs a mapping: configure it "
                 "in --webhook-config", name);
        source_cleanup(&s);
        rc = TW_EINVAL;
    }
    if (rc == TW_OK)
        push(ws, &s);
    free(name);
    free(kind);
    return rc;
}

/* Reads optional string member key of o into *out (NULL when absent). */
static int opt_str(const json_t *o, const char *key, const char **out, const char *where,
                   char *err, size_t errlen)
{
    const json_t *v = json_object_get(o, key);
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return TW_OK;
    if (!json_is_string(v) || json_string_length(v) == 0 ||
        strlen(json_string_value(v)) != json_string_length(v)) {
        snprintf(err, errlen, "%s: \"%s\" must be a non-empty string", where, key);
        return TW_EINVAL;
    }
    *out = json_string_value(v);
    return TW_OK;
}

static int read_mapping(const json_t *m, struct webhook_source *s, const char *where, char *err,
                        size_t errlen)
{
    static const char *const keys[] = {"id", "title", "body", "html", "url", "date", "event"};
    const char **slots[] = {&s->map.id,  &s->map.title, &s->map.body, &s->map.html,
                            &s->map.url, &s->map.date,  &s->map.event};
    if (!json_is_object(m)) {
        snprintf(err, errlen, "%s: \"mapping\" must be an object of JSON pointers", where);
        return TW_EINVAL;
    }
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)(uintptr_t)m, key, v) {
        size_t k = 0;
        while (k < sizeof keys / sizeof *keys && strcmp(keys[k], key) != 0)
            k++;
        if (k == sizeof keys / sizeof *keys) {
            snprintf(err, errlen, "%s: mapping key \"%s\" is not one of id, title, body, html, "
                     "url, date, event", where, key);
            return TW_EINVAL;
        }
        const char *ptr = json_string_value(v);
        if (ptr == NULL || !cms_payload_pointer_valid(ptr)) {
            snprintf(err, errlen, "%s: mapping \"%s\" must be a JSON pointer such as "
                     "\"/post/id\"", where, key);
            return TW_EINVAL;
        }
        *slots[k] = xstrdup(ptr);
    }
    s->has_mapping = true;
    if (s->kind == CMS_GENERIC && (s->map.id == NULL || (s->map.body == NULL &&
                                                          s->map.html == NULL))) {
        snprintf(err, errlen, "%s: a generic mapping needs \"id\" and \"body\" or \"html\"",
                 where);
        return TW_EINVAL;
    }
    return TW_OK;
}

static int read_source(const struct webhook_sources *ws, const json_t *e, size_t i,
                       struct webhook_source *out, char *err, size_t errlen)
{
    char where[64];
    snprintf(where, sizeof where, "sources[%zu]", i);
    if (!json_is_object(e)) {
        snprintf(err, errlen, "%s must be an object", where);
        return TW_EINVAL;
    }
    static const char *const known[] = {"source", "kind", "secret", "token_header",
                                        "id_header", "mapping"};
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)(uintptr_t)e, key, v) {
        size_t k = 0;
        while (k < sizeof known / sizeof *known && strcmp(known[k], key) != 0)
            k++;
        if (k == sizeof known / sizeof *known) {
            snprintf(err, errlen, "%s: unknown member \"%s\"", where, key);
            return TW_EINVAL;
        }
    }
    const char *name, *kind, *secret, *token_header, *id_header;
    if (opt_str(e, "source", &name, where, err, errlen) != TW_OK ||
        opt_str(e, "kind", &kind, where, err, errlen) != TW_OK ||
        opt_str(e, "secret", &secret, where, err, errlen) != TW_OK ||
        opt_str(e, "token_header", &token_header, where, err, errlen) != TW_OK ||
        opt_str(e, "id_header", &id_header, where, err, errlen) != TW_OK)
        return TW_EINVAL;
    if (name == NULL || kind == NULL || secret == NULL) {
        snprintf(err, errlen, "%s: \"source\", \"kind\" and \"secret\" are required", where);
        return TW_EINVAL;
    }
    struct webhook_source s = {0};
    int rc = source_build(ws, name, kind, secret, token_header, id_header, &s, where, err,
                          errlen);
    if (rc != TW_OK)
        return rc;
    const json_t *m = json_object_get(e, "mapping");
    if (m != NULL)
        rc = read_mapping(m, &s, where, err, errlen);
    else if (s.kind == CMS_GENERIC) {
        snprintf(err, errlen, "%s: a generic source needs a \"mapping\"", where);
        rc = TW_EINVAL;
    }
    if (rc == TW_OK)
        *out = s;
    else
        source_cleanup(&s);
    return rc;
}

int webhook_config_load_file(struct webhook_sources *ws, const char *path, char *err,
                             size_t errlen)
{
    json_error_t jerr;
    size_t n0 = ws->n;
    int rc = TW_OK;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, errlen, "--webhook-config: cannot open %s: %s", path, strerror(errno));
        return TW_EIO;
    }
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
    fclose(f);
    if (root == NULL) {
        snprintf(err, errlen, "--webhook-config %s: %s (line %d)", path, jerr.text, jerr.line);
        return TW_EINVAL;
    }
    const json_t *list = json_object_get(root, "sources");
    if (!json_is_array(list)) {
        snprintf(err, errlen, "--webhook-config %s: want {\"sources\": [...]}", path);
        rc = TW_EINVAL;
        goto out;
    }
    for (size_t i = 0; i < json_array_size(list); i++) {
        struct webhook_source s = {0};
        char sub[200];
        rc = read_source(ws, json_array_get(list, i), i, &s, sub, sizeof sub);
        if (rc != TW_OK) {
            snprintf(err, errlen, "--webhook-config %s: %s", path, sub);
            goto out;
        }
        push(ws, &s);
    }
out:
    if (rc != TW_OK) {
        while (ws->n > n0)
            source_cleanup(&ws->items[--ws->n]);
    }
    json_decref(root);
    return rc;
}

const struct webhook_source *webhook_config_find(const struct webhook_sources *ws,
                                                 const char *name)
{
    for (size_t i = 0; ws != NULL && i < ws->n; i++) {
        if (strcmp(ws->items[i].name, name) == 0)
            return &ws->items[i];
    }
    return NULL;
}

void webhook_config_cleanup(struct webhook_sources *ws)
{
    if (ws == NULL)
        return;
    for (size_t i = 0; i < ws->n; i++)
        source_cleanup(&ws->items[i]);
    free(ws->items);
    ws->items = NULL;
    ws->n = 0;
}
