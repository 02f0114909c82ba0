/* SPDX-License-Identifier: MIT */
/*
 * arm32 HYP-mode (PL2) stage-1 tables: LPAE long descriptors, 4 KiB granule,
 * 32-bit VA with HTCR.T0SZ = 0, so a walk starts at level 1 (4 entries of
 * 1 GiB) and goes through level 2 (2 MiB) to level 3 (4 KiB) (DDI 0406C
 * B3.6.6). The descriptor bits are those of mm/lpae_pte.h.
 */
#ifndef HYPTEST_ARM32_ARCH_PTE_H
#define HYPTEST_ARM32_ARCH_PTE_H

#include "lib/compiler.h"
#include "lib/arm32/sysreg.h"
#include "mm/pgtable.h"
#include "mm/arm32/tlb.h"

typedef uint64_t pte_t;

#define PT_ROOT_LEVEL	1
#define PT_LAST_LEVEL	3
#define PT_ENTRIES	512
#define PT_VA_BITS	VA_BITS

#include "mm/lpae_pte.h"

#endif
