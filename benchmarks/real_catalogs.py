"""l10n against GNU gettext on every catalog of the Django and Sphinx wheels.

    python benchmarks/real_catalogs.py [--workdir DIR] [--jobs 2] [--sample N]

Downloads (once, with pip) the wheels of Django 4.2 and 5.1 and Sphinx 7.4 and 8.1, takes
every ``.po`` in them (catalogs nobody here wrote: Transifex, Babel and msgmerge output
in over a hundred languages) and compares, file by file:

* reading: l10n reads the file;
* writing: ``pofile.dumps`` equals ``msgcat`` byte for byte, at the default width, with
  ``--no-wrap`` and with ``-w 76``;
* ``.mo``: ``mofile.dumps`` equals ``msgfmt``'s output byte for byte;
* statistics: translated, fuzzy and untranslated counts equal ``msgfmt --statistics``;
* checking: ``l10n check``'s validity errors appear exactly for the files ``msgfmt -c``
  refuses (quality findings, which msgfmt does not look for, are counted by check name),
  and the check never raises.

Then every catalog of an older release is merged into the template of the newer one
(Django 4.2 → 5.1, Sphinx 7.4 → 8.1; the template is the newer catalog without its
translations) by ``msgmerge --previous`` and by l10n's ``update.merge``:

* neither loses a translation (each old translation is in the result as a translation,
  a fuzzy suggestion or an obsolete ``#~`` entry);
* l10n writes msgmerge's output as ``msgcat`` does, and both merged files compile to
  the ``.mo`` ``msgfmt`` makes;
* fuzzy suggestions: how many each tool offers for entries new in the newer release,
  and how many of those are useful, i.e. at least half similar (difflib ratio >= 0.5)
  to the translation the newer release actually ships.

Needs GNU gettext (msgcat, msgfmt, msgmerge) and network access for the first run.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from difflib import SequenceMatcher
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from l10n import mofile, pofile  # noqa: E402
from l10n.check import check_file, stats  # noqa: E402
from l10n.checks import CHECKS, ERROR  # noqa: E402
from l10n.errors import L10nError  # noqa: E402
from l10n.model import Catalog, Message  # noqa: E402
from l10n.update import merge  # noqa: E402

WHEELS = ("Django==4.2.*", "Django==5.1.*", "Sphinx==7.4.*", "Sphinx==8.1.*")
# older release -> newer release, by the wheel's name prefix
PAIRS = (("django-4.2", "django-5.1"), ("sphinx-7.4", "sphinx-8.1"))
USEFUL = 0.5
ENV = dict(os.environ, LC_ALL="C.UTF-8")


def fetch(workdir: Path) -> Path:
    """The .po files of the wheels, extracted under workdir/po/<wheel>/."""
    wheels = workdir / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    for spec in WHEELS:
        name = spec.split("==")[0].lower()
        version = spec.split("==")[1].rstrip(".*")
        if not list(wheels.glob(f"{name}-{version}.*.whl")):
            subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                            "--only-binary", ":all:", "-d", str(wheels), spec], check=True)
    root = workdir / "po"
    for wheel in sorted(wheels.glob("*.whl")):
        target = root / wheel.name.split("-py3")[0].lower()
        if target.is_dir():
            continue
        with zipfile.ZipFile(wheel) as zf:
            for member in zf.namelist():
                if member.endswith(".po"):
                    zf.extract(member, target)
    return root


def _run(args: list[str], **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, capture_output=True, env=ENV, check=False, **kw)  # type: ignore


def language_of(path: Path) -> str:
    return path.parent.parent.name


_STATS_RE = re.compile(r"(\d+) translated messages?(?:, (\d+) fuzzy translations?)?"
                       r"(?:, (\d+) untranslated messages?)?")


def compare_file(path_text: str) -> dict[str, object]:
    """Every comparison for one catalog; counts of what agreed."""
    path = Path(path_text)
    out: dict[str, object] = {"path": path_text}
    try:
        catalog = pofile.read(path)
    except L10nError as exc:
        out["read_error"] = str(exc)
        return out
    out["read"] = True
    out["entries"] = sum(1 for m in catalog.messages if not m.obsolete)
    for label, args, width in (("write", [], 79), ("write_nowrap", ["--no-wrap"], 0),
                               ("write_w76", ["-w", "76"], 76)):
        expected = _run(["msgcat", *args, str(path)]).stdout
        out[label] = pofile.dumps(catalog, width).encode("utf-8") == expected
    with tempfile.TemporaryDirectory() as tmp:
        mo = Path(tmp) / "x.mo"
        proc = _run(["msgfmt", "--statistics", "-o", str(mo), str(path)])
        out["mo"] = proc.returncode == 0 and mofile.dumps(catalog) == mo.read_bytes()
        m = _STATS_RE.search(proc.stderr.decode("utf-8", "replace"))
        s = stats(catalog)
        out["stats"] = m is not None and (s.translated, s.fuzzy, s.untranslated) == tuple(
            int(g or 0) for g in m.groups())
    refused = _run(["msgfmt", "-c", "-o", "/dev/null", str(path)]).returncode != 0
    try:
        result = check_file(path, language_of(path), shown=path.name)
    except Exception as exc:  # noqa: BLE001 - what the benchmark is looking for
        out["check_crash"] = f"{type(exc).__name__}: {exc}"
        return out
    validity = [p for p in result.problems
                if p.severity == ERROR and CHECKS[p.check].group == "validity"]
    out["msgfmt_refuses"] = refused
    out["check_agrees"] = bool(validity) == refused
    out["findings"] = Counter(f"{p.check} ({p.severity})" for p in result.problems)
    out["failing"] = sorted({p.check for p in result.problems if p.severity == ERROR})
    return out


def template_of(catalog: Catalog) -> Catalog:
    """The newer release's catalog without its translations: its template."""
    pot = Catalog(header_comments=list(catalog.header_comments), headers=dict(catalog.headers))
    for m in catalog.messages:
        if m.obsolete:
            continue
        pot.messages.append(Message(
            msgid=m.msgid, msgctxt=m.msgctxt, msgid_plural=m.msgid_plural,
            msgstr_plural=["", ""] if m.msgid_plural is not None else [],
            extracted_comments=list(m.extracted_comments), references=list(m.references),
            flags=[f for f in m.flags if f != "fuzzy"]))
    return pot


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


