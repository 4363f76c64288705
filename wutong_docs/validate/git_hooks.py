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

wutong owns only the lines from `# wutong-hook:` to `# wutong-hook-end`; a user's
own commands before or after them are kept as they are when wutong installs again
or uninstalls. The end line carries a checksum of the part, so an edit inside it
is noticed and the hook as it was is kept in a `.bak` before the part is renewed.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath

from ..core.errors import WutongError
from ..core.gitrepo import git

MARKER = "# wutong-hook:"      # the first line of wutong's part (and the second line of every hook older wutongs wrote)
END = "# wutong-hook-end"      # the last line of wutong's part, with the part's checksum
SHEBANG = "#!/bin/sh\n"
# the last line of the hook older wutongs wrote (no end line then): `exec PYTHON -m wutong_docs … validate --staged`
_OLD_LAST = re.compile(r"exec .* -m wutong_docs( --root .*)? validate --staged\s*")


class HookError(WutongError):
    """The hook cannot be installed or removed; the message says why and what to do, in Chinese."""


@dataclass(frozen=True)
class Done:
    """What `wutong hook install` or `uninstall` did, so the command can say it in a line or two."""
    path: Path
    status: str               # "installed", "updated" (wutong's part renewed), "unchanged", "removed"
    backup: Path | None = None  # where the hook as it was went, when wutong could not keep it whole
    why: str = ""             # why the backup: "foreign", "edited", "old", "broken" (see `split`)
    kept: int = 0             # the user's own lines kept around wutong's part


@dataclass(frozen=True)
class Split:
    """A hook wutong wrote, cut around wutong's part: the user's lines before and after it, as they are."""
    before: list[str]
    after: list[str]
    edited: bool = False      # wutong's part differs from what its checksum says wutong wrote
    old: bool = False         # written by an older wutong: no end line, its last line an `exec`

    def user_lines(self) -> int:
        """The user's own non-blank lines (the `#!/bin/sh` line does not count)."""
        before = self.before[1:] if self.before and self.before[0].startswith("#!") else self.before
        return sum(1 for line in [*before, *self.after] if line.strip())


class Broken(Exception):
    """wutong's marker lines are there but do not pair up: the hook cannot be cut safely."""


def hook_path(root: Path) -> Path:
    """Where git runs the pre-commit hook from, for the repository that holds `root`."""
    hooks = os.fsdecode(git(root, "rev-parse", "--git-path", "hooks").rstrip(b"\n"))
    return (root / hooks).resolve() / "pre-commit"  # relative answers are relative to `root`


def part(root: Path, python: str | None = None) -> str:
    """wutong's part of the hook: run `python -m wutong_docs validate --staged` from the top of the work tree.

    It returns only when the check passed (no `exec`), so a user's own lines after it run too.
    """
    python = python or sys.executable
    if not python:
        raise HookError("找不到当前 Python 解释器的路径，无法写入钩子：请用 python -m wutong_docs hook install 安装")
    top = Path(os.fsdecode(git(root, "rev-parse", "--show-toplevel").rstrip(b"\n"))).resolve()
    where = os.path.relpath(root.resolve(), top)
    interpreter = shlex.quote(PurePath(python).as_posix())
    command = f"{interpreter} -m wutong_docs"
    found_via = _pythonpath_entry()
    if found_via:  # found through PYTHONPATH (a source checkout): set it for this command only, not the user's lines
        command = f"PYTHONPATH={shlex.quote(found_via)}\"${{PYTHONPATH:+{os.pathsep}$PYTHONPATH}}\" {command}"
    if where != ".":  # git starts hooks at the top of the work tree; records/ lies below it
        command += f" --root {shlex.quote(PurePath(where).as_posix())}"
    body = (f"{MARKER} 由 wutong hook install 写入；提交前校验暂存区中的记录（wutong validate --staged）。\n"
            f"# 从上一行到 wutong-hook-end 一行由 wutong 管理，重新安装时整段换新，请不要改动；\n"
            f"# 自己的命令写在这一段之前或之后，重新安装、卸载都会原样保留。卸载：wutong hook uninstall\n"
            f"if [ ! -x {interpreter} ]; then\n"
            f"  printf '%s%s%s\\n' 'wutong 提交前钩子找不到 Python（' {interpreter} "
            f"'）：请在仓库中重新运行 wutong hook install' >&2\n"
            f"  exit 1\n"
            f"fi\n"
            f"{command} validate --staged || exit $?\n")
    return body + f"{END} {_checksum(body)}\n"


def script(root: Path, python: str | None = None) -> str:
    """A whole new hook: `#!/bin/sh` and wutong's part."""
    return SHEBANG + part(root, python)


def _checksum(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]


def _pythonpath_entry() -> str | None:
    """The PYTHONPATH entry this wutong_docs package was imported from, if any."""
    package_parent = Path(__file__).resolve().parent.parent.parent
    for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep):
        if entry and Path(entry).resolve() == package_parent:
            return PurePath(package_parent).as_posix()
    return None


