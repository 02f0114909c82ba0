/* SPDX-License-Identifier: MIT */
/*
 * Boot page tables: built in C with the MMU off, from the linked layout of
 * the image (every part with its own permissions, W^X, guard pages left
 * unmapped), plus the early UART and the DTB. Called from head.S before any
 * relocation-dependent pointer is used; it only uses PC-relative addresses.
 */
#include "mm/layout.h"
#include "mm/arm64/cache.h"
#include "lib/arm64/sysreg.h"

struct boot_mm boot_mm;

static inline uint64_t sym_pa(const char *s)
{
	return (uint64_t)(uintptr_t)s;
}

/* FDT header fields are big-endian; read bytewise (MMU off: no unaligned or wide tricks). */
static uint32_t be32_at(uint64_t pa)
{
	const volatile uint8_t *p = (const volatile uint8_t *)(uintptr_t)pa;

	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

#define FDT_MAGIC_VALUE		0xd00dfeed
#define DTB_MAX_SIZE		(UINT64_C(2) << 20)	/* the Linux boot protocol's limit */

static int map_image(struct pt *pt, uint64_t image_pa)
{
	/* The image is linked at 0 and runs identity mapped: VA = PA = link + image_pa. */
	static const struct {
		unsigned attrs;
	} perm[] = { { MM_X }, { 0 }, { MM_W }, { MM_W }, { MM_W }, { MM_W } };
	uint64_t bounds[ARRAY_SIZE(perm)][2] = {
		{ sym_pa(__image_start), sym_pa(__text_end) },		/* text: RX */
		{ sym_pa(__text_end), sym_pa(__rodata_end) },		/* rodata, relocs: R */
		{ sym_pa(__rodata_end), sym_pa(__stack_guard) },	/* data, bss: RW */
		{ sym_pa(__stack_start), sym_pa(__stack_end) },		/* main stack: RW */
		{ sym_pa(__xstack_start), sym_pa(__xstack_end) },	/* exception stack: RW */
		{ sym_pa(__pt_pool_start), sym_pa(__pt_pool_end) },	/* table pool: RW */
	};
	(void)image_pa;

	for (unsigned i = 0; i < ARRAY_SIZE(perm); i++) {
		uint64_t s = bounds[i][0], e = bounds[i][1];
		int rc;

		if (e <= s)
			continue;
#ifdef INJECT_BOOT_TEXT_WRITABLE
		rc = pt_map_pages(pt, s, s, e - s, perm[i].attrs | (i == 0 ? MM_W : 0));
#else
		rc = pt_map_pages(pt, s, s, e - s, perm[i].attrs);
#endif
		if (rc)
			return rc;
	}
	return PT_OK;
}

uint64_t boot_tables_build(uint64_t image_pa, uint64_t dtb_pa)
{
	struct boot_mm *b = &boot_mm;
	int rc;

	b->image_pa = image_pa;
	b->dtb_pa = dtb_pa;
	b->pool.next = sym_pa(__pt_pool_start);
	b->pool.end = sym_pa(__pt_pool_end);
	rc = pt_init(&b->pt, &b->pool, 0);
	if (!rc)
		rc = map_image(&b->pt, image_pa);

	/* The early UART, so progress marks keep working after the switch. */
	b->early_uart = PLATFORM_EARLY_UART;
	if (!rc)
		rc = pt_map_pages(&b->pt, b->early_uart, b->early_uart, PAGE_SIZE, MM_W | MM_DEVICE);

	/* The DTB, read-only, if its header looks like one (checked again with libfdt later). */
	b->dtb_size = 0;
	if (!rc && dtb_pa && IS_ALIGNED(dtb_pa, 8) && be32_at(dtb_pa) == FDT_MAGIC_VALUE) {
		uint64_t size = be32_at(dtb_pa + 4);

		if (size >= 40 && size <= DTB_MAX_SIZE) {
			uint64_t s = ALIGN_DOWN(dtb_pa, PAGE_SIZE);
			uint64_t e = ALIGN_UP(dtb_pa + size, PAGE_SIZE);

			rc = pt_map_pages(&b->pt, s, s, e - s, 0);
			if (!rc)
				b->dtb_size = size;
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
	dcache_inval_poc(sym_pa(__rodata_end), sym_pa(__image_end));
	return b->pt.root;
}

/*
 * Map a device range into the live tables. New entries only replace invalid
 * ones, so no break-before-make is needed; the DSB makes the stores visible
 * to the table walker and the ISB orders later accesses after it (Arm ARM
 * D8.2.6, "Ordering of translation table updates").
 */
int mm_map_device(uint64_t pa, uint64_t size)
{
	uint64_t s = ALIGN_DOWN(pa, PAGE_SIZE);
	uint64_t e = ALIGN_UP(pa + size, PAGE_SIZE);
	struct pt_walk w;
	int rc = PT_OK;

	for (uint64_t a = s; a < e && !rc; a += PAGE_SIZE) {
		pt_walk(&boot_mm.pt, a, &w);
		if (w.valid)
			continue;	/* already mapped, e.g. the early UART */
		rc = pt_map_pages(&boot_mm.pt, a, a, PAGE_SIZE, MM_W | MM_DEVICE);
	}
	dsb(ishst);
	isb();
	return rc;
}
