"""The commit hook checks what is committed: `validate --staged` and `wutong hook install`, in real repositories.

Every test works in a real Git repository made from tests/fixtures/good and,
where it matters, runs a real `git commit` through the hook that
`wutong hook install` wrote. The installer runs as a separate process with
this checkout on PYTHONPATH, and the commits run without it: the hook must
find the same wutong by itself.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, REPO, wutong
from wutong_docs.validate.git_hooks import part, script
from wutong_docs.validate.staged_files import staged_changes

SLIP = "records/slips/2026/11/S-20261126-wang-fang-01.md"
LOG = "records/logs/2026/11/2026-11-26-li-na.md"
MINUTES = "records/minutes/2026/11/2026-11-23-weekly.md"
ORG = "records/org.yml"
BAD_DEPARTMENT = (f"{SLIP}:9: error WT110 部门 enginering 不在 records/org.yml 中（是不是 engineering？）；"
                  "可选：engineering（工程部）、maintenance（维护队）")
SLIP_GONE = [f"{LOG}:9: error WT112 传递单 S-20261126-wang-fang-01 不存在（records/slips/ 下没有这张单）",
             f"{MINUTES}:10: error WT112 传递单 S-20261126-wang-fang-01 不存在（records/slips/ 下没有这张单）"]
NOTHING_STAGED = "暂存区中没有 records/ 下的改动，不需要校验\n"
GIT_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY", "GIT_PREFIX")


def _environment(**extra: str) -> dict[str, str]:
    """The test process's environment without PYTHONPATH and git's hook variables, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in GIT_VARIABLES and k != "PYTHONPATH"}
    return {**env, **extra}


def run_git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, encoding="utf-8",
                          env=_environment())
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
    return done


