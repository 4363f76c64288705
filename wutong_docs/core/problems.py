"""Problems found in the records, as values, and the one place that prints them.

Every check in wutong returns a list of `Problem`s instead of raising: the
validator collects all of them across all files and prints them at once, as
`path:line: severity CODE message` lines an editor can jump to, or as JSON.

Each code is registered here once, with its severity; its summary and usual fix
are the docstring of the one rule function that reports it (`rules.py`), so the
error-code page and `--list-codes` print what the rule says. The codes are
stable: the handbook lists them, and staff may search for them. Add a code by
adding one `_code(...)` line, the rule that reports it, and a bad-file fixture.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Code:
    """A registered code. Its text (summary and fix) is the docstring of the rule that reports it (`rules.py`)."""
    id: str
    severity: str

    @property
    def summary(self) -> str:
        """The one-line Chinese summary of the code, from its rule's docstring."""
        return _texts()[self.id][0]

    @property
    def fix(self) -> str:
        """What to do about it (the docstring's 处理 line)."""
        return _texts()[self.id][1]


CODES: dict[str, Code] = {}


def _code(id: str, severity: str) -> str:
    assert id not in CODES, f"duplicate code {id}"
    CODES[id] = Code(id, severity)
    return id


_TEXTS: dict[str, tuple[str, str]] = {}


def _texts() -> dict[str, tuple[str, str]]:
    """code -> (summary, fix), read once from the registered rules' docstrings."""
    if not _TEXTS:
        from .rules import documented
        _TEXTS.update(documented())
    return _TEXTS


# --- the file itself ---------------------------------------------------------
NOT_UTF8 = _code("WT001", ERROR)
NO_FRONT_MATTER = _code("WT002", ERROR)
YAML_SYNTAX = _code("WT003", ERROR)
DUPLICATE_KEY = _code("WT004", ERROR)
NOT_A_MAPPING = _code("WT005", ERROR)
UNKNOWN_PLACE = _code("WT006", ERROR)
PATH_MISMATCH = _code("WT007", ERROR)

# --- bounded input: what the tool refuses to read (limits.py) ------------------------
NOT_A_FILE = _code("WT008", WARNING)
SYMLINK = _code("WT009", ERROR)
UNREADABLE = _code("WT010", ERROR)
FILE_TOO_LARGE = _code("WT011", ERROR)
YAML_TOO_DEEP = _code("WT012", ERROR)
YAML_TOO_MANY_VALUES = _code("WT013", ERROR)
YAML_ALIAS_LOOP = _code("WT014", ERROR)
VALUE_TOO_LONG = _code("WT015", ERROR)
BAD_TYPED_VALUE = _code("WT016", ERROR)
KEY_NOT_TEXT = _code("WT017", ERROR)
BODY_TOO_LONG = _code("WT018", ERROR)
MARKDOWN_TOO_DEEP = _code("WT019", ERROR)

# --- YAML mistakes a Chinese keyboard makes (yaml_mistakes.py) ------------------------
FULLWIDTH_COLON = _code("WT020", ERROR)
FULLWIDTH_COMMA = _code("WT021", ERROR)
TAB_INDENT = _code("WT022", ERROR)
UNQUOTED_COLON = _code("WT023", ERROR)
UNCLOSED = _code("WT024", ERROR)
MISSING_SPACE = _code("WT025", ERROR)

# --- fields -------------------------------------------------------------------
MISSING_FIELD = _code("WT101", ERROR)
UNKNOWN_FIELD = _code("WT102", WARNING)
WRONG_TYPE = _code("WT103", ERROR)
BAD_DATE = _code("WT104", ERROR)
BAD_DATETIME = _code("WT105", ERROR)
BAD_TIME = _code("WT106", ERROR)
UNQUOTED_TIME = _code("WT107", WARNING)
BAD_CHOICE = _code("WT108", ERROR)
UNKNOWN_STAFF = _code("WT109", ERROR)
UNKNOWN_DEPARTMENT = _code("WT110", ERROR)
UNKNOWN_UNIT = _code("WT111", ERROR)
UNKNOWN_SLIP = _code("WT112", ERROR)
EMPTY_VALUE = _code("WT113", ERROR)
MISSPELT_FIELD = _code("WT114", ERROR)

# --- org.yml --------------------------------------------------------------------
DUPLICATE_ID = _code("WT201", ERROR)
BAD_ID = _code("WT202", ERROR)
AREA_MISSING = _code("WT203", ERROR)
UNKNOWN_BUILDING = _code("WT204", ERROR)
MISSING_ORG = _code("WT205", ERROR)
CONTROL_CHARACTER = _code("WT206", ERROR)

