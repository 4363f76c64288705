"""Many report PDFs at once, printed by worker processes: the site prints one per month.

Why processes of their own: WeasyPrint needs about 150 MB while it lays out one
report, and the site build that asks for them already holds every record, so
printing in the build's own process raised its peak by as much (over 500 MB at
50,000 records); in a worker it comes and goes with the worker. With two cores,
two workers also print side by side. Each worker is a plain `python -m
wutong_docs.outputs.report.pdf_workers` reading the pages (pickled) on stdin and writing
the PDFs (pickled) on stdout, so nothing depends on how the parent was started
(multiprocessing's spawn would re-run the parent's main script). Should a worker
fail, the pages are printed in this process, one after another: slower, same bytes.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

from .pdf import report_pdf

MAX_WORKERS = 2


def print_all(pages: list[str]) -> list[bytes]:
    """Each report page (render.html_page) as a PDF, in order; by worker processes when there are several."""
    workers = min(MAX_WORKERS, os.cpu_count() or 1, len(pages))
    if workers < 2:
        return [report_pdf(page) for page in pages]
    shares = [pages[i::workers] for i in range(workers)]
    try:
        procs = [subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for _ in shares]
    except OSError:
        return [report_pdf(page) for page in pages]
    printed = []
    for proc, share in zip(procs, shares):
        out, _ = proc.communicate(pickle.dumps(share))
        try:
            pdfs = pickle.loads(out) if proc.returncode == 0 else None
        except (pickle.UnpicklingError, EOFError, ValueError):
            pdfs = None
        printed.append(pdfs if isinstance(pdfs, list) and len(pdfs) == len(share)
                       else [report_pdf(page) for page in share])   # the worker failed: print its share here
    return [printed[i % workers][i // workers] for i in range(len(pages))]


def main() -> None:
    """The worker: pages in (pickled list of str on stdin), PDFs out (pickled list of bytes on stdout)."""
    pages = pickle.loads(sys.stdin.buffer.read())
    sys.stdout.buffer.write(pickle.dumps([report_pdf(page) for page in pages]))


if __name__ == "__main__":
    main()
