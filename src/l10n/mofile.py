"""Binary .mo catalogs, byte for byte as GNU ``msgfmt`` writes them by default.

Only translated entries go in (no fuzzy, no untranslated, no obsolete), sorted by msgid,
followed by msgfmt's hash table, so that lookups in C programs work as with msgfmt's
files; Python's ``gettext.GNUTranslations`` reads them too. Linear in the catalog size.
"""

from __future__ import annotations

import struct
from array import array

from l10n.gcpause import paused_gc
from l10n.model import Catalog

MAGIC = 0x950412DE


def _hash(key: bytes) -> int:
    """gettext's hash of a msgid (``hash_string``: PJW hash, up to the first NUL).

    The value never exceeds 28 bits after a step, so folding the top nibble back is
    ``h ^ (top << 4)`` followed by a mask.
    """
    h = 0
    for byte in key.partition(b"\0")[0]:
        h = (h << 4) + byte
        top = h >> 28
        if top:
            h = (h ^ (top << 4)) & 0x0FFFFFFF
    return h


def _is_prime(n: int) -> bool:
    """gettext's primality test for odd numbers, quirks included (it calls 3 composite)."""
    div = 3
    square = div * div
    while square < n and n % div != 0:
        div += 1
        square += 4 * div
        div += 1
    return n % div != 0


def _hash_size(n: int) -> int:
    """msgfmt's table size: the next odd "prime" from 4n/3 on, and at least 3."""
    size = (n * 4 // 3) | 1
    while not _is_prime(size):
        size += 2
    return max(size, 3)


def _pairs(catalog: Catalog) -> list[tuple[bytes, bytes]]:
    pairs: list[tuple[bytes, bytes]] = []
    if catalog.headers:
        # msgfmt leaves the template's date out, so that .mo files build reproducibly.
        header = "".join(f"{k}: {v}\n" for k, v in catalog.headers.items()
                         if k != "POT-Creation-Date")
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
    return pairs


def dumps(catalog: Catalog) -> bytes:
    """The .mo bytes of ``catalog``."""
    with paused_gc():
        return _dumps(catalog)


def _dumps(catalog: Catalog) -> bytes:
    pairs = _pairs(catalog)
    n = len(pairs)
    size = _hash_size(n)
    orig_table = 28
    trans_table = orig_table + 8 * n
    hash_table = trans_table + 8 * n
    offset = hash_table + 4 * size
    origs = array("I")
    for key, _ in pairs:
        origs.extend((len(key), offset))
        offset += len(key) + 1
    transs = array("I")
    for _, value in pairs:
        transs.extend((len(value), offset))
        offset += len(value) + 1
    table = array("I", bytes(4 * size))
    for i, (key, _) in enumerate(pairs):
        hval = _hash(key)
        idx = hval % size
        if table[idx]:
            incr = 1 + hval % (size - 2)
            while table[idx]:
                idx = idx - (size - incr) if idx >= size - incr else idx + incr
        table[idx] = i + 1
    for arr in (origs, transs, table):
        if array("I", [1]).tobytes() != struct.pack("<I", 1):
            arr.byteswap()
    head = struct.pack("<7I", MAGIC, 0, n, orig_table, trans_table, size, hash_table)
    keys = b"\0".join(k for k, _ in pairs) + b"\0"
    values = b"\0".join(v for _, v in pairs) + b"\0"
    return b"".join((head, origs.tobytes(), transs.tobytes(), table.tobytes(), keys, values))
