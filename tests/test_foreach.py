"""`Fn::ForEach` (AWS::LanguageExtensions) is expanded as CloudFormation expands it when what it makes
can be known (foreach.py), so the rules see what loops make, at the loop's lines; a loop that cannot
be is a loop the run does not read, and says why."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES

from lambda6lint import engine
from lambda6lint.loaders.cloudformation import foreach
from lambda6lint.loaders.common.marked import load_text

HEAD = "Transform: AWS::LanguageExtensions\n"


def expanded(text: str, values: dict[str, str] | None = None):
    return foreach.expand(load_text(HEAD + text), values)


def plain(node):
    if isinstance(node, dict):
        return {k: plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node


LOOP = """
Mappings:
  Cidrs:
    Reports: {Block: 10.0.2.0/24}
    Thumb-Nails: {Block: 10.0.1.0/24}
Resources:
  Fn::ForEach::Queues:
    - Name
    - [Thumb-Nails, Reports]
    - Queue&{Name}:
        Type: AWS::SQS::Queue
        Properties:
          QueueName: !Sub 'q-${Name}'
          Tags:
            - {Key: kept, Value: !Sub '${AWS::StackName}-${Name}'}
            - {Key: own, Value: !Sub ['${Name}', {Name: shadowed}]}
            - {Key: ref, Value: !Ref Name}
            - {Key: cidr, Value: !FindInMap [Cidrs, !Ref Name, Block]}
            - {Key: arn, Value: !GetAtt [!Sub 'Queue&{Name}', Arn]}
"""


def test_keys_refs_and_subs_take_each_item():
    doc, left = expanded(LOOP)
    assert left == {}
    resources = plain(doc["Resources"])
    assert list(resources) == ["QueueThumbNails", "QueueReports"]  # (&{}: without non-alphanumerics)
    tags = {t["Key"]: t["Value"] for t in resources["QueueThumbNails"]["Properties"]["Tags"]}
    assert resources["QueueThumbNails"]["Properties"]["QueueName"] == "q-Thumb-Nails"  # (a Sub left with nothing)
    assert tags == {
        "kept": {"Fn::Sub": "${AWS::StackName}-Thumb-Nails"},
        "own": "Thumb-Nails",  # (the item wins over the Sub's own variable, as cfn-lint has it)
        "ref": "Thumb-Nails",
        "cidr": {"Fn::FindInMap": ["Cidrs", "Thumb-Nails", "Block"]},
        "arn": {"Fn::GetAtt": ["QueueThumbNails", "Arn"]},
    }


def test_nested_loops_multiply_and_a_loop_may_name_an_outer_item():
    doc, left = expanded(
        """
Resources:
  Fn::ForEach::Zones:
    - Zone
    - [a, b]
    - Fn::ForEach::Tiers:
        - Tier
        - [app, !Ref Zone]
        - Subnet${Tier}${Zone}:
            Type: AWS::EC2::Subnet
            Properties: {AvailabilityZone: !Sub 'eu-west-1${Zone}'}
