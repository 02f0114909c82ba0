/* SPDX-License-Identifier: MIT */
/*
 * Contract tests of the guest machinery (issue 20): each checks the whole
 * architectural contract of one mechanism, with expected values from the
 * Arm ARM (DDI 0487; DDI 0406C for ARMv7), from a decoder written here
 * apart from the code under test, or from the hardware itself (AT, the
 * syndromes of real faults, what a register reads back). The bodies take a
 * guest image; test_guest_a64.c registers the AArch64 guest's.
 *
 *   guest.context-*        every EL1 register a vCPU owns survives VM switches
 *   guest.stage2-perms-*   stage-2 permissions and memory types, and the
 *                          syndromes of the faults they raise
 *   guest.el2-state        the hypervisor's own EL2 state after guest runs
 *   sysreg.undef-entry-*   the UNDEF the hypervisor injects, as the guest's
 *                          own EL1 would have taken it
 *   sysreg.banked-a32      MCR/MRC with a banked Rt from every AArch32 mode
 */
#include <stdio.h>
#include <string.h>
#include "selftest/selftest.h"
#include "selftest/guest_tests.h"
#include "selftest/el2walk.h"
#include "guest/vm.h"
#include "guest/abi.h"
#include "lib/sysreg.h"
#include "mm/at.h"
#include "mm/layout.h"
#include "mm/runtime.h"
#include "mm/va_layout.h"
#include "boot/boot.h"
#include "traps/traps.h"

#define NO_VALUE	(~UINT64_C(0))

/* ------------------------------------------------------------------------ */
/* guest.context-*: the EL1 registers across VM switches                     */
/* ------------------------------------------------------------------------ */

#define CTX_NAME(i, name) #name,
static const char *const ctx_names_a64[] = { GUEST_CTX_A64(CTX_NAME) };
static const char *const ctx_names_a32[] = { GUEST_CTX_A32(CTX_NAME) };

static const char *ctx_name(const struct guest_image *img, uint64_t i)
{
	if (i == GCTX_GPR)
		return "a general register";
	if (img->aarch32)
		return i < ARRAY_SIZE(ctx_names_a32) ? ctx_names_a32[i] : "?";
	return i < ARRAY_SIZE(ctx_names_a64) ? ctx_names_a64[i] : "?";
}

/*
 * Junk in every EL1 register a vCPU owns, as another context could leave
 * it there between two runs of the same vCPU (the hypervisor's own AT
 * writes PAR_EL1; a real hypervisor runs its host or other guests): loaded
 * from a junk vCPU by the same lists vm.c switches them by, then an AT of
 * the hypervisor's own. The next entry must load the vCPU's own values
 * again. SCTLR_EL1 keeps M clear (nothing may walk junk tables) and
 * ACTLR_EL1 gets 0. Nothing at EL2 uses these registers.
 */
static void el1_scribble(void)
{
	static struct vcpu junk;
	const struct vcpu_sysregs *s = &junk.sys;
	uint64_t *f = (uint64_t *)&junk.sys;

	for (unsigned i = 0; i < sizeof(junk.sys) / sizeof(*f); i++)
		f[i] = UINT64_C(0x0bad0bad0bad0000) | (i << 4);
	junk.sys.sctlr = READ_SYSREG(sctlr_el1) & ~(SCTLR_EL1_M | SCTLR_EL1_C);
	junk.sys.actlr = 0;	/* IMPLEMENTATION DEFINED: no junk there */
	VCPU_SYSREGS(VCPU_SYSREG_LOAD)
	vcpu_arch_load(&junk);
	(void)at_s1e2((uint64_t)(uintptr_t)__image_start, false);
	isb();
}

/*
 * Does an exception return into the guest's mode bring the SPSR the
 * hypervisor loaded for that mode (SPSR_EL1 = SPSR_svc, SPSR_und, ...)?
 * The architecture says it does. The guest writes its mode's SPSR and
 * yields; junk goes into every EL1 register, the vCPU's saved SPSR_EL1 is
 * set to another value, and the guest reads its SPSR again:
 *  - the value loaded: yes;
 *  - its own old value: this platform keeps the AArch32 SPSR of the mode an
 *    exception return enters, whatever EL2 wrote for it (QEMU 7.2 with an
 *    AArch64 EL2 does: it caches that SPSR apart from SPSR_EL1 and the
 *    banked SPSRs, and does not reload it on an exception return to
 *    AArch32), so the tests below cannot see what the hypervisor loaded
 *    there, and say so;
 *  - anything else (the junk): the hypervisor did not load it: FAIL.
 */
#define SPSR_PROBE_LOADED	UINT64_C(0x400001d3)

static bool spsr_delivered(const struct guest_image *img)
{
	struct vm *vm = prepare(0, img, GSCN_SPSR_PROBE, 0, NULL);
	struct vcpu *v = &vm->vcpu;
	uint64_t seen;

	if (!vcpu_run(v))
		FAIL("the SPSR probe in the %s guest did not yield (%s)", img->name, v->error ? v->error : "it ended");
	el1_scribble();
	v->sys.spsr_el1 = SPSR_PROBE_LOADED;
	vm_run_to_done(vm);
	finished(vm);
	seen = rep(v, GK_SPSR_SEEN);
	if (seen == SPSR_PROBE_LOADED)
		return true;
	if (seen == GSPSR_PROBE_OWN)
		return false;
	FAIL("the %s guest's SPSR reads 0x%lx after an entry that loaded 0x%lx (it had written 0x%x): the "
	     "hypervisor did not load it", img->name, (unsigned long)seen, (unsigned long)SPSR_PROBE_LOADED,
	     GSPSR_PROBE_OWN);
}

