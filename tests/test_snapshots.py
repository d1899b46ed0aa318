"""Snapshots of every finding on every fixture and example, one file per rule (ruff-style): a
change in a rule's messages, lines, related locations or where it fires shows up as a diff in its
own file. Regenerate with `LAMBDA6LINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py`
and review the diff."""

from __future__ import annotations

import functools
import os

import pytest
from conftest import ROOT

from lambda6lint import engine
from lambda6lint.findings import Finding

SNAPSHOTS = ROOT / "tests" / "snapshots"


def line(f: Finding) -> str:
    text = f"{f.location.path}:{f.location.line}:{f.location.column}: {f.rule.id} {f.message}"
    text += f" [{f.resource_path or f.resource}]" if f.resource else ""
    text += f" (suppressed: {f.suppressed})" if f.suppressed else ""
    related = [f"    {where.path}:{where.line}:{where.column}: {note}" for where, note in f.related]
    return "\n".join([text, *related])


@functools.cache
def current() -> dict[str, str]:
    """Rule id → its findings over the fixtures and examples, in report order."""
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = engine.lint(["fixtures", "examples"])
    finally:
        os.chdir(cwd)
    by_rule: dict[str, list[str]] = {r.id: [] for r in engine.registry()}
    for f in result.findings:
        by_rule[f.rule.id].append(line(f))
    return {rule: "\n".join(lines) + "\n" for rule, lines in by_rule.items()}


@pytest.mark.parametrize("rule", [r.id for r in engine.registry()])
def test_findings_snapshot(rule):
    got = current()[rule]
    path = SNAPSHOTS / f"{rule}.txt"
    if os.environ.get("LAMBDA6LINT_UPDATE_SNAPSHOTS"):
        path.write_text(got, encoding="utf-8")
    want = path.read_text(encoding="utf-8") if path.exists() else ""
    assert got == want, f"{rule} findings changed: review, then regenerate with LAMBDA6LINT_UPDATE_SNAPSHOTS=1"


def test_no_snapshot_of_a_rule_that_is_gone():
    rules = {r.id for r in engine.registry()}
    assert {p.stem for p in SNAPSHOTS.glob("*.txt")} <= rules


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
