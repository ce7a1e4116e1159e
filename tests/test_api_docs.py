"""docs/api.md tells the truth: its examples run, in order, in an empty folder, and print
what the page says they print (the ``# ...`` lines after a ``print``); and ``import l10n``
gives the curated API without importing the library's modules."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import l10n

DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def blocks() -> list[str]:
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


def expected_output(block: str) -> list[str]:
    """The comment lines after each print(...) statement, as the page shows them."""
    out: list[str] = []
    lines = block.splitlines()
    for k, line in enumerate(lines):
        if line.startswith("print(") or "    print(" in line:
            follow = []
            for nxt in lines[k + 1:]:
                if not nxt.startswith("# "):
                    break
                follow.append(nxt[2:])
            if follow and follow[0].startswith(" "):  # a continued line of a list
                continue
            out.append(" ".join(part.strip() if n else part
                                for n, part in enumerate(follow)))
    return out


def test_the_page_has_examples() -> None:
    assert len(blocks()) >= 7


def test_the_examples_run_and_print_what_the_page_says(tmp_path: Path) -> None:
    namespace: dict[str, object] = {"__name__": "docs_api"}
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        for block in blocks():
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102
            want = expected_output(block)
            got = [line for line in printed.getvalue().splitlines() if line]
            assert [" ".join(g.split()) for g in got] == [" ".join(w.split()) for w in want], \
                block
    finally:
        os.chdir(old)


def test_the_api_is_curated_and_cheap_to_import() -> None:
    names = set(l10n.__all__)
    assert {"read_catalog", "write_catalog", "merge", "sentences", "read_article",
            "compose_article", "Project", "from_polib", "to_polib", "L10nError"} <= names
    assert set(dir(l10n)) >= names
    for name in l10n.__all__:
        assert getattr(l10n, name) is not None
    with pytest.raises(AttributeError):
        l10n.no_such_thing  # noqa: B018
    code = ("import sys, l10n; "
            "print(sorted(m for m in sys.modules if m.startswith('l10n')))")
    env = {**os.environ, "PYTHONPATH": str(Path(l10n.__file__).parents[1])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert out.strip() == "['l10n']"


def test_every_public_name_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    undocumented = [n for n in l10n.__all__ if n != "__version__" and n not in text]
    assert not undocumented
