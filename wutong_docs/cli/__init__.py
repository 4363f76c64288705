"""The `wutong` command line: thin click commands that turn arguments into one library call.

main.py is the `cli` group (--root, --no-cache, --version), the one place library errors become
a message, and `main()`; it gathers the commands, one module per command group, named after it:
validate.py, new.py, check.py, report.py, calendar.py, notice.py, site.py (build and serve),
hook.py, init.py and desk.py (`wutong desk …` and `wutong renovation event`). options.py is
what several of them share (the repository context, --force, paths, writing the output);
dates.py the date options; chinese.py and ../locale/ click's own words in Chinese.

It may import every layer; nothing imports it.
"""
