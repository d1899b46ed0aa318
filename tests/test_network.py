"""The derived facts of `lambda6lint.network.Network` (RULES.md "Shared semantics").

Every rule trusts these answers; a wrong "known" answer becomes a false finding, so each unknown
case matters as much as the known ones. Graphs are built from small CloudFormation YAML through
the real loader, the way the engine builds them.
"""

from __future__ import annotations

from textwrap import dedent, indent

import pytest
from conftest import FIXTURES

from lambda6lint import engine
from lambda6lint.loaders.cloudformation import mapper as cloudformation
from lambda6lint.loaders.common.marked import load_text
from lambda6lint.model import UNKNOWN, RouteTable
from lambda6lint.network import IPV4_DEFAULT, IPV6_DEFAULT, MIGRATION_STEPS, Network

# Parameters without defaults and a condition on one of them: values nobody can know statically.
HEAD = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Flag:
    Type: String
  ExternalId:
    Type: String
  ExternalList:
    Type: CommaDelimitedList
Conditions:
  Maybe: !Equals [!Ref Flag, "yes"]
"""

VPC = """
Vpc:
  Type: AWS::EC2::VPC
  Properties:
    CidrBlock: 10.0.0.0/16
"""

VPC_IPV6 = """
VpcIpv6:
  Type: AWS::EC2::VPCCidrBlock
  Properties:
    VpcId: !Ref Vpc
    AmazonProvidedIpv6CidrBlock: true
"""


class Graph:
    """A loaded template: the Network plus lookup of resources by logical id."""

    def __init__(
        self,
        *resources: str,
        outputs: tuple[str, ...] = (),
        exports: tuple[str, ...] = (),
        head: str = HEAD,
        transform: str = "",
    ):
        body = "".join(indent(dedent(r).strip("\n") + "\n", "  ") for r in resources)
        text = head + (f"Transform: {transform}\n" if transform else "") + "Resources:\n" + body
        if outputs or exports:
            text += "Outputs:\n" + "".join(f"  Out{i}:\n    Value: {v}\n" for i, v in enumerate(outputs))
            text += "".join(
                f"  Exp{i}:\n    Value: {v}\n    Export:\n      Name: !Sub ${{AWS::StackName}}-{i}\n"
                for i, v in enumerate(exports)
            )
        self.template, found = cloudformation.load("template.yaml", load_text(text))
        self.net = Network(found, [self.template])

    def __getitem__(self, logical_id: str):
        res = self.net.get(self.template, logical_id)
        assert res is not None, f"{logical_id} was not loaded"
        return res


def subnet(name: str = "Subnet", cidr: str = "10.0.1.0/24", extra: str = "") -> str:
    return f"""
{name}:
  Type: AWS::EC2::Subnet
  Properties:
    VpcId: !Ref Vpc
    CidrBlock: {cidr}
{indent(dedent(extra).strip(chr(10)), "    ") if extra else ""}
"""


IPV6_CIDR = "Ipv6CidrBlock: !Select [1, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]"


def table(name: str = "Table") -> str:
    return f"""
{name}:
  Type: AWS::EC2::RouteTable
  Properties:
    VpcId: !Ref Vpc
"""


def association(subnet_name: str = "Subnet", table_name: str = "Table", condition: str = "") -> str:
    return f"""
{subnet_name}{table_name}Association:
  Type: AWS::EC2::SubnetRouteTableAssociation
  {"Condition: " + condition if condition else ""}
  Properties:
    SubnetId: !Ref {subnet_name}
    RouteTableId: !Ref {table_name}
"""


def route(name: str, destination: str, target: str, table_name: str = "Table", condition: str = "") -> str:
    key = (
        "DestinationIpv6CidrBlock"
        if ":" in destination and not destination.startswith("!")
        else ("DestinationCidrBlock")
    )
    return f"""
{name}:
  Type: AWS::EC2::Route
  {"Condition: " + condition if condition else ""}
  Properties:
    RouteTableId: !Ref {table_name}
    {key}: "{destination}"
    {target}
"""


IGW = """
Igw:
  Type: AWS::EC2::InternetGateway
"""

EIGW = """
Eigw:
  Type: AWS::EC2::EgressOnlyInternetGateway
  Properties:
    VpcId: !Ref Vpc
"""


def security_group(name: str = "Sg", egress: str | None = None) -> str:
    rules = f"    SecurityGroupEgress:\n{indent(dedent(egress).strip(chr(10)), '      ')}\n" if egress else ""
    return f"""
{name}:
  Type: AWS::EC2::SecurityGroup
  Properties:
    GroupDescription: test
    VpcId: !Ref Vpc
{rules}"""


def function(name: str = "Fn", subnets: tuple[str, ...] = ("Subnet",), extra: str = "", flag: str = "") -> str:
    ids = "\n".join(f"        - !Ref {s}" for s in subnets)
    flag_line = f"      Ipv6AllowedForDualStack: {flag}\n" if flag else ""
    return f"""
{name}:
  Type: AWS::Lambda::Function
  Properties:
    Runtime: python3.12
    Handler: index.handler
    Code:
      ZipFile: "def handler(e, c): pass"
    VpcConfig:
      SubnetIds:
{ids}
      SecurityGroupIds:
        - !Ref Sg
{flag_line}{indent(dedent(extra).strip(chr(10)), "    ") if extra else ""}
"""


# ----- subnet kind -------------------------------------------------------------------------------


def test_subnet_kind_dual_stack_from_cidr_over_vpc_ipv6_blocks():
    """An IPv6 CIDR computed from GetAtt Vpc.Ipv6CidrBlocks is unknowable but certainly present."""
    g = Graph(VPC, VPC_IPV6, subnet(extra=IPV6_CIDR))
    assert g.net.subnet_kind(g["Subnet"]) == "dual-stack"


def test_subnet_kind_dual_stack_from_separate_subnet_cidr_block():
    """IPv6 is often added later as its own resource, without touching the subnet."""
    block = """
    SubnetIpv6:
      Type: AWS::EC2::SubnetCidrBlock
      Properties:
        SubnetId: !Ref Subnet
        Ipv6CidrBlock: !Select [1, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]
    """
    g = Graph(VPC, VPC_IPV6, subnet(), block)
    assert g.net.subnet_kind(g["Subnet"]) == "dual-stack"


def test_subnet_kind_ipv4_only_without_any_ipv6_source():
    g = Graph(VPC, subnet())
    assert g.net.subnet_kind(g["Subnet"]) == "ipv4-only"


def test_subnet_kind_ipv6_only_when_ipv6_native():
    """Lambda cannot run in an IPv6-only subnet without the flag: E9603 needs this exact answer."""
    native = """
    V6Subnet:
      Type: AWS::EC2::Subnet
      Properties:
        VpcId: !Ref Vpc
        Ipv6Native: true
        Ipv6CidrBlock: !Select [2, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]
    """
    g = Graph(VPC, VPC_IPV6, native)
    assert g.net.subnet_kind(g["V6Subnet"]) == "ipv6-only"


def test_subnet_kind_unknown_when_ipv6_cidr_depends_on_undecidable_condition():
    """Fn::If with AWS::NoValue under a parameter's condition: either kind may be deployed."""
    cidr = IPV6_CIDR.split(": ", 1)[1]
    g = Graph(VPC, VPC_IPV6, subnet(extra=f"Ipv6CidrBlock: !If [Maybe, {cidr}, !Ref AWS::NoValue]"))
    assert g.net.subnet_kind(g["Subnet"]) == "unknown"


def test_subnet_kind_unknown_when_ipv6_native_is_a_parameter():
    g = Graph(VPC, VPC_IPV6, subnet(extra="Ipv6Native: !Ref Flag"))
    assert g.net.subnet_kind(g["Subnet"]) == "unknown"


# ----- effective route table ---------------------------------------------------------------------


def test_effective_route_table_is_the_explicit_association():
    g = Graph(VPC, subnet(), table(), association())
    assert g.net.effective_route_table(g["Subnet"]) is g["Table"]


def test_effective_route_table_without_association_is_main_table_with_local_routes_only():
    """CloudFormation cannot add routes to the main table, so its emptiness is a known fact."""
    g = Graph(VPC, subnet())
    main = g.net.effective_route_table(g["Subnet"])
    assert isinstance(main, RouteTable)
    assert main.main and main.local_only and main.vpc is g["Vpc"]
    assert g.net.default_routes(main, IPV4_DEFAULT) == []
    assert g.net.default_routes(main, IPV6_DEFAULT) == []


