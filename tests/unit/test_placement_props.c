/* SPDX-License-Identifier: MIT */
/*
 * Property tests of the placement chooser (boot/placement.c) over the whole
 * VA and PA space of a translation regime, checked by the reference in
 * tests/unit/placement_ref.c (written apart from the chooser).
 *
 * The requests are not drawn at random: they are generated from the regime
 * (its levels and block sizes) and the loader's limits (va_min, va_limit,
 * pa_limit: tests/unit/placement_layout_*.c), so that every table level's
 * boundaries near both ends of the space, the last pages below the fixed
 * regions, the lowest runtime VA, and the edges of RAM and of reserved holes
 * are each tried with image sizes from one page to more than a deepest-level
 * block. Each memory map is asked every kind of request: va only, va+class,
 * pa only, pa+class, pa+va (with and without a class) and class only.
 *
 * A placement must fit (free RAM below pa_limit, [va_min, va_limit), page
 * aligned), honour what was forced and have the class the reference computes.
 * A refusal must be right (the reference finds no placement) and say why:
 * a bad va names its fault, a shared-Ln class with no free RAM in the va's
 * level-n block says there is none there.
 *
 * Built three times: as is (test_placement_props), and with each of the
 * chooser's knobs, INJECT_PLACEMENT_NO_WINDOW (test_placement_props_nowindow:
 * the partner may overlap, so the class is wrong) and
 * INJECT_PLACEMENT_DRAWS_ONLY (test_placement_props_drawsonly: with nothing
 * forced, only random draws, so rare classes are refused). A knob build
 * passes when the tests find its bug.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "boot/placement.h"
#include "tests/unit/placement_layout.h"
#include "tests/unit/placement_ref.h"

#if defined(INJECT_PLACEMENT_NO_WINDOW)
#define KNOB "placement-no-window"
#elif defined(INJECT_PLACEMENT_DRAWS_ONLY)
#define KNOB "placement-draws-only"
#endif

#define MAPS_MAX	64
#define ADDRS_MAX	512
#define ERR_LEN		256

enum kind { K_VA, K_VA_CLASS, K_PA, K_PA_CLASS, K_PA_VA, K_CLASS, K_COUNT };
static const char *const kind_names[K_COUNT] = {
	"va only", "va+class", "pa only", "pa+class", "pa+va", "class only",
};

struct map {
	struct mem_range mem[4], resv[4];
	int nmem, nresv;
	char what[80];
};

struct run {
	const struct placement_layout *lay;
	unsigned cases[K_COUNT], placed[K_COUNT], refused[K_COUNT], by_class[PC_COUNT];
	unsigned bad_addr[K_COUNT], no_room[K_COUNT];	/* refusals for a bad pa/va, for no room at all */
	unsigned problems, replays;
	char first[512];
	uint64_t rng;
};

static uint64_t next_seed(struct run *run)
{
	run->rng ^= run->rng << 13;
	run->rng ^= run->rng >> 7;
	run->rng ^= run->rng << 17;
	return run->rng;
}

static void add(uint64_t *a, int *n, uint64_t v)
{
	for (int i = 0; i < *n; i++)
		if (a[i] == v)
			return;
	if (*n < ADDRS_MAX)
		a[(*n)++] = v;
}

static uint64_t level_block(const struct regime *rg, int i)
{
	return UINT64_C(1) << rg->shift[i];
}

/*
 * Every table level's block boundaries near both ends of the space: one and
 * two blocks up, and the last two boundaries below va_limit, plus the one at
 * or past it. For arm64 4K that gives 0x8000000000 (L0), 0xff0000000000 (the
 * last L0 block below the fixed regions), 0x40000000 (L1), 0x200000 (L2) ...
 */
static int level_edges(const struct placement_layout *lay, uint64_t *out)
{
	const struct regime *rg = lay->rg;
	int n = 0;

	for (int i = 0; i < rg->nlevels; i++) {
		uint64_t b = level_block(rg, i), top = (lay->va_limit - 1) & ~(b - 1);

		add(out, &n, b);
		add(out, &n, 2 * b);
		add(out, &n, top);
		if (top >= b)
			add(out, &n, top - b);
		add(out, &n, top + b);
	}
	add(out, &n, lay->va_limit);
	add(out, &n, lay->pa_limit);
	return n;
}

