"""Running `git` for the commit hook: one place that turns git's failures into Chinese errors.

The staged check (`validate/staged_files.py`) and the hook installer (`validate/git_hooks.py`) both ask
git about the repository. Staff may run them outside a repository or on a
machine without Git, so those cases become one-line Chinese messages
(`GitError`), never a traceback.

Inside a hook, git exports GIT_DIR, GIT_INDEX_FILE and friends, sometimes as
paths relative to the folder the hook started in; they are made absolute
here so that git can be run from the records root, wherever that is.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .errors import WutongError

_PATH_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY")


class GitError(WutongError):
    """git is missing, the folder is not in a repository, or git refused: the message is for the user."""


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    for name in _PATH_VARIABLES:
        if env.get(name) and not os.path.isabs(env[name]):
            env[name] = os.path.abspath(env[name])
    return env


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run `git ARGS` in `root` and return its standard output as bytes (file names are bytes to git)."""
    try:
        done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, env=_environment())
    except FileNotFoundError:
        raise GitError("找不到 git 命令：请先安装 Git，并确认在命令行中能运行 git") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[0] if message else f"退出码 {done.returncode}"
        if "not a git repository" in detail:
            raise GitError(f"{root} 不在 Git 仓库中：只有 Git 仓库才有暂存区和提交前钩子（先 git init 或 git clone）")
        raise GitError(f"git {args[0]} 失败：{detail}")
    return done.stdout


def paths(output: bytes) -> list[str]:
    """File names from git's `-z` output (NUL-separated, so spaces, quotes and newlines survive)."""
    return [name for name in os.fsdecode(output).split("\0") if name]


def show_prefix(root: Path) -> str:
    """Where `root` lies inside the work tree ('' at the top, 'sub/' below it); fails outside a repository."""
    return os.fsdecode(git(root, "rev-parse", "--show-prefix").rstrip(b"\n"))
