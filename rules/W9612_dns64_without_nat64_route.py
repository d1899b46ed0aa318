"""W9612: DNS64 on an IPv6-enabled function's subnet, with no NAT64 route for the addresses it synthesizes."""

from collections.abc import Iterator

from lambda6lint.api import (
    NAT64_PREFIX,
    TARGET_NAMES,
    Context,
    Doc,
    Example,
    Finding,
    Function,
    Location,
    NatAssessment,
    Network,
    RouteTable,
    Rule,
    Subnet,
    kept_on_purpose,
    names,
    term,
)

rule = Rule(
    id="W9612",
    name="dns64-without-nat64-route",
    summary="DNS64 on a function's subnet without a 64:ff9b::/96 route to a NAT gateway",
    tags=("lambda", "ipv6", "dns64", "routing"),
    source_url="https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-nat64-dns64.html",
    doc=Doc(
        what=(
            "Finds dual-stack subnets with DNS64 on (`EnableDns64: true`) that host a function with "
            "`Ipv6AllowedForDualStack: true`, when the subnet's route table has no `64:ff9b::/96` route to a NAT "
            "gateway (nor a route that may lead to one, such as a transit gateway); a subnet associated with a "
            "route table that cannot be known but is one of some tables (`RouteTableId: !If [C, !Ref A, !Ref B]`, "
            "`aws_route_table.private[var.i].id`) when none of them has it. terraform-aws-modules/vpc "
            "turns DNS64 on for every subnet when `enable_ipv6 = true`, and adds the NAT64 route only to private "
            "route tables and only with `enable_nat_gateway`."
        ),
        why=(
            "With DNS64, the resolver answers a name that has only IPv4 addresses with a synthesized "
            "`64:ff9b::` IPv6 address, which only a NAT gateway (NAT64) can translate. Without that route the "
            "address leads nowhere: clients that prefer IPv6 hang, or fall back to IPv4 only after a delay "
            "(terraform-aws-vpc#972)."
        ),
        fix=(
            "Turn DNS64 off on the subnet (`EnableDns64: false`; terraform-aws-vpc: "
            "`private_subnet_enable_dns64 = false`), or route `64:ff9b::/96` to a NAT gateway. Where the NAT gateway "
            "the subnet's `0.0.0.0/0` goes to serves only Lambda functions and can go (W9650, I9651), turn DNS64 off: "
            "a NAT64 route to it would keep it, and W9650 and I9651 name turning DNS64 off as a step before its "
            "removal."
        ),
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "PrivateSubnetA:\n"
                    "  Type: AWS::EC2::Subnet\n"
                    "  DependsOn: VpcIpv6Cidr\n"
                    "  Properties:\n"
                    "    VpcId: !Ref Vpc\n"
                    "    CidrBlock: 10.0.1.0/24\n"
                    "    Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]\n"
                    "    AssignIpv6AddressOnCreation: true\n"
                    "    EnableDns64: true\n"
                    "    AvailabilityZone: !Select [0, !GetAZs '']\n"
                    "...\n"
                    "PrivateRoute6:\n"
                    "  Type: AWS::EC2::Route\n"
                    "  Properties:\n"
                    "    RouteTableId: !Ref PrivateRouteTable\n"
                    "    DestinationIpv6CidrBlock: '::/0'\n"
                    "    EgressOnlyInternetGatewayId: !Ref EgressOnlyGateway\n"
                ),
                good=(
                    "PrivateSubnetA:\n"
                    "  Type: AWS::EC2::Subnet\n"
                    "  DependsOn: VpcIpv6Cidr\n"
                    "  Properties:\n"
                    "    VpcId: !Ref Vpc\n"
                    "    CidrBlock: 10.0.1.0/24\n"
                    "    Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]\n"
                    "    AssignIpv6AddressOnCreation: true\n"
                    "    EnableDns64: true\n"
                    "    AvailabilityZone: !Select [0, !GetAZs '']\n"
                    "...\n"
                    "PrivateRouteNat64:\n"
                    "  Type: AWS::EC2::Route\n"
                    "  Properties:\n"
                    "    RouteTableId: !Ref PrivateRouteTable\n"
                    "    DestinationIpv6CidrBlock: 64:ff9b::/96\n"
                    "    NatGatewayId: !Ref NatGateway\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    'module "vpc" {\n'
                    "...\n"
                    "  enable_ipv6                                    = true\n"
                    "  public_subnet_ipv6_prefixes                    = [100, 101]\n"
                    "  private_subnet_ipv6_prefixes                   = [0, 1]\n"
                    "  private_subnet_assign_ipv6_address_on_creation = true\n"
                    "}\n"
                ),
                good=(
                    'module "vpc" {\n'
                    "...\n"
                    "  enable_ipv6                                    = true\n"
                    "  public_subnet_ipv6_prefixes                    = [100, 101]\n"
                    "  private_subnet_ipv6_prefixes                   = [0, 1]\n"
                    "  private_subnet_assign_ipv6_address_on_creation = true\n"
                    "  private_subnet_enable_dns64                    = false\n"
                    "}\n"
                ),
            ),
        ),
    ),
)


