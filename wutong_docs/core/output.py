"""Every file and folder the tool writes goes through here, so that no command loses a record.

Three rules, each from a way the department's data was once lost:
- nothing is written into records/, templates/, handbook/ or .git/ of the repository, no site
  replaces the repository or a folder holding it, and no file Git tracks is replaced, even
  with --force (only `wutong new` adds a record, through `create_record`);
- nothing is overwritten by surprise: `-o FILE` replaces an existing file only with --force,
  a new record never replaces one, and `build -d` replaces only an empty folder or a site we built;
- nothing is left half written: a file is written to a temporary name beside it and moved into
  place when complete; a site is built in a temporary sibling folder and swapped in.
An operating-system failure (disk full, read-only disk, no permission) becomes an `OutputError`
with a one-line Chinese message naming the path; the CLI shows it as it is.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import WutongError

MARKER = ".wutong-site"  # left in every site `wutong build` writes: the folder may be replaced next time
PROTECTED = {"records": "部门的记录", "templates": "部门的模板", "handbook": "手写的手册页面", ".git": "仓库的 Git 数据"}
SITE_ADVICE = "请用默认的 site/，或一个不存在的、空的目录"


class OutputError(WutongError):
    """A write refused or failed; the message (Chinese, one line) names the path and what to do."""


class Exists(OutputError):
    """The file to create exists already (`wutong new slip` takes the next number on this)."""


# -- what may be written where ------------------------------------------------------------------
def _resolve(given: str | Path) -> Path:
    try:
        return Path(given).expanduser().resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise OutputError(f"路径无法解析（符号链接循环？）：{given}") from None


def _shown(given: str | Path, target: Path) -> str:
    """The path as the user wrote it, and where it really leads when a symlink or `..` changes that."""
    plain = Path(os.path.abspath(Path(given).expanduser()))
    return str(given) if plain == target else f"{given} 实际指向 {target}"


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def protected_area(root: Path, target: Path) -> str | None:
    """The protected folder ("records", …) that resolved `target` is in, or None.

    Judged by path and by file identity, so a second name for the same folder (a bind
    mount, a case-insensitive disk) is caught too.
    """
    root = root.resolve()
    folders = {name: root / name for name in PROTECTED}
    for name, folder in folders.items():
        if target.is_relative_to(folder.resolve()):
            return name
    identities = {ident: name for name, folder in folders.items() if (ident := _identity(folder))}
    for ancestor in (target, *target.parents):
        if name := identities.get(_identity(ancestor)):
            return name
    return None


def _same(a: Path, b: Path) -> bool:
    return a == b or (_identity(a) is not None and _identity(a) == _identity(b))


def check_file(root: Path, given: str | Path, force: bool = False) -> Path:
    """The resolved target of `-o FILE` / `--pdf FILE`, or OutputError saying why it may not be written."""
    target = _resolve(given)
    shown = _shown(given, target)
    if area := protected_area(root, target):
        raise OutputError(f"不能把输出写到 {area}/ 里（{shown}）：这里是{PROTECTED[area]}；"
                          f"请写到别处，例如仓库根目录下的新文件或仓库外的文件夹")
    if target.is_dir():
        raise OutputError(f"{shown} 是一个目录：请写出文件名，例如 {Path(given) / '输出.html'}")
    if not target.parent.is_dir():
        raise OutputError(f"目录不存在：{target.parent}（{given}）；请先建立该目录，或写到已有的目录")
    if target.exists():
        if _tracked(root.resolve(), target):
            raise OutputError(f"不能覆盖 {shown}（即使加 --force）：这是记录仓库中由 Git 管理的文件；"
                              f"请换一个文件名，或写到别处")
        if not target.is_file():
            raise OutputError(f"{shown} 不是普通文件，不能覆盖：请换一个文件名")
        if not force:
            raise Exists(f"{shown} 已存在，未覆盖：要替换它请加 --force，或换一个文件名")
    return target


def _tracked(root: Path, target: Path) -> bool:
    """Whether `target` is one of the repository's own files (README.md, mkdocs.yml, …): Git tracks it.

    Without git on the machine, every file directly in the repository root counts as one.
    """
    if not target.is_relative_to(root):
        return False
    try:
        done = subprocess.run(["git", "-C", str(root), "ls-files", "--error-unmatch", "--", str(target)],
                              capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return target.parent == root
    return done.returncode == 0


def check_site_dir(root: Path, given: str | Path) -> Path:
    """The resolved folder of `build -d`, or OutputError: only an absent or empty folder or a site is replaced."""
    target = _resolve(given)
    shown = _shown(given, target)
    root = root.resolve()
    if area := protected_area(root, target):
        raise OutputError(f"不能把站点生成到 {area}/ 里（{shown}）：生成站点会换掉整个目录，这里是{PROTECTED[area]}；"
                          f"{SITE_ADVICE}")
    if _same(target, root):
        raise OutputError(f"不能把站点生成到仓库根目录（{shown}）：生成站点会换掉整个目录；{SITE_ADVICE}")
    if root.is_relative_to(target):
        raise OutputError(f"不能把站点生成到 {shown}：记录仓库就在这个目录里，生成站点会换掉整个目录；{SITE_ADVICE}")
    if target.exists() and not target.is_dir():
        raise OutputError(f"{shown} 是一个文件，不是目录；{SITE_ADVICE}")
    if not target.parent.is_dir():
        raise OutputError(f"目录不存在：{target.parent}（{given}）；请先建立该目录")
    if target.is_dir() and not is_replaceable_site(target):
        raise OutputError(f"不能把站点生成到 {shown}：这个目录不是空的，也不是 wutong 生成的站点（没有 {MARKER} 标记），"
                          f"生成站点会换掉整个目录；{SITE_ADVICE}")
    return target


def is_replaceable_site(folder: Path) -> bool:
    """Empty, marked by an earlier `wutong build`, or a site built before the marker existed.

    An older build left no marker; a folder holding the index.html and sitemap.xml that
    mkdocs writes on every build is taken to be such a site (handbook reference/output.md).
    """
    try:
        entries = {entry.name for entry in os.scandir(folder)}
    except OSError as exc:
        raise OutputError(f"无法读取目录 {folder}：{_reason(exc)[0]}") from None
    if not entries or MARKER in entries:
        return True
    return (folder / "index.html").is_file() and (folder / "sitemap.xml").is_file()


# -- writing --------------------------------------------------------------------------------------
_REASONS = {
    errno.ENOSPC: ("磁盘已满", "请腾出磁盘空间后重试"),
    errno.EDQUOT: ("超出磁盘配额", "请腾出空间后重试"),
    errno.EACCES: ("没有写入权限", "请检查目录的权限"),
    errno.EPERM: ("没有写入权限", "请检查目录的权限"),
    errno.EROFS: ("磁盘是只读的", "请检查磁盘是否以只读方式挂载"),
    errno.ENOENT: ("目录不存在", "请先建立该目录"),
    errno.ENAMETOOLONG: ("文件名太长", "请用短一些的文件名"),
    errno.ENOTDIR: ("路径中有一段不是文件夹", "请检查这个路径"),
}


def _reason(exc: OSError) -> tuple[str, str]:
    return _REASONS.get(exc.errno, (exc.strerror or type(exc).__name__, "请检查后重试"))


def failure(what: str, exc: OSError, left: str, temp: Path | None = None, root: Path | None = None) -> OutputError:
    """`what` failed with `exc`: the one-line message, saying what was left as it was.

    The file the system names is shown (relative to `root` when inside it) unless it is
    one of our temporary names (under `temp`).
    """
    reason, hint = _reason(exc)
    name = exc.filename and Path(os.fsdecode(exc.filename))
    # a full or read-only disk is the destination's fault, whichever file (a copy's source, say) the system names
    shown = (name and exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EROFS)
             and ".wutong-" not in name.name and not (temp and name.is_relative_to(temp)))
    if shown and root and name.is_relative_to(root):
        name = name.relative_to(root)
    where = f"（{name}）" if shown else ""
    return OutputError(f"{what}失败：{reason}{where}，{hint}；{left}")


def _temp_name(target: Path, kind: str) -> Path:
    # hidden and not *.md: never taken for a record, nor for a page of the site
    return target.with_name(f".{target.name}.wutong-{kind}-{secrets.token_hex(4)}")


def _write_temp(target: Path, data: bytes) -> Path:
    """`data` complete and on disk under a temporary name beside `target` (mode as for a new file)."""
    temp = _temp_name(target, "tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        temp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return temp


def _place(temp: Path, target: Path, overwrite: bool) -> None:
    """Move the complete `temp` to `target`; without `overwrite`, fail with FileExistsError if it is taken."""
    try:
        if overwrite:
            os.replace(temp, target)
            return
        try:
            os.link(temp, target)  # atomic, and fails if the name is taken
        except FileExistsError:
            raise
        except OSError:  # a disk without hard links: claim the name, then replace the empty claim
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            try:
                os.replace(temp, target)
            except BaseException:
                target.unlink(missing_ok=True)
                raise
    finally:
        temp.unlink(missing_ok=True)


def write_file(root: Path, given: str | Path, data: str | bytes, force: bool = False) -> Path:
    """Write an output file (`-o`, `--pdf`) whole or not at all, under the rules of `check_file`."""
    target = check_file(root, given, force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _place(_write_temp(target, payload), target, overwrite=force)
    except FileExistsError:
        raise Exists(f"{given} 已存在，未覆盖：要替换它请加 --force，或换一个文件名") from None
    except OSError as exc:
        raise failure(f"写入 {given} ", exc, "没有留下写了一半的文件") from None
    return target


def write_cache(root: Path, target: Path, data: bytes) -> None:
    """Replace a file of the tool's own cache (under .wutong-cache/) whole: never torn, even with two runs at once.

    Written under a temporary name beside it and renamed over the old one, like every
    other file; not flushed to disk first (`_write_temp` does), since a cache lost in a
    crash only costs time. Only inside a `.wutong-cache` folder and never inside a
    protected one; an OSError is the caller's to ignore.
    """
    folder = target.parent.resolve()
    if ".wutong-cache" not in folder.parts or protected_area(root, folder):
        raise OSError(errno.EPERM, "not a cache folder", str(target))
    temp = _temp_name(target, "tmp")
    try:
        with open(temp, "xb") as fh:
            fh.write(data)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def keep_out_of_git(root: Path, cache: Path) -> None:
    """Give the cache folder `cache` (a `.wutong-cache`) its own .gitignore, so Git ignores everything in it even
    where the repository's .gitignore does not say so. An OSError is the caller's to ignore, as `write_cache`'s."""
    ignore = cache / ".gitignore"
    if not ignore.exists():
        write_cache(root, ignore, b"# wutong's cache: safe to delete at any time\n*\n")


