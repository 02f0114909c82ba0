/* SPDX-License-Identifier: MIT */
/*
 * AArch32 (ARMv7-A, Virtualization + LPAE) system registers, named for the
 * common code by their AArch64 equivalents: READ_SYSREG(sctlr_el2) reads
 * HSCTLR here and SCTLR_EL2 on arm64. Each cp15 tuple is defined once below
 * (opc1, CRn, CRm, opc2 or, for 64-bit registers, opc1, CRm) and used by both
 * the C accessors and the assembly macros in lib/arm32/asm.h.
 * References: Arm ARM for ARMv7-A/R (DDI 0406C), B4.1 and B4.2.
 */
#ifndef HYPTEST_ARM32_SYSREG_H
#define HYPTEST_ARM32_SYSREG_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#define UL(x) UINT64_C(x)
#else
#define UL(x) x
#endif

#define ARCH_NAME		"arm32"

/* CPSR.M, the processor mode (DDI 0406C B1.3.1). */
#define CPSR_MODE_MASK		0x1f
#define CPSR_MODE_USR		0x10
#define CPSR_MODE_SVC		0x13
#define CPSR_MODE_MON		0x16
#define CPSR_MODE_HYP		0x1a

/* --- the cp15 tuples: opc1, CRn, CRm, opc2 (32-bit) or opc1, CRm (64-bit) --- */
#define MPIDR		0, c0, c0, 5
#define CTR		0, c0, c0, 1
#define ID_MMFR0	0, c0, c1, 4
#define ID_DFR0		0, c0, c1, 2	/* Debug Feature 0: PerfMon [27:24] (B4.1 "ID_DFR0") */
#define SCTLR		0, c1, c0, 0
#define HSCTLR		4, c1, c0, 0	/* Hyp System Control */
#define HCR		4, c1, c1, 0	/* Hyp Configuration */
#define HCPTR		4, c1, c1, 2	/* Hyp Coprocessor Trap */
#define HDCR		4, c1, c1, 1	/* Hyp Debug Configuration */
#define HSTR		4, c1, c1, 3	/* Hyp System Trap: cp15 accesses by primary register */
#define VPIDR		4, c0, c0, 0	/* Virtualization Processor ID */
#define VMPIDR		4, c0, c0, 5	/* Virtualization Multiprocessor ID */
#define CNTHCTL		4, c14, c1, 0	/* Counter-timer Hyp Control */
#define HTCR		4, c2, c0, 2	/* Hyp Translation Control */
#define VTCR		4, c2, c1, 2	/* Virtualization Translation Control */
#define HSR		4, c5, c2, 0	/* Hyp Syndrome */
#define HDFAR		4, c6, c0, 0	/* Hyp Data Fault Address */
#define HIFAR		4, c6, c0, 2	/* Hyp Instruction Fault Address */
#define HPFAR		4, c6, c0, 4	/* Hyp IPA Fault Address */
#define HMAIR0		4, c10, c2, 0	/* Hyp Memory Attribute Indirection 0 (attrs 0-3) */
#define HMAIR1		4, c10, c2, 1	/* ... 1 (attrs 4-7) */
#define HVBAR		4, c12, c0, 0	/* Hyp Vector Base Address */
#define HTPIDR		4, c13, c0, 2	/* Hyp Software Thread ID: the vectors' scratch */
#define CNTFRQ		0, c14, c0, 0
#define CNTHP_CTL	4, c14, c2, 1	/* PL2 physical timer control */
/*
 * Performance Monitors (DDI 0406C chapter C12 "The Performance Monitors
 * Extension", and the PM* register pages of B4.1), all in CP15 c9. The
 * cycle counter is 32 bits on ARMv7 (PMCR has no LC bit, and PMCCNTR has no
 * 64-bit form: that is ARMv8's), and there is no PMCCFILTR: PMUv2 filters
 * it through PMXEVTYPER with PMSELR.SEL = 31 (pmccfiltr_el0 below).
 */
