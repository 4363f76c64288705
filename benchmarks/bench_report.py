"""Time `wutong report --month M --format html` on the five-year data, end to end and split by phase.

Why: issue 12 asks for a month's report in html in under 3 s on the synthetic
five years of benchmarks/ (~50,000 records), with the 12-month trend computed
without a second pass over the records. The report validates the whole
repository first (`validate.validated`: a report must not count a half-written
slip), and that validation is most of the time; the figures are one grouping of
the slips by opened month, then small per-month cohorts.

Printed, each the best (min) of --runs fresh subprocesses:
  (a) end to end, cold: `python -m wutong_docs --root DATA report --month M --format html`
      with no validation cache (`.wutong-cache/` removed before each run, and
      `--no-cache` passed when the CLI has that flag, issue 14);
  (b) warm, when a cache exists after a run (or `--no-cache` exists): one run to fill it, then timed;
  (c) the split of a cold run, in one subprocess each: validation (`validate.validated`),
      figures (`report.figures.figures`), render (`report.render.render`, html), and
      the rest (interpreter start, imports, writing the page);
  (d) the same split of a warm run (the cache as (b) left it), and warm / cold.
Every subprocess runs this checkout's package (PYTHONPATH), not whatever `wutong` is installed.

It never touches the generated data: it works on a temporary copy (a cache, if
the CLI writes one, goes there). Run from the repository root:
    .venv/bin/python benchmarks/bench_report.py [--data benchmarks/data] [--month 2024-06] [--runs 3]

Exit status 0 when the end-to-end target is met (warm if measured, else cold), 1 when missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from table import print_table

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from bench_validate import DATA, best_of, ensure_data  # noqa: E402  (benchmarks/bench_validate.py)

TARGET = 3.0
CACHE = ".wutong-cache"

# one cold report in-process, timed by phase; prints {"validate": s, "figures": s, "render": s, "bytes": n}
SPLIT = r"""
import json, sys, time
from pathlib import Path
from wutong_docs.validate.pipeline import validated
from wutong_docs.outputs.report.figures import figures
from wutong_docs.outputs.report.render import render
root, month = Path(sys.argv[1]), sys.argv[2]
if sys.argv[3] == "cold":   # issue 14's validation cache: a cold split neither reads nor writes it
    from wutong_docs.validate import cache as validate_cache
    validate_cache.switch(on=False)
t0 = time.perf_counter()
report = validated(root, summary="{errors} errors")
t1 = time.perf_counter()
data = figures(report, month)
t2 = time.perf_counter()
page = render(data, report.org, report.known_names, "html", root)
t3 = time.perf_counter()
print(json.dumps({"validate": t1 - t0, "figures": t2 - t1, "render": t3 - t2, "bytes": len(page.encode()),
                  "opened": data["slips"]["opened"], "trend_months": len(data.get("trend", []))}))
"""


def _env() -> dict:
    """This checkout's package first on the path, so the benchmark times the code it sits beside."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    return env


def _no_cache_place() -> str | None:
    """Where the CLI takes `--no-cache` (issue 14's cache): "global" (`wutong --no-cache report`), "report", or None."""
    for place, args in (("global", []), ("report", ["report"])):
        out = subprocess.run([sys.executable, "-m", "wutong_docs", *args, "--help"], capture_output=True, text=True,
                             encoding="utf-8", env=_env())
        if "--no-cache" in out.stdout:
            return place
    return None


