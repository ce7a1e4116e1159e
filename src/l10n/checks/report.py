"""What `l10n check` prints: a table and problem lines for people, JSON, GitHub workflow
annotations and JUnit XML for CI, and the completeness bars of `l10n status`.

The JSON document is a stable interface (``SCHEMA_VERSION``); fields are only ever added.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from rich import box
from rich.console import Console
from rich.progress_bar import ProgressBar
from rich.table import Table

from l10n.checks import ERROR, WARNING, Problem

if TYPE_CHECKING:
    from l10n.check import CatalogResult, CheckResult, Stats

SCHEMA_VERSION = 1


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.severity != ERROR, p.path, p.line, p.check))


# ---------------------------------------------------------------------------- people

def completeness_table(result: CheckResult, title: str = "Completeness") -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("catalog", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    for col in ("entries", "translated", "fuzzy", "untranslated", "obsolete", "%",
                "required", "stale"):
        table.add_column(col, justify="right", no_wrap=True)
    for c in result.catalogs:
        s = c.stats
        percent = f"{s.percent:.1f}" if c.readable else "-"
        style = "" if c.complete else "red"
        table.add_row(c.slug, c.language, str(s.total), str(s.translated), str(s.fuzzy),
                      str(s.untranslated), str(s.obsolete), percent, f"{c.required:g}",
                      "yes" if c.stale else "", style=style)
    return table


def print_text(result: CheckResult, console: Console) -> None:
    """The table, then one ``path:line: [check] message`` line per problem, errors first."""
    if result.catalogs:
        _wide(console, result.stats, 96).print(completeness_table(result))
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


def status_table(rows: list[tuple[str, str, Stats]]) -> Table:
    """Completeness per catalog and language, with a bar; then a total per language."""
    table = Table(title="Status", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("catalog", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    for col in ("translated", "fuzzy", "untranslated"):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for slug, lang, s in rows:
        table.add_row(slug, lang, str(s.translated), str(s.fuzzy), str(s.untranslated),
                      _bar(s.translated, s.total), f"{s.percent:.0f}")
        t = totals[lang]
        t[0] += s.translated
        t[1] += s.fuzzy
        t[2] += s.untranslated
    if len(rows) > 1:
        table.add_section()
        for lang, (done, fuzzy, todo) in sorted(totals.items()):
            total = done + fuzzy + todo
            table.add_row("all articles", lang, str(done), str(fuzzy), str(todo),
                          _bar(done, total),
                          f"{100.0 * done / total if total else 100.0:.0f}", style="bold")
    return table


def print_status(rows: list[tuple[str, str, Stats]], console: Console) -> None:
    if rows:
        _wide(console, rows, 80).print(status_table(rows))
    else:
        console.print("no catalogs yet; run 'l10n update'", markup=False)


def _wide(console: Console, rows: list[tuple[str, str, Stats]], others: int) -> Console:
    """The console, widened for the longest slug: a CI log reads better long than cut."""
    longest = max((len(slug) + len(lang) for slug, lang, _ in rows), default=0)
    if console.width >= longest + others:
        return console
    return Console(file=console.file, width=longest + others, highlight=False,
                   color_system=console.color_system, force_terminal=console.is_terminal)


def _bar(done: int, total: int) -> ProgressBar:
    return ProgressBar(total=max(total, 1), completed=done if total else 1, width=20,
                       complete_style="green", finished_style="green", style="red")


# ---------------------------------------------------------------------------- machines

def _catalog_json(c: CatalogResult) -> dict[str, Any]:
    s = c.stats
    return {"path": c.path, "slug": c.slug, "language": c.language,
            "translated": s.translated, "fuzzy": s.fuzzy, "untranslated": s.untranslated,
            "obsolete": s.obsolete, "total": s.total, "percent": round(s.percent, 2),
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
