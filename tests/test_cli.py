"""The command line as a user meets it: options, formats, exit status."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest
from conftest import FIXTURES, ROOT, run

from lambda6lint import __version__, engine
from lambda6lint.cli import main

W9601_BAD = "fixtures/W9611/bad-dualstack-function-in-public-subnets.yaml"
SERVERLESS_TEMPLATE = ".serverless/cloudformation-template-update-stack.json"
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
    code, _, err = run(capsys, "-")  # (cfn-lint's and ruff's way to read standard input: not ours; helper)
    assert code == 2 and "standard input is not read: name the files or folders to lint" in err


def test_bad_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--format", "xml", EXAMPLE])
    assert exc.value.code == 2


def test_output_file(tmp_path, capsys):
    target = tmp_path / "out.sarif"
    code, out, err = run(capsys, "--format", "sarif", "--output", str(target), EXAMPLE)
    assert code == 1 and out == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"
    # a red CI step says why: the summary goes to stderr
    assert err == (
        "Found 3 problems (2 warnings, 1 note) in 1 template. NAT gateways that could go: 1, est. $36.50/month "
        f"+ $0.045/GB. Report: {target}\n"
    )
    assert run(capsys, "--quiet", "--format", "sarif", "-o", str(target), EXAMPLE)[1:] == ("", "")


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
    assert {"id", "name", "severity", "summary", "tags", "help_uri", "source_url", "doc"} <= set(rows[0])
    assert [r["id"] for r in rows][:2] == ["E9600", "W9601"]
    w9601 = rows[1]
    assert (
        set(w9601["doc"]) == {"what", "why", "bad", "good", "fix", "examples"}
        and "Ipv6AllowedForDualStack" in w9601["doc"]["good"]
    )
    assert w9601["help_uri"].endswith("/docs/rules.md#w9601-function-dualstack-disabled")
    assert w9601["source_url"].startswith("https://docs.aws.amazon.com/")


@pytest.mark.parametrize("argv", [["rule", "W9601"], ["rule", "w9601"], ["rule", "function-dualstack-disabled"]])
def test_rule_prints_full_documentation(capsys, argv):
    from lambda6lint.engine import rule_by_id

    code, out, _ = run(capsys, *argv)
    rule = rule_by_id("W9601")
    assert code == 0
    assert out.startswith("# function-dualstack-disabled (W9601)\n")
    for heading in ("## What it does", "## Why is this bad?", "## Example", "Use instead:", "## Fix"):
        assert heading in out
    assert rule.doc.why in out and rule.doc.fix in out and rule.doc.good.strip() in out
    assert rule.help_uri in out and rule.source_url in out
    # every input format's example, as docs/rules.md has them (only CloudFormation's was printed)
    (terraform,) = [e for e in rule.doc.examples if e.format == "terraform"]
    assert "## Example (Terraform)\n```hcl\n" + terraform.bad.rstrip("\n") + "\n```" in out
    assert terraform.good.strip() in out and "## Example (CloudFormation)\n```yaml\n" in out


def test_rules_with_patterns_document_each_match(capsys):
    code, out, _ = run(capsys, "rules", "W961")
    titles = [line for line in out.splitlines() if line.startswith("# ") and line.endswith(")")]
    assert code == 0 and titles == [
        "# missing-ipv6-default-route (W9610)",
        "# function-in-public-subnet (W9611)",
        "# dns64-without-nat64-route (W9612)",
    ]
    code, out, _ = run(capsys, "rule", "W9601", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["W9601"]
    assert [e["format"] for e in json.loads(out)[0]["doc"]["examples"]] == ["cloudformation", "terraform"]
    code, _, err = run(capsys, "rule", "W96")  # `rule` wants one rule exactly ("no rule matches": helper)
    assert code == 2 and "`rule` takes one rule's id or name; 'W96' matches 9 (see `lambda6lint rules W96`)" in err
    assert run(capsys, "rules", "X1")[0] == 2


def test_version_and_help(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "examples:" in out
    for kind in ("CloudFormation and SAM templates", "CDK cloud assemblies", "Terraform modules", "Terraform plans"):
        assert kind in out
    for command in ("lambda6lint rules", "lambda6lint rule RULE"):
        assert command in out


def test_no_colour_when_not_a_terminal(capsys):
    _, out, _ = run(capsys, EXAMPLE)
    assert "\033[" not in out


def test_color_option(capsys, monkeypatch):
    assert "\033[33mW9601\033[0m" in run(capsys, "--color", "always", EXAMPLE)[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" in run(capsys, "--color", "always", EXAMPLE)[1]  # an explicit flag wins over NO_COLOR
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert "\033[" not in run(capsys, "--color", "auto", EXAMPLE)[1]  # a terminal, but NO_COLOR
    monkeypatch.delenv("NO_COLOR")
    assert "\033[" in run(capsys, EXAMPLE)[1]  # auto, on a terminal
    assert "\033[" not in run(capsys, "--color", "never", EXAMPLE)[1]


@pytest.mark.parametrize("options", [["--exit-zero"], ["--fail-on", "never"], ["--fail-on", "note", "--exit-zero"]])
def test_exit_zero_and_fail_on_never(capsys, options, tmp_path):
    code, out, _ = run(capsys, *options, EXAMPLE)
    assert code == 0 and "Found 3 problems" in out
    broken = tmp_path / "broken.yaml"
    broken.write_text("Resources: [\n")
    assert run(capsys, *options, str(broken))[0] == 2  # an unreadable template still fails


def test_fail_on_never_in_the_settings_file(capsys, tmp_path, monkeypatch):
    (tmp_path / ".lambda6lint.toml").write_text('fail-on = "never"\n')
    (tmp_path / "t.yaml").write_text((ROOT / EXAMPLE / "template.yaml").read_text())
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "t.yaml")[0] == 0
    assert run(capsys, "--fail-on", "note", "t.yaml")[0] == 1


def test_quiet_prints_findings_only(capsys):
    code, out, _ = run(capsys, "--quiet", EXAMPLE)
    assert code == 1 and "Found" not in out and out.count(" W96") == 2
    assert run(capsys, "-q", "fixtures/E9600/good-valid-template.yaml") == (0, "", "")


def test_statistics(capsys):
    code, out, _ = run(capsys, "--statistics", EXAMPLE)
    assert code == 1
    assert out.splitlines() == [
        "1  I9651  nat-gateway-migration-candidate  note",
        "1  W9601  function-dualstack-disabled      warning",
        "1  W9630  missing-gateway-endpoint         warning",
        "Found 3 problems (2 warnings, 1 note) in 1 template. NAT gateways that could go: 1, est. $36.50/month "
        "+ $0.045/GB.",
    ]
    _, out, _ = run(capsys, "--statistics", "--format", "json", "fixtures/W9610")
    rows = json.loads(out)
    assert "W9610" in [r["rule"] for r in rows]
    assert [r["count"] for r in rows] == sorted((r["count"] for r in rows), reverse=True) and rows[-1]["count"] >= 1
    assert run(capsys, "--statistics", "--format", "sarif", EXAMPLE)[0] == 2


def test_reports_from_one_run(tmp_path, capsys, sarif_validator):
    sarif_path, gitlab_path, summary = tmp_path / "a.sarif", tmp_path / "gl.json", tmp_path / "summary.md"
    code, out, _ = run(
        capsys,
        *("--format", "github", "--report", f"sarif:{sarif_path}", "--report", f"gitlab:{gitlab_path}"),
        *("--report", f"markdown:{summary}", EXAMPLE),
    )
    assert code == 1
    assert out.count("::warning file=") == 2  # stdout: the main format
    log = json.loads(sarif_path.read_text())
    assert not list(sarif_validator.iter_errors(log)) and len(log["runs"][0]["results"]) == 3
    assert len(json.loads(gitlab_path.read_text())) == 3
    table = summary.read_text()
    assert "Found 3 problems" in table and table.count("| ⚠️ warning |") == 2
    assert "[W9601](https://github.com/lambda6lint/lambda6lint/blob/v" in table


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--report", "xml:out.xml"], "FORMAT:FILE"),
        (["--report", "sarif"], "FORMAT:FILE"),
        (["--report", "sarif:"], "FORMAT:FILE"),
    ],
)
def test_bad_report_option(capsys, argv, message):
    with pytest.raises(SystemExit) as exc:
        main([*argv, EXAMPLE])
    assert exc.value.code == 2 and message in capsys.readouterr().err


def test_same_file_twice_is_a_usage_error(tmp_path, capsys):
    target = str(tmp_path / "x")
    code, _, err = run(capsys, "-o", target, "--report", f"sarif:{target}", EXAMPLE)
    assert code == 2 and "same file" in err and not (tmp_path / "x").exists()


def test_related_locations_are_indented_notes(capsys):
    _, out, _ = run(capsys, EXAMPLE)
    lines = out.splitlines()
    w9601 = next(i for i, line in enumerate(lines) if " W9601 " in line)
    assert lines[w9601 + 1] == "    examples/sam-app/template.yaml:74:3: note: dual-stack subnet PrivateSubnetA"
    assert lines[w9601 + 2] == "    examples/sam-app/template.yaml:83:3: note: dual-stack subnet PrivateSubnetB"


def test_long_messages_wrap_on_a_terminal(capsys, monkeypatch):
    import os

    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda: os.terminal_size((72, 24)))
    _, out, _ = run(capsys, "--color", "never", EXAMPLE)
    lines = out.splitlines()
    assert all(len(line) <= 72 for line in lines if " " in line.strip())  # words longer than a line stay whole
    first = next(i for i, line in enumerate(lines) if " W9601 " in line)
    assert lines[first].startswith("examples/sam-app/template.yaml:138:7: W9601 Function")
    assert lines[first + 1].startswith("      ") and not lines[first + 1].startswith("       ")
    wrapped = " ".join(line.strip() for line in lines[first : first + 5] if not line.startswith("    exa"))
    assert "its outbound traffic stays IPv4 (through NAT, if any)." in wrapped
    monkeypatch.setattr("sys.stdout.isatty", lambda: False)
    _, piped, _ = run(capsys, EXAMPLE)  # not a terminal: one line per finding and per note, whatever the length
    assert len(piped.splitlines()) == 3 + 4 + 1 < len(lines)
    assert " ".join(piped.split()) == " ".join(out.split())


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


NOT_LINTED = (
    "not linted: it is no CloudFormation or SAM template (no AWSTemplateFormatVersion, no Resources with AWS "
    "types), CDK cloud assembly, Terraform module or plan"
)


def _warned(out: str) -> dict[str, str]:
    return {w["path"]: w["message"] for w in json.loads(out)["warnings"]}


def test_a_named_file_that_is_not_linted_is_said_when_others_are(tmp_path, capsys):
    """Named beside a template, a file that is no infrastructure code was passed over unsaid (alone, it is
    the "nothing found" error): a warning names it, as the engine's other warnings (stderr, the reports),
    and the exit status stays the findings'."""
    template = tmp_path / "t.yaml"
    template.write_text((ROOT / W9601_BAD).read_text())
    workflow = tmp_path / "ci.yml"
    workflow.write_text("name: ci\non: push\n")
    service = tmp_path / "serverless.yml"
    service.write_text("service: api\nprovider:\n  name: aws\n")
    values = tmp_path / "prod.tfvars"
    values.write_text('region = "eu-west-1"\n')
    code, out, err = run(capsys, str(workflow), str(template), str(service), str(values), "--format", "json")
    assert code == 1
    warned = _warned(out)
    assert warned.keys() == {str(workflow), str(service), str(values)}
    assert warned[str(workflow)] == NOT_LINTED
    assert warned[str(service)] == NOT_LINTED + (
        "; a Serverless Framework service is linted as the template `serverless package` writes, "
        ".serverless/cloudformation-template-update-stack.json"
    )
    assert warned[str(values)] == NOT_LINTED + (
        "; a var file's values are read with --var-file (terraform.tfvars and *.auto.tfvars by themselves)"
    )
    assert f"lambda6lint: warning: {workflow}:1:1: {NOT_LINTED}" in err
    # the findings decide the exit status: with none to fail on, the warning leaves it 0
    assert run(capsys, str(workflow), str(template), "--fail-on", "error")[0] == 0
    code, out, _ = run(capsys, str(workflow), str(template), "--format", "sarif")
    notes = json.loads(out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == [NOT_LINTED]


def _samconfig(tmp_path):
    (tmp_path / "samconfig.toml").write_text('version = 0.1\n[default.deploy.parameters]\nstack_name = "app"\n')
    (tmp_path / "samconfig.yaml").write_text("version: 0.1\ndefault:\n  deploy:\n    parameters:\n      x: 1\n")
    return ["samconfig.toml", "samconfig.yaml", "t.yaml"]


def _openapi(tmp_path):
    folder = FIXTURES / "I9640" / "bad-sam-definition-uri-keeps-execute-api-endpoint"
    shutil.copy(folder / "template.yaml", tmp_path / "t.yaml")
    shutil.copy(folder / "api.yaml", tmp_path / "api.yaml")
    return ["api.yaml", "t.yaml"]


def _include(tmp_path):
    (tmp_path / "api.yaml").write_text("openapi: '3.0.1'\ninfo: {title: t, version: '1'}\npaths: {}\n")
    (tmp_path / "snippet.yaml").write_text("Name: included\n")
    (tmp_path / "t.yaml").write_text(
        "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n"
        "      Body:\n        Fn::Transform: {Name: AWS::Include, Parameters: {Location: ./api.yaml}}\n"
        "  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n"
        "      Fn::Transform: {Name: AWS::Include, Parameters: {Location: snippet.yaml}}\n"
    )
    return ["t.yaml", "api.yaml", "snippet.yaml"]


def _assembly(tmp_path):
    shutil.copytree(FIXTURES / "cdk" / "ipv6-egress" / "cdk.out", tmp_path / "cdk.out")
    return sorted(f"cdk.out/{p.name}" for p in (tmp_path / "cdk.out").iterdir())  # `cdk.out/*`


def _value_files(tmp_path):
    shutil.copy(ROOT / W9601_BAD, tmp_path / "t.yaml")
    (tmp_path / "values.json").write_text(json.dumps([{"ParameterKey": "Unused", "ParameterValue": "x"}]))
    (tmp_path / "prod.tfvars.json").write_text('{"region": "eu-west-1"}\n')
    (tmp_path / ".lambda6lint.toml").write_text('fail-on = "warning"\n')
    (tmp_path / ".lambda6lint-baseline.json").write_text("{}\n")
    assert main(["-q", "--write-baseline", str(tmp_path / "old-baseline.json"), str(tmp_path / "t.yaml")]) == 0
    named = ["t.yaml", "values.json", "prod.tfvars.json", ".lambda6lint.toml", ".lambda6lint-baseline.json"]
    return [*named, "old-baseline.json", "--parameters", "values.json", "--var-file", "prod.tfvars.json"] + [
        "--baseline",
        "old-baseline.json",
    ]


def _excluded(tmp_path):
    shutil.copy(ROOT / W9601_BAD, tmp_path / "t.yaml")
    (tmp_path / "other.json").write_text('{"a": 1}\n')
    return ["t.yaml", "other.json", "--exclude", "other.json"]


def _terraform_reads(tmp_path):
    (tmp_path / "main.tf").write_text(
        'resource "aws_iam_policy" "p" {\n  policy = file("${path.module}/policy.json")\n}\n'
        'resource "aws_sqs_queue" "q" {\n  name = templatefile("${path.module}/name.json.tftpl", { x = 1 })\n}\n'
    )
    (tmp_path / "policy.json").write_text('{"Version": "2012-10-17", "Statement": []}\n')
    (tmp_path / "name.json.tftpl").write_text('{"name": "${x}"}\n')
    return ["main.tf", "policy.json", "name.json.tftpl"]


def _plan_reads(tmp_path):
    _terraform_reads(tmp_path)
    planned = {"address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue", "name": "q", "values": {}}
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.9.0",
        "planned_values": {"root_module": {"resources": [planned]}},
    }
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    return ["plan.json", "policy.json", "name.json.tftpl"]  # (the module beside it is read, not linted)


