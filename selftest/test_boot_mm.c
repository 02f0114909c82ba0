/* SPDX-License-Identifier: MIT */
/*
 * boot.* tests of the placement and the MMU switch (seeds 000, 003, 004).
 * They read the truth from the hardware: the PC, AT S1E2R/W, TTBR0_EL2 and
 * the descriptors it leads to. What the loader and head.S recorded is only
 * the claim being checked.
 */
#include "selftest/selftest.h"
#include "boot/boot.h"
#include "boot/placement.h"
#include "boot/reloc.h"
#include "lib/sysreg.h"
#include "mm/at.h"
#include "mm/layout.h"
#include "mm/runtime.h"
#include "mm/va_layout.h"
#include "traps/traps.h"
#include "arch_pte.h"
#include "selftest/el2walk.h"

#define PG UINT64_C(4096)
/* The descriptor fields this file reads itself (Arm ARM D8.3, DDI 0406C B3.6): AP[2], XN, address. */
#define D_AP_RO BIT(7)
#define D_XN BIT(54)
#define D_ADDR(d, shift) ((d) & GENMASK(47, shift))

/* The runtime VA of the image, from the PC. */
static uint64_t hw_va(void)
{
	return PC_ADDR(__image_start);
}

/* Its PA, from the hardware walker. */
static uint64_t hw_pa(void)
{
	struct at_result r = at_s1e2(hw_va(), false);

	if (r.fault)
		FAIL("AT S1E2R of the image start faults (fsc 0x%x)", r.fsc);
	return r.pa;
}

static uint64_t img_size(void)
{
	return (uint64_t)(__image_end - __image_start);
}

/*
 * The class, computed here from its definition (not with the loader's
 * code): identical, overlap, else the deepest of the 512 GiB / 1 GiB / 2 MiB
 * entries that both start addresses share, else disjoint. The 512 GiB level
 * exists only where the walk starts at level 0 (arm64, not arm32's LPAE).
 */
static int class_of(uint64_t pa, uint64_t va, uint64_t size)
{
	if (pa == va)
		return PC_IDENTICAL;
	if (pa < va + size && va < pa + size)
		return PC_OVERLAP;
	if (pa >> 21 == va >> 21)
		return PC_SHARED_L2;
	if (pa >> 30 == va >> 30)
		return PC_SHARED_L1;
	if (PT_ROOT_LEVEL == 0 && pa >> 39 == va >> 39)
		return PC_SHARED_L0;
	return PC_DISJOINT;
}

TEST_FLAGS(boot, placement, TEST_EARLY)
{
	uint64_t pa = hw_pa(), va = hw_va();

	if (!boot_mm.has_bi) {
		/* Booted without the loader: it runs where it was loaded. */
		ASSERT_EQ(va, pa);
		return;
	}
	ASSERT_EQ(boot_mm.bi.version, BOOT_INFO_VERSION);
	ASSERT_EQ(pa, boot_mm.bi.payload_pa);
	ASSERT_EQ(va, boot_mm.bi.runtime_va);
	ASSERT_EQ(img_size(), boot_mm.bi.payload_size);
	ASSERT_TRUE(IS_ALIGNED(pa | va, PG));
}

TEST_FLAGS(boot, class, TEST_EARLY)
{
	int cls = class_of(hw_pa(), hw_va(), img_size());

	selftest_info("class %s", placement_class_name((enum placement_class)cls));
	if (!boot_mm.has_bi) {
		ASSERT_EQ(cls, PC_IDENTICAL);
		return;
	}
	if ((uint32_t)cls != (uint32_t)boot_mm.bi.cls)
		FAIL("running as %s, the loader aimed for %s",
		     placement_class_name((enum placement_class)cls),
		     placement_class_name((enum placement_class)boot_mm.bi.cls));
}

/* The temporary mapping was used exactly when the class needs it (seed 000). */
TEST_FLAGS(boot, clash_path, TEST_EARLY)
{
	bool overlap = class_of(hw_pa(), hw_va(), img_size()) == PC_OVERLAP;
	uint64_t pc = boot_mm.clash_pc;
	bool in_temp = pc >= TEMP_BASE && pc < TEMP_BASE + TEMP_SIZE;

	if (overlap && !in_temp)
		FAIL("class overlap, but no PC was ever sampled in the temporary mapping (pc 0x%lx)",
		     (unsigned long)pc);
	if (!overlap && pc)
		FAIL("the temporary mapping was used (pc 0x%lx) although the ranges do not overlap",
		     (unsigned long)pc);
}

