"""The validity checks give GNU ``msgfmt -c``'s verdict, case by case.

Each case is one entry (or one header) that a real catalog may carry: format directives
with and without plural forms, newlines, Plural-Forms values. The test writes it into a
catalog, asks the installed msgfmt, and requires the same verdict from l10n's validity
checks: an error when msgfmt refuses the file, none when it accepts it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from l10n.check import check_file
from l10n.checks import CHECKS, ERROR

UK = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
      "(n%100<10 || n%100>=20) ? 1 : 2);")
UK4 = ("nplurals=4; plural=(n % 1 == 0 && n % 10 == 1 && n % 100 != 11 ? 0 : n % 1 == 0 "
       "&& n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : n % 1 == 0 "
       "&& (n % 10 ==0 || (n % 10 >=5 && n % 10 <=9) || (n % 100 >=11 && n % 100 <=14 )) "
       "? 2: 3);")
HE = "nplurals=3; plural=(n == 1 && n % 1 == 0) ? 0 : (n == 2 && n % 1 == 0) ? 1: 2;"
AR = ("nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
      "n%100>=11 && n%100<=99 ? 4 : 5;")
DE = "nplurals=2; plural=(n != 1);"
JA = "nplurals=1; plural=0;"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def entry(flags: str, msgid: str, msgstr: str | list[str], plural: str | None = None,
          fuzzy: bool = False) -> str:
    flag_line = ", ".join(f for f in (["fuzzy"] if fuzzy else []) + ([flags] if flags else []))
    lines = [f"#, {flag_line}"] if flag_line else []
    lines.append(f"msgid {_q(msgid)}")
    if plural is None:
        assert isinstance(msgstr, str)
        lines.append(f"msgstr {_q(msgstr)}")
    else:
        lines.append(f"msgid_plural {_q(plural)}")
        lines += [f"msgstr[{i}] {_q(form)}" for i, form in enumerate(msgstr)]
    return "\n".join(lines) + "\n"


CASES: list[tuple[str, str, str]] = [
    # id, Plural-Forms (or "" for none), entry
    ("py-same", UK, entry("python-format", "%(name)s wrote", "%(name)s написав")),
    ("py-missing-named", UK, entry("python-format", "%(name)s wrote %(n)d", "%(name)s писав")),
    ("py-unknown-named", UK, entry("python-format", "%(name)s wrote", "%(імя)s написав")),
    ("py-swapped-types", UK, entry("python-format", "%s wrote %d", "%d писав %s")),
    ("py-both-strings", UK, entry("python-format", "%s wrote", "%r писав")),
    ("py-named-type", UK, entry("python-format", "%(n)d items", "%(n)s штук")),
    ("py-zero-precision", UK, entry("python-format", "%(n)d items", "%(n).0s штук")),
    ("py-msgid-mixed", UK, entry("python-format", "%(a)s and %s", "щось")),
    ("py-msgstr-unterminated", UK, entry("python-format", "%(a)s", "%(a")),
    ("py-msgid-invalid-percent", UK, entry("python-format", "100%", "100 відсотків")),
    ("py-space-flag", UK, entry("python-format", "Delete %(things)s", "Scrios %(things) r")),
    ("py-glued", UK, entry("python-format", "Submit %d forms", "Biko nyefee%d fomụ")),
    ("py-letter-after", UK, entry("python-format", "Add %s", "Aldoni %sn")),
    ("py-width", UK, entry("python-format", "%(value).1f MB", "%(value)1f MB")),
    ("py-strftime", UK, entry("python-format", "%b %d, %Y", "%-d %b %Y")),
    ("py-percent-literal", UK, entry("python-format", "%d%% done", "%d%% готово")),
    ("py-percent-lost", UK, entry("python-format", "%d%% done", "%d готово")),
    ("py-star", UK, entry("python-format", "%*d", "%d")),
    # plural forms: msgid_plural is the reference; forms for a few numbers are relaxed
    ("py-he-singular-omits-named", HE,
     entry("python-format", "%(num)d year", ["שנה", "שנתיים", "%(num)d שנים"],
           "%(num)d years")),
    ("py-he-often-form-omits-named", HE,
     entry("python-format", "%(num)d year", ["שנה", "שנתיים", "שנים"], "%(num)d years")),
    ("py-directive-only-in-plural", UK4,
     entry("python-format", "an hour ago",
           ["%(count)s годину тому", "%(count)s години тому", "%(count)s годин тому",
            "%(count)s годин тому"], "%(count)s hours ago")),
    ("py-uk-form0-omits", UK,
     entry("python-format", "an hour ago", ["годину тому", "%(count)s години тому",
                                            "%(count)s годин тому"], "%(count)s hours ago")),
    ("py-de-singular-omits-unnamed", DE,
     entry("python-format", "one file", ["eine Datei", "%d Dateien"], "%d files")),
    ("py-de-singular-omits-named", DE,
     entry("python-format", "one file", ["eine Datei", "%(n)d Dateien"], "%(n)d files")),
    ("py-ar-zero-form-omits", AR,
     entry("python-format", "%(sel)s of %(cnt)s selected",
           ["لا شي محدد", "%(sel)s من %(cnt)s", "%(sel)s من %(cnt)s", "%(sel)s من %(cnt)s",
            "%(sel)s من %(cnt)s", "%(sel)s من %(cnt)s"], "%(sel)s of %(cnt)s selected")),
    ("py-ja-one-form", JA,
     entry("python-format", "%(n)d file", ["%(n)d ファイル"], "%(n)d files")),
    ("py-ja-one-form-omits", JA, entry("python-format", "%(n)d file", ["ファイル"],
                                       "%(n)d files")),
    ("py-only-msgstr0", UK, entry("python-format", "%d file", ["файл"], "%d files")),
    ("py-empty-second-form", UK,
     entry("python-format", "%(n)d file", ["%(n)d файл", "", "%(n)d файлів"], "%(n)d files")),
    # python-brace-format
    ("brace-same", UK, entry("python-brace-format", "{name} wrote {count}",
                             "{name} написав {count}")),
    ("brace-bad-name", UK, entry("python-brace-format", "{name} wrote {count}",
                                 "{імʼя} написав {count} слів")),
    ("brace-repeat-once", UK, entry("python-brace-format", "The {name} was added; add "
                                    "another {name}", "{name} додано")),
    ("brace-missing", UK, entry("python-brace-format", "{name} wrote {count}", "{name}")),
    ("brace-attribute", UK, entry("python-brace-format", "{a.b} and {c}", "{a} і {c}")),
    ("brace-spec-dropped", UK, entry("python-brace-format", "{x:>10}", "{x}")),
    ("brace-index", UK, entry("python-brace-format", "{a[0]}", "{a[0]}")),
    ("brace-spec", UK, entry("python-brace-format", "{x:>10} and {y:.2f}", "{x:>10} {y:.2f}")),
    ("brace-conversion", UK, entry("python-brace-format", "{x!r}", "{y}")),
    ("brace-positional", UK, entry("python-brace-format", "{0} of {1}", "{1} з {0}")),
    ("brace-escaped", UK, entry("python-brace-format", "{{x}} {y}", "{y} {{x}}")),
    ("brace-unterminated", UK, entry("python-brace-format", "{y}", "{y")),
    ("brace-plural-extra", UK,
     entry("python-brace-format", "{n} file", ["{n} файл {x}", "{n} файли", "{n} файлів"],
           "{n} files")),
    # javascript-format
    ("js-same", UK, entry("javascript-format", "%s selected", "%s обрано")),
    ("js-missing", UK, entry("javascript-format", "%s of %s", "%s")),
    ("js-type", UK, entry("javascript-format", "%s items", "%d штук")),
    ("js-positions", UK, entry("javascript-format", "%1$s of %2$s", "%2$s з %1$s")),
    # c-format
    ("c-same", UK, entry("c-format", "%s wrote %d words", "%s написав %d слів")),
    ("c-swapped", UK, entry("c-format", "%s wrote %d words", "%d слів написав %s")),
    ("c-positions", UK, entry("c-format", "%s wrote %d words", "%2$d слів написав %1$s")),
    ("c-signedness", UK, entry("c-format", "%d files", "%u файлів")),
    ("c-size", UK, entry("c-format", "%ld files", "%d файлів")),
    ("c-plural-singular-omits", DE, entry("c-format", "one file", ["eine Datei", "%d Dateien"],
                                          "%d files")),
    ("c-plural-often-omits", DE, entry("c-format", "%d file", ["%d Datei", "Dateien"],
                                       "%d files")),
    # newlines
    ("nl-end", UK, entry("", "line\n", "рядок")),
    ("nl-begin", UK, entry("", "\nline", "\nрядок\n")),
    ("nl-plural-empty-form", UK, entry("", "a file\n", ["файл\n", "", "файлів\n"], "files\n")),
    ("nl-msgid-plural", UK, entry("", "a file\n", ["файл\n", "файли\n", "файлів\n"], "files")),
    # entries msgfmt does not check
    ("fuzzy-broken", UK, entry("python-format", "%(n)d", "нічого", fuzzy=True)),
    ("untranslated-plural-short", UK, entry("python-format", "%d file", [""], "%d files")),
    ("untranslated-first-form", UK, entry("", "file\n", ["", "файли", "файлів"], "files\n")),
    # Plural-Forms
    ("uk-four-forms", UK4, entry("", "file", ["файл", "файли", "файлів", "файла"], "files")),
    ("uk-three-forms-of-four", UK4, entry("", "file", ["файл", "файли", "файлів"], "files")),
    ("index-out-of-range", "nplurals=2; plural=n%10;", entry("", "a", "б")),
    ("division-by-zero", "nplurals=2; plural=n/(n-n);", entry("", "a", "б")),
    ("unbalanced", "nplurals=3; plural=(n==1 ? 0 : 1;", entry("", "a", "б")),
    ("garbage-after", "nplurals=2; plural=n != 1 x;", entry("", "a", "б")),
    ("nplurals-word", "nplurals=two; plural=n != 1;", entry("", "a", "б")),
    ("nplurals-zero", "nplurals=0; plural=0;", entry("", "a", "б")),
    ("no-plural-expression-no-plurals", "nplurals=2", entry("", "a", "б")),
    ("no-plural-expression-plurals", "nplurals=2",
     entry("", "file", ["файл", "файли"], "files")),
    ("no-header-field-plurals", "", entry("", "file", ["файл", "файли"], "files")),
    ("no-header-field-no-plurals", "", entry("", "a", "б")),
    ("wrapping-subtraction", "nplurals=2; plural=(n-1)%2;", entry("", "a", "б")),
    ("not-and-or", "nplurals=2; plural=!(n==1) || n>=2 && 0;", entry("", "a", "б")),
    ("tabs", "nplurals=2;\tplural=\t(n != 1);", entry("", "a", "б")),
]


def _catalog(plural_forms: str, body: str) -> str:
    head = ['msgid ""', 'msgstr ""', '"Project-Id-Version: t\\n"',
            '"PO-Revision-Date: 2024-01-01 00:00+0000\\n"', '"Last-Translator: t <t@t>\\n"',
            '"Language-Team: t\\n"', '"Language: uk\\n"', '"MIME-Version: 1.0\\n"',
            '"Content-Type: text/plain; charset=UTF-8\\n"',
            '"Content-Transfer-Encoding: 8bit\\n"']
    if plural_forms:
        head.append(f'"Plural-Forms: {plural_forms}\\n"')
    return "\n".join(head) + "\n\n" + body


@pytest.mark.parametrize(("plural_forms", "body"), [pytest.param(p, b, id=i)
                                                     for i, p, b in CASES])
def test_validity_agrees_with_msgfmt(tmp_path: Path, plural_forms: str, body: str):
    path = tmp_path / "case.po"
    path.write_text(_catalog(plural_forms, body), encoding="utf-8")
    proc = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True, errors="replace", check=False)
    ours = [p for p in check_file(path, "uk").problems
            if p.severity == ERROR and CHECKS[p.check].group == "validity"]
    assert bool(ours) == (proc.returncode != 0), (proc.stderr, ours)


def test_the_cases_cover_both_verdicts(tmp_path: Path):
    # A sanity check on the list itself: msgfmt refuses some cases and accepts others.
    verdicts = set()
    for case_id, plural_forms, body in CASES:
        path = tmp_path / f"{case_id}.po"
        path.write_text(_catalog(plural_forms, body), encoding="utf-8")
        verdicts.add(subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                                    capture_output=True, check=False).returncode != 0)
    assert verdicts == {True, False}
