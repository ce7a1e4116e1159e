#!/usr/bin/env python3
"""Sentence segmentation: accuracy and speed of l10n.segment beside pySBD, razdel, sentencex.

Usage (from the repository root; the other libraries come with the ``bench`` extra):

    PYTHONPATH=src python benchmarks/segment.py [--min-time 1.0] [--json] [--show]
    PYTHONPATH=src python benchmarks/segment.py --quotations

Two kinds of data, every segmenter in the same run:

* The case files in tests/data/segmentation: the share of cases whose whole split is
  exactly right and the characters segmented per second, then the cases l10n gets wrong.
* Real news (tests/data/align: NTREX-128, professional en/uk/ru news, one segment a line):
  the lines of each document are joined four at a time into paragraphs (a headline stays
  alone) and each segmenter is asked to split them back. The line starts are the gold
  boundaries. Scored per language: the share of the boundaries outside quotations that are
  found, the same for boundaries inside a quotation (a quotation running over several
  lines), and the splits made inside a line (a few lines hold two sentences, so some are
  right). ``--show`` lists l10n's misses and splits inside lines.

``--quotations`` prints the evidence behind the quotation convention (docs/segmentation.md):
how the professional segmentation treats sentences inside quotations, and what splitting
them (l10n's convention) or keeping a quotation whole does to units, to reuse of a
sentence-based translation memory and to alignment with the published translations.

A library that is not installed, or has no rules for a language, is shown as n/a. pySBD
has no Ukrainian rules; razdel is Russian-only and is given Ukrainian text too (the
figures in the issue tracker for it were taken that way).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "segmentation"
NEWS = ROOT / "tests" / "data" / "align"
NEWS_FILES = {"en": "newstest2019-src.eng.txt", "uk": "newstest2019-ref.ukr.txt",
              "ru": "newstest2019-ref.rus.txt"}
LANGS = ("en", "ru", "uk")
sys.path.insert(0, str(ROOT / "src"))

from l10n.segment import sentence_spans, sentences  # noqa: E402
from l10n.segment.rules import rules_for  # noqa: E402
from l10n.segment.splitter import split  # noqa: E402

Segmenter = Callable[[str, str], list[str]]


# --- the segmenters ------------------------------------------------------------------------

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


def _razdel() -> tuple[Segmenter, set[str]] | None:
    try:
        import razdel
    except ImportError:
        return None
    return (lambda text, lang: [s.text for s in razdel.sentenize(text)]), {"ru", "uk"}


def _sentencex() -> tuple[Segmenter, set[str]] | None:
    try:
        import sentencex
    except ImportError:
        return None
    return (lambda text, lang: list(sentencex.segment(lang, text))), {"en", "ru", "uk"}


def candidates() -> dict[str, tuple[Segmenter, set[str]] | None]:
    return {"l10n": (sentences, set(LANGS)), "pySBD": _pysbd(), "razdel": _razdel(),
            "sentencex": _sentencex()}


def _timed(segment: Segmenter, texts: list[tuple[str, str]], min_time: float) -> float:
    """Seconds per pass over ``texts`` ((text, lang) pairs), repeated for ``min_time``."""
    rounds, start = 0, time.perf_counter()
    while True:
        for text, lang in texts:
            segment(text, lang)
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return elapsed / rounds


# --- the case files ------------------------------------------------------------------------

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
    seconds = _timed(segment, [(c["text"], c["lang"]) for c in cases], min_time)
    return {"cases": len(cases), "chars": chars, "accuracy": 1 - len(failing) / len(cases),
            "chars_per_s": chars / seconds, "failing": failing}


def case_results(impls: dict, min_time: float) -> list[dict]:
    results: list[dict] = []
    for path in sorted(DATA.glob("*.jsonl")):
        cases = load(path)
        for lang in LANGS:
            group = [c for c in cases if c["lang"] == lang]
            if not group:
                continue
            row = {"set": path.stem, "lang": lang, "cases": len(group)}
            for name, impl in impls.items():
                if impl is None or lang not in impl[1]:
                    row[name] = None
                    continue
                impl[0](group[0]["text"], lang)  # set-up (rule loading) is not timed
                row[name] = score(impl[0], group, min_time)
            results.append(row)
    return results


# --- real news paragraphs ------------------------------------------------------------------

_FINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[int, ...]  # line numbers (0-based) in the news files
    text: str  # the lines joined by one space
    starts: tuple[int, ...]  # where each line starts in text


def news_lines() -> dict[str, list[str]]:
    return {lang: (NEWS / name).read_text(encoding="utf-8").splitlines()
            for lang, name in NEWS_FILES.items()}


def headlines(lines: dict[str, list[str]]) -> list[bool]:
    """Lines without final punctuation in any language: headlines, kept alone."""
    count = len(lines["en"])
    return [any(not _FINAL.search(lines[lang][i].strip()) for lang in lines)
            for i in range(count)]


def documents(lines: dict[str, list[str]]) -> list[list[int]]:
    """Runs of line numbers between headlines (a document's body, or a subheading's)."""
    docs: list[list[int]] = []
    current: list[int] = []
    for i, head in enumerate(headlines(lines)):
        if head:
            if current:
                docs.append(current)
            current = []
        else:
            current.append(i)
    if current:
        docs.append(current)
    return docs


def paragraphs(lines: dict[str, list[str]], lang: str, size: int = 4) -> list[Paragraph]:
    """The news in ``lang`` as paragraphs of ``size`` consecutive lines of a document."""
    groups: list[list[int]] = []
    current: list[int] = []
    for i, head in enumerate(headlines(lines)):
        if head:
            groups += [current, [i]] if current else [[i]]
            current = []
            continue
        current.append(i)
        if len(current) == size:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return [_paragraph([lines[lang][i].strip() for i in group], tuple(group))
            for group in groups]


def _paragraph(texts: list[str], numbers: tuple[int, ...]) -> Paragraph:
    starts, pos = [], 0
    for text in texts:
        starts.append(pos)
        pos += len(text) + 1
    return Paragraph(numbers, " ".join(texts), tuple(starts))


def quotation_regions(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) of the quotations of ``text``: the measure's own
    reading, independent of l10n's. « „ and “ (en) open, » ” and “ (after „) close; a
    straight quote opens after a space or bracket and closes before a space or a
    punctuation mark. A mark without a partner makes no quotation."""
    regions: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []

    def close(wanted: str, i: int) -> None:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] in wanted:
                regions.append((stack[k][1], i))
                del stack[k:]
                return

    for i, char in enumerate(text):
        if char in "«„":
            stack.append((char, i))
        elif char == "“":
            if stack and stack[-1][0] == "„":
                close("„", i)
            else:
                stack.append((char, i))
        elif char in "»”":
            close("«" if char == "»" else "“\"", i)
        elif char == '"':
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            opens = (before.isspace() or before in "([—–-") and not after.isspace()
            closes = not before.isspace() and (after.isspace() or not after.isalnum())
            if opens == closes:  # no telling: alternate
                opens = all(mark != '"' for mark, _ in stack)
            if opens:
                stack.append((char, i))
            else:
                close('"', i)
    return regions


