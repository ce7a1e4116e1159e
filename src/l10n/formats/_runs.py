"""Sentence units inside a run of inline markup, shared by the Markdown and HTML readers.

A run is the inline content of one block (a paragraph, a heading, a list item), described
as pieces over the source: text, opening and closing markup, atoms (inline code, images),
hard line breaks (``break``: always between sentences) and line breaks that read as a
space (``space``: an HTML ``<br>`` inside a sentence, which the translator may move). The
segmenter sees only a projection of the run, its readable text;
boundaries found there are mapped back to the source and moved so that a unit never starts
or ends inside markup and always holds balanced markup: a sentence that ends inside an
element is merged with the next one rather than cut in the middle of the element.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from l10n.segment import sentence_spans

ATOM_STAND_IN = "X"  # how an atom (inline code, image) reads to the segmenter
LETTER = re.compile(r"[^\W\d_]")  # text without one is never a unit
_NO_ABBREVIATIONS: Mapping[str, Sequence[str]] = {}


@dataclass(frozen=True)
class Piece:
    kind: str  # "text", "open", "close", "atom", "break" or "space"
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
        elif p.kind == "space":
            chars.append(" ")
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


class _Run:
    def __init__(self, source: str, pieces: list[Piece]):
        self.source = source
        self.pieces = pieces
        self.starts = [p.start for p in pieces]

    def at(self, pos: int) -> Piece | None:
        """The piece holding the character at ``pos``."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.pieces[i].start <= pos < self.pieces[i].end:
            return self.pieces[i]
        return None

    def _space(self, p: Piece, pos: int) -> bool:
        return p.kind == "text" and (p.reading.isspace() if p.reading
                                     else self.source[pos].isspace())

    def widen(self, start: int, end: int) -> tuple[int, int]:
        """Take in markup that encloses the unit, across white space: opening before it,
        closing after it."""
        best, pos = end, end
        while (p := self.at(pos)) is not None:
            if p.kind == "close":
                pos = best = p.end
            elif p.kind in ("break", "space"):
                pos = p.end
            elif self._space(p, pos):
                pos = p.end if p.reading else pos + 1
            else:
                break
        end = best
        best, pos = start, start
        while pos > 0 and (p := self.at(pos - 1)) is not None:
            if p.kind == "open":
                pos = best = p.start
            elif p.kind in ("break", "space"):
                pos = p.start
            elif self._space(p, pos - 1):
                pos = p.start if p.reading else pos - 1
            else:
                break
        return best, end

    def has_text(self, start: int, end: int) -> bool:
        """Whether the span holds a letter outside markup."""
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        for p in self.pieces[i:]:
            if p.start >= end:
                break
            if p.kind == "text" and p.end > start and LETTER.search(
                    p.reading if p.reading else self.source[max(p.start, start):min(p.end, end)]):
                return True
        return False


def has_letters(source: str, pieces: list[Piece]) -> bool:
    """Whether a run has any text to translate (a letter outside markup)."""
    return any(p.kind == "text" and LETTER.search(p.reading or source[p.start:p.end])
               for p in pieces)


def split_run(source: str, pieces: list[Piece], lang: str,
              abbreviations: Mapping[str, Sequence[str]] = _NO_ABBREVIATIONS
              ) -> list[tuple[int, int]]:
    """Source spans of the units of one run, in order, each with balanced markup and at
    least one letter outside markup."""
    pieces = [p for p in pieces if p.end > p.start]
    if not has_letters(source, pieces):
        return []
    reading, where = _projection(source, pieces)
    spans = [(where[a][0], where[b - 1][1])
             for a, b in sentence_spans(reading, lang, **abbreviations)]
    run = _Run(source, pieces)
    units: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        j = i
        while True:
            wide = run.widen(start, end)
            if _balanced(pieces, *wide) or j + 1 >= len(spans):
                break
            j += 1
            end = spans[j][1]
        units.append(wide)
        i = j + 1
    # A "sentence" of markup alone (an image, a code span) joins its neighbour.
    joined: list[tuple[int, int]] = []
    for start, end in units:
        if joined and (not run.has_text(start, end) or not run.has_text(*joined[-1])):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    joined = [u for u in joined if run.has_text(*u)]
    if not all(_balanced(pieces, *u) for u in joined):
        # Markup that no sentence boundary can respect: the whole run is one unit.
        solid = [p for p in pieces if p.kind not in ("break", "space") and not (
            p.kind == "text" and not (p.reading or source[p.start:p.end]).strip())]
        joined = [(solid[0].start, solid[-1].end)] if joined else []
    return joined


_WHITE = re.compile(r"[ \t\n\r\f]+")


def collapsed(source: str, pieces: list[Piece], start: int, end: int) -> str:
    """The span as a reader sees it: each run of white space in its text read as one
    space (as HTML renders it); markup, atoms and character references as written."""
    out: list[str] = []
    i = max(0, bisect.bisect_right([p.start for p in pieces], start) - 1)
    pos = start
    for p in pieces[i:]:
        if p.start >= end:
            break
        if p.end <= start:
            continue
        a, b = max(p.start, start), min(p.end, end)
        if a > pos:
            out.append(_WHITE.sub(" ", source[pos:a]))
        chunk = source[a:b]
        out.append(_WHITE.sub(" ", chunk) if p.kind == "text" and not p.reading else chunk)
        pos = b
    if pos < end:
        out.append(_WHITE.sub(" ", source[pos:end]))
    return "".join(out)
