/* SPDX-License-Identifier: MIT */
/* Description of the Arm Base FVP, and what the EL3 shim does there: start the system counter, power off or reset. */
#include "lib/platform.h"

const struct platform_desc platform = {
	.name = "fvp-base",
	.early_uart = PLATFORM_EARLY_UART,
	.exit_eot = true,	/* bp.pl011_uart0.shutdown_on_eot=1 */
};

static void mmio_write32(uint64_t addr, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)addr = v;
}

/*
 * The memory-mapped system counter's control frame (CNTControlBase, Arm ARM
 * I2.3): CNTCR.EN (bit 0) starts the count every CPU's CNTPCT_EL0 reads;
 * HDBG (bit 1) lets it halt in debug. On the Base FVP it sits at
 * 0x2a430000 and does not run until firmware enables it (or the model is
 * started with bp.refcounter.non_arch_start_at_default=1).
 */
#define SYS_CNTCTL		UINT64_C(0x2a430000)
#define CNTCR_EN		(1u << 0)
#define CNTCR_HDBG		(1u << 1)

void platform_el3_init(void)
{
	mmio_write32(SYS_CNTCTL, CNTCR_EN | CNTCR_HDBG);
}

/*
 * Versatile Express system registers (V2M-P1 motherboard, as the FVP
 * models them) at 0x1c010000: a write of START | WRITE | FUNCTION to
 * SYS_CFGCTRL (0xa4) asks the motherboard controller for function 8
 * (shutdown) or 9 (reboot); the model acts on it with
 * bp.ve_sysregs.exit_on_shutdown=1. SYSTEM_OFF sends EOT (0x04) on UART0
 * first: with bp.pl011_uart0.shutdown_on_eot=1 that alone ends the model.
 */
#define V2M_SYSREGS		UINT64_C(0x1c010000)
#define V2M_SYS_CFGCTRL		0xa4
#define V2M_SYS_CFGSTAT		0xa8
#define CFGCTRL_START		(1u << 31)
#define CFGCTRL_WRITE		(1u << 30)
#define CFGCTRL_FUNC_SHIFT	20
#define V2M_FUNC_SHUTDOWN	8u
#define V2M_FUNC_REBOOT		9u
#define PL011_DR		0x00
#define PL011_FR		0x18
#define PL011_FR_TXFF		(1u << 5)

static void v2m_cfg(unsigned func)
{
	mmio_write32(V2M_SYSREGS + V2M_SYS_CFGSTAT, 0);
	mmio_write32(V2M_SYSREGS + V2M_SYS_CFGCTRL, CFGCTRL_START | CFGCTRL_WRITE | (func << CFGCTRL_FUNC_SHIFT));
}

void platform_el3_system_off(void)
{
	volatile uint32_t *fr = (volatile uint32_t *)(uintptr_t)(PLATFORM_EARLY_UART + PL011_FR);

	while (*fr & PL011_FR_TXFF)
		;
	mmio_write32(PLATFORM_EARLY_UART + PL011_DR, 0x04);
	v2m_cfg(V2M_FUNC_SHUTDOWN);
}

void platform_el3_system_reset(void)
{
	v2m_cfg(V2M_FUNC_REBOOT);
}
