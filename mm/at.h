/* SPDX-License-Identifier: MIT */
/* Address translation by the hardware walker, for tests that must not trust software: at_s1e2() (mm/<arch>/at.h). */
#ifndef HYPTEST_AT_H
#define HYPTEST_AT_H

#include "lib/compiler.h"

struct at_result {
	bool fault;
	uint64_t pa;		/* output address (valid when !fault) */
	unsigned fsc;		/* fault status code (valid when fault) */
};

#ifdef HYPTEST_ARCH_arm32
#include "mm/arm32/at.h"
#else
#include "mm/arm64/at.h"
#endif

#endif
