"""The offline backend: a translation memory and a glossary.

The memory holds every translated, non-fuzzy entry of the project's own ``.po`` files (for
each article: source → each language, and between any two languages translated from the
same msgid, which is what pivot translation uses), the sure units of the project's
translation memory (``<locales>/memory/*.tmx``, written by ``l10n align``), plus the ``.po``
compendia and TMX 1.4 files named in configuration. Exact matches come first; otherwise the
closest segment whose similarity (difflib's ratio, in percent) reaches the threshold
(default 75) is offered with its score. Matching is indexed: an inverted index of words and
word pairs picks the segments sharing most of the query's rarest ones, and only those are
scored.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from itertools import pairwise, permutations
from pathlib import Path
from typing import Any

from rapidfuzz.fuzz import ratio as indel_ratio

from l10n import pofile, tmx
from l10n.errors import L10nError
from l10n.fuzzy import DEFAULT_SIMILARITY
from l10n.translate import BackendContext, Translation
from l10n.translate.glossary import Glossary, primary, read_glossary

WORD = re.compile(r"\w+")
RAREST_WORDS = 8  # words or word pairs of the query whose postings are counted
CANDIDATES = 200  # segments given a score per query
EPSILON = 1e-9  # rapidfuzz works in percent: keep float rounding from pruning a tie


def index_keys(text: str) -> set[str | int]:
    """Words, and pairs of neighbouring words (which stay selective in formulaic text).

    Pairs are kept as hashes: most occur once, and a hash collision only adds a candidate,
    which is then scored like any other.
    """
    found = WORD.findall(text.casefold())
    keys: set[str | int] = set(found)
    keys.update(hash(pair) for pair in pairwise(found))
    return keys


class MemoryIndex:
    """Segments of one language pair with exact and indexed fuzzy lookup.

    Similarity is difflib's ``SequenceMatcher.ratio`` (2·M / total length). It is slow in
    pure Python, so candidates are first scored with rapidfuzz's indel ratio (2·LCS / total
    length), which is never lower, and difflib runs only while a candidate's indel ratio
    could still beat the best difflib ratio found: the answer is the same as scoring every
    candidate with difflib.
    """

    def __init__(self) -> None:
        self.sources: list[str] = []
        self.targets: list[str] = []
        self.origins: list[str] = []
        self._exact: dict[str, int] = {}
        # key -> segment number, or a list of them when several share the key
        self._postings: dict[str | int, int | list[int]] = {}

    def __len__(self) -> int:
        return len(self.sources)

    def add(self, source: str, target: str, origin: str) -> None:
        if not source or not target or source in self._exact:
            return  # the first occurrence wins, as in msgcat --use-first
        n = len(self.sources)
        self.sources.append(source)
        self.targets.append(target)
        self.origins.append(origin)
        self._exact[source] = n
        postings = self._postings
        for key in index_keys(source):
            found = postings.get(key)
            if found is None:
                postings[key] = n
            elif isinstance(found, int):
                postings[key] = [found, n]
            else:
                found.append(n)

    def exact(self, text: str) -> int | None:
        return self._exact.get(text)

    def candidates(self, text: str) -> list[int]:
        """Segments sharing the most of the query's rarest known words and word pairs."""
        postings = self._postings
        known = []
        for key in index_keys(text):
            found = postings.get(key)
            if found is not None:
                known.append((1 if isinstance(found, int) else len(found), found))
        known.sort(key=lambda item: item[0])
        counts: Counter[int] = Counter()
        for _, found in known[:RAREST_WORDS]:
            if isinstance(found, int):
                counts[found] += 1
            else:
                counts.update(found)
        return [n for n, _ in counts.most_common(CANDIDATES)]

    def best(self, text: str, threshold: float) -> tuple[float, int] | None:
        """(similarity 0..1, segment) of the closest segment at or above the threshold.

        Ties go to the segment added first.
        """
        hit = self._exact.get(text)
        if hit is not None:
            return 1.0, hit
        bounds = []
        for n in self.candidates(text):
            bound = indel_ratio(self.sources[n], text,
                                score_cutoff=threshold * 100 - 1e-6) / 100 + EPSILON
            if bound >= threshold:
                bounds.append((-bound, n))
        bounds.sort()
        matcher = SequenceMatcher(None)
        matcher.set_seq2(text)
        best: tuple[float, int] | None = None
        for neg_bound, n in bounds:
            if best is not None and -neg_bound < best[0]:
                break  # no remaining candidate can do better
            matcher.set_seq1(self.sources[n])
            score = matcher.ratio()
            if score >= threshold and (best is None or score > best[0] or
                                       (score == best[0] and n < best[1])):
                best = (score, n)
        return best


