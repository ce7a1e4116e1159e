"""HTML articles: units, byte-for-byte skeleton, markup-safe composing."""

from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from l10n.compose import compose
from l10n.errors import ConfigError, SourceError
from l10n.formats import format_for
from l10n.formats.html import HtmlFormat, markup_problems, tokenize
from l10n.model import Catalog, Message, render

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
SEED = FIXTURES / "zelenskyy-iohannis-security-guarantees.html"
TRANSLATIONS = json.loads((FIXTURES / "translations.json").read_text(encoding="utf-8"))
FMT = HtmlFormat()


def parse(text: str, lang: str = "en"):
    return FMT.parse(text, slug="seed", path="source/seed.html", lang=lang)


def catalog(table: dict[str, str]) -> Catalog:
    return Catalog(messages=[Message(msgid=k, msgstr=v) for k, v in table.items()])


def seed_text() -> str:
    return SEED.read_bytes().decode("utf-8")


def shape(text: str) -> list[str]:
    """Element names in document order, as a browser builds the tree."""
    return [n.tag for n in LexborHTMLParser(text).root.traverse(include_text=False)]


def link_attributes(text: str) -> Counter:
    tree = LexborHTMLParser(text)
    found: Counter = Counter()
    for node in tree.root.traverse(include_text=False):
        for name in ("href", "class", "id", "rel", "src", "hreflang", "datetime"):
            value = node.attributes.get(name)
            if value is not None:
                found[(node.tag, name, value)] += 1
    return found


# --- the seed article --------------------------------------------------------------

def test_seed_round_trips_byte_for_byte():
    text = seed_text()
    article = parse(text)
    assert render(article).encode("utf-8") == SEED.read_bytes()


def test_seed_units_and_roles():
    article = parse(seed_text())
    roles = Counter(u.role for u in article.units)
    assert roles["meta"] == 3  # description, og:title, og:description
    assert roles["title"] == 2  # <title> and <h1>
    assert roles["alt"] == 1
    assert roles["caption"] == 1
    assert roles["heading"] == 4
    assert roles["quote"] == 2
    texts = [u.text for u in article.units]
    assert "Volodymyr Zelenskyy at a press conference" in texts
    assert "More than 30 countries have already joined it." in texts
    joined = "\n".join(texts)
    # never units: scripts, styles, translate="no", notranslate, comments, URLs alone
    for never in ("dataLayer", "font-size", ">ua<", "09.01.2024", "RBC-Ukraine, 2024",
                  "related block", "og:image", "zelenskyy-iohannis-1200x630"):
        assert never not in joined
    assert not any(t.startswith("http") for t in texts)


def test_seed_unit_lines_point_at_the_text():
    text = seed_text()
    lines = text.split("\n")
    for unit in parse(text).units:
        first = unit.text.split("\n")[0]
        assert first in lines[unit.line - 1], unit


def test_sentences_split_inside_markup():
    text = ('<p>First <em>one</em>. Second <a href="#x">two. Still two</a> here. '
            '<strong>Third.</strong> Fourth <b>a. B.</b><br>After break.</p>')
    units = [u.text for u in parse(text).units]
    assert units == ["First <em>one</em>.", 'Second <a href="#x">two. Still two</a> here.',
                     "<strong>Third.</strong>", "Fourth <b>a. B.</b>", "After break."]


def test_no_unit_starts_or_ends_inside_a_tag():
    text = seed_text()
    article = parse(text)
    tags = [(t.start, t.end) for t in tokenize(text) if t.kind in ("start", "end")]
    pos = 0
    for part in article.parts:
        if isinstance(part, str) or part.context != "content":  # attribute values are
            pos += len(part if isinstance(part, str) else part.text)  # inside tags
            continue
        for a, b in tags:
            assert not a < pos < b and not a < pos + len(part.text) < b, part
        pos += len(part.text)


