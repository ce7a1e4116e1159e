"""The typed configuration: every key read is validated when the project is loaded, by one
set of validators that name the file, the line and the full key the same way every time.

Each mistake is tried through the real command line (one line on stderr, exit 2, nothing
written), in an l10n.toml and, where the prefix matters, in a pyproject.toml.
"""

from __future__ import annotations

import dataclasses
import pickle
import re
import sys
from pathlib import Path
from unittest import mock

import pytest

from l10n.cli import main
from l10n.config import Config, load
from l10n.errors import ConfigError

ARTICLE = "ua en ru\n\nTitle of the story\n\nThe first sentence. The second one.\n"
LANGS = 'source_language = "en"\nlanguages = ["en", "uk", "ru"]\n'


def project(root: Path, config: str, name: str = "l10n.toml",
            articles: dict[str, str] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(config, encoding="utf-8")
    (root / "source").mkdir(exist_ok=True)
    for file, text in (articles or {"story.txt": ARTICLE}).items():
        (root / "source" / file).write_text(text, encoding="utf-8")
    return root


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = 0
    with mock.patch.object(sys, "argv", ["l10n", *args]):
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
    out, err = capsys.readouterr()
    return code, out, err


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".l10n.lock"}


# (id, l10n.toml after LANGS, the error after "l10n: error: ")
MISTAKES = [
    ("width-not-a-number", '[update]\nwidth = "wide"\n',
     'l10n.toml:4: update.width must be 0 (no wrapping) or a whole number of at least 20, '
     'got "wide"'),
    ("similarity-as-percentage", "[update]\nsimilarity = 75\n",
     "l10n.toml:4: update.similarity must be a number above 0 and at most 1 (a similarity, "
     "e.g. 0.75), got 75; write 0.75 for 75 %"),
    ("translate-similarity-one-scale", "[translate]\nsimilarity = 80\n",
     "l10n.toml:4: translate.similarity must be a number above 0 and at most 1 (a "
     "similarity, e.g. 0.75), got 80; write 0.8 for 80 %"),
    ("batch-size-zero", "[translate]\nbatch_size = 0\n",
     "l10n.toml:4: translate.batch_size must be a whole number of at least 1, got 0"),
    ("concurrency-zero", "[translate]\nconcurrency = 0\n",
     "l10n.toml:4: translate.concurrency must be a whole number of at least 1, got 0"),
    ("timeout-text", '[translate]\ntimeout = "x"\n',
     'l10n.toml:4: translate.timeout must be a number of seconds above 0 (at most 3600), '
     'got "x"'),
    ("retries-negative", "[translate]\nretries = -3\n",
     "l10n.toml:4: translate.retries must be a whole number from 0 to 100, got -3"),
    ("endpoint-not-a-url", '[translate]\nendpoint = "localhost:2737"\n',
     'l10n.toml:4: translate.endpoint must be an http:// or https:// URL, got '
     '"localhost:2737"'),
    ("unknown-backend", '[translate]\nbackend = "aperitum"\n',
     'l10n.toml:4: translate.backend must be an installed backend (apertium, deepl, '
     'dictionary, libretranslate, memory), got "aperitum"; did you mean apertium?'),
    ("backend-table-typo", "[translate.backends.memory]\nsimlarity = 0.9\n",
     "l10n.toml:4: translate.backends.memory.simlarity is not a configuration key; did you "
     "mean translate.backends.memory.similarity?"),
    ("backend-table-unknown-backend", "[translate.backends.deepel]\nformality = \"more\"\n",
     'l10n.toml:3: translate.backends.deepel must be an installed backend (apertium, deepl, '
     'dictionary, libretranslate, memory), got "deepel"; did you mean deepl?'),
    ("backend-declared-key-checked", '[translate.backends.deepl]\nformality = "polite"\n',
     'l10n.toml:4: translate.backends.deepl.formality must be one of "default", "more", '
     '"less", "prefer_more", "prefer_less", got "polite"'),
    ("backend-declared-key-elsewhere", '[translate.backends.memory]\nformality = "more"\n',
     "l10n.toml:4: translate.backends.memory.formality is not a configuration key"),
    ("via-outside-the-project", '[translate]\nde = { via = "uk" }\n',
     "l10n.toml:4: translate.de is for de, which is not one of the project's languages "
     "(en, uk, ru)"),
    ("via-to-a-foreign-pivot", '[translate]\nru = { via = "pl" }\n',
     'l10n.toml:4: translate.ru.via must be another language of the project (en, uk, ru), '
     'got "pl"'),
    ("compile-threshold-outside", "[compile]\nde = 80\n",
     "l10n.toml:4: compile.de is for de, which is not one of the project's languages "
     "(en, uk, ru)"),
    ("check-threshold-country-code", "[check]\nua = 80\n",
     "l10n.toml:4: check.ua is not a configuration key; did you mean uk?"),
    ("check-catalog-unknown-slug", "[check.catalogs]\nstroy = 50\n",
     "l10n.toml:4: check.catalogs.stroy names no article in source/; did you mean story?"),
    ("check-catalog-unknown-language", '[check.catalogs]\nstory = { de = 50 }\n',
     "l10n.toml:4: check.catalogs.story.de is for de, which is not one of the project's "
     "languages (en, uk, ru)"),
    ("disable-syntax", '[check]\ndisable = ["syntax"]\n',
     "l10n.toml:4: check.disable cannot switch off syntax: a catalog with this problem "
     "cannot be read, so it cannot pass"),
    ("disable-duplicate", '[check]\ndisable = ["duplicate"]\n',
     "l10n.toml:4: check.disable cannot switch off duplicate: a catalog with this problem "
     "cannot be read, so it cannot pass"),
    ("rerate-syntax", '[check]\nseverity = { syntax = "warning" }\n',
     "l10n.toml:4: check.severity.syntax cannot be re-rated: a catalog with a syntax problem "
     "cannot be read, so it is always an error"),
    ("severity-unknown-level", '[check.severity]\nnumbers = "fatal"\n',
     'l10n.toml:4: check.severity.numbers must be one of "error", "warning", "off", got '
     '"fatal"'),
    ("segment-unknown-language", '[segment]\nabbreviations = { pl = ["ul"] }\n',
     "l10n.toml:4: segment.abbreviations.pl is for pl, which is not one of the project's "
     "languages (en, uk, ru)"),
    ("segment-not-a-list", '[segment]\nabbreviations = { uk = "вул" }\n',
     'l10n.toml:4: segment.abbreviations.uk must be a list of strings, got "вул"'),
    ("formats-html-without-html-article", "[formats.html]\nkeep = true\n",
     "l10n.toml:4: formats.html.keep is not a configuration key; known here: embed_text, "
     "exclude, include"),
    ("formats-unknown-format", "[formats.mardown]\nfront_matter = []\n",
     "l10n.toml:3: formats.mardown is not a configuration key; did you mean "
     "formats.markdown?"),
    ("formats-option-kind", '[formats.markdown]\nfront_matter = "title"\n',
     'l10n.toml:4: formats.markdown.front_matter must be a list of strings, got "title"'),
    ("article-format-is-not-read", '[articles.story]\nformat = "md"\n',
     "l10n.toml:4: articles.story.format is not a configuration key; known here: "
     "source_language"),
    ("project-must-be-text", "project = 3\n",
     "l10n.toml:3: project must be a non-empty string, got 3"),
    ("languages-twice", 'languages = ["uk", "uk"]\n',
     'l10n.toml:3: languages must be a list of different language codes, got ["uk", "uk"]; '
     "uk is listed twice"),
    ("glossary-kind", '[translate]\nglossary = "terms.txt"\n',
     'l10n.toml:4: translate.glossary names "terms.txt", which is not a csv or tbx or xml '
     'file'),
    ("glossary-missing", '[check]\nglossary = ["terms.csv"]\n',
     "l10n.toml:4: check.glossary names a file that does not exist: terms.csv"),
    ("length-ratio", '[check]\nlength_ratio = "wide"\n',
     'l10n.toml:4: check.length_ratio must be a number above 1 or a list [min, max], '
     'got "wide"'),
]


