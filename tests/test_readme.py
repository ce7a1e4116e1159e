"""The README's first set-up command works as written on a stock Debian or Ubuntu system
Python, whose pip refuses to install into it (PEP 668, externally managed)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SYSTEM_PYTHON = Path("/usr/bin/python3")


def setup_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def externally_managed() -> bool:
    if not SYSTEM_PYTHON.exists():
        return False
    stdlib = subprocess.run([str(SYSTEM_PYTHON), "-c", "import sysconfig; "
                             "print(sysconfig.get_paths()['stdlib'])"],
                            capture_output=True, text=True).stdout.strip()
    has_pip = subprocess.run([str(SYSTEM_PYTHON), "-m", "pip", "--version"],
                             capture_output=True).returncode == 0
    return bool(stdlib) and (Path(stdlib) / "EXTERNALLY-MANAGED").exists() and has_pip


def test_the_readme_keeps_two_one_line_set_up_commands() -> None:
    commands = setup_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert commands[0].endswith("l10n build") and commands[1] == "bash scripts/test"


@pytest.mark.skipif(not externally_managed(),
                    reason="needs a system Python marked EXTERNALLY-MANAGED with pip "
                           "(Debian 12, Ubuntu 23.04 and later)")
def test_the_first_command_works_on_an_externally_managed_python(tmp_path: Path) -> None:
    checkout = tmp_path / "l10n"
    shutil.copytree(REPO, checkout, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "dist", "build", "*.egg-info", "__pycache__", ".l10n-cache",
        ".pytest_cache", ".hypothesis", ".ruff_cache", "*.mo", ".l10n.lock"))
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", str(tmp_path)),
           "LANG": "C.UTF-8"}
    for name in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CONFIG_FILE", "PIP_FIND_LINKS"):
        if name in os.environ:
            env[name] = os.environ[name]
    # The plain install is refused there: this is the system the command is for.
    plain = subprocess.run(["python3", "-m", "pip", "install", "--dry-run", "."],
                           cwd=checkout, env=env, capture_output=True, text=True)
    assert plain.returncode != 0 and "externally-managed-environment" in plain.stderr
    first = setup_commands()[0]
    done = subprocess.run(["bash", "-c", first], cwd=checkout, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "check passed" in done.stdout
    for lang in ("uk", "ru"):
        assert (checkout / "dist" / lang /
                "zelenskyy-iohannis-security-guarantees.txt").is_file()
