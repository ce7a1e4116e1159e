"""The translate driver: what it fills, what it never touches, cache, resume, pivot, CLI."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from l10n import pofile
from l10n.cli import app
from l10n.errors import ConfigError, L10nError
from l10n.model import Catalog, Message
from l10n.notes import MACHINE_MARK, is_machine_output, machine_note
from l10n.translate import BackendError, Translation
from l10n.translate.driver import fill
from translate_support import (
    SEED_SLUG,
    EchoBackend,
    fill_catalog,
    make_project,
    seed_uk_translations,
)

ARTICLES = {
    "one": "Title one\n\nThe same sentence. A sentence only in one.\n",
    "two": "Title two\n\nThe same sentence. A sentence only in two.\n",
}


def po(project, slug: str, lang: str):
    return pofile.read(project.po_path(slug, lang))


# -- the property: a translated entry is never overwritten

entries = st.builds(
    lambda msgid, msgstr, state: (msgid, msgstr, state),
    st.text(min_size=1, max_size=12).filter(lambda s: s.strip() != ""),
    st.text(max_size=12),
    st.sampled_from(["translated", "human-fuzzy", "machine-fuzzy", "edited-machine",
                     "old-machine-note", "empty", "obsolete"]),
)


def build_catalog(rows: list[tuple[str, str, str]]) -> Catalog:
    catalog = Catalog(headers={"Language": "ru"})
    for i, (msgid, msgstr, state) in enumerate(rows):
        msg = Message(msgid=f"{msgid}-{i}", msgstr=msgstr or "x")
        if state == "empty":
            msg.msgstr = ""
        elif state == "human-fuzzy":
            msg.fuzzy = True
        elif state == "machine-fuzzy":
            msg.fuzzy = True
            msg.translator_comments = [machine_note("old (en→ru)", msg.msgstr)]
        elif state == "edited-machine":  # a person changed the machine's text
            msg.fuzzy = True
            msg.translator_comments = [machine_note("old (en→ru)", msg.msgstr + "?")]
        elif state == "old-machine-note":  # written before notes carried a digest
            msg.fuzzy = True
            msg.translator_comments = [f"{MACHINE_MARK} old (en→ru)"]
        elif state == "obsolete":
            msg.obsolete = True
        catalog.messages.append(msg)
    return catalog


@settings(max_examples=60, deadline=None)
@given(st.lists(entries, max_size=15), st.booleans())
def test_translated_and_human_entries_are_never_overwritten(rows, refresh):
    catalog = build_catalog(rows)
    before = copy.deepcopy(catalog)
    fill(catalog, EchoBackend(), "en", "ru", refresh=refresh)
    for old, new in zip(before.messages, catalog.messages, strict=True):
        may_change = not old.obsolete and (not old.msgstr or
                                           (refresh and is_machine_output(old)))
        if not may_change:
            assert new == old
        else:
            assert new.msgstr == f"[ru] {old.msgid}"
            assert new.fuzzy
            assert new.translator_comments[-1] == machine_note("echo (en→ru)", new.msgstr)
            assert sum(c.startswith(MACHINE_MARK) for c in new.translator_comments) == 1
            assert is_machine_output(new)


# -- a project run


def test_fills_untranslated_as_fuzzy_and_dedupes_across_catalogs(tmp_path: Path):
    project = make_project(tmp_path, articles=ARTICLES)
    backend = EchoBackend()
    report = project_translate(project, backend)
    # "The same sentence." appears in 2 articles x 2 languages but is asked once per pair.
    assert backend.texts.count("The same sentence.") == 2
    ru = po(project, "one", "ru")
    msg = next(m for m in ru.messages if m.msgid == "The same sentence.")
    assert msg.msgstr == "[ru] The same sentence." and msg.fuzzy
    assert msg.translator_comments == [machine_note("echo (en→ru)", msg.msgstr)]
    assert report.ok
    assert any("filled by echo" in line for line in report.lines)


def project_translate(project, backend, **kwargs):
    from l10n.translate.driver import translate_project

    return translate_project(project, backend_instance=backend, **kwargs)


def test_second_run_costs_nothing_and_refresh_asks_again(tmp_path: Path):
    project = make_project(tmp_path, articles=ARTICLES)
    project_translate(project, EchoBackend())
    again = EchoBackend()
    project_translate(project, again)
    assert again.calls == []  # nothing untranslated left
    # Emptying the catalog: the cache answers, still zero requests.
    for lang in ("uk", "ru"):
        path = project.po_path("one", lang)
        catalog = pofile.read(path)
        for m in catalog.messages:
            m.msgstr, m.translator_comments, m.flags = "", [], []
        path.write_text(pofile.dumps(catalog), encoding="utf-8")
    cached = EchoBackend()
    report = project_translate(project, cached)
    assert cached.calls == []
    assert "from cache" in report.lines[-1]
    assert po(project, "one", "ru").messages[0].msgstr.startswith("[ru] ")
    fresh = EchoBackend()
    project_translate(project, fresh, refresh=True)
    assert len(fresh.texts) > 0
    cache_files = list((tmp_path / ".l10n-cache").glob("echo-*.jsonl"))
    assert len(cache_files) == 1
    assert (tmp_path / ".l10n-cache" / ".gitignore").read_text().strip().endswith("*")


def test_human_work_survives_refresh(tmp_path: Path):
    project = make_project(tmp_path, articles=ARTICLES)
    path = project.po_path("one", "ru")
    catalog = pofile.read(path)
    catalog.messages[0].msgstr = "Заголовок один"
    catalog.messages[1].msgstr = "Черновик"
    catalog.messages[1].fuzzy = True
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    project_translate(project, EchoBackend())
    project_translate(project, EchoBackend(), refresh=True)
    after = pofile.read(path)
    assert after.messages[0].msgstr == "Заголовок один" and not after.messages[0].fuzzy
    assert after.messages[1].msgstr == "Черновик"
    assert all(m.msgstr.startswith("[ru]") for m in after.messages[2:])


def test_interrupted_run_keeps_its_work_and_the_next_run_continues(tmp_path: Path):
    project = make_project(tmp_path, articles=ARTICLES,
                           translate="concurrency = 1\nbatch_size = 2")
    with pytest.raises(KeyboardInterrupt):
        project_translate(project, EchoBackend(interrupt_after=2))
    done = [m for lang in ("uk", "ru") for slug in ARTICLES
            for m in po(project, slug, lang).messages if m.msgstr]
    assert len(done) >= 4  # the two finished batches were written to the catalogs
    rest = EchoBackend()
    project_translate(project, rest)
    first = EchoBackend()
    make_project(tmp_path / "fresh", articles=ARTICLES)
    from l10n.project import Project

    project_translate(Project.load(tmp_path / "fresh"), first)
    assert 0 < len(rest.texts) < len(first.texts)
    # Nothing asked before the interruption is asked again.
    assert len(rest.texts) == len(first.texts) - 4
    for lang in ("uk", "ru"):
        for slug in ARTICLES:
            assert all(m.msgstr for m in po(project, slug, lang).messages)


def test_targets_limit_the_run(tmp_path: Path):
    project = make_project(tmp_path, articles=ARTICLES)
    project_translate(project, EchoBackend(), targets=["ru"])
    assert all(m.msgstr for m in po(project, "one", "ru").messages)
    assert not any(m.msgstr for m in po(project, "one", "uk").messages)
    with pytest.raises(L10nError, match="--target de: not a language of the project"):
        project_translate(project, EchoBackend(), targets=["de"])


def test_pivot_uses_only_reviewed_entries(tmp_path: Path):
    project = make_project(tmp_path)
    uk = seed_uk_translations()
    assert fill_catalog(project.po_path(SEED_SLUG, "uk"), uk) >= 10
    backend = EchoBackend()
    report = project_translate(project, backend, targets=["ru"], via="uk")
    reviewed = {text for text, fuzzy in uk.values() if not fuzzy}
    assert set(backend.texts) == reviewed
    ru = po(project, SEED_SLUG, "ru")
    for msg in ru.messages:
        pair = uk.get(msg.msgid)
        if pair and not pair[1]:
            assert msg.msgstr == f"[ru] {pair[0]}" and msg.fuzzy
            assert msg.translator_comments == [machine_note("echo (uk→ru)", msg.msgstr)]
        else:
            assert msg.msgstr == ""
    assert any("from the uk catalog" in line for line in report.lines)


def test_pivot_from_configuration(tmp_path: Path):
    project = make_project(tmp_path, translate='ru = { via = "uk" }')
    fill_catalog(project.po_path(SEED_SLUG, "uk"), seed_uk_translations())
    backend = EchoBackend()
    project_translate(project, backend, targets=["ru"])
    assert "Гарантії безпеки" in backend.texts
    assert "Security guarantees" not in backend.texts


def test_bad_pivot_is_a_configuration_error(tmp_path: Path):
    with pytest.raises(ConfigError, match=r'translate.ru.via must be another language of the '
                                          r'project \(uk, ru\), got "de"'):
        make_project(tmp_path, translate='ru = { via = "de" }')
    with pytest.raises(ConfigError, match=r'translate.ru must be a table like \{ via = "uk" '
                                          r'\}, got "uk"'):
        make_project(tmp_path / "b", translate='ru = "uk"')
    with pytest.raises(ConfigError, match="translate.de is for de, which is not one of the "
                                          "project's languages"):
        make_project(tmp_path / "c", translate='de = { via = "uk" }')
    project = make_project(tmp_path / "d")
    with pytest.raises(L10nError, match="--via de: cannot translate"):
        project_translate(project, EchoBackend(), targets=["ru"], via="de")


class RefusingBackend(EchoBackend):
    name = "refusing"

    def translate(self, texts, source, target):
        super().translate(texts, source, target)
        if len(self.calls) > 1:
            raise BackendError("refusing refused the request: HTTP 403")
        return [Translation(f"ok {t}") for t in texts]


def test_a_refusal_stops_the_run_with_work_saved(tmp_path: Path):
    project = make_project(tmp_path, articles=ARTICLES, translate="concurrency = 1")
    with pytest.raises(BackendError, match="which are saved$"):  # no "run again": a
        project_translate(project, RefusingBackend())  # refusal does not heal by itself
    filled = [m for lang in ("uk", "ru") for slug in ARTICLES
              for m in po(project, slug, lang).messages if m.msgstr.startswith("ok ")]
    assert len(filled) >= 1


class ShortBackend(EchoBackend):
    name = "short"

    def translate(self, texts, source, target):
        return super().translate(texts, source, target)[:-1]


def test_a_bad_batch_is_counted_not_fatal(tmp_path: Path):
    project = make_project(tmp_path, articles=ARTICLES)
    report = project_translate(project, ShortBackend())
    assert not report.ok
    assert any("batches failed" in line for line in report.lines)


class TokenEater(EchoBackend):
    name = "eater"
    protect = True

    def translate(self, texts, source, target):
        super().translate(texts, source, target)
        return [Translation(t.replace("⟦1⟧", "")) for t in texts]


def test_suggestions_that_lose_protected_tokens_are_discarded(tmp_path: Path):
    articles = {"n": "Numbers\n\nIt costs 5 dollars. Write to a@b.org today.\n"}
    project = make_project(tmp_path, articles=articles)
    backend = TokenEater()
    report = project_translate(project, backend, targets=["ru"])
    assert "⟦1⟧" in " ".join(backend.texts)
    ru = po(project, "n", "ru")
    assert {m.msgid: m.msgstr for m in ru.messages}["Numbers"] == "Numbers"
    assert not any(m.msgstr for m in ru.messages if m.msgid != "Numbers")
    assert "2 discarded" in report.lines[-1]


def test_cli_translate_with_memory_and_backends_listing(tmp_path: Path):
    project = make_project(tmp_path, articles=ARTICLES)
    path = project.po_path("one", "ru")
    catalog = pofile.read(path)
    for m in catalog.messages:
        if m.msgid == "The same sentence.":
            m.msgstr = "То же предложение."
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["translate", "--project", str(tmp_path), "--backend",
                                 "dictionary", "--target", "ru"])
    assert result.exit_code == 0, result.output
    two = {m.msgid: m for m in po(project, "two", "ru").messages}
    assert two["The same sentence."].msgstr == "То же предложение."
    assert two["The same sentence."].fuzzy
    assert "exact match from ru/one.po" in two["The same sentence."].translator_comments[0]
    listing = runner.invoke(app, ["backends"])
    for name in ("memory", "dictionary", "apertium", "libretranslate", "deepl"):
        assert name in listing.output


def test_cli_refusal_exits_non_zero_without_traceback(tmp_path: Path, monkeypatch):
    make_project(tmp_path, articles=ARTICLES)
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    result = CliRunner().invoke(app, ["translate", "--project", str(tmp_path), "--backend",
                                      "deepl"])
    assert result.exit_code != 0
    assert isinstance(result.exception, ConfigError | SystemExit)


def test_cache_lines_never_hold_the_key(tmp_path: Path, monkeypatch):
    project = make_project(tmp_path, articles=ARTICLES,
                           translate='api_key_env = "SECRET_VAR"')
    monkeypatch.setenv("SECRET_VAR", "s3cr3t-value")
    project_translate(project, EchoBackend())
    for f in (tmp_path / ".l10n-cache").glob("*.jsonl"):
        text = f.read_text()
        assert "s3cr3t" not in text
        assert all(json.loads(line)["r"] for line in text.splitlines())


class EditingBackend(EchoBackend):
    """Plays a translator who saves the catalog in an editor while the run goes on."""

    name = "editing"

    def __init__(self, path: Path, msgid: str):
        super().__init__()
        self.path, self.msgid = path, msgid

    def translate(self, texts, source, target):
        if len(self.calls) == 1:
            catalog = pofile.read(self.path)
            for m in catalog.messages:
                if m.msgid == self.msgid:
                    m.msgstr = "Перевод редактора"
            self.path.write_text(pofile.dumps(catalog) + "\n", encoding="utf-8")
        return super().translate(texts, source, target)


def test_edits_saved_by_a_translator_during_the_run_are_kept(tmp_path: Path, monkeypatch):
    import l10n.translate.driver as driver

    monkeypatch.setattr(driver, "SAVE_EVERY", 0.0)
    project = make_project(tmp_path, articles=ARTICLES,
                           translate="concurrency = 1\nbatch_size = 1")
    path = project.po_path("one", "ru")
    last = pofile.read(path).messages[-1].msgid
    project_translate(project, EditingBackend(path, last), targets=["ru"])
    after = {m.msgid: m for m in pofile.read(path).messages}
    assert after[last].msgstr == "Перевод редактора" and not after[last].fuzzy
    assert all(m.msgstr for m in after.values())


def test_a_stopped_local_server_fails_at_once_with_the_hint_to_start_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    import socket
    import sys
    import time
    from unittest import mock

    from l10n.cli import main

    make_project(tmp_path, articles=ARTICLES)  # default retries: 5, about 15 s of backoff
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    argv = ["l10n", "translate", "--project", str(tmp_path), "--backend", "apertium",
            "--endpoint", f"http://127.0.0.1:{port}"]
    started = time.monotonic()
    with mock.patch.object(sys, "argv", argv), pytest.raises(SystemExit) as stop:
        main()
    assert time.monotonic() - started < 5  # no retries
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert f"apertium at http://127.0.0.1:{port}: connection refused" in err
    assert "scripts/apertium-apy" in err
