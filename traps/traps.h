/* SPDX-License-Identifier: MIT */
/* Exception handling: the trap frame, fault probes and expected exceptions. */
#ifndef HYPTEST_TRAPS_H
#define HYPTEST_TRAPS_H

#include "lib/compiler.h"
#include "traps/frame.h"

/*
 * Saved state of an exception taken to EL2 (HYP mode on arm32). vectors.S
 * fills it; the offsets it uses are generated from this definition
 * (asm-offsets.c). The general registers and their width are the arch's
 * (traps/<arch>/frame.h).
 */
struct trap_frame {
	tf_reg_t x[TF_NREGS];
	tf_reg_t sp;		/* SP_EL0: the interrupted stack when taken from EL2t */
	tf_reg_t elr;
	tf_reg_t spsr;
	tf_reg_t esr;
	tf_reg_t far;
	tf_reg_t vector;	/* which vector entry, enum trap_vector */
	tf_reg_t pad;
};

/* arm32 reports its HYP vectors in these terms: CUR_SP0 = on the main stack, CUR_SPX = nested. */
enum trap_vector {
	TRAP_CUR_SP0_SYNC, TRAP_CUR_SP0_IRQ, TRAP_CUR_SP0_FIQ, TRAP_CUR_SP0_SERROR,
	TRAP_CUR_SPX_SYNC, TRAP_CUR_SPX_IRQ, TRAP_CUR_SPX_FIQ, TRAP_CUR_SPX_SERROR,
	TRAP_LOW64_SYNC, TRAP_LOW64_IRQ, TRAP_LOW64_FIQ, TRAP_LOW64_SERROR,
	TRAP_LOW32_SYNC, TRAP_LOW32_IRQ, TRAP_LOW32_FIQ, TRAP_LOW32_SERROR,
};

/* What a probe or an expected exception saw. */
struct fault_info {
	bool faulted;
	uint64_t esr;
	uint64_t far;
	uint64_t elr;
};

static inline unsigned esr_ec(uint64_t esr) { return (esr >> 26) & 0x3f; }
static inline unsigned esr_fsc(uint64_t esr) { return esr & 0x3f; }
const char *esr_ec_name(unsigned ec);

/*
 * Fault probes: perform one access that may fault. Return true and fill *fi
 * if it faulted (the fault is then absorbed), false if it completed.
 */
bool probe_read64(uint64_t va, uint64_t *val, struct fault_info *fi);
bool probe_write64(uint64_t va, uint64_t val, struct fault_info *fi);
/* Branch to va (code there must return 0 in x0), catching an instruction abort. */
bool probe_exec(uint64_t va, struct fault_info *fi);

/*
 * Expect the next exception to have class ec: the handler records it into
 * *fi, steps over the faulting instruction and returns. Disarm with ec < 0.
 */
void trap_expect(int ec, struct fault_info *fi);

/* C entry from vectors.S. */
void trap_dispatch(struct trap_frame *f);

/* Print ESR/ELR/FAR/SPSR, the GPRs and a frame-pointer backtrace. */
void trap_dump(const struct trap_frame *f);

/* The first exception taken on a secondary CPU (which then parks). */
struct secondary_fault {
	volatile bool hit;
	volatile uint64_t mpidr, esr, elr, far;
};
extern struct secondary_fault secondary_fault;
/* From now on an exception on any other CPU is a secondary's. */
void traps_set_boot_cpu(uint64_t mpidr);
/* True on the boot CPU (and on any CPU before traps_set_boot_cpu). */
bool traps_on_boot_cpu(void);

/* Range the frame-pointer walker trusts (the main stack). */
void traps_init(uint64_t stack_lo, uint64_t stack_hi);

#endif
