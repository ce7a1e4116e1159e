"""The review site's HTML: the index of every article × language, and one page per article
with the source and its translations side by side.

Pages are plain HTML5 that read well without scripts; ``report.js`` adds sorting,
filtering and pages of rows to the index, and a "needs attention" filter to an article.
Every text from a source or a catalog is escaped here, or rendered through
:mod:`l10n.report.markup`. Nothing refers to a resource outside the site.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from l10n.check import CheckResult
from l10n.checks import ERROR, WARNING, Problem
from l10n.compose import localise_date
from l10n.errors import L10nError
from l10n.languages import display_name
from l10n.report.views import (
    FUZZY,
    HELD_BACK,
    MISSING,
    NO_CATALOG,
    PUBLISHED,
    REFUSED,
    TRANSLATED,
    UNREADABLE,
    UNTRANSLATED,
    ArticleView,
    Cell,
    Target,
    UnitRow,
)
from l10n.stats import Stats

GENERATOR = "l10n report"
STATUS_WORDS = {PUBLISHED: "Published", HELD_BACK: "Held back", NO_CATALOG: "No catalog",
                UNREADABLE: "Unreadable"}
CELL_WORDS = {TRANSLATED: "translated", FUZZY: "fuzzy", UNTRANSLATED: "untranslated",
              REFUSED: "refused", MISSING: "no catalog"}


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _language(code: str) -> str:
    try:
        return display_name(code)
    except (L10nError, ValueError):
        return code


def _head(title: str, root: str, page: str) -> str:
    return ("<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="{GENERATOR}">\n'
            f"<title>{esc(title)}</title>\n"
            f'<link rel="stylesheet" href="{root}report.css">\n'
            f'<script src="{root}report.js" defer></script>\n'
            f'</head>\n<body class="{page}">\n'
            # With scripts on, only the first page of a long table is laid out while the
            # page loads (report.js then shows the rows it chooses); without, all of it.
            '<script>document.body.classList.add("loading")</script>\n')


def bar(stats: Stats | None) -> str:
    """A bar of translated, fuzzy and untranslated entries, in proportion."""
    if stats is None or not stats.total:
        return '<span class="bar" aria-hidden="true"></span>'
    parts = []
    for cls, count in (("t", stats.translated), ("f", stats.fuzzy)):
        if count:
            parts.append(f'<span class="{cls}" style="width:{100 * count / stats.total:.2f}%">'
                         "</span>")
    return f'<span class="bar" aria-hidden="true">{"".join(parts)}</span>'


def figures(stats: Stats | None) -> str:
    """The percentage and counts, as ``l10n check`` shows them."""
    if stats is None:
        return '<span class="figures"><span class="pct">–</span></span>'
    return (f'<span class="figures"><span class="pct">{stats.percent:.1f}</span>%'
            f' <span class="counts"><span class="n-t">{stats.translated}</span> translated, '
            f'<span class="n-f">{stats.fuzzy}</span> fuzzy, '
            f'<span class="n-u">{stats.untranslated}</span> untranslated</span></span>')


def _problem_counts(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return '<span class="ok">none</span>'
    out = []
    if errors:
        out.append(f'<span class="p-error">{_n(errors, "error")}</span>')
    if warnings:
        out.append(f'<span class="p-warning">{_n(warnings, "warning")}</span>')
    return " ".join(out)


def _stale(t: Target) -> str:
    return ' <span class="flag">stale</span>' if t.stale else ""


def _flags(t: Target) -> str:
    flags = []
    if t.stale:
        flags.append("stale")
    if t.errors:
        flags.append("errors")
    if t.warnings:
        flags.append("warnings")
    if t.stats is not None and t.stats.fuzzy:
        flags.append("fuzzy")
    if t.refused:
        flags.append("refused")
    return " ".join(flags)


# ---------------------------------------------------------------------------- the index

@dataclass
class LanguageTotal:
    lang: str
    stats: Stats = field(default_factory=Stats)
    catalogs: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    stale: int = 0
    errors: int = 0
    warnings: int = 0
    words: int = 0
    words_todo: int = 0

    def add(self, t: Target) -> None:
        self.catalogs += 1
        self.by_status[t.status] = self.by_status.get(t.status, 0) + 1
        if t.stats is not None:
            self.stats = self.stats + t.stats
        self.stale += t.stale
        self.errors += t.errors
        self.warnings += t.warnings
        self.words += t.words
        self.words_todo += t.words_todo


def totals(views: Iterable[ArticleView], languages: Sequence[str]) -> list[LanguageTotal]:
    found = {lang: LanguageTotal(lang) for lang in languages}
    for view in views:
        for t in view.targets:
            found.setdefault(t.lang, LanguageTotal(t.lang)).add(t)
    return [total for total in found.values() if total.catalogs]


def index_page(views: list[ArticleView], check: CheckResult, project: str,
               languages: Sequence[str]) -> str:
    """The index: a summary per language, then one row per article and target language."""
    sums = totals(views, languages)
    rows = sum(len(v.targets) for v in views)
    errors, warnings = check.count(ERROR), check.count(WARNING)
    verdict = "passes" if check.ok else "fails"
    out = [_head(f"Translation report — {project}", "", "index-page"),
           '<a class="skip" href="#articles">Skip to the articles</a>\n',
           '<header class="top">\n',
           f"<h1>Translation report <span class=\"project\">{esc(project)}</span></h1>\n",
           f'<p class="meta">{_n(len(views), "article")} · {_n(rows, "catalog")} · '
           f'<span class="gate gate-{"ok" if check.ok else "failed"}">l10n check {verdict}: '
           f'<span class="n-errors">{_n(errors, "error")}</span>, '
           f'<span class="n-warnings">{_n(warnings, "warning")}</span></span></p>\n',
           "</header>\n<main>\n",
           '<section class="summary" aria-labelledby="summary-h">\n'
           '<h2 id="summary-h">By language</h2>\n<div class="cards">\n']
    for total in sums:
        out.append(_language_card(total))
    out.append("</div>\n</section>\n")
    out.append(_articles_table(views, languages, rows))
    out.append("</main>\n</body>\n</html>\n")
    return "".join(out)


def _language_card(total: LanguageTotal) -> str:
    lang = total.lang
    status_links = []
    for status in (PUBLISHED, HELD_BACK, NO_CATALOG, UNREADABLE):
        count = total.by_status.get(status, 0)
        if count or status in (PUBLISHED, HELD_BACK):
            status_links.append(f'<a href="#lang={esc(lang)}&amp;state={status}">'
                                f'<span class="n-{status}">{count:,}</span> '
                                f"{STATUS_WORDS[status].lower()}</a>")
    stale = (f' · <a href="#lang={esc(lang)}&amp;state=stale"><span class="n-stale">'
             f"{total.stale:,}</span> stale</a>") if total.stale else ""
    return (f'<section class="card" id="sum-{esc(lang)}" data-lang="{esc(lang)}" '
            f'aria-labelledby="sum-{esc(lang)}-h">\n'
            f'<h3 id="sum-{esc(lang)}-h">{esc(_language(lang))} '
            f'<span class="code">{esc(lang)}</span></h3>\n'
            f"<p>{bar(total.stats)} {figures(total.stats)}</p>\n"
            f'<p>{_n(total.catalogs, "catalog")}: {" · ".join(status_links)}{stale}</p>\n'
            f"<p>Problems: {_problem_counts(total.errors, total.warnings)}</p>\n"
            f'<p>{_n(total.words, "source word")}, <span class="n-todo">{total.words_todo:,}'
            "</span> still to translate or review</p>\n</section>\n")


_COLUMNS = (("title", "Article", "text"), ("lang", "Language", "text"),
            ("percent", "Progress", "number"), ("state", "State", "text"),
            ("errors", "Problems", "number"), ("todo", "Words", "number"),
            ("date", "Date", "text"))


def _articles_table(views: list[ArticleView], languages: Sequence[str], rows: int) -> str:
    options = "".join(f'<option value="{esc(lang)}">{esc(_language(lang))} ({esc(lang)})'
                      "</option>" for lang in languages)
    out = ['<section id="articles" class="articles" aria-labelledby="articles-h">\n'
           '<h2 id="articles-h">Articles and languages</h2>\n'
           '<form class="filters" id="filters" hidden>\n'
           '<label>Search <input type="search" name="q" placeholder="title or slug"></label>\n'
           f'<label>Language <select name="lang"><option value="">all</option>{options}'
           "</select></label>\n"
           '<label>Show <select name="state"><option value="">everything</option>'
           '<option value="published">published</option>'
           '<option value="held-back">held back</option>'
           '<option value="missing">no catalog or unreadable</option>'
           '<option value="stale">stale</option>'
           '<option value="errors">with errors</option>'
           '<option value="warnings">with warnings</option>'
           '<option value="fuzzy">with fuzzy entries</option>'
           '<option value="refused">with refused translations</option></select></label>\n'
           '<label>Rows per page <select name="size"><option value="50">50</option>'
           '<option value="100" selected>100</option><option value="500">500</option>'
           '<option value="0">all</option></select></label>\n'
           "</form>\n"
           f'<p class="shown" id="shown" aria-live="polite">{_n(rows, "row")}</p>\n'
           '<div class="table-wrap">\n<table class="catalogs" id="catalogs">\n'
           "<caption>Every article in every target language. Progress counts catalog "
           "entries as <code>l10n check</code> does.</caption>\n<thead>\n<tr>"]
    for key, label, kind in _COLUMNS:
        out.append(f'<th scope="col" data-key="{key}" data-type="{kind}">{label}</th>')
    out.append("</tr>\n</thead>\n<tbody>\n")
    for view in views:
        for t in view.targets:
            out.append(_row(view, t))
    out.append("</tbody>\n</table>\n</div>\n"
               '<nav class="pager" id="pager" aria-label="Pages of rows" hidden></nav>\n'
               "</section>\n")
    return "".join(out)


def article_href(slug: str) -> str:
    return f"articles/{slug}.html"


def _row(view: ArticleView, t: Target) -> str:
    percent = t.percent or "-1"
    state = STATUS_WORDS[t.status]
    why = f'<span class="why">{esc("; ".join(t.reasons))}</span>' if t.reasons else ""
    date = (f'<time datetime="{view.date}">{view.date}</time>' if view.date else "")
    return (f'<tr data-lang="{esc(t.lang)}" data-state="{t.status}" data-flags="{_flags(t)}" '
            f'data-percent="{percent}" data-errors="{t.errors}" data-warnings="{t.warnings}" '
            f'data-todo="{t.words_todo}" data-date="{view.date}">'
            f'<td class="c-article"><a href="{article_href(view.slug)}">{esc(view.title)}</a>'
            f' <span class="slug">{esc(view.slug)}</span></td>'
            f'<td class="c-lang"><span class="code" title="{esc(_language(t.lang))}">'
            f'{esc(t.lang)}</span> <span class="from">from {esc(view.lang)}</span></td>'
            f'<td class="c-progress">{bar(t.stats)} {figures(t.stats)}</td>'
            f'<td class="c-state"><span class="state s-{t.status}">{state}</span>'
            f"{_stale(t)}{why}</td>"
            f'<td class="c-problems">{_problem_counts(t.errors, t.warnings)}</td>'
            f'<td class="c-words">{t.words_todo:,} to do <span class="of">of '
            f"{t.words:,}</span></td>"
            f'<td class="c-date">{date}</td></tr>\n')


# ---------------------------------------------------------------------------- an article

def article_page(view: ArticleView) -> str:
    """One article: a card per target language, then every unit side by side."""
    date = ""
    if view.date:
        date = f' · <time datetime="{view.date}">{esc(localise_date(view.date, "en"))}</time>'
    attention = sum(1 for row in view.units if row.attention)
    out = [_head(f"{view.title} — translation report", "../", "article-page"),
           '<a class="skip" href="#units">Skip to the side-by-side view</a>\n'
           '<header class="top">\n'
           '<nav class="back"><a href="../index.html">All articles</a></nav>\n'
           f'<h1 lang="{esc(view.lang)}">{esc(view.title)}</h1>\n'
           f'<p class="meta"><span class="slug">{esc(view.slug)}</span> · '
           f"<code>{esc(view.path)}</code> · {esc(_language(view.lang))} original · "
           f"{esc(view.format)}{date} · {_n(len(view.units), 'unit')}</p>\n"
           "</header>\n<main>\n"
           '<section class="targets" aria-labelledby="targets-h">\n'
           '<h2 id="targets-h">Languages</h2>\n']
    if view.template_problems:
        out.append('<div class="template">\n<p>The template:</p>\n'
                   f"{_problems(view.template_problems)}</div>\n")
    out.append('<div class="cards">\n')
    for t in view.targets:
        out.append(_target_card(t))
    out.append("</div>\n</section>\n")
    out.append(_units(view, attention))
    out.append("</main>\n</body>\n</html>\n")
    return "".join(out)


def _target_card(t: Target) -> str:
    lang = esc(t.lang)
    state = STATUS_WORDS[t.status]
    where = f" as <code>{esc(t.output)}</code>" if t.status == PUBLISHED else ""
    reasons = "".join(f"<li>{esc(r)}</li>" for r in t.reasons)
    required = f", {t.required:g}% required by check" if t.stats is not None else ""
    return (f'<section class="card" id="lang-{lang}" data-lang="{lang}" '
            f'aria-labelledby="lang-{lang}-h">\n'
            f'<h3 id="lang-{lang}-h">{esc(_language(t.lang))} <span class="code">{lang}'
            "</span></h3>\n"
            f"<p>{bar(t.stats)} {figures(t.stats)}{esc(required)}</p>\n"
            f'<p><span class="state s-{t.status}">{state}</span>{where}'
            f"{_stale(t)}</p>\n"
            + (f'<ul class="reasons">{reasons}</ul>\n' if reasons else "")
            + f"<p>Problems: {_problem_counts(t.errors, t.warnings)}</p>\n"
            + (_problems(t.catalog_problems) if t.catalog_problems else "")
            + f'<p class="where"><code>{esc(t.path)}</code> · {t.words_todo:,} of '
            f"{_n(t.words, 'source word')} to translate or review</p>\n</section>\n")


def _problems(problems: list[Problem]) -> str:
    items = "".join(
        f'<li class="p-{esc(p.severity)}"><span class="sev">{esc(p.severity)}</span> '
        f'<span class="check">{esc(p.check)}</span> {esc(p.message)} '
        f'<span class="at">{esc(p.path)}:{p.line}</span></li>' for p in problems)
    return f'<ul class="problems">{items}</ul>\n'


def _units(view: ArticleView, attention: int) -> str:
    legend = ('<li>no mark: translated</li>'
              '<li><span class="badge b-fuzzy">fuzzy</span> a suggestion to review, not '
              "published</li>"
              '<li><span class="badge b-untranslated">untranslated</span> the source text '
              "stands in</li>"
              '<li><span class="badge b-refused">refused</span> the format rejects its '
              "markup</li>"
              '<li><span class="badge b-problem">problem</span> found by '
              "<code>l10n check</code></li>")
    head = (f'<span></span><span>Source · {esc(_language(view.lang))}</span>'
            + "".join(f"<span>{esc(_language(t.lang))}</span>" for t in view.targets))
    out = ['<section id="units" class="units-section" aria-labelledby="units-h">\n'
           '<h2 id="units-h">Side by side</h2>\n'
           f'<ul class="legend">{legend}</ul>\n'
           '<p class="tools" hidden><label><input type="checkbox" id="attention"> Only the '
           f'units that need attention (<span class="n-attention">{attention}</span>)'
           "</label></p>\n"
           f'<div class="units" style="--cols: {1 + len(view.targets)}">\n'
           f'<div class="unit-head" aria-hidden="true">{head}</div>\n']
    source_lang = esc(view.lang)
    for row in view.units:
        out.append(_unit(row, source_lang))
    out.append("</div>\n</section>\n")
    return "".join(out)


def _unit(row: UnitRow, source_lang: str) -> str:
    u = row.unit
    where = f"{esc(u.role)} · block {u.block}" + (f".{u.index}" if u.count > 1 else "")
    cls = "unit attention" if row.attention else "unit"
    source = _visible(row.source)
    cells = "".join(_cell(c, source_lang, source) for c in row.cells)
    return (f'<div class="{cls}" id="u{row.number}">'
            f'<h3 class="pos"><a href="#u{row.number}">#{row.number}</a> '
            f'<span class="where">{where} · line {u.line}</span></h3>\n'
            f'<div class="cell source"><p class="label"><span class="code">{source_lang}'
            f'</span> source</p><div class="text" lang="{source_lang}">{row.source}</div>'
            f"</div>\n{cells}</div>\n")


def _visible(fragment: str) -> str:
    return _TAG.sub("", fragment)


_TAG = re.compile(r"<[^>]*>")


def _cell(c: Cell, source_lang: str, source: str) -> str:
    lang = c.lang
    cls = f"cell st-{c.state}"
    label = f'<span class="code">{lang}</span>'
    if c.state != TRANSLATED:
        label += f' <span class="badge b-{c.state}">{CELL_WORDS[c.state]}</span>'
    problems = ""
    if c.problems:
        worst = ERROR if any(p.severity == ERROR for p in c.problems) else WARNING
        cls += f" has-{worst}"
        label += f' <span class="badge b-problem">{_n(len(c.problems), "problem")}</span>'
        problems = '<ul class="problems">' + "".join(
            f'<li class="p-{p.severity}"><span class="sev">{p.severity}</span> '
            f'<span class="check">{p.check}</span> {esc(p.message)} '
            f'<span class="at">line {p.line}</span></li>' for p in c.problems) + "</ul>"
    label = f'<p class="label">{label}</p>'
    if c.state == MISSING:
        why = esc(c.notes[0]) if c.notes else "No catalog yet."
        return f'<div class="{cls}">{label}<p class="none">{why}</p></div>\n'
    if c.state in (TRANSLATED, FUZZY) and not c.suggestion:  # what is published
        body = f'<div class="text" lang="{lang}">{c.shown}</div>'
        if not c.published:
            body += '<p class="held">Held back: not published yet.</p>'
    else:
        body = ""
        if c.suggestion:
            kind = "refused" if c.state == REFUSED else "suggestion"
            body = f'<div class="text {kind}" lang="{lang}">{c.suggestion}</div>'
        what = "Readers get" if c.published else "Held back; would stand in"
        if _visible(c.shown) == source:
            body += f'<p class="fallback"><span class="what">{what}:</span> the source text.</p>'
        else:
            body += (f'<p class="fallback"><span class="what">{what}:</span> '
                     f'<span class="text" lang="{source_lang}">{c.shown}</span></p>')
    notes = ('<ul class="notes">' + "".join(f"<li>{esc(n)}</li>" for n in c.notes)
             + "</ul>") if c.notes else ""
    return f'<div class="{cls}">{label}{body}{notes}{problems}</div>\n'
