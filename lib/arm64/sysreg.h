/* SPDX-License-Identifier: MIT */
/* AArch64 system register accessors and the field definitions hyptest uses. */
#ifndef HYPTEST_ARM64_SYSREG_H
#define HYPTEST_ARM64_SYSREG_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#define UL(x) UINT64_C(x)
#else
#define UL(x) x
#endif

#ifndef __ASSEMBLER__
#define READ_SYSREG(r) ({                                             \
	uint64_t v_;                                                  \
	__asm__ __volatile__("mrs %0, " #r : "=r"(v_) :: "memory");   \
	v_;                                                           \
})
#define WRITE_SYSREG(r, v) do {                                       \
	uint64_t w_ = (v);                                            \
	__asm__ __volatile__("msr " #r ", %0" :: "r"(w_) : "memory"); \
} while (0)
#define isb() __asm__ __volatile__("isb" ::: "memory")
#define dsb(opt) __asm__ __volatile__("dsb " #opt ::: "memory")
/*
 * IRQs at EL2: PSTATE.I cleared / set (MSR DAIFClr / DAIFSet, #2: the I
 * bit). The runner unmasks them only while a test runs (watchdog_start()).
 */
#define irq_unmask() __asm__ __volatile__("msr daifclr, #2" ::: "memory")
#define irq_mask() __asm__ __volatile__("msr daifset, #2" ::: "memory")
/* The address of sym in the mapping the CPU executes in now (PC-relative, +-4 GiB). */
#define PC_ADDR(sym) ({                                                           \
	uint64_t a_;                                                              \
	__asm__("adrp %0, " #sym "\n\tadd %0, %0, :lo12:" #sym : "=r"(a_));       \
	a_;                                                                       \
})
#endif

#define ARCH_NAME		"arm64"

/* CurrentEL[3:2] holds the exception level. */
#define CURRENTEL_EL_SHIFT	2
#define CURRENTEL_EL_MASK	UL(0x3)

/* HCR_EL2 (Arm ARM D19.2.48): the bits HCR shares are in lib/sysreg_shared.h. */
#include "lib/sysreg_shared.h"
#define HCR_EL2_RW		(UL(1) << 31)
#define HCR_EL2_E2H		(UL(1) << 34)
/*
 * The value the boot code writes: EL1 is AArch64 (RW), and nothing is
 * virtualized or trapped yet; E2H stays 0 (no VHE: EL2 has its own regime).
 * IMO routes physical IRQs to EL2: without it (and TGE = 0) an IRQ targets
 * EL1 and is never taken while at EL2 (Arm ARM "Asynchronous exception
 * routing"); the watchdog needs it. PSTATE.I keeps IRQs masked at EL2
 * except while a test runs.
 */
#define HCR_EL2_BOOT		(HCR_EL2_RW | HCR_EL2_IMO)

/* SCTLR_EL2 (non-VHE layout, Arm ARM D19.2.118). */
#define SCTLR_EL2_M		(UL(1) << 0)
#define SCTLR_EL2_A		(UL(1) << 1)
#define SCTLR_EL2_C		(UL(1) << 2)
#define SCTLR_EL2_SA		(UL(1) << 3)
#define SCTLR_EL2_I		(UL(1) << 12)
#define SCTLR_EL2_WXN		(UL(1) << 19)
#define SCTLR_EL2_EE		(UL(1) << 25)
/* RES1 bits of SCTLR_EL2 when HCR_EL2.E2H == 0: 4,5,11,16,18,22,23,28,29. */
#define SCTLR_EL2_RES1		(UL(0x30C50830))

/* SCTLR_EL1 RES1 bits for ARMv8.0 (11, 20, 22, 23, 28, 29). */
#define SCTLR_EL1_RES1		(UL(0x30D00800))
/* SCTLR_EL1.DSSBS: PSTATE.SSBS on an exception entry to EL1 (FEAT_SSBS). */
#define SCTLR_EL1_DSSBS		(UL(1) << 44)

