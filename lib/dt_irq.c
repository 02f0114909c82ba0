/* SPDX-License-Identifier: MIT */
/* GICv3 and timer-interrupt accessors over libfdt (arch-neutral: also built into the host tests). */
#include <libfdt.h>
#include "lib/dt_irq.h"

/* GIC interrupt specifier: <type number flags>; type 1 is a PPI, INTID = 16 + number. */
#define GIC_SPEC_PPI		1
#define GIC_PPI_BASE		16
#define GIC_PPI_COUNT		16
/* Timer binding order: secure phys, non-secure phys, virtual, hypervisor phys. */
#define TIMER_IRQ_HYP		3

/* One address or size of ncells cells at c. */
static uint64_t cells_at(const fdt32_t *c, int ncells)
{
	uint64_t v = 0;

	while (ncells-- > 0)
		v = (v << 32) | fdt32_ld(c++);
	return v;
}

int dt_gicv3(const void *fdt, struct dt_gicv3 *g, const char **why)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	int parent, ac, sc, len, entries;
	const fdt32_t *reg, *p;

	*why = "no arm,gic-v3 node";
	if (node < 0)
		return -1;
	parent = fdt_parent_offset(fdt, node);
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	reg = fdt_getprop(fdt, node, "reg", &len);
	*why = "the GIC node has no usable reg";
	if (!reg || ac < 1 || ac > 2 || sc < 1 || sc > 2 || len < 2 * (ac + sc) * 4)
		return -1;
	entries = len / ((ac + sc) * 4);
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
	g->dist = cells_at(reg, ac);
	g->dist_size = cells_at(reg + ac, sc);
	*why = "a GIC frame address does not translate to the CPU";
	if (dt_translate(fdt, node, &g->dist))
		return -1;
	for (unsigned i = 0; i < g->nredist; i++) {
		const fdt32_t *e = reg + (i + 1) * (unsigned)(ac + sc);

		g->redist[i].base = cells_at(e, ac);
		g->redist[i].size = cells_at(e + ac, sc);
		if (dt_translate(fdt, node, &g->redist[i].base))
			return -1;
	}
	*why = "a GIC frame has size 0";
	if (!g->dist_size)
		return -1;
	for (unsigned i = 0; i < g->nredist; i++)
		if (!g->redist[i].size)
			return -1;
	return 0;
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

	*why = "no arm,armv8-timer node";
	if (node < 0)
		return -1;
	ip = interrupt_parent(fdt, node);
	*why = "the timer's interrupt parent is not an arm,gic-v3";
	if (ip < 0 || fdt_node_check_compatible(fdt, ip, "arm,gic-v3"))
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
