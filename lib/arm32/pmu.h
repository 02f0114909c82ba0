/* SPDX-License-Identifier: MIT */
/*
 * The PMU cycle counter, ARMv7 (DDI 0406C chapter C12 "The Performance
 * Monitors Extension"), with the interface of lib/arm64/pmu.h:
 *
 *   pmu_cycles_absent()   why PMCCNTR cannot count in Hyp mode, NULL if it can
 *   pmu_cycles_start()    count in Hyp mode (and PL1/PL0), from now on
 *   pmu_loop_2_insns(n)   the calibration loop of bench.counter
 *   PMU_CYCLES_MASK       the bits PMCCNTR counts: the difference of two
 *                         reads is taken modulo 2^32
 *
 * Counting in Hyp mode (PL2). Three controls apply to the cycle counter:
 * PMCR.E and PMCNTENSET.C enable it; HDCR.HPMN/HPME partition the event
 * counters between the guest and Hyp mode but never the cycle counter
 * (DDI 0406C B4.1 "HDCR"), so HDCR is left alone; and the PMUv2 filter,
 * PMXEVTYPER with PMSELR.SEL = 31 (the cycle counter's event type register,
 * written as pmccfiltr_el0 in lib/arm32/sysreg.h), whose NSH bit (27) must be
 * 1 for Hyp mode to be counted. That filter resets to an UNKNOWN value on
 * hardware; QEMU resets it to 0, so under QEMU the cycle counter does NOT
 * count in Hyp mode until NSH is set: PMCCNTR read at PL2 stands still even
 * with PMCR.E and PMCNTENSET.C set (seen with -cpu cortex-a15 and
 * cortex-a7). P = U = 0 keep PL1 and PL0, the guest's, counted as well (the
 * benches time guest exits from Hyp mode, guest code included, as on arm64).
 * PMUv1 has no such filter: whether it counts in Hyp mode is not defined,
 * so it is treated as no cycle counter at all (ticks and ns only).
 *
 * QEMU drives PMCCNTR from its virtual clock at 1 GHz, so the 32-bit counter
 * wraps every 4.29 s of virtual time (every 2^32 instructions under -icount
 * shift=0). Each bench.* interval is a few milliseconds: at most one wrap,
 * which the difference modulo 2^32 absorbs.
 */
#ifndef HYPTEST_ARM32_PMU_H
#define HYPTEST_ARM32_PMU_H

#include <stddef.h>
#include "lib/arm32/sysreg.h"

/* ID_DFR0.PerfMon (bits 27:24): 0 none, 1 PMUv1, 2 PMUv2 (3 on: ARMv8's PMUv3), 0xf IMPLEMENTATION DEFINED. */
#define ID_DFR0_PERFMON_SHIFT	24
#define PMCR_E			(UL(1) << 0)	/* enable the counters */
#define PMCR_D			(UL(1) << 3)	/* the cycle counter counts every 64th cycle: kept 0 */
#define PMCNTEN_C		(UL(1) << 31)	/* PMCNTENSET: the cycle counter */
#define PMCCFILTR_NSH		(UL(1) << 27)	/* count in Hyp mode (P = U = 0: PL1 and PL0 counted) */

/* PMCCNTR is 32 bits on ARMv7 (PMCR has no LC bit). */
#define PMU_CYCLES_MASK		UINT64_C(0xffffffff)

static inline const char *pmu_cycles_absent(void)
{
	unsigned ver = (READ_SYSREG(id_dfr0_el1) >> ID_DFR0_PERFMON_SHIFT) & 0xf;

	if (ver == 0)
		return "no PMU (ID_DFR0.PerfMon 0)";
	if (ver == 0xf)
		return "an IMPLEMENTATION DEFINED PMU (ID_DFR0.PerfMon 0xf)";
	if (ver == 1)
		return "PMUv1 (ID_DFR0.PerfMon 1) has no filter that makes its cycle counter count in Hyp mode";
	return NULL;
}

static inline void pmu_cycles_start(void)
{
	WRITE_SYSREG(pmccfiltr_el0, PMCCFILTR_NSH);
	WRITE_SYSREG(pmcntenset_el0, PMCNTEN_C);
	WRITE_SYSREG(pmcr_el0, (READ_SYSREG(pmcr_el0) & ~PMCR_D) | PMCR_E);
	isb();
}

/*
 * The counters' calibration (bench.counter): n iterations of a loop of
 * exactly two instructions, SUBS and BNE in ARM state (A32, -marm). n > 0.
 */
static inline void pmu_loop_2_insns(unsigned long n)
{
	__asm__ __volatile__("1:\tsubs\t%0, %0, #1\n\tbne\t1b" : "+r"(n) :: "cc");
}

#endif
