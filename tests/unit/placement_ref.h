/* SPDX-License-Identifier: MIT */
/*
 * A reference for the placement chooser (boot/placement.c), written apart
 * from it and sharing none of its code: what a class is, what fits, and
 * whether a request can be satisfied at all, decided by a method of its own.
 */
#ifndef HYPTEST_TESTS_PLACEMENT_REF_H
#define HYPTEST_TESTS_PLACEMENT_REF_H

#include <stdbool.h>
#include <stdint.h>
#include "boot/placement.h"

/* The class of (pa, va) from the highest bit where they differ; -1 for a class the regime lacks. */
int ref_class(const struct regime *rg, uint64_t pa, uint64_t va, uint64_t size);
/* [pa, pa+size): page aligned, inside one memory range, below pa_limit, clear of every reserved range. */
bool ref_pa_fits(const struct placement_req *r, uint64_t pa);
/* [va, va+size): page aligned, inside [va_min, va_limit). */
bool ref_va_fits(const struct placement_req *r, uint64_t va);
/*
 * Is there a pa that fits with class cls against va (cls < 0: any class),
 * with pa in [lo, hi]? The one found goes to *pa (may be NULL).
 */
bool ref_pa_exists(const struct placement_req *r, int cls, uint64_t va, uint64_t lo, uint64_t hi, uint64_t *pa);
/* Is there a va that fits with class cls against pa (cls < 0: any class)? The one found goes to *va. */
bool ref_va_exists(const struct placement_req *r, int cls, uint64_t pa, uint64_t *va);
/* Is there a fitting pair of class cls (found: *pa, *va)? -1 when the memory map is too large to decide here. */
int ref_pair_exists(const struct placement_req *r, int cls, uint64_t *pa, uint64_t *va);
/* The regime's level-l block size. */
uint64_t ref_block(const struct regime *rg, int l);

#endif