#define PMCR		0, c9, c12, 0	/* Performance Monitors Control */
#define PMCNTENSET	0, c9, c12, 1	/* Count Enable Set */
#define PMSELR		0, c9, c12, 5	/* Event Counter Selection */
#define PMCCNTR		0, c9, c13, 0	/* Cycle Count, 32 bits */
#define PMXEVTYPER	0, c9, c13, 1	/* Event Type of the counter PMSELR selects */
/*
 * The GICv3 CPU interface's system registers (Arm IHI 0069, chapter 12,
 * "AArch32 System register descriptions": the same opc1/CRn/CRm/opc2 as
 * the AArch64 ICC_*_EL1/EL2 encodings, through p15). Hyp mode reaches its
 * own SRE through ICC_HSRE, and the EL1 (Non-secure) copies of the others;
 * they exist only when the CPU is connected to a GICv3 or GICv4.
 */
#define ICC_PMR		0, c4, c6, 0	/* Interrupt Controller Interrupt Priority Mask */
#define ICC_IAR1	0, c12, c12, 0	/* Interrupt Acknowledge, Group 1 */
#define ICC_EOIR1	0, c12, c12, 1	/* End Of Interrupt, Group 1 */
#define ICC_BPR1	0, c12, c12, 3	/* Binary Point, Group 1 */
#define ICC_CTLR	0, c12, c12, 4	/* Control (EL1) */
#define ICC_IGRPEN1	0, c12, c12, 7	/* Interrupt Group 1 Enable */
#define ICC_HSRE	4, c12, c9, 5	/* Hyp System Register Enable (AArch64: ICC_SRE_EL2) */
#define HTTBR		4, c2		/* 64-bit: Hyp Translation Table Base */
#define VTTBR		6, c2		/* 64-bit: Virtualization Translation Table Base */
#define PAR64		0, c7		/* 64-bit: Physical Address (LPAE format) */
#define CNTPCT		0, c14		/* 64-bit: physical count */
#define CNTVOFF		4, c14		/* 64-bit: virtual offset */
/*
 * A guest's PL1 registers (Non-secure PL1&0 regime; Hyp mode reads and
 * writes them directly, DDI 0406C B4.1.60 and the per-register pages).
 * The 32-bit forms of TTBR0/TTBR1 are the low halves of the 64-bit ones.
 */
#define ACTLR		0, c1, c0, 1
#define CPACR		0, c1, c0, 2
#define TTBCR		0, c2, c0, 2
#define DACR		0, c3, c0, 0
#define DFSR		0, c5, c0, 0
#define IFSR		0, c5, c0, 1
#define ADFSR		0, c5, c1, 0
#define AIFSR		0, c5, c1, 1
#define DFAR		0, c6, c0, 0
#define IFAR		0, c6, c0, 2
#define MAIR0		0, c10, c2, 0	/* PRRR when TTBCR.EAE = 0 */
#define MAIR1		0, c10, c2, 1	/* NMRR when TTBCR.EAE = 0 */
#define AMAIR0		0, c10, c3, 0
#define AMAIR1		0, c10, c3, 1
#define VBAR		0, c12, c0, 0
#define CONTEXTIDR	0, c13, c0, 1
#define TPIDRURW	0, c13, c0, 2
#define TPIDRURO	0, c13, c0, 3
#define TPIDRPRW	0, c13, c0, 4
#define TTBR0_64	0, c2		/* 64-bit: TTBR0 (LPAE) */
#define TTBR1_64	1, c2		/* 64-bit: TTBR1 (LPAE) */
#define CNTHP_CVAL	6, c14		/* 64-bit: PL2 physical timer compare value */
/* Cache, branch predictor, TLB and address-translation operations (write-only). */
#define ICIALLUIS	0, c7, c1, 0
#define BPIALLIS	0, c7, c1, 6
#define ICIALLU		0, c7, c5, 0
#define BPIALL		0, c7, c5, 6
#define DCIMVAC		0, c7, c6, 1
#define DCCMVAC		0, c7, c10, 1
#define DCCIMVAC	0, c7, c14, 1
#define ATS1HR		4, c7, c8, 0
#define ATS1HW		4, c7, c8, 1
#define ATS12NSOPR	0, c7, c8, 4	/* stages 1 and 2, Non-secure PL1 read (from Hyp mode) */
#define ATS12NSOPW	0, c7, c8, 5	/* ... write */
#define TLBIALLHIS	4, c8, c3, 0
#define TLBIMVAHIS	4, c8, c3, 1
#define TLBIALLH	4, c8, c7, 0
#define TLBIMVAH	4, c8, c7, 1

