"""The command line as a user meets it: options, formats, exit status."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT, run

from lambda6lint import __version__
from lambda6lint.cli import main

W9601_BAD = "fixtures/W9611/bad-dualstack-function-in-public-subnets.yaml"
EXAMPLE = "examples/sam-app"


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_findings_exit_1_and_compiler_style_lines(capsys):
    code, out, _ = run(capsys, EXAMPLE)
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith("examples/sam-app/template.yaml:")
    path, line, column, rest = first.split(":", 3)
    assert int(line) >= 1 and int(column) >= 1
    assert rest.split()[0] in {"W9601", "W9630", "I9651"}
    assert rest.rstrip().endswith("]")
    assert out.splitlines()[-1].startswith("Found 3 problems")


def test_clean_template_exits_0(capsys):
    code, out, _ = run(capsys, "fixtures/E9600/good-valid-template.yaml")
    assert code == 0
    assert out.strip() == "No problems in 1 template."


def test_fail_on_error_ignores_warnings_and_notes(capsys):
    assert run(capsys, "--fail-on", "error", EXAMPLE)[0] == 0
    assert run(capsys, "--fail-on", "note", "--select", "I9651", EXAMPLE)[0] == 1
    assert run(capsys, "--fail-on", "warning", "--select", "I9651", EXAMPLE)[0] == 0


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--select", "W9601"], {"W9601"}),
        (["--select", "function-dualstack-disabled"], {"W9601"}),
        (["--select", "W96"], {"W9601", "W9630"}),
        (["--ignore", "W9630,I9651"], {"W9601"}),
        (["--select", "W96", "--ignore", "missing-gateway-endpoint"], {"W9601"}),
        (["--ignore", "I"], {"W9601", "W9630"}),
    ],
)
def test_select_and_ignore(capsys, options, expected):
    _, out, _ = run(capsys, "--format", "json", *options, EXAMPLE)
    assert {f["rule"] for f in json.loads(out)["findings"]} == expected


def test_unknown_rule_is_a_usage_error(capsys):
    code, _, err = run(capsys, "--select", "X1234", EXAMPLE)
    assert code == 2 and "X1234" in err


def test_missing_path_is_a_usage_error(capsys):
    code, _, err = run(capsys, "no/such/dir")
    assert code == 2 and "no/such/dir" in err


def test_bad_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--format", "xml", EXAMPLE])
    assert exc.value.code == 2


def test_output_file(tmp_path, capsys):
    target = tmp_path / "out.sarif"
    code, out, _ = run(capsys, "--format", "sarif", "--output", str(target), EXAMPLE)
    assert code == 1 and out == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"


def test_json_format_shape(capsys):
    _, out, _ = run(capsys, "--format", "json", EXAMPLE)
    doc = json.loads(out)
    finding = doc["findings"][0]
    assert set(finding) >= {"rule", "name", "severity", "message", "path", "line", "column", "resource", "fingerprint"}
    assert doc["files"] == ["examples/sam-app/template.yaml"]


def test_github_annotations(capsys):
    _, out, _ = run(capsys, "--format", "github", EXAMPLE)
    lines = [line for line in out.splitlines() if line.startswith("::")]
    assert len(lines) == 3
    assert lines[0].startswith("::notice file=examples/sam-app/template.yaml,line=68,col=3,title=I9651 ")
    assert all("\n" not in line and "::" in line[2:] for line in lines)


def test_input_error_exit_2_and_other_files_still_linted(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("Resources:\n  A:\n    Type: AWS::SQS::Queue\n  A:\n    Type: AWS::SQS::Queue\n")
    code, out, _ = run(capsys, str(broken), EXAMPLE)
    assert code == 2
    assert f"{broken}:4:3: E9600" in out
    assert "W9601" in out


def test_rules_command(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["E9600", "input-error", "error"]
    code, out, _ = run(capsys, "rules", "--format", "json")
    rows = json.loads(out)
    assert {"id", "name", "severity", "summary"} <= set(rows[0])
    assert [r["id"] for r in rows][:2] == ["E9600", "W9601"]


def test_version_and_help(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "examples:" in capsys.readouterr().out


def test_no_colour_when_not_a_terminal(capsys):
    _, out, _ = run(capsys, EXAMPLE)
    assert "\033[" not in out


def test_python_dash_m_and_default_path(tmp_path):
    (tmp_path / "t.yaml").write_text((ROOT / W9601_BAD).read_text())
    (tmp_path / "workflow.yml").write_text("on: push\njobs: {}\n")
    proc = subprocess.run([sys.executable, "-m", "lambda6lint"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("t.yaml:")
    assert "in 1 template" in proc.stdout


def test_only_templates_skips_non_templates(tmp_path, capsys):
    workflow = tmp_path / "ci.yml"
    workflow.write_text("name: ci\non: push\n")
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    assert run(capsys, "--only-templates", str(workflow), str(empty))[0] == 0
    assert run(capsys, str(empty))[0] == 2


def test_ignored_input_errors_do_not_make_the_exit_status_2(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("Resources:\n  A:\n    Type: AWS::SQS::Queue\n  A:\n    Type: AWS::SQS::Queue\n")
    assert run(capsys, str(broken))[0] == 2
    code, out, _ = run(capsys, "--ignore", "E9600", str(broken))
    assert code == 0 and "E9600" not in out
