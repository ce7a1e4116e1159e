"""How long the review site takes on a newsroom archive, against a first `l10n build`.

    python benchmarks/report.py [--articles 2000] [--seed 11] [--workdir DIR] [--browser]

Makes the synthetic corpus of make_corpus.py (English articles, languages uk, ru, en) and
measures, each as the `l10n` command run as a process (start-up included; wall time, CPU
time of the process and its workers, peak memory of the largest process):

1. `l10n build` on the sources alone (the first build: templates, catalogs, memory
   suggestions, check, compile);
2. `l10n report` right after it (every page drawn; the build's check is replayed);
3. `l10n report` again, nothing changed (no page drawn: the site cache);
4. the same first build with ``[report] enabled = true`` from the same sources, which
   draws the site in each article's work unit: its extra time over (1) is what the site
   costs;
5. `l10n report` right after that build (it takes the build's pages);
6. `l10n report` once the catalogs hold stand-in translations as a translator would leave
   them (90 % translated, 5 % fuzzy, 5 % empty, 1 % of the translated ones with a number
   dropped: see benchmarks/check.py), so that the pages carry translations, fuzzy
   suggestions and problems: every page is drawn again.

The target is the site in under 20 % of the time of a first build: (4) − (1), and (5),
against (1); (2) is shown beside them. With ``--browser`` it also opens the index in
headless Chromium (``chromium`` on the PATH) and times the page until it is ready, a
filter by language and state, and a sort by progress, to show the index of thousands of
rows stays usable.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(SRC))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import installed  # noqa: E402
from check import fill  # noqa: E402

from l10n.project import Project  # noqa: E402

# The `l10n` command (see installed.py); set by main().
L10N = [sys.executable, "-m", "l10n.cli"]


def measured(args: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """(wall s, CPU s of the command and its workers, peak MB, stdout) of ``l10n ARGS``,
    through GNU time (the kernel's accounting of the process)."""
    gnu_time = shutil.which("time") or "/usr/bin/time"
    env = dict(os.environ, PYTHONPATH=str(SRC))
    # As installed: from compiled modules (see main), not compiled again on each start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        start = time.perf_counter()
        proc = subprocess.run([gnu_time, "-f", "%U %S %M", "-o", stats.name, *L10N, *args],
                              cwd=cwd, env=env,
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        user, system, peak_kb = stats.read().split()[-3:]
    if proc.returncode not in (0, 1):
        sys.exit(f"l10n {' '.join(args)} failed:\n{proc.stderr}")
    return wall, float(user) + float(system), int(peak_kb) / 1024, proc.stdout


def corpus(workdir: Path, articles: int, seed: int) -> Path:
    pristine = workdir / f"news-{articles}-{seed}"
    if not (pristine / "l10n.toml").exists():
        print(f"making the corpus in {pristine} (once) ...", flush=True)
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(pristine / "source"),
                        "--articles", str(articles), "--seed", str(seed)], check=True)
        (pristine / "l10n.toml").write_text(
            'source_language = "en"\nlanguages = ["uk", "ru", "en"]\n', encoding="utf-8")
    root = workdir / "run"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(pristine, root)
    return root


def browse(index: Path) -> None:
    from browser import Browser, find_chromium

    executable = find_chromium()
    if executable is None:
        print("browser: chromium not found, skipped")
        return
    browser = Browser(executable)
    try:
        start = time.perf_counter()
        page = browser.open(index)
        ready = time.perf_counter() - start
        rows = page.js("document.querySelectorAll('#catalogs tbody tr').length")
        shown = page.js("document.getElementById('shown').innerText")
        start = time.perf_counter()
        page.js("(() => { const f = document.getElementById('filters');"
                " f.elements.lang.value = 'uk'; f.elements.state.value = 'errors';"
                " f.dispatchEvent(new Event('input')); })()")
        filtered = time.perf_counter() - start
        after = page.js("document.getElementById('shown').innerText")
        start = time.perf_counter()
        page.js("document.querySelector('th[data-key=percent] button').click()")
        sort = time.perf_counter() - start
        problems = page.console_problems()
        print(f"browser: index of {rows} rows ready in {ready:.2f} s ({shown}); filter "
              f"uk + errors {filtered * 1000:.0f} ms ({after}); sort by progress "
              f"{sort * 1000:.0f} ms; console problems: {len(problems)}")
    finally:
        browser.close()


def size(folder: Path) -> str:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    index = (folder / "index.html").stat().st_size
    return f"site {total / 2**20:.0f} MB, index {index / 2**20:.1f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--workdir", type=Path,
                    default=Path(tempfile.gettempdir()) / "l10n-bench-report")
    ap.add_argument("--browser", action="store_true",
                    help="also time the index in headless Chromium")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="run the whole sequence N times (a shared machine is noisy)")
    args = ap.parse_args()
    compileall.compile_dir(SRC / "l10n", quiet=1)
    L10N[:] = installed.command(args.workdir)
    print(f"{args.articles} articles (seed {args.seed}), languages uk, ru, en; "
          f"{os.cpu_count()} cores")
    for n in range(args.repeat):
        if args.repeat > 1:
            print(f"-- run {n + 1} of {args.repeat}")
        site = run(args)
    if args.browser:
        browse(site / "index.html")


def run(args: argparse.Namespace) -> Path:
    root = corpus(args.workdir, args.articles, args.seed)
    site = root / "dist" / "report"

    def step(label: str, command: str, shown: str) -> tuple[float, float, float, str]:
        wall, cpu, peak, out = measured([command], root)
        what = f"({out.strip()})" if shown == "output" else f"{peak:4.0f} MB" + (
            f"  ({size(site)})" if shown == "site" else "")
        print(f"{label:<38}{wall:6.2f} s wall, {cpu:6.2f} s CPU, {what}")
        return wall, cpu, peak, out

    build = step("1. l10n build, first (sources only):", "build", "memory")
    first = step("2. l10n report after it:", "report", "site")
    step("3. l10n report, nothing changed:", "report", "output")
    root = corpus(args.workdir, args.articles, args.seed)
    config = root / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[report]\nenabled = true\n",
                      encoding="utf-8")
    with_site = step("4. l10n build, first, with the site:", "build", "site")
    after = step("5. l10n report after it:", "report", "output")
    fill(Project.load(root))
    filled = step("6. l10n report, translated:", "report", "site")
    print(f"against the first build (1): the site in the build {with_site[0] / build[0] - 1:.1%}"
          f" more, report after it {after[0] / build[0]:.1%} (target under 20 %); report "
          f"after a build without the site {first[0] / build[0]:.1%}, translated "
          f"{filled[0] / build[0]:.1%}")
    return site


if __name__ == "__main__":
    main()
