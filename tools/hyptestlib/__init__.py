# SPDX-License-Identifier: MIT
# The host runner's library: transcript parser (transcript), QEMU command lines (qemu), booting (boot), reports (report), the CLI (cli).
