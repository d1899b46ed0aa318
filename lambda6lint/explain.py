"""What could not be decided (RULES.md "What could not be decided"): for every function in a VPC,
every NAT gateway and every API (I9640), the facts the rules needed and could not know, each with its cause and what
would decide it. Rules stay silent on unknowns; this is how a user learns why.

It asks the graph the questions the rules ask (network.py) and, where the answer is "unknown",
follows it down to the resource and property where the unknown sits; the loaders recorded there
why (`Resource.unknown`, `Member.cause`, `EgressRule.cause`, `Template.open_because`). Nothing
here is a finding or changes the exit status.
"""

from __future__ import annotations

from collections.abc import Callable

from lambda6lint import migration, runtimes
from lambda6lint.model import (
    EGRESS,
    MAYBE_STATIC,
    PUBLIC_ADDRESSES,
    TARGET_NAMES,
    UNKNOWN,
    Alias,
    Api,
    Function,
    Location,
    Member,
    ModuleCall,
    NatGateway,
    NetworkAcl,
    NetworkAclAssociation,
    NetworkAclEntry,
    OwnBlock,
    Resource,
    Route,
    RouteTable,
    RouteTableAssociation,
    SecurityGroup,
    SecurityGroupEgress,
    Subnet,
    SubnetIpv6Block,
    Unknown,
    Vpc,
    VpcIpv6Block,
)
from lambda6lint.network import IPV4_DEFAULT, IPV6_DEFAULT, NAT64_PART, NAT64_PREFIX, Network
from lambda6lint.records import dataclass

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeVar

    R = TypeVar("R", bound=Resource)

FALLBACK = "cannot be known from the files of this run"


@dataclass(frozen=True)
class Undecided:
    """One fact a rule needed about `subject` and could not know."""

    subject: Resource  # the function or NAT gateway that could not be fully checked
    fact: str  # what could not be known: "the subnet list", "the route table of subnet PrivateA"
    resource: Resource  # where the unknown sits
    location: Location
    cause: str  # why, and what would decide it, as a clause: "comes from parameter `SubnetIds` (…)"

    @property
    def text(self) -> str:
        return f"{self.fact} {self.cause}"


#: `add(fact, resource, location, cause)`, and `times=`: how many like facts one stands for ("whether 6 more
#: functions use it"), which the count of facts not listed counts.
Add = Callable[..., None]


Parts = tuple[list[Undecided], list[Undecided], list[Undecided], list[Undecided]]


def undecided(net: Network) -> list[Undecided]:
    """Every function in a VPC, NAT gateway, API and module call that could not be fully checked, with why."""
    return [u for part in undecided_parts(net) for u in part]


def undecided_parts(net: Network, first: bool = False) -> Parts:
    """What could not be decided about functions, about NAT gateways, about APIs, and which Terraform
    module calls could not be read: apart, so that graphs checked one batch at a time (checking.py)
    list them in the order of one graph. `first`: only each subject's first unknown (`Options.subjects_only`:
    a report that names the subjects only), which spares walking the rest (~4% of a run of 1,000 templates)."""
    functions: list[Undecided] = []
    for fn in net.functions_in_vpc():
        functions += _collect(fn, _function, net, first)
    nats: list[Undecided] = []
    for nat in net.of(NatGateway):
        nats += _collect(nat, _nat, net, first)
    apis: list[Undecided] = []
    for api in net.of(Api):
        apis += _collect(api, _api, net, first)
    modules = [  # whatever they create, no rule saw
        Undecided(
            call,
            "what it creates (functions, subnets, routes…)",
            call,
            call.marks.get("source", call.location),
            call.cause,
        )
        for call in net.of(ModuleCall)
    ]
    return functions, nats, apis, modules


#: Facts listed for one resource: a route whose target is one of 400 NAT gateways is a fact of each
#: (400 × 400 lines, 20 MB of --explain and of the plan, from a 300 KB template).
MAX_PER_SUBJECT = 20
_COMPARED = 8  # places of one fact compared one by one (`_collect`), before they are hashed


class _Found(Exception):
    """The first unknown of a subject, when it is all that is asked (`_collect`'s `first`)."""


def _collect(subject: R, walk: Callable[[Network, R, Add], None], net: Network, first: bool = False) -> list[Undecided]:
    out: list[Undecided] = []
    # (where each fact of a resource was said, by cause: compared, which finds a place's line, only when
    # one fact is said again; most places are never shown. Past `_COMPARED` places, hashed.)
    seen: dict[tuple[int, str, str | None], list[Location]] = {}
    hashed: set[tuple[int, str, str | None, Location]] = set()
    said = shown = 0

    def add(fact: str, resource: Resource, location: Location, cause: str | None, times: int = 1) -> None:
        nonlocal said, shown
        key = (id(resource), fact, cause)
        places = seen.setdefault(key, [])
        if any(place is location or place == location for place in places):
            return
        if len(places) < _COMPARED:
            places.append(location)
        elif (*key, location) in hashed:
            return
        else:
            hashed.add((*key, location))
        said += times
        if len(out) < MAX_PER_SUBJECT:
            out.append(Undecided(subject, fact, resource, location, cause or FALLBACK))
            shown += times
        if first:
            raise _Found

    try:
        walk(net, subject, add)
    except _Found:
        return out
    if said > shown:
        more = said - shown
        cause = f"cannot be known either (lambda6lint lists at most {MAX_PER_SUBJECT} for one resource)"
        out.append(
            Undecided(
                subject, f"{more} more fact{'s' if more > 1 else ''} like these", subject, subject.location, cause
            )
        )
    return out


# ----- functions -------------------------------------------------------------------------------


def _public_address(net: Network, fn: Function, add: Add) -> None:
    """Why W9611 cannot say a function in a public subnet has no public IPv4 address there."""
    if fn.subnets is UNKNOWN or not net.unnamed_interfaces(fn):
        return
    for m in fn.subnets:
        subnet = m.target
        if isinstance(subnet, Subnet) and net.igw_routes(subnet):
            for assoc in net.unnamed_interfaces(fn):
                fact = f"whether it has a public IPv4 address in public subnet {subnet.name}"
                add(fact, assoc, assoc.at(PUBLIC_ADDRESSES), _of(assoc, assoc.unknown[PUBLIC_ADDRESSES]))


def _function(net: Network, fn: Function, add: Add) -> None:
    """What the rules on a function needed and could not know: where it is attached and what lets its
    IPv6 out, then what its environment decides (in the order the rules' questions come)."""
    _attachment(net, fn, add)
    if fn.environment is UNKNOWN:
        add("the environment", fn, fn.at("environment"), fn.unknown.get("environment"))
        return
    _gateway_endpoints(net, fn, add)
    _public_address(net, fn, add)
    if fn.dualstack is True:
        _dns64(net, fn, add)
        if net.published(fn) is None:
            _published(net, fn, add)
    if net.ipv6_only_egress(fn) is True:
        _ipv4_only_destinations(net, fn, add)
    _node_dns_order(net, fn, add)


