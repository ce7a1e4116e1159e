"""A translator's text is never lost: whatever sequence of extract, update, translate,
translate --refresh and human edits (edit, confirm, leave fuzzy, mark for work again, with
and without the machine notes of older versions), every text a person wrote is still in
the catalog afterwards, as a translation, a fuzzy translation or a #~ entry, byte for byte.

And --refresh still does its job: every untouched machine suggestion is replaced.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n import pipeline, pofile
from l10n.model import Message
from l10n.notes import MACHINE_MARK, is_machine_output, machine_note
from l10n.project import Project
from l10n.translate import Translation
from l10n.translate.driver import translate_project

SENTENCES = [
    "Schools in Kyiv close on Monday because of the cold weather.",
    "Parents were told about the decision by the city council on Friday.",
    "The council said heating in most buildings had failed overnight.",
    "Teachers will give lessons online until the end of the week.",
    "Kindergartens stay open with shorter hours for working families.",
    "The mayor promised that repairs would be finished before the holidays.",
]
# Edits of a sentence, small enough that update offers the old translation as fuzzy.
VARIANTS = ["", " today", " again"]


def sentence(i: int, variant: int) -> str:
    return SENTENCES[i][:-1] + VARIANTS[variant] + "."


class Machine:
    """A deterministic local backend; each run writes differently, so that a refresh
    shows whether it replaced a text."""

    name = "mt"
    cacheable = False
    batch_size = 100

    def __init__(self) -> None:
        self.run = 0

    def translate(self, texts: Sequence[str], source: str,
                  target: str) -> list[Translation | None]:
        return [Translation(f"mt{self.run}: {text}") for text in texts]


class Newsroom:
    """One article in English, its Ukrainian catalog, a translator and a machine."""

    def __init__(self, root: Path):
        self.root = root
        (root / "source").mkdir(parents=True)
        (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["uk"]\n',
                                        encoding="utf-8")
        self.article = [(i, 0) for i in range(4)]  # (sentence, variant)
        self.write_source()
        self.project = Project.load(root)
        self.machine = Machine()
        self.typed = 0
        self.human: set[str] = set()  # every text a person typed
        pipeline.extract(self.project)
        pipeline.update(self.project)

    @property
    def po(self) -> Path:
        return self.root / "locales" / "uk" / "LC_MESSAGES" / "news.po"

    def write_source(self) -> None:
        body = " ".join(sentence(i, v) for i, v in self.article)
        (self.root / "source" / "news.txt").write_text(f"School closures\n\n{body}\n",
                                                       encoding="utf-8")

    def texts(self) -> list[str]:
        return [m.msgstr for m in pofile.read(self.po).messages if m.msgid and m.msgstr]

    # -- what l10n does

    def step(self, op: str) -> None:
        before = set(self.texts()) & self.human
        if op == "extract":
            pipeline.extract(self.project)
        elif op == "update":
            pipeline.update(self.project)
        else:
            self.machine.run += 1
            translate_project(self.project, backend_instance=self.machine,
                              refresh=op == "refresh")
        after = self.texts()
        lost = before - set(after)
        assert not lost, f"{op} lost {lost}"
        catalog = pofile.read(self.po)
        fresh = f"mt{self.machine.run}: "
        for m in catalog.active():
            if op in ("translate", "refresh") and m.msgstr.startswith(fresh):
                assert is_machine_output(m)  # the next refresh may replace it ...
            if op == "refresh" and is_machine_output(m):
                assert m.msgstr.startswith(fresh)  # ... and does

    # -- what the newsroom does

    def edit_source(self, kind: str, pick: int) -> None:
        if kind == "variant" and self.article:
            i, v = self.article[pick % len(self.article)]
            self.article[pick % len(self.article)] = (i, (v + 1) % len(VARIANTS))
        elif kind == "drop" and len(self.article) > 1:
            del self.article[pick % len(self.article)]
        elif kind == "add":
            missing = [i for i in range(len(SENTENCES))
                       if i not in {i for i, _ in self.article}]
            if missing:
                self.article.insert(pick % (len(self.article) + 1),
                                    (missing[pick % len(missing)], 0))
        self.write_source()

    def translator(self, kind: str, pick: int) -> None:
        catalog = pofile.read(self.po)
        active = [m for m in catalog.messages if not m.obsolete and m.msgid]
        if not active:
            return
        m: Message = active[pick % len(active)]
        if kind in ("edit", "edit-confirm", "edit-keep-note"):
            self.typed += 1
            m.msgstr = f"людина {self.typed}: {m.msgid[:20]}"
            self.human.add(m.msgstr)
            m.fuzzy = kind == "edit" or (kind == "edit-keep-note" and m.fuzzy)
        elif kind == "confirm" and m.msgstr:
            m.fuzzy = False
        elif kind == "needs-work" and m.msgstr:
            m.fuzzy = True
        elif kind == "old-note":  # a catalog written by a version without digests
            m.translator_comments = [c for c in m.translator_comments
                                     if not c.startswith(MACHINE_MARK)]
            m.translator_comments.append(f"{MACHINE_MARK} mt (en→uk)")
        elif kind == "copy-note":  # a person pastes the note of another entry
            other = active[(pick + 1) % len(active)]
            m.translator_comments = list(other.translator_comments)
        self.po.write_text(pofile.dumps(catalog), encoding="utf-8")


steps = st.one_of(
    st.sampled_from(["extract", "update", "translate", "refresh"]).map(lambda s: ("l10n", s)),
    st.tuples(st.just("source"), st.sampled_from(["variant", "drop", "add"]),
              st.integers(0, 50)),
    st.tuples(st.just("translator"),
              st.sampled_from(["edit", "edit-confirm", "edit-keep-note", "confirm",
                               "needs-work", "old-note", "copy-note"]),
              st.integers(0, 50)),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.lists(steps, min_size=1, max_size=25))
def test_no_sequence_of_steps_loses_a_translators_text(tmp_path: Path, ops):
    root = tmp_path / "news"
    if root.exists():
        shutil.rmtree(root)
    room = Newsroom(root)
    for op in ops:
        if op[0] == "l10n":
            room.step(op[1])
        elif op[0] == "source":
            room.edit_source(op[1], op[2])
        else:
            room.translator(op[1], op[2])
    # The typical day at the end: extract, update, refresh, update.
    for step in ("extract", "update", "refresh", "update"):
        room.step(step)


def test_the_issue_scenario(tmp_path: Path):
    """A translator edits a machine suggestion and leaves it fuzzy; the source sentence is
    edited; update keeps the old note; --refresh must keep the translator's text."""
    room = Newsroom(tmp_path / "news")
    room.step("translate")
    room.translator("edit-keep-note", 1)  # entry 1: the first sentence
    [edited] = room.human
    catalog = pofile.read(room.po)
    entry = next(m for m in catalog.messages if m.msgstr == edited)
    assert entry.fuzzy and any(c.startswith(MACHINE_MARK) for c in entry.translator_comments)
    room.edit_source("variant", 0)
    room.step("extract")
    room.step("update")
    entry = next(m for m in pofile.read(room.po).messages if m.msgstr == edited)
    assert entry.msgid == sentence(0, 1) and entry.fuzzy
    assert entry.previous_msgid == sentence(0, 0)
    assert entry.translator_comments == [f"{MACHINE_MARK} mt (en→uk), edited"]
    room.step("refresh")
    assert edited in room.texts()


def test_notes_follow_the_entry_state_after_update(tmp_path: Path):
    room = Newsroom(tmp_path / "news")
    room.step("translate")
    catalog = pofile.read(room.po)
    first, second, third = catalog.messages[:3]
    assert first.translator_comments == [machine_note("mt (en→uk)", first.msgstr)]
    first.fuzzy = False  # confirmed as it is
    second.msgstr += " (виправлено)"  # edited, still fuzzy
    third.msgstr, third.fuzzy = "", False  # emptied
    room.po.write_text(pofile.dumps(catalog), encoding="utf-8")
    room.step("update")
    first, second, third = pofile.read(room.po).messages[:3]
    assert first.translator_comments == [f"{MACHINE_MARK} mt (en→uk), reviewed"]
    assert second.translator_comments == [f"{MACHINE_MARK} mt (en→uk), edited"]
    assert third.translator_comments == []
    catalog = pofile.read(room.po)  # the edited entry is confirmed too
    catalog.messages[1].fuzzy = False
    room.po.write_text(pofile.dumps(catalog), encoding="utf-8")
    room.step("update")
    assert pofile.read(room.po).messages[1].translator_comments == \
        [f"{MACHINE_MARK} mt (en→uk), reviewed"]
