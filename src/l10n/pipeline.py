"""The pipeline: the order of the steps, the incremental cache, parse-once hand-over
between the steps, and the process pool over articles.

``build`` runs, for each article, extract → update → translate → check → compile in one
go (one *work unit*): the source, the template and each catalog are read once and handed
from step to step in memory. Work units run in a pool of worker processes (one per core
by default; ``jobs``), and their results are put together in the order of the articles,
so the output does not depend on the number of workers.

It is incremental by content. For each article, the cache (``.l10n-cache/``, see
``l10n.buildcache``) holds the content hashes of its files as the last build left them
(source, template, catalogs, ``.mo`` files, published versions), a fingerprint of the
configuration that concerns it and of the code, and what the checks found. An article
whose files and configuration are exactly as recorded is not read at all: the build
would make the same files again (every step is idempotent), and its check results are
replayed. Everything else is rebuilt, whoever changed it (an edited source, a catalog
saved in Poedit, an output deleted by hand).

The only dependency between articles is the project-wide translation memory: the
finished (translated, not fuzzy) entries of every catalog, which ``update`` draws on for
new entries and the ``memory`` backend for untranslated ones. It matters only to entries
that are new or still untranslated, so an article is tied to the memory of a language
only when one of its catalogs in that language has such entries. Each build computes a
fingerprint of the memory per language from the fingerprints of each catalog's finished
entries (kept in the cache, so unchanged catalogs are not read), and an article whose
open entries saw another memory is rebuilt. Since the memory after the update is known
only once every changed article has been updated, a build runs in two phases: the
changed articles with the memory as it is expected to be, then again those (few, if
any) whose memory turned out different. Suggestions never change the memory (they are
fuzzy), so two phases are always enough. An article whose memory changed is not built
again unless the questions its work unit asked the memory get other answers now, and only
the questions a change could answer otherwise are asked (``fuzzy.unaffected``). The
memories themselves (their search indexes) are kept in ``.l10n-cache/memory/`` and each
build puts in the catalogs that changed (``l10n.memstore``), so a small change costs what
changed, not an index of the whole archive.

Outputs are written to temporary files as each work unit finishes and renamed over their
targets only when every article is done: a source that cannot be read stops the build
with nothing written, as a single-process run would. The cache is written last,
atomically; a build killed at any moment leaves the previous cache, which the next
build checks against the files before trusting anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from l10n.buildcache import (
    STATE_FILE,
    BuildCache,
    Signature,
    code_fingerprint,
    content_hash,
    current,
    fingerprint,
    folder_key,
    observe,
    read_checked,
    read_observed,
    row_for,
    write_checked,
)
from l10n.checks import ERROR, WARNING, Problem
from l10n.errors import CatalogError, L10nError
from l10n.fsutil import Staged, stage
from l10n.gcpause import paused_gc
from l10n.model import Catalog
from l10n.project import Project, Source
from l10n.results import CatalogResult, CheckResult, Progress, Report
from l10n.stats import Stats

# The memories' modules (l10n.memstore, l10n.fuzzy) are imported when a memory is
# searched or kept: a build with nothing to do never needs them.
if TYPE_CHECKING:
    from l10n.check import Settings as CheckSettings
    from l10n.config import CompileSettings
    from l10n.memstore import Entries, Group, Item, Stored, View
    from l10n.report import Site
    from l10n.translate import Backend
    from l10n.translate.driver import RunStats
    from l10n.update import Memory

__all__ = ["BuildReport", "build", "check", "compile", "extract", "jobs_for", "report",
           "status", "translate", "update"]

STEPS = ("extract", "update", "translate", "check", "compile")
# Below this many work units a pool costs more than it saves.
MIN_PARALLEL = 8
# Translation backends whose answers depend only on the project (run inside the work
# units); the others are services, asked once for the whole build.
LOCAL_BACKENDS = frozenset({"memory", "dictionary"})

Entry = tuple[Any, ...]  # (msgctxt, msgid, msgid_plural, msgstr, msgstr_plural)
_PAIRS_FILE = "pairs.cache"


# ---------------------------------------------------------------------- single steps

def extract(project: Project) -> Report:
    """Write the template of every article (``l10n extract``)."""
    from l10n import catalogs

    with project.writing():
        return catalogs.extract(project)


def update(project: Project, obsolete: bool | None = None, previous: bool = True) -> Report:
    """Create or merge every catalog (``l10n update``)."""
    from l10n import catalogs

    with project.writing():
        return catalogs.update(project, obsolete, previous)


def translate(project: Project, backend: str | None = None,
              targets: Sequence[str] | None = None, refresh: bool = False,
              via: str | None = None, endpoint: str | None = None,
              progress: Progress | None = None) -> Report:
    """Pre-fill untranslated entries (``l10n translate``); catalogs are saved as the run
    goes, so a run stopped half-way keeps what it did."""
    from l10n.translate.driver import translate_project

    with project.locked():
        return translate_project(project, backend=backend, targets=targets, via=via,
                                 endpoint=endpoint, refresh=refresh, progress=progress)


def compile(project: Project, min_translated: float | None = None,  # noqa: A001
            use_fuzzy: bool | None = None) -> Report:
    """Write the ``.mo`` files and publish the articles (``l10n compile``)."""
    from l10n.publish import compile_project

    with project.writing():
        return compile_project(project, min_translated, use_fuzzy)


def status(project: Project) -> Report:
    """Counts per catalog (``l10n status``)."""
    from l10n import catalogs

    return catalogs.status(project)


def jobs_for(project: Project, jobs: int | None = None) -> int:
    """Worker processes to use: ``jobs``, else the configuration's, else one per core."""
    wanted = jobs if jobs is not None else project.config.jobs
    if wanted and wanted > 0:
        return wanted
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------------- what a build returns

@dataclass
class BuildReport(Report):
    """A build's report: ``lines`` and ``written`` as for any step, plus the gate's
    result for every article (``check``), the counts of every catalog (``status``), and
    how many articles there are and how many were rebuilt (``rebuilt_slugs``).

    ``lines`` tell what this build did, with the checks' findings on the articles it
    rebuilt; those on unchanged articles are counted in one line (``l10n check`` lists
    them), as ``check`` holds them."""

    status: Report = field(default_factory=Report)
    articles: int = 0
    rebuilt: int = 0
    rebuilt_slugs: list[str] = field(default_factory=list)
    _check: CheckResult | None = field(default=None, repr=False)
    _replay: Callable[[], CheckResult] | None = field(default=None, repr=False)

    @property
    def check(self) -> CheckResult:
        """The gate's result over every article (the findings of unchanged articles as
        the last build recorded them: the same, as their files are the same)."""
        if self._check is None:
            self._check = self._replay() if self._replay is not None else CheckResult()
        return self._check


# ---------------------------------------------------------------------- the plan of a build

@dataclass
class _Article:
    """One article: its source, the files the build reads and makes, and the
    fingerprint of the configuration that concerns it."""

    src: Source
    config: str
    pot: str
    catalogs: dict[str, str]  # language -> catalog path (relative)
    outputs: list[str]  # .mo files and published versions
    files: list[str] = field(default_factory=list)  # all of them, the source first

    def __post_init__(self) -> None:
        self.files = [self.src.rel, self.pot, *self.catalogs.values(), *self.outputs]


def _plan(project: Project, sources: list[Source], code: str, backend: str,
          check_files: dict[str, str | None]) -> list[_Article]:
    cfg = project.config
    translate = cfg.translate
    from l10n.config import NOT_OUTPUT_AFFECTING

    def settings_of(options: Any) -> dict[str, Any]:
        return {k: v for k, v in dict(options).items() if k not in NOT_OUTPUT_AFFECTING}

    common = fingerprint([
        code, backend, cfg.source_dir, cfg.locales_dir, cfg.dist_dir, cfg.project,
        list(cfg.languages), repr(cfg.update), settings_of(translate.options),
        {k: settings_of(v) for k, v in translate.backends.items()}, dict(translate.via),
        repr(cfg.compile), repr(sorted(cfg.check.severities.items())), cfg.check.threshold,
        dict(cfg.check.languages), list(cfg.check.glossary), list(cfg.check.length_ratio),
        repr(cfg.segment), repr(cfg.formats), repr(cfg.report), sorted(check_files.items())])
    # Paths as text (relative to the root): thousands of them, so no Path objects.
    locales = project.rel(cfg.locales_path)
    dist = project.rel(cfg.dist_path)
    articles = []
    targets_of: dict[str, list[str]] = {}  # by the article's language
    folder = {lang: f"{locales}/{lang}/LC_MESSAGES/" for lang in cfg.languages}
    published = {lang: f"{dist}/{lang}/" for lang in cfg.languages}
    hreflang, site = cfg.compile.hreflang, cfg.report.enabled
    blake2b = hashlib.blake2b
    for src in sources:
        slug, lang = src.slug, src.lang
        targets = targets_of.get(lang)
        if targets is None:
            targets = targets_of[lang] = [t for t in cfg.languages if t != lang]
        required = [cfg.check.required(slug, t) for t in targets] \
            if slug in cfg.check.catalogs else targets
        own = blake2b(f"{common}\0{src.rel}\0{lang}\0{required}".encode(),
                      digest_size=12).hexdigest()
        name = src.rel.rsplit("/", 1)[-1]
        catalogs = {t: f"{folder[t]}{slug}.po" for t in targets}
        outputs = [f"{folder[t]}{slug}.mo" for t in targets]
        outputs += [published[t] + name for t in targets]
        if hreflang:
            outputs.append(published.get(lang, f"{dist}/{lang}/") + name)
        if site:  # its page of the review site (l10n.report.page_path)
            outputs.append(f"{dist}/report/articles/{slug}.html")
        articles.append(_Article(src, own, f"{locales}/{slug}.pot", catalogs, outputs))
    return articles


def _outside_files(project: Project) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """The files beside the articles that the steps read, by path: those the memories
    read (compendia, TMX files, the translation glossary, the project's own memory that
    ``l10n align`` writes), and those the checks read (their glossary). Their content
    hashes go into the memories' fingerprints and into every article's."""
    cfg = project.config
    memory: set[str] = set(cfg.update.compendia)
    for options in (cfg.translate.options, *cfg.translate.backends.values()):
        for key in ("compendia", "tmx", "glossary"):
            value = options.get(key)
            if value:
                memory.update([value] if isinstance(value, str) else value)
    from l10n import tmx

    memory.update(project.rel(path) for path in tmx.memory_files(cfg.locales_path))
    return dict.fromkeys(sorted(memory)), dict.fromkeys(sorted(cfg.check.glossary))


class _Listing:
    """The names in a folder, listed once: a file recorded as absent (an article held
    back from publication) is found absent without a failing stat each."""

    def __init__(self, root: str):
        self.root = root
        self.folders: dict[str, set[str]] = {}

    def __contains__(self, rel: str) -> bool:
        folder, _, name = rel.rpartition("/")
        names = self.folders.get(folder)
        if names is None:
            try:
                names = set(os.listdir(f"{self.root}/{folder}"))
            except OSError:
                names = set()
            self.folders[folder] = names
        return name in names


def _well_formed(record: Any, art: _Article) -> bool:
    """A record made for this article with this configuration, of the expected shape
    (a cache is checksummed, but a record of a surprising shape is not trusted either)."""
    try:
        return record["c"] == art.config and len(record["f"]) == len(art.files) and \
            len(record["e"]) == len(art.catalogs) and \
            all(row is None or len(row) == 2 and isinstance(row[0], str)
                for row in record["f"]) and isinstance(record["u"], dict) and \
            isinstance(record["s"], list) and isinstance(record["k"], str) and \
            len(record["n"]) == 2
    except (TypeError, KeyError):
        return False


_FAILED = object()  # a file that could not be looked at (not for being absent)


