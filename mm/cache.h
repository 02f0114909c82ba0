/* SPDX-License-Identifier: MIT */
/* The arch's data- and instruction-cache maintenance (mm/<arch>/cache.h). */
#ifdef HYPTEST_ARCH_arm32
#include "mm/arm32/cache.h"
#else
#include "mm/arm64/cache.h"
#endif
