/* SPDX-License-Identifier: MIT */
/*
 * guest.* and sysreg.* (seed 001): tiny guests behind stage 2, proved from
 * both sides. The guest reports what it wrote, read and saw (guest/abi.h);
 * the hypervisor compares that with what it trapped and what the hardware
 * registers hold.
 */
#include <string.h>
#include "selftest/selftest.h"
#include "guest/vm.h"
#include "guest/abi.h"
#include "lib/sysreg.h"
#include "mm/layout.h"
#include "boot/boot.h"
#include "traps/traps.h"
#include "traps/watchdog.h"
#include "selftest/guest_tests.h"

#define MARKER		UINT64_C(0x600dcafe)
#define NO_VALUE	(~UINT64_C(0))

static void need_el1_width(const struct guest_image *img)
{
	const char *why = vcpu_width_unsupported(img);

	if (why)
		SKIP("%s", why);
}

struct vm *prepare(unsigned n, const struct guest_image *img, unsigned long scn, unsigned long arg,
			  const struct vm_opts *opts)
{
	const char *why = NULL;
	struct vm *vm;

	need_el1_width(img);
	vm = vm_prepare(n, img, scn, arg, opts, &why);
	if (!vm)
		FAIL("cannot set up the %s guest: %s", img->name, why);
	return vm;
}

void finished(const struct vm *vm)
{
	const struct vcpu *v = &vm->vcpu;

	if (v->error)
		FAIL("%s guest: %s", vm->img->name, v->error);
	if (!v->done || v->status)
		FAIL("%s guest did not finish (status %lu)", vm->img->name, (unsigned long)v->status);
}

struct vm *run(const struct guest_image *img, unsigned long scn, unsigned long arg,
		      const struct vm_opts *opts)
{
	struct vm *vm = prepare(0, img, scn, arg, opts);

	vm_run_to_done(vm);
	finished(vm);
	return vm;
}

uint64_t rep(const struct vcpu *v, unsigned key)
{
	uint64_t val;

	if (!vcpu_report(v, key, &val))
		FAIL("the guest did not report key 0x%x", key);
	return val;
}

/* The saved hardware value of a passthrough target, as vcpu_put read it. */
static uint64_t sys_of(const struct vcpu *v, unsigned reg)
{
	const struct vcpu_sysregs *s = &v->sys;

	switch (reg) {
	case VREG_SCTLR_EL1: return s->sctlr;
	case VREG_TTBR0_EL1: return s->ttbr0;
	case VREG_TTBR1_EL1: return s->ttbr1;
	case VREG_TCR_EL1: return s->tcr;
	case VREG_ESR_EL1: return s->esr;
	case VREG_FAR_EL1: return s->far;
	case VREG_AFSR0_EL1: return s->afsr0;
	case VREG_AFSR1_EL1: return s->afsr1;
	case VREG_MAIR_EL1: return s->mair;
	case VREG_AMAIR_EL1: return s->amair;
	case VREG_CONTEXTIDR_EL1: return s->contextidr;
	case VREG_DACR32_EL2: return s->dacr32;
	case VREG_IFSR32_EL2: return s->ifsr32;
	}
	return 0;
}

static const char *const part_names[] = {
	[VPART_ALL] = "", [VPART_LO] = "[31:0]", [VPART_HI] = "[63:32]", [VPART_PAIR] = "[63:0]",
};

/* The part of hw that an access through part reads, as one value (PAIR: hi:lo). */
static uint64_t part_value(unsigned part, uint64_t hw)
{
	uint64_t lo, hi;

	vsysreg_extract(part, hw, &lo, &hi);
	return part == VPART_PAIR ? lo | (hi << 32) : lo;
}

/* What the register holds after a write of val through part onto before, done directly at EL2. */
static uint64_t direct(const struct vsysreg *r, uint64_t before, uint64_t val)
{
	uint64_t lo = r->part == VPART_PAIR ? val & 0xffffffff : val, hi = r->part == VPART_PAIR ? val >> 32 : 0;

	return vreg_direct_effect(r->reg, vsysreg_merge(r->part, before, lo, hi));
}

