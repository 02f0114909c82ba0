/* SPDX-License-Identifier: MIT */
/*
 * arm32 loader stub entry: the first code of the hyptest image, entered the
 * way a zImage is (r0 = 0, r1 = machine type, r2 = DTB; MMU and caches off)
 * at whatever address it was loaded: QEMU -kernel puts it at RAM + 0x10000
 * and, with virtualization=on, enters it in HYP mode. It relocates itself
 * for that address and hands over to loader_main() (C, MMU off).
 *
 * Register table:
 *   r4 = DTB PA (r2 from the firmware)
 *   r5 = PA of the loader (__loader_start); it is linked at 0
 *   r6 = the exception level it was entered at (HYP = 2, SVC and the other PL1 modes = 1)
 *   r7:r8 = CNTPCT at entry (low:high; the loader phase of the boot stamps)
 */
#include "lib/arm32/asm.h"
#include "lib/arm32/sysreg.h"

	.section .head.text, "ax"
/*
 * zImage header (what U-Boot bootz and QEMU look for): eight NOPs, the
 * branch, magic 0x016f2818 at 0x24, start and end at 0x28/0x2c (start 0:
 * position independent, end = the file size), the endianness word at 0x30.
 * Then hyptest's own: "HT32" at 0x34 and the footprint, bss and stack
 * included, at 0x38 (both resolved at link time: no relocation).
 */
FUNC(_start)
	.rept	8
	mov	r0, r0
	.endr
	b	loader_entry
	.word	0x016f2818
	.word	0
	.word	__loader_file_size
	.word	0x04030201
	.ascii	"HT32"
	.word	__loader_size
END(_start)

	.text
LOCAL_FUNC(loader_entry)
	mrrc_t	r7, r8, CNTPCT		/* first: the boot's earliest stamp */
	mov	r4, r2
	adr_l	r5, __loader_start
	mrs	r0, cpsr
	and	r0, r0, #CPSR_MODE_MASK
	cmp	r0, #CPSR_MODE_HYP
	beq	1f
	cmp	r0, #CPSR_MODE_MON
	beq	loader_el3
	/*
	 * PL1 (SVC on QEMU without virtualization=on): MMU, caches and
	 * alignment checks off, exceptions in ARM state at a vector table that
	 * reports and halts (SCTLR.V = 0: VBAR is used).
	 */
	mov	r6, #1
	mov_l	r0, 0x00c50078		/* SCTLR should-be-one bits; M, A, C, I, V, TE = 0 */
	mcr_t	r0, SCTLR
	adr_l	r0, loader_vectors
	mcr	p15, 0, r0, c12, c0, 0	/* VBAR */
	b	2f
1:	/*
	 * HYP: the same in HSCTLR (its should-be-one bits only), no coprocessor
	 * traps (HCPTR), HVBAR at the reporting table.
	 */
	mov	r6, #2
	mov_l	r0, SCTLR_EL2_RES1
	mcr_t	r0, HSCTLR
	mov_l	r0, CPTR_EL2_RES1
	mcr_t	r0, HCPTR
	adr_l	r0, loader_vectors
	mcr_t	r0, HVBAR