# --- composing ------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_composed_seed_keeps_the_tree_and_the_attributes(lang):
    text = seed_text()
    article = parse(text)
    result = compose(article, catalog(TRANSLATIONS[lang]), lang, FMT)
    assert result.fallbacks == 0 and not result.rejected
    out = result.text
    assert shape(out) == shape(text)
    assert link_attributes(out) == link_attributes(text)
    tree = LexborHTMLParser(out)
    assert tree.root.attributes["lang"] == lang
    body_text = tree.body.text(deep=True)
    head = tree.head
    for unit in article.units:
        translated = TRANSLATIONS[lang][unit.text]
        plain = html.unescape(LexborHTMLParser(f"<p>{translated}</p>").body.text(deep=True)) \
            if unit.context == "content" else translated
        if unit.role == "meta":
            assert any(n.attributes.get("content") == translated for n in head.css("meta"))
        elif unit.role == "alt":
            assert tree.css_first("img").attributes["alt"] == translated
        elif unit.context == "rcdata":
            assert tree.css_first("title").text() == translated
        else:
            assert plain in body_text
    # a translated attribute inside a sentence (<abbr title>) is written back translated
    assert tree.css_first("abbr").attributes["title"] == "Файтинг Фалкон"
    assert "Security guarantees" not in body_text


def test_identity_composition_is_byte_for_byte():
    text = seed_text()
    article = parse(text)
    identity = {u.text: u.text for u in article.units}
    result = compose(article, catalog(identity), "en", FMT)
    assert result.text == text


def test_missing_translation_falls_back_in_a_span_with_the_source_language():
    text = "<html lang=\"en\"><body><p>One here. Two here.</p></body></html>"
    result = compose(parse(text), catalog({"One here.": "Один тут."}), "uk", FMT)
    assert result.text == ('<html lang="uk"><body><p>Один тут. <span lang="en">Two here.</span>'
                           "</p></body></html>")
    assert result.fallbacks == 1


def test_finish_sets_or_adds_the_document_language():
    english = parse("<p>x</p>")
    assert FMT.finish("<!DOCTYPE html>\n<html><p>x</p></html>", english, target="ru",
                      alternates=()) == '<!DOCTYPE html>\n<html lang="ru"><p>x</p></html>'
    assert FMT.finish("<html lang=en xml:lang='en'>", english, target="uk", alternates=()) == \
        "<html lang=\"uk\" xml:lang='uk'>"
    # Both attributes are rewritten, whatever their order (offsets shift with the first).
    assert FMT.finish('<html xml:lang="zh-Hans" lang="zh-Hans">', english, target="uk",
                      alternates=()) == '<html xml:lang="uk" lang="uk">'
    # In its own language a page is left as it is, with or without lang.
    assert FMT.finish("<html><p>x</p></html>", english, target="en", alternates=()) == \
        "<html><p>x</p></html>"


SOURCE = 'Read <a href="/news?id=1&amp;x=2" class="ext" id="l1">the news</a> <em>today</em>.'


@pytest.mark.parametrize("bad, problem", [
    ('Читайте <a href="/news?id=1&amp;x=2" class="ext" id="l1">новини</a> <em>сьогодні</em>'
     '<script>alert(1)</script>.', "extra <script>"),
    ('Читайте <a href="/news?id=1&amp;x=2" class="ext" id="l1" onclick="steal()">новини</a> '
     '<em>сьогодні</em>.', "not in the source"),
    ('Читайте <a href="https://evil.example" class="ext" id="l1">новини</a> <em>сьогодні</em>.',
     "missing <a"),
    ('Читайте <a href="/news?id=1&amp;x=2" class="ext" id="l1">новини</a> сьогодні.',
     "missing <em>"),
    ('Читайте <a href="/news?id=1&amp;x=2" class="ext" id="l1"><em>новини</em></a> сьогодні.',
     "nested differently"),
    ('Читайте <a href="/news?id=1&amp;x=2" class="ext" id="l1">новини</a> <em>сьогодні</em> '
     '<img src=x onerror=alert(1)>.', "extra <img"),
    ('Читайте <a href="/news?id=1&amp;x=2" class="ext" id="l1">новини <em>сьогодні</a>.',
     "<em> is not closed"),
    ('Читайте <a href="/news?id=1&amp;x=2" class="ext" id="l1">новини</a> <em>сьогодні</em>'
     "<!-- x -->.", "extra <!-- x -->"),
    ('Читайте <a href="/news?id=1&amp;x=2" class="ext" id="l1">новини</a> <em>сьогодні</em>'
     "<![CDATA[x]]>.", "not allowed"),
    ('Читайте <a href="/news?id=1&amp;x=2" class="ext" id="l1">новини</a> <em/>сьогодні.',
     "self-closing"),
    ('Читайте <a href="/news?id=1&amp;x=2" class="ext" id="l1">новини</a> <em>сьогодні</em>'
     "</p><p>.", "extra </p>"),
])
def test_translations_with_other_markup_are_rejected(bad, problem):
    problems = markup_problems(SOURCE, bad)
    assert any(problem in p for p in problems), problems
    text = f"<html><body><p>{SOURCE}</p></body></html>"
    result = compose(parse(text), catalog({SOURCE: bad}), "uk", FMT)
    assert len(result.rejected) == 1
    assert f'<span lang="en">{SOURCE}</span>' in result.text
    assert "alert" not in result.text and "evil" not in result.text and "steal" not in result.text


