"""Template + existing translations → updated catalog, never losing a translation.

Like ``msgmerge --previous``:

* an entry whose msgid (and msgctxt) is still in the template keeps its translation, flags
  and translator comments; its ``#.`` and ``#:`` comments come from the template;
* a new entry that is an edit of an old one gets the old translation as a fuzzy
  suggestion with the old source in ``#| msgid``; the same old entry may seed several;
* entries whose source went away become obsolete (``#~``); an obsolete entry whose
  source comes back is revived.

Beyond msgmerge: fuzzy matching is indexed (see ``l10n.fuzzy``), measures similarity in
words so that brand-new sentences are left untranslated instead of receiving a wrong
suggestion, prefers old entries that lost their source (the likely originals of an edit),
and can draw on a project-wide ``Memory`` (other catalogs of the language, compendia),
whose suggestions are always fuzzy and say where they come from.

A suggestion is never a silent translation: every non-exact match is fuzzy, however
similar (``is`` and ``is not`` differ by one word).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from l10n.extract import now_stamp
from l10n.fuzzy import DEFAULT_SIMILARITY, FuzzyIndex, negation_changed
from l10n.gcpause import paused_gc
from l10n.languages import display_name, plural_forms
from l10n.languages import nplurals as catalog_nplurals
from l10n.memstore import Item, View
from l10n.model import Catalog, Message
from l10n.notes import (
    LEGACY_IGNORE_FLAG,
    MEMORY_NOTE,
    NEGATION_NOTE,
    has_aligned_note,
    has_machine_note,
    is_own_note,
    memory_note,
    migrate_ignore_flags,
    settle,
)

PO_HEADER_ORDER = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date",
                   "PO-Revision-Date", "Last-Translator", "Language-Team", "Language",
                   "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Plural-Forms")
# An orphan this similar is taken without looking at the entries still in use.
_CLEAR_MATCH = 0.9

Key = tuple[str | None, str]


@dataclass(frozen=True)
class Suggestion:
    """A translation offered for a new entry: the entry it comes from and where it is."""

    message: Message
    score: float
    source: str | None = None  # None: the catalog being updated


def memory_key(msgctxt: str | None, msgid: str) -> str:
    """An entry's key (msgctxt and msgid) as one string, as gettext joins them."""
    return msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"


def memory_items(entries: Iterable[Sequence[Any]]) -> Iterator[Item]:
    """The items of a memory (``l10n.memstore``) for finished entries given as (msgctxt,
    msgid, msgid_plural, msgstr, msgstr_plural)."""
    for ctx, msgid, plural, msgstr, forms in entries:
        yield msgid, memory_key(ctx, msgid), [ctx, msgid, plural, msgstr, list(forms)]


def _message(payload: Any) -> Message:
    if isinstance(payload, Message):
        return payload
    ctx, msgid, plural, msgstr, forms = payload
    return Message(msgid=msgid, msgstr=msgstr, msgctxt=ctx, msgid_plural=plural,
                   msgstr_plural=list(forms))


def memory_view(view: View | None = None) -> View:
    """A memory for ``Memory``: every finished entry of each catalog (none left out as a
    copy), each carrying its message."""
    return View(dedup=False, decode=_message) if view is None else view


class Memory:
    """Translations from other catalogs of one language, searchable exactly and fuzzily.

    Each catalog is a group of the memory, named by the path shown to translators; a
    search leaves out the group of the catalog being updated. The memory may be made
    from catalogs (``add_catalog``) or given as a ``l10n.memstore.View`` (one that a
    build keeps between runs; see ``memory_view``).
    """

    def __init__(self, view: View | None = None) -> None:
        self._view = memory_view(view)
        # Catalogs added but not indexed yet: an update in which no sentence needs a
        # suggestion never pays for the index.
        self._waiting: list[tuple[Catalog, str]] = []

    def __len__(self) -> int:
        return len(self._ready())

    def add_catalog(self, catalog: Catalog, source: str) -> None:
        """Add the finished (translated, not fuzzy) entries of ``catalog``."""
        self._waiting.append((catalog, source))

    def _ready(self) -> View:
        if self._waiting:
            with paused_gc():
                for catalog, source in self._waiting:
                    self._view.append(source, "", (
                        (m.msgid, memory_key(m.msgctxt, m.msgid), m)
                        for m in catalog.messages if not m.obsolete and m.translated),
                        keep=False)
            self._waiting = []
        return self._view

    def suggest(self, msg: Message, threshold: float, exclude: str | None = None
                ) -> Suggestion | None:
        view = self._ready()
        if not len(view):
            return None
        for item in view.find(memory_key(msg.msgctxt, msg.msgid)):
            if view.group(item) != exclude:
                return Suggestion(view.item(item), 1.0, view.group(item))
        match = view.index.best(msg.msgid, threshold,
                                exclude=None if exclude is None
                                else lambda item: view.group(item) == exclude,
                                prefer=lambda item: _same_context(view.item(item), msg))
        if match is None:
            return None
        return Suggestion(view.item(match.item), match.score, view.group(match.item))


