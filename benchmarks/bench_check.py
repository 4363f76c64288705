"""Time `wutong check` on the five-year data: the daily check, and the duty book's pure check alone.

Why: issue 21 made the check ask every duty of the duty book for its evidence, in its
window (check/duty_windows.py): a day, a week, part of a month, a quarter, a year, for
each person on the roster. That is many more questions than the logs, slips and
meetings it used to ask, so this script times what the supervisor waits for each
morning on the synthetic five years of benchmarks/ (~50,000 records):
  (a) `wutong check --date D` end to end, warm (the validation cache filled by one run first);
  (b) the pure check (`check.duty_gaps.check`) over the default 31 days, records already validated;
  (c) the same over a whole year (`--since` a year back), the longest span a supervisor asks for;
  and how many gaps each found, so a change that makes the check faster by finding less shows.
Every subprocess runs this checkout's package (PYTHONPATH). The data is copied first, never changed; the
generated data has no duty book, so the copy gets the shipped one (wutong_docs/data/duties.yml), as `wutong init`.
Run from the repository root:
    .venv/bin/python benchmarks/bench_check.py [--data benchmarks/data] [--date 2024-06-28] [--runs 3]

Exit status 0 when (a) is under its target, 1 when it is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from table import print_table

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from bench_report import _env, _require_ok  # noqa: E402  (benchmarks/bench_report.py)
from bench_validate import DATA, best_of, ensure_data  # noqa: E402

TARGET = 3.0   # seconds for the whole morning check, warm

# the pure check, timed in-process after one validation; prints {"month": s, "year": s, "gaps_month": n, ...}
PURE = r"""
import json, sys, time
from datetime import date, timedelta
from pathlib import Path
from wutong_docs.check.duty_gaps import check, default_since
from wutong_docs.validate.pipeline import partition, validate
root, on, runs = Path(sys.argv[1]), date.fromisoformat(sys.argv[2]), int(sys.argv[3])
report = validate(root)
records, _ = partition(report)
out = {}
for name, since in (("month", default_since(on)), ("year", on - timedelta(days=365))):
    best = None
    for _ in range(runs):
        t0 = time.perf_counter()
        gaps = check(report.duties, report.org, records, on, report.overrides, since)
        spent = time.perf_counter() - t0
        best = spent if best is None else min(best, spent)
    out[name], out["gaps_" + name] = best, len(gaps)
out["records"] = len(records)
print(json.dumps(out))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the generated repository (read only; copied)")
    parser.add_argument("--date", default="2024-06-28", help="the checked day, in the middle of the five years")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the minimum is kept")
    args = parser.parse_args()
    os.environ.update(_env())
    if not (args.data / "manifest.json").exists():
        if args.data != DATA:
            sys.exit(f"{args.data} has no manifest.json: generate it with benchmarks/generate.py")
        ensure_data(20, 5, 1, False)

    with tempfile.TemporaryDirectory(prefix="wutong-bench-check-") as tmp:
        root = Path(tmp) / "data"
        shutil.copytree(args.data, root, symlinks=True)
        if not (root / "records/duties.yml").exists():
            shutil.copy(REPO / "wutong_docs/data/duties.yml", root / "records/duties.yml")
        command = [sys.executable, "-m", "wutong_docs", "--root", str(root), "check", "--date", args.date,
                   "--format", "json"]

        def ran(result):   # exit 1 means gaps were found: a normal morning
            if result.returncode not in (0, 1):
                _require_ok(result)

        ran(subprocess.run(command, capture_output=True, text=True, encoding="utf-8"))   # fills the cache
        warm, result = best_of(args.runs, command, ran)
        listed = json.loads(result.stdout)["count"]
        pure = subprocess.run([sys.executable, "-c", PURE, str(root), args.date, str(args.runs)],
                              capture_output=True, text=True, encoding="utf-8")
        _require_ok(pure)
        split = json.loads(pure.stdout)

    print(f"{split['records']:,} valid records; checked day {args.date}; {args.runs} runs each, best kept\n")
    print_table([
        ("(a) wutong check, end to end, warm cache", f"{warm:.2f} s", f"< {TARGET:.0f} s", warm < TARGET),
        ("    lines listed (after folding)", f"{listed}", "-", None),
        ("(b) pure check, 31 days", f"{split['month'] * 1000:.0f} ms", "-", None),
        ("    gaps found", f"{split['gaps_month']}", "-", None),
        ("(c) pure check, 365 days", f"{split['year'] * 1000:.0f} ms", "-", None),
        ("    gaps found", f"{split['gaps_year']}", "-", None),
    ])
    return 0 if warm < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
