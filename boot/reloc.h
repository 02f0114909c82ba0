/* SPDX-License-Identifier: MIT */
/* The image's dynamic relocation entries, as boot.relocated reads them (boot/<arch>/reloc.h). */
#ifdef HYPTEST_ARCH_arm32
#include "boot/arm32/reloc.h"
#else
#include "boot/arm64/reloc.h"
#endif
