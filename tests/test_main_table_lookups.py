"""CloudFormation cannot name a VPC's main route table, so a template adds routes to it only through a table id
found elsewhere: a custom resource's lookup, another stack's export, a parameter or a Systems Manager value. A
route on such a table may be on the main one, whose routes then cannot be known (RULES.md "Unknowns never produce
findings"); a literal id, a Default or a table of the template decides nothing of the main table."""

from __future__ import annotations

import pytest
from conftest import ROOT

from lambda6lint import engine

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  MainTableId:
    Type: String
  MainTableFromSsm:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /network/main-route-table
  TableWithDefault:
    Type: String
    Default: rtb-0123456789abcdef0
Conditions:
  Shared: !Equals [!Ref MainTableId, ""]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  V6:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true}
  Eigw:
    Type: AWS::EC2::EgressOnlyInternetGateway
    Properties: {VpcId: !Ref Vpc}
  OtherVpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.1.0.0/16}
  OtherEigw:
    Type: AWS::EC2::EgressOnlyInternetGateway
    Properties: {VpcId: !Ref OtherVpc}
  Subnet:
    Type: AWS::EC2::Subnet
    DependsOn: V6
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.0.0/24
      Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]
  OwnTable:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  MainTable:
    Type: Custom::MainRouteTable
    Properties: {ServiceToken: arn:aws:lambda:us-east-1:111111111111:function:x, VpcId: !Ref VPC_GIVEN}
  Network:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://example.com/network.yaml
      Parameters: {VpcId: !Ref Vpc}
  V6Route:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: TABLE
      DestinationIpv6CidrBlock: "::/0"
      TARGET
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      VpcId: !Ref Vpc
      SecurityGroupEgress: [{IpProtocol: "-1", CidrIpv6: "::/0"}]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: i.h
      Role: arn:aws:iam::111111111111:role/r
      Code: {ZipFile: "x"}
      VpcConfig: {SubnetIds: [!Ref Subnet], SecurityGroupIds: [!Ref Sg], Ipv6AllowedForDualStack: true}
"""

EIGW = "EgressOnlyInternetGatewayId: !Ref Eigw"
TGW = "TransitGatewayId: tgw-0123456789abcdef0"  # (a target whose VPC the files do not show)


def lint(tmp_path, table: str, target: str = EIGW, given: str = "Vpc"):
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE.replace("TABLE", table).replace("TARGET", target).replace("VPC_GIVEN", given))
    result = engine.lint([str(path)])
    return [f for f in result.findings if f.rule.id == "W9610"], result


@pytest.mark.parametrize(
    ("table", "cause"),
    [
        (
            "!GetAtt MainTable.RouteTableId",
            "whose route table is the attribute `RouteTableId` of custom resource `MainTable`, which may look up any "
            "table: that may be this main one",
        ),
        ("!Ref MainTable", "whose route table is the id of custom resource `MainTable`"),
        ("!ImportValue Network-MainRouteTable", "whose route table is imported from export `Network-MainRouteTable`"),
        ("!Ref MainTableId", "whose route table comes from parameter `MainTableId` (pass its value"),
        ("!Ref MainTableFromSsm", "whose route table comes from parameter `MainTableFromSsm`, whose value"),
        ("'{{resolve:ssm:/network/main-route-table}}'", "whose route table is a dynamic reference"),
        ("!GetAtt Network.Outputs.MainRouteTableId", "whose route table is an output of nested stack `Network`"),
        ("!If [Shared, !Ref OwnTable, !Ref MainTable]", "whose route table is the id of custom resource `MainTable`"),
    ],
)
def test_a_route_on_a_table_found_outside_the_run_may_be_on_the_main_table(tmp_path, table, cause):
    """W9610 said the subnet's main table had local routes only, though the route may be on it."""
    found, result = lint(tmp_path, table)
    assert not found
    causes = [u.text for u in result.undecided if "main route table" in u.fact]
    want = (
        "the ::/0 route of route table Vpc main route table cannot be known: route table Vpc main route table may get "
        "route V6Route (template.yaml:47), " + cause
    )
    assert any(want in text for text in causes), causes
    assert any("(associate the subnets with a route table of the run to decide it)" in text for text in causes)


