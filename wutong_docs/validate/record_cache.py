"""The validation cache: what reading each file gave, and what the per-record rules said of it, kept between runs.

Why: the department adds about twenty records a day to tens of thousands, and every
`validate`, `check`, `build` and `report` read and parsed all of them again. Parsing
is most of the time, and its result depends on nothing but the file's path and bytes.

What is kept, under `<root>/.wutong-cache/validate/`, one pack per folder of records/
(about 180 packs for five years: a new day's records rewrite one or two of them):
- per file: the blake2b digest of the bytes read, the record built from them (or None),
  the problems of reading them, and what the file looked like then (`seen`: its size,
  mtime, ctime and inode, as Git's index keeps them);
- the problems the per-record rules (`rules.run`) found in that record, with what they
  depended on: the rules see the record and a `rules.Context`, and every attribute of the
  context a rule reads is noted (`_Watched`); the result is kept only when all of those are
  things whose digest is known here (org.yml's bytes, the slip ids, the arrears lists read
  from their bytes, the missing lists), and used again only when those digests are equal.
  org.yml always counts, since slips' departments are resolved from it before the rules run.
The rules across records (scope=RECORDS: references, duplicate ids, duty-book links) are
never kept: they run on every run over all records, cached or not. To make that cheap each
pack also holds every (what, value) its records refer to (staff, unit, slip …, no line): the
reference check resolves the distinct ones once and walks records line by line only when one
fails (`known_references`, `crossref.check_references`).

The warm path, the way Git's index does it (`unchanged`): a file whose size, mtime, ctime and
inode are those kept is taken from its pack without being read; any other is read and hashed,
and the digest decides. The ctime catches an edit whose size and mtime were put back (`touch
-r`, `os.utime`): a program cannot set it back. A file changed within `RACY_NS` of the moment the
run began is "racily clean": it may change again within the same tick of its filesystem's
clock and look the same, so it is kept without its `seen` and read and hashed next time (the
moment is taken before the first file is read, so an edit made while the run reads is caught
too). A file the hash finds unchanged but that looks different (touched, checked out again)
gets its new `seen`, and its pack is written again once. On Windows, whose ctime is the file's
creation time, and in the staged check (its files are laid out elsewhere), every file is read
and hashed. A warm run (at most 15 % of a cold one) costs reading the packs, one stat per
file, the rules across records, and the start-up.

Every pack is sealed (`cache.seal`): a format number and the tool's fingerprint, then a CRC-32.
A pack that is missing, truncated, damaged, of another format or tool, or not ours is ignored
and written again. A pack is data, never code: MessagePack read by `cache_format.decode`,
which makes only plain values and wutong's own record classes (by a name from a fixed list,
without running any of their code); format 2 and older were pickles and are never opened.
A cache that Git tracks is not used at all (`cache.usable`: a pack that came with a commit was
written by someone else). Packs are written whole (`cache.write_file`), so two runs at once
leave each pack old or new, never torn.

Only the whole repository's validation uses the cache (`Cache.open`): a pre-commit check of
a few files parses them faster than it would read five years of packs.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from functools import lru_cache
from itertools import chain
from pathlib import Path

from .cache import FOLDER as CACHES
from .cache import enabled, fingerprint, read_file, seal, unseal, usable, write_file

FOLDER = f"{CACHES}/validate"
FORMAT = 4                     # bump when what a pack holds changes shape (4: each file's `seen`; 3: MessagePack)
MAGIC = b"wutong-validate-cache\n"
SUFFIX = ".pack"
# what the per-record rules may read from their context and the cache can key on
KEYED = frozenset({"org", "slip_ids", "arrears", "arrears_missing", "survey_items", "partial"})
# a file changed after, at, or this close before the run's start is racily clean: kept without its `seen`.
# Linux stamps files from a clock that ticks every few milliseconds; FAT keeps times to 2 s, ext3 and HFS+ to 1 s
RACY_NS = 2_000_000_000
# Windows' st_ctime is the file's creation time, which an edit does not change: there the hash always decides
_CTIME_IS_CHANGE = os.name != "nt"

# a folder of records, opened to read its files by name (`Cache.unchanged`); not a link
_FOLDER_FLAGS = (os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_CLOEXEC", 0))

_BY_FOLDER = os.open in os.supports_dir_fd   # not on Windows: there each file is opened by its path
_stat = os.stat   # how `unchanged` asks a file how it looks; a test puts a filesystem with a coarse clock in its place


def digest(raw: bytes) -> bytes:
    """The key of a file's content."""
    return hashlib.blake2b(raw, digest_size=16).digest()


