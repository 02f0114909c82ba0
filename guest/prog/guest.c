/* SPDX-License-Identifier: MIT */
/*
 * The tiny guests' scenarios, the same C for AArch64 and AArch32. Each run
 * does one scenario and reports what it saw through GHVC_REPORT; the
 * hypervisor checks those values against what it saw from EL2.
 */
#include "guest/prog/guest.h"

#define MAX_GREGS	32

static unsigned writes_off[MAX_GREGS];	/* writes made while the MMU was off */
static bool mmu_is_on;
/* The word the alias VA must show once stage 1 is on. */
static volatile uint32_t marker = 0x600dcafe;

static void report(unsigned key, uint64_t v)
{
	ghvc(GHVC_REPORT, key, v);
}

static uint64_t query(unsigned q)
{
	return ghvc(GHVC_QUERY, q, 0);
}

static void __attribute__((noreturn)) done(unsigned status)
{
	for (;;)
		ghvc(GHVC_DONE, status, 0);
}

#define CHECK(c, v) do { if (!(c)) { ghvc(GHVC_FAIL, __LINE__, (v)); done(1); } } while (0)

void gwrite(unsigned i, uint64_t v)
{
	if (!mmu_is_on && i < MAX_GREGS)
		writes_off[i]++;
	greg_write(i, v);
}

static void mmu_enable(void)
{
	mmu_prepare();
	gwrite(GREG_SCTLR, greg_read(GREG_SCTLR) | sctlr_m | sctlr_c | sctlr_i);
	mmu_is_on = true;
}

/*
 * GSCN_ASID: VA 3 GiB is one non-global page (nG), through a second table
 * chain per ASID: root (ASID 1) maps it to page A, root_b (ASID 2) to page
 * B; page C is what ASID 1's entry is changed to. The long-descriptor bits
 * are the same in both widths' regimes: a table is 0b11 at levels 1-2, a
 * page 0b11 at level 3 with AF (10), SH inner (9:8), AttrIndx 1 (Normal WB)
 * and nG (11).
 */
#define ASID_VA		UINT32_C(0xc0000000)
#define TABLE(pa)	((uint64_t)(uintptr_t)(pa) | 3u)
#define PAGE_NG(pa)	((uint64_t)(uintptr_t)(pa) | (1u << 11) | (1u << 10) | (3u << 8) | (1u << 2) | 3u)
static uint64_t *asid_root;
static uint64_t root_b[512] __attribute__((aligned(4096)));
static uint64_t l2a[512] __attribute__((aligned(4096))), l2b[512] __attribute__((aligned(4096)));
static uint64_t l3a[512] __attribute__((aligned(4096))), l3b[512] __attribute__((aligned(4096)));
static volatile uint32_t page_a[1024] __attribute__((aligned(4096)));
static volatile uint32_t page_b[1024] __attribute__((aligned(4096)));
static volatile uint32_t page_c[1024] __attribute__((aligned(4096)));

void asid_tables(uint64_t *root)
{
	asid_root = root;
	page_a[0] = 0xa;
	page_b[0] = 0xb;
	page_c[0] = 0xc;
	l3a[0] = PAGE_NG(page_a);
	l3b[0] = PAGE_NG(page_b);
	l2a[0] = TABLE(l3a);
	l2b[0] = TABLE(l3b);
	root[3] = TABLE(l2a);
	for (unsigned i = 0; i < 3; i++)
		root_b[i] = root[i];
	root_b[3] = TABLE(l2b);
}

static uint64_t asid_read(void)
{
	return *(volatile uint32_t *)(uintptr_t)ASID_VA;
}

static void scn_asid(void)
{
	ttbr0_asid(asid_root, 1);
	report(GK_ASID(0), asid_read());	/* ASID 1: A */
	ttbr0_asid(root_b, 2);
	report(GK_ASID(1), asid_read());	/* ASID 2, no TLBI: B */
	ttbr0_asid(asid_root, 1);
	report(GK_ASID(2), asid_read());	/* back to ASID 1: A */
	/* ASID 1's entry now says C, with no TLBI: the cached A may still be used. */
	l3a[0] = PAGE_NG(page_c);
	__asm__ __volatile__("dsb ish\n\tisb" ::: "memory");
	report(GK_ASID(3), asid_read());
	ghvc(GHVC_TLBI_ASID, 1, 0);
	__asm__ __volatile__("isb" ::: "memory");
	report(GK_ASID(4), asid_read());	/* after the hypervisor's TLBI by ASID 1: C */
}

static uintptr_t alias_of(const volatile void *p)
{
	return (uintptr_t)p - GUEST_RAM_IPA + GUEST_ALIAS_VA;
}

static void scn_boot(uintptr_t dtb, uintptr_t uart)
{
	static const char msg[] = "# guest: up at EL1, MMU off, UART through stage 2\r\n";

	report(GK_DT_MAGIC, *(volatile uint32_t *)dtb);
	report(GK_EL, cpu_mode());
	report(GK_SCTLR, greg_read(GREG_SCTLR));
	for (const char *c = msg; *c; c++)
		uart_putc(uart, *c);
}

static void scn_passthrough(unsigned i)
{
	CHECK(i < greg_count, i);
	for (unsigned n = 0; n < 2; n++) {
		uint64_t v = greg_pattern(i, n);

		gwrite(i, v);
		report(GK_WROTE(n), v);
		report(GK_READ(n), greg_read(i));
		report(GK_TRAPS(n), query(GQ_TRAPS));
	}
	mmu_enable();
	report(GK_AFTER_TRAPS, query(GQ_TRAPS));
	{
		uint64_t v = greg_pattern(i, 2);

		gwrite(i, v);
		report(GK_WROTE(2), v);
		report(GK_READ(2), greg_read(i));
		report(GK_TRAPS(2), query(GQ_TRAPS));
	}
	report(GK_WRITES_OFF, writes_off[i]);
}