@pytest.mark.parametrize(
    "table",
    [
        "!Ref OwnTable",  # (a table of the template: not the main one)
        "rtb-0123456789abcdef0",  # (a literal id: this stack could not have known its own VPC's table)
        "!Ref TableWithDefault",  # (a Default never names a resource, RULES.md)
        "!If [Shared, !Ref OwnTable, rtb-0123456789abcdef0]",
    ],
)
def test_a_route_on_a_table_that_is_not_the_main_one_leaves_it_local_only(tmp_path, table):
    found, _ = lint(tmp_path, table)
    assert [f.location.line for f in found] == [66]


def test_only_the_main_table_of_the_route_targets_vpc_may_get_it(tmp_path):
    """AWS accepts a route to an egress-only gateway only on a table of the gateway's VPC."""
    found, _ = lint(tmp_path, "!GetAtt MainTable.RouteTableId", "EgressOnlyInternetGatewayId: !Ref OtherEigw")
    assert len(found) == 1
    found, _ = lint(tmp_path, "!ImportValue Network-MainRouteTable", "EgressOnlyInternetGatewayId: !Ref OtherEigw")
    assert len(found) == 1


def test_a_custom_resource_looks_up_a_table_of_the_vpc_it_is_given(tmp_path):
    """Where the target does not tell the VPC, the custom resource's properties do: its VpcId, or a resource in
    the VPC (a subnet); one given nothing of the run's may look up any VPC's."""
    assert len(lint(tmp_path, "!GetAtt MainTable.RouteTableId", TGW, given="OtherVpc")[0]) == 1
    assert not lint(tmp_path, "!GetAtt MainTable.RouteTableId", TGW, given="Vpc")[0]
    assert not lint(tmp_path, "!GetAtt MainTable.RouteTableId", TGW, given="Subnet")[0]
    assert not lint(tmp_path, "!GetAtt MainTable.RouteTableId", TGW, given="AWS::StackName")[0]


ENDPOINT_FIXTURE = "fixtures/W9630/good-endpoint-on-main-table-a-custom-resource-finds.yaml"
OTHER_VPC = """\
  OtherVpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.121.0.0/16
  S3GatewayEndpoint:"""


@pytest.mark.parametrize(
    ("table", "fires"),
    [
        ("!GetAtt MainRouteTable.RouteTableId", False),
        ("!ImportValue Network-MainRouteTable", False),
        ("'{{resolve:ssm:/network/main-route-table}}'", False),
        ("!Ref PrivateRouteTableA", True),  # (named twice: the main table is not among them)
        ("rtb-0123456789abcdef0", True),
    ],
)
def test_a_gateway_endpoint_on_a_table_found_outside_the_run_may_be_on_the_main_table(tmp_path, table, fires):
    """W9630 said the subnet on the main table had no S3 endpoint, though the endpoint may name that table."""
    text = (ROOT / ENDPOINT_FIXTURE).read_text().replace("!GetAtt MainRouteTable.RouteTableId", table)
    path = tmp_path / "template.yaml"
    path.write_text(text)
    result = engine.lint([str(path)])
    assert bool([f for f in result.findings if f.rule.id == "W9630"]) is fires
    causes = [u.text for u in result.undecided if "Vpc main route table has an S3 gateway endpoint" in u.fact]
    want = "AWS::EC2::VPCEndpoint S3GatewayEndpoint (its RouteTableIds) name a route table that "
    assert bool([c for c in causes if want in c and "may be the VPC's main route table" in c]) is not fires, causes


def test_a_gateway_endpoint_of_another_vpc_is_not_on_this_main_table(tmp_path):
    text = (ROOT / ENDPOINT_FIXTURE).read_text().replace("  S3GatewayEndpoint:", OTHER_VPC)
    path = tmp_path / "template.yaml"
    path.write_text(text.replace("VpcId: !Ref Vpc\n      ServiceName", "VpcId: !Ref OtherVpc\n      ServiceName"))
    assert [f for f in engine.lint([str(path)]).findings if f.rule.id == "W9630"]


def test_only_the_main_table_is_explained_by_what_may_make_an_endpoint_name_it():
    """An endpoint whose RouteTableIds come from a parameter may be on any table: a main one because the files
    cannot name it, the template's because the parameter is unknown; the first is said of main tables alone."""
    result = engine.lint([str(ROOT / "fixtures/W9630/good-endpoint-route-table-ids-parameter.yaml")])
    said = {(u.fact, u.text) for u in result.undecided if "gateway endpoint" in u.fact}
    assert said and not [text for _, text in said if "may be the VPC's main route table" in text], said
