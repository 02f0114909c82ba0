/* SPDX-License-Identifier: MIT */
/* The image's linker-script boundaries, and the boot mapping state the tests read. */
#ifndef HYPTEST_LAYOUT_H
#define HYPTEST_LAYOUT_H

#include "lib/compiler.h"
#include "mm/pgtable.h"
#include "boot/bootinfo.h"

extern char __image_start[], __text_end[], __rodata_end[], __data_end[];
extern char __idmap_start[], __idmap_end[];
extern char __bss_start[], __bss_end[];
extern char __stack_guard[], __stack_start[], __stack_end[];
extern char __xstack_guard[], __xstack_start[], __xstack_end[];
extern char __pt_pool_start[], __pt_pool_end[], __pad_start[], __image_end[];
extern char __rela_start[], __rela_end[];

/* What the boot path planned and built, for hyp_main and the boot.* tests. */
struct boot_mm {
	struct pt pt;		/* the live EL2 tables */
	struct pt_pool pool;
	struct boot_info bi;	/* copied from the loader (valid if has_bi) */
	bool has_bi;
	uint64_t image_pa;	/* where the image runs, physically */
	uint64_t va;		/* ... and virtually */
	uint64_t size;		/* footprint: __image_end - __image_start */
	uint64_t idmap_pa;	/* the identity-mapped switch page (PA == its VA) */
	bool clash;		/* the temporary mapping was used (seed 000) */
	uint64_t clash_pc;	/* a PC sampled while running in the temporary mapping */
	uint64_t dtb_pa;
	uint64_t dtb_size;	/* bytes mapped, 0 if the DTB header was unusable */
	uint64_t dtb_va;
	uint64_t early_uart_va;
	uint64_t window_next;	/* next free VA in the device window */
	int error;		/* pt_* error code if building failed */
};

extern struct boot_mm boot_mm;

/* Boot-time steps, called from head.S (see the register table there). */
uint64_t boot_tables_build(uint64_t image_pa, uint64_t va, uint64_t dtb_pa, uint64_t bi_pa);
int boot_switch_temp(void);
int boot_finish(void);
/* The identity page's removal as boot_finish does it (also run again by boot.identity-removed). */
int boot_unmap_identity(void);
/* Map a device range into the window; returns its VA, 0 on failure. */
uint64_t mm_map_device(uint64_t pa, uint64_t size);

#endif