def test_effective_route_table_is_unknown_under_conditional_association():
    """Either the associated table or the main table: rules must not pick one."""
    g = Graph(VPC, subnet(), table(), association(condition="Maybe"))
    assert g.net.effective_route_table(g["Subnet"]) is UNKNOWN


def test_effective_route_table_is_unknown_when_table_is_a_parameter():
    assoc = """
    Assoc:
      Type: AWS::EC2::SubnetRouteTableAssociation
      Properties:
        SubnetId: !Ref Subnet
        RouteTableId: !Ref ExternalId
    """
    g = Graph(VPC, subnet(), assoc)
    assert g.net.effective_route_table(g["Subnet"]) is UNKNOWN


# ----- default routes ----------------------------------------------------------------------------


def test_default_routes_ipv4_route_never_covers_ipv6():
    """0.0.0.0/0 is only IPv4: a table with it alone still has no way out for IPv6 traffic."""
    g = Graph(VPC, IGW, table(), route("V4", "0.0.0.0/0", "GatewayId: !Ref Igw"))
    assert g.net.default_routes(g["Table"], IPV4_DEFAULT) == [g["V4"]]
    assert g.net.default_routes(g["Table"], IPV6_DEFAULT) == []


def test_default_routes_ipv6_route_found():
    g = Graph(VPC, EIGW, table(), route("V6", "::/0", "EgressOnlyInternetGatewayId: !Ref Eigw"))
    assert g.net.default_routes(g["Table"], IPV6_DEFAULT) == [g["V6"]]
    assert g.net.default_routes(g["Table"], IPV4_DEFAULT) == []


def test_default_routes_unknown_when_a_destination_is_a_parameter():
    """The parameter may well be ::/0."""
    g = Graph(
        VPC,
        EIGW,
        table(),
        route("Any", "!Ref ExternalId", "EgressOnlyInternetGatewayId: !Ref Eigw").replace(
            '"!Ref ExternalId"', "!Ref ExternalId"
        ),
    )
    assert g.net.default_routes(g["Table"], IPV6_DEFAULT) is None


def test_default_routes_unknown_when_the_route_is_conditional():
    g = Graph(VPC, EIGW, table(), route("V6", "::/0", "EgressOnlyInternetGatewayId: !Ref Eigw", condition="Maybe"))
    assert g.net.default_routes(g["Table"], IPV6_DEFAULT) is None


def test_default_routes_unknown_when_table_is_exported():
    """Another stack may add the route to an exported table."""
    g = Graph(VPC, table(), exports=("!Ref Table",))
    assert g.net.default_routes(g["Table"], IPV6_DEFAULT) is None


@pytest.mark.parametrize(
    "value", ["!Ref Table", "!Sub '${Table}'", '!Join ["", [!Ref Table]]', "!GetAtt Table.RouteTableId"]
)
def test_a_plain_output_does_not_open_a_resource(value):
    """RULES.md "Open resources": teams output ids out of habit; only an Export lets others extend it."""
    g = Graph(VPC, table(), outputs=(value,))
    assert g.net.default_routes(g["Table"], IPV6_DEFAULT) == []
    g = Graph(VPC, table(), exports=(value,))
    assert g.net.default_routes(g["Table"], IPV6_DEFAULT) is None


def test_default_routes_unknown_when_condition_joins_a_parameter():
    head = HEAD + '  JoinedFlag: !Equals [!Join ["", [!Ref Flag]], "yes"]\n'
    g = Graph(
        VPC,
        EIGW,
        table(),
        route("V6", "::/0", "EgressOnlyInternetGatewayId: !Ref Eigw", condition="JoinedFlag"),
        head=head,
    )
    assert g.net.default_routes(g["Table"], IPV6_DEFAULT) is None


def _prefix_list_route(name: str = "ToPartners") -> str:
    return f"""
{name}:
  Type: AWS::EC2::Route
  Properties:
    RouteTableId: !Ref Table
    DestinationPrefixListId: pl-0123456789abcdef0
    TransitGatewayId: tgw-0abc
"""


@pytest.mark.parametrize(
    "routes, verdict",
    [
        ((), True),
        ((route("Corp", "10.0.0.0/8", "TransitGatewayId: tgw-0abc"),), True),
        ((route("Shared", "100.64.0.0/10", "VpcPeeringConnectionId: pcx-0abc"),), True),
        ((route("V6", "::/0", "EgressOnlyInternetGatewayId: !Ref Eigw"),), True),  # (no IPv4 traffic takes it)
        (
            (
                route("Low", "0.0.0.0/1", "TransitGatewayId: tgw-0abc"),
                route("High", "128.0.0.0/1", "TransitGatewayId: tgw-0abc"),
            ),
            False,
        ),
        ((route("Default", "0.0.0.0/0", "TransitGatewayId: tgw-0abc"),), False),
        ((route("Partner", "203.0.113.0/24", "TransitGatewayId: tgw-0abc"),), False),
        ((_prefix_list_route(),), False),  # (its entries, maybe public, are not in the template)
        ((route("Maybe", "0.0.0.0/1", "TransitGatewayId: tgw-0abc", condition="Maybe"),), None),
        (
            (
                route("Any", "!Ref ExternalId", "TransitGatewayId: tgw-0abc").replace(
                    '"!Ref ExternalId"', "!Ref ExternalId"
                ),
            ),
            None,
        ),
    ],
    ids=[
        "none",
        "rfc1918",
        "shared-space",
        "ipv6-only",
        "split-default",
        "default",
        "public-cidr",
        "prefix-list",
        "conditional",
        "parameter",
    ],
)
def test_ipv4_internet_unrouted_only_when_every_ipv4_route_is_to_private_ranges(routes, verdict):
    """I9605 says a function has "no internet path today" only on this: a table without 0.0.0.0/0 may route
    the internet through two /1 routes, a public CIDR or a prefix list."""
    g = Graph(VPC, EIGW, table(), *routes)
    assert g.net.ipv4_internet_unrouted(g["Table"]) is verdict


def test_ipv4_internet_unrouted_unknown_for_an_exported_table():
    g = Graph(VPC, table(), exports=("!Ref Table",))
    assert g.net.ipv4_internet_unrouted(g["Table"]) is None


# ----- route targets -----------------------------------------------------------------------------


def test_route_target_igw_from_gateway_id_ref_to_internet_gateway():
    g = Graph(VPC, IGW, table(), route("R", "0.0.0.0/0", "GatewayId: !Ref Igw"))
    assert g["R"].target_kind == "igw" and g["R"].target is g["Igw"]


def test_route_target_eigw():
    g = Graph(VPC, EIGW, table(), route("R", "::/0", "EgressOnlyInternetGatewayId: !Ref Eigw"))
    assert g["R"].target_kind == "eigw" and g["R"].target is g["Eigw"]


NAT = """
Nat:
  Type: AWS::EC2::NatGateway
  Properties:
    SubnetId: !Ref Subnet
    AllocationId: !GetAtt NatEip.AllocationId
NatEip:
  Type: AWS::EC2::EIP
  Properties:
    Domain: vpc
"""


def test_route_target_nat_from_ref():
    g = Graph(VPC, subnet(), NAT, table(), route("R", "0.0.0.0/0", "NatGatewayId: !Ref Nat"))
    assert g["R"].target_kind == "nat" and g["R"].target is g["Nat"]


def test_route_target_nat_from_getatt_nat_gateway_id():
    g = Graph(VPC, subnet(), NAT, table(), route("R", "0.0.0.0/0", "NatGatewayId: !GetAtt Nat.NatGatewayId"))
    assert g["R"].target_kind == "nat" and g["R"].target is g["Nat"]


@pytest.mark.parametrize(("decided", "kind"), [("Always", "nat"), ("Never", "igw"), ("Maybe", "unknown")])
def test_route_target_in_whichever_property_a_condition_leaves(decided, kind):
    """Two target properties, each under Fn::If with AWS::NoValue: the target is the one present (the
    first property was taken whatever it held, NoValue too); an undecided condition leaves it unknown."""
    head = HEAD + '  Always: !Equals ["a", "a"]\n  Never: !Equals ["a", "b"]\n'
    target = (
        f"GatewayId: !If [{decided}, !Ref AWS::NoValue, !Ref Igw]\n"
        f"    NatGatewayId: !If [{decided}, !Ref Nat, !Ref AWS::NoValue]"
    )
    g = Graph(VPC, IGW, subnet(), NAT, table(), route("R", "0.0.0.0/0", target), head=head)
    assert g["R"].target_kind == kind


