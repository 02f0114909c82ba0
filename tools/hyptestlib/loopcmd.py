# SPDX-License-Identifier: MIT
# The `hyptest loop` command line: the boot matrix from flags or a matrix file, the images per arch, and the command.
"""A matrix file is read with the standard library: JSON (an object) or INI
(a `[loop]` section), with the same keys as the long options:

    [loop]
    seeds = 600
    arch = arm64
    cpu-model = max, cortex-a57
    cpus = 1, 2, 4
    mem = 1G, 3G
    gic = 2, 3, max
    timeout = 30
    reruns = 10

Lists are comma-separated (INI) or JSON arrays. A CPU model may name its arch
(`arm64:cortex-a57`); one without a prefix applies to every arch, and an arch
left without models boots its default (qemu.ARCHES). Options given on the
command line win over the file, the file over the defaults.
"""
import argparse
import textwrap
import configparser
import copy
import json
import os
import re

from . import qemu
from .loop import Loop, cells

DEFAULT_RERUNS = 20

# key -> (parser of one value, is a list, default). Filled in by add_parser from cli's value types.
_KEYS = {}


class MatrixError(Exception):
    pass


def arch_type(text):
    if text not in qemu.ARCHES:
        raise argparse.ArgumentTypeError("unknown arch %r (known: %s)" % (text, ", ".join(sorted(qemu.ARCHES))))
    return text


def model_type(text):
    prefix, sep, name = text.rpartition(":")
    if not re.match(r"[A-Za-z0-9][A-Za-z0-9._+-]*$", name) or (sep and not prefix):
        raise argparse.ArgumentTypeError("invalid CPU model %r (want e.g. cortex-a57 or arm64:cortex-a57)" % text)
    if sep:
        arch_type(prefix)
    return text


def documented_parser(sub, name, summary, description, notes, exits):
    """A sub-command whose help is a wrapped description, then `notes` as written, then its exit statuses."""
    return sub.add_parser(name, help=summary, formatter_class=argparse.RawDescriptionHelpFormatter,
                          description=textwrap.fill(description), epilog=notes + "\n" + textwrap.fill(exits))