def _serverless(tmp_path):
    (tmp_path / "serverless.yml").write_text("service: api\nprovider:\n  name: aws\n")
    (tmp_path / ".serverless").mkdir()
    shutil.copy(ROOT / W9601_BAD, tmp_path / ".serverless" / "cloudformation-template-update-stack.json")
    return ["serverless.yml", ".serverless/cloudformation-template-update-stack.json"]


def _serverless_output(tmp_path):
    _serverless(tmp_path)
    (tmp_path / ".serverless" / "serverless-state.json").write_text('{"service": {"service": "api"}}\n')
    return sorted(f".serverless/{p.name}" for p in (tmp_path / ".serverless").iterdir())  # `.serverless/*`


def _serverless_package(tmp_path):
    _serverless(tmp_path)
    (tmp_path / ".serverless" / "serverless-state.json").write_text('{"service": {"service": "api"}}\n')
    with zipfile.ZipFile(tmp_path / ".serverless" / "api.zip", "w") as package:  # (the functions' code)
        package.writestr("handler.js", "exports.handler = async () => 1;\n")
    return sorted(f".serverless/{p.name}" for p in (tmp_path / ".serverless").iterdir())


def _includes_past_budget(tmp_path):
    from lambda6lint.loaders.cloudformation.includes import MAX_INCLUDES

    count = MAX_INCLUDES + 2
    lines = ["Resources:"]
    for i in range(count):
        (tmp_path / f"s{i}.yaml").write_text(f"QueueName: q{i}\n")
        lines += [
            f"  Q{i}:",
            "    Type: AWS::SQS::Queue",
            "    Properties:",
            f"      Fn::Transform: {{Name: AWS::Include, Parameters: {{Location: s{i}.yaml}}}}",
        ]
    (tmp_path / "t.yaml").write_text("\n".join(lines) + "\n")
    return ["t.yaml", *(f"s{i}.yaml" for i in range(count))]


