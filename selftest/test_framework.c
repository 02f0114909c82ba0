/* SPDX-License-Identifier: MIT */
/*
 * framework.*: tests that fail, skip, crash, overflow the stack or hang on
 * purpose, so the FAIL path, the status codes, recovery and the host
 * timeout are tested end to end. Not in the default set.
 */
#include "selftest/selftest.h"

TEST_FLAGS(framework, fail, TEST_NOT_DEFAULT)
{
	FAIL("deliberate failure");
}

TEST_FLAGS(framework, skip, TEST_NOT_DEFAULT)
{
	SKIP("deliberate skip");
}

TEST_FLAGS(framework, pass, TEST_NOT_DEFAULT)
{
	ASSERT_EQ(1 + 1, 2);
}

/* An unmapped read outside any probe: dump, FAIL, and the next test still runs. */
TEST_FLAGS(framework, crash, TEST_NOT_DEFAULT)
{
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)UINT64_C(0x7e0000000008);

	(void)*p;
	FAIL("read of an unmapped address did not fault");
}

static unsigned recurse(volatile unsigned n)
{
	volatile char pad[256];

	pad[0] = (char)n;
	if (n == 0xffffffffu)	/* never: the guard page is hit long before */
		return 0;
	return recurse(n + 1) + pad[0];
}

/* Runs off the main stack into its guard page: reported as a stack overflow. */
TEST_FLAGS(framework, stack_overflow, TEST_NOT_DEFAULT)
{
	(void)recurse(0);
	FAIL("recursion returned");
}

TEST_FLAGS(framework, hang, TEST_NOT_DEFAULT)
{
	for (;;)
		__asm__ __volatile__("wfe");
}
