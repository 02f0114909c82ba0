/* SPDX-License-Identifier: MIT */
/* Interrupt-controller and timer-interrupt accessors over libfdt (arch-neutral: also built into the host tests). */
#include <libfdt.h>
#include "lib/dt_irq.h"

/* GIC interrupt specifier: <type number flags>; type 1 is a PPI, INTID = 16 + number. */
#define GIC_SPEC_PPI		1
#define GIC_PPI_BASE		16
#define GIC_PPI_COUNT		16
/* BCM2836 local intc specifier: <source flags>; sources 0-3 are the core's timers (CNTPS, CNTPNS, CNTHP, CNTV). */
#define BCM2836_TIMER_SOURCES	4
/* Timer binding order: secure phys, non-secure phys, virtual, hypervisor phys. */
#define TIMER_IRQ_HYP		3

/*
 * The controllers hyptest drives, by compatible (Linux's arm,gic-v3,
 * arm,gic and brcm,bcm2836-l1-intc bindings): the GICv3 (and GICv4), the
 * GICv2s of the CPUs with the Virtualization Extensions (a GICv1 such as
 * arm,cortex-a9-gic has no host of ours), and the Raspberry Pi's ARM-local
 * controller.
 */
static const struct {
	const char *compatible;
	enum dt_intc_type type;
} intc_compatibles[] = {
	{ "arm,gic-v3", DT_INTC_GICV3 },
	{ "arm,gic-400", DT_INTC_GICV2 },
	{ "arm,cortex-a15-gic", DT_INTC_GICV2 },
	{ "arm,cortex-a7-gic", DT_INTC_GICV2 },
	{ "brcm,bcm2836-l1-intc", DT_INTC_BCM2836 },
};

/* The index in intc_compatibles of what node is compatible with, -1 if none. */
static int intc_of(const void *fdt, int node)
{
	for (unsigned i = 0; i < ARRAY_SIZE(intc_compatibles); i++)
		if (!fdt_node_check_compatible(fdt, node, intc_compatibles[i].compatible))
			return (int)i;
	return -1;
}

/* One address or size of ncells cells at c. */
static uint64_t cells_at(const fdt32_t *c, int ncells)
{
	uint64_t v = 0;

	while (ncells-- > 0)
		v = (v << 32) | fdt32_ld(c++);
	return v;
}

/* reg[i] of node, translated to a CPU address; -1 when it does not translate. */
static int reg_entry(const void *fdt, int node, const fdt32_t *reg, int ac, int sc, unsigned i,
		     uint64_t *base, uint64_t *size)
{
	const fdt32_t *e = reg + i * (unsigned)(ac + sc);

	*base = cells_at(e, ac);
	*size = cells_at(e + ac, sc);
	return dt_translate(fdt, node, base);
}

/* The node's interrupt parent: its own or the nearest ancestor's interrupt-parent phandle. */
static int interrupt_parent(const void *fdt, int node)
{
	for (; node >= 0; node = fdt_parent_offset(fdt, node)) {
		int len;
		const fdt32_t *ph = fdt_getprop(fdt, node, "interrupt-parent", &len);

		if (ph && len == 4)
			return fdt_node_offset_by_phandle(fdt, fdt32_ld(ph));
		if (node == 0)
			break;
	}
	return -1;
}

/* The timer node, and its interrupt parent as an index in intc_compatibles. Returns 0, or -1 with *why set. */
static int timer_and_intc(const void *fdt, int *timer, int *ic, int *kind, const char **why)
{
	*timer = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	/* An ARMv7 host's DT (QEMU virt for cortex-a15/-a7, the rpi3's) names only the v7 timer, same binding. */
	if (*timer < 0)
		*timer = fdt_node_offset_by_compatible(fdt, -1, "arm,armv7-timer");
	*why = "no arm,armv8-timer or arm,armv7-timer node";
	if (*timer < 0)
		return -1;
	*ic = interrupt_parent(fdt, *timer);
	*why = "the timer has no interrupt parent";
	if (*ic < 0)
		return -1;
	*kind = intc_of(fdt, *ic);
	*why = "the timer's interrupt parent is not a GICv3, a GICv2 or a BCM2836 local intc";
	return *kind < 0 ? -1 : 0;
}

/* GICv3: the distributor, then #redistributor-regions redistributor regions. */
static int gicv3_regions(const void *fdt, int node, const fdt32_t *reg, int ac, int sc, int entries,
			 struct dt_intc *ic, const char **why)
{
	const fdt32_t *p;
	int len;

