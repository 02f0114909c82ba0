/* SPDX-License-Identifier: MIT */
/*
 * C entry points after head.S: hyp_main() at EL2 with the MMU on, el1_main()
 * when the firmware entered at EL1 (report SKIP, status 77). Both read the
 * DT and bootargs, print the start line, and end through report_end().
 */
#include <stdio.h>
#include <string.h>
#include "boot/boot.h"
#include "lib/sysreg.h"
#include "lib/bootargs.h"
#include "lib/console.h"
#include "lib/dt.h"
#include "lib/gcov.h"
#include "lib/platform.h"
#include "mm/layout.h"
#include "mm/runtime.h"
#include "boot/smp.h"
#include "boot/stamps.h"
#include "selftest/report.h"
#include "selftest/selftest.h"
#include "traps/traps.h"
#include "traps/watchdog.h"
#include "lib/stackprot.h"
#include "lib/ubsan.h"

struct boot_state boot;
#ifdef HYPTEST_COVERAGE
const char coverage_image[] = "hypervisor";
#endif

static enum exit_method exit_of(enum ba_exit e)
{
	return e == BA_EXIT_SEMIHOST ? EXIT_SEMIHOST : e == BA_EXIT_PSCI ? EXIT_PSCI : EXIT_DEFAULT;
}

/*
 * Common to both ELs: check the DT, parse bootargs, set the exit method and
 * the console. Anything wrong is one error line and exit status 1.
 */
static void setup_from_dt(const void *fdt, size_t maxsize)
{
	const char *why, *args;
	char err[BOOTARGS_ERR_MAX];
	int rc;

	boot.fdt = fdt;
	if (dt_check(fdt, maxsize, &why)) {
		boot.fdt = NULL;
		report_error("unusable DTB at 0x%lx: %s", (unsigned long)(uintptr_t)fdt, why);
	}
	args = dt_bootargs(fdt);
	rc = bootargs_parse(args, &boot.args, err, sizeof(err));
	/* Even with a bad token, exit= was read: the error leaves the way asked for. */
	exit_configure(exit_of(boot.args.exit), dt_psci_conduit(fdt));
	if (boot_mm.has_bi && boot_mm.bi.early_exit == BOOT_EXIT_SEMIHOST)
		exit_configure(EXIT_SEMIHOST, dt_psci_conduit(fdt));	/* what the loader was told */
	/*
	 * After the loader, TAP mode is what its boot_info said (the start line
	 * was printed so); booted directly, format= says, even next to a bad token.
	 */
	if (!report_started())
		report_set_tap(boot.args.format == FORMAT_TAP);
	if (rc)
		report_error("%s", err);
	boot.cpus = dt_cpu_count(fdt);
	boot.seed = boot.args.has_seed ? boot.args.seed : READ_SYSREG(cntpct_el0);
}

/* Booted without the loader: the image prints the start line itself. */
static void print_start(unsigned el)
{
	struct start_info s = {
		.arch = ARCH_NAME,
		.platform = platform.name,
		.el = el,
		.cpus = boot.cpus,
		.seed = boot.seed,
		.pa = boot_mm.image_pa,
		.va = (uint64_t)(uintptr_t)__image_start,
		.cls = "identical",
		.size = (uint64_t)(__image_end - __image_start),
	};

	report_start(&s);
}

/* Between the early tests and the rest: the secondary CPUs start. */
static void start_secondaries(void)
{
	smp_boot(boot.fdt, boot.args.cpus);
}

static void __noreturn run_and_end(void)
{
	struct run_config rc = { .spec = boot.args.has_tests ? boot.args.tests : NULL,
				 .between = start_secondaries };
	static const char *ids[256];
	static char names[256][64];
	static uint32_t flags[256];
	const char *bad;
	size_t n = 0, badlen;

	if (rc.spec && !strcmp(rc.spec, "list")) {
		selftest_list();
		printf("%sSUMMARY: 0 tests\n", report_prefix());
		report_end(77);
	}
	for (const struct selftest *t = __selftests_start; t < __selftests_end && n < 256; t++) {
		test_id_display(t->id, names[n], sizeof(names[n]));
		ids[n] = names[n];
		flags[n] = t->flags;
		n++;
	}
	bad = select_check(rc.spec, ids, flags, n, &badlen);
	if (bad) {
		/* A glob that matches only negative controls: say how to ask for them. */
		for (size_t i = 0; i < n; i++)
			if (glob_match(bad, badlen, ids[i]))
				report_error("tests pattern '%.*s' matches only negative controls, which a glob "
					     "does not select: name them with their group (e.g. tests=%s)",
					     (int)badlen, bad, ids[i]);
		report_error("tests pattern '%.*s' matches no test (tests=list shows them)",
			     (int)badlen, bad);
	}
	isb();
	boot_stamps[STAMP_TESTS] = READ_SYSREG(cntpct_el0);
	report_end(selftest_run(&rc));
}

