/* SPDX-License-Identifier: MIT */
/* lib.*: newlib-nano formatting, and printf through the syscall glue to the console. */
#include <stdio.h>
#include <string.h>
#include "selftest/selftest.h"
#include "lib/console.h"

TEST(lib, printf)
{
	char buf[128], cap[128];
	size_t n;

	/* A long is 64 bits on arm64, 32 on arm32: the widest value it holds is printed whole. */
	snprintf(buf, sizeof(buf), "%016lx|%#lx|%lx", 0xdeadbeefUL, (unsigned long)UINT64_C(0xfedcba9876543210), 0UL);
	ASSERT_STREQ(buf, sizeof(long) == 8 ? "00000000deadbeef|0xfedcba9876543210|0" : "00000000deadbeef|0x76543210|0");
	snprintf(buf, sizeof(buf), "[%-6s][%6s][%s][%.3s]", "ab", "cd", "", "hyptest");
	ASSERT_STREQ(buf, "[ab    ][    cd][][hyp]");
	snprintf(buf, sizeof(buf), "%d %5d %-4d| %u %c%%", -42, 7, 3, 4000000000u, 'x');
	ASSERT_STREQ(buf, "-42     7 3   | 4000000000 x%");

	/* stdout goes through _write to the console, newline becoming CR LF. */
	console_capture_start(cap, sizeof(cap));
	printf("v=%04x s=%s\n", 0xab, "ok");
	fflush(stdout);
	n = console_capture_stop();
	ASSERT_STREQ(cap, "v=00ab s=ok\r\n");
	ASSERT_EQ(n, 13);
}
