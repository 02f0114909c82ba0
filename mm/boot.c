/* SPDX-License-Identifier: MIT */
/*
 * Boot page tables, built in C with the MMU off from the linked layout of the
 * image, wherever the loader put it (PA) and wherever it must run (VA):
 *
 *  - the runtime map: every part of the image at VA with its own permissions
 *    (text RX, rodata R, data/bss/stacks/tables RW, W^X, guard pages
 *    unmapped), sized from the linked size (no fixed 2/16 MiB window);
 *  - the identity map of the one page of switch code (.text.idmap);
 *  - when I = [PA, PA+size) and R = [VA, VA+size) overlap with PA != VA, the
 *    runtime map cannot coexist with the identity map, so the image is
 *    mapped at TEMP_BASE instead and the switch goes identity -> temporary
 *    -> runtime (seed 000);
 *  - the device window: the early UART and the DTB.
 *
 * The identity and temporary entries are removed with break-before-make as
 * soon as they are unused (seed 004). Until the runtime VA is reached these
 * functions use PC-relative addresses only: the relocated pointers in .data
 * point at the runtime VA.
 */
#include "mm/layout.h"
#include "mm/va_layout.h"
#include "mm/cache.h"
#include "lib/sysreg.h"

struct boot_mm boot_mm;

/* With the MMU off, or in any one mapping of the image, symbols are PC-relative: */
static inline uint64_t off_of(const char *sym)
{
	return (uint64_t)(uintptr_t)sym - (uint64_t)(uintptr_t)__image_start;
}

