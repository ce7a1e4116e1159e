"""The gate can always be passed by doing the right thing: right after `l10n update`,
whatever notes l10n wrote into the catalogs, `check` finds nothing stale; and every
`stale-po` problem names an action (`l10n update`) that clears it."""

from __future__ import annotations

import io
import json
import random
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n import pipeline, pofile
from l10n.check import run
from l10n.model import Message
from l10n.notes import MACHINE_MARK, MEMORY_NOTE, NEGATION_NOTE, machine_note
from l10n.project import Project

STORY = ("Schools close\n\nThe city council is ready to close schools on Monday. "
         "Parents were told on Friday. Lessons will continue online for a week.\n")
OTHER = ("Transport news\n\nParents were told on Friday. The new tram line opens in "
         "spring next year.\n")
MEMORY_PO = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
             '"Language: uk\\n"\n\nmsgid "Lessons will continue online for a whole month."\n'
             'msgstr "Уроки триватимуть онлайн цілий місяць."\n')


def cli(root: Path, *args: str) -> tuple[int, str]:
    from l10n.cli import main

    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out), \
            mock.patch.object(sys, "argv", ["l10n", *args, "--project", str(root)]):
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue()


def po(root: Path, slug: str) -> Path:
    return root / "locales" / "uk" / "LC_MESSAGES" / f"{slug}.po"


def edit(path: Path, change) -> None:
    catalog = pofile.read(path)
    for m in catalog.messages:
        change(m)
    path.write_text(pofile.dumps(catalog), encoding="utf-8")


def newsroom(root: Path, threshold: int = 0) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "memory").mkdir()
    (root / "source" / "other.txt").write_text(OTHER, encoding="utf-8")
    (root / "source" / "story.txt").write_text(STORY, encoding="utf-8")
    (root / "memory" / "uk.po").write_text(MEMORY_PO, encoding="utf-8")
    (root / "l10n.toml").write_text(
        'source_language = "en"\nlanguages = ["uk"]\n\n[update]\ncompendia = '
        f'["memory/uk.po"]\n\n[check]\nthreshold = {threshold}\n', encoding="utf-8")
    return root


def test_check_passes_right_after_update_with_every_kind_of_note(tmp_path: Path):
    root = newsroom(tmp_path / "news")
    assert cli(root, "extract")[0] == 0
    assert cli(root, "update")[0] == 0
    # The other article's translation of a sentence, reviewed.
    edit(po(root, "other"), lambda m: setattr(m, "msgstr", "Нова трамвайна лінія відкриється "
                                              "навесні наступного року.")
         if m.msgid.startswith("The new tram line") else None)
    # Machine suggestions in every state, silencing in both forms.
    def notes(m: Message) -> None:
        if m.msgid == "Schools close":
            m.msgstr, m.fuzzy = "Школи зачиняють", True
            m.translator_comments = [machine_note("mt (en→uk)", m.msgstr)]  # unreviewed
        elif m.msgid.startswith("The city council"):
            m.msgstr, m.fuzzy = "Міська рада готова зачинити школи в понеділок.", True
            m.translator_comments = [machine_note("mt (en→uk)", "інший текст"),  # edited
                                     "l10n-ignore: length"]
            m.flags.append("l10n-ignore-punctuation")  # the old form, migrated by update
    edit(po(root, "story"), notes)
    # The source changes: a negation, a sentence the other article has translated, and
    # one the compendium has a close translation for.
    (root / "source" / "story.txt").write_text(
        STORY.replace("is ready", "is not ready").replace("for a week", "for a month")
        + "\nThe new tram line opens in spring next year.\n", encoding="utf-8")
    assert cli(root, "extract")[0] == 0
    code, output = cli(root, "update")
    assert code == 0, output
    catalog = pofile.read(po(root, "story"))
    comments = [c for m in catalog.messages for c in m.extracted_comments]
    assert NEGATION_NOTE in comments
    assert MEMORY_NOTE + "locales/uk/LC_MESSAGES/other.po" in comments
    assert MEMORY_NOTE + "memory/uk.po, where the source reads: Lessons will continue " \
                         "online for a whole month." in comments
    assert any(c.startswith(MACHINE_MARK) and c.endswith(", edited")
               for m in catalog.messages for c in m.translator_comments)
    assert any(c == "l10n-ignore: length, punctuation"
               for m in catalog.messages for c in m.translator_comments)
    assert not any(m.previous_msgid and any(c.startswith(MEMORY_NOTE)
                                            for c in m.extracted_comments)
                   for m in catalog.messages)  # no #| for a suggestion from elsewhere
    code, output = cli(root, "check", "--format", "json")
    assert code == 0, output
    report = json.loads(output)
    assert report["ok"] and report["problems"] == []
    assert not any(c["stale"] for c in report["catalogs"])
    code, output = cli(root, "update")
    assert code == 0 and output.count("unchanged") == 2, output


