"""The path of each function of a VPC to the internet, drawn for the migration plan's reports (`draw`;
report/mermaid.py and report/svg.py render it): what the migration still needs is drawn as missing.

Apart from plan.py because a lint run builds the plan for its summary's money line but never draws it: its
classes and code were start-up work of every run with a NAT gateway (issue #14).
"""

from __future__ import annotations

from lambda6lint import migration
from lambda6lint.model import (
    TARGET_NAMES,
    UNKNOWN,
    EgressOnlyInternetGateway,
    Function,
    Location,
    Resource,
    Route,
    RouteTable,
    Subnet,
    Vpc,
    VpcEndpoint,
)
from lambda6lint.network import IPV4_DEFAULT, IPV6_DEFAULT, Network
from lambda6lint.plan import STATUS_TEXT, NatPlan, Plan, VpcPlan
from lambda6lint.records import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal, TypeAlias

#: More functions than this in one VPC make a diagram no one can read: the rest are counted, not drawn.
MAX_DIAGRAM_FUNCTIONS = 30
#: The route tables a subnet on one of some (`Network.route_table_choices`) is drawn to; the rest are counted.
MAX_DIAGRAM_CHOICES = 4

NodeKind: TypeAlias = (
    'Literal["function", "subnet", "route_table", "nat", "eigw", "igw", "endpoint", "other", "unknown"]'
)


@dataclass(frozen=True)
class Node:
    """A box of a diagram: a resource on a function's path, or one that is missing (`missing`)."""

    key: str  # n1, n2, …: safe in every diagram syntax, unlike template names
    kind: NodeKind
    label: str
    detail: str = ""
    missing: bool = False
    location: Location | None = None


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str = ""
    missing: bool = False  # a route or endpoint the migration needs and the code does not have


