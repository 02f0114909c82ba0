/* SPDX-License-Identifier: MIT */
/* arm32 exit hooks: semihosting SVC #0x123456 (ARM state), PSCI calls by SMC or HVC (SMC32), halt. */
#include "lib/platform.h"

/*
 * AArch32 semihosting (ARM state): r0 = operation, r1 = pointer to its
 * parameter block (32-bit fields), SVC #0x123456; the result comes back in
 * r0. The block's address is a VA of the current translation regime.
 */
intptr_t arch_semihost_call(unsigned op, uintptr_t *block)
{
	register uint32_t r0 __asm__("r0") = op;
	register uint32_t r1 __asm__("r1") = (uint32_t)(uintptr_t)block;

	__asm__ __volatile__("svc #0x123456" : "+r"(r0) : "r"(r1) : "memory");
	return (intptr_t)r0;
}

void arch_semihost_exit(int status)
{
	/*
	 * { reason, exit code }: SYS_EXIT_EXTENDED, since the AArch32 SYS_EXIT
	 * takes the reason only and cannot carry a status.
	 */
	static uintptr_t block[2];

	block[0] = ADP_STOPPED_APPLICATION_EXIT;
	block[1] = (uintptr_t)status;
	arch_semihost_call(SEMIHOST_SYS_EXIT_EXTENDED, block);
}

/* SMCCC 32-bit: function id and arguments in r0-r3, the result in r0 (sign-extended: PSCI errors are negative). */
uint64_t arch_psci_call(enum psci_conduit c, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint32_t r0 __asm__("r0") = (uint32_t)fn;
	register uint32_t r1 __asm__("r1") = (uint32_t)a1;
	register uint32_t r2 __asm__("r2") = (uint32_t)a2;
	register uint32_t r3 __asm__("r3") = (uint32_t)a3;

	if (c == PSCI_SMC)
		__asm__ __volatile__("smc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) :: "memory");
	else if (c == PSCI_HVC)
		__asm__ __volatile__("hvc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) :: "memory");
	return (uint64_t)(int64_t)(int32_t)r0;
}

void arch_halt(void)
{
	for (;;)
		__asm__ __volatile__("wfe");
}
