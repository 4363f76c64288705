"""`wutong build` names its stages with counts on a terminal (生成页面, 写出站点, 搜索索引) and is quiet in pipes."""

from __future__ import annotations

import os
import re
import pty
import select
import shutil
import subprocess
import sys

from conftest import FIXTURES, REPO

# the bar is drawn from 2,000 entries on (progress.THRESHOLD); the sample has fewer, so the threshold is lowered
RUN = ("import sys; import wutong_docs.core.progress as p; p.THRESHOLD = 1; from wutong_docs.cli.main import main; "
       "sys.argv = ['wutong'] + sys.argv[1:]; main()")
STAGES = ("生成页面", "写出站点", "搜索索引")


def repo(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "sample_desk", root)
    return root


def env():
    out = dict(os.environ, PYTHONPATH=str(REPO), WUTONG_NOW="2026-11-27 12:00", COLUMNS="100")
    out.pop("WUTONG_NO_PROGRESS", None)
    return out


def test_quiet_when_output_is_a_pipe(tmp_path):
    root = repo(tmp_path)
    done = subprocess.run([sys.executable, "-c", RUN, "--root", str(root), "build"], capture_output=True,
                          text=True, encoding="utf-8", env=env(), timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == [done.stderr.strip()] and done.stderr.startswith("已生成站点 ")


def test_stages_and_counts_on_a_terminal(tmp_path):
    root = repo(tmp_path)
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", RUN, "--root", str(root), "build"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=follower, env=env())
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 300)
        if not ready:
            proc.kill()
            raise AssertionError(f"no output for 300 s: {seen[-2000:]!r}")
        try:
            chunk = os.read(leader, 65536)
        except OSError:   # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert proc.wait(timeout=60) == 0, seen.decode("utf-8", "replace")[-3000:]
    text = seen.decode("utf-8", "replace")
    for label in STAGES:
        assert label in text
    assert text.index("生成页面") < text.index("写出站点") < text.index("搜索索引") < text.index("已生成站点")
    assert "100%" in text and re.search(r"\d+/\d+", text)
