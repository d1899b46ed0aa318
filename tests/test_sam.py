"""SAM Globals: merged with SAM's own semantics, and findings on the line that supplied the value.

Checked end to end through `engine.lint` (findings and their lines) and against aws-sam-translator
itself, the reference implementation of the merge, when it is installed.
"""

from __future__ import annotations

import json
import socket
import textwrap

import pytest

from lambda6lint import engine
from lambda6lint.loaders.cloudformation import mapper as cloudformation
from lambda6lint.loaders.cloudformation import sam
from lambda6lint.loaders.common.marked import load_text
from lambda6lint.model import UNKNOWN

# A dual-stack subnet `Ds`, an IPv4-only subnet `V4`, a security group, and one function `Fn`.
SKELETON = """\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  SubnetList: {Type: 'List<AWS::EC2::Subnet::Id>'}
  BucketName: {Type: String}
Conditions:
  Never: !Equals [a, b]
Globals:
  Function:
    Runtime: python3.12
    Handler: index.handler
@GLOBALS@
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  VpcV6:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true}
  Ds:
    Type: AWS::EC2::Subnet
    DependsOn: VpcV6
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]
  V4:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: fn, VpcId: !Ref Vpc}
  Bucket:
    Type: AWS::S3::Bucket
  Fn:
    Type: AWS::Serverless::Function
@ATTRIBUTES@
    Properties:
      InlineCode: x
@FUNCTION@
"""


def template(globals_: str = "", function: str = "", attributes: str = "") -> str:
    def block(text: str, indent: str) -> str:
        return textwrap.indent(textwrap.dedent(text), indent).rstrip("\n")

    text = SKELETON.replace("@GLOBALS@", block(globals_, "    "))
    text = text.replace("@FUNCTION@", block(function, "      "))
    text = text.replace("@ATTRIBUTES@", block(attributes, "    "))
    return "\n".join(line for line in text.splitlines() if line.strip()) + "\n"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def lint(tmp_path, text: str, name: str = "template.yaml"):
    path = tmp_path / name
    path.write_text(text)
    result = engine.lint([str(path)])
    assert not result.errors, [f.message for f in result.errors]
    return result


def findings(result, rule_id: str) -> list[int]:
    return sorted(f.location.line for f in result.findings if f.rule.id == rule_id)


def load_function(text: str):
    doc = load_text(text)
    _, resources = cloudformation.load("template.yaml", doc)
    return next(r for r in resources if r.id == "Fn")


GLOBAL_VPC_FLAG_V4 = """\
VpcConfig:
  Ipv6AllowedForDualStack: true
  SubnetIds: [!Ref V4]
  SecurityGroupIds: [!Ref Sg]
"""

# ----- through engine.lint ------------------------------------------------------------------


def test_function_without_vpc_config_inherits_globals(tmp_path):
    """The whole Globals VpcConfig applies; the finding is on the Globals `VpcConfig` line, which a fix would touch."""
    text = template("VpcConfig:\n  SubnetIds: [!Ref Ds]\n  SecurityGroupIds: [!Ref Sg]\n")
    result = lint(tmp_path, text)
    assert findings(result, "W9601") == [line_of(text, "VpcConfig:")]


def test_lists_concatenate_global_first(tmp_path):
    """Globals SubnetIds come first, then the function's; each keeps the line it was written on."""
    text = template(
        "VpcConfig:\n  Ipv6AllowedForDualStack: true\n  SubnetIds: [!Ref Ds]\n  SecurityGroupIds: [!Ref Sg]\n",
        "VpcConfig:\n  SubnetIds: [!Ref V4]\n",
    )
    fn = load_function(text)
    assert [m.target.id for m in fn.subnets] == ["Ds", "V4"]
    assert [m.location.line for m in fn.subnets] == [line_of(text, "[!Ref Ds]"), line_of(text, "[!Ref V4]")]
    # the IPv4-only subnet was added by the function: E9602 is on the function's line
    assert findings(lint(tmp_path, text), "E9602") == [line_of(text, "[!Ref V4]")]


def test_ipv4_subnet_from_globals_is_reported_at_globals(tmp_path):
    text = template(GLOBAL_VPC_FLAG_V4, "VpcConfig:\n  SubnetIds: [!Ref Ds]\n")
    fn = load_function(text)
    assert [m.target.id for m in fn.subnets] == ["V4", "Ds"]
    assert findings(lint(tmp_path, text), "E9602") == [line_of(text, "[!Ref V4]")]


