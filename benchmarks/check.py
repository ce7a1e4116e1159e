"""How long `l10n check` takes on a large project, against `msgfmt -c --statistics`.

    python benchmarks/check.py [--articles 2000] [--workdir DIR] [--repeat N] [--profile]

Builds (once, cached in --workdir) a project from the synthetic corpus of make_corpus.py:
English articles, Ukrainian and Russian catalogs made by `l10n extract` and `l10n update`,
then filled with stand-in translations (Cyrillic transliteration, local number format):
90% translated, 5% fuzzy, 5% left empty, 1% of the translated ones with a number dropped.
Then it times

* `l10n check --format json` as a process: reading every source, template and catalog,
  staleness in memory (extract and update), validity and every quality check;
* GNU `msgfmt -c --statistics` run on each of the same .po files, one after the other
  (msgfmt checks one catalog per run: several inputs would be merged into one);

and prints both wall-clock times and their ratio. A third figure is the check run in this
process with the format registry looked up once instead of once per source file (the
registry scans the installed entry points on every call), to show what the check itself
costs.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(SRC))

from l10n import pipeline, pofile  # noqa: E402
from l10n.project import Project  # noqa: E402

LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
CYRILLIC = {"uk": "абцдефгхіжклмнопкрстуввхиз" "АБЦДЕФГХІЖКЛМНОПКРСТУВВХИЗ",
            "ru": "абцдефгхижклмнопкрстуввхыз" "АБЦДЕФГХИЖКЛМНОПКРСТУВВХЫЗ"}


def stand_in(text: str, lang: str, rng: random.Random) -> str:
    """A fake translation that keeps what the checks look at: numbers, punctuation."""
    out = re.sub(r"\bmillion\b", "млн", text)
    out = out.translate(str.maketrans(LATIN, CYRILLIC[lang]))
    out = re.sub(r"(?<=\d),(?=\d{3}\b)", "\u00a0", out)  # 1,200 → 1 200
    out = re.sub(r"(?<=\d)\.(?=\d)", ",", out)  # 3.5 → 3,5
    out = out.replace("“", "«").replace("”", "»")
    if rng.random() < 0.01:
        out = re.sub(r"\d+", "", out, count=1)  # a real mistake for the check to find
    return out


def build(root: Path, articles: int) -> None:
    if (root / "l10n.toml").exists():
        return
    print(f"building the project in {root} (once) ...", flush=True)
    subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(root / "source"),
                    "--articles", str(articles), "--seed", "1"], check=True)
    (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["en", "uk", "ru"]\n'
                                    "[check]\nthreshold = 80\n", encoding="utf-8")
    project = Project.load(root)
    pipeline.extract(project)
    pipeline.update(project)
    fill(project)


def fill(project: Project) -> None:
    """Stand-in translations as translators leave them: in each catalog 90 % of the
    entries translated, 5 % fuzzy, 5 % still empty (1 % of them with a number dropped)."""
    rng = random.Random(1)
    for _src, lang, path in project.catalogs():
        catalog = pofile.read(path)
        for m in catalog.messages:
            x = rng.random()
            if x < 0.95:
                m.msgstr = stand_in(m.msgid, lang, rng)
                m.fuzzy = x >= 0.90
        path.write_text(pofile.dumps(catalog), encoding="utf-8")


def time_check(root: Path) -> tuple[float, dict]:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "l10n.cli", "check", "--format", "json",
                           "--project", str(root)], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"l10n check failed: {proc.stderr}")
    return elapsed, json.loads(proc.stdout)


def time_in_process(root: Path, cache_registry: bool) -> float:
    """`run` in this process; optionally with the format registry looked up only once
    (l10n.formats.registry scans the installed entry points on every call)."""
    import functools

    import l10n.formats
    from l10n.check import run

    original = l10n.formats.registry
    if cache_registry:
        l10n.formats.registry = functools.cache(original)
    try:
        start = time.perf_counter()
        run(Project.load(root))
        return time.perf_counter() - start
    finally:
        l10n.formats.registry = original


def time_msgfmt(files: list[Path]) -> float:
    exe = shutil.which("msgfmt")
    if exe is None:
        sys.exit("GNU msgfmt is not installed")
    start = time.perf_counter()
    for path in files:
        subprocess.run([exe, "-c", "--statistics", "-o", os.devnull, str(path)],
                       capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--workdir", type=Path,
                    default=Path(tempfile.gettempdir()) / "l10n-bench-check")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each; the best counts")
    ap.add_argument("--profile", action="store_true",
                    help="also profile the check in this process and print the top functions")
    args = ap.parse_args()
    root = args.workdir / f"news-{args.articles}"
    build(root, args.articles)
    files = sorted((root / "locales").glob("*/LC_MESSAGES/*.po"))
    # Best of --repeat runs, alternating, so that a busy machine hurts both sides alike.
    ours = theirs = cached = float("inf")
    for _ in range(args.repeat):
        elapsed, doc = time_check(root)
        ours = min(ours, elapsed)
        theirs = min(theirs, time_msgfmt(files))
        cached = min(cached, time_in_process(root, cache_registry=True))
    entries = sum(c["total"] for c in doc["catalogs"])
    print(f"{args.articles} articles, {len(files)} catalogs, {entries} entries, "
          f"{len(doc['problems'])} problems found ({doc['errors']} errors)")
    print(f"l10n check (sources, templates, catalogs, staleness, validity, quality): "
          f"{ours:.2f} s")
    print(f"msgfmt -c --statistics on each catalog:                               "
          f"{theirs:.2f} s")
    print(f"ratio l10n check / msgfmt: {ours / theirs:.2f}")
    print(f"in process, format registry looked up once: {cached:.2f} s "
          f"(ratio {cached / theirs:.2f})")
    if args.profile:
        from l10n.check import run

        profiler = cProfile.Profile()
        profiler.enable()
        run(Project.load(root))
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
