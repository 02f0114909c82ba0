/* SPDX-License-Identifier: MIT */
/*
 * A minimal GICv3/GICv4 driver for the boot CPU at EL2 / in HYP mode, the
 * same on both arches (Arm IHI 0069, GICv3 and GICv4 architecture
 * specification): affinity routing, Group 1 only, the system-register CPU
 * interface. The distributor and redistributor frames come from the DT
 * (lib/dt_irq.c) and are mapped in the device window; nothing is
 * hard-coded. The CPU interface's ICC_* registers are reached by their
 * AArch64 names: on arm32 lib/arm32/sysreg.h maps each to its cp15
 * encoding (ICC_HSRE, ICC_PMR, ICC_IAR1, ...; IHI 0069 chapter 12, "AArch32
 * System register descriptions").
 *
 * A GICv4 (QEMU virt's gic-version=max under virtualization=on) is the
 * same to this driver, except that each redistributor has four 64 KiB
 * frames (RD_base, SGI_base, VLPI_base, reserved: GICR_TYPER.VLPIS = 1)
 * where a GICv3's has two: the walk below steps by GICR_TYPER, or by the
 * DT's redistributor-stride where it gives one.
 */
#include "traps/gic.h"
#include "lib/sysreg.h"
#include "mm/layout.h"

/* Distributor registers (IHI 0069, "GICD_*"). */
#define GICD_CTLR		0x0000
#define GICD_CTLR_ENABLE_G1	(1u << 0)	/* DS=1: EnableGrp0 -- harmless, nothing is Group 0 */
#define GICD_CTLR_ENABLE_G1A	(1u << 1)	/* DS=1: EnableGrp1; DS=0 (Non-secure view): EnableGrp1A */
#define GICD_CTLR_ARE		(1u << 4)	/* ARE (DS=1) / ARE_NS (DS=0): affinity routing */
#define GICD_CTLR_RWP		(1u << 31)
#define GICD_PIDR2		0xffe8
#define GICD_PIDR2_ARCHREV_SHIFT 4		/* ArchRev [7:4]: 3 GICv3, 4 GICv4 */
#define GICD_PIDR2_ARCHREV_MASK	0xf
#define GICD_FRAME		UINT64_C(0x10000)
/* Redistributor, RD_base frame (IHI 0069, "GICR_*"). */
#define GICR_CTLR		0x0000
#define GICR_CTLR_RWP		(1u << 3)
#define GICR_TYPER_LO		0x0008		/* GICR_TYPER, read as two 32-bit halves (IHI 0069 12.1.3) */
#define GICR_TYPER_HI		0x000c		/* [63:32]: Affinity_Value */
#define GICR_TYPER_VLPIS	(1u << 1)	/* GICv4: the VLPI_base and reserved frames follow */
#define GICR_TYPER_LAST		(1u << 4)	/* the last redistributor of its region */
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
#define ICC_IAR1_INTID_MASK	0xffffff		/* INTID [23:0] */

#define GIC_POLL_LIMIT		1000000

static volatile uint8_t *gicd, *gicr_rd, *gicr_sgi;

/* Wait for a register write to take effect (RWP clears); false if it never does. */
static bool wait_clear(volatile uint8_t *base, unsigned off, uint32_t bit)
{
	for (unsigned i = 0; i < GIC_POLL_LIMIT; i++)
		if (!(intc_rd32(base, off) & bit))
			return true;
	return false;
}

/*
 * MPIDR's Aff3.Aff2.Aff1.Aff0 as GICR_TYPER.Affinity_Value lays them out
 * (AArch32's MPIDR is 32 bits: no Aff3, which is then 0).
 */
static uint32_t my_affinity(void)
{
	uint64_t m = READ_SYSREG(mpidr_el1);

	return (uint32_t)(((m >> 32) & 0xff) << 24 | (m & 0xffffff));
}

/* The calling CPU's RD_base, mapped; NULL if no frame in the DT's regions has its affinity. */
static volatile uint8_t *find_redistributor(const struct dt_intc *ic, uint64_t *pa)
{
	uint32_t aff = my_affinity();

	for (unsigned r = 0; r < ic->nredist; r++) {
		for (uint64_t off = 0; off + GICR_FRAME_V3 <= ic->redist[r].size;) {
			/* One page is enough to read GICR_TYPER. */
			uint64_t va = mm_map_device(ic->redist[r].base + off, PAGE_SIZE);
			volatile uint8_t *rd = (volatile uint8_t *)(uintptr_t)va;
			uint32_t typer;

			if (!va)
				return NULL;
			if (intc_rd32(rd, GICR_TYPER_HI) == aff) {
				*pa = ic->redist[r].base + off;
				return rd;
			}
			typer = intc_rd32(rd, GICR_TYPER_LO);
			if (typer & GICR_TYPER_LAST)
				break;
			off += ic->redist_stride ? ic->redist_stride :
			       (typer & GICR_TYPER_VLPIS) ? GICR_FRAME_V4 : GICR_FRAME_V3;
		}
	}
	return NULL;
}

