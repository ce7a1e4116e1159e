"""A bridge to polib, the library most Python scripts use for gettext catalogs.

``from_polib`` turns a ``polib.POFile`` into an l10n :class:`~l10n.model.Catalog` and
``to_polib`` turns one back, field for field: header comments, header fields (in their
order) and header flags; every entry's msgctxt, msgid, msgid_plural, msgstr or plural
forms, translator and extracted comments, references, flags, previous (``#|``) fields,
obsolete state and line number. So a newsroom's polib scripts can work on l10n's
catalogs and hand them back::

    import polib
    from l10n import from_polib, to_polib, format_catalog

    po = polib.pofile("locales/uk/LC_MESSAGES/story.po")
    ...                                       # a script edits it with polib
    text = format_catalog(from_polib(po))     # written in msgcat's layout

The two models differ in one corner only: polib keeps comments as one string, so a
comment block made of a single empty ``#`` line has no polib form and is dropped by
``to_polib``.
"""

from __future__ import annotations

from typing import Any

import polib

from l10n.model import Catalog, Message

__all__ = ["from_polib", "to_polib"]


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def _reference(occurrence: tuple[str, str]) -> str:
    path, line = occurrence
    return f"{path}:{line}" if line else path


def _occurrence(reference: str) -> tuple[str, str]:
    """'file.py:12' -> ('file.py', '12'); 'file.py' -> ('file.py', ''), as polib reads."""
    path, colon, line = reference.rpartition(":")
    if colon and line.isdigit():
        return path, line
    return reference, ""


def _message(entry: polib.POEntry) -> Message:
    plural = entry.msgid_plural if entry.msgid_plural or entry.msgstr_plural else None
    forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return Message(
        msgid=entry.msgid,
        msgstr=entry.msgstr if plural is None else "",
        msgctxt=entry.msgctxt,
        msgid_plural=plural,
        msgstr_plural=forms if plural is not None else [],
        translator_comments=_lines(entry.tcomment),
        extracted_comments=_lines(entry.comment),
        references=[_reference(o) for o in entry.occurrences],
        flags=list(entry.flags),
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=bool(entry.obsolete),
        lineno=entry.linenum or 0,
    )


def from_polib(po: polib.POFile) -> Catalog:
    """An l10n catalog with everything ``po`` holds (polib's object is not changed)."""
    fuzzy: Any = po.metadata_is_fuzzy
    flags = list(fuzzy) if isinstance(fuzzy, list) else (["fuzzy"] if fuzzy else [])
    return Catalog(header_comments=_lines(po.header), headers=dict(po.metadata),
                   header_flags=flags, messages=[_message(e) for e in po])


def _entry(m: Message) -> polib.POEntry:
    fields: dict[str, Any] = {
        "msgid": m.msgid, "msgctxt": m.msgctxt, "tcomment": "\n".join(m.translator_comments),
        "comment": "\n".join(m.extracted_comments),
        "occurrences": [_occurrence(r) for r in m.references], "flags": list(m.flags),
        "previous_msgctxt": m.previous_msgctxt, "previous_msgid": m.previous_msgid,
        "previous_msgid_plural": m.previous_msgid_plural, "obsolete": m.obsolete,
        "linenum": m.lineno,
    }
    if m.msgid_plural is not None:
        fields["msgid_plural"] = m.msgid_plural
        fields["msgstr_plural"] = dict(enumerate(m.msgstr_plural))
    else:
        fields["msgstr"] = m.msgstr
    return polib.POEntry(**fields)


def to_polib(catalog: Catalog, wrapwidth: int = 78) -> polib.POFile:
    """A ``polib.POFile`` with everything ``catalog`` holds. ``wrapwidth`` is the width
    polib wraps at when it writes (polib's own default; l10n and msgcat write at 79)."""
    po = polib.POFile(wrapwidth=wrapwidth, encoding="utf-8", check_for_duplicates=False)
    po.header = "\n".join(catalog.header_comments)
    po.metadata = dict(catalog.headers)
    po.metadata_is_fuzzy = list(catalog.header_flags) if catalog.header_flags else 0
    for m in catalog.messages:
        po.append(_entry(m))
    return po
