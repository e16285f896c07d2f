/* static.c - the dashboard (web/) and openapi.json, served from the copies embedded in the
 * binary (embedded.h).
 *
 * The files never change while the process runs, so each one's ETag (from its SHA-256) is
 * computed once, at start-up, and a revalidation costs a string compare. Cache-Control is
 * no-cache, not a max-age: the paths carry no version, so after an upgrade a browser must see
 * the new app.js at once, and the ETag makes asking cheap (304, no body).
 */
#include <pthread.h>
#include <string.h>

#include "embedded.h"
#include "etag.h"
#include "handlers.h"
#include "problem.h"
#include "sha256.h"

/* Nothing on the page comes from elsewhere, and nothing may frame it. */
#define DASHBOARD_CSP                                                                     \
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

struct static_file {
    const char *path;     /* request path */
    const char *embedded; /* name in embedded.h */
    const char *type;
    const struct embedded_file *file; /* filled by static_files_init */
    char etag[ETAG_MAX];
};

static struct static_file files[] = {
    {"/", "web/index.html", "text/html; charset=utf-8", NULL, ""},
    {"/app.css", "web/app.css", "text/css; charset=utf-8", NULL, ""},
    {"/app.js", "web/app.js", "text/javascript; charset=utf-8", NULL, ""},
    {"/favicon.svg", "web/favicon.svg", "image/svg+xml", NULL, ""},
    {"/openapi.json", "openapi.json", "application/json; charset=utf-8", NULL, ""},
};
#define NFILES (sizeof files / sizeof *files)

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_files(void)
{
    for (size_t i = 0; i < NFILES; i++) {
        files[i].file = embedded_find(files[i].embedded);
        if (files[i].file == NULL)
            continue;
        unsigned char digest[SHA256_DIGEST_LEN];
        sha256(files[i].file->data, files[i].file->len, digest);
        etag_from_digest(digest, files[i].etag);
    }
}

void static_files_init(void)
{
    pthread_once(&init_once, init_files);
}

void static_file(struct http_req *req, struct http_resp *resp)
{
    static_files_init();
    const struct static_file *f = NULL;
    for (size_t i = 0; i < NFILES; i++) {
        if (strcmp(files[i].path, req->path) == 0)
            f = &files[i];
    }
    if (f == NULL || f->file == NULL) {
        /* Only a build without web/ gets here: the route table names these paths alone. */
        problem_set(resp, 404, "no resource at %s (not embedded in this build)", req->path);
        return;
    }
    resp->content_type = f->type;
    http_resp_header(resp, "ETag", f->etag);
    http_resp_header(resp, "Cache-Control", "no-cache");
    http_resp_header(resp, "Content-Security-Policy", DASHBOARD_CSP);
    buf_append(&resp->body, f->file->data, f->file->len);
}