def split(text: str) -> Split | None:
    """Cut a hook around wutong's part; None for a hook wutong did not write; Broken when the markers don't pair."""
    lines = text.splitlines(keepends=True)
    begins = [i for i, line in enumerate(lines) if line.startswith(MARKER)]
    ends = [i for i, line in enumerate(lines) if line.startswith(END)]
    if not begins and not ends:
        return None
    if len(begins) == 1 and len(ends) == 1 and begins[0] < ends[0]:
        begin, end = begins[0], ends[0]
        body = "".join(lines[begin:end])
        edited = lines[end].split()[-1:] != [_checksum(body)]
        return Split(lines[:begin], lines[end + 1:], edited=edited)
    if begins == [1] and not ends:  # an older wutong's hook: its part runs from line 2 to the `exec` line
        last = next((i for i in range(2, len(lines)) if _OLD_LAST.fullmatch(lines[i])), None)
        if last is not None:
            return Split(lines[:1], lines[last + 1:], old=True)
    raise Broken


def install(root: Path, force: bool = False) -> Done:
    """Write the hook, keeping a user's lines around wutong's part; the same hook again changes nothing.

    A hook wutong did not write, or one whose marker lines don't pair, is kept unless `force`,
    and then moved to a `.bak`. A hook whose wutong part was edited, or that an older wutong
    wrote, is copied to a `.bak` before its part is renewed.
    """
    path = hook_path(root)
    new_part = part(root)
    old = _read(path)
    if old is None:
        _write(path, SHEBANG + new_part)
        return Done(path, "installed")
    try:
        cut = split(old)
    except Broken:
        cut, why = None, "broken"
    else:
        why = "foreign"
    if cut is None:
        if not force:
            raise HookError(_refusal(path, why))
        backup = _backup(path)
        _write(path, SHEBANG + new_part)
        return Done(path, "installed", backup, why)
    text = "".join([*(cut.before or [SHEBANG]), new_part, *cut.after])
    if text == old:
        return Done(path, "unchanged", kept=cut.user_lines())
    backup = _backup(path) if cut.edited or cut.old else None
    _write(path, text)
    why = "edited" if cut.edited else "old" if cut.old else ""
    return Done(path, "updated", backup, why, cut.user_lines())


def _refusal(path: Path, why: str) -> str:
    if why == "broken":
        return (f"提交前钩子 {path} 中 wutong 的标记行不成对（应有一行“{MARKER}”在前、一行“{END}”在后），"
                "没有改动它：请打开这个文件把两行补齐，或加 --force 重新写入（原钩子会另存一份）")
    return (f"已有一个不是 wutong 写入的提交前钩子 {path}，没有覆盖它。"
            "要换成 wutong 的钩子请加 --force（原钩子会另存一份）；"
            "用 pre-commit 框架的仓库请在 .pre-commit-config.yaml 中加入 wutong-validate")


def uninstall(root: Path) -> Done:
    """Remove wutong's part of the hook; the user's own lines stay (the file goes when nothing else is left).

    A hook wutong did not write is left alone; an edited part is copied to a `.bak` first.
    """
    path = hook_path(root)
    old = _read(path)
    if old is None:
        raise HookError(f"没有安装提交前钩子（{path} 不存在）")
    try:
        cut = split(old)
    except Broken:
        raise HookError(f"提交前钩子 {path} 中 wutong 的标记行不成对（应有一行“{MARKER}”在前、一行“{END}”在后），"
                        "没有删除它：请打开这个文件手工删去 wutong 的那一段") from None
    if cut is None:
        raise HookError(f"{path} 不是 wutong 写入的钩子，没有删除它")
    backup = _backup(path) if cut.edited else None
    kept = cut.user_lines()
    if kept:
        _write(path, "".join([*cut.before, *cut.after]))
    else:
        path.unlink()
    return Done(path, "removed", backup, "edited" if cut.edited else "", kept)


def _read(path: Path) -> str | None:
    """The hook's text; bytes that are not UTF-8 come back unchanged when written (surrogateescape)."""
    try:
        return path.read_bytes().decode("utf-8", errors="surrogateescape")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise HookError(f"读不了 {path}：{exc.strerror}") from None


def _backup(path: Path) -> Path:
    """Copy the hook as it is, bytes and mode, to the first free name pre-commit.bak, pre-commit.bak2, …"""
    candidate, n = path.with_name("pre-commit.bak"), 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"pre-commit.bak{n}")
    try:
        shutil.copy2(path, candidate)
    except OSError as exc:
        raise HookError(f"没能把原钩子另存为 {candidate}（{exc.strerror}），没有改动钩子：请检查该目录的写权限") from None
    return candidate


def _write(path: Path, text: str) -> None:
    """Write the whole hook under a temporary name, then move it into place: never a half-written hook."""
    temporary = path.with_name(path.name + ".wutong-tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(text.encode("utf-8", errors="surrogateescape"))
        temporary.chmod(0o755)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise HookError(f"写不了钩子 {path}：{exc.strerror}；请检查该目录的写权限") from None
