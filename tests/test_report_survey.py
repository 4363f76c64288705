"""The report's survey section 满意度调查: its rates counted again here, independently, from the survey files.

The fixture is the frozen sample_desk with a few surveys laid over it
(tests/fixtures/report_survey/: November in areas A, B and D, none in C, one
each in October and December that must not count, one written with the Chinese
labels, two 不评, a household exactly at the 4.0 mean) and the duty book's
`survey:` block appended. The expected figures are computed from the YAML with
PyYAML and the handbook's definition (reference/reports.md) (satisfied = a score of 4 or 5; a household
is satisfied when the mean of the items it scored is at least 4).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, copy_fixture, wutong

OVERLAY = FIXTURES / "report_survey"
AREAS = {"A": range(1, 5), "B": range(5, 9), "C": range(9, 13), "D": range(13, 17)}  # the sample's org.yml


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = copy_fixture("sample_desk", tmp_path_factory.mktemp("survey") / "repo")
    copy_fixture("report_survey/records", root / "records")
    with (root / "records/duties.yml").open("a", encoding="utf-8") as f:
        f.write((OVERLAY / "survey_block.yml").read_text(encoding="utf-8"))
    return root


def count(root: Path, month: str) -> dict:
    """The section's figures, from the files: PyYAML, the items of duties.yml, and the definition by hand."""
    items = yaml.safe_load((root / "records/duties.yml").read_text(encoding="utf-8"))["survey"]["items"]
    ids = {**{i: i for i in items}, **{label: i for i, label in items.items()}}
    households = []
    for path in sorted((root / "records/surveys").rglob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if str(front["date"])[:7] != month:
            continue
        scores = {ids[k]: v for k, v in front["scores"].items() if isinstance(v, int)}
        area = next(a for a, b in AREAS.items() if int(front["home"].split("-")[0]) in b)
        households.append((area, scores))
    happy = [sum(s.values()) / len(s) >= 4 for _, s in households]
    rows = []
    for i, label in items.items():
        given = [s[i] for _, s in households if i in s]
        good = sum(1 for v in given if v >= 4)
        rows.append({"id": i, "label": label, "responses": len(given), "satisfied": good,
                     "rate": round(good / len(given), 4) if given else None,
                     "mean": round(sum(given) / len(given), 2) if given else None})
    by_area = {}
    for area in AREAS:
        mine = [h for (a, _), h in zip(households, happy) if a == area]
        by_area[area] = {"responses": len(mine), "satisfied": sum(mine),
                         "rate": round(sum(mine) / len(mine), 4) if mine else None}
    return {"responses": len(households), "rate": round(sum(happy) / len(happy), 4) if happy else None,
            "items": rows, "by_area": by_area}


def _json(root: Path, month: str) -> dict:
    result = wutong(root, "report", "--month", month, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_figures_are_the_count_from_the_files(repo):
    got = _json(repo, "2026-11")["survey"]
    assert got == count(repo, "2026-11")
    # what the count above found, written out: a change to the fixture must show here too
    assert (got["responses"], got["rate"]) == (6, 0.5)
    assert got["by_area"]["A"] == {"responses": 3, "satisfied": 2, "rate": 0.6667}  # 4.0 exactly is satisfied
    assert got["by_area"]["C"] == {"responses": 0, "satisfied": 0, "rate": None}
    repair = next(i for i in got["items"] if i["id"] == "repair")
    assert (repair["responses"], repair["satisfied"], repair["mean"]) == (5, 3, 3.6)  # 不评 left out


def test_the_json_keys_are_exactly_the_pinned_ones(repo):
    got = _json(repo, "2026-11")["survey"]
    assert set(got) == {"responses", "rate", "items", "by_area"}
    assert all(set(i) == {"id", "label", "responses", "satisfied", "rate", "mean"} for i in got["items"])
    assert all(set(a) == {"responses", "satisfied", "rate"} for a in got["by_area"].values())
    assert [i["id"] for i in got["items"]] == ["service", "repair", "cleaning", "greening", "security", "fees"]


def test_only_the_months_surveys_count(repo):
    assert _json(repo, "2026-12")["survey"] == count(repo, "2026-12")
    assert _json(repo, "2026-12")["survey"]["responses"] == 1
    assert _json(repo, "2026-10")["survey"]["rate"] == 0.0


def test_the_markdown_has_the_tables_and_the_definition(repo):
    text = wutong(repo, "report", "--month", "2026-11", "--format", "md").stdout
    section = text[text.index("## 六、满意度调查"):]
    assert "本月调查 6 户，总体满意率（按户）50.0%。" in section
    assert "| 工程维修 | 5 | 3 | 60.0% | 3.6 |" in section
    assert "| A区 | 3 | 2 | 66.7% |\n| B区 | 2 | 1 | 50.0% |\n| C区 | 0 | 0 | — |\n| D区 | 1 | 0 | 0.0% |\n" \
           "| 合计 | 6 | 3 | 50.0% |" in section
    assert section.index("| 合计 | 6 | 3 | 50.0% |") < section.index("口径：")
    assert "- 满意：分数 4 或 5（5 非常满意、4 满意、3 一般、2 不满意、1 非常不满意）\n" in section
    assert "车库照明" not in text and "13-1-2302" not in text   # per home: counts only, no comment, no home


def test_a_month_without_surveys_says_so_not_zero(repo):
    got = _json(repo, "2026-09")["survey"]
    assert (got["responses"], got["rate"]) == (0, None)
    assert all(i["rate"] is None and i["mean"] is None for i in got["items"])
    text = wutong(repo, "report", "--month", "2026-09", "--format", "md").stdout
    assert "## 六、满意度调查\n\n本月无调查记录。\n\n## 七、" in text
    html = wutong(repo, "report", "--month", "2026-09", "--format", "html").stdout
    assert "<p>本月无调查记录。</p>" in html and "0.0%" not in html[html.index("满意度调查"):]
