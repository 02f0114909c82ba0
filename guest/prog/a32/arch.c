/* SPDX-License-Identifier: MIT */
/* The AArch32 guest's cp15 registers and its LPAE stage-1 tables. */
#include "guest/prog/guest.h"

#define GREG_IDX(i, name) GI_##name = i,
enum { GUEST_REGS_A32(GREG_IDX) };

const unsigned greg_count = GUEST_NREGS_A32;
const unsigned greg_contextidr = GI_CONTEXTIDR;
const uint64_t sctlr_m = 1u << 0, sctlr_c = 1u << 2, sctlr_i = 1u << 12;

/* Written by the vectors in start.S: LR and SPSR of Undefined, then of Abort mode. */
volatile uint32_t exc_block[4];

/* MCR/MRC p15, opc1, Rt, CRn, CRm, opc2 and MCRR/MRRC p15, opc1, Rt, Rt2, CRm. */
#define ENC_SCTLR	"0, %0, c1, c0, 0"
#define ENC_TTBR0	"0, %0, c2, c0, 0"
#define ENC_TTBR1	"0, %0, c2, c0, 1"
#define ENC_TTBCR	"0, %0, c2, c0, 2"
#define ENC_DACR	"0, %0, c3, c0, 0"
#define ENC_DFSR	"0, %0, c5, c0, 0"
#define ENC_IFSR	"0, %0, c5, c0, 1"
#define ENC_ADFSR	"0, %0, c5, c1, 0"
#define ENC_AIFSR	"0, %0, c5, c1, 1"
#define ENC_DFAR	"0, %0, c6, c0, 0"
#define ENC_IFAR	"0, %0, c6, c0, 2"
#define ENC_MAIR0	"0, %0, c10, c2, 0"
#define ENC_MAIR1	"0, %0, c10, c2, 1"
#define ENC_AMAIR0	"0, %0, c10, c3, 0"
#define ENC_AMAIR1	"0, %0, c10, c3, 1"
#define ENC_CONTEXTIDR	"0, %0, c13, c0, 1"
#define ENC_TTBR0_64	"0, %Q0, %R0, c2"
#define ENC_TTBR1_64	"1, %Q0, %R0, c2"




