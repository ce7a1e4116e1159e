"""Translation memories in TMX 1.4: read any, write the project's own.

The project keeps what ``l10n align`` found in published translations as one TMX file per
language pair, ``<locales>/memory/<a>-<b>.tmx`` (the two codes in alphabetical order; each
unit says which side is its source in ``srclang``). A unit records where it came from in
``<prop type="x-l10n-origin">`` (the translation file) and, when the alignment was not
sure, ``<prop type="x-l10n-status">uncertain</prop>``: the memories that feed ``update``
and the ``memory`` backend use only the sure ones.

Writing is deterministic (no dates), so aligning the same article twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from l10n.errors import L10nError
from l10n.model import Catalog, Message

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

# The XML parser is imported when a file is read or written: every build asks for the
# project's memory files (memory_files), and most projects have none.

MEMORY_DIR = "memory"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ORIGIN = "x-l10n-origin"
STATUS = "x-l10n-status"
UNCERTAIN = "uncertain"
_INLINE = ("hi", "sub", "g")  # inline elements whose text is part of the segment


@dataclass(frozen=True)
class Unit:
    """One translation unit: its variants by language, and where it came from."""

    srclang: str
    variants: tuple[tuple[str, str], ...]  # (language, text) in file order
    origin: str = ""
    uncertain: bool = False
    props: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def text(self, lang: str) -> str | None:
        for code, text in self.variants:
            if code == lang:
                return text
        return None


def memory_path(locales: Path, a: str, b: str) -> Path:
    """The project's memory file for the pair of languages a and b (in either order)."""
    first, second = sorted((a, b))
    return locales / MEMORY_DIR / f"{first}-{second}.tmx"


def memory_files(locales: Path) -> list[Path]:
    folder = locales / MEMORY_DIR
    return sorted(folder.glob("*.tmx")) if folder.is_dir() else []


def _segment_text(seg: ET.Element) -> str:
    """A TMX <seg> as plain text: inline codes (bpt, ept, ph, it, ut) are dropped."""
    parts = [seg.text or ""]
    for child in seg:
        if child.tag.rsplit("}", 1)[-1] in _INLINE:
            parts.append(_segment_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read(path: Path, shown: str | Path | None = None) -> Iterator[Unit]:
    """The translation units of a TMX file, streamed; a malformed file is an L10nError
    naming ``shown`` (default: the path) and the line."""
    import xml.etree.ElementTree as ET

    where = shown if shown is not None else path
    header_srclang = ""
    try:
        for event, element in ET.iterparse(path, events=("start", "end")):
            if event == "start":
                if element.tag == "header":
                    header_srclang = element.get("srclang", "")
                continue
            if element.tag != "tu":
                continue
            variants: list[tuple[str, str]] = []
            for tuv in element.iter("tuv"):
                lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
                seg = tuv.find("seg")
                if lang and seg is not None:
                    text = _segment_text(seg).strip()
                    if text and all(code != lang for code, _ in variants):
                        variants.append((lang, text))
            props = tuple((p.get("type", ""), (p.text or "").strip())
                          for p in element.findall("prop"))
            found = dict(props)
            srclang = element.get("srclang") or header_srclang
            if srclang in ("", "*all*") and variants:
                srclang = variants[0][0]
            yield Unit(srclang, tuple(variants), found.get(ORIGIN, ""),
                       found.get(STATUS) == UNCERTAIN, props)
            element.clear()
    except ET.ParseError as exc:
        raise L10nError(f"invalid TMX: {exc}", where, exc.position[0]) from None
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", where) from None


def pairs(path: Path, shown: str | Path | None = None, *, uncertain: bool = False
          ) -> Iterator[tuple[str, str, str, str]]:
    """(source lang, target lang, source text, target text) for every ordered pair of
    variants of every unit; units marked uncertain only when asked for."""
    for unit in read(path, shown):
        if unit.uncertain and not uncertain:
            continue
        for a, text_a in unit.variants:
            for b, text_b in unit.variants:
                if a != b:
                    yield a, b, text_a, text_b


def catalogs(path: Path, shown: str | Path | None = None) -> dict[str, Catalog]:
    """The sure units of a memory file as one catalog per target language (msgid in the
    unit's source language), to be searched like the project's own catalogs."""
    found: dict[str, Catalog] = {}
    for unit in read(path, shown):
        if unit.uncertain:
            continue
        source = unit.text(unit.srclang)
        if source is None:
            continue
        for lang, text in unit.variants:
            if lang != unit.srclang:
                found.setdefault(lang, Catalog()).messages.append(
                    Message(msgid=source, msgstr=text))
    return found


def dumps(units: Iterable[Unit], *, tool_version: str = "") -> str:
    """A TMX 1.4 document holding ``units`` in order."""
    import xml.etree.ElementTree as ET

    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": "l10n", "creationtoolversion": tool_version or "0",
        "segtype": "sentence", "o-tmf": "l10n", "adminlang": "en", "srclang": "*all*",
        "datatype": "plaintext"})
    body = ET.SubElement(root, "body")
    for unit in units:
        tu = ET.SubElement(body, "tu", srclang=unit.srclang)
        if unit.origin:
            ET.SubElement(tu, "prop", type=ORIGIN).text = unit.origin
        if unit.uncertain:
            ET.SubElement(tu, "prop", type=STATUS).text = UNCERTAIN
        for kind, value in unit.props:
            if kind not in (ORIGIN, STATUS):
                ET.SubElement(tu, "prop", type=kind).text = value
        for lang, text in unit.variants:
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + \
        ET.tostring(root, encoding="unicode") + "\n"


def replace_origin(existing: Iterable[Unit], origin: str, units: Iterable[Unit]
                   ) -> list[Unit]:
    """The units of a memory after aligning ``origin`` again: its old units give way to
    the new ones (in place of the first old one, else at the end); duplicates go."""
    out: list[Unit] = []
    new = list(units)
    placed = False
    for unit in existing:
        if unit.origin == origin:
            if not placed:
                out.extend(new)
                placed = True
            continue
        out.append(unit)
    if not placed:
        out.extend(new)
    seen: set[tuple[str, tuple[tuple[str, str], ...], str]] = set()
    unique = []
    for unit in out:
        key = (unit.srclang, unit.variants, unit.origin)
        if key not in seen:
            seen.add(key)
            unique.append(unit)
    return unique
