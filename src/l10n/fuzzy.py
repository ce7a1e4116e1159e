"""Indexed fuzzy matching of source sentences: which old sentence is a new one an edit of?

An all-pairs comparison (pybabel, and in effect msgmerge and pot2po on big catalogs) grows
with the square of the catalog. Here each old text is indexed under its words; a query
looks only at the posting lists of its rarest words, keeps the few entries that share the
most of them, and scores just those precisely. The cost of one query is bounded by the
length of a few short posting lists, so an update grows about linearly with the catalog.

The precise score is the similarity of the two texts as sequences of words (punctuation
and numbers are words too): ``2 * matched words / (words in a + words in b)``, as
difflib computes it; for short texts, the mean of that and the same ratio over
characters when it is higher (one word is a big share of a short sentence). Measured
in words, a one-word edit of a 15-word sentence scores 0.93, while a brand-new sentence
that merely follows the same pattern ("The X approved the Y in Z") shares only its
function words and scores far lower; character measures, like msgmerge's, cannot tell
those two apart and attach wrong suggestions to most new sentences of a big catalog.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

DEFAULT_SIMILARITY = 0.75
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
# Word pairs of a query looked up, rarest first: the rarest always, then more while the
# posting lists scanned stay within the budget.
_QUERY_FEATURES = 6
# Texts of at most this many words are also indexed by their single words.
_SHORT = 6
_SCAN_BUDGET = 1000
# Entries compared by word-pair overlap, and how many of those scored precisely.
_CANDIDATES = 12
_RANKED = 32
# Below this word-pair overlap no text reaches a useful word similarity: skip scoring.
_MIN_OVERLAP = 0.4
_SCORED = 3
_NEGATIONS = frozenset((
    "not", "no", "never", "none", "nothing", "nobody", "neither", "nor", "without", "n't",
    "cannot", "не", "ні", "ніколи", "ніхто", "ніщо", "жоден", "без", "нет", "никогда",
    "никто", "ничто", "ни"))


def tokens(text: str) -> list[str]:
    """Words and punctuation of ``text``, lower-cased."""
    return _TOKEN_RE.findall(text.lower())


def _features(text: str) -> set[int]:
    """Index keys of a text: hashes of its word pairs, and of its words too when it is
    short (one edited word changes two pairs, which is most of a short text's pairs).

    Pairs are far more selective than single words. Hashes keep the index small; a
    collision only adds a candidate.
    """
    words = text.lower().split()
    if len(words) > _SHORT:
        return set(map(hash, zip(words, words[1:], strict=False)))
    return set(map(hash, words)) | set(map(hash, zip(words, words[1:], strict=False)))


def similarity(a: str, b: str) -> float:
    """How alike two texts are, from 0 to 1 (see the module docstring)."""
    return _score(tokens(a), tokens(b), a, b)


def _score(ta: list[str], tb: list[str], a: str, b: str) -> float:
    if not ta or not tb:
        return 1.0 if a == b else 0.0
    words = SequenceMatcher(None, ta, tb, autojunk=False).ratio()
    if len(ta) + len(tb) >= 16:
        return words
    # Short texts: one changed word weighs a lot; the characters may show more kinship.
    chars = SequenceMatcher(None, a, b, autojunk=False).ratio()
    return max(words, (words + chars) / 2)


def negation_changed(a: str, b: str) -> bool:
    """True when the texts differ in a negation word (``is`` versus ``is not``)."""
    na = Counter(t for t in tokens(a) if t in _NEGATIONS)
    nb = Counter(t for t in tokens(b) if t in _NEGATIONS)
    return na != nb


@dataclass(frozen=True)
class Match:
    """The best old text for a query: its position in the index and its score."""

    item: int
    score: float


class FuzzyIndex:
    """An inverted index of texts by word pair, answering "most similar text above a
    threshold". Items are numbered in the order they are added; ``best`` returns that
    number.
    """

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self._texts: list[str] = []
        self._postings: defaultdict[int, list[int]] = defaultdict(list)
        self.extend(texts)

    def __len__(self) -> int:
        return len(self._texts)

    def add(self, text: str) -> int:
        self.extend((text,))
        return len(self._texts) - 1

    def extend(self, texts: Iterable[str]) -> None:
        """Index ``texts``, numbered after those already indexed."""
        postings = self._postings
        first = len(self._texts)
        self._texts.extend(texts)
        for item in range(first, len(self._texts)):  # _features(), inlined: the hot loop
            words = self._texts[item].lower().split()
            keys = set(map(hash, zip(words, words[1:], strict=False)))
            if len(words) <= _SHORT:
                keys.update(map(hash, words))
            for feature in keys:
                postings[feature].append(item)

    def text(self, item: int) -> str:
        return self._texts[item]

    def best(self, query: str, threshold: float = DEFAULT_SIMILARITY,
             exclude: Callable[[int], bool] | None = None) -> Match | None:
        """The most similar indexed text scoring at least ``threshold``, or None.

        ``exclude(item)`` leaves items out (e.g. a catalog's own entries in a memory).
        """
        features = _features(query)
        get = self._postings.get
        known = sorted((lst for lst in map(get, features) if lst), key=len)
        if not known:
            return None
        # The rarest pairs of an edited sentence are still in its old version; a few of
        # them find it, and the posting lists of common pairs are never scanned.
        hits: Counter[int] = Counter()
        scanned = 0
        for used, lst in enumerate(known[:_QUERY_FEATURES]):
            if used and (len(lst) > _SCAN_BUDGET or used >= 2
                         and scanned + len(lst) > _SCAN_BUDGET):
                break
            hits.update(lst)
            scanned += len(lst)
        # Rank by shared rare pairs, then by closeness in length: a new pair made by the
        # edit may itself be rare, so the old version can share just one of the lists.
        texts = self._texts
        qlen = len(query)
        top = hits.most_common(_RANKED) if len(hits) > _RANKED else hits.items()
        ranked = sorted(top, key=lambda kv: abs(len(texts[kv[0]]) - qlen) - kv[1] * 1000)
        ranked = ranked[:_CANDIDATES]
        candidates: list[tuple[float, int]] = []
        for item, _ in ranked:
            if exclude is not None and exclude(item):
                continue
            other = _features(texts[item])
            shared = len(features & other)
            overlap = 2 * shared / (len(features) + len(other))
            # A one-word edit removes two pairs: all that short texts may share.
            if overlap >= _MIN_OVERLAP or shared >= min(len(features), len(other)) - 2 > 0:
                candidates.append((overlap, item))
        if not candidates:
            return None
        candidates.sort(reverse=True)
        qtoks = tokens(query)
        best: Match | None = None
        for _, item in candidates[:_SCORED]:
            text = texts[item]
            score = _score(qtoks, tokens(text), query, text)
            if score >= threshold and (best is None or score > best.score):
                best = Match(item, score)
        return best
