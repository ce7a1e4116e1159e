"""The review site in a real headless Chromium: what a person sees, on a desktop screen and a
phone, with the keyboard, with and without scripts, and with no console errors.

Chromium is Debian's ``chromium`` package (``scripts/test`` installs it when missing); the
tests are skipped, saying why, when it is not installed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from browser import Browser, Page, find_chromium
from l10n import pofile
from l10n.check import Stats
from l10n.cli import app
from l10n.project import Project
from report_support import (
    FUZZY_SOURCE,
    FUZZY_TEXT,
    MACHINE,
    NUMBER_SOURCE,
    SEED_SLUG,
    UNTRANSLATED_SOURCE,
    make_review_project,
)

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (scripts/test installs Debian's chromium)")
    b = Browser(executable)
    yield b
    b.close()


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The review project, its site, and what `l10n check --format json` says of it."""
    root = make_review_project(tmp_path_factory.mktemp("browser") / "news")
    result = runner.invoke(app, ["report", "--project", str(root)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["check", "--project", str(root), "--format", "json"])
    return root, json.loads(result.output)


@pytest.fixture
def open_page(browser: Browser) -> Iterator:
    opened: list[Page] = []

    def opener(path: Path, **size: int) -> Page:
        page = browser.open(path, **size)
        opened.append(page)
        return page

    yield opener
    for page in opened:
        assert page.console_problems() == [], page.console_problems()
        page.close()


ROWS = r"""Array.from(document.querySelectorAll('#catalogs tbody tr')).filter(r => !r.hidden)
  .map(r => ({slug: r.querySelector('.slug').innerText, lang: r.querySelector('.code').innerText,
              pct: r.querySelector('.pct').innerText, t: r.querySelector('.n-t').innerText,
              f: r.querySelector('.n-f').innerText, u: r.querySelector('.n-u').innerText,
              state: r.querySelector('.state').innerText,
              text: r.innerText.replace(/\s+/g, ' ')}))"""


def test_the_index_shows_the_figures_of_check(review: tuple[Path, dict], open_page) -> None:
    root, doc = review
    page = open_page(root / "dist" / "report" / "index.html")
    rows = page.js(ROWS)
    assert len(rows) == len(doc["catalogs"]) == 6
    for c in doc["catalogs"]:
        row = next(r for r in rows if r["slug"] == c["slug"] and r["lang"] == c["language"]
                   .upper())  # the code is shown in capitals
        assert row["pct"] == f"{c['percent']:.1f}", row
        assert (row["t"], row["f"], row["u"]) == (str(c["translated"]), str(c["fuzzy"]),
                                                 str(c["untranslated"])), row
        assert f"{c['percent']:.1f}% {c['translated']} translated, {c['fuzzy']} fuzzy, " \
               f"{c['untranslated']} untranslated" in row["text"]
    gate = page.js("document.querySelector('.gate').innerText")
    assert gate == f"l10n check fails: {doc['errors']} errors, {doc['warnings']} warnings"
    for lang in ("uk", "ru"):
        mine = [c for c in doc["catalogs"] if c["language"] == lang]
        total = Stats(sum(c["translated"] for c in mine), sum(c["fuzzy"] for c in mine),
                      sum(c["untranslated"] for c in mine))
        card = page.js(f"document.querySelector('#sum-{lang}').innerText.replace(/\\s+/g, ' ')")
        assert f"{total.percent:.1f}% {total.translated} translated, {total.fuzzy} fuzzy, " \
               f"{total.untranslated} untranslated" in card
    held = [r for r in rows if r["state"] == "Held back"]
    assert {(r["slug"], r["lang"]) for r in held} == {
        (c["slug"], c["language"].upper()) for c in doc["catalogs"] if c["percent"] < 80}


def test_the_index_sorts_and_filters_with_the_keyboard(review: tuple[Path, dict],
                                                       open_page) -> None:
    root, _ = review
    index = root / "dist" / "report" / "index.html"
    page = open_page(index)
    page.js("document.querySelector('th[data-key=percent] button').focus()")
    page.key("Enter")
    assert page.js("document.querySelector('th[data-key=percent]').getAttribute('aria-sort')") \
        == "ascending"
    shown = [float(r["pct"]) for r in page.js(ROWS)]
    assert shown == sorted(shown)
    page.key("Enter")
    shown = [float(r["pct"]) for r in page.js(ROWS)]
    assert shown == sorted(shown, reverse=True)
    page.js("document.querySelector('#filters input[name=q]').focus()")
    page.type_text("Port")
    rows = page.js(ROWS)
    assert {r["slug"] for r in rows} == {"port-budget"} and len(rows) == 2
    assert page.js("document.getElementById('shown').innerText") == \
        "Showing 1–2 of 2 rows (6 in all)"
    # A summary card links to the rows it counts; the filters follow the address.
    linked = open_page(Path(f"{index}"))
    linked.js("document.querySelector('#sum-ru a[href*=held-back]').click()")
    rows = linked.js(ROWS)
    assert rows and all(r["lang"] == "RU" and r["state"] == "Held back" for r in rows)
    assert linked.js("document.querySelector('#filters select[name=lang]').value") == "ru"


def test_the_article_shows_source_and_translation_side_by_side(review: tuple[Path, dict],
                                                               open_page) -> None:
    root, _ = review
    page = open_page(root / "dist" / "report" / "articles" / f"{SEED_SLUG}.html")
    units = page.js("""Array.from(document.querySelectorAll('.unit')).map(u => {
        const cells = Array.from(u.querySelectorAll('.cell'));
        const box = c => c.getBoundingClientRect();
        return {source: cells[0].querySelector('.text').innerText,
                cells: cells.slice(1).map(c => ({text: c.innerText,
                    shown: (c.querySelector('.text') || {innerText: ''}).innerText,
                    cls: c.className, top: box(c).top, left: box(c).left,
                    background: getComputedStyle(c).backgroundColor,
                    outline: getComputedStyle(c).outlineStyle})),
                top: box(cells[0]).top, right: box(cells[0]).right,
                sourceBackground: getComputedStyle(cells[0]).backgroundColor};
    })""")
    project = Project.load(root)
    article = project.parse(next(s for s in project.sources() if s.slug == SEED_SLUG))
    uk = {m.msgid: m for m in pofile.read(project.po_path(SEED_SLUG, "uk")).messages}
    assert [u["source"] for u in units] == [unit.text for unit in article.units]
    for unit, row in zip(article.units, units, strict=True):
        cell = row["cells"][0]
        assert cell["top"] == row["top"] and cell["left"] > row["right"]  # side by side
        m = uk[unit.text]
        if m.translated:
            assert cell["shown"] == m.msgstr
    fuzzy = next(u["cells"][0] for u in units if u["source"] == FUZZY_SOURCE)
    assert fuzzy["text"].startswith("UK FUZZY") or "FUZZY" in fuzzy["text"]
    assert fuzzy["shown"] == FUZZY_TEXT
    assert f"machine translation: {MACHINE}, unreviewed" in fuzzy["text"]
    assert "Readers get: the source text." in fuzzy["text"]
    assert fuzzy["background"] != units[0]["sourceBackground"]
    untranslated = next(u["cells"][0] for u in units if u["source"] == UNTRANSLATED_SOURCE)
    assert "UNTRANSLATED" in untranslated["text"]
    problem = next(u["cells"][0] for u in units if u["source"] == NUMBER_SOURCE)
    assert problem["outline"] == "solid"
    assert "1 PROBLEM" in problem["text"]
    assert "ERROR numbers numbers 2 million, 3 million of the source not found in the " \
           "translation" in problem["text"]
    ok = next(u["cells"][1] for u in units if u["source"] == NUMBER_SOURCE)  # ru
    assert ok["outline"] == "none" and "PROBLEM" not in ok["text"]
    # Only the units that need attention, with the keyboard.
    page.js("document.getElementById('attention').focus()")
    page.key(" ", code="Space", text=" ")
    visible = page.js("Array.from(document.querySelectorAll('.unit'))"
                      ".filter(u => u.offsetParent !== null).length")
    assert visible == int(page.js("document.querySelector('.n-attention').innerText")) == 3


def test_a_phone_and_no_scripts(review: tuple[Path, dict], browser: Browser,
                                open_page) -> None:
    root, _ = review
    site = root / "dist" / "report"
    for path in (site / "index.html", site / "articles" / "port-budget.html"):
        page = open_page(path, width=390, height=800)
        assert page.js("document.documentElement.scrollWidth") <= 390, path.name
    page = open_page(site / "articles" / "port-budget.html", width=390, height=800)
    stacked = page.js("""Array.from(document.querySelectorAll('#u3 .cell'))
        .map(c => c.getBoundingClientRect()).map(b => [b.top, b.bottom, b.left])""")
    assert all(a[1] <= b[0] and a[2] == b[2] for a, b in zip(stacked, stacked[1:], strict=False))
    # Without scripts everything is there to read; only the controls stay hidden.
    page = open_page(site / "index.html")
    page.browser.send("Emulation.setScriptExecutionDisabled", page.session, value=True)
    page.browser.send("Page.reload", page.session)
    page.browser.events.clear()
    page.browser.wait_for("Page.loadEventFired", page.session)
    assert page.js("document.querySelectorAll('#catalogs tbody tr:not([hidden])').length") == 6
    assert page.js("document.getElementById('filters').hidden") is True


def test_a_long_index_comes_in_pages(archive: Path, tmp_path: Path, open_page) -> None:
    result = runner.invoke(app, ["report", "--project", str(archive), "--output",
                                 str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    page = open_page(tmp_path / "site" / "index.html")
    assert page.js("document.getElementById('shown').innerText") == "Showing 1–100 of 102 rows"
    assert len(page.js(ROWS)) == 100
    page.js("Array.from(document.querySelectorAll('#pager button'))"
            ".find(b => b.innerText === 'Next').focus()")
    page.key("Enter")
    assert page.js("document.getElementById('shown').innerText") == \
        "Showing 101–102 of 102 rows"
    assert len(page.js(ROWS)) == 2
