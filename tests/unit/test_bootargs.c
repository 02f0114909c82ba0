/* SPDX-License-Identifier: MIT */
/* Host tests of lib/bootargs.c: bootargs_parse() and parse_u64(). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/bootargs.h"
#include "boot/placement.h"

/*
 * Parse a heap copy of s (so ASan sees any read past its NUL) into ba, with
 * an error buffer of exactly BOOTARGS_ERR_MAX bytes; err gets the message.
 */
static int parse(const char *s, struct bootargs *ba, char *err_out)
{
	char *copy = s ? strdup(s) : NULL;
	char *err = malloc(BOOTARGS_ERR_MAX);
	int rc;

	assert_true(!s || copy);
	assert_non_null(err);
	memset(err, 'X', BOOTARGS_ERR_MAX);
	rc = bootargs_parse(copy, ba, err, BOOTARGS_ERR_MAX);
	assert_non_null(memchr(err, 0, BOOTARGS_ERR_MAX));
	if (rc == 0)
		assert_string_equal(err, "");
	else
		assert_true(err[0] != 0);
	strcpy(err_out, err);
	free(err);
	free(copy);
	return rc;
}

static void expect_defaults(const struct bootargs *ba)
{
	assert_false(ba->has_seed);
	assert_true(ba->seed == 0);
	assert_false(ba->has_tests);
	assert_int_equal(ba->format, FORMAT_TEXT);
	assert_int_equal(ba->exit, BA_EXIT_DEFAULT);
	assert_int_equal(ba->cls, -1);
	assert_false(ba->has_pa);
	assert_false(ba->has_va);
}

static void expect_error(const char *s, const char *want)
{
	struct bootargs ba;
	char err[BOOTARGS_ERR_MAX];

	if (parse(s, &ba, err) != -1)
		fail_msg("\"%s\" parsed, want error \"%s\"", s, want);
	if (strcmp(err, want))
		fail_msg("\"%s\": error \"%s\", want \"%s\"", s, err, want);
}

static void test_null_and_empty(void **state)
{
	static const char *const empty[] = { "", " ", "   \t  ", "\n", "\r\n\t \t" };
	struct bootargs ba;
	char err[BOOTARGS_ERR_MAX];

	(void)state;
	memset(&ba, 0xff, sizeof(ba));
	assert_int_equal(parse(NULL, &ba, err), 0);
	expect_defaults(&ba);
	for (unsigned i = 0; i < ARRAY_SIZE(empty); i++) {
		memset(&ba, 0xff, sizeof(ba));
		assert_int_equal(parse(empty[i], &ba, err), 0);
		expect_defaults(&ba);
	}
	/* No error buffer at all. */
	assert_int_equal(bootargs_parse("", &ba, NULL, 0), 0);
}

static void test_seed(void **state)
{
	static const struct {
		const char *s;
		uint64_t v;
	} c[] = {
		{ "seed=0", 0 },
		{ "seed=0x0", 0 },
		{ "seed=42", 42 },
		{ "seed=0x1F", 0x1f },
		{ "seed=0XdeadBEEF", 0xdeadbeef },
		{ "seed=0x0123456789abcdef", UINT64_C(0x0123456789abcdef) },
		{ "seed=18446744073709551615", UINT64_MAX },
		{ "seed=0xffffffffffffffff", UINT64_MAX },
		{ "seed=0x00000000000000000000000001", 1 },
		{ "seed=000000000000000000000000000007", 7 },
	};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(c); i++) {
		struct bootargs ba;
		char err[BOOTARGS_ERR_MAX];

		if (parse(c[i].s, &ba, err))
			fail_msg("\"%s\": %s", c[i].s, err);
		assert_true(ba.has_seed);
		if (ba.seed != c[i].v)
			fail_msg("\"%s\": seed 0x%llx, want 0x%llx", c[i].s,
				 (unsigned long long)ba.seed, (unsigned long long)c[i].v);
	}
}

