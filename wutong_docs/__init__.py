"""wutong: the records system of a property service centre's customer-service department (客服部).

The package reads as the pipeline it runs, top to bottom:

  read      limits.py        how much one file may hold (every bound in one place)
            source.py        read a file (regular files only) into values that remember their lines
            yaml_mistakes.py the Chinese keyboard's YAML mistakes, named at their line with the fix
            body_bounds.py   what a Markdown body may hold, so rendering stays cheap
            fields.py        front-matter schemas: field name -> converter, every problem collected
  reference org.py           records/org.yml: staff, departments, areas, buildings and homes
            duties.py        records/duties.yml: who does what, when, to which standard
            workdays.py      China's working days and records/calendar.yml; dates.py: the year range, now in Beijing
            due.py           when a dated duty falls due once rest days move it (shared by check and calendar)
  records   records/         one Kind object per record kind (kind.py) and one module each
  validate  loader.py        find and read every record
            rules.py         the rules, registered functions carrying their codes (their docstrings document them)
            crossref.py      references that cross files
            validate.py      the pipeline: org -> records -> duty book and calendar -> rules -> sorted problems
            validate_cache.py what parsing each file and its record rules gave, kept in .wutong-cache/validate/
            cache_format.py  how a cache file holds records: MessagePack, data only, never code (no pickle)
            cache_guard.py   no cache is used while Git tracks a file of .wutong-cache/ (a committed one is not ours)
            reread.py        serve's memory of the records: only changed files are read again
            progress.py      a bar on stderr for long work, only when a person watches a terminal
            problems.py      problems as values and the one formatter; errors.py: the one error family
  use       check.py         `wutong check`: what the duty book required and the records lack
            check_desk.py    the front desk's register rules (keys overnight, parcels, cards, renovations)
            check_report.py  how the check reads: by person, one line a gap, a legend, JSON
            report/          `wutong report`: one module per section (slips, trend, arrears, dunning, quality, people,
                             survey, analysis), figures.py gathers them; render (md/html), charts (pygal SVG),
                             pdf + pdf_workers, xlsx, attendance (考勤表); reconcile + phrasing: figures written in
                             the minutes against the records (WT975–977)
            desk_entry.py, desk_fees.py   quick entry of register rows; the 28th fee totals
            record_edit.py   one record changed in place: read as validate reads it, validated, written whole
            calendar/        `wutong calendar`: plan a role's month, render html, md or ics
            notices/         `wutong notice render`: sheets -> HTML -> A4 PDF
            scaffold.py      `wutong new`, from templates.py's templates (the repository's own first)
            site/            the mkdocs plugin behind `wutong build` / `wutong serve`; cache.py and incremental.py
                             re-render only what changed; report_pages.py the 月报 pages; zensical_build.py
                             `build --engine zensical`
  guard     privacy.py       masking personal data wherever it leaves the records (one function: mask)
            personal_numbers.py  phones and ID numbers found however written (the digits view mask reads)
            safe_urls.py     what a record may link to and load pictures from; markdown_text.py: values as literal Markdown
            output.py        every write: refused inside records/, never over a file without --force, atomic
            record_lock.py   one writer at a time per record, from reading it to replacing it (.wutong-cache/locks/)
            staged.py, hook.py, gitrepo.py   the commit hook: validate what is staged
  set up    data/            shipped files: templates, default mkdocs.yml and handbook, duty book, init files
            init_repo.py     `wutong init`: a new estate's repository
  edge      cli.py, cli_dates.py, cli_desk.py   the `wutong` command line, its date options, the desk commands
            cli_chinese.py, locale/   click's own words in Chinese (a gettext catalog)
"""

__version__ = "0.1.0"
