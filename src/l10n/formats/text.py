"""Plain-text articles: blocks separated by blank lines, one role per line.

Roles: the site's language-switcher line (kept verbatim, not translated), the title (first
line), photo captions (``Photo: …``/``Фото: …``, also when glued after a repeat of the
title or a heading on one line), headings (short lines without final punctuation), list
items (lines opening with a bullet or an item number) and paragraphs. Paragraphs and list
items are split into sentences; everything between units stays verbatim in the skeleton.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from l10n.formats import NO_OPTIONS, TextHooks
from l10n.model import Article, Unit
from l10n.segment import sentence_spans

_SWITCHER = re.compile(r"^\s*(?:ua|uk|en|ru)(?:\s*[|/·]?\s*(?:ua|uk|en|ru)){1,4}\s*$", re.I)
_CAPTION_WORDS = r"(?:Photo|Фото|Picture|Illustration|Ілюстрація|Иллюстрация|Video|Відео|Видео)"
# A caption line opens with its label; a caption glued after a title or heading on the
# same line is found by its capitalised label.
_CAPTION_START = re.compile(_CAPTION_WORDS + r"\s*:", re.I)
_CAPTION_GLUED = re.compile(r"(?<=\s)" + _CAPTION_WORDS + r"\s*:")
_LIST_ITEM = re.compile(r"[-•*▪◦‣⁃●■►▸]\s|\d{1,2}[.)]\s|[^\W\d_]\)\s")
_FINAL_PUNCT = tuple(".!?…:;,\"'»”)")
_HEADING_MAX_WORDS = 14


class TextFormat(TextHooks):
    name = "text"
    extensions = ("txt",)

    def parse(self, text: str, *, slug: str, path: str, lang: str,
              options: Mapping[str, Any] = NO_OPTIONS,
              abbreviations: Mapping[str, Sequence[str]] = NO_OPTIONS) -> Article:
        """Read an article; ``abbreviations`` are the project's additions for ``lang``
        (keyword arguments of ``sentence_spans``)."""
        return TextReader(text, slug=slug, path=path, lang=lang,
                          abbreviations=abbreviations.get("abbreviations", ()),
                          abbreviations_final=abbreviations.get("abbreviations_final", ())
                          ).read()


class TextReader:
    def __init__(self, text: str, *, slug: str, path: str, lang: str,
                 abbreviations: Iterable[str] = (), abbreviations_final: Iterable[str] = ()):
        self.text = text
        self.article = Article(slug=slug, path=path, lang=lang, format="text")
        self.abbreviations = tuple(abbreviations)
        self.abbreviations_final = tuple(abbreviations_final)
        self.pos = 0  # everything before pos is already in the skeleton
        self.block = 0
        self.title: str | None = None
        self.lineno = _line_index(text)

    def read(self) -> Article:
        in_block = False
        for m in re.finditer(r"[^\n]*\n|[^\n]+$", self.text):
            start, end = m.start(), m.start() + len(m.group().rstrip("\r\n"))
            if not self.text[start:end].strip():
                in_block = False
                continue
            if not in_block:
                self.block += 1
                in_block = True
            self._line(start, end)
        self._literal(len(self.text))
        return self.article

    def _literal(self, upto: int) -> None:
        if upto > self.pos:
            self.article.parts.append(self.text[self.pos:upto])
            self.pos = upto

    def _unit(self, start: int, end: int, role: str, index: int = 1, count: int = 1) -> None:
        self._literal(start)
        self.article.parts.append(Unit(self.text[start:end], role, self.block, index, count,
                                       self.lineno(start)))
        self.pos = end

    def _line(self, start: int, end: int) -> None:
        content = self.text[start:end]
        s = start + (len(content) - len(content.lstrip()))
        e = end - (len(content) - len(content.rstrip()))
        line = self.text[s:e]
        if self.block == 1 and self.title is None and _SWITCHER.match(line):
            return  # the site's language switcher stays as it is
        if self.title is None:
            self.title = line
            self._unit(s, e, "title")
            return
        if _CAPTION_START.match(line):
            self._unit(s, e, "caption")
            return
        glued = _CAPTION_GLUED.search(line)
        head = line[:glued.start()].rstrip() if glued else ""
        if glued and not head.endswith(_FINAL_PUNCT):
            head_end = s + len(head)
            role = "title" if self.text[s:head_end] == self.title else "heading"
            self._unit(s, head_end, role)
            self._unit(s + glued.start(), e, "caption")
            return
        if _LIST_ITEM.match(line):
            self._sentences(s, e, "list-item")
        elif _is_heading(line):
            self._unit(s, e, "heading")
        else:
            self._sentences(s, e, "paragraph")

    def _sentences(self, start: int, end: int, role: str) -> None:
        spans = sentence_spans(self.text[start:end], self.article.lang,
                               abbreviations=self.abbreviations,
                               abbreviations_final=self.abbreviations_final)
        for k, (a, b) in enumerate(spans, 1):
            self._unit(start + a, start + b, role, k, len(spans))


def _is_heading(line: str) -> bool:
    return not line.endswith(_FINAL_PUNCT) and len(line.split()) <= _HEADING_MAX_WORDS


def _line_index(text: str) -> Callable[[int], int]:
    """A function from offset to 1-based line number."""
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def lineno(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    return lineno
