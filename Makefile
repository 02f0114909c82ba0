# SPDX-License-Identifier: MIT
# hyptest: build the image (ARCH, PLATFORM, O, INJECT), run it, check it.
#
#   make [ARCH=arm64] [PLATFORM=qemu-virt] [O=build/<arch>-<platform>] [INJECT=knob]
#   make run      boot one randomized seed under QEMU
#   make check    host unit tests + the QEMU self-test suite
#   make check-lava   the generated LAVA jobs run by Debian's lava-dispatcher (installs it)
#
# Missing tools and libraries are installed by tools/deps (apt), cached under
# build/deps. `make help` lists the targets.

SHELL := /bin/bash
.DEFAULT_GOAL := all
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

VALID_ARCHS := arm64 arm32
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
# Entry without a DTB in x0 (an ELF: boot/arm64/el3_shim.S at EL3, the
# loader at EL2, hyptest.elf's symfile_entry): where the platform puts the
# DTB then (0: take x0). The counter frequency firmware must set (0: leave
# CNTFRQ_EL0 alone). Where ELF files are loaded (empty: no hyptest-el3.elf,
# and hyptest.elf is loaded at its link address, 0).
PLATFORM_EL3_DTB ?= 0
PLATFORM_CNTFRQ ?= 0
PLATFORM_EL3_GICD ?= 0
PLATFORM_EL3_GICC ?= 0
PLATFORM_ELF_BASE ?=
ifeq ($(filter $(ARCH),$(PLATFORM_ARCHS)),)
$(error PLATFORM '$(PLATFORM)' does not support ARCH '$(ARCH)' (it supports: $(PLATFORM_ARCHS)))
endif

# Knobs: each name must be in selftest/knobs.def.
KNOBS_FILE := $(TOP)/selftest/knobs.def
KNOB_NAMES := $(shell sed -e 's/\#.*//' $(KNOBS_FILE) | awk -F'|' 'NF > 1 {gsub(/ /, "", $$1); print $$1}')
comma := ,
space := $(empty) $(empty)
INJECT_LIST := $(subst $(comma), ,$(INJECT))
$(foreach k,$(INJECT_LIST),$(if $(filter $(k),$(KNOB_NAMES)),,$(error unknown INJECT knob '$(k)'; valid: $(KNOB_NAMES))))
INJECT_DEFS := $(foreach k,$(INJECT_LIST),-DINJECT_$(shell echo $(k) | tr 'a-z-' 'A-Z_'))
INJECT_SUFFIX := $(if $(INJECT_LIST),-inject-$(subst $(space),+,$(INJECT_LIST)))

# UBSAN=1: the UBSan build (-fsanitize=undefined, handlers in lib/ubsan.c), in its own O.
UBSAN ?=
ifneq ($(filter-out 1,$(UBSAN)),)
$(error UBSAN='$(UBSAN)': use UBSAN=1 or leave it unset)
endif
# UBSan's locations carry the full source path; the handlers print it from SRC_ROOT on.
UBSAN_CFLAGS := $(if $(UBSAN),-fsanitize=undefined -DHYPTEST_UBSAN -DHYPTEST_SRC_ROOT='"$(TOP)/"')

# COVERAGE=1: the gcov build (docs/coverage.md): every C file of the hypervisor and the loader
# counts its arcs (atomically, for SMP), and lib/gcov.c writes the counters out by semihosting
# when the image leaves; in its own O. `make coverage` boots it over a matrix and renders lcov's
# report. Its structures are GCC 12's: another compiler version is refused here.
COVERAGE ?=
ifneq ($(filter-out 1,$(COVERAGE)),)
$(error COVERAGE='$(COVERAGE)': use COVERAGE=1 or leave it unset)
endif
ifneq ($(and $(COVERAGE),$(UBSAN)),)
$(error COVERAGE=1 and UBSAN=1 are separate builds: give one of them)
endif

O ?= build/$(ARCH)-$(PLATFORM)$(INJECT_SUFFIX)$(if $(PAD),-pad$(PAD))$(if $(UBSAN),-ubsan)$(if $(COVERAGE),-coverage)
DEPS ?= build/deps
override O := $(abspath $(O))
override DEPS := $(abspath $(DEPS))

