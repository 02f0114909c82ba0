/* SPDX-License-Identifier: MIT */
/*
 * Host tests of lib/dt.c over the DTBs built from the sources in dts/test
 * (their directory comes from $DTB_DIR, or argv[1]), plus variants edited in
 * memory with libfdt.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include "lib/dt.h"
#include "lib/dt_irq.h"
#include "tests/unit/host.h"

static const char *dtb_dir;

static void *load_dtb(const char *name, size_t *sizep)
{
	return dtb_load(dtb_dir, name, sizep);
}

/* A copy with room to edit, for the variants. */
static void *editable(const char *name)
{
	void *src = load_dtb(name, NULL);
	int size = (int)fdt_totalsize(src) + 4096;
	void *dst = malloc((size_t)size);

	assert_non_null(dst);
	assert_int_equal(fdt_open_into(src, dst, size), 0);
	free(src);
	return dst;
}

static int node(const void *fdt, const char *path)
{
	int off = fdt_path_offset(fdt, path);

	if (off < 0)
		fail_msg("no node %s: %s", path, fdt_strerror(off));
	return off;
}

static void set_string(void *fdt, const char *path, const char *prop, const char *val)
{
	assert_int_equal(fdt_setprop_string(fdt, node(fdt, path), prop, val), 0);
}

/* ------------------------------------------------------------------------ */
/* dt_check                                                                 */

static void test_check_good(void **state)
{
	size_t size;
	void *fdt = load_dtb("virt", &size);
	const char *why = "untouched";

	(void)state;
	assert_int_equal(dt_check(fdt, size, &why), 0);
	assert_int_equal(dt_check(fdt, 2 << 20, &why), 0);
	free(fdt);
}

static void test_check_null(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(dt_check(NULL, 4096, &why), -1);
	assert_string_equal(why, "no DTB address");
}

static void test_check_bad_magic(void **state)
{
	size_t size;
	uint8_t *fdt = load_dtb("virt", &size);
	const char *why = NULL;

	(void)state;
	fdt[0] ^= 0x01;
	assert_int_equal(dt_check(fdt, size, &why), -1);
	assert_string_equal(why, "bad magic");
	/* Byte-swapped (a little-endian writer's mistake). */
	fdt[0] ^= 0x01;
	((uint32_t *)(void *)fdt)[0] = __builtin_bswap32(((uint32_t *)(void *)fdt)[0]);
	why = NULL;
	assert_int_equal(dt_check(fdt, size, &why), -1);
	assert_string_equal(why, "bad magic");
	free(fdt);
}

/* The blob is larger than what the caller has: refused before libfdt reads past it. */
static void test_check_larger_than_area(void **state)
{
	size_t size;
	void *fdt = load_dtb("virt", &size);
	const char *why = NULL;
	void *half;

	(void)state;
	assert_int_equal(dt_check(fdt, size - 1, &why), -1);
	assert_string_equal(why, "larger than the mapped area");
	/* Truncated copy, header unchanged: in a buffer of just the bytes that made it. */
	half = malloc(size / 2);
	assert_non_null(half);
	memcpy(half, fdt, size / 2);
	why = NULL;
	assert_int_equal(dt_check(half, size / 2, &why), -1);
	assert_string_equal(why, "larger than the mapped area");
	free(half);
	free(fdt);
}

/* Truncated, with a header that admits it (totalsize = what is left): libfdt refuses it. */
static void test_check_truncated_header(void **state)
{
	size_t size;
	void *fdt = load_dtb("virt", &size);
	const char *why = NULL;
	size_t cut = size / 2;
	void *t = malloc(cut);

	(void)state;
	assert_non_null(t);
	memcpy(t, fdt, cut);
	fdt_set_totalsize(t, (uint32_t)cut);
	assert_int_equal(dt_check(t, cut, &why), -1);
	assert_non_null(why);
	assert_string_equal(why, fdt_strerror(-FDT_ERR_TRUNCATED));
	/* Shorter than the header itself. */
	fdt_set_totalsize(t, 20);
	why = NULL;
	assert_int_equal(dt_check(t, cut, &why), -1);
	assert_string_equal(why, fdt_strerror(-FDT_ERR_TRUNCATED));
	free(t);
	free(fdt);
}

static void test_check_bad_version(void **state)
{
	size_t size;
	void *fdt = load_dtb("virt", &size);
	const char *why = NULL;

	(void)state;
	fdt_set_version(fdt, 1);
	fdt_set_last_comp_version(fdt, 1);
	assert_int_equal(dt_check(fdt, size, &why), -1);
	assert_string_equal(why, fdt_strerror(-FDT_ERR_BADVERSION));
	free(fdt);
}

/* ------------------------------------------------------------------------ */
/* A QEMU-virt-like tree                                                    */

static void test_virt(void **state)
{
	void *fdt = load_dtb("virt", NULL);
	struct mem_range r[4];
	uint64_t base = 0, size = 0;
	const char *why = NULL;

	(void)state;
	assert_string_equal(dt_bootargs(fdt), "seed=0x1234 tests=boot.* format=tap");
	memset(r, 0xee, sizeof(r));
	assert_int_equal(dt_memory(fdt, r, 4), 1);
	assert_true(r[0].base == 0x40000000 && r[0].size == 0x8000000);
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), 0);
	assert_true(base == 0x9000000);
	assert_true(size == 0x1000);
	assert_int_equal(dt_psci_conduit(fdt), PSCI_SMC);
	assert_int_equal(dt_cpu_count(fdt), 2);
	free(fdt);
}

