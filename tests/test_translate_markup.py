"""What reaches a machine-translation service: markup is protected by tokens, for
Markdown as for HTML, and comes back in place (through the real CLI and HTTP)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from l10n import pofile
from l10n.cli import app
from translate_support import FakeLibreTranslate

MARKDOWN = ("# Sanctions\n\nKyiv announced **new** sanctions against "
            "[the company](https://example.org/firm_list \"List\"). Run `l10n check` and "
            "read *the* ![chart](chart_2024.png) twice.\n")


def test_markdown_inline_markup_never_reaches_the_service(tmp_path: Path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "news.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('source_language = "en"\nlanguages = ["uk"]\n',
                                        encoding="utf-8")
    runner = CliRunner()
    for step in ("extract", "update"):
        assert runner.invoke(app, [step, "--project", str(tmp_path)]).exit_code == 0
    with FakeLibreTranslate({"en": ["uk"]}) as service:
        result = runner.invoke(app, ["translate", "--project", str(tmp_path), "--backend",
                                     "libretranslate", "--endpoint", service.url])
    assert result.exit_code == 0, result.output
    sent = "\n".join(service.received)
    assert "announced" in sent and "company" in sent  # the words are translated ...
    for markup in ("**", "[", "](", "`", "firm_list", "![", "*the*", "chart_2024"):
        assert markup not in sent, markup  # ... the markup is not sent
    catalog = pofile.read(tmp_path / "locales" / "uk" / "LC_MESSAGES" / "news.po")
    found = {m.msgid: m.msgstr for m in catalog.messages if m.msgid}
    assert found["Kyiv announced **new** sanctions against [the company]"
                 "(https://example.org/firm_list \"List\")."] == \
        "KYIV ANNOUNCED **NEW** SANCTIONS AGAINST [THE COMPANY]" \
        "(https://example.org/firm_list \"List\")."
    assert found["Run `l10n check` and read *the* ![chart](chart_2024.png) twice."] == \
        "RUN `l10n check` AND READ *THE* ![CHART](chart_2024.png) TWICE."
