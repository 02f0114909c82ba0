/* SPDX-License-Identifier: MIT */
/*
 * The on-target watchdog: every test runs under a time limit kept by the
 * EL2 physical timer (CNTHP) through the interrupt controller. A test that
 * overruns is ended as "FAIL: <id>: timeout after N ms" and the suite goes
 * on; the host timeout stays as the backstop (watchdog=0, or no interrupt
 * controller hyptest drives in the DT).
 */
#ifndef HYPTEST_WATCHDOG_H
#define HYPTEST_WATCHDOG_H

#include "lib/compiler.h"

#define WATCHDOG_DEFAULT_MS	2000

struct watchdog {
	bool ready;			/* interrupt controller and timer interrupt set up */
	const char *off;		/* why it is not armed (not ready, watchdog=0), or NULL */
	/*
	 * The DT named a controller hyptest drives, and it refused to be set
	 * up (a GIC that keeps the timer's interrupt Secure, a redistributor
	 * that does not wake): firmware's doing, or a driver's bug.
	 */
	bool intc_refused;
	unsigned irq;			/* the EL2 timer's interrupt, from the DT, as its controller numbers it */
	unsigned default_ms;		/* per-test limit: watchdog= or WATCHDOG_DEFAULT_MS */
	uint64_t ticks_per_ms;
	/* The running test. */
	bool armed;
	unsigned limit_ms;
	uint64_t start, deadline;	/* CNTPCT */
	/* An expiry a test asked for (watchdog_expect) and what it saw. */
	bool expecting, expect_guest;
	uint64_t expect_from, expect_at;
	volatile bool fired;
	uint64_t fired_at, fired_elr;
	bool fired_in_guest;
	/* Interrupts seen: acknowledged as the timer's, and any other or spurious one. */
	unsigned irqs, other_irqs;
};

extern struct watchdog watchdog;

/* What an interrupt was, for the path that took it. */
enum watchdog_event { WD_NONE, WD_EXPECTED, WD_TIMEOUT };

/*
 * Read the interrupt controller and the timer's interrupt from the DT, set
 * them up, and take the per-test limit from watchdog= (has_ms) or the
 * default. Prints one "# watchdog: ..." line either way (naming the
 * controller); never fails the boot.
 */
void watchdog_init(const void *fdt, bool has_ms, unsigned ms);
/* Arm for the test about to run (limit_ms, 0: not armed) and unmask IRQs (PSTATE.I). */
void watchdog_start(unsigned limit_ms);
/* Mask IRQs and disarm: the test is over. */
void watchdog_stop(void);
/*
 * Within a running test: make the timer fire ms from now, as an expected
 * event (watchdog.fired, fired_at, fired_elr) that does not end the test.
 * With in_guest, only an IRQ taken from a guest counts: one that comes
 * earlier, at EL2 (the host stalled QEMU before the guest started), fires
 * again 1 ms later. False if the watchdog is not armed.
 */
bool watchdog_expect(unsigned ms, bool in_guest);
/*
 * An IRQ was taken, at EL2 or as a guest's exit, with the interrupted PC:
 * acknowledge it and say whether it ended the test's time.
 */
enum watchdog_event watchdog_irq(uint64_t elr, bool in_guest);
/* The reason a timeout gives, and the "# watchdog:" line that says where it hit. */
const char *watchdog_timeout_reason(void);
/* A guest overran: the vCPU is unloaded; end the running test as a timeout. */
void watchdog_guest_timeout(void) __noreturn;

#endif
