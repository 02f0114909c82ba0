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