def _look(path: str) -> Any:
    """The signature key of the file at ``path`` (``buildcache.signature_key``), None
    when there is none, ``_FAILED`` when it cannot be looked at."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return _FAILED
    return hash((st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns))


def _unchanged(record: dict[str, Any] | None, art: _Article, root: str,
               now: dict[str, str | None], now_ns: int,
               listing: _Listing | None = None,
               looked: dict[str, Any] | None = None) -> tuple[bool, bool]:
    """``(same, touched)``: whether the article's configuration and files are as
    ``record`` says (a record found ``_well_formed``, or None), and whether the record
    took a new signature for a file whose content is the same (touched, or copied). The
    content hash of each file looked at goes to ``now``. ``looked``: the signature keys
    of files looked at already in this build (None: absent)."""
    if record is None:
        return False, False
    rows = record["f"]
    same, touched = True, False
    for k, rel in enumerate(art.files):
        recorded = rows[k]
        if recorded is None and listing is not None and rel not in listing:
            now[rel] = None  # absent, as recorded
            continue
        if recorded is not None and recorded[1] is not None:  # the usual case, inlined
            key = looked[rel] if looked is not None and rel in looked else \
                _look(f"{root}/{rel}")
            if key is None:
                now[rel] = None
                same = False
                continue
            if key == recorded[1]:
                now[rel] = recorded[0]
                continue
        digest, row = current(f"{root}/{rel}", recorded, now_ns)
        now[rel] = digest
        if digest != (recorded[0] if recorded else None):
            same = False
        elif row is not recorded:
            rows[k] = row
            touched = True
    return same, touched


# ---------------------------------------------------------------------- the memory

def entries_of(catalog: Catalog) -> list[Entry]:
    """The finished entries of a catalog, as the memories use them."""
    return [(m.msgctxt, m.msgid, m.msgid_plural, m.msgstr, list(m.msgstr_plural))
            for m in catalog.messages if m.translated]


def _efp(entries: list[Entry]) -> str:
    return fingerprint(entries) if entries else ""


class _Memory:
    """The finished entries of every catalog, before and after this build's update, as
    far as they are known: what the two memories are made of, and their fingerprints.

    ``paths`` are the catalogs in the order the memory reads them (every ``.po`` under
    the locales folder, and the articles' catalogs that the update will create);
    ``before[rel]``/``after[rel]`` the fingerprint of a catalog's finished entries ("":
    none, None: not known yet); ``present[rel]`` whether it exists and can be read after
    the update (the memory backend leaves out the others); ``recorded[rel]`` the
    fingerprint the last build left it with (None: not known). The entries themselves
    are kept in ``.l10n-cache/memory/entries/``, by their fingerprint."""

    def __init__(self, project: Project, folder: Path, articles: list[_Article]):
        self.project = project
        self.folder = folder
        self._store: Entries | None = None
        self.hashes: dict[str, str | None] = {}  # content hash of each catalog now
        locales = project.config.locales_path
        prefix = project.rel(locales)
        found: dict[str, set[str]] = {}  # language -> catalog file names
        self.folders: list[str] = []  # the folders listed (see _Build.quiet)
        try:
            folders = [entry.name for entry in os.scandir(locales) if entry.is_dir()]
        except OSError:
            folders = []
        for lang in folders:
            try:
                names = os.listdir(locales / lang / "LC_MESSAGES")
            except OSError:
                self.folders.append(f"{prefix}/{lang}")  # where LC_MESSAGES would appear
                continue
            self.folders.append(f"{prefix}/{lang}/LC_MESSAGES")
            found[lang] = {name for name in names if name.endswith(".po")}
        for art in articles:
            name = f"{art.src.slug}.po"
            for lang in art.catalogs:
                known = found.get(lang)
                if known is None:
                    known = found[lang] = set()
                known.add(name)
        # The order of sorted paths (by their parts: here the language, then the name),
        # as the memory reads them.
        self.paths = []
        self.where = {}
        for lang in sorted(found):
            names = sorted(found[lang])
            base = f"{prefix}/{lang}/LC_MESSAGES/"
            paths = [base + name for name in names]
            self.paths += paths
            self.where.update(zip(paths, [(lang, name[:-3]) for name in names],
                                  strict=True))
        self.before: dict[str, str | None] = {}
        self.after: dict[str, str | None] = {}
        self.present: dict[str, bool] = {}
        self.recorded: dict[str, str | None] = {}
        self.loaded: dict[str, list[Entry]] = {}  # entries read or made in this build
        self.version = 0  # changes when ``updated`` changes what is known of a catalog
        self._by_slug: dict[bool, dict[str, list[tuple[str, str | None]]]] = {}
        self._before: dict[str, list[Entry]] = {}
        self._after: dict[str, list[Entry]] = {}

    @property
    def store(self) -> Entries:
        if self._store is None:
            from l10n.memstore import Entries

            self._store = Entries(self.folder / "entries")
        return self._store

    def start(self, rel: str, exists: bool, efp: str | None) -> None:
        """What is known of ``rel`` before the build (``efp`` None: not known)."""
        self.before[rel] = self.after[rel] = efp if exists else ""
        self.present[rel] = exists

    def read(self, rel: str, entries: list[Entry] | None) -> None:
        """The entries of ``rel`` as read now (None: it cannot be read)."""
        self.before[rel] = self.after[rel] = _efp(entries or [])
        self._before[rel] = self._after[rel] = entries or []
        self.present[rel] = entries is not None

    def updated(self, rel: str, before: list[Entry] | None, after: list[Entry] | None) -> None:
        """A work unit read ``rel`` (``before``: its entries then, None when it did not
        exist or could not be read) and updated it (``after``: None if it could not)."""
        now = (_efp(before or []), _efp(after or []), after is not None)
        if now != (self.before.get(rel), self.after.get(rel), self.present.get(rel)):
            self.version += 1
        self.before[rel], self.after[rel], self.present[rel] = now
        self._before[rel] = before or []
        self._after[rel] = after or []
        self._by_slug.pop(False, None)

    def unknown(self) -> list[str]:
        return [rel for rel in self.paths if self.before.get(rel) is None]

    def entries(self, rel: str, after: bool) -> list[Entry]:
        """The finished entries of ``rel`` (kept by the cache, or read again when it
        does not hold them)."""
        mine = self._after if after else self._before
        if rel in mine:
            return mine[rel]
        efp = (self.after if after else self.before).get(rel)
        if not efp:
            return []
        found = self.stored(efp)
        if found is None:
            try:
                found = entries_of(self.project.read_catalog(self.project.root / rel))
            except CatalogError:
                found = []
            self.loaded[rel] = found
        mine[rel] = found
        return found

    def stored(self, efp: str) -> list[Entry] | None:
        """The entries of fingerprint ``efp`` kept by the cache, if it has them."""
        found = self.store.get(efp)
        return None if found is None else [tuple(e) for e in found]

    def update_fp(self, lang: str, order: list[str], extra: str) -> str:
        """What update suggests from for ``lang``: the finished entries of the articles'
        catalogs in that language as they were before the update, in the project's order
        (a catalog without any adds nothing)."""
        return fingerprint([extra, [(rel, self.before.get(rel)) for rel in order
                                    if self.where[rel][0] == lang
                                    and self.before.get(rel) != ""]])

    def by_slug(self, recorded: bool = False) -> dict[str, list[tuple[str, str | None]]]:
        """The catalogs (language, fingerprint) of each article that exist, as updated
        (``recorded``: as the last build left them), in the memory's order (articles by
        their first catalog)."""
        found = self._by_slug.get(recorded)
        if found is None:
            found = self._by_slug[recorded] = {}
            for rel in self.paths:
                if self.recorded.get(rel) is not None if recorded else self.present.get(rel):
                    lang, slug = self.where[rel]
                    efp = self.recorded[rel] if recorded else self.after.get(rel)
                    found.setdefault(slug, []).append((lang, efp))
        return found

    def translate_fp(self, pair: tuple[str, str] | None, extra: str,
                     languages: dict[str, str], default: str, recorded: bool = False) -> str:
        """What the memory backend may answer from for the language ``pair`` (None: for
        any pair): the finished entries, as updated, of the articles that give pairs of
        those languages (source → target from the target's catalog, and between two of
        an article's languages), in the memory's order (articles by their first catalog,
        see ``translate.memory.pairs_from_entries``); an article that gives no finished
        entry adds nothing. ``recorded``: what it was at the end of the last build."""
        rows = []
        wanted = None if pair is None else (_primary(pair[0]), _primary(pair[1]))
        primaries: dict[str, str] = {}
        for slug, found in self.by_slug(recorded).items():
            source = languages.get(slug, default)
            if wanted is not None:
                for lang, _ in found:
                    if lang not in primaries:
                        primaries[lang] = _primary(lang)
                found = [(lang, efp) for lang, efp in found if primaries[lang] in wanted]
                langs = {primaries[lang] for lang, _ in found}
                if wanted[1] not in langs or \
                        wanted[0] not in langs and _primary(source) != wanted[0]:
                    continue
            if any(efp != "" for _, efp in found):
                rows.append((slug, source, found))
        return fingerprint([extra, pair, rows])


# A memory kept in a file is made again when the items put in and left out since make up
# this share of it (a use costs what changed since the file was made).
_REMAKE_SHARE = 0.05
_REMAKE_LEAST = 2000
# Each memory file read in this process, with the signature it had then; and those
# whose checksum was checked (or that were written), to remember in the cache: the next
# build reads one whose signature is the same without checking it again, as it trusts
# any other file of the same signature to hold what it held.
_STORED: dict[str, tuple[Signature | None, Stored | None]] = {}
_CHECKED: dict[str, tuple[Signature, int]] = {}


def _memory_file(folder: Path, name: str) -> Path:
    """The file of the memory ``name`` ("u:uk" -> u-uk.idx, "t:en>uk" -> t-en-uk.idx)."""
    return folder / (re.sub(r"[^A-Za-z0-9_.@]", "-", name) + ".idx")


def _stored(folder: Path, code: str, name: str,
            known: dict[str, list[Any]]) -> Stored | None:
    """The memory ``name`` kept in ``folder``, if there is one to trust; ``known``: the
    signature and checksum of the memory files when they were last checked."""
    path = _memory_file(folder, name)
    sig = observe(path)
    cached = _STORED.get(str(path))
    if cached is not None and sig is not None and cached[0] == sig:
        return cached[1]
    row = known.get(path.name)
    checked = row[4] if row is not None and sig is not None and tuple(row[:4]) == sig \
        else None
    mine = _CHECKED.get(str(path))  # (written or checked by this process)
    if mine is not None and mine[0] == sig:
        checked = mine[1]
    from l10n.memstore import Stored

    found = None if sig is None else Stored.read(path, code, name, checked)
    _STORED[str(path)] = (sig, found)
    if found is not None and found.crc is not None and checked is None:
        _CHECKED[str(path)] = (sig, found.crc)  # type: ignore[assignment]
    return found


# The memories to make in worker processes: set once per pool.
_MAKER: tuple[_Memories, list[str], bool] | None = None


def _init_maker(job: tuple[_Memories, list[str], bool]) -> None:
    global _MAKER
    _MAKER = job


def _make_chunk(indices: list[int]) -> list[tuple[str, Signature | None, int]]:
    assert _MAKER is not None
    memories, names, after = _MAKER
    return [memories.make(names[i], after) for i in indices]


def _short_fp(*parts: str) -> str:
    """A fingerprint of a few short strings (language codes, fingerprints)."""
    return hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=12).hexdigest()


class _Unknown(Exception):
    """Entries the cache no longer holds (a memory as it was cannot be made again)."""


class _Memories:
    """The project's memories as one phase of the build sees them, each made on first use
    from the one kept in ``.l10n-cache/memory/`` and the groups that changed since (see
    ``l10n.memstore``):

    * ``u:<lang>``, what ``update`` suggests from: the articles' catalogs of the language
      as they were before the update (each a group), in the project's order;
    * ``t:<source>><target>``, what the memory backend answers from for a pair: the
      pairs each article gives (``translate.memory.pairs_from_entries``; each article a
      group), in the memory's order, from its catalogs as they are now.

    It serves as the memory backend's ``BackendContext.memory``.
    """

    def __init__(self, build: _Build, recorded: bool = False):
        self.memory = build.memory
        self.folder = build.cache.memory_folder
        self.code = build.cache.code
        self.order = build.order
        self.languages = build.languages
        self.default = build.project.config.source_language
        self.pair_table = build.pair_table()
        self.known = build.memory_rows()
        self.recorded = recorded
        self.used: set[str] = set()
        self._views: dict[str, View] = {}
        self._pairs: set[tuple[str, str]] | None = None
        self._pair_fps: set[str] = set()
        self._groups: dict[tuple[str, str], list[Group]] = {}
        self._slugs: dict[str, tuple[str, list[tuple[str, str, str]]]] | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_views"] = {}  # (a process started afresh makes them again)
        return state

    def _entries(self, rel: str, efp: str) -> list[Entry]:
        if not self.recorded:
            return self.memory.entries(rel, after=True)
        found = self.memory.stored(efp)
        if found is None:
            raise _Unknown(rel)
        return found

    def _view(self, name: str, groups: Callable[[], list[Group]],
              items: Callable[[str, str], Iterable[Item]], empty: Callable[[], View],
              fresh: bool) -> View:
        found = None if fresh else self._views.get(name)
        if found is None:
            from l10n.memstore import View

            base = _stored(self.folder, self.code, name, self.known)
            with paused_gc():  # a few objects per item and no cycles (see l10n.gcpause)
                found = View.compose(empty, base, groups(), items)
            self.used.add(name)
            if not fresh:
                self._views[name] = found
        return found

    def groups_of(self, name: str, after: bool = False
                  ) -> tuple[list[Group], Callable[[str, str], Iterable[Item]], bool]:
        """The groups of the memory ``name``, what gives the items of one, and whether
        the memory keeps the first item of a key only (``after``: update's memory as the
        next build will see it)."""
        kind, _, rest = name.partition(":")
        if kind == "u":
            from l10n.update import memory_items

            return (self.update_groups(rest, after),
                    lambda rel, _: memory_items(self.memory.entries(rel, after)), False)
        pair = tuple(rest.split(">", 1))
        return (self.pair_groups(pair),  # type: ignore[arg-type]
                lambda slug, _: self.pair_items(pair, slug), True)  # type: ignore[arg-type]

    def stale(self, name: str, after: bool = False) -> bool:
        """Whether the file of the memory ``name`` is to be made again: there is none, or
        the groups that changed since it was made are a good share of it (``after``: as
        the next build will see it)."""
        groups, _, dedup = self.groups_of(name, after)
        base = _stored(self.folder, self.code, name, self.known)
        return base is None or base.dedup != dedup or \
            base.changed(groups) > max(_REMAKE_LEAST, _REMAKE_SHARE * len(base))

    def make(self, name: str, after: bool = False) -> tuple[str, Signature | None, int]:
        """Make the file of the memory ``name``: its path, signature and checksum."""
        from l10n.memstore import Stored

        groups, items, dedup = self.groups_of(name, after)
        with paused_gc():  # a few objects per item and no cycles (see l10n.gcpause)
            made = Stored.make(groups, items, dedup)
        path = _memory_file(self.folder, name)
        crc = made.write(path, self.code, name)
        sig = observe(path)
        if sig is not None:
            _CHECKED[str(path)] = (sig, crc)
        return str(path), sig, crc

    # -- update's
    def update_groups(self, lang: str, after: bool = False) -> list[Group]:
        memory = self.memory
        efps = memory.after if after else memory.before
        return [(rel, efp) for rel in self.order
                if memory.where[rel][0] == lang and (efp := efps.get(rel))]

    def update_view(self, lang: str, fresh: bool = False) -> View:
        from l10n.update import memory_view

        name = f"u:{lang}"
        groups, items, _ = self.groups_of(name)
        return self._view(name, lambda: groups, items, memory_view, fresh)

    # -- the memory backend's
    def slugs(self) -> dict[str, tuple[str, list[tuple[str, str, str]]]]:
        """Each article with catalogs, in the memory's order: its language, and its
        catalogs (language, path, fingerprint of the finished entries)."""
        if self._slugs is None:
            memory = self.memory
            self._slugs = {}
            for rel in memory.paths:
                if memory.recorded.get(rel) is not None if self.recorded \
                        else memory.present.get(rel):
                    lang, slug = memory.where[rel]
                    efp = (memory.recorded if self.recorded else memory.after).get(rel)
                    found = self._slugs.get(slug)
                    if found is None:
                        found = self._slugs[slug] = (self.languages.get(slug, self.default), [])
                    found[1].append((lang, rel, efp or ""))
        return self._slugs

    def _pairs_of(self, slug: str, cats: list[tuple[str, str, str]],
                  wanted: tuple[str, str] | None = None
                  ) -> Iterator[tuple[str, str, str, str, str]]:
        from l10n.translate.glossary import primary
        from l10n.translate.memory import pairs_from_entries

        source = self.slugs()[slug][0]
        found = [(slug, lang, [(e[0], e[1], e[3]) for e in self._entries(rel, efp)
                               if e[2] is None and e[1]])
                 for lang, rel, efp in cats if efp and
                 (wanted is None or lang in wanted or primary(lang) in wanted)]
        for a, b, text_a, text_b, origin in pairs_from_entries(found, source, {slug: source}):
            if text_a and text_b:
                yield a, b, text_a, text_b, origin

    def pairs(self) -> set[tuple[str, str]]:
        """The pairs the project's catalogs give segments for (also under the primary
        languages), from a table kept by the fingerprints of each article's catalogs."""
        if self._pairs is None:
            from l10n.translate.glossary import primary

            found: set[tuple[str, str]] = set()
            table = self.pair_table
            for slug, (source, cats) in self.slugs().items():
                if not any(efp for _, _, efp in cats):
                    continue  # no finished entry: no pair (most articles, early on)
                fp = _short_fp(source, *(f"{lang}/{efp}" for lang, _, efp in cats))
                self._pair_fps.add(fp)
                keys = table.get(fp)
                if keys is None:
                    keys = table[fp] = [list(key) for key in sorted(
                        {key for a, b, _, _, _ in self._pairs_of(slug, cats)
                         for key in ((a, b), (primary(a), primary(b)))})]
                found.update((a, b) for a, b in keys)
            self._pairs = found
        return self._pairs

    def pair_fps(self) -> set[str]:
        """The fingerprints ``pairs`` looked up in the table."""
        self.pairs()
        return self._pair_fps

    def pair_name(self, source: str, target: str) -> str:
        """The memory the backend searches for a pair ("": none of the project's)."""
        from l10n.translate.glossary import primary

        pairs = self.pairs()
        for pair in ((source, target), (primary(source), primary(target))):
            if pair in pairs:
                return f"t:{pair[0]}>{pair[1]}"
        return ""

    def pair_groups(self, pair: tuple[str, str]) -> list[Group]:
        """Each article with catalogs of ``pair``'s languages (its group of the memory of
        the pair: a change of its other catalogs does not touch it), in order."""
        from l10n.translate.glossary import primary

        groups = self._groups.get(pair)
        if groups is None:
            groups = self._groups[pair] = []
            for slug, (source, cats) in self.slugs().items():
                relevant = [f"{lang}/{efp}" for lang, _, efp in cats
                            if efp and (lang in pair or primary(lang) in pair)]
                if relevant:
                    # (its first catalog places it in the memory's order)
                    groups.append((slug, _short_fp(source, cats[0][0], *relevant)))
        return groups

    def pair_items(self, pair: tuple[str, str], slug: str) -> Iterator[Item]:
        from l10n.translate.glossary import primary

        for a, b, text_a, text_b, origin in self._pairs_of(slug, self.slugs()[slug][1], pair):
            if pair == (a, b) or pair == (primary(a), primary(b)):
                yield text_a, text_a, [text_b, origin]

    def view(self, pair: tuple[str, str], fresh: bool = False) -> View:
        from l10n.translate.memory import pair_view

        return self._view(f"t:{pair[0]}>{pair[1]}", lambda: self.pair_groups(pair),
                          lambda slug, _: self.pair_items(pair, slug), pair_view, fresh)

    def open(self, name: str) -> View:
        """The memory ``name``, as this phase sees it."""
        kind, _, rest = name.partition(":")
        if kind == "u":
            return self.update_view(rest)
        return self.view(tuple(rest.split(">", 1)))  # type: ignore[arg-type]


