"""The CI gate: completeness, staleness, validity and quality of every catalog.

``run`` reads each source, template and catalog once and keeps everything in memory: the
template is compared with what ``extract`` would produce now, each catalog with the entries
of its template, and nothing is written. Every problem carries a stable check
name (see ``l10n.checks.CHECKS``) and a severity; error-level problems fail the gate.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from l10n import pofile
from l10n.checks import CHECKS, ERROR, OFF, WARNING, Problem, validity
from l10n.checks import glossary as glossary_mod
from l10n.checks.quality import QUALITY, Context, MarkupChecker
from l10n.errors import CatalogError, InternalError, L10nError
from l10n.extract import extract
from l10n.formats import format_for
from l10n.languages import GERMANIC, PluralForms
from l10n.model import Article, Catalog, Message
from l10n.notes import ignored_checks, is_own_note
from l10n.results import CatalogResult, CheckResult
from l10n.stats import Stats, stats

if TYPE_CHECKING:
    from l10n.project import Project, Source


# ---------------------------------------------------------------------------- settings

@dataclass
class Settings:
    """``[tool.l10n.check]``, validated."""

    severities: dict[str, str]
    threshold: float = 100.0
    languages: dict[str, float] = field(default_factory=dict)
    catalogs: dict[str, float | dict[str, float]] = field(default_factory=dict)
    glossary: list[glossary_mod.Term] = field(default_factory=list)
    length_ratio: tuple[float, float] = (0.5, 2.0)

    def severity(self, check: str) -> str:
        return self.severities[check]

    def on(self, check: str) -> bool:
        return self.severities[check] != OFF

    def required(self, slug: str, lang: str) -> float:
        per_catalog = self.catalogs.get(slug)
        if isinstance(per_catalog, dict) and lang in per_catalog:
            return per_catalog[lang]
        if isinstance(per_catalog, (int, float)):
            return float(per_catalog)
        return self.languages.get(lang, self.threshold)

    @classmethod
    def defaults(cls) -> Settings:
        return cls(severities={name: info.severity for name, info in CHECKS.items()})

    @classmethod
    def from_config(cls, project: Project) -> Settings:
        """The project's ``[check]`` settings (validated when it was loaded), with the
        glossary files read."""
        cfg = project.config.check
        terms: list[glossary_mod.Term] = []
        if cfg.severities["glossary"] != OFF:
            for rel in cfg.glossary:
                path = project.root / rel
                terms += glossary_mod.load(path, project.rel(path),
                                           project.config.source_language)
        return cls(severities=dict(cfg.severities), threshold=cfg.threshold,
                   languages=dict(cfg.languages), catalogs=dict(cfg.catalogs),
                   glossary=terms, length_ratio=cfg.length_ratio)


# ---------------------------------------------------------------------------- results

class _Entries:
    """The entries of a catalog by line, to find the entry a line-only problem is in."""

    def __init__(self, catalog: Catalog):
        self.messages = sorted((m for m in catalog.messages if m.lineno),
                               key=lambda m: m.lineno)
        self.starts = [m.lineno for m in self.messages]

    def at(self, line: int) -> Message | None:
        found = bisect_right(self.starts, line) - 1
        return self.messages[found] if found >= 0 else None


class _Collector:
    def __init__(self, settings: Settings, result: CheckResult):
        self.settings = settings
        self.result = result

    def add(self, path: str, line: int, check: str, message: str,
            entry: Message | None = None, entries: _Entries | None = None) -> None:
        """Record a problem unless its check is off or silenced on its entry (``entry``,
        or the entry of ``entries`` that holds ``line``): see ``l10n.notes``."""
        severity = self.settings.severity(check)
        if severity == OFF:
            return
        if entry is None and entries is not None:
            entry = entries.at(line)
        if entry is not None and check in ignored_checks(entry):
            return
        self.result.problems.append(Problem(path, max(line, 1), check, severity, message))


# ---------------------------------------------------------------------------- the run

def languages_wanted(project: Project, languages: Iterable[str] | None) -> set[str]:
    """The languages to check (empty: all), refusing one the project does not have."""
    wanted = set(languages or [])
    for lang in sorted(wanted - set(project.config.languages)):
        raise L10nError(f"'{lang}' is not one of the project's languages "
                        f"({', '.join(project.config.languages)})")
    return wanted


def run(project: Project, languages: Iterable[str] | None = None) -> CheckResult:
    """Check every catalog of the project (or only those of ``languages``)."""
    result = CheckResult()
    for item in check_articles(project, languages):
        result.catalogs += item.result.catalogs
        result.problems += item.result.problems
        result.checked_files += item.result.checked_files
    return result


@dataclass
class ArticleCheck:
    """What checking one article found, with what was read to find it, so that a step that
    goes on from here (the review site) reads nothing a second time."""

    source: Source
    result: CheckResult  # this article's catalogs and problems (its template's included)
    article: Article | None = None  # the parsed source, when the check needed it
    template: Catalog | None = None
    catalogs: dict[str, Catalog] = field(default_factory=dict)  # the readable ones, by language


def check_articles(project: Project, languages: Iterable[str] | None = None,
                   sources: Iterable[Source] | None = None) -> Iterator[ArticleCheck]:
    """Check the project article by article (or only ``sources``), in source order.

    ``run`` is the fold of these results: each article's problems depend only on its own
    source, template and catalogs (and the configuration)."""
    settings = Settings.from_config(project)
    wanted = languages_wanted(project, languages)
    for src in project.sources() if sources is None else sources:
        yield check_article(project, settings, src, wanted)


@dataclass
class Given:
    """What a caller already holds for one article (the pipeline: parsed once, made by
    this build): the article, the template just made from it (so it is not stale), each
    target catalog by language (None when missing, the error when unreadable), and the
    file that holds each catalog's content for msgfmt."""

    article: Article
    pot: Catalog
    catalogs: dict[str, Catalog | CatalogError | None]
    files: dict[str, Path]


