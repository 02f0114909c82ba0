/* SPDX-License-Identifier: MIT */
/*
 * Sysreg passthrough (seed 001). While a guest's MMU is off, HCR_EL2.DC
 * makes its accesses cacheable and HCR_EL2.TVM traps its writes to the
 * virtual-memory control registers; each trapped write is decoded through
 * the one table (traps/vsysreg.c), written to the real EL1 register, counted,
 * and the guest's PC is stepped past it. An encoding not in the table gets
 * an UNDEF injected into the guest, never a hypervisor crash.
 *
 * Common to both arches: the registers go by their AArch64 names, which on
 * arm32 are the cp15 registers they map to (lib/arm32/sysreg.h: FAR_EL1 is
 * IFAR:DFAR, MAIR_EL1 MAIR1:MAIR0, DACR32_EL2 DACR, ...), and HCR_EL2 is HCR.
 */
#include "guest/vm.h"
#include "lib/sysreg.h"

#define HW_CASES(X)                                                           \
	X(VREG_SCTLR_EL1, sctlr_el1) X(VREG_TTBR0_EL1, ttbr0_el1)             \
	X(VREG_TTBR1_EL1, ttbr1_el1) X(VREG_TCR_EL1, tcr_el1)                 \
	X(VREG_ESR_EL1, esr_el1) X(VREG_FAR_EL1, far_el1)                     \
	X(VREG_AFSR0_EL1, afsr0_el1) X(VREG_AFSR1_EL1, afsr1_el1)             \
	X(VREG_MAIR_EL1, mair_el1) X(VREG_AMAIR_EL1, amair_el1)               \
	X(VREG_CONTEXTIDR_EL1, contextidr_el1) X(VREG_DACR32_EL2, dacr32_el2) \
	X(VREG_IFSR32_EL2, ifsr32_el2)

#define HW_READ(id, r) case id: return READ_SYSREG(r);
#define HW_WRITE(id, r) case id: WRITE_SYSREG(r, v); break;

uint64_t vreg_hw_read(unsigned reg)
{
	switch (reg) {
	HW_CASES(HW_READ)
	}
	return 0;
}

void vreg_hw_write(unsigned reg, uint64_t v)
{
	switch (reg) {
	HW_CASES(HW_WRITE)
	}
	isb();
}

uint64_t vreg_direct_effect(unsigned reg, uint64_t v)
{
	uint64_t old = vreg_hw_read(reg), r;

	vreg_hw_write(reg, v);
	r = vreg_hw_read(reg);
	vreg_hw_write(reg, old);
	return r;
}

/*
 * AArch32 general-purpose registers as AArch64 holds them (Arm ARM D1.20.1,
 * "Mapping of the AArch32 registers to AArch64"): r0-r12 are x0-x12 outside
 * FIQ mode, r13/r14 are banked per mode: usr/sys x13/x14, irq x17/x16,
 * svc x19/x18, abt x21/x20, und x23/x22; FIQ banks r8-r14 into x24-x30.
 */
unsigned vcpu_a32_reg(const struct vcpu *v, unsigned rt)
{
	unsigned mode = v->regs.pstate & 0x1f;

	if (mode == 0x11 && rt >= 8 && rt <= 14)	/* FIQ */
		return 24 + (rt - 8);
	if (rt < 13)
		return rt;
	switch (mode) {
	case 0x12: return rt == 13 ? 17 : 16;	/* IRQ */
	case 0x13: return rt == 13 ? 19 : 18;	/* Supervisor */
	case 0x17: return rt == 13 ? 21 : 20;	/* Abort */
	case 0x1b: return rt == 13 ? 23 : 22;	/* Undefined */
	default:   return rt;			/* User, System */
	}
}

/*
 * The guest register a syndrome's Rt (or Rt2) names. Trapped from AArch32
 * to an AArch64 EL2, ESR_EL2.ISS.Rt already gives the AArch64 view of the
 * register (Arm ARM D17.2.37, "ISS encoding for an exception from an MCR
 * or MRC access": "The reported value gives the AArch64 view of the
 * register"): SP_svc is reported as 19, the FIQ r8 as 24, and it indexes
 * the saved X registers as it is. ARMv7's HSR copies Rt from the
 * instruction (DDI 0406C B3.13.6), which vcpu_a32_reg() maps for the
 * guest's mode. ESR_RT_AARCH64_VIEW (lib/<arch>/sysreg.h) says which.
 */
