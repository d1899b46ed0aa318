"""Fixes that work when pasted. What a fix asks to write is in the template's own syntax: YAML for a YAML
template, JSON for a JSON one. Every bad CloudFormation/SAM fixture is linted as written and again
converted to JSON (by cfn-lint's decoder, the oracle), and each code snippet its findings and its migration
plan quote must parse in that syntax."""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest
import yaml
from cfnlint.api import lint_all
from cfnlint.decode import cfn_yaml
from conftest import ROOT

from lambda6lint import engine
from lambda6lint.report import plan_text

#: (E9600's are not templates a fix could be pasted into)
FIXTURES = sorted(p for p in (ROOT / "fixtures").glob("*/bad-*.yaml") if p.parent.name != "E9600")
#: CloudFormation properties and environment variables the fixes name: written `Name: value` in JSON's place,
#: they would not parse.
NAMES = (
    "AmazonProvidedIpv6CidrBlock|AutoPublishAlias|AutoPublishAliasAllProperties|AWS_USE_DUALSTACK_ENDPOINT|CidrIp|"
    "CidrIpv6|DependsOn|DestinationIpv6CidrBlock|EnableDns64|EndpointConfiguration|IpAddressType|Ipv6CidrBlock|"
    "IpProtocol|NODE_OPTIONS|Runtime|SecurityGroupEgress|Type|disableExecuteApiEndpoint|"
    "ipAddressType"
)
YAML_STYLE = re.compile(rf'(?<!["\w.-])(?:{NAMES})(?:\.\w+)*: ')
SNIPPET = re.compile(r"`(\{[^`]*\})`")


def _texts(paths: list[str]) -> list[str]:
    """Every finding's message, and the migration plan's text, over `paths`."""
    result = engine.lint(paths, engine.Options(plan=True))
    return [f.message for f in result.findings] + plan_text.render(result).splitlines()


def _snippets(texts: list[str]) -> list[str]:
    return [m.group(1) for text in texts for m in SNIPPET.finditer(text) if "…" not in m.group(1)]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_json_template_fixes_are_json(fixture, tmp_path):
    converted = tmp_path / (fixture.stem + ".json")
    converted.write_text(json.dumps(cfn_yaml.load(str(fixture)), indent=2))
    texts = _texts([str(converted)])
    for text in texts:
        assert not YAML_STYLE.search(text), text
    for snippet in _snippets(texts):
        assert isinstance(json.loads(snippet), dict), snippet


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_yaml_template_fixes_are_yaml(fixture):
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        texts = _texts([str(fixture.relative_to(ROOT))])
    finally:
        os.chdir(cwd)
    for snippet in _snippets(texts):
        assert isinstance(yaml.safe_load(snippet), dict), snippet


OPENAPI = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "servers": [{"url": "/"}], "paths": {}}
TEMPLATE = {
    "Transform": "AWS::Serverless-2016-10-31",
    "Resources": {
        "Api": {"Type": "AWS::Serverless::HttpApi", "Properties": {"DefinitionUri": "./{document}"}},
        "Included": {
            "Type": "AWS::ApiGatewayV2::Api",
            "Properties": {
                "Body": {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "./{document}"}}}
            },
        },
    },
}


@pytest.mark.parametrize(
    ("template", "document", "said"),
    [
        ("template.yaml", "api.json", '`"x-amazon-apigateway-endpoint-configuration": {"ipAddressType": "dualstack"}`'),
        ("template.json", "api.yaml", "`x-amazon-apigateway-endpoint-configuration: {ipAddressType: dualstack}`"),
        (
            "template.json",
            "none.yaml",
            "add a server that carries it to its OpenAPI definition, which has none (`servers: [{url: /, "
            "x-amazon-apigateway-endpoint-configuration: {ipAddressType: dualstack}}]`)",
        ),
        (
            "template.yaml",
            "none.json",
            'which has none (`"servers": [{"url": "/", "x-amazon-apigateway-endpoint-configuration": '
            '{"ipAddressType": "dualstack"}}]`)',
        ),
    ],
)
def test_an_openapi_file_is_quoted_in_its_own_syntax(tmp_path, template, document, said):
    """A document in a file of its own is written in its syntax, not the template's that names it. One
    without servers is told to add one: the extension belongs in a Server object (helper, following it)."""
    dump = (lambda d: json.dumps(d, indent=2)) if document.endswith(".json") else yaml.safe_dump
    written = {k: v for k, v in OPENAPI.items() if k != "servers"} if document.startswith("none") else OPENAPI
    (tmp_path / document).write_text(dump(written))
    text = json.dumps(TEMPLATE).replace("{document}", document)
    (tmp_path / template).write_text(text if template.endswith(".json") else yaml.safe_dump(json.loads(text)))
    messages = [f.message for f in engine.lint([str(tmp_path / template)]).findings if f.rule.id == "I9640"]
    assert len(messages) == 2 and all(said in m for m in messages), messages


_HTTP_API = """
resource "aws_apigatewayv2_api" "status" {
  name          = "status"
  protocol_type = "HTTP"
  body          = BODY
}
"""
_BODIES = {
    "jsonencode": (
        'jsonencode({\n    openapi = "3.0.1"\n    info = { title = "s", version = "1" }\n    SERVERS\n'
        "    paths = {}\n  })"
    ),
    "file-json": '{"openapi": "3.0.1", "info": {"title": "s", "version": "1"}, SERVERS "paths": {}}',
    "file-yaml": "openapi: 3.0.1\ninfo: {title: s, version: '1'}\nSERVERS\npaths: {}\n",
}
_SERVERS = re.compile(r"which has none \(`(.*?)`\)")


@pytest.mark.parametrize("written", sorted(_BODIES))
def test_a_terraform_openapi_body_is_quoted_as_it_is_written_and_the_fix_works(tmp_path, written):
    """A body written in HCL (`jsonencode({...})`) is told what to add in HCL, a file in its own syntax;
    pasted as said, the finding goes (helper, following it: YAML words in a jsonencode body)."""
    main = tmp_path / "main.tf"
    if written.startswith("file"):
        suffix = written.split("-")[1]
        document = tmp_path / f"api.{suffix}"
        main.write_text(_HTTP_API.replace("BODY", f'file("${{path.module}}/api.{suffix}")'))
    else:
        document = main
        main.write_text(_HTTP_API.replace("BODY", _BODIES[written]))
    text = _BODIES[written] if document is not main else main.read_text()
    document.write_text(text.replace("SERVERS", ""))
    messages = [f.message for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "I9640"]
    assert len(messages) == 1, messages
    said = _SERVERS.search(messages[0])
    assert said, messages[0]
    servers = said[1]
    start = {"file-json": '"servers": [', "file-yaml": "servers: ["}.get(written, 'servers = [{ url = "/", ')
    assert servers.startswith(start), servers
    document.write_text(text.replace("SERVERS", servers + ("," if written == "file-json" else "")))
    assert [f.message for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "I9640"] == []


def test_a_terraform_openapi_root_extension_is_moved_in_hcl(tmp_path):
    (tmp_path / "main.tf").write_text(
        'resource "aws_api_gateway_rest_api" "orders" {\n  name = "orders"\n  body = jsonencode({\n'
        '    openapi = "3.0.1"\n    info = { title = "o", version = "1" }\n'
        '    "x-amazon-apigateway-endpoint-configuration" = { disableExecuteApiEndpoint = true }\n'
        "    paths = {}\n  })\n}\n"
    )
    messages = [f.message for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "I9640"]
    assert len(messages) == 1 and "move `disableExecuteApiEndpoint = true` under each entry" in messages[0], messages


