"""Our catalogs read the same in polib, the .po library most Python tools use.

polib is an independent reader: whatever l10n writes must come out of it with the same
entries, translations, flags, contexts, previous msgids and obsolete marks, so that other
tools in a newsroom's chain (scripts, CAT connectors) see what l10n meant.
"""

from __future__ import annotations

from pathlib import Path

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n import pofile
from l10n.model import Catalog, Message

REPO = Path(__file__).resolve().parent.parent


def _ours(catalog: Catalog) -> list[tuple]:
    # polib does not read the previous msgid of an obsolete entry (#~|): leave it out there.
    return sorted(
        ((m.msgctxt, m.msgid, m.msgid_plural, m.msgstr if m.msgid_plural is None else "",
          tuple(m.msgstr_plural), m.fuzzy, m.obsolete,
          None if m.obsolete else m.previous_msgid)
         for m in catalog.messages
         if not m.obsolete or (m.msgstr_plural[0] if m.msgid_plural is not None else m.msgstr)),
        key=repr)


def _polib(text: str) -> list[tuple]:
    po = polib.pofile(text)
    return sorted(
        ((e.msgctxt, e.msgid, e.msgid_plural or None, e.msgstr if not e.msgid_plural else "",
         tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural)), "fuzzy" in e.flags,
         bool(e.obsolete), None if e.obsolete else e.previous_msgid)
        for e in po), key=repr)


def test_the_shipped_catalogs_read_the_same_in_polib():
    paths = sorted((REPO / "locales").rglob("*.po")) + sorted((REPO / "locales").glob("*.pot"))
    assert len(paths) >= 3
    for path in paths:
        text = path.read_text(encoding="utf-8")
        ours = pofile.parse(text, path)
        assert _polib(text) == _ours(ours), path
        po = polib.pofile(text)
        assert po.metadata == ours.headers
        for entry, msg in zip(po, [m for m in ours.messages if not m.obsolete], strict=False):
            assert entry.comment.splitlines() == msg.extracted_comments
            assert [f"{f}:{n}" if n else f for f, n in entry.occurrences] == msg.references


_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) |
                st.sampled_from(["\n", "\t", '"', "\\", "«", "»", "—", "ї"]), max_size=120)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.tuples(_text.filter(bool), _text, st.booleans(), st.booleans(),
                          st.one_of(st.none(), st.just("headline")),
                          st.one_of(st.none(), _text.filter(bool))),
                max_size=8, unique_by=lambda t: (t[4], t[0])))
def test_generated_catalogs_read_the_same_in_polib(entries):
    catalog = Catalog(headers={"Language": "uk", "Content-Type": "text/plain; charset=UTF-8",
                               "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 "
                               ": n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"})
    for msgid, msgstr, fuzzy, obsolete, ctxt, previous in entries:
        m = Message(msgid=msgid, msgstr=msgstr, msgctxt=ctxt, obsolete=obsolete and bool(msgstr),
                    previous_msgid=previous if fuzzy and msgstr else None)
        m.fuzzy = fuzzy and bool(msgstr)
        catalog.messages.append(m)
    text = pofile.dumps(catalog)
    assert _polib(text) == _ours(pofile.parse(text))
