/* SPDX-License-Identifier: MIT */
/* PAD=<size> builds: read-only padding that pushes the hypervisor past a size (seed 003). */
#include "lib/compiler.h"

/* First and last byte set, so the padding is real file content, not zeros folded away. */
const volatile char hyptest_pad[HYPTEST_PAD_BYTES] __used __aligned(4096) __section(".hyptest_pad") = {
	[0] = 'P', [HYPTEST_PAD_BYTES - 1] = 'D',
};
