/* SPDX-License-Identifier: MIT */
/* Description of the QEMU virt platform. */
#include "lib/platform.h"

const struct platform_desc platform = {
	.name = "qemu-virt",
	.early_uart = PLATFORM_EARLY_UART,
};
