# SPDX-License-Identifier: MIT
# Arm FVP_Base_RevC-2xAEMvA (the Base FVP): UART0 PL011 at 0x1c090000, DRAM
# from 0x80000000, GICv3 at 0x2f000000. Entered at EL3 on every CPU (RVBAR or
# -a): the EL3 shim provides PSCI. `tools/hyptest fvp-cmd` prints the model's
# command line for the built image.
PLATFORM_ARCHS := arm64
PLATFORM_EARLY_UART := 0x1c090000
PLATFORM_DESC := Arm Base FVP (FVP_Base_RevC-2xAEMvA), entered at EL3
# The image is loaded at 0x80080000 (--data ...@0x80080000, RVBAR) and the
# DTB at 0x82000000 (--data fvp-base.dtb@0x82000000), the places TF-A's FVP
# port uses; x0 is not defined at reset, so the shim takes the DTB from here.
PLATFORM_ELF_BASE := 0x80080000
PLATFORM_EL3_DTB := 0x82000000
# The Base FVP's system counter runs at 100 MHz (its CNTFID0); CNTFRQ_EL0
# resets UNKNOWN and only EL3 can set it.
PLATFORM_CNTFRQ := 100000000
PLATFORM_DTS := fvp-base
# The GICv3 distributor (dts/fvp-base.dts): the EL3 shim sets GICD_CTLR.DS.
PLATFORM_EL3_GICD := 0x2f000000
