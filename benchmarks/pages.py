"""Real HTML pages and Markdown documents: acceptance, round trips, unit quality, speed.

The pages come from the test data that parser and article-extraction packages ship in
their source distributions on PyPI (downloaded with ``pip download --no-binary :all:``
into a cache folder): saved news pages (newspaper4k, htmldate), pages and snippets
(trafilatura, inscriptis, html-text), the HTML5 tree-construction tests (html5lib), and
Markdown: the CommonMark spec examples and the Markdown files of those packages.

For every document:

- extract: it must be accepted (a page is never refused for its markup); notes (text a
  browser reads differently, left untranslated) are counted;
- identity compose (every msgstr = msgid, target = source language): the exact bytes;
- prefix compose (every msgstr = "Ü " + msgid, another language): the same element and
  attribute tree as the source for an HTML5 parser (text and text attributes aside, and
  the document language), and the text of script, style, code and pre untouched. For
  Markdown the trees compared are markdown-it's HTML renderings.

Unit quality is measured on the news pages, split once by a hash of the file name into a
tuning half and a held-out half (``--held-out`` reports the latter): the share of units
that are pure navigation (a lone link, except a page's ``<h1>`` that links to itself, or
a menu word such as "Share" or "Log in"), form controls, cookie notices (a sentence about
cookies being used or accepted) or markup only, and the units over 2,000 characters that
are not one paragraph of text. The test is mechanical and errs both ways (a sentence that
is one link in an article counts as navigation).

Speed: HTML extract throughput (MB/s of pages read by the HTML reader, in-process, best of
``--repeat``) of this checkout and, with ``--baseline REV``, of another revision in the
same run (its ``src/`` exported with ``git archive``, run in a subprocess), plus the
``l10n extract`` command as a process on a project of all news pages.

    python benchmarks/pages.py [--cache DIR] [--baseline REV] [--held-out] [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import html as htmllib
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from fnmatch import fnmatch
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

# (requirement, group, patterns of members to take from the sdist)
SDISTS = [
    ("newspaper4k==0.9.6", "news", ["*/tests/data/html/*.html"]),
    ("newspaper4k==0.9.6", "reference", ["*/tests/data/txt/*.txt"]),
    ("htmldate==1.2.0", "news", ["*/tests/cache/*.html"]),
    ("trafilatura==2.3.1", "pages", ["*/tests/resources/*.html",
                                     "*/tests/resources/webpage.html.gz"]),
    ("inscriptis==2.7.6", "pages", ["*/tests/html/*.html", "*/tests/html/*/*.html"]),
    ("html-text==0.7.1", "pages", ["*/tests/test_webpages/*.html"]),
    ("html5lib==1.1", "html5lib", ["*/tests/testdata/tree-construction/*.dat"]),
    ("markdown-it-py==4.3.0", "markdown", ["*.md", "*/test_cmark_spec/spec.md"]),
    ("commonmark==0.9.2", "markdown", ["*.md"]),
    ("trafilatura==2.3.1", "markdown", ["*.md"]),
    ("newspaper4k==0.9.6", "markdown", ["*.md"]),
]
# html5lib's setup script needs an older setuptools to build its metadata.
BUILD_CONSTRAINTS = {"html5lib==1.1": "setuptools<60\n"}

MENU_WORDS = re.compile(
    r"^(?:share(?: this)?|e-?mail|print|log ?in|log ?out|sign ?(?:up|in|out)|subscribe|"
    r"advertisement|skip to .*|follow us.*|read more|more|menu|search|close|next|previous|"
    r"back to top|comments?|home|top|reply|like|tweet|facebook|twitter|linkedin|"
    r"whatsapp|reddit|pinterest|copy link)\W*$", re.I)
COOKIE = re.compile(r"\bcookies?\b.*\b(?:we use|uses|use of|accept|agree|consent|settings|"
                    r"continu|by using)|\b(?:we use|uses|accept|agree|consent to|by using)\b"
                    r".*\bcookies?\b", re.I | re.S)
TAG = re.compile(r"<[^>]*>")
LETTER = re.compile(r"[^\W\d_]")


# --- the corpus --------------------------------------------------------------------------

def download(cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    for req, _, _ in SDISTS:
        name, version = req.split("==")
        stem = f"{name.replace('-', '_')}-{version}"
        if any(cache.glob(f"{stem}.tar.gz")) or any(cache.glob(f"{name}-{version}.tar.gz")):
            continue
        env = dict(os.environ)
        if req in BUILD_CONSTRAINTS:
            constraint = cache / "build-constraints.txt"
            constraint.write_text(BUILD_CONSTRAINTS[req])
            env["PIP_CONSTRAINT"] = str(constraint)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                        "--no-binary", ":all:", "-d", str(cache), req], check=True, env=env)


def documents(cache: Path) -> dict[str, list[tuple[str, bytes]]]:
    """group -> [(name, bytes)]."""
    out: dict[str, list[tuple[str, bytes]]] = {}
    seen: set[str] = set()
    for req, group, patterns in SDISTS:
        name, version = req.split("==")
        found = [*cache.glob(f"{name.replace('-', '_')}-{version}.tar.gz"),
                 *cache.glob(f"{name}-{version}.tar.gz")]
        if not found:
            continue
        with tarfile.open(found[0]) as tar:
            for member in tar.getmembers():
                if not member.isfile() or not any(fnmatch(member.name, p) for p in patterns):
                    continue
                key = f"{group}/{member.name}"
                if key in seen:
                    continue
                seen.add(key)
                data = tar.extractfile(member).read()  # type: ignore[union-attr]
                if member.name.endswith(".gz"):
                    data = gzip.decompress(data)
                label = f"{name}:{member.name.split('/', 1)[1]}"
                if member.name.endswith(".dat"):
                    for k, case in enumerate(_html5lib_cases(data.decode("utf-8"))):
                        out.setdefault(group, []).append((f"{label}#{k}", case.encode()))
                elif member.name.endswith("spec.md") or member.name.endswith("spec.txt"):
                    for k, case in enumerate(_spec_examples(data.decode("utf-8"))):
                        out.setdefault("commonmark", []).append((f"{label}#{k}", case.encode()))
                    out.setdefault(group, []).append((label, data))
                else:
                    out.setdefault(group, []).append((label, data))
    return out


def _html5lib_cases(text: str) -> list[str]:
    cases = []
    for block in text.split("\n#data\n"):
        block = block.removeprefix("#data\n")
        if "#document-fragment" in block or "\n#errors" not in block:
            continue
        data = block.split("\n#errors", 1)[0]
        if "#script-on" in block or not data.strip():
            continue
        cases.append(data)
    return cases


def _spec_examples(text: str) -> list[str]:
    fence = "`" * 32
    found = re.findall(rf"^{fence} example\n(.*?)^{fence}$", text, re.M | re.S)
    return [ex.split("\n.\n", 1)[0].replace("→", "\t") for ex in found]


def held_out(name: str) -> bool:
    return hashlib.sha1(name.encode()).hexdigest()[0] in "01234567"


# --- checks ---------------------------------------------------------------------------------

def html_shape(text: str) -> list[tuple]:
    from selectolax.lexbor import LexborHTMLParser

    skip = {"lang", "xml:lang", "alt", "title", "content", "aria-label"}
    return [(n.tag, tuple(sorted((k, v) for k, v in n.attributes.items() if k not in skip)))
            for n in LexborHTMLParser(text).root.traverse(include_text=False)]


def kept_text(text: str) -> list[str]:
    from selectolax.lexbor import LexborHTMLParser

    return [n.text(deep=True) for n in LexborHTMLParser(text).css("script, style, code, pre")]


def markdown_shape(text: str) -> list[tuple]:
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    return html_shape(rendered)


def unwanted(unit) -> str:
    """Why a translator would not want this unit ("" if it is wanted)."""
    plain = htmllib.unescape(TAG.sub("", unit.text)).strip()
    if not LETTER.search(plain):
        return "markup-only"
    if COOKIE.search(plain):
        return "cookie"
    if MENU_WORDS.match(plain):
        return "navigation"
    lone_link = re.fullmatch(r"\s*(?:<(?!a\b)[a-z][^>]*>\s*)*<a\b[^>]*>.*</a>\s*"
                             r"(?:</[a-z]+>\s*)*", unit.text, re.S | re.I)
    if unit.context == "content" and unit.role != "title" and lone_link \
            and unit.text.count("<a ") + unit.text.count("<a\n") == 1:
        return "navigation"
    if re.search(r"<(?:button|input|select|label|textarea)\b", unit.text, re.I):
        return "form"
    return ""


def check_documents(docs: list[tuple[str, bytes]], fmt_name: str, lang: str = "en") -> dict:
    from l10n.compose import compose
    from l10n.errors import L10nError
    from l10n.formats import decode, registry, split_bom
    from l10n.model import Catalog, Message

    fmt = next(f for f in registry().values() if f.name == fmt_name)
    stats: Counter = Counter()
    problems: list[str] = []
    for name, data in docs:
        stats["documents"] += 1
        try:
            text = split_bom(decode(data, name))[1]
        except L10nError:
            stats["not UTF-8 (skipped)"] += 1
            continue
        try:
            article = fmt.parse(text, slug="x", path=name, lang=lang, options={},
                                abbreviations={})
        except L10nError as exc:
            stats["refused"] += 1
            problems.append(f"refused {name}: {exc}")
            continue
        stats["accepted"] += 1
        stats["units"] += len(article.units)
        stats["notes"] += len(article.notes)
        stats["documents with notes"] += bool(article.notes)
        ident = compose(article, Catalog(messages=[Message(u.text, u.text)
                                                   for u in article.units]), lang, fmt).text
        if ident != text:
            stats["identity differs"] += 1
            problems.append(f"identity differs: {name}")
        table = {u.text: "Ü " + u.text for u in article.units}
        comp = compose(article, Catalog(messages=[Message(k, v) for k, v in table.items()]),
                       "uk", fmt)
        stats["rejected"] += len(comp.rejected)
        shape = html_shape if fmt_name == "html" else markdown_shape
        if not comp.rejected and shape(comp.text) != shape(text):
            stats["tree differs"] += 1
            problems.append(f"tree differs: {name}")
        if fmt_name == "html" and kept_text(comp.text) != kept_text(text):
            stats["script/style/code/pre changed"] += 1
            problems.append(f"script/style/code/pre changed: {name}")
    return {"stats": dict(stats), "problems": problems}


def _words(text: str) -> Counter:
    return Counter(ch.lower() for ch in text if ch.isalpha())


def article_recall(docs: list[tuple[str, bytes]], references: list[tuple[str, bytes]]
                   ) -> dict:
    """How much of each article (newspaper4k's expected text of the page) the units hold:
    the share of the reference's words found in the plain text of the units."""
    from l10n.formats.html import HtmlFormat

    wanted = {name.rsplit("/", 1)[1].removesuffix(".txt"): data.decode("utf-8")
              for name, data in references}
    found = total = 0
    worst: list[tuple[float, str]] = []
    for name, data in docs:
        key = name.rsplit("/", 1)[1].removesuffix(".html")
        if key not in wanted:
            continue
        article = HtmlFormat().parse(data.decode("utf-8", "replace"), slug="x", path=name,
                                     lang="en")
        have = _words(" ".join(htmllib.unescape(TAG.sub(" ", u.text))
                               for u in article.units))
        want = _words(wanted[key])
        hit = sum(min(n, have[w]) for w, n in want.items())
        found += hit
        total += sum(want.values())
        worst.append((hit / max(1, sum(want.values())), key))
    worst.sort()
    return {"pages": len(worst), "letters of the articles found in units %":
            round(100.0 * found / max(1, total), 1),
            "lowest pages": [f"{k} {100 * r:.0f}%" for r, k in worst[:5]]}


def unit_quality(docs: list[tuple[str, bytes]]) -> dict:
    from l10n.formats import decode, split_bom
    from l10n.formats.html import HtmlFormat

    fmt = HtmlFormat()
    why: Counter = Counter()
    total = long = 0
    examples: dict[str, list[str]] = {}
    for name, data in docs:
        try:
            text = split_bom(decode(data, name))[1]
        except Exception:
            continue
        article = fmt.parse(text, slug="x", path=name, lang="en")
        for unit in article.units:
            total += 1
            reason = unwanted(unit)
            if reason:
                why[reason] += 1
                examples.setdefault(reason, []).append(f"{name}: {unit.text[:90]}")
            if len(unit.text) > 2000 and ("<" in unit.text or unit.role != "paragraph"):
                long += 1
    share = 100.0 * sum(why.values()) / total if total else 0.0
    return {"units": total, "unwanted": dict(why), "unwanted %": round(share, 2),
            "over 2000 characters (not one paragraph of text)": long,
            "examples": {k: v[:5] for k, v in examples.items()}}


# --- speed -------------------------------------------------------------------------------

SPEED_SCRIPT = r"""
import json, sys, time
from l10n.formats.html import HtmlFormat
from l10n.errors import L10nError
texts = json.load(sys.stdin)
fmt = HtmlFormat()
best = None
for _ in range(int(sys.argv[1])):
    t0 = time.perf_counter()
    for t in texts:
        try:
            fmt.parse(t, slug="x", path="x.html", lang="en")
        except L10nError:
            pass
    took = time.perf_counter() - t0
    best = took if best is None else min(best, took)
print(best)
"""


def throughput(texts: list[str], src: Path, repeat: int) -> float:
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run([sys.executable, "-c", SPEED_SCRIPT, str(repeat)],
                         input=json.dumps(texts), capture_output=True, text=True, env=env,
                         check=True)
    seconds = float(out.stdout.strip())
    return sum(len(t.encode()) for t in texts) / 1e6 / seconds


def extract_process(docs: list[tuple[str, bytes]]) -> tuple[float, float]:
    """Seconds and MB of ``l10n extract`` as a process on a project of ``docs``."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["en", "uk"]\n')
        (root / "source").mkdir()
        size = 0
        for k, (_, data) in enumerate(docs):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            (root / "source" / f"page{k:03d}.html").write_bytes(data)
            size += len(data)
        t0 = time.perf_counter()
        subprocess.run(["l10n", "extract"], cwd=root, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - t0, size / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=REPO / ".bench-cache" / "html")
    ap.add_argument("--baseline", help="a git revision to compare extract speed with")
    ap.add_argument("--held-out", action="store_true",
                    help="measure unit quality on the held-out half (default: tuning half)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--show", action="store_true", help="print the problems found")
    args = ap.parse_args()
    download(args.cache)
    docs = documents(args.cache)
    report: dict = {}
    for group, fmt_name in (("news", "html"), ("pages", "html"), ("html5lib", "html"),
                            ("markdown", "markdown"), ("commonmark", "markdown")):
        result = check_documents(docs.get(group, []), fmt_name)
        report[group] = result["stats"]
        if args.show:
            for line in result["problems"][:40]:
                print(f"  {group}: {line}")
    news = docs.get("news", [])
    half = [d for d in news if held_out(d[0]) == args.held_out]
    quality = unit_quality(half)
    report["unit quality (" + ("held-out" if args.held_out else "tuning") +
           f" half, {len(half)} news pages)"] = {k: v for k, v in quality.items()
                                                 if k != "examples"}
    if args.show:
        for reason, lines in quality["examples"].items():
            for line in lines:
                print(f"  {reason}: {line}")
    report["article recall (newspaper4k's expected texts)"] = article_recall(
        news, docs.get("reference", []))
    texts = []
    for _, data in news + docs.get("pages", []):
        with contextlib.suppress(UnicodeDecodeError):
            texts.append(data.decode("utf-8"))
    speed = {"pages": len(texts), "MB": round(sum(len(t.encode()) for t in texts) / 1e6, 2),
             "this checkout MB/s": round(throughput(texts, REPO / "src", args.repeat), 2)}
    if args.baseline:
        with tempfile.TemporaryDirectory() as tmp:
            archive = subprocess.run(["git", "-C", str(REPO), "archive", args.baseline, "src"],
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            speed[f"{args.baseline} MB/s"] = round(
                throughput(texts, Path(tmp) / "src", args.repeat), 2)
    seconds, mb = extract_process(news)
    speed["l10n extract (process) on the news pages"] = f"{mb:.1f} MB in {seconds:.2f} s"
    report["HTML extract speed"] = speed
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
