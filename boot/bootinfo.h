/* SPDX-License-Identifier: MIT */
/* boot_info: what the loader stub hands the hypervisor (x1), versioned and checked. */
#ifndef HYPTEST_BOOTINFO_H
#define HYPTEST_BOOTINFO_H

#include "lib/compiler.h"

#define BOOT_INFO_MAGIC		UINT64_C(0x4f464e4954505948)	/* "HYPTINFO" */
#define BOOT_INFO_VERSION	3

#define BOOT_INFO_STARTED	(1u << 0)	/* the start line was printed */
#define BOOT_INFO_TAP		(1u << 1)	/* ... in TAP mode */

struct boot_info {
	uint64_t magic;
	uint32_t version;
	uint32_t size;		/* sizeof(struct boot_info) */
	uint64_t seed;
	uint64_t payload_pa;	/* where the loader copied the hypervisor */
	uint64_t runtime_va;	/* where the hypervisor must run */
	uint64_t payload_size;	/* its footprint, bss and tables included */
	uint32_t cls;		/* enum placement_class the loader aimed for */
	uint32_t entry_el;	/* EL the firmware entered the image at */
	uint64_t dtb_pa;
	uint64_t loader_pa;
	uint64_t loader_size;
	uint32_t flags;
	uint32_t seed_source;	/* enum seed_source */
	/*
	 * How to leave before the hypervisor has read the DT itself (an error
	 * in head.S): enum boot_exit. Version 2.
	 */
	uint32_t early_exit;
	uint32_t pad;
	/* CNTPCT_EL0 at the loader's first instruction and just before it enters the hypervisor. Version 3. */
	uint64_t t_loader_entry;
	uint64_t t_loader_exit;
};

enum boot_exit { BOOT_EXIT_NONE, BOOT_EXIT_SEMIHOST, BOOT_EXIT_PSCI_SMC, BOOT_EXIT_PSCI_HVC };

enum seed_source { SEED_BOOTARGS, SEED_RNG_SEED, SEED_KASLR_SEED, SEED_RNDR, SEED_COUNTER };

#endif