def init(pot: Catalog, lang: str, slug: str, **options: object) -> Catalog:
    """A new translation catalog for ``lang`` from the template (msginit).

    ``options`` are those of ``merge``: with a memory, the new catalog starts with fuzzy
    suggestions.
    """
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
    return merge(pot, catalog, **options)  # type: ignore[arg-type]


def _fresh(tmpl: Message, nplurals: int) -> Message:
    return Message(msgid=tmpl.msgid, msgctxt=tmpl.msgctxt, msgid_plural=tmpl.msgid_plural,
                   msgstr_plural=[""] * nplurals if tmpl.msgid_plural is not None else [],
                   extracted_comments=list(tmpl.extracted_comments),
                   references=list(tmpl.references),
                   flags=[f for f in tmpl.flags if f != "fuzzy"])


def _copy_translation(new: Message, old: Message, nplurals: int) -> bool:
    """Put ``old``'s translation into ``new``; False when the shapes differ (then fuzzy)."""
    if new.msgid_plural is None:
        if old.msgid_plural is None:
            new.msgstr = old.msgstr
            return True
        new.msgstr = old.first_msgstr
        return False
    if old.msgid_plural is not None:
        forms = list(old.msgstr_plural)
        new.msgstr_plural = (forms + [""] * nplurals)[:max(nplurals, len(forms))]
        return True
    new.msgstr_plural = [old.msgstr] + [""] * (nplurals - 1)
    return False


def _settled(old: Message) -> Message:
    """``old`` with its machine notes and silencing brought up to date (see l10n.notes),
    judged on its own state, before a merge may make it fuzzy."""
    if not old.translator_comments and not old.flags or not (
            has_machine_note(old) or has_aligned_note(old)
            or any(f.startswith(LEGACY_IGNORE_FLAG) for f in old.flags)):
        return old
    settled = replace(old, translator_comments=list(old.translator_comments),
                      flags=list(old.flags))
    settle(settled)
    migrate_ignore_flags(settled)
    return settled


def _carry_exact(tmpl: Message, old: Message, nplurals: int) -> Message:
    old = _settled(old)
    new = Message(msgid=tmpl.msgid, msgctxt=tmpl.msgctxt, msgid_plural=tmpl.msgid_plural,
                  translator_comments=list(old.translator_comments),
                  extracted_comments=list(tmpl.extracted_comments),
                  references=list(tmpl.references),
                  flags=list(dict.fromkeys(old.flags + tmpl.flags)) if tmpl.flags
                  else list(old.flags))
    same_shape = _copy_translation(new, old, nplurals)
    if old.fuzzy:
        notes = [c for c in old.extracted_comments
                 if is_own_note(c) and c not in new.extracted_comments]
        new.extracted_comments += notes
        # A suggestion from another catalog had its source there written as `#|` by
        # earlier versions; that is not this entry's previous source: drop it.
        if not any(c.startswith(MEMORY_NOTE) for c in notes):
            new.previous_msgctxt = old.previous_msgctxt
            new.previous_msgid = old.previous_msgid
            new.previous_msgid_plural = old.previous_msgid_plural
    if not same_shape:
        new.fuzzy = True
    return new


def _carry_fuzzy(tmpl: Message, suggestion: Suggestion, nplurals: int,
                 previous: bool) -> Message:
    old = suggestion.message
    new = _fresh(tmpl, nplurals)
    _copy_translation(new, old, nplurals)
    if suggestion.source is not None:
        # A translation from another catalog: its `#|` would tell Poedit "the source before
        # this entry changed", which it is not; the note says where it comes from.
        new.fuzzy = True
        new.extracted_comments.append(memory_note(
            suggestion.source, None if old.msgid == tmpl.msgid else old.msgid))
        if negation_changed(old.msgid, new.msgid):
            new.extracted_comments.append(NEGATION_NOTE)
        return new
    old = _settled(old)
    new.translator_comments = list(old.translator_comments)
    new.fuzzy = True
    if previous and old.fuzzy and old.previous_msgid is not None:
        # The translation still belongs to the source it was made for (as msgmerge keeps it).
        new.previous_msgctxt = old.previous_msgctxt
        new.previous_msgid = old.previous_msgid
        new.previous_msgid_plural = old.previous_msgid_plural
    elif previous:
        new.previous_msgctxt = old.msgctxt
        new.previous_msgid = old.msgid
        new.previous_msgid_plural = old.msgid_plural
    if negation_changed(old.msgid, new.msgid):
        new.extracted_comments.append(NEGATION_NOTE)
    return new


