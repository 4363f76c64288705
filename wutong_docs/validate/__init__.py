"""Validation: every record read, every rule run, every problem collected.

The pipeline (pipeline.py), finding and reading the records (loader.py), references across files
(crossref.py), the figures written in minutes against the records (reconcile.py, figure_phrasing.py),
the validation cache (record_cache.py, its pack format cache_format.py, and cache.py: what all
three caches share, the site's and the 月报 PDFs' too), serve's memory of the records
(records_in_memory.py), and the commit hooks (staged_files.py, git_hooks.py).

It imports only `records`, `reference`, `read` and `core`.
"""
