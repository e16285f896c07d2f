/* tw_server.c - see tw_server.h. Waits for the port file rather than polling the port, as MHD's
 * own tests do with MHD_DAEMON_INFO_BIND_PORT: the server writes it once it listens. */
#include "tw_server.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"

static const char *binary(void)
{
    const char *b = getenv("TRADEWIRE_BIN");
    return b != NULL && b[0] != '\0' ? b : "build/tradewire";
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* execv takes char *const[]; it does not write the strings. */
static char *unconst(const char *s)
{
    char *p;
    memcpy(&p, &s, sizeof p);
    return p;
}

static int spawn(struct tw_server *s, const char *const *extra)
{
    char portfile[320];
    snprintf(portfile, sizeof portfile, "%s/port", s->dir);
    unlink(portfile);
    char *argv[40];
    size_t n = 0;
    argv[n++] = unconst(binary());
    argv[n++] = unconst("serve");
    argv[n++] = unconst("--port");
    argv[n++] = unconst("0");
    argv[n++] = unconst("--db");
    argv[n++] = s->db;
    argv[n++] = unconst("--port-file");
    argv[n++] = portfile;
    for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 38; i++)
        argv[n++] = unconst(extra[i]);
    argv[n] = NULL;

    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
        execv(argv[0], argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    s->pid = pid;
    for (int i = 0; i < 1000; i++) { /* 10 s */
        FILE *f = fopen(portfile, "r");
        if (f != NULL) {
            unsigned port = 0;
            int got = fscanf(f, "%u", &port);
            fclose(f);
            if (got == 1 && port > 0) {
                s->port = port;
                snprintf(s->base, sizeof s->base, "http://127.0.0.1:%u", port);
                return 0;
            }
        }
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            fprintf(stderr, "server exited during start-up (see %s)\n", s->log);
            s->pid = 0;
            return -1;
        }
        sleep_ms(10);
    }
    fprintf(stderr, "server did not write its port file in 10 s\n");
    return -1;
}

int tw_server_start(struct tw_server *s, const char *const *extra)
{
    memset(s, 0, sizeof *s);
    const char *tmp = getenv("TMPDIR");
    snprintf(s->dir, sizeof s->dir, "%s/tradewire-test-XXXXXX", tmp != NULL ? tmp : "/tmp");
    if (mkdtemp(s->dir) == NULL) {
        perror("mkdtemp");
        return -1;
    }
    snprintf(s->db, sizeof s->db, "%s/data/t.db", s->dir);
    snprintf(s->log, sizeof s->log, "%s/server.log", s->dir);
    return spawn(s, extra);
}

int tw_server_restart(struct tw_server *s, const char *const *extra)
{
    return spawn(s, extra);
}

static int wait_exit(struct tw_server *s)
{
    int status = 0;
    pid_t r;
    do {
        r = waitpid(s->pid, &status, 0);
    } while (r < 0 && errno == EINTR);
    s->pid = 0;
    if (r < 0)
        return -1;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

int tw_server_stop(struct tw_server *s)
{
    if (s->pid <= 0)
        return -1;
    kill(s->pid, SIGTERM);
    return wait_exit(s);
}

void tw_server_kill9(struct tw_server *s)
{
    if (s->pid <= 0)
        return;
    kill(s->pid, SIGKILL);
    wait_exit(s);
}

int tw_server_log_count(const struct tw_server *s, const char *needle)
{
    FILE *f = fopen(s->log, "r");
    if (f == NULL)
        return 0;
    char line[4096];
    int n = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strstr(line, needle) != NULL)
            n++;
    }
    fclose(f);
    return n;
}

void tw_server_cleanup(struct tw_server *s)
{
    if (s->pid > 0)
        tw_server_kill9(s);
    if (s->dir[0] != '\0' && getenv("TW_KEEP_TMP") == NULL) {
        char *cmd = xasprintf("rm -rf '%s'", s->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "cannot remove %s\n", s->dir);
        free(cmd);
    }
    s->dir[0] = '\0';
}

/* ---- HTTP ---- */

static _Thread_local CURL *handle;

static size_t on_data(char *p, size_t size, size_t n, void *userdata)
{
    buf_append(userdata, p, size * n);
    return size * n;
}

int tw_http(const char *method, const char *url, const char *content_type, const char *body,
            size_t len, const char *header, struct tw_resp *out)
{
    struct buf b, h;
    struct curl_slist *hdrs = NULL;
    char line[256];
    buf_init(&b);
    buf_init(&h);
    memset(out, 0, sizeof *out);
    if (handle == NULL)
        handle = curl_easy_init();
    else
        curl_easy_reset(handle);
    curl_easy_setopt(handle, CURLOPT_URL, url);
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(handle, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_data);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &h);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
    if (body != NULL) {
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    /* curl adds a form content type to POSTs unless told otherwise. */
    snprintf(line, sizeof line, "Content-Type:%s%s", content_type != NULL ? " " : "",
             content_type != NULL ? content_type : "");
    hdrs = curl_slist_append(hdrs, line);
    if (header == NULL || strncasecmp(header, "Expect:", 7) != 0)
        hdrs = curl_slist_append(hdrs, "Expect:"); /* no 100-continue round trip */
    for (const char *p = header; p != NULL && *p != '\0';) {
        const char *eol = strchrnul(p, '\n');
        snprintf(line, sizeof line, "%.*s", (int)(eol - p), p);
        hdrs = curl_slist_append(hdrs, line);
        p = *eol != '\0' ? eol + 1 : eol;
    }
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, hdrs);
    CURLcode rc = curl_easy_perform(handle);
    curl_slist_free_all(hdrs);
    if (rc != CURLE_OK) {
        fprintf(stderr, "%s %s: %s\n", method, url, curl_easy_strerror(rc));
        buf_cleanup(&b);
        buf_cleanup(&h);
        return -1;
    }
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &out->status);
    curl_easy_getinfo(handle, CURLINFO_NUM_CONNECTS, &out->connects);
    curl_off_t up = 0;
    curl_easy_getinfo(handle, CURLINFO_SIZE_UPLOAD_T, &up);
    out->uploaded = (size_t)up;
    out->len = b.len;
    out->body = buf_steal(&b);
    out->headers = buf_steal(&h);
    return 0;
}

bool tw_resp_header(const struct tw_resp *r, const char *name, char *out, size_t outlen)
{
    size_t n = strlen(name);
    for (const char *p = r->headers; p != NULL && *p != '\0';) {
        const char *eol = strchr(p, '\n');
        if (eol == NULL)
            eol = p + strlen(p);
        if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;
            while (*v == ' ')
                v++;
            size_t vlen = (size_t)(eol - v);
            while (vlen > 0 && (v[vlen - 1] == '\r' || v[vlen - 1] == ' '))
                vlen--;
            if (vlen >= outlen)
                vlen = outlen - 1;
            memcpy(out, v, vlen);
            out[vlen] = '\0';
            return true;
        }
        p = *eol != '\0' ? eol + 1 : eol;
    }
    return false;
}

void tw_resp_cleanup(struct tw_resp *r)
{
    free(r->body);
    free(r->headers);
    memset(r, 0, sizeof *r);
}

void tw_http_reset(void)
{
    if (handle != NULL)
        curl_easy_cleanup(handle);
    handle = NULL;
}
