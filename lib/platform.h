/* SPDX-License-Identifier: MIT */
/* Platform description and the ways out: semihosting, PSCI SYSTEM_OFF, or a halt. */
#ifndef HYPTEST_PLATFORM_H
#define HYPTEST_PLATFORM_H

#include "lib/compiler.h"

struct platform_desc {
	const char *name;
	uint64_t early_uart;	/* PL011 used before the DT is read */
	/* Optional: make early_uart usable (pins, baud rate) where no firmware does; MMU off, loader only. */
	void (*uart_setup)(void);
};

/* Each platform provides exactly one (platforms/<name>/platform.c). */
extern const struct platform_desc platform;

enum psci_conduit { PSCI_NONE, PSCI_SMC, PSCI_HVC };
enum exit_method { EXIT_DEFAULT, EXIT_SEMIHOST, EXIT_PSCI };

void exit_configure(enum exit_method m, enum psci_conduit c);
void platform_exit(int status) __noreturn;

/* Arch hooks. */
void arch_semihost_exit(int status);
uint64_t arch_psci_call(enum psci_conduit c, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
void arch_halt(void) __noreturn;

#endif