/*
 * One passthrough register: two writes with the MMU off (each must trap,
 * land in hardware exactly as a direct write would, and read back the same
 * in the guest), the MMU-on sequence, then a write that must not trap but
 * still reach the register.
 */
void passthrough(const struct guest_image *img, unsigned i)
{
	unsigned idx = (img->aarch32 ? GUEST_NREGS_A64 : 0) + i, seen = 0;
	const struct vsysreg *e = &vsysreg_table[idx];
	uint64_t wrote[3], rd[3], tr[3], after, woff, fin;
	const struct vcpu *v;
	struct vm *vm;

	vm = run(img, GSCN_PASSTHROUGH, i, NULL);
	v = &vm->vcpu;
	for (unsigned n = 0; n < 3; n++) {
		wrote[n] = rep(v, GK_WROTE(n));
		rd[n] = rep(v, GK_READ(n));
		tr[n] = rep(v, GK_TRAPS(n));
	}
	after = rep(v, GK_AFTER_TRAPS);
	woff = rep(v, GK_WRITES_OFF);

	/* Every trapped write of the run reached hardware as a direct write gives. */
	for (unsigned k = 0; k < v->nwlog; k++) {
		const struct vsysreg *r = &vsysreg_table[v->wlog[k].idx];
		uint64_t want = direct(r, v->wlog[k].before, v->wlog[k].val);

		if (v->wlog[k].after != want)
			FAIL("%s write 0x%lx: %s%s became 0x%lx, a direct write gives 0x%lx", r->name,
			     (unsigned long)v->wlog[k].val, vreg_name(r->reg), part_names[r->part],
			     (unsigned long)v->wlog[k].after, (unsigned long)want);
		if (v->wlog[k].idx != idx)
			continue;
		if (seen < 2) {
			uint64_t part = part_value(e->part, v->wlog[k].after);

			if (v->wlog[k].val != wrote[seen])
				FAIL("%s: trapped value 0x%lx, the guest wrote 0x%lx", e->name,
				     (unsigned long)v->wlog[k].val, (unsigned long)wrote[seen]);
			if (part != rd[seen])
				FAIL("%s: the guest read back 0x%lx, %s%s holds 0x%lx", e->name,
				     (unsigned long)rd[seen], vreg_name(e->reg), part_names[e->part],
				     (unsigned long)part);
		}
		seen++;
	}
	if (seen != woff || v->traps[idx] != woff || woff < 2)
		FAIL("%s: %u traps, the guest wrote it %lu times with its MMU off", e->name, v->traps[idx],
		     (unsigned long)woff);
	if (tr[0] != 1 || tr[1] != 2)
		FAIL("%s: trap count %lu, %lu after the first two writes, want 1, 2", e->name,
		     (unsigned long)tr[0], (unsigned long)tr[1]);

	/* MMU on: DC and TVM are gone, nothing traps, and the write still lands. */
	if (v->hcr & (HCR_EL2_DC | HCR_EL2_TVM))
		FAIL("HCR_EL2 0x%lx: DC/TVM still set after the guest turned its MMU on", (unsigned long)v->hcr);
	if (tr[2] != after)
		FAIL("%s: the write after MMU-on trapped (%lu -> %lu traps)", e->name, (unsigned long)after,
		     (unsigned long)tr[2]);
	fin = sys_of(v, e->reg);
	if (rd[2] != part_value(e->part, fin))
		FAIL("%s after MMU-on: the guest read 0x%lx, %s%s holds 0x%lx", e->name, (unsigned long)rd[2],
		     vreg_name(e->reg), part_names[e->part], (unsigned long)part_value(e->part, fin));
	if (part_value(e->part, fin) != part_value(e->part, direct(e, fin, wrote[2])))
		FAIL("%s after MMU-on: the write of 0x%lx did not reach %s", e->name, (unsigned long)wrote[2],
		     vreg_name(e->reg));
	selftest_note("traps=%u, %s -> %s%s, last trapped 0x%lx", v->traps[idx], e->name, vreg_name(e->reg),
		      part_names[e->part], (unsigned long)v->last_written[idx]);
}

