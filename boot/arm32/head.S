/* SPDX-License-Identifier: MIT */
/*
 * arm32 hypervisor entry, HYP mode (PL2) of an ARMv7-A CPU with the
 * Virtualization and Large Physical Address Extensions. The loader stub
 * copied the image to a PA of its choosing and enters it here with the MMU
 * off; r3 points at a boot_info that says at which VA it must run. (Booted
 * directly as a zImage, with no boot_info, the image runs at VA == PA.)
 * This code establishes a known HYP state, applies the image's relocations
 * for the runtime VA, has C build the boot tables (LPAE, 3 levels), turns
 * the MMU on through the identity-mapped switch page, goes through the
 * temporary mapping when identity and runtime ranges clash (seed 000 was
 * written for exactly this regime: HTTBR/HTCR/HMAIR), reaches the runtime
 * VA, and removes what the switch needed (seed 004).
 *
 * Register table (valid for the whole primary path; r4-r11 are callee-saved
 * under the AAPCS, so C calls keep them):
 *   r4  = DTB PA (r2 from the loader or firmware)
 *   r5  = PA the image runs at (__image_start); the image is linked at 0
 *   r6  = boot_info PA (r3; 0 when booted without the loader) until the
 *         tables are built, then the root table PA (for HTTBR)
 *   r7  = boot_info's seed folded to a word (0 without one) until
 *         common_setup, then 1 if the temporary mapping is used (the clash
 *         path), else 0
 *   r8  = UART base for progress marks: the PA while the MMU is off, then
 *         its address in the device window
 *   r9  = runtime VA of __image_start
 *   r10 = how to leave on an error here: boot_info.early_exit (bits 7:0)
 *         and the TAP flag (bit 8); 0 without a loader (halt instead)
 *   r11 = base of the mapping currently executing (PA, TEMP_BASE or r9)
 *
 * HYP mode has one banked stack pointer (SP_hyp) and uses the User mode LR.
 * The main stack is SP; exceptions switch to this CPU's exception stack,
 * whose top HTPIDR holds (traps/arm32/vectors.S).
 *
 * Progress marks form one line, "hyptest: head: el2 bss reloc tables mmu
 * [temp] runtime unmap ok", as on arm64; in TAP mode "# hyptest: head: ...",
 * and an error line starts with "Bail out! " (error_line).
 */
#include "lib/arm32/asm.h"
#include "boot/head_msgs.h"
#include "lib/arm32/sysreg.h"
#include "mm/va_layout.h"
#include "asm-offsets.h"
#include "boot/stamps.h"

#define PL011_DR		0x00
#define PL011_FR		0x18
#define PL011_FR_TXFF		(1 << 5)

	.section .head.text, "ax"
/*
 * zImage header (see boot/arm32/loader_head.S): NOPs, the branch, the
 * magic at 0x24, start 0 / end = file size, the endianness word, then
 * "HT32" and the footprint (bss, stacks and the table pool included) that
 * the loader places.
 */
FUNC(_start)
	.rept	8
	mov	r0, r0
	.endr
	b	primary_entry
	.word	0x016f2818
	.word	0
	.word	__image_file_size
	.word	0x04030201
	.ascii	"HT32"
	.word	__image_size
END(_start)

	.section .text.boot, "ax"

.macro mark str
	adr_l	r0, 99f
	bl	early_puts
	.pushsection .rodata.boot, "a"
99:	.asciz	"\str"
	.popsection
.endm

/*
 * error_line str: end the progress line, then the protocol's error line
 * "hyptest: error: <str>"; in TAP mode (r10 bit 8) behind "Bail out! ", the
 * TAP 13 line that makes a TAP reader stop and report <str> as the reason.
 * Clobbers: r0-r3.
 */
.macro error_line str
	mark	"\n"
	tst	r10, #0x100
	beq	98f
	mark	HEAD_MSG_TAP_BAIL
98:	mark	"hyptest: error: \str\n"
.endm

