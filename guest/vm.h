/* SPDX-License-Identifier: MIT */
/*
 * Guests, hypervisor side: a VM (stage 2, RAM, DTB, one tiny guest image)
 * and its vCPU (saved registers, EL1 system registers, HCR_EL2), the run
 * loop, and what the self-tests read afterwards (trap counts, reports).
 * Guests run on the boot CPU only, one at a time.
 */
#ifndef HYPTEST_GUEST_VM_H
#define HYPTEST_GUEST_VM_H

#include "lib/compiler.h"
#include "mm/stage2.h"
#include "traps/vsysreg.h"

/*
 * The guest's general-purpose state while it is not running, and what its
 * last exit saw. guest/<arch>/vcpu_entry.S uses the offsets (asm-offsets.c).
 * On arm32 each slot holds a 32-bit register in its low word (the high
 * word stays 0: the C code writes only 32-bit values to an AArch32 vCPU).
 */
struct vcpu_regs {
	uint64_t x[31];		/* AArch32: r0-r14 and the banked registers, as AArch64 maps them
				   (vcpu_a32_reg; on arm32 the entry code saves and loads them all) */
	uint64_t sp_el0;
	uint64_t pc;		/* ELR_EL2 */
	uint64_t pstate;	/* SPSR_EL2 */
	uint64_t esr, far, hpfar;	/* of the last exit */
	uint64_t exit_vector;	/* enum trap_vector of the last exit */
	uint64_t host_sp;	/* the hypervisor's stack while the guest runs */
};

/*
 * The EL1 registers both arches switch per vCPU, as X(field of struct
 * vcpu_sysregs, AArch64 name): guest/vm.c loads and saves these, and
 * vcpu_arch_load()/vcpu_arch_put() the rest. VCPU_SYSREGS_A32 are those of
 * an AArch32 EL1 (arm64 has them when EL1 can be AArch32; on arm32 they
 * are DACR, IFSR and the banked SPSRs).
 */
#define VCPU_SYSREGS(X)                                                       \
	X(sctlr, sctlr_el1) X(ttbr0, ttbr0_el1) X(ttbr1, ttbr1_el1)           \
	X(tcr, tcr_el1) X(esr, esr_el1) X(far, far_el1) X(afsr0, afsr0_el1)   \
	X(afsr1, afsr1_el1) X(mair, mair_el1) X(amair, amair_el1)             \
	X(contextidr, contextidr_el1) X(vbar, vbar_el1) X(tpidr_el1, tpidr_el1) \
	X(tpidr_el0, tpidr_el0) X(tpidrro_el0, tpidrro_el0) X(cpacr, cpacr_el1) \
	X(par, par_el1)
#define VCPU_SYSREGS_A32(X)                                                   \
	X(dacr32, dacr32_el2) X(ifsr32, ifsr32_el2) X(spsr_abt, spsr_abt)     \
	X(spsr_und, spsr_und) X(spsr_irq, spsr_irq) X(spsr_fiq, spsr_fiq)
/* X() bodies for the lists above, with s the struct vcpu_sysregs pointer. */
#define VCPU_SYSREG_LOAD(f, r)	WRITE_SYSREG(r, s->f);
#define VCPU_SYSREG_SAVE(f, r)	s->f = READ_SYSREG(r);

/* The EL1 system registers a vCPU owns (saved at every exit, loaded at every entry). */
struct vcpu_sysregs {
	uint64_t sctlr, ttbr0, ttbr1, tcr, esr, far, afsr0, afsr1, mair, amair, contextidr;
	uint64_t vbar, sp_el1, elr_el1, spsr_el1, tpidr_el1, tpidr_el0, tpidrro_el0, cpacr, par, actlr;
	/* AArch32 only (they exist when EL1 can be AArch32). */
	uint64_t dacr32, ifsr32, spsr_abt, spsr_und, spsr_irq, spsr_fiq;
};

#define VCPU_MAX_REPORTS	160

struct vcpu {
	struct vcpu_regs regs;
	struct vcpu_sysregs sys;
	uint64_t hcr;		/* HCR_EL2 while this vCPU runs */
	uint64_t hstr;		/* HSTR_EL2 (HSTR) while it runs: cp15 primary registers whose accesses trap */
	bool aarch32;
	struct vm *vm;

	/* Passthrough traps, per entry of vsysreg_table. */
	unsigned traps[VSYSREG_MAX];
	unsigned traps_total;
	uint64_t last_written[VSYSREG_MAX];	/* the guest's value (Rt, or Rt2:Rt) */
	uint64_t hw_after[VSYSREG_MAX];		/* the hardware register right after the write */
	/* Every trapped write, in order: table entry, the guest's value, the register before and after. */
	struct { unsigned idx; uint64_t val, before, after; } wlog[32];
	unsigned nwlog;
	/* HCR_EL2 right after each SCTLR write was handled, in order. */
	uint64_t hcr_after_sctlr[8];
	unsigned sctlr_writes;
	unsigned sysreg_reads;		/* trapped reads of passthrough registers (MRS/MRC/MRRC) */
	unsigned undefs;		/* UNDEFs injected */
	uint32_t undef_key;		/* the last one's encoding */
	uint64_t undef_spsr;		/* the SPSR_EL1 / SPSR_und it was given */
	unsigned tlbi_asid;		/* GHVC_TLBI_ASID calls */
	unsigned s2_aborts;		/* stage-2 aborts, data and instruction */
	uint64_t abort_ipa, abort_esr;
	uint64_t abort_hpfar, abort_far;	/* the last one's HPFAR_EL2 and FAR_EL2 as the exit saved them */

