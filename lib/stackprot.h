/* SPDX-License-Identifier: MIT */
/* The stack protector: the canary, where its entropy came from, and what a smashed frame does. */
#ifndef HYPTEST_STACKPROT_H
#define HYPTEST_STACKPROT_H

/* stack_guard_source bits (set by lib/<arch>/stackprot_seed.S). */
#define STACK_GUARD_RNDR	0x1
#define STACK_GUARD_COUNTER	0x2
#define STACK_GUARD_SEED	0x4

#ifndef __ASSEMBLER__
#include "lib/compiler.h"

/* The canary's value before the head code seeds it (a boot that never seeds it keeps this). */
#define STACK_GUARD_LINKED	((uintptr_t)UINT64_C(0x5a5aa5a5c3c33c3c))

extern uintptr_t __stack_chk_guard;
extern uint32_t stack_guard_source;

/*
 * A frame's canary did not match on return; ret is where that function
 * would have returned to. The default (the loader) prints one error line and
 * exits with status 1; the hypervisor's selftest/hardening.c overrides it.
 */
void stack_smashed(uintptr_t ret) __noreturn;
/* "RNDR+counter+seed" and the like. */
const char *stack_guard_describe(void);
#endif

#endif
