"""Catalogs for the benchmarks, built from the synthetic corpus (make_corpus.py).

The gold segmentation (``--segments``) gives each article's sentences; one template per
article, and one big template of the whole corpus, are made from it. The "translation" of
a sentence is ``fake_translation(msgid)``, so a benchmark can tell whether the right old
translation was offered for an edited sentence. The ``--changes`` file says which
sentences were edited and which paragraphs are brand new.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from l10n import pofile
from l10n.model import Catalog, Message

HERE = Path(__file__).resolve().parent
HEADERS = {
    "Project-Id-Version": "bench",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "2024-01-01 00:00+0000",
    "PO-Revision-Date": "2024-01-02 00:00+0000",
    "Last-Translator": "Bench <bench@example.org>",
    "Language-Team": "Ukrainian",
    "Language": "uk",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                    "(n%100<10 || n%100>=20) ? 1 : 2);",
}


def fake_translation(msgid: str) -> str:
    return "[uk] " + msgid


def generate(outdir: Path, articles: int, mutate: float | None = None) -> tuple[Path, Path]:
    """Run make_corpus.py; returns the segments file and the changes file."""
    outdir.mkdir(parents=True, exist_ok=True)
    tag = "v2" if mutate else "v1"
    seg = outdir / f"{tag}.seg"
    changes = outdir / f"{tag}.changes"
    if not seg.exists():
        cmd = [sys.executable, str(HERE / "make_corpus.py"), str(outdir / tag), "--articles",
               str(articles), "--seed", "1", "--segments", str(seg)]
        if mutate:
            cmd += ["--mutate", str(mutate), "--changes", str(changes)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return seg, changes


def read_segments(seg: Path) -> dict[str, list[tuple[int, str]]]:
    """slug → [(block, text)] in article order."""
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    with seg.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            out[row[0]].append((int(row[1]), row[3]))
    return out


def template(slug: str, segments: list[tuple[int, str]], catalog: Catalog | None = None
             ) -> Catalog:
    """The template of one article (or its entries appended to ``catalog``)."""
    cat = catalog or Catalog(headers={k: v for k, v in HEADERS.items()
                                      if k not in ("Language", "Plural-Forms")})
    index = {m.msgid: m for m in cat.messages} if catalog else {}
    for block, text in segments:
        msg = index.get(text)
        ref = f"source/{slug}.txt:{block + 1}"
        if msg is None:
            msg = index[text] = Message(msgid=text, references=[ref])
            cat.messages.append(msg)
        elif ref not in msg.references:
            msg.references.append(ref)
    return cat


def translated(pot: Catalog) -> Catalog:
    """A fully translated catalog for the template."""
    po = Catalog(headers=dict(HEADERS))
    for m in pot.messages:
        po.messages.append(Message(msgid=m.msgid, msgstr=fake_translation(m.msgid),
                                   references=list(m.references)))
    return po


@dataclass
class Changes:
    edited: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # slug → (old, new)
    new_paragraphs: dict[str, list[str]] = field(default_factory=dict)  # slug → paragraphs


def read_changes(path: Path) -> Changes:
    ch = Changes()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            slug, op, old, new = row
            if op in ("change", "add", "remove"):
                ch.edited.setdefault(slug, []).append((old, new))
            elif op == "para-add":
                ch.new_paragraphs.setdefault(slug, []).append(new)
    return ch


@dataclass
class Quality:
    edited: int = 0
    recalled: int = 0  # edited sentences offered the right old translation as fuzzy
    new: int = 0
    suggested: int = 0  # brand-new sentences given any fuzzy suggestion

    def add(self, other: Quality) -> None:
        self.edited += other.edited
        self.recalled += other.recalled
        self.new += other.new
        self.suggested += other.suggested

    def line(self) -> str:
        r = 100.0 * self.recalled / self.edited if self.edited else 0.0
        s = 100.0 * self.suggested / self.new if self.new else 0.0
        return (f"recall on edited {self.recalled}/{self.edited} = {r:.1f} %, "
                f"new sentences with a suggestion {self.suggested}/{self.new} = {s:.1f} %")


def quality(merged: Catalog, old_ids: set[str], v2_segments: dict[str, list[tuple[int, str]]],
            changes: Changes, slugs: list[str]) -> Quality:
    """Score a merged catalog against the changes of the articles ``slugs``."""
    q = Quality()
    by_id = {m.msgid: m for m in merged.messages if not m.obsolete}
    for slug in slugs:
        for old, new in changes.edited.get(slug, []):
            m = by_id.get(new)
            if m is None or new in old_ids or old not in old_ids:
                continue
            q.edited += 1
            if m.fuzzy and m.msgstr == fake_translation(old):
                q.recalled += 1
        paragraphs = changes.new_paragraphs.get(slug, [])
        if not paragraphs:
            continue
        seen: set[str] = set()
        for _, text in v2_segments.get(slug, []):
            if text in seen or text in old_ids or not any(text in p for p in paragraphs):
                continue
            seen.add(text)
            m = by_id.get(text)
            if m is None:
                continue
            q.new += 1
            if m.msgstr:
                q.suggested += 1
    return q


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