#define A32(i, name) TEST(sysreg, a32_##name) { passthrough(&guest_a32, i); }
A32(0, sctlr)
A32(1, ttbr0)
A32(2, ttbr1)
A32(3, ttbcr)
A32(4, dacr)
A32(5, dfsr)
A32(6, ifsr)
A32(7, adfsr)
A32(8, aifsr)
A32(9, dfar)
A32(10, ifar)
A32(11, mair0)
A32(12, mair1)
A32(13, amair0)
A32(14, amair1)
A32(15, contextidr)
A32(16, ttbr0_64)
A32(17, ttbr1_64)

/* The table against the guests' register lists, and every entry through the decoder. */
#define NAME(i, name) #name,
static const char *const a64_names[] = { GUEST_REGS_A64(NAME) };
static const char *const a32_names[] = { GUEST_REGS_A32(NAME) };

static bool same_name(const char *table, const char *guest)
{
	size_t n = strlen(guest);

	/* "TTBR0 (64-bit)" is the guest's "TTBR0_64". */
	if (n > 3 && !strcmp(guest + n - 3, "_64"))
		return !strncmp(table, guest, n - 3) && !strcmp(table + n - 3, " (64-bit)");
	return !strcmp(table, guest);
}

TEST(sysreg, decode_table)
{
	ASSERT_EQ(vsysreg_count, GUEST_NREGS_A64 + GUEST_NREGS_A32);
	for (unsigned i = 0; i < vsysreg_count; i++) {
		const struct vsysreg *e = &vsysreg_table[i];
		const char *g = i < GUEST_NREGS_A64 ? a64_names[i] : a32_names[i - GUEST_NREGS_A64];
		uint64_t esr = ((uint64_t)(e->key >> 25) << 26) | ESR_IL | (e->key & 0x1ffffff) | (5u << 5);
		struct vsysreg_access a;
		char enc[48];

		if (!same_name(e->name, g))
			FAIL("table entry %u is %s, the guests' list has %s there", i, e->name, g);
		vsysreg_describe(e->key, enc, sizeof(enc));
		if (!vsysreg_decode(esr, &a) || a.r != e)
			FAIL("%s (%s) decodes as %s", e->name, enc, a.r ? a.r->name : "nothing");
		if (a.rt != 5 || a.read)
			FAIL("%s: Rt %u read %d, want Rt 5, a write", e->name, a.rt, a.read);
	}
	selftest_note("%u encodings", vsysreg_count);
}

/* What the guest sees at entry, and the VM the hypervisor built from its DTB. */
void boot_guest(const struct guest_image *img)
{
	struct vm *vm = run(img, GSCN_BOOT, 0, NULL);
	const struct vcpu *v = &vm->vcpu;
	uint64_t mode = rep(v, GK_EL), sctlr = rep(v, GK_SCTLR);

	ASSERT_EQ(rep(v, GK_DT_MAGIC), 0xedfe0dd0);	/* 0xd00dfeed, big-endian */
	if (img->aarch32)
		ASSERT_EQ(mode & 0x1f, SPSR_M32_SVC);
	else
		ASSERT_EQ((mode >> CURRENTEL_EL_SHIFT) & CURRENTEL_EL_MASK, 1);
	ASSERT_EQ(sctlr & (SCTLR_EL1_M | SCTLR_EL1_C), 0);
	ASSERT_EQ(v->hcr & (HCR_EL2_VM | HCR_EL2_DC | HCR_EL2_TVM | HCR_EL2_RW),
		  HCR_EL2_VM | HCR_EL2_DC | HCR_EL2_TVM | (img->aarch32 ? 0 : HCR_EL2_RW));
	ASSERT_EQ(vm->ram_ipa, GUEST_RAM_IPA);
	selftest_note("RAM IPA 0x%lx+0x%lx at PA 0x%lx, UART IPA 0x%lx -> PA 0x%lx, VMID %u, VTCR_EL2 0x%lx",
		      (unsigned long)vm->ram_ipa, (unsigned long)vm->ram_size, (unsigned long)vm->ram_pa,
		      (unsigned long)vm->uart_ipa, (unsigned long)boot.uart_base, vm->vmid,
		      (unsigned long)vm->s2.vtcr);
}

TEST(guest, boot_a32) { boot_guest(&guest_a32); }

