/* SPDX-License-Identifier: MIT */
/*
 * Entering an ARMv7 guest from Hyp mode and coming back (DDI 0406C B1.8,
 * "Exception handling", and B1.8.2 for Hyp mode).
 *
 * Hyp mode has one banked register of its own for a stack, SP_hyp, plus
 * ELR_hyp and SPSR_hyp; its R14 is the User-mode LR (LR_usr), and r0-r12 are
 * the User-mode registers. Everything else a guest has (SP and LR of
 * usr/svc/abt/und/irq, r8-r14 of FIQ, the modes' SPSRs) is banked away
 * from Hyp mode and stays in the CPU while the hypervisor runs, but the
 * hypervisor's own exception entry (traps/arm32/vectors.S) borrows SP_usr
 * and SP_und as scratch, and two vCPUs take turns: so every entry loads,
 * and every exit saves, all of them, with MRS/MSR (banked register)
 * (B9.3.9, B9.3.12). struct vcpu_regs keeps them where AArch64 maps the
 * AArch32 registers (vcpu_a32_reg), one 32-bit register in the low word of
 * each 8-byte slot, so the common exit handling (traps/passthrough.c,
 * guest/vm.c) reads Rt the same way on both arches. (The banked SPSRs are
 * PL1 state of the vCPU, switched with its system registers: guest/arm32/vcpu.c.)
 *
 * guest_enter(struct vcpu_regs *r) -> exit vector (enum trap_vector):
 * pushes the callee-saved registers and LR on the hypervisor's stack and
 * saves that SP in r->host_sp, makes r the current vCPU, points HVBAR at
 * guest_vectors, loads the guest's banked registers, ELR_hyp (its PC),
 * SPSR_hyp (its CPSR), LR_usr and r0-r12, and ERETs. The caller has loaded
 * the guest's PL1 system registers, HCR, VTCR and VTTBR (guest/vm.c) and
 * masked IRQs in Hyp mode (CPSR.I): an IRQ is only taken from the guest,
 * routed to Hyp mode by HCR.IMO whatever the guest's CPSR.I.
 *
 * A guest exit arrives at guest_vectors' Hyp Trap entry (0x14: HVC,
 * trapped MCR/MRC, stage-2 aborts; HSR says which, B3.13.6) or its IRQ/FIQ
 * entries, with SP_hyp still the hypervisor's stack just below
 * guest_enter's frame: the entry pushes r0/r1 there, and guest_exit stores
 * the guest's registers and the syndrome (HSR, HDFAR or HIFAR, HPFAR), puts
 * HVBAR back to el2_vectors and returns from guest_enter with the vector.
 *
 * The guest runs inside an unchecked span (lib/seqmark.h): it begins right
 * before the ERET into the guest and ends at guest_exit's first
 * instruction, so the sequence checkers judge only the hypervisor's code.
 */
#include "lib/arm32/asm.h"
#include "lib/seqmark.h"
#include "asm-offsets.h"

	.arch_extension virt

/* Slot n of vcpu_regs.x, and the fields after it (8 bytes each). */
#define X(n)		(VR_X + 8 * (n))
#define VR_PSTATE	(VR_PC + 8)
#define VR_FAR		(VR_ESR + 8)

/* Every banked register of the guest's modes and its slot: "banked load_banked, r1, r0". */
.macro banked op, tmp, base
	\op	\tmp, SP_usr, \base, X(13)
	\op	\tmp, LR_irq, \base, X(16)
	\op	\tmp, SP_irq, \base, X(17)
	\op	\tmp, LR_svc, \base, X(18)
	\op	\tmp, SP_svc, \base, X(19)
	\op	\tmp, LR_abt, \base, X(20)
	\op	\tmp, SP_abt, \base, X(21)
	\op	\tmp, LR_und, \base, X(22)
	\op	\tmp, SP_und, \base, X(23)
	\op	\tmp, r8_fiq, \base, X(24)
	\op	\tmp, r9_fiq, \base, X(25)
	\op	\tmp, r10_fiq, \base, X(26)
	\op	\tmp, r11_fiq, \base, X(27)
	\op	\tmp, r12_fiq, \base, X(28)
	\op	\tmp, SP_fiq, \base, X(29)
	\op	\tmp, LR_fiq, \base, X(30)
