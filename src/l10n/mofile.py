"""Binary .mo catalogs, as ``msgfmt`` writes them by default (no fuzzy, no untranslated)."""

from __future__ import annotations

import struct

from l10n.model import Catalog

MAGIC = 0x950412DE


def dumps(catalog: Catalog) -> bytes:
    """The .mo bytes: header entry plus every translated, non-fuzzy entry, sorted by key."""
    pairs: list[tuple[bytes, bytes]] = []
    header = "".join(f"{k}: {v}\n" for k, v in catalog.headers.items())
    pairs.append((b"", header.encode("utf-8")))
    for m in catalog.messages:
        if not m.translated:
            continue
        key = m.msgid if m.msgctxt is None else f"{m.msgctxt}\x04{m.msgid}"
        if m.msgid_plural is not None:
            key += "\0" + m.msgid_plural
            value = "\0".join(m.msgstr_plural)
        else:
            value = m.msgstr
        pairs.append((key.encode("utf-8"), value.encode("utf-8")))
    pairs.sort(key=lambda kv: kv[0])
    n = len(pairs)
    orig_table = 28
    trans_table = orig_table + 8 * n
    data_start = trans_table + 8 * n
    ids = bytearray()
    strs = bytearray()
    id_entries: list[tuple[int, int]] = []
    for key, _ in pairs:
        id_entries.append((len(key), len(ids)))
        ids += key + b"\0"
    strs_start = data_start + len(ids)
    str_entries: list[tuple[int, int]] = []
    for _, value in pairs:
        str_entries.append((len(value), len(strs)))
        strs += value + b"\0"
    out = bytearray(struct.pack("<7I", MAGIC, 0, n, orig_table, trans_table, 0, data_start))
    for length, off in id_entries:
        out += struct.pack("<2I", length, data_start + off)
    for length, off in str_entries:
        out += struct.pack("<2I", length, strs_start + off)
    out += ids
    out += strs
    return bytes(out)
