"""Template + existing translations → updated catalog, never losing a translation.

Like ``msgmerge``: an entry whose msgid is still in the template keeps its translation;
an entry whose source went away becomes obsolete (``#~``); an obsolete entry whose source
comes back is revived. ``init`` creates a new catalog from a template, like ``msginit``.
"""

from __future__ import annotations

from l10n.extract import now_stamp
from l10n.languages import display_name, plural_forms
from l10n.model import Catalog, Message

PO_HEADER_ORDER = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date",
                   "PO-Revision-Date", "Last-Translator", "Language-Team", "Language",
                   "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Plural-Forms")


def init(pot: Catalog, lang: str, slug: str) -> Catalog:
    """A new, empty translation catalog for ``lang`` from the template (msginit)."""
    name = display_name(lang)
    headers = dict(pot.headers)
    headers.update({
        "PO-Revision-Date": now_stamp(),
        "Last-Translator": "",
        "Language-Team": name,
        "Language": lang,
        "Plural-Forms": plural_forms(lang),
    })
    catalog = Catalog(
        header_comments=[f'{name} translation of the article "{slug}".'],
        headers={k: headers[k] for k in PO_HEADER_ORDER if k in headers}
        | {k: v for k, v in headers.items() if k not in PO_HEADER_ORDER},
    )
    return merge(pot, catalog)


def _fresh(tmpl: Message) -> Message:
    return Message(msgid=tmpl.msgid, msgctxt=tmpl.msgctxt, msgid_plural=tmpl.msgid_plural,
                   msgstr_plural=[""] * len(tmpl.msgstr_plural) if tmpl.msgid_plural else [],
                   extracted_comments=list(tmpl.extracted_comments),
                   references=list(tmpl.references),
                   flags=[f for f in tmpl.flags if f != "fuzzy"])


def merge(pot: Catalog, po: Catalog) -> Catalog:
    """The updated catalog: template order, old translations carried over."""
    old_active = {m.key: m for m in po.messages if not m.obsolete}
    old_obsolete = {m.key: m for m in po.messages if m.obsolete}
    out = Catalog(header_comments=list(po.header_comments), headers=dict(po.headers),
                  header_flags=list(po.header_flags))
    if "POT-Creation-Date" in pot.headers:
        out.headers["POT-Creation-Date"] = pot.headers["POT-Creation-Date"]
    used: set[tuple[str | None, str]] = set()
    for tmpl in pot.messages:
        if tmpl.obsolete:
            continue
        old = old_active.get(tmpl.key) or old_obsolete.get(tmpl.key)
        new = _fresh(tmpl)
        if old is not None:
            used.add(old.key)
            new.msgstr = old.msgstr
            new.msgstr_plural = list(old.msgstr_plural) or new.msgstr_plural
            new.translator_comments = list(old.translator_comments)
            new.flags = list(dict.fromkeys(old.flags + new.flags))
            new.previous_msgctxt = old.previous_msgctxt
            new.previous_msgid = old.previous_msgid
            new.previous_msgid_plural = old.previous_msgid_plural
        out.messages.append(new)
    for old in po.messages:
        if old.key in used:
            continue
        if old.obsolete or old.has_translation:
            gone = Message(msgid=old.msgid, msgstr=old.msgstr, msgctxt=old.msgctxt,
                           msgid_plural=old.msgid_plural, msgstr_plural=list(old.msgstr_plural),
                           translator_comments=list(old.translator_comments),
                           flags=[f for f in old.flags if f == "fuzzy"],
                           previous_msgctxt=old.previous_msgctxt,
                           previous_msgid=old.previous_msgid,
                           previous_msgid_plural=old.previous_msgid_plural, obsolete=True)
            out.messages.append(gone)
    return out
