/* SPDX-License-Identifier: MIT */
/* The AArch64 guest's registers and stage-1 tables. */
#include "guest/prog/guest.h"

#define GREG_IDX(i, name) GI_##name = i,
enum { GUEST_REGS_A64(GREG_IDX) };

const unsigned greg_count = GUEST_NREGS_A64;
const unsigned greg_contextidr = GI_CONTEXTIDR_EL1;
const uint64_t sctlr_m = 1u << 0, sctlr_c = 1u << 2, sctlr_i = 1u << 12;

#define MSR(r, v) __asm__ __volatile__("msr " #r ", %0\n\tisb" :: "r"((uint64_t)(v)) : "memory")
#define MRS(r) ({ uint64_t v_; __asm__ __volatile__("mrs %0, " #r : "=r"(v_) :: "memory"); v_; })
#define GREG_WRITE(i, name) case i: MSR(name, v); break;
#define GREG_READ(i, name) case i: return MRS(name);

void greg_write(unsigned i, uint64_t v)
{
	switch (i) {
	GUEST_REGS_A64(GREG_WRITE)
	}
}

uint64_t greg_read(unsigned i)
{
	switch (i) {
	GUEST_REGS_A64(GREG_READ)
	}
	return 0;
}

uint64_t cpu_mode(void)
{
	return MRS(CurrentEL);
}

uint64_t counter_now(void)
{
	return MRS(cntvct_el0);
}

uint64_t counter_freq(void)
{
	return MRS(cntfrq_el0);
}

/*
 * Stage 1, 4 KiB granule, 39-bit VA (T0SZ = 25): the walk starts at
 * level 1 with 1 GiB blocks. VA 0 (UART) Device, VA 1 GiB (RAM) identity,
 * VA 2 GiB the alias of RAM. MAIR: attr 0 Device-nGnRnE, attr 1 Normal WB.
 */
static uint64_t l1[512] __attribute__((aligned(4096)));
#define BLOCK(pa, attr) ((uint64_t)(pa) | (1u << 10) | (3u << 8) | ((attr) << 2) | 1u)
#define TCR_REAL ((25u << 0) | (1u << 8) | (1u << 10) | (3u << 12) | (1u << 23))
#define MAIR_REAL 0xff00u

void ttbr0_asid(const uint64_t *root, uint64_t asid)
{
	MSR(ttbr0_el1, (uintptr_t)root | (asid << 48));	/* ASID in TTBR0_EL1[63:48] (TCR_EL1.A1 = 0) */
}

void mmu_prepare(void)
{
	l1[0] = BLOCK(0, 0) | (1ull << 54);		/* Device, XN */
	l1[1] = BLOCK(GUEST_RAM_IPA, 1);
	l1[2] = BLOCK(GUEST_RAM_IPA, 1);		/* GUEST_ALIAS_VA */
	asid_tables(l1);
	__asm__ __volatile__("dsb sy" ::: "memory");
	gwrite(GI_MAIR_EL1, MAIR_REAL);
	gwrite(GI_TCR_EL1, TCR_REAL);
	gwrite(GI_TTBR0_EL1, (uintptr_t)l1);
	__asm__ __volatile__("tlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
}

uint64_t greg_pattern(unsigned i, unsigned n)
{
	/* Step 2 runs with the MMU on: it keeps what the translation uses. */
	static const uint64_t any[3] = { 0x1234567890abcdefull, 0xfedcba0987654321ull, 0x0f0f0f0f0f0f0f0full };

	switch (i) {
	case GI_SCTLR_EL1:	/* + I, then + UCI (EL0 cache ops) */
		return greg_read(i) | (n == 0 ? 0 : n == 1 ? sctlr_i : 1u << 26);
	case GI_TTBR0_EL1:	/* ASID in [63:48]; step 2 keeps the table */
		return n < 2 ? (0x12ull << 48) | 0x40001000u * (n + 1) : (uintptr_t)l1 | (0x56ull << 48);
	case GI_TTBR1_EL1:	/* not walked: EPD1 is set */
		return (0x34ull << 48) | 0x40003000u * (n + 1);
	case GI_TCR_EL1:	/* TBI0 (bit 37) on and off */
		return TCR_REAL | (n == 1 ? 0 : 1ull << 37);
	case GI_ESR_EL1:
		return (uint32_t)any[n];
	case GI_CONTEXTIDR_EL1:
		return 0x1000u + n;
	case GI_MAIR_EL1:	/* attrs 0 and 1 stay */
		return MAIR_REAL | (any[n] & ~0xffffull);
	default:
		return any[n];
	}
}
