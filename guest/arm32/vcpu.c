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
 * Beyond VCPU_SYSREGS (guest/vm.c), which are SCTLR, the TTBRs, TTBCR,
 * DFSR, DFAR:IFAR, ADFSR/AIFSR, MAIR1:MAIR0, AMAIR1:AMAIR0, CONTEXTIDR,
 * VBAR, the TPIDRs, CPACR and PAR here (PAR too: the hypervisor's own
 * ATS1H* translations write it): DACR, IFSR and the banked SPSRs, SPSR_svc
 * being SPSR_EL1. There is no SP_EL1/ELR_EL1 here (the banked
 * SP_svc/LR_svc are registers of vcpu_regs), and ACTLR stays the CPU's: it
 * is IMPLEMENTATION DEFINED, and the guests' writes to it trap (HCR.TAC)
 * and get an UNDEF.
 */
void vcpu_arch_load(const struct vcpu *v)
{
	const struct vcpu_sysregs *s = &v->sys;

	WRITE_SYSREG(spsr_el1, s->spsr_el1);
	VCPU_SYSREGS_A32(VCPU_SYSREG_LOAD)
}

void vcpu_arch_put(struct vcpu *v)
{
	struct vcpu_sysregs *s = &v->sys;

	s->spsr_el1 = READ_SYSREG(spsr_el1);
	VCPU_SYSREGS_A32(VCPU_SYSREG_SAVE)
}

/* ARMv7 has no PAN (ARMv8.1). */
bool cpu_has_pan(void)
{
	return false;
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
