/* SPDX-License-Identifier: MIT */
/*
 * A fake descriptor format for the host tests of mm/pgtable.c, in which every
 * level keeps its bits somewhere else, so a builder that mixes up levels fails.
 *
 * Geometry: 4 KiB tables of 512 8-byte entries, levels 1 (root) to 4 (pages),
 * so the levels are numbered differently from arm64 (0 to 3); 47-bit VAs, so
 * the root uses only half of its entries; blocks only at level 3 (2 MiB), not
 * at level 2 (1 GiB). Per level:
 *
 *   level  valid        table  tag    W        X        DEVICE  NC  frame  key
 *   1      0            1      4:2    5        6        7       8   47:12  0x9e3779b97
 *   2      63           62     61:59  58 (RO)  57       56      55  43:8   0x3c6ef372f
 *   3      20           21     2:0    3        4 (XN)   5       6   59:24  0xa54ff53a5
 *   4      45:44 = 0b10 -      62:60  1        0        2       3   39:4   0x510e527f0
 *
 * "frame" holds (PA >> 12) XOR key (36 bits); "tag" holds level + FAKE_TAG_BIAS;
 * (RO)/(XN): the bit set means "not writable"/"not executable". Every other
 * bit is zero in a descriptor the builder wrote, and an all-zero entry is
 * invalid at every level. A level-4 entry with bits 45:44 = 0b11 is reserved
 * (invalid), like arm64's level-3 0b01.
 *
 * The test that includes this provides fake_pt_bad_level() (called when the
 * builder asks about a level the format has no such thing at) and
 * fake_pt_event() (the barrier and TLB maintenance hooks).
 */
#ifndef HYPTEST_FAKE_ARCH_PTE_H
#define HYPTEST_FAKE_ARCH_PTE_H

#include "lib/compiler.h"
#include "mm/pgtable.h"

typedef uint64_t pte_t;

#define PT_ROOT_LEVEL	1
#define PT_LAST_LEVEL	4
#define PT_ENTRIES	512
#define PT_VA_BITS	47

#define FAKE_TAG_BIAS	2
#define FAKE_FRAME_BITS	36
#define FAKE_FRAME_MASK	GENMASK(FAKE_FRAME_BITS - 1, 0)
#define FAKE_NO_BIT	0xff

/* Where one level keeps its fields (bit numbers; FAKE_NO_BIT: absent). */
struct fake_level {
	uint8_t valid;		/* level 4: the high bit of the 0b10 pair at 45:44 */
	uint8_t table;
	uint8_t tag;		/* lowest bit of the 3-bit tag */
	uint8_t w, x, dev, nc;
	uint8_t frame;		/* lowest bit of the 36-bit frame field */
	bool w_inverted, x_inverted;
	uint64_t key;
};

/* The host test defines it: a level the format has no such thing at (a builder bug). */
void fake_pt_bad_level(int level);

static inline const struct fake_level *fake_level(int level)
{
	static const struct fake_level lv[] = {
		[1] = { .valid = 0, .table = 1, .tag = 2, .w = 5, .x = 6, .dev = 7, .nc = 8,
			.frame = 12, .key = UINT64_C(0x9e3779b97) },
		[2] = { .valid = 63, .table = 62, .tag = 59, .w = 58, .x = 57, .dev = 56, .nc = 55,
			.frame = 8, .w_inverted = true, .key = UINT64_C(0x3c6ef372f) },
		[3] = { .valid = 20, .table = 21, .tag = 0, .w = 3, .x = 4, .dev = 5, .nc = 6,
			.frame = 24, .x_inverted = true, .key = UINT64_C(0xa54ff53a5) },
		[4] = { .valid = 45, .table = FAKE_NO_BIT, .tag = 60, .w = 1, .x = 0, .dev = 2,
			.nc = 3, .frame = 4, .key = UINT64_C(0x510e527f0) },
	};

	if (level < PT_ROOT_LEVEL || level > PT_LAST_LEVEL) {
		fake_pt_bad_level(level);
		level = PT_ROOT_LEVEL;
	}
	return &lv[level];
}

