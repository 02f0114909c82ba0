/* SPDX-License-Identifier: MIT */
/*
 * mm.layout: the hypervisor's whole EL2 map against its design (issue 20).
 * Every valid leaf of the live tables (found by selftest/el2walk.c, which
 * decodes descriptors apart from mm/) must lie in a region of the design
 * (docs/architecture.md, "EL2 virtual address map"; mm/va_layout.h,
 * mm/layout.h) and have that region's permissions and memory type, both in
 * its descriptor and to the hardware: AT S1E2R/S1E2W and PAR (ATTR, SH),
 * and execute probes. The design: W^X everywhere; text R+X; read-only data,
 * the DTB and PAD= padding R; data, bss, stacks, the table pool and the
 * table window RW; MMIO (the device window) RW, Device-nGnRnE; RAM Normal
 * Write-Back inner shareable (MAIR_EL2 / HMAIR0 index 1, 0xff); nothing
 * else: no identity page, no temporary map, no SMP trampoline, no PMAP slot
 * left mapped, every guard page unmapped.
 */
#include <stdio.h>
#include <string.h>
#include "selftest/selftest.h"
#include "selftest/el2walk.h"
#include "boot/boot.h"
#include "boot/smp.h"
#include "lib/sysreg.h"
#include "mm/at.h"
#include "mm/cache.h"
#include "mm/layout.h"
#include "mm/pmap.h"
#include "mm/runtime.h"
#include "mm/va_layout.h"
#include "traps/traps.h"

#define PG		UINT64_C(4096)
/* The memory types of the design, as MAIR attribute bytes (D19.2.97 MAIR_ELx; DDI 0406C B4.1.104 HMAIR0). */
#define ATTR_DEVICE	0x00	/* Device-nGnRnE (ARMv7: Strongly-ordered) */
#define ATTR_NORMAL_WB	0xff	/* Normal, inner and outer Write-Back, read- and write-allocate */

enum kind { K_NONE, K_TEXT, K_RO, K_RW, K_DEVICE, K_TEST };

static const struct expect {
	const char *what;
	bool w, x;
	unsigned attr;
} expects[] = {
	[K_NONE] = { "nothing", false, false, 0 },
	[K_TEXT] = { "text", false, true, ATTR_NORMAL_WB },
	[K_RO] = { "read-only", false, false, ATTR_NORMAL_WB },
	[K_RW] = { "read-write", true, false, ATTR_NORMAL_WB },
	[K_DEVICE] = { "MMIO", true, false, ATTR_DEVICE },
	[K_TEST] = { "test scratch", false, false, ATTR_NORMAL_WB },
};

/* Where a page is in the design: its kind, a name for messages, and the PA it must map to (~0: any). */
struct place {
	enum kind kind;
	const char *name;
	uint64_t pa;
};

static uint64_t off_in(const char *s, const char *e, uint64_t off, bool *hit)
{
	*hit = off >= (uint64_t)(s - __image_start) && off < (uint64_t)(e - __image_start);
	return off;
}

/* The image, by offset: each part of the link map (boot/image.lds.h) with its permissions (mm/boot.c). */
static struct place image_place(uint64_t off)
{
	static const struct { char *s, *e; enum kind k; const char *name; } parts[] = {
		{ __image_start, __text_end, K_TEXT, "the image's text" },
		{ __text_end, __rodata_end, K_RO, "the image's read-only data" },
		{ __rodata_end, __stack_guard, K_RW, "the image's data and bss" },
		{ __stack_guard, __stack_start, K_NONE, "the main stack's guard page" },
		{ __stack_start, __stack_end, K_RW, "the main stack" },
		{ __xstack_guard, __xstack_start, K_NONE, "the exception stack's guard page" },
		{ __xstack_start, __xstack_end, K_RW, "the exception stack" },
		{ __pt_pool_start, __pt_pool_end, K_RW, "the table pool" },
		{ __pad_start, __image_end, K_RO, "the PAD= padding" },
	};
	struct place p = { K_NONE, "a hole in the image", boot_mm.image_pa + off };

	for (unsigned i = 0; i < ARRAY_SIZE(parts); i++) {
		bool hit;

		off_in(parts[i].s, parts[i].e, off, &hit);
		if (hit) {
			p.kind = parts[i].k;
			p.name = parts[i].name;
			return p;
		}
	}
	return p;
}