"""
    )
    assert left == {}
    assert list(doc["Resources"]) == ["Subnetappa", "Subnetaa", "Subnetappb", "Subnetbb"]


@pytest.mark.parametrize(
    ("collection", "values", "reason"),
    [
        ("!Ref Names", None, "collection parameter Names"),
        ("!GetAZs ''", None, "its collection is not a list of values this run can read"),
        ("[a, !GetAtt X.Y]", None, "an item of its collection is not a value this run can read"),
        ("[a, a]", None, "what it makes repeats a name (CloudFormation rejects the template)"),
        ("[Existing]", None, "what it makes repeats a name (CloudFormation rejects the template)"),
        ("!Ref Names", {"Names": "a, b"}, None),  # (a value given: --parameter, samconfig)
        ("!FindInMap [Lists, All, Names]", None, None),
        ("!FindInMap [Lists, !Ref Stage, Names]", {"Stage": "All"}, None),
        ("!FindInMap [Lists, Missing, Names, {DefaultValue: [a, b]}]", None, None),
        (
            "!FindInMap [Lists, Missing, Names]",
            None,
            "its collection's Fn::FindInMap names Lists/Missing/Names, which Mappings lacks",
        ),
        ("!FindInMap [Lists, !Ref 'AWS::Region', Names]", None, "collection's Fn::FindInMap key AWS::Region"),
        ("!FindInMap [Lists, All, Text]", None, "its collection is not a list of values this run can read"),
    ],
)
def test_a_loop_whose_copies_cannot_all_be_known_stays_a_loop(collection, values, reason):
    text = (
        "Parameters:\n  Names: {Type: CommaDelimitedList}\n  Stage: {Type: String}\n"
        "Mappings:\n  Lists:\n    All: {Names: [a, b], Text: 'a,b'}\n"
        "Resources:\n  Existing:\n    Type: AWS::SQS::Queue\n"
        f"  Fn::ForEach::Queues:\n    - Name\n    - {collection}\n    - ${{Name}}:\n        Type: AWS::SQS::Queue\n"
    )
    doc, left = expanded(text, values)
    if reason is None:
        assert list(doc["Resources"]) == ["Existing", "a", "b"] and left == {}
    else:
        assert "Fn::ForEach::Queues" in doc["Resources"] and left == {"Fn::ForEach::Queues": reason}


def test_the_parse_tree_is_not_changed():
    """Nested stacks share parse trees between parents: the expansion makes a new document."""
    source = load_text(HEAD + LOOP)
    before = json.dumps(plain(source), sort_keys=True)
    doc, _ = foreach.expand(source, None)
    assert doc is not source and json.dumps(plain(source), sort_keys=True) == before
    untouched = load_text("Resources:\n  Fn::ForEach::X: [N, [a], {'${N}': {Type: AWS::SQS::Queue}}]\n")
    assert foreach.expand(untouched, None) == (untouched, {})  # (no AWS::LanguageExtensions: not a loop)


def test_nested_loops_cannot_multiply_a_small_file_into_a_large_tree(monkeypatch):
    """Four loops of 100 items nested make 100,000,000 copies from 1 KB: refused at MAX_NODES, fast. Counted,
    not timed: the nodes walked to make copies are bounded by MAX_NODES (the walk stops the test past it)."""
    items = "[" + ", ".join(f"i{n}" for n in range(100)) + "]"
    text = "Resources:\n  Fn::ForEach::A:\n    - A\n    - " + items + "\n    - Fn::ForEach::B:\n        - B\n"
    text += "        - " + items + "\n        - Fn::ForEach::C:\n            - C\n            - " + items + "\n"
    text += "            - Fn::ForEach::D:\n                - D\n                - " + items + "\n"
    text += "                - Q${A}${B}${C}${D}:\n                    Type: AWS::SQS::Queue\n"
    walked = []
    walk = foreach._walk

    def counted(node, items, run):
        walked.append(1)
        assert len(walked) <= 2 * foreach.MAX_NODES, "the loops' copies are not bounded by MAX_NODES"
        return walk(node, items, run)

    monkeypatch.setattr(foreach, "_walk", counted)
    doc, left = expanded(text)
    assert len(walked) <= 2 * foreach.MAX_NODES, len(walked)
    assert list(doc["Resources"]) == ["Fn::ForEach::A"] and left == {"Fn::ForEach::A": foreach.TOO_LARGE}


@pytest.mark.parametrize(
    "output",
    [
        'Q:\n        Type: AWS::SQS::Queue\n        Properties:\n          QueueName: !Sub "{many}"\n',
        "? '{many}'\n      : Type: AWS::SQS::Queue\n",  # (a key: over 1,024 characters, written explicitly)
    ],
)
def test_an_item_put_into_names_and_strings_many_times_cannot_make_a_large_string(output):
    """A 10 KB item put 2,000 times into one `Fn::Sub` string, or into a key, makes a 20 MB string (a 100 KB one
    20,000 times, 2 GB), before a node is counted: what the loops write is counted in characters, and past
    MAX_TEXT every loop stays a loop."""
    many = ("${X}" if "Sub" in output else "&{X}") * 2_000
    text = "Resources:\n  Fn::ForEach::A:\n    - X\n    - [" + "a" * 10_000 + "]\n    - " + output.format(many=many)
    doc, left = expanded(text)
    assert list(doc["Resources"]) == ["Fn::ForEach::A"] and left == {"Fn::ForEach::A": foreach.TOO_LONG}


def test_a_mapping_is_looked_through_once_for_every_copy_that_reads_it():
    """2,000 copies of a loop each reading its collection from a mapping of 30,000 keys (`!FindInMap [M, !Ref X,
    v]`): each looked through the mapping's keys again (4 s for a 600 KB template). Counted, not timed: the
    mapping's keys are read once."""

    class Counted(dict):
        read = 0

        def items(self):  # type: ignore[override]
            Counted.read += 1
            return super().items()

    outer = ", ".join(f"k{n}" for n in range(200))
    text = (
        "Mappings:\n  M:\n"
        + "".join(f"    k{n}: {{v: [a]}}\n" for n in range(1_000))
        + f"Resources:\n  Fn::ForEach::Outer:\n    - X\n    - [{outer}]\n    - Fn::ForEach::Inner${{X}}:\n"
        "        - Y\n        - !FindInMap [M, !Ref X, v]\n        - Q${X}${Y}:\n            Type: AWS::SQS::Queue\n"
    )
    doc = load_text(HEAD + text)
    doc["Mappings"]["M"] = Counted(doc["Mappings"]["M"])
    out, left = foreach.expand(doc, {})
    assert left == {} and len(out["Resources"]) == 200 and "Qk199a" in out["Resources"]
    assert Counted.read == 1, Counted.read


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_findings_on_what_a_loop_makes_point_at_the_loop(tmp_path, suffix):
    """A function a loop makes is checked like any other, its findings at the lines of the loop's body."""
    source = FIXTURES / "W9610" / f"bad-foreach-makes-no-ipv6-route.sam{suffix}"
    text = source.read_text()
    if suffix == ".yaml":  # (the function is the template's last resource)
        head, _, worker = text.partition("  Worker:\n")
        body = "".join(f"    {line}\n" for line in worker.splitlines())
        text = head + "  Fn::ForEach::Workers:\n    - Name\n    - [A, B]\n    - Worker${Name}:\n" + body
    else:
        doc = json.loads(text)
        worker = doc["Resources"].pop("Worker")
        doc["Resources"]["Fn::ForEach::Workers"] = ["Name", ["A", "B"], {"Worker${Name}": worker}]
        text = json.dumps(doc, indent=2)
    (tmp_path / f"t{suffix}").write_text(text)
    result = engine.lint([str(tmp_path / f"t{suffix}")])
    [finding] = [f for f in result.findings if f.rule.id == "W9610"]
    assert "IPv6 traffic from WorkerA, WorkerB (IPv6 allowed)" in finding.message, finding.message
    lines = text.splitlines()
    made = [lines[where.line - 1].strip() for where, _ in finding.related]
    assert made == ['"Worker${Name}": {'] * 2 if suffix == ".json" else made == ["- Worker${Name}:"] * 2, made
    dualstack = [f for f in result.findings if f.rule.id == "I9660"]
    assert not dualstack  # (AutoPublishAlias: the SAM function a loop makes is read whole)