/* Stage-2 isolation: every leaf is guest RAM or its UART, and the accesses outside abort at EL2. */
struct leaf_check {
	const struct vm *vm;
	unsigned leaves;
	const char *bad;
	uint64_t bad_ipa, bad_pa;
};

static void check_leaf(void *ctx, uint64_t ipa, uint64_t pa, uint64_t size, unsigned attrs)
{
	struct leaf_check *c = ctx;
	const struct vm *vm = c->vm;
	bool ram = ipa >= vm->ram_ipa && ipa + size <= vm->ram_ipa + vm->ram_size &&
		   pa == vm->ram_pa + (ipa - vm->ram_ipa);
	bool uart = ipa == vm->uart_ipa && pa == boot.uart_base && (attrs & MM_DEVICE);

	c->leaves++;
	if (c->bad)
		return;
	if (!ram && !uart)
		c->bad = "maps memory that is not the guest's";
	else if (ram && ipa < vm->ram_ipa + vm->text_size && (attrs & MM_W))
		c->bad = "maps the guest's text writable";
	if (c->bad) {
		c->bad_ipa = ipa;
		c->bad_pa = pa;
	}
}

void stage2_isolation(const struct guest_image *img)
{
	/* Hypervisor memory the guest must not reach: the image, or the DTB, below 4 GiB and outside its RAM IPAs. */
	uint64_t outside = boot_mm.image_pa;
	struct leaf_check c = { 0 };
	const struct vcpu *v;
	struct vm *vm;
	const uint64_t want[4] = { GUEST_RAM_IPA + GUEST_RAM_SIZE, GUEST_RAM_IPA - PAGE_SIZE, 0, GUEST_RAM_IPA };

	if (outside >> 32 || (outside >= GUEST_RAM_IPA && outside < GUEST_RAM_IPA + GUEST_RAM_SIZE))
		outside = boot_mm.dtb_pa;
	vm = run(img, GSCN_STAGE2, outside, NULL);
	v = &vm->vcpu;
	c.vm = vm;
	stage2_for_each(&vm->s2, check_leaf, &c);
	if (c.bad)
		FAIL("stage 2 %s: IPA 0x%lx -> PA 0x%lx", c.bad, (unsigned long)c.bad_ipa, (unsigned long)c.bad_pa);
	for (unsigned n = 0; n < 4; n++) {
		uint64_t ipa = rep(v, GK_S2_IPA(n)), esr, w = n == 2 ? outside : want[n];
		unsigned fsc;

		if (ipa == NO_VALUE)
			FAIL("access %u to IPA 0x%lx did not abort at EL2 (%s)", n, (unsigned long)w,
			     n == 3 ? "a write to the guest's read-only text" : "outside the guest's RAM");
		esr = rep(v, GK_S2_ESR(n));
		fsc = esr & ESR_ABT_FSC_MASK;
		if (ipa != w)
			FAIL("access %u: HPFAR/FAR give IPA 0x%lx, want 0x%lx", n, (unsigned long)ipa, (unsigned long)w);
		if (esr_ec(esr) != ESR_EC_DABT_LOW)
			FAIL("access %u: EC 0x%x, want a data abort from a lower EL", n, esr_ec(esr));
		if (n < 3 && (fsc < FSC_TRANSLATION(0) || fsc > FSC_TRANSLATION(3)))
			FAIL("access %u: fault status 0x%x, want a translation fault", n, fsc);
		if (n == 3 && ((fsc < FSC_PERMISSION(0) || fsc > FSC_PERMISSION(3)) || !(esr & ESR_DABT_WNR)))
			FAIL("write to text: ESR 0x%lx, want a permission fault on a write", (unsigned long)esr);
	}
	ASSERT_EQ(v->s2_aborts, 4);
	selftest_note("%u stage-2 leaves, all guest RAM or its UART; 4 aborts with the right IPA (hypervisor PA 0x%lx)",
		      c.leaves, (unsigned long)outside);
}

TEST(guest, stage2_isolation_a32) { stage2_isolation(&guest_a32); }

