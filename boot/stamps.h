/* SPDX-License-Identifier: MIT */
/*
 * Counter stamps (CNTPCT_EL0) of the boot phases, for bench.boot-phases.
 * The loader's two are in boot_info; head.S and hyp_main write the others
 * into boot_stamps[] (in .data, so that clearing .bss does not lose the
 * first one). Shared with assembly: indexes only.
 */
#ifndef HYPTEST_STAMPS_H
#define HYPTEST_STAMPS_H

#define STAMP_HEAD	0	/* head.S entered (MMU off, at PA) */
#define STAMP_RELOC	1	/* .bss cleared and relocations applied */
#define STAMP_TABLES	2	/* boot tables built */
#define STAMP_SWITCH	3	/* at the runtime VA, identity/temporary map removed */
#define STAMP_TESTS	4	/* hyp_main set up: the first test starts */
#define STAMP_COUNT	5

#ifndef __ASSEMBLER__
#include "lib/compiler.h"

extern uint64_t boot_stamps[STAMP_COUNT];
#endif

#endif