static struct map *new_map(struct map *maps, int *n, const char *fmt, ...)
{
	struct map *m = &maps[*n];
	va_list ap;

	assert_true(*n < MAPS_MAX);
	(*n)++;
	memset(m, 0, sizeof(*m));
	va_start(ap, fmt);
	vsnprintf(m->what, sizeof(m->what), fmt, ap);
	va_end(ap);
	return m;
}

static void ram(struct map *m, uint64_t base, uint64_t size)
{
	m->mem[m->nmem++] = (struct mem_range){ base, size };
}

static void hole(struct map *m, uint64_t base, uint64_t size)
{
	m->resv[m->nresv++] = (struct mem_range){ base, size };
}

/* The memory maps for one image size s: RAM around each level edge, at the limits, with holes, split, none. */
static int make_maps(const struct placement_layout *lay, uint64_t s, struct map *maps)
{
	const struct regime *rg = lay->rg;
	uint64_t pg = rg->page, edges[ADDRS_MAX], a = 3 * level_block(rg, rg->nlevels - 1);
	uint64_t root = level_block(rg, 0);
	int ne = level_edges(lay, edges), n = 0;
	struct map *m;

	/* QEMU virt's RAM (1 GiB at 0x40000000), with the loader and the DTB in it. */
	m = new_map(maps, &n, "virt: 1 GiB at 0x40000000");
	ram(m, 0x40000000, UINT64_C(1) << 30);
	hole(m, 0x40200000, 0x40000);
	hole(m, 0x48000000, 0x100000);
	for (int i = 0; i < ne; i++) {
		uint64_t x = edges[i];

		if (x > lay->pa_limit)
			continue;
		for (int k = 0; k < 2; k++) {
			uint64_t r = k ? 3 * s + pg : s, lo = x >= r ? x - r : 0;

			m = new_map(maps, &n, "RAM [0x%lx, 0x%lx) around 0x%lx", (unsigned long)lo,
				    (unsigned long)(x + r), (unsigned long)x);
			ram(m, lo, x + r - lo);
		}
	}
	/* RAM ending at pa_limit exactly, and RAM from address 0. */
	m = new_map(maps, &n, "RAM up to pa_limit");
	ram(m, lay->pa_limit - 4 * s, 4 * s);
	m = new_map(maps, &n, "RAM from 0");
	ram(m, 0, 4 * s);
	/* Holes leaving gaps of exactly s, s - page (no room) and s + page, with an unaligned reserved end. */
	m = new_map(maps, &n, "RAM at 0x%lx with gaps of s, s - page, s + page", (unsigned long)a);
	ram(m, a, 12 * s);
	hole(m, a + s, s + 1);
	hole(m, a + 3 * s, s);
	hole(m, a + 5 * s + pg, 7 * s - pg);
	/* Two banks in the first and last root blocks, listed high first; two overlapping banks. */
	m = new_map(maps, &n, "two banks, first and last root block, high first");
	ram(m, ((lay->pa_limit - 1) & ~(root - 1)) + root / 2, 4 * s);
	ram(m, root / 2 > 4 * s ? root / 2 - 4 * s : pg, 4 * s);
	m = new_map(maps, &n, "overlapping banks");
	ram(m, a, 4 * s);
	ram(m, a + 2 * s, 4 * s);
	/* No room at all. */
	m = new_map(maps, &n, "RAM smaller than the image");
	ram(m, a, s - pg);
	m = new_map(maps, &n, "RAM all reserved");
	ram(m, a, 4 * s);
	hole(m, a - 1, 4 * s + 2);
	return n;
}

/* PAs worth asking for: each bank's and each hole's edges, one page either side, an unaligned one. */
static int pa_points(const struct map *m, uint64_t s, uint64_t pg, uint64_t *out)
{
	int n = 0;

	for (int i = 0; i < m->nmem; i++) {
		uint64_t b = m->mem[i].base, e = b + m->mem[i].size;

		add(out, &n, b);
		add(out, &n, b + pg);
		add(out, &n, b - pg);
		add(out, &n, e - s);
		add(out, &n, e - s - pg);
		add(out, &n, e - s + pg);
		add(out, &n, (b + m->mem[i].size / 2) & ~(pg - 1));
		add(out, &n, b + pg / 2);
	}
	for (int i = 0; i < m->nresv; i++) {
		uint64_t b = m->resv[i].base, e = b + m->resv[i].size;

		add(out, &n, (e + pg - 1) & ~(pg - 1));
		add(out, &n, ((b - s) & ~(pg - 1)));
		add(out, &n, ((b - s) & ~(pg - 1)) + pg);
	}
	return n;
}

