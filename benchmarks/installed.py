"""The `l10n` command as users run it: the console script of a virtual environment of its
own, as README installs it, made once in the benchmark's work folder.

The interpreter a benchmark script runs under may carry start-up costs that have nothing
to do with l10n: every ``.pth`` file in its site-packages runs at each start (on some
machines one of them imports certifi and importlib.resources, about 60 ms before any
line of l10n), which a user's environment does not have. The environment is made with
``pip install -e`` of this checkout, so it runs the code under measurement; if it cannot be
made (no network, no pip), the benchmark falls back to ``python -m l10n.cli`` and says so.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def command(workdir: Path) -> list[str]:
    """How to run `l10n`: the environment's console script, or this interpreter."""
    venv = workdir / "venv"
    exe = venv / ("Scripts" if sys.platform == "win32" else "bin") / "l10n"
    stamp = venv / "l10n-checkout"
    if exe.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == str(ROOT):
        return [str(exe)]
    shutil.rmtree(venv, ignore_errors=True)
    print(f"installing l10n into {venv} (once) ...", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = exe.parent / "python"
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", str(ROOT)],
                       check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        print(f"could not install l10n in a virtual environment ({detail.strip()[-300:]}); "
              "running `python -m l10n.cli` under this interpreter instead", flush=True)
        return [sys.executable, "-m", "l10n.cli"]
    stamp.write_text(str(ROOT), encoding="utf-8")
    return [str(exe)]
