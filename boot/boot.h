/* SPDX-License-Identifier: MIT */
/* What the boot path found and decided, for the tests to compare against the hardware. */
#ifndef HYPTEST_BOOT_H
#define HYPTEST_BOOT_H

#include "lib/compiler.h"
#include "lib/bootargs.h"
#include "selftest/selftest.h"

struct boot_state {
	const void *fdt;	/* NULL if unusable */
	struct bootargs args;
	uint64_t seed;
	int cpus;
	uint64_t hcr_written;	/* what head.S meant to write to HCR_EL2 */
	bool uart_found;	/* stdout-path resolved to a PL011 */
	uint64_t uart_base;	/* console UART (PA) from the DT, 0 if not used */
	const char *uart_why;
};

extern struct boot_state boot;
extern const struct selftest __selftests_start[], __selftests_end[];

void hyp_main(uint64_t dtb_pa, uint64_t image_pa) __noreturn;
void el1_main(const void *fdt) __noreturn;

#endif