def _primary(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


# ---------------------------------------------------------------------- work units

@dataclass
class _Job:
    """What every work unit of one phase shares (sent to each worker once)."""

    project: Project
    articles: list[_Article]
    backend: str
    local: bool  # translate inside the work unit (else once for the build)
    check: CheckSettings
    compile: CompileSettings
    memories: _Memories  # update's and the memory backend's, as this phase sees them
    article_languages: dict[str, str]


@dataclass
class _Outcome:
    """What a work unit returns (picklable: it crosses from the worker to the parent)."""

    index: int
    fatal: L10nError | None = None
    errors: list[L10nError] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)
    staged: list[Staged] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    hashes: dict[str, str | None] = field(default_factory=dict)  # rel -> hash after commit
    seen: dict[str, Signature | None] = field(default_factory=dict)  # rel -> sig for hash
    made: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # staged: ino, size, mtime
    stats: list[tuple[str, Stats | None]] = field(default_factory=list)  # lang, None: missing
    update_stats: list[tuple[str, str, Stats]] = field(default_factory=list)
    check: CheckResult = field(default_factory=CheckResult)
    uses_update: set[str] = field(default_factory=set)  # languages
    uses_translate: set[str] = field(default_factory=set)  # memory keys, t:...
    # The finished entries of each catalog as read (with the file's hash) and as
    # updated; a catalog that could not be read is in ``unreadable`` instead.
    entries_before: dict[str, tuple[str, list[Entry]]] = field(default_factory=dict)
    entries_after: dict[str, list[Entry]] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)
    run_stats: RunStats | None = None
    # What the translation step asked of a local backend and was told (see _Asked): a
    # change of the memory reaches this article only if the same questions get other
    # answers.
    asked: dict[str, Any] | None = None
    summary: str | None = None  # the article's summary on the review site (JSON text)
    ok: bool = True

    def readable(self, rel: str) -> bool:
        return rel not in self.unreadable

    def uses(self) -> list[str]:
        """The memories this work unit depended on (see ``_Build.fingerprints``)."""
        return [*(f"u:{lang}" for lang in self.uses_update), *self.uses_translate]


class _StagingSink:
    """A work unit's writes: to temporary files, renamed by the parent at the end."""

    def __init__(self, project: Project, outcome: _Outcome):
        self.project = project
        self.outcome = outcome

    def write(self, path: Path, data: bytes, report: Report) -> None:
        rel = self.project.rel(path)
        sig = observe(path)
        # A catalog may hold a translator's work: make it durable before it replaces the
        # old one. Everything else is made again from its inputs if a crash loses it.
        durable = path.suffix == ".po" and sig is not None
        try:
            staged = stage(path, data, durable=durable, absent=sig is None)
        except L10nError as exc:
            raise L10nError(exc.message, rel) from None
        out = self.outcome
        out.hashes[rel] = content_hash(data)
        if staged is None:
            out.seen[rel] = sig
            return
        st = staged.stat or os.stat(staged.temp)
        out.made[rel] = (st.st_ino, st.st_size, st.st_mtime_ns)
        out.staged.append(staged)
        out.written.append(path)
        report.written.append(path)

    def remove(self, path: Path, report: Report) -> None:
        self.outcome.removed.append(path)
        self.outcome.hashes[self.project.rel(path)] = None


