"""The compile step: binary ``.mo`` catalogs and the localised articles a newsroom publishes.

For every article and target language the ``.mo`` is written next to the ``.po``; the
article is composed and written to ``<dist>/<lang>/<slug>.<ext>`` only when enough of its
units are translated (the publication threshold, as po4a's ``--keep``). Catalogs are only
read, never written; outputs are rewritten only when their content changes.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from l10n import mofile
from l10n.compose import Alternate, Composition, compose, finish
from l10n.config import Config
from l10n.errors import ConfigError, L10nError
from l10n.formats import Format, TextHooks, format_for, registry
from l10n.model import Article, render

if TYPE_CHECKING:
    from l10n.project import Project, Report, Source

DEFAULT_THRESHOLD = 100.0


@dataclass(frozen=True)
class CompileSettings:
    """``[tool.l10n.compile]``, checked, with the command-line overrides applied."""

    threshold: float = DEFAULT_THRESHOLD
    per_language: dict[str, float] = field(default_factory=dict)
    min_translated: float | None = None  # --min-translated: overrides every threshold
    use_fuzzy: bool = False
    fallback: bool = True
    hreflang: bool = False
    date_line: re.Pattern[str] | None = None

    def required(self, lang: str) -> tuple[float, str]:
        """The percentage ``lang`` needs, and where that figure comes from."""
        if self.min_translated is not None:
            return self.min_translated, "--min-translated"
        if lang in self.per_language:
            return self.per_language[lang], f"compile.{lang}"
        return self.threshold, "compile.threshold"

    @property
    def preview(self) -> bool:
        return self.use_fuzzy or self.min_translated is not None


def settings(cfg: Config, min_translated: float | None = None,
             use_fuzzy: bool | None = None) -> CompileSettings:
    section = cfg.section("compile")
    where = _where(cfg)

    def percent(key: str, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not 0 <= value <= 100:
            raise ConfigError(f"'{where}{key}' must be a percentage from 0 to 100", cfg.file)
        return float(value)

    def flag(key: str, default: bool) -> bool:
        value = section.get(key, default)
        if not isinstance(value, bool):
            raise ConfigError(f"'{where}{key}' must be true or false", cfg.file)
        return value

    date_line = None
    if "date_line" in section:
        raw = section["date_line"]
        if not isinstance(raw, str) or not raw:
            raise ConfigError(f"'{where}date_line' must be a regular expression", cfg.file)
        try:
            date_line = re.compile(raw, re.MULTILINE)
        except re.error as exc:
            raise ConfigError(f"'{where}date_line' is not a valid regular expression: {exc}",
                              cfg.file) from None
    if min_translated is not None and not 0 <= min_translated <= 100:
        raise ConfigError("--min-translated must be a percentage from 0 to 100")
    per_language = {key: percent(key, value) for key, value in section.items()
                    if key not in _KEYS}
    return CompileSettings(
        threshold=percent("threshold", section.get("threshold", DEFAULT_THRESHOLD)),
        per_language=per_language,
        min_translated=min_translated,
        use_fuzzy=bool(use_fuzzy) or flag("use_fuzzy", False),
        fallback=flag("fallback", True),
        hreflang=flag("hreflang", False),
        date_line=date_line,
    )


_KEYS = {"threshold", "use_fuzzy", "hreflang", "date_line", "fallback"}


def _where(cfg: Config) -> str:
    return "tool.l10n.compile." if cfg.file.name == "pyproject.toml" else "compile."


@dataclass
class _Language:
    """One target language of one article, composed but not yet written."""

    lang: str
    out: Path
    composition: Composition
    publish: bool
    reason: str = ""


def compile_project(project: Project, min_translated: float | None = None,
                    use_fuzzy: bool | None = None) -> Report:
    from l10n.project import Report

    opts = settings(project.config, min_translated, use_fuzzy)
    report = Report()
    if opts.use_fuzzy:
        report.lines.append("preview: fuzzy translations are used (--use-fuzzy); "
                            "do not publish this output")
    if opts.min_translated is not None:
        report.lines.append(f"preview: publication threshold set to {opts.min_translated:g}% "
                            "by --min-translated")
    formats = registry()  # once per run: the lookup scans the installed entry points
    for src in project.sources():
        fmt = formats.get(src.path.suffix.lstrip(".").lower()) or format_for(src.path)
        _compile_article(project, src, fmt, opts, report)
    return report


def _compile_article(project: Project, src: Source, fmt: Format, opts: CompileSettings,
                     report: Report) -> None:
    hooks: TextHooks = fmt if isinstance(fmt, TextHooks) else TextHooks()
    dist = project.config.dist_path
    article: Article | None = None
    languages: list[_Language] = []
    catalogs = {}
    for lang in project.config.targets(src.slug):
        path = project.po_path(src.slug, lang)
        out = dist / lang / src.path.name
        if not path.exists():
            report.lines.append(f"{project.rel(out)}: not written: {project.rel(path)} is "
                                f"missing (run 'l10n update')")
            _remove_stale(project, out, report)
            continue
        catalog = project.read_catalog(path)
        project._check_language(catalog, lang, path)
        mo = path.with_suffix(".mo")
        project.write(mo, mofile.dumps(catalog), report)
        article = article or project.parse(src)
        catalogs[lang] = catalog
        comp = compose(article, catalog, lang, hooks, opts.use_fuzzy,
                       date_line=opts.date_line)
        languages.append(_decide(lang, out, comp, opts))
    if article is None:
        return
    published = [item for item in languages if item.publish]
    alternates: dict[str, list[Alternate]] = {}
    if opts.hreflang:
        outs = [(src.lang, dist / src.lang / src.path.name)]
        outs += [(item.lang, item.out) for item in published]
        order = {lang: k for k, lang in enumerate(project.config.languages)}
        outs.sort(key=lambda pair: order.get(pair[0], len(order)))
        for lang, out in outs:
            alternates[lang] = [(other, _href(out, other_out)) for other, other_out in outs]
        # The original is published too, so that every alternate link resolves.
        original = dist / src.lang / src.path.name
        text = finish(hooks, render(article), article, src.lang, alternates[src.lang])
        _write(project, original, text, report, f"{src.lang}, the original")
    for item in languages:
        comp = item.composition
        for unit in comp.rejected:
            report.lines.append(
                f"{project.rel(item.out)}: {article.path}:{unit.line}: the {item.lang} "
                f"translation of the {unit.position} was rejected by the {fmt.name} format "
                f"(it would break the document); the source text is used")
        if not item.publish:
            report.lines.append(f"{project.rel(item.out)}: not written: {item.reason}")
            _remove_stale(project, item.out, report)
            continue
        text = comp.text
        if item.lang in alternates:
            text = compose(article, catalogs[item.lang], item.lang, hooks, opts.use_fuzzy,
                           alternates=alternates[item.lang], date_line=opts.date_line).text
        _write(project, item.out, text, report, _summary(item.lang, comp))


def _decide(lang: str, out: Path, comp: Composition, opts: CompileSettings) -> _Language:
    need, source = opts.required(lang)
    counted = f"{comp.translated} of {comp.units} units"
    if comp.percent + 1e-9 < need:
        return _Language(lang, out, comp, False,
                         f"{lang} is {_pct(comp.percent)}% translated ({counted}), "
                         f"{need:g}% required ({source})")
    if comp.fallbacks and not opts.fallback:
        return _Language(lang, out, comp, False,
                         f"{lang} has {comp.fallbacks} untranslated units and fallback to "
                         "the source text is off")
    return _Language(lang, out, comp, True)


def decide(lang: str, comp: Composition, opts: CompileSettings) -> tuple[bool, str]:
    """Whether the compile step publishes ``comp`` in ``lang``, and if not, why (for the
    review site, which shows what compile would do without writing anything)."""
    item = _decide(lang, Path(), comp, opts)
    return item.publish, item.reason


def _summary(lang: str, comp: Composition) -> str:
    parts = [f"{lang}, {comp.translated} of {comp.units} units translated"]
    if comp.fallbacks:
        parts.append(f"{comp.fallbacks} in the source language")
    if comp.fuzzy:
        parts.append(f"{comp.fuzzy} fuzzy")
    if comp.dates:
        parts.append(f"{comp.dates} date localised" + ("s" if comp.dates > 1 else ""))
    return ", ".join(parts)


def _pct(value: float) -> str:
    """A percentage that never rounds up to the threshold it missed."""
    floored = int(value * 10) / 10
    return f"{floored:g}"


def _href(frm: Path, to: Path) -> str:
    return Path(os.path.relpath(to, frm.parent)).as_posix()


def _write(project: Project, path: Path, text: str, report: Report, what: str) -> None:
    # The project writes at the end of the step, once every input was found valid.
    state = "unchanged" if _holds(path, text.encode("utf-8")) else "written"
    project.write(path, text, report)
    report.lines.append(f"{project.rel(path)}: {state} ({what})")


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _remove_stale(project: Project, out: Path, report: Report) -> None:
    """An earlier output (e.g. a preview) must not stay published once it is held back."""
    if not out.is_file():
        return
    try:
        out.unlink()
    except OSError as exc:
        raise L10nError(f"cannot remove the previous output: {exc.strerror}", out) from None
    report.lines.append(f"{project.rel(out)}: removed the previous output")
    with contextlib.suppress(OSError):
        out.parent.rmdir()  # only when empty
