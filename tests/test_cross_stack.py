"""One graph across templates: `Fn::ImportValue` joins plain CloudFormation stacks linted together.

Each fixtures/cross-stack/<scenario>/ folder is linted as one run; the `# expect: RULE` markers in all
its files are the complete set of findings (every rule), so a scenario without markers must be silent.
"""

from __future__ import annotations

import collections
import os
import re
import shutil

import pytest
from conftest import FIXTURES, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from lambda6lint import engine
from lambda6lint.loaders.cloudformation.mapper import _may_be_named
from lambda6lint.loaders.cloudformation.parameters import ParameterSet

CROSS = FIXTURES / "cross-stack"
_MARK = re.compile(r"#\s*expect:\s*([EWI]\d{4})(?:\s+x(\d+))?")  # (xN: N findings, one per stack built from it)


def expected(folder):
    found = collections.Counter()
    for path in sorted(folder.rglob("*.yaml")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for match in _MARK.finditer(line):
                found[(path.name, number, match.group(1))] += int(match.group(2) or 1)
    return found


@pytest.mark.parametrize("scenario", sorted(p.name for p in CROSS.iterdir() if p.is_dir()))
def test_cross_stack_scenario(scenario, monkeypatch):
    monkeypatch.chdir(ROOT)
    folder = CROSS / scenario
    result = engine.lint([str(folder.relative_to(ROOT))])
    got = collections.Counter((f.location.path.rsplit("/", 1)[-1], f.location.line, f.rule.id) for f in result.findings)
    assert got == expected(folder)


def test_each_template_alone_knows_nothing_of_the_other(monkeypatch):
    """Linted alone, the importing template's subnets are unknown: no finding about them."""
    monkeypatch.chdir(ROOT)
    alone = engine.lint([str((CROSS / "exports" / "app.yaml").relative_to(ROOT))])
    assert alone.findings == []


def test_related_location_names_the_importing_function(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = engine.lint([str((CROSS / "exports").relative_to(ROOT))])
    finding = next(f for f in result.findings if f.rule.id == "W9610")
    assert finding.location.path.endswith("network.yaml")
    assert [where.path.rsplit("/", 1)[-1] for where, _ in finding.related] == ["app.yaml"]


def test_duplicate_export_names_are_ambiguous(tmp_path):
    """Two stacks exporting one name (say dev and prod copies) cannot both be the import's source."""
    for copy in ("a", "b"):
        (tmp_path / copy).mkdir()
        (tmp_path / copy / "network.yaml").write_text((CROSS / "exports" / "network.yaml").read_text())
    (tmp_path / "app.yaml").write_text((CROSS / "exports" / "app.yaml").read_text())
    result = engine.lint([str(tmp_path)])
    assert not any(f.rule.id in ("W9601", "W9610") for f in result.findings)


# ----- nested stacks whose template is a local file (loaders/cloudformation/nested.py) -----------

NESTED = CROSS / "nested-stack"


def _ids(result):
    return sorted((f.rule.id, f.location.path.rsplit("/", 1)[-1], f.location.line) for f in result.findings)


def test_nested_template_alone_takes_its_defaults(monkeypatch):
    """The child alone runs nodejs18.x (its Default) with ipv6first: E9633. Its parent passes
    nodejs22.x, so linted with the parent — named alone, or met in the folder — it is silent."""
    monkeypatch.chdir(ROOT)
    alone = engine.lint([str((NESTED / "nested" / "network.yaml").relative_to(ROOT))])
    assert "E9633" in {f.rule.id for f in alone.findings}
    parent = engine.lint([str((NESTED / "parent.yaml").relative_to(ROOT))])
    folder = engine.lint([str(NESTED.relative_to(ROOT))])
    assert _ids(parent) == _ids(folder)
    assert "E9633" not in {f.rule.id for f in folder.findings}


def _nested_pair(tmp_path, template_url="nested/child.yaml", child_outputs=None):
    (tmp_path / "nested").mkdir(exist_ok=True)
    child = (NESTED / "nested" / "network.yaml").read_text()
    if child_outputs is not None:
        child = child.split("Outputs:\n")[0] + child_outputs
    (tmp_path / "nested" / "child.yaml").write_text(child)
    (tmp_path / "parent.yaml").write_text(
        (NESTED / "parent.yaml").read_text().replace("TemplateURL: nested/network.yaml", f"TemplateURL: {template_url}")
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/bucket/nested/child.yaml",
        "s3://bucket/nested/child.yaml",
        "!Sub https://${AWS::Region}.example.com/nested/child.yaml",
        "nested/missing.yaml",
        "nested",
    ],
)
def test_nested_templates_not_read_stay_unknown(tmp_path, url):
    """A URL, an intrinsic, a missing file or a folder is not read: no error, and the parent's
    functions in the child's subnets are not judged."""
    _nested_pair(tmp_path, url)
    result = engine.lint([str(tmp_path / "parent.yaml")])
    assert result.errors == []
    assert result.findings == []


_IF_PARENT = "Parameters:\n  Stage:\n    Type: String\n    Default: prod\n" + (
    "Conditions:\n  IsProd: !Equals [!Ref Stage, prod]\n  Always: !Equals [a, a]\n"
)


@pytest.mark.parametrize("application", [False, True], ids=["stack", "application"])
@pytest.mark.parametrize(
    ("template_url", "given", "nested"),
    [
        ("!If [Always, nested/child.yaml, nested/other.yaml]", None, True),  # a literal condition
        ("!If [Always, !Ref AWS::NoValue, nested/child.yaml]", None, False),
        ("!If [IsProd, nested/child.yaml, https://s3.amazonaws.com/b/other.yaml]", "prod", True),  # --parameter
        ("!If [IsProd, https://s3.amazonaws.com/b/child.yaml, nested/child.yaml]", "dev", True),
        ("!If [IsProd, https://s3.amazonaws.com/b/child.yaml, nested/child.yaml]", "prod", False),
        ("!If [IsProd, nested/child.yaml, !If [Always, nested/other.yaml, x.yaml]]", "dev", False),
        ("!If [IsProd, !If [Always, nested/child.yaml, x.yaml], nested/other.yaml]", "prod", True),
        ("!If [IsProd, nested/child.yaml, nested/other.yaml]", None, "either"),  # the Default never decides
        ("!If [IsProd, https://s3.amazonaws.com/b/other.yaml, nested/child.yaml]", None, "either"),
        ("!If [IsProd, nested/other.yaml, !If [Always, nested/child.yaml, x.yaml]]", None, "either"),
        ("!If [IsProd, nested/child.yaml, ./nested/child.yaml]", None, True),  # one file either way: known
    ],
)
def test_a_nested_template_an_fn_if_picks_is_nested_when_its_condition_is_decided(
    tmp_path, template_url, given, nested, application
):
    """A walk read a `TemplateURL` (or an application's `Location`) written as `Fn::If` as a computed URL: the child
    was linted alone with its Defaults (E9633 from nodejs18.x, which the parent overrides). Where the run decides
    the condition, the branch taken is nested as a literal path is, and only it; where it does not, each local
    branch is nested with what the parent passes (the child's own W9610 stays, the E9633 of its Default goes), what
    the parent reads from the stack is unknown (W9601 of the parent's function in the child's subnet: silent), and
    --explain says which condition would decide it."""
    _nested_pair(tmp_path, template_url=template_url)
    (tmp_path / "nested" / "other.yaml").write_text("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
    parent = (tmp_path / "parent.yaml").read_text().replace("Resources:\n", _IF_PARENT + "Resources:\n", 1)
    if application:
        parent = parent.replace("AWS::CloudFormation::Stack", "AWS::Serverless::Application").replace(
            "TemplateURL:", "Location:"
        )
        parent = "Transform: AWS::Serverless-2016-10-31\n" + parent
    (tmp_path / "parent.yaml").write_text(parent)
    options = engine.Options(parameters=[ParameterSet({"Stage": given})] if given else [])
    got = _ids(engine.lint([str(tmp_path)], options))
    if nested == "either":  # each local branch nested with what the parent passes; what it reads, unknown
        assert ("W9610", "child.yaml") in {(rule, name) for rule, name, _ in got}  # the child's own, still found
        assert {rule for rule, _, _ in got}.isdisjoint({"E9633", "W9601"}), got
    elif nested:  # as the literal twin
        literal = tmp_path / "twin"
        literal.mkdir()
        shutil.copytree(tmp_path / "nested", literal / "nested")
        (literal / "parent.yaml").write_text(parent.replace(template_url, "nested/child.yaml"))
        assert got == _ids(engine.lint([str(literal)], options))
        assert "E9633" not in {rule for rule, _, _ in got}
    else:
        assert ("E9633", "child.yaml") in {(rule, name) for rule, name, _ in got}
    if nested == "either":
        causes = [u.cause for u in engine.lint([str(tmp_path)], options).undecided]
        prop = "Location" if application else "TemplateURL"
        said = f"its {prop} is chosen by condition `IsProd`, which depends on parameter `Stage`"
        [cause] = [c for c in causes if said in c]
        assert "is an output of nested stack `Network`, whose template is not known" in cause
        assert "so what this template reads from the stack is unknown" in cause
        assert ("nested/other.yaml" in cause) == ("nested/other.yaml" in template_url)
        assert ("or one this run does not read" in cause) == ("https:" in template_url)


def test_nested_template_outside_the_tree_is_not_read(tmp_path):
    """`TemplateURL: ../…` out of the tree named on the command line: never read (confine.py)."""
    tree = tmp_path / "repo"
    tree.mkdir()
    _nested_pair(tmp_path)  # the child sits in tmp_path/nested, outside `repo`
    (tree / "parent.yaml").write_text((tmp_path / "parent.yaml").read_text().replace("nested/", "../nested/"))
    result = engine.lint([str(tree)])
    assert result.findings == [] and result.errors == []
    assert all("child.yaml" not in path for path in result.files)
    (tree / "nested").mkdir()
    (tree / "nested" / "child.yaml").symlink_to(tmp_path / "nested" / "child.yaml")  # a symlink out
    os.mkfifo(tree / "nested" / "fifo.yaml")  # never opened: it would block
    for url in ("nested/child.yaml", "nested/fifo.yaml"):
        (tree / "parent.yaml").write_text((tmp_path / "parent.yaml").read_text().replace("nested/child.yaml", url))
        result = engine.lint([str(tree / "parent.yaml")])
        assert result.findings == [] and result.errors == [], url


def test_nested_templates_that_nest_their_parents_end(tmp_path):
    """A parent that nests itself is read once; a child that nests its parent (no stack could be
    created from either) ends too, without an error."""
    _nested_pair(tmp_path)
    parent = tmp_path / "parent.yaml"
    myself = "  Again:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./parent.yaml\n"
    parent.write_text(parent.read_text().replace("Resources:\n", "Resources:\n" + myself, 1))
    result = engine.lint([str(tmp_path)])
    assert result.errors == []
    assert [f.rule.id for f in result.findings].count("W9601") == 1
    child = tmp_path / "nested" / "child.yaml"
    loop = "  Back:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ../parent.yaml\n"
    child.write_text(child.read_text().replace("Resources:\n", "Resources:\n" + loop, 1))
    result = engine.lint([str(tmp_path)])
    assert result.errors == []
    assert result.findings


def test_nested_stack_limits(tmp_path):
    """More nested stacks than the limit: the first are read, the rest are an E9600 at the parent's
    line that names them, once."""
    from lambda6lint.loaders.cloudformation import nested

    (tmp_path / "child.yaml").write_text(
        "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\nOutputs:\n  Arn:\n    Value: !Ref Topic\n"
    )
    stacks = "".join(
        f"  Child{i}:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n"
        for i in range(nested.MAX_CHILDREN + 5)
    )
    (tmp_path / "parent.yaml").write_text("Resources:\n" + stacks)
    result = engine.lint([str(tmp_path)])
    [error] = result.errors
    assert "safety limit" in error.message and error.location.path.endswith("parent.yaml")
    assert error.location.line == 4 * nested.MAX_CHILDREN + 5  # Child100's TemplateURL
    assert result.findings == [error]


def test_broken_nested_template_is_reported_once(tmp_path):
    """A child the walk meets too: one E9600 at its own line."""
    _nested_pair(tmp_path)
    (tmp_path / "nested" / "child.yaml").write_text("Resources:\n  Vpc:\n    Type: [unclosed\n")
    result = engine.lint([str(tmp_path)])
    [error] = result.errors
    assert error.location.path.endswith("child.yaml") and error.location.line > 1
    named = engine.lint([str(tmp_path / "parent.yaml")])  # only the parent named: the child is still read
    assert [(e.location.path, e.location.line) for e in named.errors] == [(error.location.path, error.location.line)]


def test_a_nested_template_that_is_not_one_is_the_childs_error(tmp_path):
    """A child with parameters and no resource (cfn-lint's stack_nested.yaml): the E9600 is the child's,
    at the child, naming the stack that nests it; it said "cannot lint this file" at the parent's line,
    whose template was linted all the same."""
    _nested_pair(tmp_path)
    (tmp_path / "nested" / "child.yaml").write_text("Parameters:\n  One:\n    Type: String\nResources: {}\n")
    [error] = engine.lint([str(tmp_path / "parent.yaml")]).errors
    assert error.location.path.endswith("child.yaml") and error.location.line == 1
    assert "it is not a CloudFormation template" in error.message and "parent.yaml:" in error.message


def test_nested_template_with_an_export_is_linked_once(tmp_path):
    """A child that also exports is met by the walk as a template of its own: built once, as the
    child, so a third stack's import of it is not 'exported twice' and still resolves."""
    export = "Outputs:\n  Subnet:\n    Value: !Ref PrivateSubnetA\n    Export:\n      Name: acme-private-a\n"
    _nested_pair(tmp_path, child_outputs=export)
    parent = tmp_path / "parent.yaml"
    parent.write_text(parent.read_text().split("  ReaderFunction:")[0])
    app = (CROSS / "exports" / "app.yaml").read_text()
    app = app.replace("!ImportValue acme-network-PrivateSubnetA", "!ImportValue acme-private-a")
    app = app.replace("          - !ImportValue acme-network-PrivateSubnetB\n", "")
    app = app.replace("!ImportValue acme-network-VpcId", "vpc-0123456789abcdef0")
    (tmp_path / "app.yaml").write_text(app)
    result = engine.lint([str(tmp_path)])
    assert ("W9601", "app.yaml") in {(f.rule.id, f.location.path.rsplit("/", 1)[-1]) for f in result.findings}
    assert not any("more than one template" in u.cause for u in result.undecided)


def test_nested_stack_with_a_condition_exists_only_when_it_holds(monkeypatch):
    """A Stack resource whose Condition is false creates nothing: its template's function is not
    judged. Undecided, the child's resources may not exist (conditional, with the cause)."""
    monkeypatch.chdir(ROOT)
    folder = str((CROSS / "nested-conditional-stack").relative_to(ROOT))
    deploy = engine.lint([folder], engine.Options(parameters=[ParameterSet({"DeployWorkers": "true"})]))
    assert {f.rule.id for f in deploy.findings} == {"W9610", "I9660"}
    skip = engine.lint([folder], engine.Options(parameters=[ParameterSet({"DeployWorkers": "false"})]))
    assert skip.findings == [] and skip.undecided == []
    undecided = engine.lint([folder], engine.Options(plan=True))  # judged as if it exists, as a resource of its own
    assert {f.rule.id for f in undecided.findings} == {"W9610", "I9660"}
    [fn] = [r for r in undecided.network.resources if r.id == "Fn"]
    assert fn.conditional
    assert fn.unknown["condition"].startswith("is in nested stack `Workers`, which exists only if condition")


def test_command_line_parameters_go_to_the_root_stack_only(monkeypatch):
    """A value given for every template is a deploy-time value of the root: the child's parameter the root
    passes nothing for keeps its Default (as CloudFormation deploys it); one given for the child's file reaches
    the child."""
    monkeypatch.chdir(ROOT)
    folder = CROSS / "nested-parameters-from-the-command-line"
    given = engine.lint([str(folder)], engine.Options(parameters=[ParameterSet({"Stage": "dev"})]))
    assert sorted(f.rule.id for f in given.findings) == ["I9660", "W9610"]
    app = str((folder / "app.yaml").resolve())
    for_child = engine.Options(parameters=[ParameterSet({"Stage": "dev"}, template=app)])
    assert [f.rule.id for f in engine.lint([str(folder)], for_child).findings] == ["W9601"]


def test_a_safety_limit_met_in_a_nested_stack_is_reported_there(tmp_path):
    """A value the parent passes makes the child's Fn::Join too long: an E9600 in the child's file,
    in the words of the limit (not an internal error)."""
    (tmp_path / "child.yaml").write_text(
        "Parameters:\n  Name: {Type: String, Default: x}\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
        "    Properties:\n      Runtime: python3.12\n      Handler: i.h\n      Role: arn:aws:iam::1:role/r\n"
        "      Code: {ZipFile: x}\n      Environment:\n        Variables:\n"
        "          BIG: !Join ['', [" + ", ".join(["!Ref Name"] * 1200) + "]]\n"
    )
    (tmp_path / "root.yaml").write_text(
        "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n"
        f"      TemplateURL: child.yaml\n      Parameters:\n        Name: {'y' * 1000}\n"
    )
    result = engine.lint([str(tmp_path)])
    [error] = result.errors
    assert error.location.path.endswith("child.yaml")
    assert "too costly to resolve" in error.message and "internal error" not in error.message


def test_nesting_deeper_than_the_limit_is_reported(tmp_path):
    from lambda6lint.loaders.cloudformation import nested

    stack = "Resources:\n  Next:\n    Type: AWS::CloudFormation::Stack\n    Properties: {{TemplateURL: t{}.yaml}}\n"
    for level in range(nested.MAX_DEPTH + 3):
        (tmp_path / f"t{level}.yaml").write_text(stack.format(level + 1))
    (tmp_path / f"t{nested.MAX_DEPTH + 3}.yaml").write_text("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
    result = engine.lint([str(tmp_path / "t0.yaml")])
    [error] = result.errors
    assert error.location.path.endswith(f"t{nested.MAX_DEPTH}.yaml") and "levels deep" in error.message


def test_outputs_of_a_nested_stack_not_read_are_explained(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = engine.lint([str((CROSS / "nested-stack-behind-url").relative_to(ROOT))])
    assert result.findings == []
    causes = [u.cause for u in result.undecided]
    assert any(
        "is an output of nested stack `Net`, which is not read: its template is behind a URL" in c for c in causes
    )


@pytest.mark.parametrize(
    ("where", "cause"),
    [
        # the workshops' `!Sub https://${S3BucketName}.s3.amazonaws.com/vpc.yaml`
        (
            "!Sub 'https://${Bucket}.s3.amazonaws.com/network.yaml'",
            "its template is behind a URL (its TemplateURL is computed by `Fn::Sub`)",
        ),
        (
            "!Join ['', ['https://', !Ref Bucket, '.s3.amazonaws.com/network.yaml']]",
            "its template is behind a URL (its TemplateURL is computed by `Fn::Join`)",
        ),
        (
            "!Sub '${Folder}/network.yaml'",
            "its TemplateURL is computed by `Fn::Sub`, and a nested template is read only from a local path written "
            "there (the path `aws cloudformation package` uploads)",
        ),
        (
            "!Ref Url",
            "its TemplateURL is computed by `Ref`, and a nested template is read only from a local path written "
            "there (the path `aws cloudformation package` uploads)",
        ),
    ],
)
def test_explain_says_a_nested_stacks_template_url_is_computed(tmp_path, where, cause):
    """A TemplateURL written with an intrinsic function was 'not read in this run', which said neither why
    nor what would let it be read."""
    (tmp_path / "network.yaml").write_text("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
    template = (FIXTURES / "cross-stack" / "nested-stack-behind-url" / "root.yaml").read_text()
    old = "{TemplateURL: https://example.s3.amazonaws.com/network.yaml}"
    assert old in template
    (tmp_path / "root.yaml").write_text(template.replace(old, "{TemplateURL: " + where + "}"))
    result = engine.lint([str(tmp_path / "root.yaml")])
    assert result.findings == []
    causes = [u.cause for u in result.undecided if u.subject.id == "Fn"]
    assert any(c.endswith(f"is an output of nested stack `Net`, which is not read: {cause}") for c in causes), causes


@pytest.mark.parametrize(
    ("subnets", "fact"),
    [
        ('!Split [",", !GetAtt Net.Outputs.Subnets]', "the subnet list"),
        ('[!Select [0, !Split [",", !GetAtt Net.Outputs.Subnets]]]', "a subnet"),
    ],
)
def test_a_split_output_of_a_nested_stack_not_read_names_the_stack(tmp_path, subnets, fact):
    """gford1000-aws/lambda_in_vpc's `SubnetIds: {"Fn::Split": [",", {"Fn::GetAtt": ["VPC",
    "Outputs.PrivateSubnets"]}]}` of a nested stack whose TemplateURL is a parameter was explained as "is
    `VPC.Outputs.PrivateSubnets`, known only once deployed", which named neither the nested stack nor why
    its template is not read; a `!GetAtt` of the output itself said both."""
    (tmp_path / "root.yaml").write_text(
        "Parameters:\n  Url:\n    Type: String\nResources:\n"
        "  Net:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: !Ref Url}\n"
        "  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        "      Role: arn:aws:iam::123456789012:role/x\n      Runtime: python3.12\n      Handler: index.handler\n"
        "      Code: {ZipFile: x}\n      VpcConfig:\n        SecurityGroupIds: [sg-0123456789abcdef0]\n"
        f"        SubnetIds: {subnets}\n"
    )
    result = engine.lint([str(tmp_path / "root.yaml")])
    assert result.findings == []
    texts = [u.text for u in result.undecided if u.subject.id == "Fn"]
    assert (
        f"{fact} is an output of nested stack `Net`, which is not read: its TemplateURL is computed by `Ref`, and a "
        "nested template is read only from a local path written there (the path `aws cloudformation package` "
        "uploads)"
    ) in texts, texts


def test_an_item_of_a_nested_stacks_joined_output_is_read(tmp_path, monkeypatch):
    """`!Select [i, !Split [",", !GetAtt Network.Outputs.PrivateSubnets]]` of a nested template this run
    reads, whose output joins its subnets, was "known only once deployed": the function's subnets went
    unread (W9601 silent) though `!Split` of the whole output was read. An index past the joined list's end
    (CloudFormation refuses it) stays unknown, and says it cannot be followed."""
    monkeypatch.chdir(ROOT)
    scenario = CROSS / "nested-function-in-selected-output-subnets"
    result = engine.lint([str(scenario.relative_to(ROOT))])
    [finding] = result.findings
    assert finding.rule.id == "W9601"
    assert [note for _, note in finding.related] == [
        "dual-stack subnet Network/PrivateSubnetA",
        "dual-stack subnet Network/PrivateSubnetB",
    ]
    shutil.copytree(scenario, tmp_path / "app")
    root = tmp_path / "app" / "root.yaml"
    root.write_text(root.read_text().replace("!Select [1, !Split", "!Select [2, !Split"))
    result = engine.lint([str(tmp_path / "app")])
    assert result.findings == []
    texts = [u.text for u in result.undecided if u.subject.id == "Worker"]
    assert "a subnet is an output of nested stack `Network` that cannot be followed" in texts, texts


def test_an_item_of_a_list_the_parent_passes_joined_is_read(tmp_path, monkeypatch):
    """`!Select [i, !Split [",", !Ref Subnets]]` (a String parameter) and `!Select [i, !Ref SubnetList]` (a
    list parameter) of the root's `!Join [",", [!Ref PrivateSubnetA, !Ref PrivateSubnetB]]` were "a subnet
    comes from parameter `Subnets`, whose value the parent stack passes but cannot be known": the value is
    known, and the functions' subnets went unread (W9601 silent), though a function given the whole list
    read them. An index past the joined list's end (CloudFormation refuses it) stays unknown."""
    monkeypatch.chdir(ROOT)
    scenario = CROSS / "nested-function-picks-items-of-passed-subnets"
    result = engine.lint([str(scenario.relative_to(ROOT))])
    found = sorted((f.resource, f.rule.id) for f in result.findings)
    assert found == [("App/Picker", "W9601"), ("App/Splitter", "W9601")]
    for finding in result.findings:
        assert [note for _, note in finding.related] == [
            "dual-stack subnet PrivateSubnetA",
            "dual-stack subnet PrivateSubnetB",
        ]
    assert not [u for u in result.undecided if "a subnet" in u.text]
    shutil.copytree(scenario, tmp_path / "app")
    child = tmp_path / "app" / "app" / "app.yaml"
    text = child.read_text()
    child.write_text(text.replace("!Select [1, !Split", "!Select [2, !Split").replace("[1, !Ref", "[2, !Ref"))
    result = engine.lint([str(tmp_path / "app")])
    assert result.findings == []
    for function in ("Splitter", "Picker"):
        texts = [u.text for u in result.undecided if u.subject.id == function]
        assert any(t.startswith("a subnet comes from parameter `Subnet") for t in texts), (function, texts)


def test_explain_says_why_a_local_nested_template_is_not_read(tmp_path):
    """Missing, or outside the tree named on the command line: --explain says which, and what to do."""
    tree = tmp_path / "repo"
    tree.mkdir()
    _nested_pair(tmp_path)
    parent = (tmp_path / "parent.yaml").read_text()
    (tree / "parent.yaml").write_text(parent.replace("nested/child.yaml", "../nested/child.yaml"))
    causes = [u.cause for u in engine.lint([str(tree)]).undecided]
    assert any(
        "its template ../nested/child.yaml is outside the tree linted: name a folder that holds both" in c
        for c in causes
    ), causes
    (tree / "parent.yaml").write_text(parent.replace("nested/child.yaml", "stacks/network.yaml"))
    causes = [u.cause for u in engine.lint([str(tree)]).undecided]
    assert any("which is not read: its template stacks/network.yaml is missing" in c for c in causes), causes


def test_a_template_nested_twice_names_each_instance(tmp_path):
    """One template, two stacks: each gets its own parameters and its resources are named through the
    Stack resource (`Billing/Worker`), so their findings are told apart."""
    _nested_pair(tmp_path)
    parent = tmp_path / "parent.yaml"
    second = "  Billing:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: nested/child.yaml\n"
    parent.write_text(parent.read_text().replace("Resources:\n", "Resources:\n" + second, 1))
    result = engine.lint([str(parent)])
    dns = [f for f in result.findings if f.rule.id == "E9633"]  # Billing passes no runtime: nodejs18.x
    assert [f.message.split(" sets ")[0] for f in dns] == ["Function Billing/Worker"]
    names = {f.message.split(" ")[1] for f in result.findings if f.rule.id == "I9660"}
    assert names == {"Network/Worker", "Billing/Worker"}


def test_a_child_deployed_twice_keeps_two_fingerprints(monkeypatch):
    """Each instance of a template nested twice is its own finding, fingerprint and baseline entry."""
    monkeypatch.chdir(ROOT)
    result = engine.lint([str((CROSS / "nested-application-twice").relative_to(ROOT))])
    assert sorted(f.resource for f in result.findings) == ["Blue/ServerlessRestApi", "Green/ServerlessRestApi"]
    assert len({f.fingerprint for f in result.findings}) == 2


def test_a_template_two_roots_nest_is_named_with_its_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = engine.lint([str((CROSS / "nested-shared-by-two-roots").relative_to(ROOT))])
    named = {(f.rule.id, f.resource) for f in result.findings}
    assert ("W9650", "../services/orders/stack.yaml:Platform/NatGateway") in named
    assert ("I9651", "../services/billing/stack.yaml:Platform/NatGateway") in named


def test_explain_names_the_root_parameter_that_decides_a_nested_condition(monkeypatch):
    """The child's condition takes its Tier, which the root passes from Environment: --explain names
    Environment, which --parameter decides (Tier, given run-wide, would reach the root only)."""
    monkeypatch.chdir(ROOT)
    folder = str((CROSS / "nested-condition-from-root-parameter").relative_to(ROOT))
    result = engine.lint([folder])
    causes = [u.cause for u in result.undecided]
    assert any("depends on parameter `Environment` of root.yaml (pass its value" in c for c in causes), causes
    decided = engine.lint([folder], engine.Options(parameters=[ParameterSet({"Environment": "prod"})]))
    # (nothing of the condition is left; the role is a literal ARN, so what it allows stays unknown)
    assert decided.findings and {u.fact for u in decided.undecided} == {
        "whether it uses S3",
        "whether it uses DynamoDB",
    }


def test_a_broken_nested_template_is_one_input_error_in_the_plan(tmp_path):
    _nested_pair(tmp_path)
    (tmp_path / "nested" / "child.yaml").write_text("Resources:\n  Vpc:\n    Type: [unclosed\n")
    result = engine.lint([str(tmp_path)], engine.Options(plan=True))
    assert len(result.errors) == 1


def test_what_a_template_may_read_does_not_depend_on_the_order_of_paths(tmp_path):
    """`lambda6lint envs/prod.yaml .` and `lambda6lint . envs/prod.yaml`: the file lies in the folder
    named too, so its nested stack in ../nested is read either way (alone, it is outside its tree)."""
    _nested_pair(tmp_path, template_url="../nested/child.yaml")
    (tmp_path / "envs").mkdir()
    (tmp_path / "parent.yaml").rename(tmp_path / "envs" / "prod.yaml")
    prod, folder = str(tmp_path / "envs" / "prod.yaml"), str(tmp_path)
    first, second = engine.lint([prod, folder]), engine.lint([folder, prod])
    assert _ids(first) == _ids(second)
    assert "W9601" in {f.rule.id for f in first.findings}  # the parent's function, in the child's subnets
    assert engine.lint([prod]).findings == []  # alone: ../nested is outside its tree


EXPORTED = FIXTURES / "E9602" / "good-exported-subnets-another-stack-may-add-ipv6"


def _e9602(tmp_path, network: str, app: str | None) -> bool:
    tmp_path.mkdir()
    (tmp_path / "network.yaml").write_text(network)
    if app is not None:
        (tmp_path / "app.yaml").write_text(app)
    return any(f.rule.id == "E9602" for f in engine.lint([str(tmp_path)]).findings)


def test_an_exported_subnet_is_open_only_where_another_stack_could_give_it_ipv6(tmp_path):
    """E9602 stays an error where no importing stack can help: the exported value is not the subnet's
    id (an availability zone), its VPC has no IPv6 to give, or the function is in the subnet's own stack."""
    network, app = (EXPORTED / "network.yaml").read_text(), (EXPORTED / "app.yaml").read_text()
    assert not _e9602(tmp_path / "as-is", network, app)
    zone = network.replace("Value: !Ref PrivateA", "Value: !GetAtt PrivateA.AvailabilityZone")
    zone = zone.replace("Value: !Ref PrivateB", "Value: !GetAtt PrivateB.AvailabilityZone")
    assert _e9602(tmp_path / "zone", zone, app)
    no_ipv6 = network.replace("  VpcIpv6Cidr:\n    Type: AWS::EC2::VPCCidrBlock", "  Topic:\n    Type: AWS::SNS::Topic")
    no_ipv6 = no_ipv6.replace("      VpcId: !Ref Vpc\n      AmazonProvidedIpv6CidrBlock: true\n", "")
    assert _e9602(tmp_path / "no-ipv6", no_ipv6, app)
    function = app.split("Resources:\n", 1)[1].replace("!ImportValue net-FnSg", "!GetAtt FnSg.GroupId")
    function = function.replace("!ImportValue net-PrivateSubnetA", "!Ref PrivateA")
    function = function.replace("!ImportValue net-PrivateSubnetB", "!Ref PrivateB")
    own = network.replace("Outputs:\n", function + "Outputs:\n", 1)
    assert _e9602(tmp_path / "own", own, None)


def test_parents_naming_the_same_children_share_their_parse_and_a_run_wide_limit(tmp_path, monkeypatch):
    """Parents that each name the same large children read, parsed and built them over and over
    (10 parents naming four 5 MB children: 6 GB). A child is parsed once for the parents of a run, and
    the children all parents read are bounded (counted for each stack naming one): past it, an E9600
    on the parent, once, and the rest of the run is linted."""
    from lambda6lint.loaders.cloudformation import nested
    from lambda6lint.loaders.common import marked

    child = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n" + "# padding\n" * 100
    (tmp_path / "child.yaml").write_text(child)
    parent = (
        "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n"
    )
    for name in "abcd":
        (tmp_path / f"parent-{name}.yaml").write_text(parent)
    monkeypatch.setattr(nested, "MAX_RUN_CHILD_BYTES", 2 * len(child))  # (read again by b and c, not d)
    nested._PARSED.clear()
    parsed = []
    monkeypatch.setattr(nested, "load_text", lambda text: parsed.append(text) or marked.load_text(text))
    result = engine.lint([str(tmp_path / f"parent-{name}.yaml") for name in "abcd"])
    assert len(parsed) == 1  # parsed once, built for each parent
    [error] = result.errors
    assert (
        error.location.path.endswith("parent-d.yaml") and "read the same nested templates again up to" in error.message
    )
    assert engine.lint([str(tmp_path / "parent-a.yaml")]).errors == []  # (each run counts anew)
    for name in "abcd":  # parents that each name their own child read nothing again: no limit
        (tmp_path / f"child-{name}.yaml").write_text(child)
        (tmp_path / f"parent-{name}.yaml").write_text(parent.replace("child.yaml", f"child-{name}.yaml"))
    assert engine.lint([str(tmp_path / f"parent-{name}.yaml") for name in "abcd"]).errors == []


def test_an_item_of_a_joined_list_export_is_read_and_explained(monkeypatch):
    """`Fn::Select [i, Fn::Split [",", Fn::ImportValue name]]` (CDK's Fn.importListValue) of an export
    `Fn::Join [",", [...]]`: not followed, and explained as "needs `Fn::Select`" (a helper, on a CDK app).
    Its findings now are those of one export per subnet (the scenario's markers); alone, it names the
    export to lint with it."""
    monkeypatch.chdir(ROOT)
    alone = engine.lint([str((CROSS / "exports-joined-list" / "app.yaml").relative_to(ROOT))])
    texts = {u.text for u in alone.undecided}
    assert (
        "a subnet is imported from export `acme-network-PrivateSubnets`, which no template in this run exports "
        "(lint the stack that exports it in the same run)"
    ) in texts, texts


def _split_list_causes(tmp_path, network):
    (tmp_path / "app.yaml").write_text((CROSS / "exports-split-list" / "app.yaml").read_text())
    for name, text in network.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    result = engine.lint([str(tmp_path)])
    assert not [f for f in result.findings if f.rule.id == "W9611"]
    return [u.cause for u in result.undecided if u.cause.startswith("is imported from export `shop-network-Subnets`")]


def test_a_split_import_of_an_export_two_templates_write_says_so(tmp_path):
    """`!Split [",", !ImportValue X]` of an export two templates of the run write (a template and its
    packaged copy, on a public SAM app) was explained as "which no template in this run exports"."""
    network = (CROSS / "exports-split-list" / "network.yaml").read_text()
    causes = _split_list_causes(tmp_path, {"network.yaml": network, "packaged/network.yaml": network})
    assert causes and all("more than one template of this run exports" in cause for cause in causes), causes


def test_a_split_import_of_an_export_that_names_no_resources_gives_the_values_cause(tmp_path):
    """The one template exporting it is named, with why its value names nothing of the run."""
    network = (CROSS / "exports-split-list" / "network.yaml").read_text()
    written = 'Value: !Join [",", [!Ref SubnetOne, !Ref SubnetTwo]]'
    assert written in network
    network = network.replace("Resources:", "Parameters:\n  Subnets:\n    Type: String\nResources:", 1)
    causes = _split_list_causes(tmp_path, {"network.yaml": network.replace(written, "Value: !Ref Subnets")})
    assert causes == [
        "is imported from export `shop-network-Subnets` of network.yaml, whose value comes from parameter "
        "`Subnets` (pass its value to decide it)"
    ], causes


def test_an_import_of_the_vpcs_default_group_names_the_template_exporting_it(tmp_path):
    """`!ImportValue X` of an export the run has, whose value cannot be followed (a VPC's default security
    group): "which no template in this run exports" was false (a helper, on a public CloudFormation app)."""
    network = (CROSS / "exports-split-list" / "network.yaml").read_text()
    written = "Value: !Ref FunctionGroup"
    assert written in network
    (tmp_path / "network.yaml").write_text(network.replace(written, "Value: !GetAtt Vpc.DefaultSecurityGroup"))
    (tmp_path / "app.yaml").write_text((CROSS / "exports-split-list" / "app.yaml").read_text())
    causes = {u.cause for u in engine.lint([str(tmp_path)]).undecided}
    assert (
        "is imported from export `shop-network-FunctionGroup` of network.yaml, whose value is the default security "
        "group of `Vpc`: AWS made its rules, the template holds none"
    ) in causes, causes


def test_a_nat_gateway_ready_in_one_copy_of_a_shared_template_is_removed_for_that_stack_only():
    """A template two parents nest: one passes DualStack=true (its copy of the NAT gateway is ready),
    the other false (its copy serves a function still on IPv4). Removing the NAT gateway from the shared
    file, as W9650 and the plan said, cut the other stack's egress."""
    folder = str(ROOT / "fixtures" / "cross-stack" / "nested-shared-by-two-roots")
    result = engine.lint([folder], engine.Options(plan=True))
    (w9650,) = [f.message for f in result.findings if f.rule.id == "W9650"]
    assert (
        "Its template is nested elsewhere too, where the same NAT gateway "
        "(../services/billing/stack.yaml:Platform/NatGateway) cannot go yet: remove it only for this stack"
    ) in w9650
    ready = [n for n in result.plan.nats if n.status == "ready"]
    (removal,) = [s for n in ready for s in n.steps if s.step == "remove-nat"]
    assert all(c.what.startswith("remove it for this stack only, with a Condition") for c in removal.changes)


def test_a_nested_output_without_a_value_is_unknown_not_a_crash(tmp_path):
    """A function's subnet is a nested stack's output whose Value is missing (CloudFormation refuses
    the child): --explain crashed on the absent member ('internal error'); it is an unknown subnet."""
    (tmp_path / "child.yaml").write_text(
        "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n"
        "Outputs:\n  SubnetId:\n    Description: no Value\n"
    )
    (tmp_path / "root.yaml").write_text(
        "Resources:\n  Net:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: child.yaml}\n"
        "  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n"
        "      Handler: a.b\n      Role: arn:aws:iam::1:role/x\n      Code: {ZipFile: x}\n      VpcConfig:\n"
        "        SubnetIds: [!GetAtt Net.Outputs.SubnetId]\n        SecurityGroupIds: [sg-1]\n"
    )
    result = engine.lint([str(tmp_path / "root.yaml")])
    assert not [f.message for f in result.findings if "internal error" in f.message]
    assert any(u.fact == "a subnet" and u.subject.id == "Fn" for u in result.undecided)


NETWORK_BY_STACK_NAME = """\
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  SubnetA: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}}
Outputs:
  SubnetA:
    Value: !Ref SubnetA
    Export: {Name: !Sub '${AWS::StackName}-SubnetA'}
"""
FUNCTIONS_BY_STACK_NAME = """\
Parameters:
  NetworkStackName: {Type: String}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::111111111111:role/fn
      Code: {ZipFile: x}
      VpcConfig:
        SubnetIds: [!ImportValue {'Fn::Sub': '${NetworkStackName}-SubnetA'}]
        SecurityGroupIds: [sg-0123456789abcdef0]
"""


def test_an_import_of_an_export_named_by_its_stack_name_says_which_template_may_export_it(tmp_path):
    """The Fn::ImportValue documentation's own pattern: the network stack exports `${AWS::StackName}-SubnetA`,
    the functions stack imports `${NetworkStackName}-SubnetA`. Which deployed stack the import means is not
    guessed, but --explain no longer says that no template of the run exports it."""
    (tmp_path / "network.yaml").write_text(NETWORK_BY_STACK_NAME)
    (tmp_path / "functions.yaml").write_text(FUNCTIONS_BY_STACK_NAME)
    options = engine.Options(parameters=[ParameterSet({"NetworkStackName": "network"})])
    causes = [u.text for u in engine.lint([str(tmp_path)], options).undecided if "network-SubnetA" in u.text]
    assert causes == [
        "a subnet is imported from export `network-SubnetA`, which `network.yaml` of this run may export as "
        "`…-SubnetA`: that name is known only when the stack deploys (its stack name, or a parameter without a "
        "value), so which stack the import means is not guessed"
    ], causes


def test_imports_are_matched_with_vague_exports_within_the_runs_budget(tmp_path, monkeypatch):
    """1,000 imports each compared with 1,000 exports of unknown name (120 unknown parts each): 30 s for a plain
    lint (helper, attacking it). Past the run's budget of comparisons, an import is not matched: it is said
    as any import this run cannot resolve."""
    from lambda6lint.loaders.cloudformation import mapper

    (tmp_path / "network.yaml").write_text(NETWORK_BY_STACK_NAME)
    (tmp_path / "functions.yaml").write_text(FUNCTIONS_BY_STACK_NAME)
    options = engine.Options(parameters=[ParameterSet({"NetworkStackName": "network"})])
    monkeypatch.setattr(mapper, "MAX_VAGUE_MATCHES", 0)
    causes = [u.text for u in engine.lint([str(tmp_path)], options).undecided if "network-SubnetA" in u.text]
    assert causes and not any("may export as" in c for c in causes), causes


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.text("ab-", max_size=3), min_size=2, max_size=5).filter(any),
    name=st.text("ab-", max_size=12),
)
def test_an_export_name_with_unknown_parts_matches_as_its_pattern_would(parts, name):
    """`${AWS::StackName}-SubnetA` may be `network-SubnetA`: each unknown part is at least one character. The
    matcher is linear (a regular expression `.+a.+a.+a` backtracked for seconds on a 250-character import,
    helper), and agrees with the expression on every name."""
    pattern = ".+".join(map(re.escape, parts))
    assert _may_be_named(tuple(parts), name) == (re.fullmatch(pattern, name) is not None)
    assert not _may_be_named(("", "a", "a", "a", "a"), "a" * 250 + "c")


def test_a_nested_stack_whose_parameters_are_an_fn_if_keeps_its_defaults_out_of_conditions(tmp_path):
    """What a parent passes through `Parameters: !If [...]` cannot be read: a parameter it may pass is not taken
    as unpassed, and its Default decides no condition (the unpassed one does: cloudformation deploys it)."""
    scenario = CROSS / "nested-unpassed-parameter-decides-a-condition"
    shutil.copytree(scenario, tmp_path / "s")
    root = (tmp_path / "s" / "root.yaml").read_text()
    root = root.replace(
        "      Parameters:\n        Env: !Ref Env\n",
        "      Parameters: !If [Prod, {Env: prod}, {Env: !Ref Env, UseNat: 'false'}]\n",
    ).replace("Resources:\n", "Conditions:\n  Prod: !Equals [!Ref Env, prod]\nResources:\n", 1)
    (tmp_path / "s" / "root.yaml").write_text(root)
    result = engine.lint([str(tmp_path / "s")])
    # (the NAT gateway and its route are both under HasNat: the gateway is judged where it exists, ddd6bf9, and
    # HasNat itself stays undecided)
    assert any("HasNat" in u.cause and "UseNat" in u.cause for u in result.undecided), [
        u.cause for u in result.undecided
    ]


@pytest.mark.parametrize(
    ("items", "reader_in"),
    [
        ("!Ref AWS::NoValue, !Ref PrivateSubnetB, !Ref PrivateSubnetA", "PrivateSubnetB"),  # no element
        ('"subnet-0aaa,subnet-0bbb", !Ref PrivateSubnetA', None),  # two elements: index 0 is a literal id
    ],
)
def test_an_item_of_a_joined_list_export_is_the_one_cloudformation_splits_out(tmp_path, items, reader_in):
    """`Fn::Select [0, Fn::Split [",", Fn::ImportValue name]]` of an export `Fn::Join [",", [...]]` took the
    Join's item 0, where CloudFormation splits the joined text: an `AWS::NoValue` item is no element of it
    (the function was in no subnet known; it is in PrivateSubnetB), a literal `a,b` is two (it was in
    PrivateSubnetA, "dual-stack subnets only", and SenderFunction's item 1 too; both are in subnets of
    another stack)."""
    import shutil

    shutil.copytree(CROSS / "exports-joined-list", tmp_path / "s")
    network = (tmp_path / "s" / "network.yaml").read_text()
    written = 'Value: !Join [",", [!Ref PrivateSubnetA, !Ref PrivateSubnetB]]'
    assert written in network
    (tmp_path / "s" / "network.yaml").write_text(network.replace(written, f'Value: !Join [",", [{items}]]'))
    result = engine.lint([str(tmp_path / "s")])
    reader = [f for f in result.findings if f.rule.id == "W9601" and "ReaderFunction" in f.message]
    if reader_in is None:  # (SenderFunction's item 1 was PrivateSubnetA: W9610 on its route table)
        assert not [f.message for f in result.findings if "Function" in f.message]
    else:
        [finding] = reader
        assert any(reader_in in text for _, text in finding.related), finding.related


OWN_BLOCK_SCENARIO = CROSS / "nested-acl-on-the-vpc-block-passed-in"


def _vpc_in_a_sibling(tmp_path, blocks_of: str = "Vpc"):
    """The scenario with its VPC in a nested stack of its own, whose outputs the root passes on to the ACL's stack
    (PRX/Infrastructure's root passes `!GetAtt SharedVpcStack.Outputs.VpcIpv6CidrBlocks`); the subnets' IPv6
    blocks written out. `blocks_of`: the VPC whose blocks that output joins."""
    shutil.copytree(OWN_BLOCK_SCENARIO, tmp_path / "infra")
    root = (tmp_path / "infra" / "root.yaml").read_text()
    start, end = root.index("  Vpc:\n"), root.index("  EgressOnlyGateway:\n")
    sibling = "  VpcStack:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: vpc/vpc.yaml\n"
    root = root[:start] + sibling + root[end:]
    root = root.replace("!Ref Vpc\n", "!GetAtt VpcStack.Outputs.VpcId\n").replace("DependsOn: VpcIpv6Cidr", "")
    root = root.replace('!Join [",", !GetAtt Vpc.Ipv6CidrBlocks]', "!GetAtt VpcStack.Outputs.VpcIpv6CidrBlocks")
    for n in (1, 2):
        written = f"!Select [{n}, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]"
        assert written in root
        root = root.replace(written, f"2600:1f18:60:{n}::/64")
    (tmp_path / "infra" / "root.yaml").write_text(root)
    (tmp_path / "infra" / "vpc").mkdir()
    (tmp_path / "infra" / "vpc" / "vpc.yaml").write_text(
        f"""Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {{CidrBlock: 10.60.0.0/16}}
  VpcIpv6Cidr:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {{VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true}}
  Other:
    Type: AWS::EC2::VPC
    Properties: {{CidrBlock: 10.61.0.0/16}}
  OtherIpv6Cidr:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {{VpcId: !Ref Other, AmazonProvidedIpv6CidrBlock: true}}
Outputs:
  VpcId:
    Value: !Ref Vpc
  VpcIpv6CidrBlocks:
    Value: !Join [",", !GetAtt {blocks_of}.Ipv6CidrBlocks]
"""
    )
    return engine.lint([str(tmp_path / "infra")])


@pytest.mark.parametrize(("blocks_of", "fires"), [("Vpc", True), ("Other", False)])
def test_a_nested_acl_on_the_vpc_block_a_sibling_stack_outputs_is_decided(tmp_path, blocks_of, fires):
    """A nested stack's network ACL rules on `!Select [0, !Ref VpcIpv6CidrBlocks]`, which the root passes from the
    VPC stack's output: the ACL's own VPC's block, traffic that stays in it (W9621: nothing lets IPv6 out). Another
    VPC's block is internet addresses the files do not show: nothing is decided."""
    result = _vpc_in_a_sibling(tmp_path, blocks_of)
    assert [f.rule.id for f in result.findings if f.rule.id.startswith("W")] == (["W9621"] if fires else [])


def test_a_nested_security_group_rule_on_the_vpc_block_passed_in_is_not_internet_egress(tmp_path):
    """PRX's `CidrIpv6: !Ref VpcIpv6CidrBlocks` (a String parameter the parent passes the VPC's joined blocks):
    the function's only IPv6 egress stays in the VPC (W9620). It was unknown."""
    shutil.copytree(OWN_BLOCK_SCENARIO, tmp_path / "infra")
    root = (tmp_path / "infra" / "root.yaml").read_text()
    start, end = root.index("  FunctionSg:\n"), root.index("  Version:\n")
    app = root[start:end]
    app = app.replace("!Ref Vpc\n", "!Ref VpcId\n").replace("CidrIpv6: ::/0", "CidrIpv6: !Ref VpcIpv6Block")
    app = app.replace("  # expect: W9621", "").replace("!Ref PrivateSubnetA", "!Ref SubnetA")
    app = app.replace("!Ref PrivateSubnetB", "!Ref SubnetB")
    params = "".join(f"  {name}:\n    Type: String\n" for name in ("VpcId", "VpcIpv6Block", "SubnetA", "SubnetB"))
    (tmp_path / "infra" / "app.yaml").write_text(f"Parameters:\n{params}Resources:\n{app}\n")
    passed = {
        "VpcId": "!Ref Vpc",
        "VpcIpv6Block": '!Join [",", !GetAtt Vpc.Ipv6CidrBlocks]',
        "SubnetA": "!Ref PrivateSubnetA",
        "SubnetB": "!Ref PrivateSubnetB",
    }
    stack = "  AppStack:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: app.yaml\n"
    stack += "      Parameters:\n" + "".join(f"        {k}: {v}\n" for k, v in passed.items())
    (tmp_path / "infra" / "root.yaml").write_text(root[:start] + stack + root[end:].split("  Version:\n")[0])
    acl = tmp_path / "infra" / "acl" / "private-network-acl.yaml"
    six = "      Ipv6CidrBlock: ::/0\n"  # (the ACL lets IPv6 out and back: only the group is asked)
    acl.write_text(acl.read_text().replace("      Ipv6CidrBlock: !Select [0, !Ref VpcIpv6CidrBlocks]\n", six))
    result = engine.lint([str(tmp_path / "infra")])
    assert [(f.rule.id, f.location.path.rsplit("/", 1)[-1]) for f in result.findings if f.rule.id[0] in "WE"] == [
        ("W9620", "app.yaml")
    ]


_ADDED_BY_THE_PARENT = """  ParentEigw:
    Type: AWS::EC2::EgressOnlyInternetGateway
    Properties:
      VpcId: !GetAtt Network.Outputs.VpcId
  ParentIpv6Route:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !GetAtt Network.Outputs.PrivateRouteTable
      DestinationIpv6CidrBlock: ::/0
      EgressOnlyInternetGatewayId: !Ref ParentEigw
  ParentIpv6Egress:
    Type: AWS::EC2::SecurityGroupEgress
    Properties:
      GroupId: !Sub ${Network.Outputs.WorkerGroup}
      IpProtocol: "-1"
      CidrIpv6: ::/0
"""


@pytest.mark.parametrize("adds", [True, False], ids=["parent-adds-route-and-rule", "parent-adds-nothing"])
@pytest.mark.parametrize("literal", [True, False], ids=["literal-path", "undecided-fn-if"])
def test_what_a_parent_reads_from_a_stack_of_two_possible_templates_is_unknown(tmp_path, adds, literal):
    """A route and a security group rule the parent adds to a nested stack's outputs (`!GetAtt Network.Outputs.X`,
    `${Network.Outputs.X}`): through a literal path they land in the child's route table and group (no W9610, no
    W9620). Where an undecided `Fn::If` picks the template, the child the stack deploys is not known, so the
    parent's reads are unknown rather than one branch's value: its function in the child's subnet is not judged
    (no W9601), and what it reads of the child is open, so the child is not judged without what the parent adds
    (a false W9610 and W9620). What the parent reads nothing of stays the child's: W9610 and W9620 without them."""
    outputs = (
        "Outputs:\n  PrivateSubnetA:\n    Value: !Ref PrivateSubnetA\n  VpcId:\n    Value: !Ref Vpc\n"
        "  PrivateRouteTable:\n    Value: !Ref PrivateRouteTable\n"
        "  WorkerGroup:\n    Value: !GetAtt WorkerSecurityGroup.GroupId\n"
    )
    url = "nested/child.yaml" if literal else "!If [IsProd, nested/child.yaml, nested/other.yaml]"
    _nested_pair(tmp_path, template_url=url, child_outputs=outputs)
    child = tmp_path / "nested" / "child.yaml"
    no_ipv6 = '        - IpProtocol: "-1"\n          CidrIpv6: ::/0\n'
    text = child.read_text()
    child.write_text(text.replace(no_ipv6, "", 2))  # (the worker's group: no IPv6 egress of its own)
    (tmp_path / "nested" / "other.yaml").write_text("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
    parent = (tmp_path / "parent.yaml").read_text().replace("Resources:\n", _IF_PARENT + "Resources:\n", 1)
    if adds:
        parent = parent.replace("  FunctionSecurityGroup:\n", _ADDED_BY_THE_PARENT + "  FunctionSecurityGroup:\n", 1)
    (tmp_path / "parent.yaml").write_text(parent)
    result = engine.lint([str(tmp_path)])
    got = {(rule, name) for rule, name, _ in _ids(result)}
    assert result.errors == []
    assert (("W9601", "parent.yaml") in got) == literal
    assert (("W9610", "child.yaml") in got) == (not adds)
    assert (("W9620", "child.yaml") in got) == (not adds)
    if not literal:
        causes = " ".join(u.cause for u in result.undecided if u.subject.id == "ReaderFunction")
        assert "output of nested stack `Network`, whose template is not known" in causes, causes
        assert "its template is nested/child.yaml or nested/other.yaml" in causes, causes
        opened = " ".join(u.cause for u in result.undecided)
        assert "whose template is one of those an undecided condition picks" in opened, opened  # (its subnet)
        assert ("output `WorkerGroup`" in opened) == adds, opened


def test_nested_stack_limits_count_each_template_an_undecided_fn_if_may_be(tmp_path):
    """Each branch's template of an undecided `Fn::If` is a child read: half the limit in stacks of two is the
    limit, past which a stack's TemplateURL line has the E9600, once; a branch naming the template itself is not
    read (it could never be created), the other branch is."""
    from lambda6lint.loaders.cloudformation import nested

    for name in ("child", "other"):
        (tmp_path / f"{name}.yaml").write_text("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
    head = "Parameters:\n  Stage:\n    Type: String\nConditions:\n  C: !Equals [!Ref Stage, x]\nResources:\n"
    stack = "  Child%d:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: %s\n"
    url = "!If [C, child.yaml, other.yaml]"
    over = nested.MAX_CHILDREN // 2
    text = head + "".join(stack % (i, url) for i in range(over + 3))
    (tmp_path / "parent.yaml").write_text(text)
    result = engine.lint([str(tmp_path / "parent.yaml")])
    [error] = result.errors
    assert "safety limit" in error.message and error.location.path.endswith("parent.yaml")
    assert error.location.line == text.splitlines().index(f"  Child{over}:") + 4  # (its TemplateURL)
    (tmp_path / "parent.yaml").write_text(head + stack % (0, "!If [C, ./parent.yaml, other.yaml]"))
    result = engine.lint([str(tmp_path / "parent.yaml")])
    assert result.errors == []
    got, errors = nested.children(_document(tmp_path / "parent.yaml"), str(tmp_path), lambda path, doc: None)
    assert [os.path.basename(d.path) for d in got] == ["other.yaml"] and got[0].maybe and errors == []


def _document(path):
    from lambda6lint.loaders import Document
    from lambda6lint.loaders.common.marked import load_text

    return Document(str(path), load_text(path.read_text()))


@pytest.mark.parametrize("literal", [True, False], ids=["literal-path", "undecided-fn-if"])
def test_an_output_of_a_stack_of_two_possible_templates_passed_to_a_sibling_stack_is_unknown(tmp_path, literal):
    """The parent passes `!GetAtt Network.Outputs.PrivateSubnetA` on to a sibling nested stack whose function runs
    there: through a literal path the sibling's function is judged in the child's dual-stack subnet (W9601); where
    an undecided `Fn::If` picks Network's template, that subnet is unknown in the sibling too, and says why."""
    url = "nested/child.yaml" if literal else "!If [IsProd, nested/child.yaml, nested/other.yaml]"
    _nested_pair(tmp_path, template_url=url)
    (tmp_path / "nested" / "other.yaml").write_text("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
    parent = (tmp_path / "parent.yaml").read_text()
    function = "  ReaderFunction:" + parent.split("  ReaderFunction:")[1]
    sibling = "  Functions:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: fns.yaml\n"
    sibling += "      Parameters:\n        Subnet: !GetAtt Network.Outputs.PrivateSubnetA\n"
    sibling += "        Group: !GetAtt FunctionSecurityGroup.GroupId\n"
    parent = parent.replace(function, sibling).replace("Resources:\n", _IF_PARENT + "Resources:\n", 1)
    (tmp_path / "parent.yaml").write_text(parent)
    function = function.replace("!GetAtt Network.Outputs.PrivateSubnetA", "!Ref Subnet")
    function = function.replace("!GetAtt FunctionSecurityGroup.GroupId", "!Ref Group").replace(
        "!GetAtt FunctionRole.Arn", "arn:aws:iam::123456789012:role/r"
    )
    (tmp_path / "fns.yaml").write_text(
        "Parameters:\n  Subnet:\n    Type: String\n  Group:\n    Type: String\nResources:\n" + function
    )
    result = engine.lint([str(tmp_path)])
    got = {(rule, name) for rule, name, _ in _ids(result)}
    assert result.errors == []
    assert (("W9601", "fns.yaml") in got) == literal, got
    if not literal:
        causes = " ".join(u.cause for u in result.undecided if u.subject.id.endswith("ReaderFunction"))
        said = "comes from parameter `Subnet`, which the parent stack passes: it is an output of nested stack "
        assert (
            said + "`Network`, whose template is not known: its TemplateURL is chosen by condition `IsProd`" in causes
        )


_TWO_TEMPLATES_PARENT = """Parameters:
  Stage:
    Type: String
    Default: prod
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 172.16.0.0/16
  InternetGateway:
    Type: AWS::EC2::InternetGateway
  AppSubnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 172.16.0.0/24
  AppRouteTable:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  AppSubnetRouteTableAssociation:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref AppSubnet
      RouteTableId: !Ref AppRouteTable
  Routes:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: THE_URL
      Parameters:
        RouteTableId: !Ref AppRouteTable
        GatewayId: !Ref InternetGateway
        VpcId: !Ref Vpc
  AppSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app
      VpcId: !Ref Vpc
  AppFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/app
      Code:
        ZipFile: "def handler(event, context): return 1"
      VpcConfig:
        SecurityGroupIds:
          - !Ref AppSecurityGroup
        SubnetIds:
          - !Ref AppSubnet
"""
_ROUTES_CHILD = """Parameters:
  RouteTableId:
    Type: String
  GatewayId:
    Type: String
  VpcId:
    Type: String
Resources:
  Topic:
    Type: AWS::SNS::Topic
"""
_IGW_ROUTE = """  DefaultRoute:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref RouteTableId
      DestinationCidrBlock: 0.0.0.0/0
      GatewayId: !Ref GatewayId
"""
#: The child's own public subnet, on its own table with its own igw route, and its function there: its W9611.
_CHILDS_OWN = """  ChildSubnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref VpcId
      CidrBlock: 172.16.9.0/24
  ChildTable:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref VpcId
  ChildRoute:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref ChildTable
      DestinationCidrBlock: 0.0.0.0/0
      GatewayId: !Ref GatewayId
  ChildAssociation:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref ChildSubnet
      RouteTableId: !Ref ChildTable
  ChildFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/child
      Code:
        ZipFile: "def handler(event, context): return 1"
      VpcConfig:
        SecurityGroupIds:
          - sg-0123456789abcdef0
        SubnetIds:
          - !Ref ChildSubnet
"""


@pytest.mark.parametrize(
    ("url", "adding", "fires"),
    [
        ("nested/public.yaml", ("public",), True),  # a literal path: the child's route is the table's
        ("!If [IsProd, nested/public.yaml, nested/private.yaml]", ("public",), False),
        ("!If [IsProd, nested/private.yaml, nested/public.yaml]", ("public",), False),
        ("!If [IsProd, nested/public.yaml, nested/private.yaml]", ("public", "private"), False),  # (see below)
        ("!If [IsProd, nested/public.yaml, https://s3.amazonaws.com/b/x.yaml]", ("public",), False),
    ],
)
def test_a_route_one_of_two_possible_templates_adds_to_the_parents_table_may_not_exist(tmp_path, url, adding, fires):
    """A nested stack whose template an undecided `Fn::If` picks adds `0.0.0.0/0 → igw` to the route table the parent
    passes it: W9611 fired on the parent's function, although the other template, which adds nothing, may be the one
    deployed (RULES.md: an `Fn::If` is known only when both branches agree). What such a template adds to a resource
    outside it exists only if its branch is taken, as a resource under an undecided condition, and --explain says
    which condition decides it. Where both templates add the route it is the table's either way; each child's route
    is still one of its own template's, so the run stays silent there too (no route is matched across templates).
    The child's own public subnet and function keep their W9611, in each child that has them."""
    (tmp_path / "nested").mkdir()
    for name in ("public", "private"):
        route = _IGW_ROUTE if name in adding else ""
        (tmp_path / "nested" / f"{name}.yaml").write_text(_ROUTES_CHILD + route + _CHILDS_OWN)
    (tmp_path / "parent.yaml").write_text(_TWO_TEMPLATES_PARENT.replace("THE_URL", url))
    result = engine.lint([str(tmp_path)])
    assert result.errors == []
    w9611 = sorted(name for rule, name, _ in _ids(result) if rule == "W9611")
    own = ["private.yaml"] * ("private.yaml" in url) + ["public.yaml"]
    assert w9611 == sorted(own + ["parent.yaml"] * fires), w9611
    if not fires:
        causes = " ".join(u.cause for u in result.undecided if u.subject.id == "AppFunction")
        said = "AWS::EC2::Route Routes/DefaultRoute is in nested stack `Routes` only if its template is "
        said += "nested/public.yaml: its TemplateURL is chosen by condition `IsProd`"
        assert said in causes, causes


_EGRESS_CHILD = """Parameters:
  GroupId:
    Type: String
Resources:
  Ipv6Egress:
    Type: AWS::EC2::SecurityGroupEgress
    Properties:
      GroupId: !Ref GroupId
      IpProtocol: "-1"
      CidrIpv6: ::/0
"""


@pytest.mark.parametrize("literal", [True, False], ids=["literal-path", "undecided-fn-if"])
def test_an_egress_rule_one_of_two_possible_templates_adds_to_the_parents_group_decides_nothing(tmp_path, literal):
    """The parent's function has IPv6 egress but for its group, which it passes to a stack whose template an undecided
    `Fn::If` picks: one template adds `::/0` egress to it, the other nothing. W9650 called the parent's NAT gateway
    removable, although the template deployed may be the one that adds no rule; the group is open (W9620 silent), so
    neither the rule's presence nor its absence is known: no W9650 and no W9620. Through a literal path to the
    template that adds the rule, W9650 is right."""
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "open.yaml").write_text(_EGRESS_CHILD)
    (tmp_path / "nested" / "closed.yaml").write_text(_EGRESS_CHILD.split("  Ipv6Egress:")[0] + _TOPIC)
    url = "nested/open.yaml" if literal else "!If [IsProd, nested/open.yaml, nested/closed.yaml]"
    (tmp_path / "parent.yaml").write_text(_NAT_PARENT.replace("THE_URL", url))
    result = engine.lint([str(tmp_path)])
    assert result.errors == []
    got = {rule for rule, _, _ in _ids(result)}
    assert "W9620" not in got
    assert ("W9650" in got) == literal, got
    if not literal:
        causes = " ".join(u.cause for u in result.undecided)
        said = "AWS::EC2::SecurityGroupEgress Rules/Ipv6Egress is in nested stack `Rules` only if its template is "
        assert said + "nested/open.yaml: its TemplateURL is chosen by condition `IsProd`" in causes, causes


_TOPIC = "  Topic:\n    Type: AWS::SNS::Topic\n"
_NAT_PARENT = """Parameters:
  Stage:
    Type: String
    Default: prod
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 172.16.0.0/16
  VpcIpv6:
    Type: AWS::EC2::VPCCidrBlock
    Properties:
      VpcId: !Ref Vpc
      AmazonProvidedIpv6CidrBlock: true
  InternetGateway:
    Type: AWS::EC2::InternetGateway
  GatewayAttachment:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties:
      VpcId: !Ref Vpc
      InternetGatewayId: !Ref InternetGateway
  Eigw:
    Type: AWS::EC2::EgressOnlyInternetGateway
    Properties:
      VpcId: !Ref Vpc
  PublicSubnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 172.16.0.0/24
  PublicRouteTable:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  PublicRoute:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref PublicRouteTable
      DestinationCidrBlock: 0.0.0.0/0
      GatewayId: !Ref InternetGateway
  PublicAssociation:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref PublicSubnet
      RouteTableId: !Ref PublicRouteTable
  NatEip:
    Type: AWS::EC2::EIP
    Properties:
      Domain: vpc
  Nat:
    Type: AWS::EC2::NatGateway
    Properties:
      AllocationId: !GetAtt NatEip.AllocationId
      SubnetId: !Ref PublicSubnet
  AppSubnet:
    Type: AWS::EC2::Subnet
    DependsOn: VpcIpv6
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 172.16.1.0/24
      Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]
  AppRouteTable:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  AppNatRoute:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref AppRouteTable
      DestinationCidrBlock: 0.0.0.0/0
      NatGatewayId: !Ref Nat
  AppIpv6Route:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref AppRouteTable
      DestinationIpv6CidrBlock: ::/0
      EgressOnlyInternetGatewayId: !Ref Eigw
  AppSubnetRouteTableAssociation:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref AppSubnet
      RouteTableId: !Ref AppRouteTable
  Rules:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: THE_URL
      Parameters:
        GroupId: !GetAtt AppSecurityGroup.GroupId
  AppSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app
      VpcId: !Ref Vpc
  AppFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/app
      Code:
        ZipFile: "def handler(event, context): return 1"
      Environment:
        Variables:
          AWS_USE_DUALSTACK_ENDPOINT: "true"
      VpcConfig:
        Ipv6AllowedForDualStack: true
        SecurityGroupIds:
          - !Ref AppSecurityGroup
        SubnetIds:
          - !Ref AppSubnet
"""


@pytest.mark.parametrize("literal", [True, False], ids=["literal-path", "undecided-fn-if"])
def test_a_function_one_of_two_possible_templates_puts_in_the_parents_subnet_decides_nothing_of_its_nat(
    tmp_path, literal
):
    """The parent passes its subnet behind its NAT gateway (and a group with IPv6 egress) to a stack whose template an
    undecided `Fn::If` picks; one template runs a function there with working IPv6 egress, the other nothing. Through
    a literal path the NAT gateway serves that function alone: W9650. Where either template may be deployed, the
    function may not be there: the subnet is open (passed to a stack whose template is not known), so what it hosts is
    not known and W9650 stays silent (a pin: openness decided this before what a branch adds was conditional)."""
    parent = _NAT_PARENT.replace(
        "THE_URL", "nested/app.yaml" if literal else "!If [IsProd, nested/app.yaml, nested/x.yaml]"
    )
    parent, function = parent.split("  AppFunction:\n")
    group = "      GroupDescription: app\n      VpcId: !Ref Vpc\n"
    parent = parent.replace(
        group, group + '      SecurityGroupEgress:\n        - IpProtocol: "-1"\n          CidrIpv6: ::/0\n'
    )
    parent = parent.replace(
        "        GroupId: !GetAtt AppSecurityGroup.GroupId\n",
        "        GroupId: !GetAtt AppSecurityGroup.GroupId\n        SubnetId: !Ref AppSubnet\n",
    )
    function = function.replace("!Ref AppSecurityGroup", "!Ref GroupId").replace("!Ref AppSubnet", "!Ref SubnetId")
    params = "Parameters:\n  GroupId:\n    Type: String\n  SubnetId:\n    Type: String\nResources:\n"
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "app.yaml").write_text(params + "  AppFunction:\n" + function)
    (tmp_path / "nested" / "x.yaml").write_text(params + _TOPIC)
    (tmp_path / "parent.yaml").write_text(parent)
    result = engine.lint([str(tmp_path)])
    assert result.errors == []
    got = {(rule, name) for rule, name, _ in _ids(result)}
    assert (("W9650", "parent.yaml") in got) == literal, got
    assert not {rule for rule, _ in got} & {"I9651", "W9620", "W9610"}, got
