"""W9611: a function sits in a public subnet, where Lambda gets no IPv4 internet access."""

from collections.abc import Iterator

from lambda6lint.api import (
    Context,
    Doc,
    Example,
    Finding,
    Location,
    Member,
    Network,
    Route,
    RouteTable,
    Rule,
    Subnet,
    names,
    term,
)

rule = Rule(
    id="W9611",
    name="function-in-public-subnet",
    summary="Function in a subnet whose 0.0.0.0/0 goes to an internet gateway",
    tags=("lambda", "routing", "security"),
    source_url="https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html",
    doc=Doc(
        what=(
            "Finds functions attached to a subnet whose effective route table sends `0.0.0.0/0` to an internet "
            "gateway (a public subnet): one finding per function, naming every such subnet. A subnet associated "
            "with a route table that cannot be known but is one of some tables (`aws_route_table.public[var.i].id`, "
            "`RouteTableId: !If [C, !Ref A, !Ref B]`) is public when each of them sends `0.0.0.0/0` to an internet "
            "gateway; where only some do, it may not be, and nothing is found (`--explain` names them)."
        ),
        why=(
            "\"Connecting a function to a public subnet doesn't give it internet access or a public IP "
            "address.\" Lambda's network interfaces never get a public IPv4 address, so IPv4 calls to the "
            "internet and to AWS APIs time out."
        ),
        fix=(
            "Attach the function to private subnets (0.0.0.0/0 through a NAT gateway), or better, to "
            "dual-stack private subnets with ::/0 through an egress-only internet gateway."
        ),
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "PublicDefaultRoute:\n"
                    "  Type: AWS::EC2::Route\n"
                    "  DependsOn: GatewayAttachment\n"
                    "  Properties:\n"
                    "    RouteTableId: !Ref PublicRouteTable\n"
                    "    DestinationCidrBlock: 0.0.0.0/0\n"
                    "    GatewayId: !Ref InternetGateway\n"
                    "...\n"
                    "WebhookFunction:\n"
                    "  ...\n"
                    "    VpcConfig:\n"
                    "      ...\n"
                    "      SubnetIds:\n"
                    "        - !Ref PublicSubnetA\n"
                    "        - !Ref PrivateSubnetB\n"
                ),
                good=(
                    "PrivateDefaultRoute:\n"
                    "  Type: AWS::EC2::Route\n"
                    "  Properties:\n"
                    "    RouteTableId: !Ref PrivateRouteTable\n"
                    "    DestinationCidrBlock: 0.0.0.0/0\n"
                    "    NatGatewayId: !Ref NatGateway\n"
                    "...\n"
                    "WebhookFunction:\n"
                    "  ...\n"
                    "    VpcConfig:\n"
                    "      ...\n"
                    "      SubnetIds:\n"
                    "        - !Ref PrivateSubnetA\n"
                    "        - !Ref PrivateSubnetB\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    'resource "aws_route" "public_default" {\n'
                    "  route_table_id         = aws_route_table.public.id\n"
                    '  destination_cidr_block = "0.0.0.0/0"\n'
                    "  gateway_id             = aws_internet_gateway.main.id\n"
                    "}\n"
                    "...\n"
                    "  vpc_config {\n"
                    "    subnet_ids                  = [\n"
                    "      aws_subnet.private[0].id,\n"
                    "      aws_subnet.public[1].id,\n"
                    "    ]\n"
                ),
                good=(
                    'resource "aws_route_table" "private" {\n'
                    "  vpc_id = aws_vpc.main.id\n"
                    "  route {\n"
                    '    ipv6_cidr_block        = "::/0"\n'
                    "    egress_only_gateway_id = aws_egress_only_internet_gateway.main.id\n"
                    "  }\n"
                    "}\n"
                    "...\n"
                    "  vpc_config {\n"
                    "    subnet_ids                  = aws_subnet.private[*].id\n"
                ),
            ),
        ),
    ),
)


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for fn in net.functions_in_vpc():
        public: list[tuple[Member, Subnet, list[Route]]] = []
        for m in net.members(fn.subnets):
            subnet = m.target
            if not isinstance(subnet, Subnet) or any(subnet is s for _, s, _ in public):
                continue
            to_igw = net.igw_routes(subnet)
            if to_igw:
                public.append((m, subnet, to_igw))
        if not public or net.unnamed_interfaces(fn):
            continue  # (an Elastic IP a custom resource gives its interface is a public address: --explain)
        who = names([s for _, s, _ in public])
        several = len(public) > 1
        related: list[tuple[Location, str]] = []
        chosen: list[str] = []  # (subnets on a route table that cannot be known, each it may be public)
        for _, subnet, routes in public:
            related.append((subnet.location, f"public subnet {subnet.name}"))
            tables = net.route_table_choices(subnet)
            if tables:
                chosen.append(f"whichever of route tables {names(tables)} {subnet.name} is on")
                related += [
                    (r.location, f"0.0.0.0/0 → internet gateway for {subnet.name} (route table {r.table.name})")
                    for r in routes
                    if isinstance(r.table, RouteTable)
                ]
            else:
                related += [(r.location, f"0.0.0.0/0 → internet gateway for {subnet.name}") for r in routes]
        which = f", {'; '.join(chosen)}" if chosen else ""
        private = term(fn, "private_subnets")
        if "{egress_group}" in private:  # (CDK: the function's ec2.Vpc has a PRIVATE_WITH_EGRESS group, or none)
            said = {s.hints.get("egress_group", "") for _, s, _ in public}
            group = said.pop() if len(said) == 1 and "" not in said else term(fn, "egress_group")
            private = private.replace("{egress_group}", group)
        yield rule.finding(
            fn,
            f"Function {fn.name} is attached to public subnet{'s' if several else ''} {who} "
            f"(0.0.0.0/0 → internet gateway{which}): Lambda never gets a public IPv4 address, so it has no IPv4 "
            f"internet access there. Use {private}, with IPv6 through an egress-only internet "
            "gateway.",
            fn.at("subnets", "vpc_config") if several else public[0][0].location,
            related=related,
        )
