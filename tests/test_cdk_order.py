"""A CDK assembly's stacks that link with nothing are checked a batch at a time, as plain templates are
(issue #14: memory), while its linked stacks wait for the run's links: what a run reports must not
depend on when a stack was checked. A mixed run (an assembly with linked and unlinked stacks, plain
templates alone and linked) lists its findings, --explain entries, warnings and exit status as one graph
of the whole run does (a plan's run), with one process or two."""

from __future__ import annotations

import json
import re
import sys

import pytest
from conftest import ROOT

from lambda6lint import checking, cli, engine, workers
from lambda6lint.options import Options

sys.path.insert(0, str(ROOT / "bench"))
import bench  # noqa: E402

VPC_FUNCTION = {
    "Type": "AWS::Lambda::Function",
    "Properties": {
        "Runtime": "python3.12",
        "Handler": "index.handler",
        "Role": "arn:aws:iam::123456789012:role/r",
        "Code": {"ZipFile": "def handler(e, c): pass"},
        "VpcConfig": {"SubnetIds": [{"Fn::ImportValue": "shared-subnet"}], "SecurityGroupIds": ["sg-1"]},
    },
}


def _exporter(name: str) -> dict:
    """A stack whose subnet another stack imports; its function's subnet is a parameter (unknown)."""
    return {
        "Metadata": {"lambda6lint": {"ignore": ["W9066"]}},
        "Parameters": {"Net": {"Type": "String"}},
        "Resources": {
            "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Net"}, "CidrBlock": "10.0.0.0/24"}},
            "Fn": {
                **VPC_FUNCTION,
                "Metadata": {"lambda6lint": {"ignore": ["W9061"]}},
                "Properties": {**VPC_FUNCTION["Properties"], "VpcConfig": {"SubnetIds": [{"Ref": "Net"}]}},
            },
        },
        "Outputs": {"S": {"Value": {"Ref": "Subnet"}, "Export": {"Name": "shared-subnet"}}},
        "Description": name,
    }


def _importer(name: str) -> dict:
    return {
        "Metadata": {"lambda6lint": {"ignore": ["E9060"]}},
        "Resources": {"Fn": {**VPC_FUNCTION, "Metadata": {"lambda6lint": {"ignore": ["I9064"]}}}},
        "Description": name,
    }


def _typo(doc: dict, pattern: str) -> dict:
    """`doc` with a suppression that names no rule, on the template and on its first function."""
    doc = json.loads(json.dumps(doc))
    doc.setdefault("Metadata", {})["lambda6lint"] = {"ignore": [pattern]}
    for body in doc["Resources"].values():
        if body.get("Type") == "AWS::Lambda::Function":
            body.setdefault("Metadata", {})["lambda6lint"] = {"ignore": ["W91" + pattern[3:]]}
            break
    return doc


@pytest.fixture(params=[1, 2])
def jobs(request):
    return request.param


