/* SPDX-License-Identifier: MIT */
/* Stack-protector support: the guard (seeded by head.S from the counter) and the failure report. */
#include "lib/compiler.h"
#include "lib/platform.h"
#include "lib/console.h"

uintptr_t __stack_chk_guard = (uintptr_t)UINT64_C(0x5a5aa5a5c3c33c3c);

void __stack_chk_fail(void) __noreturn;
void __stack_chk_fail(void)
{
	console_puts("hyptest: error: stack smashing detected\n");
	platform_exit(1);
}
