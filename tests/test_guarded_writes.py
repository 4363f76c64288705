"""Every write is guarded and atomic: the ways records and sites were lost (issue 8), each reproduced.

Each test feeds the command that once lost data and checks the exact message, the exit
status, and that no record (indeed no file of the repository) changed. Disk-full and
read-only disks are simulated by making the system call fail (tests run as root in CI
containers, where chmod does not stop a write); one test per case also uses a real
read-only folder when not run as root.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import mkdocs.utils
import pytest
from mkdocs.exceptions import PluginError

from conftest import REPO, SAMPLE, wutong
from wutong_docs.core import output, templates
from wutong_docs.authoring import new_record as scaffold
from wutong_docs.records import slip



def _chmod_stops_writes() -> bool:
    """False as root (or with CAP_DAC_OVERRIDE), where a read-only folder is still written to."""
    import tempfile
    folder = Path(tempfile.mkdtemp())
    folder.chmod(0o555)
    try:
        (folder / "probe").touch()
    except PermissionError:
        return True
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)
    return False


REAL_READ_ONLY = _chmod_stops_writes()
SITE_ADVICE = "请用默认的 site/，或一个不存在的、空的目录"


def snapshot(folder: Path, skip: str = "site") -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under `folder`, except the site being built."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*")) if p.relative_to(folder).parts[0] != skip}


def leftovers(folder: Path) -> list[Path]:
    """Temporary files and folders of ours (`.<name>.wutong-…`) anywhere under `folder`."""
    return [p for p in folder.rglob("*") if ".wutong-" in p.name and p.name != output.MARKER]


def error(result) -> str:
    """The one-line error a user sees (the last line of stderr), after checking there is no traceback."""
    assert "Traceback" not in result.output
    return result.stderr.splitlines()[-1]


@pytest.fixture
def repo(good_repo, monkeypatch) -> Path:
    """The good fixture with templates/, handbook/ and .git/ of its own, as the department's repository has."""
    root = good_repo.resolve()
    shutil.copytree(templates.SHIPPED, root / "templates")   # wherever the shipped templates live
    (root / "handbook").mkdir()
    (root / "handbook/index.md").write_text("# 手册\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def sample(tmp_path, monkeypatch) -> Path:
    """The frozen sample records (tests/fixtures/sample: a duty book and notices), as a copy."""
    root = (tmp_path / "sample").resolve()
    shutil.copytree(SAMPLE / "records", root / "records")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def built(repo) -> Path:
    """`repo` with a site built once: the previous site every later failure must leave intact."""
    assert wutong(repo, "build").exit_code == 0
    return repo


# -- Data loss 1: `build -d DIR` emptied DIR whatever it was -------------------------------------
@pytest.mark.parametrize("folder, area, what", [
    ("records", "records", "部门的记录"),
    ("records/logs", "records", "部门的记录"),
    ("records/new-folder", "records", "部门的记录"),
    (".git", ".git", "仓库的 Git 数据"),
    ("templates", "templates", "部门的模板"),
    ("handbook", "handbook", "手写的手册页面"),
])
def test_build_never_replaces_a_folder_of_the_repository(repo, folder, area, what):
    before = snapshot(repo)
    result = wutong(repo, "build", "-d", folder)
    assert result.exit_code == 1
    assert error(result) == (f"错误：不能把站点生成到 {area}/ 里（{folder}）：生成站点会换掉整个目录，"
                             f"这里是{what}；{SITE_ADVICE}")
    assert snapshot(repo) == before and not (repo / "site").exists()


def test_build_never_replaces_the_repository_root_or_a_folder_holding_it(repo):
    before = snapshot(repo)
    for given in (".", str(repo), "records/.."):
        result = wutong(repo, "build", "-d", given)
        assert result.exit_code == 1
        assert error(result) == f"错误：不能把站点生成到仓库根目录（{given}）：生成站点会换掉整个目录；{SITE_ADVICE}"
    result = wutong(repo, "build", "-d", "..")
    assert error(result) == f"错误：不能把站点生成到 ..：记录仓库就在这个目录里，生成站点会换掉整个目录；{SITE_ADVICE}"
    assert snapshot(repo) == before


def test_build_refuses_a_folder_that_is_not_empty_and_not_a_site(repo, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "照片.jpg").write_bytes(b"\xff\xd8")
    result = wutong(repo, "build", "-d", str(mine))
    assert result.exit_code == 1
    assert error(result) == (f"错误：不能把站点生成到 {mine}：这个目录不是空的，也不是 wutong 生成的站点"
                             f"（没有 .wutong-site 标记），生成站点会换掉整个目录；{SITE_ADVICE}")
    assert [p.name for p in mine.iterdir()] == ["照片.jpg"] and not leftovers(tmp_path)


def test_build_judges_a_symlink_by_where_it_leads(repo):
    (repo / "out").symlink_to(repo / "records/logs")
    result = wutong(repo, "build", "-d", "out")
    assert error(result) == (f"错误：不能把站点生成到 records/ 里（out 实际指向 {repo}/records/logs）：生成站点会换掉"
                             f"整个目录，这里是部门的记录；{SITE_ADVICE}")


def test_build_refuses_a_file_or_a_missing_parent(repo):
    (repo / "notes.txt").write_text("x", encoding="utf-8")
    assert error(wutong(repo, "build", "-d", "notes.txt")) == f"错误：notes.txt 是一个文件，不是目录；{SITE_ADVICE}"
    assert error(wutong(repo, "build", "-d", "no/such/site")) == (
        f"错误：目录不存在：{repo}/no/such（no/such/site）；请先建立该目录")


def test_build_replaces_an_empty_folder_its_own_site_or_an_older_unmarked_one(repo, tmp_path):
    for name, content in (("empty", {}), ("older", {"index.html": "旧", "sitemap.xml": "<urlset/>", "old.html": "旧"})):
        folder = tmp_path / name
        folder.mkdir()
        for file, text in content.items():
            (folder / file).write_text(text, encoding="utf-8")
        result = wutong(repo, "build", "-d", str(folder))
        assert result.exit_code == 0, result.output
        assert (folder / output.MARKER).is_file() and (folder / "records/index.html").is_file()
        assert not (folder / "old.html").exists()
    again = wutong(repo, "build", "-d", str(tmp_path / "older"))  # the marker says: ours to replace
    assert again.exit_code == 0 and not leftovers(tmp_path)


def test_rebuilding_keeps_hidden_files_of_the_site_as_mkdocs_does(built):
    (built / "site/.htaccess").write_text("Require ip 10.0.0.0/8\n", encoding="utf-8")
    (built / "site/stale.html").write_text("old", encoding="utf-8")
    assert wutong(built, "build").exit_code == 0
    assert (built / "site/.htaccess").read_text(encoding="utf-8") == "Require ip 10.0.0.0/8\n"
    assert not (built / "site/stale.html").exists() and not leftovers(built)


def test_plain_mkdocs_build_into_records_is_refused_by_the_plugin(repo):
    from wutong_docs.outputs.site.plugin import WutongPlugin

    plugin = WutongPlugin()
    plugin.load_config({"root": str(repo)})
    config = type("Config", (), {"config_file_path": str(REPO / "mkdocs.yml"), "site_dir": str(repo / "records")})()
    with pytest.raises(PluginError, match=r"^不能把站点生成到 records/ 里"):
        plugin.on_config(config)


# -- Data loss 2: `-o` overwrote records and existing files without a word ------------------------
CALENDAR = ("calendar", "--role", "supervisor", "--month", "2026-11")


def test_calendar_never_writes_over_a_record_even_with_force(sample):
    before = snapshot(sample)
    for extra in ((), ("--force",)):
        result = wutong(sample, *CALENDAR, "-o", "records/org.yml", *extra)
        assert result.exit_code == 1
        assert error(result) == ("错误：不能把输出写到 records/ 里（records/org.yml）：这里是部门的记录；"
                                 "请写到别处，例如仓库根目录下的新文件或仓库外的文件夹")
    assert snapshot(sample) == before


def test_output_refuses_an_existing_file_unless_forced(sample):
    old = sample / "日历.html"
    old.write_text("上个月的日历", encoding="utf-8")
    result = wutong(sample, *CALENDAR, "-o", "日历.html")
    assert result.exit_code == 1
    assert error(result) == "错误：日历.html 已存在，未覆盖：要替换它请加 --force，或换一个文件名"
    assert old.read_text(encoding="utf-8") == "上个月的日历"
    forced = wutong(sample, *CALENDAR, "-o", "日历.html", "--force")
    assert (forced.exit_code, forced.stderr) == (0, "日历.html\n")
    assert old.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and not leftovers(sample)


def test_a_file_git_tracks_in_the_repository_is_never_overwritten(sample):
    (sample / "README.md").write_text("说明\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], check=True)
    subprocess.run(["git", "add", "README.md"], check=True)
    result = wutong(sample, *CALENDAR, "-o", "README.md", "--force")
    assert error(result) == ("错误：不能覆盖 README.md（即使加 --force）：这是记录仓库中由 Git 管理的文件；"
                             "请换一个文件名，或写到别处")
    assert (sample / "README.md").read_text(encoding="utf-8") == "说明\n"


def test_output_into_a_missing_folder_or_onto_a_folder_is_one_line(sample):
    result = wutong(sample, *CALENDAR, "-o", "出/日历.html")
    assert (result.exit_code, error(result)) == (1, f"错误：目录不存在：{sample}/出（出/日历.html）；"
                                                    "请先建立该目录，或写到已有的目录")
    assert error(wutong(sample, *CALENDAR, "-o", "records")) == (
        "错误：不能把输出写到 records/ 里（records）：这里是部门的记录；请写到别处，例如仓库根目录下的新文件或仓库外的文件夹")
    (sample / "out").mkdir()
    assert error(wutong(sample, *CALENDAR, "-o", "out")) == "错误：out 是一个目录：请写出文件名，例如 out/输出.html"


NOTICE = "records/notices/2026/11/building-9-water-outage.md"


@pytest.mark.parametrize("option", ["--pdf", "-o"])
def test_notice_render_into_a_missing_folder_is_one_line_and_renders_nothing(sample, option):
    result = wutong(sample, "notice", "render", NOTICE, option, "打印/通知.pdf")
    assert result.exit_code == 1
    assert error(result) == f"错误：目录不存在：{sample}/打印（打印/通知.pdf）；请先建立该目录，或写到已有的目录"
    assert not (sample / "打印").exists()


def test_notice_render_overwrites_only_with_force_and_never_a_record(sample):
    (sample / "通知.html").write_text("旧", encoding="utf-8")
    refused = wutong(sample, "notice", "render", NOTICE, "-o", "通知.html")
    assert error(refused) == "错误：通知.html 已存在，未覆盖：要替换它请加 --force，或换一个文件名"
    assert (sample / "通知.html").read_text(encoding="utf-8") == "旧"
    assert wutong(sample, "notice", "render", NOTICE, "-o", "通知.html", "--force").exit_code == 0
    assert "<html" in (sample / "通知.html").read_text(encoding="utf-8")
    before = snapshot(sample)
    result = wutong(sample, "notice", "render", NOTICE, "--pdf", NOTICE, "--force")
    assert error(result).startswith("错误：不能把输出写到 records/ 里（records/notices/2026/11/")
    assert snapshot(sample) == before


def _disk_full_in_our_temp_files(monkeypatch):
    """os.write on one of our temporary files writes half, then the disk is full; other writes go through."""
    real = os.write

    def write(fd, data):
        if ".wutong-tmp-" in os.readlink(f"/proc/self/fd/{fd}"):
            half = len(data) // 2
            if half:
                return real(fd, bytes(data[:half]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)
    monkeypatch.setattr(os, "write", write)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to tell our files apart")
def test_disk_full_while_writing_output_keeps_the_old_file_whole(sample, monkeypatch):
    (sample / "日历.html").write_text("上个月的日历", encoding="utf-8")
    _disk_full_in_our_temp_files(monkeypatch)
    result = wutong(sample, *CALENDAR, "-o", "日历.html", "--force")
    assert result.exit_code == 1
    assert error(result) == "错误：写入 日历.html 失败：磁盘已满，请腾出磁盘空间后重试；没有留下写了一半的文件"
    assert (sample / "日历.html").read_text(encoding="utf-8") == "上个月的日历" and not leftovers(sample)


# -- Data loss 3: an interrupted build left site/ empty or half written ---------------------------
def _fail_midway(monkeypatch, exc: BaseException, after: int = 3):
    """mkdocs writes `after` pages, then the next write raises `exc` (Ctrl-C, a full disk, a bug)."""
    real, calls = mkdocs.utils.write_file, []

    def write_file(content, output_path):
        calls.append(output_path)
        if len(calls) > after:
            raise exc
        real(content, output_path)
    monkeypatch.setattr(mkdocs.utils, "write_file", write_file)
    return calls


def test_ctrl_c_during_build_leaves_the_previous_site(built, monkeypatch):
    before = snapshot(built / "site", skip="")
    calls = _fail_midway(monkeypatch, KeyboardInterrupt())
    result = wutong(built, "build")
    assert len(calls) == 4 and result.exit_code == 1
    assert error(result) == "错误：已中断：站点没有生成完，原来的站点未改动"
    assert snapshot(built / "site", skip="") == before and not leftovers(built)


def test_a_crash_during_build_leaves_the_previous_site(built, monkeypatch):
    before = snapshot(built / "site", skip="")
    _fail_midway(monkeypatch, RuntimeError("a bug"))
    with pytest.raises(RuntimeError):
        wutong(built, "build")
    assert snapshot(built / "site", skip="") == before and not leftovers(built)


# `wutong build` as at a terminal, with each page written 50 ms late: the build is surely still writing pages
# when the test's Ctrl-C comes. Ctrl-C is made to interrupt, as a person's terminal has it, also when the tests
# themselves run in the background (`make test &`), where the shell starts them with SIGINT ignored.
SLOW_PAGES = ("import signal, sys, time, mkdocs.utils\n"
              "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
              "write = mkdocs.utils.write_file\n"
              "def late(*args, **kwargs):\n"
              "    time.sleep(0.05)\n"
              "    return write(*args, **kwargs)\n"
              "mkdocs.utils.write_file = late\n"
              "from wutong_docs.cli.main import main\n"
              "sys.argv = ['wutong', '--root', sys.argv[1], 'build']\n"
              "main()\n")


def test_a_real_ctrl_c_one_moment_into_the_build_leaves_the_previous_site(built):
    before = snapshot(built / "site", skip="")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-c", SLOW_PAGES, str(built)],
                            stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 30
    while not any((p / "assets").exists() for p in built.glob(".site.wutong-new-*")):
        assert time.monotonic() < deadline and proc.poll() is None, "the build never started writing"
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)  # mkdocs is writing pages into the temporary folder now
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 1 and stderr.splitlines()[-1] == "错误：已中断：站点没有生成完，原来的站点未改动"
    assert snapshot(built / "site", skip="") == before and not leftovers(built)


# -- Disk full and read-only disks: a one-line error, nothing lost, nothing left ------------------
def test_disk_full_during_build_leaves_the_previous_site(built, monkeypatch):
    before = snapshot(built / "site", skip="")
    _fail_midway(monkeypatch, OSError(errno.ENOSPC, "No space left on device", "x"))
    result = wutong(built, "build")
    assert result.exit_code == 1
    assert error(result) == (f"错误：生成站点 {built}/site 失败：磁盘已满，请腾出磁盘空间后重试；原来的站点未改动")
    assert snapshot(built / "site", skip="") == before and not leftovers(built)


def _read_only(monkeypatch, under: Path, code: int = errno.EROFS):
    """Creating anything under `under` fails as on a read-only disk (chmod does not stop root)."""
    real_mkdir, real_open = os.mkdir, os.open

    def refused(path):
        return Path(os.fsdecode(path)).resolve().is_relative_to(under)

    def mkdir(path, *args, **kwargs):
        if refused(path):
            raise OSError(code, os.strerror(code), os.fsdecode(path))
        return real_mkdir(path, *args, **kwargs)

    def open_(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and refused(path):
            raise OSError(code, os.strerror(code), os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)
    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "open", open_)


def test_build_in_a_read_only_repository_is_one_line_and_keeps_the_site(built, monkeypatch):
    before = snapshot(built / "site", skip="")
    _read_only(monkeypatch, built)
    result = wutong(built, "build")
    assert result.exit_code == 1
    assert error(result) == (f"错误：生成站点 {built}/site 失败：磁盘是只读的，请检查磁盘是否以只读方式挂载；"
                             f"原来的站点未改动（站点先在 {built} 中的临时目录生成，再整个换上，所以这个目录也要可写）")
    assert snapshot(built / "site", skip="") == before


@pytest.mark.skipif(not REAL_READ_ONLY, reason="chmod does not stop root; the simulated case above covers it")
def test_build_in_a_really_read_only_repository(built):
    built.chmod(0o555)
    try:
        result = wutong(built, "build")
    finally:
        built.chmod(0o755)
    assert result.exit_code == 1 and error(result).startswith(f"错误：生成站点 {built}/site 失败：没有写入权限")


LOG = "records/logs/2026/11/2026-11-27-li-na.md"


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to tell our files apart")
def test_disk_full_during_new_leaves_no_file_and_the_next_new_works(repo, monkeypatch):
    before = snapshot(repo)
    with monkeypatch.context() as patch:
        _disk_full_in_our_temp_files(patch)
        result = wutong(repo, "new", "log", "--staff", "li-na", "--date", "2026-11-27")
    assert result.exit_code == 1
    assert error(result) == f"错误：新建 {LOG} 失败：磁盘已满，请腾出磁盘空间后重试；没有留下任何文件"
    assert snapshot(repo) == before and not leftovers(repo)
    again = wutong(repo, "new", "log", "--staff", "li-na", "--date", "2026-11-27")
    assert (again.exit_code, again.stdout) == (0, LOG + "\n")
    assert (repo / LOG).stat().st_size > 0


@pytest.mark.parametrize("day, code, reason", [
    ("2026-11-27", errno.EACCES, "没有写入权限，请检查目录的权限"),  # the month's folder exists
    ("2026-12-01", errno.EROFS, "磁盘是只读的，请检查磁盘是否以只读方式挂载"),  # a new month: a folder to make
    ("2026-12-01", errno.EACCES, "没有写入权限（records/logs/2026/12），请检查目录的权限"),
])
def test_new_in_a_read_only_records_folder_is_one_line_and_leaves_nothing(repo, monkeypatch, day, code, reason):
    before = snapshot(repo)
    _read_only(monkeypatch, repo / "records", code)
    result = wutong(repo, "new", "log", "--staff", "li-na", "--date", day)
    assert result.exit_code == 1
    rel = f"records/logs/{day[:4]}/{day[5:7]}/{day}-li-na.md"
    assert error(result) == f"错误：新建 {rel} 失败：{reason}；没有留下任何文件"
    assert snapshot(repo) == before


@pytest.mark.skipif(not REAL_READ_ONLY, reason="chmod does not stop root; the simulated case above covers it")
def test_new_in_a_really_read_only_records_folder(repo):
    folder = repo / "records/logs/2026/11"
    folder.chmod(0o555)
    try:
        result = wutong(repo, "new", "log", "--staff", "li-na", "--date", "2026-11-27")
    finally:
        folder.chmod(0o755)
    assert error(result) == f"错误：新建 {LOG} 失败：没有写入权限，请检查目录的权限；没有留下任何文件"


def test_new_never_replaces_an_existing_record(repo):
    path = repo / "records/logs/2026/11/2026-11-26-li-na.md"
    before = path.read_bytes()
    result = wutong(repo, "new", "log", "--staff", "li-na", "--date", "2026-11-26")
    assert error(result) == "错误：records/logs/2026/11/2026-11-26-li-na.md 已存在，未做任何改动；请直接编辑该文件"
    assert path.read_bytes() == before and not leftovers(repo)


# -- `new slip` that lost the race for a number ----------------------------------------------------
def test_new_slip_that_loses_the_race_takes_the_next_number(repo, monkeypatch):
    real, theirs = scaffold.next_slip_id, "someone else's slip, written a moment earlier\n"

    def racing(root, staff_id, day, after=0):
        slip_id = real(root, staff_id, day, after)
        path = root / slip.path_for(slip_id, datetime(2026, 11, 26, 14, 5))
        if not racing.done:  # the other clerk saves the same number between our choosing and writing
            path.write_text(theirs, encoding="utf-8")
            racing.done = path
        return slip_id
    racing.done = None
    monkeypatch.setattr(scaffold, "next_slip_id", racing)
    result = wutong(repo, "new", "slip", "--staff", "wang-fang", "--opened", "2026-11-26 14:05")
    assert (result.exit_code, result.stdout) == (0, "records/slips/2026/11/S-20261126-wang-fang-03.md\n")
    assert racing.done.name == "S-20261126-wang-fang-02.md" and racing.done.read_text(encoding="utf-8") == theirs
    assert "id: S-20261126-wang-fang-03" in (repo / result.stdout.strip()).read_text(encoding="utf-8")


def test_concurrent_new_slips_each_get_their_own_number(repo):
    made, errors = [], []

    def clerk():
        for _ in range(5):
            try:
                made.append(scaffold.new_slip(repo, "wang-fang", datetime(2026, 11, 27, 9, 0)))
            except Exception as exc:  # noqa: BLE001 - collected and asserted on below
                errors.append(exc)
    threads = [threading.Thread(target=clerk) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(made) == [f"records/slips/2026/11/S-20261127-wang-fang-{n:02d}.md" for n in range(1, 21)]
    for rel in made:
        assert f"id: {Path(rel).stem}\n" in (repo / rel).read_text(encoding="utf-8")
