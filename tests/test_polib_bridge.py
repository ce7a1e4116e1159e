"""The polib bridge is lossless both ways, on real catalogs (Django's and Sphinx's, written
by Transifex and Babel) and on the catalogs l10n writes (fuzzy entries, #| previous
source, obsolete entries, plural forms)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n import from_polib, pofile, to_polib
from l10n.model import Catalog, Message

REPO = Path(__file__).resolve().parent.parent
REAL = sorted((REPO / "tests" / "data" / "real-po").rglob("*.po"))
OURS = sorted([*(REPO / "locales").rglob("*.po"), *(REPO / "locales").glob("*.pot"),
               REPO / "tests" / "fixtures" / "seed-uk.po",
               *(REPO / "tests" / "fixtures" / "check").rglob("*.po")])
CATALOGS = REAL + OURS


def test_there_are_real_catalogs_with_plurals_and_contexts() -> None:
    assert len(REAL) >= 6
    text = "".join(p.read_text(encoding="utf-8") for p in REAL)
    assert text.count("msgid_plural") > 50 and text.count("msgctxt") > 50


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(REPO)))
def test_polib_and_l10n_read_the_same_catalog(path: Path) -> None:
    assert from_polib(polib.pofile(str(path))) == pofile.read(path)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(REPO)))
def test_a_polib_file_survives_the_round_trip(path: Path) -> None:
    po = polib.pofile(str(path))
    back = to_polib(from_polib(po))
    assert str(back) == str(po)
    assert [e.linenum for e in back] == [e.linenum for e in po]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(REPO)))
def test_an_l10n_catalog_survives_the_round_trip(path: Path) -> None:
    catalog = pofile.read(path)
    back = from_polib(to_polib(catalog))
    assert back == catalog
    assert [m.lineno for m in back.messages] == [m.lineno for m in catalog.messages]
    assert pofile.dumps(back) == pofile.dumps(catalog)


def test_a_polib_script_edits_an_l10n_catalog(tmp_path: Path) -> None:
    """What a newsroom's existing script does: open with polib, change, hand back."""
    source = REPO / "tests" / "data" / "real-po" / "django" / "humanize-uk.po"
    po = to_polib(pofile.read(source))
    entry = po.find("%(value)s million", by="msgid_plural") or next(
        e for e in po if e.msgid_plural)
    entry.flags.append("fuzzy")
    entry.tcomment = "checked by the desk"
    catalog = from_polib(po)
    edited = next(m for m in catalog.messages if m.msgid == entry.msgid)
    assert edited.fuzzy and edited.translator_comments == ["checked by the desk"]
    assert len(edited.msgstr_plural) == len(entry.msgstr_plural) == 4
    written = tmp_path / "humanize-uk.po"
    written.write_text(pofile.dumps(catalog), encoding="utf-8")
    assert from_polib(polib.pofile(str(written))) == pofile.read(written)


_text = st.text(alphabet="ab %{}\\\"\nїЄ", max_size=8)
_word = st.text(alphabet="abcxyz", min_size=1, max_size=6)


@st.composite
def messages(draw: st.DrawFn) -> Message:
    plural = draw(st.booleans())
    msgid = draw(_text.filter(bool))
    m = Message(msgid=msgid, msgctxt=draw(st.none() | _text),
                translator_comments=draw(st.lists(_word, max_size=2)),
                extracted_comments=draw(st.lists(_word, max_size=2)),
                references=draw(st.lists(st.builds(lambda a, n: f"{a}.txt:{n}" if n else
                                                   f"{a}.txt", _word, st.integers(0, 99)),
                                         max_size=3)),
                flags=draw(st.lists(st.sampled_from(["fuzzy", "python-format", "no-wrap"]),
                                    max_size=2, unique=True)),
                previous_msgid=draw(st.none() | _text.filter(bool)),
                obsolete=draw(st.booleans()))
    if plural:
        m.msgid_plural = draw(_text.filter(bool))
        m.msgstr_plural = draw(st.lists(_text, min_size=1, max_size=4))
    else:
        m.msgstr = draw(_text)
    return m


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(messages(), max_size=6),
       st.dictionaries(st.sampled_from(["Language", "Plural-Forms", "X-Desk"]), _word),
       st.lists(_word, max_size=3))
def test_any_catalog_goes_to_polib_and_back_unchanged(messages: list[Message],
                                                      headers: dict[str, str],
                                                      comments: list[str]) -> None:
    catalog = Catalog(header_comments=comments, headers=headers, messages=messages)
    assert from_polib(to_polib(catalog)) == catalog