/* The PA behind window offset off: the boot allocator's pieces lie one after another in the table window. */
static uint64_t window_pa(uint64_t off)
{
	for (unsigned i = 0; i < mm_rt.bm.n; i++) {
		const struct bootmem_piece *p = &mm_rt.bm.piece[i];

		if (off >= p->win && off - p->win < p->end - p->base)
			return p->base + (off - p->win);
	}
	return ~UINT64_C(0);
}

/* Where va is in the design. */
static struct place place_of(uint64_t va)
{
	uint64_t dtb_s = ALIGN_DOWN(boot_mm.dtb_va, PG), dtb_e = ALIGN_UP(boot_mm.dtb_va + boot_mm.dtb_size, PG);
	struct place p = { K_NONE, NULL, ~UINT64_C(0) };

	if (va - boot_mm.va < ALIGN_UP(boot_mm.size, PG))
		return image_place(va - boot_mm.va);
	if (va >= WINDOW_BASE && va < boot_mm.window_next)
		return (struct place){ K_DEVICE, "the device window", ~UINT64_C(0) };
	if (boot_mm.dtb_size && va >= dtb_s && va < dtb_e)
		return (struct place){ K_RO, "the DTB", ALIGN_DOWN(boot_mm.dtb_pa, PG) + (va - dtb_s) };
	if (va >= TABLES_BASE && va - TABLES_BASE < mm_rt.bm.size)
		return (struct place){ K_RW, "the table window", window_pa(va - TABLES_BASE) };
	if (va >= TEST_BASE && va - TEST_BASE < TEST_SIZE)
		return (struct place){ K_TEST, "the test scratch area", ~UINT64_C(0) };
	for (unsigned cpu = 0; cpu < mm_rt.stacks; cpu++) {
		uint64_t lo, hi, xlo, xhi;

		mm_secondary_stack(cpu, &lo, &hi);
		mm_secondary_xstack(cpu, &xlo, &xhi);
		if ((va >= lo && va < hi) || (va >= xlo && va < xhi))
			return (struct place){ K_RW, "a CPU's stack", ~UINT64_C(0) };
	}
	/* Nothing else is mapped: name what a stray mapping most likely is. */
	if (smp.tramp_pa && va == smp.tramp_pa)
		p.name = "the SMP trampoline page (bring-up is over)";
	else if (va == boot_mm.idmap_pa)
		p.name = "the identity page of the MMU switch";
	else if (va >= TEMP_BASE && va < TEMP_BASE + TEMP_SIZE)
		p.name = "the temporary map of the clash path";
	else if (va >= FIXMAP_BASE && va < FIXMAP_BASE + PMAP_SLOTS * PG)
		p.name = "a PMAP slot (PMAP is sealed)";
	else if (va >= STACKS_BASE && va < TEST_BASE)
		p.name = "a guard page, or a stack no CPU has";
	else
		p.name = va < FIXED_BASE ? "the runtime range outside the image" : "a fixed region with nothing in it";
	return p;
}

struct layout_walk {
	unsigned pages, leaves, device, normal;
	uint64_t mair;
};

/* The attribute byte MAIR_EL2 (HMAIR1:HMAIR0) gives index idx. */
static unsigned mair_attr(uint64_t mair, unsigned idx)
{
	return (unsigned)(mair >> (8 * idx)) & 0xff;
}

