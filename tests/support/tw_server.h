/* tw_server.h - test support: runs `tradewire serve` as a child process on a free port with a
 * database in a fresh temporary directory, and speaks HTTP to it with libcurl.
 *
 * The binary is $TRADEWIRE_BIN (the Makefile's integration target sets it; default
 * build/tradewire). The server's stderr goes to DIR/server.log.
 * Threads: tw_server_* from the test's thread; tw_http from any thread (one curl handle each).
 */
#ifndef TW_TEST_SERVER_H
#define TW_TEST_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct tw_server {
    pid_t pid;
    unsigned port;
    char dir[256];  /* temporary directory, removed by tw_server_cleanup */
    char db[300];
    char base[64];  /* "http://127.0.0.1:PORT" */
    char log[300];
};

/* Makes the temporary directory and starts the server with extra (NULL-terminated, may be NULL)
 * arguments. Returns 0 or -1 (the reason on stderr). */
int tw_server_start(struct tw_server *s, const char *const *extra);
/* Starts the server again on the same directory and database (after a stop or a kill). */
int tw_server_restart(struct tw_server *s, const char *const *extra);
/* SIGTERM and wait: returns the exit status, 128 + signal when it died of one, or -1. */
int tw_server_stop(struct tw_server *s);
/* SIGKILL and wait. */
void tw_server_kill9(struct tw_server *s);
/* Number of lines of the server log containing needle. */
int tw_server_log_count(const struct tw_server *s, const char *needle);
/* Removes the temporary directory (stops the server first when it still runs). */
void tw_server_cleanup(struct tw_server *s);

struct tw_resp {
    long status;
    char *body;      /* NUL-terminated */
    size_t len;
    char *headers;   /* raw header block, NUL-terminated */
    long connects;   /* new connections this request made (0 when one was reused) */
    size_t uploaded; /* request body bytes curl sent */
};

/* One request. body may be NULL (no body); content_type and header ("Name: value", several
 * separated by '\n', each under 256 bytes) may be NULL. No "Expect: 100-continue" is sent
 * unless header starts with one. Reuses a thread-local curl handle, so keep-alive applies
 * between calls. Returns 0 or -1
 * on a transport error. */
int tw_http(const char *method, const char *url, const char *content_type, const char *body,
            size_t len, const char *header, struct tw_resp *out);
/* The value of header name in r (case-insensitive), copied into out; false when absent. */
bool tw_resp_header(const struct tw_resp *r, const char *name, char *out, size_t outlen);
void tw_resp_cleanup(struct tw_resp *r);
/* Drops this thread's curl handle (closes its connection). */
void tw_http_reset(void);

#endif
