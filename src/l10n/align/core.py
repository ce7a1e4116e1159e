"""Sentence alignment of an article and its published translation (pure, no I/O).

Dynamic programming over *beads*: groups of consecutive sentences that translate each other
(1-1, 1-2, 2-1, 2-2, 1-3, 3-1), sentences with no counterpart (1-0, 0-1), and whole
paragraphs with none (an editor dropped or added one). A bead's score is a log-likelihood
ratio, "these sentences translate each other" against "they are unrelated", summed from

* length (Gale and Church 1993): the translation's length is proportional to the source's,
  with a variance that grows with it;
* anchors (``anchors``): numbers as values, Latin-script tokens, names across scripts,
  quotation and question marks, for Ukrainian and Russian their shared vocabulary; each
  weight is the log-ratio of how often the anchor agrees in true pairs and in neighbouring
  wrong pairs of real news (measured on the NTREX-128 documents in the test data);
* structure: paragraph boundaries that coincide on both sides, beads that do not cross
  a paragraph boundary, block roles (title, heading, paragraph) that agree;

plus the log prior of the bead's shape. The best path gives the alignment; the forward-
backward sums over all paths give each bead's posterior probability. A bead is ``sure``
only when it is probable, nothing in it disagrees (numbers, Latin-script tokens, names
both articles have, questions, headings, lengths) and its place is pinned: it shares an
anchor with its translation, or lies between fixed points (anchored beads, paragraph
boundaries on both sides) over probable beads with nothing skipped. A wrong sentence
marked translated is the error to avoid; everything else is offered as uncertain (a fuzzy
entry), with the doubts that made it so.

No machine translation is asked for (Bleualign's way): the only service the project runs
offline, Apertium, covers Ukrainian and Russian alone, where the shared vocabulary gives the
same evidence without a server, and between English and the others the anchors and the
structure already reach the targets. Alignment stays offline, deterministic and fast.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from l10n.align.anchors import (
    CYRILLIC_LANGUAGES,
    EMPTY,
    Features,
    features,
    name_key,
    name_vocabulary,
)

# A sentence ending like this is closed; a heading or title is not.
_CLOSED = re.compile(r"[.!?…:;][\"'”’»)]*$")
# Log priors of bead shapes (source sentences, target sentences), from how translators
# of news split and merge sentences.
_PRIOR = {(1, 1): 0.90, (1, 2): 0.035, (2, 1): 0.025, (2, 2): 0.004, (1, 3): 0.002,
          (3, 1): 0.002, (1, 0): 0.006, (0, 1): 0.006}
LOG_PRIOR = {shape: math.log(p) for shape, p in _PRIOR.items()}
LOG_BLOCK_SKIP = math.log(0.05)  # a whole paragraph with no counterpart, any length
SHAPES = tuple(_PRIOR)

# Characters of translation per character of source (means over NTREX-128 news; the
# inverse for the other direction, 1 for pairs not measured).
LENGTH_RATIO = {("en", "uk"): 1.04, ("en", "ru"): 1.13, ("uk", "ru"): 1.09}
SD_TRUE = 2.0  # sd of (l2 - c·l1)/sqrt(l1 + LENGTH_FLOOR) for true pairs ...
SD_RANDOM = 8.0  # ... and for neighbouring wrong ones
LENGTH_FLOOR = 20  # characters: short sentences vary more than in proportion

# Anchor weights: log-ratios indexed by a count (the last value holds for larger counts).
W_NUMBERS_MATCHED = (-0.2, 3.0, 5.0, 5.5)
W_NUMBERS_UNMATCHED = (0.4, -2.4, -3.0, -3.5)
W_LATIN_MATCHED = (-0.1, 0.5, 2.5, 3.5)
W_LATIN_UNMATCHED = (0.1, -0.3, -1.0, -3.0)
W_NAMES_MATCHED = (-0.7, 0.6, 1.9, 3.4)
W_NAMES_UNMATCHED = (1.3, -0.5, -2.0, -3.5, -4.5)
W_SHARED_STEMS = (-2.0, 0.2, 2.0, 3.5, 4.0, 4.2, 5.0)  # by tenths of the Dice coefficient
W_QUOTE = (0.2, -1.0, 0.9)  # neither, one side, both
W_QUESTION = (0.0, -1.3, 1.5)
W_CLOSURE_DIFFERS = -2.0  # one side ends with a full stop, the other does not (a heading)
W_ROLE_AGREES = 0.5  # title, heading, caption ... on both sides
W_ROLE_DIFFERS = -1.5
W_BOUNDARY_BOTH = 2.0  # a paragraph boundary on both sides at the same point
W_BOUNDARY_ONE = -1.0  # ... on one side only
W_BEAD_CROSSES = -4.0  # a bead spanning a paragraph boundary ...
W_GLUED = -1.0  # ... after a heading: merged into the next paragraph, it glues to it
# Naive-Bayes sums are over-confident: posteriors are taken at this temperature.
TEMPERATURE = 0.7
SURE = 0.9  # least posterior of a bead that becomes a translation
LENGTH_DOUBT = 2.5 * SD_TRUE  # a translation this far off the expected length is doubtful
BAND = 8  # sentences off the proportional diagonal searched (widened when touched)


@dataclass(frozen=True)
class Segment:
    """A sentence (unit) of one side: its text, paragraph number and block role."""

    text: str
    block: int
    role: str = "paragraph"


@dataclass(frozen=True)
class Bead:
    """Source sentences and the target sentences that translate them (indices)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    probability: float = 0.0  # posterior probability of this bead
    sure: bool = False  # good enough to become a translation
    doubts: tuple[str, ...] = ()  # why it is not sure

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.source), len(self.target)


