"""Intrinsic functions: what the loader may decide, and what it must leave UNKNOWN.

Rules fire only on known facts, so a wrong "known" here is a false positive and a needless
UNKNOWN is a missed finding. Cases are written as YAML because that is how users write them.
"""

from __future__ import annotations

import pytest

from lambda6lint.loaders.cloudformation.intrinsics import PLACEHOLDER, Intrinsics, ResourceRef, is_known_text
from lambda6lint.loaders.common.marked import load_text
from lambda6lint.model import UNKNOWN

TEMPLATE = """\
Parameters:
  Env: {Type: String, Default: prod}
  NoDefault: {Type: String}
  Count: {Type: Number, Default: 3}
  Flag: {Type: String, Default: 'true'}
  SubnetParam: {Type: 'AWS::EC2::Subnet::Id', Default: subnet-0123}
  SubnetsParam: {Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-1,subnet-2'}
  VpcParam: {Type: 'AWS::EC2::VPC::Id', Default: vpc-1}
  CsvParam: {Type: CommaDelimitedList, Default: 'a,b'}
  SsmParam: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /cfg/x}
  Untyped: {Default: plain}
Mappings:
  Net:
    us-east-1: {Cidr: 10.0.0.0/16, Ipv6: true, Stage: prod}
  ByNumber:
    1: {Ipv6: true}
    true: {Ipv6: false}
    123456789012: {Ipv6: true}
Conditions:
  IsProd: !Equals [!FindInMap [Net, us-east-1, Stage], prod]
  IsDev: !Equals [!FindInMap [Net, us-east-1, Stage], dev]
  Unknown: !Equals [!Ref NoDefault, x]
  DefaultNotUsed: !Equals [!Ref Env, prod]
  DefaultNotUsedInSub: !Equals [!Sub '${Env}-x', prod-x]
  InRegion: !Equals [!Ref 'AWS::Region', us-east-1]
  Imported: !Equals [!ImportValue shared, x]
  NumberAsText: !Equals [3, '3']
  BoolAsText: !Equals [true, 'true']
  SubLiteral: !Equals [!Sub ['${A}-x', {A: prod}], prod-x]
  SubUnknown: !Equals [!Sub '${AWS::Region}-x', us-east-1-x]
  IdentDefault: !Equals [!Ref SubnetParam, subnet-0123]
  Literal: true
  NotProd: !Not [!Condition IsProd]
  NotUnknown: !Not [!Condition Unknown]
  AndTrueFalse: !And [!Condition IsProd, !Condition IsDev]
  AndTrueUnknown: !And [!Condition IsProd, !Condition Unknown]
  AndFalseUnknown: !And [!Condition IsDev, !Condition Unknown]
  OrTrueUnknown: !Or [!Condition IsProd, !Condition Unknown]
  OrFalseUnknown: !Or [!Condition IsDev, !Condition Unknown]
  OrFalseFalse: !Or [!Condition IsDev, !Condition NotProd]
  CycleA: !Condition CycleB
  CycleB: !Not [!Condition CycleA]
  Self: !And [!Condition Self, !Condition IsProd]
  Garbage: !Equals [only-one]
Resources:
  Vpc: {Type: 'AWS::EC2::VPC'}
  SubA: {Type: 'AWS::EC2::Subnet'}
  SubB: {Type: 'AWS::EC2::Subnet'}
  Bucket: {Type: 'AWS::S3::Bucket'}
  Table: {Type: 'AWS::DynamoDB::Table'}
"""


@pytest.fixture(scope="module")
def intr() -> Intrinsics:
    return Intrinsics(load_text(TEMPLATE))


def value(text: str):
    """One YAML value, as the loader gives it (short tags in long form, LList marks)."""
    return load_text(f"v: {text}")["v"]


# ----- conditions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("IsProd", True),
        ("IsDev", False),
        ("Unknown", None),
        ("DefaultNotUsed", None),
        ("DefaultNotUsedInSub", None),
        ("InRegion", None),
        ("Imported", None),
        ("NumberAsText", True),
        ("BoolAsText", True),
        ("SubLiteral", True),
        ("SubUnknown", None),
        ("IdentDefault", None),
        ("Literal", True),
        ("NotProd", False),
        ("NotUnknown", None),
        ("AndTrueFalse", False),
        ("AndTrueUnknown", None),
        ("AndFalseUnknown", False),
        ("OrTrueUnknown", True),
        ("OrFalseUnknown", None),
        ("OrFalseFalse", False),
        ("CycleA", None),
        ("CycleB", None),
        ("Self", None),
        ("Garbage", None),
        ("NoSuchCondition", None),
    ],
)
def test_condition(intr, name, expected):
    """Tri-state: literals and mappings decide a condition; parameters (even with a Default: it is not the
    deployed value), pseudo parameters, imports and cycles leave it unknown."""
    assert intr.condition(name) is expected


def test_default_still_used_outside_conditions(intr):
    """Deciding a condition switches parameter Defaults off only for that evaluation."""
    assert intr.condition("DefaultNotUsed") is None
    assert intr.scalar(value("!Ref Env")) == "prod"
    assert intr.scalar(value("!If [DefaultNotUsed, a, !Ref Env]")) is UNKNOWN


@pytest.mark.parametrize("name", [None, 3, ["IsProd"], {"Ref": "IsProd"}])
def test_condition_name_not_a_string(intr, name):
    assert intr.condition(name) is None


def test_cycle_does_not_poison_other_conditions():
    """Evaluating a cycle first must not change the verdict on a sound condition it touches."""
    i = Intrinsics(
        load_text("Conditions:\n  Loop: !And [!Condition Loop, !Condition Prod]\n  Prod: !Equals [prod, prod]\n")
    )
    assert i.condition("Loop") is None
    assert i.condition("Prod") is True


