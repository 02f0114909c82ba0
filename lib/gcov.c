/* SPDX-License-Identifier: MIT */
/*
 * The gcov runtime of the coverage build (make COVERAGE=1, docs/coverage.md).
 * GCC's libgcov needs a hosted C library and does its work from
 * constructors and atexit(); this file is all the runtime the image needs.
 *
 * What the compiler provides (GCC 12, -fprofile-arcs -fprofile-info-section):
 * for each translation unit one struct gcov_info, and a pointer to it in the
 * section .gcov_info. The link scripts collect that section between
 * __gcov_info_start and __gcov_info_end, so no constructor has to run. The
 * counters are 64-bit words in .bss, incremented in place
 * (-fprofile-update=atomic: LDXR/STXR or LDREXD/STREXD loops, for SMP) and
 * addressed PC-relatively like all data (lib/hidden.h), so they count in
 * every alias the code runs in: MMU off at the PA, the temporary mapping,
 * the runtime VA. Only the gcov_info records hold pointers, and they are
 * read here, after relocation.
 *
 * coverage_flush() runs when the image leaves by semihosting
 * (platform_exit) and in the loader just before it enters the hypervisor.
 * It appends one dump to COVERAGE_FILE with semihosting
 * SYS_OPEN/SYS_WRITE/SYS_CLOSE: for each object, the path of its .gcda
 * file and that file's complete contents. tools/coverage splits the dumps,
 * adds up the counters of the same object (the loader and the hypervisor
 * link some of the same objects, and a matrix boots many times) and gives
 * the .gcda files to gcov and lcov.
 *
 * The stream, in little-endian 32-bit words (a string is its length in
 * bytes, NUL and padding to a multiple of 4 included, then the bytes):
 *   dump:   'HGCD' u32:1 string:image u32:n_objects object* end
 *   object: 'HGCO' string:gcda_path u32:gcda_bytes gcda_bytes*byte
 *   end:    'HGCE' u32:n_objects
 * A dump cut short (the image died while writing) has no end word, and
 * tools/coverage refuses it.
 *
 * A .gcda file as GCC 12's gcov reads it (the same words libgcov writes;
 * gcov-dump -l shows them), record lengths in bytes:
 *   'gcda' version stamp checksum
 *   0xa1000000 8 runs sum_max                    object summary
 *   per function:
 *     0x01000000 12 ident lineno_checksum cfg_checksum
 *     per counter kind k that the object uses:
 *       0x01a10000 + (k << 17)  8*n  n * (u32:low u32:high)
 * A function record of length 0 says "this function is not here".
 */
#include <stdio.h>
#include <string.h>
#include "lib/gcov.h"
#include "lib/platform.h"

/* GCC 12's counter kinds: arcs, interval, pow2, topn, indirect call, average, ior, time profile. */
#define GCOV_COUNTERS		8
#define GCOV_DATA_MAGIC		0x67636461u	/* "gcda" */
#define GCOV_TAG_FUNCTION	0x01000000u
#define GCOV_TAG_COUNTER_BASE	0x01a10000u
#define GCOV_TAG_OBJECT_SUMMARY	0xa1000000u
/* The version word is 4 characters: 'A' + tens of the major version, its units, the minor, a status. */
#define GCOV_VERSION_MAJOR(v)	(((((v) >> 24) & 0xff) - 'A') * 10 + ((((v) >> 16) & 0xff) - '0'))
#define GCOV_LAYOUT_MAJOR	12	/* the structures below are GCC 12's */

#define STREAM_DUMP		0x44434748u	/* "HGCD" in memory order */
#define STREAM_OBJECT		0x4f434748u	/* "HGCO" */
#define STREAM_END		0x45434748u	/* "HGCE" */
#define STREAM_VERSION		1

/*
 * The records GCC 12 emits for -fprofile-arcs, as its assembly output lays
 * them out on both arches (checked below by size, and on target by each
 * function's key pointing back at its object).
 */
struct gcov_info;
typedef void (*gcov_merge_fn)(uint64_t *counters, unsigned n);

struct gcov_ctr_info {
	uint32_t num;			/* counters of this kind in the function */
	uint64_t *values;
};

struct gcov_fn_info {
	const struct gcov_info *key;	/* the object the function belongs to */
	uint32_t ident;
	uint32_t lineno_checksum;
	uint32_t cfg_checksum;
	struct gcov_ctr_info ctrs[];	/* one per counter kind whose merge[] is set, in kind order */
};

