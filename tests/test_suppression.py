"""In-source suppressions: resource and template Metadata, ours and cfn-lint's."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, ROOT, shared_nat_module
from jsonschema import Draft202012Validator

from lambda6lint import engine
from lambda6lint.cli import main
from lambda6lint.report import sarif

SOURCE = (FIXTURES / "W9610" / "bad-shared-route-table-no-eigw.yaml").read_text()


def with_metadata(text: str, resource: str, metadata: str) -> str:
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(f"  {resource}:"))
    return "".join(lines[: index + 1]) + metadata + "".join(lines[index + 1 :])


@pytest.mark.parametrize(
    "metadata",
    [
        "    Metadata:\n      lambda6lint:\n        ignore: [W9610]\n",
        "    Metadata:\n      lambda6lint:\n        ignore:\n          - id: missing-ipv6-default-route\n"
        "            reason: IPv6 goes through the inspection VPC\n",
        "    Metadata:\n      cfn-lint:\n        config:\n          ignore_checks: [W9610]\n",
    ],
)
def test_resource_metadata_suppresses(tmp_path, metadata):
    path = tmp_path / "t.yaml"
    path.write_text(with_metadata(SOURCE, "PrivateRouteTable", metadata))
    result = engine.lint([str(path)])
    w9610 = [f for f in result.findings if f.rule.id == "W9610"]
    assert w9610 and all(f.suppressed for f in w9610)
    assert any(not f.suppressed for f in result.findings if f.rule.id != "W9610")


def test_metadata_on_another_resource_does_not_suppress(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(
        with_metadata(SOURCE, "IngestFunction", "    Metadata:\n      lambda6lint:\n        ignore: [W9610]\n")
    )
    assert any(not f.suppressed for f in engine.lint([str(path)]).findings if f.rule.id == "W9610")


def test_template_metadata_suppresses_everything_named(tmp_path, capsys):
    path = tmp_path / "t.yaml"
    path.write_text(
        SOURCE.replace("Resources:\n", "Metadata:\n  lambda6lint:\n    ignore: [W96, I9651, I9660]\nResources:\n", 1)
    )
    assert main([str(path)]) == 0
    assert "suppressed" in capsys.readouterr().out
    log = json.loads(sarif.render(engine.lint([str(path)])))
    results = log["runs"][0]["results"]
    assert results and all(r["suppressions"][0]["kind"] == "inSource" for r in results)


@pytest.mark.parametrize(
    ("placement", "suppressed"),
    [
        ("above", True),
        ("inside", True),
        ("other-resource", False),
        ("above-the-next-resource", False),  # it is the next one's, not this block's last lines
        ("end-of-block", True),  # indented as the block's own lines, right above the next resource
        ("end-of-the-block-above", False),  # the same, the block above's: not this one's too (helper)
    ],
)
def test_yaml_comment_suppresses(tmp_path, placement, suppressed):
    """The comment form shared with Terraform: `# lambda6lint:ignore W9610 reason`."""
    lines = SOURCE.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("  PrivateRouteTable:"))
    comment = "  # lambda6lint:ignore W9610 routed through the inspection VPC\n"
    following = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("  ") and lines[i][2] != " ")
    if placement == "above":
        lines.insert(index, comment)
    elif placement == "inside":
        lines.insert(index + 1, "    " + comment.lstrip())
    elif placement == "above-the-next-resource":
        lines.insert(following, comment)
    elif placement == "end-of-block":
        lines.insert(following, "    " + comment.lstrip())
    elif placement == "end-of-the-block-above":
        lines.insert(index, "    " + comment.lstrip())
    else:
        other = next(i for i, line in enumerate(lines) if line.startswith("  IngestFunction:"))
        lines.insert(other, comment)
    path = tmp_path / "t.yaml"
    path.write_text("".join(lines))
    w9610 = [f for f in engine.lint([str(path)]).findings if f.rule.id == "W9610"]
    assert w9610 and all(bool(f.suppressed) is suppressed for f in w9610)


@pytest.mark.parametrize(
    ("line", "rules"),
    [
        ("# lambda6lint:ignore W9601", ["W9601"]),
        ("  # lambda6lint:ignore W9601,W9610 both are known", ["W9601", "W9610"]),
        ("// lambda6lint: ignore missing-gateway-endpoint endpoints come from the hub", ["missing-gateway-endpoint"]),
        ("# lambda6lint:ignore W96 legacy stack", ["W96"]),
        ("# lambda6lint:ignored W9601", []),
        ("Description: no comment here", []),
    ],
)
def test_ignore_comment_grammar(line, rules):
    from lambda6lint.loaders.common.comments import ignored

    assert ignored(line) == rules


def _justifications(capsys, path, fmt):
    """{rule: reason} of the suppressed findings, from the CLI's SARIF or JSON."""
    main(["--format", fmt, str(path)])
    out = json.loads(capsys.readouterr().out)
    if fmt == "json":
        return {f["rule"]: f["suppressed"] for f in out["findings"] if f["suppressed"]}
    results = out["runs"][0]["results"]
    return {r["ruleId"]: r["suppressions"][0]["justification"] for r in results if r.get("suppressions")}


