/* SPDX-License-Identifier: MIT */
/* arm32's placement limits, from mm/va_layout.h (HYP mode, LPAE) as the loader sees them. */
#define HYPTEST_ARCH_arm32
#include "mm/va_layout.h"
#include "tests/unit/placement_layout.h"

const struct placement_layout layout_arm32_lpae = {
	.name = "arm32-lpae", .rg = &PLACEMENT_REGIME,
	.va_min = RUNTIME_VA_MIN, .va_limit = FIXED_BASE, .pa_limit = FIXED_BASE,
};
