/* SPDX-License-Identifier: MIT */
/*
 * boot.psci and boot.el3-slots: the PSCI firmware answers as PSCI says it
 * must (and, entered at EL3, that firmware is the image's own EL3 shim,
 * boot/el3_psci.c); the shim's CPU numbering holds for the MPIDR layouts
 * of QEMU virt and the Base FVP.
 */
#include "selftest/selftest.h"
#include "boot/boot.h"
#include "boot/el3.h"
#include "lib/arm64/sysreg_el3.h"
#include "lib/dt.h"
#include "mm/layout.h"

static int64_t psci(enum psci_conduit c, uint64_t fn, uint64_t a1, uint64_t a2)
{
	return (int64_t)arch_psci_call(c, fn, a1, a2, 0);
}

/*
 * Any PSCI 0.2+ firmware: this CPU is ON (AFFINITY_INFO) and CPU_ON for it
 * is ALREADY_ON. Entered at EL3 the firmware is the shim: PSCI 1.0, its
 * FEATURES list, no slot for an impossible MPIDR, no Trusted OS.
 */
TEST(boot, psci)
{
	enum psci_conduit c = dt_psci_conduit(boot.fdt);
	uint64_t me = READ_SYSREG(mpidr_el1) & MPIDR_AFF_MASK;
	int64_t version;

	if (c == PSCI_NONE)
		SKIP("the DT names no PSCI conduit");
	version = psci(c, PSCI_VERSION, 0, 0);
	if (version < 2)
		FAIL("PSCI_VERSION returned 0x%lx: older than PSCI 0.2", (unsigned long)version);
	ASSERT_EQ(psci(c, PSCI_AFFINITY_INFO_64, me, 0), PSCI_AFF_ON);
	ASSERT_EQ(psci(c, PSCI_CPU_ON_64, me, 0), PSCI_ALREADY_ON);
	if (!boot_mm.has_bi || boot_mm.bi.entry_el != 3) {
		selftest_info("PSCI %ld.%ld by %s (the firmware's)", (long)(version >> 16), (long)(version & 0xffff),
			      c == PSCI_SMC ? "SMC" : "HVC");
		return;
	}
	ASSERT_EQ(c, PSCI_SMC);
	ASSERT_EQ(version, PSCI_VERSION_1_0);
	ASSERT_EQ(psci(c, PSCI_FEATURES, PSCI_CPU_ON_64, 0), PSCI_SUCCESS);
	ASSERT_EQ(psci(c, PSCI_FEATURES, PSCI_SYSTEM_OFF, 0), PSCI_SUCCESS);
	ASSERT_EQ(psci(c, PSCI_FEATURES, PSCI_CPU_OFF, 0), PSCI_NOT_SUPPORTED);
	ASSERT_EQ(psci(c, PSCI_CPU_OFF, 0, 0), PSCI_NOT_SUPPORTED);
	ASSERT_EQ(psci(c, PSCI_MIGRATE_INFO_TYPE, 0, 0), PSCI_TOS_NOT_PRESENT);
	ASSERT_EQ(psci(c, PSCI_CPU_ON_64, UINT64_C(0x0100000000), 0), PSCI_INVALID_PARAMETERS);
	ASSERT_EQ(psci(c, PSCI_AFFINITY_INFO_64, me, 1), PSCI_INVALID_PARAMETERS);
	selftest_info("PSCI 1.0 by SMC: the EL3 shim");
}

/* The shim's slots: core + 8 x cluster, from Aff0/Aff1, or Aff1/Aff2 when MPIDR.MT is set. */
TEST(boot, el3_slots)
{
	static const struct {
		uint64_t mpidr, mt;
		int64_t slot;
	} cases[] = {
		{ 0x80000000, 0, 0 },	/* QEMU virt CPU 0 (bit 31 is RES1, not affinity) */
		{ 0x80000007, 0, 7 },	/* QEMU virt CPU 7 */
		{ 0x00000008, 0, -1 },	/* a 9th core in one cluster */
		{ 0x00000103, 0, 11 },	/* cluster 1, core 3 */
		{ 0x00000200, 0, -1 },	/* a third cluster */
		{ 0x00010000, 0, -1 },	/* Aff2 without MT */
		{ 0x8100000000, 0, -1 },	/* Aff3 */
		{ 0x81000000, 1, 0 },	/* Base FVP cluster 0 core 0 (MT set) */
		{ 0x81000300, 1, 3 },	/* cluster 0 core 3 */
		{ 0x81010000, 1, 8 },	/* cluster 1 core 0 */
		{ 0x81010300, 1, 11 },	/* cluster 1 core 3 */
		{ 0x00010300, 1, 11 },	/* the same as a PSCI target: affinity only */
		{ 0x81000001, 1, -1 },	/* thread 1 */
		{ 0x81020000, 1, -1 },	/* a third cluster */
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int64_t got = el3_slot_of(cases[i].mpidr, cases[i].mt);

		if (got != cases[i].slot)
			FAIL("MPIDR 0x%lx (MT %lu): slot %ld, want %ld", (unsigned long)cases[i].mpidr,
			     (unsigned long)cases[i].mt, (long)got, (long)cases[i].slot);
	}
	ASSERT_EQ(el3_slot_of(READ_SYSREG(mpidr_el1), (READ_SYSREG(mpidr_el1) >> MPIDR_MT_SHIFT) & 1), 0);
}
