/* SPDX-License-Identifier: MIT */
/* Start/error/end lines of the UART protocol and the final exit. */
#include <stdarg.h>
#include <stdio.h>
#include "selftest/report.h"
#include "lib/platform.h"

static bool tap, started;

void report_set_tap(bool t)
{
	tap = t;
}

bool report_tap(void)
{
	return tap;
}

bool report_started(void)
{
	return started;
}

const char *report_prefix(void)
{
	return tap ? "# " : "";
}

void report_start(const struct start_info *s)
{
	if (tap)
		printf("TAP version 14\n");
	printf("%shyptest: start arch=%s platform=%s el=%u cpus=%d seed=0x%lx pa=0x%lx va=0x%lx "
	       "class=%s size=0x%lx\n", report_prefix(), s->arch, s->platform, s->el, s->cpus,
	       (unsigned long)s->seed, (unsigned long)s->pa, (unsigned long)s->va, s->cls,
	       (unsigned long)s->size);
	started = true;
}

void report_mark_started(void)
{
	started = true;
}

void report_error(const char *fmt, ...)
{
	va_list ap;

	printf("hyptest: error: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (started) {
		printf("%sEXIT: STATUS=1\n", report_prefix());
		printf("%shyptest: end ERROR\n", report_prefix());
	}
	platform_exit(1);
}

#define EL1_REASON "entered at EL1; hyptest needs EL2 (QEMU: -M virt,virtualization=on)"

void report_el1_skip(void)
{
	if (tap)
		printf("1..1\nok 1 - boot.el2 # SKIP %s\n", EL1_REASON);
	else
		printf("SKIP: boot.el2: %s\n", EL1_REASON);
	printf("%sSUMMARY: 1 tests, 1 skipped\n", report_prefix());
	report_end(77);
}

void report_end(int status)
{
	const char *word = status == 0 ? "PASS" : status == 77 ? "SKIP" : "FAIL";

	printf("%sEXIT: STATUS=%d\n", report_prefix(), status);
	printf("%shyptest: end %s\n", report_prefix(), word);
	platform_exit(status);
}
