"""How translated a catalog is: one count and one percentage, used by every command.

``status``, ``check``, ``compile`` and the JSON report all count catalog entries the way
``msgfmt --statistics`` does, and show the same percentage: entries translated out of all
entries that are not obsolete, rounded *down* to one decimal. Rounding down means 100.0
is shown only when every entry is translated, and a threshold is judged on the figure
that is shown (``percent >= required``): what a user reads is what the gate decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from l10n.model import Catalog

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


def percent(part: int, total: int) -> float:
    """``part`` of ``total`` in percent, rounded down to one decimal (100.0 when empty)."""
    if total <= 0:
        return 100.0
    return (part * 1000 // total) / 10


@lru_cache(maxsize=8192)  # every step of a build counts the same article's entries
def words(text: str) -> int:
    """Words of a source text as translators are paid for them (``don't``, ``F-16`` and
    ``2.5`` are one word each; punctuation and markup characters are none)."""
    return len(_WORD.findall(text))


@dataclass
class Stats:
    """Entries (and their source words) by state, as ``msgfmt --statistics`` counts them."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def total_words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent(self) -> float:
        """Translated entries in percent (see the module's note on rounding)."""
        return percent(self.translated, self.total)

    def percent_with_fuzzy(self) -> float:
        """Translated or fuzzy entries in percent (for previews that publish fuzzy ones)."""
        return percent(self.translated + self.fuzzy, self.total)

    def __add__(self, other: Stats) -> Stats:
        return Stats(*(a + b for a, b in zip(self.counts(), other.counts(), strict=True)))

    def counts(self) -> tuple[int, ...]:
        """The seven counts in the order of the constructor's arguments."""
        return (self.translated, self.fuzzy, self.untranslated, self.obsolete,
                self.translated_words, self.fuzzy_words, self.untranslated_words)


def stats(catalog: Catalog) -> Stats:
    """Counts as ``msgfmt --statistics`` gives them.

    As in msgfmt, an entry whose first msgstr is empty is untranslated, fuzzy or not;
    otherwise a fuzzy entry is fuzzy (not translated) and the rest are translated. Words
    are those of the source (msgid), as ``pocount`` counts them.
    """
    s = Stats()
    for m in catalog.messages:
        if m.obsolete:
            s.obsolete += 1
            continue
        n = words(m.msgid)
        if not m.first_msgstr:
            s.untranslated += 1
            s.untranslated_words += n
        elif m.fuzzy:
            s.fuzzy += 1
            s.fuzzy_words += n
        else:
            s.translated += 1
            s.translated_words += n
    return s