def hook_command(repo: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m wutong_docs hook ARGS` in `repo`, with this checkout found through PYTHONPATH."""
    return subprocess.run([sys.executable, "-m", "wutong_docs", "hook", *args], cwd=repo, capture_output=True,
                          text=True, encoding="utf-8", env=_environment(PYTHONPATH=str(REPO)))


def commit(repo: Path, message: str = "change") -> subprocess.CompletedProcess:
    return run_git(repo, "commit", "-q", "-m", message, check=False)


def commits(repo: Path) -> int:
    return int(run_git(repo, "rev-list", "--count", "HEAD").stdout)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """tests/fixtures/good, committed, in a fresh repository; git's user and system settings kept out."""
    for name in GIT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "good", root)
    (root / "README.md").write_text("梧桐墅\n", encoding="utf-8")
    run_git(root, "init", "-q")
    for key, value in (("user.name", "测试"), ("user.email", "test@example.com"), ("commit.gpgsign", "false")):
        run_git(root, "config", key, value)
    run_git(root, "add", "-A")
    run_git(root, "commit", "-q", "-m", "initial")
    return root


@pytest.fixture
def hooked(repo: Path) -> Path:
    done = hook_command(repo, "install")
    assert (done.returncode, done.stdout) == (0, f"已安装提交前钩子 {repo / '.git/hooks/pre-commit'}："
                                                 "每次 git commit 前校验暂存区中的记录\n"), done.stderr
    return repo


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def staged(repo: Path):
    return wutong(repo, "validate", "--staged")


# --- what is checked: the index, not the working tree ---------------------------------

def test_a_bad_staged_version_fixed_only_in_the_working_tree_is_refused(hooked):
    edit(hooked, SLIP, "to: engineering", "to: enginering")
    run_git(hooked, "add", SLIP)
    edit(hooked, SLIP, "to: enginering", "to: engineering")  # fixed on disk, not staged
    result = staged(hooked)
    assert (result.exit_code, result.stdout) == (1, BAD_DEPARTMENT + "\n")
    # one count of files: the one staged, not also the org.yml read beside it (issue 23: "2 个文件" then "3 个文件")
    assert result.stderr == ("已校验暂存区中改动的 1 个文件（引用对照暂存区中的全部记录）：1 个错误，0 个警告\n"
                             "校验的是暂存区（git add 过的内容）：改正后请再 git add，然后提交\n")
    done = commit(hooked)
    assert done.returncode == 1
    assert BAD_DEPARTMENT in done.stderr.splitlines()
    assert commits(hooked) == 1


def test_a_good_staged_version_with_a_broken_working_tree_is_committed(hooked):
    edit(hooked, SLIP, "to: engineering", "to: maintenance")
    run_git(hooked, "add", SLIP)
    (hooked / SLIP).write_text("broken", encoding="utf-8")
    (hooked / MINUTES).write_text("broken too, not staged", encoding="utf-8")
    result = staged(hooked)
    assert (result.exit_code, result.stdout) == (0, "")
    done = commit(hooked)
    assert done.returncode == 0, done.stderr
    assert "to: maintenance" in run_git(hooked, "show", f"HEAD:{SLIP}").stdout


def test_the_hook_counts_the_files_once(hooked):
    """Two records staged: the hook says 2 个文件 once, not also the 3 it read with org.yml (issue 23)."""
    edit(hooked, SLIP, "to: engineering", "to: maintenance")
    (hooked / LOG).write_text((hooked / LOG).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    run_git(hooked, "add", SLIP, LOG)
    done = commit(hooked)
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == "已校验暂存区中改动的 2 个文件（引用对照暂存区中的全部记录）：0 个错误，0 个警告\n"
    assert commits(hooked) == 2


def test_the_whole_check_reads_the_index_when_the_working_tree_differs(hooked):
    """org.yml changed, so everything is checked: the staged bad slip counts, the fixed one on disk does not."""
    edit(hooked, ORG, "  - {id: maintenance, name: 维护队}", "  - {id: maintenance, name: 维护队}\n"
                                                          "  - {id: cleaning, name: 保洁}")
    edit(hooked, SLIP, "to: engineering", "to: enginering")
    run_git(hooked, "add", ORG, SLIP)
    edit(hooked, SLIP, "to: enginering", "to: engineering")
    (hooked / LOG).write_text("broken, not staged", encoding="utf-8")
    (hooked / "records/logs/2026/11/2026-11-27-li-na.md").write_text("untracked", encoding="utf-8")
    result = staged(hooked)
    assert result.stdout == BAD_DEPARTMENT.replace("、maintenance（维护队）", "、maintenance（维护队）、cleaning（保洁）") + "\n"
    assert result.stderr.splitlines()[:2] == ["改动了 records/org.yml，别的记录要按新内容重新核对：已校验暂存区中的全部记录，"
                                              "1 个错误，0 个警告",
                                              "校验的是暂存区（git add 过的内容）：改正后请再 git add，然后提交"]
    assert commit(hooked).returncode == 1
    run_git(hooked, "add", SLIP)  # stage the fix: the broken log and the untracked file stay out of the commit
    assert commit(hooked).returncode == 0
    assert run_git(hooked, "show", f"HEAD:{LOG}").stdout.startswith("---")


def test_commit_all_checks_what_it_would_record(hooked):
    """`git commit -a` and `git commit PATH` stage into a temporary index (GIT_INDEX_FILE): that is what counts."""
    edit(hooked, SLIP, "to: engineering", "to: enginering")
    done = run_git(hooked, "commit", "-q", "-a", "-m", "all", check=False)
    assert done.returncode == 1
    assert BAD_DEPARTMENT in done.stderr.splitlines()
    done = run_git(hooked, "commit", "-q", "-m", "only", "--", SLIP, check=False)
    assert done.returncode == 1
    assert BAD_DEPARTMENT in done.stderr.splitlines()
    assert commits(hooked) == 1


# --- deletions and reference files check the whole staged repository ------------------

def test_git_rm_of_a_slip_that_records_refer_to_is_refused(hooked):
    run_git(hooked, "rm", "-q", SLIP)
    result = staged(hooked)
    assert (result.exit_code, result.stdout) == (1, "".join(line + "\n" for line in SLIP_GONE))
    assert result.stderr.splitlines()[0] == (f"删除或改名了 1 个文件（{SLIP}），别的记录可能还在引用它们："
                                             "已校验暂存区中的全部记录，2 个错误，0 个警告")
    done = commit(hooked)
    assert done.returncode == 1
    assert all(line in done.stderr.splitlines() for line in SLIP_GONE)
    assert commits(hooked) == 1


def test_a_rename_counts_as_a_deletion(hooked):
    renamed = SLIP.replace("-01.md", "-02.md")
    run_git(hooked, "mv", SLIP, renamed)
    result = staged(hooked)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"删除或改名了 1 个文件（{SLIP}），别的记录可能还在引用它们："
                                             "已校验暂存区中的全部记录，1 个错误，0 个警告")
    assert result.stdout.startswith(f"{renamed}:2: error WT007 ")  # its id no longer matches its name
    assert commit(hooked).returncode == 1


def test_removing_a_staff_member_who_appears_in_records_is_refused(hooked):
    edit(hooked, ORG, "  - {id: wang-fang, name: 王芳, role: front_desk}\n", "")
    run_git(hooked, "add", ORG)
    result = staged(hooked)
    gone = "员工 wang-fang 不在 records/org.yml 中"
    assert result.stdout.splitlines() == [f"{MINUTES}:6: error WT109 {gone}", f"{MINUTES}:10: error WT109 {gone}",
                                          *(f"{SLIP}:{n}: error WT109 {gone}" for n in (4, 12, 13, 14, 15))]
    assert result.exit_code == 1
    assert commit(hooked).returncode == 1
    assert commits(hooked) == 1


def test_deleting_a_record_nothing_refers_to_is_committed(hooked):
    run_git(hooked, "rm", "-q", "records/weekly/2026/2026-W48-li-na.md")
    assert commit(hooked).returncode == 0


# --- any file name -------------------------------------------------------------------

@pytest.mark.parametrize("name", ["停水 通知.md", "it's \"quoted\".md", "两行\n名字.md"])
def test_any_file_name_is_validated_under_its_real_path(hooked, name):
    rel = f"records/notices/2026/12/{name}"
    (hooked / rel).parent.mkdir(parents=True)
    (hooked / rel).write_text("没有头信息", encoding="utf-8")
    run_git(hooked, "add", "-A")
    assert staged_changes(hooked).changed == [rel]
    result = staged(hooked)
    assert result.stdout.startswith(f"{rel}:1: error WT002 ")
    assert result.exit_code == 1
    done = commit(hooked)
    assert done.returncode == 1
    assert f"{rel}:1: error WT002 " in done.stderr


def test_a_deleted_file_with_a_chinese_name_and_spaces_counts(hooked):
    rel = "records/notices/2026/12/停水 通知.md"
    (hooked / rel).parent.mkdir(parents=True)
    (hooked / rel).write_text("x", encoding="utf-8")
    run_git(hooked, "add", "-A")
    run_git(hooked, "commit", "-q", "--no-verify", "-m", "a bad notice slipped in")
    run_git(hooked, "rm", "-q", rel)
    assert staged_changes(hooked).deleted == [rel]
    assert commit(hooked).returncode == 0  # the rest of the repository is valid


# --- nothing to check ----------------------------------------------------------------

def test_nothing_staged_under_records_passes_at_once(hooked):
    (hooked / LOG).write_text("broken, not staged", encoding="utf-8")
    (hooked / "README.md").write_text("改了说明\n", encoding="utf-8")
    (hooked / "records/.gitkeep").write_text("", encoding="utf-8")  # hidden files are no records
    run_git(hooked, "add", "README.md", "records/.gitkeep")
    result = staged(hooked)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", NOTHING_STAGED)
    assert commit(hooked).returncode == 0


def test_the_first_commit_is_checked_too(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    root = shutil.copytree(FIXTURES / "good", tmp_path / "new")
    run_git(root, "init", "-q")
    run_git(root, "add", "-A")
    assert staged(root).exit_code == 0
    (root / SLIP).write_text("broken", encoding="utf-8")
    run_git(root, "add", "-A")
    result = staged(root)
    assert result.exit_code == 1
    assert f"\n{SLIP}:1: error WT002 " in result.stdout


# --- errors outside a repository -----------------------------------------------------

def test_outside_a_git_repository_is_one_chinese_line(good_repo, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(good_repo.parent))
    result = staged(good_repo)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"错误：{good_repo} 不在 Git 仓库中：只有 Git 仓库才有暂存区和提交前钩子"
                             "（先 git init 或 git clone）\n")
    result = wutong(good_repo, "hook", "install")
    assert result.exit_code == 1 and "不在 Git 仓库中" in result.stderr


def test_without_git_installed_is_one_chinese_line(repo, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    result = staged(repo)
    assert (result.exit_code, result.stderr) == (1, "错误：找不到 git 命令：请先安装 Git，并确认在命令行中能运行 git\n")


def test_staged_takes_no_paths(repo):
    result = wutong(repo, "validate", "--staged", str(repo / LOG))
    assert (result.exit_code, result.stderr) == (1, "错误：--staged 校验的是暂存区中的全部改动，不能同时指定路径\n")


# --- wutong hook install --------------------------------------------------------------

def test_install_twice_changes_nothing(hooked):
    hook = hooked / ".git/hooks/pre-commit"
    before = hook.read_bytes()
    done = hook_command(hooked, "install")
    assert (done.returncode, done.stdout) == (0, f"提交前钩子已经装好，没有改动：{hook}\n")
    assert hook.read_bytes() == before
    assert os.access(hook, os.X_OK)
    assert sorted(p.name for p in hook.parent.iterdir() if p.name.startswith("pre-commit")) == \
        ["pre-commit", "pre-commit.sample"]


def test_the_hook_runs_this_python_and_this_wutong(hooked):
    text = (hooked / ".git/hooks/pre-commit").read_text(encoding="utf-8")
    assert text.startswith("#!/bin/sh\n# wutong-hook")
    assert f" {sys.executable} -m wutong_docs validate --staged || exit $?\n" in text  # no exec: lines after it run
    assert f"PYTHONPATH={REPO}" in text  # the installer found wutong through PYTHONPATH, so the hook sets it


def test_a_foreign_hook_is_not_overwritten_without_force(repo):
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho mine\n", encoding="utf-8")
    done = hook_command(repo, "install")
    assert done.returncode == 1
    assert done.stderr == (f"错误：已有一个不是 wutong 写入的提交前钩子 {hook}，没有覆盖它。要换成 wutong 的钩子请加 --force"
                           "（原钩子会另存一份）；用 pre-commit 框架的仓库请在 .pre-commit-config.yaml 中加入 wutong-validate\n")
    assert hook.read_text(encoding="utf-8") == "#!/bin/sh\necho mine\n"
    done = hook_command(repo, "uninstall")
    assert (done.returncode, done.stderr) == (1, f"错误：{hook} 不是 wutong 写入的钩子，没有删除它\n")
    done = hook_command(repo, "install", "--force")
    assert done.returncode == 0
    assert done.stderr == f"原有的钩子已另存为 {hook.with_name('pre-commit.bak')}\n"
    assert hook.with_name("pre-commit.bak").read_text(encoding="utf-8") == "#!/bin/sh\necho mine\n"
    assert "wutong-hook" in hook.read_text(encoding="utf-8")


def test_a_hook_for_another_python_is_renewed_and_uninstall_removes_it(hooked):
    """The virtualenv moved: the hook wutong wrote for the old interpreter is renewed in place, no backup needed."""
    hook = hooked / ".git/hooks/pre-commit"
    hook.write_text(script(hooked, "/old/venv/bin/python"), encoding="utf-8")
    done = hook_command(hooked, "install")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"已更新提交前钩子 {hook}\n", "")
    assert f" {sys.executable} -m wutong_docs " in hook.read_text(encoding="utf-8")
    assert backups(hook) == []
    done = hook_command(hooked, "uninstall")
    assert (done.returncode, done.stdout) == (0, f"已删除提交前钩子 {hook}\n")
    assert not hook.exists()


def test_a_hook_whose_python_is_gone_says_so(hooked):
    hook = hooked / ".git/hooks/pre-commit"
    hook.write_text(hook.read_text(encoding="utf-8").replace(sys.executable, "/gone/venv/bin/python"),
                    encoding="utf-8")
    (hooked / "README.md").write_text("改了说明\n", encoding="utf-8")
    run_git(hooked, "add", "README.md")
    done = commit(hooked)
    assert done.returncode == 1
    assert done.stderr == ("wutong 提交前钩子找不到 Python（/gone/venv/bin/python）："
                           "请在仓库中重新运行 wutong hook install\n")


def test_core_hooks_path_is_respected(repo):
    run_git(repo, "config", "core.hooksPath", "githooks")
    done = hook_command(repo, "install")
    assert done.returncode == 0, done.stderr
    assert (repo / "githooks/pre-commit").is_file()
    assert not (repo / ".git/hooks/pre-commit").exists()
    run_git(repo, "rm", "-q", SLIP)
    assert commit(repo).returncode == 1


def test_records_in_a_subfolder_of_the_repository(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    top = tmp_path / "top"
    shutil.copytree(FIXTURES / "good", top / "客服部 记录")
    root = top / "客服部 记录"
    run_git(top, "init", "-q")
    for key, value in (("user.name", "测试"), ("user.email", "test@example.com")):
        run_git(top, "config", key, value)
    run_git(top, "add", "-A")
    run_git(top, "commit", "-q", "-m", "initial")
    assert hook_command(root, "install").returncode == 0
    assert "--root '客服部 记录' validate --staged" in (top / ".git/hooks/pre-commit").read_text(encoding="utf-8")
    run_git(root, "rm", "-q", SLIP)
    result = staged(root)
    assert result.stdout.splitlines() == SLIP_GONE
    edit(root, LOG, "slips: [S-20261126-wang-fang-01]", "slips: []")
    done = commit(top)  # the log is fixed on disk only: its staged version still counts
    assert done.returncode == 1
    assert all(line in done.stderr.splitlines() for line in SLIP_GONE)


# --- the pre-commit framework ---------------------------------------------------------

def test_the_pre_commit_framework_hook_checks_the_index_on_every_commit(hooked):
    """Not run through the framework (not installed here): its settings are checked, and its command run."""
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "wutong-validate"
    assert hook["entry"] == "wutong validate --staged"
    assert hook["pass_filenames"] is False   # deletions are not file names; git is asked instead
    assert hook["always_run"] is True        # else a commit that only deletes a slip would skip the hook
    assert "files" not in hook
    run_git(hooked, "rm", "-q", SLIP)
    args = hook["entry"].split()[1:]
    done = subprocess.run([sys.executable, "-m", "wutong_docs", *args], cwd=hooked, capture_output=True, text=True,
                          encoding="utf-8", env=_environment(PYTHONPATH=str(REPO)))
    assert (done.returncode, done.stdout.splitlines()) == (1, SLIP_GONE)


# --- the user's own lines in the hook ---------------------------------------------------

MINE_BEFORE = 'echo "我的检查：提交前先跑" >&2\n'
MINE_AFTER = 'echo "校验通过" >> .git/mine-after.txt\n'


def backups(hook: Path) -> list[str]:
    return sorted(p.name for p in hook.parent.iterdir() if p.name.startswith("pre-commit.bak"))


def with_my_lines(hook: Path, wutong_part: str) -> str:
    """The hook as a user leaves it: a line of their own after #!/bin/sh and one at the end, around wutong's part."""
    text = f"#!/bin/sh\n{MINE_BEFORE}{wutong_part}{MINE_AFTER}"
    hook.write_text(text, encoding="utf-8")
    return text


def test_reinstalling_keeps_the_users_own_lines_and_the_hook_still_works(hooked):
    hook = hooked / ".git/hooks/pre-commit"
    text = with_my_lines(hook, hook.read_text(encoding="utf-8").removeprefix("#!/bin/sh\n"))
    done = hook_command(hooked, "install")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"提交前钩子已经装好，没有改动：{hook}\n", "")
    assert hook.read_text(encoding="utf-8") == text
    with_my_lines(hook, part(hooked, "/old/venv/bin/python"))  # an older part, e.g. the virtualenv moved
    done = hook_command(hooked, "install")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"已更新提交前钩子 {hook}：你自己加的 2 行原样保留\n", "")
    renewed = hook.read_text(encoding="utf-8")
    assert renewed == text  # the user's lines where they were, wutong's part as this wutong writes it
    assert backups(hook) == [] and os.access(hook, os.X_OK)
    edit(hooked, SLIP, "to: engineering", "to: enginering")
    run_git(hooked, "add", SLIP)
    done = commit(hooked)
    assert done.returncode == 1  # the hook still checks
    assert done.stderr.splitlines()[0] == "我的检查：提交前先跑"
    assert BAD_DEPARTMENT in done.stderr.splitlines()
    assert not (hooked / ".git/mine-after.txt").exists()  # a refused check stops the hook before the user's last line
    edit(hooked, SLIP, "to: enginering", "to: maintenance")
    run_git(hooked, "add", SLIP)
    assert commit(hooked).returncode == 0
    assert (hooked / ".git/mine-after.txt").read_text(encoding="utf-8") == "校验通过\n"


def test_an_edited_wutong_part_is_renewed_and_the_hook_as_it_was_kept(hooked):
    hook = hooked / ".git/hooks/pre-commit"
    edited = hook.read_text(encoding="utf-8").replace("exit 1\n", "exit 3\n")
    hook.write_text(edited, encoding="utf-8")
    done = hook_command(hooked, "install")
    bak = hook.with_name("pre-commit.bak")
    assert (done.returncode, done.stdout) == (0, f"已更新提交前钩子 {hook}\n")
    assert done.stderr == ("钩子中 wutong 管理的那一段（从 # wutong-hook: 到 # wutong-hook-end）被改动过，"
                           f"已换成新的；改动前的钩子另存为 {bak}\n")
    assert bak.read_text(encoding="utf-8") == edited
    assert "exit 3" not in hook.read_text(encoding="utf-8")
    hook.write_text(edited, encoding="utf-8")
    done = hook_command(hooked, "uninstall")
    assert (done.returncode, done.stdout) == (0, f"已删除提交前钩子 {hook}\n")
    assert done.stderr == ("钩子中 wutong 管理的那一段（从 # wutong-hook: 到 # wutong-hook-end）被改动过，"
                           f"已删去；改动前的钩子另存为 {hook.with_name('pre-commit.bak2')}\n")
    assert backups(hook) == ["pre-commit.bak", "pre-commit.bak2"]


def test_a_hook_an_older_wutong_wrote_keeps_its_extra_lines_and_a_backup(repo):
    """Older wutongs wrote no end line and ended with `exec`; a line a user added after it is carried over."""
    hook = repo / ".git/hooks/pre-commit"
    python = shlex.quote(sys.executable)
    old = ("#!/bin/sh\n# wutong-hook: 由 wutong hook install 写入；提交前校验暂存区中的记录（wutong validate --staged）。\n"
           "# 卸载：wutong hook uninstall\n"
           f"if [ ! -x {python} ]; then\n"
           f"  printf '%s%s%s\\n' 'wutong 提交前钩子找不到 Python（' {python} '）：请在仓库中重新运行 wutong hook install' >&2\n"
           "  exit 1\nfi\n"
           f"PYTHONPATH={REPO}\"${{PYTHONPATH:+:$PYTHONPATH}}\"\nexport PYTHONPATH\n"
           f"exec {python} -m wutong_docs validate --staged\n")
    hook.write_text(old + MINE_AFTER, encoding="utf-8")
    done = hook_command(repo, "install")
    bak = hook.with_name("pre-commit.bak")
    assert (done.returncode, done.stdout) == (0, f"已更新提交前钩子 {hook}：你自己加的 1 行原样保留\n")
    assert done.stderr == ("这个钩子是旧版 wutong 写的，已换成新的写法（以后 wutong 那一段前后可以加自己的命令）；"
                           f"原钩子另存为 {bak}\n")
    assert bak.read_text(encoding="utf-8") == old + MINE_AFTER
    text = hook.read_text(encoding="utf-8")
    assert text.endswith(MINE_AFTER) and "exec " not in text and "# wutong-hook-end " in text
    run_git(repo, "rm", "-q", SLIP)
    assert commit(repo).returncode == 1  # the renewed hook checks
    assert not (repo / ".git/mine-after.txt").exists()
    run_git(repo, "reset", "-q", "--hard")
    (repo / "README.md").write_text("改了说明\n", encoding="utf-8")
    run_git(repo, "add", "README.md")
    assert commit(repo).returncode == 0
    assert (repo / ".git/mine-after.txt").is_file()  # the line that never ran after `exec` now runs


def test_marker_lines_that_do_not_pair_are_refused_unless_forced(hooked):
    hook = hooked / ".git/hooks/pre-commit"
    broken = "".join(line for line in hook.read_text(encoding="utf-8").splitlines(keepends=True)
                     if not line.startswith("# wutong-hook-end"))
    broken = broken.replace("#!/bin/sh\n", "#!/bin/sh\n" + MINE_BEFORE)  # the begin line is no longer line 2
    hook.write_text(broken, encoding="utf-8")
    done = hook_command(hooked, "install")
    assert done.returncode == 1
    assert done.stderr == (f"错误：提交前钩子 {hook} 中 wutong 的标记行不成对（应有一行“# wutong-hook:”在前、"
                           "一行“# wutong-hook-end”在后），没有改动它：请打开这个文件把两行补齐，"
                           "或加 --force 重新写入（原钩子会另存一份）\n")
    done = hook_command(hooked, "uninstall")
    assert done.returncode == 1
    assert done.stderr == (f"错误：提交前钩子 {hook} 中 wutong 的标记行不成对（应有一行“# wutong-hook:”在前、"
                           "一行“# wutong-hook-end”在后），没有删除它：请打开这个文件手工删去 wutong 的那一段\n")
    assert hook.read_text(encoding="utf-8") == broken
    done = hook_command(hooked, "install", "--force")
    assert (done.returncode, done.stderr) == (0, f"原有的钩子已另存为 {hook.with_name('pre-commit.bak')}\n")
    assert hook.with_name("pre-commit.bak").read_text(encoding="utf-8") == broken
    assert hook.read_text(encoding="utf-8").count("# wutong-hook-end ") == 1


def test_uninstall_keeps_the_users_own_lines(hooked):
    hook = hooked / ".git/hooks/pre-commit"
    with_my_lines(hook, hook.read_text(encoding="utf-8").removeprefix("#!/bin/sh\n"))
    done = hook_command(hooked, "uninstall")
    assert (done.returncode, done.stdout, done.stderr) == (
        0, f"已从提交前钩子 {hook} 中删去 wutong 的部分，你自己加的 2 行保留\n", "")
    assert hook.read_text(encoding="utf-8") == f"#!/bin/sh\n{MINE_BEFORE}{MINE_AFTER}"
    assert os.access(hook, os.X_OK) and backups(hook) == []
    run_git(hooked, "rm", "-q", SLIP)
    done = commit(hooked)  # no check any more; the user's lines still run
    assert done.returncode == 0
    assert done.stderr.splitlines()[0] == "我的检查：提交前先跑"
    assert (hooked / ".git/mine-after.txt").is_file()