def _require_ok(result: subprocess.CompletedProcess) -> None:
    if result.returncode != 0:
        sys.exit(f"the report failed (exit {result.returncode}):\n{result.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the generated repository (read only; copied)")
    parser.add_argument("--month", default="2024-06", help="a month in the middle of the five years")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the minimum is kept")
    args = parser.parse_args()
    os.environ.update(_env())   # every subprocess below, the timed ones too, runs this checkout

    if not (args.data / "manifest.json").exists():
        if args.data != DATA:
            sys.exit(f"{args.data} has no manifest.json: generate it with benchmarks/generate.py")
        ensure_data(20, 5, 1, False)
    manifest = json.loads((args.data / "manifest.json").read_text(encoding="utf-8"))
    no_cache = _no_cache_place()
    print(f"Python {platform.python_version()} on {platform.machine()}, {args.runs} runs each, best kept; "
          f"{manifest['counts']['total']} records, month {args.month}; --no-cache flag: {no_cache or 'none'}")

    with tempfile.TemporaryDirectory(prefix="wutong-bench-report-") as tmp:
        root = Path(tmp) / "data"
        shutil.copytree(args.data, root, symlinks=True)
        cache = root / CACHE
        command = [sys.executable, "-m", "wutong_docs", "--root", str(root)]
        report = ["report", "--month", args.month, "--format", "html"]

        def cold(result):
            _require_ok(result)
            shutil.rmtree(cache, ignore_errors=True)   # the next run starts without a cache too

        shutil.rmtree(cache, ignore_errors=True)
        cold_cmd = [*command, *(["--no-cache"] if no_cache == "global" else []), *report,
                    *(["--no-cache"] if no_cache == "report" else [])]
        e2e_cold, result = best_of(args.runs, cold_cmd, cold)
        page_bytes = len(result.stdout.encode())

        splits = []
        for _ in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            out = subprocess.run([sys.executable, "-c", SPLIT, str(root), args.month, "cold"], capture_output=True,
                                 text=True, encoding="utf-8", env=_env())
            _require_ok(out)
            splits.append(json.loads(out.stdout))
        split = {k: min(s[k] for s in splits) for k in ("validate", "figures", "render")}

        warm = None
        shutil.rmtree(cache, ignore_errors=True)
        _require_ok(subprocess.run([*command, *report], capture_output=True, text=True, encoding="utf-8",
                                   env=_env()))
        warm_split = None
        if cache.exists():
            warm, _ = best_of(args.runs, [*command, *report], _require_ok)
            runs = [json.loads(subprocess.run([sys.executable, "-c", SPLIT, str(root), args.month, "warm"],
                                              capture_output=True, text=True, encoding="utf-8", env=_env(),
                                              check=True).stdout) for _ in range(args.runs)]
            warm_split = {k: min(s[k] for s in runs) for k in ("validate", "figures", "render")}

    rows = [
        ("(a) report html, end to end, cold (no cache)", f"{e2e_cold:.2f} s", f"< {TARGET:.0f} s", e2e_cold < TARGET),
        ("    validation (validate.validated)", f"{split['validate']:.2f} s", "-", None),
        ("    figures (figures.figures, trend included)", f"{split['figures'] * 1000:.0f} ms", "-", None),
        ("    render (html)", f"{split['render'] * 1000:.0f} ms", "-", None),
        ("    the rest (start, imports, output)",
         f"{max(0.0, e2e_cold - sum(split.values())):.2f} s", "-", None),
        ("(b) report html, end to end, warm (cache)",
         "no cache written" if warm is None else f"{warm:.2f} s", f"< {TARGET:.0f} s",
         None if warm is None else warm < TARGET),
    ]
    if warm is not None and warm_split is not None:
        rows += [
            ("    validation, warm (validate.validated)", f"{warm_split['validate']:.2f} s", "-", None),
            ("    figures", f"{warm_split['figures'] * 1000:.0f} ms", "-", None),
            ("    render (html)", f"{warm_split['render'] * 1000:.0f} ms", "-", None),
            ("    the rest (start, imports, output, exit)",
             f"{max(0.0, warm - sum(warm_split.values())):.2f} s", "-", None),
            ("(b) / (a) warm / cold", f"{warm / e2e_cold:.1%}", "-", None),
        ]
    print(f"html page: {page_bytes:,} bytes; {splits[0]['opened']} slips opened in {args.month}; "
          f"trend of {splits[0]['trend_months']} months\n")
    print_table(rows)
    met = warm < TARGET if warm is not None else e2e_cold < TARGET
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
