/* SPDX-License-Identifier: MIT */
/*
 * The sequence checker's decoder (decode.h). Encodings from DDI 0487 K.a:
 * "A64 Instruction Set Encoding" (the top-level op0 classes, "Loads and
 * Stores", "Branches, Exception Generating and System instructions") and
 * the System instruction and register encodings (op0, op1, CRn, CRm, op2);
 * for A32, "A32 Instruction Set Encoding" and DDI 0406C.d chapter A5 (the
 * ARMv7 image and guests are A32, never Thumb: -marm) with the cp15
 * encodings of chapter B4 ("TLB maintenance operations", "Summary of CP15
 * register descriptions").
 */
#include <stdio.h>
#include <string.h>

#include "tools/seqcheck/decode.h"
#include "lib/seqmark.h"

static int64_t sext(uint64_t v, unsigned bits)
{
	uint64_t m = UINT64_C(1) << (bits - 1);

	v &= (UINT64_C(1) << bits) - 1;
	return (int64_t)((v ^ m) - m);
}

/* --- the translation-control registers ---------------------------------- */

/*
 * The registers the ISB rule watches: what controls a translation regime
 * (SCTLR, TCR/TTBCR, TTBRn, MAIR) and, for EL2, HCR (E2H, TGE and the
 * stage-2 controls VM, DC, PTW) and the stage-2 base and control (VTTBR,
 * VTCR). "own": a regime the writer itself translates through (EL2, or EL3
 * for the EL3 shim; Hyp mode on ARMv7): after the write its own loads,
 * stores and fetches change. "other": EL1&0's stage 1 and the stage-2
 * controls, which change nothing for the hypervisor's own accesses until it
 * enters a guest (ERET), translates for one (AT) or invalidates the current
 * VMID (TLBI). An _EL3 register can only be written at EL3 and an _EL2 one
 * at EL2 or EL3, so "own" is exact for the image's EL2 code; the EL3 shim's
 * writes to _EL2 registers are held to the stricter rule too.
 */
struct ctrl_reg {
	uint32_t key;	/* A64: op0:op1:CRn:CRm:op2 (insn[20:5]); A32: 32-bit cp15 op1:CRn:CRm:op2, 64-bit op1:CRm | 0x10000 */
	bool own;
	const char *name;
};

