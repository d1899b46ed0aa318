"""One bad input never kills the run: each crash found by trying lambda6lint as an attacker would,
reproduced through the real command line, beside a control template whose finding must survive.

An exception while reading one source is an E9600 on that source ("internal error while reading …:
<type>"); the run goes on and ends with exit status 2, never a traceback and exit 1.
"""

from __future__ import annotations

import json
import os
import sys

import pytest
from conftest import FIXTURES
from isolated import run
from test_hostile import VALID, VALID_LINE, parse

from lambda6lint import engine
from lambda6lint.cli import main

HEADER = "AWSTemplateFormatVersion: '2010-09-09'\n"
PLAN = json.loads((FIXTURES / "E9600" / "good-valid-plan.tfplan.json").read_text())
ACL_LOOKUP_PLAN = FIXTURES / "W9621" / "bad-acl-rules-on-acls-looked-up-by-another-tag.tfplan.json"


def _plan(mutate) -> str:
    doc = json.loads(json.dumps(PLAN))
    mutate(doc)
    return json.dumps(doc)


def _module_output_references(doc, value):
    """A subnet's unknown vpc_id references a module output whose `references` is `value`."""
    root = doc["configuration"]["root_module"]
    subnet = next(r for r in root["resources"] if r["address"] == "aws_subnet.private")
    subnet["expressions"]["vpc_id"] = {"references": ["module.net.vpc_id"]}
    root["module_calls"] = {"net": {"module": {"outputs": {"vpc_id": {"expression": {"references": value}}}}}}


def _egress_prefix_lists(doc, value):
    """The function's security group's egress rule names `value` among its prefix lists."""
    group = next(
        r for r in doc["planned_values"]["root_module"]["resources"] if r["address"] == "aws_security_group.fn"
    )
    group["values"]["egress"][0]["prefix_list_ids"] = [value]


def _expressions_written_as(path: str, value: object):
    """The plan at `path`, each configuration expression of `vpc_id`, `allocation_id` and
    `assign_generated_ipv6_cidr_block` (in every module) written as `value`, not an object."""

    def mutate(doc):
        pending = [doc["configuration"]["root_module"]]
        while pending:
            module = pending.pop()
            for res in module.get("resources", []):
                for name in ("vpc_id", "allocation_id", "assign_generated_ipv6_cidr_block"):
                    if name in res.get("expressions", {}):
                        res["expressions"][name] = value
            pending.extend(call["module"] for call in module.get("module_calls", {}).values())

    doc = json.loads((FIXTURES / path).read_text())
    mutate(doc)
    return json.dumps(doc)


def _data_source_address_of_a_list() -> str:
    """W9621's plan whose look-up is deferred, the configuration block of that data source
    (`data.aws_network_acls.private`) with an address that is a list."""
    doc = json.loads(ACL_LOOKUP_PLAN.read_text())
    for res in doc["configuration"]["root_module"]["resources"]:
        if res["address"] == "data.aws_network_acls.private":
            res["address"] = [None]
    return json.dumps(doc)