_EGRESS = re.compile(r'`(?P<egress>"?SecurityGroupEgress"?: \[.*?\])`')


@pytest.mark.parametrize("json_syntax", [False, True])
def test_a_group_without_egress_is_given_one_list_that_keeps_ipv4(tmp_path, json_syntax):
    """A CloudFormation group with no SecurityGroupEgress has IPv4 allow-all only; the first rule declared drops
    it, so W9620's fix is one list with the IPv6 rule and the IPv4 one, pasted as said."""
    doc = json.loads(json.dumps(cfn_yaml.load(str(ROOT / "fixtures/W9620/bad-default-egress.yaml"))))
    path = tmp_path / ("t.json" if json_syntax else "t.yaml")
    path.write_text(json.dumps(doc) if json_syntax else yaml.safe_dump(doc))
    said = [m for f in engine.lint([str(path)]).findings if f.rule.id == "W9620" for m in _EGRESS.finditer(f.message)]
    assert len(said) == 1
    parse = (lambda text: json.loads("{" + text + "}")) if json_syntax else yaml.safe_load
    egress = parse(said[0]["egress"])["SecurityGroupEgress"]
    doc["Resources"]["FunctionSecurityGroup"]["Properties"]["SecurityGroupEgress"] = egress
    path.write_text(json.dumps(doc))
    assert "W9620" not in {f.rule.id for f in engine.lint([str(path)]).findings}
    assert {"CidrIp": "0.0.0.0/0", "IpProtocol": "-1"} in egress, egress  # (IPv4 kept, as the implicit rule)
    assert [m for m in lint_all(path.read_text()) if m.rule.id.startswith("E")] == []


SUBNET_FIX = re.compile(
    r"\((?P<cidr>(?:Ipv6CidrBlock|\"Ipv6CidrBlock\"): .*?), the /64 no other subnet of the VPC takes"
    r"(?:, and add (?P<after>.*?))?\) or remove"
)
_DEPENDS = re.compile(r"^(?:(?P<plain>DependsOn: \w+|\"DependsOn\": \"\w+\")|\w+ to its DependsOn \((?P<list>.*)\))$")
_WAIT = re.compile(
    r"^a DependsOn on an AWS::CloudFormation::WaitConditionHandle whose Metadata holds (?P<meta>.*?): \w+ exists only"
)


def _paste(doc: dict, message: str, subnet_id: str, json_syntax: bool) -> None:
    """E9602's fix for `subnet_id` applied to `doc` as its message says it."""
    parse = (lambda text: json.loads("{" + text + "}")) if json_syntax else cfn_yaml.loads
    said = SUBNET_FIX.search(message)
    assert said and said["after"], message
    subnet = doc["Resources"][subnet_id]
    subnet["Properties"].update(parse(said["cidr"]))
    depends, wait = _DEPENDS.match(said["after"]), _WAIT.match(said["after"])
    if wait:
        metadata = parse(('"Block": ' if json_syntax else "Block: ") + wait["meta"])
        doc["Resources"]["Ipv6Wait"] = {"Type": "AWS::CloudFormation::WaitConditionHandle", "Metadata": metadata}
        subnet["DependsOn"] = "Ipv6Wait"
    else:
        assert depends, said["after"]
        subnet.update(parse(depends["plain"] or depends["list"]))


def _assert_deploys(doc: dict, tmp_path) -> None:
    """No E9602 or E9613 left, no cfn-lint error, and no two subnets of the VPC on one /64."""
    fixed = tmp_path / "fixed.json"
    fixed.write_text(json.dumps(doc, indent=2))
    assert {f.rule.id for f in engine.lint([str(fixed)]).findings}.isdisjoint({"E9602", "E9613"})
    assert [m for m in lint_all(fixed.read_text()) if m.rule.id.startswith("E")] == []
    taken = re.findall(r'"Fn::Select": \[\s*(\d+),\s*\{\s*"Fn::Cidr"', fixed.read_text())
    assert len(taken) == len(set(taken)), taken


@pytest.mark.parametrize("fixture", ["E9602/bad-one-subnet-ipv4-only.yaml", "E9602/bad-legacy-subnet.json"])
def test_a_subnet_given_the_ipv6_cidr_e9602_says_deploys(fixture, tmp_path):
    """E9602's fix, pasted as said, is a valid template (cfn-lint) that brings no E9613: the /64 is computed
    from the VPC's block, and the subnet waits for that block."""
    source = ROOT / "fixtures" / fixture
    found = [f for f in engine.lint([str(source)]).findings if f.rule.id == "E9602"]
    assert len(found) == 1
    json_syntax = fixture.endswith(".json")
    doc = json.loads(source.read_text()) if json_syntax else cfn_yaml.load(str(source))
    _paste(doc, found[0].message, found[0].related[0][1].removeprefix("IPv4-only subnet "), json_syntax)
    _assert_deploys(doc, tmp_path)


SUBNETS = """\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Ipv6: {Type: String, AllowedValues: ['on', 'off']}
Conditions:
  Ipv6On: !Equals [!Ref Ipv6, 'on']
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.60.0.0/16}}
  Igw: {Type: AWS::EC2::InternetGateway}
  IgwAttachment: {Type: AWS::EC2::VPCGatewayAttachment, Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}}
  VpcIpv6:
    Type: AWS::EC2::VPCCidrBlock
    CONDITION
    Properties: {VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true}
  Plain:
    Type: AWS::EC2::Subnet
    DependsOn: [IgwAttachment]
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.60.1.0/24}
  Added:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.60.2.0/24}
  AddedIpv6:
    Type: AWS::EC2::SubnetCidrBlock
    DEPENDS
    Properties:
      SubnetId: !Ref Added
      Ipv6CidrBlock: IF_ON[!Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 2, 64]]]
  Inline:
    Type: AWS::EC2::Subnet
    DEPENDS
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.60.3.0/24
      Ipv6CidrBlock: IF_ON[!Select [1, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 2, 64]]]
  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: fn, VpcId: !Ref Vpc}}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::111111111111:role/fn
      Code: {ZipFile: x}
      VpcConfig:
        Ipv6AllowedForDualStack: true
        SubnetIds: [!Ref Plain, !Ref Added, !Ref Inline]
        SecurityGroupIds: [!Ref Sg]
"""


@pytest.mark.parametrize("syntax", ["yaml", "json"])
@pytest.mark.parametrize("conditional", [False, True], ids=["block", "conditional-block"])
def test_e9602s_fix_takes_a_free_64_and_keeps_the_subnets_dependencies(tmp_path, syntax, conditional):
    """The IPv4-only subnet comes first, but /64s 0 and 1 are taken (by an AWS::EC2::SubnetCidrBlock and by
    another subnet): the fix takes 2. The subnet has a DependsOn list already: the fix adds to it (a second
    DependsOn key is a duplicate, E9600). A block under a condition is waited for through a handle (a
    DependsOn on it fails where the condition is false, cfn-lint E3005). (helper, following the advice)"""
    text = SUBNETS.replace("    CONDITION\n", "    Condition: Ipv6On\n" if conditional else "")
    text = text.replace("    DEPENDS\n", "    DependsOn: Ipv6Wait\n" if conditional else "    DependsOn: VpcIpv6\n")
    on = r"!If [Ipv6On, \1, !Ref AWS::NoValue]" if conditional else r"\1"
    text = re.sub(r"IF_ON\[(.*)\]$", on, text, flags=re.M)
    if conditional:
        text += "  Ipv6Wait:\n    Type: AWS::CloudFormation::WaitConditionHandle\n"
        text += "    Metadata: {Block: !If [Ipv6On, !Ref VpcIpv6, '']}\n"
    source = tmp_path / f"template.{syntax}"
    source.write_text(text)
    if syntax == "json":
        source.write_text(json.dumps(cfn_yaml.load(str(source)), indent=2))
    (found,) = [f for f in engine.lint([str(source)]).findings if f.rule.id == "E9602"]
    assert "!Select [2," in found.message or '"Fn::Select": [2,' in found.message, found.message
    doc = json.loads(source.read_text()) if syntax == "json" else cfn_yaml.load(str(source))
    _paste(doc, found.message, "Plain", syntax == "json")
    _assert_deploys(doc, tmp_path)


