/* SPDX-License-Identifier: MIT */
/*
 * The rules the sequence checker enforces on the instruction stream of each
 * vCPU (rules.h). The plugin API (version 1) gives no register values and
 * no exception level, so every rule is about the order of instructions:
 *
 * tlbi-no-dsb     After a TLBI, a DSB for loads and stores must come before
 *                 the next load or store, ERET, write to a translation-
 *                 control register, or unchecked span. Consecutive TLBIs
 *                 share one DSB.
 *                 DDI 0487 K.a, "TLB maintenance instructions" (the
 *                 completion of TLB maintenance: a TLBI is complete only
 *                 once a DSB on the PE that issued it has completed) and
 *                 "Data Synchronization Barrier (DSB)" (only a DSB whose
 *                 required access types are loads and stores waits for TLB
 *                 maintenance). ARMv7: DDI 0406C.d "TLB maintenance
 *                 operations and the memory order model".
 * tlbi-dsb-scope  That DSB must cover the domain the TLBI was broadcast to:
 *                 ISH, OSH or SY after an ...IS form, OSH or SY after an
 *                 ...OS form. DSB NSH waits for this PE only, not for the
 *                 invalidation to finish on the others (same sections).
 * ctrl-no-isb     After a write to SCTLR, TCR/TTBCR, TTBRn, MAIR, HCR,
 *                 VTCR or VTTBR an ISB must come before anything that
 *                 depends on the new value: an ERET; and for a register
 *                 of the writer's own regime (EL2/EL3, Hyp) also the next
 *                 load or store and leaving the page the write is on
 *                 (a branch or a fall-through into another page), an AT
 *                 or a TLBI; for EL1&0 and stage-2 registers (which do not
 *                 translate the writer's own accesses) an AT of the EL1&0
 *                 regime or of stages 1 and 2, or a TLBI of the current
 *                 VMID. Consecutive writes share one ISB.
 *                 DDI 0487 K.a, "Synchronization requirements for AArch64
 *                 System registers" (a direct write is guaranteed to be
 *                 seen by later instructions only after a context
 *                 synchronization event) and "Context synchronization
 *                 event"; an ERET is one only while SCTLR_ELx.EOS allows
 *                 it (FEAT_ExS), so hyptest does not count on it. ARMv7:
 *                 DDI 0406C.d "Synchronization of changes to system control
 *                 registers".
 * span-unbalanced An unchecked-span end with no span open (lib/seqmark.h).
 *
 * Inside an unchecked span nothing is checked; a span may not begin while
 * something is pending (the pending rule is reported there).
 *
 * An exception taken while something is pending (seen as a block that is
 * not a successor of the previous one: neither its fall-through nor its
 * branch target) is a context synchronization event, so it completes a
 * pending register write; a pending TLBI is dropped unchecked (counted in
 * the statistics), since the handler's accesses are not the sequence's.
 */
#include <stdlib.h>
#include <string.h>

#include "tools/seqcheck/rules.h"

#define PAGE_MASK (~UINT64_C(0xfff))

/* The statistics are shared by every vCPU thread. */
#define COUNT(field) __atomic_fetch_add(&(field), 1, __ATOMIC_RELAXED)

static const char *const why_a64[] = {
	[0] = "a TLBI is complete only after a DSB for loads and stores on this PE (DDI 0487 K.a, "
	      "\"TLB maintenance instructions\", \"Data Synchronization Barrier (DSB)\")",
	[1] = "a broadcast TLBI is complete on the other PEs only after a DSB over its shareability domain "
	      "(DDI 0487 K.a, \"TLB maintenance instructions\", \"Data Synchronization Barrier (DSB)\")",
	[2] = "a System register write is seen by later instructions only after a context synchronization event "
	      "(DDI 0487 K.a, \"Synchronization requirements for AArch64 System registers\"; ERET is not "
	      "relied on: FEAT_ExS)",
	[3] = "an unchecked span ends that never began (lib/seqmark.h)",
};

static const char *const why_a32[] = {
	[0] = "a TLB maintenance operation is complete only after a DSB on this PE (DDI 0406C.d, \"TLB "
	      "maintenance operations and the memory order model\")",
	[1] = "a broadcast TLB operation is complete on the other PEs only after a DSB over its shareability "
	      "domain (DDI 0406C.d, \"TLB maintenance operations and the memory order model\")",
	[2] = "a CP15 register write is seen by later instructions only after an ISB (DDI 0406C.d, "
	      "\"Synchronization of changes to system control registers\")",
	[3] = "an unchecked span ends that never began (lib/seqmark.h)",
};

