/* SPDX-License-Identifier: MIT */
/* Host tests of selftest/select.c: glob matching, test id rules, tests= selection and its check. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "selftest/selftest.h"

static bool glob(const char *pat, const char *s)
{
	/* The pattern in a block of exactly its length: glob_match must stop at plen. */
	size_t n = strlen(pat);
	char *p = malloc(n ? n : 1);
	bool r;

	assert_non_null(p);
	memcpy(p, pat, n);
	r = glob_match(p, n, s);
	free(p);
	return r;
}

static void expect_glob(const char *pat, const char *s, bool want)
{
	if (glob(pat, s) != want)
		fail_msg("glob_match(\"%s\", \"%s\") = %d, want %d", pat, s, !want, want);
}

static void test_glob_exact(void **state)
{
	(void)state;
	expect_glob("boot.x", "boot.x", true);
	expect_glob("boot.x", "boot.xy", false);
	expect_glob("boot.x", "boot.", false);
	expect_glob("boot.x", "aboot.x", false);
	expect_glob("boot.x", "BOOT.X", false);
	expect_glob("", "", true);
	expect_glob("", "a", false);
	expect_glob("a", "", false);
}

static void test_glob_star(void **state)
{
	(void)state;
	expect_glob("*", "", true);
	expect_glob("*", "anything.at-all", true);
	expect_glob("**", "x", true);
	expect_glob("boot.*", "boot.identity-removed", true);
	expect_glob("boot.*", "boot.", true);
	expect_glob("boot.*", "boots.x", false);
	expect_glob("boot.*", "lib.boot.x", false);
	expect_glob("*.hang", "framework.hang", true);
	expect_glob("*.hang", "framework.hang2", false);
	expect_glob("*-*", "boot.a-b", true);
	expect_glob("*-*", "boot.ab", false);
	expect_glob("b*t.*d", "boot.identity-removed", true);
	/* Backtracking. */
	expect_glob("*ab", "aab", true);
	expect_glob("*ab", "abab", true);
	expect_glob("*ab", "abba", false);
	expect_glob("a*b*c", "a-b-b-c", true);
	expect_glob("a*b*c", "a-b-c-d", false);
	expect_glob("*a*a*a*", "aaa", true);
	expect_glob("*a*a*a*", "aa", false);
	expect_glob("*x*y", "xxyxy", true);
	expect_glob("a*", "", false);
	expect_glob("*a", "", false);
}

static void test_glob_question(void **state)
{
	(void)state;
	expect_glob("?", "a", true);
	expect_glob("?", "", false);
	expect_glob("?", "ab", false);
	expect_glob("boot.?", "boot.a", true);
	expect_glob("boot.?", "boot.", false);
	expect_glob("boot.?", "boot.ab", false);
	expect_glob("b??t.*", "boot.x", true);
	expect_glob("b??t.*", "bot.x", false);
	expect_glob("*?", "", false);
	expect_glob("*?", "a", true);
	expect_glob("?*?", "ab", true);
	expect_glob("?*?", "a", false);
}

/* plen bounds the pattern: the rest of the buffer is not part of it. */
static void test_glob_plen(void **state)
{
	(void)state;
	assert_true(glob_match("boot.*,lib.x", 6, "boot.q"));
	assert_false(glob_match("boot.*,lib.x", 6, "lib.x"));
	assert_true(glob_match("abc", 0, ""));
	assert_false(glob_match("abc", 2, "abc"));
	assert_true(glob_match("abc", 2, "ab"));
	assert_true(glob_match("a*", 1, "a"));
	assert_false(glob_match("a*", 1, "ab"));
}

