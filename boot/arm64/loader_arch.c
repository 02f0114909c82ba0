/* SPDX-License-Identifier: MIT */
/* arm64 hooks of the loader stub: the image header, RNDR, the counter, cache maintenance. */
#include <string.h>
#include "boot/loader.h"
#include "lib/arm64/sysreg.h"
#include "mm/arm64/cache.h"

const char *const arch_name = "arm64";
const struct regime *const arch_regime = &regime_arm64_4k;

/* The payload's arm64 Image header: image_size at byte 16, "ARM\x64" at 56. */
uint64_t arch_image_footprint(const void *image, size_t len)
{
	const uint8_t *h = image;
	uint64_t size = 0;

	if (len < 64 || memcmp(h + 56, "ARM\x64", 4))
		return 0;
	for (int i = 7; i >= 0; i--)
		size = (size << 8) | h[16 + i];
	return size;
}

/* ID_AA64ISAR0_EL1.RNDR, bits 63:60: non-zero when RNDR/RNDRRS exist (FEAT_RNG). */
bool arch_random(uint64_t *v)
{
	uint64_t ok;

	if (!(READ_SYSREG(id_aa64isar0_el1) >> 60))
		return false;
	/* RNDR is s3_3_c2_c4_0; it clears PSTATE.Z on success. */
	__asm__ __volatile__("mrs %0, s3_3_c2_c4_0\n\tcset %1, ne" : "=r"(*v), "=r"(ok) :: "cc");
	return ok;
}

uint64_t arch_counter(void)
{
	return READ_SYSREG(cntpct_el0);
}

void arch_clean_for_mmu_off(uint64_t start, uint64_t end)
{
	dcache_clean_inval_poc(start, end);
}
