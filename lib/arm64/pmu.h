/* SPDX-License-Identifier: MIT */
/*
 * The PMU cycle counter, AArch64 (PMUv3, Arm ARM D11 "The Performance
 * Monitors Extension"), with the same interface as lib/arm32/pmu.h:
 *
 *   pmu_cycles_absent()   why PMCCNTR_EL0 cannot count at EL2, NULL if it can
 *   pmu_cycles_start()    count at EL2 (and EL1/EL0), from now on
 *   pmu_loop_2_insns(n)   the calibration loop of bench.counter
 *   PMU_CYCLES_MASK       the bits PMCCNTR_EL0 counts: the difference of two
 *                         reads is taken modulo that width
 */
#ifndef HYPTEST_ARM64_PMU_H
#define HYPTEST_ARM64_PMU_H

#include <stddef.h>
#include "lib/arm64/sysreg.h"

/* ID_AA64DFR0_EL1.PMUVer (bits 11:8): 0 none, 0xf IMPLEMENTATION DEFINED (not PMUv3). */
#define DFR0_PMUVER_SHIFT	8
#define PMCR_E			(UL(1) << 0)	/* enable the counters */
#define PMCR_LC			(UL(1) << 6)	/* the cycle counter overflows at 64 bits */
#define PMCNTEN_C		(UL(1) << 31)	/* PMCNTENSET_EL0: the cycle counter */
#define PMCCFILTR_NSH		(UL(1) << 27)	/* count at EL2 too (P = U = 0: EL1 and EL0 counted) */

/* With PMCR_EL0.LC set, all 64 bits of PMCCNTR_EL0 count. */
#define PMU_CYCLES_MASK		UINT64_MAX

static inline const char *pmu_cycles_absent(void)
{
	unsigned ver = (READ_SYSREG(id_aa64dfr0_el1) >> DFR0_PMUVER_SHIFT) & 0xf;

	if (ver == 0)
		return "no PMU (ID_AA64DFR0_EL1.PMUVer 0)";
	if (ver == 0xf)
		return "an IMPLEMENTATION DEFINED PMU (ID_AA64DFR0_EL1.PMUVer 0xf)";
	return NULL;
}

static inline void pmu_cycles_start(void)
{
	WRITE_SYSREG(pmccfiltr_el0, PMCCFILTR_NSH);
	WRITE_SYSREG(pmcntenset_el0, PMCNTEN_C);
	WRITE_SYSREG(pmcr_el0, READ_SYSREG(pmcr_el0) | PMCR_E | PMCR_LC);
	isb();
}

/*
 * The counters' calibration (bench.counter): n iterations of a loop of
 * exactly two instructions, SUBS, B.NE. n > 0.
 */
static inline void pmu_loop_2_insns(unsigned long n)
{
	__asm__ __volatile__("1:\tsubs\t%0, %0, #1\n\tb.ne\t1b" : "+r"(n) :: "cc");
}

#endif