def test_a_template_whose_resources_are_all_loops_is_linted(tmp_path):
    """Nothing but `Fn::ForEach` in Resources and no AWSTemplateFormatVersion is still a template."""
    (tmp_path / "queues.yaml").write_text(
        HEAD + "Resources:\n  Fn::ForEach::Queues:\n    - Name\n    - [a, b]\n    - Queue${Name}:\n"
        "        Type: AWS::SQS::Queue\n"
    )
    assert engine.lint([str(tmp_path)]).files == [str(tmp_path / "queues.yaml")]


def test_a_loops_collection_the_parent_passes_too_costly_is_the_parents_input_error(tmp_path):
    """What a parent passes is read for the child's loops before either is built: a value too costly to
    resolve is an E9600 at the parent's line, as when the parent itself is built."""
    folder = FIXTURES / "cross-stack" / "nested-foreach-over-passed-list"
    (tmp_path / "network.yaml").write_text((folder / "network.yaml").read_text())
    costly = json.dumps("pcx-1")
    for _ in range(40):
        costly = '{"Fn::Sub": ["${a}${a}", {"a": ' + costly + "}]}"
    root = (folder / "root.yaml").read_text().replace('!Join [",", [pcx-0a1b2c3d, pcx-4e5f6a7b]]', costly)
    (tmp_path / "root.yaml").write_text(root)
    [error] = [f for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "E9600"]
    assert (
        error.location.path.endswith("root.yaml") and error.location.line == root.count("\n", 0, root.index(costly)) + 1
    )


