"""`wutong serve`: preview the handbook while records are being written; a draft never stops it.

Why not mkdocs' own `serve`: when a rebuild raises, its server marks the new
version as never finished and every request waits for it, so the preview
stops answering as soon as anyone runs `wutong new` (a new record is invalid
until filled in, by design). Here the plugin builds from the valid records in
serve mode and lists the others in a banner on every page (`plugin.py`), and
`Preview` below never raises: a full build goes to a fresh folder and
replaces the served one only when complete; after a save that changed only
records, the changed pages are rewritten in the served folder (`incremental.py`);
when a build fails (a broken org.yml or mkdocs.yml), the last good site stays
and each of its pages gets a banner with the problem, and the next build is a
full one; before any good build, an error page says it. The address is said
once the server listens and watches, in Chinese; mkdocs' own English progress is quiet.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from markupsafe import escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.livereload import LiveReloadServer
from watchdog.observers import Observer

from ...core.errors import WutongError
from ...validate.records_in_memory import Reread
from .build import _quiet_mkdocs, site_config
from .cache import CompiledTemplates, Namer
from .incremental import FullBuildNeeded, LastBuild

FAILED = re.compile(r"<!--wutong-build-failed-->.*?<!--/wutong-build-failed-->", re.S)
BODY = re.compile(r"<body[^>]*>", re.I)
STYLE = ("background:#fdecea;color:#611a15;border-bottom:3px solid #c62828;padding:.8em 1.2em;"
         "font:15px/1.6 sans-serif;white-space:pre-wrap;margin:0")


class ServeError(WutongError):
    """The preview cannot start; the message says what to do."""


@dataclass
class ServeMemory:
    """What `wutong serve` keeps from one rebuild to the next, so that a save costs only what it changed.

    Made once by `serve_site`; `Preview` hands it to the plugin before every build (`WutongPlugin.memory`),
    which keeps its parts here, and `incremental.Rebuild` reads and replaces `last_build`. Outside
    `wutong serve` the plugin has none and keeps nothing between builds.
    """
    good: bool = False
    """The served folder holds a complete, good build: the next build may rewrite only the pages a save changed."""
    last_build: LastBuild | None = None
    """The last good build's shape, digests, titles and search entries, to compare the next with (`incremental.py`)."""
    records_read: Reread = field(default_factory=Reread)
    """Every record read, reused while its file is unchanged (`validate/records_in_memory.py`)."""
    monthly_reports: dict = field(default_factory=dict)
    """Each month's report and the key naming all it read (`report_pages.monthly_reports`)."""
    namer: Namer = field(default_factory=Namer)
    """Names the site cache's keys are made of: a record unchanged since the last rebuild keeps its name (`cache.py`)."""
    cache_entries: dict = field(default_factory=dict)
    """The site cache's in-memory layer: (part, name) -> entry, rendered pages and search entries (`cache.Store`)."""
    compiled_templates: CompiledTemplates = field(default_factory=CompiledTemplates)
    """The theme's templates, compiled once rather than on every rebuild."""

    def forget_last_build(self) -> None:
        """The served folder is about to change or is half rewritten: the next build is a full one."""
        self.good = False
        self.last_build = None


def failure_banner(message: str, kept: bool) -> str:
    """The HTML put at the top of every served page while the site cannot be (re)built."""
    said = "站点没能重新生成，下面是上一次生成的版本。" if kept else "站点没能生成。"
    return (f'<!--wutong-build-failed--><div class="wutong-build-failed" style="{STYLE}">'
            f"<strong>{said}</strong>\n{escape(message)}\n"
            f"改正后保存，预览会自动刷新。</div><!--/wutong-build-failed-->")


def mark_failed(site: Path, message: str) -> bool:
    """Put the failure banner on every page of `site` (replacing an earlier one), or write an error page.

    True when `site` holds an earlier good build (which the banner then says is shown).
    """
    pages = list(site.rglob("*.html"))
    kept = bool(pages) and not (site / ".wutong-error-page").exists()
    if not pages:
        page = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>站点没能生成</title><body></body></html>"
        for name in ("index.html", "404.html"):
            (site / name).write_text(page, encoding="utf-8")
        (site / ".wutong-error-page").touch()
        pages = [site / "index.html", site / "404.html"]
    banner = failure_banner(message, kept)
    for page in pages:
        html = FAILED.sub("", page.read_text(encoding="utf-8"))
        m = BODY.search(html)
        at = m.end() if m else 0
        page.write_text(html[:at] + banner + html[at:], encoding="utf-8")
    return kept


