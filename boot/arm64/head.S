/* SPDX-License-Identifier: MIT */
/*
 * arm64 hypervisor entry. The loader stub copied the image to a PA of its
 * choosing and enters it here with the MMU off; x1 points at a boot_info that
 * says at which VA it must run. (Booted directly, with no boot_info, the
 * image runs at VA == PA.) This code establishes a known EL2 state, applies
 * the image's relocations for the runtime VA, has C build the boot tables,
 * turns the MMU on through the identity-mapped switch page, goes through the
 * temporary mapping when identity and runtime ranges clash (seed 000),
 * reaches the runtime VA, and removes what the switch needed (seed 004).
 *
 * Register table (valid for the whole primary path):
 *   x19 = DTB PA (x0 from the loader or firmware)
 *   x20 = PA the image runs at (__image_start); the image is linked at 0
 *   x21 = boot_info PA (x1), 0 or garbage when booted without the loader
 *   x22 = 1 if the temporary mapping is used (the clash path), else 0
 *   x23 = UART base for progress marks: the PA while the MMU is off, then
 *         its address in the device window
 *   x24 = runtime VA of __image_start
 *   x25 = root page-table PA
 *   x26 = base of the mapping currently executing (PA, TEMP_BASE or x24)
 *   x27 = how to leave on an error here: boot_info.early_exit (bits 7:0)
 *         and the TAP flag (bit 8); 0 without a loader (halt instead)
 *   x28 = boot_info.seed when boot_info is valid, else 0, until common_setup
 *         has mixed it into the stack-protector canary; from the boot tables
 *         on, CNTPCT_EL0 when they were built (stored at the runtime VA)
 *
 * Progress marks form one line, "hyptest: head: el2 bss reloc tables mmu
 * [temp] runtime unmap ok": a word as each step starts, so a boot that hangs
 * shows where. Between "mmu" and the next word the CPU runs in the identity
 * page, where nothing else (not even the strings) is mapped. In TAP mode
 * (boot_info says so) the line is a TAP comment, "# hyptest: head: ...",
 * and an error line starts with "Bail out! " (error_line).
 */
#include "lib/arm64/asm.h"
#include "boot/head_msgs.h"
#include "lib/arm64/sysreg.h"
#include "lib/arm64/sysreg_el3.h"
#include "mm/va_layout.h"
#include "boot/stamps.h"
#include "asm-offsets.h"

	.section .head.text, "ax"
/*
 * Linux arm64 Image header (Documentation/arm64/booting.rst), so that QEMU
 * -kernel and U-Boot booti accept the raw binary. flags = 0xa: little-endian
 * (bit 0 = 0), 4 KiB pages (bits 2:1 = 1), placeable anywhere in RAM (bit 3).
 */
FUNC(_start)
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset: load at a 2 MiB aligned base */
	.long	__image_size_lo		/* image_size: everything up to __image_end, bss */
	.long	__image_size_hi		/* included (two halves: see the linker script) */
	.quad	0xa			/* flags */
	.quad	0			/* res2 */
	.quad	0			/* res3 */
	.quad	0			/* res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5: no PE/COFF header */
END(_start)

	.section .text.boot, "ax"

.macro mark str
	adr_l	x0, 99f
	bl	early_puts
	.pushsection .rodata.boot, "a"
99:	.asciz	"\str"
	.popsection
.endm

/*
 * error_line str: end the progress line, then the protocol's error line
 * "hyptest: error: <str>"; in TAP mode (x27 bit 8) behind "Bail out! ", the
 * TAP 13 line that makes a TAP reader stop and report <str> as the reason.
 * Clobbers: x0-x3.
 */
.macro error_line str
	mark	"\n"
	tbz	x27, #8, 98f
	mark	HEAD_MSG_TAP_BAIL
98:	mark	"hyptest: error: \str\n"
.endm

/*
 * stamp idx: boot_stamps[idx] = CNTPCT_EL0 (boot/stamps.h), for
 * bench.boot-phases. PC-relative, so it works at PA with the MMU off and at
 * the runtime VA. With the MMU off the store goes to memory; the boot-table
 * code invalidates .data to the PoC before the first cacheable read. The ISB
 * keeps the counter read from being taken early (Arm ARM D12.1.2: reads of
 * the counter may be out of order otherwise). Clobbers: x0, x1.
 */
