/* SPDX-License-Identifier: MIT */
/* arm64's placement limits, from mm/va_layout.h as the loader sees them. */
#include "mm/va_layout.h"
#include "tests/unit/placement_layout.h"

const struct placement_layout layout_arm64_4k = {
	.name = "arm64-4k", .rg = &PLACEMENT_REGIME,
	.va_min = RUNTIME_VA_MIN, .va_limit = FIXED_BASE, .pa_limit = FIXED_BASE,
};
