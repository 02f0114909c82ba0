/* SPDX-License-Identifier: MIT */
/* at_s1e2() by ATS1HR/ATS1HW, arm32 (through mm/at.h). */
#ifndef HYPTEST_ARM32_AT_H
#define HYPTEST_ARM32_AT_H

#include "lib/arm32/sysreg.h"

/*
 * ATS1H{R,W}, ISB, then the 64-bit PAR (DDI 0406C B4.1.113): the Hyp regime
 * uses long descriptors, so PAR has the LPAE format: F (bit 0), on success
 * PA[39:12]; on failure FST (bits 6:1), the same codes as the HSR's.
 */
static inline struct at_result at_s1e2(uint64_t va, bool write)
{
	if (write)
		CP32_OP_WRITE(ATS1HW, va);
	else
		CP32_OP_WRITE(ATS1HR, va);
	isb();
	return par_decode(READ_SYSREG(par_el1), va, GENMASK(39, 12));
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
	if (write)
		CP32_OP_WRITE(ATS12NSOPW, va);
	else
		CP32_OP_WRITE(ATS12NSOPR, va);
	isb();
	return par_decode(READ_SYSREG(par_el1), va, GENMASK(39, 12));
}

#endif
