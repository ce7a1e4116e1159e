"""HTTP providers against httpx.MockTransport: request shapes, success and error paths."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest

from l10n.errors import ConfigError
from l10n.translate import (
    BackendContext,
    BackendError,
    BatchError,
    ServiceUnavailable,
    create,
)
from l10n.translate.driver import Suggester
from l10n.translate.protect import mask, restore
from l10n.translate.providers import (
    ApertiumBackend,
    DeepLBackend,
    LibreTranslateBackend,
    clean_marks,
    retry_after,
)


def context(**settings) -> BackendContext:
    return BackendContext(Path("."), Path("locales"), settings)


class Recorder:
    """A MockTransport handler that replays scripted answers and records requests."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer(request) if callable(answer) else answer


def backend(cls, handler, **settings):
    sleeps: list[float] = []
    b = cls(context(**settings), transport=httpx.MockTransport(handler),
            sleep=sleeps.append)
    b.sleeps = sleeps
    return b


def apy_ok(text: str) -> httpx.Response:
    return httpx.Response(200, json={"responseData": {"translatedText": text},
                                     "responseDetails": None, "responseStatus": 200})


# -- Apertium APy


def test_apertium_request_shape_and_mark_cleaning():
    rec = Recorder(apy_ok("Зеленський провів #розмову з @колегою."))
    b = backend(ApertiumBackend, rec, endpoint="http://apy.test:2737/")
    [out] = b.translate(["Зеленский провел разговор с коллегой."], "ru", "uk")
    assert out.text == "Зеленський провів розмову з колегою."
    [req] = rec.requests
    assert req.method == "POST" and str(req.url) == "http://apy.test:2737/translate"
    form = parse_qs(req.content.decode())
    assert form == {"langpair": ["rus|ukr"], "q": ["Зеленский провел разговор с коллегой."],
                    "markUnknown": ["no"], "format": ["txt"]}


def test_apertium_one_request_per_text_and_long_texts_skipped():
    rec = Recorder(lambda r: apy_ok("→" + parse_qs(r.content.decode())["q"][0]))
    b = backend(ApertiumBackend, rec)
    out = b.translate(["один", "два", "x" * 8001], "uk", "ru")
    assert [o.text if o else None for o in out] == ["→один", "→два", None]
    assert len(rec.requests) == 2


def test_apertium_list_pairs():
    rec = Recorder(httpx.Response(200, json={"responseData": [
        {"sourceLanguage": "rus", "targetLanguage": "ukr"},
        {"sourceLanguage": "cat_valencia", "targetLanguage": "xyz"}], "responseStatus": 200}))
    assert backend(ApertiumBackend, rec).pairs() == [("ru", "uk"), ("ca_valencia", "xyz")]
    assert rec.requests[0].url.path == "/listPairs"
    old_server = Recorder(httpx.Response(404))
    assert backend(ApertiumBackend, old_server).pairs() is None  # cannot tell


def test_clean_marks_leaves_authors_marks():
    assert clean_marks("#що і @де, email: a@b", "що і де") == "що і де, email: a@b"
    assert clean_marks("#тег", "#тег") == "#тег"


def test_clean_marks_glued_to_the_word_before():
    # APy's answer for "На всех станциях метро" (ru→uk) with markUnknown=no
    assert clean_marks("На всіх#станція метро", "На всех станциях метро") == \
        "На всіх станція метро"
    assert clean_marks("#тег і всіх#станція", "#тег и всех станциях") == "#тег і всіх станція"
    assert clean_marks("C# і F#", "C# и F#") == "C# і F#"  # not before a word: kept


def test_429_with_retry_after_is_honoured_then_succeeds():
    rec = Recorder(httpx.Response(429, headers={"Retry-After": "7"}), apy_ok("так"))
    b = backend(ApertiumBackend, rec)
    assert b.translate(["да"], "ru", "uk")[0].text == "так"
    assert b.sleeps == [7.0]
    assert len(rec.requests) == 2


def test_retry_after_as_http_date():
    when = "Wed, 21 Oct 2015 07:28:00 GMT"
    assert retry_after(httpx.Response(429, headers={"Retry-After": when})) == 0.0
    assert retry_after(httpx.Response(429)) is None


def test_500_and_timeouts_are_retried_with_growing_backoff():
    rec = Recorder(httpx.Response(500), httpx.ReadTimeout("slow"),
                   httpx.ConnectError("refused"), apy_ok("так"))
    b = backend(ApertiumBackend, rec, retries=5)
    assert b.translate(["да"], "ru", "uk")[0].text == "так"
    assert len(b.sleeps) == 3
    assert all(0.25 <= s <= 60 for s in b.sleeps)
    assert b.sleeps[2] > b.sleeps[0]  # 0.5 s x 4 x jitter >= 1 s > 0.5 s x 1 x jitter
    assert b.requests == 4


