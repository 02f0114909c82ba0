/* SPDX-License-Identifier: MIT */
/*
 * Guests, hypervisor side: build a VM from a tiny guest image and its DTB,
 * switch its vCPU in and out, and handle its exits (HVC calls, trapped
 * system-register writes, stage-2 aborts). See guest/vm.h and guest/abi.h.
 */
#include <stdio.h>
#include <string.h>
#include "guest/vm.h"
#include "guest/abi.h"
#include "boot/boot.h"
#include "lib/dt.h"
#include "lib/platform.h"
#include "lib/sysreg.h"
#include "mm/runtime.h"
#include "mm/cache.h"
#include "mm/tlb.h"
#include "traps/traps.h"
#include "traps/watchdog.h"

unsigned long guest_enter(struct vcpu_regs *r);

#define VM_COUNT	2
#define VM_RAM_MAX	GUEST_RAM_SIZE	/* RAM taken per VM, once */
#define VM_MAX_EXITS	4096		/* a guest that needs more is stuck: stop it */

_Static_assert(offsetof(struct vcpu, regs) == 0, "vcpu_exit_fast() finds the vCPU from its registers");

static struct vm vms[VM_COUNT];
static bool vm_setup_done[VM_COUNT];

/*
 * The vCPU whose EL1 registers the hardware holds. While the same vCPU
 * keeps exiting and re-entering they stay loaded and are not written again:
 * a write to SCTLR/TTBR/TCR (or to HCR_EL2.VM/DC) may drop the guest's TLB
 * entries (QEMU does), which would hide what tlb.asid must see, and a real
 * hypervisor does not reload them on every exit either.
 */
static const struct vcpu *loaded_vcpu;

static int vm_setup(struct vm *vm, unsigned n, const char **why)
{
	vm->vmid = (uint16_t)(n + 1);
	vm->ram_pa = boot_alloc_pages(VM_RAM_MAX / PAGE_SIZE, PAGE_SIZE);
	if (!vm->ram_pa) {
		*why = "no free RAM for the guest";
		return -1;
	}
	vm->ram = mm_chunk_map(vm->ram_pa, VM_RAM_MAX);
	if (!vm->ram || stage2_init(&vm->s2, vm->vmid)) {
		*why = "cannot map the guest's RAM or make its stage-2 root";
		return -1;
	}
	return 0;
}

/* The guest's machine from its DTB: one RAM range and its UART (libfdt, lib/dt.c). */
static int vm_read_dt(struct vm *vm, const struct guest_image *img, const char **why)
{
	struct mem_range mem[2];
	uint64_t usize;

	if (dt_check(img->dtb, (size_t)(img->dtb_end - img->dtb), why))
		return -1;
	if ((size_t)(img->dtb_end - img->dtb) > GUEST_DTB_MAX) {
		*why = "guest DTB larger than its page";
		return -1;
	}
	if (dt_memory(img->dtb, mem, 2) != 1) {
		*why = "guest DTB must describe exactly one memory range";
		return -1;
	}
	vm->ram_ipa = mem[0].base;
	vm->ram_size = mem[0].size;
	if (!IS_ALIGNED(vm->ram_ipa | vm->ram_size, PAGE_SIZE) || vm->ram_size > VM_RAM_MAX ||
	    vm->ram_size < 4 * PAGE_SIZE) {
		*why = "guest memory range unaligned, or not 16 KiB to 256 KiB";
		return -1;
	}
	if (dt_stdout_uart(img->dtb, &vm->uart_ipa, &usize, why))
		return -1;
	return 0;
}

/* The image's header (guest/prog/<arch>/start.S): magic, read-only bytes, RAM bytes. */
static int vm_check_image(struct vm *vm, const struct guest_image *img, const char **why)
{
	const uint32_t *h = (const uint32_t *)img->bin;
	uint64_t len = (uint64_t)(img->bin_end - img->bin);

	if (len < 16 || h[1] != GUEST_IMAGE_MAGIC) {
		*why = "guest image has no header";
		return -1;
	}
	vm->text_size = ALIGN_UP(h[2], PAGE_SIZE);
	if (vm->text_size > len || h[3] > vm->ram_size - GUEST_DTB_MAX || len > h[3]) {
		*why = "guest image does not fit its RAM";
		return -1;
	}
	return 0;
}

