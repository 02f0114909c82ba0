# SPDX-License-Identifier: MIT
# Symbolized crash dumps: every image address in a register dump or backtrace becomes `function+offset (file:line)`.
"""The image runs at a VA the loader chose from the seed, so the raw addresses
in its `# exception:`, `# x0 =...` and `# backtrace:` lines are different on
every boot and mean nothing to a reader. The start line says where the image
went (`pa=`, `va=`, `size=`) and the loader line where the loader stub runs;
an address inside one of those ranges is turned back into a link-time address
(link = runtime - (runtime base - link base)) and looked up in the ELF beside
the image with the arch's binutils: `nm` for function+offset, `addr2line -f -i`
for the source line (inlined frames included).

Ranges, in this order (a value can fall in two when the class is overlap; the
runtime one wins, as that is where C runs):
  va   [va, va+size)          hyptest.elf, the runtime map
  pa   [pa, pa+size)          hyptest.elf, physical (tables, MMU-off code), shown as [pa]
  ldr  [loader, +its size)    loader.elf, the loader stub at the firmware's address
The clash path's temporary alias is not a range: the vectors that print dumps
are installed at the runtime VA, after that alias is gone, and its base is a
constant the code holds in registers (it would symbolize as `_start`).
Code addresses (elr, pc, lr, x30, the backtrace) take the closest symbol below
them (assembly labels have no size); other registers only a symbol that covers
them, so a stack or heap pointer is not named after its neighbour.

Return addresses (lr and the backtrace's saved lr values) point after the call;
their line is looked up at address - 4, as debuggers do, so the line shown is
the call's. The text `<...>` is appended only to lines that begin with `# `:
the protocol parser treats those as comments, so an annotated transcript still
checks out with `hyptest check-transcript`.
"""

import os
import re
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass

from . import qemu

# Per arch: binutils prefix, size of the call instruction a return address follows.
# Another arch is one more row.
ARCH_TOOLS = {
    "arm64": dict(prefix="aarch64-linux-gnu-", insn=4),
    "arm32": dict(prefix="arm-none-eabi-", insn=4),  # A32: BL is 4 bytes
}

_DUMP_LINE = re.compile(r"# (exception:|[xr]\d|backtrace:|image base)")  # x0-x30 (arm64), r0-r14 (arm32)
_KEYED = re.compile(r"\b(elr|far|pc|lr|sp|[xr]\d{1,2})\s*=\s*(0x[0-9a-fA-F]+)")
_BARE = re.compile(r"(?<![=\w])(0x[0-9a-fA-F]+)\b")
_LOADER = re.compile(r"hyptest: loader: .*\bloader at (0x[0-9a-fA-F]+)")
_RETURN_KEYS = ("lr", "x30", "r14")  # values that are return addresses (with the backtrace's #1, #2, ...)
_CODE_KEYS = ("elr", "pc", "lr", "x30", "r14")  # values that are code addresses (with #1, #2, ...)


@dataclass(frozen=True)
class Region:
    name: str  # va, pa, ldr
    start: int
    size: int
    elf: str
    link_base: int

    def link(self, addr):
        if self.start <= addr < self.start + self.size:
            return addr - self.start + self.link_base
        return None


