"""Catalog update: l10n against ``msgmerge --previous`` and ``msgmerge -N``, side by side.

    PYTHONPATH=src python benchmarks/update.py [--articles 200] [--growth 50,200,500,2000]
                                               [--timeout 300] [--workdir DIR]

Version 1 of the synthetic corpus is fully translated, version 2 (``--mutate 10``) is
the edited article set. Measured, each tool in its own process (wall time, CPU time and
peak memory from the kernel's accounting of that process):

* one big catalog of the whole corpus (fuzzy update);
* the per-article loop (one catalog per article), for l10n also with the project-wide
  memory (every other catalog of the language);
  (GNU ``time`` is needed for these figures);
* the growth curve of the big-catalog update over corpus sizes (``--growth``, in articles;
  50/200/500/2000 articles are about 2.6k/10k/25k/100k entries); msgmerge runs that
  exceed ``--timeout`` seconds are stopped and shown as such;
* quality, from the corpus's ``--changes`` file: recall (edited sentences offered the
  right old translation as fuzzy) and the share of brand-new sentences given any
  suggestion.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import corpus_catalogs as cc  # noqa: E402

from l10n import pofile  # noqa: E402
from l10n.model import Catalog  # noqa: E402


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mib: float
    ok: bool = True

    def cell(self) -> str:
        if not self.ok:
            return f"> {self.wall:.0f} s (stopped)"
        return f"{self.wall:7.2f} s wall {self.cpu:7.2f} s cpu {self.peak_mib:6.0f} MiB"


def measure(cmd: list[str], timeout: float | None = None, capture: bool = False):
    """Run ``cmd``; wall time, user+system CPU time and peak RSS of that process (and its
    standard output with ``capture``).

    GNU time starts the command and reports its figures: a child forked straight from
    this (big) process would count our memory as its own until it execs.
    """
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"), LC_ALL="C.UTF-8")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "time"
        full = ["/usr/bin/time", "-q", "-f", "%e %U %S %M", "-o", str(report), *cmd]
        with open(Path(tmp) / "out", "w+b") as out, open(Path(tmp) / "err", "w+b") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(full, stdout=out, stderr=err, env=env,
                                    start_new_session=True)
            try:
                code = proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                run = Run(time.perf_counter() - start, 0.0, 0.0, ok=False)
                return (run, "") if capture else run
            if code:
                err.seek(0)
                raise SystemExit(f"failed: {' '.join(cmd)}\n{err.read().decode()[-2000:]}")
            out.seek(0)
            text = out.read().decode()
        wall, user, system, peak_kib = report.read_text().split()[-4:]
    run = Run(float(wall), float(user) + float(system), int(peak_kib) / 1024)
    return (run, text) if capture else run


def add(a: Run, b: Run) -> Run:
    return Run(a.wall + b.wall, a.cpu + b.cpu, max(a.peak_mib, b.peak_mib), a.ok and b.ok)


# ---------------------------------------------------------------- the l10n side, in-process

def l10n_merge_one(old: str, pot: str, out: str) -> None:
    from l10n import update

    merged = update.merge(pofile.read(pot), pofile.read(old))
    Path(out).write_text(pofile.dumps(merged), encoding="utf-8")


def l10n_merge_dir(folder: str, use_memory: bool) -> None:
    """Update every ``<slug>.po`` of ``folder`` from ``<slug>.pot`` (``Project.update``'s
    work without the source parsing), optionally with the project-wide memory."""
    from l10n import update

    root = Path(folder)
    slugs = sorted(p.stem for p in root.glob("*.pot"))
    olds = {slug: pofile.read(root / f"{slug}.po") for slug in slugs}
    memory = None
    if use_memory:
        memory = update.Memory()
        for slug, cat in olds.items():
            memory.add_catalog(cat, slug)
    for slug in slugs:
        merged = update.merge(pofile.read(root / f"{slug}.pot"), olds[slug], memory=memory,
                              source=slug)
        (root / f"{slug}.out.po").write_text(pofile.dumps(merged), encoding="utf-8")


# ---------------------------------------------------------------- preparing the catalogs

@dataclass
class Corpus:
    v1: dict[str, list[tuple[int, str]]]
    v2: dict[str, list[tuple[int, str]]]
    changes: cc.Changes


def load_corpus(workdir: Path, articles: int) -> Corpus:
    seg1, _ = cc.generate(workdir / "corpus", articles)
    seg2, changes = cc.generate(workdir / "corpus", articles, mutate=10)
    return Corpus(cc.read_segments(seg1), cc.read_segments(seg2), cc.read_changes(changes))


def big_catalogs(corpus: Corpus, slugs: list[str], folder: Path) -> tuple[Path, Path]:
    pot1 = Catalog(headers=dict(cc.HEADERS))
    pot2 = Catalog(headers=dict(cc.HEADERS))
    for slug in slugs:
        cc.template(slug, corpus.v1[slug], pot1)
        cc.template(slug, corpus.v2[slug], pot2)
    folder.mkdir(parents=True, exist_ok=True)
    cc.write(folder / "old.po", cc.translated(pot1))
    cc.write(folder / "new.pot", pot2)
    return folder / "old.po", folder / "new.pot"


def article_catalogs(corpus: Corpus, slugs: list[str], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for slug in slugs:
        cc.write(folder / f"{slug}.po", cc.translated(cc.template(slug, corpus.v1[slug])))
        cc.write(folder / f"{slug}.pot", cc.template(slug, corpus.v2[slug]))


def old_ids(corpus: Corpus, slugs: list[str]) -> set[str]:
    return {text for slug in slugs for _, text in corpus.v1[slug]}


def quality_of(path: Path, corpus: Corpus, slugs: list[str], ids: set[str]) -> cc.Quality:
    return cc.quality(pofile.read(path), ids, corpus.v2, corpus.changes, slugs)


# ---------------------------------------------------------------- the benchmark

def msgmerge(args: list[str], old: Path, pot: Path, out: Path) -> list[str]:
    return ["msgmerge", "--quiet", *args, str(old), str(pot), "-o", str(out)]


def big(corpus: Corpus, slugs: list[str], work: Path, timeout: float,
        tools: tuple[str, ...] = ("l10n", "msgmerge --previous", "msgmerge -N")
        ) -> dict[str, tuple[Run, cc.Quality | None]]:
    old, pot = big_catalogs(corpus, slugs, work)
    ids = old_ids(corpus, slugs)
    results: dict[str, tuple[Run, cc.Quality | None]] = {}
    for tool in tools:
        out = work / f"{tool.replace(' ', '_')}.po"
        if tool == "l10n":
            run = measure([sys.executable, __file__, "--merge-one", str(old), str(pot),
                           str(out)])
        else:
            run = measure(msgmerge(tool.split()[1:], old, pot, out), timeout)
        results[tool] = (run, quality_of(out, corpus, slugs, ids) if run.ok else None)
    return results


def per_article(corpus: Corpus, slugs: list[str], work: Path
                ) -> dict[str, tuple[Run, cc.Quality]]:
    folder = work / "articles"
    article_catalogs(corpus, slugs, folder)
    ids = old_ids(corpus, slugs)
    results: dict[str, tuple[Run, cc.Quality]] = {}

    def score(suffix: str) -> cc.Quality:
        q = cc.Quality()
        for slug in slugs:
            q.add(quality_of(folder / f"{slug}{suffix}", corpus, [slug], ids))
        return q

    for label, memory in (("l10n", False), ("l10n + project memory", True)):
        cmd = [sys.executable, __file__, "--merge-dir", str(folder)]
        results[label] = (measure(cmd + (["--memory"] if memory else [])),
                          score(".out.po"))
    for tool in ("msgmerge --previous", "msgmerge -N"):
        total = Run(0.0, 0.0, 0.0)
        for slug in slugs:
            total = add(total, measure(msgmerge(tool.split()[1:], folder / f"{slug}.po",
                                                folder / f"{slug}.pot",
                                                folder / f"{slug}.mm.po")))
        results[tool] = (total, score(".mm.po"))
    return results


def table(title: str, rows: dict[str, tuple[Run, cc.Quality | None]]) -> None:
    print(f"\n{title}")
    for tool, (run, q) in rows.items():
        print(f"  {tool:24} {run.cell()}   {q.line() if q else ''}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--growth", default="50,200,500,2000",
                    help="corpus sizes in articles for the growth curve ('' for none)")
    ap.add_argument("--timeout", type=float, default=300.0,
                    help="stop a msgmerge run after this many seconds")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--merge-one", nargs=3, metavar=("OLD", "POT", "OUT"),
                    help=argparse.SUPPRESS)
    ap.add_argument("--merge-dir", help=argparse.SUPPRESS)
    ap.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.merge_one:
        l10n_merge_one(*a.merge_one)
        return
    if a.merge_dir:
        l10n_merge_dir(a.merge_dir, a.memory)
        return

    growth = [int(n) for n in a.growth.split(",") if n.strip()]
    largest = max([a.articles, *growth])
    work = a.workdir or Path(tempfile.mkdtemp(prefix="l10n-bench-update-"))
    print(f"corpus: {largest} articles (generated once; smaller sizes are its prefixes), "
          f"work folder {work}")
    corpus = load_corpus(work, largest)
    all_slugs = sorted(corpus.v1)
    slugs = all_slugs[:a.articles]
    entries = len(old_ids(corpus, slugs))
    table(f"one big catalog, {a.articles} articles, {entries} entries (fuzzy update)",
          big(corpus, slugs, work / "big", a.timeout))
    table(f"per-article loop, {a.articles} catalogs", per_article(corpus, slugs, work))
    if growth:
        print("\ngrowth of the big-catalog update")
        for n in growth:
            part = all_slugs[:n]
            rows = big(corpus, part, work / f"growth-{n}", a.timeout,
                       tools=("l10n", "msgmerge --previous"))
            table(f"{n} articles, {len(old_ids(corpus, part))} entries", rows)


if __name__ == "__main__":
    main()