.endm
.macro load_banked tmp, reg, base, off
	ldr	\tmp, [\base, #\off]
	msr	\reg, \tmp
.endm
.macro save_banked tmp, reg, base, off
	mrs	\tmp, \reg
	str	\tmp, [\base, #\off]
.endm

FUNC(guest_enter)
	push	{r4-r11, lr}
	str	sp, [r0, #VR_HOST_SP]
	adr_l	r1, vcpu_current
	str	r0, [r1]
	/*
	 * Exceptions from the guest now go to guest_vectors. No ISB: the ERET
	 * below is context-synchronizing, so the new HVBAR is in effect for
	 * every exception after it (B3.15.5 "Synchronization of changes to
	 * system control registers"); none is taken from a guest before it.
	 */
	adr_l	r1, guest_vectors
	mcr_t	r1, HVBAR
	banked	load_banked, r1, r0
	ldr	r1, [r0, #VR_PC]
	msr	ELR_hyp, r1
	ldr	r1, [r0, #VR_PSTATE]
	msr	spsr_cxsf, r1		/* SPSR_hyp: the CPSR the ERET gives the guest */
	ldr	lr, [r0, #X(14)]	/* LR_usr: Hyp mode's R14 */
	ldr	r1, [r0, #X(1)]
	ldr	r2, [r0, #X(2)]
	ldr	r3, [r0, #X(3)]
	ldr	r4, [r0, #X(4)]
	ldr	r5, [r0, #X(5)]
	ldr	r6, [r0, #X(6)]
	ldr	r7, [r0, #X(7)]
	ldr	r8, [r0, #X(8)]
	ldr	r9, [r0, #X(9)]
	ldr	r10, [r0, #X(10)]
	ldr	r11, [r0, #X(11)]
	ldr	r12, [r0, #X(12)]
	ldr	r0, [r0, #X(0)]
	seq_unchecked_begin		/* the guest's instructions are not the hypervisor's sequences */
	eret
END(guest_enter)

/*
 * The vectors while a guest runs (HVBAR[4:0] RES0: 32-byte aligned). The
 * entries for exceptions taken from Hyp mode itself (0x04-0x10) go to the
 * hypervisor's own handlers: only this file's code runs in Hyp mode with
 * these vectors installed.
 */
	.balign	32
LOCAL_FUNC(guest_vectors)
	b	.			/* 0x00: not used in Hyp mode */
	b	el2_vectors + 0x04	/* 0x04: undefined instruction (from Hyp) */
	b	el2_vectors + 0x08	/* 0x08: HVC / SVC (from Hyp) */
	b	el2_vectors + 0x0c	/* 0x0c: prefetch abort (from Hyp) */
	b	el2_vectors + 0x10	/* 0x10: data abort (from Hyp) */
	b	guest_trap		/* 0x14: Hyp Trap: the guest's synchronous exit */
	b	guest_irq		/* 0x18: IRQ taken from the guest */
	b	guest_fiq		/* 0x1c: FIQ taken from the guest */
END(guest_vectors)

.macro exit_entry name, vector
LOCAL_FUNC(\name)
	push	{r0, r1}		/* SP_hyp: the hypervisor's stack, below guest_enter's frame */
	mov	r1, #\vector
	b	guest_exit
END(\name)
.endm
	exit_entry guest_trap, TRAP_LOW32_SYNC_ASM
	exit_entry guest_irq, TRAP_LOW32_IRQ_ASM
	exit_entry guest_fiq, TRAP_LOW32_FIQ_ASM

/* r1 = the vector; the guest's r0, r1 on the stack; r2-r12, LR_usr and the banked ones still live. */
LOCAL_FUNC(guest_exit)
	seq_unchecked_end		/* back in the hypervisor: checked again */
	adr_l	r0, vcpu_current
	ldr	r0, [r0]
	str	r1, [r0, #VR_EXIT_VECTOR]
	str	r2, [r0, #X(2)]
	str	r3, [r0, #X(3)]
	str	r4, [r0, #X(4)]
	str	r5, [r0, #X(5)]
	str	r6, [r0, #X(6)]
	str	r7, [r0, #X(7)]
	str	r8, [r0, #X(8)]
	str	r9, [r0, #X(9)]
	str	r10, [r0, #X(10)]
	str	r11, [r0, #X(11)]
	str	r12, [r0, #X(12)]
	str	lr, [r0, #X(14)]	/* LR_usr */
	pop	{r2, r3}		/* the guest's r0, r1 */
	str	r2, [r0, #X(0)]
	str	r3, [r0, #X(1)]
	banked	save_banked, r2, r0
	/*
	 * The 64-bit fields from pc on get their high words cleared: r3 = 0,
	 * STRD pairs, addressed from r1 = &pc (STRD offsets reach 255 bytes).
	 */
	mov	r3, #0
	add	r1, r0, #VR_PC
	mrs	r2, ELR_hyp
	strd	r2, r3, [r1]
	mrs	r2, spsr		/* SPSR_hyp: the guest's CPSR at the exit */
	strd	r2, r3, [r1, #VR_PSTATE - VR_PC]
	mrc_t	r2, HSR
	strd	r2, r3, [r1, #VR_ESR - VR_PC]
	/* The fault address: HIFAR for a prefetch abort (EC 0x20), else HDFAR (B3.13.5). */
	lsr	r2, r2, #ESR_EC_SHIFT
	cmp	r2, #ESR_EC_IABT_LOW
	mrceq	p15, 4, r2, c6, c0, 2	/* HIFAR */
	mrcne	p15, 4, r2, c6, c0, 0	/* HDFAR */
	strd	r2, r3, [r1, #VR_FAR - VR_PC]
	mrc_t	r2, HPFAR
	strd	r2, r3, [r1, #VR_HPFAR - VR_PC]
	adr_l	r1, vcpu_current
	str	r3, [r1]
	/* The hypervisor's vectors back; the ISB puts them in effect before any C runs. */
	adr_l	r1, el2_vectors
	mcr_t	r1, HVBAR
	isb
	ldr	sp, [r0, #VR_HOST_SP]
	ldr	r0, [r0, #VR_EXIT_VECTOR]
	pop	{r4-r11, pc}
END(guest_exit)

	.bss
	.balign	4
	.globl	vcpu_current
vcpu_current:
	.word	0
