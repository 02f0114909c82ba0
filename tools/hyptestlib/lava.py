# SPDX-License-Identifier: MIT
# `hyptest lava`: LAVA job definitions per platform (monitors on the start/end lines, a pattern for the result lines) and their validation.
"""A hyptest boot needs no shell in the target, so the LAVA test action is a
`monitors:` one: LAVA watches the serial stream between the start string and
the end string and records one result per match of the pattern (named groups
`result` and `test_case_id`), mapping the words through `fixupdict`.

    start:   "hyptest: start"     the start line (DESIGN.md: one per boot)
    end:     "hyptest: end"       the end line
    pattern: see PATTERN          a PASS/FAIL/SKIP line, or an error line

LAVA (lava_dispatcher's TestMonitorAction) runs each of these as a pexpect
regex over the stream as it arrives: every expect searches what has come and
was not consumed yet, takes the match that starts first (the end string wins a
tie) and consumes up to its end. Hence:
- the pattern is anchored on the newline before a line, not on `^` (the search
  goes on from where the last match ended, mid-line);
- nothing is optional and the id must be followed by ':' or the line end
  (the lookaheads): a read that ends inside "PASS: boot.clash-path" would
  otherwise record "boot.clas", or "PASS" for a read that ends after "PASS:";
  the result word is read in a lookahead, so one pair of named groups serves
  both kinds of line;
- an error line after the start line, "hyptest: error: <what>", is a test case
  too: id `error`, result `error` mapped to fail. A boot that stops at an
  error has no other line LAVA could count as a failure.
`monitor_stream()` replays a stream the same way, a character at a time; the
structural check uses it, so a pattern that only works on whole lines fails.

What the job gives a LAVA qemu device (lava-server's `qemu` device type, or the
device YAML `--device` writes for `lava-run`): the context carries the
machine shape (arch as LAVA names it, machine, cpu, memory, `-smp`, `-nic
none`) that the server renders into the device's QEMU options; the bootargs go
in the image's `image_arg` (`-kernel {kernel} -append '...'`), which the
dispatcher adds itself, so they reach QEMU with a rendered device and with
`lava-run` on a fixed device YAML alike. `exit=psci`: the image powers QEMU
off at its end. Timeouts: the test action gets the boot's time limit; the
boot action, whose timeout is also the serial connection's pexpect timeout,
gets a minute more, so a boot that hangs ends as the test action's timeout
(the job fails) and not as a quiet monitor timeout (the job would pass).

Validation: with Debian's lava-common installed (`apt-get install lava-common`),
`lava_common.schemas.validate()` is the validator LAVA's server runs on
submission; this module then also runs its own structural check, which is all
there is without lava-common (said in the output): the keys and types a qemu
job needs, the monitor regexes compiling and reading sample transcripts (fed
whole and a character at a time) as LAVA would, every result word in the
fixupdict, and the start/end strings matching the protocol's start/end lines.
`--run` runs the job with Debian's lava-dispatcher (`lava-run`, lavarun.py).
"""
import hashlib
import json
import os
import re
import sys

from . import qemu
from .debian import debian_import
from .loopcmd import arch_type, documented_parser

START = "hyptest: start"
END = "hyptest: end"
PATTERN = (r"\n(?=(?:hyptest: )?(?P<result>PASS|FAIL|SKIP|error): )(?:hyptest: |PASS: |FAIL: |SKIP: )"
           r"(?P<test_case_id>[^:\s]+)(?=[:\r\n])")
FIXUP = {"PASS": "pass", "FAIL": "fail", "SKIP": "skip", "error": "fail"}
MONITOR = "hyptest"  # the monitor's name: LAVA's test suite (definition) of the results

# LAVA's names for the arches (the qemu device type's available_architectures) and their QEMU binaries.
LAVA_ARCH = {"arm64": "arm64", "arm32": "arm"}
LAVA_QEMU = {"arm64": "qemu-system-aarch64", "arm": "qemu-system-arm"}
# The network options lava-server's qemu device type always renders (the image ignores the NIC).
LAVA_NET = "-net nic,model=virtio,macaddr=52:54:00:12:34:58 -net user"
# The device YAMLs kept in the repository for lava-run, one per arch (what --device writes for the default job).
DEVICE_DIR = os.path.join(qemu.ROOT, "lava")

