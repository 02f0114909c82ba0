# SPDX-License-Identifier: MIT
# Generated mutants (make mutants): mutation sites in the hypervisor's own C and assembly, one text change each.
"""Mutation sites and mutants of hyptest's own code (issue 20, "Generated mutants").

A *site* is one place where one operator changes the source: a half-open
character range [start, end) of one file and the text that replaces it. Its
id is ``file:line:operator:index`` (index: the n-th site of that operator on
that line), which stays the same as long as the line does not move; the
annotations and the check list also record the change itself (``desc``), so
an entry whose line moved is found again by its text.

The approach is text-level on purpose: a tokenizer that knows C's comments,
strings, character constants and preprocessor lines (and which ``#ifdef
INJECT_*`` branches a normal build leaves out), a statement scanner for
function bodies, and a line parser for the assembly files. No compiler is
asked; a mutant that does not compile ends as "build error", one that
compiles to the same image as "equivalent (identical binary)".

Operators (OPERATORS): each fits how this kind of code fails.
"""
import dataclasses
import hashlib
import os
import random
import re

# The folders mutated, and what in them is not the hypervisor itself.
SCOPE = ("boot", "mm", "traps", "guest", "lib")
EXCLUDE = {
    "guest/prog/": "the guest programs are the tests' subjects (test code), not the hypervisor",
    "mm/fake/": "a page-table format for the host unit tests only",
    "lib/asm-offsets.c": "generates asm-offsets.h at build time; no code of it runs",
    "boot/pad.c": "padding for the PAD= builds only",
    "boot/arm64/floor.S": "the floor image of hyptest bench, not the hypervisor",
    "boot/arm64/image_elf.S": "wraps the finished image in an ELF (incbin only)",
    "boot/payload.S": "incbin of the payload only",
    "guest/blobs.S": "incbin of the guest images only",
    "boot/image.lds.h": "linker script",
    "traps/bcm2836_intc.c": "the rpi3 board's interrupt controller: the qemu-virt boots never reach it "
                            "(a PLATFORM=rpi3 run would; not done here)",
}
EXTS = (".c", ".h", ".S")

OPERATORS = {
    "stmt-delete": "delete a statement, a call or an instruction",
    "tlbi-scope": "swap a broadcast (inner-shareable) TLBI and its local form",
    "barrier-drop": "drop a DSB or an ISB (or the call that issues one)",
    "bit-drop": "drop one operand of a | of bits (a descriptor, HCR, SCTLR, TCR ... value)",
    "bit-flip": "move a bit constant to its neighbour: 1 << n becomes 1 << (n ^ 1)",
    "off-by-one": "< and <=, > and >= swapped; a + 1 or - 1 dropped; a conditional branch's bound moved by one",
    "half-swap": "a >> 32 or << 32 dropped (the other half of a 64-bit value), or a register pair swapped",
    "return-value": "return the wrong value: 0 and -1, true and false, !x for x, NULL for a pointer",
}

# Files whose code runs only when the image is entered at EL3 (QEMU virt,secure=on): booted with --el3.
EL3_FILES = ("boot/arm64/el3_shim.S", "boot/el3_psci.c", "boot/el3.h", "lib/arm64/sysreg_el3.h")

# Calls whose only job is a barrier: barrier-drop, not stmt-delete.
BARRIER_CALLS = {"isb", "dsb", "dmb", "arch_pte_publish", "arch_pt_isb"}
BARRIER_INSNS = {"dsb", "isb", "dmb"}
# Macros that wrap an integer constant: UL(1) << n is a bit constant like 1 << n.
CONST_MACROS = {"UL", "ULL", "U", "UINT64_C", "UINT32_C"}
TYPE_WORDS = {"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool", "bool",
              "const", "volatile", "static", "extern", "register", "struct", "union", "enum", "typedef", "inline",
              "auto", "__attribute__", "_Static_assert", "static_assert", "__typeof__", "typeof"}
QUALIFIERS = {"static", "inline", "extern", "const", "volatile", "__inline__", "noreturn", "_Noreturn"}

# --- C tokenizer --------------------------------------------------------------------------------

TOKEN_RE = re.compile(r"""
 (?P<ws>[ \t\r\f\v]+|\\\n|\n)
|(?P<comment>//[^\n]*|/\*.*?\*/)
|(?P<string>"(?:\\.|[^"\\\n])*")
|(?P<char>'(?:\\.|[^'\\\n])*')
|(?P<number>(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*)
|(?P<ident>[A-Za-z_]\w*)
|(?P<punct><<=|>>=|\.\.\.|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^]=|\#\#|[][(){};:,.?~!<>=+\-*/%&|^#@\\$])
""", re.S | re.X)