/* VAs worth asking for: the level edges a page and an image either side, the limits, the PAs too. */
static int va_points(const struct placement_layout *lay, const uint64_t *pas, int npa, uint64_t s, uint64_t *out)
{
	uint64_t pg = lay->rg->page, edges[ADDRS_MAX];
	const uint64_t d[] = { 0, pg, -pg, -s, -s - pg, -s + pg, s };
	int ne = level_edges(lay, edges), n = 0;

	for (int i = 0; i < ne; i++)
		for (unsigned j = 0; j < sizeof(d) / sizeof(d[0]); j++)
			add(out, &n, edges[i] + d[j]);
	add(out, &n, 0);
	add(out, &n, lay->va_min - pg);
	add(out, &n, lay->va_min);
	add(out, &n, lay->va_min + pg);
	add(out, &n, lay->va_min + pg / 2);
	add(out, &n, lay->va_limit - s - pg);
	add(out, &n, lay->va_limit - s);
	add(out, &n, lay->va_limit - s + pg);
	add(out, &n, lay->va_limit - pg);
	add(out, &n, UINT64_MAX & ~(pg - 1));
	for (int i = 0; i < npa; i++)
		add(out, &n, pas[i]);
	return n;
}

static void problem(struct run *run, const struct placement_req *r, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (!run->problems++)
		snprintf(run->first, sizeof(run->first),
			 "[%s] size 0x%lx seed 0x%lx, asked for class %s%s%s pa 0x%lx va 0x%lx, mem[0] 0x%lx+0x%lx: %s",
			 run->lay->name, (unsigned long)r->size, (unsigned long)r->seed,
			 r->force_class < 0 ? "any" : placement_class_name((enum placement_class)r->force_class),
			 r->force_pa ? ", pa=" : "", r->force_va ? ", va=" : "", (unsigned long)r->pa,
			 (unsigned long)r->va, (unsigned long)r->mem[0].base, (unsigned long)r->mem[0].size, what);
}

static void check_placed(struct run *run, const struct placement_req *r, const struct placement *p)
{
	int cls = ref_class(r->rg, p->pa, p->va, r->size);

	if (!ref_pa_fits(r, p->pa))
		problem(run, r, "placed at pa 0x%lx, which is not free RAM below pa_limit", (unsigned long)p->pa);
	else if (!ref_va_fits(r, p->va))
		problem(run, r, "placed at va 0x%lx, outside [va_min, va_limit)", (unsigned long)p->va);
	else if (cls < 0 || (int)p->cls != cls)
		problem(run, r, "pa 0x%lx va 0x%lx reported as %s, but it is %s", (unsigned long)p->pa,
			(unsigned long)p->va, placement_class_name(p->cls),
			cls < 0 ? "no class of this regime" : placement_class_name((enum placement_class)cls));
	else if ((r->force_pa && p->pa != r->pa) || (r->force_va && p->va != r->va) ||
		 (r->force_class >= 0 && (int)p->cls != r->force_class))
		problem(run, r, "pa 0x%lx va 0x%lx class %s does not honour the request", (unsigned long)p->pa,
			(unsigned long)p->va, placement_class_name(p->cls));
}

static bool says(const char *err, const char *fmt, uint64_t v)
{
	char want[64];

	snprintf(want, sizeof(want), fmt, (unsigned long)v);
	return strstr(err, want) != NULL;
}