struct gcov_info {
	uint32_t version;
	struct gcov_info *next;		/* libgcov's list of objects; unused */
	uint32_t stamp;			/* ties the .gcda to its .gcno */
	uint32_t checksum;
	const char *filename;		/* the .gcda path on the build host */
	gcov_merge_fn merge[GCOV_COUNTERS];	/* set for each counter kind the object uses */
	uint32_t n_functions;
	const struct gcov_fn_info *const *functions;
};

_Static_assert(sizeof(struct gcov_info) == (sizeof(void *) == 8 ? 112 : 60), "GCC 12 gcov_info layout");
_Static_assert(sizeof(struct gcov_fn_info) == (sizeof(void *) == 8 ? 24 : 16), "GCC 12 gcov_fn_info layout");

/* Collected by the link scripts (boot/image.lds.h, boot/<arch>/loader.lds). */
extern const struct gcov_info *const __gcov_info_start[], *const __gcov_info_end[];

/*
 * The merge function the compiler names for arc counters. Counts are merged
 * on the host (tools/coverage), so it is never called; its address only
 * marks the counter kind as used.
 */
void __gcov_merge_add(uint64_t *counters, unsigned n);
void __gcov_merge_add(uint64_t *counters, unsigned n)
{
	(void)counters;
	(void)n;
}

static struct {
	intptr_t handle;
	size_t fill;
	bool failed;
	uint8_t buf[4096] __aligned(8);
} out;

static void out_flush(void)
{
	uintptr_t block[3] = { (uintptr_t)out.handle, (uintptr_t)out.buf, out.fill };

	/* SYS_WRITE returns the number of bytes not written. */
	if (out.fill && !out.failed && arch_semihost_call(SEMIHOST_SYS_WRITE, block) != 0)
		out.failed = true;
	out.fill = 0;
}

static void put32(uint32_t v)
{
	if (out.fill + 4 > sizeof(out.buf))
		out_flush();
	for (unsigned i = 0; i < 4; i++)
		out.buf[out.fill++] = (uint8_t)(v >> (8 * i));
}

static void put_string(const char *s)
{
	size_t len = strlen(s) + 1, padded = ALIGN_UP(len, 4);
	uint32_t w = 0;

	put32((uint32_t)padded);
	for (size_t i = 0; i < padded; i++) {
		w |= (uint32_t)(i < len ? (uint8_t)s[i] : 0) << (8 * (i % 4));
		if (i % 4 == 3) {
			put32(w);
			w = 0;
		}
	}
}

static unsigned kinds_used(const struct gcov_info *gi)
{
	unsigned n = 0;

	for (unsigned k = 0; k < GCOV_COUNTERS; k++)
		n += gi->merge[k] != NULL;
	return n;
}

/* Whether a function's record is this object's (a function record of another object is left out). */
static bool fn_here(const struct gcov_info *gi, const struct gcov_fn_info *fn)
{
	return fn && fn->key == gi;
}

/* A gcov_info that is not what this file was written for: the reason, else NULL. */
static const char *info_problem(const struct gcov_info *gi)
{
	unsigned here = 0;

	if (GCOV_VERSION_MAJOR(gi->version) != GCOV_LAYOUT_MAJOR)
		return "not GCC 12's gcov data (version word differs)";
	if (!gi->filename || !gi->merge[0] || (!gi->functions && gi->n_functions))
		return "no file name, no arc counters or no function table";
	for (uint32_t f = 0; f < gi->n_functions; f++)
		here += fn_here(gi, gi->functions[f]);
	if (gi->n_functions && !here)
		return "no function points back at its object (layout differs)";
	return NULL;
}

/* The bytes of one object's .gcda (see the top of the file); its length does not depend on the counts. */
static uint32_t gcda_bytes(const struct gcov_info *gi)
{
	uint32_t n = 4 * 4 + 4 * 4;
	unsigned kinds = kinds_used(gi);

	for (uint32_t f = 0; f < gi->n_functions; f++) {
		const struct gcov_fn_info *fn = gi->functions[f];

		n += 2 * 4;
		if (!fn_here(gi, fn))
			continue;
		n += 3 * 4;
		for (unsigned c = 0; c < kinds; c++)
			n += 2 * 4 + fn->ctrs[c].num * 8;
	}
	return n;
}

