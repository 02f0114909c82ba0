/* SPDX-License-Identifier: MIT */
/*
 * The arm64 side of a vCPU (guest/vm.h, "arch"): the guest images an
 * AArch64 hypervisor carries (AArch64 and AArch32 EL1), the EL1 registers
 * switched per vCPU, and the AArch64-guest parts of reset and UNDEF
 * injection.
 */
#include <stdio.h>
#include "guest/vm.h"
#include "lib/arm64/sysreg.h"

extern const uint8_t guest_a64_bin[], guest_a64_bin_end[], guest_a64_dtb[], guest_a64_dtb_end[];
extern const uint8_t guest_a32_bin[], guest_a32_bin_end[], guest_a32_dtb[], guest_a32_dtb_end[];

const struct guest_image guest_a64 = {
	"a64", false, guest_a64_bin, guest_a64_bin_end, guest_a64_dtb, guest_a64_dtb_end
};
const struct guest_image guest_a32 = {
	"a32", true, guest_a32_bin, guest_a32_bin_end, guest_a32_dtb, guest_a32_dtb_end
};
const struct guest_image *const guest_native = &guest_a64;

static unsigned el1_field(void)
{
	return (READ_SYSREG(id_aa64pfr0_el1) >> ID_AA64PFR0_EL1_SHIFT) & 0xf;
}

bool cpu_has_aarch32_el1(void)
{
	return el1_field() == 2;
}

const char *vcpu_width_unsupported(const struct guest_image *img)
{
	static char why[64];

	if (!img->aarch32 || cpu_has_aarch32_el1())
		return NULL;
	snprintf(why, sizeof(why), "this CPU has no AArch32 EL1 (ID_AA64PFR0_EL1.EL1 = %u)", el1_field());
	return why;
}

static bool has_a32_regs(void)
{
	static int cached = -1;

	if (cached < 0)
		cached = cpu_has_aarch32_el1();
	return cached;
}

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
	WRITE_SYSREG(sp_el1, s->sp_el1);
	WRITE_SYSREG(elr_el1, s->elr_el1);
	WRITE_SYSREG(spsr_el1, s->spsr_el1);
	WRITE_SYSREG(tpidr_el1, s->tpidr_el1);
	WRITE_SYSREG(tpidr_el0, s->tpidr_el0);
	WRITE_SYSREG(tpidrro_el0, s->tpidrro_el0);
	WRITE_SYSREG(cpacr_el1, s->cpacr);
	WRITE_SYSREG(par_el1, s->par);
	WRITE_SYSREG(actlr_el1, s->actlr);
	if (has_a32_regs()) {
		WRITE_SYSREG(dacr32_el2, s->dacr32);
		WRITE_SYSREG(ifsr32_el2, s->ifsr32);
		WRITE_SYSREG(spsr_abt, s->spsr_abt);
		WRITE_SYSREG(spsr_und, s->spsr_und);
		WRITE_SYSREG(spsr_irq, s->spsr_irq);
		WRITE_SYSREG(spsr_fiq, s->spsr_fiq);
	}
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
	s->sp_el1 = READ_SYSREG(sp_el1);
	s->elr_el1 = READ_SYSREG(elr_el1);
	s->spsr_el1 = READ_SYSREG(spsr_el1);
	s->tpidr_el1 = READ_SYSREG(tpidr_el1);
	s->tpidr_el0 = READ_SYSREG(tpidr_el0);
	s->tpidrro_el0 = READ_SYSREG(tpidrro_el0);
	s->cpacr = READ_SYSREG(cpacr_el1);
	s->par = READ_SYSREG(par_el1);
	s->actlr = READ_SYSREG(actlr_el1);
	if (has_a32_regs()) {
		s->dacr32 = READ_SYSREG(dacr32_el2);
		s->ifsr32 = READ_SYSREG(ifsr32_el2);
		s->spsr_abt = READ_SYSREG(spsr_abt);
		s->spsr_und = READ_SYSREG(spsr_und);
		s->spsr_irq = READ_SYSREG(spsr_irq);
		s->spsr_fiq = READ_SYSREG(spsr_fiq);
	}
}

/* EL1h with DAIF masked; SCTLR_EL1 at its RES1 bits: MMU and caches off. */
void vcpu_reset_a64(struct vcpu *v)
{
	v->regs.pstate = SPSR_M_EL1H | SPSR_DAIF;
	v->sys.sctlr = SCTLR_EL1_RES1;
}

/*
 * An UNDEF as AArch64 EL1 takes it (Arm ARM D1.10.2): ESR_EL1.EC = 0
 * (unknown reason), ELR_EL1 = the instruction, SPSR_EL1 = its PSTATE,
 * PC = VBAR_EL1 + 0x200 (from EL1 with SP_EL1) or + 0x400 (from EL0),
 * EL1h with DAIF masked.
 */
void vcpu_inject_undef_a64(struct vcpu *v)
{
	uint64_t vbar = READ_SYSREG(vbar_el1), pc = v->regs.pc, ps = v->regs.pstate;

	WRITE_SYSREG(esr_el1, ESR_IL);
	WRITE_SYSREG(elr_el1, pc);
	WRITE_SYSREG(spsr_el1, ps);
	v->regs.pc = vbar + ((ps & 0xf) == 0 ? 0x400 : (ps & 1) ? 0x200 : 0x000);
	v->regs.pstate = SPSR_M_EL1H | SPSR_DAIF;
}