/* An access the table does not know: an UNDEF in the guest, at the right address. */
void undef(const struct guest_image *img)
{
	const struct vm_opts o = { .hcr_extra = HCR_EL2_TACR };
	struct vm *vm = run(img, GSCN_UNDEF, 0, &o);
	const struct vcpu *v = &vm->vcpu;
	uint64_t at = rep(v, GK_INSN_PC);
	char enc[48];

	if (v->undefs != 1)
		FAIL("%u UNDEFs injected, want 1", v->undefs);
	ASSERT_EQ(rep(v, GK_EXC_CLASS), img->aarch32 ? 0x04 : 0x00);
	ASSERT_EQ(rep(v, GK_EXC_PC), at);
	vsysreg_describe(v->undef_key, enc, sizeof(enc));
	if (img->aarch32)
		selftest_info("SPSR_und: the hypervisor wrote 0x%lx, the guest's handler found 0x%lx",
			      (unsigned long)v->undef_spsr, (unsigned long)rep(v, GK_EXC_SPSR));
	selftest_note("ACTLR write (%s) at 0x%lx -> UNDEF in the guest", enc, (unsigned long)at);
}

TEST(sysreg, undef_a32) { undef(&guest_a32); }

/*
 * When DC/TVM go (see vcpu_sctlr_written). The alias VA is mapped by the
 * guest's stage 1 to its RAM; with stage 1 effectively off (DC) it is an IPA
 * outside the guest's RAM, so the read aborts at EL2 instead.
 */
void mmu_order(const struct guest_image *img, unsigned order)
{
	struct vm *vm = run(img, GSCN_MMU, order, NULL);
	const struct vcpu *v = &vm->vcpu;
	uint64_t a0 = rep(v, GK_ALIAS(0)), t0 = rep(v, GK_MMU_TRAPS(0)), after = rep(v, GK_AFTER_TRAPS);
	uint64_t last = t0, dcvm = HCR_EL2_DC | HCR_EL2_TVM;

	bool two = order != GORDER_TOGETHER;
	/* The first write of a two-step order sets one of the bits alone: "M without C" or "C without M". */
	const char *alone = order == GORDER_M_FIRST ? "M set without C" : "C set without M";

	if (two && v->sctlr_writes && (v->hcr_after_sctlr[0] & dcvm) != dcvm)
		FAIL("SCTLR.%s: HCR_EL2 0x%lx dropped DC/TVM (they stay until M and C are both set)", alone,
		     (unsigned long)v->hcr_after_sctlr[0]);
	if (v->sctlr_writes != (two ? 2u : 1u))
		FAIL("%u SCTLR writes trapped, want %u", v->sctlr_writes, two ? 2 : 1);
	if (two) {
		uint64_t a1 = rep(v, GK_ALIAS(1)), t1 = rep(v, GK_MMU_TRAPS(1));

		if (a0 != NO_VALUE || rep(v, GK_ABORTS(0)) != 1)
			FAIL("SCTLR.%s: the alias read gave 0x%lx, want a stage-2 abort (stage 1 still off)", alone,
			     (unsigned long)a0);
		if (t1 != t0 + 1)
			FAIL("the write that set SCTLR.M and C after %s did not trap (%lu -> %lu traps): TVM was "
			     "dropped early", alone, (unsigned long)t0, (unsigned long)t1);
		a0 = a1;
		last = t1;
	}
	if (v->hcr_after_sctlr[v->sctlr_writes - 1] & dcvm)
		FAIL("SCTLR.M and C set: HCR_EL2 0x%lx still has DC/TVM",
		     (unsigned long)v->hcr_after_sctlr[v->sctlr_writes - 1]);
	if (a0 != MARKER)
		FAIL("MMU on: the alias read gave 0x%lx, want 0x%lx (the guest's stage 1 is not in effect)",
		     (unsigned long)a0, (unsigned long)MARKER);
	if (after != last)
		FAIL("a CONTEXTIDR write after MMU-on trapped (%lu -> %lu traps)", (unsigned long)last,
		     (unsigned long)after);
	selftest_note("%s: %lu traps, DC/TVM dropped at SCTLR write %u of %u, none after",
		      order == GORDER_M_FIRST ? "M, then C" : order == GORDER_C_FIRST ? "C, then M" : "M and C together",
		      (unsigned long)last, v->sctlr_writes, v->sctlr_writes);
}

