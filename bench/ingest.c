/* ingest.c - end-to-end ingest benchmark: POSTs the stories of a JSON Lines file to a running
 * tradewire over keep-alive connections (one libcurl multi handle), then waits until the
 * queue is empty (GET /readyz reports queue_depth), and prints articles per second and the
 * server's peak RSS (VmHWM of /proc/PID/status).
 *
 * usage: ingest BASE_URL [--file F.jsonl] [--n N] [--conns C] [--pid PID]
 * Each line needs "body" (and may have "title", "id"). Prints one "key value" per line.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct xfer {
    CURL *easy;
    char *json;
    char *out;
    size_t out_len;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t on_data(char *p, size_t size, size_t n, void *userdata)
{
    struct xfer *x = userdata;
    size_t len = size * n;
    char *grown = realloc(x->out, x->out_len + len + 1);
    if (grown == NULL)
        return 0;
    x->out = grown;
    memcpy(x->out + x->out_len, p, len);
    x->out_len += len;
    x->out[x->out_len] = '\0';
    return len;
}

/* Reads up to max stories and returns their request bodies. */
static char **load(const char *path, size_t max, size_t *n_out)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    char **docs = NULL;
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while (n < max && (len = getline(&line, &lcap, f)) > 0) {
        json_t *in = json_loadb(line, (size_t)len, 0, NULL);
        const char *body = json_string_value(json_object_get(in, "body"));
        if (body == NULL || body[0] == '\0') {
            json_decref(in);
            continue;
        }
        json_t *out = json_object();
        json_object_set(out, "body", json_object_get(in, "body"));
        if (json_is_string(json_object_get(in, "title")))
            json_object_set(out, "title", json_object_get(in, "title"));
        char ext[32];
        snprintf(ext, sizeof ext, "%zu", n);
        json_object_set_new(out, "external_id", json_string(ext));
        json_object_set_new(out, "source", json_string("bench"));
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            docs = realloc(docs, cap * sizeof *docs);
        }
        docs[n++] = json_dumps(out, JSON_COMPACT);
        json_decref(out);
        json_decref(in);
    }
    free(line);
    fclose(f);
    *n_out = n;
    return docs;
}

static long queue_depth(CURL *c, const char *base)
{
    struct xfer x = {0};
    char u[256];
    snprintf(u, sizeof u, "%s/readyz", base);
    curl_easy_setopt(c, CURLOPT_URL, u);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
    long depth = -1;
    if (curl_easy_perform(c) == CURLE_OK && x.out != NULL) {
        const char *p = strstr(x.out, "\"queue_depth\":");
        if (p != NULL)
            depth = strtol(p + 14, NULL, 10);
    }
    free(x.out);
    return depth;
}

static long vm_hwm_kb(long pid)
{
    char path[64], line[256];
    long kb = -1;
    snprintf(path, sizeof path, "/proc/%ld/status", pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
            break;
    fclose(f);
    return kb;
}

int main(int argc, char **argv)
{
    const char *file = "../shared/corpus/reuters21578-all.jsonl";
    size_t max = 5000;
    long conns = 8, pid = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: ingest BASE_URL [--file F] [--n N] [--conns C] [--pid PID]\n");
        return 2;
    }
    const char *base = argv[1];
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--file") == 0)
            file = argv[i + 1];
        else if (strcmp(argv[i], "--n") == 0)
            max = strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--conns") == 0)
            conns = strtol(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--pid") == 0)
            pid = strtol(argv[i + 1], NULL, 10);
    }
    size_t n = 0;
    char **docs = load(file, max, &n);
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += strlen(docs[i]);

    curl_global_init(CURL_GLOBAL_ALL);
    CURLM *m = curl_multi_init();
    curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, conns);
    curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, conns);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    h = curl_slist_append(h, "Expect:");
    char url[256];
    snprintf(url, sizeof url, "%s/v1/articles", base);
    struct xfer *xs = calloc(n, sizeof *xs);
    /* Feed the multi handle a window of transfers at a time so that connections are reused
     * rather than n of them queued at once. */
    size_t next = 0, finished = 0, accepted = 0, refused = 0, failed = 0;
    size_t window = (size_t)conns * 4;
    double t0 = now_s();
    while (finished < n) {
        while (next < n && next - finished < window) {
            struct xfer *x = &xs[next];
            x->json = docs[next];
            x->easy = curl_easy_init();
            curl_easy_setopt(x->easy, CURLOPT_URL, url);
            curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, h);
            curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, x->json);
            curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, on_data);
            curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
            curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
            curl_multi_add_handle(m, x->easy);
            next++;
        }
        int running;
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left)) != NULL) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            struct xfer *x;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
            long code = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &code);
            if (msg->data.result == CURLE_OK && (code == 202 || code == 200))
                accepted++;
            else if (code == 503)
                refused++;
            else
                failed++;
            curl_multi_remove_handle(m, msg->easy_handle);
            curl_easy_cleanup(msg->easy_handle);
            free(x->out);
            finished++;
        }
        if (finished < n)
            curl_multi_poll(m, NULL, 0, 50, NULL);
    }
    double t_posted = now_s();
    CURL *c = curl_easy_init();
    long depth;
    while ((depth = queue_depth(c, base)) != 0) {
        if (depth < 0) {
            fprintf(stderr, "ingest: cannot read queue depth from %s/readyz\n", base);
            break;
        }
        struct timespec ts = {0, 5 * 1000000L};
        nanosleep(&ts, NULL);
    }
    double t_done = now_s();
    curl_easy_cleanup(c);

    printf("articles %zu\naccepted %zu\nrefused_503 %zu\nerrors %zu\nbytes %zu\n", n, accepted,
           refused, failed, bytes);
    printf("post_seconds %.3f\npost_per_second %.0f\n", t_posted - t0,
           accepted / (t_posted - t0));
    printf("end_to_end_seconds %.3f\nend_to_end_articles_per_second %.0f\n", t_done - t0,
           accepted / (t_done - t0));
    if (pid > 0)
        printf("server_vmhwm_kb %ld\n", vm_hwm_kb(pid));
    for (size_t i = 0; i < n; i++)
        free(docs[i]);
    free(docs);
    free(xs);
    curl_slist_free_all(h);
    curl_multi_cleanup(m);
    curl_global_cleanup();
    return failed == 0 ? 0 : 1;
}