# --- daily log ----------------------------------------------------------------------
MISSING_SECTION = _code("WT301", ERROR)
EMPTY_SECTION = _code("WT302", ERROR)
UNKNOWN_CITATION = _code("WT303", WARNING)
OTHER_ROLE_CITATION = _code("WT304", WARNING)

# --- work slip ------------------------------------------------------------------------
BAD_SLIP_ID = _code("WT401", ERROR)
EVENT_ORDER = _code("WT402", ERROR)
BAD_TRANSITION = _code("WT403", ERROR)
CLOSED_WITHOUT_REVISIT = _code("WT404", ERROR)
UNSATISFIED_NOT_REOPENED = _code("WT405", ERROR)
REVISIT_WITHOUT_RESULT = _code("WT406", ERROR)
DUE_BEFORE_OPENED = _code("WT407", ERROR)
DUPLICATE_SLIP = _code("WT408", ERROR)
EMPTY_BODY = _code("WT409", ERROR)

# --- minutes ----------------------------------------------------------------------------
TRAINING_WITHOUT_TOPIC = _code("WT501", ERROR)
ATTENDED_AND_ABSENT = _code("WT502", ERROR)

# --- inspections and their fixes (records/inspections, records/checklists.yml) ----------------
BAD_CHECKLIST = _code("WT510", ERROR)
UNKNOWN_INSPECTION_AREA = _code("WT511", ERROR)
UNKNOWN_FINDING_OWNER = _code("WT512", ERROR)
FAILED_WITHOUT_OWNER = _code("WT513", ERROR)
FIX_DATE_ORDER = _code("WT514", ERROR)
PASSED_WITH_FIX = _code("WT515", WARNING)
NO_FINDINGS = _code("WT516", ERROR)

# --- bulletin notices and finance's arrears lists -------------------------------------------
NOTICE_TITLE_TOO_LONG = _code("WT601", ERROR)
NOTICE_ENDS_BEFORE_POSTED = _code("WT602", ERROR)
BAD_BOARD_TARGET = _code("WT603", ERROR)
PERSONAL_NUMBER_IN_NOTICE = _code("WT604", ERROR)
BAD_ARREARS_FIELD = _code("WT605", ERROR)
BAD_ARREARS_ROW = _code("WT606", ERROR)
HOMES_UNKNOWN = _code("WT607", ERROR)
ARREARS_NAMED_ON_BOARD = _code("WT608", ERROR)
DUNNING_AFTER_20TH = _code("WT609", WARNING)
BAD_NOTICE_NAME = _code("WT610", ERROR)


# --- weekly report -------------------------------------------------------------------
BAD_WEEK = _code("WT701", ERROR)
SUBMITTED_BEFORE_WEEK = _code("WT702", ERROR)

# --- duty book (records/duties.yml) -----------------------------------------------
BAD_CADENCE = _code("WT801", ERROR)
DUPLICATE_DUTY = _code("WT802", ERROR)
CALENDAR_OUTSIDE_YEAR = _code("WT803", ERROR)
DATE_OUT_OF_RANGE = _code("WT804", ERROR)
CALENDAR_DAY_BOTH = _code("WT805", ERROR)
CALENDAR_RANGE_REVERSED = _code("WT806", ERROR)
CALENDAR_YEAR_TWICE = _code("WT807", ERROR)
DUTY_RANGE_REVERSED = _code("WT808", ERROR)
DUTY_BAD_NUMBER = _code("WT809", ERROR)
DUTIES_VERSION = _code("WT810", ERROR)
DUTY_NO_RECORD = _code("WT811", ERROR)
DUTY_NO_SHORT = _code("WT812", ERROR)
DUPLICATE_SHORT = _code("WT813", ERROR)
NONE_WITHOUT_REASON = _code("WT814", ERROR)
SHORT_TOO_LONG = _code("WT816", ERROR)

# --- arrears cases (records/cases) and legacy problems (records/legacy), issue 22 -------------------
BAD_CASE_AMOUNT = _code("WT520", ERROR)
CASE_DATE_ORDER = _code("WT521", ERROR)
CASE_AFTER_CLOSE = _code("WT522", ERROR)
CASE_RECOVERED_TOO_MUCH = _code("WT523", ERROR)
BAD_LEGACY_ID = _code("WT530", ERROR)
LEGACY_UNKNOWN_AREA = _code("WT531", ERROR)
LEGACY_UNKNOWN_OWNER = _code("WT532", ERROR)
LEGACY_DATES = _code("WT533", ERROR)

