/* SPDX-License-Identifier: MIT */
/*
 * Loader stub entry: the first code of the hyptest image, entered by the
 * firmware with the MMU off at whatever address it loaded the image. It
 * relocates itself for that address, and hands over to loader_main() (C, MMU
 * off) which reads the DT, chooses the hypervisor's PA and VA from the seed,
 * copies the hypervisor there and enters it.
 *
 * Register table:
 *   x19 = DTB PA (x0 from the firmware)
 *   x20 = PA of the loader (__loader_start); it is linked at 0
 *   x21 = the exception level it was entered at (3: the EL3 shim, el3_shim.S,
 *         dropped CPU 0 to EL2 and parked the others before loader_el2)
 *   x22 = CNTPCT_EL0 at entry (the loader phase of bench.boot-phases)
 */
#include "lib/arm64/asm.h"
#include "lib/arm64/sysreg.h"


	.section .head.text, "ax"
/*
 * Linux arm64 Image header, so QEMU -kernel and U-Boot booti accept the
 * image. flags = 0xa: little-endian, 4 KiB pages, anywhere in RAM.
 */
FUNC(_start)
	b	loader_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.long	__loader_size_lo	/* image_size, bss and stack included */
	.long	__loader_size_hi
	.quad	0xa			/* flags */
	.quad	0, 0, 0			/* res2-4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */
END(_start)

	.text
LOCAL_FUNC(loader_entry)
	mrs	x22, cntpct_el0		/* first: the boot's earliest stamp */
	mov	x19, x0
	adr_l	x20, __loader_start
	mrs	x21, CurrentEL
	ubfx	x21, x21, #CURRENTEL_EL_SHIFT, #2
	cmp	x21, #3
	b.eq	el3_entry		/* boot/arm64/el3_shim.S: CPU 0 comes back at loader_el2, at EL2 */
	cmp	x21, #2
	b.eq	loader_el2
	/* EL1: MMU, caches, alignment check off; a vector table that reports and halts. */
	ldr	x0, =SCTLR_EL1_RES1
	msr	sctlr_el1, x0
	adr_l	x0, loader_vectors
	msr	vbar_el1, x0
	b	2f
	/*
	 * EL2: the same, and no FP/SIMD trap (CPTR_EL2.TFP = 0). The EL3 shim
	 * enters here too, with x19-x22 kept (x21 = 3).
	 */
	.globl	loader_el2
loader_el2:
	/* The literals first: no load between the SCTLR_EL2 write and the ISB. */
	ldr	x0, =SCTLR_EL2_RES1
	ldr	x1, =CPTR_EL2_RES1
	msr	sctlr_el2, x0
	msr	cptr_el2, x1
	adr_l	x0, loader_vectors
	msr	vbar_el2, x0
2:	isb
	adr_l	x0, __loader_stack_end
	mov	sp, x0

	zero_bss
	/* Self-relocate: the loader runs where it was loaded (x20). */
	apply_relocs x20, x20, loader_halt
	/* The stack-protector canary, before any C (no seed is known yet: RNDR and the counter). */
	mov	x0, xzr
	bl	stack_guard_seed
	/* From here an exception can be reported from C (loader_unexpected). */
	adr_l	x0, loader_c_ready
	mov	w1, #1
	str	w1, [x0]
	mov	x0, x19
	mov	x1, x20
	mov	x2, x21
	mov	x3, x22
	bl	loader_main		/* does not return */
	b	loader_halt
END(loader_entry)

/*
 * Any exception in the loader (at EL2, or EL1 before the SKIP): report it
 * from C, loader_fault(), which ends the boot as any error does (error
 * line, the end lines once the start line is out, the exit bootargs asked
 * for) instead of waiting for the host's timeout. Taken on the loader's own
 * stack (SP_ELx, the one it runs on). A second exception, or one before the
 * loader is relocated and C can run, only prints a line and halts.
 * x0-x2 = syndrome, ELR and FAR of the EL the exception was taken to.
 */
LOCAL_FUNC(loader_unexpected)
	adr_l	x9, loader_faulted
	ldr	w10, [x9]
	cbnz	w10, 1f
	mov	w10, #1
	str	w10, [x9]
	adr_l	x10, loader_c_ready
	ldr	w10, [x10]
	cbz	w10, 1f
	mrs	x9, CurrentEL
	cmp	x9, #(2 << CURRENTEL_EL_SHIFT)
	b.ne	2f
	mrs	x0, esr_el2
	mrs	x1, elr_el2
	mrs	x2, far_el2
	b	loader_fault			/* does not return */
2:	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	b	loader_fault			/* does not return */
1:	adr_l	x0, exc_msg
	b	loader_puts_halt
END(loader_unexpected)

/* Inputs: x0 = string. Prints it on the early UART, then halts. */
LOCAL_FUNC(loader_puts_halt)
	ldr	x1, =PLATFORM_EARLY_UART
1:	ldrb	w2, [x0], #1
	cbz	w2, loader_halt
2:	ldr	w3, [x1, #0x18]		/* PL011 FR: wait while TXFF */
	tbnz	w3, #5, 2b
	str	w2, [x1]
	b	1b
END(loader_puts_halt)

FUNC(loader_halt)
	wfe
	b	loader_halt
END(loader_halt)

/*
 * arch_enter_payload(pa, dtb, boot_info): the payload was copied and cleaned
 * to the PoC by the caller; discard stale instructions and jump.
 * IC IALLU + DSB + ISB: no instruction fetched from [pa, ...) before the copy
 * may be used (Arm ARM B2.4.4).
 */
FUNC(arch_enter_payload)
	mov	x9, x0
	mov	x0, x1
	mov	x1, x2
	ic	iallu
	dsb	sy
	isb
	br	x9
END(arch_enter_payload)

	.balign	2048
loader_vectors:
	.rept	16
	.balign	128
	b	loader_unexpected
	.endr

	.section .rodata
exc_msg:
	.asciz	"\nhyptest: error: unexpected exception in the loader stub\n"
