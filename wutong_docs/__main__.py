"""`python -m wutong_docs` runs the `wutong` command line."""

from .cli.main import main

main()
