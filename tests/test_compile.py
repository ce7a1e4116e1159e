"""`l10n compile`: .mo catalogs, publication threshold, previews, outputs on disk.

The test catalogs are built here from the seed article's template: every sentence is
spelt in Cyrillic letters (a recognisable stand-in for a translation), so any English left
in an output is a unit that was not translated.
"""

from __future__ import annotations

import gettext
import io
import os
import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from l10n import mofile, pipeline, pofile
from l10n.cli import app
from l10n.errors import ConfigError
from l10n.formats.text import TextFormat
from l10n.model import Article, Catalog, Message, Unit
from l10n.project import Project

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "source" / "zelenskyy-iohannis-security-guarantees.txt"
SLUG = SEED.stem
UNITS = 24  # units of the seed article (its title stands twice)
ENTRIES = 23  # entries of its catalogs: one per distinct sentence

_LATIN = "abcdefghijklmnopqrstuvwxyz"
_CYRILLIC = {
    "uk": ["а", "б", "ц", "д", "е", "ф", "г", "х", "і", "й", "к", "л", "м", "н", "о", "п",
           "к", "р", "с", "т", "у", "в", "в", "кс", "и", "з"],
    "ru": ["а", "б", "ц", "д", "е", "ф", "г", "х", "и", "й", "к", "л", "м", "н", "о", "п",
           "к", "р", "с", "т", "у", "в", "в", "кс", "ы", "з"],
}


def pseudo(text: str, lang: str) -> str:
    """The text spelt in Cyrillic letters: punctuation, digits and spacing are kept."""
    table = dict(zip(_LATIN, _CYRILLIC[lang], strict=True))
    out = []
    for ch in text:
        low = table.get(ch.lower())
        out.append(ch if low is None else (low if ch.islower() else low.capitalize()))
    return "".join(out)


def make_project(root: Path, config: str = "") -> Path:
    (root / "source").mkdir(parents=True)
    shutil.copy(SEED, root / "source" / SEED.name)
    (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["uk", "ru", "en"]\n'
                                    + config, encoding="utf-8")
    project = Project.load(root)
    pipeline.extract(project)
    pipeline.update(project)
    return root


def po_path(root: Path, lang: str) -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po"


def fill(root: Path, lang: str, leave_out: int = 0, fuzzy: int = 0) -> Catalog:
    """Translate every entry but the last ``leave_out``; mark the first ``fuzzy`` fuzzy."""
    path = po_path(root, lang)
    catalog = pofile.parse(path.read_text(encoding="utf-8"), path)
    active = catalog.active()
    for k, msg in enumerate(active):
        msg.msgstr = pseudo(msg.msgid, lang) if k < len(active) - leave_out else ""
        msg.fuzzy = k < fuzzy
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    return catalog


def output(root: Path, lang: str, dist: str = "dist") -> Path:
    return root / dist / lang / SEED.name


def compile_(root: Path, **options):
    return pipeline.compile(Project.load(root), **options)


@pytest.fixture
def complete(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "p")
    fill(root, "uk")
    fill(root, "ru")
    return root


# -- composing the seed article


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_complete_catalogs_translate_every_sentence_and_keep_the_layout(complete: Path,
                                                                        lang: str):
    report = compile_(complete)
    out = output(complete, lang)
    assert out in report.written
    source_lines = SEED.read_text(encoding="utf-8").split("\n")
    lines = out.read_text(encoding="utf-8").split("\n")
    assert len(lines) == len(source_lines)
    assert lines[0] == source_lines[0] == "ua en ru"  # the switcher stays as it is
    for mine, theirs in zip(lines[1:], source_lines[1:], strict=True):
        assert (mine.strip() == "") == (theirs.strip() == "")  # blank lines where they were
        assert not re.search("[A-Za-z]", mine), mine  # nothing left in English
        assert mine == pseudo(theirs, lang)
    assert f"{lang}, 100.0% translated ({ENTRIES} of {ENTRIES} entries)" in \
        "\n".join(report.lines)