_EXCLUSIVE = """\
Parameters:
  Mode: {Type: String}
  Other: {Type: String}
Conditions:
  Gateway: !Equals [!Ref Mode, 'gateway']
  Instance: !Equals ['instance', !Ref Mode]
  Flag: !Equals [!Ref Mode, true]
  FlagText: !Equals [!Ref Mode, 'true']
  NotGateway: !Not [!Condition Gateway]
  NotGatewayWritten: !Not [!Equals [!Ref Mode, 'gateway']]
  NotInstance: !Not [!Condition Instance]
  GatewayAndOther: !And [!Condition Gateway, !Equals [!Ref Other, 'on']]
  InstanceOrFlag: !Or [!Condition Instance, !Condition Flag]
  InstanceOrOther: !Or [!Condition Instance, !Equals [!Ref Other, 'on']]
  OtherOn: !Equals [!Ref Other, 'on']
  OtherGateway: !Equals [!Ref Other, 'gateway']
  Loop: !And [!Condition Loop, !Condition Gateway]
  Cycle: !Not [!Condition Cycle]
"""


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("Gateway", "Instance", True),  # one parameter, two values
        ("Instance", "Gateway", True),
        ("Gateway", "Flag", True),  # `true` is the text 'true'
        ("Flag", "FlagText", False),  # ... the same text
        ("Gateway", "NotGateway", True),  # the Fn::Not of the other, named
        ("NotGatewayWritten", "Gateway", True),  # ... or written out
        ("Gateway", "NotInstance", False),  # Mode 'gateway' is not 'instance': both hold
        ("GatewayAndOther", "Instance", True),  # an Fn::And with an excluding member
        ("Instance", "GatewayAndOther", True),
        ("Gateway", "InstanceOrFlag", True),  # an Fn::Or whose every member excludes it
        ("Gateway", "InstanceOrOther", False),  # ... not when one may hold with it
        ("Gateway", "OtherOn", False),  # other parameters: nothing known
        ("Gateway", "OtherGateway", False),  # the same value of another parameter
        ("Gateway", "Gateway", False),
        ("Loop", "Instance", False),  # (a condition naming itself: CloudFormation rejects it, nothing is proven)
        ("Cycle", "Gateway", False),
        ("Cycle", "Cycle", False),
        ("Gateway", "Missing", False),
    ],
)
def test_excludes_proves_two_conditions_never_hold_together_or_says_no(a, b, expected):
    """Only what is written proves it (RULES.md: unknown facts never make findings): a condition that may hold with
    the other, or one not understood, is not exclusive."""
    assert Intrinsics(load_text(_EXCLUSIVE)).excludes(a, b) is expected


def test_excludes_proves_nothing_past_its_budget():
    """Conditions nested deep enough to cost more than the template's budget are not proven exclusive: a hostile
    template is answered "not proven" in bounded time, never raised on."""
    members = ", ".join(["!Equals [!Ref Other, 'on']"] * 9)
    text = _EXCLUSIVE + "".join(
        f"  Wide{i}: !And [{members}, !Condition {'Wide' + str(i - 1) if i else 'Instance'}]\n" for i in range(120)
    )
    intr = Intrinsics(load_text(text))
    assert intr.excludes("Gateway", "Wide2") is True  # (within the budget)
    assert intr.excludes("Gateway", "Wide119") is False  # (past the per-pair budget: 10 members at each of 120 levels)
    intr._excludes_left = 0
    assert intr.excludes("Gateway", "Instance") is False


# ----- struct / present ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("!If [IsProd, a, b]", "a"),
        ("!If [IsDev, a, b]", "b"),
        ("!If [Unknown, same, same]", "same"),
        ("!If [Unknown, [1, 2], [1, 2]]", [1, 2]),
        ("!If [Unknown, a, b]", UNKNOWN),
        ("!If [NoSuchCondition, a, b]", UNKNOWN),
        ("!If [IsProd, !If [IsDev, x, y], z]", "y"),
        ("!If [Unknown, !If [IsProd, x, y], x]", "x"),
        ("!Ref AWS::NoValue", None),
        ("!If [IsProd, !Ref AWS::NoValue, x]", None),
        ("!If [Unknown, !Ref AWS::NoValue, !Ref AWS::NoValue]", None),
        ("!If [IsProd, a]", UNKNOWN),
        ("!Ref Vpc", {"Ref": "Vpc"}),
        ("{a: 1}", {"a": 1}),
        ("plain", "plain"),
    ],
)
def test_struct(intr, text, expected):
    """Fn::If is decided when its condition is; otherwise only when both branches agree."""
    got = intr.struct(value(text))
    if expected is UNKNOWN or expected is None:
        assert got is expected
    else:
        assert got == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("x", True),
        ("!GetAtt SubA.Ipv6CidrBlocks", True),
        ("''", False),
        ("[]", False),
        ("~", False),
        ("!Ref AWS::NoValue", False),
        ("!If [IsProd, x, !Ref AWS::NoValue]", True),
        ("!If [IsDev, x, !Ref AWS::NoValue]", False),
        ("!If [Unknown, x, !Ref AWS::NoValue]", None),
    ],
)
def test_present(intr, text, expected):
    assert intr.present(value(text)) is expected