TEST(sysreg, mmu_together_a32) { mmu_order(&guest_a32, GORDER_TOGETHER); }
TEST(sysreg, mmu_m_then_c_a32) { mmu_order(&guest_a32, GORDER_M_FIRST); }
TEST(sysreg, mmu_c_then_m_a32) { mmu_order(&guest_a32, GORDER_C_FIRST); }

/*
 * Two VMs (VMIDs 1 and 2) switched back and forth at every yield: one with
 * its MMU off (DC/TVM: each CONTEXTIDR write traps), one with it on
 * (nothing traps). HCR_EL2 and the EL1 registers follow each vCPU.
 */
TEST(guest, hcr_per_vcpu)
{
	const struct guest_image *first = guest_native;
	const struct guest_image *second = cpu_has_aarch32_el1() ? &guest_a32 : guest_native;
	struct vm *a = prepare(0, first, GSCN_SWITCH, 0, NULL);
	struct vm *b = prepare(1, second, GSCN_SWITCH, 1, NULL);
	struct vcpu *va = &a->vcpu, *vb = &b->vcpu;
	uint64_t b_traps = NO_VALUE;
	unsigned slices = 0;

	while (!va->done || !vb->done) {
		if (++slices > 16)
			FAIL("the guests did not finish in 16 slices");
		if (!va->done) {
			vcpu_run(va);
			if (va->error)
				finished(a);
			if ((va->hcr & (HCR_EL2_DC | HCR_EL2_TVM)) != (HCR_EL2_DC | HCR_EL2_TVM))
				FAIL("MMU-off vCPU: HCR_EL2 0x%lx lost DC/TVM", (unsigned long)va->hcr);
		}
		if (!vb->done) {
			vcpu_run(vb);
			if (vb->error)
				finished(b);
			if (vb->hcr & (HCR_EL2_DC | HCR_EL2_TVM))
				FAIL("MMU-on vCPU: HCR_EL2 0x%lx has DC/TVM", (unsigned long)vb->hcr);
		}
	}
	finished(a);
	finished(b);
	for (unsigned n = 0; n < 4; n++) {
		uint64_t ta = rep(va, GK_TRAPS(n)), tb = rep(vb, GK_TRAPS(n));

		ASSERT_EQ(rep(va, GK_READ(n)), 0x100 + n);
		ASSERT_EQ(rep(vb, GK_READ(n)), 0x100 + n);
		if (ta != n + 1)
			FAIL("MMU-off vCPU: %lu traps after CONTEXTIDR write %u, want %u", (unsigned long)ta, n, n + 1);
		if (b_traps == NO_VALUE)
			b_traps = tb;
		if (tb != b_traps)
			FAIL("MMU-on vCPU: CONTEXTIDR write %u trapped (%lu -> %lu traps)", n,
			     (unsigned long)b_traps, (unsigned long)tb);
	}
	selftest_note("%u slices; %s MMU off: 4 traps; %s MMU on: none after MMU-on", slices, first->name,
		      second->name);
}

/*
 * ASID-tagged EL1&0 entries (the stage 1 of the guest of the hypervisor's own
 * width, VMID 1): one non-global
 * page, mapped to A under ASID 1 and to B under ASID 2 with no TLBI between
 * the switches; then ASID 1's descriptor changes to C with no TLBI, and only
 * the hypervisor's TLBI by ASID 1 (TLBI ASIDE1IS; TLBIASIDIS on
 * ARMv7) makes C visible. Reading A after
 * the change is the negative control (the entry really was cached).
 */
TEST(tlb, asid)
{
	struct vm *vm = run(guest_native, GSCN_ASID, 0, NULL);
	const struct vcpu *v = &vm->vcpu;
	uint64_t r[5];

	for (unsigned n = 0; n < 5; n++)
		r[n] = rep(v, GK_ASID(n));
	if (r[0] != 0xa || r[2] != 0xa)
		FAIL("ASID 1 reads 0x%lx, 0x%lx, want page A (0xa)", (unsigned long)r[0], (unsigned long)r[2]);
	if (r[1] != 0xb)
		FAIL("ASID 2 reads 0x%lx, want its own page B (0xb): an entry of ASID 1 was used",
		     (unsigned long)r[1]);
	if (v->tlbi_asid != 1)
		FAIL("%u TLBI-by-ASID calls, want 1", v->tlbi_asid);
	if (r[4] != 0xc)
		FAIL("after the TLBI by ASID 1, ASID 1 reads 0x%lx, want the new page C (0xc)", (unsigned long)r[4]);
	if (r[3] == 0xa)
		selftest_note("A under ASID 1, B under ASID 2; the changed entry stayed stale (A) until the TLBI by ASID");
	else
		selftest_note("A under ASID 1, B under ASID 2, C after the TLBI by ASID; the changed entry was not "
			      "stale here (read 0x%lx), so the TLBI is not shown to be needed", (unsigned long)r[3]);
}