def test_output_parses_again_with_the_same_blocks(complete: Path):
    compile_(complete)
    source = TextFormat().parse(SEED.read_text(encoding="utf-8"), slug=SLUG, path="s",
                                lang="en")
    composed = TextFormat().parse(output(complete, "uk").read_text(encoding="utf-8"),
                                  slug=SLUG, path="o", lang="uk")
    assert {u.block for u in composed.units} == {u.block for u in source.units}
    # The same blank lines between blocks (units inside a line may split differently).
    assert [p for p in composed.parts if isinstance(p, str) and "\n" in p] == \
        [p for p in source.parts if isinstance(p, str) and "\n" in p]


def test_partial_catalog_below_the_threshold_is_not_written(tmp_path: Path):
    root = make_project(tmp_path / "p")
    fill(root, "uk", leave_out=1)  # one sentence of 24 units missing
    fill(root, "ru")
    report = compile_(root)
    assert not output(root, "uk").exists()
    assert output(root, "ru").exists()
    text = "\n".join(report.lines)
    assert (f"dist/uk/{SEED.name}: not written: uk is 95.6% translated (22 of 23 entries), "
            "100% required (compile.threshold)") in text
    # The catalog is still compiled: the .mo does not depend on the threshold.
    assert po_path(root, "uk").with_suffix(".mo").exists()


def test_partial_catalog_above_a_per_language_threshold_is_written_with_fallback(
        tmp_path: Path):
    root = make_project(tmp_path / "p", "[compile]\nthreshold = 100\nuk = 90\n")
    fill(root, "uk", leave_out=1)
    fill(root, "ru", leave_out=1)
    report = compile_(root)
    uk = output(root, "uk").read_text(encoding="utf-8")
    last = SEED.read_text(encoding="utf-8").split("\n")[-1].split(". ")[-1]
    assert last.endswith("Oleksandr Lytvynenko.") and uk.endswith(last)  # in English
    assert "uk, 95.6% translated (22 of 23 entries), 1 unit in the source language" in \
        "\n".join(report.lines)
    assert not output(root, "ru").exists()
    assert "ru is 95.6% translated (22 of 23 entries), 100% required (compile.threshold)" in \
        "\n".join(report.lines)


def test_a_per_language_threshold_is_named_when_it_holds_a_language_back(tmp_path: Path):
    root = make_project(tmp_path / "p", "[compile]\nthreshold = 50\nru = 99.5\n")
    fill(root, "uk", leave_out=1)
    fill(root, "ru", leave_out=1)
    report = compile_(root)
    assert output(root, "uk").exists() and not output(root, "ru").exists()
    assert "ru is 95.6% translated (22 of 23 entries), 99.5% required (compile.ru)" in \
        "\n".join(report.lines)


def test_min_translated_overrides_the_threshold_for_previews(tmp_path: Path):
    root = make_project(tmp_path / "p", "[compile]\nuk = 100\n")
    fill(root, "uk", leave_out=11)  # 12 of 23 entries: 52.1 %
    fill(root, "ru", leave_out=20)
    report = compile_(root, min_translated=50)
    assert output(root, "uk").exists() and not output(root, "ru").exists()
    text = "\n".join(report.lines)
    assert "preview: publication threshold set to 50% by --min-translated" in text
    assert "ru is 13.0% translated (3 of 23 entries), 50% required (--min-translated)" in text


def test_fuzzy_translations_only_with_use_fuzzy(tmp_path: Path):
    root = make_project(tmp_path / "p")
    fill(root, "uk", fuzzy=3)
    fill(root, "ru")
    report = compile_(root)
    assert not output(root, "uk").exists()
    assert "preview" not in "\n".join(report.lines)
    report = compile_(root, use_fuzzy=True)
    text = "\n".join(report.lines)
    assert text.startswith("preview: fuzzy translations are used (--use-fuzzy)")
    # Three fuzzy entries, four units: the first entry is the title, which stands twice.
    assert "uk, 86.9% translated (20 of 23 entries), 4 units from fuzzy entries" in text
    assert not re.search("[A-Za-z]", output(root, "uk").read_text(encoding="utf-8")
                         .split("\n", 1)[1])
    # The .mo stays what msgfmt writes by default: without the fuzzy entries.
    catalog = pofile.parse(po_path(root, "uk").read_text(encoding="utf-8"), "uk.po")
    mo = read_mo(po_path(root, "uk").with_suffix(".mo").read_bytes())
    assert all(m.msgid.encode() not in mo for m in catalog.active() if m.fuzzy)
    assert len(mo) == 1 + len(catalog.active()) - 3