#define SPSR_UNSEEN "this platform keeps the AArch32 SPSR of the mode an exception return enters, whatever " \
	"EL2 loaded for it (the SPSR probe read the guest's own old value back)"

/*
 * The runs, in this order (A = VM 0, B = VM 1): every vCPU resumes after
 * the other one ran and after itself (junk put in between), both ways. Each
 * guest makes four yields and then finishes: five runs each.
 */
static const char ctx_order[] = "ABAABBABAB";

struct ctx_side {
	struct vm *vm;
	char last_before;	/* what ran before its last run: 'A', 'B', or 'j' for junk */
};

static void ctx_check(const struct ctx_side *s, char name)
{
	const struct vcpu *v = &s->vm->vcpu;
	const struct guest_image *img = s->vm->img;
	uint64_t bad, same, rounds = 0;

	if (vcpu_report(v, GK_CTX_BAD, &bad)) {
		uint64_t got = rep(v, GK_CTX_GOT), want = 0;

		if (bad == GCTX_GPR)
			FAIL("VM %c (%s guest): general register %lu was not kept across a hypercall (after %s ran)", name,
			     img->name, (unsigned long)got, s->last_before == 'j' ? "junk was put in" : "the other VM");
		want = rep(v, GK_CTX_WANT);
		FAIL("VM %c (%s guest): %s reads 0x%lx, the guest had 0x%lx there (after %s)", name, img->name,
		     ctx_name(img, bad), (unsigned long)got, (unsigned long)want,
		     s->last_before == 'j' ? "junk was put in and it ran again" :
		     s->last_before == name ? "it ran again" : "the other VM ran");
	}
	finished(s->vm);
	(void)vcpu_report(v, GK_CTX_ROUNDS, &rounds);
	if (rounds != 4)
		FAIL("VM %c (%s guest): %lu rounds of checks, want 4", name, img->name, (unsigned long)rounds);
	same = rep(v, GK_CTX_SAME);
	if (same) {
		char names[160] = "";

		for (unsigned i = 0; i < rep(v, GK_CTX_COUNT); i++)
			if (same & (UINT64_C(1) << i))
				snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s", *names ? ", " : "",
					 ctx_name(img, i));
		selftest_info("VM %c (%s guest): %s read the same for both VMs' values here (bits this CPU does not "
			      "keep): their switch is not shown", name, img->name, names);
	}
}

/* GUEST_CTX_A32's SPSR_svc: left out of the comparison where the SPSR probe says the platform hides it. */
#define CTX_A32_SPSR_SVC	22

void context_switch(const struct guest_image *ia, const struct guest_image *ib)
{
	bool spsr = !(ia->aarch32 || ib->aarch32) || spsr_delivered(&guest_a32);
	unsigned skip_a = ia->aarch32 && !spsr ? CTX_A32_SPSR_SVC : ~0u;
	unsigned skip_b = ib->aarch32 && !spsr ? CTX_A32_SPSR_SVC : ~0u;
	struct ctx_side side[2] = { { prepare(0, ia, GSCN_CONTEXT, GCTX_ARG(0, skip_a), NULL), 0 },
				    { prepare(1, ib, GSCN_CONTEXT, GCTX_ARG(1, skip_b), NULL), 0 } };
	int prev = -1;
	unsigned runs = 0;

	if (!spsr)
		selftest_info("SPSR_svc of the a32 guest is not compared: " SPSR_UNSEEN);

	for (unsigned i = 0; i < 3 * sizeof(ctx_order); i++) {
		int who = ctx_order[i % (sizeof(ctx_order) - 1)] - 'A';
		struct vcpu *v;

		if (side[who].vm->vcpu.done || side[who].vm->vcpu.error)
			who = !who;
		v = &side[who].vm->vcpu;
		if (v->done || v->error)
			break;
		if (prev == who) {
			el1_scribble();
			side[who].last_before = 'j';
		} else {
			side[who].last_before = prev < 0 ? 0 : (char)('A' + prev);
		}
		vcpu_run(v);
		runs++;
		prev = who;
	}
	ctx_check(&side[0], 'A');
	ctx_check(&side[1], 'B');
	selftest_note("%u runs: %s (VM 1) and %s (VM 2), each resumed after the other VM and after junk; "
		      "%lu + %lu registers and the general registers kept", runs, ia->name, ib->name,
		      (unsigned long)rep(&side[0].vm->vcpu, GK_CTX_COUNT),
		      (unsigned long)rep(&side[1].vm->vcpu, GK_CTX_COUNT));
}

TEST(guest, context_a32) { context_switch(&guest_a32, &guest_a32); }

/* ------------------------------------------------------------------------ */
/* guest.stage2-perms-*: stage-2 permissions, memory types and syndromes     */
/* ------------------------------------------------------------------------ */

/*
 * A stage-2 walk of the VM's tables, written from the descriptor format
 * (DDI 0487 D8.3 "Translation table descriptor formats", D8.5.5 "Stage 2
 * memory region attributes"; DDI 0406C B3.6.1 and B3.6.2 for LPAE) and
 * nothing of mm/: bits 1:0 valid and table/page, the output address
 * [47:12], MemAttr [5:2], S2AP [7:6], SH [9:8], AF [10], XN [54].
 */
struct s2_leaf {
	bool valid;
	int level;		/* where the walk stopped: the leaf's, or the invalid entry's */
	uint64_t pa;
	unsigned memattr, s2ap, sh;
	bool af, xn;
};


