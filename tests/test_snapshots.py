"""Snapshot of every finding on every fixture and example, ruff-style: any change in messages,
lines or which rules fire shows up as a diff to review. Regenerate with
`LAMBDA6LINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py`."""

from __future__ import annotations

import os

from conftest import ROOT

from lambda6lint import engine
from lambda6lint.report import text

SNAPSHOT = ROOT / "tests" / "snapshots" / "findings.txt"


def current() -> str:
    os.chdir(ROOT)
    result = engine.lint(["fixtures", "examples"])
    return text.render(result)


def test_findings_snapshot(monkeypatch):
    monkeypatch.chdir(ROOT)
    got = current()
    if os.environ.get("LAMBDA6LINT_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(got, encoding="utf-8")
    want = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    assert got == want, "findings changed: review, then regenerate with LAMBDA6LINT_UPDATE_SNAPSHOTS=1"


def test_files_linted_together_give_the_same_findings_as_alone(monkeypatch):
    """One graph holds every template of a run: nothing unknown in one file may silence or
    trigger a finding in another."""
    monkeypatch.chdir(ROOT)
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "fixtures").glob("[EWI]*/*") if p.suffix != ".expect")

    def keys(result):
        return sorted(
            (f.location.path, f.location.line, f.location.column, f.rule.id, f.message) for f in result.findings
        )

    together = keys(engine.lint(files))
    alone = sorted(k for path in files for k in keys(engine.lint([path])))
    assert together == alone
