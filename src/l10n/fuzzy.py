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

import bisect
import heapq
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import count, repeat
from operator import itemgetter, neg
from typing import Any

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
_ZEROS = repeat(0)  # (the key of a trigram is the hash of (0, 0, its number))
# The items of a frozen index are numbered i * GAP (i: its position), so that items put
# between them keep the order of the memory without renumbering anything.
GAP = 1 << 20
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


def _index_keys(text: str, vocabulary: defaultdict[str, int]) -> set[int]:
    """Index keys of a text: its word pairs, and its words and character trigrams too
    when it is short (one edited word changes two pairs, which is most of a short text's
    pairs; "Delete" and "Deleted:" share no word at all). Pairs are far more selective
    than single words.

    Words and trigrams are numbered by ``vocabulary`` (new ones are added), and a key is
    the hash of a tuple of those numbers: the same in every process (the hashes of
    strings are salted per process; those of integers are not), and small. Two features
    with one key (a chance of one in 2**64) only add a candidate.
    """
    words = text.lower().split()
    ids = list(map(vocabulary.__getitem__, words))
    keys = set(map(hash, zip(ids, ids[1:], strict=False)))
    if len(words) <= SHORT:
        keys.update(map(hash, zip(ids, strict=False)))
        low = " ".join(words)
        keys.update(map(hash, zip(_ZEROS, _ZEROS, map(
            vocabulary.__getitem__, [low[i:i + 3] for i in range(len(low) - 2)]), strict=False)))
    return keys


def _query_keys(text: str, vocabulary: Mapping[str, int]) -> set[Any]:
    """The keys of ``text`` as ``_index_keys`` makes them, without adding to the
    vocabulary: a feature with an unknown word is a tuple of text, which is no key of
    any indexed text, but which counts as one more feature of the text."""
    get = vocabulary.get
    words = text.lower().split()
    ids = list(map(get, words))
    if None not in ids:
        keys: set[Any] = set(map(hash, zip(ids, ids[1:], strict=False)))
        if len(words) > SHORT:
            return keys
        keys.update(map(hash, zip(ids, strict=False)))
        low = " ".join(words)
        tris = list(map(get, [low[i:i + 3] for i in range(len(low) - 2)]))
        if None not in tris:
            keys.update(map(hash, zip(_ZEROS, _ZEROS, tris, strict=False)))
            return keys
    keys = {hash((a, b)) if a is not None and b is not None else ("2", wa, wb)
                      for a, b, wa, wb in zip(ids, ids[1:], words, words[1:], strict=False)}
    if len(words) <= SHORT:
        keys.update(hash((a,)) if a is not None else ("1", w)
                    for a, w in zip(ids, words, strict=True))
        low = " ".join(words)
        for tri in (low[i:i + 3] for i in range(len(low) - 2)):
            a = get(tri)
            keys.add(hash((0, 0, a)) if a is not None else ("3", tri))
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


def _read(features: Iterable[Any], count: Callable[[Any], int]) -> set[Any] | None:
    """The keys whose posting lists ``best`` reads for a query with index keys
    ``features``, from their lengths alone (``count``); None when lists of one length
    lie on both sides of where the reading stops (their items would decide)."""
    lengths = sorted(((n, key) for key in features if (n := count(key)) > 0),
                     key=itemgetter(0))
    scanned = used = 0
    for used, (n, _) in enumerate(lengths[:_QUERY_FEATURES]):  # noqa: B007 (as best reads)
        if used and (n > _SCAN_BUDGET or used >= 2 and scanned + n > _SCAN_BUDGET):
            break
        scanned += n
    else:
        used = min(len(lengths), _QUERY_FEATURES)
    if 0 < used < len(lengths) and lengths[used - 1][0] == lengths[used][0]:
        return None
    return {key for _, key in lengths[:used]}


def unaffected(features: set[Any], changed: set[Any], now: Callable[[Any], int],
               then: Callable[[Any], int]) -> bool:
    """Whether a query is sure to get the same answer from two indexes that hold the
    same texts in the same order but for some (neither the query itself nor a text of
    the same key), whose index keys are ``changed``. ``features``: the query's keys
    (``FuzzyIndex.keys_of``); ``now(key)``/``then(key)``: how many items hold a key in
    either index.

    ``best`` reads the posting lists of the query's rarest keys only (which ones follows
    from the lists' lengths), and compares candidates found there: it answers the same
    if it reads the same lists in both, none of a changed key.
    """
    shared = features & changed
    if not shared:
        return True
    read = _read(features, now)
    return read is not None and not read & shared and read == _read(features, then)


