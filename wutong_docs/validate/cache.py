"""The validation cache: what reading each file gave, and what the per-record rules said of it, kept between runs.

Why: the department adds about twenty records a day to tens of thousands, and every
`validate`, `check`, `build` and `report` read and parsed all of them again. Parsing
is most of the time, and its result depends on nothing but the file's path and bytes.

What is kept, under `<root>/.wutong-cache/validate/`, one pack per folder of records/
(about 180 packs for five years: a new day's records rewrite one or two of them):
- per file: the blake2b digest of the bytes read in that run, the record built from them
  (or None) and the problems of reading them;
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

A warm run (issue 14: at most 15 % of a cold one) costs reading the packs, reading and hashing
every file (`unchanged`: each folder opened once, each file by name, one read; the folder
listing already said it is a regular file), the rules across records, and the start-up.

Every pack starts with a format number and the tool's fingerprint (`fingerprint`): the
version, a digest of the package's own files (the version stays 0.1.0 while the code
changes), Python's version and the libraries that read the files; then a CRC-32 of the rest,
which catches a disk's or a copy's damage (not a forgery). A pack that is missing,
truncated, damaged, of another format or tool, or not ours is ignored and written again.
A pack is data, never code: MessagePack read by `cache_format.decode`, which makes only
plain values and wutong's own record classes (by a name from a fixed list, without running
any of their code); format 2 and older were pickles and are never opened. A cache that Git
tracks is not used at all (`cache_guard`: a pack that came with a commit was written by
someone else). Packs are written whole under a temporary name and renamed
(`output.write_cache`), so two runs at once leave each pack old or new, never torn.

Only the whole repository's validation uses the cache (`Cache.open`): a pre-commit check of
a few files parses them faster than it would read five years of packs.
"""

from __future__ import annotations

import hashlib
import os
import sys
import zlib
from functools import lru_cache
from itertools import chain
from pathlib import Path

FOLDER = ".wutong-cache/validate"
ENV_OFF = "WUTONG_NO_CACHE"    # set to anything: no cache is read or written (as `wutong --no-cache`)
FORMAT = 3                     # bump when what a pack holds changes shape (3: MessagePack, was a pickle)
MAGIC = b"wutong-validate-cache\n"
SUFFIX = ".pack"
# what the per-record rules may read from their context and the cache can key on
KEYED = frozenset({"org", "slip_ids", "arrears", "arrears_missing", "survey_items", "partial"})
# the libraries whose behaviour decides what a file parses to, and what a pack reads back as (msgpack);
# where they are installed, and their entry files, are in the fingerprint
LIBRARIES = ("yaml", "frontmatter", "chinese_calendar", "holidays", "dateutil", "msgpack")

