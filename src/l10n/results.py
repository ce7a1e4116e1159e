"""What a step returns, and how it tells its caller about progress.

Steps never print: they return a :class:`Report` (lines for people, the files they wrote,
per-catalog statistics, the catalogs they had to leave out and why) and report progress
through a callback, which the command line turns into a progress bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from l10n.checks import ERROR, Problem
from l10n.errors import L10nError
from l10n.stats import Stats

# progress(what, done, total): ``done`` items of ``total`` (None while not yet known).
Progress = Callable[[str, int, "int | None"], None]


@dataclass
class Report:
    """What a step did.

    ``errors`` are the inputs a step could not use (an unreadable catalog, say): the step
    left them out, did the rest, and says so here; the command line prints each on one
    line and exits with status 2 at the end. ``missing`` are catalogs that do not exist
    yet and ``unreadable`` the ones left out for an error, as (slug, language, path
    relative to the project).
    """

    lines: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    stats: list[tuple[str, str, Stats]] = field(default_factory=list)  # slug, lang, stats
    missing: list[tuple[str, str, str]] = field(default_factory=list)
    unreadable: list[tuple[str, str, str]] = field(default_factory=list)  # as ``missing``
    errors: list[L10nError] = field(default_factory=list)
    ok: bool = True

    def extend(self, other: Report) -> None:
        self.lines += other.lines
        self.written += [p for p in other.written if p not in self.written]
        self.stats += other.stats
        self.missing += other.missing
        self.unreadable += other.unreadable
        self.errors += [e for e in other.errors if str(e) not in {str(x) for x in self.errors}]
        self.ok = self.ok and other.ok


# ---------------------------------------------------------------------------- the check

@dataclass
class CatalogResult:
    path: str
    slug: str
    language: str
    stats: Stats
    required: float
    stale: bool = False
    readable: bool = True

    @property
    def complete(self) -> bool:
        # Judged on the percentage as shown (see l10n.stats).
        return self.readable and self.stats.percent >= self.required


@dataclass
class CheckResult:
    catalogs: list[CatalogResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checked_files: list[str] = field(default_factory=list)  # every file read, in order

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)

    def count(self, severity: str) -> int:
        return sum(1 for p in self.problems if p.severity == severity)

    @property
    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]

    @property
    def stats(self) -> list[tuple[str, str, Stats]]:
        return [(c.slug, c.language, c.stats) for c in self.catalogs]
