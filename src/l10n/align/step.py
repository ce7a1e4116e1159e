"""The align step: published translations into an article's catalog and the project memory.

``align_article`` reads an article of the project and its published translation with the
same format reader and segmenter, aligns their sentences (``l10n.align.core``) and

* fills the catalog ``<locales>/<lang>/LC_MESSAGES/<slug>.po`` (created from the article's
  template when missing, merged with it first when it exists, like ``l10n update``): a
  sentence aligned with confidence gets its translation as a translated entry, an
  uncertain one a fuzzy entry; each says where it comes from (``aligned from <file>``, see
  ``l10n.notes``). A translation already in the catalog is never replaced (only a fuzzy
  suggestion a machine or an earlier alignment wrote and nobody touched); where it differs
  from the published one the outcome reports it;
* adds every bead (one-to-two and two-to-one too) to the project's translation memory,
  ``<locales>/memory/<a>-<b>.tmx`` (``l10n.tmx``), replacing what an earlier alignment of
  the same translation file put there.

Nothing is printed: the outcome says what was aligned, fuzzy, left out, added and where the
catalog disagrees; ``dry_run`` computes it all and writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from l10n import __name__ as _package
from l10n import pofile, tmx
from l10n.align.core import Alignment, Segment, align
from l10n.errors import L10nError, SourceError
from l10n.extract import extract, same_content
from l10n.fsutil import write_if_changed
from l10n.lock import project_lock, remove_stale_temporaries
from l10n.model import Article, Catalog, Message
from l10n.notes import (
    aligned_note,
    is_aligned_note,
    is_aligned_output,
    is_machine_note,
    is_machine_output,
    is_own_note,
)
from l10n.results import Progress
from l10n.update import init, merge

if TYPE_CHECKING:
    from l10n.project import Project, Source

TRANSLATED = "translated"
FUZZY = "fuzzy"
MERGED = "merged"  # several source sentences in one translated sentence: memory only
LEFT_OUT = "left out"
ADDED = "added"


@dataclass(frozen=True)
class Pair:
    """One bead of the alignment, as shown side by side."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    kind: str  # TRANSLATED, FUZZY, MERGED, LEFT_OUT or ADDED
    probability: float = 0.0
    doubts: tuple[str, ...] = ()
    outcome: str = ""  # what became of the catalog entry (empty when nothing)


@dataclass(frozen=True)
class Disagreement:
    """An entry whose translation in the catalog is not the published one (kept)."""

    msgid: str
    catalog: str
    published: str


@dataclass
class ArticleOutcome:
    """What aligning one article with one published translation found and did."""

    slug: str
    lang: str
    source: str  # the article, relative to the project
    translation: str  # the published translation, as named in notes and the memory
    catalog: str  # the catalog filled, relative to the project
    pairs: list[Pair] = field(default_factory=list)
    aligned: int = 0  # entries filled as translated
    fuzzy: int = 0  # entries filled as fuzzy
    unchanged: int = 0  # entries that already held the published translation
    left_out: int = 0  # source sentences the translation has nothing for
    added: list[str] = field(default_factory=list)  # sentences of the translation only
    merged: int = 0  # source sentences translated jointly with others (memory only)
    disagreements: list[Disagreement] = field(default_factory=list)
    memory_units: int = 0  # units the memory holds for this translation
    written: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.aligned} aligned", f"{self.fuzzy} fuzzy",
                 f"{self.left_out} left out", f"{len(self.added)} added"]
        if self.merged:
            parts.append(f"{self.merged} merged (memory only)")
        if self.unchanged:
            parts.append(f"{self.unchanged} already there")
        if self.disagreements:
            parts.append(f"{len(self.disagreements)} disagree with the catalog")
        return f"{self.slug} ({self.lang}): " + ", ".join(parts)


@dataclass
class _Writes:
    files: list[tuple[Path, str, ArticleOutcome]] = field(default_factory=list)
    memories: dict[Path, list[tmx.Unit]] = field(default_factory=dict)
    memory_owner: dict[Path, ArticleOutcome] = field(default_factory=dict)


def align_article(project: Project, article: str | Path, translation: Path, lang: str, *,
                  dry_run: bool = False) -> ArticleOutcome:
    """Align one article of the project (a path or a slug) with its published
    ``translation`` in ``lang``; write the catalog and the memory unless ``dry_run``."""
    with _lock(project, dry_run):
        src = _find_source(project, article)
        writes = _Writes()
        outcome = _align(project, src, translation, lang, writes)
        if not dry_run:
            _write(project, writes)
    return outcome


def align_folder(project: Project, folder: Path, lang: str, *, dry_run: bool = False,
                 progress: Progress | None = None) -> list[ArticleOutcome]:
    """Align every article of the project that has a file of the same name in ``folder``
    (its published translation in ``lang``). Nothing is written unless all could be read."""
    if not folder.is_dir():
        raise SourceError("folder of translations not found", folder)
    with _lock(project, dry_run):
        found = [(src, folder / src.path.name) for src in project.sources()
                 if lang in project.config.targets(src.slug)
                 and (folder / src.path.name).is_file()]
        if not found:
            raise SourceError(f"no article of the project has a translation here in '{lang}' "
                              "(looked for files named like the articles)", folder)
        writes = _Writes()
        outcomes = []
        if progress is not None:
            progress("aligning", 0, len(found))
        for done, (src, path) in enumerate(found, 1):
            outcomes.append(_align(project, src, path, lang, writes))
            if progress is not None:
                progress("aligning", done, len(found))
        if not dry_run:
            _write(project, writes)
    return outcomes


