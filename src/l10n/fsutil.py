"""File writes that never leave a half-written file behind.

A write goes to a temporary file in the target's folder (``.<name>.<random>.tmp``) and is
renamed over the target, so a crash leaves either the old or the new file, never a
truncated one. ``write_if_changed`` does both at once; ``stage`` and ``Staged.commit``
split them, so that a build can prepare every output (in several processes) and rename
them all only once every input was found valid.
"""

from __future__ import annotations

import contextlib
import itertools
import os
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
    """New content of ``path`` waiting in the temporary file ``temp`` (whose status, as
    written, is ``stat``)."""

    path: Path
    temp: Path
    stat: os.stat_result | None = None

    def commit(self) -> None:
        """Rename the temporary file over the target (keeping the target's permissions)."""
        try:
            with contextlib.suppress(FileNotFoundError):
                mode = os.stat(self.path).st_mode & 0o7777
                if self.stat is None or self.stat.st_mode & 0o7777 != mode:
                    with contextlib.suppress(OSError):
                        os.chmod(self.temp, mode)
            os.replace(self.temp, self.path)
        except OSError as exc:
            self.discard()
            raise L10nError(f"cannot write: {exc.strerror}", self.path) from None

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.temp)


# Temporary names: ``.<name>.<8 characters>.tmp`` (what l10n.lock sweeps after a killed
# writer). Made from a counter rather than a random draw (tempfile's cost shows on
# thousands of files); O_EXCL makes a name already taken move on to the next.
_names = itertools.count()


def stage(path: Path, data: bytes | str, *, durable: bool = True,
          absent: bool = False) -> Staged | None:
    """Write ``data`` to a temporary file beside ``path``, unless ``path`` already holds
    exactly that (then None). ``absent``: the caller has just seen that there is no
    ``path`` (so it is not read).

    ``durable`` flushes the data to disk before it may replace the target (a power cut
    after the rename must not lose a translator's catalog); files that are made again
    from their inputs (templates, ``.mo`` files, composed articles) may skip it.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not absent and _holds(path, data):
        return None
    folder = str(path.parent)
    pid = os.getpid() & 0xFFFF
    # Created with the usual permissions of a new file (0o666 less the umask).
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        for _ in range(1000):
            tmp = f"{folder}/.{path.name}.{next(_names) & 0xFFFF:04x}{pid:04x}.tmp"
            try:
                fd = os.open(tmp, flags, 0o666)
                break
            except FileExistsError:
                continue
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True)
        else:
            raise FileExistsError(17, "no free temporary name")
    except OSError as exc:
        raise L10nError(f"cannot write: {exc.strerror}", path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
            st = os.fstat(fh.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise L10nError(f"cannot write: {exc.strerror}", path) from None
    return Staged(path, Path(tmp), st)


def write_if_changed(path: Path, data: bytes | str, *, durable: bool = True) -> bool:
    """Atomically replace ``path`` with ``data`` unless it already holds exactly that.

    Returns True when the file was written.
    """
    staged = stage(path, data, durable=durable)
    if staged is None:
        return False
    staged.commit()
    return True