#define A64R(op0, op1, crn, crm, op2) \
	(((uint32_t)(op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

static const struct ctrl_reg a64_ctrl[] = {
	{ A64R(3, 4, 1, 0, 0), true, "SCTLR_EL2" },
	{ A64R(3, 4, 1, 1, 0), true, "HCR_EL2" },
	{ A64R(3, 4, 2, 0, 0), true, "TTBR0_EL2" },
	{ A64R(3, 4, 2, 0, 1), true, "TTBR1_EL2" },
	{ A64R(3, 4, 2, 0, 2), true, "TCR_EL2" },
	{ A64R(3, 4, 2, 0, 3), true, "TCR2_EL2" },
	{ A64R(3, 4, 10, 2, 0), true, "MAIR_EL2" },
	{ A64R(3, 6, 1, 0, 0), true, "SCTLR_EL3" },
	{ A64R(3, 6, 2, 0, 0), true, "TTBR0_EL3" },
	{ A64R(3, 6, 2, 0, 2), true, "TCR_EL3" },
	{ A64R(3, 6, 10, 2, 0), true, "MAIR_EL3" },
	{ A64R(3, 0, 1, 0, 0), false, "SCTLR_EL1" },
	{ A64R(3, 0, 2, 0, 0), false, "TTBR0_EL1" },
	{ A64R(3, 0, 2, 0, 1), false, "TTBR1_EL1" },
	{ A64R(3, 0, 2, 0, 2), false, "TCR_EL1" },
	{ A64R(3, 0, 2, 0, 3), false, "TCR2_EL1" },
	{ A64R(3, 0, 10, 2, 0), false, "MAIR_EL1" },
	{ A64R(3, 5, 1, 0, 0), false, "SCTLR_EL12" },
	{ A64R(3, 5, 2, 0, 0), false, "TTBR0_EL12" },
	{ A64R(3, 5, 2, 0, 1), false, "TTBR1_EL12" },
	{ A64R(3, 5, 2, 0, 2), false, "TCR_EL12" },
	{ A64R(3, 5, 10, 2, 0), false, "MAIR_EL12" },
	{ A64R(3, 4, 2, 1, 0), false, "VTTBR_EL2" },
	{ A64R(3, 4, 2, 1, 2), false, "VTCR_EL2" },
};

#define CP32(op1, crn, crm, op2)	(((uint32_t)(op1) << 12) | ((crn) << 8) | ((crm) << 4) | (op2))
#define CP64(op1, crm)			(0x10000 | ((uint32_t)(op1) << 4) | (crm))

static const struct ctrl_reg a32_ctrl[] = {
	{ CP32(4, 1, 0, 0), true, "HSCTLR" },
	{ CP32(4, 1, 1, 0), true, "HCR" },
	{ CP32(4, 1, 1, 4), true, "HCR2" },
	{ CP32(4, 2, 0, 2), true, "HTCR" },
	{ CP32(4, 10, 2, 0), true, "HMAIR0" },
	{ CP32(4, 10, 2, 1), true, "HMAIR1" },
	{ CP64(4, 2), true, "HTTBR" },
	{ CP32(0, 1, 0, 0), false, "SCTLR" },
	{ CP32(0, 2, 0, 0), false, "TTBR0" },
	{ CP32(0, 2, 0, 1), false, "TTBR1" },
	{ CP32(0, 2, 0, 2), false, "TTBCR" },
	{ CP32(0, 2, 0, 3), false, "TTBCR2" },
	{ CP32(0, 10, 2, 0), false, "MAIR0" },
	{ CP32(0, 10, 2, 1), false, "MAIR1" },
	{ CP32(4, 2, 1, 2), false, "VTCR" },
	{ CP64(0, 2), false, "TTBR0" },
	{ CP64(1, 2), false, "TTBR1" },
	{ CP64(6, 2), false, "VTTBR" },
};

static const struct ctrl_reg *find_ctrl(const struct ctrl_reg *t, size_t n, uint32_t key)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].key == key)
			return &t[i];
	return NULL;
}

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* --- TLB maintenance ------------------------------------------------------ */

/*
 * A64 TLBI is SYS with op0 = 1 and CRn = 8 (CRn = 9: the FEAT_XS nXS forms,
 * same CRm/op2 meaning). Where it is broadcast follows CRm (DDI 0487 K.a,
 * "TLB maintenance instructions" and the encodings of the TLBI
 * instructions): 3 (and 0, the IPA forms) Inner Shareable, 2 the IS range
 * forms, 1 and 5 Outer Shareable, 6 and 7 this PE only; CRm = 4 holds both
 * the local IPA forms (op2 1, 2, 5, 6: IPAS2E1, RIPAS2E1, IPAS2LE1,
 * RIPAS2LE1) and their OS forms (op2 0, 3, 4, 7).
 */
static unsigned a64_tlbi_domain(unsigned crm, unsigned op2)
{
	switch (crm) {
	case 0: case 2: case 3:
		return SEQ_DOM_ISH;
	case 1: case 5:
		return SEQ_DOM_OSH;
	case 4:
		return (op2 == 0 || op2 == 3 || op2 == 4 || op2 == 7) ? SEQ_DOM_OSH : SEQ_DOM_NSH;
	default:
		return SEQ_DOM_NSH;
	}
}

/*
 * The TLBIs that act on "the current VMID", the one in VTTBR_EL2 (the EL1&0
 * regime's: every op1 = 0 form, and at op1 = 4 the IPA forms, CRm 0 and 4,
 * and VMALLS12E1*, op2 = 6). ALLE1* (op2 = 4) covers every VMID.
 */
static bool a64_tlbi_vmid(unsigned op1, unsigned crm, unsigned op2)
{
	return op1 == 0 || (op1 == 4 && (crm == 0 || crm == 4 || op2 == 6));
}

