/* SPDX-License-Identifier: MIT */
/* Address translation by the hardware walker (AT S1E2R/W), for tests that must not trust software (through mm/at.h). */
#ifndef HYPTEST_ARM64_AT_H
#define HYPTEST_ARM64_AT_H

#include "lib/compiler.h"

/*
 * AT S1E2{R,W}, then PAR_EL1 (Arm ARM D19.2.103): F (bit 0), on success
 * PA[47:12]; on failure FST (bits 6:1). The ISB makes PAR_EL1 reflect the AT.
 */
static inline struct at_result at_s1e2(uint64_t va, bool write)
{
	struct at_result r;
	uint64_t par;

	if (write)
		__asm__ __volatile__("at s1e2w, %1\n\tisb\n\tmrs %0, par_el1" : "=r"(par) : "r"(va) : "memory");
	else
		__asm__ __volatile__("at s1e2r, %1\n\tisb\n\tmrs %0, par_el1" : "=r"(par) : "r"(va) : "memory");
	r.fault = par & 1;
	r.pa = (par & GENMASK(47, 12)) | (va & 0xfff);
	r.fsc = (par >> 1) & 0x3f;
	return r;
}

#endif
