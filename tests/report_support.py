"""A project for the review-site tests: the seed article in plain text, an HTML article and a
Markdown article, with catalogs in every state an editor meets (translated, fuzzy machine
suggestions, untranslated, a translation the HTML format refuses, quality problems, a
language held back).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from l10n import notes, pipeline, pofile
from l10n.project import Project

ROOT = Path(__file__).resolve().parents[1]
SEED_SLUG = "zelenskyy-iohannis-security-guarantees"

HTML_ARTICLE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Council approves the port budget</title>
<meta property="article:published_time" content="2024-01-09T10:30:00+02:00"></head>
<body>
<h1>Council approves the port budget</h1>
<p>The council <strong>approved</strong> a budget of 2.5 million for the port.
Work starts in <em>March</em>.</p>
<p>Read the <a href="https://example.org/plan" onclick="steal()">full plan</a> online.</p>
<p>Residents can comment until <time datetime="2024-02-01">February 1, 2024</time>.</p>
</body>
</html>
"""

MARKDOWN_ARTICLE = """---
title: Ferry line to Odesa reopens
date: 2024-03-05
---

# Ferry line to Odesa reopens

The *Odesa* ferry carried 1,200 passengers in its first week. Tickets are sold
[online](https://example.org/tickets) and at the port.

> "We waited two years for this," a passenger said.
"""

# What the tests change in the catalogs, by language and msgid.
MACHINE = "apertium (en→uk)"
FUZZY_SOURCE = "Information from the President of Romania"
FUZZY_TEXT = "Інформація від Президента Румунії"
UNTRANSLATED_SOURCE = "Information from the President of Ukraine"
NUMBER_SOURCE = ("Zelenskyy informed that monthly Ukrainian exports through Romania have "
                 "increased from 2 million tons to 3 million tons.")
NUMBER_TEXT = ("Зеленський повідомив, що щомісячний український експорт через Румунію "
               "зріс з двох мільйонів тонн до трьох мільйонів тонн.")
REFUSED_SOURCE = "The council <strong>approved</strong> a budget of 2.5 million for the port."
REFUSED_TEXT = "Рада <strong>ухвалила</b> бюджет у 2,5 мільйона для порту."


def uk_html(msgid: str) -> str:
    """Ukrainian for the HTML article (the markup kept, as a translator would)."""
    return {
        "Council approves the port budget": "Рада ухвалила бюджет порту",
        REFUSED_SOURCE: REFUSED_TEXT,
        "Work starts in <em>March</em>.": "Роботи почнуться в <em>березні</em>.",
        'Read the <a href="https://example.org/plan" onclick="steal()">full plan</a> online.':
            'Прочитайте <a href="https://example.org/plan" onclick="steal()">повний план</a> '
            "онлайн.",
        'Residents can comment until <time datetime="2024-02-01">February 1, 2024</time>.':
            'Мешканці можуть коментувати до <time datetime="2024-02-01">February 1, 2024'
            "</time>.",
    }.get(msgid, "")


def make_review_project(root: Path) -> Path:
    """The project, extracted and updated, with its catalogs edited as described above."""
    (root / "source").mkdir(parents=True)
    shutil.copy(ROOT / "source" / f"{SEED_SLUG}.txt", root / "source")
    shutil.copytree(ROOT / "locales", root / "locales",
                    ignore=shutil.ignore_patterns("*.mo"))
    (root / "source" / "port-budget.html").write_text(HTML_ARTICLE, encoding="utf-8")
    (root / "source" / "ferry-odesa.md").write_text(MARKDOWN_ARTICLE, encoding="utf-8")
    (root / "l10n.toml").write_text(
        'source_language = "en"\nlanguages = ["uk", "ru", "en"]\n'
        "[check]\nthreshold = 0\n[compile]\nthreshold = 80\n", encoding="utf-8")
    project = Project.load(root)
    pipeline.extract(project)
    pipeline.update(project)
    seed = project.po_path(SEED_SLUG, "uk")
    catalog = pofile.read(seed)
    for m in catalog.messages:
        if m.msgid == FUZZY_SOURCE:
            m.msgstr = FUZZY_TEXT
            m.fuzzy = True
            m.translator_comments = [notes.machine_note(MACHINE, FUZZY_TEXT)]
        elif m.msgid == UNTRANSLATED_SOURCE:
            m.msgstr = ""
        elif m.msgid == NUMBER_SOURCE:
            m.msgstr = NUMBER_TEXT
    seed.write_text(pofile.dumps(catalog), encoding="utf-8")
    page = project.po_path("port-budget", "uk")
    catalog = pofile.read(page)
    for m in catalog.messages:
        m.msgstr = uk_html(m.msgid)
    page.write_text(pofile.dumps(catalog), encoding="utf-8")
    return root


def make_archive(root: Path, articles: int = 51) -> Path:
    """A project of ``articles`` synthetic articles (benchmarks/make_corpus.py), extracted
    and updated: enough for two worker processes and for more than 100 rows of the index."""
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"),
                    str(root / "source"), "--articles", str(articles), "--seed", "5"],
                   check=True, capture_output=True)
    (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["uk", "ru", "en"]\n',
                                    encoding="utf-8")
    project = Project.load(root)
    pipeline.extract(project)
    pipeline.update(project)
    return root