class NoCache:
    """No cache: every file parsed, every rule run (`--no-cache`, a subset of files, the library's default)."""

    def parsed(self, rel, raw, parse, kind):
        """What `parse` makes of the bytes."""
        return parse(rel, raw, kind)

    def judged(self, record, context, rules, judge):
        """What the per-record `rules` find in `record`."""
        return judge(record, rules, context)

    def unchanged(self, rels: list[str]) -> dict[str, tuple]:
        """rel -> (record, problems) of the files whose bytes are those kept for them: none without a cache."""
        return {}

    def listed(self, regular: set[str]) -> None:
        """The files the folder scan saw as regular files (`loader.scan`): nothing to note."""

    def known_references(self, records: list) -> list[frozenset | None]:
        """For each record, what the records kept with it refer to (`crossref.check_references`); None: ask it."""
        return [None] * len(records)

    def note_references(self, record, keys: frozenset) -> None:
        """What `record` refers to, worked out by the cross-reference check: nothing to keep."""

    def watch(self, root, context) -> None:
        """Nothing to note."""

    def save(self) -> None:
        """Nothing to write."""


NO_CACHE = NoCache()


class Cache(NoCache):
    """The packs of one repository, read at the start of a whole validation and written at its end."""

    def __init__(self, folder: Path, root: Path, looks: bool = True) -> None:
        self.folder = folder
        self.root = root
        self.old: dict[str, tuple] = {}             # rel -> (digest, record, problems, judged, seen), from the packs
        self.old_folders: dict[str, dict] = {}      # folder of records -> its pack's entries
        self.read: dict[str, tuple] = {}            # rel -> (digest, record, problems, -, seen) of this run's bytes
        self.rules: dict[str, tuple | None] = {}    # rel -> (deps, problems) of the per-record rules, this run
        self.dirty: set[str] = set()                # folders whose pack must be written again
        self._context = None
        self._deps: dict[str, bytes | None] = {}
        self._deps_hold: dict[tuple, bool] = {}     # a kept rule result's deps -> whether they hold in this run
        self._regular: set[str] = set()
        self._read_plain = None
        self.old_references: dict[str, frozenset] = {}  # rel -> every (what, value) its pack's records refer to
        self.references: dict[str, frozenset] = {}      # rel -> the (what, value) its record refers to, this run
        self._prefix = os.path.join(root, "")
        self._seen: dict[str, tuple] = {}               # rel -> how the file looked in this run, unless racily clean
        # a file changed at or after this moment (ns) is racily clean; None: the files' looks are not used
        self._racy = time.time_ns() - RACY_NS if looks and _CTIME_IS_CHANGE else None

    @classmethod
    def open(cls, root: Path, cache_root: Path | None = None) -> NoCache:
        """The cache of `cache_root` (default `root`) with its packs read, or NO_CACHE when it is switched off
        or Git tracks a file of it (`cache.usable`). The files' looks (`seen`) are used only where the cache is
        the tree's own: the staged check lays its files out elsewhere, each new, and the hash decides there."""
        if not enabled() or not usable(cache_root or root):
            return NO_CACHE
        cache = cls((cache_root or root) / FOLDER, root, looks=cache_root is None or cache_root == root)
        cache._load()
        return cache

    # -- reading ----------------------------------------------------------------------------------
    def _load(self) -> None:
        try:
            names = [e.name for e in os.scandir(self.folder) if e.name.endswith(SUFFIX) and not e.name.startswith(".")]
        except OSError:  # no cache yet, or not readable: start empty
            return
        head = _head()
        for name in names:
            pack = _read_pack(self.folder / name, head)
            if pack is None or _pack_name(pack[0]) != name:
                continue
            folder, entries, references = pack
            self.old.update(entries)
            self.old_folders[folder] = entries
            self.old_references.update(dict.fromkeys(entries, references))

    # -- the loader's and the rules' side ---------------------------------------------------------
    def listed(self, regular: set[str]) -> None:
        """The files the folder scan saw as regular files: `unchanged` may open them without an lstat first."""
        from ..read.files import read_plain

        self._regular = regular
        self._read_plain = read_plain

    def unchanged(self, rels: list[str]) -> dict[str, tuple]:
        """rel -> (record, problems) from the packs, for the files of `rels` that are those kept for them.

        A file that looks as it did (`seen`: size, mtime, ctime, inode) is not read at all; any
        other is read and hashed, and the digest decides. Only files the scan saw as regular files
        are looked at this way, each folder opened once and its files by name in it (`os.stat`,
        `files.read_plain`: open, one read, close); anything else, and every changed file, is left
        to the usual way (`loader.load_file`), which reads it again and says what is wrong with it
        or parses it. How each file looks is noted (`_seen`) for the pack, before it is read: an
        edit made after the look makes it look different next time.

        One loop, the folders opened in it: it runs for every file of the repository on every run.
        """
        found: dict[str, tuple] = {}
        if not self._regular:
            return found
        old_of, regular, read_plain, racy = self.old.get, self._regular, self._read_plain, self._racy
        read_now, seen_now, look_at, S_ISREG = self.read, self._seen, _stat, stat.S_ISREG
        folder, folder_fd = None, -1
        try:
            for rel in rels:
                if rel not in regular:
                    continue
                head, _, name = rel.rpartition("/")
                if not _BY_FOLDER:
                    head, name = "", self._prefix + rel
                if head != folder:
                    if folder_fd >= 0:
                        os.close(folder_fd)
                    folder, folder_fd = head, -1
                    try:
                        folder_fd = os.open(self._prefix + head, _FOLDER_FLAGS) if _BY_FOLDER else -1
                    except OSError:
                        continue
                if folder_fd < 0 and _BY_FOLDER:
                    continue
                at = folder_fd if _BY_FOLDER else None
                old = old_of(rel)
                if racy is not None:
                    try:
                        info = look_at(name, dir_fd=at, follow_symlinks=False)
                    except OSError:
                        info = None
                    if info is not None:
                        look = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
                        if old is not None and look == old[4]:   # as Git's index does: not read, not hashed
                            read_now[rel] = old
                            found[rel] = (old[1], old[2])
                            continue
                        if look[1] < racy and look[2] < racy and S_ISREG(info.st_mode):   # not racily clean
                            seen_now[rel] = look
                if old is None:
                    continue
                raw = read_plain(name, at)
                if raw is not None and digest(raw) == old[0]:
                    self.read[rel] = self._same_bytes(rel, old)
                    found[rel] = (old[1], old[2])
        finally:
            if folder_fd >= 0:
                os.close(folder_fd)
        return found

    def _same_bytes(self, rel: str, old: tuple) -> tuple:
        """The pack's entry for a file whose bytes were found to be those kept: with its look of this run, its
        folder's pack to be written again when that changed (a touched file is then not read next time). Without
        looks (the staged check) the entry stays as it is: its look is the working tree's."""
        seen = self._seen.get(rel)
        if seen == old[4] or self._racy is None:
            return old
        self.dirty.add(_folder(rel))
        return (*old[:4], seen)

    def parsed(self, rel, raw, parse, kind):
        """The record and problems of these bytes: from the pack when it holds them, else parsed and noted."""
        key = digest(raw)
        old = self.old.get(rel)
        if old is not None and old[0] == key:
            self.read[rel] = self._same_bytes(rel, old)
            return old[1], list(old[2])
        record, found = parse(rel, raw, kind)
        self.read[rel] = (key, record, found, None, self._seen.get(rel))
        self.dirty.add(_folder(rel))
        return record, list(found)

    def watch(self, root: Path, context) -> None:
        """The context the rules will see in this run (its parts' digests are worked out when first needed)."""
        self._context = context

    def judged(self, record, context, rules, judge):
        """The per-record rules' problems: from the pack when nothing they looked at changed, else run and noted."""
        rel = record.source.path
        read = self.read.get(rel)
        if read is None:  # not read through the cache in this run
            return judge(record, rules, context)
        key = read[0]
        old = self.old.get(rel)
        if old is not None and old[0] == key and old[3] is not None:
            deps, found = old[3]
            hold = self._deps_hold.get(deps)
            if hold is None:  # most records depend on the same few parts: each set of them is compared once
                hold = self._deps_hold[deps] = all(self._dep(name) == value for name, value in deps)
            if hold:
                self.rules[rel] = old[3]
                return found
        watched = _Watched(context)
        found = judge(record, rules, watched)
        names = sorted(watched.used | {"org"})
        deps = tuple((name, self._dep(name)) for name in names) if set(names) <= KEYED else None
        judged = (deps, tuple(found)) if deps and all(v is not None for _, v in deps) else None
        self.rules[rel] = judged
        if old is None or old[3] != judged:  # an answer the pack does not hold: its folder's pack is written again
            self.dirty.add(_folder(rel))
        return found

    def known_references(self, records: list) -> list[frozenset | None]:
        """For each record, every (what, value) the records of its pack referred to, when it is the pack's own.

        A superset of the record's own references, which is all the check needs: when none
        of these fails to resolve, neither does any of the record's (`crossref.check_references`).
        A record parsed in this run, or made anew since (`crossref.department_ids`), is not the
        pack's object, and gets None: it is asked for its references.
        """
        old_of, of_pack = self.old.get, self.old_references
        known = []
        for record in records:
            rel = record.source.path
            old = old_of(rel)
            known.append(of_pack[rel] if old is not None and old[1] is record else None)
        return known

    def note_references(self, record, keys: frozenset) -> None:
        """Keep what `record` refers to, when it is the record read from its file in this run, for the packs."""
        rel = record.source.path
        read = self.read.get(rel)
        if read is not None and read[1] is record:
            self.references[rel] = keys

    def _dep(self, name: str) -> bytes | None:
        """The digest of one part of this run's context, or None when it cannot be known."""
        if name not in self._deps:
            self._deps[name] = self._work_out(name)
        return self._deps[name]

    def _work_out(self, name: str) -> bytes | None:
        from ..read.files import read_bytes
        from ..reference.org import ORG_PATH

        context = self._context
        if name == "org":
            raw, found = read_bytes(self.root / ORG_PATH, ORG_PATH)
            return digest(b"file\0" + raw) if raw is not None else digest(repr(found).encode())
        if name == "slip_ids":
            return digest("\n".join(sorted(context.slip_ids)).encode())
        if name == "arrears_missing":
            return digest("\n".join(sorted(context.arrears_missing)).encode())
        if name == "arrears":
            parts = []
            for path, value in sorted(context.arrears.items()):
                if value is None:
                    parts.append(f"{path}\0-")
                    continue
                read = self.read.get(path)
                if read is None or read[1] is not value:  # read outside the cache: its bytes are not known here
                    return None
                parts.append(f"{path}\0{read[0].hex()}")
            return digest("\n".join(parts).encode())
        if name in ("survey_items", "partial"):   # duties.yml's survey items (id -> label); whether the run is partial
            return digest(repr(sorted((getattr(context, name) or {}).items()) if name == "survey_items"
                               else context.partial).encode())
        return None

    # -- writing ----------------------------------------------------------------------------------
    def save(self) -> None:
        """Write again the packs of folders that changed, drop those of folders gone; any failure only costs time."""
        # the packs to write: folders with a file parsed in this run (`parsed`), a rule's answer changed
        # (`judged`), a file come or gone; and the packs to drop: folders with no file left
        gone: set[str] = set()
        if self.read.keys() != self.old.keys():
            self.dirty.update(_folder(rel) for rel in self.read.keys() ^ self.old.keys())
            gone = set(self.old_folders) - {_folder(rel) for rel in self.read}
        for rel in self.read.keys() - self.rules.keys():  # read, but no rule answered for it in this run
            if rel in self.old and self.old[rel][3] is not None:
                self.dirty.add(_folder(rel))
        if not self.dirty and not gone:  # nothing changed: nothing written, not even a stat
            return
        from . import cache_format  # msgpack is loaded only by runs that read or write packs

        by_folder: dict[str, dict] = {}
        for rel, read in self.read.items():
            folder = _folder(rel)
            if folder in self.dirty:
                by_folder.setdefault(folder, {})[rel] = (read[0], read[1], tuple(read[2]), self.rules.get(rel), read[4])
        head = _head()
        try:
            for folder in sorted(by_folder):
                references = frozenset().union(*(self._references_of(rel, entry[1])
                                                 for rel, entry in by_folder[folder].items()))
                body = cache_format.encode((folder, by_folder[folder], references))
                write_file(self.root, self.folder / _pack_name(folder), seal(head, body))
            for folder in gone:
                (self.folder / _pack_name(folder)).unlink(missing_ok=True)
        except Exception:  # a read-only disk, a full one, a record a cache cannot hold: next run parses again
            return

    def _references_of(self, rel: str, record) -> frozenset:
        """What the record read from `rel` refers to: as the check noted it, else asked (a record it did not see)."""
        keys = self.references.get(rel)
        if keys is None:
            keys = frozenset((what, value) for what, value, _ in record.references()) if record is not None else frozenset()
        return keys