	ic->nredist = 1;
	p = fdt_getprop(fdt, node, "#redistributor-regions", &len);
	if (p && len == 4)
		ic->nredist = fdt32_ld(p);
	*why = "the GIC node's #redistributor-regions does not match its reg";
	if (ic->nredist < 1 || ic->nredist > DT_GIC_MAX_REDIST || (int)ic->nredist + 1 > entries)
		return -1;
	p = fdt_getprop(fdt, node, "redistributor-stride", &len);
	if (p && (len == 4 || len == 8))
		ic->redist_stride = cells_at(p, len / 4);
	*why = "an interrupt controller frame address does not translate to the CPU";
	for (unsigned i = 0; i < ic->nredist; i++)
		if (reg_entry(fdt, node, reg, ac, sc, i + 1, &ic->redist[i].base, &ic->redist[i].size))
			return -1;
	*why = "an interrupt controller frame has size 0";
	for (unsigned i = 0; i < ic->nredist; i++)
		if (!ic->redist[i].size)
			return -1;
	return 0;
}

int dt_intc(const void *fdt, struct dt_intc *ic, const char **why)
{
	int timer, node, kind, parent, ac, sc, len, entries;
	const fdt32_t *reg;

	if (timer_and_intc(fdt, &timer, &node, &kind, why))
		return -1;
	*ic = (struct dt_intc){ .type = intc_compatibles[kind].type };
	parent = fdt_parent_offset(fdt, node);
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	reg = fdt_getprop(fdt, node, "reg", &len);
	/* Each GIC needs two frames at least (GICD and a GICR region, or GICD and GICC); the local intc one. */
	*why = "the interrupt controller's node has no usable reg";
	if (!reg || ac < 1 || ac > 2 || sc < 1 || sc > 2 || len < (ac + sc) * 4)
		return -1;
	entries = len / ((ac + sc) * 4);
	if (ic->type != DT_INTC_BCM2836 && entries < 2)
		return -1;
	*why = "an interrupt controller frame address does not translate to the CPU";
	if (reg_entry(fdt, node, reg, ac, sc, 0, &ic->base, &ic->size))
		return -1;
	if (ic->type == DT_INTC_GICV2 && reg_entry(fdt, node, reg, ac, sc, 1, &ic->cpu, &ic->cpu_size))
		return -1;
	*why = "an interrupt controller frame has size 0";
	if (!ic->size || (ic->type == DT_INTC_GICV2 && !ic->cpu_size))
		return -1;
	if (ic->type == DT_INTC_GICV3)
		return gicv3_regions(fdt, node, reg, ac, sc, entries, ic, why);
	return 0;
}

int dt_timer_hyp_irq(const void *fdt, unsigned *irq, const char **why)
{
	int timer, ic, kind, len, icells;
	const fdt32_t *p, *spec;

	if (timer_and_intc(fdt, &timer, &ic, &kind, why))
		return -1;
	p = fdt_getprop(fdt, ic, "#interrupt-cells", &len);
	icells = p && len == 4 ? (int)fdt32_ld(p) : 0;
	if (intc_compatibles[kind].type == DT_INTC_BCM2836) {
		*why = "the BCM2836 local intc's #interrupt-cells is not 2";
		if (icells != 2)
			return -1;
	} else {
		*why = "the GIC's #interrupt-cells is not 3 or 4";
		if (icells != 3 && icells != 4)
			return -1;
	}
	p = fdt_getprop(fdt, timer, "interrupts", &len);
	*why = "the timer lists no hypervisor timer interrupt (fewer than 4 entries)";
	if (!p || len < (TIMER_IRQ_HYP + 1) * icells * 4)
		return -1;
	spec = p + TIMER_IRQ_HYP * icells;
	if (intc_compatibles[kind].type == DT_INTC_BCM2836) {
		*why = "the hypervisor timer interrupt is not one of the BCM2836 local intc's timer sources (0-3)";
		if (fdt32_ld(&spec[0]) >= BCM2836_TIMER_SOURCES)
			return -1;
		*irq = fdt32_ld(&spec[0]);
		return 0;
	}
	*why = "the hypervisor timer interrupt is not a PPI";
	if (fdt32_ld(&spec[0]) != GIC_SPEC_PPI || fdt32_ld(&spec[1]) >= GIC_PPI_COUNT)
		return -1;
	*irq = GIC_PPI_BASE + fdt32_ld(&spec[1]);
	return 0;
}
