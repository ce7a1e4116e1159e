"""The .po reader and writer, with GNU msgcat and msgfmt as the oracle."""

from __future__ import annotations

import ctypes
import ctypes.util
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n import linebreak, pofile
from l10n.errors import CatalogError
from l10n.model import Catalog, Message

HEADERS = {"Project-Id-Version": "test", "Language": "uk", "MIME-Version": "1.0",
           "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
           "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
                           "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"}

# Pieces that exercise msgcat's line breaking: hyphens, dashes, slashes, URLs, quotes,
# escapes, Cyrillic, wide characters, combining marks, words longer than a line.
PIECES = ["word", "multi-level", "Україна", "безпеки", "тест-драйв", "a", "I", "—", "–", "-",
          "/", "and/or", "50%", "$12", "3.5", "1,000", "(note)", "[x]", "«цитата»",
          "“quoted”", '"q"', "\\", "\t", "\n", "it's", "e.g.", "U.S.", "Hello!", "why?",
          "a;b", "a:b", "x_y", "#tag", "http://example.com/a-b/c", "—word", "word—",
          "10-20", "A-1", "co-op", "  ", "ok,", "…", "·", "+", "<b>", "&amp;", "%s",
          "{name}", "é", "ß", "中文", "🙂", "\u00a0", "\r", "\x01", "e\u0301", "\u200b",
          "Зеленський", "Йоганніс", "RBC-Ukraine"]
# More characters of news text: one column wide, except the soft hyphen (none).
MORE_PIECES = ["₴100", "№ 5", "€", "‰", "„так“", "na\u00adtion", "‘a’", "–5", "x″"]


def random_text(rng: random.Random, most: int = 40) -> str:
    parts = []
    for _ in range(rng.randint(0, most)):
        parts.append(rng.choice(PIECES + ["x" * rng.randint(30, 90)]))
        parts.append(rng.choice([" ", " ", " ", "", "-"]))
    return "".join(parts)


def random_comment(rng: random.Random) -> str:
    # msgcat's reader joins a line ending in a backslash with the next: avoid it here.
    return random_text(rng).replace("\n", " ").replace("\r", " ").rstrip("\\")


def no_opportunities(values: object, shortest: int) -> linebreak.Opportunities:
    """In place of ``linebreak.opportunities``: every string broken on its own."""
    return linebreak.Opportunities()


def random_catalog(seed: int, n: int) -> Catalog:
    rng = random.Random(seed)
    cat = Catalog(header_comments=["Test catalog.", "", "Second line."], headers=HEADERS)
    for i in range(n):
        m = Message(msgid=random_text(rng) + f" #{i}", msgstr=random_text(rng))
        r = rng.random()
        if r < 0.1:
            m.msgctxt = random_text(rng, 8)
        if r > 0.85:
            m.msgid_plural = random_text(rng)
            m.msgstr = ""
            m.msgstr_plural = [random_text(rng) for _ in range(3)]
        if rng.random() < 0.4:
            m.references = [f"source/{rng.choice(['a', 'b-c', 'long_name'] )}-"
                            f"{'x' * rng.randint(1, 40)}.txt:{rng.randint(1, 9999)}"
                            for _ in range(rng.randint(1, 8))]
        if rng.random() < 0.3:
            m.extracted_comments = [random_comment(rng), "paragraph, block 3"]
        if rng.random() < 0.3:
            m.translator_comments = [random_comment(rng), ""]
        if rng.random() < 0.3:
            m.flags = ["fuzzy"]
            m.previous_msgid = random_text(rng)
            if rng.random() < 0.3:
                m.previous_msgctxt = random_text(rng, 5)
        if rng.random() < 0.15:
            m.obsolete = True
        cat.messages.append(m)
    return cat


def msgcat(text: str, tmp_path: Path, *args: str) -> str:
    src = tmp_path / "in.po"
    out = tmp_path / "out.po"
    src.write_text(text, encoding="utf-8")
    subprocess.run(["msgcat", *args, str(src), "-o", str(out)], check=True,
                   capture_output=True)
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("seed", "width"), [(1, 79), (2, 79), (3, 79), (4, 60), (5, 40),
                                             (6, 0), (7, 120)])
def test_writer_matches_msgcat(seed: int, width: int, tmp_path: Path) -> None:
    text = pofile.dumps(random_catalog(seed, 250), width)
    args = ("--no-wrap",) if width == 0 else ("-w", str(width))
    assert msgcat(text, tmp_path, *args) == text
    assert pofile.dumps(pofile.parse(text), width) == text


@pytest.mark.parametrize("width", [79, 50])
def test_writer_matches_msgcat_on_more_characters(
        width: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "PIECES", PIECES + MORE_PIECES * 3)
    text = pofile.dumps(random_catalog(width, 250), width)
    assert msgcat(text, tmp_path, "-w", str(width)) == text


def test_breaks_after_hyphen_like_msgcat(tmp_path: Path) -> None:
    msgid = ("The ministry approved a multi-level plan for the long-term reconstruction of "
             "the country's energy-distribution networks")
    cat = Catalog(headers=HEADERS, messages=[Message(msgid=msgid)])
    text = pofile.dumps(cat)
    assert msgcat(text, tmp_path) == text
    assert '"The ministry approved a multi-level plan for the long-term reconstruction of "' \
        in text.splitlines()


