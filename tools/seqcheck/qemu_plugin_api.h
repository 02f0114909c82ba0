/* SPDX-License-Identifier: MIT */
/*
 * The few parts of QEMU's TCG plugin API (version 1, QEMU 7.2) the sequence
 * checker uses, declared from QEMU's documentation ("QEMU TCG Plugins",
 * docs/devel/tcg-plugins.rst, and the API reference generated from it):
 * the types are plain C, the functions are exported by the QEMU binary
 * and resolved when it dlopen()s the plugin. Debian's qemu-system-arm
 * package ships no qemu-plugin.h, and none is needed.
 */
#ifndef SEQCHECK_QEMU_PLUGIN_API_H
#define SEQCHECK_QEMU_PLUGIN_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SEQ_EXPORT __attribute__((visibility("default")))

/* The API version this plugin is written against; QEMU 7.2 accepts 0..1. */
#define SEQ_QEMU_PLUGIN_VERSION 1

typedef uint64_t qemu_plugin_id_t;

/* What QEMU tells the plugin at install time (valid during the call only). */
typedef struct {
	const char *target_name;	/* "aarch64", "arm" */
	struct {
		int min, cur;		/* the API versions this QEMU supports */
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus;	/* -smp */
			int max_vcpus;
		} system;
	};
} qemu_info_t;

struct qemu_plugin_tb;		/* opaque: a block being translated */
struct qemu_plugin_insn;	/* opaque: one of its instructions */

/* What a callback may touch: the checker reads no guest registers. */
enum qemu_plugin_cb_flags {
	QEMU_PLUGIN_CB_NO_REGS,
	QEMU_PLUGIN_CB_R_REGS,
	QEMU_PLUGIN_CB_RW_REGS,
};

typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

/* Implemented by the plugin, called by QEMU. */
SEQ_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv);

/* Implemented by QEMU. */
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb, qemu_plugin_vcpu_udata_cb_t cb,
					  enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_udata_cb_t cb,
					    enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);	/* the opcode bytes */
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);

#endif
