/* SPDX-License-Identifier: MIT */
/* traps.*: the EL2 vectors decode, report and recover from the exceptions tests provoke. */
#include "selftest/selftest.h"
#include "traps/traps.h"
#include "lib/sysreg.h"
#include "mm/layout.h"
#include "mm/pgtable.h"
#include "mm/va_layout.h"
#include "arch_pte.h"

/*
 * An UNDEFINED instruction: EC 0 (unknown reason), ELR at the instruction;
 * IL set where the syndrome defines it for EC 0 (arm64; UNK on ARMv7).
 */
TEST(traps, undef)
{
	struct fault_info fi;
	uintptr_t at;

	trap_expect(ESR_EC_UNKNOWN, &fi);
	__asm__ __volatile__("adr %0, 1f\n1: " TF_UDF_INSN : "=r"(at) :: "memory");
	trap_expect(-1, NULL);
	ASSERT_TRUE(fi.faulted);
	ASSERT_EQ(esr_ec(fi.esr), ESR_EC_UNKNOWN);
	if (TF_UNDEF_IL_VALID)
		ASSERT_TRUE(fi.esr & ESR_IL);
	ASSERT_EQ(fi.elr, at);
}

/*
 * BRK (BKPT on arm32): its class and ISS[15:0] (the immediate on arm64, the
 * debug-event status on ARMv7), and execution resumes after it.
 */
TEST(traps, brk)
{
	struct fault_info fi;
	uintptr_t at, after = 0;

	trap_expect(TF_BRK_EC, &fi);
	__asm__ __volatile__("adr %0, 1f\n1: " TF_BRK_INSN "\nmov %1, #1" : "=r"(at), "+r"(after) :: "memory");
	trap_expect(-1, NULL);
	ASSERT_TRUE(fi.faulted);
	ASSERT_EQ(esr_ec(fi.esr), TF_BRK_EC);
	ASSERT_EQ(fi.esr & 0xffff, TF_BRK_ISS);
	ASSERT_EQ(fi.elr, at);
	ASSERT_EQ(after, 1);
}

/*
 * Accesses that must fault do, with the right class, status and address:
 * a read of the stack guard page (translation fault, level 3), a read far
 * outside anything mapped (translation fault at the root level), a write to read-only
 * data and to text (permission faults, level 3, WnR set), and a branch into
 * data (instruction abort, permission fault).
 */
extern char probe_ret0[];

/*
 * A VA whose root-level entry (level 0 on arm64, level 1 on arm32) is
 * invalid: the image lands anywhere, so no fixed address is sure to be
 * unmapped there. The walk says which slots below the fixed regions are
 * empty; the probe below must then fault exactly there.
 */
static uint64_t unmapped_root_slot_va(void)
{
	unsigned shift = arch_pt_shift(PT_ROOT_LEVEL);

	for (uint64_t slot = 0; slot < FIXED_BASE >> shift; slot++) {
		uint64_t va = (slot << shift) + UINT64_C(0x12345000);
		struct pt_walk w;

		pt_walk(&boot_mm.pt, va, &w);
		if (!w.valid && w.level == PT_ROOT_LEVEL)
			return va;
	}
	FAIL("no empty root-level slot");
}
/* "return 0" placed in writable data: must never execute. */
static uint32_t ret_in_data[2] __aligned(8) = TF_RET0_INSNS;

TEST(traps, expected_fault)
{
	static const uint64_t ro_word = 0x1234;
	struct fault_info fi;
	uint64_t guard = (uint64_t)(uintptr_t)__stack_guard + 0x18;
	uint64_t far_away = unmapped_root_slot_va();
	uint64_t ro = (uint64_t)(uintptr_t)&ro_word;
	uint64_t text = (uint64_t)(uintptr_t)probe_ret0;
	uint64_t data = (uint64_t)(uintptr_t)ret_in_data;

	ASSERT_TRUE(probe_read64(guard, NULL, &fi));
	ASSERT_EQ(esr_ec(fi.esr), ESR_EC_DABT_CUR);
	ASSERT_EQ(esr_fsc(fi.esr), FSC_TRANSLATION(3));
	ASSERT_EQ(fi.far, guard);
	ASSERT_EQ(fi.esr & ESR_DABT_WNR, 0);

	ASSERT_TRUE(probe_read64(far_away, NULL, &fi));
	ASSERT_EQ(esr_fsc(fi.esr), FSC_TRANSLATION(PT_ROOT_LEVEL));
	ASSERT_EQ(fi.far, far_away);

	ASSERT_TRUE(probe_write64(ro, 0, &fi));
	ASSERT_EQ(esr_ec(fi.esr), ESR_EC_DABT_CUR);
	ASSERT_EQ(esr_fsc(fi.esr), FSC_PERMISSION(3));
	ASSERT_TRUE(fi.esr & ESR_DABT_WNR);
	ASSERT_EQ(fi.far, ro);
	ASSERT_EQ(ro_word, 0x1234);

	/* Text is not writable (W^X): a write to code is a permission fault. */
	ASSERT_TRUE(probe_write64(text, 0, &fi));
	ASSERT_EQ(esr_fsc(fi.esr), FSC_PERMISSION(3));
	ASSERT_EQ(fi.far, text);

	/* Text executes; data does not (an instruction abort, permission fault). */
	ASSERT_TRUE(!probe_exec(text, &fi));
	ASSERT_TRUE(probe_exec(data, &fi));
	ASSERT_EQ(esr_ec(fi.esr), ESR_EC_IABT_CUR);
	ASSERT_EQ(esr_fsc(fi.esr), FSC_PERMISSION(3));
	ASSERT_EQ(fi.far, data);

	/* And a mapped read does not fault. */
	uint64_t v = 0;
	ASSERT_TRUE(!probe_read64(ro, &v, &fi));
	ASSERT_EQ(v, 0x1234);
}