_NETWORK = {
    "Resources": {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.30.0.0/16"}},
        "VpcIpv6Cidr": {
            "Type": "AWS::EC2::VPCCidrBlock",
            "Properties": {"VpcId": {"Ref": "Vpc"}, "AmazonProvidedIpv6CidrBlock": True},
        },
        "Taken": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.30.0.0/24"}},
        "PrivateSubnetB": {
            "Type": "AWS::EC2::Subnet",
            "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.30.1.0/24"},
        },
        "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}},
        "Fn": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Runtime": "python3.12",
                "Handler": "index.handler",
                "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                "Code": {"ZipFile": "x"},
                "VpcConfig": {
                    "Ipv6AllowedForDualStack": True,
                    "SubnetIds": [{"Ref": "PrivateSubnetB"}],
                    "SecurityGroupIds": ["sg-0123456789abcdef0"],
                },
            },
        },
    },
}
_IMPORTER = {
    "Resources": {
        "AppSubnet": {
            "Type": "AWS::EC2::Subnet",
            "Properties": {
                "VpcId": {"Fn::ImportValue": "net-VpcId"},
                "CidrBlock": "10.30.9.0/24",
                "Ipv6CidrBlock": {"Fn::Select": [0, {"Fn::Cidr": [{"Fn::ImportValue": "net-VpcIpv6"}, 4, 64]}]},
            },
        }
    }
}


@pytest.mark.parametrize("shared", ["alone", "exported", "ipam-pool", "unread-nested-stack"])
def test_e9602_names_a_free_64_only_where_no_other_stack_may_hold_subnets_of_the_vpc(tmp_path, shared):
    """A /64 another stack's subnet takes (through an import), one an IPAM pool allocates, or one an unread
    nested stack may take cannot be counted: the fix leaves the index to the user rather than name a /64 that
    is taken (helper, attacking E9602's fix)."""
    network = json.loads(json.dumps(_NETWORK))
    resources = network["Resources"]
    if shared == "exported":
        network["Outputs"] = {
            "VpcId": {"Value": {"Ref": "Vpc"}, "Export": {"Name": "net-VpcId"}},
            "VpcIpv6": {
                "Value": {"Fn::Select": [0, {"Fn::GetAtt": ["Vpc", "Ipv6CidrBlocks"]}]},
                "Export": {"Name": "net-VpcIpv6"},
            },
        }
        (tmp_path / "app.json").write_text(json.dumps(_IMPORTER))
    elif shared == "ipam-pool":
        resources["Taken"]["Properties"].update(Ipv6IpamPoolId="ipam-pool-0abc", Ipv6NetmaskLength=64)
    elif shared == "unread-nested-stack":
        resources["Workers"] = {
            "Type": "AWS::CloudFormation::Stack",
            "Properties": {
                "TemplateURL": "https://example.com/workers.yaml",
                "Parameters": {"VpcId": {"Ref": "Vpc"}},
            },
        }
    (tmp_path / "network.json").write_text(json.dumps(network))
    [message] = [f.message for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "E9602"]
    free = '"Ipv6CidrBlock": {"Fn::Select": [1, {"Fn::Cidr": [{"Fn::Select": [0, {"Fn::GetAtt": ["Vpc", '
    assert (free if shared == "alone" else '"Ipv6CidrBlock": {"Fn::Select": [N, ') in message, message


@pytest.mark.parametrize("counted", [False, True])
def test_e9602s_terraform_fix_pasted_with_a_free_64_deploys(tmp_path, counted):
    """A Terraform subnet's fix gave no value ("add ipv6_cidr_block"; helper): now the cidrsubnet() of its VPC's
    block, written as its module names the VPC (a counted one with its key: without, validate fails), with N left
    to pick. Pasted with a free N, the finding goes."""
    shutil.copytree(ROOT / "fixtures" / "E9602" / "bad-ipv4-only-subnet", tmp_path / "m")
    main = tmp_path / "m" / "main.tf"
    vpc = "aws_vpc.main[0]" if counted else "aws_vpc.main"
    if counted:
        main.write_text(
            main.read_text()
            .replace('resource "aws_vpc" "main" {', 'resource "aws_vpc" "main" {\n  count = 1')
            .replace("aws_vpc.main.", "aws_vpc.main[0].")
        )
    [message] = [f.message for f in engine.lint([str(tmp_path / "m")]).findings if f.rule.id == "E9602"]
    pattern = rf"\((ipv6_cidr_block = cidrsubnet\({re.escape(vpc)}\.ipv6_cidr_block, 8, count\.index \+ N\)), with N"
    said = re.search(pattern, message)
    assert said, message
    text = main.read_text()
    written = said[1].replace("N", "10")  # (the other subnets take 0 and 1)
    legacy = f"cidrsubnet({vpc}.cidr_block, 8, count.index + 10)\n"
    main.write_text(text.replace(legacy, f"{legacy}  {written}\n", 1))
    assert written in main.read_text()
    assert "E9602" not in {f.rule.id for f in engine.lint([str(tmp_path / "m")]).findings}


def test_a_group_whose_egress_rules_are_resources_gets_one_more_and_no_ipv4_entry(tmp_path):
    """Standalone AWS::EC2::SecurityGroupEgress rules already replaced the implicit IPv4 allow-all: the list fix,
    pasted, brought back IPv4 to anywhere that the team had locked down to two ports (helper, following it)."""
    doc = json.loads(json.dumps(cfn_yaml.load(str(ROOT / "fixtures/W9620/bad-default-egress.yaml"))))
    doc["Resources"]["HttpsOut"] = {
        "Type": "AWS::EC2::SecurityGroupEgress",
        "Properties": {
            "GroupId": {"Fn::GetAtt": ["FunctionSecurityGroup", "GroupId"]},
            "IpProtocol": "tcp",
            "FromPort": 443,
            "ToPort": 443,
            "CidrIp": "0.0.0.0/0",
        },
    }
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(doc))
    [message] = [f.message for f in engine.lint([str(path)]).findings if f.rule.id == "W9620"]
    assert "e.g. an AWS::EC2::SecurityGroupEgress with GroupId, IpProtocol: tcp, FromPort: 443, ToPort: 443" in message
    assert "0.0.0.0/0" not in message.split("Add IPv6 egress", 1)[1], message


