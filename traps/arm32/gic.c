/* SPDX-License-Identifier: MIT */
/*
 * arm32's traps/gic.h: a minimal GICv2 driver for the boot CPU in HYP mode
 * (Arm IHI 0048B, GICv2 architecture specification): the memory-mapped
 * distributor (GICD) and the CPU interface (GICC) of the DT's GICv2 node
 * (lib/dt_irq.c: reg[0] and reg[1]), mapped in the device window as Device
 * memory; nothing is hard-coded. A GICv3 in the DT is refused (its driver is
 * arm64's). The PPIs' registers (GICD_*R0, the first eight GICD_IPRIORITYR
 * bytes) and the GICC frame are banked per CPU: what is set here is the
 * calling CPU's.
 *
 * Groups and security (IHI 0048B "Interrupt grouping" and "The effect of
 * the Security Extensions on the programmers' model"). QEMU virt without
 * secure=on models a GICv2 without the Security Extensions: every register
 * is accessible, with the layouts a Secure access sees, and Group 0 is
 * signalled as IRQ while GICC_CTLR.FIQEn = 0 (Group 1 always is). The
 * timer's PPI is put in Group 0 (its reset group), and bit 0 of GICD_CTLR
 * and GICC_CTLR (EnableGrp0) enabled, with FIQEn = 0: an IRQ, which
 * GICC_IAR returns whatever AckCtl is. A GIC with the Security Extensions,
 * seen from Non-secure HYP mode, makes GICD_IGROUPR RAZ/WI, leaves the groups
 * to Secure firmware (which puts the Non-secure world's interrupts in Group
 * 1) and has one enable bit at bit 0 of both CTLRs, EnableGrp1: the same
 * writes then enable what the Non-secure side may use, so they suit both.
 */
#include "traps/gic.h"
#include "lib/arm32/sysreg.h"
#include "mm/layout.h"

/* Distributor registers (IHI 0048B 4.3, "GICD_*"); the *R0 ones cover INTIDs 0-31, banked. */
#define GICD_CTLR		0x000
#define GICD_CTLR_ENABLE	(1u << 0)	/* EnableGrp0 (no Security Extensions) / EnableGrp1 (NS view) */
#define GICD_IGROUPR0		0x080
#define GICD_ISENABLER0		0x100
#define GICD_ISPENDR0		0x200
#define GICD_ICPENDR0		0x280
#define GICD_IPRIORITYR		0x400		/* byte-accessible, one byte per INTID */
/* The distributor's registers are in its first 4 KiB (IHI 0048B 4.1.2). */
#define GICD_FRAME		UINT64_C(0x1000)

/* CPU interface registers (IHI 0048B 4.4, "GICC_*"). */
#define GICC_CTLR		0x00
#define GICC_CTLR_ENABLE	(1u << 0)	/* EnableGrp0 / EnableGrp1 (NS view), as GICD_CTLR */
#define GICC_PMR		0x04
#define GICC_PMR_ALL		0xff		/* the lowest priority mask: all pass */
#define GICC_IAR		0x0c
#define GICC_IAR_ID_CPU		0x1fff		/* INTID [9:0], an SGI's source CPU [12:10] */
#define GICC_EOIR		0x10
#define GICC_IIDR		0xfc
#define GICC_IIDR_ARCH_SHIFT	16		/* ArchitectureVersion [19:16]: 2 for GICv2 */
#define GICC_IIDR_ARCH_MASK	0xf
/* The registers used here are in the frame's first page (GICC_DIR, at 0x1000, is not). */
#define GICC_FRAME		PAGE_SIZE

static volatile uint8_t *gicd, *gicc;

int gic_init(const struct dt_gic *g, const char **why)
{
	uint64_t d, c;

	*why = "the DT's GIC is a GICv3: the arm32 driver is GICv2 only";
	if (g->version != 2)
		return -1;
	d = mm_map_device(g->dist, MIN(g->dist_size, GICD_FRAME));
	*why = "cannot map the GIC distributor";
	if (!d)
		return -1;
	gicd = (volatile uint8_t *)(uintptr_t)d;
	c = mm_map_device(g->cpu, MIN(g->cpu_size, GICC_FRAME));
	*why = "cannot map the GIC CPU interface";
	if (!c)
		return -1;
	gicc = (volatile uint8_t *)(uintptr_t)c;
	/* A frame that is not a GICv2 CPU interface (a wrong reg, a GICv1) reads another version. */
	*why = "the GIC CPU interface is not a GICv2's (GICC_IIDR.ArchitectureVersion != 2)";
	if (((gic_rd32(gicc, GICC_IIDR) >> GICC_IIDR_ARCH_SHIFT) & GICC_IIDR_ARCH_MASK) != 2)
		return -1;

	/*
	 * Distributor and CPU interface on for the group (see the top), the
	 * CPU interface with every priority passing its mask. GICC_CTLR's other
	 * bits stay 0: FIQEn = 0 (Group 0 as IRQ), AckCtl = 0, EOImode 0
	 * (GICC_EOIR drops the priority and deactivates). GICC_BPR keeps its
	 * reset value: only one interrupt is ever enabled, nothing preempts.
	 * Nothing else uses the GIC yet.
	 */
	gic_wr32(gicd, GICD_CTLR, GICD_CTLR_ENABLE);
	gic_wr32(gicc, GICC_PMR, GICC_PMR_ALL);
	gic_wr32(gicc, GICC_CTLR, GICC_CTLR_ENABLE);
	dsb(sy);
	return 0;
}

void gic_enable_ppi(unsigned intid, unsigned prio)
{
	uint32_t bit = 1u << intid;

	/* Group 0 (RAZ/WI from the Non-secure side of a GIC with Security Extensions: firmware's). */
	gic_wr32(gicd, GICD_IGROUPR0, gic_rd32(gicd, GICD_IGROUPR0) & ~bit);
	gicd[GICD_IPRIORITYR + intid] = (uint8_t)prio;
	gic_wr32(gicd, GICD_ICPENDR0, bit);
	gic_wr32(gicd, GICD_ISENABLER0, bit);
	/* DSB: the configuration reaches the GIC before the timer can raise the line. */
	dsb(sy);
}

bool gic_ppi_pending(unsigned intid)
{
	return gic_rd32(gicd, GICD_ISPENDR0) & (1u << intid);
}

unsigned gic_ack(void)
{
	/* The read makes the interrupt active; GICC_EOIR wants the value back, source CPU included. */
	return gic_rd32(gicc, GICC_IAR) & GICC_IAR_ID_CPU;
}

void gic_eoi(unsigned intid)
{
	gic_wr32(gicc, GICC_EOIR, intid);
	/* DSB: the end of interrupt reaches the GIC before the handler returns (and may unmask). */
	dsb(sy);
}