static int gic_v3_init(const struct dt_intc *ic, const char **name, const char **why)
{
	uint64_t rd_pa = 0, sgi_va, d;

	d = mm_map_device(ic->base, MIN(ic->size, GICD_FRAME));
	*why = "cannot map the GIC distributor";
	if (!d)
		return -1;
	gicd = (volatile uint8_t *)(uintptr_t)d;
	/* A GICv4 has the GICv3's binding; its distributor says which it is. */
	*name = ((intc_rd32(gicd, GICD_PIDR2) >> GICD_PIDR2_ARCHREV_SHIFT) & GICD_PIDR2_ARCHREV_MASK) == 4 ?
		"GICv4" : "GICv3";
	gicr_rd = find_redistributor(ic, &rd_pa);
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
	intc_wr32(gicd, GICD_CTLR, 0);
	if (!wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP))
		return -1;
	intc_wr32(gicd, GICD_CTLR, GICD_CTLR_ARE);
	if (!wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP))
		return -1;
	intc_wr32(gicd, GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1 | GICD_CTLR_ENABLE_G1A);
	if (!wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP))
		return -1;
	*why = "the GIC distributor refused affinity routing (GICD_CTLR.ARE stays 0)";
	if (!(intc_rd32(gicd, GICD_CTLR) & GICD_CTLR_ARE))
		return -1;

	/*
	 * Redistributor: leave ProcessorSleep, wait until its interfaces are
	 * awake. With two security states (GICD_CTLR.DS = 0) ProcessorSleep
	 * is Secure-only: firmware must have woken it.
	 */
	intc_wr32(gicr_rd, GICR_WAKER, intc_rd32(gicr_rd, GICR_WAKER) & ~GICR_WAKER_PSLEEP);
	*why = "the GIC redistributor did not wake (GICR_WAKER.ChildrenAsleep)";
	if (!wait_clear(gicr_rd, GICR_WAKER, GICR_WAKER_CASLEEP))
		return -1;

	/*
	 * CPU interface through system registers (ICC_SRE_EL2.SRE, ICC_HSRE
	 * on arm32; Enable lets EL1 see its own ICC_SRE_EL1, as Linux's
	 * booting.rst asks). SRE may be RAO/WI, never RAZ/WI on a GICv3 with a
	 * system-register interface: read it back. ISB: the ICC_* accesses
	 * below need SRE in effect.
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

static int gic_v3_enable(unsigned intid, unsigned prio, const char **why)
{
	uint32_t bit = GIC_BIT(intid);

	*why = "not a PPI (INTID 16-31)";
	if (intid < GIC_PPI_FIRST || intid > GIC_PPI_LAST)
		return -1;
	/* Group 1 (IGROUPR0 = 1, IGRPMODR0 = 0: Non-secure Group 1 when security exists). */
	intc_wr32(gicr_sgi, GICR_IGROUPR0, intc_rd32(gicr_sgi, GICR_IGROUPR0) | bit);
	intc_wr32(gicr_sgi, GICR_IGRPMODR0, intc_rd32(gicr_sgi, GICR_IGRPMODR0) & ~bit);
	gicr_sgi[GICR_IPRIORITYR + intid] = (uint8_t)prio;
	intc_wr32(gicr_sgi, GICR_ICPENDR0, bit);
	intc_wr32(gicr_sgi, GICR_ISENABLER0, bit);
	(void)wait_clear(gicr_rd, GICR_CTLR, GICR_CTLR_RWP);
	/* DSB: the configuration reaches the GIC before the timer can raise the line, and before the read-back. */
	dsb(sy);
	/* A Secure (Group 0) interrupt is RAZ/WI to a Non-secure access: firmware kept it. */
	*why = "the timer's PPI is Secure (Group 0): the GIC keeps it disabled";
	return intc_rd32(gicr_sgi, GICR_ISENABLER0) & bit ? 0 : -1;
}

static bool gic_v3_pending(unsigned intid)
{
	return intc_rd32(gicr_sgi, GICR_ISPENDR0) & GIC_BIT(intid);
}

static unsigned gic_v3_ack(void)
{
	/* The read makes the interrupt active. */
	return (unsigned)READ_SYSREG(icc_iar1_el1) & ICC_IAR1_INTID_MASK;
}

static void gic_v3_eoi(unsigned intid)
{
	WRITE_SYSREG(icc_eoir1_el1, intid);
	isb();
}

const struct intc_driver gic_v3_driver = {
	.irq_word = "INTID",
	.init = gic_v3_init,
	.enable = gic_v3_enable,
	.pending = gic_v3_pending,
	.ack = gic_v3_ack,
	.eoi = gic_v3_eoi,
};
