"""Regional, private and like (counted, one-per-zone) NAT gateways in W9650/I9651, the cost their messages
state under configured prices, and RULES.md "Egress hosts"."""

from __future__ import annotations

import os

import pytest
from conftest import FIXTURES, ROOT
from test_network import nat_stack

from lambda6lint import engine
from lambda6lint.model import NatGateway, VpcEndpoint
from lambda6lint.pricing import NatCost, Prices

PRICES = Prices(nat_hourly=0.059, ipv4_hourly=0.006, nat_per_gb=0.052)


def messages(path: str, rule: str) -> list[str]:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = engine.lint([path], engine.Options(prices=PRICES))
    finally:
        os.chdir(cwd)
    return [f.message for f in result.findings if f.rule.id == rule]


@pytest.mark.parametrize(
    ("path", "rule", "cost"),
    [
        ("fixtures/W9650/bad-single-nat-lambda-only-dualstack.yaml", "W9650", "est. $47.45/month fixed plus"),
        (
            "fixtures/W9650/bad-regional-nat-gateway.yaml",
            "W9650",
            "est. $94.90/month fixed (2 zones and 2 public IPv4 addresses) plus",
        ),
        ("fixtures/W9650/bad-regional-nat-gateway.tfplan.json", "W9650", "est. $94.90/month fixed (2 zones and 2"),
        ("fixtures/W9650/bad-nat-gateway-per-zone-count", "W9650", "est. $94.90/month fixed for 2 NAT gateways plus"),
        (
            "fixtures/I9651/bad-regional-nat-flag-not-set.yaml",
            "I9651",
            "est. $43.07/month per active zone and $4.38/month per public IPv4 address plus",
        ),
        ("fixtures/cdk/classic-no-path-metadata", "I9651", "est. $94.90/month fixed for 2 NAT gateways plus"),
    ],
)
def test_saving_follows_the_configured_prices(path, rule, cost):
    found = messages(path, rule)
    assert len(found) == 1, found
    assert cost in found[0]
    assert "$0.052/GB processed (configured prices; an estimate" in found[0]
    regional = "regional" in path
    assert (
        "regional NAT gateway billing per zone is unverified" in found[0]
        or "per-zone billing is unverified" in found[0]
    ) is regional


def test_cost_arithmetic():
    assert (
        Prices().nat_saving_text(NatCost(addresses=3)).startswith("est. $43.80/month fixed (3 public IPv4 addresses)")
    )
    assert (
        Prices()
        .nat_saving_text(NatCost(count=3, zones=2, addresses=2, regional=True))
        .startswith("est. $219.00/month fixed for 3 NAT gateways (2 zones and 2 public IPv4 addresses each)")
    )
    assert Prices().nat_saving_text(NatCost(addresses=0)).startswith("est. $32.85/month fixed plus")


def test_private_nat_gateways_are_never_candidates():
    for path in ("fixtures/W9650/good-private-nat-gateway.yaml", "fixtures/W9650/good-private-nat-gateway"):
        assert messages(path, "W9650") == messages(path, "I9651") == []


def test_a_nat_gateway_without_subnet_and_an_endpoint_without_service_name_load():
    """Only VpcId is required now (research/aws-facts.md §12.2)."""
    result = engine.lint([str(FIXTURES / "W9650" / "bad-regional-nat-gateway.yaml")])
    assert not [f for f in result.findings if f.rule.id == "E9600"]
    g = nat_stack(
        """
    Lattice:
      Type: AWS::EC2::VPCEndpoint
      Properties:
        VpcId: !Ref Vpc
        VpcEndpointType: ServiceNetwork
        SubnetIds: [!Ref Private]
    Regional:
      Type: AWS::EC2::NatGateway
      Properties:
        AvailabilityMode: regional
        VpcId: !Ref Vpc
    """
    )
    regional = g["Regional"]
    assert isinstance(regional, NatGateway) and regional.regional and regional.subnet is None
    assert (regional.zones, regional.addresses) == (None, None)
    lattice = g["Lattice"]
    assert isinstance(lattice, VpcEndpoint) and lattice.service is None and lattice.gateway is False
    assert g.net.hosts_only_lambda(g["Private"]) is True