static void test_id_valid_rules(void **state)
{
	static const char *const good[] = {
		"a.b", "boot.identity-removed", "x1.y2", "framework.hang", "lib.a-b-c",
		"0.9",
		/* 63 characters. */
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
	};
	static const char *const bad[] = {
		"", "a", "ab", ".", "a.", ".a", "a..b", "-a.b", "a.-b", "A.b", "a.B", "a_b.c",
		"a b.c", "a.b/", "a.b\n", "a.b*", "a.b?", "a.b,c", "a.b!", "\xc3\xa9.a",
		/* 64 characters. */
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
	};

	(void)state;
	assert_int_equal(strlen(good[ARRAY_SIZE(good) - 1]), 63);
	assert_int_equal(strlen(bad[ARRAY_SIZE(bad) - 1]), 64);
	for (unsigned i = 0; i < ARRAY_SIZE(good); i++)
		if (!test_id_valid(good[i]))
			fail_msg("\"%s\" should be a valid id", good[i]);
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++)
		if (test_id_valid(bad[i]))
			fail_msg("\"%s\" should not be a valid id", bad[i]);
}

static void test_id_display_form(void **state)
{
	char *out = malloc(64);
	char small[8];

	(void)state;
	assert_non_null(out);
	test_id_display("boot.identity_removed", out, 64);
	assert_string_equal(out, "boot.identity-removed");
	test_id_display("a_b_c.d__e", out, 64);
	assert_string_equal(out, "a-b-c.d--e");
	test_id_display("", out, 64);
	assert_string_equal(out, "");
	/* Truncated to the buffer, always terminated. */
	test_id_display("boot.identity_removed", out, 5);
	assert_string_equal(out, "boot");
	test_id_display("x_y", out, 1);
	assert_string_equal(out, "");
	memset(small, '#', sizeof(small));
	test_id_display("abc", small, 0);
	assert_int_equal(small[0], '#');
	/* Exactly the size it needs. */
	free(out);
	out = malloc(4);
	assert_non_null(out);
	test_id_display("a_b", out, 4);
	assert_string_equal(out, "a-b");
	free(out);
}

/* The flags a test has: a default test, bench.* (not default), framework.* (negative control). */
#define DEF	0u
#define NDEF	TEST_NOT_DEFAULT
#define NEG	TEST_NEGATIVE

static void expect_sel(const char *spec, const char *id, uint32_t flags, bool want)
{
	if (test_selected(spec, id, flags) != want)
		fail_msg("test_selected(%s%s%s, \"%s\", %s) = %d, want %d", spec ? "\"" : "",
			 spec ? spec : "NULL", spec ? "\"" : "", id,
			 flags & NEG ? "negative control" : flags & NDEF ? "not default" : "default", !want, want);
}

static void test_selected_default(void **state)
{
	(void)state;
	expect_sel(NULL, "boot.a", DEF, true);
	expect_sel(NULL, "bench.hvc", NDEF, false);
	expect_sel(NULL, "framework.hang", NEG, false);
	expect_sel("", "boot.a", DEF, true);
	expect_sel("", "framework.hang", NEG, false);
	expect_sel(",,,", "boot.a", DEF, true);
	expect_sel(",,,", "bench.hvc", NDEF, false);
	expect_sel(",,,", "framework.hang", NEG, false);
	/* A negative control that is also marked not-default is no different. */
	expect_sel(NULL, "framework.hang", NEG | NDEF, false);
}

static void test_selected_positive(void **state)
{
	(void)state;
	expect_sel("boot.*", "boot.a", DEF, true);
	expect_sel("boot.*", "lib.a", DEF, false);
	expect_sel("boot.a", "boot.a", DEF, true);
	expect_sel("boot.a", "boot.ab", DEF, false);
	expect_sel("boot.a,lib.b", "lib.b", DEF, true);
	expect_sel("boot.a,lib.b", "boot.a", DEF, true);
	expect_sel("boot.a,lib.b", "lib.c", DEF, false);
	expect_sel(",,boot.a,,", "boot.a", DEF, true);
	expect_sel(",,boot.a,,", "boot.b", DEF, false);
	expect_sel("lib.?", "lib.x", DEF, true);
	/* A not-default test (bench.*) runs when any positive pattern matches it, a glob too. */
	expect_sel("bench.hvc", "bench.hvc", NDEF, true);
	expect_sel("bench.*", "bench.hvc", NDEF, true);
	expect_sel("*", "bench.hvc", NDEF, true);
	expect_sel("*.*", "bench.hvc", NDEF, true);
	expect_sel("boot.*", "bench.hvc", NDEF, false);
}

