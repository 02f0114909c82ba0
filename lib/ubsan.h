/* SPDX-License-Identifier: MIT */
/*
 * The UBSan runtime of the image (make UBSAN=1): the __ubsan_handle_*
 * entry points GCC's -fsanitize=undefined calls, written here (there is no
 * libubsan for a freestanding EL2 image). Each report is one line of text,
 * "<kind> at <file>:<line>:<col>", handed to ubsan_report().
 */
#ifndef HYPTEST_UBSAN_H
#define HYPTEST_UBSAN_H

#include "lib/compiler.h"

/*
 * What to do with a report. The default (the loader) prints
 * "hyptest: error: UBSan: ..." and exits with status 1; the hypervisor's
 * selftest/hardening.c FAILs the running test.
 */
void ubsan_report(const char *what);
/*
 * Reports from the hypervisor before its console and start line exist are
 * kept, not printed: the first one is reported when it calls ubsan_ready().
 * The loader reports at once.
 */
void ubsan_ready(void);
/* True where early reports must wait for ubsan_ready() (the hypervisor overrides the loader's false). */
bool ubsan_defer_early(void);
/* Reports so far (all CPUs). */
extern volatile unsigned ubsan_reports;

/* The entry points GCC calls that take no more than the location: X(name, what it reports, extra parameters). */
#define UBSAN_HANDLERS(X)                                                             \
	X(add_overflow, "signed integer overflow (+)", void *a, void *b)                \
	X(sub_overflow, "signed integer overflow (-)", void *a, void *b)                \
	X(mul_overflow, "signed integer overflow (*)", void *a, void *b)                \
	X(negate_overflow, "signed integer overflow (negation)", void *a)               \
	X(divrem_overflow, "division by zero or INT_MIN / -1", void *a, void *b)        \
	X(shift_out_of_bounds, "shift out of bounds", void *a, void *b)                 \
	X(out_of_bounds, "index out of bounds", void *index)                            \
	X(vla_bound_not_positive, "variable-length array bound not positive", void *b)  \
	X(load_invalid_value, "load of an invalid value (bool or enum)", void *val)     \
	X(nonnull_arg, "null passed as a nonnull argument")                             \
	X(nonnull_return_v1, "null returned from a returns_nonnull function", void *l)  \
	X(pointer_overflow, "pointer arithmetic overflow", void *base, void *result)    \
	X(invalid_builtin, "invalid argument to a builtin (ctz/clz of 0)")


#endif
