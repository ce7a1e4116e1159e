"""What a sentence offers for alignment: anchors a translation keeps, whatever the language.

News copy keeps its numbers (as values: ``1,000.5`` in English is ``1 000,5`` in Ukrainian),
names (``Zelenskyy`` / ``Зеленський`` / ``Зеленский``), acronyms and models written in Latin
letters (``MWP``, ``F-16``), quotations and questions. Each is reduced to a key that is equal
on both sides of a translation:

* numbers: their values, read with each language's number format (``l10n.checks.numbers``);
* Latin tokens: the token, case-folded;
* names: a consonant skeleton of the capitalised word, the same for a name written in Latin
  or in Cyrillic letters and for its inflected forms (``Зеленського`` → ``zlns``);
* between Ukrainian and Russian: stems of the shared vocabulary (``Київ``/``Киев`` → ``кив``).

No I/O here: ``features`` turns a sentence into a ``Features`` record once; the aligner
compares records.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from l10n.checks.numbers import numbers

CYRILLIC_LANGUAGES = frozenset({"uk", "ru", "be", "bg", "sr", "mk"})

_WORD = re.compile(r"[^\W_](?:[^\W_]|['’ʼ\-\u2010\u2011](?=[^\W_]))*")
_LATIN_WORD = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_QUOTES = re.compile("[\"“”«»„]")

# Cyrillic and Latin letters to one consonant alphabet (vowels and soft signs vanish).
# g, h and kh are one class: Ukrainian writes г for English h (Гарвард) and Russian for g.
_CYRILLIC_SOUNDS = {
    "б": "b", "в": "v", "г": "h", "ґ": "h", "д": "d", "ж": "s", "з": "s", "к": "k",
    "л": "l", "м": "m", "н": "n", "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f",
    "х": "h", "ц": "ts", "ч": "s", "ш": "s", "щ": "s",
}
# English spellings, longest first; the sibilants (s, z, sh, ch, zh, ts, soft g and j) are
# one class, as transliteration and voicing move between them (Rosa/Роза, Rangers/Рейнджерс).
# w after a vowel and before a consonant is a vowel sound (Browne: Браун, Crowley: Кроулі).
_LATIN_VOWEL_W = re.compile(r"([aeo])w(?![aeiouy])")
_LATIN_SOUNDS = (("sch", "s"), ("tch", "s"), ("ght", "t"), ("gh", ""), ("sh", "s"),
                 ("ch", "s"), ("zh", "s"), ("kh", "h"), ("ph", "f"), ("th", "t"),
                 ("tz", "ts"), ("ck", "k"), ("dg", "s"), ("ge", "se"),
                 ("gi", "si"), ("gy", "sy"), ("j", "s"), ("x", "ks"), ("q", "k"), ("w", "v"),
                 ("g", "h"), ("c", "k"), ("z", "s"))
_LATIN_CONSONANTS = frozenset("bdfhklmnprstv")
_VOWELS_CYRILLIC = frozenset("аеєиіїоуюяыэё")
_NAME_HEAD = 5  # letters of a capitalised word that identify it in the article
_NAME_KEY = 3  # consonants of a name's skeleton compared (inflection changes the rest)
# Ukrainian and Russian spellings of one word brought together (і/и/ы, є/е/э, ґ/г, ...).
_EAST_SLAVIC = str.maketrans({"і": "и", "ї": "и", "ы": "и", "є": "е", "э": "е", "ё": "е",
                              "ґ": "г", "ь": None, "ъ": None, "'": None, "’": None,
                              "ʼ": None, "й": "и"})
_STEM = 4  # letters of a word compared between Ukrainian and Russian
_STEM_MIN_WORD = 4


@dataclass(frozen=True)
class Features:
    """The anchors of one sentence (or of several joined), as comparable keys."""

    length: int
    numbers: Counter[Decimal] = field(default_factory=Counter)
    latin: frozenset[str] = frozenset()  # Latin tokens a translation keeps as they are
    words: frozenset[str] = frozenset()  # every Latin-script word (to find ``latin`` in)
    names: frozenset[str] = frozenset()  # consonant skeletons of names
    spelled: frozenset[str] = frozenset()  # ... of every capitalised word, wherever it is
    sounds: frozenset[str] = frozenset()  # ... of every word (мексиканський for Mexican)
    stems: frozenset[str] = frozenset()  # East Slavic stems (uk and ru only)
    quote: bool = False
    question: bool = False

    def __add__(self, other: Features) -> Features:
        return Features(self.length + other.length, self.numbers + other.numbers,
                        self.latin | other.latin, self.words | other.words,
                        self.names | other.names, self.spelled | other.spelled,
                        self.sounds | other.sounds, self.stems | other.stems,
                        self.quote or other.quote, self.question or other.question)


EMPTY = Features(0)


def skeleton(word: str) -> str:
    """A word's consonants in one alphabet for Latin and Cyrillic, doubles collapsed."""
    word = word.casefold()
    if _CYRILLIC.search(word):
        word = word.replace("дж", "ж")
        if len(word) > 1 and word[0] == "у" and word[1] in _VOWELS_CYRILLIC:
            word = "в" + word[1:]  # Уельс, Уиллоуби: the English w
        letters = [_CYRILLIC_SOUNDS.get(ch, "") for ch in word]
    else:
        word = "".join(ch for ch in unicodedata.normalize("NFKD", word)
                       if not unicodedata.combining(ch))
        word = _LATIN_VOWEL_W.sub(r"\1", word)
        for latin, sound in _LATIN_SOUNDS:
            word = word.replace(latin, sound)
        letters = [ch if ch in _LATIN_CONSONANTS else "" for ch in word]
    out: list[str] = []
    for ch in letters:
        if ch and (not out or out[-1] != ch):
            out.append(ch)
    return "".join(out)