static void test_alias_with_options(void **state)
{
	void *fdt = load_dtb("alias", NULL);
	struct mem_range r[2];
	uint64_t base = 0, size = 0;
	const char *why = NULL;

	(void)state;
	/* serial0 is the second PL011 (0x9040000, 8 KiB), not the first one in the tree. */
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), 0);
	assert_true(base == 0x9040000);
	assert_true(size == 0x2000);
	assert_string_equal(dt_bootargs(fdt), "exit=psci");
	assert_int_equal(dt_psci_conduit(fdt), PSCI_HVC);
	/* cpu-map is not a CPU. */
	assert_int_equal(dt_cpu_count(fdt), 4);
	assert_int_equal(dt_memory(fdt, r, 2), 1);
	assert_true(r[0].base == 0x80000000 && r[0].size == 0x40000000);
	free(fdt);
}

/* A path with options, and aliases with and without them, edited in. */
static void test_stdout_path_forms(void **state)
{
	static const struct {
		const char *path;
		uint64_t base;
	} c[] = {
		{ "/pl011@9000000", 0x9000000 },
		{ "/pl011@9000000:115200n8", 0x9000000 },
		{ "/pl011@9040000:", 0x9040000 },
		{ "serial0", 0x9040000 },
		{ "serial1:9600", 0x9000000 },
		{ "serial1:115200n8:extra", 0x9000000 },
	};
	void *fdt = editable("alias");

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(c); i++) {
		uint64_t base = 0, size = 0;
		const char *why = NULL;

		set_string(fdt, "/chosen", "stdout-path", c[i].path);
		if (dt_stdout_uart(fdt, &base, &size, &why))
			fail_msg("stdout-path \"%s\": %s", c[i].path, why);
		if (base != c[i].base)
			fail_msg("stdout-path \"%s\": base 0x%llx, want 0x%llx", c[i].path,
				 (unsigned long long)base, (unsigned long long)c[i].base);
	}
	free(fdt);
}

static void test_stdout_errors(void **state)
{
	static const struct {
		const char *path;
		const char *why;
	} c[] = {
		{ "serial7", "stdout-path names an unknown alias" },
		{ "serial7:115200n8", "stdout-path names an unknown alias" },
		{ "seria", "stdout-path names an unknown alias" },
		{ "/nope@0", "stdout-path names no node" },
		{ "/nope@0:115200", "stdout-path names no node" },
		{ "/psci", "stdout UART is not an arm,pl011" },
		{ "/memory@80000000", "stdout UART is not an arm,pl011" },
		{ "", "no /chosen/stdout-path" },
	};
	void *fdt = editable("alias");

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(c); i++) {
		uint64_t base = 0, size = 0;
		const char *why = NULL;
		int rc;

		set_string(fdt, "/chosen", "stdout-path", c[i].path);
		rc = dt_stdout_uart(fdt, &base, &size, &why);
		if (rc != -1 || !why || strcmp(why, c[i].why))
			fail_msg("stdout-path \"%s\": rc %d why \"%s\", want -1 \"%s\"", c[i].path, rc,
				 why ? why : "(null)", c[i].why);
	}
	free(fdt);
}

/* A stdout-path that is not NUL-terminated within its length is not read. */
static void test_stdout_unterminated(void **state)
{
	void *fdt = editable("virt");
	uint64_t base = 0, size = 0;
	const char *why = NULL;
	static const char raw[] = { '/', 'p', 'l', '0', '1', '1', '@', '9', '0', '0', '0', '0', '0', '0' };

	(void)state;
	assert_int_equal(fdt_setprop(fdt, node(fdt, "/chosen"), "stdout-path", raw, sizeof(raw)), 0);
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), -1);
	assert_string_equal(why, "no /chosen/stdout-path");
	free(fdt);
}

/* linux,stdout-path is used when stdout-path is absent, and stdout-path wins over it. */
static void test_linux_stdout_path(void **state)
{
	void *fdt = load_dtb("mem32", NULL);
	void *ed;
	uint64_t base = 0, size = 0;
	const char *why = NULL;

	(void)state;
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), 0);
	assert_true(base == 0x1c090000);
	assert_true(size == 0x1000);
	free(fdt);

	ed = editable("virt");
	set_string(ed, "/chosen", "linux,stdout-path", "/pl061@9030000");
	assert_int_equal(dt_stdout_uart(ed, &base, &size, &why), 0);
	assert_true(base == 0x9000000);
	free(ed);
}

static void test_uart_bad_reg(void **state)
{
	void *fdt = editable("virt");
	int uart = node(fdt, "/pl011@9000000");
	uint64_t base = 0, size = 0;
	const char *why = NULL;
	const fdt32_t short_reg[3] = { 0, cpu_to_fdt32(0x9000000), 0 };

	(void)state;
	/* Shorter than one (address, size) pair. */
	assert_int_equal(fdt_setprop(fdt, uart, "reg", short_reg, sizeof(short_reg)), 0);
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), -1);
	assert_string_equal(why, "stdout UART has no usable reg");
	/* No reg at all. */
	assert_int_equal(fdt_delprop(fdt, node(fdt, "/pl011@9000000"), "reg"), 0);
	why = NULL;
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), -1);
	assert_string_equal(why, "stdout UART has no usable reg");
	free(fdt);
}

/* ------------------------------------------------------------------------ */
/* Buses                                                                    */

static void test_soc_ranges(void **state)
{
	void *fdt = editable("soc-ranges");
	uint64_t base = 0, size = 0;
	const char *why = NULL;

	(void)state;
	/* Second ranges entry: 0x102000 - 0x100000 + 0x10000000. */
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), 0);
	assert_true(base == 0x10002000);
	assert_true(size == 0x1000);
	/* First entry. */
	set_string(fdt, "/chosen", "stdout-path", "/soc/serial@0");
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), 0);
	assert_true(base == 0x20000000);
	assert_true(size == 0x1000);
	free(fdt);
}

