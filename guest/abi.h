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
#define GQ_ABORT_HPFAR	5	/* its HPFAR_EL2 as the hardware gave it */
#define GQ_ABORT_FAR	6	/* its FAR_EL2 (arm32: HDFAR, or HIFAR for a prefetch abort) */

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
#define GSCN_CONTEXT	10	/* x2 = VM index (0, 1): its own values in every EL1 register, checked after each yield */
#define GSCN_S2PERM	11	/* stage-2 permissions: a write to text, a branch into data and past RAM */
#define GSCN_EXC	12	/* UNDEFs injected from each state the guest can trap in (GEXC_* cases) */
#define GSCN_BANKED	13	/* AArch32: MCR/MRC and MCRR/MRRC with banked Rt from every mode */
#define GSCN_SPSR_PROBE	14	/* SPSR of the guest's mode = GSPSR_PROBE_OWN, a yield, then what it reads */

/* GSCN_BENCH kinds: what each iteration of the loop does. */
#define GBENCH_HVC	1	/* GHVC_QUERY(GQ_TRAPS): a hypercall round trip */
#define GBENCH_SYSREG	2	/* a CONTEXTIDR write, MMU off: trapped (TVM) and passed through */
#define GBENCH_STAGE2	3	/* a load from the page after RAM: a stage-2 abort, skipped */
#define GBENCH_ARG(kind, n)	((kind) | ((n) << 8))

#define GORDER_TOGETHER	0	/* SCTLR.M and SCTLR.C in one write */
#define GORDER_M_FIRST	1	/* M, then C in a later write */
#define GORDER_C_FIRST	2	/* C, then M in a later write */

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
/* GSCN_CONTEXT: the registers are GUEST_CTX_A64/A32 below, by index. */
#define GK_CTX_COUNT	0xa0	/* how many registers the guest wrote */
#define GK_CTX_SAME	0xa1	/* bit i: register i reads back the same for both VMs' values (its switch is not shown) */
#define GK_CTX_ROUNDS	0xa2	/* yields after which every register still held the guest's own value */
#define GK_CTX_BAD	0xa3	/* the first register that did not (index; GCTX_GPR: a general register) */
#define GK_CTX_GOT	0xa4	/* ... what it read */
#define GK_CTX_WANT	0xa5	/* ... what it read right after writing it */
#define GCTX_GPR	0xff	/* GK_CTX_BAD: general register GK_CTX_GOT was not kept across a call */
#define GCTX_ARG(vm, skip)	((vm) | ((skip) + 1) << 8)	/* GSCN_CONTEXT's x2: VM index, a register not to compare */
#define GK_SPSR_SEEN	0xa8	/* GSCN_SPSR_PROBE: the SPSR of its mode after the yield */
#define GSPSR_PROBE_OWN	0x200001d3	/* what the guest writes there (C; A, I, F; Supervisor, or EL1h in AArch64) */
/* GSCN_S2PERM: access n (GS2P_*). */
#define GK_S2P_ADDR(n)	(0x100 + (n))	/* the address (VA = IPA: the MMU is off) */
#define GK_S2P_ESR(n)	(0x110 + (n))	/* ESR_EL2 of its stage-2 abort, ~0 if it did not abort */
#define GK_S2P_HPFAR(n)	(0x120 + (n))
#define GK_S2P_FAR(n)	(0x130 + (n))
#define GK_S2P_VALUE(n)	(0x140 + (n))	/* what the load read, or the branch returned */
#define GS2P_WRITE_TEXT	0	/* STR to the (read-only) text: a permission fault, WnR */
#define GS2P_READ_TEXT	1	/* LDR from the text: allowed */
#define GS2P_WRITE_DATA	2	/* STR to data: allowed */
#define GS2P_EXEC_DATA	3	/* a branch into data (XN at stage 2): an instruction abort */
#define GS2P_EXEC_TEXT	4	/* a branch into text: allowed, returns GS2P_RET */
#define GS2P_EXEC_PAST	5	/* a branch to the page after RAM: a translation fault */
#define GS2P_COUNT	6
#define GS2P_RET	0x600d	/* what the code a probe branches to returns */
/* GSCN_EXC: case c (GEXC_*), what the guest saw of the UNDEF the hypervisor injected. */
#define GK_UND_AT(c)	(0x150 + (c))	/* the trapped instruction's address */
#define GK_UND_BEFORE(c) (0x158 + (c))	/* PSTATE (NZCV, DAIF, EL, SP, PAN) / CPSR just before it */
#define GK_UND_ENTRY(c)	(0x160 + (c))	/* PSTATE / CPSR at the first instruction of the handler */
#define GK_UND_VEC(c)	(0x168 + (c))	/* the vector offset the handler was entered at */
#define GK_UND_LINK(c)	(0x170 + (c))	/* ELR_EL1 / LR_und */
#define GK_UND_SPSR(c)	(0x178 + (c))	/* SPSR_EL1 / SPSR_und */
#define GK_UND_SYN(c)	(0x180 + (c))	/* ESR_EL1 (AArch64) */
#define GK_UND_AFTER(c)	(0x188 + (c))	/* AArch64: NZCV back after the ERET that used SPSR_EL1 */
#define GEXC_A64_EL1H	0	/* AArch64 EL1 on SP_EL1: vector +0x200 */
#define GEXC_A64_EL1T	1	/* AArch64 EL1 on SP_EL0: vector +0x000 */
#define GEXC_A64_SPAN0	2	/* AArch64 EL1h, SCTLR_EL1.SPAN = 0: the entry sets PAN (FEAT_PAN) */
#define GEXC_A32_ARM	0	/* AArch32, A32 state, SCTLR.TE = EE = 0 */
#define GEXC_A32_THUMB	1	/* AArch32, the access in T32 state: LR_und = the instruction + 2 */
#define GEXC_A32_TE	2	/* AArch32, SCTLR.TE = 1: the handler runs in T32 state */
#define GEXC_A32_EE	3	/* AArch32, SCTLR.EE = 1: the handler runs with CPSR.E = 1 */
#define GEXC_A64_COUNT	3
#define GEXC_A32_COUNT	4
/* GSCN_BANKED: case k (GUEST_BANKED_CASES), the value that came back into the register, and the register's. */
#define GK_BANK_BACK(k)	(0x200 + (k))	/* Rt (Rt2:Rt for MCRR) after the MRC/MRRC that reads it back */
#define GK_BANK_HW(k)	(0x240 + (k))	/* CONTEXTIDR (TTBR1 for MCRR) read into r0 after the write */

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