def test_moved_markup_and_requoted_attributes_are_accepted_and_written_as_in_the_source():
    moved = "<em>Сьогодні</em> читайте <a class='ext' id=l1 href=\"/news?id=1&x=2\">новини</a>."
    assert markup_problems(SOURCE, moved) == []
    out = FMT.insert(parse(f"<p>{SOURCE}</p>").units[0], moved, target="uk")
    assert out == ('<em>Сьогодні</em> читайте <a href="/news?id=1&amp;x=2" class="ext" '
                   'id="l1">новини</a>.')


def test_translation_text_is_escaped():
    unit = parse("<p>Plain words here.</p>").units[0]
    assert FMT.insert(unit, "R&D < 3 & &amp; &copy; x", target="uk") == \
        "R&amp;D &lt; 3 &amp; &amp; &copy; x"
    assert FMT.insert(unit, "a<b>c", target="uk") is None  # a tag the source lacks


def test_attribute_and_title_units_are_escaped_for_their_context():
    text = ("<html><head><title>A &amp; B</title><meta name=description content='It is'>"
            "</head><body><img src=a.jpg alt=Photo></body></html>")
    units = {u.text: u for u in parse(text).units}
    assert FMT.insert(units["A &amp; B"], "<script>x</script> & Co", target="uk") == \
        "&lt;script>x&lt;/script> &amp; Co"
    assert FMT.insert(units["It is"], "It's \"so\"", target="uk") == "It&#39;s \"so\""
    assert FMT.insert(units["Photo"], "Фото x onerror=1", target="uk") == \
        '"Фото x onerror=1"'
    out = render(parse(text), lambda u: FMT.insert(u, "Фото x onerror=1", target="uk"))
    assert LexborHTMLParser(out).css_first("img").attributes == {
        "src": "a.jpg", "alt": "Фото x onerror=1"}


def test_pages_a_browser_reads_differently_are_accepted_with_a_note_and_the_line():
    text = ("<html><body>\n<p>First para.</p>\n<p>One <b>two <i>three</b> four</i></p>\n"
            "<p>Last para.</p>\n</body></html>")
    article = parse(text)
    # The misnested paragraph stays as written; the others are translated.
    assert [u.text for u in article.units] == ["First para.", "Last para."]
    assert len(article.notes) == 1
    line, note = article.notes[0]
    assert line == 3 and "<p>" in note and "<i>" in note and "untranslated" in note
    assert render(article) == text
    # An unclosed formatting tag: its own paragraph is fine (the block closes it), the
    # paragraphs a browser carries it on into are not.
    text = "<p>An <b>unclosed bold</p><p>Next one.</p>"
    article = parse(text)
    assert [u.text for u in article.units] == ["An <b>unclosed bold"]
    assert "unclosed <b>" in article.notes[0][1]


def test_implied_end_tags_are_understood():
    text = "<ul><li>One item.<li>Two <b>items</b>.</ul><p>Para one.<p>Para two."
    article = parse(text)
    assert [u.text for u in article.units] == ["One item.", "Two <b>items</b>.", "Para one.",
                                               "Para two."]
    assert [u.role for u in article.units] == ["list-item"] * 2 + ["paragraph"] * 2


