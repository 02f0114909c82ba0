/* SPDX-License-Identifier: MIT */
/* Device-tree accessors for the interrupt path: the GIC's frames and the EL2 timer's interrupt. */
#ifndef HYPTEST_DT_IRQ_H
#define HYPTEST_DT_IRQ_H

#include "lib/dt.h"

#define DT_GIC_MAX_REDIST	4

/* The GIC as the DT describes it: a GICv3 (version 3) or a GICv2 (version 2). */
struct dt_gic {
	unsigned version;			/* 2 or 3: which compatible matched */
	uint64_t dist, dist_size;		/* GICD, reg[0] */
	/* GICv2: the CPU interface, reg[1] (GICH and GICV follow; not used). */
	uint64_t cpu, cpu_size;			/* GICC */
	/* GICv3. */
	unsigned nredist;			/* "#redistributor-regions", 1 when absent */
	struct mem_range redist[DT_GIC_MAX_REDIST];	/* GICR regions */
	uint64_t redist_stride;			/* "redistributor-stride", 0 when absent */
};

/*
 * The GIC node, all frames translated to CPU addresses. An "arm,gic-v3"
 * node first: reg[0] is the distributor, the next #redistributor-regions
 * entries the redistributor regions. Otherwise a GICv2 ("arm,gic-400",
 * "arm,cortex-a15-gic", "arm,cortex-a7-gic": the GICs of the CPUs with the
 * Virtualization Extensions): reg[0] the distributor, reg[1] the CPU
 * interface. Returns 0, or -1 with *why set.
 */
int dt_gic(const void *fdt, struct dt_gic *g, const char **why);

/*
 * The EL2 (hypervisor) physical timer's interrupt as a GIC INTID: the 4th
 * entry of the "arm,armv8-timer" (or, on an ARMv7 host, "arm,armv7-timer")
 * node's interrupts (secure, non-secure, virtual, hypervisor), which must
 * be a PPI of a GICv3 or GICv2 interrupt parent. Returns 0, or -1 with
 * *why set.
 */
int dt_timer_hyp_intid(const void *fdt, unsigned *intid, const char **why);

#endif