def create_record(root: Path, rel: str, text: str) -> Path:
    """A new record at `rel` (under records/), never replacing one, never left empty or half written."""
    records = (root / "records").resolve()
    target = (root / rel).resolve()
    if not target.is_relative_to(records):
        raise OutputError(f"拒绝写到 records/ 之外：{rel}")
    made = [folder for folder in (target.parent, *target.parent.parents)
            if folder.is_relative_to(records) and not folder.exists()]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _place(_write_temp(target, text.encode("utf-8")), target, overwrite=False)
    except FileExistsError:
        raise Exists(f"{rel} 已存在，未做任何改动；请直接编辑该文件") from None
    except OSError as exc:
        raise failure(f"新建 {rel} ", exc, "没有留下任何文件", root=root.resolve()) from None
    finally:
        if not target.exists():
            for folder in made:  # deepest first: only the empty folders this call made
                try:
                    folder.rmdir()
                except OSError:
                    break
    return target


@contextmanager
def replacing_folder(target: Path) -> Iterator[Path]:
    """A fresh temporary sibling of `target` to build into; swapped in for `target` when the block ends well.

    On any failure or interrupt the temporary folder is removed and `target` stays as it was.
    Hidden entries of the old folder (a .htaccess, say) are carried over, as mkdocs itself keeps them.
    """
    temp = _temp_name(target, "new")
    try:
        temp.mkdir()
    except OSError as exc:
        raise failure(f"生成站点 {target} ", exc, f"原来的站点未改动（站点先在 {target.parent} 中的临时目录生成，"
                      "再整个换上，所以这个目录也要可写）") from None
    try:
        yield temp
        (temp / MARKER).write_text("本目录由 wutong build 生成，下次生成时会整个换掉。\n", encoding="utf-8")
        _swap(temp, target)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _swap(new: Path, target: Path) -> None:
    if not target.exists():
        os.rename(new, target)
        return
    old = _temp_name(target, "old")
    carried = [e.name for e in os.scandir(target) if e.name.startswith(".") and e.name != MARKER]
    moved = []
    try:
        for name in carried:
            os.rename(target / name, new / name)
            moved.append(name)
        os.rename(target, old)
    except BaseException:
        for name in moved:
            os.rename(new / name, target / name)
        raise
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        for name in moved:
            os.rename(new / name, target / name)
        raise
    shutil.rmtree(old, ignore_errors=True)


def update_record(root: Path, rel: str, text: str) -> Path:
    """Replace the record at `rel` with `text`, whole or not at all: only quick-entry commands editing their own file.

    `wutong desk …` and `wutong renovation event` complete a row in place, the way a paper
    row is completed; everything else under records/ is never overwritten.
    """
    records = (root / "records").resolve()
    target = (root / rel).resolve()
    if not target.is_relative_to(records) or not target.is_file():
        raise OutputError(f"拒绝改写：{rel} 不是 records/ 中已有的记录")
    try:
        _place(_write_temp(target, text.encode("utf-8")), target, overwrite=True)
    except OSError as exc:
        raise failure(f"改写 {rel} ", exc, "原文件未改动", root=root.resolve()) from None
    return target
