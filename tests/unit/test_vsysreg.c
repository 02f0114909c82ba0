/* SPDX-License-Identifier: MIT */
/*
 * Host tests of traps/vsysreg.c: the ESR_EL2 decode of trapped system-register
 * accesses (EC 0x18 MSR/MRS, EC 0x03 MCR/MRC p15, EC 0x04 MCRR/MRRC p15) and
 * the passthrough table, against a list of registers written here from the
 * Arm ARM (the AArch64 encodings, and the AArch32 cp15 registers with where
 * each lands in the AArch64 register file, "AArch32 register mappings").
 * The syndromes are built here with their own bit arithmetic, not with the
 * header's SYSREG_* macros, and every encoding of the three layouts is
 * decoded once: exactly the listed ones may name a register.
 *
 * Built four times: as is (test_vsysreg), with INJECT_SYSREG_CRN_MASK
 * (test_vsysreg_crnmask: the decode drops CRn bit 0), INJECT_SYSREG_FAR_HALVES
 * (test_vsysreg_farhalves: DFAR and IFAR swap halves of FAR_EL1) and
 * INJECT_SYSREG_MAIR_HALVES (test_vsysreg_mairhalves: MAIR0 and MAIR1 swap
 * halves of MAIR_EL1). In a knob build the tests that cover the knob expect
 * to see the bug, on exactly the registers it breaks (those assertions are
 * inverted under #ifdef and say what they caught); everything else must hold
 * unchanged. A knob binary passing thus shows these tests detect that bug.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <cmocka.h>

#include "traps/vsysreg.h"

#if defined(INJECT_SYSREG_CRN_MASK)
#define BUILD_NAME	"vsysreg_crnmask"
#define KNOB_NAME	"sysreg-crn-mask"
#elif defined(INJECT_SYSREG_FAR_HALVES)
#define BUILD_NAME	"vsysreg_farhalves"
#define KNOB_NAME	"sysreg-far-halves"
#elif defined(INJECT_SYSREG_MAIR_HALVES)
#define BUILD_NAME	"vsysreg_mairhalves"
#define KNOB_NAME	"sysreg-mair-halves"
#else
#define BUILD_NAME	"vsysreg"
#define KNOB_NAME	"(none)"
#endif

#define N_ELEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------ */
/* ESR_EL2, as the Arm ARM lays it out (D17.2.37), built by hand.           */

#define EC_CP15_32	0x03u	/* MCR/MRC p15, from AArch32 */
#define EC_CP15_64	0x04u	/* MCRR/MRRC p15, from AArch32 */
#define EC_SYS64	0x18u	/* MSR/MRS/SYS, from AArch64 */
#define ESR_IL		(UINT64_C(1) << 25)	/* a 32-bit instruction */

/* EC 0x18: Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] Rt[9:5] CRm[4:1] Direction[0]. */
static uint64_t esr_a64(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
			unsigned rt, bool read)
{
	return ((uint64_t)EC_SYS64 << 26) | ESR_IL | ((uint64_t)op0 << 20) | ((uint64_t)op2 << 17) |
	       ((uint64_t)op1 << 14) | ((uint64_t)crn << 10) | ((uint64_t)rt << 5) |
	       ((uint64_t)crm << 1) | (read ? 1 : 0);
}

/* EC 0x03: CV[24] COND[23:20] Opc2[19:17] Opc1[16:14] CRn[13:10] Rt[9:5] CRm[4:1] Direction[0]. */
static uint64_t esr_cp32(unsigned opc1, unsigned crn, unsigned crm, unsigned opc2, unsigned rt,
			 bool read, bool cv, unsigned cond)
{
	return ((uint64_t)EC_CP15_32 << 26) | ESR_IL | ((uint64_t)(cv ? 1 : 0) << 24) |
	       ((uint64_t)cond << 20) | ((uint64_t)opc2 << 17) | ((uint64_t)opc1 << 14) |
	       ((uint64_t)crn << 10) | ((uint64_t)rt << 5) | ((uint64_t)crm << 1) | (read ? 1 : 0);
}

/* EC 0x04: CV[24] COND[23:20] Opc1[19:16] (15 RES0) Rt2[14:10] Rt[9:5] CRm[4:1] Direction[0]. */
static uint64_t esr_cp64(unsigned opc1, unsigned crm, unsigned rt, unsigned rt2, bool read,
			 bool cv, unsigned cond)
{
	return ((uint64_t)EC_CP15_64 << 26) | ESR_IL | ((uint64_t)(cv ? 1 : 0) << 24) |
	       ((uint64_t)cond << 20) | ((uint64_t)opc1 << 16) | ((uint64_t)rt2 << 10) |
	       ((uint64_t)rt << 5) | ((uint64_t)crm << 1) | (read ? 1 : 0);
}

/*
 * The key (vsysreg.h): the EC at bit 25 above the ISS with only the fields
 * that name the register kept (no Rt, Rt2, Direction, CV, COND).
 */
