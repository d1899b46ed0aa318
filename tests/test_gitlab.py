"""`--format gitlab`: a GitLab Code Quality report, checked against a schema written from GitLab's docs."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import ROOT

from lambda6lint import engine
from lambda6lint.cli import main
from lambda6lint.findings import Finding
from lambda6lint.model import Location
from lambda6lint.report import gitlab

SCHEMA = ROOT / "tests" / "schemas" / "gitlab-codequality.json"
EXAMPLE = ROOT / "examples" / "sam-app" / "template.yaml"


@pytest.fixture(scope="module")
def validator():
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def report(capsys, *argv):
    code = main(["--format", "gitlab", *argv])
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), err
    return json.loads(out)


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_every_fixture_gives_a_valid_report(validator, capsys, at_root):
    issues = report(capsys, "fixtures")
    assert len(issues) > 30
    assert not list(validator.iter_errors(issues)), list(validator.iter_errors(issues))[:3]
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # GitLab keeps one issue per fingerprint
    assert {i["check_name"] for i in issues} >= {"E9600", "W9601", "W9650", "I9651"}
    assert all(i["location"]["path"].startswith("fixtures/") for i in issues)


def test_shape_of_one_issue(validator, capsys, at_root):
    issues = report(capsys, "examples/sam-app")
    assert not list(validator.iter_errors(issues))
    w9601 = next(i for i in issues if i["check_name"] == "W9601")
    assert w9601["severity"] == "major"
    assert w9601["description"].startswith("W9601 Function ThumbnailFunction")
    assert w9601["description"].endswith("[ThumbnailFunction]")
    assert w9601["location"] == {"path": "examples/sam-app/template.yaml", "lines": {"begin": 138}}
    i9651 = next(i for i in issues if i["check_name"] == "I9651")
    assert i9651["severity"] == "info" and i9651["categories"] == ["Performance"]
    json_out = main(["--format", "json", "examples/sam-app"])
    assert json_out == 1
    data = json.loads(capsys.readouterr()[0])
    assert {f["fingerprint"] for f in data["findings"]} == {i["fingerprint"] for i in issues}


def test_severities_map_and_follow_overrides(at_root):
    assert gitlab.SEVERITIES == {"error": "critical", "warning": "major", "note": "info"}
    result = engine.lint(["examples/sam-app"], engine.Options(severity={"W9601": "error", "I": "warning"}))
    levels = {i["check_name"]: i["severity"] for i in gitlab.document(result)}
    assert levels == {"W9601": "critical", "W9630": "major", "I9651": "major"}


def test_input_errors_start_at_line_one_or_later(validator, capsys, at_root):
    issues = report(capsys, "fixtures/E9600")
    assert issues and {i["check_name"] for i in issues} == {"E9600"}
    assert all(i["severity"] == "critical" and i["location"]["lines"]["begin"] >= 1 for i in issues)
    assert not list(validator.iter_errors(issues))


def test_fingerprints_survive_moved_lines_and_other_folders(tmp_path, monkeypatch, capsys):
    (tmp_path / ".git").mkdir()
    (tmp_path / "infra").mkdir()
    template = tmp_path / "infra" / "app.yaml"
    shutil.copy(EXAMPLE, template)
    monkeypatch.chdir(tmp_path)
    before = report(capsys, "infra")
    template.write_text(
        template.read_text().replace("Resources:\n", "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n", 1)
    )
    after = report(capsys, "infra")
    assert [i["location"]["lines"]["begin"] + 2 for i in before] == [i["location"]["lines"]["begin"] for i in after]
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]
    monkeypatch.chdir(tmp_path / "infra")
    from_inside = report(capsys, "app.yaml")
    assert [i["fingerprint"] for i in from_inside] == [i["fingerprint"] for i in before]
    assert {i["location"]["path"] for i in from_inside} == {"infra/app.yaml"}


def test_suppressed_findings_are_left_out_and_empty_is_an_array(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    text = EXAMPLE.read_text().replace(
        "Resources:\n", "Metadata:\n  lambda6lint:\n    ignore: [W96, I]\nResources:\n", 1
    )
    (tmp_path / "t.yaml").write_text(text)
    assert report(capsys, "t.yaml") == []
    assert main(["--format", "gitlab", "t.yaml"]) == 0
    assert capsys.readouterr()[0] == "[]\n"


def test_output_file(tmp_path, capsys, at_root, validator):
    out = tmp_path / "gl-code-quality-report.json"
    assert main(["--format", "gitlab", "-o", str(out), "examples/sam-app"]) == 1
    assert capsys.readouterr()[0] == ""
    issues = json.loads(out.read_text())
    assert len(issues) == 3 and not list(validator.iter_errors(issues))


def test_repeated_fingerprints_are_made_unique():
    rule = engine.rule_by_id("W9601")
    twins = [Finding(rule, "same", Location("a.yaml", line), resource="Fn") for line in (3, 9)]
    issues = gitlab.document(engine.Result(findings=twins))
    assert issues[0]["fingerprint"] == twins[0].fingerprint
    assert issues[1]["fingerprint"] != issues[0]["fingerprint"]
    again = gitlab.document(engine.Result(findings=twins))
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in issues]


def test_the_renderer_is_loaded_only_for_its_format():
    import subprocess
    import sys

    code = "import sys; from lambda6lint.cli import main; main(['--format', 'text', 'examples/sam-app']); "
    code += "print('lambda6lint.report.gitlab' in sys.modules, 'jsonschema' in sys.modules, file=sys.stderr)"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.stderr.strip().splitlines()[-1] == "False False"
