/* SPDX-License-Identifier: MIT */
/*
 * Force-included before every image source: all symbols are hidden, so the
 * compiler addresses them PC-relatively instead of through the GOT. Code that
 * runs before relocation, or in a mapping other than the one the relocations
 * were applied for (the MMU-off boot path, the temporary mapping), depends
 * on it.
 */
#pragma GCC visibility push(hidden)