# ----- identifiers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("!Ref SubA", ResourceRef("SubA")),
        ("!GetAtt SubA.SubnetId", ResourceRef("SubA", "SubnetId")),
        ("!GetAtt [SubB, SubnetId]", ResourceRef("SubB", "SubnetId")),
        ("!GetAtt Vpc.Ipv6CidrBlocks", ResourceRef("Vpc", "Ipv6CidrBlocks")),
        ("!Select [1, [!Ref SubA, !Ref SubB]]", ResourceRef("SubB")),
        ("!Sub '${SubA}'", ResourceRef("SubA")),  # the same as !Ref SubA (it was unknown)
        ("!Sub '${SubA.SubnetId}'", ResourceRef("SubA", "SubnetId")),
        ("!Sub ['${S}', {S: !Ref SubB}]", ResourceRef("SubB")),
        ("!Select ['0', [!Ref SubA, !Ref SubB]]", ResourceRef("SubA")),
        ("!If [IsProd, !Ref SubA, !Ref SubB]", ResourceRef("SubA")),
        ("!If [Unknown, !Ref SubA, !Ref SubA]", ResourceRef("SubA")),
        ("!Ref AWS::NoValue", None),
        ("!If [IsProd, !Ref AWS::NoValue, !Ref SubA]", None),
        # everything below exists but is not a resource of this template
        ("!Ref SubnetParam", UNKNOWN),
        ("!Ref VpcParam", UNKNOWN),
        ("!Ref Env", UNKNOWN),
        ("subnet-123", UNKNOWN),
        ("!ImportValue shared-subnet", UNKNOWN),
        ("!Ref NoSuchThing", UNKNOWN),
        ("!GetAtt NoSuchThing.Arn", UNKNOWN),
        ("!Sub '${SubA}-x'", UNKNOWN),
        ("!Sub '${SubnetParam}'", UNKNOWN),
        ("!Sub ['${S}', {S: !Ref SubnetParam}]", UNKNOWN),
        ("!Sub ['${S.Arn}', {S: !Ref SubA}]", UNKNOWN),
        ("!If [Unknown, !Ref SubA, !Ref SubB]", UNKNOWN),
        ("!Select [5, [!Ref SubA]]", UNKNOWN),
        ("!Select [true, [!Ref SubA, !Ref SubB]]", UNKNOWN),
        ("!Select [0, !Ref SubnetsParam]", UNKNOWN),
        ("!Select [0, !Split [',', !ImportValue subnets]]", UNKNOWN),
        ("!Select [!Ref NoDefault, [!Ref SubA, !Ref SubB]]", UNKNOWN),
    ],
)
def test_ident(intr, text, expected):
    """A parameter's Default never becomes a resource, even for identifier-typed parameters."""
    got = intr.ident(value(text))
    if expected is UNKNOWN or expected is None:
        assert got is expected
    else:
        assert got == expected


def test_ident_answers_a_ref_with_one_record_and_counts_its_step():
    """Each `Ref` of a resource is answered with the one `ResourceRef` of it (most are looked up and dropped: a frozen
    record's `__init__` each time was 0.4% of a run, issue #14), through `struct` or not, and counts the one step
    `struct` does for it, so that MAX_STEPS falls where it did; what `struct` makes of a `Ref` stays its answer."""
    fresh = Intrinsics(load_text(TEMPLATE))
    first = fresh.ident(value("!Ref SubA"))
    steps = fresh.steps
    assert fresh.ident(value("!Ref SubA")) is first == ResourceRef("SubA")
    assert fresh.steps == steps + 1
    assert fresh.ident(value("!If [IsProd, !Ref SubA, !Ref SubB]")) is first
    assert fresh.ident(value("!Ref SubB")) == ResourceRef("SubB") != first
    odd = load_text("Parameters: {Both: {Type: CommaDelimitedList}}\nResources: {Both: {}, 'AWS::NoValue': {}}")
    given = Intrinsics(odd, values={"Both": "a,b"})  # (a list parameter given, named as a resource too)
    assert given.ident(value("!Ref Both")) is UNKNOWN
    assert given.ident(value("!Ref AWS::NoValue")) is None
    assert given.scalar(value("!Ref Both")) == ["a", "b"]  # (what `struct` makes of it)
    assert given.scalar(value("!Ref AWS::NoValue")) is None


def test_a_plain_ref_is_answered_without_struct(monkeypatch):
    """`ident` (of a resource) and `scalar` answer a `Ref` that `struct` would give back as written themselves, one
    step counted (most of their calls: `struct` and `_fn` on each were ~1.5% of a run, issue #14)."""
    fresh = Intrinsics(load_text(TEMPLATE))
    monkeypatch.setattr(fresh, "struct", lambda *_: pytest.fail("struct called"))
    steps = fresh.steps
    assert fresh.ident(value("!Ref SubA")) == ResourceRef("SubA")
    assert fresh.steps == steps + 1
    for text, expected in [("!Ref SubA", UNKNOWN), ("!Ref Env", "prod"), ("!Ref AWS::Region", UNKNOWN)]:
        steps = fresh.steps
        assert fresh.scalar(value(text)) == expected
        assert fresh.steps == steps + 1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("!Ref SubA", [ResourceRef("SubA")]),
        ("!If [Unknown, !Ref SubA, !Ref SubB]", [ResourceRef("SubA"), ResourceRef("SubB")]),
        ("!If [Unknown, !GetAtt SubA.SubnetId, !Ref SubA]", [ResourceRef("SubA", "SubnetId"), ResourceRef("SubA")]),
        ("!If [Unknown, !Ref SubA, !If [IsDev, !Ref Vpc, !Ref SubB]]", [ResourceRef("SubA"), ResourceRef("SubB")]),
        ("!If [IsProd, !If [Unknown, !Ref SubB, !Ref SubA], !Ref Vpc]", [ResourceRef("SubB"), ResourceRef("SubA")]),
        ("!Select [!Ref NoDefault, [!Ref SubA, !Ref SubB, !Ref SubA]]", [ResourceRef("SubA"), ResourceRef("SubB")]),
        ("!Select [1, [!Ref Vpc, !If [Unknown, !Ref SubA, !Ref SubB]]]", [ResourceRef("SubA"), ResourceRef("SubB")]),
        # a branch that names nothing this template knows may be any other: no complete list
        ("!If [Unknown, !Ref SubA, !Ref SubnetParam]", None),
        ("!If [Unknown, !ImportValue shared-subnet, !Ref SubA]", None),
        ("!If [Unknown, !Ref SubA, !Ref AWS::NoValue]", None),
        ("!If [Unknown, !Ref SubA, subnet-123]", None),
        ("!Select [!Ref NoDefault, !Ref SubnetsParam]", None),
        ("!Select [5, [!Ref SubA]]", None),
        ("!Ref SubnetParam", None),
        ("!Ref AWS::NoValue", None),
    ],
)
def test_choices(intr, text, expected):
    """Every reference a value that cannot be decided may be, complete or not at all (a route table association's
    `RouteTableId: !If [C, !Ref A, !Ref B]`: one of A and B is its table)."""
    assert intr.choices(value(text)) == expected


