"""File writes that never leave a half-written file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from l10n.errors import L10nError


def write_if_changed(path: Path, data: bytes | str, *, durable: bool = True) -> bool:
    """Atomically replace ``path`` with ``data`` unless it already holds exactly that.

    Returns True when the file was written. The data goes to a temporary file in the same
    folder, is flushed to disk, then renamed over the target, so a crash leaves either the
    old or the new file, never a truncated one. ``durable=False`` skips the flush to disk
    (the rename stays atomic for other processes): for output that is made again from the
    project's files at will, such as the review site, where thousands of flushes would cost
    more than the rest of the work.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", path) from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise L10nError(f"cannot write: {exc.strerror}", path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise L10nError(f"cannot write: {exc.strerror}", path) from None
    return True