struct tlbi_name {
	uint8_t op1, crm, op2;
	const char *name;
};

/* The common ones by name; others print by their fields. */
static const struct tlbi_name a64_tlbi_names[] = {
	{ 0, 3, 0, "VMALLE1IS" }, { 0, 3, 1, "VAE1IS" }, { 0, 3, 2, "ASIDE1IS" }, { 0, 3, 3, "VAAE1IS" },
	{ 0, 3, 5, "VALE1IS" }, { 0, 3, 7, "VAALE1IS" }, { 0, 7, 0, "VMALLE1" }, { 0, 7, 1, "VAE1" },
	{ 0, 7, 2, "ASIDE1" }, { 0, 7, 3, "VAAE1" }, { 0, 7, 5, "VALE1" }, { 0, 7, 7, "VAALE1" },
	{ 4, 0, 1, "IPAS2E1IS" }, { 4, 0, 5, "IPAS2LE1IS" }, { 4, 4, 1, "IPAS2E1" }, { 4, 4, 5, "IPAS2LE1" },
	{ 4, 3, 0, "ALLE2IS" }, { 4, 3, 1, "VAE2IS" }, { 4, 3, 4, "ALLE1IS" }, { 4, 3, 5, "VALE2IS" },
	{ 4, 3, 6, "VMALLS12E1IS" }, { 4, 7, 0, "ALLE2" }, { 4, 7, 1, "VAE2" }, { 4, 7, 4, "ALLE1" },
	{ 4, 7, 5, "VALE2" }, { 4, 7, 6, "VMALLS12E1" }, { 6, 3, 0, "ALLE3IS" }, { 6, 3, 1, "VAE3IS" },
	{ 6, 3, 5, "VALE3IS" }, { 6, 7, 0, "ALLE3" }, { 6, 7, 1, "VAE3" }, { 6, 7, 5, "VALE3" },
};

/*
 * ARMv7 TLB maintenance: MCR p15, opc1, Rt, c8, CRm, opc2 (DDI 0406C.d
 * B4.2.2 "TLB maintenance operations", in "Summary of CP15 register
 * descriptions"). CRm = 3 (and c0 at opc1 = 4: TLBIIPAS2IS, TLBIIPAS2LIS)
 * is the Inner Shareable group; c4, c5, c6, c7 act on this PE. The PL1&0
 * operations (opc1 = 0) executed in Hyp mode and the IPA ones use the VMID
 * in VTTBR; TLBIALLNSNH(IS) (opc1 = 4, opc2 = 4) covers every VMID.
 */
static const struct tlbi_name a32_tlbi_names[] = {
	{ 0, 3, 0, "TLBIALLIS" }, { 0, 3, 1, "TLBIMVAIS" }, { 0, 3, 2, "TLBIASIDIS" }, { 0, 3, 3, "TLBIMVAAIS" },
	{ 0, 3, 5, "TLBIMVALIS" }, { 0, 3, 7, "TLBIMVAALIS" }, { 0, 7, 0, "TLBIALL" }, { 0, 7, 1, "TLBIMVA" },
	{ 0, 7, 2, "TLBIASID" }, { 0, 7, 3, "TLBIMVAA" }, { 0, 7, 5, "TLBIMVAL" }, { 0, 7, 7, "TLBIMVAAL" },
	{ 0, 5, 0, "ITLBIALL" }, { 0, 6, 0, "DTLBIALL" },
	{ 4, 0, 1, "TLBIIPAS2IS" }, { 4, 0, 5, "TLBIIPAS2LIS" }, { 4, 4, 1, "TLBIIPAS2" }, { 4, 4, 5, "TLBIIPAS2L" },
	{ 4, 3, 0, "TLBIALLHIS" }, { 4, 3, 1, "TLBIMVAHIS" }, { 4, 3, 4, "TLBIALLNSNHIS" }, { 4, 3, 5, "TLBIMVALHIS" },
	{ 4, 7, 0, "TLBIALLH" }, { 4, 7, 1, "TLBIMVAH" }, { 4, 7, 4, "TLBIALLNSNH" }, { 4, 7, 5, "TLBIMVALH" },
};

