"""Shared fixtures: a copy of the repository's own l10n project in a temporary folder, and
the Apertium APy server for the end-to-end translation tests.

The server is started through scripts/apertium-apy once per session when L10N_APY=1 (which
may install the Debian packages) or when Apertium is already installed; otherwise the
tests that need it are skipped and say why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_SLUG = "zelenskyy-iohannis-security-guarantees"
APY_SCRIPT = REPO / "scripts" / "apertium-apy"
APY_TEST_PORT = "2739"  # not APy's usual 2737, so a developer's own server is left alone


def _apertium_installed() -> bool:
    return shutil.which("apertium-apy") is not None and \
        Path("/usr/share/apertium/apertium-rus-ukr").is_dir()


@pytest.fixture(scope="session")
def apy_url() -> Iterator[str]:
    """Base URL of a running APy server with rus-ukr on 127.0.0.1."""
    requested = os.environ.get("L10N_APY") == "1"
    if not requested and not _apertium_installed():
        pytest.skip("Apertium APy is not installed; set L10N_APY=1 to let "
                    "scripts/apertium-apy install and start it")
    env = dict(os.environ, APY_PORT=os.environ.get("APY_PORT", APY_TEST_PORT))
    if not requested:
        env["APY_NO_INSTALL"] = "1"
    status = subprocess.run([str(APY_SCRIPT), "--status"], env=env, capture_output=True,
                            text=True)
    started = False
    if status.returncode == 0:
        url = status.stdout.strip()
    else:
        run = subprocess.run([str(APY_SCRIPT)], env=env, capture_output=True, text=True,
                             timeout=1200)
        if run.returncode != 0:
            message = f"scripts/apertium-apy failed: {run.stderr.strip()[-600:]}"
            if requested:
                pytest.fail(message)
            pytest.skip(message)
        url = run.stdout.strip().splitlines()[-1]
        started = True
    yield url
    if started:
        subprocess.run([str(APY_SCRIPT), "--stop"], env=env, capture_output=True)


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


@pytest.fixture(scope="session")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of 51 synthetic articles, extracted and updated (shared: do not modify)."""
    from report_support import make_archive

    return make_archive(tmp_path_factory.mktemp("archive") / "news")