static void put_gcda(const struct gcov_info *gi)
{
	unsigned kinds = kinds_used(gi);
	uint64_t max = 0;

	for (uint32_t f = 0; f < gi->n_functions; f++) {
		const struct gcov_fn_info *fn = gi->functions[f];

		for (unsigned c = 0; fn_here(gi, fn) && c < kinds; c++)
			for (uint32_t i = 0; i < fn->ctrs[c].num; i++)
				max = MAX(max, READ_ONCE(fn->ctrs[c].values[i]));
	}
	put32(GCOV_DATA_MAGIC);
	put32(gi->version);
	put32(gi->stamp);
	put32(gi->checksum);
	put32(GCOV_TAG_OBJECT_SUMMARY);
	put32(2 * 4);
	put32(1);					/* runs */
	put32(max > UINT32_MAX ? UINT32_MAX : (uint32_t)max);	/* sum_max */
	for (uint32_t f = 0; f < gi->n_functions; f++) {
		const struct gcov_fn_info *fn = gi->functions[f];
		unsigned c = 0;

		put32(GCOV_TAG_FUNCTION);
		if (!fn_here(gi, fn)) {
			put32(0);
			continue;
		}
		put32(3 * 4);
		put32(fn->ident);
		put32(fn->lineno_checksum);
		put32(fn->cfg_checksum);
		for (unsigned k = 0; k < GCOV_COUNTERS; k++) {
			if (!gi->merge[k])
				continue;
			put32(GCOV_TAG_COUNTER_BASE + ((uint32_t)k << 17));
			put32(fn->ctrs[c].num * 8);
			for (uint32_t i = 0; i < fn->ctrs[c].num; i++) {
				/* Another CPU may still count: one single-copy-atomic read of each. */
				uint64_t v = READ_ONCE(fn->ctrs[c].values[i]);

				put32((uint32_t)v);
				put32((uint32_t)(v >> 32));
			}
			c++;
		}
	}
}

void coverage_flush(void)
{
	static bool done;
	const char *name = COVERAGE_FILE;
	uintptr_t open_block[3] = { (uintptr_t)name, SEMIHOST_OPEN_MODE_AB, strlen(name) };
	uintptr_t close_block[1], seek_block[2];
	uint32_t n = (uint32_t)(__gcov_info_end - __gcov_info_start);

	/* Once: an exception while writing ends in platform_exit again. */
	if (__atomic_exchange_n(&done, true, __ATOMIC_ACQ_REL))
		return;
	for (uint32_t i = 0; i < n; i++) {
		const char *why = info_problem(__gcov_info_start[i]);

		if (why) {
			printf("# coverage: error: %s: object %u: %s; nothing written\n", coverage_image,
			       (unsigned)i, why);
			return;
		}
	}
	out.handle = arch_semihost_call(SEMIHOST_SYS_OPEN, open_block);
	if (out.handle == -1) {
		printf("# coverage: error: %s: semihosting cannot open %s\n", coverage_image, name);
		return;
	}
	/*
	 * Mode "ab" should append, but QEMU 7.2 opens it without O_APPEND
	 * (strace: O_WRONLY|O_CREAT), so the hypervisor's dump would overwrite
	 * the loader's: seek to the end first.
	 */
	seek_block[0] = (uintptr_t)out.handle;
	seek_block[1] = (uintptr_t)arch_semihost_call(SEMIHOST_SYS_FLEN, seek_block);
	if ((intptr_t)seek_block[1] < 0 || arch_semihost_call(SEMIHOST_SYS_SEEK, seek_block) != 0)
		out.failed = true;
	if (!out.failed) {
		put32(STREAM_DUMP);
		put32(STREAM_VERSION);
		put_string(coverage_image);
		put32(n);
		for (uint32_t i = 0; i < n; i++) {
			const struct gcov_info *gi = __gcov_info_start[i];

			put32(STREAM_OBJECT);
			put_string(gi->filename);
			put32(gcda_bytes(gi));
			put_gcda(gi);
		}
		put32(STREAM_END);
		put32(n);
		out_flush();
	}
	close_block[0] = (uintptr_t)out.handle;
	arch_semihost_call(SEMIHOST_SYS_CLOSE, close_block);
	if (out.failed)
		printf("# coverage: error: %s: semihosting could not seek in or write all of %s\n",
		       coverage_image, name);
}

void coverage_announce(bool semihosting)
{
	unsigned long arcs = 0;
	uint32_t n = (uint32_t)(__gcov_info_end - __gcov_info_start);

	for (uint32_t i = 0; i < n; i++) {
		const struct gcov_info *gi = __gcov_info_start[i];

		if (info_problem(gi))
			continue;	/* coverage_flush() says so */
		for (uint32_t f = 0; f < gi->n_functions; f++)
			if (fn_here(gi, gi->functions[f]))
				arcs += gi->functions[f]->ctrs[0].num;
	}
	printf("# coverage: gcov counters for %u objects (%lu arcs) in the %s; %s\n", (unsigned)n, arcs,
	       coverage_image, semihosting ? "written to " COVERAGE_FILE " at exit (semihosting)" :
	       "not written: exit= is not semihost");
}
