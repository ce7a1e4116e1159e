"""Markdown articles: units, byte-for-byte skeleton, markup-safe composing."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from l10n import pipeline, pofile
from l10n.compose import compose
from l10n.errors import ConfigError
from l10n.formats.markdown import MarkdownFormat, inline_pieces, markup_problems
from l10n.model import Catalog, Message, render
from l10n.project import Project

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
SEED = FIXTURES / "zelenskyy-iohannis-security-guarantees.md"
TRANSLATIONS = json.loads((FIXTURES / "translations.json").read_text(encoding="utf-8"))
FMT = MarkdownFormat()
COMMONMARK = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def parse(text: str, lang: str = "en", **options):
    return FMT.parse(text, slug="seed", path="source/seed.md", lang=lang, options=options)


def catalog(table: dict[str, str]) -> Catalog:
    return Catalog(messages=[Message(msgid=k, msgstr=v) for k, v in table.items()])


def seed_text() -> str:
    return SEED.read_bytes().decode("utf-8")


def body(text: str) -> str:
    """The Markdown after the front matter."""
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def blocks(text: str) -> list[tuple[str, str]]:
    """Block structure: token types and tags, without text."""
    return [(t.type, t.tag) for t in COMMONMARK.parse(body(text))]


def targets(text: str) -> Counter:
    """Link and image targets, code spans and inline HTML: all that must not change."""
    found: Counter = Counter()
    for t in COMMONMARK.parse(body(text)):
        for c in t.children or []:
            if c.type == "link_open":
                found[("href", c.attrGet("href"))] += 1
            elif c.type == "image":
                found[("src", c.attrGet("src"))] += 1
            elif c.type in ("code_inline", "html_inline"):
                found[(c.type, c.content)] += 1
        if t.type in ("fence", "code_block", "html_block"):
            found[(t.type, t.content)] += 1
    return found


# --- the seed article --------------------------------------------------------------

def test_seed_round_trips_byte_for_byte():
    article = parse(seed_text())
    assert render(article).encode("utf-8") == SEED.read_bytes()


def test_seed_units_and_roles():
    article = parse(seed_text())
    roles = Counter(u.role for u in article.units)
    assert roles["title"] == 2  # front matter title and the # heading
    assert roles["meta"] == 1  # front matter description
    assert roles["alt"] == 2  # the image's alt text and title
    assert roles["caption"] == 1
    assert roles["heading"] == 4
    assert roles["quote"] == 2
    assert roles["table-cell"] == 6
    texts = [u.text for u in article.units]
    joined = "\n".join(texts)
    for never in ("2024-01-09", "security-guarantees-ukraine-agrees", "tags", "Romania, security",
                  "related block", "slug", "source:"):
        assert never not in joined
    assert not any(t.startswith("http") for t in texts)
    assert "More than 30 countries have already joined it." in texts


def test_seed_unit_lines_point_at_the_text():
    text = seed_text()
    lines = text.split("\n")
    for unit in parse(text).units:
        assert unit.text.split("\n")[0] in lines[unit.line - 1], unit


def test_hard_wrapped_sentences_keep_their_line_breaks():
    units = [u.text for u in parse(seed_text()).units]
    assert ("According to him, they discussed \"the security situation, further multi-level "
            "support\nfor Ukraine, and bilateral priorities for 2024\".") in units


def test_sentences_split_inside_markup():
    text = ("First *one*. Second [two. Still two](https://e.org/a.b) here. **Third.** "
            "Fourth `a. B.` five. Sixth __a. B.__\n")
    units = [u.text for u in parse(text).units]
    assert units == ["First *one*.", "Second [two. Still two](https://e.org/a.b) here.",
                     "**Third.**", "Fourth `a. B.` five.", "Sixth __a. B.__"]


def test_never_units():
    text = ("Intro sentence here.\n\n```python\nprint('Not a unit.')\n```\n\n"
            "    indented code. Not a unit.\n\n<!-- A comment. Not a unit. -->\n\n"
            "<div>Raw HTML block. Not a unit.</div>\n\n[ref]: https://e.org \"Ref title\"\n")
    assert [u.text for u in parse(text).units] == ["Intro sentence here."]


# --- front matter ---------------------------------------------------------------------

FRONT = """---
title: 'It''s a title'
description: "Quoted \\"text\\" here"
summary: >
  Folded summary
  over two lines.