def test_a_suppression_in_a_loops_body_holds_for_every_copy(tmp_path):
    source = (FIXTURES / "W9610" / "bad-foreach-makes-no-ipv6-route.sam.yaml").read_text()
    head, _, worker = source.partition("  Worker:\n")
    body = "".join(f"    {line}\n" for line in worker.splitlines())
    looped = head + "  Fn::ForEach::Workers:\n    - Name\n    - [A, B, C]\n    - Worker${Name}:\n" + body
    looped = looped.replace("            Ipv6AllowedForDualStack: true\n", "")
    (tmp_path / "t.yaml").write_text(looped)
    fired = [f.resource for f in engine.lint([str(tmp_path / "t.yaml")]).findings if f.rule.id == "W9601"]
    assert fired == ["WorkerA", "WorkerB", "WorkerC"]
    ignored = looped.replace(
        "        Type: AWS::Serverless::Function\n",
        "        # lambda6lint:ignore W9601 flipped in the next release\n        Type: AWS::Serverless::Function\n",
    )
    (tmp_path / "t.yaml").write_text(ignored)
    result = engine.lint([str(tmp_path / "t.yaml")])
    assert [(f.resource, f.suppressed) for f in result.findings if f.rule.id == "W9601"] == [
        (name, "flipped in the next release") for name in fired
    ]


ORACLE = [
    LOOP.replace("            - {Key: cidr, Value: !FindInMap [Cidrs, !Ref Name, Block]}\n", ""),
    """
Resources:
  Fn::ForEach::Zones:
    - Zone
    - [a, b]
    - Fn::ForEach::Tiers:
        - Tier
        - [app, data]
        - Subnet${Tier}${Zone}:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref Vpc
              AvailabilityZone: !Sub '${AWS::Region}${Zone}'
              Tags: [{Key: tier, Value: !Ref Tier}]
          Route&{Tier}${Zone}:
            Type: AWS::EC2::Route
            Properties:
              RouteTableId: !Ref Table
              DestinationIpv6CidrBlock: '::/0'
              EgressOnlyInternetGatewayId: !If [HasGateway, !Ref Eigw, !Ref AWS::NoValue]
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
Outputs:
  Fn::ForEach::Out:
    - Zone
    - [a, b]
    - SubnetApp${Zone}:
        Value: !Ref Subnetapp${Zone}
""",
    """
Resources:
  Fn::ForEach::Functions:
    - Name
    - [orders-api, billing.worker]
    - '&{Name}Function':
        Type: AWS::Serverless::Function
        Properties:
          FunctionName: !Sub '${AWS::StackName}-${Name}'
          Environment:
            Variables:
              TABLE: !GetAtt [!Sub '&{Name}Table', Arn]
              NAME: !Join ['-', [!Ref Name, !Ref AWS::Region]]
          VpcConfig:
            Ipv6AllowedForDualStack: true
            SubnetIds: [!Ref SubnetA]
""",
]


ORACLE.append(
    """
Mappings:
  Tiers:
    a: {Names: [app, data]}
    b: {Names: [app]}
Resources:
  Fn::ForEach::Zones:
    - Zone
    - [a, b]
    - Fn::ForEach::Tiers:
        - Tier
        - !FindInMap [Tiers, !Ref Zone, Names]
        - Queue${Tier}${Zone}:
            Type: AWS::SQS::Queue
            Properties: {QueueName: !Sub '${Tier}-${Zone}'}
  Fn::ForEach::Defaulted:
    - Name
    - !FindInMap [Tiers, c, Names, {DefaultValue: [x, y]}]
    - Topic${Name}:
        Type: AWS::SNS::Topic
"""
)


@pytest.mark.parametrize(
    "text", ORACLE, ids=["subs-and-refs", "nested-and-outputs", "sam-functions", "collections-from-mappings"]
)
def test_the_expansion_is_cfn_lints(text):
    """cfn-lint (AWS's) expands Fn::ForEach in its language-extensions transform: the same copies."""
    from cfnlint.decode.decode import decode_str
    from cfnlint.template import Template
    from cfnlint.template.transforms._language_extensions import language_extension

    decoded, problems = decode_str(HEAD + text)
    assert not problems
    matches, theirs = language_extension(Template("t.yaml", decoded, regions=["us-east-1"]))
    assert not matches
    ours, left = expanded(text)
    assert left == {}
    for section in ("Resources", "Outputs"):
        assert json.loads(json.dumps(plain(ours.get(section)))) == json.loads(
            json.dumps(theirs.get(section), default=str)
        )