/* Is [lo, hi) of some other live mapping inside the level-l block holding va? */
static bool block_shared(uint64_t va, int level, uint64_t lo, uint64_t hi)
{
	unsigned shift = 12 + 9 * (3 - level);
	uint64_t b = va >> shift << shift, e = b + (UINT64_C(1) << shift);

	return lo < e && b < hi;
}

/*
 * The level at which a walk for va must stop, once va's own mapping is gone:
 * the first level whose entry covers nothing else that is mapped (the
 * runtime image, the fixed regions).
 */
static int expected_level(uint64_t va)
{
	uint64_t rva = hw_va(), rend = rva + img_size();

	for (int l = PT_ROOT_LEVEL; l < 3; l++)
		if (!block_shared(va, l, rva, rend) && !block_shared(va, l, FIXED_BASE + TEMP_SIZE, VA_LIMIT))
			return l;
	return 3;
}

/* va is unmapped: the hardware walker and the TLB (a probe) both fault, at level. */
static void assert_unmapped(uint64_t va, int level, const char *what)
{
	struct at_result r = at_s1e2(va, false);
	struct fault_info fi;

	if (!r.fault)
		FAIL("%s 0x%lx still translates (to 0x%lx) in the tables", what, (unsigned long)va,
		     (unsigned long)r.pa);
	if (r.fsc != (unsigned)FSC_TRANSLATION(level))
		FAIL("%s 0x%lx: fault status 0x%x, want a level-%d translation fault (0x%x)", what,
		     (unsigned long)va, r.fsc, level, FSC_TRANSLATION(level));
	if (!probe_read64(va, NULL, &fi))
		FAIL("%s 0x%lx: the tables say unmapped but a read succeeds: a stale TLB entry", what,
		     (unsigned long)va);
	ASSERT_EQ(esr_fsc(fi.esr), FSC_TRANSLATION(level));
}

static bool in(const char *s, const char *e, uint64_t off)
{
	return off >= (uint64_t)(s - __image_start) && off < (uint64_t)(e - __image_start);
}

/* The unmapped guard pages below the stacks, by offset in the image. */
static bool is_guard(uint64_t off)
{
	return in(__stack_guard, __stack_start, off) || in(__xstack_guard, __xstack_start, off);
}

/*
 * The boot's removal once more, on the identity page mapped again and just
 * read. Whether the boot's own entry for it is still in the TLB when this
 * test runs depends on what evicted it since (QEMU's TLB is indexed by VA
 * bits, a core's by its own rules), so a missing TLBI in the removal shows
 * only on some placements; here the entry is certainly cached when the
 * removal runs, and a read after it must fault.
 */
static void removal_again(uint64_t id)
{
	struct fault_info fi;
	uint64_t v;

	ASSERT_EQ(pt_map_pages(&boot_mm.pt, id, id, PG, 0), 0);
	if (probe_read64(id, &v, &fi))
		FAIL("identity page 0x%lx mapped again cannot be read (esr 0x%lx)", (unsigned long)id,
		     (unsigned long)fi.esr);
	ASSERT_EQ(boot_unmap_identity(), 0);
	if (!probe_read64(id, NULL, &fi))
		FAIL("identity page 0x%lx: the removal, run again on a cached entry, leaves it readable: "
		     "a stale TLB entry", (unsigned long)id);
}

/* The identity page is gone, with nothing left in the TLB (seed 004). */
TEST_FLAGS(boot, identity_removed, TEST_EARLY)
{
	uint64_t pa = hw_pa(), va = hw_va(), size = img_size();
	uint64_t id = pa + (uint64_t)(__idmap_start - __image_start);

	if (pa == va) {
		selftest_info("class identical: the runtime map is the identity map, none was added");
		ASSERT_EQ(at_s1e2(id, false).pa, id);
		return;
	}
	if (id >= va && id < va + size && is_guard(id - va)) {
		/* Overlap onto a guard page of the runtime map: nothing may map there. */
		assert_unmapped(id, 3, "identity page (a guard page of the runtime map)");
		return;
	}
	if (id >= va && id < va + size) {
		/* Overlap: that VA now belongs to the runtime map, and must say so. */
		struct at_result r = at_s1e2(id, false);
		uint64_t v;
		struct fault_info fi;

		ASSERT_TRUE(!r.fault);
		ASSERT_EQ(r.pa, pa + (id - va));
		ASSERT_TRUE(!probe_read64(id, &v, &fi));
		ASSERT_EQ(v, *(const volatile uint64_t *)(uintptr_t)id);
		return;
	}
	assert_unmapped(id, expected_level(id), "identity page");
	removal_again(id);
}