#ifndef __ASSEMBLER__
/* mrc/mcr/mrrc/mcrr of a tuple above (the extra level expands the tuple into its fields). */
#define CP32_OP_(insn, op1, crn, crm, op2) insn " p15, " #op1 ", %0, " #crn ", " #crm ", " #op2
#define CP32_OP(insn, ...) CP32_OP_(insn, __VA_ARGS__)
#define CP64_OP_(insn, op1, crm) insn " p15, " #op1 ", %Q0, %R0, " #crm
#define CP64_OP(insn, ...) CP64_OP_(insn, __VA_ARGS__)

#define CP32_RW(name, reg)                                                        \
	static inline uint64_t sysreg_read_##name(void)                          \
	{                                                                         \
		uint32_t v_;                                                      \
		__asm__ __volatile__(CP32_OP("mrc", reg) : "=r"(v_) :: "memory"); \
		return v_;                                                        \
	}                                                                         \
	static inline void sysreg_write_##name(uint64_t v)                       \
	{                                                                         \
		__asm__ __volatile__(CP32_OP("mcr", reg) :: "r"((uint32_t)v) : "memory"); \
	}
#define CP64_RW(name, reg)                                                        \
	static inline uint64_t sysreg_read_##name(void)                          \
	{                                                                         \
		uint64_t v_;                                                      \
		__asm__ __volatile__(CP64_OP("mrrc", reg) : "=r"(v_) :: "memory"); \
		return v_;                                                        \
	}                                                                         \
	static inline void sysreg_write_##name(uint64_t v)                       \
	{                                                                         \
		__asm__ __volatile__(CP64_OP("mcrr", reg) :: "r"(v) : "memory");  \
	}
/* A write-only operation with an operand (MVA, or 0 where it is ignored). */
#define CP32_OP_WRITE(reg, v) __asm__ __volatile__(CP32_OP("mcr", reg) :: "r"((uint32_t)(v)) : "memory")

/* The AArch64 names common code uses, each on its AArch32 register. */
CP32_RW(sctlr_el2, HSCTLR)
CP32_RW(hcr_el2, HCR)
CP32_RW(cptr_el2, HCPTR)
CP32_RW(mdcr_el2, HDCR)
CP32_RW(hstr_el2, HSTR)
CP32_RW(vpidr_el2, VPIDR)
CP32_RW(vmpidr_el2, VMPIDR)
CP32_RW(cnthctl_el2, CNTHCTL)
CP32_RW(tcr_el2, HTCR)
CP32_RW(vtcr_el2, VTCR)
CP32_RW(esr_el2, HSR)
CP32_RW(hpfar_el2, HPFAR)
CP32_RW(vbar_el2, HVBAR)
CP32_RW(tpidr_el2, HTPIDR)
CP32_RW(mpidr_el1, MPIDR)
CP32_RW(ctr_el0, CTR)
CP32_RW(cntfrq_el0, CNTFRQ)
CP32_RW(sctlr_el1, SCTLR)
CP32_RW(id_mmfr0, ID_MMFR0)
CP32_RW(id_dfr0_el1, ID_DFR0)
CP32_RW(pmcr_el0, PMCR)
CP32_RW(pmcntenset_el0, PMCNTENSET)
CP32_RW(pmselr_el0, PMSELR)
CP32_RW(pmccntr_el0, PMCCNTR)
CP32_RW(pmxevtyper_el0, PMXEVTYPER)
CP32_RW(hmair0, HMAIR0)
CP32_RW(hmair1, HMAIR1)
CP32_RW(hdfar, HDFAR)
CP32_RW(hifar, HIFAR)
CP64_RW(ttbr0_el2, HTTBR)
CP64_RW(vttbr_el2, VTTBR)
CP64_RW(par_el1, PAR64)
CP64_RW(cntpct_el0, CNTPCT)
CP64_RW(cntvoff_el2, CNTVOFF)
/* The GICv3 CPU interface (traps/gic_v3.c). */
CP32_RW(icc_pmr_el1, ICC_PMR)
CP32_RW(icc_iar1_el1, ICC_IAR1)
CP32_RW(icc_eoir1_el1, ICC_EOIR1)
CP32_RW(icc_bpr1_el1, ICC_BPR1)
CP32_RW(icc_ctlr_el1, ICC_CTLR)
CP32_RW(icc_igrpen1_el1, ICC_IGRPEN1)
CP32_RW(icc_sre_el2, ICC_HSRE)
/* The PL2 (Hyp) physical timer, the watchdog's (DDI 0406C chapter B8, "The Generic Timer"). */
CP32_RW(cnthp_ctl_el2, CNTHP_CTL)
CP64_RW(cnthp_cval_el2, CNTHP_CVAL)

