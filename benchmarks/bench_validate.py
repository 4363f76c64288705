"""Time `wutong validate` at scale against the fastest possible reading of the same files.

Why: the department's records grow by ~10,000 files a year and `wutong validate`
runs on every commit (pre-commit hook) and in CI. This script keeps its cost
honest by comparing it with a floor nobody could beat: a bare Python loop that
only reads each file, splits off the front matter and parses it with
`yaml.load(..., Loader=yaml.CSafeLoader)` (libyaml, no checks at all).

It generates ~50,000 records into benchmarks/data/ with benchmarks/generate.py
(git-ignored; reused when its manifest matches the parameters and the
generator), checks that full validation reports 0 errors, then prints, each as
the best (min) of --runs runs in fresh subprocesses:
  (a) the floor: read + split + CSafeLoader over every record and org.yml;
  (b) `wutong --root DATA validate` (full validation) and the ratio b/a, target <= 1.5;
  (c) `wutong --root DATA validate <one log file>`, the pre-commit case with
      cross-references resolved against the whole repository, target < 1 s;
  (d) `wutong --help`, target < 0.3 s (heavy imports must be lazy).

Run (from the repository root; takes a few minutes):
    .venv/bin/python benchmarks/bench_validate.py [--staff 20 --years 5 --seed 1 --runs 3 --regenerate]

Exit status 0 when every target is met, 1 when one is missed, 2 when the
generated data do not validate cleanly.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from table import print_table

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/generate.py)

DATA = HERE / "data"
RATIO_TARGET = 1.5
PRECOMMIT_TARGET = 1.0
HELP_TARGET = 0.3

# the floor: the least work any validator must do -- read every file, split off
# the front matter, parse it with libyaml. No checks, no line numbers, no objects.
FLOOR = r"""
import os, sys, yaml
root = sys.argv[1]
loader = yaml.CSafeLoader
n = 0
for folder, dirs, files in os.walk(os.path.join(root, "records")):
    for name in files:
        with open(os.path.join(folder, name), encoding="utf-8-sig") as fh:
            text = fh.read()
        if name.endswith(".md"):
            end = text.find("\n---", 3)
            text = text[4:end]
        yaml.load(text, Loader=loader)
        n += 1
print(n)
"""


def wutong_command() -> list[str]:
    exe = Path(sys.executable).parent / "wutong"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("wutong")
    if found:
        return [found]
    sys.exit("cannot find the `wutong` command: install the package (pip install -e .) into this Python")


def ensure_data(staff: int, years: int, seed: int, regenerate: bool) -> dict:
    manifest_path = DATA / generate.MANIFEST
    if manifest_path.exists() and not regenerate:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        wanted = {"staff": staff, "years": years, "seed": seed, "generator": generate.generator_hash()}
        if all(manifest.get(k) == v for k, v in wanted.items()):
            c = manifest["counts"]
            print(f"reusing {DATA} ({c['total']} records; --regenerate to rebuild)")
            return manifest
    return generate.main([str(DATA), "--staff", str(staff), "--years", str(years), "--seed", str(seed)])


def best_of(runs: int, cmd: list[str], check=None) -> tuple[float, subprocess.CompletedProcess]:
    """Minimum wall-clock time of `runs` fresh subprocesses; `check` sees each result."""
    best, last = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        last = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
        elapsed = time.perf_counter() - started
        if check:
            check(last)
        best = min(best, elapsed)
    return best, last


def require_clean(what: str):
    def check(result: subprocess.CompletedProcess) -> None:
        problems = [line for line in result.stdout.splitlines() if line.strip()]
        errors = [line for line in problems if ": error " in line]
        if result.returncode != 0 or errors:
            print(f"\nFAIL: {what} reported errors on the generated data (exit {result.returncode}); "
                  "either benchmarks/generate.py or the validator is wrong:", file=sys.stderr)
            for line in (errors or problems)[:20]:
                print("  " + line, file=sys.stderr)
            if len(errors) > 20:
                print(f"  ... and {len(errors) - 20} more", file=sys.stderr)
            print("  " + result.stderr.strip().replace("\n", "\n  "), file=sys.stderr)
            sys.exit(2)
    return check


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=20)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the minimum is kept")
    parser.add_argument("--regenerate", action="store_true", help="rebuild benchmarks/data/ even if it matches")
    args = parser.parse_args()

    manifest = ensure_data(args.staff, args.years, args.seed, args.regenerate)
    records = manifest["counts"]["total"]
    wutong = wutong_command()
    one_log = DATA / manifest["sample_log"]
    print(f"Python {platform.python_version()} on {platform.machine()}, {args.runs} runs each, best kept")

    floor, result = best_of(args.runs, [sys.executable, "-c", FLOOR, str(DATA)])
    if result.returncode != 0:
        sys.exit(f"the floor loop failed:\n{result.stderr}")
    floor_files = int(result.stdout.strip())

    full, result = best_of(args.runs, [*wutong, "--root", str(DATA), "validate"],
                           require_clean("wutong validate"))
    summary = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "?"
    print(f"full validation: {summary}")

    one, _ = best_of(args.runs, [*wutong, "--root", str(DATA), "validate", str(one_log)],
                     require_clean("wutong validate <one file>"))
    help_, result = best_of(args.runs, [*wutong, "--help"])
    if result.returncode != 0:
        sys.exit(f"`wutong --help` failed:\n{result.stderr}")

    ratio = full / floor
    rows = [
        ("records (+ org.yml)", f"{records} (+1); floor read {floor_files} files", "~50,000", None),
        ("(a) floor: read + split + yaml CSafeLoader", f"{floor:.2f} s", "-", None),
        ("(b) wutong validate (full)", f"{full:.2f} s", "-", None),
        ("    ratio b/a", f"{ratio:.2f}x", f"<= {RATIO_TARGET}", ratio <= RATIO_TARGET),
        ("(c) wutong validate <one log> (pre-commit)", f"{one:.3f} s", f"< {PRECOMMIT_TARGET} s",
         one < PRECOMMIT_TARGET),
        ("(d) wutong --help", f"{help_:.3f} s", f"< {HELP_TARGET} s", help_ < HELP_TARGET),
    ]
    print("\nThe floor is the fastest reading anyone could do: a bare loop that reads each file,")
    print("splits the front matter and parses it with yaml.load(..., Loader=yaml.CSafeLoader), checking nothing.\n")
    print_table(rows)
    return 0 if all(r[3] is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
