/* SPDX-License-Identifier: MIT */
/*
 * framework.*: tests that fail, skip, crash, overflow the stack or hang on
 * purpose, so the FAIL path, the status codes, recovery and the host
 * timeout are tested end to end. Negative controls (TEST_NEGATIVE): run
 * only when tests= names them with their group (framework.*, framework.hang),
 * never by a glob alone (tests=* is the real suite).
 */
#include "selftest/selftest.h"
#include "boot/smp.h"
#include "traps/traps.h"
#include "mm/runtime.h"
#include "mm/va_layout.h"

TEST_FLAGS(framework, fail, TEST_NEGATIVE)
{
	FAIL("deliberate failure");
}

TEST_FLAGS(framework, skip, TEST_NEGATIVE)
{
	SKIP("deliberate skip");
}

TEST_FLAGS(framework, pass, TEST_NEGATIVE)
{
	ASSERT_EQ(1 + 1, 2);
}

/* An unmapped read outside any probe: dump, FAIL, and the next test still runs. */
TEST_FLAGS(framework, crash, TEST_NEGATIVE)
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
TEST_FLAGS(framework, stack_overflow, TEST_NEGATIVE)
{
	(void)recurse(0);
	FAIL("recursion returned");
}

TEST_FLAGS(framework, hang, TEST_NEGATIVE)
{
	for (;;)
		__asm__ __volatile__("wfe");
}

static void read_unmapped(void *arg)
{
	(void)arg;
	(void)*(volatile uint64_t *)(uintptr_t)(UNMAPPED_BASE + 16);
}

/* Run fn on CPU 1, which must take an exception and park (SKIP without a CPU 1). */
static void cpu1_must_fault(void (*fn)(void *), const char *what)
{
	if (smp.started < 2)
		SKIP("needs 2 CPUs (%u online)", smp.started);
	if (smp_call(1, fn, NULL) == 0)
		FAIL("CPU 1 %s and answered", what);
	if (!secondary_fault.hit)
		FAIL("CPU 1 did not answer, and no exception was recorded");
}

/* An exception on CPU 1 parks it and FAILs the test that asked it to work; CPU 0 goes on. */
TEST_FLAGS(framework, secondary_crash, TEST_NEGATIVE)
{
	cpu1_must_fault(read_unmapped, "read an unmapped address");
	FAIL("CPU 1 took an exception (esr 0x%lx far 0x%lx) and stopped", (unsigned long)secondary_fault.esr,
	     (unsigned long)secondary_fault.far);
}

static void overflow_on_cpu(void *arg)
{
	(void)arg;
	(void)recurse(0);
}

/*
 * CPU 1 runs off its stack: the guard page below it faults, the exception
 * is taken on CPU 1's own exception stack (which has a guard of its own),
 * recorded, and CPU 1 parks; CPU 0 reports it.
 */
TEST_FLAGS(framework, secondary_stack_overflow, TEST_NEGATIVE)
{
	uint64_t lo, hi;

	cpu1_must_fault(overflow_on_cpu, "recursed without end");
	mm_secondary_stack(1, &lo, &hi);
	if (secondary_fault.far >= lo - PAGE_SIZE && secondary_fault.far < lo)
		FAIL("CPU 1: stack overflow into the guard page (far=0x%lx, stack [0x%lx, 0x%lx))",
		     (unsigned long)secondary_fault.far, (unsigned long)lo, (unsigned long)hi);
	FAIL("CPU 1 took an exception outside its guard page (esr 0x%lx far 0x%lx)",
	     (unsigned long)secondary_fault.esr, (unsigned long)secondary_fault.far);
}
