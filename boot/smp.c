/* SPDX-License-Identifier: MIT */
/*
 * SMP bring-up. CPU 0 copies the trampoline (smp_entry.S) into a page of
 * free RAM, maps that page at its own PA in the runtime tables, and starts
 * each CPU the way its DT node says: PSCI CPU_ON (the DT's conduit) at that
 * PA, or, for enable-method = "spin-table", by writing the CPU's own entry
 * in that page to its cpu-release-addr. Each CPU checks in from
 * secondary_main() at the runtime VA, on its own stack (guard page below).
 * Then PMAP is sealed (seed 002: early boot only) and the trampoline's
 * identity entry is removed with BBM and a broadcast TLBI.
 */
#include <stdio.h>
#include <string.h>
#include "boot/smp.h"
#include "lib/sysreg.h"
#include "lib/dt.h"
#include "lib/platform.h"
#include "mm/cache.h"
#include "mm/layout.h"
#include "mm/pmap.h"
#include "mm/va_layout.h"

extern char smp_tramp_start[], smp_tramp_spin[], smp_tramp_params[], smp_tramp_end[], secondary_entry[];

struct smp_state smp;
/* Read by secondary_entry: { SP_EL0 top, SP_EL2 top } per CPU. */
uint64_t smp_sp[MAX_CPUS][2];

static uint64_t ticks_per_ms(void)
{
	return READ_SYSREG(cntfrq_el0) / 1000;
}

void secondary_main(uint64_t cpu) __noreturn;
void secondary_main(uint64_t cpu)
{
	struct smp_cpu *c = &smp.cpu[cpu];
	uintptr_t sp;	/* register-sized: a uint64_t "=r" on arm32 would leave its high word unset */

	__asm__ __volatile__("mov %0, sp" : "=r"(sp));
	c->mpidr = READ_SYSREG(mpidr_el1);
	c->pc = (uint64_t)(uintptr_t)secondary_main;
	c->sp = sp;
	__asm__ __volatile__("dmb ish" ::: "memory");
	c->online = true;
	__asm__ __volatile__("dsb ish\n\tsev" ::: "memory");
	for (;;) {
		unsigned seq = c->seq;

		if (seq != c->done && c->fn) {
			__asm__ __volatile__("dmb ish" ::: "memory");
			c->fn(c->arg);
			__asm__ __volatile__("dmb ish" ::: "memory");
			c->done = seq;
			__asm__ __volatile__("dsb ish\n\tsev" ::: "memory");
			continue;
		}
		__asm__ __volatile__("wfe");
	}
}

int smp_call(unsigned cpu, void (*fn)(void *), void *arg)
{
	struct smp_cpu *c = &smp.cpu[cpu];
	uint64_t end = READ_SYSREG(cntpct_el0) + 1000 * ticks_per_ms();
	unsigned seq;

	if (cpu == 0 || cpu >= MAX_CPUS || !c->online)
		return -1;
	c->arg = arg;
	c->fn = fn;
	seq = c->seq + 1;
	__asm__ __volatile__("dmb ish" ::: "memory");
	c->seq = seq;
	__asm__ __volatile__("dsb ish\n\tsev" ::: "memory");
	while (c->done != seq)
		if (READ_SYSREG(cntpct_el0) > end)
			return -1;
	__asm__ __volatile__("dmb ish" ::: "memory");
	return 0;
}

/* A page of free RAM whose PA, used as a VA, is free in the runtime tables. */
static uint64_t tramp_page(void)
{
	for (int i = 0; i < 16; i++) {
		uint64_t pa = boot_alloc_pages(1, PAGE_SIZE);
		struct pt_walk w;

		if (!pa)
			return 0;
		pt_walk(&boot_mm.pt, pa, &w);
		if (!w.valid && pa < FIXED_BASE && (pa + PAGE_SIZE <= boot_mm.va || pa >= boot_mm.va + boot_mm.size))
			return pa;
	}
	return 0;
}

static bool setup_trampoline(void)
{
	uint64_t pa = tramp_page(), *params;
	size_t len = (size_t)(smp_tramp_end - smp_tramp_start);
	uint8_t *v;

	if (!pa || len > PAGE_SIZE) {
		smp.error = "no page for the trampoline";
		return false;
	}
	v = pmap_map(pa);
	if (!v) {
		smp.error = "PMAP refused the trampoline page";
		return false;
	}
	memcpy(v, smp_tramp_start, len);
	params = (uint64_t *)(uintptr_t)(v + (smp_tramp_params - smp_tramp_start));
	params[0] = READ_SYSREG(mair_el2);
	params[1] = READ_SYSREG(tcr_el2);
	params[2] = READ_SYSREG(ttbr0_el2);
	params[3] = READ_SYSREG(hcr_el2);
	params[4] = READ_SYSREG(cptr_el2);
	params[5] = READ_SYSREG(sctlr_el2);
	params[6] = (uint64_t)(uintptr_t)secondary_entry;
	/* The CPUs fetch and read it with the MMU off: it must be in memory (PoC). */
	dcache_clean_poc((uint64_t)(uintptr_t)v, (uint64_t)(uintptr_t)v + PAGE_SIZE);
	pmap_unmap(v);
	icache_inval_all();
	if (pt_map_pages(&boot_mm.pt, pa, pa, PAGE_SIZE, MM_X)) {
		smp.error = "cannot identity-map the trampoline";
		return false;
	}
	smp.tramp_pa = pa;
	return true;
}