static void test_soc_nested(void **state)
{
	void *fdt = load_dtb("soc-nested", NULL);
	uint64_t base = 0, size = 0;
	const char *why = NULL;
	struct mem_range r[1];

	(void)state;
	/* 0x3000 -> 0x103000 on /soc -> 0x10103000. */
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), 0);
	assert_true(base == 0x10103000);
	assert_true(size == 0x100);
	/* No memory, /chosen without bootargs, no PSCI, no /cpus. */
	assert_int_equal(dt_memory(fdt, r, 1), 0);
	assert_null(dt_bootargs(fdt));
	assert_int_equal(dt_psci_conduit(fdt), PSCI_NONE);
	assert_int_equal(dt_cpu_count(fdt), 0);
	free(fdt);
}

static void test_soc_identity(void **state)
{
	void *fdt = load_dtb("soc-identity", NULL);
	uint64_t base = 0, size = 0;
	const char *why = NULL;

	(void)state;
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), 0);
	assert_true(base == 0x9000000);
	assert_true(size == 0x1000);
	/* A PSCI node without a method. */
	assert_int_equal(dt_psci_conduit(fdt), PSCI_NONE);
	free(fdt);
}

static void test_soc_untranslatable(void **state)
{
	void *fdt = editable("soc-untranslatable");
	uint64_t base = 0, size = 0;
	const char *why = NULL;

	(void)state;
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), -1);
	assert_string_equal(why, "stdout UART address does not translate to the CPU");
	/* Beyond the only ranges entry (0x10000 bytes from 0). */
	set_string(fdt, "/chosen", "stdout-path", "/soc/serial@20000");
	why = NULL;
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), -1);
	assert_string_equal(why, "stdout UART address does not translate to the CPU");
	free(fdt);
}

/* ------------------------------------------------------------------------ */
/* Memory                                                                   */

static void test_two_memory_nodes(void **state)
{
	void *fdt = load_dtb("two-mem", NULL);
	struct mem_range r[8];
	uint64_t base = 0, size = 0;
	const char *why = NULL;

	(void)state;
	memset(r, 0xee, sizeof(r));
	/* The zero-size entry and the node without device_type do not count. */
	assert_int_equal(dt_memory(fdt, r, 8), 3);
	assert_true(r[0].base == 0x40000000 && r[0].size == 0x10000000);
	assert_true(r[1].base == 0x60000000 && r[1].size == 0x20000000);
	assert_true(r[2].base == 0x100000000 && r[2].size == 0x140000000);
	/* Never more than max. */
	memset(r, 0xee, sizeof(r));
	assert_int_equal(dt_memory(fdt, r, 2), 2);
	assert_true(r[1].base == 0x60000000 && r[1].size == 0x20000000);
	assert_true(r[2].base == UINT64_C(0xeeeeeeeeeeeeeeee));
	assert_int_equal(dt_memory(fdt, r, 1), 1);
	assert_true(r[0].base == 0x40000000);
	assert_int_equal(dt_memory(fdt, r, 0), 0);
	/* Empty bootargs, and a path with options. */
	assert_string_equal(dt_bootargs(fdt), "");
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), 0);
	assert_true(base == 0x9000000);
	free(fdt);
}

static void test_memory_32bit(void **state)
{
	void *fdt = load_dtb("mem32", NULL);
	struct mem_range r[4];

	(void)state;
	assert_int_equal(dt_memory(fdt, r, 4), 2);
	assert_true(r[0].base == 0x80000000 && r[0].size == 0x20000000);
	assert_true(r[1].base == 0xc0000000 && r[1].size == 0x10000000);
	/* PSCI 0.1 binding, found by its path. */
	assert_int_equal(dt_psci_conduit(fdt), PSCI_HVC);
	assert_int_equal(dt_cpu_count(fdt), 1);
	free(fdt);
}

/* A reg whose length is not a whole number of entries: only the whole ones count. */
static void test_memory_partial_reg(void **state)
{
	void *fdt = editable("virt");
	const fdt32_t reg[6] = {
		0, cpu_to_fdt32(0x40000000), 0, cpu_to_fdt32(0x1000000),
		cpu_to_fdt32(1), 0,
	};
	struct mem_range r[4];

	(void)state;
	assert_int_equal(fdt_setprop(fdt, node(fdt, "/memory@40000000"), "reg", reg, sizeof(reg)), 0);
	assert_int_equal(dt_memory(fdt, r, 4), 1);
	assert_true(r[0].base == 0x40000000 && r[0].size == 0x1000000);
	free(fdt);
}

/* A memory node whose status is not "okay" (QEMU's Secure RAM under secure=on) is not RAM. */
static void test_memory_disabled(void **state)
{
	void *fdt = editable("virt");
	const fdt32_t reg[4] = { 0, cpu_to_fdt32(0x0e000000), 0, cpu_to_fdt32(0x1000000) };
	struct mem_range r[4];
	int n = fdt_add_subnode(fdt, 0, "memory@e000000");

	(void)state;
	assert_true(n >= 0);
	assert_int_equal(fdt_setprop_string(fdt, n, "device_type", "memory"), 0);
	assert_int_equal(fdt_setprop(fdt, n, "reg", reg, sizeof(reg)), 0);
	assert_int_equal(dt_memory(fdt, r, 4), 2);
	set_string(fdt, "/memory@e000000", "status", "disabled");
	set_string(fdt, "/memory@e000000", "secure-status", "okay");
	assert_int_equal(dt_memory(fdt, r, 4), 1);
	assert_true(r[0].base == 0x40000000);
	set_string(fdt, "/memory@e000000", "status", "okay");
	assert_int_equal(dt_memory(fdt, r, 4), 2);
	set_string(fdt, "/memory@40000000", "status", "fail");
	assert_int_equal(dt_memory(fdt, r, 4), 1);
	assert_true(r[0].base == 0x0e000000);
	free(fdt);
}

