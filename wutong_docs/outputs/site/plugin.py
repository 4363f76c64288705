"""The `wutong` mkdocs plugin: records in, generated handbook pages and the Chinese search index out.

Why a plugin: plain `mkdocs build` and `mkdocs serve` then build the whole
handbook, and nothing generated is ever written into `handbook/`. The build
follows mkdocs' own order, using only its public plugin API:

- on_config: refuse a site_dir that is not ours to empty (plain `mkdocs build -d records`
  would clean it), validate the records (errors stop the build with the report),
  put our Chinese 404 page before the theme's,
  read the duty book, decide every generated page, list the role pages in the nav;
- on_files: add the generated pages, each board notice's printable sheets,
  each person's calendar feed (.ics) and each month's report PDF, as in-memory files (`File.generated`); then every page and asset of the
  shipped handbook (`wutong_docs/data/handbook/`) whose path the repository's
  handbook/ does not have, so the repository's own file wins, and since this
  runs before mkdocs builds the nav, nav entries for shipped pages are valid;
- on_page_content: put the rendered HTML blocks into the generated pages, and
  hand each searchable page to the search index (which masks each section's text once more);
- on_post_page: mask the finished page once more, navigation and title included (`privacy.mask_html`);
- on_post_build: write the search index;
- on_serve: rebuild when anything under records/ changes.

`wutong build` (and plain `mkdocs build`) is strict: a record with an error
stops it, as CI needs. In serve mode (on_startup says so) a record with an
error never stops the preview: the site is built from the other records and
every page starts with a banner listing the problems (path:line, message, fix),
so the person writing a draft sees what to fill in. Errors in org.yml,
duties.yml or calendar.yml still stop a build: without them no page is right
(`serve.py` then keeps the last good site and says why).
"""

from __future__ import annotations

import logging
import os
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from ...core.dates import now as beijing_now
from ...core.output import OutputError, check_site_dir
from ...core.privacy import mask_html
from .page import PLACEHOLDER, Linker, safe_title
from .render import render

if TYPE_CHECKING:
    from .serve import ServeMemory

log = logging.getLogger("mkdocs.plugins.wutong")


class WutongConfig(base.Config):
    """The plugin's options in mkdocs.yml (`plugins: - wutong: {…}`)."""
    root = c.Optional(c.Type(str))
    """The records repository (the folder holding records/); default: the folder of mkdocs.yml."""
    now = c.Optional(c.Type(str))
    """The moment slips are judged overdue against, "YYYY-MM-DD HH:MM"; default: now, Beijing time."""
    search = c.Type(bool, default=True)
    """Write the Chinese search index (search/wutong-index.js)."""
    cache = c.Type(bool, default=True)
    """Keep rendered record pages and search entries in <root>/.wutong-cache/site/ and reuse them (`cache.py`)."""


