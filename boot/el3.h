/* SPDX-License-Identifier: MIT */
/* The EL3 shim: CPU slots, PSCI function ids and return codes, shared by boot/arm64/el3_shim.S and boot/el3_psci.c. */
#ifndef HYPTEST_EL3_H
#define HYPTEST_EL3_H

/*
 * A CPU's slot: its core number (Aff0, or Aff1 when MPIDR.MT says Aff0
 * counts threads) plus 8 x its cluster (the next level up). Up to 8 cores
 * in each of 2 clusters: QEMU virt (one cluster, Aff0 = CPU index) and the
 * Base FVP (2 clusters of 4, MT set, so cores are Aff1 and clusters Aff2).
 * Anything else has no slot: it cannot be parked or released.
 */
#define EL3_CORES		8
#define EL3_CLUSTERS		2
#define EL3_SLOTS		(EL3_CORES * EL3_CLUSTERS)
/* Each slot has an EL3 stack of this size (the PSCI calls; printf if EL3 takes an exception). */
#define EL3_STACK_SHIFT		12
#define EL3_STACK_SIZE		(1 << EL3_STACK_SHIFT)

/* PSCI (Arm DEN0022) function ids: SMC32 0x84..., SMC64 0xc4.... */
#define PSCI_VERSION		0x84000000
#define PSCI_CPU_OFF		0x84000002
#define PSCI_CPU_ON_32		0x84000003
#define PSCI_CPU_ON_64		0xc4000003
#define PSCI_AFFINITY_INFO_32	0x84000004
#define PSCI_AFFINITY_INFO_64	0xc4000004
#define PSCI_MIGRATE_INFO_TYPE	0x84000006
#define PSCI_SYSTEM_OFF		0x84000008
#define PSCI_SYSTEM_RESET	0x84000009
#define PSCI_FEATURES		0x8400000a

#define PSCI_VERSION_1_0	0x10000
#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMETERS	(-2)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)
#define PSCI_INTERNAL_FAILURE	(-6)
#define PSCI_NOT_PRESENT	(-7)
/* MIGRATE_INFO_TYPE: no Trusted OS, nothing to migrate. */
#define PSCI_TOS_NOT_PRESENT	2
/* AFFINITY_INFO states. */
#define PSCI_AFF_ON		0
#define PSCI_AFF_OFF		1
#define PSCI_AFF_ON_PENDING	2

#ifndef __ASSEMBLER__
#include "lib/compiler.h"

/* Where a released secondary goes: PSCI CPU_ON's entry point and context_id (returned in x0, x1). */
struct el3_release {
	uint64_t entry;
	uint64_t context;
};

/* boot/arm64/el3_shim.S: the slot of an MPIDR affinity value, or -1 (mt: MPIDR.MT of this system). */
int64_t el3_slot_of(uint64_t mpidr, uint64_t mt);
/* boot/el3_psci.c, called from el3_shim.S at EL3. */
void el3_primary(uint64_t slot);
struct el3_release el3_park(uint64_t slot);
int64_t el3_psci(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
void el3_unexpected(uint64_t vector, uint64_t esr, uint64_t elr, uint64_t far) __noreturn;
#endif

#endif