/* ------------------------------------------------------------------------ */
/* Reserved memory, seeds, size                                             */

static void test_size(void **state)
{
	size_t size;
	void *fdt = load_dtb("reserved", &size);

	(void)state;
	assert_true(dt_size(fdt) == size);
	free(fdt);
}

static void test_reserved(void **state)
{
	void *fdt = load_dtb("reserved", NULL);
	struct mem_range r[8];

	(void)state;
	memset(r, 0xee, sizeof(r));
	/* /memreserve/ entries first; the zero-size reg entry and the pool without reg do not count. */
	assert_int_equal(dt_reserved(fdt, r, 8), 5);
	assert_true(r[0].base == 0x48000000 && r[0].size == 0x200000);
	assert_true(r[1].base == 0x1 && r[1].size == 0x1000);
	assert_true(r[2].base == 0x4e000000 && r[2].size == 0x100000);
	assert_true(r[3].base == 0x50000000 && r[3].size == 0x10000);
	assert_true(r[4].base == 0x50200000 && r[4].size == 0x20000);
	assert_true(r[5].base == UINT64_C(0xeeeeeeeeeeeeeeee));
	/* Never more than max, across both sources. */
	memset(r, 0xee, sizeof(r));
	assert_int_equal(dt_reserved(fdt, r, 3), 3);
	assert_true(r[2].base == 0x4e000000);
	assert_true(r[3].base == UINT64_C(0xeeeeeeeeeeeeeeee));
	assert_int_equal(dt_reserved(fdt, r, 1), 1);
	assert_int_equal(dt_reserved(fdt, r, 0), 0);
	free(fdt);
}

static void test_reserved_32bit_and_none(void **state)
{
	void *fdt = load_dtb("mem32", NULL);
	struct mem_range r[4];

	(void)state;
	assert_int_equal(dt_reserved(fdt, r, 4), 1);
	assert_true(r[0].base == 0x9fe00000 && r[0].size == 0x200000);
	free(fdt);
	fdt = load_dtb("virt", NULL);
	assert_int_equal(dt_reserved(fdt, r, 4), 0);
	free(fdt);
	/* two-mem has a /reserved-memory child too. */
	fdt = load_dtb("two-mem", NULL);
	assert_int_equal(dt_reserved(fdt, r, 4), 1);
	assert_true(r[0].base == 0x48000000 && r[0].size == 0x100000);
	free(fdt);
}

/* FNV-1a, 64-bit: the test's own, checked against a published vector. */
static uint64_t fnv1a(const uint8_t *p, size_t n)
{
	uint64_t v = UINT64_C(0xcbf29ce484222325);

	for (size_t i = 0; i < n; i++)
		v = (v ^ p[i]) * UINT64_C(0x100000001b3);
	return v;
}

static void test_chosen_seed(void **state)
{
	static const uint8_t rng[32] = {
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
		0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87, 0x78, 0x69, 0x5a, 0x4b, 0x3c, 0x2d, 0x1e, 0xff,
	};
	void *fdt = editable("virt");
	int chosen = node(fdt, "/chosen");
	uint64_t seed = 0;

	(void)state;
	assert_true(fnv1a((const uint8_t *)"a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
	/* rng-seed first, every byte of it. */
	assert_int_equal(dt_chosen_seed(fdt, &seed), 1);
	assert_true(seed == fnv1a(rng, sizeof(rng)));
	assert_int_equal(fdt_setprop(fdt, chosen, "rng-seed", "a", 1), 0);
	assert_int_equal(dt_chosen_seed(fdt, &seed), 1);
	assert_true(seed == UINT64_C(0xaf63dc4c8601ec8c));
	/* An empty rng-seed does not count: kaslr-seed, as one 64-bit number. */
	assert_int_equal(fdt_setprop(fdt, chosen, "rng-seed", "", 0), 0);
	assert_int_equal(dt_chosen_seed(fdt, &seed), 2);
	assert_true(seed == UINT64_C(0xdeadbeef01234567));
	assert_int_equal(fdt_delprop(fdt, chosen, "rng-seed"), 0);
	assert_int_equal(dt_chosen_seed(fdt, &seed), 2);
	assert_true(seed == UINT64_C(0xdeadbeef01234567));
	/* A kaslr-seed that is not 8 bytes does not count. */
	assert_int_equal(fdt_setprop_u32(fdt, chosen, "kaslr-seed", 0x1234), 0);
	assert_int_equal(dt_chosen_seed(fdt, &seed), 0);
	assert_int_equal(fdt_delprop(fdt, chosen, "kaslr-seed"), 0);
	assert_int_equal(dt_chosen_seed(fdt, &seed), 0);
	free(fdt);

	fdt = load_dtb("reserved", NULL);
	assert_int_equal(dt_chosen_seed(fdt, &seed), 2);
	assert_true(seed == UINT64_C(0x123456789abcdef0));
	free(fdt);
	fdt = load_dtb("no-chosen", NULL);
	assert_int_equal(dt_chosen_seed(fdt, &seed), 0);
	free(fdt);
}

/* ------------------------------------------------------------------------ */
/* The rest                                                                 */

static void test_ns16550_stdout(void **state)
{
	void *fdt = load_dtb("ns16550", NULL);
	uint64_t base = 0, size = 0;
	const char *why = NULL;

	(void)state;
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), -1);
	assert_string_equal(why, "stdout UART is not an arm,pl011");
	free(fdt);
}