static void check_page(struct layout_walk *w, uint64_t va, uint64_t pa, const struct el2_leaf *l)
{
	struct place p = place_of(va);
	const struct expect *e = &expects[p.kind];
	bool dw = !(l->desc & EL2D_AP_RO), dx = !(l->desc & EL2D_XN);
	unsigned dattr = mair_attr(w->mair, EL2D_ATTRINDX(l->desc));
	struct at_result r, wr;

	w->pages++;
	if (p.kind == K_NONE)
		FAIL("va 0x%lx is mapped (to 0x%lx, descriptor 0x%lx): it is %s", (unsigned long)va, (unsigned long)pa,
		     (unsigned long)l->desc, p.name);
	if (p.kind == K_TEST) {
		/* What the mm/tlb/pmap tests left: anything, but W^X and Normal memory. */
		if (dw && dx)
			FAIL("test scratch va 0x%lx is writable and executable", (unsigned long)va);
		return;
	}
	if (p.pa != ~UINT64_C(0) && pa != p.pa)
		FAIL("%s: va 0x%lx maps to 0x%lx, want 0x%lx", p.name, (unsigned long)va, (unsigned long)pa,
		     (unsigned long)p.pa);
	if (dw != e->w || dx != e->x || dattr != e->attr || !(l->desc & EL2D_AF) ||
	    (e->attr != ATTR_DEVICE && EL2D_SH(l->desc) != 3))
		FAIL("%s: va 0x%lx descriptor 0x%lx says %s%s, memory 0x%02x, SH %u, AF %d; the design: %s (%s%s, "
		     "memory 0x%02x%s)", p.name, (unsigned long)va, (unsigned long)l->desc, dw ? "RW" : "R",
		     dx ? "X" : "", dattr, (unsigned)EL2D_SH(l->desc), !!(l->desc & EL2D_AF), e->what, e->w ? "RW" : "R",
		     e->x ? "X" : "", e->attr, e->attr != ATTR_DEVICE ? ", SH 3" : "");
	/* The hardware's walk: where it goes, the memory type and shareability it resolves, write access. */
	r = at_s1e2(va, false);
	if (r.fault || r.pa != pa)
		FAIL("%s: AT S1E2R of 0x%lx gives %s 0x%lx, the descriptor says 0x%lx", p.name, (unsigned long)va,
		     r.fault ? "a fault, FST" : "PA", (unsigned long)(r.fault ? r.fsc : r.pa), (unsigned long)pa);
	if (r.attr != e->attr)
		FAIL("%s: va 0x%lx is memory type 0x%02x to the hardware (PAR.ATTR), the design says 0x%02x (%s)",
		     p.name, (unsigned long)va, r.attr, e->attr, e->attr == ATTR_DEVICE ? "Device-nGnRnE" :
		     "Normal Write-Back");
	/* Device memory is Outer Shareable whatever SH says; PAR may report that (2) or the descriptor's (0). */
	if (e->attr == ATTR_DEVICE ? (r.sh != 2 && r.sh != 0) : r.sh != 3)
		FAIL("%s: va 0x%lx is shareability %u to the hardware (PAR.SH)", p.name, (unsigned long)va, r.sh);
	wr = at_s1e2(va, true);
	if (e->w ? wr.fault : (!wr.fault || wr.fsc != (unsigned)FSC_PERMISSION(l->level)))
		FAIL("%s: AT S1E2W of 0x%lx: %s, the design says %s", p.name, (unsigned long)va,
		     wr.fault ? "a fault" : "writable", e->w ? "writable" : "a level permission fault");
	if (e->attr == ATTR_DEVICE)
		w->device++;
	else
		w->normal++;
}

static void check_leaf(void *ctx, const struct el2_leaf *l)
{
	struct layout_walk *w = ctx;
	unsigned shift = el2_level_shift(l->level);
	uint64_t pa = EL2D_ADDR(l->desc, shift);
	/* Blocks are the test scratch area's (tlb.split-merge): look at their first page; pages one by one. */
	uint64_t n = l->size > (UINT64_C(2) << 20) ? 1 : l->size / PG;

	w->leaves++;
	for (uint64_t i = 0; i < n; i++)
		check_page(w, l->va + i * PG, pa + i * PG, l);
}

/* va is not mapped: the hardware walker faults on it (a translation fault, at whatever level). */
static void check_unmapped(uint64_t va, const char *what)
{
	struct at_result r = at_s1e2(va, false);

	if (!r.fault)
		FAIL("%s at 0x%lx is mapped (to 0x%lx)", what, (unsigned long)va, (unsigned long)r.pa);
	if (r.fsc < (unsigned)FSC_TRANSLATION(0) || r.fsc > (unsigned)FSC_TRANSLATION(3))
		FAIL("%s at 0x%lx: fault status 0x%x, want a translation fault", what, (unsigned long)va, r.fsc);
}

/*
 * An execute probe: "return 0" planted at va (the word there kept and put
 * back), then a branch to it: it must take an instruction abort from the
 * current EL, a level-3 permission fault (XN), at va.
 */
static const uint32_t ret0_insns[2] = TF_RET0_INSNS;	/* in .rodata: a read-only, non-executable page */
static uint32_t ret0_data[2] __aligned(8) = TF_RET0_INSNS;
static uint32_t ret0_bss[2] __aligned(8);

