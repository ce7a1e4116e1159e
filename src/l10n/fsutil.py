"""File writes that never leave a half-written file behind.

A write goes to a temporary file in the target's folder (``.<name>.<random>.tmp``) and is
renamed over the target, so a crash leaves either the old or the new file, never a
truncated one. ``write_if_changed`` does both at once; ``stage`` and ``Staged.commit``
split them, so that a build can prepare every output (in several processes) and rename
them all only once every input was found valid.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import L10nError


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", path) from None


@dataclass
class Staged:
    """New content of ``path`` waiting in the temporary file ``temp``."""

    path: Path
    temp: Path

    def commit(self) -> None:
        """Rename the temporary file over the target (keeping the target's permissions)."""
        try:
            if self.path.exists():
                with contextlib.suppress(OSError):
                    os.chmod(self.temp, self.path.stat().st_mode & 0o7777)
            os.replace(self.temp, self.path)
        except OSError as exc:
            self.discard()
            raise L10nError(f"cannot write: {exc.strerror}", self.path) from None

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.temp)


def stage(path: Path, data: bytes | str, *, durable: bool = True) -> Staged | None:
    """Write ``data`` to a temporary file beside ``path``, unless ``path`` already holds
    exactly that (then None).

    ``durable`` flushes the data to disk before it may replace the target (a power cut
    after the rename must not lose a translator's catalog); files that are made again
    from their inputs (templates, ``.mo`` files, composed articles) may skip it.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if _holds(path, data):
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise L10nError(f"cannot write: {exc.strerror}", path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if not path.exists():
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise L10nError(f"cannot write: {exc.strerror}", path) from None
    return Staged(path, Path(tmp))


def write_if_changed(path: Path, data: bytes | str, *, durable: bool = True) -> bool:
    """Atomically replace ``path`` with ``data`` unless it already holds exactly that.

    Returns True when the file was written.
    """
    staged = stage(path, data, durable=durable)
    if staged is None:
        return False
    staged.commit()
    return True
