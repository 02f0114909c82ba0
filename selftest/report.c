/* SPDX-License-Identifier: MIT */
/* Start/error/end lines of the UART protocol and the final exit. */
#include <stdarg.h>
#include <stdio.h>
#include "selftest/report.h"
#include "lib/platform.h"

/*
 * TAP 13, not 14: the syntax printed is TAP 13's, and Debian 12's prove
 * (TAP::Harness 3.44) fails a stream that says 14.
 */
#define TAP_VERSION_LINE "TAP version 13\n"

static bool tap, started, header;

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

/* TAP mode: the version line comes first, once, whatever is printed next. */
static void tap_header(void)
{
	if (tap && !header) {
		printf(TAP_VERSION_LINE);
		header = true;
	}
}

const char *report_prefix(void)
{
	return tap ? "# " : "";
}

/*
 * v in hex without leading zeros, whatever the width of long: a seed is 64
 * bits on arm32 too, and newlib-nano's printf has no %llx.
 */
static const char *hex64(char buf[17], uint64_t v)
{
	int i = 16;

	buf[i] = 0;
	do {
		buf[--i] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	return buf + i;
}

void report_start(const struct start_info *s)
{
	char seed[17], pa[17], va[17], size[17];

	tap_header();
	printf("%shyptest: start arch=%s platform=%s el=%u cpus=%d seed=0x%s pa=0x%s va=0x%s "
	       "class=%s size=0x%s\n", report_prefix(), s->arch, s->platform, s->el, s->cpus,
	       hex64(seed, s->seed), hex64(pa, s->pa), hex64(va, s->va), s->cls, hex64(size, s->size));
	started = true;
}

void report_mark_started(void)
{
	started = header = true;
}

void report_error(const char *fmt, ...)
{
	va_list ap;

	/* TAP: "Bail out!" makes a TAP reader stop with the error as its reason. */
	tap_header();
	printf("%shyptest: error: ", tap ? "Bail out! " : "");
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