/* A refusal must be right, and say why. */
static void check_refused(struct run *run, enum kind k, const struct placement_req *r, const char *err)
{
	const struct regime *rg = r->rg;
	uint64_t pg = rg->page, w = 0, wv = 0;
	int l = r->force_class == PC_SHARED_L0 ? 0 : r->force_class == PC_SHARED_L1 ? 1 :
		r->force_class == PC_SHARED_L2 ? 2 : -1;

	if (strlen(err) < 10 || strchr(err, '\n')) {
		problem(run, r, "refused with a bad message '%s'", err);
		return;
	}
	if ((r->force_pa && !ref_pa_fits(r, r->pa)) || (r->force_va && !ref_va_fits(r, r->va)))
		run->bad_addr[k]++;
	else if (!r->force_pa && !ref_pa_exists(r, -1, 0, 0, UINT64_MAX, NULL))
		run->no_room[k]++;
	if (r->force_pa && !ref_pa_fits(r, r->pa)) {
		if (!says(err, "pa=0x%lx", r->pa))
			problem(run, r, "a bad pa refused without naming it: '%s'", err);
		return;
	}
	if (r->force_va && !ref_va_fits(r, r->va)) {
		const char *why = r->va % pg ? "not page aligned" : r->va < r->va_min ? "below" : "fixed regions";

		if (!says(err, "va=0x%lx", r->va) || !strstr(err, why))
			problem(run, r, "a bad va refused without saying '%s': '%s'", why, err);
		return;
	}
	if (!r->force_pa && !ref_pa_exists(r, -1, 0, 0, UINT64_MAX, NULL)) {
		if (!strstr(err, "no room"))
			problem(run, r, "no free RAM fits, but the message is '%s'", err);
		return;
	}
	if (r->force_class < 0) {
		problem(run, r, "refused, though any class would do: '%s'", err);
		return;
	}
	if (l >= 0 && (l < rg->first_level || l >= rg->first_level + rg->nlevels)) {
		if (!strstr(err, "does not exist"))
			problem(run, r, "a class the regime lacks, but the message is '%s'", err);
		return;
	}
	if (r->force_pa && r->force_va) {
		if (ref_class(rg, r->pa, r->va, r->size) == r->force_class)
			problem(run, r, "pa and va have the class asked for, but refused: '%s'", err);
		else if (!strstr(err, "contradicts"))
			problem(run, r, "a contradiction, but the message is '%s'", err);
	} else if (r->force_va) {
		if (ref_pa_exists(r, r->force_class, r->va, 0, UINT64_MAX, &w)) {
			problem(run, r, "refused ('%s'), but pa 0x%lx has that class", err, (unsigned long)w);
		} else if (l >= 0) {
			uint64_t b = ref_block(rg, l), lo = r->va & ~(b - 1);

			if (!ref_pa_exists(r, -1, r->va, lo, lo + b - pg, NULL) &&
			    (!strstr(err, "has none there") || !says(err, "[0x%lx,", lo)))
				problem(run, r, "no free RAM in the va's level-%d block, but the message is '%s'", l, err);
		}
	} else if (r->force_pa) {
		if (ref_va_exists(r, r->force_class, r->pa, &w))
			problem(run, r, "refused ('%s'), but va 0x%lx has that class", err, (unsigned long)w);
	} else {
		int e = ref_pair_exists(r, r->force_class, &w, &wv);

		if (e < 0)
			problem(run, r, "the reference cannot decide this map (too many blocks)");
		else if (e)
			problem(run, r, "refused ('%s'), but pa 0x%lx va 0x%lx have that class", err, (unsigned long)w,
				(unsigned long)wv);
	}
}

static void ask(struct run *run, const struct map *m, uint64_t s, enum kind k, const uint64_t *pa,
		const uint64_t *va, int cls)
{
	struct placement_req r = {
		.rg = run->lay->rg, .mem = m->mem, .nmem = m->nmem, .resv = m->resv, .nresv = m->nresv,
		.size = s, .seed = next_seed(run), .force_class = cls, .force_pa = pa != NULL,
		.force_va = va != NULL, .pa = pa ? *pa : 0, .va = va ? *va : 0, .va_min = run->lay->va_min,
		.va_limit = run->lay->va_limit, .pa_limit = run->lay->pa_limit,
	};
	struct placement p, p2;
	char err[ERR_LEN], err2[ERR_LEN];
	int rc = placement_choose(&r, &p, err, sizeof(err));

	run->cases[k]++;
	if (rc == 0) {
		run->placed[k]++;
		run->by_class[p.cls]++;
		check_placed(run, &r, &p);
	} else {
		run->refused[k]++;
		check_refused(run, k, &r, err);
	}
	/* The same request gives the same answer (every 8th case, for time). */
	if (run->cases[k] % 8 == 0) {
		run->replays++;
		if (placement_choose(&r, &p2, err2, sizeof(err2)) != rc ||
		    (rc == 0 && (p2.pa != p.pa || p2.va != p.va || p2.cls != p.cls)) ||
		    (rc != 0 && strcmp(err, err2)))
			problem(run, &r, "asked twice, answered differently");
	}
}

