/* SPDX-License-Identifier: MIT */
/*
 * The watchdog's interface (traps/watchdog.h) on arm32, which has no timer
 * and GIC code for it yet: never armed, with the reason in watchdog.off, so
 * traps.watchdog SKIPs and a test that hangs is stopped by the host timeout
 * (the runner's backstop on every arch). IRQs stay masked (PSTATE.I is never
 * cleared): nothing here can be interrupted. The counter frequency is kept
 * for the tests that time themselves (framework.slow).
 */
#include <stdio.h>
#include "traps/watchdog.h"
#include "lib/sysreg.h"
#include "selftest/selftest.h"

struct watchdog watchdog;

void watchdog_init(const void *fdt, bool has_ms, unsigned ms)
{
	watchdog.default_ms = has_ms ? ms : WATCHDOG_DEFAULT_MS;
	watchdog.ticks_per_ms = READ_SYSREG(cntfrq_el0) / 1000;
	watchdog.off = "the arm32 watchdog is not implemented";
	printf("# watchdog: off (%s): a test that hangs is stopped by the host timeout only\n", watchdog.off);
}

void watchdog_start(unsigned limit_ms)
{
	watchdog.armed = false;
	watchdog.expecting = false;
	watchdog.fired = false;
}

void watchdog_stop(void)
{
	watchdog.armed = false;
}

bool watchdog_expect(unsigned ms, bool in_guest)
{
	return false;
}

/* An IRQ cannot be taken (never unmasked); one that were would not be the watchdog's. */
enum watchdog_event watchdog_irq(uint64_t elr, bool in_guest)
{
	watchdog.other_irqs++;
	return WD_NONE;
}

const char *watchdog_timeout_reason(void)
{
	return watchdog.off;
}

void watchdog_guest_timeout(void)
{
	selftest_abandon("%s", watchdog.off);
}
