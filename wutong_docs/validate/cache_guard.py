"""Whether a repository's own caches (`.wutong-cache/`) may be used: not when Git tracks any file in them.

Why: a cache says what a record parsed to, what a page looks like, what a month's PDF
holds, and is believed. Ours are written by wutong on this machine and ignored by Git
(`.wutong-cache/.gitignore`), but `git add -f .wutong-cache` commits them anyway, and then
every clone, the server's CI and anyone who pulls reads files that whoever made the commit
wrote: forged ones can hide a record's errors or put their own HTML on the site. So when
the repository is a Git repository and any file under `.wutong-cache/` is tracked, no cache
of it is read or written in this run (the validation packs, the site cache, the 月报 PDFs),
exactly as with `--no-cache`: results are the same, only slower. Not writing keeps the
tracked files as they were, so `git status` shows nothing new, and the warning (`WARNING`,
once per run, on standard error) says what to do: `git rm -r --cached .wutong-cache`.

When there is a Git repository but git cannot answer (not installed, or it refuses the
folder), the caches are not used either, with a notice (`NOTICE`): a cache that may have
come with a commit is never trusted on a guess. Without a Git repository (a plain folder)
the caches are used as always.

Cost: one `git ls-files -- .wutong-cache` per run, only where `.git` exists: about 10 ms
with 50,000 tracked files (git reads its whole 5.5 MB index), under 1 % of a warm validation.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

FOLDER = ".wutong-cache"
WARNING = ("警告：Git 跟踪着 .wutong-cache/ 里的 {count} 个文件（如 {example}），大概是用 git add -f 提交的。"
           "缓存只属于本机、不应提交：提交进来的缓存可能被人改过，所以这次不读也不写缓存（结果不变，只是慢一些）。"
           "请在 .wutong-cache/ 所在的文件夹运行 git rm -r --cached .wutong-cache 并提交。")
NOTICE = ("提示：无法确认 .wutong-cache/ 里有没有被 Git 跟踪的文件（{detail}），这次不读也不写缓存"
          "（结果不变，只是慢一些）。")

_answers: dict[str, bool] = {}   # root -> whether its caches may be used, in this run
_said: set[str] = set()           # what this run has said already


def forget() -> None:
    """Start a new run: ask again, and warn again (the CLI calls it on every run, `validate_cache.switch`)."""
    _answers.clear()
    _said.clear()


def usable(root: Path) -> bool:
    """Whether the caches under `root/.wutong-cache/` may be read and written in this run; warns once when not."""
    key = os.path.realpath(root)
    answer = _answers.get(key)
    if answer is None:
        message = _why_not(Path(key))
        answer = _answers[key] = message is None
        if message is not None and message not in _said:
            _said.add(message)
            click.echo(message, err=True)
    return answer


def _why_not(root: Path) -> str | None:
    """The warning that the caches of `root` may not be used, or None when they may."""
    if not _in_git(root):
        return None
    from ..core.gitrepo import GitError, git, paths

    try:
        tracked = paths(git(root, "ls-files", "-z", "--", FOLDER))
    except GitError as exc:
        return NOTICE.format(detail=str(exc).rstrip("。"))
    if not tracked:
        return None
    example = next((rel for rel in tracked if not rel.endswith("/.gitignore")), tracked[0])
    return WARNING.format(count=len(tracked), example=example)


def _in_git(root: Path) -> bool:
    """Whether `root` is in a Git work tree: a `.git` (folder or file) there or above, or git's own variables set."""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return True
    return any(os.path.lexists(folder / ".git") for folder in (root, *root.parents))
