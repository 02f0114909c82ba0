/* SPDX-License-Identifier: MIT */
/*
 * The sequence checker's rules (rules.c): a state machine per vCPU, driven
 * by the translation blocks QEMU executes and by the few instructions that
 * change its state. Plain C: the plugin (plugin.c) feeds it from QEMU's
 * callbacks, the host tests (tests/unit/test_seqcheck.c) from made-up blocks.
 */
#ifndef SEQCHECK_RULES_H
#define SEQCHECK_RULES_H

#include "tools/seqcheck/decode.h"

struct seq_tb;

/* One instruction of a block that a rule looks at (decode.h flags other than the branch ones). */
struct seq_ev {
	uint64_t pc;
	uint32_t word;
	struct seq_insn in;
	const struct seq_tb *tb;
	uint32_t idx;		/* in tb->ev[] */
	uint32_t insn;		/* the instruction's index in the block */
};

/* A translated block: [vaddr, end), how it ends, and its events in program order. */
struct seq_tb {
	uint64_t vaddr, end;
	struct seq_insn last;	/* the last instruction (its successors: branch target, fall-through) */
	uint32_t n_ev;
	struct seq_ev ev[];
};

/* The events that change a vCPU's state: they get an execution callback of their own. */
#define SEQ_STATEFUL	(SEQ_TLBI | SEQ_DSB | SEQ_ISB | SEQ_CTRL_OWN | SEQ_CTRL_OTHER | SEQ_ERET | \
			 SEQ_SPAN_BEGIN | SEQ_SPAN_END)
/* Everything a block keeps as an event. */
#define SEQ_EVENTS	(SEQ_STATEFUL | SEQ_LDST | SEQ_AT)

/* The rules, as reports name them. */
#define SEQ_RULE_TLBI_NO_DSB	"tlbi-no-dsb"
#define SEQ_RULE_TLBI_DSB_SCOPE	"tlbi-dsb-scope"
#define SEQ_RULE_CTRL_NO_ISB	"ctrl-no-isb"
#define SEQ_RULE_SPAN		"span-unbalanced"

#define SEQ_PEND_TLBI	1u
#define SEQ_PEND_CTRL	2u

struct seq_cpu {
	unsigned depth;			/* unchecked spans open (lib/seqmark.h) */
	unsigned pend;			/* SEQ_PEND_* */
	const struct seq_ev *tlbi;	/* the first TLBI no DSB has completed yet */
	uint8_t tlbi_domain;		/* the widest domain among those TLBIs */
	const struct seq_ev *ctrl;	/* the first register write no ISB has synchronized yet */
	bool ctrl_own;			/* one of them is of the writer's own regime */
	const struct seq_tb *tb;	/* the block last seen running while something was pending */
};

struct seq_report {
	unsigned cpu;
	const char *rule;
	const struct seq_ev *at;	/* the instruction the rule is about (the TLBI, the write) */
	uint64_t then_pc;		/* where the sequence went wrong */
	const char *then;		/* what happened there */
	const char *why;		/* the rule, one line, with its Arm ARM section */
};

struct seq_stats {
	unsigned long spans, exceptions, abandoned;
};

struct seq_checker {
	enum seq_isa isa;
	void (*report)(void *ctx, const struct seq_report *r);
	void *ctx;
	struct seq_stats stats;	/* atomic counters: every vCPU thread updates them */
};

/* A block begins to execute on this vCPU. */
void seq_tb_exec(struct seq_checker *k, struct seq_cpu *c, unsigned cpu, const struct seq_tb *tb);
/* A stateful event (SEQ_STATEFUL) is about to execute. */
void seq_ev_exec(struct seq_checker *k, struct seq_cpu *c, unsigned cpu, const struct seq_ev *e);

/* Build a block from its instruction words (4 bytes each, from vaddr); NULL on allocation failure. */
struct seq_tb *seq_tb_build(enum seq_isa isa, uint64_t vaddr, const uint32_t *words, const uint8_t *sizes,
			    size_t n);

#endif
