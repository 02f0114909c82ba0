/* SPDX-License-Identifier: MIT */
/* The image's linker-script boundaries, and the boot mapping state the tests read. */
#ifndef HYPTEST_LAYOUT_H
#define HYPTEST_LAYOUT_H

#include "lib/compiler.h"
#include "mm/pgtable.h"

extern char __image_start[], __text_end[], __rodata_end[], __data_end[];
extern char __bss_start[], __bss_end[];
extern char __stack_guard[], __stack_start[], __stack_end[];
extern char __xstack_guard[], __xstack_start[], __xstack_end[];
extern char __pt_pool_start[], __pt_pool_end[], __image_end[];

/* What boot_tables_build() did, for hyp_main and the boot.* tests. */
struct boot_mm {
	struct pt pt;		/* the runtime EL2 tables */
	struct pt_pool pool;
	uint64_t image_pa;
	uint64_t dtb_pa;
	uint64_t dtb_size;	/* bytes mapped at dtb_pa, 0 if the DTB header was unusable */
	uint64_t early_uart;	/* PA of the early UART page, device-mapped */
	int error;		/* pt_* error code if building failed */
};

extern struct boot_mm boot_mm;

uint64_t boot_tables_build(uint64_t image_pa, uint64_t dtb_pa);
/* Map a device page range into the live tables (invalid -> valid only). */
int mm_map_device(uint64_t pa, uint64_t size);

#endif