	/* GHVC_REPORT values, in order. */
	struct { uint32_t key; uint64_t val; } reports[VCPU_MAX_REPORTS];
	unsigned nreports;
	bool done;
	uint64_t status;
	unsigned fail_line;		/* GHVC_FAIL: the guest's line */
	uint64_t fail_val;
	const char *error;		/* why the run loop stopped the guest, NULL if it did not */
	unsigned exits;
	unsigned irq_exits;		/* exits through the IRQ vector (the watchdog's timer) */
};

struct guest_image {
	const char *name;	/* "a64", "a32" */
	bool aarch32;
	const uint8_t *bin, *bin_end;
	const uint8_t *dtb, *dtb_end;
};
/*
 * The images this hypervisor carries (guest/<arch>/vcpu.c): arm64 has both,
 * arm32 (ARMv7 PL1 is AArch32 only) guest_a32 alone. guest_native is the
 * guest of the hypervisor's own width.
 */
extern const struct guest_image guest_a64, guest_a32;
extern const struct guest_image *const guest_native;

struct vm {
	struct stage2 s2;
	uint16_t vmid;
	const struct guest_image *img;
	uint64_t ram_ipa, ram_size, ram_pa;
	uint8_t *ram;		/* the hypervisor's VA of the guest's RAM */
	uint64_t uart_ipa, uart_pa;
	uint64_t dtb_ipa;
	uint64_t text_size;	/* bytes at the start of RAM mapped read-only */
	/* The image the fields above and stage 2 were built for, and the one whose text is in RAM. */
	const struct guest_image *layout, *text;
	struct vcpu vcpu;
};

/* Extra HCR_EL2 trap bits a scenario wants (e.g. TACR for the UNDEF test), and HSTR_EL2's. */
struct vm_opts {
	uint64_t hcr_extra;
	uint64_t hstr;
};

/*
 * Get VM n (0 or 1) ready to run img's scenario scn(arg): RAM cleared, the
 * image and DTB loaded, stage 2 built from the guest's DTB, vCPU reset. The
 * VM's memory is taken once and reused. NULL with *why on failure.
 */
struct vm *vm_prepare(unsigned n, const struct guest_image *img, unsigned long scn,
		      unsigned long arg, const struct vm_opts *opts, const char **why);
/*
 * Run until the guest is done, yields (or an IRQ exit the watchdog was told
 * to expect), or misbehaves (v->error). True if it can run again.
 */
bool vcpu_run(struct vcpu *v);
/* Run to completion (yields just continue). False if the guest did not finish cleanly. */
bool vm_run_to_done(struct vm *vm);
/* The value the guest reported for key (the last one); false if none. */
bool vcpu_report(const struct vcpu *v, unsigned key, uint64_t *val);
/* guest/<arch>/vcpu.c: what differs per arch. */
/* Can EL1 run AArch32 on this CPU (arm64: ID_AA64PFR0_EL1.EL1 == 2; arm32: always)? */
bool cpu_has_aarch32_el1(void);
/* Why img's guest cannot run on this CPU (its EL1 width), or NULL if it can. */
const char *vcpu_width_unsupported(const struct guest_image *img);
/* The vCPU's EL1 registers beyond VCPU_SYSREGS: to the hardware, and back. */
void vcpu_arch_load(const struct vcpu *v);
void vcpu_arch_put(struct vcpu *v);
/* FEAT_PAN: does an exception entry to EL1 set PSTATE.PAN when SCTLR_EL1.SPAN is 0? */
bool cpu_has_pan(void);
/* The AArch64 guest's reset PSTATE and SCTLR_EL1; an UNDEF as AArch64 EL1 takes it. */
void vcpu_reset_a64(struct vcpu *v);
void vcpu_inject_undef_a64(struct vcpu *v);

/* traps/passthrough.c */
uint64_t vreg_hw_read(unsigned reg);
void vreg_hw_write(unsigned reg, uint64_t v);
/* What the register holds after the hypervisor writes v to it itself (RAZ/WI bits and all). */
uint64_t vreg_direct_effect(unsigned reg, uint64_t v);
/* Handle a trapped EC 0x18/0x03/0x04 access. */
void vcpu_sysreg_trap(struct vcpu *v);
/* The rule for dropping DC/TVM, applied after every SCTLR write (see there). */
void vcpu_sctlr_written(struct vcpu *v, uint64_t sctlr);
/* Put an UNDEF exception into the guest at its current PC. */
void vcpu_inject_undef(struct vcpu *v);
/* Step over the trapped instruction (ESR_EL2.IL: 4 or 2 bytes). */
void vcpu_advance_pc(struct vcpu *v);
/* AArch32 Rt -> x register index for the guest's current mode. */
unsigned vcpu_a32_reg(const struct vcpu *v, unsigned rt);

#endif