def quotation_depth(text: str, pos: int) -> int:
    """How many quotations of ``text`` are open at ``pos`` (and close after it)."""
    return sum(a < pos <= b for a, b in quotation_regions(text))


def split_starts(segmented: list[str], text: str) -> set[int]:
    """Where the sentences after the first begin in ``text`` (found in order)."""
    found, pos = [], 0
    for sentence in segmented:
        sentence = sentence.strip()
        if not sentence:
            continue
        k = text.find(sentence, pos)
        if k < 0:
            k = text.find(sentence[:20], pos)  # the library changed the text a little
            if k < 0:
                continue
        found.append(k)
        pos = k + 1
    return set(found[1:])


def score_news(segment: Segmenter, paras: list[Paragraph], lang: str,
               min_time: float) -> dict:
    outside = inside = outside_found = inside_found = quoted = 0
    missed: list[tuple[int, str]] = []
    in_line: list[tuple[int, str]] = []
    for para in paras:
        got = split_starts(segment(para.text, lang), para.text)
        for start, number in zip(para.starts[1:], para.lines[1:], strict=True):
            if quotation_depth(para.text, start):
                inside += 1
                inside_found += start in got
            else:
                outside += 1
                outside_found += start in got
                if start not in got:
                    missed.append((number, _around(para.text, start)))
        for start in sorted(got - set(para.starts)):
            line = para.lines[sum(1 for s in para.starts if s < start) - 1]
            in_line.append((line, _around(para.text, start)))
            quoted += quotation_depth(para.text, start) > 0
    chars = sum(len(p.text) for p in paras)
    seconds = _timed(segment, [(p.text, lang) for p in paras], min_time)
    return {"outside": outside, "outside_found": outside_found, "inside": inside,
            "inside_found": inside_found, "splits_in_lines": len(in_line),
            "splits_in_lines_quoted": quoted,
            "chars": chars, "chars_per_s": chars / seconds, "missed": missed,
            "in_line": in_line}


