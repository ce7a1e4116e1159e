"""The persistent suggestion cache under the project's cache folder (``.l10n-cache/``).

One JSON-lines file per backend and output-affecting settings; each line holds the
language pair, the source text and the suggestion (or null when there was none). Lines
are appended and flushed as batches finish, so an interrupted run keeps what it paid for;
a line cut short by a crash is ignored on the next load. Later lines win.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from l10n.errors import L10nError
from l10n.translate import Translation

Key = tuple[str, str, str]  # source language, target language, text

_IGNORE_ALL = "# Created by l10n: this folder is a cache and never belongs in version control.\n*\n"
_CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                 "# This file is a cache directory tag created by l10n.\n")


def fingerprint(backend: str, settings: dict[str, Any]) -> str:
    blob = json.dumps([backend, settings], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


class SuggestionCache:
    def __init__(self, folder: Path, backend: str, settings: dict[str, Any]):
        self.folder = folder
        self.path = folder / f"{backend}-{fingerprint(backend, settings)}.jsonl"
        self._entries: dict[Key, Translation | None] = {}
        self._lock = threading.Lock()
        self._fh: Any = None
        self._load()

    def _load(self) -> None:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as exc:
            raise L10nError(f"cannot read cache: {exc}", self.path) from None
        for line in lines:
            try:
                row = json.loads(line)
                key = (row["s"], row["t"], row["q"])
                value = row.get("r")
                self._entries[key] = (None if value is None else
                                      Translation(value, row.get("score"), row.get("note", "")))
            except (ValueError, KeyError, TypeError):
                continue  # a torn last line after a crash, or a foreign line

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Key) -> bool:
        return key in self._entries

    def get(self, key: Key) -> Translation | None:
        return self._entries.get(key)

    def put_many(self, items: list[tuple[Key, Translation | None]]) -> None:
        if not items:
            return
        lines = []
        for (src, tgt, text), tr in items:
            row: dict[str, Any] = {"s": src, "t": tgt, "q": text,
                                   "r": None if tr is None else tr.text}
            if tr is not None and tr.score is not None:
                row["score"] = tr.score
            if tr is not None and tr.note:
                row["note"] = tr.note
            lines.append(json.dumps(row, ensure_ascii=False) + "\n")
        with self._lock:
            for key, tr in items:
                self._entries[key] = tr
            try:
                if self._fh is None:
                    self._prepare_folder()
                    self._fh = self.path.open("a", encoding="utf-8")
                self._fh.write("".join(lines))
                self._fh.flush()
            except OSError as exc:
                raise L10nError(f"cannot write cache: {exc.strerror}", self.path) from None

    def _prepare_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", _IGNORE_ALL), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
            marker = self.folder / name
            if not marker.exists():
                marker.write_text(text, encoding="utf-8")

    def close(self) -> None:
        with self._lock:
            if self._fh is not None:
                self._fh.close()
                self._fh = None
