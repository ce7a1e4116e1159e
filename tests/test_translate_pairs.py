"""Which language pairs a backend serves: catalogs it cannot serve are skipped, one line
each naming the catalog, the pair and a way forward; the others are filled."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from l10n import pipeline, pofile
from l10n.cli import app
from l10n.project import Project
from l10n.translate import BackendContext, Pairs, served_pairs
from l10n.translate.driver import translate_project
from l10n.translate.memory import MemoryBackend
from l10n.translate.providers import DeepLBackend, LibreTranslateBackend

EN_TEXT = "Schools close on Monday\n\nSchools in Kyiv close on Monday. Parents were told.\n"
UK_TEXT = ("Школи зачиняться у понеділок\n\nУ Києві школи зачиняться у понеділок. "
           "Батькам повідомили.\n")


def mixed_project(root: Path, translate: str = "") -> Project:
    """An English and a Ukrainian article, each to be translated into the other two."""
    (root / "source").mkdir(parents=True)
    (root / "source" / "schools.txt").write_text(EN_TEXT, encoding="utf-8")
    (root / "source" / "shkoly.txt").write_text(UK_TEXT, encoding="utf-8")
    (root / "l10n.toml").write_text(
        'source_language = "en"\nlanguages = ["en", "uk", "ru"]\n\n'
        '[articles.shkoly]\nsource_language = "uk"\n\n'
        f'[translate]\n{translate}\n', encoding="utf-8")
    project = Project.load(root)
    pipeline.extract(project)
    pipeline.update(project)
    return project


def filled(project: Project, slug: str, lang: str) -> list[str]:
    return [m.msgstr for m in pofile.read(project.po_path(slug, lang)).messages
            if m.msgid and m.msgstr]


def review(project: Project, slug: str, lang: str, texts: dict[str, str]) -> None:
    path = project.po_path(slug, lang)
    catalog = pofile.read(path)
    for m in catalog.messages:
        if m.msgid in texts:
            m.msgstr, m.fuzzy = texts[m.msgid], False
    path.write_text(pofile.dumps(catalog), encoding="utf-8")


def test_real_apertium_skips_what_it_lacks_and_fills_the_rest(tmp_path: Path, apy_url: str):
    project = mixed_project(tmp_path)
    review(project, "schools", "uk", {"Schools close on Monday": "Школи зачиняться у понеділок"})
    args = ["translate", "--project", str(tmp_path), "--backend", "apertium", "--endpoint",
            apy_url, "--target", "ru"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    skipped = [line for line in lines if "skipped" in line]
    assert skipped == ["locales/ru/LC_MESSAGES/schools.po: skipped, apertium has no en→ru; "
                       "try --via uk"]
    assert filled(project, "schools", "ru") == []
    ru = filled(project, "shkoly", "ru")
    assert len(ru) == 3 and any("школы" in text.lower() for text in ru)
    assert any(line.startswith("locales/ru/LC_MESSAGES/shkoly.po: 3 of 3 to translate "
                               "filled by apertium (uk→ru") for line in lines)
    # Following the hint fills the English article's Russian catalog from the Ukrainian.
    result = CliRunner().invoke(app, [*args, "--via", "uk"])
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output
    [title] = filled(project, "schools", "ru")
    assert title.startswith("Школы ") and "понедельник" in title


def test_real_apertium_lists_its_pairs(tmp_path: Path, apy_url: str):
    from l10n.translate.providers import ApertiumBackend

    backend = ApertiumBackend(BackendContext(tmp_path, tmp_path, {"endpoint": apy_url}))
    pairs = served_pairs(backend)
    assert pairs is not None
    assert ("uk", "ru") in pairs and ("ru", "uk") in pairs and ("en", "ru") not in pairs
    assert ("uk-UA", "ru") in pairs  # compared on the primary language


def test_hint_lists_what_is_served_when_no_pivot_helps(tmp_path: Path):
    project = mixed_project(tmp_path)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/languages":
            return httpx.Response(200, json=[
                {"code": "en", "name": "English", "targets": ["de"]},
                {"code": "de", "name": "German", "targets": ["en"]}])
        return httpx.Response(500)

    backend = LibreTranslateBackend(
        BackendContext(tmp_path, tmp_path / "locales", {}),
        transport=httpx.MockTransport(answer), sleep=lambda s: None)
    report = translate_project(project, backend_instance=backend)
    assert report.ok
    assert "locales/uk/LC_MESSAGES/schools.po: skipped, libretranslate has no en→uk " \
           "(it serves de→en, en→de)" in report.lines
    assert sum("skipped" in line for line in report.lines) == 4  # every catalog


def libretranslate(languages: list[dict], calls: list[str]) -> LibreTranslateBackend:
    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if request.url.path == "/languages":
            return httpx.Response(200, json=languages)
        body = json.loads(request.content)
        return httpx.Response(200, json={"translatedText": [f"[{body['target']}] {q}"
                                                            for q in body["q"]]})

    return LibreTranslateBackend(BackendContext(Path("."), Path("locales"), {}),
                                 transport=httpx.MockTransport(answer),
                                 sleep=lambda s: None)


def test_libretranslate_targets_decide_what_is_filled(tmp_path: Path):
    project = mixed_project(tmp_path)
    calls: list[str] = []
    backend = libretranslate([{"code": "en", "name": "English", "targets": ["uk"]},
                              {"code": "uk", "name": "Ukrainian", "targets": ["en", "ru"]},
                              {"code": "ru", "name": "Russian", "targets": ["uk"]}], calls)
    report = translate_project(project, backend_instance=backend)
    assert report.ok
    assert calls.count("/languages") == 1
    assert "locales/ru/LC_MESSAGES/schools.po: skipped, libretranslate has no en→ru; " \
           "try --via uk once the uk catalog has reviewed entries" in report.lines
    assert filled(project, "schools", "ru") == []
    assert filled(project, "schools", "uk")[0] == "[uk] Schools close on Monday"
    assert filled(project, "shkoly", "ru")[0] == "[ru] Школи зачиняться у понеділок"
    assert filled(project, "shkoly", "en")[0] == "[en] Школи зачиняться у понеділок"
    # The hint works: the same run through the pivot fills it from the Ukrainian catalog.
    uk = project.po_path("schools", "uk")
    catalog = pofile.read(uk)
    for m in catalog.messages:
        m.fuzzy = False  # reviewed
    uk.write_text(pofile.dumps(catalog), encoding="utf-8")
    report = translate_project(project, backend_instance=backend, targets=["ru"], via="uk")
    assert not any("skipped" in line for line in report.lines)
    assert filled(project, "schools", "ru")[0] == "[ru] [uk] Schools close on Monday"


def test_libretranslate_without_targets_serves_every_listed_pair():
    backend = libretranslate([{"code": "en", "name": "English"},
                              {"code": "uk", "name": "Ukrainian"}], [])
    pairs = served_pairs(backend)
    assert pairs is not None and ("en", "uk") in pairs and ("uk", "en") in pairs
    assert ("en", "ru") not in pairs and ("en", "en") not in pairs


def test_deepl_pairs_from_its_source_and_target_lists(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DEEPL_AUTH_KEY", "secret:fx")
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.params["type"] == "source":
            return httpx.Response(200, json=[{"language": "EN", "name": "English"},
                                             {"language": "UK", "name": "Ukrainian"}])
        return httpx.Response(200, json=[{"language": "EN-GB", "name": "English (British)"},
                                         {"language": "UK", "name": "Ukrainian"}])

    backend = DeepLBackend(BackendContext(Path("."), Path("locales"), {}),
                           transport=httpx.MockTransport(answer), sleep=lambda s: None)
    pairs = served_pairs(backend)
    assert pairs is not None
    assert ("uk", "en") in pairs and ("uk", "en-GB") in pairs and ("en", "uk") in pairs
    assert ("en", "ru") not in pairs and ("ru", "uk") not in pairs
    assert [r.url.path for r in seen] == ["/v2/languages", "/v2/languages"]
    assert all(r.headers["Authorization"] == "DeepL-Auth-Key secret:fx" for r in seen)
    assert str(seen[0].url).startswith("https://api-free.deepl.com/")


def test_a_service_without_a_language_list_is_asked_anyway():
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404)

    backend = LibreTranslateBackend(BackendContext(Path("."), Path("locales"), {}),
                                    transport=httpx.MockTransport(answer),
                                    sleep=lambda s: None)
    assert served_pairs(backend) is None


def test_memory_serves_what_it_has(tmp_path: Path):
    project = mixed_project(tmp_path)
    (tmp_path / "memory").mkdir()
    (tmp_path / "memory" / "uk.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Language: uk\\n"\n\nmsgid "Parents were told."\nmsgstr "Батькам повідомили."\n',
        encoding="utf-8")
    context = BackendContext(tmp_path, tmp_path / "locales",
                             {"compendia": ["memory/uk.po"]}, "en",
                             {"schools": "en", "shkoly": "uk"})
    backend = MemoryBackend(context)
    pairs = served_pairs(backend)
    assert pairs is not None and ("en", "uk") in pairs and ("en", "ru") not in pairs
    report = translate_project(project, backend_instance=backend)
    assert "locales/uk/LC_MESSAGES/schools.po: 1 of 3 to translate filled by memory " \
           "(en→uk, marked fuzzy)" in report.lines
    assert any(line.startswith("locales/ru/LC_MESSAGES/schools.po: skipped, memory has no "
                               "en→ru") for line in report.lines)


def test_pairs_compare_primary_codes():
    pairs = Pairs([("en", "pt-BR"), ("uk", "ru")])
    assert ("en", "pt_BR") in pairs and ("en", "pt") in pairs and ("uk_UA", "ru") in pairs
    assert ("ru", "uk") not in pairs and len(pairs) == 2