/* One line on what protects this boot from its own bugs (docs/architecture.md, "Hardening"). */
static void print_hardening(void)
{
#ifdef INJECT_STACKPROT_OFF
	const char *sp = "no stack protector (knob stackprot-off)";
#else
	const char *sp = "-fstack-protector-strong";
#endif
#ifdef HYPTEST_UBSAN
	const char *ub = ", UBSan build";
#else
	const char *ub = "";
#endif

	printf("# hardening: %s, canary from %s; guard pages below every stack; W^X%s\n", sp,
	       stack_guard_describe(), ub);
}

void hyp_main(uint64_t dtb_pa, uint64_t image_pa)
{
	const void *fdt = (const void *)(uintptr_t)boot_mm.dtb_va;
	uint64_t ubase, usize, uva;
	const char *why;

	(void)image_pa;
	/* Until the DT is read, an error leaves the way the loader was told (as head.S's do). */
	if (boot_mm.has_bi)
		exit_configure(boot_mm.bi.early_exit == BOOT_EXIT_SEMIHOST ? EXIT_SEMIHOST : EXIT_PSCI,
			       boot_mm.bi.early_exit == BOOT_EXIT_PSCI_SMC ? PSCI_SMC :
			       boot_mm.bi.early_exit == BOOT_EXIT_PSCI_HVC ? PSCI_HVC : PSCI_NONE);
	console_init(boot_mm.early_uart_va);
	/* Unbuffered stdout: every byte reaches the UART before anything can crash. */
	setvbuf(stdout, NULL, _IONBF, 0);
	traps_init((uint64_t)(uintptr_t)__stack_start, (uint64_t)(uintptr_t)__stack_end);
	traps_set_boot_cpu(READ_SYSREG(mpidr_el1) & UINT64_C(0xff00ffffff));
	boot.hcr_written = HCR_EL2_BOOT;

	if (boot_mm.has_bi && (boot_mm.bi.flags & BOOT_INFO_STARTED)) {
		/* The loader printed the start line; the end must still come from us. */
		report_set_tap(boot_mm.bi.flags & BOOT_INFO_TAP);
		report_mark_started();
	}
	if (!boot_mm.dtb_size)
		report_error("no usable DTB at x0=0x%lx (bad magic, size or alignment)",
			     (unsigned long)dtb_pa);
	setup_from_dt(fdt, boot_mm.dtb_size);
	if (boot_mm.has_bi)
		boot.seed = boot_mm.bi.seed;

	/* The console moves to the UART the DT names, once it is mapped. */
	boot.uart_found = !dt_stdout_uart(fdt, &ubase, &usize, &why);
	if (boot.uart_found && (uva = mm_map_device(ubase, usize)) != 0) {
		boot.uart_base = ubase;
		console_init(uva);
	} else {
		boot.uart_why = boot.uart_found ? "cannot map it" : why;
	}
	if (!report_started())
		print_start(2);
	if (mm_runtime_init(fdt, boot.cpus, &why))
		report_error("runtime memory: %s", why);
	if (!boot.uart_base)
		printf("# console: staying on the early UART 0x%lx: %s\n",
		       (unsigned long)platform.early_uart, boot.uart_why);
	/* Anything UBSan saw on the MMU-off boot path is reported now (an error: no test ran it). */
	ubsan_ready();
	print_hardening();
	coverage_announce(exit_by_semihosting());
	watchdog_init(fdt, boot.args.has_watchdog, boot.args.watchdog_ms);
	run_and_end();
}

void el1_main(const void *fdt)
{
	const char *why;

	console_init(platform.early_uart);
	setvbuf(stdout, NULL, _IONBF, 0);
	/* MMU off at EL1: the DT is read in place, its size bounded by the boot protocol. */
	if (dt_check(fdt, 2 << 20, &why))
		report_error("unusable DTB at 0x%lx: %s", (unsigned long)(uintptr_t)fdt, why);
	setup_from_dt(fdt, 2 << 20);
	boot_mm.image_pa = (uint64_t)(uintptr_t)__image_start;
	print_start(1);
	report_el1_skip();
}