static uint64_t *guest_reg(struct vcpu *v, unsigned rt)
{
	static uint64_t zero;

#ifdef INJECT_SYSREG_RT_VIEW
	/* Knob: the other view: arm64 maps the AArch64 view again, arm32 takes the raw Rt as the slot. */
	if (v->aarch32)
		return &v->regs.x[ESR_RT_AARCH64_VIEW ? vcpu_a32_reg(v, rt) : rt];
#endif
	if (v->aarch32)
		return &v->regs.x[ESR_RT_AARCH64_VIEW ? rt : vcpu_a32_reg(v, rt)];
	if (rt == 31) {		/* XZR: reads 0, writes are discarded */
		zero = 0;
		return &zero;
	}
	return &v->regs.x[rt];
}

void vcpu_advance_pc(struct vcpu *v)
{
#ifdef INJECT_SYSREG_NO_ADVANCE
	/* Knob: the trapped instruction is never stepped over. */
	unsigned ec = (v->regs.esr >> ESR_EC_SHIFT) & ESR_EC_MASK;

	if (ec == ESR_EC_SYS64 || ec == ESR_EC_CP15_32 || ec == ESR_EC_CP15_64)
		return;
#endif
	v->regs.pc += (v->regs.esr & ESR_IL) ? 4 : 2;
}

/* AArch32 condition codes against the guest's NZCV (Arm ARM F1.3, "Conditional execution"). */
static bool cond_holds(unsigned cond, uint64_t pstate)
{
	bool n = pstate & (1u << 31), z = pstate & (1u << 30), c = pstate & (1u << 29), vf = pstate & (1u << 28);
	bool r;

	switch (cond >> 1) {
	case 0: r = z; break;
	case 1: r = c; break;
	case 2: r = n; break;
	case 3: r = vf; break;
	case 4: r = c && !z; break;
	case 5: r = n == vf; break;
	case 6: r = n == vf && !z; break;
	default: return true;	/* AL (0b1110) and 0b1111 */
	}
	return (cond & 1) ? !r : r;
}

/*
 * When to stop trapping. HCR_EL2.DC = 1 makes the PE behave as if
 * SCTLR_EL1.M were 0 for everything but a direct read of it, with stage-1
 * memory type Normal Write-Back (Arm ARM D19.2.48, HCR_EL2.DC): while DC is
 * set, the guest's own MMU cannot take effect. With SCTLR.M = 1 and
 * SCTLR.C = 0 the guest's stage 1 is on but its data accesses to Normal
 * memory are Non-cacheable (Arm ARM D19.2.118, SCTLR_EL1.C). Memory that was
 * written cacheably until then (by the hypervisor loading the guest, and by
 * the guest itself under DC) may still sit in dirty cache lines, so dropping
 * DC at that point lets the guest read stale memory behind them: the 2014
 * failure (a guest that sets M without C) that got the first version of
 * this scheme reverted in Xen. So DC and TVM are both kept until the guest
 * has M and C set; then both go at once, and with TVM clear nothing traps
 * any more. While M is set without C the guest's view stays DC's
 * (translation off, cacheable), which a guest that turns its MMU on runs
 * through anyway: it must execute identity-mapped code at that point.
 */
void vcpu_sctlr_written(struct vcpu *v, uint64_t sctlr)
{
#if defined(INJECT_SYSREG_NEVER_DROP)
	bool drop = false;				/* knob: trap forever */
#elif defined(INJECT_SYSREG_DROP_ON_M)
	bool drop = sctlr & SCTLR_EL1_M;		/* knob: the 2014 rule */
#elif defined(INJECT_SYSREG_DROP_ON_C)
	bool drop = sctlr & SCTLR_EL1_C;		/* knob: the rule read as "caches on" */
#else
	bool drop = (sctlr & SCTLR_EL1_M) && (sctlr & SCTLR_EL1_C);
#endif

	if (drop)
		v->hcr &= ~(HCR_EL2_DC | HCR_EL2_TVM);
	else
		v->hcr |= HCR_EL2_DC | HCR_EL2_TVM;
	WRITE_SYSREG(hcr_el2, v->hcr);
	isb();
	if (v->sctlr_writes < ARRAY_SIZE(v->hcr_after_sctlr))
		v->hcr_after_sctlr[v->sctlr_writes] = v->hcr;
	v->sctlr_writes++;
}

