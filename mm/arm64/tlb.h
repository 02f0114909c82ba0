/* SPDX-License-Identifier: MIT */
/*
 * TLB maintenance, arm64: every TLBI sequence hyptest's C uses, each
 * written once. (The only others are the TLBI ALLE2 before the MMU is
 * turned on, in head.S and the secondary trampoline, which run before any C
 * can.) The stage-2 sequence is the one
 * every guest stage-2 change uses (mm/stage2.c through mm/pgtable.c). Callers have already made their descriptor stores visible (DSB
 * ISHST, see arch_pte_publish); each sequence ends with the DSB that waits
 * for the invalidation to complete (Arm ARM D8.13 "TLB maintenance
 * instructions", D8.14 "Using break-before-make"). The caller issues the ISB
 * (Arm ARM D8.14.1, step 5) once it has written the new entry, if any.
 *
 * Scope: "local" sequences (no IS suffix, DSB NSH) affect this CPU only; the
 * others are broadcast to the inner-shareable domain (DSB ISH). Using a
 * local one where other CPUs may hold the entry leaves them stale: the
 * tlb-local-only knob reproduces that.
 */
#ifndef HYPTEST_ARM64_TLB_H
#define HYPTEST_ARM64_TLB_H

#include <stdbool.h>
#include <stdint.h>

/* EL2 regime, one VA, all levels (walk-cache entries included). Xt = VA[55:12]. */
static inline void tlb_el2_va(uint64_t va)
{
#ifdef INJECT_TLB_LOCAL_ONLY
	__asm__ __volatile__("tlbi vae2, %0\n\tdsb nsh" :: "r"(va >> 12) : "memory");
#elif defined(INJECT_SEQ_TLBI_NO_DSB_C)
	__asm__ __volatile__("tlbi vae2is, %0" :: "r"(va >> 12) : "memory");	/* knob: no DSB (QEMU cannot tell) */
#else
	__asm__ __volatile__("tlbi vae2is, %0\n\tdsb ish" :: "r"(va >> 12) : "memory");
#endif
}

static inline void tlb_el2_va_local(uint64_t va)
{
	__asm__ __volatile__("tlbi vae2, %0\n\tdsb nsh" :: "r"(va >> 12) : "memory");
}

/* EL2 regime, everything. */
static inline void tlb_el2_all(void)
{
#ifdef INJECT_TLB_LOCAL_ONLY
	__asm__ __volatile__("tlbi alle2\n\tdsb nsh" ::: "memory");
#else
	__asm__ __volatile__("tlbi alle2is\n\tdsb ish" ::: "memory");
#endif
}

static inline void tlb_el2_all_local(void)
{
	__asm__ __volatile__("tlbi alle2\n\tdsb nsh" ::: "memory");
}

/*
 * Stage 2 of one VMID. The stage-2 TLBIs act on the VMID in VTTBR_EL2
 * (Arm ARM D8.13.5, "TLB maintenance instructions that apply to the current
 * VMID"), so the table's own VTTBR value is loaded first and the ISB makes
 * the TLBI see it; the previous value is put back afterwards. One IPA:
 * TLBI IPAS2E1(IS) drops the stage-2-only entries for Xt[35:0] = IPA[47:12];
 * it does not drop combined stage 1+2 entries built from that IPA, so a
 * TLBI VMALLE1(IS) follows, after a DSB that orders it behind the first
 * (the sequence the Arm ARM gives for a stage-2 change, D8.14.3 / K11).
 * All: TLBI VMALLS12E1(IS) drops stage 1 and 2 of the VMID at once.
 */
static inline void tlb_s2(uint64_t vttbr, uint64_t ipa, bool all, bool local)
{
	uint64_t old = 0;

	(void)old;	/* only read by the asm (the host tests record the text) */
#ifdef INJECT_SEQ_VTTBR_NO_ISB
	/* Knob: the TLBI below may still see the old VMID (QEMU cannot tell). */
	__asm__ __volatile__("mrs %0, vttbr_el2\n\tmsr vttbr_el2, %1"
			     : "=&r"(old) : "r"(vttbr) : "memory");
#else
	__asm__ __volatile__("mrs %0, vttbr_el2\n\tmsr vttbr_el2, %1\n\tisb"
			     : "=&r"(old) : "r"(vttbr) : "memory");
#endif
	if (all && local)
		__asm__ __volatile__("tlbi vmalls12e1\n\tdsb nsh" ::: "memory");
	else if (all)
		__asm__ __volatile__("tlbi vmalls12e1is\n\tdsb ish" ::: "memory");
	else if (local)
		__asm__ __volatile__("tlbi ipas2e1, %0\n\tdsb nsh\n\ttlbi vmalle1\n\tdsb nsh"
				     :: "r"(ipa >> 12) : "memory");
	else
		__asm__ __volatile__("tlbi ipas2e1is, %0\n\tdsb ish\n\ttlbi vmalle1is\n\tdsb ish"
				     :: "r"(ipa >> 12) : "memory");
	__asm__ __volatile__("msr vttbr_el2, %0\n\tisb" :: "r"(old) : "memory");
}

/* EL1&0 stage 1, one ASID of the current VMID (a guest's, while its exit is handled). Xt[63:48] = ASID. */
static inline void tlb_el1_asid(uint64_t asid)
{
	__asm__ __volatile__("tlbi aside1is, %0\n\tdsb ish" :: "r"(asid << 48) : "memory");
}

#endif
