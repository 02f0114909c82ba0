#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes the committed seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/) from the tree's DTS files, QEMU's DTB and known inputs.
"""Regenerate tests/fuzz/corpus/{dt,bootargs,placement,vsysreg}/.

dt:        every dts/ file compiled (cpp, then dtc), QEMU virt's own DTB
           (dumpdtb, packed by dtc) for 1 and 4 CPUs, and what fuzzing found:
           an empty blob, a version-9 one, a property of length -12.
bootargs:  bootargs lines the README, the runner and make check use, good and bad.
placement: requests in the harness's input format (see gen() in
           fuzz_placement.c): QEMU virt memory maps, every forced class,
           forced pa/va, the two-level regime, a map cut into more free
           ranges than the chooser keeps, RAM in the last page, no room.
vsysreg:   one syndrome per passthrough register and direction, and a few
           the table does not hold.
The transcript seeds are real UART transcripts saved from QEMU boots
(tools/hyptest run ... > FILE) and are not generated here.
Files named regress-* are inputs that once crashed a harness; they are never
deleted. Everything else in a target's directory is rewritten.
"""
import argparse
import glob
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
QEMU_VIRT = ["qemu-system-aarch64", "-cpu", "max", "-m", "1G", "-nographic", "-nic", "none", "-monitor", "none"]


def reset(target):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    for name in os.listdir(d):
        if not name.startswith("regress-"):
            os.unlink(os.path.join(d, name))
    return d


