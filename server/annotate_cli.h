/* annotate_cli.h - `tradewire annotate [FILE...]`: the engine offline, same JSON as the API.
 *
 * Threads: the main thread.
 */
#ifndef TW_ANNOTATE_CLI_H
#define TW_ANNOTATE_CLI_H

/* Annotates each FILE (standard input when there is none) and prints, for one input, the
 * annotations object; for several, one object per line {"file": ..., "annotations": ...}.
 * Returns the process exit status. */
int annotate_cli_main(int argc, char **argv);

#endif
