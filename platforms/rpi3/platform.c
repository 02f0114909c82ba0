/* SPDX-License-Identifier: MIT */
/*
 * Description of the Raspberry Pi 3 Model B platform, and its console setup:
 * the firmware leaves UART0 (PL011) on the Bluetooth module and GPIO 14/15
 * on the mini UART, so the loader moves the pins and sets the line itself.
 * Register facts from the BCM2835 ARM Peripherals manual (GPIO, PL011
 * sections) and the PL011 TRM; MMU off, so every access is Device memory.
 */
#include "lib/platform.h"

#define GPIO_BASE	UINT64_C(0x3f200000)
#define GPFSEL1		0x04		/* function select, GPIO 10-19, 3 bits each */
#define GPPUD		0x94		/* pull-up/down control */
#define GPPUDCLK0	0x98		/* pull-up/down clock, GPIO 0-31 */
#define GPFSEL_MASK	UINT32_C(7)
#define GPFSEL_ALT0	UINT32_C(4)	/* GPIO 14/15 ALT0: UART0 TXD0/RXD0 */
#define GPFSEL1_SHIFT(gpio)	(((gpio) - 10) * 3)

#define PL011_IBRD	0x24
#define PL011_FBRD	0x28
#define PL011_LCRH	0x2c
#define PL011_CR	0x30
#define PL011_ICR	0x44
#define PL011_FR	0x18
#define PL011_FR_BUSY	(UINT32_C(1) << 3)
#define PL011_LCRH_FEN	(UINT32_C(1) << 4)
#define PL011_LCRH_WLEN8 (UINT32_C(3) << 5)
#define PL011_CR_UARTEN	(UINT32_C(1) << 0)
#define PL011_CR_TXE	(UINT32_C(1) << 8)
#define PL011_CR_RXE	(UINT32_C(1) << 9)
/*
 * 115200 baud from the 48 MHz UART clock the firmware sets by default
 * (config.txt init_uart_clock=48000000): divisor 48e6 / (16 * 115200) =
 * 26.042, integer 26, fraction round(0.042 * 64) = 3.
 */
#define UART_IBRD	26
#define UART_FBRD	3

static void wr(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)a = v;
}

static uint32_t rd(uint64_t a)
{
	return *(volatile uint32_t *)(uintptr_t)a;
}

/* The GPIO manual's pull-change sequence wants 150 cycles of set-up and hold. */
static void settle(void)
{
	for (int i = 0; i < 150; i++)
		__asm__ __volatile__("nop");
}

static void rpi3_uart_setup(void)
{
	uint64_t u = PLATFORM_EARLY_UART;
	uint32_t sel = rd(GPIO_BASE + GPFSEL1);

	/* Disable the UART and let a character in flight leave before the line changes. */
	wr(u + PL011_CR, 0);
	while (rd(u + PL011_FR) & PL011_FR_BUSY)
		;
	/* GPIO 14 and 15 to ALT0 (UART0), without pull-up/down on the RX line. */
	sel &= ~((GPFSEL_MASK << GPFSEL1_SHIFT(14)) | (GPFSEL_MASK << GPFSEL1_SHIFT(15)));
	sel |= (GPFSEL_ALT0 << GPFSEL1_SHIFT(14)) | (GPFSEL_ALT0 << GPFSEL1_SHIFT(15));
	wr(GPIO_BASE + GPFSEL1, sel);
	wr(GPIO_BASE + GPPUD, 0);
	settle();
	wr(GPIO_BASE + GPPUDCLK0, (UINT32_C(1) << 14) | (UINT32_C(1) << 15));
	settle();
	wr(GPIO_BASE + GPPUDCLK0, 0);
	/* 115200 8N1 with FIFOs; the divisors take effect with the LCRH write (PL011 TRM 3.3.7). */
	wr(u + PL011_ICR, 0x7ff);
	wr(u + PL011_IBRD, UART_IBRD);
	wr(u + PL011_FBRD, UART_FBRD);
	wr(u + PL011_LCRH, PL011_LCRH_WLEN8 | PL011_LCRH_FEN);
	wr(u + PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

const struct platform_desc platform = {
	.name = "rpi3",
	.early_uart = PLATFORM_EARLY_UART,
	.uart_setup = rpi3_uart_setup,
};
