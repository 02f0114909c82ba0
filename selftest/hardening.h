/* SPDX-License-Identifier: MIT */
/* The hypervisor's answer to the stack protector and UBSan: FAIL the running test, or end the boot. */
#ifndef HYPTEST_HARDENING_H
#define HYPTEST_HARDENING_H

#include "lib/jmp.h"

/*
 * Expect a smashed canary (lib.stack-protector): the next report resumes c
 * (jmp_save returns 1) with the protected function's return address in
 * smash_caught_ret. NULL disarms.
 */
void stackprot_expect(struct jmp_ctx *c);
extern uintptr_t smash_caught_ret;

/* UBSan reports on CPUs other than the boot CPU (they cannot end CPU 0's test; the runner checks). */
extern volatile unsigned ubsan_secondary_reports;

#endif
