"""The Chinese search index: every character and character pair, mapped to the pages holding it.

Why not the theme's search: measured with mkdocs-material 9.8.2, its lunr
search matches by word prefix only, and jieba cuts text into whole words, so a
query inside a word (禁卡 in 门禁卡, 车场 in 停车场) finds nothing, while 门禁
is cut to 门* and matches every page with 门岗. Its index also grows with the
full text and is built in the browser: 5,000 pages gave 23 MB and a 9 s first
search. Staff type a fragment of what they remember, so the rule here is
literal: a query finds every section that contains it.

How: text is cut into runs of letters and digits; every character and every
overlapping pair of each run is a key, and a key maps to the pages that have
it. A query's pairs (or its character, if it is one character long) select the
candidate pages; the browser then loads those pages' text (one small script
per page, loaded on demand, so it also works from file://) and keeps only the
sections that contain the query literally. Every page that contains the query
has all its pairs, so nothing is missed; the literal check removes the rest.
The index the browser loads first holds only keys and page numbers.
"""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ...core.privacy import mask

INDEX_FILE = "search/wutong-index.js"
SHARD = "search/p{}.js"

_RUN = re.compile(r"[^\W_]+")
# not text to find: scripts, styles, a heading's ¶ and a record's 在线修改 link
_DROP = re.compile(r"<(script|style)\b.*?</\1>|<a class=\"(?:headerlink|wt-edit)\"[^>]*>.*?</a>", re.S)
_INLINE = re.compile(r"</?(?:a|abbr|b|strong|em|i|code|span|mark|small|sub|sup|kbd|del|ins|u|s|q|time)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")
_ARTICLE = re.compile(r'<article class="wt-record[^"]*" id="([^"]+)" data-title="([^"]*)">(.*?)</article>', re.S)
_HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def text_of(html: str) -> str:
    """Visible text of an HTML fragment: inline tags vanish, block tags separate words."""
    html = _DROP.sub("", html)
    html = _INLINE.sub("", html)
    return " ".join(htmllib.unescape(_TAG.sub(" ", html)).split())


def grams(text: str) -> set[str]:
    """Every character and every pair of neighbouring characters within a run of letters and digits."""
    found = set()
    for run in _RUN.findall(text.lower()):
        found.update(run)
        found.update(run[i:i + 2] for i in range(len(run) - 1))
    return found


def sections(html: str, page_title: str) -> list[tuple[str, str, str]]:
    """(anchor, title, text) for each searchable part of a page: its record cards, or its headed sections."""
    out = []
    if 'class="wt-record' in html:
        rest = _ARTICLE.sub("\n", html)
        out = [(a, htmllib.unescape(t), text_of(body)) for a, t, body in _ARTICLE.findall(html)]
        intro = text_of(rest)
        return [("", page_title, intro)] + out if intro else out
    marks = list(_HEADING.finditer(html))
    start_text = text_of(html[:marks[0].start()] if marks else html)
    if start_text:
        out.append(("", page_title, start_text))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(html)
        title = text_of(m.group(3))
        body = text_of(html[m.end():end])
        anchor = "" if m.group(1) == "1" else m.group(2)
        out.append((anchor, title if m.group(1) != "1" else page_title, f"{title} {body}".strip()))
    return out


@dataclass
class Doc:
    """One page in the search index: its URL, title and rank, its sections as the shard's JSON, and its keys."""
    url: str
    title: str
    rank: tuple
    shard: str         # the page's sections, as its text script carries them
    keys: str          # every key of its title and text, one a line (a compact form: a page has thousands)
    count: int         # how many sections


