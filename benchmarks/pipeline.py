"""`l10n build` and `l10n check` on a growing archive, beside GNU msgfmt in the same run.

    python benchmarks/pipeline.py [--sizes 200,2000,20000] [--seed 11] [--jobs N]
                                  [--workdir DIR] [--json FILE] [--translated]

For each size, a project is made from the synthetic corpus of make_corpus.py (English
articles, `languages = ["uk", "ru", "en"]`, so two catalogs per article) and these are
timed, each as a process, start-up included:

* first build: `l10n build` on the sources alone (no catalogs, no cache);
* no-op build: `l10n build` again, nothing changed, four times. The first after a build
  that wrote files hashes those written within the racy window again and takes the full
  plan; the next ones find the project as that one left it and plan nothing (see
  docs/pipeline.md). Both are shown: the first, and the median of the three others;
* one edit: one word of one sentence of one article changed, then `l10n build`; the files
  it rewrote are listed (they must all be that article's). Three articles are edited one
  after the other, each followed by its build, and the median of the three is shown (a
  single run on a busy machine varies by a third);
* check on a fresh clone: `l10n check` on a copy without the cache and without the
  compiled outputs (.mo, dist/), as CI runs it on a new checkout;
* the msgfmt loop: `msgfmt -c --statistics -o /dev/null` once per .po file, one after
  the other (msgfmt checks one catalog per run), on the same catalogs.

With ``--translated`` the archive is then filled with stand-in translations (90 % of
each catalog translated, 5 % fuzzy, 5 % empty), built, and timed again: a no-op build,
one edited article, and one entry translated in one catalog as a translator saves it in
Poedit. There the memory answers the open entries of every article, and the figures
show what one change costs the articles whose questions to it it may answer.

Peak memory is that of the whole process tree (the build's worker processes included),
sampled every 20 ms as the sum of each process's proportional set size (PSS, so that
pages a worker shares with the parent count once; RSS where PSS is not available), and,
beside it, the largest single process (ru_maxrss). Wall-clock figures depend on what
else the machine runs: compare the ratios of one run. l10n runs as a user runs it: the
`l10n` command of a virtual environment of its own (installed.py), from its compiled
bytecode, as a pip-installed copy does (the script compiles the package once first).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import installed

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
CONFIG = 'source_language = "en"\nlanguages = ["uk", "ru", "en"]\n'


@dataclass
class Run:
    seconds: float
    peak_mb: float  # process tree, PSS
    largest_mb: float  # largest single process, RSS
    code: int
    stdout: str = field(repr=False, default="")
    stderr: str = field(repr=False, default="")


def _memory_kb(pid: int) -> int:
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def _tree(pid: int) -> list[int]:
    """The process and its descendants (from /proc's children lists)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return found


TIME = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)


def run(args: list[str], cwd: Path) -> Run:
    """Run a command, timing it and sampling the memory of its process tree (GNU time,
    when installed, gives the largest single process)."""
    # As a pip-installed l10n runs: with its bytecode (compiled once by main()), not
    # compiling every module again on each start, which PYTHONDONTWRITEBYTECODE would force.
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    marker = "l10n-benchmark-maxrss-kb:"
    command = [TIME, "-f", f"{marker}%M", *args] if TIME else args
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, sum(_memory_kb(pid) for pid in _tree(proc.pid)))
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    stop.set()
    sampler.join()
    largest = float("nan")
    if TIME and marker in err:
        err, _, tail = err.rpartition(marker)
        largest = int(tail.split()[0]) / 1024
    else:
        largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return Run(elapsed, peak / 1024, largest, proc.returncode, out, err)


# The `l10n` command (see installed.py); set by main().
L10N = [sys.executable, "-m", "l10n.cli"]


def l10n(*args: str, cwd: Path) -> Run:
    result = run([*L10N, *args], cwd)
    if result.code not in (0, 1):
        sys.exit(f"l10n {' '.join(args)} failed ({result.code}): {result.stderr[-2000:]}")
    return result


def msgfmt_loop(root: Path) -> float:
    exe = shutil.which("msgfmt")
    if exe is None:
        sys.exit("GNU msgfmt is not installed")
    files = sorted((root / "locales").glob("*/LC_MESSAGES/*.po"))
    start = time.perf_counter()
    for path in files:
        subprocess.run([exe, "-c", "--statistics", "-o", os.devnull, str(path)],
                       capture_output=True, check=False)
    return time.perf_counter() - start


def files_and_times(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*")
            if p.is_file() and ".l10n-cache" not in p.parts and p.name != ".l10n.lock"}


def rewritten_since(root: Path, before: dict[str, int]) -> list[str]:
    """The files (re)written since ``before`` was taken (files_and_times)."""
    return sorted(name for name, ns in files_and_times(root).items() if before.get(name) != ns)