# Sample streams the monitor must read (start line to end line), with what it must record; CR LF as on a UART.
SAMPLE = ("hyptest: start arch=arm64 platform=qemu-virt el=2 cpus=1 seed=0x1 pa=0x40200000 va=0x40200000 "
          "class=identical size=0x1000\r\nhyptest: head: el2 ok\r\nPASS: boot.el2\r\n"
          "FAIL: tlb.remap-local: read 0x1111, want 0x2222 (PASS: would be)\r\n# FAIL: not a result\r\n"
          "SKIP: smp.tlbi-broadcast: needs 2 CPUs\r\nPASS: boot.clash-path\r\n"
          "SUMMARY: 4 tests, 1 failed, 1 skipped\r\nEXIT: STATUS=1\r\nhyptest: end FAIL\r\n")
SAMPLE_RESULTS = [("PASS", "boot.el2"), ("FAIL", "tlb.remap-local"), ("SKIP", "smp.tlbi-broadcast"),
                  ("PASS", "boot.clash-path")]
SAMPLE_ERROR = ("hyptest: start arch=arm64 platform=qemu-virt el=2 cpus=1 seed=0x1 pa=0x40200000 va=0x40200000 "
                "class=identical size=0x1000\r\nhyptest: head: el2 ok\r\n"
                "hyptest: error: tests pattern 'x' matches no test\r\nEXIT: STATUS=1\r\nhyptest: end ERROR\r\n")
SAMPLE_ERROR_RESULTS = [("error", "error")]


def _qemu_virt(arch, o, image_url, sha256):
    """A job for LAVA's `qemu` device type: the arch's machine and CPU from qemu.ARCHES, the image as -kernel."""
    a = qemu.ARCHES[arch]
    machine = ",".join([a.machine, a.el2_prop] + list(a.machine_props))
    append = qemu.bootargs(seed=o.seed, tests=o.tests, extra=o.append, exit_method="psci")
    if "'" in append:
        raise LavaError("bootargs with a single quote cannot be given in the job's -append '...': %r" % append)
    image = {"image_arg": "-kernel {kernel} -append '%s'" % append, "url": image_url}
    if sha256:
        image["sha256sum"] = sha256
    return {
        "device_type": "qemu",
        "context": {
            "arch": LAVA_ARCH[arch], "machine": machine, "cpu": o.cpu_model or a.cpu, "memory": _mib(o.mem),
            "extra_options": ["-smp %d" % o.cpus, "-nic none"],
        },
        "bootargs": append,
        "deploy": {"to": "tmpfs", "images": {"kernel": image}},
        "boot": {"method": "qemu", "media": "tmpfs"},
    }


# Platforms LAVA can run, each a job builder. FVP and boards become rows here as they get one.
PLATFORMS = {"qemu-virt": _qemu_virt}


class LavaError(Exception):
    """A job or device that cannot be written as asked; the message says why."""