class _Worker:
    """The state of one worker process for one phase: the job, and what it builds once
    and reuses for every article (memories, the translation backend)."""

    def __init__(self, job: _Job):
        self.job = job
        self._update: dict[str, Memory] = {}
        self._files: list[tuple[str, Catalog, str]] | None = None
        self._engine: Backend | None = None

    def update_memory(self, lang: str) -> Memory:
        found = self._update.get(lang)
        if found is None:
            from l10n.update import Memory

            if self._files is None:  # compendia and the project's memory, read once
                from l10n.catalogs import memory_files

                self._files = memory_files(self.job.project)
            more = [(catalog, rel) for memory_lang, catalog, rel in self._files
                    if memory_lang == lang]
            # (a memory the files are added to is one of its own)
            found = self._update[lang] = Memory(self.job.memories.update_view(lang,
                                                                              bool(more)))
            for catalog, rel in more:
                found.add_catalog(catalog, rel)
        return found

    def engine(self) -> Backend:
        if self._engine is None:
            from l10n.translate import BackendContext, create

            job = self.job
            cfg = job.project.config
            self._engine = create(job.backend, BackendContext(
                job.project.root, cfg.locales_path, cfg.translate.for_backend(job.backend),
                cfg.source_language, job.article_languages, memory=job.memories))
        return self._engine

    def close(self) -> None:
        close = getattr(self._engine, "close", None)
        if callable(close):
            close()

    # -- one article
    def run(self, index: int) -> _Outcome:
        out = _Outcome(index)
        project = self.job.project
        try:
            with project.writing_to(_StagingSink(project, out)):
                self._article(self.job.articles[index], out)
        except L10nError as exc:  # a source that cannot be read, a disk that is full
            out.fatal = exc
            for staged in out.staged:
                staged.discard()
            out.staged = []
        return out

    def _article(self, art: _Article, out: _Outcome) -> None:
        from l10n import pofile
        from l10n.catalogs import extract_lines, template, update_catalog, update_line
        from l10n.check import Given, check_article
        from l10n.publish import compile_article
        from l10n.stats import stats

        job = self.job
        project = job.project
        src = art.src
        lines = out.lines = {step: [] for step in STEPS}

        # extract: the source and the old template, each read once
        sig, data = read_observed(src.path)
        article = project.parse(src, data)  # a source that cannot be read stops the build
        if data is not None:
            out.hashes[src.rel], out.seen[src.rel] = content_hash(data), sig
        pot_path = project.root / art.pot
        _, old_pot = read_observed(pot_path)
        pot, pot_data = template(project, src, article, old_pot)
        project.write(pot_path, pot_data, Report())
        lines["extract"] += extract_lines(project, src, article, pot)

        # update: each catalog read once, merged with the memory of its language
        held: dict[str, Catalog | CatalogError | None] = {}
        changed: set[str] = set()  # languages whose catalog is to be written
        for lang, rel in art.catalogs.items():
            path = project.root / rel
            sig, raw = read_observed(path)
            old: Catalog | None = None
            if raw is not None:
                digest = content_hash(raw)
                out.hashes[rel], out.seen[rel] = digest, sig
                try:
                    old = project.read_target(path, lang, raw)
                except CatalogError as exc:  # left out; the other catalogs go on
                    out.errors.append(exc)
                    out.unreadable.add(rel)
                    held[lang] = exc
                    continue
                out.entries_before[rel] = (digest, entries_of(old))
            memory = _Consulted(self, lang, out) if project.config.update.memory else None
            new, action = update_catalog(project, src, lang, pot, old,
                                         memory)  # type: ignore[arg-type]
            held[lang] = new
            if action != "unchanged":
                changed.add(lang)
            out.entries_after[rel] = entries_of(new)
            counts = stats(new)
            out.update_stats.append((src.slug, lang, counts))
            lines["update"].append(update_line(project, path, action, counts))

        # translate, with a backend that answers from the project: in memory
        if job.local:
            changed.update(self._translate(art, held, out))

        # each catalog the update or the suggestions changed is written (a catalog left
        # as it was keeps its translator's layout)
        files: dict[str, Path] = {}
        for lang, rel in art.catalogs.items():
            catalog = held[lang]
            if catalog is None or isinstance(catalog, CatalogError):
                continue
            path = project.root / rel
            if lang in changed:
                project.write(path, pofile.dumps(catalog, project.config.update.width)
                              .encode("utf-8"), Report())
            staged = next((s for s in out.staged if s.path == path), None)
            files[lang] = staged.temp if staged is not None else path

        # check: the template just made and the catalogs in memory
        item = check_article(project, job.check, src, set(),
                             Given(article, pot, dict(held), files))
        out.check = item.result
        lines["check"] += out.check.lines

        # compile: .mo files and published versions
        report = Report()
        decided = compile_article(project, src, job.compile, report, article=article,
                                  catalogs=dict(held))
        lines["compile"] += report.lines
        out.errors += [e for e in report.errors if str(e) not in {str(x) for x in out.errors}]
        for lang in art.catalogs:
            catalog = held[lang]
            if not isinstance(catalog, CatalogError):
                out.stats.append((lang, None if catalog is None else stats(catalog)))

        # the article's page of the review site, and its summary for the index
        if project.config.report.enabled:
            from l10n.report import article_page, site_folder
            from l10n.report.views import to_data

            path, page, view = article_page(project, item, site_folder(project), job.compile,
                                            decided)
            project.write(path, page, Report())
            out.summary = json.dumps(to_data(view), separators=(",", ":"))

    def _translate(self, art: _Article, held: dict[str, Catalog | CatalogError | None],
                   out: _Outcome) -> set[str]:
        """Fill the article's catalogs in memory; the languages of those that changed."""
        from l10n.translate.driver import HeldCatalogs, TranslationRun, pivots

        job = self.job
        project = job.project
        cfg = project.config
        paths = {project.root / rel: held[lang] for lang, rel in art.catalogs.items()
                 if held[lang] is not None}
        catalogs = [(art.src, lang, project.root / rel) for lang, rel in art.catalogs.items()
                    if isinstance(held[lang], Catalog)]
        report = Report()
        opened = HeldCatalogs(project, report, False, paths)  # type: ignore[arg-type]
        pivot_of = pivots(cfg.translate.via, cfg.languages, [], None, False)
        run = TranslationRun(project, job.backend, cfg.translate.for_backend(job.backend),
                             opened, pivot_of, False)
        run.open(catalogs)
        if run.lines:
            engine = self.engine()
            asked = _Asked(engine)
            run.execute(asked)  # type: ignore[arg-type]
            # (a backend whose answers may come from a cache was not asked them all)
            from l10n.translate import option

            out.asked = None if option(engine, "cacheable") else asked.record
        for cid, (_, lang) in run.slugs.items():
            if run.candidates[cid] or run.no_pivot[cid]:  # entries open: the memory matters
                out.uses_translate.add("t:*" if cid in run.skipped
                                       else f"t:{run.sources[cid]}>{lang}")
        out.lines["translate"] += report.lines
        out.errors += report.errors
        out.ok = out.ok and report.ok
        out.run_stats = run.stats
        filled = {project.rel(path) for path in opened.changed}
        return {lang for lang, rel in art.catalogs.items() if rel in filled}


class _Asked:
    """A local backend as the translation step sees it, noting each question and its
    answer: which pairs it serves, and the suggestion for each text of a language pair.

    The step's result is a function of these answers alone (a local backend is asked
    for every text each time, without a cache), so asking the same questions of the
    memory as it is now, and getting the same answers, proves the article unchanged."""

    def __init__(self, backend: Any):
        self._backend = backend
        self.record: dict[str, Any] = {"pairs": None, "texts": []}

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._backend, name)
        if name == "pairs" and callable(found):
            def pairs() -> Any:
                answer = found()
                self.record["pairs"] = _plain(answer)
                return answer
            return pairs
        return found

    def translate(self, texts: Sequence[str], source: str, target: str) -> Any:
        answers = self._backend.translate(texts, source, target)
        self.record["texts"].append([source, target, list(texts), _answers(answers)])
        return answers


def _answers(answers: Any) -> Any:
    if not isinstance(answers, list):
        return repr(answers)
    return [None if a is None else [a.text, a.score, a.note] for a in answers]


def _plain(value: Any) -> Any:
    return None if value is None else sorted([list(pair) for pair in value])


class _Replay:
    """A local backend asked again: each text once, whichever article asks (the local
    backends answer each text of a batch on its own)."""

    def __init__(self, backend: Any):
        self.backend = backend
        self._pairs: Any = ...
        self._answers: dict[tuple[str, str, str], Any] = {}

    def pairs(self) -> Any:
        if self._pairs is ...:
            self._pairs = _plain(self.backend.pairs())
        return self._pairs

    def translate(self, texts: list[str], source: str, target: str) -> list[Any]:
        known = self._answers
        new = list(dict.fromkeys(t for t in texts if (source, target, t) not in known))
        if new:
            got = _answers(self.backend.translate(new, source, target))
            if not isinstance(got, list) or len(got) != len(new):
                got = ["(no answer)"] * len(new)  # equal to no answer recorded
            for text, answer in zip(new, got, strict=True):
                known[source, target, text] = answer
        return [known[source, target, t] for t in texts]

    def same(self, record: dict[str, Any],
             untouched: Callable[[str, str, str], bool] | None = None) -> bool:
        """Whether the questions of ``record`` (an ``_Asked`` record) get the answers
        they got then; ``untouched(source, target, text)``: a question known to get the
        same answer, not asked."""
        if record.get("pairs") is not None and self.pairs() != record["pairs"]:
            return False
        for source, target, texts, answers in record["texts"]:
            if untouched is not None and isinstance(answers, list) and \
                    len(answers) == len(texts):
                asked = [k for k, text in enumerate(texts)
                         if not untouched(source, target, text)]
                if self.translate([texts[k] for k in asked], source, target) != \
                        [answers[k] for k in asked]:
                    return False
            elif self.translate(texts, source, target) != answers:
                return False
        return True


class _Untouched:
    """Which questions asked of the memory backend at the last build are sure to get the
    same answers from the memory as it is now, without asking them.

    Between the memory the last build searched (``then``, made again from the catalogs'
    entries as it left them) and the one now, the pairs of an article differ only where
    its catalogs changed (``changed``). A question whose text is none of those, and whose
    index keys are none of theirs, sees the same posting lists as before, so the same
    answer (``l10n.fuzzy`` looks at nothing else). A key of theirs may still be shared if
    it is a common one (its posting list longer than a scan reads: ``_SCAN_BUDGET``) both
    then and now, and the question has a rarer one: the lists read are then those of its
    rarer keys, which did not change. Anything else is asked again.
    """

    def __init__(self, build: _Build, now: _Memories):
        self.build = build
        self.now = now
        self.then = build.memories(recorded=True)
        self._fps: dict[str, bool] = {}
        self._pairs: dict[tuple[str, str], Any] = {}
        self._verdicts: dict[tuple[str, str, str], bool] = {}

    def article(self, i: int) -> Callable[[str, str, str], bool] | None:
        """``untouched`` for the questions article ``i`` asked at the last build (None:
        its answers came from another memory than the one made again)."""
        build = self.build
        for key, fp in build.uses(i).items():
            same = self._fps.get(key)
            if same is None:
                pair = None if key == "t:*" else tuple(key[2:].split(">", 1))
                same = self._fps[key] = fp == build.memory.translate_fp(
                    pair, build.extra, build.languages,  # type: ignore[arg-type]
                    build.project.config.source_language, recorded=True)
            if not same:
                return None
        return self.untouched

    def untouched(self, source: str, target: str, text: str) -> bool:
        known = self._verdicts.get((source, target, text))
        if known is None:
            known = self._verdicts[source, target, text] = self._untouched(source, target,
                                                                           text)
        return known

    def _untouched(self, source: str, target: str, text: str) -> bool:
        found = self._pairs.get((source, target))
        if found is None:
            found = self._pairs[source, target] = self._changes(source, target)
        if found is False:
            return False
        if found is True:
            return True
        texts, index, keys, delta, counts = found
        if text in texts:
            return False
        features = index.keys_of(text)
        if not features & keys:
            return True

        def now(key: Any) -> int:
            n = counts.get(key)
            if n is None:
                n = counts[key] = index.count(key)
            return n  # type: ignore[no-any-return]

        from l10n.fuzzy import unaffected

        return unaffected(features, keys, now, lambda key: now(key) + delta.get(key, 0))

    def _changes(self, source: str, target: str) -> Any:
        """What changed in the memory of a pair: True nothing, False not known, else the
        texts of the items that changed, the index now, their keys, and by how many
        items each key held more then than now."""
        name = self.now.pair_name(source, target)
        if name != self.then.pair_name(source, target):
            return False
        if not name:
            return True  # no pair of the project's catalogs answers it, then or now
        pair = tuple(name[2:].split(">", 1))
        then = dict(self.then.pair_groups(pair))  # type: ignore[arg-type]
        now = dict(self.now.pair_groups(pair))  # type: ignore[arg-type]
        moved = {slug for slug in then.keys() | now.keys() if then.get(slug) != now.get(slug)}
        old: set[str] = set()
        new: set[str] = set()
        changed = set()
        try:
            for slug in moved:
                before = list(self.then.pair_items(pair, slug)) if slug in then else []  # type: ignore[arg-type]
                after = list(self.now.pair_items(pair, slug)) if slug in now else []  # type: ignore[arg-type]
                if before != after:
                    changed.add(slug)
                    old.update(text for text, _, _ in before)
                    new.update(text for text, _, _ in after)
        except _Unknown:
            return False
        if not changed:
            return True
        view = self.now.view(pair)  # type: ignore[arg-type]
        index = view.index
        keys: set[Any] = set()
        delta: dict[Any, int] = {}
        for text in old | new:
            features = index.keys_of(text)
            keys |= features
            # (one item counts per text: the first)
            found = view.occurrences(text)
            was = text in old or any(view.group(n) not in changed for n in found)
            step = int(was) - int(bool(found))
            if step:
                for key in features:
                    delta[key] = delta.get(key, 0) + step
        return old | new, index, keys, delta, {}