#define GREG_WRITE(i, name)                                                   \
	case i:                                                               \
		if (i >= GI_TTBR0_64)                                         \
			__asm__ __volatile__("mcrr p15, " ENC_##name "\n\tisb" :: "r"(v) : "memory"); \
		else                                                          \
			__asm__ __volatile__("mcr p15, " ENC_##name "\n\tisb" :: "r"((uint32_t)v) : "memory"); \
		break;
#define GREG_READ(i, name)                                                    \
	case i:                                                               \
		if (i >= GI_TTBR0_64) {                                       \
			uint64_t r_;                                          \
			__asm__ __volatile__("mrrc p15, " ENC_##name : "=r"(r_) :: "memory"); \
			return r_;                                            \
		} else {                                                      \
			uint32_t r_;                                          \
			__asm__ __volatile__("mrc p15, " ENC_##name : "=r"(r_) :: "memory"); \
			return r_;                                            \
		}

void greg_write(unsigned i, uint64_t v)
{
	switch (i) {
	GUEST_REGS_A32(GREG_WRITE)
	}
}

uint64_t greg_read(unsigned i)
{
	switch (i) {
	GUEST_REGS_A32(GREG_READ)
	}
	return 0;
}

void exc_last(uint64_t *cls, uint64_t *pc)
{
	if (exc_block[0]) {		/* Undefined: offset 0x04, LR = instruction + 4 */
		*cls = 0x04;
		*pc = exc_block[0] - 4;
		ghvc(GHVC_REPORT, GK_EXC_SPSR, exc_block[1]);	/* SPSR_und as SRS stored it */
	} else if (exc_block[2]) {	/* Data Abort: offset 0x10, LR = instruction + 8 */
		*cls = 0x10;
		*pc = exc_block[2] - 8;
	}
}

/*
 * LPAE stage 1 (TTBCR.EAE = 1, T0SZ = 0): the walk starts at level 1,
 * four 1 GiB blocks. 0: Device (UART), 1: RAM identity, 2: the RAM alias.
 * MAIR0: attr 0 Device-nGnRnE, attr 1 Normal WB.
 */
static uint64_t l1[4] __attribute__((aligned(4096)));
#define BLOCK(pa, attr) ((uint64_t)(pa) | (1u << 10) | (3u << 8) | ((attr) << 2) | 1u)
#define TTBCR_REAL	0x80803500u	/* EAE, EPD1, SH0 inner, ORGN0/IRGN0 WBWA */
#define MAIR0_REAL	0x0000ff00u

/* With TTBCR.EAE = 1 and A1 = 0 the current ASID is TTBR0[55:48] (DDI 0406C B4.1.155). */
void ttbr0_asid(const uint64_t *root, uint64_t asid)
{
	uint64_t v = (uintptr_t)root | (asid << 48);

	__asm__ __volatile__("mcrr p15, 0, %Q0, %R0, c2\n\tisb" :: "r"(v) : "memory");
}

void mmu_prepare(void)
{
	l1[0] = BLOCK(0, 0) | (1ull << 54);
	l1[1] = BLOCK(GUEST_RAM_IPA, 1);
	l1[2] = BLOCK(GUEST_RAM_IPA, 1);
	asid_tables(l1);
	__asm__ __volatile__("dsb sy" ::: "memory");
	gwrite(GI_MAIR0, MAIR0_REAL);
	gwrite(GI_MAIR1, 0);
	gwrite(GI_TTBCR, TTBCR_REAL);
	gwrite(GI_TTBR0_64, (uintptr_t)l1);
	/* TLBIALL */
	__asm__ __volatile__("mcr p15, 0, %0, c8, c7, 0\n\tdsb\n\tisb" :: "r"(0) : "memory");
}


uint64_t greg_pattern(unsigned i, unsigned n)
{
	static const uint32_t any[3] = { 0x12345678u, 0x9abcdef0u, 0x0f0f0f0fu };

	switch (i) {
	case GI_SCTLR:		/* + I, then CP15BEN flipped (the MMU stays on) */
		return greg_read(i) ^ (n == 0 ? 0 : n == 1 ? sctlr_i : 1u << 5);
	case GI_TTBR0:		/* step 2: the table's address again */
		return n < 2 ? 0x40004000u * (n + 1) : (uint32_t)(uintptr_t)l1;
	case GI_TTBCR:		/* short-descriptor, then LPAE; step 2 changes T1SZ only (EPD1 is set) */
		return n == 0 ? 2 : n == 1 ? TTBCR_REAL : TTBCR_REAL | (1u << 16);
	case GI_DACR:
		return n == 0 ? 0x55555555u : n == 1 ? 0xffffffffu : 0x5555aaaau;
	case GI_CONTEXTIDR:
		return 0x2000u + n;
	case GI_MAIR0:		/* step 2 keeps attrs 0 and 1 */
		return n < 2 ? any[n] : MAIR0_REAL | 0x440000u;
	case GI_TTBR0_64:
		return n < 2 ? (0x12ull << 48) | (0x40004000u * (n + 1)) : (uintptr_t)l1 | (0x56ull << 48);
	case GI_TTBR1_64:
		return (0x34ull << 48) | (0x40005000u * (n + 1));
	default:
		return any[n];
	}
}

uint64_t counter_now(void)
{
	uint64_t v;

	/* CNTVCT: MRRC p15, 1, Rt, Rt2, c14 (the ISB orders the read after earlier code). */
	__asm__ __volatile__("isb\n\tmrrc p15, 1, %Q0, %R0, c14" : "=r"(v) :: "memory");
	return v;
}

uint64_t counter_freq(void)
{
	uint32_t v;

	__asm__ __volatile__("mrc p15, 0, %0, c14, c0, 0" : "=r"(v));	/* CNTFRQ */
	return v;
}

const unsigned greg_ttbr1_64 = GI_TTBR1_64;

/* ---- GSCN_CONTEXT: GUEST_CTX_A32 ---- */
#define CTX_IDX(i, name) CI_##name = i,
enum { GUEST_CTX_A32(CTX_IDX) };
const unsigned ctx_count = GUEST_CTX_A32_COUNT;
const unsigned ctx_spsr = CI_SPSR_svc;

/*
 * The banked registers of the other modes (and SPSR_svc, this mode's own)
 * by MRS/MSR (banked register), which PL1 may use for any mode but its own
 * (DDI 0406C B9.3.9, B9.3.12; SPSR_svc through the plain MRS/MSR SPSR).
 */
#define BANKED_CASES(X)                                                       \
	X(SP_usr, SP_usr) X(LR_usr, LR_usr) X(SP_irq, SP_irq) X(LR_irq, LR_irq) \
	X(SPSR_irq, SPSR_irq) X(SP_abt, SP_abt) X(LR_abt, LR_abt)             \
	X(SPSR_abt, SPSR_abt) X(SP_und, SP_und) X(LR_und, LR_und)             \
	X(SPSR_und, SPSR_und) X(R8_fiq, r8_fiq) X(R9_fiq, r9_fiq)             \
	X(R10_fiq, r10_fiq) X(R11_fiq, r11_fiq) X(R12_fiq, r12_fiq)           \
	X(SP_fiq, SP_fiq) X(LR_fiq, LR_fiq) X(SPSR_fiq, SPSR_fiq)
#define BANKED_WRITE(ci, reg) case CI_##ci: __asm__ __volatile__("msr " #reg ", %0" :: "r"(w) : "memory"); break;
#define BANKED_READ(ci, reg) case CI_##ci: __asm__ __volatile__("mrs %0, " #reg : "=r"(r) :: "memory"); return r;

#define CP_WRITE(enc, v) __asm__ __volatile__("mcr p15, " enc :: "r"((uint32_t)(v)) : "memory")
#define CP_READ(enc) ({ uint32_t r_; __asm__ __volatile__("mrc p15, " enc : "=r"(r_) :: "memory"); r_; })
#define ENC_VBAR	"0, %0, c12, c0, 0"
#define ENC_TPIDRURW	"0, %0, c13, c0, 2"
#define ENC_TPIDRURO	"0, %0, c13, c0, 3"
#define ENC_TPIDRPRW	"0, %0, c13, c0, 4"
#define ENC_CPACR	"0, %0, c1, c0, 2"

/* The VM-control registers go through gwrite (trapped while DC/TVM are set); the rest are written directly. */
void ctx_write(unsigned i, uint64_t v)
{
	uint32_t w = (uint32_t)v;

	switch (i) {
	case CI_TTBR0_64: gwrite(GI_TTBR0_64, v); break;
	case CI_TTBR1_64: gwrite(GI_TTBR1_64, v); break;
	case CI_TTBCR: gwrite(GI_TTBCR, v); break;
	case CI_DACR: gwrite(GI_DACR, v); break;
	case CI_DFSR: gwrite(GI_DFSR, v); break;
	case CI_IFSR: gwrite(GI_IFSR, v); break;
	case CI_ADFSR: gwrite(GI_ADFSR, v); break;
	case CI_AIFSR: gwrite(GI_AIFSR, v); break;
	case CI_DFAR: gwrite(GI_DFAR, v); break;
	case CI_IFAR: gwrite(GI_IFAR, v); break;
	case CI_MAIR0: gwrite(GI_MAIR0, v); break;
	case CI_MAIR1: gwrite(GI_MAIR1, v); break;
	case CI_AMAIR0: gwrite(GI_AMAIR0, v); break;
	case CI_AMAIR1: gwrite(GI_AMAIR1, v); break;
	case CI_CONTEXTIDR: gwrite(GI_CONTEXTIDR, v); break;
	case CI_SCTLR: gwrite(GI_SCTLR, v); break;
	case CI_VBAR: CP_WRITE(ENC_VBAR, w); break;
	case CI_TPIDRURW: CP_WRITE(ENC_TPIDRURW, w); break;
	case CI_TPIDRURO: CP_WRITE(ENC_TPIDRURO, w); break;
	case CI_TPIDRPRW: CP_WRITE(ENC_TPIDRPRW, w); break;
	case CI_CPACR: CP_WRITE(ENC_CPACR, w); break;
	case CI_PAR64: __asm__ __volatile__("mcrr p15, 0, %Q0, %R0, c7" :: "r"(v) : "memory"); break;
	case CI_SPSR_svc: __asm__ __volatile__("msr spsr_fsxc, %0" :: "r"(w) : "memory"); break;
	BANKED_CASES(BANKED_WRITE)
	}
	__asm__ __volatile__("isb" ::: "memory");
}

uint64_t ctx_read(unsigned i)
{
	uint32_t r;
	uint64_t r64;

	switch (i) {
	case CI_VBAR: return CP_READ(ENC_VBAR);
	case CI_TPIDRURW: return CP_READ(ENC_TPIDRURW);
	case CI_TPIDRURO: return CP_READ(ENC_TPIDRURO);
	case CI_TPIDRPRW: return CP_READ(ENC_TPIDRPRW);
	case CI_CPACR: return CP_READ(ENC_CPACR);
	case CI_PAR64:
		__asm__ __volatile__("mrrc p15, 0, %Q0, %R0, c7" : "=r"(r64) :: "memory");
		return r64;
	case CI_SPSR_svc:
		__asm__ __volatile__("mrs %0, spsr" : "=r"(r) :: "memory");
		return r;
	BANKED_CASES(BANKED_READ)
	case CI_TTBR0_64: return greg_read(GI_TTBR0_64);
	case CI_TTBR1_64: return greg_read(GI_TTBR1_64);
	case CI_TTBCR: return greg_read(GI_TTBCR);
	case CI_DACR: return greg_read(GI_DACR);
	case CI_DFSR: return greg_read(GI_DFSR);
	case CI_IFSR: return greg_read(GI_IFSR);
	case CI_ADFSR: return greg_read(GI_ADFSR);
	case CI_AIFSR: return greg_read(GI_AIFSR);
	case CI_DFAR: return greg_read(GI_DFAR);
	case CI_IFAR: return greg_read(GI_IFAR);
	case CI_MAIR0: return greg_read(GI_MAIR0);
	case CI_MAIR1: return greg_read(GI_MAIR1);
	case CI_AMAIR0: return greg_read(GI_AMAIR0);
	case CI_AMAIR1: return greg_read(GI_AMAIR1);
	case CI_CONTEXTIDR: return greg_read(GI_CONTEXTIDR);
	case CI_SCTLR: return greg_read(GI_SCTLR);
	}
	return 0;
}

/*
 * The values, kept inside what each register may hold without changing
 * how this guest runs: its MMU stays off; SCTLR keeps M, C and the rest
 * and differs in I and CP15BEN (the guest's barriers are the ARMv7
 * instructions, not the CP15 operations CP15BEN gates); the TTBRs keep
 * their RES0 bits clear; VBAR is 32-byte aligned; CPACR differs in the
 * cp10/cp11 access fields only. Everything else takes any 32-bit value.
 */
uint64_t ctx_value(unsigned vm, unsigned i)
{
	uint64_t v = GUEST_CTX_VALUE(vm, i);
	uint32_t s = (uint32_t)greg_read(GI_SCTLR) & ~((1u << 12) | (1u << 5));

	switch (i) {
	case CI_TTBR0_64: case CI_TTBR1_64: return v & UINT64_C(0x00ff00ffffffff80);
	case CI_TTBCR: return vm ? TTBCR_REAL : 2;
	case CI_SCTLR: return s | (vm ? 1u << 12 : 1u << 5);
	case CI_VBAR: return (uint32_t)v & ~0x1fu;
	case CI_CPACR: return vm ? 0xfu << 20 : 0x5u << 20;
	case CI_PAR64: return v;
	default: return (uint32_t)v;
	}
}

/* ---- GSCN_S2PERM ---- */

/*
 * MOVW r0, #GS2P_RET; MOV r1, #0; BX lr. Data written as code: DCCMVAU
 * and ICIMVAU by address (DDI 0406C B2.2.7, "Ordering of cache and branch
 * predictor maintenance operations"), then the barriers.
 */
void xcode_put(uint32_t *p)
{
	p[0] = 0xe3000000u | ((GS2P_RET >> 12) << 16) | (GS2P_RET & 0xfff);
	p[1] = 0xe3a01000u;
	p[2] = 0xe12fff1eu;
	__asm__ __volatile__("mcr p15, 0, %0, c7, c11, 1\n\tdsb\n\tmcr p15, 0, %0, c7, c5, 1\n\tdsb\n\tisb"
			     :: "r"(p) : "memory");
}

/* ---- GSCN_EXC ---- */
const unsigned exc_cases = GEXC_A32_COUNT;

/* SCTLR.TE (bit 30, 0 at reset): exceptions are taken in T32 state; SCTLR.EE (bit 25, 0): with CPSR.E = 1. */
uint64_t exc_sctlr_bits(unsigned c)
{
	return c == GEXC_A32_TE ? UINT64_C(1) << 30 : c == GEXC_A32_EE ? UINT64_C(1) << 25 : 0;
}
