/* actors.h - the actors stage of the engine: named persons, countries and blocs, and organisations, with every mention; fills doc->actor_at.
 *
 * Threads: actors_lex_new/actors_lex_free once (start-up, shut-down); actors_find from any thread,
 * on its own doc, the lex being read-only.
 */
#ifndef TW_ACTORS_H
#define TW_ACTORS_H

#include "engine.h"

struct actors_lex;

/* Loads this stage's lexicons from the embedded files. Never NULL. */
struct actors_lex *actors_lex_new(void);
void actors_lex_free(struct actors_lex *lx);

/* Finds the actors of d->text and appends them to d->ann. Linear in the length of the text. */
void actors_find(const struct actors_lex *lx, struct doc *d);

#endif
