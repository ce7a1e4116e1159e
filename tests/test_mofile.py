"""The .mo writer: byte-identical to GNU msgfmt, readable by Python's gettext."""

from __future__ import annotations

import gettext
import io
import random
import subprocess
from pathlib import Path

import pytest

from l10n import mofile, pofile
from l10n.model import Catalog, Message

HEADERS = {"Project-Id-Version": "test", "POT-Creation-Date": "2024-01-01 00:00+0000",
           "Language": "uk", "MIME-Version": "1.0",
           "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
           "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
                           "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"}


def catalog(n: int, seed: int = 1) -> Catalog:
    rng = random.Random(seed)
    words = ["Україна", "security", "гарантії", "NATO", "Румунія", "talks", "x" * 50, "ß"]
    cat = Catalog(headers=dict(HEADERS))
    for i in range(n):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) + f" {i}"
        m = Message(msgid=text, msgstr="[uk] " + text)
        r = rng.random()
        if r < 0.1:
            m.fuzzy = True
        elif r < 0.2:
            m.msgstr = ""
        elif r < 0.3:
            m.msgctxt = f"ctx {i % 7}"
        elif r < 0.4:
            m.msgid_plural = text + " (many)"
            m.msgstr, m.msgstr_plural = "", [f"{i} один", f"{i} два", f"{i} багато"]
        elif r < 0.45:
            m.obsolete = True
        cat.messages.append(m)
    return cat


def msgfmt(cat: Catalog, tmp_path: Path) -> bytes:
    po = tmp_path / "x.po"
    po.write_text(pofile.dumps(cat), encoding="utf-8")
    subprocess.run(["msgfmt", "-o", str(tmp_path / "x.mo"), str(po)], check=True)
    return (tmp_path / "x.mo").read_bytes()


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, 8, 30, 500])
def test_identical_to_msgfmt(n: int, tmp_path: Path) -> None:
    cat = catalog(n, seed=n)
    assert mofile.dumps(pofile.parse(pofile.dumps(cat))) == msgfmt(cat, tmp_path)


def test_fuzzy_header_is_kept_like_msgfmt(tmp_path: Path) -> None:
    cat = catalog(10)
    cat.header_flags = ["fuzzy"]
    assert mofile.dumps(cat) == msgfmt(cat, tmp_path)


def test_loads_with_python_gettext() -> None:
    cat = catalog(300)
    t = gettext.GNUTranslations(io.BytesIO(mofile.dumps(cat)))
    checked = 0
    for m in cat.messages:
        if m.obsolete:
            continue
        if m.msgid_plural is not None:
            expected = m.msgstr_plural if m.translated else [m.msgid] + [m.msgid_plural] * 2
            assert [t.ngettext(m.msgid, m.msgid_plural, n) for n in (1, 3, 5)] == expected
        elif m.msgctxt is not None:
            want = m.msgstr if m.translated else m.msgid
            assert t.pgettext(m.msgctxt, m.msgid) == want
        else:
            assert t.gettext(m.msgid) == (m.msgstr if m.translated else m.msgid)
        checked += 1
    assert checked > 250
    assert t.info()["language"] == "uk"


def test_hash_drops_a_carry_past_bit_31_like_msgfmt(tmp_path: Path) -> None:
    # After seven 0x0F bytes the hash is 0x0FFFFFFF; the next step carries past bit 31.
    cat = Catalog(headers=dict(HEADERS))
    cat.messages = [Message(msgid=f"key {i}", msgstr=f"value {i}") for i in range(40)]
    cat.messages.append(Message(msgid="\x0f" * 7 + "é", msgstr="carry"))
    assert mofile.dumps(pofile.parse(pofile.dumps(cat))) == msgfmt(cat, tmp_path)


def test_hashes_of_many_keys_at_once_equal_one_by_one() -> None:
    rng = random.Random(7)
    keys = [bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 7, 8, 30, 200, 1500])))
            for _ in range(1300)]
    keys += [b"\x0f" * 7 + b"\xc3\xa9", b"msgid\0plural", b""]
    assert mofile._hashes(keys) == [mofile._hash(k) for k in keys]
