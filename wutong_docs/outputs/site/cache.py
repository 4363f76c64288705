"""The site cache: a generated page's HTML blocks and a page's search entry, kept between builds.

Why: five years of records make a few hundred pages, and rendering their
record cards is most of a build (at 50,000 records, ~90 % of mkdocs' time).
The department adds about twenty records a day, so nearly every page is the
same as last time. A page's blocks are rendered again only when one of its
inputs changed; the rest come from `<root>/.wutong-cache/site/` (git-ignored).
Deleting that folder is always safe: the next build renders everything.

What "its inputs" means, exactly, in two parts:
- the key, known before rendering: the tool (`validate.cache.fingerprint`: every
  file of the package, templates included, and the libraries that render), the
  whole org.yml as read and the owners' names to mask (every card may show them), the Git server
  the 在线修改 links lead to,
  the page's path and URL, and its blocks: template names and their contexts,
  in which every record counts by its full parsed content;
- what rendering looked up elsewhere, recorded while it ran (`Recorder`):
  the URL of each page it linked to, each slip it cited (where it is, what it
  holds), whether a slip is overdue, the staff and slip ids linked in bodies,
  and "now" when the page printed it. A stored page is used only when the key
  is equal and every one of these lookups gives the same answer today.
A page family is cached only when its templates read nothing else (month
pages, person pages, the slip board: `Page.cached`); the proxy refuses any
other attribute of the site data, so a template that starts reading something
new fails the tests instead of being served stale.

Every entry carries a checksum of its contents; an entry that does not read
back exactly (truncated, edited, another version's, not a regular file) is a miss, never
an error. An entry is JSON and text, data only; a cache that Git tracks is not used at all
(`validate.cache.usable`: whoever committed it could have written any HTML into it). The folder,
the fingerprint, reading a file safely and writing one whole are every cache's, in
`validate/cache.py`; what a page's entry holds and how it is named are this module's.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time
from pathlib import Path

import jinja2
from markupsafe import Markup

from ...validate.cache import FOLDER, enabled, read_file, write_file

CACHE_DIR = Path(FOLDER) / "site"
MAGIC = b"wutong-site-cache 1\n"


class Uncacheable(Exception):
    """A context value whose content cannot be named: the page is rendered every time."""


# -- naming a context's content ------------------------------------------------------------------
class Namer:
    """Turns a block's context into a stable text naming its content; records are named once per build."""

    def __init__(self):
        from ...records import Kind
        from .data import Placed

        self._records: dict[int, tuple[object, str]] = {}
        self._kind, self._placed = Kind, Placed   # imported once: `name` runs hundreds of thousands of times a build

    def size(self) -> int:
        """How many records it remembers (serve starts a new one when old records pile up)."""
        return len(self._records)

    def record(self, record) -> str:
        """A record's full parsed content, hashed (frozen dataclasses of plain values: repr is their content)."""
        seen = self._records.get(id(record))
        if seen is not None and seen[0] is record:
            return seen[1]
        text = repr(record)
        if " at 0x" in text:
            raise Uncacheable(type(record).__name__)
        name = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        self._records[id(record)] = (record, name)
        return name

    def name(self, value, out: list) -> None:
        """Append the content of `value` to `out`."""
        Kind, Placed = self._kind, self._placed
        if value is None or isinstance(value, (bool, int, float, str, bytes, date, datetime, time)):
            out.append(repr(value) if not isinstance(value, Markup) else "M" + repr(str(value)))
        elif isinstance(value, Placed):   # its day, page, anchor and people all follow from its kind and record
            out.append(f"P({value.kind.name},{self.record(value.record)})")
        elif isinstance(value, (list, tuple)):
            out.append("[")
            for item in value:
                self.name(item, out)
            out.append("]")
        elif isinstance(value, dict):
            out.append("{")
            for key, item in value.items():
                self.name(key, out)
                self.name(item, out)
            out.append("}")
        elif isinstance(value, Kind):
            out.append(f"K({value.name})")
        elif callable(value) and hasattr(value, "__qualname__"):
            out.append(f"F({value.__module__}.{value.__qualname__})")   # the code itself: in the tool's fingerprint
        elif hasattr(value, "__dataclass_fields__"):
            out.append(self.record(value))
        else:
            raise Uncacheable(type(value).__name__)

    def key(self, *parts) -> str:
        """One hash naming every part."""
        out: list = []
        for part in parts:
            self.name(part, out)
            out.append("\x00")
        return hashlib.blake2b("".join(out).encode(), digest_size=20).hexdigest()


