# SPDX-License-Identifier: MIT
# `hyptest lava`: LAVA job definitions per platform (monitors on the start/end lines, a pattern for the result lines) and their validation.
"""A hyptest boot needs no shell in the target, so the LAVA test action is a
`monitors:` one: LAVA watches the serial stream between the start string and
the end string and records one result per match of the pattern (named groups
`result` and `test_case_id`), mapping the words through `fixupdict`.

    start:   "hyptest: start"     the start line (DESIGN.md: one per boot)
    end:     "hyptest: end"       the end line
    pattern: "\\n(?P<result>PASS|FAIL|SKIP): (?P<test_case_id>[^:\\s]+)"

The pattern is anchored on the newline before a result line, not on `^`: LAVA
searches the stream from where its last match ended, which is the middle of the
previous result line, so `^` would only ever match the first result.

Validation: with Debian's lava-common installed (`apt-get install lava-common`),
`lava_common.schemas.validate()` is the validator LAVA's server runs on
submission; this module then also runs its own structural check, which is all
there is without lava-common (said in the output): the keys and types a qemu
job needs, the monitor regex compiling and matching real result lines with the
two named groups, every result word in the fixupdict, and the start/end strings
matching the protocol's start/end lines.
"""
import hashlib
import json
import os
import re
import shlex
import sys

from . import qemu
from .debian import debian_import
from .loopcmd import arch_type, documented_parser

START = "hyptest: start"
END = "hyptest: end"
PATTERN = r"\n(?P<result>PASS|FAIL|SKIP): (?P<test_case_id>[^:\s]+)"
FIXUP = {"PASS": "pass", "FAIL": "fail", "SKIP": "skip"}

# Lines the monitor must read as results (and one it must not), for the structural check.
SAMPLE = ("hyptest: start arch=arm64 platform=qemu-virt el=2 cpus=1 seed=0x1 pa=0x40200000 va=0x40200000 "
          "class=identical size=0x1000\r\nhyptest: head: el2 ok\r\nPASS: boot.el2\r\n"
          "FAIL: tlb.remap-local: read 0x1111, want 0x2222\r\nSKIP: smp.tlbi-broadcast: needs 2 CPUs\r\n"
          "SUMMARY: 3 tests, 1 failed, 1 skipped\r\nEXIT: STATUS=1\r\nhyptest: end FAIL\r\n")
SAMPLE_RESULTS = [("PASS", "boot.el2"), ("FAIL", "tlb.remap-local"), ("SKIP", "smp.tlbi-broadcast")]


def _qemu_virt(arch, o, image_url, sha256):
    """A job for LAVA's `qemu` device type: the arch's machine and CPU from qemu.ARCHES, the image as -kernel."""
    a = qemu.ARCHES[arch]
    machine = ",".join([a.machine, a.el2_prop] + list(a.machine_props))
    append = qemu.bootargs(seed=o.seed, tests=o.tests, extra=o.append, exit_method="psci")
    image = {"image_arg": "-kernel {kernel}", "url": image_url}
    if sha256:
        image["sha256sum"] = sha256
    mem_mib = _mib(o.mem)
    return {
        "device_type": "qemu",
        "context": {
            "arch": a.name, "machine": machine, "cpu": o.cpu_model or a.cpu, "memory": mem_mib,
            # PSCI SYSTEM_OFF ends QEMU; semihosting is not needed (LAVA reads the result lines).
            "extra_options": ["-smp %d" % o.cpus, "-nic none", "-append %s" % shlex.quote(append)],
        },
        "deploy": {"to": "tmpfs", "images": {"kernel": image}},
        "boot": {"method": "qemu", "media": "tmpfs"},
    }


# Platforms LAVA can run, each a job builder. FVP and boards become rows here as they get one.
PLATFORMS = {"qemu-virt": _qemu_virt}


