/* SPDX-License-Identifier: MIT */
/*
 * lib.test-selection: tests= against the image's own registry. The
 * deliberate failures (framework.*) are negative controls: the default set
 * and a glob alone ("*", "*.*") never select one, a pattern that spells out
 * its group or its id does; a test that is only left out of the default set
 * (bench.*) is still selected by "*".
 */
#include <stdio.h>
#include <string.h>
#include "selftest/selftest.h"

extern const struct selftest __selftests_start[], __selftests_end[];

/* The selection rules for one registered test; FAILs naming the first rule it breaks. */
static void check_one(const char *id, uint32_t flags)
{
	const char *dot = strchr(id, '.');
	char pat[80];

	if (!strncmp(id, "framework.", 10) && !(flags & TEST_NEGATIVE))
		FAIL("%s fails or hangs on purpose but is not flagged as a negative control", id);
	if (!(flags & TEST_NEGATIVE)) {
		if (!test_selected("*", id, flags))
			FAIL("tests=* does not select %s", id);
		if (test_selected(NULL, id, flags) != !(flags & TEST_NOT_DEFAULT))
			FAIL("the default set is wrong about %s", id);
		return;
	}
	if (test_selected(NULL, id, flags))
		FAIL("the default set selects the negative control %s", id);
	if (test_selected("*", id, flags) || test_selected("*.*", id, flags))
		FAIL("a glob alone (tests=* or *.*) selects the negative control %s", id);
	snprintf(pat, sizeof(pat), "*%s", dot);
	if (test_selected(pat, id, flags))
		FAIL("tests=%s selects the negative control %s", pat, id);
	snprintf(pat, sizeof(pat), "%.*s.*", (int)(dot - id), id);
	if (!test_selected(pat, id, flags))
		FAIL("tests=%s does not select %s, a negative control of that group", pat, id);
	if (!test_selected(id, id, flags))
		FAIL("tests=%s does not select it", id);
}

TEST(lib, test_selection)
{
	static char id[64];
	unsigned neg = 0, glob = 0;

	for (const struct selftest *t = __selftests_start; t < __selftests_end; t++) {
		test_id_display(t->id, id, sizeof(id));
		check_one(id, t->flags);
		neg += !!(t->flags & TEST_NEGATIVE);
		glob += !(t->flags & TEST_NEGATIVE);
	}
	if (!neg)
		FAIL("no negative control is registered (framework.* is missing)");
	selftest_note("%u tests for tests=*, %u negative controls left to framework.*", glob, neg);
}
