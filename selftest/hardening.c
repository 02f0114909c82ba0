/* SPDX-License-Identifier: MIT */
/*
 * What the hypervisor does with a smashed stack canary or a UBSan report
 * (overriding the loader's defaults in lib/stackprot.c, lib/ubsan.c): the
 * running test FAILs with the report as its reason and the suite goes on,
 * as after an unexpected exception; outside a test the boot ends with one
 * error line. A secondary CPU cannot end CPU 0's test: it stops there, and
 * CPU 0's smp_call() reports that it did not answer.
 */
#include "selftest/hardening.h"
#include "selftest/report.h"
#include "selftest/selftest.h"
#include "lib/platform.h"
#include "lib/stackprot.h"
#include "lib/ubsan.h"
#include "mm/layout.h"
#include "traps/traps.h"

static struct jmp_ctx *volatile smash_expect;
uintptr_t smash_caught_ret;
volatile unsigned ubsan_secondary_reports;

void stackprot_expect(struct jmp_ctx *c)
{
	if (c)
		smash_caught_ret = 0;
	smash_expect = c;
}

void stack_smashed(uintptr_t ret)
{
	unsigned long off = (unsigned long)(ret - (uintptr_t)__image_start);
	struct jmp_ctx *c = smash_expect;

	if (!traps_on_boot_cpu())
		arch_halt();
	if (c) {
		smash_expect = NULL;
		smash_caught_ret = ret;
		jmp_restore(c, 1);
	}
	if (selftest_running())
		selftest_abandon("stack smashing detected: the canary of the frame returning to 0x%lx "
				 "(image+0x%lx) was overwritten", (unsigned long)ret, off);
	report_error("stack smashing detected: the canary of the frame returning to 0x%lx (image+0x%lx) "
		     "was overwritten", (unsigned long)ret, off);
}

/* The payload's boot path runs with the MMU off before its console exists. */
bool ubsan_defer_early(void)
{
	return true;
}

void ubsan_report(const char *what)
{
	if (!traps_on_boot_cpu()) {
		ubsan_secondary_reports++;
		return;
	}
	if (selftest_running())
		selftest_abandon("UBSan: %s", what);
	report_error("UBSan: %s (outside any test)", what);
}