def test_route_target_tgw():
    tgw = """
    Tgw:
      Type: AWS::EC2::TransitGateway
    """
    g = Graph(VPC, tgw, table(), route("R", "0.0.0.0/0", "TransitGatewayId: !Ref Tgw"))
    assert g["R"].target_kind == "tgw"


def test_route_target_unknown_when_gateway_id_is_a_parameter():
    """A GatewayId parameter may be an internet gateway or a virtual private gateway."""
    g = Graph(VPC, table(), route("R", "0.0.0.0/0", "GatewayId: !Ref ExternalId"))
    assert g["R"].target_kind == "unknown"


def test_route_target_unknown_when_gateway_id_parameter_has_a_default():
    param = "  GatewayParam:\n    Type: String\n    Default: igw-0123456789abcdef0\n"
    head = HEAD.replace("Conditions:", param + "Conditions:")
    g = Graph(VPC, table(), route("R", "0.0.0.0/0", "GatewayId: !Ref GatewayParam"), head=head)
    assert g["R"].target_kind == "unknown"


# ----- security-group IPv6 egress ----------------------------------------------------------------


def test_sg_without_egress_rules_allows_no_ipv6():
    """CloudFormation adds only the IPv4 allow-all rule to a group declared without egress."""
    g = Graph(VPC, security_group())
    assert g.net.sg_allows_ipv6_egress(g["Sg"]) is False


def test_sg_with_cidr_ipv6_everywhere_allows_ipv6():
    g = Graph(VPC, security_group(egress='- {IpProtocol: "-1", CidrIpv6: "::/0"}'))
    assert g.net.sg_allows_ipv6_egress(g["Sg"]) is True


def test_sg_with_only_ula_ipv6_egress_allows_no_internet_ipv6():
    """fd00::/8 is private address space: it does not reach the internet."""
    g = Graph(VPC, security_group(egress='- {IpProtocol: "-1", CidrIpv6: "fd00::/8"}'))
    assert g.net.sg_allows_ipv6_egress(g["Sg"]) is False


def test_sg_with_standalone_egress_resource_allows_ipv6():
    rule = """
    SgEgress:
      Type: AWS::EC2::SecurityGroupEgress
      Properties:
        GroupId: !GetAtt Sg.GroupId
        IpProtocol: "-1"
        CidrIpv6: "::/0"
    """
    g = Graph(VPC, security_group(), rule)
    assert g.net.sg_allows_ipv6_egress(g["Sg"]) is True


def test_sg_with_egress_to_a_prefix_list_of_unknown_ranges_may_allow_ipv6():
    """A literal `pl-…` may be S3's IPv4 list or one of IPv6 ranges: W9620 stays silent, and W9650 may not
    claim IPv6 egress from it either (it did: the NAT gateway "could go")."""
    rule = "- {IpProtocol: tcp, FromPort: 443, ToPort: 443, DestinationPrefixListId: pl-1234}"
    g = Graph(VPC, security_group(egress=rule))
    assert g.net.sg_allows_ipv6_egress(g["Sg"]) is None
    [egress] = g["Sg"].egress
    assert egress.cause is not None and egress.cause.startswith("has a rule to prefix list `pl-1234`, whose ranges")


def test_sg_with_egress_to_a_declared_ipv6_prefix_list_allows_ipv6():
    declared = """
    Partners:
      Type: AWS::EC2::PrefixList
      Properties: {PrefixListName: partners, AddressFamily: IPv6, MaxEntries: 5}
    """
    rule = "- {IpProtocol: tcp, FromPort: 443, ToPort: 443, DestinationPrefixListId: !Ref Partners}"
    g = Graph(VPC, declared, security_group(egress=rule))
    assert g.net.sg_allows_ipv6_egress(g["Sg"]) is True


def test_sg_unknown_when_cidr_ipv6_is_a_parameter():
    g = Graph(VPC, security_group(egress='- {IpProtocol: "-1", CidrIpv6: !Ref ExternalId}'))
    assert g.net.sg_allows_ipv6_egress(g["Sg"]) is None


@pytest.mark.parametrize(
    ("destination", "allows"),
    [
        ("!Select [0, !GetAtt Vpc.Ipv6CidrBlocks]", False),  # the VPC's own addresses: the local route
        ("!Select [1, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]", False),
        # (past the count, over Fn::Cidr's 256: a failed deploy)
        ("!Select [4, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]", None),
        ("!Select [1, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 257, 64]]", None),
        ("!Select [1, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], !Ref ExternalId, 64]]", None),
        ("!Select [0, !GetAtt Subnet.Ipv6CidrBlocks]", False),
        ("!Select [0, !GetAtt Other.Ipv6CidrBlocks]", None),  # (not a VPC or subnet of the template)
        ("!Ref ExternalId", None),
    ],
)
def test_sg_egress_to_the_vpcs_own_ipv6_block_is_not_internet_egress(destination, allows):
    """W9620 stayed silent on a group whose only IPv6 egress is the VPC's own block (a database in it)."""
    rule = f"- {{IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIpv6: {destination}}}"
    other = "Other:\n  Type: AWS::CloudFormation::Stack\n  Properties: {TemplateURL: https://example.com/t.yaml}\n"
    g = Graph(VPC, VPC_IPV6, subnet("Subnet", "10.0.1.0/24", IPV6_CIDR), other, security_group(egress=rule))
    assert g.net.sg_allows_ipv6_egress(g["Sg"]) is allows


def test_sg_unknown_when_exported_and_no_rule_allows_ipv6():
    """Another stack may attach an egress rule to an exported group."""
    g = Graph(VPC, security_group(), exports=("!GetAtt Sg.GroupId",))
    assert g.net.sg_allows_ipv6_egress(g["Sg"]) is None


# ----- VPC IPv6 ----------------------------------------------------------------------------------


def test_vpc_has_ipv6_with_amazon_provided_block():
    g = Graph(VPC, VPC_IPV6)
    assert g.net.vpc_has_ipv6(g["Vpc"]) is True


def test_vpc_without_ipv6_block():
    g = Graph(VPC)
    assert g.net.vpc_has_ipv6(g["Vpc"]) is False


def test_vpc_ipv4_secondary_block_is_not_ipv6():
    block = """
    Secondary:
      Type: AWS::EC2::VPCCidrBlock
      Properties:
        VpcId: !Ref Vpc
        CidrBlock: 10.1.0.0/16
    """
    g = Graph(VPC, block)
    assert g.net.vpc_has_ipv6(g["Vpc"]) is False


def test_vpc_ipv6_unknown_when_block_is_conditional():
    g = Graph(VPC, dedent(VPC_IPV6).replace("  Type:", "  Condition: Maybe\n  Type:", 1))
    assert g.net.vpc_has_ipv6(g["Vpc"]) is None


def test_vpc_ipv6_unknown_when_exported_without_block():
    """Another stack may add the IPv6 block to an exported VPC."""
    g = Graph(VPC, exports=("!Ref Vpc",))
    assert g.net.vpc_has_ipv6(g["Vpc"]) is None


def _fn_with(subnet_ids: str, group_vpc: str = "!Ref Vpc") -> Graph:
    sg = security_group().replace("VpcId: !Ref Vpc", f"VpcId: {group_vpc}")
    fn = function().replace("      SubnetIds:\n        - !Ref Subnet", f"      SubnetIds: {subnet_ids}")
    return Graph(VPC, subnet(), sg, fn)


@pytest.mark.parametrize(
    ("subnet_ids", "group_vpc", "known"),
    [
        ("[!Ref Subnet]", "!Ref ExternalId", True),  # its subnets say it
        ("!Ref ExternalList", "!Ref Vpc", True),  # its group says it: Lambda takes one VPC's groups and subnets
        ("!Ref ExternalList", "!Ref ExternalId", False),
        ("[]", "!Ref Vpc", False),  # not in a VPC at all
    ],
)
def test_function_vpc_from_its_subnets_else_its_security_groups(subnet_ids, group_vpc, known):
    """Subnets of an unknown count (or a parameter) left a function's VPC unknown though its security
    group names it: I9605 stayed silent on a VPC without IPv6 (found on public Terraform)."""
    g = _fn_with(subnet_ids, group_vpc)
    assert (g.net.function_vpc(g["Fn"]) is g["Vpc"]) is known


