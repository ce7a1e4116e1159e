"""Faults: a crash at any write, SIGKILL at random moments, two runs at once, a full disk and
a read-only folder. Afterwards every file is its old or its new version (never truncated),
the error is one clear line, and a re-run completes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple
from unittest import mock

import pytest

import l10n
from l10n import fsutil, pipeline, pofile
from l10n.cli import main
from l10n.lock import LOCK_NAME, project_lock
from l10n.project import Project

SRC = Path(l10n.__file__).resolve().parents[1]
STAMP = "2024-01-09 14:05+0000"
TEMP_RE = re.compile(r"^\..+\.tmp$")

# How many faults each test injects (docs/guarantees.md quotes these numbers).
RANDOM_KILLS = 4
BUILD_CRASHES = 6
SEED = 20240109

ARTICLE = """ua en ru

{title}

Kyiv and Bucharest will start talks next month. The talks follow the G7 declaration.

Exports through Romania

Monthly exports rose from 2 million tons to 3 million tons. {extra}
"""


def article(i: int, version: int) -> str:
    extra = "Both sides discussed air defence." if version == 0 else \
        f"A new paragraph number {i} was added today. Officials confirmed it."
    return ARTICLE.format(title=f"Security guarantees, part {i}", extra=extra)


def make_project(root: Path, articles: int = 2) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    # Publish every language whatever its completeness, so every step writes files.
    (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["en", "uk", "ru"]\n'
                                    '[compile]\nthreshold = 0\n', encoding="utf-8")
    (root / "source").mkdir()
    for i in range(articles):
        (root / "source" / f"a{i}.txt").write_text(article(i, 0), encoding="utf-8")
    return root


def translate_everything(root: Path) -> None:
    """A translator's work: every entry translated by hand."""
    for path in sorted((root / "locales").rglob("*.po")):
        po = pofile.read(path)
        for m in po.messages:
            m.msgstr = f"[{path.parent.parent.name}] {m.msgid}"
        path.write_text(pofile.dumps(po), encoding="utf-8")


def edit_sources(root: Path) -> None:
    """The next version of the articles: sentences added and removed, one new article."""
    for path in sorted((root / "source").glob("*.txt")):
        path.write_text(article(int(path.stem[1:]), 1), encoding="utf-8")
    (root / "source" / "z-new.txt").write_text(article(99, 1), encoding="utf-8")


def snapshot(root: Path) -> dict[str, bytes]:
    """The project's files (the build cache is not one: see test_incremental.py)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != LOCK_NAME and ".l10n-cache" not in p.parts}


def temporaries(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*") if TEMP_RE.match(p.name)]


_DATE = re.compile(rb"(POT-Creation-Date|PO-Revision-Date): \d{4}-\d\d-\d\d \d\d:\d\d[+-]\d{4}")


def normal(data: bytes) -> bytes:
    """Dates are the run's clock, not content (same length, so .mo offsets still hold)."""
    return _DATE.sub(lambda m: m.group(1) + b": YYYY-MM-DD HH:MM+ZZZZ", data)


def assert_old_or_new(state: dict[str, bytes], old: dict[str, bytes], new: dict[str, bytes],
                      between: dict[str, set[bytes]] | None = None) -> tuple[int, int]:
    """Every file is the old or the new version; returns (files new, files old).

    ``between`` adds, per file, the complete versions an undisturbed run writes on its way:
    `build` is a chain of steps, and a catalog that `update` wrote is rewritten by
    `translate`, so a run stopped between the two leaves the first, complete version.
    """
    news = olds = 0
    for name, data in state.items():
        if TEMP_RE.match(Path(name).name):
            continue  # a crashed writer's temporary file: removed by the next run
        candidates = {normal(v) for v in (old.get(name), new.get(name)) if v is not None}
        candidates |= {normal(v) for v in (between or {}).get(name, ())}
        assert normal(data) in candidates, f"{name}: neither the old nor the new version"
        if name in new and normal(data) == normal(new[name]) and (
                name not in old or normal(old[name]) != normal(data)):
            news += 1
        else:
            olds += 1
    for name in old:
        assert name in state, f"{name} disappeared"
    return news, olds


@contextlib.contextmanager
def fixed_clock() -> Iterator[None]:
    with mock.patch("l10n.extract.now_stamp", return_value=STAMP), \
            mock.patch("l10n.update.now_stamp", return_value=STAMP):
        yield


