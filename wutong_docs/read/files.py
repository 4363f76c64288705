"""Reading a regular file safely: its bytes or text, or the one problem that kept it from being read.

Why a module of its own: every file the tool reads (records, org.yml, the duty book,
the calendar, arrears lists) comes through here, so here alone is where the tool
refuses what it must not follow or wait on -- a symbolic link, a named pipe, a
device, a file over `MAX_FILE_BYTES` -- and where text that staff saved on Windows
(a byte-order mark, CRLF line endings, a GBK encoding) is accepted or named. What
the text says is not its business: front_matter.py and yaml_lines.py read that.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from .limits import MAX_FILE_BYTES


@rule(P.NOT_UTF8, P.NOT_A_FILE, P.SYMLINK, P.UNREADABLE, P.FILE_TOO_LARGE, scope=READ)
def read_text(path: Path | str, rel: str) -> tuple[str | None, list[Problem]]:
    """The file's text with BOM and CRLF removed, or the problem that kept it from being read.

    Every file the tool reads comes through here, so here is where it refuses
    what it must not follow or wait on: the entry is looked at (lstat) before
    anything is opened, so a symlink is refused wherever it points (a record
    must be a real file in the repository, not a door out of it), a named pipe
    is skipped instead of waited on forever, and a file larger than
    `MAX_FILE_BYTES` is refused without being read whole.

    WT001 文件不是 UTF-8 编码
    处理：用编辑器把文件另存为 UTF-8（Windows 记事本常存成 GBK/ANSI）

    WT008 records/ 下有不是普通文件的东西（命名管道、套接字、设备等），已跳过
    处理：删去它；记录只能是普通文件

    WT009 记录或文件夹是符号链接（快捷方式），不予读取
    处理：删去链接，把真正的文件复制或移动到这个位置，再提交

    WT010 文件或文件夹无法读取（没有权限或读取出错）
    处理：检查文件权限（例如 chmod u+r），或找管理员恢复该文件

    WT011 文件太大
    处理：记录文件不超过 1 MB；大的附件不要写进记录，另行存放并在正文中注明
    """
    raw, found = read_bytes(path, rel)
    if raw is None:
        return None, found
    return decode_text(raw, rel)


def decode_text(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """A file's bytes as text (BOM and CRLF removed), or the problem saying they are not UTF-8.

    Apart from `read_text` so that the loader can look the bytes up in the validation cache
    (`validate/cache.py`) before decoding and parsing them.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        guess = ""
        try:
            raw.decode("gb18030")
            guess = "，看起来是 GBK/GB18030 编码（Windows 记事本的“ANSI”）"
        except UnicodeDecodeError:
            pass
        return None, [problem(P.NOT_UTF8, rel, line,
                              f"文件不是 UTF-8 编码{guess}：第 {exc.start + 1} 个字节无法按 UTF-8 读取；"
                              "请用编辑器“另存为 UTF-8”后再提交")]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def entry_problem(path: Path | str, rel: str) -> Problem | None:
    """Why this entry is not a readable regular file (a link, a pipe, a folder …), or None; nothing is opened."""
    try:
        return _kind_problem(os.lstat(path), path, rel)
    except OSError as exc:
        return _unreadable(exc, path, rel)


def _kind_problem(info: os.stat_result, path, rel: str) -> Problem | None:
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISLNK(info.st_mode):
        return _symlink(path, rel)
    if stat.S_ISDIR(info.st_mode):  # a folder the walk could not enter (loader.discover lists it)
        with os.scandir(path):      # raises, naming why, when it cannot be read
            pass
        return problem(P.NOT_A_FILE, rel, 1, f"{rel} 是文件夹，不是记录文件，已跳过")
    return _not_a_file(info.st_mode, rel)


