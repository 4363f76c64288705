"""wutong: the records system of the 梧桐墅 property service centre's customer-service department.

The package reads as the pipeline it runs:
  source.py, fields.py   read a file into values that remember their lines
  org.py, records/       the reference data and one module per record kind
  loader.py, crossref.py, validate.py   load every record and check it
  scaffold.py            `wutong new`: new records from templates/
  cli.py                 the `wutong` command line
"""

__version__ = "0.1.0"