static int vm_map(struct vm *vm)
{
	uint64_t ram_map = vm->ram_size;
	int rc;

#ifdef INJECT_S2_EXTRA_PAGE
	/* Knob: one page past the guest's RAM is mapped too (it is the hypervisor's). */
	ram_map += PAGE_SIZE;
#endif
	/* Start from nothing: a previous run may have mapped another layout. */
	rc = stage2_unmap(&vm->s2, 0, UINT64_C(1) << S2_IPA_BITS);
	/* Text read-only and executable, the rest read-write, not executable. */
	if (!rc)
		rc = stage2_map(&vm->s2, vm->ram_ipa, vm->ram_pa, vm->text_size, MM_X);
#ifdef INJECT_S2_DATA_EXECUTABLE
	/* Knob: the rest of RAM is executable too (W^X at stage 2 broken). */
	if (!rc)
		rc = stage2_map(&vm->s2, vm->ram_ipa + vm->text_size, vm->ram_pa + vm->text_size,
				ram_map - vm->text_size, MM_W | MM_X);
#else
	if (!rc)
		rc = stage2_map(&vm->s2, vm->ram_ipa + vm->text_size, vm->ram_pa + vm->text_size,
				ram_map - vm->text_size, MM_W);
#endif
	/* The UART: the console's PL011, passed through. */
	if (!rc && boot.uart_base)
		rc = stage2_map(&vm->s2, vm->uart_ipa, boot.uart_base, PAGE_SIZE, MM_W | MM_DEVICE);
	return rc;
}

static void vcpu_reset(struct vm *vm, unsigned long scn, unsigned long arg, const struct vm_opts *opts)
{
	struct vcpu *v = &vm->vcpu;

	memset(v, 0, sizeof(*v));
	v->vm = vm;
	v->aarch32 = vm->img->aarch32;
	v->regs.x[0] = vm->dtb_ipa;
	v->regs.x[1] = scn;
	v->regs.x[2] = arg;
	v->regs.x[3] = vm->uart_ipa;
	v->regs.pc = vm->ram_ipa;
	if (v->aarch32) {
		/* Supervisor mode, A32, IRQ/FIQ/asynchronous aborts masked. */
		v->regs.pstate = SPSR_M32_SVC | SPSR_A32_AIF;
		/* The ARMv7 reset value with the MMU and caches off. */
		v->sys.sctlr = 0x00c50078;
	} else {
		vcpu_reset_a64(v);
	}
	/*
	 * Stage 2 on (VM); AArch64 or AArch32 EL1 (RW); the guest's MMU is off,
	 * so DC (cacheable) and TVM (trap its VM-control writes) until it
	 * turns the MMU on (vcpu_sctlr_written).
	 */
#ifdef INJECT_VCPU_NO_DC
	/* Knob: the guest starts without DC/TVM (uncached, nothing trapped). */
	v->hcr = HCR_EL2_VM | (v->aarch32 ? 0 : HCR_EL2_RW);
#else
	v->hcr = HCR_EL2_VM | HCR_EL2_DC | HCR_EL2_TVM | (v->aarch32 ? 0 : HCR_EL2_RW);
#endif
	if (opts) {
		v->hcr |= opts->hcr_extra;
		v->hstr = opts->hstr;
	}
	/* Physical IRQs (the watchdog) leave the guest to EL2, whatever its PSTATE.I. */
	v->hcr |= HCR_EL2_IMO;
}