@dataclass
class Alignment:
    beads: list[Bead] = field(default_factory=list)
    source_lang: str = ""
    target_lang: str = ""


def _table(weights: Sequence[float], count: int) -> float:
    return weights[min(count, len(weights) - 1)]


class _Scorer:
    """Bead scores over two sides with their features, cached per bead."""

    def __init__(self, source: Sequence[Segment], target: Sequence[Segment], source_lang: str,
                 target_lang: str):
        self.source, self.target = source, target
        src_names = name_vocabulary(s.text for s in source)
        tgt_names = name_vocabulary(s.text for s in target)
        fs = [features(s.text, source_lang, src_names) for s in source]
        ft = [features(s.text, target_lang, tgt_names) for s in target]
        # A name counts where both articles have it: one written on one side only
        # (a weekday, a title the translator rendered as a word) says nothing.
        both = frozenset().union(*(f.names for f in fs)) & \
            frozenset().union(*(f.names for f in ft))
        self.fs = [replace(f, names=f.names & both) for f in fs]
        self.ft = [replace(f, names=f.names & both) for f in ft]
        self.cyrillic = (_primary(source_lang) in CYRILLIC_LANGUAGES,
                         _primary(target_lang) in CYRILLIC_LANGUAGES)
        self.ratio = _ratio(source_lang, target_lang)
        self.stems = _both_east_slavic(source_lang, target_lang)
        self.src_starts = _starts(source)
        self.tgt_starts = _starts(target)
        self.src_open = [not _CLOSED.search(seg.text) for seg in source]
        self.tgt_open = [not _CLOSED.search(seg.text) for seg in target]
        self._cache: dict[tuple[int, int, int, int], float] = {}
        self._joined: dict[tuple[int, int, int], Features] = {}

    def joined(self, side: list[Features], start: int, count: int) -> Features:
        """The features of ``count`` sentences from ``start`` taken together."""
        if count == 1:
            return side[start]
        key = (id(side), start, count)
        found = self._joined.get(key)
        if found is None:
            found = EMPTY
            for f in side[start:start + count]:
                found = found + f
            self._joined[key] = found
        return found

    def node(self, i: int, j: int) -> float:
        """Evidence of the point (i, j): paragraph boundaries on both sides, or one."""
        if self.coincide(i, j):
            return W_BOUNDARY_BOTH
        return W_BOUNDARY_ONE if i in self.src_starts or j in self.tgt_starts else 0.0

    def coincide(self, i: int, j: int) -> bool:
        """Both sides start a paragraph at (i, j); an article's end meets only the end."""
        n, m = len(self.source), len(self.target)
        return (i in self.src_starts and j in self.tgt_starts
                and (i == 0) == (j == 0) and (i == n) == (j == m))

    def bead(self, i: int, j: int, a: int, b: int) -> float:
        key = (i, j, a, b)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._bead(i, j, a, b)
        return found

    def _bead(self, i: int, j: int, a: int, b: int) -> float:
        score = LOG_PRIOR[(a, b)]
        if not a or not b:
            return score
        for k in range(i + 1, i + a):
            if k in self.src_starts:
                score += W_GLUED if self.src_open[k - 1] else W_BEAD_CROSSES
        for k in range(j + 1, j + b):
            if k in self.tgt_starts:
                score += W_GLUED if self.tgt_open[k - 1] else W_BEAD_CROSSES
        s = self.joined(self.fs, i, a)
        t = self.joined(self.ft, j, b)
        score += self.pair(s, t)
        if self.src_open[i + a - 1] != self.tgt_open[j + b - 1]:
            score += W_CLOSURE_DIFFERS
        src_role = self.source[i].role
        tgt_role = self.target[j].role
        if src_role != "paragraph" or tgt_role != "paragraph":
            score += W_ROLE_AGREES if src_role == tgt_role else W_ROLE_DIFFERS
        return score

    def pair(self, s: Features, t: Features) -> float:
        """The log-likelihood ratio of "t translates s" from lengths and anchors."""
        score = _length(s.length, t.length, self.ratio)
        if s.numbers and t.numbers:
            matched = sum((s.numbers & t.numbers).values())
            unmatched = s.numbers.total() + t.numbers.total() - 2 * matched
            score += _table(W_NUMBERS_MATCHED, matched) + _table(W_NUMBERS_UNMATCHED, unmatched)
        elif s.numbers or t.numbers:
            score += W_NUMBERS_MATCHED[0] + _table(
                W_NUMBERS_UNMATCHED, s.numbers.total() + t.numbers.total())
        else:
            score += _NO_NUMBERS
        if s.latin or t.latin:
            matched, unmatched = _latin(s, t)
            score += _table(W_LATIN_MATCHED, matched) + _table(W_LATIN_UNMATCHED, unmatched)
        else:
            score += _NO_LATIN
        if s.names or t.names:
            common = len(s.names & t.names)
            score += _table(W_NAMES_MATCHED, common) + \
                _table(W_NAMES_UNMATCHED, len(s.names) + len(t.names) - 2 * common)
        else:
            score += _NO_NAMES
        if self.stems and s.stems and t.stems:
            dice = 2 * len(s.stems & t.stems) / (len(s.stems) + len(t.stems))
            score += _table(W_SHARED_STEMS, int(dice * 10))
        return score + W_QUOTE[s.quote + t.quote] + W_QUESTION[s.question + t.question]


