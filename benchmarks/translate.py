"""Translate benchmarks: the driver against Apertium APy, and the memory backend at scale.

    python benchmarks/translate.py apy      # needs Apertium (scripts/apertium-apy installs it)
    python benchmarks/translate.py memory
    python benchmarks/translate.py          # both

apy: starts APy with ``-j 2 -i 2`` on its own port, then translates 500 distinct Russian
sentences to Ukrainian, alternately with a bare concurrent httpx loop (8 in flight, no l10n
code) and with the l10n driver (8 in flight), BENCH_ROUNDS rounds (default 5); reports the
medians, the ratio, and the requests a second run makes (from the project's cache).

memory: builds a 100,000-segment memory, runs 10,000 queries (exact, edited copies of
memory segments, and new sentences), reports build time, query rate and peak memory, and
checks 2,000 of the queries against an exhaustive scan of the whole memory with the
same similarity (``l10n.fuzzy``, 0 to 1).
"""

from __future__ import annotations

import asyncio
import difflib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from sentences import distinct_sentences  # noqa: E402

from l10n import pipeline, pofile  # noqa: E402
from l10n.fuzzy import similarity, tokens  # noqa: E402
from l10n.project import Project  # noqa: E402
from l10n.translate import BackendContext  # noqa: E402
from l10n.translate.driver import translate_project  # noqa: E402
from l10n.translate.memory import MemoryIndex  # noqa: E402
from l10n.translate.providers import ApertiumBackend  # noqa: E402

APY_PORT = "2741"
IN_FLIGHT = 8
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))

# -- Apertium APy throughput


def start_apy() -> tuple[str, dict[str, str]]:
    env = dict(os.environ, APY_PORT=APY_PORT, APY_EXTRA_ARGS="-j 2 -i 2")
    run = subprocess.run([str(REPO / "scripts" / "apertium-apy")], env=env, text=True,
                         capture_output=True, timeout=1200)
    if run.returncode != 0:
        sys.exit(f"cannot start APy: {run.stderr.strip()}")
    return run.stdout.strip().splitlines()[-1], env


async def bare_loop(url: str, texts: list[str]) -> float:
    """Seconds for a plain httpx client to translate every text, IN_FLIGHT at a time."""
    queue = list(reversed(texts))
    async with httpx.AsyncClient(base_url=url, timeout=60,
                                 limits=httpx.Limits(max_connections=IN_FLIGHT)) as client:
        async def worker() -> None:
            while queue:
                text = queue.pop()
                response = await client.post("/translate", data={
                    "langpair": "rus|ukr", "q": text, "markUnknown": "no", "format": "txt"})
                response.raise_for_status()
                response.json()["responseData"]["translatedText"]

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
        return time.perf_counter() - start


def driver_project(root: Path, texts: list[str]) -> Project:
    (root / "source").mkdir(parents=True)
    (root / "source" / "bench.txt").write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    (root / "l10n.toml").write_text(
        f'source_language = "ru"\nlanguages = ["ru", "uk"]\n\n[translate]\n'
        f'backend = "apertium"\nconcurrency = {IN_FLIGHT}\n', encoding="utf-8")
    project = Project.load(root)
    pipeline.extract(project)
    pipeline.update(project)
    return project


def driver_run(project: Project, url: str) -> tuple[float, int, int]:
    """(seconds, HTTP requests, entries filled) for one translate step."""
    settings = {"endpoint": url, "concurrency": IN_FLIGHT}
    backend = ApertiumBackend(BackendContext(project.root, project.config.locales_path,
                                             settings))
    start = time.perf_counter()
    translate_project(project, endpoint=url, backend_instance=backend)
    elapsed = time.perf_counter() - start
    backend.close()
    catalog = pofile.read(project.po_path("bench", "uk"))
    return elapsed, backend.requests, sum(bool(m.msgstr) for m in catalog.messages)


