"""Build the handbook site from five years of records and measure it against the targets.

Why: the site must stay usable as records pile up. Measured with
mkdocs-material 9.8 and one page per record, 5,000 records took 158 s to
build, made a 451 MB site and a 23 MB search index, and the first search in
Chromium took 9 s. Five years of this department are about 20,000 records.
This script keeps the site's design honest at that size.

It generates (or reuses) five years of valid synthetic records with
benchmarks/generate.py -- 8 staff like the real department, 7 slips a working
day: ~20,000 records -- into benchmarks/out/site-data/ (git-ignored), then:
  (a) times `wutong --root DATA build` (validation included), target < 60 s;
  (b) sums the built site's size, target < 100 MB;
  (c) measures the search index the browser loads before answering, target < 5 MB
      (the per-page text scripts it loads on demand are reported too);
  (d) times the first search in Chromium (served by a local static server,
      fresh browser context, index not loaded yet), several queries, target < 1 s each;
  (e) measures literal recall and precision over the fixed query list
      (tests/probe.py's QUERIES, the helper the browser tests use) in the same browser.

Run (from the repository root; needs Debian's chromium):
    .venv/bin/python benchmarks/bench_site.py [--runs 1] [--regenerate]

Exit status 0 when every target is met, 1 when one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent / "tests"))   # probe.py: measured as the browser tests measure
import generate  # noqa: E402  (benchmarks/generate.py)

OUT = HERE / "out"
DATA = OUT / "site-data"
SITE = OUT / "site"
PARAMS = {"staff": 8, "years": 5, "seed": 1, "slips_per_day": 7}
TARGETS = {"build_s": 60.0, "site_mb": 100.0, "index_mb": 5.0, "first_search_s": 1.0}
FIRST_SEARCHES = ["回访", "禁卡", "漏水", "钥匙", "装修垃圾"]
NOW = "2026-01-04 12:00"   # the day after the generated five years, so "overdue" is reproducible


def ensure_data(regenerate: bool) -> dict:
    manifest_path = DATA / generate.MANIFEST
    if manifest_path.exists() and not regenerate:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        wanted = dict(PARAMS, generator=generate.generator_hash())
        if all(manifest.get(k) == v for k, v in wanted.items()):
            print(f"reusing {DATA} ({manifest['counts']['total']} records; --regenerate to rebuild)")
            return manifest
    return generate.main([str(DATA), "--staff", str(PARAMS["staff"]), "--years", str(PARAMS["years"]),
                          "--seed", str(PARAMS["seed"]), "--slips-per-day", str(PARAMS["slips_per_day"])])


def build(runs: int) -> float:
    exe = Path(sys.executable).parent / "wutong"
    cmd = [str(exe if exe.exists() else shutil.which("wutong")), "--root", str(DATA), "build", "-d", str(SITE)]
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8",
                              env=dict(os.environ, WUTONG_NOW=NOW))
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"FAIL: wutong build exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        best = min(best, elapsed)
    return best


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def browser_figures() -> tuple[list[float], list[dict]]:
    from playwright.sync_api import sync_playwright

    import probe   # tests/probe.py

    if probe.chromium_path() is None:
        sys.exit("chromium not found: apt-get install -y chromium")
    with probe.serve(SITE) as base, sync_playwright() as pw:
        browser = probe.launch(pw)
        times, outside = [], []
        for query in FIRST_SEARCHES:
            context = browser.new_context(viewport={"width": 1280, "height": 900})   # empty cache
            page = context.new_page()
            watch = probe.OutsideRequests(page, base)
            times.append(probe.first_search_seconds(page, base, query))
            outside += watch.urls
            context.close()
        page = browser.new_page()
        page.goto(base + "index.html")
        rows = probe.recall_precision(page, SITE)
        browser.close()
    if outside:
        sys.exit(f"FAIL: requests left localhost: {outside[:5]}")
    return times, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="builds to time; the best is reported")
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    manifest = ensure_data(args.regenerate)
    build_s = build(args.runs)
    site_bytes = size_of(SITE)
    index_bytes = (SITE / "search/wutong-index.js").stat().st_size
    shards = list((SITE / "search").glob("p*.js"))
    shard_bytes = [p.stat().st_size for p in shards]
    times, rows = browser_figures()
    from probe import summary
    recall, precision = summary(rows)

    figures = {"build_s": build_s, "site_mb": site_bytes / 1e6, "index_mb": index_bytes / 1e6,
               "first_search_s": max(times)}
    c = manifest["counts"]
    print(f"\n{c['total']} records ({c['log']} logs, {c['slip']} slips, {c['minutes']} minutes), "
          f"{manifest['working_days']} working days; {platform.python_implementation()} "
          f"{platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"pages: {sum(1 for _ in SITE.rglob('*.html'))} HTML; searchable pages: {len(shards)}; "
          f"text scripts: {sum(shard_bytes) / 1e6:.1f} MB in all, largest {max(shard_bytes) / 1e6:.2f} MB")
    print("first searches: " + ", ".join(f"{q} {t:.2f} s" for q, t in zip(FIRST_SEARCHES, times)))
    print(f"\n{'measure':<34}{'figure':>12}{'target':>12}")
    labels = {"build_s": ("wutong build (validate + build)", "s"), "site_mb": ("site size", "MB"),
              "index_mb": ("search index (loaded first)", "MB"), "first_search_s": ("first search, slowest", "s")}
    ok = True
    for key, (label, unit) in labels.items():
        met = figures[key] < TARGETS[key]
        ok &= met
        print(f"{label:<34}{figures[key]:>9.2f} {unit:<2}{'< ' + str(TARGETS[key]) + ' ' + unit:>12}  "
              f"{'ok' if met else 'MISSED'}")
    print(f"\nliteral search over {len(rows)} queries (pages containing the query vs pages returned):")
    for r in rows:
        print(f"  {r['query']:<6}\tcontain {r['relevant']:>4}  returned {r['returned']:>4}  "
              f"recall {r['recall']:.2f}  precision {r['precision']:.2f}  "
              f"(pair index proposed {r['candidates']}, checked literally)")
    print(f"recall {recall:.3f}, precision {precision:.3f} (micro-averaged)")
    ok &= recall == 1.0 and precision == 1.0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