class FrozenIndex:
    """A fuzzy index made once and kept in flat arrays (for a file: see l10n.memstore).

    Its items are texts in order, numbered ``i * GAP`` (``i``: the position); some may be
    left out of the postings (``indexed``: a copy of a text met before, in a memory that
    keeps the first). Opening one costs nothing: the arrays are views of the bytes read,
    and a lookup is a binary search.
    """

    SECTIONS = 7

    def __init__(self, words: str, keys: Sequence[int], starts: Sequence[int],
                 postings: Sequence[int], text_starts: Sequence[int], texts: Any,
                 flags: Any):
        self._words = words  # the vocabulary, one word (or trigram) a line, by number
        self.keys = keys  # sorted
        self.starts = starts  # postings of keys[k]: postings[starts[k]:starts[k + 1]]
        self.postings = postings
        self._text_starts = text_starts  # of the UTF-8 text of each item in ``texts``
        self._texts = texts  # (bytes, or a view of them)
        self._flags = flags  # per item: 1 indexed, 0 not; the length of its text after
        self._lengths: Sequence[int] | None = None

    @classmethod
    def build(cls, texts: Sequence[str], indexed: Sequence[bool] | None = None
              ) -> FrozenIndex:
        """The index of ``texts`` (those not ``indexed`` are kept but not searched)."""
        vocabulary: defaultdict[str, int] = defaultdict(count().__next__)
        found: dict[int, list[int]] = {}
        for i, text in enumerate(texts):
            if indexed is not None and not indexed[i]:
                continue
            item = i * GAP
            for key in _index_keys(text, vocabulary):
                lst = found.get(key)
                if lst is None:
                    found[key] = [item]
                else:
                    lst.append(item)
        keys = array("q", sorted(found))
        starts = array("q", [0])
        postings = array("q")
        for key in keys:
            postings.extend(found[key])
            starts.append(len(postings))
        blobs = [t.encode("utf-8") for t in texts]
        text_starts = array("q", [0])
        total = 0
        for blob in blobs:
            total += len(blob)
            text_starts.append(total)
        flags = array("q", [1 if indexed is None or indexed[i] else 0
                            for i in range(len(texts))])
        flags.extend(len(t) for t in texts)
        return cls("\n".join(vocabulary), keys, starts, postings, text_starts,
                   b"".join(blobs), flags.tobytes())

    def sections(self) -> list[memoryview]:
        """The index as byte strings (views of its arrays), for ``from_sections``."""
        return [memoryview(self._words.encode("utf-8")), memoryview(self.keys).cast("B"),
                memoryview(self.starts).cast("B"), memoryview(self.postings).cast("B"),
                memoryview(self._text_starts).cast("B"), memoryview(self._texts).cast("B"),
                memoryview(self._flags).cast("B")]

    @classmethod
    def from_sections(cls, sections: Sequence[memoryview]) -> FrozenIndex:
        """The index whose ``sections()`` these are; ValueError if their shapes do not
        fit together (a file of another make, or damaged)."""
        if len(sections) != cls.SECTIONS:
            raise ValueError("sections")
        words = str(sections[0], "utf-8")
        arrays = []
        for raw in sections[1:5]:
            if len(raw) % 8:
                raise ValueError("array size")
            arrays.append(raw.cast("B").cast("q"))
        keys, starts, postings, text_starts = arrays
        texts, flags = sections[5], sections[6]
        n = len(text_starts) - 1
        if len(starts) != len(keys) + 1 or starts[0] != 0 or starts[-1] != len(postings) \
                or n < 0 or text_starts[0] != 0 or text_starts[-1] != len(texts) or \
                len(flags) != 16 * n:
            raise ValueError("sizes")
        return cls(words, keys, starts, postings, text_starts, texts, flags)

    def __len__(self) -> int:
        return len(self._text_starts) - 1

    def vocabulary(self) -> list[str]:
        return self._words.split("\n") if self._words else []

    def posting(self, key: int) -> Sequence[int] | None:
        keys = self.keys
        k = bisect.bisect_left(keys, key)
        if k == len(keys) or keys[k] != key:
            return None
        return self.postings[self.starts[k]:self.starts[k + 1]]

    def count(self, key: int) -> int:
        """How many items hold ``key``."""
        keys = self.keys
        k = bisect.bisect_left(keys, key)
        if k == len(keys) or keys[k] != key:
            return 0
        return self.starts[k + 1] - self.starts[k]

    def text(self, i: int) -> str:
        starts = self._text_starts
        return str(self._texts[starts[i]:starts[i + 1]], "utf-8")

    def _flag_array(self) -> Sequence[int]:
        if self._lengths is None:
            self._lengths = memoryview(self._flags).cast("q")
        return self._lengths

    def length(self, i: int) -> int:
        """The length of the text of item ``i``, in characters."""
        return self._flag_array()[len(self) + i]

    def lengths(self, items: Iterable[int], clip: bool = False) -> list[int]:
        """The lengths of the texts of items numbered ``i * GAP`` (``clip``: of any
        number, that of a neighbouring item for one not in the index)."""
        n = len(self)
        positions = map(GAP.__rfloordiv__, items)
        if clip:
            positions = map(max, map(min, positions, repeat(n - 1)), repeat(0))
        return list(map(self._flag_array().__getitem__, map(n.__add__, positions)))

    def indexed(self, i: int) -> bool:
        return bool(self._flag_array()[i])

    def indexed_count(self) -> int:
        return sum(self._flag_array()[:len(self)])


