"""W9610: a function allows IPv6, but its subnet's route table has no ::/0 route."""

from collections.abc import Iterator
from functools import partial

from lambda6lint.api import (
    IPV6_DEFAULT,
    UNKNOWN,
    Context,
    Doc,
    Example,
    Finding,
    Function,
    Location,
    Network,
    Resource,
    RouteTable,
    Rule,
    Subnet,
    names,
    term,
)

rule = Rule(
    id="W9610",
    name="missing-ipv6-default-route",
    summary="Route table of an IPv6-enabled function without a ::/0 route",
    tags=("lambda", "ipv6", "routing", "security"),
    source_url="https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html",
    doc=Doc(
        what=(
            "Finds route tables used by the subnets of functions with `Ipv6AllowedForDualStack: true` that have "
            "no `::/0` route; one finding per route table, naming the functions. A subnet with no route table "
            "association uses the VPC's main route table, which in CloudFormation has local routes only: that "
            "case is reported on the function's subnet entry, once for every subnet the entry names (Terraform's "
            "`aws_subnet.private[*].id`), as is a subnet associated with a route table that cannot be known "
            "but is one of some tables, none with `::/0` (`aws_route_table.private[var.i].id`, "
            "`RouteTableId: !If [C, !Ref A, !Ref B]`). A subnet with no "
            "IPv6 CIDR is left to E9602: it has no IPv6 to route."
        ),
        why=(
            "`0.0.0.0/0` never covers IPv6. Without `::/0`, IPv6 connections from the function have no route "
            "and time out, while the function looks correctly configured. An egress-only internet gateway "
            "carries that traffic for free."
        ),
        fix="Add a route `::/0 → AWS::EC2::EgressOnlyInternetGateway` to the route table.",
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "PrivateRouteTable:\n"
                    "  Type: AWS::EC2::RouteTable\n"
                    "  Properties:\n"
                    "    VpcId: !Ref Vpc\n"
                    "PrivateDefaultRoute:\n"
                    "  Type: AWS::EC2::Route\n"
                    "  Properties:\n"
                    "    RouteTableId: !Ref PrivateRouteTable\n"
                    "    DestinationCidrBlock: 0.0.0.0/0\n"
                    "    NatGatewayId: !Ref NatGateway\n"
                ),
                good=(
                    "PrivateDefaultRoute:\n"
                    "  Type: AWS::EC2::Route\n"
                    "  Properties:\n"
                    "    RouteTableId: !Ref PrivateRouteTable\n"
                    "    DestinationCidrBlock: 0.0.0.0/0\n"
                    "    NatGatewayId: !Ref NatGateway\n"
                    "PrivateDefaultRoute6:\n"
                    "  Type: AWS::EC2::Route\n"
                    "  Properties:\n"
                    "    RouteTableId: !Ref PrivateRouteTable\n"
                    "    DestinationIpv6CidrBlock: '::/0'\n"
                    "    EgressOnlyInternetGatewayId: !Ref EgressOnlyGateway\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    'resource "aws_route_table" "private" {\n'
                    "  vpc_id = aws_vpc.main.id\n"
                    "}\n"
                    "...\n"
                    'resource "aws_route" "private_nat" {\n'
                    "  route_table_id         = aws_route_table.private.id\n"
                    '  destination_cidr_block = "0.0.0.0/0"\n'
                    "  nat_gateway_id         = aws_nat_gateway.main.id\n"
                    "}\n"
                ),
                good=(
                    'resource "aws_route_table" "private" {\n'
                    "  vpc_id = aws_vpc.main.id\n"
                    "}\n"
                    "...\n"
                    'resource "aws_route" "private_ipv6" {\n'
                    "  route_table_id              = aws_route_table.private.id\n"
                    '  destination_ipv6_cidr_block = "::/0"\n'
                    "  egress_only_gateway_id      = aws_egress_only_internet_gateway.main.id\n"
                    "}\n"
                ),
            ),
        ),
    ),
)


def _route(table: RouteTable, functions: list[Function]) -> str:
    """How to give the table its route; where that is by moving the functions (CDK), how each moves."""
    route = term(table, "ipv6_route")
    if "{placement}" not in route:
        return route
    route = route.replace("{egress_group}", term(table, "egress_group"))
    ways: dict[str, list[str]] = {}
    for fn in functions:
        ways.setdefault(term(fn, "egress_subnets"), []).append(fn.name)
    if len(ways) == 1:
        return route.replace("{placement}", next(iter(ways)))
    return route.replace("{placement}", "; ".join(f"{way} for {names(listed)}" for way, listed in ways.items()))