@pytest.mark.parametrize("fmt", ["sarif", "json"])
@pytest.mark.parametrize(
    ("metadata", "reason"),
    [
        (
            "    Metadata:\n      lambda6lint:\n        ignore:\n          - id: W9610\n"
            "            reason: IPv6 goes through the inspection VPC\n",
            "IPv6 goes through the inspection VPC",
        ),
        (
            "    Metadata:\n      lambda6lint:\n        ignore: [W96]\n        reason: legacy stack, replaced in Q3\n",
            "legacy stack, replaced in Q3",
        ),
        ("  # lambda6lint:ignore W9610,W9650 routed through the hub\n", "routed through the hub"),
        ("    Metadata:\n      lambda6lint:\n        ignore: [W9610]\n", "ignored in source on PrivateRouteTable"),
        ("    Metadata:\n      cfn-lint:\n        config:\n          ignore_checks: [W9610]\n", None),
    ],
)
def test_the_reason_written_reaches_sarif_and_json(tmp_path, capsys, fmt, metadata, reason):
    path = tmp_path / "t.yaml"
    if metadata.startswith("  #"):  # a comment goes above the resource
        lines = SOURCE.splitlines(keepends=True)
        index = next(i for i, line in enumerate(lines) if line.startswith("  PrivateRouteTable:"))
        path.write_text("".join([*lines[:index], metadata, *lines[index:]]))
    else:
        path.write_text(with_metadata(SOURCE, "PrivateRouteTable", metadata))
    got = _justifications(capsys, path, fmt)
    assert got["W9610"] == (reason or "ignored in source on PrivateRouteTable")


def test_terraform_comment_reason_reaches_sarif(tmp_path, capsys):
    module = FIXTURES / "W9601" / "bad-flag-false-from-tfvars"
    for source in module.iterdir():
        text = source.read_text()
        if source.name == "main.tf":
            text = text.replace(
                'resource "aws_lambda_function" "fn" {',
                '# lambda6lint:ignore W9601 flag flips with the v2 rollout\nresource "aws_lambda_function" "fn" {',
            )
            assert "lambda6lint:ignore" in text
        (tmp_path / source.name).write_text(text)
    assert _justifications(capsys, tmp_path, "sarif") == {"W9601": "flag flips with the v2 rollout"}


@pytest.mark.parametrize(
    ("line", "reasons"),
    [
        ("# lambda6lint:ignore W9601,W9610 both are known", {"W9601": "both are known", "W9610": "both are known"}),
        ("# lambda6lint:ignore W9601", {"W9601": ""}),
        ("// lambda6lint: ignore W96, legacy stack", {"W96": "legacy stack"}),
        # (a reason that starts with a hyphenated word: not a rule's name, and not lost; helper)
        ("# lambda6lint:ignore I9651 long-lived partner allow-list", {"I9651": "long-lived partner allow-list"}),
        ("# lambda6lint:ignore W9601: as ruff's noqa", {"W9601": "as ruff's noqa"}),  # (a colon: helper)
        ("# lambda6lint:ignore: W9601 the other way", {"W9601": "the other way"}),
        ("# lambda6lint:ignore W9650: E2 zone is legacy", {"W9650": "E2 zone is legacy"}),  # (the colon ends the ids)
        ("# lambda6lint:ignore W9650, W9620: E2 zone", {"W9650": "E2 zone", "W9620": "E2 zone"}),
        (
            "# lambda6lint:ignore I9651 nat-gateway-replaceable pre-existing",
            {"I9651": "pre-existing"} | {"nat-gateway-replaceable": "pre-existing"},
        ),
    ],
)
def test_ignore_comment_reason(line, reasons):
    from lambda6lint.loaders.common.comments import ignore_comment

    assert ignore_comment(line) == reasons