@dataclasses.dataclass
class Tok:
    kind: str       # ident, number, string, char, punct
    text: str
    start: int
    end: int
    line: int
    ctx: str = "code"   # code, or define (a #define's body)
    dead: bool = False  # in an #ifdef INJECT_* branch a normal build leaves out
    seg: int = 0        # 0: code; n: the n-th #define's body


def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


def _lex(text, start, end, line, ctx, dead, out, seg=0):
    """Tokens of text[start:end] (no preprocessor handling) appended to out; returns the line at end."""
    pos = start
    while pos < end:
        m = TOKEN_RE.match(text, pos, end)
        if not m:  # a stray byte: skip it
            pos += 1
            continue
        kind = m.lastgroup
        s = m.group()
        if kind in ("ws", "comment"):
            line += s.count("\n")
        else:
            out.append(Tok(kind, s, m.start(), m.end(), line, ctx, dead, seg))
            line += s.count("\n")
        pos = m.end()
    return line


def _directive_end(text, pos):
    """End of the preprocessor directive starting at pos: the newline not escaped by a backslash or a comment."""
    n = len(text)
    while pos < n:
        c = text[pos]
        if c == "\\" and text.startswith("\n", pos + 1):
            pos += 2
        elif text.startswith("/*", pos):
            e = text.find("*/", pos + 2)
            pos = n if e < 0 else e + 2
        elif text.startswith("//", pos):
            e = text.find("\n", pos)
            return n if e < 0 else e
        elif c in "\"'":
            m = TOKEN_RE.match(text, pos)
            pos = m.end() if m and m.lastgroup in ("string", "char") else pos + 1
        elif c == "\n":
            return pos
        else:
            pos += 1
    return n


class CondStack:
    """#if nesting: which branches hold code a normal build leaves out (#ifdef INJECT_* and #ifndef's #else)."""

    def __init__(self):
        self.stack = []  # per level: None (not an INJECT condition) or True/False: this branch is dead

    def dead(self):
        return any(s for s in self.stack if s)

    def directive(self, name, rest):
        if name in ("if", "ifdef", "ifndef"):
            if "INJECT_" in rest:
                neg = name == "ifndef" or (name == "if" and rest.lstrip().startswith("!"))
                self.stack.append(not neg)
            else:
                self.stack.append(None)
        elif name in ("else", "elif") and self.stack:
            if self.stack[-1] is not None:
                self.stack[-1] = not self.stack[-1] if name == "else" else True
        elif name == "endif" and self.stack:
            self.stack.pop()


DIRECTIVE_RE = re.compile(r"#\s*(\w+)")


def tokenize_c(text):
    """Tokens of a C file or of the C side of a .S file: comments dropped, preprocessor lines consumed.

    A #define's body is tokenized too, with ctx "define" (bit constants live there); every other
    directive is left out. Tokens in a branch a normal build leaves out (#ifdef INJECT_*) are dead.
    """
    out = []
    cond = CondStack()
    pos, line, n = 0, 1, len(text)
    at_line_start = True
    ndefine = 0
    while pos < n:
        m = TOKEN_RE.match(text, pos)
        if not m:
            pos += 1
            continue
        kind, s = m.lastgroup, m.group()
        if kind == "ws" or kind == "comment":
            if "\n" in s:
                at_line_start = True
            line += s.count("\n")
            pos = m.end()
            continue
        if at_line_start and s == "#":
            end = _directive_end(text, pos)
            d = text[pos:end]
            dm = DIRECTIVE_RE.match(d)
            name = dm.group(1) if dm else ""
            if name == "define":
                hm = re.match(r"#\s*define\s+(\w+)(\([^)]*\))?", d)
                if hm:
                    ndefine += 1
                    _lex(text, pos + hm.end(), end, line + d.count("\n", 0, hm.end()), "define", cond.dead(), out,
                         ndefine)
            else:
                cond.directive(name, d[dm.end():] if dm else "")
            line += d.count("\n")
            pos = end
            continue
        at_line_start = False
        out.append(Tok(kind, s, m.start(), m.end(), line, "code", cond.dead()))
        line += s.count("\n")
        pos = m.end()
    return out


# --- sites --------------------------------------------------------------------------------------

@dataclasses.dataclass
class Site:
    file: str
    line: int
    op: str
    start: int
    end: int
    repl: str
    desc: str
    func: str = ""
    index: int = 0
    el3: bool = False

    @property
    def id(self):
        return "%s:%d:%s:%d" % (self.file, self.line, self.op, self.index)


def _snip(s, limit=70):
    s = re.sub(r"/\*.*?\*/", " ", s, flags=re.S)
    s = re.sub(r"\s+", " ", s.replace("\\\n", " ")).strip()
    return s if len(s) <= limit else s[:limit - 3] + "..."


