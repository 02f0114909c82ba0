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
	bool exit_eot;		/* a model that stops on EOT (0x04) on the UART: the last way out */
};

/* Each platform provides exactly one (platforms/<name>/platform.c). */
extern const struct platform_desc platform;

enum psci_conduit { PSCI_NONE, PSCI_SMC, PSCI_HVC };
enum exit_method { EXIT_DEFAULT, EXIT_SEMIHOST, EXIT_PSCI };

void exit_configure(enum exit_method m, enum psci_conduit c);
void platform_exit(int status) __noreturn;
bool exit_by_semihosting(void);

/*
 * EL3 shim hooks (boot/el3_psci.c has empty defaults): CPU 0's platform
 * setup at EL3, and PSCI SYSTEM_OFF / SYSTEM_RESET by the platform's
 * mechanism (they return only if it did not work).
 */
void platform_el3_init(void);
void platform_el3_system_off(void);
void platform_el3_system_reset(void);

/* Semihosting operations (Arm's semihosting specification) and the exit reason hyptest uses. */
#define SEMIHOST_SYS_OPEN		0x01
#define SEMIHOST_SYS_CLOSE		0x02
#define SEMIHOST_SYS_WRITE		0x05
#define SEMIHOST_SYS_SEEK		0x0a
#define SEMIHOST_SYS_FLEN		0x0c
#define SEMIHOST_SYS_EXIT_EXTENDED	0x20
#define SEMIHOST_OPEN_MODE_AB		9	/* fopen() mode "ab" */
#define ADP_STOPPED_APPLICATION_EXIT	0x20026

/* Arch hooks. */
intptr_t arch_semihost_call(unsigned op, uintptr_t *block);
void arch_semihost_exit(int status);
uint64_t arch_psci_call(enum psci_conduit c, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
void arch_halt(void) __noreturn;

#endif
