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
	/* The Makefile defines GUEST_<name>_BIN/_DTB for each guest the arch carries (GUEST_ARCHS). */
#ifdef GUEST_a64_BIN
	blob	guest_a64_bin, GUEST_a64_BIN
	blob	guest_a64_dtb, GUEST_a64_DTB
#endif
	blob	guest_a32_bin, GUEST_a32_BIN
	blob	guest_a32_dtb, GUEST_a32_DTB
