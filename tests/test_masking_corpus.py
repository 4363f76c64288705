"""The masking corpus: real-world spellings of phones, landlines, ID numbers and names, and text that must stay.

Each line of fixtures/masking_corpus.tsv is `original<TAB>masked`; a line whose
two columns are equal is text masking must not change (dates, amounts, rooms,
slip ids, the centre's own number). The rules are written in
handbook/reference/privacy.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wutong_docs.core.privacy import known_names, mask

CORPUS = Path(__file__).parent / "fixtures" / "masking_corpus.tsv"
KNOWN = known_names(["刘春梅", "孙淑珍", "欧阳建华"])


def cases() -> list[tuple[str, str]]:
    out = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            original, masked = line.split("\t")
            out.append((original, masked))
    return out


def test_the_corpus_is_large_and_has_text_that_must_stay():
    all_cases = cases()
    assert len(all_cases) >= 50
    assert sum(a == b for a, b in all_cases) >= 15


@pytest.mark.parametrize("original,masked", cases())
def test_masked_as_the_corpus_says(original, masked):
    assert mask(original, KNOWN) == masked


@pytest.mark.parametrize("original,masked", cases())
def test_masking_twice_changes_nothing_more(original, masked):
    assert mask(mask(original, KNOWN), KNOWN) == masked