/*
 * A guest's PL1 registers under the AArch64 names of the registers they
 * map to (Arm ARM G8.2, the architectural mapping of AArch32 onto AArch64):
 * the passthrough table (traps/vsysreg.c) and the vCPU's saved state use
 * those names on both arches. ESR_EL1 is DFSR, AFSR0/1 ADFSR/AIFSR,
 * DACR32_EL2 and IFSR32_EL2 are DACR and IFSR; FAR_EL1, MAIR_EL1 and
 * AMAIR_EL1 are two registers each, below.
 */
CP32_RW(tcr_el1, TTBCR)
CP32_RW(esr_el1, DFSR)
CP32_RW(afsr0_el1, ADFSR)
CP32_RW(afsr1_el1, AIFSR)
CP32_RW(contextidr_el1, CONTEXTIDR)
CP32_RW(dacr32_el2, DACR)
CP32_RW(ifsr32_el2, IFSR)
CP32_RW(vbar_el1, VBAR)
CP32_RW(tpidr_el1, TPIDRPRW)
CP32_RW(tpidr_el0, TPIDRURW)
CP32_RW(tpidrro_el0, TPIDRURO)
CP32_RW(cpacr_el1, CPACR)
CP32_RW(actlr_el1, ACTLR)
CP32_RW(dfar, DFAR)
CP32_RW(ifar, IFAR)
CP32_RW(mair0, MAIR0)
CP32_RW(mair1, MAIR1)
CP32_RW(amair0, AMAIR0)
CP32_RW(amair1, AMAIR1)
CP64_RW(ttbr0_el1, TTBR0_64)
CP64_RW(ttbr1_el1, TTBR1_64)

/* One 64-bit name for two 32-bit registers: lo is bits [31:0], hi bits [63:32]. */
#define CP32_PAIR_RW(name, lo, hi)                                                \
	static inline uint64_t sysreg_read_##name(void)                          \
	{                                                                         \
		return sysreg_read_##lo() | (sysreg_read_##hi() << 32);           \
	}                                                                         \
	static inline void sysreg_write_##name(uint64_t v)                       \
	{                                                                         \
		sysreg_write_##lo(v & 0xffffffffu);                               \
		sysreg_write_##hi(v >> 32);                                       \
	}
CP32_PAIR_RW(far_el1, dfar, ifar)	/* FAR_EL1[31:0] = DFAR, [63:32] = IFAR */
CP32_PAIR_RW(mair_el1, mair0, mair1)	/* MAIR_EL1 = MAIR1:MAIR0 */
CP32_PAIR_RW(amair_el1, amair0, amair1)
CP32_PAIR_RW(mair_el2, hmair0, hmair1)	/* MAIR_EL2 = HMAIR1:HMAIR0 */

