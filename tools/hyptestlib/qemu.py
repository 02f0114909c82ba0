# SPDX-License-Identifier: MIT
# What to boot where: the arch and platform tables, the image bootargs and the QEMU command line.
import os
import shlex
from dataclasses import dataclass

from .uboot import IMAGE_ADDR as UBOOT_IMAGE_ADDR

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
    el3_prop: str = "secure=on"  # machine property that starts the image at EL3 (--el3)
    el3_image: str = "build/{arch}-{platform}/hyptest-el3.elf"  # what --el3 boots: an ELF, entered at EL3


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



@dataclass(frozen=True)
class Board:
    """A board QEMU models with a fixed shape: its own machine, CPUs and RAM, and a DT from dts/."""
    machine: str  # -M
    cpus: int  # -smp: the machine's fixed CPU count
    mem: str  # -m: the machine's fixed RAM size
    dtb: str  # -dtb, relative to the image's directory (QEMU makes no DT for these machines)


# QEMU enters a -kernel image on these at EL2 (the CPUs have EL3, the boot code drops to EL2).
BOARDS = {
    "rpi3": Board(machine="raspi3b", cpus=4, mem="1G", dtb="dtb/rpi3.dtb"),
}

# Platforms QEMU can boot: qemu-virt on the arch's virt machine, the boards above on theirs.
PLATFORMS = ("qemu-virt",) + tuple(BOARDS)

# The GICs QEMU's virt offers (--gic, -M virt,gic-version=N) on both arches. max is the newest the
# accelerator has: under TCG with virtualization=on a GICv4 (QEMU 7.2), whose redistributors are
# twice as wide as a GICv3's. Without --gic, each arch boots its machine_props (arm64: 3; arm32: no
# gic-version, QEMU's default GICv2).
GIC_VERSIONS = ("2", "3", "max")
# What the boards have instead of a GIC (the timers' interrupt controller), for --gic's refusal.
BOARD_INTC = {"rpi3": "the BCM2836 local intc"}

DEFAULT_CPUS = 1
DEFAULT_MEM = "1G"
DEFAULT_TIMEOUT = 30.0
GDB_PORT = 1234


def default_image(arch, platform, root=ROOT):
    return os.path.join(root, ARCHES[arch].image.format(arch=arch, platform=platform))


def el3_image_for(arch, platform, image=None, root=ROOT):
    """The ELF --el3 boots: `image` if it is one, else hyptest-el3.elf beside it (or the default build's)."""
    if image is None:
        return os.path.join(root, ARCHES[arch].el3_image.format(arch=arch, platform=platform))
    if image.endswith(".elf"):
        return image
    return os.path.join(os.path.dirname(image), os.path.basename(ARCHES[arch].el3_image))


def elf_for(image):
    """The ELF with symbols that sits beside an image.

    hyptest-el3.elf is hyptest.bin's bytes as an ELF, with no symbols of the
    payload: its symbols are hyptest.elf's beside it, as hyptest.bin's are.
    """
    base, ext = os.path.splitext(image)
    if ext == ".bin":
        return base + ".elf"
    if os.path.basename(image) == os.path.basename(ARCHES["arm64"].el3_image):
        return os.path.join(os.path.dirname(image), "hyptest.elf")
    return image


def platform_shape(platform, cpus=None, mem=None, el1=False):
    """(cpus, mem, problem): what to boot `platform` with, given what was asked (None: nothing).

    A board's CPU count and RAM are fixed by its QEMU machine: anything else
    is refused with a message saying so (problem), never silently changed.
    """
    b = BOARDS.get(platform)
    if b is None:
        return cpus or DEFAULT_CPUS, mem or DEFAULT_MEM, None
    if cpus not in (None, b.cpus):
        return cpus, mem, ("--platform %s: QEMU -M %s has exactly %d CPUs (start fewer with --append cpus=N)"
                           % (platform, b.machine, b.cpus))
    if mem not in (None, b.mem):
        return cpus, mem, "--platform %s: QEMU -M %s has exactly %s of RAM" % (platform, b.machine, b.mem)
    if el1:
        return cpus, mem, "--platform %s: QEMU -M %s always enters the image at EL2" % (platform, b.machine)
    return b.cpus, b.mem, None


def gic_problem(platform, gic):
    """Why --gic cannot be given for `platform` (a board has its own interrupt controller), or None."""
    b = BOARDS.get(platform)
    if gic is None or b is None:
        return None
    return ("--gic %s: --platform %s has no GIC (QEMU -M %s: its timers reach the CPUs through %s)"
            % (gic, platform, b.machine, BOARD_INTC.get(platform, "its own interrupt controller")))


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
            el1=False, el3=False, gdb=False, dtb=None, qemu_args=(), platform="qemu-virt", uboot=None, gic=None):
    """The QEMU command line (a list) that boots `image` with kernel command line `append`.

    el3: the machine also gets the arch's el3_prop (secure=on): QEMU then
    starts an ELF image at EL3 on every CPU, with no PSCI of its own.

    -nographic with -monitor none and -serial stdio gives exactly one serial
    port, on stdout (QEMU 7.2 refuses -nographic -serial stdio only when the
    monitor is left to share stdio). On a board (BOARDS) the machine, its
    CPU count, RAM and DT are the board's. uboot: a U-Boot binary to run as
    the firmware, with the image preloaded where uboot.py boots it from (the
    bootargs are then typed at U-Boot's prompt, not given here). gic: one
    of GIC_VERSIONS, virt's gic-version in place of the arch's own (a board
    has no GIC: gic_problem() says so, and it is ignored here).
    """
    a = ARCHES[arch]
    board = BOARDS.get(platform)
    if board:
        machine, cpus, mem = board.machine, board.cpus, board.mem
        dtb = dtb or os.path.join(os.path.dirname(image), board.dtb)
    else:
        props = list(a.machine_props)
        if gic is not None:
            props = [p for p in props if not p.startswith("gic-version=")] + ["gic-version=" + gic]
        machine = ",".join([a.machine] + ([a.el3_prop] if el3 else []) + ([] if el1 else [a.el2_prop]) + props)
        cpu_model = cpu_model or a.cpu
    cmd = [qemu or a.qemu, "-M", machine] + (["-cpu", cpu_model] if cpu_model else []) + [
           "-smp", str(cpus), "-m", str(mem), "-nographic", "-nic", "none", "-monitor", "none",
           "-serial", "stdio", "-semihosting-config", "enable=on,target=native"]
    if uboot:
        cmd += ["-bios", uboot, "-device", "loader,file=%s,addr=0x%x,force-raw=on" % (image, UBOOT_IMAGE_ADDR)]
    else:
        cmd += ["-kernel", image, "-append", append]
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
