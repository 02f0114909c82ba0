/* SPDX-License-Identifier: MIT */
/*
 * A minimal GICv2 driver for the boot CPU at EL2 / in HYP mode, the same
 * on both arches (Arm IHI 0048B, GICv2 architecture specification): the
 * memory-mapped distributor (GICD) and CPU interface (GICC) of the DT's
 * GICv2 node (lib/dt_irq.c: reg[0] and reg[1]), mapped in the device window
 * as Device memory; nothing is hard-coded and no system register is used.
 * The PPIs' registers (GICD_*R0, the first eight GICD_IPRIORITYR bytes) and
 * the GICC frame are banked per CPU: what is set here is the calling CPU's.
 *
 * Groups and security (IHI 0048B "Interrupt grouping" and "The effect of
 * the Security Extensions on the programmers' model"). QEMU virt without
 * secure=on models a GICv2 without the Security Extensions: every register
 * is accessible, with the layouts a Secure access sees, and Group 0 is
 * signalled as IRQ while GICC_CTLR.FIQEn = 0 (Group 1 always is). The
 * timer's PPI is put in Group 0 (its reset group), and bit 0 of GICD_CTLR
 * and GICC_CTLR (EnableGrp0) enabled, with FIQEn = 0: an IRQ, which
 * GICC_IAR returns whatever AckCtl is. A GIC with the Security Extensions
 * (QEMU virt,secure=on; most boards), seen from Non-secure EL2, makes
 * GICD_IGROUPR RAZ/WI, leaves the groups to Secure firmware (which puts the
 * Non-secure world's interrupts in Group 1: hyptest's own EL3 shim does,
 * boot/arm64/el3_shim.S) and has one enable bit at bit 0 of both CTLRs,
 * EnableGrp1: the same writes then enable what the Non-secure side may use,
 * so they suit both. A Group 0 interrupt is RAZ/WI to Non-secure accesses
 * in GICD_ISENABLER and GICD_IPRIORITYR too: reading the enable back tells
 * whether firmware left the timer's PPI Secure; and GICC_PMR read back
 * tells whether firmware left the priority mask closed (its reset value).
 */
#include "traps/gic.h"
#include "lib/sysreg.h"
#include "mm/layout.h"

/* Distributor registers (IHI 0048B 4.3, "GICD_*"); the *R0 ones cover INTIDs 0-31, banked. */
#define GICD_CTLR		0x000
#define GICD_CTLR_ENABLE	(1u << 0)	/* EnableGrp0 (no Security Extensions) / EnableGrp1 (NS view) */
#define GICD_TYPER		0x004
#define GICD_TYPER_SECURITYEXTN	(1u << 10)	/* the GIC implements the Security Extensions */
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

static int gic_v2_init(const struct dt_intc *ic, const char **name, const char **why)
{
	uint64_t d, c;

	*name = "GICv2";
	d = mm_map_device(ic->base, MIN(ic->size, GICD_FRAME));
	*why = "cannot map the GIC distributor";
	if (!d)
		return -1;
	gicd = (volatile uint8_t *)(uintptr_t)d;
	c = mm_map_device(ic->cpu, MIN(ic->cpu_size, GICC_FRAME));
	*why = "cannot map the GIC CPU interface";
	if (!c)
		return -1;
	gicc = (volatile uint8_t *)(uintptr_t)c;
	/* A frame that is not a GICv2 CPU interface (a wrong reg, a GICv1) reads another version. */
	*why = "the GIC CPU interface is not a GICv2's (GICC_IIDR.ArchitectureVersion != 2)";
	if (((intc_rd32(gicc, GICC_IIDR) >> GICC_IIDR_ARCH_SHIFT) & GICC_IIDR_ARCH_MASK) != 2)
		return -1;

	/*
	 * Distributor and CPU interface on for the group (see the top), the
	 * CPU interface with every priority passing its mask. GICC_CTLR's other
	 * bits stay 0: FIQEn = 0 (Group 0 as IRQ), AckCtl = 0, EOImode 0
	 * (GICC_EOIR drops the priority and deactivates). GICC_BPR keeps its
	 * reset value: only one interrupt is ever enabled, nothing preempts.
	 * Nothing else uses the GIC yet.
	 */
	intc_wr32(gicd, GICD_CTLR, GICD_CTLR_ENABLE);
	intc_wr32(gicc, GICC_PMR, GICC_PMR_ALL);
	intc_wr32(gicc, GICC_CTLR, GICC_CTLR_ENABLE);
	dsb(sy);
	/*
	 * With the Security Extensions a Non-secure write to GICC_PMR is
	 * ignored while the mask holds a Secure-half value (below 0x80), and
	 * it resets to 0: then nothing ever passes, and it reads 0 here.
	 */
	*why = "the GICv2's priority mask stays closed (GICC_PMR reads 0): only Secure firmware can open it";
	return intc_rd32(gicc, GICC_PMR) ? 0 : -1;
}

static int gic_v2_enable(unsigned intid, unsigned prio, const char **why)
{
	uint32_t bit = GIC_BIT(intid);

	*why = "not a PPI (INTID 16-31)";
	if (intid < GIC_PPI_FIRST || intid > GIC_PPI_LAST)
		return -1;
	/* Group 0 (RAZ/WI from the Non-secure side of a GIC with Security Extensions: firmware's). */
	intc_wr32(gicd, GICD_IGROUPR0, intc_rd32(gicd, GICD_IGROUPR0) & ~bit);
	gicd[GICD_IPRIORITYR + intid] = (uint8_t)prio;
	intc_wr32(gicd, GICD_ICPENDR0, bit);
	intc_wr32(gicd, GICD_ISENABLER0, bit);
	/* DSB: the configuration reaches the GIC before the timer can raise the line, and before the read-back. */
	dsb(sy);
	if (intc_rd32(gicd, GICD_ISENABLER0) & bit)
		return 0;
	if (intc_rd32(gicd, GICD_TYPER) & GICD_TYPER_SECURITYEXTN)
		*why = "the timer's PPI is Secure (Group 0): the GICv2 keeps it disabled";
	else
		*why = "the GICv2 keeps the timer's PPI disabled (GICD_ISENABLER0 reads 0)";
	return -1;
}

static bool gic_v2_pending(unsigned intid)
{
	return intc_rd32(gicd, GICD_ISPENDR0) & GIC_BIT(intid);
}

static unsigned gic_v2_ack(void)
{
	/* The read makes the interrupt active; GICC_EOIR wants the value back, source CPU included. */
	return intc_rd32(gicc, GICC_IAR) & GICC_IAR_ID_CPU;
}

static void gic_v2_eoi(unsigned intid)
{
	intc_wr32(gicc, GICC_EOIR, intid);
	/* DSB: the end of interrupt reaches the GIC before the handler returns (and may unmask). */
	dsb(sy);
}

const struct intc_driver gic_v2_driver = {
	.irq_word = "INTID",
	.init = gic_v2_init,
	.enable = gic_v2_enable,
	.pending = gic_v2_pending,
	.ack = gic_v2_ack,
	.eoi = gic_v2_eoi,
};