def _packaged_sar_and_loops(tmp_path):
    """What `package` uploads for a Serverless Application Repository app (Metadata ReadmeUrl, LicenseUrl), and
    the code of functions a `Fn::ForEach` loop makes (its collection known, or not: a path without its identifier)."""
    for name in ("README.md", "LICENSE.txt", "src/orders/app.py", "src/users/app.py", "shared/lib.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n")
    (tmp_path / "t.yaml").write_text(
        "Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n"
        "Parameters:\n  Names: {Type: CommaDelimitedList}\n"
        "Metadata:\n  AWS::ServerlessRepo::Application: {Name: app, ReadmeUrl: README.md, LicenseUrl: LICENSE.txt}\n"
        "Resources:\n"
        "  Fn::ForEach::Services:\n    - Service\n    - [orders, users]\n"
        "    - ${Service}Fn:\n        Type: AWS::Serverless::Function\n"
        "        Properties: {CodeUri: !Sub 'src/${Service}/', Handler: app.h, Runtime: python3.12}\n"
        "  Fn::ForEach::Shared:\n    - Name\n    - !Ref Names\n"
        "    - ${Name}Layer:\n        Type: AWS::Serverless::LayerVersion\n        Properties: {ContentUri: shared/}\n"
    )
    return ["t.yaml", "README.md", "LICENSE.txt", "src/orders/app.py", "src/users/app.py", "shared/lib.py"]


def _packaged(tmp_path):
    """Local paths `aws cloudformation package` / `sam package` upload: named by the template, never read."""
    (tmp_path / "statemachine").mkdir()
    (tmp_path / "statemachine" / "definition.asl.json").write_text('{"StartAt": "A", "States": {}}\n')
    (tmp_path / "openapi.json").write_text('{"openapi": "3.0.1", "paths": {}}\n')
    (tmp_path / "glue.yaml").write_text("job: etl\n")
    (tmp_path / "sam-definition.yaml").write_text("StartAt: B\nStates: {}\n")
    (tmp_path / "t.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n"
        "  Machine:\n    Type: AWS::StepFunctions::StateMachine\n"
        "    Properties: {DefinitionS3Location: ./statemachine/definition.asl.json, RoleArn: arn}\n"
        "  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {BodyS3Location: openapi.json}\n"
        "  Job:\n    Type: AWS::Glue::Job\n    Properties: {Role: r, Command: {ScriptLocation: glue.yaml}}\n"
        "  SamMachine:\n    Type: AWS::Serverless::StateMachine\n    Properties: {DefinitionUri: sam-definition.yaml}\n"
    )
    return ["t.yaml", "statemachine/definition.asl.json", "openapi.json", "glue.yaml", "sam-definition.yaml"]


def _skipped_folders(tmp_path):
    shutil.copy(ROOT / W9601_BAD, tmp_path / "t.yaml")
    named = []
    for folder in ("node_modules/left-pad", ".terraform/modules/vpc", ".venv/lib", ".aws-sam/build"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "package.json").write_text('{"name": "x"}\n')
        named.append(f"{folder}/package.json")
    return ["t.yaml", *named]  # (`**/*.json` in a CDK project: every package.json of node_modules)