def _pool(scope: str, extra: str = "") -> str:
    return f"""
Ipam:
  Type: AWS::EC2::IPAM
Scope:
  Type: AWS::EC2::IPAMScope
  Properties: {{IpamId: !Ref Ipam}}
Pool:
  Type: AWS::EC2::IPAMPool
  Properties: {{AddressFamily: ipv6, IpamScopeId: {scope}{extra}}}
"""


@pytest.mark.parametrize(
    ("source", "public"),
    [
        ("AmazonProvidedIpv6CidrBlock: true", True),
        ("Ipv6Pool: ipv6pool-ec2-0123456789abcdef0", None),  # (BYOIP: advertised? not said, as IPAM's byoip)
        ("Ipv6IpamPoolId: !Ref Pool", False),  # a private scope's
        ("Ipv6IpamPoolId: !Ref ExternalId", None),
    ],
)
@pytest.mark.parametrize(
    ("scope", "extra", "scoped"),
    [
        ("!GetAtt Ipam.PrivateDefaultScopeId", "", False),
        ("!Ref Scope", "", False),  # IPAM makes only private scopes
        ("!GetAtt Ipam.PublicDefaultScopeId", ", PublicIpSource: amazon", True),
        ("!GetAtt Ipam.PublicDefaultScopeId", ", PubliclyAdvertisable: true", True),
        ("!GetAtt Ipam.PublicDefaultScopeId", ", PublicIpSource: byoip", None),  # (advertised? not said)
    ],
)
def test_a_vpc_ipv6_block_reaches_the_internet_unless_a_private_scope_holds_it(source, public, scope, extra, scoped):
    """A VPC whose IPv6 came from IPAM's private scope had 'IPv6 egress': W9650 said its NAT gateway
    could go, which would cut its functions off the internet (found by a helper)."""
    block = f"VpcIpv6:\n  Type: AWS::EC2::VPCCidrBlock\n  Properties: {{VpcId: !Ref Vpc, {source}}}\n"
    g = Graph(VPC, _pool(scope, extra), block)
    assert g.net.vpc_has_ipv6(g["Vpc"]) is True
    assert g.net.vpc_ipv6_public(g["Vpc"]) is (scoped if "!Ref Pool" in source else public)


# ----- services a function uses ------------------------------------------------------------------

ROLE = """
Role:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Statement:
        - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
{policies}
"""


def role(policies: str = "") -> str:
    return ROLE.replace("{policies}", policies)


def plain_function(extra: str = "") -> str:
    return f"""
Fn:
  Type: AWS::Lambda::Function
  Properties:
    Runtime: python3.12
    Handler: index.handler
    Role: !GetAtt Role.Arn
    Code:
      ZipFile: "def handler(e, c): pass"
{indent(dedent(extra).strip(chr(10)), "    ") if extra else ""}
"""


def test_services_used_from_role_inline_policy():
    policies = """\
    Policies:
      - PolicyName: data
        PolicyDocument:
          Statement:
            - {Effect: Allow, Action: ["s3:GetObject"], Resource: "*"}"""
    g = Graph(role(policies), plain_function())
    assert set(g.net.services_used(g["Fn"])) == {"s3"}


def test_services_used_from_iam_policy_attached_through_roles():
    policy = """
    TablePolicy:
      Type: AWS::IAM::Policy
      Properties:
        PolicyName: table
        Roles: [!Ref Role]
        PolicyDocument:
          Statement:
            - {Effect: Allow, Action: "dynamodb:PutItem", Resource: "*"}
    """
    g = Graph(role(""), plain_function(), policy)
    assert set(g.net.services_used(g["Fn"])) == {"dynamodb"}


def test_services_used_ignores_denied_actions():
    policies = """\
    Policies:
      - PolicyName: data
        PolicyDocument:
          Statement:
            - {Effect: Deny, Action: "s3:*", Resource: "*"}"""
    g = Graph(role(policies), plain_function())
    assert g.net.services_used(g["Fn"]) == {}


STORES = """
Bucket:
  Type: AWS::S3::Bucket
Orders:
  Type: AWS::DynamoDB::Table
  Properties:
    BillingMode: PAY_PER_REQUEST
    KeySchema: [{AttributeName: id, KeyType: HASH}]
    AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
"""


def test_services_used_from_environment_references_to_bucket_and_table():
    env = """
    Environment:
      Variables:
        BUCKET: !Ref Bucket
        TABLE_ARN: !GetAtt Orders.Arn
    """
    g = Graph(role(""), STORES, plain_function(env))
    assert set(g.net.services_used(g["Fn"])) == {"s3", "dynamodb"}


def test_services_used_not_from_deployment_package_bucket():
    """Lambda fetches Code.S3Bucket at deploy time; the function's code never calls it."""
    g = Graph(
        role(""),
        STORES,
        plain_function().replace('ZipFile: "def handler(e, c): pass"', "S3Bucket: !Ref Bucket\n      S3Key: code.zip"),
    )
    assert g["Fn"].refs >= {"Bucket"}
    assert g.net.services_used(g["Fn"]) == {}


def test_services_used_not_from_literal_names_in_environment():
    """A literal string may be a bucket name, or anything else: no evidence."""
    env = """
    Environment:
      Variables:
        BUCKET: orders-bucket
        TABLE: orders
    """
    g = Graph(role(""), plain_function(env))
    assert g.net.services_used(g["Fn"]) == {}


def test_services_used_from_sam_policy_templates():
    sam_fn = """
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Runtime: python3.12
        Handler: index.handler
        CodeUri: src/
        Policies:
          - S3ReadPolicy:
              BucketName: !Ref Bucket
          - DynamoDBCrudPolicy:
              TableName: orders
    Bucket:
      Type: AWS::S3::Bucket
    """
    g = Graph(sam_fn, transform="AWS::Serverless-2016-10-31")
    assert set(g.net.services_used(g["Fn"])) == {"s3", "dynamodb"}


def test_services_used_from_managed_policy_attached_through_role_arns():
    policy = """
    DataPolicy:
      Type: AWS::IAM::ManagedPolicy
      Properties:
        PolicyDocument:
          Statement:
            - {Effect: Allow, Action: "s3:GetObject", Resource: "*"}
    """
    g = Graph(role("    ManagedPolicyArns: [!Ref DataPolicy]"), policy, plain_function())
    assert set(g.net.services_used(g["Fn"])) == {"s3"}


# ----- gateway endpoints -------------------------------------------------------------------------


def endpoint(kind: str = "", tables: str = "[!Ref Table]", service: str = "s3") -> str:
    return f"""
Endpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: !Ref Vpc
    ServiceName: !Sub com.amazonaws.${{AWS::Region}}.{service}
    {"VpcEndpointType: " + kind if kind else ""}
    RouteTableIds: {tables}
"""


def test_gateway_endpoint_without_type_is_a_gateway_endpoint():
    g = Graph(VPC, table(), endpoint())
    assert g.net.gateway_endpoint_on(g["Table"], "s3") is True
    assert g.net.gateway_endpoint_on(g["Table"], "dynamodb") is False


def test_gateway_endpoint_interface_endpoint_does_not_count():
    """Interface endpoints work through DNS and ENIs, not route tables."""
    g = Graph(VPC, table(), endpoint(kind="Interface", tables="[]"))
    assert g.net.gateway_endpoint_on(g["Table"], "s3") is False


def test_gateway_endpoint_on_another_table_does_not_count():
    g = Graph(VPC, table(), table("Other"), endpoint(tables="[!Ref Other]"))
    assert g.net.gateway_endpoint_on(g["Table"], "s3") is False


def test_gateway_endpoint_unknown_when_route_tables_are_a_parameter():
    g = Graph(VPC, table(), endpoint(tables="!Ref ExternalList"))
    assert g.net.gateway_endpoint_on(g["Table"], "s3") is None


# ----- NAT gateway assessment --------------------------------------------------------------------


