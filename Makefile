# SPDX-License-Identifier: MIT
# hyptest: build the image (ARCH, PLATFORM, O, INJECT), run it, check it.
#
#   make [ARCH=arm64] [PLATFORM=qemu-virt] [O=build/<arch>-<platform>] [INJECT=knob]
#   make run      boot one randomized seed under QEMU
#   make check    host unit tests + the QEMU self-test suite
#
# Missing tools and libraries are installed by tools/deps (apt), cached under
# build/deps. `make help` lists the targets.

SHELL := /bin/bash
.DEFAULT_GOAL := all
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

VALID_ARCHS := arm64
VALID_PLATFORMS := $(sort $(notdir $(wildcard $(TOP)/platforms/*)))

ARCH ?= arm64
PLATFORM ?= qemu-virt
INJECT ?=

ifeq ($(filter $(ARCH),$(VALID_ARCHS)),)
$(error unknown ARCH '$(ARCH)'; valid: $(VALID_ARCHS))
endif
ifeq ($(filter $(PLATFORM),$(VALID_PLATFORMS)),)
$(error unknown PLATFORM '$(PLATFORM)'; valid: $(VALID_PLATFORMS))
endif
include $(TOP)/platforms/$(PLATFORM)/platform.mk
ifeq ($(filter $(ARCH),$(PLATFORM_ARCHS)),)
$(error PLATFORM '$(PLATFORM)' does not support ARCH '$(ARCH)' (it supports: $(PLATFORM_ARCHS)))
endif

# Knobs: each name must be in selftest/knobs.def.
KNOBS_FILE := $(TOP)/selftest/knobs.def
KNOB_NAMES := $(shell sed -e 's/\#.*//' $(KNOBS_FILE) | awk 'NF {print $$1}')
comma := ,
space := $(empty) $(empty)
INJECT_LIST := $(subst $(comma), ,$(INJECT))
$(foreach k,$(INJECT_LIST),$(if $(filter $(k),$(KNOB_NAMES)),,$(error unknown INJECT knob '$(k)'; valid: $(KNOB_NAMES))))
INJECT_DEFS := $(foreach k,$(INJECT_LIST),-DINJECT_$(shell echo $(k) | tr 'a-z-' 'A-Z_'))
INJECT_SUFFIX := $(if $(INJECT_LIST),-inject-$(subst $(space),+,$(INJECT_LIST)))

O ?= build/$(ARCH)-$(PLATFORM)$(INJECT_SUFFIX)
DEPS ?= build/deps
override O := $(abspath $(O))
override DEPS := $(abspath $(DEPS))

# --- dependencies: tools/deps installs packages and builds what Debian lacks ---
DEPS_MK := $(DEPS)/deps.mk
$(DEPS_MK): $(TOP)/tools/deps
	@$(TOP)/tools/deps $(DEPS)
	@$(TOP)/tools/deps --print $(DEPS) > $@.tmp && mv $@.tmp $@
ifeq ($(filter help clean distclean format,$(MAKECMDGOALS)),)
-include $(DEPS_MK)
endif

# --- toolchain ---
CROSS_arm64 := aarch64-linux-gnu-
CROSS := $(CROSS_$(ARCH))
CC := $(CROSS)gcc
LD := $(CROSS)ld
OBJCOPY := $(CROSS)objcopy
READELF := $(CROSS)readelf
NEWLIB := $(DEPS)/newlib-aarch64
LIBFDT := $(DEPS)/libfdt-arm64
GCC_INCLUDE = $(shell $(CC) -print-file-name=include)
LIBGCC = $(shell $(CC) -print-libgcc-file-name)

CPPFLAGS = -nostdinc -isystem $(NEWLIB)/include -isystem $(GCC_INCLUDE) -I$(LIBFDT)/include \
	-I$(TOP) -I$(O)/gen -I$(TOP)/mm/$(ARCH) \
	-DPLATFORM_EARLY_UART=$(PLATFORM_EARLY_UART) -DHYPTEST_ARCH_$(ARCH) $(INJECT_DEFS)
# -mgeneral-regs-only: no FP/SIMD state in EL2 code. -mstrict-align: parts run
# with the MMU off, where data accesses are Device memory and must be aligned.
CFLAGS = -std=gnu11 -O2 -g -ffreestanding -fno-builtin-printf -Wall -Wextra -Werror \
	-Wno-unused-parameter -mgeneral-regs-only -mstrict-align -fpie -fno-plt \
	-fno-omit-frame-pointer -fno-stack-protector -ffunction-sections -fdata-sections \
	-mbranch-protection=none -fno-asynchronous-unwind-tables -MMD -MP
ASFLAGS = -g -D__ASSEMBLER__ -MMD -MP -Wa,--fatal-warnings
LDFLAGS = -nostdlib -pie --no-dynamic-linker -z text -z norelro -z noexecstack \
	-z max-page-size=4096 --fatal-warnings --gc-sections --build-id=none \
	-T $(TOP)/boot/$(ARCH)/hyptest.lds -Map=$(O)/hyptest.map

SRCS := \
	boot/$(ARCH)/head.S boot/main.c \
	mm/pgtable.c mm/boot.c \
	traps/$(ARCH)/vectors.S traps/$(ARCH)/probe.S traps/traps.c \
	lib/console.c lib/syscalls.c lib/stackprot.c lib/bootargs.c lib/dt.c lib/exit.c \
	lib/$(ARCH)/exit.c lib/$(ARCH)/jmp.S \
	selftest/selftest.c selftest/select.c selftest/report.c \
	platforms/$(PLATFORM)/platform.c \
	$(patsubst $(TOP)/%,%,$(sort $(wildcard $(TOP)/selftest/test_*.c)))
OBJS := $(addprefix $(O)/obj/,$(addsuffix .o,$(basename $(SRCS))))

IMAGE := $(O)/hyptest.bin
ELF := $(O)/hyptest.elf
LIBS = $(LIBFDT)/lib/libfdt.a $(NEWLIB)/lib/libc.a $(LIBGCC)

.PHONY: all help run check host-tests qemu-tests clean distclean deps
all: $(IMAGE)

help:
	@echo "targets: all (default), run, check, host-tests, qemu-tests, deps, clean, distclean"
	@echo "variables: ARCH=$(VALID_ARCHS) PLATFORM=$(VALID_PLATFORMS) O=<dir> INJECT=<knob,...>"
	@echo "knobs: $(KNOB_NAMES)"

deps: $(DEPS_MK)

$(O)/gen/asm-offsets.h: $(TOP)/lib/$(ARCH)/asm-offsets.c $(DEPS_MK)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MF /dev/null -S -o $@.s $<
	sed -n 's/.*->\([A-Z0-9_]*\) #\{0,1\}\([0-9-]*\).*/#define \1 \2/p' $@.s > $@.tmp
	@test -s $@.tmp || { echo "asm-offsets: no definitions generated" >&2; exit 1; }
	@mv $@.tmp $@; rm -f $@.s

$(O)/obj/%.o: $(TOP)/%.c $(O)/gen/asm-offsets.h $(DEPS_MK)
	@mkdir -p $(dir $@)
	@echo "  CC      $*.c"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/obj/%.o: $(TOP)/%.S $(O)/gen/asm-offsets.h $(DEPS_MK)
	@mkdir -p $(dir $@)
	@echo "  AS      $*.S"
	@$(CC) $(CPPFLAGS) $(ASFLAGS) -c -o $@ $<

$(ELF): $(OBJS) $(TOP)/boot/$(ARCH)/hyptest.lds
	@echo "  LD      $(notdir $@)"
	@$(LD) $(LDFLAGS) -o $@.tmp $(OBJS) --start-group $(LIBS) --end-group
	@# A position-independent image may only carry RELATIVE relocations.
	@bad=$$($(READELF) -rW $@.tmp | awk '/^[0-9a-f]+ /{print $$3}' | grep -v '^R_AARCH64_RELATIVE$$' | sort -u); \
	if [ -n "$$bad" ]; then echo "error: unsupported dynamic relocations: $$bad" >&2; rm -f $@.tmp; exit 1; fi
	@mv $@.tmp $@

$(IMAGE): $(ELF)
	@$(OBJCOPY) -O binary $< $@
	@python3 $(TOP)/tools/imgsize $(O)/hyptest.map $@

run: $(IMAGE)
	@$(TOP)/tools/hyptest run --arch $(ARCH) --platform $(PLATFORM) --image $(IMAGE) $(RUNFLAGS)

host-tests:
	@$(MAKE) --no-print-directory -C $(TOP)/tests O=$(abspath build/host) DEPS=$(DEPS)

check: $(IMAGE)
	@python3 $(TOP)/tools/check --image $(IMAGE) --deps $(DEPS)

clean:
	rm -rf $(O)

distclean:
	rm -rf $(TOP)/build

-include $(OBJS:.o=.d)
