/* SPDX-License-Identifier: MIT */
/*
 * The guest <-> hypervisor ABI. Shared by the hypervisor (guest/vm.c, the
 * tests) and the tiny guests (guest/prog/), AArch64 and AArch32 alike.
 *
 * Entry: the guest starts at the first byte of its RAM, MMU and caches off,
 * interrupts masked, AArch64 EL1h or AArch32 Supervisor mode, with
 *   x0/r0 = IPA of its DTB, x1/r1 = scenario (GSCN_*), x2/r2 = scenario
 *   argument, x3/r3 = IPA of its UART (read by the hypervisor from the DTB).
 * Calls: HVC #0 with the function in x0/r0 and arguments in x1-x3 / r1-r3;
 * the result comes back in x0 (AArch32: r0 = bits [31:0], r1 = [63:32]).
 * A 64-bit argument from AArch32 is passed as r2 = low half, r3 = high half.
 */
#ifndef HYPTEST_GUEST_ABI_H
#define HYPTEST_GUEST_ABI_H

/* HVC functions. */
#define GHVC_REPORT	1	/* x1 = key (GK_*), x2 = value: recorded in order */
#define GHVC_FAIL	2	/* x1 = guest source line, x2 = value seen: the guest's own check failed */
#define GHVC_DONE	3	/* x1 = status (0: finished): the vCPU stops */
#define GHVC_QUERY	4	/* x1 = GQ_*: returns the value */
#define GHVC_YIELD	5	/* end this time slice; the hypervisor may run another vCPU */
#define GHVC_TLBI_ASID	6	/* x1 = ASID: the hypervisor runs TLBI ASIDE1IS for it (this VMID) */

/* GHVC_QUERY items. */
#define GQ_TRAPS	1	/* passthrough traps taken so far by this vCPU */
#define GQ_ABORTS	2	/* stage-2 aborts taken so far */
#define GQ_ABORT_IPA	3	/* IPA of the last stage-2 abort (HPFAR_EL2 | FAR[11:0]) */
#define GQ_ABORT_ESR	4	/* its ESR_EL2 */

/* Scenarios (x1 at entry). */
#define GSCN_BOOT	1	/* report what the guest sees at entry */
#define GSCN_PASSTHROUGH 2	/* x2 = register index: writes before and after MMU-on */
#define GSCN_MMU	3	/* x2 = GORDER_*: the SCTLR sequence that turns the MMU on */
#define GSCN_STAGE2	4	/* x2 = an IPA outside the guest's RAM: the accesses that must abort */
#define GSCN_UNDEF	5	/* an access the hypervisor does not pass through */
#define GSCN_SWITCH	6	/* x2 = 1: MMU on first; then CONTEXTIDR writes, yielding after each */
#define GSCN_ASID	7	/* ASID-tagged stage-1 entries and TLBI by ASID */
#define GSCN_BENCH	8	/* x2 = GBENCH_ARG(kind, n): one exit kind, n times in a loop (bench.*) */
#define GSCN_SPIN	9	/* x2 = ms: spin without an exit until the stop word is set or x2 ms pass (0: forever) */

/* GSCN_BENCH kinds: what each iteration of the loop does. */
#define GBENCH_HVC	1	/* GHVC_QUERY(GQ_TRAPS): a hypercall round trip */
#define GBENCH_SYSREG	2	/* a CONTEXTIDR write, MMU off: trapped (TVM) and passed through */
#define GBENCH_STAGE2	3	/* a load from the page after RAM: a stage-2 abort, skipped */
#define GBENCH_ARG(kind, n)	((kind) | ((n) << 8))

#define GORDER_TOGETHER	0	/* SCTLR.M and SCTLR.C in one write */
#define GORDER_M_FIRST	1	/* M, then C in a later write */