def _text(m: Message) -> str:
    return m.msgstr_plural[0] if m.msgid_plural is not None and m.msgstr_plural else m.msgstr


def _translations(m: Message) -> list[str]:
    return [s for s in (m.msgstr_plural if m.msgid_plural is not None else [m.msgstr]) if s]


def _keeps_every_translation(old: Catalog, merged: Catalog) -> bool:
    have = Counter(s for m in merged.messages for s in _translations(m))
    want = Counter(s for m in old.messages for s in _translations(m))
    return not (want - have) or all(have[s] for s in want)


def _suggestions(old: Catalog, merged: Catalog) -> dict[tuple[str | None, str], str]:
    """Entries new in the template that got a fuzzy suggestion: key -> suggested text."""
    old_keys = {m.key for m in old.messages}
    return {m.key: _text(m) for m in merged.messages
            if not m.obsolete and m.fuzzy and m.key not in old_keys and _text(m)}


def compare_merge(pair: tuple[str, str]) -> dict[str, object]:
    old_path, new_path = map(Path, pair)
    out: dict[str, object] = {"pair": pair}
    try:
        old, new = pofile.read(old_path), pofile.read(new_path)
    except L10nError as exc:
        out["read_error"] = str(exc)
        return out
    pot = template_of(new)
    shipped = {m.key: _text(m) for m in new.messages if not m.obsolete and m.translated}
    with tempfile.TemporaryDirectory() as tmp:
        pot_path, mm_path = Path(tmp) / "new.pot", Path(tmp) / "mm.po"
        pot_path.write_text(pofile.dumps(pot), encoding="utf-8")
        proc = _run(["msgmerge", "-q", "--previous", "-o", str(mm_path), str(old_path),
                     str(pot_path)])
        if proc.returncode != 0:
            out["msgmerge_error"] = proc.stderr.decode("utf-8", "replace")[-300:]
            return out
        theirs = pofile.read(mm_path)
        out["msgmerge_writer"] = pofile.dumps(theirs).encode("utf-8") == \
            _run(["msgcat", str(mm_path)]).stdout
        ours = merge(pot, old)
        ours_path = Path(tmp) / "ours.po"
        ours_path.write_text(pofile.dumps(ours), encoding="utf-8")
        mo_ok = True
        for catalog, path in ((theirs, mm_path), (ours, ours_path)):
            mo = Path(tmp) / "x.mo"
            _run(["msgfmt", "-o", str(mo), str(path)])
            mo_ok = mo_ok and mofile.dumps(catalog) == mo.read_bytes()
        out["merged_mo"] = mo_ok
    out["keeps_l10n"] = _keeps_every_translation(old, ours)
    out["keeps_msgmerge"] = _keeps_every_translation(old, theirs)
    for tool, merged in (("l10n", ours), ("msgmerge", theirs)):
        offered = _suggestions(old, merged)
        out[f"offered_{tool}"] = len(offered)
        out[f"useful_{tool}"] = sum(_similar(text, shipped.get(key, "")) >= USEFUL
                                    for key, text in offered.items())
    mine, theirs_offered = _suggestions(old, ours), _suggestions(old, theirs)
    withheld = {k: v for k, v in theirs_offered.items() if k not in mine}
    out["withheld"] = len(withheld)
    out["withheld_useful"] = sum(_similar(v, shipped.get(k, "")) >= USEFUL
                                 for k, v in withheld.items())
    return out


