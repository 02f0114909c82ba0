/* SPDX-License-Identifier: MIT */
/*
 * Long-descriptor translation tables with the 4 KiB granule, as the AArch64
 * VMSA (Arm ARM D8.3) and the ARMv7 Large Physical Address Extension (DDI
 * 0406C B3.6) both define them: the same table, block and page descriptors,
 * the same stage-1 (AttrIndx, AP, SH, AF, XN) and stage-2 (MemAttr, S2AP,
 * XN) attribute bits, levels 1-3 sized 1 GiB, 2 MiB and 4 KiB. What differs
 * per arch (where the walk starts, the input size, the TLB sequences) is
 * defined by mm/<arch>/arch_pte.h before it includes this: pte_t,
 * PT_ROOT_LEVEL, PT_LAST_LEVEL, PT_ENTRIES, PT_VA_BITS, the MAIR indexes,
 * VTTBR_VALUE() and the tlb_* functions. The arch-neutral builder
 * (mm/pgtable.c) only calls the arch_* functions below.
 */
#ifndef HYPTEST_LPAE_PTE_H
#define HYPTEST_LPAE_PTE_H

#define PTE_VALID	BIT(0)
#define PTE_TYPE_TABLE	BIT(1)		/* levels 0-2: table; level 3: page */
#define PTE_ATTRINDX_SHIFT 2
#define PTE_AP_RO	BIT(7)		/* AP[2]: read-only */
#define PTE_AP_RES1	BIT(6)		/* AP[1]: RES1 in a one-privilege-level regime */
#define PTE_SH_INNER	(UINT64_C(3) << 8)
#define PTE_AF		BIT(10)		/* access flag: set, so no access-flag faults */
#define PTE_XN		BIT(54)		/* EL2 regime: XN */
/* Output address bits: 47:12 (AArch64); LPAE has 39:12, with 47:40 RES0 there. */
#define PTE_ADDR_MASK	GENMASK(47, 12)

static inline unsigned arch_pt_shift(int level)
{
	return 12 + 9 * (3 - level);
}

/* Blocks exist at levels 1 (1 GiB) and 2 (2 MiB) with a 4 KiB granule. */
static inline bool arch_pte_leaf_ok(int level)
{
	return level >= 1;
}

static inline pte_t arch_pte_table(uint64_t pa, int level)
{
	(void)level;
	return (pa & PTE_ADDR_MASK) | PTE_TYPE_TABLE | PTE_VALID;
}

static inline pte_t arch_pte_leaf(uint64_t pa, int level, unsigned attrs)
{
	pte_t p = (pa & PTE_ADDR_MASK) | PTE_VALID | PTE_AF | PTE_AP_RES1;

	if (level == PT_LAST_LEVEL)
		p |= PTE_TYPE_TABLE;	/* a page descriptor has bits 1:0 = 0b11 */
	if (attrs & MM_DEVICE)
		p |= (uint64_t)MAIR_IDX_DEVICE << PTE_ATTRINDX_SHIFT;
	else if (attrs & MM_NC)
		p |= ((uint64_t)MAIR_IDX_NORMAL_NC << PTE_ATTRINDX_SHIFT) | PTE_SH_INNER;
	else
		p |= ((uint64_t)MAIR_IDX_NORMAL << PTE_ATTRINDX_SHIFT) | PTE_SH_INNER;
	if (!(attrs & MM_W))
		p |= PTE_AP_RO;
	if (!(attrs & MM_X) || (attrs & MM_DEVICE))
		p |= PTE_XN;
	return p;
}

/*
 * Stage 2 (a guest's IPA -> PA), same 4 KiB granule and table descriptors,
 * different leaf attributes (Arm ARM D8.3.2 "Stage 2 ... attribute fields"):
 * MemAttr[5:2] is the memory type itself, not a MAIR index (with FWB = 0:
 * 0b0000 Device-nGnRnE, 0b0101 Normal Non-cacheable, 0b1111 Normal Write-Back),
 * S2AP[7:6] gives read (bit 6) and write (bit 7) access, XN[1] (bit 54)
 * forbids execution at EL1 and EL0. Stage 1 and stage 2 attributes combine to
 * the stricter of the two.
 */
#define S2_MEMATTR_SHIFT	2
#define S2_MEMATTR_DEVICE	UL(0x0)
#define S2_MEMATTR_NORMAL_NC	UL(0x5)
#define S2_MEMATTR_NORMAL_WB	UL(0xf)
#define S2_AP_R			BIT(6)
#define S2_AP_W			BIT(7)
#define S2_XN			BIT(54)

