/* SPDX-License-Identifier: MIT */
/* The trap frame's register geometry and frame records (traps/<arch>/frame.h). */
#ifdef HYPTEST_ARCH_arm32
#include "traps/arm32/frame.h"
#else
#include "traps/arm64/frame.h"
#endif