struct vm *vm_prepare(unsigned n, const struct guest_image *img, unsigned long scn,
		      unsigned long arg, const struct vm_opts *opts, const char **why)
{
	struct vm *vm;
	uint64_t len = (uint64_t)(img->bin_end - img->bin);

	if (n >= VM_COUNT) {
		*why = "no such VM";
		return NULL;
	}
	*why = vcpu_width_unsupported(img);
	if (*why)
		return NULL;
	vm = &vms[n];
	if (!vm_setup_done[n]) {
		if (vm_setup(vm, n, why))
			return NULL;
		vm_setup_done[n] = true;
	}
	/*
	 * The DTB, the header and so the stage-2 layout depend on the image
	 * only, and nothing but vm_map() changes this VM's stage 2: they are
	 * built again only for another image.
	 */
	vm->img = img;
	if (vm->layout != img) {
		vm->layout = NULL;
		if (vm_read_dt(vm, img, why) || vm_check_image(vm, img, why))
			return NULL;
		if (vm_map(vm)) {
			*why = "cannot build the guest's stage 2";
			return NULL;
		}
		vm->layout = img;
	}
	/*
	 * The text pages are read-only in stage 2, so a guest cannot have
	 * changed them: rewrite them only if they do not hold this image's
	 * text. Rewriting equal bytes would only throw away what the CPU (and
	 * QEMU's translator) cached for them. Everything after the text is
	 * cleared and loaded afresh.
	 */
	if (vm->text != img || memcmp(vm->ram, img->bin, vm->text_size))
		memcpy(vm->ram, img->bin, vm->text_size);
	vm->text = img;
	dcache_zero(vm->ram + vm->text_size, vm->ram_size - vm->text_size);
	memcpy(vm->ram + vm->text_size, img->bin + vm->text_size, len - vm->text_size);
	vm->dtb_ipa = vm->ram_ipa + vm->ram_size - GUEST_DTB_MAX;
	memcpy(vm->ram + (vm->dtb_ipa - vm->ram_ipa), img->dtb, (size_t)(img->dtb_end - img->dtb));
	/*
	 * The guest fetches with its MMU off (non-cacheable instruction
	 * fetches) and new code replaced old at the same PA: clean the RAM to
	 * the PoC and drop stale instructions (IC IALLUIS), then the VMID's old
	 * stage-1 and stage-2 TLB entries.
	 */
	dcache_clean_poc((uint64_t)(uintptr_t)vm->ram, (uint64_t)(uintptr_t)vm->ram + vm->ram_size);
	icache_inval_all();
	tlb_s2(vm->s2.vttbr, 0, true, false);
	loaded_vcpu = NULL;
	vcpu_reset(vm, scn, arg, opts);
	return vm;
}

/* Load the vCPU's EL1 state and the stage-2 controls (Arm ARM D1.11: EL2 may write them). */
static void vcpu_load(struct vcpu *v)
{
	const struct vcpu_sysregs *s = &v->sys;

	if (loaded_vcpu == v)
		goto hcr;
	loaded_vcpu = v;
#ifdef INJECT_VCPU_CTX_TPIDR_LOST
	{
		/* Knob: TPIDR_EL0 (TPIDRURW) is saved at every exit but never loaded: it keeps the last vCPU's. */
		uint64_t keep = READ_SYSREG(tpidr_el0);

		VCPU_SYSREGS(VCPU_SYSREG_LOAD)
		WRITE_SYSREG(tpidr_el0, keep);
	}
#else
	VCPU_SYSREGS(VCPU_SYSREG_LOAD)
#endif
	vcpu_arch_load(v);
	WRITE_SYSREG(vtcr_el2, v->vm->s2.vtcr);
	WRITE_SYSREG(vttbr_el2, v->vm->s2.vttbr);
hcr:
#ifdef INJECT_VCPU_HCR_SHARED
	/*
	 * Knob: DC/TVM are not switched per vCPU: every vCPU runs with the
	 * ones the first vCPU ever loaded had (the seed's context-switch hunk
	 * left out).
	 */
	{
		static uint64_t first = ~UINT64_C(0);

		if (first == ~UINT64_C(0))
			first = v->hcr & (HCR_EL2_DC | HCR_EL2_TVM);
		v->hcr = (v->hcr & ~(HCR_EL2_DC | HCR_EL2_TVM)) | first;
	}
#endif
	{
		/*
		 * Both values are read before HCR_EL2 is written: a load between
		 * that write and its ISB would be translated under the old
		 * HCR_EL2 or the new (DDI 0487 K.a, "Synchronization requirements
		 * for AArch64 System registers"), and the sequence checker
		 * (tools/seqcheck, ctrl-no-isb) reports it.
		 */
		uint64_t hcr = v->hcr, hstr = v->hstr;

		if (READ_SYSREG(hcr_el2) != hcr)
			WRITE_SYSREG(hcr_el2, hcr);
		if (READ_SYSREG(hstr_el2) != hstr)
			WRITE_SYSREG(hstr_el2, hstr);
	}
	isb();
}