static void run_layout(const struct placement_layout *lay)
{
	const struct regime *rg = lay->rg;
	uint64_t pg = rg->page, deepest = level_block(rg, rg->nlevels - 1);
	const uint64_t sizes[] = { pg, 2 * pg, 0x5e000, deepest - pg, deepest, deepest + pg };
	static struct map maps[MAPS_MAX];
	static uint64_t pas[ADDRS_MAX], vas[ADDRS_MAX];
	struct run run = { .lay = lay, .rng = 0x9e3779b97f4a7c15 };
	unsigned total = 0;

	for (unsigned si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		uint64_t s = sizes[si];
		int nm = make_maps(lay, s, maps);

		for (int mi = 0; mi < nm; mi++) {
			const struct map *m = &maps[mi];
			int npa = pa_points(m, s, pg, pas), nva = va_points(lay, pas, npa, s, vas);

			for (int i = 0; i < nva; i++) {
				ask(&run, m, s, K_VA, NULL, &vas[i], -1);
				for (int c = 0; c < PC_COUNT; c++)
					ask(&run, m, s, K_VA_CLASS, NULL, &vas[i], c);
			}
			for (int i = 0; i < npa; i++) {
				ask(&run, m, s, K_PA, &pas[i], NULL, -1);
				for (int c = 0; c < PC_COUNT; c++)
					ask(&run, m, s, K_PA_CLASS, &pas[i], NULL, c);
				/* Each pa against every va, the class cycling through none and all six. */
				for (int j = 0; j < nva; j++)
					ask(&run, m, s, K_PA_VA, &pas[i], &vas[j], (i + j) % (PC_COUNT + 1) - 1);
			}
			for (int c = -1; c < PC_COUNT; c++)
				for (int k = 0; k < 3; k++)
					ask(&run, m, s, K_CLASS, NULL, NULL, c);
		}
	}
	for (int k = 0; k < K_COUNT; k++) {
		print_message("placement %s: %-10s %6u cases, %6u placed, %6u refused (%u for a bad address, %u for no "
			      "room, %u as impossible)\n", lay->name, kind_names[k], run.cases[k], run.placed[k],
			      run.refused[k], run.bad_addr[k], run.no_room[k],
			      run.refused[k] - run.bad_addr[k] - run.no_room[k]);
		total += run.cases[k];
	}
	print_message("placement %s: %u cases (%u asked twice); placed per class:", lay->name, total, run.replays);
	for (int c = 0; c < PC_COUNT; c++)
		print_message(" %s %u", placement_class_name((enum placement_class)c), run.by_class[c]);
	print_message("\n");
#ifdef KNOB
	if (!run.problems)
		fail_msg("[%s] the " KNOB " knob went unnoticed over %u cases", lay->name, total);
	print_message("[%s] caught the " KNOB " knob in %u cases; the first: %s\n", lay->name, run.problems,
		      run.first);
#else
	if (run.problems)
		fail_msg("%u problems; the first: %s", run.problems, run.first);
	/* Every class the regime has was placed somewhere. */
	for (int c = 0; c < PC_COUNT; c++)
		if (placement_class_exists(rg, (enum placement_class)c) && !run.by_class[c])
			fail_msg("[%s] class %s never placed", lay->name, placement_class_name((enum placement_class)c));
#endif
}

static void test_props_arm64_4k(void **state)
{
	(void)state;
	run_layout(&layout_arm64_4k);
}

static void test_props_arm32_lpae(void **state)
{
	(void)state;
	run_layout(&layout_arm32_lpae);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_props_arm64_4k),
		cmocka_unit_test(test_props_arm32_lpae),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