def _mib(size):
    """QEMU's -m size (no suffix: MiB) in MiB, the unit of LAVA's memory context."""
    unit = size[-1].upper() if size[-1].isalpha() else "M"
    n = int(size[:-1] if size[-1].isalpha() else size)
    return max(1, n * {"K": 1, "M": 1024, "G": 1024 ** 2, "T": 1024 ** 3}[unit] // 1024)


def job(arch, platform, o, image_url, sha256=None):
    """The job definition (a dict) for one arch and platform."""
    parts = PLATFORMS[platform](arch, o, image_url, sha256)
    test_s = max(10, int(-(-o.timeout // 1))) if o.timeout else 300
    boot_s = test_s + 60  # also the serial connection's pexpect timeout: it must outlast the test action
    deploy_s = 120
    return {
        "job_name": "hyptest %s %s%s" % (arch, platform, " seed=0x%x" % o.seed if o.seed is not None else ""),
        "device_type": parts["device_type"],
        "timeouts": {"job": {"seconds": deploy_s + boot_s + test_s + 60}, "action": {"seconds": boot_s},
                     "connection": {"seconds": boot_s}},
        "priority": "medium",
        "visibility": "public",
        "context": parts["context"],
        "metadata": {"hyptest.arch": arch, "hyptest.platform": platform, "hyptest.bootargs": parts["bootargs"]},
        "actions": [
            {"deploy": dict(timeout={"seconds": deploy_s}, **parts["deploy"])},
            {"boot": dict(timeout={"seconds": boot_s}, **parts["boot"])},
            {"test": {"timeout": {"seconds": test_s}, "monitors": [{
                "name": MONITOR, "start": START, "end": END, "pattern": PATTERN, "fixupdict": dict(FIXUP)}]}},
        ],
    }


def device(doc):
    """The device configuration for a qemu job: what lava-server's `qemu` device type renders from the
    job's context (the QEMU binary of the arch; -cpu, -machine, -nographic, its user-mode NIC, -m, -monitor
    none; the context's extra_options as `extra`), and the rest lava-run needs to run a tmpfs deploy, a
    qemu boot and a monitor test on it. lava-run takes it as it is: the job's context does not change it."""
    ctx = doc.get("context") or {}
    if doc.get("device_type") != "qemu" or ctx.get("arch") not in LAVA_QEMU:
        raise LavaError("a device YAML is written for qemu jobs of arch %s only" % " or ".join(LAVA_QEMU))
    return {
        "device_type": "qemu",
        "available_architectures": list(LAVA_QEMU),
        "actions": {
            "deploy": {"methods": {"image": {"parameters": {}}}},
            "boot": {"methods": {"qemu": {"parameters": {
                "command": LAVA_QEMU[ctx["arch"]],
                "options": ["-cpu %s" % ctx["cpu"], "-machine %s" % ctx["machine"], "-nographic", LAVA_NET,
                            "-m %d" % ctx["memory"], "-monitor none"],
                "extra": list(ctx.get("extra_options") or []),
            }}}},
        },
    }


def device_path(arch):
    """The repository's device YAML for the default job of `arch`."""
    return os.path.join(DEVICE_DIR, "qemu-%s.yaml" % arch)


def monitor_stream(m, text, chunk=None):
    """What LAVA's monitor `m` records from `text` arriving `chunk` characters at a time (None: all at once),
    searched the way pexpect does it for TestMonitorAction (see the module's notes). Returns ([(result word,
    test_case_id)], whether the end string was found)."""
    start, end, pat = (re.compile(m[k], re.DOTALL) for k in ("start", "end", "pattern"))
    pieces = [text] if not chunk else [text[i:i + chunk] for i in range(0, len(text), chunk)]
    buf, started, found = "", False, []
    for piece in pieces:
        buf += piece
        while True:
            if not started:
                x = start.search(buf)
                if not x:
                    break
                buf, started = buf[x.end():], True
                continue
            hits = [(x.start(), i, x) for i, x in enumerate((end.search(buf), pat.search(buf))) if x]
            if not hits:
                break
            _, i, x = min(hits, key=lambda h: h[:2])
            buf = buf[x.end():]
            if i == 0:
                return found, True
            found.append((x.group("result"), x.group("test_case_id")))
    return found, False


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
    for key in ("start", "end", "pattern"):
        try:
            rx = re.compile(m[key])
        except re.error as e:
            bad.append("test.monitors[0].%s does not compile (LAVA reads it as a regex): %s" % (key, e))
    if bad:
        return bad
    if not {"result", "test_case_id"} <= set(re.compile(m["pattern"]).groupindex):
        bad.append("test.monitors[0].pattern: want named groups result and test_case_id")
        return bad
    # The monitor runs from the start string to the end string: what it finds there must be the results,
    # whether the stream comes at once or a character at a time.
    for text, want in ((SAMPLE, SAMPLE_RESULTS), (SAMPLE_ERROR, SAMPLE_ERROR_RESULTS)):
        for chunk in (None, 1):
            got, ended = monitor_stream(m, text, chunk)
            how = "whole" if chunk is None else "a character at a time"
            if not ended:
                bad.append("test.monitors[0]: on a sample transcript (fed %s) the monitor never gets from start %r "
                           "to end %r (they do not match its start and end lines, or the pattern swallows the end)"
                           % (how, m["start"], m["end"]))
            elif got != want:
                bad.append("test.monitors[0].pattern reads %s from sample result lines fed %s, want %s"
                           % (got, how, want))
            if bad:
                return bad
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
        sub, "lava", "write LAVA job definitions (and their device YAML), validate them, or run one in lava-run",
        "Write a LAVA job definition per platform that boots the image and records each PASS/FAIL/SKIP "
        "line (and an error line) as a LAVA test case, through a monitor on the start and end lines; with "
        "--write-device, the device YAML lava-run needs for that job instead; with --validate, check job "
        "files; with --run, run the job in Debian's lava-dispatcher (lava-run, as root, no server) on the "
        "repository's device YAML and compare the results LAVA records with the transcript it logged.",
        __doc__,
        "Exit status: 0 written (or valid); 1 a job does not validate; 2 usage or setup error. --run: "
        "1 if LAVA's results and the transcript disagree, else the image's status (0, 1, 77).")
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
                    help="the test action's timeout (default: %g s; the boot action gets a minute more)"
                         % qemu.DEFAULT_TIMEOUT)
    lv.add_argument("-o", "--output", metavar="PATH",
                    help="file to write (one platform), or directory for hyptest-<arch>-<platform>.yaml (default: "
                         "stdout; --write-device: qemu-<arch>.yaml; --run: the directory for the job and LAVA's "
                         "files, default build/lava/<arch>-<platform>)")
    mode = lv.add_mutually_exclusive_group()
    mode.add_argument("--validate", nargs="+", metavar="FILE", help="validate these job files instead of writing one")
    mode.add_argument("--write-device", action="store_true",
                      help="write the device YAML for the job (what lava-server's qemu device type renders from "
                           "its context; the repository keeps the default job's in lava/qemu-<arch>.yaml)")
    mode.add_argument("--run", action="store_true",
                      help="run the job with lava-run on the device YAML and compare LAVA's results with the "
                           "transcript")
    lv.add_argument("--device", metavar="FILE",
                    help="--run: the device YAML (default: lava/qemu-<arch>.yaml; it must be the one "
                         "--write-device writes for the same options)")
    lv.set_defaults(func=lambda o: cmd_lava(o, cli))
    return lv


def _jobs(o, cli, platforms):
    """(platform, job dict) for each platform, or None after one error line."""
    docs = []
    for p in platforms:
        image = o.image or qemu.default_image(o.arch, p)
        sha = None
        if os.path.isfile(image):
            with open(image, "rb") as f:
                sha = hashlib.sha256(f.read()).hexdigest()
        elif not o.image_url:
            cli.note("hyptest: lava: no image at %s (build it with 'make ARCH=%s PLATFORM=%s', or give --image-url)"
                     % (qemu.display_path(image), o.arch, p))
            return None
        url = o.image_url or "file://" + os.path.abspath(image)
        try:
            docs.append((p, job(o.arch, p, o, url, sha)))
        except LavaError as e:
            cli.note("hyptest: lava: %s" % e)
            return None
    return docs


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
    if o.device and not o.run:
        cli.note("hyptest: lava: --device names the device YAML for --run")
        return cli.EXIT_USAGE
    if len(platforms) > 1 and (o.run or not o.output or not os.path.isdir(o.output)):
        cli.note("hyptest: lava: %d platforms need -o DIR (an existing directory), one file each%s"
                 % (len(platforms), "; --run runs one" if o.run else ""))
        return cli.EXIT_USAGE
    docs = _jobs(o, cli, platforms)
    if docs is None:
        return cli.EXIT_USAGE
    if o.run:
        return run_job(o, cli, *docs[0])
    status = 0
    for p, doc in docs:
        if o.write_device:
            ran, problems = [], []
            text = ("# LAVA device YAML for hyptest's %s %s job, for lava-run; written by tools/hyptest lava "
                    "--write-device\n%s\n" % (o.arch, p, to_yaml(device(doc))))
            name = "qemu-%s.yaml" % o.arch
        else:
            ran, problems = validate(doc)
            text = "# LAVA job for hyptest on %s %s, written by tools/hyptest lava\n%s\n" % (o.arch, p, to_yaml(doc))
            name = "hyptest-%s-%s.yaml" % (o.arch, p)
        if o.output:
            path = os.path.join(o.output, name) if os.path.isdir(o.output) else o.output
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            cli.note("hyptest: lava: wrote %s%s" % (qemu.display_path(path), "" if o.write_device else " (%s)" % (
                "valid: " + ", ".join(ran) if not problems else "INVALID")))
        else:
            sys.stdout.write(text)
        for x in problems:
            cli.note("hyptest: lava: %s: %s" % (p, x))
            status = 1
    return status


def run_job(o, cli, platform, doc):
    """--run: the job through lava-run on the device YAML, LAVA's results against the transcript."""
    from . import lavarun
    ran, problems = validate(doc)
    for x in problems:
        cli.note("hyptest: lava: %s: %s" % (platform, x))
    if problems:
        return 1
    dev_path = o.device or device_path(o.arch)
    try:
        dev = load_yaml(dev_path)
    except (OSError, RuntimeError) as e:
        cli.note("hyptest: lava: device YAML %s: %s" % (qemu.display_path(dev_path), getattr(e, "strerror", None) or e))
        return cli.EXIT_USAGE
    want = device(doc)
    if dev != want:
        cli.note("hyptest: lava: %s is not the device YAML for this job (lava-run would not boot what the job's "
                 "context says): write it with 'tools/hyptest lava --write-device' and the same options, then "
                 "give it with --device" % qemu.display_path(dev_path))
        return cli.EXIT_USAGE
    outdir = o.output or os.path.join(qemu.ROOT, "build", "lava", "%s-%s" % (o.arch, platform))
    os.makedirs(outdir, exist_ok=True)
    job_path = os.path.join(outdir, "job.yaml")
    with open(job_path, "w", encoding="utf-8") as f:
        f.write("# LAVA job for hyptest on %s %s, written by tools/hyptest lava --run\n%s\n"
                % (o.arch, platform, to_yaml(doc)))
    seconds = doc["timeouts"]["job"]["seconds"] + 60
    job_id = "hyptest-%s-%d" % (o.arch, os.getpid())
    cli.note("hyptest: lava: lava-run --job-id %s --output-dir %s --device %s %s" % (
        job_id, qemu.display_path(outdir), qemu.display_path(dev_path), qemu.display_path(job_path)))
    try:
        out = lavarun.run(job_path, os.path.abspath(dev_path), outdir, job_id, seconds)
    except lavarun.RunError as e:
        cli.note("hyptest: lava: %s" % e)
        return cli.EXIT_USAGE
    for r in out.results:
        extra = r.get("extra") or {}
        cli.out("lava: %s/%s %s%s" % (r.get("definition"), r.get("case"), r.get("result"),
                                      " (%s)" % extra["test_case_id"] if "test_case_id" in extra else ""))
    for line in lavarun.summary(out):
        cli.out("hyptest: lava: " + line)
    cli.out("hyptest: lava: lava-run took %.1f s; its log (LAVA's output.yaml) and results in %s"
            % (out.seconds, qemu.display_path(outdir)))
    problems = lavarun.compare(out)
    for x in problems:
        cli.out("hyptest: lava: mismatch: %s" % x)
    if problems:
        return 1
    cli.out("hyptest: lava: LAVA recorded one %s test case per result/error line, with the same result, and the "
            "job result the transcript calls for" % MONITOR)
    v = out.transcript.verdict()
    return v.status if v.valid and v.status in (0, 1, 77) else 1


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