def _obsolete(old: Message) -> Message:
    old = _settled(old)
    return Message(msgid=old.msgid, msgstr=old.msgstr, msgctxt=old.msgctxt,
                   msgid_plural=old.msgid_plural, msgstr_plural=list(old.msgstr_plural),
                   translator_comments=list(old.translator_comments),
                   flags=list(old.flags),  # as msgmerge: format flags stay
                   previous_msgctxt=old.previous_msgctxt, previous_msgid=old.previous_msgid,
                   previous_msgid_plural=old.previous_msgid_plural, obsolete=True)


def _same_context(donor: Message, msg: Message) -> bool:
    """Of equally similar old entries, msgmerge takes one without a context or with the
    new entry's own (``naturaltime-future`` for ``naturaltime-future``)."""
    return donor.msgctxt is None or donor.msgctxt == msg.msgctxt


class _Donors:
    """Old entries with a translation, searched first among the orphans, entries that
    lost their source (the likely originals of an edit), then, unless an orphan matched
    clearly, among those still in use (a sentence copied and edited): the more similar
    wins, the orphan on a tie. The second index is built only when needed.
    """

    def __init__(self, donors: list[Message], used: set[Key]) -> None:
        self.donors = donors
        self.orphans = [m for m in donors if m.key not in used]
        self.orphan_index = FuzzyIndex(m.msgid for m in self.orphans)
        self.others = [m for m in donors if m.key in used]
        self.others_index: FuzzyIndex | None = None

    def best(self, msg: Message, threshold: float) -> Suggestion | None:
        if not self.donors:
            return None
        orphans, others = self.orphans, self.others
        match = self.orphan_index.best(msg.msgid, threshold,
                                       prefer=lambda i: _same_context(orphans[i], msg))
        found = Suggestion(orphans[match.item], match.score) if match else None
        if not others or found is not None and found.score >= _CLEAR_MATCH:
            return found
        if self.others_index is None:
            self.others_index = FuzzyIndex(m.msgid for m in others)
        match = self.others_index.best(msg.msgid, max(threshold, found.score if found else 0),
                                       prefer=lambda i: _same_context(others[i], msg))
        if match is not None and (found is None or match.score > found.score):
            found = Suggestion(self.others[match.item], match.score)
        return found


def merge(pot: Catalog, po: Catalog, *, similarity: float = DEFAULT_SIMILARITY,
          obsolete: bool = True, previous: bool = True, fuzzy: bool = True,
          memory: Memory | None = None, source: str | None = None) -> Catalog:
    """The updated catalog: template order, old translations carried over.

    similarity: least similarity (0..1) of a fuzzy suggestion; 1 or more turns fuzzy
    matching off.
    obsolete: keep translations whose source went away as ``#~`` entries (else purge).
    previous: record the old source of fuzzy suggestions as ``#| msgid``.
    memory, source: other catalogs to draw suggestions from, and the name of this
    catalog in the memory (its own entries there are skipped).
    """
    with paused_gc():
        return _merge(pot, po, similarity, obsolete, previous, fuzzy, memory, source)


def _merge(pot: Catalog, po: Catalog, similarity: float, obsolete: bool, previous: bool,
           fuzzy: bool, memory: Memory | None, source: str | None) -> Catalog:
    nplurals = catalog_nplurals(po)
    old_active: dict[Key, Message] = {}
    old_obsolete: dict[Key, Message] = {}
    for m in po.messages:
        (old_obsolete if m.obsolete else old_active)[m.key] = m
    out = Catalog(header_comments=list(po.header_comments), headers=dict(po.headers),
                  header_flags=list(po.header_flags))
    if "POT-Creation-Date" in pot.headers:
        out.headers["POT-Creation-Date"] = pot.headers["POT-Creation-Date"]

    used: set[Key] = set()
    pending: list[int] = []
    for tmpl in pot.messages:
        if tmpl.obsolete:
            continue
        old = old_active.get(tmpl.key) or old_obsolete.get(tmpl.key)
        if old is not None:
            used.add(old.key)
            out.messages.append(_carry_exact(tmpl, old, nplurals))
        else:
            pending.append(len(out.messages))
            out.messages.append(_fresh(tmpl, nplurals))

    matching = fuzzy and similarity < 1.0
    if pending and matching:
        donors = _Donors([m for m in po.messages if m.has_translation], used)
        for pos in pending:
            tmpl = out.messages[pos]
            own = donors.best(tmpl, similarity)
            found = own
            if memory is not None and (own is None or own.score < 1.0):
                other = memory.suggest(tmpl, similarity, exclude=source)
                if other is not None and (own is None or other.score > own.score):
                    found = other
            if found is None:
                continue
            if found.source is None:
                used.add(found.message.key)
            out.messages[pos] = _carry_fuzzy(tmpl, found, nplurals, previous)

    if obsolete:
        out.messages.extend(_obsolete(m) for m in po.messages
                            if m.key not in used and m.has_translation
                            and not (m.obsolete and m.key in old_active))
    return out
