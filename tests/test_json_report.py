"""`--format json` has a documented schema (docs/report.schema.json): every report the fixtures give
must satisfy it, and a field added to the report without it fails here."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from jsonschema import Draft202012Validator

from lambda6lint.cli import main

SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text())


def test_the_schema_is_a_valid_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("paths", [["fixtures"], ["examples"]], ids=["fixtures", "examples"])
def test_every_report_satisfies_the_schema(capsys, paths):
    main(["--format", "json", "--explain", *[str(ROOT / p) for p in paths]])
    report = json.loads(capsys.readouterr().out)
    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(report), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert report["findings"]
    if paths == ["fixtures"]:  # (the schema's every kind of subject is met)
        assert {u["subject_kind"] for u in report["undecided"]} == {"function", "nat_gateway", "api", "module_call"}
        assert {"loop", "module call"} <= {u["subject_noun"] for u in report["undecided"]}


def test_statistics_satisfy_the_schema(capsys):
    main(["--format", "json", "--statistics", str(ROOT / "fixtures")])
    rows = json.loads(capsys.readouterr().out)
    validator = Draft202012Validator({**SCHEMA["$defs"]["statistics"], "$defs": SCHEMA["$defs"]})
    assert rows and not list(validator.iter_errors(rows))


def test_a_field_the_schema_does_not_name_fails():
    report = {"version": "0", "files": [], "sources": {}, "findings": [], "undecided": [], "summary": "", "extra": 1}
    assert list(Draft202012Validator(SCHEMA).iter_errors(report))


PLAN_SCHEMA = json.loads((ROOT / "docs" / "plan.schema.json").read_text())


def test_the_plan_schema_is_a_valid_2020_12_schema():
    Draft202012Validator.check_schema(PLAN_SCHEMA)


@pytest.mark.parametrize(
    "arguments",
    [["fixtures"], ["examples"], ["--gb-per-month", "120", "fixtures"]],
    ids=["fixtures", "examples", "data-estimated"],
)
def test_every_plan_satisfies_the_plan_schema(capsys, arguments):
    """`lambda6lint plan --format json` feeds dashboards: its shape is documented (docs/plan.schema.json)."""
    main(["plan", "--format", "json", *[str(ROOT / a) if a in ("fixtures", "examples") else a for a in arguments]])
    plan = json.loads(capsys.readouterr().out)
    errors = sorted(Draft202012Validator(PLAN_SCHEMA).iter_errors(plan), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    nats = [n for v in plan["vpcs"] for n in v["nat_gateways"]]
    if arguments == ["fixtures"]:  # (the schema's every status, blocker and node kind is met)
        assert {n["status"] for n in nats} == {"ready", "steps-left", "blocked", "undecided", "idle", "private"}
        assert {b["kind"] for n in nats for b in n["blockers"]} >= {"egress-host", "nat64", "static-ip"}
        assert plan["errors"] and any(n["steps"] for n in nats)


def test_a_plan_with_a_baseline_satisfies_the_plan_schema(tmp_path, capsys, monkeypatch):
    """With the one blocker kind the fixtures lack: a NAT gateway kept on purpose (W9650 suppressed)."""
    monkeypatch.chdir(tmp_path)
    text = (ROOT / "fixtures" / "W9650" / "bad-nat-per-az.yaml").read_text()
    (tmp_path / "t.yaml").write_text((ROOT / "fixtures" / "E9600" / "good-valid-template.yaml").read_text())
    main(["--write-baseline", "baseline.json", "t.yaml"])  # (before the change: no NAT gateway)
    kept = "  # lambda6lint:ignore W9650 partner allow-list\n  NatGatewayB:"
    (tmp_path / "t.yaml").write_text(text.replace("  NatGatewayB:", kept))
    capsys.readouterr()
    main(["plan", "--format", "json", "--baseline", "baseline.json", "t.yaml"])
    plan = json.loads(capsys.readouterr().out)
    assert plan["delta"]
    assert [b["kind"] for v in plan["vpcs"] for n in v["nat_gateways"] for b in n["blockers"]] == ["kept"]
    assert not list(Draft202012Validator(PLAN_SCHEMA).iter_errors(plan))


def test_a_plan_field_the_schema_does_not_name_fails():
    plan = {"version": "0", "prices": {}, "summary": {}, "delta": None, "vpcs": [], "errors": [], "extra": 1}
    assert any(e.validator == "additionalProperties" for e in Draft202012Validator(PLAN_SCHEMA).iter_errors(plan))