# --- dependencies: tools/deps installs packages and builds what Debian lacks ---
DEPS_MK := $(DEPS)/deps.mk
$(DEPS_MK): $(TOP)/tools/deps
	@$(TOP)/tools/deps $(DEPS)
	@$(TOP)/tools/deps --print $(DEPS) > $@.tmp && mv $@.tmp $@
ifeq ($(filter help clean distclean format seqcheck,$(MAKECMDGOALS)),)
-include $(DEPS_MK)
endif

# --- toolchain ---
CROSS_arm64 := aarch64-linux-gnu-
CROSS_arm32 := arm-none-eabi-
CROSS := $(CROSS_$(ARCH))
CC := $(CROSS)gcc
LD := $(CROSS)ld
OBJCOPY := $(CROSS)objcopy
READELF := $(CROSS)readelf
NEWLIB := $(DEPS)/newlib-aarch64
LIBFDT := $(DEPS)/libfdt-arm64
# Per-arch settings (arm64 above and in the flags below; arm32 in its own fragment).
# ARCH_EL3_SHIM = no: the arch has no EL3 shim, so no hyptest-el3.elf.
ARCH_EL3_SHIM := yes
ARCH_CFLAGS := -mgeneral-regs-only -mstrict-align -mbranch-protection=none
ARCH_ASFLAGS :=
ARCH_LDFLAGS := -z text -z norelro
RELOC_RELATIVE := R_AARCH64_RELATIVE
ARCH_CPPFLAGS :=
# The coverage build's counters are updated with inline LDXR/STXR: libgcc's outline atomics
# would need their LSE probe, a constructor reading the Linux auxiliary vector.
ARCH_COVERAGE_CFLAGS := -mno-outline-atomics
ARCH_NO_SRCS :=
ARCH_SRCS :=
# The tiny guests the image carries (guest/prog/<name>/): an AArch64 hypervisor runs both widths.
GUEST_ARCHS := a64 a32
-include $(TOP)/boot/$(ARCH)/arch.mk
GCC_INCLUDE = $(shell $(CC) -print-file-name=include)
LIBGCC = $(shell $(CC) -print-libgcc-file-name)

CPPFLAGS = -nostdinc -isystem $(NEWLIB)/include -isystem $(GCC_INCLUDE) -I$(LIBFDT)/include \
	-I$(TOP) -I$(O)/gen -I$(TOP)/mm/$(ARCH) \
	-DPLATFORM_EARLY_UART=$(PLATFORM_EARLY_UART) -DPLATFORM_EL3_DTB=$(PLATFORM_EL3_DTB) \
	-DPLATFORM_CNTFRQ=$(PLATFORM_CNTFRQ) -DPLATFORM_EL3_GICD=$(PLATFORM_EL3_GICD) \
	-DPLATFORM_EL3_GICC=$(PLATFORM_EL3_GICC) -DHYPTEST_ARCH_$(ARCH) \
	-DHYPTEST_EL3_ELF=$(if $(EL3_ELF),1,0) \
	$(INJECT_DEFS) $(CPPFLAGS_PAD) $(ARCH_CPPFLAGS) $(COVERAGE_CPPFLAGS)
# arm64's ARCH_CFLAGS: -mgeneral-regs-only: no FP/SIMD state in EL2 code. -mstrict-align: parts run
# with the MMU off, where data accesses are Device memory and must be aligned.
# -Os: most code runs once per boot, so size (the image, QEMU's translation)
# matters more than speed; the guest exit path (guest/vm.c) keeps -O2.
CFLAGS = -std=gnu11 -Os -g -ffreestanding -fno-builtin-printf -Wall -Wextra -Werror \
	-Wno-unused-parameter $(ARCH_CFLAGS) -fpie -fno-plt \
	-fno-omit-frame-pointer $(STACKPROT) -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -MMD -MP \
	-fmacro-prefix-map=$(TOP)/= -include $(TOP)/lib/hidden.h $(UBSAN_CFLAGS)
# The coverage build's instrumentation (the rule for .c files adds it; lib/gcov.c, the runtime
# that writes the counters out, goes without). -fprofile-info-section: a pointer to each
# object's gcov_info in section .gcov_info, which the link scripts collect, instead of a
# constructor calling libgcov.
COVERAGE_CFLAGS := $(if $(COVERAGE),-fprofile-arcs -ftest-coverage -fprofile-update=atomic \
	-fprofile-info-section $(ARCH_COVERAGE_CFLAGS))