static void test_all_keys(void **state)
{
	struct bootargs ba;
	char err[BOOTARGS_ERR_MAX];

	(void)state;
	assert_int_equal(parse("seed=0x10 tests=boot.*,!boot.slow format=tap exit=semihost "
			       "class=shared-L1 pa=0x80000000 va=0x7f0000000000", &ba, err), 0);
	assert_int_equal(ba.cls, PC_SHARED_L1);
	assert_true(ba.has_pa && ba.pa == 0x80000000);
	assert_true(ba.has_va && ba.va == UINT64_C(0x7f0000000000));
	assert_true(ba.has_seed && ba.seed == 0x10);
	assert_true(ba.has_tests);
	assert_string_equal(ba.tests, "boot.*,!boot.slow");
	assert_int_equal(ba.format, FORMAT_TAP);
	assert_int_equal(ba.exit, BA_EXIT_SEMIHOST);

	assert_int_equal(parse("format=text exit=psci", &ba, err), 0);
	assert_false(ba.has_seed);
	assert_false(ba.has_tests);
	assert_int_equal(ba.format, FORMAT_TEXT);
	assert_int_equal(ba.exit, BA_EXIT_PSCI);

	assert_int_equal(parse("tests=list", &ba, err), 0);
	assert_string_equal(ba.tests, "list");
	assert_int_equal(ba.exit, BA_EXIT_DEFAULT);
}

static void test_whitespace(void **state)
{
	struct bootargs ba;
	char err[BOOTARGS_ERR_MAX];

	(void)state;
	assert_int_equal(parse("  \tseed=7\t\t tests=a.b   \n format=tap\r\nexit=psci \t ", &ba, err), 0);
	assert_true(ba.seed == 7);
	assert_string_equal(ba.tests, "a.b");
	assert_int_equal(ba.format, FORMAT_TAP);
	assert_int_equal(ba.exit, BA_EXIT_PSCI);
}

/* A lone "--": what precedes it is a firmware's, hyptest's bootargs follow it. */
static void test_separator(void **state)
{
	struct bootargs ba;
	char err[BOOTARGS_ERR_MAX];

	(void)state;
	assert_int_equal(parse("coherent_pool=1M 8250.nr_uarts=1 console=ttyS0,115200 -- seed=0x7 exit=psci", &ba,
			       err), 0);
	assert_true(ba.has_seed && ba.seed == 7);
	assert_int_equal(ba.exit, BA_EXIT_PSCI);
	assert_int_equal(parse("vc_mem.mem_base=0x3ec00000 --", &ba, err), 0);
	expect_defaults(&ba);
	assert_int_equal(parse("--seed=1 -- tests=a.b", &ba, err), 0);	/* "--seed=1" is no separator */
	assert_string_equal(ba.tests, "a.b");
	/* Only the first one separates; after it everything must be hyptest's. */
	expect_error("x=1 -- seed=1 -- y", "unknown bootarg '--'");
	expect_error("-- console=ttyAMA0", "unknown bootarg 'console'");
	expect_error("---", "unknown bootarg '---'");
}

static void test_unknown_key(void **state)
{
	(void)state;
	expect_error("tset=boot.*", "unknown bootarg 'tset'");
	expect_error("tset", "unknown bootarg 'tset'");
	expect_error("seed=1 tset=x", "unknown bootarg 'tset'");
	expect_error("Seed=1", "unknown bootarg 'Seed'");
	expect_error("see=1", "unknown bootarg 'see'");
	expect_error("seeds=1", "unknown bootarg 'seeds'");
	expect_error("=1", "unknown bootarg ''");
	expect_error("console=ttyAMA0", "unknown bootarg 'console'");
}

static void test_missing_value(void **state)
{
	(void)state;
	expect_error("seed", "bootarg 'seed' needs a value (seed=...)");
	expect_error("seed=", "bootarg 'seed' needs a value (seed=...)");
	expect_error("tests=", "bootarg 'tests' needs a value (tests=...)");
	expect_error("format", "bootarg 'format' needs a value (format=...)");
	expect_error("exit= format=tap", "bootarg 'exit' needs a value (exit=...)");
	/* The value is the next token only if there is no space in between: it is not. */
	expect_error("seed= 5", "bootarg 'seed' needs a value (seed=...)");
}

