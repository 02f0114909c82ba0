/* SPDX-License-Identifier: MIT */
/*
 * The boot allocator's RAM (mm/bootmem.h): pieces of free RAM sized to a
 * need, so that a machine whose free RAM is cut by firmware and GPU
 * carve-outs into small ranges still boots, and a bump allocator over
 * them. Arch-neutral and host-tested (tests/unit/test_bootmem.c).
 */
#include "mm/bootmem.h"

/* Append [base, base + size) as the next piece; false if there is no slot left. */
static bool add_piece(struct bootmem *bm, uint64_t base, uint64_t size)
{
	struct bootmem_piece *p;

	if (bm->n == BOOTMEM_PIECES)
		return false;
	p = &bm->piece[bm->n++];
	p->base = p->next = base;
	p->end = base + size;
	p->win = bm->size;
	bm->size += size;
	return true;
}

/* The index of the largest range not used yet (the lowest of equal ones), or -1. */
static int largest(const struct mem_range *r, int n, const bool *used)
{
	int best = -1;

	for (int i = 0; i < n; i++)
		if (!used[i] && r[i].size && (best < 0 || r[i].size > r[best].size ||
					      (r[i].size == r[best].size && r[i].base < r[best].base)))
			best = i;
	return best;
}

/* The first range in address order holding an aligned block: its index and the block's base. */
static int find_block(const struct mem_range *r, int n, uint64_t block, uint64_t *at)
{
	int best = -1;

	for (int i = 0; i < n; i++) {
		uint64_t b = ALIGN_UP(r[i].base, block), end = r[i].base + r[i].size;

		if (b >= r[i].base && b + block > b && b + block <= end && (best < 0 || b < *at)) {
			best = i;
			*at = b;
		}
	}
	return best;
}

enum bootmem_err bootmem_choose(struct bootmem *bm, const struct mem_range *freer, int nfree,
				const struct bootmem_need *need, uint64_t *found)
{
	struct mem_range r[BOOTMEM_RANGES + 1];
	bool used[BOOTMEM_RANGES + 1] = { false };
	uint64_t pg = need->page, want = ALIGN_UP(need->pages, pg), total = 0, block_at = 0, taken = 0;
	int n = 0, bi = -1;

	*bm = (struct bootmem){ 0 };
	/* The ranges page aligned inwards; empty ones dropped. */
	for (int i = 0; i < nfree && n < BOOTMEM_RANGES; i++) {
		uint64_t b = ALIGN_UP(freer[i].base, pg), e = ALIGN_DOWN(freer[i].base + freer[i].size, pg);

		if (b >= freer[i].base && e > b) {
			r[n++] = (struct mem_range){ b, e - b };
			total += e - b;
		}
	}
	*found = total;
	if (total < want)
		return BOOTMEM_SHORT;
	/* The block only if the pages still fit beside it: it is the optional part. */
	if (need->block && total - want >= need->block)
		bi = find_block(r, n, need->block, &block_at);
#ifdef INJECT_BOOTMEM_NO_BLOCK	/* knob: the block is never taken, whatever free RAM holds */
	bi = -1;
#endif
	if (bi >= 0) {
		uint64_t end = r[bi].base + r[bi].size;

		/* Cut it out: what lies above it becomes a range of its own (r has one spare slot). */
		r[n++] = (struct mem_range){ block_at + need->block, end - block_at - need->block };
		r[bi].size = block_at - r[bi].base;
	}
	/* The pages from the largest ranges: the fewest pieces; one slot stays for the block. */
	while (taken < want) {
		int i = largest(r, n, used);
		uint64_t take;

		if (i < 0 || bm->n == BOOTMEM_PIECES - (bi >= 0))
			break;
		take = MIN(r[i].size, want - taken);
		add_piece(bm, r[i].base, take);
		used[i] = true;
		taken += take;
	}
	if (taken < want) {
		*found = taken;
		*bm = (struct bootmem){ 0 };
		return BOOTMEM_SCATTERED;
	}
	if (bi >= 0) {
		add_piece(bm, block_at, need->block);
		bm->block = true;
	}
	return BOOTMEM_OK;
}

uint64_t bootmem_alloc(struct bootmem *bm, uint64_t size, uint64_t align)
{
	for (unsigned i = 0; i < bm->n; i++) {
		struct bootmem_piece *p = &bm->piece[i];
		uint64_t a = ALIGN_UP(p->next, align);

		if (size && a >= p->next && a + size > a && a + size <= p->end) {
			p->next = a + size;
			return a;
		}
	}
	return 0;
}

bool bootmem_window(const struct bootmem *bm, uint64_t pa, uint64_t size, uint64_t *win)
{
	for (unsigned i = 0; i < bm->n; i++) {
		const struct bootmem_piece *p = &bm->piece[i];

		if (pa >= p->base && pa < p->end && pa + size >= pa && pa + size <= p->end) {
			*win = p->win + (pa - p->base);
			return true;
		}
	}
	return false;
}

uint64_t bootmem_used(const struct bootmem *bm)
{
	uint64_t used = 0;

	for (unsigned i = 0; i < bm->n; i++)
		used += bm->piece[i].next - bm->piece[i].base;
	return used;
}