@pytest.mark.parametrize(
    "case",
    [
        _skipped_folders,
        _openapi,
        _include,
        _samconfig,
        _assembly,
        _value_files,
        _excluded,
        _terraform_reads,
        _plan_reads,
        _serverless,
        _serverless_output,
        _serverless_package,
        _includes_past_budget,
        _packaged,
        _packaged_sar_and_loops,
    ],
    ids=[
        "folders-a-walk-skips",
        "openapi-definition-uri",
        "aws-include",
        "samconfig",
        "cdk-out-glob",
        "value-files",
        "excluded",
        "terraform-file-templatefile",
        "plan-beside-its-module",
        "serverless-service-beside-its-template",
        "serverless-state-beside-its-template",
        "serverless-package-zip-beside-its-template",
        "aws-include-past-the-read-budget",
        "local-paths-package-uploads",
        "local-paths-package-uploads-sar-and-loops",
    ],
)
def test_a_named_file_the_run_read_is_not_said_to_be_passed_over(tmp_path, capsys, monkeypatch, case):
    """Read by a linted source (an OpenAPI document a SAM API's DefinitionUri names, an AWS::Include snippet),
    lying in a linted CDK assembly (a `cdk.out/*` glob), a samconfig beside its template, the run's var,
    parameter and baseline files, lambda6lint's own files, or left out by `exclude`: no warning. Only the
    workflow named beside them, which nothing read, gets one (the warning is on)."""
    if case is _samconfig:
        shutil.copy(ROOT / W9601_BAD, tmp_path / "t.yaml")
    argv = case(tmp_path)
    capsys.readouterr()
    (tmp_path / "ci.yml").write_text("name: ci\non: push\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "ci.yml", *argv, "--format", "json")
    assert code != 2, out
    assert json.loads(out)["files"]
    passed = {path for path, said in _warned(out).items() if said.startswith("not linted")}
    assert passed == {"ci.yml"}, err
    assert err.count("not linted") == 1


def test_a_binary_file_named_is_passed_over_as_other_files_that_are_no_template(tmp_path, capsys, monkeypatch):
    """A zip named (`serverless package`'s, `.serverless/*` without its template) was an E9600, "binary file",
    and exit 2: it is no template, as a README named is none; one named as a template (`.yaml`) is still one."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / W9601_BAD, tmp_path / "t.yaml")
    (tmp_path / ".serverless").mkdir()
    with zipfile.ZipFile(tmp_path / ".serverless" / "api.zip", "w") as package:
        package.writestr("handler.js", "exports.handler = async () => 1;\n")
    shutil.copy(tmp_path / ".serverless" / "api.zip", tmp_path / "code.zip")
    code, out, err = run(capsys, "code.zip", ".serverless/api.zip", "t.yaml", "--format", "json")
    assert code == 1 and "E9600" not in {f["rule"] for f in json.loads(out)["findings"]}, out
    said = _warned(out)
    assert set(said) == {"code.zip", ".serverless/api.zip"}
    assert said[".serverless/api.zip"].endswith("template `serverless package` writes, " + SERVERLESS_TEMPLATE)
    code, _, err = run(capsys, "code.zip")
    assert code == 2 and "no templates, CDK assemblies or Terraform modules found in code.zip" in err
    shutil.copy(tmp_path / "code.zip", tmp_path / "code.yaml")
    code, out, _ = run(capsys, "code.yaml", "t.yaml", "--format", "json")
    assert code == 2 and "binary file (NUL byte)" in json.loads(out)["findings"][0]["message"]


def test_a_path_for_package_is_spared_only_as_a_local_path_from_its_own_template(tmp_path, capsys, monkeypatch):
    """A nested template's path is its own folder's; an S3 URL, an intrinsic or an absolute path names no
    file beside the template: a file of that name is still passed over."""
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "code.json").write_text('{"a": 1}\n')
    for name in ("s3.json", "sub.json", "abs.json", "code.json"):
        (tmp_path / name).write_text('{"a": 1}\n')
    (tmp_path / "stacks" / "child.yaml").write_text(
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Code: code.json, Role: r}\n"
    )
    (tmp_path / "t.yaml").write_text(
        "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: stacks/child.yaml}\n"
        "  S3:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {BodyS3Location: s3://bucket/s3.json}\n"
        "  Sub:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {BodyS3Location: !Sub './sub.json'}\n"
        f"  Abs:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {{BodyS3Location: {tmp_path}/abs.json}}\n"
    )
    monkeypatch.chdir(tmp_path)
    named = ["t.yaml", "stacks/code.json", "s3.json", "sub.json", "abs.json", "code.json"]
    code, out, err = run(capsys, *named, "--format", "json")
    assert code != 2, out
    passed = {path for path, said in _warned(out).items() if said.startswith("not linted")}
    assert passed == {"s3.json", "sub.json", "abs.json", "code.json"}, err


def test_a_file_named_and_found_by_a_walk_is_named_whichever_comes_first(tmp_path, capsys, monkeypatch):
    """`ci.yml .` warned of ci.yml and `. ci.yml` did not: the walk's copy, met first, was kept and the named
    one dropped. Named, it is read as named in both orders, and the run is the same."""
    shutil.copy(ROOT / W9601_BAD, tmp_path / "t.yaml")
    (tmp_path / "ci.yml").write_text("name: ci\non: push\n")
    monkeypatch.chdir(tmp_path)
    runs = [run(capsys, *argv, "--format", "json") for argv in (["ci.yml", "."], [".", "ci.yml"], [".", "./ci.yml"])]
    assert [code for code, _, _ in runs] == [1, 1, 1]
    assert [_warned(out) for _, out, _ in runs] == [{"ci.yml": NOT_LINTED}] * 3
    reports = [json.loads(out) for _, out, _ in runs]
    assert reports[0]["findings"] and reports[0] == reports[1] == reports[2]


symlinks = pytest.mark.skipif(sys.platform == "win32", reason="symlinks")


def _walked(*paths):
    from lambda6lint import discover

    return [os.path.relpath(source.path) for source in discover.discover(paths)]


@symlinks
@pytest.mark.parametrize("link", ["a.yaml", "z.yaml", "sub/link.yaml"])
def test_a_walk_lints_a_symlinked_template_once_as_its_real_file(tmp_path, capsys, monkeypatch, link):
    """`link.yaml -> template.yaml` was linted as both: every finding twice, and the NAT gateway's savings
    counted twice. The real file is the one linted, before or after its link in walk order."""
    shutil.copytree(ROOT / EXAMPLE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "sub").mkdir()
    (tmp_path / link).symlink_to(tmp_path / "template.yaml")
    monkeypatch.chdir(tmp_path)
    assert _walked(".") == ["template.yaml"]
    code, out, _ = run(capsys, ".")
    assert code == 1 and "link" not in out and "a.yaml" not in out and "z.yaml" not in out
    assert out.splitlines()[-1].startswith("Found 3 problems (2 warnings, 1 note) in 1 template. NAT gateways that")
    assert "could go: 1, est. $36.50/month" in out


@symlinks
def test_a_symlink_to_a_file_no_walk_lints_is_linted_once_under_the_first_links_name(tmp_path, monkeypatch):
    """A target the walk never lints as itself (in `.aws-sam`, no template suffix) is linted through its
    link, as before; two links to one target, once: under the first in walk order."""
    shutil.copy(ROOT / W9601_BAD, tmp_path / "t.yaml")
    (tmp_path / ".aws-sam").mkdir()
    shutil.copy(ROOT / W9601_BAD, tmp_path / ".aws-sam" / "built.yaml")
    shutil.copy(ROOT / W9601_BAD, tmp_path / "kept.txt")
    (tmp_path / "built.yaml").symlink_to(".aws-sam/built.yaml")
    (tmp_path / "b.yaml").symlink_to("kept.txt")
    (tmp_path / "c.yaml").symlink_to("kept.txt")
    monkeypatch.chdir(tmp_path)
    assert sorted(_walked(".")) == ["b.yaml", "built.yaml", "t.yaml"]
    result = engine.lint(["."])
    assert sorted({f.location.path for f in result.findings}) == ["b.yaml", "built.yaml", "t.yaml"]


@symlinks
def test_a_symlink_to_a_stack_template_of_a_linted_cdk_assembly_is_no_loose_template(tmp_path, monkeypatch):
    """`loose.template.json -> cdk.out/NatPartial.template.json` was linted as a loose template beside the
    assembly: its findings twice, its NAT gateway priced twice. The assembly lints it, in the CDK app's words;
    a link to an assembly no walk lints (in node_modules) is linted as before."""
    shutil.copytree(ROOT / "fixtures/cdk/nat-partial/cdk.out", tmp_path / "app" / "cdk.out")
    (tmp_path / "app" / "loose.template.json").symlink_to("cdk.out/NatPartial.template.json")
    shutil.copytree(ROOT / "fixtures/cdk/nat-partial/cdk.out", tmp_path / "other" / "node_modules" / "cdk.out")
    (tmp_path / "other" / "loose.template.json").symlink_to("node_modules/cdk.out/NatPartial.template.json")
    monkeypatch.chdir(tmp_path)
    assert _walked("app") == ["app/cdk.out"]
    assert _walked(".") == ["other/loose.template.json", "app/cdk.out"]  # (assemblies last: after links' questions)
    (found,) = engine.lint(["app"]).findings
    assert found.rule.id == "W9650" and found.location.path == "app/cdk.out/NatPartial.template.json"


@symlinks
def test_a_named_symlink_or_its_target_is_linted_as_named_once_beside_a_walk(tmp_path, monkeypatch):
    """Named with the folder that holds both, in either order, the named one is linted, once; named both,
    both are (the user's choice)."""
    shutil.copy(ROOT / W9601_BAD, tmp_path / "template.yaml")
    (tmp_path / "link.yaml").symlink_to("template.yaml")
    monkeypatch.chdir(tmp_path)
    for name in ("link.yaml", "template.yaml"):
        assert _walked(".", name) == _walked(name, ".") == [name]
    assert _walked("link.yaml", "template.yaml") == ["link.yaml", "template.yaml"]
    passed = engine.lint([".", "link.yaml"]).warnings
    assert passed == [], passed


@symlinks
def test_a_folder_named_twice_once_through_a_symlink_lints_its_templates_once(tmp_path, monkeypatch):
    """`infra infra-link`: two walks of one folder met each template, module and CDK assembly under both names,
    every finding twice (a link among its files was linted once since 1201a33, the rest still twice): the
    first name's."""
    (tmp_path / "infra").mkdir()
    shutil.copy(ROOT / W9601_BAD, tmp_path / "infra" / "t.yaml")
    shutil.copytree(ROOT / "fixtures/W9601/bad-flag-false-from-tfvars", tmp_path / "infra" / "tf")
    shutil.copytree(ROOT / "fixtures/cdk/isolated-dualstack", tmp_path / "infra" / "cdk")
    (tmp_path / "infra" / "link.yaml").symlink_to("t.yaml")
    (tmp_path / "infra-link").symlink_to("infra")
    monkeypatch.chdir(tmp_path)
    assert sorted(_walked("infra-link", "infra")) == ["infra-link/cdk/cdk.out", "infra-link/t.yaml", "infra-link/tf"]
    assert sorted(_walked("infra", str(tmp_path / "infra-link"))) == ["infra/cdk/cdk.out", "infra/t.yaml", "infra/tf"]
    assert sorted(_walked("infra", "infra-link/t.yaml")) == ["infra-link/t.yaml", "infra/cdk/cdk.out", "infra/tf"]
    found = [(f.rule.id, f.location.path, f.location.line) for f in engine.lint(["infra", "infra-link"]).findings]
    assert len(found) == 8 and found == [
        (f.rule.id, f.location.path, f.location.line) for f in engine.lint(["infra"]).findings
    ]


def test_the_paths_for_package_of_every_type_the_clis_upload_and_of_sams_globals_are_spared(
    tmp_path, capsys, monkeypatch
):
    """The AWS CLI's and SAM CLI's lists: an HTTP API's body, a StackSet's template, a SAM GraphQL API's
    resolvers' and functions' code, and Globals.Function.CodeUri for a function without its own; a global
    CodeUri no function takes is not uploaded: a file of that name is still passed over."""
    names = ("body.json", "set.json", "resolver.json", "function.json", "global.json", "unused.json")
    for name in names:
        (tmp_path / name).write_text('{"a": 1}\n')
    (tmp_path / "t.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    CodeUri: global.json\nResources:\n"
        "  Http:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {BodyS3Location: body.json}\n"
        "  Set:\n    Type: AWS::CloudFormation::StackSet\n    Properties: {TemplateURL: set.json, StackSetName: s}\n"
        "  Gql:\n    Type: AWS::Serverless::GraphQLApi\n    Properties:\n"
        "      Resolvers: {Mutation: {addPost: {CodeUri: resolver.json}}}\n"
        "      Functions: {fetch: {CodeUri: function.json}}\n"
        "  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: a.b, Runtime: python3.12}\n"
    )
    (tmp_path / "own.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    CodeUri: unused.json\nResources:\n"
        "  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: src/, Handler: a.b}\n"
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "t.yaml", "own.yaml", *names, "--format", "json")
    assert code != 2, out
    passed = {path for path, said in _warned(out).items() if said.startswith("not linted")}
    assert passed == {"unused.json"}, err


def test_a_file_in_a_code_folder_a_template_names_for_package_is_spared(tmp_path, capsys, monkeypatch):
    """`**/*.json` in a SAM project names each function's package.json: its code, which `package` zips, not a
    template passed over. A folder is spared below the template only: `CodeUri: .` (or `..`) would spare its
    neighbours, another template's typo among them."""
    for folder in ("hello_world", "shared/lib", "infra", "other"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "package.json").write_text('{"name": "x"}\n')
    (tmp_path / "notes.json").write_text('{"a": 1}\n')
    (tmp_path / "t.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    CodeUri: shared\nResources:\n"
        "  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: hello_world/, Handler: a.b}\n"
        "  Shared:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: a.b}\n"
        "  Here:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: ., Handler: a.b}\n"
    )
    (tmp_path / "infra" / "t.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n"
        "  Up:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: ../, Handler: a.b}\n"
        "  Own:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: ../infra, Handler: a.b}\n"
        "  Api:\n    Type: AWS::Serverless::Api\n    Properties: {DefinitionUri: ../.., StageName: s}\n"
    )
    monkeypatch.chdir(tmp_path)
    named = ["t.yaml", "infra/t.yaml", "notes.json", *(f"{f}/package.json" for f in ("hello_world", "shared/lib"))]
    code, out, err = run(capsys, *named, "infra/package.json", "other/package.json", "--format", "json")
    assert code != 2, out
    passed = {path for path, said in _warned(out).items() if said.startswith("not linted")}
    assert passed == {"notes.json", "infra/package.json", "other/package.json"}, err


def test_paths_for_package_are_gathered_in_linear_time(monkeypatch):
    """Each path once, without comparing each with all before it: a template of many functions, each with its
    own code folder, costs what its parse does. Counted, not timed: the paths found are compared for equality
    a bounded number of times in all (a list's `not in` compared each with all before it, 200 million times)."""
    from lambda6lint.loaders.cloudformation import includes

    class Counted(str):
        compared = 0

        def __eq__(self, other: object) -> bool:
            Counted.compared += 1
            assert Counted.compared <= count, "each path compared with those before it (quadratic)"
            return str.__eq__(self, other)

        __hash__ = str.__hash__

    count = 20_000
    doc = {
        "Resources": {
            f"F{i}": {"Type": "AWS::Serverless::Function", "Properties": {"CodeUri": f"d{i}/"}} for i in range(count)
        }
    }
    local_path = includes.local_path
    monkeypatch.setattr(includes, "local_path", lambda value: Counted(path) if (path := local_path(value)) else path)
    found = includes.packaged(doc)
    assert len(found) == count and found[-1] == f"d{count - 1}/"
    assert Counted.compared <= count, Counted.compared


def test_paths_for_package_of_hostile_shapes_name_nothing_and_read_nothing(tmp_path):
    """Properties, Globals and GraphQL maps of the wrong shape name nothing; a path leaving the tree is only
    noted, never opened."""
    from lambda6lint.loaders.cloudformation import includes

    doc = {
        "Globals": ["Function"],
        "Resources": {
            "A": {"Type": "AWS::Serverless::Function", "Properties": ["CodeUri", "x"]},
            "B": {"Type": "AWS::Serverless::GraphQLApi", "Properties": {"Resolvers": ["r"], "Functions": "f"}},
            "C": {"Type": "AWS::Glue::Job", "Properties": {"Command": "s"}},
            "D": {"Type": ["AWS::Lambda::Function"], "Properties": {"Code": "d/"}},
            "E": {"Type": "AWS::Lambda::Function", "Properties": {"Code": "../../../../etc/passwd"}},
            "F": "AWS::Lambda::Function",
        },
    }
    assert includes.packaged(doc) == ["../../../../etc/passwd"]
    assert includes.packaged({"Globals": {"Function": {"CodeUri": "g/"}}, "Resources": []}) == []
    assert includes.packaged(["Resources"]) == []
    loops = {
        "Metadata": {"AWS::ServerlessRepo::Application": ["ReadmeUrl"]},
        "Resources": {
            "Fn::ForEach::A": ["X", ["a"]],
            "Fn::ForEach::B": {"Type": "AWS::Lambda::Function"},
            "Fn::ForEach::C": ["X", {"Ref": "P"}, {"${X}": {"Type": "AWS::Lambda::Function", "Properties": "c/"}}],
            "Fn::ForEach::D": ["X", {"Ref": "P"}, {"F${X}": {"Type": "AWS::Lambda::Function", "Properties": {}}}],
        },
    }
    assert includes.packaged(loops) == []
    assert includes.packaged({"Metadata": {"AWS::ServerlessRepo::Application": {"ReadmeUrl": "s3://b/r"}}}) == []


def test_paths_for_package_in_metadata_and_loops():
    """`package` uploads a SAR application's readme and licence (Metadata), and the code of what loops make."""
    from lambda6lint.loaders.cloudformation import includes

    function = {"Type": "AWS::Lambda::Function", "Properties": {"Code": {"Fn::Sub": "code/${Y}-${X}"}}}
    doc = {
        "Transform": "AWS::LanguageExtensions",
        "Parameters": {"Zs": {"Type": "CommaDelimitedList"}},
        "Metadata": {"AWS::ServerlessRepo::Application": {"ReadmeUrl": "README.md", "LicenseUrl": "./LICENSE"}},
        "Resources": {
            "Fn::ForEach::Outer": ["X", ["a", "b"], {"Fn::ForEach::Inner": ["Y", ["1"], {"F${X}${Y}": function}]}],
            "Fn::ForEach::Given": [
                "Z",
                {"Ref": "Zs"},
                {"L${Z}": {"Type": "AWS::Lambda::LayerVersion", "Properties": {"Content": "layers/"}}},
            ],
            "Fn::ForEach::Unknown": [
                "Z",
                {"Ref": "Zs"},
                {"M${Z}": {"Type": "AWS::Lambda::LayerVersion", "Properties": {"Content": {"Fn::Sub": "layers/${Z}"}}}},
            ],
        },
    }
    assert sorted(includes.packaged(doc)) == ["./LICENSE", "README.md", "code/1-a", "code/1-b", "layers/"]
    assert sorted(includes.packaged(doc, {"Zs": "p,q"})) == [
        "./LICENSE",
        "README.md",
        "code/1-a",
        "code/1-b",
        "layers/",
        "layers/p",
        "layers/q",
    ]


def test_a_file_not_linted_is_not_said_by_pre_commit_nor_alone(tmp_path, capsys):
    """pre-commit (`--only-templates`) names every staged YAML and JSON file: those it skips are no news.
    Alone, a file that is not linted is the "nothing found" error, and nothing more."""
    template = tmp_path / "t.yaml"
    template.write_text((ROOT / W9601_BAD).read_text())
    workflow = tmp_path / "ci.yml"
    workflow.write_text("name: ci\non: push\n")
    code, out, err = run(capsys, "--only-templates", str(workflow), str(template), "--format", "json")
    assert code == 1 and json.loads(out)["warnings"] == [] and "warning" not in err
    code, out, err = run(capsys, str(workflow), "--format", "json")
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"lambda6lint: error: no templates, CDK assemblies or Terraform modules found in {workflow} "
        "(--allow-empty makes that a success)"
    ]
    code, out, err = run(capsys, str(workflow), "--allow-empty", "--format", "json")
    assert code == 0 and json.loads(out)["warnings"] == [] and "warning" not in err


def test_ignored_input_errors_do_not_make_the_exit_status_2(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("Resources:\n  A:\n    Type: AWS::SQS::Queue\n  A:\n    Type: AWS::SQS::Queue\n")
    assert run(capsys, str(broken))[0] == 2
    code, out, _ = run(capsys, "--ignore", "E9600", str(broken))
    assert code == 0 and "E9600" not in out


def test_the_command_exits_fast_with_all_its_output_and_status(tmp_path):
    """`python -m lambda6lint` ends with os._exit (fastexit.py): everything it printed is there, its
    status is the run's, and its report files are complete."""
    report = tmp_path / "report.json"
    argv = [sys.executable, "-m", "lambda6lint", "--report", f"json:{report}", "fixtures"]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2  # the E9600 fixtures
    findings = json.loads(report.read_text())["findings"]
    assert len(findings) > 100
    assert done.stdout.count(": note:") > 100 and done.stdout.rstrip().splitlines()[-1].startswith("Found ")


def test_nothing_is_kept_for_a_caller_that_is_not_the_command():
    from lambda6lint import fastexit

    fastexit.keep(object())
    assert fastexit._kept is None  # the engine, tests and plug-ins free what they load as usual


def test_the_command_keeps_what_a_run_found_until_it_exits(monkeypatch, capsys):
    """Freeing 1,000 templates' findings (and the resources they point at) costs the command 7-10 ms,
    serial in a `--jobs` run; what it keeps, os._exit drops at once (fastexit.py)."""
    from lambda6lint import fastexit
    from lambda6lint.engine import Result

    monkeypatch.setattr(fastexit, "_kept", [])
    assert run(capsys, str(ROOT / "fixtures" / "E9602" / "bad-ipv4-only-vpc.yaml"))[0] == 1
    kept = [value for value in fastexit._kept if isinstance(value, Result)]
    assert len(kept) == 1 and kept[0].findings


def test_the_command_keeps_one_plan_not_every_plan_of_a_run(monkeypatch, capsys, tmp_path):
    """A plan's tree is kept so that the command need not free it (0.5 s per 100 MB), but a run of
    many plans held all of them (~1 GB each): the last one read is held, the one before goes."""
    import shutil

    from lambda6lint import fastexit
    from lambda6lint.loaders.terraform import plan as tfplan

    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        shutil.copy(ROOT / "fixtures" / "W9601" / "bad-flag-false.tfplan.json", tmp_path / name / "plan.json")
    monkeypatch.setattr(fastexit, "_kept", [])
    monkeypatch.setattr(fastexit, "_slots", {})
    assert run(capsys, str(tmp_path))[0] == 1
    held = fastexit._slots["plan"]
    assert isinstance(held, tfplan._Plan) and held.path.endswith("b/plan.json")
    assert not any(isinstance(value, tfplan._Plan) for value in fastexit._kept)


def test_the_plan_kept_lets_go_of_what_only_reading_it_needed(monkeypatch, capsys, tmp_path):
    """The plan the command keeps held its whole document to the end, `configuration` and the after-unknown
    of `resource_changes` included, which only making its instances reads: ~200 MB of the bench's 100 MB plan's peak,
    held while its resources were built and checked. What the instances keep (their values, where the
    resources are in the text, for the findings' marks) stays; the findings and their places are as before."""
    import gc

    from lambda6lint import fastexit

    plan = json.loads((ROOT / "fixtures" / "W9601" / "bad-flag-false.tfplan.json").read_text())
    marker = "configuration-only-8f1c"  # a value nothing but the configuration holds
    plan["configuration"]["root_module"]["resources"][0]["expressions"]["description"] = {"constant_value": [marker]}
    (tmp_path / "plan.json").write_text(json.dumps(plan, indent=1))
    del plan
    monkeypatch.setattr(fastexit, "_kept", [])
    monkeypatch.setattr(fastexit, "_slots", {})
    code, out, _ = run(capsys, str(tmp_path / "plan.json"), "--format", "json")
    assert code == 1 and "W9601" in out
    held = fastexit._slots["plan"]
    assert held.instances and not held.doc  # (its instances are what a finding's mark is found from)
    gc.unfreeze()  # (the command freezes what it made: the collector lists it again)
    held_lists = [o for o in gc.get_objects() if type(o) is list and len(o) == 1]  # (the collector tracks lists)
    assert not [o for o in held_lists if o[0] == marker]
    code_again, out_again, _ = run(capsys, str(tmp_path / "plan.json"), "--format", "json")
    assert (code_again, out_again) == (code, out)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--var-file", "missing.tfvars"], "variable file missing.tfvars does not exist (from --var-file)"),
        (["--var-file", "fixtures"], "variable file fixtures is not a regular file"),
        (["--tf-dir", "missing-folder"], "--tf-dir missing-folder: no such folder"),
    ],
)
def test_a_missing_var_file_or_tf_dir_is_a_usage_error_not_ignored(capsys, argv, words):
    """Terraform refuses a -var-file that is not there: ignoring it would lint other values silently."""
    code, out, err = run(capsys, *argv, "fixtures/W9601/bad-flag-false-from-tfvars")
    assert code == 2 and out == "" and words in err