/*
 * The hypervisor's own HCR and HSTR (0: it traps no cp15 access) back, and
 * nothing loaded: the next entry reloads everything.
 */
static void vcpu_unload(void)
{
#ifndef INJECT_VCPU_HCR_KEPT
	WRITE_SYSREG(hcr_el2, HCR_EL2_BOOT);	/* the knob leaves the last guest's HCR_EL2 at EL2 */
#endif
	WRITE_SYSREG(hstr_el2, 0);
	isb();
	loaded_vcpu = NULL;
}

static void vcpu_put(struct vcpu *v)
{
	struct vcpu_sysregs *s = &v->sys;

	VCPU_SYSREGS(VCPU_SYSREG_SAVE)
	vcpu_arch_put(v);
}

static void set_result(struct vcpu *v, uint64_t r)
{
	if (v->aarch32) {
		v->regs.x[0] = r & 0xffffffff;
		v->regs.x[1] = r >> 32;
	} else {
		v->regs.x[0] = r;
	}
}

static char vm_error[128];

static void stop(struct vcpu *v, const char *fmt, unsigned long a, unsigned long b)
{
	snprintf(vm_error, sizeof(vm_error), fmt, a, b);
	v->error = vm_error;
}

/* Returns true when the guest yielded. Inlined into the fast path, whose cost it is most of. */
static inline __attribute__((always_inline)) bool hypercall(struct vcpu *v)
{
	uint64_t mask = v->aarch32 ? 0xffffffff : ~UINT64_C(0);
	uint64_t fn = v->regs.x[0] & mask, a1 = v->regs.x[1] & mask;
	uint64_t a2 = v->aarch32 ? (v->regs.x[2] & mask) | (v->regs.x[3] << 32) : v->regs.x[2];

	switch (fn) {
	case GHVC_REPORT:
		if (v->nreports < VCPU_MAX_REPORTS) {
			v->reports[v->nreports].key = (uint32_t)a1;
			v->reports[v->nreports].val = a2;
			v->nreports++;
		}
		set_result(v, 0);
		return false;
	case GHVC_FAIL:
		v->fail_line = (unsigned)a1;
		v->fail_val = a2;
		v->done = true;
		v->status = 1;
		stop(v, "the guest's own check failed at guest/prog/guest.c:%lu (value 0x%lx)",
		     (unsigned long)a1, (unsigned long)a2);
		return false;
	case GHVC_DONE:
		v->done = true;
		v->status = a1;
		return false;
	case GHVC_QUERY:
		switch (a1) {
		case GQ_TRAPS: set_result(v, v->traps_total); break;
		case GQ_ABORTS: set_result(v, v->s2_aborts); break;
		case GQ_ABORT_IPA: set_result(v, v->abort_ipa); break;
		case GQ_ABORT_ESR: set_result(v, v->abort_esr); break;
		case GQ_ABORT_HPFAR: set_result(v, v->abort_hpfar); break;
		case GQ_ABORT_FAR: set_result(v, v->abort_far); break;
		default: set_result(v, ~UINT64_C(0)); break;
		}
		return false;
	case GHVC_YIELD:
		set_result(v, 0);
		return true;
	case GHVC_TLBI_ASID:
		/* The guest's VMID is in VTTBR_EL2 while its exit is handled. */
#ifndef INJECT_TLB_ASID_NOOP
		tlb_el1_asid(a1 & 0xffff);
#endif
		v->tlbi_asid++;
		set_result(v, 0);
		return false;
	default:
		stop(v, "unknown guest call %lu (x1 0x%lx)", (unsigned long)fn, (unsigned long)a1);
		return false;
	}
}

