/* SPDX-License-Identifier: MIT */
/* arm64 relocations: Elf64_Rela, R_AARCH64_RELATIVE only; the word at off becomes VA + addend. */
#ifndef HYPTEST_ARM64_RELOC_H
#define HYPTEST_ARM64_RELOC_H

#include "lib/compiler.h"

struct reloc {
	uint64_t off, info;
	int64_t addend;
};

/* What the word at r->off must hold once relocated for va: known from the addend. */
static inline bool reloc_expect(const struct reloc *r, uint64_t va, uint64_t *want)
{
	*want = va + (uint64_t)r->addend;
	return true;
}

#endif
