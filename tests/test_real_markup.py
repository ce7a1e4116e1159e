"""Real HTML pages and Markdown documents (tests/data, see its README): every one is
accepted, composes back to its exact bytes, and a translated composition keeps the
document's tree (for an HTML5 parser, or markdown-it's rendering of Markdown)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser

from l10n.compose import compose
from l10n.formats import decode, split_bom
from l10n.formats.html import HtmlFormat
from l10n.formats.markdown import MarkdownFormat
from l10n.model import Catalog, Message, render

DATA = Path(__file__).parent / "data"
HTML = sorted((DATA / "html").glob("*.html"))
MARKDOWN = sorted((DATA / "markdown").glob("*.md"))
TEXT_ATTRIBUTES = {"lang", "xml:lang", "alt", "title", "content", "aria-label"}


def html5lib_cases() -> list[tuple[str, str]]:
    cases = []
    for path in sorted((DATA / "html5lib").glob("*.dat")):
        text = path.read_text(encoding="utf-8")
        for k, block in enumerate(text.split("\n#data\n")):
            block = block.removeprefix("#data\n")
            if "#document-fragment" in block or "#script-on" in block or \
                    "\n#errors" not in block:
                continue
            data = block.split("\n#errors", 1)[0]
            if data.strip() and "\0" not in data:
                cases.append((f"{path.stem}#{k}", data))
    return cases


def spec_examples() -> list[str]:
    text = (DATA / "markdown" / "commonmark-spec.md").read_text(encoding="utf-8")
    fence = "`" * 32
    found = re.findall(rf"^{fence} example\n(.*?)^{fence}$", text, re.M | re.S)
    return [ex.split("\n.\n", 1)[0].replace("→", "\t") for ex in found]


def shape(page: str) -> list[tuple]:
    """Elements and their non-text attributes, as a browser builds the tree."""
    return [(n.tag, tuple(sorted((k, v) for k, v in n.attributes.items()
                                 if k not in TEXT_ATTRIBUTES)))
            for n in LexborHTMLParser(page).root.traverse(include_text=False)]


def kept_text(page: str) -> list[str]:
    return [n.text(deep=True) for n in LexborHTMLParser(page).css("script, style, code, pre")]


def prefixed(article) -> Catalog:
    return Catalog(messages=[Message(u.text, "Ü " + u.text) for u in article.units])


def identity(article) -> Catalog:
    return Catalog(messages=[Message(u.text, u.text) for u in article.units])


def check_html(name: str, text: str):
    fmt = HtmlFormat()
    article = fmt.parse(text, slug="page", path=name, lang="en")
    assert render(article) == text
    assert compose(article, identity(article), "en", fmt).text == text
    translated = compose(article, prefixed(article), "uk", fmt)
    assert not translated.rejected, [u.text for u in translated.rejected]
    assert shape(translated.text) == shape(text)
    assert kept_text(translated.text) == kept_text(text)
    for unit in article.units:
        assert re.search(r"[^\W\d_]", unit.text), unit.text
    return article


@pytest.mark.parametrize("path", HTML, ids=lambda p: p.name)
def test_real_pages(path: Path):
    text = split_bom(decode(path.read_bytes(), path.name))[1]
    article = check_html(path.name, text)
    assert article.units
    # No unit longer than 2,000 characters unless it is one paragraph of plain text.
    assert all(len(u.text) <= 2000 or "<" not in u.text for u in article.units)


def test_html5lib_tree_construction_cases():
    cases = html5lib_cases()
    assert len(cases) > 150
    for name, text in cases:
        check_html(name, text)


def test_news_pages_give_the_article_not_the_site():
    text = (DATA / "html" / "newspaper4k-cnn_article.html").read_text(encoding="utf-8")
    units = [u.text for u in HtmlFormat().parse(text, slug="p", path="p", lang="en").units]
    assert any(u.startswith("A strong storm struck much of the eastern United States") for u in
               units)
    assert not any("Sign up" in u or "Log in" in u or ">World</a>" in u for u in units)
    # The SVG chart of this page (<clipPath>, <linearGradient>) used to refuse it whole.
    text = (DATA / "html" / "newspaper4k-wired_001.html").read_text(encoding="utf-8")
    units = [u.text for u in HtmlFormat().parse(text, slug="p", path="p", lang="en").units]
    assert "The West Bank was Israel’s surveillance laboratory." in units


def markdown_shape(text: str) -> list[tuple]:
    return shape(MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text))


def check_markdown(name: str, text: str) -> None:
    fmt = MarkdownFormat()
    article = fmt.parse(text, slug="doc", path=name, lang="en")
    assert render(article) == text
    assert compose(article, identity(article), "en", fmt).text == text
    translated = compose(article, prefixed(article), "uk", fmt)
    if not translated.rejected:
        assert markdown_shape(translated.text) == markdown_shape(text), name


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: p.name)
def test_real_markdown(path: Path):
    check_markdown(path.name, path.read_text(encoding="utf-8"))


def test_commonmark_spec_examples():
    examples = spec_examples()
    assert len(examples) > 600
    for k, text in enumerate(examples):
        check_markdown(f"example {k + 1}", text)
