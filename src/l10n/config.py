"""Project configuration: ``[tool.l10n]`` in pyproject.toml, or an ``l10n.toml``.

A project is found from the current folder upwards (or given with ``--project``). Each
section of the configuration becomes one frozen settings object, validated once, here,
when the project is loaded; the rest of l10n only reads typed values. Every key that is
accepted is read, and every key that is read is checked by one small set of validators
(the *kinds* below), which name the file and the full key the same way every time::

    pyproject.toml:12: tool.l10n.update.width must be 0 (no wrapping) or a whole number
    of at least 20, got "wide"

In ``l10n.toml`` the same key is ``update.width`` (the file holds what ``[tool.l10n]``
holds). Unknown keys, language codes that are not the project's, and values of the wrong
kind are errors, with a hint where one helps, so a typo never silently falls back to a
default.

Plug-ins declare their own keys: a source format lists the options of its ``parse`` in
``options``, a translation backend the keys of its ``[translate.backends.<name>]`` table
in ``options`` (name -> kind, see ``KINDS``). These declarations are the only thing this
module looks up in the plug-in registries, and only when the configuration has such a
table.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n.checks import CHECKS, ERROR, FIXED, OFF, SEVERITIES
from l10n.errors import ConfigError
from l10n.fuzzy import DEFAULT_SIMILARITY
from l10n.languages import is_known
from l10n.linebreak import DEFAULT_WIDTH

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FILE_NAMES = ("l10n.toml", "pyproject.toml")
SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
DEFAULT_LANGUAGES = ("uk", "ru", "en")
DEFAULT_THRESHOLD = 100.0
DEFAULT_BACKEND = "memory"
DEFAULT_CACHE_DIR = ".l10n-cache"
GLOSSARY_SUFFIXES = (".csv", ".tbx", ".xml")  # what l10n.translate.glossary reads


# ------------------------------------------------------------------------ where a key is

class _Lines:
    """The line of each key in the configuration text, for error messages (best effort:
    tables, dotted keys and quoted keys are followed; a key inside an inline table is
    reported at the line of the table)."""

    _HEADER = re.compile(r"^\s*\[\[?([^\]]+)\]\]?\s*(?:#.*)?$")
    _ASSIGN = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
                         r"""(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'))*)\s*=""")
    _PART = re.compile(r"""[A-Za-z0-9_-]+|"((?:[^"\\]|\\.)*)"|'([^']*)'""")

    def __init__(self, text: str):
        self.at: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        for lineno, line in enumerate(text.splitlines(), 1):
            header = self._HEADER.match(line)
            if header:
                table = self._parts(header.group(1))
                self._note(table, lineno)
                continue
            assign = self._ASSIGN.match(line)
            if assign:
                self._note(table + self._parts(assign.group(1)), lineno)

    def _note(self, parts: tuple[str, ...], lineno: int) -> None:
        for end in range(1, len(parts) + 1):  # [a.b.c] also opens a and a.b
            self.at.setdefault(parts[:end], lineno)

    @classmethod
    def _parts(cls, dotted: str) -> tuple[str, ...]:
        parts = []
        for m in cls._PART.finditer(dotted):
            if m.group(1) is not None:
                parts.append(json.loads(f'"{m.group(1)}"') if "\\" in m.group(1)
                             else m.group(1))
            elif m.group(2) is not None:
                parts.append(m.group(2))
            else:
                parts.append(m.group(0))
        return tuple(parts)

    def line(self, parts: tuple[str, ...]) -> int | None:
        while parts:
            if parts in self.at:
                return self.at[parts]
            parts = parts[:-1]
        return None


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def dotted(parts: Iterable[str]) -> str:
    """A key path as TOML writes it: ``articles."2024.01-news".source_language``."""
    return ".".join(p if _BARE_KEY.match(p) else json.dumps(p, ensure_ascii=False)
                    for p in parts)


def show(value: Any) -> str:
    """A configuration value as TOML writes it, shortened for a one-line message."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, (int, float)):
        text = repr(value)
    elif isinstance(value, list):
        text = "[" + ", ".join(show(v) for v in value) + "]"
    elif isinstance(value, dict):
        text = "a table"
    else:  # TOML dates and times
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class ConfigFile:
    """The configuration file being read: how its keys and lines are named."""

    file: Path
    shown: str  # the file as error messages name it (relative to the project)
    prefix: tuple[str, ...]  # ("tool", "l10n") in pyproject.toml, () in l10n.toml
    lines: _Lines = field(compare=False, repr=False)

    def key(self, *parts: str) -> Key:
        return Key(self, tuple(parts))


@dataclass(frozen=True)
class Key:
    """One key of the configuration; makes the errors about it."""

    origin: ConfigFile
    parts: tuple[str, ...]

    def __truediv__(self, part: str) -> Key:
        return Key(self.origin, (*self.parts, part))

    @property
    def name(self) -> str:
        return dotted((*self.origin.prefix, *self.parts))

    def error(self, message: str) -> ConfigError:
        line = self.origin.lines.line((*self.origin.prefix, *self.parts))
        return ConfigError(f"{self.name} {message}", self.origin.shown, line)

    def bad(self, what: str, value: Any, hint: str = "") -> ConfigError:
        """``KEY must be WHAT, got VALUE[; HINT]``."""
        return self.error(f"must be {what}, got {show(value)}" + (f"; {hint}" if hint else ""))

    def unknown(self, known: Iterable[str] = (), hint: str = "") -> ConfigError:
        known = sorted(known)
        if not hint:
            close = _close(self.parts[-1], known, n=1, cutoff=0.6)
            if close:
                better = dotted((*self.origin.prefix, *self.parts[:-1], close[0]))
                hint = f"did you mean {better}?"
            elif 0 < len(known) <= 8:
                hint = f"known here: {', '.join(known)}"
        return self.error("is not a configuration key" + (f"; {hint}" if hint else ""))


# ------------------------------------------------------------------- the kinds of values
# A kind takes a raw TOML value and its key, and returns the typed value or raises.

Kind = Callable[[Any, Key], Any]


def _number_like(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def string(value: Any, key: Key) -> str:
    if not isinstance(value, str) or not value.strip():
        raise key.bad("a non-empty string", value)
    return value


def strings(value: Any, key: Key) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise key.bad("a list of strings", value)
    return tuple(value)


def boolean(value: Any, key: Key) -> bool:
    if not isinstance(value, bool):
        raise key.bad("true or false", value)
    return value


def whole(low: int, high: int | None = None) -> Kind:
    what = f"a whole number from {low} to {high}" if high is not None else \
        f"a whole number of at least {low}"

    def kind(value: Any, key: Key) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < low or \
                (high is not None and value > high):
            raise key.bad(what, value)
        return value

    return kind


def seconds(value: Any, key: Key) -> float:
    if not _number_like(value) or not 0 < value <= 3600:
        raise key.bad("a number of seconds above 0 (at most 3600)", value)
    return float(value)


def fraction(value: Any, key: Key) -> float:
    """A similarity: above 0 and at most 1. Percentages are refused, not guessed."""
    if not _number_like(value) or not 0 < value <= 1:
        hint = f"write {value / 100:g} for {value:g} %" if _number_like(value) \
            and 1 < value <= 100 else ""
        raise key.bad("a number above 0 and at most 1 (a similarity, e.g. 0.75)", value, hint)
    return float(value)


def percentage(value: Any, key: Key) -> float:
    if not _number_like(value) or not 0 <= value <= 100:
        raise key.bad("a percentage from 0 to 100", value)
    return float(value)


def width(value: Any, key: Key) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or 0 < value < 20 or value < 0:
        raise key.bad("0 (no wrapping) or a whole number of at least 20", value)
    return value


def regex(value: Any, key: Key) -> re.Pattern[str]:
    if not isinstance(value, str) or not value:
        raise key.bad("a regular expression", value)
    try:
        return re.compile(value, re.MULTILINE)
    except re.error as exc:
        raise key.bad("a valid regular expression", value, str(exc)) from None


def url(value: Any, key: Key) -> str:
    if not isinstance(value, str) or not re.match(r"^https?://[^/\s]+\S*$", value):
        raise key.bad("an http:// or https:// URL", value)
    return value.rstrip("/")


def variable(value: Any, key: Key) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
        raise key.bad("the name of an environment variable", value)
    return value


def folder(value: Any, key: Key) -> str:
    if not isinstance(value, str) or not value.strip() or "\0" in value:
        raise key.bad("a folder path (relative to the project)", value)
    return value


def files(root: Path, suffixes: tuple[str, ...] = ()) -> Kind:
    """A path or a list of paths of existing files, relative to the project root (with
    one of ``suffixes``, when given)."""

    def kind(value: Any, key: Key) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) and v for v in items):
            raise key.bad("a file path or a list of file paths", value)
        for item in items:
            if suffixes and Path(item).suffix.lower() not in suffixes:
                raise key.error(f"names {show(item)}, which is not a "
                                f"{' or '.join(s.lstrip('.') for s in suffixes)} file")
            if not (root / item).is_file():
                raise key.error(f"names a file that does not exist: {item}")
        return tuple(items)

    return kind


def choice(options: Iterable[str]) -> Kind:
    allowed = tuple(options)

    def kind(value: Any, key: Key) -> str:
        if value not in allowed:
            raise key.bad("one of " + ", ".join(show(a) for a in allowed), value)
        return str(value)

    return kind


def anything(value: Any, key: Key) -> Any:
    return value


def table(value: Any, key: Key) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise key.bad("a table", value)
    return value


# What a plug-in may name in its ``options`` declaration.
KINDS: dict[str, Kind] = {
    "string": string, "strings": strings, "bool": boolean, "whole": whole(0),
    "positive": whole(1), "seconds": seconds, "fraction": fraction, "percentage": percentage,
    "url": url, "variable": variable, "regex": regex, "any": anything,
}


def _declared_kind(spec: Any, root: Path) -> Kind:
    if isinstance(spec, (tuple, list, frozenset, set)):
        return choice(sorted(spec) if isinstance(spec, (set, frozenset)) else spec)
    if spec in ("path", "paths"):
        return files(root)
    if callable(spec):
        return spec  # type: ignore[no-any-return]
    return KINDS.get(str(spec), anything)


# ----------------------------------------------------------------------- language codes

_COMMON_MISTAKES = {"ua": "uk", "ukr": "uk", "rus": "ru", "eng": "en", "cz": "cs", "gr": "el",
                    "dk": "da", "se": "sv", "jp": "ja", "kr": "ko", "cn": "zh", "by": "be",
                    "ge": "ka", "ee": "et", "si": "sl", "rs": "sr", "il": "he", "gb": "en"}


def language_hint(code: str, candidates: Iterable[str] = ()) -> str:
    """``did you mean uk?`` for ``ua`` (a country code), ``english`` or ``ukrainian``."""
    low = code.strip().lower().replace("-", "_")
    guess = _COMMON_MISTAKES.get(low)
    if guess is None and 2 <= len(low) <= 3:
        from babel.core import get_global

        spoken = get_global("territory_languages").get(low.upper(), {})
        official = [lang for lang, info in spoken.items() if info.get("official_status")]
        if official:
            guess = max(official, key=lambda lang: spoken[lang]["population_percent"])
    if guess is None and len(low) > 3:
        from babel import Locale

        names = {name.lower(): lang for lang, name in Locale("en").languages.items()}
        guess = names.get(low)
    if guess is None:
        close = _close(code, list(candidates), n=1, cutoff=0.6)
        guess = close[0] if close else None
    return f"did you mean {guess}?" if guess and guess != code else ""


def language(value: Any, key: Key) -> str:
    if not isinstance(value, str) or not is_known(value):
        hint = language_hint(value) if isinstance(value, str) else ""
        raise key.bad("a language code such as \"uk\"", value, hint)
    return value


# ------------------------------------------------------------------------ reading tables

class _Table:
    """One table of the file being read: its keys are taken one by one, with their kinds;
    whatever no reader took is then refused as unknown."""

    def __init__(self, key: Key, data: Any):
        self.key = key
        self.data: dict[str, Any] = table(data, key)
        self.taken: set[str] = set()

    def has(self, name: str) -> bool:
        return name in self.data

    def take(self, name: str, kind: Kind, default: Any = None) -> Any:
        self.taken.add(name)
        if name not in self.data:
            return default
        return kind(self.data[name], self.key / name)

    def sub(self, name: str) -> _Table:
        self.taken.add(name)
        return _Table(self.key / name, self.data.get(name, {}))

    def rest(self) -> list[str]:
        return [k for k in self.data if k not in self.taken]

    def languages(self, kind: Kind, allowed: Iterable[str]) -> dict[str, Any]:
        """The keys that are language codes (per-language settings), for ``allowed`` only."""
        allowed = tuple(allowed)
        found: dict[str, Any] = {}
        for name in self.rest():
            if name in allowed:
                found[name] = kind(self.data[name], self.key / name)
                self.taken.add(name)
            elif is_known(name):
                raise (self.key / name).error(
                    f"is for {name}, which is not one of the project's languages "
                    f"({', '.join(allowed)})")
        return found

    def done(self, hint: str = "", languages: Iterable[str] = ()) -> None:
        for name in self.rest():
            lang_hint = language_hint(name, languages) if languages else ""
            raise (self.key / name).unknown(self.taken, hint or lang_hint)


# --------------------------------------------------------------------- settings objects

@dataclass(frozen=True)
class ArticleSettings:
    """``[articles.<slug>]``: what differs for one article."""

    source_language: str | None = None


@dataclass(frozen=True)
class UpdateSettings:
    """``[update]``: how catalogs are merged with their templates and written."""

    similarity: float = DEFAULT_SIMILARITY  # fuzzy matching: lowest similarity, 0..1
    obsolete: bool = True  # keep translations whose source went away as #~ entries
    width: int = DEFAULT_WIDTH  # line width of written catalogs (0: no wrapping)
    memory: bool = True  # suggest translations from the project's other catalogs
    compendia: tuple[str, ...] = ()  # .po files to suggest from (paths from the root)


# The [translate] keys a backend sees (also accepted under [translate.backends.<name>]).
TRANSLATE_OPTIONS = ("endpoint", "api_key_env", "concurrency", "batch_size", "timeout",
                     "retries", "similarity", "memory", "compendia", "tmx", "glossary",
                     "cache_dir")
# Settings that never change what a backend answers (the suggestion cache and the build
# cache leave them out of their keys).
NOT_OUTPUT_AFFECTING = frozenset({"api_key_env", "concurrency", "batch_size", "timeout",
                                  "retries", "cache_dir", "backend", "backends"})


@dataclass(frozen=True)
class TranslateSettings:
    """``[translate]``: the default backend, its settings, pivots and per-backend tables.

    ``options`` holds only the keys that are set, so each backend's own defaults apply to
    the rest (an HTTP backend's concurrency differs from the memory's).
    """

    backend: str = DEFAULT_BACKEND
    options: Mapping[str, Any] = field(default_factory=dict)
    via: Mapping[str, str] = field(default_factory=dict)  # target language -> pivot
    backends: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    cache_dir: str = DEFAULT_CACHE_DIR

    def for_backend(self, name: str, endpoint: str | None = None) -> dict[str, Any]:
        """What backend ``name`` sees: the common keys, its own table on top, and
        ``--endpoint`` on top of that."""
        settings = {**self.options, **self.backends.get(name, {})}
        if endpoint:
            settings["endpoint"] = endpoint
        return settings


def _severities() -> dict[str, str]:
    return {name: info.severity for name, info in CHECKS.items()}


@dataclass(frozen=True)
class CheckSettings:
    """``[check]``: the gate's thresholds and which checks run at which severity."""

    severities: Mapping[str, str] = field(default_factory=_severities)
    threshold: float = DEFAULT_THRESHOLD
    languages: Mapping[str, float] = field(default_factory=dict)
    catalogs: Mapping[str, float | Mapping[str, float]] = field(default_factory=dict)
    glossary: tuple[str, ...] = ()  # default: [translate] glossary
    length_ratio: tuple[float, float] = (0.5, 2.0)

    def required(self, slug: str, lang: str) -> float:
        """The percentage the catalog of ``slug`` in ``lang`` needs to pass."""
        per_catalog = self.catalogs.get(slug)
        if isinstance(per_catalog, Mapping):
            if lang in per_catalog:
                return per_catalog[lang]
        elif per_catalog is not None:
            return per_catalog
        return self.languages.get(lang, self.threshold)


@dataclass(frozen=True)
class CompileSettings:
    """``[compile]``, plus the command line's preview overrides (``--min-translated``,
    ``--use-fuzzy``) applied with :func:`dataclasses.replace`."""

    threshold: float = DEFAULT_THRESHOLD
    per_language: Mapping[str, float] = field(default_factory=dict)
    use_fuzzy: bool = False
    fallback: bool = True
    hreflang: bool = False
    date_line: re.Pattern[str] | None = None
    min_translated: float | None = None  # --min-translated: overrides every threshold

    def required(self, lang: str) -> tuple[float, str]:
        """The percentage ``lang`` needs, and where that figure comes from."""
        if self.min_translated is not None:
            return self.min_translated, "--min-translated"
        if lang in self.per_language:
            return self.per_language[lang], f"compile.{lang}"
        return self.threshold, "compile.threshold"

    @property
    def preview(self) -> bool:
        return self.use_fuzzy or self.min_translated is not None


@dataclass(frozen=True)
class ReportSettings:
    """``[report]``: the review site (``l10n report``)."""

    enabled: bool = False  # `l10n build` writes it too


@dataclass(frozen=True)
class SegmentSettings:
    """``[segment]``: the project's own abbreviations, by language."""

    abbreviations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    abbreviations_final: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def for_language(self, lang: str) -> dict[str, tuple[str, ...]]:
        """Keyword arguments for :func:`l10n.segment.sentence_spans`."""
        found = {}
        if self.abbreviations.get(lang):
            found["abbreviations"] = self.abbreviations[lang]
        if self.abbreviations_final.get(lang):
            found["abbreviations_final"] = self.abbreviations_final[lang]
        return found


@dataclass(frozen=True)
class Config:
    """A project's configuration, validated; every section is a frozen settings object."""

    root: Path
    file: Path
    source_dir: str = "source"
    locales_dir: str = "locales"
    dist_dir: str = "dist"
    source_language: str = "en"
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    project: str = ""  # Project-Id-Version of the templates (default: the article's slug)
    jobs: int = 0  # worker processes of a build or a check (0: one per core)
    articles: Mapping[str, ArticleSettings] = field(default_factory=dict)
    update: UpdateSettings = field(default_factory=UpdateSettings)
    translate: TranslateSettings = field(default_factory=TranslateSettings)
    check: CheckSettings = field(default_factory=CheckSettings)
    compile: CompileSettings = field(default_factory=CompileSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    segment: SegmentSettings = field(default_factory=SegmentSettings)
    formats: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    config_file: ConfigFile | None = field(default=None, compare=False, repr=False)

    @property
    def source_path(self) -> Path:
        return self.root / self.source_dir

    @property
    def locales_path(self) -> Path:
        return self.root / self.locales_dir

    @property
    def dist_path(self) -> Path:
        return self.root / self.dist_dir

    def article_language(self, slug: str) -> str:
        article = self.articles.get(slug)
        return (article.source_language if article else None) or self.source_language

    def targets(self, slug: str) -> list[str]:
        src = self.article_language(slug)
        return [lang for lang in self.languages if lang != src]

    def format_options(self, name: str) -> dict[str, Any]:
        return dict(self.formats.get(name, {}))

    def key(self, *parts: str) -> Key:
        """A key of this configuration, to report a problem found later (e.g. a slug that
        names no article) in the same words as the validators."""
        origin = self.config_file or ConfigFile(self.file, self.file.name, (), _Lines(""))
        return origin.key(*parts)

    def refuse_unknown_slugs(self, slugs: Iterable[str], folder: str) -> None:
        """Per-article settings must name an article of the source folder."""
        known = list(slugs)
        named = [("articles", slug) for slug in self.articles]
        named += [("check", "catalogs", slug) for slug in self.check.catalogs]
        for parts in named:
            slug = parts[-1]
            if slug not in known:
                close = _close(slug, known, n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]}?" if close else ""
                raise self.key(*parts).error(f"names no article in {folder}/{hint}")


# ---------------------------------------------------------------------------- loading

def find_project(start: Path | str | None = None) -> Path:
    """The project file: an l10n.toml, or a pyproject.toml with [tool.l10n].

    Without ``start``, the current folder and its parents are searched. A folder given
    as ``start`` is searched the same way; a file given must be one of the two.
    """
    if start is not None:
        start = given = Path(start)
        if not given.exists():
            raise ConfigError("no such file or folder (--project needs a project folder, an "
                              "l10n.toml or a pyproject.toml)", start)
        if given.is_file():
            if given.name not in FILE_NAMES:
                raise ConfigError("not a project file (--project needs a project folder, an "
                                  "l10n.toml or a pyproject.toml)", start)
            if given.name == "pyproject.toml" and not has_l10n_table(given.resolve()):
                raise ConfigError("has no [tool.l10n] table (run 'l10n init' to add one)",
                                  start)
            return given.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "l10n.toml").is_file():
            return folder / "l10n.toml"
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and has_l10n_table(pyproject):
            return pyproject
    raise ConfigError("no l10n project here or above (need l10n.toml or [tool.l10n] in "
                      "pyproject.toml; 'l10n init' starts one)", start or here)