_NO_NUMBERS = W_NUMBERS_MATCHED[0] + W_NUMBERS_UNMATCHED[0]
_NO_LATIN = W_LATIN_MATCHED[0] + W_LATIN_UNMATCHED[0]
_NO_NAMES = W_NAMES_MATCHED[0] + W_NAMES_UNMATCHED[0]


def _foreign_latin(scorer: _Scorer, source: tuple[int, ...], target: tuple[int, ...]) -> bool:
    """Whether a Latin-script token of a Cyrillic-script side is missing on the other side,
    both as written and transliterated (a name kept as ``Newport`` against ``Ньюпорт``)."""
    s = scorer.joined(scorer.fs, source[0], len(source))
    t = scorer.joined(scorer.ft, target[0], len(target))
    for cyrillic, mine, other in ((scorer.cyrillic[0], s, t), (scorer.cyrillic[1], t, s)):
        if cyrillic and any(token not in other.words and name_key(token) not in other.spelled
                            for token in mine.latin):
            return True
    return False


def _latin(s: Features, t: Features) -> tuple[int, int]:
    """Latin tokens of each side found among the other side's words, and those not found."""
    matched = len(s.latin & t.words) + len(t.latin & s.words)
    unmatched = len(s.latin - t.words) + len(t.latin - s.words)
    return matched, unmatched


def _delta(ls: int, lt: int, ratio: float) -> float:
    return (lt - ratio * ls) / math.sqrt(ls + LENGTH_FLOOR)


def _length(ls: int, lt: int, ratio: float) -> float:
    delta = _delta(ls, lt, ratio)
    return math.log(SD_RANDOM / SD_TRUE) - delta * delta * (
        1 / (2 * SD_TRUE ** 2) - 1 / (2 * SD_RANDOM ** 2))


def _ratio(source_lang: str, target_lang: str) -> float:
    a, b = _primary(source_lang), _primary(target_lang)
    if (a, b) in LENGTH_RATIO:
        return LENGTH_RATIO[(a, b)]
    if (b, a) in LENGTH_RATIO:
        return 1 / LENGTH_RATIO[(b, a)]
    return 1.0


def _primary(lang: str) -> str:
    return lang.replace("-", "_").split("_")[0].lower()


def _both_east_slavic(a: str, b: str) -> bool:
    return {_primary(a), _primary(b)} <= {"uk", "ru", "be"}


def _starts(side: Sequence[Segment]) -> frozenset[int]:
    """Positions (0..len) where a paragraph begins, the end included."""
    found = {0, len(side)}
    for k in range(1, len(side)):
        if side[k].block != side[k - 1].block:
            found.add(k)
    return frozenset(found)


