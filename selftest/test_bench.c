/* SPDX-License-Identifier: MIT */
/*
 * bench.*: what the trap paths, the TLB maintenance, PMAP and each boot
 * phase cost. Not in the default set (tests=bench.*). Each measurement
 * prints
 *
 *   BENCH: <id> <value> ticks     CNTPCT_EL0 ticks per operation
 *   BENCH: <id> <value> ns        the same, through CNTFRQ_EL0
 *   BENCH: <id> <value> cycles    PMCCNTR_EL0 per operation (if its cycle
 *                                 counter counts at EL2: lib/pmu.h)
 *
 * with two decimals for averages. QEMU's cycle counter is its virtual clock
 * at 1 GHz, so under -icount shift=0 (one virtual ns per instruction) it
 * counts instructions: bench.counter's loop of two instructions shows it.
 * On arm32 PMCCNTR is 32 bits: differences are taken modulo its width.
 * A bench FAILs when the counter does not move or the operation it timed
 * did not happen as often as it says (trap and abort counts, PMAP maps); it
 * never judges the time itself. The guest benches run guest_native, the
 * guest of the hypervisor's own width (a64 on arm64, a32 on arm32).
 */
#include <stdio.h>
#include "selftest/selftest.h"
#include "boot/stamps.h"
#include "guest/abi.h"
#include "guest/vm.h"
#include "lib/pmu.h"
#include "lib/sysreg.h"
#include "mm/tlb.h"
#include "mm/layout.h"
#include "mm/pmap.h"
#include "mm/runtime.h"
#include "mm/va_layout.h"

struct bench_clock {
	uint64_t ticks, cycles;
};

/* Why there are no cycles (lib/pmu.h), NULL when the cycle counter runs; started on the first call. */
static const char *pmu_absent(void)
{
	static bool known;
	static const char *why;

	if (!known) {
		why = pmu_cycles_absent();
		if (!why)
			pmu_cycles_start();
		known = true;
	}
	return why;
}

static bool pmu_on(void)
{
	return !pmu_absent();
}

/* PMCCNTR_EL0 from a to b, modulo the counter's width (32 bits on arm32). */
static uint64_t cycles_between(uint64_t a, uint64_t b)
{
	return (b - a) & PMU_CYCLES_MASK;
}

/* Both counters now. The ISBs keep the reads from moving across the timed code. */
static void bench_now(struct bench_clock *c)
{
	isb();
	c->ticks = READ_SYSREG(cntpct_el0);
	c->cycles = pmu_on() ? READ_SYSREG(pmccntr_el0) : 0;
	isb();
}

static void print_per_op(const char *id, uint64_t total, uint64_t n, const char *unit)
{
	uint64_t v100 = total * 100 / n;

	if (n == 1)
		printf("BENCH: %s %lu %s\n", id, (unsigned long)total, unit);
	else
		printf("BENCH: %s %lu.%02lu %s\n", id, (unsigned long)(v100 / 100), (unsigned long)(v100 % 100), unit);
}

/*
 * Report what n operations cost in total (cycles: false when only ticks
 * were taken); FAIL if a counter did not move.
 */
static void bench_report(const char *id, uint64_t ticks, uint64_t cycles, bool has_cycles, uint64_t n)
{
	uint64_t freq = READ_SYSREG(cntfrq_el0);

	has_cycles = has_cycles && pmu_on();
	if (!ticks || !freq)
		FAIL("%s: CNTPCT_EL0 did not advance (%lu ticks, CNTFRQ_EL0 %lu)", id, (unsigned long)ticks,
		     (unsigned long)freq);
	if (has_cycles && !cycles)
		FAIL("%s: PMCCNTR_EL0 did not advance", id);
	print_per_op(id, ticks, n, "ticks");
	print_per_op(id, ticks * 1000000000 / freq, n, "ns");
	if (has_cycles)
		print_per_op(id, cycles, n, "cycles");
}

static void bench_since(const char *id, const struct bench_clock *t0, uint64_t n)
{
	struct bench_clock t1;

	bench_now(&t1);
	bench_report(id, t1.ticks - t0->ticks, cycles_between(t0->cycles, t1.cycles), true, n);
}

