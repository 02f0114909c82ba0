/* SPDX-License-Identifier: MIT */
/*
 * The EL2 virtual address map. The top 512 GiB slot (root entry 511) holds
 * the fixed regions; the loader places the runtime image anywhere below it.
 */
#ifndef HYPTEST_VA_LAYOUT_H
#define HYPTEST_VA_LAYOUT_H

#ifdef HYPTEST_ARCH_arm32
#include "mm/arm32/va_layout.h"
#else

#ifdef __ASSEMBLER__
#define VA_C(x) x
#else
#include <stdint.h>
#define VA_C(x) UINT64_C(x)
#endif

#define VA_LIMIT		VA_C(0x1000000000000)	/* 48-bit VA */
#define FIXED_BASE		VA_C(0xff8000000000)	/* root entry 511 */
/* Temporary mapping of the whole image, for the clash path (seed 000). 1 GiB. */
#define TEMP_BASE		(FIXED_BASE + VA_C(0x00000000))
#define TEMP_SIZE		VA_C(0x40000000)
/* Device/DTB window: early UART, console UART, the DTB. 1 GiB. */
#define WINDOW_BASE		(FIXED_BASE + VA_C(0x40000000))
#define WINDOW_SIZE		VA_C(0x40000000)
/* Fixmap: the PMAP slots (seed 002), one 4 KiB page each. */
#define FIXMAP_BASE		(FIXED_BASE + VA_C(0x80000000))
/* Runtime table pages from the boot allocator, at TABLES_BASE + (PA - chunk base). */
#define TABLES_BASE		(FIXED_BASE + VA_C(0xc0000000))
/* Secondary CPUs' stacks, each with an unmapped guard page below it. */
#define STACKS_BASE		(FIXED_BASE + VA_C(0x100000000))
/* Scratch mappings for the mm/tlb/pmap self-tests. 1 GiB. */
#define TEST_BASE		(FIXED_BASE + VA_C(0x140000000))
#define TEST_SIZE		VA_C(0x40000000)
/* Never mapped: where the crash tests read to be sure of a fault. */
#define UNMAPPED_BASE		(FIXED_BASE + VA_C(0x1c0000000))
/* The lowest VA the runtime image may start at: page 0 stays unmapped. */
#define RUNTIME_VA_MIN		VA_C(0x10000)
/* The translation regime the placement classes are read in (boot/placement.c). */
#define PLACEMENT_REGIME	regime_arm64_4k

#endif /* HYPTEST_ARCH_arm32 */

#endif
