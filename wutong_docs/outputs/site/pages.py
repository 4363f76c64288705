"""All generated pages of the handbook, in one list: roles, error codes, records, desk weeks, monthly reports.

The plugin adds these to mkdocs' files; this module only decides which pages
exist, so a reader sees the whole site map in one place.
"""

from __future__ import annotations

from . import (board_page, codes_page, commands_page, desk_board, index_page, inspection_register, people_pages,
               records_pages, report_pages, roles_pages, week_pages)
from . import leasework_pages, register_pages
from .data import SiteData
from .page import Page


def generate(data: SiteData, memo: dict | None = None) -> list[Page]:
    """Every generated page of the site, in one list: the whole site map readable in one place.

    `memo`: `wutong serve`'s dict kept between rebuilds (the monthly reports keep theirs in it).
    """
    people = people_pages.index(data)
    data.monthly = report_pages.monthly_reports(data, memo)
    return [
        *roles_pages.pages(data),
        codes_page.page(),
        commands_page.page(),
        index_page.page(data, people),
        board_page.page(data),
        *([desk_board.page(data)] if any(k.name == "desk" for k in data.kinds()) else []),
        *([inspection_register.page(data)] if any(k.name == "inspection" for k in data.kinds()) else []),
        *week_pages.pages(data),
        *register_pages.pages(data),
        *leasework_pages.pages(data),
        *records_pages.pages(data),
        *people_pages.pages(data, people),
        *report_pages.pages(data),
    ]


def generated_files(data: SiteData) -> dict[str, str | bytes]:
    """Every generated file that is not a page, by its path in the site: the printable notice sheets, the
    calendar feeds (.ics) and the monthly reports' PDFs. Both engines (the mkdocs plugin, zensical_build) add these.
    """
    from .feeds import feed_files
    from .notice_sheets import sheet_files

    return {**sheet_files(data), **feed_files(data), **report_pages.pdf_files(data)}
