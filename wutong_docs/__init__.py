"""wutong: the records system of a property service centre's customer-service department (客服部).

The package reads as the pipeline it runs, top to bottom:

  read      limits.py        how much one file may hold (every bound in one place)
            source.py        read a file (regular files only) into values that remember their lines
            body_bounds.py   what a Markdown body may hold, so rendering stays cheap
            fields.py        front-matter schemas: field name -> converter, every problem collected
  reference org.py           records/org.yml: staff, departments, areas, buildings and homes
            duties.py        records/duties.yml: who does what, when, to which standard
            workdays.py      China's working days and records/calendar.yml; dates.py: the year range, now in Beijing
  records   records/         one Kind object per record kind (kind.py) and one module each
  validate  loader.py        find and read every record
            rules.py         the rules, registered functions carrying their codes (their docstrings document them)
            crossref.py      references that cross files
            validate.py      the pipeline: org -> records -> duty book and calendar -> rules -> sorted problems
            problems.py      problems as values and the one formatter; errors.py: the one error family
  use       check.py         `wutong check`: what the duty book required and the records lack
            calendar/        `wutong calendar`: plan a role's month, render html, md or ics
            notices/         `wutong notice render`: sheets -> HTML -> A4 PDF
            scaffold.py      `wutong new`, from templates.py's templates (the repository's own first)
            site/            the mkdocs plugin behind `wutong build` / `wutong serve`
  guard     privacy.py       masking personal data wherever it leaves the records (one function: mask)
            safe_urls.py     what a record may link to and load pictures from
            output.py        every write: refused inside records/, never over a file without --force, atomic
            staged.py, hook.py, gitrepo.py   the commit hook: validate what is staged
  set up    data/            shipped files: templates, default mkdocs.yml and handbook, duty book, init files
            init_repo.py     `wutong init`: a new estate's repository
  edge      cli.py, cli_dates.py   the `wutong` command line and its date options
"""

__version__ = "0.1.0"
