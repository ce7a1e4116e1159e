"""What l10n writes into a catalog entry besides its translation, in one place.

* **Machine notes** (translator comments, shown by Poedit): where a suggestion came from,
  and whether it is still the machine's text. A fresh suggestion carries a short digest of
  the exact text the provider produced::

      # machine translation: apertium (uk→ru), unreviewed: 3f9a1c2e7b

  The entry counts as unreviewed machine output only while it is fuzzy *and* its msgstr
  still has that digest, so a person's edit is recognised from the text itself, whatever
  happens to the comment. ``settle`` (run by ``l10n update``) rewrites the note once the
  entry is confirmed (``…, reviewed``) or edited (``…, edited``). Notes written before
  digests existed count as a person's text (the safe side).
* **Alignment notes** (translator comments): a translation ``l10n align`` took from a
  published article, with the digest of the text it wrote::

      # aligned from published/uk/slug.txt, as published: 3f9a1c2e7b
      # aligned from published/uk/slug.txt (numbers differ), unreviewed: 5d0c11aa42

  The first stands on a translated entry, the second on a fuzzy one (with why the
  alignment was not sure). ``settle`` removes the note once a person has edited the text,
  or confirmed a fuzzy one: the provenance no longer describes the entry.
* **Suggestion notes** (extracted comments ``#. l10n: …``): what ``update`` says about a
  fuzzy suggestion (taken from another catalog, a negation changed). They are the
  catalog's own, never the template's.
* **Silencing** (a translator comment ``# l10n-ignore: numbers, length``): the checks
  ``l10n check`` skips for the entry. A translator comment is kept by msgcat, msgmerge,
  msgattrib and Poedit, unlike an unknown flag (``#, l10n-ignore-numbers``, the older form,
  still honoured and turned into the comment by ``update``).
"""

from __future__ import annotations

import hashlib
import re

from l10n.model import Message

# -- machine notes

MACHINE_MARK = "machine translation:"
UNREVIEWED = "unreviewed"
EDITED = "edited"
REVIEWED = "reviewed"
DIGEST_LENGTH = 10  # hex digits: a person's edit matches a machine's digest once in 10^12
_MACHINE_NOTE = re.compile(
    rf"^{re.escape(MACHINE_MARK)}\s*(?P<what>.*?)"
    rf"(?:, (?:{UNREVIEWED}: (?P<digest>[0-9a-f]{{{DIGEST_LENGTH}}})|(?P<state>{EDITED}|"
    rf"{REVIEWED})))?\s*$")


