/* SPDX-License-Identifier: MIT */
/*
 * EL2 exception handling: fault probes and expected exceptions are absorbed;
 * anything else is dumped (ESR/ELR/FAR/SPSR, GPRs, backtrace), FAILs the
 * running test and abandons it, so the suite goes on. An exception with no
 * test running, or one inside a handler, ends the boot with an error.
 */
#include <stdio.h>
#include "traps/traps.h"
#include "traps/watchdog.h"
#include "selftest/selftest.h"
#include "selftest/report.h"
#include "lib/sysreg.h"
#include "lib/platform.h"
#include "mm/layout.h"

/* Instruction addresses in probe.S / vectors.S. */
extern char probe_read_insn[], probe_write_insn[], probe_fixup[], trap_abort_landing[];
bool arch_probe_read64(uint64_t va, uint64_t *out);
bool arch_probe_write64(uint64_t va, uint64_t val);
bool arch_probe_exec(uint64_t va);

enum probe_kind { PROBE_NONE, PROBE_READ, PROBE_WRITE, PROBE_EXEC };

static volatile enum probe_kind probe_armed;
static struct fault_info *volatile probe_fi;
static volatile int expect_ec = -1;
static struct fault_info *volatile expect_fi;
static uint64_t stack_lo, stack_hi;
static bool in_fatal;

/* The arch's exception classes by name (lib/<arch>/sysreg.h). */
static const char *const ec_names[] = { ESR_EC_NAMES };

const char *esr_ec_name(unsigned ec)
{
	if (ec < ARRAY_SIZE(ec_names) && ec_names[ec])
		return ec_names[ec];
	return "other";
}

/* The EC as the handler decodes it; the knob reproduces a wrong field position. */
static unsigned trap_ec(uint64_t esr)
{
#ifdef INJECT_TRAPS_EC_SHIFT
	return (esr >> 25) & 0x3f;
#else
	return esr_ec(esr);
#endif
}

void traps_init(uint64_t lo, uint64_t hi)
{
	stack_lo = lo;
	stack_hi = hi;
}

static void record(struct fault_info *fi, const struct trap_frame *f)
{
	if (!fi)
		return;
	fi->faulted = true;
	fi->esr = f->esr;
#ifdef INJECT_TRAPS_ISS_LOST
	fi->esr &= ~ESR_ISS_MASK;	/* knob: the syndrome's ISS is dropped */
#endif
#ifdef INJECT_TRAPS_FAR_LOST
	fi->far = 0;
#else
	fi->far = f->far;
#endif
	fi->elr = f->elr;
}

bool probe_read64(uint64_t va, uint64_t *val, struct fault_info *fi)
{
	uint64_t dummy;
	bool faulted;

	fi->faulted = false;
	probe_fi = fi;
	probe_armed = PROBE_READ;
	faulted = arch_probe_read64(va, val ? val : &dummy);
	probe_armed = PROBE_NONE;
	return faulted;
}

bool probe_write64(uint64_t va, uint64_t val, struct fault_info *fi)
{
	bool faulted;

	fi->faulted = false;
	probe_fi = fi;
	probe_armed = PROBE_WRITE;
	faulted = arch_probe_write64(va, val);
	probe_armed = PROBE_NONE;
	return faulted;
}

bool probe_exec(uint64_t va, struct fault_info *fi)
{
	bool faulted;

	fi->faulted = false;
	probe_fi = fi;
	probe_armed = PROBE_EXEC;
	faulted = arch_probe_exec(va);
	probe_armed = PROBE_NONE;
	return faulted;
}

void trap_expect(int ec, struct fault_info *fi)
{
	if (fi)
		fi->faulted = false;
	expect_fi = fi;
	expect_ec = ec;
}

/* A fault probe that faulted: resume at its fixup with x0 = 1. */
static bool handle_probe(struct trap_frame *f, unsigned ec)
{
	uint64_t elr = f->elr;

	switch (probe_armed) {
	case PROBE_READ:
		if (ec != ESR_EC_DABT_CUR || elr != (uint64_t)(uintptr_t)probe_read_insn)
			return false;
		break;
	case PROBE_WRITE:
		if (ec != ESR_EC_DABT_CUR || elr != (uint64_t)(uintptr_t)probe_write_insn)
			return false;
		break;
	case PROBE_EXEC:
		/* The fetch faulted at the target: return to the caller of the probe. */
		if (ec != ESR_EC_IABT_CUR)
			return false;
		record(probe_fi, f);
		probe_armed = PROBE_NONE;
		f->elr = f->x[TF_REG_LR];
		f->x[0] = 1;
		return true;
	default:
		return false;
	}
	record(probe_fi, f);
	probe_armed = PROBE_NONE;
	f->elr = (uint64_t)(uintptr_t)probe_fixup;
	return true;
}

