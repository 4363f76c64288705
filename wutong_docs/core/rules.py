"""The rules, as registered functions that carry their codes; the validator runs them in one loop.

Why a registry: a rule is something you can name. Each function is decorated
with the code(s) it reports, and its docstring is that code's text on the
error-code page and in `wutong validate --list-codes`: for each code a block

    WT404 传递单未回访就关闭
    处理：在最后一次 done 之后、closed 之前加一条 revisited（回访）记录

(first line: the code and its summary; the line starting 处理： is the fix).
Adding a rule is adding one decorated function (and a fixture under
tests/fixtures/bad/<CODE>/); a new module of rules is added to RULE_MODULES.

Three scopes:
- `record`: `(record, context) -> problems`, run for every record of the given types;
- `records`: `(records, context) -> problems`, run once over all records (references, duplicates);
- `read`: not run by the loop: the reading stage (a file, its YAML, its schema, org.yml, the
  duty book) reports these codes as it reads, and the decorated function is the one that does.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from .problems import Problem


RECORD, RECORDS, READ = "record", "records", "read"


@dataclass(frozen=True)
class Rule:
    """A registered rule: the function that checks, the codes it reports, and what it runs on (scope or record types).
    """
    codes: tuple[str, ...]
    func: Callable
    scope: str
    types: tuple[type, ...] = ()

    @property
    def name(self) -> str:
        """module.function, to name the rule in the error-code page and in test failures."""
        return f"{self.func.__module__}.{self.func.__qualname__}"

    def text(self, code: str) -> tuple[str, str] | None:
        """(summary, fix) of `code` from the docstring, or None when the docstring does not give them."""
        doc = self.func.__doc__ or ""
        m = re.search(rf"^[ \t]*{code} (.+)\n[ \t]*处理：(.+)$", doc, re.M)
        if not m:
            return None
        return m.group(1).strip(), " ".join(part.strip() for part in m.group(2).split("\n"))


# Every module that holds rules, in one place, the way beancount lists its plugins. A module whose
# `@rule` functions are not named here is never run (tests/test_layers.py fails when one is missing).
RULE_MODULES = (
    "wutong_docs.read.files",
    "wutong_docs.read.front_matter",
    "wutong_docs.read.yaml_lines",
    "wutong_docs.read.yaml_mistakes",
    "wutong_docs.read.body_limits",
    "wutong_docs.read.fields",
    "wutong_docs.reference.org",
    "wutong_docs.reference.duty_book",
    "wutong_docs.reference.survey_items",
    "wutong_docs.reference.workdays",
    "wutong_docs.reference.checklists",
    "wutong_docs.records.common",
    "wutong_docs.records.slip",
    "wutong_docs.records.weekly",
    "wutong_docs.records.minutes",
    "wutong_docs.records.roster",
    "wutong_docs.records.notice",
    "wutong_docs.records.arrears",
    "wutong_docs.records.analysis",
    "wutong_docs.records.survey",
    "wutong_docs.records.inspection",
    "wutong_docs.records.log_citations",
    "wutong_docs.records.desk",
    "wutong_docs.records.renovation",
    "wutong_docs.records.case",
    "wutong_docs.records.legacy",
    "wutong_docs.records.lease",
    "wutong_docs.records.workorder",
    "wutong_docs.validate.loader",
    "wutong_docs.validate.crossref",
    "wutong_docs.validate.reconcile",
)

RULES: list[Rule] = []   # filled once by load_all(), from RULE_MODULES


def rule(*codes: str, on: type | tuple[type, ...] | None = None, scope: str | None = None):
    """Mark the decorated function as the rule for `codes`; load_all() finds it in its module.

    With `on` (record types) it judges one record at a time; with scope=RECORDS all of them
    at once; with scope=READ it is the reading step that reports those codes.
    """
    types = on if isinstance(on, tuple) else ((on,) if on else ())
    scope = scope or (RECORD if types else RECORDS)

    def mark(func):
        func.rule = Rule(tuple(codes), func, scope, types)
        return func
    return mark


def rules_of(module) -> list[Rule]:
    """The rules a module defines, in the order it defines them."""
    return [value.rule for value in vars(module).values()
            if callable(value) and isinstance(getattr(value, "rule", None), Rule)
            and value.rule.func is value and value.__module__ == module.__name__]


@dataclass
class Context:
    """What the rules may look at besides the records: nothing here reads a file twice."""
    root: Path
    org: object | None                          # org.Org, or None when org.yml could not be read
    slip_ids: set[str] = field(default_factory=set)
    arrears: dict = field(default_factory=dict)  # arrears lists read in this run, by path
    arrears_missing: set[str] = field(default_factory=set)  # cited lists that are not there
    survey_items: dict | None = None  # duties.yml's survey items, id -> label (None: none usable)
    duties: object | None = None      # duty_book.DutyBook, for the logs' 【short】 citations (None: not read)
    partial: bool = False   # only some files are checked: a rule needing others reads them (report/reconcile.py)
    references: object | None = None  # the validation cache's summary of what its records refer to (crossref.py)


def run(records: list, complete: list, context: Context, cache=None) -> list[Problem]:
    """Every record rule on every record of its types, then every rule over all `complete` records.

    A record the commands cannot use (`Kind.complete`: a notice lacking what a sheet needs) is
    still judged on its own, so one missing field does not hide the record's other problems.
    `cache` (`validate.record_cache.Cache`) may answer for a record's rules when neither the record nor
    anything in `context` they looked at changed; so a record rule sees nothing but its record
    and `context` (no clock, no files). The rules over all records always run.
    """
    found: list[Problem] = []
    by_type: dict[type, list[Rule]] = {}
    for r in load_all():
        for t in r.types if r.scope == RECORD else ():
            by_type.setdefault(t, []).append(r)
    for record in records:
        judging = by_type.get(type(record))
        if judging:
            found += judge(record, judging, context) if cache is None else cache.judged(record, context, judging, judge)
    for r in RULES:
        if r.scope == RECORDS:
            found += r.func(complete, context)
    return found


def judge(record, judging: list[Rule], context) -> list[Problem]:
    """What the record rules `judging` find in one record."""
    found: list[Problem] = []
    for r in judging:
        found += r.func(record, context)
    return found


def load_all() -> list[Rule]:
    """The registry, complete: every rule of every module in RULE_MODULES (imported by name, once)."""
    if not RULES:
        for name in RULE_MODULES:
            RULES.extend(rules_of(importlib.import_module(name)))
    return RULES


def rule_for(code: str) -> Rule:
    """The one registered function that reports `code`."""
    matches = [r for r in load_all() if code in r.codes]
    if len(matches) != 1:
        raise LookupError(f"{code}: {len(matches)} registered rules")
    return matches[0]


def documented(rules: Iterable[Rule] | None = None) -> dict[str, tuple[str, str]]:
    """code -> (summary, fix), from the rules' docstrings."""
    out = {}
    for r in rules if rules is not None else load_all():
        for code in r.codes:
            text = r.text(code)
            if text:
                out[code] = text
    return out
