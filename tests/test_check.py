"""`l10n check` end to end on the fixture project: which checks fire where, staleness,
the output formats and the exit codes."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock
from xml.etree import ElementTree as ET

import pytest

from l10n import pipeline, pofile
from l10n.check import run
from l10n.checks import CHECKS, ERROR
from l10n.errors import ConfigError
from l10n.project import Project

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
FIXTURE = HERE / "fixtures" / "check" / "news"
SLUG = "checks-demo"


@pytest.fixture
def news(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    shutil.copytree(FIXTURE, root)
    return root


def po_path(root: Path, lang: str) -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po"


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the `l10n` command in this process (as the console script does)."""
    from l10n import cli as cli_mod

    stdout, stderr = io.StringIO(), io.StringIO()
    argv = ["l10n", *args, "--project", str(root)]
    with redirect_stdout(stdout), redirect_stderr(stderr), \
            mock.patch.object(sys, "argv", argv):
        try:
            cli_mod.main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(argv, code, stdout.getvalue(), stderr.getvalue())


def cli_process(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m l10n.cli` as a separate process, for the real exit status."""
    env = dict(os.environ, PYTHONPATH=str(SRC))
    return subprocess.run([sys.executable, "-m", "l10n.cli", *args, "--project", str(root)],
                          capture_output=True, text=True, env=env, cwd=root)


def expected(path: Path, rel: str) -> set[tuple[str, int, str]]:
    """The problems an entry announces in its translator comment `# expect: a, b`."""
    out = set()
    for m in pofile.read(path).messages:
        for comment in m.translator_comments:
            if comment.startswith("expect:"):
                out |= {(rel, m.lineno, c.strip()) for c in comment[7:].split(",")}
    return out


def test_each_quality_check_fires_exactly_where_the_fixture_expects(news: Path):
    result = run(Project.load(news))
    found = {(p.path, p.line, p.check) for p in result.problems if p.check != "completeness"}
    want: set[tuple[str, int, str]] = set()
    for lang in ("uk", "ru"):
        want |= expected(po_path(news, lang), f"locales/{lang}/LC_MESSAGES/{SLUG}.po")
    assert found == want
    # every quality check is exercised by the fixture
    assert {c for _, _, c in want} == {n for n, c in CHECKS.items() if c.group == "quality"
                                       and n != "whitespace"}


def test_problems_point_at_the_entry_line(news: Path):
    result = run(Project.load(news))
    text = po_path(news, "uk").read_text(encoding="utf-8").split("\n")
    for p in result.problems:
        if p.path.startswith("locales/uk") and p.check == "identical":
            # the entry starts with its comments: the line is the '# expect' comment
            assert text[p.line - 1].startswith("# expect: identical")


def test_completeness_thresholds_global_per_language_and_per_catalog(news: Path):
    toml = news / "l10n.toml"
    base = toml.read_text(encoding="utf-8")
    result = run(Project.load(news))
    assert [(c.language, c.stats.translated, c.stats.untranslated) for c in result.catalogs] \
        == [("uk", 24, 0), ("ru", 23, 1)]
    assert [p.path for p in result.problems if p.check == "completeness"] == \
        [f"locales/ru/LC_MESSAGES/{SLUG}.po"]
    toml.write_text(base + "ru = 95\n", encoding="utf-8")
    assert not [p for p in run(Project.load(news)).problems if p.check == "completeness"]
    toml.write_text(base + "threshold = 90\nuk = 100\n[check.catalogs]\n"
                    f'"{SLUG}" = {{ ru = 99 }}\n', encoding="utf-8")
    assert [p.path for p in run(Project.load(news)).problems if p.check == "completeness"] \
        == [f"locales/ru/LC_MESSAGES/{SLUG}.po"]
    toml.write_text(base + f'threshold = 100\n[check.catalogs]\n"{SLUG}" = 50\n',
                    encoding="utf-8")
    assert not [p for p in run(Project.load(news)).problems if p.check == "completeness"]


def test_checks_can_be_disabled_and_their_severity_changed(news: Path):
    toml = news / "l10n.toml"
    toml.write_text(toml.read_text(encoding="utf-8")
                    + 'ru = 90\ndisable = ["numbers", "urls", "placeholders"]\n'
                    + '[check.severity]\nmarkup = "warning"\nglossary = "error"\n',
                    encoding="utf-8")
    result = run(Project.load(news))
    checks = {p.check: p.severity for p in result.problems}
    assert "numbers" not in checks and "urls" not in checks and "placeholders" not in checks
    assert checks["markup"] == "warning"
    assert checks["glossary"] == "error"
    assert not result.ok  # the glossary is now an error
    toml.write_text(toml.read_text(encoding="utf-8").replace('glossary = "error"',
                                                             'glossary = "off"'),
                    encoding="utf-8")
    assert run(Project.load(news)).ok


def test_only_the_listed_checks_run(news: Path):
    toml = news / "l10n.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + 'checks = ["numbers"]\n',
                    encoding="utf-8")
    result = run(Project.load(news))
    assert {p.check for p in result.problems} == {"numbers"}