class Versions(NamedTuple):
    root: Path  # the project at the old version, sources already edited
    old: dict[str, bytes]  # its files
    new: dict[str, bytes]  # the files after an undisturbed `build`
    between: dict[str, set[bytes]]  # every version that build writes, per file
    new_update: dict[str, bytes]  # the files after an undisturbed `extract` + `update`


def _reference(root: Path, dest: Path, *steps: str) -> tuple[dict[str, bytes],
                                                              dict[str, set[bytes]]]:
    shutil.copytree(root, dest)
    written: dict[str, set[bytes]] = {}
    real = fsutil.stage

    def recording(path: Path, data: bytes | str, **options: bool) -> fsutil.Staged | None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        written.setdefault(path.relative_to(dest).as_posix(), set()).add(raw)
        return real(path, data, **options)

    # Every write goes through fsutil.stage (the pipeline imports it by name).
    with fixed_clock(), mock.patch("l10n.fsutil.stage", recording), \
            mock.patch("l10n.pipeline.stage", recording):
        project = Project.load(dest)
        for step in steps:
            getattr(pipeline, step)(project)
    return snapshot(dest), written


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    root = make_project(tmp_path_factory.mktemp("old") / "proj")
    with fixed_clock():
        pipeline.build(Project.load(root))
        translate_everything(root)
        pipeline.build(Project.load(root))
    edit_sources(root)
    old = snapshot(root)
    new, between = _reference(root, tmp_path_factory.mktemp("new") / "proj", "build")
    changed = [n for n in new if old.get(n) != new[n]]
    assert len(changed) >= 10, "the new version must rewrite many files"
    new_update, _ = _reference(root, tmp_path_factory.mktemp("upd") / "proj", "extract",
                               "update")
    return Versions(root, old, new, between, new_update)


def fresh_copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, symlinks=True)
    return dest


# ------------------------------------------------------- a crash at every write (in-process)

class Crash(BaseException):
    """Stands for the process dying: no `except OSError` clean-up runs."""


def count_writes(root: Path, step: str) -> int:
    calls = 0
    real = os.replace

    def counting(src: str, dst: str) -> None:
        nonlocal calls
        calls += 1
        real(src, dst)

    with fixed_clock(), mock.patch("l10n.fsutil.os.replace", counting):
        getattr(pipeline, step)(Project.load(root))
    return calls


