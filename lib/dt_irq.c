/* SPDX-License-Identifier: MIT */
/* GIC and timer-interrupt accessors over libfdt (arch-neutral: also built into the host tests). */
#include <libfdt.h>
#include "lib/dt_irq.h"

/* GIC interrupt specifier: <type number flags>; type 1 is a PPI, INTID = 16 + number. */
#define GIC_SPEC_PPI		1
#define GIC_PPI_BASE		16
#define GIC_PPI_COUNT		16
/* Timer binding order: secure phys, non-secure phys, virtual, hypervisor phys. */
#define TIMER_IRQ_HYP		3

/*
 * The GICs hyptest drives, by compatible (Linux's arm,gic-v3 and arm,gic
 * bindings): the GICv3, and the GICv2s of the CPUs with the Virtualization
 * Extensions (a GICv1 such as arm,cortex-a9-gic has no host of ours).
 */
static const struct {
	const char *compatible;
	unsigned version;
} gic_compatibles[] = {
	{ "arm,gic-v3", 3 },
	{ "arm,gic-400", 2 },
	{ "arm,cortex-a15-gic", 2 },
	{ "arm,cortex-a7-gic", 2 },
};

/* The GIC version node is compatible with, 0 if none of the above. */
static unsigned gic_version_of(const void *fdt, int node)
{
	for (unsigned i = 0; i < ARRAY_SIZE(gic_compatibles); i++)
		if (!fdt_node_check_compatible(fdt, node, gic_compatibles[i].compatible))
			return gic_compatibles[i].version;
	return 0;
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

/* GICv3: the distributor, then #redistributor-regions redistributor regions. */
static int gicv3_regions(const void *fdt, int node, const fdt32_t *reg, int ac, int sc, int entries,
			 struct dt_gic *g, const char **why)
{
	const fdt32_t *p;
	int len;

	g->nredist = 1;
	p = fdt_getprop(fdt, node, "#redistributor-regions", &len);
	if (p && len == 4)
		g->nredist = fdt32_ld(p);
	*why = "the GIC node's #redistributor-regions does not match its reg";
	if (g->nredist < 1 || g->nredist > DT_GIC_MAX_REDIST || (int)g->nredist + 1 > entries)
		return -1;
	g->redist_stride = 0;
	p = fdt_getprop(fdt, node, "redistributor-stride", &len);
	if (p && (len == 4 || len == 8))
		g->redist_stride = cells_at(p, len / 4);
	*why = "a GIC frame address does not translate to the CPU";
	if (reg_entry(fdt, node, reg, ac, sc, 0, &g->dist, &g->dist_size))
		return -1;
	for (unsigned i = 0; i < g->nredist; i++)
		if (reg_entry(fdt, node, reg, ac, sc, i + 1, &g->redist[i].base, &g->redist[i].size))
			return -1;
	*why = "a GIC frame has size 0";
	if (!g->dist_size)
		return -1;
	for (unsigned i = 0; i < g->nredist; i++)
		if (!g->redist[i].size)
			return -1;
	return 0;
}

/* GICv2: the distributor and the CPU interface (GICH and GICV, reg[2] and reg[3], are not read). */
static int gicv2_regions(const void *fdt, int node, const fdt32_t *reg, int ac, int sc,
			 struct dt_gic *g, const char **why)
{
	g->nredist = 0;
	g->redist_stride = 0;
	*why = "a GIC frame address does not translate to the CPU";
	if (reg_entry(fdt, node, reg, ac, sc, 0, &g->dist, &g->dist_size) ||
	    reg_entry(fdt, node, reg, ac, sc, 1, &g->cpu, &g->cpu_size))
		return -1;
	*why = "a GIC frame has size 0";
	if (!g->dist_size || !g->cpu_size)
		return -1;
	return 0;
}

int dt_gic(const void *fdt, struct dt_gic *g, const char **why)
{
	int node = -1, parent, ac, sc, len;
	const fdt32_t *reg;

	/* The first compatible of the list that has a node: a GICv3 before any GICv2. */
	for (unsigned i = 0; i < ARRAY_SIZE(gic_compatibles) && node < 0; i++)
		node = fdt_node_offset_by_compatible(fdt, -1, gic_compatibles[i].compatible);
	*why = "no arm,gic-v3 or GICv2 (arm,gic-400, arm,cortex-a15-gic, arm,cortex-a7-gic) node";
	if (node < 0)
		return -1;
	g->version = gic_version_of(fdt, node);
	g->cpu = g->cpu_size = 0;
	parent = fdt_parent_offset(fdt, node);
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	reg = fdt_getprop(fdt, node, "reg", &len);
	/* Both versions need two frames at least: GICD and a GICR region, or GICD and GICC. */
	*why = "the GIC node has no usable reg";
	if (!reg || ac < 1 || ac > 2 || sc < 1 || sc > 2 || len < 2 * (ac + sc) * 4)
		return -1;
	if (g->version == 3)
		return gicv3_regions(fdt, node, reg, ac, sc, len / ((ac + sc) * 4), g, why);
	return gicv2_regions(fdt, node, reg, ac, sc, g, why);
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

int dt_timer_hyp_intid(const void *fdt, unsigned *intid, const char **why)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	int ip, len, icells;
	const fdt32_t *p, *spec;

	/* An ARMv7 host's DT (QEMU virt for cortex-a15/-a7) names only the v7 timer, same binding. */
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv7-timer");
	*why = "no arm,armv8-timer or arm,armv7-timer node";
	if (node < 0)
		return -1;
	ip = interrupt_parent(fdt, node);
	*why = "the timer's interrupt parent is not a GICv3 or GICv2";
	if (ip < 0 || !gic_version_of(fdt, ip))
		return -1;
	p = fdt_getprop(fdt, ip, "#interrupt-cells", &len);
	icells = p && len == 4 ? (int)fdt32_ld(p) : 0;
	*why = "the GIC's #interrupt-cells is not 3 or 4";
	if (icells != 3 && icells != 4)
		return -1;
	p = fdt_getprop(fdt, node, "interrupts", &len);
	*why = "the timer lists no hypervisor timer interrupt (fewer than 4 entries)";
	if (!p || len < (TIMER_IRQ_HYP + 1) * icells * 4)
		return -1;
	spec = p + TIMER_IRQ_HYP * icells;
	*why = "the hypervisor timer interrupt is not a PPI";
	if (fdt32_ld(&spec[0]) != GIC_SPEC_PPI || fdt32_ld(&spec[1]) >= GIC_PPI_COUNT)
		return -1;
	*intid = GIC_PPI_BASE + fdt32_ld(&spec[1]);
	return 0;
}