class WutongPlugin(BasePlugin[WutongConfig]):
    """The mkdocs plugin that turns the validated records into generated pages, without writing into handbook/."""
    def __init__(self):
        self.report = None       # a validation report handed over by `wutong build`, used once
        self.data = None
        self.pages = {}
        self.urls = {}
        self.search = None
        self.stats = {}
        self.serving = False     # `mkdocs serve` / `wutong serve`: records with errors are left out, not fatal
        self.problems = []       # in serve mode: the errors of the records left out, shown on every page
        self.failure = None      # the message of the error that stopped the last build
        self.memory: ServeMemory | None = None   # `wutong serve`: what it keeps between rebuilds (`serve.py`)
        self.store = None        # cache.Store, or None when the cache is off
        self.namer = None
        self.global_key = ""
        self.weights = {}        # src_uri -> how many record entries the page shows: the progress bars' unit
        self.incremental = False  # `wutong serve`: rewrite only the pages that changed, in place (`incremental.py`)
        self.rebuild = None      # incremental.Rebuild of this build, in `wutong serve`
        self._stage = ExitStack()
        self._bar = None

    def on_startup(self, *, command, dirty):
        """Remember whether this is `serve`, where invalid records become a banner instead of a failed build."""
        self.serving = command == "serve"

    def on_build_error(self, *, error):
        """Keep the failure's own message: mkdocs replaces a plugin's error by "Aborted with a BuildError!"."""
        self.failure = str(error)

    # -- configuration -------------------------------------------------------------
    def root(self, config) -> Path:
        """The `root` option, else $WUTONG_ROOT (set by `wutong serve --root`), else mkdocs.yml's folder."""
        base_dir = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        given = self.config.root or os.environ.get("WUTONG_ROOT")
        return (base_dir / given).resolve() if given else base_dir

    def now(self) -> datetime:
        """The moment slips are judged against: the `now` option, WUTONG_NOW, else now in Beijing."""
        given = self.config.now or os.environ.get("WUTONG_NOW")
        if not given:
            return beijing_now()
        try:
            return datetime.fromisoformat(given)
        except ValueError:
            raise PluginError(f"wutong 插件的 now 写法不对：{given}，应为 YYYY-MM-DD HH:MM") from None

    def on_config(self, config):
        """Validate the records (or take the report `wutong build` handed over) and generate the pages; invalid records
        stop the build.
        """
        from ...core.problems import ERROR, format_text
        from .data import collect
        from .pages import generate

        root = self.root(config)
        try:  # mkdocs empties site_dir right after this event; `wutong build` hands it a fresh folder
            check_site_dir(root, config.site_dir)
        except OutputError as exc:
            raise PluginError(str(exc)) from None
        report, self.report = self.report, None
        self.rebuild = None
        self.problems, self.failure = [], None
        if report is None and self.serving:
            reuse = self.memory.records_read if self.memory is not None else None
            report, self.problems = _without_invalid(root, reuse)
        elif report is None:  # plain `mkdocs build`: `wutong build` hands over the report it validated
            from ...core.errors import ProblemsError
            from ...validate.pipeline import validated
            try:
                report = validated(root, summary="records/ 中有 {errors} 个错误，改正后才能生成站点（wutong validate 可查看全部）")
            except ProblemsError as exc:
                errors = [p for p in exc.problems if p.severity == ERROR]
                raise PluginError(f"{exc}：\n{format_text(errors[:50])}") from None
        _theme_overrides(config)
        data = collect(root, report, self.now(), _server(config))
        self.data = data
        memo = self.memory.monthly_reports if self.memory is not None else None
        self.pages = {p.src_uri: p for p in generate(data, memo)}
        self._list_in_nav(config)
        self._open_cache(root)
        from ...core.progress import shown
        if shown(2 ** 62):   # a bar may be drawn: weigh each page by its entries (else, not worth the time)
            self.weights = {uri: _entries(p.blocks) + 1 for uri, p in self.pages.items()}
        else:
            self.weights = {}
        return config

    def _open_cache(self, root: Path) -> None:
        """The site cache of `root` (and serve's in-memory layer), unless switched off; its key parts common to all pages."""
        from ...validate.cache import fingerprint, usable
        from .cache import Namer, Store, disabled

        on = self.config.cache and not disabled() and usable(root)   # not a cache Git tracks (`cache.usable`)
        if self.memory is None:
            self.namer = Namer()
            self.store = Store(root, None) if on else None
        else:   # `wutong serve`: records unchanged since the last rebuild are the same objects, named once
            if self.memory.namer.size() > 3 * len(self.data.placed) + 1000:   # old records pile up: start again
                self.memory.namer = Namer()
            self.namer = self.memory.namer
            self.store = Store(root if on else None, self.memory.cache_entries)
        if self.store is not None:
            server = self.data.server
            self.global_key = self.namer.key(fingerprint(), self.data.org, sorted(self.data.known_names),
                                             [server.repo, server.edit, server.branch] if server else None)

    def _list_in_nav(self, config) -> None:
        """Under the nav entry of a generated section index (roles/index.md), list its generated pages."""
        if config.nav:
            config.nav = nav_with_generated(config.nav, self.pages)

    # -- files and pages --------------------------------------------------------------
    def on_files(self, files, config):
        """Add the generated pages, the notice sheets and the shipped handbook pages the repository does not override.
        """
        for uri, page in self.pages.items():
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"handbook/{uri} 与生成的页面同名：请改名或删去该文件")
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, uri, content=page.source, inclusion=inclusion))
        from .pages import generated_files
        for uri, content in generated_files(self.data).items():
            files.append(File.generated(config, uri, content=content))
        _add_shipped(files, config)
        self.urls = {f.src_uri: f.url for f in files.documentation_pages()}
        if self.config.search:
            from .search_index import SearchIndex
            self.search = SearchIndex(self.store, self.data.known_names)
        if self.memory is not None:   # `wutong serve`: which pages changed since the last build (may refuse: a full build)
            from .incremental import Rebuild
            self.rebuild = Rebuild(self, config, files)
        self._begin("生成页面")
        return files

    def on_nav(self, nav, config, files):
        """`wutong serve`, rewriting only changed pages: the pages left as they are keep their titles in the nav."""
        if self.rebuild is not None:
            self.rebuild.keep_titles(files)
        return nav

    def on_page_content(self, html, page, config, files):
        """Put each page's rendered HTML blocks in place and add the page to the search index."""
        spec = self.pages.get(page.file.src_uri)
        if spec is not None and spec.blocks:
            early = self.rebuild.blocks.get(spec.src_uri) if self.rebuild is not None else None
            blocks = early if early is not None else self._blocks(spec, page.url)
            html = PLACEHOLDER.sub(lambda m: blocks[int(m.group(1))], html)
        if self.search is not None and (spec is None or spec.searchable):
            doc = self.search.add(page.url, page.title or "", html, rank(page.file.src_uri, spec))
            if self.rebuild is not None:
                self.rebuild.indexed(page.file.src_uri, doc)
        if self.problems:
            from .problems_banner import banner
            html = banner(self.problems, self.data.known_names) + html
        if self._bar is not None:
            self._bar.advance(self.weights.get(page.file.src_uri, 1))
        return html

    def _blocks(self, spec, url: str) -> list[str]:
        """A generated page's HTML blocks: from the site cache when nothing they show changed, else rendered."""
        from .cache import Recorder, Uncacheable, still_true

        link = Linker(url, self.urls)
        if self.store is None or not spec.cached:
            return render_blocks(spec, link, self.data)
        try:
            key = self.namer.key(self.global_key, spec.src_uri, url, spec.blocks)
        except Uncacheable:
            return render_blocks(spec, link, self.data)
        entry = self.store.get("pages", spec.src_uri)
        if (entry is not None and entry[0].get("key") == key and len(entry[1]) == len(spec.blocks)
                and isinstance(entry[0].get("deps"), dict) and still_true(entry[0]["deps"], self.data, self.urls, self.namer)):
            self.store.hits += 1
            return entry[1]
        self.store.misses += 1
        seen = Recorder(self.data, link, self.namer)
        blocks = render_blocks(spec, seen, seen)
        self.store.put("pages", spec.src_uri, {"key": key, "deps": seen.deps}, blocks)
        return blocks

    def on_env(self, env, config, files):
        """Every page's content is made: the theme now puts each in its frame and writes it.

        In `wutong serve` the theme's templates are compiled once, not on every rebuild (`cache.CompiledTemplates`).
        """
        if self.memory is not None:
            env.bytecode_cache = self.memory.compiled_templates
        self._begin("写出站点")
        return env

    def on_post_page(self, output, page, config):
        """One page written: masked once more as a whole (its title, navigation and table of contents too)."""
        if self._bar is not None:
            self._bar.advance(self.weights.get(page.file.src_uri, 1))
        return mask_html(output)

    def _begin(self, label: str) -> None:
        """Close the running stage's bar and open the next (drawn only on a terminal, for big sites: `progress.py`)."""
        from ...core.progress import stage

        self._stage.close()
        total = sum(self.weights.values()) if self.weights else None
        self._bar = self._stage.enter_context(stage(label, total))

    def on_shutdown(self):
        """A bar left open by a failed build is closed."""
        self._stage.close()
        self._bar = None

    def on_post_build(self, config):
        """Write the Chinese search index once every page is in."""
        self._stage.close()
        self._bar = None
        if self.rebuild is not None:
            self.rebuild.finish(self.search)
        if self.search is not None:
            from ...core.progress import stage

            with stage("搜索索引", sum(d.count for d in self.search.docs)) as bar:
                self.stats = self.search.write(Path(config.site_dir), bar)
            if self.store is not None:
                self.stats.update(cache_hits=self.store.hits, cache_misses=self.store.misses)
            log.info("wutong: 检索索引 %(pages)d 页、%(sections)d 段，索引 %(index_bytes)d 字节", self.stats)

    def on_serve(self, server, config, builder):
        """Rebuild the preview when a record changes, not only the handbook."""
        server.watch(str(self.root(config) / "records"))
        return server


