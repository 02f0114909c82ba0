/* SPDX-License-Identifier: MIT */
/* Bootargs parser (arch-neutral: built unchanged into the image and the host tests). */
#include <stdio.h>
#include <string.h>
#include "lib/bootargs.h"
#include "boot/placement.h"

bool parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;
	size_t i = 0;

	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return false;
	for (; i < len; i++) {
		unsigned d;
		char c = s[i];

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool val_is(const char *v, size_t vlen, const char *word)
{
	return strlen(word) == vlen && memcmp(v, word, vlen) == 0;
}

/* Keys and a bit each, to refuse duplicates. */
enum { K_SEED, K_TESTS, K_FORMAT, K_EXIT, K_CLASS, K_PA, K_VA, K_CPUS, K_DTB, K_WATCHDOG };
static const char *const keys[] = { "seed", "tests", "format", "exit", "class", "pa", "va", "cpus", "dtb",
				     "watchdog" };

/* One token: key=value. Returns 0 or -1 with err set. */
static int parse_token(const char *t, size_t len, struct bootargs *ba, unsigned *seen,
		       char *err, size_t errlen)
{
	const char *eq = memchr(t, '=', len);
	size_t klen = eq ? (size_t)(eq - t) : len;
	const char *v = eq ? eq + 1 : NULL;
	size_t vlen = eq ? len - klen - 1 : 0;
	int tl = len > 64 ? 64 : (int)len;
	int kl = klen > 64 ? 64 : (int)klen;
	unsigned k;

	for (k = 0; k < ARRAY_SIZE(keys); k++)
		if (strlen(keys[k]) == klen && memcmp(keys[k], t, klen) == 0)
			break;
	if (k == ARRAY_SIZE(keys)) {
		snprintf(err, errlen, "unknown bootarg '%.*s'", kl, t);
		return -1;
	}
	if (!eq || vlen == 0) {
		snprintf(err, errlen, "bootarg '%.*s' needs a value (%s=...)", kl, t, keys[k]);
		return -1;
	}
	if (*seen & (1u << k)) {
		snprintf(err, errlen, "duplicate bootarg '%s'", keys[k]);
		return -1;
	}
	*seen |= 1u << k;

	switch (k) {
	case K_SEED:
		if (!parse_u64(v, vlen, &ba->seed)) {
			snprintf(err, errlen, "malformed bootarg '%.*s': seed must be a 64-bit number", tl, t);
			return -1;
		}
		ba->has_seed = true;
		return 0;
	case K_CPUS: {
		uint64_t n;

		if (!parse_u64(v, vlen, &n) || n < 1 || n > 64) {
			snprintf(err, errlen, "malformed bootarg '%.*s': cpus is a count from 1 to 64", tl, t);
			return -1;
		}
		ba->cpus = (unsigned)n;
		return 0;
	}
	case K_WATCHDOG: {
		uint64_t ms;

		if (!parse_u64(v, vlen, &ms) || ms > BOOTARGS_WATCHDOG_MAX_MS) {
			snprintf(err, errlen, "malformed bootarg '%.*s': watchdog is a time in ms from 0 (off) "
				 "to %u", tl, t, BOOTARGS_WATCHDOG_MAX_MS);
			return -1;
		}
		ba->watchdog_ms = (unsigned)ms;
		ba->has_watchdog = true;
		return 0;
	}
	case K_DTB:
		if (!parse_u64(v, vlen, &ba->dtb) || (ba->dtb & 7)) {
			snprintf(err, errlen, "malformed bootarg '%.*s': dtb is an 8-byte aligned address", tl, t);
			return -1;
		}
		ba->has_dtb = true;
		return 0;
	case K_PA:
	case K_VA:
		if (!parse_u64(v, vlen, k == K_PA ? &ba->pa : &ba->va)) {
			snprintf(err, errlen, "malformed bootarg '%.*s': %s must be a 64-bit number", tl, t, keys[k]);
			return -1;
		}
		*(k == K_PA ? &ba->has_pa : &ba->has_va) = true;
		return 0;
	case K_CLASS: {
		char name[16];

		if (vlen < sizeof(name)) {
			memcpy(name, v, vlen);
			name[vlen] = 0;
			ba->cls = placement_class_parse(name);
		}
		if (vlen >= sizeof(name) || ba->cls < 0) {
			snprintf(err, errlen, "malformed bootarg '%.*s': class is one of identical, disjoint, "
				 "shared-L0, shared-L1, shared-L2, overlap", tl, t);
			return -1;
		}
		return 0;
	}
	case K_TESTS:
		if (vlen >= sizeof(ba->tests)) {
			/* %lu, not %zu: newlib-nano's printf has no z modifier. */
			snprintf(err, errlen, "bootarg 'tests' is %lu bytes long, the limit is %lu",
				 (unsigned long)vlen, (unsigned long)(sizeof(ba->tests) - 1));
			return -1;
		}
		memcpy(ba->tests, v, vlen);
		ba->tests[vlen] = 0;
		ba->has_tests = true;
		return 0;
	case K_FORMAT:
		if (val_is(v, vlen, "text"))
			ba->format = FORMAT_TEXT;
		else if (val_is(v, vlen, "tap"))
			ba->format = FORMAT_TAP;
		else {
			snprintf(err, errlen, "malformed bootarg '%.*s': format is text or tap", tl, t);
			return -1;
		}
		return 0;
	default: /* K_EXIT */
		if (val_is(v, vlen, "semihost"))
			ba->exit = BA_EXIT_SEMIHOST;
		else if (val_is(v, vlen, "psci"))
			ba->exit = BA_EXIT_PSCI;
		else {
			snprintf(err, errlen, "malformed bootarg '%.*s': exit is semihost or psci", tl, t);
			return -1;
		}
		return 0;
	}
}

/*
 * What follows the first lone "--" token, or s if there is none: a board's
 * firmware may put parameters of its own (for Linux) before the ones written
 * in its cmdline.txt, so "-- seed=..." there says where hyptest's begin.
 */
static const char *after_separator(const char *s)
{
	for (const char *p = s; *p;) {
		size_t len = 0;

		while (is_space(*p))
			p++;
		while (p[len] && !is_space(p[len]))
			len++;
		if (len == 2 && p[0] == '-' && p[1] == '-')
			return p + len;
		p += len;
	}
	return s;
}

int bootargs_parse(const char *s, struct bootargs *ba, char *err, size_t errlen)
{
	unsigned seen = 0;
	int rc = 0;
	char tmp[BOOTARGS_ERR_MAX];

	memset(ba, 0, sizeof(*ba));
	ba->cls = -1;
	if (errlen)
		err[0] = 0;
	if (!s)
		return 0;
	s = after_separator(s);
	while (*s) {
		size_t len = 0;

		while (is_space(*s))
			s++;
		while (s[len] && !is_space(s[len]))
			len++;
		if (!len)
			break;
		/* Keep the first error, but read on so exit= still counts. */
		if (parse_token(s, len, ba, &seen, rc ? tmp : err, rc ? sizeof(tmp) : errlen))
			rc = -1;
		s += len;
	}
	return rc;
}
