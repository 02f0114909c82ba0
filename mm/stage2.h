/* SPDX-License-Identifier: MIT */
/*
 * A guest's stage 2 (IPA -> PA): the same table code and BBM/TLBI path as
 * the hypervisor's stage 1 (mm/pgtable.c), in the stage-2 format, tagged
 * with a VMID. Pages come from the boot allocator.
 */
#ifndef HYPTEST_STAGE2_H
#define HYPTEST_STAGE2_H

#include "mm/pgtable.h"

struct stage2 {
	struct pt pt;
	uint64_t vttbr;		/* VTTBR_EL2: root | VMID */
	uint64_t vtcr;		/* VTCR_EL2 */
};

/* Empty stage 2 for vmid (1-255; 0 is never a guest's). 0, or a pt_* error. */
int stage2_init(struct stage2 *s2, uint16_t vmid);
/* Map [ipa, ipa + size) to pa with MM_* attrs (pages only: the tests look at single pages). */
int stage2_map(struct stage2 *s2, uint64_t ipa, uint64_t pa, uint64_t size, unsigned attrs);
/* Unmap with break-before-make and the VMID's TLBI. */
int stage2_unmap(struct stage2 *s2, uint64_t ipa, uint64_t size);
/* Every leaf mapped, in IPA order: cb(ipa, pa, size, attrs) for each. Returns how many. */
unsigned stage2_for_each(const struct stage2 *s2, pt_leaf_fn cb, void *ctx);

#endif
