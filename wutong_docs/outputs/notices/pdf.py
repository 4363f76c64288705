"""HTML -> A4 PDF with WeasyPrint, refusing to print without a Chinese font.

WeasyPrint finds fonts through fontconfig; with no CJK font it would print
every Chinese character as an empty box, so we ask fontconfig first (`fc-list
:lang=zh`, the same lookup Pango makes) and stop with the fix instead.
Nothing is fetched from the network while laying out: only data: URLs load.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

from ...core.errors import WutongError

INSTALL_FONT = ("没有找到中文字体，生成的 PDF 会把汉字印成方框：请先安装中文字体，"
                "例如 Debian/Ubuntu 上运行 apt-get install fonts-noto-cjk（需要 fontconfig），然后重试")


class PdfError(WutongError):
    """The PDF cannot be made on this machine; the message names the fix."""


@dataclass(frozen=True)
class Pdf:
    """A rendered PDF and what the layout check needs to refuse it: its page count and the sheets that overflow."""
    data: bytes
    pages: int
    overfull: tuple[int, ...]  # sheets (from 1) whose text runs into the signature or off the page


def cjk_fonts() -> list[str]:
    """Font families fontconfig knows that cover Chinese; empty when none (or no fontconfig)."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                             timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})


def html_to_pdf(html: str) -> Pdf:
    """Print the sheets' HTML to PDF with WeasyPrint; a PdfError in Chinese when no CJK font or Pango is installed."""
    if not cjk_fonts():
        raise PdfError(INSTALL_FONT)
    try:
        import weasyprint
    except OSError as exc:  # WeasyPrint is installed but the Pango library is not
        raise PdfError(f"无法加载排版库 Pango（{exc}）：请安装 libpango-1.0-0 和 libpangoft2-1.0-0") from None
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render()
    return Pdf(document.write_pdf(), len(document.pages), overfull(document.pages))


def overfull(pages) -> tuple[int, ...]:
    """Sheets whose end-of-text mark is missing (cut off) or below the top of the signature.

    The sheet template puts `id="end-N"` after the text of sheet N and `id="sign-N"`
    on its signature; WeasyPrint reports each id's box per page (`Page.anchors`).
    """
    found = []
    for number, page in enumerate(pages, 1):
        end, sign = page.anchors.get(f"end-{number}"), page.anchors.get(f"sign-{number}")
        if end is None or (sign is not None and end[3] > sign[1]):
            found.append(number)
    return tuple(found)
