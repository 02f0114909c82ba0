/* SPDX-License-Identifier: MIT */
/* The UART protocol's framing lines: start, error, EXIT and end (text or TAP). */
#ifndef HYPTEST_REPORT_H
#define HYPTEST_REPORT_H

#include "lib/compiler.h"

struct start_info {
	const char *arch;
	const char *platform;
	unsigned el;
	int cpus;
	uint64_t seed;
	uint64_t pa;
	uint64_t va;
	const char *cls;
	uint64_t size;
};

void report_set_tap(bool tap);
bool report_tap(void);
void report_start(const struct start_info *s);
/* The loader printed the start line already (TAP header included). */
void report_mark_started(void);
bool report_started(void);
/* Prefix for protocol lines that TAP mode hides behind "# ". */
const char *report_prefix(void);
/*
 * "hyptest: error: ..." (TAP: the version line if not yet printed, then
 * "Bail out! hyptest: error: ...") then, if the start line was printed,
 * EXIT 1 + end ERROR; exits.
 */
void report_error(const char *fmt, ...) __printf(1, 2) __noreturn;
/* Entered at EL1: the one SKIP line, SUMMARY and the end (status 77); exits. */
void report_el1_skip(void) __noreturn;
/* EXIT: STATUS= and the end line matching it; exits. */
void report_end(int status) __noreturn;

#endif
