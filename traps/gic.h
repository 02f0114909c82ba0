/* SPDX-License-Identifier: MIT */
/*
 * The interrupt controller, as much of it as the watchdog needs: the boot
 * CPU's redistributor and CPU interface, one private interrupt (PPI)
 * enabled, acknowledge and end of interrupt. Everything else stays disabled.
 */
#ifndef HYPTEST_GIC_H
#define HYPTEST_GIC_H

#include "lib/dt_irq.h"

#define GIC_INTID_SPURIOUS	1023

/*
 * Map the distributor and the calling CPU's redistributor (found by
 * affinity in the DT's regions), enable affinity routing and Group 1, wake
 * the redistributor and enable the EL2 system-register CPU interface.
 * Returns 0, or -1 with *why set.
 */
int gic_init(const struct dt_gicv3 *g, const char **why);
/* Group 1, priority prio, enabled: a PPI of the calling CPU (16 <= intid < 32). */
void gic_enable_ppi(unsigned intid, unsigned prio);
/* Is the PPI pending at the redistributor (GICR_ISPENDR0)? */
bool gic_ppi_pending(unsigned intid);
/* ICC_IAR1_EL1: the highest-priority pending Group 1 interrupt, now active (1023: none). */
unsigned gic_ack(void);
/* ICC_EOIR1_EL1 (EOImode 0: priority drop and deactivation). */
void gic_eoi(unsigned intid);

#endif
