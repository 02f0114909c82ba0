/* SPDX-License-Identifier: MIT */
/* Emits the C struct offsets that assembly needs; the build turns them into a header. */
#include <stddef.h>
#include "traps/traps.h"
#include "lib/jmp.h"
#include "mm/layout.h"
#include "boot/bootinfo.h"
#include "guest/vm.h"
#include "mm/runtime.h"

#define DEFINE(sym, val) __asm__ __volatile__("\n.ascii \"->" #sym " %0\"" :: "i"(val))

void asm_offsets(void);
void asm_offsets(void)
{
	DEFINE(TF_X0, offsetof(struct trap_frame, x));
	DEFINE(TF_SP, offsetof(struct trap_frame, sp));
	DEFINE(TF_ELR, offsetof(struct trap_frame, elr));
	DEFINE(TF_SPSR, offsetof(struct trap_frame, spsr));
	DEFINE(TF_ESR, offsetof(struct trap_frame, esr));
	DEFINE(TF_FAR, offsetof(struct trap_frame, far));
	DEFINE(TF_VECTOR, offsetof(struct trap_frame, vector));
	DEFINE(TF_SIZE, sizeof(struct trap_frame));
	DEFINE(JMP_X19, offsetof(struct jmp_ctx, x19));
	DEFINE(JMP_FP, offsetof(struct jmp_ctx, fp));
	DEFINE(JMP_LR, offsetof(struct jmp_ctx, lr));
	DEFINE(JMP_SP, offsetof(struct jmp_ctx, sp));
	DEFINE(BM_CLASH, offsetof(struct boot_mm, clash));
	DEFINE(BM_CLASH_PC, offsetof(struct boot_mm, clash_pc));
	/* The 64-bit magic as two 32-bit words (little-endian: the low word first). */
	DEFINE(BOOT_INFO_MAGIC_LO, (uint32_t)BOOT_INFO_MAGIC);
	DEFINE(BOOT_INFO_MAGIC_HI, (uint32_t)(BOOT_INFO_MAGIC >> 32));
	DEFINE(BI_MAGIC, offsetof(struct boot_info, magic));
	DEFINE(BI_RUNTIME_VA, offsetof(struct boot_info, runtime_va));
	DEFINE(BI_PAYLOAD_PA, offsetof(struct boot_info, payload_pa));
	DEFINE(BI_FLAGS, offsetof(struct boot_info, flags));
	DEFINE(BI_SEED, offsetof(struct boot_info, seed));
	DEFINE(BI_EARLY_EXIT, offsetof(struct boot_info, early_exit));
	DEFINE(BOOT_INFO_TAP_ASM, BOOT_INFO_TAP);
	DEFINE(SMP_MAX_CPUS, MAX_CPUS);
	DEFINE(VR_X, offsetof(struct vcpu_regs, x));
	DEFINE(VR_SP_EL0, offsetof(struct vcpu_regs, sp_el0));
	DEFINE(VR_PC, offsetof(struct vcpu_regs, pc));
	DEFINE(VR_ESR, offsetof(struct vcpu_regs, esr));
	DEFINE(VR_HPFAR, offsetof(struct vcpu_regs, hpfar));
	DEFINE(VR_EXIT_VECTOR, offsetof(struct vcpu_regs, exit_vector));
	DEFINE(VR_HOST_SP, offsetof(struct vcpu_regs, host_sp));
	DEFINE(TRAP_LOW64_SYNC_ASM, TRAP_LOW64_SYNC);
	DEFINE(TRAP_LOW32_SYNC_ASM, TRAP_LOW32_SYNC);
	DEFINE(TRAP_LOW32_IRQ_ASM, TRAP_LOW32_IRQ);
	DEFINE(TRAP_LOW32_FIQ_ASM, TRAP_LOW32_FIQ);
}
