/* serve.h - `tradewire serve`: the HTTP service, from start-up to a clean shut-down.
 *
 * Threads: the main thread only; it starts every other thread and joins them before returning.
 */
#ifndef TW_SERVE_H
#define TW_SERVE_H

/* Runs the service until SIGINT or SIGTERM. argv[0] is "serve". Returns the exit status:
 * 0 after a clean shut-down, 2 for a bad option, 1 when start-up fails. */
int serve_main(int argc, char **argv);

#endif