/* Report keys. */
#define GK_DT_MAGIC	0x01	/* first word of the DTB at x0 (big-endian 0xd00dfeed) */
#define GK_EL		0x02	/* CurrentEL (AArch64) or CPSR (AArch32) */
#define GK_SCTLR	0x03	/* SCTLR as read at entry */
#define GK_WROTE(n)	(0x10 + (n))	/* passthrough: value of write n (0, 1: MMU off; 2: MMU on) */
#define GK_READ(n)	(0x20 + (n))	/* ... and what the guest read back after it */
#define GK_TRAPS(n)	(0x30 + (n))	/* GQ_TRAPS after write n */
#define GK_WRITES_OFF	0x40	/* writes the guest made to the register while its MMU was off */
#define GK_ALIAS(n)	(0x50 + (n))	/* GSCN_MMU: alias read after SCTLR write n (~0: it aborted) */
#define GK_ABORTS(n)	(0x58 + (n))	/* GSCN_MMU: stage-2 aborts after SCTLR write n */
#define GK_MMU_TRAPS(n)	(0x60 + (n))	/* GSCN_MMU: traps after SCTLR write n */
#define GK_AFTER_TRAPS	0x68	/* GSCN_MMU / SWITCH: traps after a write once the MMU is on */
#define GK_S2_IPA(n)	(0x70 + (n))	/* GSCN_STAGE2: abort IPA of access n (~0: no abort) */
#define GK_S2_ESR(n)	(0x78 + (n))
#define GK_ASID(n)	(0x90 + (n))	/* GSCN_ASID: what the test VA read at step n */
#define GK_EXC_CLASS	0x80	/* GSCN_UNDEF: ESR_EL1.EC (AArch64) or the vector offset (AArch32) */
#define GK_EXC_PC	0x81	/* ... the faulting instruction's address */
#define GK_INSN_PC	0x82	/* ... the address of the access, as the guest knows it */
#define GK_EXC_SPSR	0x83	/* AArch32: the SPSR the Undefined handler found (SRS) */
#define GK_SPIN_STOP	0x88	/* GSCN_SPIN: IPA of the word that stops the spin when non-zero */
#define GK_SPIN_SEEN	0x89	/* ... the word's value when the spin ended (0: it timed out) */

/*
 * The registers GSCN_PASSTHROUGH can exercise, in the order of the
 * hypervisor's passthrough table (traps/vsysreg.c): X(index, name).
 */
#define GUEST_REGS_A64(X)                                                     \
	X(0, SCTLR_EL1) X(1, TTBR0_EL1) X(2, TTBR1_EL1) X(3, TCR_EL1)         \
	X(4, AFSR0_EL1) X(5, AFSR1_EL1) X(6, ESR_EL1) X(7, FAR_EL1)          \
	X(8, MAIR_EL1) X(9, AMAIR_EL1) X(10, CONTEXTIDR_EL1)
#define GUEST_NREGS_A64	11
#define GUEST_REGS_A32(X)                                                     \
	X(0, SCTLR) X(1, TTBR0) X(2, TTBR1) X(3, TTBCR) X(4, DACR) X(5, DFSR)  \
	X(6, IFSR) X(7, ADFSR) X(8, AIFSR) X(9, DFAR) X(10, IFAR) X(11, MAIR0) \
	X(12, MAIR1) X(13, AMAIR0) X(14, AMAIR1) X(15, CONTEXTIDR)            \
	X(16, TTBR0_64) X(17, TTBR1_64)
#define GUEST_NREGS_A32	18

/* Guest memory map (IPA), also in dts/guest/guest.dtsi, which the hypervisor reads. */
#define GUEST_RAM_IPA	0x40000000
#define GUEST_RAM_SIZE	0x40000		/* 256 KiB */
#define GUEST_DTB_MAX	0x1000		/* the DTB goes in the last page of RAM */
#define GUEST_UART_IPA	0x09000000
#define GUEST_ALIAS_VA	0x80000000	/* stage 1 maps it to GUEST_RAM_IPA once the MMU is on */
#define GUEST_IMAGE_MAGIC 0x31475448	/* "HTG1", the word after the first branch */

#endif
