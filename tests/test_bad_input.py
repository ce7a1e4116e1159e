"""Bad sources, catalogs and configuration: one line naming the file (and line), exit 2,
nothing written. Good-but-unusual input (a BOM, a 10 MB line, a Poedit-saved catalog) works.

Most cases run the CLI in-process (fast); a few run it as a real subprocess to prove the
exit status and the absence of a traceback end to end.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

import l10n
from l10n import pofile
from l10n.cli import main

SRC = Path(l10n.__file__).resolve().parents[1]
LOCK = ".l10n.lock"

GOOD_ARTICLE = """ua en ru

Ukraine and Romania agree on security guarantees

Kyiv and Bucharest will start talks next month. The talks follow the G7 declaration.

Exports through Romania

Monthly exports rose from 2 million tons to 3 million tons.
"""

CONFIG = 'source_language = "en"\nlanguages = ["en", "uk", "ru"]\n'


def make_project(root: Path, articles: dict[str, bytes | str] | None = None,
                 config: str = CONFIG) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "l10n.toml").write_text(config, encoding="utf-8")
    source = root / "source"
    source.mkdir()
    for name, body in (articles or {"a-good.txt": GOOD_ARTICLE}).items():
        data = body.encode("utf-8") if isinstance(body, str) else body
        (source / name).write_bytes(data)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes (the lock file is not project content)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.name != LOCK}


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``l10n ARGS`` in this process: (exit code, stdout, stderr)."""
    code = 0
    with mock.patch.object(sys, "argv", ["l10n", *args]):
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr()
    return code, out, err


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.run([sys.executable, "-m", "l10n.cli", *args], capture_output=True,
                          text=True, env=environ, timeout=60)


