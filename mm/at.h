/* SPDX-License-Identifier: MIT */
/*
 * Address translation by the hardware walker, for tests that must not trust
 * software: at_s1e2() for the hypervisor's own regime, at_s12e1() for a
 * guest's stage 1 + stage 2 (mm/<arch>/at.h).
 */
#ifndef HYPTEST_AT_H
#define HYPTEST_AT_H

#include "lib/compiler.h"

/*
 * The result as PAR_EL1 (arm32: the 64-bit, long-descriptor PAR) gives it
 * (Arm ARM D19.2.103; DDI 0406C B4.1.113); the fields sit at the same bits
 * in both: on success ATTR [63:56] (a MAIR_ELx attribute byte: the memory
 * type as the walk resolved it), SH [8:7], NS [9], PA; on a fault F [0],
 * FST [6:1], PTW [8] (a stage-2 fault on a stage-1 walk), S [9] (the fault
 * is in stage 2).
 */
struct at_result {
	bool fault;
	uint64_t pa;		/* output address (valid when !fault) */
	unsigned fsc;		/* fault status code (valid when fault) */
	unsigned attr;		/* PAR.ATTR (valid when !fault) */
	unsigned sh;		/* PAR.SH: 0 non-, 2 outer, 3 inner shareable (valid when !fault) */
	bool stage2;		/* PAR.S: the fault was in stage 2 (valid when fault) */
};

/* The fields of a raw PAR value (par_decode below), common to both arches but for the PA's width. */
static inline struct at_result par_decode(uint64_t par, uint64_t va, uint64_t pa_mask)
{
	struct at_result r;

	r.fault = par & 1;
	r.pa = (par & pa_mask) | (va & 0xfff);
	r.fsc = (par >> 1) & 0x3f;
	r.attr = (unsigned)(par >> 56);
	r.sh = (par >> 7) & 3;
	r.stage2 = (par >> 9) & 1;
	return r;
}

#ifdef HYPTEST_ARCH_arm32
#include "mm/arm32/at.h"
#else
#include "mm/arm64/at.h"
#endif

#endif
