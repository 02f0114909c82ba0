# SPDX-License-Identifier: MIT
# QEMU -M virt: PL011 at 0x09000000, RAM from 0x40000000.
PLATFORM_ARCHS := arm64 arm32
PLATFORM_EARLY_UART := 0x09000000
PLATFORM_DESC := QEMU virt machine (virtualization=on for EL2)
