"""wutong: the records system of the 梧桐墅 property service centre's customer-service department.

The package reads as the pipeline it runs:
  source.py, fields.py   read a file into values that remember their lines
  org.py, records/       the reference data and one module per record kind
  duties.py, workdays.py the duty book and China's working days
  loader.py, crossref.py, validate.py   load every record and check it
  check.py               `wutong check`: what the duty book required and the records lack
  data/                  shipped files: templates/, the default mkdocs.yml and handbook/, duties.yml, init/
  templates.py           the department's Jinja templates (records repository first)
  scaffold.py            `wutong new`: new records from templates/
  calendar/, notices/    `wutong calendar` and `wutong notice render`
  site/                  the mkdocs plugin behind `wutong build` / `wutong serve`
  init_repo.py           `wutong init`: a new estate's records repository
  privacy.py             masking owners' personal data wherever it leaves the records (one function: mask)
  cli.py                 the `wutong` command line
"""

__version__ = "0.1.0"
