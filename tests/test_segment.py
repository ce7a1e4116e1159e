"""The sentence segmenter: the published cases, losslessness, rules and configuration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.project import Project
from l10n.segment import sentence_spans, sentences
from l10n.segment.rules import parse_rules
from l10n.segment.splitter import split

DATA = Path(__file__).parent / "data" / "segmentation"
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
     ["«Дякуємо. Ми це цінуємо», — відповіла міністерка.", "Далі буде."]),
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
