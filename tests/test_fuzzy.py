"""The one fuzzy index and its similarity scale, for update and the memory backend alike.

Short strings (labels, headings, captions) are judged by their characters too, so that
the edits msgmerge sees there are suggested; sentences by their words, so that a
brand-new sentence that merely follows a pattern gets nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from l10n import pofile
from l10n.fuzzy import DEFAULT_SIMILARITY, FuzzyIndex, similarity, tokens
from l10n.model import Catalog, Message
from l10n.translate.memory import MemoryIndex
from l10n.update import merge

HEADERS = {"Language": "uk", "Content-Type": "text/plain; charset=UTF-8",
           "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
                           "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"}

# (old, new): short UI-like edits that msgmerge suggests, found in the Django and Sphinx
# catalogs between releases
SHORT_EDITS = [
    ("Delete", "Deleted:"),
    ("%d month", "%(num)d month"),
    ("%d year", "%(num)d year"),
    ("Added.", "Added:"),
    ("Change:", "Changed:"),
    ("New password", "Reset password"),
    ("Search", "Search:"),
]
# (known, new): different texts that a character measure alone would pair
UNRELATED = [
    ("The regional council approved the new budget in Lviv on Monday.",
     "The national agency approved the annual report in Odesa on Friday."),
    ("Sun", "Jun"),
    ("Toggle sorting", "Toggle navigation"),
]


@pytest.mark.parametrize(("old", "new"), SHORT_EDITS)
def test_short_edits_are_similar(old: str, new: str):
    assert similarity(old, new) >= DEFAULT_SIMILARITY


@pytest.mark.parametrize(("known", "new"), UNRELATED)
def test_unrelated_texts_are_not(known: str, new: str):
    assert similarity(known, new) < DEFAULT_SIMILARITY


def test_a_format_directive_is_one_word_of_its_kind():
    assert tokens("%(num)d day") == tokens("%d day") == ["%d", "day"]
    assert tokens("{name} and {0}") == ["{}", "and", "{}"]
    assert tokens("50% of Kyiv") == ["50", "%", "of", "kyiv"]
    assert tokens("100%d") == ["100", "%d"]


def test_one_word_edit_of_a_sentence_scores_high_and_is_symmetric():
    a = "The president met the delegation in Kyiv on Monday to discuss the grain deal."
    b = a.replace("Monday", "Tuesday")
    assert similarity(a, b) == similarity(b, a) > 0.9


def _catalog(pairs: list[tuple[str, str]]) -> Catalog:
    return Catalog(headers=dict(HEADERS),
                   messages=[Message(msgid=i, msgstr=s) for i, s in pairs])


def test_update_suggests_short_edits_with_the_old_source():
    old = _catalog([(o, f"переклад {n}") for n, (o, _) in enumerate(SHORT_EDITS)])
    pot = Catalog(messages=[Message(msgid=new) for _, new in SHORT_EDITS])
    merged = {m.msgid: m for m in merge(pot, old).messages if not m.obsolete}
    for n, (o, new) in enumerate(SHORT_EDITS):
        assert merged[new].fuzzy and merged[new].msgstr == f"переклад {n}", new
        assert merged[new].previous_msgid == o


def test_update_leaves_unrelated_strings_alone():
    old = _catalog([(k, f"переклад {n}") for n, (k, _) in enumerate(UNRELATED)])
    pot = Catalog(messages=[Message(msgid=new) for _, new in UNRELATED])
    assert all(not m.msgstr for m in merge(pot, old).messages if not m.obsolete)


def test_msgmerge_suggests_the_same_short_edits(tmp_path: Path):
    """The oracle: each of these edits is one msgmerge --previous suggests too."""
    old = _catalog([(o, f"переклад {n}") for n, (o, _) in enumerate(SHORT_EDITS)])
    pot = Catalog(headers={"Content-Type": "text/plain; charset=UTF-8"},
                  messages=[Message(msgid=new) for _, new in SHORT_EDITS])
    (tmp_path / "old.po").write_text(pofile.dumps(old), encoding="utf-8")
    (tmp_path / "new.pot").write_text(pofile.dumps(pot), encoding="utf-8")
    subprocess.run(["msgmerge", "-q", "--previous", "-o", str(tmp_path / "mm.po"),
                    str(tmp_path / "old.po"), str(tmp_path / "new.pot")], check=True)
    theirs = {m.msgid: m for m in pofile.read(tmp_path / "mm.po").messages if not m.obsolete}
    ours = {m.msgid: m for m in merge(pot, old).messages if not m.obsolete}
    for _, new in SHORT_EDITS:
        assert theirs[new].fuzzy and ours[new].fuzzy
        assert ours[new].msgstr == theirs[new].msgstr


def test_memory_backend_and_update_share_the_scale():
    memory = MemoryIndex()
    memory.add("New password", "Новий пароль", "uk/a.po")
    index = FuzzyIndex(["New password"])
    hit = memory.best("Reset password", DEFAULT_SIMILARITY)
    match = index.best("Reset password", DEFAULT_SIMILARITY)
    assert hit is not None and match is not None
    assert hit[0] == match.score == similarity("New password", "Reset password")
    assert memory.best("New password", 0.99) == (1.0, 0)


def test_ties_go_to_the_text_added_first():
    index = FuzzyIndex(["Delete it?", "Delete it!"])
    match = index.best("Delete it.", 0.5)
    assert match is not None and match.item == 0  # "it?" and "it!" tie; first wins
    assert FuzzyIndex(["Delete it!", "Delete it?"]).best("Delete it.", 0.5).item == 0


# Newsroom-like sentences: few words, many near-copies, so that posting lists of equal
# length are common and the order among them decides which candidates a query sees.
_NEWSY = '''
import hashlib, random
from l10n.fuzzy import FuzzyIndex
rng = random.Random(11)
ORG = ["The council", "NATO", "The U.N.", "Acme Corp", "The World Bank", "Globex Inc",
       "The ministry", "The E.U."]
VERB = ["approved", "rejected", "delayed", "announced", "funded", "reviewed", "closed"]
ADJ = ["new", "annual", "regional", "national", "private", "digital", "senior", "early"]
NOUN = ["budget", "plan", "project", "report", "market", "council", "school", "agency"]
WHERE = ["in Kyiv", "near London", "across Europe", "with Toronto", "after the vote", ""]
WHEN = ["on Monday", "on Friday", "last week", "this year", "in March", ""]
def sentence():
    tail = " ".join(x for x in (rng.choice(WHERE), rng.choice(WHEN)) if x)
    return (f"{rng.choice(ORG)} {rng.choice(VERB)} the {rng.choice(ADJ)} "
            f"{rng.choice(NOUN)} {tail} with {rng.randint(1, 900)} million.")
texts = [sentence() for _ in range(12000)]
index = FuzzyIndex(texts[:10000])
found = [index.best(q, 0.5) for q in texts[10000:]]
print(hashlib.md5(repr([None if m is None else m.item for m in found]).encode()).hexdigest())
'''


def test_the_same_query_finds_the_same_text_in_every_process() -> None:
    """Python salts string hashes per process; the index's answers must not depend on
    it, or an update run twice on the same files would give other suggestions."""
    answers = {subprocess.run([sys.executable, "-c", _NEWSY], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed}
                              ).stdout for seed in ("1", "2", "3")}
    assert len(answers) == 1, answers