class SearchIndex:
    """The site's Chinese search index, gathered page by page during the build and written at its end.

    Every section's title and text is masked (`privacy.mask`, with the owners' names `known`) as
    it goes in: the index holds text cut out of pages, and cutting (inline tags dropped, entities
    read) must not join a number the page's own masking saw split.

    With a `store` (`cache.Store`), a page whose URL, title and HTML are the same as in an earlier
    build (with the same masking code and names) takes its sections and keys from there instead of
    cutting its text again.
    """
    def __init__(self, store=None, known: frozenset[str] = frozenset()):
        self.docs: list[Doc] = []
        self.store = store
        self.known = known
        self._salt = b""
        if store is not None:
            from ...validate.cache import fingerprint
            self._salt = f"{fingerprint().hex()}\0{sorted(known)}\0".encode()

    def add(self, url: str, title: str, html: str, rank: tuple) -> Doc | None:
        """Index a rendered page by its sections (empty pages are left out); its entry, or None when empty."""
        digest = None
        if self.store is not None:
            digest = hashlib.blake2b(self._salt + f"{url}\0{title}\0".encode() + html.encode(),
                                     digest_size=20).hexdigest()
            entry = self.store.get("search", url)
            if entry is not None and entry[0].get("digest") == digest and len(entry[1]) == 2:
                if not entry[0]["count"]:
                    return None
                shard, keys = entry[1]
                self.docs.append(Doc(url, mask(title, self.known), rank, shard, keys, entry[0]["count"]))
                return self.docs[-1]
        parts = [(anchor, mask(part_title, self.known), mask(text, self.known))
                 for anchor, part_title, text in sections(html, title) if text]
        shard = _json([list(s) for s in parts]) if parts else ""
        keys = set()
        for _, part_title, text in parts:
            keys |= grams(part_title) | grams(text)
        lines = "\n".join(sorted(keys))
        if self.store is not None:
            self.store.put("search", url, {"digest": digest, "count": len(parts)}, [shard, lines])
        if not parts:
            return None
        self.docs.append(Doc(url, mask(title, self.known), rank, shard, lines, len(parts)))
        return self.docs[-1]

    def write(self, site_dir: Path, bar=None) -> dict:
        """Write the index and one text script per page; return their sizes in bytes.

        `bar` (a `progress.stage`) is advanced by each page's sections.
        """
        docs = sorted(self.docs, key=lambda d: d.rank)
        postings: dict[str, list[int]] = {}
        for i, doc in enumerate(docs):
            for key in doc.keys.split("\n") if doc.keys else ():
                postings.setdefault(key, []).append(i)
        index = {"v": 1, "pages": [[d.url, d.title] for d in docs],
                 "grams": {k: encode(v) for k, v in sorted(postings.items())}}
        out = site_dir / INDEX_FILE
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(f"wtSearch.load({_json(index)});\n", encoding="utf-8")
        shard_bytes = 0
        for i, doc in enumerate(docs):
            body = f"wtSearch.shard({i},{doc.shard});\n".encode()
            (site_dir / SHARD.format(i)).write_bytes(body)
            shard_bytes += len(body)
            if bar is not None:
                bar.advance(doc.count)
        return {"index_bytes": out.stat().st_size, "text_bytes": shard_bytes, "pages": len(docs),
                "sections": sum(d.count for d in docs), "keys": len(postings)}


def encode(ids: list[int]) -> str:
    """Sorted page numbers, in the shorter of two forms.

    Base-36 gaps joined by '.' ([3, 4, 40] -> '3.1.10') suit rare keys; a key
    on most pages (a common character) is shorter as a bitmap, '~' + base64.
    """
    out, last = [], 0
    for n in ids:
        out.append(_b36(n - last))
        last = n
    gaps = ".".join(out)
    if not ids or len(gaps) <= ids[-1] // 6 + 2:
        return gaps
    bits = bytearray(ids[-1] // 8 + 1)
    for n in ids:
        bits[n >> 3] |= 1 << (n & 7)
    return "~" + base64.b64encode(bytes(bits)).decode("ascii").rstrip("=")


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    s = ""
    while True:
        n, r = divmod(n, 36)
        s = digits[r] + s
        if not n:
            return s


def _json(value) -> str:
    # `</` cannot end a script block, and U+2028/2029 are line ends in older JavaScript
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