static void exec_never(uint64_t va, const char *what, bool plant)
{
	volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)va;
	uint32_t keep[2] = { 0, 0 };
	struct fault_info fi;
	bool faulted;

	if (plant) {
		keep[0] = p[0];
		keep[1] = p[1];
		p[0] = ret0_insns[0];
		p[1] = ret0_insns[1];
		/* New code for the fetch, should it happen: cleaned to the PoC, stale instructions dropped. */
		dcache_clean_poc(va, va + sizeof(keep));
		icache_inval_all();
	}
	faulted = probe_exec(va, &fi);
	if (plant) {
		p[0] = keep[0];
		p[1] = keep[1];
	}
	if (!faulted)
		FAIL("%s at 0x%lx executes (it must be execute-never)", what, (unsigned long)va);
	if (esr_ec(fi.esr) != ESR_EC_IABT_CUR || esr_fsc(fi.esr) != FSC_PERMISSION(3) || fi.far != va)
		FAIL("%s at 0x%lx: ESR 0x%lx FAR 0x%lx, want an instruction abort (EC 0x21), a level-3 permission "
		     "fault, at the address", what, (unsigned long)va, (unsigned long)fi.esr, (unsigned long)fi.far);
}

TEST(mm, layout)
{
	struct layout_walk w = { .mair = READ_SYSREG(mair_el2) };
	extern char probe_ret0[];
	struct fault_info fi;
	uint64_t lo, hi, page, page_va;

	el2_for_each_leaf(check_leaf, &w);

	/* What must not be mapped at all: the walk above never sees it. */
	check_unmapped((uint64_t)(uintptr_t)__stack_guard, "the main stack's guard page");
	check_unmapped((uint64_t)(uintptr_t)__xstack_guard, "the exception stack's guard page");
	for (unsigned cpu = 0; cpu < mm_rt.stacks; cpu++) {
		mm_secondary_stack(cpu, &lo, &hi);
		check_unmapped(lo - PG, "a CPU's stack guard page");
		mm_secondary_xstack(cpu, &lo, &hi);
		check_unmapped(lo - PG, "a CPU's exception stack guard page");
	}
	for (unsigned s = 0; s < PMAP_SLOTS; s++)
		check_unmapped(pmap_slot_va(s), "a PMAP slot (sealed since the secondary CPUs started)");
	if (smp.tramp_pa)
		check_unmapped(smp.tramp_pa, "the SMP trampoline page (bring-up is over)");
	if (boot_mm.image_pa != boot_mm.va && boot_mm.idmap_pa - boot_mm.va >= boot_mm.size)
		check_unmapped(boot_mm.idmap_pa, "the identity page of the MMU switch");

	/* Execute: text does; every other kind of RAM the hypervisor maps does not. */
	if (probe_exec((uint64_t)(uintptr_t)probe_ret0, &fi))
		FAIL("text at 0x%lx does not execute (esr 0x%lx)", (unsigned long)(uintptr_t)probe_ret0,
		     (unsigned long)fi.esr);
	exec_never((uint64_t)(uintptr_t)ret0_insns, "read-only data", false);
	exec_never((uint64_t)(uintptr_t)ret0_data, "data", false);
	exec_never((uint64_t)(uintptr_t)ret0_bss, "bss", true);
	exec_never((uint64_t)(uintptr_t)__stack_start, "the bottom of the main stack", true);
	exec_never((uint64_t)(uintptr_t)__xstack_start, "the bottom of the exception stack", true);
	for (unsigned cpu = 1; cpu < mm_rt.stacks; cpu++) {
		mm_secondary_stack(cpu, &lo, &hi);
		exec_never(lo, "the bottom of a CPU's stack", true);
	}
	page = boot_alloc_pages(1, PAGE_SIZE);
	if (!page || !mm_chunk_map(page, PAGE_SIZE) || !mm_window_va(page, PAGE_SIZE, &page_va))
		FAIL("no page of the boot allocator for the table window's execute probe");
	exec_never(page_va, "a page of the table window", true);
	selftest_note("%u pages as designed (%u Normal WB, %u Device-nGnRnE); guards, PMAP%s unmapped; only text runs",
		      w.pages, w.normal, w.device, smp.tramp_pa ? ", trampoline" : "");
}