static void alias_report(unsigned n)
{
	report(GK_ALIAS(n), probe_load(alias_of(&marker)));
	report(GK_ABORTS(n), query(GQ_ABORTS));
	report(GK_MMU_TRAPS(n), query(GQ_TRAPS));
}

static void scn_mmu(unsigned order)
{
	uint64_t s;

	mmu_prepare();
	s = greg_read(GREG_SCTLR);
	if (order == GORDER_M_FIRST) {
		gwrite(GREG_SCTLR, s | sctlr_m);
		alias_report(0);
		gwrite(GREG_SCTLR, s | sctlr_m | sctlr_c | sctlr_i);
		alias_report(1);
	} else {
		gwrite(GREG_SCTLR, s | sctlr_m | sctlr_c | sctlr_i);
		alias_report(0);
	}
	mmu_is_on = true;
	gwrite(greg_contextidr, 0x77);
	report(GK_AFTER_TRAPS, query(GQ_TRAPS));
}

static void s2_try(unsigned n, uintptr_t ipa, bool store)
{
	uint64_t before = query(GQ_ABORTS);

	if (store)
		probe_store(ipa, 0xbad);
	else
		(void)probe_load(ipa);
	if (query(GQ_ABORTS) == before) {
		report(GK_S2_IPA(n), ~(uint64_t)0);
		return;
	}
	report(GK_S2_IPA(n), query(GQ_ABORT_IPA));
	report(GK_S2_ESR(n), query(GQ_ABORT_ESR));
}

extern char _start[];

static void scn_stage2(uintptr_t outside)
{
	s2_try(0, GUEST_RAM_IPA + GUEST_RAM_SIZE, false);	/* the page after RAM */
	s2_try(1, GUEST_RAM_IPA - 0x1000, false);		/* the page before it */
	s2_try(2, outside, false);				/* hypervisor memory */
	s2_try(3, (uintptr_t)_start, true);			/* its own (read-only) text */
}

static void scn_undef(void)
{
	uint64_t cls = ~(uint64_t)0, pc = ~(uint64_t)0;
	uintptr_t at;

	vectors_install();
	at = undef_access();
	exc_last(&cls, &pc);
	report(GK_INSN_PC, at);
	report(GK_EXC_CLASS, cls);
	report(GK_EXC_PC, pc);
}

static void scn_switch(bool mmu_first)
{
	if (mmu_first)
		mmu_enable();
	for (unsigned n = 0; n < 4; n++) {
		gwrite(greg_contextidr, 0x100 + n);
		report(GK_TRAPS(n), query(GQ_TRAPS));
		report(GK_READ(n), greg_read(greg_contextidr));
		ghvc(GHVC_YIELD, 0, 0);
	}
}

/* bench.*: the same exit n times; the hypervisor times the run and counts the exits. */
static void scn_bench(unsigned long arg)
{
	unsigned long n = arg >> 8;

	for (unsigned long i = 0; i < n; i++) {
		switch (arg & 0xff) {
		case GBENCH_HVC:
			(void)query(GQ_TRAPS);
			break;
		case GBENCH_SYSREG:
			greg_write(greg_contextidr, i);
			break;
		case GBENCH_STAGE2:
			(void)probe_load(GUEST_RAM_IPA + GUEST_RAM_SIZE);
			break;
		default:
			CHECK(false, arg);
		}
	}
}

/*
 * Spin without a trap or a call until the hypervisor sets stop_word, or for
 * ms milliseconds of the virtual counter (0: forever): only an interrupt
 * routed to EL2 (HCR_EL2.IMO) takes the CPU back from it. The hypervisor's
 * watchdog must; the stop word then shows that the guest ran on after it.
 */
static volatile uint32_t stop_word;

static void scn_spin(unsigned long ms)
{
	uint64_t start, ticks = (uint64_t)ms * (counter_freq() / 1000);

	report(GK_SPIN_STOP, (uintptr_t)&stop_word);
	/* The hypervisor arms its timer in this yield: the spin starts right after. */
	ghvc(GHVC_YIELD, 0, 0);
	start = counter_now();
	while (!stop_word && (!ms || counter_now() - start < ticks))
		;
	report(GK_SPIN_SEEN, stop_word);
}

void guest_main(uintptr_t dtb, unsigned long scn, unsigned long arg, uintptr_t uart);
void guest_main(uintptr_t dtb, unsigned long scn, unsigned long arg, uintptr_t uart)
{
	switch (scn) {
	case GSCN_BOOT:
		scn_boot(dtb, uart);
		break;
	case GSCN_PASSTHROUGH:
		scn_passthrough(arg);
		break;
	case GSCN_MMU:
		scn_mmu(arg);
		break;
	case GSCN_STAGE2:
		scn_stage2(arg);
		break;
	case GSCN_UNDEF:
		scn_undef();
		break;
	case GSCN_SWITCH:
		scn_switch(arg);
		break;
	case GSCN_ASID:
		mmu_enable();
		scn_asid();
		break;
	case GSCN_BENCH:
		scn_bench(arg);
		break;
	case GSCN_SPIN:
		scn_spin(arg);
		break;
	default:
		CHECK(false, scn);
	}
	done(0);
}
