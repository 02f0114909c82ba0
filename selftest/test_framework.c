/* SPDX-License-Identifier: MIT */
/*
 * framework.*: tests that fail, skip, crash, overflow the stack or hang on
 * purpose, so the FAIL path, the status codes, recovery and the host
 * timeout are tested end to end. Not in the default set.
 */
#include "selftest/selftest.h"
#include "boot/smp.h"
#include "traps/traps.h"
#include "mm/va_layout.h"

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
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)(UNMAPPED_BASE + 8);

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

static void read_unmapped(void *arg)
{
	(void)arg;
	(void)*(volatile uint64_t *)(uintptr_t)(UNMAPPED_BASE + 16);
}

/* An exception on CPU 1 parks it and FAILs the test that asked it to work; CPU 0 goes on. */
TEST_FLAGS(framework, secondary_crash, TEST_NOT_DEFAULT)
{
	if (smp.started < 2)
		SKIP("needs 2 CPUs (%u online)", smp.started);
	if (smp_call(1, read_unmapped, NULL) == 0)
		FAIL("CPU 1 read an unmapped address and answered");
	if (!secondary_fault.hit)
		FAIL("CPU 1 did not answer, and no exception was recorded");
	FAIL("CPU 1 took an exception (esr 0x%lx far 0x%lx) and stopped", (unsigned long)secondary_fault.esr,
	     (unsigned long)secondary_fault.far);
}