static void report(struct seq_checker *k, unsigned cpu, const char *rule, unsigned why,
		   const struct seq_ev *at, uint64_t then_pc, const char *then)
{
	struct seq_report r = {
		.cpu = cpu, .rule = rule, .at = at, .then_pc = then_pc, .then = then,
		.why = (k->isa == SEQ_A64 ? why_a64 : why_a32)[why],
	};

	k->report(k->ctx, &r);
}

static void tlbi_broken(struct seq_checker *k, struct seq_cpu *c, unsigned cpu, uint64_t pc, const char *then)
{
	report(k, cpu, SEQ_RULE_TLBI_NO_DSB, 0, c->tlbi, pc, then);
	c->pend &= ~SEQ_PEND_TLBI;
	c->tlbi = NULL;
}

static void ctrl_broken(struct seq_checker *k, struct seq_cpu *c, unsigned cpu, uint64_t pc, const char *then)
{
	report(k, cpu, SEQ_RULE_CTRL_NO_ISB, 2, c->ctrl, pc, then);
	c->pend &= ~SEQ_PEND_CTRL;
	c->ctrl = NULL;
}

/* Is this event one the pending write must be synchronized before? */
static bool ctrl_consumer(const struct seq_cpu *c, uint32_t flags)
{
	if (flags & SEQ_ERET)
		return true;
	if (c->ctrl_own)
		return flags & (SEQ_LDST | SEQ_TLBI | SEQ_AT);
	/* An EL1&0 or stage-2 register is read by the translations of those regimes only, not by AT S1E2. */
	return flags & (SEQ_TLBI_VMID | SEQ_AT_GUEST);
}

/*
 * The events of tb from ev[from] on, in program order, up to the next
 * stateful one (which has a callback of its own and continues from there):
 * the loads, stores and ATs that a pending TLBI or write must not meet.
 */
static void walk(struct seq_checker *k, struct seq_cpu *c, unsigned cpu, const struct seq_tb *tb, uint32_t from)
{
	for (uint32_t i = from; i < tb->n_ev && c->pend; i++) {
		const struct seq_ev *e = &tb->ev[i];

		if (e->in.flags & SEQ_STATEFUL)
			return;
		if ((c->pend & SEQ_PEND_TLBI) && (e->in.flags & SEQ_LDST))
			tlbi_broken(k, c, cpu, e->pc, "a load or store");
		if ((c->pend & SEQ_PEND_CTRL) && ctrl_consumer(c, e->in.flags))
			ctrl_broken(k, c, cpu, e->pc, e->in.flags & SEQ_AT ? "an AT" : "a load or store");
	}
}

/* Can `to` follow the last instruction of `from` without an exception? */
static bool successor(const struct seq_tb *from, uint64_t to)
{
	const struct seq_insn *l = &from->last;

	if (!(l->flags & (SEQ_BRANCH | SEQ_ERET)))
		return to == from->end;
	if (!(l->flags & SEQ_BR_DIRECT))
		return true;		/* indirect: any target */
	return to == l->target || ((l->flags & SEQ_BR_COND) && to == from->end);
}

void seq_tb_exec(struct seq_checker *k, struct seq_cpu *c, unsigned cpu, const struct seq_tb *tb)
{
	const struct seq_tb *prev = c->tb;

	if (!c->pend)
		return;
	c->tb = tb;
	if (prev && !successor(prev, tb->vaddr)) {
		COUNT(k->stats.exceptions);
		if (c->pend & SEQ_PEND_TLBI)
			COUNT(k->stats.abandoned);
		c->pend = 0;
		c->tlbi = c->ctrl = NULL;
		return;
	}
	if ((c->pend & SEQ_PEND_CTRL) && c->ctrl_own && (tb->vaddr & PAGE_MASK) != (c->ctrl->pc & PAGE_MASK))
		ctrl_broken(k, c, cpu, tb->vaddr, "execution went on in another page");
	walk(k, c, cpu, tb, 0);
}

