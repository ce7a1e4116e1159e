"""The project glossary: ``term,language,translation,notes`` rows in a CSV file (an
optional ``source_language`` column too), or a TBX file; the same files the translate
step's glossary reads.

A term found in a source sentence must appear in the translation as the glossary says.
Ukrainian and Russian inflect nouns (Україна, України, Україною), so both sides are matched
by word stems: a word matches when it starts with the glossary word less its last two
letters.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import ConfigError

COLUMNS = ("term", "language", "translation")


@dataclass(frozen=True)
class Term:
    term: str
    language: str
    translation: str
    line: int
    source_re: re.Pattern[str]
    target_re: re.Pattern[str]
    source_language: str = ""


def _stem_pattern(phrase: str) -> re.Pattern[str]:
    words = re.findall(r"\w+", phrase)
    parts = []
    for word in words:
        stem = word[:-2] if len(word) > 4 else word
        parts.append(re.escape(stem) + r"\w*")
    return re.compile(r"(?<!\w)" + r"\W+".join(parts) + r"(?!\w)", re.IGNORECASE)


def _source_pattern(term: str) -> re.Pattern[str]:
    # English inflects little: plural and possessive endings only.
    return re.compile(r"(?<!\w)" + re.escape(term) + r"(?:s|es|'s|’s)?(?!\w)", re.IGNORECASE)


def load(path: Path, shown: str, default_source: str) -> list[Term]:
    """The terms of a CSV or TBX glossary; ``default_source`` is the language of the CSV
    ``term`` column unless a ``source_language`` column says otherwise."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tbx", ".xml"):
        raise ConfigError("a glossary is a .csv or .tbx file", shown)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("glossary file not found", shown) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read glossary: {exc}", shown) from None
    if suffix == ".csv":
        return _load_csv(text, shown, default_source)
    return _load_tbx(text, shown, default_source)


def _term(source: str, source_lang: str, lang: str, translation: str, line: int,
          shown: str) -> Term:
    if not re.search(r"\w", source) or not re.search(r"\w", translation):
        raise ConfigError("glossary term and translation need letters or digits", shown, line)
    return Term(source, primary(lang), translation, line, _source_pattern(source),
                _stem_pattern(translation), primary(source_lang))


def _load_csv(text: str, shown: str, default_source: str) -> list[Term]:
    reader = csv.DictReader(text.splitlines())
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if any(c not in fields for c in COLUMNS):
        raise ConfigError("glossary needs the columns term,language,translation,notes", shown, 1)
    reader.fieldnames = fields
    terms: list[Term] = []
    for row in reader:
        line = reader.line_num
        term = (row.get("term") or "").strip()
        lang = (row.get("language") or "").strip()
        translation = (row.get("translation") or "").strip()
        if not term and not translation:
            continue
        if not term or not lang or not translation:
            raise ConfigError("glossary row needs a term, a language and a translation",
                              shown, line)
        source_lang = (row.get("source_language") or "").strip() or default_source
        terms.append(_term(term, source_lang, lang, translation, line, shown))
    return terms


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _load_tbx(text: str, shown: str, default_source: str) -> list[Term]:
    """TBX: one conceptEntry (termEntry in TBX 2) per concept, one langSec (langSet) per
    language; every language's term is a translation of the source language's term."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ConfigError(f"invalid TBX: {exc}", shown, exc.position[0]) from None
    source = primary(default_source)
    terms: list[Term] = []
    for concept in root.iter():
        if _local(concept.tag) not in ("conceptEntry", "termEntry"):
            continue
        by_lang: dict[str, str] = {}
        for section in concept.iter():
            if _local(section.tag) not in ("langSec", "langSet"):
                continue
            lang = primary(section.get(_XML_LANG) or section.get("lang") or "")
            for node in section.iter():
                if _local(node.tag) == "term" and "".join(node.itertext()).strip():
                    by_lang.setdefault(lang, "".join(node.itertext()).strip())
                    break
        if source in by_lang:
            terms += [_term(by_lang[source], source, lang, translation, 0, shown)
                      for lang, translation in by_lang.items() if lang != source]
    return terms


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def primary(code: str) -> str:
    """'uk-UA' and 'uk_UA' → 'uk'."""
    return re.split(r"[-_]", code.strip())[0].lower()


def missing_terms(terms: list[Term], source: str, translation: str) -> list[Term]:
    """Terms (already filtered for the target language) used in the source but not rendered."""
    return [t for t in terms if t.source_re.search(source)
            and not t.target_re.search(translation)]
