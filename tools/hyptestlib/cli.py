# SPDX-License-Identifier: MIT
# The `hyptest` command line: run, loop (loopcmd.py), list, check-transcript, lava (lava.py), bench,
# fvp-cmd (fvp.py) and mutate.
import argparse
import subprocess
import os
import re
import shlex
import sys
import tempfile

from . import boot as bootmod
from . import lava
from . import loopcmd
from . import fvp
from . import qemu
from . import seqcheck
from . import uboot
from .loop import MASK64
from .symbols import Symbolizer
from .transcript import LISTED_NEGATIVE, Transcript

SCRIPT = os.path.join(qemu.ROOT, "tools", "hyptest")
EXIT_USAGE = 2
EXIT_TIMEOUT = 124
EXIT_INTERRUPTED = 130

# The exit statuses, as kvm-unit-tests uses them; every sub-command keeps to them.
EXIT_CODES = """exit status (every sub-command; kvm-unit-tests' convention):
  0    passed (run: the image's status; loop: every boot passed; lava: written or valid)
  1    failed: a FAIL, an error line, a protocol violation, a QEMU that died early, an invalid job
  2    usage or setup error (bad option, no image, no QEMU)
  77   skipped: every test skipped or none ran (e.g. entered at EL1)
  124  timeout: the host killed QEMU (run; a loop counts timeouts as failures, status 1)
  130  interrupted (Ctrl-C)"""

# Lines --quiet still shows: what went wrong, and the verdict.
_QUIET_SHOWS = re.compile(r"(FAIL:|not ok\b|Bail out!|hyptest: error:|(# )?SUMMARY:|(# )?hyptest: end\b)")


# --- argument types -------------------------------------------------------------

def _number(text, what, low=0, high=MASK64, example="0x1234 or 42"):
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError("invalid %s %r (want a number, e.g. %s)" % (what, text, example))
    if not low <= value <= high:
        raise argparse.ArgumentTypeError("%s %s is out of range (%d..%#x)" % (what, text, low, high))
    return value


def seed_type(text):
    return _number(text, "seed")


def cpus_type(text):
    return _number(text, "CPU count", 1, 512, "2")


def count_type(text):
    return _number(text, "count", 1, 10 ** 9, "8")


def mem_type(text):
    if not re.match(r"[1-9][0-9]*[KMGT]?$", text, re.I):
        raise argparse.ArgumentTypeError("invalid memory size %r (want e.g. 512M, 1G)" % text)
    return text.upper()


def timeout_type(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("invalid timeout %r (want seconds; 0 for none)" % text)
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError("invalid timeout %r" % text)
    return value


def gic_type(text):
    if text not in qemu.GIC_VERSIONS:
        raise argparse.ArgumentTypeError("invalid GIC version %r (want %s)" % (
            text, ", ".join(qemu.GIC_VERSIONS[:-1]) + " or " + qemu.GIC_VERSIONS[-1]))
    return text


def tests_type(text):
    if not text or re.search(r"\s", text):
        raise argparse.ArgumentTypeError("invalid test spec %r (no white space: it is one bootarg)" % text)
    return text


def list_of(item_type, what):
    def parse(text):
        items = [s.strip() for s in text.split(",")]
        if not all(items):
            raise argparse.ArgumentTypeError("invalid %s list %r (want e.g. 1,2)" % (what, text))
        return [item_type(s) for s in items]
    return parse


# --- the parser -----------------------------------------------------------------

class _Parser(argparse.ArgumentParser):
    """argparse, but its complaint cannot be mistaken for the image's `hyptest: error:` line."""

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, "%s: usage error: %s\n" % (self.prog, message))