def _reason(exc: Exception, config=None) -> str:
    """A failed build in one Chinese paragraph: the plugin's own message, or mkdocs' with its kind.

    `config`: the failed build's configuration, whose wutong plugin kept the message mkdocs replaced.
    """
    plugin = config.plugins.get("wutong") if config is not None else None
    if plugin is not None and plugin.failure:
        return plugin.failure
    if isinstance(exc, PluginError):
        return str(exc)
    if isinstance(exc, ConfigurationError):
        return f"站点配置（mkdocs.yml）有错误：{exc}"
    return f"生成站点时出错（{type(exc).__name__}）：{exc}"


def serve_site(root: Path, address: str, say: Callable[[str], None] = print) -> None:
    """Serve the site of `root` at `address` until Ctrl+C, rebuilding when records/ or handbook/ change."""
    os.environ["WUTONG_ROOT"] = str(root)
    _quiet_mkdocs()
    for handler in logging.getLogger("mkdocs").handlers:  # a failed build is said once, by `Preview`, in Chinese
        handler.addFilter(_not_a_build_error)
    with site_config(root) as (config_path, overrides), tempfile.TemporaryDirectory(prefix="wutong-serve-") as work:
        def load(site_dir: Path):
            return load_config(str(config_path), site_dir=str(site_dir), dev_addr=address, strict=False, **overrides)

        preview = Preview(root, Path(work), load, say)
        try:
            config = load(preview.served)
        except ConfigurationError as exc:
            raise ServeError(f"站点配置有错误，预览没有启动：{exc}") from None
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            _serve(preview, config)
        finally:
            config.plugins.on_shutdown()


def _serve(preview: Preview, config) -> None:
    """Build the site once, watch what it is made of, and answer requests until Ctrl+C."""
    host, port = config.dev_addr
    server = _Server(builder=preview.build, host=host, port=port, root=str(preview.served),
                     changed=preview.changed, say=preview.say)
    server.error_handler = lambda code: _error_page(preview.served, code)
    preview.url = server.url
    preview.build()
    server.watch(config.docs_dir)
    if config.config_file_path:
        server.watch(config.config_file_path)
    server = config.plugins.on_serve(server, config=config, builder=preview.build)
    for item in config.watch:
        server.watch(item)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        busy = exc.errno == errno.EADDRINUSE
        raise ServeError(f"无法在 {host}:{port} 上预览：" + ("端口已被占用，请用 -a 127.0.0.1:8001 换一个端口"
                         if busy else f"{exc.strerror or exc}")) from None
    finally:
        server.shutdown()


class Preview:
    """The served folder and how it is rebuilt: `build` is what the server calls after a change. It never raises.

    When only records changed since a good build, the changed pages are rewritten in place (`incremental.py`);
    otherwise the site is built into a fresh folder that replaces the served one only when complete. On failure
    the last site stays, marked with the problem, and the next build is a full one.
    """

    def __init__(self, root: Path, work: Path, load: Callable[[Path], object], say: Callable[[str], None]):
        self.root = root
        self.work = work                  # holds the served folder and each fresh build
        self.served = work / "site"
        self.served.mkdir()
        self.load = load                  # site_dir -> mkdocs' configuration building into it
        self.say = say
        self.url = ""                     # the server's address, set once it is made
        self.memory = ServeMemory()
        self.changed: set[str] = set()    # paths the watcher reported since the last build began

    def build(self, config=None) -> None:
        """Rebuild after a change (`config`: mkdocs' server passes none)."""
        paths = set(self.changed)
        self.changed.difference_update(paths)
        if self.memory.good and only_records(self.root, paths) and self._rewrite_changed_pages():
            return
        self._build_afresh()

    def _rewrite_changed_pages(self) -> bool:
        """Build in place, dirty, so that mkdocs writes only the pages the save changed (`incremental.py`).

        False when that cannot be done (the site's shape changed: `FullBuildNeeded`, raised before anything
        is written): build afresh then.
        """
        config = None
        try:
            config = self.load(self.served)
            config.site_url = self.url
            plugin = config.plugins.get("wutong")
            if plugin is None:
                return False
            plugin.memory, plugin.incremental = self.memory, True
            mkdocs_build(config, serve_url=self.url, dirty=True)
        except FullBuildNeeded:
            return False
        except Exception as exc:  # noqa: BLE001 - as below; the site may be half rewritten: marked, then rebuilt
            self.memory.forget_last_build()
            reason = _reason(exc, config)
            mark_failed(self.served, reason)
            self.say(f"站点没能重新生成，预览仍是上一次的版本：{reason}")
        return True

    def _build_afresh(self) -> None:
        """Build into a fresh folder and swap it in; on failure keep the last site and mark it."""
        self.memory.forget_last_build()
        fresh = Path(tempfile.mkdtemp(prefix="build-", dir=self.work))
        config = None
        try:
            config = self.load(fresh)
            config.site_url = self.url
            if "wutong" in config.plugins:   # (mkdocs hands out the same plugin object on every load)
                config.plugins["wutong"].memory, config.plugins["wutong"].incremental = self.memory, False
            mkdocs_build(config, serve_url=self.url)
        except Exception as exc:  # noqa: BLE001 - any failure: the preview keeps answering with the last site
            shutil.rmtree(fresh, ignore_errors=True)
            reason = _reason(exc, config)
            kept = mark_failed(self.served, reason)
            self.say(f"站点没能重新生成，预览仍是上一次的版本：{reason}" if kept else f"站点没能生成：{reason}")
            return
        shutil.rmtree(self.served)
        os.rename(fresh, self.served)
        self.memory.good = True


