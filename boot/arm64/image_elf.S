/* SPDX-License-Identifier: MIT */
/*
 * hyptest-el3.elf: the image (hyptest.bin, IMAGE_BIN) as the one loadable
 * segment of an ELF linked at the platform's ELF_BASE (image_elf.lds), for
 * loaders that take ELF files and start every CPU at its entry, at EL3:
 * QEMU -M virt,secure=on -kernel, an FVP's -a. The bytes are the image's
 * own: it is position-independent and relocates itself wherever it runs.
 */
	.section .image, "ax"
	.globl	_start
_start:
	.incbin	IMAGE_BIN
