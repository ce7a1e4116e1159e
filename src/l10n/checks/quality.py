"""Quality checks on one translated sentence: each returns messages about what is wrong.

The checks compare the source with the translation: what must survive translation
unchanged (placeholders, markup, URLs, numbers) and what usually should (final punctuation,
surrounding whitespace, a sensible length, the glossary's terms).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from l10n.checks.glossary import Term, missing_terms
from l10n.checks.numbers import missing_numbers
from l10n.checks.validity import directive_spans

MarkupChecker = Callable[[str, str], list[str]]


@dataclass
class Context:
    source_lang: str
    target_lang: str
    terms: list[Term] = field(default_factory=list)  # glossary rows for the target language
    length_ratio: tuple[float, float] = (0.5, 2.0)
    min_length: int = 20  # shorter sources vary too much in length to judge
    # The source format's markup_problems(source, translation), when it has one.
    markup_checker: MarkupChecker | None = None
    # Of the entry being checked: its flags (c-format, python-format...: their directives
    # are the format check's to judge), and whether the plural form at hand is used for a
    # few numbers only (n = 1), so that it may leave the number out.
    flags: tuple[str, ...] = ()
    few: bool = False


QualityCheck = Callable[[str, str, Context], list[str]]

# Characters without which a check has nothing to compare: most sentences have none.
_PLACEHOLDER_HINT = re.compile(r"[{%$]")
_MARKUP_HINT = re.compile(r"[<*_`\[]")
_URL_HINT = re.compile(r"://|@|www\.", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def _diff(name: str, want: Counter[str], have: Counter[str]) -> list[str]:
    missing = want - have
    extra = have - want
    parts = []
    if missing:
        parts.append("missing from the translation: " + ", ".join(sorted(missing)))
    if extra:
        parts.append("not in the source: " + ", ".join(sorted(extra)))
    return [f"{name} " + "; ".join(parts)] if parts else []


_PLACEHOLDER_RE = re.compile(
    r"\{\{\s*[\w.]+\s*\}\}"  # {{ name }} (templates)
    r"|\{[\w.\[\]]*(?:![rsa])?(?::[^{}\s]*)?\}"  # {name}, {0}, {} (str.format)
    r"|%\([\w.]+\)[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"  # %(name)s
    r"|%\{\w+\}"  # %{name}
    r"|\$\{\w+\}"  # ${name}
    r"|(?<![A-Za-z0-9%])%(?:\d+\$)?[-+#0]*\d*(?:\.\d+)?[sdif](?![A-Za-z])"  # %s %d %1$s
)


def _placeholders(text: str) -> tuple[set[str], Counter[str]]:
    """Named placeholders (``{name}``, ``%(name)s``, ``%1$s``...), which a translation may
    use once or several times, and anonymous ones (``%s``, ``{}``), which it must use as
    often as the source."""
    named: set[str] = set()
    anonymous: Counter[str] = Counter()
    for p in _PLACEHOLDER_RE.findall(text):
        if p in ("{}",) or (p[0] == "%" and p[1] != "(" and p[1] != "{" and "$" not in p):
            anonymous[p] += 1
        else:
            named.add(p)
    return named, anonymous


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def placeholders(source: str, translation: str, ctx: Context) -> list[str]:
    if not _PLACEHOLDER_HINT.search(source) and not _PLACEHOLDER_HINT.search(translation):
        return []  # the common case, decided without the full pattern
    if ctx.flags:
        # Directives of the entry's own format are the format check's (with msgfmt's
        # rules); what is left is compared here.
        source = _without(source, directive_spans(source, list(ctx.flags)))
        translation = _without(translation, directive_spans(translation, list(ctx.flags)))
    want_named, want_anonymous = _placeholders(source)
    have_named, have_anonymous = _placeholders(translation)
    want = Counter(want_named) + want_anonymous
    have = Counter(have_named) + have_anonymous
    if ctx.few:  # a form for n = 1 may say "one" instead of "%d"
        want &= have
    return _diff("placeholders", want, have)


_TAG_RE = re.compile(r"<(/?)([A-Za-z][\w:-]*)(?:\s[^<>]*?)?(/?)>")
_CODE_RE = re.compile(r"(`+)(.+?)\1")
_LINK_RE = re.compile(r"(!?)\[[^\]\n]*\]\(([^)\s]*)[^)]*\)")
# GNU-style quotes (`like this'), common in older catalogs: quotation, not a code span.
_GNU_QUOTE_RE = re.compile(r"`([^`'\n]+)'(?![\w'])")
# Emphasis counts as a span with both its delimiters (a lone "*" or "(_)" is just text).
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(?:.*?\S)?\1")
_EM_RE = re.compile(r"(?<![\w*\\])\*(?=[^\s*])(?:[^*\n]*?[^\s*\\])?\*(?![\w*])"
                    r"|(?<![\w_\\])_(?=[^\s_])(?:[^_\n]*?[^\s_\\])?_(?![\w_])")


def _markup(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for m in _TAG_RE.finditer(text):
        found[f"<{m.group(1)}{m.group(2).lower()}{m.group(3)}>"] += 1
    text = _TAG_RE.sub(" ", text)
    if "'" in text:
        text = _GNU_QUOTE_RE.sub(r" \1 ", text)
    for m in _CODE_RE.finditer(text):
        found[f"`{m.group(2)}`"] += 1  # code is not translated
    text = _CODE_RE.sub(" ", text)
    for m in _LINK_RE.finditer(text):
        found[f"{'image' if m.group(1) else 'link'} to {m.group(2)}"] += 1
    text = _LINK_RE.sub(" ", text)
    strong = len(_STRONG_RE.findall(text))
    if strong:
        found["**"] = strong
    em = len(_EM_RE.findall(_STRONG_RE.sub(" ", text)))
    if em:
        found["*"] = em
    return found


def markup(source: str, translation: str, ctx: Context) -> list[str]:
    if ctx.markup_checker is not None:
        return ctx.markup_checker(source, translation)
    if not _MARKUP_HINT.search(source) and not _MARKUP_HINT.search(translation):
        return []
    return _diff("markup", _markup(source), _markup(translation))


_URL_CHARS = r"[^\s<>\"'«»“”‘’\u3000-\u303f\uff01-\uff0f\u200e\u200f]"
_URL_RE = re.compile(rf"\b(?:https?|ftp)://{_URL_CHARS}+|\bwww\.{_URL_CHARS}+"
                     rf"|\bmailto:{_URL_CHARS}+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _urls(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for url in _URL_RE.findall(text):
        url = url.rstrip(".,;:!?")
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        found[url] += 1
    return found


def urls(source: str, translation: str, ctx: Context) -> list[str]:
    if not _URL_HINT.search(source) and not _URL_HINT.search(translation):
        return []
    return _diff("URLs or e-mail addresses", _urls(source), _urls(translation))


def numbers(source: str, translation: str, ctx: Context) -> list[str]:
    if ctx.few or not _DIGIT.search(source):
        return []  # a plural form for n = 1 may write "one" or nothing for "1"
    missing = missing_numbers(source, ctx.source_lang, translation, ctx.target_lang)
    if not missing:
        return []
    return [("numbers " if len(missing) > 1 else "number ") + ", ".join(missing)
            + " of the source not found in the translation"]


_CLOSERS = "\"'”’»›)]}\u201c\u201e"
_FINAL = {".": "period", "。": "period", "?": "question mark", "？": "question mark",
          "؟": "question mark", "!": "exclamation mark", "！": "exclamation mark",
          ":": "colon", "：": "colon", ";": "semicolon", ",": "comma", "…": "ellipsis"}


_ABBREVIATION_END = re.compile(r"(?:^|[\s\d])[a-zа-яёіїєґ]{1,3}\.$")
_FINAL_RUN = re.compile(r"[?!？！؟]+$")
_QUESTION = re.compile("[?？؟]")


def final_punctuation(text: str) -> str:
    """The kind of punctuation a sentence ends with, looking through closing quotes."""
    t = text.rstrip().rstrip(_CLOSERS + " \u00a0")
    if t.endswith(("...", "…")):
        return "ellipsis"
    run = _FINAL_RUN.search(t)
    if run:
        return "question mark" if _QUESTION.search(run.group()) else "exclamation mark"
    return _FINAL.get(t[-1:], "none")


def punctuation(source: str, translation: str, ctx: Context) -> list[str]:
    a, b = final_punctuation(source), final_punctuation(translation)
    if a == b:
        return []
    # "У 2024 р." / "В 2024 г." / "etc.": the period of an abbreviation is not the end of
    # a sentence, so it may stand where the other text has no final punctuation.
    if {a, b} == {"period", "none"} and _ABBREVIATION_END.search(
            source if a == "period" else translation):
        return []
    return [f"source ends with {_kind(a)}, translation with {_kind(b)}"]


def _kind(name: str) -> str:
    if name == "none":
        return "no final punctuation"
    return ("an " if name[0] in "aeiou" else "a ") + name


def whitespace(source: str, translation: str, ctx: Context) -> list[str]:
    parts = []
    for where, a, b in (("leading", source[:1].isspace(), translation[:1].isspace()),
                        ("trailing", source[-1:].isspace(), translation[-1:].isspace())):
        if a != b:
            parts.append(f"{where} whitespace {'missing from' if a else 'added to'} "
                         "the translation")
    return ["; ".join(parts)] if parts else []


_WORD_RE = re.compile(r"[^\W\d_][\w'’.-]*")


def _worth_translating(text: str) -> bool:
    """False for text made only of names, codes and numbers ("NATO", "Volodymyr
    Zelenskyy", "F-16"), which a translation may rightly leave as it is."""
    if _URL_RE.fullmatch(text.strip()):
        return False
    words = _WORD_RE.findall(_URL_RE.sub(" ", text))
    return any(w[0].islower() for w in words)


def identical(source: str, translation: str, ctx: Context) -> list[str]:
    if ctx.source_lang.split("_")[0].split("-")[0] == ctx.target_lang.split("_")[0] \
            .split("-")[0]:
        return []
    if translation.strip() == source.strip() and _worth_translating(source):
        return ["translation is identical to the source"]
    return []


def glossary(source: str, translation: str, ctx: Context) -> list[str]:
    return [f"term '{t.term}' should be rendered as '{t.translation}'"
            for t in missing_terms(ctx.terms, source, translation)]


def length(source: str, translation: str, ctx: Context) -> list[str]:
    if len(source.strip()) < ctx.min_length:
        return []
    ratio = len(translation.strip()) / len(source.strip())
    low, high = ctx.length_ratio
    if ratio < low:
        return [f"translation is {ratio:.2f} times the length of the source "
                f"(expected at least {low:g})"]
    if ratio > high:
        return [f"translation is {ratio:.2f} times the length of the source "
                f"(expected at most {high:g})"]
    return []


QUALITY: dict[str, QualityCheck] = {
    "placeholders": placeholders,
    "markup": markup,
    "urls": urls,
    "numbers": numbers,
    "punctuation": punctuation,
    "whitespace": whitespace,
    "identical": identical,
    "glossary": glossary,
    "length": length,
}