# --- front-desk registers and renovation case files (records/desk, records/renovations) ------
BAD_MOMENT = _code("WT901", ERROR)
DESK_TIME_ORDER = _code("WT902", ERROR)
DUPLICATE_DESK_ID = _code("WT903", ERROR)
BAD_DESK_ID = _code("WT904", ERROR)
ROW_TWICE = _code("WT905", ERROR)
RENOVATION_DATE_ORDER = _code("WT906", ERROR)
RENOVATION_STATUS = _code("WT907", ERROR)
VIOLATION_WITHOUT_SLIP = _code("WT908", WARNING)

# --- when duties fall due, and the duty roster (records/roster/YYYY-MM.yml) ------------------
REST_DAY_RULE_MISPLACED = _code("WT940", ERROR)
ROSTER_OUTSIDE_MONTH = _code("WT941", ERROR)
ROSTER_RANGE_REVERSED = _code("WT942", ERROR)
ROSTER_ON_LEAVE = _code("WT943", ERROR)

# --- satisfaction surveys (records/surveys, and duties.yml's survey: block) ------------------
UNKNOWN_SURVEY_ITEM = _code("WT960", ERROR)
BAD_SURVEY_SCORE = _code("WT961", ERROR)
MISSING_SURVEY_ITEM = _code("WT962", WARNING)
SURVEY_HOME = _code("WT963", ERROR)
SURVEY_TWICE = _code("WT964", WARNING)
BAD_SURVEY_ITEMS = _code("WT965", ERROR)
NO_SURVEY_ITEMS = _code("WT966", ERROR)

# --- the supervisor's monthly analysis (records/reports/YYYY-MM.md) ----------------------------
BAD_REPORT_MONTH = _code("WT970", ERROR)
REPORT_NOT_BY_SUPERVISOR = _code("WT971", WARNING)
REPORT_BEFORE_MONTH = _code("WT972", ERROR)

# --- figures written in the monthly minutes or the analysis, against the records (report/reconcile.py) ---
SLIP_FIGURE_DIFFERS = _code("WT975", WARNING)
ARREARS_FIGURE_DIFFERS = _code("WT976", WARNING)
FIGURE_NOT_COMPARABLE = _code("WT977", WARNING)

# --- parking leases (records/leases/<space>.md) and outside work orders (records/workorders/), issue 22 ---
BAD_PLATE = _code("WT540", ERROR)
BAD_CARD = _code("WT541", ERROR)
BAD_SPACE = _code("WT542", ERROR)
LEASE_DATES = _code("WT543", ERROR)
LEASE_OVERLAP = _code("WT544", ERROR)
CARD_TWICE = _code("WT545", ERROR)
BAD_WORKORDER_ID = _code("WT550", ERROR)
UNKNOWN_RECIPIENT = _code("WT551", ERROR)
WORKORDER_DATES = _code("WT552", ERROR)
ANSWER_MISSING = _code("WT553", ERROR)
UNKNOWN_WORKORDER = _code("WT554", ERROR)


@dataclass(frozen=True)
class Problem:
    """One problem of one file at one line: what every check returns and `format_text` prints."""
    path: str
    line: int
    severity: str
    code: str
    message: str

    def as_text(self) -> str:
        """`path:line: severity CODE message`, the form editors jump to."""
        return f"{self.path}:{self.line}: {self.severity} {self.code} {self.message}"


def problem(code: str, path: str, line: int, message: str) -> Problem:
    """A problem of a registered code; the severity comes from the registry."""
    return Problem(path, line, CODES[code].severity, code, message)


def has_errors(problems: list[Problem]) -> bool:
    """Whether any problem is an error (warnings alone let validate succeed)."""
    return any(p.severity == ERROR for p in problems)


def sort_key(p: Problem):
    """The order problems are printed in: by file, then line, then code."""
    return (p.path, p.line, p.code)


def format_text(problems: list[Problem]) -> str:
    """Problems as validate prints them, one line each."""
    return "".join(p.as_text() + "\n" for p in problems)


def format_json(problems: list[Problem]) -> str:
    """Problems as `wutong validate --json` prints them, for scripts and editors."""
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2) + "\n"


def format_codes() -> str:
    """The code list shown by `wutong validate --list-codes` and in the handbook."""
    lines = []
    for code in CODES.values():
        level = "错误" if code.severity == ERROR else "警告"
        lines.append(f"{code.id}  {level}  {code.summary}。处理：{code.fix}")
    return "\n".join(lines) + "\n"
