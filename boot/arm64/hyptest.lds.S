/* SPDX-License-Identifier: MIT */
/* Link map of the arm64 hyptest image: boot/image.lds.h with RELA relocations (R_AARCH64_RELATIVE). */
OUTPUT_FORMAT("elf64-littleaarch64")
OUTPUT_ARCH(aarch64)
/*
 * hyptest.elf's entry point: symfile_entry (head.S), for when the symbol
 * file is booted by mistake. The loader enters the payload at its first
 * byte, _start, whatever the ELF header says.
 */
ENTRY(symfile_entry)

#define IMAGE_RELOC_SECTION .rela.dyn
#define IMAGE_RELOC_INPUT *(.rela.dyn .rela.*)
#define IMAGE_DISCARD
#include "../image.lds.h"

/*
 * For the Image header's image_size, as two 32-bit halves: a 32-bit absolute
 * reference is resolved at link time, where a 64-bit one would become a
 * dynamic relocation of the (read-only) header.
 */
__image_size_lo = (__image_end - __image_start) & 0xffffffff;
__image_size_hi = (__image_end - __image_start) >> 32;
