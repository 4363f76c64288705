"""Incremental builds and the preview at scale: cold build, build after one change, serve reflect time, peak memory.

Why: the department adds about twenty records a day to years of records, so a
build or a preview that redoes everything on each change wastes nearly all its
time (issue 14). This script measures, on synthetic data (benchmarks/generate.py):
  (a) a cold `wutong build` (no .wutong-cache/) and its peak memory, target < 500 MB at 50,000 records;
  (b) `wutong build` again after appending a line to one log, target <= 33 % of (a);
  (c) `wutong serve`: after a log is saved, how long until its month page, fetched over HTTP,
      shows the change; targets 3 s at 20,000 records and 6 s at 50,000.
Peak memory is the child's own maximum resident set size (os.wait4).

Data: the 50,000-record set is benchmarks/data (made by generate.py with 20 staff, 18 slips a day; read only:
it is copied first, since a record is changed); the 20,000-record set is generated into benchmarks/out/.

Run (from the repository root):
    .venv/bin/python benchmarks/bench_incremental.py [--sizes 20000 50000] [--serve-runs 3]

Exit status 0 when every target is met, 1 when one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/generate.py)

OUT = HERE / "out"
DATA_50K = HERE / "data"
NOW = "2026-01-04 12:00"   # the day after the generated five years
TARGETS = {"ratio": 0.33, "memory_mb": 500.0, "serve_s": {20000: 3.0, 50000: 6.0}}
PARAMS_20K = {"staff": 8, "years": 5, "seed": 1, "slips_per_day": 7}


def wutong() -> list[str]:
    return [sys.executable, "-m", "wutong_docs"]


def env() -> dict:
    out = dict(os.environ, WUTONG_NOW=NOW, PYTHONUNBUFFERED="1", WUTONG_NO_PROGRESS="1")
    out.setdefault("PYTHONPATH", str(HERE.parent))
    return out


def data_for(size: int, work: Path, data_50k: Path) -> Path:
    """A writable copy of the data set of about `size` records."""
    if size >= 40000:
        source = data_50k
        if not (source / generate.MANIFEST).exists():
            sys.exit(f"{source} missing: .venv/bin/python benchmarks/generate.py {source} --staff 20 --years 5")
    else:
        source = OUT / "incremental-20k"
        manifest = source / generate.MANIFEST
        wanted = dict(PARAMS_20K, generator=generate.generator_hash())
        if not (manifest.exists() and all(json.loads(manifest.read_text()).get(k) == v for k, v in wanted.items())):
            generate.main([str(source), "--staff", "8", "--years", "5", "--seed", "1", "--slips-per-day", "7"])
    target = work / f"data-{size}"
    shutil.copytree(source, target, symlinks=True)
    return target


def timed(cmd: list[str]) -> tuple[float, float]:
    """(seconds, peak resident MB) of one command, run to completion; exits on failure."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env())
    out, err = proc.stdout, proc.stderr
    chunks = {}
    readers = [threading.Thread(target=lambda n, f: chunks.__setitem__(n, f.read()), args=(n, f), daemon=True)
               for n, f in (("out", out), ("err", err))]
    for t in readers:
        t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    for t in readers:
        t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {proc.returncode}:\n{chunks.get('err', b'').decode()[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024


def a_log(root: Path) -> tuple[Path, str]:
    """A log in the middle of the data, and its month page's URL path."""
    logs = sorted((root / "records/logs").rglob("*.md"))
    log = logs[len(logs) // 2]
    return log, f"records/log/{log.name[:7]}.html"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def serve_reflect(root: Path, runs: int) -> list[float]:
    """Seconds from saving a log to its month page showing the change, served by `wutong serve`, `runs` times."""
    port = free_port()
    proc = subprocess.Popen([*wutong(), "--root", str(root), "serve", "-a", f"127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env(), text=True,
                            encoding="utf-8", start_new_session=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
    log, page = a_log(root)
    base = f"http://127.0.0.1:{port}/"
    times = []
    try:
        deadline = time.monotonic() + 900
        while True:
            line = lines.get(timeout=max(1, deadline - time.monotonic()))
            if line.startswith("站点预览"):
                break
        original = log.read_text(encoding="utf-8")
        fetch(base + page)
        for i in range(runs):
            marker = f"预览计时标记{i}号"
            time.sleep(1.5)   # the watcher settles; a save is never within a rebuild of the previous one
            log.write_text(original + f"\n{marker}\n", encoding="utf-8")
            started = time.perf_counter()
            while marker not in fetch(base + page):
                if time.perf_counter() - started > 300:
                    sys.exit("FAIL: the served page did not change within 300 s")
                time.sleep(0.05)
            times.append(time.perf_counter() - started)
        log.write_text(original, encoding="utf-8")
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000, 50000],
                        help="data sets: 20000 (generated) and/or 50000 (benchmarks/data)")
    parser.add_argument("--serve-runs", type=int, default=3)
    parser.add_argument("--data-50k", type=Path, default=DATA_50K, help="the 50,000-record set (read only; copied)")
    parser.add_argument("--no-build", action="store_true", help="only the serve figures")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="wutong-bench-inc-") as tmp:
        work = Path(tmp)
        for size in args.sizes:
            root = data_for(size, work, args.data_50k)
            count = sum(1 for _ in (root / "records").rglob("*.md"))
            print(f"\n== {count} records ({root.name}); {os.cpu_count()} CPUs, load average "
                  f"{os.getloadavg()[0]:.1f} (a busy machine makes every figure larger)")
            if not args.no_build:
                cold_s, cold_mb = timed([*wutong(), "--root", str(root), "build", "-d", str(work / "site-cold")])
                log, _ = a_log(root)
                log.write_text(log.read_text(encoding="utf-8") + "\n补记：下午复查，已处理完毕。\n", encoding="utf-8")
                warm_s, warm_mb = timed([*wutong(), "--root", str(root), "build", "-d", str(work / "site-warm")])
                ratio = warm_s / cold_s
                print(f"cold build                {cold_s:8.1f} s   peak {cold_mb:6.0f} MB")
                print(f"build after one change    {warm_s:8.1f} s   peak {warm_mb:6.0f} MB")
                met = ratio <= TARGETS["ratio"]
                ok &= met
                print(f"ratio                     {ratio:8.0%}     target <= {TARGETS['ratio']:.0%}  "
                      f"{'ok' if met else 'MISSED'}")
                if size >= 40000:
                    met = cold_mb < TARGETS["memory_mb"]
                    ok &= met
                    print(f"peak memory, cold build   {cold_mb:8.0f} MB    target < {TARGETS['memory_mb']:.0f} MB  "
                          f"{'ok' if met else 'MISSED'}")
            times = serve_reflect(root, args.serve_runs)
            target = TARGETS["serve_s"][20000 if size < 40000 else 50000]
            met = max(times) <= target
            ok &= met
            print("serve reflect (save -> page shows it): " + ", ".join(f"{t:.1f} s" for t in times)
                  + f"   target <= {target:.0f} s  {'ok' if met else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