def test_after_the_retry_budget_the_service_is_unavailable():
    rec = Recorder(httpx.Response(503, json={"explanation": "internal error"}))
    b = backend(ApertiumBackend, rec, retries=2)
    with pytest.raises(ServiceUnavailable, match="internal error.*3 tries"):
        b.translate(["да"], "ru", "uk")
    assert len(rec.requests) == 3


def test_unknown_pair_fails_fast():
    body = {"status": "error", "code": 400, "message": "Bad Request",
            "explanation": "That pair is not installed"}
    rec = Recorder(httpx.Response(400, json=body))
    b = backend(ApertiumBackend, rec)
    with pytest.raises(BackendError, match="That pair is not installed"):
        b.translate(["hello"], "en", "ru")
    assert len(rec.requests) == 1 and b.sleeps == []


@pytest.mark.parametrize("response", [
    httpx.Response(200, content=b"<html>oops</html>"),
    httpx.Response(200, content='{"responseData": {"translatedText": "обр'.encode()),  # truncated
    httpx.Response(200, json={"responseData": None}),
    httpx.Response(200, json={"responseData": {"translatedText": 5}}),
])
def test_malformed_answers_are_batch_errors(response):
    b = backend(ApertiumBackend, Recorder(response))
    with pytest.raises(BatchError, match="malformed"):
        b.translate(["да"], "ru", "uk")


def test_body_cut_off_mid_stream_is_retried():
    class Cut(httpx.SyncByteStream):
        def __iter__(self):
            yield b'{"responseData": '
            raise httpx.RemoteProtocolError("peer closed connection")

    rec = Recorder(httpx.Response(200, stream=Cut()), apy_ok("так"))
    b = backend(ApertiumBackend, rec)
    assert b.translate(["да"], "ru", "uk")[0].text == "так"
    assert len(rec.requests) == 2


def test_bad_endpoint_is_a_configuration_error():
    with pytest.raises(ConfigError, match="endpoint"):
        create("apertium", context(endpoint="ftp://nowhere"))


# -- LibreTranslate


def test_libretranslate_request_shape(monkeypatch):
    monkeypatch.setenv("LT_KEY", "lt-secret")
    rec = Recorder(httpx.Response(200, json={"translatedText": ["Привіт", "Світ"]}))
    b = backend(LibreTranslateBackend, rec, endpoint="https://lt.test", api_key_env="LT_KEY")
    out = b.translate(["Привет", "Мир"], "ru", "uk")
    assert [o.text for o in out] == ["Привіт", "Світ"]
    [req] = rec.requests
    assert req.method == "POST" and req.url.path == "/translate"
    assert json.loads(req.content) == {"q": ["Привет", "Мир"], "source": "ru", "target": "uk",
                                       "format": "text", "api_key": "lt-secret"}


def test_libretranslate_languages_and_errors():
    rec = Recorder(httpx.Response(200, json=[{"code": "uk", "name": "Ukrainian"}]))
    assert backend(LibreTranslateBackend, rec).languages()[0]["code"] == "uk"
    rec = Recorder(httpx.Response(403, json={"error": "Invalid API key"}))
    with pytest.raises(BackendError, match="403: Invalid API key"):
        backend(LibreTranslateBackend, rec).translate(["a"], "en", "uk")
    rec = Recorder(httpx.Response(400, json={"error": "xx is not supported"}))
    with pytest.raises(BackendError, match="not supported"):
        backend(LibreTranslateBackend, rec).translate(["a"], "en", "xx")
    rec = Recorder(httpx.Response(200, json={"translatedText": "not a list"}))
    with pytest.raises(BatchError):
        backend(LibreTranslateBackend, rec).translate(["a"], "en", "uk")


# -- DeepL


def test_deepl_request_shape_and_key_handling(monkeypatch):
    monkeypatch.setenv("DEEPL_AUTH_KEY", "abc-123:fx")
    rec = Recorder(httpx.Response(200, json={"translations": [
        {"detected_source_language": "RU", "text": 'Ціна <x id="1"/> &amp; більше'}]}))
    b = backend(DeepLBackend, rec)
    [out] = b.translate(['Цена <x id="1"/> & больше'], "ru", "uk")
    assert out.text == 'Ціна <x id="1"/> & більше'
    [req] = rec.requests
    assert str(req.url) == "https://api-free.deepl.com/v2/translate"
    assert req.headers["Authorization"] == "DeepL-Auth-Key abc-123:fx"
    assert json.loads(req.content) == {"text": ['Цена <x id="1"/> &amp; больше'],
                                       "source_lang": "RU", "target_lang": "UK",
                                       "tag_handling": "xml"}
    assert b.batch_size == 50