def test_e9602_takes_the_64_from_the_ipam_pool_the_sibling_subnets_take_theirs_from(tmp_path):
    """Siblings whose /64s IPAM allocates cannot be read: a /64 by index may be one of theirs. The fix takes one
    from the same pool, pasted as said, and deploys (cfn-lint) with no E9602 or E9613 left (helper, following
    the fix)."""
    source = ROOT / "fixtures" / "E9602" / "bad-ipam-pool-subnets-and-one-without-ipv6.yaml"
    [found] = [f for f in engine.lint([str(source)]).findings if f.rule.id == "E9602"]
    said = re.search(
        r"\(Ipv6IpamPoolId: (?P<pool>!Ref \w+) with Ipv6NetmaskLength: 64, as the VPC's other subnets take theirs: "
        r"IPAM allocates a /64 none of them takes, and add DependsOn: (?P<after>\w+)\)",
        found.message,
    )
    assert said, found.message
    doc = cfn_yaml.load(str(source))
    subnet = doc["Resources"]["PrivateSubnetC"]
    subnet["Properties"].update(cfn_yaml.loads(f"Ipv6IpamPoolId: {said['pool']}\nIpv6NetmaskLength: 64\n"))
    subnet["DependsOn"] = said["after"]
    fixed = tmp_path / "fixed.json"
    fixed.write_text(json.dumps(doc, indent=2))
    assert {f.rule.id for f in engine.lint([str(fixed)]).findings}.isdisjoint({"E9602", "E9613"})
    assert [m for m in lint_all(fixed.read_text()) if m.rule.id.startswith("E")] == []


@pytest.mark.parametrize(("index", "count", "said"), [("1", "2", "0"), ("2", "2", "N"), ("1", "!Ref Count", "N")])
def test_e9602s_fix_takes_no_64_a_subnet_selects_past_its_cidr_count(tmp_path, index, count, said):
    """A subnet's `!Select [2, !Cidr [..., 2, 64]]` is no /64 (CloudFormation fails the deploy: there are two),
    nor one of a count that cannot be known: which /64s the VPC's subnets take is unknown, and the fix says N."""
    source = (ROOT / "fixtures" / "E9602" / "bad-one-subnet-ipv4-only.yaml").read_text()
    written = "!Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 2, 64]]"
    assert written in source
    text = source.replace(written, f"!Select [{index}, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], {count}, 64]]")
    path = tmp_path / "template.yaml"
    path.write_text(
        "Parameters:\n  Count: {Type: Number}\n" + text.replace("AWSTemplateFormatVersion: '2010-09-09'\n", "")
    )
    found = [f for f in engine.lint([str(path)]).findings if f.rule.id == "E9602"]
    assert len(found) == 1 and f"!Select [{said}, !Cidr" in found[0].message, found[0].message


_NEW_BLOCK_FIX = re.compile(
    r"Give VPC (?P<vpc>\w+) the IPv6 CIDR block it lacks \(with AWS::EC2::VPCCidrBlock \((?P<source>\"?"
    r"AmazonProvidedIpv6CidrBlock\"?: true)\)\), then the subnet an IPv6 CIDR from it \((?P<cidr>(?:Ipv6CidrBlock|"
    r"\"Ipv6CidrBlock\"): .*?), the /64 no other subnet of the VPC takes, and add a DependsOn on that "
    r"AWS::EC2::VPCCidrBlock: without it CloudFormation may create the subnet first, and the deployment fails\) or "
    r"remove it from the function\."
)


@pytest.mark.parametrize("fixture", ["E9602/bad-ipv4-only-vpc.yaml", "E9602/bad-vpc-without-ipv6-block.json"])
def test_e9602s_fix_on_a_vpc_without_an_ipv6_block_gives_it_one_and_deploys(fixture, tmp_path):
    """The VPC has no AWS::EC2::VPCCidrBlock: the fix spoke of "the AWS::EC2::VPCCidrBlock that gives Vpc its
    IPv6 block" as if one existed, and the subnet's /64 selects from an empty Vpc.Ipv6CidrBlocks. It now adds
    the block first, then the /64 with a DependsOn on it. Pasted as said, the template deploys (cfn-lint) with
    no E9602, E9613 or I9605 left (helper, following the fix)."""
    source = ROOT / "fixtures" / fixture
    json_syntax = fixture.endswith(".json")
    parse = (lambda text: json.loads("{" + text + "}")) if json_syntax else cfn_yaml.loads
    doc = json.loads(source.read_text()) if json_syntax else cfn_yaml.load(str(source))
    found = [f for f in engine.lint([str(source)]).findings if f.rule.id == "E9602"]
    assert found
    for finding in found:
        said = _NEW_BLOCK_FIX.search(finding.message)
        assert said, finding.message
        doc["Resources"]["VpcIpv6Cidr"] = {
            "Type": "AWS::EC2::VPCCidrBlock",
            "Properties": {"VpcId": {"Ref": said["vpc"]}, **parse(said["source"])},
        }
        subnet = doc["Resources"][finding.related[0][1].removeprefix("IPv4-only subnet ")]
        subnet["Properties"].update(parse(said["cidr"]))
        subnet["DependsOn"] = "VpcIpv6Cidr"
    _assert_deploys(doc, tmp_path)
    assert "I9605" not in {f.rule.id for f in engine.lint([str(tmp_path / "fixed.json")]).findings}


def test_e9602s_terraform_fix_on_a_vpc_without_an_ipv6_block_gives_it_one(tmp_path):
    """`cidrsubnet(aws_vpc.dev.ipv6_cidr_block, 8, N)` alone is refused by Terraform where aws_vpc.dev has no
    IPv6 block (the attribute is empty): the fix sets assign_generated_ipv6_cidr_block on the VPC first.
    Pasted as said, neither E9602 nor I9605 is left (helper, following the fix)."""
    shutil.copytree(ROOT / "fixtures" / "E9602" / "bad-vpc-without-ipv6-block", tmp_path / "m")
    main = tmp_path / "m" / "main.tf"
    [message] = [f.message for f in engine.lint([str(tmp_path / "m")]).findings if f.rule.id == "E9602"]
    said = re.search(
        r"Give VPC aws_vpc\.dev the IPv6 CIDR block it lacks \(with (?P<block>assign_generated_ipv6_cidr_block = "
        r"true)\), then each subnet an IPv6 CIDR from it \((?P<cidr>ipv6_cidr_block = cidrsubnet\(aws_vpc\.dev\."
        r"ipv6_cidr_block, 8, count\.index \+ N\)), with N a /64 no other subnet of the VPC takes",
        message,
    )
    assert said, message
    text = main.read_text()
    vpc = "  enable_dns_hostnames = true\n"
    subnet = "  cidr_block        = cidrsubnet(aws_vpc.dev.cidr_block, 4, count.index)\n"
    assert text.count(vpc) == 1 and text.count(subnet) == 1
    text = text.replace(vpc, f"{vpc}  {said['block']}\n")
    text = text.replace(subnet, f"{subnet}  {said['cidr'].replace('N', '0')}\n")
    main.write_text(text)
    assert {f.rule.id for f in engine.lint([str(tmp_path / "m")]).findings}.isdisjoint({"E9602", "I9605"})


def test_e9602s_fix_on_a_registry_vpc_without_ipv6_turns_it_on_with_every_groups_prefixes(tmp_path):
    """A terraform-aws-modules/vpc call without enable_ipv6: the VPC's input gives it its block, and, with the
    prefixes of every group, its subnets their /64s (a group left without them fails the apply, as the module
    turns DNS64 on for it). Followed, neither E9602 nor I9605 is left (helper)."""
    shutil.copytree(ROOT / "fixtures" / "E9602" / "bad-registry-vpc-without-ipv6", tmp_path / "m")
    main = tmp_path / "m" / "main.tf"
    [message] = [f.message for f in engine.lint([str(tmp_path / "m")]).findings if f.rule.id == "E9602"]
    said = (
        "Give VPC module.vpc.aws_vpc.this[0] the IPv6 CIDR block it lacks, which gives each subnet an IPv6 CIDR too "
        "(with enable_ipv6 = true on module.vpc, in the same change as public_subnet_ipv6_prefixes = [0, 1] and "
        "private_subnet_ipv6_prefixes = [2, 3] (or, for a group left IPv4-only, "
    )
    assert said in message, message
    assert "private_subnet_enable_dns64 = false unless you need NAT64" in message
    inputs = (
        "  enable_ipv6                  = true\n  public_subnet_ipv6_prefixes  = [0, 1]\n"
        "  private_subnet_ipv6_prefixes = [2, 3]\n  private_subnet_enable_dns64  = false\n"
    )
    text = main.read_text()
    assert text.count("  single_nat_gateway = true\n") == 1
    main.write_text(text.replace("  single_nat_gateway = true\n", "  single_nat_gateway = true\n" + inputs))
    assert {f.rule.id for f in engine.lint([str(tmp_path / "m")]).findings}.isdisjoint({"E9602", "I9605"})


