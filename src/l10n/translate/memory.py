"""The offline backend: a translation memory built from the project's own catalogs.

Every translated, non-fuzzy entry of every ``.po`` in the project is a memory segment.
At this stage only exact matches are offered.
"""

from __future__ import annotations

from collections.abc import Sequence

from l10n import pofile
from l10n.translate import BackendContext, Translation


class MemoryBackend:
    name = "memory"

    def __init__(self, context: BackendContext):
        self.context = context
        self._memories: dict[str, dict[str, tuple[str, str]]] = {}

    def _memory(self, target: str) -> dict[str, tuple[str, str]]:
        if target not in self._memories:
            memory: dict[str, tuple[str, str]] = {}
            folder = self.context.locales / target / "LC_MESSAGES"
            for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
                for msg in pofile.read(path).messages:
                    if msg.translated and msg.msgid_plural is None:
                        memory.setdefault(msg.msgid, (msg.msgstr, path.stem))
            self._memories[target] = memory
        return self._memories[target]

    def translate(self, texts: Sequence[str], source: str,
                  target: str) -> list[Translation | None]:
        memory = self._memory(target)
        out: list[Translation | None] = []
        for text in texts:
            hit = memory.get(text)
            out.append(Translation(hit[0], 100.0, f"exact match from {hit[1]}") if hit else None)
        return out
