"""The `wutong` command line: thin click commands that turn arguments into one library call.

main.py (the group and its commands), desk.py (`wutong desk …`), dates.py (date options),
chinese.py and ../locale/ (click's own words in Chinese).

It may import every layer; nothing imports it.
"""
