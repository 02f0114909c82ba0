/* SPDX-License-Identifier: MIT */
/*
 * seqcheck: a QEMU TCG plugin that checks hyptest's TLB and barrier
 * sequences from the executed instruction stream (rules.c), the half of
 * issue 21 that instrumentation inside the image cannot vouch for: the
 * TLBIs and register writes of head.S and smp_entry.S, and whether the
 * barriers the C library writes are really there, in the right order.
 *
 *   qemu-system-aarch64 ... -plugin build/seqcheck/seqcheck.so,out=FILE
 *
 * out=FILE: where the lines go (default: stderr). One line per report,
 *   seqcheck: <rule> at <pc> cpu <n>: <insn>, then <what> at <pc> (<why>)
 * first "seqcheck: start ..." and, when QEMU exits normally, "seqcheck: end
 * ...". Each (rule, pc) is reported once; after 50 reports the rest are
 * only counted. tools/hyptestlib/seqcheck.py loads it for
 * `hyptest run|loop --check-sequences` and turns a report into a FAIL.
 *
 * Cost: every translated block gets one execution callback, which returns
 * at once unless a TLBI or a register write is pending on that vCPU; only
 * the TLBIs, DSBs, ISBs, register writes, ERETs and span markers get a
 * callback of their own. Loads and stores are found by decoding the block
 * when it is translated (no memory callbacks), see rules.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/seqcheck/qemu_plugin_api.h"
#include "tools/seqcheck/rules.h"

SEQ_EXPORT int qemu_plugin_version = SEQ_QEMU_PLUGIN_VERSION;

#define MAX_REPORTS 50

static struct seq_checker checker;
static struct seq_cpu *cpus;
static unsigned n_cpus;
static int out_fd = 2;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long n_reports, n_suppressed, n_tbs;

static struct {
	const char *rule;
	uint64_t pc;
} seen[MAX_REPORTS];

static void emit(const char *line)
{
	size_t len = strlen(line);

	while (len) {
		ssize_t n = write(out_fd, line, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		line += n;
		len -= (size_t)n;
	}
}

static void on_report(void *ctx, const struct seq_report *r)
{
	char insn[64], line[768];

	(void)ctx;
	pthread_mutex_lock(&out_lock);
	for (unsigned long i = 0; i < n_reports && i < MAX_REPORTS; i++) {
		if (seen[i].rule == r->rule && seen[i].pc == r->at->pc) {
			pthread_mutex_unlock(&out_lock);
			return;
		}
	}
	if (n_reports >= MAX_REPORTS) {
		n_suppressed++;
		pthread_mutex_unlock(&out_lock);
		return;
	}
	seen[n_reports].rule = r->rule;
	seen[n_reports].pc = r->at->pc;
	n_reports++;
	seq_describe(checker.isa, r->at->word, insn, sizeof(insn));
	snprintf(line, sizeof(line), "seqcheck: %s at 0x%llx cpu %u: %s, then %s at 0x%llx (%s)\n", r->rule,
		 (unsigned long long)r->at->pc, r->cpu, insn, r->then, (unsigned long long)r->then_pc, r->why);
	emit(line);
	pthread_mutex_unlock(&out_lock);
}

static struct seq_cpu *cpu(unsigned index)
{
	return index < n_cpus ? &cpus[index] : NULL;
}

static void on_tb(unsigned int vcpu, void *udata)
{
	struct seq_cpu *c = cpu(vcpu);

	if (c && c->pend)
		seq_tb_exec(&checker, c, vcpu, udata);
}

static void on_event(unsigned int vcpu, void *udata)
{
	struct seq_cpu *c = cpu(vcpu);

	if (c)
		seq_ev_exec(&checker, c, vcpu, udata);
}

static uint32_t le32(const uint8_t *b)
{
	return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/*
 * A block was translated: decode it once, keep its events (never freed: a
 * block may be executed until QEMU exits; retranslations add new ones).
 */
static void on_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *qtb)
{
	size_t n = qemu_plugin_tb_n_insns(qtb);
	uint32_t words[n ? n : 1];
	uint8_t sizes[n ? n : 1];
	struct seq_tb *tb;

	(void)id;
	for (size_t i = 0; i < n; i++) {
		const struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(qtb, i);
		size_t size = qemu_plugin_insn_size(insn);

		sizes[i] = (uint8_t)size;
		words[i] = size == 4 ? le32(qemu_plugin_insn_data(insn)) : 0;
	}
	tb = seq_tb_build(checker.isa, qemu_plugin_tb_vaddr(qtb), words, sizes, n);
	if (!tb)
		return;
	__atomic_fetch_add(&n_tbs, 1, __ATOMIC_RELAXED);
	qemu_plugin_register_vcpu_tb_exec_cb(qtb, on_tb, QEMU_PLUGIN_CB_NO_REGS, tb);
	for (uint32_t i = 0; i < tb->n_ev; i++) {
		if (tb->ev[i].in.flags & SEQ_STATEFUL)
			qemu_plugin_register_vcpu_insn_exec_cb(qemu_plugin_tb_get_insn(qtb, tb->ev[i].insn), on_event,
							       QEMU_PLUGIN_CB_NO_REGS, &tb->ev[i]);
	}
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	char line[256];

	(void)id;
	(void)udata;
	pthread_mutex_lock(&out_lock);
	snprintf(line, sizeof(line), "seqcheck: end reports=%lu suppressed=%lu blocks=%lu spans=%lu "
		 "exceptions-while-pending=%lu tlbi-abandoned=%lu\n", n_reports, n_suppressed, n_tbs,
		 checker.stats.spans, checker.stats.exceptions, checker.stats.abandoned);
	emit(line);
	pthread_mutex_unlock(&out_lock);
}

static int fail(const char *fmt, const char *arg)
{
	char line[512];

	snprintf(line, sizeof(line), fmt, arg);
	emit(line);
	return -1;
}

SEQ_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
	char line[256];

	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4)) {
			out_fd = open(argv[i] + 4, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
			if (out_fd < 0) {
				out_fd = 2;
				return fail("seqcheck: error: cannot open %s\n", argv[i] + 4);
			}
		} else {
			return fail("seqcheck: error: unknown argument '%s' (known: out=FILE)\n", argv[i]);
		}
	}
	if (!info->system_emulation)
		return fail("seqcheck: error: %s", "needs system emulation (qemu-system-*)\n");
	if (!strcmp(info->target_name, "aarch64"))
		checker.isa = SEQ_A64;
	else if (!strcmp(info->target_name, "arm"))
		checker.isa = SEQ_A32;
	else
		return fail("seqcheck: error: target %s is not aarch64 or arm\n", info->target_name);
	n_cpus = info->system.max_vcpus > 0 ? (unsigned)info->system.max_vcpus : 1;
	cpus = calloc(n_cpus, sizeof(*cpus));
	if (!cpus)
		return fail("seqcheck: error: %s", "out of memory\n");
	checker.report = on_report;
	snprintf(line, sizeof(line), "seqcheck: start target=%s vcpus=%u api=%d..%d\n", info->target_name, n_cpus,
		 info->version.min, info->version.cur);
	emit(line);
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
