# SPDX-License-Identifier: MIT
# arm32: ARMv7-A with the Virtualization and Large Physical Address Extensions, run in HYP mode (PL2).
# Debian's newlib-nano (ARM-state multilib) and libfdt-dev:armel, both soft-float (tools/deps).
NEWLIB := $(DEPS)/newlib-arm32
LIBFDT := $(DEPS)/libfdt-arm32
# ARM state, no FP/SIMD code, and no unaligned accesses: parts run with the MMU off, where data
# accesses are Strongly-ordered and an unaligned one faults.
ARCH_CFLAGS := -marm -march=armv7ve -mfloat-abi=soft -mno-unaligned-access
ARCH_ASFLAGS := -marm -march=armv7ve -mfloat-abi=soft
# The coverage build's 64-bit counters: ARMv7-A has LDREXD/STREXD, so GCC updates them inline
# (-fprofile-update=atomic needs no libatomic), and there are no outline atomics to turn off.
ARCH_COVERAGE_CFLAGS :=
# newlib's ARM-state objects address data through literal pools in .text (R_ARM_ABS32): in a
# position-independent link those become R_ARM_RELATIVE relocations of text, which head.S applies
# with the MMU off before text is mapped read-only. libfdt-dev:armel is built for Linux (32-bit
# enums), newlib and hyptest for bare metal (short enums): no enum crosses the libfdt interface
# (it passes ints and pointers), so the linker's enum-size warning is turned off. There is no
# RELRO on a bare-metal target.
ARCH_LDFLAGS := -z notext --no-enum-size-warning
RELOC_RELATIVE := R_ARM_RELATIVE
# ARMv7 PL1 is AArch32 only: the image carries the AArch32 guest alone, and the AArch64 guest's
# tests are not built. The bench.* tests are (their guest benches run the AArch32 guest, the PMU
# cycle counter is lib/arm32/pmu.h). Not built for arm32: the EL3 shim and its tests (AArch64 EL3
# only: an arm32 image entered in Monitor mode says so and stops). The watchdog is common code
# (traps/watchdog.c) over the PL2 physical timer and the GIC drivers both arches share (traps/intc.c).
GUEST_ARCHS := a32
ARCH_NO_SRCS := selftest/test_guest_a64.c \
	boot/arm32/el3_shim.S boot/arm32/el3_slot.S boot/el3_psci.c selftest/test_boot_el3.c
# newlib's limits.h continues with GCC's own, which arm-none-eabi-gcc keeps in include-fixed.
ARCH_CPPFLAGS = -isystem $(shell $(CC) -print-file-name=include-fixed)
# No image as an ELF for loaders entering at EL3 (hyptest-el3.elf): the EL3 shim is arm64's.
ARCH_EL3_SHIM := no
ifneq ($(UBSAN),)
$(error UBSAN=1 is arm64 only (lib/ubsan.c has not been brought up on arm32))
endif
ifneq ($(filter floor,$(MAKECMDGOALS)),)
$(error the floor image (make floor) is arm64 only: it is the yardstick of bench.*, not built for arm32)
endif
