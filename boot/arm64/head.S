/* SPDX-License-Identifier: MIT */
/*
 * arm64 entry: the first code the firmware runs, with the MMU off, at
 * whatever address the image was loaded. It establishes a known EL2 state,
 * relocates the position-independent image to where it runs, has C build the
 * boot page tables, turns the MMU on and enters hyp_main().
 *
 * Register table (valid for the whole primary path):
 *   x19 = physical address of the DTB (x0 from the firmware, Linux boot protocol)
 *   x20 = physical address the image runs at (__image_start); the link
 *         address is 0, so this is also the relocation offset
 *   x21 = exception level the image was entered at (1, 2 or 3)
 *   x22 = root page-table PA returned by boot_tables_build()
 *
 * Progress marks go to the platform's early UART (a physical address, usable
 * with the MMU off) as one line, "hyptest: head: el2 bss reloc tables mmu",
 * a word printed as each step starts, so a boot that hangs shows where.
 */
#include "lib/arm64/asm.h"
#include "lib/arm64/sysreg.h"

#define R_AARCH64_RELATIVE	1027
#define PL011_DR		0x00
#define PL011_FR		0x18
#define PL011_FR_TXFF		(1 << 5)

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
	.long	__image_size_hi		/* included (two halves: see hyptest.lds) */
	.quad	0xa			/* flags */
	.quad	0			/* res2 */
	.quad	0			/* res3 */
	.quad	0			/* res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5: no PE/COFF header */
END(_start)

	.section .text.boot, "ax"

/*
 * early_puts: print a NUL-terminated string on the early UART.
 * Inputs: x0 = string address. Clobbers: x0-x3.
 */
LOCAL_FUNC(early_puts)
	ldr	x1, =PLATFORM_EARLY_UART
1:	ldrb	w2, [x0], #1
	cbz	w2, 3f
