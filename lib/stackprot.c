/* SPDX-License-Identifier: MIT */
/* Stack-protector support: the canary (seeded before any C runs by lib/<arch>/stackprot_seed.S) and the failure path. */
#include "lib/stackprot.h"
#include "lib/platform.h"
#include "lib/console.h"

uintptr_t __stack_chk_guard = STACK_GUARD_LINKED;
uint32_t stack_guard_source;

__attribute__((weak)) void stack_smashed(uintptr_t ret)
{
	(void)ret;
	console_puts("hyptest: error: stack smashing detected\n");
	platform_exit(1);
}

/* Called by the epilogue of a protected function whose canary changed. It has no canary itself. */
void __stack_chk_fail(void) __noreturn;
__attribute__((no_stack_protector)) void __stack_chk_fail(void)
{
	stack_smashed((uintptr_t)__builtin_return_address(0));
}

const char *stack_guard_describe(void)
{
	static const char *const names[] = {
		"nothing", "RNDR", "counter", "RNDR+counter", "seed", "RNDR+seed", "counter+seed",
		"RNDR+counter+seed",
	};

	return names[stack_guard_source & 7];
}
