/* SPDX-License-Identifier: MIT */
/*
 * The on-target watchdog (see watchdog.h). The EL2 physical timer
 * (CNTHP_CVAL_EL2 / CNTHP_CTL_EL2, Arm ARM "The Generic Timer in AArch64
 * state"; on ARMv7 the PL2 physical timer CNTHP_CVAL / CNTHP_CTL, DDI 0406C
 * chapter B8, behind the same names in lib/arm32/sysreg.h) compares against
 * the physical count and raises its interrupt, which the DT's /timer node
 * names (4th entry: INTID 26 on QEMU virt, the local intc's source 2 on the
 * rpi3), through the boot CPU's interface of the DT's interrupt controller
 * (traps/intc.h: a GICv2, GICv3 or GICv4 on either arch, the BCM2836 local
 * intc on the rpi3).
 *
 * Routing (Arm ARM "Asynchronous exception routing" and HCR_EL2.IMO,
 * D19.2.48; DDI 0406C "Asynchronous exception routing controls" and
 * HCR.IMO, B4.1.65): with HCR_EL2.TGE = 0 and IMO = 0 a physical IRQ
 * targets EL1 and is never taken while executing at EL2; with IMO = 1 it is
 * taken to EL2 from EL2 (masked by PSTATE.I there, CPSR.I in HYP mode) and
 * from EL1/EL0 (not maskable by the guest's PSTATE.I). HCR_EL2_BOOT and
 * every vCPU's HCR_EL2 therefore carry IMO: a spinning test is interrupted
 * at EL2 when its PSTATE.I is clear (the runner clears it only while a test
 * runs: irq_unmask() in watchdog_start(), lib/<arch>/sysreg.h), and a
 * spinning guest leaves through the lower-EL IRQ vector, as a guest exit
 * (guest/vm.c). The timer keeps running across vCPU runs: a guest's time
 * counts against the test that runs it.
 */
#include <stdio.h>
#include "traps/watchdog.h"
#include "traps/intc.h"
#include "lib/sysreg.h"
#include "lib/dt_irq.h"
#include "mm/layout.h"
#include "selftest/selftest.h"

#define CNTHP_CTL_ENABLE	(UINT64_C(1) << 0)
#define WATCHDOG_PRIO		0x80

struct watchdog watchdog;
static char reason[64];

static uint64_t now(void)
{
	/* ISB: the count is not read early, ahead of the code before it (counter reads may be speculated). */
	isb();
	return READ_SYSREG(cntpct_el0);
}

/* The timer fires when CNTPCT >= cval. The knob never starts it: only the host timeout is left. */
static void timer_fire_at(uint64_t cval)
{
#ifndef INJECT_WATCHDOG_OFF
	WRITE_SYSREG(cnthp_cval_el2, cval);
	WRITE_SYSREG(cnthp_ctl_el2, CNTHP_CTL_ENABLE);
	isb();
#else
	(void)cval;
#endif
}

/* ENABLE = 0 drops the timer's output, so the level-sensitive PPI stops being pending. */
static void timer_off(void)
{
	WRITE_SYSREG(cnthp_ctl_el2, 0);
	isb();
}

void watchdog_init(const void *fdt, bool has_ms, unsigned ms)
{
	struct dt_intc ic;
	const char *why;

	timer_off();
	watchdog.default_ms = has_ms ? ms : WATCHDOG_DEFAULT_MS;
	watchdog.ticks_per_ms = READ_SYSREG(cntfrq_el0) / 1000;
	if (!watchdog.ticks_per_ms)
		why = "CNTFRQ_EL0 is 0";
	else if (!dt_timer_hyp_irq(fdt, &watchdog.irq, &why) && !dt_intc(fdt, &ic, &why)) {
		/* The DT names a controller hyptest drives: from here a refusal is that controller's. */
		watchdog.intc_refused = intc_init(&ic, &why) || intc_enable(watchdog.irq, WATCHDOG_PRIO, &why);
		watchdog.ready = !watchdog.intc_refused;
	}
	if (!watchdog.ready)
		watchdog.off = why;
	else if (!watchdog.default_ms)
		watchdog.off = "watchdog=0";
	if (watchdog.off)
		printf("# watchdog: off (%s): a test that hangs is stopped by the host timeout only\n",
		       watchdog.off);
	else
		printf("# watchdog: %u ms per test, EL2 physical timer %s %u through the %s\n",
		       watchdog.default_ms, intc_irq_word(), watchdog.irq, intc_name());
}

