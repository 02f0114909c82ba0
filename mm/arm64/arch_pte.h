/* SPDX-License-Identifier: MIT */
/*
 * arm64 stage-1 EL2 descriptors, 4 KiB granule, 48-bit VA, 4 levels
 * (Arm ARM D8.3, "Translation table descriptor formats"), and the guests'
 * stage 2. The descriptor format itself is mm/lpae_pte.h (shared with the
 * arm32 LPAE regime); the arch-neutral builder (mm/pgtable.c) only calls
 * the arch_pte_* functions there.
 */
#ifndef HYPTEST_ARM64_ARCH_PTE_H
#define HYPTEST_ARM64_ARCH_PTE_H

#include "lib/compiler.h"
#include "lib/arm64/sysreg.h"
#include "mm/pgtable.h"
#include "mm/arm64/tlb.h"

typedef uint64_t pte_t;

#define PT_ROOT_LEVEL	0
#define PT_LAST_LEVEL	3
#define PT_ENTRIES	512
#define PT_VA_BITS	VA_BITS

#include "mm/lpae_pte.h"

#endif
