/* SPDX-License-Identifier: MIT */
/*
 * The EL3 shim: what firmware would do before a hypervisor runs, for
 * machines that enter the image at EL3 (an Arm FVP, QEMU -M
 * virt,secure=on with an ELF). Every CPU arrives here from loader_entry
 * (all of them start at the entry point), sets up its own EL3 registers
 * (they are per PE) and an EL3 stack and vector table. CPU 0 (affinity 0)
 * then drops to EL2 at loader_el2 and the loader carries on as if the
 * firmware had entered it at EL2; every other CPU parks here, at EL3, on
 * its mailbox (boot/el3_psci.c) until the hypervisor's PSCI CPU_ON
 * releases it, and then drops to EL2 at the requested entry with x0 =
 * context_id, as PSCI firmware does. The vector table serves SMC: PSCI
 * calls, answered in C (el3_psci()).
 *
 * EL3 runs with its MMU and caches off (SCTLR_EL3.M = C = 0), so every
 * data access the shim makes is Device-nGnRnE: the mailboxes need no cache
 * maintenance. They live in the loader's .data and its stacks in
 * .el3_stacks, both inside the loader's range, which the loader and the
 * hypervisor keep out of every allocation; the hypervisor never maps it.
 *
 * Register table (el3_entry):
 *   x19 = DTB PA: x0 from the firmware, replaced by PLATFORM_EL3_DTB where
 *         the platform says where its DTB is put (there is no boot protocol
 *         for x0 at EL3: QEMU leaves x0 = 0 for an ELF and puts the DTB at
 *         the start of RAM; the FVP's DTB is a --data file at a fixed address)
 *   x20 = PA of the loader (set by loader_entry)
 *   x21 = 3, the EL the image was entered at (loader_main's start line)
 *   x22 = CNTPCT_EL0 at entry (loader_head.S: the loader phase of bench.boot-phases)
 *   x23 = this CPU's slot (boot/el3.h)
 */
#include "lib/arm64/asm.h"
#include "lib/arm64/sysreg_el3.h"
#include "boot/el3.h"

/* An SMC's saved registers on SP_EL3: x2-x30 from +16, the layout gprs_x2_x30 (asm.h) uses. */
#define EL3_FRAME	256

	.text
/* Entered from loader_entry at EL3 with x19-x22 as loader_head.S says (kept for loader_el2); does not return. */
FUNC(el3_entry)
	mrs	x0, mpidr_el1
	ubfx	x1, x0, #MPIDR_MT_SHIFT, #1
	bl	el3_slot_of		/* el3_slot.S */
	tbnz	x0, #63, el3_no_slot
	mov	x23, x0
	/* SP_EL3 (PSTATE.SP = 1: reset enters EL3h): the top of this slot's stack. */
	adr_l	x1, __el3_stacks
	add	x1, x1, x23, lsl #EL3_STACK_SHIFT
	add	sp, x1, #EL3_STACK_SIZE
	/* VBAR_EL3 is UNKNOWN at reset: point it at our table before anything can trap. */
	adr_l	x0, el3_vectors
	msr	vbar_el3, x0
	isb
	bl	el3_cpu_init

	mrs	x0, mpidr_el1
	ldr	x1, =MPIDR_AFF_MASK
	tst	x0, x1
	b.ne	1f
	/* CPU 0: note it is on, platform setup (system counter), then EL2. */
	mov	x0, x23
	bl	el3_primary
	/* The interrupts hyptest uses go to the Non-secure side (el3_gic_primary). */
	bl	el3_gic_primary
#if PLATFORM_EL3_DTB
	ldr	x19, =PLATFORM_EL3_DTB
#endif
	mov	x0, x19
	adr_l	x1, loader_el2
	b	el3_drop

1:	/* Any other CPU: wait at EL3 until PSCI CPU_ON names it. */
	mov	x0, x23
	bl	el3_park		/* x0 = entry, x1 = context_id */
	mov	x2, x0
	mov	x0, x1
	mov	x1, x2
	b	el3_drop
END(el3_entry)

/* A CPU the slot scheme cannot name: it never runs (CPU_ON for it is refused). */
LOCAL_FUNC(el3_no_slot)
	wfe
	b	el3_no_slot
END(el3_no_slot)

/*
 * el3_cpu_init: this PE's EL3 state (sysreg_el3.h has each field and its
 * reason). No stack use. Clobbers: x0, x1, x2.
 */
LOCAL_FUNC(el3_cpu_init)
	/* MMU, caches and alignment checks off at EL3; little-endian. */
	ldr	x0, =SCTLR_EL3_RES1
	msr	sctlr_el3, x0
	/* ISB: the SCTLR_EL3 write is in effect before the next access. */
	isb
	/* SCR_EL3: NS, HCE, RW (+ API/APK where pointer authentication exists). */
	ldr	x0, =SCR_EL3_BOOT
	mrs	x1, id_aa64isar1_el1
	ldr	x2, =ID_AA64ISAR1_PAUTH_MASK
	tst	x1, x2
	b.ne	1f
	mrs	x1, s3_0_c0_c6_2		/* ID_AA64ISAR2_EL1 (RAZ where not implemented) */
	tst	x1, #ID_AA64ISAR2_PAUTH_MASK
	b.eq	2f