def _gateway_note(net: Network, table: RouteTable) -> str:
    if net.has_egress_only_gateway(table.vpc) is False:
        return f" The VPC has no egress-only internet gateway at all: create one ({term(table, 'eigw')})."
    return ""


def _unassociated(net: Network, fn: Function, table: RouteTable, subnets: list[Subnet], where: Location) -> Finding:
    """Subnets with no route table association on a main table with local routes only."""
    one = len(subnets) == 1
    return rule.finding(
        fn,
        f"Function {fn.name} allows IPv6, but subnet{'' if one else 's'} {names(subnets)} "
        f"{'has' if one else 'have'} no route table association, so {'it uses' if one else 'they use'} the VPC's main "
        "route table, which has local routes only: IPv6 traffic has no route out. Associate "
        f"{'the subnet' if one else 'each subnet'} with a route table that has ::/0 → egress-only internet gateway."
        + _gateway_note(net, table),
        where,
        related=[(s.location, f"subnet {s.name} without route table association") for s in subnets],
        key=subnets[0].name,  # (a baseline taken when each subnet had a finding keeps the first)
    )


def _one_of(net: Network, fn: Function, tables: list[RouteTable], subnets: list[Subnet], where: Location) -> Finding:
    """Subnets associated with a route table that cannot be known, where each it may be lacks ::/0: on the
    function, as no one table can be named."""
    one = len(subnets) == 1
    return rule.finding(
        fn,
        f"Function {fn.name} allows IPv6, but subnet{'' if one else 's'} {names(subnets)} "
        f"{'is' if one else 'are'} associated with a route table that cannot be known, one of {names(tables)}, "
        "none of which has a ::/0 route: whichever it is, IPv6 traffic has no way out and times out. Add ::/0 → "
        "egress-only internet gateway to each of them, or associate "
        f"{'the subnet' if one else 'each subnet'} with a known route table that has it."
        + _gateway_note(net, tables[0]),
        where,
        related=[(t.location, f"route table {t.name} without ::/0") for t in tables],
        key=subnets[0].name,
    )


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    users: dict[int, tuple[RouteTable, list[Function]]] = {}
    for fn in net.functions_in_vpc():
        if fn.dualstack is not True:
            continue
        for where, targets in net.by_entry(net.members(fn.subnets), partial(_without_ipv6_route, net)):
            unassociated: dict[int, tuple[RouteTable, list[Subnet]]] = {}  # (by table: one VPC's main, usually)
            chosen: dict[tuple[int, ...], tuple[list[RouteTable], list[Subnet]]] = {}
            for subnet in targets:
                table = net.effective_route_table(subnet)
                if isinstance(subnet, Subnet) and table is UNKNOWN:  # (one of some tables, each without ::/0)
                    choices = net.route_table_choices(subnet)
                    chosen.setdefault(tuple(map(id, choices)), (choices, []))[1].append(subnet)
                    continue
                if not isinstance(subnet, Subnet) or not isinstance(table, RouteTable):
                    continue  # (`_without_ipv6_route` kept neither)
                if table.local_only:
                    unassociated.setdefault(id(table), (table, []))[1].append(subnet)
                    continue
                entry = users.setdefault(id(table), (table, []))
                if fn not in entry[1]:
                    entry[1].append(fn)
            for table, subnets in unassociated.values():
                yield _unassociated(net, fn, table, subnets, where)
            for tables, subnets in chosen.values():
                yield _one_of(net, fn, tables, subnets, where)
    for table, functions in users.values():
        who = names(functions)
        related: list[tuple[Location, str]] = [(f.location, f"function {f.name} allows IPv6") for f in functions]
        yield rule.finding(
            table,
            f"Route table {table.name} has no ::/0 route, so IPv6 traffic from {who} (IPv6 allowed) has no "
            f"way out and times out. Add {_route(table, functions)}." + _gateway_note(net, table),
            table.location,
            related=related,
        )


def _without_ipv6_route(net: Network, subnet: Resource) -> bool:
    """A dual-stack (or IPv6-only) subnet whose route table is known (or one of some, each alike) and has no ::/0
    route: no IPv4-only one, which has no IPv6 to route (E9602, the deployment fails, says what to do first)."""
    tables = net.route_tables_of(subnet)  # (its own, or one of some: each without)
    if not isinstance(subnet, Subnet) or not tables or any(net.default_routes(t, IPV6_DEFAULT) != [] for t in tables):
        return False
    return net.subnet_kind(subnet) != "ipv4-only"
