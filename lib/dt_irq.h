/* SPDX-License-Identifier: MIT */
/* Device-tree accessors for the interrupt path: the GICv3 frames and the EL2 timer's interrupt. */
#ifndef HYPTEST_DT_IRQ_H
#define HYPTEST_DT_IRQ_H

#include "lib/dt.h"

#define DT_GIC_MAX_REDIST	4

struct dt_gicv3 {
	uint64_t dist, dist_size;		/* GICD */
	unsigned nredist;			/* "#redistributor-regions", 1 when absent */
	struct mem_range redist[DT_GIC_MAX_REDIST];	/* GICR regions */
	uint64_t redist_stride;			/* "redistributor-stride", 0 when absent */
};

/*
 * The "arm,gic-v3" node: reg[0] is the distributor, the next
 * #redistributor-regions entries the redistributor regions, all translated
 * to CPU addresses. Returns 0, or -1 with *why set.
 */
int dt_gicv3(const void *fdt, struct dt_gicv3 *g, const char **why);

/*
 * The EL2 (hypervisor) physical timer's interrupt as a GIC INTID: the 4th
 * entry of the "arm,armv8-timer" node's interrupts (secure, non-secure,
 * virtual, hypervisor), which must be a PPI of a GICv3 interrupt parent.
 * Returns 0, or -1 with *why set.
 */
int dt_timer_hyp_intid(const void *fdt, unsigned *intid, const char **why);

#endif
