# SPDX-License-Identifier: MIT
# Generated mutants (make mutants): builds each mutant in a scratch copy of the tree, boots it, classifies it, writes docs/mutants.md.
import concurrent.futures
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import threading
import time

from hyptestlib import mutants as M

ARCHES = ("arm64", "arm32")
# The boots of one mutant on each arch it applies to: the default suite with 1 CPU on the clash path
# (class=overlap: the temporary mapping) and with 2 CPUs elsewhere (class=disjoint). Fixed seeds:
# the same mutant gets the same boots every run.
DEFAULT_PLAN = ((1, "overlap", 0x2001), (2, "disjoint", 0x2002))
# make check's sample boots once: 2 CPUs (so the SMP tests run), the clash path.
CHECK_PLAN = ((2, "overlap", 0x2003),)
OUTCOMES = ("killed", "survived", "timeout", "build error", "equivalent (identical binary)")
# In the scratch copy only (never the real tree): a deleted statement may leave a variable or a static
# function unused; that is a warning, not the build error -Werror would make it. Diagnostic pragmas
# change no generated code (the clean scratch build carries them too).
RELAX = ('\n#pragma GCC diagnostic ignored "-Wunused-variable"\n'
         '#pragma GCC diagnostic ignored "-Wunused-but-set-variable"\n'
         '#pragma GCC diagnostic ignored "-Wunused-function"\n'
         '#pragma GCC diagnostic ignored "-Wunused-label"\n'
         '#pragma GCC diagnostic ignored "-Wunused-value"\n'
         '#pragma GCC diagnostic ignored "-Wunused-parameter"\n')
SKIP_TOP = {"build", ".git", "docs"}


class Error(Exception):
    pass


