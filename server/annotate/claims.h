/* claims.h - the claims stage of the engine: direct quotes and reported speech with their
 * speaker, cue and span (GUIDELINE.md, section Claims).
 *
 * Threads: claims_lex_new/claims_lex_free once (start-up, shut-down); claims_find from any thread,
 * on its own doc, the lex being read-only.
 */
#ifndef TW_CLAIMS_H
#define TW_CLAIMS_H

#include "engine.h"

struct claims_lex;

/* Loads this stage's lexicons from the embedded files. Never NULL. */
struct claims_lex *claims_lex_new(void);
void claims_lex_free(struct claims_lex *lx);

/* Finds the claims of d->text and appends them to d->ann. Linear in the length of the text. */
void claims_find(const struct claims_lex *lx, struct doc *d);

#endif