def check_article(project: Project, settings: Settings, src: Source, wanted: set[str],
                  given: Given | None = None) -> ArticleCheck:
    """Check the template and the catalogs of one article (those of the ``wanted``
    languages; empty: all), reading them unless they are ``given``."""
    result = CheckResult()
    out = _Collector(settings, result)
    item = ArticleCheck(src, result)
    targets = [lang for lang in project.config.targets(src.slug)
               if not wanted or lang in wanted]
    pot_path = project.pot_path(src.slug)
    pot_rel = project.rel(pot_path)
    pot: Catalog | None
    pot_stale = False
    if given is not None:
        pot = item.template = given.pot
        item.article = given.article
        result.checked_files.append(pot_rel)
    else:
        pot = item.template = _read(pot_path, pot_rel, out, result)
        if pot is None and not pot_path.exists():
            item.article = project.parse(src)  # a source that cannot be read says so
            pot_stale = True
            out.add(pot_rel, 1, "stale-pot", f"template missing for {src.rel}; run "
                                             "'l10n extract'")
        elif pot is not None and settings.on("stale-pot"):
            item.article = project.parse(src)
            fresh = extract(item.article, project.config.project or src.slug,
                            created=pot.headers.get("POT-Creation-Date"))
            pot_stale = _compare_template(pot, fresh, pot_rel, src.rel, out)
    markup = _markup_checker({src.path.suffix.lstrip(".").lower(): format_for(src.path)},
                             src.path)
    for lang in targets:
        po = _check_catalog(project, settings, out, src.slug, src.lang, lang, pot, pot_stale,
                            markup, given)
        if po is not None:
            item.catalogs[lang] = po
    return item