/*
 * An UNDEF as the guest's own EL1 would take it. AArch32 (Arm ARM
 * AArch32.TakeUndefInstrException and AArch32.EnterMode; DDI 0406C
 * B1.9.6): Undefined mode; LR_und = the instruction + 4 (A32) or + 2
 * (T32); SPSR_und = CPSR; CPSR.I set, A and F unchanged (only IRQ, FIQ
 * and Abort entries set A); T = SCTLR.TE, E = SCTLR.EE; IT, J, IL and SS
 * cleared; PAN set where FEAT_PAN is and SCTLR.SPAN is 0; the flags
 * unchanged; PC = the vector base + 4: VBAR[31:5], or 0xffff0000 with
 * SCTLR.V. AArch64: the arch's vcpu_inject_undef_a64(). The guest's EL1
 * registers are live while its exit is handled: SCTLR and VBAR are read
 * from the hardware.
 */
void vcpu_inject_undef(struct vcpu *v)
{
	uint64_t pc = v->regs.pc, ps = v->regs.pstate;

	v->undefs++;
	v->undef_spsr = ps;
	if (v->aarch32) {
		uint64_t sctlr = READ_SYSREG(sctlr_el1);
		uint64_t base = (sctlr & SCTLR_A32_V) ? UINT64_C(0xffff0000) : READ_SYSREG(vbar_el1) & ~UINT64_C(0x1f);
		uint64_t cpsr = ps & ~(SPSR_M32_MASK | SPSR_A32_T | SPSR_A32_E | SPSR_A32_IT | SPSR_A32_J | SPSR_IL | SPSR_SS);

		cpsr |= SPSR_M32_UND | SPSR_A32_I;
#ifdef INJECT_SYSREG_UNDEF_PSTATE
		cpsr |= SPSR_A32_AIF & ~SPSR_A32_I;	/* knob: A and F masked too, as for an IRQ/FIQ entry */
#endif
		if (sctlr & SCTLR_A32_TE)
			cpsr |= SPSR_A32_T;
		if (sctlr & SCTLR_EL1_EE)
			cpsr |= SPSR_A32_E;
		if (cpu_has_pan() && !(sctlr & SCTLR_EL1_SPAN))
			cpsr |= SPSR_PAN;
		v->regs.x[22] = pc + ((ps & SPSR_A32_T) ? 2 : 4);	/* LR_und */
		WRITE_SYSREG(spsr_und, ps);
		v->regs.pc = base + 4;
		v->regs.pstate = cpsr;
		return;
	}
	vcpu_inject_undef_a64(v);
}

void vcpu_sysreg_trap(struct vcpu *v)
{
	struct vsysreg_access a;
	unsigned idx;

	if (!vsysreg_decode(v->regs.esr, &a) || !a.r) {
		v->undef_key = a.key;
#ifdef INJECT_SYSREG_UNKNOWN_IGNORED
		/* Knob: an unknown access is stepped over silently, as if it had worked. */
		vcpu_advance_pc(v);
#else
		vcpu_inject_undef(v);
#endif
		return;
	}
	if (a.cv && !cond_holds(a.cond, v->regs.pstate)) {
		vcpu_advance_pc(v);	/* a failed condition: the instruction does nothing */
		return;
	}
	idx = (unsigned)(a.r - vsysreg_table);
	if (a.read) {
		uint64_t lo, hi;

		v->sysreg_reads++;
		vsysreg_extract(a.r->part, vreg_hw_read(a.r->reg), &lo, &hi);
		*guest_reg(v, a.rt) = lo;
		if (a.r->part == VPART_PAIR)
			*guest_reg(v, a.rt2) = hi;
	} else {
		uint64_t lo = *guest_reg(v, a.rt), hi = 0, val, before = vreg_hw_read(a.r->reg);

		if (v->aarch32) {
			lo &= 0xffffffff;
			if (a.r->part == VPART_PAIR)
				hi = *guest_reg(v, a.rt2) & 0xffffffff;
		}
		val = vsysreg_merge(a.r->part, before, lo, hi);
		vreg_hw_write(a.r->reg, val);
		v->traps[idx]++;
		v->traps_total++;
		v->last_written[idx] = a.r->part == VPART_PAIR ? lo | (hi << 32) : lo;
		v->hw_after[idx] = vreg_hw_read(a.r->reg);
		if (v->nwlog < ARRAY_SIZE(v->wlog)) {
			v->wlog[v->nwlog].idx = idx;
			v->wlog[v->nwlog].val = v->last_written[idx];
			v->wlog[v->nwlog].before = before;
			v->wlog[v->nwlog].after = v->hw_after[idx];
			v->nwlog++;
		}
		if (a.r->reg == VREG_SCTLR_EL1)
			vcpu_sctlr_written(v, v->hw_after[idx]);
	}
	vcpu_advance_pc(v);
}
