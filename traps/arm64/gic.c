/* SPDX-License-Identifier: MIT */
/*
 * arm64's traps/gic.h: a minimal GICv3 driver for the boot CPU at EL2 (Arm
 * IHI 0069, GICv3/v4 architecture specification): affinity routing, Group 1
 * only, the system-register CPU interface. Addresses come from the DT
 * (lib/dt_irq.c) and are mapped in the device window; nothing is
 * hard-coded. A GICv2 in the DT is refused (its driver is arm32's).
 */
#include "traps/gic.h"
#include "lib/arm64/sysreg.h"
#include "mm/layout.h"

/* Distributor registers (IHI 0069, "GICD_*"). */
#define GICD_CTLR		0x0000
#define GICD_CTLR_ENABLE_G1	(1u << 0)	/* DS=1: EnableGrp0 -- harmless, nothing is Group 0 */
#define GICD_CTLR_ENABLE_G1A	(1u << 1)	/* DS=1: EnableGrp1; DS=0 (Non-secure view): EnableGrp1A */
#define GICD_CTLR_ARE		(1u << 4)	/* ARE (DS=1) / ARE_NS (DS=0): affinity routing */
#define GICD_CTLR_RWP		(1u << 31)
/* Redistributor, RD_base frame (IHI 0069, "GICR_*"). */
#define GICR_CTLR		0x0000
#define GICR_CTLR_RWP		(1u << 3)
#define GICR_TYPER		0x0008
#define GICR_TYPER_VLPIS	(UINT64_C(1) << 1)
#define GICR_TYPER_LAST		(UINT64_C(1) << 4)
#define GICR_TYPER_AFF_SHIFT	32
#define GICR_WAKER		0x0014
#define GICR_WAKER_PSLEEP	(1u << 1)	/* ProcessorSleep */
#define GICR_WAKER_CASLEEP	(1u << 2)	/* ChildrenAsleep */
/* SGI_base frame, 64 KiB above RD_base: the SGI/PPI registers. */
#define GICR_SGI_OFFSET		0x10000
#define GICR_IGROUPR0		0x0080
#define GICR_ISENABLER0		0x0100
#define GICR_ISPENDR0		0x0200
#define GICR_ICPENDR0		0x0280
#define GICR_IPRIORITYR		0x0400
#define GICR_IGRPMODR0		0x0d00
/* One redistributor: RD_base + SGI_base (GICv3); GICv4 adds VLPI_base + a reserved frame. */
#define GICR_FRAME_V3		0x20000
#define GICR_FRAME_V4		0x40000

/* CPU interface system registers (IHI 0069, "ICC_*"). */
#define ICC_SRE_EL2_SRE		(UINT64_C(1) << 0)	/* system-register interface */
#define ICC_SRE_EL2_ENABLE	(UINT64_C(1) << 3)	/* EL1 may use ICC_SRE_EL1 */
#define ICC_CTLR_EL1_EOIMODE	(UINT64_C(1) << 1)	/* 1: EOIR drops priority only */
#define ICC_PMR_ALL		0xff			/* the lowest priority mask: all pass */
#define ICC_IGRPEN1_ON		1

#define GIC_POLL_LIMIT		1000000

static volatile uint8_t *gicd, *gicr_rd, *gicr_sgi;

/* Wait for a register write to take effect (RWP clears); false if it never does. */
static bool wait_clear(volatile uint8_t *base, unsigned off, uint32_t bit)
{
	for (unsigned i = 0; i < GIC_POLL_LIMIT; i++)
		if (!(gic_rd32(base, off) & bit))
			return true;
	return false;
}

/* MPIDR_EL1's Aff3.Aff2.Aff1.Aff0 as GICR_TYPER.Affinity_Value lays them out. */
static uint32_t my_affinity(void)
{
	uint64_t m = READ_SYSREG(mpidr_el1);

	return (uint32_t)(((m >> 32) & 0xff) << 24 | (m & 0xffffff));
}

/* The calling CPU's RD_base, mapped; NULL if no frame in the DT's regions has its affinity. */
static volatile uint8_t *find_redistributor(const struct dt_gic *g, uint64_t *pa)
{
	uint32_t aff = my_affinity();

	for (unsigned r = 0; r < g->nredist; r++) {
		for (uint64_t off = 0; off + GICR_FRAME_V3 <= g->redist[r].size;) {
			/* One page is enough to read GICR_TYPER. */
			uint64_t va = mm_map_device(g->redist[r].base + off, PAGE_SIZE);
			uint64_t typer;

			if (!va)
				return NULL;
			typer = *(volatile uint64_t *)(uintptr_t)(va + GICR_TYPER);
			if ((uint32_t)(typer >> GICR_TYPER_AFF_SHIFT) == aff) {
				*pa = g->redist[r].base + off;
				return (volatile uint8_t *)(uintptr_t)va;
			}
			if (typer & GICR_TYPER_LAST)
				break;
			off += g->redist_stride ? g->redist_stride :
			       (typer & GICR_TYPER_VLPIS) ? GICR_FRAME_V4 : GICR_FRAME_V3;
		}
	}
	return NULL;
}

