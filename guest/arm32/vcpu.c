/* SPDX-License-Identifier: MIT */
/*
 * The arm32 side of a vCPU (guest/vm.h, "arch"). An ARMv7 hypervisor runs
 * ARMv7 guests only (PL1 has no other state), so it carries the AArch32
 * guest alone. The guest's PL1 registers are reached from Hyp mode by their
 * cp15 encodings and the banked-register MRS/MSR, under the AArch64 names
 * of lib/arm32/sysreg.h; the banked SP/LR registers are switched by
 * guest/arm32/vcpu_entry.S at every entry and exit.
 */
#include "guest/vm.h"
#include "lib/arm32/sysreg.h"

extern const uint8_t guest_a32_bin[], guest_a32_bin_end[], guest_a32_dtb[], guest_a32_dtb_end[];

const struct guest_image guest_a32 = {
	"a32", true, guest_a32_bin, guest_a32_bin_end, guest_a32_dtb, guest_a32_dtb_end
};
const struct guest_image *const guest_native = &guest_a32;

bool cpu_has_aarch32_el1(void)
{
	return true;
}

const char *vcpu_width_unsupported(const struct guest_image *img)
{
	return img->aarch32 ? NULL : "an ARMv7 hypervisor has no AArch64 EL1 to run this guest in";
}

/*
 * What the vCPU owns at PL1. There is no SP_EL1/ELR_EL1 here (the banked
 * SP_svc/LR_svc are registers of vcpu_regs), and ACTLR stays the CPU's: it
 * is IMPLEMENTATION DEFINED, and the guests' writes to it trap (HCR.TAC)
 * and get an UNDEF. PAR is saved: the hypervisor's own ATS1H* address
 * translations write it too.
 */
void vcpu_arch_load(const struct vcpu *v)
{
	const struct vcpu_sysregs *s = &v->sys;

	WRITE_SYSREG(sctlr_el1, s->sctlr);
	WRITE_SYSREG(ttbr0_el1, s->ttbr0);
	WRITE_SYSREG(ttbr1_el1, s->ttbr1);
	WRITE_SYSREG(tcr_el1, s->tcr);
	WRITE_SYSREG(esr_el1, s->esr);
	WRITE_SYSREG(far_el1, s->far);
	WRITE_SYSREG(afsr0_el1, s->afsr0);
	WRITE_SYSREG(afsr1_el1, s->afsr1);
	WRITE_SYSREG(mair_el1, s->mair);
	WRITE_SYSREG(amair_el1, s->amair);
	WRITE_SYSREG(contextidr_el1, s->contextidr);
	WRITE_SYSREG(vbar_el1, s->vbar);
	WRITE_SYSREG(tpidr_el1, s->tpidr_el1);
	WRITE_SYSREG(tpidr_el0, s->tpidr_el0);
	WRITE_SYSREG(tpidrro_el0, s->tpidrro_el0);
	WRITE_SYSREG(cpacr_el1, s->cpacr);
	WRITE_SYSREG(par_el1, s->par);
	WRITE_SYSREG(dacr32_el2, s->dacr32);
	WRITE_SYSREG(ifsr32_el2, s->ifsr32);
	WRITE_SYSREG(spsr_el1, s->spsr_el1);
	WRITE_SYSREG(spsr_abt, s->spsr_abt);
	WRITE_SYSREG(spsr_und, s->spsr_und);
	WRITE_SYSREG(spsr_irq, s->spsr_irq);
	WRITE_SYSREG(spsr_fiq, s->spsr_fiq);
	WRITE_SYSREG(vtcr_el2, v->vm->s2.vtcr);
	WRITE_SYSREG(vttbr_el2, v->vm->s2.vttbr);
}

void vcpu_arch_put(struct vcpu *v)
{
	struct vcpu_sysregs *s = &v->sys;

	s->sctlr = READ_SYSREG(sctlr_el1);
	s->ttbr0 = READ_SYSREG(ttbr0_el1);
	s->ttbr1 = READ_SYSREG(ttbr1_el1);
	s->tcr = READ_SYSREG(tcr_el1);
	s->esr = READ_SYSREG(esr_el1);
	s->far = READ_SYSREG(far_el1);
	s->afsr0 = READ_SYSREG(afsr0_el1);
	s->afsr1 = READ_SYSREG(afsr1_el1);
	s->mair = READ_SYSREG(mair_el1);
	s->amair = READ_SYSREG(amair_el1);
	s->contextidr = READ_SYSREG(contextidr_el1);
	s->vbar = READ_SYSREG(vbar_el1);
	s->tpidr_el1 = READ_SYSREG(tpidr_el1);
	s->tpidr_el0 = READ_SYSREG(tpidr_el0);
	s->tpidrro_el0 = READ_SYSREG(tpidrro_el0);
	s->cpacr = READ_SYSREG(cpacr_el1);
	s->par = READ_SYSREG(par_el1);
	s->dacr32 = READ_SYSREG(dacr32_el2);
	s->ifsr32 = READ_SYSREG(ifsr32_el2);
	s->spsr_el1 = READ_SYSREG(spsr_el1);
	s->spsr_abt = READ_SYSREG(spsr_abt);
	s->spsr_und = READ_SYSREG(spsr_und);
	s->spsr_irq = READ_SYSREG(spsr_irq);
	s->spsr_fiq = READ_SYSREG(spsr_fiq);
}

/* No AArch64 guest is ever built here (vm_prepare refuses it first): stop one if it came. */
void vcpu_reset_a64(struct vcpu *v)
{
	v->error = vcpu_width_unsupported(v->vm->img);
}

void vcpu_inject_undef_a64(struct vcpu *v)
{
	v->error = vcpu_width_unsupported(v->vm->img);
}
