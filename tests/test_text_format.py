"""Plain-text reader: block roles on the seed article and on small articles."""

from __future__ import annotations

from pathlib import Path

from l10n.formats.text import TextFormat
from l10n.model import Article, render

SEED = Path(__file__).resolve().parent.parent / "source" / \
    "zelenskyy-iohannis-security-guarantees.txt"
TITLE = "Security guarantees: Ukraine agrees to collaborate with another NATO country"


def _parse(text: str, lang: str = "en", **extra) -> Article:
    return TextFormat().parse(text, slug="a", path="source/a.txt", lang=lang,
                              abbreviations=extra)


def test_seed_article_units() -> None:
    text = SEED.read_text(encoding="utf-8")
    article = _parse(text)
    units = article.units
    assert render(article) == text
    assert len(units) == 24
    assert len({u.text for u in units}) == 23
    assert all("ua en ru" not in u.text for u in units)  # the switcher is not a unit
    assert (units[0].role, units[0].text, units[0].line) == ("title", TITLE, 3)
    on_line_5 = [(u.role, u.text) for u in units if u.line == 5]
    assert on_line_5 == [
        ("title", TITLE),
        ("caption", "Photo: President of Ukraine, Volodymyr Zelenskyy "
                    "(Vitalii Nosach, RBC-Ukraine)"),
    ]
    assert [u.text for u in units if u.role == "heading"] == [
        "Information from the President of Romania",
        "Information from the President of Ukraine",
        "Security guarantees",
        "Security guarantees for Ukraine",
    ]
    paragraphs = [u for u in units if u.role == "paragraph"]
    assert len(paragraphs) == 17
    assert [u.text for u in paragraphs if u.line == 11] == [
        "Klaus Iohannis described the conversation with Zelenskyy as good and profound.",
        'According to him, they discussed "the security situation, further multi-level '
        'support for Ukraine, and bilateral priorities for 2024".',
        "The discussion also discussed joint efforts to build a strong Romanian-Ukrainian "
        "strategic partnership and further pragmatic agendas.",
    ]
    assert [(u.index, u.count) for u in paragraphs if u.line == 11] == [(1, 3), (2, 3), (3, 3)]
    assert all(u.text.endswith((".", '"')) for u in paragraphs)


def test_lists_captions_and_headings() -> None:
    text = ("Ціни на газ зросли\n\nФото: Віталій Носач\n\nГоловні цифри:\n- 12 загиблих;\n"
            "- 40 поранених. Серед них діти.\n1) перший етап\n\n"
            "Він опублікував фото: міст зруйновано. Рух закрито.\n")
    article = _parse(text, "uk")
    assert render(article) == text
    assert [(u.role, u.text) for u in article.units] == [
        ("title", "Ціни на газ зросли"),
        ("caption", "Фото: Віталій Носач"),
        ("paragraph", "Головні цифри:"),
        ("list-item", "- 12 загиблих;"),
        ("list-item", "- 40 поранених."),
        ("list-item", "Серед них діти."),
        ("list-item", "1) перший етап"),
        ("paragraph", "Він опублікував фото: міст зруйновано."),
        ("paragraph", "Рух закрито."),
    ]


def test_caption_glued_after_a_heading() -> None:
    article = _parse("Title\n\nBridge reopened Photo: Reuters\n")
    assert [(u.role, u.text) for u in article.units] == [
        ("title", "Title"), ("heading", "Bridge reopened"), ("caption", "Photo: Reuters")]


def test_dialogue_line_is_not_a_list_item() -> None:
    article = _parse("Заголовок\n\n— Коли відновлять світло? — запитала мешканка.\n", "uk")
    assert [(u.role, u.text) for u in article.units][1] == \
        ("paragraph", "— Коли відновлять світло? — запитала мешканка.")


def test_project_abbreviations_in_the_reader() -> None:
    text = "Title\n\nAmb. Smith arrived.\n"
    assert [u.text for u in _parse(text).units][1:] == ["Amb.", "Smith arrived."]
    assert [u.text for u in _parse(text, abbreviations=["Amb"]).units][1:] == \
        ["Amb. Smith arrived."]
