/* SPDX-License-Identifier: MIT */
/* The loader stub's arch hooks. */
#ifndef HYPTEST_LOADER_H
#define HYPTEST_LOADER_H

#include "lib/compiler.h"
#include "boot/placement.h"

extern const char *const arch_name;
extern const struct regime *const arch_regime;
/* A hardware random number (RNDR), if the CPU has one. */
bool arch_random(uint64_t *v);
uint64_t arch_counter(void);
/* The footprint (bss included) an image header gives, 0 if it is not a valid header. */
uint64_t arch_image_footprint(const void *image, size_t len);
/* Make [start, end) visible to a CPU running with the MMU off. */
void arch_clean_for_mmu_off(uint64_t start, uint64_t end);
void arch_enter_payload(uint64_t pa, uint64_t dtb, uint64_t bi) __noreturn;
void loader_main(uint64_t dtb_pa, uint64_t loader_pa, unsigned el, uint64_t t_entry) __noreturn;
/* An exception in the loader, from its vectors (loader_head.S); exits. */
void loader_fault(unsigned long syndrome, unsigned long pc, unsigned long far) __noreturn;

#endif
