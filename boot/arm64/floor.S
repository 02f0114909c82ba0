/* SPDX-License-Identifier: MIT */
/*
 * The floor image: the least a booted image can do. Entered exactly like
 * hyptest.bin (QEMU -kernel or booti: a Linux arm64 Image, MMU off, x0 =
 * DTB), it prints one line on the platform's early PL011 and leaves the way
 * the suite does, semihosting SYS_EXIT_EXTENDED with status 0. `hyptest
 * bench` boots it beside the suite: what it costs is QEMU's own start and
 * exit, the yardstick for the suite's boot-to-verdict time.
 *
 * Registers: x0 string pointer, then semihosting operation; x1 UART base,
 * then the parameter block; w2, w3 scratch of pl011_puts.
 * No stack, no data written: nothing here depends on where it was loaded
 * (adr is PC-relative).
 */
#include "lib/arm64/asm.h"

#define SYS_EXIT_EXTENDED	0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

	.section .head.text, "ax"
/* Linux arm64 Image header: flags 0xa = little-endian, 4 KiB pages, anywhere. */
FUNC(_start)
	b	floor_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	floor_end - _start	/* image_size */
	.quad	0xa			/* flags */
	.quad	0, 0, 0			/* res2-4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */
END(_start)

LOCAL_FUNC(floor_entry)
	adr	x0, floor_msg
	ldr	x1, =PLATFORM_EARLY_UART
	pl011_puts x1
	/* SYS_EXIT_EXTENDED: x0 = operation, x1 = { reason, status }. */
	mov	x0, #SYS_EXIT_EXTENDED
	adr	x1, floor_exit_block
	hlt	#0xf000
4:	wfe				/* no semihosting: wait for the host's timeout */
	b	4b
END(floor_entry)

	.ltorg
	.balign	8
floor_exit_block:
	.quad	ADP_STOPPED_APPLICATION_EXIT, 0
floor_msg:
	.asciz	"hyptest: floor\r\n"
	.balign	8
floor_end:
