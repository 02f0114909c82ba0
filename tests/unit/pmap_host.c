/* SPDX-License-Identifier: MIT */
/*
 * mm/pmap.c compiled unchanged for the host tests, its one inline asm (the
 * ISB after a map) turned into a call to host_asm(text), which
 * tests/unit/test_pmap.c defines and records. The system headers pmap.c
 * uses are included before `__asm__` is redefined; the rest of what it
 * includes has no inline asm outside macros it does not use.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

void host_asm(const char *text);

#define __asm__
#define __volatile__(...) host_asm(#__VA_ARGS__)
#include "mm/pmap.c"
