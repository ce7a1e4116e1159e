"""What the last build made, and from what: the incremental cache in ``.l10n-cache/``.

A build records, for every article, the content hashes of its files as the build left
them (source, template, catalogs, ``.mo`` files, published versions), the fingerprint of
the configuration it was made with, and what the checks found; the next build skips an
article whose files and configuration are exactly as recorded (see ``l10n.pipeline``).

Hashing every file on every run would cost as much as reading the archive, so, as git's
index does, each file's *stat signature* (modification and change time in nanoseconds,
size, inode) is kept beside its content hash, and only a file whose signature changed is
read and hashed again. A signature is only trusted when the file was not modified within
the timestamp granularity of the moment it was observed: a file written in the same
clock tick could change again without its signature changing ("racily clean", in git's
words), so it is stored without a signature and hashed again next time.

The cache is one file written atomically after the outputs: a JSON header line with the
format, the code fingerprint and a checksum, then the records in Python's ``marshal``
format (read three times as fast as JSON, and written four times as fast, which a build
pays on every run; the code fingerprint names the Python version, whose ``marshal`` it
is). A cache from another version of l10n, of Python or of this format, a damaged or
truncated one, or one that does not load is ignored and rebuilt, never trusted. Deleting
``.l10n-cache/`` is always safe: the next build does everything again and writes the same
files. The project-wide translation memories (the finished entries of the catalogs,
and their search indexes) are kept beside it in ``memory/``, read only when a memory is
searched (see ``l10n.memstore``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FORMAT = 1
STATE_FILE = "build.cache"
MEMORY_DIR = "memory"
# A file whose modification time is this close to the moment it was observed may still
# change within the same clock tick (Linux file systems stamp with a clock of 1-10 ms;
# whole-second stamps mean a coarse file system such as FAT or ext3).
RACY_NS = 50_000_000
RACY_COARSE_NS = 2_000_000_000

# Cache files of earlier versions (JSON bodies), removed when the cache is next saved.
_EARLIER_FILES = ("entries.json", "build.json", "memory/pairs.json")

_IGNORE_ALL = "# Created by l10n: this folder is a cache and never belongs in version control.\n*\n"
_CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                 "# This file is a cache directory tag created by l10n.\n")

Signature = tuple[int, int, int, int]  # mtime_ns, size, inode, ctime_ns


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def fingerprint(value: Any) -> str:
    """A short stable hash of a JSON-able value (or of its repr)."""
    try:
        blob = json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):
        blob = repr(value)
    return hashlib.blake2b(blob.encode("utf-8"), digest_size=12).hexdigest()


def signature(st: os.stat_result) -> Signature:
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


def signature_key(sig: Signature) -> int:
    """A signature as one number, for the cache: equal signatures give equal keys (the
    hash of a tuple of integers is the same in every process of one Python version);
    two different ones the same key with a chance of one in 2**64."""
    return hash(sig)


def current(path: str, row: list[Any] | None, now_ns: int) -> tuple[str | None, list[Any] | None]:
    """The content hash of the file at ``path`` now, and the row to record for it.

    ``row`` is what was recorded, ``[hash, signature key]`` (the key None when the
    signature was not to be trusted), or None for a file that was absent. The file is
    read and hashed only when its signature differs from the recorded one.
    """
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None, None
    sig = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
    key = hash(sig)
    if row is not None and row[1] == key:
        return row[0], row
    try:
        with open(path, "rb") as fh:
            digest = content_hash(fh.read())
    except OSError:
        return None, None
    return digest, [digest, None if racy(sig, now_ns) else key]


def row_for(sig: Signature | None, digest: str | None, now_ns: int) -> list[Any] | None:
    """What to record for a file that held ``digest`` when it had signature ``sig``."""
    if digest is None:
        return None
    return [digest, None if sig is None or racy(sig, now_ns) else signature_key(sig)]


def racy(sig: Signature, now_ns: int | None = None) -> bool:
    """Whether the file could still change without its signature changing."""
    now = time.time_ns() if now_ns is None else now_ns
    slack = RACY_COARSE_NS if sig[0] % 1_000_000_000 == 0 else RACY_NS
    return max(sig[0], sig[3]) >= now - slack


def folder_key(path: str, now_ns: int) -> int | None:
    """The signature key of a folder, whose modification time changes whenever a file
    is put in, taken out or renamed in it (None: no folder there, or one modified too
    recently to tell a later change by its signature)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    sig = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
    return None if racy(sig, now_ns) else hash(sig)


def observe(path: Path) -> Signature | None:
    """The signature of ``path`` now, or None when there is no such file."""
    try:
        return signature(os.stat(path))
    except (FileNotFoundError, NotADirectoryError):
        return None


def read_observed(path: Path) -> tuple[Signature | None, bytes | None]:
    """The file's bytes with the signature observed *before* reading them (so that a
    change while reading shows as a changed signature next time), or (None, None)."""
    sig = observe(path)
    if sig is None:
        return None, None
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None, None
    return sig, data


