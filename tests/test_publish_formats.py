"""Publishing HTML and Markdown articles through the CLI: hreflang links, dates.

Everything here runs the real `l10n` commands on a project with the real formats: the
template is extracted, catalogs are created by `update` and filled in, and `compile`
writes the localised articles that are then read as a browser or a site generator would.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser
from typer.testing import CliRunner

from l10n import pofile
from l10n.cli import app

runner = CliRunner()

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Talks in Kyiv</title>
</head>
<body>
<article>
  <h1>Talks in Kyiv</h1>
  <p class="date"><time datetime="2025-12-03">December 3, 2025</time></p>
  <p>Updated on <time datetime="2025-12-04T09:30">Dec 4, 2025, 9:30 AM</time>.</p>
  <p>The talks went well. They will meet again.</p>
</article>
</body>
</html>
"""

POST = """---
title: Talks in Kyiv
date: 2025-12-03
published: December 3, 2025
---

# Talks in Kyiv

The talks went well.
"""


def run(root: Path, *args: str) -> str:
    result = runner.invoke(app, [*args, "--project", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


def project(root: Path, files: dict[str, str], config: str = "") -> Path:
    (root / "source").mkdir(parents=True)
    for name, text in files.items():
        (root / "source" / name).write_text(text, encoding="utf-8")
    (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["en", "uk", "ru"]\n'
                                    + config, encoding="utf-8")
    run(root, "extract")
    run(root, "update")
    return root


def translate_all(root: Path, slug: str, lang: str) -> None:
    path = root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"
    catalog = pofile.parse(path.read_text(encoding="utf-8"), path)
    for msg in catalog.active():
        msg.msgstr = f"{lang.upper()}: {msg.msgid}"
    path.write_text(pofile.dumps(catalog), encoding="utf-8")


def test_hreflang_links_in_html_output(tmp_path: Path):
    root = project(tmp_path / "p", {"talks.html": PAGE}, "[compile]\nhreflang = true\n")
    translate_all(root, "talks", "uk")  # ru stays empty: held back, not linked
    out = run(root, "compile")
    assert "dist/ru/talks.html: not written" in out
    for lang, expected in (("uk", [("en", "../en/talks.html"), ("uk", "talks.html")]),
                           ("en", [("en", "talks.html"), ("uk", "../uk/talks.html")])):
        page = (root / "dist" / lang / "talks.html").read_text(encoding="utf-8")
        tree = LexborHTMLParser(page)
        links = [(n.attributes["hreflang"], n.attributes["href"])
                 for n in tree.css('head > link[rel="alternate"]')]
        assert sorted(links) == sorted(expected), page
        assert tree.css_first("html").attributes["lang"] == lang
        for _, href in links:  # every link resolves
            assert (root / "dist" / lang / href).resolve().is_file()
    # The original keeps its own bytes apart from the links.
    original = (root / "dist" / "en" / "talks.html").read_text(encoding="utf-8")
    assert [line for line in original.splitlines() if "alternate" not in line] == \
        PAGE.splitlines()


def test_without_hreflang_no_links(tmp_path: Path):
    root = project(tmp_path / "p", {"talks.html": PAGE})
    translate_all(root, "talks", "uk")
    run(root, "compile")
    page = (root / "dist" / "uk" / "talks.html").read_text(encoding="utf-8")
    assert "alternate" not in page and not (root / "dist" / "en").exists()


def test_time_text_is_written_in_the_target_language(tmp_path: Path):
    root = project(tmp_path / "p", {"talks.html": PAGE})
    pot = pofile.parse((root / "locales" / "talks.pot").read_text(encoding="utf-8"), "pot")
    msgids = [m.msgid for m in pot.active()]
    # A date alone is no unit (nobody types it by hand); inside a sentence it is kept whole.
    assert not any(m.startswith("<time") for m in msgids)
    assert 'Updated on <time datetime="2025-12-04T09:30">Dec 4, 2025, 9:30 AM</time>.' in msgids
    translate_all(root, "talks", "uk")
    translate_all(root, "talks", "ru")
    run(root, "compile")
    uk = (root / "dist" / "uk" / "talks.html").read_text(encoding="utf-8")
    assert '<time datetime="2025-12-03">3 грудня 2025</time>' in uk
    assert 'UK: Updated on <time datetime="2025-12-04T09:30">4 грудня 2025, 09:30</time>.' in uk
    ru = (root / "dist" / "ru" / "talks.html").read_text(encoding="utf-8")
    assert '<time datetime="2025-12-03">3 декабря 2025</time>' in ru


def test_front_matter_dates_stay_iso_unless_configured(tmp_path: Path):
    root = project(tmp_path / "p", {"post.md": POST})
    translate_all(root, "post", "uk")
    run(root, "compile")
    uk = (root / "dist" / "uk" / "post.md").read_text(encoding="utf-8")
    assert "\ndate: 2025-12-03\n" in uk and "\npublished: December 3, 2025\n" in uk

    root = project(tmp_path / "q", {"post.md": POST},
                   '[formats]\nmarkdown = { dates = ["published"] }\n')
    translate_all(root, "post", "uk")
    run(root, "compile")
    uk = (root / "dist" / "uk" / "post.md").read_text(encoding="utf-8")
    assert "\ndate: 2025-12-03\n" in uk and "\npublished: 3 грудня 2025\n" in uk
    assert '\ntitle: "UK: Talks in Kyiv"\n' in uk and "\n# UK: Talks in Kyiv\n" in uk


def test_extract_reports_html_read_differently_by_browsers(tmp_path: Path):
    page = PAGE.replace("<p>The talks went well.", "<p>The <b>talks <i>went</b> well</i>.")
    root = tmp_path / "p"
    (root / "source").mkdir(parents=True)
    (root / "source" / "talks.html").write_text(page, encoding="utf-8")
    (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["en", "uk"]\n')
    out = run(root, "extract")
    assert "source/talks.html:12: warning: <p>: browsers carry on the unclosed <i>" in out
    assert "untranslated" in out


def test_html_options_are_checked_when_the_project_is_loaded(tmp_path: Path):
    root = tmp_path / "p"
    (root / "source").mkdir(parents=True)
    (root / "source" / "talks.html").write_text(PAGE, encoding="utf-8")
    (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["en", "uk"]\n'
                                    '[formats.html]\ninclude = ["article p["]\n')
    result = subprocess.run([sys.executable, "-m", "l10n", "extract", "--project", str(root)],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "l10n.toml:4: formats.html.include" in result.stderr
    assert "not a CSS selector" in result.stderr
    (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["en", "uk"]\n'
                                    '[formats.html]\ninclude = ["article h1"]\n')
    run(root, "extract")
    pot = pofile.parse((root / "locales" / "talks.pot").read_text(encoding="utf-8"), "pot")
    assert [m.msgid for m in pot.active()] == ["Talks in Kyiv"]  # <title> and the <h1>
