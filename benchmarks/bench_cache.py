"""Time `wutong validate` with the validation cache cold, warm, and warm after one file changed.

Why: issue 14 asks that a second validation of five years of records (50,000 files)
cost at most 15 % of the first. The cache (wutong_docs/validate/record_cache.py) keeps what
parsing each file gave; each file is still looked at (one stat, as Git's index does; read and
hashed when it looks changed) and the rules across records still run, so this keeps the
remaining cost honest.

It copies the records (default: benchmarks/data, made by bench_validate.py or
generate.py; never modified) to --work (default /tmp/cache-data; reused when it
is there), then prints, each the best (min) of --runs runs in fresh subprocesses:
  no cache   `wutong --no-cache validate`: the cost before the cache existed;
  cold       `wutong validate` with .wutong-cache/ deleted first (parses all, writes the cache);
  warm       `wutong validate` again, nothing changed; the ratio warm/cold, target <= 0.15;
  one change `wutong validate` after one daily log was edited (its folder's pack is written again);
and the size of the cache on disk. Every run must print the same problems.
Then the split of one warm run, in one subprocess (`SPLIT`): start-up and imports,
reading the packs, looking at every file, the rules (the cross-file ones
named), the rest of the validation, and what is left for the exit.

Run (from the repository root; a few minutes at 50,000 records):
    .venv/bin/python benchmarks/bench_cache.py [--source benchmarks/data --work /tmp/cache-data --runs 3]

Exit status 0 when the target is met, 1 when it is missed, 2 when the runs disagree.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TARGET = 0.15
CACHE = ".wutong-cache"


def validate(root: Path, *options: str) -> tuple[float, tuple[int, str]]:
    """One `wutong validate` in a fresh process: (seconds, (exit status, stdout))."""
    env = dict(os.environ, PYTHONPATH=str(REPO), WUTONG_NO_PROGRESS="1")
    env.pop("WUTONG_NO_CACHE", None)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "wutong_docs", "--root", str(root), *options, "validate"],
                          env=env, capture_output=True, text=True, encoding="utf-8")
    return time.perf_counter() - start, (done.returncode, done.stdout)


# one warm validation in-process, timed by phase (the cache as the timed runs left it); prints JSON
SPLIT = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from wutong_docs.core import rules
from wutong_docs.validate import pipeline as V, record_cache as C
rules.load_all()
t1 = time.perf_counter()
spent = {}
def timed(name, func):
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
    return run
C.Cache._load = timed("packs", C.Cache._load)
C.Cache.save = timed("save", C.Cache.save)
C.Cache.unchanged = timed("stat/read+hash", C.Cache.unchanged)
V.scan = timed("scan", V.scan)
V.rules.run = timed("rules", rules.run)
for i, r in enumerate(rules.RULES):
    if r.scope == rules.RECORDS:
        rules.RULES[i] = r.__class__(r.codes, timed("cross:" + r.func.__name__, r.func), r.scope, r.types)
start = time.perf_counter()
report = V.validate(Path(sys.argv[1]))
spent["validate"] = time.perf_counter() - start
spent["imports"] = t1 - t0
print(json.dumps(spent))
"""


def split(root: Path) -> dict:
    """The phases of one warm run (`SPLIT`), in seconds."""
    env = dict(os.environ, PYTHONPATH=str(REPO), WUTONG_NO_PROGRESS="1")
    env.pop("WUTONG_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", SPLIT, str(root)], env=env, capture_output=True, text=True,
                          encoding="utf-8", check=True)
    return json.loads(done.stdout)


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def prepare(source: Path, work: Path) -> Path:
    """A copy of `source`'s records in `work` (the original is never touched)."""
    if not (work / "records").is_dir():
        if not (source / "records").is_dir():
            sys.exit(f"no records at {source}: run benchmarks/bench_validate.py (or generate.py {source}) first")
        shutil.copytree(source, work, symlinks=True, dirs_exist_ok=True)
    return work


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=HERE / "data", help="records to copy (not modified)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/cache-data"), help="the copy that is validated")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    root = prepare(args.source.resolve(), args.work.resolve())
    files = sum(1 for _ in (root / "records").rglob("*") if _.is_file())
    manifest = root / "manifest.json"
    one = root / json.loads(manifest.read_text())["sample_log"] if manifest.exists() else None
    if one is None or not one.is_file():
        one = next((root / "records/logs").rglob("*.md"))
    original = one.read_bytes()

    results: dict[str, list[float]] = {"no cache": [], "cold": [], "warm": [], "one change": []}
    outputs = set()
    try:
        for run in range(args.runs):
            seconds, out = validate(root, "--no-cache")
            results["no cache"].append(seconds)
            outputs.add(out)
            shutil.rmtree(root / CACHE, ignore_errors=True)
            seconds, out = validate(root)
            results["cold"].append(seconds)
            outputs.add(out)
            seconds, out = validate(root)
            results["warm"].append(seconds)
            outputs.add(out)
            # one daily log edited (a line added at its end, different each run): still valid
            one.write_bytes(original + f"\n补记 {run}\n".encode())
            seconds, out = validate(root)
            results["one change"].append(seconds)
            outputs.add(out)
    finally:
        one.write_bytes(original)
    best = {name: min(times) for name, times in results.items()}
    cache_bytes = size_of(root / CACHE)
    packs = len(list((root / CACHE).rglob("*.pack")))
    ratio = best["warm"] / best["cold"]
    print(f"wutong validate, {files} files in {root} (best of {args.runs}; cpu count {os.cpu_count()})")
    for name, seconds in best.items():
        print(f"  {name:<11} {seconds:6.2f} s   runs: " + ", ".join(f"{s:.2f}" for s in results[name]))
    print(f"  warm / cold        {ratio:6.1%}   (target <= {TARGET:.0%}) {'met' if ratio <= TARGET else 'MISSED'}")
    print(f"  warm / no cache    {best['warm'] / best['no cache']:6.1%}")
    print(f"  one change / cold  {best['one change'] / best['cold']:6.1%}")
    print(f"  cache on disk      {cache_bytes / 1e6:6.1f} MB in {packs} packs")
    validate(root)  # warm again after the change (the edited log's pack rewritten)
    phases = min((split(root) for _ in range(args.runs)), key=lambda d: d["validate"])
    cross = sum(v for k, v in phases.items() if k.startswith("cross:"))
    print(f"  split of a warm run (best of {args.runs}, in one process; the rest of 'warm' is the interpreter's "
          "start and exit):")
    print(f"    imports              {phases['imports']:6.2f} s")
    print(f"    validate             {phases['validate']:6.2f} s, of which:")
    for name, label in (("packs", "read the packs"), ("scan", "list the files"),
                        ("stat/read+hash", "stat (or read + hash) each file"), ("rules", "rules (per-record from packs)"),
                        ("save", "save (nothing changed)")):
        print(f"      {label:<30} {phases.get(name, 0.0):6.2f} s")
    print(f"      {'  of the rules: cross-file':<30} {cross:6.2f} s   "
          + ", ".join(f"{k[6:]} {v * 1000:.0f} ms" for k, v in sorted(phases.items(), key=lambda kv: -kv[1])
                      if k.startswith("cross:") and v >= 0.005))
    if len(outputs) != 1:
        print("the runs printed different problems: the cache changed a result", file=sys.stderr)
        return 2
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
