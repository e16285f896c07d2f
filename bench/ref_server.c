/* ref_server.c - the reference for bench/query.sh: the least a libmicrohttpd program can do to
 * answer GET with a fixed 2 KB JSON document, configured like tradewire's front end (epoll,
 * internal thread pool, keep-alive: the response is queued on the second call).
 *
 * usage: ref_server PORT_FILE [THREADS]   (listens on 127.0.0.1, a free port written to
 * PORT_FILE; stops on SIGINT/SIGTERM).
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct MHD_Response *fixed;
static int marker;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
    (void)cls, (void)url, (void)method, (void)version, (void)upload_data;
    if (*req_cls == NULL) {
        *req_cls = &marker;
        return MHD_YES;
    }
    *upload_data_size = 0;
    return MHD_queue_response(conn, MHD_HTTP_OK, fixed);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: ref_server PORT_FILE [THREADS]\n");
        return 2;
    }
    unsigned threads = argc > 2 ? (unsigned)atoi(argv[2]) : 2;
    static char doc[2048 + 64];
    size_t n = (size_t)snprintf(doc, sizeof doc, "{\"id\":1,\"status\":\"done\",\"body\":\"");
    while (n < 2048 - 2)
        doc[n++] = 'x';
    memcpy(doc + n, "\"}", 3);
    n += 2;
    fixed = MHD_create_response_from_buffer(n, doc, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(fixed, "Content-Type", "application/json; charset=utf-8");

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = 0};
    inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "ref_server: cannot start\n");
        return 1;
    }
    unsigned port = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port;
    FILE *f = fopen(argv[1], "w");
    if (f == NULL || fprintf(f, "%u\n", port) < 0 || fclose(f) != 0) {
        fprintf(stderr, "ref_server: cannot write %s\n", argv[1]);
        return 1;
    }
    int sig;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    MHD_destroy_response(fixed);
    return 0;
}
