"""The boundary decision: where, inside one line, a sentence ends.

Every line is cut separately (a line break always ends a segment). Inside a line a
candidate boundary is a run of ``. ! ? …`` with the closing quotes and brackets after it,
followed by whitespace. A candidate inside a bracket that closes on the same line, or
inside an agency dateline that opens the line, is never a boundary. A quotation is split
into its sentences like any other text (docs/segmentation.md gives the evidence), except
before a dash that brings in the author's words. Otherwise the language rules decide,
mostly by looking at the word before the period (abbreviation, initial, number) and the
word after it (does it open a sentence?).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from l10n.segment.rules import (
    AFTER_NUMBER,
    BEFORE_CAPITAL,
    BEFORE_STARTER,
    FINAL,
    INNER,
    BoundaryRule,
    Rules,
)

_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x85]+")
_CLOSERS = "\"'”’»)]“›"
# A detached spaced ellipsis (". . .") is one mark; otherwise any run of end marks.
_TERMINAL = re.compile(r"(?:(?<=\s)\.(?:[ \t]\.){2,}|[.!?…]+)[\"'”’»)\]“›]*")
_ENCLOSER = re.compile(r"[\"«»“”„()\[\]]")
_CLOSES = {"»": "«", "”": "“„\"", ")": "(", "]": "["}
_OPENER_CHARS = "\"'“„«‘‹([{"
_NESTING = 8  # how many open quotations and brackets a closing mark looks back through
_OPENERS = frozenset(_OPENER_CHARS)
_QUOTES = frozenset("\"'”’»“›")
_DASHES = frozenset("—–‒―-")
_SKIP_AHEAD = _OPENERS | _DASHES | frozenset(".…")
_START_SYMBOLS = frozenset("$€£₴¥№#•◦▪‣⁃●■*@")
_BULLETS = "•◦▪‣⁃●■▸►"
_WORD = re.compile(r"[^\W_][\w'’-]*")
_NUMBER = re.compile(r"[-+−]?[$€£₴]?\d[\d.,:/–—-]*%?")
_NUMBER_OR_ROMAN = re.compile(r"[-+−]?[$€£₴]?\d[\d.,:/–—-]*%?|[IVXLCІХ]+")  # Cyrillic І, Х too
_DOTTED = re.compile(r"(?:[^\W\d_]{1,4}\.)+[^\W\d_]{1,4}")
_SHORT_DOTTED = re.compile(r"[^\W\d_]{1,3}\.")
# A list marker: an optional bullet, then an item number or a lower-case item letter.
_LIST_MARKER = re.compile(r"[ \t]*(?:([" + _BULLETS + r"])[ \t]*)?(?:(\d{1,2})|([a-zа-яіїєґё]))"
                          r"(\.\)|[.)])(?=\s)")


def split(text: str, rules: Rules) -> list[tuple[int, int]]:
    """The stripped (start, end) spans of the sentences of ``text``."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start, end = line.span()
        cuts = _line_cuts(text, start, end, rules)
        for cut in cuts:
            _add(text, start, cut, spans)
            start = cut
        _add(text, start, end, spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _enclosed(text: str, start: int, end: int) -> tuple[list[tuple[int, int]],
                                                      list[tuple[int, int]]]:
    """(open, after-close) of the brackets and of the quotations that close on this line.

    A mark that is never closed opens nothing: a quotation left open by a typo encloses
    no text. A straight quote opens after a space and closes before one; ``“`` closes
    ``„`` (uk/ru) and opens otherwise.
    """
    brackets: list[tuple[int, int]] = []
    quotes: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for m in _ENCLOSER.finditer(text, start, end):
        char, pos = m.group(), m.start()
        if char == '"':
            if _straight_quote_opens(text, pos, start, end, stack):
                stack.append((char, pos))
            else:
                _close(stack, '"', pos, quotes)
        elif char == "“":
            if stack and stack[-1][0] == "„":
                quotes.append((stack.pop()[1], pos + 1))
            else:
                stack.append((char, pos))
        elif char in _CLOSES:
            _close(stack, _CLOSES[char], pos, brackets if char in ")]" else quotes)
        else:
            stack.append((char, pos))
    return brackets, quotes


def _straight_quote_opens(text: str, pos: int, start: int, end: int,
                          stack: list[tuple[str, int]]) -> bool:
    """Whether the straight quote at ``pos`` opens a quotation (else it closes one)."""
    before = text[pos - 1] if pos > start else " "
    after = text[pos + 1] if pos + 1 < end else " "
    opening = (before.isspace() or before in _OPENER_CHARS or before in _DASHES
               or before == "/") and not after.isspace()
    closing = not before.isspace() and (after.isspace() or not after.isalnum())
    if opening != closing:
        return opening
    return all(mark != '"' for mark, _ in stack[-_NESTING:])  # no telling: alternate


def _close(stack: list[tuple[str, int]], wanted: str, pos: int,
           regions: list[tuple[int, int]]) -> None:
    """Close the innermost open mark in ``wanted``; marks opened inside it are dropped.

    Only the last few open marks are looked at: real text nests a few levels deep, and a
    line of stray marks must not cost time in the square of its length.
    """
    for depth in range(len(stack) - 1, max(-1, len(stack) - 1 - _NESTING), -1):
        if stack[depth][0] in wanted:
            regions.append((stack[depth][1], pos + 1))
            del stack[depth:]
            return


def _list_cuts(text: str, start: int, end: int, regions: tuple[list[int], list[int]],
               skip: set[int]) -> list[int]:
    """Cuts before the items of a run-in list that opens the line (``1) … 2) …``).

    The periods of list markers are recorded in ``skip``: they never end a sentence.
    """
    m = _LIST_MARKER.match(text, start, end)
    bullet = text[start:end].lstrip()[:1]
    cuts: list[int] = []
    if bullet and bullet in _BULLETS:
        for b in re.finditer(r"(?<=\s)" + re.escape(bullet), text[start:end]):
            pos = start + b.start()
            if not _inside(regions, pos):
                cuts.append(pos)
                item = _LIST_MARKER.match(text, pos, end)  # "• 9. The first item"
                if item:
                    skip.add(item.start(4))
    if m is None:
        return cuts
    skip.add(m.start(4))
    number, letter, suffix = m.group(2), m.group(3), m.group(4)
    value = int(number) if number else ord(letter)
    pos = m.end()
    while True:
        value += 1
        label = str(value) if number else chr(value)
        nxt = re.compile(r"(?<=\s)(?:[" + _BULLETS + r"][ \t]*)?" + re.escape(label)
                         + re.escape(suffix) + r"(?=\s)").search(text, pos, end)
        if nxt is None or _inside(regions, nxt.start()):
            break
        if text[start:nxt.start()].rstrip()[-1:] in (",", ";"):
            break  # "1) demining; 2) rebuilding": an enumeration inside one sentence
        cuts.append(nxt.start())
        skip.add(nxt.end() - len(suffix))
        pos = nxt.end()
    return sorted(set(cuts))


def _outermost(regions: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Starts and ends of the regions not nested in another, sorted (for bisection)."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(regions):
        if not ends or a >= ends[-1]:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _inside(regions: tuple[list[int], list[int]], pos: int) -> bool:
    starts, ends = regions
    k = bisect_left(starts, pos) - 1
    return k >= 0 and pos < ends[k]


def _line_cuts(text: str, start: int, end: int, rules: Rules) -> list[int]:
    brackets, quotes = _enclosed(text, start, end)
    regions = _outermost(brackets + quotes if rules.whole_quotations else brackets)
    quoted = _outermost(quotes)
    skip: set[int] = set()
    items = _list_cuts(text, start, end, regions, skip)
    opening = _dateline_end(text, start, end, rules)
    cuts: list[int] = []
    next_item = 0
    seg_start = start
    for m in _TERMINAL.finditer(text, start, end):
        b = m.end()
        if b >= end:
            break
        if not text[b].isspace() or m.start() in skip or b < opening:
            continue
        if regions[0] and _inside(regions, b):
            continue
        if quoted[0] and _inside(quoted, b) and text[b:b + 4].lstrip()[:1] in _DASHES:
            continue  # «…? – спросила мама. – Завтра…»: the author's words inside a quotation
        while next_item < len(items) and items[next_item] <= m.start():
            seg_start = max(seg_start, items[next_item])  # a list item started in between
            next_item += 1
        boundary = _is_boundary(text, m, b, start, end, seg_start, rules)
        # The regex rules of the language are exceptions to the decision just made.
        if boundary and rules.no_breaks:
            boundary = not _rule_matches(rules.no_breaks, text, b, start, end)
        elif not boundary and rules.breaks:
            boundary = _rule_matches(rules.breaks, text, b, start, end)
        if boundary:
            cuts.append(b)
            seg_start = b
    return sorted(set(cuts + items)) if items else cuts


def _dateline_end(text: str, start: int, end: int, rules: Rules) -> int:
    """Where an agency dateline that opens the line ends (``start`` if there is none).

    ``КИЇВ, 9 січня 2024 р. — …``: no sentence ends inside it; it opens the first one.
    """
    while start < end and text[start].isspace():
        start += 1
    for pattern in rules.datelines:
        m = pattern.match(text, start, end)
        if m:
            return m.end()
    return start


def _lookahead(text: str, pos: int, end: int) -> tuple[int, bool]:
    """Index of the first word character after ``pos`` and whether a dash came first.

    Skips whitespace, opening quotes and brackets, dashes and ellipsis dots.
    """
    dashed = False
    while pos < end:
        char = text[pos]
        if char.isspace():
            pos += 1
        elif char in _SKIP_AHEAD:
            if char in _DASHES:
                dashed = True
            pos += 1
        else:
            break
    return pos, dashed


def _opens_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in _START_SYMBOLS


def _is_boundary(text: str, m: re.Match[str], b: int, line_start: int, end: int,
                 seg_start: int, rules: Rules) -> bool:
    mark = m.group()
    closers = mark[len(mark.rstrip(_CLOSERS)):]
    punct = mark[:len(mark) - len(closers)]
    nxt, dashed = _lookahead(text, b, end)
    if nxt >= end:
        return False
    starts = _opens_sentence(text[nxt])
    quoted = any(c in _QUOTES for c in closers)
    if quoted and dashed and text[b:nxt].lstrip()[:1] in _DASHES:
        return False  # «…?» — спитав він: the author's words belong to the quotation
    if starts and quoted and _attribution(text, nxt, end, rules, complete="." in punct):
        return False
    if "!" in punct or "?" in punct:
        return starts
    if m.start() > line_start and text[m.start() - 1] in "[(":
        return False  # "[...]", "(…)": an omission mark, not the end of a sentence
    dots = punct.count(".") + 3 * punct.count("…")
    if m.start() > line_start and text[m.start() - 1].isspace() and dots <= 3:
        return False  # a detached ellipsis marks an omission inside the sentence
    if punct != "." or closers:
        return starts
    return _after_word(text, m.start(), nxt, starts, line_start, seg_start, rules)


def _rule_matches(rules: tuple[BoundaryRule, ...], text: str, b: int, line_start: int,
                  end: int) -> bool:
    # A rule sees the 80 characters on either side of the boundary, so that a long line
    # costs time in proportion to its length.
    before, after = text[max(line_start, b - 80):b], text[b:min(end, b + 80)]
    return any(rule.before.search(before) and rule.after.search(after) for rule in rules)


def _attribution(text: str, pos: int, end: int, rules: Rules, complete: bool) -> bool:
    """A verb of saying within the next three words: ``"…?" Councillor Smith asked.``

    After a quotation closed by a period the attribution must be a clause of its own
    (``"We will rebuild." Mayor Klitschko said.``), not a new sentence (``He said that…``).
    """
    for count, word in enumerate(_WORD.finditer(text, pos, end)):
        if count >= 3:
            return False
        w = word.group()
        if w.lower() in rules.speech_verbs:
            return not complete or text[word.end():word.end() + 1] in (".", ",")
        if not w[0].isupper():
            return False
    return False


def _previous_word(text: str, pos: int, line_start: int) -> tuple[str, int]:
    """The whitespace-delimited word ending at ``pos`` and where it starts."""
    k = pos
    while k > line_start and not text[k - 1].isspace():
        k -= 1
    return text[k:pos], k


def _after_word(text: str, dot: int, nxt: int, starts: bool, line_start: int,
                seg_start: int, rules: Rules) -> bool:
    """Decide a single period by the word it is attached to."""
    word, word_start = _previous_word(text, dot, line_start)
    word = word.lstrip(_OPENER_CHARS)
    if not word or word[-1] in _CLOSERS:
        return starts
    before_word = _skip_space_back(text, word_start, line_start)
    prev = _previous_word(text, before_word, line_start)[0] if before_word < word_start else ""
    if _NUMBER.fullmatch(word):
        # "The list: 1. Kyiv; 2. Lviv": a small number after ":" or ";" numbers an item.
        return starts and not (len(word) <= 2 and word.isdigit() and prev[-1:] in (":", ";"))
    cls = None
    if prev and _SHORT_DOTTED.fullmatch(prev) and len(word) <= 3 and word.isalpha():
        cls = rules.abbreviation(prev[:-1] + "." + word)  # "т. е." is "т.е."
    if cls is None:
        cls = rules.abbreviation(word)
    if cls is None:
        if len(word) == 1 and word.isalpha():
            if not word.isupper():
                return False  # a one-letter abbreviation: "п. 3", "с. Іванівка"
            if word in rules.letter_words and not prev[:1].isupper():
                return starts  # the pronoun: "you and I. Did you…"
            if starts and _script(word) != _script(text[nxt]):
                return True  # not an initial of the name after it: "бал A. Дані…"
            cls = BEFORE_STARTER  # an initial ("V. Zelenskyy"), unless "Plan B. The …"
        elif _DOTTED.fullmatch(word):
            parts = word.split(".")
            cls = BEFORE_STARTER if all(len(p) == 1 and p.isupper() for p in parts) else FINAL
        else:
            return starts
    if cls == AFTER_NUMBER:
        counted = _NUMBER_OR_ROMAN.fullmatch(prev) or prev.rstrip(".").lower() in \
            rules.scale_words
        cls = FINAL if prev and counted else INNER
    if cls == INNER or not starts or text[nxt].isdigit():
        return False
    if cls in (BEFORE_STARTER, BEFORE_CAPITAL):
        following = _WORD.match(text, nxt)
        if following is None or text[following.end():following.end() + 1] == ".":
            return False  # another abbreviation or initial ("J. A. Smith", "U.S. Sen.")
        if (following.group().lower() not in rules.starters
                and (cls == BEFORE_STARTER or _continues_name(text, following, rules))):
            return False
    return not _introductory(text, seg_start, dot, rules)


def _continues_name(text: str, following: re.Match[str], rules: Rules) -> bool:
    """Whether the capitalised word after ``U.S.``, ``D.C.`` continues the name.

    It does when it is a word such names qualify (``the U.S. Army``) or is followed by
    another capitalised word (``the U.S. Drought Monitor``); otherwise it opens a new
    sentence (``Washington, D.C. Talks begin tomorrow.``).
    """
    if following.group().lower() in rules.continuations:
        return True
    after = _WORD.search(text, following.end(), following.end() + 40)
    if after is None:
        return True
    gap = text[following.end():after.start()]
    return not gap.strip() and (after.group()[0].isupper() or after.group()[0].isdigit())


def _script(char: str) -> str:
    """Latin, Cyrillic or other: an initial and the name after it share a script."""
    if char.isascii() or "\u00c0" <= char <= "\u024f":
        return "latin"
    if "\u0400" <= char <= "\u052f":
        return "cyrillic"
    return "other"


def _introductory(text: str, seg_start: int, dot: int, rules: Rules) -> bool:
    """``В 2010-2012 гг.``, ``У січні 2024 р.``: a preposition, (a month,) a number and an
    abbreviation open a sentence; they are not one."""
    if dot - seg_start > 60:
        return False
    head = text[seg_start:dot].split()
    return (3 <= len(head) <= 4 and head[0].lower() in rules.prepositions
            and _NUMBER_OR_ROMAN.fullmatch(head[-2]) is not None)


def _skip_space_back(text: str, pos: int, line_start: int) -> int:
    while pos > line_start and text[pos - 1].isspace():
        pos -= 1
    return pos
