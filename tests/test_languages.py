"""Language codes compared as languages, and Plural-Forms read once, as msgfmt reads it."""

from __future__ import annotations

import pytest

from l10n import languages
from l10n.languages import (
    GERMANIC,
    PluralFormsError,
    is_known,
    parse_plural_forms,
    plural_problems,
    plural_rule,
    same_language,
)
from l10n.model import Catalog, Message


def test_a_language_code_is_known_as_babel_knows_it() -> None:
    """The configuration's codes are checked without importing babel when they name one
    of its data files; the answer is babel's, for those and for every other code."""
    import os

    from babel import Locale, UnknownLocaleError

    def babel_knows(code: str) -> bool:
        try:
            Locale.parse(code)
        except (UnknownLocaleError, ValueError, TypeError):
            return False
        return True

    folder = languages._babel_data_folder()
    assert folder is not None
    names = sorted(n[:-4] for n in os.listdir(folder) if n.endswith(".dat"))
    assert len(names) > 500 and {"uk", "ru", "en", "en_US_POSIX", "sr_Latn"} <= set(names)
    assert all(languages._has_data_file(name) for name in names)
    assert all(babel_knows(name) for name in names)
    odd = ["uk-UA", "UK", "uk_ua", "xx", "ukr", "", "../uk", "uk/../ru", "uk.dat", "en_US@x",
           "ua", "root", "und", "uk_UA.UTF-8", "zh_Hant_TW", "tlh", "123"]
    for code in odd:
        assert is_known(code) == babel_knows(code), code
    assert not languages._has_data_file("../uk") and not languages._has_data_file("uk/../ru")


@pytest.mark.parametrize(("declared", "folder"), [
    ("uk_UA", "uk"), ("uk", "uk_UA"), ("zh_CN", "zh_Hans"), ("zh_TW", "zh_Hant"),
    ("sr@latin", "sr_Latn"), ("sr_Latn", "sr@latin"), ("uk-UA", "uk"), ("pt", "pt_BR"),
    ("zh_TW.Big5", "zh_TW"), ("udm", "udm"), ("de_DE", "de"), ("ca@valencia", "ca"),
])
def test_the_same_language(declared: str, folder: str):
    assert same_language(declared, folder)


@pytest.mark.parametrize(("declared", "folder"), [
    ("uk", "ru"), ("zh_TW", "zh_Hans"), ("zh_CN", "zh_Hant"), ("pt_PT", "pt_BR"),
    ("sr", "sr_Latn"), ("sr@latin", "sr"), ("udm", "ru"), ("en_GB", "en_US"),
])
def test_another_language(declared: str, folder: str):
    assert not same_language(declared, folder)


def test_a_rule_as_msgfmt_reads_it():
    rule = parse_plural_forms("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
                              "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);")
    assert [rule.index(n) for n in (1, 2, 5, 11, 21, 22, 25, 111)] == [0, 1, 2, 2, 0, 1, 2, 2]
    assert rule.nplurals == 3 and rule.often(0) and rule.often(1) and rule.often(2)
    assert rule.same_rule(plural_rule("uk"))  # babel writes it differently
    he = parse_plural_forms("nplurals=3; plural=(n == 1 ? 0 : n == 2 ? 1 : 2);")
    assert he.only_for(0) == 1 and he.only_for(1) == 2 and not he.often(1)
    assert not he.same_rule(GERMANIC)


@pytest.mark.parametrize(("value", "reason"), [
    ("nplurals=2; plural=n%10;", "values as large as 2"),
    ("nplurals=2; plural=n/0;", "division by zero"),
    ("nplurals=2; plural=(n;", "invalid plural expression"),
    ("nplurals=two; plural=n != 1;", "invalid nplurals"),
    ("nplurals=2; plural=n-2;", "negative values"),
    ("nplurals=2", "no plural=EXPRESSION"),
])
def test_rules_msgfmt_refuses(value: str, reason: str):
    with pytest.raises(PluralFormsError, match=reason):
        parse_plural_forms(value)


def test_only_translated_plural_entries_count():
    catalog = Catalog(headers={"Plural-Forms": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;"},
                      messages=[
                          Message(msgid="a", msgid_plural="as", msgstr_plural=[""], lineno=5),
                          Message(msgid="b", msgid_plural="bs", msgstr_plural=["x", "y"],
                                  flags=["fuzzy"], lineno=9),
                          Message(msgid="c", msgid_plural="cs", msgstr_plural=["x", "y"],
                                  lineno=14)])
    rule, problems = plural_problems(catalog)
    assert rule.nplurals == 3
    assert problems == [(14, "2 msgstr[n] forms, but Plural-Forms says nplurals=3")]
