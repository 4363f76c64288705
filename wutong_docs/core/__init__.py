"""Core: what every layer uses and nothing in wutong is needed for.

Problems as values and their one formatter (problems.py), the error family (errors.py), the rule
registry with its explicit list of rule modules (rules.py), dates and the Beijing clock (dates.py),
masking personal data (privacy.py, personal_numbers.py), every write (output.py), the progress bar,
safe links, literal Markdown, Git queries and the one Jinja environment (templates.py).

It imports only the standard library, third-party libraries and `wutong_docs.data`.
"""
