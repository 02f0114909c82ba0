/* SPDX-License-Identifier: MIT */
/*
 * The self-test framework: TEST(suite, name) registers a const descriptor in
 * a sorted linker section; ids are "suite.name" with '_' shown as '-'.
 */
#ifndef HYPTEST_SELFTEST_H
#define HYPTEST_SELFTEST_H

#include "lib/compiler.h"

#define TEST_NOT_DEFAULT	(1u << 0)	/* runs only when a tests= pattern matches it (bench.*) */
#define TEST_EARLY		(1u << 1)	/* runs before the secondary CPUs start */
#define TEST_FINAL		(1u << 2)	/* runs after all the others (e.g. to time them) */
/*
 * A negative control (framework.*: fails, skips, crashes, overflows or hangs
 * on purpose). Never in the default set, and a glob alone never selects it
 * (tests=* means the real suite): only a pattern that spells out its group
 * does, e.g. framework.* or framework.hang (test_selected()).
 */
#define TEST_NEGATIVE		(1u << 3)

struct selftest {
	const char *id;		/* as written: "boot.identity_removed" */
	void (*fn)(void);
	uint32_t flags;
	uint32_t timeout_ms;	/* the watchdog's limit if longer than the default, else 0 */
};

/* A test that needs more than the watchdog's default time declares its limit. */
#define TEST_LIMIT(suite, name, fl, ms)                                       \
	static void test_##suite##_##name(void);                             \
	static const struct selftest selftest_##suite##_##name               \
		__used __section(".selftests." #suite "." #name) __aligned(8) = { \
		.id = #suite "." #name, .fn = test_##suite##_##name, .flags = (fl), \
		.timeout_ms = (ms)                                            \
	};                                                                    \
	static void test_##suite##_##name(void)

#define TEST_FLAGS(suite, name, fl) TEST_LIMIT(suite, name, fl, 0)
#define TEST(suite, name) TEST_FLAGS(suite, name, 0)

/* End the running test with FAIL (reason prefixed with file:line unless file is NULL) or SKIP. */
void selftest_fail(const char *file, int line, const char *fmt, ...) __printf(3, 4) __noreturn;
void selftest_skip(const char *fmt, ...) __printf(1, 2) __noreturn;
/* End the running test with FAIL and exactly this reason (the watchdog, UBSan, the stack protector). */
#define selftest_abandon(...) selftest_fail(NULL, 0, __VA_ARGS__)
/* A detail for the running test's PASS line ("PASS: <id>: <note>"; TAP: "# <note>"). */
void selftest_note(const char *fmt, ...) __printf(1, 2);
/* Informational line under the running test ("# ..."). */
void selftest_info(const char *fmt, ...) __printf(1, 2);

#define FAIL(...) selftest_fail(__FILE__, __LINE__, __VA_ARGS__)
#define SKIP(...) selftest_skip(__VA_ARGS__)

#define ASSERT_TRUE(c) do {                                                   \
	if (!(c))                                                             \
		selftest_fail(__FILE__, __LINE__, "%s is false", #c);         \
} while (0)

#define ASSERT_EQ(actual, want) do {                                          \
	uint64_t a_ = (uint64_t)(actual), w_ = (uint64_t)(want);              \
	if (a_ != w_)                                                         \
		selftest_fail(__FILE__, __LINE__, "%s: want 0x%lx, got 0x%lx", \
			      #actual, (unsigned long)w_, (unsigned long)a_); \
} while (0)

#define ASSERT_NE(actual, bad) do {                                           \
	uint64_t a_ = (uint64_t)(actual), b_ = (uint64_t)(bad);               \
	if (a_ == b_)                                                         \
		selftest_fail(__FILE__, __LINE__, "%s: must not be 0x%lx",    \
			      #actual, (unsigned long)b_);                    \
} while (0)

#define ASSERT_STREQ(actual, want) do {                                       \
	const char *a_ = (actual), *w_ = (want);                              \
	if (strcmp(a_, w_))                                                   \
		selftest_fail(__FILE__, __LINE__, "%s: want \"%s\", got \"%s\"", \
			      #actual, w_, a_);                               \
} while (0)

/* --- arch-neutral selection logic (selftest/select.c, host-tested) --- */

/* Shell-style match of s against pat[0..plen): '*' any run, '?' one char. */
bool glob_match(const char *pat, size_t plen, const char *s);
/* Ids: "suite.name", [a-z0-9-] words separated by one '.', at most 63 chars. */
bool test_id_valid(const char *id);
/* Copy a descriptor id to its displayed form ('_' -> '-'). */
void test_id_display(const char *raw, char *out, size_t outlen);
/*
 * Does the pattern pat[0..plen) select the test id with these TEST_* flags?
 * It must match id; for a negative control (TEST_NEGATIVE) its group, the
 * text up to the first '.', must also be written out: "framework.*" and
 * "framework.hang" select framework.hang, "*", "*.*" and "*.hang" do not.
 */
bool pattern_selects(const char *pat, size_t plen, const char *id, uint32_t flags);
/*
 * Is id (with its TEST_* flags) selected by spec (comma-separated patterns,
 * '!' excludes whatever it matches)? NULL spec or no positive pattern: the
 * default set (not TEST_NOT_DEFAULT, not TEST_NEGATIVE), minus exclusions.
 */
bool test_selected(const char *spec, const char *id, uint32_t flags);
/*
 * Check a spec: each positive pattern must select some test (ids[i] with
 * flags[i]). Returns the first that does not, or NULL.
 */
const char *select_check(const char *spec, const char *const *ids, const uint32_t *flags, size_t n,
			 size_t *badlen);

/* What the BBM auditor saw (first violation, and how many). */
struct bbm_audit {
	unsigned count;
	uint64_t old, val;
	int level;
};
extern struct bbm_audit bbm_audit;

/* --- the runner --- */
struct run_config {
	const char *spec;	/* tests=, or NULL */
	bool tap;
	void (*between)(void);	/* after the TEST_EARLY tests: start the secondary CPUs */
};
int selftest_count(const struct run_config *rc);
/* Runs the selection, prints results and SUMMARY; returns the exit status (0/1/77). */
int selftest_run(const struct run_config *rc);
/* tests=list. */
void selftest_list(void);
/* Tests that have finished so far in this boot. */
unsigned selftest_ran_count(void);
/* True while a test runs (the trap handler can then abandon it). */
bool selftest_running(void);
/* Record a FAIL for the running test from the trap handler. */
void selftest_fail_from_trap(const char *reason);

#endif
