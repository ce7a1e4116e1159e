"""Memories kept between builds (``l10n.memstore``): a memory made from a stored one and
the groups that changed since answers exactly as one made from scratch; a stored memory
or entries file that is damaged, truncated or foreign is not used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.fuzzy import GAP, FuzzyIndex
from l10n.memstore import Entries, Stored, View, entries_blob

WORDS = ["the", "council", "approved", "rejected", "new", "budget", "in", "Kyiv", "Lviv",
         "on", "Monday", "Friday", "talks", "will", "start", "next", "month", "NATO."]


def sentence(seed: int) -> str:
    """A short news-like sentence; nearby seeds give sentences a word apart."""
    n = 2 + seed % 7
    return " ".join(WORDS[(seed * 7 + k * (1 + seed % 3)) % len(WORDS)] for k in range(n))


texts = st.integers(0, 60).map(sentence)
items = st.lists(st.tuples(texts, st.sampled_from(["", "ctx"])), max_size=6)
memories = st.dictionaries(st.sampled_from("abcdefgh"), items, max_size=8)


def as_groups(memory: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """Groups in the order of their names, each with the fingerprint of its items."""
    return [(name, entries_blob(memory[name])[0]) for name in sorted(memory)]


def items_of(memory: dict[str, list[tuple[str, str]]]):
    def get(name: str, fp: str):
        for text, ctx in memory[name]:
            yield text, f"{ctx}\x04{text}" if ctx else text, [text.upper(), name]
    return get


def answers(view: View, queries: list[str]) -> list[object]:
    found: list[object] = []
    for query in queries:
        for key in (query, f"ctx\x04{query}"):
            found.append([(view.text(n), view.item(n), view.group(n)) for n in view.find(key)])
        match = view.index.best(query, 0.5, exclude=lambda n: view.group(n) == "c")
        found.append(None if match is None else
                     (view.text(match.item), view.item(match.item), round(match.score, 9)))
    found.append(len(view))
    return found


@settings(max_examples=150, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(memories, memories, st.booleans(), st.lists(texts, min_size=1, max_size=8))
def test_a_memory_from_a_stored_one_answers_as_one_from_scratch(
        before: dict, after: dict, dedup: bool, queries: list[str]) -> None:
    base = Stored.build(((name, fp, ((t, k, json.dumps(p)) for t, k, p in
                                      items_of(before)(name, fp)))
                         for name, fp in as_groups(before)), dedup)
    groups = as_groups(after)
    layered = View.compose(lambda: View(dedup), base, groups, items_of(after))
    scratch = View.compose(lambda: View(dedup), None, groups, items_of(after))
    queries = queries + [t + " again" for t in queries] + ["Kyiv", "NATO."]
    assert answers(layered, queries) == answers(scratch, queries)
    # and what it stores is what a memory from scratch stores
    again = View.compose(lambda: View(dedup), layered.stored(), groups, items_of(after))
    assert again.changes == 0
    assert answers(again, queries) == answers(scratch, queries)


def test_only_the_groups_that_changed_are_indexed_again() -> None:
    before = {name: [(sentence(k), "") for k in range(10 * n, 10 * n + 10)]
              for n, name in enumerate("abcdefgh")}
    base = View.compose(lambda: View(True), None, as_groups(before), items_of(before)).stored()
    after = dict(before, d=[(sentence(3), ""), (sentence(99), "")])
    view = View.compose(lambda: View(True), base, as_groups(after), items_of(after))
    assert view.base is base
    # d's ten items left out, and its two new ones put in (one is a copy of an item of a
    # group before it, which stays the one that counts)
    assert view.changes == 10 + 1


def test_items_go_between_those_of_the_base_in_the_order_of_the_groups() -> None:
    before = {"b": [("one two three", "")], "d": [("four five six", "")]}
    base = View.compose(lambda: View(False), None, as_groups(before), items_of(before)).stored()
    after = dict(before, a=[("zero one", "")], c=[("three four", "")], e=[("six seven", "")])
    view = View.compose(lambda: View(False), base, as_groups(after), items_of(after))
    numbers = sorted(n for key in ("zero one", "one two three", "three four",
                                   "four five six", "six seven") for n in view.find(key))
    assert [view.text(n) for n in numbers] == ["zero one", "one two three", "three four",
                                               "four five six", "six seven"]
    assert numbers[1] == 0 and numbers[3] == GAP  # the base's own items keep their numbers


@pytest.mark.parametrize("damage", ["truncated", "flipped", "other-code", "other-name",
                                    "garbage", "empty", "missing"])
def test_a_damaged_or_foreign_stored_memory_is_not_used(tmp_path: Path, damage: str) -> None:
    memory = {"a": [(sentence(k), "") for k in range(20)]}
    path = tmp_path / "u-uk.idx"
    View.compose(lambda: View(True), None, as_groups(memory), items_of(memory)).stored().write(
        path, "code", "u:uk")
    assert Stored.read(path, "code", "u:uk") is not None
    raw = path.read_bytes()
    name, code = "u:uk", "code"
    if damage == "truncated":
        path.write_bytes(raw[:-10])
    elif damage == "flipped":
        path.write_bytes(raw[:-50] + bytes([raw[-50] ^ 4]) + raw[-49:])
    elif damage == "other-code":
        code = "other"
    elif damage == "other-name":
        name = "u:ru"
    elif damage == "garbage":
        path.write_bytes(b'{"format": 1}\n' + raw[:100])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()
    assert Stored.read(path, code, name) is None


def test_entries_are_kept_by_their_fingerprint_and_a_damaged_file_is_not_used(
        tmp_path: Path) -> None:
    store = Entries(tmp_path / "entries")
    entries = [[None, "Kyiv", None, "Київ", []], ["ctx", "a", None, "б", []]]
    efp = store.put(entries)
    assert efp == entries_blob(entries)[0]
    assert store.get(efp) == entries
    other = store.put([[None, "b", None, "в", []]])
    (tmp_path / "entries" / efp).write_text('[[null, "Kyiv", null, "Киев", []]]')
    assert store.get(efp) is None  # its content is not what the name says
    store.keep_only({other})
    assert sorted(p.name for p in (tmp_path / "entries").iterdir()) == [other]


def test_an_index_with_hidden_and_inserted_items_answers_as_one_from_scratch() -> None:
    from l10n.fuzzy import FrozenIndex

    old = [sentence(k) for k in range(200)]
    new = old[:50] + [sentence(k) + " again" for k in range(300, 320)] + old[80:]
    index = FuzzyIndex(base=FrozenIndex.build(old))
    for i in range(50, 80):
        index.hide(i * GAP)
    index.insert_many((49 * GAP + 1 + k, sentence(300 + k) + " again") for k in range(20))
    scratch = FuzzyIndex(new)
    for query in [sentence(k) + " x" for k in range(0, 400, 7)]:
        a, b = index.best(query, 0.5), scratch.best(query, 0.5)
        assert (a and (index.text(a.item), a.score)) == (b and (scratch.text(b.item), b.score))


@settings(max_examples=200, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 120), min_size=1, max_size=60, unique=True),
       st.lists(st.integers(0, 120), max_size=6), st.lists(st.integers(0, 120), max_size=6),
       st.lists(st.integers(0, 200), min_size=1, max_size=10), st.integers(2, 12))
def test_a_question_said_unaffected_by_a_change_gets_the_same_answer(
        kept: list[int], removed: list[int], added: list[int], questions: list[int],
        budget: int) -> None:
    """``fuzzy.unaffected`` (what the build trusts instead of asking a question again):
    whenever it says so, the answer from the memory after a change is the one before.
    (A small scan budget, so that common keys are common in a small memory.)"""
    from unittest import mock

    from l10n import fuzzy

    before = [sentence(k) for k in dict.fromkeys(kept)]
    gone = {sentence(k) for k in removed} & set(before)
    new = [t for t in dict.fromkeys(sentence(k) + " now" for k in added)]
    after = [t for t in before if t not in gone]
    after[len(after) // 2:len(after) // 2] = new
    changed = gone | set(new)
    with mock.patch.object(fuzzy, "_SCAN_BUDGET", budget):
        then, now = FuzzyIndex(before), FuzzyIndex(after)
        keys: set = set()
        delta: dict = {}
        for text in changed:
            features = now.keys_of(text)
            keys |= features
            for key in features:
                delta[key] = delta.get(key, 0) + (1 if text in gone else -1)
        said = 0
        for query in [sentence(k) for k in questions] + [sentence(k) + " x" for k in questions]:
            if query in changed or not fuzzy.unaffected(
                    now.keys_of(query), keys, now.count,
                    lambda key: now.count(key) + delta.get(key, 0)):
                continue
            said += 1
            a, b = then.best(query, 0.3), now.best(query, 0.3)
            assert (a and (then.text(a.item), a.score)) == (b and (now.text(b.item), b.score))