def assert_one_line_error(code: int, err: str, where: str, what: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("l10n: error: "), lines[0]
    location = lines[0][len("l10n: error: "):]
    assert location.startswith(where) or re.match(where, location), (where, lines[0])
    assert re.search(what, lines[0], re.I), lines[0]


def built(root: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, bytes]:
    code, _, err = cli(capsys, "build", "--project", str(root))
    assert code == 0, err
    return snapshot(root)


# ------------------------------------------------------------------------ source files

BAD_SOURCES: list[tuple[str, bytes, str, str]] = [
    # name, bytes, expected location, expected message (regex)
    ("b-empty.txt", b"", "source/b-empty.txt: ", "empty file"),
    ("b-blank.txt", b" \n\n\t\r\n", "source/b-blank.txt: ", "empty file"),
    ("b-nul.txt", b"Title\n\nText\x00more.\n", "source/b-nul.txt:3: ", "binary"),
    ("b-png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "source/b-png.txt:", "binary"),
    ("b-cp1251.txt", "Заголовок\n\nТекст статті.\n".encode("cp1251"),
     "source/b-cp1251.txt:1: ", "not valid UTF-8"),
    ("b-late-cp1251.txt", "Title\n\nFine line.\n\nПогано.\n".encode("cp1251"),
     "source/b-late-cp1251.txt:5: ", "not valid UTF-8"),
    ("b-utf16.txt", "Заголовок\n".encode("utf-16"), "source/b-utf16.txt: ", "UTF-16"),
    ("b-article.docx", b"PK\x03\x04", "source/b-article.docx: ", "unknown source format"),
    ("b article!.txt", GOOD_ARTICLE.encode(), "source/b article!.txt: ", "invalid article slug"),
]


@pytest.mark.parametrize(("name", "data", "where", "what"), BAD_SOURCES,
                         ids=[c[0] for c in BAD_SOURCES])
@pytest.mark.parametrize("command", ["extract", "build"])
def test_bad_source_is_one_line_error_and_nothing_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, name: str,
        data: bytes, where: str, what: str) -> None:
    root = make_project(tmp_path)
    before = built(root, capsys)  # a good article already built: its files must stay
    (root / "source" / name).write_bytes(data)
    before[f"source/{name}"] = data
    code, _, err = cli(capsys, command, "--project", str(root))
    assert_one_line_error(code, err, where, what)
    assert snapshot(root) == before


def test_bad_source_before_first_build_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The good article sorts first; the bad one must stop the step before any write."""
    root = make_project(tmp_path, {"a-good.txt": GOOD_ARTICLE, "b-bad.txt": b"\xff\xfe\x00"})
    before = snapshot(root)
    code, _, err = cli(capsys, "build", "--project", str(root))
    assert_one_line_error(code, err, "source/b-bad.txt", "UTF-16")
    assert snapshot(root) == before


def test_symlink_outside_the_project_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(GOOD_ARTICLE, encoding="utf-8")
    root = make_project(tmp_path / "proj")
    (root / "source" / "b-link.txt").symlink_to(outside)
    before = snapshot(root)
    code, _, err = cli(capsys, "build", "--project", str(root))
    assert_one_line_error(code, err, "source/b-link.txt: ", "outside the project")
    assert snapshot(root) == before


def test_symlink_inside_the_project_is_accepted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path)
    (root / "drafts").mkdir()
    (root / "drafts" / "draft.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (root / "source" / "b-link.txt").symlink_to(root / "drafts" / "draft.txt")
    code, _, err = cli(capsys, "extract", "--project", str(root))
    assert code == 0, err
    assert (root / "locales" / "b-link.pot").is_file()


@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_broken_symlink_is_one_line_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    root = make_project(tmp_path)
    link = root / "source" / "b-link.txt"
    if kind == "dangling":
        link.symlink_to(root / "source" / "missing.txt")
    else:
        link.symlink_to(link)
    code, _, err = cli(capsys, "extract", "--project", str(root))
    assert_one_line_error(code, err, "source/b-link.txt: ", "broken symbolic link")
    assert not (root / "locales").exists()


def test_utf8_bom_works_and_stays_out_of_the_catalog(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path, {"a-bom.txt": b"\xef\xbb\xbf" + GOOD_ARTICLE.encode()})
    code, _, err = cli(capsys, "build", "--project", str(root))
    assert code == 0, err
    pot = pofile.read(root / "locales" / "a-bom.pot")
    assert pot.messages[0].msgid == "Ukraine and Romania agree on security guarantees"
    assert not any("\ufeff" in m.msgid for m in pot.messages)
    # The composed preview (no translations yet: source text) is the source, BOM included.
    code, _, err = cli(capsys, "compile", "--min-translated", "0", "--project", str(root))
    assert code == 0, err
    composed = (root / "dist" / "uk" / "a-bom.txt").read_bytes()
    assert composed == b"\xef\xbb\xbf" + GOOD_ARTICLE.encode()


def test_ten_megabyte_single_line_works_in_bounded_memory(tmp_path: Path) -> None:
    """One 10 MB line (no line break at all): extract works; peak memory stays bounded."""
    sentence = "Officials met in Kyiv, and the talks went on for hours without a break "
    size = 10 * 1024 * 1024
    body = (sentence * (size // len(sentence) + 1))[:size]
    root = make_project(tmp_path, {"a-huge.txt": body})
    probe = (
        "import resource, sys\n"
        "from l10n.cli import main\n"
        "sys.argv = ['l10n', 'extract', '--project', sys.argv[1]]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\nelse:\n    code = 0\n"
        "print('peak-kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code)\n")
    proc = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(SRC)}, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    peak_kib, code = re.search(r"peak-kib (\d+) (\S+)", proc.stdout).groups()
    assert code in ("0", "None"), proc.stderr[-2000:]
    pot = pofile.read(root / "locales" / "a-huge.pot")
    assert "".join(m.msgid for m in pot.messages).replace(" ", "") == body.replace(" ", "")
    # Bounded: a small multiple of the input, not quadratic. The interpreter and imports
    # take about 60 MiB; the text is held a few times over (str, msgids, the .pot text).
    assert int(peak_kib) < 60 * 1024 + 25 * size // 1024, f"peak {int(peak_kib) // 1024} MiB"


# ------------------------------------------------------------------------------ catalogs

def _po_with(lang: str, body: str, headers: str = "") -> str:
    plural = {"uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                    "(n%100<10 || n%100>=20) ? 1 : 2);",
              "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                    "(n%100<10 || n%100>=20) ? 1 : 2);"}[lang]
    head = headers or (f'"Language: {lang}\\n"\n'
                       '"Content-Type: text/plain; charset=UTF-8\\n"\n'
                       f'"Plural-Forms: {plural}\\n"\n')
    return f'msgid ""\nmsgstr ""\n{head}\n{body}'


_TITLE = 'msgid "Ukraine and Romania agree on security guarantees"\n'
_PLURAL = '\nmsgid "%d ton"\nmsgid_plural "%d tons"\nmsgstr[0] "%d тонна"\nmsgstr[1] "%d тонны"\n'

BAD_CATALOGS: list = [
    # id, ru catalog text, expected line (None: no line), expected message (regex)
    ("unterminated-string", _po_with("ru", _TITLE + 'msgstr "Украина и Румыния\n'),
     8, "unterminated string"),
    ("bad-escape", _po_with("ru", _TITLE + 'msgstr "Украина \\q Румыния"\n'),
     8, r"invalid escape"),
    ("msgstr-before-msgid", _po_with("ru", 'msgstr "Украина"\n' + _TITLE),
     7, "msgstr before msgid"),
    pytest.param(
        _po_with("ru", _TITLE + 'msgstri "Украина"\n'), 8, "syntax error", id="keyword-typo"),
    ("duplicate-msgid", _po_with("ru", _TITLE + 'msgstr "А"\n\n' + _TITLE + 'msgstr "Б"\n'),
     10, "duplicate message definition"),
    # msgfmt tolerates a header without "plural=" only while no entry has plural forms
    ("plural-forms-malformed",
     _po_with("ru", _TITLE + 'msgstr ""\n' + _PLURAL,
              '"Language: ru\\n"\n"Plural-Forms: nplurals=three\\n"\n'),
     4, "Plural-Forms has no plural=EXPRESSION"),
    ("plural-forms-bad-expression",
     _po_with("ru", _TITLE + 'msgstr ""\n',
              '"Language: ru\\n"\n"Plural-Forms: nplurals=3; plural=(n%10==1 ?;\\n"\n'),
     4, "invalid plural expression"),
    ("plural-forms-index-out-of-range",
     _po_with("ru", _TITLE + 'msgstr ""\n',
              '"Language: ru\\n"\n"Plural-Forms: nplurals=2; plural=n%10;\\n"\n'),
     4, "nplurals = 2 but plural expression can produce values as large as 2"),
    ("language-disagrees-with-folder",
     _po_with("ru", _TITLE + 'msgstr ""\n',
              '"Language: uk\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'),
     3, "Language header says 'uk'"),
    ("plural-forms-out-of-order",  # msgfmt: "first plural form has nonzero index"
     _po_with("ru", _TITLE + 'msgstr ""\n\nmsgid "%d ton"\nmsgid_plural "%d tons"\n'
              'msgstr[1] "тонны"\nmsgstr[0] "тонна"\nmsgstr[2] "тонн"\n'),
     12, r"msgstr\[1\] where msgstr\[0\] is expected"),
    ("empty-catalog", "", None, "empty catalog"),
    ("blank-catalog", "\n\n# just a comment\n", None, "empty catalog"),
    ("truncated-catalog", _po_with("ru", _TITLE + 'msgstr "Украина и Румыния дог')[:-1],
     8, "unterminated string"),
    ("charset-koi8", _po_with("ru", _TITLE + 'msgstr ""\n',
                              '"Language: ru\\n"\n"Content-Type: text/plain; charset=KOI8-R\\n"\n'),
     1, "charset KOI8-R is not supported"),
]


def _project_with_catalogs(root: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    make_project(root)
    code, _, err = cli(capsys, "build", "--project", str(root))
    assert code == 0, err
    return root


CATALOG_CASES = [c if type(c) is not tuple else pytest.param(*c[1:], id=c[0])
                 for c in BAD_CATALOGS]


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with one article, built once; tests copy it."""
    root = make_project(tmp_path_factory.mktemp("built"))
    with mock.patch.object(sys, "argv", ["l10n", "build", "--project", str(root)]), \
            pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code in (0, None)
    return root


@pytest.mark.parametrize(("text", "line", "what"), CATALOG_CASES)
@pytest.mark.parametrize("command", ["update", "build"])
def test_bad_catalog_is_one_line_error_and_the_others_go_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], built_project: Path, command: str,
        text: str, line: int | None, what: str) -> None:
    """One broken catalog is reported on one line and left as it is; every other catalog
    is still updated (and in a build compiled), and the exit status is 2 at the end."""
    root = tmp_path / "proj"
    shutil.copytree(built_project, root, symlinks=True)
    po = root / "locales" / "ru" / "LC_MESSAGES" / "a-good.po"
    po.write_text(text, encoding="utf-8")
    # A changed article, so that the step has something to write.
    (root / "source" / "a-good.txt").write_text(GOOD_ARTICLE + "\nOne more sentence.\n",
                                                encoding="utf-8")
    if command == "update":
        code, _, err = cli(capsys, "extract", "--project", str(root))
        assert code == 0, err
    before = snapshot(root)
    code, out, err = cli(capsys, command, "--project", str(root))
    where = "locales/ru/LC_MESSAGES/a-good.po" + (f":{line}: " if line else ": ")
    assert_one_line_error(code, err, where, what)
    after = snapshot(root)
    broken = "locales/ru/LC_MESSAGES/a-good.po"
    assert after[broken] == before[broken]
    mo = "locales/ru/LC_MESSAGES/a-good.mo"  # compiled by the first build, left alone
    assert after.get(mo) == before.get(mo)
    uk = "locales/uk/LC_MESSAGES/a-good.po"
    assert "One more sentence." not in before[uk].decode()
    assert "One more sentence." in after[uk].decode(), out


