"""Catalog lookup for composing localised articles, with a fallback to the source text."""

from __future__ import annotations

from dataclasses import dataclass

from l10n.model import Article, Catalog, Unit, render


@dataclass
class Composition:
    text: str
    units: int
    fallbacks: int


def compose(article: Article, catalog: Catalog, use_fuzzy: bool = False) -> Composition:
    """Render ``article`` with the catalog's translations; missing ones keep the source."""
    table: dict[str, str] = {}
    for m in catalog.messages:
        if m.obsolete or m.msgid_plural is not None or not m.msgstr:
            continue
        if m.fuzzy and not use_fuzzy:
            continue
        table[m.msgid] = m.msgstr
    fallbacks = 0

    def lookup(unit: Unit) -> str:
        nonlocal fallbacks
        found = table.get(unit.text)
        if found is None:
            fallbacks += 1
            return unit.text
        return found

    text = render(article, lookup)
    return Composition(text=text, units=len(article.units), fallbacks=fallbacks)
