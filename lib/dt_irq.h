/* SPDX-License-Identifier: MIT */
/*
 * Device-tree accessors for the interrupt path: the EL2 timer's interrupt
 * and the interrupt controller it goes to (the timer node's interrupt
 * parent), with that controller's frames.
 */
#ifndef HYPTEST_DT_IRQ_H
#define HYPTEST_DT_IRQ_H

#include "lib/dt.h"

#define DT_GIC_MAX_REDIST	4

/* The interrupt controllers hyptest drives, by compatible (traps/intc.c picks the driver). */
enum dt_intc_type {
	DT_INTC_GICV2 = 2,	/* arm,gic-400, arm,cortex-a15-gic, arm,cortex-a7-gic */
	DT_INTC_GICV3 = 3,	/* arm,gic-v3: a GICv3 or a GICv4 (one binding for both) */
	DT_INTC_BCM2836,	/* brcm,bcm2836-l1-intc: the Raspberry Pi 2/3's ARM-local controller */
};

/* The controller as the DT describes it, every frame translated to a CPU address. */
struct dt_intc {
	enum dt_intc_type type;
	/* reg[0]: the GIC distributor (GICD), or the BCM2836 local intc's one frame. */
	uint64_t base, size;
	/* GICv2: the CPU interface, reg[1] (GICH and GICV follow; not used). */
	uint64_t cpu, cpu_size;			/* GICC */
	/* GICv3. */
	unsigned nredist;			/* "#redistributor-regions", 1 when absent */
	struct mem_range redist[DT_GIC_MAX_REDIST];	/* GICR regions */
	uint64_t redist_stride;			/* "redistributor-stride", 0 when absent */
};

/*
 * The controller the EL2 timer's interrupt goes to: the "arm,armv8-timer"
 * (or "arm,armv7-timer") node's interrupt parent, its own or an
 * ancestor's. An "arm,gic-v3" node: reg[0] is the distributor, the next
 * #redistributor-regions entries the redistributor regions. A GICv2 (the
 * GICs of the CPUs with the Virtualization Extensions): reg[0] the
 * distributor, reg[1] the CPU interface. A "brcm,bcm2836-l1-intc": reg[0].
 * Returns 0, or -1 with *why set.
 */
int dt_intc(const void *fdt, struct dt_intc *ic, const char **why);

/*
 * The EL2 (hypervisor) physical timer's interrupt, the 4th entry of the
 * timer node's interrupts (secure, non-secure, virtual, hypervisor), as
 * its controller numbers it: a GIC INTID (the entry must be a PPI,
 * INTID 16-31), or the BCM2836 local intc's source number (the entry must
 * be one of its per-core timer sources, 0-3). Returns 0, or -1 with *why
 * set.
 */
int dt_timer_hyp_irq(const void *fdt, unsigned *irq, const char **why);

#endif
