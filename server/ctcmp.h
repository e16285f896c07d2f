/* ctcmp.h - comparisons whose running time does not depend on the secret being compared.
 *
 * Every check of a received signature or token against the expected one goes through here,
 * so that an attacker cannot learn a correct prefix by timing the 401s.
 * Threads: any (pure functions).
 */
#ifndef TW_CTCMP_H
#define TW_CTCMP_H

#include <stdbool.h>
#include <stddef.h>

/* True when a[0..n) equals b[0..n); the time depends on n only. */
bool ctcmp_mem(const void *a, const void *b, size_t n);
/* True when the two byte strings are equal. Both are hashed first, so the time depends on
 * the lengths but neither the position of the first difference nor whether the lengths match
 * leaks through an early exit. */
bool ctcmp_bytes(const void *a, size_t alen, const void *b, size_t blen);

#endif
