"""Time and memory of validating and rendering hostile records, and the largest ones accepted.

Why: issue 8 found records that took 126 s and 9.8 GB to validate (a YAML
"billion laughs"), bodies that took minutes to render (nested brackets) or
crashed the build (lists 600 deep). limits.py and body_bounds.py now refuse
them; this script keeps that honest. For each case of the corpus it prints the
size of the file, the problem validate reports (or "accepted"), the time and
peak memory of validating it, and, for accepted bodies, of rendering the body
with both renderers (Python-Markdown for the site, markdown-it for notices).

Each case runs in its own subprocess with a time limit, so a regression shows
as TIMEOUT instead of hanging the script; memory is the subprocess's peak
resident size (VmHWM), which includes the interpreter and the libraries (~45 MB).

Targets: every case validates in under 1 s, every accepted body renders in
under 1 s per renderer, and no process exceeds 200 MB.

Run (from the repository root; about a minute):
    .venv/bin/python benchmarks/bench_hostile.py [--timeout 30] [--only NAME]
Exit status 0 when every target is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIME_TARGET = 1.0
MEMORY_TARGET_MB = 200

FRONT = "---\ndate: 2026-11-25\nstaff: li-na\n{}---\n"
BODY = "## 今日完成情况\n\n1. 巡查A区两次。\n\n## 次日工作计划\n\n1. 跟进装修垃圾清运。\n"


def laughs(levels: int) -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    names = "abcdefghijklmnop"
    for p, n in zip(names, names[1:levels + 1]):
        text += f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n"
    return text


def largest_body() -> str:
    """Just inside every body bound: 16 levels of list, 16 open brackets, marks and tables up to the budget."""
    body = BODY + "".join("  " * i + "- 巡查\n" for i in range(16)) + "\n" + "[" * 16 + "\n\n"
    body += "| 甲 | 乙 | 丙 |\n| - | - | - |\n" + "".join("| *甲* | _乙_ | `丙` |\n" for _ in range(1500))
    body += "\n" + "说明 *重点* 与 _备注_ 。" * 120 + "\n\n"
    return body + "今天巡查三号楼，一切正常。" * ((49_900 - len(body)) // 13)


def largest_front_matter() -> str:
    """Front matter just inside the YAML bounds: ~49,000 values, 30 levels deep, values of 10,000 characters."""
    deep = "deep: " + "[" * 30 + "1" + "]" * 30 + "\n"
    long = "long: " + "长" * 10_000 + "\n"
    many = "patrols:\n" + "".join(f"  - {{time: \"09:{i % 60:02d}\", note: 巡查{i}}}\n" for i in range(9_900))
    return deep + long + many


# name -> (front matter lines, body); the log is written as records/logs/2026/11/2026-11-25-li-na.md
CORPUS = {
    "billion laughs (9 levels, 403 bytes)": (laughs(8), BODY),
    "billion laughs (one level more)": (laughs(9), BODY),
    "alias to itself": ("x: &a [*a]\n", BODY),
    "YAML nested 5,000 deep": ("x: " + "[" * 5000 + "]" * 5000 + "\n", BODY),
    "YAML nested 500,000 deep": ("x: " + "[" * 500_000 + "]" * 500_000 + "\n", BODY),
    "integer of 5,000 digits": ("x: " + "9" * 5000 + "\n", BODY),
    "list as a key": ("[a, b]: x\n", BODY),
    "value of 1 MB": ("x: " + "x" * 1_000_000 + "\n", BODY),
    "60,000 values": ("x: [" + ",".join(["1"] * 60_000) + "]\n", BODY),
    "16 KB line of nested brackets": ("", BODY + "[" * 8000 + "]" * 8000 + "\n"),
    "100 KB line of nested brackets": ("", BODY + "[" * 50_000 + "]" * 50_000 + "\n"),
    "8,000 open [ in a paragraph": ("", BODY + "[ " * 8000 + "\n"),
    "link openers [a]( x 4,000": ("", BODY + "[a](" * 4000 + "\n"),
    "list nested 600 deep": ("", BODY + "".join("  " * i + "- a\n" for i in range(600))),
    "list nested 600 deep on one line": ("", BODY + "- " * 600 + "a\n"),
    "quotes nested 5,000 deep": ("", BODY + ">" * 5000 + " a\n"),
    "20,000 * in a paragraph": ("", BODY + "*a " * 6600 + "\n"),
    "20,000 _ in a paragraph": ("", BODY + "_a " * 6600 + "\n"),
    "16,000 < in a paragraph": ("", BODY + "<" * 16_000 + "\n"),
    "16,000 & in a paragraph": ("", BODY + "&" * 16_000 + "\n"),
    "12,000 backticks": ("", BODY + "`a``" * 3000 + "\n"),
    "quotes \"a\" x 6,000": ("", BODY + '"a" ' * 6000 + "\n"),
    "body of 55 MB": ("", lambda: BODY + "巡查正常。\n" * 3_500_000),
    "body of 60,000 characters": ("", BODY + "巡查正常。\n" * 10_000),
    "table of 16,000 rows": ("", BODY + "|a|b|\n|-|-|\n" + "|x|y|\n" * 16_000),
    "largest accepted body": ("", largest_body()),
    "& up to the marks budget": ("", BODY + ("&" * 700 + "\n\n") * 50),
    "16 open [ before 49,000 characters": ("", BODY + "[" * 16 + "今" * 49_000 + "\n"),
    "16 open ( after links, one paragraph": ("", BODY + "[a](" * 16 + "今" * 49_000 + "\n"),
    "link address of 49,000 characters": ("", BODY + "[a](" + "今" * 49_000 + "\n"),
    "link address of 2,000 characters x 20": ("", BODY + ("[a](" + "今" * 2000 + "\n\n") * 20),
    "largest accepted front matter": (largest_front_matter(), BODY),
}

CHILD = r"""
import json, sys, time
from pathlib import Path
root = Path(sys.argv[1])
from wutong_docs.validate.pipeline import validate
start = time.perf_counter()
report = validate(root)
took = time.perf_counter() - start
result = {"validate": took, "problems": [p.as_text().split(": ", 1)[1][:90] for p in report.problems]}
if not any(p.severity == "error" for p in report.problems):
    from wutong_docs.outputs.site.escape import body_html
    from wutong_docs.outputs.notices.html import markdown
    from wutong_docs.read.front_matter import parse_markdown
    log = root / "records/logs/2026/11/2026-11-25-li-na.md"
    body = parse_markdown(log.read_text(encoding="utf-8"), "log")[0].body
    for name, render in (("site", body_html), ("notice", markdown)):
        start = time.perf_counter()
        render(body)
        result[name] = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec
