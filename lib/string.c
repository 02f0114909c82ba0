/* SPDX-License-Identifier: MIT */
/*
 * memset, memcpy and memcmp for the image, used instead of newlib-nano's: the -Os
 * newlib build has byte-at-a-time loops, which made clearing a guest's RAM
 * the most expensive step of a boot. These store 8 bytes at a time once the
 * destination is aligned, and never make an unaligned access: the loader and
 * head run them with the MMU off, where memory is Device and an unaligned
 * access faults (-mstrict-align keeps the compiler from adding any).
 */
#include <string.h>
#include "lib/compiler.h"

/* Keep GCC from turning the loops back into calls to these same functions. */
#define NO_LIB_CALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))

typedef uint64_t __attribute__((may_alias)) word_t;

NO_LIB_CALLS void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	uint64_t w = (uint8_t)c * UINT64_C(0x0101010101010101);

	while (n && ((uintptr_t)d & 7)) {
		*d++ = (uint8_t)c;
		n--;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(word_t *)(void *)d = w;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

NO_LIB_CALLS void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	/* Word copies only when both sides can be aligned together. */
	if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		while (n && ((uintptr_t)d & 7)) {
			*d++ = *s++;
			n--;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(word_t *)(void *)d = *(const word_t *)(const void *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

NO_LIB_CALLS int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *p = a, *q = b;

	/* Skip equal words when both sides are aligned; the bytes decide the sign. */
	if ((((uintptr_t)p | (uintptr_t)q) & 7) == 0)
		for (; n >= 8 && *(const word_t *)(const void *)p == *(const word_t *)(const void *)q;
		     n -= 8, p += 8, q += 8)
			;
	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}
