"""The driver shared by all backends: fill untranslated entries with fuzzy suggestions.

It never touches a translated entry. Fuzzy machine suggestions are replaced only with
``refresh``; a fuzzy entry that a human left is never replaced.
"""

from __future__ import annotations

from dataclasses import dataclass

from l10n.model import Catalog, Message
from l10n.translate import Backend

MACHINE_MARK = "machine translation:"


@dataclass
class FillResult:
    candidates: int = 0
    filled: int = 0


def is_machine(msg: Message) -> bool:
    return any(c.startswith(MACHINE_MARK) for c in msg.translator_comments)


def wants_translation(msg: Message, refresh: bool = False) -> bool:
    if msg.obsolete or msg.msgid_plural is not None or not msg.msgid:
        return False
    if not msg.has_translation:
        return True
    return refresh and msg.fuzzy and is_machine(msg)


def fill(catalog: Catalog, backend: Backend, source: str, target: str,
         refresh: bool = False) -> FillResult:
    todo = [m for m in catalog.messages if wants_translation(m, refresh)]
    result = FillResult(candidates=len(todo))
    if not todo:
        return result
    texts = list(dict.fromkeys(m.msgid for m in todo))
    suggestions = dict(zip(texts, backend.translate(texts, source, target)))
    for msg in todo:
        suggestion = suggestions.get(msg.msgid)
        if suggestion is None or not suggestion.text:
            continue
        msg.msgstr = suggestion.text
        msg.fuzzy = True
        note = f"{MACHINE_MARK} {backend.name} ({source}→{target})"
        if suggestion.note:
            note += f", {suggestion.note}"
        msg.translator_comments = [c for c in msg.translator_comments
                                   if not c.startswith(MACHINE_MARK)] + [note]
        result.filled += 1
    return result
