"""Translator backends: one small protocol, many providers, registered by name.

A backend turns a batch of source texts into suggestions. Third-party backends register
through the ``l10n.backends`` entry-point group; ``registry()`` lists what is installed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from l10n.errors import ConfigError


@dataclass(frozen=True)
class Translation:
    """One suggestion: the text, an optional score in 0..100 and a note for translators."""

    text: str
    score: float | None = None
    note: str = ""


@dataclass
class BackendContext:
    """What a backend may know about the project it serves."""

    root: Path
    locales: Path
    settings: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class Backend(Protocol):
    name: str

    def translate(self, texts: Sequence[str], source: str,
                  target: str) -> list[Translation | None]:
        """One suggestion (or None) per text, in order."""
        ...


def registry() -> dict[str, Any]:
    """Backend factories by name: ``factory(context) -> Backend``."""
    found: dict[str, Any] = {}
    for ep in entry_points(group="l10n.backends"):
        found.setdefault(ep.name, ep)
    return found


def create(name: str, context: BackendContext) -> Backend:
    backends = registry()
    if name not in backends:
        known = ", ".join(sorted(backends)) or "none"
        raise ConfigError(f"unknown translation backend '{name}' (installed: {known})")
    factory = backends[name].load()
    return factory(context)
