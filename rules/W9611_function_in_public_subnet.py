"""W9611: a function sits in a public subnet, where Lambda gets no IPv4 internet access."""

from collections.abc import Iterator

from lambda6lint.api import IPV4_DEFAULT, Doc, Finding, Network, Rule, Subnet

rule = Rule(
    id="W9611",
    name="function-in-public-subnet",
    summary="Function in a subnet whose 0.0.0.0/0 goes to an internet gateway",
    tags=("lambda", "routing", "security"),
    source_url="https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html",
    doc=Doc(
        what=(
            "Finds functions attached to a subnet whose effective route table sends `0.0.0.0/0` to an internet "
            "gateway (a public subnet)."
        ),
        why=(
            "\"Connecting a function to a public subnet doesn't give it internet access or a public IP "
            "address.\" Lambda's network interfaces never get a public IPv4 address, so IPv4 calls to the "
            "internet and to AWS APIs time out."
        ),
        bad=(
            "PublicRoute:\n  Type: AWS::EC2::Route\n  Properties:\n    RouteTableId: !Ref PublicRouteTable\n"
            "    DestinationCidrBlock: 0.0.0.0/0\n    GatewayId: !Ref InternetGateway\n"
            "# ... and the function's SubnetIds lists PublicSubnet\n"
        ),
        good=(
            "Fn:\n  Type: AWS::Lambda::Function\n  Properties:\n    VpcConfig:\n"
            "      SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]\n"
        ),
        fix=(
            "Attach the function to private subnets (0.0.0.0/0 through a NAT gateway), or better, to "
            "dual-stack private subnets with ::/0 through an egress-only internet gateway."
        ),
    ),
)


@rule.checker
def check(net: Network) -> Iterator[Finding]:
    for fn in net.functions_in_vpc():
        for m in net.members(fn.subnets):
            subnet = m.target
            if not isinstance(subnet, Subnet):
                continue
            table = net.effective_route_table(subnet)
            routes = net.default_routes(table, IPV4_DEFAULT)
            if routes and any(r.target_kind == "igw" for r in routes):
                yield rule.finding(
                    fn,
                    f"Function {fn.name} is attached to public subnet {subnet.name} (0.0.0.0/0 → internet gateway): "
                    "Lambda never gets a public IPv4 address, so it has no IPv4 internet access there. Use private "
                    "subnets, with IPv6 through an egress-only internet gateway.",
                    m.location,
                    related=[
                        (subnet.location, f"public subnet {subnet.name}"),
                        *[(r.location, "0.0.0.0/0 → internet gateway") for r in routes if r.target_kind == "igw"],
                    ],
                    key=subnet.name,
                )