static inline pte_t arch_s2_leaf(uint64_t pa, int level, unsigned attrs)
{
	pte_t p = (pa & PTE_ADDR_MASK) | PTE_VALID | PTE_AF | S2_AP_R;

	if (level == PT_LAST_LEVEL)
		p |= PTE_TYPE_TABLE;
	if (attrs & MM_DEVICE)
		p |= S2_MEMATTR_DEVICE << S2_MEMATTR_SHIFT;
	else if (attrs & MM_NC)
		p |= (S2_MEMATTR_NORMAL_NC << S2_MEMATTR_SHIFT) | PTE_SH_INNER;
	else
		p |= (S2_MEMATTR_NORMAL_WB << S2_MEMATTR_SHIFT) | PTE_SH_INNER;
	if (attrs & MM_W)
		p |= S2_AP_W;
	if (!(attrs & MM_X) || (attrs & MM_DEVICE))
		p |= S2_XN;
	return p;
}

static inline unsigned arch_s2_attrs(pte_t p)
{
	unsigned a = 0;
	uint64_t mt = (p >> S2_MEMATTR_SHIFT) & 0xf;

	if (p & S2_AP_W)
		a |= MM_W;
	if (!(p & S2_XN))
		a |= MM_X;
	if (mt == S2_MEMATTR_DEVICE)
		a |= MM_DEVICE;
	else if (mt == S2_MEMATTR_NORMAL_NC)
		a |= MM_NC;
	return a;
}

/* At level 3, bits 1:0 = 0b01 is reserved (invalid): a page needs 0b11. */
static inline bool arch_pte_valid(pte_t p, int level)
{
	if (level == PT_LAST_LEVEL)
		return (p & (PTE_VALID | PTE_TYPE_TABLE)) == (PTE_VALID | PTE_TYPE_TABLE);
	return p & PTE_VALID;
}

static inline bool arch_pte_is_table(pte_t p, int level)
{
	return level < PT_LAST_LEVEL && (p & PTE_TYPE_TABLE);
}

static inline uint64_t arch_pte_addr(pte_t p, int level)
{
	(void)level;
	return p & PTE_ADDR_MASK;
}

static inline unsigned arch_pte_attrs(pte_t p, int level)
{
	unsigned a = 0;
	unsigned idx = (p >> PTE_ATTRINDX_SHIFT) & 7;

	(void)level;
	if (!(p & PTE_AP_RO))
		a |= MM_W;
	if (!(p & PTE_XN))
		a |= MM_X;
	if (idx == MAIR_IDX_DEVICE)
		a |= MM_DEVICE;
	else if (idx == MAIR_IDX_NORMAL_NC)
		a |= MM_NC;
	return a;
}

/*
 * Ordering and TLB hooks the builder's break-before-make sequence uses
 * (Arm ARM D8.14.1 "Using break-before-make when updating translation table
 * entries"). The TLBI sequences themselves live in mm/<arch>/tlb.h.
 */
/* DSB ISHST: earlier descriptor stores are visible to every table walker. */
static inline void arch_pte_publish(void)
{
	__asm__ __volatile__("dsb ishst" ::: "memory");
}

static inline void arch_tlb_inval_va(uint64_t va, bool local)
{
	if (local)
		tlb_el2_va_local(va);
	else
		tlb_el2_va(va);
}

static inline void arch_tlb_inval_all(bool local)
{
	if (local)
		tlb_el2_all_local();
	else
		tlb_el2_all();
}

/*
 * The builder's regime hooks (mm/pgtable.c): EL2 stage 1 or a guest's stage 2.
 * A stage-2 invalidation is tagged with the table's VMID, which the TLBI
 * takes from VTTBR_EL2 (tlb_s2_*). The "all" form for stage 2 drops every
 * entry of that VMID.
 */
#define ARCH_PT_REGIMES 1
static inline pte_t arch_pte_leaf_r(unsigned regime, uint64_t pa, int level, unsigned attrs)
{
	return regime == PT_STAGE2 ? arch_s2_leaf(pa, level, attrs) : arch_pte_leaf(pa, level, attrs);
}

static inline unsigned arch_pte_attrs_r(unsigned regime, pte_t p, int level)
{
	return regime == PT_STAGE2 ? arch_s2_attrs(p) : arch_pte_attrs(p, level);
}

static inline void arch_tlb_inval_r(const struct pt *pt, uint64_t va, bool all, bool local)
{
	if (pt->regime == PT_STAGE2)
		tlb_s2(VTTBR_VALUE(pt->root, pt->vmid), va, all, local);
	else if (all)
		arch_tlb_inval_all(local);
	else
		arch_tlb_inval_va(va, local);
}

/* ISB: later instructions (and their fetches) see the new translations. */
static inline void arch_pt_isb(void)
{
	__asm__ __volatile__("isb" ::: "memory");
}

#endif