def _why_on(subnet: Subnet) -> str:
    """Why DNS64 is on where nothing written says so (a module's default), else nothing."""
    why = subnet.hints.get("dns64_on")
    return f" ({why})" if why else ""


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    found: dict[int, tuple[Subnet, list[RouteTable], list[Function]]] = {}
    for fn in net.functions_in_vpc():
        if fn.dualstack is not True:
            continue
        for m in net.members(fn.subnets):
            subnet = m.target
            if not isinstance(subnet, Subnet) or subnet.dns64 is not True or net.subnet_kind(subnet) != "dual-stack":
                continue
            # (on one of some route tables: whichever it is, when none of them has the route)
            tables = net.route_tables_of(subnet)
            if not tables or any(net.nat64_reachable(t) is not False for t in tables):
                continue
            entry = found.setdefault(id(subnet), (subnet, tables, []))
            if fn not in entry[2]:
                entry[2].append(fn)
    for subnet, tables, functions in found.values():
        who = names(functions)
        yield rule.finding(
            subnet,
            f"Subnet {subnet.name} has DNS64 on{_why_on(subnet)}, but {_its_tables(tables)} no "
            "64:ff9b::/96 route to a "
            "NAT gateway: for names with only IPv4 addresses the resolver returns synthesized 64:ff9b:: addresses "
            f"that lead nowhere, so clients in {who} that prefer IPv6 hang or fall back only after a delay. "
            f"{_fixes(net, subnet, tables)}.",
            subnet.at("dns64"),
            related=[
                *[(t.location, f"route table {t.name} without 64:ff9b::/96 → NAT gateway") for t in tables],
                *[(f.location, f"function {f.name} allows IPv6") for f in functions],
                *_leaving(net, subnet),
            ],
        )


def _fixes(net: Network, subnet: Subnet, tables: list[RouteTable]) -> str:
    """Turn DNS64 off, or route 64:ff9b::/96 to a NAT gateway; where the NAT gateway of its 0.0.0.0/0 can go (W9650
    or I9651 name turning DNS64 off here as a step before its removal), a NAT64 route would keep it: DNS64 off is
    the fix, and the route the way to keep the NAT gateway on purpose."""
    off = f"Turn DNS64 off with {term(subnet, 'dns64_off')}"
    leaving = _nat_leaving(net, subnet)
    if leaving is None:
        return f"{off}, or {_fix(net, subnet, tables)}"
    nats = [leaving.nat, *leaving.like]
    which = f"NAT gateway {leaving.nat.name}" if len(nats) == 1 else f"the NAT gateways {names(nats)}"
    it = "it" if len(nats) == 1 else "them"
    finding = (
        f"I9651 lists the steps to remove {it}, DNS64 off here among them"
        if leaving.missing
        else f"W9650 finds {it} removable, with DNS64 off here first"
    )
    return (
        f"{off}: {which}, {'where its 0.0.0.0/0 goes' if len(nats) == 1 else 'one of which its 0.0.0.0/0 goes to'}"
        f", serve{'s' if len(nats) == 1 else ''} only Lambda functions "
        f"({finding}), and a NAT64 route would need {it}. Only to keep {it} for "
        f"IPv4-only names over IPv6, at {'its' if len(nats) == 1 else 'their'} cost: {_fix(net, subnet, tables)} "
        f"({'W9650 and I9651 then leave it alone' if len(nats) == 1 else 'W9650 and I9651 then leave them alone'})"
    )


def _nat_leaving(net: Network, subnet: Subnet) -> NatAssessment | None:
    """`Network.nat_leaving`, but not a NAT gateway the team keeps on purpose (W9650 or I9651 ignored on it, as the
    plan says): that one stays, and a NAT64 route to it is as good a fix as before."""
    leaving = net.nat_leaving(subnet)
    if leaving is None or kept_on_purpose(leaving.nat, "I9651" if leaving.missing else "W9650"):
        return None
    return leaving


def _leaving(net: Network, subnet: Subnet) -> list[tuple[Location, str]]:
    """The NAT gateways that can go where the subnet's 0.0.0.0/0 goes (`_fixes`), as related locations."""
    leaving = _nat_leaving(net, subnet)
    if leaving is None:
        return []
    why = "I9651: can go once the IPv6 steps are done" if leaving.missing else "W9650: removable"
    return [(n.location, f"NAT gateway {n.name} ({why})") for n in [leaving.nat, *leaving.like]]


def _its_tables(tables: list[RouteTable]) -> str:
    if len(tables) == 1:
        return f"its route table {tables[0].name} has"
    return f"its route table (which cannot be known: whichever of {names(tables)} it is) has"


def _fix(net: Network, subnet: Subnet, tables: list[RouteTable]) -> str:
    """How to route 64:ff9b::/96 to a NAT gateway in each table."""
    fixes: list[str] = []
    adding: list[RouteTable] = []
    for table in tables:
        wrong = [r for r in net.routes(table) if r.destination == NAT64_PREFIX and r.target_kind != "nat"]
        # a second route to the same destination is refused: the one there must change its target
        if wrong:
            fixes.append(
                f"point route {wrong[0].name} (64:ff9b::/96 → "
                f"{TARGET_NAMES.get(wrong[0].target_kind, 'an unknown target')}) at a NAT gateway"
            )
        else:
            adding.append(table)
    if adding:
        each = "" if len(tables) == 1 else f" to {'each of ' if len(adding) > 1 else ''}{names(adding)}"
        fixes.append(f"add {term(adding[0], 'nat64_route')}{each}")
        if net.has_nat_gateway(subnet.vpc) is False:  # (NAT64 would cost a NAT gateway of its own)
            fixes[-1] += " (NAT64 needs a NAT gateway, which this VPC does not have: one more to pay for)"
    return "; ".join(fixes)