def _without_invalid(root: Path, reuse=None):
    """Serve mode: (the report with only the records free of errors, those errors); reference files must be valid."""
    from dataclasses import replace

    from ...core.problems import format_text
    from ...validate.pipeline import partition, reference_errors, validate

    report = validate(root, reuse=reuse)
    records, errors = partition(report)
    reference, files = reference_errors(errors)
    if reference:
        raise PluginError(f"{files} 有错误，站点无法生成：\n{format_text(reference[:50])}")
    return replace(report, records=records), errors


THEME_OVERRIDES = Path(__file__).parent / "theme"


def _server(config):
    """The Git server mkdocs.yml's repo_url and edit_uri name (`reference.git_server`), or None."""
    from ...reference.git_server import GitServerError, git_server

    try:
        return git_server(config.repo_url, config.edit_uri)
    except GitServerError as exc:
        raise PluginError(str(exc)) from None


def _theme_overrides(config) -> None:
    """Put our theme pages (404.html in Chinese) before the theme's own, after the estate's custom_dir.

    Done here rather than as `theme.custom_dir` in mkdocs.yml, because that path is relative
    to mkdocs.yml and the package's folder is not: the repository's mkdocs.yml, the shipped
    default and one an estate writes itself all get the page by listing the plugin.
    """
    dirs = config.theme.dirs
    if str(THEME_OVERRIDES) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_OVERRIDES))


