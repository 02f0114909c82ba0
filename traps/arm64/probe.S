/* SPDX-License-Identifier: MIT */
/*
 * Fault probes: one access each, at a known address, so the trap handler can
 * recognise a fault on it (ELR == the probe instruction), record it and resume
 * at the fixup, which returns 1. No probe touches memory besides its access.
 */
#include "lib/arm64/asm.h"

	.text
/* bool arch_probe_read64(uint64_t va, uint64_t *out): x0 = va, x1 = out. Clobbers x2. */
FUNC(arch_probe_read64)
	.globl	probe_read_insn
probe_read_insn:
	ldr	x2, [x0]
	str	x2, [x1]
	mov	x0, #0
	ret
END(arch_probe_read64)

/* bool arch_probe_write64(uint64_t va, uint64_t val): x0 = va, x1 = val. */
FUNC(arch_probe_write64)
	.globl	probe_write_insn
probe_write_insn:
	str	x1, [x0]
	mov	x0, #0
	ret
END(arch_probe_write64)

/* The handler resumes a faulted read/write probe here. */
FUNC(probe_fixup)
	mov	x0, #1
	ret
END(probe_fixup)

/*
 * bool arch_probe_exec(uint64_t va): branch with link to va. Code there
 * returns 0 in x0. On an instruction abort the handler resumes at the
 * return address (x30) with x0 = 1.
 */
FUNC(arch_probe_exec)
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	blr	x0
	ldp	x29, x30, [sp], #16
	ret
END(arch_probe_exec)

/* A probe_exec target in text: returns 0. */
FUNC(probe_ret0)
	mov	x0, #0
	ret
END(probe_ret0)
