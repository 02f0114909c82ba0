/* SPDX-License-Identifier: MIT */
/*
 * UBSan handlers for the image (see ubsan.h). The data layouts are the ones
 * GCC passes (they match compiler-rt's ubsan_handlers.h): every data block
 * starts with the source location. This file is built without
 * instrumentation, and a report that comes back here while one is being made
 * is dropped, never recursed into.
 */
#include <stdio.h>
#include <string.h>
#include "lib/ubsan.h"
#include "lib/console.h"
#include "lib/platform.h"

struct source_location {
	const char *file;
	uint32_t line;
	uint32_t column;
};

struct type_descriptor {
	uint16_t kind;
	uint16_t info;
	char name[];
};

struct type_mismatch_data_v1 {
	struct source_location loc;
	const struct type_descriptor *type;
	uint8_t log_alignment;
	uint8_t type_check_kind;
};

volatile unsigned ubsan_reports;

/* Before ubsan_ready() in the hypervisor: the first report, kept. */
static bool early_mode_known, early_mode;
static const void *early_data;
static const char *early_kind;
static bool in_report;

/* The loader reports at once; the hypervisor overrides this to defer until ubsan_ready(). */
__attribute__((weak)) bool ubsan_defer_early(void)
{
	return false;
}

__attribute__((weak)) void ubsan_report(const char *what)
{
	console_puts("hyptest: error: UBSan: ");
	console_puts(what);
	console_puts("\n");
	platform_exit(1);
}

static void say(const char *kind, const void *data)
{
	const struct source_location *loc = data;
	const char *file = loc->file ? loc->file : "?";
	char line[192];

#ifdef HYPTEST_SRC_ROOT
	if (!strncmp(file, HYPTEST_SRC_ROOT, strlen(HYPTEST_SRC_ROOT)))
		file += strlen(HYPTEST_SRC_ROOT);
#endif
	snprintf(line, sizeof(line), "%s at %s:%u:%u", kind, file, (unsigned)loc->line, (unsigned)loc->column);
	ubsan_report(line);
}

static void report(const char *kind, const void *data)
{
	ubsan_reports++;
	if (in_report)
		return;
	if (!early_mode_known) {
		early_mode = ubsan_defer_early();
		early_mode_known = true;
	}
	if (early_mode) {
		if (!early_data) {
			early_data = data;
			early_kind = kind;
		}
		return;
	}
	in_report = true;
	say(kind, data);
	in_report = false;
}

void ubsan_ready(void)
{
	early_mode = false;
	early_mode_known = true;
	if (early_data) {
		in_report = true;
		say(early_kind, early_data);
		in_report = false;
	}
}

/* The entry points. Values are not decoded: the kind and the place are what a FAIL needs. */
#define UBSAN_DEFINE(name, what, ...)                                         \
	void __ubsan_handle_##name(void *data, ##__VA_ARGS__)                 \
	{                                                                     \
		report(what, data);                                           \
	}
UBSAN_HANDLERS(UBSAN_DEFINE)

void __ubsan_handle_type_mismatch_v1(void *data, void *ptr)
{
	const struct type_mismatch_data_v1 *d = data;
	uintptr_t align = (uintptr_t)1 << d->log_alignment;

	if (!ptr)
		report("null pointer access", data);
	else if (align > 1 && ((uintptr_t)ptr & (align - 1)))
		report("misaligned access", data);
	else
		report("access to an object too small for its type", data);
}

void __ubsan_handle_builtin_unreachable(void *data)
{
	report("__builtin_unreachable() reached", data);
	platform_exit(1);
}
