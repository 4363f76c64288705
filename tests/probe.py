"""Measuring a built site the way staff use it: a local static server, Chromium, literal ground truth.

Why one module, and why under tests/: the browser tests and the site benchmark
(benchmarks/bench_site.py, which puts tests/ on its path) measure the same things
(does a query find every page that contains it, and only those; does any request
leave the machine; how long does the first search take), and must measure them
the same way. It is a test helper, not part of what users install. Playwright is
a test dependency, imported only when a browser is started.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# a fixed list of what staff type: whole words, fragments inside words, record words, codes
QUERIES = ["钥匙", "回访", "装修垃圾", "禁卡", "门禁", "车场", "停车场", "催缴", "催缴函", "业主卡",
           "传递单", "漏水", "满意度", "入伙", "临时出入证", "周报", "早会", "过夜", "验收", "公示栏",
           "工程部", "巡查", "律师函", "包裹", "WT404"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(site_dir: Path):
    """A plain static HTTP server on 127.0.0.1 (a free port); yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


class OutsideRequests:
    """Every request a page makes that does not go to the local server."""

    def __init__(self, page, base: str):
        self.base, self.urls = base, []
        page.on("request", self._seen)

    def _seen(self, request):
        if not request.url.startswith(self.base) and not request.url.startswith(("data:", "blob:", "about:")):
            self.urls.append(request.url)


def type_query(page, query: str) -> None:
    """Type into the header box as a person would; End afterwards, since typing Chinese fires no keyup."""
    box = page.locator(".wt-search__input")
    box.click()
    box.fill("")
    page.keyboard.type(query)
    page.keyboard.press("End")


def wait_for_results(page, query: str, timeout_ms: int = 20000) -> str:
    """Wait until the panel answers `query` itself (not a prefix typed a moment earlier)."""
    page.wait_for_function(
        "q => { const s = document.querySelector('.wt-search__status');"
        " return s && !s.closest('[hidden]') && (s.textContent.includes('“' + q + '”') || /出错/.test(s.textContent)); }",
        arg=query.strip(), timeout=timeout_ms)
    return page.inner_text(".wt-search__status")


def first_search_seconds(page, base: str, query: str) -> float:
    """From opening the box to the first results on screen, index not yet loaded."""
    page.goto(base + "index.html")
    page.wait_for_load_state("load")
    start = time.perf_counter()
    type_query(page, query)
    wait_for_results(page, query)
    return time.perf_counter() - start


def all_results(page, query: str) -> tuple[list[str], int]:
    """Every page the site's search returns for `query` (URLs relative to the site root), and how many
    candidate pages the character-pair index proposed (each one's text had to be loaded and checked)."""
    found = page.evaluate(
        "async q => { const r = await window.wtSearch.query(q, {pages: 1e9});"
        " return [r.results.map(x => x.url), r.candidates]; }", query)
    return found[0], found[1]


def indexed_pages(page) -> list[str]:
    return page.evaluate("async () => (await window.wtSearch.ready()).pages.map(p => p[0])")


# -- ground truth, read from the built HTML independently of the search index --------------
_BLOCK = {"p", "div", "li", "ul", "ol", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
          "br", "dt", "dd", "dl", "article", "section", "header", "nav", "pre", "blockquote", "hr", "thead", "tbody"}


class _ContentText(HTMLParser):
    """The text of the page's main content (`article.md-content__inner`), as a reader sees it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.skip, self.parts = 0, 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            if tag == "article":
                self.depth += 1
            if self.skip or tag in ("script", "style") or "headerlink" in (attrs.get("class") or ""):
                self.skip += 1
            if tag in _BLOCK:
                self.parts.append(" ")
        elif tag == "article" and "md-content__inner" in (attrs.get("class") or ""):
            self.depth = 1

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if self.skip and (tag in ("script", "style", "a") or self.skip > 1):
            self.skip = max(0, self.skip - 1)
        if tag == "article":
            self.depth -= 1
        if tag in _BLOCK:
            self.parts.append(" ")

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def content_text(html: str) -> str:
    parser = _ContentText()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def pages_containing(site_dir: Path, urls: list[str], query: str, cache: dict) -> set[str]:
    """Of `urls`, those whose content contains `query` literally (case-insensitive)."""
    words = query.lower().split()
    found = set()
    for url in urls:
        if url not in cache:
            cache[url] = content_text((site_dir / url).read_text(encoding="utf-8")).lower()
        if all(w in cache[url] for w in words):
            found.add(url)
    return found


def recall_precision(page, site_dir: Path, queries: list[str] = QUERIES) -> list[dict]:
    """For each query: the pages that contain it, the pages returned, recall and precision."""
    urls = indexed_pages(page)
    cache: dict = {}
    rows = []
    for q in queries:
        relevant = pages_containing(site_dir, urls, q, cache)
        urls_returned, candidates = all_results(page, q)
        returned = set(urls_returned)
        hit = len(relevant & returned)
        rows.append({"query": q, "relevant": len(relevant), "returned": len(returned), "hit": hit,
                     "candidates": candidates,
                     "recall": hit / len(relevant) if relevant else 1.0,
                     "precision": hit / len(returned) if returned else 1.0,
                     "missed": sorted(relevant - returned), "extra": sorted(returned - relevant)})
    return rows


def summary(rows: list[dict]) -> tuple[float, float]:
    """Micro-averaged recall and precision over all queries."""
    relevant = sum(r["relevant"] for r in rows)
    returned = sum(r["returned"] for r in rows)
    hit = sum(r["hit"] for r in rows)
    return (hit / relevant if relevant else 1.0, hit / returned if returned else 1.0)