def name_key(word: str) -> str | None:
    """The key a name is compared by, or None for words too short to tell apart."""
    sounds = skeleton(word)
    return sounds[:_NAME_KEY] if len(sounds) >= 2 else None


def stem(word: str) -> str:
    return word.casefold().translate(_EAST_SLAVIC)[:_STEM]


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and not word.isupper() or (word.isupper() and len(word) > 1)


def _words(text: str) -> list[tuple[str, bool]]:
    """The words of a sentence, each with whether it opens the sentence, a quotation or a
    clause after a colon or dash (where any word is capitalised). A short quotation is a
    name, not a sentence: «Лівінгстон», "Truly"."""
    out = []
    for m in _WORD.finditer(text):
        before = text[:m.start()].rstrip()
        initial = not before or before[-1] in _OPENERS
        if initial and before and before[-1] in _QUOTES_OPEN and \
                _SHORT_QUOTE.match(text, m.start()):
            initial = False
        out.append((_normal(m.group()), initial))
    return out


_OPENERS = frozenset("\"“„«'‘‚(.:!?—–-…")
_QUOTES_OPEN = frozenset("\"“„«'‘‚")
# Up to four words, then a closing quotation mark: a title or a name in quotation marks.
_SHORT_QUOTE = re.compile(r"[^\W_][\w'’ʼ\-]*(?:[ \u00a0][\w'’ʼ\-]+){0,3}[\"”»'’]")
_POSSESSIVE = re.compile(r"['’ʼ]s$")


def _normal(word: str) -> str:
    """A word without its English possessive, an acronym without its plural: Sainsbury's,
    MWPs."""
    word = _POSSESSIVE.sub("", word)
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        word = word[:-1]
    return word


def name_vocabulary(sentences: Iterable[str]) -> frozenset[str]:
    """Words (their first letters, to cover inflection) written with a capital inside a
    sentence somewhere in the article: the same word opening a sentence is a name too
    (``Zelenskyy said``), any other capitalised first word is not (``Existing ranges``)."""
    found = set()
    for text in sentences:
        for word, initial in _words(text):
            if not initial and _is_capitalised(word):
                found.add(_head(word))
    return frozenset(found)


def _head(word: str) -> str:
    return word.casefold()[:_NAME_HEAD]


def features(text: str, lang: str, names_known: frozenset[str] = frozenset()) -> Features:
    """The anchors of one sentence in ``lang``; ``names_known`` from ``name_vocabulary``."""
    cyrillic_text = lang.split("_")[0].split("-")[0] in CYRILLIC_LANGUAGES
    latin: set[str] = set()
    names: set[str] = set()
    spelled: set[str] = set()
    sounds: set[str] = set()
    stems: set[str] = set()
    all_latin: set[str] = set()
    for word, initial in _words(text):
        is_latin = bool(_LATIN_WORD.match(word))
        if is_latin:
            all_latin.add(word.casefold())
            if cyrillic_text or _is_code(word):
                latin.add(word.casefold())
        key = name_key(word)
        if key:
            sounds.add(key)
        if _is_capitalised(word) and key:
            spelled.add(key)
            if not initial or _head(word) in names_known:
                names.add(key)
        if cyrillic_text and not is_latin and len(word) >= _STEM_MIN_WORD \
                and not word[0].isdigit():
            stems.add(stem(word))
    return Features(
        length=len(text),
        numbers=Counter(value for value, _ in numbers(text, lang)),
        latin=frozenset(latin), words=frozenset(all_latin), names=frozenset(names),
        spelled=frozenset(spelled), sounds=frozenset(sounds),
        stems=frozenset(stems), quote=bool(_QUOTES.search(text)),
        question="?" in text)


def _is_code(word: str) -> bool:
    """An acronym or model name a translation may keep in Latin letters (NATO, F-16, G7)."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and (word.isupper() or any(ch.isdigit() for ch in word))
