/* SPDX-License-Identifier: MIT */
/* Placement policy: classes of (PA, VA) pairs, and the seeded chooser (arch-neutral, host-tested). */
#ifndef HYPTEST_PLACEMENT_H
#define HYPTEST_PLACEMENT_H

#include "lib/compiler.h"
#include "lib/dt.h"

enum placement_class {
	PC_IDENTICAL, PC_DISJOINT, PC_SHARED_L0, PC_SHARED_L1, PC_SHARED_L2, PC_OVERLAP,
	PC_COUNT
};

/* The translation regime's table levels above the last: their shifts, root first. */
struct regime {
	int first_level;	/* level number of the root (0 on arm64 4K/48-bit) */
	int nlevels;		/* table levels above the page level */
	unsigned shift[4];	/* VA shift of one entry at each of those levels */
	uint64_t page;		/* granule */
};

extern const struct regime regime_arm64_4k;
extern const struct regime regime_arm32_lpae;

const char *placement_class_name(enum placement_class c);
/* Parse a class name (as printed, or lower case); -1 if unknown. */
int placement_class_parse(const char *s);
/* Does the regime have this class (shared-L0 needs a level-0 table)? */
bool placement_class_exists(const struct regime *rg, enum placement_class c);
/* The class of I = [pa, pa+size) and R = [va, va+size). */
enum placement_class placement_classify(const struct regime *rg, uint64_t pa, uint64_t va, uint64_t size);

struct placement_req {
	const struct regime *rg;
	const struct mem_range *mem;	/* RAM */
	int nmem;
	const struct mem_range *resv;	/* not to be touched: reserved, DTB, loader */
	int nresv;
	uint64_t size;			/* footprint to place, a multiple of the page */
	uint64_t seed;
	int force_class;		/* -1: chosen from the seed */
	bool force_pa, force_va;
	uint64_t pa, va;
	uint64_t va_min, va_limit;	/* R must lie in [va_min, va_limit) */
	uint64_t pa_limit;		/* I must lie below this (identity mappable) */
};

struct placement {
	uint64_t pa, va;
	enum placement_class cls;
};

/* 0, or -1 with a one-line reason in err. Deterministic in (req, seed). */
int placement_choose(const struct placement_req *r, struct placement *out, char *err, size_t errlen);

/* Free RAM: mem minus resv, page aligned inwards, below limit. Returns the count. */
int placement_free_ranges(const struct placement_req *r, struct mem_range *out, int max);

#endif