def edit_one_sentence(root: Path, nth: int = 0) -> str:
    """Change one word of one sentence of an article in the middle of the archive (the
    ``nth`` after the middle one); the slug edited."""
    sources = sorted((root / "source").glob("*.txt"))
    path = sources[(len(sources) // 2 + nth) % len(sources)]
    text = path.read_text(encoding="utf-8")
    edited, count = re.subn(r"\b(the)\b", "this", text, count=1)
    if not count:
        edited = text.rstrip("\n") + " One more sentence.\n"
    path.write_text(edited, encoding="utf-8")
    return path.stem


def fill_catalogs(root: Path) -> None:
    """Stand-in translations as translators leave them (benchmarks/check.py's fill)."""
    sys.path.insert(0, str(SRC))
    sys.path.insert(0, str(HERE))
    from check import fill

    from l10n.project import Project

    fill(Project.load(root))


def translate_one_entry(root: Path) -> str:
    """A translator fills one empty entry of one catalog in the middle of the archive,
    as Poedit saves it; the slug of that catalog."""
    sys.path.insert(0, str(SRC))
    from l10n import pofile

    paths = sorted((root / "locales" / "uk" / "LC_MESSAGES").glob("*.po"))
    for path in paths[len(paths) // 2:] + paths[:len(paths) // 2]:
        catalog = pofile.read(path)
        empty = [m for m in catalog.messages if not m.obsolete and not m.msgstr]
        if empty:
            empty[0].msgstr = "Переклад редактора."
            path.write_text(pofile.dumps(catalog), encoding="utf-8")
            return path.stem
    sys.exit("no empty entry to translate")


def build_after_edit(root: Path, jobs: list[str], label: str, nth: int = 0
                     ) -> tuple[str, Run, list[str]]:
    """One sentence of one article edited, then `l10n build`: the slug edited, the run,
    and the files it rewrote."""
    before = files_and_times(root)
    slug = edit_one_sentence(root, nth)
    print(f"{label} one edited article ({slug}) ...", flush=True)
    edit = l10n("build", *jobs, cwd=root)
    return slug, edit, rewritten_since(root, before)


def measure_translated(size: int, jobs: list[str], workdir: Path) -> dict[str, object]:
    """The same archive once translators have worked on it: the memory now answers,
    and a change of one catalog may change what it answers for other articles."""
    root = workdir / f"project-{size}"
    print(f"[{size}] translations filled in, then a build ...", flush=True)
    fill_catalogs(root)
    settle = l10n("build", *jobs, cwd=root)
    noop = l10n("build", *jobs, cwd=root)
    _, edit, rewritten = build_after_edit(root, jobs, f"[{size}] translated archive:")
    before = files_and_times(root)
    entry = translate_one_entry(root)
    print(f"[{size}] translated archive: one entry translated ({entry}) ...", flush=True)
    entry_run = l10n("build", *jobs, cwd=root)
    entry_rewritten = rewritten_since(root, before)
    return {
        "translated_build_s": round(settle.seconds, 2),
        "translated_noop_s": round(noop.seconds, 3),
        "translated_one_edit_s": round(edit.seconds, 2),
        "translated_one_edit_peak_mb": round(edit.peak_mb),
        "translated_one_edit_rewrote": rewritten,
        "translated_one_entry_s": round(entry_run.seconds, 2),
        "translated_one_entry_rewrote": entry_rewritten,
        "translated_rebuilt": [_rebuilt(r.stdout) for r in (edit, entry_run)],
    }


def _rebuilt(stdout: str) -> str:
    found = re.search(r"(\d+) of (\d+) articles unchanged", stdout)
    return "all" if found is None else f"{int(found[2]) - int(found[1])}"


def measure(size: int, seed: int, jobs: list[str], workdir: Path) -> dict[str, object]:
    corpus = workdir / f"corpus-{size}-{seed}"
    if not corpus.is_dir():
        print(f"[{size}] making the corpus ...", flush=True)
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(corpus),
                        "--articles", str(size), "--seed", str(seed)], check=True,
                       stdout=subprocess.DEVNULL)
    root = workdir / f"project-{size}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copytree(corpus, root / "source")
    (root / "l10n.toml").write_text(CONFIG, encoding="utf-8")

    print(f"[{size}] first build ...", flush=True)
    first = l10n("build", *jobs, cwd=root)
    catalogs = len(list((root / "locales").glob("*/LC_MESSAGES/*.po")))
    print(f"[{size}] msgfmt loop over {catalogs} catalogs ...", flush=True)
    msgfmt = msgfmt_loop(root)
    print(f"[{size}] no-op build ...", flush=True)
    noops = [l10n("build", *jobs, cwd=root) for _ in range(4)]
    noop = noops[0]
    noop_again = sorted(noops[1:], key=lambda run: run.seconds)[1]  # the median
    edits = [build_after_edit(root, jobs, f"[{size}]", nth) for nth in range(3)]
    foreign = [name for slug, _, rewritten in edits for name in rewritten if slug not in name]
    _, edit, rewritten = sorted(edits, key=lambda e: e[1].seconds)[1]  # the median

    clone = workdir / f"clone-{size}"
    shutil.rmtree(clone, ignore_errors=True)
    shutil.copytree(root, clone, ignore=shutil.ignore_patterns(".l10n-cache", "*.mo", "dist",
                                                                ".l10n.lock"))
    print(f"[{size}] l10n check on a fresh clone ...", flush=True)
    check = l10n("check", *jobs, cwd=clone)
    shutil.rmtree(clone, ignore_errors=True)
    noop_best = noop_again.seconds
    return {
        "articles": size, "catalogs": catalogs, "msgfmt_loop_s": round(msgfmt, 2),
        "first_build_s": round(first.seconds, 2),
        "first_build_vs_msgfmt": round(first.seconds / msgfmt, 2),
        "first_build_peak_mb": round(first.peak_mb), "first_build_largest_mb":
            round(first.largest_mb), "noop_s": round(noop_best, 3),
        "noop_vs_first": round(noop_best / first.seconds, 4),
        "noop_first_s": round(noop.seconds, 3),
        "noop_first_vs_first": round(noop.seconds / first.seconds, 4),
        "noop_runs_s": [round(run.seconds, 3) for run in noops],
        "noop_peak_mb": round(noop.peak_mb),
        "one_edit_s": round(edit.seconds, 3),
        "one_edit_runs_s": [round(e[1].seconds, 3) for e in edits],
        "one_edit_vs_first": round(edit.seconds / first.seconds, 4),
        "one_edit_rewrote": rewritten, "one_edit_rewrote_other_articles": foreign,
        "check_fresh_s": round(check.seconds, 2),
        "check_fresh_vs_msgfmt": round(check.seconds / msgfmt, 2),
        "check_fresh_peak_mb": round(check.peak_mb),
    }


def table(results: list[dict[str, object]]) -> str:
    rows = ["| articles (catalogs) | first build | no-op (first after it) | no-op | one edit "
            "| check, fresh clone | peak memory (build) | msgfmt loop |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        rows.append(
            f"| {r['articles']:,} ({r['catalogs']:,}) | {r['first_build_s']} s "
            f"({r['first_build_vs_msgfmt']}× msgfmt) | {r['noop_first_s']} s "
            f"({100 * float(r['noop_first_vs_first']):.1f}%) | {r['noop_s']} s "  # type: ignore[arg-type]
            f"({100 * float(r['noop_vs_first']):.1f}%) | {r['one_edit_s']} s "  # type: ignore[arg-type]
            f"({100 * float(r['one_edit_vs_first']):.1f}%) | {r['check_fresh_s']} s "  # type: ignore[arg-type]
            f"({r['check_fresh_vs_msgfmt']}× msgfmt) | {r['first_build_peak_mb']} MB "
            f"(largest process {r['first_build_largest_mb']} MB) | {r['msgfmt_loop_s']} s |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,2000", help="article counts (comma-separated)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--jobs", type=int, default=None, help="l10n --jobs (default: cores)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where corpora are kept between runs (default: a temporary one)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--translated", action="store_true",
                        help="then fill the catalogs with stand-in translations and time a "
                        "no-op, one edited article and one translated entry again")
    args = parser.parse_args()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    temporary = args.workdir is None
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="l10n-pipeline-"))
    workdir.mkdir(parents=True, exist_ok=True)
    # pip compiles a package's modules when it installs it; a source checkout may not have.
    compileall.compile_dir(SRC / "l10n", quiet=1)
    L10N[:] = installed.command(workdir)
    try:
        results = []
        for size in args.sizes.split(","):
            result = measure(int(size), args.seed, jobs, workdir)
            if args.translated:
                result.update(measure_translated(int(size), jobs, workdir))
            results.append(result)
    finally:
        if temporary:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\ncores: {len(os.sched_getaffinity(0))}, load average: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(table(results))
    if args.translated:
        print("\n| articles | build after translators | no-op | one edited article (rebuilt) "
              "| one entry translated (rebuilt) | peak memory (edit) |\n"
              "| --- | --- | --- | --- | --- | --- |")
        for r in results:
            counts = r["translated_rebuilt"]
            print(f"| {r['articles']:,} | {r['translated_build_s']} s | "
                  f"{r['translated_noop_s']} s | {r['translated_one_edit_s']} s "
                  f"({counts[0]}) | {r['translated_one_entry_s']} s ({counts[1]}) | "  # type: ignore[index]
                  f"{r['translated_one_edit_peak_mb']} MB |")
    for r in results:
        print(f"{r['articles']} articles: one edit rewrote {len(r['one_edit_rewrote'])} files"  # type: ignore[arg-type]
              f", {len(r['one_edit_rewrote_other_articles'])} of other articles; the three "  # type: ignore[arg-type]
              f"edits took {', '.join(f'{t} s' for t in r['one_edit_runs_s'])}")  # type: ignore[attr-defined]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