def test_a_suppression_above_a_loop_holds_for_its_copies_not_for_the_resource_before(tmp_path):
    """The comment above `Fn::ForEach::Workers:` is the loop's: it lay in the block of the resource
    before it once the loop was expanded (and the copies, at the body's line, did not get it)."""
    source = (FIXTURES / "W9610" / "bad-foreach-makes-no-ipv6-route.sam.yaml").read_text()
    head, _, worker = source.partition("  Worker:\n")
    body = "".join(f"    {line}\n" for line in worker.splitlines()).replace(
        "            Ipv6AllowedForDualStack: true\n", ""
    )
    before = "  Other:\n" + worker.replace("        Ipv6AllowedForDualStack: true\n", "")
    loop = "  Fn::ForEach::Workers:\n    - Name\n    - [A, B]\n    - Worker${Name}:\n" + body
    comment = "  # lambda6lint:ignore W9601 the workers move in the next release\n"
    (tmp_path / "t.yaml").write_text(head + before + comment + loop)
    result = engine.lint([str(tmp_path / "t.yaml")])
    got = sorted((f.resource, f.suppressed) for f in result.findings if f.rule.id == "W9601")
    reason = "the workers move in the next release"
    assert got == [("Other", None), ("WorkerA", reason), ("WorkerB", reason)], got


def _loops():
    """Random loops: identifiers, collections and outputs of any shape, nested, with refs and subs."""
    from hypothesis import strategies as st
    from test_fuzz import SCALARS

    ids = st.sampled_from(["N", "M", "&", ".*", ""]) | st.text(max_size=3)
    keys = st.sampled_from(["Q${N}", "&{N}X", "${M}${N}", "Fixed", "Fn::ForEach::Inner", "Fn::ForEach::"]) | st.text(
        max_size=4
    )
    names = st.sampled_from(["M", "K", "a", {"Ref": "N"}, {"Ref": "M"}, {"Ref": "AWS::Region"}])

    def collections(inner):
        mapped = st.lists(names | inner | st.just({"DefaultValue": ["d"]}), max_size=5)
        return st.lists(SCALARS | st.just({"Ref": "N"}), max_size=5) | st.builds(lambda a: {"Fn::FindInMap": a}, mapped)

    leaf = SCALARS | st.sampled_from([{"Ref": "N"}, {"Fn::Sub": "a-${N}-&{M}"}, {"Fn::Sub": ["${N}", {"N": 1}]}])
    values = st.recursive(
        leaf,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(keys, inner, max_size=3)
            | st.builds(lambda i, c, o: [i, c, o], ids, collections(inner) | inner, inner)
        ),
        max_leaves=20,
    )
    return st.dictionaries(keys, values, max_size=4)


def _mappings():
    """Random Mappings for the loops' `Fn::FindInMap` collections to name."""
    from hypothesis import strategies as st
    from test_fuzz import SCALARS

    names = st.sampled_from(["M", "K", "a"])
    lists = st.lists(SCALARS | st.sampled_from(["a", "b"]), max_size=4)
    return st.dictionaries(names, st.dictionaries(names, st.dictionaries(names, lists | SCALARS, max_size=3)))


def test_any_loop_expands_or_stays_without_raising_and_leaves_the_parse_tree_alone():
    """Hostile input is normal: whatever a loop holds, expand() raises nothing, ends, and copies."""
    from hypothesis import given
    from test_fuzz import FUZZ

    @FUZZ
    @given(_loops(), _mappings())
    def run(resources, mappings):
        doc = {"Transform": "AWS::LanguageExtensions", "Mappings": mappings, "Resources": resources}
        before = json.dumps(doc, sort_keys=True, default=str)
        out, left = foreach.expand(doc, {"N": "a,b"})
        assert json.dumps(doc, sort_keys=True, default=str) == before
        assert isinstance(out, dict) and isinstance(left, dict)
        assert all(isinstance(reason, str) and reason for reason in left.values())

    run()
    found = {"Transform": "AWS::LanguageExtensions", "Resources": {"Fn::ForEach::X": ["N", [0], {"Ref": "N"}]}}
    assert foreach.expand(found, None)[1] == {"Fn::ForEach::X": foreach.NOT_A_LOOP}  # (it raised)


@pytest.mark.parametrize("item", ["{Ref: []}", "{Ref: {a: b}}"])
def test_a_collection_item_that_refs_no_name_leaves_the_loop_a_loop(tmp_path, item):
    """`{Ref: []}` in a collection asked `[] in items` (unhashable: a TypeError made the template an internal
    error; the fuzz test found it)."""
    fixture = FIXTURES / "W9610" / "bad-foreach-over-mapping-makes-no-ipv6-route.sam.yaml"
    text = fixture.read_text().replace("Connections: [pcx-0a1b2c3d, pcx-4e5f6a7b]", f"Connections: [{item}]")
    assert item in text
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path / "t.yaml")])
    assert not [f.message for f in result.findings if "internal error" in f.message]
    doc = load_text(text)
    assert foreach.expand(doc, {})[1] == {
        "Fn::ForEach::DefaultRoutes": "an item of its collection is not a value this run can read"
    }