def nat_stack(
    *extra: str,
    vpc_ipv6: bool = True,
    subnet_ipv6: bool = True,
    v6_route: bool = True,
    sg_ipv6: bool = True,
    flag: bool = True,
    outputs: tuple[str, ...] = (),
    runtime: str = "python3.12",
    fn_extra: str = "",
) -> Graph:
    """A public subnet with the NAT, a private subnet routing 0.0.0.0/0 to it, one function there."""
    parts = [
        VPC,
        IGW,
        EIGW,
        subnet("Public", "10.0.0.0/24"),
        table("PublicTable"),
        association("Public", "PublicTable"),
        route("PublicDefault", "0.0.0.0/0", "GatewayId: !Ref Igw", table_name="PublicTable"),
        NAT.replace("!Ref Subnet", "!Ref Public"),
        subnet("Private", "10.0.1.0/24", IPV6_CIDR if subnet_ipv6 else ""),
        table("PrivateTable"),
        association("Private", "PrivateTable"),
        route("NatRoute", "0.0.0.0/0", "NatGatewayId: !Ref Nat", table_name="PrivateTable"),
        # (IPv4 out too: a function whose groups let out IPv6 alone sends the NAT gateway nothing, and is no user)
        security_group(
            egress='- {IpProtocol: "-1", CidrIpv6: "::/0"}\n- {IpProtocol: "-1", CidrIp: 0.0.0.0/0}'
            if sg_ipv6
            else None
        ),
        function(subnets=("Private",), flag="true" if flag else "", extra=fn_extra).replace("python3.12", runtime),
        *extra,
    ]
    if vpc_ipv6:
        parts.append(VPC_IPV6)
    if v6_route:
        parts.append(route("V6Route", "::/0", "EgressOnlyInternetGatewayId: !Ref Eigw", table_name="PrivateTable"))
    return Graph(*parts, outputs=outputs)


def test_nat_assessment_names_consumer_subnets_functions_and_tables():
    g = nat_stack()
    found = g.net.nat_assessment(g["Nat"])
    assert found is not None
    assert found.nat is g["Nat"]
    assert found.subnets == [g["Private"]]
    assert found.functions == [g["Fn"]]
    assert found.tables == [g["PrivateTable"]]
    assert found.missing == {}
    assert found.sdk_unset == [g["Fn"]]  # no AWS_USE_DUALSTACK_ENDPOINT


def test_nat_assessment_none_when_consumer_subnet_hosts_an_instance():
    """An EC2 instance may need IPv4 internet egress that only the NAT gives."""
    instance = """
    Box:
      Type: AWS::EC2::Instance
      Properties:
        ImageId: ami-12345678
        SubnetId: !Ref Private
    """
    g = nat_stack(instance)
    assert g.net.hosts_only_lambda(g["Private"]) is False
    assert g.net.nat_assessment(g["Nat"]) is None


def test_nat_assessment_none_for_nat64_target():
    """DNS64 clients reach IPv4-only hosts through NAT64: the NAT gateway is still needed."""
    nat64 = route("Nat64", "64:ff9b::/96", "NatGatewayId: !Ref Nat", table_name="PrivateTable")
    g = nat_stack(nat64)
    assert g.net.nat_assessment(g["Nat"]) is None


def test_nat_assessment_none_when_elastic_ip_is_exported():
    """An exported Elastic IP is a deliberate static egress address someone allow-lists."""
    g = nat_stack(outputs=("!Ref NatEip",))
    assert g.net.nat_assessment(g["Nat"]) is None


def test_nat_assessment_none_without_function_consumers():
    g = Graph(
        VPC,
        IGW,
        subnet("Public", "10.0.0.0/24"),
        NAT.replace("!Ref Subnet", "!Ref Public"),
        subnet("Private"),
        table("PrivateTable"),
        association("Private", "PrivateTable"),
        route("NatRoute", "0.0.0.0/0", "NatGatewayId: !Ref Nat", table_name="PrivateTable"),
    )
    assert g.net.nat_assessment(g["Nat"]) is None


def test_nat_assessment_lists_every_missing_step_in_migration_order():
    g = nat_stack(vpc_ipv6=False, subnet_ipv6=False, v6_route=False, sg_ipv6=False, flag=False)
    found = g.net.nat_assessment(g["Nat"])
    assert found is not None
    assert list(found.missing) == ["vpc-ipv6", "subnet-ipv6", "ipv6-route", "sg-ipv6", "function-flag"]
    assert all(step in MIGRATION_STEPS for step in found.missing)
    # each step names what still lacks it
    assert found.missing["vpc-ipv6"] == [g["Vpc"]]
    assert found.missing["subnet-ipv6"] == [g["Private"]]
    assert found.missing["ipv6-route"] == [g["PrivateTable"]]
    assert found.missing["function-flag"] == [g["Fn"]]


def test_nat_assessment_orders_steps_merged_from_several_functions():
    """Steps gathered function by function must still come out in the order they must be done."""
    second = function("Second", subnets=("Private",), flag="true").replace("!Ref Sg", "!Ref ClosedSg")
    g = nat_stack(second, security_group("ClosedSg"), flag=False)
    found = g.net.nat_assessment(g["Nat"])
    assert found is not None
    assert found.functions == [g["Fn"], g["Second"]]
    assert list(found.missing) == ["sg-ipv6", "function-flag"]
    assert found.missing["sg-ipv6"] == [g["ClosedSg"]]
    assert found.missing["function-flag"] == [g["Fn"]]


def test_default_routes_of_exported_table_keep_the_routes_it_declares():
    """Other stacks may add routes to an exported table but cannot remove the ones declared here."""
    g = Graph(
        VPC, EIGW, table(), route("V6", "::/0", "EgressOnlyInternetGatewayId: !Ref Eigw"), exports=("!Ref Table",)
    )
    routes = g.net.default_routes(g["Table"], IPV6_DEFAULT)
    assert routes is not None and [r.target_kind for r in routes] == ["eigw"]


def test_nat_assessment_none_for_private_nat_gateway():
    """A private NAT gateway reaches other networks, not the internet: an egress-only gateway cannot replace it."""
    g = nat_stack()
    g["Nat"].public = False
    assert g.net.nat_assessment(g["Nat"]) is None


def test_sg_egress_to_a_declared_ipv4_prefix_list_is_not_ipv6():
    """An IPv4 prefix list declared in the template (e.g. for S3 over IPv4) carries no IPv6 traffic."""
    prefix_list = """
    Ipv4List:
      Type: AWS::EC2::PrefixList
      Properties:
        AddressFamily: IPv4
        MaxEntries: 1
        PrefixListName: partners
        Entries: [{Cidr: 192.0.2.0/24}]
    """
    g = Graph(VPC, prefix_list, security_group(egress='- {IpProtocol: "-1", DestinationPrefixListId: !Ref Ipv4List}'))
    assert g.net.sg_allows_ipv6_egress(g["Sg"]) is False


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("GatewayId: !Ref Nat", "nat"),  # CloudFormation accepts a NAT gateway in GatewayId
        ("NatGatewayId: !GetAtt Nat.NatGatewayId", "nat"),
        ("GatewayId: !Ref Igw", "igw"),
        ("GatewayId: !Ref Eigw", "eigw"),
        ("GatewayId: igw-0abc", "igw"),
        ("GatewayId: nat-0abc", "nat"),
        ("GatewayId: vgw-0abc", "vgw"),
        ("TransitGatewayId: tgw-0abc", "tgw"),
        ("VpcPeeringConnectionId: pcx-0abc", "peering"),
        ("NetworkInterfaceId: eni-0abc", "eni"),
        ("InstanceId: i-0abc", "instance"),
        ("GatewayId: !Ref SomeParameter", "unknown"),
        ("NatGatewayId: !Ref SomeParameter", "nat"),  # the property only takes NAT gateway ids
    ],
)
def test_route_target_by_what_it_points_at(target, kind):
    """RULES.md "Route targets": a route's target is what it points at, then a literal id's prefix,
    then the property it is written in."""
    g = Graph(VPC, IGW, EIGW, subnet(), NAT, table(), route("R", "0.0.0.0/0", target))
    assert g["R"].target_kind == kind


# ----- runtime, environment, versions ------------------------------------------------------------


def node_function(runtime: str = "nodejs22.x", options: str | None = None, flag: str = "true") -> str:
    env = f'Environment:\n  Variables:\n    NODE_OPTIONS: "{options}"' if options is not None else ""
    return function(flag=flag, extra=env).replace("python3.12", runtime)