#: name → {relative path: content}; each was a traceback (exit 1, no report) before.
CRASHES = {
    "ref-of-a-list": {
        "t.yaml": HEADER + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
        "    Properties:\n      Runtime: !Ref [a]\n      Handler: x\n"
    },
    "prefix-list-properties-string": {
        "t.yaml": HEADER + "Resources:\n  Pl:\n    Type: AWS::EC2::PrefixList\n    Properties: a string\n"
        "  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n"
        "      SecurityGroupEgress:\n        - {IpProtocol: -1, DestinationPrefixListId: !Ref Pl}\n"
    },
    "count-infinity": {"m/main.tf": 'resource "aws_subnet" "a" {\n  count  = 1e999\n  vpc_id = "x"\n}\n'},
    "index-infinity": {"m/main.tf": 'resource "aws_subnet" "a" {\n  vpc_id = ["a"][1e999]\n}\n'},
    "interpolated-huge-integer": {
        "m/main.tf": "locals {\n  a = " + "9" * 4000 + '\n  b = local.a * local.a\n  c = "x${local.a}${local.b}"\n}\n'
        'resource "aws_subnet" "a" {\n  vpc_id = local.c\n}\n'
    },
    "range-of-ten-billion": {"m/main.tf": 'resource "aws_subnet" "a" {\n  vpc_id = length(range(10000000000))\n}\n'},
    "plan-resources-number": {"p.json": _plan(lambda d: d["planned_values"]["root_module"].update(resources=5))},
    "plan-child-modules-number": {
        "p.json": _plan(lambda d: d["planned_values"]["root_module"].update(child_modules=5))
    },
    "plan-resource-changes-number": {"p.json": _plan(lambda d: d.update(resource_changes=7))},
    "plan-references-number": {"p.json": _plan(lambda d: _module_output_references(d, 3))},
    # (a prefix list id that is a list or a map: 'unhashable type', found by the property tests at 1,500 examples)
    "plan-prefix-list-id-of-a-list": {"p.json": _plan(lambda d: _egress_prefix_lists(d, [None]))},
    "plan-prefix-list-id-of-a-map": {"p.json": _plan(lambda d: _egress_prefix_lists(d, {}))},
    "plan-configuration-resources-number": {
        "p.json": _plan(lambda d: d["configuration"]["root_module"].update(resources=1))
    },
    # (a transform named by a list: 'unhashable type', found by the property tests at 1,500 examples)
    "transform-of-a-list": {"t.yaml": "Transform: [[]]\nResources:\n  T: {Type: AWS::SNS::Topic}\n"},
    "transform-name-of-a-list": {"t.yaml": "Transform: {Name: [x]}\nResources:\n  T: {Type: AWS::SNS::Topic}\n"},
    # (a DependsOn entry with braces in the hint E9613 formats: KeyError, found by the property tests)
    "depends-on-with-braces": {
        "t.yaml": "Resources:\n  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n"
        "  V6: {Type: AWS::EC2::VPCCidrBlock, Properties: {VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true}}\n"
        "  S:\n    Type: AWS::EC2::Subnet\n    DependsOn: ['{x}']\n    Properties:\n      VpcId: !Ref Vpc\n"
        "      Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 2, 64]]\n"
    },
    "resources-transform-of-a-list": {"t.yaml": "Resources:\n  Fn::Transform: [[]]\n  T: {Type: AWS::SNS::Topic}\n"},
    # (an empty Fn::Select in the block E9602's search for a free /64 reads: IndexError, the property tests)
    "select-of-nothing-in-a-subnets-cidr": {
        "t.yaml": (FIXTURES / "E9602" / "bad-one-subnet-ipv4-only.yaml")
        .read_text()
        .replace("!Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks]", "!Select [0, !Cidr [!Select []", 1)
    },
    # (a VPC endpoint's type written as a list: 'unhashable type', found by the property tests at 1,500 examples)
    "vpc-endpoint-type-of-a-list": {
        "t.yaml": "Resources:\n  E:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      VpcEndpointType: []\n"
        "      ServiceName: com.amazonaws.us-east-1.s3\n      VpcId: vpc-1\n"
    },
    "vpc-endpoint-type-of-a-list-tf": {
        "m/main.tf": 'resource "aws_vpc_endpoint" "e" {\n  vpc_id            = "vpc-1"\n  service_name      = "s3"\n'
        '  vpc_endpoint_type = ["Gateway"]\n}\n'
    },
    # (a resource typed by a list, sharing an optional NAT gateway's condition: 'unhashable type'; a grep for the above)
    "type-of-a-list-beside-an-optional-nat": {
        "t.yaml": "Conditions:\n  C: !Equals [a, a]\nResources:\n"
        "  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n"
        "  S: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}}\n"
        "  Nat: {Type: AWS::EC2::NatGateway, Condition: C, Properties: {SubnetId: !Ref S, AllocationId: eipalloc-1}}\n"
        "  Odd: {Type: [x], Condition: C}\n"
    },
    # (a resource's configuration expression written as a list where Terraform writes an object: AttributeError
    # 'list' object has no attribute 'get'; found by mutating the plan fixtures' values, h277)
    "plan-module-vpc-flag-expression-of-a-list": {
        "p.json": _expressions_written_as("I9605/bad-local-module-vpc-without-ipv6.tfplan.json", [[]])
    },
    "plan-registry-vpc-expressions-of-booleans": {
        "p.json": _expressions_written_as("E9602/good-registry-vpc-given-ipv6.tfplan.json", True)
    },
    # (a data source's configuration address of a list, indexed for the look-ups the plan defers: 'unhashable type';
    # found by mutating the plan fixtures' values, h277)
    "plan-data-source-address-of-a-list": {"p.json": _data_source_address_of_a_list()},
    # (a network ACL entry's RuleNumber written as a map or a list: 'unhashable type' in the cached
    # netvalues.whole_number; found by mutating the fixtures' values, h277)
    "acl-rule-number-of-a-map": {
        "t.yaml": (FIXTURES / "W9621" / "bad-acl-shared-with-an-ipv4-only-subnet.yaml")
        .read_text()
        .replace("RuleNumber: 100", "RuleNumber: {}", 1)
    },
    "acl-rule-number-of-a-list": {
        "t.yaml": (FIXTURES / "W9621" / "bad-acl-shared-with-an-ipv4-only-subnet.yaml")
        .read_text()
        .replace("RuleNumber: 100", "RuleNumber: [100]", 1)
    },
    # (an index `str.isdigit` takes and `int` refuses, in E9602's search for a free /64: ValueError; helper)
    "select-index-superscript-digit": {
        "t.yaml": (FIXTURES / "E9602" / "bad-one-subnet-ipv4-only.yaml")
        .read_text()
        .replace("!Select [0, !Cidr", "!Select ['\u00b2', !Cidr", 1)
    },
}


