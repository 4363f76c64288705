"""Time 我的今天 on the five-year data: what it adds to every site build, and what it adds to each person's page.

Why: each build works out, for every person, the next 14 days from the duty book and the roster,
and renders the drafts of the records those days ask for (outputs/site/today.py); a supervisor's
monthly meeting in those days counts the month's figures over every record. None of it is cached,
so it is paid on every build and must stay small next to the build itself; and the page a phone
loads carries those days as JSON, so its size is measured too.

It validates the data once (not timed), then times `today.everyone`, with a Gitea server
(every form rendered) and without one (duties only), and reports the largest embedded JSON. The
data is read, never changed; the generated data has no duty book, so a copy gets the shipped one.
Run from the repository root:
    .venv/bin/python benchmarks/bench_today.py [--data benchmarks/data] [--date 2024-06-27] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))
from bench_validate import DATA  # noqa: E402
from table import print_table  # noqa: E402

from wutong_docs.outputs.site import today  # noqa: E402
from wutong_docs.outputs.site.data import collect  # noqa: E402
from wutong_docs.reference.git_server import git_server  # noqa: E402
from wutong_docs.validate.pipeline import validate  # noqa: E402

TARGET = 1.0   # seconds for everyone's 14 days with every form: small next to a build of this data (~60 s)


def timed(data, runs: int) -> tuple[float, int]:
    """(best seconds for every person's days, largest JSON of one person in bytes)."""
    best, largest = None, 0
    for _ in range(runs):
        start = time.perf_counter()
        embedded = list(today.everyone(data).values())
        spent = time.perf_counter() - start
        best = spent if best is None else min(best, spent)
        largest = max(len(json.dumps(d, ensure_ascii=False).encode("utf-8")) for d in embedded)
    return best, largest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--date", default="2024-06-27", help="the build's day (a Thursday: a weekly report, a month's end ahead)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not (args.data / "records").is_dir():
        print(f"没有数据 {args.data}：先运行 .venv/bin/python benchmarks/bench_validate.py 生成", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="wutong-bench-today-") as tmp:
        root = Path(tmp) / "data"
        shutil.copytree(args.data, root, symlinks=True)
        if not (root / "records" / "duties.yml").exists():
            shutil.copy(REPO / "wutong_docs" / "data" / "duties.yml", root / "records" / "duties.yml")
        report = validate(root)
        now = datetime.fromisoformat(f"{args.date} 09:00")
        rows = []
        for label, server in (("with a Git server (every form)", git_server("https://git.example.org/a/records", None)),
                              ("no repo_url (duties only)", None)):
            data = collect(root, report, now, server)
            seconds, largest = timed(data, args.runs)
            people = f"{len(data.org.staff)} people x {today.DAYS} days, {len(report.records):,} records"
            rows.append((f"{label}: {people}", f"{seconds:.2f} s", f"< {TARGET:.0f} s" if server else "",
                         seconds < TARGET if server else None))
            rows.append((f"{label}: largest JSON on one page", f"{largest / 1024:.0f} KB", "", None))
            if server is not None:
                with_forms = seconds
    print_table(rows)
    return 0 if with_forms < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