def bench_apy() -> None:
    texts = distinct_sentences(500, seed=20240109)
    chars = sum(map(len, texts))
    url, env = start_apy()
    work = Path(tempfile.mkdtemp(prefix="l10n-bench-"))
    try:
        bare, driver = [], []
        for round_no in range(ROUNDS):
            project = driver_project(work / f"round{round_no}", texts)
            entries = len(pofile.read(project.po_path("bench", "uk")).messages)
            # Alternate which goes first, so that a change in machine load hits both.
            if round_no % 2:
                seconds, requests, filled = driver_run(project, url)
                bare.append(asyncio.run(bare_loop(url, texts)))
            else:
                bare.append(asyncio.run(bare_loop(url, texts)))
                seconds, requests, filled = driver_run(project, url)
            driver.append(seconds)
            print(f"round {round_no + 1}: bare {len(texts) / bare[-1]:.1f}/s, driver "
                  f"{len(texts) / seconds:.1f}/s ({requests} requests, {filled} of {entries} "
                  "entries filled)", flush=True)
        again_seconds, again_requests, _ = driver_run(project, url)
        path = project.po_path("bench", "uk")
        catalog = pofile.read(path)
        for m in catalog.messages:
            m.msgstr, m.flags, m.translator_comments = "", [], []
        path.write_text(pofile.dumps(catalog), encoding="utf-8")
        cached_seconds, cached_requests, cached_filled = driver_run(project, url)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        subprocess.run([str(REPO / "scripts" / "apertium-apy"), "--stop"], env=env,
                       capture_output=True)
    bare_rate = len(texts) / statistics.median(bare)
    driver_rate = len(texts) / statistics.median(driver)
    print(f"\nAPy -j 2 -i 2, {len(texts)} distinct Russian sentences ({chars} characters), "
          f"ru→uk, {IN_FLIGHT} in flight, median of {ROUNDS} rounds")
    print(f"  bare httpx loop : {bare_rate:7.1f} sentences/s")
    print(f"  l10n driver     : {driver_rate:7.1f} sentences/s")
    print(f"  ratio           : {driver_rate / bare_rate:7.1%}")
    print(f"  second run, nothing changed: {again_requests} requests ({again_seconds:.2f} s)")
    print(f"  run with the catalog emptied: {cached_requests} requests, {cached_filled} "
          f"entries filled from the cache ({cached_seconds:.2f} s)")


# -- memory backend at scale

SYLLABLES = ["ка", "ро", "ми", "ла", "ну", "ве", "до", "сти", "при", "об", "ра", "ни", "ко",
             "за", "по", "ре", "та", "ли", "во", "ме", "ск", "де", "на", "го", "би", "жи"]


def zipf_corpus(size: int, seed: int) -> tuple[list[str], list[str]]:
    """Sentences from a 60,000-word pseudo-vocabulary with a Zipf distribution, like news."""
    rnd = random.Random(seed)
    vocabulary = list(dict.fromkeys(
        "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(1, 4)))
        for _ in range(80_000)))[:60_000]
    weights = [1 / (rank + 1) ** 1.05 for rank in range(len(vocabulary))]
    cumulative = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)

    def sentence() -> str:
        n = rnd.randint(8, 24)
        text = " ".join(rnd.choices(vocabulary, cum_weights=cumulative, k=n))
        return text[0].upper() + text[1:] + "."

    seen: dict[str, None] = {}
    while len(seen) < size:
        seen.setdefault(sentence(), None)
    return list(seen), vocabulary


def edited(text: str, rnd: random.Random, vocabulary: list[str]) -> str:
    words = text[:-1].split()
    for _ in range(rnd.randint(1, 3)):
        action = rnd.random()
        i = rnd.randrange(len(words))
        if action < 0.5:
            words[i] = rnd.choice(vocabulary[:5000])
        elif action < 0.75 and len(words) > 3:
            del words[i]
        else:
            words.insert(i, rnd.choice(vocabulary[:5000]))
    return " ".join(words) + "."


