"""Read and write gettext .po/.pot files.

The writer produces the layout GNU ``msgcat`` produces (width 79 by default), so that
our rewrites and a translator's tools do not fight in diffs. The reader reports the file,
line and cause of every syntax error.
"""

from __future__ import annotations

import re
from pathlib import Path

from l10n.errors import CatalogError
from l10n.model import Catalog, Message

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
_UNESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\", "\a": "\\a",
              "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_ESCAPE_RE = re.compile(r'\\(?:([ntr"\\abfv])|([0-7]{1,3})|x([0-9a-fA-F]+)|(.?))', re.S)
_KEYWORDS = ("msgctxt", "msgid_plural", "msgid", "msgstr")


def _unquote(token: str, path: str, lineno: int) -> str:
    token = token.strip()
    if len(token) < 2 or token[0] != '"' or token[-1] != '"' \
            or _odd_backslashes(token[1:-1]):
        raise CatalogError("unterminated string", path, lineno)
    body = token[1:-1]

    def sub(m: re.Match[str]) -> str:
        if m.group(1):
            return _ESCAPES[m.group(1)]
        if m.group(2):
            return chr(int(m.group(2), 8))
        if m.group(3):
            return chr(int(m.group(3), 16))
        raise CatalogError(f"invalid escape sequence '\\{m.group(4)}'", path, lineno)

    if '"' in body.replace('\\\\', '').replace('\\"', ''):
        raise CatalogError("unexpected '\"' inside a string", path, lineno)
    return _ESCAPE_RE.sub(sub, body) if "\\" in body else body


def _odd_backslashes(body: str) -> bool:
    n = len(body) - len(body.rstrip("\\"))
    return n % 2 == 1


class _Entry:
    """Accumulates one entry while parsing."""

    def __init__(self) -> None:
        self.msg = Message(msgid="")
        self.fields: dict[str, list[str]] = {}
        self.prev: dict[str, list[str]] = {}
        self.started = False  # a keyword was seen
        self.has_comments = False
        self.obsolete_kw = False