def test_a_finding_in_a_module_terraform_init_installed_is_suppressed_at_its_call(tmp_path, capsys):
    """A module installed in .terraform/modules is not in the repository: its resources' findings point
    at the module call, and a comment above the call suppresses them (it could not be written anywhere)."""
    import shutil

    shutil.copytree(FIXTURES / "W9610" / "bad-installed-registry-module", tmp_path / "m")
    main_tf = tmp_path / "m" / "main.tf"
    text = main_tf.read_text().replace('module "net" {', '# lambda6lint:ignore W9610 ::/0 comes in 1.5\nmodule "net" {')
    main_tf.write_text(text)
    result = engine.lint([str(tmp_path / "m")])
    [finding] = [f for f in result.findings if f.rule.id == "W9610"]
    assert finding.suppressed == "::/0 comes in 1.5"
    call_line = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith('module "net" {'))
    assert finding.location.path == str(main_tf) and finding.location.line == call_line
    assert not any(".terraform" in f.location.path for f in result.findings)
    assert not any(".terraform" in where.path for f in result.findings for where, _ in f.related)


TYPO_SOURCE = (FIXTURES / "W9601" / "bad-flag-absent.yaml").read_text()


@pytest.mark.parametrize(
    ("comment", "metadata", "warned"),
    [
        ("# lambda6lint:ignore W9061 not ready", "", ["W9061"]),  # outside lambda6lint's range: a transposition
        ("# lambda6lint:ignore W96O1 not ready", "", ["W96O1"]),  # a letter O: read as the reason, silently
        ("# lambda6lint:ignore function-dualstack", "", ["function-dualstack"]),
        ("# lambda6lint:ignore W9601 not ready", "", []),
        ("# lambda6lint:ignore W96", "", []),  # a prefix of ids
        ("# lambda6lint:ignore W9601 long-lived exception", "", []),  # a hyphenated word starts the reason
        ("# lambda6lint:ignore long-lived exception", "", ["long-lived"]),
        ("# lambda6lint:ignore", "", ["lambda6lint:ignore"]),  # (as ruff warns of a bare noqa: it names nothing)
        ("# lambda6lint:ignore not ready yet", "", ["lambda6lint:ignore"]),
        ("", "lambda6lint:\n        ignore: [W9699, function-dualstack-disabled]", ["W9699"]),
        ("", "cfn-lint:\n        config:\n          ignore_checks: [E9001, E3012]", []),  # cfn-lint's rules
        ("", "lambda6lint:\n        ignores: [W9601]", ["ignores"]),  # (a key it does not read: helper)
        ("", "lambda6lint:\n        ignore: [{ids: W9601}]", ["ignore.ids"]),  # (an entry's too)
    ],
)
def test_a_suppression_that_names_no_rule_is_warned_of(tmp_path, capsys, comment, metadata, warned):
    """A typo in a suppression ignores nothing, and its author believes otherwise: said on stderr (as
    ruff warns of a noqa comment naming no rule); the finding stays, the exit status is the run's."""
    text = TYPO_SOURCE.replace(
        "  ReportFunction:\n", f"  {comment}\n  ReportFunction:\n" if comment else "  ReportFunction:\n", 1
    )
    if metadata:
        text = text.replace(
            "  ReportFunction:\n    Type: AWS::Lambda::Function\n",
            f"  ReportFunction:\n    Type: AWS::Lambda::Function\n    Metadata:\n      {metadata}\n",
            1,
        )
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path / "t.yaml")], engine.Options(jobs=1))
    said = [text.split("`")[1] for _, text in result.warnings]
    assert said == warned
    code = main([str(tmp_path / "t.yaml")])
    err = capsys.readouterr().err
    assert code == (1 if result.count("warning") else 0)  # (warnings of suppressions change nothing)
    assert ("names no rule" in err or "is not a key it reads" in err) is bool(warned)
    for name in warned:
        said = (
            "under the Metadata `lambda6lint` of ReportFunction is not a key it reads (ignore: [{id, reason}], reason)"
        )
        assert f": `{name}` in the suppressions of ReportFunction names no rule" in err or f"`{name}` {said}" in err


