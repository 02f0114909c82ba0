/* SPDX-License-Identifier: MIT */
/* Link map of the arm32 hyptest image: boot/image.lds.h with REL relocations (R_ARM_RELATIVE). */
OUTPUT_FORMAT("elf32-littlearm")
OUTPUT_ARCH(arm)
/*
 * hyptest.elf's entry point: symfile_entry (head.S), for when the symbol
 * file is booted by mistake. The loader enters the payload at its first
 * byte, _start, whatever the ELF header says.
 */
ENTRY(symfile_entry)

#define IMAGE_RELOC_SECTION .rel.dyn
#define IMAGE_RELOC_INPUT *(.rel.dyn .rel.*)
/* ARM unwind tables: nothing unwinds (-fno-asynchronous-unwind-tables; newlib's are not needed). */
#define IMAGE_DISCARD *(.ARM.exidx*) *(.ARM.extab*)
#include "../image.lds.h"

/* The zImage header's end (the file) and hyptest's footprint word: absolute, resolved at link time. */
__image_file_size = __data_end - __image_start;
__image_size = __image_end - __image_start;

/* traps/arm32/vectors.S: the exception stack and its guard span 3 pages below its top. */
ASSERT(__xstack_end - __xstack_guard == 3 * PAGE, "exception stack span")
