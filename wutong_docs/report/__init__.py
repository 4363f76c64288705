"""The monthly report 月报: the supervisor's 1st–10th statistics, computed from the records.

Read top to bottom: `slips.py`, `arrears.py`, `people.py` are pure functions from
the validated records to one section's figures each; `figures.py` gathers them
into the one dict the pinned JSON is (README "月报"); `render.py` turns that dict
into JSON, Markdown or HTML. Nothing here writes a file: the CLI does, through
`output.write_file`.
"""
