"""Catalog update: merge rules, GNU msgmerge as the oracle, never losing a translation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from l10n import fuzzy, pipeline, pofile
from l10n.cli import app
from l10n.errors import CatalogError
from l10n.extract import extract
from l10n.formats.text import TextFormat
from l10n.model import Catalog, Message
from l10n.project import Project
from l10n.update import MEMORY_NOTE, NEGATION_NOTE, Memory, init, merge

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus_catalogs as cc  # noqa: E402

SEED = ROOT / "source" / "zelenskyy-iohannis-security-guarantees.txt"
HEADERS = {"Project-Id-Version": "t", "POT-Creation-Date": "2024-01-01 00:00+0000",
           "PO-Revision-Date": "2024-01-02 00:00+0000", "Language": "uk",
           "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
           "Content-Transfer-Encoding": "8bit",
           "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
                           "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"}


def tr(text: str) -> str:
    return "[uk] " + text


def pot_of(*msgids: str) -> Catalog:
    return Catalog(headers={"POT-Creation-Date": "2024-02-02 00:00+0000"},
                   messages=[Message(msgid=m, references=[f"a.txt:{i}"],
                                     extracted_comments=[f"paragraph, block {i}"])
                             for i, m in enumerate(msgids, 1)])


def po_of(*msgids: str) -> Catalog:
    return Catalog(headers=dict(HEADERS), messages=[Message(msgid=m, msgstr=tr(m))
                                                    for m in msgids])


def by_id(cat: Catalog) -> dict[str, Message]:
    return {m.msgid: m for m in cat.messages if not m.obsolete}


# ------------------------------------------------------------------------- merge rules

def test_exact_match_keeps_translation_and_refreshes_comments() -> None:
    old = po_of("Kyiv is the capital.")
    old.messages[0].translator_comments = ["checked by editor"]
    old.messages[0].flags = ["python-format"]
    old.messages[0].references = ["old.txt:9"]
    new = merge(pot_of("Kyiv is the capital."), old)
    m = new.messages[0]
    assert (m.msgstr, m.translated) == (tr("Kyiv is the capital."), True)
    assert m.translator_comments == ["checked by editor"] and m.flags == ["python-format"]
    assert m.references == ["a.txt:1"] and m.extracted_comments == ["paragraph, block 1"]
    assert new.headers["POT-Creation-Date"] == "2024-02-02 00:00+0000"
    assert new.headers["PO-Revision-Date"] == "2024-01-02 00:00+0000"


def test_edited_sentence_becomes_fuzzy_with_previous() -> None:
    old = po_of("The council approved the new budget for the port of Odesa on Monday.")
    new = merge(pot_of("The council approved the new budget for the port of Izmail on Monday."),
                old)
    m = new.messages[0]
    assert m.fuzzy and not m.translated
    assert m.msgstr == tr("The council approved the new budget for the port of Odesa on "
                          "Monday.")
    assert m.previous_msgid == "The council approved the new budget for the port of Odesa " \
                               "on Monday."
    assert not new.obsolete()  # the old entry lives on in its fuzzy successor
    assert NEGATION_NOTE not in m.extracted_comments


@pytest.mark.parametrize(("before", "after"), [
    ("The ministry is ready to sign the agreement.",
     "The ministry is not ready to sign the agreement."),
    ("Міністерство готове підписати угоду з партнерами.",
     "Міністерство не готове підписати угоду з партнерами."),
    ("More than 30 countries have already joined it.",
     "More than 30 countries have never joined it."),
])
def test_negation_change_is_fuzzy_never_translated(before: str, after: str) -> None:
    assert fuzzy.negation_changed(before, after)
    m = merge(pot_of(after), po_of(before)).messages[0]
    assert m.fuzzy and not m.translated and m.previous_msgid == before
    assert NEGATION_NOTE in m.extracted_comments
    again = merge(pot_of(after), Catalog(headers=dict(HEADERS), messages=[m]))
    assert NEGATION_NOTE in again.messages[0].extracted_comments  # until confirmed


def test_brand_new_sentence_gets_no_suggestion() -> None:
    old = po_of("The council approved the new budget for the port on Monday.",
                "The agency rejected the plan for the railway in Lviv.")
    new = merge(pot_of("The court delayed the election in Kharkiv after the strike."), old)
    assert not new.messages[0].msgstr and not new.messages[0].fuzzy
    assert len(new.obsolete()) == 2


def test_one_old_entry_may_seed_several() -> None:
    old = po_of("Zelenskyy met the President of Romania in Kyiv on Tuesday.")
    new = merge(pot_of("Zelenskyy met the President of Romania in Lviv on Tuesday.",
                       "Zelenskyy met the President of Romania in Kyiv on Friday."), old)
    assert all(m.fuzzy and m.msgstr == tr(old.messages[0].msgid) for m in new.messages)


def test_obsolete_kept_purged_and_revived() -> None:
    old = po_of("First sentence of the story.", "A sentence that goes away for a while.")
    gone = merge(pot_of("First sentence of the story."), old)
    assert [m.msgid for m in gone.obsolete()] == ["A sentence that goes away for a while."]
    purged = merge(pot_of("First sentence of the story."), old, obsolete=False)
    assert not purged.obsolete()
    text = pofile.dumps(gone)
    assert '#~ msgid "A sentence that goes away for a while."' in text
    back = merge(pot_of("First sentence of the story.",
                        "A sentence that goes away for a while."), pofile.parse(text))
    assert not back.obsolete()
    assert back.messages[1].translated and back.messages[1].msgstr == tr(
        "A sentence that goes away for a while.")


def test_fuzzy_entry_keeps_its_previous_msgid_until_confirmed() -> None:
    old = po_of("Talks with Germany started on November 17, 2023.")
    first = merge(pot_of("Talks with France started on November 17, 2023."), old)
    again = merge(pot_of("Talks with France started on November 17, 2023."), first)
    assert again.messages[0].fuzzy
    assert again.messages[0].previous_msgid == "Talks with Germany started on November 17, 2023."
    again.messages[0].fuzzy = False  # the translator confirms it
    third = merge(pot_of("Talks with France started on November 17, 2023."), again)
    assert third.messages[0].translated and third.messages[0].previous_msgid is None


def test_no_previous_and_plural_shapes() -> None:
    old = po_of("The council approved the new budget for the port of Odesa on Monday.")
    new = merge(pot_of("The council approved the new budget for the port of Izmail on Monday."),
                old, previous=False)
    assert new.messages[0].fuzzy and new.messages[0].previous_msgid is None
    pot = Catalog(messages=[Message(msgid="one file", msgid_plural="%d files")])
    po = Catalog(headers=dict(HEADERS), messages=[Message(msgid="one file", msgstr="файл")])
    m = merge(pot, po).messages[0]
    assert m.msgstr_plural == ["файл", "", ""] and m.fuzzy


def test_init_uses_babel_plural_forms_and_memory() -> None:
    memory = Memory()
    memory.add_catalog(po_of("The investigation is ongoing."), "locales/uk/other.po")
    new = init(pot_of("The investigation is ongoing.", "Fresh text here."), "uk", "story",
               memory=memory, source="locales/uk/story.po")
    assert new.headers["Language"] == "uk"
    assert new.headers["Plural-Forms"].startswith("nplurals=3;")
    m = new.messages[0]
    assert m.fuzzy and m.msgstr == tr("The investigation is ongoing.")
    assert MEMORY_NOTE + "locales/uk/other.po" in m.extracted_comments
    assert not new.messages[1].msgstr


def test_memory_skips_the_catalog_being_updated() -> None:
    memory = Memory()
    memory.add_catalog(po_of("The mayor of Lviv opened the new bridge on Sunday."), "self.po")
    new = merge(pot_of("The mayor of Lviv opened the old bridge on Sunday."),
                Catalog(headers=dict(HEADERS)), memory=memory, source="self.po")
    assert not new.messages[0].msgstr
    new = merge(pot_of("The mayor of Lviv opened the old bridge on Sunday."),
                Catalog(headers=dict(HEADERS)), memory=memory, source="other.po")
    assert new.messages[0].fuzzy


def test_index_is_not_all_pairs() -> None:
    texts = [f"Sentence number {i} about the regional budget of town {i * 7}." for i in
             range(3000)]
    index = fuzzy.FuzzyIndex(texts)
    match = index.best("Sentence number 1234 about the regional budget of city 8638.", 0.6)
    assert match is not None and index.text(match.item) == texts[1234]
    assert index.best("Completely unrelated words appear in this query.", 0.6) is None


# ------------------------------------------------------------------- msgmerge as oracle

def msgmerge(po: Catalog, pot: Catalog, tmp_path: Path) -> Catalog:
    (tmp_path / "old.po").write_text(pofile.dumps(po), encoding="utf-8")
    (tmp_path / "new.pot").write_text(pofile.dumps(pot), encoding="utf-8")
    subprocess.run(["msgmerge", "--quiet", "--previous", str(tmp_path / "old.po"),
                    str(tmp_path / "new.pot"), "-o", str(tmp_path / "mm.po")], check=True)
    return pofile.read(tmp_path / "mm.po")


def compare_with_msgmerge(pot: Catalog, po: Catalog, edited: dict[str, str],
                          brand_new: set[str], tmp_path: Path) -> dict[str, int]:
    """Entry-by-entry comparison; every difference must be one of the documented kinds.

    edited: new msgid → the old msgid it was edited from; brand_new: new sentences.
    """
    ours = merge(pot, po)
    theirs = msgmerge(po, pot, tmp_path)
    o, t = by_id(ours), by_id(theirs)
    assert o.keys() == t.keys()
    kinds = {"same": 0, "msgmerge wrong suggestion for a new sentence": 0,
             "ours found the edit msgmerge missed": 0}
    for msgid, mine in o.items():
        other = t[msgid]
        assert mine.translated == other.translated, msgid
        if mine.translated:
            assert mine.msgstr == other.msgstr
        if (mine.fuzzy, mine.msgstr) == (other.fuzzy, other.msgstr):
            assert mine.previous_msgid == other.previous_msgid
            kinds["same"] += 1
        elif other.fuzzy and not mine.msgstr:
            assert msgid in brand_new, f"we left out a suggestion for an edit: {msgid}"
            assert other.previous_msgid != edited.get(msgid)
            kinds["msgmerge wrong suggestion for a new sentence"] += 1
        else:
            assert mine.fuzzy and msgid in edited and mine.previous_msgid == edited[msgid]
            kinds["ours found the edit msgmerge missed"] += 1
    # Recall: every edited sentence is offered the translation of its old version.
    for new, old in edited.items():
        assert o[new].fuzzy and o[new].msgstr == tr(old)
    # Obsolete: ours keep all msgmerge keeps, plus the old entries msgmerge spent on
    # wrong suggestions for brand-new sentences.
    ours_gone = {m.msgid for m in ours.obsolete()}
    theirs_gone = {m.msgid for m in theirs.obsolete()}
    assert theirs_gone <= ours_gone
    wrongly_used = {t[m].previous_msgid for m in brand_new if m in t and t[m].fuzzy}
    assert ours_gone - theirs_gone <= wrongly_used
    # Both files are canonical: msgcat keeps ours unchanged.
    text = pofile.dumps(ours)
    (tmp_path / "ours.po").write_text(text, encoding="utf-8")
    subprocess.run(["msgcat", str(tmp_path / "ours.po"), "-o", str(tmp_path / "cat.po")],
                   check=True)
    assert (tmp_path / "cat.po").read_text(encoding="utf-8") == text
    done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(tmp_path / "ours.po")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return kinds


def seed_template(text: str) -> Catalog:
    article = TextFormat().parse(text, slug="seed", path="source/seed.txt", lang="en")
    return extract(article, "seed", created="2024-01-01 00:00+0000")


SEED_EDITS = {  # old sentence → new sentence
    "Klaus Iohannis described the conversation with Zelenskyy as good and profound.":
        "Klaus Iohannis described the conversation with Zelenskyy as good and very profound.",
    "More than 30 countries have already joined it.":
        "More than 30 countries have not already joined it.",
    "Negotiations with Germany started on November 17, 2023.":
        "Negotiations with France started on November 17, 2023.",
}
SEED_NEW = ("The European Commission will publish its assessment of the reform plan next "
            "spring. Analysts expect the decision to affect grain prices across the region.")


def test_seed_article_against_msgmerge(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    pot1 = seed_template(text)
    po1 = Catalog(headers=dict(HEADERS),
                  messages=[Message(msgid=m.msgid, msgstr=tr(m.msgid)) for m in pot1.messages])
    edited = text
    for old, new in SEED_EDITS.items():
        assert old in edited
        edited = edited.replace(old, new)
    removed = "It was also reported that on December 20, the second round of negotiations " \
              "on security guarantees between Ukraine and the UK took place."
    edited = edited.replace(removed + "\n", SEED_NEW + "\n")
    pot2 = seed_template(edited)
    kinds = compare_with_msgmerge(pot2, po1, {v: k for k, v in SEED_EDITS.items()},
                                  {m.msgid for m in pot2.messages if m.msgid in SEED_NEW},
                                  tmp_path)
    assert kinds["same"] >= len(pot2.messages) - 2
    ours = merge(pot2, po1)
    assert [m.msgid for m in ours.obsolete()] == [removed]


def test_synthetic_corpus_against_msgmerge(tmp_path: Path) -> None:
    seg1, _ = cc.generate(tmp_path / "corpus", 12)
    seg2, changes_file = cc.generate(tmp_path / "corpus", 12, mutate=10)
    v1, v2 = cc.read_segments(seg1), cc.read_segments(seg2)
    changes = cc.read_changes(changes_file)
    pot1, pot2 = Catalog(), Catalog(headers=dict(HEADERS))
    for slug in sorted(v1):
        cc.template(slug, v1[slug], pot1)
        cc.template(slug, v2[slug], pot2)
    po1 = Catalog(headers=dict(HEADERS),
                  messages=[Message(msgid=m.msgid, msgstr=tr(m.msgid)) for m in pot1.messages])
    old_ids = {m.msgid for m in pot1.messages}
    new_ids = {m.msgid for m in pot2.messages}
    edited = {new: old for pairs in changes.edited.values() for old, new in pairs
              if old in old_ids and new in new_ids and new not in old_ids}
    brand_new = {text for slug, paras in changes.new_paragraphs.items() for _, text in v2[slug]
                 if text not in old_ids and any(text in p for p in paras)}
    assert len(edited) > 20 and len(brand_new) > 5
    kinds = compare_with_msgmerge(pot2, po1, edited, brand_new, tmp_path)
    assert kinds["same"] > 0.9 * len(new_ids)


# --------------------------------------------------------------- never lose a translation

WORDS = ["council", "budget", "report", "plan", "court", "ministry", "agency", "port",
         "market", "policy", "tax", "fund", "approved", "announced", "rejected", "opened",
         "delayed", "signed", "new", "regional", "local", "national", "the", "a", "of", "in",
         "for", "with", "Kyiv", "Lviv", "Odesa", "Warsaw"]
sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=9).map(
    lambda ws: " ".join(ws).capitalize() + ".")
edits = st.lists(st.tuples(
    st.sampled_from(["add", "remove", "word", "rewrite", "move", "duplicate", "negate"]),
    st.integers(0, 1000), st.integers(0, 1000), sentences), min_size=1, max_size=12)


def edit(article: list[str], op: str, i: int, j: int, sentence: str) -> None:
    if op == "add" or not article:
        article.insert(i % (len(article) + 1), sentence)
        return
    i %= len(article)
    if op == "remove":
        del article[i]
    elif op == "word":
        words = article[i].rstrip(".").split()
        words[j % len(words)] = WORDS[j % len(WORDS)]
        article[i] = " ".join(words).capitalize() + "."
    elif op == "rewrite":
        article[i] = sentence
    elif op == "move":
        article.insert(j % len(article), article.pop(i))
    elif op == "duplicate":
        article.insert(j % (len(article) + 1), article[i])
    else:
        words = article[i].split()
        article[i] = " ".join(words[:1] + ["not"] + words[1:])


def translations(cat: Catalog) -> set[str]:
    return {m.msgstr for m in cat.messages if m.msgstr}


@given(st.lists(sentences, min_size=1, max_size=8), edits, st.randoms(use_true_random=False))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_edits_never_lose_a_translation(start: list[str], ops: list, rnd) -> None:
    article = list(start)
    po = Catalog(headers=dict(HEADERS))
    for op in ops:
        pot = seed_template("\n\n".join(article) + "\n")
        before = translations(po)
        po = pofile.parse(pofile.dumps(merge(pot, po)))
        assert before <= translations(po), "a translation was lost"
        for m in po.messages:  # the translator works on part of the catalog
            if not m.obsolete and rnd.random() < 0.6:
                m.msgstr = m.msgstr or tr(m.msgid) + f" ({rnd.randint(0, 9)})"
                m.fuzzy = False
                m.previous_msgid = None
        edit(article, *op)


# ------------------------------------------------------------------------ the project

def make_project(tmp_path: Path, config: str = "") -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "l10n.toml").write_text('source_language = "en"\nlanguages = ["en", "uk"]\n'
                                        + config, encoding="utf-8")
    (tmp_path / "source" / "a.txt").write_text(
        "Title of the first story\n\nThe mayor of Lviv opened the new bridge on Sunday. "
        "The works took two years.\n", encoding="utf-8")
    (tmp_path / "source" / "b.txt").write_text(
        "Title of the second story\n\nThe investigation into the contract is ongoing. "
        "Prosecutors questioned three officials.\n", encoding="utf-8")
    return tmp_path


def translate_all(path: Path) -> None:
    cat = pofile.read(path)
    for m in cat.messages:
        m.msgstr = tr(m.msgid)
        m.fuzzy = False
    path.write_text(pofile.dumps(cat), encoding="utf-8")


def test_project_memory_offers_other_articles(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    project = Project.load(root)
    pipeline.extract(project)
    pipeline.update(project)
    b_po = root / "locales/uk/LC_MESSAGES/b.po"
    translate_all(b_po)
    (root / "source" / "a.txt").write_text(
        "Title of the first story\n\nThe mayor of Lviv opened the new bridge on Sunday. "
        "The investigation into the contract is ongoing.\n", encoding="utf-8")
    pipeline.extract(project)
    pipeline.update(project)
    a = by_id(pofile.read(root / "locales/uk/LC_MESSAGES/a.po"))
    m = a["The investigation into the contract is ongoing."]
    assert m.fuzzy and m.msgstr == tr(m.msgid)
    assert MEMORY_NOTE + "locales/uk/LC_MESSAGES/b.po" in m.extracted_comments
    pipeline.update(project)  # the note stays while the suggestion is unconfirmed
    a = by_id(pofile.read(root / "locales/uk/LC_MESSAGES/a.po"))
    assert MEMORY_NOTE + "locales/uk/LC_MESSAGES/b.po" in \
        a["The investigation into the contract is ongoing."].extracted_comments


def test_cli_no_obsolete_and_width(tmp_path: Path) -> None:
    root = make_project(tmp_path, "[update]\nwidth = 50\n")
    runner = CliRunner()
    assert runner.invoke(app, ["extract", "--project", str(root)]).exit_code == 0
    assert runner.invoke(app, ["update", "--project", str(root)]).exit_code == 0
    po = root / "locales/uk/LC_MESSAGES/a.po"
    translate_all(po)
    (root / "source" / "a.txt").write_text("Title of the first story\n\nOnly this one.\n",
                                           encoding="utf-8")
    assert runner.invoke(app, ["extract", "--project", str(root)]).exit_code == 0
    assert runner.invoke(app, ["update", "--project", str(root)]).exit_code == 0
    text = po.read_text(encoding="utf-8")
    assert "#~ msgid" in text
    out = subprocess.run(["msgcat", "-w", "50", str(po)], capture_output=True, text=True,
                         check=True).stdout
    assert out == text
    result = runner.invoke(app, ["update", "--no-obsolete", "--project", str(root)])
    assert result.exit_code == 0
    assert "#~" not in po.read_text(encoding="utf-8")


@pytest.mark.parametrize(("config", "message"), [
    ("[update]\nsimilarity = 2\n", "update.similarity must be a number above 0 and at most 1"),
    ("[update]\nwidth = 5\n", "update.width must be 0 (no wrapping) or a whole number of at "
                              "least 20, got 5"),
    ("[update]\ncompendia = \"x.po\"\n", "update.compendia names a file that does not exist"),
    ("[update]\ncompendia = 3\n", "update.compendia must be a file path or a list of file "
                                  "paths, got 3"),
])
def test_bad_update_configuration(tmp_path: Path, config: str, message: str) -> None:
    root = make_project(tmp_path, config)
    runner = CliRunner()
    runner.invoke(app, ["extract", "--project", str(root)])
    result = runner.invoke(app, ["update", "--project", str(root)])
    assert result.exit_code != 0
    assert message in str(result.exception) + result.output


def test_width_policy_rewrites_a_file_saved_with_another_width(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    project = Project.load(root)
    pipeline.extract(project)
    pipeline.update(project)
    po = root / "locales/uk/LC_MESSAGES/a.po"
    translate_all(po)
    # A translator's tool saved the file wrapped at 40 columns.
    narrow = subprocess.run(["msgcat", "-w", "40", str(po)], capture_output=True, text=True,
                            check=True).stdout
    po.write_text(narrow, encoding="utf-8")
    pipeline.update(project)
    assert po.read_text(encoding="utf-8") == narrow  # nothing changed: not reformatted
    source = root / "source" / "a.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph.\n",
                      encoding="utf-8")
    pipeline.extract(project)
    pipeline.update(project)
    text = po.read_text(encoding="utf-8")
    assert text != narrow and "A new paragraph." in text
    # A change is written at the configured width (79, msgcat's default) throughout.
    assert text == subprocess.run(["msgcat", str(po)], capture_output=True, text=True,
                                  check=True).stdout


def test_compendium_suggestions_and_errors(tmp_path: Path) -> None:
    root = make_project(tmp_path, '[update]\ncompendia = ["memory/uk.po"]\n')
    (root / "memory").mkdir()
    comp = po_of("The works took two years.")
    (root / "memory" / "uk.po").write_text(pofile.dumps(comp), encoding="utf-8")
    project = Project.load(root)
    pipeline.extract(project)
    pipeline.update(project)
    m = by_id(pofile.read(root / "locales/uk/LC_MESSAGES/a.po"))["The works took two years."]
    assert m.fuzzy and m.msgstr == tr("The works took two years.")
    assert m.extracted_comments[-1] == MEMORY_NOTE + "memory/uk.po"
    del comp.headers["Language"]
    (root / "memory" / "uk.po").write_text(pofile.dumps(comp), encoding="utf-8")
    with pytest.raises(CatalogError, match="a compendium needs a Language header"):
        pipeline.update(Project.load(root))