@pytest.mark.parametrize("name", sorted(CRASHES))
def test_crash_inputs_are_linted_beside_a_good_template(tmp_path, name):
    for relative, text in CRASHES[name].items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text)
    (tmp_path / "valid.yaml").write_text(VALID)
    proc = run([str(tmp_path)])
    assert proc.returncode in (1, 2), proc.stderr
    found = parse(proc.stdout)
    assert ("W9601", VALID_LINE) in [(f["rule"], f["line"]) for f in found if f["path"].endswith("valid.yaml")]
    assert "internal error" not in proc.stdout, proc.stdout  # handled where it arose, not by the catch-all


def test_an_integer_past_a_floats_range_in_a_plan_block_matched_against_the_hcl(tmp_path):
    """A plan's nested block holding an integer a float cannot hold, matched against the HCL's block beside it:
    OverflowError, an internal error (helper, attacking the HCL links)."""
    fixture = FIXTURES / "W9650" / "bad-nat-route-target-from-a-local"
    main_tf = (fixture / "main.tf").read_text()
    (tmp_path / "main.tf").write_text(
        main_tf.replace("nat_gateway_id = local.nat_id", 'nat_gateway_id = local.nat_id\n    carrier_gateway_id = "7"')
    )
    plan = (
        (fixture / "plan.json").read_text().replace('"carrier_gateway_id": ""', '"carrier_gateway_id": 1' + "0" * 400)
    )
    (tmp_path / "plan.json").write_text(plan)
    (tmp_path / "valid.yaml").write_text(VALID)
    proc = run([str(tmp_path / "plan.json"), str(tmp_path / "valid.yaml")])
    assert "internal error" not in proc.stdout, proc.stdout
    assert ("W9601", VALID_LINE) in [(f["rule"], f["line"]) for f in parse(proc.stdout)]


