/* SPDX-License-Identifier: MIT */
/* The arch's TLB maintenance sequences (mm/<arch>/tlb.h). */
#ifdef HYPTEST_ARCH_arm32
#include "mm/arm32/tlb.h"
#else
#include "mm/arm64/tlb.h"
#endif
