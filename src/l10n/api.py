"""The few library functions that are more than a name for an existing one: read an
article from a file, and write a catalog the way every l10n command does.

Everything public is re-exported by ``l10n`` itself (see ``l10n.__all__``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from l10n import pofile
from l10n.errors import SourceError
from l10n.formats import decode, format_for, parse, split_bom
from l10n.fsutil import write_if_changed
from l10n.model import Article, Catalog

__all__ = ["read_article", "write_catalog"]


def read_article(path: str | Path, lang: str = "en", *, slug: str | None = None,
                 shown: str | None = None, options: Mapping[str, Any] | None = None,
                 abbreviations: Iterable[str] = (),
                 abbreviations_final: Iterable[str] = (), data: bytes | None = None
                 ) -> Article:
    """Read a source article (``.txt``, ``.md``, ``.html`` or a plug-in format) into an
    :class:`~l10n.model.Article`: its skeleton and the units to translate.

    ``lang`` is the language it is written in; ``slug`` defaults to the file name without
    its extension; errors name the file as ``shown`` (default: ``path``). ``options`` are
    the format's options (as ``[formats.<name>]`` in the configuration), and the
    abbreviations are added to the segmenter's for this language. A UTF-8 byte-order mark
    stays a literal at the start, out of every msgid, so that ``render`` gives the file's
    text back exactly. ``data``: the file's bytes, when the caller has read them already.
    """
    path = Path(path)
    where = shown if shown is not None else str(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror}", where) from None
    bom, text = split_bom(decode(data, where))
    fmt = format_for(path)
    extra = {key: tuple(words) for key, words in (("abbreviations", abbreviations),
                                                   ("abbreviations_final",
                                                    abbreviations_final)) if words}
    article = parse(fmt, text, slug=slug or path.stem, path=where, lang=lang,
                    options=dict(options or {}), abbreviations=extra)
    if bom:
        article.parts.insert(0, bom)
    return article


def write_catalog(path: str | Path, catalog: Catalog, width: int = pofile.DEFAULT_WIDTH
                  ) -> bool:
    """Write ``catalog`` in msgcat's layout, atomically, and only if its content changed.

    Returns whether the file was written. ``width`` 0 writes without wrapping.
    """
    return write_if_changed(Path(path), pofile.dumps(catalog, width))
