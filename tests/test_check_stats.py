"""Completeness counts equal what GNU ``msgfmt --statistics`` reports: on every catalog in the
repository (fixtures included) and on synthetic catalogs."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n import pofile
from l10n.check import Stats, stats
from l10n.model import Catalog, Message

REPO = Path(__file__).resolve().parent.parent
CATALOGS = sorted(p for folder in (REPO / "locales", REPO / "tests" / "fixtures")
                  for p in folder.rglob("*.po*") if p.suffix in (".po", ".pot"))
# Files msgfmt cannot count (no header: it stops) are left to the validity tests.
UNCOUNTABLE = {"no-header.po"}


def msgfmt_counts(path: Path) -> tuple[int, int, int]:
    proc = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True, errors="replace")
    line = proc.stderr.strip().splitlines()[-1]

    def count(word: str) -> int:
        m = re.search(rf"(\d+) {word}", line)
        return int(m.group(1)) if m else 0

    return count("translated"), count("fuzzy"), count("untranslated")


def ours(path: Path) -> tuple[int, int, int]:
    s = stats(pofile.read(path))
    return s.translated, s.fuzzy, s.untranslated


@pytest.mark.parametrize("path", [p for p in CATALOGS if p.name not in UNCOUNTABLE],
                         ids=lambda p: str(p.relative_to(REPO)))
def test_counts_match_msgfmt_on_every_catalog_in_the_repository(path: Path):
    assert ours(path) == msgfmt_counts(path)


def test_the_repository_has_catalogs_to_count():
    assert len(CATALOGS) >= 10


def test_counting_rules():
    def entry(msgstr: str = "", fuzzy: bool = False, plural: list[str] | None = None,
              obsolete: bool = False) -> Message:
        m = Message(msgid="x", msgstr=msgstr, flags=["fuzzy"] if fuzzy else [],
                    obsolete=obsolete)
        if plural is not None:
            m.msgid_plural, m.msgstr_plural = "xs", plural
        return m

    catalog = Catalog(messages=[
        entry("a"), entry("a", fuzzy=True), entry("", fuzzy=True), entry(""),
        entry(plural=["a", ""]),  # first form given: msgfmt counts it translated
        entry(plural=["", "b"], fuzzy=True),  # first form empty: untranslated
        entry(plural=["a", "b"], fuzzy=True), entry("o", obsolete=True),
    ])
    s = stats(catalog)
    assert (s.translated, s.fuzzy, s.untranslated, s.obsolete) == (2, 2, 3, 1)
    assert (s.translated_words, s.fuzzy_words, s.untranslated_words) == (2, 2, 3)
    assert Stats().percent == 100.0
    assert Stats(translated=1, fuzzy=1, untranslated=2).percent == 25.0


def test_one_percentage_rounded_down_to_one_decimal():
    """2 of 13 is 15.38...: shown 15.3 everywhere; 99.96 % is not shown as 100.0."""
    assert Stats(translated=2, untranslated=11).percent == 15.3
    assert Stats(translated=3, untranslated=10).percent == 23.0
    assert Stats(translated=2499, untranslated=1).percent == 99.9
    assert Stats(translated=1, untranslated=2).percent == 33.3
    assert Stats(translated=2, untranslated=1).percent == 66.6
    assert Stats(translated=1, fuzzy=1).percent_with_fuzzy() == 100.0


def test_words_are_counted_as_translators_are_paid():
    from l10n.stats import words

    assert words("Don't stop: F-16s cost $2.5 million, said U.S. officials.") == 9
    assert words("Зеленський і Йоханніс обговорили гарантії безпеки.") == 6
    assert words("— … «»") == 0


_text = st.text(alphabet="abcxyz АБВгдє їі 0123456789.,!?«»\"'\\%{}", min_size=1, max_size=12)
_entry = st.fixed_dictionaries({
    "plural": st.booleans(),
    "forms": st.lists(st.one_of(st.just(""), _text), min_size=2, max_size=2),
    "fuzzy": st.booleans(),
    "obsolete": st.sampled_from([False, False, False, True]),
    "context": st.one_of(st.none(), st.just("ctx")),
})


def _catalog(entries: list[dict]) -> Catalog:
    catalog = Catalog(headers={"Project-Id-Version": "synthetic", "Language": "en",
                               "MIME-Version": "1.0",
                               "Content-Type": "text/plain; charset=UTF-8",
                               "Content-Transfer-Encoding": "8bit",
                               "Plural-Forms": "nplurals=2; plural=(n != 1);"})
    for i, e in enumerate(entries):
        m = Message(msgid=f"message {i}", msgctxt=e["context"],
                    flags=["fuzzy"] if e["fuzzy"] else [], obsolete=e["obsolete"])
        if e["plural"]:
            m.msgid_plural = f"messages {i}"
            m.msgstr_plural = list(e["forms"])
        else:
            m.msgstr = e["forms"][0]
        catalog.messages.append(m)
    return catalog


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_entry, max_size=25))
def test_counts_match_msgfmt_on_synthetic_catalogs(entries: list[dict]):
    catalog = _catalog(entries)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.po"
        path.write_text(pofile.dumps(catalog), encoding="utf-8")
        reread = stats(pofile.read(path))
        assert (reread.translated, reread.fuzzy, reread.untranslated) == msgfmt_counts(path)
        # Obsolete entries whose (first) msgstr is empty are dropped on writing, as msgcat
        # does.
        kept = [m for m in catalog.messages if not m.obsolete
                or (m.msgstr_plural[0] if m.msgid_plural is not None else m.msgstr)]
        assert reread == stats(Catalog(headers=catalog.headers, messages=kept))
