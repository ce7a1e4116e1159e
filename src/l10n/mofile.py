"""Binary .mo catalogs, byte for byte as GNU ``msgfmt`` writes them by default.

Only translated entries go in (no fuzzy, no untranslated, no obsolete), sorted by msgid,
followed by msgfmt's hash table, so that lookups in C programs work as with msgfmt's
files; Python's ``gettext.GNUTranslations`` reads them too. Linear in the catalog size.
"""

from __future__ import annotations

import struct
import sys
from array import array
from itertools import accumulate

from l10n.gcpause import paused_gc
from l10n.model import Catalog

MAGIC = 0x950412DE


def _hash(key: bytes) -> int:
    """gettext's hash of a msgid (``hash_string``: PJW hash, up to the first NUL).

    In 32 bits, as msgfmt computes it: a carry past bit 31 (after a step that starts
    just below 2**28) is dropped, and bits 28-31 fold back onto bits 4-7.
    """
    h = 0
    for byte in key.partition(b"\0")[0]:
        h = ((h << 4) + byte) & 0xFFFFFFFF
        top = h & 0xF0000000
        if top:
            h ^= (top >> 24) ^ top
    return h


_LANE = 8  # bytes per key in the many-keys-at-once hash below
_CHUNK = 512  # keys hashed together
_LONG_KEY = 1024  # longer keys are hashed one by one


def _lanes(value: int, count: int) -> int:
    return int.from_bytes(value.to_bytes(_LANE, "little") * count, "little")


def _hashes(keys: list[bytes]) -> list[int]:
    """``_hash`` of every key, computed for many keys at once.

    A byte-by-byte loop per key is the slowest part of writing a big .mo file, so keys
    of similar length are hashed together: one big Python int holds the hash of each key
    of the chunk in its own 64-bit lane, and each step of the PJW hash (shift, add the
    next byte, fold bits 28-31) becomes a few operations on that int for all keys. Keys
    are right-aligned with NUL bytes, which leave the hash at 0. The byte column ``j`` of
    a chunk comes out of a row-major matrix in one slice: each key's row is followed by
    seven zero rows, so the slice puts key bytes 8 apart, one per lane.
    """
    words = [k.partition(b"\0")[0] for k in keys]
    order = sorted(range(len(words)), key=lambda i: len(words[i]))
    out = [0] * len(words)
    pos = 0
    while pos < len(order):
        chunk = order[pos:pos + _CHUNK]
        pos += len(chunk)
        longest = len(words[chunk[-1]])
        if longest > _LONG_KEY:
            for i in chunk:
                out[i] = _hash(words[i])
            continue
        count = len(chunk)
        top, low = _lanes(0xF0000000, count), _lanes(0x0FFFFFFF, count)
        pad = bytes((_LANE - 1) * longest)
        matrix = b"".join(words[i].rjust(longest, b"\0") + pad for i in chunk)
        h = 0
        for j in range(longest):
            h = (h << 4) + int.from_bytes(matrix[j::longest], "little")
            # Masking with 0x0FFFFFFF also drops the carry past bit 31, as msgfmt does.
            h = (h & low) ^ ((h & top) >> 24)
        lanes = array("Q", h.to_bytes(count * _LANE, "little"))
        if sys.byteorder == "big":
            lanes.byteswap()
        for i, value in zip(chunk, lanes, strict=True):
            out[i] = value
    return out


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
    key_lengths = [len(k) for k, _ in pairs]
    value_lengths = [len(v) for _, v in pairs]
    # Strings are stored one after the other, each followed by a NUL.
    key_offsets = list(accumulate((length + 1 for length in key_lengths), initial=offset))
    value_offsets = list(accumulate((length + 1 for length in value_lengths),
                                    initial=key_offsets[-1]))
    origs = array("I", [0]) * (2 * n)
    origs[0::2] = array("I", key_lengths)
    origs[1::2] = array("I", key_offsets[:-1])
    transs = array("I", [0]) * (2 * n)
    transs[0::2] = array("I", value_lengths)
    transs[1::2] = array("I", value_offsets[:-1])
    table = array("I", bytes(4 * size))
    for i, hval in enumerate(_hashes([k for k, _ in pairs]), 1):
        idx = hval % size
        if table[idx]:
            incr = 1 + hval % (size - 2)
            while table[idx]:
                idx = idx - (size - incr) if idx >= size - incr else idx + incr
        table[idx] = i
    for arr in (origs, transs, table):
        if array("I", [1]).tobytes() != struct.pack("<I", 1):
            arr.byteswap()
    head = struct.pack("<7I", MAGIC, 0, n, orig_table, trans_table, size, hash_table)
    keys = b"\0".join(k for k, _ in pairs) + b"\0"
    values = b"\0".join(v for _, v in pairs) + b"\0"
    return b"".join((head, origs.tobytes(), transs.tobytes(), table.tobytes(), keys, values))