def check_file(path: Path, lang: str, source_lang: str = "en",
               settings: Settings | None = None, shown: str | None = None) -> CheckResult:
    """Counts, validity and quality of one catalog on its own (no project, no staleness)."""
    settings = settings or Settings.defaults()
    shown = shown or str(path)
    result = CheckResult()
    out = _Collector(settings, result)
    po = _read(path, shown, out, result)
    if po is not None:
        result.catalogs.append(CatalogResult(shown, path.stem, lang, stats(po), 0.0))
        rule = _check_validity(po, lang, shown, path, out)
        _check_quality(po, source_lang, lang, shown, out, rule=rule)
    return result


def _read(path: Path, shown: str, out: _Collector, result: CheckResult) -> Catalog | None:
    if not path.exists():
        return None
    result.checked_files.append(shown)
    try:
        return pofile.read_relative(path, shown)
    except CatalogError as exc:
        return _unreadable(exc, shown, out)


def _unreadable(exc: CatalogError, shown: str, out: _Collector) -> None:
    check = "duplicate" if exc.message.startswith("duplicate message") else "syntax"
    if not out.settings.on(check):
        check = "syntax"  # an unreadable catalog cannot pass the gate
    out.result.problems.append(Problem(shown, exc.line or 1, check, ERROR, exc.message))
    return None


def _signature(m: Message) -> tuple[Any, ...]:
    """Everything of an entry that its file shows, except its position."""
    return (m.obsolete, m.msgctxt, m.msgid, m.msgid_plural, m.msgstr, tuple(m.msgstr_plural),
            tuple(m.translator_comments), tuple(m.extracted_comments) if not m.obsolete else (),
            tuple(m.references) if not m.obsolete else (),
            tuple(m.flags) if not m.obsolete else tuple(f for f in m.flags if f == "fuzzy"),
            m.previous_msgctxt, m.previous_msgid, m.previous_msgid_plural)


def _same_messages(old: list[Message], new: list[Message]) -> bool:
    return len(old) == len(new) and all(
        _signature(a) == _signature(b) for a, b in zip(old, new, strict=True))


def _first_difference(old: list[Message], new: list[Message]) -> int:
    for a, b in zip(old, new, strict=False):
        if _signature(a) != _signature(b):
            return a.lineno
    if len(old) > len(new):
        return old[len(new)].lineno
    return old[-1].lineno if old else 1


def _describe(old: list[Message], new: list[Message], unit: tuple[str, str]) -> str:
    """What differs, in words: ``unit`` is the noun, singular and plural."""
    old_keys = {m.key for m in old if not m.obsolete}
    new_keys = {m.key for m in new if not m.obsolete}
    added, removed = len(new_keys - old_keys), len(old_keys - new_keys)
    parts = []
    if added:
        parts.append(f"{added} new {unit[added > 1]}")
    if removed:
        parts.append(f"{removed} {unit[removed > 1]} gone")
    return ", ".join(parts) or "comments, references or order changed"


def _template_part(m: Message, template: Message) -> tuple[Any, ...]:
    """What an entry of a catalog takes from its template entry. The notes l10n adds to
    a catalog's entries (``#. l10n: …``) are the catalog's own, like its translations."""
    extracted = tuple(c for c in m.extracted_comments
                      if not is_own_note(c) or c in template.extracted_comments)
    return (m.msgctxt, m.msgid, m.msgid_plural, extracted, tuple(m.references))


def _differs(mine: Message, theirs: Message) -> bool:
    return _template_part(mine, theirs) != _template_part(theirs, theirs) or \
        not set(theirs.flags) - {"fuzzy"} <= set(mine.flags)


