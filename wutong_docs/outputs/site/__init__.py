"""The handbook site: the mkdocs plugin that turns records into pages, and the Chinese search index.

Read in the order of a build:
  plugin.py          mkdocs glue (on_config → on_files → on_page_content → on_post_build, on_serve)
  data.py, kinds.py  place every record on a month page, by kind; who each record concerns
  pages.py           the list of generated pages, from:
    roles_pages.py (+ calendars.py)   岗位职责, one page per role, with its calendar
    codes_page.py                     错误代码
    index_page.py                     记录 index: months × kinds, people
    records_pages.py                  one page per kind per month, a card per record (renovations: a page each)
    people_pages.py                   one page per person per year (links to the cards)
    board_page.py                     传递单看板
  page.py            a generated page: Markdown skeleton + HTML blocks; relative links
  render.py, escape.py, templates/   the one Jinja environment; escaping of record values
  search_index.py    character-pair index and per-page text for the search script
  build.py           `wutong build` / `wutong serve`
  zensical_build.py  `wutong build --engine zensical`: stage the same pages, build them with Zensical
  zensical_pages.py  its Markdown extension: blocks and search index, through the plugin's own functions
"""