def test_kept_out_elements_inside_a_sentence_stay_whole():
    text = '<p>Run <code>l10n build</code> and <span class="notranslate">RBC</span> ok.</p>'
    unit = parse(text).units[0]
    assert unit.text == 'Run <code>l10n build</code> and <span class="notranslate">RBC</span> ok.'
    good = 'Запустіть <code>l10n build</code> і <span class="notranslate">RBC</span> ок.'
    assert FMT.insert(unit, good, target="uk") == good
    assert FMT.insert(unit, good.replace("l10n build", "l10n bild"), target="uk") is None


def test_the_format_is_chosen_by_extension():
    assert format_for(Path("a.html")).name == "html"
    assert format_for(Path("a.HTM")).name == "html"
    assert format_for(Path("a.md")).name == "markdown"
    assert format_for(Path("a.markdown")).name == "markdown"
    with pytest.raises(SourceError) as err:
        format_for(Path("a.docx"))
    for ext in (".html", ".htm", ".md", ".markdown", ".txt"):
        assert ext in str(err.value)


# --- generated documents -----------------------------------------------------------------

WORDS = st.sampled_from(["Kyiv", "said", "the", "talks", "went", "well", "Mr.", "Iohannis",
                         "2024", "R&amp;D", "&quot;yes&quot;", "&nbsp;", "a", "tons", "—"])
ENDS = st.sampled_from([".", ". ", "! ", "? ", ", ", " ", " ", "\n"])


@st.composite
def sentence(draw) -> str:
    words = draw(st.lists(WORDS, min_size=1, max_size=5))
    return draw(st.sampled_from(["", "Then "])) + " ".join(words) + draw(ENDS)


@st.composite
def inline(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["text", "text", "em", "a", "br", "code", "img", "comment"]
                                    if depth < 2 else ["text"]))
        if kind == "text":
            parts.append(draw(sentence()))
        elif kind == "em":
            tag = draw(st.sampled_from(["em", "strong", "b", "i", "span", "sup"]))
            parts.append(f"<{tag}>{draw(inline(depth + 1))}</{tag}>")
        elif kind == "a":
            quote = draw(st.sampled_from(['"', "'", ""]))
            parts.append(f'<a href={quote}/n?a=1&amp;b={depth}{quote} class="x">'
                         f"{draw(inline(depth + 1))}</a>")
        elif kind == "br":
            parts.append("<br>")
        elif kind == "code":
            parts.append("<code>x &lt; y</code>")
        elif kind == "img":
            parts.append(draw(st.sampled_from(['<img src="p.jpg" alt="A photo.">',
                                               "<img src=p.jpg alt=Photo>"])))
        else:
            parts.append("<!-- note -->")
    return "".join(parts)