static void test_duplicate(void **state)
{
	(void)state;
	expect_error("seed=1 seed=2", "duplicate bootarg 'seed'");
	expect_error("format=tap format=tap", "duplicate bootarg 'format'");
	expect_error("exit=psci tests=a.b exit=semihost", "duplicate bootarg 'exit'");
	expect_error("tests=a.b tests=c.d", "duplicate bootarg 'tests'");
}

static void test_malformed_seed(void **state)
{
	static const char *const bad[] = {
		"0xzz", "0x", "0X", "0x10000000000000000", "18446744073709551616",
		"99999999999999999999", "-1", "+1", "1k", "0x1g", "0b101", "x10",
		"0x-1", "1.5",
	};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		struct bootargs ba;
		char s[64], want[BOOTARGS_ERR_MAX], err[BOOTARGS_ERR_MAX];

		snprintf(s, sizeof(s), "seed=%s", bad[i]);
		snprintf(want, sizeof(want), "malformed bootarg '%s': seed must be a 64-bit number", s);
		expect_error(s, want);
		assert_int_equal(parse(s, &ba, err), -1);
		assert_false(ba.has_seed);
	}
}

static void test_malformed_format_exit(void **state)
{
	(void)state;
	expect_error("format=json", "malformed bootarg 'format=json': format is text or tap");
	expect_error("format=TAP", "malformed bootarg 'format=TAP': format is text or tap");
	expect_error("format=ta", "malformed bootarg 'format=ta': format is text or tap");
	expect_error("format=taps", "malformed bootarg 'format=taps': format is text or tap");
	expect_error("exit=reboot", "malformed bootarg 'exit=reboot': exit is semihost or psci");
	expect_error("exit=psci=1", "malformed bootarg 'exit=psci=1': exit is semihost or psci");
	expect_error("exit=semi", "malformed bootarg 'exit=semi': exit is semihost or psci");
}

/* The first problem is the one reported. */
static void test_first_error_kept(void **state)
{
	(void)state;
	expect_error("tset=1 seed=0xzz", "unknown bootarg 'tset'");
	expect_error("seed=0xzz tset=1", "malformed bootarg 'seed=0xzz': seed must be a 64-bit number");
	expect_error("format=x exit=y", "malformed bootarg 'format=x': format is text or tap");
}

/* exit= counts even when another token is bad, before or after it. */
static void test_exit_honoured_on_error(void **state)
{
	static const struct {
		const char *s;
		enum ba_exit exit;
	} c[] = {
		{ "tset=1 exit=psci", BA_EXIT_PSCI },
		{ "exit=semihost seed=zz", BA_EXIT_SEMIHOST },
		{ "seed=zz exit=semihost format=bad", BA_EXIT_SEMIHOST },
		{ "seed seed=1 seed=2 exit=psci", BA_EXIT_PSCI },
		{ "format=tap format=text exit=psci", BA_EXIT_PSCI },
	};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(c); i++) {
		struct bootargs ba;
		char err[BOOTARGS_ERR_MAX];

		assert_int_equal(parse(c[i].s, &ba, err), -1);
		if (ba.exit != c[i].exit)
			fail_msg("\"%s\": exit %d, want %d", c[i].s, ba.exit, c[i].exit);
	}
}