class _Listed:
    """A posting list compared by its items, read only when two of one length meet."""

    __slots__ = ("seq",)

    def __init__(self, seq: Sequence[int]):
        self.seq = seq

    def items(self) -> list[int]:
        seq = self.seq
        return seq if type(seq) is list else list(seq)

    def __lt__(self, other: _Listed) -> bool:
        return self.items() < other.items()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Listed) and self.items() == other.items()

    __hash__ = None  # type: ignore[assignment]


class FuzzyIndex:
    """An inverted index of texts, answering "most similar text above a threshold".

    Items are numbered in the order they are added (``add`` returns the number, and
    ``best`` finds it). An index may also start from a ``FrozenIndex`` (its items
    numbered ``i * GAP``), leave some of its items out (``hide``) and put new ones between
    them (``insert``, at a number that says where): the answers are those of an index
    made from scratch of the same texts in the same order.
    """

    def __init__(self, texts: Iterable[str] = (), base: FrozenIndex | None = None) -> None:
        self._base = base
        if base is None:
            self._vocabulary: defaultdict[str, int] = defaultdict(count().__next__)
            self._next = 0
            self._size = 0
        else:
            words = base.vocabulary()
            self._vocabulary = defaultdict(count(len(words)).__next__,
                                           zip(words, range(len(words)), strict=True))
            self._next = len(base) * GAP
            self._size = base.indexed_count()
        self._texts: dict[int, str] = {}  # the items not in the base
        self._own_lengths: dict[int, int] = {}  # (and the lengths of their texts)
        # key -> the item holding it, or the list of items when several do (most keys,
        # word pairs, belong to one text: an int instead of a list saves most memory)
        self._postings: dict[int, int | list[int]] = {}
        self._hidden: set[int] = set()  # items of the base left out
        self._fewer: Counter[int] = Counter()  # per key: its hidden items
        self._merged: dict[int, list[int]] = {}  # posting lists of base and new items
        self.extend(texts)

    def __len__(self) -> int:
        return self._size

    def add(self, text: str) -> int:
        """Index ``text`` after every item; its number."""
        item = self._next
        self.insert(item, text)
        return item

    def extend(self, texts: Iterable[str]) -> None:
        """Index ``texts``, numbered after those already indexed."""
        self.insert_many(zip(count(self._next), texts))

    def insert(self, item: int, text: str) -> None:
        """Index ``text`` as item number ``item`` (one not in use: its place in the
        order of the items)."""
        self.insert_many(((item, text),))

    def insert_many(self, items: Iterable[tuple[int, str]]) -> None:
        """``insert`` each (number, text)."""
        postings = self._postings
        vocabulary = self._vocabulary
        mine = self._texts
        added = 0
        last = self._next - 1
        lengths = self._own_lengths if self._base is not None else None
        for item, text in items:
            mine[item] = text
            if lengths is not None:
                lengths[item] = len(text)
            added += 1
            # _index_keys(), inlined: the hot loop
            words = text.lower().split()
            ids = list(map(vocabulary.__getitem__, words))
            keys = set(map(hash, zip(ids, ids[1:], strict=False)))
            if len(words) <= SHORT:
                keys.update(map(hash, zip(ids, strict=False)))
                low = " ".join(words)
                tris = [low[i:i + 3] for i in range(len(low) - 2)]
                keys.update(map(hash, zip(_ZEROS, _ZEROS, map(vocabulary.__getitem__, tris),
                                          strict=False)))
            if item > last:  # after every item so far: at the end of each list
                last = item
                for feature in keys:
                    found = postings.get(feature)
                    if found is None:
                        postings[feature] = item
                    elif type(found) is int:
                        postings[feature] = [found, item]
                    else:
                        found.append(item)  # type: ignore[union-attr]
                continue
            for feature in keys:
                found = postings.get(feature)
                if found is None:
                    postings[feature] = item
                elif type(found) is int:
                    postings[feature] = [found, item] if found < item else [item, found]
                else:
                    bisect.insort(found, item)  # type: ignore[arg-type]
        self._size += added
        self._next = last + 1
        if self._merged:
            self._merged = {}

    def hide(self, item: int) -> None:
        """Leave out item ``item`` of the base (one that is indexed there)."""
        base = self._base
        if base is None or item in self._hidden or item % GAP or \
                not 0 <= item // GAP < len(base) or not base.indexed(item // GAP):
            raise ValueError(f"not an indexed item of the base: {item}")
        self._hidden.add(item)
        self._fewer.update(_index_keys(base.text(item // GAP), self._vocabulary))
        self._size -= 1
        if self._merged:
            self._merged = {}

    @property
    def vocabulary(self) -> Mapping[str, int]:
        return self._vocabulary

    def keys_of(self, text: str) -> set[Any]:
        """The index keys of ``text`` (as a query sees them: see ``unaffected``)."""
        return _query_keys(text, self._vocabulary)

    def count(self, key: Any) -> int:
        """How many items hold ``key``."""
        mine = self._postings.get(key)
        found = 0 if mine is None else 1 if type(mine) is int else len(mine)  # type: ignore[arg-type]
        if self._base is not None and type(key) is int:
            found += self._base.count(key) - self._fewer.get(key, 0)
        return found

    def text(self, item: int) -> str:
        found = self._texts.get(item)
        if found is None and self._base is not None and not item % GAP:
            return self._base.text(item // GAP)
        if found is None:
            raise KeyError(item)
        return found

    def _lengths(self, items: list[int]) -> list[int]:
        """The length of the text of each item."""
        texts, base = self._texts, self._base
        if base is None or not len(base):
            return list(map(len, map(texts.__getitem__, items)))
        if not texts:
            return base.lengths(items)
        # (the base's length for every item, then the own one of those not in the base)
        return list(map(self._own_lengths.get, items, base.lengths(items, clip=True)))

    def _posting(self, key: Any) -> Sequence[int] | None:
        mine = self._postings.get(key)
        if self._base is None:
            return mine if type(mine) is not int else [mine]  # type: ignore[return-value]
        if type(key) is not int:
            return None
        base = self._base.posting(key)
        if not self._fewer.get(key) and mine is None:
            return base
        merged = self._merged.get(key)
        if merged is None:
            hidden = self._hidden
            merged = [] if base is None else [x for x in base if x not in hidden] \
                if self._fewer.get(key) else list(base)
            if mine is not None:
                merged += [mine] if type(mine) is int else mine  # type: ignore[list-item]
                merged.sort()
            self._merged[key] = merged
        return merged or None

    def best(self, query: str, threshold: float = DEFAULT_SIMILARITY,
             exclude: Callable[[int], bool] | None = None,
             prefer: Callable[[int], bool] | None = None) -> Match | None:
        """The most similar indexed text scoring at least ``threshold``, or None; of
        equally similar texts, a preferred one, else the one added first.

        ``exclude(item)`` leaves items out (e.g. a catalog's own entries in a memory);
        ``prefer(item)`` breaks ties (msgmerge prefers an entry of the same msgctxt).
        """
        vocabulary = self._vocabulary
        features = _query_keys(query, vocabulary)
        # Rarest first; lists of one length in the order of their items, not of the keys
        # (the same query must find the same candidates in every run, or re-runs would
        # churn).
        lists = [lst for lst in map(self._posting, features) if lst is not None]
        if not lists:
            return None
        if self._base is None:
            known = sorted(lists, key=lambda lst: (len(lst), lst))
        else:
            known = sorted(lists, key=lambda lst: (len(lst), _Listed(lst)))
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
        # (Ties go to the text added first, whatever order the lists were scanned in.)
        if len(hits) > 4 * _CANDIDATES:  # only those sharing as many keys as the 12th
            least = heapq.nlargest(_CANDIDATES, hits.values())[-1]
            if least > 1:
                hits = Counter({item: n for item, n in hits.items() if n >= least})
        items = list(hits)
        ranked = heapq.nsmallest(_CANDIDATES, zip(
            map(neg, hits.values()), map(abs, map(len(query).__rsub__, self._lengths(items))),
            items, strict=True))
        # A short query is judged by its characters too, which its keys tell little
        # about: every candidate is scored (cheap for short texts).
        short = len(query.split()) <= SHORT
        candidates: list[tuple[float, int]] = []
        for _, _, item in ranked:
            if exclude is not None and exclude(item):
                continue
            other = _query_keys(self.text(item), vocabulary)
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
            text = self.text(item)
            score = _score(qtoks, tokens(text), query, text)
            if score < threshold:
                continue
            rank = (score, prefer is not None and prefer(item), -item)
            if best_rank is None or rank > best_rank:
                best, best_rank = Match(item, score), rank
        return best