def test_maps_merge_key_by_key(tmp_path):
    """The flag from Globals and the subnets from the function make one VpcConfig."""
    text = template(
        "VpcConfig:\n  Ipv6AllowedForDualStack: true\n",
        "VpcConfig:\n  SubnetIds: [!Ref V4]\n  SecurityGroupIds: [!Ref Sg]\n",
    )
    fn = load_function(text)
    assert fn.dualstack is True
    assert fn.marks["dualstack"].line == line_of(text, "Ipv6AllowedForDualStack")
    assert findings(lint(tmp_path, text), "E9602") == [line_of(text, "[!Ref V4]")]


@pytest.mark.parametrize(
    "global_flag, function_flag, expected_w9601",
    [
        ("true", "false", "function"),
        ("false", "true", None),
        ("false", None, "globals"),
    ],
)
def test_scalar_from_function_wins(tmp_path, global_flag, function_flag, expected_w9601):
    """The function's flag overrides the Globals one; W9601 points at whichever flag is in force."""
    globals_ = (
        f"VpcConfig:\n  Ipv6AllowedForDualStack: {global_flag}\n  SubnetIds: [!Ref Ds]\n  SecurityGroupIds: [!Ref Sg]\n"
    )
    function = f"VpcConfig:\n  Ipv6AllowedForDualStack: {function_flag}\n" if function_flag else ""
    text = template(globals_, function)
    got = findings(lint(tmp_path, text), "W9601")
    if expected_w9601 is None:
        assert got == []
    else:
        occurrence = 2 if expected_w9601 == "function" else 1
        assert got == [line_of(text, "Ipv6AllowedForDualStack", occurrence)]


def test_type_mismatch_function_wins(tmp_path):
    """Globals list + function `!Ref ListParam`: the parameter replaces the list, so the subnets are unknown."""
    text = template(GLOBAL_VPC_FLAG_V4, "VpcConfig:\n  SubnetIds: !Ref SubnetList\n")
    fn = load_function(text)
    assert fn.subnets is UNKNOWN
    assert findings(lint(tmp_path, text), "E9602") == []


def test_type_mismatch_function_list_replaces_global_ref(tmp_path):
    text = template(
        "VpcConfig:\n  Ipv6AllowedForDualStack: true\n  SubnetIds: !Ref SubnetList\n  SecurityGroupIds: [!Ref Sg]\n",
        "VpcConfig:\n  SubnetIds: [!Ref V4]\n",
    )
    assert findings(lint(tmp_path, text), "E9602") == [line_of(text, "[!Ref V4]")]


def test_environment_variables_merge(tmp_path):
    text = template(
        "Environment:\n  Variables:\n    A: global\n    B: global\n",
        "Environment:\n  Variables:\n    B: function\n    C: !Ref Bucket\n",
    )
    fn = load_function(text)
    assert fn.environment["A"] == "global"
    assert fn.environment["B"] == "function"
    assert fn.environment["C"] is UNKNOWN
    assert [r.id for r in fn.env_refs] == ["Bucket"]


def test_no_globals_section_is_a_no_op():
    props = load_text("VpcConfig: {SubnetIds: [a]}")
    resource = {"Type": "AWS::Serverless::Function", "Properties": props}
    assert sam.function_properties({"Resources": {}}, resource) is props
    assert sam.function_properties({"Globals": {"Api": {}}}, resource) is props


def test_function_without_properties_gets_globals():
    doc = load_text("Globals:\n  Function:\n    Timeout: 5\n")
    assert sam.function_properties(doc, {"Type": "AWS::Serverless::Function"}) == {"Timeout": 5}


@pytest.mark.parametrize(
    "function",
    [
        "VpcConfig: !Ref AWS::NoValue\n",
        "VpcConfig: !If [Never, {SubnetIds: [!Ref Ds]}, !Ref AWS::NoValue]\n",
    ],
)
def test_function_opts_out_of_globals_vpc_with_intrinsic(tmp_path, function):
    """`VpcConfig: !Ref AWS::NoValue` removes the function from the VPC: no E9602 for the Globals subnets."""
    text = template(GLOBAL_VPC_FLAG_V4, function)
    assert findings(lint(tmp_path, text), "E9602") == []