@pytest.mark.parametrize(("config", "expected"), [m[1:] for m in MISTAKES],
                         ids=[m[0] for m in MISTAKES])
def test_a_configuration_mistake_is_one_line_naming_file_line_and_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str,
        expected: str) -> None:
    # The mistake is on line 3 or 4, after the two lines of LANGS (or a blank line).
    text = ('source_language = "en"\n\n' if config.startswith("languages") else LANGS) + config
    root = project(tmp_path / "p", text)
    before = files(root)
    for command in ("extract", "status", "build"):
        code, out, err = cli(capsys, command, "--project", str(root))
        assert code == 2, (command, out, err)
        assert err.splitlines() == [f"l10n: error: {expected}"], command
        assert "Traceback" not in err
    assert files(root) == before


def test_pyproject_keys_carry_the_tool_prefix(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path / "p", '[project]\nname = "news"\n\n[tool.l10n]\n' + LANGS +
                   '\n[tool.l10n.update]\nwidth = "wide"\n', name="pyproject.toml")
    code, _, err = cli(capsys, "extract", "--project", str(root))
    assert code == 2
    assert err == ('l10n: error: pyproject.toml:9: tool.l10n.update.width must be 0 (no '
                   'wrapping) or a whole number of at least 20, got "wide"\n')


