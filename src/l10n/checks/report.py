"""What `l10n check` prints: a table and problem lines for people, JSON, GitHub workflow
annotations and JUnit XML for CI, and the completeness bars of `l10n status`.

The JSON document is a stable interface (``SCHEMA_VERSION``): within a version, fields are
only ever added. Version 2: ``percent`` is the figure every command shows (rounded down to
one decimal) and null for a catalog that cannot be read.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from l10n.checks import ERROR, WARNING, Problem
from l10n.stats import Stats

if TYPE_CHECKING:
    from rich.console import Console  # only the CLI's console is passed in; rich loads lazily

    from l10n.check import CatalogResult, CheckResult
    from l10n.results import Report

SCHEMA_VERSION = 2


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.severity != ERROR, p.path, p.line, p.check))


# ---------------------------------------------------------------------------- people
# Tables are laid out here as plain lines: they fit 80 columns (or a wider terminal) and
# are never cut, in a terminal or in a pipe. When a catalog's name does not fit in its
# column, it gets a line of its own and its languages follow, indented.

WIDTH = 80
BAR = 10  # columns of the completeness bar (terminals only)


@dataclass
class _Row:
    group: str  # the catalog (article slug), or "all articles"
    cells: list[str]  # language first
    style: str = ""


_Line = tuple[str, str, "_Row | None"]  # text, style, the row it shows (if one)


def _lines(title: str, headers: list[str], rows: list[_Row], width: int,
           sections: int = 0) -> list[_Line]:
    """The lines of a table whose first column is the catalog; the last ``sections`` rows
    are a totals section under a rule."""
    cols = len(headers)
    sizes = [max([len(headers[i])] + [len(r.cells[i]) for r in rows]) for i in range(cols)]
    group = max([len("catalog")] + [len(r.group) for r in rows])
    flat = group + 2 + sum(sizes) + 2 * (cols - 1)

    def cells(values: list[str]) -> str:
        first = values[0].ljust(sizes[0])
        rest = [v.rjust(sizes[i + 1]) for i, v in enumerate(values[1:])]
        return "  ".join([first, *rest]).rstrip()

    out: list[_Line] = [(title, "bold", None)]
    if flat <= width:
        head = "catalog".ljust(group) + "  " + cells(headers)
        out.append((head, "bold", None))
        for k, r in enumerate(rows):
            if sections and k == len(rows) - sections:
                out.append(("-" * len(head), "", None))
            out.append((r.group.ljust(group) + "  " + cells(r.cells), r.style, r))
        return out
    sizes[0] = max(sizes[0] + 2, len("catalog / ") + sizes[0])
    head = cells(["catalog / " + headers[0], *headers[1:]])
    out.append((head, "bold", None))
    current = None
    for k, r in enumerate(rows):
        if sections and k == len(rows) - sections:
            out.append(("-" * len(head), "", None))
        if r.group != current:
            out.append((r.group, r.style, None))
            current = r.group
        out.append((cells(["  " + r.cells[0], *r.cells[1:]]), r.style, r))
    return out


def _width(console: Console) -> int:
    return max(WIDTH, console.width) if console.is_terminal else WIDTH


def _emit(console: Console, lines: list[_Line]) -> None:
    if not console.is_terminal:  # no styles to draw: one write (a big archive's table)
        if lines:
            console.file.write("".join(f"{text}\n" for text, _, _ in lines))
        return
    for text, style, _ in lines:
        console.print(text, style=style or None, markup=False, highlight=False,
                      overflow="ignore", crop=False, soft_wrap=True)


def completeness_lines(result: CheckResult, width: int = WIDTH) -> list[_Line]:
    headers = ["lang", "translated", "fuzzy", "untranslated", "obsolete", "%", "required",
               "stale"]
    rows = []
    for c in result.catalogs:
        s = c.stats
        cells = [c.language, str(s.translated), str(s.fuzzy), str(s.untranslated),
                 str(s.obsolete), f"{s.percent:.1f}", f"{c.required:g}",
                 "yes" if c.stale else ""]
        if not c.readable:
            cells = [c.language, "-", "-", "-", "-", "-", f"{c.required:g}", "unreadable"]
        rows.append(_Row(c.slug, cells, "" if c.complete else "red"))
    return _lines("Completeness", headers, rows, width)


def print_text(result: CheckResult, console: Console) -> None:
    """The table, then one ``path:line: [check] message`` line per problem, errors first."""
    if result.catalogs:
        _emit(console, completeness_lines(result, _width(console)))
    errors, warnings = result.count(ERROR), result.count(WARNING)
    for severity, count in ((ERROR, errors), (WARNING, warnings)):
        if not count:
            continue
        console.print(f"{_n(count, severity)}:",
                      style="bold red" if severity == ERROR else "bold yellow", markup=False)
        for p in _sorted(result.problems):
            if p.severity == severity:
                console.print(str(p), markup=False)
    verdict = "failed" if errors else "passed"
    console.print(f"check {verdict}: {_n(len(result.catalogs), 'catalog')}, "
                  f"{_n(errors, 'error')}, {_n(warnings, 'warning')}", markup=False)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def status_lines(report: Report, width: int = WIDTH, bar: bool = False,
                 listed: Collection[str] | None = None) -> list[_Line]:
    """Entries and source words per catalog and language (``words`` all of them, ``to
    do`` those of fuzzy and untranslated entries), then a total per language. With
    ``listed``, only the catalogs of those articles have a row (the totals count all)."""
    headers = ["lang", "translated", "fuzzy", "untranslated", "%", "words", "to do"]
    rows: list[_Row] = []
    counts: dict[str, list[tuple[int, ...]]] = {}  # by language: thousands of catalogs
    entries: list[tuple[str, str, Stats | None, str]] = \
        [(slug, lang, s, "") for slug, lang, s in report.stats]
    entries += [(slug, lang, None, "missing") for slug, lang, _ in report.missing]
    entries += [(slug, lang, None, "unreadable") for slug, lang, _ in report.unreadable]
    order = {slug: k for k, (slug, _, _, _) in enumerate(entries)}
    entries.sort(key=lambda e: order[e[0]])
    shown = None if listed is None else set(listed)
    for slug, lang, s, state in entries:
        if s is not None:
            found = counts.get(lang)
            if found is None:
                found = counts[lang] = []
            found.append(s.counts())
        if shown is not None and slug not in shown:
            continue
        if s is None:
            rows.append(_Row(slug, [lang, state, "", "", "", "", ""], "red"))
            continue
        rows.append(_Row(slug, _status_cells(lang, s)))
    totals = {lang: Stats(*map(sum, zip(*values, strict=True)))
              for lang, values in counts.items()}
    sections = 0
    slugs = {slug for slug, _, _, _ in entries}
    # Totals when there is more than one article, or when not every article has rows.
    if totals and (len(slugs) > 1 or shown is not None and slugs - shown):
        for lang in sorted(totals):
            rows.append(_Row("all articles", _status_cells(lang, totals[lang]), "bold"))
            sections += 1
    lines = _lines("Status", headers, rows, width, sections)
    longest = max(len(text) for text, _, _ in lines)
    if bar and longest + 2 + BAR <= width:
        lines = [(text.ljust(longest) + "  " + _bar(row.cells), style, row)
                 if row is not None and row.cells[1].isdigit() else (text, style, row)
                 for text, style, row in lines]
    return lines


def _status_cells(lang: str, s: Stats) -> list[str]:
    return [lang, str(s.translated), str(s.fuzzy), str(s.untranslated), f"{s.percent:.1f}",
            str(s.total_words), str(s.fuzzy_words + s.untranslated_words)]


def _bar(cells: list[str]) -> str:
    done, fuzzy, todo = (int(c) for c in cells[1:4])
    total = done + fuzzy + todo
    filled = BAR if not total else done * BAR // total
    return "█" * filled + "░" * (BAR - filled)


def print_status(report: Report, console: Console,
                 listed: Collection[str] | None = None) -> None:
    """The status table (with ``listed``, rows for those articles only, and a line
    saying how many others the totals include)."""
    if report.stats or report.missing or report.unreadable:
        _emit(console, status_lines(report, _width(console), bar=console.is_terminal,
                                    listed=listed))
        others = len({slug for slug, _, _ in report.stats} - set(listed or ())) \
            if listed is not None else 0
        if others:
            console.print(f"(the rows of {_n(others, 'unchanged article')} are left out; "
                          "'l10n status' lists every catalog)", markup=False)
    else:
        console.print("no catalogs yet; run 'l10n update'", markup=False)
    if report.missing:
        console.print(f"{_n(len(report.missing), 'catalog')} missing; run 'l10n update'",
                      markup=False)


# ---------------------------------------------------------------------------- machines

def _catalog_json(c: CatalogResult) -> dict[str, Any]:
    s = c.stats
    return {"path": c.path, "slug": c.slug, "language": c.language,
            "translated": s.translated, "fuzzy": s.fuzzy, "untranslated": s.untranslated,
            "obsolete": s.obsolete, "total": s.total,
            "percent": s.percent if c.readable else None,
            "required": c.required, "complete": c.complete, "stale": c.stale,
            "readable": c.readable}


def to_json(result: CheckResult) -> str:
    doc = {
        "version": SCHEMA_VERSION,
        "ok": result.ok,
        "errors": result.count(ERROR),
        "warnings": result.count(WARNING),
        "catalogs": [_catalog_json(c) for c in result.catalogs],
        "problems": [{"path": p.path, "line": p.line, "check": p.check,
                      "severity": p.severity, "message": p.message}
                     for p in _sorted(result.problems)],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: one annotation per problem, then a summary."""
    lines = []
    for p in _sorted(result.problems):
        lines.append(f"::{p.severity} file={_escape_property(p.path)},line={p.line},"
                     f"title={_escape_property('l10n ' + p.check)}::{_escape_data(p.message)}")
    for c in result.catalogs:
        lines.append(f"{c.path}: {c.stats.percent:.1f}% translated ({c.stats.translated} of "
                     f"{c.stats.total}), {c.required:g}% required"
                     + (", stale" if c.stale else ""))
    lines.append(f"l10n check {'passed' if result.ok else 'failed'}: "
                 f"{_n(result.count(ERROR), 'error')}, {_n(result.count(WARNING), 'warning')}")
    return "\n".join(lines) + "\n"


def to_junit(result: CheckResult) -> str:
    """One test case per file checked; its error-level problems are its failure."""
    from xml.etree import ElementTree as ET  # only for --format junit

    by_path: dict[str, list[Problem]] = defaultdict(list)
    for p in result.problems:
        by_path[p.path].append(p)
    paths = list(dict.fromkeys([*result.checked_files, *by_path]))
    failures = sum(1 for path in paths if any(p.severity == ERROR for p in by_path[path]))
    suites = ET.Element("testsuites", name="l10n check", tests=str(len(paths)),
                        failures=str(failures))
    suite = ET.SubElement(suites, "testsuite", name="l10n check", tests=str(len(paths)),
                          failures=str(failures), errors="0", skipped="0")
    for path in paths:
        case = ET.SubElement(suite, "testcase", classname="l10n.check", name=path, file=path)
        problems = _sorted(by_path[path])
        errors = [p for p in problems if p.severity == ERROR]
        if errors:
            failure = ET.SubElement(case, "failure", type=errors[0].check,
                                    message=f"{len(errors)} error(s): {errors[0].message}")
            failure.text = "\n".join(str(p) for p in errors)
        warnings = [p for p in problems if p.severity == WARNING]
        if warnings:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"warning: {p}" for p in warnings)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"
