/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for lib/bootargs.c. Input: the bootargs text (it ends at the
 * first NUL, as /chosen/bootargs does); the raw bytes also go to parse_u64().
 *
 * Invariants:
 *   - parse_u64 agrees with a 128-bit reference: true exactly for a whole
 *     decimal or 0x-hex number below 2^64, with that value;
 *   - bootargs_parse gives 0 with an empty message, or -1 with one line that
 *     starts as the parser's messages do; a short error buffer gets a prefix
 *     of the same message and never changes the result;
 *   - on success every value is within its limits (cpus 1..64 or 0, dtb
 *     8-byte aligned, a known class, tests= a NUL-terminated string without
 *     white space), and printing the values back as bootargs parses to the
 *     same values;
 *   - exit= is honoured even when another token is bad: the first exit=
 *     token with a value decides it.
 */
#include "tests/fuzz/fuzz.h"
#include "lib/bootargs.h"
#include "boot/placement.h"

static void check_u64(const uint8_t *data, size_t size)
{
	char *s = fz_dup(data, size);
	unsigned __int128 v = 0;
	unsigned base = 10;
	size_t i = 0;
	bool ok = true;
	uint64_t got = 0x5a5a;

	if (size >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	ok = i < size;
	for (; i < size && ok; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' :
			base == 16 && c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			base == 16 && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		ok = d >= 0 && (v = v * base + (unsigned)d) <= UINT64_MAX;
	}
	FUZZ_CHECK(parse_u64(s, size, &got) == ok, "parse_u64('%.*s') says %s", (int)size, s,
		   ok ? "bad" : "good");
	if (ok)
		FUZZ_CHECK(got == (uint64_t)v, "parse_u64('%.*s') = 0x%llx", (int)size, s, (unsigned long long)got);
	free(s);
}

/* What exit= the text asks for: the first exit= token with a value, read here without the parser. */
static enum ba_exit exit_asked(const char *s)
{
	const char *ws = " \t\r\n";

	for (s += strspn(s, ws); *s; s += strspn(s, ws)) {
		size_t n = strcspn(s, ws);

		if (n > 5 && !strncmp(s, "exit=", 5))
			return n == 9 && !strncmp(s, "exit=psci", 9) ? BA_EXIT_PSCI :
			       n == 13 && !strncmp(s, "exit=semihost", 13) ? BA_EXIT_SEMIHOST : BA_EXIT_DEFAULT;
		s += n;
	}
	return BA_EXIT_DEFAULT;
}

static void same_values(const struct bootargs *a, const struct bootargs *b, const char *text)
{
	FUZZ_CHECK(a->has_seed == b->has_seed && (!a->has_seed || a->seed == b->seed) &&
		   a->has_tests == b->has_tests && (!a->has_tests || !strcmp(a->tests, b->tests)) &&
		   a->format == b->format && a->exit == b->exit && a->cls == b->cls &&
		   a->has_pa == b->has_pa && (!a->has_pa || a->pa == b->pa) &&
		   a->has_va == b->has_va && (!a->has_va || a->va == b->va) && a->cpus == b->cpus &&
		   a->has_dtb == b->has_dtb && (!a->has_dtb || a->dtb == b->dtb),
		   "printed back as '%s', the values differ", text);
}

/* The values as bootargs text again. */
static void print_back(const struct bootargs *ba, char *out, size_t len)
{
	size_t n = 0;

#define ADD(...) (n += (size_t)snprintf(out + n, len - n, __VA_ARGS__))
	out[0] = 0;
	if (ba->has_seed)
		ADD("seed=0x%llx ", (unsigned long long)ba->seed);
	if (ba->has_tests)
		ADD("tests=%s ", ba->tests);
	if (ba->format == FORMAT_TAP)
		ADD("format=tap ");
	if (ba->exit != BA_EXIT_DEFAULT)
		ADD("exit=%s ", ba->exit == BA_EXIT_PSCI ? "psci" : "semihost");
	if (ba->cls >= 0)
		ADD("\tclass=%s", placement_class_name((enum placement_class)ba->cls));
	if (ba->has_pa)
		ADD(" pa=%llu", (unsigned long long)ba->pa);
	if (ba->has_va)
		ADD(" va=0X%llX", (unsigned long long)ba->va);
	if (ba->cpus)
		ADD("\r\ncpus=%u", ba->cpus);
	if (ba->has_dtb)
		ADD(" dtb=0x%llx", (unsigned long long)ba->dtb);
#undef ADD
	FUZZ_CHECK(n < len, "printed bootargs do not fit");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *err = malloc(BOOTARGS_ERR_MAX), *shorterr, again[BOOTARGS_TESTS_MAX + 256];
	size_t shortlen = 1 + size % 48;
	struct bootargs ba, ba2, ba3;
	int rc, rc2;

	check_u64(data, size);
	FUZZ_CHECK(text && err, "out of memory");
	memcpy(text, data, size);
	text[size] = 0;
	rc = bootargs_parse(text, &ba, err, BOOTARGS_ERR_MAX);
	FUZZ_CHECK(rc == 0 || rc == -1, "rc %d", rc);
	FUZZ_CHECK(memchr(err, 0, BOOTARGS_ERR_MAX) != NULL, "message not terminated");
	FUZZ_CHECK(ba.exit == exit_asked(text), "exit=%d, the text asks for %d", ba.exit, exit_asked(text));

	shorterr = malloc(shortlen);
	FUZZ_CHECK(shorterr != NULL, "out of memory");
	rc2 = bootargs_parse(text, &ba2, shorterr, shortlen);
	FUZZ_CHECK(rc2 == rc && strlen(shorterr) < shortlen && !strncmp(shorterr, err, shortlen - 1),
		   "with %zu bytes for the message: rc %d '%s', with all: rc %d '%s'", shortlen, rc2, shorterr,
		   rc, err);
	free(shorterr);

	if (rc) {
		FUZZ_CHECK(!strncmp(err, "unknown bootarg '", 17) || !strncmp(err, "bootarg '", 9) ||
			   !strncmp(err, "malformed bootarg '", 19) || !strncmp(err, "duplicate bootarg '", 19),
			   "message '%s'", err);
		FUZZ_CHECK(!strchr(err, '\n'), "message '%s' is more than one line", err);
		goto out;
	}
	FUZZ_CHECK(err[0] == 0, "success with message '%s'", err);
	FUZZ_CHECK(ba.cpus <= 64 && (ba.dtb & 7) == 0 && ba.cls >= -1 && ba.cls < PC_COUNT &&
		   (ba.format == FORMAT_TEXT || ba.format == FORMAT_TAP),
		   "out of limits: cpus %u dtb 0x%llx class %d format %d", ba.cpus, (unsigned long long)ba.dtb,
		   ba.cls, ba.format);
	FUZZ_CHECK(!ba.has_tests || (memchr(ba.tests, 0, sizeof(ba.tests)) && ba.tests[0] &&
				     !strpbrk(ba.tests, " \t\r\n")), "tests='%.*s'", (int)sizeof(ba.tests), ba.tests);
	print_back(&ba, again, sizeof(again));
	FUZZ_CHECK(bootargs_parse(again, &ba3, err, BOOTARGS_ERR_MAX) == 0, "'%s' printed back: %s", again, err);
	same_values(&ba, &ba3, again);
out:
	free(text);
	free(err);
	return 0;
}
