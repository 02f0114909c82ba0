/* SPDX-License-Identifier: MIT */
/* The one place hyptest reads the device tree, through libfdt. */
#ifndef HYPTEST_DT_H
#define HYPTEST_DT_H

#include "lib/compiler.h"
#include "lib/platform.h"

struct mem_range {
	uint64_t base;
	uint64_t size;
};

/* 0 if fdt is a usable DTB of at most maxsize bytes, else -1 with *why set. */
int dt_check(const void *fdt, size_t maxsize, const char **why);
/* The blob's total size from its header. */
uint64_t dt_size(const void *fdt);
/* /chosen/bootargs, or NULL. */
const char *dt_bootargs(const void *fdt);
/* All reg ranges of every enabled /memory node (device_type = "memory"); returns the count. */
int dt_memory(const void *fdt, struct mem_range *r, int max);
/*
 * The UART named by /chosen/stdout-path (a path or an alias, with or
 * without ":options"); its first reg range translated through the parents'
 * ranges. Returns 0, or -1 with *why set.
 */
int dt_stdout_uart(const void *fdt, uint64_t *base, uint64_t *size, const char **why);
/* Translate a bus address of node's reg through its parents' ranges to a CPU address: 0, or -1. */
int dt_translate(const void *fdt, int node, uint64_t *addr);
/* The /psci node's method, PSCI_NONE if absent or unknown. */
enum psci_conduit dt_psci_conduit(const void *fdt);
/*
 * Make the DT name PSCI with method "smc" (the EL3 shim is the firmware):
 * the existing PSCI node gets it, or a /psci node is added. The blob is
 * edited in place and may grow up to room bytes (room >= its size), then
 * packed. 0 (also when it already said smc), or -1 with *why set.
 */
int dt_set_psci_smc(void *fdt, size_t room, const char **why);
/* /memreserve/ entries and /reserved-memory children's reg ranges; returns the count. */
int dt_reserved(const void *fdt, struct mem_range *r, int max);
/*
 * A seed from /chosen: "rng-seed" (bytes, folded into 64 bits) -> 1, else
 * "kaslr-seed" -> 2; 0 if neither is there.
 */
int dt_chosen_seed(const void *fdt, uint64_t *seed);
/* Number of /cpus/cpu nodes. */
int dt_cpu_count(const void *fdt);
/* The idx-th CPU's MPIDR affinity (its reg): 0, or -1 if there is no such CPU or reg. */
int dt_cpu_mpidr(const void *fdt, int idx, uint64_t *mpidr);

enum cpu_enable { CPU_ENABLE_PSCI, CPU_ENABLE_SPIN_TABLE, CPU_ENABLE_BAD };
/*
 * How the idx-th CPU is started: enable-method "psci" or none (PSCI CPU_ON
 * through the /psci node's conduit), or "spin-table" with its
 * cpu-release-addr (two cells) in *release. CPU_ENABLE_BAD: no such CPU,
 * another method, or a spin-table CPU without a usable cpu-release-addr.
 */
enum cpu_enable dt_cpu_enable(const void *fdt, int idx, uint64_t *release);

#endif