/*
 * The fast path of a guest exit (guest/arm64/vcpu_entry.S; the arm32 entry
 * code has none and saves every exit in full): called on
 * SP_EL2 with the guest's x0-x18 and x30 saved and x19-x29 still live in
 * the CPU. The hypercalls that only answer and return (REPORT, QUERY,
 * TLBI_ASID) are handled here, without saving the rest of the guest's
 * registers or going back through vcpu_run(): their cost is what
 * bench.hvc-round-trip measures. Everything else (and any exit past the run's
 * bound, so that vcpu_run() stops it) returns false for the full path.
 */
bool vcpu_exit_fast(struct vcpu_regs *r);
bool vcpu_exit_fast(struct vcpu_regs *r)
{
	struct vcpu *v = (struct vcpu *)r;	/* regs is its first member */
	uint64_t esr = READ_SYSREG(esr_el2), fn;
	unsigned ec = esr_ec(esr);

	if ((ec != ESR_EC_HVC64 && ec != ESR_EC_HVC32) || v->exits >= VM_MAX_EXITS)
		return false;
	fn = r->x[0] & (v->aarch32 ? 0xffffffff : ~UINT64_C(0));
	if (fn != GHVC_REPORT && fn != GHVC_QUERY && fn != GHVC_TLBI_ASID)
		return false;
	v->exits++;
	r->esr = esr;
#ifdef INJECT_VCPU_FAST_RESULT_LOST
	{
		uint64_t x0 = r->x[0];	/* knob: the answer never reaches the guest's x0 */

		hypercall(v);
		r->x[0] = x0;
	}
#else
	hypercall(v);
#endif
	return true;
}

/* A stage-2 abort: record the IPA (HPFAR_EL2, Arm ARM D19.2.51), the syndrome and the fault address. */
static void stage2_record(struct vcpu *v)
{
	v->s2_aborts++;
	v->abort_ipa = HPFAR_IPA(v->regs.hpfar) | (v->regs.far & (PAGE_SIZE - 1));
	v->abort_esr = v->regs.esr;
	v->abort_hpfar = v->regs.hpfar;
	v->abort_far = v->regs.far;
}

/* A data abort: the access is stepped over (it does nothing). */
static void stage2_abort(struct vcpu *v)
{
	stage2_record(v);
	v->regs.pc += (v->regs.esr & ESR_IL) ? 4 : 2;
}

/*
 * An instruction abort at stage 2 (a branch into memory stage 2 does not
 * let the guest execute): the tiny guests only ever get there through a
 * call (probe_call), so the guest resumes at its link register, as if the
 * called code had returned at once: X30, or the LR of its AArch32 mode
 * (bit 0 selects T32 state, as BX would).
 */
static void stage2_iabort(struct vcpu *v)
{
	stage2_record(v);
	if (v->aarch32) {
		uint64_t lr = v->regs.x[vcpu_a32_reg(v, 14)];

		v->regs.pc = lr & ~UINT64_C(1);
		v->regs.pstate = (v->regs.pstate & ~SPSR_A32_T) | ((lr & 1) ? SPSR_A32_T : 0);
	} else {
		v->regs.pc = v->regs.x[30];
	}
}