def test_an_input_error_is_reported_whatever_is_selected(tmp_path, capsys):
    """`--select W9601` hid an unreadable template (exit 0): a file that was not read did not pass. As
    ruff reports syntax errors, E9600 is left out only when ignored."""
    (tmp_path / "broken.yaml").write_text("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A: [unclosed\n")
    assert main([str(tmp_path), "--select", "W9601"]) == 2
    assert " E9600 " in capsys.readouterr().out
    assert main([str(tmp_path), "--select", "W9601", "--ignore", "E9600"]) == 0
    assert " E9600 " not in capsys.readouterr().out


@pytest.mark.parametrize("command", ["plan", "rules"])
def test_a_command_after_an_option_is_named_as_one(capsys, tmp_path, monkeypatch, command):
    """`lambda6lint --isolated plan x.yaml` read `plan` as a path that does not exist: the error says
    that a command comes first; a path of that name that exists is linted as it always was."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--isolated", command, "x.yaml")
    assert code == 2 and out == ""
    assert (
        f"no such file or folder: {command}, x.yaml (a command comes first: `lambda6lint {command} [options] …`)" in err
    )
    code, _, err = run(capsys, "missing.yaml")
    assert code == 2 and err.strip() == "lambda6lint: error: no such file or folder: missing.yaml"


def test_a_symlink_to_nothing_named_is_an_e9600_and_the_rest_is_linted(capsys, tmp_path, monkeypatch):
    """A dangling symlink named stopped the run as a path that does not exist (exit 2, nothing linted). It is
    there, as a file that cannot be read is: an E9600 on it (its target not shown), the other paths linted.
    A `.tf` one stands for its module, linted without it. Pre-commit, which names files as a walk meets them,
    passes a dangling template by as the walk does. A path that names nothing is still a usage error."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / W9601_BAD, tmp_path / "valid.yaml")
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text('resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n')
    os.symlink("/nowhere/secret.yaml", tmp_path / "gone.yaml")
    os.symlink("gone.tf", tmp_path / "m" / "link.tf")
    os.symlink("loop-b.yaml", tmp_path / "loop-a.yaml")
    os.symlink("loop-a.yaml", tmp_path / "loop-b.yaml")
    code, out, err = run(capsys, "--format", "json", "gone.yaml", "m/link.tf", "loop-a.yaml", "valid.yaml")
    found = {(f["rule"], f["path"]): f["message"] for f in json.loads(out)["findings"]}
    assert code == 2 and ("W9611", "valid.yaml") in found, (found, err)
    assert sorted(p for r, p in found if r == "E9600") == ["gone.yaml", "loop-a.yaml", "m/link.tf"]
    assert found["E9600", "gone.yaml"].endswith("it is a symlink that leads nowhere") and "secret" not in out
    assert "a loop of symlinks" in found["E9600", "loop-a.yaml"]
    assert json.loads(out)["sources"] == {"template": 1, "terraform-module": 1}
    code, out, _ = run(capsys, "--format", "json", "--only-templates", "gone.yaml", "valid.yaml")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert code == 1 and "W9611" in rules and "E9600" not in rules
    code, _, err = run(capsys, "gone.yaml", "missing.yaml")
    assert code == 2 and err.strip() == "lambda6lint: error: no such file or folder: missing.yaml"


