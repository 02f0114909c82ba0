/* SPDX-License-Identifier: MIT */
/*
 * The guest tests of the AArch64 guest (seed 001): the AArch32 guest's
 * twins are in test_guest.c. Only an AArch64 hypervisor can run an AArch64
 * guest, so this file is not built for arm32 (boot/arm32/arch.mk).
 */
#include "selftest/selftest.h"
#include "selftest/guest_tests.h"
#include "guest/abi.h"

#define A64(i, name) TEST(sysreg, a64_##name) { passthrough(&guest_a64, i); }
A64(0, sctlr_el1)
A64(1, ttbr0_el1)
A64(2, ttbr1_el1)
A64(3, tcr_el1)
A64(4, afsr0_el1)
A64(5, afsr1_el1)
A64(6, esr_el1)
A64(7, far_el1)
A64(8, mair_el1)
A64(9, amair_el1)
A64(10, contextidr_el1)

TEST(guest, boot_a64) { boot_guest(&guest_a64); }
TEST(guest, stage2_isolation_a64) { stage2_isolation(&guest_a64); }
TEST(sysreg, undef_a64) { undef(&guest_a64); }
TEST(sysreg, mmu_together_a64) { mmu_order(&guest_a64, GORDER_TOGETHER); }
TEST(sysreg, mmu_m_then_c_a64) { mmu_order(&guest_a64, GORDER_M_FIRST); }
TEST(sysreg, mmu_c_then_m_a64) { mmu_order(&guest_a64, GORDER_C_FIRST); }

TEST(guest, context_a64) { context_switch(&guest_a64, &guest_a64); }
TEST(guest, context_mixed) { context_switch(&guest_a64, &guest_a32); }
TEST(guest, stage2_perms_a64) { stage2_perms(&guest_a64); }
TEST(sysreg, undef_entry_a64) { undef_entry(&guest_a64); }

TEST(guest, watchdog_a64)
{
	watchdog_in_guest(&guest_a64);
}