def pairs_of(root: Path) -> list[tuple[str, str]]:
    pairs = []
    for older, newer in PAIRS:
        old_root = next(root.glob(older + "*"), None)
        new_root = next(root.glob(newer + "*"), None)
        if old_root is None or new_root is None:
            continue
        for path in sorted(old_root.rglob("*.po")):
            other = new_root / path.relative_to(old_root)
            if other.is_file():
                pairs.append((str(path), str(other)))
    return pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workdir", type=Path,
                    default=Path(tempfile.gettempdir()) / "l10n-real-catalogs")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sample", type=int, default=0,
                    help="only every n-th catalog (quick runs)")
    args = ap.parse_args()
    root = fetch(args.workdir)
    files = sorted(str(p) for p in root.rglob("*.po"))
    pairs = pairs_of(root)
    if args.sample:
        files, pairs = files[::args.sample], pairs[::args.sample]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(compare_file, files, chunksize=8))
        merges = list(pool.map(compare_merge, pairs, chunksize=4))

    n = len(results)
    read = [r for r in results if r.get("read")]
    print(f"catalogs: {n} ({sum(int(r['entries']) for r in read)} entries, "  # type: ignore
          f"{len({language_of(Path(str(r['path']))) for r in results})} locales)")

    def line(label: str, key: str, of: list[dict[str, object]]) -> None:
        good = sum(1 for r in of if r.get(key) is True)
        print(f"  {label:<44} {good}/{len(of)}")
        for r in [r for r in of if r.get(key) is False][:3]:
            print(f"      differs: {r.get('path') or r.get('pair')}")

    print(f"  {'read by l10n':<44} {len(read)}/{n}")
    for r in results:
        if "read_error" in r:
            print(f"      {r['read_error']}")
    line("writer = msgcat", "write", read)
    line("writer = msgcat --no-wrap", "write_nowrap", read)
    line("writer = msgcat -w 76", "write_w76", read)
    line(".mo = msgfmt", "mo", read)
    line("statistics = msgfmt --statistics", "stats", read)
    crashed = [r for r in read if "check_crash" in r]
    print(f"  {'l10n check raised':<44} {len(crashed)}/{len(read)}")
    for r in crashed[:5]:
        print(f"      {r['path']}: {r['check_crash']}")
    checked = [r for r in read if "check_agrees" in r]
    line("validity errors exactly where msgfmt -c refuses", "check_agrees", checked)
    refused = sum(1 for r in checked if r["msgfmt_refuses"])
    print(f"      (msgfmt -c refuses {refused}; accepts {len(checked) - refused})")
    failing: Counter[str] = Counter()
    for r in checked:
        if not r["msgfmt_refuses"]:
            failing.update(r["failing"])  # type: ignore[arg-type]
    accepted_failing = sum(1 for r in checked if not r["msgfmt_refuses"] and r["failing"])
    print(f"  files msgfmt -c accepts that fail the gate: {accepted_failing}, by check "
          "(quality findings with their own name):")
    for check, count in failing.most_common():
        print(f"      {check:<16} {count} files ({CHECKS[check].group})")
    findings: Counter[str] = Counter()
    for r in checked:
        findings.update(r["findings"])  # type: ignore[arg-type]
    print("  findings, all files: " + ", ".join(f"{k} {v}" for k, v in
                                               findings.most_common()))

    merged = [r for r in merges if "read_error" not in r and "msgmerge_error" not in r]
    print(f"\nmerges (older release into the newer template): {len(merged)}/{len(merges)}")
    line("l10n keeps every translation", "keeps_l10n", merged)
    line("msgmerge keeps every translation", "keeps_msgmerge", merged)
    line("writer = msgcat on msgmerge's output", "msgmerge_writer", merged)
    line(".mo of both merged files = msgfmt", "merged_mo", merged)
    total = {k: sum(int(r[k]) for r in merged) for k in  # type: ignore[call-overload]
             ("offered_l10n", "useful_l10n", "offered_msgmerge", "useful_msgmerge",
              "withheld", "withheld_useful")}
    print(f"  fuzzy suggestions for new entries: l10n {total['offered_l10n']} "
          f"({total['useful_l10n']} useful), msgmerge {total['offered_msgmerge']} "
          f"({total['useful_msgmerge']} useful); useful = at least {USEFUL:.0%} similar "
          "to the newer release's translation")
    if total["offered_msgmerge"]:
        print(f"  l10n offers {total['offered_l10n'] / total['offered_msgmerge']:.0%} as "
              f"many; of msgmerge's suggestions l10n withholds {total['withheld']}, "
              f"{total['withheld_useful']} of them useful")
    for older, _ in PAIRS:
        part = [r for r in merged if Path(r["pair"][0]).parts and older in  # type: ignore
                str(r["pair"][0])]
        if part:
            a = sum(int(r["offered_l10n"]) for r in part)  # type: ignore[call-overload]
            b = sum(int(r["offered_msgmerge"]) for r in part)  # type: ignore[call-overload]
            print(f"      {older}: l10n {a}, msgmerge {b}" + (f" ({a / b:.0%})" if b else ""))


if __name__ == "__main__":
    main()