/*
 * PMCCFILTR_EL0 is, in PMUv2, the event type register of the cycle counter:
 * PMXEVTYPER with PMSELR.SEL = 31 (DDI 0406C B4.1 "PMSELR", "PMXEVTYPER"; the
 * AArch32 PMCCFILTR of ARMv8 is not an ARMv7 register). The ISB makes the
 * new selection apply to the indirect access that follows (Linux and the Arm
 * ARM's "synchronization of changes to system control registers", B3.15.5).
 * PMSELR is left at 31: nothing else here uses the event counters.
 */
#define PMSELR_SEL_CYCLES	31
static inline void sysreg_write_pmccfiltr_el0(uint64_t v)
{
	sysreg_write_pmselr_el0(PMSELR_SEL_CYCLES);
	__asm__ __volatile__("isb" ::: "memory");
	sysreg_write_pmxevtyper_el0(v);
}

/*
 * The banked SPSRs of a guest's modes, read and written from Hyp mode with
 * MRS/MSR (banked register), Virtualization Extensions (DDI 0406C B9.3.9,
 * B9.3.12). SPSR_EL1 is SPSR_svc.
 */
#define BANKED_RW(name, reg)                                                      \
	static inline uint64_t sysreg_read_##name(void)                          \
	{                                                                         \
		uint32_t v_;                                                      \
		__asm__ __volatile__("mrs %0, " #reg : "=r"(v_) :: "memory");    \
		return v_;                                                        \
	}                                                                         \
	static inline void sysreg_write_##name(uint64_t v)                       \
	{                                                                         \
		__asm__ __volatile__("msr " #reg ", %0" :: "r"((uint32_t)v) : "memory"); \
	}
BANKED_RW(spsr_el1, SPSR_svc)
BANKED_RW(spsr_abt, SPSR_abt)
BANKED_RW(spsr_und, SPSR_und)
BANKED_RW(spsr_irq, SPSR_irq)
BANKED_RW(spsr_fiq, SPSR_fiq)

/* Mask IRQs in Hyp mode (CPSR.I) and return the CPSR, for irq_restore(). */
static inline uint64_t irq_mask_save(void)
{
	uint32_t cpsr;

	__asm__ __volatile__("mrs %0, cpsr\n\tcpsid i" : "=r"(cpsr) :: "memory");
	return cpsr;
}

/* CPSR.I back as it was: MSR CPSR_c writes bits [7:0] (I, F, T, M), of which only I changed. */
static inline void irq_restore(uint64_t flags)
{
	__asm__ __volatile__("msr cpsr_c, %0" :: "r"((uint32_t)flags) : "memory");
}

/* CurrentEL from the CPSR mode: Hyp is PL2 (EL2), Monitor PL1 Secure (EL3 here), User EL0, else EL1. */
static inline uint64_t sysreg_read_CurrentEL(void)
{
	uint32_t cpsr, m, el;

	__asm__ __volatile__("mrs %0, cpsr" : "=r"(cpsr));
	m = cpsr & CPSR_MODE_MASK;
	el = m == CPSR_MODE_HYP ? 2 : m == CPSR_MODE_MON ? 3 : m == CPSR_MODE_USR ? 0 : 1;
	return (uint64_t)el << 2;
}

#define READ_SYSREG(r) sysreg_read_##r()
#define WRITE_SYSREG(r, v) sysreg_write_##r(v)
/*
 * IRQs in HYP mode: CPSR.I cleared / set (CPSIE i / CPSID i, DDI 0406C B9.3,
 * "CPS").
 * The runner unmasks them only while a test runs (watchdog_start()).
 */
#define irq_unmask() __asm__ __volatile__("cpsie i" ::: "memory")
#define irq_mask() __asm__ __volatile__("cpsid i" ::: "memory")
#define isb() __asm__ __volatile__("isb" ::: "memory")
#define dsb(opt) __asm__ __volatile__("dsb " #opt ::: "memory")
/*
 * The address of sym in the mapping the CPU executes in now: a link-time
 * PC-relative offset (MOVW/MOVT with R_ARM_MOVW_PREL_NC/MOVT_PREL) added to
 * the PC, which reads as the instruction's address + 8 in ARM state.
 */
#define PC_ADDR(sym) ({                                                           \
	uint32_t a_;                                                              \
	__asm__("movw %0, #:lower16:" #sym " - (9f + 8)\n\t"                      \
		"movt %0, #:upper16:" #sym " - (9f + 8)\n"                         \
		"9:\tadd %0, pc, %0" : "=r"(a_));                                  \
	(uint64_t)a_;                                                             \
})
#endif

