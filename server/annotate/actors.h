/* actors.h - the actors stage of the engine: named persons, countries and blocs, and
 * organisations, with every mention; fills doc->actor_at (GUIDELINE.md, section Actors).
 *
 * How it reads a body, in order: the dateline, credits and bylines are skipped; news media are
 * suppressed; lexicon phrases (countries.tsv, persons.tsv, organizations.tsv, titles.tsv) and
 * organisation patterns ("X Ministry", "Ministry of X", "X Association") are matched longest
 * first; capitalised sequences become persons when a given name, a title, an appositive or a
 * speech verb says so; last, bare surnames and acronyms are resolved against the actors found.
 * A body named inside another's name ("State Council" in "Customs Tariff Commission of the
 * State Council") is an actor of its own, though its tokens stay the outer body's. Countries
 * the text gives only around an actor are filled in last: a person's from its title or
 * appositive ("Chinese Ambassador X", "X, Japan's trade minister"), a government body's and a
 * minister's from the dateline. The stage's files are listed in actors_int.h.
 *
 * Threads: actors_lex_new/actors_lex_free once (start-up, shut-down); actors_find and the
 * accessors from any thread, on its own doc, the lex being read-only.
 */
#ifndef TW_ACTORS_H
#define TW_ACTORS_H

#include "engine.h"

struct actors_lex;

/* Loads this stage's lexicons from the embedded files. Never NULL. */
struct actors_lex *actors_lex_new(void);
void actors_lex_free(struct actors_lex *lx);

/* Finds the actors of d->text and appends them to d->ann, each once, in order of first mention,
 * with its mentions in body order; sets d->actor_at for every token of every mention.
 * Linear in the length of the text. */
void actors_find(const struct actors_lex *lx, struct doc *d);

/* The actor (index into d->ann->actors) whose mention covers token tok, or -1. */
long actors_at(const struct doc *d, size_t tok);

/* The country code of actor k ("US", "EU", or "" when it has none or k is out of range). For a
 * country it is the country itself; for a person or organisation, the one it belongs to. */
const char *actors_country(const struct doc *d, long k);

#endif
