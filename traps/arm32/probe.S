/* SPDX-License-Identifier: MIT */
/*
 * Fault probes, arm32: one access each, at a known address, so the trap
 * handler can recognise a fault on it (ELR_hyp == the probe instruction),
 * record it and resume at the fixup, which returns 1. A 64-bit access is one
 * LDRD/STRD (single-copy atomic with LPAE for an aligned doubleword).
 * Arguments follow the AAPCS: a uint64_t takes an even register pair.
 */
#include "lib/arm32/asm.h"

	.text
/* bool arch_probe_read64(uint64_t va, uint64_t *out): r0:r1 = va, r2 = out. */
FUNC(arch_probe_read64)
	.globl	probe_read_insn
probe_read_insn:
	ldrd	r0, r1, [r0]
	strd	r0, r1, [r2]
	mov	r0, #0
	bx	lr
END(arch_probe_read64)

/* bool arch_probe_write64(uint64_t va, uint64_t val): r0:r1 = va, r2:r3 = val. */
FUNC(arch_probe_write64)
	.globl	probe_write_insn
probe_write_insn:
	strd	r2, r3, [r0]
	mov	r0, #0
	bx	lr
END(arch_probe_write64)

/* The handler resumes a faulted read/write probe here. */
FUNC(probe_fixup)
	mov	r0, #1
	bx	lr
END(probe_fixup)

/*
 * bool arch_probe_exec(uint64_t va): r0:r1 = va. Branch with link to va;
 * code there returns 0 in r0. On a prefetch abort the handler resumes at
 * the return address (lr) with r0 = 1.
 */
FUNC(arch_probe_exec)
	push	{r11, lr}
	add	r11, sp, #4
	blx	r0
	pop	{r11, pc}
END(arch_probe_exec)

/* A probe_exec target in text: returns 0. */
FUNC(probe_ret0)
	mov	r0, #0
	bx	lr
END(probe_ret0)
