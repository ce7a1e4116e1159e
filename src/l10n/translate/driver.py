"""The driver shared by all backends: fill untranslated entries with fuzzy suggestions.

It never touches a translated entry. Fuzzy machine suggestions are replaced only with
``refresh``; a fuzzy entry that a human left (or that msgmerge kept) is never replaced.
Identical texts of all catalogs in a run are asked for once, in batches, with a bounded
number of batches in flight. Results go to the project's cache as each batch finishes,
and catalogs are written every few seconds and at any stop, so a run stopped half-way
keeps what it did and the next run continues where it stopped.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from l10n import config
from l10n.errors import CatalogError, L10nError
from l10n.languages import is_known
from l10n.model import Catalog, Message
from l10n.notes import is_machine_note, is_machine_output, machine_note
from l10n.results import Progress, Report
from l10n.translate import (
    Backend,
    BackendContext,
    BackendError,
    BatchError,
    Pairs,
    ServiceUnavailable,
    Translation,
    create,
    option,
    served_pairs,
)
from l10n.translate.cache import Key, SuggestionCache
from l10n.translate.protect import mask, restore

if TYPE_CHECKING:
    from l10n.project import Project, Source
    from l10n.translate import CatalogEntries

SAVE_EVERY = 2.0  # seconds between catalog writes during a run
# Settings that never change what a backend answers, so they stay out of the cache key.
NOT_OUTPUT_AFFECTING = config.NOT_OUTPUT_AFFECTING


def wants_translation(msg: Message, refresh: bool = False) -> bool:
    """An empty entry; with ``refresh``, also a machine suggestion nobody touched (judged
    from its text: see ``l10n.notes``). Any text a person may have written is kept."""
    if msg.obsolete or msg.msgid_plural is not None or not msg.msgid:
        return False
    if not msg.has_translation:
        return True
    return refresh and is_machine_output(msg)


def apply(msg: Message, suggestion: Translation, backend: str, source: str,
          target: str) -> None:
    """Write a suggestion into an entry as fuzzy machine output with its provenance and
    the digest of the text written."""
    msg.msgstr = suggestion.text
    msg.fuzzy = True
    provenance = f"{backend} ({source}→{target})"
    if suggestion.note:
        provenance += f", {suggestion.note}"
    msg.translator_comments = [c for c in msg.translator_comments
                               if not is_machine_note(c)] + [machine_note(provenance,
                                                                          suggestion.text)]


@dataclass
class Job:
    """One entry to fill: its catalog, its msgctxt/msgid, and the text to translate."""

    catalog_id: int
    entry: tuple[str | None, str]
    key: Key


class OpenCatalogs:
    """The catalogs a run fills, written atomically; edits made meanwhile are kept.

    A translator may save a catalog in an editor while a long run goes on. Before each
    write the file is compared with what was read; if it changed, it is read again and the
    run's suggestions are put into the new copy, only where an entry still wants one.
    """

    def __init__(self, project: Project, report: Report, refresh: bool):
        self.project = project
        self.report = report
        self.refresh = refresh
        self.paths: list[Path] = []
        self.catalogs: list[Catalog] = []
        self._entries: list[dict[tuple[str | None, str], Message]] = []
        self._seen: list[tuple[int, int] | None] = []
        self._applied: list[dict[tuple[str | None, str], tuple[Translation, str, str]]] = []
        self.dirty: set[int] = set()

    def open(self, path: Path) -> int:
        catalog = self.read(path)
        self.paths.append(path)
        self.catalogs.append(catalog)
        self._entries.append(catalog.index())
        self._seen.append(_stamp(path))
        self._applied.append({})
        return len(self.paths) - 1

    def apply(self, cid: int, entry: tuple[str | None, str], tr: Translation, backend: str,
              source: str, target: str) -> bool:
        msg = self._entries[cid].get(entry)
        if msg is None or not wants_translation(msg, self.refresh) and \
                entry not in self._applied[cid]:
            return False
        apply(msg, tr, backend, source, target)
        self._applied[cid][entry] = (tr, source, target)
        self.dirty.add(cid)
        return True

    def read(self, path: Path) -> Catalog:
        return self.project.read_catalog(path)

    def save(self, backend: str) -> None:
        for cid in sorted(self.dirty):
            path = self.paths[cid]
            if _stamp(path) != self._seen[cid]:
                self._reload(cid, backend)
            self.project.write_catalog(path, self.catalogs[cid], self.report)
            self._seen[cid] = _stamp(path)
        self.dirty.clear()

    def _reload(self, cid: int, backend: str) -> None:
        catalog = self.project.read_catalog(self.paths[cid])
        entries = catalog.index()
        for entry, (tr, source, target) in self._applied[cid].items():
            msg = entries.get(entry)
            if msg is not None and wants_translation(msg, self.refresh):
                apply(msg, tr, backend, source, target)
        self.catalogs[cid] = catalog
        self._entries[cid] = entries


class HeldCatalogs(OpenCatalogs):
    """Catalogs a caller holds in memory (the pipeline, between the update and the
    checks of one article): filled in place, never read or written here. ``changed``
    collects the paths of the catalogs that received a suggestion."""

    def __init__(self, project: Project, report: Report, refresh: bool,
                 held: Mapping[Path, Catalog | CatalogError]):
        super().__init__(project, report, refresh)
        self.held = held
        self.changed: set[Path] = set()

    def read(self, path: Path) -> Catalog:
        found = self.held[path]
        if isinstance(found, CatalogError):
            raise found
        return found

    def save(self, backend: str) -> None:
        self.changed.update(self.paths[cid] for cid in self.dirty)
        self.dirty.clear()


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


@dataclass
class RunStats:
    distinct: int = 0  # distinct (pair, text) in the run
    cached: int = 0  # answered from the cache
    sent: int = 0  # texts handed to the backend
    batches: int = 0
    failed_batches: int = 0
    failed_texts: int = 0
    discarded: int = 0  # suggestions whose protected tokens did not come back
    no_suggestion: int = 0
    errors: list[str] = field(default_factory=list)


class Suggester:
    """Asks a backend for suggestions with batching, concurrency, protection and a cache."""

    def __init__(self, backend: Backend, cache: SuggestionCache | None = None, *,
                 batch_size: int | None = None, concurrency: int | None = None,
                 refresh: bool = False):
        self.backend = backend
        self.cache = cache
        self.batch_size = max(1, int(batch_size or option(backend, "batch_size")))
        self.concurrency = max(1, int(concurrency or option(backend, "concurrency")))
        self.refresh = refresh
        self.protect = bool(option(backend, "protect"))
        self.token_format = str(option(backend, "token_format"))
        self.stats = RunStats()
        self._lock = threading.Lock()

    def _batch(self, keys: Sequence[Key]) -> list[Translation | None]:
        source, target = keys[0][0], keys[0][1]
        texts = [k[2] for k in keys]
        masks = [mask(t, self.token_format) for t in texts] if self.protect else None
        sent = [m.text for m in masks] if masks else texts
        answers = self.backend.translate(sent, source, target)
        if not isinstance(answers, list) or len(answers) != len(texts):
            raise BatchError(f"{len(texts)} texts sent, "
                             f"{len(answers) if isinstance(answers, list) else 'no'} answers")
        if masks is None:
            return answers
        out: list[Translation | None] = []
        for m, answer in zip(masks, answers, strict=True):
            if answer is None:
                out.append(None)
                continue
            text = restore(m, answer.text)
            if text is None:
                with self._lock:  # batches finish in several threads
                    self.stats.discarded += 1
                out.append(None)
            else:
                out.append(Translation(text, answer.score, answer.note))
        return out

    def run(self, keys: Iterable[Key],
            on_result: Callable[[list[tuple[Key, Translation | None]]], None],
            on_progress: Callable[[int], None] | None = None) -> None:
        """Resolve every key, calling ``on_result`` from this thread as answers arrive.

        A BackendError stops the run: batches not started are cancelled and the error is
        raised after ``on_result`` has seen everything that finished.
        """
        unique = list(dict.fromkeys(keys))
        self.stats.distinct += len(unique)
        todo: list[Key] = []
        hits: list[tuple[Key, Translation | None]] = []
        for key in unique:
            if self.cache is not None and not self.refresh and key in self.cache:
                hits.append((key, self.cache.get(key)))
            else:
                todo.append(key)
        self.stats.cached += len(hits)
        if hits:
            on_result(hits)
        by_pair: dict[tuple[str, str], list[Key]] = defaultdict(list)
        for key in todo:
            by_pair[key[0], key[1]].append(key)
        batches = [group[i:i + self.batch_size] for group in by_pair.values()
                   for i in range(0, len(group), self.batch_size)]
        if not batches:
            return
        fatal: BackendError | None = None
        import concurrent.futures as cf  # only to ask a service

        pool = cf.ThreadPoolExecutor(max_workers=min(self.concurrency, len(batches)),
                                     thread_name_prefix="l10n-translate")
        try:
            queue = iter(batches)
            running: dict[cf.Future[list[Translation | None]], list[Key]] = {}

            def top_up() -> None:
                while fatal is None and len(running) < self.concurrency:
                    batch = next(queue, None)
                    if batch is None:
                        return
                    running[pool.submit(self._batch, batch)] = batch

            top_up()
            while running:
                done, _ = cf.wait(running, timeout=0.5, return_when=cf.FIRST_COMPLETED)
                for future in done:
                    batch = running.pop(future)
                    self.stats.batches += 1
                    self.stats.sent += len(batch)
                    try:
                        answers = future.result()
                    except BatchError as exc:
                        self.stats.failed_batches += 1
                        self.stats.failed_texts += len(batch)
                        self.stats.errors.append(str(exc))
                    except BackendError as exc:
                        fatal = fatal or exc
                    else:
                        pairs = list(zip(batch, answers, strict=True))
                        self.stats.no_suggestion += sum(a is None for a in answers)
                        if self.cache is not None:
                            self.cache.put_many(pairs)
                        on_result(pairs)
                    if on_progress is not None:
                        on_progress(len(batch))
                top_up()
        except BaseException:
            # Ctrl-C or a crash: drop what has not started and do not wait for requests in
            # flight; the caller saves what has arrived.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True, cancel_futures=True)
        if fatal is not None:
            raise fatal


def fill(catalog: Catalog, backend: Backend, source: str, target: str,
         refresh: bool = False) -> tuple[int, int]:
    """Fill one catalog in memory (no cache, no pivot); returns (filled, candidates)."""
    todo = [m for m in catalog.messages if wants_translation(m, refresh)]
    filled = 0

    def take(results: list[tuple[Key, Translation | None]]) -> None:
        nonlocal filled
        found = {key[2]: tr for key, tr in results}
        for msg in todo:
            tr = found.get(msg.msgid)
            if tr is not None and tr.text:
                apply(msg, tr, backend.name, source, target)
                filled += 1

    Suggester(backend, refresh=refresh).run(((source, target, m.msgid) for m in todo), take)
    return filled, len(todo)


# -- the translate step of a project


def pivots(configured: Mapping[str, str], languages: Sequence[str], targets: list[str],
           via: str | None, explicit_targets: bool) -> dict[str, str]:
    """Target language -> pivot language: the configured ``<lang> = { via = ".." }``
    (checked when the project was loaded), with ``--via`` on top."""
    found = dict(configured)
    if via:
        for lang in targets if explicit_targets else languages:
            if lang != via:
                found[lang] = via
        for lang, pivot in found.items():
            if pivot not in languages or pivot == lang:
                raise L10nError(f"--via {pivot}: cannot translate {lang} via '{pivot}': the "
                                f"pivot must be another language of the project "
                                f"({', '.join(languages)})")
    return found


def translate_project(project: Project, backend: str | None = None,
                      targets: Sequence[str] | None = None, via: str | None = None,
                      endpoint: str | None = None, refresh: bool = False,
                      progress: Progress | None = None,
                      backend_instance: Backend | None = None,
                      catalogs: Sequence[tuple[Source, str, Path]] | None = None) -> Report:
    """Fill the untranslated entries of the project's catalogs (those of ``targets``, by
    default all; only ``catalogs`` when given) with suggestions of ``backend``, saving
    them as the run goes."""
    cfg = project.config
    name = backend_instance.name if backend_instance is not None else \
        backend or cfg.translate.backend
    settings = cfg.translate.for_backend(name, endpoint)
    for lang in targets or []:
        if lang not in cfg.languages:
            raise L10nError(f"--target {lang}: not a language of the project "
                            f"({', '.join(cfg.languages)})")
    if via is not None and not is_known(via):
        raise L10nError(f"--via: unknown language code '{via}'")
    pivot_of = pivots(cfg.translate.via, cfg.languages, list(targets or []), via,
                      bool(targets))
    catalogs = [(src, lang, path) for src, lang, path in
                (project.catalogs() if catalogs is None else catalogs)
                if (not targets or lang in targets) and path.exists()]
    if not catalogs:
        report = Report()
        report.lines.append("no catalogs to translate (run 'l10n update' first)")
        return report
    report = Report()
    opened = OpenCatalogs(project, report, refresh)
    run = TranslationRun(project, name, settings, opened, pivot_of, refresh)
    run.open(catalogs)
    engine = backend_instance or create(name, backend_context(project, settings))
    try:
        run.execute(engine, progress)
    finally:
        close = getattr(engine, "close", None)
        if backend_instance is None and callable(close):
            close()
    report.lines += run.summary()
    return report


def backend_context(project: Project, settings: dict[str, object],
                    entries: Callable[[], Iterable[CatalogEntries]] | None = None
                    ) -> BackendContext:
    """What a backend may know of the project (``entries``: the translated entries of its
    catalogs when the caller holds them, for the memory; otherwise it reads the files)."""
    cfg = project.config
    return BackendContext(project.root, cfg.locales_path, dict(settings), cfg.source_language,
                          {s.slug: s.lang for s in project.sources()}, entries)


class TranslationRun:
    """One translate run over some catalogs: which entries want a suggestion, asking the
    backend (once per distinct text), filling the entries, and what to say about it."""

    def __init__(self, project: Project, name: str, settings: dict[str, object],
                 opened: OpenCatalogs, pivot_of: Mapping[str, str], refresh: bool):
        self.project = project
        self.name = name
        self.settings = settings
        self.opened = opened
        self.report = opened.report
        self.pivot_of = pivot_of
        self.refresh = refresh
        self.jobs: dict[Key, list[Job]] = defaultdict(list)
        self.lines: list[tuple[int, str, str]] = []  # catalog id, source, note on pivot
        self.candidates: dict[int, int] = defaultdict(int)
        self.no_pivot: dict[int, int] = defaultdict(int)
        self.slugs: dict[int, tuple[str, str]] = {}  # catalog id -> slug, target language
        self.sources: dict[int, str] = {}  # catalog id -> language its texts are asked in
        self.skipped: set[int] = set()  # catalogs of a pair the backend does not serve
        self.filled: dict[int, int] = defaultdict(int)
        self.stats = RunStats()

    def open(self, catalogs: Iterable[tuple[Source, str, Path]]) -> None:
        """Read each catalog and note the entries that want a suggestion."""
        project, report, opened = self.project, self.report, self.opened
        for src, lang, path in catalogs:
            pivot = self.pivot_of.get(lang)
            source = pivot if pivot and pivot != src.lang else src.lang
            try:
                cid = opened.open(path)
            except CatalogError as exc:  # left out; the other catalogs are filled
                report.errors.append(exc)
                continue
            catalog = opened.catalogs[cid]
            source_of: Callable[[Message], str | None] = lambda m: m.msgid  # noqa: E731
            note = ""
            if source != src.lang:
                pivot_path = project.po_path(src.slug, source)
                pivot_catalog = self._read_other(pivot_path)
                if pivot_catalog is None:
                    report.lines.append(f"{project.rel(path)}: skipped, pivot catalog "
                                        f"{project.rel(pivot_path)} is missing")
                    report.ok = False
                    continue
                if isinstance(pivot_catalog, CatalogError):
                    report.errors.append(pivot_catalog)
                    continue
                ready = {m.key: m.msgstr for m in pivot_catalog.messages
                         if m.translated and m.msgid_plural is None}
                source_of = lambda m, ready=ready: ready.get(m.key)  # noqa: E731
                note = f" from the {source} catalog"
            for msg in catalog.messages:
                if wants_translation(msg, self.refresh):
                    self.candidates[cid] += 1
                    text = source_of(msg)
                    if text:
                        self.jobs[(source, lang, text)].append(Job(cid, msg.key,
                                                                   (source, lang, text)))
                    else:
                        self.no_pivot[cid] += 1
            self.lines.append((cid, source, note))
            self.slugs[cid] = (src.slug, lang)
            self.sources[cid] = source

    def _read_other(self, path: Path) -> Catalog | CatalogError | None:
        """Another catalog of an article (a pivot): None when missing."""
        if isinstance(self.opened, HeldCatalogs):
            return self.opened.held.get(path)
        if not path.exists():
            return None
        try:
            return self.project.read_catalog(path)
        except CatalogError as exc:
            return exc

    def wanted_pairs(self) -> set[tuple[str, str]]:
        """The language pairs (source, target) this run asks the backend for."""
        return {(k[0], k[1]) for k in self.jobs}

    def execute(self, engine: Backend, progress: Progress | None = None) -> None:
        """Ask the backend (or the cache), fill the entries and save the catalogs."""
        name, settings, opened = self.name, self.settings, self.opened
        cfg = self.project.config
        cache = None
        if option(engine, "cacheable"):
            folder = self.project.root / str(settings.get("cache_dir", cfg.translate.cache_dir))
            key_settings = {k: v for k, v in settings.items() if k not in NOT_OUTPUT_AFFECTING}
            cache = SuggestionCache(folder, name, key_settings)
        suggester = Suggester(engine, cache, batch_size=settings.get("batch_size"),  # type: ignore[arg-type]
                              concurrency=settings.get("concurrency"),  # type: ignore[arg-type]
                              refresh=self.refresh)
        self.stats = suggester.stats
        jobs = self.jobs
        try:
            # Which pairs the backend serves is asked only when something must be sent (a
            # run the cache answers makes no request); the catalogs of a pair it lacks are
            # skipped.
            if any(cache is None or self.refresh or key not in cache for key in jobs):
                served = served_pairs(engine)
                lacking = set() if served is None else \
                    {(k[0], k[1]) for k in jobs if (k[0], k[1]) not in served}
                if served is not None and lacking:
                    jobs = self.jobs = defaultdict(list, {
                        k: v for k, v in jobs.items() if (k[0], k[1]) not in lacking})
                    kept = []
                    for cid, source, note in self.lines:
                        slug, lang = self.slugs[cid]
                        if (source, lang) not in lacking:
                            kept.append((cid, source, note))
                            continue
                        self.skipped.add(cid)
                        hint = _pair_hint(self.project, slug, source, lang, served,
                                          self._read_other)
                        self.report.lines.append(
                            f"{self.project.rel(opened.paths[cid])}: skipped, {name} has "
                            f"no {source}→{lang}{hint}")
                    self.lines = kept
        except BaseException:
            if cache is not None:
                cache.close()
            raise

        filled = self.filled
        last_save = time.monotonic()

        def save(force: bool = False) -> None:
            nonlocal last_save
            if force or time.monotonic() - last_save >= SAVE_EVERY:
                opened.save(name)
                last_save = time.monotonic()

        def take(results: list[tuple[Key, Translation | None]]) -> None:
            for key, tr in results:
                if tr is None or not tr.text:
                    continue
                for job in jobs.get(key, ()):
                    if opened.apply(job.catalog_id, job.entry, tr, name, key[0], key[1]):
                        filled[job.catalog_id] += 1
            save()

        sent = 0
        to_send = [k for k in jobs if cache is None or self.refresh or k not in cache]

        def advance(n: int) -> None:
            nonlocal sent
            sent += n
            if progress is not None:
                progress(name, sent, len(to_send))

        try:
            if progress is not None:
                progress(name, 0, len(to_send))
            suggester.run(jobs.keys(), take, advance)
        except BackendError as exc:
            save(force=True)
            done = sum(filled.values())
            # Only a service that kept failing may answer a later run; a refusal will not
            # change.
            again = ": run again to continue" if isinstance(exc, ServiceUnavailable) else ""
            raise type(exc)(f"{exc.message}; stopped after {done} suggestions, which are "
                            f"saved{again}", exc.path, exc.line) from None
        finally:
            save(force=True)
            if cache is not None:
                cache.close()
        self.report.written = list(dict.fromkeys(self.report.written))
        project = self.project
        for cid, source, note in self.lines:
            path, catalog = opened.paths[cid], opened.catalogs[cid]
            if not self.candidates[cid] and not self.no_pivot[cid]:
                self.report.lines.append(f"{project.rel(path)}: nothing to translate")
                continue
            waiting = (f", {self.no_pivot[cid]} not yet translated in the pivot"
                       if self.no_pivot[cid] else "")
            self.report.lines.append(
                f"{project.rel(path)}: {filled[cid]} of {self.candidates[cid]} to "
                f"translate filled by {name} ({source}→{catalog_lang(catalog, path)}{note}, "
                f"marked fuzzy){waiting}")
        if self.stats.failed_batches:
            self.report.ok = False

    def summary(self) -> list[str]:
        return summary_lines(self.name, self.stats)


def summary_lines(name: str, st: RunStats) -> list[str]:
    """What a run says at the end about the texts it asked for."""
    lines = []
    if st.distinct:
        lines.append(
            f"{st.distinct} distinct texts: {st.cached} from cache, {st.sent} asked of "
            f"{name} in {st.batches} batches, {st.no_suggestion} without suggestion, "
            f"{st.discarded} discarded (protected tokens lost)")
    if st.failed_batches:
        lines.append(f"{st.failed_batches} batches failed ({st.failed_texts} texts): "
                     f"{st.errors[0]}")
    return lines


def _pair_hint(project: Project, slug: str, source: str, target: str, served: Pairs,
               read: Callable[[Path], Catalog | CatalogError | None]) -> str:
    """How to reach ``target`` anyway: through another language of the article that the
    backend translates into ``target`` (one with reviewed entries first), else what the
    backend serves."""
    waiting = None
    for pivot in project.config.languages:
        if pivot in (source, target) or (pivot, target) not in served:
            continue
        catalog = read(project.po_path(slug, pivot))
        if catalog is None or isinstance(catalog, L10nError):
            continue
        if any(m.translated for m in catalog.messages):
            return f"; try --via {pivot}"
        waiting = waiting or pivot
    if waiting:
        return f"; try --via {waiting} once the {waiting} catalog has reviewed entries"
    shown = sorted(f"{a}→{b}" for a, b in served.exact)
    if not shown:
        return ""  # e.g. a memory that holds nothing yet
    more = f" and {len(shown) - 8} more" if len(shown) > 8 else ""
    return f" (it serves {', '.join(shown[:8])}{more})"


def catalog_lang(catalog: Catalog, path: Path) -> str:
    return catalog.language or path.parent.parent.name
