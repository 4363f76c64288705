"""Validation: every record read, every rule run, every problem collected.

The pipeline (pipeline.py), finding and reading the records (loader.py), references across files
(crossref.py), the figures written in minutes against the records (reconcile.py, figure_phrasing.py),
the validation cache (cache.py, cache_format.py, cache_guard.py), serve's memory of the records
(records_in_memory.py), and the commit hooks (staged_files.py, git_hooks.py).

It imports only `records`, `reference`, `read` and `core`.
"""
