"""What wutong's three caches share: their folder, their switch, the tool's fingerprint, safe files, and the guard.

Why one module: the caches are the validation packs (`record_cache.py`: what each record
file parsed to), the site's page store (`outputs/site/cache.py`: a page's rendered HTML)
and the printed 月报 PDFs (`outputs/site/report_pages.py`). Each keeps its own kind of
entry, but all three live under `<root>/.wutong-cache/` (git-ignored), are switched off
together (`wutong --no-cache`, WUTONG_NO_CACHE), must not outlive the code that wrote
them, are read without trusting the folder, and are not used at all when Git tracks
them. Those rules are written once, here:

- `FOLDER`, `switch`, `enabled`: where the caches live and whether this run uses them;
- `fingerprint`: what makes this tool this tool (its version, every file of the package,
  Python's version, the libraries that read records and render pages). A cache keyed on
  anything else would keep pages or records that another version of the code made;
- `read_file`: a cache file's bytes, from a regular file only (a link planted in its place,
  to /dev/zero say, or a FIFO would make a run read or wait forever);
- `write_file`: a cache file replaced whole (temporary name, then rename), so two runs at
  once leave it old or new, never torn; the folder gets its `.gitignore`;
- `seal` / `unseal`: a header naming who wrote the file (a kind, a format, the fingerprint)
  and a CRC-32 of the rest, which catches a disk's or a copy's damage (not a forgery);
- `usable`, the guard: a cache says what a record parsed to, what a page looks like, what a
  month's PDF holds, and is believed. `git add -f .wutong-cache` commits the caches anyway,
  and then every clone, the server's CI and anyone who pulls would read files that whoever
  made the commit wrote: forged ones could hide a record's errors or put their own HTML on
  the site. So when the repository is a Git repository and any file under `.wutong-cache/`
  is tracked, no cache of it is read or written in this run, exactly as with `--no-cache`:
  results are the same, only slower. Not writing keeps the tracked files as they were, so
  `git status` shows nothing new, and the warning (`WARNING`, once per run, on standard
  error) says what to do. When there is a Git repository but git cannot answer (not
  installed, or it refuses the folder), the caches are not used either, with a notice
  (`NOTICE`): a cache that may have come with a commit is never trusted on a guess. Without
  a Git repository (a plain folder) the caches are used as always. The cost: one
  `git ls-files -- .wutong-cache` per run where `.git` exists, about 10 ms with 50,000
  tracked files, under 1 % of a warm validation.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import zlib
from functools import lru_cache
from pathlib import Path

import click

FOLDER = ".wutong-cache"
ENV_OFF = "WUTONG_NO_CACHE"    # set to anything: no cache is read or written (as `wutong --no-cache`)
# the libraries whose behaviour decides what a file parses to, what a page renders to, and what a pack reads
# back as (msgpack); where they are installed, and their entry files, are in the fingerprint
LIBRARIES = ("yaml", "frontmatter", "chinese_calendar", "holidays", "dateutil", "msgpack",
             "jinja2", "markupsafe", "markdown")

WARNING = ("警告：Git 跟踪着 .wutong-cache/ 里的 {count} 个文件（如 {example}），大概是用 git add -f 提交的。"
           "缓存只属于本机、不应提交：提交进来的缓存可能被人改过，所以这次不读也不写缓存（结果不变，只是慢一些）。"
           "请在 .wutong-cache/ 所在的文件夹运行 git rm -r --cached .wutong-cache 并提交。")
NOTICE = ("提示：无法确认 .wutong-cache/ 里有没有被 Git 跟踪的文件（{detail}），这次不读也不写缓存"
          "（结果不变，只是慢一些）。")

# opening a cache file: never through a link, and without waiting for a writer (a FIFO)
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_BINARY", 0))

_switched_off = False
_answers: dict[str, bool] = {}   # root -> whether its caches may be used, in this run
_said: set[str] = set()           # what this run has said already


# -- this run ------------------------------------------------------------------------------------------
def switch(on: bool) -> None:
    """Turn every cache on or off for this process (`wutong --no-cache`, set by the CLI on every run).

    A new run also asks Git again whether it tracks the caches, and may warn again (`usable`).
    """
    global _switched_off
    _switched_off = not on
    _answers.clear()
    _said.clear()


def enabled() -> bool:
    """Whether the caches may be read and written: not `--no-cache`, not WUTONG_NO_CACHE."""
    return not _switched_off and not os.environ.get(ENV_OFF)


# -- the tool ------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def fingerprint() -> bytes:
    """What makes this tool this tool: a cache written by any other is not used.

    The package's version, every file of the package (code, schemas, templates, shipped data:
    about 1.3 MB, read and hashed in a few milliseconds; the version stays 0.1.0 while the code
    changes), Python's version and, for each library that reads the files or renders the pages,
    where it is installed and its installed entry file's size and modification time (`_library`):
    an upgrade rewrites it. The libraries are looked up, not imported: a warm validation never
    needs `holidays`, which alone took 45 ms to import.
    """
    from .. import __version__

    h = hashlib.blake2b(digest_size=16)
    h.update(f"{__version__}\0{sys.version}\0".encode())
    for name in LIBRARIES:
        h.update(f"{name}={_library(name)}\0".encode())
    package = Path(__file__).resolve().parent.parent
    files = sorted(p for p in package.rglob("*") if "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
                   and p.is_file())
    for path in files:
        h.update(path.relative_to(package).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    return h.digest()


def _library(name: str) -> str:
    """Where library `name` is installed and the size and time of its entry file; "-" when it is not there."""
    from importlib.util import find_spec

    try:
        spec = find_spec(name)
        info = os.stat(spec.origin)
    except (ImportError, ValueError, AttributeError, TypeError, OSError):
        return "-"
    return f"{spec.origin}:{info.st_size}:{info.st_mtime_ns}"


# -- files ---------------------------------------------------------------------------------------------
def read_file(path: Path) -> bytes | None:
    """The bytes of the cache file at `path`, or None when there is none or it is not a regular file.

    Every cache is read through here: opened without following a link and without waiting
    (O_NOFOLLOW, O_NONBLOCK), then asked what it is before a byte is read.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 24):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def write_file(root: Path, path: Path, data: bytes) -> None:
    """Replace the cache file at `path` (under `root`'s `.wutong-cache/`) whole, its folder made if need be.

    The `.wutong-cache` folder gets its own .gitignore on the way (`output.keep_out_of_git`).
    An OSError is the caller's to ignore: a cache that cannot be written only costs time.
    """
    from ..core.output import keep_out_of_git, write_cache

    path.parent.mkdir(parents=True, exist_ok=True)
    top = next((folder for folder in (path.parent, *path.parent.parents) if folder.name == FOLDER), None)
    if top is not None:
        keep_out_of_git(root, top)
    write_cache(root, path, data)


def seal(head: bytes, body: bytes) -> bytes:
    """A cache file: `head` (who wrote it: a kind, a format, `fingerprint()`), a CRC-32 of `body`, then `body`."""
    return head + zlib.crc32(body).to_bytes(4, "big") + body


def unseal(data: bytes | None, head: bytes) -> memoryview | None:
    """The body `seal` put after `head`, or None when `data` is not whole or was written by anything else."""
    start = len(head) + 4
    if data is None or not data.startswith(head):
        return None
    body = memoryview(data)[start:]
    return body if zlib.crc32(body) == int.from_bytes(data[len(head):start], "big") else None


# -- the guard -----------------------------------------------------------------------------------------
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
