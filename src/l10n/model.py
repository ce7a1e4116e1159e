"""The central model: articles (skeleton + units) and catalog entries. No I/O here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

# Block roles a unit can have; they reach translators as `#.` comments.
ROLES = ("title", "heading", "paragraph", "caption", "quote", "list-item", "table-cell",
         "alt", "meta")


@dataclass(frozen=True)
class Unit:
    """One translatable piece of an article: usually a sentence."""

    text: str
    role: str
    block: int  # 1-based block number in the article
    index: int = 1  # sentence k ...
    count: int = 1  # ... of m in its block
    line: int = 1  # 1-based source line where the unit starts
    # The source text the unit stands for, when it differs from ``text`` (the msgid): a
    # format may show white space as a reader sees it (HTML collapses it), while the
    # skeleton keeps the bytes as written. None when they are the same.
    raw: str | None = None

    @property
    def source(self) -> str:
        """The unit's text as written in the source document."""
        return self.text if self.raw is None else self.raw

    @property
    def position(self) -> str:
        where = f"{self.role}, block {self.block}"
        if self.count > 1:
            where += f", sentence {self.index} of {self.count}"
        return where


@dataclass
class Article:
    """A source article as a skeleton: literal strings interleaved with units.

    Joining the parts, with every unit replaced by its own text, gives back the source
    byte for byte (after decoding); this is what makes composing lossless.
    """

    slug: str
    path: str  # as shown in `#:` references, relative to the project root
    lang: str
    format: str
    parts: list[str | Unit] = field(default_factory=list)
    # (line, what) for constructs the reader accepted with a caveat, e.g. HTML that
    # browsers read differently from its source order, left untranslated there.
    notes: list[tuple[int, str]] = field(default_factory=list)

    @property
    def units(self) -> list[Unit]:
        return [p for p in self.parts if isinstance(p, Unit)]

    def iter_units(self) -> Iterator[Unit]:
        return (p for p in self.parts if isinstance(p, Unit))


def skeleton(text: str, placed: list[tuple[int, int, Unit]]) -> list[str | Unit]:
    """The parts of an article: ``text`` with each (start, end) span replaced by its unit.

    Spans must be sorted and disjoint; a ValueError names the first unit that overlaps.
    """
    parts: list[str | Unit] = []
    pos = 0
    for start, end, unit in placed:
        if start < pos:
            raise ValueError(unit)
        if start > pos:
            parts.append(text[pos:start])
        parts.append(unit)
        pos = end
    if pos < len(text):
        parts.append(text[pos:])
    return parts


def render(article: Article, lookup: Callable[[Unit], str] | None = None) -> str:
    """Join the skeleton, replacing each unit by ``lookup(unit)`` (identity by default)."""
    if lookup is None:
        return "".join(p if isinstance(p, str) else p.source for p in article.parts)
    return "".join(p if isinstance(p, str) else lookup(p) for p in article.parts)


@dataclass(slots=True)
class Message:
    """One catalog entry, as in a .po file."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)  # "# ..."
    extracted_comments: list[str] = field(default_factory=list)  # "#. ..."
    references: list[str] = field(default_factory=list)  # "#: file:line"
    flags: list[str] = field(default_factory=list)  # "#, fuzzy, ..."
    previous_msgctxt: str | None = None  # "#| msgctxt"
    previous_msgid: str | None = None  # "#| msgid"
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    lineno: int = field(default=0, compare=False)  # line of the entry in the file read

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not value and "fuzzy" in self.flags:
            self.flags.remove("fuzzy")

    @property
    def first_msgstr(self) -> str:
        """The msgstr, or of a plural entry its first form: what gettext's tools look at
        to tell a translated entry from an untranslated one."""
        if self.msgid_plural is not None:
            return self.msgstr_plural[0] if self.msgstr_plural else ""
        return self.msgstr

    @property
    def translated(self) -> bool:
        """Counted as translated by msgfmt (and compiled into the .mo): not fuzzy, not
        obsolete, and its first msgstr non-empty."""
        return not (self.fuzzy or self.obsolete) and bool(self.first_msgstr)

    @property
    def has_translation(self) -> bool:
        if self.msgid_plural is not None:
            return any(self.msgstr_plural)
        return bool(self.msgstr)


@dataclass
class Catalog:
    """A .po or .pot file: header comments, header fields and messages in file order."""

    header_comments: list[str] = field(default_factory=list)  # lines after "# " of the header
    headers: dict[str, str] = field(default_factory=dict)  # ordered as in the file
    header_flags: list[str] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)

    @property
    def language(self) -> str:
        return self.headers.get("Language", "")

    def active(self) -> list[Message]:
        return [m for m in self.messages if not m.obsolete]

    def obsolete(self) -> list[Message]:
        return [m for m in self.messages if m.obsolete]

    def index(self) -> dict[tuple[str | None, str], Message]:
        return {m.key: m for m in self.messages if not m.obsolete}
