"""The validation pipeline: org -> records -> duty book and calendar -> the rules -> sorted problems.

`validate(root)` checks the whole repository; `validate(root, paths)` checks
only those files (the pre-commit case) but still resolves their references
against the whole repository. Every command that reads records starts here.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..core import rules
from ..core.errors import ProblemsError
from ..core.privacy import known_names
from ..core.problems import ERROR, Problem, sort_key
from ..records import kind_of, kind_of_record
from ..records.arrears import ArrearsList
from ..records.desk import DeskRegister
from ..records.log import DailyLog
from ..records.notice import Notice, read_arrears
from ..records.renovation import Renovation
from ..records.slip import Slip
from ..records.survey import Survey
from ..reference.checklists import CHECKLISTS_PATH, load_checklists
from ..reference.duty_book import DUTIES_PATH, DutyBook, load_duties, survey_items
from ..reference.org import ORG_PATH, Org, load_org
from ..reference.workdays import CALENDAR_PATH, NO_OVERRIDES, Overrides, load_overrides
from .crossref import department_ids, slip_ids_on_disk, without_moot_renames
from .loader import load_file, load_records, parse_bytes, scan
from .record_cache import NO_CACHE, Cache

rules.load_all()  # the registry is complete before anything is validated (RULE_MODULES in core/rules.py)


@dataclass
class Report:
    """What one validation read and found: the records, org.yml, duty book, calendar and arrears, and the problems.

    Every command works from it, so none reads a file a second time.
    """
    org: Org
    records: list
    problems: list[Problem]
    checked: int  # files read, org.yml included
    duties: DutyBook | None = None     # read when the duty book was validated
    overrides: Overrides = NO_OVERRIDES  # records/calendar.yml, when it was validated
    arrears: dict = field(default_factory=dict)  # arrears lists read in this run, by path (None: unreadable)

    def of_type(self, cls) -> list:
        """The records of one record type."""
        return [r for r in self.records if isinstance(r, cls)]

    @cached_property
    def known_names(self) -> frozenset[str]:
        """Owners' and workers' names the records hold: masked wherever text leaves.

        Arrears lists' owners, slips' contacts, and the people the front desk writes down:
        who borrowed a key (`to`: 装修工 王师傅, 业主 陈建国) and the workers on a renovation's passes.
        """
        owners = [h.owner for a in self.of_type(ArrearsList) for h in a.households]
        people = [row.fields.get("to") for r in self.of_type(DeskRegister) for row in r.keys]
        people += [p.name for r in self.of_type(Renovation) for p in r.passes]
        return (known_names(owners, column=True) | known_names(s.contact for s in self.of_type(Slip))
                | known_names(people, titled=True))


def validate(root: Path, paths: list[str] | None = None, slip_ids: set[str] | None = None,
             cache_root: Path | None = None, *, reuse=None) -> Report:
    """Check `root` whole, or only `paths` (their references still resolved against the whole repository).

    `slip_ids` gives the slips that exist when only some files are checked and
    the folder is not the whole repository (the staged check, `staged_files.py`);
    by default they are the file names under records/slips/.
    A whole check reads and keeps what it can in the validation cache (`record_cache.py`)
    of `cache_root` (default `root`; the staged check lays files out elsewhere); the
    result is the same with or without it. `reuse` (`records_in_memory.Reread`) gives files unchanged
    since it last read them without reading them again (`wutong serve`, which keeps them in
    memory instead of the cache); every rule, the cross-file ones included, still runs over all records.
    """
    with cycles_uncollected():
        cache = Cache.open(root, cache_root) if paths is None and reuse is None else NO_CACHE
        report = _validate(root, paths, slip_ids, cache, reuse)
        cache.save()
        return report


@contextmanager
def cycles_uncollected():
    """Python's cycle collector paused while records are read and checked, and resumed after.

    Reading 50,000 records makes millions of objects that all stay alive, and the
    collector walked them again and again for nothing: a whole validation leaves
    a few hundred objects in cycles, and pausing it saves about a sixth of the time.
    Reference counting still frees everything else as usual.

    On the way out the objects made meanwhile are handed to the oldest generation
    (`gc.freeze` then `gc.unfreeze`, no traversal) rather than left young: left young,
    the first allocation after `gc.enable` walked all of them at once, about 0.3 s at
    50,000 records, most of a warm (cached) validation's own work.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _validate(root: Path, paths: list[str] | None, slip_ids: set[str] | None, cache, reuse=None) -> Report:
    org, found = load_org(root)
    if paths is None:
        rels, regular = scan(root)
        cache.listed(regular)
    else:
        rels = paths
    records, more = load_records(root, [r for r in rels if r != ORG_PATH], cache, reuse)
    if reuse is not None and paths is None:
        reuse.keep_only(rels)
    found += more
    if org:
        records = department_ids(records, org)
    duties, overrides = None, NO_OVERRIDES
    if paths is None or DUTIES_PATH in paths:
        duties, more = load_duties(root)
        found += more
    if paths is None or CALENDAR_PATH in paths:
        overrides, more = load_overrides(root)
        found += more
    if paths is None or CHECKLISTS_PATH in paths:   # what `wutong new inspection` copies into a draft
        found += load_checklists(root)[1]
    complete, notices, arrears, read_slips, surveys = _sorted_out(records)
    if paths is None:
        slip_ids = read_slips
    elif slip_ids is None:  # the slips a record may cite; none to list when only reference files are checked
        slip_ids = slip_ids_on_disk(root) if records else set()
    if paths is not None and ORG_PATH not in paths:  # org.yml problems matter only when it is being checked
        found = [p for p in found if p.path != ORG_PATH]
    missing, more = read_arrears(root, notices, arrears) if org else (set(), [])
    found += more
    if duties is not None:
        items = duties.survey
    else:  # the duty book not checked in this run: read it only for the surveys' items
        items = survey_items(root) if surveys else None
    book = duties
    if book is None and any(isinstance(r, DailyLog) and r.citations for r in records):
        book, _ = load_duties(root)   # only for the logs' 【short】 (records/log_citations.py); its problems not ours
    context = rules.Context(root, org, slip_ids or set(), arrears, missing, items, partial=paths is not None,
                            references=cache if cache is not NO_CACHE else None, duties=book)
    cache.watch(root, context)
    found += rules.run(records, complete, context, cache)
    found = without_moot_renames(found, records, org)  # no "rename the file" after an unknown staff id
    records = complete
    return Report(org or Org(), records, sorted(found, key=sort_key), len(rels) + (ORG_PATH not in rels),
                  duties, overrides, arrears)


