/* SPDX-License-Identifier: MIT */
/* The arch's cycle counter (lib/<arch>/pmu.h): whether it counts at EL2, and how it is started. */
#ifdef HYPTEST_ARCH_arm32
#include "lib/arm32/pmu.h"
#else
#include "lib/arm64/pmu.h"
#endif