static uint32_t own_key(unsigned ec, unsigned op0, unsigned op1, unsigned crn, unsigned crm,
			unsigned op2)
{
	uint32_t iss;

	if (ec == EC_SYS64)
		iss = (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (crm << 1);
	else if (ec == EC_CP15_32)
		iss = (op2 << 17) | (op1 << 14) | (crn << 10) | (crm << 1);
	else
		iss = (op1 << 16) | (crm << 1);
	return (ec << 25) | iss;
}

/* ------------------------------------------------------------------------ */
/* The registers, from the Arm ARM.                                         */

struct spec {
	const char *name;	/* the guest's name for it */
	unsigned ec;
	/* A64: op0, op1, CRn, CRm, op2. cp15 32-bit: op0 0, opc1, CRn, CRm, opc2. cp15 64-bit: opc1, CRm. */
	unsigned op0, op1, crn, crm, op2;
	unsigned reg;		/* enum vreg */
	unsigned part;		/* enum vpart */
};

#define A64(n, o0, o1, n_, m, o2, r) { n, EC_SYS64, o0, o1, n_, m, o2, r, VPART_ALL }
#define CP32(n, o1, n_, m, o2, r, p) { n, EC_CP15_32, 0, o1, n_, m, o2, r, p }
#define CP64(n, o1, m, r)            { n, EC_CP15_64, 0, o1, 0, m, 0, r, VPART_PAIR }

static const struct spec spec[] = {
	/* AArch64, MSR/MRS: (op0, op1, CRn, CRm, op2). */
	A64("SCTLR_EL1",      3, 0,  1, 0, 0, VREG_SCTLR_EL1),
	A64("TTBR0_EL1",      3, 0,  2, 0, 0, VREG_TTBR0_EL1),
	A64("TTBR1_EL1",      3, 0,  2, 0, 1, VREG_TTBR1_EL1),
	A64("TCR_EL1",        3, 0,  2, 0, 2, VREG_TCR_EL1),
	A64("AFSR0_EL1",      3, 0,  5, 1, 0, VREG_AFSR0_EL1),
	A64("AFSR1_EL1",      3, 0,  5, 1, 1, VREG_AFSR1_EL1),
	A64("ESR_EL1",        3, 0,  5, 2, 0, VREG_ESR_EL1),
	A64("FAR_EL1",        3, 0,  6, 0, 0, VREG_FAR_EL1),
	A64("MAIR_EL1",       3, 0, 10, 2, 0, VREG_MAIR_EL1),
	A64("AMAIR_EL1",      3, 0, 10, 3, 0, VREG_AMAIR_EL1),
	A64("CONTEXTIDR_EL1", 3, 0, 13, 0, 1, VREG_CONTEXTIDR_EL1),
	/* AArch32, MCR/MRC p15: (opc1, CRn, CRm, opc2) -> the AArch64 register and its part. */
	CP32("SCTLR",      0,  1, 0, 0, VREG_SCTLR_EL1,      VPART_LO),
	CP32("TTBR0",      0,  2, 0, 0, VREG_TTBR0_EL1,      VPART_LO),
	CP32("TTBR1",      0,  2, 0, 1, VREG_TTBR1_EL1,      VPART_LO),
	CP32("TTBCR",      0,  2, 0, 2, VREG_TCR_EL1,        VPART_LO),
	CP32("DACR",       0,  3, 0, 0, VREG_DACR32_EL2,     VPART_LO),
	CP32("DFSR",       0,  5, 0, 0, VREG_ESR_EL1,        VPART_LO),
	CP32("IFSR",       0,  5, 0, 1, VREG_IFSR32_EL2,     VPART_LO),
	CP32("ADFSR",      0,  5, 1, 0, VREG_AFSR0_EL1,      VPART_LO),
	CP32("AIFSR",      0,  5, 1, 1, VREG_AFSR1_EL1,      VPART_LO),
	CP32("DFAR",       0,  6, 0, 0, VREG_FAR_EL1,        VPART_LO),
	CP32("IFAR",       0,  6, 0, 2, VREG_FAR_EL1,        VPART_HI),
	CP32("MAIR0",      0, 10, 2, 0, VREG_MAIR_EL1,       VPART_LO),
	CP32("MAIR1",      0, 10, 2, 1, VREG_MAIR_EL1,       VPART_HI),
	CP32("AMAIR0",     0, 10, 3, 0, VREG_AMAIR_EL1,      VPART_LO),
	CP32("AMAIR1",     0, 10, 3, 1, VREG_AMAIR_EL1,      VPART_HI),
	CP32("CONTEXTIDR", 0, 13, 0, 1, VREG_CONTEXTIDR_EL1, VPART_LO),
	/* AArch32, MCRR/MRRC p15 (LPAE): (opc1, CRm). */
	CP64("TTBR0",      0, 2, VREG_TTBR0_EL1),
	CP64("TTBR1",      1, 2, VREG_TTBR1_EL1),
};
#define SPEC_N		N_ELEMS(spec)
_Static_assert(SPEC_N == 29, "11 AArch64 + 16 cp15 32-bit + 2 cp15 64-bit registers");

static uint32_t spec_key(const struct spec *s)
{
	return own_key(s->ec, s->op0, s->op1, s->crn, s->crm, s->op2);
}

/* The listed register with these fields, or NULL. */
static const struct spec *spec_find(unsigned ec, unsigned op0, unsigned op1, unsigned crn,
				    unsigned crm, unsigned op2)
{
	for (unsigned i = 0; i < SPEC_N; i++) {
		const struct spec *s = &spec[i];

		if (s->ec == ec && s->op0 == op0 && s->op1 == op1 && s->crn == crn &&
		    s->crm == crm && s->op2 == op2)
			return s;
	}
	return NULL;
}

static const struct spec *spec_named(unsigned ec, const char *name)
{
	for (unsigned i = 0; i < SPEC_N; i++)
		if (spec[i].ec == ec && !strcmp(spec[i].name, name))
			return &spec[i];
	fail_msg("no spec item %s for ec 0x%x", name, ec);
	return NULL;
}

static uint64_t spec_esr(const struct spec *s, unsigned rt, unsigned rt2, bool read, bool cv,
			 unsigned cond)
{
	if (s->ec == EC_SYS64)
		return esr_a64(s->op0, s->op1, s->crn, s->crm, s->op2, rt, read);
	if (s->ec == EC_CP15_32)
		return esr_cp32(s->op1, s->crn, s->crm, s->op2, rt, read, cv, cond);
	return esr_cp64(s->op1, s->crm, rt, rt2, read, cv, cond);
}

static const char *ec_name(unsigned ec)
{
	return ec == EC_SYS64 ? "MSR/MRS" : ec == EC_CP15_32 ? "MCR/MRC p15" : "MCRR/MRRC p15";
}

static const char *part_name(unsigned part)
{
	static const char *const n[] = { "ALL", "LO", "HI", "PAIR" };

	return part < N_ELEMS(n) ? n[part] : "?";
}

static const char *fields(unsigned ec, unsigned op0, unsigned op1, unsigned crn, unsigned crm,
			  unsigned op2)
{
	static char buf[96];

	if (ec == EC_SYS64)
		snprintf(buf, sizeof(buf), "%s op0=%u op1=%u CRn=%u CRm=%u op2=%u", ec_name(ec), op0,
			 op1, crn, crm, op2);
	else if (ec == EC_CP15_32)
		snprintf(buf, sizeof(buf), "%s opc1=%u CRn=%u CRm=%u opc2=%u", ec_name(ec), op1, crn,
			 crm, op2);
	else
		snprintf(buf, sizeof(buf), "%s opc1=%u CRm=%u", ec_name(ec), op1, crm);
	return buf;
}

/* "TTBR0_EL1 LO" or "NULL" for what a decode found, for messages. */
static const char *found(const struct vsysreg *r)
{
	static char buf[96];

	if (!r)
		return "NULL";
	snprintf(buf, sizeof(buf), "%s %s (entry \"%s\", key 0x%08x)", vreg_name(r->reg),
		 part_name(r->part), r->name ? r->name : "(null)", r->key);
	return buf;
}

/* ------------------------------------------------------------------------ */
/* What each knob breaks, per encoding.                                     */

/*
 * Whether the build's knob changes what this encoding decodes to (via_decode)
 * or what its key looks up to (!via_decode). Without a knob: nothing.
 */
static bool knob_hits(unsigned ec, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
		      bool via_decode)
{
	(void)ec; (void)op1; (void)crn; (void)crm; (void)op2; (void)via_decode;
#if defined(INJECT_SYSREG_CRN_MASK)
	/* The decode drops CRn bit 0: every odd CRn names another register or none. */
	return via_decode && ec != EC_CP15_64 && (crn & 1);
#elif defined(INJECT_SYSREG_FAR_HALVES)
	/* DFAR (c6, c0, 0) and IFAR (c6, c0, 2). */
	return ec == EC_CP15_32 && op1 == 0 && crn == 6 && crm == 0 && (op2 == 0 || op2 == 2);
#elif defined(INJECT_SYSREG_MAIR_HALVES)
	/* MAIR0 (c10, c2, 0) and MAIR1 (c10, c2, 1). */
	return ec == EC_CP15_32 && op1 == 0 && crn == 10 && crm == 2 && op2 <= 1;
#else
	return false;
#endif
}

static bool knob_hits_spec(const struct spec *s, bool via_decode)
{
	return knob_hits(s->ec, s->op1, s->crn, s->crm, s->op2, via_decode);
}

/* Whether the knob breaks some encoding of this EC (so a test of it must see a problem). */
static bool knob_reaches(unsigned ec, bool via_decode)
{
	bool any = false;

	for (unsigned i = 0; i < SPEC_N; i++)
		if (spec[i].ec == ec && knob_hits_spec(&spec[i], via_decode))
			any = true;
	return any;
}

/*
 * One listed item's check came out ok (or not, with why): without a knob it
 * must be ok; in a knob build it must be broken exactly when the knob hits it.
 */
static void expect_item(const struct spec *s, bool hit, bool ok, const char *what, const char *why)
{
	if (!hit && !ok)
		fail_msg("[%s] %s %s (%s): %s", BUILD_NAME, what, s->name, ec_name(s->ec), why);
	if (hit && ok)
		fail_msg("[%s] the %s knob went unnoticed: %s %s (%s) still comes out right",
			 BUILD_NAME, KNOB_NAME, what, s->name, ec_name(s->ec));
	if (hit)
		print_message("[%s] caught the %s knob: %s %s (%s): %s\n", BUILD_NAME, KNOB_NAME,
			      what, s->name, ec_name(s->ec), why);
}

/* ------------------------------------------------------------------------ */
/* Decoding the listed registers.                                           */

static bool in_table(const struct vsysreg *r)
{
	return r >= vsysreg_table && r < vsysreg_table + vsysreg_count;
}

/* The table's name is the guest's: the spec name, maybe followed by " (...)" ("TTBR0 (64-bit)"). */
static bool name_matches(const char *table_name, const char *spec_name)
{
	size_t n = strlen(spec_name);

	return table_name && !strncmp(table_name, spec_name, n) &&
	       (table_name[n] == 0 || table_name[n] == ' ');
}

/* Decode s's syndrome with one set of Rt/Rt2/direction/CV/COND: true if all is as s says. */
static bool decode_one(const struct spec *s, unsigned rt, unsigned rt2, bool read, bool cv,
		       unsigned cond, struct vsysreg_access *a, char *why, size_t len)
{
	uint64_t esr = spec_esr(s, rt, rt2, read, cv, cond);

	memset(a, 0xa5, sizeof(*a));
	if (!vsysreg_decode(esr, a)) {
		snprintf(why, len, "ESR 0x%llx: vsysreg_decode returned false", (unsigned long long)esr);
		return false;
	}
	/* The access fields: the knobs never touch them, so a mismatch fails in every build. */
	if (a->rt != rt || a->read != read ||
	    a->rt2 != (s->ec == EC_CP15_64 ? rt2 : 0) ||
	    a->cv != (s->ec == EC_SYS64 ? false : cv) ||
	    a->cond != (s->ec == EC_SYS64 ? 0xeu : cond))
		fail_msg("[%s] %s (%s), ESR 0x%llx: rt %u rt2 %u read %d cv %d cond 0x%x, want rt %u rt2 %u read %d cv %d cond 0x%x",
			 BUILD_NAME, s->name, ec_name(s->ec), (unsigned long long)esr, a->rt, a->rt2,
			 a->read, a->cv, a->cond, rt, s->ec == EC_CP15_64 ? rt2 : 0, read,
			 s->ec == EC_SYS64 ? false : cv, s->ec == EC_SYS64 ? 0xeu : cond);
	if (a->key != spec_key(s)) {
		snprintf(why, len, "ESR 0x%llx: key 0x%08x, want 0x%08x", (unsigned long long)esr,
			 a->key, spec_key(s));
		return false;
	}
	if (!a->r || !in_table(a->r) || a->r->reg != s->reg || a->r->part != s->part ||
	    a->r->key != a->key || !name_matches(a->r->name, s->name)) {
		snprintf(why, len, "ESR 0x%llx: decoded to %s, want %s %s", (unsigned long long)esr,
			 found(a->r), vreg_name(s->reg), part_name(s->part));
		return false;
	}
	return true;
}

/* Every listed register of ec, with a few Rt/Rt2/direction/CV/COND values. */
static void check_spec_ec(unsigned ec)
{
	static const unsigned rts[] = { 0, 1, 7, 17, 30, 31 };
	unsigned n = 0;

	for (unsigned i = 0; i < SPEC_N; i++) {
		const struct spec *s = &spec[i];
		struct vsysreg_access a;
		char why[256] = "";
		bool ok = true;

		if (s->ec != ec)
			continue;
		n++;
		for (unsigned j = 0; j < N_ELEMS(rts) && ok; j++)
			for (unsigned read = 0; read < 2 && ok; read++)
				ok = decode_one(s, rts[j], rts[N_ELEMS(rts) - 1 - j], read, j & 1,
						(j * 3 + read) & 0xf, &a, why, sizeof(why));
		expect_item(s, knob_hits_spec(s, true), ok, "decode of", why);
	}
	assert_true(n > 0);
}

static void test_a64_spec(void **state)
{
	(void)state;
	check_spec_ec(EC_SYS64);
#ifdef INJECT_SYSREG_CRN_MASK
	{
		/* The knob reads CRn 1 as 0: MSR SCTLR_EL1 no longer reaches SCTLR_EL1. */
		struct vsysreg_access a;

		assert_true(vsysreg_decode(esr_a64(3, 0, 1, 0, 0, 2, false), &a));
		assert_true(!a.r || a.r->reg != VREG_SCTLR_EL1);
		print_message("[%s] MSR SCTLR_EL1 decodes to %s\n", BUILD_NAME, found(a.r));
	}
#endif
}

static void test_cp32_spec(void **state)
{
	(void)state;
	check_spec_ec(EC_CP15_32);
#ifdef INJECT_SYSREG_CRN_MASK
	{
		/* The knob reads CRn 1 as 0 and 3 as 2: SCTLR is lost, DACR is taken for another register. */
		struct vsysreg_access a;

		assert_true(vsysreg_decode(esr_cp32(0, 1, 0, 0, 3, false, true, 0xe), &a));
		assert_true(!a.r || a.r->reg != VREG_SCTLR_EL1);
		print_message("[%s] MCR SCTLR decodes to %s\n", BUILD_NAME, found(a.r));
		assert_true(vsysreg_decode(esr_cp32(0, 3, 0, 0, 3, false, true, 0xe), &a));
		assert_true(!a.r || a.r->reg != VREG_DACR32_EL2);
		print_message("[%s] MCR DACR decodes to %s\n", BUILD_NAME, found(a.r));
	}
#elif defined(INJECT_SYSREG_FAR_HALVES)
	{
		/* The knob: DFAR is taken as FAR_EL1[63:32], IFAR as [31:0]. */
		struct vsysreg_access a;

		assert_true(vsysreg_decode(esr_cp32(0, 6, 0, 0, 3, false, true, 0xe), &a));
		assert_non_null(a.r);
		assert_int_equal(a.r->reg, VREG_FAR_EL1);
		assert_int_equal(a.r->part, VPART_HI);
		assert_true(vsysreg_decode(esr_cp32(0, 6, 0, 2, 3, false, true, 0xe), &a));
		assert_non_null(a.r);
		assert_int_equal(a.r->part, VPART_LO);
	}
#elif defined(INJECT_SYSREG_MAIR_HALVES)
	{
		/* The knob: MAIR0 is taken as MAIR_EL1[63:32], MAIR1 as [31:0]. */
		struct vsysreg_access a;

		assert_true(vsysreg_decode(esr_cp32(0, 10, 2, 0, 3, false, true, 0xe), &a));
		assert_non_null(a.r);
		assert_int_equal(a.r->reg, VREG_MAIR_EL1);
		assert_int_equal(a.r->part, VPART_HI);
		assert_true(vsysreg_decode(esr_cp32(0, 10, 2, 1, 3, false, true, 0xe), &a));
		assert_non_null(a.r);
		assert_int_equal(a.r->part, VPART_LO);
	}
#endif
}

static void test_cp64_spec(void **state)
{
	(void)state;
	check_spec_ec(EC_CP15_64);
}

/* vsysreg_lookup of each listed register's key (the key built here): its entry. */
static void test_lookup_keys(void **state)
{
	(void)state;
	for (unsigned i = 0; i < SPEC_N; i++) {
		const struct spec *s = &spec[i];
		const struct vsysreg *r = vsysreg_lookup(spec_key(s));
		char why[160] = "";
		bool ok = r && in_table(r) && r->key == spec_key(s) && r->reg == s->reg &&
			  r->part == s->part;

		if (!ok)
			snprintf(why, sizeof(why), "key 0x%08x looks up %s, want %s %s", spec_key(s),
				 found(r), vreg_name(s->reg), part_name(s->part));
		expect_item(s, knob_hits_spec(s, false), ok, "lookup of", why);
	}
	/* Keys of registers not passed through, and nonsense keys. */
	assert_null(vsysreg_lookup(own_key(EC_SYS64, 3, 0, 0, 0, 0)));		/* MIDR_EL1 */
	assert_null(vsysreg_lookup(own_key(EC_SYS64, 3, 0, 1, 0, 2)));		/* CPACR_EL1 */
	assert_null(vsysreg_lookup(own_key(EC_CP15_32, 0, 0, 0, 0, 0)));	/* MIDR */
	assert_null(vsysreg_lookup(own_key(EC_CP15_64, 0, 0, 0, 14, 0)));	/* CNTPCT */
	assert_null(vsysreg_lookup(0));
	assert_null(vsysreg_lookup(UINT32_MAX));
	/* A listed register's fields under another EC is not that register. */
	assert_null(vsysreg_lookup((0x05u << 25) | (own_key(EC_CP15_32, 0, 0, 1, 0, 0) & 0x1ffffff)));
	assert_null(vsysreg_lookup((EC_CP15_64 << 25) | (own_key(EC_CP15_32, 0, 0, 2, 0, 0) & 0x1ffffff)));
}

/* ------------------------------------------------------------------------ */
/* Every encoding of the three layouts.                                     */

static uint32_t rng_state = 0x9e3779b9u;

static uint32_t rng(void)
{
	/* xorshift32: deterministic, so a failure repeats. */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

struct sweep {
	unsigned n, matched;
	unsigned caught;	/* decoded wrong, under the build's knob */
	unsigned caught_reg;	/* of those: named the wrong register or part (not only the key) */
	char first_caught[256];	/* the first of them, one naming the wrong register if any */
};

/* Decode one encoding with random access fields; count whether it names what the spec says. */
static void sweep_one(struct sweep *sw, unsigned ec, unsigned op0, unsigned op1, unsigned crn,
		      unsigned crm, unsigned op2)
{
	const struct spec *want = spec_find(ec, op0, op1, crn, crm, op2);
	uint32_t x = rng();
	unsigned rt = x & 31, rt2 = (x >> 5) & 31, cond = (x >> 10) & 15;
	bool read = (x >> 14) & 1, cv = (x >> 15) & 1;
	uint32_t key = own_key(ec, op0, op1, crn, crm, op2);
	struct vsysreg_access a;
	uint64_t esr;
	bool ok;

	if (ec == EC_SYS64)
		esr = esr_a64(op0, op1, crn, crm, op2, rt, read);
	else if (ec == EC_CP15_32)
		esr = esr_cp32(op1, crn, crm, op2, rt, read, cv, cond);
	else
		esr = esr_cp64(op1, crm, rt, rt2, read, cv, cond);
	sw->n++;
	memset(&a, 0xa5, sizeof(a));
	if (!vsysreg_decode(esr, &a))
		fail_msg("[%s] %s, ESR 0x%llx: vsysreg_decode returned false", BUILD_NAME,
			 fields(ec, op0, op1, crn, crm, op2), (unsigned long long)esr);
	if (a.rt != rt || a.read != read || a.rt2 != (ec == EC_CP15_64 ? rt2 : 0) ||
	    a.cv != (ec == EC_SYS64 ? false : cv) || a.cond != (ec == EC_SYS64 ? 0xeu : cond))
		fail_msg("[%s] %s, ESR 0x%llx: rt %u rt2 %u read %d cv %d cond 0x%x, want rt %u rt2 %u read %d cv %d cond 0x%x",
			 BUILD_NAME, fields(ec, op0, op1, crn, crm, op2), (unsigned long long)esr,
			 a.rt, a.rt2, a.read, a.cv, a.cond, rt, ec == EC_CP15_64 ? rt2 : 0, read,
			 ec == EC_SYS64 ? false : cv, ec == EC_SYS64 ? 0xeu : cond);
	if (a.r && !in_table(a.r))
		fail_msg("[%s] %s: r = %p is not an entry of vsysreg_table", BUILD_NAME,
			 fields(ec, op0, op1, crn, crm, op2), (const void *)a.r);
	if (want)
		ok = a.r && a.r->reg == want->reg && a.r->part == want->part;
	else
		ok = !a.r;
	ok = ok && a.key == key && (!a.r || a.r->key == a.key);
	if (ok) {
		sw->matched += !!want;
		return;
	}
	{
		char why[256];
		bool reg_wrong = want ? !a.r || a.r->reg != want->reg || a.r->part != want->part
				      : a.r != NULL;

		snprintf(why, sizeof(why), "%s (ESR 0x%llx, key 0x%08x, want key 0x%08x): decoded to %s, want %s%s%s",
			 fields(ec, op0, op1, crn, crm, op2), (unsigned long long)esr, a.key, key,
			 found(a.r), want ? vreg_name(want->reg) : "NULL", want ? " " : "",
			 want ? part_name(want->part) : "");
		if (!knob_hits(ec, op1, crn, crm, op2, true))
			fail_msg("[%s] %s", BUILD_NAME, why);
		if (!sw->caught++ || (reg_wrong && !sw->caught_reg))
			snprintf(sw->first_caught, sizeof(sw->first_caught), "%s", why);
		sw->caught_reg += reg_wrong;
	}
}

/* After a sweep of ec: without a knob nothing was off; with one, only what it hits, and something. */
static void sweep_done(const struct sweep *sw, unsigned ec, unsigned want_n)
{
	unsigned listed = 0;

	assert_int_equal(sw->n, want_n);
	for (unsigned i = 0; i < SPEC_N; i++)
		if (spec[i].ec == ec && !knob_hits_spec(&spec[i], true))
			listed++;
	if (knob_reaches(ec, true)) {
		/* The knob's encodings came out wrong (those outside it already failed above). */
		if (!sw->caught)
			fail_msg("[%s] the %s knob went unnoticed by the %s sweep", BUILD_NAME,
				 KNOB_NAME, ec_name(ec));
		print_message("[%s] caught the %s knob: %u of %u %s encodings decode wrong (%u to the wrong register or part), e.g. %s\n",
			      BUILD_NAME, KNOB_NAME, sw->caught, sw->n, ec_name(ec), sw->caught_reg,
			      sw->first_caught);
		assert_true(sw->caught_reg > 0);
		assert_true(sw->matched >= listed);
	} else {
		assert_int_equal(sw->caught, 0);
		assert_int_equal(sw->matched, listed);
	}
}

static void test_sweep_a64(void **state)
{
	struct sweep sw = { 0 };

	(void)state;
	for (unsigned op0 = 0; op0 < 4; op0++)
		for (unsigned op1 = 0; op1 < 8; op1++)
			for (unsigned crn = 0; crn < 16; crn++)
				for (unsigned crm = 0; crm < 16; crm++)
					for (unsigned op2 = 0; op2 < 8; op2++)
						sweep_one(&sw, EC_SYS64, op0, op1, crn, crm, op2);
	sweep_done(&sw, EC_SYS64, 4 * 8 * 16 * 16 * 8);
}

static void test_sweep_cp32(void **state)
{
	struct sweep sw = { 0 };

	(void)state;
	for (unsigned opc1 = 0; opc1 < 8; opc1++)
		for (unsigned crn = 0; crn < 16; crn++)
			for (unsigned crm = 0; crm < 16; crm++)
				for (unsigned opc2 = 0; opc2 < 8; opc2++)
					sweep_one(&sw, EC_CP15_32, 0, opc1, crn, crm, opc2);
	sweep_done(&sw, EC_CP15_32, 8 * 16 * 16 * 8);
}

static void test_sweep_cp64(void **state)
{
	struct sweep sw = { 0 };

	(void)state;
	for (unsigned opc1 = 0; opc1 < 16; opc1++)
		for (unsigned crm = 0; crm < 16; crm++)
			sweep_one(&sw, EC_CP15_64, 0, opc1, 0, crm, 0);
	sweep_done(&sw, EC_CP15_64, 16 * 16);
}

/* Every other EC is not a system-register trap: false. */
static void test_other_ecs(void **state)
{
	static const unsigned named[] = {
		0x00,	/* unknown reason */
		0x01,	/* WFI/WFE */
		0x05,	/* MCR/MRC p14 */
		0x06,	/* LDC/STC p14 */
		0x07,	/* FP/SIMD */
		0x0c,	/* MRRC p14 */
		0x16,	/* HVC from AArch64 */
		0x17,	/* SMC from AArch64 */
		0x20,	/* instruction abort from a lower EL */
		0x24,	/* data abort from a lower EL */
		0x3f,
	};
	struct vsysreg_access a;

	(void)state;
	for (unsigned i = 0; i < N_ELEMS(named); i++) {
		/* With the ISS of a listed register (SCTLR_EL1's, which is also SCTLR's in cp15). */
		uint64_t esr = ((uint64_t)named[i] << 26) | ESR_IL | (UINT64_C(3) << 20) | (1u << 10);

		if (vsysreg_decode(esr, &a))
			fail_msg("[%s] vsysreg_decode(ESR 0x%llx, EC 0x%02x) returned true", BUILD_NAME,
				 (unsigned long long)esr, named[i]);
	}
	for (unsigned ec = 0; ec < 64; ec++) {
		bool want = ec == EC_SYS64 || ec == EC_CP15_32 || ec == EC_CP15_64;
		uint64_t esr = ((uint64_t)ec << 26) | ESR_IL | (1u << 10);

		if (vsysreg_decode(esr, &a) != want)
			fail_msg("[%s] vsysreg_decode(EC 0x%02x) returned %d, want %d", BUILD_NAME, ec,
				 !want, want);
	}
}

/* ------------------------------------------------------------------------ */
/* The table.                                                               */

/* Each entry is reached by the syndrome of exactly one listed register, and only that one. */
static void test_table_complete(void **state)
{
	unsigned hits[64] = { 0 };
	const struct spec *by[64] = { NULL };
	char problem[256] = "";
	unsigned problems = 0;

	(void)state;
	assert_int_equal(vsysreg_count, SPEC_N);
	assert_true(vsysreg_count <= N_ELEMS(hits));

	/* Table hygiene: no two entries share a key, every field in range, a name. */
	for (unsigned i = 0; i < vsysreg_count; i++) {
		const struct vsysreg *e = &vsysreg_table[i];

		if (e->reg >= VREG_COUNT || e->part > VPART_PAIR || !e->name || !e->name[0])
			fail_msg("[%s] entry %u (key 0x%08x): reg %u part %u name %s", BUILD_NAME, i,
				 e->key, e->reg, e->part, e->name ? e->name : "(null)");
		for (unsigned j = 0; j < i; j++)
			if (vsysreg_table[j].key == e->key)
				fail_msg("[%s] entries %u (%s) and %u (%s) share key 0x%08x", BUILD_NAME,
					 j, vsysreg_table[j].name, i, e->name, e->key);
		/* The key is one the table's own spec item computes (and a 64-bit access is PAIR). */
		{
			unsigned ec = e->key >> 25;

			if (ec != EC_SYS64 && ec != EC_CP15_32 && ec != EC_CP15_64)
				fail_msg("[%s] entry %u (%s): key 0x%08x has EC 0x%x", BUILD_NAME, i,
					 e->name, e->key, ec);
			if ((ec == EC_SYS64) != (e->part == VPART_ALL) ||
			    (ec == EC_CP15_64) != (e->part == VPART_PAIR))
				fail_msg("[%s] entry %u (%s): part %s for %s", BUILD_NAME, i, e->name,
					 part_name(e->part), ec_name(ec));
		}
	}

	/* Each listed register's syndrome: which entry it reaches. */
	for (unsigned i = 0; i < SPEC_N; i++) {
		const struct spec *s = &spec[i];
		struct vsysreg_access a;

		assert_true(vsysreg_decode(spec_esr(s, 4, 5, false, true, 0xe), &a));
		if (!a.r) {
			if (!problems++)
				snprintf(problem, sizeof(problem), "%s (%s) reaches no entry", s->name,
					 ec_name(s->ec));
			continue;
		}
		assert_true(in_table(a.r));
		hits[a.r - vsysreg_table]++;
		by[a.r - vsysreg_table] = s;
		if (a.r->key != spec_key(s) && !problems++)
			snprintf(problem, sizeof(problem), "%s (%s) reaches entry \"%s\" (key 0x%08x, want 0x%08x)",
				 s->name, ec_name(s->ec), a.r->name, a.r->key, spec_key(s));
	}
	for (unsigned i = 0; i < vsysreg_count; i++) {
		if (hits[i] == 1)
			continue;
		if (!problems++)
			snprintf(problem, sizeof(problem), "entry %u \"%s\" (%s %s) reached %u times%s%s",
				 i, vsysreg_table[i].name, vreg_name(vsysreg_table[i].reg),
				 part_name(vsysreg_table[i].part), hits[i], by[i] ? ", last by " : "",
				 by[i] ? by[i]->name : "");
	}
#ifdef INJECT_SYSREG_CRN_MASK
	/* The knob: the odd-CRn registers' entries are unreachable, DACR lands on TTBR0's. */
	if (!problems)
		fail_msg("[%s] the %s knob went unnoticed: every entry reached once", BUILD_NAME,
			 KNOB_NAME);
	print_message("[%s] caught the %s knob: %u problems, e.g. %s\n", BUILD_NAME, KNOB_NAME,
		      problems, problem);
#else
	if (problems)
		fail_msg("[%s] %u problems, e.g. %s", BUILD_NAME, problems, problem);
#endif
}

/* ------------------------------------------------------------------------ */
/* Parts: merge and extract.                                                */

#define HW	UINT64_C(0x1122334455667788)

static void test_merge(void **state)
{
	(void)state;
	/* LO: [31:0] replaced, [63:32] kept. */
	assert_true(vsysreg_merge(VPART_LO, HW, 0xaabbccdd, 0) == UINT64_C(0x11223344aabbccdd));
	/* HI: the value goes to [63:32], [31:0] kept. */
	assert_true(vsysreg_merge(VPART_HI, HW, 0xaabbccdd, 0) == UINT64_C(0xaabbccdd55667788));
	/* PAIR: Rt is [31:0], Rt2 is [63:32]; nothing of the old value. */
	assert_true(vsysreg_merge(VPART_PAIR, HW, 0xaabbccdd, 0x99887766) ==
		    UINT64_C(0x99887766aabbccdd));
	/* ALL: the whole 64-bit value. */
	assert_true(vsysreg_merge(VPART_ALL, HW, UINT64_C(0xdeadbeefcafef00d), 0x12345678) ==
		    UINT64_C(0xdeadbeefcafef00d));
	/* An AArch32 register is 32 bits: what an Xn holds above them is dropped. */
	assert_true(vsysreg_merge(VPART_LO, HW, UINT64_C(0xffffffff00000001), 0) ==
		    UINT64_C(0x1122334400000001));
	assert_true(vsysreg_merge(VPART_HI, HW, UINT64_C(0xffffffff00000001), 0) ==
		    UINT64_C(0x0000000155667788));
	assert_true(vsysreg_merge(VPART_PAIR, HW, UINT64_C(0xeeeeeeee00000002),
				  UINT64_C(0xdddddddd00000003)) == UINT64_C(0x0000000300000002));
	/* The extremes. */
	assert_true(vsysreg_merge(VPART_LO, UINT64_MAX, 0, 0) == UINT64_C(0xffffffff00000000));
	assert_true(vsysreg_merge(VPART_HI, UINT64_MAX, 0, 0) == UINT64_C(0x00000000ffffffff));
	assert_true(vsysreg_merge(VPART_LO, 0, UINT64_MAX, 0) == UINT64_C(0x00000000ffffffff));
	assert_true(vsysreg_merge(VPART_HI, 0, UINT64_MAX, 0) == UINT64_C(0xffffffff00000000));
	assert_true(vsysreg_merge(VPART_ALL, UINT64_MAX, 0, UINT64_MAX) == 0);
}

static void test_extract(void **state)
{
	uint64_t lo, hi;

	(void)state;
	vsysreg_extract(VPART_LO, HW, &lo, &hi);
	assert_true(lo == UINT64_C(0x55667788));
	vsysreg_extract(VPART_HI, HW, &lo, &hi);
	assert_true(lo == UINT64_C(0x11223344));
	vsysreg_extract(VPART_PAIR, HW, &lo, &hi);
	assert_true(lo == UINT64_C(0x55667788));
	assert_true(hi == UINT64_C(0x11223344));
	vsysreg_extract(VPART_ALL, HW, &lo, &hi);
	assert_true(lo == HW);
}

/* extract undoes merge (of the value as the register holds it), and writing back what was read keeps hw. */
static void test_merge_extract_inverse(void **state)
{
	static const unsigned parts[] = { VPART_ALL, VPART_LO, VPART_HI, VPART_PAIR };
	const uint64_t m32 = UINT64_C(0xffffffff);

	(void)state;
	for (unsigned n = 0; n < 2000; n++) {
		uint64_t hw = ((uint64_t)rng() << 32) | rng();
		uint64_t lo = ((uint64_t)rng() << 32) | rng();
		uint64_t hi = ((uint64_t)rng() << 32) | rng();

		for (unsigned p = 0; p < N_ELEMS(parts); p++) {
			unsigned part = parts[p];
			uint64_t merged = vsysreg_merge(part, hw, lo, hi), rlo, rhi;
			uint64_t want_lo = part == VPART_ALL ? lo : lo & m32;

			vsysreg_extract(part, merged, &rlo, &rhi);
			if (rlo != want_lo || (part == VPART_PAIR && rhi != (hi & m32)))
				fail_msg("[%s] %s: merge(0x%llx, 0x%llx, 0x%llx) = 0x%llx reads back 0x%llx/0x%llx",
					 BUILD_NAME, part_name(part), (unsigned long long)hw,
					 (unsigned long long)lo, (unsigned long long)hi,
					 (unsigned long long)merged, (unsigned long long)rlo,
					 (unsigned long long)rhi);
			/* The half not written is kept. */
			if ((part == VPART_LO && (merged >> 32) != (hw >> 32)) ||
			    (part == VPART_HI && (merged & m32) != (hw & m32)))
				fail_msg("[%s] %s: merge(0x%llx, 0x%llx) = 0x%llx changed the other half",
					 BUILD_NAME, part_name(part), (unsigned long long)hw,
					 (unsigned long long)lo, (unsigned long long)merged);
			vsysreg_extract(part, hw, &rlo, &rhi);
			if (vsysreg_merge(part, hw, rlo, rhi) != hw)
				fail_msg("[%s] %s: writing back what 0x%llx reads (0x%llx/0x%llx) changes it",
					 BUILD_NAME, part_name(part), (unsigned long long)hw,
					 (unsigned long long)rlo, (unsigned long long)rhi);
		}
	}
}

/* ------------------------------------------------------------------------ */
/* A guest's accesses, through decode and merge/extract.                    */

/* The guest writes v (v2: Rt2) with s's instruction: hw's new value. */
static uint64_t guest_write(const struct spec *s, uint64_t hw, uint64_t v, uint64_t v2)
{
	struct vsysreg_access a;

	assert_true(vsysreg_decode(spec_esr(s, 2, 3, false, false, 0xe), &a));
	if (!a.r || a.r->reg != s->reg)
		fail_msg("[%s] write of %s (%s) decodes to %s, want %s", BUILD_NAME, s->name,
			 ec_name(s->ec), found(a.r), vreg_name(s->reg));
	assert_false(a.read);
	return vsysreg_merge(a.r->part, hw, v, v2);
}

/* The guest reads s with hw in the register: Rt's value (and Rt2's in *v2). */
static uint64_t guest_read(const struct spec *s, uint64_t hw, uint64_t *v2)
{
	struct vsysreg_access a;
	uint64_t lo, hi;

	assert_true(vsysreg_decode(spec_esr(s, 2, 3, true, false, 0xe), &a));
	if (!a.r || a.r->reg != s->reg)
		fail_msg("[%s] read of %s (%s) decodes to %s, want %s", BUILD_NAME, s->name,
			 ec_name(s->ec), found(a.r), vreg_name(s->reg));
	assert_true(a.read);
	vsysreg_extract(a.r->part, hw, &lo, &hi);
	if (v2)
		*v2 = hi;
	return lo;
}

/*
 * The two 32-bit AArch32 views of one 64-bit register (lo_name: [31:0],
 * hi_name: [63:32]) written one after the other: each lands in its half, is
 * read back, and the AArch64 register holds both. swapped: the build's knob
 * swaps the two halves, and this must show.
 */
static void check_halves(const char *lo_name, const char *hi_name, const char *a64_name,
			 bool swapped)
{
	const struct spec *lo = spec_named(EC_CP15_32, lo_name);
	const struct spec *hi = spec_named(EC_CP15_32, hi_name);
	const struct spec *x = spec_named(EC_SYS64, a64_name);
	const uint64_t vlo = 0x1234abcd, vhi = 0x5678ef01;
	uint64_t hw;

	hw = guest_write(lo, 0, vlo, 0);
	if (swapped) {
		/* The knob: lo_name lands in [63:32]. */
		if (hw == vlo)
			fail_msg("[%s] the %s knob went unnoticed: %s = 0x%llx lands in %s[31:0]",
				 BUILD_NAME, KNOB_NAME, lo_name, (unsigned long long)vlo, a64_name);
		assert_true(hw == vlo << 32);
		print_message("[%s] caught the %s knob: writing %s = 0x%llx makes %s 0x%016llx\n",
			      BUILD_NAME, KNOB_NAME, lo_name, (unsigned long long)vlo, a64_name,
			      (unsigned long long)hw);
	} else if (hw != vlo) {
		fail_msg("[%s] writing %s = 0x%llx makes %s 0x%016llx, want 0x%016llx", BUILD_NAME,
			 lo_name, (unsigned long long)vlo, a64_name, (unsigned long long)hw,
			 (unsigned long long)vlo);
	}
	hw = guest_write(hi, hw, vhi, 0);
	if (swapped) {
		assert_true(hw == ((vlo << 32) | vhi));
	} else if (hw != ((vhi << 32) | vlo)) {
		fail_msg("[%s] then writing %s = 0x%llx makes %s 0x%016llx, want 0x%016llx",
			 BUILD_NAME, hi_name, (unsigned long long)vhi, a64_name, (unsigned long long)hw,
			 (unsigned long long)((vhi << 32) | vlo));
	}
	/* Each view reads back what was written to it, whichever half it sits in. */
	assert_true(guest_read(lo, hw, NULL) == vlo);
	assert_true(guest_read(hi, hw, NULL) == vhi);
	/* The AArch64 view sees the whole register. */
	assert_true(guest_read(x, hw, NULL) == hw);
	/* A write of one view keeps the other. */
	hw = guest_write(lo, hw, 0, 0);
	assert_true(guest_read(hi, hw, NULL) == vhi);
	assert_true(guest_read(lo, hw, NULL) == 0);
}

static void test_far_halves(void **state)
{
	(void)state;
#ifdef INJECT_SYSREG_FAR_HALVES
	check_halves("DFAR", "IFAR", "FAR_EL1", true);
#else
	check_halves("DFAR", "IFAR", "FAR_EL1", false);
#endif
}

static void test_mair_halves(void **state)
{
	(void)state;
#ifdef INJECT_SYSREG_MAIR_HALVES
	check_halves("MAIR0", "MAIR1", "MAIR_EL1", true);
#else
	check_halves("MAIR0", "MAIR1", "MAIR_EL1", false);
#endif
}

static void test_amair_halves(void **state)
{
	(void)state;
	check_halves("AMAIR0", "AMAIR1", "AMAIR_EL1", false);
}

/* TTBR0 and TTBR1 through their three views: MCRR (64-bit), MCR (32-bit), MSR. */
static void test_ttbr_views(void **state)
{
	static const char *const names[][2] = { { "TTBR0", "TTBR0_EL1" }, { "TTBR1", "TTBR1_EL1" } };

	(void)state;
	for (unsigned i = 0; i < N_ELEMS(names); i++) {
		const struct spec *p = spec_named(EC_CP15_64, names[i][0]);
		const struct spec *w = spec_named(EC_CP15_32, names[i][0]);
		const struct spec *x = spec_named(EC_SYS64, names[i][1]);
		uint64_t hw, v2;

		/* MCRR p15, opc1, Rt, Rt2, c2: Rt2 is [63:32] (the ASID), Rt [31:0]. */
		hw = guest_write(p, UINT64_C(0xffffffffffffffff), 0x80001000, 0x00420000);
		assert_true(hw == UINT64_C(0x0042000080001000));
		assert_true(guest_read(p, hw, &v2) == 0x80001000);
		assert_true(v2 == 0x00420000);
		assert_true(guest_read(w, hw, NULL) == 0x80001000);
		assert_true(guest_read(x, hw, NULL) == hw);
		/* MCR p15, 0, Rt, c2, c0, {0,1}: [31:0] only. */
		hw = guest_write(w, hw, 0x40002000, 0);
		assert_true(hw == UINT64_C(0x0042000040002000));
		/* MSR: all of it. */
		hw = guest_write(x, hw, UINT64_C(0x0001000087654000), 0);
		assert_true(guest_read(p, hw, &v2) == 0x87654000);
		assert_true(v2 == 0x00010000);
	}
}

/* ------------------------------------------------------------------------ */
/* Names and descriptions.                                                  */

static void test_vreg_name(void **state)
{
	static const char *const want[] = {
		[VREG_SCTLR_EL1] = "SCTLR_EL1",		[VREG_TTBR0_EL1] = "TTBR0_EL1",
		[VREG_TTBR1_EL1] = "TTBR1_EL1",		[VREG_TCR_EL1] = "TCR_EL1",
		[VREG_ESR_EL1] = "ESR_EL1",		[VREG_FAR_EL1] = "FAR_EL1",
		[VREG_AFSR0_EL1] = "AFSR0_EL1",		[VREG_AFSR1_EL1] = "AFSR1_EL1",
		[VREG_MAIR_EL1] = "MAIR_EL1",		[VREG_AMAIR_EL1] = "AMAIR_EL1",
		[VREG_CONTEXTIDR_EL1] = "CONTEXTIDR_EL1",	[VREG_DACR32_EL2] = "DACR32_EL2",
		[VREG_IFSR32_EL2] = "IFSR32_EL2",
	};

	(void)state;
	assert_int_equal(N_ELEMS(want), VREG_COUNT);
	for (unsigned r = 0; r < VREG_COUNT; r++) {
		bool used = false;

		assert_non_null(want[r]);
		assert_non_null(vreg_name(r));
		assert_string_equal(vreg_name(r), want[r]);
		/* Every register in the enum is one the spec lists something for. */
		for (unsigned i = 0; i < SPEC_N; i++)
			used = used || spec[i].reg == r;
		if (!used)
			fail_msg("[%s] enum vreg %u (%s): no listed register lands in it", BUILD_NAME, r,
				 want[r]);
	}
	/* The AArch64 registers' own names are their vreg names. */
	for (unsigned i = 0; i < SPEC_N; i++)
		if (spec[i].ec == EC_SYS64)
			assert_string_equal(vreg_name(spec[i].reg), spec[i].name);
	assert_string_equal(vreg_name(VREG_COUNT), "?");
	assert_string_equal(vreg_name(VREG_COUNT + 1), "?");
	assert_string_equal(vreg_name(255), "?");
	assert_string_equal(vreg_name(UINT32_MAX), "?");
}

static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		size_t i = 0;

		while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return !n;
}

static void describe(uint32_t key, char *buf, size_t len)
{
	memset(buf, '#', len);
	vsysreg_describe(key, buf, (unsigned)len);
	if (!memchr(buf, 0, len))
		fail_msg("[%s] vsysreg_describe(0x%08x) left no terminator", BUILD_NAME, key);
}

static void expect_describe(uint32_t key, const char *const *needles, unsigned n)
{
	char buf[96];

	describe(key, buf, sizeof(buf));
	if (!buf[0])
		fail_msg("[%s] vsysreg_describe(0x%08x) is empty", BUILD_NAME, key);
	for (unsigned i = 0; i < n; i++)
		if (!contains_nocase(buf, needles[i]))
			fail_msg("[%s] vsysreg_describe(0x%08x) = \"%s\": no \"%s\" in it", BUILD_NAME,
				 key, buf, needles[i]);
}

static void test_describe(void **state)
{
	static const char *const sctlr_el1[] = { "S3_0_C1_C0_0" };
	static const char *const contextidr_el1[] = { "S3_0_C13_C0_1" };
	static const char *const dfar[] = { "p15", "c6, c0, 0" };
	static const char *const ifar[] = { "p15", "c6, c0, 2" };
	static const char *const dacr[] = { "p15", "c3" };
	static const char *const ttbr1_64[] = { "p15", "1", "c2" };
	static const char *const other[] = { "" };
	char descs[SPEC_N][96];
	char small[8];

	(void)state;
	expect_describe(own_key(EC_SYS64, 3, 0, 1, 0, 0), sctlr_el1, N_ELEMS(sctlr_el1));
	expect_describe(own_key(EC_SYS64, 3, 0, 13, 0, 1), contextidr_el1, N_ELEMS(contextidr_el1));
	expect_describe(own_key(EC_CP15_32, 0, 0, 6, 0, 0), dfar, N_ELEMS(dfar));
	expect_describe(own_key(EC_CP15_32, 0, 0, 6, 0, 2), ifar, N_ELEMS(ifar));
	expect_describe(own_key(EC_CP15_32, 0, 0, 3, 0, 0), dacr, N_ELEMS(dacr));
	expect_describe(own_key(EC_CP15_64, 0, 1, 0, 2, 0), ttbr1_64, N_ELEMS(ttbr1_64));
	/* Not a system-register EC (an HVC): still something. */
	expect_describe((0x16u << 25) | 0x1234, other, 0);
	/* Every listed register has its own description. */
	for (unsigned i = 0; i < SPEC_N; i++) {
		describe(spec_key(&spec[i]), descs[i], sizeof(descs[i]));
		assert_true(descs[i][0] != 0);
		for (unsigned j = 0; j < i; j++)
			if (!strcmp(descs[i], descs[j]))
				fail_msg("[%s] %s (%s) and %s (%s) are both described as \"%s\"",
					 BUILD_NAME, spec[j].name, ec_name(spec[j].ec), spec[i].name,
					 ec_name(spec[i].ec), descs[i]);
	}
	/* Truncated to the buffer, always terminated; len 0 writes nothing. */
	describe(own_key(EC_CP15_32, 0, 0, 6, 0, 2), small, sizeof(small));
	assert_true(strlen(small) == sizeof(small) - 1);
	describe(own_key(EC_CP15_32, 0, 0, 6, 0, 2), small, 1);
	assert_string_equal(small, "");
	memset(small, '#', sizeof(small));
	vsysreg_describe(own_key(EC_CP15_32, 0, 0, 6, 0, 2), small, 0);
	assert_true(small[0] == '#');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a64_spec),
		cmocka_unit_test(test_cp32_spec),
		cmocka_unit_test(test_cp64_spec),
		cmocka_unit_test(test_lookup_keys),
		cmocka_unit_test(test_sweep_a64),
		cmocka_unit_test(test_sweep_cp32),
		cmocka_unit_test(test_sweep_cp64),
		cmocka_unit_test(test_other_ecs),
		cmocka_unit_test(test_table_complete),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_extract),
		cmocka_unit_test(test_merge_extract_inverse),
		cmocka_unit_test(test_far_halves),
		cmocka_unit_test(test_mair_halves),
		cmocka_unit_test(test_amair_halves),
		cmocka_unit_test(test_ttbr_views),
		cmocka_unit_test(test_vreg_name),
		cmocka_unit_test(test_describe),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests_name(BUILD_NAME, tests, NULL, NULL);
}
