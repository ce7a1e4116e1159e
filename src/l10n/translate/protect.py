"""Keep what a machine must not translate out of its reach.

Inline markup (HTML tags; Markdown emphasis, code spans, link and image brackets with their
targets, backslash escapes), entities, URLs, e-mail addresses, format placeholders and
numbers are replaced by opaque tokens before a text goes to a service, and put back
afterwards: the words between the markup are translated, the markup is not touched. A
suggestion that lost, duplicated or invented a token is unusable: ``restore`` returns None
and the driver counts it as discarded instead of writing a damaged translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Order matters: the first alternative that matches at a position wins.
_PATTERNS = [
    r"<[A-Za-z/!][^<>]*>",  # inline markup
    r"&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#x[0-9A-Fa-f]+);",  # entities
    # Markdown: a code span whole (code is never translated), backslash escapes, the
    # brackets of links and images with their target, emphasis runs that open or close
    # (next to text on one side only: '5 * 3', 'a*b' and snake_case stay text).
    r"``[^`](?:[^`]|`(?!`))*``|`[^`]+`",
    r"\\[!-/:-@\[-`{-~]",
    r"!?\[(?=[^\[\]]*\][(\[])",
    r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)",
    r"\]\[[^\[\]]*\]",
    r"(?<![\w*])\*{1,3}(?=[^\s*])|(?<=[^\s*])\*{1,3}(?![\w*])",
    r"(?<!\w)_{1,3}(?=[^\s_])|(?<=[^\s_])_{1,3}(?!\w)",
    r"(?:https?|ftp)://[^\s<>\"']*[^\s<>\"'.,;:!?)\]}»”]",  # URLs, without closing punctuation
    r"www\.[^\s<>\"']*[^\s<>\"'.,;:!?)\]}»”]",
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail addresses
    r"%\([A-Za-z_]\w*\)[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]",  # %(name)s
    r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]",  # %s, %1$d
    r"\{\{[^{}]*\}\}|\$\{[^{}]*\}|\{[A-Za-z0-9_.:!\[\]-]*\}",  # {{x}}, ${x}, {name}, {0}
    r"\w*\d\w*(?:[.,:/]\d+)*",  # numbers, dates, times and codes such as G7
]
PROTECTED = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))


@dataclass(frozen=True)
class Masked:
    text: str  # what is sent
    spans: tuple[str, ...]  # original text of token n+1
    tokens: tuple[str, ...]  # the tokens as written in ``text``
    lead: str  # whitespace around the text: services strip it
    trail: str


def mask(text: str, token_format: str = "⟦{n}⟧") -> Masked:
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):] if core else ""
    spans: list[str] = []
    tokens: list[str] = []

    def replace(m: re.Match[str]) -> str:
        spans.append(m.group(0))
        tokens.append(token_format.format(n=len(spans)))
        return tokens[-1]

    masked = PROTECTED.sub(replace, core)
    return Masked(masked, tuple(spans), tuple(tokens), lead, trail)


def restore(masked: Masked, translated: str) -> str | None:
    """The translation with its tokens put back, or None when a token did not survive."""
    out = translated.strip()
    if not masked.tokens:
        return masked.lead + out + masked.trail
    found = _TOKEN_SHAPE.findall(out) if masked.tokens[0].startswith("⟦") else None
    if found is not None and len(found) != len(masked.tokens):
        return None  # an extra or missing token
    for token, span in zip(masked.tokens, masked.spans, strict=True):
        if out.count(token) != 1:
            return None
        out = out.replace(token, span)
    return masked.lead + out + masked.trail


_TOKEN_SHAPE = re.compile(r"⟦\d+⟧")