/* No trace of the temporary mapping, whether or not this boot used it (seed 000). */
TEST_FLAGS(boot, temporary_removed, TEST_EARLY)
{
	uint64_t size = img_size();
	extern char clash_continue[];
	uint64_t used = TEMP_BASE + (uint64_t)(clash_continue - __image_start);
	uint64_t pages[] = { TEMP_BASE, ALIGN_DOWN(used, PG), TEMP_BASE + ALIGN_UP(size, PG) - PG };

	for (unsigned i = 0; i < ARRAY_SIZE(pages); i++)
		assert_unmapped(pages[i], expected_level(pages[i]), "temporary mapping page");
}

/* ---- an independent walker over the live tables (TTBR0_EL2) ---- */

struct leaf {
	bool valid;
	uint64_t pa;
	bool w, x;
};

/*
 * Descriptor format of Arm ARM D8.3 (and LPAE, DDI 0406C B3.6): bits 1:0,
 * 47:12, AP[2] = bit 7, XN = bit 54. The walk starts at the root level
 * (0 on arm64, 1 on arm32).
 */
static struct leaf walk(uint64_t va)
{
	uint64_t t = READ_SYSREG(ttbr0_el2) & GENMASK(47, 12);
	struct leaf l = { 0 };

	for (int level = PT_ROOT_LEVEL; level < 4; level++) {
		uint64_t d = el2_table_at(t)[(va >> (39 - 9 * level)) & 511];
		unsigned shift = 39 - 9 * level;

		if (!(d & 1) || (level == 3 && !(d & 2)))
			return l;
		if (level < 3 && (d & 2)) {
			t = D_ADDR(d, 12);
			continue;
		}
		l.valid = true;
		l.pa = D_ADDR(d, shift) | (va & ((UINT64_C(1) << shift) - 1));
		l.w = !(d & D_AP_RO);
		l.x = !(d & D_XN);
		return l;
	}
	return l;
}

/*
 * Every page of the image maps to the right PA with its permissions, the
 * guard pages and the pages just outside do not map (seed 003: the whole
 * linked size, no fixed window).
 */
TEST_FLAGS(boot, image_mapped_exactly, TEST_EARLY)
{
	uint64_t pa = hw_pa(), va = hw_va(), size = ALIGN_UP(img_size(), PG);

	el2_tables_setup();
	for (uint64_t off = 0; off < size; off += PG) {
		bool guard = is_guard(off);
		bool text = in(__image_start, __text_end, off);
		bool ro = text || in(__text_end, __rodata_end, off) || in(__pad_start, __image_end, off);
		struct at_result r = at_s1e2(va + off, false), w;
		struct leaf l = walk(va + off);

		if (guard) {
			if (!r.fault || l.valid)
				FAIL("guard page at image+0x%lx is mapped", (unsigned long)off);
			continue;
		}
		if (r.fault)
			FAIL("image+0x%lx (va 0x%lx) is not mapped (fsc 0x%x)", (unsigned long)off,
			     (unsigned long)(va + off), r.fsc);
		if (r.pa != pa + off)
			FAIL("image+0x%lx maps to 0x%lx, want 0x%lx", (unsigned long)off,
			     (unsigned long)r.pa, (unsigned long)(pa + off));
		w = at_s1e2(va + off, true);
		if (w.fault != ro)
			FAIL("image+0x%lx is %swritable", (unsigned long)off, ro ? "" : "not ");
		if (!l.valid || l.pa != r.pa || l.w == ro || l.x != text)
			FAIL("image+0x%lx: descriptor valid=%d pa=0x%lx w=%d x=%d, want pa=0x%lx w=%d x=%d",
			     (unsigned long)off, l.valid, (unsigned long)l.pa, l.w, l.x,
			     (unsigned long)r.pa, !ro, text);
	}
	if (!at_s1e2(va - PG, false).fault)
		FAIL("the page below the image (0x%lx) is mapped", (unsigned long)(va - PG));
	if (!at_s1e2(va + size, false).fault)
		FAIL("the page above the image (0x%lx) is mapped", (unsigned long)(va + size));
}