void trap_dump(const struct trap_frame *f)
{
	/* The runtime VA of the image (ELR is a VA): the host symbolizes elr - base against hyptest.elf. */
	uint64_t base = (uint64_t)(uintptr_t)__image_start;
	uint64_t fp = f->x[TF_REG_FP], next, ret;

	printf("# exception: vector=%lu ec=0x%02x (%s) esr=0x%08lx elr=0x%016lx far=0x%016lx "
	       "spsr=0x%08lx\n", (unsigned long)f->vector, esr_ec((f->esr)),
	       esr_ec_name(esr_ec(f->esr)), (unsigned long)f->esr, (unsigned long)f->elr,
	       (unsigned long)f->far, (unsigned long)f->spsr);
	printf("# image base 0x%lx: elr = image+0x%lx\n", (unsigned long)base,
	       (unsigned long)(f->elr - base));
	for (int i = 0; i < TF_NREGS; i += 4) {
		printf("#");
		for (int j = i; j < i + 4 && j < TF_NREGS; j++)
			printf(TF_REG_FMT, j, (unsigned long)f->x[j]);
		if (i + 4 >= TF_NREGS)
			printf(" sp =0x%016lx", (unsigned long)f->sp);
		printf("\n");
	}
	/* Frame records on the main stack; stop at anything outside it. */
	printf("# backtrace: pc=0x%lx lr=0x%lx", (unsigned long)f->elr, (unsigned long)f->x[TF_REG_LR]);
	for (int depth = 0; depth < 16; depth++) {
		if (!tf_frame_record(fp, stack_lo, stack_hi, &next, &ret) || !ret)
			break;
		printf(" 0x%lx", (unsigned long)ret);
		fp = next;
	}
	printf("\n");
}

static void __noreturn fatal(const struct trap_frame *f, const char *what)
{
	if (in_fatal) {
		/* Faulting while reporting a fault: printf state is not trusted either. */
		arch_halt();
	}
	in_fatal = true;
	trap_dump(f);
	report_error("%s (ec=0x%02x elr=0x%lx far=0x%lx)", what, esr_ec(f->esr),
		     (unsigned long)f->elr, (unsigned long)f->far);
}

/*
 * An exception on a secondary CPU cannot abandon CPU 0's test: it is
 * recorded here and the CPU parks. CPU 0 then sees it stop answering
 * (smp_call times out) and reports this record with the FAIL.
 */
struct secondary_fault secondary_fault;
static uint64_t boot_mpidr = UINT64_MAX;

void traps_set_boot_cpu(uint64_t mpidr)
{
	boot_mpidr = mpidr;
}

bool traps_on_boot_cpu(void)
{
	return boot_mpidr == UINT64_MAX || (READ_SYSREG(mpidr_el1) & UINT64_C(0xff00ffffff)) == boot_mpidr;
}

static void __noreturn park_secondary(const struct trap_frame *f, uint64_t mpidr)
{
	secondary_fault.mpidr = mpidr;
	secondary_fault.esr = f->esr;
	secondary_fault.elr = f->elr;
	secondary_fault.far = f->far;
	__asm__ __volatile__("dmb ish" ::: "memory");
	secondary_fault.hit = true;
	__asm__ __volatile__("dsb ish\n\tsev" ::: "memory");
	arch_halt();
}

/* Abandon the running test: resume at the landing, in EL2t, interrupts masked. */
static void abandon_test(struct trap_frame *f, const char *why)
{
	selftest_fail_from_trap(why);
	probe_armed = PROBE_NONE;
	expect_ec = -1;
	f->elr = (uint64_t)(uintptr_t)trap_abort_landing;
	f->spsr = TRAP_LANDING_SPSR;
}

/*
 * An IRQ taken at EL2 from the running test (PSTATE.I is clear only then):
 * the watchdog's timer. A timeout ends the test like an unexpected
 * exception does; an expected expiry or anything else returns to it.
 */
static void irq_at_el2(struct trap_frame *f)
{
	if (watchdog_irq(f->elr, false) != WD_TIMEOUT)
		return;
	if (!selftest_running() || !TRAP_SPSR_IN_TEST(f->spsr))
		fatal(f, "watchdog timeout outside a test's code");
	abandon_test(f, watchdog_timeout_reason());
}

void trap_dispatch(struct trap_frame *f)
{
	unsigned ec = trap_ec(f->esr);
	char why[128];

	if (!traps_on_boot_cpu())
		park_secondary(f, READ_SYSREG(mpidr_el1) & UINT64_C(0xff00ffffff));

	if (f->vector >= TRAP_CUR_SPX_SYNC && f->vector <= TRAP_CUR_SPX_SERROR)
		fatal(f, "exception inside an exception handler");
	if (f->vector == TRAP_CUR_SP0_IRQ) {
		irq_at_el2(f);
		return;
	}
	if (f->vector != TRAP_CUR_SP0_SYNC)
		fatal(f, f->vector == TRAP_CUR_SP0_SERROR ? "SError" : "unexpected interrupt or lower-EL exception");

	if (probe_armed != PROBE_NONE && handle_probe(f, ec))
		return;
	if (expect_ec >= 0 && (unsigned)expect_ec == ec) {
		record(expect_fi, f);
		expect_ec = -1;
		f->elr += 4;	/* step over the A64 instruction that trapped */
		return;
	}

	if (!selftest_running())
		fatal(f, "unexpected exception outside a test");
	trap_dump(f);
	if (f->vector == TRAP_CUR_SP0_SYNC && (ec == ESR_EC_DABT_CUR) &&
	    f->far >= (uint64_t)(uintptr_t)__stack_guard && f->far < (uint64_t)(uintptr_t)__stack_start)
		snprintf(why, sizeof(why), "stack overflow into the guard page (far=0x%lx)",
			 (unsigned long)f->far);
	else
		snprintf(why, sizeof(why), "unexpected exception ec=0x%02x (%s) at elr=0x%lx far=0x%lx",
			 ec, esr_ec_name(ec), (unsigned long)f->elr, (unsigned long)f->far);
	abandon_test(f, why);
}
