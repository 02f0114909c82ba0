/* SPDX-License-Identifier: MIT */
/*
 * The coverage build's gcov runtime (make COVERAGE=1, docs/coverage.md): the
 * counters of every instrumented object, written to the host by semihosting
 * when the image leaves. In any other build these are empty.
 */
#ifndef HYPTEST_GCOV_H
#define HYPTEST_GCOV_H

#include "lib/compiler.h"

/* The file QEMU's semihosting opens (relative: in QEMU's working directory), appended to. */
#define COVERAGE_FILE "hyptest.gcov"

#ifdef HYPTEST_COVERAGE
/* Which program this is ("loader" or "hypervisor"), named in its dump. */
extern const char coverage_image[];
/* Appends this image's counters to COVERAGE_FILE, once; only with semihosting. */
void coverage_flush(void);
/* The "# coverage:" line: how many objects carry counters, and where they go. */
void coverage_announce(bool semihosting);
#else
static inline void coverage_flush(void) {}
static inline void coverage_announce(bool semihosting) { (void)semihosting; }
#endif

#endif