def write(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def prop_len_minus_12(blob):
    """The blob with its first property (right after the root node's empty name) of length -12."""
    off = struct.unpack(">I", blob[8:12])[0] + 8
    assert blob[off:off + 4] == b"\0\0\0\3", "no property after the root node"
    return blob[:off + 4] + struct.pack(">I", 0xfffffff4) + blob[off + 8:]


def dt_seeds(tmp):
    d = reset("dt")
    for dts in sorted(glob.glob(os.path.join(TOP, "dts", "*", "*.dts"))):
        name = "%s-%s.dtb" % (os.path.basename(os.path.dirname(dts)), os.path.basename(dts)[:-4])
        pre = os.path.join(tmp, name + ".pre")
        subprocess.run(["cpp", "-nostdinc", "-undef", "-D__DTS__", "-x", "assembler-with-cpp",
                        "-I" + os.path.dirname(dts), "-I" + TOP, "-o", pre, dts], check=True)
        subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", os.path.join(d, name), pre], check=True)
    # Found by fuzzing: an empty blob (dt_check read its header), and version 9 (libfdt's old-name path).
    write(d, "empty", b"")
    with open(os.path.join(d, "bad-good.dtb"), "rb") as f:
        blob = bytearray(f.read())
    blob[20:28] = struct.pack(">II", 9, 2)
    write(d, "version-9.dtb", bytes(blob))
    # Found by fuzzing: a property of length -12 that ends where it starts (libfdt's walk loops on it).
    blob[20:28] = struct.pack(">II", 17, 16)
    write(d, "prop-len-minus-12.dtb", bytes(prop_len_minus_12(blob)))
    for cpus in (1, 4):
        raw = os.path.join(tmp, "virt%d.dtb" % cpus)
        subprocess.run(QEMU_VIRT + ["-M", "virt,virtualization=on,gic-version=3,dumpdtb=" + raw, "-smp", str(cpus)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dtb", "-o", os.path.join(d, "qemu-virt-%dcpu.dtb" % cpus),
                        raw], check=True)


BOOTARGS = [
    "", "seed=0x51", "seed=0x51 class=overlap", "class=shared-l2 seed=12345",
    "tests=boot.*,!boot.wx format=tap exit=psci", "tests=list", "format=text exit=semihost",
    "pa=0x50000000 va=0x60000000 class=shared-L1", "pa=0x70fb7000 va=0x7f4943c91000",
    "cpus=2 dtb=0x50000000", "cpus=64 seed=0xffffffffffffffff", "\tseed=0X1F\r\nclass=identical  ",
    "tset=boot.el2", "seed=0xzz", "seed=18446744073709551616", "cpus=0", "cpus=65", "dtb=0x50000004",
    "class=shared-L3", "exit=semihost exit=psci", "exit= exit=psci", "seed=1 seed=2", "format=json",
    "tests=" + "a" * 300, "x" * 300, "tests=boot.el2 exit=psci bogus", "seed", "=", "pa=", "va=0x",
]


def bootargs_seeds():
    d = reset("bootargs")
    for i, text in enumerate(BOOTARGS):
        write(d, "args-%02d" % i, text)


class Req:
    """A request in fuzz_placement.c's input format, every address and size given exactly."""

    def __init__(self, mem, resv=(), size=0x5a000, seed=1, cls=-1, pa=None, va=None, two_level=False,
                 limits=None):
        self.mem, self.resv, self.size, self.seed, self.cls = mem, resv, size, seed, cls
        self.pa, self.va, self.two_level, self.limits = pa, va, two_level, limits

    def encode(self):
        u8 = lambda v: struct.pack("<B", v)  # noqa: E731
        u64 = lambda v: struct.pack("<Q", v & (2 ** 64 - 1))  # noqa: E731
        addr = lambda v: u8(0) + u64(v)  # noqa: E731 - gen_addr() case 0: the value itself
        flags = (1 if self.two_level else 0) | 2 | (4 if self.pa is not None else 0) | \
            (8 if self.va is not None else 0) | 16 | (32 if self.limits else 0)
        b = u8(flags) + u64(len(self.mem))
        for base, size in self.mem:
            b += addr(base) + u8(1) + u64(size)
        b += u64(len(self.resv))
        for base, size in self.resv:
            b += u64(0) + addr(base) + u8(1) + u64(size)
        b += u64(self.size) + u64(self.seed) + u64(self.cls + 1)
        b += addr(self.pa or 0) + addr(self.va or 0)
        if self.limits:
            b += b"".join(u64(v) for v in self.limits)
        return b + u64(79)


def placement_seeds():
    d = reset("placement")
    G, M = 1 << 30, 1 << 20
    virt = [(0x40000000, G)]
    virt_resv = [(0x48000000, 0x2000), (0x40200000, 0x40000)]
    reqs = [Req(virt, virt_resv), Req([(0x40000000, 3 * G)], virt_resv, seed=0x5eed),
            Req([(0x40000000, 512 * M)], virt_resv, seed=0xdeadbeef)]
    reqs += [Req([(0x40000000, 3 * G)], virt_resv, seed=0xc1a55 + c, cls=c) for c in range(6)]
    reqs += [Req(virt, virt_resv, pa=0x50000000), Req(virt, virt_resv, va=0x7f4943c91000),
             Req(virt, virt_resv, pa=0x50000000, va=0x50010000, cls=5),
             Req(virt, virt_resv, pa=0x50000000, va=0x60000000, cls=5),
             Req(virt, virt_resv, size=17 * M, cls=4),
             Req([(0x40000000, 768 * M)], [(0x48000000, 0x2000)], two_level=True, seed=7),
             Req(virt, [(0x3f000000, 128 * M)]), Req([(0x40000000, 64 * M)], size=128 * M),
             Req([(0x80000000, 2 * G), (0x800000000, 4 * G)], [(0x80000000, 0x1000)], seed=3,
                 limits=(0x10000, 1 << 48, 1 << 40))]
    # Found by fuzzing: RAM starting in the last page of the address space (emit() rounded it up to 0).
    reqs.append(Req([(2 ** 64 - 0x100, 0x9d9d9d9d9d9dffff)], size=0x1000, limits=(2 ** 64 - 2 ** 40, 2 ** 64 - 1,
                                                                                   2 ** 64 - 1)))
    # 31 small banks with two reserved holes each, one big bank last: more free ranges than the chooser keeps.
    banks = [(0x40000000 + i * 0x1000000, M) for i in range(31)] + [(0x80000000, 256 * M)]
    holes = [(b + off, 0x1000) for b, _ in banks[:17] for off in (0x10000, 0x30000)]
    reqs.append(Req(banks, holes, size=2 * M))
    for i, r in enumerate(reqs):
        write(d, "req-%02d" % i, r.encode())


# Passthrough registers (Arm ARM encodings): AArch64 (op0, op1, CRn, CRm, op2), cp15 (opc1, CRn, CRm, opc2), cp15 64-bit (opc1, CRm).
A64 = [(3, 0, 1, 0, 0), (3, 0, 2, 0, 0), (3, 0, 2, 0, 1), (3, 0, 2, 0, 2), (3, 0, 5, 1, 0), (3, 0, 5, 1, 1),
       (3, 0, 5, 2, 0), (3, 0, 6, 0, 0), (3, 0, 10, 2, 0), (3, 0, 10, 3, 0), (3, 0, 13, 0, 1), (3, 3, 14, 0, 2)]
CP32 = [(0, 1, 0, 0), (0, 2, 0, 0), (0, 2, 0, 1), (0, 2, 0, 2), (0, 3, 0, 0), (0, 5, 0, 0), (0, 5, 0, 1),
        (0, 5, 1, 0), (0, 5, 1, 1), (0, 6, 0, 0), (0, 6, 0, 2), (0, 10, 2, 0), (0, 10, 2, 1), (0, 10, 3, 0),
        (0, 10, 3, 1), (0, 13, 0, 1), (0, 0, 0, 0)]
CP64 = [(0, 2), (1, 2), (0, 14)]


def vsysreg_seeds():
    d = reset("vsysreg")
    esrs = []
    for op0, op1, crn, crm, op2 in A64:
        esrs.append(0x18 << 26 | op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | 3 << 5 | crm << 1)
    for opc1, crn, crm, opc2 in CP32:
        esrs.append(0x03 << 26 | 1 << 24 | 0xe << 20 | opc2 << 17 | opc1 << 14 | crn << 10 | 5 << 5 | crm << 1)
    for opc1, crm in CP64:
        esrs.append(0x04 << 26 | 1 << 24 | 0xe << 20 | opc1 << 16 | 6 << 10 | 5 << 5 | crm << 1)
    esrs += [0x15 << 26 | 1 << 25, 0x3c << 26 | 0x1234, 0]
    for i, esr in enumerate(esrs):
        for read in (0, 1):
            tail = struct.pack("<QQQBB", 0x1122334455667788, 0xaabbccdd, 0x55aa55aa, i % 4, 40)
            write(d, "esr-%02d-%s" % (i, "r" if read else "w"), struct.pack("<Q", esr | 1 << 25 | read) + tail)


def main():
    ap = argparse.ArgumentParser(description="Regenerate the fuzz targets' seed corpora in tests/fuzz/corpus/ "
                                 "(needs cpp, dtc and qemu-system-aarch64).")
    ap.add_argument("--only", choices=["dt", "bootargs", "placement", "vsysreg"], help="one target only")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, fn in (("dt", lambda: dt_seeds(tmp)), ("bootargs", bootargs_seeds),
                         ("placement", placement_seeds), ("vsysreg", vsysreg_seeds)):
            if a.only in (None, name):
                fn()
                print("seeds: %s: %d files" % (name, len(os.listdir(os.path.join(HERE, "corpus", name)))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
