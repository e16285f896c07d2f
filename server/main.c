/* main.c - `tradewire COMMAND`: dispatches to the command's module. */
#include <stdio.h>
#include <string.h>

#include "annotate_cli.h"
#include "serve.h"

static void usage(FILE *f)
{
    fputs("usage: tradewire annotate [FILE...]\n"
          "       tradewire serve [--bind ADDR] [--port N] [--db PATH] [--workers N]\n"
          "                       [--max-body BYTES] [--queue-max N] [--threads N]\n"
          "                       [--timeout SECONDS] [--port-file PATH] [--log-level LEVEL]\n"
          "                       [--webhook SOURCE=KIND:SECRET]... [--webhook-config PATH]\n"
          "                       [--admin-token TOKEN]\n"
          "       (tradewire serve --help lists the environment twins and defaults)\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "annotate") == 0)
        return annotate_cli_main(argc - 1, argv + 1);
    if (strcmp(argv[1], "serve") == 0)
        return serve_main(argc - 1, argv + 1);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "tradewire: unknown command %s\n", argv[1]);
    usage(stderr);
    return 2;
}
