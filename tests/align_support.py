"""Article pairs with a gold alignment, built from the parallel news in tests/data/align.

Each document (a headline, then its lines) becomes a plain-text article in each language:
the headline alone, then paragraphs of one to four lines (the same on both sides). Variant
``published`` keeps the structure; variant ``edited`` drops one paragraph from the
translation and merges two of its other paragraphs, as editors do. The gold is the line
number each character of an article comes from: a sentence unit is judged by the lines it
covers on both sides (see ``score``).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "align"
FILES = {"en": "newstest2019-src.eng.txt", "uk": "newstest2019-ref.ukr.txt",
         "ru": "newstest2019-ref.rus.txt"}
PAIRS = (("en", "uk"), ("en", "ru"), ("uk", "ru"))
VARIANTS = ("published", "edited")
# A line ending like this closes a sentence; any other line is a headline or subheading.
_CLOSED = re.compile(r"[.!?…:;][\"'”’»)]*$|[\"'”’»)]$")
_MIN_DOCUMENT = 3  # lines: a shorter "document" is a false start, kept with the one before


def lines(lang: str) -> list[str]:
    return (DATA / FILES[lang]).read_text(encoding="utf-8").splitlines()


def documents(english: Sequence[str] | None = None) -> list[range]:
    """Line ranges of the documents: a line without final punctuation opens one, unless the
    line before is one too (a headline and its subheading stay together)."""
    english = lines("en") if english is None else english
    starts = [0]
    for i in range(1, len(english)):
        if not _CLOSED.search(english[i].strip()) and _CLOSED.search(english[i - 1].strip()):
            starts.append(i)
    starts.append(len(english))
    docs = [range(a, b) for a, b in zip(starts, starts[1:], strict=False)]
    merged: list[range] = []
    for doc in docs:
        if merged and len(doc) < _MIN_DOCUMENT:
            merged[-1] = range(merged[-1].start, doc.stop)
        else:
            merged.append(doc)
    return merged


@dataclass
class Side:
    """One article of a pair: its text and where each gold line lies in it."""

    text: str
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # start, end, line

    def lines_of(self, units: Sequence[tuple[int, int]]) -> list[frozenset[int]]:
        """The gold lines of each unit (start, end): the lines it holds most of.

        Every line belongs to the unit holding most of its characters; a unit holding most
        of no line (a fragment cut off by a missed or extra sentence boundary) belongs to
        the line it overlaps most.
        """
        overlap: list[dict[int, int]] = []
        for start, end in units:
            found: dict[int, int] = {}
            for s, e, line in self.spans:
                shared = min(e, end) - max(s, start)
                if shared > 0:
                    found[line] = found.get(line, 0) + shared
            overlap.append(found)
        owner: dict[int, tuple[int, int]] = {}
        for n, found in enumerate(overlap):
            for line, shared in found.items():
                if line not in owner or shared > owner[line][0]:
                    owner[line] = (shared, n)
        owned: list[set[int]] = [set() for _ in units]
        for line, (_, n) in owner.items():
            owned[n].add(line)
        return [frozenset(lines) if lines else
                frozenset([max(found, key=found.__getitem__)]) if found else frozenset()
                for lines, found in zip(owned, overlap, strict=True)]


@dataclass
class Pair:
    name: str  # "<first line>-<variant>"
    source_lang: str
    target_lang: str
    variant: str
    source: Side
    target: Side
    dropped: frozenset[int] = frozenset()  # gold lines missing from the translation


def _paragraphs(doc: range, rng: random.Random, english: Sequence[str]) -> list[list[int]]:
    """The headline alone, then runs of 1-4 lines; a subheading is a paragraph of its own."""
    paras: list[list[int]] = [[doc.start]]
    current: list[int] = []
    size = rng.randint(1, 4)
    for i in doc[1:]:
        if not _CLOSED.search(english[i].strip()):
            if current:
                paras.append(current)
            paras.append([i])
            current, size = [], rng.randint(1, 4)
            continue
        current.append(i)
        if len(current) >= size:
            paras.append(current)
            current, size = [], rng.randint(1, 4)
    if current:
        paras.append(current)
    return paras


def _side(paras: Iterable[Sequence[int]], text_of: Sequence[str]) -> Side:
    side = Side("")
    chunks: list[str] = []
    pos = 0
    for n, para in enumerate(paras):
        if n:
            chunks.append("\n\n")
            pos += 2
        for k, line in enumerate(para):
            if k:
                chunks.append(" ")
                pos += 1
            text = text_of[line].strip()
            side.spans.append((pos, pos + len(text), line))
            chunks.append(text)
            pos += len(text)
    side.text = "".join(chunks) + "\n"
    return side


def edit(paras: list[list[int]], rng: random.Random) -> tuple[list[list[int]], list[int]]:
    """Drop one body paragraph and merge two other neighbouring ones (as far as the
    document allows); returns the new paragraphs and the dropped lines."""
    body = list(range(1, len(paras)))
    dropped: list[int] = []
    out = [list(p) for p in paras]
    if len(body) >= 3:
        gone = rng.choice(body)
        dropped = out[gone]
        out = out[:gone] + out[gone + 1:]
    candidates = list(range(1, len(out) - 1))
    if candidates:
        k = rng.choice(candidates)
        out = out[:k] + [out[k] + out[k + 1]] + out[k + 2:]
    return out, dropped


def pairs(source_lang: str, target_lang: str, variants: Sequence[str] = VARIANTS,
          docs: Sequence[range] | None = None, seed: int = 0) -> list[Pair]:
    """Article pairs of every document; ``seed`` varies the paragraphs and the edits."""
    english = lines("en")
    texts = {lang: lines(lang) for lang in (source_lang, target_lang)}
    found: list[Pair] = []
    for doc in documents(english) if docs is None else docs:
        rng = random.Random(doc.start + 1000 * seed)
        paras = _paragraphs(doc, rng, english)
        source = _side(paras, texts[source_lang])
        for variant in variants:
            if variant == "published":
                target, dropped = _side(paras, texts[target_lang]), []
            else:
                edited, dropped = edit(paras, random.Random(doc.start * 7 + 1 + 1000 * seed))
                target = _side(edited, texts[target_lang])
            found.append(Pair(f"{doc.start + 1}-{variant}", source_lang, target_lang, variant,
                              source, target, frozenset(dropped)))
    return found


def concatenated(pair_list: Sequence[Pair], name: str) -> Pair:
    """One long article pair made of several (for throughput against length)."""
    def join(sides: list[Side]) -> Side:
        out = Side("")
        pos = 0
        for side in sides:
            out.spans += [(s + pos, e + pos, line) for s, e, line in side.spans]
            out.text += side.text + "\n"
            pos += len(side.text) + 1
        return out

    first = pair_list[0]
    return Pair(name, first.source_lang, first.target_lang, first.variant,
                join([p.source for p in pair_list]), join([p.target for p in pair_list]),
                frozenset().union(*(p.dropped for p in pair_list)))


# -- scoring ---------------------------------------------------------------------------

@dataclass
class Score:
    """Counts over many pairs; see ``score`` for what each means."""

    translated: int = 0  # entries marked translated
    translated_right: int = 0
    fuzzy: int = 0
    fuzzy_right: int = 0
    gold: int = 0  # source sentences whose line is one sentence on both sides
    found: int = 0  # ... filled with exactly that sentence (translated or fuzzy)
    wrong: list[str] = field(default_factory=list)  # examples of wrong translated entries

    def add(self, other: Score) -> None:
        for name in ("translated", "translated_right", "fuzzy", "fuzzy_right", "gold",
                     "found"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wrong += other.wrong

    @property
    def precision(self) -> float:
        return self.translated_right / self.translated if self.translated else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0


def unit_spans(parts: Sequence[object]) -> list[tuple[int, int]]:
    """(start, end) of each unit of an article's skeleton in its text."""
    spans = []
    pos = 0
    for part in parts:
        text = part if isinstance(part, str) else part.text  # type: ignore[attr-defined]
        if not isinstance(part, str):
            spans.append((pos, pos + len(text)))
        pos += len(text)
    return spans