@pytest.mark.parametrize(
    "text, expected, missed",
    [
        ("!If [Unknown, !Ref SubA, !Ref SubB]", [ResourceRef("SubA"), ResourceRef("SubB")], []),
        ("!If [Unknown, !Ref SubA, !Ref SubnetParam]", [ResourceRef("SubA")], ["!Ref SubnetParam"]),
        ("!If [Unknown, !ImportValue shared-subnet, !Ref SubA]", [ResourceRef("SubA")], ["!ImportValue shared-subnet"]),
        ("!If [IsProd, !Ref SubA, !Ref SubnetParam]", [ResourceRef("SubA")], []),  # (a decided branch is no choice)
        (
            "!Select [!Ref NoDefault, [!Ref SubA, !Ref SubnetParam, !If [Unknown, !Ref SubB, subnet-123]]]",
            [ResourceRef("SubA"), ResourceRef("SubB")],
            ["!Ref SubnetParam", "subnet-123"],
        ),
        ("!Ref SubnetParam", [], ["!Ref SubnetParam"]),
        ("!Select [5, [!Ref SubA]]", [], ["!Select [5, [!Ref SubA]]"]),
    ],
)
def test_choices_tell_what_else_a_value_may_be(intr, text, expected, missed):
    """Where asked, `choices` lists the references it decides and tells what else the value may be, each a node
    `why` explains (`!If [C, !Ref A, !Ref Param]`: A, and the parameter's table, which --explain names)."""
    missing: list = []
    assert intr.choices(value(text), missing=missing) == expected
    assert missing == [value(m) for m in missed]


def test_choices_walk_a_chain_of_conditions_once_and_stop_at_their_room():
    """A chain of 60 undecided conditions names 61 tables, each condition evaluated once (walked whole at each
    level, a chain was quadratic); past `room` of them the list is not complete."""
    text = "Parameters:\n  P: {Type: String}\nConditions:\n"
    text += "".join(f"  C{i}: !Equals [!Ref P, '{i}']\n" for i in range(60))
    text += "Resources:\n" + "".join(f"  T{i}: {{Type: 'AWS::EC2::RouteTable'}}\n" for i in range(61))
    chain = "!Ref T60"
    for i in reversed(range(60)):
        chain = f"!If [C{i}, !Ref T{i}, {chain}]"
    intr = Intrinsics(load_text(text))
    asked: list[str] = []
    decide = intr.condition
    intr.condition = lambda name: asked.append(name) or decide(name)  # type: ignore[method-assign]
    assert intr.choices(value(chain)) == [ResourceRef(f"T{i}") for i in range(61)]
    assert sorted(asked) == sorted(f"C{i}" for i in range(60))
    assert intr.choices(value(chain), room=60) is None


def marks(found: list) -> list:
    return [(ref, items.mark_of(index)) for ref, (items, index) in found]


def test_ident_list_keeps_item_marks(intr):
    """Each member points at its own line, so a finding lands on the offending subnet."""
    node = load_text(
        "v:\n"
        "  - !Ref SubA\n"
        "  - subnet-literal\n"
        "  - !If [IsProd, !Ref AWS::NoValue, !Ref SubB]\n"
        "  - !GetAtt SubB.SubnetId\n"
    )["v"]
    assert marks(intr.ident_list(node)) == [
        (ResourceRef("SubA"), (2, 5)),
        (UNKNOWN, (3, 5)),
        (ResourceRef("SubB", "SubnetId"), (5, 5)),
    ]


def test_ident_list_through_if_branch(intr):
    node = load_text("v: !If\n  - IsProd\n  - [!Ref SubB]\n  - [!Ref SubA]\n")["v"]
    assert marks(intr.ident_list(node)) == [(ResourceRef("SubB"), (3, 6))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("!Ref SubnetsParam", UNKNOWN),
        ("!Split [',', !ImportValue subnets]", UNKNOWN),
        ("!If [Unknown, [!Ref SubA], [!Ref SubB]]", UNKNOWN),
        ("subnet-1", UNKNOWN),
        ("!Ref AWS::NoValue", None),
        ("~", None),
        ("[]", []),
    ],
)
def test_ident_list_unknown_or_absent(intr, text, expected):
    got = intr.ident_list(value(text))
    if isinstance(expected, list):
        assert got == expected
    else:
        assert got is expected


