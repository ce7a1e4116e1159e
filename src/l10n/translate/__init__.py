"""Translator backends: one small protocol, many providers, registered by name.

A backend turns a batch of source texts into suggestions. The built-in backends are listed
in ``BUILTIN``; third-party backends register through the ``l10n.backends`` entry-point
group. ``registry()`` lists both (a built-in name wins over an entry point of the same name).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from l10n.errors import ConfigError, L10nError


@dataclass(frozen=True)
class Translation:
    """One suggestion: the text, an optional score in 0..100 and a note for translators."""

    text: str
    score: float | None = None
    note: str = ""


# The finished entries of one catalog of the project: (slug, language, entries), each
# entry (msgctxt, msgid, msgstr) of a translated singular entry, in the file's order.
CatalogEntries = tuple[str, str, list[tuple[str | None, str, str]]]


class ProjectMemory(Protocol):
    """The segments of the project's catalogs, as a caller (the build) keeps them:
    ``pairs()`` the (source, target) pairs it holds segments for, each also under the
    primary languages (``uk_UA`` → ``uk``), as the memory backend indexes them, and
    ``view(pair, fresh)`` those segments as a ``l10n.memstore.View`` (``fresh``: one the
    backend may add segments to)."""

    def pairs(self) -> Iterable[tuple[str, str]]: ...

    def view(self, pair: tuple[str, str], fresh: bool) -> Any: ...


@dataclass
class BackendContext:
    """What a backend may know about the project it serves.

    ``settings`` is the ``[tool.l10n.translate]`` section merged with the backend's own
    table under ``backends.<name>`` and the command-line options. ``catalog_entries``,
    when given, yields the finished entries of every catalog of the project in the order
    of their paths (what a caller such as the pipeline holds in memory); otherwise a
    backend that wants them reads the catalogs under ``locales``. ``memory``, when given,
    holds them searchable already (the build keeps them so between runs).
    """

    root: Path
    locales: Path
    settings: dict[str, Any] = field(default_factory=dict)
    source_language: str = "en"
    # slug -> the language its msgids are written in (articles may differ from the default)
    article_languages: dict[str, str] = field(default_factory=dict)
    catalog_entries: Callable[[], Iterable[CatalogEntries]] | None = None
    memory: ProjectMemory | None = None


class BackendError(L10nError):
    """A service refused the work in a way that retrying will not change (bad key, pair)."""


class ServiceUnavailable(BackendError):
    """A service kept failing (timeouts, 429, 5xx) after the whole retry budget."""


class BatchError(Exception):
    """One batch failed (malformed response): counted and reported, the run goes on."""


@runtime_checkable
class Backend(Protocol):
    name: str

    def translate(self, texts: Sequence[str], source: str,
                  target: str) -> list[Translation | None]:
        """One suggestion (or None) per text, in order."""
        ...


class ServerNotRunning(BackendError):
    """A service on this machine refused the connection: nobody listens on its port, and
    retrying will not start it."""


# Optional attributes a backend may define; the driver reads them with these defaults.
# A backend may also define ``pairs() -> Iterable[tuple[str, str]] | None``: the language
# pairs it serves (None: it cannot tell); the driver then skips the catalogs it cannot
# serve instead of failing on them (see ``serves``).
BACKEND_DEFAULTS: dict[str, Any] = {
    "batch_size": 50,  # texts per translate() call
    "concurrency": 1,  # translate() calls in flight at once
    "cacheable": True,  # keep results in the project's cache folder
    "protect": False,  # replace markup, URLs, placeholders, numbers by tokens first
    "token_format": "⟦{n}⟧",  # how a protected span is written to the service
}

BUILTIN: dict[str, str] = {
    "memory": "l10n.translate.memory:MemoryBackend",
    "dictionary": "l10n.translate.memory:MemoryBackend",
    "apertium": "l10n.translate.providers:ApertiumBackend",
    "libretranslate": "l10n.translate.providers:LibreTranslateBackend",
    "deepl": "l10n.translate.providers:DeepLBackend",
}


@dataclass(frozen=True)
class BackendEntry:
    name: str
    target: str  # "module:attribute"
    origin: str  # "built-in" or the distribution that declares the entry point

    def load(self) -> Callable[[BackendContext], Backend]:
        module, _, attr = self.target.partition(":")
        obj: Any = import_module(module)
        for part in attr.split("."):
            obj = getattr(obj, part)
        return obj  # type: ignore[no-any-return]


def registry() -> dict[str, BackendEntry]:
    """Backend factories by name: ``entry.load()(context) -> Backend``."""
    # Loaded here, not with the module: a build that never names a backend (the checks
    # import this package for its glossary) does not pay for reading package metadata.
    from importlib.metadata import entry_points

    found = {name: BackendEntry(name, target, "built-in") for name, target in BUILTIN.items()}
    for ep in entry_points(group="l10n.backends"):
        if ep.name not in found:
            dist = getattr(ep, "dist", None)
            found[ep.name] = BackendEntry(ep.name, ep.value,
                                          dist.name if dist is not None else "entry point")
    return found


def entry(name: str) -> BackendEntry | None:
    """The backend called ``name``, or None. A built-in name is found without reading
    the installed packages' metadata (it wins over an entry point anyway), which would
    cost a build that rebuilds one article a tenth of its time."""
    if name in BUILTIN:
        return BackendEntry(name, BUILTIN[name], "built-in")
    return registry().get(name)


def create(name: str, context: BackendContext) -> Backend:
    found = entry(name)
    if found is None:
        known = ", ".join(sorted(registry())) or "none"
        raise ConfigError(f"unknown translation backend '{name}' (installed: {known})")
    factory = found.load()
    return factory(context)


def _base(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


class Pairs:
    """The language pairs a backend serves, compared on primary language codes when the
    exact codes are not listed ('uk-UA' is served by a 'uk' pair)."""

    def __init__(self, pairs: Iterable[tuple[str, str]]):
        self.exact = {(a.lower().replace("_", "-"), b.lower().replace("_", "-"))
                      for a, b in pairs}
        self.base = {(_base(a), _base(b)) for a, b in self.exact}

    def __contains__(self, pair: object) -> bool:
        if not isinstance(pair, tuple) or len(pair) != 2:
            return False
        a, b = (str(x).lower().replace("_", "-") for x in pair)
        return (a, b) in self.exact or (_base(a), _base(b)) in self.base

    def __len__(self) -> int:
        return len(self.exact)


def served_pairs(backend: Any) -> Pairs | None:
    """What ``backend.pairs()`` says it serves, or None when it cannot tell (no such method,
    or a listing it could not read). A service that refuses to answer at all raises."""
    method = getattr(backend, "pairs", None)
    if not callable(method):
        return None
    try:
        found = method()
    except BatchError:
        return None
    return None if found is None else Pairs(found)


def option(backend: Any, key: str) -> Any:
    """A backend's optional attribute, or the driver's default for it."""
    return getattr(backend, key, BACKEND_DEFAULTS[key])