def score(pair: Pair, source_lines: Sequence[frozenset[int]],
          target_lines: Sequence[frozenset[int]],
          entries: Iterable[tuple[int, Sequence[int], bool]],
          texts: tuple[Sequence[str], Sequence[str]] | None = None) -> Score:
    """Judge per-sentence entries ``(source unit, target units, translated?)``.

    The units are grouped by the gold lines they share (a connected group of source and
    target units). An entry is right when its source unit is alone on its side of the group
    and the target units are the whole other side; when both sides of the group have the
    same number of units and the entry pairs them in order; or, where the sentence split
    differs inside the group (a segmenter missed a boundary on one side), when its target
    units come from exactly the lines of the source unit. Recall counts the source units
    alone in a group with exactly one target unit.
    """
    groups = _groups(source_lines, target_lines)
    result = Score()
    for srcs, tgts in groups.source:
        if len(srcs) == 1 and len(tgts) == 1:
            result.gold += 1
    for s, targets, translated in entries:
        srcs, tgts = groups.source[s]
        if not targets:
            continue
        if len(srcs) == 1:
            right = list(targets) == tgts
        elif len(srcs) == len(tgts):
            right = list(targets) == [tgts[srcs.index(s)]]
        else:
            right = frozenset().union(*(target_lines[t] for t in targets)) == source_lines[s]
        if translated:
            result.translated += 1
            result.translated_right += right
            if not right and texts is not None:
                result.wrong.append(f"{pair.name}: {texts[0][s]!r} -> "
                                    f"{' '.join(texts[1][t] for t in targets)!r}")
        else:
            result.fuzzy += 1
            result.fuzzy_right += right
        if right and len(srcs) == 1 and len(tgts) == 1:
            result.found += 1
    return result


@dataclass
class _Groups:
    source: list[tuple[list[int], list[int]]]


def _groups(source_lines: Sequence[frozenset[int]],
            target_lines: Sequence[frozenset[int]]) -> _Groups:
    """For each source unit, the (source units, target units) of its gold group."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: tuple[str, int], b: tuple[str, int]) -> None:
        parent[find(a)] = find(b)

    for side, units in (("s", source_lines), ("t", target_lines)):
        for n, found in enumerate(units):
            find((side, n))
            for line in found:
                union((side, n), ("l", line))
    members: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for side, units in (("s", source_lines), ("t", target_lines)):
        for n in range(len(units)):
            group = members.setdefault(find((side, n)), ([], []))
            group[0 if side == "s" else 1].append(n)
    return _Groups([members[find(("s", n))] for n in range(len(source_lines))])
