/* SPDX-License-Identifier: MIT */
/*
 * The guest.* / sysreg.* test bodies (selftest/test_guest.c), each run for
 * one guest image: test_guest.c has the tests of the AArch32 guest, which
 * both arches run, and test_guest_a64.c those of the AArch64 guest, which
 * only an AArch64 hypervisor can run.
 */
#ifndef HYPTEST_GUEST_TESTS_H
#define HYPTEST_GUEST_TESTS_H

#include "guest/vm.h"

/* VM n set up for img's scenario scn(arg); SKIPs when this CPU cannot run img, FAILs if it cannot be built. */
struct vm *prepare(unsigned n, const struct guest_image *img, unsigned long scn, unsigned long arg,
		   const struct vm_opts *opts);
/* FAIL unless the guest finished with status 0. */
void finished(const struct vm *vm);
/* VM 0 prepared and run to its end. */
struct vm *run(const struct guest_image *img, unsigned long scn, unsigned long arg, const struct vm_opts *opts);
/* The value the guest reported for key; FAIL if none. */
uint64_t rep(const struct vcpu *v, unsigned key);

void passthrough(const struct guest_image *img, unsigned i);
void boot_guest(const struct guest_image *img);
void stage2_isolation(const struct guest_image *img);
void undef(const struct guest_image *img);
void mmu_order(const struct guest_image *img, unsigned order);
void watchdog_in_guest(const struct guest_image *img);
/* The contract tests (selftest/test_guest_contract.c). */
void context_switch(const struct guest_image *ia, const struct guest_image *ib);
void stage2_perms(const struct guest_image *img);
void undef_entry(const struct guest_image *img);

#endif
