/* SPDX-License-Identifier: MIT */
/* What every libFuzzer harness shares: the invariant check that aborts, and a reader that takes typed values from the input bytes. */
#ifndef HYPTEST_FUZZ_H
#define HYPTEST_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A broken invariant is a crash for libFuzzer: one line that says which
 * check and why, then abort() (libFuzzer saves the input as the artifact).
 */
#define FUZZ_CHECK(cond, ...)                                                         \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "fuzz: invariant violated at %s:%d: %s: ", __FILE__, \
				__LINE__, #cond);                                     \
			fprintf(stderr, __VA_ARGS__);                                 \
			fputc('\n', stderr);                                          \
			abort();                                                      \
		}                                                                     \
	} while (0)

/* The input seen as a stream of little-endian values; reads past the end give zeros. */
struct fz_in {
	const uint8_t *p;
	size_t left;
};

static inline uint64_t fz_bytes(struct fz_in *in, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++) {
		uint64_t b = 0;

		if (in->left) {
			b = *in->p++;
			in->left--;
		}
		v |= b << (8 * i);
	}
	return v;
}

static inline uint8_t fz_u8(struct fz_in *in)
{
	return (uint8_t)fz_bytes(in, 1);
}

static inline uint32_t fz_u32(struct fz_in *in)
{
	return (uint32_t)fz_bytes(in, 4);
}

static inline uint64_t fz_u64(struct fz_in *in)
{
	return fz_bytes(in, 8);
}

/* A value in [0, n) (0 when n is 0). */
static inline uint64_t fz_below(struct fz_in *in, uint64_t n)
{
	return n ? fz_u64(in) % n : 0;
}

/* A copy of the input on the heap with exactly n bytes, so ASan sees any access past it. */
static inline void *fz_dup(const void *data, size_t n)
{
	void *p = malloc(n ? n : 1);

	FUZZ_CHECK(p != NULL, "out of memory for %zu bytes", n);
	if (n)
		memcpy(p, data, n);
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
