/* SPDX-License-Identifier: MIT */
/*
 * The on-target watchdog: the EL2 timer's interrupt really reaches a test
 * that spins at EL2 through the DT's interrupt controller, whichever it is
 * (traps.watchdog), and a test that needs more than the
 * default limit can declare it (framework.slow). The guest side is in
 * test_guest.c (guest.watchdog-*), the end-to-end timeout in
 * framework.hang.
 */
#include "selftest/selftest.h"
#include "traps/watchdog.h"
#include "traps/intc.h"
#include "lib/sysreg.h"
#include "mm/layout.h"

#define EXPECT_MS	10
#define WAIT_MS		1500
#define SLOW_MS		2500

static uint64_t count(void)
{
	isb();
	return READ_SYSREG(cntpct_el0);
}

/* Busy for ms of the physical count (no WFE: only an interrupt can stop it). */
static void spin_ms(unsigned ms)
{
	uint64_t end = count() + ms * watchdog.ticks_per_ms;

	while (count() < end)
		;
}

TEST(traps, watchdog)
{
	unsigned irqs = watchdog.irqs;
	uint64_t t0, end, off, ms;

	if (!watchdog.armed) {
		/*
		 * Entered at EL3, the firmware that decides which interrupts the
		 * Non-secure side may use is the image's own EL3 shim
		 * (boot/arm64/el3_shim.S): a controller that then refuses the
		 * timer's interrupt is this image's bug, not the platform's.
		 */
		if (watchdog.intc_refused && boot_mm.has_bi && boot_mm.bi.entry_el == 3)
			FAIL("watchdog off under the image's own EL3 shim: %s", watchdog.off);
		SKIP("the watchdog is off: %s", watchdog.off ? watchdog.off : "not armed");
	}
	t0 = count();
	end = t0 + WAIT_MS * watchdog.ticks_per_ms;
	ASSERT_TRUE(watchdog_expect(EXPECT_MS, false));
	while (!watchdog.fired && count() < end)
		;
	if (!watchdog.fired)
		FAIL("the EL2 timer (%s %u) did not interrupt a loop at EL2 within %u ms (set for %u ms); "
		     "%u timer IRQs so far; the %s %s it pending", intc_irq_word(), watchdog.irq, WAIT_MS, EXPECT_MS,
		     watchdog.irqs, intc_name(), intc_pending(watchdog.irq) ? "holds" : "does not hold");
	if (watchdog.fired_in_guest)
		FAIL("the timer's IRQ was reported as a guest exit");
	ms = (watchdog.fired_at - t0) / watchdog.ticks_per_ms;
	if (ms < EXPECT_MS)
		FAIL("the timer fired after %lu ms, before its %u ms", (unsigned long)ms, EXPECT_MS);
	ASSERT_EQ(watchdog.irqs, irqs + 1);
	/* The interrupted PC is this test's loop, in the image's text. */
	off = watchdog.fired_elr - (uint64_t)(uintptr_t)__image_start;
	if (off >= (uint64_t)(__text_end - __image_start))
		FAIL("the IRQ interrupted 0x%lx, outside the image's text", (unsigned long)watchdog.fired_elr);
	selftest_note("%s %u interrupted image+0x%lx after %lu ms (set for %u ms)", intc_irq_word(), watchdog.irq,
		      (unsigned long)off, (unsigned long)ms, EXPECT_MS);
}

/* Longer than the default limit, and declared so: it must PASS under the default watchdog. */
TEST_LIMIT(framework, slow, TEST_NEGATIVE, 2 * SLOW_MS)
{
	if (!watchdog.ticks_per_ms)
		SKIP("no counter frequency");
	spin_ms(SLOW_MS);
	selftest_note("busy for %u ms under a declared limit of %u ms", SLOW_MS, 2 * SLOW_MS);
}
