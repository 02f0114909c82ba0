/* SPDX-License-Identifier: MIT */
/* arm32 hooks of the loader stub: the image header, the counter, cache maintenance. */
#include <string.h>
#include "boot/loader.h"
#include "lib/arm32/sysreg.h"
#include "mm/arm32/cache.h"

const char *const arch_name = "arm32";
const struct regime *const arch_regime = &regime_arm32_lpae;

/*
 * The payload's header (boot/arm32/head.S): the zImage magic 0x016f2818 at
 * 0x24, then hyptest's "HT32" at 0x34 and its footprint at 0x38.
 */
uint64_t arch_image_footprint(const void *image, size_t len)
{
	const uint8_t *h = image;
	uint32_t magic, size;

	if (len < 0x40)
		return 0;
	memcpy(&magic, h + 0x24, 4);
	memcpy(&size, h + 0x38, 4);
	if (magic != 0x016f2818 || memcmp(h + 0x34, "HT32", 4))
		return 0;
	return size;
}

/* ARMv7 has no architected random number instruction. */
bool arch_random(uint64_t *v)
{
	(void)v;
	return false;
}

uint64_t arch_counter(void)
{
	return READ_SYSREG(cntpct_el0);
}

void arch_clean_for_mmu_off(uint64_t start, uint64_t end)
{
	dcache_clean_inval_poc(start, end);
}