def build_parser():
    target = _Parser(add_help=False)
    g = target.add_argument_group("target")
    g.add_argument("--arch", choices=sorted(qemu.ARCHES), default="arm64", help="architecture (default: arm64)")
    g.add_argument("--platform", choices=qemu.PLATFORMS, default="qemu-virt",
                   help="platform (default: qemu-virt)")
    g.add_argument("--image", metavar="PATH",
                   help="image to boot (default: build/<arch>-<platform>/hyptest.bin in the repository)")
    g.add_argument("--qemu", metavar="BIN", help="QEMU binary (default: the arch's, e.g. qemu-system-aarch64)")

    guest = _Parser(add_help=False)
    g = guest.add_argument_group("boot")
    g.add_argument("--cpu-model", metavar="M", help="QEMU -cpu model (default: the arch's, max for arm64)")
    g.add_argument("--gic", metavar="V", type=gic_type,
                   help="the GIC of QEMU's virt: %s (-M virt,gic-version=V; default: the arch's, 3 for arm64, "
                        "QEMU's GICv2 for arm32; max is a GICv4 under virtualization=on). Not for a board "
                        "(rpi3 has no GIC)" % "|".join(qemu.GIC_VERSIONS))
    g.add_argument("--tests", metavar="SPEC", type=tests_type,
                   help="tests= bootarg: comma-separated ids or globs (see `hyptest list`)")
    g.add_argument("--timeout", metavar="SECONDS", type=timeout_type, default=qemu.DEFAULT_TIMEOUT,
                   help="kill QEMU after this long (default: %g; 0: never)" % qemu.DEFAULT_TIMEOUT)
    g.add_argument("--append", metavar="ARGS", help="extra bootargs, appended as they are")

    p = _Parser(
        prog="hyptest",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Boot hyptest images under QEMU and check what they print.",
        epilog=EXIT_CODES)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    r = sub.add_parser("run", parents=[target, guest], help="boot the image once, streaming its transcript",
                       description="Boot the image once under QEMU and stream its transcript to stdout; the "
                                   "runner's own lines (repro, protocol violations, timeout) go to stderr.")
    r.add_argument("--seed", type=seed_type, help="placement seed (default: the image picks one and prints it)")
    r.add_argument("--cpus", type=cpus_type, metavar="N",
                   help="number of CPUs (default: %d; a board: its own, e.g. 4 for rpi3)" % qemu.DEFAULT_CPUS)
    r.add_argument("--mem", type=mem_type, metavar="SIZE",
                   help="RAM size (default: %s; a board: its own)" % qemu.DEFAULT_MEM)
    r.add_argument("--boot", choices=("kernel", "uboot"), default="kernel",
                   help="how the image is started: QEMU -kernel, or U-Boot's booti typed at its prompt "
                        "(qemu-virt; default: kernel)")
    r.add_argument("--uboot", metavar="BIN", default=uboot.DEFAULT_BIN,
                   help="the U-Boot for --boot uboot (default: %s, from Debian's u-boot-qemu)" % uboot.DEFAULT_BIN)
    r.add_argument("--gdb", action="store_true",
                   help="start QEMU halted with a gdbserver on :%d and no timeout" % qemu.GDB_PORT)
    r.add_argument("--el1", action="store_true",
                   help="boot without virtualization=on (entered at EL1; the image must SKIP with status 77)")
    r.add_argument("--el3", action="store_true",
                   help="boot hyptest-el3.elf (the one beside --image, or --image itself if it is an ELF) with "
                        "secure=on: entered at EL3, the image's EL3 shim is the PSCI firmware")
    r.add_argument("--format", choices=("text", "tap"), default="text", help="transcript format (default: text)")
    r.add_argument("--dtb", metavar="FILE", help="boot with this DTB instead of QEMU's (QEMU -dtb)")
    r.add_argument("--qemu-arg", action="append", default=[], metavar="ARG",
                   help="one more QEMU argument, as it is (repeatable), e.g. --qemu-arg=-device "
                        "--qemu-arg=loader,file=bad.dtb,addr=0x48000000")
    r.add_argument("--quiet", action="store_true",
                   help="show only FAIL, error, SUMMARY and end lines of the transcript")
    r.add_argument("--no-symbols", action="store_true",
                   help="leave the addresses of register dumps and backtraces raw (default: append "
                        "<function+offset (file:line)> from the ELF beside the image)")
    add_check_sequences(r)
    r.set_defaults(func=cmd_run)

    loopcmd.add_parser(sub, sys.modules[__name__])
    lava.add_parser(sub, sys.modules[__name__])

    ls = sub.add_parser("list", parents=[target], help="print the image's test ids",
                        description="Boot the image with tests=list and print the test ids it has.")
    ls.add_argument("--timeout", metavar="SECONDS", type=timeout_type, default=qemu.DEFAULT_TIMEOUT,
                    help="kill QEMU after this long (default: %g)" % qemu.DEFAULT_TIMEOUT)
    ls.set_defaults(func=cmd_list)

    ct = sub.add_parser("check-transcript", help="check saved transcripts against the protocol",
                        description="Parse saved transcripts ('-' for stdin) and print each one's verdict and "
                                    "protocol violations. Exit 0 if all are valid and pass, 77 if all are valid "
                                    "and skipped, else 1.")
    ct.add_argument("files", nargs="+", metavar="FILE")
    ct.set_defaults(func=cmd_check_transcript)

    be = sub.add_parser("bench", parents=[target], help="measure boot cost, throughput, size and bench.* tests",
                        description="Boot a floor image and the default suite interleaved, run a boot loop, "
                                    "boot tests=bench.* with and without -icount shift=0 and the padded images, "
                                    "measure the image per part; print docs/performance.md and write it with "
                                    "its plot (performance.png beside it). Builds the images first with make. "
                                    "arm64 only (the floor image has no arm32 build); --arch arm32 is one error "
                                    "line.")
    be.add_argument("--runs", type=count_type, default=10, metavar="N", help="boots of each image (default: 10)")
    be.add_argument("--seeds", type=count_type, default=100, metavar="N",
                    help="boots of the throughput loop (default: 100)")
    be.add_argument("--jobs", type=count_type, default=2, metavar="J", help="jobs of that loop (default: 2)")
    be.add_argument("--table-runs", type=count_type, default=3, metavar="N",
                    help="boots of each image for the boot-table build time (default: 3)")
    be.add_argument("--mem", type=mem_type, default=qemu.DEFAULT_MEM, metavar="SIZE",
                    help="RAM size (default: %s)" % qemu.DEFAULT_MEM)
    be.add_argument("--first-seed", type=seed_type, default=0xbe4c, metavar="S",
                    help="the suite boots get seeds splitmix64(S + i) (default: 0xbe4c)")
    be.add_argument("--timeout", metavar="SECONDS", type=timeout_type, default=qemu.DEFAULT_TIMEOUT,
                    help="kill a boot after this long (default: %g)" % qemu.DEFAULT_TIMEOUT)
    be.add_argument("--out", metavar="FILE", default=os.path.join(qemu.ROOT, "docs", "performance.md"),
                    help="the markdown to write (default: docs/performance.md; the plot goes beside it)")
    be.add_argument("--no-build", action="store_true", help="do not run make first; the images must exist")
    be.set_defaults(func=cmd_bench)
    fc = sub.add_parser("fvp-cmd", help="print the Arm Base FVP command line for a PLATFORM=fvp-base image",
                        description="Print the %s command line that boots a PLATFORM=fvp-base image at EL3 "
                                    "(every core starts in the image; its EL3 shim provides PSCI), with the DT "
                                    "loaded where the image looks for it. The model is not run. Its exit code "
                                    "does not carry the image's status: pipe UART0 (stdout) into "
                                    "'tools/hyptest check-transcript -'." % fvp.MODEL)
    fc.add_argument("--image", metavar="PATH",
                    help="the image (default: build/arm64-fvp-base/hyptest.bin; with --elf, hyptest-el3.elf "
                         "beside it)")
    fc.add_argument("--dtb", metavar="PATH", help="the DT (default: fvp-base.dtb beside the image)")
    fc.add_argument("--elf", action="store_true",
                    help="load hyptest-el3.elf with -a on every core instead of the raw image with --data and RVBAR")
    fc.add_argument("--append", metavar="ARGS",
                    help="bootargs: write a copy of the DT with /chosen/bootargs = ARGS (fvp-base-bootargs.dtb "
                         "beside the image) and use it")
    fc.add_argument("--model", metavar="BIN", default=fvp.MODEL, help="model binary (default: %s)" % fvp.MODEL)
    fc.add_argument("--cache-state-modelled", action="store_true",
                    help="model the caches (cache_state_modelled=1); the shim enables no CCI snoops, so keep "
                         "the boot to one cluster (--append cpus=4)")
    fc.set_defaults(func=cmd_fvp)

    mu = sub.add_parser("mutate", help="build every knob and show which self-test catches which bug",
                        description="The same as 'make mutation': runs tools/mutation with these arguments "
                                    "(see 'tools/mutation --help').", add_help=False)
    mu.add_argument("rest", nargs="*")
    mu.set_defaults(func=cmd_mutate)
    return p