def _add_shipped(files, config) -> None:
    """Add each shipped handbook file whose path the repository lacks.

    A shipped page that an explicit nav leaves out is built but kept out of the
    nav (rather than warned about, which fails a strict build): the estate chose
    not to list it, and it has no way to delete a file of the package.
    """
    from ...data import HANDBOOK

    listed = set(nav_paths(config.nav)) if config.nav else None
    for path in sorted(HANDBOOK.rglob("*")):
        uri = path.relative_to(HANDBOOK).as_posix()
        if not path.is_file() or files.get_file_from_path(uri) is not None:
            continue
        inclusion = InclusionLevel.UNDEFINED
        if listed is not None and uri.endswith(".md") and uri not in listed:
            inclusion = InclusionLevel.NOT_IN_NAV
        files.append(File(uri, str(HANDBOOK), config.site_dir, config.use_directory_urls, inclusion=inclusion))


def fill_blocks(html: str, spec, url: str, urls: dict, data) -> str:
    """A page's HTML with its rendered blocks in place of the placeholders (either engine calls this after Markdown).

    `url` is the page's own URL and `urls` every page's (src_uri -> url), so links are relative.
    """
    if spec is None or not spec.blocks:
        return html
    blocks = render_blocks(spec, Linker(url, urls), data)
    return PLACEHOLDER.sub(lambda m: blocks[int(m.group(1))], html)


def render_blocks(spec, link, data) -> list[str]:
    """A generated page's HTML blocks, rendered now (no cache): `link` makes its links, `data` is the site's."""
    return [render(template, link=link, data=data, **context) for template, context in spec.blocks]


def nav_with_generated(nav: list, pages: dict) -> list:
    """`nav` with each generated section index (roles/index.md) followed by its generated pages (src_uri -> Page)."""
    for index_uri in [u for u, p in pages.items() if p.in_nav and u.endswith("/index.md")]:
        folder = index_uri[: -len("index.md")]
        children = [{safe_title(p.nav_title or p.title): u} for u, p in pages.items()
                    if p.in_nav and u.startswith(folder) and u != index_uri]
        if children:
            nav = _expand(nav, index_uri, children)
    return nav


def _entries(value) -> int:
    """How many records a page's block contexts hold (cards, table rows, links): a page's weight for progress."""
    from .data import Placed

    if isinstance(value, Placed):
        return 1
    if isinstance(value, (list, tuple)):
        return sum(_entries(v) for v in value)
    if isinstance(value, dict):
        return sum(_entries(v) for v in value.values())
    return 0


def nav_paths(nav):
    """Every page path named in a nav (strings, nested in lists and one-key mappings)."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_paths(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_paths(value)


# the records of a matter (a slip, a case, a work order) come before the logs and minutes that mention it:
# someone searching 漏水 is looking for the leak, not for the day someone wrote about it
MATTERS = ("slip", "case", "workorder", "legacy", "inspection")
HOME = "index.md"


def rank(uri: str, spec) -> tuple:
    """Where a page comes in search results (`uri`: the page's src_uri), lower first.

    The procedures, then the records (matters first, then by kind, each kind newest month first), then
    the rest of the handbook; the home page, whose text explains the search itself, comes last (issue 23).
    """
    if spec is None:
        if uri == HOME:
            return (99, uri)
        return (0 if uri.startswith("procedures/") else 5, uri)
    if uri.startswith("records/"):
        kind, _, name = uri[len("records/"):].partition("/")
        first = MATTERS.index(kind) if kind in MATTERS else len(MATTERS)
        month = name.rsplit("/", 1)[-1][:-3]
        return (1, first, kind, "".join(chr(0x10FFFF - ord(ch)) for ch in month), uri)
    return (spec.order, uri)


def _expand(nav: list, index_uri: str, children: list) -> list:
    """`- 岗位职责: roles/index.md` (or a section starting with it) gains the generated pages after it."""
    out = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            if value == index_uri:
                item = {title: [index_uri, *children]}
            elif isinstance(value, list):
                item = {title: [*value, *children] if value and value[0] == index_uri
                        else _expand(value, index_uri, children)}
        out.append(item)
    return out
