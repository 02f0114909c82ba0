/* SPDX-License-Identifier: MIT */
/* PL011 console driver (polled TX only; the firmware set the line up) and output capture. */
#include "lib/console.h"

#define PL011_DR	0x00
#define PL011_FR	0x18
#define PL011_FR_TXFF	(1u << 5)
#define PL011_FR_BUSY	(1u << 3)

static uint64_t uart_base;
static char *cap_buf;
static size_t cap_size, cap_len;
static char last_sent = '\n';

void console_init(uint64_t pl011_base)
{
	uart_base = pl011_base;
}

uint64_t console_base(void)
{
	return uart_base;
}

static void uart_putc(char c)
{
	volatile uint32_t *fr = (volatile uint32_t *)(uintptr_t)(uart_base + PL011_FR);
	volatile uint32_t *dr = (volatile uint32_t *)(uintptr_t)(uart_base + PL011_DR);

	while (*fr & PL011_FR_TXFF)
		;
	*dr = (unsigned char)c;
}

static void out(char c)
{
	if (cap_buf) {
		if (cap_len + 1 < cap_size)
			cap_buf[cap_len++] = c;
		cap_buf[cap_len] = 0;
		return;
	}
	if (uart_base) {
		uart_putc(c);
		last_sent = c;
	}
}

bool console_at_line_start(void)
{
	return last_sent == '\n';
}

void console_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
#ifndef INJECT_LIB_CONSOLE_NO_CRLF	/* knob: a bare LF, a staircase on a terminal */
		if (s[i] == '\n')
			out('\r');
#endif
		out(s[i]);
	}
}

void console_puts(const char *s)
{
	while (*s)
		console_write(s++, 1);
}

void console_capture_start(char *buf, size_t size)
{
	cap_len = 0;
	cap_size = size;
	if (size)
		buf[0] = 0;
	cap_buf = buf;
}

size_t console_capture_stop(void)
{
	cap_buf = NULL;
	return cap_len;
}
