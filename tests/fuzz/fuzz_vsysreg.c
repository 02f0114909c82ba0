/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for traps/vsysreg.c, the decoder of trapped system-register
 * syndromes (ESR_EL2 EC 0x18 MSR/MRS, 0x03 MCR/MRC p15, 0x04 MCRR/MRRC p15)
 * and the passthrough table. Input: ESR (8 bytes), then a hardware value,
 * two written halves, a part and a buffer length.
 *
 * Invariants, against the field layout written out again here from the Arm
 * ARM (D17.2.37) rather than taken from traps/vsysreg.h:
 *   - decode accepts exactly the three ECs;
 *   - the key is EC above the naming fields, nothing else (the CRn field is
 *     four bits, [13:10]: the sysreg-crn-mask knob breaks this);
 *   - Rt, Rt2, direction, CV and COND come from their bits;
 *   - encode(decode(esr)) decodes to the same access, so bits outside the
 *     fields (IL, RES0, ISS2) never change a decode;
 *   - the table entry found is the one with that key, and its names exist;
 *   - describe() writes what the fields say, truncated and NUL-terminated;
 *   - merge then extract gives back what was written, the other half kept.
 */
#include "tests/fuzz/fuzz.h"
#include "traps/vsysreg.h"

static uint32_t bits(uint64_t x, unsigned hi, unsigned lo)
{
	return (uint32_t)((x >> lo) & ((UINT64_C(1) << (hi - lo + 1)) - 1));
}

/* The naming fields of the syndrome, per EC, placed where the key keeps them. */
static uint32_t ref_key(unsigned ec, uint64_t esr)
{
	uint32_t k = 0;

	if (ec == 0x18)
		k = bits(esr, 21, 20) << 20;			/* Op0 */
	if (ec == 0x18 || ec == 0x03)
		k |= bits(esr, 19, 17) << 17 |		/* Op2 / Opc2 */
		     bits(esr, 16, 14) << 14 |		/* Op1 / Opc1 */
		     bits(esr, 13, 10) << 10;		/* CRn: four bits */
	if (ec == 0x04)
		k = bits(esr, 19, 16) << 16;		/* Opc1 of MCRR/MRRC */
	return (uint32_t)ec << 25 | k | bits(esr, 4, 1) << 1;	/* CRm */
}

static void same_access(const struct vsysreg_access *a, const struct vsysreg_access *b, uint64_t esr)
{
	FUZZ_CHECK(a->r == b->r && a->key == b->key && a->read == b->read && a->rt == b->rt &&
		   a->rt2 == b->rt2 && a->cv == b->cv && a->cond == b->cond,
		   "esr 0x%llx: re-encoded syndrome decodes differently (key 0x%x vs 0x%x)",
		   (unsigned long long)esr, a->key, b->key);
}

static void check_table_once(void)
{
	static int done;

	if (done++)
		return;
	for (unsigned i = 0; i < vsysreg_count; i++) {
		FUZZ_CHECK(vsysreg_table[i].reg < VREG_COUNT && vsysreg_table[i].part <= VPART_PAIR,
			   "table entry %u (%s)", i, vsysreg_table[i].name);
		for (unsigned j = i + 1; j < vsysreg_count; j++)
			FUZZ_CHECK(vsysreg_table[i].key != vsysreg_table[j].key, "%s and %s share a key",
				   vsysreg_table[i].name, vsysreg_table[j].name);
	}
}

static void check_describe(uint32_t key, unsigned len)
{
	unsigned ec = key >> 25;
	char want[96], *buf = malloc(len);

	FUZZ_CHECK(buf != NULL, "out of memory");
	if (ec == 0x18)
		snprintf(want, sizeof(want), "S%u_%u_C%u_C%u_%u", bits(key, 21, 20), bits(key, 16, 14),
			 bits(key, 13, 10), bits(key, 4, 1), bits(key, 19, 17));
	else if (ec == 0x03)
		snprintf(want, sizeof(want), "p15, %u, c%u, c%u, %u", bits(key, 16, 14), bits(key, 13, 10),
			 bits(key, 4, 1), bits(key, 19, 17));
	else
		snprintf(want, sizeof(want), "p15, %u, c%u (64-bit)", bits(key, 19, 16), bits(key, 4, 1));
	vsysreg_describe(key, buf, len);
	FUZZ_CHECK(memchr(buf, 0, len) != NULL, "describe(0x%x, len %u) is not NUL-terminated", key, len);
	FUZZ_CHECK(strncmp(buf, want, len - 1) == 0 && strlen(buf) == (strlen(want) < len - 1 ? strlen(want) : len - 1),
		   "describe(0x%x) = '%s', want '%s'", key, buf, want);
	free(buf);
}

