"""One writer at a time: a lock file in the project folder.

Two ``l10n`` processes that write the same project (say, a CI job and a developer's
``l10n update``) would otherwise read the same catalog, merge it differently and the
last rename would win. The writing steps hold an exclusive ``flock`` on ``.l10n.lock`` in
the project root; a second process waits for it (bounded) and then gives up with a clear
error. The lock belongs to the open file, so the kernel releases it when a process dies,
even by SIGKILL: a stale lock file never blocks anyone.

The wait is ``DEFAULT_TIMEOUT`` seconds, or ``L10N_LOCK_TIMEOUT`` from the environment.
A process that has to wait says so once, through the ``on_wait`` callback (the command
line prints it on stderr), so a silent minute is never a mystery.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from l10n.errors import L10nError

LOCK_NAME = ".l10n.lock"
DEFAULT_TIMEOUT = 60.0
TIMEOUT_ENV = "L10N_LOCK_TIMEOUT"
_POLL = 0.05

# Locks this process holds, by lock-file path: (open file descriptor, nesting depth).
# `build` runs the other steps, each of which takes the lock again.
_held: dict[Path, list[int]] = {}

# Temporary files left by fsutil.write_if_changed when a process was killed mid-write:
# ".<target name>.<8 random characters>.tmp".
_STALE_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


class LockError(L10nError):
    """Another process holds the project lock for longer than we are willing to wait."""


def timeout_from_env() -> float:
    raw = os.environ.get(TIMEOUT_ENV)
    if raw is None or not raw.strip():
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        raise L10nError(f"{TIMEOUT_ENV} must be a number of seconds, not {raw!r}") from None
    return max(value, 0.0)


@contextlib.contextmanager
def project_lock(root: Path, timeout: float | None = None,
                 on_wait: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold the exclusive lock of the project in ``root`` (re-entrant within a process).

    ``on_wait(message)`` is called once if another process holds the lock, before waiting.
    """
    path = (root / LOCK_NAME).resolve()
    if path in _held:
        _held[path][1] += 1
        try:
            yield path
        finally:
            _held[path][1] -= 1
        return
    wait = timeout_from_env() if timeout is None else timeout
    fd = _open(path)
    try:
        _acquire(fd, path, wait, on_wait)
    except BaseException:
        os.close(fd)
        raise
    _held[path] = [fd, 1]
    try:
        yield path
    finally:
        del _held[path]
        os.close(fd)  # closing the descriptor releases the flock


_WRITING = b"writing\n"


def begin_writing(root: Path) -> tuple[bool, bool]:
    """Note in the held lock file that a writer is at work: ``(unfinished, mine)``.

    ``unfinished`` is True when an earlier writer did not get to ``end_writing`` (killed,
    or stopped by an error): its temporary files may be left, and the caller sweeps them
    (see ``remove_stale_temporaries``), which otherwise costs a walk of every output
    folder. ``mine`` says whether this call set the note (a nested writer does not).
    """
    entry = _held[(root / LOCK_NAME).resolve()]
    if len(entry) > 2:
        return False, False
    fd = entry[0]
    try:
        unfinished = os.pread(fd, len(_WRITING), 0) == _WRITING
        if not unfinished:
            os.pwrite(fd, _WRITING, 0)
    except OSError:
        return True, False
    entry.append(1)
    return unfinished, True


def end_writing(root: Path) -> None:
    """The writer that called ``begin_writing`` finished normally."""
    entry = _held.get((root / LOCK_NAME).resolve())
    if entry is None or len(entry) < 3:
        return
    del entry[2:]
    with contextlib.suppress(OSError):
        os.ftruncate(entry[0], 0)


def _open(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise L10nError(f"cannot create the project lock file: {exc.strerror} "
                        "(is the project folder writable?)", path) from None


def _acquire(fd: int, path: Path, wait: float,
             on_wait: Callable[[str], None] | None = None) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if not told and on_wait is not None and wait > 0:
                told = True
                on_wait(f"waiting for another l10n process to finish with this project "
                        f"(lock {path.name}; up to {wait:g} s, {TIMEOUT_ENV} sets the limit)")
            if time.monotonic() >= deadline:
                raise LockError(
                    f"another l10n process is working on this project (waited {wait:g} s); "
                    f"try again when it has finished, or raise {TIMEOUT_ENV}", path) from None
            time.sleep(_POLL)
        except OSError as exc:
            raise L10nError(f"cannot lock the project: {exc.strerror}", path) from None


def remove_stale_temporaries(folders: Iterable[Path]) -> list[Path]:
    """Delete temporary files that a killed writer left behind; call with the lock held."""
    removed: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for dirpath, _dirs, files in os.walk(folder):
            for name in files:
                if _STALE_TEMP.match(name):
                    path = Path(dirpath) / name
                    with contextlib.suppress(OSError):
                        path.unlink()
                        removed.append(path)
    return removed