def test_seed_catalogs_are_canonical(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent / "locales"
    for path in sorted(root.rglob("*.po*")):
        text = path.read_text(encoding="utf-8")
        assert pofile.dumps(pofile.read(path)) == text
        assert msgcat(text, tmp_path) == text


def test_msgfmt_accepts_output(tmp_path: Path) -> None:
    cat = random_catalog(11, 200)
    for m in cat.messages:  # msgfmt -c wants msgid and msgstr to agree on final newlines
        m.msgid = m.msgid.rstrip("\n") + "."
        m.msgstr = m.msgstr.rstrip("\n")
        m.msgid_plural = m.msgid_plural and m.msgid_plural.rstrip("\n")
        m.msgstr_plural = [s.rstrip("\n") for s in m.msgstr_plural]
        m.msgstr = m.msgstr.lstrip("\n")
        m.msgid = m.msgid.lstrip("\n")
        m.msgid_plural = m.msgid_plural and m.msgid_plural.lstrip("\n")
        m.msgstr_plural = [s.lstrip("\n") for s in m.msgstr_plural]
    path = tmp_path / "x.po"
    path.write_text(pofile.dumps(cat), encoding="utf-8")
    done = subprocess.run(["msgfmt", "-c", "-o", str(tmp_path / "x.mo"), str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_obsolete_untranslated_entries_are_dropped_like_msgcat() -> None:
    cat = Catalog(headers=HEADERS, messages=[
        Message(msgid="gone", obsolete=True),
        Message(msgid="kept", msgstr="лишився", obsolete=True, previous_msgid="kep",
                flags=["fuzzy"]),
    ])
    text = pofile.dumps(cat)
    assert "gone" not in text
    assert '#, fuzzy\n#~| msgid "kep"\n#~ msgid "kept"\n#~ msgstr "лишився"\n' in text
    back = pofile.parse(text)
    assert back.messages[0].obsolete and back.messages[0].previous_msgid == "kep"


def test_fallback_wrapping_without_libunistring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linebreak, "_UNISTRING", (None, None))
    cat = random_catalog(8, 100)
    text = pofile.dumps(cat)
    assert pofile.dumps(pofile.parse(text)) == text
    for line in text.splitlines():
        body = line[1:-1].rstrip(" ")  # like msgcat, spaces may hang past the width
        if line.startswith('"') and " " in body:
            assert len(body) + 2 <= 79 or "xxxxxxxxxx" in line


@pytest.mark.parametrize("seed", range(4))
def test_breaking_all_strings_at_once_equals_one_by_one(
        seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "PIECES", PIECES + MORE_PIECES)
    cat = random_catalog(seed, 60)
    monkeypatch.setattr(linebreak, "_BATCH", 7)  # several libunistring calls
    at_once = pofile.dumps(cat)
    monkeypatch.setattr(linebreak, "opportunities", no_opportunities)
    assert pofile.dumps(cat) == at_once


@pytest.mark.parametrize("seed", range(6))
def test_common_entry_layout_equals_the_general_one(
        seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    cat = random_catalog(seed, 150)
    rng = random.Random(seed)
    for m in cat.messages[::3]:  # more entries of the common shape: no flags, no context
        m.flags, m.msgctxt, m.previous_msgid, m.previous_msgctxt = [], None, None, None
        m.translator_comments, m.msgid_plural, m.msgstr_plural = [], None, []
        m.msgstr = " ".join(rng.choice(["word", "слово", "multi-level", "U.S.", "x" * 70])
                            for _ in range(rng.randint(0, 30)))
    fast = {width: pofile.dumps(cat, width) for width in (79, 40, 0)}
    monkeypatch.setattr(pofile, "_common_entries", lambda messages, width: [None] * len(messages))
    assert {width: pofile.dumps(cat, width) for width in (79, 40, 0)} == fast


TRICKY_ENTRIES = [
    'msgid "a"\nmsgstr "b" \n',  # a blank after the closing quote
    'msgid "a"\nmsgstr "b"',  # no final newline
    'msgid "a"\nmsgstr ""\n"b"\n"c"\n',
    'msgid "a"\nmsgstr\n',  # no string: an error
    'msgid "a"\nmsgstr "x"y"\n',  # a stray quote: an error
    'msgid "a"\n"b\nmsgstr "c"\n',  # an unterminated line: an error
    '#: a.txt:1\n#. note\n# mine\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n',
    '#| msgid "old"\nmsgid "a"\nmsgstr "b"\n',
    '#~ msgid "a"\n#~ msgstr "b"\n',
    '#: a.txt:1\nmsgctxt "c"\nmsgid "a"\nmsgstr "b"\n',
    'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n\n\n\nmsgid "c"\nmsgstr "d"\n',
    'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',  # a duplicate
    'msgid "a\\tb"\nmsgstr "c"\n',
    'msgid "a"\r\nmsgstr "b"\r\n',
    '#:\nmsgid "a"\nmsgstr "b"\n',
    'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\n',
]


@pytest.mark.parametrize("text", TRICKY_ENTRIES)
def test_plain_entry_reader_agrees_with_the_general_parser(
        text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def outcome() -> object:
        try:
            cat = pofile.parse(text, "x.po")
        except CatalogError as exc:
            return ("error", exc.line, exc.message)
        return (cat.headers, [(m, m.lineno) for m in cat.messages])

    fast = outcome()
    monkeypatch.setattr(pofile, "_plain_at", lambda *args: None)
    assert outcome() == fast


@pytest.mark.skipif(not linebreak.exact_wrapping(), reason="needs GNU libunistring")
def test_narrow_characters_are_one_column_for_libunistring() -> None:
    lib = ctypes.CDLL(ctypes.util.find_library("unistring") or "libunistring.so.2")
    lib.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    narrow = [c for c in range(0x2200) if linebreak.NARROW_RE.fullmatch(chr(c))]
    assert len(narrow) > 1000
    assert all(lib.uc_width(c, b"UTF-8") == 1 for c in narrow)


# ------------------------------------------------------------------------------ reading

@given(st.lists(st.tuples(st.text(min_size=1), st.text(), st.none() | st.text()),
                max_size=20, unique_by=lambda t: (t[2], t[0])))
@settings(max_examples=60, deadline=None)
def test_roundtrip(entries: list[tuple[str, str, str | None]]) -> None:
    cat = Catalog(headers=dict(HEADERS))
    for msgid, msgstr, ctxt in entries:
        cat.messages.append(Message(msgid=msgid, msgstr=msgstr, msgctxt=ctxt))
    back = pofile.parse(pofile.dumps(cat))
    assert [(m.msgid, m.msgstr, m.msgctxt) for m in back.messages] == entries
    assert back.headers == cat.headers


BAD = [
    ('msgid "a"\nmsgstr "b\n', 2, "unterminated string"),
    ('msgid "a"\nmsgstr "\\q"\n', 2, "invalid escape sequence '\\q'"),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4, "duplicate message definition "
     "(first defined at line 1)"),
    ('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 3, "msgid without msgstr before it"),
    ('msgid "a"\nmsgstr "b"\nfoo "c"\n', 3, "syntax error"),
    ('"c"\n', 1, "string continuation without a keyword"),
    ('msgid "a"\nmsgstr[0] "b"\n', 2, "msgstr[0] without msgid_plural"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', 3, "needs an index"),
    ('msgid "a"\nmsgstr "x"y"\n', 2, "unescaped"),
    ('msgid "a"\nmsgstr\n', 2, "msgstr without a string"),
    ('msgid "a"\n', 1, "msgid without msgstr"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD)
def test_errors_name_line_and_cause(text: str, line: int, message: str) -> None:
    with pytest.raises(CatalogError) as info:
        pofile.parse(text, "x.po")
    assert info.value.line == line
    assert message in info.value.message
    assert str(info.value).startswith(f"x.po:{line}: ")


def test_encoding_errors(tmp_path: Path) -> None:
    path = tmp_path / "latin.po"
    path.write_bytes(b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                     b'msgid "a"\nmsgstr "caf\xe9"\n')
    with pytest.raises(CatalogError, match="not valid UTF-8") as info:
        pofile.read(path)
    assert info.value.line == 5
    path.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n',
                    encoding="utf-8")
    with pytest.raises(CatalogError, match="charset ISO-8859-1 is not supported"):
        pofile.read(path)


def test_reads_msgcat_features() -> None:
    text = ('# translator\n#. extracted\n#: a.txt:1 b.txt:2\n#, fuzzy, python-format\n'
            '#| msgctxt "old ctx"\n#| msgid "old "\n#| "text"\nmsgctxt "ctx"\n'
            'msgid "new"\nmsgid_plural "news"\nmsgstr[0] "н"\nmsgstr[1] "нн"\n'
            'msgstr[2] "ннн"\n\n#~ msgid "gone"\n#~ msgstr "пішов"\n')
    cat = pofile.parse(text)
    m, gone = cat.messages
    assert m.translator_comments == ["translator"] and m.extracted_comments == ["extracted"]
    assert m.references == ["a.txt:1", "b.txt:2"] and m.flags == ["fuzzy", "python-format"]
    assert (m.previous_msgctxt, m.previous_msgid) == ("old ctx", "old text")
    assert m.msgstr_plural == ["н", "нн", "ннн"] and m.lineno == 1
    assert gone.obsolete and gone.msgstr == "пішов" and gone.lineno == 15


@pytest.mark.parametrize("width", [5, 12, 21])
def test_narrow_widths_break_all_at_once_as_one_by_one(
        width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    cat = Catalog(headers=HEADERS, messages=[
        Message(msgid="", msgctxt="ctx"), Message(msgid="a b c d e f g h i j k"),
        Message(msgid="untranslated", msgstr=""), Message(msgid="x", msgstr="y z w v")])
    at_once = pofile.dumps(cat, width)
    monkeypatch.setattr(linebreak, "opportunities", no_opportunities)
    assert pofile.dumps(cat, width) == at_once