@pytest.fixture(params=[None, 2, 3])
def batch(request):
    """How many templates are checked together (None: as the engine has it)."""
    return lambda monkeypatch: request.param and monkeypatch.setattr(checking, "BATCH", request.param)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """An assembly of 7 unlinked stacks with a linked pair among them, 18 plain templates alone, and a plain linked
    pair; unlinked stacks and plain templates have suppressions that name no rule (warnings)."""
    folder = tmp_path_factory.mktemp("mixed")
    _, files = bench.generate(folder / "plain", 18)
    plain = files[0].parent
    out = bench.generate_cdk(files, folder / "app", 7)
    manifest = json.loads((out / "manifest.json").read_text())
    artifacts = list(manifest["artifacts"].items())
    for i, (_, artifact) in enumerate(artifacts):
        if artifact["type"] == "aws:cloudformation:stack" and i % 2:
            path = out / artifact["properties"]["templateFile"]
            path.write_text(json.dumps(_typo(json.loads(path.read_text()), f"W90{i:02d}"), indent=1))
    linked = []
    for name, doc in (("Export", _exporter("cdk")), ("Import", _importer("cdk"))):
        (out / f"{name}Stack.template.json").write_text(json.dumps(doc, indent=1))
        stack = {"type": "aws:cloudformation:stack", "properties": {"templateFile": f"{name}Stack.template.json"}}
        linked.append((f"{name}Stack", stack))
    artifacts[3:3] = linked[:1]
    artifacts[8:8] = linked[1:]
    manifest["artifacts"] = dict(artifacts)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    for i, path in enumerate(files):
        if i % 3 == 0:
            typo = "Metadata:\n  lambda6lint:\n    ignore: [W9062]\nResources:\n"
            text = path.read_text().replace("Resources:\n", typo, 1)
            typo = "    Type: AWS::Lambda::Function\n    Metadata:\n      lambda6lint:\n        ignore: [W9063]\n"
            path.write_text(text.replace("    Type: AWS::Lambda::Function\n", typo, 1))
    exporter, importer = _exporter("plain"), _importer("plain")
    exporter["Outputs"]["S"]["Export"]["Name"] = importer["Resources"]["Fn"]["Properties"]["VpcConfig"]["SubnetIds"][0][
        "Fn::ImportValue"
    ] = "plain-subnet"
    (plain / "zz-export.json").write_text(json.dumps(exporter, indent=1))
    (plain / "aa-import.json").write_text(json.dumps(importer, indent=1))
    return folder


def _seen(result: engine.Result) -> tuple:
    return (
        [(f.rule.id, f.location, f.message) for f in result.findings],
        [(u.subject.id, u.subject.template.path, u.fact, u.location, u.cause) for u in result.undecided],
        list(result.warnings),
    )


def _alone(where) -> bool:
    """Whether a warning is of a plain template that links with nothing (checked a batch at a time)."""
    return "/stack-" in where.path


def test_a_mixed_run_reports_as_one_graph_of_it(mixed, monkeypatch, jobs, batch):
    """Findings and --explain entries as one graph of the run lists them; warnings as one graph lists them for
    the plain templates that link with nothing, then for the others (linked, or of the assembly)."""
    monkeypatch.chdir(mixed)
    whole = engine.lint(["app/cdk.out", "plain/templates"], Options(plan=True))
    spread = []
    real = workers._spread
    monkeypatch.setattr(workers, "_spread", lambda *args, **kw: spread.append(args) or real(*args, **kw))
    batch(monkeypatch)
    got = engine.lint(["app/cdk.out", "plain/templates"], Options(jobs=jobs))
    assert len(spread) == (jobs == 2)
    findings, undecided, warnings = _seen(got)
    expected = _seen(whole)
    assert (findings, undecided) == expected[:2]
    assert warnings == [w for w in expected[2] if _alone(w[0])] + [w for w in expected[2] if not _alone(w[0])]
    # (not vacuous: the assembly's stacks, linked and not, and the plain ones have findings, entries, warnings)
    assert {f.location.path.split("/")[0] for f in got.findings} == {"app", "plain"}
    stacks = {u[1].split("/")[-1].split(".")[0] for u in undecided}
    assert {"ExportStack", "ImportStack", "Orders0004Stack", "aa-import", "zz-export", "stack-00004"} <= stacks
    said = [(where.path.split("/")[-1].split(".")[0], text.split(" of ")[1][:3]) for where, text in warnings]
    assert {
        ("stack-00003", "the"),
        ("stack-00003", "Ing"),
        ("Orders0003Stack", "the"),
        ("Orders0003Stack", "Ing"),
    } <= set(said)


def test_a_mixed_runs_output_and_exit_status_do_not_depend_on_the_jobs(mixed, monkeypatch, capsys, batch):
    monkeypatch.chdir(mixed)
    batch(monkeypatch)
    args = ["--format", "json", "--explain", "--isolated", "app/cdk.out", "plain/templates"]
    seen = [(cli.main(["--jobs", jobs, *args]), capsys.readouterr()) for jobs in ("1", "2")]
    assert seen[0] == seen[1]
    assert seen[0][0] == 1


ASSEMBLIES = sorted(p.parent.relative_to(ROOT) for p in (ROOT / "fixtures").glob("**/cdk.out/manifest.json"))