def _sorted_out(records: list) -> tuple[list, list, dict, set[str], bool]:
    """One pass over the records read: (the complete ones, their notices, their arrears lists by path,
    every slip's id, whether there is a survey).

    A complete record is one the commands can use (`Kind.complete`); the rest are still judged.
    """
    complete, notices, arrears, slip_ids, surveys = [], [], {}, set(), False
    for record in records:
        if isinstance(record, Slip):
            slip_ids.add(record.id)
        elif isinstance(record, Survey):
            surveys = True
        if kind_of_record(record).complete(record):
            complete.append(record)
            if isinstance(record, ArrearsList):
                arrears[record.source.path] = record
            elif isinstance(record, Notice):
                notices.append(record)
    return complete, notices, arrears, slip_ids, surveys


def validated(root: Path, paths: list[str] | None = None, *, summary: str) -> Report:
    """`validate`, for a command that needs valid records: its report, or ProblemsError with every problem.

    `summary` is the one line said after the problems; in it `{errors}` is the number of errors
    and `{path}` the file of the first one.
    """
    report = validate(root, paths)
    errors = [p for p in report.problems if p.severity == ERROR]
    if errors:
        raise ProblemsError(report.problems, summary.format(errors=len(errors), path=errors[0].path))
    return report


def validate_text(root: Path, rel: str, text: str) -> Report:
    """`validate(root, [rel])` as if `rel` held `text`: a quick entry is judged before it replaces the file.

    The file is read from `text` exactly as the loader reads its bytes (`loader.parse_bytes`),
    and everything else from disk, so the problems are those `wutong validate rel` would print
    once `text` was written, and a refused entry has written nothing, not even for a moment.
    """
    return validate(root, [rel], reuse=_Proposed(rel, text))


class _Proposed:
    """`validate`'s `reuse`: one file read from text not yet written, every other file from disk."""

    def __init__(self, rel: str, text: str):
        self.rel, self.raw = rel, text.encode("utf-8")

    def load(self, root: Path, rel: str):
        """The record and problems of `rel`: from the proposed text when it is the file being written."""
        if rel != self.rel:
            return load_file(root, rel)
        return parse_bytes(rel, self.raw, kind_of(rel))


def reference_errors(errors: list[Problem]) -> tuple[list[Problem], str]:
    """The errors of org.yml, duties.yml and calendar.yml among `errors`, and those files named (、 between).

    With one of these no record can be judged, so `check` and `serve` stop rather
    than leave records out as `partition` does for a record's own errors.
    """
    from ..records import REFERENCE_FILES

    found = [p for p in errors if p.path in REFERENCE_FILES]
    return found, "、".join(sorted({p.path for p in found}))


def partition(report) -> tuple[list, list[Problem]]:
    """(the records without errors, the errors of the files left out): for `check` and `serve`.

    A file with an error is left out whole, so a draft being written never blocks
    the check or the preview of everyone else's records; a record that cites a
    left-out slip stays in (the check then names no gap for the citation: the
    slip is listed among the errors instead). Warnings leave a record in.
    """
    errors = [p for p in report.problems if p.severity == ERROR]
    bad = {p.path for p in errors}
    return [r for r in report.records if r.source.path not in bad], errors