def test_dns_order_unsupported_only_for_ipv6first_before_node_20():
    """Node 18 rejects `ipv6first` at startup; 20.13+ and 22.1+ accept it (aws-facts §12.1)."""
    cases = {
        ("nodejs18.x", "--enable-source-maps --dns-result-order=ipv6first"): True,
        ("nodejs16.x", "--dns-result-order ipv6first"): True,
        ("nodejs20.x", "--dns-result-order=ipv6first"): False,
        ("nodejs18.x", "--dns-result-order=ipv4first"): False,
        ("python3.12", "--dns-result-order=ipv6first"): False,  # not Node: nobody reads it
        ("!Ref Flag", "--dns-result-order=ipv6first"): None,  # a runtime we cannot know
        ("nodejs18.x", "!Ref Flag"): None,
    }
    for (runtime, options), expected in cases.items():
        env = options if options.startswith("!") else f'"{options}"'
        fn = function(extra=f"Environment:\n  Variables:\n    NODE_OPTIONS: {env}").replace("python3.12", runtime)
        g = Graph(VPC, subnet(), security_group(), fn)
        assert g.net.dns_order_unsupported(g["Fn"]) is expected, (runtime, options)


def test_sdk_dualstack_reads_a_yaml_boolean_as_the_text_cloudformation_passes():
    fn = function(extra="Environment:\n  Variables:\n    AWS_USE_DUALSTACK_ENDPOINT: true")
    g = Graph(VPC, subnet(), security_group(), fn)
    assert g.net.sdk_dualstack(g["Fn"]) is True


def test_published_by_version_or_alias_but_not_by_alias_to_latest():
    version = "Version:\n  Type: AWS::Lambda::Version\n  Properties:\n    FunctionName: !Ref Fn\n"
    latest = (
        "Live:\n  Type: AWS::Lambda::Alias\n  Properties:\n    FunctionName: !Ref Fn\n"
        "    FunctionVersion: $LATEST\n    Name: live\n"
    )
    from_parameter = latest.replace("$LATEST", "!Ref ExternalId")
    base = (VPC, subnet(), security_group(), function(flag="true"))
    g = Graph(*base)
    assert g.net.published(g["Fn"]) is False
    g = Graph(*base, version)
    assert g.net.published(g["Fn"]) is True
    g = Graph(*base, latest)
    assert g.net.published(g["Fn"]) is False
    g = Graph(*base, from_parameter)
    assert g.net.published(g["Fn"]) is None


def test_published_unknown_when_a_version_names_a_function_we_cannot_resolve():
    version = "Version:\n  Type: AWS::Lambda::Version\n  Properties:\n    FunctionName: !Ref ExternalId\n"
    g = Graph(VPC, subnet(), security_group(), function(flag="true"), version)
    assert g.net.published(g["Fn"]) is None


# ----- IPv6-only egress and NAT64 ----------------------------------------------------------------


def egress_stack(*extra: str, ipv4_target: str | None = None, flag: str = "true") -> Graph:
    routes = [route("V6", "::/0", "EgressOnlyInternetGatewayId: !Ref Eigw")]
    if ipv4_target:
        routes.append(route("V4", "0.0.0.0/0", ipv4_target))
    return Graph(
        VPC,
        VPC_IPV6,
        EIGW,
        IGW,
        subnet(extra=IPV6_CIDR + "\nEnableDns64: true"),
        table(),
        association(),
        *routes,
        security_group(),
        function(flag=flag),
        *extra,
    )


def test_ipv6_only_egress_without_an_ipv4_path():
    g = egress_stack()
    assert g.net.ipv6_only_egress(g["Fn"]) is True
    g = egress_stack(ipv4_target="GatewayId: !Ref Igw")  # an internet gateway gives Lambda no IPv4
    assert g.net.ipv6_only_egress(g["Fn"]) is True
    g = egress_stack("Nat:\n  Type: AWS::EC2::NatGateway\n", ipv4_target="NatGatewayId: !Ref Nat")
    assert g.net.ipv6_only_egress(g["Fn"]) is False
    g = egress_stack(ipv4_target="TransitGatewayId: !Ref ExternalId")
    assert g.net.ipv6_only_egress(g["Fn"]) is False
    g = egress_stack(flag="false")
    assert g.net.ipv6_only_egress(g["Fn"]) is False


def test_nat64_reachable_needs_a_route_for_the_synthesized_prefix():
    g = egress_stack()
    assert g.net.nat64_reachable(g["Table"]) is False  # 64:ff9b::/96 falls under ::/0 → egress-only gateway
    nat = "Nat:\n  Type: AWS::EC2::NatGateway\n"
    g = egress_stack(nat, route("Nat64", "64:ff9b::/96", "NatGatewayId: !Ref Nat"))
    assert g.net.nat64_reachable(g["Table"]) is True
    g = egress_stack(nat, route("Nat64", "64:ff9b::/96", "NatGatewayId: !Ref Nat", condition="Maybe"))
    assert g.net.nat64_reachable(g["Table"]) is None
    g = egress_stack(route("Central", "64:ff9b::/96", "TransitGatewayId: !Ref ExternalId"))
    assert g.net.nat64_reachable(g["Table"]) is True  # a central NAT64 behind a transit gateway
    unknown = route("Unknown", "::/1", "TransitGatewayId: !Ref ExternalId").replace('"::/1"', "!Ref ExternalId")
    g = egress_stack(unknown)
    assert g.net.nat64_reachable(g["Table"]) is None


# ----- creation order ----------------------------------------------------------------------------


def test_created_after_follows_depends_on_and_references_through_a_chain():
    gateway = EIGW.replace("Eigw:", "Gateway:").replace("  Properties:", "  DependsOn: VpcIpv6\n  Properties:")
    later = subnet("Later", extra=IPV6_CIDR).replace("Properties:", "DependsOn: [Gateway]\n  Properties:", 1)
    g = Graph(VPC, VPC_IPV6, gateway, later, subnet("Early", extra=IPV6_CIDR))
    assert {"Gateway", "VpcIpv6", "Vpc"} <= g.net.created_after(g["Later"])
    assert "VpcIpv6" not in g.net.created_after(g["Early"])
    assert g["Early"].ipv6_from_vpc is g["Vpc"]


def test_nat_assessment_names_the_runtime_step_for_a_function_e9633_fires_on():
    """A function that cannot start is not IPv6-ready: its NAT gateway is a candidate (I9651), not removable."""
    env = 'Environment:\n  Variables:\n    NODE_OPTIONS: "--dns-result-order=ipv6first"'
    g = nat_stack(runtime="nodejs20.x", fn_extra=env)
    found = g.net.nat_assessment(g["Nat"])
    assert found is not None and found.missing == {}
    g = nat_stack(runtime="nodejs18.x", fn_extra=env)
    found = g.net.nat_assessment(g["Nat"])
    assert found is not None and found.missing == {"node-runtime": [g["Fn"]]}
    assert MIGRATION_STEPS.index("node-runtime") == MIGRATION_STEPS.index("function-flag") + 1


@pytest.mark.parametrize(
    ("runtime", "value", "expected"),
    [
        ("nodejs22.x", "true", True),
        ("nodejs22.x", "TRUE", False),  # smithy's booleanSelector: exactly "true"
        ("ruby3.3", "True", False),  # Aws::Util.str_2_bool: exactly "true"
        ("python3.12", "TRUE", True),  # botocore: val.lower() == 'true'
        ("python3.12", " true", False),  # (no strip)
        ("java21", "TRUE", True),  # not known to be strict: the benefit of the doubt
        ("nodejs22.x", "false", False),
        (None, "TRUE", None),  # a container image: which SDK reads it cannot be known
        (None, "true", True),
    ],
)
def test_each_sdk_reads_the_dualstack_setting_its_own_way(runtime, value, expected):
    from lambda6lint import runtimes

    assert runtimes.sdk_reads_true(runtime, value) is expected


def test_how_each_sdk_wants_true_spelled_is_said_right():
    from lambda6lint import runtimes

    assert runtimes.sdk_true_spelling("python3.12") == 'it takes "true" in any case, without spaces'
    assert runtimes.sdk_true_spelling("nodejs22.x") == 'it takes only "true"'
    assert runtimes.sdks_reading_unset("TRUE") == "JavaScript and Ruby"
    assert runtimes.sdks_reading_unset(" true") == "JavaScript, Ruby and Python"