def test_fallback_off_holds_back_an_incomplete_language(tmp_path: Path):
    root = make_project(tmp_path / "p", "[compile]\nthreshold = 50\nfallback = false\n")
    fill(root, "uk", leave_out=1)
    fill(root, "ru")
    report = compile_(root)
    assert not output(root, "uk").exists() and output(root, "ru").exists()
    assert "uk has 1 untranslated unit and fallback to the source text is off" in \
        "\n".join(report.lines)


def test_a_preview_is_removed_once_the_language_is_held_back(tmp_path: Path):
    root = make_project(tmp_path / "p")
    fill(root, "uk", leave_out=2)
    compile_(root, min_translated=0)
    assert output(root, "uk").exists()
    report = compile_(root)
    assert not output(root, "uk").exists()
    assert f"dist/uk/{SEED.name}: removed the previous output" in report.lines


def test_a_missing_catalog_is_reported(complete: Path):
    po_path(complete, "ru").unlink()
    report = compile_(complete)
    assert f"dist/ru/{SEED.name}: not written: locales/ru/LC_MESSAGES/{SLUG}.po is missing " \
        "(run 'l10n update')" in report.lines
    assert output(complete, "uk").exists()


def test_the_output_folder_is_configurable(tmp_path: Path):
    root = make_project(tmp_path / "p", 'dist_dir = "public/articles"\n')
    fill(root, "uk")
    fill(root, "ru")
    compile_(root)
    assert output(root, "uk", "public/articles").exists()
    assert not (root / "dist").exists()


# -- files on disk


def snapshot(folder: Path, pattern: str) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob(pattern))
            if p.is_file()}


def test_compile_never_modifies_a_po_or_pot(tmp_path: Path):
    root = make_project(tmp_path / "p")
    fill(root, "uk", leave_out=3, fuzzy=2)
    fill(root, "ru")
    before = snapshot(root / "locales", "*.po") | snapshot(root / "locales", "*.pot")
    assert len(before) == 3
    compile_(root)
    compile_(root, min_translated=0, use_fuzzy=True)
    after = snapshot(root / "locales", "*.po") | snapshot(root / "locales", "*.pot")
    assert after == before


def test_a_second_compile_writes_nothing(complete: Path):
    first = compile_(complete)
    assert len(first.written) == 4  # two .mo, two articles
    before = snapshot(complete, "*.mo") | snapshot(complete / "dist", "*")
    second = compile_(complete)
    assert second.written == []
    assert all("unchanged" in line for line in second.lines)
    assert snapshot(complete, "*.mo") | snapshot(complete / "dist", "*") == before


def test_a_changed_translation_rewrites_only_its_outputs(complete: Path):
    compile_(complete)
    fill(complete, "ru", leave_out=0, fuzzy=0)  # same content: nothing to do
    assert compile_(complete).written == []
    path = po_path(complete, "uk")
    text = path.read_text(encoding="utf-8").replace('msgstr "Інформатіон', 'msgstr "Відомості')
    path.write_text(text, encoding="utf-8")
    written = compile_(complete).written
    assert sorted(written) == sorted([output(complete, "uk"), path.with_suffix(".mo")])


def test_no_temporary_files_are_left_behind(complete: Path):
    compile_(complete)
    compile_(complete)
    assert not [p for p in complete.rglob("*") if p.name.endswith(".tmp")]


# -- hooks: rejected translations and hreflang alternates


class Recording(TextFormat):
    """A text format that rejects '<' in translations and shows the alternates it gets."""

    def insert(self, unit: Unit, translation: str, *, target: str) -> str | None:
        return None if "<" in translation else translation

    def finish(self, text: str, article: Article, *, target: str,
               alternates: Sequence[tuple[str, str]]) -> str:
        links = "".join(f"alternate {lang} {href}\n" for lang, href in alternates)
        return links + text


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("l10n.publish.format_for", lambda path: Recording())


