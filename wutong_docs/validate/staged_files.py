"""Validate what a commit would record: the staged records, not the working tree.

Why: the pre-commit hook must judge exactly what `git commit` is about to
record. The working tree can differ from the index both ways (a bad version
staged and then fixed only on disk; a good version staged and then broken on
disk), and a deletion is a change too: removing a slip that other records
refer to, or a staff member from org.yml, breaks records nobody touched.

How: the staged files that the check needs are laid out in a temporary
folder with the repository's own layout, and the ordinary validation
(`validate.py`) runs there, so problems name the real `records/...` paths.
- Only records added or modified: those files are checked, their references
  resolved against the staged org.yml, the staged slips and arrears lists.
- A reference file changed (org.yml, duties.yml, calendar.yml, an arrears
  list), or anything deleted or renamed: the whole staged repository is
  checked, because records nobody touched may now be wrong.
- When the working tree's records/ is exactly the index (the usual
  `git add` then `git commit`), the whole check runs on the working tree
  itself; otherwise files unchanged on disk are hard-linked into the
  temporary folder (no copying) and the others written from the index by
  `git checkout-index`. This keeps the whole check at 50,000 records close
  to a plain `wutong validate`.
Files git reports are read with `-z`, so any file name works.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.dates import Month
from ..core.gitrepo import git, paths, show_prefix

if TYPE_CHECKING:  # validation is imported only once something is staged
    from .pipeline import Report

ARREARS_FOLDER = "records/arrears/"
SLIPS_FOLDER = "records/slips/"


@dataclass(frozen=True)
class Staged:
    """What the index changes under records/, compared with the last commit."""
    changed: list[str]   # added or modified, in the index
    deleted: list[str]   # deleted, or the old name of a renamed file

    @property
    def whole_reason(self) -> str | None:
        """Why the whole staged repository must be checked, in Chinese; None when the changed files suffice."""
        if self.deleted:
            return f"删除或改名了 {len(self.deleted)} 个文件（{_sample(self.deleted)}），别的记录可能还在引用它们"
        from ..records import REFERENCE_FILES  # imported late: "nothing staged" must answer at once

        touched = [rel for rel in self.changed if rel in REFERENCE_FILES or rel.startswith(ARREARS_FOLDER)]
        if touched:
            return f"改动了 {_sample(touched)}，别的记录要按新内容重新核对"
        return None


@dataclass
class Outcome:
    """What the pre-commit hook checked and found, so it can say which files it validated."""
    staged: Staged
    report: Report

    def summary(self, errors: int, warnings: int) -> str:
        """The one line the hook ends with: what was validated, the changed files or all and why, and what was found.

        One count of files only, the files the person staged (changed, or deleted and renamed):
        the files read alongside them (org.yml, the arrears lists) or the whole check's are
        not counted, so the hook never says "2 个文件" and then "3 个文件" (issue 23).
        """
        found = f"{errors} 个错误，{warnings} 个警告"
        reason = self.staged.whole_reason
        if reason:
            return f"{reason}：已校验暂存区中的全部记录，{found}"
        return f"已校验暂存区中改动的 {len(self.staged.changed)} 个文件（引用对照暂存区中的全部记录）：{found}"


def _sample(rels: list[str]) -> str:
    return "、".join(rels[:3]) + (" 等" if len(rels) > 3 else "")


def _visible(rel: str) -> bool:
    """The files `loader.discover` would find: nothing hidden below records/ (git's paths all start there)."""
    return "/." not in rel


def staged_changes(root: Path) -> Staged:
    """The index against HEAD (or against nothing before the first commit), records/ only."""
    fields = paths(git(root, "diff", "--cached", "--name-status", "-z", "--no-renames", "--no-ext-diff",
                       "--relative", "--", "records/"))
    changed, deleted = [], []
    for status, rel in zip(fields[0::2], fields[1::2]):
        if _visible(rel):
            (deleted if status == "D" else changed).append(rel)
    return Staged(changed, deleted)


def validate_staged(root: Path) -> Outcome | None:
    """Validate the staged version of records/ as `wutong validate` would; None when nothing there is staged."""
    prefix = show_prefix(root)  # fails with a Chinese message outside a repository
    staged = staged_changes(root)
    if not staged.changed and not staged.deleted:
        return None
    from ..reference.org import ORG_PATH
    from .pipeline import validate

    if staged.whole_reason is None:
        # org.yml and the arrears lists are read for the references; the slips only by name; the duty
        # book for the surveys' items, and a staged survey's month folder for a second survey of its home
        from ..records.survey import PATTERN as SURVEY
        from ..reference.duty_book import DUTIES_PATH

        folders = sorted({rel.rsplit("/", 1)[0] + "/" for rel in staged.changed if SURVEY.match(rel)})
        needed = list(dict.fromkeys(_staged_files(root, ORG_PATH, ARREARS_FOLDER, *folders)
                                    + (_staged_files(root, DUTIES_PATH) if folders else []) + staged.changed))
        reconciled = _reconciled_slips(staged.changed)
        needed += _staged_files(root, *reconciled) if reconciled else []
        slip_ids = _slip_ids(_staged_files(root, SLIPS_FOLDER))
        with tempfile.TemporaryDirectory(prefix="wutong-staged-") as tmp:
            base = _lay_out(root, Path(tmp), prefix, needed, link=set())
            return Outcome(staged, validate(base, sorted(staged.changed), slip_ids=slip_ids))
    differ = _differ_on_disk(root)
    if not differ:  # the working tree's records/ is the index: check it in place
        return Outcome(staged, validate(root))
    index = _staged_files(root, "records/")
    with tempfile.TemporaryDirectory(prefix="wutong-staged-") as tmp:
        base = _lay_out(root, Path(tmp), prefix, index, link=set(index) - differ)
        # the repository's own cache: it is keyed by the bytes read, here the staged ones
        return Outcome(staged, validate(base, cache_root=root))


def _staged_files(root: Path, *pathspecs: str) -> list[str]:
    """The files in the index under `pathspecs`, each once (a conflicted file is listed once per stage)."""
    found = paths(git(root, "ls-files", "-z", "--cached", "--", *pathspecs))
    return list(dict.fromkeys(rel for rel in found if _visible(rel)))


def _reconciled_slips(changed: list[str]) -> list[str]:
    """The slip folders whose counts staged monthly minutes or analyses are compared with (`report.reconcile`)."""
    from ..records import ANALYSIS, MINUTES
    from .reconcile import slip_folders

    folders = []
    for rel in changed:
        parts = rel.split("/")
        named = None
        if MINUTES.matches(rel) and rel.endswith("-monthly.md"):
            named = f"{parts[2]}-{parts[3]}"
        elif ANALYSIS.matches(rel) and re.fullmatch(r"\d{4}-\d{2}\.md", parts[-1]):
            named = parts[-1][:-3]
        try:
            folders += slip_folders(Month.parse(named)) if named else []
        except ValueError:   # records/minutes/2026/13/: no month to compare (the file's path problem says so)
            pass
    return list(dict.fromkeys(folders))


def _slip_ids(staged_slips: list[str]) -> set[str]:
    """Slip ids from the staged file names, by the rule `crossref.slip_ids_on_disk` applies on disk."""
    found = set()
    for rel in staged_slips:
        parts = rel.split("/")  # records/slips/YYYY/MM/<id>.md
        if len(parts) == 5 and parts[4].endswith(".md"):
            found.add(parts[4][:-3])
    return found


def _differ_on_disk(root: Path) -> set[str]:
    """Files under records/ whose working-tree state is not the staged one: changed, deleted or untracked on disk."""
    changed = paths(git(root, "--no-optional-locks", "diff", "--name-only", "-z", "--no-renames", "--no-ext-diff",
                        "--relative", "--", "records/"))
    untracked = paths(git(root, "ls-files", "-z", "--others", "--", "records/"))  # ignored files too
    return {rel for rel in changed + untracked if _visible(rel)}


def _lay_out(root: Path, tmp: Path, prefix: str, rels: list[str], link: set[str]) -> Path:
    """Put the staged version of each of `rels` under tmp/prefix; return that folder (the records root).

    Files in `link` are the same on disk as in the index: a hard link to the
    working-tree file is enough when it is a regular file on the same disk.
    Everything else is written from the index by git itself.
    """
    base = tmp / prefix
    (base / "records").mkdir(parents=True)
    from_index, folders = [], set()
    for rel in rels:
        target = base / rel
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if rel in link:
            source = root / rel
            try:
                if stat.S_ISREG(os.lstat(source).st_mode):
                    os.link(source, target, follow_symlinks=False)
                    continue
            except OSError:  # another disk, a file system without links, gone meanwhile: take the index copy
                pass
        from_index.append(rel)
    if from_index:
        git(root, "checkout-index", "-z", "--stdin", f"--prefix={tmp.as_posix()}/",
            stdin=b"".join(os.fsencode(rel) + b"\0" for rel in from_index))
    return base
