"""`wutong serve` after a record is saved: only the pages it changed are rendered and written again.

Why: at 20,000 records the site has a few hundred pages, and mkdocs puts every
one of them through Markdown and the Material theme and writes the whole site
on every rebuild, about two seconds of work for one changed log. mkdocs has
its own way to skip a page, its dirty build (`build(config, dirty=True)`): a
page whose `File.is_modified()` is false is neither read, rendered nor written,
and site_dir is not emptied. This module decides, for each file, whether it
is modified, so that the result is what a full build would write.

How serve decides (`serve.py` + this module):
- serve builds in place, dirty, only when the last build succeeded and every
  file changed since is a record (not org.yml, duties.yml, calendar.yml, not
  the handbook, mkdocs.yml or the theme); otherwise, a full build into a fresh folder;
- the site's shape must be as last time (`Rebuild.signature`): every file's
  path in the site, the nav, each generated page's title and place, and the
  problems banner every page carries. If it changed (a new month, a deleted
  record's last page, a draft with an error), the build stops with
  `FullBuildNeeded` before anything is written, and serve builds in full;
- a generated page is modified when its Markdown source or its rendered HTML
  blocks (from the site cache, `cache.py`) differ from last time; a generated
  file (notice sheet, .ics, PDF) when its bytes differ; everything else
  (handbook pages, theme assets) is unchanged by the first rule;
- a page left as it is keeps its title and front matter in the nav the other
  pages show, and its search entry, from the last build (mkdocs does not read
  a skipped page, so it would otherwise have no title).
`tests/test_serve_incremental.py` compares the served pages with a cold build's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


class FullBuildNeeded(Exception):
    """The site's shape changed since the last build, or something it needs is missing: build in full.

    Not a PluginError: mkdocs would log it and turn it into a failed build.
    """


def _digest(*parts) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@dataclass(frozen=True)
class LastBuild:
    """What a good serve build leaves for the next to compare with; kept in `serve.ServeMemory.last_build`."""
    signature: str
    """The site's shape: its files, nav, generated pages and problems banner (`Rebuild._signature`)."""
    digests: dict[str, str]
    """src_uri -> a digest of each generated file: a page's Markdown and rendered blocks, a sheet's bytes."""
    titles: dict[str, tuple | None]
    """src_uri -> (title, front matter) of each page, given back to a page the next build skips."""
    docs: dict[str, object]
    """src_uri -> each page's search entry (None: an empty page), given back to a page the next build skips."""


class Rebuild:
    """One serve build's view of what changed since the last good one; made in the plugin's on_files.

    It compares with `memory.last_build` (a `LastBuild`), which only `finish` replaces.
    """

    def __init__(self, plugin, config, files):
        self.last: LastBuild | None = plugin.memory.last_build if plugin.incremental else None
        self._memory = plugin.memory
        self._files = files.documentation_pages()
        self.blocks: dict[str, list[str]] = {}
        self.digests: dict[str, str] = {}
        self.docs: dict[str, object] = {}
        self.skipped: set[str] = set()
        for uri, spec in plugin.pages.items():   # rendered now (not in on_page_content) to know which changed
            blocks = plugin._blocks(spec, plugin.urls[uri]) if spec.blocks else []
            self.blocks[uri] = blocks
            self.digests[uri] = _digest(spec.source, *blocks)
        for file in files:
            if file.generated_by is not None and file.src_uri not in self.digests:
                self.digests[file.src_uri] = _digest(file.content_bytes)
        self.signature = self._signature(plugin, config, files)
        if plugin.incremental:
            self._mark(files)

    @staticmethod
    def _signature(plugin, config, files) -> str:
        """Everything every page shows alike: the site's files, the nav, the generated pages' titles, the banner."""
        from .problems_banner import banner

        shape = [(f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files]
        pages = [(p.src_uri, p.title, p.nav_title, p.in_nav, p.searchable, p.order, p.wide, p.cached)
                 for p in plugin.pages.values()]
        problems = banner(plugin.problems, plugin.data.known_names) if plugin.problems else ""
        return _digest(repr(shape), repr(config.nav), repr(pages), problems)

    def _mark(self, files) -> None:
        """Tell mkdocs which files to write again: a generated one whose content changed; no other."""
        if self.last is None or self.last.signature != self.signature:
            raise FullBuildNeeded("站点结构变了，整站重新生成")
        before = self.last.digests
        for file in files:
            changed = file.src_uri in self.digests and before.get(file.src_uri) != self.digests[file.src_uri]
            file.is_modified = (lambda changed=changed: changed)   # what mkdocs' dirty build asks each file
            if not changed and file.is_documentation_page():
                self.skipped.add(file.src_uri)

    def keep_titles(self, files) -> None:
        """Give each page mkdocs will skip its last title and front matter (the nav of the others shows them)."""
        for uri in self.skipped:
            page = files.get_file_from_path(uri).page
            if page is None:
                continue
            if uri not in self.last.titles:
                raise FullBuildNeeded(uri)
            page.title, page.meta = self.last.titles[uri]

    def indexed(self, uri: str, doc) -> None:
        """The search entry made for a page rendered in this build (None: an empty page)."""
        self.docs[uri] = doc

    def finish(self, search) -> None:
        """Add the skipped pages' search entries to `search` and keep this build's state for the next one.

        Called in on_post_build, when every page is written; a build that fails after it is a failed build,
        after which serve builds in full.
        """
        titles = {}
        for uri, file in ((f.src_uri, f) for f in self._files):
            if uri in self.skipped:
                titles[uri] = self.last.titles.get(uri)
                if search is not None and uri in self.last.docs:
                    self.docs[uri] = doc = self.last.docs[uri]
                    if doc is not None:
                        search.docs.append(doc)
            elif file.page is not None:
                titles[uri] = (file.page.title, file.page.meta)
        self._memory.last_build = LastBuild(self.signature, self.digests, titles, self.docs)
