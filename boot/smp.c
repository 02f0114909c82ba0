/* SPDX-License-Identifier: MIT */
/*
 * SMP bring-up. CPU 0 copies the trampoline (smp_entry.S) into a page of
 * free RAM, maps that page at its own PA in the runtime tables, and starts
 * each CPU with PSCI CPU_ON (the DT's conduit) at that PA. Each CPU checks in
 * from secondary_main() at the runtime VA, on its own stack (guard page
 * below). Then PMAP is sealed (seed 002: early boot only) and the
 * trampoline's identity entry is removed with BBM and a broadcast TLBI.
 */
#include <string.h>
#include "boot/smp.h"
#include "lib/sysreg.h"
#include "lib/dt.h"
#include "lib/platform.h"
#include "mm/cache.h"
#include "mm/layout.h"
#include "mm/pmap.h"
#include "mm/va_layout.h"

extern char smp_tramp_start[], smp_tramp_params[], smp_tramp_end[], secondary_entry[];

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
	uint64_t sp;

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

void smp_boot(const void *fdt, unsigned wanted)
{
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
	if (conduit == PSCI_NONE) {
		smp.error = "the DT has no PSCI conduit to start CPUs with";
		pmap_seal();
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		uint64_t lo, hi;

		mm_secondary_stack(i, &lo, &hi);
		smp_sp[i][0] = hi;		/* SP_EL0: the main stack */
		smp_sp[i][1] = lo + PAGE_SIZE;	/* SP_EL2: its lowest page; the guard is below */
	}
	if (!setup_trampoline()) {
		pmap_seal();
		return;
	}
	for (unsigned i = 1; i < n; i++) {
		uint64_t mpidr, end;

		if (dt_cpu_mpidr(fdt, (int)i, &mpidr)) {
			smp.error = "a /cpus/cpu node has no usable reg";
			break;
		}
		smp.cpu[i].psci_ret = (int64_t)arch_psci_call(conduit, PSCI_FN_CPU_ON, mpidr, smp.tramp_pa, i);
		if (smp.cpu[i].psci_ret) {
			smp.error = "PSCI CPU_ON failed";
			continue;
		}
		end = READ_SYSREG(cntpct_el0) + 1000 * ticks_per_ms();
		while (!smp.cpu[i].online && READ_SYSREG(cntpct_el0) < end)
			;
		if (smp.cpu[i].online)
			smp.started++;
		else
			smp.error = "a CPU did not check in within 1 s";
	}
	/* Secondaries run: PMAP is closed from now on, and the trampoline goes. */
	pmap_seal();
	pt_unmap(&boot_mm.pt, smp.tramp_pa, PAGE_SIZE, 0);
}
