/* SPDX-License-Identifier: MIT */
/*
 * The loader stub (MMU off, at the firmware's load address): reads the DT,
 * takes a seed, chooses where the hypervisor lives (PA) and runs (VA) so that
 * every identity/runtime clash class is reached, prints the start line, then
 * copies the hypervisor there and enters it with x0 = DTB, x1 = boot_info.
 * It runs at EL2: entered at EL3, the EL3 shim dropped it there (el = 3).
 */
#include <stdio.h>
#include <string.h>
#include "boot/bootinfo.h"
#include "boot/loader.h"
#include "boot/placement.h"
#include "lib/bootargs.h"
#include "lib/console.h"
#include "lib/dt.h"
#include "lib/gcov.h"
#include "lib/platform.h"
#include "mm/va_layout.h"
#include "selftest/report.h"

extern const char payload_start[], payload_end[];
#ifdef HYPTEST_COVERAGE
const char coverage_image[] = "loader";
#endif
extern char __loader_start[], __loader_end[];

#define DTB_MAX_SIZE	(UINT64_C(2) << 20)	/* the Linux boot protocol's limit */
#define MAX_RANGES	32
#define PAGE		UINT64_C(4096)

/* The payload's footprint from its header (arch_image_footprint), page aligned; 0 if invalid. */
static uint64_t payload_footprint(void)
{
	uint64_t size = arch_image_footprint(payload_start, (size_t)(payload_end - payload_start));

	return ALIGN_UP(size, PAGE);
}

static const char *const seed_names[] = {
	[SEED_BOOTARGS] = "bootargs", [SEED_RNG_SEED] = "rng-seed", [SEED_KASLR_SEED] = "kaslr-seed",
	[SEED_RNDR] = "RNDR", [SEED_COUNTER] = "counter",
};

static uint64_t take_seed(const void *fdt, const struct bootargs *ba, enum seed_source *src)
{
	uint64_t s;
	int dt;

	if (ba->has_seed) {
		*src = SEED_BOOTARGS;
		return ba->seed;
	}
	dt = dt_chosen_seed(fdt, &s);
	if (dt) {
		*src = dt == 1 ? SEED_RNG_SEED : SEED_KASLR_SEED;
		return s;
	}
	if (arch_random(&s)) {
		*src = SEED_RNDR;
		return s;
	}
	*src = SEED_COUNTER;
	return arch_counter();
}

static void copy_words(uint64_t dst, const void *src, size_t len)
{
	volatile uint64_t *d = (volatile uint64_t *)(uintptr_t)dst;
	const uint64_t *s = src;

	for (size_t i = 0; i < (len + 7) / 8; i++)
		d[i] = s[i];
}

static struct boot_info bi __aligned(64);

/*
 * Entered at EL3: the EL3 shim (boot/arm64/el3_shim.S) is this machine's
 * PSCI firmware, reached by SMC, and the DT must say so (QEMU's DT for an
 * ELF under virt,secure=on has no /psci: its own PSCI is off). The blob is
 * edited where it is, growing by at most a page into the memory after it
 * unless that is the loader, then packed.
 */
static void el3_psci_node(uint64_t dtb_pa, uint64_t loader_pa, uint64_t lsize)
{
	void *fdt = (void *)(uintptr_t)dtb_pa;
	uint64_t size = dt_size(fdt), room = ALIGN_UP(size, PAGE) + PAGE;
	const char *why;

	if (dtb_pa < loader_pa + lsize && loader_pa < dtb_pa + room)
		room = size;
	if (dt_set_psci_smc(fdt, room, &why))
		report_error("cannot add PSCI (method smc) to the DTB at 0x%lx: %s", (unsigned long)dtb_pa, why);
}

/* Is the page at pa in the RAM this DT describes? */
static bool in_ram(const void *fdt, uint64_t pa)
{
	static struct mem_range mem[MAX_RANGES];
	int n = dt_memory(fdt, mem, MAX_RANGES);

	for (int i = 0; i < n; i++)
		if (pa >= mem[i].base && pa - mem[i].base < mem[i].size)
			return true;
	return false;
}

/*
 * loader_head.S's exception path reads these words: C can run (bss zeroed,
 * relocated, canary set), and an exception was already taken (a second one
 * only halts). In .data: they are read before .bss is zeroed.
 */
uint32_t loader_c_ready __section(".data"), loader_faulted __section(".data");

/*
 * An exception in the loader (loader_head.S's vectors): one error line
 * with what the CPU said, then the end of the boot like any other error,
 * not a wait for the host's timeout.
 */
void loader_fault(unsigned long syndrome, unsigned long pc, unsigned long far)
{
	report_error("unexpected exception in the loader stub: syndrome 0x%lx at 0x%lx, fault address 0x%lx",
		     syndrome, pc, far);
}

/*
 * Free RAM too small for the image, whatever the placement: one error line
 * with what was needed and what was found (the largest free range, and all
 * of free RAM), before the chooser is asked.
 */
