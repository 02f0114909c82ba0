/* SPDX-License-Identifier: MIT */
/*
 * The tiny guests' scenarios, the same C for AArch64 and AArch32. Each run
 * does one scenario and reports what it saw through GHVC_REPORT; the
 * hypervisor checks those values against what it saw from EL2.
 */
#include "guest/prog/guest.h"

#define MAX_GREGS	32

static unsigned writes_off[MAX_GREGS];
volatile uintptr_t exc_rec[EXC_WORDS];	/* writes made while the MMU was off */
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
	if (order == GORDER_M_FIRST || order == GORDER_C_FIRST) {
		/* One of the two bits alone: DC and TVM must stay (see the hypervisor's rule). */
		gwrite(GREG_SCTLR, s | (order == GORDER_M_FIRST ? sctlr_m : sctlr_c));
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

/*
 * GSCN_CONTEXT: the guest puts its own value (GUEST_CTX_VALUE of its VM
 * index) in every EL1 register of its list and keeps what the register
 * then reads back. Before that it writes the other VM's value and reads
 * it back: a register that reads the same for both cannot show a switch
 * (bits the hardware does not keep), and GK_CTX_SAME says which. Then, a
 * few times, it yields (the hypervisor runs the other VM, or puts junk in
 * the registers, before it resumes this one) and every register must
 * still read its own value, and the general registers theirs.
 */
#define CTX_ROUNDS	4

static void scn_context(unsigned long arg)
{
	static uint64_t want[64];
	uint64_t same = 0;
	unsigned vm = arg & 0xff, skip = (unsigned)(arg >> 8) - 1;	/* skip: ~0u for none */

	CHECK(ctx_count <= 64 && vm < 2, vm);
	for (unsigned i = 0; i < ctx_count; i++) {
		uint64_t other;

		ctx_write(i, ctx_value(!vm, i));
		other = ctx_read(i);
		ctx_write(i, ctx_value(vm, i));
		want[i] = ctx_read(i);
		if (want[i] == other)
			same |= UINT64_C(1) << i;
	}
	report(GK_CTX_COUNT, ctx_count);
	report(GK_CTX_SAME, same);
	for (unsigned round = 0; round < CTX_ROUNDS; round++) {
		/* A hypercall that answers at once (arm64's fast exit path), then a yield. */
		unsigned bad = gpr_call_check(0x1000u * (vm + 1) + round, GHVC_QUERY);

		if (!bad)
			bad = gpr_call_check(0x2000u * (vm + 1) + round, GHVC_YIELD);

		if (bad) {
			report(GK_CTX_BAD, GCTX_GPR);
			report(GK_CTX_GOT, bad - 1);
			done(1);
		}
		for (unsigned i = 0; i < ctx_count; i++) {
			uint64_t v = ctx_read(i);

			if (v != want[i] && i != skip) {
				report(GK_CTX_BAD, i);
				report(GK_CTX_GOT, v);
				report(GK_CTX_WANT, want[i]);
				done(1);
			}
		}
		report(GK_CTX_ROUNDS, round + 1);
	}
}

/*
 * GSCN_SPSR_PROBE: the SPSR of the guest's own mode (SPSR_EL1; AArch32:
 * SPSR_svc), written, then read after a yield during which the hypervisor
 * puts another value there: whether an exception return into the guest's
 * mode brings it.
 */
static void scn_spsr_probe(void)
{
	ctx_write(ctx_spsr, GSPSR_PROBE_OWN);
	ghvc(GHVC_YIELD, 0, 0);
	report(GK_SPSR_SEEN, ctx_read(ctx_spsr));
}

/*
 * GSCN_S2PERM: accesses that stage 2 allows or forbids by its permissions
 * (text read-only and executable, the rest of RAM read-write and not
 * executable, nothing past RAM). For each, the guest reports the address
 * and, if it aborted to EL2, the syndrome, HPFAR and FAR the hypervisor
 * saw; the hypervisor test checks them against the architecture.
 */
static uint32_t xbuf[1024] __attribute__((aligned(4096)));
static volatile uint32_t data_word;
extern char _start[];

static void s2p_done(unsigned n, uintptr_t addr, uint64_t value, uint64_t aborts)
{
	report(GK_S2P_ADDR(n), addr);
	if (query(GQ_ABORTS) == aborts) {
		report(GK_S2P_ESR(n), ~(uint64_t)0);
	} else {
		report(GK_S2P_ESR(n), query(GQ_ABORT_ESR));
		report(GK_S2P_HPFAR(n), query(GQ_ABORT_HPFAR));
		report(GK_S2P_FAR(n), query(GQ_ABORT_FAR));
	}
	report(GK_S2P_VALUE(n), value);
}

static void scn_s2perm(void)
{
	/* A word inside the text, not at a page boundary: FAR keeps the offset, HPFAR drops it. */
	uintptr_t text = (uintptr_t)_start + 0x124, past = GUEST_RAM_IPA + GUEST_RAM_SIZE + 0x80;
	uintptr_t data = (uintptr_t)&xbuf[0x40 / 4];
	uint64_t a;

	a = query(GQ_ABORTS);
	probe_store(text, 0xbad);
	s2p_done(GS2P_WRITE_TEXT, text, 0, a);
	a = query(GQ_ABORTS);
	s2p_done(GS2P_READ_TEXT, text, probe_load(text), a);
	a = query(GQ_ABORTS);
	probe_store((uintptr_t)&data_word, 0x5eed);
	s2p_done(GS2P_WRITE_DATA, (uintptr_t)&data_word, data_word, a);
	xcode_put((uint32_t *)data);
	a = query(GQ_ABORTS);
	s2p_done(GS2P_EXEC_DATA, data, probe_call(data), a);
	a = query(GQ_ABORTS);
	s2p_done(GS2P_EXEC_TEXT, (uintptr_t)probe_text_ret, probe_call((uintptr_t)probe_text_ret), a);
	a = query(GQ_ABORTS);
	s2p_done(GS2P_EXEC_PAST, past, probe_call(past), a);
}

/*
 * GSCN_EXC: the same untrapped-by-the-table access (an ACTLR write under
 * HCR_EL2.TACR) from each state of the width's cases; the vectors record
 * what the exception entry looked like (start.S), and the guest passes it
 * on as it is.
 */
static void scn_exc(void)
{
	for (unsigned c = 0; c < exc_cases; c++) {
		uint64_t bits = exc_sctlr_bits(c), s = greg_read(GREG_SCTLR);

		for (unsigned w = 0; w < EXC_WORDS; w++)
			exc_rec[w] = ~(uintptr_t)0;
		if (bits)
			gwrite(GREG_SCTLR, s ^ bits);
		exc_trap(c);
		if (bits)
			gwrite(GREG_SCTLR, s);
		report(GK_UND_AT(c), exc_rec[EXC_AT]);
		report(GK_UND_BEFORE(c), exc_rec[EXC_BEFORE]);
		report(GK_UND_ENTRY(c), exc_rec[EXC_ENTRY]);
		report(GK_UND_VEC(c), exc_rec[EXC_VEC]);
		report(GK_UND_LINK(c), exc_rec[EXC_LINK]);
		report(GK_UND_SPSR(c), exc_rec[EXC_SPSR]);
		report(GK_UND_SYN(c), exc_rec[EXC_SYN]);
		report(GK_UND_AFTER(c), exc_rec[EXC_AFTER]);
	}
}

/*
 * GSCN_BANKED (AArch32): each case's MCR/MCRR from a banked register and
 * the MRC/MRRC back into it; then the register itself, read with r0/r1
 * from Supervisor mode. The hypervisor checks the values it trapped.
 */
#define BANKED_LO(k, mode, rt, rt2)	case k: lo = GUEST_BANKED_MARKER(k, mode, rt); hi = rt2 ? (k + 1) << 16 : 0; break;

static void scn_banked(void)
{
	for (unsigned k = 0; k < GUEST_BANKED_COUNT; k++) {
		uint32_t lo = 0, hi = 0;
		uint64_t back;

		switch (k) {
		GUEST_BANKED_CASES(BANKED_LO)
		}
		back = bank_case(k, lo, hi);
		report(GK_BANK_BACK(k), back);
		report(GK_BANK_HW(k), hi ? greg_read(greg_ttbr1_64) : greg_read(greg_contextidr));
	}
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
	case GSCN_CONTEXT:
		scn_context(arg);
		break;
	case GSCN_S2PERM:
		scn_s2perm();
		break;
	case GSCN_EXC:
		scn_exc();
		break;
	case GSCN_SPSR_PROBE:
		scn_spsr_probe();
		break;
	case GSCN_BANKED:
		CHECK(greg_ttbr1_64 != ~0u, scn);
		scn_banked();
		break;
	default:
		CHECK(false, scn);
	}
	done(0);
}