.macro stamp idx
	isb
	mrs	x0, cntpct_el0
	adr_l	x1, boot_stamps
	str	x0, [x1, #(\idx * 8)]
.endm

FUNC(primary_entry)
	mov	x19, x0
	mov	x21, x1
	stamp	STAMP_HEAD
	adr_l	x20, __image_start
	ldr	x23, =PLATFORM_EARLY_UART
	mov	x22, xzr
	mov	x27, xzr
	mov	x28, xzr

	/*
	 * Invalidate the I-cache: an earlier image may have run at this address
	 * and left stale lines. The IC completes after the DSB, the ISB
	 * refetches (Arm ARM B2.4.4, "Instruction cache maintenance").
	 */
	ic	iallu
	dsb	nsh
	isb

	/*
	 * TAP mode, known before the first byte of the progress line: a valid
	 * boot_info whose flags have BOOT_INFO_TAP. x27 bit 8 says so from
	 * here on (el2_entry sets the rest of x27 from boot_info), and the line
	 * goes behind "# " like every other line that is not a test line.
	 */
	bl	bootinfo_valid
	cbz	x0, 1f
	ldr	w0, [x21, #BI_FLAGS]
	tst	w0, #BOOT_INFO_TAP_ASM
	b.eq	1f
	mov	x27, #0x100
	mark	HEAD_MSG_TAP_COMMENT
1:	mark	HEAD_MSG_PROGRESS
	mrs	x9, CurrentEL
	ubfx	x9, x9, #CURRENTEL_EL_SHIFT, #2
	cmp	x9, #2
	b.eq	el2_entry
	cmp	x9, #1
	b.eq	el1_entry
	/* EL3: the shim that sets up SCR_EL3 and drops to EL2 is part of the loader stub, not of this image. */
	mark	" el3"
	error_line "entered at EL3; the EL3 shim is in the loader (boot hyptest.bin or hyptest-el3.elf)"
	b	halt
END(primary_entry)

/*
 * symfile_entry: the ELF entry point of hyptest.elf (hyptest.lds.S). That
 * file is the symbol file of this payload, not a bootable image, but an ELF
 * loader takes it: QEMU -kernel loads its segments at their LMAs (the
 * platform's ELF base in RAM, image.lds.h) and starts here with the MMU
 * off, x0 = 0, at EL2, or EL1 (no virtualization=on) or EL3 (secure=on).
 * Say what to boot instead and leave as any error does: symfile_main()
 * (boot/symfile.c) reads the DT for exit= and the PSCI conduit. Position
 * independent: the relocations are applied for where it runs (VA == PA).
 * No register state is assumed but x0; nothing here depends on the EL.
 *
 * Register use: x19 = x0 (a DTB, or 0), x20 = PA of __image_start.
 */
FUNC(symfile_entry)
	mov	x19, x0
	/*
	 * Without PSCI firmware (EL3 entry) QEMU starts every CPU here: only
	 * the one with affinity 0 goes on, the others wait for the exit. Two
	 * CPUs applying the relocations would add the offset twice.
	 */
	mrs	x0, mpidr_el1
	ldr	x1, =MPIDR_AFF_MASK		/* Aff3 [39:32], Aff2..Aff0 [23:0] */
	tst	x0, x1
	b.ne	halt
	adr_l	x20, __image_start
	/* The current SP (SP_ELx: reset enters at ELxh) on the payload's own stack. */
	adr_l	x0, __stack_end
	mov	sp, x0
	zero_bss
	/*
	 * MMU off: every access is Device-nGnRnE, so the words written here
	 * are what the C below reads, in program order, without a barrier;
	 * nothing in .text is relocated (-z text), so no I-cache maintenance.
	 */
	apply_relocs x20, x20, halt
	/* Canary before any C: RNDR where it exists, and the counter (no seed). */
	mov	x0, xzr
	bl	stack_guard_seed
	mov	x0, x19
	bl	symfile_main			/* does not return */
	b	halt
END(symfile_entry)

/*
 * el1_entry: booted directly at EL1 (the loader stub handles this case for
 * the full image): report SKIP from C, MMU off, status 77.
 */
LOCAL_FUNC(el1_entry)
	mark	" el1"
	ldr	x0, =SCTLR_EL1_RES1		/* MMU, caches, alignment check off; LE */
	msr	sctlr_el1, x0
	adr_l	x0, el1_vectors			/* report any fault instead of looping */
	msr	vbar_el1, x0
	isb
	adr_l	x0, __stack_end
	mov	sp, x0
	mov	x24, x20			/* run where loaded */
	bl	common_setup
	mark	"\n"
	mov	x0, x19
	bl	el1_main			/* does not return */
	b	halt
END(el1_entry)

LOCAL_FUNC(el2_entry)
	mark	" el2"
	/*
	 * SCTLR_EL2: RES1 bits only, so M = C = I = 0 (MMU and caches off),
	 * A = 0, EE = 0 (little-endian). ISB: later instructions see it.
	 * HCR_EL2: EL1 is AArch64, nothing virtualized or trapped yet, no VHE.
	 * CPTR_EL2: RES1 bits, TFP = 0: hyptest's C is -mgeneral-regs-only,
	 * but the prebuilt libfdt uses SIMD registers in a few functions.
	 * The three literals are loaded first: a load between the SCTLR_EL2
	 * write and the ISB could still run with the old SCTLR_EL2 (its EE,
	 * the endianness, is UNKNOWN at reset), or with the new one.
	 */
	ldr	x0, =SCTLR_EL2_RES1
#ifdef INJECT_BOOT_HCR_TSC
	ldr	x1, =(HCR_EL2_BOOT | HCR_EL2_TSC)	/* knob: not the value we mean */
#else
	ldr	x1, =HCR_EL2_BOOT
#endif
	ldr	x2, =CPTR_EL2_RES1
	msr	sctlr_el2, x0
	msr	hcr_el2, x1
	msr	cptr_el2, x2
	isb

	/*
	 * Stacks (at their PA for now): at entry PSTATE.SP = 1, so "sp" is
	 * SP_EL2: the exception stack. The main stack is SP_EL0 (PSTATE.SP = 0
	 * below), so an overflow of it traps onto a different, intact stack.
	 */
	adr_l	x0, __xstack_end
	mov	sp, x0
	adr_l	x0, __stack_end
	msr	sp_el0, x0
	msr	spsel, #0

	/* The runtime VA: from a valid boot_info, else VA = PA. */
	mov	x24, x20
	bl	bootinfo_valid
	cbz	x0, 1f
	ldr	w27, [x21, #BI_EARLY_EXIT]	/* how to exit if anything below fails */
	and	x27, x27, #0xff
	ldr	w0, [x21, #BI_FLAGS]
	tst	w0, #BOOT_INFO_TAP_ASM
	b.eq	2f
	orr	x27, x27, #0x100
2:	ldr	x28, [x21, #BI_SEED]
	ldr	x0, [x21, #BI_RUNTIME_VA]
	tst	x0, #0xfff			/* a runtime VA must be page aligned */
	b.ne	bad_bootinfo
	mov	x24, x0
1:	bl	common_setup
#ifndef INJECT_BENCH_STAMP_LOST	/* knob: the relocation phase has no end stamp */
	stamp	STAMP_RELOC
#endif

	mark	" tables"
	mov	x0, x20
	mov	x1, x24
	mov	x2, x19
	mov	x3, x21
	bl	boot_tables_build		/* x0 = root table PA, 0 on failure */
	cbz	x0, tables_failed
	mov	x25, x0
	/*
	 * Kept in x28 until the runtime VA: .data was just invalidated to the
	 * PoC, and this keeps it that way until the MMU is on.
	 */
	isb
	mrs	x28, cntpct_el0
	adr_l	x0, boot_mm
	ldrb	w22, [x0, #BM_CLASH]
	mark	" mmu"
	mov	x26, x20
	b	mmu_switch
END(el2_entry)

/* -------------------------------------------------------------------------
 * The identity-mapped page. From "MMU on" until the branch out of it, this
 * page is all that is mapped at its PA: no calls, no literals outside it.
 */
	.section .text.idmap, "ax"

LOCAL_FUNC(mmu_switch)
	/*
	 * MAIR_EL2: attribute indexes as in sysreg.h. TCR_EL2: 4 KiB granule,
	 * 48-bit VA (T0SZ = 16), walks inner-shareable write-back, PS = the
	 * CPU's PARange (capped at 48 bits, the most this format describes).
	 */
	ldr	x3, =MAIR_EL2_BOOT
	ldr	x0, =TCR_EL2_BOOT_NOPS
	mrs	x1, id_aa64mmfr0_el1
	and	x1, x1, #ID_AA64MMFR0_PARANGE_MASK
	cmp	x1, #5
	mov	x2, #5
	csel	x1, x2, x1, hi
	bfi	x0, x1, #TCR_EL2_PS_SHIFT, #3
	/* Both literals loaded above: no load between these writes and their ISB. */
	msr	mair_el2, x3
	msr	tcr_el2, x0
	msr	ttbr0_el2, x25
	/*
	 * ISB: MAIR/TCR/TTBR are context-changing; they must be in effect
	 * before SCTLR_EL2.M is set (Arm ARM D8.2, synchronization of system
	 * register writes). TLBI ALLE2 + DSB: no EL2 entry an earlier stage
	 * cached may survive into this regime; the DSB waits for completion.
	 */
	isb
	tlbi	alle2
#ifndef INJECT_SEQ_TLBI_NO_DSB_ASM	/* knob: the TLBI is never waited for (QEMU cannot tell) */
	dsb	nsh
#endif
	isb
	mrs	x0, sctlr_el2
	ldr	x1, =(SCTLR_EL2_M | SCTLR_EL2_C | SCTLR_EL2_I | SCTLR_EL2_SA)
	orr	x0, x0, x1
	msr	sctlr_el2, x0
	/* ISB: the next instruction is fetched through the new translation. */
#ifndef INJECT_SEQ_SCTLR_NO_ISB		/* knob: the MMU-on write is never synchronized (QEMU cannot tell) */
	isb
#endif
	/* The early UART now lives in the device window. */
	ldr	x23, =WINDOW_BASE
	cbz	x22, 1f
	/*
	 * Clash path: I and R overlap, so R is not mapped yet; the image is
	 * mapped at TEMP_BASE. Continue at the temporary alias of label 2.
	 */
	adr	x0, 2f
	sub	x0, x0, x20
	ldr	x26, =TEMP_BASE
	add	x0, x0, x26
	br	x0
2:	b	clash_continue			/* PC-relative: stays in the temporary mapping */
1:
	/* No clash: R is mapped; jump to the runtime alias of el2_runtime. */
	adr_l	x0, el2_runtime
	sub	x0, x0, x26
	add	x0, x0, x24
	br	x0
	.ltorg
END(mmu_switch)

/* -------------------------------------------------------------------------
 * Back in ordinary text, reached through the temporary or runtime mapping.
 */
	.section .text.boot, "ax"

/* Clash path, executing at TEMP_BASE + offset. */
FUNC(clash_continue)
	/* Evidence for boot.clash-path: a PC sampled here, in the temporary mapping. */
	adr	x0, .
	adr_l	x1, boot_mm
	str	x0, [x1, #BM_CLASH_PC]
	bl	use_current_mapping		/* stacks and vectors at their temporary alias */
	mark	" temp"
	bl	boot_switch_temp		/* identity out (BBM), runtime map in */
	cbnz	x0, switch_failed
	adr_l	x0, el2_runtime
	sub	x0, x0, x26
	add	x0, x0, x24
	br	x0
END(clash_continue)

/* At the runtime VA. */
LOCAL_FUNC(el2_runtime)
	mov	x26, x24
	bl	use_current_mapping		/* stacks and vectors at their runtime VA */
	mark	" runtime"
	mark	" unmap"
	bl	boot_finish			/* identity or temporary mapping out, BBM */
	cbnz	x0, switch_failed
	adr_l	x1, boot_stamps
	str	x28, [x1, #(STAMP_TABLES * 8)]
	stamp	STAMP_SWITCH
	mark	" ok\n"
	mov	x0, x19
	mov	x1, x20
	bl	hyp_main			/* does not return */
	b	halt
END(el2_runtime)

/*
 * use_current_mapping: point both stacks and VBAR_EL2 at the addresses of
 * the mapping the CPU executes in now (PC-relative), discarding what is on
 * the stacks (nothing is live across the switch). The ISB makes the new
 * VBAR_EL2 apply to the next exception.
 * Clobbers: x0.
 */
LOCAL_FUNC(use_current_mapping)
	msr	spsel, #1
	adr_l	x0, __xstack_end
	mov	sp, x0
	msr	spsel, #0
	adr_l	x0, __stack_end
	mov	sp, x0
	adr_l	x0, el2_vectors
	msr	vbar_el2, x0
	isb
	ret
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
	error_line "boot_info asks for a runtime VA that is not page aligned"
	b	early_fatal
END(bad_bootinfo)

/*
 * bootinfo_valid: x0 = 1 if x21 points at the loader's boot_info (not 0,
 * 8-byte aligned, the magic matches), else 0. Called with the MMU off, where
 * data accesses are Device-nGnRnE (Arm ARM, "The effects of disabling an
 * address translation stage") and an unaligned one faults ("Alignment of
 * data accesses"): the alignment test comes before the one 8-byte load.
 * No stack. Clobbers: x0, x1.
 */
LOCAL_FUNC(bootinfo_valid)
	mov	x0, xzr
	cbz	x21, 1f
	tst	x21, #7
	b.ne	1f
	ldr	x0, [x21, #BI_MAGIC]
	ldr	x1, =(BOOT_INFO_MAGIC_HI << 32) | BOOT_INFO_MAGIC_LO
	cmp	x0, x1
	cset	x0, eq
1:	ret
END(bootinfo_valid)

/*
 * early_puts: print a NUL-terminated string on the early UART.
 * Inputs: x0 = string, x23 = UART base. Clobbers: x0-x3.
 */
LOCAL_FUNC(early_puts)
	pl011_puts x23
	ret
END(early_puts)

/*
 * common_setup: zero .bss, apply the relocations for the runtime VA, seed the
 * stack-protector guard. Runs with the MMU off on a valid stack, before any
 * C: a protected function must see one canary value from entry to return.
 * Inputs: x20 = PA, x24 = runtime VA, x28 = seed or 0. Clobbers: x0-x13.
 */
LOCAL_FUNC(common_setup)
	mov	x13, x30
	mark	" bss"
	zero_bss
	mark	" reloc"
	/* Written at the PA (x20), valued for the runtime VA (x24). */
	apply_relocs x20, x24, bad_reloc
	/* Canary: RNDR when FEAT_RNG has it, the counter and the seed (stackprot_seed.S). */
	mov	x0, x28
	bl	stack_guard_seed
	ret	x13
END(common_setup)

LOCAL_FUNC(bad_reloc)
	error_line HEAD_MSG_BAD_RELOC
	b	early_fatal
END(bad_reloc)

/*
 * early_fatal: an error before the hypervisor has read the DT. The loader
 * printed the start line, so close the boot as the protocol says (EXIT and
 * end lines), then leave the way boot_info said (x27): semihosting
 * SYS_EXIT_EXTENDED with status 1, or PSCI SYSTEM_OFF. Without a loader
 * there is no way out that is known to exist: halt.
 * Inputs: x27, x23 (UART). Uses the current stack for the semihosting block.
 */
LOCAL_FUNC(early_fatal)
	and	x9, x27, #0xff
	cbz	x9, halt
	tbnz	x27, #8, 1f
	mark	HEAD_MSG_END_ERROR
	b	2f
1:	mark	HEAD_MSG_END_ERROR_TAP
2:	and	x9, x27, #0xff
	cmp	x9, #1				/* BOOT_EXIT_SEMIHOST */
	b.ne	3f
	mov	x0, #0x26
	movk	x0, #0x2, lsl #16		/* ADP_Stopped_ApplicationExit = 0x20026 */
	mov	x1, #1				/* exit status */
	stp	x0, x1, [sp, #-16]!
	mov	x1, sp
	mov	x0, #0x20			/* SYS_EXIT_EXTENDED */
	hlt	#0xf000
	b	halt
3:	ldr	x0, =0x84000008			/* PSCI SYSTEM_OFF */
	cmp	x9, #2				/* BOOT_EXIT_PSCI_SMC */
	b.ne	4f
	smc	#0
	b	halt
4:	cmp	x9, #3				/* BOOT_EXIT_PSCI_HVC */
	b.ne	halt
	hvc	#0
	b	halt
END(early_fatal)

/* halt: nothing else can be done; wait for the host's timeout. */
FUNC(halt)
	wfe
	b	halt
END(halt)

/* EL1 vector table (direct EL1 entry only): any exception prints one line and halts. */
	.balign	2048
el1_vectors:
	.rept	16
	.balign	128
	b	el1_unexpected
	.endr

LOCAL_FUNC(el1_unexpected)
	/* Not error_line: C may hold anything in x27 when the exception is taken. Booted directly: no TAP. */
	mark	"\nhyptest: error: unexpected exception at EL1\n"
	b	halt
END(el1_unexpected)

	.ltorg

/* Counter stamps of the boot phases (boot/stamps.h): .data, not .bss, which is cleared after the first. */
	.data
	.balign	8
	.globl	boot_stamps
boot_stamps:
	.skip	STAMP_COUNT * 8