/* CPTR_EL2 (E2H == 0): RES1 bits 0-7, 9, 12, 13; TFP (bit 10) traps FP/SIMD. */
#define CPTR_EL2_RES1		(UL(0x32FF))
#define CPTR_EL2_TFP		(UL(1) << 10)

/* TCR_EL2 (E2H == 0, Arm ARM D19.2.139). */
#define TCR_EL2_T0SZ_SHIFT	0
#define TCR_EL2_IRGN0_WBWA	(UL(1) << 8)
#define TCR_EL2_ORGN0_WBWA	(UL(1) << 10)
#define TCR_EL2_SH0_INNER	(UL(3) << 12)
#define TCR_EL2_TG0_4K		(UL(0) << 14)
#define TCR_EL2_PS_SHIFT	16
#define TCR_EL2_RES1		((UL(1) << 31) | (UL(1) << 23))
/* 48-bit VA: T0SZ = 64 - 48 = 16, so a walk starts at level 0. */
#define VA_BITS			48
#define TCR_EL2_T0SZ_48		(UL(64 - VA_BITS) << TCR_EL2_T0SZ_SHIFT)
#define TCR_EL2_BOOT_NOPS	(TCR_EL2_RES1 | TCR_EL2_T0SZ_48 | TCR_EL2_IRGN0_WBWA | \
				 TCR_EL2_ORGN0_WBWA | TCR_EL2_SH0_INNER | TCR_EL2_TG0_4K)

/* ID_AA64MMFR0_EL1.PARange (bits 3:0) maps to TCR_EL2.PS with the same encoding. */
#define ID_AA64MMFR0_PARANGE_MASK UL(0xf)

/* SPSR_EL2 / PSTATE. */
#define SPSR_M_EL2T		UL(0x8)
#define SPSR_M_EL2H		UL(0x9)
#define SPSR_DAIF		(UL(0xf) << 6)
#define SPSR_NZCV		(UL(0xf) << 28)
#define SPSR_DIT		(UL(1) << 24)
#define SPSR_SSBS		(UL(1) << 12)
/* Where the handlers return to after abandoning a test: EL2t, interrupts masked. */
#define TRAP_LANDING_SPSR	(SPSR_M_EL2T | SPSR_DAIF)
/* An exception taken from a test's own code: EL2t, on the main stack. */
#define TRAP_SPSR_IN_TEST(spsr)	(((spsr) & 0xf) == SPSR_M_EL2T)
/* VBAR_EL2[10:0] are RES0: the vector table is 2 KiB aligned. */
#define VBAR_RES0_MASK		UL(0x7ff)

/* ESR_ELx (Arm ARM D19.2.37): the layout and the classes HSR shares are in lib/sysreg_shared.h. */
#define ESR_EC_HVC64		0x16
#define ESR_EC_SMC64		0x17
#define ESR_EC_SYS64		0x18
#define ESR_EC_SP_ALIGN		0x26
#define ESR_EC_SERROR		0x2f
#define ESR_EC_BRK64		0x3c
/*
 * A trapped AArch32 MCR/MRC/MCRR/MRRC reports Rt/Rt2 (and a data abort
 * SRT) as the AArch64 view of the register: the X register the AArch32
 * one maps to in the guest's mode (Arm ARM D17.2.37, the Rt field of
 * "ISS encoding for an exception from an MCR or MRC access").
 */
#define ESR_RT_AARCH64_VIEW	1
/* ESR_EL2.IL is 1 for an Instruction Abort (Arm ARM D17.2.37, IL). */
#define ESR_IABT_IL_VALID	1
/* Names for the dumps (traps/traps.c). */
#define ESR_EC_NAMES ESR_EC_NAMES_COMMON                                  \
	[ESR_EC_HVC64] = "hvc64", [ESR_EC_SMC64] = "smc64", [ESR_EC_SYS64] = "sysreg", \
	[ESR_EC_SP_ALIGN] = "sp-alignment", [ESR_EC_SERROR] = "serror", [ESR_EC_BRK64] = "brk64",

