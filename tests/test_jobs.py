"""`--jobs`: workers find what one process finds, in the same order, with the same exit status.

Equivalence only: no timing is asserted (bench/bench.py measures the speed-up).
"""

from __future__ import annotations

import os

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
