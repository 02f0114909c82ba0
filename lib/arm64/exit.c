/* SPDX-License-Identifier: MIT */
/* arm64 exit hooks: semihosting HLT #0xf000, PSCI calls by SMC or HVC (SMCCC), halt. */
#include "lib/platform.h"

/*
 * AArch64 semihosting: x0 = operation, x1 = pointer to its parameter block
 * (64-bit fields), HLT #0xf000; the result comes back in x0. The block's
 * address is a VA of the current translation regime (the debugger or QEMU
 * reads it through the MMU when it is on).
 */
intptr_t arch_semihost_call(unsigned op, uintptr_t *block)
{
	register uint64_t x0 __asm__("x0") = op;
	register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;

	__asm__ __volatile__("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	return (intptr_t)x0;
}

void arch_semihost_exit(int status)
{
	/* { reason, exit code } */
	static uintptr_t block[2];

	block[0] = ADP_STOPPED_APPLICATION_EXIT;
	block[1] = (uintptr_t)(intptr_t)status;
	arch_semihost_call(SEMIHOST_SYS_EXIT_EXTENDED, block);
}

uint64_t arch_psci_call(enum psci_conduit c, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (c == PSCI_SMC)
		__asm__ __volatile__("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
	else if (c == PSCI_HVC)
		__asm__ __volatile__("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
	return x0;
}

void arch_halt(void)
{
	for (;;)
		__asm__ __volatile__("wfe");
}
