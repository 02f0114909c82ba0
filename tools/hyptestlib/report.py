# SPDX-License-Identifier: MIT
# Reports of a boot loop for other tools: JUnit XML, a TAP 13 stream (what Debian's prove reads), and a JSON summary.
import json
import re
import xml.etree.ElementTree as ET

# Characters XML 1.0 cannot carry at all, even escaped (UART noise has them).
_XML_BAD = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(s):
    return _XML_BAD.sub(lambda m: "\\x%02x" % ord(m.group()), s or "")


def _boot_name(b):
    return "boot-%04d seed=0x%x cpus=%d mem=%s" % (b.index, b.seed, b.cpus, b.mem)


def _classname(b):
    return "hyptest.boot%04d_seed_0x%x_cpus%d_mem%s" % (b.index, b.seed, b.cpus, b.mem)


def write_junit(path, boots, name="hyptest loop"):
    """One testsuite per boot, one testcase per test id; boot-level problems as an error testcase."""
    root = ET.Element("testsuites", name=name)
    totals = dict(tests=0, failures=0, errors=0, skipped=0)
    total_time = 0.0
    for b in boots:
        results = b.results
        failures = sum(r.status == "FAIL" for r in results)
        skipped = sum(r.status == "SKIP" for r in results)
        errors = 1 if b.problems else 0
        tests = len(results) + errors
        suite = ET.SubElement(root, "testsuite", name=_boot_name(b), tests=str(tests), failures=str(failures),
                              errors=str(errors), skipped=str(skipped), time="%.3f" % b.duration)
        props = ET.SubElement(suite, "properties")
        for key, value in b.properties().items():
            ET.SubElement(props, "property", name=key, value=xml_text(str(value)))
        for r in results:
            case = ET.SubElement(suite, "testcase", name=xml_text(r.id), classname=_classname(b), time="0")
            if r.status == "FAIL":
                el = ET.SubElement(case, "failure", message=xml_text(r.reason or "failed"), type="FAIL")
                el.text = xml_text(r.reason or "")
            elif r.status == "SKIP":
                ET.SubElement(case, "skipped", message=xml_text(r.reason or "skipped"))
        if b.problems:
            case = ET.SubElement(suite, "testcase", name="boot", classname=_classname(b), time="%.3f" % b.duration)
            el = ET.SubElement(case, "error", message=xml_text(b.problems[0]), type=b.outcome)
            el.text = xml_text("\n".join(b.problems + ["repro: " + b.repro]))
        if b.outcome not in ("pass", "skip"):
            ET.SubElement(suite, "system-out").text = xml_text(b.transcript_text)
        for k, n in (("tests", tests), ("failures", failures), ("errors", errors), ("skipped", skipped)):
            totals[k] += n
        total_time += b.duration
    for k, n in totals.items():
        root.set(k, str(n))
    root.set("time", "%.3f" % total_time)
    tree = ET.ElementTree(root)
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def _yaml_str(s):
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(s, ensure_ascii=True)


def write_tap(path, boots):
    """TAP 13, one test point per boot; failures carry a YAML block with the why and the repro."""
    out = ["TAP version 13", "1..%d" % len(boots)]
    for n, b in enumerate(boots, 1):
        cls = b.start.get("class") if b.start else None
        desc = "%s%s" % (_boot_name(b), " class=%s" % cls if cls else "")
        desc = desc.replace("\\", "\\\\").replace("#", "\\#")
        if b.outcome == "pass":
            out.append("ok %d - %s" % (n, desc))
        elif b.outcome == "skip":
            out.append("ok %d - %s # SKIP every test skipped" % (n, desc))
        else:
            out.append("not ok %d - %s" % (n, desc))
            out.append("  ---")
            out.append("  outcome: %s" % b.outcome)
            failed = [r.id for r in b.results if r.status == "FAIL"]
            if failed:
                out.append("  failed: [%s]" % ", ".join(_yaml_str(i) for i in failed))
            if b.problems:
                out.append("  problems:")
                out += ["    - %s" % _yaml_str(p) for p in b.problems]
            out.append("  transcript: %s" % _yaml_str(b.transcript_path))
            out.append("  repro: %s" % _yaml_str(b.repro))
            out.append("  ...")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def write_json(path, summary, boots):
    doc = dict(summary)
    doc["boots"] = [b.as_dict() for b in boots]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, sort_keys=False)
        f.write("\n")


def check_junit(path):
    """Read a JUnit file back: (reader, totals, problems). The reader is Debian's python3-junitparser
    when installed, else ElementTree; either way each suite's counts must equal its testcases."""
    from .debian import debian_import
    jp = debian_import("junitparser")
    problems = []
    totals = dict(suites=0, tests=0, failures=0, errors=0, skipped=0)
    if jp is not None:
        reader = "junitparser %s" % getattr(jp, "version", "")
        doc = jp.JUnitXml.fromfile(path)
        suites = list(doc) if isinstance(doc, jp.JUnitXml) else [doc]
        for s in suites:
            cases = list(s)
            kinds = [type(r).__name__ for c in cases for r in c.result]
            real = dict(tests=len(cases), failures=kinds.count("Failure"), errors=kinds.count("Error"),
                        skipped=kinds.count("Skipped"))
            for k, n in real.items():
                if getattr(s, k) != n:
                    problems.append("suite %r says %s=%s, it has %d" % (s.name, k, getattr(s, k), n))
                totals[k] += n
            totals["suites"] += 1
    else:
        reader = "xml.etree (python3-junitparser not installed)"
        root = ET.parse(path).getroot()
        if root.tag != "testsuites":
            problems.append("root element is <%s>, want <testsuites>" % root.tag)
        for s in root.findall("testsuite"):
            cases = s.findall("testcase")
            real = dict(tests=len(cases), failures=sum(len(c.findall("failure")) for c in cases),
                        errors=sum(len(c.findall("error")) for c in cases),
                        skipped=sum(len(c.findall("skipped")) for c in cases))
            for k, n in real.items():
                if s.get(k) != str(n):
                    problems.append("suite %r says %s=%s, it has %d" % (s.get("name"), k, s.get(k), n))
                totals[k] += n
            totals["suites"] += 1
    return reader, totals, problems
