"""Real catalogs (Django, Sphinx; see tests/data/catalogs/README.md) against GNU gettext.

Reader, writer (= msgcat), .mo (= msgfmt), statistics (= msgfmt --statistics) and
`l10n check` (validity errors exactly where msgfmt -c refuses) on every file of the
sample; merging an older release into a newer template beside msgmerge --previous.
benchmarks/real_catalogs.py runs the same over every catalog of the wheels.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from l10n import mofile, pofile
from l10n.check import check_file, stats
from l10n.checks import CHECKS, ERROR
from l10n.model import Catalog, Message
from l10n.update import merge

DATA = Path(__file__).resolve().parent / "data" / "catalogs"
CATALOGS = sorted(DATA.rglob("*.po"))
IDS = [str(p.relative_to(DATA)) for p in CATALOGS]


def language(path: Path) -> str:
    return path.parent.parent.name


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, capture_output=True, check=False,
                          env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"})


def test_the_sample_is_there():
    assert len(CATALOGS) >= 14
    assert {language(p) for p in CATALOGS} >= {"uk", "ru", "de", "he", "ga", "zh_Hans",
                                                "sr_Latn", "uk_UA", "zh_CN"}


@pytest.mark.parametrize("path", CATALOGS, ids=IDS)
@pytest.mark.parametrize(("options", "width"), [((), 79), (("--no-wrap",), 0),
                                                (("-w", "76"), 76)])
def test_writer_is_msgcat(path: Path, options: tuple[str, ...], width: int):
    catalog = pofile.read(path)
    assert pofile.dumps(catalog, width).encode("utf-8") == \
        run("msgcat", *options, str(path)).stdout


@pytest.mark.parametrize("path", CATALOGS, ids=IDS)
def test_mo_and_statistics_are_msgfmt(path: Path, tmp_path: Path):
    catalog = pofile.read(path)
    proc = run("msgfmt", "--statistics", "-o", str(tmp_path / "x.mo"), str(path))
    assert mofile.dumps(catalog) == (tmp_path / "x.mo").read_bytes()
    said = proc.stderr.decode()
    counts = stats(catalog)
    want = [int(n) for n in re.findall(r"(\d+) (?:translated|fuzzy|untranslated)", said)]
    have = [n for n, word in ((counts.translated, "translated"), (counts.fuzzy, "fuzzy"),
                              (counts.untranslated, "untranslated"))
            if n or word == "translated"]
    assert have == want, said


@pytest.mark.parametrize("path", CATALOGS, ids=IDS)
def test_check_agrees_with_msgfmt_c(path: Path):
    refused = run("msgfmt", "-c", "-o", "/dev/null", str(path)).returncode != 0
    result = check_file(path, language(path))
    validity = [p for p in result.problems
                if p.severity == ERROR and CHECKS[p.check].group == "validity"]
    assert bool(validity) == refused, validity
    if not refused:  # what fails an accepted file is a quality finding with its own name
        assert all(CHECKS[p.check].group == "quality" for p in result.problems
                   if p.severity == ERROR), result.lines


def _problems(relative: str) -> list:
    path = DATA / relative
    return check_file(path, language(path)).problems


def test_four_ukrainian_forms_are_valid_and_only_differ_from_cldr():
    problems = _problems("django-5.1/conf/locale/uk/LC_MESSAGES/django.po")
    assert not [p for p in problems if p.check == "plural-forms"]
    [cldr] = [p for p in problems if p.check == "cldr-plurals"]
    assert cldr.severity == "warning" and "nplurals=4" in cldr.message


@pytest.mark.parametrize("relative", [
    "django-5.1/contrib/humanize/locale/zh_Hans/LC_MESSAGES/django.po",  # zh_CN
    "django-5.1/contrib/auth/locale/sr_Latn/LC_MESSAGES/django.po",  # sr@latin
    "sphinx-8.1/locale/uk_UA/LC_MESSAGES/sphinx.po",
])
def test_language_names_the_folders_language_in_another_spelling(relative: str):
    assert not [p for p in _problems(relative) if p.check in ("language", "header")]


def test_language_of_another_language_is_still_an_error(tmp_path: Path):
    source = DATA / "django-5.1/contrib/humanize/locale/zh_Hans/LC_MESSAGES/django.po"
    target = tmp_path / "zh_Hant" / "LC_MESSAGES" / "django.po"
    target.parent.mkdir(parents=True)
    target.write_bytes(source.read_bytes())
    [problem] = [p for p in check_file(target, "zh_Hant").problems if p.check == "language"]
    assert problem.severity == ERROR and "zh_CN" in problem.message


@pytest.mark.parametrize("relative", [
    "django-5.1/contrib/humanize/locale/he/LC_MESSAGES/django.po",
    "django-5.1/contrib/admin/locale/ar/LC_MESSAGES/djangojs.po",
    "django-5.1/contrib/admin/locale/ga/LC_MESSAGES/django.po",
    "django-5.1/contrib/admin/locale/ru/LC_MESSAGES/djangojs.po",
])
def test_plural_forms_that_leave_the_number_out_are_fine(relative: str):
    assert not [p for p in _problems(relative) if p.check in ("format", "placeholders")]


def test_the_refused_catalog_is_reported_where_msgfmt_says(tmp_path: Path):
    path = DATA / "django-5.1/contrib/admin/locale/es/LC_MESSAGES/djangojs.po"
    said = run("msgfmt", "-c", "-o", "/dev/null", str(path)).stderr.decode()
    line = int(re.search(r"djangojs\.po:(\d+): \.\.\.but some messages have 3", said)[1])
    entry = max(m.lineno for m in pofile.read(path).messages if m.lineno <= line)
    problems = [p for p in check_file(path, "es").problems if p.check == "plural-forms"]
    assert problems[0].line == entry  # msgfmt names the first; l10n names each
    assert all("3 msgstr[n] forms" in p.message for p in problems)


def test_gnu_quotes_are_not_code_spans():
    problems = _problems("sphinx-8.1/locale/zh_CN/LC_MESSAGES/sphinx.po")
    assert not [p for p in problems if p.check == "markup" and "'" in p.message]


# ---------------------------------------------------------------------------- merging

def template_of(catalog: Catalog) -> Catalog:
    return Catalog(headers=dict(catalog.headers), messages=[
        Message(msgid=m.msgid, msgctxt=m.msgctxt, msgid_plural=m.msgid_plural,
                msgstr_plural=["", ""] if m.msgid_plural is not None else [],
                references=list(m.references), extracted_comments=list(m.extracted_comments),
                flags=[f for f in m.flags if f != "fuzzy"])
        for m in catalog.messages if not m.obsolete])


def _texts(catalog: Catalog) -> set[str]:
    return {s for m in catalog.messages
            for s in (m.msgstr_plural if m.msgid_plural is not None else [m.msgstr]) if s}


@pytest.mark.parametrize(("relative", "edits"), [
    ("contrib/admin/locale/ru/LC_MESSAGES/django.po", {"Deleted:": "Delete",
                                                       "Added:": "Added.",
                                                       "Changed:": "Change:"}),
    ("contrib/humanize/locale/sr/LC_MESSAGES/django.po", {"%(num)d year": "%d year",
                                                          "%(num)d month": "%d month"}),
])
def test_merging_an_older_release_like_msgmerge(relative: str, edits: dict[str, str],
                                                tmp_path: Path):
    old_path = DATA / "django-4.2" / relative
    old = pofile.read(old_path)
    pot = template_of(pofile.read(DATA / "django-5.1" / relative))
    (tmp_path / "new.pot").write_text(pofile.dumps(pot), encoding="utf-8")
    subprocess.run(["msgmerge", "-q", "--previous", "-o", str(tmp_path / "mm.po"),
                    str(old_path), str(tmp_path / "new.pot")], check=True)
    theirs = {m.msgid: m for m in pofile.read(tmp_path / "mm.po").messages}
    merged = merge(pot, old)
    assert _texts(old) <= _texts(merged)  # nothing lost
    ours = {m.msgid: m for m in merged.messages if not m.obsolete}
    for new, previous in edits.items():
        assert ours[new].fuzzy and ours[new].previous_msgid == previous
        assert theirs[new].fuzzy and theirs[new].previous_msgid == previous
        assert ours[new].msgstr_plural == theirs[new].msgstr_plural
        assert ours[new].msgstr == theirs[new].msgstr
    # msgmerge's output is written as msgcat writes it, obsolete format flags included
    assert pofile.dumps(pofile.read(tmp_path / "mm.po")).encode() == \
        run("msgcat", str(tmp_path / "mm.po")).stdout