static void test_no_chosen(void **state)
{
	void *fdt = load_dtb("no-chosen", NULL);
	uint64_t base = 0, size = 0;
	const char *why = NULL;
	struct mem_range r[2];

	(void)state;
	assert_null(dt_bootargs(fdt));
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), -1);
	assert_string_equal(why, "no /chosen/stdout-path");
	assert_int_equal(dt_psci_conduit(fdt), PSCI_NONE);
	assert_int_equal(dt_cpu_count(fdt), 0);
	assert_int_equal(dt_memory(fdt, r, 2), 1);
	free(fdt);
}

static void test_bootargs_unterminated(void **state)
{
	void *fdt = editable("virt");
	int chosen = node(fdt, "/chosen");

	(void)state;
	assert_int_equal(fdt_setprop(fdt, chosen, "bootargs", "exit=psci", 9), 0);
	assert_null(dt_bootargs(fdt));
	assert_int_equal(fdt_setprop(fdt, chosen, "bootargs", "", 0), 0);
	assert_null(dt_bootargs(fdt));
	assert_int_equal(fdt_delprop(fdt, chosen, "bootargs"), 0);
	assert_null(dt_bootargs(fdt));
	free(fdt);
}

static void test_psci_methods(void **state)
{
	void *fdt = editable("virt");

	(void)state;
	set_string(fdt, "/psci", "method", "hvc");
	assert_int_equal(dt_psci_conduit(fdt), PSCI_HVC);
	set_string(fdt, "/psci", "method", "smc");
	assert_int_equal(dt_psci_conduit(fdt), PSCI_SMC);
	set_string(fdt, "/psci", "method", "SMC");
	assert_int_equal(dt_psci_conduit(fdt), PSCI_NONE);
	set_string(fdt, "/psci", "method", "smcc");
	assert_int_equal(dt_psci_conduit(fdt), PSCI_NONE);
	assert_int_equal(fdt_delprop(fdt, node(fdt, "/psci"), "method"), 0);
	assert_int_equal(dt_psci_conduit(fdt), PSCI_NONE);
	free(fdt);
}

/* Found by compatible wherever it is, not only at /psci. */
static void test_psci_elsewhere(void **state)
{
	void *fdt = editable("virt");
	int fw, p;

	(void)state;
	assert_int_equal(fdt_del_node(fdt, node(fdt, "/psci")), 0);
	assert_int_equal(dt_psci_conduit(fdt), PSCI_NONE);
	fw = fdt_add_subnode(fdt, 0, "firmware");
	assert_true(fw >= 0);
	p = fdt_add_subnode(fdt, fw, "psci");
	assert_true(p >= 0);
	assert_int_equal(fdt_setprop_string(fdt, p, "compatible", "arm,psci-1.0"), 0);
	assert_int_equal(fdt_setprop_string(fdt, p, "method", "hvc"), 0);
	assert_int_equal(dt_psci_conduit(fdt), PSCI_HVC);
	free(fdt);
}

/* A blob of exactly its own size at the start of a buffer of `room` bytes (the rest 0xee). */
static void *tight(void *fdt, size_t room)
{
	size_t size = fdt_totalsize(fdt);
	char *buf = malloc(room);

	assert_non_null(buf);
	memset(buf, 0xee, room);
	assert_int_equal(fdt_pack(fdt), 0);
	size = fdt_totalsize(fdt);
	assert_true(size <= room);
	memcpy(buf, fdt, size);
	free(fdt);
	return buf;
}

/* Entered at EL3 the image is the PSCI firmware: the DT gains or corrects /psci, in place. */
static void test_set_psci_smc(void **state)
{
	void *fdt = editable("virt");
	const char *why = NULL, *compat;
	size_t size;
	int len;

	(void)state;
	/* No PSCI at all (QEMU virt,secure=on with an ELF): a /psci node is added. */
	assert_int_equal(fdt_del_node(fdt, node(fdt, "/psci")), 0);
	fdt = tight(fdt, 65536);
	size = fdt_totalsize(fdt);
	assert_int_equal(dt_psci_conduit(fdt), PSCI_NONE);
	assert_int_equal(dt_set_psci_smc(fdt, size + 4096, &why), 0);
	assert_int_equal(dt_psci_conduit(fdt), PSCI_SMC);
	compat = fdt_getprop(fdt, node(fdt, "/psci"), "compatible", &len);
	assert_non_null(compat);
	assert_string_equal(compat, "arm,psci-1.0");
	assert_int_equal(fdt_check_full(fdt, fdt_totalsize(fdt)), 0);
	assert_true(fdt_totalsize(fdt) > size && fdt_totalsize(fdt) <= size + 4096);
	/* The rest of the tree is intact. */
	assert_int_equal(dt_cpu_count(fdt), 2);
	/* Already smc: nothing changes. */
	size = fdt_totalsize(fdt);
	assert_int_equal(dt_set_psci_smc(fdt, size, &why), 0);
	assert_int_equal((size_t)fdt_totalsize(fdt), size);
	/* hvc becomes smc, in the node that was there. */
	set_string(fdt, "/psci", "method", "hvc");
	fdt = tight(fdt, 65536);
	assert_int_equal(dt_set_psci_smc(fdt, fdt_totalsize(fdt) + 64, &why), 0);
	assert_int_equal(dt_psci_conduit(fdt), PSCI_SMC);
	/* No room to grow into: an error that says so, never a half-written tree. */
	assert_int_equal(fdt_del_node(fdt, node(fdt, "/psci")), 0);
	fdt = tight(fdt, 65536);
	size = fdt_totalsize(fdt);
	assert_int_equal(dt_set_psci_smc(fdt, size, &why), -1);
	assert_string_equal(why, fdt_strerror(-FDT_ERR_NOSPACE));
	assert_int_equal(fdt_check_full(fdt, fdt_totalsize(fdt)), 0);
	free(fdt);
}

