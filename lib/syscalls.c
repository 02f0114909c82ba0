/* SPDX-License-Identifier: MIT */
/* newlib-nano system-call glue: stdout/stderr go to the console, the heap is a fixed area in .bss. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include "lib/console.h"
#include "lib/platform.h"

#define HEAP_SIZE (64 * 1024)
static char heap[HEAP_SIZE] __aligned(16);
static size_t heap_used;

int _write(int fd, const char *buf, int len);
int _write(int fd, const char *buf, int len)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	console_write(buf, (size_t)len);
	return len;
}

void *_sbrk(ptrdiff_t incr);
void *_sbrk(ptrdiff_t incr)
{
	char *prev = heap + heap_used;

	if (incr < 0 || (size_t)incr > HEAP_SIZE - heap_used) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_used += (size_t)incr;
	return prev;
}

int _read(int fd, char *buf, int len);
int _read(int fd, char *buf, int len)
{
	(void)fd; (void)buf; (void)len;
	return 0;
}

int _close(int fd);
int _close(int fd)
{
	(void)fd;
	return -1;
}

int _lseek(int fd, int off, int whence);
int _lseek(int fd, int off, int whence)
{
	(void)fd; (void)off; (void)whence;
	return 0;
}

int _fstat(int fd, struct stat *st);
int _fstat(int fd, struct stat *st)
{
	(void)fd;
	st->st_mode = S_IFCHR;
	return 0;
}

int _isatty(int fd);
int _isatty(int fd)
{
	(void)fd;
	return 1;
}

int _getpid(void);
int _getpid(void)
{
	return 1;
}

int _kill(int pid, int sig);
int _kill(int pid, int sig)
{
	(void)pid; (void)sig;
	errno = EINVAL;
	return -1;
}

void _exit(int status);
void _exit(int status)
{
	platform_exit(status);
}
