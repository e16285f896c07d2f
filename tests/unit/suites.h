/* suites.h - the prototype of every unit suite (the list is suites.def). */
#ifndef TW_SUITES_H
#define TW_SUITES_H

#include <check.h>

#define SUITE(name) Suite *name##_suite(void);
#include "suites.def"
#undef SUITE

#endif