static struct s2_leaf s2_walk(const struct vm *vm, uint64_t ipa)
{
	uint64_t table = vm->s2.vttbr & GENMASK(47, 12);
	struct s2_leaf l = { 0 };

	for (int level = S2_ROOT_LEVEL; level <= 3; level++) {
		unsigned shift = 12 + 9 * (3 - level);
		uint64_t d = el2_window_table(table)[(ipa >> shift) & 511];

		l.level = level;
		if (!(d & 1) || (level == 3 && !(d & 2)))
			return l;
		if (level < 3 && (d & 2)) {
			table = d & GENMASK(47, 12);
			continue;
		}
		l.valid = true;
		l.pa = (d & GENMASK(47, shift)) | (ipa & ((UINT64_C(1) << shift) - 1));
		l.memattr = (d >> 2) & 0xf;
		l.s2ap = (d >> 6) & 3;
		l.sh = (d >> 8) & 3;
		l.af = (d >> 10) & 1;
		l.xn = (d >> 54) & 1;
		return l;
	}
	return l;
}

/*
 * What the design says each IPA is (guest/vm.c vm_map, docs/architecture.md):
 * the text read-only and executable, the rest of RAM read-write and not
 * executable, both Normal Write-Back inner shareable; the UART page
 * read-write, Device-nGnRnE, not executable; nothing else.
 */
enum s2_kind { S2K_NONE, S2K_TEXT, S2K_DATA, S2K_UART };

static enum s2_kind s2_design(const struct vm *vm, uint64_t ipa)
{
	if (ipa >= vm->ram_ipa && ipa < vm->ram_ipa + vm->text_size)
		return S2K_TEXT;
	if (ipa >= vm->ram_ipa && ipa < vm->ram_ipa + vm->ram_size)
		return S2K_DATA;
	if (ipa >= vm->uart_ipa && ipa < vm->uart_ipa + PAGE_SIZE)
		return S2K_UART;
	return S2K_NONE;
}

static const char *const s2_kind_names[] = { "unmapped", "text", "data", "UART" };

static void s2_check_leaf(const struct vm *vm, uint64_t ipa)
{
	enum s2_kind k = s2_design(vm, ipa);
	struct s2_leaf l = s2_walk(vm, ipa);
	uint64_t want_pa = k == S2K_UART ? boot.uart_base : vm->ram_pa + (ipa - vm->ram_ipa);
	/* S2AP: 0b01 read-only, 0b11 read-write; MemAttr: 0b1111 Normal WB, 0b0000 Device-nGnRnE (FWB = 0). */
	unsigned want_ap = k == S2K_TEXT ? 1 : 3, want_mem = k == S2K_UART ? 0x0 : 0xf;

	if (k == S2K_NONE) {
		if (l.valid)
			FAIL("stage 2 maps IPA 0x%lx (to 0x%lx), which is not the guest's", (unsigned long)ipa,
			     (unsigned long)l.pa);
		return;
	}
	if (!l.valid)
		FAIL("the guest's %s at IPA 0x%lx is not mapped (level %d)", s2_kind_names[k], (unsigned long)ipa,
		     l.level);
	if (l.pa != want_pa || l.s2ap != want_ap || l.xn != (k != S2K_TEXT) || l.memattr != want_mem || !l.af ||
	    (k != S2K_UART && l.sh != 3))
		FAIL("%s at IPA 0x%lx: descriptor PA 0x%lx S2AP %u XN %d MemAttr 0x%x SH %u AF %d, want PA 0x%lx "
		     "S2AP %u XN %d MemAttr 0x%x%s AF 1", s2_kind_names[k], (unsigned long)ipa, (unsigned long)l.pa,
		     l.s2ap, l.xn, l.memattr, l.sh, l.af, (unsigned long)want_pa, want_ap, k != S2K_TEXT, want_mem,
		     k != S2K_UART ? " SH 3" : "");
}

/* A MAIR attribute byte's nibble says Write-Back: 0b01RW (transient) or 0b11RW, RW != 0 (D19.2.97, MAIR_ELx). */
static bool nibble_wb(unsigned n)
{
	return (n & 3) && ((n >> 2) == 1 || (n >> 2) == 3);
}

/*
 * The hardware's answer for one IPA: AT S12E1R/W (ATS12NSOPR/W) with the
 * VM's stage 2 and HCR_EL2.DC, which makes stage 1 Normal Write-Back (with
 * the MMU off), so the combined attributes are stage 2's. The EL1 registers
 * the walk reads are the guest's as its last run left them (no vCPU is
 * loaded between runs, so they are free to use; the next entry reloads
 * them); only SCTLR_EL1.M is forced off.
 */
static struct at_result s12(const struct vm *vm, uint64_t ipa, bool write)
{
	struct at_result r;

	WRITE_SYSREG(vtcr_el2, vm->s2.vtcr);
	WRITE_SYSREG(vttbr_el2, vm->s2.vttbr);
	WRITE_SYSREG(sctlr_el1, vm->vcpu.sys.sctlr & ~SCTLR_EL1_M);
	WRITE_SYSREG(hcr_el2, HCR_EL2_BOOT | HCR_EL2_VM | HCR_EL2_DC);
	isb();
	r = at_s12e1(ipa, write);
	WRITE_SYSREG(hcr_el2, HCR_EL2_BOOT);
	isb();
	return r;
}

