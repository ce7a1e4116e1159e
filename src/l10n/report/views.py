"""What the review pages show, gathered from the steps themselves (no I/O here).

Every figure comes from the library calls the commands use: counts and problems from
``l10n.check`` (as ``l10n status`` and ``l10n check`` show them), what is published from
``l10n.compose`` and the compile step's own decision (``l10n.publish.decide``), machine
suggestions from the notes ``l10n.notes`` reads. An article's view depends on its own
source, template and catalogs and the configuration only.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from l10n import notes
from l10n.check import ArticleCheck
from l10n.checks import CHECKS, ERROR, WARNING, Problem
from l10n.compose import parse_iso_date, read_date
from l10n.errors import CatalogError, SourceError
from l10n.formats import TextHooks
from l10n.model import Article, Catalog, Message, Unit
from l10n.publish import CompileSettings, Decision, outcome
from l10n.report import markup
from l10n.stats import Stats

if TYPE_CHECKING:
    from l10n.project import Project

# How a unit stands in one language.
TRANSLATED, FUZZY, UNTRANSLATED, REFUSED, MISSING = (
    "translated", "fuzzy", "untranslated", "refused", "missing")
# How a catalog stands.
PUBLISHED, HELD_BACK, NO_CATALOG, UNREADABLE = "published", "held-back", "missing", "unreadable"
# Problems about a whole catalog rather than one of its entries.
_CATALOG_GROUPS = {"completeness", "staleness"}
Shower = Callable[[Unit, str, str], str]


@dataclass
class Cell:
    """One unit in one target language."""

    lang: str
    state: str
    shown: str  # safe HTML: what the composed article has for the unit
    suggestion: str = ""  # safe HTML: a translation that is not published (fuzzy, refused)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    published: bool = True  # whether the language is published at all


@dataclass
class UnitRow:
    number: int  # 1-based, in article order
    unit: Unit
    source: str  # safe HTML
    cells: list[Cell]

    @property
    def attention(self) -> bool:
        return any(c.state != TRANSLATED or c.problems for c in self.cells)


@dataclass
class Target:
    """One target language of one article: a row of the index, a card of the page."""

    lang: str
    path: str  # the catalog, relative to the project
    output: str  # where compile writes the article, relative to the project
    stats: Stats | None  # None when the catalog is missing or unreadable
    status: str
    required: float
    reasons: list[str] = field(default_factory=list)
    stale: bool = False
    refused: int = 0
    problems: list[Problem] = field(default_factory=list)  # every problem of the catalog
    catalog_problems: list[Problem] = field(default_factory=list)  # those on no one unit

    @property
    def words(self) -> int:
        return self.stats.total_words if self.stats is not None else 0

    @property
    def words_todo(self) -> int:
        """Source words of the fuzzy and untranslated entries."""
        s = self.stats
        return s.fuzzy_words + s.untranslated_words if s is not None else 0

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == WARNING)

    @property
    def percent(self) -> str:
        """The percentage as ``l10n check`` and ``l10n status`` show it."""
        return f"{self.stats.percent:.1f}" if self.stats is not None else ""


@dataclass
class ArticleView:
    slug: str
    title: str
    path: str  # the source, relative to the project
    lang: str
    format: str
    date: str  # ISO 8601, or "" when the article does not say
    targets: list[Target]
    template_problems: list[Problem]  # the .pot's (staleness)
    units: list[UnitRow] = field(default_factory=list)


def build(project: Project, item: ArticleCheck, article: Article, hooks: TextHooks,
          fmt: str, opts: CompileSettings,
          decided: dict[str, Decision] | None = None) -> ArticleView:
    """The view of one article from its check (``item``) and its parsed source (and what
    compile ``decided`` for each language, when it ran on the same catalogs)."""
    src = item.source
    template = project.rel(project.pot_path(src.slug))
    by_path: dict[str, list[Problem]] = defaultdict(list)
    for p in item.result.problems:
        by_path[p.path].append(p)
    show = markup.shower(fmt)
    rows = [UnitRow(n, unit, show(unit, unit.source, unit.text), [])
            for n, unit in enumerate(article.units, 1)]
    by_text: dict[str, list[UnitRow]] = defaultdict(list)
    for row in rows:
        by_text[row.unit.text].append(row)
    checked = {c.language: c for c in item.result.catalogs}
    dist = project.rel(project.config.dist_path)
    targets = []
    for lang in project.config.targets(src.slug):
        result = checked.get(lang)
        path = result.path if result is not None else \
            project.rel(project.po_path(src.slug, lang))
        output = f"{dist}/{lang}/{src.path.name}"
        target = Target(lang, path, output, None, NO_CATALOG,
                        result.required if result is not None else 0.0,
                        problems=by_path.get(path, []))
        targets.append(target)
        catalog = item.catalogs.get(lang)
        if result is None or catalog is None:
            target.status = NO_CATALOG if result is None else UNREADABLE
            target.reasons.append("the catalog cannot be read" if result is not None
                                  else "there is no catalog yet ('l10n update' makes it)")
            target.catalog_problems = list(target.problems)
            note = [] if result is None else ["The catalog cannot be read."]
            for row in rows:
                row.cells.append(Cell(lang, MISSING, "", notes=note, published=False))
            continue
        target.stats, target.stale = result.stats, result.stale
        try:  # what compile refuses to read as this language's catalog
            project.check_target(catalog, lang, project.po_path(src.slug, lang))
        except CatalogError as exc:
            target.status = UNREADABLE
            target.reasons.append(f"compile cannot use it: {exc.message}")
            target.catalog_problems = list(target.problems)
            for row in rows:
                row.cells.append(Cell(lang, MISSING, "", notes=["Compile cannot use the "
                                                               "catalog."], published=False))
            continue
        known = decided.get(lang) if decided is not None else None
        comp, publish, reason = known or outcome(article, catalog, lang, hooks, opts)
        target.status = PUBLISHED if publish else HELD_BACK
        if reason:
            target.reasons.append(reason)
        target.refused = len(comp.rejected)
        if comp.rejected:
            target.reasons.append(f"{_n(len(comp.rejected), 'translation')} refused by the "
                                  f"{fmt} format (the source text is published instead)")
        if target.stale:
            why = [p.message for p in item.result.problems
                   if p.check in ("stale-po", "stale-pot") and p.path in (path, template)]
            target.reasons.append("stale: " + ("; ".join(why) if why else
                                               "the catalog or its template is out of date"))
        entries = _entries(catalog)
        finish = _finisher(article, hooks, fmt, lang)
        for row, (unit, text, how) in zip(rows, comp.placed, strict=True):
            row.cells.append(_cell(lang, unit, finish(text), how, entries.get(unit.text),
                                   hooks, fmt, show, publish, finish))
        target.catalog_problems = _place(target.problems, catalog, by_text, lang)
    return ArticleView(src.slug, _title(article, fmt, src.slug), src.rel, src.lang, fmt,
                       published_date(article, fmt, opts), targets,
                       by_path.get(template, []), rows)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _entries(catalog: Catalog) -> dict[str, Message]:
    """msgid → entry, as compose looks units up (an entry without context first)."""
    found: dict[str, Message] = {}
    for m in catalog.messages:
        if m.obsolete or m.msgid_plural is not None:
            continue
        if m.msgctxt is None or m.msgid not in found:
            found[m.msgid] = m
    return found


def _finisher(article: Article, hooks: TextHooks, fmt: str,
              lang: str) -> Callable[[str], str]:
    """What the format's ``finish`` hook does to a unit's text in the composed document
    (HTML writes the text of a ``<time datetime>`` in the target language). The hook is
    meant for a whole document: it is applied to one unit's text only for the built-in
    formats, whose hooks touch nothing else in a fragment."""
    if fmt not in _BUILT_IN:
        return lambda text: text
    return lambda text: hooks.finish(text, article, target=lang, alternates=())


_BUILT_IN = {"html", "markdown", "text"}


def _cell(lang: str, unit: Unit, composed: str, how: str, entry: Message | None,
          hooks: TextHooks, fmt: str, show: Shower, published: bool,
          finish: Callable[[str], str]) -> Cell:
    if how == "translated":
        cell = Cell(lang, TRANSLATED, show(unit, composed, entry.msgstr if entry is not None
                                           else unit.text), published=published)
    elif how == "fuzzy":  # published from a fuzzy entry (use_fuzzy)
        cell = Cell(lang, FUZZY, show(unit, composed, entry.msgstr if entry is not None
                                      else unit.text), published=published)
        cell.notes.append("fuzzy: published because compile.use_fuzzy is on")
    elif how == "rejected":
        cell = Cell(lang, REFUSED, show(unit, composed, unit.text), published=published)
        cell.suggestion = markup.literal(entry.msgstr if entry is not None else "")
        cell.notes.append(f"the {fmt} format refused this translation (it would break the "
                          "document); the source text is published instead")
    elif entry is not None and entry.fuzzy and entry.msgstr:
        cell = Cell(lang, FUZZY, show(unit, composed, unit.text), published=published)
        inserted = hooks.insert(unit, entry.msgstr, target=lang)
        if inserted is None:
            cell.suggestion = markup.literal(entry.msgstr)
            cell.notes.append(f"its markup would be refused by the {fmt} format")
        else:
            cell.suggestion = show(unit, finish(inserted), entry.msgstr)
    else:
        cell = Cell(lang, UNTRANSLATED, show(unit, composed, unit.text), published=published)
    if entry is not None and (entry.translator_comments or entry.fuzzy or any(
            map(notes.is_own_note, entry.extracted_comments))):
        cell.notes += entry_notes(entry)
    return cell


def entry_notes(m: Message) -> list[str]:
    """What the entry's notes say about where its text came from, for people."""
    found = []
    for comment in m.translator_comments:
        state = notes.machine_state(comment)
        if state is not None:
            provenance, made, word = state
            if made is not None:
                word = "unreviewed" if notes.is_machine_output(m) else notes.EDITED
            found.append("machine translation" + (f": {provenance}" if provenance else "")
                         + (f", {word}" if word else ""))
        elif comment.strip().startswith(notes.IGNORE_COMMENT):
            found.append("checks silenced here: " + ", ".join(sorted(notes.ignored_checks(m))))
        elif comment.strip():
            found.append(f"translator's note: {comment.strip()}")
    for comment in m.extracted_comments:
        if notes.is_own_note(comment):
            found.append(comment[len(notes.NOTE_PREFIX):])
    if m.fuzzy and m.previous_msgid is not None and m.previous_msgid != m.msgid:
        found.append(f"the source used to read: {m.previous_msgid}")
    return found