/* One synchronous exit. Returns true when the guest yielded. */
static bool handle_sync(struct vcpu *v)
{
	unsigned ec = esr_ec(v->regs.esr);

	switch (ec) {
	case ESR_EC_HVC64:
	case ESR_EC_HVC32:
		return hypercall(v);
	case ESR_EC_SYS64:
	case ESR_EC_CP15_32:
	case ESR_EC_CP15_64:
		vcpu_sysreg_trap(v);
		return false;
	case ESR_EC_DABT_LOW:
		stage2_abort(v);
		return false;
	case ESR_EC_IABT_LOW:
		stage2_iabort(v);
		return false;
	default:
		if (v->undefs) {
			char enc[48];

			vsysreg_describe(v->undef_key, enc, sizeof(enc));
			snprintf(vm_error, sizeof(vm_error), "unexpected guest exit: EC 0x%x at IPA 0x%lx, after "
				 "%u UNDEFs injected (last for %s)", ec, (unsigned long)v->regs.pc, v->undefs, enc);
			v->error = vm_error;
			return false;
		}
		stop(v, "unexpected guest exit: EC 0x%lx at IPA 0x%lx", ec, (unsigned long)v->regs.pc);
		return false;
	}
}

/*
 * An IRQ exit: the watchdog's timer. A timeout ends the running test from
 * here, with the hypervisor's HCR_EL2 back; an expiry the test asked for
 * ends the time slice (returns true, like a yield) so that the test sees
 * it; anything else resumes the guest.
 */
static bool irq_exit(struct vcpu *v)
{
	enum watchdog_event e;

	v->irq_exits++;
	e = watchdog_irq(v->regs.pc, true);
	if (e != WD_TIMEOUT)
		return e == WD_EXPECTED;
	vcpu_put(v);
	vcpu_unload();
	watchdog_guest_timeout();
}

bool vcpu_run(struct vcpu *v)
{
	/*
	 * IRQs stay masked at EL2 while a guest runs: on arm64 guest_enter
	 * switches to SP_EL2 before its ERET, where an IRQ would look like an
	 * exception inside a handler; on arm32 HVBAR holds the guest vectors
	 * from guest_enter to the exit, whose IRQ entry is a guest exit. The
	 * guest's own exits bring the IRQ here instead.
	 */
	uint64_t irqs = irq_mask_save();

	while (!v->done && !v->error) {
		unsigned long vec;
		bool yielded = false;

		if (++v->exits > VM_MAX_EXITS) {
			stop(v, "the guest made %lu exits without finishing (a trapped instruction "
			     "re-executed forever? last ESR 0x%lx)", VM_MAX_EXITS, (unsigned long)v->regs.esr);
			break;
		}
		/* An ERET whose width disagrees with HCR_EL2.RW is illegal: never try one. */
		if (!(v->hcr & HCR_EL2_RW) != v->aarch32 || !(v->regs.pstate & 0x10) != !v->aarch32) {
			stop(v, "HCR_EL2 0x%lx / SPSR 0x%lx do not match the vCPU's width", (unsigned long)v->hcr,
			     (unsigned long)v->regs.pstate);
			break;
		}
		vcpu_load(v);
		vec = guest_enter(&v->regs);
		/*
		 * The exit is handled while the guest's EL1 registers are still
		 * live (a passthrough write, an injected UNDEF go to hardware);
		 * vcpu_put saves them all when the run ends.
		 */
		if (vec == TRAP_LOW64_SYNC || vec == TRAP_LOW32_SYNC)
			yielded = handle_sync(v);
		else if (vec == TRAP_LOW64_IRQ || vec == TRAP_LOW32_IRQ)
			yielded = irq_exit(v);
		else
			stop(v, "unexpected guest exit through vector %lu (ESR 0x%lx)", (unsigned long)vec,
			     (unsigned long)v->regs.esr);
		if (yielded)
			break;
	}
	/* Nothing else touches the EL1 registers while the loop runs: save them once, here. */
	vcpu_put(v);
	vcpu_unload();
	irq_restore(irqs);
	return !v->done && !v->error;
}

bool vm_run_to_done(struct vm *vm)
{
	while (vcpu_run(&vm->vcpu))
		;
	return vm->vcpu.done && !vm->vcpu.error && vm->vcpu.status == 0;
}

bool vcpu_report(const struct vcpu *v, unsigned key, uint64_t *val)
{
	bool found = false;

	for (unsigned i = 0; i < v->nreports; i++)
		if (v->reports[i].key == key) {
			*val = v->reports[i].val;
			found = true;
		}
	return found;
}
