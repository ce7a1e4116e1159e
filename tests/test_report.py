"""`l10n report`: the review site's pages, their validity, their safety, what they say about
each unit, and how they are rewritten (see test_report_browser.py for what a person sees in
a real browser)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest
from typer.testing import CliRunner

from l10n import pipeline, pofile
from l10n.cli import app
from l10n.project import Project
from l10n.report.markup import sanitize
from report_support import (
    FUZZY_SOURCE,
    FUZZY_TEXT,
    MACHINE,
    NUMBER_SOURCE,
    REFUSED_SOURCE,
    SEED_SLUG,
    UNTRANSLATED_SOURCE,
    make_review_project,
)

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_review_project(tmp_path_factory.mktemp("review") / "news")
    code, out = cli("report", "--project", str(root))
    assert code == 0, out
    return root / "dist" / "report"


def parse(path: Path) -> html5lib.treebuilders.etree.Element:
    """The page through a WHATWG parser that fails on any parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(path.read_bytes(), transport_encoding="utf-8")


def pages(site: Path) -> list[Path]:
    return [site / "index.html", *sorted((site / "articles").glob("*.html"))]


def test_the_site_has_an_index_and_a_page_per_article(site: Path) -> None:
    assert sorted(p.name for p in (site / "articles").iterdir()) == [
        "ferry-odesa.html", "port-budget.html", f"{SEED_SLUG}.html"]
    assert (site / "report.css").is_file() and (site / "report.js").is_file()


def test_pages_are_valid_html5_and_self_contained(site: Path) -> None:
    for page in pages(site):
        doc = parse(page)  # raises on the first parse error
        assert doc.get("lang") == "en"
        assert doc.find("head/meta[@name='viewport']") is not None
        ids = [el.get("id") for el in doc.iter() if el.get("id")]
        assert len(ids) == len(set(ids)), f"{page.name}: duplicate ids"
        for el in doc.iter():
            # Nothing is loaded from elsewhere: scripts, styles and images are the site's.
            for attr in ("src", "srcset", "poster", "data"):
                assert el.get(attr) is None or el.tag == "script", (page.name, el.tag, attr)
            if el.tag == "link" or el.tag == "script" and el.get("src") is not None:
                ref = el.get("src") or el.get("href")
                assert ref and not urlsplit(ref).scheme, (page.name, ref)
                assert (page.parent / ref).resolve().is_file(), (page.name, ref)
            assert el.tag not in ("img", "iframe", "object", "embed", "style"), page.name
            assert not any(name.startswith("on") for name in el.attrib), (page.name, el.tag)
            if el.tag == "a":
                href = el.get("href", "")
                parts = urlsplit(href)
                if parts.scheme:
                    assert parts.scheme in ("http", "https", "mailto"), href
                    assert "noopener" in el.get("rel", "")
                elif parts.path:
                    assert (page.parent / parts.path).resolve().is_file(), (page.name, href)
                elif parts.fragment and not parts.fragment.startswith(("lang=", "q=")):
                    assert parts.fragment in ids, (page.name, href)
            if el.tag in ("input", "select"):
                assert _labelled(doc, el), (page.name, el.tag, el.get("name"))


def _labelled(doc: html5lib.treebuilders.etree.Element, control: object) -> bool:
    return any(control in list(label.iter()) for label in doc.iter("label"))


