/* main.c - `tradewire COMMAND`: dispatches to the command's module. */
#include <stdio.h>
#include <string.h>

#include "annotate_cli.h"
#include "serve.h"

static void usage(FILE *f)
{
    /* The options of serve are listed once, by config_usage() (tradewire serve --help). */
    fputs("usage: tradewire annotate [FILE...]\n"
          "       tradewire serve [OPTION...]   (tradewire serve --help lists them)\n",
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
