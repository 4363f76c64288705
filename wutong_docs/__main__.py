"""`python -m wutong_docs` runs the `wutong` command line."""

from .cli import main

main()
