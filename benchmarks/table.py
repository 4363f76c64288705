"""The figures table every benchmark ends with: measure, figure, target, PASS/MISS.

One layout for all the scripts, so their outputs read alike and can be quoted side
by side in an issue's closing note. A row is (name, figure, target, ok) where ok is
True, False or None (a figure with no target).
"""

from __future__ import annotations


def print_table(rows: list[tuple[str, str, str, bool | None]]) -> None:
    """Print `rows` as aligned columns under a header."""
    width = max(len(r[0]) for r in rows)
    fig_w = max(len(r[1]) for r in rows)
    target_w = max(6, *(len(r[2]) for r in rows))
    print(f"{'measure':<{width}}  {'figure':<{fig_w}}  {'target':<{target_w}}  result")
    print(f"{'-' * width}  {'-' * fig_w}  {'-' * target_w}  ------")
    for name, figure, target, ok in rows:
        verdict = "" if ok is None else ("PASS" if ok else "MISS")
        print(f"{name:<{width}}  {figure:<{fig_w}}  {target:<{target_w}}  {verdict}")
