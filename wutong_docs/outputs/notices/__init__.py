"""Printing bulletin notices: notice record -> sheets -> HTML -> A4 PDF.

The modules read in pipeline order:
- `sheets.py`: what goes on each printed sheet (one per unit board, or one
  letter per household for dunning), from the notice, org.yml and the arrears
  list; pure values, no I/O.
- `html.py`: the sheets rendered with the department's Jinja templates
  (`templates/notices/<kind>.html.j2`, autoescaped) and the body's Markdown;
  `context -> str`, no I/O.
- `pdf.py`: the HTML laid out on A4 by WeasyPrint, after checking that a
  Chinese font is installed.
- `render.py`: validation first, then the three steps above, then writing the
  files; the one module `wutong notice render` calls.
"""
