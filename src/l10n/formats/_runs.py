"""Sentence units inside a run of inline markup, shared by the Markdown and HTML readers.

A run is the inline content of one block (a paragraph, a heading, a list item), described
as pieces over the source: text, opening and closing markup, atoms (inline code, images)
and hard line breaks. The segmenter sees only a projection of the run, its readable text;
boundaries found there are mapped back to the source and moved so that a unit never starts
or ends inside markup and always holds balanced markup: a sentence that ends inside an
element is merged with the next one rather than cut in the middle of the element.
"""

from __future__ import annotations

from dataclasses import dataclass

from l10n.segment import sentence_spans

ATOM_STAND_IN = "X"  # how an atom (inline code, image) reads to the segmenter


@dataclass(frozen=True)
class Piece:
    kind: str  # "text", "open", "close", "atom" or "break"
    start: int  # source offsets
    end: int
    reading: str = ""  # text pieces only: what the segmenter sees (default: the source)


def _projection(source: str, pieces: list[Piece]) -> tuple[str, list[tuple[int, int]]]:
    chars: list[str] = []
    where: list[tuple[int, int]] = []
    for p in pieces:
        if p.kind == "text":
            if p.reading:
                # a character reference or an escape: all its characters stand for the range
                for ch in p.reading:
                    chars.append(" " if ch in "\r\n\t" else ch)
                    where.append((p.start, p.end))
            else:
                for i in range(p.start, p.end):
                    ch = source[i]
                    chars.append(" " if ch in "\r\n\t" else ch)
                    where.append((i, i + 1))
        elif p.kind == "atom":
            chars.append(ATOM_STAND_IN)
            where.append((p.start, p.end))
        elif p.kind == "break":
            chars.append("\n")
            where.append((p.start, p.end))
    return "".join(chars), where


def _balanced(pieces: list[Piece], start: int, end: int) -> bool:
    depth = 0
    for p in pieces:
        if p.start < start or p.end > end:
            continue
        if p.kind == "open":
            depth += 1
        elif p.kind == "close":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _widen(pieces: list[Piece], start: int, end: int) -> tuple[int, int]:
    """Take in markup that touches the unit: opening before it, closing after it."""
    by_end = {p.end: p for p in pieces if p.kind == "open"}
    while start in by_end:
        start = by_end[start].start
    by_start = {p.start: p for p in pieces if p.kind == "close"}
    while end in by_start:
        end = by_start[end].end
    return start, end


def split_run(source: str, pieces: list[Piece], lang: str) -> list[tuple[int, int]]:
    """Source spans of the units of one run, in order, each with balanced markup."""
    pieces = [p for p in pieces if p.end > p.start]
    reading, where = _projection(source, pieces)
    spans = [(where[a][0], where[b - 1][1]) for a, b in sentence_spans(reading, lang)]
    units: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        j = i
        while True:
            wide = _widen(pieces, start, end)
            if _balanced(pieces, *wide) or j + 1 >= len(spans):
                break
            j += 1
            end = spans[j][1]
        units.append(wide)
        i = j + 1
    return units