def _attachment(net: Network, fn: Function, add: Add) -> None:
    """Subnets, security groups, the IPv6 flag, the VPC's IPv6 and the network ACLs (W9601-I9605,
    W9610-W9611, W9620-W9621)."""
    if fn.subnets is UNKNOWN:
        if "vpc_config" in fn.unknown:
            add("the VPC configuration", fn, fn.at("vpc_config"), fn.unknown["vpc_config"])
        else:
            add("the subnet list", fn, fn.at("subnets", "vpc_config"), fn.unknown.get("subnets"))
    walked: set[int] = set()  # (a subnet listed again says the same: a crafted list repeats one 40,000 times)
    for member in net.members(fn.subnets):
        if not isinstance(member.target, Subnet) or id(member.target) not in walked:
            walked.add(id(member.target))
            _subnet(net, fn, member, add)
    if fn.security_groups is UNKNOWN and "vpc_config" not in fn.unknown:
        add("the security group list", fn, fn.at("security_groups", "vpc_config"), fn.unknown.get("security_groups"))
    allowing = any(net.sg_allows_ipv6_egress(m.target) is True for m in net.members(fn.security_groups))
    for member in net.members(fn.security_groups) if not allowing else ():  # (rules of all groups add up)
        group = member.target
        if isinstance(group, Unknown):
            add("a security group", fn, member.location, member.cause)
        elif not isinstance(group, SecurityGroup) and group is not None:
            add("a security group", fn, member.location, _made_by(group, "security group"))
        elif isinstance(group, SecurityGroup) and net.sg_allows_ipv6_egress(group) is None:
            _group(net, group, add)
    if fn.dualstack is None and "vpc_config" not in fn.unknown:
        add("the IPv6 flag", fn, fn.at("dualstack", "vpc_config"), fn.unknown.get("dualstack"))
    for alias in net.pinned_aliases(fn) if net.ipv6_egress_gaps(fn) is None else ():  # (once it would be ready)
        add(
            f"the VPC settings of version {alias.pinned} of {fn.name}",
            alias,
            alias.at("version"),
            f"are those it was published with, not the files': alias {alias.name} runs it; point the alias at the "
            "version this code publishes to decide it",
        )
    vpc = net.function_vpc(fn)
    if isinstance(vpc, Vpc) and net.vpc_has_ipv6(vpc) is None:
        _vpc(net, vpc, add)
    elif isinstance(vpc, Vpc) and net.vpc_has_ipv6(vpc) and net.vpc_ipv6_public(vpc) is None:
        for block in net.linked(VpcIpv6Block, "vpc", vpc):
            if block.public is None and not block.conditional:
                fact = f"whether the IPv6 addresses of VPC {vpc.name} reach the internet"
                add(fact, block, block.location, block.unknown.get("public"))
    if net.acls_blocking_ipv6(fn, limiting=True) is None and fn.subnets is not UNKNOWN:
        for member in net.members(fn.subnets):
            if isinstance(member.target, Subnet):
                _acl(net, member.target, add)
        _group_ports(net, fn, add)


def _group_ports(net: Network, fn: Function, add: Add) -> None:
    """The ports the function's groups let out over IPv6, where a network ACL lets only some ports out
    (W9621, W9650: what leaves is what both allow)."""
    acls = [net.subnet_acl(m.target) for m in net.members(fn.subnets)]
    partial = [
        a
        for a in acls
        if isinstance(a, NetworkAcl) and net.acl_ipv6(a).egress is True and net.acl_ipv6_for(fn, a).egress is None
    ]
    if not partial:
        return
    for network_acl in partial:
        if net.acl_unwalked(network_acl):
            add(f"the IPv6 rules of network ACL {network_acl.name}", network_acl, network_acl.location, _unwalked())
    for member in net.members(fn.security_groups):
        group = member.target
        if not isinstance(group, SecurityGroup):
            add("a security group", fn, member.location, member.cause)
            continue
        fact = (
            f"the IPv6 egress of security group {group.name}, which network ACL {partial[0].name} lets out on some "
            "ports only,"
        )
        if isinstance(group.egress, Unknown):
            add(fact, group, group.location, group.unknown.get("egress"))
        _open(net, group, "security group", fact, add)
        for rule in group.egress if not isinstance(group.egress, Unknown) else ():
            if rule.ipv6_internet is not False and rule.tcp is UNKNOWN:
                add(fact, group, rule.location, rule.cause)
        for extra in net.linked(SecurityGroupEgress, "group", group):
            if extra.rule is not None and extra.rule.ipv6_internet is not False and extra.rule.tcp is not None:
                if extra.rule.tcp is UNKNOWN:
                    add(fact, extra, extra.location, extra.rule.cause)
                _condition(extra, fact, add)


def _dns64(net: Network, fn: Function, add: Add) -> None:
    """W9612: DNS64 on a dual-stack subnet whose table has no NAT64 route?"""
    for member in net.members(fn.subnets):
        subnet = member.target
        if isinstance(subnet, Subnet) and subnet.dns64 is None and net.subnet_kind(subnet) == "dual-stack":
            tables = net.route_tables_of(subnet)  # (one of some: whichever it is, when none has the route)
            if tables and all(net.nat64_reachable(t) is False for t in tables):
                add(
                    f"whether subnet {subnet.name} has DNS64 on",
                    subnet,
                    subnet.at("dns64"),
                    subnet.unknown.get("dns64"),
                )


def _ipv4_only_destinations(net: Network, fn: Function, add: Add) -> None:
    """With IPv6 egress only: does IPv4 go through NAT64 (W9631, I9640), and does the SDK use dual-stack
    endpoints (W9631)?"""
    if net.nat64_path(fn) is None:
        for member in net.members(fn.subnets):
            subnet = member.target
            if isinstance(subnet, Subnet) and subnet.dns64 is None:
                add(
                    f"whether subnet {subnet.name} has DNS64 on",
                    subnet,
                    subnet.at("dns64"),
                    subnet.unknown.get("dns64"),
                )
            if isinstance(subnet, Subnet) and subnet.dns64 is not False:
                for table in net.route_tables_of(subnet):  # (its own, or each of those it may be on)
                    _nat64_target(net, table, add)
    if net.sdk_dualstack(fn) is None:
        value = net.env_value(fn, "AWS_USE_DUALSTACK_ENDPOINT")
        if value is UNKNOWN:
            where = fn.at("env:AWS_USE_DUALSTACK_ENDPOINT", "environment")
            add("the value of AWS_USE_DUALSTACK_ENDPOINT", fn, where, fn.unknown.get("env:AWS_USE_DUALSTACK_ENDPOINT"))
        else:
            add(
                "whether its AWS SDK uses dual-stack endpoints",
                fn,
                fn.at("env:AWS_USE_DUALSTACK_ENDPOINT", "environment"),
                f'depends on its runtime, which is not known: AWS_USE_DUALSTACK_ENDPOINT is "{value}", which the '
                f"SDKs for {runtimes.sdks_reading_unset(str(value))} read as unset",
            )


