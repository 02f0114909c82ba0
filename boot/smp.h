/* SPDX-License-Identifier: MIT */
/* Secondary CPUs: PSCI CPU_ON or a spin-table release into the randomized image, per-CPU stacks, and a mailbox to run work on them. */
#ifndef HYPTEST_SMP_H
#define HYPTEST_SMP_H

#include "lib/compiler.h"
#include "mm/runtime.h"

struct smp_cpu {
	volatile bool online;
	volatile uint64_t mpidr;	/* MPIDR_EL1 as the CPU read it */
	volatile uint64_t pc, sp;	/* sampled in secondary_main */
	volatile int64_t psci_ret;	/* CPU_ON's return value */
	bool spin_table;		/* started through the spin table, not PSCI */
	uint64_t release;		/* spin-table: the cpu-release-addr written */
	uint64_t dt_mpidr;		/* the DT's reg for this CPU index */
	/* Mailbox: CPU 0 posts fn/arg and bumps seq; the CPU runs it and copies seq to done. */
	void (*volatile fn)(void *);
	void *volatile arg;
	volatile unsigned seq, done;
};

struct smp_state {
	unsigned wanted;		/* CPUs to run: cpus= or every CPU in the DT */
	unsigned started;		/* of which CPU_ON succeeded and the CPU checked in */
	uint64_t tramp_pa;		/* the identity-mapped trampoline page (removed after bring-up) */
	const char *error;		/* why bring-up stopped early, or NULL */
	struct smp_cpu cpu[MAX_CPUS];
};

extern struct smp_state smp;

/* Start CPUs 1..n-1; afterwards PMAP is sealed. Never hangs: a CPU that does not check in is recorded. */
void smp_boot(const void *fdt, unsigned wanted);
/* Run fn(arg) on cpu and wait for it (bounded). 0, or -1 if the CPU did not answer. */
int smp_call(unsigned cpu, void (*fn)(void *), void *arg);

#endif
