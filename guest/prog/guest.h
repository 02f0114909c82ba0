/* SPDX-License-Identifier: MIT */
/*
 * The tiny guests' common code (guest/prog/guest.c) and what each
 * architecture provides (guest/prog/a64/, guest/prog/a32/). Freestanding:
 * no libc, no DT library (the guest only checks the DTB's magic).
 */
#ifndef HYPTEST_GUEST_PROG_H
#define HYPTEST_GUEST_PROG_H

/*
 * GSCN_EXC: what one injected UNDEF looked like, as the guest's vectors
 * (vectors_exc_*) and the trapping code (exc_trap) record it. Offsets in
 * words (EXC_*) for the assembly.
 */
#define EXC_AT		0
#define EXC_BEFORE	1
#define EXC_ENTRY	2
#define EXC_VEC		3
#define EXC_LINK	4
#define EXC_SPSR	5
#define EXC_SYN		6
#define EXC_AFTER	7
#define EXC_WORDS	8
#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>
#include "guest/abi.h"

/* start.S */
uint64_t ghvc(unsigned long fn, unsigned long a1, uint64_t a2);
/* One load of va; if the hypervisor skips it (stage-2 abort), ~0. */
uint64_t probe_load(uintptr_t va);
/* One store to va (skipped by the hypervisor on a stage-2 abort). */
void probe_store(uintptr_t va, uint32_t val);
/* The access the hypervisor does not pass through; returns its address. */
uintptr_t undef_access(void);
/* Install the guest's vectors (an exception records what it saw and skips the instruction). */
void vectors_install(void);
/* What the last exception taken in the guest recorded: class and address. */
void exc_last(uint64_t *cls, uint64_t *pc);
/* A plain write to the UART's data register. */
void uart_putc(uintptr_t uart, char c);
/*
 * A call to code at addr that returns GS2P_RET; if the branch takes a
 * stage-2 instruction abort, the hypervisor resumes the guest at the link
 * register (the call returns) with the result register as set: ~0.
 */
uint64_t probe_call(uintptr_t addr);
/* Code in the text that returns GS2P_RET. */
uint64_t probe_text_ret(void);
/*
 * Set each general register the hypercall ABI keeps (all but the result
 * registers) to a value derived from seed, make hypercall fn (GHVC_YIELD or
 * GHVC_QUERY) and check them: 0 if all were kept, else 1 + the number of
 * the first one that was not.
 */
unsigned gpr_call_check(uint32_t seed, unsigned fn);
extern volatile uintptr_t exc_rec[EXC_WORDS];
/* Install the vectors of GSCN_EXC case c and trap in the state that case names (start.S). */
void exc_trap(unsigned c);
/* GSCN_EXC: how many cases this width has, and the SCTLR bits a case flips around its trap (arch.c). */
extern const unsigned exc_cases;
uint64_t exc_sctlr_bits(unsigned c);

/* GSCN_CONTEXT (arch.c): the EL1 registers the guest writes (GUEST_CTX_*) and their values. */
extern const unsigned ctx_count;
/* The index of the SPSR of the guest's own mode in that list (SPSR_EL1; AArch32: SPSR_svc). */
extern const unsigned ctx_spsr;
void ctx_write(unsigned i, uint64_t v);
uint64_t ctx_read(unsigned i);
/* VM vm's value for register i, with the bits the guest must keep as they are (its own SCTLR.M, ...). */
uint64_t ctx_value(unsigned vm, unsigned i);

/* GSCN_S2PERM: put code that returns GS2P_RET at p (in data) and make it fetchable (arch.c). */
void xcode_put(uint32_t *p);

/* GSCN_BANKED (AArch32 only, start.S): case k's MCR/MCRR and MRC/MRRC; returns Rt2:Rt as read back. */
uint64_t bank_case(unsigned k, uint32_t lo, uint32_t hi);

/* arch.c */
extern const unsigned greg_count;
#define GREG_SCTLR	0		/* index 0 is SCTLR in both lists */
extern const unsigned greg_contextidr;
/* AArch32: the index of TTBR1 (64-bit, MCRR) in the list; ~0 in AArch64. */
extern const unsigned greg_ttbr1_64;
void greg_write(unsigned i, uint64_t v);
uint64_t greg_read(unsigned i);
/* The value the passthrough scenario writes to register i at step n (0, 1: MMU off, 2: on). */
uint64_t greg_pattern(unsigned i, unsigned n);
/* SCTLR bits: M, C, I. */
extern const uint64_t sctlr_m, sctlr_c, sctlr_i;
/* Build the identity + alias tables and write the translation registers (through gwrite). */
void mmu_prepare(void);
/* GSCN_ASID: load TTBR0 with root and ASID asid (the MMU is on: not trapped), then ISB. */
void ttbr0_asid(const uint64_t *root, uint64_t asid);
/* CurrentEL or CPSR. */
uint64_t cpu_mode(void);
/* The virtual counter (CNTVCT) and its frequency (CNTFRQ). */
uint64_t counter_now(void);
uint64_t counter_freq(void);

/* guest.c: counted writes (the trap counts are checked against these). */
void gwrite(unsigned i, uint64_t v);
/*
 * GSCN_ASID's tables, hung below root (the arch's level-1 table, whose
 * entries 0-2 are set): entry 3 (VA 3 GiB, the same level-1 slot in the
 * AArch64 39-bit and the LPAE 32-bit regimes) leads to one non-global page.
 */
void asid_tables(uint64_t *root);

#endif /* __ASSEMBLER__ */

#endif
