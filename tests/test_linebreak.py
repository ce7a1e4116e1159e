"""linebreak's prose fitting, which breaks lines without asking libunistring, against
libunistring's own opportunities (the oracle msgcat uses)."""

from __future__ import annotations

import itertools
import random
import re

import pytest

from l10n import linebreak

pytestmark = pytest.mark.skipif(not linebreak.exact_wrapping(),
                                reason="needs GNU libunistring")

# One character of each kind that prose fitting knows or must refuse: letters (Latin,
# Cyrillic), a digit, a space, stops, marks, quotation marks, brackets, a hyphen, dashes,
# a currency sign, a slash and a percent sign.
KINDS = "aя1 .,?'“»()[-—–$/%"


def reference(values: list[str], columns: int) -> dict[str, str]:
    """Each value's lines from column 0, fitted over libunistring's opportunities."""
    found = linebreak.opportunities(values, 0)
    return {v: '"\n"'.join(linebreak.break_at(v, found.marks, found.start[v], columns, 0))
            for v in values}


def check(values: list[str], columns: int) -> int:
    """Assert that every layout prose fitting gives is libunistring's; how many it gave."""
    fitted = {v: linebreak.fit_prose(v, columns) for v in values}
    known = [v for v, lines in fitted.items() if lines is not None]
    expected = reference(known, columns)
    wrong = [(v, fitted[v], expected[v]) for v in known if fitted[v] != expected[v]]
    assert not wrong, wrong[:5]
    return len(known)


@pytest.mark.parametrize(("columns", "kinds", "longest"), [
    (2, "a1 .,?'“»(-$/", 5), (3, "a1 .,?'“»(-$/", 5), (4, "a1 .?“(-", 6)])
def test_every_short_string_is_fitted_as_libunistring_does(columns: int, kinds: str,
                                                          longest: int) -> None:
    values = ["".join(t) for n in range(columns + 1, longest + 1)
              for t in itertools.product(kinds, repeat=n)]
    assert check(values, columns) > 200


LETTERS = [chr(c) for c in range(0x20, 0x500)
           if re.fullmatch(f"[{linebreak._LETTERS}]", chr(c))]


def random_prose(rng: random.Random) -> str:
    """Words of Latin and Cyrillic letters, numbers, punctuation and brackets around them,
    mostly single spaces between."""
    letters = LETTERS
    words = []
    for _ in range(rng.randint(1, 25)):
        word = "".join(rng.choice(letters) for _ in range(rng.randint(1, 12)))
        r = rng.random()
        if r < 0.15:
            word = rng.choice(["20.9", "67,784", "2024", "5", "1.000.000", "3:0", "U.S.",
                               "e.g.", "т.д.", "why?No", "a.m.", "1.a", "Hi!5"])
        elif r < 0.25:
            word = rng.choice("“«'([$—") + word
        if rng.random() < 0.3:
            word += rng.choice([".", ",", ":", ";", "?", "!", "”", "»", "’s", ")", "]", "%",
                                "-" + word, "/" + word, "—", "…", "."])
        words.append(word)
    return "".join(w + rng.choice([" "] * 12 + ["  ", "\u00a0", " – "]) for w in words)


@pytest.mark.parametrize("seed", range(3))
def test_random_prose_is_fitted_as_libunistring_does(seed: int) -> None:
    rng = random.Random(seed)
    values = list({random_prose(rng).strip() or "x" for _ in range(5000)})
    fitted = [check(values, columns) for columns in (8, 15, 30, 77)]
    assert min(fitted) > 150 and sum(fitted) > 3000, fitted


def marks_of(values: list[str]) -> dict[str, bytes]:
    """libunistring's opportunities in each value: a byte per character, 2 where a line
    may break before it."""
    found = linebreak.opportunities(values, 0)
    return {v: bytes(found.marks[found.start[v]:found.start[v] + len(v)]) for v in values}


def test_every_character_of_a_kind_breaks_like_the_others() -> None:
    """The kinds prose fitting relies on: each member has the same opportunities as the
    first one, next to every kind of neighbour, with and without a space between."""
    kinds = [LETTERS, list(linebreak._QUOTES), list(linebreak._STOPS), list(linebreak._MARKS),
             list("0123456789")]
    assert len(kinds[0]) > 600
    neighbours = KINDS + "b2"
    for members in kinds:
        first = members[0]
        texts = [(t.replace("@", other), t.replace("@", first)) for other in members[1:]
                 for n in neighbours for t in ("@" + n, n + "@", "@ " + n, n + " @")]
        marks = marks_of(list({t for pair in texts for t in pair}))
        wrong = [pair for pair in texts if marks[pair[0]] != marks[pair[1]]]
        assert not wrong, wrong[:5]


def test_prose_fitting_declines_what_it_cannot_tell() -> None:
    assert linebreak.fit_prose("multi-level multi-level", 8) is None  # a hyphen's break
    assert linebreak.fit_prose("a “quoted” word here", 6) is None  # a quote by a space
    assert linebreak.fit_prose("( see the note ) here", 6) is None  # an opening bracket
    assert linebreak.fit_prose("U.S. Senate votes", 8) == 'U.S. "\n"Senate "\n"votes'
    assert linebreak.fit_prose("up 20.9 percent", 7) == 'up "\n"20.9 "\n"percent'
