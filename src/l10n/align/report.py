"""What `l10n align` prints: one summary line per article, what needs a person's eye, and
with ``--dry-run`` the alignment side by side."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from l10n.align.step import ADDED, FUZZY, LEFT_OUT, MERGED, TRANSLATED, ArticleOutcome

_MARKS = {TRANSLATED: "=", FUZZY: "~", MERGED: "&", LEFT_OUT: "-", ADDED: "+"}
_LEGEND = ("= translated   ~ fuzzy (why in brackets)   & several sentences in one "
           "(memory only)   - left out   + added")


def print_outcome(outcome: ArticleOutcome, console: Console, *, details: bool = True) -> None:
    """The summary line, then (``details``) disagreements and sentences only one side has."""
    console.print(outcome.summary(), markup=False)
    if not details:
        return
    for found in outcome.disagreements:
        console.print(f"  kept the catalog's translation of {_quote(found.msgid)}: "
                      f"{_quote(found.catalog)}; published: {_quote(found.published)}",
                      markup=False)
    for text in outcome.added:
        console.print(f"  only in the translation: {_quote(text)}", markup=False)


def print_side_by_side(outcome: ArticleOutcome, console: Console) -> None:
    """The alignment as a two-column table, one row per bead."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, expand=True, pad_edge=False,
                  title=f"{outcome.source} ↔ {outcome.translation} ({outcome.lang})",
                  title_justify="left", caption=_LEGEND, caption_justify="left")
    table.add_column("", width=1, no_wrap=True)
    table.add_column("article", ratio=1, overflow="fold")
    table.add_column("translation", ratio=1, overflow="fold")
    for pair in outcome.pairs:
        target = Text(" ".join(pair.target))
        if pair.kind == FUZZY and pair.doubts:
            target.append(f"  [{'; '.join(pair.doubts)}]", style="dim")
        table.add_row(_MARKS[pair.kind], Text(" ".join(pair.source)), target)
    console.print(table)


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[:limit - 1] + '…'}”"
