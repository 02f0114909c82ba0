/* SPDX-License-Identifier: MIT */
/* Address translation by the hardware walker (AT S1E2R/W), for tests that must not trust software (through mm/at.h). */
#ifndef HYPTEST_ARM64_AT_H
#define HYPTEST_ARM64_AT_H

#include "lib/compiler.h"

/*
 * AT <op>, then PAR_EL1 (Arm ARM D19.2.103): F (bit 0), on success
 * PA[47:12] and the attributes; on failure FST (bits 6:1). The ISB makes
 * PAR_EL1 reflect the AT.
 */
#define AT_PAR(op, va) ({                                                               \
	uint64_t par_;                                                                  \
	__asm__ __volatile__("at " op ", %1\n\tisb\n\tmrs %0, par_el1" : "=r"(par_) : "r"(va) : "memory"); \
	par_;                                                                           \
})

/* AT S1E2{R,W}: the hypervisor's own regime. */
static inline struct at_result at_s1e2(uint64_t va, bool write)
{
	return par_decode(write ? AT_PAR("s1e2w", va) : AT_PAR("s1e2r", va), va, GENMASK(47, 12));
}

/*
 * AT S12E1{R,W}: a guest's address through its stage 1 and the stage 2 of
 * VTTBR_EL2, as EL1 would access it. The caller sets the context: HCR_EL2.VM
 * (without it this is S1E1R/W only), VTTBR_EL2, VTCR_EL2 and the EL1
 * registers of the translation. It overwrites PAR_EL1, a guest register.
 */
static inline struct at_result at_s12e1(uint64_t va, bool write)
{
	return par_decode(write ? AT_PAR("s12e1w", va) : AT_PAR("s12e1r", va), va, GENMASK(47, 12));
}

#endif