@contextlib.contextmanager
def crash_at(k: int, moment: str) -> Iterator[None]:
    """Die at the k-th file write: half-way through the data, before or after the rename."""
    replaces = 0
    opens = 0
    real_replace = os.replace
    real_fdopen = os.fdopen

    def replace(src: str, dst: str) -> None:
        nonlocal replaces
        replaces += 1
        if moment == "before-rename" and replaces == k:
            raise Crash
        real_replace(src, dst)
        if moment == "after-rename" and replaces == k:
            raise Crash

    class HalfWriter:
        def __init__(self, fh: object) -> None:
            self.fh = fh

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            self.fh.write(data[: len(data) // 2])  # type: ignore[attr-defined]
            self.fh.flush()  # type: ignore[attr-defined]
            raise Crash

    def fdopen(fd: int, *args: object, **kwargs: object) -> object:
        nonlocal opens
        opens += 1
        fh = real_fdopen(fd, *args, **kwargs)  # type: ignore[arg-type]
        return HalfWriter(fh) if moment == "mid-write" and opens == k else fh

    with mock.patch("l10n.fsutil.os.replace", replace), \
            mock.patch("l10n.fsutil.os.fdopen", fdopen):
        yield


@pytest.mark.parametrize("step", ["update", "build"])
def test_crash_at_every_write_leaves_old_or_new_files(tmp_path: Path, versions: Versions,
                                                      step: str) -> None:
    """Die at each file write in turn (mid-data, before or after the rename); then re-run."""
    root, old, new, between = versions.root, versions.old, versions.new, versions.between
    if step == "update":  # one step: each file is written once, strictly old or new
        root = fresh_copy(root, tmp_path / "extracted")
        with fixed_clock():
            pipeline.extract(Project.load(root))
        old, new, between = snapshot(root), versions.new_update, {}
    writes = count_writes(fresh_copy(root, tmp_path / "count"), step)
    assert writes >= 6
    moments = ("mid-write", "before-rename", "after-rename")
    # Every write of `update`; for `build`, BUILD_CRASHES points spread over all its writes.
    points = range(1, writes + 1) if step == "update" else sorted(
        {1 + round(i * (writes - 1) / (BUILD_CRASHES - 1)) for i in range(BUILD_CRASHES)})
    for k in points:
        moment = moments[k % 3]
        work = fresh_copy(root, tmp_path / f"crash-{k}")
        with fixed_clock(), crash_at(k, moment), pytest.raises(Crash):
            getattr(pipeline, step)(Project.load(work))
        news, _ = assert_old_or_new(snapshot(work), old, new, between)
        if step == "update":
            assert news == (k if moment == "after-rename" else k - 1)
        with fixed_clock():
            getattr(pipeline, step)(Project.load(work))  # the re-run completes ...
        assert snapshot(work) == new  # ... with exactly the files an undisturbed run writes
        assert temporaries(work) == []  # and the crashed writer's temporary file is gone
        shutil.rmtree(work)
    print(f"{step}: crashed at {len(points)} of {writes} writes")


# ------------------------------------------------------------- SIGKILL at random moments

def cli_process(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    environ = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "l10n.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=environ)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.run([sys.executable, "-m", "l10n.cli", *args], capture_output=True,
                          text=True, env=environ, timeout=120)


def start_working(work: Path) -> subprocess.Popen[str]:
    """Start `l10n build` and return once it holds the project lock (about to write)."""
    (work / LOCK_NAME).unlink(missing_ok=True)
    proc = cli_process("build", "--project", str(work))
    while not (work / LOCK_NAME).exists() and proc.poll() is None:
        time.sleep(0.001)
    return proc


def test_sigkill_at_random_moments(tmp_path: Path, versions: Versions) -> None:
    """SIGKILL the CLI at random moments of its work; then check the files and re-run."""
    root, old, new, between = versions.root, versions.old, versions.new, versions.between
    timing = fresh_copy(root, tmp_path / "timing")
    proc = start_working(timing)
    started = time.monotonic()
    assert proc.wait(120) in (0, 1)
    work_time = time.monotonic() - started
    rng = random.Random(SEED)
    outcomes = []
    for n in range(RANDOM_KILLS):
        work = fresh_copy(root, tmp_path / f"kill-{n}")
        delay = rng.uniform(0.05, 1.0) * work_time
        proc = start_working(work)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)  # (its worker processes end with it)
        news, olds = assert_old_or_new(snapshot(work), old, new, between)
        outcomes.append((round(delay, 3), proc.returncode, news, olds))
        pipeline.build(Project.load(work))  # the re-run completes (in-process: faster)
        assert {k: normal(v) for k, v in snapshot(work).items()} == \
            {k: normal(v) for k, v in new.items()}
        assert temporaries(work) == []
        shutil.rmtree(work)
    print(f"SIGKILL after the lock, work {work_time:.3f} s; (delay s, exit, files new, old):",
          outcomes)


_SLEEPY_POOL = """
import os, sys, time
from l10n import pipeline

def init(job):
    pass

def work(indices):
    print(os.getpid(), flush=True)
    time.sleep(60)
    return indices

for _ in pipeline.run_units(None, init, work, list(range(20)), 2, least=1):
    pass
"""


def test_the_worker_processes_end_with_a_killed_build(tmp_path: Path) -> None:
    """A build killed outright cannot stop its pool: its workers must not wait for work
    forever, holding the project lock and the build's output pipes."""
    proc = subprocess.Popen([sys.executable, "-c", _SLEEPY_POOL], stdout=subprocess.PIPE,
                            text=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(Path(l10n.__file__).parents[1])})
    assert proc.stdout is not None
    workers = {int(proc.stdout.readline()), int(proc.stdout.readline())}
    assert proc.pid not in workers
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)  # EOF: no worker holds the pipe any more

    def alive(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
                return fh.read().split()[2] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)


# ---------------------------------------------------------------------- concurrent runs

def test_two_updates_at_once_serialize(tmp_path: Path, versions: Versions) -> None:
    root, new = versions.root, versions.new_update
    work = fresh_copy(root, tmp_path / "both")
    assert run_cli("extract", "--project", str(work)).returncode == 0
    first = cli_process("update", "--project", str(work))
    second = cli_process("update", "--project", str(work))
    results = [(p.wait(60), *p.communicate()) for p in (first, second)]
    for code, _out, err in results:
        assert code == 0 or (code == 2 and "another l10n process" in err), err
        assert "Traceback" not in err
    for name, data in snapshot(work).items():
        if name.endswith(".po"):
            assert normal(data) == normal(new[name]), f"{name} differs from a single run"
            check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(work / name)],
                                   capture_output=True, text=True)
            assert check.returncode == 0, check.stderr