/*
 * The watchdog in a guest: a guest that spins without a single exit is
 * interrupted by the EL2 timer (a physical IRQ, routed to EL2 by
 * HCR_EL2.IMO whatever the guest's PSTATE.I) and leaves through the
 * lower-EL IRQ vector; then the test sets the guest's stop word and the
 * guest runs on to its end. Without the interrupt the spin still ends (after
 * GUEST_SPIN_MS) and the test FAILs.
 */
#define GUEST_SPIN_MS	1000
#define GUEST_EXPECT_MS	5

void watchdog_in_guest(const struct guest_image *img)
{
	const struct vcpu *v;
	struct vm *vm;
	uint64_t ms, stop_ipa = 0;
	bool stopped = false, armed = false;

	if (!watchdog.armed)
		SKIP("the watchdog is off: %s", watchdog.off ? watchdog.off : "not armed");
	vm = prepare(0, img, GSCN_SPIN, GUEST_SPIN_MS, NULL);
	v = &vm->vcpu;
	while (vcpu_run(&vm->vcpu)) {
		/*
		 * The guest yields once it has said where its stop word is, just
		 * before it spins: the timer is armed only then, so an expiry
		 * cannot come while the guest is still starting (and a short
		 * limit keeps the test short).
		 */
		if (!armed && vcpu_report(v, GK_SPIN_STOP, &stop_ipa)) {
			ASSERT_TRUE(watchdog_expect(GUEST_EXPECT_MS, true));
			armed = true;
			continue;
		}
		if (armed && watchdog.fired && !stopped && stop_ipa - vm->ram_ipa < vm->ram_size - 4) {
			*(volatile uint32_t *)(vm->ram + (stop_ipa - vm->ram_ipa)) = 1;
			stopped = true;
		}
	}
	finished(vm);
	if (!watchdog.fired)
		FAIL("the %s guest spun %u ms and the timer set for %u ms never took it out (%u IRQ exits)",
		     img->name, GUEST_SPIN_MS, GUEST_EXPECT_MS, v->irq_exits);
	if (!watchdog.fired_in_guest)
		FAIL("the timer fired at 0x%lx, not while the guest ran", (unsigned long)watchdog.fired_elr);
	if (watchdog.fired_elr - vm->ram_ipa >= vm->ram_size)
		FAIL("the guest was interrupted at 0x%lx, outside its RAM", (unsigned long)watchdog.fired_elr);
	if (!stopped || rep(v, GK_SPIN_SEEN) != 1)
		FAIL("the guest did not run on after the IRQ exit to see its stop word (IPA 0x%lx)",
		     (unsigned long)stop_ipa);
	ms = (watchdog.fired_at - watchdog.expect_from) / watchdog.ticks_per_ms;
	selftest_note("%s guest interrupted at PC 0x%lx after %lu ms, %u IRQ exit(s), then ran on to its end",
		      img->name, (unsigned long)watchdog.fired_elr, (unsigned long)ms, v->irq_exits);
}

TEST(guest, watchdog_a32)
{
	watchdog_in_guest(&guest_a32);
}

/* A guest that spins forever: the watchdog must end the test as a timeout, and the suite goes on. */
TEST_FLAGS(framework, guest_hang, TEST_NEGATIVE)
{
	struct vm *vm = prepare(0, guest_native, GSCN_SPIN, 0, NULL);

	vm_run_to_done(vm);
	FAIL("the guest that spins forever returned (error: %s)", vm->vcpu.error ? vm->vcpu.error : "none");
}
