"""Catalog lookup for composing localised articles, with a fallback to the source text.

The format's hooks decide how a translation is inserted (escaped, or rejected when it
would break the document) and how a fallback is marked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from l10n.formats import TextHooks
from l10n.model import Article, Catalog, Unit, render


@dataclass
class Composition:
    text: str
    units: int
    fallbacks: int
    rejected: list[Unit] = field(default_factory=list)


def translations(catalog: Catalog, use_fuzzy: bool = False) -> dict[str, str]:
    table: dict[str, str] = {}
    for m in catalog.messages:
        if m.obsolete or m.msgid_plural is not None or not m.msgstr:
            continue
        if m.fuzzy and not use_fuzzy:
            continue
        table[m.msgid] = m.msgstr
    return table


def compose(article: Article, catalog: Catalog, target: str, hooks: TextHooks | None = None,
            use_fuzzy: bool = False) -> Composition:
    """Render ``article`` in ``target``; missing or rejected translations keep the source."""
    hooks = hooks or TextHooks()
    table = translations(catalog, use_fuzzy)
    fallbacks = 0
    rejected: list[Unit] = []

    def lookup(unit: Unit) -> str:
        nonlocal fallbacks
        found = table.get(unit.text)
        if found is not None:
            inserted = hooks.insert(unit, found, target=target)
            if inserted is not None:
                return inserted
            rejected.append(unit)
        fallbacks += 1
        return hooks.fallback(unit, source=article.lang, target=target)

    text = hooks.finish(render(article, lookup), article, target=target)
    return Composition(text=text, units=len(article.units), fallbacks=fallbacks,
                       rejected=rejected)
