/* SPDX-License-Identifier: MIT */
/*
 * What the AArch64 EL2 registers and their AArch32 HYP-mode counterparts
 * share, bit for bit: the HCR_EL2/HCR controls hyptest uses (Arm ARM
 * D19.2.48; DDI 0406C B4.1.65), the ESR_EL2/HSR syndrome layout, the
 * exception classes both report and the long-descriptor fault status codes
 * (D19.2.37; B3.13.6), and the memory attributes MAIR_EL2 and HMAIR0 hold
 * for the hypervisor's own mappings. Included by lib/<arch>/sysreg.h, which
 * adds its arch's own.
 */
#ifndef HYPTEST_SYSREG_SHARED_H
#define HYPTEST_SYSREG_SHARED_H

/* HCR_EL2 / HCR (the low 32 bits of HCR_EL2 are HCR). */
#define HCR_EL2_VM		(UL(1) << 0)
#define HCR_EL2_SWIO		(UL(1) << 1)
#define HCR_EL2_FMO		(UL(1) << 3)
#define HCR_EL2_IMO		(UL(1) << 4)
#define HCR_EL2_AMO		(UL(1) << 5)
#define HCR_EL2_DC		(UL(1) << 12)
#define HCR_EL2_TSC		(UL(1) << 19)
#define HCR_EL2_TACR		(UL(1) << 21)
#define HCR_EL2_TVM		(UL(1) << 26)

#define ESR_EC_SHIFT		26
#define ESR_EC_MASK		UL(0x3f)
#define ESR_IL			(UL(1) << 25)
#define ESR_ISS_MASK		UL(0x1ffffff)
#define ESR_EC_UNKNOWN		0x00
#define ESR_EC_CP15_32		0x03	/* AArch32 MCR/MRC, coproc 15 */
#define ESR_EC_CP15_64		0x04	/* AArch32 MCRR/MRRC, coproc 15 */
#define ESR_EC_HVC32		0x12
#define ESR_EC_IABT_LOW		0x20
#define ESR_EC_IABT_CUR		0x21
#define ESR_EC_PC_ALIGN		0x22
#define ESR_EC_DABT_LOW		0x24
#define ESR_EC_DABT_CUR		0x25
/* Their names for the dumps (traps/traps.c); lib/<arch>/sysreg.h's ESR_EC_NAMES adds the arch's. */
#define ESR_EC_NAMES_COMMON                                                   \
	[ESR_EC_UNKNOWN] = "unknown/undefined", [ESR_EC_CP15_32] = "cp15-32", \
	[ESR_EC_CP15_64] = "cp15-64", [ESR_EC_HVC32] = "hvc32",               \
	[ESR_EC_IABT_LOW] = "iabt-lower", [ESR_EC_IABT_CUR] = "iabt-current", \
	[ESR_EC_PC_ALIGN] = "pc-alignment", [ESR_EC_DABT_LOW] = "dabt-lower", \
	[ESR_EC_DABT_CUR] = "dabt-current",
/* Abort ISS: DFSC/IFSC in bits 5:0; WnR (bit 6) for data aborts. */
#define ESR_ABT_FSC_MASK	UL(0x3f)
#define ESR_DABT_WNR		(UL(1) << 6)
/* Fault status codes: translation fault at level n = 0b0001nn, permission = 0b0011nn. */
#define FSC_TRANSLATION(l)	(0x04 + (l))
#define FSC_ACCESS_FLAG(l)	(0x08 + (l))
#define FSC_PERMISSION(l)	(0x0c + (l))
#define FSC_ALIGNMENT		0x21

/*
 * A guest's SCTLR (SCTLR_EL1, or the AArch32 SCTLR it maps to): the bits
 * the stage-1 MMU decision reads, at the same positions in both.
 */
#define SCTLR_EL1_M		(UL(1) << 0)
#define SCTLR_EL1_C		(UL(1) << 2)
#define SCTLR_EL1_I		(UL(1) << 12)
/*
 * ... and the bits that shape an exception entry: V (AArch32 only: the
 * high vectors at 0xffff0000), SPAN (0: entry to EL1 sets PSTATE.PAN, with
 * FEAT_PAN), EE (the entry's endianness, CPSR.E in AArch32), TE (AArch32
 * only: the handler runs in T32 state).
 */
#define SCTLR_A32_V		(UL(1) << 13)
#define SCTLR_EL1_SPAN		(UL(1) << 23)
#define SCTLR_EL1_EE		(UL(1) << 25)
#define SCTLR_A32_TE		(UL(1) << 30)

/*
 * An AArch32 guest's CPSR as SPSR_EL2 / SPSR_hyp holds it: M[4:0]
 * Supervisor 0b10011, Undefined 0b11011; T (Thumb); A, I, F masks.
 */
#define SPSR_M32_SVC		UL(0x13)
#define SPSR_M32_UND		UL(0x1b)
#define SPSR_M32_MASK		UL(0x1f)
#define SPSR_A32_T		(UL(1) << 5)
#define SPSR_A32_I		(UL(1) << 7)
#define SPSR_A32_AIF		(UL(7) << 6)
#define SPSR_A32_E		(UL(1) << 9)
/* IT[7:2] at [15:10], IT[1:0] at [26:25]; J (ARMv7; RES0 in ARMv8) at 24; IL at 20, SS at 21 (SPSR only). */
#define SPSR_A32_IT		((UL(0x3f) << 10) | (UL(3) << 25))
#define SPSR_A32_J		(UL(1) << 24)
#define SPSR_IL			(UL(1) << 20)
#define SPSR_SS			(UL(1) << 21)
#define SPSR_PAN		(UL(1) << 22)

/* MAIR_EL2 / HMAIR0 attribute indexes used by every stage-1 hypervisor descriptor. */
#define MAIR_IDX_DEVICE		0	/* Device-nGnRnE (Strongly-ordered on ARMv7) */
#define MAIR_IDX_NORMAL		1	/* Normal, Inner/Outer WB RA WA non-transient */
#define MAIR_IDX_NORMAL_NC	2	/* Normal, Inner/Outer Non-cacheable */
#define MAIR_ATTR_DEVICE_nGnRnE	UL(0x00)
#define MAIR_ATTR_NORMAL_WB	UL(0xff)
#define MAIR_ATTR_NORMAL_NC	UL(0x44)
#define MAIR_EL2_BOOT		((MAIR_ATTR_DEVICE_nGnRnE << (8 * MAIR_IDX_DEVICE)) | \
				 (MAIR_ATTR_NORMAL_WB << (8 * MAIR_IDX_NORMAL)) |      \
				 (MAIR_ATTR_NORMAL_NC << (8 * MAIR_IDX_NORMAL_NC)))

#endif
