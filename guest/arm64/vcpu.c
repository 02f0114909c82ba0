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

/* SP_EL1, ELR_EL1, SPSR_EL1 and ACTLR_EL1, and the AArch32 EL1 registers when EL1 can be AArch32. */
void vcpu_arch_load(const struct vcpu *v)
{
	const struct vcpu_sysregs *s = &v->sys;

	WRITE_SYSREG(sp_el1, s->sp_el1);
	WRITE_SYSREG(elr_el1, s->elr_el1);
	WRITE_SYSREG(spsr_el1, s->spsr_el1);
	WRITE_SYSREG(actlr_el1, s->actlr);
	if (has_a32_regs()) {
		VCPU_SYSREGS_A32(VCPU_SYSREG_LOAD)
	}
}

void vcpu_arch_put(struct vcpu *v)
{
	struct vcpu_sysregs *s = &v->sys;

	s->sp_el1 = READ_SYSREG(sp_el1);
	s->elr_el1 = READ_SYSREG(elr_el1);
	s->spsr_el1 = READ_SYSREG(spsr_el1);
	s->actlr = READ_SYSREG(actlr_el1);
	if (has_a32_regs()) {
		VCPU_SYSREGS_A32(VCPU_SYSREG_SAVE)
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