/*
 * Release a CPU parked by the firmware's spin-table stub (Devicetree
 * specification, /cpus enable-method "spin-table"; Linux arm64 booting.rst).
 * The stub runs with the MMU off in a WFE loop that reads the CPU's 64-bit
 * release address; once it is non-zero it branches there, at EL2 with the
 * MMU off. Returns NULL, or why the CPU could not be released.
 */
static const char *spin_table_release(uint64_t release, uint64_t entry)
{
	uint64_t page = ALIGN_DOWN(release, PAGE_SIZE);
	volatile uint64_t *slot;
	uint8_t *v;

	if (!IS_ALIGNED(release, 8))
		return "a cpu-release-addr is not 8-byte aligned";
	/* The release address is firmware memory (/memreserve/): mapped only for the write. */
	v = pmap_map(page);
	if (!v)
		return "PMAP refused the page of a cpu-release-addr";
	slot = (volatile uint64_t *)(uintptr_t)(v + (release - page));
	*slot = entry;
	/*
	 * The stub reads the slot with its MMU off, that is as Device memory,
	 * from the PoC and not from any cache: the line just written through
	 * this Normal cacheable mapping is cleaned to the PoC (DC CVAC); the
	 * DSB SY in dcache_clean_poc() completes the clean before the SEV
	 * below can wake the CPU (Arm ARM D7.5.9: maintenance completes at a
	 * DSB). QEMU models no caches, so only a board can catch a missing
	 * clean here.
	 */
	dcache_clean_poc((uint64_t)(uintptr_t)slot, (uint64_t)(uintptr_t)slot + sizeof(*slot));
	pmap_unmap(v);
	/* SEV: wake the stub from its WFE; it re-reads the slot (Arm ARM D1.6.1, the Event register). */
	__asm__ __volatile__("sev" ::: "memory");
	return NULL;
}

/* Start CPU i at the trampoline by its DT enable-method; NULL, or why it could not be started. */
static const char *cpu_start(const void *fdt, unsigned i, enum psci_conduit conduit)
{
	struct smp_cpu *c = &smp.cpu[i];
	uint64_t mpidr, release;

	if (dt_cpu_mpidr(fdt, (int)i, &mpidr))
		return "a /cpus/cpu node has no usable reg";
	c->dt_mpidr = mpidr;
	switch (dt_cpu_enable(fdt, (int)i, &release)) {
	case CPU_ENABLE_SPIN_TABLE:
		c->spin_table = true;
		c->release = release;
		/* Its own entry: the stub passes x0 = 0, the entry loads the index (smp_entry.S). */
		return spin_table_release(release, smp.tramp_pa + (uint64_t)(smp_tramp_spin - smp_tramp_start) +
						   UINT64_C(8) * i);
	case CPU_ENABLE_PSCI:
		if (conduit == PSCI_NONE)
			return "the DT has no PSCI conduit to start CPUs with";
		c->psci_ret = (int64_t)arch_psci_call(conduit, PSCI_FN_CPU_ON, mpidr, smp.tramp_pa, i);
		return c->psci_ret ? "PSCI CPU_ON failed" : NULL;
	default:
		return "a /cpus/cpu node has an enable-method hyptest cannot use (or a spin-table without cpu-release-addr)";
	}
}

void smp_boot(const void *fdt, unsigned wanted)
{
	static char late[96];
	unsigned n = (unsigned)dt_cpu_count(fdt);
	enum psci_conduit conduit = dt_psci_conduit(fdt);

	if (wanted && wanted < n)
		n = wanted;
	if (n > MAX_CPUS)
		n = MAX_CPUS;
	smp.wanted = n;
	smp.started = 1;
	smp.cpu[0].online = true;
	smp.cpu[0].mpidr = READ_SYSREG(mpidr_el1);
	if (n <= 1)
		return;
	for (unsigned i = 0; i < n; i++) {
		uint64_t lo, hi;

		mm_secondary_stack(i, &lo, &hi);
		smp_sp[i][0] = hi;		/* SP_EL0: the main stack */
		mm_secondary_xstack(i, &lo, &hi);
		smp_sp[i][1] = hi;		/* SP_EL2: the exception stack, its own guard below */
	}
	if (!setup_trampoline()) {
		pmap_seal();
		return;
	}
	for (unsigned i = 1; i < n; i++) {
		const char *why = cpu_start(fdt, i, conduit);
		uint64_t end;

		if (why) {
			smp.error = why;
			continue;
		}
		end = READ_SYSREG(cntpct_el0) + 1000 * ticks_per_ms();
		while (!smp.cpu[i].online && READ_SYSREG(cntpct_el0) < end)
			;
		if (smp.cpu[i].online) {
			smp.started++;
			continue;
		}
		if (smp.cpu[i].spin_table)
			snprintf(late, sizeof(late), "CPU %u did not check in within 1 s (spin-table release at 0x%lx)",
				 i, (unsigned long)smp.cpu[i].release);
		else
			snprintf(late, sizeof(late), "CPU %u did not check in within 1 s (PSCI CPU_ON)", i);
		smp.error = late;
	}
	/* Secondaries run: PMAP is closed from now on, and the trampoline goes. */
	pmap_seal();
#ifndef INJECT_SMP_KEEP_TRAMPOLINE
	pt_unmap(&boot_mm.pt, smp.tramp_pa, PAGE_SIZE, 0);	/* the knob leaves it mapped */
#endif
}
