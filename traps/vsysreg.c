/* SPDX-License-Identifier: MIT */
/*
 * The passthrough table (seed 001): every register a guest writes while
 * HCR_EL2.TVM traps them, with the AArch64 encoding (EC 0x18) and the
 * AArch32 cp15 ones (EC 0x03, 0x04), and where each lands in the AArch64
 * register file (Arm ARM G8.2, "AArch32 registers ... architectural mapping").
 * HCR_EL2.TVM traps writes to exactly these (Arm ARM D19.2.48, TVM).
 */
#include <stdio.h>
#include "traps/vsysreg.h"

#ifdef INJECT_SYSREG_FAR_HALVES
/* Knob: DFAR and IFAR land in each other's half of FAR_EL1. */
#define DFAR_PART VPART_HI
#define IFAR_PART VPART_LO
#else
#define DFAR_PART VPART_LO	/* DFAR -> FAR_EL1[31:0] */
#define IFAR_PART VPART_HI	/* IFAR -> FAR_EL1[63:32] */
#endif
#ifdef INJECT_SYSREG_MAIR_HALVES
/* Knob: MAIR0 and MAIR1 land in each other's half of MAIR_EL1. */
#define MAIR0_PART VPART_HI
#define MAIR1_PART VPART_LO
#else
#define MAIR0_PART VPART_LO	/* MAIR0 (PRRR) -> MAIR_EL1[31:0] */
#define MAIR1_PART VPART_HI	/* MAIR1 (NMRR) -> MAIR_EL1[63:32] */
#endif

const struct vsysreg vsysreg_table[] = {
	/* AArch64: MSR <reg>, Xt (op0 = 3, op1 = 0). */
	{ SYSREG_KEY_A64(3, 0, 1, 0, 0),  VREG_SCTLR_EL1,      VPART_ALL, "SCTLR_EL1" },
	{ SYSREG_KEY_A64(3, 0, 2, 0, 0),  VREG_TTBR0_EL1,      VPART_ALL, "TTBR0_EL1" },
	{ SYSREG_KEY_A64(3, 0, 2, 0, 1),  VREG_TTBR1_EL1,      VPART_ALL, "TTBR1_EL1" },
	{ SYSREG_KEY_A64(3, 0, 2, 0, 2),  VREG_TCR_EL1,        VPART_ALL, "TCR_EL1" },
	{ SYSREG_KEY_A64(3, 0, 5, 1, 0),  VREG_AFSR0_EL1,      VPART_ALL, "AFSR0_EL1" },
	{ SYSREG_KEY_A64(3, 0, 5, 1, 1),  VREG_AFSR1_EL1,      VPART_ALL, "AFSR1_EL1" },
	{ SYSREG_KEY_A64(3, 0, 5, 2, 0),  VREG_ESR_EL1,        VPART_ALL, "ESR_EL1" },
	{ SYSREG_KEY_A64(3, 0, 6, 0, 0),  VREG_FAR_EL1,        VPART_ALL, "FAR_EL1" },
	{ SYSREG_KEY_A64(3, 0, 10, 2, 0), VREG_MAIR_EL1,       VPART_ALL, "MAIR_EL1" },
	{ SYSREG_KEY_A64(3, 0, 10, 3, 0), VREG_AMAIR_EL1,      VPART_ALL, "AMAIR_EL1" },
	{ SYSREG_KEY_A64(3, 0, 13, 0, 1), VREG_CONTEXTIDR_EL1, VPART_ALL, "CONTEXTIDR_EL1" },
	/* AArch32: MCR p15, opc1, Rt, CRn, CRm, opc2. */
	{ SYSREG_KEY_CP32(0, 1, 0, 0),    VREG_SCTLR_EL1,      VPART_LO,  "SCTLR" },
	{ SYSREG_KEY_CP32(0, 2, 0, 0),    VREG_TTBR0_EL1,      VPART_LO,  "TTBR0" },
	{ SYSREG_KEY_CP32(0, 2, 0, 1),    VREG_TTBR1_EL1,      VPART_LO,  "TTBR1" },
	{ SYSREG_KEY_CP32(0, 2, 0, 2),    VREG_TCR_EL1,        VPART_LO,  "TTBCR" },
	{ SYSREG_KEY_CP32(0, 3, 0, 0),    VREG_DACR32_EL2,     VPART_LO,  "DACR" },
	{ SYSREG_KEY_CP32(0, 5, 0, 0),    VREG_ESR_EL1,        VPART_LO,  "DFSR" },
	{ SYSREG_KEY_CP32(0, 5, 0, 1),    VREG_IFSR32_EL2,     VPART_LO,  "IFSR" },
	{ SYSREG_KEY_CP32(0, 5, 1, 0),    VREG_AFSR0_EL1,      VPART_LO,  "ADFSR" },
	{ SYSREG_KEY_CP32(0, 5, 1, 1),    VREG_AFSR1_EL1,      VPART_LO,  "AIFSR" },
	{ SYSREG_KEY_CP32(0, 6, 0, 0),    VREG_FAR_EL1,        DFAR_PART, "DFAR" },
	{ SYSREG_KEY_CP32(0, 6, 0, 2),    VREG_FAR_EL1,        IFAR_PART, "IFAR" },
	{ SYSREG_KEY_CP32(0, 10, 2, 0),   VREG_MAIR_EL1,       MAIR0_PART, "MAIR0" },
	{ SYSREG_KEY_CP32(0, 10, 2, 1),   VREG_MAIR_EL1,       MAIR1_PART, "MAIR1" },
	{ SYSREG_KEY_CP32(0, 10, 3, 0),   VREG_AMAIR_EL1,      VPART_LO,  "AMAIR0" },
	{ SYSREG_KEY_CP32(0, 10, 3, 1),   VREG_AMAIR_EL1,      VPART_HI,  "AMAIR1" },
	{ SYSREG_KEY_CP32(0, 13, 0, 1),   VREG_CONTEXTIDR_EL1, VPART_LO,  "CONTEXTIDR" },
	/* AArch32: MCRR p15, opc1, Rt, Rt2, CRm (64-bit TTBRs, LPAE). */
	{ SYSREG_KEY_CP64(0, 2),          VREG_TTBR0_EL1,      VPART_PAIR, "TTBR0 (64-bit)" },
	{ SYSREG_KEY_CP64(1, 2),          VREG_TTBR1_EL1,      VPART_PAIR, "TTBR1 (64-bit)" },
};
const unsigned vsysreg_count = sizeof(vsysreg_table) / sizeof(vsysreg_table[0]);

