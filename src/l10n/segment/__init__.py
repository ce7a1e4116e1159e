"""Sentence boundaries for en, uk and ru, as spans into the original text.

First rules: a sentence ends at . ! ? … when the next word starts a sentence, unless the
period belongs to an abbreviation or an initial. Line breaks always end a segment.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "en": {"mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "jr", "sr", "vs",
           "etc", "inc", "corp", "ltd", "co", "no", "jan", "feb", "mar", "apr", "jun", "jul",
           "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g", "i.e"},
    "uk": {"ім", "вул", "м", "р", "рр", "ст", "т", "тис", "млн", "млрд", "грн", "див", "с",
           "обл", "проф", "д", "ін", "п", "зв"},
    "ru": {"им", "ул", "г", "гг", "т", "тыс", "млн", "млрд", "руб", "см", "с", "обл",
           "проф", "д", "др", "пр", "е", "п", "н", "э"},
}

_END = re.compile(r"[.!?…]+[\"'”»)\]]*")
_UPPER_START = re.compile(r"[\"'“«(\[—–-]*\s*[A-ZА-ЯЁЇІЄҐ0-9]")


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of ``text``, stripped of whitespace."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in re.finditer(r"[^\n]+", text):
        pos = line.start()
        _split_line(text, pos, line.end(), lang, spans)
    return spans


def _split_line(text: str, start: int, end: int, lang: str,
                spans: list[tuple[int, int]]) -> None:
    abbrevs = _ABBREVIATIONS.get(lang, set())
    seg_start = start
    for m in _END.finditer(text, start, end):
        after = m.end()
        if after >= end:
            break
        if not text[after].isspace():
            continue
        nxt = after
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt >= end or not _UPPER_START.match(text, nxt):
            continue
        if m.group().startswith(".") and len(m.group().rstrip("\"'”»)]")) == 1:
            word = re.search(r"([\w.]+)$", text[seg_start:m.start()])
            if word:
                w = word.group(1).lower()
                if w in abbrevs or (len(w) == 1 and w.isalpha() and text[m.start() - 1].isupper()):
                    continue
        _add(text, seg_start, after, spans)
        seg_start = after
    _add(text, seg_start, end, spans)


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def sentences(text: str, lang: str) -> list[str]:
    """The stripped sentences of one block of text, in order."""
    return [text[s:e] for s, e in sentence_spans(text, lang)]