static void s2_check_at(const struct vm *vm, uint64_t ipa)
{
	enum s2_kind k = s2_design(vm, ipa);
	struct s2_leaf l = s2_walk(vm, ipa);
	struct at_result r = s12(vm, ipa, false), w = s12(vm, ipa, true);

	if (k == S2K_NONE) {
		if (!r.fault || !r.stage2 || r.fsc != (unsigned)FSC_TRANSLATION(l.level))
			FAIL("AT S12E1R of unmapped IPA 0x%lx: fault %d stage2 %d FST 0x%x, want a stage-2 level-%d "
			     "translation fault", (unsigned long)ipa, r.fault, r.stage2, r.fsc, l.level);
		return;
	}
	if (r.fault)
		FAIL("AT S12E1R of the guest's %s at IPA 0x%lx faults (FST 0x%x)", s2_kind_names[k], (unsigned long)ipa,
		     r.fsc);
	if (k == S2K_UART ? r.attr != 0x00 : !(nibble_wb(r.attr >> 4) && nibble_wb(r.attr & 0xf)))
		FAIL("the guest's %s at IPA 0x%lx is memory type 0x%02x to the hardware, want %s", s2_kind_names[k],
		     (unsigned long)ipa, r.attr, k == S2K_UART ? "Device-nGnRnE (0x00)" : "Normal Write-Back");
	/* Device memory is Outer Shareable whatever SH says; PAR may report that or the descriptor's value. */
	if (k == S2K_UART ? (r.sh != 2 && r.sh != 0) : r.sh != 3)
		FAIL("the guest's %s at IPA 0x%lx is shareability %u to the hardware, want %s", s2_kind_names[k],
		     (unsigned long)ipa, r.sh, k == S2K_UART ? "outer (2) or non (0, the descriptor's)" : "inner (3)");
	if (k == S2K_TEXT && (!w.fault || !w.stage2 || w.fsc != (unsigned)FSC_PERMISSION(l.level)))
		FAIL("AT S12E1W of the guest's text at IPA 0x%lx: fault %d stage2 %d FST 0x%x, want a stage-2 "
		     "level-%d permission fault", (unsigned long)ipa, w.fault, w.stage2, w.fsc, l.level);
	if (k != S2K_TEXT && w.fault)
		FAIL("AT S12E1W of the guest's %s at IPA 0x%lx faults (FST 0x%x)", s2_kind_names[k],
		     (unsigned long)ipa, w.fsc);
}

/*
 * The syndrome of a stage-2 abort the guest took (DDI 0487 D17.2.37
 * ESR_EL2, "ISS encoding for an exception from a Data Abort" / "from an
 * Instruction Abort"; DDI 0406C B3.13.6 HSR): EC 0x24 / 0x20 from a lower
 * EL, IL 1 (a 32-bit instruction; ARMv7 leaves it UNK for a Prefetch Abort). A data abort of a plain STR of a 32-bit
 * register holds a valid instruction syndrome: ISV 1, SAS 0b10 (word), SSE
 * 0, SRT = the register (r1/w1 in probe_store), SF 0, AR 0; FnV, EA, CM,
 * S1PTW 0; WnR 1; DFSC the fault. An instruction abort's ISS is IFSC alone
 * (SET, FnV, EA, S1PTW 0). HPFAR_EL2 holds IPA[51:12] at [43:4] (HPFAR:
 * IPA[39:12] at [31:4]); FAR_EL2 (HDFAR/HIFAR) the faulting VA, which is
 * the IPA here (the guest's MMU is off).
 */
#define ISS_DABT_STR_W1	((UINT64_C(1) << 24) | (UINT64_C(2) << 22) | (UINT64_C(1) << 16) | ESR_DABT_WNR)

static void s2_check_fault(const struct vcpu *v, unsigned n, const char *what, bool data, unsigned fsc)
{
	uint64_t addr = rep(v, GK_S2P_ADDR(n)), esr = rep(v, GK_S2P_ESR(n)), hpfar, far;
	uint64_t want = ((uint64_t)(data ? ESR_EC_DABT_LOW : ESR_EC_IABT_LOW) << ESR_EC_SHIFT) | ESR_IL | fsc |
			(data ? ISS_DABT_STR_W1 : 0);

	if (esr == NO_VALUE)
		FAIL("%s (0x%lx) did not abort to EL2", what, (unsigned long)addr);
	if (!data && !ESR_IABT_IL_VALID)
		esr |= ESR_IL;	/* ARMv7's HSR.IL is UNK/SBZP for a Prefetch Abort */
	if (esr != want)
		FAIL("%s (0x%lx): ESR_EL2 0x%lx, the architecture gives 0x%lx", what, (unsigned long)addr,
		     (unsigned long)esr, (unsigned long)want);
	hpfar = rep(v, GK_S2P_HPFAR(n));
	far = rep(v, GK_S2P_FAR(n));
	if (hpfar != addr >> 12 << 4)
		FAIL("%s (0x%lx): HPFAR_EL2 0x%lx, want 0x%lx (IPA[51:12] at [43:4])", what, (unsigned long)addr,
		     (unsigned long)hpfar, (unsigned long)(addr >> 12 << 4));
	if (far != addr)
		FAIL("%s (0x%lx): FAR_EL2 0x%lx, want the faulting address", what, (unsigned long)addr,
		     (unsigned long)far);
}

static void s2_check_allowed(const struct vcpu *v, unsigned n, const char *what, uint64_t want)
{
	uint64_t addr = rep(v, GK_S2P_ADDR(n)), esr = rep(v, GK_S2P_ESR(n)), val = rep(v, GK_S2P_VALUE(n));

	if (esr != NO_VALUE)
		FAIL("%s (0x%lx) aborted to EL2 (ESR 0x%lx): the design allows it", what, (unsigned long)addr,
		     (unsigned long)esr);
	if (val != want)
		FAIL("%s (0x%lx) gave 0x%lx, want 0x%lx", what, (unsigned long)addr, (unsigned long)val,
		     (unsigned long)want);
}

