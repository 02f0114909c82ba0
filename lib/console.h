/* SPDX-License-Identifier: MIT */
/* The console: a PL011, first at the platform's default address, then the DT's stdout UART. */
#ifndef HYPTEST_CONSOLE_H
#define HYPTEST_CONSOLE_H

#include "lib/compiler.h"

void console_init(uint64_t pl011_base);
uint64_t console_base(void);
/* Write len bytes, "\n" becoming "\r\n". */
void console_write(const char *s, size_t len);
void console_puts(const char *s);

/* Send everything written to buf instead (for tests of the output path). */
void console_capture_start(char *buf, size_t size);
size_t console_capture_stop(void);
/* True unless the last character sent to the UART was inside a line. */
bool console_at_line_start(void);

#endif
