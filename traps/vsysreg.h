/* SPDX-License-Identifier: MIT */
/*
 * Trapped system-register accesses of a guest (seed 001): the ESR_EL2
 * syndrome decode and the one table of registers hyptest passes through.
 * Arch-neutral data and arithmetic only, so the host tests check the table
 * against every encoding; traps/passthrough.c does the register
 * accesses.
 *
 * Syndrome layouts (Arm ARM D17.2.37, ESR_EL2 ISS encodings):
 *   EC 0x18 (MSR/MRS, AArch64):  Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10]
 *                                Rt[9:5] CRm[4:1] Direction[0]
 *   EC 0x03 (MCR/MRC, cp15):     CV[24] COND[23:20] Opc2[19:17] Opc1[16:14]
 *                                CRn[13:10] Rt[9:5] CRm[4:1] Direction[0]
 *   EC 0x04 (MCRR/MRRC, cp15):   CV[24] COND[23:20] Opc1[19:16] Rt2[14:10]
 *                                Rt[9:5] CRm[4:1] Direction[0]
 * Direction is 1 for a read (MRS/MRC/MRRC). Op2/Op1/CRn/CRm sit at the same
 * bits in EC 0x18 and 0x03, so one macro encodes both.
 */
#ifndef HYPTEST_VSYSREG_H
#define HYPTEST_VSYSREG_H

#include <stdbool.h>
#include <stdint.h>

#define ESR_EC_CP15_32_	0x03
#define ESR_EC_CP15_64_	0x04
#define ESR_EC_SYS64_	0x18

#define ISS_OP0_SHIFT	20
#define ISS_OP2_SHIFT	17
#define ISS_OP1_SHIFT	14
#define ISS_CRN_SHIFT	10
#define ISS_CRM_SHIFT	1
#define ISS_OPC1_64_SHIFT 16
#define ISS_OP0_MASK	(UINT32_C(0x3) << ISS_OP0_SHIFT)
#define ISS_OP2_MASK	(UINT32_C(0x7) << ISS_OP2_SHIFT)
#define ISS_OP1_MASK	(UINT32_C(0x7) << ISS_OP1_SHIFT)
#ifdef INJECT_SYSREG_CRN_MASK
/* Knob: the 2014 mask, one bit short: CRn 1 reads as 0, 3 as 2, 5 as 4, 13 as 12. */
#define ISS_CRN_MASK	UINT32_C(0x3800)
#else
#define ISS_CRN_MASK	(UINT32_C(0xf) << ISS_CRN_SHIFT)	/* 0x3c00 */
#endif
#define ISS_CRM_MASK	(UINT32_C(0xf) << ISS_CRM_SHIFT)
#define ISS_OPC1_64_MASK (UINT32_C(0xf) << ISS_OPC1_64_SHIFT)
#define ISS_RT(iss)	(((iss) >> 5) & 0x1f)
#define ISS_RT2(iss)	(((iss) >> 10) & 0x1f)
#define ISS_READ(iss)	((iss) & 1)
#define ISS_CV(iss)	(((iss) >> 24) & 1)
#define ISS_COND(iss)	(((iss) >> 20) & 0xf)

/* The fields that name the register, per syndrome layout. */
#define ISS_SYS_REG_MASK	(ISS_OP0_MASK | ISS_OP2_MASK | ISS_OP1_MASK | ISS_CRN_MASK | ISS_CRM_MASK)
#define ISS_CP32_REG_MASK	(ISS_OP2_MASK | ISS_OP1_MASK | ISS_CRN_MASK | ISS_CRM_MASK)
#define ISS_CP64_REG_MASK	(ISS_OPC1_64_MASK | ISS_CRM_MASK)

/*
 * The one encoding macro: a register's key is its EC above its naming ISS
 * fields. MSR/MRS: SYSREG_KEY_A64(op0, op1, crn, crm, op2); MCR/MRC p15:
 * SYSREG_KEY_CP32(opc1, crn, crm, opc2); MCRR/MRRC p15: SYSREG_KEY_CP64(opc1, crm).
 */