def cmd_fvp(o):
    """Print the FVP command line; the inputs are checked, a problem is one line and status 2."""
    image = o.image or fvp.default_image()
    try:
        binary = image if not image.endswith(".elf") else os.path.join(os.path.dirname(image), "hyptest.bin")
        fvp.check_image(binary)
        if o.elf:
            image = qemu.el3_image_for("arm64", fvp.PLATFORM, image)
            if not os.path.isfile(image):
                raise fvp.FvpError("no ELF at %s: build it with 'make PLATFORM=%s'"
                                   % (qemu.display_path(image), fvp.PLATFORM))
        elif image.endswith(".elf"):
            raise fvp.FvpError("%s is an ELF: give --elf, or the raw image" % qemu.display_path(image))
        dtb = o.dtb or os.path.join(os.path.dirname(image), fvp.PLATFORM + ".dtb")
        if not os.path.isfile(dtb):
            raise fvp.FvpError("no DT at %s: build it with 'make PLATFORM=%s'" % (qemu.display_path(dtb), fvp.PLATFORM))
        if o.append is not None:
            dtb = fvp.dtb_with_bootargs(dtb, o.append,
                                        os.path.join(os.path.dirname(image), fvp.PLATFORM + "-bootargs.dtb"))
        pairs = fvp.command(os.path.abspath(image), os.path.abspath(dtb), model=o.model,
                            elf=os.path.abspath(image) if o.elf else None,
                            cache_state_modelled=o.cache_state_modelled)
    except (fvp.FvpError, OSError) as e:
        note("hyptest: fvp-cmd: %s" % (e if isinstance(e, fvp.FvpError) else e.strerror or e))
        return EXIT_USAGE
    out(fvp.render(pairs))
    return 0


