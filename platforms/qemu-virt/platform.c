/* SPDX-License-Identifier: MIT */
/* Description of the QEMU virt platform, and its power controls for the EL3 shim (secure=on). */
#include "lib/platform.h"

const struct platform_desc platform = {
	.name = "qemu-virt",
	.early_uart = PLATFORM_EARLY_UART,
};

/*
 * With secure=on QEMU adds a Secure-only PL061 GPIO at 0x090b0000 wired to
 * its power controller; the DT it generates names the lines in
 * /gpio-poweroff (gpios = <&gpio 0 0>: pin 0, active high) and
 * /gpio-restart (pin 1), both secure-status = "okay". A rising line does
 * it. PL061 (DDI 0190): GPIODIR at 0x400 makes a pin an output; GPIODATA
 * is written through an address mask, bits [9:2] of the offset selecting
 * the pins the write may change, so pin n is written at (1 << n) << 2.
 */
#define SECURE_GPIO		UINT64_C(0x090b0000)
#define PL061_GPIODIR		0x400
#define GPIO_PIN_POWEROFF	0
#define GPIO_PIN_RESET		1

static void secure_gpio_raise(unsigned pin)
{
	volatile uint32_t *dir = (volatile uint32_t *)(uintptr_t)(SECURE_GPIO + PL061_GPIODIR);
	volatile uint32_t *data = (volatile uint32_t *)(uintptr_t)(SECURE_GPIO + ((UINT64_C(1) << pin) << 2));

	*data = 0;
	*dir |= 1u << pin;
	*data = 1u << pin;
}

void platform_el3_system_off(void)
{
	secure_gpio_raise(GPIO_PIN_POWEROFF);
}

void platform_el3_system_reset(void)
{
	secure_gpio_raise(GPIO_PIN_RESET);
}
