/* SPDX-License-Identifier: MIT */
/*
 * TLB maintenance, arm64: every TLBI sequence hyptest's C uses, each
 * written once. (The only others are the TLBI ALLE2 before the MMU is
 * turned on, in head.S and the secondary trampoline, which run before any C
 * can.) The stage-2 and ASID sequences have no caller yet: the guest
 * (stage 2, EL1&0) uses them. Callers have already made their descriptor stores visible (DSB
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

#include <stdint.h>

/* EL2 regime, one VA, all levels (walk-cache entries included). Xt = VA[55:12]. */
static inline void tlb_el2_va(uint64_t va)
{
#ifdef INJECT_TLB_LOCAL_ONLY
	__asm__ __volatile__("tlbi vae2, %0\n\tdsb nsh" :: "r"(va >> 12) : "memory");
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
 * Stage 2, one IPA of the current VMID (VTTBR_EL2.VMID): the IPA-tagged
 * entries, then the combined stage 1+2 entries that may have been built
 * from it (Arm ARM D8.13.5: TLBI IPAS2E1IS does not touch them).
 */
static inline void tlb_s2_ipa(uint64_t ipa)
{
	__asm__ __volatile__("tlbi ipas2e1is, %0\n\tdsb ish\n\ttlbi vmalle1is\n\tdsb ish"
			     :: "r"(ipa >> 12) : "memory");
}

/* Stage 1+2 of the current VMID, everything. */
static inline void tlb_vmid_all(void)
{
	__asm__ __volatile__("tlbi vmalls12e1is\n\tdsb ish" ::: "memory");
}

/* EL1&0 stage 1, one ASID of the current VMID. Xt[63:48] = ASID. */
static inline void tlb_el1_asid(uint64_t asid)
{
	__asm__ __volatile__("tlbi aside1is, %0\n\tdsb ish" :: "r"(asid << 48) : "memory");
}

#endif
