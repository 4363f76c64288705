"""`wutong hook install`: a plain Git pre-commit hook that runs `wutong validate --staged`.

Why a command and not a line to copy: the hook must land where git looks for
it (`core.hooksPath`, worktrees: `git rev-parse --git-path hooks` knows),
must run the same wutong that installed it (a staff member's shell may have
no `wutong` on its PATH when a GUI client commits), and must never replace
someone else's hook silently.

The hook runs this Python interpreter (`sys.executable`, absolute) with
`-m wutong_docs`: the interpreter path exists however wutong was started
(console script or `python -m`), and with it the hook imports the same
package the installer ran from; when that package was found through
PYTHONPATH (a source checkout), the hook sets the same entry. If the interpreter is gone
(the virtualenv was deleted), the hook says so and asks to install again.
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath

from .errors import WutongError
from .gitrepo import git

MARKER = "# wutong-hook"  # the second line of every hook we write; how we know a hook is ours


class HookError(WutongError):
    """The hook cannot be installed or removed; the message says why and what to do, in Chinese."""


@dataclass(frozen=True)
class Installed:
    """What `wutong hook install` did, so the command can say it in one line."""
    path: Path
    status: str               # "installed", "updated" (an older wutong hook replaced), "unchanged"
    backup: Path | None = None  # where a foreign hook went with --force


def hook_path(root: Path) -> Path:
    """Where git runs the pre-commit hook from, for the repository that holds `root`."""
    hooks = os.fsdecode(git(root, "rev-parse", "--git-path", "hooks").rstrip(b"\n"))
    return (root / hooks).resolve() / "pre-commit"  # relative answers are relative to `root`


def script(root: Path, python: str | None = None) -> str:
    """The hook's text: run `python -m wutong_docs validate --staged` from the top of the work tree."""
    python = python or sys.executable
    if not python:
        raise HookError("找不到当前 Python 解释器的路径，无法写入钩子：请用 python -m wutong_docs hook install 安装")
    top = Path(os.fsdecode(git(root, "rev-parse", "--show-toplevel").rstrip(b"\n"))).resolve()
    where = os.path.relpath(root.resolve(), top)
    interpreter = shlex.quote(PurePath(python).as_posix())
    command = f"exec {interpreter} -m wutong_docs"
    found_via = _pythonpath_entry()
    if found_via:  # wutong was found through PYTHONPATH (a source checkout): the hook must find it there too
        command = (f"PYTHONPATH={shlex.quote(found_via)}\"${{PYTHONPATH:+{os.pathsep}$PYTHONPATH}}\"\n"
                   f"export PYTHONPATH\n{command}")
    if where != ".":  # git starts hooks at the top of the work tree; records/ lies below it
        command += f" --root {shlex.quote(PurePath(where).as_posix())}"
    return (f"#!/bin/sh\n{MARKER}: 由 wutong hook install 写入；提交前校验暂存区中的记录（wutong validate --staged）。\n"
            f"# 卸载：wutong hook uninstall\n"
            f"if [ ! -x {interpreter} ]; then\n"
            f"  printf '%s%s%s\\n' 'wutong 提交前钩子找不到 Python（' {interpreter} "
            f"'）：请在仓库中重新运行 wutong hook install' >&2\n"
            f"  exit 1\n"
            f"fi\n"
            f"{command} validate --staged\n")


def _pythonpath_entry() -> str | None:
    """The PYTHONPATH entry this wutong_docs package was imported from, if any."""
    package_parent = Path(__file__).resolve().parent.parent
    for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep):
        if entry and Path(entry).resolve() == package_parent:
            return PurePath(package_parent).as_posix()
    return None


def _ours(text: str) -> bool:
    lines = text.splitlines()
    return len(lines) > 1 and lines[1].startswith(MARKER)


def install(root: Path, force: bool = False) -> Installed:
    """Write the hook; the same hook again changes nothing; a foreign hook is kept unless `force`."""
    path = hook_path(root)
    text = script(root)
    old = _read(path)
    status, backup = "installed", None
    if old == text:
        return Installed(path, "unchanged")
    if old is not None and _ours(old):
        status = "updated"
    elif old is not None:
        if not force:
            raise HookError(f"已有一个不是 wutong 写入的提交前钩子 {path}，没有覆盖它。"
                            "要换成 wutong 的钩子请加 --force（原钩子会另存一份）；"
                            "用 pre-commit 框架的仓库请在 .pre-commit-config.yaml 中加入 wutong-validate")
        backup = _free_name(path.with_name("pre-commit.bak"))
        os.replace(path, backup)
    _write(path, text)
    return Installed(path, status, backup)


def uninstall(root: Path) -> Path:
    """Remove the hook if wutong wrote it; a foreign hook is left alone."""
    path = hook_path(root)
    old = _read(path)
    if old is None:
        raise HookError(f"没有安装提交前钩子（{path} 不存在）")
    if not _ours(old):
        raise HookError(f"{path} 不是 wutong 写入的钩子，没有删除它")
    path.unlink()
    return path


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise HookError(f"读不了 {path}：{exc.strerror}") from None


def _free_name(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}{n}")
    return candidate


def _write(path: Path, text: str) -> None:
    """Write the whole hook under a temporary name, then move it into place: never a half-written hook."""
    temporary = path.with_name(path.name + ".wutong-tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(text.encode("utf-8"))
        temporary.chmod(0o755)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise HookError(f"写不了钩子 {path}：{exc.strerror}；请检查该目录的写权限") from None
