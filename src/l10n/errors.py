"""Errors a user can cause. The CLI prints them on one line and exits 2."""

from __future__ import annotations

from pathlib import Path


class L10nError(Exception):
    """A problem with the user's input: a file, optionally a line, and what is wrong."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __reduce__(self) -> tuple[object, ...]:
        # Keeps the path and line when the error crosses from a worker process.
        return (type(self), (self.message, self.path, self.line), self.__dict__)

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        return where + self.message


class ConfigError(L10nError):
    """The project configuration is wrong (unknown key, bad language code...)."""


class SourceError(L10nError):
    """A source article cannot be read."""


class CatalogError(L10nError):
    """A .po/.pot file is malformed."""


class InternalError(L10nError):
    """A bug in l10n met while working on a user's file (a check that raised, for
    example). The CLI reports it on one line and exits 2, like an input error, so that CI
    never mistakes a broken tool for a failed gate; the message asks for a bug report."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(f"{message}; this is a bug in l10n, please report it "
                         "(with the catalog if you can share it)", path, line)
