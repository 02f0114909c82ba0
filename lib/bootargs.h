/* SPDX-License-Identifier: MIT */
/* Parser of /chosen/bootargs: space-separated key=value pairs, every key known, every value checked. */
#ifndef HYPTEST_BOOTARGS_H
#define HYPTEST_BOOTARGS_H

#include "lib/compiler.h"

#define BOOTARGS_TESTS_MAX	256
#define BOOTARGS_ERR_MAX	256

enum ba_format { FORMAT_TEXT, FORMAT_TAP };
enum ba_exit { BA_EXIT_DEFAULT, BA_EXIT_SEMIHOST, BA_EXIT_PSCI };

struct bootargs {
	bool has_seed;
	uint64_t seed;
	bool has_tests;
	char tests[BOOTARGS_TESTS_MAX];
	enum ba_format format;
	enum ba_exit exit;
	int cls;		/* enum placement_class, -1 when not given */
	bool has_pa, has_va;
	uint64_t pa, va;
	unsigned cpus;		/* cpus=: how many CPUs to start, 0 = all the DT describes */
	bool has_dtb;
	uint64_t dtb;		/* dtb=: use the DTB at this PA instead (bad-input tests) */
	bool has_watchdog;
	unsigned watchdog_ms;	/* watchdog=: per-test time limit in ms, 0 = off */
};

/* The largest watchdog= limit (10 minutes). */
#define BOOTARGS_WATCHDOG_MAX_MS	600000

/*
 * Parse s (may be NULL: no bootargs). Every token is looked at, so that
 * exit= is honoured even when another token is bad. Returns 0, or -1 with
 * the first problem in err ("unknown bootarg 'tset'").
 */
int bootargs_parse(const char *s, struct bootargs *ba, char *err, size_t errlen);

/* Parse a whole u64: 0x-prefixed hex or decimal. Returns false on garbage or overflow. */
bool parse_u64(const char *s, size_t len, uint64_t *out);

#endif