def test_nat_assessment_names_the_options_step_for_a_value_no_node_takes():
    """`IPV6FIRST` stops every Node.js at start: the step is to write it in lower case, not to upgrade."""
    env = 'Environment:\n  Variables:\n    NODE_OPTIONS: "--dns-result-order=IPV6FIRST"'
    g = nat_stack(runtime="nodejs22.x", fn_extra=env)
    found = g.net.nat_assessment(g["Nat"])
    assert found is not None and found.missing == {"node-options": [g["Fn"]]}
    assert g.net.dns_order_unsupported(g["Fn"]) is True
    g = nat_stack(runtime="python3.12", fn_extra=env)  # nothing reads NODE_OPTIONS
    assert g.net.dns_order_unsupported(g["Fn"]) is False


@pytest.mark.parametrize(
    ("runtime", "value", "fix", "step"),
    [
        ("nodejs22.x", "IPV6FIRST", "Write it in lower case: --dns-result-order=ipv6first.", "node-options"),
        ("nodejs22.x", "Verbatim", "Write it in lower case: --dns-result-order=verbatim.", "node-options"),
        ("nodejs18.x", "IPV6FIRST", "Upgrade the runtime (Runtime: nodejs22.x or later) and write", "node-runtime"),
    ],
)
def test_a_dns_order_no_node_takes_is_fixed_for_its_runtime(tmp_path, runtime, value, fix, step):
    """Node 18 rejects ipv6first in any case: writing it in lower case is not the fix there."""
    from conftest import FIXTURES

    from lambda6lint import engine

    text = (FIXTURES / "E9633" / "bad-uppercase-dns-result-order.yaml").read_text()
    text = text.replace("Runtime: nodejs22.x", f"Runtime: {runtime}").replace("IPV6FIRST", value)
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path)], engine.Options(plan=True))
    [finding] = [f for f in result.findings if f.rule.id == "E9633"]
    assert fix in finding.message, finding.message
    net = result.network
    assert net is not None
    [fn] = [r for r in net.resources if r.kind == "function"]
    assert step in (net.ipv6_egress_gaps(fn) or {}), net.ipv6_egress_gaps(fn)


def test_a_private_nat_gateway_gives_nat64_no_way_to_the_internet(tmp_path):
    """DNS64 with 64:ff9b::/96 to a private NAT gateway reaches no public IPv4 endpoint: W9631 stands
    (a public one makes SDK calls to IPv4-only endpoints work, the fixture)."""
    from conftest import FIXTURES

    from lambda6lint import engine

    text = (FIXTURES / "W9631" / "good-dns64-nat64-reaches-ipv4.yaml").read_text()
    assert "ConnectivityType" not in text
    text = text.replace(
        "    Type: AWS::EC2::NatGateway\n    Properties:\n",
        "    Type: AWS::EC2::NatGateway\n    Properties:\n      ConnectivityType: private\n",
    )
    (tmp_path / "t.yaml").write_text(text)
    assert "W9631" in {f.rule.id for f in engine.lint([str(tmp_path)]).findings}


def test_i9605_says_no_internet_path_only_without_a_route_for_internet_addresses(tmp_path):
    """A table without 0.0.0.0/0 that sends the internet to the NAT gateway as two /1 halves, or through a prefix
    list whose entries the code does not show, was said to leave the function without an internet path today."""

    def i9605(path) -> str:
        (message,) = [f.message for f in engine.lint([str(path)]).findings if f.rule.id == "I9605"]
        return message

    assert "no internet path today" not in i9605(FIXTURES / "I9605" / "bad-split-default-route-to-nat.yaml")
    assert "all its internet traffic needs NAT" in i9605(FIXTURES / "I9605" / "bad-split-default-route-to-nat.yaml")
    module = (FIXTURES / "I9605" / "bad-subnets-filtered-by-a-variable" / "main.tf").read_text()
    (tmp_path / "main.tf").write_text(module)
    assert "in subnets with no default route: it has no internet path today" in i9605(tmp_path)
    (tmp_path / "main.tf").write_text(
        module
        + """
resource "aws_route_table" "app" {
  vpc_id = aws_vpc.v.id
  route {
    destination_prefix_list_id = "pl-0123456789abcdef0"
    transit_gateway_id         = "tgw-0abc"
  }
}
resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.s["app"].id
  route_table_id = aws_route_table.app.id
}
"""
    )
    assert "all its internet traffic needs NAT" in i9605(tmp_path)


# ----- a subnet on one of some route tables ------------------------------------------------------


def chosen_association(tables: str = "!If [Maybe, !Ref A, !Ref B]") -> str:
    return f"""
ChosenAssociation:
  Type: AWS::EC2::SubnetRouteTableAssociation
  Properties:
    SubnetId: !Ref Subnet
    RouteTableId: {tables}
"""


def on_one_of(*resources: str, tables: str = "!If [Maybe, !Ref A, !Ref B]") -> Graph:
    """A dual-stack subnet of a function with the flag, associated with one of route tables A and B."""
    return Graph(
        VPC,
        VPC_IPV6,
        IGW,
        EIGW,
        subnet(extra=IPV6_CIDR),
        table("A"),
        table("B"),
        chosen_association(tables),
        security_group(egress="- {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: '::/0'}"),
        function(flag="true"),
        *resources,
    )


IPV6_OUT_A = route("A6", "::/0", "EgressOnlyInternetGatewayId: !Ref Eigw", "A")
IPV6_OUT_B = route("B6", "::/0", "EgressOnlyInternetGatewayId: !Ref Eigw", "B")


def test_a_subnet_on_one_of_some_route_tables_is_on_each_it_may_be():
    g = on_one_of()
    assert g.net.effective_route_table(g["Subnet"]) is UNKNOWN
    assert g.net.route_tables_of(g["Subnet"]) == [g["A"], g["B"]]
    assert g.net.route_tables_of(g["A"]) == []  # (no subnet)


@pytest.mark.parametrize(
    "tables",
    [
        "!If [Maybe, !Ref A, !Ref ExternalId]",  # a parameter's table may be any
        "!If [Maybe, !Ref A, !ImportValue shared-table]",
        "!If [Maybe, !Ref A, !Ref AWS::NoValue]",
    ],
)
def test_a_subnet_that_may_be_on_a_table_the_run_does_not_see_is_on_none_known(tables):
    g = on_one_of(IPV6_OUT_A, tables=tables)
    assert g.net.route_tables_of(g["Subnet"]) == []
    assert g.net.ipv6_only_egress(g["Fn"]) is None


@pytest.mark.parametrize(
    ("routes", "only", "public"),
    [
        ((IPV6_OUT_A, IPV6_OUT_B), True, False),
        ((IPV6_OUT_A,), None, False),  # (no ::/0 on B: IPv6 egress only on A, none on B: they disagree)
        ((), False, False),  # (no ::/0 on either: no IPv6 egress whichever it is)
        (
            (IPV6_OUT_A, route("B6", "::/0", "EgressOnlyInternetGatewayId: !Ref Eigw", "B", condition="Maybe")),
            None,
            False,
        ),
        (
            (
                IPV6_OUT_A,
                IPV6_OUT_B,
                route("B4", "0.0.0.0/0", "GatewayId: !Ref Igw", "B"),
            ),
            True,  # (an internet gateway gives Lambda no IPv4)
            False,
        ),
        (
            (
                IPV6_OUT_A,
                IPV6_OUT_B,
                route("A4", "0.0.0.0/0", "GatewayId: !Ref Igw", "A"),
                route("B4", "0.0.0.0/0", "GatewayId: !Ref Igw", "B"),
            ),
            True,
            True,
        ),
    ],
)
def test_what_a_subnet_on_one_of_some_route_tables_has_is_what_they_all_have(routes, only, public):
    g = on_one_of(*routes)
    assert g.net.ipv6_only_egress(g["Fn"]) is only
    assert bool(g.net.igw_routes(g["Subnet"])) is public


