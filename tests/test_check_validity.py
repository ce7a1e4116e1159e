"""Validity (the msgfmt -c equivalents) and the header conventions on fixture catalogs,
cross-checked with GNU msgfmt."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from l10n import pofile
from l10n.check import Settings, check_file
from l10n.checks import CHECKS, ERROR, OFF, WARNING
from l10n.checks.validity import run_msgfmt

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "check" / "validity"

EXPECTED: dict[str, set[tuple[str, int]]] = {
    "good.po": set(),
    "format.po": {("format", 15), ("format", 19), ("format", 23)},
    "newlines.po": {("newlines", 15), ("newlines", 18)},
    "plural-count.po": {("plural-forms", 15)},
    # msgfmt names the first plural entry (and the header) for a missing Plural-Forms
    "plural-missing.po": {("plural-forms", 14)},
    "no-header.po": {("header", 1)},
    "wrong-nplurals.po": {("cldr-plurals", 1)},
    "header-fields.po": {("language", 1), ("header-fields", 1)},
}
# Files GNU msgfmt -c refuses (a fatal error); the others pass it even where l10n's
# conventions are stricter (a rule not CLDR's, Language missing).
MSGFMT_FATAL = {"format.po", "newlines.po", "plural-count.po", "plural-missing.po",
                "no-header.po"}


def validity_problems(name: str) -> list[tuple[str, int, str]]:
    result = check_file(FIXTURES / name, "uk", shown=name)
    return [(p.check, p.line, p.severity) for p in result.problems
            if CHECKS[p.check].group in ("validity", "conventions")]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validity_findings(name: str):
    found = {(check, line) for check, line, _ in validity_problems(name)}
    assert found == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_errors_agree_with_msgfmt(name: str):
    proc = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(FIXTURES / name)],
                          capture_output=True, text=True, errors="replace")
    assert (proc.returncode != 0) == (name in MSGFMT_FATAL), proc.stderr
    errors = [p for p in validity_problems(name) if p[2] == ERROR]
    if name in MSGFMT_FATAL:
        assert errors
    else:  # what msgfmt accepts fails only by a convention of l10n's, never by validity
        assert all(CHECKS[check].group == "conventions" for check, _, _ in errors)


def test_missing_header_fields_are_warnings_like_msgfmt():
    problems = validity_problems("header-fields.po")
    fields = [p for p in problems if p[0] == "header-fields"]
    assert len(fields) == 6 and all(p[2] == WARNING for p in fields)


def test_fuzzy_entries_are_not_checked_for_directives():
    # good.po ends with a fuzzy entry whose msgstr lost its %s, as msgfmt allows
    assert validity_problems("good.po") == []


def test_good_catalog_has_no_problem_at_all():
    assert check_file(FIXTURES / "good.po", "uk").problems == []


def test_the_msgfmt_check_reports_what_msgfmt_says_at_the_first_line_of_the_entry():
    # msgfmt itself names the msgstr lines 17, 21 and 25
    catalog = pofile.read(FIXTURES / "format.po")
    findings = list(run_msgfmt(FIXTURES / "format.po", "format.po", catalog))
    assert [line for _, line, _ in findings] == [15, 19, 23]
    assert list(run_msgfmt(FIXTURES / "good.po", "good.po")) == []


def test_the_msgfmt_check_is_off_by_default():
    assert Settings.defaults().severity("msgfmt") == OFF
    settings = Settings.defaults()
    settings.severities["msgfmt"] = ERROR
    result = check_file(FIXTURES / "format.po", "uk", settings=settings, shown="format.po")
    assert [p.line for p in result.problems if p.check == "msgfmt"] == [15, 19, 23]