/* class= takes the placement class names, as printed or with a lower-case l. */
static void test_class(void **state)
{
	static const struct {
		const char *s;
		int cls;
	} c[] = {
		{ "class=identical", PC_IDENTICAL }, { "class=disjoint", PC_DISJOINT },
		{ "class=shared-L0", PC_SHARED_L0 }, { "class=shared-l0", PC_SHARED_L0 },
		{ "class=shared-L1", PC_SHARED_L1 }, { "class=shared-l2", PC_SHARED_L2 },
		{ "class=overlap", PC_OVERLAP },
	};
	static const char *const bad[] = {
		"class=Identical", "class=shared", "class=shared-L3", "class=overlapping",
		"class=identica", "class=SHARED-L0", "class=shared-L00", "class=shared_L0",
		"class=0", "class=aaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(c); i++) {
		struct bootargs ba;
		char err[BOOTARGS_ERR_MAX];

		if (parse(c[i].s, &ba, err))
			fail_msg("\"%s\": %s", c[i].s, err);
		assert_int_equal(ba.cls, c[i].cls);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		struct bootargs ba;
		char want[BOOTARGS_ERR_MAX], err[BOOTARGS_ERR_MAX];

		snprintf(want, sizeof(want), "malformed bootarg '%s': class is one of identical, "
			 "disjoint, shared-L0, shared-L1, shared-L2, overlap", bad[i]);
		expect_error(bad[i], want);
		assert_int_equal(parse(bad[i], &ba, err), -1);
		assert_int_equal(ba.cls, -1);
	}
	expect_error("class=identical class=overlap", "duplicate bootarg 'class'");
	expect_error("class=", "bootarg 'class' needs a value (class=...)");
}

/* Even for the longest token quoted (64 bytes), the message fits BOOTARGS_ERR_MAX whole. */
static void test_error_messages_fit(void **state)
{
	static const char *const keys[] = { "seed", "pa", "va", "format", "exit", "class" };

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(keys); i++) {
		char s[128], err[BOOTARGS_ERR_MAX], full[512];
		struct bootargs ba;

		snprintf(s, sizeof(s), "%s=zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", keys[i]);
		assert_int_equal(parse(s, &ba, err), -1);
		/* The same message with room to spare. */
		assert_int_equal(bootargs_parse(s, &ba, full, sizeof(full)), -1);
		if (strlen(full) >= BOOTARGS_ERR_MAX)
			fail_msg("the message for a long %s= token is %zu bytes, more than BOOTARGS_ERR_MAX - 1 = %d: \"%s\"",
				 keys[i], strlen(full), BOOTARGS_ERR_MAX - 1, full);
		assert_string_equal(err, full);
	}
}

static void test_pa_va(void **state)
{
	struct bootargs ba;
	char err[BOOTARGS_ERR_MAX];

	(void)state;
	assert_int_equal(parse("pa=0x40200000 va=0xffff00001000", &ba, err), 0);
	assert_true(ba.has_pa && ba.pa == 0x40200000);
	assert_true(ba.has_va && ba.va == UINT64_C(0xffff00001000));
	assert_int_equal(parse("va=4096", &ba, err), 0);
	assert_false(ba.has_pa);
	assert_true(ba.has_va && ba.va == 4096);
	assert_int_equal(parse("pa=0", &ba, err), 0);
	assert_true(ba.has_pa && ba.pa == 0);
	expect_error("pa=0xzz", "malformed bootarg 'pa=0xzz': pa must be a 64-bit number");
	expect_error("va=0x10000000000000000",
		     "malformed bootarg 'va=0x10000000000000000': va must be a 64-bit number");
	expect_error("va=", "bootarg 'va' needs a value (va=...)");
	expect_error("pa=1 pa=2", "duplicate bootarg 'pa'");
	expect_error("PA=1", "unknown bootarg 'PA'");
	expect_error("vaa=1", "unknown bootarg 'vaa'");
	assert_int_equal(parse("pa=x exit=psci", &ba, err), -1);
	assert_false(ba.has_pa);
	assert_int_equal(ba.exit, BA_EXIT_PSCI);
}

static char *repeat(char ch, size_t n)
{
	char *s = malloc(n + 1);

	assert_non_null(s);
	memset(s, ch, n);
	s[n] = 0;
	return s;
}