def test_an_entry_flag_silences_one_check(news: Path):
    path = po_path(news, "uk")
    catalog = pofile.read(path)
    for m in catalog.messages:
        if m.msgid.startswith("The council met"):
            m.flags.append("l10n-ignore-numbers")
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    result = run(Project.load(news))
    assert len([p for p in result.problems if p.check == "numbers"]) == 1


@pytest.mark.parametrize("setting, message", [
    ('disable = ["numbrs"]', 'check.disable names "numbrs", which is not a check; did you '
                             'mean numbers?'),
    ('threshold = 120', "percentage"),
    ('length_ratio = "wide"', "length_ratio"),
    ('[check.severity]\nnumbers = "fatal"', "error"),
    ('glossary = "nowhere.csv"', "check.glossary names a file that does not exist: "
                                 "nowhere.csv"),
    ('[check.catalogs]\n"checks-demo" = { russian = 90 }',
     "check.catalogs.checks-demo.russian is not a configuration key; did you mean ru?"),
    ('uk = "all"', "percentage"),
])
def test_configuration_mistakes_are_errors_with_exit_code_2(news: Path, setting: str,
                                                           message: str):
    toml = news / "l10n.toml"
    text = toml.read_text(encoding="utf-8").replace('glossary = "glossary.csv"\n', "")
    toml.write_text(text + setting + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        run(Project.load(news))
    proc = cli(news, "check")
    assert proc.returncode == 2
    assert message in proc.stderr


def test_a_malformed_glossary_is_a_configuration_error(news: Path):
    (news / "glossary.csv").write_text("word,lang\nUkraine,uk\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="term,language,translation"):
        run(Project.load(news))


# ---------------------------------------------------------------------------- staleness

def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_fresh_project_is_not_stale_and_check_writes_nothing(news: Path):
    before = _snapshot(news)
    result = run(Project.load(news))
    assert not any(c.stale for c in result.catalogs)
    assert not [p for p in result.problems if p.check.startswith("stale")]
    assert _snapshot(news) == before


def test_edited_source_makes_the_template_stale(news: Path):
    src = news / "source" / f"{SLUG}.txt"
    src.write_text(src.read_text(encoding="utf-8").replace(
        "The target is 4 million tons.", "The target is 5 million tons."), encoding="utf-8")
    before = _snapshot(news)
    result = run(Project.load(news))
    stale = [p for p in result.problems if p.check == "stale-pot"]
    assert len(stale) == 1
    assert stale[0].path == f"locales/{SLUG}.pot"
    assert "1 new sentence, 1 sentence gone" in stale[0].message
    pot = pofile.read(news / "locales" / f"{SLUG}.pot")
    line = next(m.lineno for m in pot.messages if m.msgid.startswith("The target"))
    assert stale[0].line == line
    assert all(c.stale for c in result.catalogs)
    assert _snapshot(news) == before


def test_only_the_creation_date_differing_is_not_stale(news: Path):
    pot_path = news / "locales" / f"{SLUG}.pot"
    pot = pofile.read(pot_path)
    pot.headers["POT-Creation-Date"] = "2001-01-01 00:00+0000"
    pot_path.write_text(pofile.dumps(pot), encoding="utf-8")
    assert not [p for p in run(Project.load(news)).problems if p.check.startswith("stale")]


def test_catalog_not_updated_to_its_template_is_stale(news: Path):
    project = Project.load(news)
    src = news / "source" / f"{SLUG}.txt"
    src.write_text(src.read_text(encoding="utf-8") + "\nA brand new paragraph.\n",
                   encoding="utf-8")
    pipeline.extract(project)
    result = run(project)
    assert not [p for p in result.problems if p.check == "stale-pot"]
    stale = [p for p in result.problems if p.check == "stale-po"]
    assert [p.path for p in stale] == [f"locales/uk/LC_MESSAGES/{SLUG}.po",
                                       f"locales/ru/LC_MESSAGES/{SLUG}.po"]
    assert "1 new entry" in stale[0].message
    pipeline.update(project)
    assert not [p for p in run(project).problems if p.check.startswith("stale")]


def test_missing_template_and_catalog_are_reported(news: Path):
    (news / "locales" / f"{SLUG}.pot").unlink()
    po_path(news, "ru").unlink()
    result = run(Project.load(news))
    checks = {(p.check, p.path) for p in result.problems}
    assert ("stale-pot", f"locales/{SLUG}.pot") in checks
    assert ("missing", f"locales/ru/LC_MESSAGES/{SLUG}.po") in checks
    assert not result.ok


def test_unreadable_and_duplicate_catalogs_fail_the_gate_with_their_line(news: Path):
    path = po_path(news, "uk")
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\nmsgid "NATO"\nmsgstr "НАТО"\n', encoding="utf-8")
    result = run(Project.load(news))
    dup = [p for p in result.problems if p.check == "duplicate"]
    assert dup and dup[0].line == text.count("\n") + 2 and dup[0].severity == ERROR
    path.write_text(text + '\nmsgid "x\n', encoding="utf-8")
    result = run(Project.load(news))
    assert [p.check for p in result.problems if p.path.endswith("uk/LC_MESSAGES/"
                                                                  f"{SLUG}.po")] == ["syntax"]
    assert not result.ok
    assert [c.readable for c in result.catalogs] == [False, True]


# ---------------------------------------------------------------------------- output

def test_exit_codes(news: Path):
    assert cli_process(news, "check").returncode == 1
    toml = news / "l10n.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "ru = 90\n"
                    'disable = ["numbers", "urls", "placeholders", "markup"]\n',
                    encoding="utf-8")
    proc = cli(news, "check")
    assert proc.returncode == 0, proc.stdout  # warnings do not fail the gate
    assert "[punctuation]" in proc.stdout
    assert cli(news, "check", "--format", "xml").returncode == 2
    (news / "source").rename(news / "elsewhere")
    proc = cli_process(news, "check")
    assert proc.returncode == 2 and "source folder not found" in proc.stderr


def test_text_output_has_the_table_and_problem_lines(news: Path):
    proc = cli(news, "check")
    out = proc.stdout
    assert "checks-demo" in out and "translated" in out and "95.8" in out
    assert f"locales/uk/LC_MESSAGES/{SLUG}.po:" in out
    lines = [ln for ln in out.splitlines() if ": [" in ln]
    assert lines and all(ln.split(": [")[0].rsplit(":", 1)[1].isdigit() for ln in lines)
    # errors are listed before warnings
    assert out.index("[numbers]") < out.index("[punctuation]")


def test_json_output_follows_the_documented_schema(news: Path):
    proc = cli(news, "check", "--format", "json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["version"] == 2 and doc["ok"] is False
    assert doc["errors"] == sum(p["severity"] == "error" for p in doc["problems"])
    for c in doc["catalogs"]:
        assert {"path", "language", "translated", "fuzzy", "untranslated", "obsolete",
                "percent", "stale"} <= set(c)
        assert isinstance(c["stale"], bool) and isinstance(c["percent"], float)
    assert doc["catalogs"][1]["language"] == "ru" and doc["catalogs"][1]["untranslated"] == 1
    for p in doc["problems"]:
        assert set(p) == {"path", "line", "check", "severity", "message"}
        assert p["check"] in CHECKS and p["severity"] in ("error", "warning")
        assert isinstance(p["line"], int) and p["line"] >= 1
    assert any("1,500" in p["message"] for p in doc["problems"])


def test_github_output_is_workflow_annotations(news: Path):
    proc = cli(news, "check", "--format", "github")
    annotations = [ln for ln in proc.stdout.splitlines() if ln.startswith("::")]
    assert annotations
    for ln in annotations:
        head, _, message = ln[2:].partition("::")
        kind, _, props = head.partition(" ")
        assert kind in ("error", "warning") and message
        fields = dict(f.split("=", 1) for f in props.split(","))
        assert fields["file"].startswith("locales/") and fields["line"].isdigit()
        assert fields["title"].startswith("l10n ")
    assert any(ln.startswith(f"::error file=locales/uk/LC_MESSAGES/{SLUG}.po,line=")
               for ln in annotations)


def test_junit_report(news: Path, tmp_path: Path):
    report = tmp_path / "junit.xml"
    proc = cli(news, "check", "--junit", str(report), "--format", "json")
    assert proc.returncode == 1
    root = ET.parse(report).getroot()
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    names = [c.get("name") for c in cases]
    assert names == [f"locales/{SLUG}.pot", f"locales/uk/LC_MESSAGES/{SLUG}.po",
                     f"locales/ru/LC_MESSAGES/{SLUG}.po"]
    assert cases[0].find("failure") is None  # the template is fine
    assert cases[1].find("failure") is not None
    assert root.find("testsuite").get("failures") == "2"
    assert "[numbers]" in cases[1].find("failure").text


def test_language_filter(news: Path):
    proc = cli(news, "check", "--lang", "uk", "--format", "json")
    doc = json.loads(proc.stdout)
    assert [c["language"] for c in doc["catalogs"]] == ["uk"]
    assert all("/uk/" in p["path"] for p in doc["problems"])
    proc = cli(news, "check", "--lang", "de")
    assert proc.returncode == 2 and "'de' is not one of the project's languages" in proc.stderr


def test_status_in_a_pipe_fits_80_columns_uncut(news: Path):
    proc = cli(news, "status")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[1].split() == ["catalog", "lang", "translated", "fuzzy", "untranslated", "%",
                                "words", "to", "do"]
    assert any(line.split()[:2] == ["checks-demo", "uk"] for line in lines)
    assert max(len(line) for line in lines) <= 80
    assert "…" not in proc.stdout and "━" not in proc.stdout  # no bar without a terminal


def test_build_runs_the_check_as_one_of_its_steps(news: Path):
    report = pipeline.build(Project.load(news))
    assert not report.ok
    assert any("[numbers]" in line for line in report.lines)


def test_glossary_is_shared_with_the_translate_section(news: Path):
    toml = news / "l10n.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        '[check]\nglossary = "glossary.csv"\n', '[translate]\nglossary = ["glossary.csv"]\n'),
        encoding="utf-8")
    assert "[check]" not in toml.read_text(encoding="utf-8")
    result = run(Project.load(news))
    assert len([p for p in result.problems if p.check == "glossary"]) == 2
    toml.write_text(toml.read_text(encoding="utf-8").replace('glossary = ["glossary.csv"]', ''),
                    encoding="utf-8")
    assert not [p for p in run(Project.load(news)).problems if p.check == "glossary"]


def test_github_annotations_escape_what_workflow_commands_need():
    from l10n.check import CatalogResult, CheckResult, Stats
    from l10n.checks import Problem
    from l10n.checks.report import to_github, to_junit

    result = CheckResult(
        catalogs=[CatalogResult("a,b.po", "a", "uk", Stats(translated=1), 100.0)],
        problems=[Problem("a,b.po", 3, "numbers", "error", "50% of\nit: gone")])
    first = to_github(result).splitlines()[0]
    assert first == "::error file=a%2Cb.po,line=3,title=l10n numbers::50%25 of%0Ait: gone"
    root = ET.fromstring(to_junit(result).split("\n", 1)[1])
    assert root.find("./testsuite/testcase").get("name") == "a,b.po"


def test_moved_sentences_make_the_catalog_stale_but_translator_edits_do_not(news: Path):
    project = Project.load(news)
    path = po_path(news, "uk")
    catalog = pofile.read(path)
    catalog.messages[0].msgstr = "Інший переклад"
    catalog.messages[0].translator_comments.append("checked by the editor")
    catalog.messages[1].fuzzy = True
    catalog.messages.append(type(catalog.messages[0])(msgid="An old sentence",
                                                      msgstr="Старе речення", obsolete=True))
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    assert not [p for p in run(project).problems if p.check.startswith("stale")]
    src = news / "source" / f"{SLUG}.txt"
    src.write_text("\n\n" + src.read_text(encoding="utf-8"), encoding="utf-8")
    pipeline.extract(project)  # same sentences, two lines further down
    stale = [p for p in run(project).problems if p.check.startswith("stale")]
    assert {p.check for p in stale} == {"stale-po"}
    assert "comments, references or flags changed" in stale[0].message
