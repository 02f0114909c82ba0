/* SPDX-License-Identifier: MIT */
/* The loader's placement limits per arch (boot/loader.c), taken from each arch's mm/va_layout.h for the host tests. */
#ifndef HYPTEST_TESTS_PLACEMENT_LAYOUT_H
#define HYPTEST_TESTS_PLACEMENT_LAYOUT_H

#include <stdint.h>
#include "boot/placement.h"

struct placement_layout {
	const char *name;
	const struct regime *rg;	/* PLACEMENT_REGIME */
	uint64_t va_min;		/* RUNTIME_VA_MIN */
	uint64_t va_limit;		/* FIXED_BASE: the fixed regions start there */
	uint64_t pa_limit;		/* FIXED_BASE: the identity page must stay below them */
};

extern const struct placement_layout layout_arm64_4k, layout_arm32_lpae;

#endif