@pytest.mark.parametrize("unknown", ["exported-vpc", "block-from-a-variable"])
def test_e9602s_fix_claims_nothing_of_a_vpc_whose_ipv6_block_is_unknown(tmp_path, unknown):
    """Where another stack may give the VPC its block (it is exported), or a variable without a value decides
    whether it has one, the fix neither says it lacks one nor adds one: it speaks of the subnet only."""
    if unknown == "exported-vpc":
        doc = json.loads((ROOT / "fixtures" / "E9602" / "bad-vpc-without-ipv6-block.json").read_text())
        doc["Outputs"] = {"VpcId": {"Value": {"Ref": "Vpc"}, "Export": {"Name": "net-VpcId"}}}
        (tmp_path / "template.json").write_text(json.dumps(doc, indent=2))
        said = 'Give the subnet an IPv6 CIDR ("Ipv6CidrBlock": '
    else:
        shutil.copytree(ROOT / "fixtures" / "E9602" / "bad-vpc-without-ipv6-block", tmp_path / "m")
        main = tmp_path / "m" / "main.tf"
        text = main.read_text().replace(
            "  enable_dns_hostnames = true\n",
            "  enable_dns_hostnames = true\n  assign_generated_ipv6_cidr_block = var.ipv6\n",
        )
        main.write_text(text + 'variable "ipv6" {\n  type = bool\n}\n')
        said = "Give each subnet an IPv6 CIDR (ipv6_cidr_block = cidrsubnet(aws_vpc.dev.ipv6_cidr_block, 8, "
    [message] = [f.message for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "E9602"]
    assert said in message and "lacks" not in message, message


@pytest.mark.parametrize("opted_out", [False, True], ids=["dns64-default", "group-without-dns64"])
def test_e9602s_registry_fix_without_nat_names_what_enable_ipv6_does_not_say(tmp_path, opted_out):
    """Without NAT gateways, enable_ipv6's step says nothing of DNS64 on the private subnets (it has no NAT64 to
    lose), and names no prefixes for a group whose DNS64 and AAAA records are off: the subnets' step says both."""
    shutil.copytree(ROOT / "fixtures" / "E9602" / "bad-registry-vpc-without-ipv6", tmp_path / "m")
    main = tmp_path / "m" / "main.tf"
    text = main.read_text().replace("  enable_nat_gateway = true\n  single_nat_gateway = true\n", "")
    if opted_out:
        text = text.replace(
            '  azs  = ["us-west-2a", "us-west-2b"]\n',
            '  azs  = ["us-west-2a", "us-west-2b"]\n  private_subnet_enable_dns64 = false\n'
            "  private_subnet_enable_resource_name_dns_aaaa_record_on_launch = false\n",
        )
    main.write_text(text)
    [message] = [f.message for f in engine.lint([str(tmp_path / "m")]).findings if f.rule.id == "E9602"]
    block, subnets = message.split("), then each subnet an IPv6 CIDR from it (")
    assert "Give VPC module.vpc.aws_vpc.this[0] the IPv6 CIDR block it lacks (with enable_ipv6 = true" in block
    assert ("private_subnet_ipv6_prefixes" in block) is not opted_out, block
    assert subnets.startswith("private_subnet_ipv6_prefixes = [2, 3] (/64s no other group takes) on module.vpc")
    assert ("and with no NAT gateway to translate them" in subnets) is not opted_out, subnets


def _registry_plan(tmp_path, edit=None):
    """bad-registry-vpc-without-ipv6.tfplan.json (the HCL fixture's call, planned), edited, alone in a folder."""
    doc = json.loads((ROOT / "fixtures" / "E9602" / "bad-registry-vpc-without-ipv6.tfplan.json").read_text())
    if edit is not None:
        edit(doc)
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "plan.tfplan.json").write_text(json.dumps(doc, indent=2))
    found = engine.lint([str(tmp_path / "p" / "plan.tfplan.json")]).findings
    return {f.rule.id: f.message for f in found if f.rule.id in ("E9602", "I9605")}


def test_a_plans_registry_vpc_is_changed_through_the_module_calls_inputs(tmp_path):
    """A plan of a terraform-aws-modules/vpc call without enable_ipv6: its resources are the module's, so E9602 and
    I9605 name the call's inputs, as they do on the code, not `assign_generated_ipv6_cidr_block` on an aws_vpc the
    user cannot edit; E9602's subnets are known to be the module's VPC's (its `vpc_id = local.vpc_id`, which plans do
    not record). Followed (good-registry-vpc-given-ipv6.tfplan.json, the call with the inputs said), neither is left
    (helper, h158)."""
    said = _registry_plan(tmp_path)
    vpc_step = (
        "enable_ipv6 = true on module.vpc, in the same change as public_subnet_ipv6_prefixes = [0, 1] and "
        "private_subnet_ipv6_prefixes = [2, 3] (or, for a group left IPv4-only, "
    )
    assert (
        "Give VPC module.vpc.aws_vpc.this[0] the IPv6 CIDR block it lacks, which gives each subnet an IPv6 CIDR too "
        f"(with {vpc_step}" in said["E9602"]
    ), said["E9602"]
    assert f"Start the IPv6 migration with {vpc_step}" in said["I9605"], said["I9605"]
    for message in said.values():
        assert "private_subnet_enable_dns64 = false unless you need NAT64" in message
        assert "assign_generated_ipv6_cidr_block" not in message
    good = ROOT / "fixtures" / "E9602" / "good-registry-vpc-given-ipv6.tfplan.json"
    inputs = json.loads(good.read_text())["configuration"]["root_module"]["module_calls"]["vpc"]["expressions"]
    assert {k: v["constant_value"] for k, v in inputs.items() if "ipv6" in k or "dns64" in k} == {
        "enable_ipv6": True,
        "public_subnet_ipv6_prefixes": [0, 1],
        "private_subnet_ipv6_prefixes": [2, 3],
        "private_subnet_enable_dns64": False,
    }
    assert {f.rule.id for f in engine.lint([str(good)]).findings}.isdisjoint({"E9602", "I9605"})


def _private_subnets_from_a_local(doc):
    doc["configuration"]["root_module"]["module_calls"]["vpc"]["expressions"]["private_subnets"] = {
        "references": ["local.private_subnets"]
    }


def _three_private_subnets(doc):
    doc["configuration"]["root_module"]["module_calls"]["vpc"]["expressions"]["private_subnets"]["constant_value"] += [
        "10.20.3.0/24"
    ]


