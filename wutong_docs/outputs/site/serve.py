"""`wutong serve`: preview the handbook while records are being written; a draft never stops it.

Why not mkdocs' own `serve`: when a rebuild raises, its server marks the new
version as never finished and every request waits for it, so the preview
stops answering as soon as anyone runs `wutong new` (a new record is invalid
until filled in, by design). Here the plugin builds from the valid records in
serve mode and lists the others in a banner on every page (`plugin.py`), and
the builder below never raises: a full build goes to a fresh folder and
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
from pathlib import Path
from typing import Callable

from markupsafe import escape

from ...core.errors import WutongError
from .build import _quiet_mkdocs, site_config
from .incremental import FullBuildNeeded

FAILED = re.compile(r"<!--wutong-build-failed-->.*?<!--/wutong-build-failed-->", re.S)
BODY = re.compile(r"<body[^>]*>", re.I)
STYLE = ("background:#fdecea;color:#611a15;border-bottom:3px solid #c62828;padding:.8em 1.2em;"
         "font:15px/1.6 sans-serif;white-space:pre-wrap;margin:0")


class ServeError(WutongError):
    """The preview cannot start; the message says what to do."""


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


def _reason(exc: Exception) -> str:
    """A failed build in one Chinese paragraph: the plugin's own message, or mkdocs' with its kind."""
    from mkdocs.exceptions import ConfigurationError, PluginError

    if isinstance(exc, PluginError):
        return str(exc)
    if isinstance(exc, ConfigurationError):
        return f"站点配置（mkdocs.yml）有错误：{exc}"
    return f"生成站点时出错（{type(exc).__name__}）：{exc}"


def serve_site(root: Path, address: str, say: Callable[[str], None] = print) -> None:
    """Serve the site of `root` at `address` until Ctrl+C, rebuilding when records/ or handbook/ change."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.livereload import LiveReloadServer

    os.environ["WUTONG_ROOT"] = str(root)
    _quiet_mkdocs()
    for handler in logging.getLogger("mkdocs").handlers:  # a failed build is said once, by `builder`, in Chinese
        handler.addFilter(_not_a_build_error)
    with site_config(root) as (config_path, overrides), tempfile.TemporaryDirectory(prefix="wutong-serve-") as work:
        served = Path(work) / "site"
        served.mkdir()

        def load(site_dir: Path):
            return load_config(str(config_path), site_dir=str(site_dir), dev_addr=address, strict=False, **overrides)

        try:
            config = load(served)
        except ConfigurationError as exc:
            raise ServeError(f"站点配置有错误，预览没有启动：{exc}") from None
        config.plugins.on_startup(command="serve", dirty=False)
        host, port = config.dev_addr

        memory: dict = {}   # kept between rebuilds: records read (`reread`), pages rendered (`cache`), the last build
        changed: set[str] = set()   # paths the watcher reported since the last rebuild began

        class Server(LiveReloadServer):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.observer = _observer(self.observer, changed, started=self.ready)

            def ready(self):  # listening, and watching: the address can be given out now (a save from now on is seen)
                say(f"站点预览：{self.url}（按 Ctrl+C 停止）")

        def builder(config=None):
            """Rewrite the changed pages in place when only records changed (`incremental.py`), else build afresh.

            Never raises: on failure the last site stays, marked with the problem, and the next build is a full one.
            """
            paths = set(changed)
            changed.difference_update(paths)
            if memory.get("good") and only_records(root, paths):
                plugin = None
                try:
                    built = load(served)
                    built.site_url = server.url
                    plugin = built.plugins.get("wutong")
                    if plugin is None:
                        raise FullBuildNeeded("没有 wutong 插件")
                    plugin.memory, plugin.incremental = memory, True
                    build(built, serve_url=server.url, dirty=True)
                    return
                except FullBuildNeeded:
                    pass
                except Exception as exc:  # noqa: BLE001 - as below; the site may be half rewritten: marked, then rebuilt
                    memory["good"] = False
                    memory.pop("rebuild", None)
                    reason = (plugin and plugin.failure) or _reason(exc)
                    mark_failed(served, reason)
                    say(f"站点没能重新生成，预览仍是上一次的版本：{reason}")
                    return
            full_build()

        def full_build():
            """Build into a fresh folder and swap it in; on failure keep the last site and mark it. Never raises."""
            memory["good"] = False
            memory.pop("rebuild", None)
            fresh = Path(tempfile.mkdtemp(prefix="build-", dir=work))
            built = None
            try:
                built = load(fresh)
                built.site_url = server.url
                if "wutong" in built.plugins:   # (mkdocs hands out the same plugin object on every load)
                    built.plugins["wutong"].memory, built.plugins["wutong"].incremental = memory, False
                build(built, serve_url=server.url)
            except Exception as exc:  # noqa: BLE001 - any failure: the preview keeps answering with the last site
                shutil.rmtree(fresh, ignore_errors=True)
                plugin = built.plugins.get("wutong") if built is not None else None
                reason = (plugin and plugin.failure) or _reason(exc)
                kept = mark_failed(served, reason)
                say(f"站点没能重新生成，预览仍是上一次的版本：{reason}" if kept else f"站点没能生成：{reason}")
                return
            shutil.rmtree(served)
            os.rename(fresh, served)
            memory["good"] = True

        server = Server(builder=builder, host=host, port=port, root=str(served))
        server.error_handler = lambda code: _error_page(served, code)
        try:
            builder()
            server.watch(config.docs_dir)
            if config.config_file_path:
                server.watch(config.config_file_path)
            server = config.plugins.on_serve(server, config=config, builder=builder)
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
        finally:
            config.plugins.on_shutdown()


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


