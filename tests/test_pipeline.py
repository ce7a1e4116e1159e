"""The whole chain on the seed article: extract, update, translate, check, compile."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SEED_SLUG
from l10n import pofile
from l10n.formats.text import TextFormat
from l10n.model import render
from l10n.project import Project

SEED = REPO / "source" / f"{SEED_SLUG}.txt"
TITLE = "Security guarantees: Ukraine agrees to collaborate with another NATO country"


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "l10n.cli", *args, "--project", str(root)],
                          capture_output=True, text=True, env=env, cwd=root)


def seed_article():
    text = SEED.read_text(encoding="utf-8")
    return text, TextFormat().parse(text, slug=SEED_SLUG, path=f"source/{SEED.name}", lang="en")


def test_seed_units_have_the_expected_roles():
    text, article = seed_article()
    units = article.units
    assert "ua en ru" not in [u.text for u in units]  # the switcher is not translated
    assert (units[0].role, units[0].text, units[0].line) == ("title", TITLE, 3)
    # Line 5 holds a repeat of the title and the photo caption: two units.
    line5 = [u for u in units if u.line == 5]
    assert [u.role for u in line5] == ["title", "caption"]
    assert line5[0].text == TITLE
    assert line5[1].text.startswith("Photo: President of Ukraine")
    headings = [u.text for u in units if u.role == "heading"]
    assert headings == ["Information from the President of Romania",
                        "Information from the President of Ukraine",
                        "Security guarantees", "Security guarantees for Ukraine"]
    paragraph_11 = [u.text for u in units if u.line == 11]
    assert paragraph_11 == [
        "Klaus Iohannis described the conversation with Zelenskyy as good and profound.",
        'According to him, they discussed "the security situation, further multi-level '
        'support for Ukraine, and bilateral priorities for 2024".',
        "The discussion also discussed joint efforts to build a strong Romanian-Ukrainian "
        "strategic partnership and further pragmatic agendas.",
    ]
    assert len(units) == 24 and len({u.text for u in units}) == 23
    assert all(u.role == "paragraph" for u in units if u.count > 1)


def test_identity_render_gives_back_the_original_bytes():
    text, article = seed_article()
    assert render(article) == text
    crlf = text.replace("\n", "\r\n")
    again = TextFormat().parse(crlf, slug="x", path="x.txt", lang="en")
    assert render(again) == crlf


def test_build_from_scratch_writes_valid_catalogs(project: Path):
    shutil.rmtree(project / "locales")
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    pot = project / "locales" / f"{SEED_SLUG}.pot"
    catalog = pofile.read(pot)
    assert len(catalog.messages) == 23
    title = catalog.messages[0]
    assert title.references == [f"source/{SEED_SLUG}.txt:3", f"source/{SEED_SLUG}.txt:5"]
    assert title.extracted_comments == ["title, block 2", "title, block 3"]
    for lang in ("uk", "ru"):
        po = project / "locales" / lang / "LC_MESSAGES" / f"{SEED_SLUG}.po"
        headers = pofile.read(po).headers
        assert headers["Language"] == lang
        assert headers["Plural-Forms"].startswith("nplurals=3;")
        assert (po.with_suffix(".mo")).exists()
    assert "en" not in os.listdir(project / "locales")  # the source language needs no catalog


@pytest.mark.parametrize("name", ["pot", "uk", "ru"])
def test_catalogs_pass_msgfmt_check_and_msgcat_keeps_them(project: Path, name: str):
    assert run(project, "build").returncode == 0
    path = (project / "locales" / f"{SEED_SLUG}.pot" if name == "pot"
            else project / "locales" / name / "LC_MESSAGES" / f"{SEED_SLUG}.po")
    check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stderr
    assert "error" not in check.stderr
    canonical = subprocess.run(["msgcat", str(path)], capture_output=True, text=True,
                               check=True).stdout
    assert canonical == path.read_text(encoding="utf-8")


def test_shipped_translations_are_complete_and_counts_agree_with_msgfmt(project: Path):
    result = run(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    for lang in ("uk", "ru"):
        po = project / "locales" / lang / "LC_MESSAGES" / f"{SEED_SLUG}.po"
        stats = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, str(po)],
                               capture_output=True, text=True, check=True).stderr
        assert stats.strip() == "23 translated messages."


def test_check_fails_on_an_incomplete_catalog(project: Path):
    po = project / "locales" / "ru" / "LC_MESSAGES" / f"{SEED_SLUG}.po"
    catalog = pofile.read(po)
    catalog.messages[3].msgstr = ""
    catalog.messages[4].flags.append("fuzzy")
    po.write_text(pofile.dumps(catalog), encoding="utf-8")
    result = run(project, "check")
    assert result.returncode == 1
    stats = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, str(po)],
                           capture_output=True, text=True, check=True).stderr
    assert stats.strip() == "21 translated messages, 1 fuzzy translation, 1 untranslated message."
    # lowering the requirement for ru makes the gate pass
    (project / "l10n.toml").write_text(
        'languages = ["uk", "ru", "en"]\n[check]\nru = 90\n', encoding="utf-8")
    assert run(project, "check").returncode == 0


CYRILLIC_FREE_SENTENCE = re.compile(r"^[^А-Яа-яЇїІіЄєҐґЁё]*[A-Za-z]{3,}[^А-Яа-яЇїІіЄєҐґЁё]*$")


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_composed_articles_contain_no_english_sentence(project: Path, lang: str):
    assert run(project, "build").returncode == 0
    composed = (project / "dist" / lang / f"{SEED_SLUG}.txt").read_text(encoding="utf-8")
    source = SEED.read_text(encoding="utf-8")
    lines = composed.split("\n")
    assert len(lines) == len(source.split("\n"))
    assert lines[0] == "ua en ru"  # the switcher line stays as it is
    assert [bool(x) for x in lines] == [bool(x) for x in source.split("\n")]
    _, article = seed_article()
    for unit in article.units:
        assert unit.text not in composed
    english = [ln for ln in lines[1:] if ln and CYRILLIC_FREE_SENTENCE.match(ln)]
    assert english == []


FOLLOW_UP = ("Security guarantees for Ukraine\n\nMore than 30 countries have already joined it. "
             "A new sentence nobody has translated.\n")


def test_translate_fills_from_memory_and_never_overwrites(project: Path):
    # A second article repeats two sentences of the seed. With the update's own project
    # memory switched off, the translate step's memory backend offers them, as fuzzy.
    (project / "source" / "follow-up.txt").write_text(FOLLOW_UP, encoding="utf-8")
    with (project / "l10n.toml").open("a", encoding="utf-8") as fh:
        fh.write("[update]\nmemory = false\n")
    assert run(project, "extract").returncode == 0
    assert run(project, "update").returncode == 0
    result = run(project, "translate")
    assert result.returncode == 0, result.stderr
    po = pofile.read(project / "locales" / "uk" / "LC_MESSAGES" / "follow-up.po")
    by_id = {m.msgid: m for m in po.messages}
    heading = by_id["Security guarantees for Ukraine"]
    assert heading.msgstr == "Гарантії безпеки для України"
    assert heading.fuzzy
    assert any(c.startswith("machine translation: memory (en→uk)")
               for c in heading.translator_comments)
    assert by_id["A new sentence nobody has translated."].msgstr == ""
    # the seed's own catalog, fully human-translated, is untouched
    seed_po = project / "locales" / "uk" / "LC_MESSAGES" / f"{SEED_SLUG}.po"
    before = seed_po.read_bytes()
    assert run(project, "translate").returncode == 0
    assert seed_po.read_bytes() == before


def test_update_offers_translations_from_other_articles_as_fuzzy(project: Path):
    (project / "source" / "follow-up.txt").write_text(FOLLOW_UP, encoding="utf-8")
    assert run(project, "extract").returncode == 0
    assert run(project, "update").returncode == 0
    po = pofile.read(project / "locales" / "ru" / "LC_MESSAGES" / "follow-up.po")
    by_id = {m.msgid: m for m in po.messages}
    repeated = by_id["More than 30 countries have already joined it."]
    assert (repeated.msgstr, repeated.fuzzy) == ("К ней уже присоединились более 30 стран.", True)
    assert any(SEED_SLUG in c for c in repeated.extracted_comments)
    assert by_id["A new sentence nobody has translated."].msgstr == ""


def test_rebuild_with_nothing_changed_writes_nothing(project: Path):
    assert run(project, "build").returncode == 0
    files = [p for p in project.rglob("*") if p.is_file() and ".l10n-cache" not in p.parts
             and p.name != ".l10n.lock"]  # the cache and the lock are not outputs
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    result = run(project, "build")
    assert result.returncode == 0
    assert "0 files written" in result.stdout
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    assert after == before


def test_update_keeps_translations_of_removed_sentences_as_obsolete(project: Path):
    src = project / "source" / f"{SEED_SLUG}.txt"
    text = src.read_text(encoding="utf-8")
    src.write_text(text.replace("More than 30 countries have already joined it.", ""),
                   encoding="utf-8")
    assert run(project, "extract").returncode == 0
    assert run(project, "update").returncode == 0
    po = pofile.read(project / "locales" / "uk" / "LC_MESSAGES" / f"{SEED_SLUG}.po")
    gone = [m for m in po.messages if m.obsolete]
    assert [(m.msgid, m.msgstr) for m in gone] == [(
        "More than 30 countries have already joined it.",
        "До неї вже приєдналися понад 30 країн.")]


@pytest.mark.parametrize("setup, expected", [
    (lambda root: shutil.rmtree(root / "source"), "source: source folder not found"),
    (lambda root: (root / "l10n.toml").write_text('languages = ["uk", "ua"]\n'),
     'l10n.toml:1: languages must be a list of language codes such as "uk", got "ua"; '
     'did you mean uk?'),
    (lambda root: (root / "l10n.toml").write_text('languagez = ["uk"]\n'),
     "l10n.toml:1: languagez is not a configuration key; did you mean languages?"),
    (lambda root: (root / "locales" / "uk" / "LC_MESSAGES" / f"{SEED_SLUG}.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: uk\\n"\n\nmsgid "a"\nmsgstr "unterminated\n'),
     f"{SEED_SLUG}.po:6: unterminated string"),
])
def test_user_mistakes_get_one_line_errors_and_exit_2(project: Path, setup, expected: str):
    setup(project)
    result = run(project, "build")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr


def test_project_found_from_a_subfolder(project: Path):
    sub = project / "source"
    proj = Project.load(sub)
    assert proj.root == project
    assert [s.slug for s in proj.sources()] == [SEED_SLUG]


def test_an_article_written_in_ukrainian_targets_russian_and_english(project: Path):
    (project / "source" / "kyiv-metro.txt").write_text(
        "Метро Києва відновило рух\n\nУчора ввечері метро відновило рух на всіх лініях.\n",
        encoding="utf-8")
    (project / "l10n.toml").write_text(
        'languages = ["uk", "ru", "en"]\n[articles.kyiv-metro]\nsource_language = "uk"\n',
        encoding="utf-8")
    assert run(project, "extract").returncode == 0
    result = run(project, "update")
    assert result.returncode == 0, result.stderr
    made = sorted(p.relative_to(project / "locales").as_posix()
                  for p in (project / "locales").rglob("kyiv-metro.po"))
    assert made == ["en/LC_MESSAGES/kyiv-metro.po", "ru/LC_MESSAGES/kyiv-metro.po"]
    pot = pofile.read(project / "locales" / "kyiv-metro.pot")
    assert [m.msgid for m in pot.messages] == [
        "Метро Києва відновило рух", "Учора ввечері метро відновило рух на всіх лініях."]
    en = pofile.read(project / "locales" / "en" / "LC_MESSAGES" / "kyiv-metro.po")
    assert en.headers["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