@pytest.mark.parametrize(
    ("resource", "blocks"),
    [
        ("Type: AWS::EFS::MountTarget\n  Properties: {FileSystemId: fs-1, SubnetId: !Ref Private}", False),
        (
            "Type: AWS::RDS::DBSubnetGroup\n  Properties: {DBSubnetGroupDescription: db, SubnetIds: [!Ref Private]}",
            False,
        ),
        ("Type: AWS::ElastiCache::SubnetGroup\n  Properties: {Description: c, SubnetIds: [!Ref Private]}", False),
        (
            "Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n"
            "  Properties: {Scheme: internal, Subnets: [!Ref Private]}",
            False,
        ),
        ("Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n  Properties: {Subnets: [!Ref Private]}", True),
        ("Type: AWS::EC2::Instance\n  Properties: {ImageId: ami-12345678, SubnetId: !Ref Private}", True),
        (
            "Type: AWS::Batch::ComputeEnvironment\n"
            "  Properties: {Type: MANAGED, ComputeResources: {Subnets: [!Ref Private]}}",
            True,
        ),
        ("Type: AWS::Custom::Unknown\n  Properties: {SubnetId: !Ref Private}", True),
        (
            "Type: AWS::EC2::FlowLog\n  Properties: {ResourceId: !Ref Private, ResourceType: Subnet,"
            " TrafficType: ALL, LogDestinationType: s3, LogDestination: arn:aws:s3:::logs}",
            False,
        ),
        (
            "Type: AWS::EC2::VPCEndpoint\n  Properties: {VpcId: !Ref Vpc, VpcEndpointType: Interface,"
            " ServiceName: com.amazonaws.us-east-1.sqs, SubnetIds: [!Ref Private]}",
            False,
        ),
        # forwards what other subnets route to it on through this subnet's routes: the NAT gateway
        (
            "Type: AWS::EC2::VPCEndpoint\n  Properties: {VpcId: !Ref Vpc, VpcEndpointType: GatewayLoadBalancer,"
            " ServiceName: com.amazonaws.vpce.us-east-1.vpce-svc-1, SubnetIds: [!Ref Private]}",
            True,
        ),
        (
            "Type: AWS::EC2::VPCEndpoint\n  Properties: {VpcId: !Ref Vpc, VpcEndpointType: !Ref AWS::Region,"
            " ServiceName: com.amazonaws.us-east-1.sqs, SubnetIds: [!Ref Private]}",
            True,
        ),
        # spokes of a central egress VPC reach the internet through it
        (
            "Type: AWS::EC2::TransitGatewayVpcAttachment\n"
            "  Properties: {TransitGatewayId: tgw-1, VpcId: !Ref Vpc, SubnetIds: [!Ref Private]}",
            True,
        ),
    ],
)
def test_egress_hosts(resource, blocks):
    g = nat_stack(f"Thing:\n  {resource}\n")
    assert g.net.hosts_only_lambda(g["Private"]) is (not blocks)
    assert (g.net.nat_assessment(g["Nat"]) is None) is blocks


@pytest.mark.parametrize(
    ("item", "zones"),
    [
        ("        - !Ref AWS::NoValue\n", "2 zones and 2 public IPv4 addresses"),
        ("        - !If [Never, {AvailabilityZone: x, AllocationIds: [eipalloc-1]}, !Ref AWS::NoValue]\n", "2 zones"),
    ],
)
def test_a_regional_nat_gateways_zone_of_no_value_is_no_zone(tmp_path, item, zones):
    """A regional NAT gateway's `AvailabilityZoneAddresses` item that is `AWS::NoValue` (or an `Fn::If` that
    picks it) is no zone, as CloudFormation drops it: it was read as a mapping (an internal error, E9600)."""
    text = (FIXTURES / "W9650" / "bad-regional-nat-gateway.yaml").read_text()
    last = "          AllocationIds: [!GetAtt NatEipB.AllocationId]\n"
    assert last in text
    text = text.replace(last, last + item, 1)
    text = text.replace("Resources:\n", "Conditions:\n  Never: !Equals [a, b]\nResources:\n", 1)
    (tmp_path / "t.yaml").write_text(text)
    found = engine.lint([str(tmp_path / "t.yaml")]).findings
    assert not [f.message for f in found if f.rule.id.startswith("E")]
    [w9650] = [f.message for f in found if f.rule.id == "W9650"]
    assert f"({zones}" in w9650, w9650