void stage2_perms(const struct guest_image *img)
{
	struct vm *vm = run(img, GSCN_S2PERM, 0, NULL);
	const struct vcpu *v = &vm->vcpu;
	uint64_t text = rep(v, GK_S2P_ADDR(GS2P_WRITE_TEXT)), word = 0, past;
	uint64_t ram_end = vm->ram_ipa + vm->ram_size;
	unsigned pages = 0;

	/* The descriptors, by the decoder above, against the design: every page of RAM and around it, the UART. */
	for (uint64_t ipa = vm->ram_ipa - 2 * PAGE_SIZE; ipa < ram_end + 2 * PAGE_SIZE; ipa += PAGE_SIZE, pages++)
		s2_check_leaf(vm, ipa);
	s2_check_leaf(vm, vm->uart_ipa);
	s2_check_leaf(vm, vm->uart_ipa + PAGE_SIZE);
	/* The hardware's walk: memory type, shareability, write permission, on one page of each kind. */
	s2_check_at(vm, vm->ram_ipa);
	s2_check_at(vm, ram_end - PAGE_SIZE);
	s2_check_at(vm, vm->uart_ipa);
	s2_check_at(vm, ram_end);

	/* What the guest did, against the same design and the architecture's syndromes. */
	memcpy(&word, img->bin + (text - vm->ram_ipa), 4);
	past = rep(v, GK_S2P_ADDR(GS2P_EXEC_PAST));
	s2_check_fault(v, GS2P_WRITE_TEXT, "a store to the read-only text", true,
		       FSC_PERMISSION(s2_walk(vm, text).level));
	s2_check_allowed(v, GS2P_READ_TEXT, "a load from the text", word);
	s2_check_allowed(v, GS2P_WRITE_DATA, "a store to data, read back", 0x5eed);
	s2_check_fault(v, GS2P_EXEC_DATA, "a branch into data (XN)", false,
		       FSC_PERMISSION(s2_walk(vm, rep(v, GK_S2P_ADDR(GS2P_EXEC_DATA))).level));
	if (rep(v, GK_S2P_VALUE(GS2P_EXEC_DATA)) != NO_VALUE)
		FAIL("the code the guest put in data ran (returned 0x%lx)",
		     (unsigned long)rep(v, GK_S2P_VALUE(GS2P_EXEC_DATA)));
	s2_check_allowed(v, GS2P_EXEC_TEXT, "a branch into the text", GS2P_RET);
	s2_check_fault(v, GS2P_EXEC_PAST, "a branch past RAM", false, FSC_TRANSLATION(s2_walk(vm, past).level));
	ASSERT_EQ(v->s2_aborts, 3);
	selftest_note("%u IPAs decoded against the design; AT S12E1 types right; a store to text, a branch into "
		      "data and past RAM aborted with the architecture's ESR, HPFAR and FAR", pages + 2);
}

TEST(guest, stage2_perms_a32) { stage2_perms(&guest_a32); }

/* ------------------------------------------------------------------------ */
/* sysreg.undef-entry-*: the injected UNDEF against the architecture         */
/* ------------------------------------------------------------------------ */

/*
 * AArch64 (DDI 0487 D1.10.1 "Exception entry", the AArch64.TakeException
 * pseudocode; D17.2.37, EC 0b000000 "Unknown reason"): ESR_EL1 = EC 0, IL
 * 1, ISS 0; ELR_EL1 = the instruction; SPSR_EL1 = PSTATE before it; PSTATE
 * after: EL1 on SP_EL1, D, A, I, F set, NZCV unchanged; the vector VBAR_EL1
 * + 0x000 from EL1 on SP_EL0, + 0x200 on SP_EL1. The guest records PSTATE
 * as NZCV | DAIF | CurrentEL | SPSel, which is SPSR's own layout for
 * AArch64 (M[3:2] = EL, M[0] = SP).
 */
#define PSTATE_NZCV	(UINT64_C(0xf) << 28)
#define PSTATE_DAIF	(UINT64_C(0xf) << 6)
#define PSTATE_EL1H	UINT64_C(0x5)

static void undef_entry_a64(const struct vcpu *v)
{
	for (unsigned c = 0; c < GEXC_A64_COUNT; c++) {
		uint64_t at = rep(v, GK_UND_AT(c)), before = rep(v, GK_UND_BEFORE(c));
		uint64_t entry = rep(v, GK_UND_ENTRY(c)), vec = rep(v, GK_UND_VEC(c));
		/* PAN is set on entry when SCTLR_EL1.SPAN is 0 (GEXC_A64_SPAN0) and FEAT_PAN is there. */
		uint64_t want_entry = (before & (PSTATE_NZCV | SPSR_PAN)) | PSTATE_DAIF | PSTATE_EL1H |
				      (c == GEXC_A64_SPAN0 && cpu_has_pan() ? SPSR_PAN : 0);
		const char *from = c == GEXC_A64_SPAN0 ? "EL1h with SCTLR_EL1.SPAN = 0" : (before & 1) ? "EL1h" : "EL1t";

		ASSERT_EQ(before & 0xd, c == GEXC_A64_EL1T ? 0x4 : 0x5);
		if (rep(v, GK_UND_SYN(c)) != (ESR_IL | ((uint64_t)ESR_EC_UNKNOWN << ESR_EC_SHIFT)))
			FAIL("from %s: ESR_EL1 0x%lx, want 0x%lx (EC 0 unknown reason, IL 1, ISS 0)", from,
			     (unsigned long)rep(v, GK_UND_SYN(c)), (unsigned long)ESR_IL);
		if (rep(v, GK_UND_LINK(c)) != at)
			FAIL("from %s: ELR_EL1 0x%lx, want the instruction 0x%lx", from,
			     (unsigned long)rep(v, GK_UND_LINK(c)), (unsigned long)at);
		if (rep(v, GK_UND_SPSR(c)) != before)
			FAIL("from %s: SPSR_EL1 0x%lx, want PSTATE before the instruction 0x%lx", from,
			     (unsigned long)rep(v, GK_UND_SPSR(c)), (unsigned long)before);
		if (vec != ((before & 1) ? 0x200 : 0x000))
			FAIL("from %s: taken at VBAR_EL1 + 0x%lx, want + 0x%x", from, (unsigned long)vec,
			     (before & 1) ? 0x200 : 0);
		if (entry != want_entry)
			FAIL("from %s: PSTATE at the vector 0x%lx, want 0x%lx (EL1h, DAIF set, NZCV kept, PAN by SPAN)",
			     from, (unsigned long)entry, (unsigned long)want_entry);
		if (rep(v, GK_UND_AFTER(c)) != (before & PSTATE_NZCV))
			FAIL("from %s: NZCV after the ERET 0x%lx, want 0x%lx", from,
			     (unsigned long)rep(v, GK_UND_AFTER(c)), (unsigned long)(before & PSTATE_NZCV));
	}
}

