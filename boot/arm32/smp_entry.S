/* SPDX-License-Identifier: MIT */
/*
 * Secondary CPU entry, arm32. PSCI CPU_ON, or a spin-table stub once it
 * finds an address at the CPU's cpu-release-addr, starts a CPU in HYP mode
 * with the MMU off at a physical address (PSCI: r0 = context_id); the image
 * runs at a random VA. boot/smp.c copies the trampoline below into a page
 * of free RAM mapped at its own PA in the runtime tables, followed by the
 * register values to load (64-bit words, little-endian: the low word first). It
 * turns the MMU on with the runtime tables and jumps to secondary_entry at
 * its runtime VA.
 *
 * Entries (offsets in the copied page):
 *   smp_tramp_start           PSCI CPU_ON: r0 = context_id = the CPU index
 *   smp_tramp_spin + 8 * i    spin-table, CPU index i: two A32 instructions
 *                             that load the index and join the common path
 *
 * Register table (trampoline and secondary_entry):
 *   r0 = this CPU's index (PSCI context_id), kept until secondary_main
 *   r4 = the trampoline's parameter block (PC-relative, MMU off)
 *   r1-r3, r5-r8 = scratch (the register values on their way in)
 */
#include "lib/arm32/asm.h"
#include "lib/arm32/sysreg.h"
#include "asm-offsets.h"

	.text
	.balign	8
	.globl	smp_tramp_start, smp_tramp_spin, smp_tramp_params, smp_tramp_end
smp_tramp_start:
	b	smp_tramp_common	/* PSCI: r0 already holds the index */
	/*
	 * Spin-table entries, 8 bytes (two A32 instructions) per CPU index;
	 * boot/smp.c releases CPU i at smp_tramp_spin + 8 * i. Both paths
	 * enter in HYP mode with the MMU off, so the code below serves both.
	 */
smp_tramp_spin:
	.set	cpu_index, 0
	.rept	SMP_MAX_CPUS
	mov	r0, #cpu_index
	b	smp_tramp_common
	.set	cpu_index, cpu_index + 1
	.endr
smp_tramp_common:
	adr	r4, smp_tramp_params
	/*
	 * Same translation regime and controls as CPU 0 (MMU still off). All
	 * loads first, then the writes: no load runs between a write to a
	 * translation register and the ISB that puts it in effect (the
	 * sequence checker's ctrl-no-isb rule, tools/seqcheck/rules.c).
	 */
	ldr	r1, [r4, #0]			/* MAIR_EL2 = HMAIR1:HMAIR0 */
	ldr	r2, [r4, #4]
	ldr	r3, [r4, #8]			/* HTCR */
	ldr	r5, [r4, #16]			/* HTTBR */
	ldr	r6, [r4, #20]
	ldr	r7, [r4, #24]			/* HCR */
	ldr	r8, [r4, #32]			/* HCPTR */
	mcr_t	r1, HMAIR0
	mcr_t	r2, HMAIR1
	mcr_t	r3, HTCR
	mcrr_t	r5, r6, HTTBR
	mcr_t	r7, HCR
	mcr_t	r8, HCPTR
	/*
	 * ISB: the registers above are in effect before HSCTLR.M; TLBIALLH +
	 * DSB NSH: nothing this CPU cached before may survive; ISB. (Same
	 * sequence and reasons as head.S's mmu_switch.)
	 */
	isb
	mcr_t	r1, TLBIALLH
	dsb	nsh
	isb
	ldr	r1, [r4, #40]			/* HSCTLR */
	mcr_t	r1, HSCTLR
	/* ISB: the next fetch goes through the tables: this page is mapped at its PA. */
	isb
	ldr	r1, [r4, #48]			/* secondary_entry at the runtime VA */
	bx	r1
	.balign	8
smp_tramp_params:
	.skip	56		/* mair, tcr, ttbr0, hcr, cptr, sctlr, entry VA: 64-bit each */
smp_tramp_end:

/* At the runtime VA now. Inputs: r0 = CPU index. */
FUNC(secondary_entry)
	adr_l	r1, el2_vectors
	mcr_t	r1, HVBAR
	isb
	/* smp_sp[cpu] = { main stack top, exception stack top }: two 64-bit words per CPU. */
	adr_l	r1, smp_sp
	add	r1, r1, r0, lsl #4
	ldr	r2, [r1]
	ldr	r3, [r1, #8]
	mov	sp, r2
	mcr_t	r3, HTPIDR
	mov	r11, #0
	mov	r1, #0				/* secondary_main(uint64_t cpu): r0:r1 */
	bl	secondary_main			/* does not return */
	b	halt
END(secondary_entry)