def _out_of_template(po: Catalog, pot: Catalog) -> tuple[int, str]:
    """(0, "") when the catalog has the template's entries, in its order, with its
    comments, references and format flags (what 'update' brings in); else the line of the
    first entry that differs and what differs. Translations, translator comments, fuzzy
    marks and l10n's own notes are the catalog's and do not count. An entry whose
    difference is silenced (``# l10n-ignore: stale-po``) is passed over."""
    active = [m for m in po.messages if not m.obsolete]
    template = [m for m in pot.messages if not m.obsolete]
    if [m.key for m in active] != [m.key for m in template]:
        what = _describe(active, template, ("entry", "entries"))
        if what.startswith("comments"):
            what = "order changed"
        for mine, theirs in zip(active, template, strict=False):
            if mine.key != theirs.key:
                return mine.lineno or 1, what
        if len(active) > len(template):
            return active[len(template)].lineno or 1, what
        return (active[-1].lineno if active else 0) or 1, what
    for mine, theirs in zip(active, template, strict=True):
        if _differs(mine, theirs) and "stale-po" not in ignored_checks(mine):
            return mine.lineno or 1, "comments, references or flags changed"
    return 0, ""


def _compare_template(pot: Catalog, fresh: Catalog, pot_rel: str, src_rel: str,
                      out: _Collector) -> bool:
    ignore = "POT-Creation-Date"
    same_head = ({k: v for k, v in pot.headers.items() if k != ignore}
                 == {k: v for k, v in fresh.headers.items() if k != ignore}
                 and pot.header_comments == fresh.header_comments
                 and pot.header_flags == fresh.header_flags)
    same_messages = _same_messages(pot.messages, fresh.messages)
    if same_head and same_messages:
        return False
    if same_messages:
        line, what = 1, "header changed"
    else:
        line = _first_difference(pot.messages, fresh.messages)
        what = _describe(pot.messages, fresh.messages, ("sentence", "sentences"))
    out.add(pot_rel, line, "stale-pot", f"out of date with {src_rel} ({what}); run "
                                        "'l10n extract'")
    return True


def _markup_checker(formats: dict[str, Any], path: Path) -> MarkupChecker | None:
    """The source format's own judgement of a translation's inline markup, if it has one
    (the same one composing applies: a translation it rejects is not published)."""
    fmt = formats.get(path.suffix.lstrip(".").lower())
    return getattr(fmt, "markup_problems", None)


def _check_catalog(project: Project, settings: Settings, out: _Collector, slug: str,
                   source_lang: str, lang: str, pot: Catalog | None, pot_stale: bool,
                   markup: MarkupChecker | None = None, given: Given | None = None
                   ) -> Catalog | None:
    """Check one catalog; the catalog as read, or None when it is missing or unreadable."""
    path = project.po_path(slug, lang)
    rel = project.rel(path)
    required = settings.required(slug, lang)
    po: Catalog | None
    if given is not None:
        held = given.catalogs.get(lang)
        if held is None:
            out.add(rel, 1, "missing", f"no {lang} catalog; run 'l10n update'")
            return None
        out.result.checked_files.append(rel)
        po = _unreadable(held, rel, out) if isinstance(held, CatalogError) else held
        path = given.files.get(lang, path)
    elif not path.exists():
        out.add(rel, 1, "missing", f"no {lang} catalog; run 'l10n update'")
        return None
    else:
        po = _read(path, rel, out, out.result)
    if po is None:
        out.result.catalogs.append(CatalogResult(rel, slug, lang, Stats(), required,
                                                 pot_stale, readable=False))
        return None
    counts = stats(po)
    stale = pot_stale
    if pot is not None and settings.on("stale-po"):
        line, what = _out_of_template(po, pot)
        if line:
            stale = True
            out.add(rel, line, "stale-po", f"not updated to its template ({what}); run "
                    "'l10n update'")
    entry = CatalogResult(rel, slug, lang, counts, required, stale)
    out.result.catalogs.append(entry)
    if not entry.complete:
        out.add(rel, 1, "completeness", f"{counts.percent:.1f}% translated "
                f"({counts.translated} of {counts.total}), {required:g}% required")
    rule = _check_validity(po, lang, rel, path, out)
    _check_quality(po, source_lang, lang, rel, out, markup, rule)
    return po


