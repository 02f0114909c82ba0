# SPDX-License-Identifier: MIT
# QEMU -M virt: PL011 at 0x09000000, RAM from 0x40000000.
PLATFORM_ARCHS := arm64 arm32
PLATFORM_EARLY_UART := 0x09000000
PLATFORM_DESC := QEMU virt machine (virtualization=on for EL2)
# EL3 entry (-M virt,secure=on with hyptest-el3.elf): QEMU puts the DTB at the
# start of RAM for an image that is not a Linux kernel, and leaves x0 = 0;
# the ELF sits 2 MiB above, leaving QEMU that room for the DTB.
PLATFORM_EL3_DTB := 0x40000000
PLATFORM_ELF_BASE := 0x40200000
# The GIC distributor (the DT's /intc reg[0], for gic-version=2, 3 and
# max alike) and, for a GICv2, its CPU interface (reg[1]): the EL3 shim
# sets a GICv3's GICD_CTLR.DS so that it has one security state, or makes
# a GICv2's interrupts Non-secure and opens its Secure priority mask
# (el3_shim.S).
PLATFORM_EL3_GICD := 0x08000000
PLATFORM_EL3_GICC := 0x08010000