def test_what_is_not_a_template_yet_says_how_to_lint_it(tmp_path, capsys):
    """A Serverless Framework service named on the command line, and an AWS Proton template (Jinja, a
    template only once rendered): the error says what to lint instead."""
    (tmp_path / "serverless.yml").write_text("service: api\nprovider:\n  name: aws\n  runtime: nodejs22.x\n")
    assert main([str(tmp_path / "serverless.yml")]) == 2
    assert "a Serverless Framework service is linted as the template `serverless package` writes" in (
        capsys.readouterr().err
    )
    (tmp_path / "proton").mkdir()
    (tmp_path / "proton" / "cloudformation.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n"
        "    Properties:\n      QueueName: {{service_instance.name}}\n"
    )
    assert main([str(tmp_path / "proton"), "--format", "json"]) == 2
    (error,) = json.loads(capsys.readouterr().out)["findings"]
    assert error["message"].endswith(
        "(the file holds Jinja markup, `{{ … }}`: an AWS Proton or other template rendered before CloudFormation "
        "reads it; lint what it renders, or exclude it)"
    )


@pytest.mark.parametrize(
    ("service", "folder", "noted"),
    [
        ("serverless.yml", ".serverless", True),
        ("serverless.ts", ".serverless", True),
        ("", ".serverless", False),
        ("serverless.yml", "out", False),
    ],
)
def test_a_template_serverless_package_wrote_points_at_the_service_file(tmp_path, service, folder, noted):
    """Findings in `.serverless/cloudformation-template-update-stack.json` say the template is generated and
    where the change is made: an edit there is lost at the next `serverless package` (helper, living with it)."""
    if service:
        (tmp_path / service).write_text("service: orders\n")
    (tmp_path / folder).mkdir()
    shutil.copy(
        FIXTURES / "W9621" / "bad-ipv4-only-network-acl.json",
        tmp_path / folder / "cloudformation-template-update-stack.json",
    )
    findings = engine.lint([str(tmp_path)]).findings
    assert findings
    for f in findings:
        notes = [(where.path, text) for where, text in f.related if "generates this template" in text]
        assert notes == (
            [(str(tmp_path / service), f"{service} generates this template: make the change there")] if noted else []
        )


