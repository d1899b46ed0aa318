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