static void test_cpu_count_types(void **state)
{
	void *fdt = editable("virt");
	int cpus = node(fdt, "/cpus"), n;

	(void)state;
	n = fdt_add_subnode(fdt, cpus, "l2-cache");
	assert_true(n >= 0);
	assert_int_equal(fdt_setprop_string(fdt, n, "device_type", "cache"), 0);
	n = fdt_add_subnode(fdt, node(fdt, "/cpus"), "cpu@2");
	assert_true(n >= 0);
	assert_int_equal(fdt_setprop_string(fdt, n, "device_type", "cpu"), 0);
	assert_int_equal(dt_cpu_count(fdt), 3);
	free(fdt);
}

/* enable-method: none or "psci" -> PSCI; "spin-table" needs a two-cell cpu-release-addr. */
static void test_cpu_enable(void **state)
{
	void *fdt = editable("virt");
	int cpu1 = node(fdt, "/cpus/cpu@1");
	const fdt32_t rel[2] = { cpu_to_fdt32(0x1), cpu_to_fdt32(0x8) };
	uint64_t a = 1;

	(void)state;
	assert_int_equal(dt_cpu_enable(fdt, 1, &a), CPU_ENABLE_PSCI);
	assert_true(a == 0);
	set_string(fdt, "/cpus/cpu@1", "enable-method", "psci");
	assert_int_equal(dt_cpu_enable(fdt, 1, &a), CPU_ENABLE_PSCI);
	set_string(fdt, "/cpus/cpu@1", "enable-method", "spin-table");
	assert_int_equal(dt_cpu_enable(fdt, 1, &a), CPU_ENABLE_BAD);	/* no cpu-release-addr */
	/* Both cells count: a release address above 4 GiB is not cut to its high or low half. */
	assert_int_equal(fdt_setprop(fdt, cpu1, "cpu-release-addr", rel, sizeof(rel)), 0);
	assert_int_equal(dt_cpu_enable(fdt, 1, &a), CPU_ENABLE_SPIN_TABLE);
	assert_true(a == UINT64_C(0x100000008));
	/* One cell is not a cpu-release-addr (it is always 64 bits). */
	assert_int_equal(fdt_setprop(fdt, cpu1, "cpu-release-addr", rel, 4), 0);
	assert_int_equal(dt_cpu_enable(fdt, 1, &a), CPU_ENABLE_BAD);
	set_string(fdt, "/cpus/cpu@1", "enable-method", "acme,kick");
	assert_int_equal(dt_cpu_enable(fdt, 1, &a), CPU_ENABLE_BAD);
	assert_int_equal(dt_cpu_enable(fdt, 0, &a), CPU_ENABLE_PSCI);
	assert_int_equal(dt_cpu_enable(fdt, 2, &a), CPU_ENABLE_BAD);	/* no such CPU */
	free(fdt);
}

/* The rpi3 platform DT: RAM from 0, the first page and the VideoCore's RAM reserved, UART0, spin tables. */
static void test_rpi3(void **state)
{
	void *fdt = load_dtb("rpi3", NULL);
	struct mem_range r[4];
	uint64_t base = 0, size = 0, a = 0, mpidr = 0;
	const char *why = NULL;

	(void)state;
	assert_int_equal(dt_memory(fdt, r, 4), 1);
	assert_true(r[0].base == 0 && r[0].size == 0x3c000000);
	assert_int_equal(dt_reserved(fdt, r, 4), 2);
	assert_true(r[0].base == 0 && r[0].size == 0x1000);
	assert_true(r[1].base == 0x3c000000 && r[1].size == 0x4000000);
	/* serial0 -> /soc/serial@7e201000, bus address 0x7e201000 -> 0x3f201000 through /soc's ranges. */
	assert_int_equal(dt_stdout_uart(fdt, &base, &size, &why), 0);
	assert_true(base == 0x3f201000 && size == 0x200);
	assert_int_equal(dt_psci_conduit(fdt), PSCI_NONE);
	assert_int_equal(dt_cpu_count(fdt), 4);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(dt_cpu_enable(fdt, i, &a), CPU_ENABLE_SPIN_TABLE);
		assert_true(a == UINT64_C(0xd8) + 8 * (uint64_t)i);
		assert_int_equal(dt_cpu_mpidr(fdt, i, &mpidr), 0);
		assert_true(mpidr == (uint64_t)i);
	}
	free(fdt);
}

#define NO_TIMER "no arm,armv8-timer or arm,armv7-timer node"
#define NOT_OURS "the timer's interrupt parent is not a GICv3, a GICv2 or a BCM2836 local intc"

/* QEMU virt's GICv3 frames and the hypervisor timer's PPI (INTID 16 + 10). */
static void test_gic_and_timer(void **state)
{
	void *fdt = load_dtb("gic", NULL);
	struct dt_intc ic;
	const char *why = NULL;
	unsigned irq = 0;

	(void)state;
	assert_int_equal(dt_intc(fdt, &ic, &why), 0);
	assert_int_equal(ic.type, DT_INTC_GICV3);
	assert_true(ic.base == 0x8000000 && ic.size == 0x10000);
	assert_int_equal(ic.nredist, 1);
	assert_true(ic.redist[0].base == 0x80a0000 && ic.redist[0].size == 0xf60000);
	assert_true(ic.redist_stride == 0);
	assert_int_equal(dt_timer_hyp_irq(fdt, &irq, &why), 0);
	assert_int_equal(irq, 26);
	free(fdt);
	/* The virt tree has neither: each accessor says what is missing. */
	fdt = load_dtb("virt", NULL);
	assert_int_equal(dt_intc(fdt, &ic, &why), -1);
	assert_string_equal(why, NO_TIMER);
	assert_int_equal(dt_timer_hyp_irq(fdt, &irq, &why), -1);
	assert_string_equal(why, NO_TIMER);
	free(fdt);
}