def _head() -> bytes:
    """What every pack of this tool and format starts with (`cache.seal`)."""
    return MAGIC + FORMAT.to_bytes(2, "big") + fingerprint()


def _read_pack(path: Path, head: bytes) -> tuple[str, dict, frozenset] | None:
    """(folder, entries, references) of the pack at `path`; None when it is not one this tool wrote, whole."""
    from . import cache_format

    body = unseal(read_file(path), head)
    if body is None:
        return None
    try:
        pack = cache_format.decode(body)
    except cache_format.Refused:
        return None
    return pack if _well_formed(pack) else None


def _well_formed(pack) -> bool:
    """Whether a decoded pack has the shape `save` writes, so that nothing here fails on it.

    Checked in bulk, by the sets of types found at each place (no loop in Python per entry):
    a few milliseconds for 50,000 entries.
    """
    from ..core.problems import Problem

    if type(pack) is not tuple or len(pack) != 3:
        return False
    folder, entries, references = pack
    if type(folder) is not str or type(entries) is not dict or type(references) is not frozenset:
        return False
    values = list(entries.values())
    if not _kinds(values) <= {tuple} or not set(map(len, values)) <= {5}:
        return False
    digests, records, problems, judged, seen = zip(*values) if values else ((), (), (), (), ())
    seen = [look for look in seen if look is not None]   # (size, mtime, ctime, inode) of the file read
    if not _kinds(seen) <= {tuple} or not set(map(len, seen)) <= {4} or not _kinds(chain.from_iterable(seen)) <= {int}:
        return False
    judged = [answer for answer in judged if answer is not None]   # (deps, problems) of the per-record rules
    if not _kinds(judged) <= {tuple} or not set(map(len, judged)) <= {2}:
        return False
    deps, found = zip(*judged) if judged else ((), ())
    try:
        deps = set(deps)   # most records depend on the same few parts: each distinct set is looked into once
    except TypeError:      # a list or a dict in them: not what `save` writes
        return False
    pairs = list(chain.from_iterable(deps))   # (part of the context, its digest)
    return (_kinds(entries) <= {str} and _kinds(digests) <= {bytes} and _kinds(records) <= _record_types()
            and _kinds(problems) <= {tuple} and _kinds(chain.from_iterable(problems)) <= {Problem}
            and _kinds(deps) <= {tuple} and _kinds(pairs) <= {tuple} and set(map(len, pairs)) <= {2}
            and _kinds(chain.from_iterable(pairs)) <= {str, bytes}
            and _kinds(found) <= {tuple} and _kinds(chain.from_iterable(found)) <= {Problem}
            and _kinds(references) <= {tuple} and set(map(len, references)) <= {2}
            and _kinds(chain.from_iterable(references)) <= {str})


def _kinds(values) -> set[type]:
    return set(map(type, values))


@lru_cache(maxsize=1)
def _record_types() -> frozenset:
    """The classes a pack's entry may hold as its record (or None: the file did not parse into one)."""
    from ..records import KINDS

    return frozenset({type(None), *(kind.record_type for kind in KINDS)})


def _folder(rel: str) -> str:
    return rel.rpartition("/")[0]


def _pack_name(folder: str) -> str:
    return hashlib.blake2b(folder.encode(), digest_size=10).hexdigest() + SUFFIX


class _Watched:
    """A rules.Context that notes which of its parts a rule reads, so the rule's answer is kept with the right key."""

    def __init__(self, context) -> None:
        self._context = context
        self.used: set[str] = set()

    def __getattr__(self, name: str):
        self.used.add(name)
        return getattr(self._context, name)