def pairs_from_catalogs(locales: Path, default_source: str,
                        article_languages: dict[str, str]) -> Iterable[tuple[str, str, str, str,
                                                                              str]]:
    """(source lang, target lang, source text, target text, origin) from the project."""
    by_slug: dict[str, dict[str, dict[Any, tuple[str, str]]]] = {}
    if not locales.is_dir():
        return
    for path in sorted(locales.glob("*/LC_MESSAGES/*.po")):
        lang = path.parent.parent.name
        try:
            catalog = pofile.read(path)
        except L10nError:  # the step reports an unreadable catalog; the memory does without
            continue
        entries = {m.key: (m.msgid, m.msgstr) for m in catalog.messages
                   if m.translated and m.msgid_plural is None and m.msgid}
        by_slug.setdefault(path.stem, {})[lang] = entries
    for slug, langs in by_slug.items():
        src_lang = article_languages.get(slug, default_source)
        for lang, entries in langs.items():
            for msgid, msgstr in entries.values():
                yield src_lang, lang, msgid, msgstr, f"{lang}/{slug}.po"
        for a, b in permutations(langs, 2):
            other = langs[b]
            for key, (_, text_a) in langs[a].items():
                if key in other:
                    yield a, b, text_a, other[key][1], f"{b}/{slug}.po"


def pairs_from_compendium(path: Path, default_source: str
                          ) -> Iterable[tuple[str, str, str, str, str]]:
    catalog = pofile.read(path)
    target = catalog.headers.get("Language", "")
    if not target:
        raise L10nError("compendium has no Language header", path)
    source = catalog.headers.get("X-Source-Language", default_source)
    for m in catalog.messages:
        if m.translated and m.msgid_plural is None and m.msgid:
            yield source, target, m.msgid, m.msgstr, path.name


def pairs_from_tmx(path: Path, shown: str | None = None
                   ) -> Iterable[tuple[str, str, str, str, str]]:
    """Every ordered pair of variants of each translation unit of a TMX 1.4 file (units an
    alignment marked uncertain left out)."""
    origin = shown or path.name
    for a, b, text_a, text_b in tmx.pairs(path, shown):
        yield a, b, text_a, text_b, origin


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _paths(value: Any, root: Path) -> list[Path]:
    """A path or a list of paths (checked by the configuration), from the project root."""
    if value is None:
        return []
    return [root / v for v in ([value] if isinstance(value, str) else value)]


class MemoryBackend:
    name = "memory"
    batch_size = 1000
    concurrency = 1  # CPU-bound: threads would only contend
    cacheable = False  # the memory changes with the catalogs; lookups are cheap

    def __init__(self, context: BackendContext):
        self.context = context
        settings = context.settings
        # Settings were checked when the project was loaded (l10n.config).
        self.threshold = float(settings.get("similarity", DEFAULT_SIMILARITY))
        self.use_project = bool(settings.get("memory", True))
        self.compendia = _paths(settings.get("compendia"), context.root)
        self.tmx = _paths(settings.get("tmx"), context.root)
        self.glossary = Glossary()
        for path in _paths(settings.get("glossary"), context.root):
            for term in read_glossary(path, primary(context.source_language)).terms:
                self.glossary.add(term)
        self._indexes: dict[tuple[str, str], MemoryIndex] | None = None

    def _all_pairs(self) -> Iterable[tuple[str, str, str, str, str]]:
        if self.use_project:
            yield from pairs_from_catalogs(self.context.locales, self.context.source_language,
                                           self.context.article_languages)
            for path in tmx.memory_files(self.context.locales):  # what `l10n align` found
                yield from pairs_from_tmx(path, _relative(path, self.context.root))
        for path in self.compendia:
            yield from pairs_from_compendium(path, self.context.source_language)
        for path in self.tmx:
            yield from pairs_from_tmx(path)

    def index(self, source: str, target: str) -> MemoryIndex:
        if self._indexes is None:
            self._indexes = {}
            for a, b, text_a, text_b, origin in self._all_pairs():
                keys = {(a, b), (primary(a), primary(b))}
                for key in keys:
                    self._indexes.setdefault(key, MemoryIndex()).add(text_a, text_b, origin)
        found = self._indexes.get((source, target))
        if found is None:
            found = self._indexes.get((primary(source), primary(target)), MemoryIndex())
        return found

    def pairs(self) -> list[tuple[str, str]]:
        """The pairs the memory holds segments for, and those the glossary has terms for."""
        self.index(self.context.source_language, self.context.source_language)
        found = {pair for pair, index in (self._indexes or {}).items() if len(index)}
        found.update((t.source_language, t.language) for t in self.glossary.terms)
        return sorted(found)

    def translate(self, texts: Sequence[str], source: str,
                  target: str) -> list[Translation | None]:
        memory = self.index(source, target)
        out: list[Translation | None] = []
        for text in texts:
            term = self.glossary.lookup(text, source, target)
            if term is not None:
                out.append(Translation(_keep_edges(text, term.source, term.translation),
                                       100.0, "glossary term"))
                continue
            hit = memory.best(text, self.threshold)
            if hit is None:
                out.append(None)
                continue
            score, n = hit
            if score == 1.0 and memory.sources[n] == text:
                note = f"exact match from {memory.origins[n]}"
            else:
                note = f"{score * 100:.0f}% match from {memory.origins[n]}"
            out.append(Translation(memory.targets[n], round(score * 100, 1), note))
        return out


def _keep_edges(text: str, term: str, translation: str) -> str:
    """A term's translation with the unit's own trailing punctuation ('NATO.' -> 'НАТО.')."""
    core = text.rstrip(" .:;,!?…")
    tail = text[len(core):]
    if translation.endswith(tail.strip()):
        return translation
    return translation + tail