def _crash(rel: str, check: str, exc: Exception, msg: Message | None = None) -> InternalError:
    where = f" on the entry at line {msg.lineno}" if msg is not None and msg.lineno else ""
    return InternalError(f"the '{check}' check failed{where} ({type(exc).__name__}: "
                         f"{exc})", rel)


def _check_validity(po: Catalog, lang: str, rel: str, path: Path,
                    out: _Collector) -> PluralForms:
    """The msgfmt -c checks and the header conventions; returns the catalog's plural rule
    (the one its plural forms are judged by)."""
    # msgfmt reports header problems at the header's msgid line.
    header_line = 1 + len(po.header_comments) + (1 if po.header_flags else 0)
    try:
        for check, line, message in validity.header(po, lang, header_line):
            out.add(rel, line, check, message)
        rule, findings = validity.plural_forms(po, lang, header_line)
    except Exception as exc:  # a bug, not a problem of the catalog
        raise _crash(rel, "plural-forms", exc) from exc
    entries = _Entries(po)  # a plural-forms or msgfmt problem of an entry can be silenced
    for check, line, message in findings:
        out.add(rel, line, check, message, entries=entries)
    on_newlines, on_format = out.settings.on("newlines"), out.settings.on("format")
    for msg in po.messages:
        if not validity.checked(msg):
            continue
        name = "newlines"
        try:
            if on_newlines:
                for check, line, message in validity.newlines(msg):
                    out.add(rel, line, check, message, msg)
            name = "format"
            if on_format and msg.flags:
                for check, line, message in validity.format_directives(msg, rule):
                    out.add(rel, line, check, message, msg)
        except Exception as exc:
            raise _crash(rel, name, exc, msg) from exc
    if out.settings.on("msgfmt"):
        for check, line, message in _joined(validity.run_msgfmt(path, rel, po)):
            out.add(rel, line, check, message, entries=entries)
    return rule


def _joined(findings: Iterable[tuple[str, int, str]]) -> Iterator[tuple[str, int, str]]:
    """msgfmt writes some findings in two parts ("nplurals = 3..." at the header, then
    "...but some messages have only 2 plural forms" at the entry): one problem, at the
    entry, so that the entry can silence it."""
    pending: tuple[str, int, str] | None = None
    for check, line, message in findings:
        if pending is not None:
            if message.startswith("..."):
                yield check, line, f"{pending[2][:-3]} {message[3:]}".strip()
                pending = None
                continue
            yield pending
            pending = None
        if message.endswith("..."):
            pending = (check, line, message)
        else:
            yield check, line, message
    if pending is not None:
        yield pending


def _check_quality(po: Catalog, source_lang: str, lang: str, rel: str, out: _Collector,
                   markup: MarkupChecker | None = None, rule: PluralForms = GERMANIC) -> None:
    settings = out.settings
    active = [(name, fn) for name, fn in QUALITY.items() if settings.on(name)]
    if not active:
        return
    ctx = Context(source_lang, lang,
                  [t for t in settings.glossary if t.language == glossary_mod.primary(lang)
                   and t.source_language == glossary_mod.primary(source_lang)],
                  settings.length_ratio, markup_checker=markup)
    for msg in po.messages:
        if msg.obsolete or msg.fuzzy:
            continue
        for source, translation, few in validity.pairs(msg, rule):
            # Entries with format flags or plural forms of a few numbers are judged with
            # what they are; every other sentence shares one context.
            here = ctx if not msg.flags and not few else replace(
                ctx, flags=tuple(msg.flags), few=few)
            for name, check in active:
                try:
                    messages = check(source, translation, here)
                except Exception as exc:
                    raise _crash(rel, name, exc, msg) from exc
                for message in messages:
                    out.add(rel, msg.lineno, name, message, msg)


__all__ = ["CHECKS", "ERROR", "WARNING", "ArticleCheck", "CheckResult", "CatalogResult",
           "Problem", "Settings", "Stats", "check_articles", "run", "stats"]