static const char *tlbi_name(const struct tlbi_name *t, size_t n, unsigned op1, unsigned crm, unsigned op2)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].op1 == op1 && t[i].crm == crm && t[i].op2 == op2)
			return t[i].name;
	return NULL;
}

/*
 * DSB option (A64 CRm, A32 option, the same 4 bits): [3:2] the domain (00
 * OSH, 01 NSH, 10 ISH, 11 SY), [1:0] the access types (01 loads, 10
 * stores, 11 both). DDI 0487 K.a, "Data Synchronization Barrier (DSB)" in
 * "Memory barriers": only a DSB whose required access types are loads and
 * stores waits for the completion of TLB maintenance. Reserved options
 * (xx00, other than the A64 SSBB/PSSBB encodings 0000 and 0100) execute as
 * a full-system DSB.
 */
static void dsb_option(unsigned opt, struct seq_insn *o)
{
	static const uint8_t dom[4] = { SEQ_DOM_OSH, SEQ_DOM_NSH, SEQ_DOM_ISH, SEQ_DOM_SY };

	switch (opt & 3) {
	case 0:
		o->flags = SEQ_DSB;
		o->domain = SEQ_DOM_SY;
		break;
	case 3:
		o->flags = SEQ_DSB;
		o->domain = dom[opt >> 2];
		break;
	default:
		o->flags = SEQ_DSB_PART;
		o->domain = dom[opt >> 2];
		break;
	}
}

static void hint(unsigned n, struct seq_insn *o)
{
	if (n == SEQ_HINT_BEGIN)
		o->flags = SEQ_SPAN_BEGIN;
	else if (n == SEQ_HINT_END)
		o->flags = SEQ_SPAN_END;
}

/* --- A64 ------------------------------------------------------------------ */

/* The System instruction class: insn[31:22] = 1101010100; L = insn[21]. */
static void a64_system(uint32_t w, struct seq_insn *o)
{
	unsigned l = (w >> 21) & 1, op0 = (w >> 19) & 3, op1 = (w >> 16) & 7;
	unsigned crn = (w >> 12) & 15, crm = (w >> 8) & 15, op2 = (w >> 5) & 7;

	if (l)
		return;				/* MRS, SYSL: reads */
	if (op0 == 0 && op1 == 3 && crn == 2 && (w & 31) == 31) {
		hint((crm << 3) | op2, o);	/* HINT #CRm:op2 */
		return;
	}
	if (op0 == 0 && op1 == 3 && crn == 3 && (w & 31) == 31) {
		if (op2 == 4 && crm != 0 && crm != 4)
			dsb_option(crm, o);	/* DSB (CRm 0, 4: SSBB, PSSBB) */
		else if (op2 == 6)
			o->flags = SEQ_ISB;	/* ISB, any option */
		return;
	}
	if (op0 == 1 && (crn == 8 || crn == 9)) {
		o->flags = SEQ_TLBI | (a64_tlbi_vmid(op1, crm, op2) ? SEQ_TLBI_VMID : 0);
		o->domain = a64_tlbi_domain(crm, op2);
		return;
	}
	if (op0 == 1 && crn == 7 && (crm == 8 || crm == 9)) {
		/* op1 0: AT S1E1*, S1E0*; op1 4, op2 4-7: AT S12E1*, S12E0*; the rest are S1E2*, S1E3*. */
		o->flags = SEQ_AT | ((op1 == 0 || (op1 == 4 && op2 >= 4)) ? SEQ_AT_GUEST : 0);
		return;
	}
	if (op0 >= 2) {
		const struct ctrl_reg *r = find_ctrl(a64_ctrl, ARRAY_LEN(a64_ctrl), (w >> 5) & 0xffff);

		if (r)
			o->flags = r->own ? SEQ_CTRL_OWN : SEQ_CTRL_OTHER;
	}
}