def has_l10n_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml holds a [tool.l10n] table."""
    tool = _read_toml(pyproject, pyproject.name).get("tool")
    return isinstance(tool, dict) and "l10n" in tool


def _read_text(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(f"cannot read: {reason}", shown) from None


def _read_toml(path: Path, shown: str, text: str | None = None) -> dict[str, Any]:
    text = _read_text(path, shown) if text is None else text
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python < 3.14 has the position only in the message: "... (at line 3, column 14)".
        at = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = getattr(exc, "lineno", None) or (int(at.group(1)) if at else None)
        msg = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)$", "", str(exc))
        raise ConfigError(f"invalid TOML: {msg}", shown, line) from None


def load(project: Path | str | None = None) -> Config:
    """Find, read and validate the project's configuration (``project``: a folder, an
    l10n.toml or a pyproject.toml; default: found from the current folder upwards)."""
    file = find_project(Path(project) if project is not None else None)
    text = _read_text(file, file.name)
    data = _read_toml(file, file.name, text)
    if file.name == "pyproject.toml":
        data = data.get("tool", {}).get("l10n", {})
    return from_dict(data, file, text)


def from_dict(data: dict[str, Any], file: Path, text: str = "") -> Config:
    """Validate the contents of ``[tool.l10n]`` (or of an l10n.toml) read from ``file``."""
    prefix = ("tool", "l10n") if file.name == "pyproject.toml" else ()
    src = ConfigFile(file, file.name, prefix, _Lines(text))
    if not isinstance(data, dict):
        raise src.key().bad("a table", data)
    root = file.parent
    top = _Table(src.key(), data)
    source_language = top.take("source_language", language, "en")
    languages = top.take("languages", language_list, DEFAULT_LANGUAGES)
    articles = _articles(top.sub("articles"))
    # Every language an article may be written in (its abbreviations matter).
    every = tuple(dict.fromkeys((*languages, source_language,
                                 *(a.source_language for a in articles.values()
                                   if a.source_language))))
    translate = _translate(top.sub("translate"), root, languages)
    config = Config(
        root=root, file=file,
        source_dir=top.take("source_dir", folder, "source"),
        locales_dir=top.take("locales_dir", folder, "locales"),
        dist_dir=top.take("dist_dir", folder, "dist"),
        source_language=source_language,
        languages=languages,
        project=top.take("project", string, ""),
        jobs=top.take("jobs", whole(0, 512), 0),
        articles=articles,
        update=_update(top.sub("update"), root),
        translate=translate,
        # The gate's glossary defaults to the one translation uses.
        check=_check(top.sub("check"), root, languages,
                     translate.options.get("glossary", ())),
        compile=_compile(top.sub("compile"), languages),
        report=_report(top.sub("report")),
        segment=_segment(top.sub("segment"), every),
        formats=_formats(top.sub("formats"), root),
        config_file=src,
    )
    hint = ""
    if "tool" in top.rest() and not prefix:
        hint = ("l10n.toml holds what [tool.l10n] holds, without the prefix: write "
                "[update], not [tool.l10n.update]")
    top.done(hint)
    return config


def option(name: str, value: Any, kind: Kind) -> Any:
    """A command-line value checked by a configuration kind, so that it is refused in the
    same words: ``--languages must be a list of different language codes, got ...``."""
    return kind(value, ConfigFile(Path(name), "", (), _Lines("")).key(name))


def language_list(value: Any, key: Key) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise key.bad("a non-empty list of language codes", value)
    seen: list[str] = []
    for code in value:
        if not isinstance(code, str) or not is_known(code):
            hint = language_hint(code) if isinstance(code, str) else ""
            raise key.bad('a list of language codes such as "uk"', code, hint)
        lang = code
        if lang in seen:
            raise key.bad("a list of different language codes", value,
                          f"{lang} is listed twice")
        seen.append(lang)
    return tuple(seen)


def check_slug(slug: str, file: Path | str) -> str:
    """An article slug usable as a file name and a gettext domain."""
    if not SLUG_RE.match(slug) or ".." in slug:
        raise ConfigError(f"invalid article slug {slug!r} (letters, digits, '.', '_', '-'; "
                          "no '/' or '..')", file)
    return slug


def _articles(t: _Table) -> dict[str, ArticleSettings]:
    found = {}
    for slug in t.rest():
        key = t.key / slug
        if not SLUG_RE.match(slug) or ".." in slug:
            raise key.error("is not an article slug (letters, digits, '.', '_', '-'; no '/' "
                            "or '..')")
        article = t.sub(slug)
        found[slug] = ArticleSettings(
            source_language=article.take("source_language", language))
        article.done()
    return found


def _update(t: _Table, root: Path) -> UpdateSettings:
    settings = UpdateSettings(
        similarity=t.take("similarity", fraction, DEFAULT_SIMILARITY),
        obsolete=t.take("obsolete", boolean, True),
        width=t.take("width", width, DEFAULT_WIDTH),
        memory=t.take("memory", boolean, True),
        compendia=t.take("compendia", files(root), ()),
    )
    t.done()
    return settings


def _option_kinds(root: Path) -> dict[str, Kind]:
    return {"endpoint": url, "api_key_env": variable, "concurrency": whole(1),
            "batch_size": whole(1), "timeout": seconds, "retries": whole(0, 100),
            "similarity": fraction, "memory": boolean, "compendia": files(root),
            "tmx": files(root), "glossary": files(root, GLOSSARY_SUFFIXES), "cache_dir": folder}


def _translate(t: _Table, root: Path, languages: tuple[str, ...]) -> TranslateSettings:
    kinds = _option_kinds(root)
    backend = t.take("backend", string, DEFAULT_BACKEND)
    if t.has("backend"):
        _known_backend(backend, t.key / "backend")
    options = {name: t.take(name, kind) for name, kind in kinds.items() if t.has(name)}
    for name in kinds:
        t.taken.add(name)
    via: dict[str, str] = {}
    for lang, pivot in t.languages(_pivot_table, languages).items():
        if pivot is None:
            continue
        key = t.key / lang / "via"
        if pivot not in languages or pivot == lang:
            raise key.bad("another language of the project (" + ", ".join(languages) + ")",
                          pivot)
        via[lang] = pivot
    per_backend: dict[str, dict[str, Any]] = {}
    backends = t.sub("backends")
    for name in backends.rest():
        _known_backend(name, backends.key / name)
        own = backends.sub(name)
        declared = {k: _declared_kind(spec, root) for k, spec in _backend_options(name).items()}
        per_backend[name] = {k: own.take(k, kind) for k, kind in {**kinds, **declared}.items()
                             if own.has(k)}
        own.taken.update(kinds, declared)
        own.done()
    settings = TranslateSettings(backend=backend, options=options, via=via,
                                 backends=per_backend,
                                 cache_dir=options.get("cache_dir", DEFAULT_CACHE_DIR))
    t.done(languages=languages)
    return settings


def _pivot_table(value: Any, key: Key) -> str | None:
    if not isinstance(value, dict) or set(value) - {"via"}:
        raise key.bad('a table like { via = "uk" }', value)
    return language(value["via"], key / "via") if "via" in value else None


def _backend_names() -> list[str]:
    from l10n.translate import registry

    return sorted(registry())


def _known_backend(name: Any, key: Key) -> None:
    from l10n.translate import BUILTIN

    if name in BUILTIN:
        return
    names = _backend_names()
    if name not in names:
        close = _close(str(name), names, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else ""
        raise key.bad("an installed backend (" + ", ".join(names) + ")", name, hint)


def _backend_options(name: str) -> Mapping[str, Any]:
    """The keys a backend declares for its own table (beyond the common ones)."""
    from l10n.translate import entry

    found = entry(name)
    assert found is not None  # a name checked by _known_backend
    factory = found.load()
    declared = getattr(factory, "options", None)
    return declared if isinstance(declared, Mapping) else {}


def _check(t: _Table, root: Path, languages: tuple[str, ...],
           glossary: tuple[str, ...]) -> CheckSettings:
    def names(key_name: str) -> tuple[str, ...]:
        value = t.take(key_name, strings, ())
        for name in value:
            if name not in CHECKS:
                close = _close(name, list(CHECKS), n=1, cutoff=0.6)
                raise (t.key / key_name).error(
                    f"names {show(name)}, which is not a check; " +
                    (f"did you mean {close[0]}?" if close else f"checks: {', '.join(CHECKS)}"))
        return value

    severities = _severities()
    chosen = names("checks")
    if t.has("checks"):
        severities = {n: (s if n in chosen or n in FIXED else OFF)
                      for n, s in severities.items()}
        for n in chosen:
            if severities[n] == OFF:
                severities[n] = ERROR
    for n in names("enable"):
        if severities[n] == OFF:
            severities[n] = CHECKS[n].severity if CHECKS[n].severity != OFF else ERROR
    disabled = names("disable")
    for n in disabled:
        if n in FIXED:
            raise (t.key / "disable").error(f"cannot switch off {n}: a catalog with this "
                                            "problem cannot be read, so it cannot pass")
        severities[n] = OFF
    overrides = t.sub("severity")
    for n in overrides.rest():
        key = overrides.key / n
        if n not in CHECKS:
            close = _close(n, list(CHECKS), n=1, cutoff=0.6)
            raise key.unknown(hint=f"did you mean {close[0]}?" if close else
                              f"checks: {', '.join(CHECKS)}")
        if n in FIXED:
            raise key.error(f"cannot be re-rated: a catalog with a {n} problem cannot be "
                            "read, so it is always an error")
        severities[n] = overrides.take(n, choice(SEVERITIES))
    catalogs: dict[str, float | dict[str, float]] = {}
    per_catalog = t.sub("catalogs")
    for slug in per_catalog.rest():
        value = per_catalog.data[slug]
        if isinstance(value, dict):
            langs = per_catalog.sub(slug)
            catalogs[slug] = langs.languages(percentage, languages)
            langs.done(languages=languages)
        else:
            catalogs[slug] = per_catalog.take(slug, percentage)
    length_ratio = t.take("length_ratio", _length_ratio, (0.5, 2.0))
    settings = CheckSettings(
        severities=severities,
        threshold=t.take("threshold", percentage, DEFAULT_THRESHOLD),
        glossary=t.take("glossary", files(root, GLOSSARY_SUFFIXES), glossary),
        length_ratio=length_ratio,
        catalogs=catalogs,
        languages=t.languages(percentage, languages),
    )
    t.done(languages=languages)
    return settings


def _length_ratio(value: Any, key: Key) -> tuple[float, float]:
    if _number_like(value) and value > 1:
        return (1 / value, float(value))
    if isinstance(value, list) and len(value) == 2 and all(map(_number_like, value)) \
            and 0 <= value[0] < value[1]:
        return (float(value[0]), float(value[1]))
    raise key.bad("a number above 1 or a list [min, max]", value)


def _compile(t: _Table, languages: tuple[str, ...]) -> CompileSettings:
    settings = CompileSettings(
        threshold=t.take("threshold", percentage, DEFAULT_THRESHOLD),
        use_fuzzy=t.take("use_fuzzy", boolean, False),
        fallback=t.take("fallback", boolean, True),
        hreflang=t.take("hreflang", boolean, False),
        date_line=t.take("date_line", regex),
        per_language=t.languages(percentage, languages),
    )
    t.done(languages=languages)
    return settings


def _report(t: _Table) -> ReportSettings:
    settings = ReportSettings(enabled=t.take("enabled", boolean, False))
    t.done()
    return settings


def _segment(t: _Table, languages: tuple[str, ...]) -> SegmentSettings:
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    for name in ("abbreviations", "abbreviations_final"):
        words = t.sub(name)
        found[name] = words.languages(strings, languages)
        words.done(languages=languages)
    t.done()
    return SegmentSettings(**found)


def _formats(t: _Table, root: Path) -> dict[str, dict[str, Any]]:
    if not t.rest():
        return {}
    from l10n.formats import registry

    by_name = {fmt.name: fmt for fmt in registry().values()}
    found: dict[str, dict[str, Any]] = {}
    for name in t.rest():
        if name not in by_name:
            raise (t.key / name).unknown(by_name)
        declared = getattr(by_name[name], "options", ())
        if not isinstance(declared, Mapping):
            declared = dict.fromkeys(declared, "any")
        options = t.sub(name)
        found[name] = {k: options.take(k, _declared_kind(spec, root))
                       for k, spec in declared.items() if options.has(k)}
        options.taken.update(declared)
        options.done()
    return found


def _close(word: str, candidates: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """difflib's close matches, for hints (imported only when a mistake needs one)."""
    import difflib

    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=cutoff)