def _blocks(side: Sequence[Segment]) -> dict[int, int]:
    """Block start -> position after the block."""
    starts = sorted(_starts(side))
    return dict(zip(starts, starts[1:], strict=False))


def _logsumexp(values: list[float]) -> float:
    top = max(values)
    if top == -math.inf:
        return top
    return top + math.log(sum(math.exp(v - top) for v in values))


@dataclass
class _Lattice:
    n: int
    m: int
    lo: list[int]
    hi: list[int]

    def inside(self, i: int, j: int) -> bool:
        return 0 <= i <= self.n and self.lo[i] <= j <= self.hi[i]


def _band(n: int, m: int, width: int) -> _Lattice:
    lo, hi = [], []
    for i in range(n + 1):
        centre = i * m / n if n else 0
        lo.append(max(0, math.floor(centre - width)))
        hi.append(min(m, math.ceil(centre + width)))
    lo[0] = 0
    hi[n] = m
    return _Lattice(n, m, lo, hi)


def _moves(scorer: _Scorer, lattice: _Lattice, src_blocks: dict[int, int],
           tgt_blocks: dict[int, int], i: int, j: int
           ) -> list[tuple[int, int, float]]:
    """(next i, next j, score) of every bead that starts at (i, j) and stays in the band."""
    out = []
    for a, b in SHAPES:
        ni, nj = i + a, j + b
        if ni <= lattice.n and lattice.inside(ni, nj):
            out.append((ni, nj, scorer.bead(i, j, a, b) + scorer.node(ni, nj)))
    end = src_blocks.get(i)
    if end is not None and lattice.inside(end, j):
        out.append((end, j, LOG_BLOCK_SKIP + scorer.node(end, j)))
    end = tgt_blocks.get(j)
    if end is not None and lattice.inside(i, end):
        out.append((i, end, LOG_BLOCK_SKIP + scorer.node(i, end)))
    return out


def align(source: Sequence[Segment], target: Sequence[Segment], source_lang: str,
          target_lang: str) -> Alignment:
    """The best alignment of two articles' sentences, each bead with its probability."""
    scorer = _Scorer(source, target, source_lang, target_lang)
    n, m = len(source), len(target)
    width = BAND + abs(n - m)
    while True:
        lattice = _band(n, m, width)
        beads, touched = _solve(scorer, lattice)
        if not touched or width >= max(n, m):
            break
        width *= 2
    return Alignment(beads, source_lang, target_lang)


def _solve(scorer: _Scorer, lattice: _Lattice) -> tuple[list[Bead], bool]:
    n, m = lattice.n, lattice.m
    src_blocks = _blocks(scorer.source)
    tgt_blocks = _blocks(scorer.target)
    neg = -math.inf
    # forward (log-sum) and Viterbi (max) in one pass over the band
    fwd: dict[tuple[int, int], float] = {(0, 0): scorer.node(0, 0)}
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {
        (0, 0): (scorer.node(0, 0), None)}
    moves: dict[tuple[int, int], list[tuple[int, int, float]]] = {}
    incoming: dict[tuple[int, int], list[float]] = {}
    for i in range(n + 1):
        for j in range(lattice.lo[i], lattice.hi[i] + 1):
            here = (i, j)
            if here != (0, 0):
                values = incoming.pop(here, None)
                if not values:
                    continue
                fwd[here] = _logsumexp(values)
            f = fwd[here]
            v = best[here][0]
            out = moves[here] = _moves(scorer, lattice, src_blocks, tgt_blocks, i, j)
            for ni, nj, s in out:
                incoming.setdefault((ni, nj), []).append(TEMPERATURE * s + f)
                old = best.get((ni, nj))
                if old is None or v + s > old[0]:
                    best[(ni, nj)] = (v + s, here)
    if (n, m) not in fwd:
        raise AssertionError("alignment lattice has no complete path")
    total = fwd[(n, m)]
    bwd: dict[tuple[int, int], float] = {(n, m): 0.0}
    for here in sorted(moves, reverse=True):
        if here == (n, m):
            continue
        values = [TEMPERATURE * s + bwd[nxt] for *nxt_ij, s in moves[here]
                  if (nxt := (nxt_ij[0], nxt_ij[1])) in bwd]
        bwd[here] = _logsumexp(values) if values else neg
    path: list[tuple[int, int]] = []
    at: tuple[int, int] | None = (n, m)
    while at is not None:
        path.append(at)
        at = best[at][1]
    path.reverse()
    touched = any(j == lattice.lo[i] > 0 or j == lattice.hi[i] < m for i, j in path)
    spans = []
    for (i, j), (ni, nj) in zip(path, path[1:], strict=False):
        score = next(s for x, y, s in moves[(i, j)] if (x, y) == (ni, nj))
        probability = math.exp(min(0.0, fwd[(i, j)] + TEMPERATURE * score + bwd[(ni, nj)]
                                   - total))
        spans.append((tuple(range(i, ni)), tuple(range(j, nj)), probability))
    return _judge(scorer, spans), touched