def test_settings_are_frozen_typed_objects(tmp_path: Path) -> None:
    root = project(tmp_path / "p", LANGS + '[update]\nwidth = 0\nsimilarity = 0.8\n'
                   '[translate]\nbackend = "apertium"\nconcurrency = 3\nru = { via = "uk" }\n'
                   '[translate.backends.deepl]\nformality = "less"\n'
                   '[check]\nthreshold = 90\nuk = 95\ndisable = ["length"]\n'
                   '[check.catalogs]\nstory = { ru = 50 }\n'
                   '[compile]\nthreshold = 80\nen = 60\nhreflang = true\n'
                   'date_line = "^Published:"\n'
                   '[segment]\nabbreviations = { uk = ["вул"] }\n'
                   '[formats]\nmarkdown = { front_matter = ["title"] }\n')
    cfg = load(root)
    assert isinstance(cfg, Config)
    assert cfg.languages == ("en", "uk", "ru")
    assert (cfg.update.width, cfg.update.similarity, cfg.update.obsolete) == (0, 0.8, True)
    assert cfg.translate.backend == "apertium"
    assert cfg.translate.via == {"ru": "uk"}
    assert cfg.translate.for_backend("deepl", "https://example.org") == {
        "concurrency": 3, "formality": "less", "endpoint": "https://example.org"}
    assert cfg.translate.for_backend("apertium") == {"concurrency": 3}
    assert cfg.check.required("story", "ru") == 50
    assert cfg.check.required("story", "uk") == 95
    assert cfg.check.required("story", "en") == 90
    assert cfg.check.severities["length"] == "off"
    assert cfg.compile.required("en") == (60, "compile.en")
    assert cfg.compile.required("uk") == (80, "compile.threshold")
    assert cfg.compile.hreflang and cfg.compile.date_line.pattern == "^Published:"
    assert cfg.segment.for_language("uk") == {"abbreviations": ("вул",)}
    assert cfg.format_options("markdown") == {"front_matter": ("title",)}
    for section in (cfg, cfg.update, cfg.translate, cfg.check, cfg.compile, cfg.segment):
        with pytest.raises(dataclasses.FrozenInstanceError):
            section.threshold = 1  # type: ignore[misc, union-attr]
    # Worker processes can be handed the configuration as it is.
    assert pickle.loads(pickle.dumps(cfg)) == cfg
    assert load(str(root)) == cfg  # a folder given as text, too


def test_the_defaults_are_the_documented_ones(tmp_path: Path) -> None:
    cfg = load(project(tmp_path / "p", ""))
    assert (cfg.source_dir, cfg.locales_dir, cfg.dist_dir) == ("source", "locales", "dist")
    assert (cfg.source_language, cfg.languages) == ("en", ("uk", "ru", "en"))
    assert (cfg.update.width, cfg.update.similarity) == (79, 0.75)
    assert cfg.translate.backend == "memory" and cfg.translate.cache_dir == ".l10n-cache"
    assert cfg.check.threshold == cfg.compile.threshold == 100
    assert cfg.check.severities["msgfmt"] == "off"


def test_check_glossary_defaults_to_the_translate_glossary(tmp_path: Path) -> None:
    root = project(tmp_path / "p", LANGS + '[translate]\nglossary = "terms.csv"\n')
    (root / "terms.csv").write_text("term,language,translation\nNATO,uk,НАТО\n",
                                    encoding="utf-8")
    assert load(root).check.glossary == ("terms.csv",)