class Files:
    """Content hashes of files, found through their stat signatures.

    ``table`` maps a path (relative to the project) to ``[mtime_ns, size, inode,
    ctime_ns, hash]``; a signature of zeros is never trusted (see the module docstring).
    """

    def __init__(self, root: Path, table: dict[str, list[Any]] | None = None):
        self.root = root
        self._root = str(root)
        self.table: dict[str, list[Any]] = table or {}
        self.hashed = 0  # files read and hashed in this run
        self.changed = False

    def hash(self, rel: str) -> str | None:
        """The content hash of the file now (None when it does not exist)."""
        path = f"{self._root}/{rel}"
        try:
            st = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            if self.table.pop(rel, None) is not None:
                self.changed = True
            return None
        sig = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
        known = self.table.get(rel)
        if known is not None and known[0] == sig[0] and known[1] == sig[1] and \
                known[2] == sig[2] and known[3] == sig[3]:
            return str(known[4])
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        self.hashed += 1
        digest = content_hash(data)
        self.remember(rel, sig, digest)
        return digest

    def remember(self, rel: str, sig: Signature | None, digest: str | None,
                 now_ns: int | None = None) -> None:
        """Record what ``rel`` held when it had signature ``sig`` (None: it is gone, or
        the signature could not be trusted)."""
        if digest is None:
            row = None
        elif sig is None or racy(sig, now_ns):
            row = [0, 0, 0, 0, digest]
        else:
            row = [*sig, digest]
        if self.table.get(rel) != row:
            self.changed = True
            if row is None:
                del self.table[rel]
            else:
                self.table[rel] = row

    def keep_only(self, wanted: Iterable[str]) -> None:
        keep = set(wanted)
        if any(rel not in keep for rel in self.table):
            self.table = {rel: row for rel, row in self.table.items() if rel in keep}
            self.changed = True


def code_fingerprint() -> str:
    """l10n's version and the signatures of its own modules: a cache made by other code
    (an upgrade, or an edited checkout) is not trusted."""
    package = Path(__file__).resolve().parent
    from l10n import __version__

    rows: list[Any] = [__version__, list(sys.version_info[:2])]
    for dirpath, dirs, names in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                st = os.stat(os.path.join(dirpath, name))
                rows.append([os.path.relpath(os.path.join(dirpath, name), package),
                             st.st_size, st.st_mtime_ns])
    return fingerprint(rows)


class BuildCache:
    """The recorded state: ``files`` (see :class:`Files`), ``articles`` (per slug, see
    ``l10n.pipeline``) and ``catalogs`` (per catalog that belongs to no article: the hash
    of the file and the fingerprint of its finished entries)."""

    def __init__(self, folder: Path, root: Path, code: str, data: dict[str, Any] | None = None):
        self.folder = folder
        self.code = code
        data = data or {}
        # Kept by folder in the file (paths share long prefixes), flat in memory.
        table = {f"{folder}/{name}" if folder else name: row
                 for folder, rows in (data.get("files") or {}).items()
                 for name, row in rows.items()}
        self.files = Files(root, table)
        self.articles: dict[str, dict[str, Any]] = data.get("articles") or {}
        self.catalogs: dict[str, list[str]] = data.get("catalogs") or {}
        self.site: dict[str, Any] = data.get("site") or {}  # the review site's index
        # The folders whose listing the last build depended on, with their signatures
        # (see ``l10n.pipeline``: a build finds a project as that one left it at once).
        self.folders: list[list[Any]] = data.get("folders") or []
        self.loaded = data is not None and bool(data)

    @property
    def memory_folder(self) -> Path:
        return self.folder / MEMORY_DIR

    # -- loading
    @classmethod
    def load(cls, folder: Path, root: Path, code: str) -> BuildCache:
        """The cache in ``folder``, or an empty one when there is none or it cannot be
        trusted (another format or code, a damaged file)."""
        return cls(folder, root, code, read_checked(folder / STATE_FILE, code))

    # -- saving
    def save(self, changed: bool = True) -> None:
        """Write the cache atomically (a killed run leaves the previous one); only when
        something changed since it was loaded."""
        if not (changed or self.files.changed or not self.loaded):
            return
        self._prepare_folder()
        by_folder: dict[str, dict[str, list[Any]]] = {}
        for rel, row in self.files.table.items():
            folder, _, name = rel.rpartition("/")
            by_folder.setdefault(folder, {})[name] = row
        write_checked(self.folder / STATE_FILE, self.code,
                       {"files": by_folder, "articles": self.articles,
                        "catalogs": self.catalogs, "site": self.site,
                        "folders": self.folders})

    def _prepare_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", _IGNORE_ALL), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
            marker = self.folder / name
            if not marker.exists():
                marker.write_text(text, encoding="utf-8")
        for stale in [*self.folder.glob(".*.tmp"), *self.folder.glob(f"{MEMORY_DIR}/.*.tmp"),
                      *self.folder.glob("site-*.json"),
                      *(self.folder / name for name in _EARLIER_FILES)]:
            # left by a run killed while saving, or by earlier versions
            with contextlib.suppress(OSError):
                stale.unlink()


def read_checked(path: Path, code: str) -> dict[str, Any]:
    """The payload of a cache file, or {} unless it is whole, of this format and code.
    The body is only loaded once its checksum matched: ``marshal`` is not made to read
    damaged data."""
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    head, sep, body = raw.partition(b"\n")
    if not sep:
        return {}
    try:
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("format") != FORMAT or \
                header.get("code") != code or header.get("sum") != content_hash(body):
            return {}
        payload = marshal.loads(body)
    except (ValueError, UnicodeDecodeError, EOFError, TypeError):
        return {}
    return payload if isinstance(payload, dict) else {}


def write_checked(path: Path, code: str, payload: dict[str, Any]) -> None:
    """Write ``payload`` (dicts with string keys, lists, strings, numbers, None: what
    JSON would hold, so that it reads back equal) as a cache file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = marshal.dumps(payload)
    header = json.dumps({"format": FORMAT, "code": code, "sum": content_hash(body)})
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(header.encode("ascii") + b"\n" + body)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
