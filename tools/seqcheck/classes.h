/* SPDX-License-Identifier: MIT */
/*
 * The instruction classes of the sequence checker's decoder (decode.h), as
 * plain numbers: also included by the host tests' assembled instruction
 * corpora (tests/unit/seqcheck_a64.S, seqcheck_a32.S).
 */
#ifndef SEQCHECK_CLASSES_H
#define SEQCHECK_CLASSES_H

/* Classes (bits; most instructions have none). */
#define SEQ_LDST	(1 << 0)	/* a load or a store of any kind (pairs, exclusives, LDM/STM, RFE/SRS) */
#define SEQ_TLBI	(1 << 1)	/* TLB invalidate; insn.domain: where it is broadcast */
#define SEQ_TLBI_VMID	(1 << 2)	/* ... one that acts on the current VMID (reads VTTBR) */
#define SEQ_DSB		(1 << 3)	/* DSB for loads and stores; insn.domain: its domain */
#define SEQ_DSB_PART	(1 << 4)	/* DSB for loads only or stores only */
#define SEQ_ISB		(1 << 5)
#define SEQ_CTRL_OWN	(1 << 6)	/* write: translation control of the writer's own regime */
#define SEQ_CTRL_OTHER	(1 << 7)	/* write: translation control of EL1&0 or of stage 2 */
#define SEQ_ERET	(1 << 8)
#define SEQ_AT		(1 << 9)	/* address translation (AT S1E2R, ATS1HR, ...) */
#define SEQ_BRANCH	(1 << 10)	/* the PC may not simply advance */
#define SEQ_BR_DIRECT	(1 << 11)	/* ... to insn.target */
#define SEQ_BR_COND	(1 << 12)	/* ... or it falls through */
#define SEQ_SPAN_BEGIN	(1 << 13)	/* lib/seqmark.h */
#define SEQ_SPAN_END	(1 << 14)
#define SEQ_AT_GUEST	(1 << 15)	/* ... an AT that translates by EL1&0 or stage-2 registers (S1E0/S1E1/S12E, ATS1C/ATS12NSO) */

/* Shareability domains, narrowest first: a DSB completes TLBIs broadcast no wider than its own. */
#define SEQ_DOM_NONE	0
#define SEQ_DOM_NSH	1
#define SEQ_DOM_ISH	2
#define SEQ_DOM_OSH	3
#define SEQ_DOM_SY	4

#endif
