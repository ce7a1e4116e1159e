"""The compile step: binary ``.mo`` catalogs and the localised articles a newsroom publishes.

For every article and target language the ``.mo`` is written next to the ``.po``; the
article is composed and written to ``<dist>/<lang>/<slug>.<ext>`` only when enough of its
units are translated (the publication threshold, as po4a's ``--keep``). Catalogs are only
read, never written; outputs are rewritten only when their content changes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from l10n import mofile
from l10n.compose import Alternate, Composition, compose, finish
from l10n.config import CompileSettings, Config
from l10n.errors import CatalogError, L10nError
from l10n.formats import TextHooks, format_for
from l10n.model import Article, Catalog, Message, render
from l10n.results import Report
from l10n.stats import Stats, percent, stats

if TYPE_CHECKING:
    from l10n.project import Project, Source


def settings(cfg: Config, min_translated: float | None = None,
             use_fuzzy: bool | None = None) -> CompileSettings:
    """``[compile]`` with the command line's preview overrides applied."""
    if min_translated is not None and not 0 <= min_translated <= 100:
        raise L10nError("--min-translated must be a percentage from 0 to 100")
    return replace(cfg.compile, min_translated=min_translated,
                   use_fuzzy=bool(use_fuzzy) or cfg.compile.use_fuzzy)


@dataclass
class _Language:
    """One target language of one article, composed but not yet written."""

    lang: str
    out: Path
    composition: Composition
    publish: bool
    reason: str = ""
    counts: Stats | None = None


def preview_lines(opts: CompileSettings) -> list[str]:
    """What a preview run says first (its output must not be published)."""
    lines = []
    if opts.use_fuzzy:
        lines.append("preview: fuzzy translations are used (--use-fuzzy); do not publish "
                     "this output")
    if opts.min_translated is not None:
        lines.append(f"preview: publication threshold set to {opts.min_translated:g}% by "
                     "--min-translated")
    return lines


def compile_project(project: Project, min_translated: float | None = None,
                    use_fuzzy: bool | None = None) -> Report:
    opts = settings(project.config, min_translated, use_fuzzy)
    report = Report()
    report.lines += preview_lines(opts)
    for src in project.sources():
        compile_article(project, src, opts, report)
    return report


Held = dict[str, "Catalog | CatalogError | None"]


Decision = tuple[Composition, bool, str]  # the composition, published, why not


def compile_article(project: Project, src: Source, opts: CompileSettings, report: Report,
                    *, article: Article | None = None, catalogs: Held | None = None
                    ) -> dict[str, Decision]:
    """The ``.mo`` files and the published versions of one article; what was decided for
    each language whose catalog could be used (see ``outcome``), for the review site.

    ``article`` and ``catalogs`` (by language: the catalog, None when missing, or the
    error it could not be read with) are what the caller holds already; otherwise they
    are read.
    """
    fmt = format_for(src.path)
    hooks: TextHooks = fmt if isinstance(fmt, TextHooks) else TextHooks()
    dist = project.config.dist_path
    languages: list[_Language] = []
    usable = {}
    for lang in project.config.targets(src.slug):
        path = project.po_path(src.slug, lang)
        out = project.output_path(src, lang)
        if catalogs is not None:
            held = catalogs.get(lang)
        elif path.exists():
            try:
                held = project.read_target(path, lang)
            except CatalogError as exc:
                held = exc
        else:
            held = None
        if held is None:
            report.lines.append(f"{project.rel(out)}: not written: {project.rel(path)} is "
                                f"missing (run 'l10n update')")
            _remove_stale(project, out, report)
            continue
        if isinstance(held, CatalogError):  # left out; the other languages go on
            report.errors.append(held)
            report.lines.append(f"{project.rel(out)}: not written: {project.rel(path)} "
                                "cannot be read")
            continue
        catalog = held
        mo = path.with_suffix(".mo")
        project.write(mo, mofile.dumps(catalog), report)
        article = article or project.parse(src)
        usable[lang] = catalog
        languages.append(_plan(article, catalog, lang, out, hooks, opts))
    if article is None or not usable:
        return {}
    published = [item for item in languages if item.publish]
    alternates: dict[str, list[Alternate]] = {}
    if opts.hreflang:
        outs = [(src.lang, dist / src.lang / src.path.name)]
        outs += [(item.lang, item.out) for item in published]
        order = {lang: k for k, lang in enumerate(project.config.languages)}
        outs.sort(key=lambda pair: order.get(pair[0], len(order)))
        for lang, out in outs:
            alternates[lang] = [(other, _href(out, other_out)) for other, other_out in outs]
        # The original is published too, so that every alternate link resolves.
        original = dist / src.lang / src.path.name
        text = finish(hooks, render(article), article, src.lang, alternates[src.lang])
        _write(project, original, text, report, f"{src.lang}, the original")
    for item in languages:
        comp = item.composition
        for unit in comp.rejected:
            report.lines.append(
                f"{project.rel(item.out)}: {article.path}:{unit.line}: the {item.lang} "
                f"translation of the {unit.position} was rejected by the {fmt.name} format "
                f"(it would break the document); the source text is used")
        if not item.publish:
            report.lines.append(f"{project.rel(item.out)}: not written: {item.reason}")
            _remove_stale(project, item.out, report)
            continue
        text = comp.text
        if item.lang in alternates:
            text = compose(article, usable[item.lang], item.lang, hooks, opts.use_fuzzy,
                           alternates=alternates[item.lang], date_line=opts.date_line).text
        _write(project, item.out, text, report, _summary(item.lang, comp, item.counts or Stats()))
    return {item.lang: (item.composition, item.publish, item.reason) for item in languages}


