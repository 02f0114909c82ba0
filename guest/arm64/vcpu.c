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

bool cpu_has_pan(void)
{
	return (READ_SYSREG(id_aa64mmfr1_el1) >> ID_AA64MMFR1_PAN_SHIFT) & 0xf;
}

static bool cpu_has_ssbs(void)
{
	return (READ_SYSREG(id_aa64pfr1_el1) >> ID_AA64PFR1_SSBS_SHIFT) & 0xf;
}

/*
 * An UNDEF as AArch64 EL1 takes it (Arm ARM D1.10.1, "Exception entry",
 * and the AArch64.TakeException pseudocode; EC 0b000000 "Unknown reason"):
 * ESR_EL1 = EC 0, IL 1, ISS 0; ELR_EL1 = the instruction; SPSR_EL1 = its
 * PSTATE; PC = VBAR_EL1[63:11] + 0x000 (from EL1 on SP_EL0), + 0x200 (on
 * SP_EL1) or + 0x400 (from EL0, AArch64); PSTATE: EL1h, D, A, I, F set, IL
 * and SS clear, NZCV and DIT unchanged, PAN set where FEAT_PAN is and
 * SCTLR_EL1.SPAN is 0 (else unchanged), SSBS = SCTLR_EL1.DSSBS where
 * FEAT_SSBS is, UAO and BTYPE 0. The guest's EL1 registers are live while
 * its exit is handled.
 */
void vcpu_inject_undef_a64(struct vcpu *v)
{
	uint64_t vbar = READ_SYSREG(vbar_el1) & ~UINT64_C(0x7ff), sctlr = READ_SYSREG(sctlr_el1);
	uint64_t pc = v->regs.pc, ps = v->regs.pstate;
	uint64_t keep = ps & (SPSR_NZCV | SPSR_DIT | SPSR_PAN);

	WRITE_SYSREG(esr_el1, ESR_IL);
	WRITE_SYSREG(elr_el1, pc);
	WRITE_SYSREG(spsr_el1, ps);
	if (cpu_has_pan() && !(sctlr & SCTLR_EL1_SPAN))
		keep |= SPSR_PAN;
	if (cpu_has_ssbs() && (sctlr & SCTLR_EL1_DSSBS))
		keep |= SPSR_SSBS;
	v->regs.pc = vbar + ((ps & 0xf) == 0 ? 0x400 : (ps & 1) ? 0x200 : 0x000);
#ifdef INJECT_SYSREG_UNDEF_PSTATE
	keep &= ~SPSR_NZCV;	/* knob: the flags are lost on the way into the handler */
#endif
	v->regs.pstate = keep | SPSR_M_EL1H | SPSR_DAIF;
}