/* tests= up to BOOTARGS_TESTS_MAX - 1 bytes; longer is an error, not an overflow. */
static void test_tests_length(void **state)
{
	char *s = malloc(4096 + 16), *v;
	struct bootargs ba;
	char err[BOOTARGS_ERR_MAX], want[BOOTARGS_ERR_MAX];

	(void)state;
	assert_non_null(s);
	v = repeat('a', BOOTARGS_TESTS_MAX - 1);
	snprintf(s, 4096 + 16, "tests=%s", v);
	assert_int_equal(parse(s, &ba, err), 0);
	assert_true(ba.has_tests);
	assert_string_equal(ba.tests, v);
	free(v);

	v = repeat('b', BOOTARGS_TESTS_MAX);
	snprintf(s, 4096 + 16, "exit=psci tests=%s", v);
	snprintf(want, sizeof(want), "bootarg 'tests' is %d bytes long, the limit is %d",
		 BOOTARGS_TESTS_MAX, BOOTARGS_TESTS_MAX - 1);
	expect_error(s, want);
	assert_int_equal(parse(s, &ba, err), -1);
	assert_false(ba.has_tests);
	assert_int_equal(ba.exit, BA_EXIT_PSCI);
	free(v);

	v = repeat('c', 4090);
	snprintf(s, 4096 + 16, "tests=%s", v);
	snprintf(want, sizeof(want), "bootarg 'tests' is %d bytes long, the limit is %d", 4090,
		 BOOTARGS_TESTS_MAX - 1);
	expect_error(s, want);
	free(v);
	free(s);
}

/* 4 KiB bootargs: long tokens, long runs of spaces; messages stay within the buffer. */
static void test_long_input(void **state)
{
	struct bootargs ba;
	char err[BOOTARGS_ERR_MAX], want[BOOTARGS_ERR_MAX];
	char *key = repeat('k', 4000), *digits = repeat('9', 4000), *spaces = repeat(' ', 4000);
	char *s = malloc(8192 + 64);

	(void)state;
	assert_non_null(s);
	/* An unknown 4000-byte key: named by its first 64 bytes. */
	snprintf(s, 8192, "%s=1 exit=psci", key);
	snprintf(want, sizeof(want), "unknown bootarg '%.64s'", key);
	expect_error(s, want);
	assert_int_equal(parse(s, &ba, err), -1);
	assert_int_equal(ba.exit, BA_EXIT_PSCI);
	assert_true(strlen(err) < BOOTARGS_ERR_MAX);

	/* A 4000-digit seed: overflow, quoted by its first 64 bytes. */
	snprintf(s, 8192, "seed=%s", digits);
	snprintf(want, sizeof(want), "malformed bootarg 'seed=%.59s': seed must be a 64-bit number",
		 digits);
	expect_error(s, want);

	/* Valid tokens separated by 4000 spaces. */
	snprintf(s, 8192, "%sexit=semihost%sformat=tap%s", spaces, spaces, spaces);
	assert_int_equal(parse(s, &ba, err), 0);
	assert_int_equal(ba.exit, BA_EXIT_SEMIHOST);
	assert_int_equal(ba.format, FORMAT_TAP);
	free(key);
	free(digits);
	free(spaces);
	free(s);
}

/* Small error buffers are filled to their size and terminated; none is fine too. */
static void test_small_err_buffer(void **state)
{
	struct bootargs ba;
	char *err = malloc(10);

	(void)state;
	assert_non_null(err);
	assert_int_equal(bootargs_parse("tset=1", &ba, err, 10), -1);
	assert_string_equal(err, "unknown b");
	assert_int_equal(bootargs_parse("tset=1 exit=psci", &ba, NULL, 0), -1);
	assert_int_equal(ba.exit, BA_EXIT_PSCI);
	free(err);
}

static bool u64(const char *s, size_t len, uint64_t *out)
{
	/* Exactly len bytes, no terminator: parse_u64 must not look further. */
	char *copy = malloc(len ? len : 1);
	bool ok;

	assert_non_null(copy);
	memcpy(copy, s, len);
	ok = parse_u64(copy, len, out);
	free(copy);
	return ok;
}