class Elf:
    """One ELF's symbol table (nm) and line table (addr2line), looked up in batches and cached."""

    def __init__(self, path, prefix):
        self.path, self.prefix = path, prefix
        self.syms = []  # (addr, size, name), sorted
        self.base = 0
        self.error = None
        self.cache = {}
        self.lock = threading.Lock()  # one ELF serves every boot of a loop
        nm = self.tool("nm")
        if not nm:
            return
        try:
            out = subprocess.run([nm, "-n", "-S", "--defined-only", path], capture_output=True, text=True,
                                 check=True).stdout
        except (OSError, subprocess.CalledProcessError) as e:
            self.error = "%s %s failed: %s" % (os.path.basename(nm), path, getattr(e, "stderr", "") or e)
            return
        starts = {}
        for line in out.splitlines():
            f = line.split()
            if len(f) == 4:
                addr, size, kind, name = int(f[0], 16), int(f[1], 16), f[2], f[3]
            elif len(f) == 3:
                addr, size, kind, name = int(f[0], 16), 0, f[1], f[2]
            else:
                continue
            if kind in "aAN?" or name.startswith("$"):
                continue  # absolute values (sizes, counts), mapping symbols
            starts.setdefault(name, addr)
            self.syms.append((addr, size, name))
        self.syms.sort()
        # Where the image is linked (boot/arm64/hyptest.lds.S and loader.lds link at 0): its
        # start symbol, else the lowest symbol.
        named = [starts[n] for n in ("__image_start", "__loader_start") if n in starts]
        self.base = named[0] if named else (self.syms[0][0] if self.syms else 0)

    def tool(self, name):
        path = shutil.which(self.prefix + name)
        if not path:
            self.error = "%s%s not found (install binutils for the arch)" % (self.prefix, name)
        return path

    def symbol(self, addr, code=True):
        """(name, offset) of the symbol that holds addr. For a code address the closest one at or
        below it will do (assembly labels have no size); for a data value only a symbol whose size
        covers it, or one that starts exactly there: a pointer into the stack or the heap is not
        `the_symbol_before_it+0x3000`."""
        lo, hi = 0, len(self.syms)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.syms[mid][0] <= addr:
                lo = mid + 1
            else:
                hi = mid
        best = None
        for i in range(lo - 1, max(-1, lo - 64), -1):
            start, size, name = self.syms[i]
            if size and start <= addr < start + size:
                return name, addr - start
            if best is None and (code or start == addr):
                best = (name, addr - start)
        return best

    def lines(self, addrs):
        """addr -> [(function, "file:line")], innermost (inlined) first; one addr2line run for all of them."""
        with self.lock:
            return self._lines(addrs)

    def _lines(self, addrs):
        want = sorted({a for a in addrs if a not in self.cache})
        tool = self.tool("addr2line") if want else None
        if want and tool:
            try:
                out = subprocess.run([tool, "-a", "-f", "-i", "-e", self.path] + ["0x%x" % a for a in want],
                                     capture_output=True, text=True, check=True).stdout
            except (OSError, subprocess.CalledProcessError) as e:
                self.error = "addr2line failed: %s" % (getattr(e, "stderr", "") or e)
                out = ""
            cur, pending = None, []
            for line in out.splitlines():
                if re.match(r"0x[0-9a-f]+$", line):
                    cur = int(line, 16)
                    self.cache[cur] = []
                    pending = []
                elif cur is not None:
                    pending.append(line)
                    if len(pending) == 2:
                        func, where = pending
                        self.cache[cur].append((func, self.short(where)))
                        pending = []
        return {a: self.cache.get(a, []) for a in addrs}

    @staticmethod
    def short(where):
        where = re.sub(r" \(discriminator \d+\)$", "", where)
        if where.startswith(qemu.ROOT + os.sep):
            where = where[len(qemu.ROOT) + 1:]
        return where


# Parsed ELFs and image checks, shared by every boot of a loop: (kind, path, mtime, size, ...) -> result.
_CACHE = {}
_CACHE_LOCK = threading.Lock()


def _cached(key_paths, kind, make):
    key = (kind,) + tuple((p, os.stat(p).st_mtime_ns, os.stat(p).st_size) for p in key_paths)
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = make()
        return _CACHE[key]


def _image_matches(elf, image, prefix):
    """True if the ELF's loadable bytes are inside the image (a stale ELF would give wrong lines)."""
    objcopy = shutil.which(prefix + "objcopy")
    if not objcopy:
        return True  # cannot tell; nm/addr2line will say what is missing
    with tempfile.TemporaryDirectory(prefix="hyptest-sym-") as d:
        raw = os.path.join(d, "raw.bin")
        try:
            subprocess.run([objcopy, "-O", "binary", elf, raw], capture_output=True, check=True)
            with open(raw, "rb") as f:
                body = f.read()
            with open(image, "rb") as f:
                data = f.read()
        except (OSError, subprocess.CalledProcessError):
            return False
    # The payload is embedded whole in the image; compare a slice that skips the header (it
    # holds the image size, the same in both), enough to tell two builds apart.
    probe = body[64:64 + 65536] if len(body) > 128 else body
    return bool(probe) and probe in data


