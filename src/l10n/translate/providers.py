"""Machine-translation services as small adapters over one ``httpx`` client.

``HttpBackend`` owns what they share: the client (TLS verification on, a timeout on every
request), the API key taken from an environment variable (never printed), and the retry
policy: timeouts, connection errors, 429 (honouring Retry-After) and 5xx are retried with
exponential backoff and jitter; other 4xx answers (bad key, bad language pair) will not
change and fail at once, and so does a connection refused by a server on this machine
(nothing listens on the port: it is not running); a body that is not the documented JSON
fails only its batch. Each provider adds its request and response shapes and says which
language pairs it serves (``pairs``).
"""

from __future__ import annotations

import email.utils
import os
import random
import re
import threading
import time
from collections.abc import Sequence
from typing import Any

import httpx

from l10n.errors import ConfigError
from l10n.translate import (
    BackendContext,
    BackendError,
    BatchError,
    ServerNotRunning,
    ServiceUnavailable,
    Translation,
)
from l10n.translate.glossary import primary

USER_AGENT = "l10n (gettext localisation toolkit)"
MAX_WAIT = 60.0  # never sleep longer than this between two tries, whatever Retry-After says
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"}


def _refused(exc: BaseException) -> bool:
    """True when a connection error is 'connection refused' (nothing listens there)."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, ConnectionRefusedError):
            return True
        cause = cause.__cause__ or cause.__context__
    return "connection refused" in str(exc).lower() or "errno 111" in str(exc).lower()


def is_local(url: str) -> bool:
    host = httpx.URL(url).host
    return host in LOCAL_HOSTS or host.startswith("127.")


def retry_after(response: httpx.Response) -> float | None:
    """Seconds asked by a Retry-After header (delta-seconds or an HTTP date)."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class HttpBackend:
    """Shared plumbing; subclasses set the class attributes and implement ``translate``."""

    name = "http"
    default_endpoint = ""
    key_env = ""  # default environment variable holding the API key
    key_required = False
    protect = True
    batch_size = 1
    concurrency = 4
    start_hint = ""  # how to start a local server of this kind, for a refused connection

    def __init__(self, context: BackendContext, transport: httpx.BaseTransport | None = None,
                 sleep: Any = time.sleep):
        self.context = context
        settings = context.settings
        self.endpoint = str(settings.get("endpoint") or self.default_endpoint).rstrip("/")
        if not re.match(r"^https?://[^/\s]+", self.endpoint):
            raise ConfigError(f"{self.name}: endpoint must be an http(s) URL, got "
                              f"'{self.endpoint}' (use --endpoint or translate.endpoint)")
        # Settings were checked when the project was loaded (l10n.config).
        self.timeout = float(settings.get("timeout", 30))
        self.retries = int(settings.get("retries", 5))
        self.concurrency = int(settings.get("concurrency", self.concurrency))
        self.batch_size = int(settings.get("batch_size", self.batch_size))
        self.key_variable = str(settings.get("api_key_env") or self.key_env)
        self.api_key = os.environ.get(self.key_variable, "") if self.key_variable else ""
        if self.key_required and not self.api_key:
            raise ConfigError(f"{self.name}: no API key; set the environment variable "
                              f"{self.key_variable or '(api_key_env)'}")
        self._sleep = sleep
        self._random = random.Random()
        self._lock = threading.Lock()
        self.requests = 0  # HTTP requests sent, retries included
        self.client = httpx.Client(
            transport=transport, timeout=httpx.Timeout(self.timeout), verify=True,
            headers={"User-Agent": USER_AGENT},
            limits=httpx.Limits(max_connections=max(self.concurrency, 1) * 2,
                                max_keepalive_connections=max(self.concurrency, 1) * 2))

    def close(self) -> None:
        self.client.close()

    # -- one request with the retry policy

    def backoff(self, attempt: int) -> float:
        with self._lock:
            jitter = self._random.uniform(0.5, 1.5)
        return min(MAX_WAIT, 0.5 * 2 ** attempt * jitter)

    def request(self, method: str, path: str, accept: tuple[int, ...] = (),
                **kwargs: Any) -> httpx.Response:
        """One request with the retry policy; a status in ``accept`` is returned as is."""
        last = ""
        for attempt in range(self.retries + 1):
            wait: float | None = None
            try:
                with self._lock:
                    self.requests += 1
                response = self.client.request(method, self.endpoint + path, **kwargs)
                response.read()
            except httpx.TimeoutException:
                last = f"no answer within {self.timeout:g} s"
            except httpx.TransportError as exc:
                if isinstance(exc, httpx.ConnectError) and _refused(exc) \
                        and is_local(self.endpoint):
                    raise ServerNotRunning(self.not_running()) from None
                last = f"connection failed ({type(exc).__name__})"
            else:
                status = response.status_code
                if status < 400 or status in accept:
                    return response
                if status in (408, 429) or status >= 500:
                    last = f"HTTP {status}{self.explain(response)}"
                    wait = retry_after(response) if status in (429, 503) else None
                else:
                    raise BackendError(self.refusal(response))
            if attempt < self.retries:
                self._sleep(min(MAX_WAIT, wait) if wait is not None else self.backoff(attempt))
        raise ServiceUnavailable(f"{self.name} at {self.endpoint}: {last} "
                                 f"(gave up after {self.retries + 1} tries)")

    def not_running(self) -> str:
        hint = self.start_hint or f"start the {self.name} server or give its address with " \
                                  "--endpoint"
        return (f"{self.name} at {self.endpoint}: connection refused, the server is not "
                f"running; {hint}")

    def explain(self, response: httpx.Response) -> str:
        """The service's own words about an error, if it sent any."""
        try:
            body = response.json()
        except ValueError:
            return ""
        if isinstance(body, dict):
            for key in ("explanation", "error", "message", "detail"):
                if isinstance(body.get(key), str) and body[key]:
                    return f": {body[key]}"
        return ""

    def refusal(self, response: httpx.Response) -> str:
        status = response.status_code
        why = self.explain(response)
        if status in (401, 403):
            hint = (f" (check the key in ${self.key_variable})" if self.key_variable
                    else " (this service needs an API key: set translate.api_key_env)")
            return f"{self.name} refused the request: HTTP {status}{why}{hint}"
        return f"{self.name} refused the request: HTTP {status}{why}"

    @staticmethod
    def json(response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            raise BatchError(f"malformed response (not JSON, {len(response.content)} "
                             "bytes)") from None


# -- Apertium APy

ISO639_3 = {"uk": "ukr", "ru": "rus", "en": "eng", "be": "bel", "pl": "pol", "es": "spa",
            "ca": "cat", "fr": "fra", "pt": "por", "it": "ita", "de": "deu", "kk": "kaz",
            "tt": "tat", "ba": "bak", "cs": "ces", "sk": "slk", "bg": "bul", "sr": "srp"}
FROM_ISO639_3 = {three: two for two, three in ISO639_3.items()}
# APy's marks: '#' a word it could not generate (shown as its lemma), '@' a word it could
# not translate. With markUnknown=no they stay, at the start of a word, and a '#' may be
# glued to the word before it ("всіх#станція" for "всех станциях").
_GENERATION_MARK = re.compile(r"(?<![\w#@])[#@](?=\w)")
_GLUED_MARK = re.compile(r"(?<=\w)#(?=\w)")


class ApertiumBackend(HttpBackend):
    """Apertium APy: one text per request, form-encoded, ``markUnknown=no``."""

    name = "apertium"
    default_endpoint = "http://127.0.0.1:2737"
    start_hint = "start it with scripts/apertium-apy (or give its address with --endpoint)"
    concurrency = 8
    max_chars = 8000  # APy silently truncates longer texts

    def pair(self, source: str, target: str) -> str:
        def code(lang: str) -> str:
            base = primary(lang)
            return ISO639_3.get(base, base)

        return f"{code(source)}|{code(target)}"

    def translate(self, texts: Sequence[str], source: str,
                  target: str) -> list[Translation | None]:
        return [self.translate_one(text, source, target) for text in texts]

    def translate_one(self, text: str, source: str, target: str) -> Translation | None:
        if len(text) > self.max_chars or not text.strip():
            return None
        response = self.request("POST", "/translate", data={
            "langpair": self.pair(source, target), "q": text, "markUnknown": "no",
            "format": "txt"})
        body = self.json(response)
        try:
            out = body["responseData"]["translatedText"]
        except (KeyError, TypeError):
            raise BatchError("malformed response (no responseData.translatedText)") from None
        if not isinstance(out, str):
            raise BatchError("malformed response (translatedText is not text)")
        return Translation(clean_marks(out, text)) if out.strip() else None

    def pairs(self) -> list[tuple[str, str]] | None:
        """The installed pairs (``/listPairs``), in two-letter codes where there is one."""
        response = self.request("GET", "/listPairs", accept=(404, 405))
        if response.status_code >= 400:
            return None
        body = self.json(response)
        try:
            found = [(p["sourceLanguage"], p["targetLanguage"]) for p in body["responseData"]]
        except (KeyError, TypeError):
            raise BatchError("malformed response to /listPairs") from None
        return [(_two_letter(a), _two_letter(b)) for a, b in found]


def _two_letter(code: str) -> str:
    base, sep, variant = str(code).partition("_")
    return FROM_ISO639_3.get(base, base) + sep + variant


def clean_marks(translated: str, source: str) -> str:
    """Drop APy's marks (#word, @word, word#word) that markUnknown=no leaves in place.

    A '#' glued to the word before it stands where the source had a space. Marks at the
    start of a word are left when the source has such marks itself (hashtags, handles).
    """
    out = translated if _GLUED_MARK.search(source) else _GLUED_MARK.sub(" ", translated)
    if "#" in source or "@" in source:
        return out  # the marks could be the author's own: leave them
    return _GENERATION_MARK.sub("", out)


# -- LibreTranslate


class LibreTranslateBackend(HttpBackend):
    """LibreTranslate: ``POST /translate`` with JSON, ``q`` as a list."""

    name = "libretranslate"
    default_endpoint = "http://127.0.0.1:5000"
    key_env = "LIBRETRANSLATE_API_KEY"
    batch_size = 25
    concurrency = 4

    def translate(self, texts: Sequence[str], source: str,
                  target: str) -> list[Translation | None]:
        payload: dict[str, Any] = {"q": list(texts), "source": primary(source),
                                   "target": primary(target), "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        body = self.json(self.request("POST", "/translate", json=payload))
        out = body.get("translatedText") if isinstance(body, dict) else None
        if not isinstance(out, list) or len(out) != len(texts) or \
                not all(isinstance(t, str) for t in out):
            raise BatchError("malformed response (translatedText is not a list of "
                             f"{len(texts)} texts)")
        return [Translation(t) if t.strip() else None for t in out]

    def languages(self) -> list[dict[str, Any]]:
        body = self.json(self.request("GET", "/languages"))
        if not isinstance(body, list):
            raise BatchError("malformed response to /languages")
        return body

    def pairs(self) -> list[tuple[str, str]] | None:
        """From ``/languages``: each language's ``targets`` (older servers list no targets:
        then every language to every other)."""
        response = self.request("GET", "/languages", accept=(404, 405))
        if response.status_code >= 400:
            return None
        body = self.json(response)
        if not isinstance(body, list) or not all(
                isinstance(item, dict) and isinstance(item.get("code"), str) for item in body):
            raise BatchError("malformed response to /languages")
        codes = [item["code"] for item in body]
        found = []
        for item in body:
            targets = item.get("targets")
            if not isinstance(targets, list):
                targets = codes
            found += [(item["code"], t) for t in targets
                      if isinstance(t, str) and t != item["code"]]
        return found


# -- DeepL API v2


class DeepLBackend(HttpBackend):
    """DeepL API v2: up to 50 texts per request, key in the Authorization header."""

    name = "deepl"
    default_endpoint = ""  # chosen from the key: free keys end with ':fx'
    key_env = "DEEPL_AUTH_KEY"
    key_required = True
    batch_size = 50
    concurrency = 2
    token_format = '<x id="{n}"/>'  # kept in place by tag_handling=xml
    # Keys of [translate.backends.deepl] beyond the common ones (see l10n.config).
    options = {"formality": ("default", "more", "less", "prefer_more", "prefer_less")}

    def __init__(self, context: BackendContext, transport: httpx.BaseTransport | None = None,
                 sleep: Any = time.sleep):
        if not context.settings.get("endpoint"):
            key = os.environ.get(str(context.settings.get("api_key_env") or self.key_env), "")
            self.default_endpoint = ("https://api-free.deepl.com" if key.endswith(":fx")
                                     else "https://api.deepl.com")
        super().__init__(context, transport, sleep)
        self.batch_size = min(self.batch_size, 50)
        self.formality = context.settings.get("formality")

    def translate(self, texts: Sequence[str], source: str,
                  target: str) -> list[Translation | None]:
        payload: dict[str, Any] = {"text": [_xml_text(t) for t in texts],
                                   "source_lang": deepl_code(source),
                                   "target_lang": deepl_code(target, target=True),
                                   "tag_handling": "xml"}
        if self.formality:
            payload["formality"] = self.formality
        response = self.request("POST", "/v2/translate", json=payload,
                                headers={"Authorization": f"DeepL-Auth-Key {self.api_key}"})
        body = self.json(response)
        items = body.get("translations") if isinstance(body, dict) else None
        if not isinstance(items, list) or len(items) != len(texts):
            raise BatchError(f"malformed response (translations is not a list of "
                             f"{len(texts)} items)")
        out: list[Translation | None] = []
        for item in items:
            text = item.get("text") if isinstance(item, dict) else None
            if not isinstance(text, str):
                raise BatchError("malformed response (translation without text)")
            out.append(Translation(_plain_text(text)) if text.strip() else None)
        return out

    def pairs(self) -> list[tuple[str, str]] | None:
        """Every source language of ``/v2/languages`` to every target language."""
        lists = []
        for kind in ("source", "target"):
            response = self.request("GET", "/v2/languages", accept=(404, 405),
                                    params={"type": kind},
                                    headers={"Authorization": f"DeepL-Auth-Key {self.api_key}"})
            if response.status_code >= 400:
                return None
            body = self.json(response)
            if not isinstance(body, list) or not all(
                    isinstance(item, dict) and isinstance(item.get("language"), str)
                    for item in body):
                raise BatchError("malformed response to /v2/languages")
            lists.append([item["language"].lower() for item in body])
        sources, targets = lists
        found = []
        for target in targets:
            names = {target, primary(target)}  # EN-GB also serves a target 'en'
            found += [(source, name) for source in sources for name in names
                      if primary(source) != primary(target)]
        return found

    def refusal(self, response: httpx.Response) -> str:
        if response.status_code == 456:
            return "deepl refused the request: HTTP 456, the account's character quota " \
                   "is used up"
        return super().refusal(response)


def deepl_code(lang: str, target: bool = False) -> str:
    base = primary(lang).upper()
    if target and base == "EN":
        return "EN-GB"
    if target and base == "PT":
        return "PT-PT"
    return base


_TOKEN = re.compile(r'(<x id="\d+"/>)')


def _xml_text(text: str) -> str:
    """Escape what tag_handling=xml would read as markup, keeping our own tokens."""
    return "".join(part if _TOKEN.fullmatch(part) else
                   part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                   for part in _TOKEN.split(text))


def _plain_text(text: str) -> str:
    return "".join(part if _TOKEN.fullmatch(part) else
                   part.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                   for part in _TOKEN.split(text))