def _nat64_target(net: Network, table: RouteTable, add: Add) -> None:
    """`nat64_path`: where the table's route for DNS64's 64:ff9b::/96 goes cannot tell whether it reaches public IPv4
    addresses (a public NAT gateway does; a private one does not: aws-facts §12): a NAT gateway whose connectivity
    type cannot be known, a target that cannot be known, or one beyond the run (a transit gateway, an appliance)."""
    found = net.nat64_route(table)
    if found is None or net.nat64_to_internet(table) is not None:
        return
    route, doubtful = found
    if doubtful:
        _nat64_doubts(net, table, add)
    if route is None or route.target_kind in ("eigw", "igw"):
        return
    target = route.target
    fact = f"whether the {route.destination} route of route table {table.name} reaches the internet (NAT64)"
    if isinstance(target, NatGateway):
        if target.public is None:
            cause = target.unknown.get("public")
            how = "its connectivity type cannot be known" if cause is None else f"its connectivity type {cause}"
            add(fact, target, target.at("public"), f"cannot be known: it goes to NAT gateway {target.name}, and {how}")
    elif route.target_kind == "unknown":
        add(
            f"the target of the {route.destination} route of route table {table.name}",
            route,
            route.at("target"),
            route.unknown.get("target"),
        )
    else:
        add(
            fact,
            route,
            route.at("target"),
            f"cannot be known: it goes to a {TARGET_NAMES.get(route.target_kind, route.target_kind)}, and whether that "
            "leads on to a public NAT gateway is decided beyond this run",
        )


def _nat64_doubts(net: Network, table: RouteTable, add: Add) -> None:
    """Why the table may route DNS64's 64:ff9b::/96 otherwise than its routes the run sees say (`nat64_route`'s
    doubt): routes from beyond the run may be added to it, a route covering it may not exist (a condition, a count),
    or a route's destination cannot be known."""
    fact = f"the {NAT64_PREFIX} route of route table {table.name}"
    _open(net, table, "route table", fact, add)
    for route, length in net.nat64_doubts(table):
        if length is None:
            where = route.at("destination")
            add(f"the destination of {_route(route)}", route, where, route.unknown.get("destination"))
        else:  # (one that may not exist, said of the route: it may be another than the fact's, ::/0 covers it too)
            made = route if "condition" in route.unknown or not table.conditional else table  # (a table's block)
            cause = made.unknown.get("condition")
            add(fact, route, route.location, cause and _of(made, cause))


def _node_dns_order(net: Network, fn: Function, add: Add) -> None:
    """I9632: a Node.js function with IPv6 egress only would need --dns-result-order=ipv6first; E9633: does
    its Node.js accept the order NODE_OPTIONS asks for?"""
    order = net.dns_result_order(fn)
    if net.node_major(fn) is UNKNOWN and order not in (UNKNOWN, "ipv6first") and net.ipv6_only_egress(fn) is True:
        add(
            "whether it runs Node.js",
            fn,
            fn.at("runtime"),
            fn.unknown.get("runtime")
            or "cannot be known from a container image, which names no runtime: Node.js without "
            "--dns-result-order=ipv6first in NODE_OPTIONS may try IPv4 first, which has no way out",
        )
    if net.dns_order_unsupported(fn) is None:
        if order is UNKNOWN:
            where = fn.at("env:NODE_OPTIONS", "environment")
            add("the value of NODE_OPTIONS", fn, where, fn.unknown.get("env:NODE_OPTIONS"))
        elif fn.runtime is UNKNOWN:
            add("the Node.js version", fn, fn.at("runtime"), fn.unknown.get("runtime"))
        else:
            add(
                "the Node.js version",
                fn,
                fn.at("runtime"),
                f"is not named (a container image): NODE_OPTIONS asks for --dns-result-order={order}, which "
                + (
                    f"Node.js before {runtimes.IPV6FIRST_FROM} rejects at start"
                    if order == "ipv6first"
                    else "Node.js rejects at start (it takes lower-case values only)"
                ),
            )


_SERVICES = {"s3": "an S3", "dynamodb": "a DynamoDB"}
_SERVICE_NAMES = {"s3": "S3", "dynamodb": "DynamoDB"}
_ENDPOINT_CFN = {
    "service": "ServiceName",
    "gateway": "VpcEndpointType",
    "route_tables": "RouteTableIds",
    "may_be_on": "RouteTableIds",
}
_ENDPOINT_TF = {
    "service": "service_name",
    "gateway": "vpc_endpoint_type",
    "route_tables": "route_table_ids",
    "may_be_on": "route_table_ids",
}


def _gateway_endpoints(net: Network, fn: Function, add: Add) -> None:
    """W9630: which gateway endpoints of the route tables of a function that uses S3 or DynamoDB cannot
    be known (as the rule goes: nothing when its SDK calls go over IPv6, or when a table lacks one)."""
    used = net.services_used(fn)
    maybe = [s for s in _SERVICES if f"uses:{s}" in fn.unknown and s not in used]  # evidence under a condition
    if not (used or maybe or net.unread_permissions(fn)) or fn.subnets is UNKNOWN:
        return
    if net.ipv6_only_egress(fn) is True and net.sdk_dualstack(fn) is not False:
        return
    # (each subnet's route table, or those it may be on: one of them is it)
    placed = [(m.target, net.route_tables_of(m.target)) for m in fn.subnets if isinstance(m.target, Subnet)]
    if len(placed) < len(fn.subnets) or not all(of for _, of in placed):
        return  # (the subnets' own entries say why)
    tables = list(dict.fromkeys(t for _, of in placed for t in of))
    unread = net.unread_permissions(fn)
    for service in [*used, *(s for s in _SERVICES if s not in used and (s in maybe or unread))]:
        on = {t: net.gateway_endpoint_on(t, service) for t in tables}
        lacking = any(all(on[t] is False for t in of) for _, of in placed)  # (a subnet without it, whichever)
        if service not in used:  # W9630 would fire if it does use the service: say why that is not known
            if lacking:
                fact = f"whether it uses {_SERVICE_NAMES[service]}"
                if service in maybe:
                    add(fact, fn, fn.at(f"uses:{service}"), f"cannot be known: {fn.unknown[f'uses:{service}']}")
                for res in unread:
                    cause = res.unknown["permissions"]
                    add(fact, res, res.at("permissions"), f"cannot be known: {cause}" if res is fn else _of(res, cause))
            continue
        if lacking:
            continue  # W9630 fires on that table
        for subnet, of in placed:  # (on one of some tables, which disagree: which have it)
            answers = {t: "has one" if on[t] else "has none" for t in of if on[t] is not None}
            fact = f"whether the route table of subnet {subnet.name} has {_SERVICES[service]} gateway endpoint"
            _disagreeing(net, subnet, fact, answers, add)
        for table in dict.fromkeys(t for t, v in on.items() if v is None):
            fact = f"whether route table {table.name} has {_SERVICES[service]} gateway endpoint"
            _endpoint_unknowns(net, table, service, fact, add)