/*
 * stamp idx: boot_stamps[idx] = CNTPCT (boot/stamps.h), for
 * bench.boot-phases, at the points arm64's head.S stamps. CNTPCT is the
 * 64-bit physical count, read with MRRC p15, 0, <lo>, <hi>, c14 (DDI 0406C
 * B4.1 "CNTPCT"). The ISB before it keeps the read from being taken early:
 * a CNTPCT read may be made out of order with the instructions around it
 * (B8, "The Generic Timer", the physical counter). PC-relative, so
 * it works at the PA with the MMU off and at the runtime VA; with the MMU
 * off the two word stores go to memory (Strongly-ordered), and the boot-table
 * code invalidates .data to the PoC before its first cacheable read.
 * Clobbers: r0-r2.
 */
.macro stamp idx
	isb
	mrrc_t	r0, r1, CNTPCT
	adr_l	r2, boot_stamps
	str	r0, [r2, #(\idx * 8)]
	str	r1, [r2, #(\idx * 8 + 4)]
.endm

FUNC(primary_entry)
	mov	r4, r2
	mov	r6, r3
	stamp	STAMP_HEAD
	adr_l	r5, __image_start
	mov_l	r8, PLATFORM_EARLY_UART
	mov	r7, #0
	mov	r10, #0
	/*
	 * An earlier image may have run here: drop its instructions and branch
	 * targets (ICIALLU, BPIALL), wait (DSB) and refetch (ISB).
	 */
	icache_sync_local

	/*
	 * TAP mode, known before the first byte of the progress line: a valid
	 * boot_info whose flags have BOOT_INFO_TAP. r10 bit 8 says so from
	 * here on (el2_entry sets the rest of r10 from boot_info), and the line
	 * goes behind "# " like every other line that is not a test line.
	 */
	bl	bootinfo_valid
	cmp	r0, #0
	beq	1f
	ldr	r0, [r6, #BI_FLAGS]
	tst	r0, #BOOT_INFO_TAP_ASM
	beq	1f
	mov	r10, #0x100
	mark	HEAD_MSG_TAP_COMMENT
1:	mark	HEAD_MSG_PROGRESS
	mrs	r0, cpsr
	and	r0, r0, #CPSR_MODE_MASK
	cmp	r0, #CPSR_MODE_HYP
	beq	el2_entry
	cmp	r0, #CPSR_MODE_MON
	bne	el1_entry
	/* Monitor mode: the shim that would set up SCR and enter HYP is not built yet. */
	mark	" el3"
	error_line "entered in Monitor mode; this image has no EL3 shim"
	b	halt
END(primary_entry)

/*
 * symfile_entry: the ELF entry point of hyptest.elf (hyptest.lds.S). That
 * file is the symbol file of this payload, not a bootable image, but an ELF
 * loader takes it: QEMU -kernel loads its segments at their LMAs (the
 * platform's ELF base in RAM, image.lds.h) and starts here in ARM state
 * with the MMU off and r0-r2 = 0, in HYP mode, or SVC (no
 * virtualization=on). Say what to boot instead and leave as any error
 * does: symfile_main() (boot/symfile.c) reads the DT for exit= and the PSCI
 * conduit. Position independent: the relocations are applied for where it
 * runs (VA == PA), literal pools in .text included, hence the
 * instruction-side sync after them.
 *
 * Register use: r4 = r2 (a DTB, or 0), r5 = PA of __image_start.
 */
FUNC(symfile_entry)
	mov	r4, r2
	/* Only the CPU with affinity 0 goes on (two would apply the relocations twice). */
	mrc_t	r0, MPIDR
	bic	r0, r0, #0xff000000		/* keep Aff2..Aff0 [23:0] (DDI 0406C B4.1.106) */
	cmp	r0, #0
	bne	halt
	adr_l	r5, __image_start
	/* SP of the mode it was entered in (SP_hyp or SP_svc), on the payload's own stack. */
	adr_l	r0, __stack_end
	mov	sp, r0
	zero_bss
	/*
	 * MMU off: accesses are Strongly-ordered, so the C below reads the
	 * relocated words without a data barrier; the literal pools in .text
	 * were written, so the instruction side is resynchronized.
	 */
	apply_relocs r5, r5, halt
	icache_sync_local
	/* Canary before any C: the counter (no seed). */
	mov	r0, #0
	bl	stack_guard_seed
	mov	r0, r4
	mov	r1, #0
	bl	symfile_main			/* does not return */
	b	halt
END(symfile_entry)

/*
 * el1_entry: booted directly at PL1 (SVC): report SKIP from C, MMU off,
 * status 77. SCTLR: MMU, caches, alignment checks off, VBAR vectors.
 */
LOCAL_FUNC(el1_entry)
	mark	" el1"
	mov_l	r0, 0x00c50078
	mcr_t	r0, SCTLR
	adr_l	r0, el1_vectors
	mcr	p15, 0, r0, c12, c0, 0		/* VBAR */
	isb
	adr_l	r0, __stack_end
	mov	sp, r0
	mov	r9, r5				/* run where loaded */
	mov	r7, #0				/* no seed */
	bl	common_setup
	mark	"\n"
	mov	r0, r4
	bl	el1_main			/* does not return */
	b	halt
END(el1_entry)

LOCAL_FUNC(el2_entry)
	mark	" el2"
	/*
	 * HSCTLR: should-be-one bits only, so M = C = I = 0 (MMU and caches
	 * off), A = 0, EE = 0 (little-endian), TE = 0 (exceptions in ARM
	 * state). HCR: nothing virtualized or trapped yet. HCPTR: no
	 * coprocessor traps. ISB: later instructions see them.
	 */
	mov_l	r0, SCTLR_EL2_RES1
	mcr_t	r0, HSCTLR
#ifdef INJECT_BOOT_HCR_TSC
	mov_l	r0, (HCR_EL2_BOOT | HCR_EL2_TSC)	/* knob: not the value we mean */
#else
	mov_l	r0, HCR_EL2_BOOT
#endif
	mcr_t	r0, HCR
	mov_l	r0, CPTR_EL2_RES1
	mcr_t	r0, HCPTR
	isb

	/* The main stack, at its PA for now; the exception stack's top in HTPIDR. */
	adr_l	r0, __stack_end
	mov	sp, r0
	adr_l	r0, __xstack_end
	mcr_t	r0, HTPIDR

	/*
	 * The runtime VA: from a valid boot_info, else VA = PA. boot_info is
	 * read with the MMU off: aligned word loads only. A VA must fit in 32
	 * bits and be page aligned.
	 */
	mov	r9, r5
	mov	r7, #0				/* the seed word for the canary: none yet */
	bl	bootinfo_valid
	cmp	r0, #0
	beq	1f
	ldr	r10, [r6, #BI_EARLY_EXIT]	/* how to exit if anything below fails */
	and	r10, r10, #0xff
	ldr	r0, [r6, #BI_FLAGS]
	tst	r0, #BOOT_INFO_TAP_ASM
	orrne	r10, r10, #0x100
	ldr	r0, [r6, #BI_RUNTIME_VA]
	ldr	r1, [r6, #BI_RUNTIME_VA + 4]
	cmp	r1, #0
	bne	bad_bootinfo
	mov_l	r2, 0xfff
	tst	r0, r2
	bne	bad_bootinfo
	mov	r9, r0
	ldr	r7, [r6, #BI_SEED]		/* both halves of the seed, folded */
	ldr	r0, [r6, #BI_SEED + 4]
	eor	r7, r7, r0, ror #13
1:	bl	common_setup
#ifndef INJECT_BENCH_STAMP_LOST	/* knob: the relocation phase has no end stamp */
	stamp	STAMP_RELOC
#endif

	mark	" tables"
	/* boot_tables_build(uint64_t pa, uint64_t va, uint64_t dtb, uint64_t bi): r0:r1, r2:r3, [sp], [sp+8]. */
	sub	sp, sp, #16
	mov	r0, #0
	str	r4, [sp]
	str	r0, [sp, #4]
	str	r6, [sp, #8]
	str	r0, [sp, #12]
	mov	r0, r5
	mov	r1, #0
	mov	r2, r9
	mov	r3, #0
	bl	boot_tables_build		/* r0:r1 = root table PA, 0 on failure */
	add	sp, sp, #16
	orrs	r2, r0, r1
	beq	tables_failed
	cmp	r1, #0				/* the root is in the image: below 4 GiB */
	bne	tables_failed
	mov	r6, r0
	/*
	 * The end of the tables phase. arm64 keeps this stamp in a register
	 * until the runtime VA; here r4-r11 are all live across the calls of
	 * the switch, so it is stored now, with the MMU off: boot_tables_build
	 * has just invalidated .data to the PoC, and this store, not cacheable,
	 * goes to memory without bringing the line back into any cache, so the
	 * first cacheable read after the MMU is on finds it.
	 */
	stamp	STAMP_TABLES
	adr_l	r0, boot_mm
	ldrb	r7, [r0, #BM_CLASH]
	mark	" mmu"
	mov	r11, r5
	b	mmu_switch
END(el2_entry)

/* -------------------------------------------------------------------------
 * The identity-mapped page. From "MMU on" until the branch out of it, this
 * page is all that is mapped at its PA: no calls, no literals (constants and
 * addresses come from MOVW/MOVT).
 */
	.section .text.idmap, "ax"

LOCAL_FUNC(mmu_switch)
	/*
	 * HMAIR0/1: attribute indexes as in sysreg.h (all in HMAIR0). HTCR:
	 * T0SZ = 0 (32-bit VA, the walk starts at level 1), walks inner
	 * shareable write-back. HTTBR: the root table (64-bit, MCRR).
	 */
	mov_l	r0, MAIR_EL2_BOOT
	mcr_t	r0, HMAIR0
	mov	r0, #0
	mcr_t	r0, HMAIR1
	mov_l	r0, TCR_EL2_BOOT
	mcr_t	r0, HTCR
	mov	r0, r6
	mov	r1, #0
	mcrr_t	r0, r1, HTTBR
	/*
	 * ISB: HMAIR/HTCR/HTTBR are in effect before HSCTLR.M is set (DDI 0406C
	 * B3.15.5 "Synchronization of changes to system control registers").
	 * TLBIALLH + DSB: no Hyp entry an earlier stage cached may survive into
	 * this regime; the DSB waits for completion; ISB.
	 */
	isb
	mcr_t	r0, TLBIALLH
#ifndef INJECT_SEQ_TLBI_NO_DSB_ASM	/* knob: the TLBI is never waited for (QEMU cannot tell) */
	dsb	nsh
#endif
	isb
	mrc_t	r0, HSCTLR
	mov_l	r1, (SCTLR_EL2_M | SCTLR_EL2_C | SCTLR_EL2_I)
	orr	r0, r0, r1
	mcr_t	r0, HSCTLR
	/* ISB: the next instruction is fetched through the new translation. */
#ifndef INJECT_SEQ_SCTLR_NO_ISB		/* knob: the MMU-on write is never synchronized (QEMU cannot tell) */
	isb
#endif
	/* The early UART now lives in the device window. */
	mov_l	r8, WINDOW_BASE
	cmp	r7, #0
	beq	1f
	/*
	 * Clash path: I and R overlap, so R is not mapped yet; the image is
	 * mapped at TEMP_BASE. Continue at the temporary alias of label 2.
	 */
	adr	r0, 2f
	sub	r0, r0, r5
	mov_l	r11, TEMP_BASE
	add	r0, r0, r11
	bx	r0
2:	b	clash_continue			/* PC-relative: stays in the temporary mapping */
1:
	/* No clash: R is mapped; jump to the runtime alias of el2_runtime. */
	adr_l	r0, el2_runtime
	sub	r0, r0, r11
	add	r0, r0, r9
	bx	r0
END(mmu_switch)

/* -------------------------------------------------------------------------
 * Back in ordinary text, reached through the temporary or runtime mapping.
 */
	.section .text.boot, "ax"

/* Clash path, executing at TEMP_BASE + offset. */
FUNC(clash_continue)
	/* Evidence for boot.clash-path: a PC sampled here, in the temporary mapping. */
	adr	r0, clash_continue
	adr_l	r1, boot_mm
	mov	r2, #0
	str	r0, [r1, #BM_CLASH_PC]
	str	r2, [r1, #BM_CLASH_PC + 4]
	bl	use_current_mapping		/* stack and vectors at their temporary alias */
	mark	" temp"
	bl	boot_switch_temp		/* identity out (BBM), runtime map in */
	cmp	r0, #0
	bne	switch_failed
	adr_l	r0, el2_runtime
	sub	r0, r0, r11
	add	r0, r0, r9
	bx	r0
END(clash_continue)

/* At the runtime VA. */
LOCAL_FUNC(el2_runtime)
	mov	r11, r9
	bl	use_current_mapping		/* stack and vectors at their runtime VA */
	mark	" runtime"
	mark	" unmap"
	bl	boot_finish			/* identity or temporary mapping out, BBM */
	cmp	r0, #0
	bne	switch_failed
	stamp	STAMP_SWITCH
	mark	" ok\n"
	/* hyp_main(uint64_t dtb_pa, uint64_t image_pa): r0:r1, r2:r3. */
	mov	r0, r4
	mov	r1, #0
	mov	r2, r5
	mov	r3, #0
	mov	r11, #0				/* the outermost frame: the backtrace stops here */
	bl	hyp_main			/* does not return */
	b	halt
END(el2_runtime)

/*
 * use_current_mapping: point the main stack, the exception stack (HTPIDR)
 * and HVBAR at the addresses of the mapping the CPU executes in now
 * (PC-relative), discarding what is on the stack (nothing is live across
 * the switch). The ISB makes the new HVBAR apply to the next exception.
 * Clobbers: r0.
 */
LOCAL_FUNC(use_current_mapping)
	adr_l	r0, __stack_end
	mov	sp, r0
	adr_l	r0, __xstack_end
	mcr_t	r0, HTPIDR
	adr_l	r0, el2_vectors
	mcr_t	r0, HVBAR
	isb
	bx	lr
END(use_current_mapping)

LOCAL_FUNC(tables_failed)
	error_line HEAD_MSG_NO_TABLES
	b	early_fatal
END(tables_failed)

LOCAL_FUNC(switch_failed)
	error_line HEAD_MSG_NO_SWITCH
	b	early_fatal
END(switch_failed)

LOCAL_FUNC(bad_bootinfo)
	error_line "boot_info asks for a runtime VA that is not page aligned or above 4 GiB"
	b	early_fatal
END(bad_bootinfo)

/*
 * bootinfo_valid: r0 = 1 if r6 points at the loader's boot_info (not 0,
 * 8-byte aligned, both words of the magic match), else 0. Called with the
 * MMU off, where data accesses are Strongly-ordered (DDI 0406C, "The effects
 * of disabling MMUs on VMSA behavior") and an unaligned one faults
 * ("Unaligned data access restrictions"): the alignment test comes before
 * the two word loads. No stack. Clobbers: r0-r3.
 */
LOCAL_FUNC(bootinfo_valid)
	mov	r0, #0
	cmp	r6, #0
	beq	1f
	tst	r6, #7
	bne	1f
	ldr	r0, [r6, #BI_MAGIC]
	ldr	r1, [r6, #BI_MAGIC + 4]
	mov_l	r2, BOOT_INFO_MAGIC_LO
	mov_l	r3, BOOT_INFO_MAGIC_HI
	cmp	r0, r2
	cmpeq	r1, r3
	moveq	r0, #1
	movne	r0, #0
1:	bx	lr
END(bootinfo_valid)

/*
 * early_puts: print a NUL-terminated string on the early UART.
 * Inputs: r0 = string, r8 = UART base. Clobbers: r0-r3.
 */
LOCAL_FUNC(early_puts)
	mov	r1, r8
1:	ldrb	r2, [r0], #1
	cmp	r2, #0
	beq	3f
2:	ldr	r3, [r1, #PL011_FR]		/* wait while the TX FIFO is full */
	tst	r3, #PL011_FR_TXFF
	bne	2b
	str	r2, [r1, #PL011_DR]
	b	1b
3:	bx	lr
END(early_puts)

/*
 * common_setup: zero .bss, apply the relocations for the runtime VA (text
 * included: newlib's literal pools), resynchronize the instruction side,
 * seed the stack-protector guard. Runs with the MMU off on a valid stack.
 * Inputs: r5 = PA, r9 = runtime VA, r7 = seed word or 0. Clobbers: r0-r3, r12.
 */
LOCAL_FUNC(common_setup)
	push	{r4, lr}			/* r4 only keeps the stack 8-byte aligned */
	mark	" bss"
	zero_bss
	mark	" reloc"
	/* Written at the PA (r5), valued for the runtime VA (r9). */
	apply_relocs r5, r9, bad_reloc
	icache_sync_local
	/* Canary: the counter and the seed (lib/arm32/stackprot_seed.S). */
	mov	r0, r7
	bl	stack_guard_seed
	pop	{r4, pc}
END(common_setup)

LOCAL_FUNC(bad_reloc)
	error_line HEAD_MSG_BAD_RELOC
	b	early_fatal
END(bad_reloc)

/*
 * early_fatal: an error before the hypervisor has read the DT. The loader
 * printed the start line, so close the boot as the protocol says (EXIT and
 * end lines), then leave the way boot_info said (r10): semihosting
 * SYS_EXIT_EXTENDED with status 1, or PSCI SYSTEM_OFF. Without a loader
 * there is no way out that is known to exist: halt.
 * Inputs: r10, r8 (UART). Uses the current stack for the semihosting block.
 */
LOCAL_FUNC(early_fatal)
	ands	r9, r10, #0xff
	beq	halt
	tst	r10, #0x100
	bne	1f
	mark	HEAD_MSG_END_ERROR
	b	2f
1:	mark	HEAD_MSG_END_ERROR_TAP
2:	and	r9, r10, #0xff
	cmp	r9, #1				/* BOOT_EXIT_SEMIHOST */
	bne	3f
	mov_l	r0, 0x20026			/* ADP_Stopped_ApplicationExit */
	mov	r1, #1				/* exit status */
	push	{r0, r1}
	mov	r1, sp
	mov	r0, #0x20			/* SYS_EXIT_EXTENDED */
	svc	#0x123456			/* AArch32 ARM-state semihosting call */
	b	halt
3:	mov_l	r0, 0x84000008			/* PSCI SYSTEM_OFF */
	cmp	r9, #2				/* BOOT_EXIT_PSCI_SMC */
	bne	4f
	smc	#0
	b	halt
4:	cmp	r9, #3				/* BOOT_EXIT_PSCI_HVC */
	bne	halt
	hvc	#0
	b	halt
END(early_fatal)

/* halt: nothing else can be done; wait for the host's timeout. */
FUNC(halt)
	wfe
	b	halt
END(halt)

/* PL1 vector table (direct SVC entry only): any exception prints one line and halts. */
	.balign	32
el1_vectors:
	.rept	8
	b	el1_unexpected
	.endr

LOCAL_FUNC(el1_unexpected)
	/* Not error_line: C may hold anything in r10 when the exception is taken. Booted directly: no TAP. */
	mark	"\nhyptest: error: unexpected exception at PL1\n"
	b	halt
END(el1_unexpected)

/*
 * Counter stamps of the boot phases (boot/stamps.h): .data, not .bss, which
 * is cleared after the first. The head writes STAMP_HEAD to STAMP_SWITCH
 * (stamp above), hyp_main STAMP_TESTS; the loader's two are in boot_info.
 */
	.data
	.balign	8
	.globl	boot_stamps
boot_stamps:
	.skip	STAMP_COUNT * 8