def digest(text: str) -> str:
    """A short fingerprint of a translation, exact to the byte."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def _text(msg: Message) -> str:
    return "\0".join(msg.msgstr_plural) if msg.msgid_plural is not None else msg.msgstr


def machine_note(provenance: str, text: str) -> str:
    """The note for a fresh suggestion: ``provenance`` is e.g. ``apertium (uk→ru)``."""
    return f"{MACHINE_MARK} {provenance}, {UNREVIEWED}: {digest(text)}"


def is_machine_note(comment: str) -> bool:
    return comment.startswith(MACHINE_MARK)


def machine_state(comment: str) -> tuple[str, str | None, str | None] | None:
    """(provenance, digest, state word) of a machine note, or None for other comments.

    A fresh note has a digest and no state word; a settled one a state word; a note
    written before digests existed has neither.
    """
    found = _MACHINE_NOTE.match(comment) if is_machine_note(comment) else None
    if found is None:
        return None
    return found.group("what"), found.group("digest"), found.group("state")


def is_machine_output(msg: Message) -> bool:
    """True when the entry holds a machine's suggestion that nobody has touched: fuzzy, and
    its text is exactly the one whose digest the machine note recorded."""
    if not msg.fuzzy or not msg.has_translation:
        return False
    digests = [state[1] for state in map(machine_state, msg.translator_comments)
               if state is not None and state[1] is not None]
    return bool(digests) and digest(_text(msg)) in digests


def has_machine_note(msg: Message) -> bool:
    return any(is_machine_note(c) for c in msg.translator_comments)


def _note(provenance: str, state: str) -> str:
    return f"{MACHINE_MARK} {provenance}, {state}" if provenance \
        else f"{MACHINE_MARK} {state}"


def settle(msg: Message) -> None:
    """Bring the machine and alignment notes of an entry up to date with its state.

    Unreviewed output that a translator confirmed becomes ``reviewed``; edited text
    becomes ``edited`` while fuzzy and ``reviewed`` once confirmed; a note on an empty
    entry goes (there is nothing left it describes). An old note without a digest is marked
    reviewed once the entry is confirmed and left as it is while fuzzy.
    """
    if has_aligned_note(msg):
        _settle_aligned(msg)
    if not has_machine_note(msg):
        return
    if not msg.has_translation:
        msg.translator_comments = [c for c in msg.translator_comments
                                   if not is_machine_note(c)]
        return
    current = digest(_text(msg))
    out = []
    for comment in msg.translator_comments:
        state = machine_state(comment)
        if state is None:
            out.append(comment)
            continue
        provenance, made, word = state
        if not msg.fuzzy:
            out.append(_note(provenance, REVIEWED))
        elif made is not None and made != current:
            out.append(_note(provenance, EDITED))
        else:
            out.append(comment)  # still the machine's text, already settled, or unknown
    msg.translator_comments = out


# -- alignment notes

ALIGNED_MARK = "aligned from "
AS_PUBLISHED = "as published"
_ALIGNED_NOTE = re.compile(
    rf"^{re.escape(ALIGNED_MARK)}(?P<origin>.+?)(?: \((?P<doubts>[^()]*)\))?, "
    rf"(?P<state>{UNREVIEWED}|{AS_PUBLISHED}): (?P<digest>[0-9a-f]{{{DIGEST_LENGTH}}})\s*$")


def aligned_note(origin: str, text: str, doubts: tuple[str, ...] | list[str] = ()) -> str:
    """The note on an entry filled from a published translation: ``origin`` is the
    translation file; with ``doubts`` (why it is uncertain) the entry is fuzzy."""
    if doubts:
        return f"{ALIGNED_MARK}{origin} ({'; '.join(doubts)}), {UNREVIEWED}: {digest(text)}"
    return f"{ALIGNED_MARK}{origin}, {AS_PUBLISHED}: {digest(text)}"


def is_aligned_note(comment: str) -> bool:
    return comment.startswith(ALIGNED_MARK) and _ALIGNED_NOTE.match(comment) is not None


def has_aligned_note(msg: Message) -> bool:
    return any(is_aligned_note(c) for c in msg.translator_comments)


def is_aligned_output(msg: Message) -> bool:
    """True while the entry holds, untouched, what an alignment wrote as uncertain."""
    if not msg.fuzzy or not msg.has_translation:
        return False
    current = digest(_text(msg))
    return any(m is not None and m.group("state") == UNREVIEWED
               and m.group("digest") == current
               for m in map(_ALIGNED_NOTE.match, msg.translator_comments))


def _settle_aligned(msg: Message) -> None:
    current = digest(_text(msg)) if msg.has_translation else None
    kept = []
    for comment in msg.translator_comments:
        found = _ALIGNED_NOTE.match(comment)
        if found is not None and (
                found.group("digest") != current  # edited, or emptied
                or found.group("state") == UNREVIEWED and not msg.fuzzy):  # confirmed
            continue
        kept.append(comment)
    msg.translator_comments = kept


# -- suggestion notes (extracted comments update adds)

NOTE_PREFIX = "l10n: "
MEMORY_NOTE = NOTE_PREFIX + "suggestion from "
NEGATION_NOTE = NOTE_PREFIX + "the source gained or lost a negation; check the meaning"


def is_own_note(comment: str) -> bool:
    """An extracted comment l10n adds to a catalog entry (never part of a template)."""
    return comment.startswith(NOTE_PREFIX)


def memory_note(origin: str, source_text: str | None = None) -> str:
    """``l10n: suggestion from <file>``, with the source it translates when it differs."""
    if source_text is None:
        return MEMORY_NOTE + origin
    shown = " ".join(source_text.split())
    return f"{MEMORY_NOTE}{origin}, where the source reads: {shown}"


# -- silencing checks on one entry

IGNORE_COMMENT = "l10n-ignore:"
LEGACY_IGNORE_FLAG = "l10n-ignore-"
_SEPARATORS = re.compile(r"[\s,]+")


def ignored_checks(msg: Message) -> set[str]:
    """The checks silenced on the entry (comment form and the older flag form)."""
    found = {f[len(LEGACY_IGNORE_FLAG):] for f in msg.flags
             if f.startswith(LEGACY_IGNORE_FLAG)}
    for comment in msg.translator_comments:
        text = comment.strip()
        if text.startswith(IGNORE_COMMENT):
            found.update(n for n in _SEPARATORS.split(text[len(IGNORE_COMMENT):]) if n)
    return found


def ignore_comment(checks: list[str]) -> str:
    return f"{IGNORE_COMMENT} {', '.join(checks)}"


def migrate_ignore_flags(msg: Message) -> None:
    """Turn ``#, l10n-ignore-<check>`` flags into the ``# l10n-ignore: …`` comment."""
    legacy = [f[len(LEGACY_IGNORE_FLAG):] for f in msg.flags
              if f.startswith(LEGACY_IGNORE_FLAG)]
    if not legacy:
        return
    msg.flags = [f for f in msg.flags if not f.startswith(LEGACY_IGNORE_FLAG)]
    for i, comment in enumerate(msg.translator_comments):
        text = comment.strip()
        if text.startswith(IGNORE_COMMENT):
            names = [n for n in _SEPARATORS.split(text[len(IGNORE_COMMENT):]) if n]
            names += [n for n in legacy if n not in names]
            msg.translator_comments[i] = ignore_comment(names)
            return
    msg.translator_comments.append(ignore_comment(list(dict.fromkeys(legacy))))
