"""The command line as a newsroom meets it: --project, a broken catalog among good ones,
missing catalogs, one percentage everywhere, `l10n init`, usage errors, tables in an
80-column terminal and in a pipe, what `build` wrote, and progress by callback.

Most tests run ``l10n`` in this process (fast); the pipe tests run it as a process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from rich.console import Console

import l10n
from l10n import pipeline, pofile
from l10n.checks.report import print_status
from l10n.cli import main
from l10n.project import Project

SRC = Path(l10n.__file__).resolve().parents[1]
ARTICLE = ("ua en ru\n\nTalks on security guarantees\n\nKyiv and Bucharest will start talks "
           "next month. The talks follow the G7 declaration.\n")
LONG_SLUG = "zelenskyy-and-iohannis-agree-on-security-guarantees-for-ukraine-and-romania"


def cli(capsys: pytest.CaptureFixture[str], *args: str,
        cwd: Path | None = None) -> tuple[int, str, str]:
    code = 0
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with mock.patch.object(sys, "argv", ["l10n", *args]):
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 0
    finally:
        os.chdir(old)
    out, err = capsys.readouterr()
    return code, out, err


def process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "80"}
    return subprocess.run([sys.executable, "-m", "l10n.cli", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=120)


def make(root: Path, articles: dict[str, str] | None = None, config: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["uk", "ru", "en"]\n'
                                    + config, encoding="utf-8")
    (root / "source").mkdir()
    for slug, text in (articles or {"talks": ARTICLE}).items():
        (root / "source" / f"{slug}.txt").write_text(text, encoding="utf-8")
    return root


def built(root: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, _, err = cli(capsys, "build", "--project", str(root))
    assert code == 0, err
    return root


def translate_first(root: Path, slug: str, lang: str, count: int) -> None:
    path = root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"
    catalog = pofile.read(path)
    for msg in catalog.active()[:count]:
        msg.msgstr, msg.fuzzy = f"[{lang}] {msg.msgid}", False
    path.write_text(pofile.dumps(catalog), encoding="utf-8")


# -------------------------------------------------------------------------- --project

def test_a_project_path_that_does_not_exist_is_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outer = make(tmp_path / "desk")
    code, out, err = cli(capsys, "build", "--project", "./typo", cwd=outer)
    assert code == 2 and out == ""
    assert err == ("l10n: error: typo: no such file or folder (--project needs a project "
                   "folder, an l10n.toml or a pyproject.toml)\n")
    assert not (outer / "locales").exists()  # the enclosing project was not built


def test_a_file_that_is_not_a_project_file_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make(tmp_path / "desk")
    (root / "README.md").write_text("# Desk\n", encoding="utf-8")
    code, _, err = cli(capsys, "status", "--project", str(root / "README.md"))
    assert code == 2
    assert err.endswith("README.md: not a project file (--project needs a project folder, "
                        "an l10n.toml or a pyproject.toml)\n")
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    code, _, err = cli(capsys, "status", "--project", str(root / "pyproject.toml"))
    assert code == 2 and "has no [tool.l10n] table (run 'l10n init' to add one)" in err


def test_project_before_the_command_name(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = make(tmp_path / "desk")
    code, out, err = cli(capsys, "--project", str(root), "extract")
    assert code == 0, err
    assert out == "locales/talks.pot: 3 entries from source/talks.txt\n"
    code, out, err = cli(capsys, "-p", str(root), "status")
    assert code == 0 and "3 catalogs missing; run 'l10n update'" not in out
    # Given twice, the one after the command wins.
    other = make(tmp_path / "other", {"other": ARTICLE})
    code, out, _ = cli(capsys, "--project", str(root), "extract", "--project", str(other))
    assert code == 0 and out.startswith("locales/other.pot")


def test_backends_takes_a_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make(tmp_path / "desk", config='[translate]\nbackend = "apertium"\n')
    code, out, _ = cli(capsys, "backends", "--project", str(root))
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert lines["apertium"].endswith("(project default)")
    assert not lines["memory"].endswith("(project default)")
    code, _, err = cli(capsys, "backends", "--project", str(tmp_path / "nowhere"))
    assert code == 2 and "no such file or folder" in err


# ------------------------------------------------------------- a broken catalog (defect 6)

@pytest.mark.parametrize("command", ["status", "compile", "translate", "update", "build"])
def test_one_broken_catalog_is_one_line_and_the_others_are_done(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    root = built(make(tmp_path / "desk", {"a-first": ARTICLE, "b-second": ARTICLE.replace(
        "talks", "meetings")}, config="[compile]\nthreshold = 0\n"), capsys)
    broken = root / "locales" / "uk" / "LC_MESSAGES" / "a-first.po"
    broken.write_text('msgid ""\nmsgstr ""\n"Language: uk\\n"\n\nmsgid "x"\nmsgstr "open\n',
                      encoding="utf-8")
    translate_first(root, "b-second", "uk", 3)
    (root / "dist").exists() and __import__("shutil").rmtree(root / "dist")
    code, out, err = cli(capsys, command, "--project", str(root))
    assert code == 2
    assert len(err.splitlines()) == 1, err
    assert err.startswith("l10n: error: locales/uk/LC_MESSAGES/a-first.po:6: unterminated "
                          "string")
    if command == "status":
        assert "unreadable" in out and "b-second" in out
    if command in ("compile", "build"):  # every other catalog is published
        assert sorted(p.relative_to(root / "dist").as_posix()
                      for p in (root / "dist").rglob("*.txt")) == [
            "ru/a-first.txt", "ru/b-second.txt", "uk/b-second.txt"]
    if command in ("translate", "update", "build"):
        assert "locales/ru/LC_MESSAGES/a-first.po" in out


# --------------------------------------------------------------------- status (7, 15)

def test_status_lists_missing_catalogs(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    root = built(make(tmp_path / "desk"), capsys)
    (root / "locales" / "ru" / "LC_MESSAGES" / "talks.po").unlink()
    code, out, _ = cli(capsys, "status", "--project", str(root))
    assert code == 0  # status informs; 'check' is the gate
    rows = [line.split() for line in out.splitlines()]
    assert ["talks", "ru", "missing"] in rows
    assert out.splitlines()[-1] == "1 catalog missing; run 'l10n update'"


def test_status_counts_source_words(tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = built(make(tmp_path / "desk"), capsys)
    translate_first(root, "talks", "uk", 1)  # the title: 4 words
    code, out, _ = cli(capsys, "status", "--project", str(root))
    rows = {tuple(line.split()[:2]): line.split() for line in out.splitlines()}
    # translated fuzzy untranslated % words "to do": 4 + 9 + 5 source words in all
    assert rows[("talks", "uk")][2:] == ["1", "0", "2", "33.3", "18", "14"]
    assert rows[("talks", "ru")][2:] == ["0", "0", "3", "0.0", "18", "18"]


@pytest.mark.parametrize("command", ["status", "check"])
def test_tables_fit_80_columns_and_are_not_cut_in_a_pipe(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    root = built(make(tmp_path / "desk", {LONG_SLUG: ARTICLE, "short": ARTICLE}), capsys)
    proc = process(command, "--project", str(root))
    lines = proc.stdout.splitlines()
    if command == "check":  # the table; the problem lines after it name whole paths
        lines = lines[:lines.index("4 errors:")]
    assert max(len(line) for line in lines) <= 80, proc.stdout
    assert "…" not in proc.stdout
    assert LONG_SLUG in lines  # a name too long for its column gets a line of its own
    table = lines[:lines.index(LONG_SLUG) + 3]
    assert table[1].split()[:4] == ["catalog", "/", "lang", "translated"]
    assert table[-2].split()[:4] == ["uk", "0", "0", "3"]
    assert "untranslated" in table[1]  # headers whole


def test_a_short_table_keeps_one_row_per_catalog_and_a_terminal_gets_bars(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = built(make(tmp_path / "desk"), capsys)
    translate_first(root, "talks", "uk", 3)
    report = pipeline.status(Project.load(root))
    console = Console(width=100, force_terminal=True, color_system=None)
    with console.capture() as captured:
        print_status(report, console)
    lines = captured.get().splitlines()
    assert lines[1].split() == ["catalog", "lang", "translated", "fuzzy", "untranslated", "%",
                                "words", "to", "do"]
    assert lines[2].split() == ["talks", "uk", "3", "0", "0", "100.0", "18", "0", "█" * 10]
    assert lines[3].split()[-1] == "░" * 10


def test_build_lists_the_files_it_wrote(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = make(tmp_path / "desk", config="[compile]\nthreshold = 0\n")
    code, out, _ = cli(capsys, "build", "--project", str(root))
    assert code == 0
    tail = out.splitlines()[out.splitlines().index(next(
        line for line in out.splitlines() if line.startswith("check failed"))):]
    assert tail[0].endswith("; 7 files written:")
    assert sorted(line.strip() for line in tail[1:]) == sorted([
        "locales/talks.pot", "locales/uk/LC_MESSAGES/talks.po",
        "locales/ru/LC_MESSAGES/talks.po", "locales/uk/LC_MESSAGES/talks.mo",
        "locales/ru/LC_MESSAGES/talks.mo", "dist/uk/talks.txt", "dist/ru/talks.txt"])
    code, out, _ = cli(capsys, "build", "--project", str(root))
    assert out.splitlines()[-1].endswith("; 0 files written")


# ----------------------------------------------------------- one percentage (defect 8)

def test_status_check_and_compile_show_and_judge_the_same_percentage(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sentences = " ".join(f"Sentence number {n} is here." for n in range(12))
    root = built(make(tmp_path / "desk", {"talks": f"ua en ru\n\nA title\n\n{sentences}\n"}),
                 capsys)
    translate_first(root, "talks", "uk", 2)  # 2 of 13 entries: 15.38... %
    _, status, _ = cli(capsys, "status", "--project", str(root))
    assert "15.3" in next(line for line in status.splitlines() if " uk " in f" {line} ")
    _, check, _ = cli(capsys, "check", "--project", str(root), "--lang", "uk")
    assert "[completeness] 15.3% translated (2 of 13), 100% required" in check
    _, doc, _ = cli(capsys, "check", "--project", str(root), "--lang", "uk", "-f", "json")
    assert json.loads(doc)["catalogs"][0]["percent"] == 15.3
    _, compiled, _ = cli(capsys, "compile", "--project", str(root))
    assert "uk is 15.3% translated (2 of 13 entries), 100% required" in compiled
    # The threshold is judged on the percentage shown: 15.3 passes, 15.4 does not.
    for need, published in ((15.3, True), (15.4, False)):
        (root / "l10n.toml").write_text(
            'languages = ["uk", "ru", "en"]\n'
            f"[check]\nuk = {need}\n[compile]\nuk = {need}\n", encoding="utf-8")
        code, _, _ = cli(capsys, "check", "--project", str(root), "--lang", "uk")
        assert (code == 0) == published
        cli(capsys, "compile", "--project", str(root))
        assert (root / "dist" / "uk" / "talks.txt").exists() == published


def test_an_unreadable_catalog_has_no_percentage_in_json(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = built(make(tmp_path / "desk"), capsys)
    (root / "locales" / "uk" / "LC_MESSAGES" / "talks.po").write_text("msgid \"\n",
                                                                        encoding="utf-8")
    _, doc, _ = cli(capsys, "check", "--project", str(root), "-f", "json")
    uk = next(c for c in json.loads(doc)["catalogs"] if c["language"] == "uk")
    assert uk["readable"] is False and uk["percent"] is None and uk["complete"] is False


# ------------------------------------------------------------- check on a new source (9)

def test_check_reports_a_new_source_that_is_not_utf8(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = built(make(tmp_path / "desk"), capsys)
    (root / "source" / "latin.txt").write_bytes("Caf\xe9 talks\n".encode("latin-1"))
    code, out, err = cli(capsys, "check", "--project", str(root))
    assert code == 2 and out == ""
    assert err == ("l10n: error: source/latin.txt:1: not valid UTF-8 (byte 0xe9); save the "
                   "file as UTF-8\n")


# ------------------------------------------------------------------------ init (13)

def test_init_starts_a_project_that_builds(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "desk"
    root.mkdir()
    (root / ".gitignore").write_text("*.pyc\ndist/\n", encoding="utf-8")
    code, out, err = cli(capsys, "init", str(root))
    assert code == 0, err
    assert out.splitlines() == [
        "wrote l10n.toml", "created source/", "created locales/",
        ".gitignore: added .l10n.lock, .l10n-cache/, *.mo, /dist/",
        "next: put articles in source/ and run 'l10n build'"]
    assert (root / ".gitignore").read_text(encoding="utf-8").splitlines() == [
        "*.pyc", "dist/", ".l10n.lock", ".l10n-cache/", "*.mo", "/dist/"]
    (root / "source" / "talks.txt").write_text(ARTICLE, encoding="utf-8")
    code, out, err = cli(capsys, "build", cwd=root)
    assert code == 0, err
    assert (root / "locales" / "uk" / "LC_MESSAGES" / "talks.po").is_file()
    code, _, err = cli(capsys, "init", str(root))
    assert code == 2 and err.endswith("l10n.toml: already an l10n project\n")


def test_init_writes_into_an_existing_pyproject(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "site"\n', encoding="utf-8")
    code, out, err = cli(capsys, "init", str(root), "--source-language", "uk",
                         "--languages", "uk,en")
    assert code == 0, err
    assert out.splitlines()[0] == "added [tool.l10n] to pyproject.toml"
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert text.startswith('[project]\nname = "site"\n\n[tool.l10n]\n')
    cfg = Project.load(root).config
    assert (cfg.source_language, cfg.languages) == ("uk", ("uk", "en"))


def test_init_refuses_a_country_code_with_a_hint(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "init", str(tmp_path), "--languages", "ua,en")
    assert code == 2
    assert err == ('l10n: error: --languages must be a list of language codes such as "uk", '
                   'got "ua"; did you mean uk?\n')
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------ usage errors (15)

@pytest.mark.parametrize(("args", "expected"), [
    (["extrat"], "l10n: error: no such command 'extrat'. Did you mean 'extract'? "
                 "(see 'l10n --help')"),
    (["status", "--projet", "x"], "l10n: error: no such option: --projet (Possible options: "
                                  "--project) (see 'l10n status --help')"),
    (["check", "--format", "xml"], "l10n: error: invalid value for '--format': choose text, "
                                   "json or github (see 'l10n check --help')"),
])
def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str], args: list[str],
                                   expected: str) -> None:
    code, out, err = cli(capsys, *args)
    assert code == 2
    assert err.splitlines() == [expected]
    assert "╭" not in err + out


# ------------------------------------------------------- progress by callback

def test_library_steps_report_progress_through_a_callback_and_print_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = built(make(tmp_path / "desk", {"a": ARTICLE, "b": ARTICLE.replace("G7", "EU")}),
                 capsys)
    translate_first(root, "a", "uk", 1)  # the memory has en→uk from now on
    calls: list[tuple[str, int, int | None]] = []
    project = Project.load(root)
    pipeline.translate(project, "memory", progress=lambda what, done, total: calls.append(
        (what, done, total)))
    assert calls[0] == ("memory", 0, calls[0][2]) and calls[0][2] > 0
    assert calls[-1][1] == calls[-1][2]
    assert capsys.readouterr() == ("", "")


def test_compile_counts_the_entries_the_article_has_now(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A catalog complete for an older version of its article is not published with a new
    sentence left in English: the new sentence counts as an untranslated entry."""
    root = built(make(tmp_path / "desk"), capsys)
    translate_first(root, "talks", "uk", 3)
    (root / "source" / "talks.txt").write_text(ARTICLE + "\nA new paragraph.\n",
                                               encoding="utf-8")
    code, out, _ = cli(capsys, "compile", "--project", str(root))
    assert code == 0
    assert "uk is 75.0% translated (3 of 4 entries), 100% required" in out
    assert not (root / "dist" / "uk" / "talks.txt").exists()