# ----- plain values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("!Ref Env", "prod"),
        ("!Ref Count", 3),
        ("!Ref Flag", "true"),
        ("!Ref Untyped", "plain"),
        ("!Join ['-', [a, !Ref Env, 3]]", "a-prod-3"),
        ("!Join ['', [a, !Ref AWS::NoValue, b]]", "ab"),
        ("!FindInMap [Net, us-east-1, Cidr]", "10.0.0.0/16"),
        ("!FindInMap [Net, us-east-1, Ipv6]", True),
        ("!FindInMap [Net, eu-west-1, Ipv6, {DefaultValue: false}]", False),  # AWS::LanguageExtensions
        ("!FindInMap [Net, us-east-1, Ipv6, {DefaultValue: false}]", True),
        ("!FindInMap [ByNumber, 1, Ipv6]", True),  # keys are text: `1:` and `true:` are two keys
        ("!FindInMap [ByNumber, 'true', Ipv6]", False),
        ("!FindInMap [ByNumber, true, Ipv6]", False),
        ("!FindInMap [ByNumber, '123456789012', Ipv6]", True),
        ("!Select [1, [a, b, c]]", "b"),
        ("!Base64 text", "text"),
        ("!If [IsProd, big, small]", "big"),
        ("!Sub ['${A}-${B}', {A: x, B: !Ref Env}]", "x-prod"),
        ("!Sub '${ Env }'", "prod"),
        ("!Sub '${!Literal}-${Env}'", "${Literal}-prod"),
        ("!Ref AWS::NoValue", None),
        ("~", None),
        ("42", 42),
    ],
)
def test_scalar_known(intr, text, expected):
    got = intr.scalar(value(text))
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(
    "text",
    [
        "!Ref NoDefault",
        "!Ref SubnetParam",  # identifier type: its Default is an example, not the deployed value
        "!Ref VpcParam",
        "!Ref SubnetsParam",
        "!Ref CsvParam",
        "!Ref SsmParam",
        "!Ref AWS::Region",
        "!GetAtt SubA.Ipv6CidrBlocks",
        "!ImportValue shared",
        "!FindInMap [Net, !Ref AWS::Region, Cidr]",
        "!FindInMap [Net, eu-west-1, Cidr]",
        "!FindInMap [Net, !Ref AWS::Region, Ipv6, {DefaultValue: false}]",  # (the region's key may be there)
        "!FindInMap [NoSuchMap, us-east-1, Ipv6, {DefaultValue: false}]",
        "!Join ['-', !Ref CsvParam]",
        "!Select [0, !GetAZs '']",
        "!If [Unknown, big, small]",
        "!Cidr [!GetAtt Vpc.CidrBlock, 4, 8]",
    ],
)
def test_scalar_unknown(intr, text):
    assert intr.scalar(value(text)) is UNKNOWN


@pytest.mark.parametrize(
    "text, known_parts",
    [
        ("!Sub 'com.amazonaws.${AWS::Region}.s3'", ("com.amazonaws.", ".s3")),
        ("!Sub ['com.amazonaws.${R}.dynamodb', {R: !Ref 'AWS::Region'}]", ("com.amazonaws.", ".dynamodb")),
        ("!Sub '${Env}-${NoDefault}'", ("prod-",)),
        ("!Sub 'arn:${AWS::Partition}:s3:::${Bucket}/*'", ("arn:", ":s3:::", "/*")),
        ("!Sub '${SubA.Arn}'", ()),
        ("!Sub '${SubnetParam}'", ()),
    ],
)
def test_sub_keeps_placeholder(intr, text, known_parts):
    """Unknown parts become PLACEHOLDER: the text is usable (`.endswith('.s3')`) but never taken as fully known."""
    got = intr.scalar(value(text))
    assert isinstance(got, str) and PLACEHOLDER in got
    assert not is_known_text(got)
    for part in known_parts:
        assert part in got
    if text.endswith(".s3'"):
        assert got.endswith(".s3") and got.rsplit(".", 1)[-1] == "s3"


@pytest.mark.parametrize(
    "text",
    [
        "!Join [':', [!Ref 'AWS::Partition', s3]]",
        "!Join ['', [!ImportValue prefix, '::/0']]",
        "!Join ['', [com.amazonaws., !Ref 'AWS::Region', .s3]]",
    ],
)
def test_join_with_unknown_part_is_not_known(intr, text):
    got = intr.scalar(value(text))
    assert got is UNKNOWN or (isinstance(got, str) and PLACEHOLDER in got)


def test_condition_over_join_of_unknown_is_unknown():
    i = Intrinsics(
        load_text("Parameters: {Name: {Type: String}}\nConditions:\n  NoName: !Equals [!Join ['', [!Ref Name]], '']\n")
    )
    assert i.condition("NoName") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("true", True),
        ("'True'", True),
        ("'false'", False),
        ("!Ref Flag", True),
        ("!Ref AWS::NoValue", False),
        ("~", False),
        ("!If [IsProd, true, false]", True),
        ("!If [Unknown, true, false]", None),
        ("!Ref NoDefault", None),
        ("!FindInMap [Net, us-east-1, Ipv6]", True),
        ("!FindInMap [Net, eu-west-1, Ipv6, {DefaultValue: false}]", False),  # AWS::LanguageExtensions
        ("!FindInMap [Net, us-east-1, Ipv6, {DefaultValue: false}]", True),
        ("'yes'", None),
    ],
)
def test_boolean(intr, text, expected):
    assert intr.boolean(value(text)) is expected


# ----- references ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("!Ref Bucket", {"Bucket"}),
        ("!GetAtt Bucket.Arn", {"Bucket"}),
        ("!GetAtt [Table, StreamArn]", {"Table"}),
        ("!Sub 'arn:aws:s3:::${Bucket}/*'", {"Bucket"}),
        ("!Sub '${Table.Arn}'", {"Table"}),
        ("!Sub '${ Bucket }'", {"Bucket"}),
        ("!Sub '${!Bucket} ${!Table.Arn}'", set()),
        ("!Sub ['${X}', {X: !GetAtt Table.Arn}]", {"Table"}),
        ("!Sub '${AWS::Region} ${Env}'", set()),
        ("!Ref Env", set()),
        ("!Ref NoSuchThing", set()),
        ("[!Ref SubA, {k: [!GetAtt SubB.SubnetId]}, !If [IsProd, !Ref Vpc, x]]", {"SubA", "SubB", "Vpc"}),
        ("bucket-literal-name", set()),
        ("~", set()),
    ],
)
def test_references(intr, text, expected):
    """Only resources of this template count: parameters, pseudo parameters and `${!Literal}` are not references."""
    assert intr.references(value(text)) == expected