def read_bytes(path: Path | str, rel: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or the problem that kept them from being read (see `read_text`)."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return None, [_kind_problem(info, path, rel)]
        if info.st_size > MAX_FILE_BYTES:
            return None, [_too_large(info.st_size, rel)]
        # O_NOFOLLOW and O_NONBLOCK: should the entry be swapped for a link or a pipe after the
        # lstat, opening fails or returns at once instead of following it or waiting
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
        try:
            opened = os.fstat(fd)
            if not stat.S_ISREG(opened.st_mode):
                return None, [_not_a_file(opened.st_mode, rel)]
            raw = _read_fd(fd, opened.st_size)
        finally:
            os.close(fd)
    except OSError as exc:
        if os.path.islink(path):  # O_NOFOLLOW met a link that appeared after the lstat
            return None, [_symlink(path, rel)]
        return None, [_unreadable(exc, path, rel)]
    if len(raw) > MAX_FILE_BYTES:
        return None, [_too_large(len(raw), rel)]
    return raw, []


_FIRST_READ = 1 << 14   # read_plain's first read: most records are a few hundred bytes
_PLAIN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))


def read_plain(path: str, dir_fd: int | None = None) -> bytes | None:
    """The bytes of a regular file within the size bound, read at once; None for anything else.

    The validation cache's way (`validate/cache.py`, `Cache.unchanged`) for files the folder scan
    already saw as regular files (so no lstat first): open, one read of up to 16 KB (nearly
    every record is smaller), close. Only an empty or a longer read asks fstat what was
    opened (a pipe swapped in reads empty); the opening itself refuses a link (O_NOFOLLOW)
    and never waits (O_NONBLOCK). Anything unusual gives None, and the caller takes
    `read_bytes`'s way, which says what is wrong. With `dir_fd` (an open folder) `path` is a
    name in it, so the path is not walked again for each file.
    """
    try:
        fd = os.open(path, _PLAIN_FLAGS, dir_fd=dir_fd)
    except OSError:
        return None
    try:
        raw = os.read(fd, _FIRST_READ)
        if 0 < len(raw) < _FIRST_READ:
            return raw
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        if raw:
            raw += os.read(fd, info.st_size + 1 - len(raw)) if info.st_size >= len(raw) else b""
    except OSError:
        return None
    finally:
        os.close(fd)
    return raw if len(raw) <= info.st_size else None


def _read_fd(fd: int, size: int) -> bytes:
    """Up to MAX_FILE_BYTES + 1 bytes of an open file whose size was `size` when it was looked at.

    Asks for the size it has (plus one, to see it grew) rather than for the bound:
    a buffer of MAX_FILE_BYTES allocated and shrunk for each of 50,000 small records
    cost more than reading them. A file that grew meanwhile is read on, to the bound,
    in small pieces.
    """
    limit = MAX_FILE_BYTES + 1
    ask, chunks, total = min(size + 1, limit), [], 0
    while total < limit:
        chunk = os.read(fd, ask)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        ask = min(limit - total, 1 << 16)
    return b"".join(chunks)


def _symlink(path, rel: str) -> Problem:
    try:
        target = f"（指向 {os.readlink(path)}）"
    except OSError:
        target = ""
    return problem(P.SYMLINK, rel, 1,
                   f"{rel} 是符号链接{target}，不予读取：记录必须是仓库中的真实文件；"
                   "请删去链接，把文件本身复制或移动到这个位置")


_KINDS = ((stat.S_ISFIFO, "命名管道"), (stat.S_ISSOCK, "套接字"), (stat.S_ISCHR, "字符设备"),
          (stat.S_ISBLK, "块设备"))


def _not_a_file(mode: int, rel: str) -> Problem:
    what = next((name for test, name in _KINDS if test(mode)), "特殊文件")
    return problem(P.NOT_A_FILE, rel, 1, f"{rel} 是{what}，不是普通文件，已跳过；请删去它")


def _too_large(size: int, rel: str) -> Problem:
    return problem(P.FILE_TOO_LARGE, rel, 1,
                   f"文件有 {size:,} 字节，超过上限 {MAX_FILE_BYTES:,} 字节（1 MB），未读取；"
                   "请拆分文件，大的附件另行存放")


def _unreadable(exc: OSError, path, rel: str) -> Problem:
    what = "文件夹" if os.path.isdir(path) else "文件"
    if isinstance(exc, PermissionError):
        why = "没有读取权限；请检查权限（例如 chmod u+r），或找管理员处理"
    elif isinstance(exc, FileNotFoundError):
        why = "不存在（可能刚被删除或移动）"
    else:
        why = f"读取出错（{exc.strerror or exc}）；请检查磁盘，或找管理员恢复该{what}"
    return problem(P.UNREADABLE, rel, 1, f"{what} {rel} 无法读取：{why}")
