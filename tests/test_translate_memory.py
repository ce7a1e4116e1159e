"""The memory backend: project catalogs, TMX, compendia, fuzzy matches and the glossary."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n import pipeline, pofile
from l10n.errors import ConfigError, L10nError
from l10n.fuzzy import similarity
from l10n.translate import BackendContext, create
from l10n.translate.glossary import read_glossary
from l10n.translate.memory import MemoryIndex
from translate_support import make_project

ARTICLES = {
    "old": "Old news\n\nThe president met the delegation in Kyiv on Monday. "
           "Negotiations will continue next week.\n",
    "new": "New news\n\nThe president met the delegation in Kyiv on Tuesday. "
           "Something entirely different happened.\n",
}


def translate_old_ru(project) -> None:
    path = project.po_path("old", "ru")
    catalog = pofile.read(path)
    ru = {"Old news": "Старые новости",
          "The president met the delegation in Kyiv on Monday.":
              "Президент встретился с делегацией в Киеве в понедельник.",
          "Negotiations will continue next week.": "Переговоры продолжатся на следующей неделе."}
    for m in catalog.messages:
        m.msgstr = ru.get(m.msgid, "")
    path.write_text(pofile.dumps(catalog), encoding="utf-8")


def test_fuzzy_match_from_the_project_with_score(tmp_path: Path):
    project = make_project(tmp_path, articles=ARTICLES)
    translate_old_ru(project)
    pipeline.translate(project, "memory", ["ru"])
    new = {m.msgid: m for m in pofile.read(project.po_path("new", "ru")).messages}
    msg = new["The president met the delegation in Kyiv on Tuesday."]
    assert msg.msgstr == "Президент встретился с делегацией в Киеве в понедельник."
    assert msg.fuzzy
    [note] = msg.translator_comments
    assert note.startswith("machine translation: memory (en→ru), ")
    assert "% match from ru/old.po" in note
    assert new["Something entirely different happened."].msgstr == ""


def test_threshold_is_configurable(tmp_path: Path):
    project = make_project(tmp_path, articles=ARTICLES, translate="similarity = 0.99")
    translate_old_ru(project)
    pipeline.translate(project, "memory", ["ru"])
    new = {m.msgid: m for m in pofile.read(project.po_path("new", "ru")).messages}
    assert new["The president met the delegation in Kyiv on Tuesday."].msgstr == ""
    with pytest.raises(ConfigError, match='translate.similarity must be .*, got "high"'):
        make_project(tmp_path / "b", articles=ARTICLES, translate='similarity = "high"')
    # One scale for every similarity in the configuration: a percentage is refused.
    with pytest.raises(ConfigError, match="translate.similarity must be a number above 0 and "
                                          "at most 1 .*, got 75; write 0.75 for 75 %"):
        make_project(tmp_path / "c", articles=ARTICLES, translate="similarity = 75")


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x"
          adminlang="en" srclang="en" datatype="plaintext"/>
  <body>
    <tu>
      <tuv xml:lang="en-GB"><seg>Something entirely <bpt i="1">&lt;b&gt;</bpt>different<ept
        i="1">&lt;/b&gt;</ept> happened.</seg></tuv>
      <tuv xml:lang="ru-RU"><seg>Случилось нечто совсем иное.</seg></tuv>
      <tuv xml:lang="uk"><seg>Сталося щось зовсім інше.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_tmx_and_compendium(tmp_path: Path):
    (tmp_path / "tm").mkdir()
    (tmp_path / "tm" / "agency.tmx").write_text(TMX, encoding="utf-8")
    (tmp_path / "tm" / "titles.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: uk\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "New news"\nmsgstr "Свіжі новини"\n', encoding="utf-8")
    project = make_project(tmp_path, articles=ARTICLES,
                           translate='tmx = ["tm/agency.tmx"]\ncompendia = "tm/titles.po"')
    pipeline.translate(project, "dictionary")
    ru = {m.msgid: m for m in pofile.read(project.po_path("new", "ru")).messages}
    uk = {m.msgid: m for m in pofile.read(project.po_path("new", "uk")).messages}
    assert ru["Something entirely different happened."].msgstr == \
        "Случилось нечто совсем иное."
    assert "exact match from agency.tmx" in \
        ru["Something entirely different happened."].translator_comments[0]
    assert uk["Something entirely different happened."].msgstr == "Сталося щось зовсім інше."
    assert uk["New news"].msgstr == "Свіжі новини"


def test_broken_tmx_and_missing_files_are_reported(tmp_path: Path):
    (tmp_path / "bad.tmx").write_text("<tmx><body><tu>", encoding="utf-8")
    project = make_project(tmp_path, articles=ARTICLES, translate='tmx = "bad.tmx"')
    with pytest.raises(L10nError, match="invalid TMX") as info:
        pipeline.translate(project, "memory")
    assert info.value.path and info.value.path.endswith("bad.tmx")
    with pytest.raises(ConfigError, match="translate.tmx names a file that does not exist: "
                                          "none.tmx"):
        make_project(tmp_path / "b", articles=ARTICLES, translate='tmx = "none.tmx"')


TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <text><body>
    <conceptEntry id="c1">
      <descrip type="definition">Military alliance</descrip>
      <langSec xml:lang="en"><termSec><term>NATO</term></termSec></langSec>
      <langSec xml:lang="uk"><termSec><term>НАТО</term></termSec></langSec>
      <langSec xml:lang="ru"><termSec><term>НАТО</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSec xml:lang="en"><termSec><term>Old news</term></termSec></langSec>
      <langSec xml:lang="uk"><termSec><term>Архів</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def test_glossary_csv_and_tbx(tmp_path: Path):
    (tmp_path / "terms.csv").write_text(
        "term,language,translation,notes\nNew news,uk,Новини дня,rubric title\n"
        "Klaus Iohannis,ru,Клаус Йоханнис,\n", encoding="utf-8")
    (tmp_path / "terms.tbx").write_text(TBX, encoding="utf-8")
    csv_terms = read_glossary(tmp_path / "terms.csv", "en")
    assert csv_terms.lookup("klaus iohannis.", "en", "ru").translation == "Клаус Йоханнис"
    tbx = read_glossary(tmp_path / "terms.tbx", "en")
    assert tbx.lookup("NATO", "en", "uk").translation == "НАТО"
    assert tbx.lookup("НАТО", "uk", "ru").translation == "НАТО"
    assert "Military alliance" in tbx.lookup("NATO", "en", "ru").notes
    project = make_project(tmp_path, articles=ARTICLES,
                           translate='glossary = ["terms.csv", "terms.tbx"]')
    pipeline.translate(project, "memory", ["uk"])
    new = {m.msgid: m for m in pofile.read(project.po_path("new", "uk")).messages}
    old = {m.msgid: m for m in pofile.read(project.po_path("old", "uk")).messages}
    assert new["New news"].msgstr == "Новини дня"
    assert "glossary term" in new["New news"].translator_comments[0]
    assert old["Old news"].msgstr == "Архів"


def test_glossary_csv_errors(tmp_path: Path):
    (tmp_path / "g.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(L10nError, match="header"):
        read_glossary(tmp_path / "g.csv", "en")
    (tmp_path / "g.csv").write_text("term,language,translation\nX,,Y\n", encoding="utf-8")
    with pytest.raises(L10nError) as info:
        read_glossary(tmp_path / "g.csv", "en")
    assert info.value.line == 2


def test_memory_pivot_pairs_between_languages(tmp_path: Path):
    project = make_project(tmp_path, articles=ARTICLES)
    translate_old_ru(project)
    path = project.po_path("old", "uk")
    catalog = pofile.read(path)
    for m in catalog.messages:
        if m.msgid == "Old news":
            m.msgstr = "Старі новини"
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    ctx = BackendContext(tmp_path, tmp_path / "locales", {}, "en")
    memory = create("memory", ctx)
    [hit] = memory.translate(["Старі новини"], "uk", "ru")
    assert hit.text == "Старые новости" and hit.score == 100.0


# -- the index agrees with a plain scan, on the one similarity scale of l10n.fuzzy


def reference(segments: list[str], query: str, threshold: float):
    best = None
    for n, seg in enumerate(segments):
        score = similarity(seg, query)
        if score >= threshold and (best is None or score > best[0]):
            best = (score, n)
    return best


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_index_matches_a_plain_scan_on_small_memories(rnd: random.Random):
    vocabulary = ["мир", "война", "президент", "встреча", "Киев", "Бухарест", "договор",
                  "безопасность", "гарантии", "экспорт", "тонн", "граница", "союз"]
    segments = [" ".join(rnd.choice(vocabulary) for _ in range(rnd.randint(2, 8)))
                for _ in range(30)]
    index = MemoryIndex()
    for s in segments:
        index.add(s, s.upper(), "test")
    unique = list(dict.fromkeys(segments))
    base = rnd.choice(unique).split()
    base[rnd.randrange(len(base))] = rnd.choice(vocabulary)
    query = " ".join(base)
    got = index.best(query, 0.75)
    want = reference(unique, query, 0.75)
    assert (got is None) == (want is None)
    if got is not None:
        assert got[0] == pytest.approx(want[0])


TBX2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
  <termEntry id="t1">
    <langSet xml:lang="en"><tig><term>Armed Forces of Ukraine</term></tig></langSet>
    <langSet xml:lang="uk-UA"><tig><term>Збройні сили України</term></tig></langSet>
  </termEntry>
</body></text></martif>
"""