/*
 * AArch32 (DDI 0487 G1.12.3 / the AArch32.TakeUndefInstrException and
 * AArch32.EnterMode pseudocode; DDI 0406C B1.9.6): Undefined mode; LR_und =
 * the instruction + 4 (A32) or + 2 (T32); SPSR_und = CPSR before; CPSR.I
 * set, A and F unchanged (only FIQ, Abort and IRQ entries set A); T =
 * SCTLR.TE; E = SCTLR.EE; IT and J cleared; the flags unchanged; the vector
 * VBAR + 0x04 (SCTLR.V = 0).
 */
#define CPSR_M		UINT64_C(0x1f)
#define CPSR_T		(UINT64_C(1) << 5)
#define CPSR_I		(UINT64_C(1) << 7)
#define CPSR_E		(UINT64_C(1) << 9)
#define CPSR_IT		((UINT64_C(0x3f) << 10) | (UINT64_C(3) << 25))
#define CPSR_J		(UINT64_C(1) << 24)

static const char *const a32_case_names[] = {
	[GEXC_A32_ARM] = "A32 state", [GEXC_A32_THUMB] = "T32 state",
	[GEXC_A32_TE] = "SCTLR.TE = 1", [GEXC_A32_EE] = "SCTLR.EE = 1",
};

/*
 * MRS reads the CPSR's execution state bits (IT, J, T) as zero (DDI 0406C
 * B1.3.3; Arm ARM G1.9.3): the guest's records lack them. Its T bit before
 * the trap is the case's (the T32 case traps from T32 code); the handler's
 * T is shown by the handler running at all (the TE case's vector is T32
 * code, the others' A32: entered in the wrong state it goes astray, and
 * the wrong vector it lands on ends the guest with GHVC_FAIL).
 */
static void undef_entry_a32(const struct vcpu *v, bool *spsr_seen)
{
	*spsr_seen = true;
	for (unsigned c = 0; c < GEXC_A32_COUNT; c++) {
		const char *what = a32_case_names[c];
		uint64_t at = rep(v, GK_UND_AT(c)), entry = rep(v, GK_UND_ENTRY(c)), link = rep(v, GK_UND_LINK(c));
		uint64_t before = rep(v, GK_UND_BEFORE(c)) | (c == GEXC_A32_THUMB ? CPSR_T : 0);
		uint64_t want_link = at + ((before & CPSR_T) ? 2 : 4);
		uint64_t want_entry = (before & ~(CPSR_M | CPSR_T | CPSR_E | CPSR_IT | CPSR_J)) | SPSR_M32_UND | CPSR_I |
				      (c == GEXC_A32_EE ? CPSR_E : 0);

		if ((before & CPSR_M) != SPSR_M32_SVC)
			FAIL("%s: the guest trapped with CPSR 0x%lx, not from Supervisor mode", what,
			     (unsigned long)before);
		if (rep(v, GK_UND_VEC(c)) != 4)
			FAIL("%s: taken at vector + 0x%lx, want + 0x04", what, (unsigned long)rep(v, GK_UND_VEC(c)));
		if (entry != want_entry)
			FAIL("%s: CPSR at the vector 0x%lx, want 0x%lx (Undefined mode, I set, A and F as before, "
			     "E = SCTLR.EE, flags kept)", what, (unsigned long)entry, (unsigned long)want_entry);
		if (link != want_link)
			FAIL("%s: LR_und 0x%lx, want 0x%lx (the instruction + %u)", what, (unsigned long)link,
			     (unsigned long)want_link, (before & CPSR_T) ? 2 : 4);
		if (rep(v, GK_UND_SPSR(c)) != before)
			*spsr_seen = false;
	}
}

