"""Each quality check on sentence pairs: firing where it should, silent where it should not,
with the tricky Ukrainian and Russian number and punctuation cases."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.checks import quality
from l10n.checks.glossary import load
from l10n.checks.numbers import missing_numbers, numbers
from l10n.checks.quality import Context, final_punctuation
from l10n.errors import ConfigError

UK = Context("en", "uk")
RU = Context("en", "ru")


def fires(check: str, source: str, translation: str, ctx: Context = UK) -> list[str]:
    return quality.QUALITY[check](source, translation, ctx)


# ---------------------------------------------------------------------------- numbers

@pytest.mark.parametrize("source, translation, ctx", [
    ("Exports grew from 2 million tons to 3 million tons.",
     "Експорт зріс з 2 млн тонн до 3 млн тонн.", UK),
    ("The target indicator of 4 million tons.", "Цільовий показник — 4 млн тонн.", UK),
    ("The target indicator of 4 million tons.", "Целевой показатель — 4 миллиона тонн.", RU),
    ("It costs 2 million.", "Це коштує 2 мільйони.", UK),
    ("It costs 2 million.", "Это стоит 2 000 000.", RU),
    ("Inflation was 3.5 percent.", "Інфляція становила 3,5 %.", UK),
    ("Inflation was 3.5 percent.", "Инфляция составила 3.5 %.", RU),
    ("They received 1,200 letters.", "Вони отримали 1 200 листів.", UK),
    ("They received 1,200 letters.", "Они получили 1\u00a0200 писем.", RU),
    ("They received 1,200 letters.", "Вони отримали 1200 листів.", UK),
    ("They received 12,500 letters.", "Они получили 12,5 тыс. писем.", RU),
    ("The budget is $1.5bn.", "Бюджет становить 1,5 млрд доларів.", UK),
    ("on January 9th", "9 січня", UK),
    ("on January 9th, 2024", "9 января 2024 года", RU),
    ("Negotiations started on November 17, 2023.",
     "Переговори розпочалися 17 листопада 2023 року.", UK),
    ("F-16 pilots and the G7 declaration", "пілоти F-16 та декларація «Великої сімки»", UK),
    ("in the 1990s", "у 1990-х роках", UK),
    ("on 09.01.2024", "9 січня 2024 року", UK),
    ("More than 30 countries joined in 2023.", "У 2023 році приєдналися понад 30 країн.", UK),
    ("Call +380 44 123 45 67.", "Телефонуйте +380 44 123 45 67.", UK),
    ("in the 20th century", "у XX столітті", UK),
    ("on 14 March", "14 березня", UK),
])
def test_numbers_in_any_local_form_are_accepted(source: str, translation: str,
                                                ctx: Context):
    assert fires("numbers", source, translation, ctx) == []


@pytest.mark.parametrize("source, translation, missing", [
    ("Exports grew from 2 million tons to 3 million tons.",
     "Експорт зріс з 2 млн тонн до 3 тонн.", "3 million"),
    ("It costs 2 million.", "Це коштує 2 тисячі.", "2 million"),
    ("Inflation was 3.5 percent.", "Інфляція становила 35 %.", "3.5"),
    ("They received 1,200 letters.", "Вони отримали 1 300 листів.", "1,200"),
    ("Negotiations started on November 17, 2023.", "Переговори розпочалися 17 листопада.",
     "2023"),
    ("on January 9th", "8 січня", "9"),
    ("The No. 2 plan costs $353.2 million.", "План № коштує 353,2 млн доларів.", "2"),
    ("during July 2, 2023 under June 1", "у липні 2023 року, до 1 червня", "2"),
    ("Two sessions: 5 and 5 hours.", "Дві сесії по 5 годин.", "5"),
])
def test_missing_or_changed_numbers_fire(source: str, translation: str, missing: str):
    problems = fires("numbers", source, translation)
    assert len(problems) == 1 and missing in problems[0]


def test_number_values():
    assert [v for v, _ in numbers("2 млн і 3,5 та 1 000 000", "uk")] == \
        [Decimal(2_000_000), Decimal("3.5"), Decimal(1_000_000)]
    assert [v for v, _ in numbers("1,000,000.25 and 7", "en")] == \
        [Decimal("1000000.25"), Decimal(7)]
    assert numbers("COVID-19, MH17, G7", "en") == ()
    assert missing_numbers("5.5bn", "en", "5,5 млрд", "ru") == []


# ---------------------------------------------------------------------------- punctuation

@pytest.mark.parametrize("text, kind", [
    ("He said.", "period"),
    ('He said "yes."', "period"),
    ("Він сказав «так».", "period"),
    ("Он спросил: «Почему?»", "question mark"),
    ("Really?!", "question mark"),
    ("Stop!", "exclamation mark"),
    ("And then…", "ellipsis"),
    ("And then...", "ellipsis"),
    ("Heading", "none"),
    ("Фото: Президент (РБК-Україна)", "none"),
    ("Note:", "colon"),
])
def test_final_punctuation_kind(text: str, kind: str):
    assert final_punctuation(text) == kind


@pytest.mark.parametrize("source, translation", [
    ('"It was agreed," stated Zelenskyy.', "«Домовилися», — заявив Зеленський."),
    ('He said: "We will win."', "Він сказав: «Ми переможемо»."),
    ('He asked: "Why?"', "Он спросил: «Почему?»"),
    ("Security guarantees", "Гарантии безопасности"),
    ("Is it over?", "Це кінець?"),
    ("Wait...", "Зачекайте…"),
    ("Exports in 2024", "Експорт у 2024 р."),
    ("Exports in 2024", "Экспорт в 2024 г."),
    ("Grain, oil, metals etc.", "Зерно, олія, метали"),
])
def test_punctuation_kept(source: str, translation: str):
    assert fires("punctuation", source, translation) == []


@pytest.mark.parametrize("source, translation", [
    ("Is it over?", "Це кінець."),
    ("Security guarantees", "Гарантии безопасности."),
    ('He said: "We will win."', "Он сказал: «Мы победим!»"),
    ("Wait...", "Зачекайте."),
    ("Exports grew", "Експорт зріс у 2024 році."),
])
def test_punctuation_changed(source: str, translation: str):
    assert len(fires("punctuation", source, translation)) == 1


# ---------------------------------------------------------------------------- the others

@pytest.mark.parametrize("check, source, translation, n", [
    ("placeholders", "Hello, {name}!", "Привіт, {name}!", 0),
    ("placeholders", "Hello, {name}!", "Привіт, {імʼя}!", 1),
    ("placeholders", "%(count)d articles by %s", "%s: %(count)d статей", 0),
    ("placeholders", "%(count)d articles", "%(num)d статей", 1),
    ("placeholders", "Growth was 50% said analysts", "Зростання — 50 %, кажуть аналітики", 0),
    ("placeholders", "{{ author }} wrote", "написав {{ author }}", 0),
    ("markup", "Click <b>here</b>.", "Натисніть <b>тут</b>.", 0),
    ("markup", "Click <b>here</b>.", "Натисніть тут.", 1),
    ("markup", 'See <a href="/x">this</a>.', 'Дивіться <a href="/x">це</a>.', 0),
    ("markup", "Line<br/>break", "Рядок<br/>розрив", 0),
    ("markup", "Read the **full** story.", "Читайте **повну** історію.", 0),
    ("markup", "Read the **full** story.", "Читайте повну історію.", 1),
    ("markup", "Run `l10n check` now.", "Запустіть `l10n check` зараз.", 0),
    ("markup", "Run `l10n check` now.", "Запустіть `l10n перевірка` зараз.", 1),
    ("markup", "See [the report](https://x.org/r).", "Див. [звіт](https://x.org/r).", 0),
    ("markup", "See [the report](https://x.org/r).", "Див. [звіт](https://x.org/q).", 1),
    ("markup", "An *important* note", "Дуже *важлива* примітка", 0),
    ("markup", "An *important* note", "Дуже важлива примітка", 1),
    ("urls", "Visit https://rbc.ua/news.", "Відвідайте https://rbc.ua/news.", 0),
    ("urls", "Visit https://rbc.ua/news.", "Відвідайте https://rbc.ua/novyny.", 1),
    ("urls", "(see www.president.gov.ua)", "(див. www.president.gov.ua)", 0),
    ("urls", "Mail news@rbc.ua today.", "Пишіть на news@rbc.ua сьогодні.", 0),
    ("urls", "Mail news@rbc.ua today.", "Пишіть на редакцію сьогодні.", 1),
    ("whitespace", "Hello ", "Привіт ", 0),
    ("whitespace", "Hello ", "Привіт", 1),
    ("whitespace", " Hello", "Привіт", 1),
    ("whitespace", "Hello", " Привіт ", 1),
    ("identical", "The committee approved the plan.", "The committee approved the plan.", 1),
    ("identical", "The committee approved the plan.", "Комітет схвалив план.", 0),
    ("identical", "NATO", "NATO", 0),
    ("identical", "Volodymyr Zelenskyy", "Volodymyr Zelenskyy", 0),
    ("identical", "F-16", "F-16", 0),
    ("identical", "2024", "2024", 0),
    ("identical", "https://rbc.ua/", "https://rbc.ua/", 0),
    ("length", "The ministry published a long report on the budget.", "Звіт.", 1),
    ("length", "The ministry published a report.", "Міністерство оприлюднило звіт.", 0),
    ("length", "Short one.", "Дуже-дуже-дуже довгий переклад короткого речення.", 0),
    ("length", "A report on the budget came out.",
     "Міністерство фінансів України сьогодні вранці оприлюднило дуже довгий і докладний "
     "звіт про виконання державного бюджету.", 1),
])
def test_check_fires_or_not(check: str, source: str, translation: str, n: int):
    assert len(fires(check, source, translation)) == n


def test_identical_is_fine_between_variants_of_one_language():
    assert fires("identical", "The plan was approved.", "The plan was approved.",
                 Context("en", "en_GB")) == []


def test_length_ratio_is_configurable():
    ctx = Context("en", "uk", length_ratio=(0.9, 1.1))
    assert fires("length", "The ministry published a report.", "Міністерство оприлюднило "
                 "звіт про бюджет.", ctx)


def test_glossary_terms_match_inflected_forms(tmp_path: Path):
    path = tmp_path / "glossary.csv"
    path.write_text("term,language,translation,notes\n"
                    "Ukraine,uk,Україна,\n"
                    "security guarantees,uk,гарантії безпеки,\n"
                    "Ukraine,ru,Украина,\n", encoding="utf-8")
    terms = load(path, "glossary.csv", "en")
    assert [t.line for t in terms] == [2, 3, 4]
    ctx = Context("en", "uk", [t for t in terms if t.language == "uk"])
    assert fires("glossary", "Talks with Ukraine resumed.", "Переговори з Україною "
                 "відновилися.", ctx) == []
    assert fires("glossary", "Ukraine's security guarantees", "гарантіями безпеки України",
                 ctx) == []
    assert fires("glossary", "Ukrainian exports grew.", "Експорт зріс.", ctx) == []
    problems = fires("glossary", "Security guarantees for Ukraine",
                     "Безпекові запевнення для України", ctx)
    assert len(problems) == 1 and "гарантії безпеки" in problems[0]


def _en(whole: int, frac: str) -> str:
    return f"{whole:,}" + (f".{frac}" if frac else "")


def _local(whole: int, frac: str, space: str) -> str:
    return f"{whole:,}".replace(",", space) + (f",{frac}" if frac else "")


@settings(max_examples=100, deadline=None)
@given(whole=st.integers(min_value=0, max_value=10**9),
       frac=st.sampled_from(["", "5", "25", "05"]),
       space=st.sampled_from([" ", "\u00a0", "\u202f"]),
       scale=st.sampled_from([("", ""), (" million", " млн"), (" billion", " млрд"),
                              (" thousand", " тис.")]),
       lang=st.sampled_from(["uk", "ru"]))
def test_any_number_in_local_notation_is_found(whole: int, frac: str, space: str,
                                               scale: tuple[str, str], lang: str):
    source = f"The total was {_en(whole, frac)}{scale[0]} in the end."
    translation = f"Усього {_local(whole, frac, space)}{scale[1]} зрештою."
    assert missing_numbers(source, "en", translation, lang) == []
    wrong = f"Усього {_local(whole + 1, frac, space)}{scale[1]} зрештою."
    assert missing_numbers(source, "en", wrong, lang) != []


_amount = st.tuples(st.integers(min_value=0, max_value=10**7),
                    st.sampled_from(["", "5", "25"]),
                    st.sampled_from([("", ""), (" million", " млн"), (" thousand", " тис.")]))


@settings(max_examples=100, deadline=None)
@given(amounts=st.lists(_amount, min_size=1, max_size=4), drop=st.integers(min_value=0),
       order=st.randoms(use_true_random=False))
def test_dropping_any_one_number_is_noticed(amounts, drop: int, order):
    source = "; ".join(f"item {_en(w, f)}{s[0]}" for w, f, s in amounts) + "."
    local = [f"пункт {_local(w, f, chr(0xa0))}{s[1]}" for w, f, s in amounts]
    order.shuffle(local)
    assert missing_numbers(source, "en", "; ".join(local) + ".", "uk") == []
    del local[drop % len(local)]
    assert missing_numbers(source, "en", "; ".join(local) + ".", "uk") != []


def test_a_format_with_its_own_markup_judgement_is_asked_instead():
    calls = []

    def judge(source: str, translation: str) -> list[str]:
        calls.append((source, translation))
        return ["<a> is nested differently from the source"] if "<a>" in source else []

    ctx = Context("en", "uk", markup_checker=judge)
    assert fires("markup", "A <a>link</a>.", "Посилання.", ctx) == \
        ["<a> is nested differently from the source"]
    assert fires("markup", "Plain **bold**.", "Просто.", ctx) == []  # the format decides
    assert len(calls) == 2


def test_the_markup_judgement_comes_from_the_source_format():
    from l10n.check import _markup_checker

    class WithJudgement:
        def markup_problems(self, source: str, translation: str) -> list[str]:
            return []

    class Without:
        pass

    formats = {"md": WithJudgement(), "txt": Without()}
    assert _markup_checker(formats, Path("a.md")) is not None
    assert _markup_checker(formats, Path("a.txt")) is None
    assert _markup_checker(formats, Path("a.rst")) is None


def test_glossary_from_tbx_and_with_a_source_language_column(tmp_path: Path):
    tbx = tmp_path / "terms.tbx"
    tbx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" xml:lang="en"><text><body>'
        '<conceptEntry id="1">'
        '<langSec xml:lang="en"><termSec><term>Verkhovna Rada</term></termSec></langSec>'
        '<langSec xml:lang="uk-UA"><termSec><term>Верховна Рада</term></termSec></langSec>'
        '<langSec xml:lang="ru"><termSec><term>Верховная Рада</term></termSec></langSec>'
        '</conceptEntry></body></text></tbx>\n', encoding="utf-8")
    terms = load(tbx, "terms.tbx", "en")
    # A TBX concept is multilingual: every language pair is a term pair (an article written
    # in Ukrainian is checked uk → ru and uk → en).
    assert sorted((t.source_language, t.term, t.language, t.translation) for t in terms) == [
        ("en", "Verkhovna Rada", "ru", "Верховная Рада"),
        ("en", "Verkhovna Rada", "uk", "Верховна Рада"),
        ("ru", "Верховная Рада", "en", "Verkhovna Rada"),
        ("ru", "Верховная Рада", "uk", "Верховна Рада"),
        ("uk", "Верховна Рада", "en", "Verkhovna Rada"),
        ("uk", "Верховна Рада", "ru", "Верховная Рада")]
    csv_path = tmp_path / "terms.csv"
    csv_path.write_text("term,language,translation,notes,source_language\n"
                        "Київ,en,Kyiv,,uk\nNATO,uk,НАТО,,\n", encoding="utf-8")
    assert [(t.source_language, t.language) for t in load(csv_path, "terms.csv", "en")] == \
        [("uk", "en"), ("en", "uk")]
    with pytest.raises(ConfigError, match=".csv or .tbx"):
        load(tmp_path / "terms.txt", "terms.txt", "en")
