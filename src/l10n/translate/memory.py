"""The offline backend: a translation memory and a glossary.

The memory holds every translated, non-fuzzy entry of the project's own ``.po`` files (for
each article: source → each language, and between any two languages translated from the
same msgid, which is what pivot translation uses), the sure units of the project's
translation memory (``<locales>/memory/*.tmx``, written by ``l10n align``), plus the ``.po``
compendia and TMX 1.4 files named in configuration. Exact matches come first; otherwise the
closest segment whose similarity reaches the threshold (default 0.75) is offered with its
score. Matching and similarity are those of ``update``'s suggestions (``l10n.fuzzy``): an
edited sentence is found, a new sentence that merely follows the same pattern is not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import permutations
from pathlib import Path
from typing import Any

from l10n import pofile, tmx
from l10n.errors import L10nError
from l10n.fuzzy import DEFAULT_SIMILARITY
from l10n.gcpause import paused_gc
from l10n.memstore import Item, View
from l10n.model import Catalog
from l10n.translate import BackendContext, CatalogEntries, Translation
from l10n.translate.glossary import Glossary, primary, read_glossary


def _pair(payload: Any) -> tuple[str, str]:
    return payload[0], payload[1]


def pair_view() -> View:
    """A memory for ``MemoryIndex``: one segment per source text (the first wins, as in
    msgcat --use-first), each carrying its (target text, origin)."""
    return View(dedup=True, decode=_pair)


class MemoryIndex:
    """Segments of one language pair: exact lookup, and fuzzy lookup through l10n's one
    fuzzy index (``l10n.fuzzy``), whose similarity, from 0 to 1, is the one ``update``
    uses for its suggestions.

    The segments are those added, after those of ``view`` (a memory of the project's
    catalogs that a build keeps between runs: ``view(fresh)`` gives it, ``fresh`` when
    segments are to be added to it), which is asked for on the first lookup.
    """

    def __init__(self, view: Callable[[bool], View] | None = None) -> None:
        self._given = view
        self._view: View | None = None
        # Segments added but not indexed yet: listing the pairs a memory serves never
        # pays for the index.
        self._waiting: list[Item] = []

    def empty(self) -> bool:
        """Whether there is no segment (without indexing any)."""
        if self._waiting or self._given is not None:
            return False
        return self._view is None or not len(self._view)

    def __len__(self) -> int:
        return len(self._ready())

    def add(self, source: str, target: str, origin: str) -> None:
        if not source or not target:
            return
        self._waiting.append((source, source, (target, origin)))

    def _ready(self) -> View:
        view = self._view
        if view is None:
            view = self._view = pair_view() if self._given is None else \
                self._given(bool(self._waiting))
        if self._waiting:
            with paused_gc():  # a few objects per segment and no cycles (see l10n.gcpause)
                view.append("", "", self._waiting, keep=False)
            self._waiting = []
        return view

    def exact(self, text: str) -> int | None:
        found = self._ready().find(text)
        return found[0] if found else None

    def best(self, text: str, threshold: float) -> tuple[float, int] | None:
        """(similarity 0..1, segment) of the closest segment at or above the threshold.

        Ties go to the segment added first.
        """
        view = self._ready()
        hit = view.find(text)
        if hit:
            return 1.0, hit[0]
        match = view.index.best(text, threshold)
        return None if match is None else (match.score, match.item)

    def source(self, segment: int) -> str:
        return self._ready().text(segment)

    def target(self, segment: int) -> str:
        return self._ready().item(segment)[0]  # type: ignore[no-any-return]

    def origin(self, segment: int) -> str:
        return self._ready().item(segment)[1]  # type: ignore[no-any-return]


def finished_entries(catalog: Catalog) -> list[tuple[str | None, str, str]]:
    """(msgctxt, msgid, msgstr) of the entries the memory learns from: translated,
    not fuzzy, singular."""
    return [(m.msgctxt, m.msgid, m.msgstr) for m in catalog.messages
            if m.translated and m.msgid_plural is None and m.msgid]


def catalog_entries(locales: Path) -> Iterator[CatalogEntries]:
    """The finished entries of every catalog under ``locales``, in the order of paths."""
    if not locales.is_dir():
        return
    for path in sorted(locales.glob("*/LC_MESSAGES/*.po")):
        try:
            catalog = pofile.read(path)
        except L10nError:  # the step reports an unreadable catalog; the memory does without
            continue
        yield path.stem, path.parent.parent.name, finished_entries(catalog)


def pairs_from_catalogs(locales: Path, default_source: str,
                        article_languages: dict[str, str]) -> Iterable[tuple[str, str, str, str,
                                                                              str]]:
    """(source lang, target lang, source text, target text, origin) from the project."""
    return pairs_from_entries(catalog_entries(locales), default_source, article_languages)


def pairs_from_entries(found: Iterable[CatalogEntries], default_source: str,
                       article_languages: dict[str, str]
                       ) -> Iterator[tuple[str, str, str, str, str]]:
    """(source lang, target lang, source text, target text, origin) from the finished
    entries of the project's catalogs: for each article, source → each language, and
    between any two of its languages for the entries translated in both."""
    by_slug: dict[str, dict[str, dict[Any, tuple[str, str]]]] = {}
    for slug, lang, entries in found:
        by_slug.setdefault(slug, {})[lang] = {(ctx, msgid): (msgid, msgstr)
                                              for ctx, msgid, msgstr in entries}
    for slug, langs in by_slug.items():
        src_lang = article_languages.get(slug, default_source)
        for lang, pairs in langs.items():
            for msgid, msgstr in pairs.values():
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
        """The segments beside those of a memory of the project given by the caller."""
        if self.use_project:
            if self.context.memory is None:
                given = self.context.catalog_entries
                found = given() if given is not None else \
                    catalog_entries(self.context.locales)
                yield from pairs_from_entries(found, self.context.source_language,
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
            given = self.context.memory if self.use_project else None
            if given is not None:
                for key in given.pairs():
                    self._indexes[key] = MemoryIndex(
                        lambda fresh, key=key: given.view(key, fresh))  # type: ignore[misc]
            for a, b, text_a, text_b, origin in self._all_pairs():
                keys = {(a, b), (primary(a), primary(b))}
                for key in keys:
                    index = self._indexes.get(key)
                    if index is None:  # (not setdefault: that makes an index per segment)
                        index = self._indexes[key] = MemoryIndex()
                    index.add(text_a, text_b, origin)
        found = self._indexes.get((source, target))
        if found is None:
            found = self._indexes.get((primary(source), primary(target)), MemoryIndex())
        return found

    def pairs(self) -> list[tuple[str, str]]:
        """The pairs the memory holds segments for, and those the glossary has terms for."""
        self.index(self.context.source_language, self.context.source_language)
        found = {pair for pair, index in (self._indexes or {}).items() if not index.empty()}
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
            if score == 1.0 and memory.source(n) == text:
                note = f"exact match from {memory.origin(n)}"
            else:
                note = f"{score * 100:.0f}% match from {memory.origin(n)}"
            out.append(Translation(memory.target(n), round(score * 100, 1), note))
        return out


def _keep_edges(text: str, term: str, translation: str) -> str:
    """A term's translation with the unit's own trailing punctuation ('NATO.' -> 'НАТО.')."""
    core = text.rstrip(" .:;,!?…")
    tail = text[len(core):]
    if translation.endswith(tail.strip()):
        return translation
    return translation + tail
