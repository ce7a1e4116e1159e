"""Catalog update: l10n against ``msgmerge --previous``, ``msgmerge -N``, translate-toolkit's
``pot2po`` and ``pybabel update --previous``, side by side.

    PYTHONPATH=src python benchmarks/update.py [--articles 200] [--growth 50,200,500,2000]
                                               [--timeout 300] [--workdir DIR]

Version 1 of the synthetic corpus is fully translated, version 2 (``--mutate 10``) is
the edited article set. Measured, each tool in its own process (wall time, CPU time and
peak memory from the kernel's accounting of that process; GNU ``time`` is needed):

* one big catalog of the whole corpus (fuzzy update);
* the per-article loop (one catalog per article), for l10n also with the project-wide
  memory (every other catalog of the language), and l10n reading and writing the same
  catalogs without merging (the floor of the loop in Python);
* the growth curve of the big-catalog update over corpus sizes (``--growth``, in articles;
  50/200/500/2000 articles are about 2.6k/10k/25k/100k entries); a reference tool's run
  that exceeds ``--timeout`` seconds is stopped and shown as such, and that tool is not
  run again at the larger sizes;
* quality, from the corpus's ``--changes`` file: recall (edited sentences offered the
  right old translation as fuzzy) and the share of brand-new sentences given any
  suggestion. An output that l10n cannot read is reported as such; its figures are then
  taken with the tool's ``#|`` (previous msgid) lines dropped, if that makes it readable.

The reference tools and their settings (defaults, as a user would run them):

* ``msgmerge --previous OLD NEW -o OUT`` and ``msgmerge -N`` (no fuzzy matching);
* ``pot2po -t OLD -i NEW -o OUT`` (translate-toolkit; Levenshtein similarity through
  RapidFuzz, threshold 75 %, writes ``#|``); the per-article loop is one ``pot2po`` over
  the folder (each ``<slug>.pot`` is merged with its own ``<slug>.po`` only, in one
  process, like l10n's loop); run only when installed (the ``bench`` extra);
* ``pybabel update --previous -l uk -i NEW -o OUT`` (OUT starts as a copy of OLD: babel
  updates it in place; difflib ratio, cutoff 0.6, against every translated entry); it
  compares every new entry with every old one, so its time grows with the square of the
  catalog (half an hour and more on the big one): it runs only in the per-article loop
  (one process per catalog, like msgmerge) and in the growth curve, under ``--timeout``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import corpus_catalogs as cc  # noqa: E402

from l10n import pofile  # noqa: E402
from l10n.errors import L10nError  # noqa: E402
from l10n.model import Catalog  # noqa: E402

MSGMERGE_PREVIOUS = "msgmerge --previous"
MSGMERGE_NO_FUZZY = "msgmerge -N"
POT2PO = "pot2po"
PYBABEL = "pybabel update --previous"


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mib: float
    ok: bool = True
    note: str = ""  # why the tool was not run

    def cell(self) -> str:
        if self.note:
            return self.note
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


def l10n_copy_dir(folder: str) -> None:
    """``l10n_merge_dir`` without the merging: read every catalog, write each old one
    back. The floor of the per-article loop in Python (start-up, imports, files)."""
    root = Path(folder)
    slugs = sorted(p.stem for p in root.glob("*.pot"))
    olds = {slug: pofile.read(root / f"{slug}.po") for slug in slugs}
    for slug in slugs:
        pofile.read(root / f"{slug}.pot")
        (root / f"{slug}.copy.po").write_text(pofile.dumps(olds[slug]), encoding="utf-8")


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


@dataclass
class Score:
    """Quality of one or more outputs. ``broken`` outputs could not be read as they are;
    their figures come from the same file with the tool's ``#|`` lines dropped, and
    ``unreadable`` ones could not be read even so (no figures)."""

    quality: cc.Quality = field(default_factory=cc.Quality)
    outputs: int = 0
    broken: int = 0
    unreadable: int = 0
    first_error: str = ""

    def add(self, other: Score) -> None:
        self.quality.add(other.quality)
        self.outputs += other.outputs
        self.broken += other.broken
        self.unreadable += other.unreadable
        self.first_error = self.first_error or other.first_error

    def line(self) -> str:
        if not self.broken:
            return self.quality.line()
        text = (f"{self.broken}/{self.outputs} output(s) do not parse, first: "
                f"{self.first_error}; ")
        if self.unreadable == self.outputs:
            return text + "no figures"
        if self.unreadable:
            text += f"{self.unreadable} unreadable even without #| lines; "
        return text + "with #| lines dropped: " + self.quality.line()


def quality_of(path: Path, corpus: Corpus, slugs: list[str], ids: set[str]) -> Score:
    score = Score(outputs=1)
    try:
        merged = pofile.read(path)
    except L10nError as err:
        score.broken = 1
        score.first_error = f"{path.name}:{err.line or '?'}: {err.message}"
        text = path.read_text(encoding="utf-8", errors="replace")
        kept = "".join(line for line in text.splitlines(keepends=True)
                       if not line.startswith("#|"))
        try:
            merged = pofile.parse(kept, path)
        except L10nError:
            score.unreadable = 1
            return score
    score.quality = cc.quality(merged, ids, corpus.v2, corpus.changes, slugs)
    return score


# ---------------------------------------------------------------- the benchmark

def msgmerge(args: list[str], old: Path, pot: Path, out: Path) -> list[str]:
    return ["msgmerge", "--quiet", *args, str(old), str(pot), "-o", str(out)]


def pot2po(old: Path, pot: Path, out: Path) -> list[str]:
    """translate-toolkit's update of OLD (file or folder) from POT; fuzzy matching at its
    default threshold (75 % Levenshtein similarity), ``#|`` written for fuzzy entries."""
    return ["pot2po", "--progress", "none", "-t", str(old), "-i", str(pot), "-o", str(out)]