def test_a_pasted_tool_table_in_l10n_toml_gets_a_hint(tmp_path: Path) -> None:
    root = project(tmp_path / "p", '[tool.l10n]\nlanguages = ["en", "uk"]\n')
    with pytest.raises(ConfigError, match=re.escape(
            "tool is not a configuration key; l10n.toml holds what [tool.l10n] holds, without "
            "the prefix: write [update], not [tool.l10n.update]")):
        load(root)


@pytest.mark.parametrize(("code", "hint"), [
    ("ua", "uk"), ("english", "en"), ("Ukrainian", "uk"), ("by", "be"), ("ukr", None)])
def test_language_codes_get_a_hint(tmp_path: Path, code: str, hint: str | None) -> None:
    root = project(tmp_path / code, f'source_language = "{code}"\n')
    if hint is None:  # an ISO 639-2 code babel knows is accepted as it is
        assert load(root).source_language == code
        return
    with pytest.raises(ConfigError, match=f"did you mean {hint}\\?"):
        load(root)


def test_a_third_party_backend_may_declare_its_keys(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from l10n import translate

    class Agency:
        name = "agency"
        options = {"glossary_id": "string", "tone": ("plain", "formal")}

    monkeypatch.setattr(translate, "BUILTIN", {**translate.BUILTIN,
                                               "agency": f"{__name__}:_agency"})
    monkeypatch.setitem(globals(), "_agency", Agency)
    root = project(tmp_path / "p", LANGS + '[translate.backends.agency]\nglossary_id = "g1"\n'
                   'tone = "formal"\nretries = 2\n')
    assert load(root).translate.for_backend("agency") == {
        "glossary_id": "g1", "tone": "formal", "retries": 2}
    (root / "l10n.toml").write_text(LANGS + '[translate.backends.agency]\ntone = "loud"\n',
                                    encoding="utf-8")
    with pytest.raises(ConfigError, match='translate.backends.agency.tone must be one of '
                                          '"plain", "formal", got "loud"'):
        load(root)


def test_a_built_in_backend_is_found_without_reading_package_metadata(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Scanning the installed packages' entry points costs a one-article build a tenth
    of its time: a built-in name (which wins over an entry point anyway) never needs it,
    while another name is still looked up there."""
    import importlib.metadata

    from l10n import translate

    scans: list[str] = []

    class Agency:
        name = "agency"
        options: dict[str, str] = {}

        def __init__(self, context: translate.BackendContext) -> None:
            self.context = context

    class Point:
        name, value, dist = "agency", f"{__name__}:_agency_backend", None

        def load(self) -> type:
            return Agency

    def entry_points(group: str) -> list[Point]:
        scans.append(group)
        return [Point()] if group == "l10n.backends" else []

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    monkeypatch.setitem(globals(), "_agency_backend", Agency)
    context = translate.BackendContext(root=tmp_path, locales=tmp_path / "locales")
    assert type(translate.create("memory", context)).__name__ == "MemoryBackend"
    root = project(tmp_path / "p", LANGS + '[translate.backends.memory]\nsimilarity = 0.8\n')
    assert load(root).translate.for_backend("memory")["similarity"] == 0.8
    assert scans == []
    assert isinstance(translate.create("agency", context), Agency)
    assert scans == ["l10n.backends"]
    with pytest.raises(ConfigError, match="unknown translation backend 'nope' "
                                          r"\(installed: agency, apertium, "):
        translate.create("nope", context)


def test_every_key_read_is_documented() -> None:
    """docs/configuration.md names every key the configuration reads."""
    import l10n.config as config

    source = Path(config.__file__).read_text(encoding="utf-8")
    keys = set(re.findall(r'\.(?:take|sub)\("(\w+)"', source))
    keys |= set(config.TRANSLATE_OPTIONS) | {"abbreviations", "abbreviations_final"}
    doc = (Path(__file__).resolve().parents[1] / "docs" / "configuration.md").read_text(
        encoding="utf-8")
    documented = {part for name in re.findall(r"[`\[]([\w.<>]+)[`\]]", doc)
                  for part in name.split(".")}
    assert keys - documented == set()
    assert len(keys) > 30
