#!/usr/bin/env python3
"""Sentence segmentation: accuracy and speed of l10n.segment beside pySBD and sentencex.

Usage (from the repository root; pySBD and sentencex come with the ``bench`` extra):

    PYTHONPATH=src python benchmarks/segment.py [--min-time 1.0] [--json]

For every case file in tests/data/segmentation and every language in it, prints the share
of cases whose whole split is exactly right and the characters segmented per second, for
each segmenter in the same run, then the ids of the cases l10n gets wrong. A library that
is not installed, or does not support a language, is shown as n/a.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "segmentation"
sys.path.insert(0, str(ROOT / "src"))

from l10n.segment import sentences  # noqa: E402

Segmenter = Callable[[str, str], list[str]]


def _pysbd() -> tuple[Segmenter, set[str]] | None:
    try:
        import pysbd
    except ImportError:
        return None
    cache: dict[str, object] = {}

    def segment(text: str, lang: str) -> list[str]:
        if lang not in cache:
            cache[lang] = pysbd.Segmenter(language=lang, clean=False)
        return cache[lang].segment(text)

    return segment, {"en", "ru"}  # pySBD has no Ukrainian rules


def _sentencex() -> tuple[Segmenter, set[str]] | None:
    try:
        import sentencex
    except ImportError:
        return None
    return (lambda text, lang: list(sentencex.segment(lang, text))), {"en", "ru", "uk"}


def candidates() -> dict[str, tuple[Segmenter, set[str]] | None]:
    return {"l10n": (sentences, {"en", "ru", "uk"}), "pySBD": _pysbd(),
            "sentencex": _sentencex()}


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def score(segment: Segmenter, cases: list[dict], min_time: float) -> dict:
    """Exact-match accuracy, failing ids and chars/s (the set repeated for min_time)."""
    failing = []
    for case in cases:
        got = [s.strip() for s in segment(case["text"], case["lang"]) if s.strip()]
        if got != case["sentences"]:
            failing.append(case["id"])
    chars = sum(len(c["text"]) for c in cases)
    rounds, start = 0, time.perf_counter()
    while True:
        for case in cases:
            segment(case["text"], case["lang"])
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            break
    return {"cases": len(cases), "chars": chars, "accuracy": 1 - len(failing) / len(cases),
            "chars_per_s": chars * rounds / elapsed, "failing": failing}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-time", type=float, default=1.0,
                        help="seconds to repeat each set for the speed figure (default 1)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)

    impls = candidates()
    names = list(impls)
    results: list[dict] = []
    for path in sorted(DATA.glob("*.jsonl")):
        cases = load(path)
        for lang in ("en", "ru", "uk"):
            group = [c for c in cases if c["lang"] == lang]
            if not group:
                continue
            row = {"set": path.stem, "lang": lang, "cases": len(group)}
            for name in names:
                impl = impls[name]
                if impl is None or lang not in impl[1]:
                    row[name] = None
                    continue
                impl[0](group[0]["text"], lang)  # set-up (rule loading) is not timed
                row[name] = score(impl[0], group, args.min_time)
            results.append(row)

    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return 0
    header = f"{'set':<16} {'lang':<4} {'cases':>5}" + "".join(
        f" {name + ' acc':>14} {name + ' chars/s':>18}" for name in names)
    print(header)
    print("-" * len(header))
    for row in results:
        line = f"{row['set']:<16} {row['lang']:<4} {row['cases']:>5}"
        for name in names:
            r = row[name]
            line += (f" {'n/a':>14} {'n/a':>18}" if r is None else
                     f" {r['accuracy']:>14.1%} {r['chars_per_s']:>18,.0f}")
        print(line)
    _speed_summary(results, names)
    print("\nl10n failing cases:")
    for row in results:
        failing = row["l10n"]["failing"]
        print(f"  {row['set']} {row['lang']}: {', '.join(failing) if failing else 'none'}")
    return 0


def _speed_summary(results: list[dict], names: list[str]) -> None:
    """Each library's speed against l10n's on the same sets (those it supports)."""
    print()
    for name in names[1:]:
        rows = [row for row in results if row[name] is not None]
        if not rows:
            print(f"{name}: not installed")
            continue
        chars = sum(row[name]["chars"] for row in rows)
        theirs = sum(row[name]["chars"] / row[name]["chars_per_s"] for row in rows)
        ours = sum(row["l10n"]["chars"] / row["l10n"]["chars_per_s"] for row in rows)
        print(f"on the {len(rows)} set/language groups {name} supports: l10n "
              f"{chars / ours:,.0f} chars/s, {name} {chars / theirs:,.0f} chars/s; "
              f"l10n is {theirs / ours:.1f}x {name}'s speed")


if __name__ == "__main__":
    raise SystemExit(main())