def _place(problems: list[Problem], catalog: Catalog, by_text: dict[str, list[UnitRow]],
           lang: str) -> list[Problem]:
    """Put each problem on the cells of the units its entry translates; return the ones
    that belong to the catalog as a whole (header, completeness, staleness, obsolete or
    stale entries)."""
    placed = sorted((m for m in catalog.messages if m.lineno), key=lambda m: m.lineno)
    starts = [m.lineno for m in placed]
    left = []
    for p in problems:
        found = bisect_right(starts, p.line) - 1
        entry = placed[found] if found >= 0 else None
        rows = by_text.get(entry.msgid, []) if entry is not None and not entry.obsolete \
            and CHECKS[p.check].group not in _CATALOG_GROUPS else []
        if not rows:
            left.append(p)
        for row in rows:
            next(c for c in row.cells if c.lang == lang).problems.append(p)
    return left


def _title(article: Article, fmt: str, slug: str) -> str:
    for role in ("title", "heading"):
        unit = next((u for u in article.iter_units() if u.role == role), None)
        if unit is not None:
            return markup.plain(unit, fmt, unit.text) or slug
    return slug


_FRONT_MATTER_DATE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(?:.*\r?\n)*?date[ \t]*:[ \t]*"
                                r"['\"]?([0-9][0-9T:.+\-Z ]*?)['\"]?[ \t]*\r?$", re.M)