@pytest.mark.parametrize("assembly", ASSEMBLIES, ids=str)
def test_each_fixture_assembly_checked_a_stack_at_a_time_reports_as_one_graph_of_it(assembly, monkeypatch):
    """Stacks checked as soon as built (one to a batch) or linked: the same findings, entries and warnings, in the
    order one graph gives them; weak-references' Network stack, built and checked before Compute names its
    Outputs, is linked after all, and what checking it alone found is not said twice."""
    monkeypatch.chdir(ROOT)
    whole = engine.lint([str(assembly)], Options(plan=True))
    monkeypatch.setattr(checking, "BATCH", 1)
    got = engine.lint([str(assembly)], Options(jobs=1))
    assert _seen(got) == _seen(whole)
    assert [(f.related, f.suppressed, f.resource_path) for f in got.findings] == [
        (f.related, f.suppressed, f.resource_path) for f in whole.findings
    ]


def test_an_assemblys_unlinked_stacks_are_checked_while_it_is_read(mixed, monkeypatch):
    """Issue #14: the built stacks of a 500-stack assembly held until it was read were most of a run's memory."""
    from lambda6lint.loaders.cloudformation import cdk

    monkeypatch.chdir(mixed)
    monkeypatch.setattr(checking, "BATCH", 2)
    reading, checked = [], []
    real_load, real_check = cdk.load_assembly, checking.check

    def load(*args):
        reading.append(True)
        try:
            return real_load(*args)
        finally:
            reading.pop()

    def check(pieces, *args, **kwargs):
        checked.append((bool(reading), [template.path.split("/")[-1] for template, _ in pieces]))
        return real_check(pieces, *args, **kwargs)

    monkeypatch.setattr(cdk, "load_assembly", load)
    monkeypatch.setattr(checking, "check", check)
    engine.lint(["app/cdk.out"], Options(jobs=1))
    assert checked == [
        (True, ["Orders0000Stack.template.json", "Orders0001Stack.template.json"]),
        (True, ["Orders0002Stack.template.json", "Orders0003Stack.template.json"]),
        (True, ["Orders0004Stack.template.json", "Orders0005Stack.template.json"]),
        (False, ["Orders0006Stack.template.json"]),
    ]


def test_a_baselines_delta_lists_an_assemblys_nat_gateways_as_one_graph_does(tmp_path, monkeypatch, capsys):
    """Stacks checked early and linked ones each give their NAT gateways' delta: it lists them by VPC, as one graph
    of the assembly does, not the linked stacks' first."""
    import yaml

    ready = yaml.load(
        (ROOT / "fixtures/W9650/bad-single-nat-lambda-only-dualstack.yaml").read_text(), bench._long_forms()
    )
    out = tmp_path / "cdk.out"
    out.mkdir()
    exporter = json.loads(json.dumps(ready))
    exporter.setdefault("Outputs", {})["V"] = {"Value": {"Ref": "Vpc"}, "Export": {"Name": "the-vpc"}}
    importer = {
        "Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Fn::ImportValue": "the-vpc"}}}}
    }
    stacks = {"A": ready, "B": exporter, "C": importer, "D": ready}
    for name, doc in stacks.items():
        (out / f"{name}.template.json").write_text(json.dumps(doc, indent=1))
    artifacts = {
        name: {"type": "aws:cloudformation:stack", "properties": {"templateFile": f"{name}.template.json"}}
        for name in stacks
    }
    (out / "manifest.json").write_text(json.dumps({"version": "36.0.0", "artifacts": artifacts}))
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "t.yaml").write_text((ROOT / "fixtures/E9600/good-valid-template.yaml").read_text())
    assert cli.main(["--write-baseline", "baseline.json", "empty"]) in (0, 1)
    monkeypatch.setattr(checking, "BATCH", 1)
    capsys.readouterr()
    cli.main(["--baseline", "baseline.json", "cdk.out"])
    said = capsys.readouterr().out.splitlines()[-1]
    assert re.findall(r"\(NatGateway, cdk\.out/(\w)\.template\.json\)", said) == ["A", "B", "D"], said