/* A negative control runs when named exactly or by its group, never by a glob alone. */
static void test_selected_negative(void **state)
{
	static const char *const selects[] = {
		"framework.hang", "framework.*", "framework.h*", "framework.?ang", "framework.*g",
		"boot.*,framework.*", "*,framework.hang", "framework.hang,*",
	};
	static const char *const never[] = {
		"*", "*.*", "**", "*.hang", "*hang", "f*.hang", "f*", "framework*", "framework*.hang",
		"?ramework.hang", "framewor?.hang", "*ramework.hang", "*.*,boot.*", "frame*.*",
		"framework.pass", "framework", "framework.", "bench.*", "*,!boot.*",
	};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(selects); i++) {
		expect_sel(selects[i], "framework.hang", NEG, true);
		/* The same pattern selects an ordinary test it matches, of course. */
		expect_sel(selects[i], "framework.hang", DEF, true);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(never); i++) {
		expect_sel(never[i], "framework.hang", NEG, false);
		expect_sel(never[i], "framework.hang", NEG | NDEF, false);
	}
	/* The rule is about the group, not the word "framework". */
	expect_sel("neg.*", "neg.x", NEG, true);
	expect_sel("*.x", "neg.x", NEG, false);
	/* The group is everything before the first '.' of a longer id. */
	expect_sel("a.*", "a.b.c", NEG, true);
	expect_sel("a.b.*", "a.b.c", NEG, true);
	expect_sel("*.b.c", "a.b.c", NEG, false);
	expect_sel("a?b.c", "a.b.c", NEG, false);
	/* Exclusions still apply to what a group pattern selects. */
	expect_sel("framework.*,!framework.hang", "framework.hang", NEG, false);
	expect_sel("framework.*,!*.hang", "framework.hang", NEG, false);
	expect_sel("framework.*,!*.hang", "framework.pass", NEG, true);
}

/* pattern_selects bounds the pattern by plen, as glob_match does. */
static void test_pattern_selects_plen(void **state)
{
	(void)state;
	assert_true(pattern_selects("framework.*,*", 11, "framework.hang", NEG));
	assert_false(pattern_selects("*,framework.*", 1, "framework.hang", NEG));
	assert_true(pattern_selects("*,framework.*", 1, "boot.a", DEF));
	/* "framework" cut before its '.' does not name the group. */
	assert_false(pattern_selects("framework.hang", 9, "framework.hang", NEG));
	assert_false(pattern_selects("framework.*", 10, "framework.hang", NEG));
}

static void test_selected_exclusions(void **state)
{
	(void)state;
	/* Only exclusions: the default set, minus what they match. */
	expect_sel("!framework.*", "boot.a", DEF, true);
	expect_sel("!framework.*", "framework.pass", DEF, false);
	expect_sel("!framework.*", "framework.hang", NEG, false);
	expect_sel("!framework.*", "lib.x", NDEF, false);
	expect_sel("!boot.a,!boot.b", "boot.c", DEF, true);
	expect_sel("!boot.a,!boot.b", "boot.b", DEF, false);
	/* Exclusions win over positives, in any order. */
	expect_sel("boot.*,!boot.slow", "boot.slow", DEF, false);
	expect_sel("boot.*,!boot.slow", "boot.fast", DEF, true);
	expect_sel("!boot.slow,boot.*", "boot.slow", DEF, false);
	expect_sel("!boot.slow,boot.*", "boot.fast", DEF, true);
	expect_sel("*,!*", "boot.a", DEF, false);
	expect_sel("framework.hang,!framework.*", "framework.hang", NEG, false);
	/* With a positive pattern, what it does not match is out, default or not. */
	expect_sel("boot.*,!lib.*", "traps.a", DEF, false);
	/* A bare "!" excludes nothing. */
	expect_sel("!", "boot.a", DEF, true);
	expect_sel("!", "framework.hang", NEG, false);
}