def _observer(polling, changed: set, started: Callable[[], None]):
    """The system's file-change notices (inotify) instead of mkdocs' polling, when available; changes only.

    mkdocs polls every watched file twice a second: with 50,000 records each pass
    is a walk of every folder and a stat of every file, competing with the rebuild
    for the processor and adding up to half a second before a save is noticed.
    inotify also reports files being opened and closed unwritten, and mkdocs'
    server rebuilds on any event: every rebuild reads mkdocs.yml and org.yml, so
    it set off the next one, and the preview rebuilt without end; a save then
    waited for a useless rebuild to finish before its own began. Only events
    that change a file (`changes()`) are listened to.

    Each changed path is also noted in `changed`: `builder` decides from them
    whether a rebuild may rewrite only the changed pages. `started` is called
    once the watches are in place (mkdocs starts the watcher after the server
    listens), so a file saved after the address is given out is always seen.
    """
    from watchdog.observers import Observer

    class ChangesOnly(Observer):
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None):
            react = event_handler.on_any_event

            def note(event):
                changed.update(p for p in (event.src_path, getattr(event, "dest_path", "")) if p)
                react(event)

            event_handler.on_any_event = note
            return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or changes())

        def start(self):
            super().start()
            started()

    return ChangesOnly(timeout=polling.timeout)


def changes() -> list:
    """The watchdog events that mean a file was written, made, removed or renamed (not merely read)."""
    from watchdog import events as e

    return [e.FileCreatedEvent, e.FileDeletedEvent, e.FileModifiedEvent, e.FileMovedEvent, e.FileClosedEvent,
            e.DirCreatedEvent, e.DirDeletedEvent, e.DirModifiedEvent, e.DirMovedEvent]


def _not_a_build_error(record: logging.LogRecord) -> bool:
    """mkdocs' own words on a failed build (said once, in Chinese, by `builder`) and on a dirty build (ours is exact)."""
    return not (record.name == "mkdocs.commands.build"
                and (record.levelno >= logging.ERROR or record.getMessage().startswith("A 'dirty' build")))


def _error_page(site: Path, code: int) -> bytes | None:
    page = site / f"{code}.html"
    return page.read_bytes() if code == 404 and page.is_file() else None