_HTML_DATE = re.compile(r"""<meta\s[^>]*property\s*=\s*["']article:published_time["'][^>]*"""
                        r"""content\s*=\s*["']([^"']+)["']|<time\s[^>]*datetime\s*=\s*"""
                        r"""["']([^"']+)["']""", re.I)


def published_date(article: Article, fmt: str, opts: CompileSettings) -> str:
    """The article's publication date (ISO 8601) where the article says it: Markdown front
    matter ``date:``, HTML ``article:published_time`` or the first ``<time datetime>``,
    or the plain-text date line of ``[compile] date_line``. "" when it does not."""
    found = ""
    if fmt == "markdown":
        head = "".join(p for p in article.parts[:3] if isinstance(p, str))
        m = _FRONT_MATTER_DATE.search(head)
        found = m.group(1) if m else ""
    elif fmt == "html":
        text = "".join(p if isinstance(p, str) else p.text for p in article.parts)
        m = _HTML_DATE.search(text)
        found = (m.group(1) or m.group(2)) if m else ""
    elif opts.date_line is not None:
        for unit in article.iter_units():
            m = opts.date_line.search(unit.text)
            if m:
                written = m.group("date") if "date" in m.re.groupindex else \
                    unit.text[m.end():]
                day = read_date((written or "").strip().rstrip("."), article.lang)
                return day.isoformat() if day else ""
    if not found:
        return ""
    try:
        return parse_iso_date(found).isoformat()
    except SourceError:
        return ""


# A summary (an ArticleView without its units) as plain data, for a build's cache: the
# index of the site is made from every article's summary, also of those not rebuilt.
_KINDS = {"ArticleView": ArticleView, "Target": Target, "Problem": Problem, "Stats": Stats}


def to_data(value: Any) -> Any:
    """Dataclasses (of the kinds above), lists and plain values as JSON-able data."""
    if type(value).__name__ in _KINDS and dataclasses.is_dataclass(value):
        return {"@": type(value).__name__,
                **{f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    return value


def from_data(data: Any) -> Any:
    """The inverse of ``to_data`` (only the kinds above are made: nothing else is run)."""
    if isinstance(data, dict):
        kind = _KINDS[data["@"]]
        return kind(**{k: from_data(v) for k, v in data.items() if k != "@"})
    if isinstance(data, list):
        return [from_data(v) for v in data]
    return data