static void a64(uint32_t w, uint64_t pc, struct seq_insn *o)
{
	if ((w & 0x0a000000) == 0x08000000) {		/* op0 = x1x0: Loads and Stores */
		o->flags = SEQ_LDST;
	} else if ((w & 0x7c000000) == 0x14000000) {	/* B, BL: imm26 */
		o->flags = SEQ_BRANCH | SEQ_BR_DIRECT;
		o->target = pc + (uint64_t)(sext(w, 26) * 4);
	} else if ((w & 0xff000000) == 0x54000000) {	/* B.cond, BC.cond: imm19 */
		o->flags = SEQ_BRANCH | SEQ_BR_DIRECT | SEQ_BR_COND;
		o->target = pc + (uint64_t)(sext(w >> 5, 19) * 4);
	} else if ((w & 0x7c000000) == 0x34000000) {	/* CBZ, CBNZ: imm19; TBZ, TBNZ: imm14 */
		o->flags = SEQ_BRANCH | SEQ_BR_DIRECT | SEQ_BR_COND;
		o->target = pc + (uint64_t)(sext(w >> 5, (w & 0x02000000) ? 14 : 19) * 4);
	} else if ((w & 0xfe000000) == 0xd6000000) {	/* Unconditional branch (register) */
		o->flags = ((w >> 21) & 15) == 4 ? SEQ_ERET : SEQ_BRANCH;	/* opc 0100: ERET, ERETAA/AB */
	} else if ((w & 0xffc00000) == 0xd5000000) {
		a64_system(w, o);
	} else if ((w & 0xff000000) == 0xd4000000) {	/* SVC, HVC, SMC, BRK, ...: an exception */
		o->flags = SEQ_BRANCH;
	}
}

/* --- A32 ------------------------------------------------------------------ */

static uint32_t a32_cp15_key(uint32_t w)
{
	return CP32((w >> 21) & 7, (w >> 16) & 15, w & 15, (w >> 5) & 7);
}

/* MCR p15 (coprocessor register transfer, insn[27:24] = 1110, bit 20 = 0 (write), bit 4 = 1). */
static void a32_mcr(uint32_t w, struct seq_insn *o)
{
	unsigned opc1 = (w >> 21) & 7, crn = (w >> 16) & 15, crm = w & 15, opc2 = (w >> 5) & 7;
	const struct ctrl_reg *r;

	if (crn == 8) {
		o->flags = SEQ_TLBI | ((opc1 == 0 || (opc1 == 4 && (crm == 0 || crm == 4))) ? SEQ_TLBI_VMID : 0);
		o->domain = (crm == 3 || (opc1 == 4 && crm == 0)) ? SEQ_DOM_ISH : SEQ_DOM_NSH;
		return;
	}
	if (crn == 7 && crm == 10 && opc1 == 0 && opc2 == 4) {	/* CP15DSB: a full-system DSB */
		o->flags = SEQ_DSB;
		o->domain = SEQ_DOM_SY;
		return;
	}
	if (crn == 7 && crm == 5 && opc1 == 0 && opc2 == 4) {	/* CP15ISB */
		o->flags = SEQ_ISB;
		return;
	}
	if (crn == 7 && crm == 8 && (opc1 == 0 || opc1 == 4)) {	/* ATS1C*, ATS12NSO* (opc1 0), ATS1H* (opc1 4) */
		o->flags = SEQ_AT | (opc1 == 0 ? SEQ_AT_GUEST : 0);
		return;
	}
	r = find_ctrl(a32_ctrl, ARRAY_LEN(a32_ctrl), a32_cp15_key(w));
	if (r)
		o->flags = r->own ? SEQ_CTRL_OWN : SEQ_CTRL_OTHER;
}

