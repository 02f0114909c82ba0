/* SPDX-License-Identifier: MIT */
/* boot.*: the state the boot path left, read back from the hardware and the DT. */
#include <libfdt.h>
#include "selftest/selftest.h"
#include "boot/boot.h"
#include "lib/sysreg.h"
#include "lib/dt.h"
#include "mm/layout.h"

/* We run at EL2, with HCR_EL2 as the boot code meant to set it and the MMU on. */
TEST_FLAGS(boot, el2, TEST_EARLY)
{
	uint64_t el = (READ_SYSREG(CurrentEL) >> CURRENTEL_EL_SHIFT) & CURRENTEL_EL_MASK;

	ASSERT_EQ(el, 2);
	ASSERT_EQ(READ_SYSREG(hcr_el2), boot.hcr_written);
	ASSERT_EQ(READ_SYSREG(hcr_el2) & HCR_EL2_E2H, 0);
	ASSERT_TRUE(READ_SYSREG(sctlr_el2) & SCTLR_EL2_M);
	ASSERT_EQ(READ_SYSREG(vbar_el2) & VBAR_RES0_MASK, 0);
}

/* The DTB is valid, describes RAM that holds the image, and names our console UART. */
TEST_FLAGS(boot, dtb, TEST_EARLY)
{
	struct mem_range mem[16];
	uint64_t image = boot_mm.image_pa;
	bool inside = false;
	int n;

	ASSERT_TRUE(boot.fdt != NULL);
	ASSERT_EQ(fdt_check_header(boot.fdt), 0);
	n = dt_memory(boot.fdt, mem, (int)ARRAY_SIZE(mem));
	if (n <= 0)
		FAIL("no /memory range in the DT");
	for (int i = 0; i < n; i++)
		inside |= image >= mem[i].base && image - mem[i].base < mem[i].size;
	if (!inside)
		FAIL("image PA 0x%lx is in no /memory range", (unsigned long)image);
	if (!boot.uart_found)
		FAIL("no console UART in the DT: %s", boot.uart_why);
	ASSERT_NE(boot.uart_base, 0);
	ASSERT_TRUE(boot.cpus >= 1);
}