@pytest.mark.parametrize("edit", [_private_subnets_from_a_local, _three_private_subnets], ids=["local", "other-count"])
def test_a_plans_registry_vpc_the_model_cannot_match_keeps_the_resources_words(tmp_path, edit):
    """Where the plan does not record an input the model needs (a local), or the model would make other subnets
    than the plan has, what the call's inputs are cannot be told: the fix keeps today's words."""
    said = _registry_plan(tmp_path, edit)
    assert "on module.vpc" not in said["I9605"] and "assign_generated_ipv6_cidr_block = true" in said["I9605"], said
    assert "on module.vpc" not in said["E9602"], said


_READS = "(the VPC's assign_generated_ipv6_cidr_block reads it)"


@pytest.mark.parametrize(
    ("given", "said", "fixed"),
    [
        ("tfvars", f"enable_ipv6 = true in prod.auto.tfvars {_READS}", ("prod.auto.tfvars", "false", "true")),
        (
            "tfvars-beside",
            "enable_ipv6 = true in terraform.tfvars (`staging.tfvars` beside the module sets it too, and a pipeline "
            f"passing it with -var-file takes its value instead; {_READS[1:]}",
            ("terraform.tfvars", "false", "true"),
        ),
        (
            "literal",
            f"enable_ipv6 = true on module `network` at main.tf:19 {_READS}",
            ("main.tf", "enable_ipv6 = false", "enable_ipv6 = true"),
        ),
        (
            "module-default",
            f"enable_ipv6 = true on module `network` at main.tf:19, which does not set it yet (the module's default "
            f"applies; {_READS[1:]}",
            ("main.tf", '  cidr        = "10.0.0.0/16"\n', '  cidr        = "10.0.0.0/16"\n  enable_ipv6 = true\n'),
        ),
        (
            "root-default",
            "default = true on variable `enable_ipv6`, and true wherever else your pipeline sets it (a -var-file, "
            "TF_VAR_enable_ipv6; the VPC's assign_generated_ipv6_cidr_block reads it)",
            ("variables.tf", "default     = false", "default     = true"),
        ),
    ],
    ids=lambda value: (
        value if value in ("tfvars", "tfvars-beside", "literal", "module-default", "root-default") else ""
    ),
)
def test_a_local_modules_vpc_ipv6_flag_is_set_where_the_caller_gives_it(tmp_path, given, said, fixed):
    """A local module's aws_vpc with `assign_generated_ipv6_cidr_block = var.enable_ipv6`: I9605 said
    `assign_generated_ipv6_cidr_block = true`, an argument whose value is decided elsewhere (the caller's input, a
    tfvars file, a default). It now names that place, as a switch's fix does (causes.set_at); followed, I9605 is
    gone (helper, h158)."""
    folder = tmp_path / "m"
    shutil.copytree(ROOT / "fixtures" / "I9605" / "bad-local-module-vpc-without-ipv6", folder)
    main, module = folder / "main.tf", folder / "modules" / "network" / "main.tf"
    if given == "tfvars-beside":  # (a var file Terraform reads only when named: a pipeline's -var-file)
        (folder / "prod.auto.tfvars").rename(folder / "terraform.tfvars")
        (folder / "staging.tfvars").write_text("enable_ipv6 = false\n")
    elif given != "tfvars":
        (folder / "prod.auto.tfvars").unlink()
    if given == "literal":
        main.write_text(main.read_text().replace("enable_ipv6 = var.enable_ipv6", "enable_ipv6 = false"))
    elif given == "module-default":
        main.write_text(main.read_text().replace("  enable_ipv6 = var.enable_ipv6\n", ""))
        module.write_text(
            module.read_text().replace("  type        = bool\n", "  type        = bool\n  default = false\n", 1)
        )
    elif given == "root-default":
        variables = folder / "variables.tf"
        variables.write_text(variables.read_text().replace("default     = true", "default     = false"))
    [message] = [f.message for f in engine.lint([str(folder)]).findings if f.rule.id == "I9605"]
    assert f"Start the IPv6 migration with {said}." in message, message
    path, old, new = fixed
    text = (folder / path).read_text()
    assert text.count(old) == 1, text
    (folder / path).write_text(text.replace(old, new))
    assert "I9605" not in {f.rule.id for f in engine.lint([str(folder)]).findings}


def test_a_vpc_ipv6_flag_worked_out_from_more_than_a_variable_keeps_its_argument(tmp_path):
    """`assign_generated_ipv6_cidr_block = var.enable_ipv6 && var.cidr != ""`: no one place decides it; the fix
    names the argument, as before."""
    folder = tmp_path / "m"
    shutil.copytree(ROOT / "fixtures" / "I9605" / "bad-local-module-vpc-without-ipv6", folder)
    module = folder / "modules" / "network" / "main.tf"
    written = "assign_generated_ipv6_cidr_block = var.enable_ipv6\n"
    assert module.read_text().count(written) == 1
    module.write_text(module.read_text().replace(written, written.replace("\n", ' && var.cidr != ""\n')))
    [message] = [f.message for f in engine.lint([str(folder)]).findings if f.rule.id == "I9605"]
    assert message.endswith("Start the IPv6 migration with assign_generated_ipv6_cidr_block = true."), message


@pytest.mark.parametrize("follows", [True, False], ids=["same-input", "other-input"])
def test_e9602s_fix_on_a_local_modules_vpc_turns_on_the_input_its_subnets_follow(tmp_path, follows):
    """The module's subnets are `ipv6_cidr_block = var.enable_ipv6 ? cidrsubnet(aws_vpc.this.ipv6_cidr_block, …) :
    null`: the input that gives the VPC its block gives them their /64s too, so E9602 said a cidrsubnet() they
    already have. It now says the call's input alone, which, followed, leaves neither E9602 nor I9605; a subnet
    that follows another input keeps its own step (helper, h158)."""
    folder = tmp_path / "m"
    shutil.copytree(ROOT / "fixtures" / "I9605" / "bad-local-module-vpc-without-ipv6", folder)
    (folder / "prod.auto.tfvars").unlink()
    main, module = folder / "main.tf", folder / "modules" / "network" / "main.tf"
    text = main.read_text().replace("enable_ipv6 = var.enable_ipv6", "enable_ipv6 = false")
    main.write_text(text.replace("ipv6_allowed_for_dual_stack = false", "ipv6_allowed_for_dual_stack = true"))
    if not follows:
        subnet = "  ipv6_cidr_block   = var.enable_ipv6 ? cidrsubnet("
        code = module.read_text()
        assert code.count(subnet) == 1
        code = code.replace(subnet, subnet.replace("var.enable_ipv6", "var.subnets_ipv6"))
        module.write_text(code + 'variable "subnets_ipv6" {\n  type    = bool\n  default = false\n}\n')
    [message] = [f.message for f in engine.lint([str(folder)]).findings if f.rule.id == "E9602"]
    step = (
        "Give VPC module.network.aws_vpc.this the IPv6 CIDR block it lacks{} (with enable_ipv6 = true on module "
        "`network` at main.tf:19 (the VPC's assign_generated_ipv6_cidr_block reads it))"
    )
    if not follows:
        assert step.format("") + ", then each subnet an IPv6 CIDR from it (ipv6_cidr_block = cidrsubnet(" in message
        return
    assert step.format(", which gives each subnet an IPv6 CIDR too") + ", or remove them" in message, message
    main.write_text(main.read_text().replace("enable_ipv6 = false", "enable_ipv6 = true"))
    assert {f.rule.id for f in engine.lint([str(folder)]).findings}.isdisjoint({"E9602", "I9605"})