def test_references_survive_shared_aliases(intr):
    """References under aliases (shared nodes) are found; each use is walked, as the loader counts each
    use toward its node limit (test_hostile.py: an expansion over it is refused before any walk)."""
    node = load_text("a: &x [!Ref Bucket, !Ref Table]\nb: [*x, *x, *x]\n")
    assert intr.references(node) == {"Bucket", "Table"}


def test_sub_variable_shadows_resource(intr):
    node = value("!Sub ['arn:aws:s3:::${Bucket}/*', {Bucket: !Ref Env}]")
    assert intr.references(node) == set()
    assert intr.scalar(node) == "arn:aws:s3:::prod/*"


def test_sub_variable_scalar_uses_map(intr):
    """The value side already honours the variable map (the reference side above does not)."""
    assert intr.scalar(value("!Sub ['${Bucket}', {Bucket: name}]")) == "name"


def test_sections_of_wrong_type_are_ignored():
    """A malformed template must not crash the resolver."""
    i = Intrinsics(load_text("Parameters: [1]\nConditions: x\nResources: ~\nMappings: 3\n"))
    assert i.condition("C") is None
    assert i.scalar(value("!Ref P")) is UNKNOWN
    assert i.ident(value("!Ref R")) is UNKNOWN
    assert i.references(value("!Ref R")) == set()


def _intr(text: str):
    from lambda6lint.loaders.cloudformation.intrinsics import Intrinsics
    from lambda6lint.loaders.common.marked import load_text

    doc = load_text(text)
    return Intrinsics(doc), doc


SPLIT_TEMPLATE = """
Parameters:
  Other:
    Type: String
Resources:
  SubnetA:
    Type: AWS::EC2::Subnet
  SubnetB:
    Type: AWS::EC2::Subnet
Outputs:
  Joined:
    Value: !Split [",", !Join [",", [!Ref SubnetA, !Ref SubnetB]]]
  Subbed:
    Value: !Split [",", !Sub "${SubnetA},${SubnetB.SubnetId}"]
  Literal:
    Value: !Split [",", "subnet-1,subnet-2"]
  Picked:
    Value: !Select [1, !Split [",", !Join [",", [!Ref SubnetA, !Ref SubnetB]]]]
  OtherDelimiter:
    Value: !Split [",", !Join [";", [!Ref SubnetA, !Ref SubnetB]]]
  FromParameter:
    Value: !Split [",", !Ref Other]
  SubbedWithMap:
    Value: !Split [",", !Sub ["${One},${Two},subnet-3,${SubnetA}", {One: !Ref SubnetB, Two: "subnet-1,subnet-2"}]]
  SubbedWithUnknown:
    Value: !Split [",", !Sub ["${One},${Two}", {One: !Ref SubnetA, Two: !Ref Other}]]
"""


def test_split_of_joined_references_gives_the_references_back():
    """A subnet list built as text (Fn::Split of a Fn::Join or Fn::Sub) still names its subnets."""
    intr, doc = _intr(SPLIT_TEMPLATE)
    out = doc["Outputs"]

    def idents(name):
        found = intr.ident_list(out[name]["Value"])
        return found if found is UNKNOWN else [ref for ref, _ in found]

    assert idents("Joined") == [ResourceRef("SubnetA"), ResourceRef("SubnetB")]
    assert idents("Subbed") == [ResourceRef("SubnetA"), ResourceRef("SubnetB", "SubnetId")]
    assert idents("Literal") == [UNKNOWN, UNKNOWN]  # ids of subnets not in the run
    assert intr.ident(out["Picked"]["Value"]) == ResourceRef("SubnetB")
    assert intr.struct(out["OtherDelimiter"]["Value"]) is UNKNOWN
    assert intr.struct(out["FromParameter"]["Value"]) is UNKNOWN
    # `!Sub [text, {variables}]` (gford1000-aws/lambda-vpc-privatelink): a variable is what the map gives
    assert idents("SubbedWithMap") == [ResourceRef("SubnetB"), UNKNOWN, UNKNOWN, UNKNOWN, ResourceRef("SubnetA")]
    assert idents("SubbedWithUnknown")[0] == ResourceRef("SubnetA") and len(idents("SubbedWithUnknown")) == 2


def test_split_on_a_character_ids_hold_does_not_give_the_references_back():
    """`!Split ["-", !Sub "${SubnetA}"]` is `["subnet", "0a1b…"]`: no subnet, yet it gave SubnetA back (the
    function was 'in dual-stack subnets only', or 'in an IPv4-only subnet'). Each part is unknown."""
    intr, doc = _intr(
        SPLIT_TEMPLATE
        + """  Dashed:
    Value: !Split ["-", !Sub "${SubnetA}"]
  DashedWithMap:
    Value: !Split ["-", !Sub ["${One}", {One: !Ref SubnetA}]]
  DashedJoin:
    Value: !Split ["-", !Join ["-", [!Ref SubnetA, !GetAtt SubnetB.SubnetId]]]
  Slashed:
    Value: !Split ["/", !Sub "${SubnetA}/${SubnetB}"]
"""
    )
    for name in ("Dashed", "DashedWithMap", "DashedJoin", "Slashed"):
        found = intr.ident_list(doc["Outputs"][name]["Value"])
        assert found is UNKNOWN or all(ref is UNKNOWN for ref, _ in found), name