def test_deepl_without_key_says_which_variable_and_never_the_key(monkeypatch):
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    with pytest.raises(ConfigError, match="DEEPL_AUTH_KEY"):
        DeepLBackend(context())


@pytest.mark.parametrize("status,pattern", [(403, "403.*DEEPL_AUTH_KEY"), (456, "quota"),
                                            (401, "401")])
def test_deepl_refusals_fail_fast(monkeypatch, status, pattern):
    monkeypatch.setenv("DEEPL_AUTH_KEY", "very-secret-key")
    rec = Recorder(httpx.Response(status, json={"message": "nope"}))
    b = backend(DeepLBackend, rec)
    with pytest.raises(BackendError, match=pattern) as info:
        b.translate(["a"], "en", "uk")
    assert "very-secret-key" not in str(info.value)
    assert len(rec.requests) == 1


def test_deepl_429_then_ok_and_wrong_count_is_batch_error(monkeypatch):
    monkeypatch.setenv("DEEPL_AUTH_KEY", "k")
    rec = Recorder(httpx.Response(429, headers={"Retry-After": "1"}),
                   httpx.Response(200, json={"translations": [{"text": "a"}]}))
    b = backend(DeepLBackend, rec)
    assert b.translate(["x"], "en", "uk")[0].text == "a"
    assert b.sleeps == [1.0]
    rec = Recorder(httpx.Response(200, json={"translations": [{"text": "a"}]}))
    with pytest.raises(BatchError):
        backend(DeepLBackend, rec).translate(["x", "y"], "en", "uk")


# -- protection through a provider


def test_tokens_round_trip_through_a_provider_and_broken_ones_are_discarded():
    def answer(request):
        q = parse_qs(request.content.decode())["q"][0]
        return apy_ok(q.replace("⟦2⟧", "") if "drop" in q else q.upper())

    b = backend(ApertiumBackend, Recorder(answer))
    suggester = Suggester(b, concurrency=2)
    got = {}
    texts = ["visit https://example.org/a?b=1 at 10:30, %(name)s", "drop 5 and 6"]
    suggester.run([("en", "uk", t) for t in texts], lambda rs: got.update(rs))
    assert got[("en", "uk", texts[0])].text == \
        "VISIT https://example.org/a?b=1 AT 10:30, %(name)s"
    assert got[("en", "uk", texts[1])] is None
    assert suggester.stats.discarded == 1


@pytest.mark.parametrize("text", [
    "<b>Bold</b> and <a href=\"https://x.org\">link</a> &amp; more",
    "Mail news@rbc.ua or www.rbc.ua/news.",
    "{count} items, {0} and ${x} and {{ y }} and %1$s at 9:00 on 17.11.2023",
    "  leading and trailing  ",
])
def test_mask_restore_round_trip(text):
    m = mask(text)
    assert restore(m, m.text) == text
    for span in m.spans:
        assert span not in m.text or span.isspace()


def test_run_stops_cleanly_after_the_retry_budget_with_work_saved(tmp_path: Path):
    from l10n import pofile
    from l10n.translate.driver import translate_project
    from translate_support import make_project

    articles = {"a": "Title\n\nFirst sentence. Second sentence. Third sentence.\n"}
    project = make_project(tmp_path, articles=articles, translate="concurrency = 1",
                           languages=["ru"])
    calls = {"n": 0}

    def answer(request):
        if request.url.path == "/listPairs":
            return httpx.Response(200, json={"responseData": [
                {"sourceLanguage": "eng", "targetLanguage": "rus"}]})
        calls["n"] += 1
        if calls["n"] <= 2:
            return apy_ok("ок " + parse_qs(request.content.decode())["q"][0])
        return httpx.Response(502)

    b = backend(ApertiumBackend, Recorder(answer), retries=2)
    with pytest.raises(ServiceUnavailable, match="HTTP 502.*saved: run again"):
        translate_project(project, backend_instance=b)
    ru = pofile.read(project.po_path("a", "ru"))
    assert sum(m.msgstr.startswith("ок ") for m in ru.messages) == 2
    assert len(b.sleeps) == 2