def test_a_rejected_translation_is_not_emitted_and_is_reported(complete: Path, recording):
    path = po_path(complete, "uk")
    catalog = pofile.parse(path.read_text(encoding="utf-8"), path)
    bad = catalog.active()[3]
    bad.msgstr = "Інформація <script>alert(1)</script>"
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    report = compile_(complete, min_translated=0)
    text = output(complete, "uk").read_text(encoding="utf-8")
    assert "<script>" not in text and f"\n{bad.msgid}\n" in text
    assert (f"dist/uk/{SEED.name}: source/{SEED.name}:9: the uk translation of the heading, "
            "block 5 was rejected by the text format (it would break the document); the "
            "source text is used") in report.lines
    # A rejected translation counts as untranslated for the threshold.
    assert "uk, 95.6% translated (22 of 23 entries), 1 unit in the source language" in \
        "\n".join(report.lines)


def test_hreflang_alternates_list_every_published_version(tmp_path: Path, recording):
    root = make_project(tmp_path / "p", "[compile]\nhreflang = true\n")
    fill(root, "uk")
    fill(root, "ru", leave_out=1)  # below the threshold: not published, not linked
    compile_(root)
    uk = output(root, "uk").read_text(encoding="utf-8")
    assert uk.startswith(f"alternate uk {SEED.name}\nalternate en ../en/{SEED.name}\n"
                         "ua en ru\n")
    original = output(root, "en").read_text(encoding="utf-8")
    assert original == (f"alternate uk ../uk/{SEED.name}\nalternate en {SEED.name}\n"
                        + SEED.read_text(encoding="utf-8"))


def test_without_hreflang_the_finish_hook_gets_no_alternates(complete: Path, recording):
    compile_(complete)
    assert output(complete, "uk").read_text(encoding="utf-8").startswith("ua en ru\n")
    assert not output(complete, "en").exists()


# -- the date line of plain-text articles


def test_the_date_line_is_localised(tmp_path: Path):
    root = tmp_path / "p"
    (root / "source").mkdir(parents=True)
    (root / "source" / "talks.txt").write_text(
        "ua en ru\n\nTalks in Bucharest\n\nPublished: January 9, 2024\n\n"
        "The presidents met on Tuesday.\n", encoding="utf-8")
    (root / "l10n.toml").write_text('languages = ["uk", "ru", "en"]\n[compile]\n'
                                    'date_line = "^Published:"\n', encoding="utf-8")
    project = Project.load(root)
    pipeline.extract(project)
    pipeline.update(project)
    for lang in ("uk", "ru"):
        path = root / "locales" / lang / "LC_MESSAGES" / "talks.po"
        catalog = pofile.parse(path.read_text(encoding="utf-8"), path)
        for msg in catalog.active():
            if not msg.msgid.startswith("Published"):
                msg.msgstr = pseudo(msg.msgid, lang)
            else:
                msg.msgstr = {"uk": "Опубліковано: January 9, 2024",
                              "ru": "Опубликовано: January 9, 2024"}[lang]
        path.write_text(pofile.dumps(catalog), encoding="utf-8")
    report = pipeline.compile(project)
    uk = (root / "dist" / "uk" / "talks.txt").read_text(encoding="utf-8")
    ru = (root / "dist" / "ru" / "talks.txt").read_text(encoding="utf-8")
    assert "\nОпубліковано: 9 січня 2024\n" in uk
    assert "\nОпубликовано: 9 января 2024\n" in ru
    assert "1 date localised" in "\n".join(report.lines)


# -- configuration and the command line


