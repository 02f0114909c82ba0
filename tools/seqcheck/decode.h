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

#include "tools/seqcheck/classes.h"

enum seq_isa { SEQ_A64, SEQ_A32 };

struct seq_insn {
	uint32_t flags;		/* SEQ_* classes */
	uint8_t domain;		/* SEQ_DOM_* */
	uint64_t target;
};

void seq_decode(enum seq_isa isa, uint32_t word, uint64_t pc, struct seq_insn *out);

/* The instruction as a report names it: "TLBI VAE2IS", "MSR SCTLR_EL2", "MCR HSCTLR", "DSB NSH". */
void seq_describe(enum seq_isa isa, uint32_t word, char *buf, size_t len);

const char *seq_domain_name(unsigned domain);

#endif
