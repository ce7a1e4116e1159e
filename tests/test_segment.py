"""The sentence segmenter: the published cases, losslessness, rules and configuration."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.project import Project
from l10n.segment import sentence_spans, sentences
from l10n.segment.rules import parse_rules, rules_for
from l10n.segment.splitter import split

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA = Path(__file__).parent / "data" / "segmentation"
RULES = Path(__file__).parent.parent / "src" / "l10n" / "segment" / "rules"
# Cases whose expectation contradicts the news conventions (see the data README).
CONFLICTS = {
    "gr-en-18": "pySBD's own suite marks it xfail: 'a.m. Mr.' stays together but "
                "'P.M. Mr.' splits, which no rule about the next word can tell apart",
    "gr-ru-37": "convention 2: a sentence that ends in an abbreviation ('1898 г.') is split "
                "before the next sentence ('В 1854 году …'); pySBD keeps them together",
}


def _cases() -> list:
    params = []
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            marks = ([pytest.mark.xfail(reason=CONFLICTS[case["id"]], strict=True)]
                     if case["id"] in CONFLICTS else [])
            params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


@pytest.mark.parametrize("case", _cases())
def test_published_case(case: dict) -> None:
    assert sentences(case["text"], case["lang"]) == case["sentences"]


def test_every_case_file_is_used() -> None:
    assert len(_cases()) == 175


def _check_lossless(text: str, spans: list[tuple[int, int]]) -> None:
    covered = [False] * len(text)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert not any(c in "\n\r" for c in text[start:end])  # line breaks end a segment
        for i in range(start, end):
            covered[i] = True
        last = end
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))


_ALPHABET = st.sampled_from(list("aZяЇ1 .!?…\"«»“”„()[]—-:;,'\n\u00a0") + ["U.S.", "р.", "г.",
                                                                         "Mr.", "т.е.", "1)"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join), st.sampled_from(["en", "uk", "ru", "de"]))
def test_spans_are_lossless(text: str, lang: str) -> None:
    _check_lossless(text, sentence_spans(text, lang))


def test_sentences_are_the_stripped_spans() -> None:
    text = "  First one.  Second one?\n\n— Third!  "
    assert sentences(text, "en") == [text[a:b] for a, b in sentence_spans(text, "en")]
    assert sentences(text, "en") == ["First one.", "Second one?", "— Third!"]


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", '"Where is the money?" Councillor Smith asked. Nobody answered.',
     ['"Where is the money?" Councillor Smith asked.', "Nobody answered."]),
    ("en", "The U.S. Army signed the deal in the U.K. It runs until 2030.",
     ["The U.S. Army signed the deal in the U.K.", "It runs until 2030."]),
    ("en", '"We will rebuild." Mayor Klitschko said. "The roads are open." He said more.',
     ['"We will rebuild." Mayor Klitschko said.', '"The roads are open."', "He said more."]),
    ("en", "The list: 1. Kyiv; 2. Lviv; 3. Odesa.", ["The list: 1. Kyiv; 2. Lviv; 3. Odesa."]),
    ("en", "The vote opens at 9 a.m. EST on Monday.", ["The vote opens at 9 a.m. EST on Monday."]),
    ("ru", "В 2023 г. Украина получила первые F-16.", ["В 2023 г. Украина получила первые F-16."]),
    ("ru", "Он живет в г. Томск. Работает в XX в. здании.",
     ["Он живет в г. Томск.", "Работает в XX в. здании."]),
    ("ru", "Погибли 3 человека, и т. д. Спасатели работают.",
     ["Погибли 3 человека, и т. д.", "Спасатели работают."]),
    ("uk", "У січні 2024 р. Україна отримала F-16. Президент США Дж. Байден це схвалив.",
     ["У січні 2024 р. Україна отримала F-16.", "Президент США Дж. Байден це схвалив."]),
    ("en", "World War I. The war ended. Plan B. The second plan.",
     ["World War I.", "The war ended.", "Plan B.", "The second plan."]),
    ("uk", "Експорт склав 1,5 млн т. Це рекорд.", ["Експорт склав 1,5 млн т.", "Це рекорд."]),
    ("uk", "Він мешкає в м. Київ. Робота в ч. 2 ст. 12 закону.",
     ["Він мешкає в м. Київ.", "Робота в ч. 2 ст. 12 закону."]),
    ("uk", "«Дякуємо. Ми це цінуємо», — відповіла міністерка. Далі буде.",
     ["«Дякуємо.", "Ми це цінуємо», — відповіла міністерка.", "Далі буде."]),
    ("uk", "«Де гроші?» — Іван запитав голову. Відповіді не було.",
     ["«Де гроші?» — Іван запитав голову.", "Відповіді не було."]),
    ("uk", "Голова громади: — Ми відновимо міст. — Але не раніше весни.",
     ["Голова громади: — Ми відновимо міст.", "— Але не раніше весни."]),
])
def test_rules_generalise(lang: str, text: str, expected: list[str]) -> None:
    assert sentences(text, lang) == expected


def test_regional_code_uses_the_language_rules() -> None:
    assert sentences("Угоду підписали у 2023 р. Вона діє.", "uk_UA") == \
        ["Угоду підписали у 2023 р.", "Вона діє."]


def test_extra_abbreviations() -> None:
    text = "Виступив заст. Міністра оборони. Отримали 5 упак. 3 з них пошкоджено."
    assert sentences(text, "uk") == ["Виступив заст.", "Міністра оборони.", "Отримали 5 упак.",
                                     "3 з них пошкоджено."]
    spans = sentence_spans(text, "uk", abbreviations=["заст."], abbreviations_final=["упак"])
    assert [text[a:b] for a, b in spans] == \
        ["Виступив заст. Міністра оборони.", "Отримали 5 упак. 3 з них пошкоджено."]
    # a final abbreviation still ends a sentence before a new one
    text2 = "Отримали 5 упак. Решту доставлять."
    assert sentence_spans(text2, "uk", abbreviations_final=["упак"]) == [(0, 16), (17, 34)]
    # the built-in rules are not changed by a project's additions
    assert sentences(text, "uk")[0] == "Виступив заст."


def test_break_and_no_break_rules_from_data() -> None:
    rules = parse_rules("xx", {
        "abbreviations": {"inner": ["Fig"]},
        "break": [{"before": r"\bFig\.$", "after": r"^\s+Next\b"}],
        "no_break": [{"before": r"\bdone\.$", "after": r"^\s+Really\b"}],
    })
    text = "See Fig. Next one. It is done. Really done. Fig. Two."
    assert [text[a:b] for a, b in split(text, rules)] == \
        ["See Fig.", "Next one.", "It is done. Really done.", "Fig. Two."]


def test_rules_files_are_validated() -> None:
    with pytest.raises(ValueError, match="unknown abbreviation class"):
        parse_rules("xx", {"abbreviations": {"sometimes": ["x"]}})
    with pytest.raises(ValueError, match="before"):
        parse_rules("xx", {"no_break": [{"after": "x"}]})


def test_project_configuration_reaches_the_reader(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "visit.txt").write_text(
        "Visit to Kyiv\n\nAmb. Smith arrived on Monday. He met the mayor.\n", encoding="utf-8")
    config = tmp_path / "l10n.toml"
    config.write_text('source_language = "en"\nlanguages = ["en", "uk"]\n', encoding="utf-8")
    project = Project.load(config)
    before = [u.text for u in project.parse(project.sources()[0]).units]
    assert before[1:] == ["Amb.", "Smith arrived on Monday.", "He met the mayor."]
    config.write_text(config.read_text(encoding="utf-8")
                      + '[segment]\nabbreviations = { en = ["Amb"] }\n', encoding="utf-8")
    project = Project.load(config)
    after = [u.text for u in project.parse(project.sources()[0]).units]
    assert after[1:] == ["Amb. Smith arrived on Monday.", "He met the mayor."]


# --- datelines, sentence-final abbreviations, quotations ------------------------------------

@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("uk", "КИЇВ, 9 січня 2024 р. — Верховна Рада ухвалила закон. Він набуде чинності влітку.",
     ["КИЇВ, 9 січня 2024 р. — Верховна Рада ухвалила закон.", "Він набуде чинності влітку."]),
    ("uk", "КИЇВ. 9 січня. ІНТЕРФАКС-УКРАЇНА – Уряд схвалив план. Його оприлюднять.",
     ["КИЇВ. 9 січня. ІНТЕРФАКС-УКРАЇНА – Уряд схвалив план.", "Його оприлюднять."]),
    ("ru", "МОСКВА, 9 января 2024 г. — Госдума приняла закон. Он вступит в силу летом.",
     ["МОСКВА, 9 января 2024 г. — Госдума приняла закон.", "Он вступит в силу летом."]),
    ("ru", "МОСКВА, 9 января. /ТАСС/. Госдума приняла закон.",
     ["МОСКВА, 9 января. /ТАСС/. Госдума приняла закон."]),
    ("ru", "МОСКВА, 9 янв — РИА Новости. Госдума приняла закон. Он вступит в силу.",
     ["МОСКВА, 9 янв — РИА Новости. Госдума приняла закон.", "Он вступит в силу."]),
    ("en", "KYIV, Jan. 9 (Reuters) — Ukraine's parliament passed the law. It takes effect soon.",
     ["KYIV, Jan. 9 (Reuters) — Ukraine's parliament passed the law.", "It takes effect soon."]),
    ("en", "WASHINGTON, D.C. — The Senate voted. It was close.",
     ["WASHINGTON, D.C. — The Senate voted.", "It was close."]),
    # not a dateline: the sentence after a date still ends where it ends
    ("uk", "Закон ухвалили 9 січня 2024 р. Він набуде чинності влітку.",
     ["Закон ухвалили 9 січня 2024 р.", "Він набуде чинності влітку."]),
])
def test_a_dateline_opens_its_sentence(lang: str, text: str, expected: list[str]) -> None:
    assert sentences(text, lang) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The delegation arrived in Washington, D.C. Talks begin tomorrow.",
     ["The delegation arrived in Washington, D.C.", "Talks begin tomorrow."]),
    ("The storm will reach the southwest U.S. Rosa will bring heavy rain.",
     ["The storm will reach the southwest U.S.", "Rosa will bring heavy rain."]),
    ("Turnout was 16 percent by 1 p.m. Officials expected more.",
     ["Turnout was 16 percent by 1 p.m.", "Officials expected more."]),
    ("The deal was signed by Acme Inc. Shares rose 3 percent.",
     ["The deal was signed by Acme Inc.", "Shares rose 3 percent."]),
    # the capitalised word continues the name or the time
    ("The U.S. Army signed the deal.", ["The U.S. Army signed the deal."]),
    ("According to the U.S. Drought Monitor, it is dry.",
     ["According to the U.S. Drought Monitor, it is dry."]),
    ("The U.S. Secretary of State arrived.", ["The U.S. Secretary of State arrived."]),
    ("The vote opens at 9 a.m. Monday in every district.",
     ["The vote opens at 9 a.m. Monday in every district."]),
    ("Acme Inc. Chief Executive Jane Doe resigned.",
     ["Acme Inc. Chief Executive Jane Doe resigned."]),
    ("The U.S. Sen. Ted Smith spoke.", ["The U.S. Sen. Ted Smith spoke."]),
    # initials stay initials: only the listed names read the next capital this way
    ("J.R. Smith said it. Mr. Adams agreed.", ["J.R. Smith said it.", "Mr. Adams agreed."]),
    ("Det. Dennis McCarthy wrote the report.", ["Det. Dennis McCarthy wrote the report."]),
])
def test_a_sentence_may_end_in_an_abbreviation_before_a_capital(
        text: str, expected: list[str]) -> None:
    assert sentences(text, "en") == expected


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # a Latin letter before a Cyrillic word is not that word's initial
    ("uk", "Учні отримали вищий бал A. Дані зібрано в 74 школах.",
     ["Учні отримали вищий бал A.", "Дані зібрано в 74 школах."]),
    ("uk", "Заяву підписав В. Зеленський.", ["Заяву підписав В. Зеленський."]),
    # "см." after a number is a unit; before a noun it is "смотри"
    ("ru", "Осадки могут достигать 10 см. Для зон без ливней риск ниже.",
     ["Осадки могут достигать 10 см.", "Для зон без ливней риск ниже."]),
    ("ru", "Подробнее см. рис. 3 в приложении.", ["Подробнее см. рис. 3 в приложении."]),
    # "им." is "имени" before a name and the pronoun at the end of a sentence
    ("ru", "Надо уметь доверять им. По результатам экзаменов это видно.",
     ["Надо уметь доверять им.", "По результатам экзаменов это видно."]),
    ("ru", "Он учился в школе им. Пушкина.", ["Он учился в школе им. Пушкина."]),
    # Latin-script names in Cyrillic text keep their English abbreviations
    ("uk", "Серед брендів — Essie, Tweezerman та Dr. PawPaw. Ціни знизять.",
     ["Серед брендів — Essie, Tweezerman та Dr. PawPaw.", "Ціни знизять."]),
    ("ru", "Акции Apple Inc. Они подорожали.", ["Акции Apple Inc.", "Они подорожали."]),
])
def test_abbreviations_on_real_news_patterns(lang: str, text: str,
                                             expected: list[str]) -> None:
    assert sentences(text, lang) == expected


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # a quotation of several sentences is split into them, as professional segmentation does
    ("en", '"We are a poor country, but we have dignity. If they refuse us, we can turn to '
           'others," Kavadarkov said. The vote is on Sunday.',
     ['"We are a poor country, but we have dignity.',
      'If they refuse us, we can turn to others," Kavadarkov said.', "The vote is on Sunday."]),
    ("uk", "Девіз: «Море наше по праву. Ми повинні його повернути». Його знає кожен.",
     ["Девіз: «Море наше по праву.", "Ми повинні його повернути».", "Його знає кожен."]),
    # the attribution stays with the quoted sentence it follows
    ("en", '"Where is the money?" Councillor Smith asked. Nobody answered.',
     ['"Where is the money?" Councillor Smith asked.', "Nobody answered."]),
    # a dash inside a quotation brings the author's words, not a new sentence
    ("ru", "«К чему ты готовишься? – спросила мама. – Завтра ведь выходной». Сын молчал.",
     ["«К чему ты готовишься? – спросила мама. – Завтра ведь выходной».", "Сын молчал."]),
    # a quoted word or title ending in ? or ! does not end the sentence
    ("uk", "Слово «Навіщо?» стало мемом. Його повторюють усі.",
     ["Слово «Навіщо?» стало мемом.", "Його повторюють усі."]),
])
def test_quotations_are_split_into_their_sentences(lang: str, text: str,
                                                   expected: list[str]) -> None:
    assert sentences(text, lang) == expected


WHOLE = {lang: replace(rules_for(lang), whole_quotations=True) for lang in ("en", "uk")}


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # the measured alternative keeps a closed quotation in one unit...
    ("uk", "«Дякуємо. Ми це цінуємо», — відповіла міністерка. Далі буде.",
     ["«Дякуємо. Ми це цінуємо», — відповіла міністерка.", "Далі буде."]),
    # ...but a mark that is never closed encloses nothing
    ("uk", "Мер сказав: «Ми відбудуємо міст. Дороги відкриті. Сесію закрито. Депутати розійшлися.",
     ["Мер сказав: «Ми відбудуємо міст.", "Дороги відкриті.", "Сесію закрито.",
      "Депутати розійшлися."]),
    # and an unclosed straight quote does not pair with the next quotation's opening mark
    ("en", 'He said: "We will rebuild. Roads are open. Later the mayor called it "a good day" '
           "and left. The session closed.",
     ['He said: "We will rebuild.', "Roads are open.",
      'Later the mayor called it "a good day" and left.', "The session closed."]),
])
def test_an_unclosed_quotation_never_swallows_the_paragraph(
        lang: str, text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split(text, WHOLE[lang])] == expected
    assert len(sentences(text, lang)) >= len(expected)


def _rule_examples() -> list:
    params = []
    for lang in ("en", "uk", "ru"):
        data = tomllib.loads((RULES / f"{lang}.toml").read_text(encoding="utf-8"))
        for key in ("dateline", "no_break"):
            for k, rule in enumerate(data.get(key, [])):
                params.append(pytest.param(lang, key, rule, id=f"{lang}-{key}-{k}"))
    return params


@pytest.mark.parametrize(("lang", "key", "rule"), _rule_examples())
def test_every_rule_example_is_one_sentence(lang: str, key: str, rule: dict) -> None:
    """The example written beside each rule in the rules files is what the rule protects."""
    assert "example" in rule, "every rule carries an example"
    assert sentences(rule["example"], lang) == [rule["example"]]
    if key == "dateline":
        assert re.compile(rule["pattern"]).match(rule["example"])


def test_dateline_patterns_are_validated() -> None:
    with pytest.raises(ValueError, match="without '\\^'"):
        parse_rules("xx", {"dateline": [{"pattern": "^X"}]})
    with pytest.raises(ValueError, match="needs a 'pattern'"):
        parse_rules("xx", {"dateline": [{"example": "X"}]})
    with pytest.raises(ValueError, match="must name a language"):
        parse_rules("xx", {"latin_abbreviations": ["en"]})


# --- real news: professional segmentation, joined into paragraphs and split back ----------

NEWS = Path(__file__).parent / "data" / "align"
NEWS_FILES = {"en": "newstest2019-src.eng.txt", "uk": "newstest2019-ref.ukr.txt",
              "ru": "newstest2019-ref.rus.txt"}
_FINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")


def _news_paragraphs(lang: str) -> list[tuple[str, list[int]]]:
    """Paragraphs of four consecutive lines (headlines alone) and where each line starts."""
    lines = {k: (NEWS / f).read_text(encoding="utf-8").splitlines() for k, f in NEWS_FILES.items()}
    groups: list[list[str]] = []
    current: list[str] = []
    for i, line in enumerate(lines[lang]):
        if any(not _FINAL.search(lines[k][i].strip()) for k in lines):  # a headline
            groups += [current, [line.strip()]] if current else [[line.strip()]]
            current = []
            continue
        current.append(line.strip())
        if len(current) == 4:
            groups.append(current)
            current = []
    groups += [current] if current else []
    paragraphs = []
    for group in groups:
        starts = [sum(len(g) + 1 for g in group[:k]) for k in range(len(group))]
        paragraphs.append((" ".join(group), starts))
    return paragraphs


@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_real_news_paragraphs_split_back_into_their_lines(lang: str) -> None:
    """NTREX-128 news (one professional segment a line): joined four lines at a time, the
    segmenter finds the line starts again and rarely splits inside a line."""
    boundaries = found = inside_lines = lines = 0
    for text, starts in _news_paragraphs(lang):
        cuts = {a for a, _ in sentence_spans(text, lang)[1:]}
        boundaries += len(starts) - 1
        found += len(cuts & set(starts[1:]))
        inside_lines += len(cuts - set(starts))
        lines += len(starts)
    assert found / boundaries >= 0.995
    assert inside_lines / lines <= 0.06  # some lines hold two sentences in a translation
