"""Memories kept between builds: searchable groups of translations, and catalogs' entries.

A *memory* is a sequence of groups (the catalogs of the project, in its order), each a
sequence of items: a text that is searched (exactly, by its key, and fuzzily, by
``l10n.fuzzy``) and what it carries (a translation, where it comes from). A memory may
keep only the first item of each key (the translation memory offers one translation per
source text) or all of them (``update`` looks for one from another catalog).

Building the fuzzy index of a memory of a whole archive costs seconds, so the index is
kept in a file (``Stored``), made once, and each use starts from it: groups that are
still as they were are used from the file (opening it reads its bytes, it builds
nothing), and groups that changed since it was made are left out and put in again from
their new items, in their place in the order (``View``). Their number is what a use
costs; when they grow to a good share of the memory, the file is made again. The answers
are those of an index made from scratch of the same items in the same order (the items
of the file are numbered with room between them: see ``l10n.fuzzy.GAP``).

A file is trusted only whole, of this format and of the same code: anything else is
ignored (and made again). ``Entries`` keeps the finished entries of catalogs, each in a
file named by their fingerprint, which a damaged file no longer matches.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import mmap
import os
import sys
import tempfile
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from l10n.fuzzy import GAP, FrozenIndex, FuzzyIndex

FORMAT = 1
Item = tuple[str, str, Any]  # the text searched, its exact key, what it carries (JSON-able)
Group = tuple[str, str]  # a name, and a fingerprint of its items
_PLATFORM = [sys.byteorder, sys.hash_info.width, list(sys.version_info[:2])]


def _as_array(raw: memoryview) -> Sequence[int]:
    if len(raw) % 8:
        raise ValueError("array size")
    return raw.cast("B").cast("q")


def _starts(blobs: Sequence[bytes]) -> array[int]:
    starts = array("q", [0])
    total = 0
    for blob in blobs:
        total += len(blob)
        starts.append(total)
    return starts


class Stored:
    """A memory frozen into arrays: every item of every group (with their keys and what
    they carry), the fuzzy index of those that count, and an exact-key table."""

    def __init__(self, frozen: FrozenIndex, groups: list[list[Any]],
                 key_starts: Sequence[int] | None, keys: Any, payload_starts: Sequence[int],
                 payloads: Any, exact_hashes: Sequence[int], exact_items: Sequence[int],
                 dedup: bool):
        self.frozen = frozen
        self.groups = groups  # [name, fingerprint, first item, number of items]
        self._group_starts = [g[2] for g in groups]
        self._key_starts = key_starts  # None: each item's key is its text
        self._keys = keys
        self._payload_starts = payload_starts
        self._payloads = payloads
        self._exact_hashes = exact_hashes  # sorted; exact_items[k]: an item of that hash
        self._exact_items = exact_items
        self.dedup = dedup
        self.crc: int | None = None  # the checksum of the file it was read from

    def __len__(self) -> int:
        return len(self.frozen)

    # -- making one
    @classmethod
    def build(cls, groups: Iterable[tuple[str, str, Iterable[tuple[str, str, str]]]],
              dedup: bool) -> Stored:
        """The stored memory of ``groups``: (name, fingerprint, items), the items' payloads
        as JSON text."""
        texts: list[str] = []
        keys: list[str] = []
        payloads: list[bytes] = []
        table: list[list[Any]] = []
        for name, fp, items in groups:
            first = len(texts)
            for text, key, payload in items:
                texts.append(text)
                keys.append(key)
                payloads.append(payload.encode("utf-8"))
            table.append([name, fp, first, len(texts) - first])
        indexed = None
        if dedup:
            seen: set[str] = set()
            indexed = [not (key in seen or seen.add(key)) for key in keys]  # type: ignore[func-returns-value]
        frozen = FrozenIndex.build(texts, indexed)
        same = keys == texts
        key_blobs = [] if same else [k.encode("utf-8") for k in keys]
        exact = sorted((zlib.crc32(k.encode("utf-8")), i) for i, k in enumerate(keys))
        return cls(frozen, table, None if same else _starts(key_blobs), b"".join(key_blobs),
                   _starts(payloads), b"".join(payloads), array("q", [h for h, _ in exact]),
                   array("q", [i for _, i in exact]), dedup)

    @classmethod
    def make(cls, groups: Iterable[Group], items_of: Callable[[str, str], Iterable[Item]],
             dedup: bool) -> Stored:
        """The stored memory of ``groups`` (see ``View.compose``)."""
        def items(name: str, fp: str) -> Iterator[tuple[str, str, str]]:
            for text, key, payload in items_of(name, fp):
                yield text, key, json.dumps(payload, ensure_ascii=False, separators=(",", ":"))

        return cls.build(((name, fp, items(name, fp)) for name, fp in groups), dedup)

    # -- a file
    def write(self, path: Path, code: str, name: str) -> int:
        """Write the memory to ``path`` atomically; its checksum."""
        meta = json.dumps({"groups": self.groups, "dedup": self.dedup},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        sections = [*self.frozen.sections(),
                    memoryview(b"") if self._key_starts is None else
                    memoryview(self._key_starts).cast("B"), memoryview(self._keys).cast("B"),
                    memoryview(self._payload_starts).cast("B"),
                    memoryview(self._payloads).cast("B"),
                    memoryview(self._exact_hashes).cast("B"),
                    memoryview(self._exact_items).cast("B"), memoryview(meta)]
        crc = 0
        for section in sections:
            crc = zlib.crc32(section, crc)
        header = json.dumps({"format": FORMAT, "code": code, "name": name,
                             "platform": _PLATFORM, "sizes": [len(s) for s in sections],
                             "crc": crc}, ensure_ascii=False)
        _write_atomic(path, [header.encode("utf-8") + b"\n", *sections])
        return crc

    @classmethod
    def read(cls, path: Path, code: str, name: str, checked: int | None = None
             ) -> Stored | None:
        """The memory in ``path``, or None unless the file is whole, of this format, of
        this code and platform and of the memory ``name``.

        Its checksum (``crc``) is checked unless it is ``checked`` (that of the file when
        the caller last read it, which knows the file has not changed since: its
        signature is the same). A file is mapped into memory where the system allows:
        opening it then reads only the parts a search looks at.
        """
        try:
            with open(path, "rb") as fh:
                try:
                    raw = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
                except (OSError, ValueError, AttributeError):  # empty, or no mmap here
                    raw = memoryview(fh.read())
        except OSError:
            return None
        end = bytes(raw[:4096]).find(b"\n")
        if end < 0:
            return None
        body = raw[end + 1:]
        try:
            header = json.loads(bytes(raw[:end]))
            if not isinstance(header, dict) or header.get("format") != FORMAT or \
                    header.get("code") != code or header.get("name") != name or \
                    header.get("platform") != _PLATFORM:
                return None
            sizes, crc = header["sizes"], header.get("crc")
            if not isinstance(sizes, list) or \
                    len(sizes) != FrozenIndex.SECTIONS + 7 or \
                    not all(isinstance(s, int) and s >= 0 for s in sizes) or \
                    sum(sizes) != len(body) or not isinstance(crc, int) or \
                    crc != checked and crc != zlib.crc32(body):
                return None
            sections = []
            at = 0
            for size in sizes:
                sections.append(body[at:at + size])
                at += size
            frozen = FrozenIndex.from_sections(sections[:FrozenIndex.SECTIONS])
            rest = sections[FrozenIndex.SECTIONS:]
            meta = json.loads(bytes(rest[6]))
            groups, dedup = meta["groups"], meta["dedup"]
            key_starts = _as_array(rest[0]) if len(rest[0]) else None
            payload_starts = _as_array(rest[2])
            hashes, items = _as_array(rest[4]), _as_array(rest[5])
            n = len(frozen)
            if key_starts is not None and (len(key_starts) != n + 1 or
                                           key_starts[-1] != len(rest[1])) or \
                    len(payload_starts) != n + 1 or payload_starts[-1] != len(rest[3]) or \
                    len(hashes) != n or len(items) != n or not isinstance(groups, list) \
                    or not all(isinstance(g, list) and len(g) == 4 for g in groups) or \
                    sum(g[3] for g in groups) != n:
                return None
            found = cls(frozen, groups, key_starts, rest[1], payload_starts, rest[3],
                        hashes, items, bool(dedup))
            found.crc = crc
            return found
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None

    def changed(self, groups: Sequence[Group]) -> int:
        """About how many items a memory of ``groups`` would have to hide or put in over
        this one: the items of its groups that are gone or changed, and as many for each
        group it does not have (as groups go on average)."""
        now = dict(groups)
        gone = sum(g[3] for g in self.groups if now.get(g[0]) != g[1])
        mine = {g[0]: g[1] for g in self.groups}
        new = sum(1 for name, fp in groups if mine.get(name) != fp)
        if new and not len(self):
            return GAP * new  # (nothing to go by: as good as all of it)
        return gone + new * (len(self) // max(1, len(self.groups)) + 1)

    @staticmethod
    def name_in(path: Path) -> str | None:
        """The name of the memory a file says it holds (None: not a memory file)."""
        try:
            with open(path, "rb") as fh:
                header = json.loads(fh.readline(4096))
        except (OSError, ValueError, UnicodeDecodeError):
            return None
        name = header.get("name") if isinstance(header, dict) else None
        return name if isinstance(name, str) else None

    # -- reading items
    def text(self, i: int) -> str:
        return self.frozen.text(i)

    def key(self, i: int) -> str:
        starts = self._key_starts
        if starts is None:
            return self.frozen.text(i)
        return str(self._keys[starts[i]:starts[i + 1]], "utf-8")

    def payload(self, i: int) -> str:
        starts = self._payload_starts
        return str(self._payloads[starts[i]:starts[i + 1]], "utf-8")

    def group_of(self, i: int) -> int:
        return bisect.bisect_right(self._group_starts, i) - 1

    def occurrences(self, key: str) -> list[int]:
        """The items whose key is ``key``, in order."""
        hashes = self._exact_hashes
        value = zlib.crc32(key.encode("utf-8"))
        k = bisect.bisect_left(hashes, value)
        found = []
        while k < len(hashes) and hashes[k] == value:
            i = self._exact_items[k]
            if self.key(i) == key:
                found.append(i)
            k += 1
        return found


def _same(value: Any) -> Any:
    return value


class View:
    """A memory as it is now: searchable (``find`` by key, ``index`` by similarity), made of
    a stored one (its groups that are still the same) and of the groups that are not.

    Items are numbered in the order of the memory (see ``l10n.fuzzy.FuzzyIndex``); what
    an item carries is given by ``decode(payload)``.
    """

    def __init__(self, dedup: bool, decode: Callable[[Any], Any] = _same):
        self.dedup = dedup
        self.decode = decode
        self.base: Stored | None = None
        self.index = FuzzyIndex()
        self._live = bytearray()  # per group of the base: still part of the memory
        # Items not in the base: number -> (text, key, payload, group name)
        self._new: dict[int, tuple[str, str, Any, str]] = {}
        self._by_key: dict[str, list[int]] = {}  # key -> the numbers of such new items
        self._tail = 0  # the number of the next item put after all the others
        self._decoded: dict[int, Any] = {}
        # The groups in order, to store: (name, fingerprint, base group or new numbers)
        self._plan: list[tuple[str, str, int | list[int]]] = []
        self.changes = 0  # items of the base hidden, and items put in

    @staticmethod
    def compose(empty: Callable[[], View], base: Stored | None, groups: Sequence[Group],
                items_of: Callable[[str, str], Iterable[Item]]) -> View:
        """The memory of ``groups`` (in order; ``items_of(name, fingerprint)`` gives the
        items of one) in a view made by ``empty()``, from ``base`` as far as its groups
        are the same."""
        view = empty()
        if base is not None and base.dedup == view.dedup and \
                view._over(base, groups, items_of):
            return view
        view = empty()
        for name, fp in groups:
            view.append(name, fp, items_of(name, fp))
        return view

    def _over(self, base: Stored, groups: Sequence[Group],
              items_of: Callable[[str, str], Iterable[Item]]) -> bool:
        where = {g[0]: j for j, g in enumerate(base.groups)}
        live = bytearray(len(base.groups))
        plan: list[tuple[str, str, int | list[int]]] = []
        fresh: list[tuple[int, str, str, Any, str]] = []  # number, text, key, payload, group
        last, anchor, gap = -1, -1, 0
        for name, fp in groups:
            j = where.get(name)
            if j is not None and j > last and base.groups[j][1] == fp:
                live[j] = 1
                last = j
                start, count = base.groups[j][2], base.groups[j][3]
                if count:
                    anchor, gap = start + count - 1, 0
                plan.append((name, fp, j))
                continue
            numbers = []
            for text, key, payload in items_of(name, fp):
                gap += 1
                if gap >= GAP:
                    return False  # no room left between two items of the base
                number = anchor * GAP + gap
                numbers.append(number)
                fresh.append((number, text, key, payload, name))
            plan.append((name, fp, numbers))
        index = FuzzyIndex(base=base.frozen)
        new = {number: (text, key, payload, name) for number, text, key, payload, name in fresh}
        by_key: dict[str, list[int]] = {}
        for number, _, key, _, _ in fresh:
            by_key.setdefault(key, []).append(number)
        self.base, self.index, self._live, self._new, self._by_key = \
            base, index, live, new, by_key
        self._plan = plan
        hidden = 0
        if not self.dedup:
            for j, g in enumerate(base.groups):
                if not live[j]:
                    for i in range(g[2], g[2] + g[3]):
                        index.hide(i * GAP)
                        hidden += 1
            index.insert_many((number, text) for number, text, _, _, _ in fresh)
            inserted = len(fresh)
        else:
            # Only the first item of a key counts: the first may now be another one.
            touched = set(by_key)
            for j, g in enumerate(base.groups):
                if not live[j]:
                    touched.update(base.key(i) for i in range(g[2], g[2] + g[3]))
            put = []
            for key in sorted(touched):  # (any order would do: keys are independent)
                occurrences = base.occurrences(key)
                was = occurrences[0] * GAP if occurrences else None
                still = next((i * GAP for i in occurrences if live[base.group_of(i)]), None)
                mine = by_key.get(key)
                first = min(x for x in (still, mine[0] if mine else None) if x is not None) \
                    if still is not None or mine else None
                if was is not None and first != was:
                    index.hide(was)
                    hidden += 1
                if first is not None and first != was:
                    put.append((first, self.text(first)))
            put.sort()
            index.insert_many(put)
            inserted = len(put)
        self._tail = max(len(base) * GAP, max(new, default=-1) + 1)
        self.changes = hidden + inserted
        return True

    def append(self, name: str, fp: str, items: Iterable[Item], keep: bool = True) -> None:
        """Put a group after all the others (``keep``: a part of the memory to store;
        else one added for this use only)."""
        numbers: list[int] = []
        put: list[tuple[int, str]] = []
        number = self._tail
        dedup = self.dedup
        new, by_key = self._new, self._by_key
        for text, key, payload in items:
            new[number] = (text, key, payload, name)
            if not dedup or not self.find(key):
                put.append((number, text))
            by_key.setdefault(key, []).append(number)
            numbers.append(number)
            number += 1
        self._tail = number
        self.index.insert_many(put)
        self.changes += len(put)
        if keep:
            self._plan.append((name, fp, numbers))

    def __len__(self) -> int:
        """The number of items that count (with ``dedup``, one per key)."""
        return len(self.index)

    # -- looking up
    def occurrences(self, key: str) -> list[int]:
        """Every item of the memory whose key is ``key``, in order."""
        found = list(self._by_key.get(key, ()))
        base = self.base
        if base is not None:
            live = self._live
            found += [i * GAP for i in base.occurrences(key) if live[base.group_of(i)]]
            found.sort()
        return found

    def find(self, key: str) -> list[int]:
        """The items whose key is ``key`` that count, in order (with ``dedup``: the first)."""
        found = self.occurrences(key)
        return found[:1] if self.dedup else found

    def text(self, number: int) -> str:
        mine = self._new.get(number)
        return mine[0] if mine is not None else self.base.text(number // GAP)  # type: ignore[union-attr]

    def key(self, number: int) -> str:
        mine = self._new.get(number)
        return mine[1] if mine is not None else self.base.key(number // GAP)  # type: ignore[union-attr]

    def item(self, number: int) -> Any:
        """What item ``number`` carries, decoded."""
        found = self._decoded.get(number)
        if found is None:
            mine = self._new.get(number)
            payload = mine[2] if mine is not None else \
                json.loads(self.base.payload(number // GAP))  # type: ignore[union-attr]
            found = self._decoded[number] = self.decode(payload)
        return found

    def group(self, number: int) -> str:
        mine = self._new.get(number)
        if mine is not None:
            return mine[3]
        base = self.base
        return base.groups[base.group_of(number // GAP)][0]  # type: ignore[union-attr]

    # -- storing
    def groups(self) -> list[Group]:
        return [(name, fp) for name, fp, _ in self._plan]

    def stored(self) -> Stored:
        """The memory (its groups to store) as a ``Stored``."""
        base = self.base

        def items(what: int | list[int]) -> Iterator[tuple[str, str, str]]:
            if isinstance(what, int):
                g = base.groups[what]  # type: ignore[union-attr]
                for i in range(g[2], g[2] + g[3]):
                    yield base.text(i), base.key(i), base.payload(i)  # type: ignore[union-attr]
                return
            for number in what:
                text, key, payload, _ = self._new[number]
                yield text, key, json.dumps(payload, ensure_ascii=False,
                                            separators=(",", ":"))

        return Stored.build(((name, fp, items(what)) for name, fp, what in self._plan),
                            self.dedup)


def _write_atomic(path: Path, data: bytes | Sequence[bytes | memoryview]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for part in [data] if isinstance(data, bytes) else data:
                fh.write(part)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------------- catalogs' entries

def entries_blob(entries: Any) -> tuple[str, bytes]:
    """The fingerprint of a catalog's finished entries (``buildcache.fingerprint``) and
    the text it is the hash of, which is what ``Entries`` keeps."""
    blob = json.dumps(entries, sort_keys=True, ensure_ascii=False, default=repr
                      ).encode("utf-8")
    return hashlib.blake2b(blob, digest_size=12).hexdigest(), blob


class Entries:
    """The finished entries of catalogs, one file each, named by their fingerprint: a
    file is used only if its content still has that fingerprint."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._written: set[str] = set()

    def get(self, efp: str) -> list[Any] | None:
        try:
            blob = (self.folder / efp).read_bytes()
        except OSError:
            return None
        if hashlib.blake2b(blob, digest_size=12).hexdigest() != efp:
            return None
        try:
            found = json.loads(blob)
        except (ValueError, UnicodeDecodeError):
            return None
        return found if isinstance(found, list) else None

    def put(self, entries: Any) -> str:
        """Keep ``entries``; their fingerprint."""
        efp, blob = entries_blob(entries)
        if efp not in self._written and not (self.folder / efp).is_file():
            _write_atomic(self.folder / efp, blob)
        self._written.add(efp)
        return efp

    def keep_only(self, wanted: set[str]) -> None:
        """Remove the files of other entries (and temporary files left by a killed run)."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if name not in wanted:
                with contextlib.suppress(OSError):
                    os.unlink(self.folder / name)
