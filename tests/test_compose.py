"""The compositor: catalog lookup, fallback, rejected insertions, hooks and localised metadata."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.compose import (
    compose,
    localise_date,
    localise_date_line,
    localise_number,
    read_date,
    translations,
)
from l10n.errors import L10nError, SourceError
from l10n.formats import TextHooks
from l10n.formats.text import TextFormat
from l10n.model import Article, Catalog, Message, Unit, render

TEXT = """ua en ru

Talks in Bucharest

The presidents met on Tuesday. They signed a declaration.

Photo: the presidents (press service)
"""


def article(text: str = TEXT) -> Article:
    return TextFormat().parse(text, slug="talks", path="source/talks.txt", lang="en")


def catalog(entries: dict[str, str], fuzzy: tuple[str, ...] = ()) -> Catalog:
    cat = Catalog(headers={"Language": "uk"})
    for msgid, msgstr in entries.items():
        cat.messages.append(Message(msgid, msgstr, flags=["fuzzy"] if msgid in fuzzy else []))
    return cat


FULL = {
    "Talks in Bucharest": "Переговори в Бухаресті",
    "The presidents met on Tuesday.": "Президенти зустрілися у вівторок.",
    "They signed a declaration.": "Вони підписали декларацію.",
    "Photo: the presidents (press service)": "Фото: президенти (пресслужба)",
}


def test_complete_catalog_translates_every_unit_and_keeps_the_skeleton():
    art = article()
    result = compose(art, catalog(FULL), "uk", TextFormat())
    assert result.units == 4 and result.translated == 4 and result.fallbacks == 0
    assert result.percent == 100
    assert result.text == ("ua en ru\n\nПереговори в Бухаресті\n\nПрезиденти зустрілися у "
                           "вівторок. Вони підписали декларацію.\n\nФото: президенти "
                           "(пресслужба)\n")


def test_missing_translation_falls_back_to_the_source_text():
    entries = dict(FULL)
    entries["They signed a declaration."] = ""
    result = compose(article(), catalog(entries), "uk")
    assert result.fallbacks == 1 and result.translated == 3
    assert result.percent == 75
    assert "у вівторок. They signed a declaration.\n" in result.text


def test_fuzzy_entries_are_used_only_when_asked():
    cat = catalog(FULL, fuzzy=("Talks in Bucharest",))
    strict = compose(article(), cat, "uk")
    assert "\nTalks in Bucharest\n" in strict.text and strict.fuzzy == 0
    preview = compose(article(), cat, "uk", use_fuzzy=True)
    assert "Переговори в Бухаресті" in preview.text
    assert preview.fuzzy == 1 and preview.translated == 4


def test_obsolete_and_plural_entries_are_not_used():
    cat = catalog({})
    cat.messages.append(Message("Talks in Bucharest", "Застаріле", obsolete=True))
    cat.messages.append(Message("Talks in Bucharest", msgid_plural="Talks",
                                msgstr_plural=["а", "б", "в"]))
    assert compose(article(), cat, "uk").translated == 0
    assert translations(cat) == {}


def test_an_entry_without_context_wins_over_one_with_context():
    cat = catalog({})
    cat.messages.append(Message("Talks in Bucharest", "З контекстом", msgctxt="menu"))
    cat.messages.append(Message("Talks in Bucharest", "Без контексту"))
    assert translations(cat) == {"Talks in Bucharest": "Без контексту"}


class Strict(TextHooks):
    """A markup-like format: rejects translations with '<', marks fallbacks."""

    def insert(self, unit: Unit, translation: str, *, target: str) -> str | None:
        return None if "<" in translation else translation

    def fallback(self, unit: Unit, *, source: str, target: str) -> str:
        return f"[{source}]{unit.text}[/{source}]"


def test_a_rejected_translation_is_never_emitted():
    entries = dict(FULL)
    entries["They signed a declaration."] = "Вони <script>підписали</script>."
    result = compose(article(), catalog(entries), "uk", Strict())
    assert "<script>" not in result.text
    assert "[en]They signed a declaration.[/en]" in result.text
    assert [u.text for u in result.rejected] == ["They signed a declaration."]
    assert result.translated == 3 and result.fallbacks == 1


class WithAlternates(TextHooks):
    def __init__(self) -> None:
        self.seen: list = []

    def finish(self, text: str, article: Article, *, target: str,
               alternates: Sequence[tuple[str, str]]) -> str:
        self.seen.append(alternates)
        return text + "".join(f"\n{lang} {href}" for lang, href in alternates)


def test_the_finish_hook_always_gets_the_alternates_keyword():
    """Hooks have fixed keyword-only signatures: every keyword is passed, always, so a
    hook that forgets one fails at once instead of being skipped silently."""
    alternates = [("en", "../en/talks.txt"), ("uk", "talks.txt")]
    hooks = WithAlternates()
    new = compose(article(), catalog(FULL), "uk", hooks, alternates=alternates)
    assert new.text.endswith("\nen ../en/talks.txt\nuk talks.txt")
    plain = compose(article(), catalog(FULL), "uk", hooks)
    assert hooks.seen[-1] == () and not plain.text.endswith("talks.txt")

    class Forgetful(TextHooks):
        def finish(self, text: str, article: Article, *, target: str) -> str:  # type: ignore[override]
            return text

    with pytest.raises(TypeError, match="alternates"):
        compose(article(), catalog(FULL), "uk", Forgetful())


def test_no_signature_sniffing_is_left():
    import l10n.compose
    import l10n.formats

    assert not hasattr(l10n.formats, "accepts")
    assert not hasattr(l10n.compose, "_accepts_alternates")


def test_the_default_hooks_accept_alternates():
    assert TextHooks().finish("x", article(), target="uk", alternates=[("uk", "x")]) == "x"


# -- localised metadata


@pytest.mark.parametrize(("lang", "expected"), [
    ("uk", "9 січня 2024"),
    ("ru", "9 января 2024"),
    ("en", "January 9, 2024"),
    ("en-GB", "9 January 2024"),
])
def test_localise_date(lang: str, expected: str):
    assert localise_date("2024-01-09", lang) == expected


def test_localise_date_takes_the_date_part_of_a_timestamp():
    assert localise_date("2024-11-30T23:30:00+02:00", "uk") == "30 листопада 2024"
    assert localise_date("2024-03-01T08:00:00Z", "ru") == "1 марта 2024"


@pytest.mark.parametrize("bad", ["9 January 2024", "2024-13-01", "", "yesterday"])
def test_localise_date_rejects_what_is_not_an_iso_date(bad: str):
    with pytest.raises(SourceError, match="not an ISO 8601 date"):
        localise_date(bad, "uk")


def test_unknown_language_is_an_l10n_error():
    with pytest.raises(L10nError, match="unknown language"):
        localise_date("2024-01-09", "xx-nope")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_localised_dates_read_back(day: date):
    for lang in ("uk", "ru", "en"):
        text = localise_date(day.isoformat(), lang)
        assert str(day.year) in text and str(day.day) in text
        assert not re.search(r"\d{4}\s*(р|г)\.", text)  # no year abbreviation
        assert read_date(text, lang) == day


@pytest.mark.parametrize(("value", "lang", "expected"), [
    ("1234567.5", "uk", "1\xa0234\xa0567,5"),
    ("1234567.5", "ru", "1\xa0234\xa0567,5"),
    ("1234567.5", "en", "1,234,567.5"),
    (42, "uk", "42"),
    ("0.25", "ru", "0,25"),
    ("3.10", "en", "3.10"),
])
def test_localise_number(value, lang: str, expected: str):
    assert localise_number(value, lang) == expected


@pytest.mark.parametrize("bad", ["1,5", "many", "nan", "inf", True])
def test_localise_number_rejects_what_is_not_a_number(bad):
    with pytest.raises(SourceError, match="not a number"):
        localise_number(bad, "uk")


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("2024-01-09", "en", date(2024, 1, 9)),
    ("on January 9th, 2024", "en", date(2024, 1, 9)),
    ("9 Jan. 2024", "en", date(2024, 1, 9)),
    ("9 січня 2024 р.", "uk", date(2024, 1, 9)),
    ("Mayday 2024", "en", None),
    ("January 2024", "en", None),
    ("February 30, 2024", "en", None),
])
def test_read_date(text: str, lang: str, expected: date | None):
    assert read_date(text, lang) == expected


def test_date_line_with_a_marker():
    marker = re.compile(r"^Published:")
    source = "Published: January 9, 2024"
    assert localise_date_line(source, source, marker, "en", "uk") == (
        "Published: 9 січня 2024", 1)
    # A translation that kept the English date gets the localised one ...
    assert localise_date_line("Опубліковано: January 9, 2024", source, marker, "en", "ru") \
        == ("Опубліковано: 9 января 2024", 1)
    # ... and one where the translator already wrote it is left alone.
    assert localise_date_line("Опубліковано 9 січня", source, marker, "en", "uk") == (
        "Опубліковано 9 січня", 0)


def test_date_line_with_a_date_group_and_an_unrelated_unit():
    pattern = re.compile(r"Updated (?P<date>\d{4}-\d{2}-\d{2})")
    assert localise_date_line("Updated 2024-01-09 at noon", "Updated 2024-01-09 at noon",
                              pattern, "en", "en") == ("Updated January 9, 2024 at noon", 1)
    assert localise_date_line("Інше речення", "Another sentence", pattern, "en", "uk") == (
        "Інше речення", 0)


def test_an_unreadable_date_on_a_date_line_names_the_file_and_line():
    with pytest.raises(SourceError) as info:
        localise_date_line("x", "Published: soon", re.compile("^Published:"), "en", "uk",
                           path="source/a.txt", line=5)
    assert str(info.value).startswith("source/a.txt:5: date line: cannot read a date")


def test_compose_localises_the_date_line():
    text = "Talks in Bucharest\n\nPublished: January 9, 2024\n\nThe presidents met.\n"
    art = article(text)
    cat = catalog({"Talks in Bucharest": "Переговори", "The presidents met.": "Зустріч."})
    result = compose(art, cat, "uk", date_line=re.compile("^Published:"))
    assert result.text == "Переговори\n\nPublished: 9 січня 2024\n\nЗустріч.\n"
    assert result.dates == 1


def test_render_is_untouched_by_composition():
    art = article()
    compose(art, catalog(FULL), "uk")
    assert render(art) == TEXT
