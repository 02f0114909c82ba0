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

static void expect_sel(const char *spec, const char *id, bool is_default, bool want)
{
	if (test_selected(spec, id, is_default) != want)
		fail_msg("test_selected(%s%s%s, \"%s\", %s) = %d, want %d", spec ? "\"" : "",
			 spec ? spec : "NULL", spec ? "\"" : "", id,
			 is_default ? "default" : "not default", !want, want);
}

static void test_selected_default(void **state)
{
	(void)state;
	expect_sel(NULL, "boot.a", true, true);
	expect_sel(NULL, "framework.hang", false, false);
	expect_sel("", "boot.a", true, true);
	expect_sel("", "framework.hang", false, false);
	expect_sel(",,,", "boot.a", true, true);
	expect_sel(",,,", "framework.hang", false, false);
}

static void test_selected_positive(void **state)
{
	(void)state;
	expect_sel("boot.*", "boot.a", true, true);
	expect_sel("boot.*", "lib.a", true, false);
	expect_sel("boot.a", "boot.a", true, true);
	expect_sel("boot.a", "boot.ab", true, false);
	expect_sel("boot.a,lib.b", "lib.b", true, true);
	expect_sel("boot.a,lib.b", "boot.a", true, true);
	expect_sel("boot.a,lib.b", "lib.c", true, false);
	expect_sel(",,boot.a,,", "boot.a", true, true);
	expect_sel(",,boot.a,,", "boot.b", true, false);
	expect_sel("lib.?", "lib.x", true, true);
	/* A not-default test runs when a positive pattern names it, even "*". */
	expect_sel("framework.hang", "framework.hang", false, true);
	expect_sel("framework.*", "framework.hang", false, true);
	expect_sel("*", "framework.hang", false, true);
	expect_sel("boot.*", "framework.hang", false, false);
}

static void test_selected_exclusions(void **state)
{
	(void)state;
	/* Only exclusions: the default set, minus what they match. */
	expect_sel("!framework.*", "boot.a", true, true);
	expect_sel("!framework.*", "framework.pass", true, false);
	expect_sel("!framework.*", "framework.hang", false, false);
	expect_sel("!framework.*", "lib.x", false, false);
	expect_sel("!boot.a,!boot.b", "boot.c", true, true);
	expect_sel("!boot.a,!boot.b", "boot.b", true, false);
	/* Exclusions win over positives, in any order. */
	expect_sel("boot.*,!boot.slow", "boot.slow", true, false);
	expect_sel("boot.*,!boot.slow", "boot.fast", true, true);
	expect_sel("!boot.slow,boot.*", "boot.slow", true, false);
	expect_sel("!boot.slow,boot.*", "boot.fast", true, true);
	expect_sel("*,!*", "boot.a", true, false);
	expect_sel("framework.hang,!framework.*", "framework.hang", false, false);
	/* With a positive pattern, what it does not match is out, default or not. */
	expect_sel("boot.*,!lib.*", "traps.a", true, false);
	/* A bare "!" excludes nothing. */
	expect_sel("!", "boot.a", true, true);
	expect_sel("!", "framework.hang", false, false);
}

static const char *const ids[] = {
	"boot.identity-removed", "boot.wxn", "framework.pass", "framework.hang", "lib.printf",
};

static void test_select_check_ok(void **state)
{
	size_t len = 12345;

	(void)state;
	assert_null(select_check(NULL, ids, ARRAY_SIZE(ids), &len));
	assert_null(select_check("", ids, ARRAY_SIZE(ids), &len));
	assert_null(select_check("boot.*", ids, ARRAY_SIZE(ids), &len));
	assert_null(select_check("boot.wxn,lib.printf", ids, ARRAY_SIZE(ids), &len));
	assert_null(select_check("*", ids, ARRAY_SIZE(ids), &len));
	assert_null(select_check(",,framework.hang,", ids, ARRAY_SIZE(ids), &len));
	/* Exclusions need not match anything. */
	assert_null(select_check("!nothing.*", ids, ARRAY_SIZE(ids), &len));
	assert_null(select_check("boot.*,!nothing.here", ids, ARRAY_SIZE(ids), &len));
	assert_null(select_check("!nothing.*", ids, 0, &len));
}

static void expect_bad(const char *spec, size_t n, size_t off, size_t len)
{
	size_t got_len = 9999;
	const char *bad = select_check(spec, ids, n, &got_len);

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
		cmocka_unit_test(test_selected_exclusions),
		cmocka_unit_test(test_select_check_ok),
		cmocka_unit_test(test_select_check_bad),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests_name("select", tests, NULL, NULL);
}
