"""The migration plan (issue #12): per VPC, what its NAT gateways cost, which could go, what is left to
do for each and where, what keeps the others, and the path from each function to the internet.

Findings answer "what is wrong here"; the plan answers the questions of whoever decides to migrate, from
the same graph facts the rules use (network.py), so the two never disagree: a NAT gateway is replaceable
exactly when W9650 or I9651 reports it. Unknown facts never count as savings: such a NAT gateway is
listed as undecided with the causes `explain` found. Renderers (report/plan_*.py) only format this.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Container, Iterable, Sequence

from lambda6lint import migration
from lambda6lint.explain import Undecided, nat64_destination, route_sends
from lambda6lint.findings import fingerprint
from lambda6lint.model import (
    COUNT,
    EGRESS,
    IGNORED_BY_CALL,
    UNKNOWN,
    Api,
    Function,
    Location,
    ModuleCall,
    NatGateway,
    NetworkAcl,
    Resource,
    Route,
    RouteTable,
    Subnet,
    Vpc,
    region,
    term,
)
from lambda6lint.network import NAT64_PREFIX, NatAssessment, Network, count_setting
from lambda6lint.paths import portable, project_root
from lambda6lint.pricing import DEFAULT_PRICES, NatBill, NatCost, Prices, bill, elsewhere, price_basis
from lambda6lint.records import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal, TypeAlias

    from lambda6lint.baseline import Baseline
    from lambda6lint.diagram import Diagram

#: `ready`: W9650 (nothing left but removing it); `steps-left`: I9651; `blocked`: something else sends
#: internet traffic through it or relies on it; `undecided`: a fact needed is unknown; `idle`: it serves
#: no Lambda function; `private`: a private NAT gateway, which no egress-only gateway replaces.
Status: TypeAlias = 'Literal["ready", "steps-left", "blocked", "undecided", "idle", "private"]'
REPLACEABLE: tuple[Status, ...] = ("ready", "steps-left")
#: The rules whose findings a replaceable NAT gateway gets, by status (their ids: suppressions, baseline).
RULE_OF = {"ready": "W9650", "steps-left": "I9651"}


@dataclass(frozen=True)
class Change:
    """One resource a step touches: where to change it, and what to write there."""

    resource: Resource
    location: Location
    what: str

    @property
    def name(self) -> str:
        """How the plan names the resource: as its code reads (`migration.called`)."""
        return migration.called(self.resource)


@dataclass
class PlanStep:
    step: str  # a migration step id (network.MIGRATION_STEPS), migration.SDK or migration.REMOVE
    text: str
    changes: list[Change]


@dataclass(frozen=True)
class Blocker:
    """Why a NAT gateway must stay: the resource that needs it, and where that is."""

    kind: Literal["egress-host", "nat64", "static-ip", "kept", "group"]
    text: str
    resource: Resource
    location: Location


@dataclass
class NatPlan:
    nat: NatGateway
    status: Status
    cost: NatCost  # what keeping it (and its like NAT gateways) is billed for
    bill: NatBill
    like: list[NatGateway] = field(default_factory=list)  # like NAT gateways judged with it (one `count`)
    functions: list[Function] = field(default_factory=list)  # the Lambda functions behind it
    subnets: list[Subnet] = field(default_factory=list)
    tables: list[RouteTable] = field(default_factory=list)
    steps: list[PlanStep] = field(default_factory=list)  # in order, the removal last (replaceable only)
    blockers: list[Blocker] = field(default_factory=list)
    undecided: list[Undecided] = field(default_factory=list)
    note: str = ""  # for an idle or private one: why it is not in the plan's savings
    #: Its functions' IPv4 traffic goes on through NAT gateways that stay (a smaller natGateways of a CDK ec2.Vpc
    #: removes it): its removal saves its hours and addresses, not the data it processes.
    rerouted: bool = False

    @property
    def nats(self) -> list[NatGateway]:
        return [self.nat, *self.like]

    @property
    def replaceable(self) -> bool:
        return self.status in REPLACEABLE

    @property
    def name(self) -> str:
        kind = "regional NAT gateway" if self.nat.regional else "NAT gateway"
        where = migration.only_where(*self.nats)  # (a condition undecided: the stacks it exists in)
        if not self.like:
            return f"{kind} {self.nat.name}{where}"
        return f"{len(self.nats)} like {kind}s ({migration.names(self.nats)}){where}"


@dataclass
class VpcPlan:
    vpc: Vpc | None  # None: functions and NAT gateways whose VPC cannot be known
    nats: list[NatPlan]
    functions: list[Function]
    diagram: Diagram | None = None  # drawn by `draw` for the plan's reports (a lint run draws none)
    undecided: list[Undecided] = field(default_factory=list)  # its functions' unknowns (NAT ones: on the NAT)
    #: The root module that makes it, where another root makes one of the same address (two environments
    #: calling one local module): their blocks read the same otherwise.
    root: str = ""

    @property
    def name(self) -> str:
        name = f"VPC {self.vpc.name}" if self.vpc else "VPC not known"
        return f"{name} (root module {self.root})" if self.root else name


@dataclass(frozen=True)
class DeltaItem:
    """What a change does to the money against the baseline: `monthly` is positive for a new cost."""

    text: str
    monthly: float | None
    nat: NatGateway | None  # None: one the change removed (the baseline names it)


@dataclass
class Plan:
    prices: Prices
    gb_per_month: float | None
    vpcs: list[VpcPlan] = field(default_factory=list)
    delta: list[DeltaItem] = field(default_factory=list)
    baseline: bool = False  # a baseline that looked for NAT gateway findings: `delta` holds even when empty
    #: Whether a lint run's summary states the money: its NAT gateway rules were selected.
    in_summary: bool = True
    #: Module calls whose contents are not read: NAT gateways they make are not counted.
    unread: list[str] = field(default_factory=list)
    #: A baseline was given that did not look for NAT gateway findings: no delta, and the plan says why.
    blind_baseline: bool = False

    @property
    def nats(self) -> list[NatPlan]:
        return [n for vpc in self.vpcs for n in vpc.nats]

    @property
    def replaceable(self) -> list[NatPlan]:
        return [n for n in self.nats if n.replaceable]

    @property
    def gateways_that_could_go(self) -> int:
        return sum(len(n.nats) for n in self.replaceable)

    @property
    def saving(self) -> float:
        """Monthly saving if every replaceable NAT gateway whose cost is known goes (data included when estimated,
        but for one whose traffic other NAT gateways go on processing: `NatPlan.rerouted`)."""
        return sum(_saved(n) or 0.0 for n in self.replaceable)

    @property
    def saving_unknown(self) -> list[NatPlan]:
        """Replaceable NAT gateways whose bill AWS decides (a regional one's zones): never summed."""
        return [n for n in self.replaceable if n.bill.total is None]

    @property
    def cost(self) -> float:
        """What every NAT gateway of the run whose bill is known costs a month."""
        return sum(n.bill.total or 0.0 for n in self.nats)

    def merge(self, other: Plan) -> None:
        """Add the plan of another part of the run (templates checked apart link with nothing). Parts
        come in discovery order, so they usually just follow: sorting the whole each time was
        quadratic in the parts of a large run. The NAT gateways and functions whose VPC is unknown stay one
        entry, last, its gateways by where they are written, as one graph of the whole run gives them."""
        unknown = self.vpcs.pop() if self.vpcs and self.vpcs[-1].vpc is None else None
        theirs = other.vpcs
        if theirs and theirs[-1].vpc is None:
            unknown = _joined(unknown, theirs[-1]) if unknown is not None else theirs[-1]
            theirs = theirs[:-1]
        if self.vpcs and theirs and _vpc_order(theirs[0]) < _vpc_order(self.vpcs[-1]):
            self.vpcs = sorted([*self.vpcs, *theirs], key=_vpc_order)
        else:
            self.vpcs += theirs
        if unknown is not None:
            self.vpcs.append(unknown)
        self.delta += other.delta
        self.unread += other.unread
        self.blind_baseline = self.blind_baseline or other.blind_baseline

    def drop(self, unwanted: Callable[[Any], bool]) -> None:
        """Leave out the NAT gateways (and VPCs left empty) whose resource `unwanted` names (engine.py:
        module folders a folder walk also linted as roots)."""
        kept = []
        for vpc_entry in self.vpcs:
            if vpc_entry.vpc is not None and unwanted(vpc_entry.vpc):
                continue
            before = len(vpc_entry.nats) + len(vpc_entry.functions)
            vpc_entry.nats = [n for n in vpc_entry.nats if not unwanted(n.nat)]
            vpc_entry.functions = [f for f in vpc_entry.functions if not unwanted(f)]
            if vpc_entry.nats or vpc_entry.functions or not before:
                kept.append(vpc_entry)
        self.vpcs = kept
        self.delta = [d for d in self.delta if d.nat is None or not unwanted(d.nat)]

    def light(self, keep: Callable[[Any], Any]) -> Plan:
        """The plan with only what a lint run's summary reads (the NAT gateways' bills, statuses and the
        delta), every resource through `keep` (a stand-in): the graph it came from can go."""
        vpcs = [
            VpcPlan(
                keep(v.vpc) if v.vpc else None,
                [
                    NatPlan(keep(n.nat), n.status, n.cost, n.bill, [keep(x) for x in n.like], note=n.note)
                    for n in v.nats
                ],
                [],
                root=v.root,
            )
            for v in self.vpcs
        ]
        delta = [DeltaItem(d.text, d.monthly, keep(d.nat) if d.nat else None) for d in self.delta]
        return Plan(
            self.prices,
            self.gb_per_month,
            vpcs,
            delta,
            self.baseline,
            self.in_summary,
            list(self.unread),
            self.blind_baseline,
        )


def build(
    net: Network,
    prices: Prices,
    undecided: Sequence[Undecided] = (),
    gb_per_month: float | None = None,
    baseline: Baseline | None = None,
) -> Plan:
    """The plan of the run whose graph is `net`; `undecided` is explain's list for it."""
    compared = baseline is not None and all(baseline.checked(rule) for rule in RULE_OF.values())
    plan = Plan(prices, gb_per_month, baseline=compared, unread=[m.name for m in net.of(ModuleCall)])
    plan.blind_baseline = baseline is not None and not compared
    candidates: dict[int, NatAssessment] = {}
    for assessment in net.nat_candidates():
        for nat in [assessment.nat, *assessment.like]:
            candidates[id(nat)] = assessment
    by_vpc: dict[int, VpcPlan] = {}
    unknowns: dict[int, list[Undecided]] = {}
    for item in undecided:
        unknowns.setdefault(id(item.subject), []).append(item)

    def vpc_plan(vpc: Vpc | None) -> VpcPlan:
        key = id(vpc) if vpc else 0
        if key not in by_vpc:
            by_vpc[key] = VpcPlan(vpc, [], [])
        return by_vpc[key]

    done: set[int] = set()
    for nat in sorted(net.of(NatGateway), key=_place):
        if id(nat) in done:
            continue
        candidate = candidates.get(id(nat))
        found = (
            _replaceable(net, candidate, prices, gb_per_month) if candidate else _other(net, nat, prices, gb_per_month)
        )
        done.update(id(n) for n in found.nats)
        found.undecided = [u for n in found.nats for u in unknowns.get(id(n), [])]
        if found.status in ("blocked", "idle", "private"):
            found.undecided = []  # decided whatever the unknowns: they change nothing here
        elif found.status == "undecided" and not found.undecided:
            found.undecided = [Undecided(nat, "whether it can go", nat, nat.location, "could not be decided")]
        vpc_plan(Network.nat_vpc(nat)).nats.append(found)
    for fn in net.functions_in_vpc():
        vpc = net.function_vpc(fn)
        vpc_plan(vpc if isinstance(vpc, Vpc) else None).functions.append(fn)
    for vpc_entry in by_vpc.values():
        vpc_entry.undecided = [u for fn in vpc_entry.functions for u in unknowns.get(id(fn), [])]
    plan.vpcs = sorted(by_vpc.values(), key=_vpc_order)
    _name_roots(plan.vpcs)
    if baseline is not None and compared:
        plan.delta = delta(plan, baseline)
    return plan


def _name_roots(vpcs: list[VpcPlan]) -> None:
    """Name the root module of each VPC whose address another root's VPC has too."""
    names = Counter(v.vpc.name for v in vpcs if v.vpc is not None)
    for entry in vpcs:
        if entry.vpc is not None and names[entry.vpc.name] > 1 and entry.vpc.template.format == "terraform":
            entry.root = portable(entry.vpc.template.path)


def _place(res: Resource) -> tuple[str, int, int]:
    return (res.location.path, res.location.line, res.location.column)


def _joined(mine: VpcPlan, theirs: VpcPlan) -> VpcPlan:
    """Two parts' entries of NAT gateways and functions whose VPC is unknown, as one."""
    nats = [*mine.nats, *theirs.nats]
    if mine.nats and theirs.nats and _place(theirs.nats[0].nat) < _place(mine.nats[-1].nat):
        nats.sort(key=lambda n: _place(n.nat))
    return VpcPlan(None, nats, [*mine.functions, *theirs.functions], undecided=[*mine.undecided, *theirs.undecided])


def _vpc_order(entry: VpcPlan) -> tuple[bool, tuple[str, int, int]]:
    """VPCs by where they are written; NAT gateways whose VPC is unknown last."""
    return (entry.vpc is None, _place(entry.vpc) if entry.vpc else ("", 0, 0))


# ----- replaceable NAT gateways: the steps left ---------------------------------------------------


def _behind(net: Network, functions: list[Function]) -> dict[int, list[Function]]:
    """The functions behind each network ACL (by id), in their order: those with a subnet whose ACL it is."""
    behind: dict[int, list[Function]] = {}
    for fn in functions:
        if fn.subnets is UNKNOWN:
            continue
        for found in dict.fromkeys(net.subnet_acl(m.target) for m in fn.subnets):
            if isinstance(found, NetworkAcl):
                behind.setdefault(id(found), []).append(fn)
    return behind


def _numbers(net: Network, res: Resource, functions: list[Function]) -> str:
    """The ports and rule numbers of a network ACL's new IPv6 rules, as W9621 says them: the egress ports are
    those the groups of the functions behind it (`_behind`) let out over IPv6, where the ACL lets out others
    only."""
    if not isinstance(res, NetworkAcl):
        return ""
    verdicts = [net.acl_ipv6_for(fn, res) for fn in functions]
    verdict = next((v for v in verdicts if v.egress is False and v.ports), net.acl_ipv6(res))
    ports = migration.tcp_ports(verdict)
    return (f" (egress {ports})" if ports else "") + migration.acl_numbers(net, verdict).replace(",", "", 1)


def _replaceable(net: Network, found: NatAssessment, prices: Prices, gb: float | None) -> NatPlan:
    status: Status = "steps-left" if found.missing else "ready"
    entry = NatPlan(
        found.nat,
        status,
        found.cost,
        bill(prices, found.cost, gb),
        [*found.like, *found.idle],
        list(found.functions),
        list(found.subnets),
        list(found.tables),
    )
    flag = term(found.functions[0], "dualstack")
    behind = _behind(net, found.functions) if "acl-ipv6" in found.missing else {}
    for step, lacking in found.missing.items():
        # (each ACL asks only the functions behind it: asking each of N functions of each of N ACLs was N²)
        changes = [
            Change(
                r,
                _where(step, r),
                migration.change(step, r) + _numbers(net, r, behind.get(id(r), [])) + _roll(net, step, r),
            )
            for r in lacking
        ]
        if step == "ipv6-route":
            tables = [r.table if isinstance(r, Route) else r for r in lacking]  # (a peering ::/0 route: its table)
            for vpc in dict.fromkeys(t.vpc for t in tables if isinstance(t, RouteTable)):
                if isinstance(vpc, Vpc) and net.has_egress_only_gateway(vpc) is False:
                    changes.insert(0, Change(vpc, vpc.location, migration.change(step, vpc)))
        entry.steps.append(PlanStep(step, migration.sentence(step, flag), changes))
    extras: tuple[tuple[str, list[Function] | list[Api] | list[Subnet]], ...] = (
        (migration.DNS64, found.dns64),
        (migration.SDK, found.sdk_unset),
        (migration.NODE, found.node_unset),
        (migration.API, found.apis),
        (migration.RESPONSE, found.responders),
    )
    fewer = net.cdk_kept(found.nat, entry.nats)
    entry.rerouted = fewer is not None
    for extra, functions in extras:
        if functions:
            changes = [Change(fn, _where(extra, fn), migration.change(extra, fn)) for fn in functions]
            entry.steps.append(PlanStep(extra, migration.sentence(extra, fewer=fewer), changes))
    removal: dict[Resource, NatGateway] = {}
    for nat in entry.nats:
        removal.setdefault(nat, nat)
        for res in migration.companions(net, nat):
            removal.setdefault(res, nat)
    # (the entry's NAT gateways are one group's, and each would answer these alike: asked once, not for each of
    # them or each resource going with them, as each answer walks the group)
    alone = net.goes_alone(found.nat, entry.nats)
    cdk = found.nat.type.startswith("AWS::")
    blocked = migration.cdk_blocked(net, found.nat, entry.nats) if not alone and cdk else ""
    going = _Going(entry.nats, list(dict.fromkeys([*entry.nats, *net.unused_with(found.nat, entry.nats)])), blocked)
    # (what answers CloudFormation through the S3 gateway endpoint the plan adds: the functions and their custom
    # resources, whose DependsOn on the NAT path moves to that endpoint)
    answering = migration.answering(net, found.responders)
    changes = [
        Change(r, r.location, _removal(net, r, nat, going, alone, fewer) + _dangling(net, r, removal, answering))
        for r, nat in removal.items()
    ]
    if net.copies_kept(found.nat):  # (its file nested by another parent too, where the NAT gateway must stay)
        shared = (
            "remove it for this stack only, with a Condition on a parameter only this parent passes: its template "
            "is nested elsewhere too, where the same NAT gateway cannot go yet"
        )
        changes = [Change(c.resource, c.location, shared if c.what == "remove it" else c.what) for c in changes]
    addresses = any(isinstance(e, Resource) for nat in entry.nats for e in [nat.eip, *nat.eips])
    many = not cdk and (len(entry.nats) > 1 or COUNT in found.nat.unknown)  # (CloudFormation's are said alike)
    entry.steps.append(PlanStep(migration.REMOVE, migration.removal_sentence(addresses, fewer, many), changes))
    kept = _kept(found.nat, RULE_OF[status])
    if kept is not None:
        entry.status = "blocked"
        entry.blockers.append(Blocker("kept", kept[0], found.nat, kept[1]))
    elif not alone:  # (no saving to promise: the setting that removes it removes the others too)
        entry.status = "blocked"
        entry.blockers.append(Blocker("group", _group_text(found.nat, blocked), found.nat, found.nat.location))
    return entry


def _dangling(net: Network, res: Resource, going: dict[Resource, NatGateway], answering: Container[int] = ()) -> str:
    """What would still name `res` once it is gone (`migration.still_naming`), said beside its removal."""
    outputs, naming, moved = migration.still_naming(net, res, going, answering)
    said = []
    if outputs:
        said.append("the outputs that name it")
    if naming:
        names = ", ".join(dict.fromkeys(r.name for r in naming[:5])) + (" …" if len(naming) > 5 else "")
        said.append(f"what names it in {names}")
    if moved:
        said.append(migration.moved_depends_on(moved, "it", "the custom-resource step above adds", 5))
    return f", and {' and '.join(said)}" if said else ""


@dataclass(frozen=True)
class _Going:
    """The NAT gateways of a plan entry (`nats`, one group's), with the members of their group nothing uses that go
    with them (`with_unused`), and why a smaller natGateways cannot remove them (`migration.cdk_blocked`): each
    worked out once for the entry, not for each resource that goes with them."""

    nats: list[NatGateway]
    with_unused: list[NatGateway]
    blocked: str


def _group_text(nat: NatGateway, blocked: str) -> str:
    if nat.type.startswith("AWS::"):
        if blocked:
            return f"its ec2.Vpc makes its NAT gateways with one natGateways count: {blocked}"
        return (
            "its ec2.Vpc makes its NAT gateways with one natGateways count, and others of them must stay: "
            f"{migration.CDK_ORDER_UNKNOWN}"
        )
    smaller = (
        "single_nat_gateway = true on the module routes every zone through one, across zones"
        if "step:remove-nat" in nat.hints  # (a terraform-aws-modules/vpc call's)
        else "or out of the count"
    )
    return (
        "one count makes it with NAT gateways that must stay: it goes only with them, or with a smaller count "
        f"({smaller})"
    )


def _roll(net: Network, step: str, res: Resource) -> str:
    """For the flag's step, how the function takes it blue/green (`migration.rollout`)."""
    return migration.rollout(net, res) if step == "function-flag" and isinstance(res, Function) else ""


def _where(step: str, res: Resource) -> Location:
    """The line a step changes on a resource: the flag or VPC configuration of a function, else the resource."""
    if step == "function-flag":
        return res.at("dualstack", "vpc_config")
    if step in (migration.SDK, migration.NODE):
        return res.at("environment")
    if step == migration.DNS64:
        return res.at("dns64")
    if step == migration.API:
        return res.at("ip_address_type", "openapi", "endpoint")
    return res.location


def _kept(nat: NatGateway, rule_id: str) -> tuple[str, Location] | None:
    """The reason the team gave for keeping the NAT gateway (the rule's finding suppressed in source), and
    where: on the NAT gateway, or on the call of its module that ignores the rule for what it makes."""
    from lambda6lint.registry import rule_by_id

    rule = rule_by_id(rule_id)
    for scope, where in ((nat.suppress, f"on {nat.id}"), (nat.template.suppress, "for the whole template")):
        patterns = [pattern for pattern in scope if rule.matches([pattern])]
        if patterns:
            reason = next((scope[p] for p in patterns if scope[p]), "")
            call = next((nat.marks[m] for p in patterns if (m := IGNORED_BY_CALL + p) in nat.marks), None)
            if call is not None:
                where = "on the call of its module, for what the call makes"
            return f"kept on purpose ({rule.id} ignored {where}" + (f": {reason})" if reason else ")"), (
                call or nat.location
            )
    return None


# ----- the others: what keeps them ----------------------------------------------------------------


def _other(net: Network, nat: NatGateway, prices: Prices, gb: float | None) -> NatPlan:
    """A NAT gateway that is not replaceable: the blockers found (all of them, not the first), else why not."""
    private = nat.public is False
    cost = net.nat_cost(nat)
    entry = NatPlan(nat, "undecided", cost, bill(prices, cost, gb))
    if private:
        entry.status, entry.note = (
            "private",
            "a private NAT gateway: not internet egress, no egress-only gateway replaces it",
        )
        return entry
    if nat.public is None:
        return entry
    if net.nat_tables(nat) == []:
        entry.status, entry.note = "idle", "no route table in this run sends 0.0.0.0/0 to it"
        return entry
    consumers = net.nat_consumers(nat)
    known = consumers is not None
    tables, subnets, functions = consumers if consumers is not None else net.nat_consumers_known(nat)
    for subnet in subnets:
        for res in net.referrers(subnet):
            # (one that may send none, of a kind lambda6lint does not know say: --explain asks; the NAT is undecided)
            if res.egress_host and not res.conditional and not isinstance(res, Function) and EGRESS not in res.unknown:
                entry.blockers.append(
                    Blocker(
                        "egress-host",
                        f"{res.type} {res.name} in subnet {subnet.name} may send internet traffic through it",
                        res,
                        res.location,
                    )
                )
    if net.nat64_target(nat):
        for route in net.linked(Route, "target", nat):
            if net.nat64_part(route) and not route.conditional:
                entry.blockers.append(
                    Blocker(
                        "nat64",
                        route_sends(route, nat64_destination(route), NAT64_PREFIX)
                        + ": "
                        + route.hints.get("nat64_why", "it is the NAT64 of IPv6-only clients"),
                        route,
                        route.location,
                    )
                )
    if net.eip_exposed(nat):
        entry.blockers.append(_static_ip(net, nat))
    if not known and not entry.blockers:
        return entry  # (other consumers may hold what decides it)
    entry.tables, entry.subnets, entry.functions = tables, subnets, net.nat_users(functions)
    if entry.blockers:
        entry.status = "blocked"
    elif (
        not entry.functions
        and all(net.hosts_only_lambda(s) is not None for s in subnets)
        and not [fn for fn in net.functions_maybe_behind(nat) if not net.sends_no_ipv4(fn)]
    ):
        entry.status, entry.note = "idle", "serves no Lambda function of this run"
    return entry


def _removal(net: Network, res: Resource, nat: NatGateway, going: _Going, alone: bool, fewer: int | None) -> str:
    """How `res` goes with its NAT gateway: removed, or with the setting that removes the gateway (a CDK
    ec2.Vpc's natGateways, a module's input) where the gateway's own resource is not what a user edits;
    `alone`: whether it can go without the other NAT gateways that setting makes; `fewer`: the natGateways
    count that removes the last of them, keeping the first (`Network.cdk_kept`)."""
    if fewer is not None and migration.goes_with(res, nat):
        how = migration.cdk_fewer(fewer)
        if isinstance(res, Route):  # (CDK keeps the private subnet's route, to another NAT gateway)
            return f"CDK points it at {migration.kept_gateways(fewer, 'it')} ({how})"
        return how if res is nat else f"goes with {nat.name} ({how})"
    if not alone and nat.group is not None:
        if going.blocked:
            why = f"its ec2.Vpc makes its NAT gateways with one natGateways count: {going.blocked}"
            return why if res is nat else f"goes only with {nat.name} ({why})"
        maker = "its ec2.Vpc's natGateways" if nat.type.startswith("AWS::") else "its count"
        return f"goes only with the other NAT gateways {maker} makes, which must stay"
    if isinstance(res, NatGateway) and res is not going.nats[0] and net.unused(res):
        one = "the same" if res.each is not None else "one"
        reason = f"{one} {count_setting(res)} makes it with {going.nats[0].name}, and nothing uses it"
        return f"{_removing(net, res, going)} ({reason})"
    if isinstance(res, NatGateway) and "step:remove-nat" not in res.hints:
        return _removing(net, res, going)
    if "step:remove-nat" in res.hints:
        step = migration.change(migration.REMOVE, res)
        if isinstance(res, NatGateway) and step.startswith("remove it; "):  # (a plan's switch, beside removing it)
            # the block goes, as its Elastic IP's and route's do: right whatever else the switch counts, which
            # setting it off would remove too
            whole = migration.block_removal(net, res, going.with_unused)
            return whole + step.removeprefix("remove it") if whole else step
        return step
    if res is nat or not migration.goes_with(res, nat):
        return _removing(net, res, going, nat)
    return f"goes with {nat.name} ({nat.hints['step:remove-nat']})"


def _removing(net: Network, res: Resource, going: _Going, nat: NatGateway | None = None) -> str:
    """`remove it`, or for one instance of a for_each (a NAT gateway, its Elastic IP or route) while others of
    it stay, how its key leaves."""
    keyed = migration.key_removal(net, res, going.with_unused, nat)
    return keyed or migration.block_removal(net, res, going.with_unused) or migration.change(migration.REMOVE, res)


def _static_ip(net: Network, nat: NatGateway) -> Blocker:
    """A static egress IP someone relies on (`Network.static_egress`), said where it is said."""
    why, res, user = net.static_egress(nat) or ("output", nat, None)
    if why == "kept":
        what = "its Elastic IPs are" if res is nat else f"its Elastic IP {res.name} is"
        return Blocker(
            "static-ip",
            f"{what} kept on purpose ({res.hints['static_ip']}): a static egress address",
            res,
            res.location,
        )
    if user is not None:
        text = f"its Elastic IP {res.name} is named by {user.name}: a static egress address it relies on"
        return Blocker("static-ip", text, user, user.location)
    if res is not nat:
        text = f"its Elastic IP {res.name} is in the outputs: a static egress address someone may rely on"
        return Blocker("static-ip", text, res, res.location)
    return Blocker(
        "static-ip", f"{nat.name} is in the outputs: its static egress address may be relied on", nat, nat.location
    )


@dataclass(frozen=True)
class Copy:
    """A file whose NAT gateways are another file's over again (`copies`)."""

    path: str
    of: str
    count: int  # its NAT gateways
    monthly: float | None  # what they add to `Plan.cost` (None: none of their bills is known)


def copies(plan: Plan) -> list[Copy]:
    """The CloudFormation and SAM files whose NAT gateways are those of a file before them: the same logical ids in
    a VPC of the same id with the same functions, each with the same status, bill, functions, subnets, tables, steps,
    blockers and unknowns (a packaged template beside its source, one template
    as JSON and as YAML). Whether such a file is a copy or another stack made from it cannot be told from the code,
    so the totals count both, and the reports say what one of them comes to (CDK stacks, nested templates and
    Terraform roots are deployments of their own, never compared)."""
    files: dict[str, list[tuple[Any, ...]]] = {}
    entries: dict[str, list[NatPlan]] = {}
    for vpc in plan.vpcs:
        for entry in vpc.nats:
            template = entry.nat.template
            path = template.path
            eligible = template.format in ("cloudformation", "sam") and not template.nesting and vpc.vpc is not None
            if not eligible or any(n.path is not None for n in entry.nats) or path in files and not files[path]:
                files[path] = []  # (a file with one it cannot compare is no copy)
                continue
            assert vpc.vpc is not None
            sign = (
                vpc.vpc.id,
                tuple(f.id for f in vpc.functions),
                entry.nat.type,
                tuple(n.id for n in entry.nats),
                tuple(r.id for r in [*entry.functions, *entry.subnets, *entry.tables]),
                entry.status,
                entry.bill,
                entry.cost,
                tuple((s.text, tuple((c.resource.id, c.what) for c in s.changes)) for s in entry.steps),
                tuple(b.text for b in entry.blockers),
                tuple(u.text for u in entry.undecided),
            )
            files.setdefault(path, []).append(sign)
            entries.setdefault(path, []).append(entry)
    first: dict[tuple[Any, ...], str] = {}
    found = []
    for path, signs in files.items():
        if not signs:
            continue
        key = tuple(sorted(signs, key=repr))
        if key not in first:
            first[key] = path
            continue
        bills = [e.bill.total for e in entries[path] if e.bill.total is not None]
        count = sum(len(e.nats) for e in entries[path])
        found.append(Copy(path, first[key], count, sum(bills) if bills else None))
    return found


def same_steps(vpc: VpcPlan) -> dict[int, NatPlan]:
    """The replaceable NAT gateways of the VPC whose steps before their removal are those of one above it (two NAT
    gateways serving the same functions ask for the same changes), by id: a team makes them once, so the reports
    name that NAT gateway's steps instead of repeating them, and give this one's removal alone."""
    seen: dict[tuple[Any, ...], NatPlan] = {}
    found: dict[int, NatPlan] = {}
    for entry in vpc.nats:
        if not entry.replaceable or len(entry.steps) < 2 or entry.steps[-1].step != migration.REMOVE:
            continue
        key = tuple(
            (s.step, s.text, tuple((id(c.resource), c.location, c.what) for c in s.changes)) for s in entry.steps[:-1]
        )
        if key in seen:
            found[id(entry)] = seen[key]
        else:
            seen[key] = entry
    return found


def shared_text(entry: NatPlan, first: NatPlan) -> str:
    """What the reports say in place of the steps an entry shares with `first` (`same_steps`)."""
    count = len(entry.steps) - 1
    steps = "step 1" if count == 1 else f"steps 1–{count}"
    return f"{steps}: as for {first.name} above (the same changes, made once)"


# ----- the baseline delta -------------------------------------------------------------------------


def delta(plan: Plan, baseline: Baseline) -> list[DeltaItem]:
    """What the change since the baseline does to the money, from the W9650/I9651 findings it records.

    A replaceable NAT gateway whose finding the baseline has under the other rule changed readiness; one
    the baseline has under neither is new to the list of NAT gateways serving only Lambda functions.
    """

    found: list[DeltaItem] = []
    for entries in _by_finding(plan.replaceable).values():  # (one finding: the NAT gateways of all its roots)
        entry = entries[0]
        now, before = RULE_OF[entry.status], RULE_OF["steps-left" if entry.status == "ready" else "ready"]

        def recorded(rule_id: str, entry: NatPlan = entry) -> bool:
            return baseline.fingerprints.get(_fingerprint(rule_id, entry.nat), 0) > 0

        monthly = _total(entries)
        if recorded(now) or recorded(before):  # (a count of like ones that changed: gateways added or removed)
            key = _fingerprint(now if recorded(now) else before, entry.nat)
            was, earlier, count = baseline.costs.get(key), baseline.counts.get(key), sum(len(e.nats) for e in entries)
            if was is not None and monthly is not None and earlier is not None and earlier != count:
                change = (count - earlier) * monthly / count  # (what the count changes, at today's prices and data)
                sign, verb = ("+", "adds") if count > earlier else ("−", "removes")
                text = (
                    f"this change {verb} {abs(count - earlier)} of the like NAT gateways of {entry.nat.name} "
                    f"({_file(entry)}; {earlier} → {count}): {sign}${abs(change):,.2f}/month"
                )
                found.append(DeltaItem(text, change, entry.nat))
        if recorded(now):
            continue
        why = "how many, by its count" if entry.cost.why else "AWS picks the zones"
        money = f"cost not known ({why})" if monthly is None else f"${monthly:,.2f}/month"
        if recorded(before) and entry.status == "ready":
            saved = _saving(entries)  # (a rerouted one's data goes on through the NAT gateways that stay)
            money = f"cost not known ({why})" if saved is None else f"${saved:,.2f}/month"
            text = f"this change makes {_named(entry)} ({_file(entry)}) replaceable: −{money}"
            found.append(DeltaItem(text, -saved if saved is not None else None, entry.nat))
        elif recorded(before):
            text = (
                f"this change puts {_named(entry)} ({_file(entry)}) back behind migration steps: +{money} until they "
                "are done"
            )
            found.append(DeltaItem(text, monthly, entry.nat))
        else:
            total = sum(len(e.nats) for e in entries)
            what = "a NAT gateway" if total == 1 else f"{total} like NAT gateways"
            text = f"this change adds {what} serving only Lambda functions ({entry.nat.name}, {_file(entry)}): +{money}"
            found.append(DeltaItem(text, monthly, entry.nat))
    return found


def _file(entry: NatPlan) -> str:
    """The file of the NAT gateway a delta speaks of, as the baseline names files (a monorepo's stacks all
    name theirs `NatGateway`)."""
    return portable(entry.nat.location.path)


def _named(entry: NatPlan) -> str:
    """The NAT gateway, or like ones, a delta speaks of: `NatGateway`, `3 like NAT gateways (nat[0], …)`."""
    return entry.nat.name if not entry.like else f"{len(entry.nats)} like NAT gateways ({entry.nat.name}, …)"


def _fingerprint(rule_id: str, nat: NatGateway) -> str:
    """The fingerprint of the W9650 or I9651 finding on `nat` (as a baseline records it)."""
    return fingerprint(rule_id, nat.location.path, nat.ident)


def costs(plan: Plan) -> dict[str, tuple[float | None, int]]:
    """What each NAT gateway that could go saves a month, and how many like ones its finding stands for, by
    the fingerprint of its finding: a baseline records them, so that a change that removes the gateway is
    credited with the saving (`removed`), and one that changes their count says by how many (`delta`)."""
    found: dict[str, tuple[float | None, int]] = {}
    for key, entries in _by_finding(plan.replaceable).items():  # (two roots of one module: one finding)
        found[key] = (_saving(entries), sum(len(e.nats) for e in entries))
    return found


def _by_finding(entries: Iterable[NatPlan]) -> dict[str, list[NatPlan]]:
    """The replaceable NAT gateways by the fingerprint of their finding: two Terraform roots calling one local
    module make NAT gateways one finding stands for (one baseline entry counts them all)."""
    found: dict[str, list[NatPlan]] = {}
    for entry in entries:
        found.setdefault(_fingerprint(RULE_OF[entry.status], entry.nat), []).append(entry)
    return found


def _total(entries: Sequence[NatPlan]) -> float | None:
    bills = [e.bill.total for e in entries]
    return None if any(b is None for b in bills) else sum(b for b in bills if b is not None)


def _saved(entry: NatPlan) -> float | None:
    """What removing the entry's NAT gateways saves a month: their bill, but for those whose functions' traffic NAT
    gateways that stay go on processing (`NatPlan.rerouted`), their hours and addresses alone."""
    return entry.bill.fixed if entry.rerouted and entry.bill.total is not None else entry.bill.total


def _saving(entries: Sequence[NatPlan]) -> float | None:
    """`_saved` of each entry, summed; None where one is not known (as `_total`)."""
    saved = [_saved(e) for e in entries]
    return None if any(s is None for s in saved) else sum(s for s in saved if s is not None)


def removed(plan: Plan, baseline: Baseline, read: Iterable[str]) -> list[DeltaItem]:
    """The NAT gateways the baseline records as able to go that the run no longer has (removed, renamed or
    moved: a new name is counted as an addition by `delta`, so a rename nets nothing): the saving. Only those of
    files the run `read` or that are gone: a file the run did not lint (a CI linting what changed) keeps its own."""
    present = {_fingerprint(rule, nat) for entry in plan.nats for nat in entry.nats for rule in RULE_OF.values()}
    linted = {portable(path) for path in read}
    root = project_root(os.getcwd())  # (as `portable` finds it: the process may change folders)
    found = []
    for recorded, monthly in baseline.costs.items():
        if recorded in present:
            continue
        resource, path = baseline.named.get(recorded, ("", ""))
        if path not in linted and os.path.lexists(os.path.join(root, path)):
            continue  # (not linted this time: whether it is still there is not this run's to say)
        name = f"{resource} ({path})" if resource and path else resource or path or "a NAT gateway"
        money = "saving not known (AWS picks the zones)" if monthly is None else f"−${monthly:,.2f}/month"
        found.append(
            DeltaItem(
                f"this change removes {name}, which served only Lambda functions: {money}",
                None if monthly is None else -monthly,
                None,
            )
        )
    return found


# ----- the money line: a lint run's summary ends with it (text.py), the plan's reports begin with it ------------


def dollars(value: float) -> str:
    return f"${value:,.2f}"


def per_gb(plan: Plan) -> str:
    return f"${plan.prices.nat_per_gb:.3f}/GB"


def regions(entries: Iterable[NatPlan]) -> list[str | None]:
    """The regions the NAT gateways of `entries` deploy to (`model.region`: None where not known)."""
    return [region(n) for entry in entries for n in entry.nats]


def known_regions(entries: Iterable[NatPlan]) -> list[str]:
    """The regions of `regions` that their code names for certain, each once: what the JSON outputs list."""
    return sorted({r for r in regions(entries) if r})


def at_stake(plan: Plan | None, priced: bool = True) -> str:
    """`NAT gateways that could go: 3, est. $109.50/month + $0.045/GB`, or "" when none could.

    Only NAT gateways whose bill is known are summed; a regional one whose zones AWS picks, or one standing for a
    count that cannot be known, is counted and said to be left out. With a GB estimate the data processing is in the
    sum instead of per GB. `priced`: where the code deploys to another region than the default prices are of, say so
    (a plan's reports say it in their prices line instead).
    """
    if plan is None or not plan.replaceable:
        return ""
    text = f"NAT gateways that could go: {plan.gateways_that_could_go}"
    unknown = plan.saving_unknown
    rerouted = sum(len(n.nats) for n in plan.replaceable if n.rerouted and n.bill.total is not None)
    if len(unknown) < len(plan.replaceable):
        text += f", est. {dollars(plan.saving)}/month"
        known = plan.gateways_that_could_go - sum(len(n.nats) for n in unknown)
        if rerouted < known and plan.gb_per_month is None:  # (some save data processing)
            text += f" + {per_gb(plan)}"
        elif rerouted < known:
            text += f" with {plan.gb_per_month:g} GB/month each at {per_gb(plan)}"
    if rerouted == 1:
        text += (
            " (1 of them, which a smaller natGateways removes, saves no data processing: its functions' IPv4 "
            "traffic goes on through a NAT gateway CDK keeps in another zone, and pays cross-zone transfer on top)"
        )
    elif rerouted:
        text += (
            f" ({rerouted} of them, which a smaller natGateways removes, save no data processing: their functions' "
            "IPv4 traffic goes on through NAT gateways CDK keeps in other zones, and pays cross-zone transfer on top)"
        )
    regional = sum(len(n.nats) for n in unknown if not n.cost.why)
    counted = sum(len(n.nats) for n in unknown if n.cost.why)  # (one standing for a count that cannot be known)
    left = [f"{regional} regional NAT gateway{'s' if regional != 1 else ''} whose zones AWS picks"] if regional else []
    left += (
        [f"{counted} that stand{'s' if counted == 1 else ''} for a number of them that cannot be known"]
        if counted
        else []
    )
    if left:
        text += f" (not in the estimate: {', and '.join(left)})"
    if priced and plan.prices == DEFAULT_PRICES and elsewhere(found := regions(plan.replaceable)):
        text += f" ({price_basis(plan.prices, found)})"
    return text


#: How every output names a status.
STATUS_TEXT: dict[Status, str] = {
    "ready": "can go now",
    "steps-left": "can go after the steps",
    "blocked": "must stay",
    "undecided": "not decided",
    "idle": "serves no Lambda function",
    "private": "private",
}