@pytest.mark.parametrize("ignore", ["'*'", "[VpcConfig]"])
def test_ignore_globals(tmp_path, ignore):
    text = template(GLOBAL_VPC_FLAG_V4, "Runtime: python3.12\nHandler: index.handler\n", f"IgnoreGlobals: {ignore}\n")
    assert findings(lint(tmp_path, text), "E9602") == []


# ----- oracle: aws-sam-translator -----------------------------------------------------------

ORACLE_CASES = {
    "inherit": template("VpcConfig:\n  SubnetIds: [!Ref Ds]\n  SecurityGroupIds: [!Ref Sg]\n"),
    "concatenate": template(
        "VpcConfig:\n  Ipv6AllowedForDualStack: true\n  SubnetIds: [!Ref Ds]\n  SecurityGroupIds: [!Ref Sg]\n",
        "VpcConfig:\n  SubnetIds: [!Ref V4]\n  SecurityGroupIds: [!Ref Sg]\n",
    ),
    "function-scalar-wins": template(
        "VpcConfig:\n  Ipv6AllowedForDualStack: true\n  SubnetIds: [!Ref Ds]\n  SecurityGroupIds: [!Ref Sg]\n",
        "VpcConfig:\n  Ipv6AllowedForDualStack: false\n",
    ),
    "type-mismatch": template(GLOBAL_VPC_FLAG_V4, "VpcConfig:\n  SubnetIds: !Ref SubnetList\n"),
    "environment": template(
        "Environment:\n  Variables:\n    A: global\n    B: global\n",
        "Environment:\n  Variables:\n    B: function\n    C: !Ref Bucket\n",
    ),
}

ORACLE_DIVERGENT = {
    "novalue-vpc": template(GLOBAL_VPC_FLAG_V4, "VpcConfig: !Ref AWS::NoValue\n"),
    "intrinsic-env-value": template(
        "Environment:\n  Variables:\n    NAME: !Sub '${BucketName}-x'\n",
        "Environment:\n  Variables:\n    NAME: !Ref Bucket\n",
    ),
}


@pytest.fixture
def transform(monkeypatch):
    """samtranslator's transform, offline: a region, a stub managed-policy loader, no sockets (libs.md
    §6); the resources it makes of a template's text."""
    transform_module = pytest.importorskip("samtranslator.translator.transform")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")

    def no_network(*args, **kwargs):
        raise AssertionError("samtranslator tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)

    class StubPolicyLoader:
        def load(self):
            name = "AWSLambdaVPCAccessExecutionRole"
            return {name: f"arn:aws:iam::aws:policy/service-role/{name}"}

    def run(text: str) -> dict:
        plain = json.loads(json.dumps(load_text(text)))
        return transform_module.transform(plain, {}, StubPolicyLoader())["Resources"]

    return run


@pytest.fixture
def translate(transform):
    """The function `Fn`'s properties after the transform."""
    return lambda text: transform(text)["Fn"]["Properties"]


def ours(text: str) -> dict:
    doc = load_text(text)
    return json.loads(json.dumps(sam.function_properties(doc, doc["Resources"]["Fn"])))


@pytest.mark.parametrize("name", sorted(ORACLE_CASES))
def test_merge_matches_samtranslator(translate, name):
    """Our VpcConfig/Environment after the Globals merge equal the translator's AWS::Lambda::Function's."""
    text = ORACLE_CASES[name]
    theirs, mine = translate(text), ours(text)
    for key in ("VpcConfig", "Environment"):
        assert mine.get(key) == theirs.get(key), key


@pytest.mark.parametrize("name", sorted(ORACLE_DIVERGENT))
def test_intrinsic_merge_matches_samtranslator(translate, name):
    text = ORACLE_DIVERGENT[name]
    theirs, mine = translate(text), ours(text)
    for key in ("VpcConfig", "Environment"):
        assert mine.get(key) == theirs.get(key), key


DOMAIN_API = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: x
      Handler: index.handler
      Runtime: python3.12
  Api:
    Type: AWS::Serverless::{kind}
    Properties:
{properties}
      Domain:
        DomainName: api.example.com
        CertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
        IpAddressType: dualstack
"""
API_PROPERTIES = {
    "Api": "      StageName: prod",
    "HttpApi": "      StageName: prod",
    "WebSocketApi": (
        "      RouteSelectionExpression: $request.body.action\n"
        "      Routes:\n        $connect:\n          FunctionArn: !GetAtt Fn.Arn"
    ),
}


@pytest.mark.parametrize("kind", sorted(API_PROPERTIES))
def test_a_domain_is_dual_stack_exactly_when_samtranslator_makes_it_so(transform, kind, tmp_path):
    """`IpAddressType` in an API's `Domain`: SAM passes it on for a REST API and drops it for HTTP and
    WebSocket APIs. I9640 on the domain follows what SAM deploys, not what the template says."""
    text = DOMAIN_API.format(kind=kind, properties=API_PROPERTIES[kind])
    domains = [r["Properties"] for r in transform(text).values() if "DomainName" in r["Type"].rsplit("::", 1)[-1]]
    (domain,) = domains
    configs = domain.get("DomainNameConfigurations") or [domain.get("EndpointConfiguration") or {}]
    deployed_dualstack = all(c.get("IpAddressType") == "dualstack" for c in configs)
    path = tmp_path / "template.yaml"
    path.write_text(text)
    flagged = [f for f in engine.lint([str(path)]).findings if f.rule.id == "I9640" and f.resource == "Api Domain"]
    assert bool(flagged) is not deployed_dualstack
    assert deployed_dualstack is (kind == "Api")
    if flagged:
        assert "AWS::ApiGatewayV2::DomainName" in flagged[0].message  # the fix SAM allows: declare it


@pytest.mark.parametrize(
    ("policy", "evidence"),
    [
        ("AWSLambdaExecute", "managed policy AWSLambdaExecute"),
        ("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "uses S3 (managed policy AmazonS3ReadOnlyAccess)"),
        ("S3ReadPolicy: {BucketName: !Ref Bucket}", "SAM policy template S3ReadPolicy"),
    ],
)
def test_aws_managed_policies_by_name_or_arn_are_s3_evidence(tmp_path, policy, evidence):
    """A function's `Policies` may name an AWS managed policy without its ARN (SAM adds the prefix):
    AWSLambdaExecute grants s3:GetObject and s3:PutObject on every bucket."""
    function = f"VpcConfig: {{SubnetIds: [!Ref Ds], SecurityGroupIds: [!Ref Sg]}}\nPolicies:\n  - {policy}\n"
    result = lint(tmp_path, template(function=function))
    messages = [f.message for f in result.findings if f.rule.id == "W9630"]
    assert len(messages) == 1 and evidence in messages[0], messages


CONNECTOR = """\
  Reads:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Fn}
      Destination: {Id: Bucket}
      Permissions: [Read]