def _lock(project: Project, dry_run: bool) -> AbstractContextManager[object]:
    """The project lock for a run that writes; a dry run only reads, like `l10n status`."""
    return nullcontext() if dry_run else project_lock(project.root)


def _find_source(project: Project, article: str | Path) -> Source:
    sources = project.sources()
    path = Path(article)
    if path.is_file():
        wanted = path.resolve()
        for src in sources:
            if src.path.resolve() == wanted:
                return src
        raise SourceError(f"not an article of the project (articles are in "
                          f"{project.rel(project.config.source_path)}/)", article)
    for src in sources:
        if src.slug == str(article):
            return src
    raise SourceError("no article of the project has this name or path", article)


def _shown(project: Project, path: Path) -> str:
    """A file as named in notes and the memory: relative to the project when inside it."""
    try:
        return path.resolve().relative_to(project.root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _read_translation(project: Project, src: Source, path: Path, lang: str,
                      shown: str) -> Article:
    from l10n.project import Source

    if path.suffix.lower() != src.path.suffix.lower():
        raise SourceError(f"a published translation must be in the article's format "
                          f"({src.path.suffix or 'no extension'})", shown)
    if not path.is_file():
        raise SourceError("translation not found", shown)
    return project.parse(Source(src.slug, path, shown, lang))


def _align(project: Project, src: Source, path: Path, lang: str,
           writes: _Writes) -> ArticleOutcome:
    cfg = project.config
    if lang == src.lang:
        raise SourceError(f"the article is written in '{lang}'; give the language of its "
                          "translation", src.rel)
    if lang not in cfg.targets(src.slug):
        targets = ", ".join(cfg.targets(src.slug)) or "none"
        raise SourceError(f"'{lang}' is not a target language of this article (targets: "
                          f"{targets})", src.rel)
    shown = _shown(project, path)
    article = project.parse(src)
    translation = _read_translation(project, src, path, lang, shown)
    source_units = article.units
    target_units = translation.units
    alignment = align(_segments(source_units), _segments(target_units), src.lang, lang)
    po_path = project.po_path(src.slug, lang)
    outcome = ArticleOutcome(src.slug, lang, src.rel, shown, project.rel(po_path))

    catalog = _catalog(project, src, article, lang, po_path, writes, outcome)
    entries = _fill(catalog, alignment, [u.text for u in source_units],
                    [u.text for u in target_units], shown, outcome)
    if catalog.changed:
        writes.files.append((po_path, _dumps(project, catalog.catalog), outcome))
    outcome.pairs = entries

    memory = tmx.memory_path(cfg.locales_path, src.lang, lang)
    units = [tmx.Unit(src.lang, ((src.lang, " ".join(p.source)), (lang, " ".join(p.target))),
                      shown, uncertain=bool(p.doubts) or p.kind not in (TRANSLATED, MERGED))
             for p in entries if p.source and p.target]
    if memory not in writes.memories:
        writes.memories[memory] = list(tmx.read(memory, project.rel(memory))) \
            if memory.is_file() else []
    writes.memories[memory] = tmx.replace_origin(writes.memories[memory], shown, units)
    writes.memory_owner.setdefault(memory, outcome)
    outcome.memory_units = len(units)
    return outcome


_TAG = re.compile(r"<[^>]*>")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def _plain(text: str) -> str:
    """A unit's words without inline markup (HTML tags, Markdown link targets): what the
    aligner compares. The catalog gets the unit as written."""
    if "<" in text:
        text = _TAG.sub("", text)
    if "](" in text:
        text = _LINK_TARGET.sub("]", text)
    return text


def _segments(units: Sequence[object]) -> list[Segment]:
    return [Segment(_plain(u.text), u.block, u.role) for u in units]  # type: ignore[attr-defined]


@dataclass
class _Catalog:
    catalog: Catalog
    changed: bool


def _catalog(project: Project, src: Source, article: Article, lang: str, po_path: Path,
             writes: _Writes, outcome: ArticleOutcome) -> _Catalog:
    """The article's catalog in ``lang``, up to date with the article (the template is
    written too when it is missing or stale, as ``l10n extract`` would)."""
    cfg = project.config
    pot_path = project.pot_path(src.slug)
    pot = extract(article, cfg.project or src.slug)
    if pot_path.exists():
        old_pot = project.read_catalog(pot_path)
        if same_content(old_pot, pot, ("POT-Creation-Date",)):
            pot = old_pot
        else:
            writes.files.append((pot_path, _dumps(project, pot), outcome))
    else:
        writes.files.append((pot_path, _dumps(project, pot), outcome))
    options = {"similarity": cfg.update.similarity, "obsolete": cfg.update.obsolete}
    if po_path.exists():
        old = project.read_target(po_path, lang)
        new = merge(pot, old, source=project.rel(po_path), **options)
        if same_content(old, new, ()):
            return _Catalog(old, False)
        return _Catalog(new, True)
    return _Catalog(init(pot, lang, src.slug, **options), True)


def _dumps(project: Project, catalog: Catalog) -> str:
    return pofile.dumps(catalog, project.config.update.width)


def _fill(catalog: _Catalog, alignment: Alignment, sources: list[str], targets: list[str],
          origin: str, outcome: ArticleOutcome) -> list[Pair]:
    """Put the beads into the catalog; return them side by side with what became of each."""
    index = catalog.catalog.index()
    # A sentence repeated in the article has one entry: it takes its first sure alignment;
    # translated differently elsewhere, it is only a suggestion.
    offers: dict[str, list[tuple[str, bool, tuple[str, ...]]]] = {}
    for bead in alignment.beads:
        if len(bead.source) == 1 and bead.target:
            text = " ".join(targets[t] for t in bead.target)
            offers.setdefault(sources[bead.source[0]], []).append(
                (text, bead.sure, bead.doubts))
    decided: dict[str, tuple[str, bool, tuple[str, ...]]] = {}
    for msgid, found in offers.items():
        texts = {text for text, _, _ in found}
        sure = [offer for offer in found if offer[1]]
        text, is_sure, doubts = sure[0] if sure else found[0]
        if len(texts) > 1:
            is_sure = False
            doubts = (*doubts, "translated differently elsewhere in the article")
        decided[msgid] = (text, is_sure, doubts)

    pairs: list[Pair] = []
    done: dict[str, str] = {}
    for bead in alignment.beads:
        src = tuple(sources[s] for s in bead.source)
        tgt = tuple(targets[t] for t in bead.target)
        if not bead.target:
            outcome.left_out += len(src)
            pairs.append(Pair(src, tgt, LEFT_OUT, bead.probability))
            continue
        if not bead.source:
            outcome.added += list(tgt)
            pairs.append(Pair(src, tgt, ADDED, bead.probability))
            continue
        if len(src) > 1:
            outcome.merged += len(src)
            pairs.append(Pair(src, tgt, MERGED, bead.probability, bead.doubts))
            continue
        msgid = src[0]
        text, sure, doubts = decided[msgid]
        if msgid in done:
            result = done[msgid]
        else:
            msg = index.get((None, msgid))
            result = done[msgid] = _apply(msg, text, sure, doubts, origin, outcome) \
                if msg is not None else "no catalog entry"
            if result in ("filled", "replaced a machine suggestion",
                          "replaced an earlier alignment"):
                catalog.changed = True
        pairs.append(Pair(src, tgt, TRANSLATED if sure else FUZZY, bead.probability,
                          doubts, result))
    return pairs


def _apply(msg: Message, text: str, sure: bool, doubts: tuple[str, ...], origin: str,
           outcome: ArticleOutcome) -> str:
    """Fill one entry with a published translation unless a person's translation is there."""
    if msg.msgid_plural is not None or msg.obsolete:
        return "plural entry left alone"
    if msg.has_translation:
        machine = is_machine_output(msg)
        earlier = is_aligned_output(msg)
        if msg.msgstr == text and (not msg.fuzzy or not sure or not (machine or earlier)):
            outcome.unchanged += 1
            return "already there"
        if not (machine or earlier):
            outcome.disagreements.append(Disagreement(msg.msgid, msg.msgstr, text))
            return "kept the catalog's translation"
        result = "replaced a machine suggestion" if machine else "replaced an earlier alignment"
    else:
        result = "filled"
    msg.msgstr = text
    msg.fuzzy = not sure
    msg.translator_comments = [c for c in msg.translator_comments
                               if not is_machine_note(c) and not is_aligned_note(c)]
    msg.translator_comments.append(aligned_note(origin, text, () if sure else doubts
                                                or ("uncertain alignment",)))
    msg.extracted_comments = [c for c in msg.extracted_comments if not is_own_note(c)]
    msg.previous_msgctxt = msg.previous_msgid = msg.previous_msgid_plural = None
    if sure:
        outcome.aligned += 1
    else:
        outcome.fuzzy += 1
    return result


def _write(project: Project, writes: _Writes) -> None:
    """Write everything the run produced, catalogs first, each file only if it changed."""
    remove_stale_temporaries((project.config.locales_path,))
    for path, data, outcome in writes.files:
        if _save(project, path, data):
            outcome.written.append(path)
    for path, units in writes.memories.items():
        if _save(project, path, tmx.dumps(units, tool_version=_version())):
            writes.memory_owner[path].written.append(path)


def _save(project: Project, path: Path, data: str) -> bool:
    try:
        return write_if_changed(path, data)
    except L10nError as exc:
        raise L10nError(exc.message, project.rel(path)) from None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(_package)
    except PackageNotFoundError:
        return ""


__all__ = ["ArticleOutcome", "Disagreement", "Pair", "align_article", "align_folder"]