def add_parser(sub, cli):
    """The `loop` sub-command; `cli` is the cli module (its value types and repro line)."""
    global _KEYS
    _KEYS = {
        "seeds": (cli.count_type, False, None), "jobs": (cli.count_type, False, os.cpu_count() or 1),
        "arch": (arch_type, True, ["arm64"]), "cpu-model": (model_type, True, []),
        "cpus": (cli.cpus_type, True, [None]), "mem": (cli.mem_type, True, [None]),
        "gic": (cli.gic_type, True, [None]),
        "timeout": (cli.timeout_type, False, qemu.DEFAULT_TIMEOUT), "tests": (cli.tests_type, False, None),
        "append": (str, False, None), "first-seed": (cli.seed_type, False, None),
        "reruns": (lambda t: cli._number(t, "rerun count", 0, 10 ** 6, "10"), False, DEFAULT_RERUNS),
    }
    lp = documented_parser(
        sub, "loop", "boot many seeds over a matrix in parallel and summarize",
        "Boot N seeds over an arch x CPU model x GIC x CPU count x memory matrix in parallel (boot i takes "
        "seed splitmix64(first + i) and matrix cell i mod the number of cells), with a per-boot timeout "
        "and a progress line; then boots per placement class (saying which classes were not reached), "
        "results per test id, a rerun of each failing boot (deterministic or flaky) and a repro line per "
        "failure. Each boot's transcript, with its crash dumps symbolized, is kept in the artifacts "
        "directory.", __doc__,
        "Exit status: 0 every boot passed (or skipped); 1 a boot failed, timed out or broke the protocol; "
        "2 usage or setup error; 130 interrupted (Ctrl-C: no new boots, running QEMUs killed, the summary "
        "so far).")
    g = lp.add_argument_group("matrix")
    g.add_argument("--matrix", metavar="FILE", help="read the matrix and options from FILE (INI or JSON, see below)")
    g.add_argument("--seeds", type=cli.count_type, metavar="N", help="number of boots (required here or in FILE)")
    g.add_argument("--arch", type=cli.list_of(arch_type, "arch"), metavar="LIST",
                   help="arches, e.g. arm64 (known: %s; default arm64)" % ", ".join(sorted(qemu.ARCHES)))
    g.add_argument("--cpu-model", type=cli.list_of(model_type, "CPU model"), metavar="LIST",
                   help="QEMU -cpu models, [arch:]model, e.g. max,cortex-a57 (default: each arch's, max for arm64)")
    g.add_argument("--cpus", type=cli.list_of(cli.cpus_type, "CPU count"), metavar="LIST",
                   help="CPU counts, e.g. 1,2,4 (default: %d; a board: its own)" % qemu.DEFAULT_CPUS)
    g.add_argument("--mem", type=cli.list_of(cli.mem_type, "memory size"), metavar="LIST",
                   help="memory sizes, e.g. 1G,3G (default: %s; a board: its own)" % qemu.DEFAULT_MEM)
    g.add_argument("--gic", type=cli.list_of(cli.gic_type, "GIC version"), metavar="LIST",
                   help="GICs of QEMU's virt, e.g. 2,3,max (-M virt,gic-version=V; default: the arch's; not for "
                        "a board)")
    g.add_argument("--first-seed", type=cli.seed_type, metavar="S",
                   help="boot i gets seed splitmix64(S + i) (default: random, printed)")
    g = lp.add_argument_group("how")
    g.add_argument("--platform", choices=qemu.PLATFORMS, default="qemu-virt", help="platform (default: qemu-virt)")
    g.add_argument("--image", metavar="PATH",
                   help="image to boot, with one arch only (default: build/<arch>-<platform>/hyptest.bin; its "
                        "hyptest.elf beside it gives the symbols)")
    g.add_argument("--qemu", metavar="BIN", help="QEMU binary (default: the arch's, e.g. qemu-system-aarch64)")
    g.add_argument("--el3", action="store_true",
                   help="boot hyptest-el3.elf with secure=on, entered at EL3 as 'run --el3' does")
    g.add_argument("--jobs", type=cli.count_type, metavar="J",
                   help="boots at once (default: %d, the CPU count)" % (os.cpu_count() or 1))
    g.add_argument("--timeout", metavar="SECONDS", type=cli.timeout_type,
                   help="kill a boot after this long (default: %g; 0: never)" % qemu.DEFAULT_TIMEOUT)
    g.add_argument("--tests", metavar="SPEC", type=cli.tests_type, help="tests= bootarg for every boot")
    g.add_argument("--append", metavar="ARGS", help="extra bootargs for every boot, as they are")
    g.add_argument("--reruns", type=_KEYS["reruns"][0], metavar="N",
                   help="rerun at most N failing boots to tell deterministic from flaky (default: %d; 0: none)"
                        % DEFAULT_RERUNS)
    cli.add_check_sequences(g)
    g = lp.add_argument_group("output")
    g.add_argument("--junit", metavar="FILE", help="write JUnit XML: a testsuite per boot, a testcase per test")
    g.add_argument("--tap", metavar="FILE", help="write TAP 13 (what prove reads): one test line per boot")
    g.add_argument("--json", metavar="FILE", help="write a JSON summary with every boot")
    g.add_argument("--artifacts", metavar="DIR", default=os.path.join(qemu.ROOT, "build", "loop-artifacts"),
                   help="where each boot's transcript goes (default: build/loop-artifacts)")
    g.add_argument("--progress-every", type=cli.count_type, metavar="N",
                   help="without a terminal, a progress line every N boots (default: a tenth of them, at most 100)")
    g.add_argument("--no-symbols", action="store_true", help="leave the addresses in crash dumps raw")
    lp.set_defaults(func=lambda o: cmd_loop(o, cli), parser=lp)
    return lp