static const char *const ids[] = {
	"boot.identity-removed", "boot.wxn", "framework.pass", "framework.hang", "lib.printf", "bench.hvc",
};
static const uint32_t flags[] = { DEF, DEF, NEG, NEG, DEF, NDEF };

static void test_select_check_ok(void **state)
{
	size_t len = 12345;

	(void)state;
	assert_int_equal(ARRAY_SIZE(ids), ARRAY_SIZE(flags));
	assert_null(select_check(NULL, ids, flags, ARRAY_SIZE(ids), &len));
	assert_null(select_check("", ids, flags, ARRAY_SIZE(ids), &len));
	assert_null(select_check("boot.*", ids, flags, ARRAY_SIZE(ids), &len));
	assert_null(select_check("boot.wxn,lib.printf", ids, flags, ARRAY_SIZE(ids), &len));
	assert_null(select_check("*", ids, flags, ARRAY_SIZE(ids), &len));
	assert_null(select_check(",,framework.hang,", ids, flags, ARRAY_SIZE(ids), &len));
	assert_null(select_check("framework.*", ids, flags, ARRAY_SIZE(ids), &len));
	assert_null(select_check("bench.*", ids, flags, ARRAY_SIZE(ids), &len));
	/* Exclusions need not match anything. */
	assert_null(select_check("!nothing.*", ids, flags, ARRAY_SIZE(ids), &len));
	assert_null(select_check("boot.*,!nothing.here", ids, flags, ARRAY_SIZE(ids), &len));
	assert_null(select_check("!nothing.*", ids, flags, 0, &len));
}

static void expect_bad(const char *spec, size_t n, size_t off, size_t len)
{
	size_t got_len = 9999;
	const char *bad = select_check(spec, ids, flags, n, &got_len);

	if (!bad)
		fail_msg("select_check(\"%s\") found no bad pattern, want offset %zu", spec, off);
	if (bad != spec + off || got_len != len)
		fail_msg("select_check(\"%s\") = offset %td len %zu (\"%.*s\"), want offset %zu len %zu",
			 spec, bad - spec, got_len, (int)got_len, bad, off, len);
}

static void test_select_check_bad(void **state)
{
	(void)state;
	expect_bad("nope.*", ARRAY_SIZE(ids), 0, 6);
	/* The first bad positive pattern, with its length (not up to the end). */
	expect_bad("boot.*,nope.*,also.bad", ARRAY_SIZE(ids), 7, 6);
	expect_bad("boot.*,!x.y,lib.printf,zzz", ARRAY_SIZE(ids), 23, 3);
	expect_bad("!zzz,yyy", ARRAY_SIZE(ids), 5, 3);
	expect_bad(",,boot.wx,", ARRAY_SIZE(ids), 2, 7);
	expect_bad("boot.wxn.", ARRAY_SIZE(ids), 0, 9);
	/* A glob that matches only negative controls selects nothing. */
	expect_bad("*.hang", ARRAY_SIZE(ids), 0, 6);
	expect_bad("boot.*,f*", ARRAY_SIZE(ids), 7, 2);
	/* No ids at all: any positive pattern is bad. */
	expect_bad("*", 0, 0, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_glob_exact),
		cmocka_unit_test(test_glob_star),
		cmocka_unit_test(test_glob_question),
		cmocka_unit_test(test_glob_plen),
		cmocka_unit_test(test_id_valid_rules),
		cmocka_unit_test(test_id_display_form),
		cmocka_unit_test(test_selected_default),
		cmocka_unit_test(test_selected_positive),
		cmocka_unit_test(test_selected_negative),
		cmocka_unit_test(test_pattern_selects_plen),
		cmocka_unit_test(test_selected_exclusions),
		cmocka_unit_test(test_select_check_ok),
		cmocka_unit_test(test_select_check_bad),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests_name("select", tests, NULL, NULL);
}
