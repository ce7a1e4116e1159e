"""Completeness of catalogs, for people (status) and for CI (check)."""

from __future__ import annotations

from dataclasses import dataclass

from l10n.model import Catalog


@dataclass
class Stats:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def stats(catalog: Catalog) -> Stats:
    """Counts as ``msgfmt --statistics`` gives them (fuzzy is not translated)."""
    s = Stats()
    for m in catalog.messages:
        if m.obsolete:
            s.obsolete += 1
        elif m.translated:
            s.translated += 1
        elif m.fuzzy and m.has_translation:
            s.fuzzy += 1
        else:
            s.untranslated += 1
    return s
