/* SPDX-License-Identifier: MIT */
/* at_s1e2() and at_s12e1() by the ATS* operations, arm32 (through mm/at.h). */
#ifndef HYPTEST_ARM32_AT_H
#define HYPTEST_ARM32_AT_H

#include "lib/arm32/sysreg.h"

/*
 * An ATS* operation, ISB, then the 64-bit PAR (DDI 0406C B4.1.113): the Hyp
 * regime uses long descriptors, so PAR has the LPAE format: F (bit 0), on
 * success PA[39:12] and the attributes; on failure FST (bits 6:1), the same
 * codes as the HSR's.
 */
#define AT_PAR(va, ...) ({                                                                   \
	__asm__ __volatile__(CP32_OP("mcr", __VA_ARGS__) :: "r"((uint32_t)(va)) : "memory");     \
	isb();                                                                              \
	READ_SYSREG(par_el1);                                                               \
})

/* ATS1H{R,W}: the hypervisor's own regime. */
static inline struct at_result at_s1e2(uint64_t va, bool write)
{
	return par_decode(write ? AT_PAR(va, ATS1HW) : AT_PAR(va, ATS1HR), va, GENMASK(39, 12));
}

/*
 * ATS12NSOPR/W: a Non-secure PL1 address through the guest's stage 1 and
 * the stage 2 of VTTBR (B4.2.6, "Address translation operations"); with
 * HCR.VM = 1 the result is in the 64-bit PAR format whatever TTBCR.EAE
 * says. The caller sets HCR.VM, VTTBR, VTCR and the PL1 registers; it
 * overwrites PAR, a guest register.
 */
static inline struct at_result at_s12e1(uint64_t va, bool write)
{
	return par_decode(write ? AT_PAR(va, ATS12NSOPW) : AT_PAR(va, ATS12NSOPR), va, GENMASK(39, 12));
}

#endif