def cmd_mutate(o):
    """Hand over to tools/mutation (one implementation of the mutation run)."""
    tool = os.path.join(qemu.ROOT, "tools", "mutation")
    return subprocess.call([sys.executable, tool] + list(o.rest))


# --- helpers --------------------------------------------------------------------

def add_check_sequences(parser):
    parser.add_argument("--check-sequences", action="store_true",
                        help="load the sequence checker (tools/seqcheck, a QEMU TCG plugin built with make "
                             "seqcheck): a TLBI with no DSB after it or a translation-register write with no "
                             "ISB after it FAILs the boot, with the rule and where")


def seqcheck_ready(o):
    """Build the sequence checker if --check-sequences asks for it; False after one error line."""
    if not getattr(o, "check_sequences", False):
        return True
    if getattr(o, "boot", "kernel") == "uboot":
        note("hyptest: --check-sequences: not with --boot uboot (U-Boot's own code would be judged too)")
        return False
    try:
        seqcheck.build()
    except seqcheck.SeqError as e:
        note("hyptest: error: %s" % e)
        return False
    return True


def out(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def note(line):
    """The runner's own messages go to stderr, after whatever the transcript printed."""
    sys.stdout.flush()
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def resolve_image(o):
    o.image_given = o.image is not None
    if o.image is None:
        o.image = qemu.default_image(o.arch, o.platform)
    if not os.path.isfile(o.image):
        note("hyptest: no image at %s: build it first with 'make ARCH=%s PLATFORM=%s'"
             % (qemu.display_path(o.image), o.arch, o.platform))
        return False
    return True


def repro(o, seed=None, cpus=None, mem=None):
    """`tools/hyptest run ...` that boots the same thing again."""
    argv = [qemu.display_path(SCRIPT), "run"]
    if o.arch != "arm64" or o.platform != "qemu-virt":
        argv += ["--arch", o.arch, "--platform", o.platform]
    if o.image_given:
        argv += ["--image", qemu.display_path(o.image)]
    if o.qemu:
        argv += ["--qemu", o.qemu]
    if seed is not None and not re.search(r"(^|\s)seed=", o.append or ""):
        argv += ["--seed", "0x%x" % seed]
    argv += ["--cpus", str(cpus), "--mem", str(mem)]
    if o.cpu_model:
        argv += ["--cpu-model", o.cpu_model]
    if getattr(o, "gic", None):
        argv += ["--gic", o.gic]
    if o.tests:
        argv += ["--tests", o.tests]
    if o.timeout != qemu.DEFAULT_TIMEOUT:
        argv += ["--timeout", bootmod.fmt_seconds(o.timeout)]
    if o.append:
        argv += ["--append", o.append]
    if getattr(o, "el1", False):
        argv.append("--el1")
    if getattr(o, "el3", False):
        argv.append("--el3")
    if getattr(o, "format", "text") != "text":
        argv += ["--format", o.format]
    if getattr(o, "dtb", None):
        argv += ["--dtb", o.dtb]
    if getattr(o, "boot", "kernel") != "kernel":
        argv += ["--boot", o.boot]
        if o.uboot != uboot.DEFAULT_BIN:
            argv += ["--uboot", o.uboot]
    for q in getattr(o, "qemu_arg", None) or []:
        argv.append("--qemu-arg=" + q)
    if getattr(o, "check_sequences", False):
        argv.append("--check-sequences")
    return shlex.join(argv)


def launch_failed(res):
    note("hyptest: %s (install QEMU, or give its path with --qemu)" % res.launch_error)
    return EXIT_USAGE


# --- commands -------------------------------------------------------------------

def shape_ok(o):
    """Fill in the platform's CPU count and RAM (a board's are fixed); False after one error line (also
    for a --gic the platform cannot have)."""
    cpus, mems = (o.cpus, o.mem) if isinstance(o.cpus, list) else ([o.cpus], [o.mem])
    gics = getattr(o, "gic", None)
    gics = gics if isinstance(gics, list) else [gics]
    shapes = [qemu.platform_shape(o.platform, c, m, getattr(o, "el1", False)) for c in cpus for m in mems]
    problems = [qemu.gic_problem(o.platform, g) for g in gics if qemu.gic_problem(o.platform, g)]
    problems += [p for _, _, p in shapes if p]
    if problems:
        note("hyptest: " + problems[0])
        return False
    if isinstance(o.cpus, list):
        o.cpus = list(dict.fromkeys(c for c, _, _ in shapes))
        o.mem = list(dict.fromkeys(m for _, m, _ in shapes))
    else:
        o.cpus, o.mem = shapes[0][:2]
    return True


def uboot_conversation(o, append):
    """The U-Boot dialogue for --boot uboot, or None (after one error line) if it cannot be had."""
    if o.arch != "arm64" or o.platform != "qemu-virt":
        note("hyptest: --boot uboot: only arm64 qemu-virt (Debian's qemu_arm64 U-Boot)")
        return None
    if o.el1 or o.dtb:
        note("hyptest: --boot uboot: U-Boot gives the image QEMU's own DT at EL2 (no --el1, no --dtb)")
        return None
    if o.gdb:
        note("hyptest: --boot uboot: not with --gdb (the runner must talk to U-Boot while QEMU runs)")
        return None
    if not os.path.isfile(o.uboot):
        note("hyptest: --boot uboot: no U-Boot at %s (apt-get install u-boot-qemu, or give --uboot)" % o.uboot)
        return None
    try:
        conv = uboot.Conversation(append, on_line=None if o.quiet else lambda l: note("u-boot: " + l))
    except uboot.UBootError as e:
        note("hyptest: --boot uboot: %s" % e)
        return None
    return conv


def cmd_run(o):
    if o.el3 and o.el1:
        note("hyptest: usage error: --el3 and --el1 contradict each other")
        return EXIT_USAGE
    if o.el3:
        o.image = qemu.el3_image_for(o.arch, o.platform, o.image)
    if not resolve_image(o) or not shape_ok(o) or not seqcheck_ready(o):
        return EXIT_USAGE
    append = qemu.bootargs(seed=o.seed, tests=o.tests, fmt=o.format, extra=o.append)
    conv = None
    if o.boot == "uboot":
        conv = uboot_conversation(o, append)
        if conv is None:
            return EXIT_USAGE
    seq_out = None
    qemu_args = list(o.qemu_arg)
    if o.check_sequences:
        fd, seq_out = tempfile.mkstemp(prefix="hyptest-seqcheck-", suffix=".txt")
        os.close(fd)
        qemu_args += seqcheck.qemu_args(seq_out)
    cmd = qemu.command(o.arch, o.image, append, qemu=o.qemu, cpus=o.cpus, mem=o.mem, cpu_model=o.cpu_model,
                       el1=o.el1, el3=o.el3, gdb=o.gdb, dtb=o.dtb, qemu_args=qemu_args, platform=o.platform,
                       uboot=o.uboot if conv else None, gic=o.gic)
    try:
        return run_and_judge(o, cmd, append, conv, seq_out)
    finally:
        if seq_out:
            os.unlink(seq_out)


def run_and_judge(o, cmd, append, conv, seq_out):
    """cmd_run's boot: stream, judge (with the sequence checker's reports when seq_out is its file)."""
    timeout = None if o.gdb or not o.timeout else o.timeout
    if not o.quiet:
        note("hyptest: repro: %s" % shlex.join(cmd))
        if conv:
            note("hyptest: repro: then at U-Boot's prompt: %s" % "; ".join(conv.cmds))
    if o.gdb:
        note("hyptest: gdb: QEMU is halted, waiting for a debugger on :%d (no timeout); attach with: %s"
             % (qemu.GDB_PORT, qemu.gdb_hint(o.arch, o.image)))
        note("hyptest: gdb: that ELF is linked at 0 and runs at the start line's va=: load its symbols "
             "there with 'add-symbol-file %s -o <va>' (the loader stub: loader.elf at its load address)"
             % qemu.display_path(qemu.elf_for(o.image)))

    sym = None if o.no_symbols else Symbolizer(o.arch, o.image)

    def echo(line):
        shown = sym.annotate(line) if sym else line  # every line: the symbolizer needs the start line
        if not o.quiet or _QUIET_SHOWS.match(line):
            out(shown)

    try:
        res = bootmod.run(cmd, timeout=timeout, on_line=echo, converse=conv)
    except KeyboardInterrupt:
        note("hyptest: interrupted")
        return EXIT_INTERRUPTED
    if res.launch_error:
        return launch_failed(res)
    expect = {"arch": o.arch, "platform": o.platform, "cpus": o.cpus, "el": 1 if o.el1 else 3 if o.el3 else 2}
    if o.seed is not None:
        expect["seed"] = o.seed
    if o.el1:
        expect["status"] = 77
    j = bootmod.judge(res, expect, semihost=qemu.semihost_exit(append), timeout=timeout)
    if seq_out:
        checked = seqcheck.read(seq_out)
        seqcheck.judge(j, checked, sym, seq_out)
        if checked.end and not o.quiet:
            note("hyptest: sequence checker: end " + checked.end)
    for problem in j.problems:
        note("hyptest: " + problem)
    if o.format == "tap":
        bail = tap_bail(res.transcript, j)
        if bail:
            out(bail)
    for text in sym.notes if sym else ():
        note("hyptest: symbols: " + text)
    if j.code not in (0, 77):
        start = res.transcript.start or {}
        seed = start.get("seed") if isinstance(start.get("seed"), int) else o.seed
        note("hyptest: repro: " + repro(o, seed=seed, cpus=o.cpus, mem=o.mem))
    return j.code


def tap_bail(t, j):
    """The "Bail out!" line stdout still owes a TAP reader, or None: the image did not say why the boot
    failed in TAP (a timeout, a protocol violation, an error before it read format=tap)."""
    if j.code in (0, 77) or t.bailed:
        return None
    if j.problems:
        return "Bail out! hyptest: " + j.problems[0]
    if t.errors:
        return "Bail out! hyptest: error: " + t.errors[0]
    return None


def cmd_list(o):
    if not resolve_image(o):
        return EXIT_USAGE
    append = qemu.bootargs(tests="list")
    cmd = qemu.command(o.arch, o.image, append, qemu=o.qemu, platform=o.platform)
    try:
        res = bootmod.run(cmd, timeout=o.timeout or None)
    except KeyboardInterrupt:
        note("hyptest: interrupted")
        return EXIT_INTERRUPTED
    if res.launch_error:
        return launch_failed(res)
    t = res.transcript
    j = bootmod.judge(res, {"arch": o.arch, "platform": o.platform}, semihost=True, timeout=o.timeout)
    if j.code == 77 and t.listed:
        for test_id in t.listed:
            out(test_id + (" " + LISTED_NEGATIVE if test_id in t.negative else ""))
        return 0
    for line in t.lines:
        note(line)
    for problem in j.problems or ["the image listed no tests"]:
        note("hyptest: " + problem)
    note("hyptest: repro: %s" % shlex.join(cmd))
    return j.code if j.code not in (0, 77) else 1


def cmd_bench(o):
    from . import bench
    try:
        return bench.run(o)
    except bench.BenchError as e:
        note("hyptest: bench: error: %s" % e)
        return 1
    except KeyboardInterrupt:
        note("hyptest: interrupted")
        return EXIT_INTERRUPTED


def cmd_check_transcript(o):
    statuses = []
    for path in o.files:
        try:
            if path == "-":
                data = sys.stdin.buffer.read()
            else:
                with open(path, "rb") as f:
                    data = f.read()
        except OSError as e:
            note("hyptest: cannot read %s: %s" % (path, e.strerror or e))
            statuses.append(EXIT_USAGE)
            continue
        t = Transcript.parse(data)
        v = t.verdict()
        line = "%s: %s" % (path, v.word)
        if v.status is not None:
            line += " (status %d)" % v.status
        line += ": %d tests, %d failed, %d skipped" % (v.tests, v.failed, v.skipped)
        if t.errors:
            line += ", error: %s" % t.errors[0]
        out(line)
        for x in v.violations:
            out("%s:%s protocol: %s" % (path, "%d:" % x.line if x.line else "", x.message))
        statuses.append(1 if not v.valid else v.status)
    if any(s == EXIT_USAGE for s in statuses):
        return EXIT_USAGE
    if any(s not in (0, 77) for s in statuses):
        return 1
    return 77 if statuses and all(s == 77 for s in statuses) else 0


def main(argv=None):
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] == ["mutate"]:
        # Everything after 'mutate' belongs to tools/mutation, --help included.
        return cmd_mutate(argparse.Namespace(rest=args[1:]))
    o = build_parser().parse_args(args)
    o.argv = args
    try:
        return o.func(o)
    except BrokenPipeError:
        return 1