def _endpoint_unknowns(net: Network, table: RouteTable, service: str, fact: str, add: Add) -> None:
    """Why it cannot be known whether a gateway endpoint for `service` is on the route table."""
    _open(net, table, "route table", fact, add)
    for ep in net.endpoints_maybe_on(table, service):
        if ep.conditional:
            _condition(ep, fact, add)
        names = _ENDPOINT_CFN if ep.type.startswith("AWS::") else _ENDPOINT_TF
        for key, name in names.items():
            if key in ep.unknown and (key != "may_be_on" or any(t is table for t in ep.may_be_on)):
                add(fact, ep, ep.location, _of(ep, f"(its {name}) {ep.unknown[key]}"))


def _published(net: Network, fn: Function, add: Add) -> None:
    """I9660: why it cannot be known whether the function has a published version and alias."""
    fact = "whether it has a published version and alias"
    if fn.auto_publish is None:
        add(fact, fn, fn.location, "cannot be known: its AutoPublishAlias cannot be known")
    _open(net, fn, "function", fact, add)
    for alias in net.linked(Alias, "function", fn):
        if alias.conditional:
            _condition(alias, fact, add)
        elif alias.published is None:
            why = alias.unknown.get("version")
            add(
                fact,
                alias,
                alias.at("version"),
                _of(alias, f"points at a version that {why}" if why else "stands for a version that cannot be known"),
            )
    vague = net.vague_aliases(fn.template)
    # (at most MAX_PER_SUBJECT facts are listed, each alias one: those past it are counted in one go, not said
    # each, as N functions each saying all N aliases were N², 42 s for 3,200 of each)
    for count, alias in enumerate(vague[: MAX_PER_SUBJECT + 1]):
        why = alias.unknown.get("function")
        add(
            fact,
            alias,
            alias.location,
            _of(alias, f"names its function by a value that {why}" if why else "is of a function that cannot be known"),
            times=1 if count < MAX_PER_SUBJECT else len(vague) - MAX_PER_SUBJECT,
        )


def _subnet(net: Network, fn: Function, member: Member, add: Add) -> None:
    subnet = member.target
    if isinstance(subnet, Unknown):
        add("a subnet", fn, member.location, member.cause)
        return
    if not isinstance(subnet, Subnet):
        add("a subnet", fn, member.location, _made_by(subnet, "subnet"))
        return
    name = f"subnet {subnet.name}"
    _condition(subnet, name, add)
    if net.subnet_kind(subnet, fn) == "unknown":
        if subnet.ipv6_native is None:
            add(f"whether {name} is IPv6-only", subnet, subnet.location, subnet.unknown.get("ipv6_native"))
        if net.subnet_has_ipv6(subnet, fn) is None:
            blocks = net.linked(SubnetIpv6Block, "subnet", subnet)
            for block in blocks:
                _condition(block, f"the IPv6 block of {name}", add)
            if subnet.ipv6 is None:
                add(f"the IPv6 CIDR of {name}", subnet, subnet.location, subnet.unknown.get("ipv6"))
            elif not blocks and net.is_open(subnet):
                _open(net, subnet, "subnet", f"the IPv6 CIDR of {name}", add)
            elif not blocks:
                add(f"the IPv6 CIDR of {name}", subnet, subnet.location, None)
    if not isinstance(subnet.vpc, Vpc):
        add(f"the VPC of {name}", subnet, subnet.location, subnet.unknown.get("vpc"))
        return
    table = net.effective_route_table(subnet)
    if isinstance(table, Unknown):
        choices = net.route_table_choices(subnet)
        if not choices:
            _placement(net, subnet, add)
        for choice in choices:  # (one of some: what each of them cannot answer; `_choices`: where they disagree)
            _default_routes(net, choice, add)
        _choices(net, subnet, add)
        return
    _default_routes(net, table, add)


def _default_routes(net: Network, table: RouteTable, add: Add) -> None:
    """What the function's rules ask of a route table its subnet is on (or may be): its ::/0 and 0.0.0.0/0 routes,
    their targets, and where an IPv6 one leads (W9610, W9611, W9631)."""
    for destination in (IPV6_DEFAULT, IPV4_DEFAULT):
        routes = net.default_routes(table, destination)
        if routes is None:
            _routes(net, table, destination, add)
        for route in routes or []:  # (W9611, W9631: an internet gateway? a NAT gateway?)
            if route.target_kind == "unknown":
                fact = f"the target of the {route.destination} route of route table {table.name}"
                add(fact, route, route.at("target"), route.unknown.get("target"))
            elif destination == IPV6_DEFAULT and net.ipv6_out({route.target_kind}) is None:
                add(
                    f"whether the {route.destination} route of route table {table.name} reaches the internet",
                    route,
                    route.at("target"),
                    f"cannot be known: it goes to a {TARGET_NAMES.get(route.target_kind, route.target_kind)}, and "
                    "where that takes IPv6 traffic is decided beyond this run",
                )


def _choices(net: Network, subnet: Subnet, add: Add) -> None:
    """A subnet on one of some route tables (`route_table_choices`): what the rules ask of its table that they do
    not all answer alike (W9610's ::/0, W9611's 0.0.0.0/0 to an internet gateway), and what one of them cannot
    answer."""
    tables = net.route_table_choices(subnet)
    if not tables:
        return
    for destination in (IPV6_DEFAULT, IPV4_DEFAULT):
        answers: dict[RouteTable, str] = {}
        for table in tables:
            routes = net.default_routes(table, destination)
            if routes is None:
                _routes(net, table, destination, add)
                continue
            kinds = sorted({TARGET_NAMES.get(r.target_kind, r.target_kind) for r in routes})
            kinds = [f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}" for kind in kinds]
            answers[table] = f"sends it to {' and '.join(kinds)}" if kinds else "has none"
        _disagreeing(net, subnet, f"the {destination} route of subnet {subnet.name}", answers, add)
    # (W9612: DNS64's addresses lead to a NAT64, or nowhere; W9631, I9640, `nat64_path`: on to public IPv4
    # addresses, which a private NAT gateway does not reach)
    if subnet.dns64 is not False:
        answers = {}
        for table in tables:
            reach = net.nat64_reachable(table)
            if reach is None:
                continue
            if not reach:
                answers[table] = "has no route for it to a NAT gateway"
            elif net.nat64_to_internet(table) is False:
                answers[table] = "routes it to a private NAT gateway, which is no internet egress"
            else:  # (a public NAT gateway, or one whose type cannot be known, or a target beyond the run: a TGW…)
                found = net.nat64_route(table)
                kind = found[0].target_kind if found and found[0] is not None else "nat"
                name = TARGET_NAMES.get(kind, kind)
                answers[table] = f"routes it to {'an' if name[0] in 'aeiou' else 'a'} {name}"
        _disagreeing(net, subnet, f"the {NAT64_PREFIX} route of subnet {subnet.name}", answers, add)


