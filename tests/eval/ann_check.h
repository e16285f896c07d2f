/* ann_check.h - checks an annotations object against the shape GUIDELINE.md gives for the API
 * ("What the service returns") and against the body it was made from.
 *
 * Shared by the eval run (score --shape), the unit tests (check_annotate.c) and the fuzzer, so
 * that all three hold the engine to one definition of well-formed output.
 *
 * Threads: any (no state).
 */
#ifndef TW_ANN_CHECK_H
#define TW_ANN_CHECK_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"

/* Checks ann (the object with "actors", "claims", "tariffs") made from body[0..len) (UTF-8):
 * every field the guideline names with its type and vocabulary, ids 1..n in order, every
 * actor with at least one mention, speaker_id naming an actor whose name is the speaker, and
 * for every mention, claim and tariff 0 <= start < end <= code points of body with text equal
 * to the body's code points [start, end). Appends one line per violation to err (when not
 * NULL) and returns the number of violations (0: well-formed). */
size_t ann_check(const json_t *ann, const char *body, size_t len, struct buf *err);

#endif