def test_catalog_not_utf8_names_the_line(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = _project_with_catalogs(tmp_path, capsys)
    po = root / "locales" / "uk" / "LC_MESSAGES" / "a-good.po"
    po.write_bytes(_po_with("uk", _TITLE + 'msgstr "Україна"\n').encode("cp1251"))
    before = snapshot(root)
    code, _, err = cli(capsys, "update", "--project", str(root))
    assert_one_line_error(code, err, "locales/uk/LC_MESSAGES/a-good.po:8: ", "not valid UTF-8")
    assert snapshot(root) == before


def test_plural_entry_with_wrong_number_of_forms(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = _project_with_catalogs(tmp_path, capsys)
    po = root / "locales" / "uk" / "LC_MESSAGES" / "a-good.po"
    po.write_text(_po_with("uk", _TITLE + 'msgstr ""\n\nmsgid "%d ton"\nmsgid_plural "%d tons"\n'
                                          'msgstr[0] "%d тонна"\nmsgstr[1] "%d тонни"\n'),
                  encoding="utf-8")
    before = snapshot(root)
    code, _, err = cli(capsys, "update", "--project", str(root))
    assert_one_line_error(code, err, "locales/uk/LC_MESSAGES/a-good.po:10: ",
                          "2 msgstr\\[n\\] forms, but Plural-Forms says nplurals=3")
    assert snapshot(root) == before


def test_broken_template_is_one_line_error(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = _project_with_catalogs(tmp_path, capsys)
    pot = root / "locales" / "a-good.pot"
    pot.write_text(pot.read_text(encoding="utf-8") + 'msgid "dangling\n', encoding="utf-8")
    before = snapshot(root)
    code, _, err = cli(capsys, "update", "--project", str(root))
    assert_one_line_error(code, err, r"locales/a-good\.pot:\d+: ", "unterminated string")
    assert snapshot(root) == before


# A catalog as Poedit saves it: its header order and X-Poedit-* fields, no fuzzy header flag,
# X-Generator, the translator's own wrapping (Poedit wraps by its own rules, or not at all
# when "wrap long lines" is off). Hand-written following Poedit's conventions.
POEDIT_PO = """\
# Ukrainian translation of the article "a-good".
msgid ""
msgstr ""
"Project-Id-Version: a-good\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: {pot_date}\\n"
"PO-Revision-Date: 2024-01-10 09:41+0200\\n"
"Last-Translator: Olena Kovalenko <olena@example.org>\\n"
"Language-Team: Ukrainian\\n"
"Language: uk\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"
"X-Generator: Poedit 3.4.2\\n"
"X-Poedit-SourceCharset: UTF-8\\n"
"X-Poedit-Basepath: ../../..\\n"
"X-Poedit-SearchPath-0: source\\n"

#. title, block 2
#: source/a-good.txt:3
msgid "Ukraine and Romania agree on security guarantees"
msgstr "Україна і Румунія домовилися про гарантії безпеки"

#. paragraph, block 3, sentence 1 of 2
#: source/a-good.txt:5
msgid "Kyiv and Bucharest will start talks next month."
msgstr "Київ і Бухарест почнуть переговори наступного місяця."

#. paragraph, block 3, sentence 2 of 2
#: source/a-good.txt:5
msgid "The talks follow the G7 declaration."
msgstr ""
"Переговори "
"відбуваються після декларації G7."

#. heading, block 4
#: source/a-good.txt:7
msgid "Exports through Romania"
msgstr "Експорт через Румунію"

#. paragraph, block 5
#: source/a-good.txt:9
#, fuzzy
msgid "Monthly exports rose from 2 million tons to 3 million tons."
msgstr "Щомісячний експорт зріс з 2 мільйонів тонн до 3 мільйонів тонн, і це дуже довгий рядок без перенесення."
"""  # noqa: E501 (the last msgstr is one long unwrapped line, as Poedit may write it)


def test_poedit_catalog_is_accepted_and_not_reformatted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project_with_catalogs(tmp_path, capsys)
    pot = pofile.read(root / "locales" / "a-good.pot")
    po = root / "locales" / "uk" / "LC_MESSAGES" / "a-good.po"
    text = POEDIT_PO.format(pot_date=pot.headers["POT-Creation-Date"])
    po.write_text(text, encoding="utf-8")
    assert pofile.dumps(pofile.parse(text)) != text  # the layout really differs from ours
    for command in ("update", "build"):
        code, out, err = cli(capsys, command, "--project", str(root))
        assert code == 0, err
        assert po.read_text(encoding="utf-8") == text, f"{command} reformatted the catalog"
    # It was read, not skipped: the translations reach the composed preview.
    code, out, err = cli(capsys, "compile", "--min-translated", "0", "--project", str(root))
    assert code == 0, err
    assert po.read_text(encoding="utf-8") == text
    composed = (root / "dist" / "uk" / "a-good.txt").read_text(encoding="utf-8")
    assert "Переговори відбуваються після декларації G7." in composed


# ------------------------------------------------------------------------- configuration

BAD_CONFIGS: list[tuple[str, str, str, str]] = [
    # id, l10n.toml, expected location, expected message (regex)
    ("unknown-key", CONFIG + 'sorce_dir = "src"\n', "l10n.toml:3: ",
     "sorce_dir is not a configuration key; did you mean source_dir"),
    ("unknown-section-key", CONFIG + '[translate]\nbackand = "memory"\n', "l10n.toml:4: ",
     "translate.backand is not a configuration key; did you mean translate.backend"),
    ("unknown-language", 'languages = ["en", "uk", "zz"]\n', "l10n.toml:1: ",
     'languages must be a list of language codes such as "uk", got "zz"'),
    ("country-code", 'languages = ["en", "ua"]\n', "l10n.toml:1: ",
     'languages must be .*, got "ua"; did you mean uk'),
    ("unknown-source-language", 'source_language = "english"\n', "l10n.toml:1: ",
     'source_language must be a language code .*, got "english"; did you mean en'),
    ("languages-not-a-list", 'languages = "uk"\n', "l10n.toml:1: ",
     'languages must be a non-empty list of language codes, got "uk"'),
    ("slug-dotdot", CONFIG + '[articles."../escape"]\nsource_language = "uk"\n',
     "l10n.toml:3: ", r'articles\."\.\./escape" is not an article slug'),
    ("slug-slash", CONFIG + '[articles."news/today"]\nsource_language = "uk"\n',
     "l10n.toml:3: ", 'articles."news/today" is not an article slug'),
    ("article-unknown-key", CONFIG + '[articles.a-good]\nlanguage = "uk"\n',
     "l10n.toml:4: ", "articles.a-good.language is not a configuration key"),
    ("article-format-is-not-read", CONFIG + '[articles.a-good]\nformat = "md"\n',
     "l10n.toml:4: ", "articles.a-good.format is not a configuration key"),
    ("article-not-in-source", CONFIG + '[articles.a-goood]\nsource_language = "uk"\n',
     "l10n.toml:3: ", "articles.a-goood names no article in source/; did you mean a-good"),
    ("pasted-pyproject-table", '[tool.l10n]\nlanguages = ["en", "uk"]\n', "l10n.toml:1: ",
     r"tool is not a configuration key; l10n.toml holds what \[tool.l10n\] holds"),
    ("invalid-toml", CONFIG + 'source_dir = source\n', "l10n.toml:3: ", "invalid TOML"),
]


@pytest.mark.parametrize(("config", "where", "what"), [c[1:] for c in BAD_CONFIGS],
                         ids=[c[0] for c in BAD_CONFIGS])
def test_bad_configuration_is_one_line_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str, where: str,
        what: str) -> None:
    root = make_project(tmp_path, config=config)
    before = snapshot(root)
    code, _, err = cli(capsys, "build", "--project", str(root))
    assert_one_line_error(code, err, where, what)
    assert snapshot(root) == before


def test_pyproject_unknown_key_names_the_table(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.l10n]\n"
                                         "languages = ['en', 'uk']\ndist = 'out'\n",
                                         encoding="utf-8")
    code, _, err = cli(capsys, "extract", "--project", str(root))
    assert_one_line_error(code, err, "pyproject.toml:6: ",
                          "tool.l10n.dist is not a configuration key; did you mean "
                          "tool.l10n.dist_dir")


# --------------------------------------------------------------- end to end, real process

def test_real_process_exit_status_and_no_traceback(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"a-good.txt": GOOD_ARTICLE, "b-bad.txt": b"\x00\x01"})
    proc = run_cli("build", "--project", str(root))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == ["l10n: error: source/b-bad.txt:1: binary file "
                                        "(contains NUL bytes)"]


def test_real_process_no_project(tmp_path: Path) -> None:
    proc = run_cli("status", "--project", str(tmp_path / "nowhere"))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith("l10n: error: ")