#define SYSREG_KEY(ec, iss)	(((uint32_t)(ec) << 25) | (uint32_t)(iss))
#define SYSREG_ISS(op0, op1, crn, crm, op2)                                   \
	(((uint32_t)(op0) << ISS_OP0_SHIFT) | ((uint32_t)(op2) << ISS_OP2_SHIFT) | \
	 ((uint32_t)(op1) << ISS_OP1_SHIFT) | ((uint32_t)(crn) << ISS_CRN_SHIFT) | \
	 ((uint32_t)(crm) << ISS_CRM_SHIFT))
#define SYSREG_KEY_A64(op0, op1, crn, crm, op2) \
	SYSREG_KEY(ESR_EC_SYS64_, SYSREG_ISS(op0, op1, crn, crm, op2))
#define SYSREG_KEY_CP32(opc1, crn, crm, opc2) \
	SYSREG_KEY(ESR_EC_CP15_32_, SYSREG_ISS(0, opc1, crn, crm, opc2))
#define SYSREG_KEY_CP64(opc1, crm) \
	SYSREG_KEY(ESR_EC_CP15_64_, ((uint32_t)(opc1) << ISS_OPC1_64_SHIFT) | ((uint32_t)(crm) << ISS_CRM_SHIFT))

/* The hardware registers a trapped access lands in. */
enum vreg {
	VREG_SCTLR_EL1, VREG_TTBR0_EL1, VREG_TTBR1_EL1, VREG_TCR_EL1, VREG_ESR_EL1,
	VREG_FAR_EL1, VREG_AFSR0_EL1, VREG_AFSR1_EL1, VREG_MAIR_EL1, VREG_AMAIR_EL1,
	VREG_CONTEXTIDR_EL1, VREG_DACR32_EL2, VREG_IFSR32_EL2,
	VREG_COUNT
};

/* Which part of the hardware register the access moves. */
enum vpart {
	VPART_ALL,	/* 64-bit MSR/MRS: the whole register */
	VPART_LO,	/* 32-bit MCR/MRC: bits [31:0], bits [63:32] kept */
	VPART_HI,	/* 32-bit MCR/MRC: bits [63:32], bits [31:0] kept */
	VPART_PAIR,	/* MCRR/MRRC: Rt = bits [31:0], Rt2 = bits [63:32] */
};

struct vsysreg {
	uint32_t key;		/* SYSREG_KEY_* */
	uint8_t reg;		/* enum vreg */
	uint8_t part;		/* enum vpart */
	const char *name;	/* the name the guest uses (SCTLR_EL1, DFAR, TTBR0 (64-bit), ...) */
};

extern const struct vsysreg vsysreg_table[];
extern const unsigned vsysreg_count;
#define VSYSREG_MAX	32	/* room for the table (checked at build time in traps/vsysreg.c) */

/* A decoded trapped access. */
struct vsysreg_access {
	const struct vsysreg *r;	/* NULL: not a register hyptest passes through */
	uint32_t key;			/* the key as decoded (for the message) */
	bool read;
	unsigned rt, rt2;		/* rt2: MCRR/MRRC only */
	bool cv;			/* AArch32: COND is valid */
	unsigned cond;
};

/* Decode EC 0x18/0x03/0x04 syndromes; false for any other EC. */
bool vsysreg_decode(uint64_t esr, struct vsysreg_access *a);
/* The hardware register's new value after writing lo (and hi, for PAIR) through part. */
uint64_t vsysreg_merge(unsigned part, uint64_t hw, uint64_t lo, uint64_t hi);
/* What a read through part returns: *lo (and *hi for PAIR). */
void vsysreg_extract(unsigned part, uint64_t hw, uint64_t *lo, uint64_t *hi);
const char *vreg_name(unsigned reg);
/* The table entry for a key, or NULL. */
const struct vsysreg *vsysreg_lookup(uint32_t key);
/* "MCR p15, 0, <Rt>, c6, c0, 2" style text for a key, into buf. */
void vsysreg_describe(uint32_t key, char *buf, unsigned len);

#endif