class _Consulted:
    """The memory of a language as ``merge`` sees it: built on first use, and noting
    that this article's update depended on it."""

    def __init__(self, worker: _Worker, lang: str, out: _Outcome):
        self.worker = worker
        self.lang = lang
        self.out = out

    def suggest(self, *args: Any, **kwargs: Any) -> Any:
        self.out.uses_update.add(self.lang)
        return self.worker.update_memory(self.lang).suggest(*args, **kwargs)


# Worker processes keep their state here between work units of one phase.
_WORKER: _Worker | None = None


def _init_worker(job: _Job) -> None:
    global _WORKER
    _WORKER = _Worker(job)


def _run_chunk(indices: list[int]) -> list[_Outcome]:
    assert _WORKER is not None
    return [_WORKER.run(i) for i in indices]


def _context() -> Any:
    import multiprocessing

    # fork starts workers at once, with the parent's modules already imported.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _start_worker(init: Callable[[Any], None], job: Any, parent: int) -> None:
    """Set up a worker process: first make sure it does not outlive the build. A build
    killed outright (SIGKILL, the out-of-memory killer, a CI timeout) cannot stop its
    pool, and a forked worker, which holds its own end of the queue it waits on, would
    wait for work forever while holding the project lock and the build's output pipes.
    Linux kills it with the parent; elsewhere a thread watches for the parent's end."""
    _end_with(parent)
    init(job)


def _end_with(parent: int) -> None:
    import signal

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
            if os.getppid() != parent:  # (the parent ended before that)
                os._exit(1)
            return
    except (OSError, AttributeError):  # not Linux
        pass
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="l10n-parent-watch", daemon=True).start()


