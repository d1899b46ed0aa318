"""SARIF output: valid against the 2.1.0 schema and acceptable to GitHub code scanning."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, ROOT

from lambda6lint import engine
from lambda6lint.report import sarif


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def sarif_of(*paths):
    return json.loads(sarif.render(engine.lint(list(paths))))


def test_every_fixture_run_is_valid_sarif(sarif_validator):
    log = sarif_of("fixtures", "examples")
    errors = sorted(sarif_validator.iter_errors(log), key=str)
    assert not errors, errors[0].message
    assert log["runs"][0]["results"], "the fixtures produce findings"


def test_github_upload_contract():
    log = sarif_of("fixtures")
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    assert run["automationDetails"]["id"].startswith("lambda6lint")
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in engine.registry()]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert len(rule["fullDescription"]["text"]) <= 1024
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert 0 < len(rule["properties"]["tags"]) <= 20
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["region"]["startLine"] >= 1
        assert not physical["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert physical["artifactLocation"]["uriBaseId"] == "SRCROOT"
        assert result["partialFingerprints"]["lambda6lint/v1"]
        for related in result.get("relatedLocations", []):
            assert related["physicalLocation"]["region"]["startLine"] >= 1


def test_resource_is_a_logical_location_and_related_locations_name_the_route_table():
    log = sarif_of("fixtures/W9610/bad-shared-route-table-no-eigw.yaml")
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "W9610")
    assert result["locations"][0]["logicalLocations"][0]["name"] == "PrivateRouteTable"
    related = [r["message"]["text"] for r in result["relatedLocations"]]
    assert any("IngestFunction" in text for text in related)


def test_input_errors_are_results_and_notifications(sarif_validator):
    log = sarif_of("fixtures/E9600")
    run = log["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert {n["descriptor"]["id"] for n in notes} == {"E9600"}
    broken = [p for p in (FIXTURES / "E9600").glob("bad-*") if p.suffix != ".expect"]  # one error each
    assert len(notes) == len([r for r in run["results"] if r["ruleId"] == "E9600"]) == len(broken)
    assert not list(sarif_validator.iter_errors(log))


def test_fingerprints_survive_moved_lines(tmp_path, monkeypatch):
    source = (FIXTURES / "W9610" / "bad-shared-route-table-no-eigw.yaml").read_text()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.yaml").write_text(source)
    before = sarif_of("t.yaml")["runs"][0]["results"]
    shifted = source.replace("Resources:\n", "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n\n", 1)
    (tmp_path / "t.yaml").write_text(shifted)
    after = sarif_of("t.yaml")["runs"][0]["results"]
    line = lambda r: r["locations"][0]["physicalLocation"]["region"]["startLine"]  # noqa: E731
    assert [line(r) + 3 for r in before] == [line(r) for r in after]
    fingerprints = lambda rs: [r["partialFingerprints"]["lambda6lint/v1"] for r in rs]  # noqa: E731
    assert fingerprints(before) == fingerprints(after)
    assert len(set(fingerprints(before))) == len(before)