/* Count leaves that are both writable and executable, over the whole table tree. */
static unsigned count_wx(uint64_t table, int level, uint64_t base, uint64_t *first)
{
	unsigned n = 0;

	for (unsigned i = 0; i < 512; i++) {
		uint64_t d = el2_table_at(table)[i];
		uint64_t va = base + ((uint64_t)i << (39 - 9 * level));

		if (!(d & 1) || (level == 3 && !(d & 2)))
			continue;
		if (level < 3 && (d & 2)) {
			n += count_wx(d & GENMASK(47, 12), level + 1, va, first);
			continue;
		}
		if (!(d & BIT(7)) && !(d & BIT(54))) {
			if (!n && !*first)
				*first = va;
			n++;
		}
	}
	return n;
}

/* W^X: no mapping is writable and executable; code cannot be written. */
TEST_FLAGS(boot, wx, TEST_EARLY)
{
	uint64_t first = 0, text = (uint64_t)(uintptr_t)__image_start + PG;
	struct fault_info fi;
	unsigned n;

	el2_tables_setup();
	n = count_wx(READ_SYSREG(ttbr0_el2) & GENMASK(47, 12), PT_ROOT_LEVEL, 0, &first);
	if (n)
		FAIL("%u writable+executable mappings, the first at va 0x%lx", n, (unsigned long)first);
	if (!probe_write64(text, 0, &fi))
		FAIL("a write to text at 0x%lx did not fault", (unsigned long)text);
	ASSERT_EQ(esr_fsc(fi.esr), FSC_PERMISSION(3));
}

extern char __got_start[], __got_end[];
/* Pointers initialised at link time: relocated words the program never writes. */
static const void *const reloc_probe[] = { &boot_mm, __image_start, __pt_pool_end };

/*
 * Relocation was done for the runtime VA: every GOT entry (written by
 * relocation only) holds VA + addend (arm32's REL entries keep no addend:
 * there it must point into the image at VA), and link-time pointers agree
 * with the PC-relative addresses of what they point at.
 */
TEST_FLAGS(boot, relocated, TEST_EARLY)
{
	const struct reloc *r = (const struct reloc *)(uintptr_t)__rela_start;
	const struct reloc *e = (const struct reloc *)(uintptr_t)__rela_end;
	uint64_t va = hw_va(), size = img_size();
	uint64_t got_s = (uint64_t)(__got_start - __image_start), got_e = (uint64_t)(__got_end - __image_start);
	uint64_t pc_rel[3];
	unsigned n = 0;

	for (; r < e; r++) {
		uint64_t got, want;

		if (r->off < got_s || r->off >= got_e)
			continue;
		got = *(const uintptr_t *)(uintptr_t)(va + r->off);
		n++;
		if (!reloc_expect(r, va, &want)) {
			if (got - va >= size)
				FAIL("GOT word at image+0x%lx holds 0x%lx, outside the image at 0x%lx",
				     (unsigned long)r->off, (unsigned long)got, (unsigned long)va);
			continue;
		}
		if (got != want)
			FAIL("GOT word at image+0x%lx holds 0x%lx, want 0x%lx", (unsigned long)r->off,
			     (unsigned long)got, (unsigned long)want);
	}
	selftest_info("%u GOT entries checked", n);
	pc_rel[0] = PC_ADDR(boot_mm);
	pc_rel[1] = PC_ADDR(__image_start);
	pc_rel[2] = PC_ADDR(__pt_pool_end);
	for (unsigned i = 0; i < ARRAY_SIZE(reloc_probe); i++)
		ASSERT_EQ((uint64_t)(uintptr_t)reloc_probe[i], pc_rel[i]);
	for (const struct selftest *t = __selftests_start; t < __selftests_end; t++) {
		ASSERT_TRUE((uint64_t)(uintptr_t)t->fn - va < size);
		ASSERT_TRUE((uint64_t)(uintptr_t)t->id - va < size);
	}
}