def test_a_held_lock_makes_the_second_run_refuse(tmp_path: Path, versions: Versions) -> None:
    root = versions.root
    work = fresh_copy(root, tmp_path / "held")
    before = snapshot(work)
    with project_lock(work, timeout=0):
        proc = run_cli("update", "--project", str(work), env={"L10N_LOCK_TIMEOUT": "0.3"})
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("l10n: waiting for another l10n process to finish with this "
                               "project (lock .l10n.lock; up to 0.3 s")
    assert lines[1].startswith("l10n: error: ")
    assert "another l10n process is working on this project" in lines[1]
    assert snapshot(work) == before


def test_a_waiting_run_proceeds_when_the_lock_is_released(tmp_path: Path,
                                                          versions: Versions) -> None:
    root = versions.root
    work = fresh_copy(root, tmp_path / "wait")
    with project_lock(work, timeout=0):
        proc = cli_process("extract", "--project", str(work), env={"L10N_LOCK_TIMEOUT": "30"})
        time.sleep(1.0)
        assert proc.poll() is None, "the second run must wait, not write"
        assert not (work / "locales" / "z-new.pot").exists()
    code = proc.wait(60)
    stderr = proc.communicate()[1]
    assert code == 0, stderr
    assert (work / "locales" / "z-new.pot").exists()
    # It said why it was silent, on stderr, once.
    assert stderr.count("l10n: waiting for another l10n process") == 1, stderr


def test_a_killed_lock_holder_does_not_block(tmp_path: Path, versions: Versions) -> None:
    root = versions.root
    work = fresh_copy(root, tmp_path / "dead")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\n"
         "from l10n.lock import project_lock\n"
         "with project_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n"
         "    time.sleep(60)\n", str(work)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(SRC)})
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    proc = run_cli("extract", "--project", str(work), env={"L10N_LOCK_TIMEOUT": "2"})
    assert proc.returncode == 0, proc.stderr


def test_lock_is_reentrant_and_released(tmp_path: Path) -> None:
    with project_lock(tmp_path, timeout=0), project_lock(tmp_path, timeout=0):
        pass
    with project_lock(tmp_path, timeout=0):  # released: can be taken again
        pass


def test_bad_lock_timeout_is_one_line_error(tmp_path: Path, versions: Versions,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = versions.root
    work = fresh_copy(root, tmp_path / "env")
    with mock.patch.dict(os.environ, {"L10N_LOCK_TIMEOUT": "soon"}), \
            mock.patch.object(sys, "argv", ["l10n", "extract", "--project", str(work)]), \
            pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    assert "L10N_LOCK_TIMEOUT must be a number" in capsys.readouterr().err


# ------------------------------------------------- disk full, read-only: injected OSError

def cli_in_process(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with mock.patch.object(sys, "argv", ["l10n", *args]):
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
        else:
            code = 0
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("err_no", "message"), [
    (errno.ENOSPC, "No space left on device"),
    (errno.EROFS, "Read-only file system"),
    (errno.EACCES, "Permission denied"),
    (errno.EDQUOT, "Disk quota exceeded"),
])
@pytest.mark.parametrize("at_write", [1, 5, 12])
def test_write_error_is_one_line_and_nothing_half_written(
        tmp_path: Path, versions, capsys: pytest.CaptureFixture[str], err_no: int,
        message: str, at_write: int) -> None:
    root, old, new, between = versions.root, versions.old, versions.new, versions.between
    work = fresh_copy(root, tmp_path / "w")
    writes = 0
    real_fdopen = os.fdopen

    class FailingWriter:
        def __init__(self, fh: object) -> None:
            self.fh = fh

        def __enter__(self) -> FailingWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            self.fh.write(data[:100])  # type: ignore[attr-defined]
            raise OSError(err_no, os.strerror(err_no))

    def fdopen(fd: int, *args: object, **kwargs: object) -> object:
        nonlocal writes
        writes += 1
        fh = real_fdopen(fd, *args, **kwargs)  # type: ignore[arg-type]
        return FailingWriter(fh) if writes == at_write else fh

    with fixed_clock(), mock.patch("l10n.fsutil.os.fdopen", fdopen):
        code, err = cli_in_process(capsys, "build", "--project", str(work))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert re.match(rf"l10n: error: (locales|dist)/\S+: cannot write: {message}$", lines[0]), \
        lines[0]
    assert_old_or_new(snapshot(work), old, new, between)
    assert temporaries(work) == []


def test_os_error_outside_the_writer_is_one_line(
        tmp_path: Path, versions, capsys: pytest.CaptureFixture[str]) -> None:
    root = versions.root
    failure = PermissionError(errno.EACCES, "Permission denied", "locales/uk/LC_MESSAGES/a0.po")
    with mock.patch.object(pipeline, "status", side_effect=failure):
        code, err = cli_in_process(capsys, "status", "--project", str(root))
    assert code == 2
    assert err.strip() == "l10n: error: locales/uk/LC_MESSAGES/a0.po: Permission denied"


def test_unwritable_project_folder_for_the_lock(
        tmp_path: Path, versions, capsys: pytest.CaptureFixture[str]) -> None:
    root, old = versions.root, versions.old
    work = fresh_copy(root, tmp_path / "ro")
    with mock.patch("l10n.lock.os.open", side_effect=OSError(errno.EROFS, "Read-only file "
                                                                          "system")):
        code, err = cli_in_process(capsys, "update", "--project", str(work))
    assert code == 2
    assert "cannot create the project lock file: Read-only file system" in err
    assert snapshot(work) == old


# ------------------------------------------- the real thing: a tiny tmpfs, a read-only mount

def _namespace_mounts_work() -> bool:
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs "
                            "/mnt 2>/dev/null || mount -t tmpfs -o size=64k tmpfs /tmp"],
                           capture_output=True)
    return probe.returncode == 0