static const char *const vreg_names[VREG_COUNT] = {
	[VREG_SCTLR_EL1] = "SCTLR_EL1", [VREG_TTBR0_EL1] = "TTBR0_EL1",
	[VREG_TTBR1_EL1] = "TTBR1_EL1", [VREG_TCR_EL1] = "TCR_EL1",
	[VREG_ESR_EL1] = "ESR_EL1", [VREG_FAR_EL1] = "FAR_EL1",
	[VREG_AFSR0_EL1] = "AFSR0_EL1", [VREG_AFSR1_EL1] = "AFSR1_EL1",
	[VREG_MAIR_EL1] = "MAIR_EL1", [VREG_AMAIR_EL1] = "AMAIR_EL1",
	[VREG_CONTEXTIDR_EL1] = "CONTEXTIDR_EL1", [VREG_DACR32_EL2] = "DACR32_EL2",
	[VREG_IFSR32_EL2] = "IFSR32_EL2",
};

const char *vreg_name(unsigned reg)
{
	return reg < VREG_COUNT ? vreg_names[reg] : "?";
}

const struct vsysreg *vsysreg_lookup(uint32_t key)
{
	for (unsigned i = 0; i < vsysreg_count; i++)
		if (vsysreg_table[i].key == key)
			return &vsysreg_table[i];
	return NULL;
}

bool vsysreg_decode(uint64_t esr, struct vsysreg_access *a)
{
	unsigned ec = (esr >> 26) & 0x3f;
	uint32_t iss = esr & 0x1ffffff;
	uint32_t mask;

	switch (ec) {
	case ESR_EC_SYS64_:
		mask = ISS_SYS_REG_MASK;
		break;
	case ESR_EC_CP15_32_:
		mask = ISS_CP32_REG_MASK;
		break;
	case ESR_EC_CP15_64_:
		mask = ISS_CP64_REG_MASK;
		break;
	default:
		return false;
	}
	a->key = SYSREG_KEY(ec, iss & mask);
	a->r = vsysreg_lookup(a->key);
	a->read = ISS_READ(iss);
	a->rt = ISS_RT(iss);
	a->rt2 = ec == ESR_EC_CP15_64_ ? ISS_RT2(iss) : 0;
	a->cv = ec != ESR_EC_SYS64_ && ISS_CV(iss);
	a->cond = ec != ESR_EC_SYS64_ ? ISS_COND(iss) : 0xe;
	return true;
}

uint64_t vsysreg_merge(unsigned part, uint64_t hw, uint64_t lo, uint64_t hi)
{
	const uint64_t low = UINT64_C(0xffffffff);

	switch (part) {
	case VPART_LO:
		return (hw & ~low) | (lo & low);
	case VPART_HI:
		return (hw & low) | ((lo & low) << 32);
	case VPART_PAIR:
		return (lo & low) | ((hi & low) << 32);
	default:
		return lo;
	}
}

void vsysreg_extract(unsigned part, uint64_t hw, uint64_t *lo, uint64_t *hi)
{
	*hi = 0;
	switch (part) {
	case VPART_LO:
		*lo = hw & 0xffffffff;
		break;
	case VPART_HI:
		*lo = hw >> 32;
		break;
	case VPART_PAIR:
		*lo = hw & 0xffffffff;
		*hi = hw >> 32;
		break;
	default:
		*lo = hw;
		break;
	}
}

void vsysreg_describe(uint32_t key, char *buf, unsigned len)
{
	unsigned ec = key >> 25;
	uint32_t iss = key & 0x1ffffff;
	unsigned op1 = (iss & ISS_OP1_MASK) >> ISS_OP1_SHIFT, op2 = (iss & ISS_OP2_MASK) >> ISS_OP2_SHIFT;
	unsigned crn = (iss >> ISS_CRN_SHIFT) & 0xf, crm = (iss & ISS_CRM_MASK) >> ISS_CRM_SHIFT;

	if (ec == ESR_EC_SYS64_)
		snprintf(buf, len, "S%u_%u_C%u_C%u_%u", (unsigned)((iss & ISS_OP0_MASK) >> ISS_OP0_SHIFT), op1, crn, crm, op2);
	else if (ec == ESR_EC_CP15_32_)
		snprintf(buf, len, "p15, %u, c%u, c%u, %u", op1, crn, crm, op2);
	else if (ec == ESR_EC_CP15_64_)
		snprintf(buf, len, "p15, %u, c%u (64-bit)", (unsigned)((iss & ISS_OPC1_64_MASK) >> ISS_OPC1_64_SHIFT), crm);
	else
		snprintf(buf, len, "ec 0x%x iss 0x%x", ec, (unsigned)iss);
}

_Static_assert(sizeof(vsysreg_table) / sizeof(vsysreg_table[0]) <= VSYSREG_MAX, "VSYSREG_MAX too small");