def test_a_thousand_nested_folders(tmp_path):
    """os.walk recursed once per folder (RecursionError at ~1,000); the walk is iterative now."""
    folders = [tmp_path / "d"]
    for _ in range(999):
        folders.append(folders[-1] / "d")
    try:
        for folder in folders:
            folder.mkdir()
        (folders[-1] / "valid.yaml").write_text(VALID)
        proc = run([str(tmp_path)])
        assert proc.returncode == 1 and [f["rule"] for f in parse(proc.stdout)] == ["W9601"]
    finally:  # deepest first: pytest's own clean-up recurses too
        (folders[-1] / "valid.yaml").unlink(missing_ok=True)
        for folder in reversed(folders):
            if folder.exists():
                folder.rmdir()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_files_are_never_read(tmp_path):
    """A baseline, settings file, modules.json or template that is a symlink to /dev/zero is refused at once."""
    module = tmp_path / "m"
    (module / ".terraform" / "modules").mkdir(parents=True)
    (module / "main.tf").write_text('resource "aws_subnet" "a" {\n  vpc_id = "x"\n}\n')
    os.symlink("/dev/zero", module / ".terraform" / "modules" / "modules.json")
    os.symlink("/dev/zero", tmp_path / "zero.yaml")
    (tmp_path / "valid.yaml").write_text(VALID)
    proc = run([str(tmp_path)])
    assert proc.returncode == 1 and [f["rule"] for f in parse(proc.stdout)] == ["W9601"]
    proc = run([str(tmp_path / "zero.yaml"), str(tmp_path / "valid.yaml")])
    assert proc.returncode == 2 and "not a regular file (a character device)" in proc.stdout
    os.symlink("/dev/zero", tmp_path / "baseline.json")
    proc = run(["--baseline", str(tmp_path / "baseline.json"), str(tmp_path / "valid.yaml")])
    assert proc.returncode == 2 and "not a regular file" in proc.stderr
    os.symlink("/dev/zero", tmp_path / ".lambda6lint.toml")
    assert run(["valid.yaml"], cwd=tmp_path).returncode == 1  # not a settings file: passed over
    proc = run(["--config", ".lambda6lint.toml", "valid.yaml"], cwd=tmp_path)
    assert proc.returncode == 2 and "not a regular file" in proc.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_are_never_opened(tmp_path):
    """A FIFO blocks whoever opens it for reading: in a walk, as file(), tfvars, a template or a baseline."""
    module = tmp_path / "m"
    module.mkdir()
    (module / "main.tf").write_text('resource "aws_subnet" "a" {\n  vpc_id = file("fifo")\n}\n')
    for fifo in (module / "fifo", module / "terraform.tfvars", module / "x.tf", tmp_path / "t.yaml"):
        os.mkfifo(fifo)
    (tmp_path / "valid.yaml").write_text(VALID)
    proc = run([str(tmp_path)], timeout=30)
    assert proc.returncode == 1 and [f["rule"] for f in parse(proc.stdout)] == ["W9601"]
    proc = run([str(tmp_path / "t.yaml"), str(tmp_path / "valid.yaml")], timeout=30)
    assert proc.returncode == 2 and "not a regular file (a FIFO)" in proc.stdout
    proc = run(["--baseline", str(module / "fifo"), str(tmp_path / "valid.yaml")], timeout=30)
    assert proc.returncode == 2 and "not a regular file (a FIFO)" in proc.stderr
    # where CDK writes its assembly's manifest (beside the `cdk.out` version file): the assembly was
    # skipped as if it were not there; it is an E9600 now, the rest still linted
    assembly = tmp_path / "app" / "cdk.out"
    assembly.mkdir(parents=True)
    (assembly / "cdk.out").write_text('{"version":"36.0.0"}')
    os.mkfifo(assembly / "manifest.json")
    proc = run([str(tmp_path)], timeout=30)
    found = [(f["rule"], f["path"].rsplit("/", 1)[-1]) for f in parse(proc.stdout)]
    assert proc.returncode == 2 and found == [("E9600", "manifest.json"), ("W9601", "valid.yaml")], found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_named_fifo_tf_file_is_an_e9600_as_a_named_fifo_template(tmp_path):
    """A FIFO named `x.tf` (or `terraform.tfvars`) stood for its module, which is linted without it, and
    was passed over unsaid; a FIFO template named is an E9600. Now both are, never opened; pre-commit, which
    names files as a walk meets them (git stages no FIFO), passes it by as a walk does."""
    module = tmp_path / "m"
    module.mkdir()
    os.mkfifo(module / "x.tf")
    os.mkfifo(module / "terraform.tfvars")
    (tmp_path / "valid.yaml").write_text(VALID)
    proc = run([str(module / "x.tf"), str(module / "terraform.tfvars"), str(tmp_path / "valid.yaml")], timeout=30)
    found = [(f["rule"], f["path"].rsplit("/", 1)[-1], f["message"]) for f in parse(proc.stdout)]
    assert proc.returncode == 2 and [f[:2] for f in found] == [
        ("E9600", "terraform.tfvars"),
        ("E9600", "x.tf"),
        ("W9601", "valid.yaml"),
    ], found
    assert "not a regular file (a FIFO)" in found[1][2]
    proc = run(["--only-templates", str(module / "x.tf"), str(tmp_path / "valid.yaml")], timeout=30)
    assert proc.returncode == 1 and [f["rule"] for f in parse(proc.stdout)] == ["W9601"]