@dataclass
class Diagram:
    """function → subnet → route table → NAT / egress-only gateway / internet gateway / endpoints."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    left_out: int = 0  # functions not drawn (MAX_DIAGRAM_FUNCTIONS)

    @staticmethod
    def column(node: Node) -> int:
        """Left to right: functions, subnets, route tables, then where the routes go."""
        return {"function": 0, "subnet": 1, "route_table": 2}.get(node.kind, 3)


def draw(net: Network, plan: Plan) -> Plan:
    """The plan with each VPC's diagram drawn (left out of `plan.build`: a lint run's summary needs none)."""
    for vpc_entry in plan.vpcs:
        vpc_entry.diagram = diagram(net, vpc_entry)
    return plan


class _Drawing:
    """A diagram being drawn: each resource (or missing piece) one node, each edge once."""

    def __init__(self, nat_plans: dict[int, NatPlan]) -> None:
        self.out = Diagram()
        self.keys: dict[object, str] = {}
        self.nat_plans = nat_plans
        self.drawn: set[tuple[str, str, str, bool]] = set()  # (edges met once each: a list scan was quadratic)

    def node(self, key: object, kind: NodeKind, label: str, detail: str = "", missing: bool = False) -> str:
        if key not in self.keys:
            self.keys[key] = f"n{len(self.keys) + 1}"
            where = key.location if isinstance(key, Resource) else None
            self.out.nodes.append(Node(self.keys[key], kind, label, detail, missing, where))
        return self.keys[key]

    def edge(self, source: str, target: str, label: str = "", missing: bool = False) -> None:
        if (source, target, label, missing) not in self.drawn:
            self.drawn.add((source, target, label, missing))
            self.out.edges.append(Edge(source, target, label, missing))


def diagram(net: Network, vpc_plan: VpcPlan) -> Diagram:
    """The path of each function of the VPC to the internet, with what the migration still needs drawn
    as missing: the `::/0` route to an egress-only gateway, and the gateway endpoints its services want."""
    draw = _Drawing({id(n): entry for entry in vpc_plan.nats for n in entry.nats})
    functions = vpc_plan.functions[:MAX_DIAGRAM_FUNCTIONS]
    draw.out.left_out = len(vpc_plan.functions) - len(functions)
    steps = [s for entry in vpc_plan.nats for s in entry.steps if s.step == migration.RESPONSE]
    answering = {id(change.resource) for step in steps for change in step.changes}
    for fn in functions:
        flag = {True: "IPv6 allowed", False: "IPv4 only", None: "IPv6 flag not known"}[fn.dualstack]
        source = draw.node(fn, "function", fn.name, f"Lambda function, {flag}")
        services = net.services_used(fn)
        if "s3" not in services and id(fn) in answering:  # (the plan's step: CloudFormation's answer URL is S3's)
            services = {**services, "s3": "the custom resources it answers"}
        if fn.subnets is UNKNOWN:
            draw.edge(source, draw.node(("subnets?", id(fn)), "unknown", "subnets not known"))
        closed = _closed(net, fn)
        for member in net.members(fn.subnets):
            subnet = member.target
            if not isinstance(subnet, Subnet):
                draw.edge(source, draw.node(("subnet?", id(member)), "unknown", "a subnet not known"))
                continue
            tables = net.route_tables_of(subnet)  # (its own, or one of some: an edge to each, and the subnet says so)
            detail = f"subnet, {net.subnet_kind(subnet)}"
            detail += f", on 1 of {len(tables)} tables" if len(tables) > 1 else ""
            target = draw.node(subnet, "subnet", subnet.name, detail)
            draw.edge(source, target)
            if not tables:
                draw.edge(target, draw.node(("table?", id(subnet)), "unknown", "route table not known"))
                continue
            for table in tables[:MAX_DIAGRAM_CHOICES]:
                _table(net, draw, table, target, closed or _stays(net, draw, table, fn))
                for service in services:
                    if net.gateway_endpoint_on(table, service) is False:
                        label = f"{_SERVICES.get(service, service)} gateway endpoint"
                        missing = draw.node(("endpoint", service), "endpoint", label, "missing", missing=True)
                        draw.edge(draw.keys[table], missing, service, missing=True)
            if len(tables) > MAX_DIAGRAM_CHOICES:
                more = len(tables) - MAX_DIAGRAM_CHOICES
                rest = f"{more} more route table{'s' if more > 1 else ''}"
                draw.edge(target, draw.node(("tables+", id(subnet)), "route_table", rest, "not drawn"))
    return draw.out


_SERVICES = {"s3": "S3", "dynamodb": "DynamoDB"}


def _closed(net: Network, fn: Function) -> bool:
    """Whether the function surely has no way out: its flag off, and no route to internet addresses in the table of
    any of its subnets (a split default route, a public CIDR or an undecided route is one). Such a function needs no
    `::/0`: no NAT gateway serves it, and the route would open the internet to a function kept off it
    (serverless-patterns' EFS and MemoryDB functions, drawn a `::/0` "the migration still needs" in a VPC with no
    NAT gateway). One way out through any subnet makes every subnet's table need it, as the plan's step and W9610
    say once the flag is on."""
    if fn.dualstack is not False or fn.subnets is UNKNOWN:
        return False
    for member in net.members(fn.subnets):
        tables = net.route_tables_of(member.target) if isinstance(member.target, Subnet) else []
        if not tables or any(net.ipv4_internet_unrouted(t) is not True for t in tables):
            return False
    return True


def _stays(net: Network, draw: _Drawing, table: RouteTable, fn: Function) -> bool:
    """Whether the table sends 0.0.0.0/0 only to NAT gateways that must stay (a static egress address, a NAT64 route,
    a host that egresses through them) and the function drawn to it does not allow IPv6: the migration changes
    nothing there, so the table lacks no `::/0` for it. With the flag on, its IPv6 connections have no way out
    whatever the NAT gateway: that `::/0` is missing, as W9610 says."""
    if fn.dualstack is True:
        return False
    routes = net.default_routes(table, IPV4_DEFAULT)
    if not routes:
        return False
    plans = [draw.nat_plans.get(id(route.target)) for route in routes]
    return all(entry is not None and entry.status == "blocked" for entry in plans)


def _table(net: Network, draw: _Drawing, table: RouteTable, subnet_key: str, closed: bool) -> None:
    """A route table, its default and NAT64 routes, its gateway endpoints, and the `::/0` route it lacks, unless
    the function drawn to it has no way out (`_closed`) or no migration there (`_stays`)."""
    detail = "route table"
    if table.main:
        detail = "main route table" + (", local routes only" if table.local_only else "")
    key = draw.node(table, "route_table", table.name, detail)
    draw.edge(subnet_key, key)
    for route in net.routes(table):
        if (
            route.destination not in (IPV4_DEFAULT, IPV6_DEFAULT)
            and not route.ipv6_default
            and not net.nat64_part(route)
        ):
            continue
        label = str(route.destination) + (" (conditional)" if route.conditional else "")
        draw.edge(key, _target(draw, route), label)
    for endpoint in net.linked(VpcEndpoint, "route_tables", table):
        if endpoint.gateway and endpoint.service:
            what = f"{_SERVICES.get(endpoint.service, endpoint.service)} gateway endpoint"
            draw.edge(key, draw.node(endpoint, "endpoint", endpoint.name, what), endpoint.service)
    if net.default_routes(table, IPV6_DEFAULT) == [] and not closed:
        gateways = net.linked(EgressOnlyInternetGateway, "vpc", table.vpc) if isinstance(table.vpc, Vpc) else []
        if gateways:
            target = draw.node(gateways[0], "eigw", gateways[0].name, "egress-only internet gateway")
        else:
            target = draw.node(("eigw", id(table.vpc)), "eigw", "egress-only internet gateway", "missing", missing=True)
        draw.edge(key, target, f"{IPV6_DEFAULT} missing", missing=True)


def _target(draw: _Drawing, route: Route) -> str:
    target = route.target
    if not isinstance(target, Resource):
        return draw.node(("target?", route.target_kind), "unknown", f"{route.target_kind} target not known")
    kind = _TARGET_KINDS.get(route.target_kind, "other")
    detail = TARGET_NAMES.get(route.target_kind, route.target_kind)
    entry = draw.nat_plans.get(id(target))
    if entry is not None:
        total = entry.bill.total
        money = "cost decided by AWS" if total is None else f"${total / len(entry.nats):,.2f}/month"
        detail = f"{'regional ' if entry.nat.regional else ''}NAT gateway, {money}, {STATUS_TEXT[entry.status]}"
    return draw.node(target, kind, target.name, detail)


_TARGET_KINDS: dict[str, NodeKind] = {"nat": "nat", "eigw": "eigw", "igw": "igw"}