def test_an_untranslated_unit_shows_the_source_text_that_stands_in(site: Path) -> None:
    page = (site / "articles" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    unit = _unit_html(page, UNTRANSLATED_SOURCE)
    uk = _cells(unit)[0]
    assert 'class="cell st-untranslated"' in uk
    assert "Readers get:</span> the source text." in uk


def test_a_fuzzy_machine_suggestion_is_marked_with_its_provider(site: Path) -> None:
    page = (site / "articles" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    uk = _cells(_unit_html(page, FUZZY_SOURCE))[0]
    assert 'class="cell st-fuzzy"' in uk
    assert f'<div class="text suggestion" lang="uk">{FUZZY_TEXT}</div>' in uk
    assert f"machine translation: {MACHINE}, unreviewed" in uk
    assert "Readers get:" in uk  # a fuzzy entry is not published


def test_a_problem_is_marked_on_its_unit(site: Path) -> None:
    page = (site / "articles" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    uk, ru = _cells(_unit_html(page, NUMBER_SOURCE))
    assert "has-error" in uk and '<span class="check">numbers</span>' in uk
    assert "has-error" not in ru


def test_a_refused_translation_is_shown_as_text_never_as_markup(site: Path) -> None:
    page = (site / "articles" / "port-budget.html").read_text(encoding="utf-8")
    uk = _cells(_unit_html(page, "The council"))[0]
    assert 'class="cell st-refused has-error"' in uk
    # The translator's broken tags are escaped; the published source keeps its <strong>.
    assert "Рада &lt;strong&gt;ухвалила&lt;/b&gt;" in uk
    assert "<b>" not in uk
    assert uk.count('<span class="check">markup</span>') == 2
    assert REFUSED_SOURCE.split("<")[0] in page


def test_inline_markup_is_rendered_and_made_safe(site: Path) -> None:
    page = (site / "articles" / "port-budget.html").read_text(encoding="utf-8")
    assert "The council <strong>approved</strong> a budget" in page
    assert "Роботи почнуться в <em>березні</em>." in page
    assert '<a href="https://example.org/plan" rel="noopener noreferrer">повний план</a>' \
        in page
    assert "onclick" not in page and "steal()" not in page
    # The text of a <time> is written the target language's way, as in the composed page.
    assert '<time datetime="2024-02-01">1 лютого 2024</time>' in page
    md = (site / "articles" / "ferry-odesa.html").read_text(encoding="utf-8")
    assert "The <em>Odesa</em> ferry carried 1,200 passengers" in md
    assert '<a href="https://example.org/tickets" rel="noopener noreferrer">online</a>' in md


def test_dates_of_the_articles(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count('<time datetime="2024-03-05">') == 2  # Markdown front matter
    assert index.count('<time datetime="2024-01-09">') == 2  # article:published_time
    page = (site / "articles" / "ferry-odesa.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-03-05">March 5, 2024</time>' in page


def test_dates_on_a_date_line_are_shown_as_the_composed_article_has_them(
        tmp_path: Path) -> None:
    root = tmp_path / "news"
    (root / "source").mkdir(parents=True)
    (root / "source" / "dated.txt").write_text(
        "Port reopens\n\nPublished: January 9, 2024\n\nThe port reopened today.\n",
        encoding="utf-8")
    (root / "l10n.toml").write_text(
        'source_language = "en"\nlanguages = ["uk", "en"]\n'
        '[compile]\ndate_line = "^Published:"\n', encoding="utf-8")
    project = Project.load(root)
    pipeline.extract(project)
    pipeline.update(project)
    path = project.po_path("dated", "uk")
    catalog = pofile.read(path)
    for m in catalog.messages:
        m.msgstr = {"Published: January 9, 2024": "Опубліковано: January 9, 2024"}.get(
            m.msgid, "")
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    pipeline.report(project)
    page = (root / "dist" / "report" / "articles" / "dated.html").read_text(encoding="utf-8")
    assert "Опубліковано: 9 січня 2024" in page
    assert '<time datetime="2024-01-09">' in (root / "dist" / "report" / "index.html"
                                              ).read_text(encoding="utf-8")


def test_the_index_shows_what_check_and_compile_say(site: Path) -> None:
    root = site.parent.parent
    code, out = cli("check", "--project", str(root), "--format", "json")
    doc = json.loads(out)
    index = (site / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr data-lang=\"(\w+)\" data-state=\"([\w-]+)\".*?</tr>", index)
    assert len(rows) == len(doc["catalogs"]) == 6
    assert f'<span class="n-errors">{doc["errors"]} errors</span>' in index
    held = [c for c in doc["catalogs"] if c["percent"] < 80]  # [compile] threshold = 80
    assert sum(state == "held-back" for _, state in rows) == len(held)


def test_a_second_run_writes_nothing_and_an_edit_rewrites_only_its_article(
        tmp_path: Path) -> None:
    root = make_review_project(tmp_path / "news")
    project = Project.load(root)
    first = pipeline.report(project)
    assert len(first.written) == 6 and first.unchanged == 0
    again = pipeline.report(project)
    assert again.written == [] and again.unchanged == 6
    before = {p: p.read_bytes() for p in pages(root / "dist" / "report")}
    path = project.po_path("port-budget", "ru")
    catalog = pofile.read(path)
    catalog.messages[0].msgstr = "Совет утвердил бюджет порта"
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    edited = pipeline.report(project)
    site = root / "dist" / "report"
    assert sorted(edited.written) == [site / "articles" / "port-budget.html",
                                      site / "index.html"]
    assert all(p.read_bytes() == data for p, data in before.items()
               if p.name not in ("port-budget.html", "index.html"))


def test_a_page_depends_only_on_its_own_article(tmp_path: Path) -> None:
    root = make_review_project(tmp_path / "news")
    pipeline.report(Project.load(root))
    site = root / "dist" / "report"
    alone = (site / "articles" / f"{SEED_SLUG}.html").read_bytes()
    (root / "source" / "port-budget.html").unlink()
    shutil.rmtree(root / "locales" / "uk")
    shutil.copytree(ROOT / "locales" / "uk", root / "locales" / "uk")  # the seed's own again
    result = pipeline.report(Project.load(root))
    assert (site / "articles" / "port-budget.html") in result.removed
    assert not (site / "articles" / "port-budget.html").exists()
    after = (site / "articles" / f"{SEED_SLUG}.html").read_bytes()
    assert after != alone  # its uk catalog changed (the seed's fully translated one) ...
    ferry = (site / "articles" / "ferry-odesa.html")
    assert ferry.exists()  # ... and the other articles are still there


def test_one_or_several_processes_write_the_same_files(archive: Path, tmp_path: Path) -> None:
    project = Project.load(archive)
    one = pipeline.report(project, tmp_path / "one", jobs=1)
    two = pipeline.report(project, tmp_path / "two", jobs=2)
    assert one.articles == two.articles == 51
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*")
                   if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "two") for p in
                           (tmp_path / "two").rglob("*") if p.is_file())
    for rel in files:
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes()
    assert [str(p) for p in one.check.problems] == [str(p) for p in two.check.problems]


def test_build_writes_the_site_when_the_configuration_asks(tmp_path: Path) -> None:
    root = make_review_project(tmp_path / "news")
    code, out = cli("build", "--project", str(root))
    assert not (root / "dist" / "report").exists()
    config = root / "l10n.toml"
    config.write_text(config.read_text() + "[report]\nenabled = true\n", encoding="utf-8")
    code, out = cli("build", "--project", str(root))
    assert "dist/report/index.html: review site of 3 articles" in out
    assert (root / "dist" / "report" / "articles" / "port-budget.html").is_file()
    config.write_text(config.read_text().replace("enabled = true", 'enabled = "yes"'),
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "l10n.cli", "build", "--project",
                             str(root)], capture_output=True, text=True)
    assert result.returncode == 2
    assert 'l10n.toml:8: report.enabled must be true or false, got "yes"' in result.stderr
    assert "Traceback" not in result.stderr


def test_output_folder_and_a_source_that_cannot_be_read(tmp_path: Path) -> None:
    root = make_review_project(tmp_path / "news")
    code, out = cli("report", "--project", str(root), "--output", str(tmp_path / "site"))
    assert code == 0, out
    assert (tmp_path / "site" / "index.html").is_file()
    (root / "source" / "broken.txt").write_bytes(b"Title\n\n\xff\xfe broken\n")
    result = subprocess.run([sys.executable, "-m", "l10n.cli", "report", "--project",
                             str(root)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith("l10n: error: source/broken.txt")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("fragment", "expected"), [
    ("a <script>alert(1)</script>b", "a b"),
    ('<a href="javascript:alert(1)" onclick="x()">link</a>', "<a>link</a>"),
    ('<a href="https://example.org/?a=1&amp;b=2">x</a>',
     '<a href="https://example.org/?a=1&amp;b=2" rel="noopener noreferrer">x</a>'),
    ('<img src="https://example.org/t.png" alt="a tracker">',
     '<span class="img">[a tracker]</span>'),
    ("<strong>never closed <em>here", "<strong>never closed <em>here</em></strong>"),
    ("stray </b> end", "stray  end"),
    ('<span style="color:red" lang="uk" class="x">слово</span>', '<span lang="uk">слово</span>'),
    ("<div><p>blocks</p></div> go", "blocks go"),
    ("1 &lt; 2 &amp; <b>bold</b>", "1 &lt; 2 &amp; <b>bold</b>"),
    ('<time datetime="2024-01-09">9 січня 2024</time>',
     '<time datetime="2024-01-09">9 січня 2024</time>'),
    ("<svg><script>x()</script><text>t</text></svg>after", "after"),
])
def test_sanitize_keeps_text_level_markup_only(fragment: str, expected: str) -> None:
    assert sanitize(fragment) == expected


def _unit_html(page: str, source_start: str) -> str:
    for block in page.split('<div class="unit')[1:]:
        source = re.search(r'<div class="cell source">.*?<div class="text" lang="en">(.*?)'
                           r"</div></div>", block, re.S)
        if source and re.sub(r"<[^>]+>", "", source.group(1)).startswith(
                re.sub(r"<[^>]+>", "", source_start)):
            return block
    raise AssertionError(f"no unit starts with {source_start!r}")


def _cells(unit: str) -> list[str]:
    return re.findall(r'<div class="cell st-.*?</div>\n', unit, re.S)


def test_missing_unreadable_and_stale_catalogs(tmp_path: Path) -> None:
    root = make_review_project(tmp_path / "news")
    project = Project.load(root)
    project.po_path("port-budget", "ru").write_text('msgid "x"\nmsgstr "y\n', encoding="utf-8")
    (root / "source" / "new-story.txt").write_text("A new story\n\nIt has one sentence.\n",
                                                   encoding="utf-8")
    seed = root / "source" / f"{SEED_SLUG}.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                    encoding="utf-8")
    site = pipeline.report(Project.load(root))
    assert site.articles == 4 and site.catalogs == 8
    index = (root / "dist" / "report" / "index.html").read_text(encoding="utf-8")
    states = re.findall(r'<tr data-lang="(\w+)" data-state="([\w-]+)" data-flags="([\w ]*)"',
                        index)
    assert states.count(("ru", "unreadable", "errors")) == 1
    assert [s for s in states if s[1] == "missing"] == [("uk", "missing", "errors"),
                                                       ("ru", "missing", "errors")]
    assert sum("stale" in flags.split() for _, _, flags in states) == 2  # the seed's two
    page = (root / "dist" / "report" / "articles" / f"{SEED_SLUG}.html").read_text(
        encoding="utf-8")
    assert "stale: out of date with source/" in page
    assert "One more sentence." in page  # the page shows the source as it is now
    new = (root / "dist" / "report" / "articles" / "new-story.html").read_text(
        encoding="utf-8")
    assert "template missing for source/new-story.txt" in new
    assert new.count("No catalog yet.") == 4  # two units, two languages
    broken = (root / "dist" / "report" / "articles" / "port-budget.html").read_text(
        encoding="utf-8")
    assert '<span class="check">syntax</span>' in broken
    assert "the catalog cannot be read" in broken


def _site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def _refuse(monkeypatch: pytest.MonkeyPatch, module: str, name: str) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{name} was called")
    monkeypatch.setattr(f"{module}.{name}", refused)


def test_the_report_takes_the_build_s_check_and_pages(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_review_project(tmp_path / "news")
    project = Project.load(root)
    pipeline.build(project, jobs=1)
    # Files as the build left them: its check is replayed, nothing is checked again ...
    _refuse(monkeypatch, "l10n.check", "check_article")
    first = pipeline.report(project, jobs=1)
    assert first.articles == 3 and len(first.written) == 6
    monkeypatch.undo()
    fresh = pipeline.report(project, tmp_path / "fresh", jobs=1)  # no cache for that folder
    assert _site_files(root / "dist" / "report") == _site_files(tmp_path / "fresh")
    assert [str(p) for p in first.check.problems] == [str(p) for p in fresh.check.problems]
    # ... and once the build draws the site itself, the report draws no page at all.
    config = root / "l10n.toml"
    config.write_text(config.read_text() + "[report]\nenabled = true\n", encoding="utf-8")
    project = Project.load(root)
    pipeline.build(project, jobs=1)
    _refuse(monkeypatch, "l10n.report", "article_page")
    _refuse(monkeypatch, "l10n.check", "check_article")
    again = pipeline.report(project, jobs=1)
    assert again.written == [] and again.unchanged == 6
    assert _site_files(root / "dist" / "report") == _site_files(tmp_path / "fresh")


def test_the_report_remembers_its_pages_and_distrusts_what_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_review_project(tmp_path / "news")
    project = Project.load(root)
    pipeline.report(project, jobs=1)
    site = root / "dist" / "report"
    drawn: list[str] = []
    import l10n.report

    real = l10n.report.article_page

    def counted(project: Project, item: object, *args: object, **kwargs: object) -> object:
        drawn.append(item.source.slug)  # type: ignore[attr-defined]
        return real(project, item, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("l10n.report.article_page", counted)
    assert pipeline.report(project, jobs=1).written == [] and drawn == []
    # a catalog saved by a translator, a page deleted and a page edited by hand
    path = project.po_path("port-budget", "ru")
    catalog = pofile.read(path)
    catalog.messages[0].msgstr = "Совет утвердил бюджет порта"
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    (site / "articles" / "ferry-odesa.html").unlink()
    seed_page = site / "articles" / f"{SEED_SLUG}.html"
    seed_page.write_bytes(seed_page.read_bytes().replace(b"</body>", b"<p>edited</p></body>"))
    after = pipeline.report(project, jobs=1)
    assert sorted(drawn) == sorted(["port-budget", "ferry-odesa", SEED_SLUG])
    assert b"edited" not in seed_page.read_bytes()
    assert site / "articles" / "port-budget.html" in after.written
    clean = pipeline.report(Project.load(root), tmp_path / "clean", jobs=1)
    assert _site_files(site) == _site_files(tmp_path / "clean")
    assert [str(p) for p in after.check.problems] == [str(p) for p in clean.check.problems]
    # a damaged site cache is not trusted: every page is drawn again, the same
    for state in (root / ".l10n-cache").glob("site-*.cache"):  # this folder's and clean/'s
        state.write_bytes(state.read_bytes()[:-40] + b"0" * 40)
    drawn.clear()
    pipeline.report(project, jobs=1)
    assert len(drawn) == 3
    assert _site_files(site) == _site_files(tmp_path / "clean")


def test_a_build_without_its_site_cache_draws_the_pages_again(tmp_path: Path) -> None:
    root = make_review_project(tmp_path / "news")
    config = root / "l10n.toml"
    config.write_text(config.read_text() + "[report]\nenabled = true\n", encoding="utf-8")
    project = Project.load(root)
    pipeline.build(project, jobs=1)
    site = root / "dist" / "report"
    before = _site_files(site)
    assert pipeline.build(Project.load(root), jobs=1).rebuilt == 0
    [state] = (root / ".l10n-cache").glob("site-*.cache")
    state.unlink()
    (site / "articles" / "ferry-odesa.html").unlink()
    again = pipeline.build(Project.load(root), jobs=1)
    assert again.rebuilt == 3  # the index needs every summary: none is left
    assert _site_files(site) == before
    assert pipeline.build(Project.load(root), jobs=1).rebuilt == 0
