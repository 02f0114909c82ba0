/* SPDX-License-Identifier: MIT */
/* Test selection: glob matching, id rules, tests= specs (arch-neutral, host-tested). */
#include <string.h>
#include "selftest/selftest.h"

bool glob_match(const char *pat, size_t plen, const char *s)
{
	size_t p = 0, star_p = (size_t)-1;
	const char *star_s = NULL;

	while (*s) {
		if (p < plen && (pat[p] == '?' || pat[p] == *s)) {
			p++;
			s++;
		} else if (p < plen && pat[p] == '*') {
			star_p = p++;
			star_s = s;
		} else if (star_p != (size_t)-1) {
			p = star_p + 1;
			s = ++star_s;
		} else {
			return false;
		}
	}
	while (p < plen && pat[p] == '*')
		p++;
	return p == plen;
}

bool test_id_valid(const char *id)
{
	size_t n = strlen(id);
	int dots = 0;

	if (n == 0 || n > 63 || id[0] == '.' || id[n - 1] == '.' || id[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];

		if (c == '.') {
			if (id[i + 1] == '.' || id[i + 1] == '-')
				return false;
			dots++;
		} else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
			return false;
		}
	}
	return dots >= 1;
}

void test_id_display(const char *raw, char *out, size_t outlen)
{
	size_t i;

	if (!outlen)
		return;
	for (i = 0; raw[i] && i + 1 < outlen; i++)
		out[i] = raw[i] == '_' ? '-' : raw[i];
	out[i] = 0;
}

/* Next comma-separated item of *cur: returns false at the end. */
static bool next_item(const char **cur, const char **item, size_t *len)
{
	const char *c = *cur, *e;

	if (!c || !*c)
		return false;
	e = strchr(c, ',');
	if (!e)
		e = c + strlen(c);
	*item = c;
	*len = (size_t)(e - c);
	*cur = *e ? e + 1 : e;
	return true;
}

/* Is id's group (its text up to the first '.') written out, then a '.', at the start of pat? */
static bool names_group(const char *pat, size_t plen, const char *id)
{
	size_t g = strcspn(id, ".");

	/* Ids hold no '*' or '?': a wildcard in the group part never compares equal. */
	return plen > g && pat[g] == '.' && !strncmp(pat, id, g);
}

bool pattern_selects(const char *pat, size_t plen, const char *id, uint32_t flags)
{
	if (!glob_match(pat, plen, id))
		return false;
#ifdef INJECT_SELECT_GLOB_NEGATIVE	/* knob: any glob selects a negative control, as "*" once did */
	flags &= ~TEST_NEGATIVE;
#endif
	return !(flags & TEST_NEGATIVE) || names_group(pat, plen, id);
}

bool test_selected(const char *spec, const char *id, uint32_t flags)
{
	bool is_default = !(flags & (TEST_NOT_DEFAULT | TEST_NEGATIVE));
	bool any_positive = false, hit = false;
	const char *cur = spec, *it;
	size_t len;

	if (!spec)
		return is_default;
	while (next_item(&cur, &it, &len)) {
		if (len && it[0] == '!') {
			if (glob_match(it + 1, len - 1, id))
				return false;
		} else if (len) {
			any_positive = true;
			if (pattern_selects(it, len, id, flags))
				hit = true;
		}
	}
	return any_positive ? hit : is_default;
}

const char *select_check(const char *spec, const char *const *ids, const uint32_t *flags, size_t n,
			 size_t *badlen)
{
	const char *cur = spec, *it;
	size_t len;

	if (!spec)
		return NULL;
	while (next_item(&cur, &it, &len)) {
		bool hit = false;

		if (!len || it[0] == '!')
			continue;
		for (size_t i = 0; i < n && !hit; i++)
			hit = pattern_selects(it, len, ids[i], flags[i]);
		if (!hit) {
			*badlen = len;
			return it;
		}
	}
	return NULL;
}