/* QEMU virt's GICv2 for an ARMv7 CPU: GICD and GICC (reg[0], reg[1]), and the v7 timer's PPI 10. */
static void test_gicv2_and_timer(void **state)
{
	void *fdt = load_dtb("gic2", NULL);
	struct dt_intc ic;
	const char *why = NULL;
	unsigned irq = 0;

	(void)state;
	assert_int_equal(dt_intc(fdt, &ic, &why), 0);
	assert_int_equal(ic.type, DT_INTC_GICV2);
	assert_true(ic.base == 0x8000000 && ic.size == 0x10000);
	assert_true(ic.cpu == 0x8010000 && ic.cpu_size == 0x10000);
	assert_int_equal(ic.nredist, 0);
	assert_int_equal(dt_timer_hyp_irq(fdt, &irq, &why), 0);
	assert_int_equal(irq, 26);
	free(fdt);
}

/*
 * The rpi3's timer goes to the BCM2836 local intc (no GIC at all): its one
 * frame, translated through /soc's second range, and the hypervisor timer
 * as the controller's source 2 (nCNTHPIRQ), the timer's 4th entry.
 */
static void test_bcm2836_and_timer(void **state)
{
	void *fdt = load_dtb("rpi3", NULL);
	struct dt_intc ic;
	const char *why = NULL;
	unsigned irq = 0;

	(void)state;
	assert_int_equal(dt_intc(fdt, &ic, &why), 0);
	assert_int_equal(ic.type, DT_INTC_BCM2836);
	assert_true(ic.base == 0x40000000 && ic.size == 0x100);
	assert_int_equal(dt_timer_hyp_irq(fdt, &irq, &why), 0);
	assert_int_equal(irq, 2);
	free(fdt);
}

static void expect_timer_error(void *fdt, const char *want)
{
	unsigned irq = 77;
	const char *why = NULL;

	assert_int_equal(dt_timer_hyp_irq(fdt, &irq, &why), -1);
	assert_string_equal(why, want);
	assert_int_equal(irq, 77);
}

static void expect_intc_error(void *fdt, const char *want)
{
	struct dt_intc ic;
	const char *why = NULL;

	assert_int_equal(dt_intc(fdt, &ic, &why), -1);
	assert_string_equal(why, want);
}

/* Broken GIC and timer descriptions are refused with a reason, never read past. */
static void test_gic_and_timer_broken(void **state)
{
	const fdt32_t three[] = { cpu_to_fdt32(1), cpu_to_fdt32(13), cpu_to_fdt32(4),
					 cpu_to_fdt32(1), cpu_to_fdt32(14), cpu_to_fdt32(4),
					 cpu_to_fdt32(1), cpu_to_fdt32(11), cpu_to_fdt32(4) };
	const fdt32_t spi[] = { cpu_to_fdt32(1), cpu_to_fdt32(13), cpu_to_fdt32(4),
				       cpu_to_fdt32(1), cpu_to_fdt32(14), cpu_to_fdt32(4),
				       cpu_to_fdt32(1), cpu_to_fdt32(11), cpu_to_fdt32(4),
				       cpu_to_fdt32(0), cpu_to_fdt32(10), cpu_to_fdt32(4) };
	const fdt32_t one_reg[] = { cpu_to_fdt32(0), cpu_to_fdt32(0x8000000), cpu_to_fdt32(0),
					   cpu_to_fdt32(0x10000) };
	void *fdt = editable("gic");
	int timer = node(fdt, "/timer"), gic = node(fdt, "/intc@8000000");

	(void)state;
	assert_int_equal(fdt_setprop(fdt, timer, "interrupts", three, sizeof(three)), 0);
	expect_timer_error(fdt, "the timer lists no hypervisor timer interrupt (fewer than 4 entries)");
	assert_int_equal(fdt_setprop(fdt, timer, "interrupts", spi, sizeof(spi)), 0);
	expect_timer_error(fdt, "the hypervisor timer interrupt is not a PPI");
	assert_int_equal(fdt_setprop_u32(fdt, gic, "#interrupt-cells", 2), 0);
	expect_timer_error(fdt, "the GIC's #interrupt-cells is not 3 or 4");
	/* A GICv1 (no Virtualization Extensions) is neither a GICv3 nor a GICv2 of ours. */
	assert_int_equal(fdt_setprop_string(fdt, gic, "compatible", "arm,cortex-a9-gic"), 0);
	expect_timer_error(fdt, NOT_OURS);
	expect_intc_error(fdt, NOT_OURS);
	/* A GICv2 with one frame has no CPU interface. */
	assert_int_equal(fdt_setprop_string(fdt, gic, "compatible", "arm,gic-400"), 0);
	assert_int_equal(fdt_setprop(fdt, gic, "reg", one_reg, sizeof(one_reg)), 0);
	expect_intc_error(fdt, "the interrupt controller's node has no usable reg");
	free(fdt);
	fdt = editable("gic");
	gic = node(fdt, "/intc@8000000");
	assert_int_equal(fdt_setprop_u32(fdt, gic, "#redistributor-regions", 2), 0);
	expect_intc_error(fdt, "the GIC node's #redistributor-regions does not match its reg");
	assert_int_equal(fdt_setprop(fdt, gic, "reg", one_reg, sizeof(one_reg)), 0);
	expect_intc_error(fdt, "the interrupt controller's node has no usable reg");
	free(fdt);
	/* A timer whose tree names no interrupt parent at all. */
	fdt = editable("gic");
	assert_int_equal(fdt_delprop(fdt, 0, "interrupt-parent"), 0);
	expect_timer_error(fdt, "the timer has no interrupt parent");
	expect_intc_error(fdt, "the timer has no interrupt parent");
	free(fdt);
}

