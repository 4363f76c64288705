"""`wutong serve` in a real process on a free loopback port: drafts never stop the preview.

Each test starts the server in its own process group, reads its standard output
on a thread (every wait is bounded), fetches pages with urllib, and kills the
whole group at the end, whatever happened.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

from conftest import REPO, wutong
from wutong_docs.outputs.site.serve import FAILED

WAIT = 60  # seconds: the longest any step may take on a busy 2-core machine
DRAFT = "records/logs/2026/11/2026-11-27-li-na.md"
DRAFT_PROBLEM = f"<code>{DRAFT}:6: error WT113 time: 值是空的，这是必填字段：请填写内容</code><br>处理：填写内容，或删去这个可选字段"
BANNER_TITLE = "1 份记录有错误，暂不在预览中显示：改正后保存，页面会自动刷新"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(repo, **more_env):
    """(base URL, a queue of the server's output lines) while `wutong serve` runs on a free loopback port.

    `more_env`: extra environment variables, e.g. WUTONG_NOW="2026-11-28 12:00".
    """
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1", **more_env)
    proc = subprocess.Popen([sys.executable, "-m", "wutong_docs", "--root", str(repo), "serve", "-a", f"127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True, encoding="utf-8",
                            start_new_session=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in proc.stdout], daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}/", lines
    finally:
        try:  # Ctrl+C first: the server then removes its temporary site
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        except ProcessLookupError:
            pass
        proc.stdout.close()


def next_line(lines: queue.Queue, starting: str) -> str:
    """The first output line starting with `starting` (earlier lines skipped), within WAIT seconds."""
    deadline = time.monotonic() + WAIT
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line.startswith(starting):
            return line
        seen.append(line)
    raise AssertionError(f"no line starting {starting!r} within {WAIT} s; output: {seen}")


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def without_reload(page: str) -> str:
    """A served page without the live-reload script the server adds (it names the site's version)."""
    return page.split("<script>\nvar livereload")[0]


def until(url: str, test) -> tuple[int, str]:
    """Fetch `url` until `test(page)` holds (the rebuild is done), within WAIT seconds."""
    deadline = time.monotonic() + WAIT
    status, page = fetch(url)
    while not test(page):
        assert time.monotonic() < deadline, f"{url} did not change within {WAIT} s:\n{page[:2000]}"
        time.sleep(0.3)
        status, page = fetch(url)
    return status, page


def test_a_draft_added_while_serving_is_shown_as_a_problem_and_the_pages_still_answer(good_repo):
    with serving(good_repo) as (base, lines):
        assert next_line(lines, "站点预览") == f"站点预览：{base}（按 Ctrl+C 停止）"
        status, page = fetch(base)
        assert status == 200 and "wutong-problems" not in page
        assert wutong(good_repo, "new", "log", "--staff", "li-na", "--date", "2026-11-27").stdout == DRAFT + "\n"
        status, page = until(base, lambda page: DRAFT_PROBLEM in page)
        assert status == 200 and BANNER_TITLE in page
        status, month = fetch(base + "records/log/2026-11.html")
        assert status == 200 and DRAFT_PROBLEM in month
        assert "2026-11-26" in month  # the valid log of the month is still on its page
        (good_repo / DRAFT).unlink()
        status, page = until(base, lambda page: "wutong-problems" not in page)
        assert status == 200


def test_serve_starts_with_a_draft_already_present(good_repo):
    assert wutong(good_repo, "new", "log", "--staff", "li-na", "--date", "2026-11-27").exit_code == 0
    with serving(good_repo) as (base, lines):
        assert next_line(lines, "站点预览") == f"站点预览：{base}（按 Ctrl+C 停止）"
        status, page = fetch(base)
        assert status == 200 and BANNER_TITLE in page and DRAFT_PROBLEM in page


def test_a_broken_org_yml_keeps_the_last_site_and_says_why_on_every_page(good_repo):
    org = good_repo / "records/org.yml"
    text = org.read_text(encoding="utf-8")
    with serving(good_repo) as (base, lines):
        next_line(lines, "站点预览")
        good = fetch(base)[1]
        org.write_text(text.replace("zhang-wei, name: 张伟", "li-na, name: 张伟"), encoding="utf-8")
        assert next_line(lines, "站点没能") == "站点没能重新生成，预览仍是上一次的版本：records/org.yml 有错误，站点无法生成："
        status, page = until(base, lambda page: "wutong-build-failed" in page)
        assert status == 200
        assert ("<strong>站点没能重新生成，下面是上一次生成的版本。</strong>\nrecords/org.yml 有错误，站点无法生成：\n"
                "records/org.yml:4: error WT201 staff 的 id li-na 重复（第一次在第 3 行）\n") in page
        assert without_reload(FAILED.sub("", page)) == without_reload(good)  # the last good site, as it was
        org.write_text(text, encoding="utf-8")
        status, page = until(base, lambda page: "wutong-build-failed" not in page)
        assert status == 200


def test_a_broken_org_yml_at_start_serves_an_error_page(good_repo):
    org = good_repo / "records/org.yml"
    org.write_text(org.read_text(encoding="utf-8").replace("zhang-wei, name: 张伟", "li-na, name: 张伟"), encoding="utf-8")
    with serving(good_repo) as (base, lines):
        assert next_line(lines, "站点") == "站点没能生成：records/org.yml 有错误，站点无法生成："
        assert next_line(lines, "站点预览") == f"站点预览：{base}（按 Ctrl+C 停止）"
        for url in (base, base + "records/log/2026-11.html"):
            status, page = fetch(url)
            assert "<strong>站点没能生成。</strong>\nrecords/org.yml 有错误" in page
            assert status == (200 if url == base else 404)


def test_build_stays_strict_with_a_draft(good_repo):
    wutong(good_repo, "new", "log", "--staff", "li-na", "--date", "2026-11-27")
    result = wutong(good_repo, "build")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{DRAFT}:6: error WT113 time: 值是空的，这是必填字段：请填写内容\n")
    assert not (good_repo / "site").exists()


def test_an_edited_record_is_shown_after_the_save_and_a_reverted_one_too(good_repo):
    """Serve keeps records and rendered pages between rebuilds: an edit must still show, and undoing it too."""
    log = sorted((good_repo / "records/logs").rglob("*.md"))[0]
    original = log.read_text(encoding="utf-8")
    month = "records/log/" + log.name[:7] + ".html"
    with serving(good_repo) as (base, lines):
        next_line(lines, "站点预览")
        status, page = fetch(base + month)
        assert status == 200 and "预览改动标记甲" not in page
        log.write_text(original + "\n预览改动标记甲\n", encoding="utf-8")
        until(base + month, lambda page: "预览改动标记甲" in page)
        log.write_text(original, encoding="utf-8")
        until(base + month, lambda page: "预览改动标记甲" not in page)