1:	orr	x0, x0, #(SCR_EL3_APK | SCR_EL3_API)
2:	msr	scr_el3, x0
	/* Nothing EL2/EL1 does with FP/SIMD, trace, debug or the PMU traps to EL3. */
	mov	x0, #CPTR_EL3_BOOT
	msr	cptr_el3, x0
	mov	x0, #MDCR_EL3_BOOT
	msr	mdcr_el3, x0
	/* GICv3 CPU interface present: system registers on, and EL2 may use them. */
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #ID_AA64PFR0_GIC_SHIFT, #4
	cbz	x0, 3f
	mov	x0, #ICC_SRE_EL3_BOOT
	msr	ICC_SRE_EL3, x0
	b	4f
3:
#if PLATFORM_EL3_GICD && !defined(INJECT_EL3_GIC_SECURE)
	/*
	 * No GICv3 CPU interface: the platform's GIC is a GICv2 (QEMU virt
	 * with gic-version=2, its default). With secure=on it has the
	 * Security Extensions, and every interrupt resets to Group 0, Secure:
	 * seen from Non-secure EL2 its enable, priority and pending bits are
	 * RAZ/WI and the EL2 timer's PPI can never be enabled (IHI 0048B
	 * "The effect of the Security Extensions on the programmers' model").
	 * GICD_IGROUPR0 (SGIs and PPIs, the EL2 timer's INTID 26 among them)
	 * is banked per CPU: each CPU makes its own Group 1, Non-secure, here
	 * in its own init path; CPU 0 does the SPIs (el3_gic_primary). All of
	 * them: hyptest runs nothing Secure, so nothing is given away, as
	 * with a GICv3's GICD_CTLR.DS. This CPU's interface (GICC, banked)
	 * gets its priority mask opened: a Non-secure write to GICC_PMR is
	 * ignored while it holds a Secure-half value, and it resets to 0,
	 * which masks everything. The Group 1 enables (GICD_CTLR, GICC_CTLR
	 * bit 0 in the Non-secure view) are the hypervisor's own to set. The
	 * MMU is off: the stores are Device-nGnRnE; the DSB completes them
	 * before this CPU can leave EL3.
	 */
	ldr	x0, =PLATFORM_EL3_GICD
	mov	w1, #0xffffffff
	str	w1, [x0, #GICD_IGROUPR]
#if PLATFORM_EL3_GICC
	ldr	x0, =PLATFORM_EL3_GICC
	mov	w1, #GICC_PMR_ALL
	str	w1, [x0, #GICC_PMR]
#endif
	dsb	sy
#endif
4:
#if PLATFORM_CNTFRQ
	/*
	 * CNTFRQ_EL0 is writable only at the highest EL and resets to an
	 * UNKNOWN value: firmware tells software the counter's frequency.
	 * (QEMU presets it; PLATFORM_CNTFRQ is 0 there and it stays.)
	 */
	ldr	x0, =PLATFORM_CNTFRQ
	msr	cntfrq_el0, x0
#endif
	/* ISB: SCR_EL3, CPTR_EL3, MDCR_EL3, ICC_SRE_EL3 are in effect from here. */
	isb
	ret
END(el3_cpu_init)

/*
 * el3_gic_primary: CPU 0's share of handing the GIC to the Non-secure
 * side, once, before any CPU runs at EL2 (el3_cpu_init does each CPU's
 * banked part). Nothing where the platform names no distributor, or with
 * the knob el3-gic-secure. No stack use. Clobbers: x0-x3.
 */
LOCAL_FUNC(el3_gic_primary)
#if PLATFORM_EL3_GICD && !defined(INJECT_EL3_GIC_SECURE)
	ldr	x0, =PLATFORM_EL3_GICD
	mrs	x1, id_aa64pfr0_el1
	ubfx	x1, x1, #ID_AA64PFR0_GIC_SHIFT, #4
	cbz	x1, 1f
	/*
	 * GICv3: GICD_CTLR.DS (bit 6, "Disable Security", IHI 0069
	 * GICD_CTLR) is writable by a Secure access only, and once set the GIC
	 * has one security state. Without it the redistributor's IGROUPR0
	 * and WAKER.ProcessorSleep are Secure-only, every PPI stays Group 0
	 * and the EL2 timer's interrupt (the watchdog's) never reaches EL2.
	 * hyptest runs nothing Secure, so nothing is given away. The MMU is
	 * off: the access is Device-nGnRnE; the DSB completes it before any
	 * CPU leaves EL3.
	 */
	ldr	w1, [x0, #GICD_CTLR]
	orr	w1, w1, #GICD_CTLR_DS
	str	w1, [x0, #GICD_CTLR]
	dsb	sy
	ret
1:	/*
	 * GICv2 (see el3_cpu_init): every SPI Group 1, Non-secure.
	 * GICD_IGROUPRn for n = 1 .. GICD_TYPER.ITLinesNumber (n = 0 is
	 * each CPU's own). x2 = GICD_IGROUPR0's address, w1 = n.
	 */
	ldr	w1, [x0, #GICD_TYPER]
	and	w1, w1, #GICD_TYPER_ITLINES_MASK
	add	x2, x0, #GICD_IGROUPR
	mov	w3, #0xffffffff
2:	cbz	w1, 3f
	str	w3, [x2, w1, uxtw #2]
	sub	w1, w1, #1
	b	2b
3:	dsb	sy
#endif
	ret
END(el3_gic_primary)

/*
 * el3_drop: leave EL3 for EL2h (DAIF masked) at x1, with x0 as given.
 * Inputs: x0 = EL2's x0, x1 = EL2 entry PA. Clobbers: x2-x4. Does not return.
 */
LOCAL_FUNC(el3_drop)
	/*
	 * SCTLR_EL2 is UNKNOWN at reset and EL2's first fetch obeys its M, C,
	 * I and EE: RES1 bits only, so the MMU and caches are off and EL2 is
	 * little-endian. HCR_EL2 (also UNKNOWN): RW = 1 (EL1 is AArch64), E2H
	 * = 0 so SCTLR_EL2 has the layout just written, nothing trapped.
	 * CNTVOFF_EL2 (UNKNOWN): 0, the virtual count is the physical count.
	 * The literals are loaded before the writes (no load between a write
	 * and its ISB: the sequence checker's ctrl-no-isb, tools/seqcheck).
	 * Clobbers: x2-x4 too.
	 */
	ldr	x2, =SCTLR_EL2_RES1
	ldr	x3, =HCR_EL2_BOOT
	ldr	x4, =SPSR_EL3_TO_EL2H
	msr	sctlr_el2, x2
	msr	hcr_el2, x3
	msr	cntvoff_el2, xzr
	msr	spsr_el3, x4
	msr	elr_el3, x1
	/*
	 * ISB: EL2 starts with all of the above in effect. The ERET would be a
	 * context synchronization event too, but only while SCTLR_EL3.EOS
	 * says so (FEAT_ExS), and the shim does not count on it.
	 */
	isb
	eret
END(el3_drop)

/*
 * el3_sync: a synchronous exception taken to EL3 from EL2 (0x400) or from
 * EL3 itself (0x200: the shim's own error path leaves through PSCI
 * SYSTEM_OFF). The vector saved x2-x30 in an EL3_FRAME on SP_EL3 and put
 * its offset in x4. An SMC is a PSCI call: x0 = function, x1-x3 =
 * arguments, x0 = result; x2-x30 and SP come back as they were (SMCCC
 * v1.1+ keeps x4-x17, which hyptest's arch_psci_call relies on), x1 does
 * not. Anything else is reported and ends the boot.
 */
LOCAL_FUNC(el3_sync)
	mrs	x5, esr_el3
	ubfx	x6, x5, #ESR_EC_SHIFT, #6
	cmp	x6, #ESR_EC_SMC64
	b.ne	1f
	/* ELR_EL3 already points past the SMC (its preferred return address). */
	bl	el3_psci
	gprs_x2_x30 ldp, ldr, sp, 0
	add	sp, sp, #EL3_FRAME
	eret
1:	mov	x0, x4
	mov	x1, x5
	b	el3_report
END(el3_sync)

/* Any other exception at EL3: x0 = vector offset. Reports and ends the boot. */
LOCAL_FUNC(el3_other)
	mrs	x1, esr_el3
	b	el3_report
END(el3_other)

/* Inputs: x0 = vector offset, x1 = ESR_EL3. Does not return. */
LOCAL_FUNC(el3_report)
	mrs	x2, elr_el3
	mrs	x3, far_el3
	bl	el3_unexpected
	b	el3_no_slot
END(el3_report)

/* One EL3_STACK_SIZE stack per CPU slot; the loader's link keeps it out of .bss. */
	.section .el3_stacks, "aw", %nobits
	.balign	16
__el3_stacks:
	.skip	EL3_SLOTS * EL3_STACK_SIZE

	.text
.macro el3_vec_other off
	.balign	128
	mov	x0, #\off
	b	el3_other
.endm

.macro el3_vec_sync off
	.balign	128
	sub	sp, sp, #EL3_FRAME
	gprs_x2_x30 stp, str, sp, 0
	mov	x4, #\off
	b	el3_sync
.endm

	.balign	2048
el3_vectors:
	el3_vec_other	0x000		/* current EL, SP_EL0: EL3 never runs on SP_EL0 */
	el3_vec_other	0x080
	el3_vec_other	0x100
	el3_vec_other	0x180
	el3_vec_sync	0x200		/* current EL, SP_EL3: synchronous */
	el3_vec_other	0x280
	el3_vec_other	0x300
	el3_vec_other	0x380
	el3_vec_sync	0x400		/* lower EL, AArch64: synchronous (SMC from EL2) */
	el3_vec_other	0x480
	el3_vec_other	0x500
	el3_vec_other	0x580
	el3_vec_other	0x600		/* lower EL, AArch32: nothing expected */
	el3_vec_other	0x680
	el3_vec_other	0x700
	el3_vec_other	0x780