def only_records(root: Path, paths) -> bool:
    """Whether every changed path is a record (under records/, not org.yml, duties.yml or calendar.yml)."""
    from ...records import REFERENCE_FILES

    if not paths:
        return False
    records = Path(os.path.abspath(root / "records"))
    reference = {Path(os.path.abspath(root / name)) for name in REFERENCE_FILES}
    for path in map(Path, paths):
        if not path.is_relative_to(records) or path == records or path in reference:
            return False
    return True


class _Server(LiveReloadServer):
    """mkdocs' live-reload server, watching through the system's change notices (`_ChangesOnly`)."""

    def __init__(self, *args, changed: set[str], say: Callable[[str], None], **kwargs):
        super().__init__(*args, **kwargs)
        self.say = say
        self.observer = _ChangesOnly(changed, started=self.ready, timeout=self.observer.timeout)

    def ready(self) -> None:
        """Listening, and watching: the address can be given out now (a save from now on is seen)."""
        self.say(f"站点预览：{self.url}（按 Ctrl+C 停止）")


class _ChangesOnly(Observer):
    """The system's file-change notices (inotify) instead of mkdocs' polling, when available; changes only.

    mkdocs polls every watched file twice a second: with 50,000 records each pass
    is a walk of every folder and a stat of every file, competing with the rebuild
    for the processor and adding up to half a second before a save is noticed.
    inotify also reports files being opened and closed unwritten, and mkdocs'
    server rebuilds on any event: every rebuild reads mkdocs.yml and org.yml, so
    it set off the next one, and the preview rebuilt without end; a save then
    waited for a useless rebuild to finish before its own began. Only events
    that change a file (`changes()`) are listened to.

    Each changed path is also noted in `changed`: `Preview.build` decides from them
    whether a rebuild may rewrite only the changed pages. `started` is called
    once the watches are in place (mkdocs starts the watcher after the server
    listens), so a file saved after the address is given out is always seen.
    """

    def __init__(self, changed: set[str], started: Callable[[], None], timeout: float):
        super().__init__(timeout=timeout)
        self.changed_paths = changed
        self.when_watching = started

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None):
        react = event_handler.on_any_event

        def note(event):
            self.changed_paths.update(p for p in (event.src_path, getattr(event, "dest_path", "")) if p)
            react(event)

        event_handler.on_any_event = note
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or changes())

    def start(self):
        super().start()
        self.when_watching()


def changes() -> list:
    """The watchdog events that mean a file was written, made, removed or renamed (not merely read)."""
    from watchdog import events as e

    return [e.FileCreatedEvent, e.FileDeletedEvent, e.FileModifiedEvent, e.FileMovedEvent, e.FileClosedEvent,
            e.DirCreatedEvent, e.DirDeletedEvent, e.DirModifiedEvent, e.DirMovedEvent]


def _not_a_build_error(record: logging.LogRecord) -> bool:
    """mkdocs' own words on a failed build (said once, in Chinese, by `Preview`) and on a dirty build (ours is exact)."""
    return not (record.name == "mkdocs.commands.build"
                and (record.levelno >= logging.ERROR or record.getMessage().startswith("A 'dirty' build")))


def _error_page(site: Path, code: int) -> bytes | None:
    page = site / f"{code}.html"
    return page.read_bytes() if code == 404 and page.is_file() else None