/* Level 4 validity is a two-bit pattern: 0b10 at 45:44. */
#define FAKE_L4_PAIR_SHIFT	44

static inline unsigned arch_pt_shift(int level)
{
	return 12 + 9 * (PT_LAST_LEVEL - level);
}

/* Blocks only at level 3 (2 MiB). */
static inline bool arch_pte_leaf_ok(int level)
{
	return level == 3;
}

static inline pte_t fake_pte_frame(uint64_t pa, int level)
{
	const struct fake_level *l = fake_level(level);

	return (((pa >> 12) ^ l->key) & FAKE_FRAME_MASK) << l->frame;
}

static inline pte_t fake_pte_tag(int level)
{
	return (pte_t)(level + FAKE_TAG_BIAS) << fake_level(level)->tag;
}

static inline pte_t arch_pte_table(uint64_t pa, int level)
{
	const struct fake_level *l = fake_level(level);

	if (l->table == FAKE_NO_BIT) {	/* no tables at the last level */
		fake_pt_bad_level(level);
		return 0;
	}
	return fake_pte_frame(pa, level) | fake_pte_tag(level) | BIT(l->valid) | BIT(l->table);
}

static inline pte_t arch_pte_leaf(uint64_t pa, int level, unsigned attrs)
{
	const struct fake_level *l = fake_level(level);
	pte_t p = fake_pte_frame(pa, level) | fake_pte_tag(level) | BIT(l->valid);

	if (!(attrs & MM_W) == l->w_inverted)
		p |= BIT(l->w);
	if (!(attrs & MM_X) == l->x_inverted)
		p |= BIT(l->x);
	if (attrs & MM_DEVICE)
		p |= BIT(l->dev);
	if (attrs & MM_NC)
		p |= BIT(l->nc);
	return p;
}

static inline bool arch_pte_valid(pte_t p, int level)
{
	if (level == PT_LAST_LEVEL)
		return ((p >> FAKE_L4_PAIR_SHIFT) & 3) == 2;
	return p & BIT(fake_level(level)->valid);
}

static inline bool arch_pte_is_table(pte_t p, int level)
{
	return level < PT_LAST_LEVEL && (p & BIT(fake_level(level)->table));
}

static inline uint64_t arch_pte_addr(pte_t p, int level)
{
	const struct fake_level *l = fake_level(level);

	return (((p >> l->frame) ^ l->key) & FAKE_FRAME_MASK) << 12;
}

static inline unsigned arch_pte_attrs(pte_t p, int level)
{
	const struct fake_level *l = fake_level(level);
	unsigned a = 0;

	if (!(p & BIT(l->w)) == l->w_inverted)
		a |= MM_W;
	if (!(p & BIT(l->x)) == l->x_inverted)
		a |= MM_X;
	if (p & BIT(l->dev))
		a |= MM_DEVICE;
	if (p & BIT(l->nc))
		a |= MM_NC;
	return a;
}

/*
 * Ordering and TLB maintenance: no hardware here, so each hook reports an
 * event to fake_pt_event(), which the host test defines and records (it can
 * then check break-before-make: the entry is invalid when its TLBI comes).
 */
enum fake_pt_event { FAKE_EV_PUBLISH, FAKE_EV_TLBI_VA, FAKE_EV_TLBI_ALL, FAKE_EV_ISB,
		      FAKE_EV_TLBI_VA_LOCAL, FAKE_EV_TLBI_ALL_LOCAL };
void fake_pt_event(enum fake_pt_event ev, uint64_t va);

static inline void arch_pte_publish(void)
{
	fake_pt_event(FAKE_EV_PUBLISH, 0);
}

static inline void arch_tlb_inval_va(uint64_t va, bool local)
{
	fake_pt_event(local ? FAKE_EV_TLBI_VA_LOCAL : FAKE_EV_TLBI_VA, va);
}

static inline void arch_tlb_inval_all(bool local)
{
	fake_pt_event(local ? FAKE_EV_TLBI_ALL_LOCAL : FAKE_EV_TLBI_ALL, 0);
}

static inline void arch_pt_isb(void)
{
	fake_pt_event(FAKE_EV_ISB, 0);
}

#endif
