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

const unsigned greg_ttbr1_64 = ~0u;

/* ---- GSCN_CONTEXT: GUEST_CTX_A64 ---- */
#define CTX_IDX(i, name) CI_##name = i,
enum { GUEST_CTX_A64(CTX_IDX) };
const unsigned ctx_count = GUEST_CTX_A64_COUNT;
const unsigned ctx_spsr = CI_SPSR_EL1;

/* The VM-control registers go through gwrite (trapped while DC/TVM are set); the rest are written directly. */
void ctx_write(unsigned i, uint64_t v)
{
	switch (i) {
	case CI_TTBR0_EL1: gwrite(GI_TTBR0_EL1, v); break;
	case CI_TTBR1_EL1: gwrite(GI_TTBR1_EL1, v); break;
	case CI_TCR_EL1: gwrite(GI_TCR_EL1, v); break;
	case CI_ESR_EL1: gwrite(GI_ESR_EL1, v); break;
	case CI_FAR_EL1: gwrite(GI_FAR_EL1, v); break;
	case CI_AFSR0_EL1: gwrite(GI_AFSR0_EL1, v); break;
	case CI_AFSR1_EL1: gwrite(GI_AFSR1_EL1, v); break;
	case CI_MAIR_EL1: gwrite(GI_MAIR_EL1, v); break;
	case CI_AMAIR_EL1: gwrite(GI_AMAIR_EL1, v); break;
	case CI_CONTEXTIDR_EL1: gwrite(GI_CONTEXTIDR_EL1, v); break;
	case CI_SCTLR_EL1: gwrite(GI_SCTLR_EL1, v); break;
	case CI_VBAR_EL1: MSR(vbar_el1, v); break;
	case CI_TPIDR_EL1: MSR(tpidr_el1, v); break;
	case CI_TPIDR_EL0: MSR(tpidr_el0, v); break;
	case CI_TPIDRRO_EL0: MSR(tpidrro_el0, v); break;
	case CI_CPACR_EL1: MSR(cpacr_el1, v); break;
	case CI_PAR_EL1: MSR(par_el1, v); break;
	case CI_ELR_EL1: MSR(elr_el1, v); break;
	case CI_SPSR_EL1: MSR(spsr_el1, v); break;
	case CI_SP_EL0: MSR(sp_el0, v); break;
	case CI_ACTLR_EL1: MSR(actlr_el1, v); break;
	}
}

uint64_t ctx_read(unsigned i)
{
	switch (i) {
	case CI_TTBR0_EL1: return MRS(ttbr0_el1);
	case CI_TTBR1_EL1: return MRS(ttbr1_el1);
	case CI_TCR_EL1: return MRS(tcr_el1);
	case CI_ESR_EL1: return MRS(esr_el1);
	case CI_FAR_EL1: return MRS(far_el1);
	case CI_AFSR0_EL1: return MRS(afsr0_el1);
	case CI_AFSR1_EL1: return MRS(afsr1_el1);
	case CI_MAIR_EL1: return MRS(mair_el1);
	case CI_AMAIR_EL1: return MRS(amair_el1);
	case CI_CONTEXTIDR_EL1: return MRS(contextidr_el1);
	case CI_SCTLR_EL1: return MRS(sctlr_el1);
	case CI_VBAR_EL1: return MRS(vbar_el1);
	case CI_TPIDR_EL1: return MRS(tpidr_el1);
	case CI_TPIDR_EL0: return MRS(tpidr_el0);
	case CI_TPIDRRO_EL0: return MRS(tpidrro_el0);
	case CI_CPACR_EL1: return MRS(cpacr_el1);
	case CI_PAR_EL1: return MRS(par_el1);
	case CI_ELR_EL1: return MRS(elr_el1);
	case CI_SPSR_EL1: return MRS(spsr_el1);
	case CI_SP_EL0: return MRS(sp_el0);
	case CI_ACTLR_EL1: return MRS(actlr_el1);
	}
	return 0;
}

/*
 * The values, kept inside what each register may hold without changing
 * how this guest runs: its MMU stays off (TTBRs, TCR, MAIR are not used),
 * SCTLR_EL1 keeps M, C and I as they are and differs in bits that only
 * concern EL0 (UCT, UCI), VBAR_EL1 is 2 KiB aligned, CPACR_EL1 differs in
 * FPEN only, ESR_EL1/CONTEXTIDR_EL1/SPSR_EL1 are 32-bit registers here,
 * SP_EL0 is 16-byte aligned (this guest runs on SP_EL1).
 */
uint64_t ctx_value(unsigned vm, unsigned i)
{
	uint64_t v = GUEST_CTX_VALUE(vm, i);
	uint64_t s = greg_read(GI_SCTLR_EL1) & ~((UINT64_C(1) << 15) | (UINT64_C(1) << 26));

	switch (i) {
	case CI_TTBR0_EL1: case CI_TTBR1_EL1: return v & ~UINT64_C(1);
	case CI_TCR_EL1: return TCR_REAL | (vm ? (UINT64_C(1) << 37) | (UINT64_C(16) << 16) : UINT64_C(1) << 38);
	case CI_ESR_EL1: case CI_CONTEXTIDR_EL1: case CI_SPSR_EL1: return (uint32_t)v;
	case CI_SCTLR_EL1: return s | (vm ? UINT64_C(1) << 26 : UINT64_C(1) << 15);
	case CI_VBAR_EL1: return v & ~UINT64_C(0x7ff);
	case CI_CPACR_EL1: return vm ? UINT64_C(3) << 20 : UINT64_C(1) << 20;
	case CI_SP_EL0: return v & ~UINT64_C(0xf);
	default: return v;
	}
}

/* ---- GSCN_S2PERM ---- */

/* MOVZ W0, #GS2P_RET; RET. Data written as code: cleaned to the PoU and the I-cache line dropped (Arm ARM D7.5). */
void xcode_put(uint32_t *p)
{
	p[0] = 0x52800000u | (GS2P_RET << 5);
	p[1] = 0xd65f03c0u;
	__asm__ __volatile__("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb" :: "r"(p) : "memory");
}

/* ---- GSCN_EXC ---- */
const unsigned exc_cases = GEXC_A64_COUNT;

/* SCTLR_EL1.SPAN (bit 23, RES1 before ARMv8.1) cleared for GEXC_A64_SPAN0. */
uint64_t exc_sctlr_bits(unsigned c)
{
	return c == GEXC_A64_SPAN0 ? UINT64_C(1) << 23 : 0;
}

/* GSCN_BANKED is AArch32's (banked registers); guest_main refuses it here. */
uint64_t bank_case(unsigned k, uint32_t lo, uint32_t hi)
{
	(void)k;
	(void)lo;
	(void)hi;
	return 0;
}
