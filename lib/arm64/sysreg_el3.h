/* SPDX-License-Identifier: MIT */
/* EL3 system register fields the EL3 shim (boot/arm64/el3_shim.S) writes, with the Arm ARM's reasons. */
#ifndef HYPTEST_ARM64_SYSREG_EL3_H
#define HYPTEST_ARM64_SYSREG_EL3_H

#include "lib/arm64/sysreg.h"

/*
 * SCR_EL3, the Secure Configuration Register (Arm ARM DDI 0487, the
 * AArch64 System register descriptions, "SCR_EL3"):
 *   NS   (bit 0)  1: EL2 and EL1 are Non-secure. hyptest is a Non-secure
 *                 hypervisor; its memory and devices are the NS ones.
 *   IRQ, FIQ, EA (bits 1-3) 0: interrupts and SErrors are not routed to
 *                 EL3 (the shim has no handler for them; HCR_EL2 decides).
 *   bits 5:4      RES1.
 *   SMD  (bit 7)  0: SMC is enabled at EL1 and above: it is the PSCI
 *                 conduit the hypervisor uses to reach the shim.
 *   HCE  (bit 8)  1: HVC is enabled. With 0 the HVC instruction is
 *                 UNDEFINED at EL1 and EL2, so a guest's HVC never reaches
 *                 EL2 (knob el3-no-hce).
 *   RW   (bit 10) 1: the next lower EL (EL2) is AArch64.
 *   ST, TWI, TWE, TLOR, TERR, EEL2, ... 0: no Secure timer access from
 *                 EL1, no WFI/WFE, LORegion or RAS-record traps to EL3, no
 *                 Secure EL2.
 *   APK, API (bits 16, 17): set only when the PE has pointer
 *                 authentication (they are RES0 otherwise); with 0 the key
 *                 registers and PAC instructions at EL1/EL2 trap to EL3.
 *   TRNDR (bit 40) 0: RNDR is not trapped: the loader takes its seed from it.
 * Features hyptest does not use (MTE's ATA, FGTEn, HXEn, ECVEn, SVE/SME
 * enables) stay 0: an access traps to EL3, and the shim reports it.
 */
#define SCR_EL3_NS		(UL(1) << 0)
#define SCR_EL3_RES1		(UL(3) << 4)
#define SCR_EL3_SMD		(UL(1) << 7)
#define SCR_EL3_HCE		(UL(1) << 8)
#define SCR_EL3_RW		(UL(1) << 10)
#define SCR_EL3_APK		(UL(1) << 16)
#define SCR_EL3_API		(UL(1) << 17)
#ifdef INJECT_EL3_NO_HCE
#define SCR_EL3_BOOT		(SCR_EL3_RES1 | SCR_EL3_NS | SCR_EL3_RW)	/* knob: HVC left disabled */
#else
#define SCR_EL3_BOOT		(SCR_EL3_RES1 | SCR_EL3_NS | SCR_EL3_HCE | SCR_EL3_RW)
#endif

/*
 * ID_AA64ISAR1_EL1 APA [7:4], API [11:8], GPA [27:24], GPI [31:28] and
 * ID_AA64ISAR2_EL1 GPA3 [11:8], APA3 [15:12]: any non-zero field means
 * pointer authentication is implemented.
 */
#define ID_AA64ISAR1_PAUTH_MASK	UL(0xff000ff0)
#define ID_AA64ISAR2_PAUTH_MASK	UL(0xff00)

/* SCTLR_EL3 RES1 bits (4, 5, 11, 16, 18, 22, 23, 28, 29): M = C = I = 0, EE = 0 (little-endian). */
#define SCTLR_EL3_RES1		UL(0x30C50830)

/*
 * CPTR_EL3 = 0: TCPAC (bit 31) 0, EL2's CPTR_EL2/CPACR accesses are not
 * trapped; TAM (30) 0, AMU registers not trapped; TTA (20) 0, trace
 * registers not trapped; TFP (10) 0, FP/SIMD not trapped (the prebuilt
 * libfdt uses SIMD registers); EZ (8) and ESM (12) 0: SVE and SME stay
 * trapped to EL3 (hyptest uses neither).
 */
#define CPTR_EL3_BOOT		UL(0)

/*
 * MDCR_EL3 = 0: TDA, TDOSA, TPM (bits 9, 10, 6) 0: debug, OS-lock and PMU
 * register accesses from EL2/EL1 are not trapped to EL3; SDD (16) 0 and
 * SPD32 (15:14) 0b00: the legacy Secure self-hosted debug setting, which
 * only matters to a Secure EL1 that does not exist here; NSPB (13:12) 0:
 * the statistical profiling buffer stays owned by EL3 (hyptest does not
 * profile).
 */
#define MDCR_EL3_BOOT		UL(0)

/*
 * ICC_SRE_EL3 (GICv3 CPU interface, IHI 0069 12.2.x): SRE (bit 0) 1, EL3
 * uses the system-register interface; DFB, DIB (bits 1, 2) 1, FIQ and IRQ
 * bypass disabled; Enable (bit 3) 1: EL2 may write ICC_SRE_EL2, so the
 * hypervisor can choose the system-register interface too. Written only
 * when ID_AA64PFR0_EL1.GIC (bits 27:24) says the interface exists.
 */
#define ICC_SRE_EL3_BOOT	UL(0xf)
#define ID_AA64PFR0_GIC_SHIFT	24
#define ICC_SRE_EL3		s3_6_c12_c12_5

/*
 * The distributor registers the shim writes (el3_shim.S), at
 * PLATFORM_EL3_GICD: GICD_CTLR.DS (IHI 0069, GICv3: Disable Security,
 * written once); GICD_TYPER.ITLinesNumber [4:0] (IHI 0048B 4.3.2, GICv2:
 * the distributor has 32 x (N + 1) INTIDs) and GICD_IGROUPRn (IHI 0048B
 * 4.3.4: one bit per INTID, 1 = Group 1 = Non-secure; n = 0, INTIDs 0-31,
 * is banked per CPU). Both are Secure-only where the GIC has two security
 * states.
 */
#define GICD_CTLR		0x000
#define GICD_CTLR_DS		(1 << 6)
#define GICD_TYPER		0x004
#define GICD_TYPER_ITLINES_MASK	0x1f
#define GICD_IGROUPR		0x080
/*
 * GICv2 GICC_PMR (IHI 0048B 4.4.2, at PLATFORM_EL3_GICC, banked per CPU):
 * with the Security Extensions a Non-secure write is ignored while the
 * mask is in the Secure half (below 0x80), as it is at reset (0): only a
 * Secure write can open it. 0xff: every priority passes.
 */
#define GICC_PMR		0x004
#define GICC_PMR_ALL		0xff

/*
 * SPSR_EL3 for the drop: M[3:0] = 0b1001 (EL2h: EL2 using SP_EL2), M[4] = 0
 * (AArch64), DAIF (bits 9:6) all set: no debug exception, SError, IRQ or
 * FIQ is taken until the hypervisor unmasks them itself.
 */
#define SPSR_EL3_TO_EL2H	(SPSR_M_EL2H | SPSR_DAIF)

/* MPIDR_EL1: the affinity fields (Aff3 [39:32], Aff2..Aff0 [23:0]) and MT (bit 24). */
#define MPIDR_AFF_MASK		UL(0xff00ffffff)
#define MPIDR_MT_SHIFT		24

#endif
