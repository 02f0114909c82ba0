/* SPDX-License-Identifier: MIT */
/*
 * The sequence checker's instruction decoder: what an A64 or A32 opcode is,
 * as far as the rules in rules.c care. Plain C, built into the QEMU plugin
 * and into the host tests (tests/unit/test_seqcheck.c), which check it
 * against the cross assemblers' encodings.
 */
#ifndef SEQCHECK_DECODE_H
#define SEQCHECK_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum seq_isa { SEQ_A64, SEQ_A32 };

/* Classes (bits; most instructions have none). */
#define SEQ_LDST	(1u << 0)	/* a load or a store of any kind (pairs, exclusives, LDM/STM, RFE/SRS) */
#define SEQ_TLBI	(1u << 1)	/* TLB invalidate; insn.domain: where it is broadcast */
#define SEQ_TLBI_VMID	(1u << 2)	/* ... one that acts on the current VMID (reads VTTBR) */
#define SEQ_DSB		(1u << 3)	/* DSB for loads and stores; insn.domain: its domain */
#define SEQ_DSB_PART	(1u << 4)	/* DSB for loads only or stores only */
#define SEQ_ISB		(1u << 5)
#define SEQ_CTRL_OWN	(1u << 6)	/* write: translation control of the writer's own regime */
#define SEQ_CTRL_OTHER	(1u << 7)	/* write: translation control of EL1&0 or of stage 2 */
#define SEQ_ERET	(1u << 8)
#define SEQ_AT		(1u << 9)	/* address translation (AT S1E2R, ATS1HR, ...) */
#define SEQ_BRANCH	(1u << 10)	/* the PC may not simply advance */
#define SEQ_BR_DIRECT	(1u << 11)	/* ... to insn.target */
#define SEQ_BR_COND	(1u << 12)	/* ... or it falls through */
#define SEQ_SPAN_BEGIN	(1u << 13)	/* lib/seqmark.h */
#define SEQ_SPAN_END	(1u << 14)

/* Shareability domains, narrowest first: a DSB completes TLBIs broadcast no wider than its own. */
enum seq_domain { SEQ_DOM_NONE, SEQ_DOM_NSH, SEQ_DOM_ISH, SEQ_DOM_OSH, SEQ_DOM_SY };

struct seq_insn {
	uint32_t flags;
	uint8_t domain;
	uint64_t target;
};

void seq_decode(enum seq_isa isa, uint32_t word, uint64_t pc, struct seq_insn *out);

/* The instruction as a report names it: "TLBI VAE2IS", "MSR SCTLR_EL2", "MCR HSCTLR", "DSB NSH". */
void seq_describe(enum seq_isa isa, uint32_t word, char *buf, size_t len);

const char *seq_domain_name(unsigned domain);

#endif
