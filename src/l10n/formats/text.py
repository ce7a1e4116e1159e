"""Plain-text articles: blocks separated by blank lines, one role per line.

Roles: the site's language-switcher line (kept verbatim, not translated), the title (first
block), photo captions (``Photo: …``/``Фото: …``, also when glued after a repeat of the
title on one line), headings (short lines without final punctuation) and paragraphs,
which are split into sentences.
"""

from __future__ import annotations

import re

from l10n.formats import TextHooks
from l10n.model import Article, Unit
from l10n.segment import sentence_spans

_SWITCHER = re.compile(r"^\s*(?:ua|uk|en|ru)(?:\s*[|/·]?\s*(?:ua|uk|en|ru)){1,4}\s*$", re.I)
_CAPTION = re.compile(r"(?:^|(?<=\s))(?:Photo|Фото|Picture|Illustration|Ілюстрація|Иллюстрация)"
                      r"\s*:", re.I)
_FINAL_PUNCT = tuple(".!?…:;,\"'»”)")
_HEADING_MAX_WORDS = 14


class TextFormat(TextHooks):
    name = "text"
    extensions = ("txt",)

    def parse(self, text: str, *, slug: str, path: str, lang: str) -> Article:
        return TextReader(text, slug=slug, path=path, lang=lang).read()


class TextReader:
    def __init__(self, text: str, *, slug: str, path: str, lang: str):
        self.text = text
        self.article = Article(slug=slug, path=path, lang=lang, format="text")
        self.pos = 0  # everything before pos is already in the skeleton
        self.block = 0
        self.title: str | None = None

    def read(self) -> Article:
        text = self.text
        # Lines with their offsets; a line's content excludes \r\n / \n.
        lines = [(m.start(), m.start() + len(m.group().rstrip("\r\n")))
                 for m in re.finditer(r"[^\n]*\n|[^\n]+$", text)]
        lineno_at = _line_index(text)
        in_block = False
        for start, end in lines:
            content = text[start:end]
            if not content.strip():
                in_block = False
                continue
            if not in_block:
                self.block += 1
                in_block = True
            self._line(start, end, lineno_at)
        self._literal(len(text))
        return self.article

    def _literal(self, upto: int) -> None:
        if upto > self.pos:
            self.article.parts.append(self.text[self.pos:upto])
            self.pos = upto

    def _unit(self, start: int, end: int, role: str, lineno_at, index: int = 1,
              count: int = 1) -> None:
        self._literal(start)
        self.article.parts.append(Unit(self.text[start:end], role, self.block, index, count,
                                       lineno_at(start)))
        self.pos = end

    def _line(self, start: int, end: int, lineno_at) -> None:
        content = self.text[start:end]
        stripped = content.strip()
        s = start + (len(content) - len(content.lstrip()))
        e = end - (len(content) - len(content.rstrip()))
        if self.block == 1 and self.title is None and _SWITCHER.match(content):
            return  # the site's language switcher stays as it is
        if self.title is None:
            self.title = stripped
            self._unit(s, e, "title", lineno_at)
            return
        cap = _CAPTION.search(self.text, s, e)
        if cap:
            if cap.start() > s:
                before_end = cap.start()
                while self.text[before_end - 1].isspace():
                    before_end -= 1
                role = "title" if self.text[s:before_end] == self.title else "heading"
                self._unit(s, before_end, role, lineno_at)
            self._unit(cap.start(), e, "caption", lineno_at)
            return
        if _is_heading(stripped):
            self._unit(s, e, "heading", lineno_at)
            return
        spans = sentence_spans(self.text[s:e], self.article.lang)
        for k, (a, b) in enumerate(spans, 1):
            self._unit(s + a, s + b, "paragraph", lineno_at, k, len(spans))


def _is_heading(line: str) -> bool:
    return not line.endswith(_FINAL_PUNCT) and len(line.split()) <= _HEADING_MAX_WORDS


def _line_index(text: str):
    """A function from offset to 1-based line number."""
    import bisect

    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def lineno(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    return lineno