def pybabel(old: Path, pot: Path, out: Path) -> list[str]:
    """babel's update; it rewrites its ``-o`` catalog in place, so OLD is copied there
    first (outside the measured process)."""
    shutil.copyfile(old, out)
    return ["pybabel", "--quiet", "update", "--previous", "-l", "uk", "-i", str(pot),
            "-o", str(out)]


def command(tool: str, old: Path, pot: Path, out: Path) -> list[str]:
    if tool == "l10n":
        return [sys.executable, __file__, "--merge-one", str(old), str(pot), str(out)]
    if tool == POT2PO:
        return pot2po(old, pot, out)
    if tool == PYBABEL:
        return pybabel(old, pot, out)
    return msgmerge(tool.split()[1:], old, pot, out)


def installed() -> set[str]:
    """The optional reference tools found on PATH; a one-line note for each missing one."""
    found = set()
    for tool, program, hint in ((POT2PO, "pot2po", "pip install translate-toolkit"),
                                (PYBABEL, "pybabel", "pip install babel")):
        if shutil.which(program):
            found.add(tool)
        else:
            print(f"{program} not found ({hint}): its rows are left out")
    return found


Rows = dict[str, tuple[Run, Score | None]]


def big(corpus: Corpus, slugs: list[str], work: Path, timeout: float,
        tools: tuple[str, ...], skip: dict[str, str] | None = None) -> Rows:
    """The fuzzy update of one catalog of all ``slugs``; a tool in ``skip`` is not run
    and shows that note. Reference tools are stopped after ``timeout`` seconds."""
    old, pot = big_catalogs(corpus, slugs, work)
    ids = old_ids(corpus, slugs)
    results: Rows = {}
    for tool in tools:
        if skip and tool in skip:
            results[tool] = (Run(0.0, 0.0, 0.0, ok=False, note=skip[tool]), None)
            continue
        out = work / f"{tool.replace(' ', '_')}.po"
        run = measure(command(tool, old, pot, out), None if tool == "l10n" else timeout)
        results[tool] = (run, quality_of(out, corpus, slugs, ids) if run.ok else None)
    return results


