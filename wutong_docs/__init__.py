"""wutong: the records system of a property service centre's customer-service department (客服部).

The package reads as the pipeline it runs. Each folder is a layer and imports only from the
layers below it (the `import-linter` contract in pyproject.toml, checked by tests/test_layers.py):

  cli/        the `wutong` command line: thin click commands, one library call each
  authoring/  writing records: `wutong new`, quick desk entries, in-place edits, `wutong init`
  outputs/    what the records become: report/, calendar/, notices/, site/
              (authoring and outputs sit side by side and do not import each other)
  check/      the daily check: what the duty book required and the records do not show
  validate/   the pipeline: read every record, run every rule, collect every problem; the caches; the hooks
  records/    one module per record kind (schema and rules), what a month's slips and lists add up to, and the
              drafts `wutong new` and the site's 我的今天 start a record from
  reference/  org.yml, the duty book, working days, when a duty falls due, the Git server's web editor
  read/       one file into values that remember their line: safe reading, front matter, YAML, schemas
  core/       problems, the rule registry, dates, privacy, writing files, Git, templates
  data/       the shipped files: templates, default mkdocs.yml and handbook, duty book, init files

CONTRIBUTING.md walks through adding a record kind and a rule.
"""

__version__ = "0.1.0"