static void test_parse_u64(void **state)
{
	uint64_t v;

	(void)state;
	assert_true(u64("123abc", 3, &v) && v == 123);
	assert_true(u64("0x1fz", 4, &v) && v == 0x1f);
	assert_true(u64("0", 1, &v) && v == 0);
	assert_true(u64("0xF", 3, &v) && v == 15);
	assert_true(u64("18446744073709551615", 20, &v) && v == UINT64_MAX);
	assert_true(u64("18446744073709551610", 20, &v) && v == UINT64_MAX - 5);
	assert_true(u64("0xFFFFFFFFFFFFFFFF", 18, &v) && v == UINT64_MAX);
	assert_true(u64("0x8000000000000000", 18, &v) && v == UINT64_C(1) << 63);

	v = 77;
	assert_false(u64("", 0, &v));
	assert_false(u64("0x", 2, &v));
	assert_true(u64("0x", 1, &v) && v == 0);	/* "0": the x is not read */
	v = 77;
	assert_false(u64("18446744073709551616", 20, &v));
	assert_false(u64("18446744073709551620", 20, &v));
	assert_false(u64("184467440737095516150", 21, &v));
	assert_false(u64("0x10000000000000000", 19, &v));
	assert_false(u64("0x1ffffffffffffffff", 19, &v));
	assert_false(u64(" 1", 2, &v));
	assert_false(u64("1 ", 2, &v));
	assert_false(u64("abc", 3, &v));
	assert_false(u64("0xg", 3, &v));
	assert_false(u64("0x0x1", 5, &v));
	/* Failure leaves *out alone. */
	assert_true(v == 77);
}

/* watchdog=: a limit in ms, 0 turns it off; anything else is one error naming it. */
static void test_watchdog(void **state)
{
	struct bootargs ba;
	char err[BOOTARGS_ERR_MAX];

	(void)state;
	assert_int_equal(parse("seed=1", &ba, err), 0);
	assert_false(ba.has_watchdog);
	assert_int_equal(parse("watchdog=2000", &ba, err), 0);
	assert_true(ba.has_watchdog && ba.watchdog_ms == 2000);
	assert_int_equal(parse("watchdog=0", &ba, err), 0);
	assert_true(ba.has_watchdog && ba.watchdog_ms == 0);
	assert_int_equal(parse("watchdog=0x64", &ba, err), 0);
	assert_true(ba.watchdog_ms == 100);
	assert_int_equal(parse("watchdog=600000", &ba, err), 0);
	assert_true(ba.watchdog_ms == BOOTARGS_WATCHDOG_MAX_MS);
	expect_error("watchdog=600001",
		     "malformed bootarg 'watchdog=600001': watchdog is a time in ms from 0 (off) to 600000");
	expect_error("watchdog=2s",
		     "malformed bootarg 'watchdog=2s': watchdog is a time in ms from 0 (off) to 600000");
	expect_error("watchdog=-1",
		     "malformed bootarg 'watchdog=-1': watchdog is a time in ms from 0 (off) to 600000");
	expect_error("watchdog=18446744073709551616",
		     "malformed bootarg 'watchdog=18446744073709551616': watchdog is a time in ms from 0 (off) "
		     "to 600000");
	expect_error("watchdog=", "bootarg 'watchdog' needs a value (watchdog=...)");
	expect_error("watchdog=1 watchdog=2", "duplicate bootarg 'watchdog'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_all_keys),
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_separator),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_missing_value),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_malformed_seed),
		cmocka_unit_test(test_malformed_format_exit),
		cmocka_unit_test(test_first_error_kept),
		cmocka_unit_test(test_exit_honoured_on_error),
		cmocka_unit_test(test_class),
		cmocka_unit_test(test_pa_va),
		cmocka_unit_test(test_error_messages_fit),
		cmocka_unit_test(test_tests_length),
		cmocka_unit_test(test_long_input),
		cmocka_unit_test(test_small_err_buffer),
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test(test_watchdog),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests_name("bootargs", tests, NULL, NULL);
}