# a folder of records, opened to read its files by name (`Cache.unchanged`); not a link
_FOLDER_FLAGS = (os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_CLOEXEC", 0))

_BY_FOLDER = os.open in os.supports_dir_fd   # not on Windows: there each file is opened by its path

_switched_off = False


def switch(on: bool) -> None:
    """Turn the cache on or off for this process (`wutong --no-cache`, set by the CLI on every run)."""
    global _switched_off
    _switched_off = not on
    from . import cache_guard

    cache_guard.forget()   # a new run: whether Git tracks the cache is asked again


def enabled() -> bool:
    """Whether validation may read and write the cache: not `--no-cache`, not WUTONG_NO_CACHE."""
    return not _switched_off and not os.environ.get(ENV_OFF)


@lru_cache(maxsize=1)
def fingerprint() -> bytes:
    """What makes this tool this tool: a cache written by any other is not used.

    The package's version, every file of the package (code, schemas, shipped data: about
    1.3 MB, read and hashed in a few milliseconds), Python's version and, for each library
    that parses the files, where it is installed and its installed entry file's size and
    modification time (`_library`): an upgrade rewrites it. The libraries are looked up,
    not imported: a warm validation never needs `holidays`, which alone took 45 ms to import.
    """
    from .. import __version__

    h = hashlib.blake2b(digest_size=16)
    h.update(f"{__version__}\0{sys.version}\0".encode())
    for name in LIBRARIES:
        h.update(f"{name}={_library(name)}\0".encode())
    package = Path(__file__).resolve().parent.parent
    files = sorted(p for p in package.rglob("*") if "__pycache__" not in p.parts and p.is_file())
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

    def __init__(self, folder: Path, root: Path) -> None:
        self.folder = folder
        self.root = root
        self.old: dict[str, tuple] = {}             # rel -> (digest, record, problems, judged), from the packs
        self.old_folders: dict[str, dict] = {}      # folder of records -> its pack's entries
        self.read: dict[str, tuple] = {}            # rel -> (digest, record, problems, …) of this run's bytes
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

    @classmethod
    def open(cls, root: Path, cache_root: Path | None = None) -> NoCache:
        """The cache of `cache_root` (default `root`) with its packs read, or NO_CACHE when it is switched off
        or Git tracks a file of it (`cache_guard`)."""
        from . import cache_guard

        if not enabled() or not cache_guard.usable(cache_root or root):
            return NO_CACHE
        cache = cls((cache_root or root) / FOLDER, root)
        cache._load()
        return cache

    # -- reading ----------------------------------------------------------------------------------
    def _load(self) -> None:
        try:
            names = [e.name for e in os.scandir(self.folder) if e.name.endswith(SUFFIX) and not e.name.startswith(".")]
        except OSError:  # no cache yet, or not readable: start empty
            return
        head = MAGIC + FORMAT.to_bytes(2, "big") + fingerprint()
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
        """rel -> (record, problems) from the packs, for the files of `rels` whose bytes, read and hashed now, are those
        kept for them.

        The hash decides, never a date or size: every file is read whole. Only files the scan saw
        as regular files are read this way, each folder opened once and its files by name in it
        (`files.read_plain`: open, fstat, one read, close); anything else, and every changed
        file, is left to the usual way (`loader.load_file`), which reads it again and says what is
        wrong with it or parses it.
        """
        found: dict[str, tuple] = {}
        if not self._regular:
            return found
        old_of, regular, read_plain = self.old.get, self._regular, self._read_plain
        folder, folder_fd = None, -1
        try:
            for rel in rels:
                old = old_of(rel)
                if old is None or rel not in regular:
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
                raw = read_plain(name, folder_fd if _BY_FOLDER else None)
                if raw is None:
                    continue
                key = digest(raw)
                if key != old[0]:
                    continue
                self.read[rel] = old
                found[rel] = (old[1], old[2])
        finally:
            if folder_fd >= 0:
                os.close(folder_fd)
        return found

    def parsed(self, rel, raw, parse, kind):
        """The record and problems of these bytes: from the pack when it holds them, else parsed and noted."""
        key = digest(raw)
        old = self.old.get(rel)
        if old is not None and old[0] == key:
            self.read[rel] = old
            return old[1], list(old[2])
        record, found = parse(rel, raw, kind)
        self.read[rel] = (key, record, found)
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
        from ..reference.org import ORG_PATH
        from ..read.files import read_bytes

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
        from . import cache_format   # msgpack is loaded only by runs that read or write packs
        from ..core.output import keep_out_of_git, write_cache

        by_folder: dict[str, dict] = {}
        for rel, read in self.read.items():
            folder = _folder(rel)
            if folder in self.dirty:
                by_folder.setdefault(folder, {})[rel] = (read[0], read[1], tuple(read[2]), self.rules.get(rel))
        head = MAGIC + FORMAT.to_bytes(2, "big") + fingerprint()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            keep_out_of_git(self.root, self.folder.parent)
            for folder in sorted(by_folder):
                references = frozenset().union(*(self._references_of(rel, entry[1])
                                                 for rel, entry in by_folder[folder].items()))
                body = cache_format.encode((folder, by_folder[folder], references))
                write_cache(self.root, self.folder / _pack_name(folder), head + zlib.crc32(body).to_bytes(4, "big") + body)
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


def _read_pack(path: Path, head: bytes) -> tuple[str, dict, frozenset] | None:
    """(folder, entries, references) of the pack at `path`; None when it is not one this tool wrote, whole."""
    from . import cache_format

    data = cache_format.read_file(path)
    start = len(head) + 4
    if data is None or not data.startswith(head) or zlib.crc32(memoryview(data)[start:]) != int.from_bytes(data[len(head):start], "big"):
        return None
    try:
        pack = cache_format.decode(memoryview(data)[start:])
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
    if not _kinds(values) <= {tuple} or not set(map(len, values)) <= {4}:
        return False
    digests, records, problems, judged = zip(*values) if values else ((), (), (), ())
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
