/* SPDX-License-Identifier: MIT */
/*
 * The HYP-mode virtual address map, arm32: 32-bit VAs (HTCR.T0SZ = 0). The
 * top 1 GiB (level-1 entry 3) holds the fixed regions; the loader places the
 * runtime image anywhere below it. The same names as the arm64 map
 * (mm/va_layout.h), smaller sizes.
 */
#ifndef HYPTEST_ARM32_VA_LAYOUT_H
#define HYPTEST_ARM32_VA_LAYOUT_H

#ifdef __ASSEMBLER__
#define VA_C(x) x
#else
#include <stdint.h>
#define VA_C(x) UINT64_C(x)
#endif

#define VA_LIMIT		VA_C(0x100000000)	/* 32-bit VA */
#define FIXED_BASE		VA_C(0xc0000000)	/* level-1 entry 3 */
/* Temporary mapping of the whole image, for the clash path (seed 000). 256 MiB. */
#define TEMP_BASE		(FIXED_BASE + VA_C(0x00000000))
#define TEMP_SIZE		VA_C(0x10000000)
/* Device/DTB window: early UART, console UART, the DTB (at +16 MiB). 256 MiB. */
#define WINDOW_BASE		(FIXED_BASE + VA_C(0x10000000))
#define WINDOW_SIZE		VA_C(0x10000000)
/* Fixmap: the PMAP slots (seed 002), one 4 KiB page each. */
#define FIXMAP_BASE		(FIXED_BASE + VA_C(0x20000000))
/* Runtime table pages from the boot allocator (an 8 MiB chunk), at TABLES_BASE + (PA - chunk base). */
#define TABLES_BASE		(FIXED_BASE + VA_C(0x21000000))
/* Secondary CPUs' stacks, each with an unmapped guard page below it. */
#define STACKS_BASE		(FIXED_BASE + VA_C(0x22000000))
/* Scratch mappings for the mm/tlb/pmap self-tests. 64 MiB. */
#define TEST_BASE		(FIXED_BASE + VA_C(0x24000000))
#define TEST_SIZE		VA_C(0x4000000)
/* Never mapped: where the crash tests read to be sure of a fault. */
#define UNMAPPED_BASE		(FIXED_BASE + VA_C(0x30000000))
/* The lowest VA the runtime image may start at: page 0 stays unmapped. */
#define RUNTIME_VA_MIN		VA_C(0x10000)
/* The translation regime the placement classes are read in (boot/placement.c). */
#define PLACEMENT_REGIME	regime_arm32_lpae

#endif
