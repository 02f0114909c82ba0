/* SPDX-License-Identifier: MIT */
/*
 * The fake descriptor format (mm/fake/arch_pte.h, unchanged) with arm64's
 * 48-bit VA range instead of its 47 bits, for the host tests of mm/pmap.c:
 * FIXMAP_BASE (mm/va_layout.h, root entry 511) lies above 2^47, so with the
 * fake's own range every pmap_map would fail with PT_ERANGE. The fake's root
 * table has 512 entries either way; only the range check and walker change.
 */
#ifndef HYPTEST_TESTS_FAKE_VA48_ARCH_PTE_H
#define HYPTEST_TESTS_FAKE_VA48_ARCH_PTE_H

#include "mm/fake/arch_pte.h"

#undef PT_VA_BITS
#define PT_VA_BITS	48

#endif