def run_units(job: Any, init: Callable[[Any], None], work: Callable[[list[int]], list[Any]],
              indices: list[int], jobs: int, progress: Callable[[int], None] | None = None,
              least: int = MIN_PARALLEL) -> Iterator[Any]:
    """Run ``work`` over ``indices`` (in chunks) in ``jobs`` processes, each set up once
    with ``init(job)``; yield the results in the order of ``indices``. With one job, or
    fewer units than ``least``, everything runs in this process."""
    if not indices:
        return
    if jobs <= 1 or len(indices) < least:
        init(job)
        for i in indices:
            [result] = work([i])
            if progress is not None:
                progress(1)
            yield result
        return
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    size = max(1, min(16, len(indices) // (jobs * 4)))
    chunks = [indices[k:k + size] for k in range(0, len(indices), size)]
    results: dict[int, list[Any]] = {}
    with ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=_context(),
                             initializer=_start_worker,
                             initargs=(init, job, os.getpid())) as pool:
        futures: dict[Future[list[Any]], int] = {pool.submit(work, chunk): n
                                                  for n, chunk in enumerate(chunks)}
        try:
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    n = futures[future]
                    results[n] = future.result()
                    if progress is not None:
                        progress(len(chunks[n]))
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    for n in range(len(chunks)):
        yield from results[n]


# ---------------------------------------------------------------------- the build

class _Build:
    def __init__(self, project: Project, backend: str | None, jobs: int,
                 progress: Progress | None, incremental: bool):
        self.project = project
        cfg = project.config
        self.backend = backend or cfg.translate.backend
        self.local = self.backend in LOCAL_BACKENDS
        self.jobs = jobs
        self.progress = progress
        folder = cfg.root / cfg.translate.cache_dir
        code = code_fingerprint()
        with paused_gc():  # a record per article: many small objects, no cycles
            self.cache = BuildCache.load(folder, cfg.root, code) if incremental else \
                BuildCache(folder, cfg.root, code)
        self.records = self.cache.articles
        self.site_before = json.loads(json.dumps(self.cache.site))  # a copy
        self._check_settings: CheckSettings | None = None
        self.translated: Report | None = None
        self.touched = False  # a record changed without a rebuild (new signatures)
        self.site_index: str | None = None  # the review site's index, when there is one
        self.site_cache: _SiteCache | None = None  # its pages, when the build draws them
        self.phases: list[_Memories] = []  # the memories of each phase of the build
        self._pair_table: dict[str, list[Any]] | None = None
        self._memory_rows: dict[str, list[Any]] | None = None
        self._pair_table_size = 0
        self.done = 0
        self.total = 0
        self.arranged = False  # self.sources, self.articles... (see arrange)
        self.looked: dict[str, Any] = {}  # signature keys of files looked at (see quiet)

    # -- what must be built
    def arrange(self) -> None:
        """The articles and their files as this build sees them (``self.articles``)."""
        project = self.project
        self.sources = project.sources()
        self.memory_files, self.check_files = _outside_files(project)
        for table in (self.memory_files, self.check_files):
            for rel in table:
                table[rel] = self.cache.files.hash(rel)
        self.articles = _plan(project, self.sources, self.cache.code, self.backend,
                              self.check_files)
        self.arranged = True

    def quiet(self) -> bool:
        """Whether the project is exactly as the last build left it: every article has a
        record made for its configuration, every file the cache knows has the signature
        recorded, and every folder whose listing the plan reads (where catalogs, memories
        and absent outputs would appear) is unchanged. Then ``plan`` would find nothing
        to do and no memory moved (the records hold the memories as that build ended),
        so nothing is planned: a build with nothing to do is a stat of every file."""
        cache, records = self.cache, self.records
        if not cache.folders or not records:
            return False
        known = dict(cache.files.table)
        self.arrange()
        # (the files beside the articles: the same ones, as they were)
        if len(records) != len(self.articles) or cache.files.table != known:
            return False
        root = str(self.project.root)
        now_ns = time.time_ns()
        if any(folder_key(f"{root}/{rel}" if rel else root, now_ns) != key
               for rel, key in cache.folders):
            return False
        stat = os.stat
        # Every file is looked at, even once one has changed: the plan then takes the
        # signatures found here (``self.looked``) rather than looking again.
        looked = self.looked
        same = True
        for art in self.articles:
            record = records.get(art.src.slug)
            if not isinstance(record, dict):
                same = False
                continue
            rows = record.get("f")
            if record.get("c") != art.config or not isinstance(rows, list) or \
                    len(rows) != len(art.files):
                same = False
                continue
            for rel, row in zip(art.files, rows, strict=True):
                if row is None:  # absent, as the folder holding it says
                    continue
                looked[rel] = key = _look(f"{root}/{rel}")
                if same and (not isinstance(row, list) or len(row) != 2 or key != row[1]):
                    same = False
        if not same:
            return False
        try:
            for rel, row in cache.files.table.items():  # outside files, stray catalogs...
                st = stat(f"{root}/{rel}")
                if [st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns] != row[:4]:
                    return False
            if self.project.config.report.enabled:
                from l10n.report import site_folder

                row = cache.site.get("pages")
                path = _SiteCache(cache.folder, cache.code, site_folder(self.project)).path
                st = stat(path)
                if not isinstance(row, list) or len(row) != 2 or row[1] is None or \
                        hash((st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)) != row[1]:
                    return False
        except (OSError, TypeError, ValueError, IndexError, KeyError):
            return False
        return True

    def folders_now(self, now_ns: int) -> list[list[Any]]:
        """The folders ``quiet`` compares, with their keys now ([] when one of them was
        modified too recently to be compared next time)."""
        root = str(self.project.root)
        locales = self.project.rel(self.project.config.locales_path)
        wanted = {locales} | set(self.memory.folders)
        from l10n.tmx import MEMORY_DIR  # (where l10n align's memories are looked for)

        if os.path.isdir(f"{root}/{locales}/{MEMORY_DIR}"):
            wanted.add(f"{locales}/{MEMORY_DIR}")
        exists: dict[str, bool] = {}
        for art in self.articles:
            record = self.records.get(art.src.slug)
            if record is None:
                continue
            for rel, row in zip(art.files, record["f"], strict=True):
                if row is not None:
                    continue
                folder = rel.rpartition("/")[0]  # the nearest folder there is
                while folder:
                    found = exists.get(folder)
                    if found is None:
                        found = exists[folder] = os.path.isdir(f"{root}/{folder}")
                    if found:
                        break
                    folder = folder.rpartition("/")[0]
                wanted.add(folder)
        folders = []
        for rel in sorted(wanted):
            key = folder_key(f"{root}/{rel}" if rel else root, now_ns)
            if key is None:
                return []
            folders.append([rel, key])
        return folders

    def plan(self) -> set[int]:
        project = self.project
        if not self.arranged:
            self.arrange()
        self.memory = _Memory(project, self.cache.memory_folder, self.articles)
        recorded = self.memory.recorded
        root = str(project.root)
        now_ns = time.time_ns()
        now: dict[str, str | None] = {}
        dirty: set[int] = set()
        efps: dict[str, str | None] = {}
        listing = _Listing(root)
        # Each article's record, when it is one for its configuration and of the shape
        # expected (else None: the article is built again).
        self.valid = [record if _well_formed(record, art) else None
                      for art in self.articles
                      for record in [self.records.get(art.src.slug)]]
        for i, art in enumerate(self.articles):
            record = self.valid[i]
            # Only an article with a record is worth hashing: the others are rebuilt, and
            # their work unit hashes what it reads.
            same, touched = _unchanged(record, art, root, now, now_ns, listing, self.looked)
            self.touched = self.touched or touched
            if not same:
                dirty.add(i)
            if record is not None:
                rows = record["f"]
                for k, (rel, efp) in enumerate(zip(art.catalogs.values(), record["e"],
                                                    strict=True)):
                    recorded[rel] = efp
                    row = rows[2 + k]
                    if row is not None and rel in now and now[rel] == row[0]:
                        efps[rel] = efp
        if project.config.report.enabled:
            self.plan_site(dirty, now_ns)
        for rel in self.memory.paths:
            if rel in now:
                exists = now[rel] is not None
            elif rel in efps:
                exists = True
            else:
                digest = self.cache.files.hash(rel)
                now[rel] = digest
                exists = digest is not None
                row = self.cache.catalogs.get(rel)
                if row is not None:
                    recorded[rel] = row[1]
                    if row[0] == digest:
                        efps[rel] = row[1]
            self.memory.start(rel, exists, efps.get(rel))
        self.memory.hashes = now
        self.now = now
        self.extra = fingerprint([self.cache.code, project.config.source_language,
                                  sorted(self.memory_files.items())])
        self.languages = {a.src.slug: a.src.lang for a in self.articles}
        self.order = [rel for art in self.articles for rel in art.catalogs.values()]
        return dirty

    def plan_site(self, dirty: set[int], now_ns: int) -> None:
        """The review site's pages are kept in the site cache; an article whose page is
        not there as this build's record expects (the cache deleted, damaged, or written
        by a report of other files) is drawn again."""
        from l10n.report import site_folder

        cfg = self.project.config
        self.site_cache = _SiteCache(cfg.root / cfg.translate.cache_dir, self.cache.code,
                                     site_folder(self.project))
        recorded = self.cache.site.get("pages")
        if isinstance(recorded, list) and len(recorded) == 2:
            digest, row = current(str(self.site_cache.path), recorded, now_ns)
            if digest == recorded[0]:  # as this build's cache says it left it
                self.cache.site["pages"] = row  # with a signature now, if it had none
                return
        pages = self.site_cache.pages()
        for i, art in enumerate(self.articles):
            record = self.valid[i]
            if i in dirty or record is None:
                continue
            page = pages.get(art.src.slug)
            if page is None or page.sig != _drawn_from(art, record["f"]):
                dirty.add(i)

    def fingerprints(self, keys: Iterable[str]) -> dict[str, str]:
        """The fingerprint of each memory an article may depend on: ``u:<lang>``, what
        update suggests from for a language; ``t:<source>><target>``, what the memory
        backend answers from for a pair; ``t:*``, all it holds (a catalog whose pair it
        did not serve depends on every pair: its line names those it serves)."""
        memory, found = self.memory, {}
        for key in set(keys):
            if key.startswith("u:"):
                found[key] = memory.update_fp(key[2:], self.order, self.extra)
            elif key == "t:*":
                found[key] = memory.translate_fp(None, self.extra, self.languages,
                                                 self.project.config.source_language)
            else:
                source, _, target = key[2:].partition(">")
                found[key] = memory.translate_fp((source, target), self.extra,
                                                 self.languages,
                                                 self.project.config.source_language)
        return found

    def uses(self, i: int) -> dict[str, str]:
        """The memories article ``i`` depended on at its last build."""
        record = self.valid[i]
        return record["u"] if record is not None else {}  # type: ignore[no-any-return]

    def asked(self, i: int) -> dict[str, Any] | None:
        """What article ``i`` asked of a local backend at its last build, if known."""
        record = self.valid[i]
        text = record.get("q") if record is not None else None
        if not isinstance(text, str):
            return None
        try:
            found = json.loads(text)
        except ValueError:
            return None
        return found if isinstance(found, dict) and isinstance(found.get("texts"), list) \
            else None

    def pair_table(self) -> dict[str, list[Any]]:
        """Which pairs each article's catalogs give (see ``_Memories.pairs``), by the
        fingerprint of the article's language and catalogs: kept in the cache."""
        if self._pair_table is None:
            found = read_checked(self.cache.memory_folder / _PAIRS_FILE, self.cache.code)
            table = found.get("pairs")
            self._pair_table = table if isinstance(table, dict) else {}
            self._pair_table_size = len(self._pair_table)
        return self._pair_table

    def memory_rows(self) -> dict[str, list[Any]]:
        """The signature and checksum of each memory file as last checked, by name."""
        if self._memory_rows is None:
            prefix = self.project.rel(self.cache.memory_folder) + "/"
            self._memory_rows = {rel[len(prefix):]: row
                                 for rel, row in self.cache.files.table.items()
                                 if rel.startswith(prefix) and rel.endswith(".idx")}
        return self._memory_rows

    def memories(self, recorded: bool = False) -> _Memories:
        """The memories as the build sees them now (``recorded``: as the last build left
        them, to tell what changed since)."""
        found = _Memories(self, recorded)
        self.phases.append(found)
        return found

    def replayable(self, keys: Iterable[str], asked: Any) -> bool:
        """Whether a change of these memories can be judged by asking the article's
        questions again: those of a local backend, yes (which pairs it serves, what it
        suggests for each text); the update's memory, no (the article is rebuilt)."""
        return self.local and asked is not None and all(k.startswith("t:") for k in keys)

    def still_answered(self, asked: dict[int, dict[str, Any]], fresh: set[int]) -> set[int]:
        """Of the articles whose questions to the local backend are ``asked``, those that
        get the same answers from the memory as it is now (``fresh``: those asked in this
        build, the others at the last one)."""
        if not asked:
            return set()
        from l10n.translate import BackendContext, create

        project, cfg = self.project, self.project.config
        now = self.memories()
        backend = create(self.backend, BackendContext(
            project.root, cfg.locales_path, cfg.translate.for_backend(self.backend),
            cfg.source_language, self.languages, memory=now))
        replay = _Replay(backend)
        untouched = _Untouched(self, now)
        kept = set()
        try:
            for i, record in asked.items():
                try:
                    if replay.same(record, None if i in fresh else untouched.article(i)):
                        kept.add(i)
                except L10nError:  # built again: the work unit reports it as it does
                    pass
            return kept
        finally:
            close = getattr(backend, "close", None)
            if callable(close):
                close()

    # -- running work units
    def job(self) -> _Job:
        from l10n.publish import settings as compile_settings

        project = self.project
        if self._check_settings is None:
            from l10n.check import Settings

            self._check_settings = Settings.from_config(project)  # reads the glossaries
        return _Job(project, self.articles, self.backend, self.local, self._check_settings,
                    compile_settings(project.config), self.memories(), self.languages)

    def run(self, indices: list[int]) -> dict[int, _Outcome]:
        global _WORKER

        def advance(n: int) -> None:
            self.done += n
            if self.progress is not None:
                self.progress("build", self.done, self.total)

        found: dict[int, _Outcome] = {}
        if not indices:
            return found
        job = self.job()
        if self.jobs > 1 and len(indices) >= MIN_PARALLEL:
            self.prepare(job.memories, indices)
        try:
            for outcome in run_units(job, _init_worker, _run_chunk, indices,
                                     self.jobs, advance):
                found[outcome.index] = outcome
        except BaseException:
            _discard(found)
            raise
        finally:
            if _WORKER is not None:  # the work ran in this process
                _WORKER.close()
                _WORKER = None
        fatal = next((found[i].fatal for i in sorted(found) if found[i].fatal), None)
        if fatal is not None:
            _discard(found)
            raise fatal
        return found

    def prepare(self, memories: _Memories, indices: list[int]) -> None:
        """Make the memories that many work units are about to search here, once, for
        the worker processes to share (and keep them in files if there are none yet, or
        the ones kept no longer serve): those of the pairs the articles translate, and
        update's for the languages of the articles whose source changed."""
        cfg = self.project.config
        names: set[str] = set()
        if self.backend == "memory" and cfg.translate.for_backend("memory").get("memory", True):
            targets = {*cfg.translate.via.values()}
            for i in indices:
                art = self.articles[i]
                for lang in art.catalogs:
                    for source in {art.src.lang, *targets}:
                        names.add(memories.pair_name(source, lang))
        if cfg.update.memory:
            for i in indices:
                art, record = self.articles[i], self.valid[i]
                if record is None or record["f"][0] is None or \
                        self.now.get(art.src.rel, record["f"][0][0]) != record["f"][0][0]:
                    names.update(f"u:{lang}" for lang in art.catalogs)
        names.discard("")
        self.make_memories(memories, sorted(names))
        for name in sorted(names):
            memories.open(name)

    def make_memories(self, memories: _Memories, names: list[str], after: bool = False
                      ) -> None:
        """Make again the files of the memories ``names`` that are stale, each in a
        worker process of its own when there are several (each takes seconds)."""
        todo = [name for name in names if memories.stale(name, after)]
        jobs = min(self.jobs, len(todo))
        for path, sig, crc in run_units((memories, todo, after), _init_maker, _make_chunk,
                                        list(range(len(todo))), jobs, least=2):
            if sig is not None:
                _CHECKED[path] = (sig, crc)

    def read_unknown(self, rels: list[str]) -> None:
        """Read the catalogs whose finished entries the cache does not know (changed
        since, or no cache), so that the memories are known before the update."""
        if not rels:
            return
        job = (self.project, rels)
        for rel, entries in zip(rels, run_units(job, _keep_job, _read_chunk,
                                                list(range(len(rels))), self.jobs),
                                strict=True):
            self.memory.read(rel, entries)
            self.memory.loaded[rel] = entries or []

    def execute(self) -> BuildReport:
        # The plan allocates a few objects per file of the archive and makes no cycles:
        # the collector, run on every burst of them, would scan the whole cache again
        # and again (a quarter of a no-op build). It runs again before any work unit.
        with paused_gc():
            if self.quiet():
                return self.as_left()
            dirty = self.plan()
        self.read_unknown(self.memory.unknown())
        recorded = {key for i in range(len(self.articles)) for key in self.uses(i)}
        guess = self.fingerprints(recorded)
        # Unchanged articles whose open entries see another memory now: rebuilt, unless
        # their questions to a local backend can be asked again once the catalogs are
        # updated (below: most changes of the memory leave most answers as they were).
        for i in range(len(self.articles)):
            if i in dirty:
                continue
            moved = [k for k, fp in self.uses(i).items() if guess.get(k) != fp]
            if moved and not self.replayable(moved, self.asked(i)):
                dirty.add(i)
        self.total = len(dirty)
        if self.progress is not None and dirty:
            self.progress("build", 0, self.total)
        outcomes = self.run(sorted(dirty))
        consulted = {key for outcome in outcomes.values() for key in outcome.uses()}
        guess.update(self.fingerprints(consulted - set(guess)))
        # Work units saw the memories as the catalogs were before the update; now the
        # updated ones are known. Rebuild whoever saw another memory.
        version = self.memory.version
        for outcome in outcomes.values():
            for rel in self.articles[outcome.index].catalogs.values():
                before = outcome.entries_before.get(rel)
                self.memory.updated(rel, None if before is None else before[1],
                                    outcome.entries_after.get(rel))
        # (the same memories, unless an update changed a catalog's finished entries)
        truth = self.fingerprints(recorded | consulted) \
            if outcomes and self.memory.version != version else guess
        again = set()
        replay: dict[int, dict[str, Any]] = {}
        for i, outcome in outcomes.items():
            moved = [k for k in outcome.uses() if guess.get(k) != truth.get(k)]
            if moved:
                if self.replayable(moved, outcome.asked):
                    replay[i] = outcome.asked  # type: ignore[assignment]
                else:
                    again.add(i)
        for i in range(len(self.articles)):
            if i not in outcomes:
                moved = [k for k, fp in self.uses(i).items() if truth.get(k) != fp]
                if moved:
                    asked = self.asked(i)
                    if self.replayable(moved, asked):
                        replay[i] = asked
                    else:
                        again.add(i)
        kept = self.still_answered(replay, set(outcomes))
        again.update(set(replay) - kept)
        for i in kept - set(outcomes):  # valid for the memory as it is now
            record = self.valid[i]
            record["u"] = {k: truth[k] for k in record["u"]}
            self.touched = True
        if again:
            _discard({i: outcomes.pop(i) for i in again if i in outcomes})
            self.total += len(again)
            try:
                outcomes.update(self.run(sorted(again)))
            except BaseException:
                _discard(outcomes)
                raise
            more = {key for i in again for key in outcomes[i].uses()}
            truth.update(self.fingerprints(more - set(truth)))
        self.commit(outcomes)
        if not self.local and outcomes:
            outcomes = self.translate_centrally(outcomes)
        report = BuildReport(articles=len(self.articles), rebuilt=len(outcomes))
        self.report(outcomes, report)
        if self.project.config.report.enabled:
            self.site(outcomes, report)
        self.record(outcomes, truth)
        return report

    def as_left(self) -> BuildReport:
        """The report of a build that found the project as the last one left it."""
        report = BuildReport(articles=len(self.articles), rebuilt=0)
        self.report({}, report)
        if self.project.config.report.enabled:
            self.site({}, report)
        return report

    def site(self, outcomes: dict[int, _Outcome], report: BuildReport) -> None:
        """The parts of the review site that show every article (its index), made from
        every article's summary, when an article's page or the index changed."""
        from l10n.report import finish_site, site_folder
        from l10n.report.views import from_data

        project = self.project
        folder = site_folder(project)
        index = project.rel(folder / "index.html")
        recorded = self.cache.site
        self.site_index = index
        slugs = [a.src.slug for a in self.articles]
        if not outcomes and recorded.get("slugs") == slugs and \
                recorded.get("index") is not None and \
                self.cache.files.hash(index) == recorded["index"]:
            return
        assert self.site_cache is not None
        pages = self.site_cache.pages()
        summaries = []
        for i, art in enumerate(self.articles):
            summary = outcomes[i].summary if i in outcomes else pages[art.src.slug].summary
            if summary is not None:
                summaries.append(from_data(json.loads(summary)))
        done = finish_site(project, folder, summaries, report.check)
        report.lines.append(f"{project.rel(done.index)}: review site of {done.articles} "
                            "articles")
        report.written += [p for p in done.written if p not in report.written]
        self.cache.site = {**recorded, "index": self.cache.files.hash(index), "slugs": slugs}

    def translate_centrally(self, outcomes: dict[int, _Outcome]) -> dict[int, _Outcome]:
        """A translation service is asked once for all the rebuilt articles (each distinct
        text once, in batches, its answers cached); the articles whose catalogs received
        suggestions then go through their checks and compile again."""
        from l10n.project import DirectSink
        from l10n.translate.driver import translate_project

        project = self.project
        catalogs = [(art.src, lang, project.root / rel)
                    for i in sorted(outcomes) for art in [self.articles[i]]
                    for lang, rel in art.catalogs.items() if (project.root / rel).exists()]
        with project.writing_to(DirectSink(project)):
            self.translated = translate_project(project, backend=self.backend,
                                                catalogs=catalogs, progress=self.progress)
        changed = {project.rel(p) for p in self.translated.written}
        again = sorted(i for i in outcomes
                       if set(self.articles[i].catalogs.values()) & changed)
        if again:
            self.total += len(again)
            more = self.run(again)
            self.commit(more)
            for i, outcome in more.items():
                first = outcomes[i]
                outcome.lines["update"] = first.lines.get("update", [])
                outcome.update_stats = first.update_stats
                mine = {project.root / rel for rel in self.articles[i].catalogs.values()}
                outcome.written = list(dict.fromkeys(
                    [*first.written, *[p for p in self.translated.written if p in mine],
                     *outcome.written]))
                outcomes[i] = outcome
        return outcomes

    def commit(self, outcomes: dict[int, _Outcome]) -> None:
        """Rename every staged output over its target, article by article."""
        from l10n.project import remove_output

        project = self.project
        try:
            for i in sorted(outcomes):
                outcome = outcomes[i]
                while outcome.staged:
                    staged = outcome.staged[0]
                    try:
                        staged.commit()
                    except L10nError as exc:
                        raise L10nError(exc.message, project.rel(staged.path)) from None
                    outcome.staged.pop(0)
                for path in outcome.removed:
                    remove_output(path, project.rel(path))
                outcome.removed = []
        except BaseException:
            _discard(outcomes)
            raise

    # -- recording and reporting
    def record(self, outcomes: dict[int, _Outcome], truth: dict[str, str]) -> None:
        project = self.project
        cache = self.cache
        records = self.records
        root = str(project.root)
        now_ns = time.time_ns()
        drawn: dict[str, _Page] = {}  # the review site's pages drawn by this build
        for i, outcome in sorted(outcomes.items()):
            art = self.articles[i]
            rows: list[Any] = []
            for rel in art.files:
                if rel in outcome.made:  # written by this build: ours if it is as made
                    digest = outcome.hashes[rel]
                    sig = observe(Path(root, rel))
                    mine = sig is not None and (sig[2], sig[1], sig[0]) == outcome.made[rel]
                    rows.append(row_for(sig if mine else None, digest, now_ns))
                elif rel in outcome.hashes:  # read (or found as made) by the work unit
                    rows.append(row_for(outcome.seen.get(rel), outcome.hashes[rel], now_ns))
                else:  # not touched by the work unit: absent, or as it was
                    rows.append(current(f"{root}/{rel}", None, now_ns)[1])
            efps: list[str | None] = []
            for rel, row in zip(art.catalogs.values(), rows[2:], strict=False):
                entries = outcome.entries_after.get(rel)
                if row is None or not outcome.readable(rel) or entries is None:
                    efps.append(None)
                    continue
                efps.append(_efp(entries))
                if entries:
                    self.memory.store.put(entries)
            if outcome.errors or not outcome.ok:
                records.pop(art.src.slug, None)  # rebuilt next time, until it is clean
                drawn.pop(art.src.slug, None)
                continue
            check = json.dumps(_check_row(outcome.check, art), separators=(",", ":"))
            if self.site_cache is not None and outcome.summary is not None:
                drawn[art.src.slug] = _Page(outcome.summary, check, _drawn_from(art, rows),
                                            rows[:len(art.catalogs) + 2], rows[-1])
            records[art.src.slug] = {
                "c": art.config, "f": rows, "e": efps,
                "u": {key: truth[key] for key in sorted(outcome.uses_translate)},
                "s": [[lang, None if s is None else list(s.counts())]
                      for lang, s in outcome.stats],
                # The check's findings and the site's summary are kept as JSON text,
                # decoded only when asked for (a no-op build only counts the findings).
                "k": check,
                "n": [outcome.check.count(ERROR), outcome.check.count(WARNING)],
                "q": None if outcome.asked is None else
                json.dumps(outcome.asked, separators=(",", ":"), ensure_ascii=False)}
        # Catalogs that belong to no article, read for the memory alone.
        mine = set(self.order)
        stray = {}
        for rel in self.memory.paths:
            if rel in mine or not self.memory.present.get(rel):
                continue
            digest = self.now.get(rel)
            if digest is None:
                continue
            if rel in self.memory.loaded:
                entries = self.memory.loaded[rel]
                stray[rel] = [digest, _efp(entries)]
                if entries:
                    self.memory.store.put(entries)
            elif cache.catalogs.get(rel, [None])[0] == digest:
                stray[rel] = cache.catalogs[rel]
        slugs = {a.src.slug for a in self.articles}
        gone = set(records) - slugs
        for slug in gone:
            del records[slug]
        if self.site_cache is not None and (outcomes or gone or self.site_cache.loaded):
            pages = {**self.site_cache.pages(), **drawn}
            for i, art in enumerate(self.articles):
                if i in outcomes and art.src.slug not in drawn:
                    pages.pop(art.src.slug, None)
            self.site_cache.save({slug: pages[slug] for slug in sorted(pages) if slug in slugs})
            self.cache.site["pages"] = self.site_cache.row(self.cache.site.get("pages"))
        folders = self.folders_now(time.time_ns())
        changed = bool(outcomes) or bool(gone) or stray != cache.catalogs or \
            self.touched or cache.site != self.site_before or folders != cache.folders
        cache.folders = folders
        if outcomes or gone or stray != cache.catalogs:
            self.memory.store.keep_only(
                {efp for record in records.values() for efp in record["e"] if efp} |
                {row[1] for row in stray.values() if row[1]})
        cache.catalogs = stray
        self.save_memories(outcomes)
        # The memory files checked or written: read next time without checking again.
        folder = str(cache.memory_folder)
        for path, (sig, crc) in _CHECKED.items():
            if path.startswith(folder + os.sep) and observe(Path(path)) == sig:
                cache.files.remember(project.rel(Path(path)), sig, crc,  # type: ignore[arg-type]
                                     time.time_ns())
        prefix = project.rel(cache.memory_folder) + "/"
        cache.files.keep_only({*self.memory_files, *self.check_files,
                               *([self.site_index] if self.site_index else []),
                               *(rel for rel in cache.files.table if rel.startswith(prefix)
                                 and os.path.exists(f"{root}/{rel}"))})
        cache.save(changed)

    def memory_names(self, outcomes: dict[int, _Outcome], memories: _Memories) -> set[str]:
        """The memories this build searched (in this process or in the work units)."""
        names = {name for phase in self.phases for name in phase.used}
        for outcome in outcomes.values():
            names.update(f"u:{lang}" for lang in outcome.uses_update)
            asked = outcome.asked or {}
            for source, target, _, _ in asked.get("texts", ()):
                names.add(memories.pair_name(source, target))
        names.discard("")
        return names

    def save_memories(self, outcomes: dict[int, _Outcome]) -> None:
        """Keep each memory searched in this build (and each kept before), as the next
        build will see it, in a file, unless the one kept still serves (what changed
        since is a small part)."""
        if not self.phases and not outcomes:
            return
        from l10n.memstore import Stored

        final = _Memories(self)
        names = self.memory_names(outcomes, final)
        # (and those kept from earlier builds, which a big change may have made stale)
        for path in final.folder.glob("*.idx"):
            name = Stored.name_in(path)
            if name is not None and _memory_file(final.folder, name) == path:
                names.add(name)
        self.make_memories(final, sorted(names), after=True)
        table = self._pair_table
        if table is not None and (len(table) != self._pair_table_size or
                                  len(table) > 2 * len(final.slugs()) + 100):
            used = final.pair_fps()
            write_checked(final.folder / _PAIRS_FILE, final.code,
                          {"pairs": {fp: keys for fp, keys in table.items() if fp in used}})

    def report(self, outcomes: dict[int, _Outcome], report: BuildReport) -> None:
        records = self.records
        unchanged = len(self.articles) - len(outcomes)
        if unchanged:
            report.lines.append(f"{unchanged} of {len(self.articles)} articles unchanged "
                                "since the last build")
        ordered = [outcomes[i] for i in sorted(outcomes)]
        for outcome in ordered:
            report.lines += outcome.lines.get("extract", [])
        for outcome in ordered:
            report.lines += outcome.lines.get("update", [])
        if self.local and ordered:
            from l10n.translate.driver import RunStats, summary_lines

            totals = RunStats()
            for outcome in ordered:
                report.lines += outcome.lines.get("translate", [])
                _add_stats(totals, outcome.run_stats)
            report.lines += summary_lines(self.backend, totals)
        elif self.translated is not None:
            report.lines += self.translated.lines
            report.errors += self.translated.errors
            report.ok = report.ok and self.translated.ok
        # The checks: the findings on rebuilt articles; those on unchanged ones counted.
        errors = warnings = 0
        for i in sorted(outcomes):
            report.lines += outcomes[i].check.lines
        for i, art in enumerate(self.articles):
            if i not in outcomes:
                found = records[art.src.slug]["n"]
                errors += found[0]
                warnings += found[1]
        if errors or warnings:
            report.lines.append(
                f"{_n(errors, 'error')} and {_n(warnings, 'warning')} in the {unchanged} "
                f"unchanged articles, as the last build found them ('l10n check' lists "
                f"them)")
        report.ok = report.ok and not errors and \
            all(outcome.check.ok for outcome in ordered)
        articles = self.articles
        parts = {i: outcome.check for i, outcome in outcomes.items()}
        recorded = {i: records[art.src.slug]["k"] for i, art in enumerate(articles)
                    if i not in outcomes}

        def replay() -> CheckResult:
            result = CheckResult()
            for i, art in enumerate(articles):
                part = parts[i] if i in parts else \
                    _check_from_row(json.loads(recorded[i]), art)
                result.catalogs += part.catalogs
                result.problems += part.problems
                result.checked_files += part.checked_files
            return result

        report._replay = replay
        report.rebuilt_slugs = [self.articles[i].src.slug for i in sorted(outcomes)]
        if ordered:
            from l10n.publish import preview_lines, settings

            report.lines += preview_lines(settings(self.project.config))
        for outcome in ordered:
            report.lines += outcome.lines.get("compile", [])
        written: set[Path] = set()
        seen_errors: set[str] = {str(e) for e in report.errors}
        for i, art in enumerate(self.articles):
            unreadable: list[str] = []
            if i in outcomes:
                outcome = outcomes[i]
                report.written += [p for p in outcome.written if p not in written]
                written.update(outcome.written)
                for error in outcome.errors:
                    if str(error) not in seen_errors:
                        seen_errors.add(str(error))
                        report.errors.append(error)
                report.stats += outcome.update_stats
                report.ok = report.ok and outcome.ok
                rows: list[tuple[str, Stats | None]] = list(outcome.stats)
                unreadable = [lang for lang, rel in art.catalogs.items()
                              if not outcome.readable(rel)]
            else:
                rows = [(lang, None if s is None else Stats(*s))
                        for lang, s in records[art.src.slug]["s"]]
            for lang, s in rows:
                if s is None:
                    report.status.missing.append((art.src.slug, lang, art.catalogs[lang]))
                else:
                    report.status.stats.append((art.src.slug, lang, s))
            for lang in unreadable:
                report.status.unreadable.append((art.src.slug, lang, art.catalogs[lang]))
        report.status.errors = list(report.errors)


def _discard(outcomes: dict[int, _Outcome]) -> None:
    for outcome in outcomes.values():
        for staged in outcome.staged:
            staged.discard()
        outcome.staged = []


def _add_stats(totals: RunStats, st: RunStats | None) -> None:
    if st is None:
        return
    for name in ("distinct", "cached", "sent", "batches", "failed_batches", "failed_texts",
                 "discarded", "no_suggestion"):
        setattr(totals, name, getattr(totals, name) + getattr(st, name))
    totals.errors += st.errors


# What a work function of the simpler pools (reading, checking, drawing pages) needs,
# kept once per process by ``_keep_job`` (a fork inherits it; another start method is
# handed it by the pool's initializer).
_JOB: tuple[Any, ...] | None = None


def _keep_job(job: tuple[Any, ...]) -> None:
    global _JOB
    _JOB = job


def _read_chunk(indices: list[int]) -> list[list[Entry] | None]:
    assert _JOB is not None
    project, rels = _JOB
    found: list[list[Entry] | None] = []
    for i in indices:
        try:
            found.append(entries_of(project.read_catalog(project.root / rels[i])))
        except CatalogError:
            found.append(None)
    return found


def _check_row(result: CheckResult, art: _Article) -> dict[str, Any]:
    """A check result for the cache, its paths as positions in the article's files."""
    where = {rel: k for k, rel in enumerate(art.files)}
    return {"files": [where.get(f, f) for f in result.checked_files],
            "catalogs": [[c.language, list(c.stats.counts()), c.required, c.stale,
                          c.readable] for c in result.catalogs],
            "problems": [[where.get(p.path, p.path), p.line, p.check, p.severity, p.message]
                         for p in result.problems]}


def _check_from_row(row: dict[str, Any], art: _Article) -> CheckResult:
    files = art.files

    def path(value: int | str) -> str:
        return files[value] if isinstance(value, int) else value

    return CheckResult(
        catalogs=[CatalogResult(art.catalogs[c[0]], art.src.slug, c[0], Stats(*c[1]), c[2],
                                c[3], c[4]) for c in row["catalogs"]],
        problems=[Problem(path(p[0]), p[1], p[2], p[3], p[4]) for p in row["problems"]],
        checked_files=[path(f) for f in row["files"]])


def build(project: Project, backend: str | None = None, *, jobs: int | None = None,
          progress: Progress | None = None, incremental: bool = True) -> BuildReport:
    """Run the whole chain on every article that needs it (see the module docstring):
    extract, update, translate (with ``backend``, by default the configured one), check
    and compile. ``jobs``: worker processes (default: the configuration's ``jobs``, else
    one per core); ``progress("build", done, total)`` is called as articles finish;
    ``incremental=False`` ignores the cache (the files are the same)."""
    cache = project.config.root / project.config.translate.cache_dir / STATE_FILE
    # Without a cache, look for the temporary files of a writer that was killed.
    with project.writing(sweep=not incremental or not cache.exists()):
        return _Build(project, backend, jobs_for(project, jobs), progress,
                      incremental).execute()


def _as_built(project: Project, sources: list[Source]) -> tuple[BuildCache, list[_Article]]:
    """The last build's cache and the plan of every article as a build would make it now
    (for the steps that read what the build recorded: check and the review site)."""
    cfg = project.config
    cache = BuildCache.load(cfg.root / cfg.translate.cache_dir, cfg.root, code_fingerprint())
    _, check_files = _outside_files(project)
    for rel in check_files:
        check_files[rel] = cache.files.hash(rel)
    return cache, _plan(project, sources, cache.code, cfg.translate.backend, check_files)


def check(project: Project, languages: Iterable[str] | None = None, *,
          jobs: int | None = None, progress: Progress | None = None) -> CheckResult:
    """The CI gate over every article (``l10n check``): the results of the last build
    for articles whose files and configuration are as it left them, a fresh check of
    the others in ``jobs`` processes. Reads only; writes nothing."""
    from l10n.check import Settings, languages_wanted

    wanted = languages_wanted(project, languages)
    sources = project.sources()
    with paused_gc():  # the cache and the plan: many small objects, no cycles
        cache, articles = _as_built(project, sources)
        parts: dict[int, CheckResult] = {}
        todo: list[int] = []
        root = str(project.root)
        now_ns = time.time_ns()
        for i, art in enumerate(articles):
            record = cache.articles.get(art.src.slug)
            if not _well_formed(record, art):
                record = None
            if record is not None and _unchanged(record, art, root, {}, now_ns)[0]:
                parts[i] = _only(_check_from_row(json.loads(record["k"]), art), wanted, art)
            else:
                todo.append(i)
    settings = Settings.from_config(project) if todo else None
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        if progress is not None:
            progress("check", done[0], len(todo))

    job = (project, sources, settings, wanted)
    for i, part in zip(todo, run_units(job, _keep_job, _check_chunk, todo,
                                       jobs_for(project, jobs), advance), strict=True):
        if isinstance(part, L10nError):
            raise part
        parts[i] = part
    result = CheckResult()
    for i in range(len(articles)):
        result.catalogs += parts[i].catalogs
        result.problems += parts[i].problems
        result.checked_files += parts[i].checked_files
    return result


def _only(result: CheckResult, wanted: set[str], art: _Article) -> CheckResult:
    """A recorded check result restricted to the ``wanted`` languages (empty: all)."""
    if not wanted:
        return result
    keep = {art.pot} | {rel for lang, rel in art.catalogs.items() if lang in wanted}
    return CheckResult(catalogs=[c for c in result.catalogs if c.language in wanted],
                       problems=[p for p in result.problems if p.path in keep],
                       checked_files=[f for f in result.checked_files if f in keep])


def _check_chunk(indices: list[int]) -> list[CheckResult | L10nError]:
    from l10n.check import check_article

    assert _JOB is not None
    project, sources, settings, wanted = _JOB
    found: list[CheckResult | L10nError] = []
    for i in indices:
        try:
            found.append(check_article(project, settings, sources[i], wanted).result)
        except L10nError as exc:
            found.append(exc)
    return found


# ---------------------------------------------------------------------- the review site

def report(project: Project, output: Path | None = None, *, jobs: int | None = None,
           progress: Progress | None = None) -> Site:
    """Write the review site (``l10n report``) to ``output`` (default ``<dist>/report``).

    An article's page depends only on its source, template and catalogs (and the
    configuration), so the site is incremental like a build. The site cache holds, per
    output folder, each page as drawn with the content hashes of those files: an article
    whose files are still those keeps its page (a build with ``[report] enabled`` draws
    into the same cache). The other articles are drawn in ``jobs`` worker processes,
    with the check results of the last build when their files are as it left them,
    checked afresh otherwise. The files are the same whatever the caches and the number
    of workers."""
    from l10n.report import finish_site, site_folder
    from l10n.report.views import from_data

    cfg = project.config
    out = Path(output) if output is not None else site_folder(project)
    with project.locked():
        sources = project.sources()
        with paused_gc():  # the caches and the plan: many small objects, no cycles
            cache, articles = _as_built(project, sources)
            site_cache = _SiteCache(cfg.root / cfg.translate.cache_dir, cache.code, out)
            pages = site_cache.pages()
            kept: dict[int, _Page] = {}
            todo: list[int] = []
            replay: dict[int, str] = {}
            drawn_from: dict[int, tuple[str, list[Any]]] = {}
            root = str(project.root)
            now_ns = time.time_ns()
            for i, art in enumerate(articles):
                slug = art.src.slug
                record = cache.articles.get(slug)
                page = pages.get(slug)
                if _well_formed(record, art) and _unchanged(record, art, root, {}, now_ns)[0]:
                    assert record is not None
                    replay[i] = record["k"]  # as the last build left it: its check holds
                    rows = record["f"][:len(art.catalogs) + 2]
                else:
                    recorded = page.rows if page is not None else []
                    rows = [current(f"{root}/{rel}", recorded[k] if k < len(recorded)
                                    else None, now_ns)[1]
                            for k, rel in enumerate(art.files[:len(art.catalogs) + 2])]
                sig = _drawn_from(art, rows)
                if page is not None and page.sig == sig:
                    digest, row = current(str(page_path_of(out, slug)), page.page, now_ns)
                    if page.page is not None and digest == page.page[0]:
                        kept[i] = _Page(page.summary, page.check, sig, rows, row)
                        continue
                todo.append(i)
                drawn_from[i] = (sig, rows)
        settings = None
        if any(i not in replay for i in todo):
            from l10n.check import Settings

            settings = Settings.from_config(project)
        done = [0]

        def advance(n: int) -> None:
            done[0] += n
            if progress is not None:
                progress("report", done[0], len(todo))

        job = (project, articles, settings, replay, out)
        for i, made in zip(todo, run_units(job, _keep_job, _report_chunk, todo,
                                           jobs_for(project, jobs), advance), strict=True):
            if isinstance(made, L10nError):
                raise made
            made.sig, made.rows = drawn_from[i]
            kept[i] = made
        summaries = []
        check = CheckResult()
        drawn: list[Path] = []
        for i, art in enumerate(articles):
            page = kept[i]
            summaries.append(from_data(json.loads(page.summary)))
            part = _check_from_row(json.loads(page.check), art)
            check.catalogs += part.catalogs
            check.problems += part.problems
            check.checked_files += part.checked_files
            if page.written:
                drawn.append(page_path_of(out, art.src.slug))
        site = finish_site(project, out, summaries, check)
        site.written[:0] = drawn
        site.unchanged += len(articles) - len(drawn)
        site_cache.save({art.src.slug: kept[i] for i, art in enumerate(articles)})
        return site


@dataclass
class _Page:
    """An article's page as the site cache keeps it: its summary for the index and its
    check results (JSON text), the fingerprint of the files it was drawn from (see
    ``_drawn_from``) and their rows, the row of the page file, and whether this run
    wrote it."""

    summary: str
    check: str
    sig: str = ""
    rows: list[Any] = field(default_factory=list)
    page: list[Any] | None = None
    written: bool = False


def _drawn_from(art: _Article, rows: list[Any]) -> str:
    """What an article's page depends on: the configuration and the code (``config``),
    the content of its source, template and catalogs (the first rows of its files)."""
    return fingerprint([art.config, [row and row[0] for row in rows[:len(art.catalogs) + 2]]])


class _SiteCache:
    """The pages of one review-site folder as last drawn, by slug, in ``.l10n-cache/``
    (one file per folder, so that a report written elsewhere leaves the build's alone).
    A file that is damaged, of other code or of a surprising shape is not trusted."""

    def __init__(self, folder: Path, code: str, out: Path):
        self.where = str(out.resolve())
        self.path = folder / f"site-{fingerprint(self.where)[:12]}.cache"
        self.code = code
        self.loaded = False
        self._stored: dict[str, Any] = {}
        self._pages: dict[str, _Page] = {}

    def pages(self) -> dict[str, _Page]:
        if self.loaded:
            return self._pages
        self.loaded = True
        data = self._stored = read_checked(self.path, self.code)
        if data.get("output") != self.where or not isinstance(data.get("pages"), dict):
            return self._pages
        for slug, row in data["pages"].items():
            try:
                summary, check, sig, rows, page = row
            except (TypeError, ValueError):
                continue
            if isinstance(summary, str) and isinstance(check, str) and \
                    isinstance(sig, str) and isinstance(rows, list) and all(
                        r is None or isinstance(r, list) and len(r) == 2 for r in rows) \
                    and (page is None or isinstance(page, list) and len(page) == 2):
                self._pages[slug] = _Page(summary, check, sig, rows, page)
        return self._pages

    def save(self, pages: dict[str, _Page]) -> None:
        """Keep ``pages`` (when they differ from what the file holds)."""
        payload = {"output": self.where, "pages": {
            slug: [p.summary, p.check, p.sig, p.rows, p.page] for slug, p in pages.items()}}
        if payload != self._stored or not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_checked(self.path, self.code, payload)
            self._stored = payload
        self._pages = dict(pages)

    def row(self, recorded: Any) -> list[Any] | None:
        """The file's content hash and stat signature now (read only when its signature
        is not the ``recorded`` one)."""
        known = recorded if isinstance(recorded, list) and len(recorded) == 2 else None
        return current(str(self.path), known, time.time_ns())[1]


def page_path_of(out: Path, slug: str) -> Path:
    from l10n.report import page_path

    return page_path(out, slug)


def _report_chunk(indices: list[int]) -> list[_Page | L10nError]:
    """Check (or replay the check of) each article, draw its page and write it."""
    from l10n import pofile, publish
    from l10n.check import ArticleCheck, check_article
    from l10n.errors import CatalogError
    from l10n.fsutil import write_if_changed
    from l10n.report import article_page
    from l10n.report.views import to_data

    assert _JOB is not None
    project, articles, settings, replay, out = _JOB
    opts = publish.settings(project.config)
    made: list[_Page | L10nError] = []
    for i in indices:
        art = articles[i]
        try:
            if i in replay:
                item = ArticleCheck(art.src, _check_from_row(json.loads(replay[i]), art),
                                    project.parse(art.src))
                for lang, rel in art.catalogs.items():
                    try:
                        item.catalogs[lang] = pofile.read_relative(project.root / rel, rel)
                    except (FileNotFoundError, CatalogError):
                        continue  # missing or unreadable: the replayed check says so
            else:
                item = check_article(project, settings, art.src, set())
            path, page, view = article_page(project, item, out, opts)
        except L10nError as exc:
            made.append(exc)
            continue
        data = page.encode("utf-8")
        written = write_if_changed(path, data, durable=False)
        sig = observe(path)
        made.append(_Page(json.dumps(to_data(view), separators=(",", ":")),
                          json.dumps(_check_row(item.result, art), separators=(",", ":")),
                          page=row_for(sig, content_hash(data), time.time_ns()),
                          written=written))
    return made


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