/* CurrentEL[3:2] holds the exception level (as synthesized above). */
#define CURRENTEL_EL_SHIFT	2
#define CURRENTEL_EL_MASK	UL(0x3)

/* HCR (B4.1.65): the low 32 bits of HCR_EL2, same positions (lib/sysreg_shared.h). */
#include "lib/sysreg_shared.h"
/* AArch32 has no VHE: there is no E2H bit to be clear (the check is vacuous here). */
#define HCR_EL2_E2H		UL(0)
/*
 * The value the boot code writes: nothing virtualized or trapped yet. IMO
 * routes physical IRQs to HYP mode: with IMO = 0 (and TGE = 0) an IRQ is
 * for a PL1 mode and is never taken in HYP mode (DDI 0406C "Asynchronous
 * exception routing controls"); the watchdog needs it. CPSR.I keeps IRQs
 * masked in HYP mode except while a test runs.
 */
#define HCR_EL2_BOOT		HCR_EL2_IMO

/* HSCTLR (B4.1.66). */
#define SCTLR_EL2_M		(UL(1) << 0)
#define SCTLR_EL2_A		(UL(1) << 1)
#define SCTLR_EL2_C		(UL(1) << 2)
#define SCTLR_EL2_I		(UL(1) << 12)
#define SCTLR_EL2_WXN		(UL(1) << 19)
#define SCTLR_EL2_EE		(UL(1) << 25)
#define SCTLR_EL2_TE		(UL(1) << 30)
/* Should-be-one bits: 3, 4, 11, 16, 18, 22, 23, 28, 29. TE = 0: exceptions in ARM state. */
#define SCTLR_EL2_RES1		(UL(0x30C50818))

/* HCPTR (B4.1.64): should-be-one bits 0-9, 12, 13; TCP10/TCP11 (10, 11) clear: no FP trap. */
#define CPTR_EL2_RES1		(UL(0x33FF))

/* HMAIR0/1: the attribute indexes of lib/sysreg_shared.h, all of them in HMAIR0. */

/*
 * HTCR (B4.1.76): T0SZ = 0, so HTTBR covers the whole 32-bit VA space and a
 * walk starts at level 1 with a 4-entry (32-byte) table; walks inner
 * shareable, write-back write-allocate; bit 31 should be one.
 */
#define VA_BITS			32
#define TCR_EL2_IRGN0_WBWA	(UL(1) << 8)
#define TCR_EL2_ORGN0_WBWA	(UL(1) << 10)
#define TCR_EL2_SH0_INNER	(UL(3) << 12)
#define TCR_EL2_RES1		(UL(1) << 31)
#define TCR_EL2_BOOT		(TCR_EL2_RES1 | TCR_EL2_IRGN0_WBWA | TCR_EL2_ORGN0_WBWA | TCR_EL2_SH0_INNER)

/* Hyp-mode PSR values: the mode HVBAR's handlers return to after abandoning a test. */
#define PSR_A			(UL(1) << 8)
#define PSR_I			(UL(1) << 7)
#define PSR_F			(UL(1) << 6)
#define TRAP_LANDING_SPSR	(CPSR_MODE_HYP | PSR_A | PSR_I | PSR_F)
/* An exception taken from a test's own code: HYP mode (the main stack; HYP has no other). */
#define TRAP_SPSR_IN_TEST(spsr)	(((spsr) & CPSR_MODE_MASK) == CPSR_MODE_HYP)
/* HVBAR[4:0] are RES0: the vector table is 32-byte aligned. */
#define VBAR_RES0_MASK		UL(0x1f)

