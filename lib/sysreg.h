/* SPDX-License-Identifier: MIT */
/* System-register accessors and fields: AArch64 names on both arches (the arm32 header maps them to cp15). */
#ifdef HYPTEST_ARCH_arm32
#include "lib/arm32/sysreg.h"
#else
#include "lib/arm64/sysreg.h"
#endif
