"""Time `wutong validate --staged`, the commit hook, at ~50,000 records.

Why: the hook runs on every commit. Changing one record must stay well under
a second however many records there are; a deletion or a change to org.yml
checks the whole staged repository, which must cost little more than a plain
`wutong validate`, whether or not the working tree matches the index.

It reuses benchmarks/data/ (made by benchmarks/bench_validate.py's generator),
puts it in a throw-away Git repository (the .git folder lives in a temporary
folder, the records stay where they are and are not modified in the end), and
prints the best of --runs runs in fresh subprocesses of:
  (a) nothing under records/ staged;
  (b) one log staged (only that file checked), target < 1 s;
  (c) org.yml staged, working tree = index (the whole repository, checked in place);
  (d) org.yml staged, one other record changed on disk only (the whole staged
      repository laid out in a temporary folder: hard links and the index copy);
  (e) plain `wutong validate` for comparison.

Run (from the repository root; takes a few minutes):
    .venv/bin/python benchmarks/bench_staged.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_validate import DATA, best_of, ensure_data, require_clean, wutong_command  # noqa: E402

ONE_TARGET = 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    manifest = ensure_data(20, 5, 1, False)
    wutong = [*wutong_command(), "--root", str(DATA), "validate"]
    log = DATA / manifest["sample_log"]
    org = DATA / "records/org.yml"
    other = sorted((DATA / "records/slips").rglob("*.md"))[0]
    originals = {path: path.read_bytes() for path in (log, org, other)}

    with tempfile.TemporaryDirectory(prefix="wutong-bench-git-") as gitdir:
        env = {**os.environ, "GIT_DIR": gitdir, "GIT_WORK_TREE": str(DATA),
               "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        os.environ.update(env)  # the timed commands find the repository the same way

        def git(*cmd: str) -> None:
            subprocess.run(["git", *cmd], check=True, capture_output=True, cwd=DATA)

        git("init", "-q")
        git("add", "records")
        git("-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "records")
        try:
            times = {}
            times["a"], _ = best_of(args.runs, [*wutong, "--staged"], require_clean("--staged, nothing staged"))
            log.write_bytes(originals[log] + b"\n")
            git("add", str(log))
            times["b"], _ = best_of(args.runs, [*wutong, "--staged"], require_clean("--staged, one log"))
            org.write_bytes(originals[org] + "\n# 基准测试\n".encode())
            git("add", str(org))
            times["c"], _ = best_of(args.runs, [*wutong, "--staged"], require_clean("--staged, org.yml in place"))
            other.write_bytes(originals[other] + b"\n")  # differs on disk only
            times["d"], _ = best_of(args.runs, [*wutong, "--staged"], require_clean("--staged, org.yml laid out"))
            times["e"], _ = best_of(args.runs, wutong, require_clean("wutong validate"))
        finally:
            for path, data in originals.items():
                path.write_bytes(data)

    rows = [("(a) --staged, nothing under records/", times["a"], None),
            ("(b) --staged, one log", times["b"], times["b"] < ONE_TARGET),
            ("(c) --staged, org.yml (whole, in place)", times["c"], None),
            ("(d) --staged, org.yml (whole, laid out)", times["d"], None),
            ("(e) wutong validate (whole, no git)", times["e"], None)]
    print(f"{manifest['counts']['total']} records, best of {args.runs} runs")
    for name, seconds, ok in rows:
        verdict = "" if ok is None else (f"PASS (< {ONE_TARGET} s)" if ok else f"MISS (< {ONE_TARGET} s)")
        print(f"{name:<42} {seconds:6.2f} s  {verdict}")
    return 0 if all(ok is not False for _, _, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
