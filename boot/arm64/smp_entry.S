/* SPDX-License-Identifier: MIT */
/*
 * Secondary CPU entry. PSCI CPU_ON, or the firmware's spin-table stub once
 * it finds an address at the CPU's cpu-release-addr, starts a CPU at EL2
 * with the MMU off at a physical address; the image runs at a random VA.
 * The trampoline below is copied into a page of free RAM that boot/smp.c
 * maps at its own PA in the runtime tables (chosen so it cannot collide with
 * the image's VA range), followed by the system-register values to load. It
 * turns the MMU on with the runtime tables and jumps to secondary_entry at
 * its runtime VA.
 *
 * Entries (offsets in the copied page):
 *   smp_tramp_start           PSCI CPU_ON: x0 = context_id = the CPU index
 *   smp_tramp_spin + 8 * i    spin-table, CPU index i: the stub enters with
 *                             x0-x3 = 0 (Linux arm64 booting.rst), so each
 *                             CPU is released at its own two instructions
 *                             that load its index
 *
 * Register table (trampoline and secondary_entry):
 *   x0 = this CPU's index, kept until secondary_main
 *   x9 = the trampoline's parameter block (PC-relative, MMU off)
 *   x1-x5 = scratch (the register values on their way in)
 */
#include "lib/arm64/asm.h"
#include "lib/arm64/sysreg.h"
#include "asm-offsets.h"

	.text
	.balign	8
	.globl	smp_tramp_start, smp_tramp_spin, smp_tramp_params, smp_tramp_end
smp_tramp_start:
	b	smp_tramp_common	/* PSCI: x0 already holds the index */
	/*
	 * Spin-table entries, 8 bytes (two instructions) per CPU index;
	 * boot/smp.c releases CPU i at smp_tramp_spin + 8 * i. Both firmware
	 * paths enter as PSCI does: EL2h (SP_EL2 selected), DAIF masked, MMU
	 * and D-cache off (booting.rst), so the code below serves both.
	 */
smp_tramp_spin:
	.set	cpu_index, 0
	.rept	SMP_MAX_CPUS
	mov	x0, #cpu_index
	b	smp_tramp_common
	.set	cpu_index, cpu_index + 1
	.endr
smp_tramp_common:
	adr	x9, smp_tramp_params
	/*
	 * Same translation regime and controls as CPU 0 (MMU still off). All
	 * loads first, then the writes: no load runs between a write to a
	 * translation register and the ISB that puts it in effect (the
	 * sequence checker's ctrl-no-isb rule, tools/seqcheck/rules.c).
	 */
	ldp	x1, x2, [x9, #0]	/* MAIR_EL2, TCR_EL2 */
	ldp	x3, x4, [x9, #16]	/* TTBR0_EL2, HCR_EL2 */
	ldr	x5, [x9, #32]		/* CPTR_EL2 */
	msr	mair_el2, x1
	msr	tcr_el2, x2
	msr	ttbr0_el2, x3
	msr	hcr_el2, x4
	msr	cptr_el2, x5
	/*
	 * ISB: the registers above are in effect before SCTLR_EL2.M; TLBI
	 * ALLE2 + DSB NSH: nothing this CPU cached before may survive; ISB.
	 * (Same sequence and reasons as head.S's mmu_switch.)
	 */
	isb
	tlbi	alle2
	dsb	nsh
	isb
	ldr	x1, [x9, #40]
	msr	sctlr_el2, x1
	/* ISB: the next fetch goes through the tables: this page is mapped at its PA. */
	isb
	ldr	x1, [x9, #48]
	br	x1
	.balign	8
smp_tramp_params:
	.skip	56		/* mair, tcr, ttbr0, hcr, cptr, sctlr, entry VA */
smp_tramp_end:

/* At the runtime VA now. Inputs: x0 = CPU index. */
FUNC(secondary_entry)
	adr_l	x1, el2_vectors
	msr	vbar_el2, x1
	isb
	/* smp_sp[cpu] = { SP_EL0 top, SP_EL2 top }: 16 bytes per CPU. */
	adr_l	x1, smp_sp
	add	x1, x1, x0, lsl #4
	ldp	x2, x3, [x1]
	mov	sp, x3			/* PSTATE.SP = 1 at entry: this is SP_EL2 */
	msr	sp_el0, x2
	msr	spsel, #0		/* run on SP_EL0, like CPU 0 */
	mov	x29, xzr
	mov	x30, xzr
	bl	secondary_main		/* does not return */
	b	halt
END(secondary_entry)