/*
 * GSCN_CONTEXT's registers: X(index, name). The AArch64 guest writes each
 * of its list, the AArch32 guest each of its own, two different values per
 * VM (GUEST_CTX_VALUE below, with the register's fixed bits kept).
 */
#define GUEST_CTX_A64(X)                                                      \
	X(0, TTBR0_EL1) X(1, TTBR1_EL1) X(2, TCR_EL1) X(3, ESR_EL1)           \
	X(4, FAR_EL1) X(5, AFSR0_EL1) X(6, AFSR1_EL1) X(7, MAIR_EL1)          \
	X(8, AMAIR_EL1) X(9, CONTEXTIDR_EL1) X(10, SCTLR_EL1) X(11, VBAR_EL1) \
	X(12, TPIDR_EL1) X(13, TPIDR_EL0) X(14, TPIDRRO_EL0) X(15, CPACR_EL1) \
	X(16, PAR_EL1) X(17, ELR_EL1) X(18, SPSR_EL1) X(19, SP_EL0)           \
	X(20, ACTLR_EL1)
#define GUEST_CTX_A64_COUNT	21
#define GUEST_CTX_A32(X)                                                      \
	X(0, TTBR0_64) X(1, TTBR1_64) X(2, TTBCR) X(3, DACR) X(4, DFSR)       \
	X(5, IFSR) X(6, ADFSR) X(7, AIFSR) X(8, DFAR) X(9, IFAR) X(10, MAIR0) \
	X(11, MAIR1) X(12, AMAIR0) X(13, AMAIR1) X(14, CONTEXTIDR)            \
	X(15, SCTLR) X(16, VBAR) X(17, TPIDRURW) X(18, TPIDRURO)              \
	X(19, TPIDRPRW) X(20, CPACR) X(21, PAR64) X(22, SPSR_svc)             \
	X(23, SP_usr) X(24, LR_usr) X(25, SP_irq) X(26, LR_irq)               \
	X(27, SPSR_irq) X(28, SP_abt) X(29, LR_abt) X(30, SPSR_abt)           \
	X(31, SP_und) X(32, LR_und) X(33, SPSR_und) X(34, R8_fiq)             \
	X(35, R9_fiq) X(36, R10_fiq) X(37, R11_fiq) X(38, R12_fiq)            \
	X(39, SP_fiq) X(40, LR_fiq) X(41, SPSR_fiq)