/*
 * HSR.ISS.Rt of a trapped MCR/MRC is the Rt field of the instruction, as
 * it is (B3.13.6): the trap handler maps it to the mode's banked copy.
 */
#define ESR_RT_AARCH64_VIEW	0
/* HSR.IL is UNK/SBZP for a Prefetch Abort (B3.13.6, IL): not part of the syndrome's contract here. */
#define ESR_IABT_IL_VALID	0
/* HSR (B3.13.6): the layout and classes of ESR_EL2 (lib/sysreg_shared.h), and these. */
#define ESR_EC_SVC32		0x11
#define ESR_EC_SMC32		0x13
#define ESR_EC_BKPT32		0x38
/* Names for the dumps (traps/traps.c). */
#define ESR_EC_NAMES ESR_EC_NAMES_COMMON \
	[ESR_EC_SVC32] = "svc32", [ESR_EC_SMC32] = "smc32", [ESR_EC_BKPT32] = "bkpt32",
/* Long-descriptor (LPAE) fault status: the codes of lib/sysreg_shared.h, and this one. */
#define FSC_DEBUG		0x22	/* debug event: a BKPT in HYP mode on ARMv7 */

/*
 * VTCR (B4.1.158): the guests' stage 2 uses a 32-bit IPA, T0SZ = 0 (and S,
 * its sign bit, 0), so a walk starts at level 1 (SL0 = 0b01) with a 4-entry
 * root table, the geometry of the hypervisor's own HTCR; cacheable, inner
 * shareable walks; bit 31 should be one. ARMv7 has no PS field: the output
 * is always 40 bits. Every IPA a guest uses (RAM, UART) and the hypervisor
 * PAs stage2_isolation probes sit below 4 GiB with highmem=off.
 */
#define S2_IPA_BITS		32
#define S2_ROOT_LEVEL		1
#define VTCR_EL2_SL0_L1		(UL(1) << 6)
#define VTCR_EL2_IRGN0_WBWA	(UL(1) << 8)
#define VTCR_EL2_ORGN0_WBWA	(UL(1) << 10)
#define VTCR_EL2_SH0_INNER	(UL(3) << 12)
#define VTCR_EL2_RES1		(UL(1) << 31)
#define VTCR_EL2_BASE		(VTCR_EL2_RES1 | VTCR_EL2_SL0_L1 | VTCR_EL2_IRGN0_WBWA | \
				 VTCR_EL2_ORGN0_WBWA | VTCR_EL2_SH0_INNER)
#ifndef __ASSEMBLER__
static inline uint64_t vtcr_el2_value(void)
{
	return VTCR_EL2_BASE;
}
#endif
/* HPFAR (B4.1 "HPFAR"): FIPA, bits [31:4], holds IPA[39:12] of a stage-2 abort. */
#define HPFAR_IPA(hpfar)	(((hpfar) & UL(0xfffffff0)) << 8)
/*
 * HCR has no RW bit: ARMv7 PL1 is always AArch32, so every guest is. The
 * common guest code tests HCR_EL2_RW against the vCPU's width; 0 here means
 * "AArch32 EL1".
 */
#define HCR_EL2_RW		UL(0)
/* The AArch64 exception classes the common guest code names; ARMv7 never reports them. */
#define ESR_EC_HVC64		0x16
#define ESR_EC_SYS64		0x18

/* VTTBR (B4.1.159): BADDR [39:x], VMID [55:48], as VTTBR_EL2. */
#define VTTBR_VMID_SHIFT	48
#define VTTBR_VALUE(root, vmid)	((uint64_t)(root) | ((uint64_t)(vmid) << VTTBR_VMID_SHIFT))

/* PSCI function ids (DEN0022), SMC32 calling convention. */
#define PSCI_0_2_FN_SYSTEM_OFF	UL(0x84000008)
#define PSCI_0_2_FN_VERSION	UL(0x84000000)
#define PSCI_FN_CPU_ON		UL(0x84000003)

#endif
