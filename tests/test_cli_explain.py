"""The command line of "decide more and say what could not be decided" (#11): --explain, parameter
values, an empty run, and a summary that counts each kind of source."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, ROOT, run

EXAMPLE = ROOT / "examples" / "sam-app" / "template.yaml"


@pytest.fixture
def from_parameter(tmp_path):
    """The bundled example with its subnets taken from a parameter: three findings go silent."""
    text = EXAMPLE.read_text()
    text = text.replace(
        "        SubnetIds:\n          - !Ref PrivateSubnetA\n          - !Ref PrivateSubnetB",
        "        SubnetIds: !Ref FunctionSubnets",
    )
    text = text.replace(
        "Resources:\n", "Parameters:\n  FunctionSubnets:\n    Type: CommaDelimitedList\n\nResources:\n", 1
    )
    path = tmp_path / "template.yaml"
    path.write_text(text)
    return path


def test_the_summary_says_what_could_not_be_checked(capsys, from_parameter):
    code, out, _ = run(capsys, str(from_parameter))
    assert code == 0
    assert out.strip() == (
        "No problems in 1 template. 1 function and 1 NAT gateway not fully checked: --explain shows why."
    )


def test_explain_lists_the_unknowns_with_their_causes(capsys, from_parameter):
    _, out, _ = run(capsys, str(from_parameter), "--explain")
    lines = out.splitlines()
    assert lines[0].endswith("not fully checked: function ThumbnailFunction")
    assert "the subnet list comes from parameter `FunctionSubnets` (pass its value to decide it)" in lines[1]
    assert any("not fully checked: NAT gateway NatGateway" in line for line in lines)
    assert lines[-1].endswith("not fully checked (above).")


def test_a_parameter_value_brings_the_findings_back(capsys, from_parameter, tmp_path):
    values = tmp_path / "prod.json"
    values.write_text(json.dumps([{"ParameterKey": "FunctionSubnets", "ParameterValue": "subnet-1,subnet-2"}]))
    # literal ids of subnets not in the run: still unknown, and said so
    _, out, _ = run(capsys, str(from_parameter), "--parameters", str(values), "--explain")
    assert "is the literal id `subnet-1`, a resource that is not in this run" in out


def test_parameter_flag_and_settings_file(capsys, tmp_path):
    template = tmp_path / "template.yaml"
    template.write_text(
        (ROOT / "tests" / "test_parameters.py").read_text().split('TEMPLATE = """\\\n')[1].split('"""')[0]
    )
    code, out, _ = run(capsys, str(template), "--isolated")
    assert "W9601" not in out  # the condition hangs on a parameter
    code, out, _ = run(capsys, str(template), "--isolated", "--parameter", "Ipv6=yes")
    assert "W9601" in out and code == 1
    (tmp_path / ".lambda6lint.toml").write_text('[cloudformation]\nparameters = { Ipv6 = "yes" }\n')
    code, out, _ = run(capsys, str(template), "--config", str(tmp_path / ".lambda6lint.toml"))
    assert "W9601" in out
    code, out, _ = run(capsys, str(template), "--config", str(tmp_path / ".lambda6lint.toml"), "--parameter", "Ipv6=no")
    assert "W9601" not in out  # the command line wins


def test_a_bad_parameter_file_is_a_usage_error(capsys, tmp_path):
    bad = tmp_path / "p.json"
    bad.write_text('{"Tags": {}}')
    code, _, err = run(capsys, str(EXAMPLE), "--parameters", str(bad))
    assert code == 2 and "not a parameter file" in err


def test_nothing_to_lint_is_an_error(capsys, tmp_path):
    (tmp_path / "notes.yaml").write_text("a: 1\n")
    code, _, err = run(capsys, str(tmp_path))
    assert code == 2
    assert "no templates, CDK assemblies or Terraform modules found in" in err
    assert run(capsys, str(tmp_path), "--allow-empty")[0] == 0
    assert run(capsys, "--only-templates", str(tmp_path / "notes.yaml"))[0] == 0  # pre-commit


def test_the_summary_counts_each_kind_of_source(capsys):
    code, out, _ = run(
        capsys,
        str(FIXTURES / "cdk" / "nat-ready"),
        str(FIXTURES / "W9601" / "good-flag-true"),
        str(FIXTURES / "W9601" / "good-flag-true.yaml"),
        "--select",
        "E9603",
    )
    assert out.strip().startswith("No problems in 1 template, 1 CDK assembly and 1 Terraform module.")


def test_json_and_sarif_carry_what_could_not_be_decided(capsys, from_parameter, sarif_validator):
    _, out, _ = run(capsys, str(from_parameter), "--format", "json")
    document = json.loads(out)
    assert document["sources"] == {"template": 1}
    (first,) = [u for u in document["undecided"] if u["subject_kind"] == "function"]
    assert first["subject"] == "ThumbnailFunction" and "FunctionSubnets" in first["cause"]
    _, out, _ = run(capsys, str(from_parameter), "--format", "sarif")
    sarif = json.loads(out)
    sarif_validator.validate(sarif)
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any(n["level"] == "note" and "FunctionSubnets" in n["message"]["text"] for n in notes)
    assert sarif["runs"][0]["results"] == []


def test_explain_reaches_the_github_and_markdown_formats(capsys, from_parameter):
    """--explain did nothing with github, gitlab or markdown. GitHub: the list, folded in the log (no
    annotation: nothing was found); markdown: a section of its own; gitlab: a usage error, as its
    code quality report has no place for it."""
    code, out, _ = run(capsys, str(from_parameter), "--explain", "--format", "github")
    lines = out.splitlines()
    start, end = lines.index("::group::Not fully checked (--explain)"), lines.index("::endgroup::")
    inside = lines[start + 1 : end]
    assert code == 0 and any("not fully checked: function ThumbnailFunction" in line for line in inside)
    assert not any(line.lstrip().startswith("::") for line in inside)
    assert lines[-1].endswith("not fully checked (above).")
    code, out, _ = run(capsys, str(from_parameter), "--explain", "--format", "markdown")
    assert code == 0 and "#### Not fully checked" in out and "not fully checked \\(below\\)" in out
    assert "- function ThumbnailFunction: the subnet list comes from parameter \\`FunctionSubnets\\`" in out
    code, _, err = run(capsys, str(from_parameter), "--explain", "--format", "gitlab")
    assert code == 2 and "GitLab's code quality has no place for it" in err
    _, out, _ = run(capsys, str(from_parameter), "--format", "markdown")
    assert "Not fully checked" not in out and "--explain shows why" in out.replace("\\", "")
