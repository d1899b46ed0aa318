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


def test_schema_is_in_the_repository(sarif_validator):
    """A fresh clone validates SARIF without anything beside the repository."""
    assert (ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").is_file()
    assert sarif_validator.schema["properties"]["version"]["enum"] == ["2.1.0"]


def test_severities_for_code_scanning(sarif_validator):
    log = sarif_of("fixtures/W9620", "fixtures/W9601")
    assert not list(sarif_validator.iter_errors(log))
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    for rule in engine.registry():
        properties = rules[rule.id]["properties"]
        assert (
            properties["problem.severity"]
            == {"error": "error", "warning": "warning", "note": "recommendation"}[rule.severity]
        )
        if "security" in rule.tags:  # findings that break traffic: code scanning's security severities
            score = float(properties["security-severity"])
            assert properties["security-severity"] == str(score) and 0.1 <= score <= 10.0
        else:  # a value would make code scanning treat the rule's results as security alerts
            assert "security-severity" not in properties
    assert {r.id for r in engine.registry() if "security" in r.tags} == {"W9610", "W9611", "W9620"}
    assert float(rules["W9620"]["properties"]["security-severity"]) < 7.0  # a warning shows as medium, not high


def test_help_uri_is_pinned_to_this_release():
    from lambda6lint import __version__

    for rule in sarif_of("fixtures/W9601")["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["helpUri"].startswith(
            f"https://github.com/lambda6lint/lambda6lint/blob/v{__version__}/docs/rules.md#"
        )
        assert rule["helpUri"] in rule["help"]["markdown"]
    anchors = {f"{r.id.lower()}-{r.name}" for r in engine.registry()}
    headings = {
        line[3:].lower().replace(" ", "-")
        for line in (ROOT / "docs" / "rules.md").read_text().splitlines()
        if line.startswith("## ")
    }
    assert anchors <= headings  # GitHub's heading anchors exist for every helpUri


def test_category_and_execution_success(capsys):
    from lambda6lint.cli import main

    silent = "fixtures/E9602/good-all-subnets-dual-stack.yaml"  # silent for every rule
    assert main(["--format", "sarif", "--sarif-category", "infra/prod", silent]) == 0
    run = json.loads(capsys.readouterr().out)["runs"][0]
    assert run["automationDetails"]["id"] == "infra/prod/"  # category "infra/prod", no run id
    assert run["invocations"][0]["executionSuccessful"] is True
    assert main(["--format", "sarif", "fixtures/E9600/bad-unclosed-flow.yaml"]) == 2
    run = json.loads(capsys.readouterr().out)["runs"][0]
    assert run["automationDetails"]["id"] == "lambda6lint/"
    assert run["invocations"][0]["executionSuccessful"] is False
    assert main(["--format", "sarif", "--sarif-category", "", "fixtures/W9601/good-flag-true.yaml"]) == 2
