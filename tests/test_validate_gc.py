"""Validation pauses Python's cycle collector while it reads, and leaves it as it found it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from wutong_docs.validate import pipeline as V

GOOD = Path(__file__).parent / "fixtures" / "good"


def test_the_collector_is_paused_during_validation_and_resumed_after(monkeypatch):
    seen = []
    real = V.load_records

    def load_records(*args):
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(V, "load_records", load_records)
    assert gc.isenabled()
    assert V.validate(GOOD).problems == []
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused():
    gc.disable()
    try:
        V.validate(GOOD)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_is_resumed_when_validation_fails(monkeypatch):
    def broken(*args):
        raise OSError("disk gone")

    monkeypatch.setattr(V, "load_records", broken)
    with pytest.raises(OSError):
        V.validate(GOOD)
    assert gc.isenabled()


def test_what_validation_made_is_handed_to_the_oldest_generation_and_nothing_stays_frozen(monkeypatch):
    """No walk over every young object when the collector resumes, and no object exempt from it afterwards."""
    made = []
    real = V.load_records

    def load_records(*args):
        made.append([[i] for i in range(100)])  # containers the collector tracks
        return real(*args)

    monkeypatch.setattr(V, "load_records", load_records)
    V.validate(GOOD)
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(made[0]) in oldest and all(id(x) in oldest for x in made[0])
    assert gc.get_freeze_count() == 0
