"""`l10n check` on catalogs of any language: numbers in every CLDR notation, no crash on
anything a gettext tool may write, and a broken check reported as a tool error."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from babel.localedata import locale_identifiers
from babel.numbers import format_decimal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n import pofile
from l10n.check import check_file
from l10n.checks import quality
from l10n.checks.numbers import missing_numbers
from l10n.checks.quality import Context
from l10n.languages import is_known
from test_bad_input import GOOD_ARTICLE, cli, make_project

LOCALES = sorted(code for code in locale_identifiers() if is_known(code))


# ---------------------------------------------------------------------------- numbers

@pytest.mark.parametrize(("source", "translation"), [
    ("Inflation was 3.5%.", "Інфляція становила 5,3 %."),
    ("Prices rose 12% in 2024.", "Ціни зросли на 21 % у 2024 році."),
    ("A 1,250-page report.", "Звіт на 1 520 сторінок."),
])
def test_swapped_digits_are_a_different_number(source: str, translation: str):
    assert quality.numbers(source, translation, Context("en", "uk"))


@pytest.mark.parametrize(("lang", "translation"), [
    ("de", "Die Inflation lag bei 3,5 % und 1.200 Briefe kamen an."),
    ("nl", "De inflatie was 3,5% en er kwamen 1.200 brieven."),
    ("da", "Inflationen var 3,5 %, og 1.200 breve kom."),
    ("id", "Inflasi 3,5% dan 1.200 surat tiba."),
    ("pt", "A inflação foi de 3,5% e chegaram 1.200 cartas."),
    ("el", "Ο πληθωρισμός ήταν 3,5% και έφτασαν 1.200 επιστολές."),
    ("hi", "मुद्रास्फीति 3.5% थी और 1,200 पत्र आए।"),
    ("de_CH", "Die Inflation lag bei 3.5 % und 1’200 Briefe kamen an."),
])
def test_languages_with_a_point_or_other_separators(lang: str, translation: str):
    source = "Inflation was 3.5% and 1,200 letters arrived."
    assert missing_numbers(source, "en", translation, lang) == []
    assert missing_numbers(source, "en", translation.replace("1", "7"), lang) != []


@settings(max_examples=300, deadline=None)
@given(lang=st.sampled_from(LOCALES),
       value=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_a_number_in_any_cldr_notation_is_found(lang: str, value: Decimal):
    """For every language babel knows, a figure written the way CLDR writes it there
    (group and decimal symbols, Indian grouping...) is the source's figure, and any other
    figure is not."""
    source = f"The total was {format_decimal(value, locale='en')} in the end."
    written = format_decimal(value, locale=lang)
    assert missing_numbers(source, "en", f"Total: {written}.", lang) == []
    other = format_decimal(value + 1, locale=lang)
    assert missing_numbers(source, "en", f"Total: {other}.", lang) != []


# ---------------------------------------------------------------------------- no crash

_piece = st.sampled_from([
    "3.5", "3,5", "1,200", "1.200", "1 200", "1\u00a0200", "1’200", "12,34,567", "٣٫٥",
    "%s", "%d", "%(n)d", "%(n)s", "%(", "{n}", "{}", "{", "}", "{{x}}", "%", "%%", "$1",
    "<b>", "</b>", "<a href='x'>", "*", "**", "_", "`", "`q'", "[l](u)", "![i](u)",
    "https://example.org/a", "www.x.org", "a@b.org", "2 million", "5 млн", "G7", "F-16",
    "XX", "09.01.2024", "9th", "\n", " ", "\t", "?", "!", "…", "«", "»", "é", "ї", "日本",
    "שנה", "مرحبا", "2024 р.", "n", "::", "\\", '"'])
_text = st.lists(st.one_of(_piece, st.text(max_size=6)), max_size=8).map("".join)
_flags = st.lists(st.sampled_from(["python-format", "python-brace-format", "c-format",
                                   "javascript-format", "fuzzy", "no-c-format",
                                   "objc-format", "range: 0..10", "l10n-ignore-numbers"]),
                  max_size=3, unique=True)
_plural_forms = st.one_of(
    st.none(), st.sampled_from([
        "nplurals=2; plural=(n != 1);", "nplurals=3; plural=n%10==1 ? 0 : 1;",
        "nplurals=1; plural=0;", "nplurals=2; plural=n%10;", "nplurals=x;",
        "nplurals=2; plural=n/0;", "nplurals=2; plural=(n;", "plural=n>1;",
        "nplurals=4; plural=(n % 1 == 0 && n % 10 == 1 && n % 100 != 11 ? 0 : 3);"]),
    _text)


@st.composite
def catalogs(draw: st.DrawFn) -> str:
    lang = draw(st.sampled_from(LOCALES))
    plural_forms = draw(_plural_forms)
    headers = {"Language": draw(st.sampled_from([lang, "", "xx", "sr@latin", "zh_CN"])),
               "Content-Type": "text/plain; charset=UTF-8"}
    if plural_forms is not None:
        headers["Plural-Forms"] = plural_forms
    catalog = pofile.Catalog(headers=headers)
    seen = set()
    for _ in range(draw(st.integers(0, 6))):
        msgid = draw(_text.filter(bool))
        if msgid in seen:
            continue
        seen.add(msgid)
        message = pofile.Message(msgid=msgid, flags=draw(_flags))
        if draw(st.booleans()):
            message.msgid_plural = draw(_text)
            message.msgstr_plural = draw(st.lists(_text, min_size=1, max_size=6))
        else:
            message.msgstr = draw(_text)
        catalog.messages.append(message)
    return lang + "\0" + pofile.dumps(catalog)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_check_never_raises_on_any_catalog_in_any_language(tmp_path_factory, case: str):
    lang, text = case.split("\0", 1)
    path = tmp_path_factory.mktemp("c") / "x.po"
    path.write_text(text, encoding="utf-8")
    result = check_file(path, lang, source_lang=lang)
    assert all(p.line >= 1 for p in result.problems)


# ---------------------------------------------------------------------------- through the CLI

def _german_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = make_project(tmp_path / "proj", config='source_language = "en"\n'
                                                  'languages = ["en", "de"]\n')
    for step in ("extract", "update"):
        code, _, err = cli(capsys, step, "--project", str(root))
        assert code == 0, err
    return root


def test_check_of_a_german_project_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert "2 million" in GOOD_ARTICLE
    root = _german_project(tmp_path, capsys)
    po_path = root / "locales" / "de" / "LC_MESSAGES" / "a-good.po"
    catalog = pofile.read(po_path)
    for message in catalog.messages:
        if "2 million tons" in message.msgid:
            message.msgstr = "Die Exporte stiegen von 2.000.000 auf 3.000.000 Tonnen."
    po_path.write_text(pofile.dumps(catalog), encoding="utf-8")
    code, out, err = cli(capsys, "check", "--project", str(root))
    assert code == 1 and "Traceback" not in err  # incomplete, not broken
    assert "[numbers]" not in out and "[completeness]" in out


def test_a_check_that_breaks_is_a_tool_error(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch):
    root = _german_project(tmp_path, capsys)
    po_path = root / "locales" / "de" / "LC_MESSAGES" / "a-good.po"
    catalog = pofile.read(po_path)
    catalog.messages[0].msgstr = "Rumänien und die Ukraine"
    po_path.write_text(pofile.dumps(catalog), encoding="utf-8")

    def broken(source: str, translation: str, ctx: Context) -> list[str]:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(quality.QUALITY, "punctuation", broken)
    code, _, err = cli(capsys, "check", "--project", str(root))
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith("l10n: error: locales/de/LC_MESSAGES/a-good.po: ")
    assert "'punctuation' check" in lines[0] and "ZeroDivisionError" in lines[0]
    assert "bug in l10n" in lines[0] and "report" in lines[0]