void undef_entry(const struct guest_image *img)
{
	const struct vm_opts o = { .hcr_extra = HCR_EL2_TACR };
	struct vm *vm = run(img, GSCN_EXC, 0, &o);
	const struct vcpu *v = &vm->vcpu;
	unsigned cases = img->aarch32 ? GEXC_A32_COUNT : GEXC_A64_COUNT;
	bool spsr_seen = true;

	if (v->undefs != cases)
		FAIL("%u UNDEFs injected, want %u", v->undefs, cases);
	if (!img->aarch32) {
		undef_entry_a64(v);
		selftest_note("from EL1h, EL1t and with SPAN = 0%s: ESR_EL1, ELR_EL1, SPSR_EL1, the vector and "
			      "PSTATE as the architecture gives them", cpu_has_pan() ? " (FEAT_PAN)" : " (no FEAT_PAN)");
		return;
	}
	undef_entry_a32(v, &spsr_seen);
	if (!spsr_seen) {
		/* The probe runs after, in VM 0: v's reports are read first. */
		uint64_t got = rep(v, GK_UND_SPSR(GEXC_A32_ARM)), want = rep(v, GK_UND_BEFORE(GEXC_A32_ARM));

		if (spsr_delivered(img))
			FAIL("A32 state: SPSR_und 0x%lx, want CPSR before the instruction 0x%lx", (unsigned long)got,
			     (unsigned long)want);
		selftest_info("SPSR_und not checked (the handler found 0x%lx): " SPSR_UNSEEN, (unsigned long)got);
	}
	selftest_note("A32, T32, TE = 1, EE = 1: mode, CPSR, LR_und, the vector%s as the architecture gives them",
		      spsr_seen ? " and SPSR_und" : "");
}

TEST(sysreg, undef_entry_a32) { undef_entry(&guest_a32); }

/* ------------------------------------------------------------------------ */
/* sysreg.banked-a32: MCR/MRC with a banked Rt                              */
/* ------------------------------------------------------------------------ */

/*
 * Every case of GUEST_BANKED_CASES: a write from Rt of a mode other than
 * User/System must take that mode's copy, and a read must land there (Arm
 * ARM "Mapping of the AArch32 registers to AArch64", and the Rt field of
 * ESR_EL2's ISS for MCR/MRC, which gives the AArch64 view of the register;
 * DDI 0406C B9.2.1 "Banked registers", HSR giving the instruction's Rt).
 * HSTR_EL2.T13 and T2 (HSTR on ARMv7) make the reads (MRC of CRn 13, MRRC
 * of CRm 2) trap too: the handler writes them into the banked register.
 */
#define HSTR_T(n)	(UINT64_C(1) << (n))

struct bank_case { unsigned mode, rt, rt2; };
#define BANK_ROW(k, m, t, t2) [k] = { m, t, t2 },
static const struct bank_case bank_cases[GUEST_BANKED_COUNT] = { GUEST_BANKED_CASES(BANK_ROW) };

static const char *mode_name(unsigned m)
{
	switch (m) {
	case 0x11: return "FIQ";
	case 0x12: return "IRQ";
	case 0x13: return "Supervisor";
	case 0x17: return "Abort";
	case 0x1b: return "Undefined";
	case 0x1f: return "System";
	}
	return "?";
}

TEST(sysreg, banked_a32)
{
	const struct vm_opts o = { .hstr = HSTR_T(13) | HSTR_T(2) };
	struct vm *vm = run(&guest_a32, GSCN_BANKED, 0, &o);
	const struct vcpu *v = &vm->vcpu;

	if (v->nwlog != GUEST_BANKED_COUNT)
		FAIL("%u trapped writes, want %u (one per case)", v->nwlog, GUEST_BANKED_COUNT);
	for (unsigned k = 0; k < GUEST_BANKED_COUNT; k++) {
		const struct bank_case *c = &bank_cases[k];
		uint64_t lo = GUEST_BANKED_MARKER(k, c->mode, c->rt), hi = c->rt2 ? (uint64_t)(k + 1) << 16 : 0;
		uint64_t want = lo | (hi << 32), back = rep(v, GK_BANK_BACK(k)), hw = rep(v, GK_BANK_HW(k));
		const struct vsysreg *r = &vsysreg_table[v->wlog[k].idx];
		char regs[16];

		snprintf(regs, sizeof(regs), c->rt2 ? "r%u, r%u" : "r%u", c->rt, c->rt2);
		if (v->wlog[k].val != want)
			FAIL("%s mode, %s: the trap handler took 0x%lx from the guest, it wrote 0x%lx", mode_name(c->mode),
			     regs, (unsigned long)v->wlog[k].val, (unsigned long)want);
		if (strcmp(r->name, c->rt2 ? "TTBR1 (64-bit)" : "CONTEXTIDR"))
			FAIL("%s mode, %s: the write went to %s", mode_name(c->mode), regs, r->name);
		if (hw != (c->rt2 ? v->wlog[k].after : (v->wlog[k].after & 0xffffffff)))
			FAIL("%s mode, %s: the register reads 0x%lx, the write left 0x%lx", mode_name(c->mode), regs,
			     (unsigned long)hw, (unsigned long)v->wlog[k].after);
		if (back != hw)
			FAIL("%s mode, %s: the MRC%s back into %s gave 0x%lx, the register holds 0x%lx",
			     mode_name(c->mode), regs, c->rt2 ? "R" : "", regs, (unsigned long)back, (unsigned long)hw);
	}
	if (!v->sysreg_reads)
		FAIL("no MRC/MRRC trapped under HSTR_EL2.T13/T2: the reads into banked registers were not shown");
	selftest_note("%u cases in 6 modes: each write took the mode's own Rt, each of %u trapped reads "
		      "landed there", GUEST_BANKED_COUNT, v->sysreg_reads);
}

/* ------------------------------------------------------------------------ */
/* guest.el2-state: the hypervisor's EL2 state after a guest ran             */
/* ------------------------------------------------------------------------ */

/*
 * The hypervisor's own EL2 registers (arm32: their HYP-mode counterparts):
 * a guest run may change them only while the guest runs, and must leave
 * them as they were: the translation regime and its attributes, the
 * vectors, the traps it owns, the timer controls, the ID values it shows
 * guests, its stacks, PSTATE.DAIF (CPSR.I/F).
 */
