"""The one rule for what a record may link to, and where a picture in it may load from.

Record bodies are written by many hands and published on the site (and, for
notices, on the printed sheets the site also serves). A link there must never
run script (`javascript:`, `vbscript:`, `data:` …) or reach a file or machine
the reader did not choose (`file:`, `//host/share`), and a picture must never
make the reader's browser fetch from outside the intranet: that would tell an
outside server who read which record, and the site promises to work with no
internet at all. Both Markdown renderers (Python-Markdown for the site's
record cards, markdown-it for the notice sheets) ask these two functions about
the final `href` / `src` they are about to write, so they cannot disagree.

The check reads a URL the way a browser does, and then some: HTML character
references are decoded (repeatedly, so `&amp;#106;` counts too), as is
percent-encoding; leading and trailing spaces and control characters are
dropped, tabs and line breaks anywhere are removed, `\\` counts as `/`, and
stray characters before the first letter (`<javascript:`) are ignored.
A URL is refused when any of those readings names a scheme outside the list
or points at another host; refusing a harmless oddity costs nothing, missing
a trick costs a script run in a colleague's browser.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_EDGES = "".join(chr(c) for c in range(0x21))          # what a URL parser trims: C0 controls and space
_INSIDE = re.compile(r"[\t\n\r]")                     # what it removes anywhere
# characters before the first letter that are not a path, query or anchor: `<javascript:`, U+FFFD …
_JUNK = re.compile(r"^[^A-Za-z/?#]+(?=[A-Za-z])")
_ROUNDS = 32                                          # readings tried; real URLs settle in two or three


def _readings(url: str) -> list[str] | None:
    """Every way a browser (or one after more decoding) might read `url`; None if they never settle."""
    seen: list[str] = []
    todo = [url]
    while todo:
        text = _INSIDE.sub("", todo.pop().strip(_EDGES)).replace("\\", "/")
        if text in seen:
            continue
        if len(seen) == _ROUNDS:
            return None
        seen.append(text)
        todo += [html.unescape(text), unquote(text), _JUNK.sub("", text)]
    return seen


def _scheme(reading: str) -> str | None:
    m = _SCHEME.match(reading)
    return m.group(1).lower() if m else None


def is_safe_url(url: str) -> bool:
    """May a record link here? Only http, https, mailto, tel, or a link within the site.

    "Within the site" is a relative path, `?query` or `#anchor`; `//host/…`
    is refused, since on a site opened from a shared folder it becomes
    `file://host/…` and makes Windows connect to that machine.
    """
    readings = _readings(url)
    if readings is None:
        return False
    for reading in readings:
        scheme = _scheme(reading)
        if scheme is None and reading.startswith("//"):
            return False
        if scheme is not None and scheme not in ALLOWED_SCHEMES:
            return False
    return True


def is_local_url(url: str) -> bool:
    """May a picture load from here? Only from within the site: no scheme, no host."""
    readings = _readings(url)
    return readings is not None and all(_scheme(r) is None and not r.startswith("//") for r in readings)
