"""End to end against a real Apertium APy server (see the apy_url fixture)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n import pofile
from l10n.cli import app
from l10n.notes import machine_note
from l10n.translate import BackendContext, BackendError
from l10n.translate.driver import translate_project
from l10n.translate.protect import mask
from l10n.translate.providers import ApertiumBackend
from translate_support import SEED_SLUG, fill_catalog, make_project, seed_uk_translations


def test_seed_pivoted_from_ukrainian_to_russian(tmp_path: Path, apy_url: str):
    project = make_project(tmp_path)
    uk = seed_uk_translations()
    fill_catalog(project.po_path(SEED_SLUG, "uk"), uk)
    result = CliRunner().invoke(app, ["translate", "--project", str(tmp_path), "--backend",
                                      "apertium", "--endpoint", apy_url, "--target", "ru",
                                      "--via", "uk"])
    assert result.exit_code == 0, result.output
    path = project.po_path(SEED_SLUG, "ru")
    ru = {m.msgid: m for m in pofile.read(path).messages}
    reviewed = {msgid: text for msgid, (text, fuzzy) in uk.items() if not fuzzy}
    filled = 0
    for msgid, msg in ru.items():
        if msgid not in reviewed:
            assert msg.msgstr == ""  # no reviewed Ukrainian: nothing to pivot from
            continue
        pivot = reviewed[msgid]
        assert msg.fuzzy and msg.msgstr and msg.msgstr != pivot
        assert msg.translator_comments == [machine_note("apertium (uk→ru)", msg.msgstr)]
        assert re.search("[ыэъё]|[а-я]", msg.msgstr)
        assert not re.search(r"[#@*]\w", msg.msgstr)  # generation marks cleaned, glued too
        # Placeholder check: every number or code of the pivot text is in the suggestion.
        for span in mask(pivot).spans:
            assert span in msg.msgstr
        filled += 1
    assert filled >= 10
    assert "с Германией" in ru["Negotiations with Germany started on November 17, "
                               "2023."].msgstr
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)

    # A second run with the catalog emptied again is answered by the cache alone.
    catalog = pofile.read(path)
    for m in catalog.messages:
        m.msgstr, m.flags, m.translator_comments = "", [], []
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    backend = ApertiumBackend(BackendContext(tmp_path, tmp_path / "locales",
                                             {"endpoint": apy_url}))
    translate_project(project, targets=["ru"], via="uk", endpoint=apy_url,
                      backend_instance=backend)
    assert backend.requests == 0
    assert sum(bool(m.msgstr) for m in pofile.read(path).messages) == filled


def test_unknown_pair_fails_fast_against_the_real_server(tmp_path: Path, apy_url: str):
    backend = ApertiumBackend(BackendContext(tmp_path, tmp_path, {"endpoint": apy_url}))
    with pytest.raises(BackendError, match="not installed"):
        backend.translate(["Hello."], "en", "ru")
    assert backend.requests == 1


def test_server_script_status_and_bad_option(tmp_path: Path):
    import os

    from conftest import APY_SCRIPT

    env = dict(os.environ, APY_PORT="2799", APY_DIR=str(tmp_path / "apy"), APY_NO_INSTALL="1")
    status = subprocess.run([str(APY_SCRIPT), "--status"], env=env, capture_output=True,
                            text=True)
    assert status.returncode == 1 and status.stdout == ""
    assert "not running" in status.stderr
    bad = subprocess.run([str(APY_SCRIPT), "--bogus"], env=env, capture_output=True, text=True)
    assert bad.returncode == 1 and "unknown option" in bad.stderr


def test_marks_glued_to_a_word_never_reach_the_catalog(tmp_path: Path, apy_url: str):
    """APy answers "На всіх#станція метро" for "На всех станциях метро" (markUnknown=no
    keeps the '#' of a form it could not generate, glued to the word before)."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "metro.txt").write_text(
        "Метро\n\nНа всех станциях метро работают кассы.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('source_language = "ru"\nlanguages = ["uk"]\n',
                                        encoding="utf-8")
    runner = CliRunner()
    for step in (["extract"], ["update"], ["translate", "--backend", "apertium",
                                           "--endpoint", apy_url]):
        result = runner.invoke(app, [*step, "--project", str(tmp_path)])
        assert result.exit_code == 0, result.output
    catalog = pofile.read(tmp_path / "locales" / "uk" / "LC_MESSAGES" / "metro.po")
    [entry] = [m for m in catalog.messages if m.msgid.startswith("На всех")]
    assert entry.msgstr.startswith("На всіх ") and entry.fuzzy
    assert "#" not in entry.msgstr and "@" not in entry.msgstr
