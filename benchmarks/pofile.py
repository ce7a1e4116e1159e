"""Reading, writing and compiling a big catalog: l10n against polib, babel and GNU gettext.

    PYTHONPATH=src python benchmarks/pofile.py [--articles 2000] [--workdir DIR] [--polib-mo]
                                               [--quick]

The catalog is the fully translated one-big-catalog of the synthetic corpus (2000
articles: about 100,000 entries). Every tool runs in its own process; the table shows
wall and CPU time and peak memory of that process (interpreter start-up included), and
for the Python tools the CPU time of the operation itself, measured inside.
``--polib-mo`` adds polib's ``save_as_mofile`` (quadratic: minutes at this size).
``--quick`` reuses the catalog a previous run left in ``--workdir`` (building it takes
minutes) and measures only l10n, msgcat and msgfmt.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import update as bench  # noqa: E402  (benchmarks/update.py: corpus and measuring helpers)


def _timed(label: str, start: float) -> float:
    now = time.process_time()
    print(f"{label}={now - start:.3f}")
    return now


def run_tool(tool: str, po: str, out: str) -> None:
    """One operation, in this (child) process; prints its own CPU time per phase."""
    t = time.process_time()
    if tool == "l10n-rw":
        from l10n import pofile

        cat = pofile.read(po)
        t = _timed("read", t)
        Path(out).write_text(pofile.dumps(cat), encoding="utf-8")
        _timed("write", t)
    elif tool == "l10n-mo":
        from l10n import mofile, pofile

        cat = pofile.read(po)
        t = _timed("read", t)
        Path(out).write_bytes(mofile.dumps(cat))
        _timed("compile", t)
    elif tool == "polib-rw":
        import polib

        cat = polib.pofile(po)
        t = _timed("read", t)
        cat.save(out)
        _timed("write", t)
    elif tool == "polib-mo":
        import polib

        cat = polib.pofile(po)
        t = _timed("read", t)
        cat.save_as_mofile(out)
        _timed("compile", t)
    elif tool == "babel-mo":
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with open(po, "rb") as fh:
            cat = read_po(fh)
        t = _timed("read", t)
        with open(out, "wb") as fh:
            write_mo(fh, cat)
        _timed("compile", t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--polib-mo", action="store_true")
    ap.add_argument("--quick", action="store_true",
                    help="reuse the catalog in --workdir; only l10n and GNU gettext")
    ap.add_argument("--tool", nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.tool:
        run_tool(*a.tool)
        return
    work = a.workdir or Path(tempfile.mkdtemp(prefix="l10n-bench-pofile-"))
    po = work / f"growth-{a.articles}" / "old.po"
    if a.quick and po.exists():
        # Every entry but the header (which starts the file) follows a newline.
        entries = po.read_text(encoding="utf-8").count("\nmsgid ")
    else:
        corpus = bench.load_corpus(work, a.articles)
        slugs = sorted(corpus.v1)[:a.articles]
        po, _ = bench.big_catalogs(corpus, slugs, work / f"growth-{a.articles}")
        entries = len(bench.old_ids(corpus, slugs))
    print(f"catalog: {po} ({entries} entries, {po.stat().st_size / 2**20:.1f} MiB)")
    rows: list[tuple[str, list[str]]] = [
        ("l10n read + write", [sys.executable, __file__, "--tool", "l10n-rw", str(po),
                               str(work / "l10n.po")]),
        ("polib read + write", [sys.executable, __file__, "--tool", "polib-rw", str(po),
                                str(work / "polib.po")]),
        ("msgcat (C) read + write", ["msgcat", str(po), "-o", str(work / "msgcat.po")]),
        ("l10n read + .mo", [sys.executable, __file__, "--tool", "l10n-mo", str(po),
                             str(work / "l10n.mo")]),
        ("babel read + write_mo", [sys.executable, __file__, "--tool", "babel-mo", str(po),
                                   str(work / "babel.mo")]),
        ("msgfmt (C) .mo", ["msgfmt", str(po), "-o", str(work / "msgfmt.mo")]),
    ]
    if a.polib_mo:
        rows.append(("polib read + save_as_mofile",
                     [sys.executable, __file__, "--tool", "polib-mo", str(po),
                      str(work / "polib.mo")]))
    if a.quick:
        rows = [row for row in rows if not row[0].startswith(("polib", "babel"))]
    for label, cmd in rows:
        run, phases = bench.measure(cmd, capture=True)
        inner = "  ".join(phases.split())
        print(f"  {label:30} {run.cell()}   {inner}")
    same_po = (work / "l10n.po").read_bytes() == (work / "msgcat.po").read_bytes()
    same_mo = (work / "l10n.mo").read_bytes() == (work / "msgfmt.mo").read_bytes()
    print(f"l10n's .po identical to msgcat's: {same_po}; l10n's .mo identical to msgfmt's: "
          f"{same_mo}")


if __name__ == "__main__":
    main()
