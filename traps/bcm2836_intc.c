/* SPDX-License-Identifier: MIT */
/*
 * The Raspberry Pi 2/3's ARM-local interrupt controller ("brcm,bcm2836-l1-
 * intc", the BCM2836 "ARM Quad A7 core" local peripherals: Broadcom's
 * QA7_rev3.4 document), as much as the watchdog needs. There is no GIC on
 * these boards: each core's four generic-timer outputs (nCNTPSIRQ,
 * nCNTPNSIRQ, nCNTHPIRQ, nCNTVIRQ) are wired to this block, which routes
 * each to the core's IRQ or FIQ input by a per-core enable register and
 * shows what is asserted in a per-core source register. It has no
 * acknowledge and no active state: a source is pending for as long as its
 * line is high, and the timer's line drops when the handler disables the
 * timer or moves its compare value (traps/watchdog.c), so end of interrupt
 * is nothing. Source numbers are the DT binding's: 0-3 the timers above,
 * in that order (the EL2 timer is 2).
 */
#include "traps/intc.h"
#include "lib/sysreg.h"
#include "mm/layout.h"

/* Core n's timer interrupt control: bits 0-3 route timer source 0-3 to IRQ, bits 4-7 to FIQ (FIQ wins). */
#define LOCAL_TIMER_INT_CONTROL(core)	(0x40 + 4 * (core))
#define LOCAL_TIMER_FIQ_SHIFT		4
/* Core n's IRQ source: bits 0-3 the timers, 4-7 the mailboxes, 8 the GPU, 9 the PMU, 11 the local timer. */
#define LOCAL_IRQ_PENDING(core)		(0x60 + 4 * (core))
#define LOCAL_CORES			4
#define LOCAL_TIMER_SOURCES		4
#define MPIDR_AFF0_MASK			0xff

static volatile uint8_t *regs;
static unsigned core;
static uint32_t enabled;	/* the sources this driver routed to the core's IRQ */

static int bcm2836_init(const struct dt_intc *ic, const char **name, const char **why)
{
	uint64_t va;

	*name = "BCM2836 local intc";
	/* The core's number picks its registers: one cluster of four cores, Aff0 0-3. */
	core = (unsigned)(READ_SYSREG(mpidr_el1) & MPIDR_AFF0_MASK);
	*why = "this CPU's core number (MPIDR Aff0) is not 0-3: the BCM2836 local intc has four cores";
	if (core >= LOCAL_CORES)
		return -1;
	*why = "the BCM2836 local intc's frame is smaller than its per-core registers";
	if (ic->size < LOCAL_IRQ_PENDING(LOCAL_CORES))
		return -1;
	va = mm_map_device(ic->base, PAGE_SIZE);
	*why = "cannot map the BCM2836 local intc";
	if (!va)
		return -1;
	regs = (volatile uint8_t *)(uintptr_t)va;
	enabled = 0;
	return 0;
}

static int bcm2836_enable(unsigned src, unsigned prio, const char **why)
{
	uint32_t ctl;

	/* No priorities: the one enabled source needs none. */
	(void)prio;
	*why = "not one of the core's timer sources (0-3)";
	if (src >= LOCAL_TIMER_SOURCES)
		return -1;
	/* IRQ on, FIQ off for the source (an FIQ enable would take it away from IRQ). */
	ctl = intc_rd32(regs, LOCAL_TIMER_INT_CONTROL(core));
	ctl &= ~(UINT32_C(1) << (src + LOCAL_TIMER_FIQ_SHIFT));
	ctl |= UINT32_C(1) << src;
	intc_wr32(regs, LOCAL_TIMER_INT_CONTROL(core), ctl);
	/* DSB: the routing reaches the block before the timer can raise the line, and before the read-back. */
	dsb(sy);
	*why = "the BCM2836 local intc did not take the timer's IRQ enable";
	if (!(intc_rd32(regs, LOCAL_TIMER_INT_CONTROL(core)) & (UINT32_C(1) << src)))
		return -1;
	enabled |= UINT32_C(1) << src;
	return 0;
}

static bool bcm2836_pending(unsigned src)
{
	return intc_rd32(regs, LOCAL_IRQ_PENDING(core)) & (UINT32_C(1) << src);
}

/* The lowest-numbered enabled source that is asserted (no priorities here), INTC_NONE if none. */
static unsigned bcm2836_ack(void)
{
	uint32_t p = intc_rd32(regs, LOCAL_IRQ_PENDING(core)) & enabled;

	return p ? (unsigned)__builtin_ctz(p) : INTC_NONE;
}

static void bcm2836_eoi(unsigned src)
{
	/* Nothing to end: the source stays pending until its line drops (see the top). */
	(void)src;
}

const struct intc_driver bcm2836_intc_driver = {
	.irq_word = "source",
	.init = bcm2836_init,
	.enable = bcm2836_enable,
	.pending = bcm2836_pending,
	.ack = bcm2836_ack,
	.eoi = bcm2836_eoi,
};
