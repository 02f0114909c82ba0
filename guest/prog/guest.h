/* SPDX-License-Identifier: MIT */
/*
 * The tiny guests' common code (guest/prog/guest.c) and what each
 * architecture provides (guest/prog/a64/, guest/prog/a32/). Freestanding:
 * no libc, no DT library (the guest only checks the DTB's magic).
 */
#ifndef HYPTEST_GUEST_PROG_H
#define HYPTEST_GUEST_PROG_H

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

/* arch.c */
extern const unsigned greg_count;
#define GREG_SCTLR	0		/* index 0 is SCTLR in both lists */
extern const unsigned greg_contextidr;
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

#endif