#define GUEST_CTX_A32_COUNT	42
/* VM vm's value for register i before the guest keeps the register's fixed bits. */
#define GUEST_CTX_VALUE(vm, i)                                                \
	((vm) ? UINT64_C(0x5aa5c33c0ff0e11e) ^ ((uint64_t)(i) * UINT64_C(0x0101010101010101)) \
	      : UINT64_C(0x1234876543218765) + ((uint64_t)(i) << 36) + ((uint64_t)(i) << 4))

/*
 * GSCN_BANKED: X(case, CPSR mode, Rt, Rt2). Each case writes a marker to
 * CONTEXTIDR (MCR) from Rt of that mode, or to TTBR1 (MCRR) from Rt, Rt2
 * when Rt2 is not 0, and reads it back (MRC/MRRC) into the same registers.
 * Modes: 0x1f System (the User registers), 0x11 FIQ, 0x12 IRQ, 0x13
 * Supervisor, 0x17 Abort, 0x1b Undefined.
 */
#define GUEST_BANKED_CASES(X)                                                 \
	X(0, 0x13, 13, 0) X(1, 0x13, 14, 0) X(2, 0x1f, 8, 0) X(3, 0x1f, 9, 0)    \
	X(4, 0x1f, 10, 0) X(5, 0x1f, 11, 0) X(6, 0x1f, 12, 0) X(7, 0x1f, 13, 0)  \
	X(8, 0x1f, 14, 0) X(9, 0x11, 8, 0) X(10, 0x11, 9, 0) X(11, 0x11, 10, 0)  \
	X(12, 0x11, 11, 0) X(13, 0x11, 12, 0) X(14, 0x11, 13, 0)                \
	X(15, 0x11, 14, 0) X(16, 0x12, 13, 0) X(17, 0x12, 14, 0)                \
	X(18, 0x17, 13, 0) X(19, 0x17, 14, 0) X(20, 0x1b, 13, 0)                \
	X(21, 0x1b, 14, 0) X(22, 0x11, 8, 9) X(23, 0x11, 10, 11)                \
	X(24, 0x13, 12, 14) X(25, 0x12, 14, 12)
#define GUEST_BANKED_COUNT	26
/* The marker case k writes: mode, Rt and Rt2 in it, so a value from the wrong register is told apart. */
#define GUEST_BANKED_MARKER(k, mode, rt) \
	(UINT32_C(0x5b000000) | ((uint32_t)(k) << 16) | ((uint32_t)(mode) << 8) | (uint32_t)(rt))

/* Guest memory map (IPA), also in dts/guest/guest.dtsi, which the hypervisor reads. */
#define GUEST_RAM_IPA	0x40000000
#define GUEST_RAM_SIZE	0x40000		/* 256 KiB */
#define GUEST_DTB_MAX	0x1000		/* the DTB goes in the last page of RAM */
#define GUEST_UART_IPA	0x09000000
#define GUEST_ALIAS_VA	0x80000000	/* stage 1 maps it to GUEST_RAM_IPA once the MMU is on */
#define GUEST_IMAGE_MAGIC 0x31475448	/* "HTG1", the word after the first branch */

#endif