void seq_ev_exec(struct seq_checker *k, struct seq_cpu *c, unsigned cpu, const struct seq_ev *e)
{
	uint32_t f = e->in.flags;

	if (f & SEQ_SPAN_BEGIN) {
		if (!c->depth) {
			if (c->pend & SEQ_PEND_TLBI)
				tlbi_broken(k, c, cpu, e->pc, "an unchecked span began");
			if (c->pend & SEQ_PEND_CTRL)
				ctrl_broken(k, c, cpu, e->pc, "an unchecked span began");
		}
		c->depth++;
		COUNT(k->stats.spans);
		return;
	}
	if (f & SEQ_SPAN_END) {
		if (c->depth)
			c->depth--;
		else
			report(k, cpu, SEQ_RULE_SPAN, 3, e, e->pc, "no span was open");
		return;
	}
	if (c->depth)
		return;
	c->tb = e->tb;
	if (f & SEQ_TLBI) {
		if ((c->pend & SEQ_PEND_CTRL) && ctrl_consumer(c, f))
			ctrl_broken(k, c, cpu, e->pc, "a TLBI");
		if (!(c->pend & SEQ_PEND_TLBI)) {
			c->tlbi = e;
			c->tlbi_domain = 0;
		}
		c->pend |= SEQ_PEND_TLBI;
		if (e->in.domain > c->tlbi_domain)
			c->tlbi_domain = e->in.domain;
	} else if (f & SEQ_DSB) {
		if ((c->pend & SEQ_PEND_TLBI) && e->in.domain < c->tlbi_domain) {
			report(k, cpu, SEQ_RULE_TLBI_DSB_SCOPE, 1, c->tlbi, e->pc,
			       e->in.domain == SEQ_DOM_NSH ? "a DSB NSH completed it" : "a narrower DSB completed it");
		}
		c->pend &= ~SEQ_PEND_TLBI;
		c->tlbi = NULL;
	} else if (f & SEQ_ISB) {
		c->pend &= ~SEQ_PEND_CTRL;
		c->ctrl = NULL;
	} else if (f & (SEQ_CTRL_OWN | SEQ_CTRL_OTHER)) {
		if (c->pend & SEQ_PEND_TLBI)
			tlbi_broken(k, c, cpu, e->pc, "a translation register was written");
		if (!(c->pend & SEQ_PEND_CTRL)) {
			c->ctrl = e;
			c->ctrl_own = false;
		}
		c->pend |= SEQ_PEND_CTRL;
		c->ctrl_own |= !!(f & SEQ_CTRL_OWN);
	} else if (f & SEQ_ERET) {
		if (c->pend & SEQ_PEND_TLBI)
			tlbi_broken(k, c, cpu, e->pc, "an ERET");
		if (c->pend & SEQ_PEND_CTRL)
			ctrl_broken(k, c, cpu, e->pc, "an ERET");
	}
	walk(k, c, cpu, e->tb, e->idx + 1);
}

struct seq_tb *seq_tb_build(enum seq_isa isa, uint64_t vaddr, const uint32_t *words, const uint8_t *sizes,
			    size_t n)
{
	struct seq_insn in[n ? n : 1];
	uint64_t pc = vaddr;
	uint32_t n_ev = 0;
	struct seq_tb *tb;

	for (size_t i = 0; i < n; i++) {
		if (sizes[i] == 4)
			seq_decode(isa, words[i], pc, &in[i]);
		else
			memset(&in[i], 0, sizeof(in[i]));	/* a 16-bit Thumb instruction: nothing hyptest runs */
		n_ev += !!(in[i].flags & SEQ_EVENTS);
		pc += sizes[i];
	}
	tb = calloc(1, sizeof(*tb) + n_ev * sizeof(tb->ev[0]));
	if (!tb)
		return NULL;
	tb->vaddr = vaddr;
	tb->end = pc;
	if (n)
		tb->last = in[n - 1];
	pc = vaddr;
	for (size_t i = 0; i < n; i++) {
		if (in[i].flags & SEQ_EVENTS) {
			struct seq_ev *e = &tb->ev[tb->n_ev];

			e->pc = pc;
			e->word = words[i];
			e->in = in[i];
			e->tb = tb;
			e->idx = tb->n_ev++;
			e->insn = (uint32_t)i;
		}
		pc += sizes[i];
	}
	return tb;
}