def apply(text, site):
    """The file's text with the site's change; a deleted range keeps its newlines, so no line moves."""
    removed = text[site.start:site.end]
    cont = removed.count("\\\n")  # a #define's continued lines stay continued
    repl = site.repl + " \\\n" * cont + "\n" * max(0, removed.count("\n") - cont - site.repl.count("\n"))
    return text[:site.start] + repl + text[site.end:]


def _match_paren(toks, i):
    """Index of the token closing the bracket at toks[i], or None."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    o, c, depth = toks[i].text, pairs[toks[i].text], 0
    for j in range(i, len(toks)):
        if toks[j].text == o:
            depth += 1
        elif toks[j].text == c:
            depth -= 1
            if depth == 0:
                return j
    return None


def _is_one(t):
    return t.kind == "number" and re.fullmatch(r"1[uUlL]*", t.text) is not None


C_KEYWORDS = {"return", "case", "else", "do", "goto", "sizeof", "if", "while", "for", "switch"}


def _operand_value(toks, i):
    """True if toks[i] ends an operand (so a following + or - is binary: not `return -1`)."""
    return i >= 0 and (toks[i].kind in ("number", "string", "char") or toks[i].text in (")", "]") or
                       toks[i].kind == "ident" and toks[i].text not in C_KEYWORDS)


# Tokens that end an operand of | on either side (lower precedence than |, or brackets).
BOUNDARY = {",", ";", "=", "?", ":", "||", "&&", "{", "}", "(", ")", "[", "]", "return", "case",
            "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>="}


def _or_operands(toks, i, lo, hi):
    """The operands of the | chain through toks[i]: [(first, last)] token index ranges, within [lo, hi)."""
    def bound(j, step):
        depth = 0
        while lo <= j < hi:
            t = toks[j].text
            if t in ("(", "[") and step < 0 or t in (")", "]") and step > 0:
                if depth == 0:
                    return j
                depth -= 1
            elif t in ("(", "[") or t in (")", "]"):
                depth += 1
            elif depth == 0 and (t in BOUNDARY or toks[j].kind == "ident" and t == "return"):
                return j
            j += step
        return j

    left = bound(i - 1, -1)
    right = bound(i + 1, 1)
    ops, depth = [], 0
    for j in range(left + 1, right):
        t = toks[j].text
        if t in ("(", "["):
            depth += 1
        elif t in (")", "]"):
            depth -= 1
        elif t == "|" and depth == 0:
            ops.append(j)
    bounds = [left] + ops + [right]
    return [(bounds[k] + 1, bounds[k + 1] - 1) for k in range(len(bounds) - 1)], ops


def expr_sites(text, toks, lo, hi, add):
    """Expression-level operators over toks[lo:hi] (live code or #define bodies): off-by-one, bit-drop,
    bit-flip, half-swap. add(op, start, end, repl, desc, tok)."""
    seen_chains = set()
    for i in range(lo, hi):
        t = toks[i]
        if t.dead:
            continue
        nxt = toks[i + 1] if i + 1 < hi else None
        # off-by-one: comparisons
        swap = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}
        if t.kind == "punct" and t.text in swap:
            add("off-by-one", t.start, t.end, swap[t.text], "`%s` -> `%s`" % (t.text, swap[t.text]), t)
        # off-by-one: + 1 / - 1 dropped (binary, the 1 a whole operand). Text alone cannot tell a cast
        # from a parenthesized operand: `(void *)-1` reads as a binary minus, and that mutant ends as a
        # build error (outside the score).
        if t.text in ("+", "-") and nxt is not None and _is_one(nxt) and _operand_value(toks, i - 1) \
                and i - 1 >= lo and not (i + 2 < hi and toks[i + 2].text in ("*", "/", "%", "(")):
            add("off-by-one", t.start, nxt.end, "", "`%s %s` dropped" % (t.text, nxt.text), t)
        # half-swap: >> 32 / << 32 dropped
        if t.text in (">>", "<<") and nxt is not None and nxt.kind == "number" and \
                re.fullmatch(r"32[uUlL]*", nxt.text):
            add("half-swap", t.start, nxt.end, "", "`%s 32` dropped" % t.text, t)
        # bit-flip: BIT(n), 1 << n, UL(1) << n
        if t.kind == "ident" and t.text == "BIT" and nxt is not None and nxt.text == "(" and i + 3 < hi \
                and toks[i + 2].kind == "number" and toks[i + 3].text == ")":
            num = toks[i + 2]
            v = int(num.text.rstrip("uUlL"), 0)
            add("bit-flip", num.start, num.end, str(v ^ 1), "`BIT(%d)` -> `BIT(%d)`" % (v, v ^ 1), t)
        if t.text == "<<" and nxt is not None and nxt.kind == "number" and not re.fullmatch(r"32[uUlL]*", nxt.text):
            const = False
            if i - 1 >= lo and toks[i - 1].kind == "number":
                const = True
            elif i - 4 >= lo and toks[i - 1].text == ")" and toks[i - 2].kind == "number" and \
                    toks[i - 3].text == "(" and toks[i - 4].text in CONST_MACROS:
                const = True
            if const:
                v = int(nxt.text.rstrip("uUlL"), 0)
                if v < 64:
                    add("bit-flip", nxt.start, nxt.end, str(v ^ 1), "`<< %d` -> `<< %d`" % (v, v ^ 1), t)
        # bit-drop: each operand of a | chain
        if t.kind == "punct" and t.text == "|":
            operands, ops = _or_operands(toks, i, lo, hi)
            key = tuple(ops)
            if key in seen_chains or not operands:
                continue
            seen_chains.add(key)
            for k, (a, b) in enumerate(operands):
                if a > b:
                    continue
                if k == 0:  # the first operand and the | after it, up to the next operand
                    s, e = toks[a].start, toks[ops[0] + 1].start
                else:       # the | before it and the operand
                    s, e = toks[ops[k - 1]].start, toks[b].end
                add("bit-drop", s, e, "", "`%s` dropped from a |" % _snip(text[toks[a].start:toks[b].end], 50),
                    toks[a])


def _decl_like(st):
    """True for a statement that declares something (dropping it would only break the build)."""
    if not st:
        return True
    t0 = st[0]
    if t0.text in TYPE_WORDS:
        return True
    if t0.kind == "ident" and len(st) > 1:
        if st[1].kind == "ident":
            return True
        j = 1
        while j < len(st) and st[j].text == "*":
            j += 1
        if j > 1 and j < len(st) and st[j].kind == "ident" and \
                (j + 1 >= len(st) or st[j + 1].text in ("=", ";", ",", "[", ")")):
            return True
    return False


def _func_info(decl):
    """(name, return kind) of a function definition from the tokens before its body's {: the name is the
    identifier before the last top-level ( (a macro invocation in front, CP32_RW(...), is not it)."""
    name, k = None, None
    depth = 0
    for j, t in enumerate(decl):
        if t.text == "(":
            if depth == 0 and j > 0 and decl[j - 1].kind == "ident" and decl[j - 1].text not in (
                    "__attribute__", "__asm__", "asm", "__typeof__"):
                name, k = decl[j - 1].text, j - 1
            depth += 1
        elif t.text == ")":
            depth -= 1
    if name is None:
        return None, None
    words, depth = [], 0
    for t in decl[:k]:  # the return type: qualifiers and __attribute__((...)) left out
        if t.text == "__attribute__":
            depth = -1
        elif depth and t.text == "(":
            depth = 1 if depth < 0 else depth + 1
        elif depth > 0 and t.text == ")":
            depth -= 1
        elif t.text == ")":
            words = []  # the end of a macro invocation in front of the definition
        elif not depth and t.text not in QUALIFIERS:
            words.append(t.text)
    if "*" in words:
        return name, "ptr"
    if words in (["void"],):
        return name, "void"
    if words and words[-1] in ("bool", "_Bool"):
        return name, "bool"
    if words and (words[0] in ("struct", "union")):
        return name, None
    return name, "int"


def c_sites(path, text):
    """All sites of one C file (or header)."""
    toks = tokenize_c(text)
    sites = []
    tlbi_names = set(re.findall(r"#\s*define\s+(TLBI\w+)", text))
    spans = []  # (start, end, name) of each function definition's body

    def func_of(pos):
        for a, b, name in spans:
            if a <= pos < b:
                return name
        return ""

    def add(op, start, end, repl, desc, tok, func=None):
        sites.append(Site(path, line_of(text, start), op, start, end, repl, desc,
                          func if func is not None else func_of(start)))

    # Statement scanner: contexts top / func / block / agg (an initializer, a type's body, a brace in an expression).
    ctx = [{"kind": "top", "start": 0, "paren": 0, "stmt": None}]
    func_name, func_kind = "", None
    statements = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        top = ctx[-1]
        if t.ctx == "define":
            i += 1
            continue
        if t.text == "(":
            top["paren"] += 1
        elif t.text == ")":
            top["paren"] -= 1
        if top["kind"] == "top":
            if t.text == "{" and top["paren"] == 0:
                decl = [x for x in toks[top["start"]:i] if x.ctx == "code"]
                prev = decl[-1].text if decl else ""
                if prev == ")" and not any(x.text == "=" for x in decl):
                    func_name, func_kind = _func_info(decl)
                    func_name = func_name or ""
                    ctx.append({"kind": "func", "paren": 0, "stmt": None, "at": t.start})
                else:
                    ctx.append({"kind": "agg", "paren": 0})
            elif t.text == ";" and top["paren"] == 0:
                top["start"] = i + 1
            i += 1
            continue
        if top["kind"] == "agg":
            if t.text == "{":
                ctx.append({"kind": "agg", "paren": 0})
            elif t.text == "}":
                ctx.pop()
                if ctx[-1]["kind"] == "top":
                    ctx[-1]["start"] = i + 1
            i += 1
            continue
        # func / block
        if t.text == "}":
            if top["stmt"] is not None:
                statements.append((top["stmt"], i - 1, func_name, func_kind))
            done = ctx.pop()
            if ctx[-1]["kind"] == "top":
                ctx[-1]["start"] = i + 1
                spans.append((done["at"], t.end, func_name))
                func_name, func_kind = "", None
            i += 1
            continue
        if top["stmt"] is None:
            if t.text == "{":
                ctx.append({"kind": "block", "paren": 0, "stmt": None})
                i += 1
                continue
            if t.text == ";":
                i += 1
                continue
            if t.text in ("if", "while", "for", "switch") and i + 1 < n and toks[i + 1].text == "(":
                j = _match_paren(toks, i + 1)
                # comparisons in the condition are expression sites (below); the body is the next statement
                i = (j if j is not None else i + 1) + 1
                continue
            if t.text in ("else", "do"):
                i += 1
                continue
            if t.text in ("case", "default"):
                while i < n and toks[i].text != ":":
                    i += 1
                i += 1
                continue
            if t.kind == "ident" and i + 1 < n and toks[i + 1].text == ":" and t.text not in TYPE_WORDS:
                i += 2
                continue
            top["stmt"] = i
            top["paren"] = 1 if t.text == "(" else 0
            i += 1
            continue
        if t.text == "{":
            ctx.append({"kind": "agg", "paren": 0})
            i += 1
            continue
        if t.text == ";" and top["paren"] == 0:
            statements.append((top["stmt"], i, func_name, func_kind))
            top["stmt"] = None
        i += 1

    for a, b, fname, fkind in statements:
        st = toks[a:b + 1]
        if not st or st[0].dead:
            continue
        body = st[:-1] if st[-1].text == ";" else st
        first = st[0].text
        if first == "return":
            expr = body[1:]
            if not expr or fkind in (None, "void"):
                continue
            es, ee = expr[0].start, expr[-1].end
            etext = text[es:ee]
            if fkind == "bool":
                if etext in ("true", "false"):
                    other = "false" if etext == "true" else "true"
                    add("return-value", es, ee, other, "`return %s` -> `return %s`" % (etext, other), st[0], fname)
                else:
                    add("return-value", es, ee, "!(%s)" % etext, "`return %s` -> `return !(...)`" % _snip(etext, 40),
                        st[0], fname)
            elif fkind == "ptr":
                if etext not in ("NULL", "0"):
                    add("return-value", es, ee, "0", "`return %s` -> `return NULL`" % _snip(etext, 40), st[0], fname)
            else:
                if re.fullmatch(r"0[uUlL]*", etext):
                    add("return-value", es, ee, "-1", "`return 0` -> `return -1`", st[0], fname)
                elif re.fullmatch(r"-?\s*(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|[A-Z][A-Z0-9_]*", etext):
                    add("return-value", es, ee, "0", "`return %s` -> `return 0`" % etext, st[0], fname)
                else:
                    add("return-value", es, ee, "!(%s)" % etext, "`return %s` -> `return !(...)`" % _snip(etext, 40),
                        st[0], fname)
            continue
        if first in ("break", "continue", "goto") or first not in ("__asm__", "asm") and _decl_like(body):
            continue
        if first == "(" and len(body) > 2 and body[1].text == "void" and body[2].text == ")":
            continue  # (void)x: no effect to delete
        s, e = st[0].start, st[-1].end
        stext = text[s:e]
        if first in ("__asm__", "asm"):
            strings = [x for x in body if x.kind == "string"]
            insns = " ".join(x.text[1:-1] for x in strings[:1])
            op = "barrier-drop" if re.fullmatch(r"\s*(dsb\s+\w+|isb|dmb\s+\w+)\s*", insns) else "stmt-delete"
        else:
            op = "barrier-drop" if first in BARRIER_CALLS and len(body) > 1 and body[1].text == "(" else "stmt-delete"
        add(op, s, e, "(void)0;" if st[-1].text == ";" else "", "`%s` deleted" % _snip(stext, 60), st[0], fname)

    # Operators inside the asm strings of C code: TLBI scope, barriers.
    for i, t in enumerate(toks):
        if t.dead or t.kind != "string" or t.ctx != "code":
            continue
        if not any(x.text in ("__asm__", "asm") for x in toks[max(0, i - 4):i]):
            continue
        body = t.text[1:-1]
        # the instructions of the string and the separators between them ("\n\t" as written in the source)
        parts = re.split(r"(\\n\\t|\\n|;)", body)
        off = []
        pos = 0
        for part in parts:
            off.append(pos)
            pos += len(part)
        for k in range(0, len(parts), 2):
            ins = parts[k]
            base = t.start + 1 + off[k]
            tm = re.match(r"(\s*tlbi\s+)(\w+)", ins)
            if tm:
                op = tm.group(2)
                other = op[:-2] if op.endswith("is") else op + "is"
                s0 = base + tm.start(2)
                add("tlbi-scope", s0, s0 + len(op), other, "`tlbi %s` -> `tlbi %s`" % (op, other), t)
            if len(parts) > 1 and re.fullmatch(r"\s*(dsb\s+\w+|isb|dmb\s+\w+)\s*", ins):
                if k > 0:   # the separator before it and the barrier
                    s0, e0 = off[k - 1], off[k] + len(ins)
                else:       # the barrier and the separator after it
                    s0, e0 = off[k], off[k + 1] + len(parts[k + 1])
                add("barrier-drop", t.start + 1 + s0, t.start + 1 + e0, "",
                    "`%s` (instruction %d of %d) dropped from `%s`" % (ins.strip(), k // 2 + 1, (len(parts) + 1) // 2,
                                                                      _snip(body, 50)), t)
    # arm32's TLB operations are named registers: TLBIALLHIS <-> TLBIALLH (where both exist)
    all_tlbi = tlbi_names | TLBI_NAMES
    for t in toks:
        if t.dead or t.kind != "ident" or not t.text.startswith("TLBI") or t.ctx != "code":
            continue
        other = t.text[:-2] if t.text.endswith("IS") else t.text + "IS"
        if other in all_tlbi:
            add("tlbi-scope", t.start, t.end, other, "`%s` -> `%s`" % (t.text, other), t)

    # Expression operators over all live code and each #define body apart (a | chain never runs
    # from one body into the next).
    lo = 0
    for i in range(1, len(toks) + 1):
        if i == len(toks) or toks[i].seg != toks[lo].seg:
            expr_sites(text, toks, lo, i, add)
            lo = i
    return sites


# Every arm32 TLB operation name hyptest defines (lib/arm32/sysreg.h, mm/arm32/tlb.h): filled by sites().
TLBI_NAMES = set()

# --- assembly -----------------------------------------------------------------------------------

ASM_LABEL_RE = re.compile(r"^\s*((?:[A-Za-z_.$][\w.$]*|\d+):\s*)+")
BRANCH_SWAP64 = {"b.lt": "b.le", "b.le": "b.lt", "b.gt": "b.ge", "b.ge": "b.gt", "b.lo": "b.ls", "b.ls": "b.lo",
                 "b.cc": "b.ls", "b.hi": "b.hs", "b.hs": "b.hi", "b.cs": "b.hi"}
BRANCH_SWAP32 = {"blt": "ble", "ble": "blt", "bgt": "bge", "bge": "bgt", "blo": "bls", "bls": "blo",
                 "bcc": "bls", "bhi": "bhs", "bhs": "bhi", "bcs": "bhi"}
PAIR_INSNS = {"stp", "ldp", "mcrr_t", "mrrc_t", "mcrr", "mrrc"}


def _strip_asm_comments(text):
    """The text with comments blanked (same length, newlines kept): /* */, // and, for arm32, @ to end of line."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"' and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        elif text.startswith("/*", i):
            e = text.find("*/", i + 2)
            e = n if e < 0 else e + 2
            for k in range(i, e):
                if out[k] != "\n":
                    out[k] = " "
            i = e
        elif text.startswith("//", i):
            e = text.find("\n", i)
            e = n if e < 0 else e
            for k in range(i, e):
                out[k] = " "
            i = e
        else:
            i += 1
    return "".join(out)


def asm_sites(path, text, arm32):
    """All sites of one assembly file (.S): one instruction per line."""
    clean = _strip_asm_comments(text)
    sites = []
    cond = CondStack()
    in_macro = False
    func = ""
    offset = 0
    lines = clean.split("\n")
    cont = False
    for lineno, ln in enumerate(lines, 1):
        base = offset
        offset += len(ln) + 1
        if cont:  # a continued preprocessor line
            cont = ln.rstrip().endswith("\\")
            continue
        s = ln.strip()
        if s.startswith("#"):
            cont = s.endswith("\\")
            dm = DIRECTIVE_RE.match(s)
            if dm and dm.group(1) != "define":
                cond.directive(dm.group(1), s[dm.end():])
            continue
        if not s:
            continue
        fm = re.match(r"(?:LOCAL_)?FUNC\((\w+)\)", s)
        if fm:
            func = fm.group(1)
            continue
        if s.startswith(".macro"):
            in_macro = True
            continue
        if s.startswith(".endm"):
            in_macro = False
            continue
        if in_macro or cond.dead():
            continue
        lm = ASM_LABEL_RE.match(ln)
        body_at = lm.end() if lm else 0
        while body_at < len(ln) and ln[body_at] in " \t":
            body_at += 1
        body = ln[body_at:].rstrip()
        if not body or body.startswith(".") or ";" in body.replace('";"', ""):
            continue
        if re.match(r"[A-Z_][A-Z0-9_]*\(", body):  # END(x) and other macros that are not instructions
            continue
        mm_ = re.match(r"([A-Za-z_][\w.]*)\s*(.*)$", body)
        if not mm_:
            continue
        mnem, operands = mm_.group(1), mm_.group(2)
        ops_at = base + body_at + mm_.start(2)
        s0, e0 = base + body_at, base + body_at + len(body)

        def add(op, start, end, repl, desc):
            sites.append(Site(path, lineno, op, start, end, repl, desc, func))

        low = mnem.lower()
        if low in BARRIER_INSNS:
            add("barrier-drop", s0, e0, "", "`%s` deleted" % _snip(body))
        else:
            add("stmt-delete", s0, e0, "", "`%s` deleted" % _snip(body))
        if low == "tlbi":
            tm = re.match(r"(\w+)", operands)
            if tm:
                op = tm.group(1)
                other = op[:-2] if op.endswith("is") else op + "is"
                add("tlbi-scope", ops_at, ops_at + len(op), other, "`tlbi %s` -> `tlbi %s`" % (op, other))
        for m in re.finditer(r"\bTLBI\w+", operands):
            other = m.group()[:-2] if m.group().endswith("IS") else m.group() + "IS"
            if other in TLBI_NAMES:
                add("tlbi-scope", ops_at + m.start(), ops_at + m.end(), other, "`%s` -> `%s`" % (m.group(), other))
        swaps = BRANCH_SWAP32 if arm32 else BRANCH_SWAP64
        if low in swaps:
            add("off-by-one", s0, s0 + len(mnem), swaps[low], "`%s` -> `%s`" % (mnem, swaps[low]))
        if low in PAIR_INSNS:
            pm = re.match(r"(\w+)\s*,\s*(\w+)", operands)
            if pm:
                a, b = pm.group(1), pm.group(2)
                add("half-swap", ops_at + pm.start(), ops_at + pm.end(), "%s, %s" % (b, a),
                    "`%s %s, %s` -> `%s %s, %s`" % (mnem, a, b, mnem, b, a))
        if low in ("lsr", "lsl", "asr") or re.search(r",\s*(lsl|lsr)\s+#32\b", operands):
            hm = re.search(r"#32\b", operands)
            if hm:
                add("half-swap", ops_at + hm.start(), ops_at + hm.end(), "#0", "`%s` shift `#32` -> `#0`" % mnem)
        # bit-drop / bit-flip / comparisons in operand expressions (ldr x0, =(A | B), #(1 << n))
        if "|" in operands or "<<" in operands:
            otoks = []
            _lex(text, ops_at, base + body_at + len(body), lineno, "code", False, otoks)

            def add_expr(op, start, end, repl, desc, tok):
                if op in ("bit-drop", "bit-flip"):
                    add(op, start, end, repl, desc)
            expr_sites(text, otoks, 0, len(otoks), add_expr)
    return sites


# --- files, sites, sample -----------------------------------------------------------------------

def excluded(rel):
    for k, why in EXCLUDE.items():
        if rel == k or (k.endswith("/") and rel.startswith(k)):
            return why
    if rel.endswith(".lds.S") or rel.endswith(".lds"):
        return "linker script"
    return None


def scope_files(top):
    """The files in SCOPE that are C or assembly and not excluded, sorted, relative to top."""
    out = []
    for d in SCOPE:
        for root, dirs, files in os.walk(os.path.join(top, d)):
            dirs.sort()
            for f in sorted(files):
                rel = os.path.relpath(os.path.join(root, f), top)
                if rel.endswith(EXTS) and not excluded(rel):
                    out.append(rel)
    return sorted(out)


def file_sites(top, rel):
    with open(os.path.join(top, rel), encoding="utf-8") as f:
        text = f.read()
    if rel.endswith(".S"):
        sites = asm_sites(rel, text, arm32="/arm32/" in rel)
    else:
        sites = c_sites(rel, text)
    # Same place, same change from two routes (e.g. an asm string seen twice): keep one.
    uniq, seen = [], set()
    for s in sorted(sites, key=lambda s: (s.start, s.end, s.op, s.repl)):
        k = (s.start, s.end, s.repl)
        if k in seen:
            continue
        seen.add(k)
        uniq.append(s)
    per = {}
    for s in uniq:
        k = (s.line, s.op)
        s.index = per.get(k, 0)
        per[k] = s.index + 1
        s.el3 = rel in EL3_FILES
    return uniq


def load_tlbi_names(top):
    TLBI_NAMES.clear()
    for rel in ("lib/arm32/sysreg.h", "mm/arm32/tlb.h"):
        p = os.path.join(top, rel)
        if os.path.exists(p):
            with open(p) as f:
                TLBI_NAMES.update(re.findall(r"#\s*define\s+(TLBI\w+)", f.read()))


def all_sites(top, files=None):
    load_tlbi_names(top)
    out = []
    for rel in files if files is not None else scope_files(top):
        out.extend(file_sites(top, rel))
    return out


def sample(sites, seed, count=None):
    """The sample order: operators interleaved (their order and each one's sites shuffled by the seed).

    Every operator gets its turn, so the rare ones (a TLBI's scope, a barrier) are not drowned by
    statement deletion; a shorter sample is a prefix of a longer one with the same seed.
    """
    rng = random.Random(seed)
    by_op = {}
    for s in sorted(sites, key=lambda s: s.id):
        by_op.setdefault(s.op, []).append(s)
    ops = sorted(by_op)
    rng.shuffle(ops)
    for op in ops:
        rng.shuffle(by_op[op])
    out = []
    k = 0
    while any(by_op.values()):
        for op in ops:
            if k < len(by_op[op]):
                out.append(by_op[op][k])
        k += 1
        if all(k >= len(v) for v in by_op.values()):
            break
    return out[:count] if count is not None else out


def find_site(sites_by_id, sites, site_id, desc):
    """The site an annotation or a check entry names: by id if its change is the same, else the one site
    of the same file and operator with the same change (its line moved). Returns (site, moved) or (None, _)."""
    s = sites_by_id.get(site_id)
    if s is not None and (desc is None or s.desc == desc):
        return s, False
    parts = site_id.split(":")
    if len(parts) != 4 or desc is None:
        return None, False
    cands = [x for x in sites if x.file == parts[0] and x.op == parts[2] and x.desc == desc]
    if len(cands) == 1:
        return cands[0], True
    return None, False


FINGERPRINT_DIRS = SCOPE + ("selftest", "platforms", "dts", "tools/hyptestlib")
FINGERPRINT_FILES = ("Makefile", "tools/hyptest", "tools/deps", "tools/imgsize")


def fingerprint(top):
    """A hash of everything that goes into an image or its boot (the sources, the build, the runner; not
    docs, tests or this tool): stored results are reused only for the same one."""
    h = hashlib.sha256()
    files = list(FINGERPRINT_FILES)
    for d in FINGERPRINT_DIRS:
        for root, dirs, names in os.walk(os.path.join(top, d)):
            dirs[:] = sorted(x for x in dirs if x != "__pycache__")
            files += [os.path.relpath(os.path.join(root, f), top) for f in names]
    for rel in sorted(files):
        if rel in ("tools/hyptestlib/mutants.py", "tools/hyptestlib/mutants_run.py"):
            continue
        h.update(rel.encode() + b"\0")
        with open(os.path.join(top, rel), "rb") as fh:
            h.update(fh.read())
        h.update(b"\0")
    return h.hexdigest()[:16]


# --- annotations and check list -----------------------------------------------------------------

CLASSES = ("equivalent", "not-observable", "missing-test")


def read_table(path, ncols):
    """Rows of a ' | '-separated file (# comments, blank lines skipped): lists of ncols stripped fields and
    the line number. The second field is a mutation as printed, which may hold ' | ' itself (C code):
    the first field ends at the first separator, the last ncols - 2 begin at the last separators."""
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            first, _, rest = line.rstrip("\n").partition(" | ")
            cols = [first] + rest.rsplit(" | ", ncols - 2) if rest else [first]
            cols = [c.strip() for c in cols]
            if len(cols) != ncols or not all(cols):
                raise ValueError("%s:%d: want %d fields separated by ' | ', got %d" % (path, n, ncols, len(cols)))
            rows.append(cols + [n])
    return rows


def read_annotations(path):
    """site id -> (desc, class, reason, line in the file)."""
    out = {}
    for sid, desc, cls, reason, n in read_table(path, 4):
        if cls not in CLASSES:
            raise ValueError("%s:%d: class %r is not one of %s" % (path, n, cls, ", ".join(CLASSES)))
        out[sid] = (desc, cls, reason, n)
    return out
