"""How much the tool will read from one file, and why each bound is where it is.

Records are typed by hand, but a repository is shared: one bad file (a YAML
"billion laughs", a body of 50,000 nested brackets, a named pipe called
`x.md`) must not stall validate, build, check or the commit hook for everyone.
Every file the tool reads goes through `files.read_text` and `yaml_lines.parse_yaml`,
which apply these bounds; a file over a bound becomes a problem with its own
code, never a hang, a traceback or a machine out of memory.

Each bound is set far above anything the department writes (the largest sample
record is under 3 KB, the duty book 22 KB with 1,425 YAML values and 11 levels
of nesting) and low enough that the worst file within every bound still
validates and renders in well under a second (benchmarks/bench_hostile.py
measures it). The README lists them in Chinese for the staff.
"""

from __future__ import annotations

# any file under records/: bigger than this is refused without being read whole
MAX_FILE_BYTES = 1024 * 1024

# YAML (front matter, org.yml, duties.yml, calendar.yml)
MAX_DEPTH = 32            # nested lists and mappings; the duty book uses 11
MAX_VALUES = 50_000       # values after aliases are expanded; the duty book has ~1,400
MAX_SCALAR_CHARS = 10_000  # one value; the longest in the samples is under 100

# a record's Markdown body (body_limits.py says what each one prevents)
MAX_BODY_CHARS = 50_000    # about 30 A4 pages of Chinese; the longest sample body is under 3,000
MAX_MARKDOWN_DEPTH = 16    # lists and block quotes nested on one line
MAX_BRACKET_DEPTH = 16     # [ and ( open at once in one paragraph
MAX_LINK_CHARS = 2_000     # a link's address after ]( or ]:, up to the first space
MARKS_BUDGET = 25_000_000  # inline marks times length, summed over paragraphs: ~0.25 s of rendering
