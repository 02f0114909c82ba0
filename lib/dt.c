/* SPDX-License-Identifier: MIT */
/* Device-tree accessors over libfdt (arch-neutral: also built into the host tests). */
#include <string.h>
#include <libfdt.h>
#include "lib/dt.h"

/*
 * Every tag of the structure block moves the walk forward. libfdt 1.6.1's
 * fdt_next_tag() takes a property of length -12 (0xfffffff4) as ending where
 * it starts, and fdt_check_full() then loops on it forever (found by fuzzing).
 */
static bool tags_advance(const void *fdt)
{
	int off = 0, next;

	while (fdt_next_tag(fdt, off, &next) != FDT_END) {
		if (next <= off)
			return false;
		off = next;
	}
	return true;
}

int dt_check(const void *fdt, size_t maxsize, const char **why)
{
	int rc;

	if (!fdt) {
		*why = "no DTB address";
		return -1;
	}
	/* Read no header field past the area (found by fuzzing with short blobs). */
	if (maxsize < sizeof(struct fdt_header)) {
		*why = "smaller than a DTB header";
		return -1;
	}
	if (fdt_magic(fdt) != FDT_MAGIC) {
		*why = "bad magic";
		return -1;
	}
	if (fdt_totalsize(fdt) > maxsize) {
		*why = "larger than the mapped area";
		return -1;
	}
	rc = fdt_check_header(fdt);
	/*
	 * Version 17 is what dtc, QEMU and firmware write. Older ones that
	 * libfdt still takes go through its full-path node-name code, where
	 * fdt_check_full() of libfdt 1.6.1 dereferences the NULL a bad root
	 * name gives (found by fuzzing).
	 */
	if (!rc && fdt_version(fdt) < 17) {
		*why = "DTB version below 17";
		return -1;
	}
	if (!rc && !tags_advance(fdt)) {
		*why = "a structure block tag that does not advance";
		return -1;
	}
	/* Then the whole structure block, so a truncated blob is not read as an empty one. */
	if (!rc)
		rc = fdt_check_full(fdt, fdt_totalsize(fdt));
	if (rc) {
		*why = fdt_strerror(rc);
		return -1;
	}
	return 0;
}

uint64_t dt_size(const void *fdt)
{
	return fdt_totalsize(fdt);
}

const char *dt_bootargs(const void *fdt)
{
	int node = fdt_path_offset(fdt, "/chosen");
	const char *p;
	int len;

	if (node < 0)
		return NULL;
	p = fdt_getprop(fdt, node, "bootargs", &len);
	/* A property that is not NUL-terminated within its length is ignored. */
	if (!p || len <= 0 || p[len - 1] != 0)
		return NULL;
	return p;
}

static uint64_t read_cells(const fdt32_t *c, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_ld(&c[i]);
	return v;
}

/* Cell counts a node's children use; libfdt's defaults (2/1) when absent. */
static void cells_of(const void *fdt, int parent, int *ac, int *sc)
{
	*ac = fdt_address_cells(fdt, parent);
	*sc = fdt_size_cells(fdt, parent);
}

/*
 * A node is usable unless its status says otherwise (DT spec 2.3.4: "okay"
 * or absent). QEMU's virt,secure=on DT has Secure-only RAM at 0x0e000000
 * as a memory node with status = "disabled" and secure-status = "okay".
 */
static bool dt_enabled(const void *fdt, int node)
{
	const char *st = fdt_getprop(fdt, node, "status", NULL);

	return !st || !strcmp(st, "okay") || !strcmp(st, "ok");
}

int dt_memory(const void *fdt, struct mem_range *r, int max)
{
	int n = 0, node, ac, sc;

	cells_of(fdt, 0, &ac, &sc);
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return 0;
	fdt_for_each_subnode(node, fdt, 0) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const fdt32_t *reg;
		int len;

		if (!type || strcmp(type, "memory") || !dt_enabled(fdt, node))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len <= 0)
			continue;
		for (int i = 0; (i + 1) * (ac + sc) * 4 <= len && n < max; i++) {
			const fdt32_t *c = reg + i * (ac + sc);

			r[n].base = read_cells(c, ac);
			r[n].size = read_cells(c + ac, sc);
			if (r[n].size)
				n++;
		}
	}
	return n;
}