status = Path("/proc/self/status").read_text()
result["peak_mb"] = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1]) / 1024
print(json.dumps(result, ensure_ascii=False))
"""


def run_case(name: str, front: str, body: str, timeout: float, scratch: Path) -> dict:
    import shutil

    root = scratch / "repo"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(REPO / "tests/fixtures/good", root)
    log = root / "records/logs/2026/11/2026-11-25-li-na.md"
    log.write_text(FRONT.format(front) + (body() if callable(body) else body), encoding="utf-8")
    size = log.stat().st_size
    try:
        out = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True,
                             timeout=timeout, cwd=REPO, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    except subprocess.TimeoutExpired:
        return {"name": name, "bytes": size, "timeout": True}
    if out.returncode != 0:
        return {"name": name, "bytes": size, "crash": out.stderr.strip().splitlines()[-1:] or [str(out.returncode)]}
    return {"name": name, "bytes": size, **json.loads(out.stdout)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--only", help="run only the cases whose name contains this")
    args = parser.parse_args()
    import tempfile

    ok = True
    with tempfile.TemporaryDirectory() as scratch:
        for name, (front, body) in CORPUS.items():
            if args.only and args.only not in name:
                continue
            r = run_case(name, front, body, args.timeout, Path(scratch))
            if r.get("timeout") or r.get("crash"):
                ok = False
                print(f"{name:38} {r['bytes']:>11,} B  {'TIMEOUT' if r.get('timeout') else 'CRASH ' + str(r['crash'])}")
                continue
            renders = [r.get("site", 0.0), r.get("notice", 0.0)]
            met = r["validate"] < TIME_TARGET and max(renders) < TIME_TARGET and r["peak_mb"] < MEMORY_TARGET_MB
            ok &= met
            verdict = r["problems"][0] if r["problems"] else "accepted"
            rendered = f"site {renders[0]:.3f} s, notice {renders[1]:.3f} s" if "site" in r else "not rendered"
            print(f"{name:38} {r['bytes']:>11,} B  validate {r['validate']:.3f} s  {rendered}  "
                  f"peak {r['peak_mb']:.0f} MB  {'ok' if met else 'MISSED'}  {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
