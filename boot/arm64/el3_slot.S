/* SPDX-License-Identifier: MIT */
/*
 * el3_slot_of(): the EL3 shim's CPU numbering (boot/el3.h), in one place
 * for el3_shim.S (before there is a stack), boot/el3_psci.c (PSCI targets)
 * and the boot.el3-slots self-test, which checks it on the hypervisor's
 * copy against QEMU's and the Base FVP's MPIDR layouts.
 */
#include "lib/arm64/asm.h"
#include "lib/arm64/sysreg_el3.h"
#include "boot/el3.h"

	.text
/*
 * el3_slot_of(mpidr, mt): x0 = an MPIDR or a PSCI target affinity, x1 = 1
 * when this system's MPIDR.MT is set (Aff0 counts threads: the core is
 * Aff1, the cluster Aff2; only thread 0 gets a slot). Returns x0 = core +
 * EL3_CORES * cluster, or -1 when the CPU has no slot. Leaf, callable from
 * C, no stack. Clobbers: x1, x2, x3.
 */
FUNC(el3_slot_of)
	ldr	x2, =MPIDR_AFF_MASK
	and	x0, x0, x2
	cbz	x1, 1f
	tst	x0, #0xff
	b.ne	2f
	lsr	x0, x0, #8
1:	and	x2, x0, #0xff		/* core */
	lsr	x3, x0, #8		/* cluster, and every level above it (must be 0) */
	cmp	x2, #EL3_CORES
	b.hs	2f
	cmp	x3, #EL3_CLUSTERS
	b.hs	2f
	add	x0, x2, x3, lsl #3	/* EL3_CORES = 8 */
	ret
2:	mov	x0, #-1
	ret
END(el3_slot_of)