int dt_reserved(const void *fdt, struct mem_range *r, int max)
{
	int n = 0, node, parent, ac, sc;

	for (int i = 0; i < fdt_num_mem_rsv(fdt) && n < max; i++) {
		uint64_t a, s;

		if (!fdt_get_mem_rsv(fdt, i, &a, &s) && s) {
			r[n].base = a;
			r[n].size = s;
			n++;
		}
	}
	parent = fdt_path_offset(fdt, "/reserved-memory");
	if (parent < 0)
		return n;
	cells_of(fdt, parent, &ac, &sc);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return n;
	fdt_for_each_subnode(node, fdt, parent) {
		int len;
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

		for (int i = 0; reg && (i + 1) * (ac + sc) * 4 <= len && n < max; i++) {
			r[n].base = read_cells(reg + i * (ac + sc), ac);
			r[n].size = read_cells(reg + i * (ac + sc) + ac, sc);
			if (r[n].size)
				n++;
		}
	}
	return n;
}

int dt_chosen_seed(const void *fdt, uint64_t *seed)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), len;
	const uint8_t *p;

	if (chosen < 0)
		return 0;
	p = fdt_getprop(fdt, chosen, "rng-seed", &len);
	if (p && len > 0) {
		uint64_t v = UINT64_C(0xcbf29ce484222325);

		for (int i = 0; i < len; i++)	/* FNV-1a: every byte counts */
			v = (v ^ p[i]) * UINT64_C(0x100000001b3);
		*seed = v;
		return 1;
	}
	p = fdt_getprop(fdt, chosen, "kaslr-seed", &len);
	if (p && len == 8) {
		*seed = read_cells((const fdt32_t *)p, 2);
		return 2;
	}
	return 0;
}

/* Translate a child bus address through the parents' "ranges" up to the root. */
int dt_translate(const void *fdt, int node, uint64_t *addr)
{
	for (int parent = fdt_parent_offset(fdt, node); parent > 0;
	     parent = fdt_parent_offset(fdt, parent)) {
		int gp = fdt_parent_offset(fdt, parent);
		int cac, csc, pac, psc, len, stride;
		const fdt32_t *rng = fdt_getprop(fdt, parent, "ranges", &len);
		bool hit = false;

		if (gp < 0)
			return -1;
		if (!rng)
			return -1;	/* no ranges: not memory-mapped from here */
		if (len == 0)
			continue;	/* empty ranges: identity */
		cells_of(fdt, parent, &cac, &csc);
		cells_of(fdt, gp, &pac, &psc);
		if (cac < 1 || cac > 2 || pac < 1 || pac > 2 || csc < 1 || csc > 2)
			return -1;
		stride = (cac + pac + csc) * 4;
		for (int off = 0; off + stride <= len; off += stride) {
			const fdt32_t *e = (const fdt32_t *)((const char *)rng + off);
			uint64_t cb = read_cells(e, cac);
			uint64_t pb = read_cells(e + cac, pac);
			uint64_t sz = read_cells(e + cac + pac, csc);

			if (*addr >= cb && *addr - cb < sz) {
				*addr = *addr - cb + pb;
				hit = true;
				break;
			}
		}
		if (!hit)
			return -1;
	}
	return 0;
}

int dt_stdout_uart(const void *fdt, uint64_t *base, uint64_t *size, const char **why)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path, *colon;
	int len, node, plen, ac, sc, parent;
	const fdt32_t *reg;

	*why = "no /chosen/stdout-path";
	if (chosen < 0)
		return -1;
#ifdef INJECT_DT_NO_STDOUT
	return -1;	/* knob: the accessor never finds the console */
#endif
	path = fdt_getprop(fdt, chosen, "stdout-path", &len);
	if (!path)
		path = fdt_getprop(fdt, chosen, "linux,stdout-path", &len);
	if (!path || len <= 1 || path[len - 1])
		return -1;
	colon = strchr(path, ':');
	plen = colon ? (int)(colon - path) : (int)strlen(path);
	if (path[0] != '/') {
		path = fdt_get_alias_namelen(fdt, path, plen);
		*why = "stdout-path names an unknown alias";
		if (!path)
			return -1;
		plen = (int)strlen(path);
	}
	node = fdt_path_offset_namelen(fdt, path, plen);
	*why = "stdout-path names no node";
	if (node < 0)
		return -1;
	*why = "stdout UART is not an arm,pl011";
	if (fdt_node_check_compatible(fdt, node, "arm,pl011"))
		return -1;
	parent = fdt_parent_offset(fdt, node);
	cells_of(fdt, parent, &ac, &sc);
	reg = fdt_getprop(fdt, node, "reg", &len);
	*why = "stdout UART has no usable reg";
	if (!reg || ac < 1 || ac > 2 || sc < 1 || sc > 2 || len < (ac + sc) * 4)
		return -1;
	*base = read_cells(reg, ac);
	*size = read_cells(reg + ac, sc);
	*why = "stdout UART address does not translate to the CPU";
	if (dt_translate(fdt, node, base))
		return -1;
	return 0;
}

