"""Smaller things found while attacking lambda6lint: each reported plainly, none silently dropped."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES
from test_hostile import VALID, parse

from lambda6lint.cli import main
from lambda6lint.loaders.terraform import plan as tfplan

HEADER = "AWSTemplateFormatVersion: '2010-09-09'\n"


def lint(capsys, *args: str) -> tuple[int, list[dict], str]:
    status = main(list(args))
    out = capsys.readouterr().out
    return status, parse(out), out


def errors(found: list[dict]) -> list[str]:
    return [f["message"] for f in found if f["rule"] == "E9600"]


def test_utf16_and_utf32_are_named(capsys, tmp_path):
    paths = []
    for encoding in ("utf-16", "utf-16-le", "utf-32", "utf-32-be"):
        path = tmp_path / f"{encoding}.yaml"
        path.write_bytes(VALID.encode(encoding))
        paths.append(str(path))
    status, found, _ = lint(capsys, *paths)
    assert status == 2 and len(errors(found)) == 4
    assert all("UTF-16/32 is not supported" in message for message in errors(found))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_plan_windows_powershell_wrote_is_read(capsys, tmp_path, encoding):
    """`terraform show -json tfplan > plan.json` in Windows PowerShell writes UTF-16 with a byte-order mark (a
    field test met one committed): the plan is linted as written in UTF-8, found by a walk too."""
    fixture = FIXTURES / "E9602" / "bad-ipv4-only-subnets.tfplan.json"
    utf8 = lint(capsys, str(fixture))
    plan = tmp_path / "plan.json"
    plan.write_bytes((("" if encoding == "utf-16" else "\ufeff") + fixture.read_text()).encode(encoding))
    for named in (plan, tmp_path):
        status, found, _ = lint(capsys, str(named))
        assert (
            status == utf8[0] and found and [{**f, "path": ""} for f in found] == [{**f, "path": ""} for f in utf8[1]]
        )


def test_messages_quote_at_most_about_100_characters_of_a_value(capsys, tmp_path):
    long = "k" * 10_000
    files = {
        "duplicate.yaml": HEADER + f"Resources: {{}}\n? {long}\n: 1\n? {long}\n: 2\n",
        "tag.yaml": HEADER + f"Resources: !x-{long} x\n",
        "float.yaml": HEADER + f"Resources: {{}}\nX: !!float {long}\n",  # (an int of 10,000 digits is its text)
        "alias.yaml": HEADER + f"Resources: *{long}\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    module = tmp_path / "m"
    module.mkdir()
    (module / "main.tf").write_text('resource "aws_subnet" "a" {}\n')
    (module / "terraform.tfvars.json").write_text('{"a": ' + "[" * 5000 + "]" * 5000 + "}")
    (module / "self.tf").write_text(f'module "{long}" {{\n  source = "./"\n}}\n')
    assembly = tmp_path / "cdk.out"
    assembly.mkdir()
    stage = {"type": "cdk:cloud-assembly", "properties": {"directoryName": "missing"}}
    stack = {"type": "aws:cloudformation:stack", "properties": {"templateFile": "t.json"}, "displayName": long}
    (assembly / "manifest.json").write_text(json.dumps({"version": "36.0.0", "artifacts": {long: stage, "S": stack}}))
    paths = [*(str(tmp_path / name) for name in files), str(module), str(assembly)]
    status, found, _ = lint(capsys, *paths)
    assert status == 2 and len(errors(found)) == 8, errors(found)
    assert all(len(message) < 300 for message in errors(found)), errors(found)


def test_a_second_document_or_trailing_data_is_an_error(capsys, tmp_path):
    second = tmp_path / "second.yaml"
    second.write_text(VALID + "---\nResources: {}\n")
    trailing = tmp_path / "trailing.json"
    trailing.write_text('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}\n{"Resources": {}}\n')
    status, found, _ = lint(capsys, str(second), str(trailing))
    assert status == 2
    assert [(f["path"], f["line"]) for f in found if f["rule"] == "E9600"] == [
        (str(second), VALID.count("\n") + 1),
        (str(trailing), 2),
    ]


def test_a_tf_file_of_whitespace_is_an_empty_module_file(capsys, tmp_path):
    (tmp_path / "main.tf").write_text('resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n')
    (tmp_path / "empty.tf").write_text("  \n\t\n\n")
    status, found, out = lint(capsys, str(tmp_path))
    assert status == 0 and found == [], out


def test_only_templates_skips_a_terraform_state_file(capsys, tmp_path):
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"format_version": "1.0", "terraform_version": "1.9.8", "values": {}}))
    assert lint(capsys, "--only-templates", str(state)) == (0, [], "No problems in 0 templates.\n")
    status, found, _ = lint(capsys, str(state))  # named without the flag, it is reported as before
    assert status == 2 and errors(found) == [f"cannot lint this file: {tfplan.STATE_SAID}"]


def test_terraform_plan_json_log_is_named_and_told_how_to_write_a_plan(capsys, tmp_path):
    """`terraform plan -json > plan.json` writes Terraform's UI log, not a plan: said so, with how to write
    one (it was "data after the end of the document"); a walk passes such a log by."""
    message = {"@level": "info", "@module": "terraform.ui", "@timestamp": "2026-12-05T10:00:00Z"}
    lines = [
        {**message, "@message": "Terraform 1.9.5", "terraform": "1.9.5", "type": "version", "ui": "1.2"},
        {**message, "@message": "Plan: 0 to add, 0 to change, 0 to destroy.", "type": "change_summary"},
    ]
    log = tmp_path / "plan.json"
    log.write_text("".join(json.dumps(line, separators=(",", ":")) + "\n" for line in lines))
    status, found, _ = lint(capsys, str(log))
    assert status == 2 and [(f["line"], f["column"]) for f in found] == [(1, 1)]
    assert errors(found) == [
        "cannot lint this file: not a Terraform plan but the log `terraform plan -json` writes (one message "
        "per line): save the plan with `terraform plan -out=tfplan`, then lint the output of "
        "`terraform show -json tfplan`, or lint the configuration (.tf) instead"
    ]
    (tmp_path / "template.yaml").write_text(VALID)
    status, found, _ = lint(capsys, str(tmp_path))
    assert status != 2 and found and {f["path"] for f in found} == {str(tmp_path / "template.yaml")}
    # a plan on one line, a tag of which holds what every message of the log holds, is a plan
    plan = json.loads((FIXTURES / "E9602" / "bad-ipv4-only-subnets.tfplan.json").read_text())
    plan["planned_values"]["root_module"]["resources"][0]["values"]["tags"] = {"@module": "terraform.ui"}
    log.write_text(json.dumps(plan, separators=(",", ":")) + "\n")
    status, found, _ = lint(capsys, str(log))
    assert status == 1 and not errors(found) and {f["rule"] for f in found} == {"E9602", "I9660"}


def test_the_plan_size_limit_names_the_plan_limit(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(tfplan, "MAX_PLAN_BYTES", 4096)
    path = tmp_path / "big.tfplan.json"
    path.write_bytes((FIXTURES / "E9600" / "good-valid-plan.tfplan.json").read_bytes() + b" " * 8192)
    status, found, _ = lint(capsys, str(path))
    assert status == 2 and errors(found) == ["cannot lint this file: file is larger than 4 KB, the limit for plans"]


def test_a_port_of_digits_int_refuses_or_no_api_takes_is_unknown(capsys, tmp_path):
    """`'²'.isdigit()` is true and `int('²')` fails: the whole file was an internal error (E9600). `٤٤٣`
    read as 443, which no AWS API takes. Either port is now unknown: W9650 (which needs the group's ports)
    stays silent, and nothing is an error."""
    cfn = (FIXTURES / "W9621" / "good-acl-ipv6-egress-on-the-groups-port.yaml").read_text()
    hcl = (FIXTURES / "W9621" / "good-acl-ipv6-egress-on-the-groups-port" / "main.tf").read_text()
    for n, port in enumerate(["'²'", "'٤٤٣'", "'" + "4" * 5000 + "'"]):
        (tmp_path / f"t{n}.yaml").write_text(
            cfn.replace("FromPort: 443\n          ToPort: 443", f"FromPort: {port}\n          ToPort: {port}")
        )
        (tmp_path / f"m{n}").mkdir()
        written = port.replace("'", '"')
        (tmp_path / f"m{n}" / "main.tf").write_text(
            hcl.replace(
                "from_port        = 443\n    to_port          = 443",
                f"from_port        = {written}\n    to_port          = {written}",
            )
        )
    status, found, out = lint(capsys, str(tmp_path))
    assert not errors(found), out
    assert not [f for f in found if f["rule"] == "W9650"], out


def test_messages_name_at_most_a_few_functions_and_apis(capsys, tmp_path):
    """300 functions behind one NAT gateway, sharing a role that may invoke 300 IPv4-only APIs: W9650's
    message named every caller of every API (a 150 KB template made a 250 KB message; 1,000 of each, 6 MB),
    and finding each API's callers went over every function for every API."""
    template = json.loads((FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas.json").read_text())
    resources = template["Resources"]
    for n in range(300):
        resources[f"Api{n}"] = {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": f"a{n}"}}
        resources[f"Copy{n}"] = json.loads(json.dumps(resources["WebhookFunction"]))
    statement = {
        "Effect": "Allow",
        "Action": "execute-api:Invoke",
        "Resource": [{"Fn::Sub": f"arn:aws:execute-api:*:*:${{Api{n}}}/*"} for n in range(300)],
    }
    role = resources["FunctionRole"]["Properties"]
    role["Policies"] = [{"PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]}}]
    (tmp_path / "t.json").write_text(json.dumps(template))
    status, found, out = lint(capsys, "--select", "W9650", str(tmp_path / "t.json"))
    [finding] = [f for f in found if f["rule"] == "W9650"]
    assert len(finding["message"]) < 3_000, finding["message"]
    assert "and 294 more)" in finding["message"] and "the same on 292 more APIs they call (I9640)" in finding["message"]


def test_a_function_of_many_groups_names_a_few(capsys, tmp_path):
    """W9620 named every group of the function (and W9621 every subnet, W9610 every function): 800 functions
    inheriting 200 groups from SAM Globals made 40 MB of text from 190 KB."""
    text = (FIXTURES / "W9620" / "bad-default-egress.yaml").read_text()
    group = "  FunctionSecurityGroup:\n    Type: AWS::EC2::SecurityGroup\n"
    body = text[text.index(group) + len(group) : text.index("  FunctionRole:")]
    copies = "".join(f"  Group{n}:\n    Type: AWS::EC2::SecurityGroup\n{body}" for n in range(20))
    refs = "".join(f"          - !GetAtt Group{n}.GroupId\n" for n in range(20))
    text = text.replace("  FunctionRole:", copies + "  FunctionRole:", 1)
    text = text.replace(
        "          - !GetAtt FunctionSecurityGroup.GroupId\n",
        f"          - !GetAtt FunctionSecurityGroup.GroupId\n{refs}",
        1,
    )
    (tmp_path / "t.yaml").write_text(text)
    status, found, out = lint(capsys, str(tmp_path / "t.yaml"))
    [finding] = [f for f in found if f["rule"] == "W9620"]
    assert (
        "security groups FunctionSecurityGroup, Group0, Group1, Group2, Group3, Group4, Group5, Group6 and 13 more "
        "allow" in finding["message"]
    ), finding["message"]


def test_a_json_template_holding_what_a_ui_log_message_holds_is_linted_as_a_template(capsys, tmp_path):
    """`"Metadata": {"@module":"terraform.ui"}` in a JSON template's first 4 KB made it Terraform's UI log: named,
    an E9600 'not a Terraform plan'; walked, passed by without a word. A log is told by its first line."""
    template = json.loads((FIXTURES / "W9601" / "bad-two-functions.json").read_text())
    template = {"Metadata": {"Generator": {"@module": "terraform.ui"}}, **template}
    path = tmp_path / "template.json"
    path.write_text(json.dumps(template, separators=(",", ":"), indent=None).replace(',"', ',\n"'))
    for named in (str(path), str(tmp_path)):
        status, found, out = lint(capsys, named)
        assert status == 1 and not errors(found) and {f["rule"] for f in found} == {"W9601"}, out


def test_a_walk_that_finds_only_a_plan_log_says_it_is_no_plan(capsys, tmp_path):
    """A folder whose one `tfplan.json` is `terraform plan -json`'s UI log (committed so, h307's audit of generated
    artifacts: bankole874/Terraform-VPC-setup) said only "no templates … found", the walk having passed the log by.
    The "nothing found" error now names it and how to write a plan; beside a template the walk still passes it by
    unsaid, and other JSON (a package.json) is never named."""
    message = {"@level": "info", "@module": "terraform.ui", "@timestamp": "2026-12-05T10:00:00Z"}
    lines = [
        {**message, "@message": "Terraform 1.9.0", "terraform": "1.9.0", "type": "version", "ui": "1.2"},
        {**message, "@message": "aws_vpc.main: Plan to create", "type": "planned_change"},
    ]
    log = tmp_path / "tfplan.json"
    log.write_text("".join(json.dumps(line, separators=(",", ":")) + "\n" for line in lines))
    (tmp_path / "package.json").write_text('{"name": "app", "version": "1.0.0"}')
    assert main([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.endswith(
        f"(--allow-empty makes that a success; {log} is the log `terraform plan -json` writes, not a plan: lint the "
        "output of `terraform show -json tfplan` after `terraform plan -out=tfplan`)\n"
    ), err
    assert "package.json" not in err
    (tmp_path / "template.yaml").write_text(VALID)
    status = main([str(tmp_path)])
    captured = capsys.readouterr()
    assert status != 2 and str(tmp_path / "template.yaml") in captured.out, captured
    assert "tfplan.json" not in captured.out + captured.err


def test_a_state_walked_or_named_is_said_to_be_no_plan(capsys, tmp_path):
    """`terraform show -json` of a state (`values`, no `planned_values`) is no plan: named, it said only "no
    planned_values"; walked, the walk passed it by and the run said only "no templates … found" (h307's audit).
    Both now say it is a state and how to write a plan; beside a template the walk still passes it by unsaid."""
    state = tmp_path / "state.json"
    resource = {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "values": {}}
    values = {"root_module": {"resources": [resource]}}
    shown = {"format_version": "1.0", "terraform_version": "1.9.8", "values": values}
    state.write_text(json.dumps(shown))
    status, found, _ = lint(capsys, str(state))
    assert status == 2 and errors(found) == [f"cannot lint this file: {tfplan.STATE_SAID}"]
    assert "a state (`terraform show -json` without a plan file" in tfplan.STATE_SAID
    (tmp_path / "package.json").write_text('{"name": "app", "values": {}, "format_version": "1"}')
    assert main([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.endswith(
        f"(--allow-empty makes that a success; {state} is a Terraform state (`terraform show -json` without a plan "
        "file), not a plan: lint the output of `terraform show -json tfplan` after `terraform plan -out=tfplan`)\n"
    ), err
    assert "package.json" not in err
    (tmp_path / "template.yaml").write_text(VALID)
    status = main([str(tmp_path)])
    captured = capsys.readouterr()
    assert status != 2 and "state.json" not in captured.out + captured.err, captured


def test_a_walk_that_finds_only_a_sam_build_names_it(capsys, tmp_path):
    """A walk never enters `.aws-sam` (every finding would be found twice); a tree whose only template is the
    one `sam build` wrote said only "no templates … found" (h307's audit). It now names it and what to lint;
    named, the built template is linted; beside its source, the walk lints the source and says nothing of it."""
    built = tmp_path / "app" / ".aws-sam" / "build" / "template.yaml"
    built.parent.mkdir(parents=True)
    built.write_text(VALID)
    (tmp_path / "app" / "node_modules" / ".aws-sam" / "build").mkdir(parents=True)  # (a folder never walked)
    (tmp_path / "app" / "node_modules" / ".aws-sam" / "build" / "template.yaml").write_text(VALID)
    assert main([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.endswith(
        f"(--allow-empty makes that a success; {built} is the template `sam build` writes, which a walk passes by: "
        "lint the template it was built from (template.yaml), or name the built one)\n"
    ), err
    status = main([str(built)])
    captured = capsys.readouterr()
    assert status != 2 and str(built) in captured.out + captured.err, captured
    (tmp_path / "app" / "template.yaml").write_text(VALID)
    status = main([str(tmp_path)])
    captured = capsys.readouterr()
    assert status != 2 and ".aws-sam" not in captured.out + captured.err, captured
