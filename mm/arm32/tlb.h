/* SPDX-License-Identifier: MIT */
/*
 * TLB maintenance, arm32 (HYP mode): every TLB sequence hyptest's C uses,
 * each written once, with the same names and contracts as mm/arm64/tlb.h.
 * (The only others are the TLBIALLH before the MMU is turned on, in head.S
 * and the secondary trampoline.) Callers have made their descriptor stores
 * visible (DSB ISHST, arch_pte_publish); each sequence ends with the DSB
 * that waits for the invalidation to complete (DDI 0406C B3.10.1 "General
 * TLB maintenance requirements", B3.18.7 "TLB maintenance operations"); the
 * caller issues the ISB once it has written the new entry, if any.
 *
 * Scope: TLBIMVAH/TLBIALLH act on this CPU only (DSB NSH); the IS forms are
 * broadcast to the Inner Shareable domain (DSB ISH). The tlb-local-only knob
 * uses a local one where other CPUs may hold the entry.
 */
#ifndef HYPTEST_ARM32_TLB_H
#define HYPTEST_ARM32_TLB_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/arm32/sysreg.h"

/* Hyp regime, one VA (TLBIMVAH: Rt = MVA[31:12], bits 11:0 ignored), all levels. */
static inline void tlb_el2_va(uint64_t va)
{
#ifdef INJECT_TLB_LOCAL_ONLY
	CP32_OP_WRITE(TLBIMVAH, va & ~UINT64_C(0xfff));
	dsb(nsh);
#elif defined(INJECT_SEQ_TLBI_NO_DSB_C)
	CP32_OP_WRITE(TLBIMVAHIS, va & ~UINT64_C(0xfff));	/* knob: no DSB (QEMU cannot tell) */
#else
	CP32_OP_WRITE(TLBIMVAHIS, va & ~UINT64_C(0xfff));
	dsb(ish);
#endif
}

static inline void tlb_el2_va_local(uint64_t va)
{
	CP32_OP_WRITE(TLBIMVAH, va & ~UINT64_C(0xfff));
	dsb(nsh);
}

/* Hyp regime, everything (the register's value is ignored). */
static inline void tlb_el2_all(void)
{
#ifdef INJECT_TLB_LOCAL_ONLY
	CP32_OP_WRITE(TLBIALLH, 0);
	dsb(nsh);
#else
	CP32_OP_WRITE(TLBIALLHIS, 0);
	dsb(ish);
#endif
}

static inline void tlb_el2_all_local(void)
{
	CP32_OP_WRITE(TLBIALLH, 0);
	dsb(nsh);
}

/*
 * Stage 2 of one VMID. ARMv7 has no invalidation by IPA: TLBIALL(IS), run
 * with the VMID in VTTBR, drops the stage 1 and stage 2 entries of that VMID
 * (B4.2.2 "TLB maintenance operations, ... Non-secure PL1&0"), so it serves
 * both the one-IPA and the whole-table case. The previous VTTBR goes back.
 */
#define TLBIALLIS	0, c8, c3, 0
#define TLBIALL		0, c8, c7, 0
static inline void tlb_s2(uint64_t vttbr, uint64_t ipa, bool all, bool local)
{
	uint64_t old = READ_SYSREG(vttbr_el2);

	(void)ipa;
	(void)all;
	WRITE_SYSREG(vttbr_el2, vttbr);
#ifndef INJECT_SEQ_VTTBR_NO_ISB		/* knob: the TLBI below may still see the old VMID (QEMU cannot tell) */
	isb();
#endif
	if (local) {
		CP32_OP_WRITE(TLBIALL, 0);
		dsb(nsh);
	} else {
		CP32_OP_WRITE(TLBIALLIS, 0);
		dsb(ish);
	}
	WRITE_SYSREG(vttbr_el2, old);
	isb();
}

/*
 * PL1&0 stage 1, one ASID of the current VMID (a guest's, while its exit is
 * handled): TLBIASIDIS, executed in Hyp mode, acts on the VMID in VTTBR
 * (B4.2.2); Rt[7:0] = ASID.
 */
#define TLBIASIDIS	0, c8, c3, 2
static inline void tlb_el1_asid(uint64_t asid)
{
	CP32_OP_WRITE(TLBIASIDIS, asid & 0xff);
	dsb(ish);
}

#endif
