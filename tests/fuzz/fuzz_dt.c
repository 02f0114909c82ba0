/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for lib/dt.c, the device-tree accessors, over arbitrary blobs.
 * The blob sits in a heap buffer of exactly its size (the "mapped area"
 * dt_check() is told about), so ASan reports any read past it from dt.c or
 * the libfdt inline helpers it uses. libfdt's own objects come from the
 * system (libfdt-dev) and are not instrumented.
 *
 * Invariants:
 *   - dt_check() accepts, or refuses with a reason; nothing else is called
 *     on a refused blob (that is the loader's contract);
 *   - on an accepted blob no accessor writes to it, and each returns an
 *     error or values inside the blob's claims: bootargs is a string inside
 *     the blob; every memory/reserved range is non-empty and its base and
 *     size are numbers the blob holds (big-endian cells, or a /memreserve/
 *     entry); at most `max` ranges are written, and a smaller max gives a
 *     prefix of the same list; a kaslr-seed is the blob's 8 bytes;
 *   - the UART, PSCI, CPU and seed answers are the same when asked twice,
 *     the PSCI conduit is a known one and CPU indexes past the count fail.
 */
#include <libfdt.h>
#include "tests/fuzz/fuzz.h"
#include "lib/dt.h"

#define RANGES_MAX	40

/* Does the blob hold v as n big-endian 32-bit cells (n = 1 needs v < 2^32)? */
static bool blob_holds(const uint8_t *b, size_t size, uint64_t v, int cells)
{
	uint8_t want[8];

	for (int i = 0; i < 8; i++)
		want[i] = (uint8_t)(v >> (56 - 8 * i));
	for (int n = 1; n <= 2 && n <= cells; n++) {
		const uint8_t *w = want + 8 - 4 * n;

		if (n == 1 && v >> 32)
			continue;
		for (size_t off = 0; off + 4u * n <= size; off++)
			if (!memcmp(b + off, w, 4u * n))
				return true;
	}
	return false;
}

typedef int (*ranges_fn)(const void *fdt, struct mem_range *r, int max);

/* One list of ranges: its values are the blob's, and max is respected. */
static void check_ranges(const char *what, ranges_fn fn, const uint8_t *b, size_t size)
{
	struct mem_range all[RANGES_MAX], *few;
	int n = fn(b, all, RANGES_MAX), m;

	FUZZ_CHECK(n >= 0 && n <= RANGES_MAX, "%s: %d ranges for room for %d", what, n, RANGES_MAX);
	for (int i = 0; i < n; i++) {
		FUZZ_CHECK(all[i].size != 0, "%s: range %d is empty", what, i);
		FUZZ_CHECK(blob_holds(b, size, all[i].base, 2) && blob_holds(b, size, all[i].size, 2),
			   "%s: range %d 0x%llx+0x%llx is not in the blob", what, i,
			   (unsigned long long)all[i].base, (unsigned long long)all[i].size);
	}
	if (!n)
		return;
	/* Exactly n - 1 entries on the heap: writing the n-th is an ASan report. */
	few = malloc(sizeof(*few) * (size_t)(n - 1) + 1);
	m = fn(b, few, n - 1);
	FUZZ_CHECK(m == n - 1, "%s: %d ranges with room for %d, %d with room for %d", what, n, RANGES_MAX, m, n - 1);
	for (int i = 0; i < m; i++)
		FUZZ_CHECK(few[i].base == all[i].base && few[i].size == all[i].size, "%s: range %d differs", what, i);
	free(few);
}

static void check_accessors(const uint8_t *b, size_t size)
{
	const char *args = dt_bootargs(b), *why = NULL, *why2 = NULL;
	uint64_t base = 0, usize = 0, base2 = 0, usize2 = 0, seed = 0, seed2 = 0, mpidr;
	int rc, rc2, cpus, kind;

	FUZZ_CHECK(dt_size(b) <= size, "dt_size 0x%llx > blob 0x%zx", (unsigned long long)dt_size(b), size);
	if (args) {
		FUZZ_CHECK((const uint8_t *)args >= b && (const uint8_t *)args < b + size,
			   "bootargs at %p outside the blob", (const void *)args);
		FUZZ_CHECK(memchr(args, 0, (size_t)(b + size - (const uint8_t *)args)), "bootargs not terminated");
	}
	check_ranges("dt_memory", dt_memory, b, size);
	check_ranges("dt_reserved", dt_reserved, b, size);

	rc = dt_stdout_uart(b, &base, &usize, &why);
	rc2 = dt_stdout_uart(b, &base2, &usize2, &why2);
	FUZZ_CHECK(rc == rc2 && (rc ? why == why2 : base == base2 && usize == usize2), "stdout UART differs");
	FUZZ_CHECK(rc == 0 || (rc == -1 && why && why[0]), "stdout UART: rc %d", rc);

	FUZZ_CHECK(dt_psci_conduit(b) <= PSCI_HVC && dt_psci_conduit(b) == dt_psci_conduit(b), "PSCI conduit");

	kind = dt_chosen_seed(b, &seed);
	FUZZ_CHECK(kind >= 0 && kind <= 2 && dt_chosen_seed(b, &seed2) == kind && (!kind || seed == seed2),
		   "chosen seed: kind %d", kind);
	if (kind == 2)
		FUZZ_CHECK(blob_holds(b, size, seed, 2), "kaslr-seed 0x%llx not in the blob", (unsigned long long)seed);

	cpus = dt_cpu_count(b);
	FUZZ_CHECK(cpus >= 0 && cpus == dt_cpu_count(b), "cpu count %d", cpus);
	for (int i = -1; i <= cpus && i < 64; i++) {
		rc = dt_cpu_mpidr(b, i, &mpidr);
		FUZZ_CHECK(rc == 0 || rc == -1, "cpu %d: rc %d", i, rc);
		FUZZ_CHECK(!rc == (i >= 0 && i < cpus && mpidr != UINT64_MAX), "cpu %d of %d: rc %d", i, cpus, rc);
		if (!rc)
			FUZZ_CHECK(blob_holds(b, size, mpidr, 2), "cpu %d: MPIDR 0x%llx not in the blob", i,
				   (unsigned long long)mpidr);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *blob = fz_dup(data, size), *copy = fz_dup(data, size);
	const char *why = NULL;

	if (dt_check(blob, size, &why)) {
		FUZZ_CHECK(why && why[0], "refused without a reason");
	} else {
		check_accessors(blob, size);
		FUZZ_CHECK(!memcmp(blob, copy, size), "an accessor wrote to the blob");
	}
	free(blob);
	free(copy);
	return 0;
}