# ----- whatever the bug, the run goes on and says so -----------------------------------------


def test_an_exception_in_one_source_is_an_e9600_and_the_rest_is_linted(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(VALID)
    valid = tmp_path / "valid.yaml"
    valid.write_text(VALID)
    from lambda6lint.loaders.registry import LOADERS

    real = LOADERS[engine.discovery.TEMPLATE]

    def loader(source, options):
        if source.path.endswith("bad.yaml"):
            raise KeyError("a value from the input, never printed")
        return real(source, options)

    monkeypatch.setitem(LOADERS, engine.discovery.TEMPLATE, loader)
    assert main([str(bad), str(valid)]) == 2
    out = capsys.readouterr().out
    found = parse(out)
    assert [(f["path"], f["rule"]) for f in found] == [(str(bad), "E9600"), (str(valid), "W9601")]
    assert "internal error while reading this template: KeyError" in found[0]["message"]
    assert "never printed" not in out


def test_an_exception_while_building_one_template_spares_the_others(tmp_path, monkeypatch, capsys):
    from lambda6lint.loaders.cloudformation import mapper

    real = mapper.build

    def build(documents):
        if any(d.path.endswith("bad.yaml") for d in documents):
            raise ZeroDivisionError
        return real(documents)

    monkeypatch.setattr(mapper, "build", build)
    exporter = VALID.replace("Resources:", "Outputs:\n  X: {Value: a, Export: {Name: x}}\nResources:", 1)
    for name in ("bad.yaml", "valid.yaml", "other.yaml"):
        (tmp_path / name).write_text(exporter)  # templates with exports are built together
    assert main([str(tmp_path)]) == 2
    found = parse(capsys.readouterr().out)
    assert sorted((os.path.basename(f["path"]), f["rule"]) for f in found) == [
        ("bad.yaml", "E9600"),
        ("other.yaml", "W9601"),
        ("valid.yaml", "W9601"),
    ]


def test_an_exception_in_one_rule_is_an_e9600_and_the_other_rules_run(tmp_path, monkeypatch, capsys):
    broken = engine.rule_by_id("W9620")

    def check(network, context):
        raise IndexError

    monkeypatch.setattr(broken, "check", check)
    (tmp_path / "valid.yaml").write_text(VALID)
    assert main([str(tmp_path / "valid.yaml")]) == 2
    found = parse(capsys.readouterr().out)
    assert [f["rule"] for f in found] == ["E9600", "W9601"]
    assert "internal error in rule W9620: IndexError" in found[0]["message"]


def test_a_rule_failing_on_one_file_of_a_batch_blames_that_file_and_keeps_the_others_findings(
    tmp_path, monkeypatch, capsys
):
    """Standalone templates are checked together: a rule failing on one (a MemoryError on a hostile ACL)
    was an E9600 on the batch's first file, an innocent one, and every file lost that rule's findings."""
    broken = engine.rule_by_id("W9601")
    original = broken.check

    def check(network, context):
        if any(t.path.endswith("bad.yaml") for t in network.templates):
            raise MemoryError
        return original(network, context)

    monkeypatch.setattr(broken, "check", check)
    for name in ("a.yaml", "bad.yaml", "z.yaml"):
        (tmp_path / name).write_text(VALID)
    assert main(["--jobs", "1", str(tmp_path)]) == 2
    found = parse(capsys.readouterr().out)
    assert sorted((os.path.basename(f["path"]), f["rule"]) for f in found) == [
        ("a.yaml", "W9601"),
        ("bad.yaml", "E9600"),
        ("z.yaml", "W9601"),
    ]
    assert "internal error in rule W9601: MemoryError" in [f for f in found if f["rule"] == "E9600"][0]["message"]


def test_an_unexpected_exception_is_exit_2_without_a_traceback(tmp_path, monkeypatch, capsys):
    def lint(paths, options=None):
        raise RuntimeError("secret-looking text from an input")

    monkeypatch.setattr(engine, "lint", lint)
    (tmp_path / "valid.yaml").write_text(VALID)
    assert main([str(tmp_path / "valid.yaml")]) == 2
    err = capsys.readouterr().err
    assert "internal error: RuntimeError" in err and "Traceback" not in err and "secret" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_an_unreadable_file_in_a_walk_is_reported(tmp_path, monkeypatch, capsys):
    """Root reads anything, so the refusal is simulated where files are opened."""
    from lambda6lint import confine

    (tmp_path / "locked.yaml").write_text(VALID)
    (tmp_path / "valid.yaml").write_text(VALID)
    real = confine.open_regular

    def open_regular(path):
        if path.endswith("locked.yaml"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(confine, "open_regular", open_regular)
    assert main([str(tmp_path)]) == 2
    found = parse(capsys.readouterr().out)
    assert [(os.path.basename(f["path"]), f["rule"]) for f in found] == [
        ("locked.yaml", "E9600"),
        ("valid.yaml", "W9601"),
    ]
    assert "Permission denied" in found[0]["message"]


#: VALID's function renamed `Fn<lone surrogate>` in JSON (json reads "\ud800" as a lone surrogate)
_SURROGATE_TEMPLATE = (
    '{"Resources": {'
    '"Subnet": {"Type": "AWS::EC2::Subnet",'
    ' "Properties": {"CidrBlock": "10.0.1.0/24", "Ipv6CidrBlock": "2600:1f18::/64"}},'
    '"Fn\\ud800": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.12",'
    ' "VpcConfig": {"SubnetIds": [{"Ref": "Subnet"}], "SecurityGroupIds": ["sg-1"]}}}}}'
)


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "gitlab", "markdown"])
def test_lone_surrogates_and_names_that_are_not_utf8_are_written(tmp_path, fmt):
    """A lone surrogate in a JSON template's logical id and a folder name that is not UTF-8 made every
    format but text (and text on stdout) fail with an internal UnicodeEncodeError: the whole report was
    lost. Each is written as "?" (SARIF: the name's own bytes, percent-encoded)."""
    (tmp_path / "t.json").write_text(_SURROGATE_TEMPLATE)
    folder = os.path.join(os.fsencode(tmp_path), b"bad\xffname")
    os.mkdir(folder)
    with open(os.path.join(folder, b"valid.yaml"), "w") as stream:
        stream.write(VALID)
    for output in (None, tmp_path / f"report.{fmt}"):
        proc = run([str(tmp_path), "--format", fmt, *(["-o", str(output)] if output else [])], cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        report = output.read_text(encoding="utf-8") if output else proc.stdout
        assert "W9601" in report and "Fn?" in report
        assert ("bad%FFname/valid.yaml" if fmt == "sarif" else "bad?name") in report
        if fmt in ("json", "sarif", "gitlab"):
            json.loads(report)
    assert run([str(tmp_path), "--write-baseline", "b.json"], cwd=tmp_path).returncode == 0
    proc = run([str(tmp_path), "--baseline", "b.json"], cwd=tmp_path)
    assert proc.returncode == 0 and "2 baselined" in proc.stdout
    plan = run(["plan", str(tmp_path)], cwd=tmp_path)
    assert plan.returncode == 0 and "Fn?" in plan.stdout


def test_a_folder_that_cannot_be_listed_is_an_input_error(tmp_path, monkeypatch, capsys):
    """A subfolder the walk could not list was skipped as if empty: its templates went unlinted and the
    run passed. Root lists anything, so the refusal is simulated where folders are listed."""
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "stack.yaml").write_text(VALID)
    (tmp_path / "valid.yaml").write_text(VALID)
    real = os.scandir

    def scandir(path):
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert main([str(tmp_path)]) == 2
    out = capsys.readouterr().out
    found = parse(out)
    assert [(os.path.basename(f["path"]), f["rule"]) for f in found] == [("locked", "E9600"), ("valid.yaml", "W9601")]
    assert "folder that cannot be listed (Permission denied): nothing in it is linted" in found[0]["message"]
