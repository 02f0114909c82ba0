# SPDX-License-Identifier: MIT
# What to boot where: the arch and platform tables, the image bootargs and the QEMU command line.
import os
import shlex
from dataclasses import dataclass

# The repository root: tools/hyptestlib/qemu.py -> tools/ -> root.
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@dataclass(frozen=True)
class Arch:
    """How QEMU boots one architecture's image."""
    name: str
    qemu: str  # the QEMU system binary
    machine: str  # -M base machine
    el2_prop: str  # machine property that gives the guest EL2 (dropped by --el1)
    machine_props: tuple  # other machine properties, always given
    cpu: str  # default -cpu model
    gdb: str  # debugger that understands the arch
    image: str  # image path template, relative to the repository root
    elf: str  # symbols for the debugger, same template


ARCHES = {
    "arm64": Arch(
        name="arm64",
        qemu="qemu-system-aarch64",
        machine="virt",
        el2_prop="virtualization=on",
        machine_props=("gic-version=3",),
        cpu="max",
        gdb="gdb-multiarch",
        image="build/{arch}-{platform}/hyptest.bin",
        elf="build/{arch}-{platform}/hyptest.elf",
    ),
    # ARMv7-A with the Virtualization Extensions (cortex-a15, cortex-a7): the image is a zImage,
    # entered in HYP mode. highmem=off keeps every device and all RAM (up to 3G) below 4 GiB,
    # which a 32-bit VA can reach.
    "arm32": Arch(
        name="arm32",
        qemu="qemu-system-arm",
        machine="virt",
        el2_prop="virtualization=on",
        machine_props=("highmem=off",),
        cpu="cortex-a15",
        gdb="gdb-multiarch",
        image="build/{arch}-{platform}/hyptest.bin",
        elf="build/{arch}-{platform}/hyptest.elf",
    ),
}

# Platforms QEMU can boot (FVP and boards get their own command builders later).
PLATFORMS = ("qemu-virt",)

DEFAULT_CPUS = 1
DEFAULT_MEM = "1G"
DEFAULT_TIMEOUT = 30.0
GDB_PORT = 1234


def default_image(arch, platform, root=ROOT):
    return os.path.join(root, ARCHES[arch].image.format(arch=arch, platform=platform))


def elf_for(image):
    """The ELF with symbols that sits beside an image."""
    base, ext = os.path.splitext(image)
    return base + ".elf" if ext == ".bin" else image


def bootargs(seed=None, tests=None, fmt=None, extra=None, exit_method="semihost"):
    """The kernel command line the image reads from /chosen/bootargs."""
    args = ["exit=%s" % exit_method]
    if seed is not None:
        args.append("seed=0x%x" % seed)
    if tests:
        args.append("tests=%s" % tests)
    if fmt and fmt != "text":
        args.append("format=%s" % fmt)
    if extra:
        args.append(extra.strip())
    return " ".join(a for a in args if a)


def semihost_exit(args):
    """True if the image was told to exit through semihosting (the last exit= wins)."""
    method = None
    for tok in args.split():
        if tok.startswith("exit="):
            method = tok[len("exit="):]
    return method == "semihost"


def command(arch, image, append, *, qemu=None, cpus=DEFAULT_CPUS, mem=DEFAULT_MEM, cpu_model=None,
            el1=False, gdb=False, dtb=None, qemu_args=()):
    """The QEMU command line (a list) that boots `image` with kernel command line `append`.

    -nographic with -monitor none and -serial stdio gives exactly one serial
    port, on stdout (QEMU 7.2 refuses -nographic -serial stdio only when the
    monitor is left to share stdio).
    """
    a = ARCHES[arch]
    machine = ",".join([a.machine] + ([] if el1 else [a.el2_prop]) + list(a.machine_props))
    cmd = [qemu or a.qemu, "-M", machine, "-cpu", cpu_model or a.cpu, "-smp", str(cpus), "-m", str(mem),
           "-nographic", "-nic", "none", "-monitor", "none", "-serial", "stdio",
           "-semihosting-config", "enable=on,target=native", "-kernel", image, "-append", append]
    if dtb:
        cmd += ["-dtb", dtb]
    cmd += list(qemu_args)
    if gdb:
        cmd += ["-s", "-S"]
    return cmd


def gdb_hint(arch, image):
    elf = elf_for(image)
    return "%s %s -ex %s" % (ARCHES[arch].gdb, shlex.quote(display_path(elf)),
                             shlex.quote("target remote :%d" % GDB_PORT))


def display_path(path):
    """A path as short as it can be said from the current directory."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return rel if not rel.startswith(".." + os.sep) and len(rel) < len(path) else path
