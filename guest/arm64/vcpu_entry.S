/* SPDX-License-Identifier: MIT */
/*
 * Entering a guest and coming back. The hypervisor runs in EL2t (its stack
 * in SP_EL0); a guest exit is an exception from a lower EL, taken on SP_EL2.
 *
 * guest_enter(struct vcpu_regs *r) -> exit vector (enum trap_vector):
 * saves the callee-saved registers on the hypervisor stack and that stack's
 * SP in r->host_sp, makes r the current vCPU (vcpu_current), switches to
 * SP_EL2 so that SP_EL0 can be loaded with the guest's (MSR SP_EL0 is
 * UNDEFINED while SP_EL0 is the stack in use), loads the guest's registers,
 * ELR_EL2 and SPSR_EL2 and ERETs. The caller has already loaded the EL1
 * system registers, HCR_EL2, VTCR_EL2 and VTTBR_EL2 (guest/vm.c).
 *
 * guest_exit (from the lower-EL vector entries in traps/arm64/vectors.S,
 * x0 = vcpu_current, x1 = vector number, the guest's x0/x1 in a frame on
 * SP_EL2): stores the guest's registers and the exit syndrome, restores the
 * hypervisor's SP_EL0, switches back to it (SPSel = 0) and returns from
 * guest_enter. PSTATE.DAIF stays masked, as it always is in hyptest.
 *
 * Fast path: a synchronous exit is first offered to vcpu_exit_fast() (C,
 * guest/vm.c) with only x0-x18 and x30 saved, the registers a C call may
 * clobber; x19-x29 stay the guest's in the CPU, since AAPCS64 makes the
 * callee keep them. If it handled the exit (a hypercall that returns to
 * the guest at once), those registers are reloaded and the guest resumes
 * with ERET: ELR_EL2, SPSR_EL2 and SP_EL0 were never changed. Otherwise the
 * rest is saved and the exit goes to vcpu_run() as before.
 *
 * The guest runs inside an unchecked span (lib/seqmark.h): it begins right
 * before each ERET into the guest and ends at guest_exit's first
 * instruction, so the sequence checkers judge only the hypervisor's code.
 */
#include "lib/arm64/asm.h"
#include "lib/seqmark.h"
#include "asm-offsets.h"

FUNC(guest_enter)
	stp	x29, x30, [sp, #-96]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	mov	x1, sp
	str	x1, [x0, #VR_HOST_SP]
	adr_l	x1, vcpu_current
	str	x0, [x1]
	msr	spsel, #1		/* sp = SP_EL2 (the exception stack, empty) */
	ldr	x1, [x0, #VR_SP_EL0]
	msr	sp_el0, x1
	ldp	x1, x2, [x0, #VR_PC]	/* pc, pstate */
	msr	elr_el2, x1
	msr	spsr_el2, x2
	gprs_x2_x30 ldp, ldr, x0, VR_X
	ldp	x0, x1, [x0, #VR_X]
	seq_unchecked_begin		/* the guest's instructions are not the hypervisor's sequences */
	eret
	/* ERET is not a branch the CPU may speculate past. */
	dsb	nsh
	isb
END(guest_enter)

FUNC(guest_exit)
	seq_unchecked_end		/* back in the hypervisor: checked again */
	str	x1, [x0, #VR_EXIT_VECTOR]
	gprs_x2_x18_x30 stp, str, x0, VR_X
	ldp	x2, x3, [sp, #TF_X0]	/* the guest's x0, x1 */
	stp	x2, x3, [x0, #VR_X]
	cmp	x1, #TRAP_LOW64_SYNC_ASM
	ccmp	x1, #TRAP_LOW32_SYNC_ASM, #4, ne	/* Z = 1 if either */
	b.ne	1f
	bl	vcpu_exit_fast		/* on SP_EL2, under the frame; x0 = the vCPU's registers */
	mov	x9, x0
	adr_l	x0, vcpu_current
	ldr	x0, [x0]
	cbz	x9, 1f
	/* Handled: the guest's registers back, nothing else changed. */
	gprs_x2_x18_x30 ldp, ldr, x0, VR_X
	ldp	x0, x1, [x0, #VR_X]
	add	sp, sp, #TF_SIZE
	seq_unchecked_begin
	eret
	dsb	nsh
	isb
1:	gprs_x19_x29 stp, str, x0, VR_X
	add	sp, sp, #TF_SIZE	/* SP_EL2 is empty again */
	mrs	x2, sp_el0
	str	x2, [x0, #VR_SP_EL0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #VR_PC]
	mrs	x2, esr_el2
	mrs	x3, far_el2
	stp	x2, x3, [x0, #VR_ESR]
	mrs	x2, hpfar_el2
	str	x2, [x0, #VR_HPFAR]
	adr_l	x1, vcpu_current
	str	xzr, [x1]
	ldr	x2, [x0, #VR_HOST_SP]
	msr	sp_el0, x2
	msr	spsel, #0		/* back on the hypervisor's stack */
	ldr	x0, [x0, #VR_EXIT_VECTOR]
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret
END(guest_exit)

	.bss
	.balign	8
	.globl	vcpu_current
vcpu_current:
	.quad	0