def test_a_folder_walk_finds_cform_templates(tmp_path):
    """Some teams name their templates `.cform`: a folder of them was "no templates found" (helper, public code)."""
    shutil.copy(FIXTURES / "W9621" / "bad-ipv4-only-network-acl.yaml", tmp_path / "network.cform")
    (tmp_path / "notes.cform").write_text("not a template\n")
    result = engine.lint([str(tmp_path)])
    assert "W9621" in {f.rule.id for f in result.findings} and result.errors == []


@pytest.mark.parametrize(
    ("argv", "warned"),
    [
        (["--sarif-category", "infra"], "--sarif-category applies to SARIF output, and this run writes none"),
        (["--sarif-omit-suppressed"], "--sarif-omit-suppressed applies to SARIF output"),
        (["--tf-dir", "fixtures"], "--tf-dir fixtures is the folder of a Terraform plan's code, and this run lints no"),
        (["--sarif-category", "infra", "-f", "sarif"], None),
        (["--sarif-omit-suppressed", "--report", "sarif:{tmp}/r.sarif"], None),
        (["--tf-dir", "fixtures", "fixtures/W9650/bad-regional-nat-gateway.tfplan.json"], None),
        (["--only-templates", "--tf-dir", "fixtures"], None),
    ],
)
def test_an_option_the_run_has_no_use_for_is_warned_of(capsys, tmp_path, argv, warned):
    """An option that changes nothing in this run (a SARIF category on a text report, the code folder
    of a plan it does not lint) is warned of on stderr: its user expected it to change something."""
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    paths = [] if any(a.endswith(".json") for a in argv) else [EXAMPLE]
    code, _, err = run(capsys, "-q", *argv, *paths)
    assert code in (0, 1), err
    lines = [line for line in err.splitlines() if line.startswith("lambda6lint: warning:")]
    assert len(lines) == (1 if warned else 0), err
    assert not warned or warned in lines[0], err