def _disagreeing(net: Network, subnet: Subnet, fact: str, answers: dict[RouteTable, str], add: Add) -> None:
    """`fact`, where the route tables the subnet may be on answer it differently: which say what."""
    if len(set(answers.values())) < 2:
        return
    [assoc] = net.linked(RouteTableAssociation, "subnet", subnet)  # (`route_table_choices`: one association)
    said: dict[str, list[RouteTable]] = {}
    for table, answer in answers.items():
        said.setdefault(answer, []).append(table)
    differ = "; ".join(f"{_table_names(tables)} {answer}" for answer, tables in said.items())
    add(
        fact,
        assoc,
        assoc.at("table"),
        f"cannot be known: its route table is one of {_table_names(list(answers))}, which disagree ({differ}); "
        "deciding which table the association names decides it",
    )


def _table_names(tables: list[RouteTable]) -> str:
    """Route tables by name, at most `_NAMED_TABLES` of them, then how many more."""
    shown = ", ".join(t.name for t in tables[:_NAMED_TABLES])
    more = len(tables) - _NAMED_TABLES
    return f"{shown} and {more} more" if more > 0 else shown


_NAMED_TABLES = 4


def _made_by(res: Resource, kind: str) -> str:
    """Why an id another kind of resource gives (a custom resource's attribute) cannot be known."""
    if Network.is_custom_resource(res):
        return (
            f"comes from custom resource {res.name} ({res.type}): what it returns is made by its code at deploy, "
            "which lambda6lint never runs (pass the ids as a parameter instead to have them checked)"
        )
    noun = f"{res.type} " if "::" in res.type else ""  # (a Terraform address names its type)
    return f"comes from {noun}{res.name}, which this run does not read as a {kind}"


def _placement(net: Network, subnet: Subnet, add: Add) -> None:
    """Why a subnet's route table cannot be known."""
    fact = f"the route table of subnet {subnet.name}"
    _open(net, subnet, "subnet", fact, add)
    associations = net.linked(RouteTableAssociation, "subnet", subnet)
    if sum(not assoc.conditional for assoc in associations) > 1:  # (conditional ones say their condition)
        add(fact, subnet, subnet.location, "is set by more than one route table association")
    for assoc in associations:
        _condition(assoc, fact, add)
        if isinstance(assoc.table, Unknown):
            add(fact, assoc, assoc.location, assoc.unknown.get("table"))
    if not associations:
        maybe, count = net.maybe_associations(subnet, _MAYBE_NAMED)
        for assoc in maybe:
            if len(net.association_candidates(assoc)) > _NAMED_SUBNETS:
                _maybe_association(net, assoc, add)  # (as many lines as the subnets it reaches: one, that counts them)
            else:
                _unknown_subnet(assoc, fact, "may associate it, as its subnet", add)
        if count > _MAYBE_NAMED:
            more = f"{count - _MAYBE_NAMED} route table associations besides the {_MAYBE_NAMED} above"
            add(fact, subnet, subnet.location, f"cannot be known: {more} may associate it, their subnets unknown")


#: The route table associations that may name a subnet (their own subnet unknown) that `_placement` gives one by one;
#: the rest are counted in one line (N associations each of which may be any of N subnets: N lines for each subnet, of
#: N names each, said again for each route table that subnet may be on: 38 s for a plan of 250).
_MAYBE_NAMED = 8


#: The subnets a line of `_maybe_association` names before it counts the rest; an association that may be no more
#: than these is said of each subnet (`SubnetId: !If [C, !Ref A, !Ref B]`: a line for A, one for B).
_NAMED_SUBNETS = 2


def _maybe_association(net: Network, assoc: RouteTableAssociation, add: Add) -> None:
    """A route table association whose subnet may be any of several (a plan's that apply alone knows: any subnet the
    plan makes), said in one line however many of them a subject reaches: how many, the first two by name, and why (a
    line per subnet and association was 2 × 4 of them for each function of a small plan, and grew with both)."""
    subnets = net.association_candidates(assoc)
    names = ", ".join(s.name for s in subnets[:_NAMED_SUBNETS])
    if len(subnets) > _NAMED_SUBNETS:
        names += f" and {len(subnets) - _NAMED_SUBNETS} more"
    cause = assoc.unknown.get("subnet")
    noun = f"{assoc.type} " if "::" in assoc.type else ""
    fact = f"the route table of {len(subnets)} subnets ({names})"
    add(
        fact,
        assoc,
        assoc.at("subnet"),
        cause and f"cannot be known: {noun}{assoc.name} may associate any one of them, as its subnet {cause}",
    )


def _unknown_subnet(assoc: RouteTableAssociation, fact: str, how: str, add: Add) -> None:
    """A route table association whose subnet cannot be known, said of `fact`: `how` it bears on it, and why."""
    cause = assoc.unknown.get("subnet")
    noun = f"{assoc.type} " if "::" in assoc.type else ""
    add(fact, assoc, assoc.at("subnet"), cause and f"cannot be known: {noun}{assoc.name} {how} {cause}")


def _routes(net: Network, table: RouteTable, destination: str, add: Add) -> None:
    """Why a route table's default route for `destination` cannot be known."""
    fact = f"the {destination} route of route table {table.name}"
    _open(net, table, "route table", fact, add)
    for route in net.routes(table):
        if route.destination is UNKNOWN:
            add(
                f"the destination of {_route(route)}",
                route,
                route.at("destination"),
                route.unknown.get("destination"),
            )
        elif route.destination == destination:
            _condition(route, fact, add)


def _unwalked() -> str:
    from lambda6lint import acl  # (with ipaddress: only a run with network ACLs)

    cause = "cannot be known: the network ACLs of its file together need more rule checks than lambda6lint makes"
    cause += f" for one ({acl.MAX_WORK:,}), or its functions' security groups let out more separate IPv6 TCP port"
    return cause + f" ranges than it asks it about ({acl.MAX_PORT_RANGES})"