def read_matrix(path):
    """{option key: parsed value} from a matrix file; MatrixError names the file and the key."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise MatrixError("cannot read %s: %s" % (path, e.strerror or e))
    if text.lstrip().startswith("{"):
        try:
            raw = json.loads(text)
        except ValueError as e:
            raise MatrixError("%s: not valid JSON: %s" % (path, e))
        if not isinstance(raw, dict):
            raise MatrixError("%s: want a JSON object" % path)
    else:
        cp = configparser.ConfigParser(interpolation=None)
        try:
            cp.read_string(text, source=path)
        except configparser.Error as e:
            raise MatrixError("%s: %s" % (path, str(e).splitlines()[0]))
        extra = [s for s in cp.sections() if s != "loop"]
        if extra or not cp.has_section("loop"):
            raise MatrixError("%s: want one [loop] section%s" % (path, " (not [%s])" % extra[0] if extra else ""))
        raw = dict(cp.items("loop"))
    values = {}
    for key, value in raw.items():
        k = key.replace("_", "-")
        if k not in _KEYS:
            raise MatrixError("%s: unknown key %r (known: %s)" % (path, key, ", ".join(sorted(_KEYS))))
        parse, is_list, _ = _KEYS[k]
        items = value if isinstance(value, list) else \
            [s.strip() for s in str(value).split(",")] if is_list else [value]
        try:
            parsed = [parse(str(v)) for v in items]
        except argparse.ArgumentTypeError as e:
            raise MatrixError("%s: %s: %s" % (path, key, e))
        if is_list and (not parsed or any(v == "" for v in items)):
            raise MatrixError("%s: %s: empty list item" % (path, key))
        if not is_list and len(parsed) != 1:
            raise MatrixError("%s: %s: want one value" % (path, key))
        values[k] = parsed if is_list else parsed[0]
    return values


def cmd_loop(o, cli):
    def fail(text):
        cli.note("hyptest: " + text)
        return cli.EXIT_USAGE

    try:
        from_file = read_matrix(o.matrix) if o.matrix else {}
    except MatrixError as e:
        o.parser.error("--matrix " + str(e))
    for key, (_, _, default) in _KEYS.items():
        attr = key.replace("-", "_")
        if getattr(o, attr) is None:
            setattr(o, attr, from_file.get(key, default))
    if o.seeds is None:
        o.parser.error("the number of boots is missing (--seeds N, or seeds = N in the matrix file)")
    arches = list(dict.fromkeys(o.arch))
    for m in o.cpu_model:
        prefix = m.rpartition(":")[0]
        if prefix and prefix not in arches:
            o.parser.error("CPU model %s names arch %s, which the matrix does not boot (arches: %s)"
                           % (m, prefix, ", ".join(arches)))
    if o.image and len(arches) > 1:
        o.parser.error("--image names one image, but the matrix boots %s; leave it out to boot each arch's "
                       "build/<arch>-%s/hyptest.bin" % (", ".join(arches), o.platform))
    o.images = {}
    for arch in arches:
        image = o.image or qemu.default_image(arch, o.platform)
        if o.el3:
            image = qemu.el3_image_for(arch, o.platform, image)
        if not os.path.isfile(image):
            return fail("no image for %s at %s: build it first with 'make ARCH=%s PLATFORM=%s'"
                        % (arch, qemu.display_path(image), arch, o.platform))
        o.images[arch] = image
    if not cli.shape_ok(o) or not cli.seqcheck_ready(o):
        return cli.EXIT_USAGE
    o.cells = cells(arches, o.cpu_model, o.cpus, o.mem, o.gic)
    if o.first_seed is None:
        o.first_seed = int.from_bytes(os.urandom(8), "little")

    def repro(b):
        one = copy.copy(o)
        one.arch, one.cpu_model, one.image, one.image_given = b.arch, b.cpu_model, o.images[b.arch], bool(o.image)
        one.gic = b.gic
        return cli.repro(one, seed=b.seed, cpus=b.cpus, mem=b.mem)

    o.repro = repro
    return Loop(o).run()
