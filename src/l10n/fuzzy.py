"""Indexed fuzzy matching: which known text is a new one an edit of?

This is the one fuzzy index of l10n and its one similarity scale (0 to 1): ``update``
uses it to find the old entry a new sentence is an edit of, the memory backend to find
the closest translated segment of a translation memory.

An all-pairs comparison (pybabel, and in effect msgmerge and pot2po on big catalogs) grows
with the square of the catalog. Here each text is indexed under its word pairs (and, if
it is short, its words and character trigrams); a query looks only at the posting lists
of its rarest keys, keeps the few texts that share the most of them, and scores just
those precisely. The cost of one query is bounded by the length of a few short posting
lists, so an update grows about linearly with the catalog.

The precise score depends on the length of the texts:

* sentences are compared as sequences of words (punctuation and numbers are words too;
  a format directive such as ``%(num)d`` or ``{name}`` is one word, of its kind):
  ``2 * matched words / (words in a + words in b)``, as difflib computes it. A one-word
  edit of a 15-word sentence scores 0.93, while a brand-new sentence that merely follows
  the same pattern ("The X approved the Y in Z") shares only its function words and
  scores far lower; character measures, like msgmerge's, cannot tell those two apart and
  attach wrong suggestions to most new sentences of a big catalog;
* short texts (labels, headings, captions: ``SHORT`` words or fewer on both sides) are
  compared as characters too, and the higher score counts: one changed word is a big
  share of a short text, while its characters show the kinship msgmerge sees
  (``Delete`` and ``Deleted:``, ``%d month`` and ``%(num)d month``).
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

DEFAULT_SIMILARITY = 0.75
# A format directive (%s, %(name)d, %-5.2f, {name}, {0:>3}) is one word, of its kind.
# ("50% of" has none: a space flag and letters after the conversion are not taken.)
_DIRECTIVE = (r"%(?:\([^()\s]*\))?[-+#0]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa](?![A-Za-z])"
              r"|\{[^{}\s]*\}")
_TOKEN_RE = re.compile(rf"({_DIRECTIVE})|\w+|[^\w\s]")
_PLAIN_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
# Texts of at most this many words (on both sides) are short: also compared by
# characters, and also indexed by their single words and character trigrams.
SHORT = 4
_SCAN_BUDGET = 1000
# Keys of a query looked up, rarest first: the rarest always, then more (up to this
# many) while the posting lists scanned stay within the budget.
_QUERY_FEATURES = 64
# Entries compared by key overlap, and how many of those scored precisely.
_CANDIDATES = 12
# Below this key overlap no text reaches a useful similarity: skip scoring.
_MIN_OVERLAP = 0.4
_SCORED = 3
_NEGATIONS = frozenset((
    "not", "no", "never", "none", "nothing", "nobody", "neither", "nor", "without", "n't",
    "cannot", "не", "ні", "ніколи", "ніхто", "ніщо", "жоден", "без", "нет", "никогда",
    "никто", "ничто", "ни"))


def _token(m: re.Match[str]) -> str:
    directive = m.group(1)
    if directive is None:
        return m.group().lower()
    return "{}" if directive[0] == "{" else "%" + directive[-1]


def tokens(text: str) -> list[str]:
    """Words, punctuation and format directives of ``text``, lower-cased; a directive
    stands for its kind (``%(num)d`` and ``%d`` are the same word)."""
    if "%" not in text and "{" not in text:
        return _PLAIN_TOKEN_RE.findall(text.lower())
    return [_token(m) for m in _TOKEN_RE.finditer(text)]


def _features(text: str) -> set[int]:
    """Index keys of a text: hashes of its word pairs, and of its words and character
    trigrams too when it is short (one edited word changes two pairs, which is most of
    a short text's pairs; "Delete" and "Deleted:" share no word at all).

    Pairs are far more selective than single words. Hashes keep the index small; a
    collision only adds a candidate.
    """
    words = text.lower().split()
    keys = set(map(hash, zip(words, words[1:], strict=False)))
    if len(words) <= SHORT:
        keys.update(map(hash, words))
        low = " ".join(words)
        keys.update(hash(("3", low[i:i + 3])) for i in range(len(low) - 2))
    return keys


def similarity(a: str, b: str) -> float:
    """How alike two texts are, from 0 to 1 (see the module docstring)."""
    return _score(tokens(a), tokens(b), a, b)


def _score(ta: list[str], tb: list[str], a: str, b: str) -> float:
    if not ta or not tb:
        return 1.0 if a == b else 0.0
    words = _ratio(ta, tb)
    if _words_in(ta) > SHORT or _words_in(tb) > SHORT:
        return words
    # Short texts: one changed word weighs a lot; the characters may show more kinship.
    return max(words, _ratio(a.lower(), b.lower()))


def _ratio(a: Sequence[str], b: Sequence[str]) -> float:
    """2 * LCS / (len(a) + len(b)), of words or characters: rapidfuzz's, which takes this
    function's place on first use (importing it costs more than a no-op build's work)."""
    global _ratio
    from rapidfuzz.distance import Indel

    _ratio = Indel.normalized_similarity  # type: ignore[assignment]
    return _ratio(a, b)  # type: ignore[no-any-return]


def _words_in(toks: list[str]) -> int:
    return sum(1 for t in toks if t[0].isalnum() or t[0] in "%{")


def negation_changed(a: str, b: str) -> bool:
    """True when the texts differ in a negation word (``is`` versus ``is not``)."""
    na = Counter(t for t in tokens(a) if t in _NEGATIONS)
    nb = Counter(t for t in tokens(b) if t in _NEGATIONS)
    return na != nb


@dataclass(frozen=True)
class Match:
    """The best known text for a query: its position in the index and its score."""

    item: int
    score: float


class FuzzyIndex:
    """An inverted index of texts, answering "most similar text above a threshold".
    Items are numbered in the order they are added; ``best`` returns that number.
    """

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self._texts: list[str] = []
        # key -> the item holding it, or the list of items when several do (most keys,
        # word pairs, belong to one text: an int instead of a list saves most memory)
        self._postings: dict[int, int | list[int]] = {}
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
            if len(words) <= SHORT:
                keys.update(map(hash, words))
                low = " ".join(words)
                keys.update(hash(("3", low[i:i + 3])) for i in range(len(low) - 2))
            for feature in keys:
                found = postings.get(feature)
                if found is None:
                    postings[feature] = item
                elif type(found) is int:
                    postings[feature] = [found, item]
                else:
                    found.append(item)  # type: ignore[union-attr]

    def text(self, item: int) -> str:
        return self._texts[item]

    def best(self, query: str, threshold: float = DEFAULT_SIMILARITY,
             exclude: Callable[[int], bool] | None = None,
             prefer: Callable[[int], bool] | None = None) -> Match | None:
        """The most similar indexed text scoring at least ``threshold``, or None; of
        equally similar texts, a preferred one, else the one added first.

        ``exclude(item)`` leaves items out (e.g. a catalog's own entries in a memory);
        ``prefer(item)`` breaks ties (msgmerge prefers an entry of the same msgctxt).
        """
        features = _features(query)
        get = self._postings.get
        # Rarest first; lists of one length in the order of their items, not of the keys'
        # hashes (which change with each process's hash seed: the same query must find
        # the same candidates in every run, or re-runs would churn).
        known = sorted(([lst] if type(lst) is int else lst  # type: ignore[list-item]
                        for lst in map(get, features) if lst is not None),
                       key=lambda lst: (len(lst), lst))
        if not known:
            return None
        # The rarest keys of an edited sentence are still in its old version; a few of
        # them find it, and the posting lists of common keys are never scanned.
        hits: Counter[int] = Counter()
        scanned = 0
        for used, lst in enumerate(known[:_QUERY_FEATURES]):
            if used and (len(lst) > _SCAN_BUDGET or used >= 2
                         and scanned + len(lst) > _SCAN_BUDGET):
                break
            hits.update(lst)
            scanned += len(lst)
        # Rank by shared rare keys, then by closeness in length: a new pair made by the
        # edit may itself be rare, so the old version can share just one of the lists.
        texts = self._texts
        qlen = len(query)
        # (Ties go to the text added first, whatever order the lists were scanned in.)
        ranked = heapq.nsmallest(_CANDIDATES, hits.items(),
                                 key=lambda kv: (-kv[1], abs(len(texts[kv[0]]) - qlen), kv[0]))
        # A short query is judged by its characters too, which its keys tell little
        # about: every candidate is scored (cheap for short texts).
        short = len(query.split()) <= SHORT
        candidates: list[tuple[float, int]] = []
        for item, _ in ranked:
            if exclude is not None and exclude(item):
                continue
            other = _features(texts[item])
            shared = len(features & other)
            overlap = 2 * shared / (len(features) + len(other))
            # A one-word edit removes two pairs: all that short texts may share.
            if short or overlap >= _MIN_OVERLAP or \
                    shared >= min(len(features), len(other)) - 2 > 0:
                candidates.append((overlap, item))
        if not candidates:
            return None
        candidates.sort(key=lambda c: (-c[0], c[1]))
        qtoks = tokens(query)
        best: Match | None = None
        best_rank: tuple[float, bool, int] | None = None
        for _, item in candidates if short else candidates[:_SCORED]:
            text = texts[item]
            score = _score(qtoks, tokens(text), query, text)
            if score < threshold:
                continue
            rank = (score, prefer is not None and prefer(item), -item)
            if best_rank is None or rank > best_rank:
                best, best_rank = Match(item, score), rank
        return best