static void no_room_check(const struct placement_req *req)
{
	static struct mem_range freer[64];
	int n = placement_free_ranges(req, freer, 64);
	uint64_t largest = 0, total = 0;

	for (int i = 0; i < n; i++) {
		largest = MAX(largest, freer[i].size);
		total += freer[i].size;
	}
	if (!n)
		report_error("no room for the 0x%lx-byte image in free RAM: the DT leaves none (reserved ranges, "
			     "the DTB and the loader cover all of /memory)", (unsigned long)req->size);
	if (largest < req->size)
		report_error("no room for the 0x%lx-byte image in free RAM: the largest of its %d free ranges has "
			     "0x%lx bytes (0x%lx in all)", (unsigned long)req->size, n, (unsigned long)largest,
			     (unsigned long)total);
}

void loader_main(uint64_t dtb_pa, uint64_t loader_pa, unsigned el, uint64_t t_entry)
{
	const void *fdt = (const void *)(uintptr_t)dtb_pa;
	static struct mem_range mem[MAX_RANGES], resv[MAX_RANGES + 2];
	struct placement_req req = { 0 };
	struct placement pl;
	struct bootargs ba;
	struct start_info si;
	enum seed_source src;
	char err[BOOTARGS_ERR_MAX];
	const char *why, *dtb_where = "";
	uint64_t size, seed, lsize = (uint64_t)(__loader_end - __loader_start);
	size_t file = (size_t)(payload_end - payload_start);
	int nmem, nresv, cpus, rc;

	if (platform.uart_setup)
		platform.uart_setup();
	console_init(platform.early_uart);
	setvbuf(stdout, NULL, _IONBF, 0);
	/* Entered at EL3, PSCI is the shim's, by SMC, whatever the DT says: an error below can still power off. */
	if (el == 3)
		exit_configure(EXIT_DEFAULT, PSCI_SMC);
	if (!dtb_pa && PLATFORM_EL3_DTB) {
		/*
		 * An ELF (hyptest-el3.elf) entered at EL2, e.g. QEMU virt without
		 * secure=on: no boot protocol gives an ELF its DT in x0, which is
		 * 0, and QEMU put the DT where the EL3 entry finds it (the shim
		 * takes PLATFORM_EL3_DTB the same way). The Linux protocol that
		 * hyptest.bin is booted by never passes 0.
		 */
		dtb_pa = PLATFORM_EL3_DTB;
		fdt = (const void *)(uintptr_t)dtb_pa;
		dtb_where = " (x0 was 0: an ELF's DT, where the platform puts it)";
	}
	if (dt_check(fdt, DTB_MAX_SIZE, &why))
		report_error("unusable DTB at %s0x%lx%s: %s", *dtb_where ? "" : "x0=", (unsigned long)dtb_pa,
			     dtb_where, why);
	if (el == 3)
		el3_psci_node(dtb_pa, loader_pa, lsize);
	/*
	 * The parser reads every token even after a bad one, so exit= and
	 * format= hold for the error too (TAP: "Bail out!" after the version line).
	 */
	rc = bootargs_parse(dt_bootargs(fdt), &ba, err, sizeof(err));
	exit_configure(ba.exit == BA_EXIT_SEMIHOST ? EXIT_SEMIHOST : EXIT_PSCI, dt_psci_conduit(fdt));
	report_set_tap(ba.format == FORMAT_TAP);
	if (rc)
		report_error("%s", err);
	if (ba.has_dtb) {
		/*
		 * dtb=: the firmware's DT only says where the DT under test is
		 * (placed there by e.g. QEMU -device loader, since QEMU refuses
		 * to pass some broken blobs itself). From here on it is the DT.
		 */
		struct bootargs outer = ba;

		/* The loader reads it with the MMU off: a PA its pointers cannot hold is refused, not cut short. */
		if (ba.dtb != (uintptr_t)ba.dtb)
			report_error("dtb=0x%lx%08lx is beyond the loader's %u-bit reach (it reads the DT with the MMU off)",
				     (unsigned long)(ba.dtb >> 32), (unsigned long)(ba.dtb & 0xffffffff),
				     (unsigned)(8 * sizeof(uintptr_t)));
		if (!in_ram(fdt, ba.dtb))
			report_error("dtb=0x%lx is not in the RAM the boot DT describes (/memory)",
				     (unsigned long)ba.dtb);
		dtb_pa = ba.dtb;
		fdt = (const void *)(uintptr_t)dtb_pa;
		if (dt_check(fdt, DTB_MAX_SIZE, &why))
			report_error("unusable DTB at dtb=0x%lx: %s", (unsigned long)dtb_pa, why);
		if (el == 3)
			el3_psci_node(dtb_pa, loader_pa, lsize);
		if (bootargs_parse(dt_bootargs(fdt), &ba, err, sizeof(err))) {
			report_set_tap(ba.format == FORMAT_TAP || outer.format == FORMAT_TAP);
			report_error("%s (in the DTB at dtb=0x%lx)", err, (unsigned long)dtb_pa);
		}
		ba.exit = outer.exit;
		ba.format = ba.format == FORMAT_TEXT ? outer.format : ba.format;
		ba.has_dtb = false;
		if (!ba.has_seed && outer.has_seed) {
			ba.has_seed = true;
			ba.seed = outer.seed;
		}
		if (!ba.has_tests && outer.has_tests) {
			ba.has_tests = true;
			memcpy(ba.tests, outer.tests, sizeof(ba.tests));
		}
	}
	report_set_tap(ba.format == FORMAT_TAP);
	cpus = dt_cpu_count(fdt);
	seed = take_seed(fdt, &ba, &src);
	size = payload_footprint();
	if (!size)
		report_error("the hypervisor image inside the loader has no valid header");

	si = (struct start_info){ .arch = arch_name, .platform = platform.name, .el = el, .cpus = cpus,
				  .seed = seed, .size = size };
	if (el == 1) {
		/* Nothing to place: report where we are and SKIP (status 77). */
		si.pa = si.va = loader_pa;
		si.cls = placement_class_name(PC_IDENTICAL);
		report_start(&si);
		report_el1_skip();
	}

	nmem = dt_memory(fdt, mem, MAX_RANGES);
	if (nmem <= 0)
		report_error("the DT describes no /memory");
	nresv = dt_reserved(fdt, resv, MAX_RANGES);
	resv[nresv++] = (struct mem_range){ dtb_pa, dt_size(fdt) };
	resv[nresv++] = (struct mem_range){ loader_pa, lsize };

	req.rg = arch_regime;
	req.mem = mem;
	req.nmem = nmem;
	req.resv = resv;
	req.nresv = nresv;
	req.size = size;
	req.seed = seed;
	req.force_class = ba.cls;
	req.force_pa = ba.has_pa;
	req.pa = ba.pa;
	req.force_va = ba.has_va;
	req.va = ba.va;
	req.va_min = RUNTIME_VA_MIN;
	req.va_limit = FIXED_BASE;
	req.pa_limit = FIXED_BASE;	/* the identity page must not land in the fixed regions */
	no_room_check(&req);
	if (placement_choose(&req, &pl, err, sizeof(err)))
		report_error("%s", err);

	si.pa = pl.pa;
	si.va = pl.va;
	si.cls = placement_class_name(pl.cls);
	report_start(&si);
	printf("%shyptest: loader: seed from %s, loader at 0x%lx, DTB at 0x%lx\n", report_prefix(),
	       seed_names[src], (unsigned long)loader_pa, (unsigned long)dtb_pa);

	bi = (struct boot_info){
		.magic = BOOT_INFO_MAGIC, .version = BOOT_INFO_VERSION, .size = sizeof(bi),
		.seed = seed, .payload_pa = pl.pa, .runtime_va = pl.va, .payload_size = size,
		.cls = pl.cls, .entry_el = el, .dtb_pa = dtb_pa, .loader_pa = loader_pa,
		.loader_size = lsize, .flags = BOOT_INFO_STARTED | (ba.format == FORMAT_TAP ? BOOT_INFO_TAP : 0),
		.seed_source = src, .t_loader_entry = t_entry,
		.early_exit = ba.exit == BA_EXIT_SEMIHOST ? BOOT_EXIT_SEMIHOST :
			      dt_psci_conduit(fdt) == PSCI_SMC ? BOOT_EXIT_PSCI_SMC :
			      dt_psci_conduit(fdt) == PSCI_HVC ? BOOT_EXIT_PSCI_HVC : BOOT_EXIT_NONE,
	};
#ifdef INJECT_LOADER_WRONG_PA
	bi.payload_pa += 0x1000;	/* knob: boot_info disagrees with where the copy went */
#endif
#ifdef INJECT_LOADER_WRONG_CLASS
	bi.cls = (bi.cls + 1) % PC_COUNT;	/* knob: boot_info names another class */
#endif
	/*
	 * Copy, then clean+invalidate to the PoC: the hypervisor starts with
	 * the MMU and caches off and must find its bytes in memory. boot_info
	 * is read the same way.
	 */
	copy_words(pl.pa, payload_start, file);
#ifndef INJECT_LOADER_NO_CACHE_CLEAN	/* knob: a stale line could shadow the copy */
	arch_clean_for_mmu_off(pl.pa, pl.pa + file);
#endif
	bi.t_loader_exit = arch_counter();
	arch_clean_for_mmu_off((uint64_t)(uintptr_t)&bi, (uint64_t)(uintptr_t)&bi + sizeof(bi));
	/* The coverage build: the loader's counters, before the hypervisor takes over. */
	if (exit_by_semihosting())
		coverage_flush();
	arch_enter_payload(pl.pa, dtb_pa, (uint64_t)(uintptr_t)&bi);
}
