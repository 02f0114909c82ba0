/* SPDX-License-Identifier: MIT */
/* The hypervisor image, as the loader stub carries it (built first, then included here). */
	.section .rodata.payload, "a"
	.balign	4096
	.globl	payload_start, payload_end
payload_start:
	.incbin	PAYLOAD_BIN
payload_end:
