"""What the records become: the monthly report, the duty calendars, the notices and the site.

report/ (`wutong report`), calendar/ (`wutong calendar`), notices/ (`wutong notice render`) and
site/ (the mkdocs plugin behind `wutong build` and `wutong serve`).

It imports only `check`, `validate`, `records`, `reference`, `read`, `core` and `data`; never
`authoring` or `cli` (the site finds the command group for its command reference through the
`wutong.cli` entry point).
"""
