/* SPDX-License-Identifier: MIT */
/* A guest's stage 2: see stage2.h. */
#include "mm/stage2.h"
#include "mm/runtime.h"
#include "lib/arm64/sysreg.h"

int stage2_init(struct stage2 *s2, uint16_t vmid)
{
	uint64_t parange = READ_SYSREG(id_aa64mmfr0_el1) & ID_AA64MMFR0_PARANGE_MASK;
	int rc;

	mm_pt_runtime(&s2->pt);
	s2->pt.regime = PT_STAGE2;
	s2->pt.root_level = S2_ROOT_LEVEL;
	s2->pt.va_bits = S2_IPA_BITS;
	s2->pt.vmid = vmid;
	rc = pt_alloc_root(&s2->pt);
	if (rc)
		return rc;
	/*
	 * VTCR_EL2.PS: the output size, the CPU's PARange capped at 48 bits
	 * (0b101), the most a 4 KiB-granule descriptor here holds.
	 */
	if (parange > 5)
		parange = 5;
	s2->vtcr = VTCR_EL2_BASE | (parange << VTCR_EL2_PS_SHIFT);
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
