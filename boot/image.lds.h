/* SPDX-License-Identifier: MIT */
/*
 * The image's link map, common to both arches (included by
 * boot/<arch>/hyptest.lds.S, which defines OUTPUT_FORMAT, IMAGE_RELOC_SECTION,
 * IMAGE_RELOC_INPUT and IMAGE_DISCARD first). It is linked
 * position-independent at address 0 and relocates itself (RELATIVE
 * relocations only), so the same file runs wherever it is loaded. Every
 * boundary a permission changes at is page aligned so that the boot tables
 * can map each part with its own attributes.
 */
PAGE = 4096;
/* Size of the PAD= padding (this file goes through cpp). */
#ifndef HYPTEST_PAD_BYTES
#define HYPTEST_PAD_BYTES 0
#endif
/*
 * Where hyptest.elf says its bytes are loaded (its LMAs, the segments'
 * p_paddr): the platform's ELF base, in RAM, so that an ELF loader given
 * the symbol file by mistake (QEMU -kernel) puts it in RAM and starts it
 * at symfile_entry, which says what to boot instead. The addresses the
 * code is linked for (VMAs, what gdb and the symbolizer read) stay 0;
 * the raw payload (objcopy -O binary) is the same bytes either way.
 */
#ifndef IMAGE_LMA
#define IMAGE_LMA 0
#endif
STACK_PAGES = 4;	/* main stack (SP_EL0 on arm64, SP_hyp on arm32) */
XSTACK_PAGES = 2;	/* exception stack (SP_EL2; arm32: HTPIDR holds its top) */

SECTIONS
{
	. = 0;
	__image_start = .;

	/*
	 * Text: RX. The image header (boot/<arch>/head.S) must be the first 64
	 * bytes. Every later section keeps the LMA - VMA offset set here (ld's
	 * rule for a section with neither an address nor AT).
	 */
	.text : AT(IMAGE_LMA) {
		KEEP(*(.head.text))
		*(.text.boot)
		/*
		 * The MMU-switch code: its page is the only one mapped at its PA
		 * (the identity map), so the code starts a page and may not cross
		 * into the next. The rest of the page holds ordinary text rather
		 * than padding: mapping it too, until the identity page goes,
		 * executes nothing more.
		 */
		. = ALIGN(PAGE);
		__idmap_start = .;
		KEEP(*(.text.idmap))
		__idmap_end = .;
		*(.text .text.*)
	}
	. = ALIGN(PAGE);
	__text_end = .;

	/* Read-only data: R, XN. */
	.rodata : {
		*(.rodata .rodata.*)
		. = ALIGN(8);
		/* Self-test descriptors, sorted by id: nobody keeps a list by hand. */
		__selftests_start = .;
		KEEP(*(SORT_BY_NAME(.selftests.*)))
		__selftests_end = .;
	}
	/* The dynamic relocations (RELA on arm64, REL on arm32), __rela_* on both. */
	IMAGE_RELOC_SECTION : ALIGN(8) {
		__rela_start = .;
		IMAGE_RELOC_INPUT
		__rela_end = .;
	}
	.dynsym : { *(.dynsym) }
	.dynstr : { *(.dynstr) }
	.hash : { *(.hash) }
	.gnu.hash : { *(.gnu.hash) }
	. = ALIGN(PAGE);
	__rodata_end = .;

	/* Data: RW, XN. */
	.data : {
		*(.data .data.*)
		/*
		 * The coverage build's gcov records, one pointer per object
		 * (-fprofile-info-section, lib/gcov.c); empty otherwise.
		 */
		. = ALIGN(8);
		__gcov_info_start = .;
		KEEP(*(.gcov_info))
		__gcov_info_end = .;
	}
	.dynamic : { *(.dynamic) }
	.got : {
		__got_start = .;
		*(.got .got.plt)
		__got_end = .;
	}
	. = ALIGN(16);
	__data_end = .;		/* the raw image file ends here */

	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}

	/*
	 * Stacks, each with an unmapped guard page below it, so an overflow is a
	 * translation fault that the trap handler reports instead of silent
	 * corruption of whatever lies below.
	 */
	.stacks (NOLOAD) : ALIGN(PAGE) {
		__stack_guard = .;
		. += PAGE;
		__stack_start = .;
		. += STACK_PAGES * PAGE;
		__stack_end = .;
		__xstack_guard = .;
		. += PAGE;
		__xstack_start = .;
		. += XSTACK_PAGES * PAGE;
		__xstack_end = .;
	}

	/*
	 * Pool for the boot page tables. Its size follows the linked size of the
	 * image, padding included (two table pages per MiB, for the runtime and
	 * the temporary map, plus a fixed part for the roots, the device window
	 * and the DTB): there is no fixed limit on how large the image may grow.
	 */
	.pgtables (NOLOAD) : ALIGN(PAGE) {
		__pt_pool_start = .;
		. += (24 + ((. - __image_start + HYPTEST_PAD_BYTES) >> 19)) * PAGE;
		__pt_pool_end = .;
	}

	/*
	 * PAD=<size> builds only: read-only padding at the very end, so that a
	 * runtime map cut to a fixed size loses exactly this part (seed 003).
	 */
	.pad : ALIGN(PAGE) {
		__pad_start = .;
		KEEP(*(.hyptest_pad))
		. = ALIGN(PAGE);
	}
	__image_end = .;

	/DISCARD/ : {
		*(.interp) *(.note.*) *(.comment) *(.eh_frame) *(.eh_frame_hdr)
		*(.gnu.version*) IMAGE_DISCARD
	}
}

ASSERT(__text_end <= __rodata_end, "layout")
ASSERT(__idmap_end - __idmap_start <= PAGE, ".text.idmap must fit in one page")