2:	ldr	w3, [x1, #PL011_FR]	/* wait while the TX FIFO is full */
	tbnz	w3, #5, 2b
	str	w2, [x1, #PL011_DR]
	b	1b
3:	ret
END(early_puts)

.macro mark str
	adr_l	x0, 99f
	bl	early_puts
	.pushsection .rodata.boot, "a"
99:	.asciz	"\str"
	.popsection
.endm

FUNC(primary_entry)
	mov	x19, x0			/* DTB PA */
	adr_l	x20, __image_start	/* where we run */
	mov	x22, xzr

	/*
	 * Invalidate the I-cache: an earlier image may have run at this address
	 * and left stale lines. The IC completes after the DSB, the ISB
	 * refetches (Arm ARM B2.4.4, "Instruction cache maintenance").
	 */
	ic	iallu
	dsb	nsh
	isb

	mrs	x21, CurrentEL
	ubfx	x21, x21, #CURRENTEL_EL_SHIFT, #2
	mark	"hyptest: head:"
	cmp	x21, #2
	b.eq	el2_entry
	cmp	x21, #1
	b.eq	el1_entry
	/*
	 * EL3 (or anything else): the EL3 shim that sets up SCR_EL3 and drops
	 * to EL2 is not part of this image yet. Say so and stop.
	 */
	mark	" el3\nhyptest: error: entered at EL3; this image has no EL3 shim\n"
	b	halt
END(primary_entry)

/*
 * el1_entry: the firmware gave us EL1 (e.g. QEMU -M virt without
 * virtualization=on). hyptest cannot test a hypervisor here; el1_main()
 * reports SKIP and exits with status 77. The MMU stays off.
 */
LOCAL_FUNC(el1_entry)
	mark	" el1\n"
	/* SCTLR_EL1: MMU and caches off, little-endian, alignment check off. */
	ldr	x0, =SCTLR_EL1_RES1
	msr	sctlr_el1, x0
	/* A vector table that reports and stops, so no fault at EL1 can loop silently. */
	adr_l	x0, el1_vectors
	msr	vbar_el1, x0
	isb
	adr_l	x0, __stack_end
	mov	sp, x0
	bl	common_setup
	mov	x0, x19
	bl	el1_main		/* does not return */
	b	halt
END(el1_entry)

LOCAL_FUNC(el2_entry)
	mark	" el2"
	/*
	 * SCTLR_EL2: RES1 bits only, so M = C = I = 0 (MMU and caches off),
	 * A = 0, EE = 0 (little-endian). The boot protocol promises MMU off,
	 * but a firmware that left the caches on must not see our MMU-off
	 * writes through stale lines. ISB: later instructions see the change.
	 */
	ldr	x0, =SCTLR_EL2_RES1
	msr	sctlr_el2, x0
	/* HCR_EL2: EL1 is AArch64, nothing virtualized or trapped yet, no VHE. */
	ldr	x0, =HCR_EL2_BOOT
	msr	hcr_el2, x0
	/*
	 * CPTR_EL2: RES1 bits, TFP = 0. hyptest's own C is built with
	 * -mgeneral-regs-only, but the prebuilt libfdt may use SIMD registers
	 * for block copies; such an access must not trap.
	 */
	ldr	x0, =CPTR_EL2_RES1
	msr	cptr_el2, x0
	isb

	/*
	 * Stacks: at entry PSTATE.SP = 1, so "sp" is SP_EL2; it becomes the
	 * exception stack. The main stack is SP_EL0 (PSTATE.SP = 0 below):
	 * an overflow of the main stack into its guard page then traps onto a
	 * different, intact stack.
	 */
	adr_l	x0, __xstack_end
	mov	sp, x0
	adr_l	x0, __stack_end
	msr	sp_el0, x0
	msr	spsel, #0
	bl	common_setup

	mark	" tables"
	mov	x0, x20			/* image PA */
	mov	x1, x19			/* DTB PA */
	bl	boot_tables_build	/* x0 = root table PA, 0 on failure */
	cbz	x0, tables_failed
	mov	x22, x0

	mark	" mmu"
	/*
	 * Program the EL2 translation regime, then turn it on.
	 * MAIR_EL2: attribute indexes as in sysreg.h.
	 * TCR_EL2: 4 KiB granule, 48-bit VA (T0SZ = 16), walks inner-shareable
	 * write-back, PS = the CPU's PARange (capped at 48 bits, the largest
	 * this 4 KiB/4-level format describes without LPA).
	 */
	ldr	x0, =MAIR_EL2_BOOT
	msr	mair_el2, x0
	ldr	x0, =TCR_EL2_BOOT_NOPS
	mrs	x1, id_aa64mmfr0_el1
	and	x1, x1, #ID_AA64MMFR0_PARANGE_MASK
	cmp	x1, #5
	mov	x2, #5
	csel	x1, x2, x1, hi
	bfi	x0, x1, #TCR_EL2_PS_SHIFT, #3
	msr	tcr_el2, x0
	msr	ttbr0_el2, x22
	/*
	 * ISB: MAIR/TCR/TTBR writes are context-changing; they must be
	 * visible to the walker before SCTLR_EL2.M is set (Arm ARM D8.2,
	 * "synchronization requirements for system registers").
	 * TLBI ALLE2 + DSB: no EL2 entry cached by an earlier stage may
	 * survive into our regime; the DSB waits for the invalidation.
	 */
	isb
	tlbi	alle2
	dsb	nsh
	isb
	mrs	x0, sctlr_el2
	ldr	x1, =(SCTLR_EL2_M | SCTLR_EL2_C | SCTLR_EL2_I | SCTLR_EL2_SA)
	orr	x0, x0, x1
	msr	sctlr_el2, x0
	/* ISB: the next instruction is fetched through the new translation. */
	isb
	mark	" ok\n"

	/* Vectors at their runtime VA (== PA here: the image runs identity mapped). */
	adr_l	x0, el2_vectors
	msr	vbar_el2, x0
	isb

	mov	x0, x19
	mov	x1, x20
	bl	hyp_main		/* does not return */
	b	halt
END(el2_entry)

LOCAL_FUNC(tables_failed)
	mark	"\nhyptest: error: boot page tables: pool exhausted\n"
	b	halt
END(tables_failed)

/*
 * common_setup: zero .bss, apply the dynamic relocations, seed the stack
 * canary. Runs with the MMU off on a valid stack.
 * Inputs: x20 = load address. Clobbers: x0-x13.
 */
LOCAL_FUNC(common_setup)
	mov	x13, x30
	mark	" bss"
	/* .bss is 16-byte aligned at both ends (linker script). */
	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:
	mark	" reloc"
	/*
	 * Apply Elf64_Rela entries {r_offset, r_info, r_addend}: the image is
	 * linked at 0, so each R_AARCH64_RELATIVE says *(B + off) = B + addend
	 * with B = x20. The build rejects every other type; this check catches
	 * a corrupt image.
	 */
	adr_l	x9, __rela_start
	adr_l	x10, __rela_end
3:	cmp	x9, x10
	b.hs	5f
	ldp	x11, x12, [x9]
	ldr	x0, [x9, #16]
	add	x9, x9, #24
	cmp	x12, #R_AARCH64_RELATIVE
	b.ne	bad_reloc
	add	x0, x0, x20
	str	x0, [x20, x11]
	b	3b
5:
	/* Stack-protector guard for libfdt (built with it): from the counter. */
	mrs	x0, cntpct_el0
	ldr	x1, =0x9e3779b97f4a7c15
	eor	x0, x0, x1, ror #17
	adr_l	x1, __stack_chk_guard
	str	x0, [x1]
	ret	x13
END(common_setup)

LOCAL_FUNC(bad_reloc)
	mark	"\nhyptest: error: image has an unsupported dynamic relocation\n"
	b	halt
END(bad_reloc)

/* halt: nothing else can be done; wait for the host's timeout. */
FUNC(halt)
	wfe
	b	halt
END(halt)

/*
 * EL1 vector table (EL1 entry only): any exception prints one line and halts.
 * 2 KiB aligned (VBAR_EL1 bits 10:0 are RES0), 16 entries of 128 bytes.
 */
	.balign	2048
el1_vectors:
	.rept	16
	.balign	128
	b	el1_unexpected
	.endr

LOCAL_FUNC(el1_unexpected)
	mark	"\nhyptest: error: unexpected exception at EL1\n"
	b	halt
END(el1_unexpected)

	.ltorg