/*
 * A loop of exactly two instructions per iteration (SUBS, B.NE on arm64;
 * SUBS, BNE in ARM state on arm32): the counters' calibration.
 */
TEST_FLAGS(bench, counter, TEST_NOT_DEFAULT)
{
	const uint64_t n = 100000;
	struct bench_clock t0;

	bench_now(&t0);
	pmu_loop_2_insns(n);
	bench_since("bench.counter-loop-2-insns", &t0, n);
	if (pmu_on())
		selftest_note("CNTFRQ_EL0 %lu Hz, PMU cycle counter on", (unsigned long)READ_SYSREG(cntfrq_el0));
	else
		selftest_note("CNTFRQ_EL0 %lu Hz, PMU cycle counter absent: %s, so ticks and ns only",
			      (unsigned long)READ_SYSREG(cntfrq_el0), pmu_absent());
}

/*
 * One guest exit kind, timed from the hypervisor: a run of n iterations
 * against a run of none, so that loading and starting the guest cancel out.
 * Returns the vCPU of the n-iteration run.
 */
#define GUEST_N	1000

static const struct vcpu *guest_bench(const char *id, unsigned kind)
{
	struct bench_clock t[2][2];
	const struct vcpu *v = NULL;
	unsigned exits[2];
	unsigned long asked = GUEST_N;

#ifdef INJECT_BENCH_GUEST_SHORT
	asked--;	/* knob: the guest is asked for one iteration fewer than the bench divides by */
#endif
	for (unsigned r = 0; r < 2; r++) {
		const char *why = NULL;
		struct vm *vm = vm_prepare(0, guest_native, GSCN_BENCH, GBENCH_ARG(kind, r ? asked : 0), NULL, &why);

		if (!vm)
			FAIL("cannot set up the %s guest: %s", guest_native->name, why);
		bench_now(&t[r][0]);
		vm_run_to_done(vm);
		bench_now(&t[r][1]);
		v = &vm->vcpu;
		if (v->error || !v->done || v->status)
			FAIL("%s guest: %s (status %lu)", guest_native->name, v->error ? v->error : "did not finish",
			     (unsigned long)v->status);
		exits[r] = v->exits;
	}
	if (exits[1] - exits[0] != GUEST_N)
		FAIL("%s: the guest made %u exits more in %u iterations than in none", id, exits[1] - exits[0],
		     GUEST_N);
	bench_report(id, (t[1][1].ticks - t[1][0].ticks) - (t[0][1].ticks - t[0][0].ticks),
		     cycles_between(t[1][0].cycles, t[1][1].cycles) - cycles_between(t[0][0].cycles, t[0][1].cycles),
		     true, GUEST_N);
	return v;
}

TEST_FLAGS(bench, hvc, TEST_NOT_DEFAULT)
{
	guest_bench("bench.hvc-round-trip", GBENCH_HVC);
	selftest_note("%u GHVC_QUERY calls from the %s guest, minus a run without", GUEST_N, guest_native->name);
}

TEST_FLAGS(bench, sysreg_write, TEST_NOT_DEFAULT)
{
	const struct vcpu *v = guest_bench("bench.sysreg-write-trapped", GBENCH_SYSREG);

	if (v->traps_total != GUEST_N)
		FAIL("%u passthrough traps for %u CONTEXTIDR_EL1 writes", v->traps_total, GUEST_N);
	selftest_note("%u CONTEXTIDR_EL1 writes trapped (TVM) and passed through", GUEST_N);
}

TEST_FLAGS(bench, stage2_fault, TEST_NOT_DEFAULT)
{
	const struct vcpu *v = guest_bench("bench.stage2-fault", GBENCH_STAGE2);

	if (v->s2_aborts != GUEST_N)
		FAIL("%u stage-2 aborts for %u loads outside the guest's RAM", v->s2_aborts, GUEST_N);
	selftest_note("%u loads outside the guest's RAM, each a stage-2 abort stepped over", GUEST_N);
}