def _acl(net: Network, subnet: Subnet, add: Add) -> None:
    """Why the network ACL of a subnet cannot be known to let IPv6 egress and its return traffic through."""
    fact = f"the network ACL of subnet {subnet.name}"
    network_acl = net.subnet_acl(subnet)
    if isinstance(network_acl, Unknown):
        _open(net, subnet, "subnet", fact, add)
        associations: list[Resource] = [*net.linked(NetworkAclAssociation, "subnet", subnet)]
        associations += net.linked(NetworkAcl, "subnets", subnet)
        if len(associations) > 1:
            add(fact, subnet, subnet.location, "is set by more than one network ACL association")
        for assoc in associations:
            _condition(assoc, fact, add)
            if isinstance(assoc, NetworkAclAssociation) and isinstance(assoc.acl, Unknown):
                add(fact, assoc, assoc.location, assoc.unknown.get("acl"))
        for other in net.vague_acls(subnet):
            add(fact, other, other.location, f"may be set by network ACL {other.name}, whose subnets cannot be known")
        for vague in net.vague_acl_associations(subnet):
            cause = vague.unknown.get("subnet")
            add(
                fact,
                vague,
                vague.at("subnet"),
                f"may be set by network ACL association {vague.name}, whose subnet "
                + (cause.removeprefix("is ") if cause else "cannot be known"),
            )
        return
    if network_acl is None or net.acl_ipv6(network_acl).limits is not None:
        return
    fact = f"the IPv6 rules of network ACL {network_acl.name}"
    _open(net, network_acl, "network ACL", fact, add)
    if network_acl.entries is UNKNOWN:
        add(fact, network_acl, network_acl.location, network_acl.unknown.get("entries"))
        return
    for res in net.linked(NetworkAclEntry, "acl", network_acl):
        if res.entry is None:
            add(f"rule {res.name} of network ACL {network_acl.name}", res, res.location, res.unknown.get("entry"))
        elif res.conditional and res.entry.ipv6 is not None and not isinstance(res.entry.ipv6, OwnBlock):
            _condition(res, f"rule {res.name} of network ACL {network_acl.name}", add)
    if not network_acl.exact:
        vpc = network_acl.vpc
        add(
            f"the default network ACL of VPC {vpc.name}" if isinstance(vpc, Vpc) else fact,
            network_acl,
            network_acl.location,
            "may hold AWS's own ::/0 allow rules (rule number 101, in and out), which AWS adds to a default network "
            "ACL when the VPC gets IPv6 unless its rules were changed: the files cannot show whether they are there "
            "(declare its IPv6 rules to decide it)",
        )
    from lambda6lint import acl  # (with ipaddress: only a run with network ACLs)

    entries = net.acl_entries(network_acl)
    if net.acl_unwalked(network_acl):
        add(fact, network_acl, network_acl.location, _unwalked())
    for direction, egress in (("outbound", True), ("inbound", False)):
        count = sum(1 for e in entries if e.egress is UNKNOWN or e.egress == egress) if isinstance(entries, list) else 0
        if count > acl.MAX_RULES:
            cause = f"cannot be known: it has {count} {direction} rules, more than lambda6lint reads"
            cause += f" ({acl.MAX_RULES}; AWS takes 40)"
            add(fact, network_acl, network_acl.location, cause)
    for entry in entries if not isinstance(entries, Unknown) else []:
        fields = (entry.number, entry.egress, entry.allow, entry.protocol, entry.ipv6, entry.ports)
        if any(value is UNKNOWN for value in fields):
            if entry.cause:
                add(f"network ACL {network_acl.name}", network_acl, entry.location, entry.cause)
            else:
                add(f"a rule of network ACL {network_acl.name}", network_acl, entry.location, None)


def _group(net: Network, group: SecurityGroup, add: Add) -> None:
    """Why a security group's IPv6 egress cannot be known."""
    fact = f"the IPv6 egress of security group {group.name}"
    if isinstance(group.egress, Unknown):
        add(fact, group, group.location, group.unknown.get("egress"))
        return
    _open(net, group, "security group", fact, add)
    for rule in group.egress:
        if rule.ipv6_internet is None:
            add(fact, group, rule.location, rule.cause)
    for extra in net.linked(SecurityGroupEgress, "group", group):
        if extra.rule is not None and extra.rule.ipv6_internet is None:
            add(fact, extra, extra.location, extra.rule.cause)
        _condition(extra, fact, add)


def _vpc(net: Network, vpc: Vpc, add: Add) -> None:
    fact = f"the IPv6 block of VPC {vpc.name}"
    _open(net, vpc, "VPC", fact, add)
    for subnet in net.literal_ipv6_subnets(vpc)[:1]:
        add(
            fact,
            subnet,
            subnet.at("ipv6_cidr"),
            f"is not in the files, yet subnet {subnet.name} is given a literal IPv6 CIDR: the VPC has a block made "
            "where this run does not see (another configuration or stack, the console); lint that with it",
        )
    for block in net.linked(VpcIpv6Block, "vpc", vpc):
        _condition(block, fact, add)


def _open(net: Network, res: Resource, noun: str, fact: str, add: Add, viewer: Resource | None = None) -> None:
    """`res` may hold more than the run sees: exported, or passed to what the run cannot read (by what exists only
    under conditions: those, not proven exclusive of the `viewer`'s own)."""
    if net.is_open(res):
        because = res.template.open_because.get(res.id)
        under = res.template.opened_under.get(res.id)
        if because and under and viewer is not None and viewer.condition is not None:
            named = ", ".join(f"`{c}`" for c in sorted(under))
            because += (
                f", under condition {named}, which lambda6lint cannot prove never holds with {viewer.name}'s "
                f"`{viewer.condition}` (pass the parameters they depend on to decide)"
            )
        add(fact, res, res.location, f"cannot be known: {noun} {res.name} {because}" if because else None)


def _condition(res: Resource, fact: str, add: Add) -> None:
    if res.conditional:
        add(fact, res, res.location, _existence(res, fact))


def _existence(res: Resource, fact: str) -> str | None:
    """Why `res` may not exist, said of it where `fact` is about something else (an association's
    condition for the route table of a subnet, a host's for what runs in the subnet)."""
    cause = res.unknown.get("condition")
    if not cause or fact.endswith((res.name, migration.called(res))) or not cause.startswith(_SAID_OF_IT):
        return cause  # (a Terraform count's cause is said of the fact: "comes from input `enable_ipv6`")
    return _of(res, cause)


#: Causes of a resource's existence that say nothing of what the fact is about: said of the resource (`_of`). A
#: Terraform count's own cause ("exists in a number of instances that refers to `aws_subnet.private`, …") too: the
#: fact is the subnet's route table, and the association is what exists in that number.
_SAID_OF_IT = ("exists only if", "is in nested stack", "exists in a number of instances")


def _of(res: Resource, cause: str) -> str:
    """`cause`, said of `res` where the fact is about something else."""
    noun = f"{res.type} " if "::" in res.type else ""  # (a Terraform address names its type)
    return f"cannot be known: {noun}{migration.called(res)} {cause}"


def _route(route: Route, kind: str = "route") -> str:
    """A route as W9650, I9651 and the plan name it (`migration.called`): an inline `route {}` as its code reads,
    `the route {} for 0.0.0.0/0 of aws_route_table.private[0]`, not by its id (`….route[1]`, a count of blocks no
    one writes); any other by its name."""
    called = migration.called(route)
    return f"{kind} {route.name}" if called == route.name else called