enum psci_conduit dt_psci_conduit(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	const char *m;

	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-1.0");
	if (node < 0)
		node = fdt_path_offset(fdt, "/psci");
	if (node < 0)
		return PSCI_NONE;
	m = fdt_getprop(fdt, node, "method", NULL);
	if (m && !strcmp(m, "smc"))
		return PSCI_SMC;
	if (m && !strcmp(m, "hvc"))
		return PSCI_HVC;
	return PSCI_NONE;
}

/* Make the PSCI node say method = "smc", adding /psci when there is none; -FDT_ERR_* on failure. */
static int psci_smc(void *fdt)
{
	static const char compat[] = "arm,psci-1.0\0arm,psci-0.2";
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2"), rc;

	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-1.0");
	if (node < 0)
		node = fdt_path_offset(fdt, "/psci");
	if (node < 0)
		node = fdt_add_subnode(fdt, 0, "psci");
	if (node < 0)
		return node;
	rc = fdt_setprop(fdt, node, "compatible", compat, sizeof(compat));
	if (!rc)
		rc = fdt_setprop_string(fdt, node, "method", "smc");
	return rc;
}

int dt_set_psci_smc(void *fdt, size_t room, const char **why)
{
	size_t size = fdt_totalsize(fdt);
	int rc;

	if (dt_psci_conduit(fdt) == PSCI_SMC)
		return 0;
	/* In place first (QEMU's blobs have slack inside), then grown into room. */
	rc = fdt_open_into(fdt, fdt, (int)size);
	if (!rc) {
		rc = psci_smc(fdt);
		if (rc == -FDT_ERR_NOSPACE && room > size) {
			rc = fdt_open_into(fdt, fdt, (int)room);
			if (!rc)
				rc = psci_smc(fdt);
		}
	}
	if (!rc)
		rc = fdt_pack(fdt);
	if (rc) {
		*why = fdt_strerror(rc);
		return -1;
	}
	return 0;
}

/*
 * Walks the /cpus/cpu nodes: returns the CPU count, and puts the idx-th
 * one's node offset in *node (-1 when there is no such CPU).
 */
static int cpu_walk(const void *fdt, int idx, int *nodep)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int node, n = 0;

	if (nodep)
		*nodep = -1;
	if (cpus < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, cpus) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (!type || strcmp(type, "cpu"))
			continue;
		if (n == idx && nodep)
			*nodep = node;
		n++;
	}
	return n;
}

int dt_cpu_count(const void *fdt)
{
	return cpu_walk(fdt, -1, NULL);
}

int dt_cpu_mpidr(const void *fdt, int idx, uint64_t *mpidr)
{
	int node, len, ac;
	const fdt32_t *reg;

	*mpidr = UINT64_MAX;
	cpu_walk(fdt, idx, &node);
	if (node < 0)
		return -1;
	ac = fdt_address_cells(fdt, fdt_parent_offset(fdt, node));
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || ac < 1 || ac > 2 || len < ac * 4)
		return -1;
	*mpidr = read_cells(reg, ac);
	return 0;
}

enum cpu_enable dt_cpu_enable(const void *fdt, int idx, uint64_t *release)
{
	const fdt32_t *addr;
	const char *m;
	int node, len;

	*release = 0;
	cpu_walk(fdt, idx, &node);
	if (node < 0)
		return CPU_ENABLE_BAD;
	m = fdt_getprop(fdt, node, "enable-method", &len);
	if (!m)
		return CPU_ENABLE_PSCI;	/* no method: the /psci node (if any) decides */
	if (len <= 0 || m[len - 1] != 0)
		return CPU_ENABLE_BAD;
	if (!strcmp(m, "psci"))
		return CPU_ENABLE_PSCI;
	if (strcmp(m, "spin-table"))
		return CPU_ENABLE_BAD;
	/* cpu-release-addr is 64 bits, two cells, whatever #address-cells says. */
	addr = fdt_getprop(fdt, node, "cpu-release-addr", &len);
	if (!addr || len != 8)
		return CPU_ENABLE_BAD;
#ifdef INJECT_DT_RELEASE_ONE_CELL	/* knob: the address read as one 32-bit cell: its high half */
	*release = read_cells(addr, 1);
#else
	*release = read_cells(addr, 2);
#endif
	return CPU_ENABLE_SPIN_TABLE;
}
