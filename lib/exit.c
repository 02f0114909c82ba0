/* SPDX-License-Identifier: MIT */
/*
 * Leaving the image: semihosting SYS_EXIT_EXTENDED when the bootargs asked
 * for it (it is never probed: without semihosting the HLT is UNDEFINED),
 * else PSCI SYSTEM_OFF through the DT's conduit, else EOT (0x04) on the
 * console for a model that stops on it (platform.exit_eot: the FVP's
 * bp.pl011_uart0.shutdown_on_eot), else a visible halt.
 */
#include "lib/platform.h"
#include "lib/console.h"
#include "lib/gcov.h"

static enum exit_method method = EXIT_DEFAULT;
static enum psci_conduit conduit = PSCI_NONE;

void exit_configure(enum exit_method m, enum psci_conduit c)
{
	method = m;
	conduit = c;
}

bool exit_by_semihosting(void)
{
	return method == EXIT_SEMIHOST;
}

void platform_exit(int status)
{
	if (method == EXIT_SEMIHOST) {
		coverage_flush();	/* the coverage build's counters, by semihosting too */
		arch_semihost_exit(status);
	}
	if (method != EXIT_SEMIHOST && conduit != PSCI_NONE)
		arch_psci_call(conduit, UINT64_C(0x84000008) /* PSCI SYSTEM_OFF */, 0, 0, 0);
	if (platform.exit_eot)
		console_write("\x04", 1);
	console_puts("hyptest: halted: no exit method worked (use exit=semihost or a DT with /psci)\n");
	arch_halt();
}
