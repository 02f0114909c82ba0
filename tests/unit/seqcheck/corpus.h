/* SPDX-License-Identifier: MIT */
/*
 * The sequence checker's decoder corpus (seqcheck_a64.S, seqcheck_a32.S):
 * each line is an instruction the cross assembler encodes and what the
 * decoder must say it is. The macros put the instruction in .text and its
 * expectation (flags, domain, branch offset) in .expect, one record per
 * instruction, in the same order.
 */
#include "tools/seqcheck/classes.h"

/* expect FLAGS, DOMAIN, instruction */
.macro expect flags:req, dom:req, insn:vararg
	.pushsection .text, "ax"
	\insn
	.popsection
	.pushsection .expect, "a"
	.word	\flags, \dom, 0
	.popsection
.endm

/* expect_br FLAGS, OFFSET, mnemonic: the mnemonic branches to .+OFFSET */
.macro expect_br flags:req, off:req, mnem:vararg
	.pushsection .text, "ax"
	\mnem	. + \off
	.popsection
	.pushsection .expect, "a"
	.word	\flags, 0, \off
	.popsection
.endm

#define BR	(SEQ_BRANCH | SEQ_BR_DIRECT)
#define BRC	(SEQ_BRANCH | SEQ_BR_DIRECT | SEQ_BR_COND)
#define TLBI	SEQ_TLBI
#define TLBIV	(SEQ_TLBI | SEQ_TLBI_VMID)
