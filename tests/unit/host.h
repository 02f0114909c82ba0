/* SPDX-License-Identifier: MIT */
/* What several host unit tests share: a seeded splitmix64, and the test DTBs read from DTB_DIR. Include after cmocka.h. */
#ifndef HYPTEST_TESTS_HOST_H
#define HYPTEST_TESTS_HOST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <libfdt.h>

/* splitmix64: the next number of the sequence *state steps through. */
static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* dir/name.dtb, whole, in a heap block of exactly its size (ASan sees any overrun); a valid header. */
static inline void *dtb_load(const char *dir, const char *name, size_t *sizep)
{
	char path[4096];
	FILE *f;
	long n;
	void *buf;

	snprintf(path, sizeof(path), "%s/%s.dtb", dir, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (is DTB_DIR right?)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	assert_int_equal(fdt_check_header(buf), 0);
	assert_int_equal((size_t)fdt_totalsize(buf), (size_t)n);
	if (sizep)
		*sizep = (size_t)n;
	return buf;
}

/* Where the test DTBs are: argv[1], else $DTB_DIR; NULL (after a usage line) if neither. */
static inline const char *dtb_dir_arg(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("DTB_DIR");

	if (dir && *dir)
		return dir;
	fprintf(stderr, "usage: %s DTB_DIR (or set DTB_DIR)\n", argv[0]);
	return NULL;
}

#endif