/*
 * VTCR_EL2 (Arm ARM D19.2.156): the guests' stage 2 uses a 39-bit IPA
 * (T0SZ = 25) with the 4 KiB granule, so a walk starts at level 1 (SL0 = 1)
 * with one 512-entry root table and no concatenation; cacheable, inner
 * shareable walks; PS (bits 18:16) is filled in from PARange; bit 31 RES1.
 */
#define S2_IPA_BITS		39
#define VTCR_EL2_T0SZ		(UL(64) - S2_IPA_BITS)
#define VTCR_EL2_SL0_L1		(UL(1) << 6)
#define VTCR_EL2_IRGN0_WBWA	(UL(1) << 8)
#define VTCR_EL2_ORGN0_WBWA	(UL(1) << 10)
#define VTCR_EL2_SH0_INNER	(UL(3) << 12)
#define VTCR_EL2_TG0_4K		(UL(0) << 14)
#define VTCR_EL2_PS_SHIFT	16
#define VTCR_EL2_RES1		(UL(1) << 31)
#define VTCR_EL2_BASE		(VTCR_EL2_RES1 | VTCR_EL2_T0SZ | VTCR_EL2_SL0_L1 | \
				 VTCR_EL2_IRGN0_WBWA | VTCR_EL2_ORGN0_WBWA | VTCR_EL2_SH0_INNER | \
				 VTCR_EL2_TG0_4K)
#define S2_ROOT_LEVEL		1
/* VTTBR_EL2: BADDR in [47:1] (the root table, 4 KiB aligned here), VMID in [55:48]. */
#define VTTBR_VMID_SHIFT	48
#define VTTBR_VALUE(root, vmid)	((uint64_t)(root) | ((uint64_t)(vmid) << VTTBR_VMID_SHIFT))
/* HPFAR_EL2.FIPA (bits 43:4) holds IPA[51:12] of a stage-2 abort. */
#define HPFAR_IPA(hpfar)	(((hpfar) & UL(0xffffffffff0)) << 8)

/* ID_AA64PFR0_EL1.EL1 (bits 7:4): 1 = AArch64 only, 2 = AArch64 and AArch32. */
#define ID_AA64PFR0_EL1_SHIFT	4
/* ID_AA64MMFR1_EL1.PAN (bits 23:20), ID_AA64PFR1_EL1.SSBS (bits 7:4): non-zero when implemented. */
#define ID_AA64MMFR1_PAN_SHIFT	20
#define ID_AA64PFR1_SSBS_SHIFT	4

/* AArch64 guest PSTATE on entry: EL1h, M = 0b0101 (the AArch32 modes are in lib/sysreg_shared.h). */
#define SPSR_M_EL1H		UL(0x5)

#ifndef __ASSEMBLER__
/* Mask IRQs at EL2 (PSTATE.I) and return what DAIF was, for irq_restore(). */
static inline uint64_t irq_mask_save(void)
{
	uint64_t daif;

	__asm__ __volatile__("mrs %0, daif\n\tmsr daifset, #2" : "=r"(daif) :: "memory");
	return daif;
}

static inline void irq_restore(uint64_t flags)
{
	__asm__ __volatile__("msr daif, %0" :: "r"(flags) : "memory");
}

/*
 * VTCR_EL2 for a guest's stage 2: VTCR_EL2_BASE with PS, the output size,
 * from the CPU's PARange, capped at 48 bits (0b101), the most a 4 KiB-granule
 * descriptor here holds.
 */
static inline uint64_t vtcr_el2_value(void)
{
	uint64_t parange = READ_SYSREG(id_aa64mmfr0_el1) & ID_AA64MMFR0_PARANGE_MASK;

	return VTCR_EL2_BASE | ((parange > 5 ? 5 : parange) << VTCR_EL2_PS_SHIFT);
}
#endif

/* PSCI function ids (DEN0022). */
#define PSCI_0_2_FN_SYSTEM_OFF	UL(0x84000008)
#define PSCI_0_2_FN_VERSION	UL(0x84000000)
#define PSCI_FN_CPU_ON		UL(0xc4000003)	/* SMC64 */

#endif