def test_old_memory_suggestions_lose_their_false_previous_source(tmp_path: Path):
    """Catalogs written before: a suggestion from another catalog carried its source
    there as `#|`, which Poedit shows as this entry's previous source text."""
    root = newsroom(tmp_path / "news")
    cli(root, "extract")
    cli(root, "update")

    def old_style(m: Message) -> None:
        if m.msgid == "Parents were told on Friday.":
            m.msgstr, m.fuzzy = "Батькам повідомили в п'ятницю.", True
            m.previous_msgid = m.msgid
            m.extracted_comments.append(MEMORY_NOTE + "locales/uk/LC_MESSAGES/other.po")
    edit(po(root, "story"), old_style)
    assert cli(root, "check")[0] == 0  # the note is the catalog's own: not stale
    cli(root, "update")
    [m] = [m for m in pofile.read(po(root, "story")).messages
           if m.msgid == "Parents were told on Friday."]
    assert m.previous_msgid is None and m.fuzzy and m.msgstr
    assert MEMORY_NOTE + "locales/uk/LC_MESSAGES/other.po" in m.extracted_comments


# -- whatever makes a catalog stale, `l10n update` clears it

def _perturb(m: list[Message], kind: str, rng: random.Random
             ) -> None:
    active = [x for x in m if not x.obsolete and x.msgid]
    if not active:
        return
    target = rng.choice(active)
    if kind == "drop":
        m.remove(target)
    elif kind == "extra":
        m.append(Message(msgid=f"A sentence no template has {rng.random()}", msgstr="Щось"))
    elif kind == "swap" and len(active) > 1:
        a, b = m.index(active[0]), m.index(active[-1])
        m[a], m[b] = m[b], m[a]
    elif kind == "comment":
        target.extracted_comments = ["paragraph, block 99"]
    elif kind == "reference":
        target.references = ["source/elsewhere.txt:9"]
    elif kind == "own-note":
        target.extracted_comments.append(MEMORY_NOTE + "locales/uk/LC_MESSAGES/x.po")
    elif kind == "negation-note":
        target.extracted_comments.append(NEGATION_NOTE)
    elif kind == "translator":
        target.translator_comments.append("checked by the desk")
        target.msgstr, target.fuzzy = "Перекладено", rng.random() < 0.5
    elif kind == "flag":
        target.flags.append("python-format")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["drop", "extra", "swap", "comment", "reference", "own-note",
                                 "negation-note", "translator", "flag"]), max_size=5),
       st.integers(0, 2**32 - 1))
def test_every_stale_po_is_cleared_by_the_action_it_names(tmp_path_factory, kinds, seed):
    root = newsroom(tmp_path_factory.mktemp("room") / "news")
    project = Project.load(root)
    pipeline.extract(project)
    pipeline.update(project)
    rng = random.Random(seed)
    path = po(root, "story")
    catalog = pofile.read(path)
    for kind in kinds:
        _perturb(catalog.messages, kind, rng)
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    stale = [p for p in run(project).problems if p.check == "stale-po"]
    for problem in stale:
        assert problem.message.endswith("run 'l10n update'")
    report = pipeline.update(project)
    if stale:
        assert any(line.startswith("locales/uk/LC_MESSAGES/story.po: updated")
                   for line in report.lines), report.lines
    result = run(project)
    assert not [p for p in result.problems if p.check.startswith("stale")], result.lines
    assert result.ok, result.lines  # threshold 0: nothing else to fail on


def test_stale_po_of_one_entry_can_be_silenced(tmp_path: Path):
    root = newsroom(tmp_path / "news")
    project = Project.load(root)
    pipeline.extract(project)
    pipeline.update(project)
    path = po(root, "story")

    def keep_own_comment(m: Message) -> None:
        if m.msgid == "Parents were told on Friday.":
            m.extracted_comments = ["the desk's own note"]
    edit(path, keep_own_comment)
    [problem] = [p for p in run(project).problems if p.check == "stale-po"]
    assert "comments, references or flags changed" in problem.message
    edit(path, lambda m: m.translator_comments.append("l10n-ignore: stale-po")
         if m.msgid == "Parents were told on Friday." else None)
    result = run(project)
    assert not [p for p in result.problems if p.check == "stale-po"]
    assert not any(c.stale for c in result.catalogs)


def test_stale_po_counts_entries_in_english(tmp_path: Path):
    root = newsroom(tmp_path / "news")
    cli(root, "extract")
    cli(root, "update")
    (root / "source" / "story.txt").write_text(
        STORY.replace("\n\nThe city", "\n\nOne. Two. Three. Four. Five. Six.\n\nThe city"),
        encoding="utf-8")
    cli(root, "extract")
    code, output = cli(root, "check")
    assert code == 1
    assert "(6 new entries); run 'l10n update'" in output
    assert "entrys" not in output