def test_split_keeps_the_space_beside_a_sub_variable():
    """CloudFormation's Fn::Split trims nothing: `!Split [",", !Sub "${A}, ${B}"]` is `[A, " " + B]`, and a
    subnet id with a leading space fails the deploy. The space was stripped and the item taken for SubnetB
    (the function was "in dual-stack subnets only"): it is unknown, and a literal text keeps its space."""
    intr, doc = _intr(
        SPLIT_TEMPLATE
        + """  Spaced:
    Value: !Split [",", !Sub "${SubnetA}, ${SubnetB}"]
  SpacedWithMap:
    Value: !Split [",", !Sub ["${One}, ${Two} ", {One: !Ref SubnetA, Two: "subnet-1"}]]
  SpacedText:
    Value: !Split [",", "a, b ,c"]
"""
    )
    out = doc["Outputs"]
    assert [ref for ref, _ in intr.ident_list(out["Spaced"]["Value"])] == [ResourceRef("SubnetA"), UNKNOWN]
    assert [ref for ref, _ in intr.ident_list(out["SpacedWithMap"]["Value"])] == [ResourceRef("SubnetA"), UNKNOWN]
    assert intr.struct(out["SpacedWithMap"]["Value"])[1] is UNKNOWN
    assert intr.struct(out["SpacedText"]["Value"]) == ["a", " b ", "c"]


@pytest.mark.parametrize(
    "value",
    [
        '!Split [",", !Sub [TEXT, {A: LONG}]]',  # a Fn::Sub variable named again and again
        '!Split [",", !Join [",", [&long LONG ALIASES]]]',  # one long string, aliased
    ],
)
def test_a_split_that_would_build_more_than_max_text_characters_is_an_input_error(value):
    """A 250 KB template split 2 GB of text (a 200 KB variable named 10,000 times): the run ran out of memory.
    As a Fn::Sub or Fn::Join, a Fn::Split stops at MAX_TEXT characters."""
    from lambda6lint.loaders.common.errors import InputError

    long = '"' + "a," * 10_000 + '"'
    text = value.replace("TEXT", '"' + "${A}," * 100 + '"').replace("LONG", long).replace("ALIASES", ", *long" * 99)
    intr, doc = _intr(f"Outputs:\n  O:\n    Value: {text}\n")
    with pytest.raises(InputError, match="too costly"):
        intr.struct(doc["Outputs"]["O"]["Value"])


def test_a_sub_whose_variable_is_no_value_is_no_absent_item():
    """`SubnetIds: [!Sub ["${A}", {A: !Ref AWS::NoValue}]]` is a list of one item (Fn::Sub makes a text, never
    takes an item away), yet the item was dropped: E9604 said the function had no subnets."""
    intr, doc = _intr(
        'Outputs:\n  O:\n    Value: [!Sub ["${A}", {A: !Ref AWS::NoValue}]]\n'
        '  P:\n    Value: [!Sub ["${A}", {A: !If [C, !Ref AWS::NoValue, !Ref AWS::NoValue]}]]\n'
        '  Q:\n    Value: [!Sub "${AWS::NoValue}"]\n'
    )
    for name in ("O", "P", "Q"):
        assert [ref for ref, _ in intr.ident_list(doc["Outputs"][name]["Value"])] == [UNKNOWN]


def test_a_list_or_map_where_text_belongs_is_no_text():
    """`!Join ["", [a, [b, c]]]` and a `Fn::Sub` variable that is a list fail in CloudFormation; they were
    Python's text of the list (`a['b', 'c']`), and `Fn::Equals` compared it. Each is unknown."""
    intr, doc = _intr(
        """
Conditions:
  Listed: !Equals [[a], "['a']"]
  Mapped: !Equals [{k: v}, "{'k': 'v'}"]
Resources: {}
Outputs:
  Joined: {Value: !Join ["", [a, [b, c]]]}
  JoinedMap: {Value: !Join ["", [a, {k: v}]]}
  Subbed: {Value: !Sub ["x${X}", {X: [a]}]}
  SubbedMap: {Value: !Sub ["x${X}.s3", {X: {k: v, j: w}}]}
  Fine: {Value: !Join ["-", [a, 1, true]]}
"""
    )
    out = doc["Outputs"]
    for name in ("Joined", "JoinedMap", "Subbed", "SubbedMap"):
        assert intr.scalar(out[name]["Value"]) is UNKNOWN, name
    assert intr.scalar(out["Fine"]["Value"]) == "a-1-true"
    assert intr.condition("Listed") is None and intr.condition("Mapped") is None


def test_a_sub_variables_value_is_not_read_again_for_escapes():
    """`${!Literal}` is written `${Literal}` in a Fn::Sub's own text only: a variable's value holding `${!x}`
    is put in as it is (it was unescaped too)."""
    intr, doc = _intr(
        """
Parameters:
  P: {Type: String, Default: "${!x}"}
Resources: {}
Outputs:
  Own: {Value: !Sub "a-${!Literal}-b"}
  Mapped: {Value: !Sub ["a${X}${!Y}", {X: "${!x}"}]}
  Default: {Value: !Sub "${P}-${!Q}"}
"""
    )
    out = doc["Outputs"]
    assert intr.scalar(out["Own"]["Value"]) == "a-${Literal}-b"
    assert intr.scalar(out["Mapped"]["Value"]) == "a${!x}${Y}"
    assert intr.scalar(out["Default"]["Value"]) == "${!x}-${Q}"