def test_a_plan_beside_its_code_takes_how_the_code_changes_a_modules_vpc(tmp_path):
    """A plan whose terraform-aws-modules/vpc call reads `local.private_subnets` (which a plan does not record: its
    model cannot say what the call makes from the plan alone), linted beside its code: the code's model can, and
    E9602 and I9605 name the call's inputs, at the call's lines, as on the code (helper, h158)."""
    folder = tmp_path / "m"
    folder.mkdir()
    code = (ROOT / "fixtures" / "E9602" / "bad-registry-vpc-without-ipv6" / "main.tf").read_text()
    subnets = '  private_subnets = ["10.20.1.0/24", "10.20.2.0/24"]\n'
    assert code.count(subnets) == 1
    code = code.replace(subnets, "  private_subnets = local.private_subnets\n")
    (folder / "main.tf").write_text(code + "\nlocals {\n" + subnets + "}\n")
    doc = json.loads((ROOT / "fixtures" / "E9602" / "bad-registry-vpc-without-ipv6.tfplan.json").read_text())
    call = doc["configuration"]["root_module"]["module_calls"]["vpc"]
    call["expressions"]["private_subnets"] = {"references": ["local.private_subnets"]}
    (folder / "plan.tfplan.json").write_text(json.dumps(doc, indent=2))
    found = {f.rule.id: f for f in engine.lint([str(folder / "plan.tfplan.json")]).findings}
    step = "enable_ipv6 = true on module.vpc, in the same change as public_subnet_ipv6_prefixes = [0, 1] and "
    assert f"which gives each subnet an IPv6 CIDR too (with {step}" in found["E9602"].message, found["E9602"].message
    assert f"Start the IPv6 migration with {step}" in found["I9605"].message, found["I9605"].message
    assert [r[0].line for r in found["I9605"].related] == [16]  # (the VPC: the module call's block)


def _passed_as_a_root_variable(doc):
    doc["configuration"]["root_module"]["module_calls"]["network"]["expressions"]["enable_ipv6"] = {
        "references": ["var.enable_ipv6"]
    }
    doc["variables"] = {"enable_ipv6": {"value": False}}


def _left_at_the_modules_default(doc):
    call = doc["configuration"]["root_module"]["module_calls"]["network"]
    del call["expressions"]["enable_ipv6"]
    call["module"]["variables"]["enable_ipv6"]["default"] = False


def _negated_root_variable(doc):
    """`enable_ipv6 = !var.ipv4_only`: the plan records the reference alone, and the value true (h160)."""
    doc["configuration"]["root_module"]["module_calls"]["network"]["expressions"]["enable_ipv6"] = {
        "references": ["var.ipv4_only"]
    }
    doc["variables"] = {"ipv4_only": {"value": True}}


def _negated_in_the_module(doc):
    """The module's `assign_generated_ipv6_cidr_block = !var.ipv4_only`, left at its default true (h160)."""
    call = doc["configuration"]["root_module"]["module_calls"]["network"]
    del call["expressions"]["enable_ipv6"]
    call["module"]["variables"]["enable_ipv4_only"] = {"default": True}
    [vpc] = [r for r in call["module"]["resources"] if r["type"] == "aws_vpc"]
    vpc["expressions"]["assign_generated_ipv6_cidr_block"] = {"references": ["var.enable_ipv4_only"]}


def _compared_on_the_call(doc):
    """`enable_ipv6 = var.env == "prod"`, env "dev": a text, no flag to set true (h160)."""
    doc["configuration"]["root_module"]["module_calls"]["network"]["expressions"]["enable_ipv6"] = {
        "references": ["var.env"]
    }
    doc["variables"] = {"env": {"value": "dev"}}


def _worked_out_from_a_local(doc):
    call = doc["configuration"]["root_module"]["module_calls"]["network"]
    call["expressions"]["enable_ipv6"] = {"references": ["local.ipv6"]}


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (
            None,
            "enable_ipv6 = true on module `network` in the root module (the VPC's assign_generated_ipv6_cidr_block "
            "reads it)",
        ),
        (
            _left_at_the_modules_default,
            "enable_ipv6 = true on module `network` in the root module, which does not set it yet (the module's "
            "default applies; the VPC's assign_generated_ipv6_cidr_block reads it)",
        ),
        (
            _passed_as_a_root_variable,
            "variable `enable_ipv6` = true where this plan's value of it comes from (a tfvars file, -var or "
            "TF_VAR_enable_ipv6; the VPC's assign_generated_ipv6_cidr_block reads it)",
        ),
        (_worked_out_from_a_local, "assign_generated_ipv6_cidr_block = true"),
        (_negated_root_variable, "assign_generated_ipv6_cidr_block = true"),
        (_negated_in_the_module, "assign_generated_ipv6_cidr_block = true"),
        (_compared_on_the_call, "assign_generated_ipv6_cidr_block = true"),
    ],
    ids=["constant", "module-default", "root-variable", "local", "negated-root-variable", "negated-default", "text"],
)
def test_a_plans_local_module_vpc_flag_is_set_where_its_configuration_gives_it(tmp_path, edit, said):
    """A plan (`terraform plan` of the local-module fixture with `enable_ipv6 = false` on the call): the module's
    aws_vpc reads `var.enable_ipv6`, which its configuration records; I9605 and E9602 name the call's input, as on
    the code, where the plan tells how the call gives it; else (a local) the argument, as before (helper, h158)."""
    doc = json.loads((ROOT / "fixtures" / "I9605" / "bad-local-module-vpc-without-ipv6.tfplan.json").read_text())
    if edit is not None:
        edit(doc)
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "plan.tfplan.json").write_text(json.dumps(doc, indent=2))
    found = {f.rule.id: f.message for f in engine.lint([str(tmp_path / "p" / "plan.tfplan.json")]).findings}
    assert found["I9605"].endswith(f"Start the IPv6 migration with {said}."), found["I9605"]
    assert f"the IPv6 CIDR block it lacks (with {said}), then each subnet" in found["E9602"], found["E9602"]


_NETWORK_INPUTS = ("name", "cidr", "enable_ipv6", "azs")


def _network_modules_down_in_code(folder, levels: int, literal: bool) -> None:
    """The I9605 local-module fixture with its network module `levels` modules down: the root's call `network` (at
    main.tf:19, passing `var.enable_ipv6`, false in prod.auto.tfvars, or with `literal` the constant false) calls
    modules/w1, whose call `network` calls w2 … the last calling modules/network; each passes on every input as
    its own variable and outputs what the next outputs."""
    shutil.copytree(ROOT / "fixtures" / "I9605" / "bad-local-module-vpc-without-ipv6", folder)
    main = folder / "main.tf"
    text = main.read_text().replace('source      = "./modules/network"', 'source      = "./modules/w1"')
    if literal:
        text = text.replace("enable_ipv6 = var.enable_ipv6", "enable_ipv6 = false")
        (folder / "prod.auto.tfvars").unlink()
    main.write_text(text)
    variables = "".join(f'variable "{name}" {{}}\n' for name in _NETWORK_INPUTS)
    inputs = "".join(f"  {name} = var.{name}\n" for name in _NETWORK_INPUTS)
    outputs = "".join(f'output "{o}" {{\n  value = module.network.{o}\n}}\n' for o in ("vpc_id", "private_subnet_ids"))
    for i in range(1, levels):
        source = "../network" if i == levels - 1 else f"../w{i + 1}"
        (folder / "modules" / f"w{i}").mkdir()
        (folder / "modules" / f"w{i}" / "main.tf").write_text(
            f'{variables}module "network" {{\n  source = "{source}"\n{inputs}}}\n{outputs}'
        )


