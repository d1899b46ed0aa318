"""`--jobs`: workers find what one process finds, in the same order, with the same exit status.

Equivalence only: no timing is asserted (bench/bench.py measures the speed-up).
"""

from __future__ import annotations

import os
import time

import pytest
from conftest import FIXTURES, SHARED

from lambda6lint import cli, workers

CORPUS = SHARED / "corpus"


def run(capsys, *args: str) -> tuple[int, str]:
    status = cli.main(list(args))
    return status, capsys.readouterr().out


@pytest.fixture
def spread(monkeypatch):
    """Counts the runs that really started workers (so equivalence is not vacuous)."""
    calls = []
    real = workers._spread

    def counting(*args, **kwargs):
        calls.append(args[-1])
        yield from real(*args, **kwargs)

    monkeypatch.setattr(workers, "_spread", counting)
    return calls


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_fixtures_with_one_and_two_jobs(capsys, spread, fmt, monkeypatch):
    monkeypatch.chdir(FIXTURES.parent)
    args = ["--format", fmt, "--explain", "--isolated", os.path.relpath(FIXTURES)]
    one = run(capsys, "--jobs", "1", *args)
    two = run(capsys, "--jobs", "2", *args)
    assert spread == [2]
    assert one == two
    assert one[0] == 2  # fixtures include broken files (E9600)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_corpus_with_one_and_two_jobs(capsys, spread, monkeypatch):
    monkeypatch.chdir(CORPUS)
    args = ["--format", "json", "--isolated", "."]
    one = run(capsys, "--jobs", "1", *args)
    two = run(capsys, "--jobs", "2", *args)
    assert spread == [2]
    assert one == two


def test_a_few_sources_stay_in_this_process(capsys, spread, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    run(capsys, "--jobs", "2", "--isolated", "W9601/bad-flag-absent.yaml", "W9601/bad-flag-false.tfplan.json")
    assert spread == []


def test_jobs_must_be_a_positive_number(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--jobs", "0", "."])
    assert "--jobs" in capsys.readouterr().err


def test_a_chunk_a_worker_cannot_finish_is_loaded_here(capsys, monkeypatch):
    """A worker that raises (or dies) loses nothing: this process loads that chunk itself."""
    monkeypatch.chdir(FIXTURES.parent)
    args = ["--format", "json", "--isolated", os.path.relpath(FIXTURES)]
    expected = run(capsys, "--jobs", "1", *args)
    parent = os.getpid()
    real = workers._work

    def failing(chunk, options):
        if os.getpid() != parent:
            raise RuntimeError("a worker's bad day")
        return real(chunk, options)

    monkeypatch.setattr(workers, "_work", failing)
    assert run(capsys, "--jobs", "2", *args) == expected


@pytest.mark.skipif(not os.path.exists(f"/proc/{os.getpid()}/wchan"), reason="reads a process's state in /proc")
def test_a_worker_never_waits_for_this_process_to_read():
    """While this process does a task of its own, a worker sends every result it has (here more than a
    pipe's default 64 KB) and ends: it is never left waiting in `write` for this process to read."""
    from lambda6lint.pool import PIPE_BYTES, Pool, _roomy

    if _pipe_size_after(_roomy) < PIPE_BYTES:
        pytest.skip("this system does not let a pipe hold PIPE_BYTES (F_SETPIPE_SZ): workers may wait there")
    parent = os.getpid()
    pids: list[int] = []

    def worker_state() -> str:
        """`exited` once the worker has sent all it had, `blocked` if it waits to write."""
        for _ in range(60_000):  # (a guard against a hang only: each check takes a millisecond)
            with open(f"/proc/{pids[0]}/stat") as stat:
                if stat.read().rpartition(")")[2].split()[0] == "Z":
                    return "exited"
            with open(f"/proc/{pids[0]}/wchan") as wchan:
                if "pipe_write" in wchan.read():
                    return "blocked"
            time.sleep(0.001)
        return "still working"

    # (the worker's first task waits until this process has begun one of its own: with room for all it sends,
    # a worker on a free core could otherwise take every task before this process takes one)
    began_read, began_write = os.pipe()
    waited: list[bool] = []

    def work(number: int) -> object:
        if os.getpid() == parent:
            os.write(began_write, b"!")
            return worker_state()
        if not waited:
            waited.append(bool(os.read(began_read, 1)))
        return bytes(150_000)

    pool = Pool(5, work, 2)
    pids.extend(pool.pids)
    try:
        results = [pool.result(i) for i in range(5)]
    finally:
        pool.close()
        os.close(began_read)
        os.close(began_write)
    assert sorted(results, key=str) == [bytes(150_000)] * 4 + ["exited"]  # (not "blocked")


def _pipe_size_after(enlarge) -> int:
    """What a new pipe holds once `enlarge` has asked for more (0 where the system cannot say)."""
    import contextlib
    import fcntl

    read, write = os.pipe()
    try:
        enlarge(read)
        with contextlib.suppress(AttributeError, OSError):
            return fcntl.fcntl(read, fcntl.F_GETPIPE_SZ)
        return 0
    finally:
        os.close(read)
        os.close(write)


def test_only_what_a_worker_sends_is_packed_and_unpacked():
    """A worker sends `pack(result)` and this process reads it back with `unpack`; the tasks this process
    does itself while it waits are used as they are (no rebuilding of their findings)."""
    from lambda6lint.pool import Pool

    parent = os.getpid()
    # (each side's first task waits until the other has begun one: both do some, however they are scheduled)
    began_read, began_write = os.pipe()
    took_read, took_write = os.pipe()
    waited: list[bool] = []

    def work(number: int) -> tuple[int, bool]:
        here = os.getpid() == parent
        if not waited:
            os.write(began_write if here else took_write, b"!")
            waited.append(bool(os.read(took_read if here else began_read, 1)))
        return number, here

    pool = Pool(6, work, 2, pack=lambda result: ("packed", result), unpack=lambda packed: ("unpacked", packed))
    try:
        results = [pool.result(i) for i in range(6)]
    finally:
        pool.close()
        for fd in (began_read, began_write, took_read, took_write):
            os.close(fd)
    here = [i for i, got in enumerate(results) if got == (i, True)]
    there = [i for i, got in enumerate(results) if got == ("unpacked", ("packed", (i, False)))]
    assert here and there and sorted(here + there) == list(range(6))
