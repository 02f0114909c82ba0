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
	struct at_result r;
	uint64_t par;

	if (write)
		CP32_OP_WRITE(ATS1HW, va);
	else
		CP32_OP_WRITE(ATS1HR, va);
	isb();
	par = READ_SYSREG(par_el1);
	r.fault = par & 1;
	r.pa = (par & GENMASK(39, 12)) | (va & 0xfff);
	r.fsc = (par >> 1) & 0x3f;
	return r;
}

#endif
