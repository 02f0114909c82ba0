/* SPDX-License-Identifier: MIT */
/*
 * Hardening of the image: the stack protector is in every protected frame
 * with a seeded canary and a smashed canary is caught (lib.stack-protector);
 * framework.stack-smash and framework.ubsan show what a real one looks like
 * (a FAIL of that test, and the suite goes on). Stack overflows into the
 * guard pages are framework.stack-overflow and
 * framework.secondary-stack-overflow; W^X is boot.wx.
 */
#include <string.h>
#include "selftest/selftest.h"
#include "selftest/hardening.h"
#include "lib/stackprot.h"
#include "mm/layout.h"

#define SCAN_WORDS	16

/*
 * A protected frame (a local array) that overwrites its own canary and
 * nothing else: the canary is the first word above the array holding the
 * guard's value. Returns false (and returns normally) if there is none: the
 * function was not instrumented. The scan reads past the array on purpose:
 * its pointer is laundered through an empty asm, so neither the compiler's
 * bounds warnings nor UBSan's bounds checks take it for an array index.
 */
static __attribute__((noinline)) bool smash_own_canary(void)
{
	uintptr_t buf[4], p = (uintptr_t)buf;
	volatile uintptr_t *w;

	__asm__("" : "+r"(p));
	w = (volatile uintptr_t *)p;
	memset(buf, 0, sizeof(buf));
	for (unsigned i = ARRAY_SIZE(buf); i < ARRAY_SIZE(buf) + SCAN_WORDS; i++) {
		if (w[i] == __stack_chk_guard) {
			w[i] ^= 0x5a00;
			return true;
		}
	}
	return buf[0] != 0;
}

static struct jmp_ctx smash_ctx;
static volatile bool found;

TEST(lib, stack_protector)
{
	uint64_t off;

	if (__stack_chk_guard == STACK_GUARD_LINKED)
		FAIL("the canary still has its link-time value: the head code never seeded it");
	if (__stack_chk_guard & 0xff)
		FAIL("the canary 0x%lx has no terminator byte", (unsigned long)__stack_chk_guard);
	found = false;
	stackprot_expect(&smash_ctx);
	if (jmp_save(&smash_ctx) == 0) {
		found = smash_own_canary();
		stackprot_expect(NULL);
		if (!found)
			FAIL("a frame with a local array has no canary above it (built without "
			     "-fstack-protector-strong?)");
		FAIL("an overwritten canary was not detected on return");
	}
	stackprot_expect(NULL);
	/* Caught in smash_own_canary's epilogue: the return address is inside the image's text. */
	off = smash_caught_ret - (uint64_t)(uintptr_t)__image_start;
	if (off >= (uint64_t)(__text_end - __image_start))
		FAIL("the report names 0x%lx, outside the image's text", (unsigned long)smash_caught_ret);
	selftest_note("canary from %s; an overwritten one was caught returning to image+0x%lx",
		      stack_guard_describe(), (unsigned long)off);
}

/* The same smash with nobody expecting it: a FAIL of this test, and the next test runs. */
TEST_FLAGS(framework, stack_smash, TEST_NEGATIVE)
{
	if (!smash_own_canary())
		FAIL("no canary found to overwrite (built without -fstack-protector-strong?)");
	FAIL("an overwritten canary was not detected on return");
}

/* Deliberate undefined behaviour: a signed overflow the compiler cannot see coming. */
TEST_FLAGS(framework, ubsan, TEST_NEGATIVE)
{
#ifdef HYPTEST_UBSAN
	volatile int big = 0x7fffffff, one = 1;
	int sum = big + one;

	FAIL("INT_MAX + 1 = %d went unreported", sum);
#else
	SKIP("not a UBSan build (make UBSAN=1)");
#endif
}