needs_mounts = pytest.mark.skipif(not _namespace_mounts_work(),
                                  reason="needs mount namespaces (unshare -m) to make a small "
                                         "tmpfs and a read-only bind mount")


def _in_namespace(script: str, work: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "PY": sys.executable, "WORK": str(work)}
    return subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True,
                          text=True, env=env, timeout=120)


@needs_mounts
def test_real_full_disk(tmp_path: Path, versions: Versions) -> None:
    root, old, new, between = versions.root, versions.old, versions.new, versions.between
    work = tmp_path / "mnt"
    work.mkdir()
    # Mount a tmpfs over WORK, copy the project in, fill the disk up to a few KiB, run.
    script = (
        'mount -t tmpfs -o size=1m tmpfs "$WORK" && cp -a "$SRCPROJ"/. "$WORK"/ && '
        'dd if=/dev/zero of="$WORK/filler" bs=1k count=2000 2>/dev/null; '
        'rm -f "$WORK/filler.keep"; '
        '"$PY" -m l10n.cli build --project "$WORK"; echo "exit=$?"; '
        'rm -f "$WORK/filler"; cp -a "$WORK"/. "$OUT"/')
    out = tmp_path / "out"
    out.mkdir()
    env_script = f'SRCPROJ="{root}" OUT="{out}"; export SRCPROJ OUT; ' + script
    proc = _in_namespace(env_script, work)
    assert "exit=2" in proc.stdout, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0], proc.stderr
    state = {k: v for k, v in snapshot(out).items() if k != "filler"}
    assert_old_or_new(state, old, new, between)
    assert temporaries(out) == []


@needs_mounts
def test_real_read_only_locales(tmp_path: Path, versions: Versions) -> None:
    root, old = versions.root, versions.old
    work = fresh_copy(root, tmp_path / "ro")
    script = ('mount --bind "$WORK/locales" "$WORK/locales" && '
              'mount -o remount,bind,ro "$WORK/locales" && '
              '"$PY" -m l10n.cli build --project "$WORK"; echo "exit=$?"')
    proc = _in_namespace(script, work)
    assert "exit=2" in proc.stdout, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert re.match(r"l10n: error: \S+: cannot write: Read-only file system$", lines[0]), lines
    assert snapshot(work) == old


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permission bits; the "
                    "read-only mount test covers root")
def test_read_only_folder_by_permissions(tmp_path: Path, versions: Versions) -> None:
    root, old = versions.root, versions.old
    work = fresh_copy(root, tmp_path / "perm")
    folders = [p for p in (work / "locales").rglob("*") if p.is_dir()] + [work / "locales"]
    for folder in folders:
        folder.chmod(0o555)
    try:
        proc = run_cli("build", "--project", str(work))
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write: Permission denied" in lines[0], proc.stderr
    assert {k: v for k, v in snapshot(work).items() if not k.endswith(".pot")} == \
        {k: v for k, v in old.items() if not k.endswith(".pot")}