# -- what rendering looked up --------------------------------------------------------------------
class Recorder:
    """Stands for the site data and the page's linker while a cached page renders, noting each lookup's answer.

    `answers(data, urls)` gives the same lookups' answers for another build, so a stored page
    is reused only when they are all the same (`still_true`).
    """

    STATIC = frozenset({"org", "known_names", "staff_name", "department_name", "server"})   # in the key

    def __init__(self, data, linker, namer: Namer):
        self._data, self._linker, self._namer = data, linker, namer
        self.deps: dict[str, object] = {}

    # the site data -----------------------------------------------------------------------------
    def __getattr__(self, name):
        if name in self.STATIC:
            return getattr(self._data, name)
        raise AttributeError(f"site cache: templates of cached pages may not read data.{name} (see site/cache.py)")

    @property
    def now(self) -> datetime:
        """The build's moment; the page now depends on it."""
        self.deps["now"] = _answer("now", "", self._data, None, self._namer)
        return self._data.now

    @property
    def today(self) -> date:
        """The build's day; the page now depends on it."""
        self.deps["today"] = _answer("today", "", self._data, None, self._namer)
        return self._data.today

    def slip(self, slip_id: str):
        """Where a cited slip is (and what it holds), noted."""
        self.deps[f"slip\x00{slip_id}"] = _answer("slip", slip_id, self._data, None, self._namer)
        return self._data.slip(slip_id)

    def overdue(self, record) -> bool:
        """Whether a slip is overdue, the answer noted."""
        result = self._data.overdue(record)
        if getattr(record, "id", None) is not None and hasattr(record, "due"):
            self.deps[f"overdue\x00{record.id}"] = _answer("overdue", record.id, self._data, None, self._namer)
        return result

    def id_target(self, token: str):
        """The page an id in a body links to, noted."""
        self.deps[f"id\x00{token}"] = _answer("id", token, self._data, None, self._namer)
        return self._data.id_target(token)

    # the linker ---------------------------------------------------------------------------------
    def __call__(self, src_uri: str, anchor: str | None = None) -> str:
        self.deps[f"url\x00{src_uri}"] = self._linker.urls.get(src_uri)
        return self._linker(src_uri, anchor)


def _answer(kind: str, arg: str, data, urls, namer: Namer):
    """What a lookup answers in this build, as plain JSON values."""
    if kind == "now":
        return data.now.isoformat()
    if kind == "today":
        return data.today.isoformat()
    if kind == "slip":
        placed = data.slip(arg)
        return None if placed is None else [placed.page, placed.anchor, namer.record(placed.record)]
    if kind == "overdue":
        placed = data.slip(arg)
        return None if placed is None else bool(data.overdue(placed.record))
    if kind == "id":
        target = data.id_target(arg)
        return None if target is None else list(target)
    if kind == "url":
        return urls.get(arg)
    raise KeyError(kind)


def still_true(deps: dict, data, urls: dict, namer: Namer) -> bool:
    """Whether every lookup a stored page made answers the same in this build."""
    for key, then in deps.items():
        kind, _, arg = key.partition("\x00")
        try:
            if _answer(kind, arg, data, urls, namer) != then:
                return False
        except KeyError:
            return False
    return True


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's compiled templates kept in memory between rebuilds of `wutong serve`.

    Jinja checks each against its template's source (the bucket's checksum), so an edited theme is compiled again.
    """

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        """Give the bucket the code compiled earlier, if any."""
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        """Keep the bucket's freshly compiled code."""
        self._code[bucket.key] = bucket.bytecode_to_string()


# -- the store ---------------------------------------------------------------------------------
class Store:
    """Entries on disk under `<root>/.wutong-cache/site/<part>/`, with an optional in-memory layer (`wutong serve`)."""

    def __init__(self, root: Path | None, memory: dict | None = None):
        self.folder = root / CACHE_DIR if root is not None else None
        self.memory = memory
        self.hits = self.misses = 0

    def _path(self, part: str, name: str) -> Path:
        return self.folder / part / (hashlib.blake2b(name.encode(), digest_size=16).hexdigest() + ".bin")

    def get(self, part: str, name: str):
        """(header dict, [bodies]) stored for `name`, or None when missing or not intact."""
        if self.memory is not None and (part, name) in self.memory:
            return self.memory[part, name]
        if self.folder is None:
            return None
        raw = read_file(self._path(part, name))   # a regular file only, never through a link
        if raw is None:
            return None
        entry = _decode(raw, name)
        if entry is not None and self.memory is not None:
            self.memory[part, name] = entry
        return entry

    def put(self, part: str, name: str, header: dict, bodies: list[str]) -> None:
        """Keep an entry; a failure to write only costs time next build."""
        if self.memory is not None:
            self.memory[part, name] = (header, bodies)
        if self.folder is None:
            return
        try:
            write_file(self.folder.parent.parent, self._path(part, name), _encode(name, header, bodies))
        except OSError:
            pass


def _encode(name: str, header: dict, bodies: list[str]) -> bytes:
    blobs = [b.encode("utf-8") for b in bodies]
    head = json.dumps({"name": name, "header": header, "sizes": [len(b) for b in blobs]},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    rest = head + b"\n" + b"".join(blobs)
    return MAGIC + hashlib.blake2b(rest, digest_size=20).hexdigest().encode() + b"\n" + rest


def _decode(raw: bytes, name: str):
    """The entry in `raw`, or None unless it is whole, of this format, and for `name`."""
    try:
        if not raw.startswith(MAGIC):
            return None
        check, rest = raw[len(MAGIC):].split(b"\n", 1)
        if hashlib.blake2b(rest, digest_size=20).hexdigest().encode() != check:
            return None
        head_raw, blob = rest.split(b"\n", 1)
        head = json.loads(head_raw)
        if head.get("name") != name or sum(head["sizes"]) != len(blob):
            return None
        bodies, at = [], 0
        for size in head["sizes"]:
            bodies.append(blob[at:at + size].decode("utf-8"))
            at += size
        return head["header"], bodies
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        return None


def disabled() -> bool:
    """`wutong --no-cache` or WUTONG_NO_CACHE: build as if there were no cache (nothing read, nothing kept)."""
    return not enabled()