def test_tbx2_term_entries_and_trailing_punctuation(tmp_path: Path):
    (tmp_path / "old.tbx").write_text(TBX2, encoding="utf-8")
    glossary = read_glossary(tmp_path / "old.tbx", "en")
    term = glossary.lookup("Armed Forces of Ukraine:", "en", "uk")
    assert term is not None and term.translation == "Збройні сили України"
    ctx = BackendContext(tmp_path, tmp_path / "locales", {"glossary": "old.tbx"}, "en")
    [hit] = create("memory", ctx).translate(["Armed Forces of Ukraine."], "en", "uk")
    assert hit.text == "Збройні сили України." and hit.note == "glossary term"


def test_cache_survives_a_torn_last_line(tmp_path: Path):
    from l10n.translate import Translation
    from l10n.translate.cache import SuggestionCache

    cache = SuggestionCache(tmp_path, "x", {"endpoint": "e"})
    cache.put_many([(("en", "uk", "a"), Translation("а")), (("en", "uk", "b"), None)])
    cache.close()
    with cache.path.open("a", encoding="utf-8") as fh:
        fh.write('{"s": "en", "t": "uk", "q": "c", "r": "ц')  # a crash mid-write
    again = SuggestionCache(tmp_path, "x", {"endpoint": "e"})
    assert again.get(("en", "uk", "a")).text == "а"
    assert ("en", "uk", "b") in again and again.get(("en", "uk", "b")) is None
    assert ("en", "uk", "c") not in again
    other = SuggestionCache(tmp_path, "x", {"endpoint": "elsewhere"})
    assert len(other) == 0