@symlinks
def test_a_module_named_by_a_tf_file_through_a_symlinked_folder_is_linted_once_beside_a_walk(tmp_path, monkeypatch):
    """`link/main.tf infra` (link -> infra) linted the module twice, as `link` and as `infra`: every finding
    twice, its NAT gateways priced twice. As for a named file, the named one is linted, in either order."""
    shutil.copytree(ROOT / "fixtures/W9601/bad-flag-false-from-tfvars", tmp_path / "infra")
    (tmp_path / "link").symlink_to("infra")
    monkeypatch.chdir(tmp_path)
    assert _walked("link/main.tf", "infra") == _walked("infra", "link/main.tf") == ["link"]
    assert _walked("infra/main.tf", "link") == _walked("link", "infra/main.tf") == ["infra"]
    assert _walked("infra/main.tf", "link/main.tf") == ["infra", "link"]  # (both named: the user's choice)
    once = [(f.rule.id, f.location.line) for f in engine.lint(["infra"]).findings]
    assert once and [(f.rule.id, f.location.line) for f in engine.lint(["link/main.tf", "infra"]).findings] == once


@symlinks
def test_a_named_tf_file_that_is_a_symlink_lints_its_folder_within_the_folders_tree(tmp_path, monkeypatch):
    """`infra/shared.tf -> ../outside/main.tf` named made the link's target folder the tree: infra's own files
    went unread (its finding lost) and the outside module was linted in their place, its text in the report."""
    shutil.copytree(ROOT / "fixtures/W9601/bad-flag-false-from-tfvars", tmp_path / "repo/infra")
    outside = tmp_path / "outside"
    shutil.copytree(ROOT / "fixtures/W9601/bad-flag-false-from-tfvars", outside)
    (outside / "terraform.tfvars").unlink()
    text = (outside / "main.tf").read_text().replace('"fn"', '"SECRET_XYZ"').replace("var.allow_ipv6", "false")
    (outside / "main.tf").write_text(text)
    (tmp_path / "repo/infra/shared.tf").symlink_to(outside / "main.tf")
    monkeypatch.chdir(tmp_path / "repo")
    once = [(f.rule.id, f.location.path, f.location.line) for f in engine.lint(["infra/main.tf"]).findings]
    findings = engine.lint(["infra/shared.tf"]).findings
    assert once and [(f.rule.id, f.location.path, f.location.line) for f in findings] == once
    assert "SECRET" not in repr(findings).upper()


_SERVICE = (
    "service: api\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  hello:\n    handler: handler.hello\n"
    "    vpc:\n      securityGroupIds: [!Ref Group]\n      subnetIds: [!Ref SubnetA]\n"
    "resources:\n  - ${file(network.yml)}\n"
)
_CDK_APP = '{"app": "npx ts-node bin/app.ts", "context": {}}\n'


@pytest.mark.parametrize(
    ("name", "text", "hint", "built"),
    [
        (
            "serverless.yml",
            _SERVICE,
            "a Serverless Framework service is linted as the template `serverless package` writes, "
            + SERVERLESS_TEMPLATE,
            lambda folder: shutil.copy(
                ROOT / W9601_BAD, folder / ".serverless" / "cloudformation-template-update-stack.json"
            ),
        ),
        (
            "cdk.json",
            _CDK_APP,
            "a CDK app is linted as the cloud assembly `cdk synth` writes, cdk.out",
            lambda folder: shutil.copytree(FIXTURES / "cdk" / "ipv6-egress" / "cdk.out", folder / "cdk.out"),
        ),
    ],
    ids=["serverless-service", "cdk-app"],
)
def test_a_walk_that_meets_a_build_tools_file_says_what_to_lint_instead(
    tmp_path, capsys, monkeypatch, name, text, hint, built
):
    """A folder walked holding a Serverless Framework service (functions in a VPC) or a CDK app without its
    assembly, beside a template of its own (the VPC a service's resources include), said "No problems in 1
    template", the functions unread and unsaid; alone, it was "nothing found". Both now say what to lint
    instead; with that beside it, the service or app goes unsaid (a helper, on public Serverless Framework
    and CDK apps)."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "api"
    folder.mkdir()
    (folder / name).write_text(text)
    (folder / "network.yml").write_text(
        "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n"
    )
    code, out, _ = run(capsys, ".", "--format", "json")
    assert code == 0 and json.loads(out)["files"] == ["api/network.yml"], out
    assert _warned(out) == {f"api/{name}": f"{NOT_LINTED}; {hint}"}
    (folder / "network.yml").unlink()
    code, _, err = run(capsys, ".")
    assert code == 2 and err.rstrip().endswith(f"(--allow-empty makes that a success; {hint})"), err
    # (allowed to find nothing, it still says what to lint instead: the service's functions go unread)
    code, out, err = run(capsys, ".", "--allow-empty", "--format", "json")
    assert code == 0 and _warned(out) == {f"api/{name}": f"{NOT_LINTED}; {hint}"} and hint in err, out
    (folder / ".serverless").mkdir()
    built(folder)
    code, out, _ = run(capsys, ".", "--format", "json")
    assert code != 2 and json.loads(out)["files"] and _warned(out) == {}, out


def test_a_command_line_of_flags_and_paths_reads_as_argparse_reads_it():
    """`_flags_and_paths` reads, without argparse, the lint command lines made of options that take no value and then
    paths, as `lint_parser` does, and leaves every other one to it: each of the 3,000-odd command lines of up to
    three of these words is either declined or read with the same options."""
    import itertools

    from lambda6lint import cli

    parser = cli.lint_parser()
    flags = {s: a.dest for a in parser._actions if type(a).__name__ == "_StoreTrueAction" for s in a.option_strings}
    assert flags == cli._FLAGS
    assert cli._lint_defaults() == vars(parser.parse_args([]))
    words = [*flags, "a.yaml", "infra/", "", " x", "-", "--", "-qq", "--qui", "--format", "json", "-j", "1", "--h"]
    read = 0
    for n in range(4):
        for argv in itertools.product(words, repeat=n):
            fast = cli._flags_and_paths(list(argv))
            if fast is not None:
                read += 1
                assert vars(fast) == vars(cli.lint_parser().parse_args(list(argv))), argv
    assert read > 1000
    assert cli._flags_and_paths(["a.yaml", "-q", "b.yaml"]) is None  # (argparse: "unrecognized arguments: b.yaml")
    first, second = cli._flags_and_paths([]), cli._flags_and_paths([])
    assert first is not None and second is not None and first.report is not second.report