def _mib(size):
    """QEMU's -m size (no suffix: MiB) in MiB, the unit of LAVA's memory context."""
    unit = size[-1].upper() if size[-1].isalpha() else "M"
    n = int(size[:-1] if size[-1].isalpha() else size)
    return max(1, n * {"K": 1, "M": 1024, "G": 1024 ** 2, "T": 1024 ** 3}[unit] // 1024)


def job(arch, platform, o, image_url, sha256=None):
    """The job definition (a dict) for one arch and platform."""
    parts = PLATFORMS[platform](arch, o, image_url, sha256)
    minutes = max(1, -(-int(o.timeout) // 60)) if o.timeout else 5
    return {
        "job_name": "hyptest %s %s%s" % (arch, platform, " seed=0x%x" % o.seed if o.seed is not None else ""),
        "device_type": parts["device_type"],
        "timeouts": {"job": {"minutes": minutes + 4}, "action": {"minutes": minutes + 2},
                     "connection": {"minutes": 2}},
        "priority": "medium",
        "visibility": "public",
        "context": parts["context"],
        "metadata": {"hyptest.arch": arch, "hyptest.platform": platform,
                     "hyptest.bootargs": parts["context"]["extra_options"][-1]},
        "actions": [
            {"deploy": dict(timeout={"minutes": 2}, **parts["deploy"])},
            {"boot": dict(timeout={"minutes": 2}, **parts["boot"])},
            {"test": {"timeout": {"minutes": minutes}, "monitors": [{
                "name": "hyptest", "start": START, "end": END, "pattern": PATTERN, "fixupdict": dict(FIXUP)}]}},
        ],
    }


# --- YAML out (block style, every string double-quoted: a JSON string is a YAML scalar) --------

def _scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return json.dumps(str(v))


def to_yaml(value, indent=0):
    pad = " " * indent
    lines = []
    if isinstance(value, dict):
        for k, v in value.items():
            key = k if re.match(r"[A-Za-z_][A-Za-z0-9_.-]*$", k) else json.dumps(k)
            if isinstance(v, (dict, list)) and v:
                lines.append("%s%s:" % (pad, key))
                lines.append(to_yaml(v, indent + 2))
            else:
                lines.append("%s%s: %s" % (pad, key, _scalar(v) if not isinstance(v, (dict, list)) else
                                           ("{}" if isinstance(v, dict) else "[]")))
    else:
        for v in value:
            if isinstance(v, (dict, list)) and v:
                inner = to_yaml(v, indent + 2).splitlines()
                lines.append("%s- %s" % (pad, inner[0].lstrip()))
                lines += inner[1:]
            else:
                lines.append("%s- %s" % (pad, _scalar(v)))
    return "\n".join(lines)


# --- validation ------------------------------------------------------------

def lava_validator():
    """lava_common.schemas.validate, or None when lava-common is not installed."""
    mod = debian_import("lava_common.schemas")
    return getattr(mod, "validate", None) if mod else None


def structural_check(doc):
    """Problems with a hyptest job definition (empty: fine), without LAVA's own schema."""
    bad = []
    if not isinstance(doc, dict):
        return ["the job is not a mapping"]
    for key, kind in (("job_name", str), ("device_type", str), ("timeouts", dict), ("visibility", str),
                      ("actions", list)):
        if not isinstance(doc.get(key), kind):
            bad.append("%s: missing or not a %s" % (key, kind.__name__))
    if not isinstance((doc.get("timeouts") or {}).get("job"), dict):
        bad.append("timeouts.job: missing")
    actions = doc.get("actions") if isinstance(doc.get("actions"), list) else []
    kinds = [next(iter(a)) if isinstance(a, dict) and len(a) == 1 else None for a in actions]
    if kinds != ["deploy", "boot", "test"]:
        bad.append("actions: want deploy, boot, test (one key each), have %s" % kinds)
        return bad
    deploy, boot, test = (a[k] for a, k in zip(actions, kinds))
    images = deploy.get("images") if isinstance(deploy, dict) else None
    if not isinstance(images, dict) or not images or not all(isinstance(i, dict) and i.get("url") for i in
                                                             images.values()):
        bad.append("deploy.images: want at least one image with a url")
    if doc.get("device_type") == "qemu":
        if deploy.get("to") != "tmpfs" or boot.get("method") != "qemu":
            bad.append("a qemu job deploys to tmpfs and boots with method qemu")
        if not any("{kernel}" in str(i.get("image_arg", "")) for i in images.values() if isinstance(i, dict)):
            bad.append("deploy.images: no image_arg passes the image as -kernel {kernel}")
    monitors = test.get("monitors") if isinstance(test, dict) else None
    if not isinstance(monitors, list) or len(monitors) != 1 or not isinstance(monitors[0], dict):
        return bad + ["test.monitors: want one monitor"]
    m = monitors[0]
    for key in ("name", "start", "end", "pattern"):
        if not isinstance(m.get(key), str) or not m[key]:
            bad.append("test.monitors[0].%s: missing" % key)
    if bad:
        return bad
    if not re.match(r"^[-_a-zA-Z0-9.]+$", m["name"]):
        bad.append("test.monitors[0].name %r: LAVA allows [-_a-zA-Z0-9.] only" % m["name"])
    try:
        rx = re.compile(m["pattern"])
    except re.error as e:
        return bad + ["test.monitors[0].pattern does not compile: %s" % e]
    if not {"result", "test_case_id"} <= set(rx.groupindex):
        bad.append("test.monitors[0].pattern: want named groups result and test_case_id")
        return bad
    # The monitor runs from the start string to the end string: what it finds there must be the results.
    body = SAMPLE[SAMPLE.find(m["start"]):] if m["start"] in SAMPLE else ""
    if not body or m["end"] not in body:
        bad.append("test.monitors[0]: start %r / end %r do not match the start and end lines"
                   % (m["start"], m["end"]))
    else:
        body = body[:body.find(m["end"])]
        got = [(x.group("result"), x.group("test_case_id")) for x in rx.finditer(body)]
        if got != SAMPLE_RESULTS:
            bad.append("test.monitors[0].pattern reads %s from sample result lines, want %s" % (got, SAMPLE_RESULTS))
    fix = m.get("fixupdict") or {}
    for word, want in FIXUP.items():
        if fix.get(word) != want:
            bad.append("test.monitors[0].fixupdict: %s must map to %s" % (word, want))
    return bad


def validate(doc):
    """(which validators ran, problems). LAVA's schema when lava-common is installed, always the structural check."""
    ran, problems = [], []
    v = lava_validator()
    if v is not None:
        ran.append("lava_common.schemas.validate")
        try:
            v(doc, strict=True)
        except Exception as e:  # voluptuous.Invalid and friends: their text names the path
            problems.append("LAVA schema: %s" % e)
    ran.append("structural check (tools/hyptestlib/lava.py)")
    problems += structural_check(doc)
    return ran, problems


def load_yaml(path):
    yaml = debian_import("yaml")
    if yaml is None:
        raise RuntimeError("reading YAML needs python3-yaml (apt-get install python3-yaml)")
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


# --- the command -----------------------------------------------------------

def add_parser(sub, cli):
    lv = documented_parser(
        sub, "lava", "write LAVA job definitions, or validate them",
        "Write a LAVA job definition per platform that boots the image and records each PASS/FAIL/SKIP "
        "line as a LAVA test case, through a monitor on the start and end lines; or, with --validate, "
        "check job files.", __doc__,
        "Exit status: 0 written (or valid); 1 a job does not validate; 2 usage or setup error.")
    lv.add_argument("--arch", type=arch_type, default="arm64", help="architecture (default: arm64)")
    lv.add_argument("--platform", action="append", metavar="P",
                    help="platform, repeatable, or 'all' (LAVA platforms: %s; default qemu-virt)"
                         % ", ".join(PLATFORMS))
    lv.add_argument("--image", metavar="PATH",
                    help="the image, for its sha256sum and the default URL (default: build/<arch>-<platform>/"
                         "hyptest.bin)")
    lv.add_argument("--image-url", metavar="URL",
                    help="where the LAVA dispatcher downloads the image (default: file:// of --image)")
    lv.add_argument("--seed", type=cli.seed_type, help="seed= bootarg (default: the image picks one and prints it)")
    lv.add_argument("--cpus", type=cli.cpus_type, default=qemu.DEFAULT_CPUS, metavar="N",
                    help="number of CPUs (default: %d)" % qemu.DEFAULT_CPUS)
    lv.add_argument("--mem", type=cli.mem_type, default=qemu.DEFAULT_MEM, metavar="SIZE",
                    help="RAM size (default: %s)" % qemu.DEFAULT_MEM)
    lv.add_argument("--cpu-model", metavar="M", help="QEMU -cpu model (default: the arch's)")
    lv.add_argument("--tests", metavar="SPEC", type=cli.tests_type, help="tests= bootarg")
    lv.add_argument("--append", metavar="ARGS", help="extra bootargs, as they are")
    lv.add_argument("--timeout", metavar="SECONDS", type=cli.timeout_type, default=qemu.DEFAULT_TIMEOUT,
                    help="the test action's timeout, rounded up to minutes (default: %g s)" % qemu.DEFAULT_TIMEOUT)
    lv.add_argument("-o", "--output", metavar="PATH",
                    help="file to write (one platform), or directory for hyptest-<arch>-<platform>.yaml (default: "
                         "stdout)")
    lv.add_argument("--validate", nargs="+", metavar="FILE", help="validate these job files instead of writing one")
    lv.set_defaults(func=lambda o: cmd_lava(o, cli))
    return lv


def cmd_lava(o, cli):
    if o.validate:
        return validate_files(o.validate, cli)
    platforms = o.platform or ["qemu-virt"]
    if "all" in platforms:
        platforms = list(PLATFORMS)
    for p in platforms:
        if p not in PLATFORMS:
            cli.note("hyptest: lava: no LAVA job for platform %r (LAVA platforms: %s)" % (p, ", ".join(PLATFORMS)))
            return cli.EXIT_USAGE
    platforms = list(dict.fromkeys(platforms))
    if len(platforms) > 1 and (not o.output or not os.path.isdir(o.output)):
        cli.note("hyptest: lava: %d platforms need -o DIR (an existing directory), one file each" % len(platforms))
        return cli.EXIT_USAGE
    status = 0
    for p in platforms:
        image = o.image or qemu.default_image(o.arch, p)
        sha = None
        if os.path.isfile(image):
            with open(image, "rb") as f:
                sha = hashlib.sha256(f.read()).hexdigest()
        elif not o.image_url:
            cli.note("hyptest: lava: no image at %s (build it with 'make ARCH=%s PLATFORM=%s', or give --image-url)"
                     % (qemu.display_path(image), o.arch, p))
            return cli.EXIT_USAGE
        url = o.image_url or "file://" + os.path.abspath(image)
        doc = job(o.arch, p, o, url, sha)
        ran, problems = validate(doc)
        text = "# LAVA job for hyptest on %s %s, written by tools/hyptest lava\n%s\n" % (o.arch, p, to_yaml(doc))
        if o.output:
            path = os.path.join(o.output, "hyptest-%s-%s.yaml" % (o.arch, p)) if os.path.isdir(o.output) \
                else o.output
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            cli.note("hyptest: lava: wrote %s (%s)" % (qemu.display_path(path),
                                                       "valid: " + ", ".join(ran) if not problems else "INVALID"))
        else:
            sys.stdout.write(text)
        for x in problems:
            cli.note("hyptest: lava: %s: %s" % (p, x))
            status = 1
    return status


def validate_files(paths, cli):
    status = 0
    for path in paths:
        try:
            doc = load_yaml(path)
        except (OSError, RuntimeError) as e:
            cli.note("hyptest: lava: %s: %s" % (path, getattr(e, "strerror", None) or e))
            return cli.EXIT_USAGE
        except Exception as e:  # a YAML syntax error
            cli.out("%s: INVALID: not YAML: %s" % (path, str(e).splitlines()[0]))
            status = 1
            continue
        ran, problems = validate(doc)
        cli.out("%s: %s (%s)" % (path, "INVALID" if problems else "valid", ", ".join(ran)))
        for x in problems:
            cli.out("%s: %s" % (path, x))
        status = status or (1 if problems else 0)
    return status
