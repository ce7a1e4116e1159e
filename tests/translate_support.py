"""Helpers shared by the translate tests: small projects on disk and fake backends."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Sequence
from pathlib import Path

from l10n import pipeline, pofile
from l10n.project import Project
from l10n.translate import Translation

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "source" / "zelenskyy-iohannis-security-guarantees.txt"
SEED_SLUG = SEED.stem
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_project(root: Path, translate: str = "", languages: Sequence[str] = ("uk", "ru"),
                 articles: dict[str, str] | None = None) -> Project:
    """A project with the given articles (slug -> English text), extracted and updated."""
    (root / "source").mkdir(parents=True, exist_ok=True)
    if articles is None:
        shutil.copy(SEED, root / "source" / SEED.name)
    else:
        for slug, text in articles.items():
            (root / "source" / f"{slug}.txt").write_text(text, encoding="utf-8")
    langs = ", ".join(f'"{code}"' for code in languages)
    (root / "l10n.toml").write_text(
        f'source_language = "en"\nlanguages = [{langs}]\n\n[translate]\n{translate}\n',
        encoding="utf-8")
    project = Project.load(root)
    pipeline.extract(project)
    pipeline.update(project)
    return project


def seed_uk_translations() -> dict[str, tuple[str, bool]]:
    """msgid -> (Ukrainian msgstr, fuzzy) from the test fixture."""
    catalog = pofile.read(FIXTURES / "seed-uk.po")
    return {m.msgid: (m.msgstr, m.fuzzy) for m in catalog.messages if m.msgid}


def fill_catalog(path: Path, translations: dict[str, tuple[str, bool]]) -> int:
    """Write the given translations into a catalog on disk; returns how many matched."""
    catalog = pofile.read(path)
    found = 0
    for msg in catalog.messages:
        if msg.msgid in translations:
            msg.msgstr, msg.fuzzy = translations[msg.msgid][0], translations[msg.msgid][1]
            found += 1
    path.write_text(pofile.dumps(catalog), encoding="utf-8")
    return found


class EchoBackend:
    """Translates by tagging: '[ru] text'. Records every call."""

    name = "echo"
    batch_size = 3
    concurrency = 2

    def __init__(self, fail_after: int | None = None, interrupt_after: int | None = None):
        self.calls: list[list[str]] = []
        self.fail_after = fail_after
        self.interrupt_after = interrupt_after
        self._lock = threading.Lock()

    @property
    def texts(self) -> list[str]:
        return [t for call in self.calls for t in call]

    def translate(self, texts: Sequence[str], source: str,
                  target: str) -> list[Translation | None]:
        with self._lock:
            if self.interrupt_after is not None and len(self.calls) >= self.interrupt_after:
                raise KeyboardInterrupt
            self.calls.append(list(texts))
        return [Translation(f"[{target}] {t}") for t in texts]


class FakeLibreTranslate:
    """A LibreTranslate-shaped HTTP server on 127.0.0.1 for tests through the real CLI.

    ``/languages`` lists ``pairs``; ``/translate`` upper-cases the letters of each text
    (tokens and markup characters stay as they are) and records what it was sent.
    """

    def __init__(self, pairs: dict[str, list[str]]):
        import http.server
        import json
        import re

        received: list[str] = []
        self.received = received
        letters = re.compile(r"[^\W\d_]+")

        class Handler(http.server.BaseHTTPRequestHandler):
            def _send(self, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                self._send([{"code": code, "name": code, "targets": targets}
                            for code, targets in pairs.items()])

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                received.extend(body["q"])
                self._send({"translatedText": [letters.sub(lambda m: m.group().upper(), q)
                                               for q in body["q"]]})

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeLibreTranslate:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
