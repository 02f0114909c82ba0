# SPDX-License-Identifier: MIT
# `hyptest fvp-cmd`: the Arm Base FVP (FVP_Base_RevC-2xAEMvA) command line that boots a PLATFORM=fvp-base image.
import os
import re
import shlex
import subprocess

from . import qemu

MODEL = "FVP_Base_RevC-2xAEMvA"
PLATFORM = "fvp-base"
CLUSTERS = 2
CORES = 4  # per cluster; dts/fvp-base.dts describes the same 2 x 4

# Every parameter the command sets, with the reason; names as Arm's FVP reference guide spells them.
PARAMS = (
    ("bp.secure_memory", "0", "no TrustZone address filtering: the EL3 shim and the hypervisor share DRAM"),
    ("cluster0.NUM_CORES", str(CORES), "2 x 4 cores, as dts/fvp-base.dts lists them"),
    ("cluster1.NUM_CORES", str(CORES), None),
    ("pctl.startup", "0.0.*.*,0.1.*.*", "every core leaves reset; the shim parks all but CPU 0 until PSCI CPU_ON"),
    ("bp.refcounter.non_arch_start_at_default", "1", "the system counter runs from reset (the shim starts it too)"),
    ("cache_state_modelled", "0", None),
    ("bp.vis.disable_visualisation", "1", "no GUI"),
    ("bp.terminal_0.start_telnet", "0", "no telnet terminals: UART0 goes to stdout"),
    ("bp.terminal_1.start_telnet", "0", None),
    ("bp.terminal_2.start_telnet", "0", None),
    ("bp.terminal_3.start_telnet", "0", None),
    ("bp.pl011_uart0.out_file", "-", None),
    ("bp.pl011_uart0.unbuffered_output", "1", None),
    ("bp.pl011_uart0.shutdown_on_eot", "1", "the model stops on EOT (0x04), which the image sends when it ends"),
    ("bp.ve_sysregs.exit_on_shutdown", "1", "PSCI SYSTEM_OFF (the shim's SYS_CFGCTRL shutdown) stops the model"),
)


class FvpError(Exception):
    """A problem with the inputs: one line for the user."""


def platform_addresses(root=qemu.ROOT):
    """(image base, DTB address) from platforms/fvp-base/platform.mk, the one place they are set."""
    path = os.path.join(root, "platforms", PLATFORM, "platform.mk")
    vals = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"\s*(PLATFORM_ELF_BASE|PLATFORM_EL3_DTB)\s*:?=\s*(0x[0-9a-fA-F]+)\s*$", line)
            if m:
                vals[m.group(1)] = int(m.group(2), 16)
    if len(vals) != 2:
        raise FvpError("%s does not set PLATFORM_ELF_BASE and PLATFORM_EL3_DTB" % qemu.display_path(path))
    return vals["PLATFORM_ELF_BASE"], vals["PLATFORM_EL3_DTB"]


def default_image(arch="arm64", root=qemu.ROOT):
    return qemu.default_image(arch, PLATFORM, root)


def check_image(path):
    """The image must exist and be a fvp-base build (its platform name is in the loader's rodata)."""
    if not os.path.isfile(path):
        raise FvpError("no image at %s: build it first with 'make PLATFORM=%s'" % (qemu.display_path(path), PLATFORM))
    with open(path, "rb") as f:
        data = f.read()
    if b"\0" + PLATFORM.encode() + b"\0" not in data:
        raise FvpError("%s is not a PLATFORM=%s image (build one with 'make PLATFORM=%s')"
                       % (qemu.display_path(path), PLATFORM, PLATFORM))


def dtb_with_bootargs(dtb, bootargs, out):
    """A copy of `dtb` at `out` whose /chosen/bootargs is `bootargs` (fdtput, from Debian's device-tree-compiler)."""
    with open(dtb, "rb") as f:
        blob = f.read()
    with open(out, "wb") as f:
        f.write(blob)
    try:
        p = subprocess.run(["fdtput", "-t", "s", out, "/chosen", "bootargs", bootargs], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    except OSError as e:
        raise FvpError("cannot run fdtput: %s (it comes with device-tree-compiler)" % (e.strerror or e))
    if p.returncode:
        raise FvpError("fdtput could not set /chosen/bootargs in %s: %s" % (qemu.display_path(out), p.stdout.strip()))
    return out


def command(image, dtb, model=MODEL, elf=None, cache_state_modelled=False, root=qemu.ROOT):
    """The model's argv (a list) and, per argument, a comment (or None), as (arg, comment) pairs.

    With elf, every core starts at the ELF's entry (-a cluster<N>.cpu*=); else
    the raw image is loaded with --data at the platform's base and every
    core's RVBAR points there. The DTB always goes in with --data at the
    platform's DTB address, where the image's EL3 shim looks for it.
    """
    base, dtb_addr = platform_addresses(root)
    out = [(model, None)]
    for name, value, why in PARAMS:
        if name == "cache_state_modelled":
            value = "1" if cache_state_modelled else "0"
            why = ("caches modelled: the shim enables no CCI snoops, so keep to one cluster (cpus=4)"
                   if cache_state_modelled else "no cache model: coherent across both clusters")
        out.append(("-C %s=%s" % (name, value), why))
    if elf:
        for c in range(CLUSTERS):
            out.append(("-a cluster%d.cpu*=%s" % (c, elf), "every core starts at the ELF's entry, at EL3" if not c
                        else None))
    else:
        for c in range(CLUSTERS):
            for n in range(CORES):
                out.append(("-C cluster%d.cpu%d.RVBAR=0x%x" % (c, n, base),
                            "every core resets into the image, at EL3" if not (c or n) else None))
        out.append(("--data cluster0.cpu0=%s@0x%x" % (image, base), "the image (hyptest.bin)"))
    out.append(("--data cluster0.cpu0=%s@0x%x" % (dtb, dtb_addr), "the DT; PLATFORM_EL3_DTB tells the image it is here"))
    return out


def render(pairs):
    """Shell text: what each argument is for as comment lines, then the command, one quoted argument a line."""
    head = ["# %s: %s" % (arg, why) for arg, why in pairs if why]
    body = []
    for i, (arg, _) in enumerate(pairs):
        text = " ".join(shlex.quote(w) for w in arg.split(" ", 1))
        body.append(("    " if i else "") + text + (" \\" if i + 1 < len(pairs) else ""))
    return "\n".join(head + body)
