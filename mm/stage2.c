/* SPDX-License-Identifier: MIT */
/* A guest's stage 2: see stage2.h. */
#include "mm/stage2.h"
#include "mm/runtime.h"
#include "lib/sysreg.h"

int stage2_init(struct stage2 *s2, uint16_t vmid)
{
	int rc;

	mm_pt_runtime(&s2->pt);
	s2->pt.regime = PT_STAGE2;
	s2->pt.root_level = S2_ROOT_LEVEL;
	s2->pt.va_bits = S2_IPA_BITS;
	s2->pt.vmid = vmid;
	rc = pt_alloc_root(&s2->pt);
	if (rc)
		return rc;
	/* VTCR_EL2 / VTCR: the geometry above, and (arm64) the output size. */
	s2->vtcr = vtcr_el2_value();
	s2->vttbr = VTTBR_VALUE(s2->pt.root, vmid);
	return 0;
}

int stage2_map(struct stage2 *s2, uint64_t ipa, uint64_t pa, uint64_t size, unsigned attrs)
{
	return pt_map_flags(&s2->pt, ipa, pa, size, attrs, false, 0);
}

int stage2_unmap(struct stage2 *s2, uint64_t ipa, uint64_t size)
{
	return pt_unmap(&s2->pt, ipa, size, 0);
}

unsigned stage2_for_each(const struct stage2 *s2, pt_leaf_fn cb, void *ctx)
{
	return pt_for_each_leaf(&s2->pt, cb, ctx);
}
