/* SPDX-License-Identifier: MIT */
/*
 * The EL3 shim's C half (boot/arm64/el3_shim.S calls it at EL3, MMU and
 * caches off): the secondary CPUs' mailboxes and the PSCI calls hyptest
 * needs, PSCI 1.0 style: VERSION, FEATURES, CPU_ON, AFFINITY_INFO,
 * MIGRATE_INFO_TYPE, SYSTEM_OFF and SYSTEM_RESET (through the platform's
 * mechanism); everything else is NOT_SUPPORTED.
 *
 * Secondaries run el3_park() while CPU 0 is still zeroing the loader's
 * .bss and applying its relocations, so this file keeps its state in .data
 * (loaded with the image, never zeroed) and uses no relocated pointer.
 */
#include "boot/el3.h"
#include "lib/arm64/sysreg_el3.h"
#include "lib/console.h"
#include "lib/platform.h"
#include "selftest/report.h"

enum el3_cpu_state {
	CPU_ABSENT,	/* never reached the shim (or no such CPU) */
	CPU_PARKED,	/* waiting in el3_park() */
	CPU_RELEASED,	/* CPU_ON posted an entry; the CPU has not left yet */
	CPU_ON,		/* running at EL2 */
};

struct el3_cpu {
	volatile uint64_t state;
	volatile uint64_t entry;
	volatile uint64_t context;
};

static struct el3_cpu el3_cpus[EL3_SLOTS] __section(".data.el3");

static uint64_t this_mt(void)
{
	return (READ_SYSREG(mpidr_el1) >> MPIDR_MT_SHIFT) & 1;
}

/* Platform hooks; a platform without an EL3 mechanism keeps these. */
__attribute__((weak)) void platform_el3_init(void)
{
}

__attribute__((weak)) void platform_el3_system_off(void)
{
}

__attribute__((weak)) void platform_el3_system_reset(void)
{
}

void el3_primary(uint64_t slot)
{
	el3_cpus[slot].state = CPU_ON;
	platform_el3_init();
}

struct el3_release el3_park(uint64_t slot)
{
	struct el3_cpu *c = &el3_cpus[slot];
	struct el3_release r;

	c->state = CPU_PARKED;
	dsb(sy);
	/* WFE: CPU_ON's SEV (or any event) wakes us to look again. */
	while (c->state != CPU_RELEASED)
		__asm__ __volatile__("wfe" ::: "memory");
	r.entry = c->entry;
	r.context = c->context;
	c->state = CPU_ON;
	dsb(sy);
	return r;
}

static int64_t cpu_on(uint64_t target, uint64_t entry, uint64_t context)
{
	int64_t slot = el3_slot_of(target, this_mt());
	struct el3_cpu *c;

	if (slot < 0)
		return PSCI_INVALID_PARAMETERS;
	c = &el3_cpus[slot];
	switch (c->state) {
	case CPU_ABSENT:
		return PSCI_NOT_PRESENT;
	case CPU_RELEASED:
		return PSCI_ON_PENDING;
	case CPU_ON:
		return PSCI_ALREADY_ON;
	default:
		break;
	}
#ifdef INJECT_EL3_CPU_ON_LOST
	return PSCI_SUCCESS;	/* knob: CPU_ON says yes and never releases the CPU */
#endif
	c->entry = entry;
	c->context = context;
	/*
	 * DSB: entry and context are in memory before the state says
	 * RELEASED; DSB again before SEV, so the parked CPU's WFE cannot wake
	 * and read the old state (Arm ARM D1.6.1, the Event Register: an SEV
	 * is not ordered after earlier stores without a DSB).
	 */
	dsb(sy);
	c->state = CPU_RELEASED;
	dsb(sy);
	__asm__ __volatile__("sev" ::: "memory");
	return PSCI_SUCCESS;
}

static int64_t affinity_info(uint64_t target, uint64_t level)
{
	int64_t slot = el3_slot_of(target, this_mt());

	if (slot < 0 || level != 0)
		return PSCI_INVALID_PARAMETERS;
	switch (el3_cpus[slot].state) {
	case CPU_ON:
		return PSCI_AFF_ON;
	case CPU_RELEASED:
		return PSCI_AFF_ON_PENDING;
	default:
		return PSCI_AFF_OFF;
	}
}

/*
 * A platform's power control may act a little after the write (QEMU
 * handles the GPIO line from its main loop, while this CPU runs on): wait
 * up to a second by the counter, with a bound in case it does not tick,
 * before SYSTEM_OFF or SYSTEM_RESET admits it did not work.
 */
static void settle(void)
{
	uint64_t f = READ_SYSREG(cntfrq_el0);
	uint64_t end = READ_SYSREG(cntpct_el0) + (f ? f : UINT64_C(100000000));

	for (uint64_t i = 0; i < UINT64_C(1) << 30 && READ_SYSREG(cntpct_el0) < end; i++)
		;
}

static bool implemented(uint64_t fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_FEATURES:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		return true;
	default:
		return false;
	}
}

int64_t el3_psci(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	fn &= 0xffffffff;	/* SMCCC: the function id is W0 */
	switch (fn) {
	case PSCI_VERSION:
		return PSCI_VERSION_1_0;
	case PSCI_FEATURES:
		return implemented(a1 & 0xffffffff) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
	case PSCI_CPU_ON_32:
		return cpu_on(a1 & 0xffffffff, a2 & 0xffffffff, a3 & 0xffffffff);
	case PSCI_CPU_ON_64:
		return cpu_on(a1, a2, a3);
	case PSCI_AFFINITY_INFO_32:
		return affinity_info(a1 & 0xffffffff, a2 & 0xffffffff);
	case PSCI_AFFINITY_INFO_64:
		return affinity_info(a1, a2);
	case PSCI_MIGRATE_INFO_TYPE:
		return PSCI_TOS_NOT_PRESENT;
	case PSCI_SYSTEM_OFF:
		platform_el3_system_off();
		settle();
		return PSCI_INTERNAL_FAILURE;	/* only if the platform could not do it */
	case PSCI_SYSTEM_RESET:
		platform_el3_system_reset();
		settle();
		return PSCI_INTERNAL_FAILURE;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

/*
 * An exception EL3 did not expect: one error line (closing the boot if the
 * start line was out), then PSCI SYSTEM_OFF through the shim itself. From
 * here nothing else can be trusted, so no semihosting status either.
 */
void el3_unexpected(uint64_t vector, uint64_t esr, uint64_t elr, uint64_t far)
{
	if (!console_base())
		console_init(platform.early_uart);
	exit_configure(EXIT_PSCI, PSCI_SMC);
	report_error("unexpected exception at EL3 (vector 0x%lx, ESR_EL3 0x%lx, ELR_EL3 0x%lx, FAR_EL3 0x%lx)",
		     (unsigned long)vector, (unsigned long)esr, (unsigned long)elr, (unsigned long)far);
}