int gic_init(const struct dt_gic *g, const char **why)
{
	uint64_t rd_pa = 0, sgi_va, d;

	*why = "the DT's GIC is a GICv2: the arm64 driver is GICv3 only";
	if (g->version != 3)
		return -1;
	d = mm_map_device(g->dist, MIN(g->dist_size, UINT64_C(0x10000)));
	*why = "cannot map the GIC distributor";
	if (!d)
		return -1;
	gicd = (volatile uint8_t *)(uintptr_t)d;
	gicr_rd = find_redistributor(g, &rd_pa);
	*why = "no GIC redistributor has this CPU's affinity";
	if (!gicr_rd)
		return -1;
	sgi_va = mm_map_device(rd_pa + GICR_SGI_OFFSET, PAGE_SIZE);
	*why = "cannot map the redistributor's SGI frame";
	if (!sgi_va)
		return -1;
	gicr_sgi = (volatile uint8_t *)(uintptr_t)sgi_va;

	/*
	 * Distributor: groups off, then affinity routing and Group 1 on, each
	 * write completed (RWP) before the next (IHI 0069, GICD_CTLR: changing
	 * ARE while a group is enabled is UNPREDICTABLE). Nothing else uses the
	 * GIC yet.
	 */
	*why = "the GIC distributor did not complete a write (GICD_CTLR.RWP)";
	gic_wr32(gicd, GICD_CTLR, 0);
	if (!wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP))
		return -1;
	gic_wr32(gicd, GICD_CTLR, GICD_CTLR_ARE);
	if (!wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP))
		return -1;
	gic_wr32(gicd, GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1 | GICD_CTLR_ENABLE_G1A);
	if (!wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP))
		return -1;
	*why = "the GIC distributor refused affinity routing (GICD_CTLR.ARE stays 0)";
	if (!(gic_rd32(gicd, GICD_CTLR) & GICD_CTLR_ARE))
		return -1;

	/* Redistributor: leave ProcessorSleep, wait until its interfaces are awake. */
	gic_wr32(gicr_rd, GICR_WAKER, gic_rd32(gicr_rd, GICR_WAKER) & ~GICR_WAKER_PSLEEP);
	*why = "the GIC redistributor did not wake (GICR_WAKER.ChildrenAsleep)";
	if (!wait_clear(gicr_rd, GICR_WAKER, GICR_WAKER_CASLEEP))
		return -1;

	/*
	 * CPU interface through system registers (ICC_SRE_EL2.SRE; Enable lets
	 * EL1 see its own ICC_SRE_EL1, as Linux's booting.rst asks). SRE may
	 * be RAO/WI, never RAZ/WI on a GICv3 with a system-register interface:
	 * read it back. ISB: the ICC_* accesses below need SRE in effect.
	 */
	WRITE_SYSREG(icc_sre_el2, READ_SYSREG(icc_sre_el2) | ICC_SRE_EL2_SRE | ICC_SRE_EL2_ENABLE);
	isb();
	*why = "the GIC CPU interface has no system-register access (ICC_SRE_EL2.SRE = 0)";
	if (!(READ_SYSREG(icc_sre_el2) & ICC_SRE_EL2_SRE))
		return -1;
	WRITE_SYSREG(icc_pmr_el1, ICC_PMR_ALL);
	WRITE_SYSREG(icc_bpr1_el1, 0);			/* no preemption grouping */
	WRITE_SYSREG(icc_ctlr_el1, READ_SYSREG(icc_ctlr_el1) & ~ICC_CTLR_EL1_EOIMODE);
	WRITE_SYSREG(icc_igrpen1_el1, ICC_IGRPEN1_ON);
	isb();
	return 0;
}

void gic_enable_ppi(unsigned intid, unsigned prio)
{
	uint32_t bit = 1u << intid;

	/* Group 1 (IGROUPR0 = 1, IGRPMODR0 = 0: Non-secure Group 1 when security exists). */
	gic_wr32(gicr_sgi, GICR_IGROUPR0, gic_rd32(gicr_sgi, GICR_IGROUPR0) | bit);
	gic_wr32(gicr_sgi, GICR_IGRPMODR0, gic_rd32(gicr_sgi, GICR_IGRPMODR0) & ~bit);
	gicr_sgi[GICR_IPRIORITYR + intid] = (uint8_t)prio;
	gic_wr32(gicr_sgi, GICR_ICPENDR0, bit);
	gic_wr32(gicr_sgi, GICR_ISENABLER0, bit);
	(void)wait_clear(gicr_rd, GICR_CTLR, GICR_CTLR_RWP);
	/* DSB: the configuration reaches the GIC before the timer can raise the line. */
	dsb(sy);
}

bool gic_ppi_pending(unsigned intid)
{
	return gic_rd32(gicr_sgi, GICR_ISPENDR0) & (1u << intid);
}

unsigned gic_ack(void)
{
	/* INTID is ICC_IAR1_EL1[23:0]; the read makes the interrupt active. */
	return (unsigned)READ_SYSREG(icc_iar1_el1) & 0xffffff;
}

void gic_eoi(unsigned intid)
{
	WRITE_SYSREG(icc_eoir1_el1, intid);
	isb();
}