/* cond = 0b1111: the unconditional instructions. */
static void a32_uncond(uint32_t w, uint64_t pc, struct seq_insn *o)
{
	if ((w & 0xfffffff0) == 0xf57ff040) {
		dsb_option(w & 15, o);
	} else if ((w & 0xfffffff0) == 0xf57ff060) {
		o->flags = SEQ_ISB;
	} else if ((w & 0x0e000000) == 0x0a000000) {	/* BLX (immediate): to Thumb */
		o->flags = SEQ_BRANCH | SEQ_BR_DIRECT;
		o->target = pc + 8 + (uint64_t)(sext(w, 24) * 4) + ((w >> 23) & 2);
	} else if ((w & 0x0e000000) == 0x08000000) {	/* SRS, RFE (RFE loads the PC) */
		o->flags = SEQ_LDST | ((w & (1u << 20)) ? SEQ_BRANCH : 0);
	} else if ((w & 0x0e000000) == 0x0c000000 && (w & 0x0fe00000) != 0x0c400000) {
		o->flags = SEQ_LDST;			/* LDC2, STC2 */
	}
}

static void a32(uint32_t w, uint64_t pc, struct seq_insn *o)
{
	unsigned cond = w >> 28, op = (w >> 25) & 7, rd = (w >> 12) & 15;
	uint32_t cbr = cond != 14 ? SEQ_BR_COND : 0;

	if (cond == 15) {
		a32_uncond(w, pc, o);
		return;
	}
	switch (op) {
	case 2:						/* LDR/STR (immediate) */
	case 3:						/* LDR/STR (register); bit 4 set: media */
		if (op == 3 && (w & 0x10))
			break;
		o->flags = SEQ_LDST;
		if ((w & (1u << 20)) && rd == 15)
			o->flags |= SEQ_BRANCH | cbr;	/* LDR PC */
		break;
	case 4:						/* LDM/STM */
		o->flags = SEQ_LDST;
		if ((w & (1u << 20)) && (w & (1u << 15)))
			o->flags |= SEQ_BRANCH | cbr;	/* LDM {..., PC}, POP {..., PC} */
		break;
	case 5:						/* B, BL */
		o->flags = SEQ_BRANCH | SEQ_BR_DIRECT | cbr;
		o->target = pc + 8 + (uint64_t)(sext(w, 24) * 4);
		break;
	case 6:						/* LDC/STC (and VLDR etc.); MCRR/MRRC */
		if ((w & 0x0ff00f00) == 0x0c400f00) {	/* MCRR p15: a 64-bit cp15 write */
			const struct ctrl_reg *r = find_ctrl(a32_ctrl, ARRAY_LEN(a32_ctrl),
							     CP64((w >> 4) & 15, w & 15));
			if (r)
				o->flags = r->own ? SEQ_CTRL_OWN : SEQ_CTRL_OTHER;
		} else if ((w & 0x0fe00000) != 0x0c400000) {
			o->flags = SEQ_LDST;
		}
		break;
	case 7:						/* SVC; MCR/MRC; CDP */
		if (w & (1u << 24))
			o->flags = SEQ_BRANCH;		/* SVC: an exception */
		else if ((w & 0x00100f10) == 0x00000f10)
			a32_mcr(w, o);			/* MCR p15 */
		break;
	default:					/* 0, 1: data processing and miscellaneous */
		if ((w & 0x0fffff00) == 0x0320f000) {
			hint(w & 0xff, o);		/* MSR (immediate) and hints, op1 = 0 */
		} else if ((w & 0x0fffffff) == 0x0160006e) {
			o->flags = SEQ_ERET;
		} else if ((w & 0x0ffffff0) == 0x012fff10 || (w & 0x0ffffff0) == 0x012fff20 ||
			   (w & 0x0ffffff0) == 0x012fff30) {
			o->flags = SEQ_BRANCH | cbr;	/* BX, BXJ, BLX (register) */
		} else if ((w & 0x0ff000f0) == 0x01400070 || (w & 0x0ff000f0) == 0x01600070) {
			o->flags = SEQ_BRANCH;		/* HVC, SMC: an exception */
		} else if (op == 0 && (w & 0x90) == 0x90) {
			/* Extra load/store (bits 6:5 != 0) or, with bits 6:5 = 0, multiply / synchronization. */
			if ((w & 0x60) || (w & (1u << 24)))
				o->flags = SEQ_LDST;
		} else if ((w & 0x01900000) == 0x01000000) {
			/* Miscellaneous (op 0) and MOVW/MOVT, MSR (immediate) (op 1): no PC write here. */
		} else if (rd == 15) {
			o->flags = SEQ_BRANCH | cbr;	/* data processing that writes the PC */
		}
		break;
	}
}