class Symbolizer:
    """Feed it the transcript line by line (`annotate(line)` returns the line to show)."""

    def __init__(self, arch, image, elf=None, loader_elf=None):
        self.arch = arch
        tools = ARCH_TOOLS.get(arch)
        self.prefix = tools["prefix"] if tools else None
        self.insn = tools["insn"] if tools else 4
        self.image = image
        self.elf_path = elf or qemu.elf_for(image)
        self.loader_path = loader_elf or os.path.join(os.path.dirname(self.elf_path), "loader.elf")
        self.start = None
        self.loader_at = None
        self._elves = {}
        self._regions = None
        self.notes = []  # why addresses were left raw, said once

    # --- the transcript ----------------------------------------------------

    def annotate(self, line):
        body = line[2:] if line.startswith("# ") and line[2:].startswith("hyptest:") else line
        if body.startswith("hyptest: start "):
            self.start = dict(tok.split("=", 1) for tok in body.split()[2:] if "=" in tok)
            self._regions = None
            return line
        m = _LOADER.match(body)
        if m:
            self.loader_at = int(m.group(1), 16)
            self._regions = None
            return line
        if not _DUMP_LINE.match(line) or line.startswith("# image base"):
            return line
        values = self.values(line)
        if not values:
            return line
        notes = []
        for k, d in self.describe(values):
            # A run of equal frames (recursion) is said once: <#1-#9: ...>.
            if notes and notes[-1][1] == d and k.startswith("#") and notes[-1][0].startswith("#"):
                notes[-1][0] = notes[-1][0].split("-")[0] + "-" + k
            else:
                notes.append([k, d])
        return line + "".join(" <%s: %s>" % (k, d) for k, d in notes) if notes else line

    @staticmethod
    def values(line):
        """(key, value) of every address-like number on a dump line, in order."""
        found = [(m.group(1), int(m.group(2), 16)) for m in _KEYED.finditer(line)]
        if line.startswith("# backtrace:"):
            # The saved return addresses after pc= and lr= are bare numbers: #1, #2, ...
            tail = _KEYED.sub("", line[len("# backtrace:"):])
            found += [("#%d" % n, int(h, 16)) for n, h in enumerate(_BARE.findall(tail), 1)]
        return found

    # --- lookups -----------------------------------------------------------

    def regions(self):
        if self._regions is not None:
            return self._regions
        self._regions = []
        if self.prefix is None:
            self.note("no binutils known for arch %s; addresses left raw" % self.arch)
            return self._regions
        s = self.start or {}
        try:
            pa, va, size = int(s["pa"], 16), int(s["va"], 16), int(s["size"], 0)
        except (KeyError, ValueError):
            pa = va = size = None
        hyp = self.elf(self.elf_path)
        if hyp and size:
            self._regions += [Region("va", va, size, self.elf_path, hyp.base)]
            self._regions.append(Region("pa", pa, size, self.elf_path, hyp.base))
        ldr = self.elf(self.loader_path) if self.loader_at is not None else None
        if ldr and ldr.syms:
            end = max(a + sz for a, sz, _ in ldr.syms)
            self._regions.append(Region("ldr", self.loader_at, end - ldr.base, self.loader_path, ldr.base))
        return self._regions

    def elf(self, path):
        if path in self._elves:
            return self._elves[path]
        e = None
        if not os.path.isfile(path):
            self.note("no %s beside the image; addresses left raw" % qemu.display_path(path))
        elif path == self.elf_path and os.path.isfile(self.image) and \
                not _cached((path, self.image), "match", lambda: _image_matches(path, self.image, self.prefix)):
            self.note("%s does not match %s (rebuilt since?); addresses left raw"
                      % (qemu.display_path(path), qemu.display_path(self.image)))
        else:
            e = _cached((path,), "elf" + self.prefix, lambda: Elf(path, self.prefix))
            if e.error:
                self.note(e.error)
                e = None
        self._elves[path] = e
        return e

    def note(self, text):
        if text not in self.notes:
            self.notes.append(text)

    def describe(self, values):
        """[(key, "func+0xoff (file:line)")] for the values that fall in the image or the loader."""
        hits = []
        for key, value in values:
            for r in self.regions():
                link = r.link(value)
                if link is not None:
                    hits.append((key, value, r, link))
                    break
        by_elf = {}
        for key, value, r, link in hits:
            ret = key in _RETURN_KEYS or key.startswith("#")
            by_elf.setdefault(r.elf, set()).add(link - self.insn if ret else link)
        lines = {path: self._elves[path].lines(sorted(addrs)) for path, addrs in by_elf.items()}
        out = []
        for key, value, r, link in hits:
            e = self._elves[r.elf]
            ret = key in _RETURN_KEYS or key.startswith("#")
            sym = e.symbol(link, code=ret or key in _CODE_KEYS)
            if sym is None:
                continue
            text = "%s+0x%x" % sym
            frames = [(f, w) for f, w in lines[r.elf].get(link - self.insn if ret else link, [])
                      if not w.startswith("??")]
            if frames:
                where = frames[0][1]
                if len(frames) > 1:
                    # Innermost first: the line is in an inlined function; say where it was inlined.
                    sites = []
                    for _, w in frames[1:]:
                        if not sites or sites[-1] != w:  # recursion inlined into itself repeats a site
                            sites.append(w)
                    where += " in %s, inlined at %s" % (frames[0][0], ", ".join(sites))
                text += " (%s)" % where
            if r.name != "va":
                text = "[%s] %s" % (r.name, text)
            if r.elf != self.elf_path:
                text = "%s %s" % (os.path.basename(r.elf), text)
            out.append((key, text))
        return out
