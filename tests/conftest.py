"""Shared fixtures: a copy of the repository's own l10n project in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED_SLUG = "zelenskyy-iohannis-security-guarantees"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The repository's source/ and locales/ with a minimal l10n.toml, in tmp_path."""
    root = tmp_path / "news"
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales",
                    ignore=shutil.ignore_patterns("*.mo"))
    (root / "l10n.toml").write_text(
        'source_language = "en"\nlanguages = ["uk", "ru", "en"]\n', encoding="utf-8")
    return root
