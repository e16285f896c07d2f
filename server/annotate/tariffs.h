/* tariffs.h - the tariffs stage of the engine: tariff rates and covered values with comparator, imposer, target, products and change.
 *
 * Threads: tariffs_lex_new/tariffs_lex_free once (start-up, shut-down); tariffs_find from any thread,
 * on its own doc, the lex being read-only.
 */
#ifndef TW_TARIFFS_H
#define TW_TARIFFS_H

#include "engine.h"

struct tariffs_lex;

/* Loads this stage's lexicons from the embedded files. Never NULL. */
struct tariffs_lex *tariffs_lex_new(void);
void tariffs_lex_free(struct tariffs_lex *lx);

/* Finds the tariffs of d->text and appends them to d->ann. Linear in the length of the text. */
void tariffs_find(const struct tariffs_lex *lx, struct doc *d);

#endif