def _around(text: str, pos: int) -> str:
    return text[max(0, pos - 50):pos] + " ‖ " + text[pos:pos + 30]


def news_results(impls: dict, min_time: float) -> list[dict]:
    lines = news_lines()
    results = []
    for lang in LANGS:
        paras = paragraphs(lines, lang)
        row: dict = {"lang": lang, "paragraphs": len(paras)}
        for name, impl in impls.items():
            if impl is None or lang not in impl[1]:
                row[name] = None
                continue
            impl[0](paras[0].text, lang)
            row[name] = score_news(impl[0], paras, lang, min_time)
        results.append(row)
    return results


# --- the quotation convention: the evidence ------------------------------------------------

def _convention(whole: bool) -> Segmenter:
    def segment(text: str, lang: str) -> list[str]:
        rules = replace(rules_for(lang), whole_quotations=whole)
        return [text[a:b] for a, b in split(text, rules)]
    return segment


CONVENTIONS = {"sentences": _convention(False), "whole": _convention(True)}


def professional_treatment(lines: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    """Sentence boundaries inside quotations (l10n's, over whole documents on one line):
    how many the professional segmentation puts at a line break, how many inside a line."""
    found: dict[str, dict[str, int]] = {}
    for lang in LANGS:
        at_break = in_line = 0
        for doc in documents(lines):
            para = _paragraph([lines[lang][i].strip() for i in doc], tuple(doc))
            starts = set(para.starts)
            cuts = [a for a, _ in sentence_spans(para.text, lang)[1:]]
            inner = [c for c in cuts if quotation_depth(para.text, c)]
            at_break += sum(c in starts for c in inner)
            in_line += sum(c not in starts for c in inner)
        found[lang] = {"inside_quotation": at_break + in_line, "at_line_break": at_break,
                       "inside_line": in_line}
    return found


def _units(segment: Segmenter, para: Paragraph, lang: str) -> list[tuple[str, frozenset]]:
    """(text, line numbers it touches) of every unit of a paragraph."""
    ends = [s - 1 for s in para.starts[1:]] + [len(para.text)]
    units = []
    pos = 0
    for sentence in segment(para.text, lang):
        sentence = sentence.strip()
        start = para.text.find(sentence, pos)
        end = pos = start + len(sentence)
        touched = frozenset(n for n, a, b in zip(para.lines, para.starts, ends, strict=True)
                            if a < end and b > start)
        units.append((sentence, touched))
    return units


def unit_statistics(lines: dict[str, list[str]]) -> dict:
    """Per convention and language: units, units of several lines, the longest unit in
    words, and units that are verbatim a professional segment (a sentence-based TM hit)."""
    stats: dict = {}
    for name, segment in CONVENTIONS.items():
        for lang in LANGS:
            segments = {line.strip() for line in lines[lang]}
            units = [u for p in paragraphs(lines, lang) for u in _units(segment, p, lang)]
            stats[(name, lang)] = {
                "units": len(units),
                "multi_line": sum(len(lines_) > 1 for _, lines_ in units),
                "longest_words": max(len(text.split()) for text, _ in units),
                "over_40_words": sum(len(text.split()) > 40 for text, _ in units),
                "tm_hits": sum(text in segments for text, _ in units),
                "unpaired": sum(_unpaired(text) for text, _ in units),
            }
    return stats


def _unpaired(text: str) -> bool:
    """Whether a unit holds a quotation mark without its partner (it opens or closes a
    quotation that runs on in another unit)."""
    marks = sum(text.count(c) for c in "«»„“”\"")
    return 2 * len(quotation_regions(text)) != marks


def cross_article_reuse(lines: dict[str, list[str]]) -> dict:
    """Units of one article found in the other articles' units, exactly or as a fuzzy
    match (l10n's similarity >= 0.9): what a memory of earlier articles gives back."""
    from l10n.fuzzy import FuzzyIndex

    docs = documents(lines)
    doc_of = {n: k for k, doc in enumerate(docs) for n in doc}
    reuse: dict = {}
    for name, segment in CONVENTIONS.items():
        for lang in LANGS:
            units = []  # (text, document)
            for para in paragraphs(lines, lang):
                if para.lines[0] in doc_of:
                    units += [(t, doc_of[para.lines[0]]) for t, _ in _units(segment, para, lang)]
            index = FuzzyIndex(text for text, _ in units)
            docs_of = [doc for _, doc in units]
            found_in: dict[str, set[int]] = {}
            for text, doc in units:
                found_in.setdefault(text, set()).add(doc)
            exact = fuzzy = words = 0
            for text, doc in units:
                if found_in[text] - {doc}:
                    exact += 1
                    words += len(text.split())
                    continue
                match = index.best(text, 0.9, exclude=lambda item, d=doc, docs_of=docs_of:
                                   docs_of[item] == d)
                if match is not None:
                    fuzzy += 1
                    words += len(text.split())
            reuse[(name, lang)] = {"exact": exact, "fuzzy": fuzzy, "words": words}
    return reuse


def alignment(lines: dict[str, list[str]]) -> dict:
    """English units against the published translation's, through the gold line numbers.

    The paragraphs are cut where both sides have a unit boundary at the same line break;
    each piece is a link. A 1:1 link is one unit on each side; a link of one line each is
    a sentence pair a translation memory can take."""
    result: dict = {}
    for name, segment in CONVENTIONS.items():
        en = {p.lines: _units(segment, p, "en") for p in paragraphs(lines, "en")}
        for lang in ("uk", "ru"):
            links = one_to_one = single_line = 0
            for para in paragraphs(lines, lang):
                theirs = _units(segment, para, lang)
                ours = en[para.lines]
                cuts = _shared_cuts(ours, para.lines) & _shared_cuts(theirs, para.lines)
                pieces = _pieces(para.lines, cuts)
                for piece in pieces:
                    n_en = sum(1 for _, ls in ours if ls <= piece)
                    n_tr = sum(1 for _, ls in theirs if ls <= piece)
                    links += 1
                    if n_en == 1 and n_tr == 1:
                        one_to_one += 1
                        single_line += len(piece) == 1
            result[(name, lang)] = {"links": links, "one_to_one": one_to_one,
                                    "single_line": single_line}
    return result


def _shared_cuts(units: list[tuple[str, frozenset]], numbers: tuple[int, ...]) -> set[int]:
    """Line numbers before which a unit boundary falls (no unit runs over the break)."""
    return {n for n in numbers[1:] if not any(n in ls and n - 1 in ls for _, ls in units)}


def _pieces(numbers: tuple[int, ...], cuts: set[int]) -> list[frozenset]:
    pieces, current = [], []
    for n in numbers:
        if n in cuts and current:
            pieces.append(frozenset(current))
            current = []
        current.append(n)
    pieces.append(frozenset(current))
    return pieces


def quotation_report() -> None:
    lines = news_lines()
    print("How the professional segmentation treats sentences inside quotations")
    print("(sentence boundaries inside a quotation, whole documents given on one line)\n")
    print(f"{'lang':<5} {'boundaries':>10} {'at a line break':>16} {'inside a line':>14}")
    for lang, row in professional_treatment(lines).items():
        print(f"{lang:<5} {row['inside_quotation']:>10} {row['at_line_break']:>16} "
              f"{row['inside_line']:>14}")
    print("\nUnits of the two conventions (paragraphs of four lines): 'sentences' splits a "
          "quotation\ninto its sentences, 'whole' keeps a quotation closed in its paragraph "
          "in one unit.\nUnpaired: units holding a quotation mark without its partner. "
          "TM hits: units that are\nverbatim a professional segment.\n")
    stats = unit_statistics(lines)
    reuse = cross_article_reuse(lines)
    print(f"{'convention':<10} {'lang':<4} {'units':>6} {'multi-line':>10} {'longest':>8} "
          f"{'>40 words':>9} {'unpaired':>8} {'TM hits':>8} {'reuse exact':>11} "
          f"{'fuzzy>=.9':>9} {'words':>6}")
    for key, row in stats.items():
        r = reuse[key]
        print(f"{key[0]:<10} {key[1]:<4} {row['units']:>6} {row['multi_line']:>10} "
              f"{row['longest_words']:>8} {row['over_40_words']:>9} {row['unpaired']:>8} "
              f"{row['tm_hits']:>8} {r['exact']:>11} {r['fuzzy']:>9} {r['words']:>6}")
    print("\n'reuse': units found again in another article of the set (a memory of earlier "
          "articles).\n\nAlignment of English units with the published translation "
          "(gold line numbers)\n")
    print(f"{'convention':<10} {'pair':<6} {'links':>6} {'1:1':>6} {'1:1 of one line':>16}")
    for key, row in alignment(lines).items():
        print(f"{key[0]:<10} en-{key[1]:<3} {row['links']:>6} {row['one_to_one']:>6} "
              f"{row['single_line']:>16}")


# --- output --------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-time", type=float, default=1.0,
                        help="seconds to repeat each set for the speed figure (default 1)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--show", action="store_true",
                        help="list l10n's misses and splits inside lines on the news")
    parser.add_argument("--quotations", action="store_true",
                        help="print the evidence for the quotation convention")
    args = parser.parse_args(argv)
    if args.quotations:
        quotation_report()
        return 0

    impls = candidates()
    names = list(impls)
    cases = case_results(impls, args.min_time)
    news = news_results(impls, args.min_time)
    if args.json:
        print(json.dumps({"cases": cases, "news": news}, ensure_ascii=False, indent=1))
        return 0
    _print_cases(cases, names)
    _print_news(news, names, args.show)
    return 0