void watchdog_start(unsigned limit_ms)
{
	watchdog.armed = false;
	watchdog.expecting = false;
	watchdog.fired = false;
	if (!watchdog.ready || !limit_ms)
		return;
	watchdog.limit_ms = limit_ms;
	watchdog.start = now();
	watchdog.deadline = watchdog.start + limit_ms * watchdog.ticks_per_ms;
	watchdog.armed = true;
	timer_fire_at(watchdog.deadline);
	/* PSTATE.I = 0: the test's code can be interrupted (HCR_EL2.IMO routes the IRQ here). */
	irq_unmask();
}

void watchdog_stop(void)
{
	irq_mask();
	isb();
	if (watchdog.ready)
		timer_off();
	watchdog.armed = false;
	watchdog.expecting = false;
}

bool watchdog_expect(unsigned ms, bool in_guest)
{
	uint64_t at;

	if (!watchdog.armed)
		return false;
	watchdog.fired = false;
	watchdog.expect_from = now();
	at = watchdog.expect_from + ms * watchdog.ticks_per_ms;
	watchdog.expect_at = at;
	watchdog.expect_guest = in_guest;
	/* Ordered before the timer write: the handler must see the expectation. */
	barrier();
	watchdog.expecting = true;
	timer_fire_at(MIN(at, watchdog.deadline));
	return true;
}

enum watchdog_event watchdog_irq(uint64_t elr, bool in_guest)
{
	unsigned irq = intc_ack();
	uint64_t t;

	if (irq == INTC_NONE) {
		watchdog.other_irqs++;
		return WD_NONE;
	}
	if (irq != watchdog.irq) {
		/* Nothing else is enabled; say so and let it go. */
		watchdog.other_irqs++;
		intc_eoi(irq);
		return WD_NONE;
	}
	watchdog.irqs++;
	t = now();
	timer_off();
	intc_eoi(irq);
	if (!watchdog.armed)
		return WD_NONE;
	if (t >= watchdog.deadline) {
		watchdog.armed = false;
		snprintf(reason, sizeof(reason), "timeout after %u ms", watchdog.limit_ms);
		if (in_guest)
			printf("# watchdog: %u ms up, the test's guest was at PC 0x%lx\n", watchdog.limit_ms,
			       (unsigned long)elr);
		else
			printf("# watchdog: %u ms up, the test was at 0x%lx (image+0x%lx)\n", watchdog.limit_ms,
			       (unsigned long)elr, (unsigned long)(elr - (uint64_t)(uintptr_t)__image_start));
		return WD_TIMEOUT;
	}
	if (watchdog.expecting && t >= watchdog.expect_at) {
		if (!watchdog.expect_guest || in_guest) {
			watchdog.expecting = false;
			watchdog.fired_at = t;
			watchdog.fired_elr = elr;
			watchdog.fired_in_guest = in_guest;
			watchdog.fired = true;
			timer_fire_at(watchdog.deadline);
			return WD_EXPECTED;
		}
		/* The guest has not started yet (the host stalled QEMU before it did): again in 1 ms. */
		watchdog.expect_at = t + watchdog.ticks_per_ms;
	}
	/* Early (not ours to judge): wait for the next event again. */
	timer_fire_at(watchdog.expecting ? MIN(watchdog.expect_at, watchdog.deadline) : watchdog.deadline);
	return WD_NONE;
}

const char *watchdog_timeout_reason(void)
{
	return reason;
}

void watchdog_guest_timeout(void)
{
	selftest_abandon("%s", reason);
}