def _counts(article: Article, catalog: Catalog, comp: Composition) -> Stats:
    """The catalog's entries as the article needs them now, counted as every command
    counts (l10n.stats): one entry per distinct sentence of the article, so an entry the
    article no longer has does not count and a sentence the catalog lacks is untranslated;
    a translation the format rejected is untranslated too."""
    entries: dict[str, Message] = {}
    for m in catalog.messages:
        if not m.obsolete and m.msgid_plural is None and \
                (m.msgctxt is None or m.msgid not in entries):
            entries[m.msgid] = m
    rejected = {unit.text for unit in comp.rejected}
    needed = Catalog(messages=[
        Message(u, "") if u not in entries or u in rejected else entries[u]
        for u in dict.fromkeys(unit.text for unit in article.units)])
    return stats(needed)


def _decide(lang: str, out: Path, comp: Composition, counts: Stats,
            opts: CompileSettings) -> _Language:
    """Publish or hold back, on the percentage every command shows (see l10n.stats)."""
    need, source = opts.required(lang)
    done = counts.translated + (counts.fuzzy if opts.use_fuzzy else 0)
    shown = percent(done, counts.total)
    what = "translated or fuzzy" if opts.use_fuzzy else "translated"
    if shown < need:
        return _Language(lang, out, comp, False,
                         f"{lang} is {shown:.1f}% {what} ({done} of {counts.total} "
                         f"entries), {need:g}% required ({source})")
    if comp.fallbacks and not opts.fallback:
        return _Language(lang, out, comp, False,
                         f"{lang} has {_n(comp.fallbacks, 'untranslated unit')} and "
                         "fallback to the source text is off")
    return _Language(lang, out, comp, True, counts=counts)


def outcome(article: Article, catalog: Catalog, lang: str, hooks: TextHooks,
            opts: CompileSettings) -> tuple[Composition, bool, str]:
    """What compile makes of ``catalog`` for ``article`` in ``lang``, without writing: the
    composition, whether it is published and, if not, why (the review site shows it)."""
    item = _plan(article, catalog, lang, Path(), hooks, opts)
    return item.composition, item.publish, item.reason


def _plan(article: Article, catalog: Catalog, lang: str, out: Path, hooks: TextHooks,
          opts: CompileSettings) -> _Language:
    comp = compose(article, catalog, lang, hooks, opts.use_fuzzy, date_line=opts.date_line)
    return _decide(lang, out, comp, _counts(article, catalog, comp), opts)


def _summary(lang: str, comp: Composition, counts: Stats) -> str:
    parts = [f"{lang}, {counts.percent:.1f}% translated ({counts.translated} of "
             f"{counts.total} entries)"]
    if comp.fallbacks:
        parts.append(f"{_n(comp.fallbacks, 'unit')} in the source language")
    if comp.fuzzy:
        parts.append(f"{_n(comp.fuzzy, 'unit')} from fuzzy entries")
    if comp.dates:
        parts.append(f"{_n(comp.dates, 'date')} localised")
    return ", ".join(parts)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _href(frm: Path, to: Path) -> str:
    return Path(os.path.relpath(to, frm.parent)).as_posix()


def _write(project: Project, path: Path, text: str, report: Report, what: str) -> None:
    # The project writes at the end of the step, once every input was found valid.
    state = "unchanged" if _holds(path, text.encode("utf-8")) else "written"
    project.write(path, text, report)
    report.lines.append(f"{project.rel(path)}: {state} ({what})")


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _remove_stale(project: Project, out: Path, report: Report) -> None:
    """An earlier output (e.g. a preview) must not stay published once it is held back."""
    if not out.is_file():
        return
    project.remove(out, report)
    report.lines.append(f"{project.rel(out)}: removed the previous output")