/*
 * The controller read is the timer's own interrupt parent, not the first GIC
 * in the tree: the rpi3's timer re-parented to a GICv2 added beside the
 * local intc gives the GICv2, and the local intc's binding is checked on
 * its own terms (two cells, a timer source 0-3).
 */
static void test_bcm2836_broken(void **state)
{
	const fdt32_t gpu[] = { cpu_to_fdt32(0), cpu_to_fdt32(4), cpu_to_fdt32(1), cpu_to_fdt32(4),
				cpu_to_fdt32(3), cpu_to_fdt32(4), cpu_to_fdt32(8), cpu_to_fdt32(4) };
	const fdt32_t gic_reg[] = { cpu_to_fdt32(0x40041000), cpu_to_fdt32(0x1000),
				    cpu_to_fdt32(0x40042000), cpu_to_fdt32(0x2000) };
	void *fdt = editable("rpi3");
	int timer = node(fdt, "/timer"), l1 = node(fdt, "/soc@7e000000/interrupt-controller@40000000"), gic;
	struct dt_intc ic;
	const char *why = NULL;

	(void)state;
	assert_int_equal(fdt_setprop(fdt, timer, "interrupts", gpu, sizeof(gpu)), 0);
	expect_timer_error(fdt, "the hypervisor timer interrupt is not one of the BCM2836 local intc's timer "
				"sources (0-3)");
	assert_int_equal(fdt_setprop_u32(fdt, l1, "#interrupt-cells", 3), 0);
	expect_timer_error(fdt, "the BCM2836 local intc's #interrupt-cells is not 2");
	assert_int_equal(fdt_setprop(fdt, l1, "reg", gic_reg, 0), 0);
	expect_intc_error(fdt, "the interrupt controller's node has no usable reg");
	free(fdt);

	fdt = editable("rpi3");
	timer = node(fdt, "/timer");
	gic = fdt_add_subnode(fdt, node(fdt, "/soc@7e000000"), "intc@40041000");
	assert_true(gic >= 0);
	assert_int_equal(fdt_setprop_string(fdt, gic, "compatible", "arm,cortex-a7-gic"), 0);
	assert_int_equal(fdt_setprop(fdt, gic, "reg", gic_reg, sizeof(gic_reg)), 0);
	assert_int_equal(fdt_setprop_u32(fdt, gic, "#interrupt-cells", 3), 0);
	assert_int_equal(fdt_setprop_u32(fdt, gic, "phandle", 0x77), 0);
	assert_int_equal(dt_intc(fdt, &ic, &why), 0);
	assert_int_equal(ic.type, DT_INTC_BCM2836);
	assert_int_equal(fdt_setprop_u32(fdt, timer, "interrupt-parent", 0x77), 0);
	/* Now the GICv2 (out of /soc's second range, which covers 0x40000000-0x40000fff only). */
	expect_intc_error(fdt, "an interrupt controller frame address does not translate to the CPU");
	free(fdt);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_good),
		cmocka_unit_test(test_check_null),
		cmocka_unit_test(test_check_bad_magic),
		cmocka_unit_test(test_check_larger_than_area),
		cmocka_unit_test(test_check_truncated_header),
		cmocka_unit_test(test_check_bad_version),
		cmocka_unit_test(test_virt),
		cmocka_unit_test(test_alias_with_options),
		cmocka_unit_test(test_stdout_path_forms),
		cmocka_unit_test(test_stdout_errors),
		cmocka_unit_test(test_stdout_unterminated),
		cmocka_unit_test(test_linux_stdout_path),
		cmocka_unit_test(test_uart_bad_reg),
		cmocka_unit_test(test_soc_ranges),
		cmocka_unit_test(test_soc_nested),
		cmocka_unit_test(test_soc_identity),
		cmocka_unit_test(test_soc_untranslatable),
		cmocka_unit_test(test_two_memory_nodes),
		cmocka_unit_test(test_memory_32bit),
		cmocka_unit_test(test_memory_partial_reg),
		cmocka_unit_test(test_memory_disabled),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_reserved),
		cmocka_unit_test(test_reserved_32bit_and_none),
		cmocka_unit_test(test_chosen_seed),
		cmocka_unit_test(test_ns16550_stdout),
		cmocka_unit_test(test_no_chosen),
		cmocka_unit_test(test_bootargs_unterminated),
		cmocka_unit_test(test_psci_methods),
		cmocka_unit_test(test_psci_elsewhere),
		cmocka_unit_test(test_cpu_enable),
		cmocka_unit_test(test_rpi3),
		cmocka_unit_test(test_set_psci_smc),
		cmocka_unit_test(test_cpu_count_types),
		cmocka_unit_test(test_gic_and_timer),
		cmocka_unit_test(test_gicv2_and_timer),
		cmocka_unit_test(test_gic_and_timer_broken),
		cmocka_unit_test(test_bcm2836_and_timer),
		cmocka_unit_test(test_bcm2836_broken),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	dtb_dir = dtb_dir_arg(argc, argv);
	if (!dtb_dir)
		return 2;
	return cmocka_run_group_tests_name("dt", tests, NULL, NULL);
}
