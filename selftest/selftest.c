/* SPDX-License-Identifier: MIT */
/*
 * The test runner: walks the sorted descriptor section, runs the selected
 * tests one by one, each under a jump context that the trap handler and the
 * assertion helpers use to abandon it, and prints one result line per test.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "selftest/selftest.h"
#include "selftest/report.h"
#include "lib/console.h"
#include "lib/jmp.h"
#include "traps/watchdog.h"
#include "selftest/hardening.h"

extern const struct selftest __selftests_start[], __selftests_end[];

enum result { RES_PASS, RES_FAIL, RES_SKIP };

/* Used by vectors.S (trap_abort_landing) to leave a test from an exception. */
struct jmp_ctx selftest_abort_ctx;

static const struct selftest *volatile current;
static volatile enum result result;
static char reason[200];
static char note[160];	/* shown on the PASS line: "PASS: <id>: <note>" */

#define ID_MAX 64

static bool selected(const struct run_config *rc, const struct selftest *t, char *id)
{
	test_id_display(t->id, id, ID_MAX);
	return test_selected(rc->spec, id, t->flags);
}

int selftest_count(const struct run_config *rc)
{
	char id[ID_MAX];
	int n = 0;

	for (const struct selftest *t = __selftests_start; t < __selftests_end; t++)
		n += selected(rc, t, id);
	return n;
}

bool selftest_running(void)
{
	return current != NULL;
}

static void set_reason(const char *prefix, const char *fmt, va_list ap)
{
	size_t n = (size_t)snprintf(reason, sizeof(reason), "%s", prefix);

	if (n < sizeof(reason))
		vsnprintf(reason + n, sizeof(reason) - n, fmt, ap);
	/* A reason is one line: no newline may break the protocol. */
	for (char *p = reason; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

void selftest_fail(const char *file, int line, const char *fmt, ...)
{
	char where[96] = "";
	va_list ap;

	if (file)
		snprintf(where, sizeof(where), "%s:%d: ", file, line);
	va_start(ap, fmt);
	set_reason(where, fmt, ap);
	va_end(ap);
	result = RES_FAIL;
	jmp_restore(&selftest_abort_ctx, 1);
}

void selftest_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_reason("", fmt, ap);
	va_end(ap);
	result = RES_SKIP;
	jmp_restore(&selftest_abort_ctx, 1);
}

static void set_reason_str(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_reason("", fmt, ap);
	va_end(ap);
}

void selftest_fail_from_trap(const char *why)
{
	set_reason_str("%s", why);
	result = RES_FAIL;
}

void selftest_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(note, sizeof(note), fmt, ap);
	va_end(ap);
}

void selftest_info(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void print_result(unsigned n, const char *id)
{
	if (report_tap()) {
		if (result == RES_PASS && note[0])
			printf("ok %u - %s # %s\n", n, id, note);
		else if (result == RES_PASS)
			printf("ok %u - %s\n", n, id);
		else if (result == RES_SKIP)
			printf("ok %u - %s # SKIP %s\n", n, id, reason);
		else
			printf("not ok %u - %s\n  ---\n  message: \"%s\"\n  ...\n", n, id, reason);
		return;
	}
	if (result == RES_PASS && note[0])
		printf("PASS: %s: %s\n", id, note);
	else if (result == RES_PASS)
		printf("PASS: %s\n", id);
	else
		printf("%s: %s: %s\n", result == RES_FAIL ? "FAIL" : "SKIP", id, reason);
}

static unsigned failed, skipped, ran, audit_before, ubsan_before;
/* The watchdog's limit for t: its own if it declares a longer one; 0 when watchdog=0. */
static unsigned limit_of(const struct selftest *t)
{
	if (!watchdog.default_ms)
		return 0;
	return MAX(watchdog.default_ms, t->timeout_ms);
}

enum phase { PHASE_EARLY, PHASE_MAIN, PHASE_FINAL };

static enum phase phase_of(const struct selftest *t)
{
	return t->flags & TEST_EARLY ? PHASE_EARLY : t->flags & TEST_FINAL ? PHASE_FINAL : PHASE_MAIN;
}

unsigned selftest_ran_count(void)
{
	return ran;
}

/* Run the selected tests of one phase: TEST_EARLY ones, the rest, TEST_FINAL ones. */
static void run_phase(const struct run_config *rc, enum phase phase)
{
	static const struct selftest *t;
	static char id[ID_MAX];

	for (t = __selftests_start; t < __selftests_end; t++) {
		if (phase_of(t) != phase || !selected(rc, t, id))
			continue;
		reason[0] = 0;
		note[0] = 0;
		result = RES_PASS;
		current = t;
		audit_before = bbm_audit.count;
		ubsan_before = ubsan_secondary_reports;
		/* Locals are not trusted after a jump back here: all state is static. */
		if (jmp_save(&selftest_abort_ctx) == 0) {
			watchdog_start(limit_of(t));
			t->fn();
		}
		/* However the test ended: IRQs masked, timer off, no capture left running. */
		watchdog_stop();
		console_capture_stop();
		current = NULL;
		/* A test abandoned in the middle of a line: the result starts on its own. */
		if (!console_at_line_start())
			printf("\n");
		if (bbm_audit.count != audit_before && result != RES_FAIL) {
			set_reason_str("BBM auditor: a valid level-%d entry 0x%lx was replaced by 0x%lx "
				       "without a break (%u times)", bbm_audit.level, (unsigned long)bbm_audit.old,
				       (unsigned long)bbm_audit.val, bbm_audit.count - audit_before);
			result = RES_FAIL;
		}
		if (ubsan_secondary_reports != ubsan_before && result != RES_FAIL) {
			set_reason_str("UBSan: %u report(s) on a secondary CPU while the test ran",
				       ubsan_secondary_reports - ubsan_before);
			result = RES_FAIL;
		}
		ran++;
		failed += result == RES_FAIL;
		skipped += result == RES_SKIP;
		print_result(ran, id);
	}
}

int selftest_run(const struct run_config *rc)
{
	if (report_tap())
		printf("1..%d\n", selftest_count(rc));
	run_phase(rc, PHASE_EARLY);
	if (rc->between)
		rc->between();
	run_phase(rc, PHASE_MAIN);
	run_phase(rc, PHASE_FINAL);
	printf("%sSUMMARY: %u tests", report_prefix(), ran);
	if (failed)
		printf(", %u failed", failed);
	if (skipped)
		printf(", %u skipped", skipped);
	printf("\n");
	if (failed)
		return 1;
	if (ran == 0 || skipped == ran)
		return 77;
	return 0;
}

void selftest_list(void)
{
	char id[ID_MAX];

	for (const struct selftest *t = __selftests_start; t < __selftests_end; t++) {
		test_id_display(t->id, id, sizeof(id));
		printf("hyptest: test %s%s\n", id, t->flags & TEST_NEGATIVE ? " (negative control)" : "");
	}
}

/*
 * The BBM auditor's report (mm/pgtable.c calls it on every valid -> valid
 * descriptor store). It runs inside table updates, possibly with the MMU
 * off, so it only records; the runner turns a violation during a test into
 * that test's FAIL, and boot.* sees any from the boot path.
 */
struct bbm_audit bbm_audit;

void pt_bbm_violation(uint64_t old, uint64_t val, int level)
{
	bbm_audit.old = old;	/* the latest one */
	bbm_audit.val = val;
	bbm_audit.level = level;
	bbm_audit.count++;
}
