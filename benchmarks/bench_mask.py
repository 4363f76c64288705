"""Time `privacy.mask` over every record file, and `privacy.mask_html` over every page of a built site.

Why: the site masks every record text before rendering and every page after it,
and a site is built from up to 50,000 records; masking must stay a small part of
a build. Run before and after a change to the detection and compare:

    PYTHONPATH=. .venv/bin/python benchmarks/bench_mask.py [RECORDS_ROOT] [--site SITE_DIR] [--runs 3]

RECORDS_ROOT defaults to tests/fixtures/sample; benchmarks/generate.py makes a
bigger one (five years: `generate.py OUT --staff 8 --years 5 --slips-per-day 7`).
Printed: files, characters, and the best of --runs in seconds for each pass.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def best(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", nargs="?", type=Path, default=HERE.parent / "tests" / "fixtures" / "sample")
    parser.add_argument("--site", type=Path, help="a built site: time mask_html over its pages too")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from wutong_docs.core import privacy

    texts = [p.read_text(encoding="utf-8") for p in sorted((args.root / "records").rglob("*"))
             if p.is_file() and p.suffix in (".md", ".yml", ".csv")]
    chars = sum(map(len, texts))
    took = best(args.runs, lambda: [privacy.mask(t) for t in texts])
    print(f"mask: {len(texts)} files, {chars:,} characters: {took:.3f} s ({chars / took / 1e6:.1f} M chars/s)")
    if args.site and hasattr(privacy, "mask_html"):
        pages = [p.read_text(encoding="utf-8") for p in sorted(args.site.rglob("*.html"))]
        chars = sum(map(len, pages))
        took = best(args.runs, lambda: [privacy.mask_html(t) for t in pages])
        print(f"mask_html: {len(pages)} pages, {chars:,} characters: {took:.3f} s ({chars / took / 1e6:.1f} M chars/s)")


if __name__ == "__main__":
    main()
