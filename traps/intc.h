/* SPDX-License-Identifier: MIT */
/*
 * The interrupt controller, as much of it as the watchdog needs: the boot
 * CPU's private interrupts, one of them (the EL2 timer's) enabled,
 * acknowledge and end of interrupt; everything else stays disabled. The
 * driver is chosen by the DT's compatible (lib/dt_irq.c), the same way on
 * both arches: a GICv2 (traps/gic_v2.c), a GICv3 or GICv4 (traps/gic_v3.c),
 * or the Raspberry Pi's BCM2836 local intc (traps/bcm2836_intc.c). An
 * interrupt number is the controller's own: a GIC INTID, or the local
 * intc's source number.
 */
#ifndef HYPTEST_INTC_H
#define HYPTEST_INTC_H

#include "lib/dt_irq.h"

/* What intc_ack() returns when nothing is pending (the GIC's spurious INTID; no source has this number). */
#define INTC_NONE		1023

/* A 32-bit register at base + off of a controller's frame (mapped as Device memory by mm_map_device). */
static inline uint32_t intc_rd32(volatile uint8_t *base, unsigned off)
{
	return *(volatile uint32_t *)(base + off);
}

static inline void intc_wr32(volatile uint8_t *base, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

/* One driver (traps/<driver>.c); the front-end (traps/intc.c) calls them after init succeeded. */
struct intc_driver {
	/* How its interrupt numbers are called in messages ("INTID 26"). */
	const char *irq_word;
	/*
	 * Map the frames the DT gives and set up the controller and the
	 * calling CPU's interface. *name: what it turned out to be ("GICv4").
	 * 0, or -1 with *why set.
	 */
	int (*init)(const struct dt_intc *ic, const char **name, const char **why);
	/* Private interrupt irq of the calling CPU enabled at priority prio (0 high .. 0xff low): 0, or -1 with *why. */
	int (*enable)(unsigned irq, unsigned prio, const char **why);
	bool (*pending)(unsigned irq);
	unsigned (*ack)(void);
	void (*eoi)(unsigned irq);
};

extern const struct intc_driver gic_v2_driver, gic_v3_driver, bcm2836_intc_driver;

/* Pick the driver for the DT's controller and set it up (see struct intc_driver). 0, or -1 with *why set. */
int intc_init(const struct dt_intc *ic, const char **why);
/* The private interrupt irq of the calling CPU, enabled at priority prio; 0, or -1 with *why set. */
int intc_enable(unsigned irq, unsigned prio, const char **why);
/* Is irq pending for the calling CPU (asserted and not yet acknowledged)? */
bool intc_pending(unsigned irq);
/*
 * Acknowledge the highest-priority pending interrupt, which becomes active
 * where the controller has such a state: its number (INTC_NONE: none).
 * Pass the value to intc_eoi() unchanged (on a GICv2 an SGI's value also
 * carries its source CPU).
 */
unsigned intc_ack(void);
/* End of interrupt (a GIC: EOImode 0, priority drop and deactivation). */
void intc_eoi(unsigned irq);
/* After intc_init(): the controller ("GICv2", "GICv3", "GICv4", "BCM2836 local intc") and its word for a number. */
const char *intc_name(void);
const char *intc_irq_word(void);

#endif