"""


@pytest.mark.parametrize(
    ("attributes", "extra"),
    [
        ("", CONNECTOR),
        ("Connectors:\n  Reads:\n    Properties:\n      Destination: {Id: Bucket}\n      Permissions: [Read]\n", ""),
        ("", CONNECTOR.replace("Destination: {Id: Bucket}", "Destination: [{Id: Bucket}]")),  # SAM takes a list
    ],
)
def test_sam_connectors_to_a_bucket_are_s3_evidence(tmp_path, attributes, extra):
    """A connector (a resource, or the function's `Connectors`) makes SAM write the IAM policy: reading
    the bucket is evidence of S3 use, as the translator's policy would be."""
    function = "VpcConfig: {SubnetIds: [!Ref Ds], SecurityGroupIds: [!Ref Sg]}\n"
    text = template(function=function, attributes=attributes) + extra
    messages = [f.message for f in lint(tmp_path, text).findings if f.rule.id == "W9630"]
    assert len(messages) == 1 and "uses S3 (SAM connector Reads)" in messages[0], messages
    without = template(function=function)
    assert not [f for f in lint(tmp_path, without, "plain.yaml").findings if f.rule.id == "W9630"]


def test_a_policy_names_the_role_sam_makes_only_for_a_function_that_names_none(tmp_path):
    """`Roles: [!Ref OrdersFunctionRole]`: the role SAM generates for OrdersFunction, whose policies are
    the function's; a function with its own `Role` gets no generated one, so nothing is linked."""
    from conftest import FIXTURES

    text = (FIXTURES / "W9630" / "bad-policy-on-sam-generated-role.sam.yaml").read_text()
    assert "  OrdersFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n" in text
    own = text.replace(
        "  OrdersFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n",
        "  OrdersFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        "      Role: arn:aws:iam::123456789012:role/orders\n",
    )
    for name, body, fires in (("generated.yaml", text, True), ("own.yaml", own, False)):
        (tmp_path / name).write_text(body)
        found = [f.rule.id for f in engine.lint([str(tmp_path / name)]).findings]
        assert ("W9630" in found) is fires, name