def test_an_element_after_text_a_split_may_split_again_is_at_no_known_index():
    """`!Select [1, !Split [",", !Join [",", [!Ref Other, !Ref SubnetA]]]]` picked SubnetA, where `Other` (a
    parameter's value, `a,b`) may make several elements: the element at index 1 is not known; so is one after an
    id split on `-`, or after a Fn::Sub variable's value. Elements before it, and a list of resources' ids,
    keep their indexes."""
    intr, doc = _intr(
        SPLIT_TEMPLATE
        + """  AfterParameter:
    Value: !Select [1, !Split [",", !Join [",", [!Ref Other, !Ref SubnetA]]]]
  BeforeParameter:
    Value: !Select [0, !Split [",", !Join [",", [!Ref SubnetA, !Ref Other, !Ref SubnetB]]]]
  AfterSubParameter:
    Value: !Select [1, !Split [",", !Sub "${Other},${SubnetA}"]]
  AfterOutputs:
    Value: !Select [1, !Split [",", !Join [",", [!GetAtt SubnetA.Outputs.Ids, !Ref SubnetB]]]]
  AfterDashedId:
    Value: !Select [1, !Split ["-", !Join ["-", [!Ref SubnetA, "x"]]]]
  AfterSubText:
    Value: !Select [1, !Split [",", !Sub "${Other},x"]]
  Escaped:
    Value: !Select [1, !Split [",", !Sub "a,${!b}"]]
  Ids:
    Value: !Select [1, !Split [",", !Join [",", [!Ref SubnetA, !GetAtt SubnetB.SubnetId, "subnet-1"]]]]
"""
    )
    out = doc["Outputs"]
    for name in ("AfterParameter", "AfterSubParameter", "AfterOutputs"):
        assert intr.ident(out[name]["Value"]) is UNKNOWN, name
    for name in ("AfterDashedId", "AfterSubText"):
        assert intr.scalar(out[name]["Value"]) is UNKNOWN, name
    assert intr.ident(out["BeforeParameter"]["Value"]) == ResourceRef("SubnetA")
    assert intr.scalar(out["Escaped"]["Value"]) == "${b}"
    assert intr.ident(out["Ids"]["Value"]) == ResourceRef("SubnetB", "SubnetId")
    # (the members are still all there: a list of subnets names each, the parameter's as unknown)
    assert len(intr.ident_list(doc["Outputs"]["AfterParameter"]["Value"]["Fn::Select"][1])) == 2


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "!Select [4, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]",
            "selects CIDR 4 of the 4 its Fn::Cidr makes: there is none",
        ),
        ("!Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 0, 8]]", "is made by a Fn::Cidr of 0 CIDRs, which CloudFormation"),
        (
            "!Select [1, !Cidr [!GetAtt Vpc.CidrBlock, 257, 8]]",
            "is made by a Fn::Cidr of 257 CIDRs, which CloudFormation",
        ),
        ("!Select [3, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]", "is `Vpc.CidrBlock`, known only once deployed"),
    ],
)
def test_a_cidr_selected_past_its_fn_cidrs_count_is_said_to_fail_the_deploy(intr, text, said):
    """CloudFormation fails a Fn::Select past the CIDRs a Fn::Cidr makes (1 to 256): --explain says so, not that
    the VPC's block is known once deployed (mapper._cidr_index takes no /64 for it)."""
    assert intr.why(value(text)).startswith(said)


class _CountedKeys(dict):
    """Resources that count the ids each look at all of them (`keys()`) goes over."""

    seen = 0

    def keys(self):  # type: ignore[override]
        _CountedKeys.seen += len(self)
        return super().keys()


def test_what_each_output_references_is_not_checked_against_every_resource_each():
    """Each output's references were kept if among the template's resources by a union of all their ids made for
    each output: N outputs of N resources, N² (4,000 exported tables, subnets, NAT gateways and groups of 1,000
    functions, 3 MB: 8.1 s, 2.9 s now). Counted, not timed: the ids gone over grow with the outputs, not their
    square."""
    seen = []
    for n in (50, 200):
        template = {"Resources": {f"R{i}": {"Type": "AWS::EC2::Subnet"} for i in range(n)}}
        intr = Intrinsics(template)
        intr.resources = _CountedKeys(intr.resources)
        _CountedKeys.seen = 0
        for i in range(n):
            value = {"Fn::Join": [",", [{"Ref": f"R{i}"}, {"Fn::GetAtt": [f"R{(i + 1) % n}", "Id"]}, {"Ref": "Gone"}]]}
            assert intr.references_decided(value) == ({f"R{i}", f"R{(i + 1) % n}"}, {})
        seen.append(_CountedKeys.seen)
    assert seen[1] <= 4 * seen[0] + 200, seen  # (was 16 times: every resource for each output)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"Fn::If": ["IsA", {"Ref": "T"}, ""]}, {"T": ("IsA",)}),  # (one condition: as before)
        # T where IsA holds or IsB does: both decide it (was IsA alone)
        ({"Fn::If": ["IsA", {"Ref": "T"}, {"Fn::If": ["IsB", {"Ref": "T"}, ""]}]}, {"T": ("IsA", "IsB")}),
        # T2 where IsB holds and IsA does not (was IsB alone), T where IsA holds
        (
            {"Fn::If": ["IsA", {"Ref": "T"}, {"Fn::If": ["IsB", {"Ref": "T2"}, ""]}]},
            {"T": ("IsA",), "T2": ("IsA", "IsB")},
        ),
        # two Fn::Ifs side by side: in the order written
        ([{"Fn::If": ["IsB", {"Ref": "T"}, ""]}, {"Fn::If": ["IsA", {"Ref": "T"}, ""]}], {"T": ("IsB", "IsA")}),
        # referenced for sure elsewhere: no condition decides it
        ([{"Fn::If": ["IsA", {"Ref": "T"}, ""]}, {"Ref": "T"}], {}),
    ],
)
def test_references_decided_names_every_condition_that_decides_a_reference(value, expected):
    """An id under nested or several `Fn::If`s this run cannot decide is referenced where their conditions
    together say so: each of them is kept (the words an environment variable naming a store gets), not the
    first found alone."""
    template = {
        "Parameters": {"A": {"Type": "String"}, "B": {"Type": "String"}},
        "Conditions": {"IsA": {"Fn::Equals": [{"Ref": "A"}, "x"]}, "IsB": {"Fn::Equals": [{"Ref": "B"}, "x"]}},
        "Resources": {"T": {"Type": "AWS::S3::Bucket"}, "T2": {"Type": "AWS::S3::Bucket"}},
    }
    found, undecided = Intrinsics(template).references_decided(value)
    assert undecided == expected
    assert found == ({"T"} if not expected else set())
