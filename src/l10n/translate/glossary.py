"""A terminology glossary: names, titles and organisations with their approved translations.

Read from CSV (columns ``term``, ``language``, ``translation``, optional ``notes`` and
``source_language``) or TBX (``conceptEntry``/``termEntry`` with one ``langSec``/``langSet``
per language). This is the one reader of glossary files: the memory backend uses it for
units that are only a term, and ``l10n check`` (l10n.checks.glossary) for term consistency.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from itertools import permutations
from pathlib import Path

from l10n.errors import ConfigError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_EDGE_PUNCT = " \t\n.:;,!?…\"'«»“”„"


@dataclass(frozen=True)
class Term:
    source: str
    source_language: str
    translation: str
    language: str
    notes: str = ""
    line: int = 0  # CSV row, for error messages (0: not known, as in TBX)


def primary(code: str) -> str:
    """'uk-UA' and 'uk_UA' -> 'uk'."""
    return re.split(r"[-_]", code.strip())[0].lower()


def term_key(text: str) -> str:
    return " ".join(text.strip(_EDGE_PUNCT).casefold().split())


class Glossary:
    def __init__(self, terms: list[Term] | None = None):
        self.terms: list[Term] = []
        self._by_pair: dict[tuple[str, str], dict[str, Term]] = {}
        for term in terms or []:
            self.add(term)

    def add(self, term: Term) -> None:
        self.terms.append(term)
        pair = (term.source_language, term.language)
        self._by_pair.setdefault(pair, {}).setdefault(term_key(term.source), term)

    def lookup(self, text: str, source: str, target: str) -> Term | None:
        """The term when the whole text (ignoring case and edge punctuation) is one."""
        return self._by_pair.get((primary(source), primary(target)), {}).get(term_key(text))

    def pairs(self, source: str, target: str) -> list[Term]:
        return list(self._by_pair.get((primary(source), primary(target)), {}).values())

    def __len__(self) -> int:
        return len(self.terms)


def read_glossary(path: Path, default_source: str, shown: str | None = None) -> Glossary:
    """Read a CSV or TBX glossary; errors name ``shown`` (default: the path)."""
    where = shown or str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tbx", ".xml"):
        raise ConfigError("a glossary is a .csv or .tbx file", where)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("glossary file not found", where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read glossary: {exc}", where) from None
    if suffix == ".csv":
        return Glossary(_read_csv(text, where, default_source))
    return Glossary(_read_tbx(text, where))


def _read_csv(text: str, where: str, default_source: str) -> list[Term]:
    rows = csv.DictReader(text.splitlines())
    fields = [(f or "").strip().lower() for f in rows.fieldnames or []]
    if not {"term", "language", "translation"} <= set(fields):
        raise ConfigError("glossary CSV needs a header with the columns "
                          "term,language,translation (and optionally notes, source_language)",
                          where, 1)
    rows.fieldnames = fields
    terms = []
    for row in rows:
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        line = rows.line_num
        if not row["term"] and not row["translation"]:
            continue  # a blank row
        if not row["term"] or not row["language"] or not row["translation"]:
            raise ConfigError("glossary row needs a term, a language and a translation",
                              where, line)
        terms.append(Term(row["term"], primary(row.get("source_language") or default_source),
                          row["translation"], primary(row["language"]), row.get("notes", ""),
                          line))
    return terms


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read_tbx(text: str, where: str) -> list[Term]:
    import xml.etree.ElementTree as ET  # only for a TBX glossary

    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ConfigError(f"invalid TBX: {exc}", where, exc.position[0]) from None
    terms = []
    for concept in root.iter():
        if _local(concept.tag) not in ("conceptEntry", "termEntry"):
            continue
        by_lang: dict[str, str] = {}
        notes = []
        for child in concept.iter():
            name = _local(child.tag)
            if name in ("langSec", "langSet"):
                lang = child.get(XML_LANG) or child.get("lang") or ""
                for term in child.iter():
                    if _local(term.tag) == "term" and (term.text or "").strip():
                        by_lang.setdefault(primary(lang), "".join(term.itertext()).strip())
                        break
            elif name in ("note", "descrip") and (child.text or "").strip():
                notes.append(child.text.strip())
        for a, b in permutations(by_lang, 2):
            terms.append(Term(by_lang[a], a, by_lang[b], b, "; ".join(notes)))
    return terms
