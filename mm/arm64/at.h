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
	uint64_t par;

	if (write)
		__asm__ __volatile__("at s1e2w, %1\n\tisb\n\tmrs %0, par_el1" : "=r"(par) : "r"(va) : "memory");
	else
		__asm__ __volatile__("at s1e2r, %1\n\tisb\n\tmrs %0, par_el1" : "=r"(par) : "r"(va) : "memory");
	return par_decode(par, va, GENMASK(47, 12));
}

/*
 * AT S12E1{R,W}: a guest's address through its stage 1 and the stage 2 of
 * VTTBR_EL2, as EL1 would access it. The caller sets the context: HCR_EL2.VM
 * (without it this is S1E1R/W only), VTTBR_EL2, VTCR_EL2 and the EL1
 * registers of the translation. It overwrites PAR_EL1, a guest register.
 */
static inline struct at_result at_s12e1(uint64_t va, bool write)
{
	uint64_t par;

	if (write)
		__asm__ __volatile__("at s12e1w, %1\n\tisb\n\tmrs %0, par_el1" : "=r"(par) : "r"(va) : "memory");
	else
		__asm__ __volatile__("at s12e1r, %1\n\tisb\n\tmrs %0, par_el1" : "=r"(par) : "r"(va) : "memory");
	return par_decode(par, va, GENMASK(47, 12));
}

#endif
