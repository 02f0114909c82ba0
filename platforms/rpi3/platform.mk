# SPDX-License-Identifier: MIT
# Raspberry Pi 3 Model B (BCM2837): RAM from 0, PL011 UART0 at 0x3f201000,
# spin-table secondaries, no PSCI; the DT is dts/rpi3.dts (the board's
# firmware, or QEMU -M raspi3b -dtb, passes it to the image).
PLATFORM_ARCHS := arm64
PLATFORM_EARLY_UART := 0x3f201000
PLATFORM_DESC := Raspberry Pi 3 Model B (QEMU -M raspi3b, or the board)
PLATFORM_DTS := rpi3
