/* SPDX-License-Identifier: MIT */
/*
 * The interrupt controller, as much of it as the watchdog needs: the boot
 * CPU's private interrupts and CPU interface, one private interrupt (PPI)
 * enabled, acknowledge and end of interrupt. Everything else stays disabled.
 * One driver per arch, traps/<arch>/gic.c: the GICv3 on arm64 (affinity
 * routing, system-register CPU interface), the GICv2 on arm32 (memory-mapped
 * distributor and CPU interface).
 */
#ifndef HYPTEST_GIC_H
#define HYPTEST_GIC_H

#include "lib/dt_irq.h"

#define GIC_INTID_SPURIOUS	1023

/* A 32-bit GIC register at base + off (the drivers' frames are Device memory). */
static inline uint32_t gic_rd32(volatile uint8_t *base, unsigned off)
{
	return *(volatile uint32_t *)(base + off);
}

static inline void gic_wr32(volatile uint8_t *base, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

/*
 * Map the frames the DT gives (g) and set up the distributor and the
 * calling CPU's interface for the one interrupt group the driver uses.
 * A GIC of a version the arch's driver does not handle is refused.
 * Returns 0, or -1 with *why set.
 */
int gic_init(const struct dt_gic *g, const char **why);
/* Priority prio, in the driver's group, enabled: a PPI of the calling CPU (16 <= intid < 32). */
void gic_enable_ppi(unsigned intid, unsigned prio);
/* Is the PPI pending for the calling CPU? */
bool gic_ppi_pending(unsigned intid);
/*
 * Acknowledge the highest-priority pending interrupt, which becomes active:
 * its INTID (1023: none). Pass the value to gic_eoi() unchanged (on a GICv2
 * an SGI's value also carries its source CPU).
 */
unsigned gic_ack(void);
/* End of interrupt (EOImode 0: priority drop and deactivation). */
void gic_eoi(unsigned intid);

#endif
