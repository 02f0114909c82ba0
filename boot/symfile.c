/* SPDX-License-Identifier: MIT */
/*
 * hyptest.elf booted by mistake. It is the payload's symbol file (linked at
 * 0, for gdb and the crash-dump symbolizer), not a bootable image: the
 * loader stub that places the payload is only in hyptest.bin (and in
 * hyptest-el3.elf, the same bytes as an ELF). symfile_entry (head.S) runs
 * this where an ELF loader put the file, MMU off: one error line saying
 * what to boot instead, then the exit the DT asks for, like any error.
 */
#include <stdio.h>
#include "lib/bootargs.h"
#include "lib/console.h"
#include "lib/dt.h"
#include "lib/platform.h"
#include "selftest/report.h"

#define DTB_MAX_SIZE	(UINT64_C(2) << 20)	/* the Linux boot protocol's limit, as the loader's */

#if HYPTEST_EL3_ELF
#define BOOT_INSTEAD	"hyptest.bin (-kernel, booti) or hyptest-el3.elf (an ELF)"
#else
#define BOOT_INSTEAD	"hyptest.bin (a zImage, -kernel)"
#endif

void symfile_main(uint64_t dtb_pa) __noreturn;

void symfile_main(uint64_t dtb_pa)
{
	const void *fdt;
	char err[BOOTARGS_ERR_MAX];
	struct bootargs ba;
	const char *why;

	console_init(platform.early_uart);
	setvbuf(stdout, NULL, _IONBF, 0);
	/* No boot protocol gives an ELF its DT: QEMU puts it where the EL3 entry finds it. */
	if (!dtb_pa)
		dtb_pa = PLATFORM_EL3_DTB;
	fdt = (const void *)(uintptr_t)dtb_pa;
	if (dtb_pa && !dt_check(fdt, DTB_MAX_SIZE, &why)) {
		/* exit= is read even when another token is bad; that one is not this boot's problem. */
		(void)bootargs_parse(dt_bootargs(fdt), &ba, err, sizeof(err));
		exit_configure(ba.exit == BA_EXIT_SEMIHOST ? EXIT_SEMIHOST :
			       ba.exit == BA_EXIT_PSCI ? EXIT_PSCI : EXIT_DEFAULT, dt_psci_conduit(fdt));
	}
	report_error("hyptest.elf is the symbol file (for gdb and crash dumps), not a bootable image: boot "
		     BOOT_INSTEAD);
}