def _network_modules_down_in_a_plan(levels: int, literal: bool) -> dict:
    """The fixture's plan made as `_network_modules_down_in_code` writes it: its network module `levels` modules
    down (module.network.module.network…), the root's call given the constant false (`literal`) or `var.enable_ipv6`,
    false in the plan."""
    doc = json.loads((ROOT / "fixtures" / "I9605" / "bad-local-module-vpc-without-ipv6.tfplan.json").read_text())
    call = doc["configuration"]["root_module"]["module_calls"]["network"]
    if not literal:
        call["expressions"]["enable_ipv6"] = {"references": ["var.enable_ipv6"]}
        doc["variables"] = {"enable_ipv6": {"value": False}}
    passed = {name: {"references": [f"var.{name}"]} for name in _NETWORK_INPUTS}
    outputs = {
        o: {"expression": {"references": [f"module.network.{o}", "module.network"]}}
        for o in ("vpc_id", "private_subnet_ids")
    }
    module = call["module"]
    for i in reversed(range(1, levels)):
        inner = {"source": "../network" if i == levels - 1 else f"../w{i + 1}", "expressions": passed, "module": module}
        module = {"module_calls": {"network": inner}, "variables": {n: {} for n in _NETWORK_INPUTS}, "outputs": outputs}
    call.update(source="./modules/w1", module=module)
    above = "module.network." * (levels - 1)
    planned = doc["planned_values"]["root_module"]
    [child] = planned.pop("child_modules")
    for resource in child["resources"]:
        resource["address"] = above + resource["address"]
    child["address"] = above + child["address"]
    node = planned
    for i in range(1, levels):
        wrapper = {"address": ("module.network." * i).rstrip("."), "resources": []}
        node["child_modules"] = [wrapper]
        node = wrapper
    node["child_modules"] = [child]
    for change in doc["resource_changes"]:
        if change.get("module_address"):
            change.update(address=above + change["address"], module_address=above + change["module_address"])
    return doc


@pytest.mark.parametrize(
    ("literal", "in_code", "in_plan"),
    [
        (
            False,
            f"enable_ipv6 = true in prod.auto.tfvars {_READS}",
            "variable `enable_ipv6` = true where this plan's value of it comes from (a tfvars file, -var or "
            f"TF_VAR_enable_ipv6; {_READS[1:]}",
        ),
        (
            True,
            f"enable_ipv6 = true on module `network` at main.tf:19 {_READS}",
            f"enable_ipv6 = true on module `network` in the root module {_READS}",
        ),
    ],
    ids=["root-variable", "constant"],
)
def test_a_vpc_ipv6_flag_passed_down_twelve_modules_is_set_where_the_root_gives_it(tmp_path, literal, in_code, in_plan):
    """The VPC's `assign_generated_ipv6_cidr_block = var.enable_ipv6` 12 modules down, each call passing on its
    own `var.enable_ipv6`: modules are read 16 levels deep (`causes.MODULE_LEVELS`), but where its value is set was
    followed up 8 calls only: from the .tf files, I9605's fix named the call in modules/w3 (where the climb gave up:
    a place in the middle of the chain, not where the value comes from), and from a plan of them the VPC's own
    argument. Both now follow the calls up as many levels as modules are read, to the root's call or variable."""
    from lambda6lint.loaders.terraform.causes import MODULE_LEVELS

    levels = 12
    assert 8 < levels <= MODULE_LEVELS
    _network_modules_down_in_code(tmp_path / "code", levels, literal)
    plan_file = tmp_path / "plan" / "plan.tfplan.json"
    plan_file.parent.mkdir()
    plan_file.write_text(json.dumps(_network_modules_down_in_a_plan(levels, literal)))
    vpc = "module.network." * levels + "aws_vpc.this"
    for path, said in ((tmp_path / "code", in_code), (plan_file, in_plan)):
        [message] = [f.message for f in engine.lint([str(path)]).findings if f.rule.id == "I9605"]
        assert vpc in message, message
        assert message.endswith(f"Start the IPv6 migration with {said}."), message


def test_a_plans_vpc_flag_given_on_a_call_down_a_module_names_the_calls_folder_or_its_line(tmp_path):
    """The false that leaves the VPC without IPv6 is written on the call in modules/w1 (the root's call passes true):
    a plan alone holds no line, and named the call `module.network.module.network`; it now says the folder the
    callers' local sources give, and, with the code beside the plan, the call's file and line as the code does."""
    code = tmp_path / "code"
    _network_modules_down_in_code(code, 2, True)
    main = code / "main.tf"
    main.write_text(main.read_text().replace("enable_ipv6 = false", "enable_ipv6 = true"))
    inner = code / "modules" / "w1" / "main.tf"
    inner.write_text(inner.read_text().replace("enable_ipv6 = var.enable_ipv6", "enable_ipv6 = false"))
    line = inner.read_text().splitlines().index('module "network" {') + 1
    doc = _network_modules_down_in_a_plan(2, True)
    call = doc["configuration"]["root_module"]["module_calls"]["network"]
    call["expressions"]["enable_ipv6"] = {"constant_value": True}
    call["module"]["module_calls"]["network"]["expressions"]["enable_ipv6"] = {"constant_value": False}
    (tmp_path / "elsewhere").mkdir()
    for plan_file, said in (
        (tmp_path / "elsewhere" / "plan.tfplan.json", "module `network` in modules/w1"),
        (code / "plan.tfplan.json", f"module `network` at modules/w1/main.tf:{line}"),
    ):
        plan_file.write_text(json.dumps(doc))
        [message] = [f.message for f in engine.lint([str(plan_file)]).findings if f.rule.id == "I9605"]
        assert message.endswith(f"Start the IPv6 migration with enable_ipv6 = true on {said} {_READS}."), message


def test_e9602s_terraform_fix_numbers_each_subnets_64_of_the_vpcs_new_block(tmp_path):
    """Where the fix gives the VPC its first IPv6 block, each subnet's words give its /64 (its place among the VPC's
    subnets): pasted as said, with no N to choose, neither E9602 nor I9605 is left, and no two subnets share a /64."""
    shutil.copytree(ROOT / "fixtures" / "E9602" / "bad-subnets-of-a-vpc-without-ipv6-each-its-own-64", tmp_path / "m")
    main = tmp_path / "m" / "main.tf"
    messages = [f.message for f in engine.lint([str(tmp_path / "m")]).findings if f.rule.id == "E9602"]
    assert len(messages) == 2
    text = main.read_text()
    vpc = "  enable_dns_hostnames = true\n"
    netnums = set()
    for message in messages:
        said = re.search(
            r"subnet (?P<subnet>aws_subnet\.\w+) has no IPv6 CIDR.* Give VPC aws_vpc\.main the IPv6 CIDR block it "
            r"lacks \(with (?P<block>assign_generated_ipv6_cidr_block = true)\), then the subnet an IPv6 CIDR from it "
            r"\((?P<cidr>ipv6_cidr_block = cidrsubnet\(aws_vpc\.main\.ipv6_cidr_block, 8, (?P<at>\d+)\)), a /64 ",
            message,
        )
        assert said, message
        netnums.add(said["at"])
        if said["block"] not in text:
            text = text.replace(vpc, f"{vpc}  {said['block']}\n")
        name = said["subnet"].removeprefix("aws_subnet.")
        head = f'resource "aws_subnet" "{name}" {{\n'
        assert text.count(head) == 1
        text = text.replace(head, f"{head}  {said['cidr']}\n")
    assert len(netnums) == 2
    main.write_text(text)
    assert {f.rule.id for f in engine.lint([str(tmp_path / "m")]).findings}.isdisjoint({"E9602", "I9605"})
