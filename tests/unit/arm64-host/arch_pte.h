/* SPDX-License-Identifier: MIT */
/*
 * Host shim for mm/arm64/arch_pte.h: includes the real header unchanged, with
 * its inline asm (DSB, TLBI, ISB hooks) turned into calls to host_asm(text),
 * which the host test defines and records. Only `__asm__ __volatile__(...)`
 * statements are rewritten; system headers are all included before this.
 */
#ifndef HYPTEST_TESTS_ARM64_HOST_ARCH_PTE_H
#define HYPTEST_TESTS_ARM64_HOST_ARCH_PTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void host_asm(const char *text);

#pragma push_macro("__asm__")
#pragma push_macro("__volatile__")
#define __asm__
#define __volatile__(...) host_asm(#__VA_ARGS__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "mm/arm64/arch_pte.h"
#pragma GCC diagnostic pop
#pragma pop_macro("__volatile__")
#pragma pop_macro("__asm__")

#endif