def checker_available(runner):
    """True once `hyptest run` has the sequence checker (--check-sequences, the companion issue)."""
    try:
        p = subprocess.run([runner, "run", "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "--check-sequences" in p.stdout


def sync_tree(top, dst):
    """Make dst a copy of top's sources (not build/, .git, docs/): changed files copied, vanished ones
    removed. The copy is what the mutants are applied to; the real tree is only read. A file copied over
    a different one gets the current time, so that make rebuilds what an earlier mutant left behind;
    tools/deps keeps its own (a newer one would rebuild the shared dependency directory)."""
    want = set()
    now = time.time()
    for root, dirs, files in os.walk(top):
        rel_root = os.path.relpath(root, top)
        if rel_root == ".":
            dirs[:] = [d for d in dirs if d not in SKIP_TOP]
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for f in files:
            rel = os.path.normpath(os.path.join(rel_root, f))
            if rel == ".git":
                continue
            want.add(rel)
            s, d = os.path.join(top, rel), os.path.join(dst, rel)
            with open(s, "rb") as fh:
                data = fh.read()
            if rel == "lib/hidden.h":
                data += RELAX.encode()
            try:
                with open(d, "rb") as fh:
                    if fh.read() == data:
                        continue
                existed = True
            except FileNotFoundError:
                existed = False
                os.makedirs(os.path.dirname(d), exist_ok=True)
            with open(d, "wb") as fh:
                fh.write(data)
            shutil.copymode(s, d)
            st = os.stat(s)
            if existed and rel != "tools/deps":
                os.utime(d, (now, now))
            else:
                os.utime(d, ns=(st.st_atime_ns, st.st_mtime_ns))
    for root, dirs, files in os.walk(dst):
        for f in files:
            rel = os.path.normpath(os.path.relpath(os.path.join(root, f), dst))
            if rel not in want:
                os.unlink(os.path.join(root, f))


def built_files(objdir, src):
    """The source files (relative) one arch's build compiled or included, from its dependency files."""
    out = set()
    src = os.path.realpath(src) + "/"
    for root, _, files in os.walk(objdir):
        for f in files:
            if not (f.endswith(".d") or f.endswith(".dep")):
                continue
            text = open(os.path.join(root, f), errors="replace").read().replace("\\\n", " ")
            for word in text.split():
                w = word.rstrip(":")
                if w.startswith(src):
                    out.add(w[len(src):])
    return out


def parse_boot(out, rc):
    return {
        "rc": rc,
        "fails": re.findall(r"^FAIL: (\S+?)(?::|$)", out, re.M),
        "passes": sorted(set(re.findall(r"^PASS: (\S+?)(?::|$)", out, re.M))),
        "timeout": rc == 124 or bool(re.search(r"^hyptest: timeout after", out, re.M)),
        "error": (re.findall(r"^hyptest: error: (.*)$", out, re.M) or [None])[0],
    }


class Worker:
    """One scratch copy of the tree and its build directories: mutants are applied, built and booted here
    one at a time, and each file is put back before the next."""

    def __init__(self, opts, k):
        self.o = opts
        self.dir = os.path.join(opts.root, "w%d" % k)
        self.src = os.path.join(self.dir, "src")
        self.clean = {}      # arch -> sha256 of the clean image
        self.host_bins = None  # host test binary -> the source files it compiles
        self.baseline = {}   # (arch, boot key) -> the PASS set of the clean image's boot
        os.makedirs(self.dir, exist_ok=True)
        self.lockf = open(os.path.join(self.dir, ".lock"), "w")
        try:
            fcntl.flock(self.lockf, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise Error("%s is in use by another tools/mutants" % self.dir)
        # A new copy has the original files' times, and a run that was killed with a mutant applied may
        # have left objects built from it that look newer than the file put back: start those builds over.
        self.dirty = os.path.join(self.dir, "mutant-applied")
        if not os.path.isdir(self.src) or os.path.exists(self.dirty):
            for arch in ARCHES:
                shutil.rmtree(self.objdir(arch), ignore_errors=True)
        sync_tree(opts.top, self.src)
        if os.path.exists(self.dirty):
            os.unlink(self.dirty)

    def objdir(self, arch):
        return os.path.join(self.dir, arch)

    def image(self, arch):
        return os.path.join(self.objdir(arch), "hyptest.bin")

    def make(self, cmd):
        """(built, output) of one make; an interrupted make is Error, not a build error."""
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
                               timeout=self.o.build_timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return False, "build timed out after %d s" % self.o.build_timeout
        if p.returncode < 0 or re.search(r"^make: \*\*\* .*Interrupt", p.stdout, re.M):
            raise Error("interrupted")
        return p.returncode == 0, p.stdout

    def build(self, arch):
        return self.make(["make", "-s", "-C", self.src, "ARCH=" + arch, "O=" + self.objdir(arch),
                          "DEPS=" + self.o.deps])

    def image_hash(self, arch):
        with open(self.image(arch), "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    def boot(self, arch, cpus, cls, seed, el3=False, checker=False):
        cmd = [self.o.runner, "run", "--arch", arch, "--image", self.image(arch), "--timeout",
               str(self.o.boot_timeout), "--seed", "0x%x" % seed, "--cpus", str(cpus), "--append",
               "class=" + cls, "--no-symbols"]
        if el3:
            cmd.append("--el3")
        if checker:
            cmd.append("--check-sequences")
        t0 = time.monotonic()
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
                               timeout=self.o.boot_timeout + 60, stdin=subprocess.DEVNULL)
            out, rc = p.stdout, p.returncode
        except subprocess.TimeoutExpired as e:
            out, rc = (e.stdout or "") if isinstance(e.stdout, str) else "", 124
        if rc in (130, -2):
            raise Error("interrupted")
        r = parse_boot(out, rc)
        r.update(cpus=cpus, cls=cls, seed=seed, el3=el3, checker=checker, secs=round(time.monotonic() - t0, 1))
        return r, out

    # --- the host unit tests (tests/Makefile), for survivors in the code they compile ---

    def host_build(self):
        """make -C tests build in the copy. The -Wunused-* warnings are relaxed as for the image, through a
        header of this worker's own (lib/hidden.h's visibility pragma is not for host programs)."""
        relax = os.path.join(self.dir, "relax.h")
        if not os.path.exists(relax):
            with open(relax, "w") as f:
                f.write(RELAX)
        return self.make(["make", "-s", "-C", os.path.join(self.src, "tests"), "build",
                          "O=" + os.path.join(self.dir, "host"), "DEPS=" + self.o.deps,
                          "CPPFLAGS=-I%s -include %s" % (self.src, relax)])

    def host_run(self, binary):
        """One host test binary; (passed, the lines that say why not)."""
        out = os.path.join(self.dir, "host")
        env = dict(os.environ, DTB_DIR=os.path.join(out, "dtb"), CMOCKA_MESSAGE_OUTPUT="STDOUT",
                   ASAN_OPTIONS="detect_leaks=0", UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
        env.pop("CMOCKA_XML_FILE", None)
        try:
            p = subprocess.run([os.path.join(out, binary)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, errors="replace", timeout=120, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return False, "timed out after 120 s"
        if p.returncode == 0:
            return True, ""
        bad = [ln.strip() for ln in p.stdout.splitlines()
               if "[  FAILED  ]" in ln or "ERROR" in ln or "runtime error" in ln]
        return False, (bad[0] if bad else "exit status %d" % p.returncode)[:120]

    def ensure_host(self):
        """The clean host tests built once; which binary compiles which file; every binary must pass."""
        if self.host_bins is not None:
            return
        ok, log = self.host_build()
        if not ok:
            raise Error("the clean tree's host tests do not build in %s:\n%s" % (self.src, log[-3000:]))
        objs = os.path.join(self.dir, "host", "obj")
        self.host_bins = {}
        for b in sorted(os.listdir(objs)):
            self.host_bins[b] = built_files(os.path.join(objs, b), self.src)
            passed, why = self.host_run(b)
            if not passed:
                raise Error("the clean tree's host test %s fails: %s" % (b, why))

    def host_verdict(self, site):
        """For a mutant of code the host unit tests compile: killed by them, survived, or None (not theirs)."""
        self.ensure_host()
        bins = [b for b, files in self.host_bins.items() if site.file in files]
        if not bins:
            return None, ""
        ok, log = self.host_build()
        if not ok:
            errs = [ln for ln in log.splitlines() if "error" in ln]
            return "build error", "host tests do not build: " + (errs[0] if errs else "")[:150]
        failed = []
        for b in bins:
            passed, why = self.host_run(b)
            if not passed:
                failed.append("%s (%s)" % (b, why))
        if failed:
            return "killed", "host tests: " + "; ".join(failed[:3])
        return "survived", "host tests %s pass" % ", ".join(bins)

    def ensure_clean(self, arch, plan, el3):
        """Build the clean copy once per arch; boot it once per plan entry for the PASS sets to compare with."""
        if arch not in self.clean:
            ok, log = self.build(arch)
            if not ok:
                raise Error("the clean tree does not build for %s in %s:\n%s" % (arch, self.src, log[-3000:]))
            self.clean[arch] = self.image_hash(arch)
        for cpus, cls, seed in plan:
            key = (arch, cpus, cls, seed, el3)
            if key in self.baseline:
                continue
            r, out = self.boot(arch, cpus, cls, seed, el3)
            if r["rc"] != 0 or r["fails"]:
                raise Error("the clean %s image does not PASS (cpus=%d class=%s seed=0x%x%s): status %s\n%s" % (
                    arch, cpus, cls, seed, " --el3" if el3 else "", r["rc"], out[-3000:]))
            self.baseline[key] = set(r["passes"])

    def verdict(self, arch, r, el3):
        """killed / timeout / pass for one boot of a mutant, and why."""
        if r["timeout"]:
            return "timeout", "hung: stopped by the host timeout (%d s)" % self.o.boot_timeout
        base = self.baseline[(arch, r["cpus"], r["cls"], r["seed"], el3)]
        why = []
        if r["fails"]:
            fails = list(dict.fromkeys(r["fails"]))
            why.append("FAIL: " + ", ".join(fails[:4]) + (" (+%d)" % (len(fails) - 4) if len(fails) > 4 else ""))
        if r["error"]:
            why.append("error: " + r["error"][:100])
        if r["rc"] != 0 and not why:
            why.append("exit status %d" % r["rc"])
        missing = sorted(base - set(r["passes"]))
        if missing:
            why.append("no longer PASS: " + ", ".join(missing[:4]) + (" (+%d)" % (len(missing) - 4)
                                                                       if len(missing) > 4 else ""))
        return ("killed", "; ".join(why)) if why else ("pass", "")

    def run_mutant(self, site, arches, plan, checker):
        """Apply, build, compare, boot; put the file back. Returns the result record."""
        path = os.path.join(self.src, site.file)
        with open(path, encoding="utf-8") as f:
            orig = f.read()
        mutated = M.apply(orig, site)
        res = {"id": site.id, "file": site.file, "line": site.line, "op": site.op, "desc": site.desc,
               "func": site.func, "fingerprint": self.o.fingerprint,
               "mutant": hashlib.sha256(mutated.encode()).hexdigest()[:16], "arches": {}}
        t0 = time.monotonic()
        for arch in arches:
            self.ensure_clean(arch, plan, site.el3)
        if self.o.host_tests:
            self.ensure_host()
        try:
            with open(self.dirty, "w") as f:
                f.write(site.id + "\n")
            with open(path, "w", encoding="utf-8") as f:
                f.write(mutated)
            for arch in arches:
                a = res["arches"][arch] = {"boots": []}
                ok, log = self.build(arch)
                if not ok:
                    a["outcome"] = "build error"
                    errs = [ln for ln in log.splitlines() if "error" in ln]
                    a["why"] = (errs[0] if errs else log.strip().splitlines()[-1] if log.strip() else "")[:200]
                    continue
                if self.image_hash(arch) == self.clean[arch]:
                    a["outcome"] = "equivalent (identical binary)"
                    a["why"] = "the image is byte for byte the clean one"
                    continue
                a["outcome"], a["why"] = "survived", ""
                for cpus, cls, seed in plan:
                    r, _ = self.boot(arch, cpus, cls, seed, site.el3)
                    v, why = self.verdict(arch, r, site.el3)
                    r.pop("passes")
                    a["boots"].append(r)
                    if v != "pass":
                        a["outcome"], a["why"] = v, "%d CPU%s: %s" % (cpus, "s" if cpus > 1 else "", why)
                        break
                if a["outcome"] in ("killed", "timeout") and not self.o.all_arches:
                    break
            res["outcome"] = combine([a["outcome"] for a in res["arches"].values()])
            # Code the host unit tests compile (tests/Makefile): a survivor of the boots runs them too.
            res["host"] = None
            if self.o.host_tests and res["outcome"] == "survived":
                v, why = self.host_verdict(site)
                if v is not None:
                    res["host"] = {"outcome": v, "why": why}
                    if v == "killed":
                        res["outcome"] = "killed"
            # The sequence checker (hyptest run --check-sequences): survivors boot again under it.
            res["checker"] = None
            if checker and res["outcome"] == "survived":
                res["checker"] = "survived"
                for arch, a in res["arches"].items():
                    if a["outcome"] != "survived":
                        continue
                    for cpus, cls, seed in plan:
                        r, _ = self.boot(arch, cpus, cls, seed, site.el3, checker=True)
                        v, why = self.verdict(arch, r, site.el3)
                        if v != "pass":
                            res["checker"] = "killed"
                            a["checker_why"] = "%d CPU%s under the checker: %s" % (cpus, "s" if cpus > 1 else "",
                                                                                     why)
                            break
                    if res["checker"] == "killed":
                        break
        finally:
            # Put the file back, newer than every object built from the mutant, so the next build redoes them.
            with open(path, "w", encoding="utf-8") as f:
                f.write(orig)
            os.unlink(self.dirty)
        res["secs"] = round(time.monotonic() - t0, 1)
        return res


def why_of(r):
    """What each arch's boots (and the host tests) said about a mutant, in one line."""
    parts = ["%s: %s" % (a, x["why"]) for a, x in r["arches"].items() if x.get("why")]
    if r.get("host"):
        parts.append(r["host"]["why"])
    return "; ".join(parts)


def combine(outcomes):
    """One outcome from the arches': killed beats timeout beats survived; equivalent only if every arch's
    image is the clean one; build error when nothing built and differed."""
    for o in ("killed", "timeout", "survived"):
        if o in outcomes:
            return o
    if outcomes and all(o == "equivalent (identical binary)" for o in outcomes):
        return "equivalent (identical binary)"
    return "build error"


class Options:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def result_path(opts, site):
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", site.id) + ".json"
    return os.path.join(opts.root, "results", opts.fingerprint, name)


def load_result(opts, site):
    p = result_path(opts, site)
    try:
        with open(p) as f:
            r = json.load(f)
    except (OSError, ValueError):
        return None
    return r if r.get("desc") == site.desc and r.get("fingerprint") == opts.fingerprint else None


def save_result(opts, site, res):
    p = result_path(opts, site)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p + ".tmp", "w") as f:
        json.dump(res, f, indent=1, sort_keys=True)
    os.replace(p + ".tmp", p)


def applicability(opts, worker, arches):
    """file -> arches whose build compiles or includes it (from the clean builds' dependency files)."""
    cache = os.path.join(opts.root, "results", opts.fingerprint, "files.json")
    try:
        with open(cache) as f:
            got = json.load(f)
        if all(a in got for a in arches):
            return got
    except (OSError, ValueError):
        got = {}
    for arch in arches:
        if arch in got:
            continue
        if worker is None:
            raise Error("which files %s builds is not stored for this tree yet: run `tools/mutants run` first" % arch)
        ok, log = worker.build(arch)
        if not ok:
            raise Error("the clean tree does not build for %s:\n%s" % (arch, log[-3000:]))
        got[arch] = sorted(built_files(worker.objdir(arch), worker.src))
    os.makedirs(os.path.dirname(cache), exist_ok=True)
    with open(cache, "w") as f:
        json.dump(got, f, indent=1)
    return got


def run_all(opts, workers, items, plan, checker, log):
    """items: [(site, arches)]. Runs them over the workers (results reused when stored for the same
    tree); returns {site id: result}. Ctrl-C stops after the mutants in flight, files put back."""
    results = {}
    todo = []
    for site, arches in items:
        r = load_result(opts, site) if opts.resume else None
        if r is not None and r["outcome"] == "survived" and opts.host_tests and "host" not in r:
            r = None  # stored before the host tests were part of the verdict
        if r is not None and (not checker or r.get("checker") is not None or r["outcome"] != "survived"):
            results[site.id] = r
        else:
            todo.append((site, arches))
    if results:
        log("mutants: %d of %d results reused from %s" % (len(results), len(items),
                                                           os.path.dirname(result_path(opts, items[0][0]))))
    if not todo:
        return results
    workers = workers[:max(1, min(len(workers), len(todo)))]
    free = list(workers)
    lock = threading.Lock()
    stop = threading.Event()
    done = [len(results)]

    def one(item):
        site, arches = item
        if stop.is_set():
            return None
        with lock:
            w = free.pop()
        try:
            r = w.run_mutant(site, arches, plan, checker)
        finally:
            with lock:
                free.append(w)
        if stop.is_set():
            return None
        save_result(opts, site, r)
        with lock:
            results[site.id] = r
            done[0] += 1
            n = done[0]
        why = why_of(r)
        log("[%d/%d] %-46s %-8s %s  (%.0f s)%s" % (
            n, len(items), site.id, r["outcome"], site.desc, r["secs"], ("\n        " + why) if why else ""))
        return r

    ex = concurrent.futures.ThreadPoolExecutor(max_workers=len(workers))
    try:
        futs = [ex.submit(one, it) for it in todo]
        for f in concurrent.futures.as_completed(futs):
            f.result()
    except BaseException as e:
        stop.set()
        if isinstance(e, KeyboardInterrupt):
            log("mutants: interrupted; the mutants in flight finish, their files are put back; the results so "
                "far are kept (run again to resume)")
        ex.shutdown(wait=True, cancel_futures=True)
        raise
    ex.shutdown(wait=True)
    return results


# --- the report ---------------------------------------------------------------------------------

def classify(results, sample, annotations, all_sites):
    """Survivors get their class from the annotations (by id, or by change if the line moved)."""
    by_id = {s.id: s for s in all_sites}
    ann = {}
    stale = []
    for sid, (desc, cls, reason, n) in annotations.items():
        s, moved = M.find_site(by_id, all_sites, sid, desc)
        if s is None:
            stale.append("line %d: %s (%s) matches no site" % (n, sid, desc))
            continue
        ann[s.id] = (cls, reason, sid if moved else None)
    rows = []
    for s in sample:
        r = results.get(s.id)
        if r is None:
            continue
        cls, reason, moved = ann.get(s.id, (None, None, None))
        if r["outcome"] != "survived" or r.get("checker") == "killed":
            cls = None
        elif cls is None:
            cls = "unclassified"
        rows.append((s, r, cls, reason, moved))
    return rows, stale


def summarize(rows, checker):
    n = len(rows)
    count = {o: 0 for o in OUTCOMES}
    for _, r, _, _, _ in rows:
        count[r["outcome"]] += 1
    classes = {c: 0 for c in M.CLASSES + ("unclassified",)}
    for _, r, cls, _, _ in rows:
        if cls:
            classes[cls] += 1
    equiv = count["equivalent (identical binary)"] + classes["equivalent"]
    unobs = classes["not-observable"]
    denom = n - count["build error"] - equiv - unobs
    detected = count["killed"] + count["timeout"]
    by_checker = sum(1 for _, r, _, _, _ in rows if r.get("checker") == "killed")
    by_host = sum(1 for _, r, _, _, _ in rows if r.get("host") and r["host"]["outcome"] == "killed")
    return {"n": n, "count": count, "classes": classes, "denom": denom, "detected": detected,
            "score": (100.0 * detected / denom) if denom > 0 else None,
            "score_checker": (100.0 * (detected + by_checker) / denom) if (denom > 0 and checker) else None,
            "by_checker": by_checker, "by_host": by_host}


def fmt_score(v):
    return "n/a" if v is None else "%.1f%%" % v


def summary_lines(s, checker):
    c = s["count"]
    lines = ["%d mutants: %d killed (%d of them by the host tests), %d survived, %d timeout, %d build error, "
             "%d equivalent (identical binary)" % (
                 s["n"], c["killed"], s["by_host"], c["survived"], c["timeout"], c["build error"],
                 c["equivalent (identical binary)"]),
        "survivors: %d equivalent, %d not observable on QEMU, %d missing test, %d unclassified%s" % (
            s["classes"]["equivalent"], s["classes"]["not-observable"], s["classes"]["missing-test"],
            s["classes"]["unclassified"], (", %d killed by the checker" % s["by_checker"]) if checker else ""),
        "score, suite alone: %s (%d detected of %d: killed + timeout over total - build errors - equivalent "
        "- not observable)" % (fmt_score(s["score"]), s["detected"], s["denom"]),
        "score, suite + sequence checker: %s" % (
            fmt_score(s["score_checker"]) if checker else "n/a (checker not available)")]
    return lines


def outcome_cell(r):
    """The outcome and where it was decided: the arch(es) whose boots ended so, or the host tests."""
    if r.get("host") and r["host"]["outcome"] == "killed":
        return "killed (host tests)"
    where = [a for a, x in r["arches"].items() if x["outcome"] == r["outcome"]]
    return r["outcome"] + (" (%s)" % ", ".join(where) if where else "")


def md_cell(x):
    return str(x).replace("|", "\\|").replace("\n", " ")


def write_doc(path, opts, rows, summ, checker, plan, arches, stale, secs):
    out = ["# Generated mutants", "",
           "Generated by `make mutants` (tools/mutants, `tools/mutants run`) from the stored results and "
           "the hand-kept classifications in `tools/mutants.annotations`; do not edit. The knob table is "
           "`docs/detection.md`; `tools/mutants --help` and the top of `tools/hyptestlib/mutants.py` say "
           "how sites are found.", "",
           "## How", "",
           "- Mutated: the C and assembly of %s; not the tests (`selftest/`, `tests/`) and not:" %
           ", ".join("`%s/`" % d for d in M.SCOPE)]
    for k, why in sorted(M.EXCLUDE.items()):
        out.append("  - `%s`: %s" % (k, why))
    out += ["- Operators:"] + ["  - `%s`: %s" % (k, v) for k, v in M.OPERATORS.items()]
    out += ["- Sample: seed %s, the first %d sites of the sample order (operators interleaved, each one's "
            "sites shuffled by the seed), over the files built for %s." % (opts.seed_text, summ["n"],
                                                                         " or ".join(arches)),
            "- Each mutant is built in a scratch copy of the tree (`build/mutants/`) for every arch whose "
            "build compiles the file (from the clean build's dependency files); an image byte for byte the "
            "clean one is *equivalent (identical binary)*. Otherwise the default suite boots: %s; files "
            "that run only at EL3 (%s) boot with `--el3`. *Killed*: a FAIL, a non-zero status, or a test "
            "that PASSes on the clean image no longer PASSing; *timeout*: the host's %d s timeout stopped "
            "the boot. The first arch that kills a mutant ends it. A mutant that survives the boots and is in "
            "code the host unit tests compile (`tests/Makefile`: the page-table builder, PMAP, placement, "
            "bootargs, DT, sysreg decode) is then built into them, and a host test that fails kills it." % (
                ", ".join("%d CPU%s class=%s seed=0x%x" % (c, "s" if c > 1 else "", cl, sd) for c, cl, sd in plan),
                ", ".join("`%s`" % f for f in M.EL3_FILES), opts.boot_timeout),
            "- Sequence checker (`hyptest run --check-sequences`): %s" % (
                "survivors boot again under it." if checker else
                "not available yet; the second column reads n/a (checker not available)."),
            "- Score: (killed + timeout) / (total - build errors - equivalent - not observable on QEMU); "
            "equivalent counts identical binaries and survivors classified equivalent.", ""]
    out += ["## Result", ""] + ["- " + ln for ln in summary_lines(summ, checker)]
    out += ["- run time of the results shown: %.0f min (the sum of the mutants' own times)" % (secs / 60), ""]
    out += ["By operator:", "", "| operator | mutants | killed | timeout | survived: equivalent / not observable "
            "/ missing test / unclassified | build error | identical binary |", "|---|---|---|---|---|---|---|"]
    for op in M.OPERATORS:
        mine = [(r, cls) for s, r, cls, _, _ in rows if s.op == op]
        if not mine:
            continue
        n = {o: sum(1 for r, _ in mine if r["outcome"] == o) for o in OUTCOMES}
        k = {c: sum(1 for _, cls in mine if cls == c) for c in M.CLASSES + ("unclassified",)}
        out.append("| `%s` | %d | %d | %d | %d / %d / %d / %d | %d | %d |" % (
            op, len(mine), n["killed"], n["timeout"], k["equivalent"], k["not-observable"], k["missing-test"],
            k["unclassified"], n["build error"], n["equivalent (identical binary)"]))
    out.append("")
    if stale:
        out += ["Annotations that match no site (fix `tools/mutants.annotations`):", ""] + \
               ["- " + s for s in stale] + [""]
    out += ["## Mutants", "",
            "| # | site | function | mutation | suite | + checker | survivor class | why / reason |",
            "|---|---|---|---|---|---|---|---|"]
    for k, (s, r, cls, reason, moved) in enumerate(rows, 1):
        why = why_of(r)
        if cls:
            why = reason or "(not classified yet)"
        ck = ("killed" if r["outcome"] in ("killed", "timeout") else
              r.get("checker") or ("n/a" if r["outcome"] == "survived" else "-"))
        out.append("| %d | `%s` | %s | %s | %s | %s | %s | %s |" % (
            k, s.id, md_cell(s.func or "-"), md_cell(s.desc), outcome_cell(r), ck if checker else "n/a",
            cls or "-", md_cell(why)))
    out.append("")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(out))
    os.replace(tmp, path)