def _sends(route: Route, sent: str) -> str:
    """`whether route R sends 0.0.0.0/0 to it`; `whether the route {} for 0.0.0.0/0 of T goes to it` where the
    inline route's name says what it sends already."""
    return f"whether {route_sends(route, sent)}"


def route_sends(route: Route, sent: str, destination: str | None = None) -> str:
    """`route R sends 0.0.0.0/0 to it`; `the route {} for 0.0.0.0/0 of T goes to it` where the inline route's name
    says what it sends already (`destination`, where `sent` says more than the CIDR: the plan's NAT64 routes)."""
    named = _route(route)
    if named.startswith("the ") and route.destination == (destination or sent):
        return f"{named} goes to it"
    return f"{named} sends {sent} to it"


# ----- NAT gateways ----------------------------------------------------------------------------


def _nat(net: Network, nat: NatGateway, add: Add) -> None:
    """Why a NAT gateway's W9650/I9651 verdict cannot be decided: every unknown at once, so that one
    run shows all there is to decide; nothing when it was decided (a known blocker decides it too)."""
    if nat.public is None:
        add("whether it is a public NAT gateway", nat, nat.location, nat.unknown.get("public"))
        return
    if nat.public is False:
        return
    found: list[tuple[str, Resource, Location, str | None]] = []
    if not _nat_unknowns(net, nat, lambda *item: found.append(item)):
        for item in found:
            add(*item)
    assessment = net.nat_assessment(nat)
    if assessment is not None:
        _responders(net, assessment.functions, add)


def _responders(net: Network, functions: list[Function], add: Add) -> None:
    """W9650/I9651 ask for an S3 gateway endpoint first on the route tables of a function that answers custom
    resources (its response goes to S3 over IPv4): where it cannot be known whether one of its subnets' tables
    has one, which tables disagree or what one of them cannot answer (`Network.s3_endpoint_lacking_in`)."""
    for fn in functions:
        if not net.custom_resources(fn) or net.s3_endpoint_lacking(fn):
            continue  # (none, or it is asked for anyway)
        for member in net.members(fn.subnets):
            subnet = member.target
            if not isinstance(subnet, Subnet) or net.s3_endpoint_lacking_in(subnet) is not None:
                continue
            tables = net.route_tables_of(subnet)
            on = {t: net.gateway_endpoint_on(t, "s3") for t in tables}
            fact = (
                f"whether the route table of subnet {subnet.name} has an S3 gateway endpoint (function {fn.name}, "
                "which answers custom resources, would need one first)"
            )
            answers = {t: "has one" if v else "has none" for t, v in on.items() if v is not None}
            _disagreeing(net, subnet, fact, answers, add)
            for table in (t for t, v in on.items() if v is None):
                _endpoint_unknowns(net, table, "s3", fact, add)


def nat64_destination(route: Route) -> str:
    """A NAT64 route's destination as plan and explain say it: DNS64's prefix, or a CIDR holding all or part of it."""
    dest = str(route.destination)
    if dest == NAT64_PREFIX:
        return dest
    whole = int(dest.rpartition("/")[2]) <= 96  # (`nat64_part`'s routes are CIDRs)
    return f"{dest}, {'which holds' if whole else 'part of'} DNS64's {NAT64_PREFIX},"


def _nat_unknowns(net: Network, nat: NatGateway, add: Add) -> bool:
    """Add what W9650/I9651 needed about a public NAT gateway and could not know; True when a known fact
    blocks it anyway (a tenant that egresses, a NAT64 route, an exposed address), as the plan says."""
    if net.nat64_target(nat) is True or net.eip_exposed(nat) is True:
        return True
    tables: list[RouteTable] = []
    maybe: list[RouteTable] = []
    routes = [r for r in net.linked(Route, "target", nat) if r.destination == IPV4_DEFAULT]
    _routes_maybe_to(net, nat, (IPV4_DEFAULT, UNKNOWN), add)
    if not routes:
        return False  # no consumer it surely has: nothing more to decide
    for route in routes:
        if not isinstance(route.table, RouteTable):
            add(f"the route table of {_route(route)}", route, route.at("table"), route.unknown.get("table"))
            continue
        if not net.exists_with(route, nat):  # (its table's subnets are consumers only if it exists)
            _condition(route, _route(route), add)
            maybe.append(route.table)
        elif clashing := net.clashing_routes(route.table):
            _clash(route, clashing, add)
            maybe.append(route.table)
        elif route.table not in tables:
            tables.append(route.table)
    ids = frozenset(map(id, tables))  # (a subnet on one of them, whichever it is, is a consumer for sure)
    for table in dict.fromkeys([*tables, *maybe]):
        if net.subnets_using(table, ids if table in tables else frozenset(), nat) is None:
            _consumers(net, table, add, ids if table in tables else frozenset(), nat)
    subnets = net.subnets_surely_on(tables)
    if any(_known_host(net, s) for s in subnets):
        return True
    known = {fn for s in subnets for fn in net.functions_in_subnet(s)}
    vague = [fn for fn in net.functions_maybe_behind(nat) if fn not in known and not net.sends_no_ipv4(fn)]
    shown = vague if len(vague) <= MAX_PER_SUBJECT else vague[: MAX_PER_SUBJECT - 1]
    for fn in shown:
        where = fn.at("subnets", "vpc_config")
        add(f"whether function {fn.name} uses it", fn, where, "is not known (see the function)")
    if len(shown) < len(vague):  # (said once for the rest: each NAT gateway of thousands would say each)
        rest = len(vague) - len(shown)
        add(f"whether {rest} more functions use it", nat, nat.location, "is not known (see each function)", rest)
    if not known:
        for subnet in subnets:  # (what the plan needs to call it idle: nothing else may be there either)
            if net.hosts_only_lambda(subnet) is not True:
                _tenants(net, subnet, add)
        return False
    for subnet in subnets:
        if net.hosts_only_lambda(subnet) is not True:
            _tenants(net, subnet, add)
    if net.nat64_target(nat) is None:
        for route in net.linked(Route, "target", nat):
            if route.destination is UNKNOWN:
                where = route.at("destination")
                add(f"the destination of {_route(route)}", route, where, route.unknown.get("destination"))
            elif net.nat64_part(route):
                _condition(route, _route(route, "NAT64 route"), add)
        # (a route whose destination is unknown too is said above, as a 0.0.0.0/0 route)
        _routes_maybe_to(net, nat, (NAT64_PART,), add, nat64_destination, "NAT64 routes send DNS64's addresses")
    if net.eip_exposed(nat) is None:
        _exposed(net, nat, add)
    for fn in net.nat_users(list(dict.fromkeys(fn for s in subnets for fn in net.functions_in_subnet(s)))):
        if net.ipv6_egress_gaps(fn) is None:
            add(
                f"whether function {fn.name} has IPv6 egress",
                fn,
                fn.location,
                "is not fully checked (see the function)",
            )
    return False