def reference_best(sources: list[str], query: str, threshold: float):
    """The best similarity (``l10n.fuzzy.similarity``) over the whole memory, as a plain
    scan would find it.

    The segments here are sentences (more than ``fuzzy.SHORT`` words), which the index
    compares as sequences of words: rapidfuzz scores every segment's words against the
    query's in C, and the few at the top are scored again by ``similarity`` itself.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    global _TOKENIZED
    if _TOKENIZED is None or len(_TOKENIZED) != len(sources):
        _TOKENIZED = [tokens(s) for s in sources]
    best = None
    for _, _, n in process.extract(tokens(query), _TOKENIZED,
                                   scorer=Indel.normalized_similarity,
                                   score_cutoff=threshold - 1e-9, limit=20):
        score = similarity(sources[n], query)
        if score >= threshold and (best is None or score > best[0] or
                                   (score == best[0] and n < best[1])):
            best = (score, n)
    return best


_TOKENIZED: list[list[str]] | None = None


def plain_scan_seconds(sources: list[str], queries: list[str], threshold: float) -> float:
    """Seconds per query of difflib.get_close_matches-style scanning of ``sources``."""
    start = time.perf_counter()
    for query in queries:
        matcher = difflib.SequenceMatcher(None)
        matcher.set_seq2(query)
        for source in sources:
            matcher.set_seq1(source)
            if matcher.real_quick_ratio() >= threshold and \
                    matcher.quick_ratio() >= threshold:
                matcher.ratio()
    return (time.perf_counter() - start) / len(queries)


def bench_memory(size: int = 100_000, queries: int = 10_000, sample: int = 2_000) -> None:
    threshold = 0.75
    segments, vocabulary = zipf_corpus(size + queries, seed=9)
    memory, fresh = segments[:size], segments[size:]
    rnd = random.Random(11)
    asked = []
    for i in range(queries):
        kind = i % 10
        if kind == 0:
            asked.append(rnd.choice(memory))  # exact
        elif kind < 6:
            asked.append(edited(rnd.choice(memory), rnd, vocabulary))  # close to one
        else:
            asked.append(fresh[i])  # new text
    # Wall and CPU time: on a shared machine the CPU time is the steadier figure.
    start, cpu = time.perf_counter(), time.process_time()
    index = MemoryIndex()
    for n, text in enumerate(memory):
        index.add(text, text.upper(), f"seg{n}")
    build = time.perf_counter() - start
    build_cpu = time.process_time() - cpu

    tracemalloc.start()
    traced = MemoryIndex()
    for n, text in enumerate(memory):
        traced.add(text, text.upper(), f"seg{n}")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced

    start, cpu = time.perf_counter(), time.process_time()
    answers = [index.best(q, threshold) for q in asked]
    query_seconds = time.perf_counter() - start
    query_cpu = time.process_time() - cpu
    matched = sum(a is not None for a in answers)

    start = time.perf_counter()
    same_segment = same_score = both_none = 0
    ref_matched = idx_matched = 0
    for q, got in zip(asked[:sample], answers[:sample], strict=True):
        want = reference_best(index.sources, q, threshold)
        ref_matched += want is not None
        idx_matched += got is not None
        if got is None and want is None:
            both_none += 1
        elif got is not None and want is not None:
            same_segment += got[1] == want[1]
            same_score += abs(got[0] - want[0]) < 1e-12
    reference_seconds = time.perf_counter() - start
    plain = plain_scan_seconds(index.sources[:10_000], asked[1:4], threshold) * size / 10_000

    print(f"\nmemory backend: {size} segments (Zipf pseudo-words, 8-24 words), "
          f"{queries} queries, threshold {threshold:.0%}")
    print(f"  build           : {build:.2f} s wall, {build_cpu:.2f} s CPU "
          f"({size / build_cpu:,.0f} segments per CPU second)")
    print(f"  peak memory     : {peak / 2**20:.0f} MiB traced while building")
    print(f"  queries         : {queries / query_seconds:,.0f} queries/s wall, "
          f"{queries / query_cpu:,.0f} per CPU second; {matched} with a suggestion")
    print(f"  agreement on {sample} queries with an exhaustive scan:")
    print(f"    suggestion rate: index {idx_matched / sample:.1%}, scan "
          f"{ref_matched / sample:.1%}")
    print(f"    same answer    : {(same_segment + both_none) / sample:.2%} (same segment or "
          f"both none); same score {(same_score + both_none) / sample:.2%}")
    print(f"    exhaustive scan: {reference_seconds / sample * 1000:.0f} ms/query (rapidfuzz "
          "over every segment's words); plain difflib scan (real_quick/quick/ratio): "
          f"about {plain:.0f} s/query")


def main() -> None:
    which = sys.argv[1:] or ["apy", "memory"]
    if "apy" in which:
        bench_apy()
    if "memory" in which:
        bench_memory()


if __name__ == "__main__":
    main()