/*
 * TLBI by VA at EL2 with its completion DSB, as mm/tlb.h issues it (inlined,
 * no call in the loop): TLBI VAE2 / VAE2IS on arm64, TLBIMVAH / TLBIMVAHIS
 * on arm32.
 */
#define TLBI_N	10000
#define TLBI_BENCH(name, id, tlbi)                                            \
	TEST_FLAGS(bench, name, TEST_NOT_DEFAULT)                             \
	{                                                                     \
		struct bench_clock t0;                                        \
									      \
		bench_now(&t0);                                               \
		for (unsigned i = 0; i < TLBI_N; i++)                         \
			tlbi(TEST_BASE);                                      \
		bench_since(id, &t0, TLBI_N);                                 \
	}

TLBI_BENCH(tlbi_local, "bench.tlbi-va-local", tlb_el2_va_local)
TLBI_BENCH(tlbi_is, "bench.tlbi-va-inner-shareable", tlb_el2_va)

/* PMAP map + a store through the slot + unmap (BBM, local TLBI). Early: PMAP closes when SMP starts. */
#define PMAP_N	1000

TEST_FLAGS(bench, pmap, TEST_NOT_DEFAULT | TEST_EARLY)
{
	uint64_t pa = boot_alloc_pages(1, PAGE_SIZE);
	struct pmap_stats before, after;
	struct bench_clock t0;

	if (!pa)
		FAIL("no page left in the boot allocator");
	pmap_get_stats(&before);
	bench_now(&t0);
	for (unsigned i = 0; i < PMAP_N; i++) {
		volatile uint64_t *p = pmap_map(pa);

		if (!p)
			FAIL("pmap_map refused map %u", i);
		*p = i;
		pmap_unmap((void *)(uintptr_t)p);
	}
	bench_since("bench.pmap-map-unmap", &t0, PMAP_N);
	pmap_get_stats(&after);
	if (after.maps - before.maps != PMAP_N || after.busy != before.busy)
		FAIL("%u PMAP maps for %u calls, %u slots busy after (%u before)", after.maps - before.maps, PMAP_N,
		     after.busy, before.busy);
}

/*
 * The boot phases, from the loader's first instruction to this test. Final:
 * "tests" is everything selected before it in this boot (with tests=bench.*,
 * the other benches; the runner also boots the default set plus this one).
 */
TEST_FLAGS(bench, boot_phases, TEST_NOT_DEFAULT | TEST_FINAL)
{
	static const char *const names[] = {
		"bench.boot-loader", "bench.boot-relocation", "bench.boot-tables", "bench.boot-mmu-switch",
		"bench.boot-setup", "bench.boot-tests",
	};
	uint64_t t[2 + STAMP_COUNT + 1];
	unsigned n = 0;
	struct bench_clock now;

	bench_now(&now);
	if (boot_mm.has_bi) {
		t[n++] = boot_mm.bi.t_loader_entry;
		t[n++] = boot_mm.bi.t_loader_exit;
	}
	for (unsigned i = 0; i < STAMP_COUNT; i++)
		t[n++] = boot_stamps[i];
	t[n++] = now.ticks;
	for (unsigned i = 0; i < n; i++)
		if (!t[i] || (i && t[i] < t[i - 1]))
			FAIL("boot stamp %u of %u is 0x%lx, after 0x%lx: a phase was not recorded", i, n,
			     (unsigned long)t[i], (unsigned long)(i ? t[i - 1] : 0));
	/*
	 * With a loader: t[0..1] loader entry and exit, t[2..] head.S on. The
	 * step from the loader's exit to head.S (a branch) is in no phase.
	 */
	if (boot_mm.has_bi)
		bench_report(names[0], t[1] - t[0], 0, false, 1);
	for (unsigned i = 1, a = boot_mm.has_bi ? 2 : 0; i < ARRAY_SIZE(names); i++, a++)
		bench_report(names[i], t[a + 1] - t[a], 0, false, 1);
	selftest_note("%u tests ran before this one", selftest_ran_count());
}
