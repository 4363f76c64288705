"""wutong_docs/validate/cache.py: what the three caches share reads and writes files safely.

A cache file is read only from a regular file (never through a link, never waiting on a FIFO),
written whole under `.wutong-cache/` with its .gitignore, and sealed: a header naming who wrote
it and a checksum of the rest, so a file cut short, damaged, or written by another tool or
format is refused. The caches' own tests (test_validate_cache.py, test_site_incremental.py,
test_cache_hostile.py) show each cache using them; these pin the pieces.
"""

from __future__ import annotations

import os

import pytest

from wutong_docs.validate import cache

HEAD = b"wutong-test-cache\n\x00\x01" + bytes(16)


def test_a_sealed_body_comes_back_whole():
    body = os.urandom(1000)
    assert bytes(cache.unseal(cache.seal(HEAD, body), HEAD)) == body
    assert bytes(cache.unseal(cache.seal(HEAD, b""), HEAD)) == b""


@pytest.mark.parametrize("spoil", [
    lambda data: data[: len(data) // 2],                      # cut short
    lambda data: data[:-3] + bytes([data[-3] ^ 1]) + data[-2:],   # one bit flipped
    lambda data: b"another-head" + data[len(b"another-head"):],   # another kind, format or tool
    lambda data: b"",
    lambda data: None,                                        # no file at all
])
def test_a_spoilt_sealed_file_is_refused(spoil):
    assert cache.unseal(spoil(cache.seal(HEAD, os.urandom(1000))), HEAD) is None


def test_only_a_regular_file_is_read(tmp_path):
    (tmp_path / "file").write_bytes(b"data")
    (tmp_path / "link").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo")   # opened without waiting for a writer, and refused
    (tmp_path / "folder").mkdir()
    assert cache.read_file(tmp_path / "file") == b"data"
    for name in ("link", "fifo", "folder", "missing"):
        assert cache.read_file(tmp_path / name) is None, name


def test_a_cache_file_is_written_whole_in_its_folder_kept_out_of_git(tmp_path):
    target = tmp_path / cache.FOLDER / "site" / "pages" / "x.bin"
    cache.write_file(tmp_path, target, b"one")
    cache.write_file(tmp_path, target, b"two")   # replaced
    assert target.read_bytes() == b"two"
    assert (tmp_path / cache.FOLDER / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.bin"]   # no temporary left
    with pytest.raises(OSError):
        cache.write_file(tmp_path, tmp_path / "records" / "x.bin", b"not a cache folder")
    assert not (tmp_path / "records" / "x.bin").exists()


def test_the_fingerprint_names_the_package_and_the_libraries_that_read_and_render():
    assert len(cache.fingerprint()) == 16 and cache.fingerprint() == cache.fingerprint()
    assert {"yaml", "msgpack", "jinja2", "markdown"} <= set(cache.LIBRARIES)