/* FDT header fields are big-endian; read bytewise (MMU off: Device memory, no wide tricks). */
static uint32_t be32_at(uint64_t pa)
{
	const volatile uint8_t *p = (const volatile uint8_t *)(uintptr_t)pa;

	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

#define FDT_MAGIC_VALUE		0xd00dfeed
#define DTB_MAX_SIZE		(UINT64_C(2) << 20)	/* the Linux boot protocol's limit */
#define WINDOW_DTB		(WINDOW_BASE + (UINT64_C(16) << 20))

/* Map the image's parts at base (VA) -> pa, each with its permissions. */
static int map_image_at(struct pt *pt, uint64_t base, uint64_t pa)
{
	static const unsigned perm[] = { MM_X, 0, MM_W, MM_W, MM_W, MM_W, 0 };
	uint64_t b[ARRAY_SIZE(perm)][2] = {
		{ 0, off_of(__text_end) },				/* text: RX */
		{ off_of(__text_end), off_of(__rodata_end) },		/* rodata, relocs: R */
		{ off_of(__rodata_end), off_of(__stack_guard) },	/* data, bss: RW */
#ifdef INJECT_MM_NO_STACK_GUARD
		{ off_of(__stack_guard), off_of(__stack_end) },		/* knob: guard page mapped */
#else
		{ off_of(__stack_start), off_of(__stack_end) },		/* main stack */
#endif
		{ off_of(__xstack_start), off_of(__xstack_end) },	/* exception stack */
		{ off_of(__pt_pool_start), off_of(__pt_pool_end) },	/* table pool */
		{ off_of(__pad_start), off_of(__image_end) },		/* PAD= padding: R */
	};
	uint64_t limit = off_of(__image_end);

	/* Knobs (seed 003): map a fixed window of the image, not its linked size. */
#if defined(INJECT_BOOT_FIXED_2M)
	limit = MIN(limit, UINT64_C(2) << 20);
#elif defined(INJECT_BOOT_FIXED_16M)
	limit = MIN(limit, UINT64_C(16) << 20);
#endif
	for (unsigned i = 0; i < ARRAY_SIZE(perm); i++) {
		uint64_t s = b[i][0], e = MIN(b[i][1], limit);
		unsigned attrs = perm[i];
		int rc;

		if (e <= s)
			continue;
#ifdef INJECT_BOOT_TEXT_WRITABLE
		if (i == 0)
			attrs |= MM_W;	/* knob: W^X broken */
#endif
		rc = pt_map_pages(pt, base + s, pa + s, e - s, attrs);
		if (rc)
			return rc;
	}
	return PT_OK;
}

static bool ranges_overlap(uint64_t a, uint64_t b, uint64_t size)
{
	return a < b + size && b < a + size;
}

/*
 * Build the boot tables. Inputs: where the image is (PA), where it must run
 * (VA), the DTB and boot_info PAs. Returns the root table PA, 0 on failure.
 */
uint64_t boot_tables_build(uint64_t pa, uint64_t va, uint64_t dtb_pa, uint64_t bi_pa)
{
	struct boot_mm *b = &boot_mm;
	const struct boot_info *bi = (const struct boot_info *)(uintptr_t)bi_pa;
	uint64_t pool_pa = pa + off_of(__pt_pool_start);
	int rc;

	b->image_pa = pa;
	b->va = va;
	b->size = off_of(__image_end);
	b->idmap_pa = pa + off_of(__idmap_start);
	b->dtb_pa = dtb_pa;
	if (bi_pa && IS_ALIGNED(bi_pa, 8) && bi->magic == BOOT_INFO_MAGIC) {
		const volatile uint64_t *src = (const volatile uint64_t *)bi;
		uint64_t *dst = (uint64_t *)&b->bi;

		for (unsigned i = 0; i < sizeof(b->bi) / 8; i++)
			dst[i] = src[i];
		b->has_bi = true;
	}
	b->pool.next = pool_pa;
	b->pool.end = pa + off_of(__pt_pool_end);
	/* With the MMU off the tables are written at their PA. */
	rc = pt_init(&b->pt, &b->pool, 0);

	/* Seed 000: the clash is decided here, from the ranges, not taken from the loader. */
	b->clash = pa != va && ranges_overlap(pa, va, b->size);
#ifdef INJECT_BOOT_NO_CLASH_CHECK
	b->clash = false;	/* knob: ignore the clash, map identity and runtime together */
#endif
	if (!rc)
		rc = map_image_at(&b->pt, b->clash ? TEMP_BASE : va, pa);
	if (!rc && pa != va) {
		/* The switch page, at its own PA. */
		rc = pt_map_pages(&b->pt, b->idmap_pa, b->idmap_pa, PAGE_SIZE, MM_X);
	}

	/* The device window: the early UART, then the DTB if its header looks like one. */
	b->early_uart_va = WINDOW_BASE;
	b->window_next = WINDOW_BASE + PAGE_SIZE;
	if (!rc)
		rc = pt_map_pages(&b->pt, WINDOW_BASE, PLATFORM_EARLY_UART, PAGE_SIZE, MM_W | MM_DEVICE);
	b->dtb_size = 0;
	if (!rc && dtb_pa && IS_ALIGNED(dtb_pa, 8) && be32_at(dtb_pa) == FDT_MAGIC_VALUE) {
		uint64_t size = be32_at(dtb_pa + 4);

		if (size >= 40 && size <= DTB_MAX_SIZE) {
			uint64_t s = ALIGN_DOWN(dtb_pa, PAGE_SIZE);
			uint64_t e = ALIGN_UP(dtb_pa + size, PAGE_SIZE);

			rc = pt_map_pages(&b->pt, WINDOW_DTB, s, e - s, 0);
			if (!rc) {
				b->dtb_size = size;
				b->dtb_va = WINDOW_DTB + (dtb_pa - s);
			}
		}
	}
	b->error = rc;
	if (rc)
		return 0;

	/*
	 * Everything written so far (data, bss, tables, this struct) went to
	 * memory with the MMU and caches off; drop any stale lines before it is
	 * read through the cacheable mapping.
	 */
	dcache_inval_poc(pa + off_of(__rodata_end), pa + off_of(__image_end));
	return b->pt.root;
}

/*
 * Clash path, running in the temporary mapping with the MMU on: the identity
 * entry is removed (BBM), which frees its VA for the runtime map, which is
 * then built. Returns 0 or a pt_* error.
 */
int boot_switch_temp(void)
{
	struct boot_mm *b = &boot_mm;
	int rc;

	/* Tables (and the pool's struct) are reached through the temporary mapping now. */
	b->pt.ptr_off = (int64_t)(TEMP_BASE - b->image_pa);
	b->pt.pool = &b->pool;
	rc = pt_unmap(&b->pt, b->idmap_pa, PAGE_SIZE, 0);
	if (!rc)
		rc = map_image_at(&b->pt, b->va, b->image_pa);	/* publishes and resynchronizes */
	return rc;
}

/*
 * At the runtime VA: remove what the switch needed, the identity page (or,
 * after the clash path, the whole temporary mapping), with BBM and TLBI.
 */
/* How the switch's mappings are removed: BBM's break, then the TLBI (pt_unmap). */
static unsigned removal_flags(void)
{
#ifdef INJECT_BOOT_NO_TLBI
	return PT_UNMAP_NO_TLBI;	/* knob (seed 004): unmap without invalidating the TLB */
#else
	return 0;
#endif
}

int boot_unmap_identity(void)
{
	return pt_unmap(&boot_mm.pt, boot_mm.idmap_pa, PAGE_SIZE, removal_flags());
}

int boot_finish(void)
{
	struct boot_mm *b = &boot_mm;

	b->pt.ptr_off = (int64_t)(b->va - b->image_pa);
	b->pt.pool = &b->pool;
#ifdef INJECT_BOOT_KEEP_TEMPORARY
	if (b->clash)
		return PT_OK;		/* knob (seed 000): the temporary mapping stays */
#endif
	if (b->clash)
		return pt_unmap(&b->pt, TEMP_BASE, ALIGN_UP(b->size, PAGE_SIZE), removal_flags());
#ifdef INJECT_BOOT_KEEP_IDENTITY
	return PT_OK;			/* knob (seed 004): the identity map stays */
#endif
	if (b->image_pa != b->va)
		return boot_unmap_identity();
	return PT_OK;
}

/* Map a device range into the window (invalid -> valid only, so no BBM). */
uint64_t mm_map_device(uint64_t pa, uint64_t size)
{
	uint64_t s = ALIGN_DOWN(pa, PAGE_SIZE);
	uint64_t e = ALIGN_UP(pa + size, PAGE_SIZE);
	uint64_t va = boot_mm.window_next;

	if (e <= s || va + (e - s) > WINDOW_DTB)
		return 0;
#ifdef INJECT_MM_DEVICE_NORMAL
	if (pt_map_pages(&boot_mm.pt, va, s, e - s, MM_W))	/* knob: MMIO mapped as Normal memory */
		return 0;
#else
	if (pt_map_pages(&boot_mm.pt, va, s, e - s, MM_W | MM_DEVICE))
		return 0;
#endif
	boot_mm.window_next = va + (e - s);
	return va + (pa - s);
}