def _print_cases(results: list[dict], names: list[str]) -> None:
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
    print("\nl10n failing cases:")
    for row in results:
        failing = row["l10n"]["failing"]
        print(f"  {row['set']} {row['lang']}: {', '.join(failing) if failing else 'none'}")


def _print_news(results: list[dict], names: list[str], show: bool) -> None:
    print("\nReal news paragraphs (four lines joined; boundaries found / gold boundaries;"
          "\nsplits inside a line, in parentheses those inside a quotation)\n")
    header = f"{'segmenter':<10} {'lang':<4} {'outside quotations':>22} " \
             f"{'inside quotations':>20} {'splits in lines (quoted)':>24} {'chars/s':>12}"
    print(header)
    print("-" * len(header))
    for name in names:
        for row in results:
            r = row[name]
            if r is None:
                print(f"{name:<10} {row['lang']:<4} {'n/a':>22}")
                continue
            outside = f"{r['outside_found'] / r['outside']:.1%} " \
                      f"({r['outside_found']}/{r['outside']})"
            inside = f"{r['inside_found'] / r['inside']:.1%} " \
                     f"({r['inside_found']}/{r['inside']})" if r["inside"] else "-"
            splits = f"{r['splits_in_lines']} ({r['splits_in_lines_quoted']})"
            print(f"{name:<10} {row['lang']:<4} {outside:>22} {inside:>20} "
                  f"{splits:>24} {r['chars_per_s']:>12,.0f}")
    if show:
        for row in results:
            r = row["l10n"]
            print(f"\nl10n {row['lang']}: missed")
            for number, context in r["missed"]:
                print(f"  line {number + 1}: {context}")
            print(f"l10n {row['lang']}: splits inside lines")
            for number, context in r["in_line"]:
                print(f"  line {number + 1}: {context}")


if __name__ == "__main__":
    raise SystemExit(main())