@st.composite
def document(draw) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["p", "h2", "li", "blockquote", "figure", "pre", "div"]))
        body = draw(inline())
        if kind == "li":
            blocks.append(f"<ul>\n  <li>{body}</li>\n  <li>{draw(inline())}\n</ul>")
        elif kind == "blockquote":
            blocks.append(f"<blockquote><p>{body}</p></blockquote>")
        elif kind == "figure":
            blocks.append(f'<figure><img src="a.jpg" alt="Alt text"><figcaption>{body}'
                          "</figcaption></figure>")
        elif kind == "pre":
            blocks.append("<pre>\nkeep <b>this</b> as it is.\n</pre>")
        else:
            blocks.append(f"<{kind}>{body}</{kind}>")
    head = draw(st.sampled_from(["", "<title>A &amp; B</title>\n<meta name=\"description\" "
                                 "content=\"About it.\">\n"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return (f"<!DOCTYPE html>{newline}<html lang=\"en\">{newline}<head>{head}</head>{newline}"
            f"<body>{newline}" + newline.join(blocks) + f"{newline}</body></html>{newline}")


FAST = settings(max_examples=75, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(document())
def test_generated_documents_round_trip_and_units_hold_balanced_markup(text):
    article = parse(text)
    assert render(article) == text
    identity = {u.text: u.text for u in article.units}
    assert compose(article, catalog(identity), "en", FMT).text == text
    for unit in article.units:
        assert unit.text == unit.text.strip()
        if unit.context == "content":
            assert markup_problems(unit.text, unit.text) == [], unit.text


def _shout(unit_text: str) -> str:
    """A stand-in translation: the text changed, every tag kept where it is."""
    out = []
    in_code = False
    for tok in tokenize(unit_text, raw_text=False):
        if tok.name == "code":
            in_code = tok.kind == "start"
        if tok.kind == "text" and not in_code:
            out.append(html.escape(html.unescape(unit_text[tok.start:tok.end]).upper(),
                                   quote=False))
        else:
            out.append(unit_text[tok.start:tok.end])
    return "".join(out)


@FAST
@given(document())
def test_generated_documents_compose_with_the_same_tree(text):
    article = parse(text)
    table = {u.text: _shout(u.text) for u in article.units if u.context == "content"}
    result = compose(article, catalog(table), "uk", FMT)
    assert not result.rejected
    assert shape(result.text) == shape(text)
    assert link_attributes(result.text) == link_attributes(text)


def test_loose_text_in_containers_and_links_around_blocks():
    text = ("<div class=\"text\">Loose text here. <b>Two.</b><p>In a paragraph.</p></div>"
            "<ul><li><a href=\"/x\"><h3>Card title</h3><p>Card text.</p></a></li></ul>"
            "<nav><a href=\"/\">Home</a></nav>")
    article = parse(text)
    assert [(u.role, u.text) for u in article.units] == [
        ("paragraph", "Loose text here."), ("paragraph", "<b>Two.</b>"),
        ("paragraph", "In a paragraph."), ("heading", "Card title"), ("list-item", "Card text.")]
    assert render(article) == text


def test_byte_order_mark_and_crlf_are_kept():
    text = "\ufeff<!DOCTYPE html>\r\n<html lang=\"en\">\r\n<p>One here.\r\nTwo here.</p>\r\n</html>"
    article = parse(text)
    assert [u.text for u in article.units] == ["One here.", "Two here."]
    assert render(article) == text


# --- real-world HTML that browsers accept (regressions) ------------------------------------

def _prefixed(article) -> Catalog:
    return catalog({u.text: "Ü " + u.text for u in article.units})


def _accepted_and_kept(text: str) -> object:
    article = parse(text)
    assert render(article) == text
    composed = compose(article, _prefixed(article), "uk", FMT)
    assert not composed.rejected
    assert shape(composed.text) == shape(text)
    return article


def test_script_double_escape_keeps_the_script_whole():
    # D2: "<!-- <script>" enters the double-escaped state: the inner </script> does not
    # end the script, so nothing of it is a unit or gets a translation written into it.
    text = ('<p>Before it.</p><script> <!-- document.write("<script src=\'foo.js\'>'
            '</script>"); --> </script><p>After it.</p>')
    article = _accepted_and_kept(text)
    assert [u.text for u in article.units] == ["Before it.", "After it."]
    composed = compose(article, _prefixed(article), "uk", FMT).text
    assert 'document.write("<script src=\'foo.js\'></script>"); --> </script>' in composed


def test_an_attribute_name_with_quotes_is_still_a_tag():
    # D3: <div "=""> is a div with an attribute named '"'; it must not become text.
    text = '<div "="">Text in the div.</div>'
    article = _accepted_and_kept(text)
    assert [u.text for u in article.units] == ["Text in the div."]
    composed = compose(article, _prefixed(article), "uk", FMT).text
    assert composed == '<div "="">Ü Text in the div.</div>'


def test_an_unescaped_quote_in_an_attribute_value_ends_it_as_in_browsers():
    text = ('<html><head><meta name="description" content="He said "no" today">'
            '</head><body><p>Body text.</p></body></html>')
    article = _accepted_and_kept(text)
    assert [(u.role, u.text) for u in article.units] == [("meta", "He said"),
                                                         ("paragraph", "Body text.")]


def test_svg_with_camel_case_names_is_kept_byte_for_byte():
    svg = ('<svg viewBox="0 0 10 10"><defs><clipPath id="c"><rect width="5" height="5"/>'
           '</clipPath><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
           '<title>Chart of prices</title><text x="1">Label</text></svg>')
    text = f"<p>Prices rose.</p>{svg}<p>They fell later.</p>"
    article = _accepted_and_kept(text)
    assert [u.text for u in article.units] == ["Prices rose.", "They fell later."]
    assert svg in compose(article, _prefixed(article), "uk", FMT).text
    # Its human-readable parts become units only where configured.
    chosen = FMT.parse(text, slug="s", path="s.html", lang="en", options={"embed_text": True})
    assert "Chart of prices" in [u.text for u in chosen.units]


@pytest.mark.parametrize("text", [
    '<html><head><iframe src="x.html"></iframe><title>T</title></head>'
    "<body><p>One here.</p></body></html>",
    '<html><head><noscript><img src="pixel.gif"></noscript></head><body><p>One here.</p>'
    "</body></html>",
    "<html><div>Banner div before the head.</div><head><title>T</title></head>"
    "<body><p>One here.</p></body></html>",
    "<p>Para with <div>a div inside</div> and after.</p>",
    "<table><tr><td>Cell text.<td>Second cell.</table>",
    "<ul><li>One<div><li>Two</div></ul>",
])
def test_pages_other_parsers_build_differently_are_accepted(text):
    article = _accepted_and_kept(text)
    assert any("One" in u.text or "Para" in u.text or "Cell" in u.text for u in article.units)


def test_a_br_inside_a_sentence_is_inline_markup():
    text = "<p>The world's most<br />\n   trusted perspective. Second one.<br><br>New line.</p>"
    article = parse(text)
    units = article.units
    assert [u.text for u in units] == ["The world's most<br /> trusted perspective.",
                                       "Second one.", "New line."]
    assert units[0].raw == "The world's most<br />\n   trusted perspective."
    moved = FMT.insert(units[0], "Найнадійніший<br /> погляд у світі.", target="uk")
    assert moved == "Найнадійніший<br /> погляд у світі."
    assert FMT.insert(units[0], "Найнадійніший погляд у світі.", target="uk") is None


def test_white_space_is_shown_collapsed_and_written_back():
    text = "<p>\n      Indented\n      text   here.\n    </p>"
    article = parse(text)
    (unit,) = article.units
    assert unit.text == "Indented text here." and unit.raw == "Indented\n      text   here."
    assert render(article) == text
    assert compose(article, catalog({unit.text: unit.text}), "en", FMT).text == text
    assert compose(article, catalog({unit.text: "Текст тут."}), "uk", FMT).text == \
        "<p>\n      Текст тут.\n    </p>"


def test_a_button_is_never_a_unit():
    # issue: a <button> directly inside a <div> or <section> became a paragraph unit
    text = ('<div><button>Click me</button></div><section><button type="button">Share'
            "</button><p>Real text.</p></section>")
    assert [u.text for u in parse(text).units] == ["Real text."]


def test_text_without_letters_is_never_a_unit():
    text = "<div>•</div><p><span>/</span></p><p>2024</p><p>&#9733; Rated.</p>"
    assert [u.text for u in parse(text).units] == ["&#9733; Rated."]


ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><title>Talks went well</title>
<meta name="description" content="Leaders met.">
<meta property="og:title" content="Talks went well">
<meta name="twitter:description" content="Leaders met in Kyiv.">
</head>
<body>
<header><a href="/"><img src="logo.png" alt="The Daily"></a>
<nav><ul><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
</header>
<div class="cookie-banner"><p>We use cookies to improve your experience.</p>
<button>Accept</button></div>
<main>
<article>
<h1>Talks went well</h1>
<p>Leaders met in Kyiv on Monday. <img src="p.jpg" alt="The leaders"></p>
<div class="share-bar"><a href="/share">Share</a></div>
<form><label>Email</label><input placeholder="you@example.org"></form>
<p>They agreed to meet again.</p>
</article>
<aside><h2>Most read</h2><p>Another story entirely.</p></aside>
</main>
<footer><p>Copyright The Daily.</p></footer>
</body>
</html>
"""


def test_the_article_is_translated_not_the_site_around_it():
    article = parse(ARTICLE_PAGE)
    assert [(u.role, u.text) for u in article.units] == [
        ("title", "Talks went well"), ("meta", "Leaders met."), ("meta", "Talks went well"),
        ("meta", "Leaders met in Kyiv."), ("title", "Talks went well"),
        ("paragraph", 'Leaders met in Kyiv on Monday. <img src="p.jpg" alt="The leaders">'),
        ("paragraph", "They agreed to meet again.")]
    assert render(article) == ARTICLE_PAGE


def test_include_and_exclude_selectors():
    chosen = FMT.parse(ARTICLE_PAGE, slug="s", path="s.html", lang="en",
                       options={"include": ["aside", "footer"], "exclude": ["h2"]})
    assert [u.text for u in chosen.units if u.role not in ("title", "meta")] == [
        "Another story entirely.", "Copyright The Daily."]
    with pytest.raises(ConfigError, match="not a CSS selector"):
        FMT.parse(ARTICLE_PAGE, slug="s", path="s.html", lang="en",
                  options={"include": ["p["]})
    with pytest.raises(ConfigError, match="list of CSS selectors"):
        FMT.parse(ARTICLE_PAGE, slug="s", path="s.html", lang="en", options={"exclude": "nav"})


def test_a_page_without_article_or_main_leaves_out_menus_and_link_lists():
    text = ('<body><div id="top-menu"><a href="/">Home</a> <a href="/a">About us</a></div>'
            '<ul><li><a href="/1">First story</a></li><li><a href="/2">Second story</a>'
            '</li><li><a href="/3">Third story</a></li></ul>'
            '<div class="story"><h2><a href="/4">Teaser headline</a></h2>'
            "<p>The text of the page.</p></div></body>")
    assert [u.text for u in parse(text).units] == ["The text of the page."]


def test_time_elements_are_kept_whole_and_localised_on_composing():
    text = ('<html lang="en"><body><p>Published <time datetime="2025-12-03">December 3, 2025'
            '</time> in Kyiv.</p><p class="date"><time datetime="2025-12-03T10:30:00+02:00">'
            "Dec 3, 2025, 10:30 AM</time></p></body></html>")
    article = parse(text)
    assert [u.text for u in article.units] == [
        'Published <time datetime="2025-12-03">December 3, 2025</time> in Kyiv.']
    unit = article.units[0]
    good = 'Опубліковано <time datetime="2025-12-03">December 3, 2025</time> у Києві.'
    assert FMT.insert(unit, good.replace("December 3", "3 грудня"), target="uk") is None
    out = compose(article, catalog({unit.text: good}), "uk", FMT).text
    assert '<time datetime="2025-12-03">3 грудня 2025</time> у Києві.' in out
    assert '<time datetime="2025-12-03T10:30:00+02:00">3 грудня 2025, 10:30</time>' in out
    ru = compose(article, catalog({}), "ru", FMT).text
    assert ">3 декабря 2025</time>" in ru
    # In its own language the page is not touched.
    assert compose(article, catalog({}), "en", FMT).text == text


def test_hreflang_links_are_written_into_the_head():
    text = ('<html lang="en">\n<head>\n  <title>T</title>\n  <link rel="alternate" '
            'hreflang="uk" href="https://old.example/uk">\n</head>\n<body><p>One.</p></body>'
            "</html>")
    out = FMT.finish(text, parse(text), target="uk",
                     alternates=[("en", "../en/a.html"), ("uk", "a.html")])
    links = [(n.attributes["hreflang"], n.attributes["href"])
             for n in LexborHTMLParser(out).css('head link[rel="alternate"]')]
    assert links == [("en", "../en/a.html"), ("uk", "a.html")]
    assert "old.example" not in out


# --- the tokenizer ------------------------------------------------------------------------

ATTR_TEXT = st.text(alphabet=st.sampled_from(list("ab=\"'<>/ \t\n&x-")), max_size=12)


@FAST
@given(st.sampled_from(["p", "div", "A", "svg", "br"]), st.lists(ATTR_TEXT, max_size=4),
       st.sampled_from([">", "/>", " >", ""]))
def test_the_one_match_path_reads_tags_as_the_tokenizer_states_do(name, attrs, close):
    from l10n.formats._html_tokens import _tag_by_states, tag_at

    text = f"<{name} " + " ".join(attrs) + close + "after"
    fast, slow = tag_at(text, 0, len(text)), _tag_by_states(text, 0, len(text))
    assert (fast is None) == (slow is None)
    if fast is not None and slow is not None:
        assert (fast.end, fast.name, fast.self_closing, fast.name_end) == \
            (slow.end, slow.name, slow.self_closing, slow.name_end)
        assert [(a.name, a.value, a.start, a.end, a.quote) for a in fast.attrs] == \
            [(a.name, a.value, a.start, a.end, a.quote) for a in slow.attrs]


SOUP = st.lists(st.sampled_from([
    "<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<a href=x>", "</a>", "<table>", "<tr>",
    "<td>", "</td>", "</table>", "<div>", "</div>", "<li>", "<ul>", "</ul>", "<br>", "</br>",
    "<script>", "</script>", "<!--", "-->", "<svg>", "</svg>", "<title>", "</title>",
    "<span>", "</span>", "<h2>", "</h2>", "<select>", "<option>", "<template>",
    "</template>", "<math>", "<mi>", "<foreignObject>", "<button>", "<form>", "</form>",
    "<nav>", "<main>", "<article>", "<pre>", "<code>", "</code>", "<textarea>", "<div \"=\"\">",
    "Hello world. ", "Second one! ", "a", " ", "\n", "&amp;", "&nbsp;", "<img alt='A cat'>",
    "<time datetime=2024-01-09>January 9, 2024</time>", "<", ">", "\"", "</"]),
    max_size=25).map("".join)


@FAST
@given(SOUP)
def test_every_page_round_trips_and_composes_with_its_tree(text):
    """Any string is a page a browser shows: it is read, gives back its bytes, and a
    translated composition keeps the HTML5 parser's tree."""
    article = parse(text)
    assert render(article) == text
    composed = compose(article, catalog({u.text: "Ü " + u.text for u in article.units}),
                       "uk", FMT)
    if not composed.rejected:
        assert shape(composed.text) == shape(text)


def test_xhtml_prefixed_elements_are_read_by_their_local_names():
    # A footer saved with an XML prefix (<a0:nav>…) became one long unit that its own
    # markup check rejected; it is the page's footer and its menu.
    text = ('<html><body><p>Article text.</p><a0:footer xmlns:a0="http://www.w3.org/1999/xhtml">'
            '<a0:nav><a0:ul><a0:li><a0:a href="/">Home</a0:a></a0:li></a0:ul></a0:nav>'
            '<a0:p>Copyright 2024 The Paper.<a0:br/></a0:p></a0:footer><a0:div><a0:p>First '
            "para.</a0:p><a0:p>Second para.</a0:p></a0:div></body></html>")
    article = _accepted_and_kept(text)
    assert [u.text for u in article.units] == ["Article text.", "First para.", "Second para."]
    # A tag left open inside a unit (<x/> is an open element for browsers) may stay so.
    unit = parse("<p>Read <span class=r />this</span> now.</p>").units[0]
    assert FMT.insert(unit, "Читайте <span class=r />це</span> зараз.", target="uk") is not None


@pytest.mark.parametrize("text, units", [
    ("<p>One.</p><!--> <p>Two.</p>", ["One.", "Two."]),  # "<!-->" is a whole comment
    ("<p>One.</p><!-- x --!> <p>Two.</p>", ["One.", "Two."]),
    ("<p>One.</p></> <p>Two.</p>", ["One.", "Two."]),  # "</>" is dropped
    ("<p>One.</p><?php echo 1 ?><p>Two.</p>", ["One.", "Two."]),  # a bogus comment
    ("<p>One.</p><script/>var a = '<p>No.</p>';</script><p>Two.</p>", ["One.", "Two."]),
    ("<title/>A title<p>no</p></title><p>Two.</p>", ["A title<p>no</p>", "Two."]),
    ("<p>One.</p><svg><![CDATA[<p>No.</p>]]></svg><p>Two.</p>", ["One.", "Two."]),
    ('<p>One.</p><p title="unclosed', ["One."]),  # a tag the page ends in is dropped
])
def test_the_tokenizer_follows_the_html_standard(text, units):
    article = _accepted_and_kept(text)
    assert [u.text for u in article.units] == units