def _judge(scorer: _Scorer, path: list[tuple[tuple[int, ...], tuple[int, ...], float]]
           ) -> list[Bead]:
    """The beads of the best path with their verdicts.

    A bead is sure when it is probable, nothing in it disagrees (numbers, Latin-script
    words, names, questions, lengths), and it is pinned: either it has anchors of its own,
    or it sits between two fixed points (anchored beads, paragraph boundaries on both
    sides) with only probable beads and no skipped sentence in between. A sentence with
    nothing in common with its neighbour's translation is only trusted where its place is.
    """
    doubts: list[list[str]] = []
    anchored: list[bool] = []
    for source, target, probability in path:
        found: list[str] = []
        doubts.append(found)
        if not source or not target:
            anchored.append(False)
            continue
        if probability < SURE:
            found.append(f"alignment probability {probability:.0%}")
        s = scorer.joined(scorer.fs, source[0], len(source))
        t = scorer.joined(scorer.ft, target[0], len(target))
        if s.numbers != t.numbers:
            found.append("numbers differ")
        if _foreign_latin(scorer, source, target):
            found.append("Latin-script words differ")
        if s.names - t.names - t.sounds or t.names - s.names - s.sounds:
            found.append("a name is missing")
        if s.question != t.question:
            found.append("one side asks a question")
        if scorer.src_open[source[-1]] != scorer.tgt_open[target[-1]]:
            found.append("a heading against a sentence")
        if abs(_delta(s.length, t.length, scorer.ratio)) > LENGTH_DOUBT:
            found.append("lengths differ")
        anchored.append(not found and _has_anchor(scorer, s, t))
    steady = [bool(source) and bool(target) and probability >= SURE
              for source, target, probability in path]
    # Points between beads where both sides start a paragraph.
    both = [scorer.coincide(i, j) for i, j in _starts_of(path)]
    beads = []
    for k, (source, target, probability) in enumerate(path):
        found = doubts[k]
        if source and target and not found and not anchored[k] and not (
                _pinned_before(k, anchored, steady, both)
                and _pinned_after(k, anchored, steady, both)):
            found.append("no anchor nearby")
        beads.append(Bead(source, target, probability,
                          sure=bool(source) and bool(target) and not found
                          and len(source) == 1, doubts=tuple(found)))
    return beads


def _starts_of(path: list[tuple[tuple[int, ...], tuple[int, ...], float]]
               ) -> list[tuple[int, int]]:
    """The (source, target) position where each bead starts, and the end of the last."""
    i = j = 0
    found = []
    for source, target, _ in path:
        found.append((i, j))
        i += len(source)
        j += len(target)
    found.append((i, j))
    return found


def _pinned_before(k: int, anchored: list[bool], steady: list[bool], both: list[bool]
                   ) -> bool:
    """Whether bead k follows a fixed point over steady beads: the start of the articles,
    an anchored bead, or paragraph boundaries on both sides after a steady bead."""
    at = k
    while at > 0:
        before = at - 1
        if anchored[before] or both[at] and steady[before]:
            return True
        if not steady[before]:
            return False
        at = before
    return True


def _pinned_after(k: int, anchored: list[bool], steady: list[bool], both: list[bool]
                  ) -> bool:
    """The same, looking forward to the end of the articles."""
    at = k + 1
    while at < len(steady):
        if anchored[at] or both[at] and steady[at]:
            return True
        if not steady[at]:
            return False
        at += 1
    return True


def _has_anchor(scorer: _Scorer, s: Features, t: Features) -> bool:
    """Whether a pair shares something beyond length: a number, a name, a Latin-script
    token, or (Ukrainian and Russian) at least two stems."""
    if s.numbers & t.numbers or s.names & t.names:
        return True
    if s.latin & t.words or t.latin & s.words:
        return True
    return scorer.stems and len(s.stems & t.stems) >= 2


__all__ = ["Alignment", "Bead", "Segment", "align"]