2:	isb
	adr_l	r0, __loader_stack_end	/* see loader.lds: its own 16 KiB */
	mov	sp, r0
	zero_bss
	/* Self-relocate: the loader runs where it was loaded (r5); text included. */
	apply_relocs r5, r5, loader_halt
	icache_sync_local
	/* The stack-protector canary, before any C (no seed is known yet: the counter). */
	mov	r0, #0
	bl	stack_guard_seed
	/* From here an exception can be reported from C (loader_unexpected). */
	adr_l	r0, loader_c_ready
	mov	r1, #1
	str	r1, [r0]
	/*
	 * loader_main(uint64_t dtb_pa, uint64_t loader_pa, unsigned el, uint64_t t_entry):
	 * r0:r1, r2:r3, [sp], [sp+8] (a 64-bit argument on the stack is 8-byte aligned, AAPCS).
	 */
	sub	sp, sp, #16
	str	r6, [sp]
	str	r7, [sp, #8]
	str	r8, [sp, #12]
	mov	r0, r4
	mov	r1, #0
	mov	r2, r5
	mov	r3, #0
	bl	loader_main		/* does not return */
	b	loader_halt
END(loader_entry)

/* Monitor mode (Secure PL1, "EL3"): no shim yet. Say so on the early UART and stop. */
LOCAL_FUNC(loader_el3)
	adr_l	r0, el3_msg
	b	loader_puts_halt
END(loader_el3)

/*
 * Any exception in the loader: report it from C, loader_fault(), which ends
 * the boot as any error does (error line, the end lines once the start line
 * is out, the exit bootargs asked for) instead of waiting for the host's
 * timeout. In HYP mode it is taken on SP_hyp, the loader's own stack; from
 * SVC it arrives in ABT or UND mode, whose banked SP was never set, so it
 * goes back to SVC (the loader's stack) first. A second exception, or one
 * before the loader is relocated and C can run, only prints a line and
 * halts. r0-r2 = syndrome (HSR; DFSR from PL1), return address, fault
 * address (HDFAR; DFAR).
 */
LOCAL_FUNC(loader_unexpected)
	adr_l	r4, loader_faulted
	ldr	r5, [r4]
	cmp	r5, #0
	bne	1f
	mov	r5, #1
	str	r5, [r4]
	adr_l	r4, loader_c_ready
	ldr	r5, [r4]
	cmp	r5, #0
	beq	1f
	mrs	r4, cpsr
	and	r4, r4, #CPSR_MODE_MASK
	cmp	r4, #CPSR_MODE_HYP
	bne	2f
	mrc_t	r0, HSR
	mrs	r1, ELR_hyp
	mrc_t	r2, HDFAR
	b	loader_fault			/* does not return */
2:	mrc_t	r0, DFSR
	mov	r1, lr
	mrc_t	r2, DFAR
	cps	#CPSR_MODE_SVC
	b	loader_fault			/* does not return */
1:	adr_l	r0, exc_msg
	b	loader_puts_halt
END(loader_unexpected)

/* Inputs: r0 = string. Prints it on the early UART (PL011), then halts. */
LOCAL_FUNC(loader_puts_halt)
	mov_l	r1, PLATFORM_EARLY_UART
1:	ldrb	r2, [r0], #1
	cmp	r2, #0
	beq	loader_halt
2:	ldr	r3, [r1, #0x18]		/* PL011 FR: wait while TXFF */
	tst	r3, #(1 << 5)
	bne	2b
	str	r2, [r1]
	b	1b
END(loader_puts_halt)

FUNC(loader_halt)
	wfe
	b	loader_halt
END(loader_halt)

/*
 * arch_enter_payload(uint64_t pa, uint64_t dtb, uint64_t boot_info):
 * r0:r1 = pa, r2:r3 = dtb, [sp] = boot_info. The payload was copied and
 * cleaned to the PoC by the caller. It is entered like a zImage (r0 = 0,
 * r1 = ~0, r2 = DTB) with r3 = boot_info. ICIALLU + BPIALL + DSB + ISB: no
 * instruction or branch target cached before the copy may be used.
 */
FUNC(arch_enter_payload)
	mov	r12, r0
	ldr	r3, [sp]
	mov	r0, #0
	mcr_t	r0, ICIALLU
	mcr_t	r0, BPIALL
	dsb	sy
	isb
	mvn	r1, #0
	bx	r12
END(arch_enter_payload)

/* The vector table (HVBAR or VBAR): 32-byte aligned, every entry reports and halts. */
	.balign	32
loader_vectors:
	.rept	8
	b	loader_unexpected
	.endr

	.section .rodata
el3_msg:
	.asciz	"hyptest: error: entered in Monitor mode; this image has no EL3 shim\n"
exc_msg:
	.asciz	"\nhyptest: error: unexpected exception in the loader stub\n"