@pytest.mark.parametrize(("config", "message"), [
    ("threshold = 150", "l10n.toml:3: compile.threshold must be a percentage from 0 to 100, "
                        "got 150"),
    ('threshold = "high"', 'compile.threshold must be a percentage from 0 to 100, got "high"'),
    ("uk = true", "compile.uk must be a percentage from 0 to 100, got true"),
    ("de = 80", "compile.de is for de, which is not one of the project's languages "
                "(uk, ru, en)"),
    ('use_fuzzy = "yes"', 'compile.use_fuzzy must be true or false, got "yes"'),
    ('date_line = "(Published"', 'compile.date_line must be a valid regular expression, got '
                                 '"(Published"; missing ), unterminated subpattern'),
    ("colour = 1", "compile.colour is not a configuration key"),
])
def test_bad_compile_configuration_is_a_config_error(tmp_path: Path, config: str,
                                                     message: str):
    root = make_project(tmp_path / "p")
    (root / "l10n.toml").write_text('languages = ["uk", "ru", "en"]\n[compile]\n' + config
                                    + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        compile_(root)


def test_use_fuzzy_from_the_configuration_is_announced(tmp_path: Path):
    root = make_project(tmp_path / "p", "[compile]\nuse_fuzzy = true\n")
    fill(root, "uk", fuzzy=24)
    report = compile_(root)
    assert report.lines[0].startswith("preview: fuzzy translations are used")
    assert output(root, "uk").exists()


def test_cli_compile_options(tmp_path: Path):
    root = make_project(tmp_path / "p")
    fill(root, "uk", fuzzy=2)
    fill(root, "ru", leave_out=6)
    runner = CliRunner()
    result = runner.invoke(app, ["compile", "--project", str(root)])
    assert result.exit_code == 0
    assert "uk is 91.3% translated (21 of 23 entries), 100% required" in result.output
    result = runner.invoke(app, ["compile", "--project", str(root), "--use-fuzzy",
                                 "--min-translated", "70"])
    assert result.exit_code == 0, result.output
    assert "preview: fuzzy translations are used" in result.output
    assert output(root, "uk").exists() and output(root, "ru").exists()
    result = runner.invoke(app, ["compile", "--project", str(root), "--min-translated", "101"])
    assert result.exit_code == 2


def test_cli_reports_configuration_errors_on_one_line(tmp_path: Path):
    root = make_project(tmp_path / "p")
    (root / "l10n.toml").write_text('[compile]\nthreshold = -1\n', encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run([sys.executable, "-m", "l10n.cli", "compile", "-p", str(root)],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().endswith(
        "l10n.toml:2: compile.threshold must be a percentage from 0 to 100, got -1")
    assert len(done.stderr.strip().splitlines()) == 1


# -- .mo catalogs


def read_mo(data: bytes) -> dict[bytes, bytes]:
    """The (key → value) pairs of a little-endian .mo file."""
    magic, _revision, count, originals, translations = struct.unpack("<5I", data[:20])
    assert magic == mofile.MAGIC
    pairs = {}
    for k in range(count):
        length, offset = struct.unpack("<2I", data[originals + 8 * k:originals + 8 * k + 8])
        tlength, toffset = struct.unpack("<2I",
                                         data[translations + 8 * k:translations + 8 * k + 8])
        assert data[offset + length] == 0 and data[toffset + tlength] == 0
        pairs[data[offset:offset + length]] = data[toffset:toffset + tlength]
    return pairs


def without_creation_date(header: bytes) -> bytes:
    return re.sub(rb"(?m)^POT-Creation-Date: .*\n", b"", header)


def msgfmt(po: Path) -> dict[bytes, bytes]:
    mo = po.with_suffix(".gnu.mo")
    subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True, capture_output=True)
    return read_mo(mo.read_bytes())


def test_mo_next_to_each_po_loads_with_gnutranslations(tmp_path: Path):
    root = make_project(tmp_path / "p")
    catalog = fill(root, "uk", leave_out=4, fuzzy=3)
    fill(root, "ru")
    compile_(root)
    mo = po_path(root, "uk").with_suffix(".mo")
    with mo.open("rb") as fh:
        gnu = gettext.GNUTranslations(fh)
    translated = [m for m in catalog.active() if m.translated]
    assert len(translated) == len(catalog.active()) - 4 - 3
    for msg in translated:
        assert gnu.gettext(msg.msgid) == msg.msgstr
    for msg in catalog.active():
        if msg.fuzzy:
            assert msg.msgstr and gnu.gettext(msg.msgid) == msg.msgid  # excluded
    assert gnu.info()["language"] == "uk"
    assert gnu.ngettext("x", "xs", 5) == "xs"  # the Plural-Forms header is read


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_mo_content_equals_msgfmt(tmp_path: Path, lang: str):
    root = make_project(tmp_path / "p")
    catalog = fill(root, lang, leave_out=2, fuzzy=5)
    compile_(root)
    po = po_path(root, lang)
    ours = read_mo(po.with_suffix(".mo").read_bytes())
    theirs = msgfmt(po)
    # msgfmt leaves POT-Creation-Date out of the header (see the test below).
    assert without_creation_date(ours.pop(b"")) == theirs.pop(b"")
    assert ours == theirs
    assert len(catalog.active()) == 23
    assert len(ours) == 23 - 2 - 5  # the translated, non-fuzzy entries
    assert list(ours) == sorted(ours)  # binary search needs sorted originals


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
                max_size=20)


@st.composite
def catalogs(draw) -> Catalog:
    cat = Catalog(headers={"Project-Id-Version": "t", "Language": "uk",
                           "Content-Type": "text/plain; charset=UTF-8",
                           "Plural-Forms": "nplurals=2; plural=(n != 1);"},
                  header_flags=draw(st.sampled_from([[], ["fuzzy"]])))
    seen = set()
    for _ in range(draw(st.integers(0, 8))):
        msgid = draw(_text)
        ctxt = draw(st.one_of(st.none(), _text))
        if (ctxt, msgid) in seen:
            continue
        seen.add((ctxt, msgid))
        msg = Message(msgid, msgctxt=ctxt, obsolete=draw(st.booleans()) and ctxt is None)
        if draw(st.booleans()):
            msg.msgid_plural = draw(_text)
            msg.msgstr_plural = draw(st.sampled_from([["", ""], [draw(_text), draw(_text)]]))
        else:
            msg.msgstr = draw(st.one_of(st.just(""), _text))
        msg.fuzzy = draw(st.booleans()) and msg.has_translation
        cat.messages.append(msg)
    return cat


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalog=catalogs())
def test_mo_content_equals_msgfmt_for_any_catalog(tmp_path: Path, catalog: Catalog):
    po = tmp_path / "any.po"
    po.write_text(pofile.dumps(catalog), encoding="utf-8")
    data = mofile.dumps(pofile.parse(po.read_text(encoding="utf-8"), po))
    assert read_mo(data) == msgfmt(po)
    gnu = gettext.GNUTranslations(io.BytesIO(data))
    for msg in catalog.messages:
        if msg.obsolete or msg.msgid_plural is not None:
            continue
        found = gnu.pgettext(msg.msgctxt, msg.msgid) if msg.msgctxt is not None \
            else gnu.gettext(msg.msgid)
        assert found == (msg.msgstr if msg.translated else msg.msgid)