def per_article(corpus: Corpus, slugs: list[str], work: Path, optional: set[str]) -> Rows:
    folder = work / "articles"
    article_catalogs(corpus, slugs, folder)
    ids = old_ids(corpus, slugs)
    results: Rows = {}

    def score(output: Callable[[str], Path]) -> Score:
        total = Score()
        for slug in slugs:
            total.add(quality_of(output(slug), corpus, [slug], ids))
        return total

    for label, memory in (("l10n", False), ("l10n + project memory", True)):
        cmd = [sys.executable, __file__, "--merge-dir", str(folder)]
        results[label] = (measure(cmd + (["--memory"] if memory else [])),
                          score(lambda slug: folder / f"{slug}.out.po"))
    results["l10n reading, writing only"] = (
        measure([sys.executable, __file__, "--copy-dir", str(folder)]), None)
    # One process per catalog, as a shell loop over the articles would run them.
    looped = [MSGMERGE_PREVIOUS, MSGMERGE_NO_FUZZY] + ([PYBABEL] if PYBABEL in optional else [])
    for tool in looped:
        suffix = ".babel.po" if tool == PYBABEL else ".mm.po"
        total = Run(0.0, 0.0, 0.0)
        for slug in slugs:
            total = add(total, measure(command(tool, folder / f"{slug}.po",
                                               folder / f"{slug}.pot",
                                               folder / f"{slug}{suffix}")))
        results[tool] = (total, score(lambda slug, suffix=suffix: folder / f"{slug}{suffix}"))
    if POT2PO in optional:
        # pot2po takes folders: each <slug>.pot is merged with its own <slug>.po only, all
        # in one process, which is what l10n's loop does.
        out = work / "articles-pot2po"
        results[f"{POT2PO} (one run, folder)"] = (measure(pot2po(folder, folder, out)),
                                                  score(lambda slug: out / f"{slug}.po"))
    return results


def table(title: str, rows: Rows) -> None:
    print(f"\n{title}")
    for tool, (run, q) in rows.items():
        print(f"  {tool:26} {run.cell()}" + (f"   {q.line()}" if q else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--growth", default="50,200,500,2000",
                    help="corpus sizes in articles for the growth curve ('' for none)")
    ap.add_argument("--timeout", type=float, default=300.0,
                    help="stop a reference tool's run after this many seconds")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--merge-one", nargs=3, metavar=("OLD", "POT", "OUT"),
                    help=argparse.SUPPRESS)
    ap.add_argument("--merge-dir", help=argparse.SUPPRESS)
    ap.add_argument("--copy-dir", help=argparse.SUPPRESS)
    ap.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.merge_one:
        l10n_merge_one(*a.merge_one)
        return
    if a.merge_dir:
        l10n_merge_dir(a.merge_dir, a.memory)
        return
    if a.copy_dir:
        l10n_copy_dir(a.copy_dir)
        return

    growth = [int(n) for n in a.growth.split(",") if n.strip()]
    largest = max([a.articles, *growth])
    work = a.workdir or Path(tempfile.mkdtemp(prefix="l10n-bench-update-"))
    print(f"corpus: {largest} articles (generated once; smaller sizes are its prefixes), "
          f"work folder {work}")
    optional = installed()
    corpus = load_corpus(work, largest)
    all_slugs = sorted(corpus.v1)
    slugs = all_slugs[:a.articles]
    entries = len(old_ids(corpus, slugs))
    big_tools = ("l10n", MSGMERGE_PREVIOUS, MSGMERGE_NO_FUZZY,
                 *(tool for tool in (POT2PO, PYBABEL) if tool in optional))
    no_babel = {PYBABEL: "not run: compares every new entry with every old one "
                         "(quadratic; see the growth curve)"}
    table(f"one big catalog, {a.articles} articles, {entries} entries (fuzzy update)",
          big(corpus, slugs, work / "big", a.timeout, big_tools, skip=no_babel))
    table(f"per-article loop, {a.articles} catalogs", per_article(corpus, slugs, work, optional))
    if growth:
        print(f"\ngrowth of the big-catalog update (reference tools stopped after "
              f"{a.timeout:.0f} s, and then not run at the larger sizes)")
        growth_tools = ("l10n", MSGMERGE_PREVIOUS,
                        *(tool for tool in (POT2PO, PYBABEL) if tool in optional))
        stopped: dict[str, str] = {}
        for n in growth:
            part = all_slugs[:n]
            rows = big(corpus, part, work / f"growth-{n}", a.timeout, growth_tools,
                       skip=stopped)
            table(f"{n} articles, {len(old_ids(corpus, part))} entries", rows)
            for tool, (run, _) in rows.items():
                if not run.ok and not run.note:
                    stopped[tool] = f"not run (stopped at {n} articles)"


if __name__ == "__main__":
    main()