#define EL2_REGS(X)                                                           \
	X(hcr_el2) X(sctlr_el2) X(tcr_el2) X(ttbr0_el2) X(mair_el2) X(vbar_el2) \
	X(tpidr_el2) X(cptr_el2) X(mdcr_el2) X(hstr_el2) X(cnthctl_el2)        \
	X(cntvoff_el2) X(vpidr_el2) X(vmpidr_el2)
#define EL2_NAME(r) #r,
#define EL2_COUNT_ONE(r) + 1
#define EL2_READ(r) s->v[i++] = READ_SYSREG(r);
enum { EL2_NREGS = 0 EL2_REGS(EL2_COUNT_ONE) };
static const char *const el2_names[] = { EL2_REGS(EL2_NAME) "PSTATE.DAIF/CPSR", "the exception stack pointer (SP_EL2/HTPIDR)" };

/* Of DAIF (arm64) or the CPSR (arm32), the control bits: [9:0] (mode, T, F, I, A, E / D, A, I, F); not the flags. */
#define PSTATE_CTL_MASK	UINT64_C(0x3ff)

struct el2_state {
	uint64_t v[EL2_NREGS + 2];
};

static void el2_snapshot(struct el2_state *s)
{
	unsigned i = 0;
	uint64_t flags = irq_mask_save();

	EL2_REGS(EL2_READ)
	s->v[i++] = flags & PSTATE_CTL_MASK;
	s->v[i++] = tf_exception_sp();
	irq_restore(flags);
}

static void el2_compare(const struct el2_state *a, const char *what)
{
	struct el2_state b;

	el2_snapshot(&b);
	for (unsigned i = 0; i < ARRAY_SIZE(b.v); i++)
		if (a->v[i] != b.v[i])
			FAIL("after %s: %s is 0x%lx, it was 0x%lx before the run", what, el2_names[i],
			     (unsigned long)b.v[i], (unsigned long)a->v[i]);
	/* And what the design says they are between runs. */
	if (b.v[0] != HCR_EL2_BOOT)
		FAIL("after %s: HCR_EL2 0x%lx, the hypervisor's own is 0x%lx", what, (unsigned long)b.v[0],
		     (unsigned long)HCR_EL2_BOOT);
	ASSERT_EQ(READ_SYSREG(vbar_el2), PC_ADDR(el2_vectors));
	ASSERT_EQ(b.v[EL2_NREGS + 1], (uint64_t)(uintptr_t)__xstack_end);
}

struct el2_run {
	unsigned scn;
	unsigned long arg;
	uint64_t hcr_extra, hstr;
	bool a32_only;
	const char *what;
};

static const struct el2_run el2_runs[] = {
	{ GSCN_BOOT, 0, 0, 0, false, "a boot" },
	{ GSCN_PASSTHROUGH, 0, 0, 0, false, "SCTLR writes and the MMU on" },
	{ GSCN_MMU, GORDER_C_FIRST, 0, 0, false, "C, then M" },
	{ GSCN_STAGE2, 0, 0, 0, false, "stage-2 data aborts" },
	{ GSCN_S2PERM, 0, 0, 0, false, "stage-2 permission faults and instruction aborts" },
	{ GSCN_UNDEF, 0, HCR_EL2_TACR, 0, false, "an injected UNDEF" },
	{ GSCN_EXC, 0, HCR_EL2_TACR, 0, false, "injected UNDEFs from every state" },
	{ GSCN_ASID, 0, 0, 0, false, "a TLBI by ASID" },
	{ GSCN_BANKED, 0, 0, HSTR_T(13) | HSTR_T(2), true, "banked MCR/MRC under HSTR" },
};

static unsigned el2_runs_of(const struct guest_image *img, struct el2_state *before)
{
	unsigned n = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(el2_runs); i++) {
		const struct el2_run *r = &el2_runs[i];
		const struct vm_opts o = { .hcr_extra = r->hcr_extra, .hstr = r->hstr };
		const char *why;
		struct vm *vm;
		char what[96];

		if (r->a32_only && !img->aarch32)
			continue;
		snprintf(what, sizeof(what), "the %s guest's run (%s)", img->name, r->what);
		el2_snapshot(before);
		vm = vm_prepare(0, img, r->scn, r->arg, &o, &why);
		if (!vm)
			FAIL("cannot set up the %s guest: %s", img->name, why);
		vm_run_to_done(vm);
		el2_compare(before, what);
		n++;
	}
	return n;
}

TEST(guest, el2_state)
{
	struct el2_state before;
	const struct guest_image *other = cpu_has_aarch32_el1() && guest_native != &guest_a32 ? &guest_a32 : NULL;
	unsigned n = el2_runs_of(guest_native, &before);
	struct vm *a, *b;

	if (other)
		n += el2_runs_of(other, &before);
	/* Two VMs taking turns, each yielding: every switch goes through the run's end. */
	el2_snapshot(&before);
	a = prepare(0, guest_native, GSCN_SWITCH, 0, NULL);
	b = prepare(1, other ? other : guest_native, GSCN_SWITCH, 1, NULL);
	while (vcpu_run(&a->vcpu) | vcpu_run(&b->vcpu))
		el2_compare(&before, "a VM switch");
	el2_compare(&before, "two VMs' runs");
	selftest_note("%u guest runs and a VM switch: %u EL2 registers, DAIF and SP_EL2 as before each, HCR_EL2 "
		      "and VBAR_EL2 the hypervisor's", n + 1, EL2_NREGS);
}