def _routes_maybe_to(
    net: Network,
    nat: NatGateway,
    dests: tuple,
    add: Add,
    sent: Callable[[Route], str] = lambda route: IPV4_DEFAULT,
    more: str = f"routes send {IPV4_DEFAULT}",
) -> None:
    """Say the routes whose target may be `nat` and whose destination is one of `dests`: the first MAX_PER_SUBJECT
    each, the rest counted in one fact of `nat` (N routes that may be to any of N NAT gateways, said of each, were
    N²). Nothing else says these facts (a route's own, of its unknown target), so each is said once: the first fill
    what a subject lists, and the count joins `_collect`'s "more facts"."""
    doubted, count = net.maybe_routes(nat, dests, MAX_PER_SUBJECT)
    for route in doubted:
        fact = _sends(route, sent(route))
        add(fact, route, route.at("target"), route.unknown.get("target"))
    if count > len(doubted):
        rest = count - len(doubted)
        add(f"whether {rest} more {more} to it", nat, nat.location, "cannot be known", rest)


def _clash(route: Route, clashing: list[Route], add: Add) -> None:
    """Why a route's table may not send 0.0.0.0/0 where the route says: it has other routes for it too."""
    others = [r for r in clashing if r.target is not route.target]
    more = f" and {len(others) - 1} more" if len(others) > 1 else ""
    table = route.table.name if isinstance(route.table, Resource) else "its route table"
    first = migration.called(others[0])  # (an inline one as its code reads, as W9650 and the plan name it)
    add(
        _sends(route, IPV4_DEFAULT),
        route,
        route.at("destination"),
        f"cannot be known: route table {table} has other routes for 0.0.0.0/0 ({first}{more}), and a route "
        "table holds one route per destination (keep one of them)",
    )


def _exposed(net: Network, nat: NatGateway, add: Add) -> None:
    """Why it cannot be known whether the NAT gateway's address is a static egress IP someone relies on."""
    eips = nat.eips or ([nat.eip] if nat.eip is not None else [])
    if any(eip is UNKNOWN for eip in eips):
        add("its Elastic IP allocation", nat, nat.at("eip"), nat.unknown.get("eip"))
    for res in [nat, *eips]:
        doubt = res.template.maybe_in_outputs.get(res.id) if isinstance(res, Resource) else None
        if isinstance(res, Resource) and doubt is not None:
            fact = f"whether the outputs give its address ({res.name})"
            add(fact, res, doubt[0], f"cannot be known: {doubt[1]}")
        if isinstance(res, Resource) and MAYBE_STATIC in res.hints:
            add(f"whether its Elastic IP {res.name} is kept on purpose", res, res.location, res.hints[MAYBE_STATIC])


def _consumers(
    net: Network, table: RouteTable, add: Add, alike: frozenset[int] = frozenset(), viewer: Resource | None = None
) -> None:
    """Why the subnets using a route table cannot be listed (wherever `viewer` exists); not a subnet on one of some
    route tables all among `alike` (by id), which uses one of them whichever it is (`Network.subnets_using`)."""
    fact = f"which subnets use route table {table.name}"
    if net.open_to(table, viewer):
        _open(net, table, "route table", fact, add, viewer)
    for assoc in net.linked(RouteTableAssociation, "table", table):
        if not isinstance(assoc.subnet, Subnet):
            _unknown_subnet(assoc, fact, "adds a subnet that", add)
    for assoc in net.linked(RouteTableAssociation, "tables", table):  # (on one of some tables, this among them)
        if not isinstance(assoc.subnet, Subnet) and assoc.table is UNKNOWN:
            _unknown_subnet(assoc, fact, "may add to it (its table is one of some, this among them) a subnet that", add)
    named, count = net.unplaced_beside(table, alike, _PLACEMENTS_NAMED)
    for subnet in named:
        _placement(net, subnet, add)
    if count > _PLACEMENTS_NAMED:
        more = count - _PLACEMENTS_NAMED
        besides = f"{more} subnets besides the {_PLACEMENTS_NAMED} above may be on it"
        add(fact, table, table.location, f"cannot be known: {besides}, and their own route tables cannot be known")


#: The subnets that may use a route table, their own unknown, whose reasons `_consumers` gives one by one; the rest
#: are counted in one line (N subnets each on one of N route tables made N² lines: 1.4 GB for a plan of 2,000).
_PLACEMENTS_NAMED = 8


def _known_host(net: Network, subnet: Subnet) -> bool:
    """Whether something surely in the subnet may send internet traffic through its NAT gateway, and is of a kind
    lambda6lint knows (`Network.hosts_only_lambda` is False): what keeps the NAT gateway is then known. A kind it
    does not know keeps it too, but whether that is right is for the user to decide (`_tenants`)."""
    if net.hosts_only_lambda(subnet) is not False:  # (cached: most subnets end here)
        return False
    return any(res.egress_host and not res.conditional and EGRESS not in res.unknown for res in net.referrers(subnet))


def _tenants(net: Network, subnet: Subnet, add: Add) -> None:
    fact = f"what else runs in subnet {subnet.name}"
    _open(net, subnet, "subnet", fact, add)
    for res in net.referrers(subnet):
        if res.egress_host and res.conditional:
            add(fact, res, res.location, _existence(res, fact))
        elif res.egress_host and EGRESS in res.unknown:
            add(fact, res, res.location, _of(res, res.unknown[EGRESS]))
    for res in [*net.maybe_referrers(subnet), *net.vague_hosts(subnet)]:
        if res.egress_host or res.vague:
            cause = res.unknown.get(f"placement:{subnet.id}") or res.unknown.get("placement") or "may be in it"
            add(fact, res, res.at("placement"), _of(res, cause))


# ----- APIs ------------------------------------------------------------------------------------


def _api(net: Network, api: Api, add: Add) -> None:
    """Why I9640 could not decide whether an API or custom domain accepts IPv6 clients; nothing when a
    known fact decided it (private, its execute-api endpoint off, dual-stack)."""
    value = api.ip_address_type
    if (
        api.private is True
        or api.default_endpoint is False
        or (isinstance(value, str) and value.lower() == "dualstack")
        or net.private_apis_only(api)
    ):
        return
    if api.conditional:
        add(api.name, api, api.location, api.unknown.get("condition"))
    if api.private is None and not (isinstance(value, str) and value.lower() == "ipv4"):
        add("whether it is private (its endpoint type)", api, api.at("endpoint"), api.unknown.get("private"))
    if api.default_endpoint is None:
        add(
            "whether its execute-api endpoint is on",
            api,
            api.at("default_endpoint"),
            api.unknown.get("default_endpoint"),
        )
    if value is UNKNOWN:
        where = api.at("ip_address_type", "openapi", "endpoint")
        add("its IP address type", api, where, api.unknown.get("ip_address_type"))
