"""Silencing a check on one entry: the `# l10n-ignore: <checks>` translator comment.

GNU msgcat, msgmerge and msgattrib (and Poedit) keep translator comments but drop flags
they do not know, so the comment form survives a team's own gettext tooling; the older
`#, l10n-ignore-<check>` flags are still honoured and become the comment on update. Any
per-entry problem can be silenced: quality, format, newlines, plural-forms, msgfmt and
stale-po.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from l10n import pofile
from l10n.check import Settings, check_file
from l10n.checks import CHECKS, OFF

pytestmark = pytest.mark.skipif(shutil.which("msgcat") is None,
                                reason="GNU gettext (msgcat, msgmerge, msgattrib) not installed")

ARTICLE = "Closures\n\nThe ministry counted 25 schools. Up to %d pupils stay home.\n"
SILENCED = {
    "The ministry counted 25 schools.": ("Міністерство порахувало школи.", [],
                                         "numbers"),
    "Up to %d pupils stay home.": ("Учні залишаються вдома.", ["c-format"],
                                   "format, msgfmt, placeholders"),
}


def cli(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    from l10n.cli import main

    with mock.patch.object(sys, "argv", ["l10n", *args, "--project", str(root)]):
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out + err


def problems(root: Path, capsys: pytest.CaptureFixture[str]) -> set[tuple[str, str]]:
    code, output = cli(root, capsys, "check", "--format", "json")
    report = json.loads(output)
    assert (code == 0) == report["ok"]
    return {(p["check"], p["path"]) for p in report["problems"] if p["severity"] == "error"}


@pytest.fixture
def desk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "desk"
    (root / "source").mkdir(parents=True)
    (root / "source" / "closures.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["uk"]\n\n'
                                    '[check]\nenable = ["msgfmt"]\n', encoding="utf-8")
    for step in ("extract", "update"):
        assert cli(root, capsys, step)[0] == 0
    path = po(root)
    catalog = pofile.read(path)
    for m in catalog.messages:
        m.msgstr = "Закриття"
        if m.msgid in SILENCED:
            m.msgstr, flags, checks = SILENCED[m.msgid]
            m.flags += flags
            m.translator_comments.append(f"l10n-ignore: {checks}")
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    return root


def po(root: Path) -> Path:
    return root / "locales" / "uk" / "LC_MESSAGES" / "closures.po"


def without_silencing(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text("".join(line for line in text.splitlines(keepends=True)
                            if "l10n-ignore" not in line), encoding="utf-8")


TOOLS = {
    "msgcat": lambda po, pot, out: ["msgcat", str(po), "-o", str(out)],
    "msgmerge --previous": lambda po, pot, out: ["msgmerge", "--previous", "-q", str(po),
                                                 str(pot), "-o", str(out)],
    "msgattrib": lambda po, pot, out: ["msgattrib", str(po), "-o", str(out)],
}


@pytest.mark.parametrize("tool", TOOLS)
def test_a_silenced_problem_stays_silenced_through_gettext_tools(
        desk: Path, capsys: pytest.CaptureFixture[str], tool: str):
    assert problems(desk, capsys) == set()
    path, pot = po(desk), desk / "locales" / "closures.pot"
    out = path.with_suffix(".out")
    subprocess.run(TOOLS[tool](path, pot, out), check=True)
    shutil.move(out, path)
    assert problems(desk, capsys) == set(), path.read_text(encoding="utf-8")
    assert cli(desk, capsys, "check")[0] == 0
    # The problems are real: without the comments, the same catalog fails. (msgmerge
    # takes format flags from the template, which has none: the c-format problems go with
    # the translator's flag, and without it the lost %d is a placeholders problem; with
    # it, the directive is the format check's.)
    real = {"numbers"}
    if any("c-format" in m.flags for m in pofile.read(path).messages):
        real |= {"format", "msgfmt"}
    else:
        real |= {"placeholders"}
        assert tool.startswith("msgmerge")
    without_silencing(path)
    rel = "locales/uk/LC_MESSAGES/closures.po"
    assert problems(desk, capsys) == {(check, rel) for check in real}


@pytest.mark.parametrize("tool", TOOLS)
def test_old_flags_are_migrated_by_update_before_a_tool_drops_them(
        desk: Path, capsys: pytest.CaptureFixture[str], tool: str):
    path, pot = po(desk), desk / "locales" / "closures.pot"
    catalog = pofile.read(path)
    for m in catalog.messages:
        if m.msgid in SILENCED:  # the form older versions documented
            m.translator_comments = []
            m.flags += [f"l10n-ignore-{c.strip()}" for c in SILENCED[m.msgid][2].split(",")]
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    assert problems(desk, capsys) == set()  # still honoured
    out = path.with_suffix(".out")
    subprocess.run(TOOLS[tool](path, pot, out), check=True)
    assert "l10n-ignore" not in out.read_text(encoding="utf-8")  # why the comment form
    out.unlink()
    code, output = cli(desk, capsys, "update")
    assert code == 0 and "updated" in output
    migrated = pofile.read(path)
    for m in migrated.messages:
        if m.msgid in SILENCED:
            assert m.translator_comments == [f"l10n-ignore: {SILENCED[m.msgid][2]}"]
            assert not any(f.startswith("l10n-ignore") for f in m.flags)
    subprocess.run(TOOLS[tool](path, pot, out), check=True)
    shutil.move(out, path)
    assert problems(desk, capsys) == set()


PLURAL_PO = r'''msgid ""
msgstr ""
"Project-Id-Version: x\n"
"Language: uk\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

# l10n-ignore: plural-forms, msgfmt
#, c-format
msgid "%d ton"
msgid_plural "%d tons"
msgstr[0] "%d тонна"
msgstr[1] "%d тонни"

# l10n-ignore: newlines, msgfmt
msgid "Line\n"
msgstr "Рядок"
'''


def test_plural_forms_and_newlines_problems_of_an_entry_can_be_silenced(tmp_path: Path):
    path = tmp_path / "uk.po"
    path.write_text(PLURAL_PO, encoding="utf-8")
    settings = Settings.defaults()
    settings.severities.update({name: info.severity if info.severity != OFF else "error"
                                for name, info in CHECKS.items()})  # msgfmt on too
    entry_checks = {"plural-forms", "newlines", "msgfmt", "format", "placeholders"}
    found = [p for p in check_file(path, "uk", settings=settings).problems
             if p.check in entry_checks]
    assert found == []
    path.write_text(PLURAL_PO.replace("# l10n-ignore: plural-forms, msgfmt\n", "")
                    .replace("# l10n-ignore: newlines, msgfmt\n", ""), encoding="utf-8")
    found = [(p.check, p.line) for p in check_file(path, "uk", settings=settings).problems
             if p.check in entry_checks]
    assert ("plural-forms", 9) in found and ("newlines", 15) in found
    # msgfmt's two findings (its two-part plural message is one), one in each entry
    assert sum(check == "msgfmt" for check, _ in found) == 2, found
