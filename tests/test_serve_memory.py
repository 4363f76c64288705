"""What `wutong serve` keeps between rebuilds (`serve.ServeMemory`) and how it hears of a change (`serve._ChangesOnly`).

The previews themselves are tested end to end in test_serve.py and test_serve_incremental.py; these are the
small parts they are made of, tested without a server.
"""

from __future__ import annotations

import ast
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEventHandler

from wutong_docs.outputs.site import incremental, serve
from wutong_docs.outputs.site.incremental import LastBuild
from wutong_docs.outputs.site.serve import ServeMemory, _ChangesOnly


def test_forgetting_the_last_build_makes_the_next_one_full():
    memory = ServeMemory(good=True, last_build=LastBuild("shape", {}, {}, {}))
    memory.forget_last_build()
    assert memory.good is False and memory.last_build is None


def test_each_serve_keeps_its_own_memory():
    """Two previews (or two tests) never share the records read or the cache's in-memory layer."""
    one, two = ServeMemory(), ServeMemory()
    one.cache_entries["pages", "a"] = ("header", [])
    one.monthly_reports["2024-05"] = ("key", {})
    assert two.cache_entries == {} and two.monthly_reports == {}
    assert one.records_read is not two.records_read and one.namer is not two.namer
    assert one.compiled_templates is not two.compiled_templates


def _undocumented_fields(module, name: str) -> list[str]:
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name).body
    return [node.target.id for node, after in zip(body, body[1:] + [None])
            if isinstance(node, ast.AnnAssign)
            and not (isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                     and isinstance(after.value.value, str))]


def test_every_field_serve_keeps_says_what_it_is():
    assert _undocumented_fields(serve, "ServeMemory") == []
    assert _undocumented_fields(incremental, "LastBuild") == []


class _Counting(FileSystemEventHandler):
    def __init__(self):
        self.events = 0

    def on_any_event(self, event):
        self.events += 1


def _until(condition, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_the_watcher_notes_each_changed_path_and_no_file_merely_read(tmp_path):
    read_only = tmp_path / "read.md"
    read_only.write_text("读", encoding="utf-8")
    changed: set[str] = set()
    watching = threading.Event()
    observer = _ChangesOnly(changed, started=watching.set, timeout=0.1)
    handler = _Counting()
    observer.schedule(handler, str(tmp_path), recursive=True)
    observer.start()
    try:
        assert watching.wait(10)
        read_only.read_text(encoding="utf-8")
        saved = tmp_path / "saved.md"
        saved.write_text("写", encoding="utf-8")
        # events come in order: once the save is heard, a notice of the read would have been heard before it
        assert _until(lambda: str(saved) in changed), changed
        assert str(read_only) not in changed
        assert handler.events >= 1   # the server's own handler still hears the change: it rebuilds on it
    finally:
        observer.stop()
        observer.join()