void seq_decode(enum seq_isa isa, uint32_t word, uint64_t pc, struct seq_insn *out)
{
	memset(out, 0, sizeof(*out));
	if (isa == SEQ_A64)
		a64(word, pc, out);
	else
		a32(word, pc, out);
}

/* --- names for reports ------------------------------------------------------ */

const char *seq_domain_name(unsigned domain)
{
	static const char *const names[] = { "-", "NSH", "ISH", "OSH", "SY" };

	return domain < ARRAY_LEN(names) ? names[domain] : "?";
}

static void dsb_name(unsigned opt, const struct seq_insn *in, char *buf, size_t len)
{
	static const char *const type[4] = { "", "LD", "ST", "" };

	snprintf(buf, len, "DSB %s%s", seq_domain_name(in->domain), type[opt & 3]);
}

void seq_describe(enum seq_isa isa, uint32_t w, char *buf, size_t len)
{
	struct seq_insn in;
	const struct ctrl_reg *r;
	const char *n;

	seq_decode(isa, w, 0, &in);
	if (isa == SEQ_A64) {
		unsigned op1 = (w >> 16) & 7, crn = (w >> 12) & 15, crm = (w >> 8) & 15, op2 = (w >> 5) & 7;

		if (in.flags & SEQ_TLBI) {
			n = tlbi_name(a64_tlbi_names, ARRAY_LEN(a64_tlbi_names), op1, crm, op2);
			if (n)
				snprintf(buf, len, "TLBI %s%s", n, crn == 9 ? "NXS" : "");
			else
				snprintf(buf, len, "TLBI (op1 %u, CRn %u, CRm %u, op2 %u)", op1, crn, crm, op2);
		} else if (in.flags & (SEQ_CTRL_OWN | SEQ_CTRL_OTHER)) {
			r = find_ctrl(a64_ctrl, ARRAY_LEN(a64_ctrl), (w >> 5) & 0xffff);
			snprintf(buf, len, "MSR %s", r ? r->name : "?");
		} else if (in.flags & (SEQ_DSB | SEQ_DSB_PART)) {
			dsb_name(crm, &in, buf, len);
		} else if (in.flags & SEQ_ERET) {
			snprintf(buf, len, "ERET");
		} else if (in.flags & SEQ_AT) {
			snprintf(buf, len, "AT (op1 %u, CRm %u, op2 %u)", op1, crm, op2);
		} else {
			snprintf(buf, len, "%08x", w);
		}
		return;
	}
	if (in.flags & SEQ_TLBI) {
		unsigned opc1 = (w >> 21) & 7, crm = w & 15, opc2 = (w >> 5) & 7;

		n = tlbi_name(a32_tlbi_names, ARRAY_LEN(a32_tlbi_names), opc1, crm, opc2);
		if (n)
			snprintf(buf, len, "MCR %s", n);
		else
			snprintf(buf, len, "MCR p15, %u, c8, c%u, %u", opc1, crm, opc2);
	} else if (in.flags & (SEQ_CTRL_OWN | SEQ_CTRL_OTHER)) {
		bool mcrr = ((w >> 25) & 7) == 6;

		r = find_ctrl(a32_ctrl, ARRAY_LEN(a32_ctrl), mcrr ? CP64((w >> 4) & 15, w & 15) : a32_cp15_key(w));
		snprintf(buf, len, "%s %s", mcrr ? "MCRR" : "MCR", r ? r->name : "?");
	} else if ((w & 0xfffffff0) == 0xf57ff040) {
		dsb_name(w & 15, &in, buf, len);
	} else if (in.flags & SEQ_DSB) {
		snprintf(buf, len, "MCR CP15DSB");
	} else if (in.flags & SEQ_ERET) {
		snprintf(buf, len, "ERET");
	} else {
		snprintf(buf, len, "%08x", w);
	}
}