def test_a_suppression_that_names_no_rule_is_kept_in_json_sarif_and_github(tmp_path, capsys, sarif_validator):
    """stderr is lost where a report is uploaded or annotations are read: JSON keeps the warning in
    `warnings`, SARIF as a tool configuration notification, GitHub as an annotation, at the resource the
    suppression is on."""
    text = TYPO_SOURCE.replace("  ReportFunction:\n", "  # lambda6lint:ignore W9061 not ready\n  ReportFunction:\n", 1)
    line = text.splitlines().index("  ReportFunction:") + 1
    (tmp_path / "t.yaml").write_text(text)
    main([str(tmp_path / "t.yaml"), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert [(w["line"], w["message"].split("`")[1]) for w in report["warnings"]] == [(line, "W9061")]
    assert not list(
        Draft202012Validator(json.loads((ROOT / "docs" / "report.schema.json").read_text())).iter_errors(report)
    )
    main([str(tmp_path / "t.yaml"), "--format", "sarif"])
    log = json.loads(capsys.readouterr().out)
    assert not list(sarif_validator.iter_errors(log))
    (invocation,) = log["runs"][0]["invocations"]
    (notification,) = invocation["toolConfigurationNotifications"]
    assert notification["level"] == "warning" and "`W9061`" in notification["message"]["text"]
    assert notification["locations"][0]["physicalLocation"]["region"]["startLine"] == line
    main([str(tmp_path / "t.yaml"), "--format", "github"])
    [annotation] = [a for a in capsys.readouterr().out.splitlines() if "suppression names no rule" in a]
    assert annotation.startswith("::warning file=") and f",line={line}," in annotation and "`W9061`" in annotation
    (tmp_path / "t.yaml").write_text(TYPO_SOURCE)
    main([str(tmp_path / "t.yaml"), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["warnings"] == []
    main([str(tmp_path / "t.yaml"), "--format", "sarif"])
    assert "toolConfigurationNotifications" not in json.loads(capsys.readouterr().out)["runs"][0]["invocations"][0]


def test_a_counted_resources_suppression_that_names_no_rule_is_warned_of_once(tmp_path, capsys):
    """The instances of a counted resource share their block's comment: one warning, not one per instance
    (helper, living with it)."""
    (tmp_path / "main.tf").write_text(
        'resource "aws_subnet" "s" {\n  count = 3\n  vpc_id = "vpc-1"\n  cidr_block = "10.0.0.0/24"\n}\n'
        'resource "aws_lambda_function" "f" { # lambda6lint: ignore W9061\n  count = 3\n  function_name = "f"\n'
        '  role = "arn:aws:iam::1:role/x"\n  vpc_config {\n    subnet_ids = [aws_subnet.s[count.index].id]\n'
        '    security_group_ids = ["sg-1"]\n    ipv6_allowed_for_dual_stack = true\n  }\n}\n'
    )
    main([str(tmp_path), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    (warning,) = report["warnings"]
    assert "aws_lambda_function.f[0] (and 2 more declared there) names no rule" in warning["message"], warning


def test_a_comment_on_a_local_module_call_ignores_rules_for_what_the_call_makes(tmp_path, monkeypatch):
    """`# lambda6lint:ignore W9650` above a local module's call ignores the rule for every resource the call
    makes, as on an installed module's call: the module's code, which other calls share, stays as it is.
    Two roots calling it, one ignoring the rule: the other's finding is still reported."""
    call = shared_nat_module(tmp_path)
    for env in ("prod", "dev"):
        (tmp_path / env).mkdir()
        (tmp_path / env / "main.tf").write_text("# lambda6lint:ignore W9650 kept for a partner's allow-list\n" + call)
    monkeypatch.chdir(tmp_path)

    def found() -> list[tuple[str, str | None]]:
        result = engine.lint(["."], engine.Options(select=["W9650"]))
        return [(f.rule.id, f.suppressed) for f in result.findings]

    assert found() == [("W9650", "kept for a partner's allow-list")]
    (tmp_path / "dev" / "main.tf").write_text(call)
    assert sorted(found(), key=str) == [("W9650", "kept for a partner's allow-list"), ("W9650", None)]


@pytest.mark.parametrize(
    ("place", "warned"),
    [
        ("  # lambda6lint:ignore W9601 not ready\n\n  ReportFunction:\n", True),  # a blank line before the key
        ("  # lambda6lint:ignore W9601 not ready\n  ReportFunction:\n", False),  # right above: it ignores W9601
        ("\n  # lambda6lint:ignore W9601 not ready\n  ReportFunction:\n", False),
    ],
)
def test_an_ignore_comment_that_belongs_to_no_resource_is_warned_of(tmp_path, capsys, sarif_validator, place, warned):
    """An ignore comment with a blank line between it and the resource's key (or outside Resources) belongs
    to no resource and ignores nothing: said on stderr, in JSON's warnings, SARIF's configuration
    notifications and a GitHub annotation. Before, one at the keys' indentation below a resource's body
    ignored its rules for that resource, the one above."""
    text = TYPO_SOURCE.replace("  ReportFunction:\n", place, 1)
    (tmp_path / "t.yaml").write_text(text)
    line = text.splitlines().index("  # lambda6lint:ignore W9601 not ready") + 1
    main([str(tmp_path / "t.yaml"), "--format", "json"])
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert [(w["line"], w["column"]) for w in report["warnings"]] == ([(line, 3)] if warned else [])
    assert ("belongs to no resource" in err) is warned
    rules = {f["rule"] for f in report["findings"] if not f["suppressed"]}
    assert ("W9601" in rules) is warned, rules
    assert {f["resource"] for f in report["findings"] if f["suppressed"]} <= {"ReportFunction"}
    main([str(tmp_path / "t.yaml"), "--format", "sarif"])
    log = json.loads(capsys.readouterr().out)
    assert not list(sarif_validator.iter_errors(log))
    notes = log["runs"][0]["invocations"][0].get("toolConfigurationNotifications", [])
    assert [n["locations"][0]["physicalLocation"]["region"]["startLine"] for n in notes] == ([line] if warned else [])
    main([str(tmp_path / "t.yaml"), "--format", "github"])
    annotations = [a for a in capsys.readouterr().out.splitlines() if "suppression ignores nothing" in a]
    assert len(annotations) == (1 if warned else 0)


def test_an_ignore_comment_outside_any_terraform_block_is_warned_of(tmp_path):
    """Above a resource with a blank line between, or in `locals`: it ignores nothing (warned); inside a
    resource, right above one, or above a module call it does (not warned)."""
    (tmp_path / "main.tf").write_text(
        "# lambda6lint:ignore W9650 a header\n\n"
        'resource "aws_vpc" "v" {\n  # lambda6lint:ignore W9610 inside\n  cidr_block = "10.0.0.0/16"\n}\n\n'
        '# lambda6lint:ignore I9605 right above\nresource "aws_vpc" "w" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        "locals {\n  # lambda6lint:ignore W9601 in locals\n  a = 1\n}\n"
        '// lambda6lint:ignore W9650 on a call\nmodule "m" {\n  source = "./m"\n}\n'
    )
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text('variable "x" {\n  default = 1\n}\n')
    result = engine.lint([str(tmp_path)], engine.Options(jobs=1))
    assert sorted((w.line, w.column) for w, _ in result.warnings) == [(1, 1), (13, 3)]


def test_a_finding_two_roots_share_names_each_roots_call_and_is_said_once(tmp_path, monkeypatch, capsys):
    """Two environments call one local module: a finding in its code is said once, and names each root's
    call of the module, since each deploys what it finds. A root ignoring another rule on its call does
    not split it in two."""
    call = shared_nat_module(tmp_path)
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "main.tf").write_text(call)
    (tmp_path / "prod").mkdir()
    (tmp_path / "prod" / "main.tf").write_text("# lambda6lint:ignore W9650 partner allow-list\n" + call)
    monkeypatch.chdir(tmp_path)
    for jobs in ("1", "2"):
        main([".", "--format", "json", "--select", "I9660", "--jobs", jobs])
        (finding,) = json.loads(capsys.readouterr().out)["findings"]
        assert [(r["path"], r["line"], r["message"]) for r in finding["related"]][-2:] == [
            ("dev/main.tf", 1, "made through root module dev, which calls the module here"),
            ("prod/main.tf", 2, "made through root module prod, which calls the module here"),
        ], finding["related"]


def test_a_finding_one_of_two_roots_makes_names_that_root(tmp_path, monkeypatch, capsys):
    """prod ignores W9650 on its call of the module dev calls too: the two W9650 differ in `suppressed` only,
    and each names the root it was made through (the reported one named none, so which environment it was
    in could not be told). With one root, a finding names no root: its module has no other caller."""
    call = shared_nat_module(tmp_path)
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "main.tf").write_text(call)
    monkeypatch.chdir(tmp_path)
    main([".", "--format", "json", "--select", "W9650"])
    (alone,) = json.loads(capsys.readouterr().out)["findings"]
    assert not any("root module" in r["message"] for r in alone["related"]), alone["related"]
    (tmp_path / "prod").mkdir()
    (tmp_path / "prod" / "main.tf").write_text("# lambda6lint:ignore W9650 partner allow-list\n" + call)
    for jobs in ("1", "2"):
        main([".", "--format", "json", "--select", "W9650", "--jobs", jobs])
        findings = json.loads(capsys.readouterr().out)["findings"]
        named = [
            (f["suppressed"] is not None, [r["path"] for r in f["related"] if "root module" in r["message"]])
            for f in findings
        ]
        assert sorted(named) == [(False, ["dev/main.tf"]), (True, ["prod/main.tf"])], named


IMPLICIT_APIS = (FIXTURES / "I9640" / "bad-implicit-and-explicit-apis.sam.yaml").read_text()


TYPE = "    Type: AWS::Serverless::Function\n"
MADE_THERE = "ignored in source on OrdersFunction, whose events make it"


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (
            "  OrdersFunction:\n",
            "  # lambda6lint:ignore I9640 partners call it over IPv4\n  OrdersFunction:\n",
            "partners call it over IPv4",
        ),
        ("        ListOrders:  # expect: I9640\n", "        ListOrders:  # lambda6lint:ignore I9640\n", MADE_THERE),
        (TYPE, TYPE + "    Metadata:\n      lambda6lint:\n        ignore: [api-not-dualstack]\n", MADE_THERE),
        (TYPE, TYPE + "    Metadata: {cfn-lint: {config: {ignore_checks: [I9640]}}}\n", MADE_THERE),
    ],
)
def test_a_sam_implicit_api_takes_the_suppressions_of_the_function_whose_events_make_it(tmp_path, old, new, reason):
    """ServerlessRestApi is written nowhere: its finding points into the function's Events, where users
    write the ignore comment (template Metadata would silence I9640 for every API of the template)."""
    path = tmp_path / "t.sam.yaml"
    assert old in IMPLICIT_APIS
    path.write_text(IMPLICIT_APIS.replace(old, new, 1))
    result = engine.lint([str(path)])
    found = {f.resource: f.suppressed for f in result.findings if f.rule.id == "I9640"}
    assert found["ServerlessRestApi"] == found["ServerlessHttpApi"] == reason
    assert found["PartnerApi"] is None and found["WebhookApi"] is None  # (explicit APIs: their own suppressions)
    assert not result.warnings


def test_a_mistyped_suppression_of_a_function_that_makes_an_implicit_api_is_warned_of_once(tmp_path, capsys):
    path = tmp_path / "t.sam.yaml"
    path.write_text(
        IMPLICIT_APIS.replace("  OrdersFunction:\n", "  # lambda6lint:ignore I9064\n  OrdersFunction:\n", 1)
    )
    result = engine.lint([str(path)])
    assert [text for _, text in result.warnings] == ["`I9064` in the suppressions of OrdersFunction names no rule"]
    assert all(f.suppressed is None for f in result.findings)


def _sam(functions: dict[str, str], globals_api: bool = False) -> str:
    """A SAM template whose functions (name → comment above it) each have an implicit Api event."""
    text = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"
    if globals_api:
        text += "Globals:\n  Api:\n    EndpointConfiguration: REGIONAL\n"
    text += "Resources:\n"
    for name, comment in functions.items():
        text += (
            f"{comment}  {name}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n"
            "      Handler: app.handler\n      CodeUri: src/\n      Events:\n        Get:\n          Type: Api\n"
            f"          Properties:\n            Path: /{name.lower()}\n            Method: get\n"
        )
    return text


@pytest.mark.parametrize(
    ("globals_api", "first", "second", "suppressed"),
    [
        (False, "", "  # lambda6lint:ignore I9640 retired in Q3\n", None),  # (it points into Orders' events)
        (False, "  # lambda6lint:ignore I9640 internal\n", "", "internal"),
        (True, "  # lambda6lint:ignore I9640 internal\n", "", None),  # (at Globals: every maker's)
        (True, "  # lambda6lint:ignore I9640 internal\n", "  # lambda6lint:ignore I9640\n", "internal"),
    ],
)
def test_an_implicit_api_made_by_two_functions_takes_the_suppressions_where_its_finding_points(
    tmp_path, globals_api, first, second, suppressed
):
    """One function's suppression does not silence a finding that points into another function's events;
    at Globals, which belongs to all of them, every function that makes the API must suppress it."""
    path = tmp_path / "t.sam.yaml"
    path.write_text(_sam({"Orders": first, "Reports": second}, globals_api))
    (finding,) = [f for f in engine.lint([str(path)]).findings if f.rule.id == "I9640"]
    assert (finding.resource, finding.suppressed) == ("ServerlessRestApi", suppressed)