def parse(text: str, path: str | Path = "<string>") -> Catalog:
    """Parse the text of a .po/.pot file into a Catalog."""
    path = str(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    catalog = Catalog()
    entries: list[Message] = []
    cur = _Entry()
    last_field: list[str] | None = None
    last_kw = ""
    seen: dict[tuple[str | None, str], int] = {}

    def finish(lineno: int) -> None:
        nonlocal cur, last_field, last_kw
        if not cur.started:
            if cur.has_comments and not entries and not catalog.headers:
                pass  # stray comments at end of file are dropped like msgcat does
            cur = _Entry()
            last_field = None
            last_kw = ""
            return
        f = cur.fields
        m = cur.msg
        if "msgid" not in f:
            raise CatalogError("entry without msgid", path, m.lineno)
        m.msgid = "".join(f["msgid"])
        if "msgctxt" in f:
            m.msgctxt = "".join(f["msgctxt"])
        if "msgid_plural" in f:
            m.msgid_plural = "".join(f["msgid_plural"])
            forms = sorted(k for k in f if k.startswith("msgstr["))
            if not forms:
                raise CatalogError("missing msgstr[0]", path, m.lineno)
            m.msgstr_plural = ["".join(f[k]) for k in
                               sorted(forms, key=lambda k: int(k[7:-1]))]
        else:
            if "msgstr" not in f:
                raise CatalogError("missing msgstr", path, m.lineno)
            m.msgstr = "".join(f["msgstr"])
        for key, attr in (("msgctxt", "previous_msgctxt"), ("msgid", "previous_msgid"),
                          ("msgid_plural", "previous_msgid_plural")):
            if key in cur.prev:
                setattr(m, attr, "".join(cur.prev[key]))
        if not m.obsolete:
            if m.key in seen:
                raise CatalogError(
                    f"duplicate message definition (first defined at line {seen[m.key]})",
                    path, m.lineno)
            seen[m.key] = m.lineno
        if m.msgid == "" and m.msgctxt is None and not m.obsolete and not entries \
                and not catalog.headers:
            catalog.header_comments = m.translator_comments
            catalog.header_flags = m.flags
            catalog.headers = _parse_headers(m.msgstr, path, m.lineno)
            catalog.headers.setdefault("__seen__", "1")
        else:
            entries.append(m)
        cur = _Entry()
        last_field = None
        last_kw = ""

    lines = text.split("\n")
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        stripped = line.strip()
        if not stripped:
            if cur.started:
                finish(lineno)
            continue
        obsolete = False
        prev = False
        if stripped.startswith("#~"):
            obsolete = True
            stripped = stripped[2:].lstrip()
            if stripped.startswith("|"):
                prev = True
                stripped = stripped[1:].lstrip()
            if not stripped:
                continue
        elif stripped.startswith("#|"):
            prev = True
            stripped = stripped[2:].lstrip()
        elif stripped.startswith("#"):
            if cur.started and cur.fields.get("msgstr") is not None or cur.started and any(
                    k.startswith("msgstr") for k in cur.fields):
                finish(lineno)
            if not cur.started and not cur.has_comments:
                cur.msg.lineno = lineno
            cur.has_comments = True
            kind = stripped[1:2]
            rest = stripped[2:]
            if kind == ".":
                cur.msg.extracted_comments.append(rest[1:] if rest.startswith(" ") else rest)
            elif kind == ":":
                cur.msg.references.extend(rest.split())
            elif kind == ",":
                cur.msg.flags.extend(f.strip() for f in rest.split(",") if f.strip())
            else:
                body = stripped[1:]
                cur.msg.translator_comments.append(body[1:] if body.startswith(" ") else body)
            continue
        if prev:
            kw, _, value = stripped.partition(" ")
            if kw in ("msgctxt", "msgid", "msgid_plural"):
                if cur.started and any(k.startswith("msgstr") for k in cur.fields):
                    finish(lineno)
                cur.prev[kw] = [_unquote(value, path, lineno)]
                last_field = cur.prev[kw]
                cur.has_comments = True
                if not cur.msg.lineno:
                    cur.msg.lineno = lineno
            elif stripped.startswith('"') and last_field is not None:
                last_field.append(_unquote(stripped, path, lineno))
            else:
                raise CatalogError(f"syntax error in previous-msgid comment: {stripped[:30]!r}",
                                   path, lineno)
            continue
        if stripped.startswith('"'):
            if last_field is None:
                raise CatalogError("string continuation without a keyword", path, lineno)
            last_field.append(_unquote(stripped, path, lineno))
            continue
        m = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(.*)$", stripped)
        if not m:
            raise CatalogError(f"syntax error: unexpected {stripped[:30]!r}", path, lineno)
        kw = m.group(1)
        base = "msgstr" if kw.startswith("msgstr") else kw
        if base in ("msgctxt", "msgid") and cur.started and (
                any(k.startswith("msgstr") for k in cur.fields)):
            finish(lineno)
        if base == "msgid" and "msgid" in cur.fields:
            raise CatalogError("msgid without msgstr before it", path, lineno)
        if base == "msgctxt" and ("msgctxt" in cur.fields or "msgid" in cur.fields):
            raise CatalogError("msgctxt after msgid", path, lineno)
        if base == "msgstr" and "msgid" not in cur.fields:
            raise CatalogError("msgstr before msgid", path, lineno)
        if kw == "msgid_plural" and "msgid" not in cur.fields:
            raise CatalogError("msgid_plural before msgid", path, lineno)
        if base == "msgstr" and kw in cur.fields:
            raise CatalogError(f"duplicate {kw}", path, lineno)
        if kw == "msgstr" and "msgid_plural" in cur.fields:
            raise CatalogError("msgstr without index after msgid_plural", path, lineno)
        if kw.startswith("msgstr[") and "msgid_plural" not in cur.fields:
            raise CatalogError(f"{kw} without msgid_plural", path, lineno)
        if not cur.started:
            cur.started = True
            if not cur.has_comments:
                cur.msg.lineno = lineno
        if obsolete:
            cur.msg.obsolete = True
        if not m.group(3):
            raise CatalogError(f"{kw} without a string", path, lineno)
        cur.fields[kw] = [_unquote(m.group(3), path, lineno)]
        last_field = cur.fields[kw]
        last_kw = kw
    finish(len(lines))
    del last_kw
    catalog.headers.pop("__seen__", None)
    catalog.messages = entries
    return catalog


def _parse_headers(text: str, path: str, lineno: int) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in text.split("\n"):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise CatalogError(f"malformed header line {line!r}", path, lineno)
        headers[key.strip()] = value.strip()
    return headers


def read(path: str | Path) -> Catalog:
    """Read a .po/.pot file; non-UTF-8 files and syntax errors raise CatalogError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError("not valid UTF-8 (l10n catalogs are UTF-8)", path, line) from None
    catalog = parse(text, path)
    ctype = catalog.headers.get("Content-Type", "")
    cs = re.search(r"charset=([\w-]+)", ctype)
    if cs and cs.group(1).upper() not in ("UTF-8", "UTF8", "CHARSET"):
        raise CatalogError(f"charset {cs.group(1)} is not supported; use UTF-8", path, 1)
    return catalog


# ---------------------------------------------------------------------------- writing

def _escape(s: str) -> str:
    out = []
    for ch in s:
        out.append(_UNESCAPES.get(ch, ch))
    return "".join(out)


def _wrap_string(prefix: str, keyword: str, value: str, width: int) -> list[str]:
    """Lay out ``keyword "value"`` the way msgcat does, returning full lines."""
    head = f"{prefix}{keyword} "
    # Split after each newline, as gettext does.
    pieces: list[str] = []
    start = 0
    for i, ch in enumerate(value):
        if ch == "\n":
            pieces.append(value[start:i + 1])
            start = i + 1
    if start < len(value) or not pieces:
        pieces.append(value[start:])
    escaped = [_escape(p) for p in pieces]
    if width <= 0 or (len(escaped) == 1 and len(head) + len(escaped[0]) + 2 <= width):
        if len(escaped) == 1:
            return [f'{head}"{escaped[0]}"']
    multiline = len(pieces) > 1
    one = "".join(escaped)
    if not multiline and (width <= 0 or len(head) + len(one) + 2 <= width):
        return [f'{head}"{one}"']
    lines = [f'{head}""']
    for piece in escaped:
        lines.extend(f'{prefix}"{chunk}"' for chunk in _chunks(piece, width - len(prefix) - 2))
    return lines


_BREAK_RE = re.compile(r"[^\s-]*(?:-(?=[^\W\d_])|\s+|$)|[^\s]+")


def _chunks(s: str, avail: int) -> list[str]:
    """Break an escaped string after spaces so that each chunk fits in ``avail`` columns."""
    if avail <= 0 or len(s) <= avail:
        return [s]
    words = _BREAK_RE.findall(s) or [s]
    out: list[str] = []
    cur = ""
    for w in words:
        if cur and len(cur) + len(w) > avail:
            out.append(cur)
            cur = w
        else:
            cur += w
    if cur or not out:
        out.append(cur)
    return out


def _wrap_refs(prefix: str, refs: list[str], width: int) -> list[str]:
    lines: list[str] = []
    cur = prefix
    for ref in refs:
        if cur != prefix and len(cur) + 1 + len(ref) > width:
            lines.append(cur)
            cur = prefix
        cur += " " + ref
    if cur != prefix:
        lines.append(cur)
    return lines


def _message_lines(m: Message, width: int) -> list[str]:
    out: list[str] = []
    for c in m.translator_comments:
        out.append(f"# {c}" if c else "#")
    p = "#~ " if m.obsolete else ""
    if not m.obsolete:
        for c in m.extracted_comments:
            out.append(f"#. {c}" if c else "#.")
        if m.references:
            out.extend(_wrap_refs("#:", m.references, width))
    flags = m.flags if not m.obsolete else [f for f in m.flags if f == "fuzzy"]
    if flags:
        out.append("#, " + ", ".join(flags))
    pp = "#~| " if m.obsolete else "#| "
    if m.previous_msgctxt is not None:
        out.extend(_wrap_string(pp, "msgctxt", m.previous_msgctxt, width))
    if m.previous_msgid is not None:
        out.extend(_wrap_string(pp, "msgid", m.previous_msgid, width))
    if m.previous_msgid_plural is not None:
        out.extend(_wrap_string(pp, "msgid_plural", m.previous_msgid_plural, width))
    if m.msgctxt is not None:
        out.extend(_wrap_string(p, "msgctxt", m.msgctxt, width))
    out.extend(_wrap_string(p, "msgid", m.msgid, width))
    if m.msgid_plural is not None:
        out.extend(_wrap_string(p, "msgid_plural", m.msgid_plural, width))
        for i, s in enumerate(m.msgstr_plural):
            out.extend(_wrap_string(p, f"msgstr[{i}]", s, width))
    else:
        out.extend(_wrap_string(p, "msgstr", m.msgstr, width))
    return out


def dumps(catalog: Catalog, width: int = 79) -> str:
    """Serialise a catalog in msgcat's canonical layout."""
    blocks: list[list[str]] = []
    if catalog.headers or catalog.header_comments:
        header = Message(msgid="", msgstr="".join(f"{k}: {v}\n" for k, v in
                                                 catalog.headers.items()),
                         translator_comments=list(catalog.header_comments),
                         flags=list(catalog.header_flags))
        blocks.append(_message_lines(header, width))
    for m in catalog.messages:
        if not m.obsolete:
            blocks.append(_message_lines(m, width))
    for m in catalog.messages:
        if m.obsolete:
            blocks.append(_message_lines(m, width))
    return "\n".join("\n".join(b) + "\n" for b in blocks)


def read_relative(path: Path, shown: str) -> Catalog:
    """Read ``path`` but name it ``shown`` (relative to the project) in errors."""
    try:
        return read(path)
    except CatalogError as exc:
        raise CatalogError(exc.message, shown, exc.line) from None