def test_a_route_whose_table_cannot_be_known_may_be_on_any_table_a_subnet_may_be_on():
    """A ::/0 route on `!If [Maybe, !Ref A, !Ref B]` may be on A: A is open, and without it no table lacks ::/0
    (W9610), nor says the subnet has IPv6 only or not."""
    chosen_route = """
    Chosen6:
      Type: AWS::EC2::Route
      Properties:
        RouteTableId: !If [Maybe, !Ref A, !Ref B]
        DestinationIpv6CidrBlock: "::/0"
        EgressOnlyInternetGatewayId: !Ref Eigw
    """
    g = on_one_of(chosen_route)
    assert g.net.default_routes(g["A"], IPV6_DEFAULT) is None
    assert g.net.default_routes(g["B"], IPV6_DEFAULT) is None
    assert g.net.ipv6_only_egress(g["Fn"]) is None


@pytest.mark.parametrize(
    ("routes", "path"),
    [
        (("A64", "B64"), True),
        (("A64",), None),  # (B has none: DNS64's addresses lead nowhere there)
        ((), False),
    ],
)
def test_a_nat64_path_on_one_of_some_route_tables_is_what_they_all_have(routes, path):
    nat = "Nat:\n  Type: AWS::EC2::NatGateway\n  Properties:\n    SubnetId: !Ref Subnet\n"
    g = Graph(
        VPC,
        VPC_IPV6,
        EIGW,
        nat,
        subnet(extra=f"{IPV6_CIDR}\nEnableDns64: true"),
        table("A"),
        table("B"),
        chosen_association(),
        security_group(),
        function(flag="true"),
        IPV6_OUT_A,
        IPV6_OUT_B,
        *(route(name, "64:ff9b::/96", "NatGatewayId: !Ref Nat", name[0]) for name in routes),
    )
    assert g.net.nat64_path(g["Fn"]) is path
    assert g.net.ipv4_unreachable(g["Fn"]) is (None if path is None else not path)


@pytest.mark.parametrize(("b_route", "intra"), [("", True), ("0.0.0.0/0", False)])
def test_i9605_says_a_subnet_on_one_of_some_tables_without_routes_out_has_no_internet_path(tmp_path, b_route, intra):
    """I9605 (a VPC without IPv6) tells an intra subnet, with no internet path at all, from one whose traffic needs
    NAT: a subnet on one of some tables is intra when none of them routes IPv4 out."""
    resources = [VPC, subnet(), table("A"), table("B"), chosen_association(), security_group(), function()]
    if b_route:
        resources += [IGW, route("B4", b_route, "GatewayId: !Ref Igw", "B")]
    body = "".join(indent(dedent(r).strip("\n") + "\n", "  ") for r in resources)
    (tmp_path / "template.yaml").write_text(HEAD + "Resources:\n" + body)
    [finding] = [f for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "I9605"]
    assert ("in subnets with no default route: it has no internet path today" in finding.message) is intra


@pytest.mark.parametrize(
    ("routes", "gaps"),
    [
        ((IPV6_OUT_A, IPV6_OUT_B), {}),
        ((), {"ipv6-route": ["A", "B"]}),  # (the step names each table the subnet may be on)
        ((IPV6_OUT_A,), None),  # (on A it has IPv6 egress, on B none)
    ],
)
def test_migration_steps_of_a_subnet_on_one_of_some_route_tables_are_what_they_all_lack(routes, gaps):
    """I9651 and W9650: the ::/0 route a function's subnet lacks, whichever table it is on."""
    g = on_one_of(*routes)
    found = g.net.ipv6_egress_gaps(g["Fn"])
    assert (found if found is None else {step: [r.id for r in res] for step, res in found.items()}) == gaps


def test_a_subnet_on_one_of_some_route_tables_is_placed_off_the_others():
    """Which subnets use a route table: a subnet on one of A and B may use either, never C (a NAT gateway routed
    from C alone has its consumers known, W9650/I9651)."""
    g = on_one_of(table("C"))
    assert g.net.unplaced_subnets(g["A"]) == [g["Subnet"]]
    assert g.net.subnets_using(g["A"]) is None
    assert g.net.unplaced_subnets(g["C"]) == []
    assert g.net.subnets_using(g["C"]) == []


def test_cached_answers_none_and_false_once():
    """A `cached` query that answers None or False (most answers are) is asked of the method once: a lookup
    that took None for "not asked yet" would walk the graph again at each call."""
    from lambda6lint.network import cached

    asked: list[object] = []

    class Counting(Network):
        @cached
        def nothing(self, arg: object) -> None:
            asked.append(arg)

        @cached
        def no(self, arg: object, other: object) -> bool:
            asked.append((arg, other))
            return False

    net = Counting([], [])
    assert [net.nothing(1), net.nothing(1), net.no(1, 2), net.no(1, 2)] == [None, None, False, False]
    assert asked == [1, (1, 2)]


def test_environment_variables_walked_once_each(monkeypatch):
    """A function's environment is walked once, a variable at a time: what the variables name for sure is
    what each does, so the mapping of them all is not walked again (one Variables mapping per function,
    a repeated walk of the same tree), and what they name is the same."""
    from lambda6lint.loaders.cloudformation.intrinsics import Intrinsics

    walked: list[object] = []
    decided = Intrinsics.references_decided

    def counting(self, node, depth=0):
        walked.append(node)
        return decided(self, node, depth)

    monkeypatch.setattr(Intrinsics, "references_decided", counting)
    env = """
    Environment:
      Variables:
        TABLE: !Ref Table
        BUCKET: !If [Maybe, !Ref Bucket, none]
        PLAIN: text
    """
    g = Graph(
        VPC,
        subnet(),
        security_group(),
        "Table:\n  Type: AWS::DynamoDB::Table\n",
        "Bucket:\n  Type: AWS::S3::Bucket\n",
        function(extra=env),
    )
    variables = [node for node in walked if isinstance(node, dict) and "TABLE" in node]
    assert variables == []  # (each variable was walked, the mapping of them all was not)
    fn = g["Fn"]
    assert [res.id for res in fn.env_refs] == ["Table"]  # (the Bucket only if condition Maybe holds)
    assert "uses:s3" in fn.unknown


def test_lists_in_place_order_as_heapq_merges_them():
    """`_in_place_order` gives what `heapq.merge` by place gives (the first `first` of it: ties in the order of the
    lists), for lists empty or not, and imports heapq only to merge two lists that hold any (issue #14: a template with
    a NAT gateway asked it for one list or none, 0.3 ms of its start-up). Two lists show the check can fail."""
    import heapq
    import itertools
    import random
    import subprocess
    import sys

    from lambda6lint import network

    rng = random.Random(14)
    for _ in range(3000):
        lists = [
            sorted(((rng.randint(0, 9), f"{n}.{i}") for i in range(rng.choice((0, 0, 1, 3)))), key=lambda x: x[0])
            for n in range(rng.randint(0, 4))
        ]
        first = rng.choice((None, 0, 1, 2, 5))
        merged = heapq.merge(*lists, key=lambda item: item[0])
        expected = list(merged if first is None else itertools.islice(merged, first))
        assert list(network._in_place_order(lists, first)) == expected, (lists, first)
    code = (
        "import sys; sys.modules.pop('heapq', None)\n"
        "from lambda6lint.network import _in_place_order\n"
        "lists = [[(int(c), c) for c in word] for word in sys.argv[1].split(',')]\n"
        "print(list(_in_place_order(lists, 2)), 'heapq' in sys.modules)"
    )
    runs = {",13,": "[(1, '1'), (3, '3')] False", ",,": "[] False", "13,2": "[(1, '1'), (2, '2')] True"}
    for argv, said in runs.items():
        proc = subprocess.run([sys.executable, "-c", code, argv], capture_output=True, text=True, timeout=60)
        assert proc.stdout.strip() == said, (argv, proc.stdout, proc.stderr[-2000:])


def test_a_cached_method_reads_as_the_method_it_caches():
    """`cached` names its wrappers as functools.wraps would (what tracebacks, profiles and docs read), without it."""
    from lambda6lint import network

    wrappers = {name: v for name, v in vars(network.Network).items() if name in network._CACHED}
    for name, wrapper in wrappers.items():  # (_CACHED also names the methods other tests' classes cache)
        method = wrapper.__wrapped__
        assert (wrapper.__name__, wrapper.__qualname__, wrapper.__doc__, wrapper.__module__) == (
            method.__name__,
            method.__qualname__,
            method.__doc__,
            method.__module__,
        )
        assert wrapper.__qualname__ == f"Network.{name}"
    assert len(wrappers) > 50
