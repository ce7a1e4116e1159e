#!/usr/bin/env python3
"""Alignment of published translations: `l10n align` beside plain Gale–Church, same run.

Usage (from the repository root):

    PYTHONPATH=src python benchmarks/align.py [--seeds 1] [--pairs en-uk,en-ru,uk-ru]
                                              [--growth 1,2,4,8,16] [--show 5] [--json]

Data: the NTREX-128 news documents in tests/data/align (professional en/uk/ru translations,
one segment a line). ``tests/align_support.py`` makes each document an article pair (the
headline alone, then paragraphs of one to four lines) as published, and with one paragraph
dropped from the translation and two of its paragraphs merged (``edited``). ``--seeds N``
repeats with N different paragraphings and edits.

For every language pair and variant the articles go into a fresh project, and
``l10n align --from DIR --lang LANG`` runs as a process (start-up included): its wall time
gives the throughput. The catalogs it wrote are then read back and each entry judged
against the line gold (``align_support.score``):

* precision of the translated (non-fuzzy) entries: the share whose translation is exactly
  the published sentence(s) of that source sentence;
* recall: of the source sentences whose line is one sentence on both sides (and that the
  translation kept), the share whose entry holds exactly that sentence, translated or fuzzy;
* the share of entries that became translated rather than fuzzy.

Plain Gale–Church (1993: characters, c = 1, s² = 6.8, their priors for 1-1, 1-0, 0-1, 2-1,
1-2 and 2-2) runs on the same sentences (l10n's reader and segmenter); it has no notion of
confidence, so every bead with one source sentence counts as a translated entry.

``--growth`` times the aligner in process on articles made of 1, 2, 4... documents joined
(the published en-uk pairs), against their length in sentences: how the work grows with
article length. Timings on a shared machine are noisy; compare figures from one run.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import align_support as gold  # noqa: E402
from l10n import pofile  # noqa: E402
from l10n.align.core import Segment, align  # noqa: E402
from l10n.formats.text import TextFormat  # noqa: E402
from l10n.model import Article  # noqa: E402

READER = TextFormat()


# -- plain Gale–Church --------------------------------------------------------------------

GC_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2,
             (1, 2): 0.089 / 2, (2, 2): 0.011}
GC_C, GC_S2 = 1.0, 6.8


def _gc_cost(ls: int, lt: int) -> float:
    if ls == 0 and lt == 0:
        return 0.0
    mean = (ls + lt / GC_C) / 2
    delta = (lt - ls * GC_C) / math.sqrt(mean * GC_S2)
    tail = math.erfc(abs(delta) / math.sqrt(2))  # 2 (1 - Φ(|δ|))
    return -math.log(max(tail, 1e-300))


def gale_church(source: Sequence[str], target: Sequence[str]
                ) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    n, m = len(source), len(target)
    ls = [len(s) for s in source]
    lt = [len(t) for t in target]
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            for (a, b), prior in GC_PRIORS.items():
                ni, nj = i + a, j + b
                if ni > n or nj > m:
                    continue
                c = cost[i][j] - math.log(prior) + _gc_cost(sum(ls[i:ni]), sum(lt[j:nj]))
                if c < cost[ni][nj]:
                    cost[ni][nj] = c
                    back[ni][nj] = (i, j)
    beads = []
    at: tuple[int, int] = (n, m)
    while at != (0, 0):
        prev = back[at[0]][at[1]]
        assert prev is not None
        beads.append((tuple(range(prev[0], at[0])), tuple(range(prev[1], at[1]))))
        at = prev
    return beads[::-1]


# -- one run ----------------------------------------------------------------------------

@dataclass
class Result:
    pair: str
    variant: str
    articles: int = 0
    sentences: int = 0
    seconds: float = 0.0
    l10n: gold.Score = field(default_factory=gold.Score)
    baseline: gold.Score = field(default_factory=gold.Score)


def _units(text: str, lang: str, name: str) -> Article:
    return READER.parse(text, slug=name, path=f"{name}.txt", lang=lang)


def _entries_from_catalog(catalog_path: Path, sources: list[str], targets: list[str],
                          right: Callable[[int, list[int]], bool]
                          ) -> list[tuple[int, list[int], bool]]:
    """(source unit, target units, translated?) for each entry holding a translation; the
    target units are found by the translation text."""
    if not catalog_path.exists():
        return []
    entries = {m.msgid: m for m in pofile.read(catalog_path).messages
               if not m.obsolete and m.msgstr}
    runs: dict[str, list[list[int]]] = {}
    for start in range(len(targets)):
        for size in range(1, 5):
            if start + size <= len(targets):
                run = list(range(start, start + size))
                runs.setdefault(" ".join(targets[t] for t in run), []).append(run)
    occurrences: dict[str, list[int]] = {}
    for s, text in enumerate(sources):
        occurrences.setdefault(text, []).append(s)
    found = []
    for text, places in occurrences.items():
        msg = entries.get(text)
        candidates = runs.get(msg.msgstr, []) if msg is not None else []
        if msg is None or not candidates:
            continue
        # A sentence repeated in the article (or a translation repeated in the published
        # text) has one entry: it is right if it is right at one of its places.
        scale = len(targets) / max(len(sources), 1)
        options = sorted(((s, r) for s in places for r in candidates),
                         key=lambda sr: abs(sr[1][0] - sr[0] * scale))
        s, run = next((sr for sr in options if right(*sr)), options[0])
        found.append((s, run, not msg.fuzzy))
    return found


def run_pair(source_lang: str, target_lang: str, variant: str, seed: int,
             show: int) -> Result:
    result = Result(f"{source_lang}-{target_lang}", variant)
    pairs = gold.pairs(source_lang, target_lang, (variant,), seed=seed)
    with tempfile.TemporaryDirectory(prefix="l10n-align-bench-") as tmp:
        root = Path(tmp)
        (root / "source").mkdir()
        (root / "published").mkdir()
        (root / "l10n.toml").write_text(
            f'source_language = "{source_lang}"\n'
            f'languages = ["{source_lang}", "{target_lang}"]\n', encoding="utf-8")
        for n, pair in enumerate(pairs):
            name = f"doc-{n:03d}"
            (root / "source" / f"{name}.txt").write_text(pair.source.text, encoding="utf-8")
            (root / "published" / f"{name}.txt").write_text(pair.target.text,
                                                             encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "l10n.cli", "align", "--from",
                               str(root / "published"), "--lang", target_lang,
                               "--project", str(root)], capture_output=True, text=True,
                              env=_env())
        result.seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"l10n align failed: {done.stderr.strip()}")
        for n, pair in enumerate(pairs):
            name = f"doc-{n:03d}"
            src = _units(pair.source.text, source_lang, name)
            tgt = _units(pair.target.text, target_lang, name)
            src_texts = [u.text for u in src.units]
            tgt_texts = [u.text for u in tgt.units]
            src_lines = pair.source.lines_of(gold.unit_spans(src.parts))
            tgt_lines = pair.target.lines_of(gold.unit_spans(tgt.parts))
            po = root / "locales" / target_lang / "LC_MESSAGES" / f"{name}.po"
            def right(s: int, run: list[int], pair: gold.Pair = pair,
                      lines: tuple = (src_lines, tgt_lines)) -> bool:
                return gold.score(pair, *lines, [(s, run, True)]).translated_right == 1

            entries = _entries_from_catalog(po, src_texts, tgt_texts, right)
            result.l10n.add(gold.score(pair, src_lines, tgt_lines, entries,
                                       (src_texts, tgt_texts)))
            beads = gale_church(src_texts, tgt_texts)
            result.baseline.add(gold.score(pair, src_lines, tgt_lines,
                                           [(s[0], t, True) for s, t in beads
                                            if len(s) == 1 and t]))
            result.articles += 1
            result.sentences += len(src_texts)
    for wrong in result.l10n.wrong[:show]:
        print(f"    l10n wrong: {wrong[:200]}", file=sys.stderr)
    return result


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + (
        os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def growth(sizes: Sequence[int], repeat: int = 3) -> list[tuple[int, int, float, float]]:
    """(documents joined, source sentences, ms for l10n's aligner, ms for Gale–Church)."""
    pairs = gold.pairs("en", "uk", ("published",))
    out = []
    for size in sizes:
        chunks = [pairs[k:k + size] for k in range(0, len(pairs) - size + 1, size)][:4]
        if not chunks:
            continue
        times, gc_times, lengths = [], [], []
        for chunk in chunks:
            pair = gold.concatenated(chunk, f"joined-{size}")
            src = _units(pair.source.text, "en", "a")
            tgt = _units(pair.target.text, "uk", "a")
            s = [Segment(u.text, u.block, u.role) for u in src.units]
            t = [Segment(u.text, u.block, u.role) for u in tgt.units]
            lengths.append(len(s))
            best = best_gc = float("inf")
            for _ in range(repeat):
                started = time.perf_counter()
                align(s, t, "en", "uk")
                best = min(best, time.perf_counter() - started)
                started = time.perf_counter()
                gale_church([x.text for x in s], [x.text for x in t])
                best_gc = min(best_gc, time.perf_counter() - started)
            times.append(best)
            gc_times.append(best_gc)
        out.append((size, round(statistics.mean(lengths)), statistics.mean(times) * 1000,
                    statistics.mean(gc_times) * 1000))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1, help="paragraphings and edits tried")
    parser.add_argument("--pairs", default="en-uk,en-ru,uk-ru")
    parser.add_argument("--growth", default="1,2,4,8,16",
                        help="documents per article for the growth curve ('' to skip)")
    parser.add_argument("--show", type=int, default=3, help="wrong entries shown per set")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    results: list[Result] = []
    for spec in args.pairs.split(","):
        a, b = spec.split("-")
        for variant in gold.VARIANTS:
            total = Result(spec, variant)
            for seed in range(args.seeds):
                one = run_pair(a, b, variant, seed, args.show)
                total.articles += one.articles
                total.sentences += one.sentences
                total.seconds += one.seconds
                total.l10n.add(one.l10n)
                total.baseline.add(one.baseline)
            results.append(total)
            if not args.json:
                _row(total)
    curve = growth([int(x) for x in args.growth.split(",") if x]) if args.growth else []
    if args.json:
        print(json.dumps({
            "sets": [{"pair": r.pair, "variant": r.variant, "articles": r.articles,
                      "seconds": round(r.seconds, 3),
                      "l10n": _score_json(r.l10n), "gale_church": _score_json(r.baseline)}
                     for r in results],
            "growth": [{"documents": d, "sentences": n, "l10n_ms": round(ms, 1),
                        "gale_church_ms": round(gc, 1)} for d, n, ms, gc in curve]},
            indent=2))
        return
    if curve:
        print("\ngrowth with article length (in process, best of 3, mean over 4 articles)")
        print(f"{'documents':>9} {'sentences':>9} {'l10n ms':>9} {'ms/sent':>8} "
              f"{'G-C ms':>8}")
        for docs, sentences, ms, gc in curve:
            print(f"{docs:>9} {sentences:>9} {ms:>9.1f} {ms / max(sentences, 1):>8.2f} "
                  f"{gc:>8.1f}")


_HEADER_SHOWN = False


def _row(r: Result) -> None:
    global _HEADER_SHOWN
    if not _HEADER_SHOWN:
        print(f"{'pair':<6} {'variant':<9} {'art.':>4} | {'l10n P':>7} {'R':>7} "
              f"{'transl.':>7} {'art/s':>6} | {'G-C P':>7} {'R':>7}")
        _HEADER_SHOWN = True
    s, g = r.l10n, r.baseline
    share = s.translated / max(s.translated + s.fuzzy, 1)
    print(f"{r.pair:<6} {r.variant:<9} {r.articles:>4} | {s.precision:>7.2%} "
          f"{s.recall:>7.2%} {share:>7.1%} {r.articles / r.seconds:>6.1f} | "
          f"{g.precision:>7.2%} {g.recall:>7.2%}", flush=True)


def _score_json(s: gold.Score) -> dict[str, object]:
    return {"translated": s.translated, "translated_right": s.translated_right,
            "fuzzy": s.fuzzy, "fuzzy_right": s.fuzzy_right, "gold": s.gold, "found": s.found,
            "precision": round(s.precision, 5), "recall": round(s.recall, 5)}


if __name__ == "__main__":
    main()
