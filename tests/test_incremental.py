"""The incremental build: never stale, never trusting a cache it cannot vouch for.

* incremental = clean: after any sequence of edits (sources, catalogs as a translator
  edits them, configuration, a glossary, outputs touched by hand), a build that uses the
  cache writes exactly the files of a build that ignores it, byte for byte;
* the cross-article dependency (the project-wide memory) reaches exactly the articles
  whose open entries could see it;
* a cache from another version, a damaged or a lying one is not trusted; a build killed
  at any moment leaves a cache the next build checks before trusting anything;
* ``--jobs 1`` and ``--jobs 2`` give the same files, lines, errors and exit codes;
* the house: no step imports the pipeline, the project imports no step, no cycles.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import l10n
from l10n import buildcache, pipeline, pofile
from l10n.buildcache import STATE_FILE, content_hash
from l10n.project import Project
from l10n.translate import BUILTIN, Translation

SRC = Path(l10n.__file__).resolve().parent
STAMP = "2024-01-09 14:05+0000"
EXAMPLES = int(os.environ.get("L10N_PROPERTY_SCALE", "1") or 1) * 12

# Sentences that repeat across articles and differ by a word here and there, so that the
# memory (exact and fuzzy) has something to suggest from one article to another.
POOL = [
    "Kyiv and Bucharest will start talks next month.",
    "Kyiv and Warsaw will start talks next month.",
    "The talks follow the G7 declaration.",
    "Monthly exports rose from 2 million tons to 3 million tons.",
    "Monthly exports fell from 3 million tons to 2 million tons.",
    "Both sides discussed air defence.",
    "Officials confirmed the agreement on Friday.",
    "The council approved the new budget.",
    "The council rejected the new budget.",
    "NATO.",
]
UK = {s: f"[uk] {s}" for s in POOL}
CONFIGS = [
    "",
    "[update]\nwidth = 60\n",
    "[compile]\nthreshold = 0\n",
    "[check]\nthreshold = 50\n",
    "[update]\nsimilarity = 0.9\n",
    '[translate]\nglossary = "terms.csv"\n',
    "[report]\nenabled = true\n",
]


def article_text(title: str, sentences: list[int]) -> str:
    body = " ".join(POOL[i] for i in sentences)
    return f"{title}\n\n{body}\n"


def make(root: Path, articles: dict[str, list[int]], config: int = 0) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "source").mkdir(exist_ok=True)
    for slug, sentences in articles.items():
        (root / "source" / f"{slug}.txt").write_text(article_text(f"Story {slug}", sentences),
                                                    encoding="utf-8")
    write_config(root, config)
    (root / "terms.csv").write_text("term,language,translation\nNATO,uk,НАТО\n",
                                    encoding="utf-8")
    return root


def write_config(root: Path, config: int) -> None:
    (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["en", "uk", "ru"]\n'
                                    + CONFIGS[config], encoding="utf-8")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the project but the build cache (and the lock)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".l10n-cache" not in p.parts and p.name != ".l10n.lock"}


@contextmanager
def fixed_clock() -> Iterator[None]:
    with mock.patch("l10n.extract.now_stamp", return_value=STAMP), \
            mock.patch("l10n.update.now_stamp", return_value=STAMP):
        yield


def build(root: Path, incremental: bool = True, jobs: int = 1) -> pipeline.BuildReport:
    with fixed_clock():
        return pipeline.build(Project.load(root), jobs=jobs, incremental=incremental)


# ---------------------------------------------------------------- the edits a newsroom makes

def translate_entry(root: Path, slug: str, lang: str, k: int, how: str) -> None:
    """A translator in Poedit: translate, confirm, reword or clear one entry."""
    path = root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"
    if not path.exists():
        return
    catalog = pofile.read(path)
    active = [m for m in catalog.messages if not m.obsolete and m.msgid_plural is None]
    if not active:
        return
    msg = active[k % len(active)]
    if how == "translate":
        msg.msgstr = UK.get(msg.msgid, f"[{lang}] {msg.msgid}").replace("[uk]", f"[{lang}]")
        msg.fuzzy = False
    elif how == "confirm":
        msg.fuzzy = False
    elif how == "reword":
        msg.msgstr = (msg.msgstr or msg.msgid) + " (ред.)"
        msg.fuzzy = False
    else:
        msg.msgstr = ""
    path.write_text(pofile.dumps(catalog), encoding="utf-8")


def apply(root: Path, edit: tuple) -> None:
    kind = edit[0]
    if kind == "source":
        _, slug, sentences = edit
        (root / "source" / f"{slug}.txt").write_text(article_text(f"Story {slug}", sentences),
                                                    encoding="utf-8")
    elif kind == "remove":
        path = root / "source" / f"{edit[1]}.txt"
        if len(list((root / "source").iterdir())) > 1:
            path.unlink(missing_ok=True)
    elif kind == "catalog":
        _, slug, lang, k, how = edit
        translate_entry(root, slug, lang, k, how)
    elif kind == "config":
        write_config(root, edit[1])
    elif kind == "glossary":
        (root / "terms.csv").write_text(f"term,language,translation\nNATO,uk,{edit[1]}\n",
                                        encoding="utf-8")
    elif kind == "output":
        _, slug, what = edit
        target = {"mo": root / "locales" / "uk" / "LC_MESSAGES" / f"{slug}.mo",
                  "dist": root / "dist" / "uk" / f"{slug}.txt",
                  "pot": root / "locales" / f"{slug}.pot"}[what]
        if target.exists():
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("made by hand\n", encoding="utf-8")


SLUGS = ["a", "b", "c", "d"]
sentences = st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=4)
edit = st.one_of(
    st.tuples(st.just("source"), st.sampled_from(SLUGS), sentences),
    st.tuples(st.just("remove"), st.sampled_from(SLUGS)),
    st.tuples(st.just("catalog"), st.sampled_from(SLUGS), st.sampled_from(["uk", "ru"]),
              st.integers(0, 5), st.sampled_from(["translate", "translate", "confirm",
                                                  "reword", "clear"])),
    st.tuples(st.just("config"), st.integers(0, len(CONFIGS) - 1)),
    st.tuples(st.just("glossary"), st.sampled_from(["НАТО", "Альянс"])),
    st.tuples(st.just("output"), st.sampled_from(SLUGS), st.sampled_from(["mo", "dist", "pot"])),
    st.tuples(st.just("nothing")),
)


@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.dictionaries(st.sampled_from(SLUGS[:3]), sentences, min_size=1, max_size=3),
       st.lists(edit, min_size=1, max_size=7))
def test_incremental_equals_clean(articles: dict[str, list[int]], edits: list[tuple]) -> None:
    """The same edits in two copies: one built incrementally, one from scratch (cache
    ignored) after each edit. Files, gate and counts are the same after every build.
    (The memories kept between builds gather the changes of every build on top of the
    first one's: see the next test for memories made again at each build.)"""
    incremental_equals_clean(articles, edits)


@settings(max_examples=max(2, EXAMPLES // 2), deadline=None, database=None,
          derandomize=True, suppress_health_check=[HealthCheck.too_slow,
                                                   HealthCheck.data_too_large])
@given(st.dictionaries(st.sampled_from(SLUGS[:3]), sentences, min_size=1, max_size=3),
       st.lists(edit, min_size=1, max_size=7))
def test_incremental_equals_clean_with_memories_made_again_each_time(
        articles: dict[str, list[int]], edits: list[tuple]) -> None:
    with mock.patch.object(pipeline, "_REMAKE_LEAST", 0), \
            mock.patch.object(pipeline, "_REMAKE_SHARE", 0.0):
        incremental_equals_clean(articles, edits)


def incremental_equals_clean(articles: dict[str, list[int]], edits: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        # (one folder name: the review site's title is the project's folder)
        inc = make(Path(tmp) / "incremental" / "news", articles)
        clean = make(Path(tmp) / "clean" / "news", articles)
        build(inc), build(clean, incremental=False)
        for step in [*edits, ("catalog", "a", "uk", 0, "translate")]:
            apply(inc, step)
            apply(clean, step)
            fast, slow = build(inc), build(clean, incremental=False)
            assert snapshot(inc) == snapshot(clean), step
            assert [str(p) for p in fast.check.problems] == \
                [str(p) for p in slow.check.problems], step
            assert fast.status.stats == slow.status.stats, step
            assert fast.ok == slow.ok and fast.errors == slow.errors, step
        again = build(inc)  # and then nothing is left to do
        assert again.rebuilt == 0 and again.written == []


# ---------------------------------------------------------------- a project left as it was

def settle(root: Path) -> None:
    """Let the files age past the racy window and build once (nothing to do), so that
    the next build finds the project as a build left it: it plans nothing then."""
    time.sleep(buildcache.RACY_NS / 1e9 + 0.02)
    build(root)
    with mock.patch.object(pipeline._Memory, "__init__", side_effect=AssertionError):
        assert build(root).written == []  # not planned: _Memory is the plan's


def alter(root: Path, what: str) -> None:
    """Changes a plan must notice though no file it hashes for an article changed."""
    uk = root / "locales" / "uk" / "LC_MESSAGES"
    if what == "stray catalog":  # a catalog of no article feeds the memory
        text = (uk / "a.po").read_text(encoding="utf-8")
        (uk / "extra.po").write_text(text.replace('msgstr ""\n\n', 'msgstr "[uk] x"\n\n', 2),
                                     encoding="utf-8")
    elif what in ("tmx memory", "tmx beside another"):
        memory(root, "en-uk.tmx", POOL[6], "uk", "Посадовці підтвердили угоду в п'ятницю.")
    elif what == "tmx edited in place":  # same folder listing, same name
        path = root / "locales" / "memory" / "en-ru.tmx"
        with open(path, "r+", encoding="utf-8") as fh:
            text = fh.read().replace(POOL[7], POOL[6]).replace(  # an open entry now
                "Совет одобрил новый бюджет.", "Чиновники подтвердили соглашение.")
            fh.seek(0)
            fh.write(text)
            fh.truncate()
    elif what == "new article":
        (root / "source" / "e.txt").write_text(article_text("Story e", [1, 4]),
                                               encoding="utf-8")
    elif what == "catalog, same times":  # edited, its modification time set back
        path = uk / "b.po"
        st = path.stat()
        translate_entry(root, "b", "uk", 0, "translate")
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    elif what == "no dist":
        shutil.rmtree(root / "dist", ignore_errors=True)
    elif what == "no LC_MESSAGES":
        shutil.rmtree(root / "locales" / "ru")


def memory(root: Path, name: str, source: str, lang: str, text: str) -> None:
    """A TMX memory as ``l10n align`` writes it."""
    from l10n import tmx

    (root / "locales" / "memory").mkdir(parents=True, exist_ok=True)
    (root / "locales" / "memory" / name).write_text(
        tmx.dumps([tmx.Unit("en", (("en", source), (lang, text)))]), encoding="utf-8")


QUIET_EDITS = [("source", "a", [1, 2, 4]), ("remove", "b"),
               ("catalog", "c", "uk", 0, "translate"), ("catalog", "a", "ru", 1, "clear"),
               ("config", 1), ("config", 2), ("config", 6), ("glossary", "Альянс"),
               ("output", "a", "mo"), ("output", "a", "dist"), ("output", "b", "pot"),
               ("alter", "stray catalog"), ("alter", "tmx memory"),
               ("alter", "tmx beside another"), ("alter", "tmx edited in place"),
               ("alter", "new article"),
               ("alter", "catalog, same times"), ("alter", "no dist"),
               ("alter", "no LC_MESSAGES"), ("nothing",)]


@pytest.mark.parametrize("config", [0, 2, 5, 6])
@pytest.mark.parametrize("step", QUIET_EDITS, ids=lambda e: "-".join(map(str, e)))
def test_a_build_after_a_quiet_one_sees_every_change(tmp_path: Path, config: int,
                                                     step: tuple) -> None:
    """A project found exactly as the last build left it is not planned at all (the
    memories included): any change since (a source, a catalog edited in Poedit, the
    configuration, a glossary, an output made or removed by hand, a catalog or memory
    file put beside the articles' ones) must still be found, and the files be those
    of a clean build."""
    articles = {"a": [0, 2], "b": [0, 3], "c": [6, 7], "d": [8, 5]}
    inc = make(tmp_path / "incremental" / "news", articles, config)
    clean = make(tmp_path / "clean" / "news", articles, config)
    if step in (("alter", "tmx beside another"), ("alter", "tmx edited in place")):
        for root in (inc, clean):
            memory(root, "en-ru.tmx", POOL[7], "ru", "Совет одобрил новый бюджет.")
    build(inc), build(clean, incremental=False)
    translate_entry(inc, "a", "uk", 0, "translate")  # the memory has something
    translate_entry(clean, "a", "uk", 0, "translate")
    build(inc), build(clean, incremental=False)
    settle(inc)
    for root in (inc, clean):
        if step[0] == "alter":
            alter(root, step[1])
        else:
            apply(root, step)
    time.sleep(buildcache.RACY_NS / 1e9 + 0.02)  # as a user builds: a moment after the edit
    fast, slow = build(inc), build(clean, incremental=False)
    assert snapshot(inc) == snapshot(clean)
    assert [str(p) for p in fast.check.problems] == [str(p) for p in slow.check.problems]
    assert fast.status.stats == slow.status.stats and fast.ok == slow.ok
    if step == ("nothing",):
        assert fast.written == [] and fast.rebuilt == 0
    assert build(inc).written == []


# ---------------------------------------------------------------- what one change costs

def newsroom(tmp_path: Path) -> Path:
    root = make(tmp_path / "news", {"a": [0, 2], "b": [0, 3], "c": [6, 7], "d": [8, 5]})
    build(root)
    return root


def test_one_edited_article_rewrites_only_its_files(tmp_path: Path) -> None:
    root = newsroom(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()
              and ".l10n-cache" not in p.parts and p.name != ".l10n.lock"}
    apply(root, ("source", "c", [6, 7, 9]))
    report = build(root)
    assert report.rebuilt == 1
    assert report.lines[0] == "3 of 4 articles unchanged since the last build"
    written = {root.joinpath(p).relative_to(root).as_posix() for p in report.written}
    # (its .mo files hold only the header of catalogs nobody has translated: unchanged)
    assert written == {"locales/c.pot", "locales/uk/LC_MESSAGES/c.po",
                       "locales/ru/LC_MESSAGES/c.po"}
    changed = {p.relative_to(root).as_posix() for p, ns in before.items()
               if p.exists() and p.stat().st_mtime_ns != ns}
    assert changed == written | {"source/c.txt"}


def test_a_build_with_nothing_to_do_loads_only_what_it_needs(tmp_path: Path) -> None:
    """A no-op build is mostly Python's start: it must not pay for the steps' modules,
    the memories, babel, an XML parser, package metadata or a process pool (each of
    which cost it 5-20% of its time)."""
    root = newsroom(tmp_path)
    (root / "locales" / "memory").mkdir()  # where TMX memories would be, none there
    script = ("import atexit, sys\n"
              "atexit.register(lambda: print(' '.join(sorted(sys.modules)), file=sys.stderr))\n"
              "from l10n.cli import main\nsys.argv = ['l10n', 'build']\nmain()\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(SRC.parent)},
                          check=False)
    assert "4 of 4 articles unchanged" in done.stdout
    loaded = set(done.stderr.split())
    assert "l10n.pipeline" in loaded
    heavy = {"babel", "xml.etree.ElementTree", "importlib.metadata", "ctypes",
             "unicodedata", "multiprocessing", "concurrent.futures", "l10n.memstore",
             "l10n.update", "l10n.pofile", "l10n.segment", "l10n.check", "l10n.publish",
             "l10n.translate", "l10n.report", "l10n.compose", "l10n.mofile", "polib",
             "httpx"}
    assert heavy & loaded == set()


def test_the_review_site_is_rebuilt_by_the_article(tmp_path: Path) -> None:
    """With the review site on, an edited article rewrites its own page and the index;
    the other pages are left alone, and the site equals one made from scratch."""
    root = make(tmp_path / "news", {"a": [0, 2], "b": [0, 3], "c": [6, 7]}, config=6)
    build(root)
    pages = root / "dist" / "report" / "articles"
    before = {p.name: p.stat().st_mtime_ns for p in pages.iterdir()}
    apply(root, ("source", "b", [0, 3, 9]))
    report = build(root)
    assert report.rebuilt == 1
    assert "dist/report/index.html: review site of 3 articles" in report.lines
    after = {p.name: p.stat().st_mtime_ns for p in pages.iterdir()}
    assert [name for name in after if after[name] != before[name]] == ["b.html"]
    assert build(root).written == []  # nothing to do, the index included
    from l10n.report import page_path, site_folder

    project = Project.load(root)
    assert project.rel(page_path(site_folder(project), "b")) == "dist/report/articles/b.html"
    clean = tmp_path / "clean" / "news"
    shutil.copytree(root, clean)
    shutil.rmtree(clean / ".l10n-cache")
    shutil.rmtree(clean / "dist" / "report")
    build(clean)
    assert snapshot(clean) == snapshot(root)


def test_nothing_changed_reads_no_article(tmp_path: Path) -> None:
    root = newsroom(tmp_path)
    build(root)  # signatures of files written within a clock tick are settled now
    with mock.patch("l10n.project.Project.parse", side_effect=AssertionError("parsed")), \
            mock.patch("l10n.pofile.from_bytes", side_effect=AssertionError("read")):
        report = build(root)
    assert report.rebuilt == 0 and report.written == [] and not report.ok
    # The gate's findings are replayed, not forgotten: counted in the lines, all in check.
    assert "8 errors and 0 warnings in the 4 unchanged articles, as the last build found " \
        "them ('l10n check' lists them)" in report.lines
    assert not report.check.ok and len(report.check.problems) == 8
    assert {p.check for p in report.check.problems} == {"completeness"}
    assert len(report.status.stats) == 8 and report.status.missing == []


def test_a_translation_reaches_exactly_the_articles_with_open_entries(tmp_path: Path) -> None:
    """A translator's sentence reaches the other articles through the memory; an article
    whose catalogs in that language have nothing open is not rebuilt."""
    root = newsroom(tmp_path)
    for k in range(3):  # article c entirely translated into Ukrainian
        translate_entry(root, "c", "uk", k, "translate")
    build(root)
    translate_entry(root, "a", "uk", 1, "translate")  # "Kyiv and Bucharest will start..."
    report = build(root)
    rebuilt = {Path(p).stem for p in report.written}
    assert "b" in rebuilt  # b has the same sentence untranslated: it gets the suggestion
    b = pofile.read(root / "locales" / "uk" / "LC_MESSAGES" / "b.po")
    hit = next(m for m in b.messages if m.msgid == POOL[0])
    assert hit.fuzzy and hit.msgstr == UK[POOL[0]]
    assert "c" not in rebuilt  # c has no open entry in Ukrainian: the memory is nothing to it
    # d's open entries are answered by the memory as before (nothing like the new
    # translation): asked again, not rebuilt
    assert "d" not in rebuilt and report.rebuilt == 2
    clean = tmp_path / "clean"
    shutil.copytree(root, clean)
    shutil.rmtree(clean / ".l10n-cache")
    assert build(clean).written == []  # the same as a build from scratch


class EchoService:
    """A stand-in translation service (remote: its answers are cached, it is asked once
    per build for all the rebuilt articles)."""

    name = "echo"
    asked: list[str] = []

    def __init__(self, context: object) -> None:
        self.context = context

    def translate(self, texts: list[str], source: str, target: str) -> list[Translation]:
        EchoService.asked += texts
        return [Translation(f"[{target}] {text}") for text in texts]


def test_a_translation_service_is_asked_once_for_the_rebuilt_articles(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(BUILTIN, "echo", f"{__name__}:EchoService")
    monkeypatch.setattr(EchoService, "asked", [])
    root = make(tmp_path / "news", {"a": [0, 2], "b": [0, 3], "c": [6, 7]})
    with fixed_clock():
        first = pipeline.build(Project.load(root), "echo", jobs=1)
    assert sorted(set(EchoService.asked)) == sorted({POOL[i] for i in (0, 2, 3, 6, 7)}
                                                    | {"Story a", "Story b", "Story c"})
    uk = pofile.read(root / "locales" / "uk" / "LC_MESSAGES" / "a.po")
    assert all(m.fuzzy and m.msgstr.startswith("[uk] ") for m in uk.messages)
    assert "16 distinct texts: 0 from cache, 16 asked of echo in 2 batches, 0 without " \
        "suggestion, 0 discarded (protected tokens lost)" in first.lines
    EchoService.asked = []
    with fixed_clock():
        again = pipeline.build(Project.load(root), "echo", jobs=1)
    assert again.rebuilt == 0 and EchoService.asked == []
    apply(root, ("source", "b", [0, 3, 9]))
    with fixed_clock():
        edited = pipeline.build(Project.load(root), "echo", jobs=1)
    # the new sentence, once per language; the rest came from the suggestion cache
    assert edited.rebuilt == 1 and EchoService.asked == ["NATO.", "NATO."]
    clean = tmp_path / "clean"
    shutil.copytree(root, clean)
    shutil.rmtree(clean / ".l10n-cache")
    with fixed_clock():
        pipeline.build(Project.load(clean), "echo", jobs=1)
    assert snapshot(clean) == snapshot(root)


# Two newsrooms in one project: sentences of one share no word pair with the other's.
COUNCIL = ["The council of Lviv approved the new budget for schools on Monday.",
           "The council of Lviv approved the new budget for hospitals on Monday.",
           "The council of Lviv rejected the new budget for schools on Friday.",
           "Officials of the council of Lviv discussed the budget for roads."]
WEATHER = ["Heavy rain flooded three villages near the southern border overnight.",
           "Heavy rain flooded five villages near the western border overnight.",
           "Strong winds damaged roofs in three villages near the southern border.",
           "Rescuers evacuated families from flooded villages near the border."]


def two_desks(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "source").mkdir()
    for desk, pool in (("c", COUNCIL), ("w", WEATHER)):
        for k in range(4):
            body = " ".join(pool[(k + j) % 4] for j in range(3))
            (root / "source" / f"{desk}{k}.txt").write_text(f"{desk.upper()} story {k}\n\n"
                                                             f"{body}\n", encoding="utf-8")
    write_config(root, 0)
    return root


def test_a_translation_asks_the_memory_again_only_what_it_could_change(
        tmp_path: Path) -> None:
    """A translator's sentence changes the memory of one pair: of the questions the other
    articles asked it, only those that could now get another answer are asked again
    (none of the other desk's, whose sentences share no word pair with it)."""
    from l10n.translate.memory import MemoryBackend

    root = two_desks(tmp_path / "news")
    build(root)
    for lang in ("uk", "ru"):  # the memory serves both pairs already
        translate_entry(root, "w3", lang, 0, "translate")
    build(root)
    catalog = pofile.read(root / "locales" / "uk" / "LC_MESSAGES" / "c0.po")
    for m in catalog.messages:
        if m.msgid == COUNCIL[0]:
            m.msgstr = "Рада Львова схвалила новий бюджет для шкіл у понеділок."
    (root / "locales" / "uk" / "LC_MESSAGES" / "c0.po").write_text(pofile.dumps(catalog),
                                                                  encoding="utf-8")
    asked: list[str] = []
    real = MemoryBackend.translate

    def spy(self: MemoryBackend, texts: list[str], source: str, target: str) -> object:
        asked.extend(texts)
        return real(self, texts, source, target)

    with mock.patch.object(MemoryBackend, "translate", spy):
        report = build(root)
    assert {Path(p).stem for p in report.written} >= {"c1", "c2", "c3"}  # suggestions
    assert COUNCIL[1] in asked
    assert not set(asked) & set(WEATHER)  # the weather desk's questions: not asked again
    clean = tmp_path / "clean"
    shutil.copytree(root, clean)
    shutil.rmtree(clean / ".l10n-cache")
    assert build(clean).written == []


@pytest.mark.parametrize("damage", ["flipped", "truncated", "foreign", "entries", "pairs",
                                    "deleted"])
def test_a_damaged_or_foreign_memory_store_is_not_trusted(tmp_path: Path,
                                                          damage: str) -> None:
    """The memories kept in .l10n-cache/memory/ (their indexes, the catalogs' entries, the
    table of pairs) damaged, truncated, taken from another project or deleted: the next
    build writes what a build from scratch writes."""
    root = two_desks(tmp_path / "news")
    build(root)
    for slug in ("c1", "w2"):
        translate_entry(root, slug, "uk", 1, "translate")
        translate_entry(root, slug, "ru", 1, "translate")
    build(root)
    store = root / ".l10n-cache" / "memory"
    indexes = sorted(store.glob("*.idx"))
    assert {p.name for p in indexes} >= {"t-en-uk.idx", "u-uk.idx"}
    for slug in ("c2", "w3"):
        translate_entry(root, slug, "uk", 0, "translate")
    reference = tmp_path / "reference"
    shutil.copytree(root, reference)
    shutil.rmtree(reference / ".l10n-cache")
    build(reference, incremental=False)
    if damage in ("flipped", "truncated"):
        for path in indexes:
            raw = path.read_bytes()
            path.write_bytes(raw[:len(raw) // 2] + bytes([raw[len(raw) // 2] ^ 1]) +
                             raw[len(raw) // 2 + 1:] if damage == "flipped"
                             else raw[:len(raw) * 2 // 3])
    elif damage == "foreign":
        other = two_desks(tmp_path / "other")
        for k in range(3):
            translate_entry(other, f"w{k}", "uk", 2, "translate")
            translate_entry(other, f"c{k}", "uk", 2, "reword")
        build(other)
        shutil.rmtree(store)
        shutil.copytree(other / ".l10n-cache" / "memory", store)
    elif damage == "entries":
        for path in (store / "entries").iterdir():
            path.write_text('[[null, "The council", null, "Рада", []]]', encoding="utf-8")
    elif damage == "pairs":
        (store / "pairs.cache").write_bytes(b"{}")
    else:
        shutil.rmtree(store)
    build(root)
    assert snapshot(root) == snapshot(reference)
    assert build(root).written == []


# ---------------------------------------------------------------- caches not to trust

@pytest.mark.parametrize("damage", ["truncated", "flipped", "other-format", "other-code",
                                    "garbage", "empty"])
def test_a_damaged_or_foreign_cache_is_not_trusted(tmp_path: Path, damage: str) -> None:
    root = newsroom(tmp_path)
    expected = snapshot(root)
    state = root / ".l10n-cache" / STATE_FILE
    raw = state.read_bytes()
    head, _, body = raw.partition(b"\n")
    header = json.loads(head)
    # An output is damaged too: a cache trusted blindly would leave it so.
    mo = root / "locales" / "uk" / "LC_MESSAGES" / "a.mo"
    mo.write_bytes(b"not a catalog")
    if damage == "truncated":
        state.write_bytes(raw[: len(raw) // 2])
    elif damage == "flipped":
        state.write_bytes(raw[:-40] + bytes([raw[-40] ^ 1]) + raw[-39:])
    elif damage in ("other-format", "other-code"):
        header["format" if damage == "other-format" else "code"] = "0"
        state.write_bytes(json.dumps(header).encode() + b"\n" + body)
    elif damage == "garbage":
        state.write_bytes(os.urandom(300))
    else:
        state.write_bytes(b"")
    report = build(root)
    assert snapshot(root) == expected
    assert report.rebuilt == 4  # nothing of it was used
    assert build(root).rebuilt == 0  # and the new one is


def test_the_cache_files_of_earlier_versions_are_removed(tmp_path: Path) -> None:
    """Earlier versions kept the cache as JSON (build.json, pairs.json, site-*.json):
    the first build after an upgrade rebuilds and leaves none of them behind."""
    root = newsroom(tmp_path)
    expected = snapshot(root)
    cache = root / ".l10n-cache"
    (cache / STATE_FILE).rename(cache / "build.json")
    earlier = [cache / "build.json", cache / "memory" / "pairs.json",
               cache / "site-0123456789ab.json", cache / "entries.json"]
    for path in earlier[1:]:
        path.write_text('{"format": 1}\n{}', encoding="utf-8")
    assert build(root).rebuilt == 4
    assert snapshot(root) == expected
    assert [path.name for path in earlier if path.exists()] == []
    assert (cache / STATE_FILE).exists() and build(root).rebuilt == 0


def test_an_older_cache_restored_over_newer_files(tmp_path: Path) -> None:
    """A CI job restores the cache of an earlier commit: every article whose files are
    not as that cache knew them is rebuilt, and the result is a clean build's."""
    root = newsroom(tmp_path)
    old = tmp_path / "old-cache"
    shutil.copytree(root / ".l10n-cache", old)
    apply(root, ("source", "a", [1, 2, 4]))
    apply(root, ("catalog", "b", "uk", 0, "translate"))
    apply(root, ("config", 3))
    build(root)
    expected = snapshot(root)
    shutil.rmtree(root / ".l10n-cache")
    shutil.copytree(old, root / ".l10n-cache")
    (root / "locales" / "uk" / "LC_MESSAGES" / "c.mo").unlink()
    build(root)
    assert snapshot(root) == expected


def test_a_cache_restored_on_a_fresh_checkout_is_used(tmp_path: Path) -> None:
    """CI restores .l10n-cache on a new checkout: every file has a new inode and change
    time, so each is hashed once more, found the same, and nothing is rebuilt."""
    root = newsroom(tmp_path)
    clone = tmp_path / "clone"
    shutil.copytree(root, clone)  # new inodes; the cache comes along
    report = build(clone)
    assert report.rebuilt == 0 and report.written == []
    assert snapshot(clone) == snapshot(root)


def test_deleting_the_cache_is_safe(tmp_path: Path) -> None:
    root = newsroom(tmp_path)
    expected = snapshot(root)
    shutil.rmtree(root / ".l10n-cache")
    report = build(root)
    assert report.rebuilt == 4 and report.written == [] and snapshot(root) == expected


class Crash(BaseException):
    """The process dying (no clean-up of ours runs)."""


@pytest.mark.parametrize("where", ["first-commit", "half-commits", "cache-save"])
def test_a_build_killed_at_any_moment_is_not_trusted_blindly(tmp_path: Path,
                                                               where: str) -> None:
    """Killed after some outputs (or all of them) were renamed into place, but before the
    cache was saved: the next build finds out from the files what is new, and ends where
    an undisturbed build ends."""
    root = newsroom(tmp_path)
    apply(root, ("source", "a", [1, 2, 4]))
    apply(root, ("catalog", "b", "uk", 0, "translate"))
    reference = tmp_path / "reference"
    shutil.copytree(root, reference)
    build(reference)
    renames = 0
    real = os.replace

    def dying(src: str, dst: str) -> None:
        nonlocal renames
        renames += 1
        at_cache = str(dst).endswith(STATE_FILE)
        if where == "first-commit" and renames == 1 or \
                where == "half-commits" and renames == 4 or where == "cache-save" and at_cache:
            raise Crash
        real(src, dst)

    with mock.patch("l10n.fsutil.os.replace", dying), pytest.raises(Crash):
        build(root)
    build(root)
    assert snapshot(root) == snapshot(reference)
    assert [p.name for p in root.rglob(".*.tmp")] == []


def test_racy_signatures_are_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("one", encoding="utf-8")
    sig = buildcache.observe(path)
    assert sig is not None
    digest, row = buildcache.current(str(path), None, now_ns=sig[0] + 1_000)
    assert row == [digest, None]  # written just now: the next run hashes it again
    old = sig[0] + 10 * buildcache.RACY_COARSE_NS
    digest, row = buildcache.current(str(path), None, now_ns=old)
    assert row is not None and row[1] == buildcache.signature_key(sig)
    # Same size, same modification time, other content: the change time still differs.
    path.write_text("two", encoding="utf-8")
    os.utime(path, ns=(sig[0], sig[0]))
    again, _ = buildcache.current(str(path), row, now_ns=old)
    assert again == content_hash(b"two") != digest


# ---------------------------------------------------------------- several processes

def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC.parent)}
    return subprocess.run([sys.executable, "-m", "l10n.cli", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=300)


def many(root: Path, count: int = 12) -> Path:
    return make(root, {f"s{i:02d}": [i % len(POOL), (3 * i + 1) % len(POOL), (i + 5) % len(POOL)]
                       for i in range(count)}, config=2)


def undated(files: dict[str, bytes]) -> dict[str, bytes]:
    """The run's clock is not content (the processes here may straddle a minute)."""
    stamp = re.compile(rb"(POT-Creation-Date|PO-Revision-Date): \d{4}-\d\d-\d\d \d\d:\d\d")
    return {name: stamp.sub(rb"\1: YYYY-MM-DD HH:MM", data) for name, data in files.items()}


@pytest.mark.parametrize("trouble", ["none", "broken-catalog", "broken-source"])
def test_one_or_two_jobs_give_the_same_files_lines_and_errors(tmp_path: Path,
                                                              trouble: str) -> None:
    runs = {}
    for jobs in ("1", "2"):
        root = many(tmp_path / f"jobs{jobs}")
        cli("build", "--jobs", jobs, cwd=root)
        translate_entry(root, "s03", "uk", 0, "translate")
        apply(root, ("source", "s05", [1, 2, 3, 9]))
        if trouble == "broken-catalog":
            (root / "locales" / "ru" / "LC_MESSAGES" / "s07.po").write_text(
                'msgid "a"\nmsgstr "b"\nmsgstr "c"\n', encoding="utf-8")
        elif trouble == "broken-source":
            (root / "source" / "s09.txt").write_bytes(b"\xff\xfe\x00bad")
        shutil.rmtree(root / ".l10n-cache")  # a fresh clone: everything to do
        before = snapshot(root)
        done = cli("build", "--jobs", jobs, cwd=root)
        gate = cli("check", "--jobs", jobs, "--format", "json", cwd=root)
        runs[jobs] = (done.returncode, done.stdout, done.stderr, undated(snapshot(root)),
                      gate.returncode, gate.stdout, gate.stderr, before == snapshot(root))
    assert runs["1"] == runs["2"]
    code, _, err, _, _, _, _, untouched = runs["2"]
    if trouble == "none":
        assert code == 0, err
    else:
        assert code == 2 and err.count("\n") == 1 and err.startswith("l10n: error: "), err
        assert untouched == (trouble == "broken-source")  # a bad source: nothing written


def test_check_on_a_fresh_clone_and_after_a_build_agree(tmp_path: Path) -> None:
    root = many(tmp_path / "p")
    translate_entry(root, "s01", "uk", 0, "reword")
    build(root)
    translate_entry(root, "s02", "uk", 0, "translate")  # after the build: checked afresh
    cached = pipeline.check(Project.load(root), jobs=2)
    shutil.rmtree(root / ".l10n-cache")
    fresh = pipeline.check(Project.load(root), jobs=2)
    single = l10n.run_check(Project.load(root))
    for result in (cached, fresh):
        assert [str(p) for p in result.problems] == [str(p) for p in single.problems]
        assert result.catalogs == single.catalogs
        assert result.checked_files == single.checked_files
    only = pipeline.check(Project.load(root), ["ru"])
    assert {c.language for c in only.catalogs} == {"ru"}


# ---------------------------------------------------------------- the house

def _imports(path: Path) -> set[str]:
    """Every l10n module a module imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("l10n"):
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("l10n"))
    return found


def test_steps_import_the_project_and_never_the_other_way() -> None:
    modules = {p.relative_to(SRC.parent).with_suffix("").as_posix().replace("/", "."): p
               for p in SRC.rglob("*.py")}
    modules = {name.removesuffix(".__init__"): p for name, p in modules.items()}
    graph = {name: {m for m in _imports(p) if m in modules and m != name}
             for name, p in modules.items()}
    steps = ["l10n.catalogs", "l10n.check", "l10n.publish", "l10n.translate.driver"]
    assert not graph["l10n.project"] & {*steps, "l10n.pipeline", "l10n.cli"}
    for step in steps:
        assert "l10n.pipeline" not in graph[step] and "l10n.cli" not in graph[step], step
    # Nothing below the command line imports it; nothing but it imports the pipeline.
    assert [m for m, deps in graph.items() if "l10n.cli" in deps] == ["l10n.__main__"]
    assert sorted(m for m, deps in graph.items() if "l10n.pipeline" in deps) == ["l10n.cli"]

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for dep in graph[start]:
            if dep == goal or dep not in seen and (seen.add(dep) or reaches(dep, goal, seen)):
                return True
        return False

    for module in ["l10n.project", *steps, "l10n.pipeline"]:
        assert not reaches(module, module, set()), f"{module} imports itself in a circle"


def test_the_built_in_extensions_are_those_of_the_built_in_formats() -> None:
    from l10n.formats import BUILTIN_EXTENSIONS
    from l10n.formats.html import HtmlFormat
    from l10n.formats.markdown import MarkdownFormat
    from l10n.formats.text import TextFormat

    assert {ext for fmt in (TextFormat, MarkdownFormat, HtmlFormat)
                                  for ext in fmt.extensions} == BUILTIN_EXTENSIONS