author: Plain Author # comment
---
Body text.
"""


def test_front_matter_fields_named_in_the_configuration():
    default = {u.text: u.context for u in parse(FRONT).units}
    assert default == {"It''s a title": "fm'", 'Quoted \\"text\\" here': 'fm"',
                       "Body text.": "inline"}
    chosen = {u.text: u.context for u in parse(FRONT, front_matter=["summary", "author"]).units}
    assert chosen == {"Folded summary\n  over two lines.": "fm-block:  ",
                      "Plain Author": "fm-plain", "Body text.": "inline"}


def test_front_matter_translations_stay_valid_yaml():
    yaml = pytest.importorskip("yaml")
    article = parse(FRONT, front_matter=["title", "description", "summary", "author"])
    tricky = 'Він сказав: "так" # не коментар\\ і \'лапки\'\nдругий рядок'
    out = render(article, lambda u: FMT.insert(u, tricky, target="uk") or u.text)
    data = yaml.safe_load(out.split("---\n")[1])
    for key in ("description", "summary", "author"):
        assert data[key].strip().replace("\n", " ") in (tricky, tricky.replace("\n", " ")), key
    assert data["title"] == "It's a title"  # a newline cannot stand in '…': kept


def test_front_matter_option_from_the_project_configuration(tmp_path):
    (tmp_path / "l10n.toml").write_text(
        'languages = ["uk"]\n[formats]\nmarkdown = { front_matter = ["author"] }\n',
        encoding="utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "story.md").write_text(FRONT, encoding="utf-8")
    project = Project.load(tmp_path)
    pipeline.extract(project)
    msgids = [m.msgid for m in pofile.read(tmp_path / "locales" / "story.pot").messages]
    assert msgids == ["Plain Author", "Body text."]
    (tmp_path / "l10n.toml").write_text(
        'languages = ["uk"]\n[formats]\nmarkdown = { keys = ["author"] }\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="formats.markdown.keys is not a configuration key; "
                                          "known here: dates, front_matter"):
        Project.load(tmp_path)


# --- composing ------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_composed_seed_keeps_the_structure_and_the_targets(lang):
    text = seed_text()
    article = parse(text)
    result = compose(article, catalog(TRANSLATIONS[lang]), lang, FMT)
    assert result.fallbacks == 0 and not result.rejected
    out = result.text
    assert blocks(out) == blocks(text)
    assert targets(out) == targets(text)
    for unit in article.units:
        assert TRANSLATIONS[lang][unit.text] in out
    # front matter keys and untranslated fields come out as they went in
    head = out.split("\n---\n")[0]
    for line in ("date: 2024-01-09T20:15:00+02:00", "tags: [Ukraine, Romania, security guarantees]",
                 "slug: security-guarantees-ukraine-agrees-to-1704824153"):
        assert line in head


def test_identity_composition_is_byte_for_byte():
    text = seed_text()
    article = parse(text)
    result = compose(article, catalog({u.text: u.text for u in article.units}), "uk", FMT)
    assert result.text == text


SOURCE = "Read [the news](https://e.org/n?id=1) about `l10n build` **today**."


@pytest.mark.parametrize("bad, problem", [
    ("Читайте [новини](https://e.org/n?id=1) про `l10n build **сьогодні**.", "backtick"),
    ("Читайте `` [новини](https://e.org/n?id=1) про `l10n build` **сьогодні**.", "backtick"),
    ("Читайте [новини](https://e.org/n?id=1 про `l10n build` **сьогодні**.", "link to"),
    ("Читайте [новини(https://e.org/n?id=1) про `l10n build` **сьогодні**.", "bracket"),
    ("Читайте [новини](https://evil.example) про `l10n build` **сьогодні**.", "link to"),
    ("Читайте [новини](https://e.org/n?id=1) про `l10n bild` **сьогодні**.", "code span"),
    ("Читайте [новини](https://e.org/n?id=1) про `l10n build` **сьогодні.", "strong"),
    ("Читайте [новини](https://e.org/n?id=1) про `l10n build` **сьогодні** "
     "<img src=x onerror=alert(1)>.", "HTML"),
    ("Читайте [новини](https://e.org/n?id=1) про `l10n build`\n\n**сьогодні**.", "block"),
    ("Читайте [новини](https://e.org/n?id=1) про `l10n build`\n# **сьогодні**.", "block"),
    ("Читайте [**новини**](https://e.org/n?id=1) про `l10n build` сьогодні.", "strong"),
])
def test_translations_that_break_markup_are_rejected(bad, problem):
    problems = markup_problems(SOURCE, bad)
    assert any(problem in p for p in problems), problems
    result = compose(parse(SOURCE + "\n"), catalog({SOURCE: bad}), "uk", FMT)
    assert result.rejected and result.text == SOURCE + "\n"


def test_moved_markup_is_accepted():
    moved = "**Сьогодні** читайте про `l10n build` у [новинах](https://e.org/n?id=1 \"Новини\")."
    assert markup_problems(SOURCE, moved) == []
    assert FMT.insert(parse(SOURCE).units[0], moved, target="uk") == moved


def test_table_cells_and_headings_stay_on_their_line():
    text = "# Title here\n\n| A | B |\n|---|---|\n| One cell. | Two. |\n"
    units = {u.text: u for u in parse(text).units}
    assert FMT.insert(units["Title here"], "Заголовок\nтут", target="uk") is None
    assert FMT.insert(units["One cell."], "Одна | клітинка.", target="uk") is None
    assert FMT.insert(units["One cell."], "Одна \\| клітинка.", target="uk") == \
        "Одна \\| клітинка."


def test_image_alone_gives_alt_and_title_units():
    text = '![A photo of Kyiv](kyiv.jpg "Kyiv, 2024")\n'
    units = parse(text).units
    assert [(u.text, u.context) for u in units] == [("A photo of Kyiv", "alt"),
                                                    ("Kyiv, 2024", 'title"')]
    out = render(parse(text), lambda u: FMT.insert(u, 'Фото "Київ"', target="uk"))
    assert out == '![Фото "Київ"](kyiv.jpg "Фото \\"Київ\\"")\n'


# --- generated documents -----------------------------------------------------------------

WORDS = st.sampled_from(["Kyiv", "said", "the", "talks", "went", "well", "Mr.", "Iohannis",
                         "2024", "R&D", "&amp;", "\\*", "a", "tons", "—", "x_y"])
ENDS = st.sampled_from([".", ". ", "! ", "? ", ", ", " ", " ", "\n"])


@st.composite
def sentence(draw) -> str:
    words = draw(st.lists(WORDS, min_size=1, max_size=5))
    return draw(st.sampled_from(["", "Then "])) + " ".join(words) + draw(ENDS)


@st.composite
def inline(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["text", "text", "em", "link", "code", "img", "html"]
                                    if depth < 2 else ["text"]))
        if kind == "text":
            parts.append(draw(sentence()))
        elif kind == "em":
            mark = draw(st.sampled_from(["*", "_", "**", "__", "~~"]))
            inner = draw(inline(depth + 1)).strip() or "word"
            parts.append(f" {mark}{inner}{mark} ")
        elif kind == "link":
            inner = draw(inline(depth + 1)).strip().replace("[", "").replace("]", "") or "x"
            title = draw(st.sampled_from(["", ' "A title."']))
            parts.append(f"[{inner}](https://e.org/a.b?c=1{title})")
        elif kind == "code":
            parts.append(draw(st.sampled_from(["`x. Y`", "``a ` b``"])))
        elif kind == "img":
            parts.append("![An image.](i.png)")
        else:
            parts.append("<span>raw</span>")
    return "".join(parts).replace("\n\n", "\n").strip("\n") or "word"


@st.composite
def document(draw) -> str:
    out = []
    if draw(st.booleans()):
        out.append('---\ntitle: "A title. Two."\ndescription: Plain one\ndate: 2024-01-09\n---\n')
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["p", "h", "setext", "quote", "list", "olist", "code",
                                     "table", "image", "html"]))
        text = draw(inline())
        one_line = text.replace("\n", " ")
        if kind == "p":
            out.append(text)
        elif kind == "h":
            out.append(draw(st.sampled_from(["# ", "## ", "### "])) + one_line +
                       draw(st.sampled_from(["", " ##"])))
        elif kind == "setext":
            out.append(one_line + "\n" + draw(st.sampled_from(["===", "---"])))
        elif kind == "quote":
            out.append("\n".join("> " + line for line in text.split("\n")))
        elif kind in ("list", "olist"):
            marker = "- " if kind == "list" else "1. "
            pad = " " * len(marker)
            items = [text, draw(inline())]
            out.append("\n".join(marker + ("\n" + pad).join(i.split("\n")) for i in items))
        elif kind == "code":
            out.append("```\ncode. Not A unit.\n```")
        elif kind == "table":
            cell = one_line.replace("|", "\\|")
            out.append(f"| Head one | Head two |\n|---|:---:|\n| {cell} | Two. Three. |")
        elif kind == "image":
            out.append('![Alt text here.](p.jpg "Its title.")')
        else:
            out.append("<!-- comment. Not a unit. -->")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join("\n\n".join(out).split("\n")) + newline


FAST = settings(max_examples=75, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def _balanced(text: str) -> bool:
    env: dict = {}
    from l10n.formats.markdown import _MD

    token = _MD.parseInline(text, env)[0]
    pieces = inline_pieces(token.content, token.children or [], env)
    depth = 0
    for p in pieces:
        depth += {"open": 1, "close": -1}.get(p.kind, 0)
        if depth < 0:
            return False
    return depth == 0


@FAST
@given(document())
def test_generated_documents_round_trip_and_units_hold_balanced_markup(text):
    article = parse(text)
    assert render(article) == text
    identity = {u.text: u.text for u in article.units}
    assert compose(article, catalog(identity), "uk", FMT).text == text
    for unit in article.units:
        assert unit.text == unit.text.strip()
        if unit.context in ("inline", "line", "cell"):
            assert _balanced(unit.text), unit.text


@FAST
@given(document())
def test_generated_documents_compose_with_the_same_structure(text):
    article = parse(text)
    # A stand-in translation: the same markup with different text around it.
    table = {u.text: "Ось " + u.text for u in article.units
             if u.context in ("inline", "line", "cell")}
    result = compose(article, catalog(table), "uk", FMT)
    assert not result.rejected, [u.text for u in result.rejected]
    assert blocks(result.text) == blocks(text)
    assert targets(result.text) == targets(text)


@pytest.mark.parametrize("text", ["\r0", "a\rb\r\rc", "# Heading\r\rOne here.\rTwo here.\r",
                                  "- item one\r- item two\n\r\nLast one.\r\n"])
def test_lone_carriage_returns_break_lines_as_in_markdown_it(text: str) -> None:
    """markdown-it reads a lone CR as a line break: the reader must count lines alike
    (it used to fail with an IndexError on "\\r0")."""
    article = parse(text)
    assert render(article) == text
    unix = parse(text.replace("\r\n", "\n").replace("\r", "\n"))
    assert [(u.role, u.text.replace("\r\n", "\n").replace("\r", "\n")) for u in article.units] \
        == [(u.role, u.text) for u in unix.units]


def test_byte_order_mark_front_matter_and_crlf_are_kept():
    text = "\ufeff---\r\ntitle: A title\r\n---\r\n# Heading one\r\n\r\nOne here.\r\nTwo here.\r\n"
    article = parse(text)
    assert [(u.role, u.text) for u in article.units] == [
        ("title", "A title"), ("title", "Heading one"), ("paragraph", "One here."),
        ("paragraph", "Two here.")]
    assert render(article) == text