COVERAGE_CPPFLAGS := $(if $(COVERAGE),-DHYPTEST_COVERAGE)
ifneq ($(COVERAGE),)
ifeq ($(filter help clean distclean format,$(MAKECMDGOALS)),)
ifneq ($(shell $(CC) -dumpversion 2>/dev/null | cut -d. -f1),12)
$(error COVERAGE=1: lib/gcov.c knows GCC 12's gcov structures; $(CC) is $(shell $(CC) -dumpversion))
endif
endif
endif
# Canaries in every function with an array or an address-taken local
# (lib/stackprot.c); the stackprot-off knob builds without them.
STACKPROT := $(if $(filter stackprot-off,$(INJECT_LIST)),-fno-stack-protector,-fstack-protector-strong)
ASFLAGS = -g -D__ASSEMBLER__ -MMD -MP -Wa,--fatal-warnings $(ARCH_ASFLAGS)
LDFLAGS = -nostdlib -pie --no-dynamic-linker $(ARCH_LDFLAGS) -z noexecstack \
	-z max-page-size=4096 --fatal-warnings --gc-sections --build-id=none

# The hypervisor ("payload"): linked PIE, relocated by its own head.S for the
# VA the loader chose.
PAYLOAD_SRCS := \
	boot/$(ARCH)/head.S boot/$(ARCH)/smp_entry.S boot/main.c boot/placement.c boot/smp.c boot/symfile.c \
	boot/$(ARCH)/el3_slot.S \
	mm/pgtable.c mm/boot.c mm/pmap.c mm/runtime.c mm/bootmem.c \
	traps/$(ARCH)/vectors.S traps/$(ARCH)/probe.S traps/traps.c traps/vsysreg.c \
	traps/passthrough.c mm/stage2.c guest/vm.c guest/$(ARCH)/vcpu.c guest/$(ARCH)/vcpu_entry.S \
	guest/blobs.S \
	lib/console.c lib/syscalls.c lib/stackprot.c lib/bootargs.c lib/dt.c lib/exit.c \
	lib/$(ARCH)/exit.c lib/$(ARCH)/jmp.S lib/string.c \
	selftest/selftest.c selftest/select.c selftest/report.c selftest/scratch.c selftest/el2walk.c \
	traps/watchdog.c traps/intc.c traps/gic_v2.c traps/gic_v3.c traps/bcm2836_intc.c \
	lib/dt_irq.c \
	lib/$(ARCH)/stackprot_seed.S lib/ubsan.c selftest/hardening.c \
	platforms/$(PLATFORM)/platform.c \
	$(patsubst $(TOP)/%,%,$(sort $(wildcard $(TOP)/selftest/test_*.c))) \
	$(if $(PAD),boot/pad.c) $(if $(COVERAGE),lib/gcov.c) $(ARCH_SRCS)
PAYLOAD_SRCS := $(filter-out $(ARCH_NO_SRCS),$(PAYLOAD_SRCS))
# The loader stub: the image's entry; carries the payload and places it.
LOADER_SRCS := \
	boot/$(ARCH)/loader_head.S boot/loader.c boot/$(ARCH)/loader_arch.c boot/payload.S \
	boot/$(ARCH)/el3_shim.S boot/$(ARCH)/el3_slot.S boot/el3_psci.c \
	boot/placement.c lib/bootargs.c lib/dt.c lib/console.c lib/syscalls.c lib/stackprot.c \
	lib/$(ARCH)/stackprot_seed.S lib/ubsan.c \
	lib/exit.c lib/$(ARCH)/exit.c selftest/report.c platforms/$(PLATFORM)/platform.c lib/string.c \
	$(if $(COVERAGE),lib/gcov.c)
LOADER_SRCS := $(filter-out $(ARCH_NO_SRCS),$(LOADER_SRCS))
objs = $(addprefix $(O)/obj/,$(addsuffix .o,$(basename $(1))))

PAYLOAD_OBJS := $(call objs,$(PAYLOAD_SRCS))
# The UBSan runtime itself is never instrumented (it would report into itself).
$(O)/obj/lib/ubsan.o: CFLAGS += -fno-sanitize=all
# The code that runs before the runtime mapping exists (MMU off, then the
# temporary mapping: boot_tables_build, boot_switch_temp and the table code
# they call) carries neither canaries nor UBSan checks: the compiler reaches
# __stack_chk_guard and the __ubsan_handle_* entry points through the GOT,
# which holds runtime VAs that are not mapped yet. The table code runs under
# ASan and UBSan in the host tests instead.
$(O)/obj/mm/boot.o $(O)/obj/mm/pgtable.o: CFLAGS += -fno-stack-protector -fno-sanitize=all
# The gcov runtime counts nothing of its own: it reads the counters while other CPUs may still count.
$(O)/obj/lib/gcov.o: COVERAGE_CFLAGS :=
LOADER_OBJS := $(call objs,$(LOADER_SRCS))
OBJS := $(sort $(PAYLOAD_OBJS) $(LOADER_OBJS))

# PAD=3M etc: pad the hypervisor past a size (seed 003: no fixed-size window).
ifneq ($(PAD),)
PAD_BYTES := $(shell numfmt --from=iec $(PAD) 2>/dev/null)
ifeq ($(PAD_BYTES),)
$(error PAD='$(PAD)' is not a size like 3M or 17M)
endif
CPPFLAGS_PAD := -DHYPTEST_PAD_BYTES=$(PAD_BYTES)
endif

# Everything is rebuilt when the compiler flags change (a knob, PAD, CFLAGS).
FLAGS_STAMP := $(O)/gen/flags
FLAGS_NOW := $(CFLAGS) $(COVERAGE_CFLAGS) $(ASFLAGS) $(INJECT_DEFS) $(CPPFLAGS_PAD) $(PLATFORM_EARLY_UART) \
	$(PLATFORM_EL3_DTB) $(PLATFORM_CNTFRQ) $(PLATFORM_EL3_GICD) $(PLATFORM_EL3_GICC)
ifeq ($(filter help clean distclean,$(MAKECMDGOALS)),)
$(shell mkdir -p $(O)/gen && { [ "$$(cat $(FLAGS_STAMP) 2>/dev/null)" = '$(FLAGS_NOW)' ] || echo '$(FLAGS_NOW)' > $(FLAGS_STAMP); })
endif

IMAGE := $(O)/hyptest.bin
ELF := $(O)/hyptest.elf
PAYLOAD := $(O)/payload.bin
LOADER_ELF := $(O)/loader.elf
LIBS = $(LIBFDT)/lib/libfdt.a $(NEWLIB)/lib/libc.a $(LIBGCC)

# The tiny guests (guest/prog/): EL1 programs linked at their RAM's IPA,
# AArch64 with the image's cross compiler and AArch32 (A32) with
# arm-none-eabi; each is carried in the image as a blob with its DTB
# (guest/blobs.S).
GUEST_CC_a64 := aarch64-linux-gnu-gcc
GUEST_CC_a32 := arm-none-eabi-gcc
GUEST_OBJCOPY_a64 := aarch64-linux-gnu-objcopy
GUEST_OBJCOPY_a32 := arm-none-eabi-objcopy
GUEST_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdlib -fno-pic -no-pie -static -fno-builtin \
	-fno-stack-protector -fno-asynchronous-unwind-tables -Wall -Wextra -Werror \
	-Wno-unused-parameter -I$(TOP) -Wl,--build-id=none -Wl,--fatal-warnings
GUEST_CFLAGS_a64 := -mgeneral-regs-only -mstrict-align -mbranch-protection=none
GUEST_CFLAGS_a32 := -marm -march=armv7ve -mfloat-abi=soft -mno-unaligned-access
GUEST_DEPS := $(TOP)/guest/prog/guest.c $(TOP)/guest/prog/guest.h $(TOP)/guest/abi.h \
	$(TOP)/guest/prog/guest.lds

define guest_rules
$(O)/guest/$(1).elf: $(TOP)/guest/prog/$(1)/start.S $(TOP)/guest/prog/$(1)/arch.c $(GUEST_DEPS) $(DEPS_MK)
	@mkdir -p $$(dir $$@)
	@echo "  GUEST   $(1)"
	@$$(GUEST_CC_$(1)) $$(GUEST_CFLAGS) $$(GUEST_CFLAGS_$(1)) -T $(TOP)/guest/prog/guest.lds \
		-o $$@ $(TOP)/guest/prog/$(1)/start.S $(TOP)/guest/prog/$(1)/arch.c $(TOP)/guest/prog/guest.c -lgcc
$(O)/guest/$(1).bin: $(O)/guest/$(1).elf
	@$$(GUEST_OBJCOPY_$(1)) -O binary $$< $$@
endef
$(foreach a,$(GUEST_ARCHS),$(eval $(call guest_rules,$(a))))
GUEST_BLOBS := $(foreach a,$(GUEST_ARCHS),$(O)/guest/$(a).bin $(O)/dtb/guest/$(a).dtb)
$(O)/obj/guest/blobs.o: $(GUEST_BLOBS)
$(O)/obj/guest/blobs.o: ASFLAGS += $(foreach a,$(GUEST_ARCHS),\
	-DGUEST_$(a)_BIN='"$(O)/guest/$(a).bin"' -DGUEST_$(a)_DTB='"$(O)/dtb/guest/$(a).dtb"')

# DTBs for the bad-input boots and the fragmented-RAM boots (make check):
# cpp, then dtc, one rule for every dts/ file the image build uses.
DTS_BAD := $(sort $(wildcard $(TOP)/dts/bad/*.dts) $(wildcard $(TOP)/dts/test/fragmented*.dts))
DTBS := $(patsubst $(TOP)/dts/%.dts,$(O)/dtb/%.dtb,$(DTS_BAD))
# The platform's own DT (platform.mk PLATFORM_DTS), for firmware/QEMU that make none.
DTBS += $(foreach d,$(PLATFORM_DTS),$(O)/dtb/$(d).dtb)

$(O)/dtb/%.dtb: $(TOP)/dts/%.dts $(DEPS_MK)
	@mkdir -p $(dir $@)
	@echo "  DTC     dts/$*.dts"
	@cpp -nostdinc -undef -x assembler-with-cpp -I$(dir $<) -I$(TOP) -MD -MF $@.d -MT $@ -o $@.pre $<
	@dtc -q -I dts -O dtb -o $@ $@.pre

# The image as an ELF linked at PLATFORM_ELF_BASE, for loaders that take ELF
# files and enter at EL3 (QEMU -M virt,secure=on -kernel, an FVP's -a): the
# same bytes as hyptest.bin, in one segment (boot/arm64/image_elf.S).
EL3_ELF := $(if $(and $(PLATFORM_ELF_BASE),$(filter yes,$(ARCH_EL3_SHIM))),$(O)/hyptest-el3.elf)
$(O)/hyptest-el3.elf: $(IMAGE) $(TOP)/boot/$(ARCH)/image_elf.S $(TOP)/boot/$(ARCH)/image_elf.lds \
		$(TOP)/platforms/$(PLATFORM)/platform.mk
	@echo "  ELF     $(notdir $@) at $(PLATFORM_ELF_BASE)"
	@$(CC) $(ASFLAGS) -DIMAGE_BIN='"$(IMAGE)"' -MF $(O)/obj/image_elf.d -MT $@ -c \
		-o $(O)/obj/image_elf.o $(TOP)/boot/$(ARCH)/image_elf.S
	@$(LD) --fatal-warnings --build-id=none -z max-page-size=4096 -T $(TOP)/boot/$(ARCH)/image_elf.lds \
		--defsym=ELF_BASE=$(PLATFORM_ELF_BASE) -o $@ $(O)/obj/image_elf.o

# The platform's own DT (PLATFORM_DTS), with dtc's default checks and the
# strict ones it leaves off; any warning fails the build.
DTC_STRICT := -W node_name_chars_strict -W property_name_chars_strict
PLATFORM_DTB := $(if $(PLATFORM_DTS),$(O)/$(PLATFORM_DTS).dtb)
ifneq ($(PLATFORM_DTB),)
$(PLATFORM_DTB): $(O)/%.dtb: $(TOP)/dts/%.dts $(DEPS_MK)
	@mkdir -p $(dir $@)
	@echo "  DTC     dts/$*.dts (strict)"
	@cpp -nostdinc -undef -x assembler-with-cpp -I$(dir $<) -I$(TOP) -MD -MF $@.d -MT $@ -o $@.pre $<
	@dtc $(DTC_STRICT) -I dts -O dtb -o $@ $@.pre 2> $@.log; rc=$$?; cat $@.log >&2; \
	if [ $$rc != 0 ] || [ -s $@.log ]; then rm -f $@; echo "error: dts/$*.dts: dtc warnings or errors" >&2; exit 1; fi
endif

.PHONY: all help run check check-lava host-tests qemu-tests mutation mutants coverage clean distclean deps floor seqcheck
all: $(IMAGE) $(DTBS) $(EL3_ELF) $(PLATFORM_DTB)

help:
	@echo "targets: all (default), run, check, check-lava, mutation, host-tests, deps, floor, seqcheck, clean, distclean"
	@echo "         coverage [COVERAGEFLAGS=...]: gcov over a seed x CPU matrix on both arches, lcov's HTML"
	@echo "                  (docs/coverage.md; tools/coverage --help for COVERAGEFLAGS, e.g. --arch arm64)"
	@echo "         mutants [MUTANTS_COUNT=200 MUTANTS_JOBS=N MUTANTS_FLAGS=...]: generated mutants (docs/mutants.md)"
	@echo "         fuzz [FUZZ_SECONDS=60]: the fuzz targets (docs/fuzzing.md)"
	@echo "variables: ARCH=$(VALID_ARCHS) PLATFORM=$(VALID_PLATFORMS) O=<dir> INJECT=<knob,...> UBSAN=1 COVERAGE=1"
	@echo "knobs: $(KNOB_NAMES)"

deps: $(DEPS_MK)

$(O)/gen/asm-offsets.h: $(TOP)/lib/asm-offsets.c $(DEPS_MK) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@$(CC) $(CPPFLAGS) $(CFLAGS) -MF $(O)/gen/asm-offsets.dep -MT $@ -S -o $@.s $<
	@sed -n 's/.*->\([A-Z0-9_]*\) #\{0,1\}\([0-9-]*\).*/#define \1 \2/p' $@.s > $@.tmp
	@test -s $@.tmp || { echo "asm-offsets: no definitions generated" >&2; exit 1; }
	@mv $@.tmp $@; rm -f $@.s

$(O)/obj/guest/vm.o: CFLAGS += -O2

$(O)/obj/%.o: $(TOP)/%.c $(O)/gen/asm-offsets.h $(DEPS_MK) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $*.c"
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(COVERAGE_CFLAGS) -c -o $@ $<

$(O)/obj/%.o: $(TOP)/%.S $(O)/gen/asm-offsets.h $(DEPS_MK) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  AS      $*.S"
	@$(CC) $(CPPFLAGS) $(ASFLAGS) -c -o $@ $<

# Link a PIE and refuse any dynamic relocation but RELATIVE: $(call link,out,objs,lds,map)
define link
	@echo "  LD      $(notdir $(1))"
	@$(LD) $(LDFLAGS) -T $(3) -Map=$(4) -o $(1).tmp $(2) --start-group $(LIBS) --end-group
	@bad=$$($(READELF) -rW $(1).tmp | awk '/^[0-9a-f]+ /{print $$3}' | grep -v '^$(RELOC_RELATIVE)$$' | sort -u); \
	if [ -n "$$bad" ]; then echo "error: $(notdir $(1)): unsupported dynamic relocations: $$bad" >&2; rm -f $(1).tmp; exit 1; fi
	@mv $(1).tmp $(1)
endef

$(O)/gen/hyptest.lds: $(TOP)/boot/$(ARCH)/hyptest.lds.S $(TOP)/boot/image.lds.h $(DEPS_MK) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@$(CC) -E -P -x c -undef $(CPPFLAGS_PAD) $(if $(PLATFORM_ELF_BASE),-DIMAGE_LMA=$(PLATFORM_ELF_BASE)) -o $@ $<

$(ELF): $(PAYLOAD_OBJS) $(O)/gen/hyptest.lds
	$(call link,$@,$(PAYLOAD_OBJS),$(O)/gen/hyptest.lds,$(O)/hyptest.map)

$(PAYLOAD): $(ELF)
	@$(OBJCOPY) -O binary $< $@

$(O)/obj/boot/payload.o: $(PAYLOAD)
$(O)/obj/boot/payload.o: ASFLAGS += -DPAYLOAD_BIN='"$(PAYLOAD)"'

$(LOADER_ELF): $(LOADER_OBJS) $(TOP)/boot/$(ARCH)/loader.lds
	$(call link,$@,$(LOADER_OBJS),$(TOP)/boot/$(ARCH)/loader.lds,$(O)/loader.map)

$(IMAGE): $(LOADER_ELF)
	@$(OBJCOPY) -O binary $< $@
	@python3 $(TOP)/tools/imgsize $(O)/loader.map $(O)/hyptest.map $@

# The floor image (boot/arm64/floor.S): prints one line and exits, the yardstick of `hyptest bench`.
FLOOR := $(O)/floor.bin
floor: $(FLOOR)
$(FLOOR): $(O)/obj/boot/$(ARCH)/floor.o
	@echo "  LD      floor.elf"
	@$(LD) -nostdlib --fatal-warnings --build-id=none -Ttext=0 -e _start -o $(O)/floor.elf $<
	@$(OBJCOPY) -O binary $(O)/floor.elf $@

# The sequence checker (tools/seqcheck, issue 21): a QEMU TCG plugin built with the host gcc, which
# `hyptest run|loop --check-sequences` loads. It needs no cross toolchain and no QEMU header.
SEQCHECK := $(TOP)/build/seqcheck/seqcheck.so
SEQCHECK_SRCS := $(addprefix $(TOP)/tools/seqcheck/,plugin.c rules.c decode.c)
seqcheck: $(SEQCHECK)
$(SEQCHECK): $(SEQCHECK_SRCS) $(wildcard $(TOP)/tools/seqcheck/*.h) $(TOP)/lib/seqmark.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  seqcheck.so"
	@gcc -std=gnu11 -O2 -g -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden -I$(TOP) \
		-o $@.$$$$.tmp $(SEQCHECK_SRCS) -lpthread && mv $@.$$$$.tmp $@

run: $(IMAGE)
	@$(TOP)/tools/hyptest run --arch $(ARCH) --platform $(PLATFORM) --image $(IMAGE) $(RUNFLAGS)

host-tests:
	@$(MAKE) --no-print-directory -C $(TOP)/tests O=$(abspath build/host) DEPS=$(DEPS)

check: $(IMAGE) $(DTBS) $(EL3_ELF)
	@python3 $(TOP)/tools/check --image $(IMAGE) --deps $(DEPS)

# LAVA's own dispatcher (lava-run, no server) runs the jobs tools/hyptest lava writes, arm64 and arm32,
# on the device YAMLs in lava/. Installs lava-dispatcher first (heavy: not part of make check).
check-lava: $(IMAGE)
	@$(TOP)/tools/deps --lava $(DEPS)
	@python3 $(TOP)/tools/check --image $(IMAGE) --deps $(DEPS) --only lava

# Fuzz targets (tests/fuzz, docs/fuzzing.md): each for FUZZ_SECONDS, built into build/fuzz.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz: $(DEPS_MK)
	@$(MAKE) --no-print-directory -C $(TOP)/tests/fuzz run O=$(TOP)/build/fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

# Builds the COVERAGE=1 images of both arches itself (tools/coverage --help).
coverage:
	@$(TOP)/tools/deps --coverage $(DEPS)
	@python3 $(TOP)/tools/coverage --platform $(PLATFORM) $(COVERAGEFLAGS)

mutation: $(IMAGE)
	@python3 $(TOP)/tools/mutation --arch $(ARCH) --platform $(PLATFORM)

# Generated mutants of the hypervisor's own code (tools/mutants, docs/mutants.md): a seeded sample,
# each built in a scratch copy of the tree (build/mutants/) and booted on both arches; hours on 2
# cores, outside make check (which runs the fixed sample of tools/mutants.check). Resumable.
MUTANTS_COUNT ?= 200
MUTANTS_JOBS ?= $(shell nproc)
MUTANTS_FLAGS ?=
mutants: $(DEPS_MK)
	@python3 $(TOP)/tools/mutants run --count $(MUTANTS_COUNT) --jobs $(MUTANTS_JOBS) --deps $(DEPS) $(MUTANTS_FLAGS)

clean:
	rm -rf $(O)

distclean:
	rm -rf $(TOP)/build

-include $(OBJS:.o=.d) $(O)/gen/asm-offsets.dep $(DTBS:=.d) $(PLATFORM_DTB:=.d) $(if $(EL3_ELF),$(O)/obj/image_elf.d)
