/* SPDX-License-Identifier: MIT */
/* The tiny guests and their DTBs, built first (Makefile) and carried here. */
.macro blob name, file
	.balign	8
	.globl	\name, \name\()_end
\name:
	.incbin	"\file"
\name\()_end:
.endm

	.section .rodata.guests, "a"
	blob	guest_a64_bin, GUEST_a64_BIN
	blob	guest_a64_dtb, GUEST_a64_DTB
	blob	guest_a32_bin, GUEST_a32_BIN
	blob	guest_a32_dtb, GUEST_a32_DTB