static void check_merge(unsigned part, uint64_t hw, uint64_t lo, uint64_t hi)
{
	const uint64_t low = 0xffffffff;
	uint64_t m = vsysreg_merge(part, hw, lo, hi), l2, h2;

	vsysreg_extract(part, m, &l2, &h2);
	switch (part) {
	case VPART_ALL:
		FUZZ_CHECK(m == lo && l2 == lo && h2 == 0, "ALL: 0x%llx", (unsigned long long)m);
		break;
	case VPART_LO:
		FUZZ_CHECK(l2 == (lo & low) && m >> 32 == hw >> 32 && h2 == 0, "LO: 0x%llx", (unsigned long long)m);
		break;
	case VPART_HI:
		FUZZ_CHECK(l2 == (lo & low) && (m & low) == (hw & low) && h2 == 0, "HI: 0x%llx",
			   (unsigned long long)m);
		break;
	default:
		FUZZ_CHECK(l2 == (lo & low) && h2 == (hi & low), "PAIR: 0x%llx", (unsigned long long)m);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size };
	uint64_t esr = fz_u64(&in), hw = fz_u64(&in), lo = fz_u64(&in), hi = fz_u64(&in), esr2;
	unsigned part = fz_u8(&in) % 4, len = 1 + fz_u8(&in) % 48, ec = bits(esr, 31, 26);
	struct vsysreg_access a, b;
	const struct vsysreg *r = NULL;

	check_table_once();
	check_merge(part, hw, lo, hi);
	FUZZ_CHECK(vreg_name(lo & 0xff) != NULL, "vreg_name(%u)", (unsigned)(lo & 0xff));
	memset(&a, 0x5a, sizeof(a));
	if (!vsysreg_decode(esr, &a)) {
		FUZZ_CHECK(ec != 0x18 && ec != 0x03 && ec != 0x04, "EC 0x%x refused", ec);
		return 0;
	}
	FUZZ_CHECK(ec == 0x18 || ec == 0x03 || ec == 0x04, "EC 0x%x accepted", ec);
	FUZZ_CHECK(a.key == ref_key(ec, esr), "esr 0x%llx: key 0x%x, the fields make 0x%x",
		   (unsigned long long)esr, a.key, ref_key(ec, esr));
	FUZZ_CHECK(a.read == (bits(esr, 0, 0) == 1) && a.rt == bits(esr, 9, 5), "esr 0x%llx: Rt/direction",
		   (unsigned long long)esr);
	FUZZ_CHECK(a.rt2 == (ec == 0x04 ? bits(esr, 14, 10) : 0), "esr 0x%llx: Rt2 %u", (unsigned long long)esr,
		   a.rt2);
	FUZZ_CHECK(ec == 0x18 ? !a.cv && a.cond == 0xe : a.cv == bits(esr, 24, 24) && a.cond == bits(esr, 23, 20),
		   "esr 0x%llx: CV/COND", (unsigned long long)esr);
	for (unsigned i = 0; i < vsysreg_count && !r; i++)
		if (vsysreg_table[i].key == a.key)
			r = &vsysreg_table[i];
	FUZZ_CHECK(a.r == r, "esr 0x%llx: table entry %s, want %s", (unsigned long long)esr,
		   a.r ? a.r->name : "none", r ? r->name : "none");
	if (r)
		FUZZ_CHECK(strcmp(vreg_name(r->reg), "?") != 0, "%s lands in no register", r->name);

	/* encode(decode(esr)): only the fields, everything else zero. */
	esr2 = (uint64_t)ec << 26 | (a.key & 0x1ffffff) | a.rt << 5 | (a.read ? 1u : 0u);
	if (ec == 0x04)
		esr2 |= (uint64_t)a.rt2 << 10;
	if (ec != 0x18)
		esr2 |= (uint64_t)a.cv << 24 | (uint64_t)a.cond << 20;
	FUZZ_CHECK(vsysreg_decode(esr2, &b), "re-encoded 0x%llx refused", (unsigned long long)esr2);
	same_access(&a, &b, esr);
	check_describe(a.key, len);
	return 0;
}