def test_mo_keeps_a_plural_entry_with_a_missing_later_form(tmp_path: Path):
    catalog = Catalog(headers={"Language": "uk", "Content-Type": "text/plain; charset=UTF-8",
                               "Plural-Forms": "nplurals=2; plural=(n != 1);"})
    catalog.messages.append(Message("file", msgid_plural="files",
                                    msgstr_plural=["файл", ""]))
    po = tmp_path / "plural.po"
    po.write_text(pofile.dumps(catalog), encoding="utf-8")
    assert read_mo(mofile.dumps(catalog)) == msgfmt(po)


def test_mo_of_a_catalog_without_header(tmp_path: Path):
    po = tmp_path / "bare.po"
    po.write_text('msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    catalog = pofile.parse(po.read_text(encoding="utf-8"), po)
    assert read_mo(mofile.dumps(catalog)) == msgfmt(po)


def test_mo_header_leaves_out_the_template_date(tmp_path: Path):
    catalog = Catalog(headers={"Project-Id-Version": "t",
                               "POT-Creation-Date": "2024-01-09 10:00+0000",
                               "Language": "uk", "Content-Type": "text/plain; charset=UTF-8"})
    catalog.messages.append(Message("a", "б"))
    po = tmp_path / "dated.po"
    po.write_text(pofile.dumps(catalog), encoding="utf-8")
    assert read_mo(mofile.dumps(catalog)) == msgfmt(po)
