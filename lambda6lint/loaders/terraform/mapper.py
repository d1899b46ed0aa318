"""Terraform resource instances (from HCL or a plan) into resources of the graph.

The only place that knows Terraform argument names, mirroring cloudformation/mapper.py: one
object per instance first, then attributes and references, so order never matters. Terraform
semantics that differ from CloudFormation (research/aws-facts.md §3-§6) live here: a security
group without egress has none, inline `route` blocks, the main route table, `aws_vpc_endpoint`
defaulting to Gateway, standalone endpoint and egress-rule resources.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from fnmatch import fnmatchcase

from lambda6lint.loaders.common import aws, netvalues
from lambda6lint.loaders.common.errors import InputError, clipped
from lambda6lint.loaders.common.marked import load_text
from lambda6lint.loaders.terraform import causes, remote
from lambda6lint.loaders.terraform.evaluator import InstanceRef
from lambda6lint.loaders.terraform.functions import decode_partial
from lambda6lint.loaders.terraform.provider import AWS_VERSIONS, READ_DATA, policy_document_json, upgrade_notes
from lambda6lint.loaders.terraform.values import (
    HOLE,
    PRESENT,
    SCALARS,
    Alike,
    Elsewhere,
    Instance,
    Link,
    Partial,
    Rejected,
    Switch,
    block_address,
    boolean,
    local_address,
    present,
)
from lambda6lint.loaders.terraform.vocabulary import RULE_STYLES, openapi_words, types_whose_id_is
from lambda6lint.model import (
    COUNT,
    IGNORED_BY_CALL,
    PUBLIC_ADDRESSES,
    ROOT_CALL,
    SWITCHED,
    UNKNOWN,
    AclEntry,
    Alias,
    Api,
    ApiMapping,
    DataStore,
    EgressOnlyInternetGateway,
    EgressRule,
    Function,
    InternetGateway,
    Member,
    ModuleCall,
    NatGateway,
    NetworkAcl,
    NetworkAclAssociation,
    NetworkAclEntry,
    OwnBlock,
    Policy,
    Resource,
    Role,
    Route,
    RouteTable,
    RouteTableAssociation,
    SecurityGroup,
    SecurityGroupEgress,
    Subnet,
    Template,
    Vpc,
    VpcEndpoint,
    VpcIpv6Block,
    term,
)
from lambda6lint.model import region as region_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeAlias, TypeVar

    R = TypeVar("R", bound=Resource)

#: `Evaluator.picked` and `Evaluator.picked_at`: the representatives picked from, and by what expressions.
Picked: TypeAlias = "tuple[Collection[str], Mapping[str, Collection[int]]]"

#: Route target arguments and the concept each stands for (common/aws.py decides what they mean).
TARGETS = {
    "gateway_id": "gateway",
    "egress_only_gateway_id": "egress_only_gateway",
    "nat_gateway_id": "nat_gateway",
    "transit_gateway_id": "transit_gateway",
    "vpc_endpoint_id": "vpc_endpoint",
    "vpc_peering_connection_id": "peering",
    "network_interface_id": "network_interface",
    "instance_id": "instance",
    "carrier_gateway_id": "carrier_gateway",
    "local_gateway_id": "local_gateway",
    "core_network_arn": "core_network",
}


def links(value: Any) -> Iterator[Link]:
    """The references in `value`, in order (`addresses` when only the set is wanted)."""
    if isinstance(value, Link):
        yield value
    elif isinstance(value, Partial):  # `"s3://${aws_s3_bucket.data.bucket}/in"` names the bucket
        yield from value.links
    elif isinstance(value, dict):
        for item in value.values():
            yield from links(item)
    elif isinstance(value, list):
        for item in value:
            yield from links(item)


def addresses(value: Any, found: set[str] | None = None) -> set[str]:
    """The addresses of `links(value)`, without a generator per value (a plan has millions)."""
    found = set() if found is None else found
    if isinstance(value, Alike):  # (`aws_subnet.private[*].id` of an unknown count: its representative)
        value = value.item
    if isinstance(value, Link):
        found.add(value.address)
        return found
    if isinstance(value, Partial):  # (a state machine's definition naming a subnet in its text)
        found.update(link.address for link in value.links)
        return found
    for item in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
        if type(item) in SCALARS:  # (holds no reference: most of a plan's values)
            continue
        if isinstance(item, Link):
            found.add(item.address)
        elif isinstance(item, (dict, list, Partial, Alike)):
            addresses(item, found)
    return found


def named_by_value(value: Any, by_id: dict[str, Any], res: Any) -> set[str]:
    """The resources whose known id or address (`Instance.ids`) a plan's known value holds, `/32` and `/128`
    CIDRs of an address too; not `res` itself."""
    found: set[str] = set()
    pending = [value]
    while pending:
        item = pending.pop()
        if type(item) is str:
            target = by_id.get(item) or (by_id.get(item.rsplit("/", 1)[0]) if item.endswith(("/32", "/128")) else None)
            if target is not None and target is not res:
                found.add(target.id)
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return found


def output_addresses(value: Any) -> set[str]:
    """The addresses an output names, as RULES.md W9650 counts them: a NAT gateway's `public_ip`
    exposes its address, its id (`natgw_ids`, output out of habit) does not."""
    found: set[str] = set()
    stack = [value]
    while stack:  # (outputs are small: every reference, in a string too)
        item = stack.pop()
        if isinstance(item, Partial):
            stack.extend(item.links)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, Link) and exposes(item.address, item.attr) or isinstance(item, InstanceRef):
            found.add(item.address)
    return found


def exposes(address: str, attr: str | None) -> bool:
    """Whether an output of `attr` of `address` (None: the whole resource) names it as W9650 counts:
    a NAT gateway by its address (`public_ip`), not its id; anything else by any attribute."""
    return attr is None or attr in NAT_ADDRESSES or ".aws_nat_gateway." not in f".{address}"


#: A NAT gateway's attributes that name its public address (its Elastic IP's allocation too).
NAT_ADDRESSES = frozenset({"public_ip", "allocation_id"})


def _set(value: Any) -> bool:
    """A plan writes absent arguments as "" or null; so may HCL."""
    return value not in (None, "", [])


#: Tables whose routes may be inline `route` blocks (`Mapper.route_styles`).
_TABLE_TYPES = ("aws_route_table", "aws_default_route_table")


class Mapper:
    def __init__(self, template: Template, instances: list[Instance], picked: Picked = ((), {})):
        self.template = template
        #: (`Evaluator.picked`, `Evaluator.picked_at`: representatives of an `Alike` picked from; by what)
        self.picked_addresses, self.picked_at = picked
        self.instances = instances
        self.objects: dict[str, Resource] = {}
        self.by_id: dict[str, Resource] = {}
        self.extra: list[Resource] = []
        self.implicit: dict[str, RouteTable] = {}
        self.default_acls: dict[str, NetworkAcl] = {}
        self.by_address = {inst.address: inst for inst in instances}
        self.mains: dict[str, RouteTable] = {}  # VPC id → its main table, found once (linear in instances)
        self.default_groups: dict[str, Resource | None] = {}  # VPC address → its aws_default_security_group
        self.reassigned: set[int] = set()  # VPCs whose main table an aws_main_route_table_association names
        self._nats: tuple[Resource, ...] | None = None  # (`nat_gateways`, found once)
        #: The regions regional lookups are known to look in (`_lookups_apart`, found once: a plan of provider 6
        #: gives every resource's)
        self.lookup_regions: frozenset[str] | None = None
        self._made_subnets: tuple[Resource, ...] | None = None  # (`made_subnets`, found once)
        #: `among`: by a shared sequence's id and a kind, the sequence (kept alive, so that the id stays its) and the
        #: resources of that kind it names.
        self._among: dict[tuple[int, type[Resource]], tuple[Sequence[Link], tuple[Resource, ...]]] = {}
        self._blocks: dict[str, list[Resource]] | None = None  # (`own_block`: resources by `block_address`)
        self._owned: dict[str, OwnBlock] = {}  # (`own_block`: one per address, which its rules share)
        self.opened: set[tuple[type[Resource], str]] = set()
        #: Whether the run gives resources tags their code does not write: an AWS provider's default_tags.
        self.provider_tags = False
        #: Those providers as --explain names them: the run's (the code's), or each resource's by address (a plan's).
        self.tagging: tuple[str, ...] | dict[str, str] = ()
        #: The run's aws_ec2_tag instances: each gives one tag to the resource its `resource_id` names (`_tagged`).
        self.ec2_tags: list[Instance] = []
        self._read_lists: dict[str, Instance] | None = None
        self._documents: dict[str, frozenset[str]] | None = None  # (`documents_named`: a policy's text → its names)
        #: The resource of another root a `remote.Remote` names (read through its state), UNKNOWN if none.
        self.remote: Callable[[Any], Any] | None = None
        #: Subnets whose IPv6 CIDR (E9602's fix) leaves the /64 to the user, with their VPC's block and its length:
        #: `_netnums` picks it where the block is one the fix adds, once every subnet is built.
        self.free_cidrs: list[tuple[Subnet, str, int]] = []
        # routes on a table a lookup may find, which may be a VPC's main one: (route, where its table comes from,
        # the VPCs it may be in; empty: any)
        self.maybe_main: list[tuple[Route, str, list[Vpc]]] = []
        self.maybe_main_endpoints: list[tuple[VpcEndpoint, str, list[Vpc]]] = []  # (the same, of gateway endpoints)
        #: Gateway endpoints an aws_vpc_endpoint_route_table_association puts on a table that cannot be known, with it:
        #: `_maybe_on_main` asks, once every endpoint's VPC is read, whether that may be a main table.
        self.maybe_main_associations: list[tuple[VpcEndpoint, Instance]] = []

    def build(self) -> list[Resource]:
        for inst in self.instances:
            if inst.mode != "managed":
                continue
            cls = TYPES[inst.type][0] if inst.type in TYPES else Resource
            if inst.type == "aws_security_group_rule" and inst.attrs is not UNKNOWN:
                kind = inst.attrs.get("type") if isinstance(inst.attrs, dict) else None
                cls = Resource if kind == "ingress" else cls
            res = cls(
                id=inst.address,
                type=inst.type,
                template=self.template,
                location=inst.location,
                refs=self.documents_named(addresses(inst.attrs, set(inst.named)), inst.attrs),
                conditional=inst.conditional,
                suppress=inst.suppress,
                hints=dict(inst.hints),
                egress_host=aws.egress_host(inst.type, None, None, cls, _setting, inst.attrs),
            )
            aws.unknown_kind(res)
            if inst.type in aws.VPC_ENDPOINTS and not isinstance(_endpoint_type(inst.attrs), str):
                aws.unknown_setting(res, aws.ENDPOINT_TYPE, inst.cause("vpc_endpoint_type"))
            elif inst.type in aws.LOAD_BALANCERS and _internal(inst.attrs) is None:
                aws.unknown_setting(res, aws.SCHEME, inst.cause("internal"))
            if inst.key is not None or inst.each is not None:
                res.key = inst.key
                res.each = (inst.each or "") if inst.each is not None or isinstance(inst.key, str) else None
            if inst.root_call is not None:
                res.marks[ROOT_CALL] = inst.root_call
            if inst.type == "aws_eip" and isinstance(inst.attrs, dict):
                policy = "prevent_destroy = true" if "prevent_destroy" in inst.hints else None
                chosen = {key: inst.attrs.get(key) for key in ("ipam_pool_id", "address")}
                pool = inst.attrs.get("public_ipv4_pool")
                res.hints.update(aws.eip_hints(policy, pool, chosen, _eip_why(inst)))
            for pattern, where in inst.ignored_by.items():
                res.marks[IGNORED_BY_CALL + pattern] = where
            if inst.unknown_count:
                res.unknown[COUNT] = inst.cause("count") or "cannot be known"
                if not inst.alike:  # (else at least one exists, each as the representative says)
                    res.unknown["condition"] = "exists in a number of instances that " + res.unknown[COUNT]
            elif inst.conditional and (cause := inst.cause("condition")):
                res.unknown["condition"] = cause  # a module model's resource that only some input values make
            # (a host is a kind the graph does not model, or an endpoint: the others place nothing)
            if res.egress_host and (at := _unknown_placement(inst.attrs)) is not None:
                res.vague = True  # (it may be in any subnet of the run's module tree)
                if (place := inst.mark_at(*at)) is not None:
                    res.marks["placement"] = place
                argument = ".".join(str(part) for part in at if isinstance(part, str))
                res.unknown["placement"] = f"may be in it: its argument `{argument}` " + _placement_cause(inst, at)
            if self.remote is not None:  # (what it names in other roots: remote state; they refer to it too)
                res.links = [r for r in map(self.remote, remote.remotes(inst.attrs)) if isinstance(r, Resource)]
            self.objects[inst.address] = res
            for known in inst.ids:
                self.by_id[known] = res
            vpc_id = inst.attrs.get("vpc_id") if isinstance(inst.attrs, dict) else None
            if inst.type == "aws_default_security_group" and isinstance(vpc_id, Link) and not res.conditional:
                # one per VPC: two, and which one manages it cannot be told
                self.default_groups[vpc_id.address] = None if vpc_id.address in self.default_groups else res
        for inst in self.instances:
            found = self.objects.get(inst.address)
            if found is None:
                continue
            res = found
            if self.template.format == "terraform-plan" and self.by_id:
                # a known id or address names what has it, as a reference does (plans of what exists hold values)
                res.refs |= named_by_value(inst.attrs, self.by_id, res)
            res.refs &= self.objects.keys()  # a view: a set per instance made this quadratic
            filler = TYPES[inst.type][1] if inst.type in TYPES else None
            if filler and isinstance(inst.attrs, dict) and self.template.regions:
                inst.attrs = here_only(self, res, inst.attrs, inst)
            if filler and isinstance(inst.attrs, dict):
                filler(self, res, inst)
        self.picked()
        self.callers()
        self.placed_among()
        self.route_styles()
        self.switched_with()
        for table in self.tables() if self.reassigned else ():
            if table.type == "aws_default_route_table" and id(table.vpc) in self.reassigned:
                table.main = False  # the table the VPC was made with: no longer its main one
        with_main = {id(t.vpc) for t in self.tables() if t.main}  # once, not per VPC: plans have thousands
        with_acl = {id(a.vpc) for a in self.objects.values() if isinstance(a, NetworkAcl) and a.default}
        for vpc in self.objects.values():
            if not isinstance(vpc, Vpc):
                continue
            adopted = vpc.hints.get("imported")
            if id(vpc) not in with_main:
                # nothing declares or references its main table: AWS's, with local routes only, unless
                # the VPC already existed (adopted by an `import` block): then its routes are not known
                self.extra.append(self.adopted(aws.main_route_table(vpc, not adopted, "aws_vpc")))
            if adopted and id(vpc) not in with_acl:
                made = self.default_acl(vpc)
                made.entries = UNKNOWN
                made.unknown["entries"] = (
                    f"are those of an existing VPC: {adopted}, so the rules it already has are not in the files"
                )
        if self.template.regions:
            _made_with(self)
        _maybe_on_main(self)
        _netnums(self)
        for res in self.objects.values():  # (a fix suggesting an argument its module's AWS provider predates)
            if AWS_VERSIONS in res.hints:
                res.hints.update(upgrade_notes(res.hints, res.type, functools.partial(term, res)))
        return [*self.objects.values(), *self.extra]

    def picked(self) -> None:
        """The representatives of an unknown count that is at least one (`Alike`) that something names one
        instance at a time (`aws_subnet.private[0].id` in an association): what it attaches there the
        representative, which stands for every instance, does not show. Not a host's subnet argument whose value
        nothing else reads (`subnet_id = module.vpc.private_subnet_ids[0]`, `Instance.placing_sites`): placing an
        instance, a load balancer or an endpoint attaches nothing to the subnet."""
        because = (
            "is also named one instance at a time (a position such as `[0]`, a function, a condition): "
            "what that attaches to one, the one standing for them all does not show"
        )
        placing: set[int] = set()  # (the subnet arguments of known hosts a pick there only places)
        for inst in self.instances if self.picked_at else ():
            res = self.objects.get(inst.address)
            if res is not None and res.egress_host and inst.type in _HOSTS:
                for at in _unknown_placements(inst.attrs):
                    placing.update(inst.placing_sites(*at))
        for inst in self.instances:
            sites = self.picked_at.get(inst.address, ())
            if inst.alike and (inst.address in self.picked_addresses or not placing.issuperset(sites)):
                self.template.opens(inst.address, because)

    def switched_with(self) -> None:
        """The Elastic IPs and aws_route resources of a NAT gateway whose count is a switch, where their count is the
        same switch (written alike in its module): they go with it when it is turned off. A switch that anything
        else reads where it is set (`Instance.reads`: a subnet, the egress-only gateway, a function, another module
        instance's NAT gateway) is not the way it goes: its block is removed, as without one."""
        nats = [n for n in self.nat_gateways() if isinstance(n, NatGateway) and SWITCHED in n.hints]
        if not nats:
            return
        routes: dict[int, list[Resource]] = defaultdict(list)
        for res in self.objects.values():
            if isinstance(res, Route) and res.type == "aws_route":
                routes[id(res.target)].append(res)
        readers: dict[tuple[str, str | None, bool], list[str]] = defaultdict(list)
        for reader in self.by_address.values():
            for key in reader.reads:
                readers[key].append(reader.address)
        for nat in nats:
            switch = self.by_address[nat.id].switch
            if switch is None:
                continue
            together = [*(e for e in [nat.eip, *nat.eips] if isinstance(e, Resource)), *routes[id(nat)]]
            own = {nat.id, *(r.id for r in together)}
            # (one whose reads were cut short by a limit of lambda6lint's, `causes.UNTOLD_READS`, may read it)
            if any(address not in own for address in [*readers[switch.key], *readers[causes.UNTOLD_READS]]):
                # the switch turns off more than the NAT gateway, its address and routes (a subnet, the egress-only
                # gateway, a function, another module instance's NAT gateway): not the way it goes
                for hint in ("step:remove-nat", "remove_nat", SWITCHED):
                    del nat.hints[hint]
                continue
            for res in dict.fromkeys(together):
                inst = self.by_address.get(res.id)
                if inst is not None and inst.switch == switch and "step:remove-nat" not in res.hints:
                    same = "the same" if switch.zero else "the same switch"
                    res.hints["step:remove-nat"] = f"goes with {nat.name}: its count is {same}, `{switch.count}`"
                    res.hints[SWITCHED] = switch.count

    def nat_gateways(self) -> tuple[Resource, ...]:
        """The NAT gateways of the run's module tree, found once (a plan may have thousands of routes): one tuple,
        which each route that may be to any of them keeps as its `candidates` (`Network.maybe_routes` indexes it
        once, not once per route: N routes of N NAT gateways each)."""
        if self._nats is None:
            self._nats = tuple(o for o in self.objects.values() if isinstance(o, NatGateway))
        return self._nats

    def made_subnets(self) -> tuple[Resource, ...]:
        """The subnets of a plan whose id is known only after apply (this apply makes them), found once: one tuple,
        which each association that may name any of them keeps as its `candidates` (a copy each was N lists of N
        subnets, and `Network.maybe_associations` indexed each association under each of them)."""
        if self._made_subnets is None:
            known = {id(res) for res in self.by_id.values()}
            self._made_subnets = tuple(o for o in self.objects.values() if isinstance(o, Subnet) and id(o) not in known)
        return self._made_subnets

    def among(self, named: Sequence[Link], kind: type[Resource]) -> Sequence[Resource]:
        """The run's resources of `kind` among `named` (`Instance.referenced`), each once, in order. A tuple, which
        the instances of a plan's block share where they name the same addresses (`plan._chosen_among`: an
        association of each instance of `aws_subnet.private[var.s]`, a route to `aws_nat_gateway.main[var.i]`),
        gives one tuple too, found once, which each such association (route) keeps as its `candidates`
        (`Network.maybe_associations`, `maybe_routes` index it once, not once per association: N associations of N
        subnets each)."""
        if not isinstance(named, tuple):  # (a list: the instance's own)
            return self._of_kind(named, kind)
        kept = self._among.get((id(named), kind))
        if kept is None or kept[0] is not named:
            kept = self._among[id(named), kind] = (named, tuple(self._of_kind(named, kind)))
        return kept[1]

    def own_block(self, address: str | None) -> OwnBlock | None:
        """Every instance of the VPC (subnet, extra block) at the address `Instance.own_block` names."""
        if address is None:
            return None
        if address not in self._owned:
            self._owned[address] = OwnBlock(tuple(self.block(address)))
        return self._owned[address]

    def block(self, address: str) -> Sequence[Resource]:
        """The run's resources of the block at `address` (`block_address`: `module.a[0].aws_route_table.b`), found
        by one index of them all."""
        if self._blocks is None:
            self._blocks = defaultdict(list)
            for key, res in self.objects.items():
                self._blocks[block_address(key)].append(res)
        return self._blocks.get(address, ())

    def _of_kind(self, named: Sequence[Link], kind: type[Resource]) -> list[Resource]:
        found = (self.objects.get(link.address) for link in named)
        return list(dict.fromkeys(res for res in found if isinstance(res, kind)))

    def route_styles(self) -> None:
        """How a table gets its ::/0 route: as its other routes are written (the provider warns that inline
        route blocks and aws_route resources on one table conflict and overwrite each other)."""
        styles: dict[int, set[str]] = defaultdict(set)
        tables: dict[int, RouteTable] = {}
        for route in [*self.objects.values(), *self.extra]:  # (a table's inline routes are extra)
            if (
                isinstance(route, Route)
                and isinstance(route.table, RouteTable)
                and route.table.type in _TABLE_TYPES
                and route.type in ("aws_route", "aws_route_table")  # (inline: the latter; not a VPN propagation)
                and not (route.type == "aws_route_table" and UNWRITTEN + "route" in route.table.hints)
            ):
                styles[id(route.table)].add(route.type)
                tables[id(route.table)] = route.table
        for table in self.tables():  # (a plan's table whose routes the code does not write: routes others made)
            if UNWRITTEN + "route" in table.hints and id(table) not in styles and table.type in _TABLE_TYPES:
                styles[id(table)], tables[id(table)] = {"unwritten"}, table
        for key, kinds in styles.items():
            table = tables[key]
            if len(kinds) == 1 and "ipv6_route" not in table.hints and "step:ipv6-route" not in table.hints:
                # (the table as the code of its own module names it: `module.net.…` resolves nowhere there)
                written = local_address(table.id)
                table.hints["ipv6_route"] = RULE_STYLES[f"ipv6_route_{next(iter(kinds))}"].format(table=written)

    def callers(self) -> None:
        """Resources that are no egress hosts of their own but send traffic out by their subnets' NAT
        gateway all the same: an MSK or DocumentDB cluster an event source mapping polls, a database
        with an associated role (common/aws.py); what places them in subnets becomes a host."""
        for inst in self.instances:
            attrs = inst.attrs if isinstance(inst.attrs, dict) else {}
            if inst.type in aws.POLLERS:
                self.calls_out(self.ref(attrs.get(aws.POLLERS[inst.type])), aws.POLLED_SOURCES)
            elif inst.type in aws.DATABASE_ROLE_ASSOCIATIONS:
                self.calls_out(self.ref(attrs.get(aws.DATABASE_ROLE_ASSOCIATIONS[inst.type])), _DATABASES)
            elif inst.type in aws.ROLE_USING_DATABASES and attrs.get(aws.ROLE_USING_DATABASES[inst.type]):
                self.calls_out(self.objects.get(inst.address), _DATABASES)
            elif inst.type in aws.VPC_ROUTED_CLUSTERS and aws.routed_through_vpc(
                attrs.get(aws.VPC_ROUTED_CLUSTERS[inst.type])
            ):
                self.calls_out(self.objects.get(inst.address), aws.VPC_ROUTED_CLUSTERS)

    def placed_among(self) -> None:
        """A host whose subnets cannot be known but whose subnet arguments hold only the ids of some subnet blocks
        of the run (`subnets = [for s in aws_subnet.public : s.id]`, the public subnets of an unknown count) may be
        in those subnets alone, not in any of the run's (`Resource.vague`): it references each of them under what
        cannot be known (`Resource.tenancy`), as a CloudFormation host under an undecided `Fn::If`. A block that
        makes no subnet here (none of this run, an iterator's name) leaves it in any. A host at one id picked from a
        block's (`module.vpc.private_subnet_ids[0]`), whose subnets here are one representative of at least one
        (`Alike`), is in it for sure: what the representative says holds for each of them."""
        blocks: dict[str, list[Resource]] | None = None
        for inst in self.instances:
            res = self.objects.get(inst.address)
            if res is None or not res.vague or inst.placed is None or "imported" in res.hints:
                continue
            named = _placing_blocks(inst)
            if not named:
                continue
            if blocks is None:
                blocks = defaultdict(list)
                for key, found in self.objects.items():
                    if isinstance(found, Subnet):
                        blocks[block_address(key)].append(found)
            if not all(blocks.get(address) for address in named):
                continue
            sure = self.picked_representatives(inst, blocks)
            if sure is not None:
                res.vague, res.refs = False, res.refs | sure
                res.unknown.pop("placement", None)
                continue
            maybe = {subnet.id: "" for address in named for subnet in blocks[address]}
            res.vague, res.tenancy = False, (res.refs, maybe)

    def picked_representatives(self, inst: Instance, blocks: dict[str, list[Resource]]) -> set[str] | None:
        """The subnets a host surely is in where each of its subnet arguments that cannot be known picks one id from
        a block whose subnets here are one representative of at least one (`Alike`: never an empty list, which
        an index would fail on, and each instance as it says); None where one may pick from anything else (two
        blocks, a list an `if` filters, a block of known instances, or of an unknown number that may be none)."""
        sure: set[str] = set()
        for at in _unknown_placements(inst.attrs):
            for address in inst.picked_from(*at) or (None,):
                found = blocks.get(address or "", [])
                one = self.by_address.get(found[0].id) if len(found) == 1 else None
                if one is None or not one.alike or found[0].conditional:
                    return None
                sure.add(found[0].id)
        return sure or None

    def calls_out(self, res: Any, kinds: Collection[str]) -> None:
        """`res` (one of `kinds`) sends traffic out: it is a host, or the subnet group it is placed by is."""
        if not isinstance(res, Resource) or res.type not in kinds:
            return
        inst = self.by_address.get(res.id)
        attrs = inst.attrs if inst is not None and isinstance(inst.attrs, dict) else {}
        argument = aws.SUBNET_GROUP_ARGUMENTS.get(res.type, "db_subnet_group_name")
        group = self.ref(attrs.get(argument))
        if isinstance(group, Resource):
            group.egress_host = True
        elif any(isinstance(self.objects.get(ref), Subnet) for ref in res.refs):
            res.egress_host = True
        elif attrs.get(argument) is not None:  # (a group this run does not hold)
            res.egress_host = res.vague = True
            res.unknown["placement"] = aws.CALLS_OUT_FROM_UNKNOWN_SUBNETS

    def tables(self) -> list[RouteTable]:
        return [r for r in [*self.objects.values(), *self.extra] if isinstance(r, RouteTable)]

    # ----- helpers -------------------------------------------------------------------------

    def ref(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, Link):
            found = self.objects.get(value.address, UNKNOWN)
            if isinstance(found, Vpc) and value.attr not in ("id", "arn"):
                if value.attr in ("main_route_table_id", "default_route_table_id"):
                    return self.main_table(found)
                if value.attr == "default_network_acl_id":
                    return self.default_acl(found)
                if value.attr == "default_security_group_id":
                    # managed by an aws_default_security_group: its rules exactly; else AWS's, not known here
                    return self.default_groups.get(found.id) or UNKNOWN
                return UNKNOWN  # not modelled
            return found
        if isinstance(value, str):
            return self.by_id.get(value, UNKNOWN)
        if isinstance(value, Elsewhere):
            return UNKNOWN
        if self.remote is not None:
            return self.remote(value)
        return UNKNOWN

    def documents_named(self, refs: set[str], attrs: Any) -> set[str]:
        """`refs` with what the policy documents among `attrs` name: `policy = data.aws_iam_policy_document.b.json`
        is the document's text, and its condition's `values = [aws_eip.nat[0].public_ip]` relies on the Elastic
        IP's address (a static egress address), as the same policy written with `jsonencode` does. Found by the
        text, which `coalesce` or a variable passes on as it is."""
        if self._documents is None:
            self._documents = {}
            for inst in self.instances:
                if inst.mode == "data" and inst.type == "aws_iam_policy_document" and isinstance(inst.attrs, dict):
                    text = policy_document_json(inst.attrs)
                    if isinstance(text, str) and (named := addresses(inst.attrs)):
                        self._documents[text] = self._documents.get(text, frozenset()) | named
        if not self._documents:
            return refs
        pending = [attrs]
        while pending:
            item = pending.pop()
            if type(item) is str:
                refs |= self._documents.get(item, frozenset())
            elif isinstance(item, dict):
                pending.extend(item.values())
            elif isinstance(item, list):
                pending.extend(item)
        return refs

    def read_lists(self) -> dict[str, Instance]:
        """The prefix lists a plan's data sources read, by id (`pl-63a5400a`): found once."""
        if self._read_lists is None:
            self._read_lists = {
                i: inst for inst in self.instances if inst.mode == "data" and inst.type in READ_DATA for i in inst.ids
            }
        return self._read_lists

    def main_table(self, vpc: Vpc) -> RouteTable:
        """`aws_vpc.x.main_route_table_id`: its aws_default_route_table, else the table AWS made."""
        if vpc.id not in self.mains:
            self.mains[vpc.id] = self._main_table(vpc)
        return self.mains[vpc.id]

    def _main_table(self, vpc: Vpc) -> RouteTable:
        for inst in self.instances:
            source = inst.attrs.get("default_route_table_id") if isinstance(inst.attrs, dict) else None
            if inst.type == "aws_default_route_table" and isinstance(source, Link) and source.address == vpc.id:
                if _apart(_region_at(self, inst.address), region_of(vpc)):
                    continue  # (it names nothing in the VPC's region: here_only)
                table = self.objects.get(inst.address)
                if isinstance(table, RouteTable):
                    return table
        table = self.implicit.get(vpc.id)
        if table is None:
            table = self.implicit[vpc.id] = self.adopted(aws.main_route_table(vpc, False, "aws_vpc"))
            self.extra.append(table)
        return table

    def default_acl(self, vpc: Vpc) -> NetworkAcl:
        """`aws_vpc.x.default_network_acl_id`: its aws_default_network_acl (whose rules are exactly the
        declared ones), else the ACL AWS made, to which rules may be added."""
        for inst in self.instances:
            source = inst.attrs.get("default_network_acl_id") if isinstance(inst.attrs, dict) else None
            if inst.type == "aws_default_network_acl" and isinstance(source, Link) and source.address == vpc.id:
                if _apart(_region_at(self, inst.address), region_of(vpc)):
                    continue  # (it names nothing in the VPC's region: here_only)
                found = self.objects.get(inst.address)
                if isinstance(found, NetworkAcl):
                    return found
        made = self.default_acls.get(vpc.id)
        if made is None:
            made = self.default_acls[vpc.id] = aws.default_network_acl(vpc, False, "aws_vpc")
            self.extra.append(made)
        return made

    def members(self, inst: Instance, value: Any, *path: Any, owner: Resource | None = None, fact: str = "") -> Any:
        """A list of references; UNKNOWN (with its cause on `owner`) when the list cannot be known."""
        if value is None:
            return []
        if isinstance(value, Alike) and isinstance(value.item, (Link, Elsewhere, remote.Remote)) and not value.keyed:
            # every instance of an unknown count that is at least one (`aws_subnet.private[*].id`): as a set of
            # targets, its representative, which stands for each (never a count: `Alike`); a map of them (by the
            # zones' names) is no list (Terraform refuses it)
            value = [value.item]
        if value is UNKNOWN and (agreed := inst.agreed(*path)) is not None:
            value = agreed  # (a conditional whose branches name the same resources: placed at the argument)
        if not isinstance(value, list):
            if owner is not None:
                self.unknown(owner, fact, inst, *path)
            return UNKNOWN
        # (the AWS provider drops empty strings from a list of ids before it calls the API: `subnet_ids = [""]`,
        # Terraform 0.11's way to leave a function out of any VPC, is no subnet at all)
        kept = [(i, item) for i, item in enumerate(value) if item is not None and item != ""]
        members = [Member(self.ref(item), inst.mark(*path, i)) for i, item in kept]
        for member, (i, item) in zip(members, kept, strict=True):
            if member.target is UNKNOWN:
                member.cause = _cause(item, inst, *path, i, ident=True)
        return members

    def unknown(self, res: Resource, fact: str, inst: Instance, *path: Any) -> None:
        """Record why `fact` of `res` cannot be known, for --explain."""
        cause = _elsewhere_at(inst.attrs, path) or inst.cause(*path)
        if cause:
            res.unknown.setdefault(fact, cause)

    def unreadable(self, res: Resource, inst: Instance, path: tuple[Any, ...], what: str, caused: bool = True) -> None:
        """`res`'s permissions cannot all be read, because of the argument at `path`: `what` it holds
        ("has a policy action that"), followed by why it cannot be known when `caused`. The first
        cause stays."""
        if "permissions" not in res.unknown:
            cause = (inst.cause(*path) or "cannot be read from the files of this run") if caused else ""
            res.unknown["permissions"] = f"{what} {cause}".strip()
            res.marks["permissions"] = inst.mark(*path)

    def adopted(self, table: RouteTable) -> RouteTable:
        """The main route table AWS made for `table.vpc`; open when an `import` block adopts that VPC
        (it exists already, with routes the files do not hold)."""
        adopted = table.vpc.hints.get("imported") if isinstance(table.vpc, Vpc) else None
        if adopted:
            because = f"belongs to an existing VPC: {adopted}, so the routes it already has are not in the files"
            self.template.opens(table.id, because)
        return table

    def open(self, kind: type[Resource], because: str = "") -> None:
        """Resources of this kind may be linked to things we cannot see (an unknown count)."""
        if (kind, because) in self.opened:
            return  # once per kind and reason: a call per resource made plans of many resources quadratic
        self.opened.add((kind, because))
        for res in self.objects.values():
            if isinstance(res, kind):
                self.template.opens(res.id, because)


#: The resources a reference by id to which must be of the same region (AWS finds a VPC's, a subnet's, a route
#: table's id only in its region): those the graph links.
_REGIONAL_IDS = frozenset(
    {
        "aws_vpc",
        "aws_subnet",
        "aws_route_table",
        "aws_default_route_table",
        "aws_route",
        "aws_route_table_association",
        "aws_nat_gateway",
        "aws_eip",
        "aws_internet_gateway",
        "aws_egress_only_internet_gateway",
        "aws_security_group",
        "aws_default_security_group",
        "aws_network_acl",
        "aws_default_network_acl",
        "aws_vpc_endpoint",
        "aws_vpc_ipv6_cidr_block_association",
        "aws_lambda_function",
    }
)
#: Resources that name another region's on purpose (a peering's peer VPC with its `peer_region`, a private hosted
#: zone's VPCs) or have no region (IAM): their references are never another region's by mistake.
_ACROSS_REGIONS = (
    "aws_vpc_peering_connection",
    "aws_route53_",
    "aws_iam_",
    "aws_cloudfront_",
    "aws_globalaccelerator_",
)
#: The attributes of a resource of `_REGIONAL_IDS` that name something of its region: its own id or ARN, and a
#: VPC's main route table, default network ACL and security group (AWS made them in the VPC's region).
_NAMING = frozenset(
    {
        "id",
        "arn",
        "main_route_table_id",
        "default_route_table_id",
        "default_network_acl_id",
        "default_security_group_id",
    }
)
_DEPTH = 32
_INDEX = re.compile(r"\[[^\]]*\]$")  # (an instance's key: `[0]`, `["a"]`)
#: The data sources whose ids name resources AWS finds only in their region (`here_only`): a lookup of another region
#: than the resource naming it names nothing there.
_REGIONAL_LOOKUPS = frozenset(
    {
        "aws_vpc",
        "aws_vpcs",
        "aws_subnet",
        "aws_subnets",
        "aws_route_table",
        "aws_route_tables",
        "aws_security_group",
        "aws_security_groups",
        "aws_network_acls",
        "aws_nat_gateway",
        "aws_nat_gateways",
        "aws_internet_gateway",
        "aws_vpc_endpoint",
        "aws_lambda_function",
    }
)


def _region_at(m: Mapper, address: str) -> str | None:
    """Where the instance at `address` deploys (a data source: where it looks, by its block's address where its
    instances are not read, modules.Run.lookup_regions), where its code says for certain."""
    regions = m.template.regions
    if not regions:
        return m.template.region
    if address not in regions and _lookup_type(address) is not None:
        address = _INDEX.sub("", address)
    return regions.get(address, m.template.region)


def _apart(there: str | None, here: str | None) -> bool:
    """Whether two regions are known and differ: no id of one names anything in the other."""
    return there is not None and here is not None and there != here


def _lookup_type(address: str) -> str | None:
    """The type of the data source at `address` (`module.a.data.aws_subnets.b` → aws_subnets); None for a resource."""
    parts = local_address(address).split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "data" else None


def here_only(m: Mapper, res: Resource, attrs: dict, inst: Instance | None = None) -> dict:
    """`attrs` with each reference by id to a resource of `_REGIONAL_IDS` that deploys to another region than `res`
    (both known: AWS provider 6's `region`, an aliased provider's) made `Elsewhere`: no id of one region names
    anything in another, so the graph never links them (a function of us-east-1 is in no subnet of eu-west-1), and
    what the reference names is not known (never a finding); --explain says why (causes.literal_or_link). So is an
    id argument that cannot be known where all it reads is lookups of another region (`_looked_up_elsewhere`:
    `subnet_ids = data.aws_subnets.x.ids`, whose value is not read). A copy where anything changes: the same list
    may be another resource's value, of its own region."""
    here = region_of(res) if not res.type.startswith(_ACROSS_REGIONS) else None
    if here is None:
        return attrs
    elsewhere = inst is not None and _lookups_apart(m, here)

    def walk(value: Any, depth: int, path: tuple[Any, ...] = ()) -> Any:
        if value is UNKNOWN and elsewhere and inst is not None:
            return _looked_up_elsewhere(m, inst, path, here) or value
        if isinstance(value, Link) and _lookup_type(value.address) in _REGIONAL_LOOKUPS:
            # (a lookup's id, or ids: `data.aws_subnets.x.ids`; what it finds is of the region it looks in)
            there = _region_at(m, value.address)
            named = value.attr in ("id", "ids", "arn", "arns") or value.attr.endswith(("_id", "_ids"))
            return Elsewhere(value, there, here) if named and there is not None and _apart(there, here) else value
        if isinstance(value, Link):
            found = m.objects.get(value.address)
            if found is None or found.type not in _REGIONAL_IDS or value.attr not in _NAMING:
                return value
            there = region_of(found)
            return Elsewhere(value, there, here) if there is not None and there != here else value
        if depth > _DEPTH:
            return value
        if isinstance(value, Alike):
            item = walk(value.item, depth + 1)
            return value if item is value.item else Alike(item, value.count, value.keyed)
        if isinstance(value, (dict, list)):
            pairs = value.items() if isinstance(value, dict) else enumerate(value)
            changed = [(k, new) for k, v in pairs if (new := walk(v, depth + 1, (*path, k))) is not v]
            if not changed:
                return value
            copied = copy.copy(value)
            for k, new in changed:
                copied[k] = new
            return copied
        return value

    walked = walk(attrs, 0)
    return walked if isinstance(walked, dict) else attrs


def in_region(m: Mapper, res: Resource, found: Sequence[R]) -> Sequence[R]:
    """`found` (what an argument of `res` that cannot be known may name) without what deploys to another region than
    `res`, both known: no id of one region names anything in another (`here_only`). `found` itself where nothing
    goes (a tuple many share, `Mapper.among`)."""
    if not found or not m.template.regions or res.type.startswith(_ACROSS_REGIONS):
        return found
    here = region_of(res)
    if here is None:
        return found
    kept = [r for r in found if not _apart(region_of(r), here)]
    return found if len(kept) == len(found) else kept


def _made_with(m: Mapper) -> None:
    """What AWS makes with a VPC (its main route table, default network ACL, IPv6 block) or a table (its inline
    routes) deploys to the region of what it is made with (its own `region`), not its provider's."""
    regions = m.template.regions
    for res in m.extra:
        owner = res.table if isinstance(res, Route) else getattr(res, "vpc", None)
        if res.id not in regions and isinstance(owner, Resource):
            regions[res.id] = region_of(owner)


def _lookups_apart(m: Mapper, here: str) -> bool:
    """Whether the run has a regional lookup known to look in another region than `here` (else nothing to ask)."""
    if m.lookup_regions is None:
        m.lookup_regions = frozenset(
            region
            for address, region in m.template.regions.items()
            if region is not None and _lookup_type(address) in _REGIONAL_LOOKUPS
        )
    return any(region != here for region in m.lookup_regions)


def _looked_up_elsewhere(m: Mapper, inst: Instance, path: tuple[Any, ...], here: str) -> Elsewhere | None:
    """The id argument at `path` that cannot be known, as an `Elsewhere`, where every resource it may name is given
    by lookups of `_REGIONAL_LOOKUPS` known to look in another region than `here` (their values are not read:
    `aws_subnets`, `aws_vpc`): no id they find names anything here. None where anything else may give it."""
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    if not (key.endswith(("_id", "_ids")) or key in ("id", "ids")):
        return None
    named = inst.referenced(*path)
    if not named:
        return None
    found = None
    for link in named:
        there = _region_at(m, link.address) if _lookup_type(link.address) in _REGIONAL_LOOKUPS else None
        if there is None or not _apart(there, here):
            return None
        found = found or Elsewhere(link, there, here)
    return found


#: Databases a role association names, and the clusters event source mappings poll.
_DATABASES = frozenset({"aws_rds_cluster", "aws_db_instance", *aws.POLLED_SOURCES})


def actions(m: Mapper, res: Resource, inst: Instance, *path: Any) -> list[str]:
    """The allowed actions of the policy document at `path` of `inst` (jsonencode() output, a heredoc or
    a policy document's json); what cannot be read is a cause of `res`'s unknown permissions."""
    document: Any = inst.attrs
    for key in path:
        if isinstance(document, dict):
            document = document.get(key)
        else:
            document = document[key] if isinstance(document, list) and 0 <= key < len(document) else None
    unread: list[tuple[str, Any]] = []
    if isinstance(document, Partial):
        document = document.text
    if isinstance(document, str):
        try:
            document = json.loads(_filled(document), strict=False)
        except (ValueError, RecursionError):
            unread.append(("a policy document", document))
    found = aws.allowed_actions(document, unread=unread) if not unread else []
    if unread:
        m.unreadable(res, inst, path, f"has {unread[0][0]} that")
    return found


def _filled(text: str) -> str:
    """JSON text with its holes filled: `_` inside a string, `null` where a whole value is unknown
    (`Resource = [aws_dynamodb_table.t.arn]` in a jsonencode()), so the rest of the document parses."""
    if HOLE not in text:
        return text
    out: list[str] = []
    inside = escaped = False
    for char in text:
        if char == HOLE:
            out.append("_" if inside else "null")
            continue
        if inside and escaped:
            escaped = False
        elif inside and char == "\\":
            escaped = True
        elif char == '"':
            inside = not inside
        out.append(char)
    return "".join(out)


def _flag(value: Any) -> Any:
    """A bool argument as Terraform converts it (`"true"`, as 0.11-era code writes it); absent as None; else
    UNKNOWN: what a plan has as unknown is a link to the one resource it refers to
    (`assign_generated_ipv6_cidr_block = aws_vpc.peer.ipv6_cidr_block != ""`), or set but unknown (PRESENT: written
    through a local, `= local.ipv6`, whose value a plan does not record), neither true nor false."""
    converted = boolean(value)
    if converted is not None:
        return converted
    return None if value is None else UNKNOWN


def _either(*values: Any) -> bool | None:
    verdicts = [present(v) for v in values]
    if True in verdicts:
        return True
    return None if None in verdicts else False


def _first(value: Any) -> Any:
    """The single nested block of a kind (vpc_config, environment): a dict, None or UNKNOWN. Set but unknown
    (PRESENT: a plan's block known only after apply that its configuration does not record, a `dynamic` block whose
    `for_each` is unknown) is UNKNOWN, not absent."""
    if value is UNKNOWN or value is PRESENT:
        return UNKNOWN
    if isinstance(value, list) and value:
        return value[0] if isinstance(value[0], dict) else UNKNOWN
    return None


# ----- per-type fillers --------------------------------------------------------------------


def _function(m: Mapper, fn: Function, inst: Instance) -> None:
    attrs = inst.attrs
    config = _first(attrs.get("vpc_config"))
    fn.marks["vpc_config"] = inst.mark("vpc_config", 0)
    if config is UNKNOWN:
        fn.has_vpc_config, fn.subnets, fn.security_groups, fn.dualstack = True, UNKNOWN, UNKNOWN, None
        m.unknown(fn, "vpc_config", inst, "vpc_config")
    elif isinstance(config, dict):
        fn.has_vpc_config = True
        at = ("vpc_config", 0)
        fn.subnets = m.members(inst, config.get("subnet_ids"), *at, "subnet_ids", owner=fn, fact="subnets")
        fn.security_groups = m.members(
            inst, config.get("security_group_ids"), *at, "security_group_ids", owner=fn, fact="security_groups"
        )
        for key, fact in (("subnet_ids", "subnets"), ("security_group_ids", "security_groups")):
            if getattr(fn, fact) == [] and (why := _defaulted_ids(inst, (*at, key))):
                setattr(fn, fact, UNKNOWN)
                fn.unknown.setdefault(fact, why)
        flag = config.get("ipv6_allowed_for_dual_stack")
        fn.dualstack = False if flag is None else boolean(flag)
        if fn.dualstack is None:
            m.unknown(fn, "dualstack", inst, *at, "ipv6_allowed_for_dual_stack")
        elif fn.dualstack is False and (source := inst.origin(*at, "ipv6_allowed_for_dual_stack")):
            how = f" (it comes from {set_where(source)}: set it to true there)"
            fn.hints["dualstack_how"] = how
            if "module" not in fn.hints and "installed" not in fn.hints:  # (a model's, or code not the user's)
                step = {"step:function-flag": f"set ipv6_allowed_for_dual_stack to true{how}"}
                fn.hints.update(causes.through_call(step, inst.address.rpartition(f"{inst.type}.")[0]))
        for key, mark in (
            ("subnet_ids", "subnets"),
            ("security_group_ids", "security_groups"),
            ("ipv6_allowed_for_dual_stack", "dualstack"),
        ):
            if (place := inst.mark_at("vpc_config", 0, key)) is not None:
                fn.marks[mark] = place
    runtime = attrs.get("runtime")
    fn.runtime = runtime if isinstance(runtime, str) or runtime is None else UNKNOWN
    if fn.runtime is UNKNOWN:
        m.unknown(fn, "runtime", inst, "runtime")
    for path, mark in ((("runtime",), "runtime"), (("environment", 0), "environment")):
        if (place := inst.mark_at(*path)) is not None:
            fn.marks[mark] = place
    environment = _first(attrs.get("environment"))
    variables = environment.get("variables") if isinstance(environment, dict) else environment
    if (place := inst.mark_at("environment", 0, "variables")) is not None:
        fn.marks["environment"] = place
    if variables is UNKNOWN or not isinstance(variables, (dict, type(None))):
        # a map known only after apply (a plan's `variables = true` in after_unknown): none of its values is
        fn.environment = UNKNOWN
        # the expression's cause (`each.value.env`), unless it can say nothing the block's own cannot (a dynamic
        # block's `environment.value`: the block's `for_each` is what is unknown)
        cause = inst.cause("environment", 0, "variables")
        if cause and cause != causes.FALLBACK:
            fn.unknown.setdefault("environment", cause)
        m.unknown(fn, "environment", inst, "environment")
    elif isinstance(variables, dict):
        fn.environment = {
            str(k): v if isinstance(v, (str, bool, int, float)) else UNKNOWN for k, v in variables.items()
        }
        for name in variables:
            fn.marks[f"env:{name}"] = inst.mark("environment", 0, "variables", name)
            if name in aws.ENVIRONMENT_READ and fn.environment[str(name)] is UNKNOWN:
                m.unknown(fn, f"env:{name}", inst, "environment", 0, "variables", name)
            elif name in aws.ENVIRONMENT_READ and (source := inst.origin("environment", 0, "variables", name)):
                fn.hints[f"from:{name}"] = set_where(source)  # the deployed value: a fix may change it there
    if source := inst.origin("environment", 0, "variables"):  # (whatever the map holds: written as `var.x`)
        # (`variables = var.env`, a dynamic block's too: a fix adds to what that variable is given, not here)
        name, where = source
        given = (
            f"the `{name}` input of {where.removeprefix(causes.CALL_DEFAULT)}"
            if where.startswith(causes.CALL_DEFAULT)
            else set_where(source)
        )
        fn.hints["env_how"] = f"{given}, which environment {{ variables }} takes"  # (`migration.environment`)
    # (also a plan's map: what its configuration names, `plan.MAP_ARGS`, `_Plan.environment_links`)
    for link in [*links(variables), *inst.referenced("environment", 0, "variables")]:
        target = m.objects.get(link.address) if link.attr not in aws.STREAM_ATTRIBUTES else None
        if target is not None and target not in fn.env_refs:
            fn.env_refs.append(target)
    fn.role = m.ref(attrs.get("role"))
    if attrs.get("role") is not None and not isinstance(fn.role, Role):
        arn = attrs["role"]
        if isinstance(arn, str):
            m.unreadable(fn, inst, ("role",), aws.role_out_of_run(arn), caused=False)
        else:
            m.unreadable(fn, inst, ("role",), "its role's ARN")
    publish = attrs.get("publish")
    fn.publishes = False if publish is None else boolean(publish)


def _defaulted_ids(inst: Instance, path: tuple) -> str | None:
    """Why an empty id list written as a root variable left at its default (`default = []` or null), or worked
    out from one (`concat(aws_security_group.fn[*].id, var.security_group_ids)`, `var.x == null ? [] : var.x`,
    a local), is not known: the default is a reusable module's placeholder, no ids a deploy must use (RULES: a
    parameter's Default never invents resources). None where a call, a var file or --var gives the list: that
    deploys."""
    source = inst.origin(*path)
    if source is not None and source[1] not in ("", causes.PLAN_DEFAULT):  # (a plan's default may be passed: unknown)
        return None
    name = source[0] if source is not None else inst.defaulted(*path)
    if name is None:
        return None
    if name == causes.PLACEHOLDER_UNTOLD:  # (a limit of lambda6lint's cut the search short: not known either way)
        return causes.PLACEHOLDER_TOO_DEEP
    how = "comes from" if source is not None else "is worked out from"
    return (
        f"{how} variable `{name}`, whose default is a placeholder, not ids a deploy must use "
        f"(pass --var {name}=… or a .tfvars file)"
    )


def set_where(source: tuple[str, str]) -> str:
    """Where a fix changes a value a variable gives (Instance.origin): a root variable's, or a module call's input."""
    name, where = source
    if where.startswith(causes.CALL_DEFAULT):  # (a child module's input left at its default by its call)
        return f"the default of input `{name}`, which {where.removeprefix(causes.CALL_DEFAULT)} does not set"
    if where.startswith(causes.CALL_INPUT):  # (a child module's input its call sets: changed there)
        return f"input `{name}` of {where.removeprefix(causes.CALL_INPUT)}"
    if where == "--var":
        return f"variable `{name}`, set by --var"
    if where == causes.PLAN_PASSED:  # (a plan's value that is not the default: given where a plan is made)
        return f"variable `{name}`, passed to the plan by {causes.plan_passes(name)}"
    if where == causes.PLAN_DEFAULT:  # (the plan's value is the default's: it cannot tell whether it was passed)
        return f"variable `{name}`, at its default value or given the same by {causes.plan_passes(name)}"
    return f"variable `{name}`, set in {where}" if where else f"the default of variable `{name}`"


def _vpc(m: Mapper, vpc: Vpc, inst: Instance) -> None:
    attrs = inst.attrs
    amazon = _flag(attrs.get("assign_generated_ipv6_cidr_block"))
    other = _either(attrs.get("ipv6_ipam_pool_id"), attrs.get("ipv6_cidr_block"))
    if amazon is True or other is True:
        conditional = False
    elif amazon is UNKNOWN or other is None:
        conditional = True
    else:
        return
    written = ("assign_generated_ipv6_cidr_block", "ipv6_ipam_pool_id", "ipv6_cidr_block")
    key = next((k for k in written if inst.mark_at(k) is not None), "ipv6_cidr_block")
    block = VpcIpv6Block(
        id=f"{vpc.id} IPv6 block",
        type="aws_vpc",
        template=m.template,
        location=inst.mark(key),
        conditional=conditional or vpc.conditional,
        vpc=vpc,
    )
    if conditional:
        m.unknown(block, "condition", inst, "assign_generated_ipv6_cidr_block" if amazon is UNKNOWN else key)
    if amazon is not True and _set(attrs.get("ipv6_ipam_pool_id")):
        block.public = _ipam_public(m, block, inst)
    m.extra.append(block)


def _ipam_public(m: Mapper, block: VpcIpv6Block, inst: Instance) -> bool | None:
    """Whether the addresses of the IPAM pool `ipv6_ipam_pool_id` names reach the internet (common/aws.py)."""
    value = inst.attrs.get("ipv6_ipam_pool_id")
    pool = m.ref(value)
    found = m.by_address.get(pool.id) if isinstance(pool, Resource) and pool.type in aws.IPAM_POOL_TYPES else None
    attrs = found.attrs if found is not None and isinstance(found.attrs, dict) else None
    if attrs is None:
        cause = aws.UNREAD_IPAM_POOL.format(cause=inst.cause("ipv6_ipam_pool_id") or "is not in this run")
        block.unknown.setdefault(
            "public", aws.UNKNOWN_IPAM_POOL.format(pool=pool.name) if isinstance(pool, Resource) else cause
        )
        return None
    scope = attrs.get("ipam_scope_id")  # (`aws_vpc_ipam.x.private_default_scope_id`, a scope's id)
    public = aws.ipam_pool_public(
        scope.attr if isinstance(scope, Link) else None,
        getattr(m.objects.get(scope.address) if isinstance(scope, Link) else None, "type", None),
        boolean(attrs.get("publicly_advertisable")),
        attrs.get("public_ip_source"),
    )
    if public is None:
        block.unknown.setdefault("public", aws.UNKNOWN_IPAM_POOL.format(pool=pool.name))
    return public


def _vpc_ipv6_block(m: Mapper, block: VpcIpv6Block, inst: Instance) -> None:
    attrs = inst.attrs
    block.vpc = m.ref(attrs.get("vpc_id"))
    amazon = _flag(attrs.get("assign_generated_ipv6_cidr_block"))
    other = _either(*(attrs.get(k) for k in ("ipv6_pool", "ipv6_ipam_pool_id", "ipv6_cidr_block")))
    if amazon is not True and _set(attrs.get("ipv6_ipam_pool_id")):
        block.public = _ipam_public(m, block, inst)
    elif amazon is not True and _set(attrs.get("ipv6_pool")):
        pool = attrs.get("ipv6_pool")
        block.public = None
        block.unknown["public"] = aws.BYOIP_POOL.format(pool=f"`{clipped(pool)}`" if isinstance(pool, str) else "")
    if amazon is True or other is True:
        return
    if amazon is UNKNOWN or other is None:
        block.conditional = True
    else:
        block.vpc = None


def _subnet(m: Mapper, subnet: Subnet, inst: Instance) -> None:
    attrs = inst.attrs
    subnet.vpc = m.ref(attrs.get("vpc_id"))
    if subnet.vpc is UNKNOWN:
        subnet.unknown["vpc"] = _cause(attrs.get("vpc_id"), inst, "vpc_id", ident=True)
    subnet.ipv4 = _either(attrs.get("cidr_block"), attrs.get("ipv4_ipam_pool_id"))
    subnet.ipv6 = _either(attrs.get("ipv6_cidr_block"), attrs.get("ipv6_ipam_pool_id"))
    subnet.ipv6_written = isinstance(attrs.get("ipv6_cidr_block"), str) and ":" in attrs["ipv6_cidr_block"]
    if subnet.ipv6 is None:
        m.unknown(subnet, "ipv6", inst, "ipv6_cidr_block" if "ipv6_cidr_block" in attrs else "ipv6_ipam_pool_id")
    native = attrs.get("ipv6_native")
    subnet.ipv6_native = False if native is None else boolean(native)
    if subnet.ipv6_native is None:
        m.unknown(subnet, "ipv6_native", inst, "ipv6_native")
    vpc = subnet.vpc
    if subnet.ipv6 is False and isinstance(vpc, Vpc) and vpc.type == "aws_vpc" and "ipv6_cidr" not in subnet.hints:
        _subnet_cidr(m, subnet, vpc)  # (not a registry module's subnet: its own input, models.py)
    dns64 = attrs.get("enable_dns64")
    subnet.dns64 = False if dns64 is None else boolean(dns64)
    if subnet.dns64 is None:
        m.unknown(subnet, "dns64", inst, "enable_dns64")
    if (place := inst.mark_at("enable_dns64")) is not None:
        subnet.marks["dns64"] = place


def _subnet_cidr(m: Mapper, subnet: Subnet, vpc: Vpc) -> None:
    """E9602's fix for an IPv4-only subnet: an IPv6 CIDR from its VPC's block, written as the subnet's own module
    writes the VPC (with a /64 the user picks: the others' cannot all be read)."""
    here, there = local_address(subnet.id), local_address(vpc.id)
    if subnet.id[: len(subnet.id) - len(here)] != vpc.id[: len(vpc.id) - len(there)]:
        return  # (a VPC of another module: the subnet's code names it through an input)
    key = re.search(r"\[([^\]]*)\]$", here)
    at = "N"
    if key and (key.group(1).isdecimal() or key.group(1) == "*" and subnet.each is None):
        at = "count.index + N"  # (one per subnet of the count, known or not)
    elif key:
        # (one per key: the keys of a set or a map alike, `keys()` of a set being Terraform's error)
        at = "N + index([for k, v in F : k], each.key)"
    block, length = _ipv6_block_of(m, vpc, there)
    bits = f"{64 - length} new bits: the /64s of a /{length}" if length else "the bits from the block's length to /64"
    subnet.hints["ipv6_cidr"] = (  # (a counted VPC with its key: `aws_vpc.main[0]`, as its vpc_id names it)
        f"ipv6_cidr_block = cidrsubnet({block}, {64 - length if length else '<64 − its length>'}, {at}), with N a "
        f"/64 no other subnet of the VPC takes ({bits}){', and F its for_each expression' if ' in F ' in at else ''}"
    )
    if at == "N" and length:
        m.free_cidrs.append((subnet, block, length))
    # (where the VPC has no block, E9602's fix gives it `assign_generated_ipv6_cidr_block`: an Amazon /56, whose
    # ipv6_cidr_block the same cidrsubnet() reads, Terraform ordering the two by that reference: no
    # `ipv6_cidr_new` hint: E9602 says this one, as the plan's subnet step does after the VPC's)


#: The subnet's /64 of a block the fix adds (`_netnums`): none is taken, each subnet has the one of its place.
FIRST_NETNUM = (
    "a /64 no other subnet of the VPC takes (its IPv6 block is the new one given to it first, whose /64s are "
    "numbered here in the order its subnets are written)"
)


def _netnums(m: Mapper) -> None:
    """The /64 each subnet of `free_cidrs` takes where its VPC has no IPv6 block (E9602's fix and the plan give it
    its first): none is taken yet, so each subnet of the VPC takes the one of its place among them, in the order
    they are written, as CloudFormation's fix numbers them; one number for every message that names it. N stays
    where the VPC has a block, may have one (a conditional block, open to what the run cannot read) or is another
    root's (its subnets there are not counted here), or where one of its subnets is a count's or a for_each's (it
    takes a range) or has, or may have, an IPv6 CIDR (a literal one, one made elsewhere: which /64 is not read)."""
    if not m.free_cidrs:
        return
    wanted = {id(subnet.vpc) for subnet, _, _ in m.free_cidrs}
    subnets: dict[int, list[Subnet]] = {}
    kept: set[int] = set()  # (VPCs whose /64s stay N)
    for res in [*m.objects.values(), *m.extra]:
        if isinstance(res, VpcIpv6Block) and id(res.vpc) in wanted:
            kept.add(id(res.vpc))
        elif isinstance(res, Subnet) and id(res.vpc) in wanted:
            subnets.setdefault(id(res.vpc), []).append(res)
            if res.key is not None or COUNT in res.unknown or res.ipv6 is not False:
                kept.add(id(res.vpc))
    places: dict[int, dict[int, int]] = {}  # by VPC: each subnet's place among its subnets
    for subnet, block, length in m.free_cidrs:
        vpc = subnet.vpc
        if id(vpc) in kept or not isinstance(vpc, Vpc) or vpc.template is not m.template or vpc.id in m.template.open:
            continue
        if id(vpc) not in places:
            ordered = sorted(subnets[id(vpc)], key=lambda s: (s.location.path, s.location.line, s.location.column))
            places[id(vpc)] = {id(s): at for at, s in enumerate(ordered)}
        netnum = places[id(vpc)][id(subnet)]
        if netnum < 2 ** (64 - length):
            cidr = f"cidrsubnet({block}, {64 - length}, {netnum})"
            subnet.hints["ipv6_cidr"] = f"ipv6_cidr_block = {cidr}, {FIRST_NETNUM}"
            subnet.hints["ipv6_cidr_why"] = FIRST_NETNUM  # (why that /64: said once where subnets are listed)


def _ipv6_block_of(m: Mapper, vpc: Vpc, there: str) -> tuple[str, int | None]:
    """How the subnet's module names its VPC's IPv6 block, and the block's prefix length if known: the VPC's own
    (Amazon's is a /56; an IPAM pool's has `ipv6_netmask_length`), else an `aws_vpc_ipv6_cidr_block_association`'s
    of the same module (the VPC's own `ipv6_cidr_block` is then empty)."""
    own = m.by_address.get(vpc.id)
    attrs = own.attrs if own is not None and isinstance(own.attrs, dict) else {}
    if not any(
        _set(attrs.get(k)) for k in ("assign_generated_ipv6_cidr_block", "ipv6_ipam_pool_id", "ipv6_cidr_block")
    ):
        prefix = vpc.id[: len(vpc.id) - len(there)]
        for inst in m.instances:
            if (
                inst.type == "aws_vpc_ipv6_cidr_block_association"
                and isinstance(inst.attrs, dict)
                and m.ref(inst.attrs.get("vpc_id")) is vpc
                and inst.address.startswith(prefix)
            ):
                return f"{local_address(inst.address)}.ipv6_cidr_block", _block_length(inst.attrs)
    return f"{there}.ipv6_cidr_block", _block_length(attrs)


def _block_length(attrs: dict) -> int | None:
    """An IPv6 block's prefix length as written: /56 from Amazon, an IPAM pool's netmask, a literal CIDR's."""
    written = attrs.get("ipv6_cidr_block")
    if isinstance(written, str) and "/" in written and netvalues.whole_number(written.rsplit("/", 1)[1], 3) is not None:
        length = int(written.rsplit("/", 1)[1])
    elif _set(attrs.get("ipv6_ipam_pool_id")) or _set(attrs.get("ipv6_pool")):
        netmask = attrs.get("ipv6_netmask_length")
        length = netmask if isinstance(netmask, int) and not isinstance(netmask, bool) else 0
    else:
        length = 56
    return length if 0 < length < 64 else None


def _published(m: Mapper, res: Resource, inst: Instance) -> None:
    """An SSM parameter whose value names a subnet, a VPC, a group…: how configurations share them besides
    remote state, so others may place hosts in them or add to them (as a CloudFormation Export opens them)."""
    for name in ("value", "insecure_value"):  # (`join(",", aws_subnet.private[*].id)`: text naming them too)
        for link in [*links(inst.attrs.get(name)), *inst.referenced(name)]:
            if link.address in m.objects and link.attr in ("id", "arn"):
                m.template.opens(
                    link.address, f"is published in SSM parameter {res.id}, which others may read to add to it"
                )


def _default_subnet(m: Mapper, subnet: Subnet, inst: Instance) -> None:
    """An `aws_default_subnet`: the default VPC's subnet of a zone, which Terraform adopts. It always has an
    IPv4 CIDR; an IPv6 one only as written, else the one it already has (not in the files)."""
    attrs = inst.attrs
    subnet.vpc = UNKNOWN
    subnet.unknown["vpc"] = "is its region's default VPC, which Terraform adopts: its routes are not in the files"
    subnet.ipv4 = True
    written = attrs.get("ipv6_cidr_block")
    subnet.ipv6 = True if _set(written) else None
    subnet.ipv6_written = isinstance(written, str) and ":" in written
    if subnet.ipv6 is None:
        subnet.unknown["ipv6"] = (
            "is the default subnet's own: Terraform adopts it, and without ipv6_cidr_block keeps the IPv6 CIDR it "
            "already has (none, unless one was given)"
        )
    native = attrs.get("ipv6_native")
    subnet.ipv6_native = False if native is None else boolean(native)
    dns64 = attrs.get("enable_dns64")
    subnet.dns64 = None if dns64 is None else boolean(dns64)
    if subnet.dns64 is None:
        subnet.unknown.setdefault("dns64", "is the default subnet's own, kept by Terraform where not written")


def _route_fields(
    m: Mapper, route: Route, body: dict, destinations: tuple[str, str, str], inst: Instance, *at: Any
) -> None:
    """Destination and target of a route (an `aws_route`, or the block at path `at` of a table's routes)."""
    route.destination = None
    v4, v6, prefix = destinations
    for key in destinations:
        value = body.get(key)
        if not _set(value):
            continue
        if value is UNKNOWN or not isinstance(value, str):
            route.destination = UNKNOWN
            route.unknown["destination"] = _cause(value, inst, *at, key)
            if (place := inst.mark_at(*at, key)) is not None:
                route.marks["destination"] = place
        elif key == prefix:
            route.destination = f"prefix-list:{value}"
        else:
            route.destination = netvalues.normal_cidr(value)
        break
    for key, concept in TARGETS.items():
        if _set(body.get(key)):
            route.target = m.ref(body[key])
            route.target_kind = aws.route_target(concept, route.target, body[key])
            break
    else:
        key = next((k for k in TARGETS if body.get(k) is UNKNOWN), "")
        if not key:
            return
        route.target_kind, route.target = "unknown", UNKNOWN
    if route.target is UNKNOWN and (nat := _listed_nat(m, inst, *at, key)) is not None:
        # one of a block's NAT gateways of an unknown count, whichever the index picks (`element(aws_nat_gateway.
        # this[*].id, count.index)`, `aws_nat_gateway.this[count.index].id`, the routes counted as those or not):
        # their representative, which stands for each of them, whichever route goes to which
        route.target, route.target_kind = nat, aws.route_target(TARGETS[key], nat, body[key])
        return
    looked_up = False  # (a NAT gateway a lookup gives: unknown, where none of the run's may be it too)
    if route.target is UNKNOWN:  # (a condition between gateways: each may be the target)
        route.candidates = m.among(inst.referenced(*at, key), Resource)
        complete = bool(route.candidates) and inst.chosen(*at, key) is not None  # (it may be nothing else)
        if not route.candidates and route.target_kind == "nat" and m.template.format == "terraform-plan":
            # a plan's target known only after apply is made by this apply (a variable's would be known), but
            # a `local` or a dynamic block hides which: any NAT gateway of the plan may be it
            route.candidates = m.nat_gateways()
        elif not route.candidates and route.target_kind == "nat":
            named = [*links(body[key]), *inst.referenced(*at, key)]
            if any(local_address(link.address).startswith("data.") for link in named):
                route.candidates = _nats_here(m, inst, named)  # (a NAT gateway looked up by its tags: any may be it)
                looked_up = True
            else:  # (`aws_nat_gateway.nat[0].id` where that count cannot be known: one of those it makes may be it;
                # through a module's output or input, `module.vpc.natgw_ids[0]`, one another module makes: any of the
                # run's of an unknown count, each of which stands for those of a block that its own routes may reach)
                route.candidates = _unknown_counts(m, inst, *at, key)
        elif route.target_kind in ("nat", "unknown") and m.template.format != "terraform-plan" and not complete:
            # (one of those it names, or what else it may be: one of a block of NAT gateways of an unknown count,
            # whose ids no value shows, `var.c ? aws_nat_gateway.a.id : module.vpc.natgw_ids[0]`, `gateway_id =
            # module.vpc.natgw_ids[0]`)
            more = [nat for nat in _unknown_counts(m, inst, *at, key) if nat not in route.candidates]
            route.candidates = [*route.candidates, *more]
    named_elsewhere = bool(route.candidates)
    route.candidates = in_region(m, route, route.candidates)
    named_elsewhere &= not route.candidates  # (all it may name is of another region: it names nothing, said why)
    if route.target_kind == "unknown" or route.candidates or looked_up or named_elsewhere:
        if (place := inst.mark_at(*at, key)) is not None:
            route.marks["target"] = place
        outside = None if route.candidates else _made_outside(m, inst, body.get(key))
        if cause := outside or _cause(body.get(key), inst, *at, key):
            route.unknown.setdefault("target", cause)


#: The lookups whose id is a NAT gateway's.
_NAT_LOOKUPS = frozenset({"aws_nat_gateway", "aws_nat_gateways"})


def _made_outside(m: Mapper, inst: Instance, value: Any) -> str | None:
    """Why a route's target that a NAT gateway lookup of its own region gives is not known, where the run makes no
    NAT gateway that lookup could find (`_nats_here`) and no module call it cannot read may make one there: it names
    one made outside the run. None where that is not certain (another region's lookup is an `Elsewhere`, said by
    causes; a route of any NAT gateway of the run keeps the words that it may be one of them)."""
    if not isinstance(value, Link) or _lookup_type(value.address) not in _NAT_LOOKUPS:
        return None
    here = _region_at(m, inst.address)
    if _nats_here(m, inst, [value]) or any(
        isinstance(o, ModuleCall) and not _apart(region_of(o), here) for o in m.objects.values()
    ):
        return None
    where = f" (none in {here}, the route's region)" if here is not None else ""
    return (
        f"cannot be known: data source `{value.address}` looks it up, and this run makes no NAT gateway it could "
        f"find{where}: it names one made outside the run (look it up in AWS to decide it)"
    )


def _unknown_counts(m: Mapper, inst: Instance, *path: Any) -> list[Resource]:
    """The representatives of NAT gateways of an unknown count (`aws_nat_gateway.this[*]`) a route target that
    cannot be known may be one of: of the blocks whose ids alone it may hold (`Instance.placing_blocks`:
    `aws_nat_gateway.main[each.key].id` in `module.net[0]` is one of `module.net[0].aws_nat_gateway.main`'s, never
    `module.net[1]`'s nor another block's, or Terraform fails), or any of the run's where it may hold another id (a
    root variable's, a module call's of a count)."""
    blocks = inst.placing_blocks(*path)
    return [
        nat
        for nat in m.nat_gateways()
        if nat.id.endswith("[*]") and (blocks is None or block_address(nat.id) in blocks)
    ]


def _listed_nat(m: Mapper, inst: Instance, *path: Any) -> NatGateway | None:
    """For a route target that cannot be known, written as one of a block's NAT gateways whatever the index
    (`Instance.one_of`), the representative of that block's unknown count (`aws_nat_gateway.this[*]`): an empty block
    fails the plan, and what the representative says holds for each of them; else None (a known count: the route
    names one of them, or may name any of those, `Route.candidates`)."""
    address = inst.one_of(*path, by_position=True)
    found = m.objects.get(f"{address}[*]") if address is not None else None
    return found if isinstance(found, NatGateway) else None


def _listed_eip(m: Mapper, inst: Instance) -> Resource | None:
    """For a NAT gateway's allocation that cannot be known, written as one of a block's Elastic IPs whatever the index
    (`Instance.one_of`: `element(aws_eip.nat[*].id, count.index)`, `aws_eip.nat[count.index].id`), the representative
    of that block's unknown count (`aws_eip.nat[*]`), which stands for each of them; else None."""
    address = inst.one_of("allocation_id", by_position=True)
    found = m.objects.get(f"{address}[*]") if address is not None else None
    return found if isinstance(found, Resource) and found.type == "aws_eip" else None


def _route_table(m: Mapper, table: RouteTable, inst: Instance) -> None:
    attrs = inst.attrs
    if inst.type == "aws_default_route_table":
        table.main = True
        source = attrs.get("default_route_table_id")
        owner = m.objects.get(source.address) if isinstance(source, Link) else None
        table.vpc = owner if isinstance(owner, Vpc) else UNKNOWN
        if table.vpc is UNKNOWN:
            m.open(Subnet)  # the main table of some VPC we cannot name: unassociated subnets may use it
    else:
        table.vpc = m.ref(attrs.get("vpc_id"))
    gateways = attrs.get("propagating_vgws")
    if isinstance(gateways, Link) or gateways is PRESENT:  # (one reference, or set and known after apply)
        gateways = [gateways]
    if gateways is UNKNOWN or (isinstance(gateways, (list, set)) and gateways):
        route = Route(
            id=f"{table.id}.propagating_vgws",
            type=inst.type,
            template=m.template,
            location=inst.mark("propagating_vgws"),
            conditional=table.conditional,
            table=table,
            destination=UNKNOWN,
            target_kind="vgw",
        )
        route.marks["destination"] = route.location
        first = next(iter(gateways), None) if isinstance(gateways, (list, set)) else None
        _propagated(m, route, first, inst, "propagating_vgws")
        m.extra.append(route)
    routes = attrs.get("route")
    if routes is UNKNOWN or (routes is not None and not isinstance(routes, list)):
        m.template.open.add(table.id)  # routes we cannot read
        return
    if routes is None and "imported" in inst.hints:  # no `route` argument: Terraform leaves what it has
        m.template.opens(table.id, _kept(inst, "route", "routes"))
    for index, body in enumerate(routes if isinstance(routes, list) else []):
        if not isinstance(body, dict):
            m.template.open.add(table.id)
            continue
        # (not conditional where its table is: it exists wherever the table does, and only then are subnets on the
        # table, so what it says of them holds however many of the table there are)
        route = Route(
            id=f"{table.id}.route[{index}]",
            type="aws_route_table",
            template=m.template,
            location=inst.mark("route", index),
            suppress=table.suppress,
            table=table,
        )
        _route_fields(
            m, route, body, ("cidr_block", "ipv6_cidr_block", "destination_prefix_list_id"), inst, "route", index
        )
        if not written(inst, "route"):
            route.hints[_REMOVE_ELSEWHERE] = (
                "remove it where it is made: the table has it as deployed, and this configuration writes none of "
                "its routes"
            )
        m.extra.append(route)


def _route(m: Mapper, route: Route, inst: Instance) -> None:
    attrs = inst.attrs
    route.table = m.ref(attrs.get("route_table_id"))
    if route.table is UNKNOWN and inst.unknown_count and (table := _listed_table(m, inst)) is not None:
        # on one of a block's tables of an unknown count, whichever the index picks (`element(aws_route_table.
        # private[*].id, count.index)`, the routes counted otherwise): a route each of them may have, not one
        # each has (as many routes as tables or not, at least one or not)
        route.table, route.conditional = table, True
    elif route.table is UNKNOWN:
        route.unknown["table"] = _cause(attrs.get("route_table_id"), inst, "route_table_id", ident=True)
        if (place := inst.mark_at("route_table_id")) is not None:
            route.marks["table"] = place
    destinations = ("destination_cidr_block", "destination_ipv6_cidr_block", "destination_prefix_list_id")
    _route_fields(m, route, attrs, destinations, inst)
    # on a known table, a route that may exist; elsewhere, one any table may get (a route to a partner's
    # range, which no rule reads, changes nothing)
    if _read_route(route):
        what = f"may get a route from {route.id}, whose route table"
        _open_unplaced(m, RouteTable, inst, "route_table_id", route.table, what)
        if route.table is UNKNOWN:  # (one of an unknown count too: that it may exist keeps the table unknown)
            _may_be_main(m, route, inst)


def _nats_here(m: Mapper, inst: Instance, named: list[Link]) -> Sequence[Resource]:
    """The NAT gateways a route whose target a lookup gives may go to: any of the run's in the region the route
    deploys to; none where every lookup it names looks in another region (their ids name nothing there)."""
    if not m.template.regions:
        return m.nat_gateways()
    here = _region_at(m, inst.address)
    looks = [_region_at(m, link.address) for link in named if _lookup_type(link.address) is not None]
    if looks and all(_apart(there, here) for there in looks):
        return []
    return [nat for nat in m.nat_gateways() if not _apart(region_of(nat), here)]


def _may_be_main(m: Mapper, route: Route, inst: Instance) -> None:
    """A route on a table an aws_route_table(s) lookup finds may be on a VPC's main table, which no file names (the
    common way to give it ::/0: `filter { name = "association.main" … }`), unless the lookup rules it out
    (`_main_lookup`); so may one on a root variable without a value (`_main_variable`). Which VPC: the route
    target's, else the lookup's `vpc_id`'s, else any."""
    in_vpc = aws.vpc_of_target(route.target)
    found = _main_lookup(m, inst, "route_table_id", in_vpc) or _main_variable(inst, in_vpc, "route_table_id")
    if found is not None:
        m.maybe_main.append((route, *found))


def _main_variable(inst: Instance, in_vpc: Vpc | None, *path: Any) -> tuple[str, list[Vpc]] | None:
    """Where a route table id written as a root variable without a value (`causes.unset_root`: directly, through
    a local, a list element or a module's input) comes from, and the VPCs whose main table it may be (`in_vpc`, the
    one AWS accepts the route or endpoint in; empty: any): the run passes it, which may be the id of a VPC's main
    table, as a CloudFormation parameter without a Default may. A table of the run, which has an address a file
    would name, it is not (`_open_unplaced`); a value a var file or a default gives is decided (RULES.md: a default
    never names a resource). None where the argument is no such variable."""
    name = inst.unset_root(*path)
    if name is None:
        return None
    where = (
        f"comes from root variable `{name}`, which has no value in this run (give it the table's id in a .tfvars "
        f"file or with --var {name}=…)"
    )
    return where, [in_vpc] if in_vpc is not None else []


def _main_lookup(m: Mapper, inst: Instance, key: str, in_vpc: Vpc | None) -> tuple[str, list[Vpc]] | None:
    """Where the table(s) argument `key` reads from an aws_route_table(s) lookup comes from ("is looked up by data
    source …") and the VPCs whose main table it may be (empty: any), unless the lookup's arguments rule a main table
    out: `association.main = false`, or a `subnet_id` (the main table is found by a subnet only where the subnet
    has no explicit association: any subnet_id rules it out only where that subnet of the run has one), or only
    VPCs other than `in_vpc`, the one AWS accepts the route or endpoint in."""
    found = _looked_up(inst, key, *_LOOKUPS[RouteTable])
    lookup = m.by_address.get(found) if found is not None else None
    if lookup is None or _apart(_region_at(m, lookup.address), _region_at(m, inst.address)):
        return None  # (a lookup of another region names no table where the route or endpoint is)
    # (the representative of an unknown count or for_each: what it knows, no `count.index` or `each` in it, each
    # instance has)
    attrs = lookup.attrs if isinstance(lookup.attrs, dict) else {}
    written = attrs.get("filter")
    filters = [f for f in written if isinstance(f, dict)] if isinstance(written, list) else []
    for f in filters:
        values = f.get("values")
        if (
            f.get("name") == "association.main"
            and isinstance(values, list)
            and values
            and all(str(v).lower() == "false" for v in values)
        ):
            return None
    subnets: list[Any] = [attrs.get("subnet_id")] if attrs.get("subnet_id") is not None else []
    subnets += [v for f in filters if f.get("name") == "association.subnet-id" for v in f.get("values") or ()]
    for subnet in subnets:
        if isinstance(found_subnet := m.ref(subnet), Subnet) and _associated(m, found_subnet):
            return None
    asked = [attrs.get("vpc_id")] + [v for f in filters if f.get("name") == "vpc-id" for v in f.get("values") or ()]
    named = [m.ref(v) for v in asked if v is not None]
    vpcs = [v for v in named if isinstance(v, Vpc)]
    vpcs = vpcs if len(vpcs) == len(named) else []  # (one it cannot know: any VPC)
    if in_vpc is not None:
        if vpcs and not any(v is in_vpc for v in vpcs):
            return None  # (the lookup finds only another VPC's tables, where AWS rejects a route to this target)
        vpcs = [in_vpc]
    return f"is looked up by data source `{found}`, which may find any table", vpcs


def _associated(m: Mapper, subnet: Subnet) -> bool:
    """Whether an aws_route_table_association of the run names `subnet` (then no lookup by it finds a main table)."""
    return any(
        inst.type == "aws_route_table_association"
        and isinstance(inst.attrs, dict)
        and any(link.address == subnet.id for link in links(inst.attrs.get("subnet_id")))
        for inst in m.instances
    )


def _maybe_on_main(m: Mapper) -> None:
    """The main table of each VPC a route on a looked-up table may be on (`_may_be_main`), once the main tables
    AWS makes are there: what it holds cannot be known, so W9610 does not say it has local routes only. A gateway
    endpoint whose route_table_ids such a lookup (or a root variable without a value) gives, or that an
    aws_vpc_endpoint_route_table_association puts on one, may be on it (`VpcEndpoint.may_be_on`: W9630 asks that
    alone), as CloudFormation's are."""
    for ep, inst in m.maybe_main_associations:
        in_vpc = ep.vpc if isinstance(ep.vpc, Vpc) else None
        found = _main_lookup(m, inst, "route_table_id", in_vpc) or _main_variable(inst, in_vpc, "route_table_id")
        if found is not None:
            m.maybe_main_endpoints.append((ep, f"{inst.address} adds, and that {found[0]}", found[1]))
    if not m.maybe_main and not m.maybe_main_endpoints:
        return
    mains = [t for t in [*m.objects.values(), *m.extra] if isinstance(t, RouteTable) and t.main]
    aws.on_mains_maybe(mains, m.maybe_main, m.maybe_main_endpoints)


def _open_possible(
    m: Mapper, inst: Instance, because: str, kind: type[Resource] = RouteTable, key: str | None = None
) -> None:
    """Open the route tables (`kind`: the subnets, security groups, ACLs) that a route, association or rule whose
    `route_table_id` (`subnet_id` for Subnet, else `key`) cannot be known may name: those of the blocks whose ids
    alone it may hold (`Instance.placing_blocks`: `aws_route_table.public[count.index].id` is one of the public
    tables, never a private one, or Terraform fails), or every one where it may hold another id (a variable's)."""
    blocks = inst.placing_blocks(key or ("subnet_id" if kind is Subnet else "route_table_id"))
    if blocks is None:
        m.open(kind, because)
        return
    for address in blocks:
        for found in m.block(address):
            if isinstance(found, kind):
                m.template.opens(found.id, because)


#: The resource types whose `id` is a route table's, a security group's or a network ACL's.
_OWN_IDS: dict[type[Resource], tuple[str, ...]] = {
    RouteTable: types_whose_id_is("route_table"),
    SecurityGroup: types_whose_id_is("security_group"),
    NetworkAcl: types_whose_id_is("network_acl"),
}


def _open_rejected(m: Mapper, kind: type[Resource], inst: Instance, key: str, bad: Rejected, because: str) -> None:
    """Open what a route, egress rule or ACL rule on a reference Terraform rejects may be on: those of the module
    whose output it names, or of its own module of the type it names (`Rejected.within`), and what else the argument
    may name; every one of the run's where what it stands for may come from anywhere."""
    within = bad.within
    if within is None or any(kind_of and kind_of not in _OWN_IDS[kind] for _, kind_of in within):
        m.open(kind, because)
        return
    for res in m.objects.values():
        if isinstance(res, kind) and any(
            res.id.startswith(prefix) and (not kind_of or res.id[len(prefix) :].startswith(f"{kind_of}."))
            for prefix, kind_of in within
        ):
            m.template.opens(res.id, because)
    for link in inst.referenced(key):
        if isinstance(found := m.objects.get(link.address), kind):
            m.template.opens(found.id, because)


def _open_named(
    m: Mapper, inst: Instance, because: str, kind: type[Resource] = RouteTable, key: str = "route_table_id"
) -> None:
    """Open each route table (`kind`) of the run that the unknown argument `key` may name: one of them gets what
    `inst` adds (a variable's names none of the run's, as a CloudFormation parameter's). A VPC's attribute names its
    default one (`aws_vpc.main.default_network_acl_id`, as `Mapper.ref` reads it), and only that; none of another
    region than `inst` (`here_only`)."""
    here = _region_at(m, inst.address) if m.template.regions else None
    for link in inst.referenced(key):
        if _apart(_region_at(m, link.address), here):
            continue
        found = m.objects.get(link.address)
        if isinstance(found, Vpc):
            found = m.ref(link)
        if isinstance(found, kind):
            m.template.opens(found.id, because)


def _propagation(m: Mapper, route: Route, inst: Instance) -> None:
    """`aws_vpn_gateway_route_propagation`: a route whose destination only the gateway's peers decide."""
    attrs = inst.attrs
    route.table = m.ref(attrs.get("route_table_id"))
    route.destination, route.target_kind = UNKNOWN, "vgw"
    route.marks["destination"] = inst.mark("vpn_gateway_id")
    _propagated(m, route, attrs.get("vpn_gateway_id"), inst, "vpn_gateway_id")


def _propagated(m: Mapper, route: Route, gateway: Any, inst: Instance, key: str) -> None:
    route.target = m.ref(gateway)
    if isinstance(gateway, (Link, str)) and gateway:
        name = f"virtual private gateway {gateway.address if isinstance(gateway, Link) else gateway}"
    else:
        name = f"the virtual private gateway of {inst.address}.{key}"
    route.unknown["destination"] = aws.propagated(name)


#: The destinations the rules read (default routes, NAT64), or one that cannot be known.
_READ_ROUTES = ("0.0.0.0/0", "::/0", "64:ff9b::/96", UNKNOWN)


def _read_route(route: Route) -> bool:
    return route.destination in _READ_ROUTES or route.ipv6_default


def _association(m: Mapper, assoc: RouteTableAssociation, inst: Instance) -> None:
    attrs = inst.attrs
    assoc.subnet = m.ref(attrs.get("subnet_id"))
    assoc.table = m.ref(attrs.get("route_table_id"))
    if assoc.table is UNKNOWN:
        assoc.unknown["table"] = _cause(attrs.get("route_table_id"), inst, "route_table_id", ident=True)
        _table_choices(m, assoc, inst)
        if not assoc.tables and (table := _listed_table(m, inst)) is not None:
            assoc.table = table  # (one of a block's tables of an unknown count, whichever the index picks)
            del assoc.unknown["table"]
    subnet_id = attrs.get("subnet_id")
    paired = isinstance(assoc.subnet, Subnet) and isinstance(assoc.table, RouteTable)
    if inst.alike and _alike_ref(subnet_id) and paired:
        pass  # each instance of an unknown count (at least one) on the table of its position, or one table for all
    elif inst.unknown_count and (counted := _paired_subnet(m, assoc.subnet, inst)) is not None:
        # one for each subnet of a block, the one at its own position (`count = length(aws_subnet.private)`,
        # `subnet_id = aws_subnet.private[count.index].id`): those subnets, the representative of their unknown
        # count, are on its table, and no other subnet is. It exists with each of them, whatever their number (not
        # "in a number of instances": the subnets are that number). Its table, where it cannot be known, is any,
        # unless named by that position in a block of tables of an unknown count too
        # (`aws_route_table.private[count.index].id`): one of those, their representative
        assoc.subnet = counted
        assoc.conditional = False
        assoc.unknown.pop("condition", None)  # (an unknown count at least one has none)
        if not isinstance(assoc.table, RouteTable) and (table := _paired_table(m, inst)) is not None:
            assoc.table = table
            del assoc.unknown["table"]
        elif not isinstance(assoc.table, RouteTable) and not assoc.tables:
            _open_possible(
                m, inst, f"may be associated by {assoc.id}, whose count {inst.cause('count') or 'cannot be known'}"
            )
    elif inst.unknown_count:  # any number of them: any subnet its `subnet_id` may name may be on any such table
        number = inst.cause("count") or "cannot be known"
        because = f"may be associated by {assoc.id}, whose count {number}"
        _open_possible(m, inst, because, Subnet)
        if assoc.tables:  # (one of those, whichever: no other table, but any subnet may be on them)
            for choice in assoc.tables:
                m.template.opens(choice.id, because)
        elif not (isinstance(assoc.table, RouteTable) and inst.one_of("route_table_id")):
            _open_possible(m, inst, because)  # (a table of a block it is one of names it: `subnets_using` says so)
        if assoc.subnet is UNKNOWN:  # (--explain says why, as of any association's subnet: not "from the files")
            mine = f"is one of its instances, whose number {number}"
            assoc.unknown["subnet"] = _cause(subnet_id, inst, "subnet_id", ident=True) or mine
            assoc.marks["subnet"] = inst.mark("subnet_id")
    elif assoc.subnet is UNKNOWN and not isinstance(subnet_id, (str, Link, Partial)):
        # a subnet id that cannot be known: one of the subnets its expression names (`element(aws_subnet.a[*].id,
        # var.i)`), which then may not be on the main table; else one from outside the run (a variable), as a
        # CloudFormation parameter's. Either way its table has a subnet that cannot be known (`subnets_using`).
        assoc.candidates = m.among(inst.referenced("subnet_id"), Subnet)
        if not assoc.candidates and subnet_id is PRESENT and m.template.format == "terraform-plan":
            # a plan's subnet id known only after apply is one this apply makes (a variable's would be known), but
            # `each.value` of a `for_each` over a local, or a `local`, hides which: any subnet it makes may be it
            assoc.candidates = m.made_subnets()
        assoc.unknown["subnet"] = _cause(subnet_id, inst, "subnet_id", ident=True)
        assoc.marks["subnet"] = inst.mark("subnet_id")


def _paired_subnet(m: Mapper, subnet: Any, inst: Instance) -> Subnet | None:
    """For an association of an unknown count whose subnet cannot be known, written as the subnet of its own position
    in a block of subnets of that count (`Instance.paired`), that block's representative (`aws_subnet.private[*]`, of
    an unknown count too); else None."""
    address = inst.paired("subnet_id") if subnet is UNKNOWN else None
    found = m.objects.get(f"{address}[*]") if address is not None else None
    return found if isinstance(found, Subnet) else None


def _paired_table(m: Mapper, inst: Instance) -> RouteTable | None:
    """For an association `_paired_subnet` places, whose table cannot be known, written as the table of its own
    position in a block of tables of an unknown count (`route_table_id = aws_route_table.private[count.index].id`,
    `Instance.paired` beside its count), that block's representative (`aws_route_table.private[*]`); else None."""
    address = inst.paired("route_table_id", beside=True)
    found = m.objects.get(f"{address}[*]") if address is not None else None
    return found if isinstance(found, RouteTable) else None


def _listed_table(m: Mapper, inst: Instance) -> RouteTable | None:
    """For an association whose table cannot be known, written as one of a block of tables of an unknown count,
    whatever the index (`route_table_id = element(aws_route_table.private[*].id, var.single_nat_gateway ? 0 :
    count.index)`, `Instance.one_of`), that block's representative (`aws_route_table.private[*]`): what it says holds
    for each of them (an empty block fails the plan); else None."""
    address = inst.one_of("route_table_id")
    found = m.objects.get(f"{address}[*]") if address is not None else None
    return found if isinstance(found, RouteTable) else None


def _table_choices(m: Mapper, assoc: RouteTableAssociation, inst: Instance) -> None:
    """An association whose table cannot be known: where it is one of some route tables (`var.c ? aws_route_table.a.id
    : aws_route_table.b.id`), those (`assoc.tables`). Where it may also be one this run does not show (`var.c ?
    aws_route_table.a.id : var.shared`), it is none of them for the rules, and --explain says so after why its table
    cannot be known: what `a` says of the subnet decides nothing until the condition (or index) picks it (as
    CloudFormation's `!If [C, !Ref A, !Ref Param]`)."""
    missing: list[str] = []
    found = inst.chosen("route_table_id", missing=missing)
    if found is None and missing:  # (more than lambda6lint weighs: said after why it cannot be known)
        assoc.unknown["table"] += f"; {missing[0]}"
    tables = list(dict.fromkeys(m.ref(link) for link in found or ()))
    if not tables or not all(isinstance(table, RouteTable) for table in tables):
        return
    if not missing:
        assoc.tables = tables
        return
    assoc.unknown["table"] += aws.some_tables_unseen(tables, missing)


def _alike_ref(value: Any) -> bool:
    """A reference to the representative of an unknown count that is at least one (`Alike`): in an instance of
    the same count, the instance at the same position (`aws_subnet.private[count.index].id`)."""
    return isinstance(value, Link) and value.address.endswith("[*]")


def _main_association(m: Mapper, res: Resource, inst: Instance) -> None:
    vpc = m.ref(inst.attrs.get("vpc_id"))
    table = m.ref(inst.attrs.get("route_table_id"))
    if isinstance(table, RouteTable):
        table.main = True
        if not isinstance(table.vpc, Vpc):
            table.vpc = vpc
        m.reassigned.add(id(table.vpc))
    elif not isinstance(vpc, Vpc):
        m.open(Subnet)  # some VPC's main table changed: unassociated subnets cannot be placed
    else:
        # a table we cannot see, named by the reference that would give it ("route table X.route_table_id" reads as
        # English where messages say "route table <name>"): its routes are unknown, and why its id is (RULES.md "What
        # could not be decided")
        placeholder = RouteTable(
            id=f"{res.id}.route_table_id",
            type=inst.type,
            template=m.template,
            location=res.location,
            vpc=vpc,
            main=True,
        )
        cause = _cause(inst.attrs.get("route_table_id"), inst, "route_table_id", ident=True) or "cannot be known"
        because = f"is made the VPC's main route table by {res.id}, whose route_table_id {cause}"
        m.template.opens(placeholder.id, because)
        m.extra.append(placeholder)
        m.reassigned.add(id(vpc))


def _setting(attrs: Any, name: str) -> object:
    """What `aws.egress_host` reads of a resource's arguments, only for a load balancer or a VPC endpoint."""
    return _internal(attrs) if name == aws.INTERNAL else _endpoint_type(attrs)


def _internal(attrs: Any) -> bool | None:
    """A load balancer's `internal` argument (None when unknown)."""
    value = attrs.get("internal") if isinstance(attrs, dict) else None
    return False if value is None else boolean(value)


def _endpoint_type(attrs: Any) -> object:
    """A VPC endpoint's `vpc_endpoint_type` ("Gateway" when not set)."""
    value = attrs.get("vpc_endpoint_type") if isinstance(attrs, dict) else UNKNOWN
    return "Gateway" if value is None else value


def _nat(m: Mapper, nat: NatGateway, inst: Instance) -> None:
    attrs = inst.attrs
    nat.subnet = m.ref(attrs.get("subnet_id"))
    nat.vpc = m.ref(attrs.get("vpc_id"))
    connectivity = attrs.get("connectivity_type")
    nat.public = None if not (connectivity is None or isinstance(connectivity, str)) else connectivity != "private"
    if nat.public is None:
        m.unknown(nat, "public", inst, "connectivity_type")
    nat.eip = m.ref(attrs.get("allocation_id"))
    if nat.eip is UNKNOWN and (eip := _listed_eip(m, inst)) is not None:
        nat.eip = eip  # (one of a block's Elastic IPs of an unknown count: `element(aws_eip.nat[*].id, count.index)`)
    mode = attrs.get("availability_mode")
    nat.regional = None if not (mode is None or isinstance(mode, str)) else mode == "regional"
    if nat.regional:
        zones = attrs.get("availability_zone_address")
        nat.zones = nat.addresses = None  # without zone addresses AWS expands and assigns them itself
        if isinstance(zones, list) and zones:
            nat.zones, nat.addresses = len(zones), 0
            for zone in zones:
                ids = zone.get("allocation_ids") if isinstance(zone, dict) else UNKNOWN
                if not isinstance(ids, list):
                    nat.addresses = None
                    break
                nat.eips += [m.ref(i) for i in ids]
                nat.addresses += len(ids)
        elif zones is UNKNOWN:
            nat.zones = nat.addresses = None
    else:
        secondary = attrs.get("secondary_allocation_ids")
        nat.eips = [nat.eip] if nat.eip is not None else []
        if isinstance(secondary, list):
            nat.eips += [m.ref(i) for i in secondary]
        nat.addresses = len(nat.eips) if secondary is None or isinstance(secondary, list) else None
    if nat.public is False:
        nat.addresses = 0
    counted = nat.key is not None or inst.unknown_count  # (one instance of an unknown count stands for them)
    nat.group = nat.block.removesuffix("[*]") if counted else None
    if inst.switch is not None and "step:remove-nat" not in nat.hints:  # (a module model's says its input)
        step, aside = switch_off(inst.switch)
        nat.hints.update({"step:remove-nat": step, "remove_nat": f" ({aside})", SWITCHED: inst.switch.count})


def switch_off(switch: Switch) -> tuple[str, str]:
    """How a NAT gateway whose count is a switch goes (the plan's change; W9650's and I9651's aside): that switch
    turned off where its value is set (the block stays, with what names it under the same switch); where a plan
    tells only what its count reads, said as that, beside removing it."""
    value = "true" if switch.off else "false"
    where = switch.source
    if switch.local:
        how = f"make local `{switch.name}` {value} in {where}"
    elif where is None:
        how = f"set `{switch.name}` to {value} where its value is set"
    elif where.startswith((causes.CALL_INPUT, causes.CALL_DEFAULT)):
        call = where.removeprefix(causes.CALL_INPUT).removeprefix(causes.CALL_DEFAULT)
        how = f"set input `{switch.name}` = {value} on {call}"
    elif where == "--var":
        how = f"set variable `{switch.name}` to {value} (it is set by --var)"
    elif where in (causes.PLAN_PASSED, causes.PLAN_DEFAULT):  # (a plan's value: wherever its maker gave it)
        how = (
            f"set variable `{switch.name}` to {value} where this plan's value of it comes from "
            f"({causes.plan_gave(switch.name, where)})"
        )
    else:
        how = (
            f"set `{switch.name}` = {value} in {where}"
            if where
            else f"set the default of variable `{switch.name}` to {value}, and its value wherever else your "
            f"pipeline sets it (a -var-file, TF_VAR_{switch.name})"
        )
    if switch.zero:  # (a count of its own that cannot be known: the representative stands for each of them)
        how = f"make their count `{switch.count}` 0: {switch.zero}; or remove their resource block"
        return how, how
    if not switch.count:  # (a plan's configuration records a count's references, not how it uses them)
        reads = f"its count, which reads `var.{switch.name}` alone ({'false' if switch.off else 'true'} in this plan),"
        return f"remove it; or, if {reads} is a switch, {how} instead", f"or, if {reads} is a switch, {how} instead"
    how += f", which turns off its count `{switch.count}`"
    return how, how


def _egress_only_gateway(m: Mapper, gateway: EgressOnlyInternetGateway, inst: Instance) -> None:
    gateway.vpc = m.ref(inst.attrs.get("vpc_id"))


def _endpoint(m: Mapper, ep: VpcEndpoint, inst: Instance) -> None:
    attrs = inst.attrs
    ep.vpc = m.ref(attrs.get("vpc_id"))
    name = attrs.get("service_name")
    name = name.text if isinstance(name, Partial) else name  # com.amazonaws.${region}.s3
    ep.service = netvalues.endpoint_service(name, HOLE)
    if ep.service is None:
        m.unknown(ep, "service", inst, "service_name")
    kind = attrs.get("vpc_endpoint_type")
    known = kind is None or isinstance(kind, str)
    ep.gateway = None if not known else (not _set(kind) or str(kind).lower() == "gateway")
    if ep.gateway is None:
        m.unknown(ep, "gateway", inst, "vpc_endpoint_type")
    dns = attrs.get("private_dns_enabled")
    ep.private_dns = False if dns is None else boolean(dns)  # (the provider's default: false)
    if ep.private_dns is None:
        m.unknown(ep, "private_dns", inst, "private_dns_enabled")
    associated = ep.route_tables  # (what aws_vpc_endpoint_route_table_associations read before it gave it)
    ep.route_tables = m.members(inst, attrs.get("route_table_ids"), "route_table_ids", owner=ep, fact="route_tables")
    if associated is UNKNOWN:
        ep.route_tables = UNKNOWN
    elif isinstance(ep.route_tables, list):
        ep.route_tables = [*ep.route_tables, *associated]
    if (
        isinstance(ep.route_tables, list)
        and any(member.target is UNKNOWN for member in ep.route_tables)
        and not inst.unknown_count
        and (found := _main_lookup(m, inst, "route_table_ids", ep.vpc if isinstance(ep.vpc, Vpc) else None))
    ):
        m.maybe_main_endpoints.append((ep, *found))  # (a main table it may be on: `_maybe_on_main`)
    elif isinstance(ep.route_tables, list) and isinstance(ids := attrs.get("route_table_ids"), list):
        in_vpc = ep.vpc if isinstance(ep.vpc, Vpc) else None
        for i, item in enumerate(ids) if not inst.unknown_count else ():
            if m.ref(item) is UNKNOWN and (found := _main_variable(inst, in_vpc, "route_table_ids", i)) is not None:
                m.maybe_main_endpoints.append((ep, *found))
                break
    if not written(inst, "route_table_ids") and attrs.get("route_table_ids"):  # (others' associations: kept)
        ep.hints["endpoint_tables"] = (
            "an aws_vpc_endpoint_route_table_association (its route_table_ids come from associations this "
            "configuration does not write: writing them would remove those)"
        )


def _endpoint_association(m: Mapper, res: Resource, inst: Instance) -> None:
    ep = m.ref(inst.attrs.get("vpc_endpoint_id"))
    table = m.ref(inst.attrs.get("route_table_id"))
    if inst.attrs.get("route_table_id") is PRESENT:  # (a plan's `each.value.id`: a table made in the same apply)
        m.open(RouteTable, f"may get an endpoint from {res.id}, whose route table is known only after apply")
    elif isinstance(ep, VpcEndpoint) and isinstance(ep.route_tables, list):
        if inst.unknown_count and not isinstance(table, RouteTable):
            # any number of them, each on a table that cannot be known (`each.value` of a for_each over the
            # tables' ids): the endpoint may be on any table
            ep.route_tables = UNKNOWN
            ep.unknown["route_tables"] = f"may be added to by {res.id}, whose count and route table cannot be known"
        else:
            ep.route_tables.append(Member(table, res.location))
            if table is UNKNOWN:  # (one of the tables its expression names, each of which may get it)
                _open_named(m, inst, f"may get an endpoint from {res.id}, whose route table cannot be known")
                if not inst.unknown_count:
                    m.maybe_main_associations.append((ep, inst))  # (a main table, which no file names: a lookup's)
    elif ep is UNKNOWN or inst.unknown_count:
        m.open(RouteTable)


def _acl_rule(
    body: dict, egress: Any, location: Any, number_key: str, action_key: str, own: OwnBlock | None
) -> AclEntry:
    """One ACL rule: an inline `ingress`/`egress` block or an aws_network_acl_rule; `own`: the VPC's (subnet's)
    whose own IPv6 block its `ipv6_cidr_block` is written as (`Mapper.own_block`)."""
    number = body.get(number_key)
    action = body.get(action_key)
    protocol = aws.acl_protocol(body.get("protocol"))
    ipv6 = body.get("ipv6_cidr_block")
    if ipv6 in (None, ""):
        ipv6 = None  # an IPv4 rule
    elif not isinstance(ipv6, str):
        ipv6 = own or UNKNOWN
    if isinstance(number, str):
        number = netvalues.whole_number(number)
    return AclEntry(  # (the caller says why a field is unknown: `_acl_cause`)
        number=number if isinstance(number, int) and not isinstance(number, bool) else UNKNOWN,
        egress=egress if isinstance(egress, bool) else UNKNOWN,
        allow=action.lower() == "allow" if isinstance(action, str) else UNKNOWN,
        protocol=protocol,
        ipv6=ipv6,
        ports=aws.acl_ports(protocol, body.get("from_port"), body.get("to_port")),
        location=location,
    )


def _network_acl(m: Mapper, network_acl: NetworkAcl, inst: Instance) -> None:
    attrs = inst.attrs
    if inst.type == "aws_default_network_acl":
        network_acl.default = True
        source = attrs.get("default_network_acl_id")
        owner = m.objects.get(source.address) if isinstance(source, Link) else None
        network_acl.vpc = owner if isinstance(owner, Vpc) else UNKNOWN
    else:
        network_acl.vpc = m.ref(attrs.get("vpc_id"))
    network_acl.subnets = m.members(inst, attrs.get("subnet_ids"), "subnet_ids")
    entries: list[AclEntry] = []
    for direction in ("egress", "ingress"):
        rules = attrs.get(direction)
        if rules is None and "imported" in inst.hints:  # no such argument: Terraform leaves the rules it has
            network_acl.entries = UNKNOWN
            network_acl.unknown["entries"] = "cannot be known: it " + _kept(inst, direction, "rules")
            return
        if rules is UNKNOWN or (rules is not None and not isinstance(rules, list)):
            network_acl.entries = UNKNOWN
            return
        for index, body in enumerate(rules or []):
            where = inst.mark(direction, index)
            if not isinstance(body, dict):
                network_acl.entries = UNKNOWN
                return
            own = m.own_block(inst.own_block(direction, index, "ipv6_cidr_block"))
            entries.append(_acl_rule(body, direction == "egress", where, "rule_no", "action", own))
            entries[-1].cause = _acl_cause(entries[-1], body, inst, direction, index)
            if written(inst, direction):  # (as a group's rules: a plan's the code does not write are others',
                network_acl.hints.setdefault("acl_ipv6", RULE_STYLES["acl_ipv6_inline"].format(type=inst.type))
            else:  # which blocks written here would replace: one more rule resource)
                network_acl.hints.setdefault("acl_ipv6", RULE_STYLES["acl_ipv6_aws_network_acl_rule"])
    network_acl.entries = entries


def _acl_cause(entry: AclEntry, body: dict, inst: Instance, *path: Any) -> str | None:
    """Why a rule's field cannot be known, said of its ACL: "has a rule whose ipv6_cidr_block comes from…"."""
    fields = {
        "rule_number" if "rule_number" in body else "rule_no": entry.number,
        "egress": entry.egress,
        "rule_action" if "rule_action" in body else "action": entry.allow,
        "protocol": entry.protocol,
        "ipv6_cidr_block": entry.ipv6,
        "from_port": entry.ports,
    }
    key = next((k for k, v in fields.items() if v is UNKNOWN), None)
    if key == "from_port" and (odd := aws.odd_ports(entry.protocol, body.get("from_port"), body.get("to_port"))):
        return f"has a rule whose port range (from_port to to_port) {odd}"
    return None if key is None else f"has a rule whose {key} " + (_cause(body.get(key), inst, *path, key) or "")


def _acl(m: Mapper, value: Any) -> Any:
    """A network ACL reference; a plan names the default ACL by its VPC only."""
    found = m.ref(value)
    return m.default_acl(found) if isinstance(found, Vpc) else found


def _acl_entry(m: Mapper, res: NetworkAclEntry, inst: Instance) -> None:
    attrs = inst.attrs
    res.acl = _acl(m, attrs.get("network_acl_id"))
    egress = attrs.get("egress")
    own = m.own_block(inst.own_block("ipv6_cidr_block"))
    res.entry = _acl_rule(
        attrs, False if egress is None else boolean(egress), res.location, "rule_number", "rule_action", own
    )
    res.entry.cause = _acl_cause(res.entry, attrs, inst)
    inline = RULE_STYLES["acl_ipv6_inline"].split("{", 1)[0]
    if isinstance(res.acl, NetworkAcl) and res.acl.hints.get("acl_ipv6", inline).startswith(inline):
        res.acl.hints["acl_ipv6"] = RULE_STYLES["acl_ipv6_aws_network_acl_rule"]  # (not a module's own advice)
    _open_unplaced(m, NetworkAcl, inst, "network_acl_id", res.acl, f"may get rule {res.id}, whose network ACL")


def _looked_up(inst: Instance, key: str, *types: str) -> str | None:
    """The data source of one of `types` that the argument `key`, which cannot be known, reads its id from: the
    lookup may find one the run makes (a module of rules beside a module of networks, `depends_on` it, as
    tylert/wireguard-terraform's `network_acl_id = join("", data.aws_network_acls.private.ids)`)."""
    for link in [*links(inst.attrs.get(key)), *inst.referenced(key)]:
        name = local_address(link.address)
        if name.startswith("data.") and name.split(".")[1] in types:
            return link.address
    return None


#: The data sources that look up route tables, security groups and network ACLs by their tags or filters.
_LOOKUPS: dict[type[Resource], tuple[str, ...]] = {
    RouteTable: ("aws_route_table", "aws_route_tables"),
    SecurityGroup: ("aws_security_group", "aws_security_groups"),
    NetworkAcl: ("aws_network_acls",),
}


def _open_looked_up(m: Mapper, kind: type[Resource], inst: Instance, key: str, what: str) -> bool:
    """Open the resources of `kind` that the data source the unknown argument `key` reads its id from may find
    (`what` … "is looked up by …"); False where no such lookup names it. Only those its own arguments leave
    possible: a lookup in another VPC of the run, or by tags or a name one of them does not carry, cannot find it."""
    found = _looked_up(inst, key, *_LOOKUPS[kind])
    if found is None:
        return False
    here = _region_at(m, inst.address)
    if _apart(_region_at(m, found), here):
        return True  # (its id names nothing where `inst` deploys: it is on none of the run's; its cause says why)
    because = f"{what} is looked up by data source `{found}`, which may find this one"
    if (kind, because) in m.opened:
        return True
    m.opened.add((kind, because))
    lookup = m.by_address.get(found)
    for res in m.objects.values():
        if isinstance(res, kind) and not _apart(region_of(res), here) and _may_find(m, lookup, res):
            m.template.opens(res.id, because + _tagged_by(m, lookup, res))
    return True


def _open_unplaced(m: Mapper, kind: type[Resource], inst: Instance, key: str, placed: Any, what: str) -> None:
    """Open what a standalone route or rule may be on where its `key` (`placed`, as `Mapper.ref` reads it) is no
    `kind` of the run: where its count cannot be known, those of the blocks whose ids alone it may hold (each one
    where it may hold another); each one where the id is known only after apply (a plan's: one made in the same
    apply, or looked up then); those the data source it reads the id from may find; each one where
    Terraform rejects the reference (most often a name mistyped for one of them). A variable's names none of the
    run's (as a CloudFormation parameter's); where it may name some of them (`var.on ? … : …`), each of those.
    A known null (`false ? data.….id : null`) is on none, whatever the branch not taken names: Terraform rejects
    the child at plan, and a `count` that leaves it out is its fix. `what`: the child and its parent's noun ("may get
    rule x, whose network ACL"). test_terraform_placement pins the three kinds side by side. An id of another
    region (`here_only`) names none."""
    if isinstance(inst.attrs.get(key), Elsewhere):
        return
    if inst.unknown_count and not isinstance(placed, kind):
        # (only those of the blocks whose ids alone it may hold, where it names some)
        _open_possible(m, inst, f"{what.replace(', whose ', ', whose count and ', 1)} cannot be known", kind, key)
    elif (known_later := inst.attrs.get(key) is PRESENT) or placed is UNKNOWN:
        if _open_looked_up(m, kind, inst, key, what):
            pass  # (a plan's read at apply, as its configuration writes it; a known null beside one is on none)
        elif known_later:
            m.open(kind, f"{what} is known only after apply")
        elif bad := inst.rejected(key):
            _open_rejected(m, kind, inst, key, bad, f"{what} cannot be known: {bad.said}")
        else:
            # one of those its expression may name (`var.on ? aws_route_table.private[0].id : …`), each of which
            # may get it
            _open_named(m, inst, f"{what} cannot be known", kind, key)


def _tagged_by(m: Mapper, lookup: Instance | None, res: Resource) -> str:
    """Where a lookup may find `res` only through the tags the run's aws_ec2_tags may give it, those that may: named
    with their place, " by the tag that `aws_ec2_tag.public` (main.tf:40) may give it", what a user changes (or
    the resource's own tags) to decide it; "" where its own tags already fit, or decide nothing."""
    if m.ec2_tags and not _may_find(m, lookup, res, ec2=[]):
        given = _ec2_tags_of(m, res)
        alone = [inst for inst in given if _may_find(m, lookup, res, ec2=[inst])]  # (not one of a key not asked for)
        tags = [f"`{inst.address}` ({inst.location.path}:{inst.location.line})" for inst in alone or given]
        return f" by the {'tag' if len(tags) == 1 else 'tags'} that {', '.join(tags)} may give it" if tags else ""
    # (the providers' default_tags: where its own tags, and the aws_ec2_tags', would not fit)
    providers = (m.tagging.get(res.id),) if isinstance(m.tagging, dict) else m.tagging
    if not any(providers) or _may_find(m, lookup, res, own_tags=True):
        return ""
    named = [p for p in providers if p]
    return f" by the tags that {' or '.join(named)} may give it"


def _may_find(
    m: Mapper, lookup: Instance | None, res: Resource, ec2: list[Instance] | None = None, own_tags: bool = False
) -> bool:
    """Whether the lookup may find `res`: False only where its own arguments decide it cannot (its `vpc_id` or a
    `vpc-id` filter names other VPCs of the run; its `tags`, a `tag:` filter or a security group's `name` asks for
    what `res`'s code does not write); anything undecided may. `ec2`: the aws_ec2_tags that may tag it, where not
    all of the run's that may; `own_tags`: as if no provider's default_tags gave it any (`_tagged_by`)."""
    if lookup is not None and _apart(_region_at(m, lookup.address), region_of(res)):
        return False  # (a lookup finds only what is in the region it looks in: AWS provider 6's `region`)
    attrs = lookup.attrs if lookup is not None and not lookup.unknown_count else None
    if not isinstance(attrs, dict):
        return True
    filters = (
        [f for f in attrs.get("filter") or () if isinstance(f, dict)] if isinstance(attrs.get("filter"), list) else []
    )
    own = m.by_address.get(res.id)
    written = own.attrs if own is not None and own.rejecting is not None and isinstance(own.attrs, dict) else None
    # (a plan's resource: every tag it will have, its provider's default_tags among them, where the plan knows them)
    planned = own.attrs.get("tags_all") if own is not None and written is None and isinstance(own.attrs, dict) else None
    if own_tags and isinstance(planned, dict) and own is not None:
        mine = own.attrs.get("tags")  # (its own, the default_tags left out; null: none)
        planned = {} if mine is None else mine if isinstance(mine, dict) else None
    vpc = getattr(res, "vpc", None)
    if not isinstance(vpc, Vpc) and written is not None:
        vpc = m.ref(written.get("vpc_id"))
    if isinstance(vpc, Vpc):
        asked: list[Any] = [[attrs.get("vpc_id")]] if attrs.get("vpc_id") is not None else []
        asked += [f.get("values") for f in filters if f.get("name") == "vpc-id"]
        for vpcs in asked:
            named = [m.ref(v) for v in vpcs] if isinstance(vpcs, list) and vpcs else [UNKNOWN]
            if all(isinstance(v, Vpc) for v in named) and not any(v is vpc for v in named):
                return False
    if written is None and not isinstance(planned, dict):
        return True  # (a module model's resource, or a plan's whose tags are known only after apply)
    tags = (written.get("tags") or {}) if written is not None else planned
    given = _tagged(_ec2_tags_of(m, res) if ec2 is None else ec2)
    if isinstance(tags, dict) and (planned is not None or not m.provider_tags or own_tags) and given is not None:
        # (default_tags may give what the code writes any tag; a plan's tags_all holds them)
        sets = [tags, *({**tags, key: value} for key, value in given)]  # (its code's value, or an aws_ec2_tag's)
        wanted = attrs.get("tags")
        for name, value in wanted.items() if isinstance(wanted, dict) else ():  # (tag: filters: `*`, `?` match)
            if isinstance(value, str) and all(_lacks(t, name, [value], fnmatch=True) for t in sets):
                return False
        for f in filters:
            name = f.get("name")
            values = f.get("values")
            if (
                isinstance(name, str)
                and name.startswith("tag:")
                and all(_lacks(t, name[4:], values, True) for t in sets)
            ):
                return False
    if res.type == "aws_security_group":
        names: list[Any] = [[attrs.get("name")]] if attrs.get("name") is not None else []
        names += [f.get("values") for f in filters if f.get("name") == "group-name"]
        name = (written if written is not None else own.attrs if own is not None else {}).get("name")
        for patterns in names:
            if isinstance(name, str) and _lacks({"name": name}, "name", patterns, fnmatch=True):
                return False
    return True


def _tagged(tags: list[Instance]) -> list[tuple[str, Any]] | None:
    """The tags (key, value) aws_ec2_tags give; None where one may give any key (its key cannot be known)."""
    given: list[tuple[str, Any]] = []
    for inst in tags:
        attrs = inst.attrs if isinstance(inst.attrs, dict) else {}
        key = attrs.get("key")
        if not isinstance(key, str):
            return None
        given.append((key, attrs.get("value")))
    return given


def _ec2_tags_of(m: Mapper, res: Resource) -> list[Instance]:
    """The run's aws_ec2_tags that may tag `res`: not one whose `resource_id` names another resource of the run; one
    whose `resource_id` cannot be known may."""
    found = []
    for inst in m.ec2_tags:
        attrs = inst.attrs if isinstance(inst.attrs, dict) else {}
        named = attrs.get("resource_id")
        target = m.objects.get(named.address, UNKNOWN) if isinstance(named, Link) and named.attr == "id" else None
        if target is None or target is UNKNOWN:
            target = m.ref(named)
        if not (isinstance(target, Resource) and target is not res):
            found.append(inst)
    return found


def _lacks(tags: dict[str, Any], name: str, patterns: Any, fnmatch: bool) -> bool:
    """Whether known `tags` decide that tag `name` is none of `patterns` (a filter's values take `*` and `?`)."""
    if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) for p in patterns):
        return False
    if name not in tags:
        return True
    value = tags[name]
    if not isinstance(value, str):
        return False
    return not any(fnmatchcase(value, p.replace("[", "[[]")) if fnmatch else value == p for p in patterns)


def _acl_association(m: Mapper, assoc: NetworkAclAssociation, inst: Instance) -> None:
    assoc.subnet = m.ref(inst.attrs.get("subnet_id"))
    assoc.acl = _acl(m, inst.attrs.get("network_acl_id"))
    if assoc.acl is UNKNOWN:
        assoc.unknown["acl"] = _cause(inst.attrs.get("network_acl_id"), inst, "network_acl_id")
    if inst.unknown_count and (counted := _paired_subnet(m, assoc.subnet, inst)) is not None:
        assoc.subnet = counted  # (one for each of those subnets, at its own position: `_association`)
    elif inst.unknown_count or (assoc.subnet is UNKNOWN and inst.attrs.get("subnet_id") is UNKNOWN):
        m.open(Subnet)


def _ipv6_internet(m: Mapper, cidrs: Any, prefix_lists: Any, inst: Instance | None = None, *at: Any) -> bool | None:
    """Whether an egress rule lets IPv6 reach the internet (aws.ipv6_egress); `inst` and `at`: where its IPv6
    destinations are written, where one unknown may be written as a VPC's own block (not the internet)."""
    if cidrs is not UNKNOWN:
        listed = isinstance(cidrs, list)
        cidrs = cidrs if listed else [cidrs] if _set(cidrs) else []
        if inst is not None:
            cidrs = [
                aws.OWN_BLOCK
                if (cidr is UNKNOWN or cidr is PRESENT or isinstance(cidr, Link))
                and inst.own_block(*at, *((k,) if listed else ()))
                else cidr
                for k, cidr in enumerate(cidrs)
            ]
    if prefix_lists is UNKNOWN:
        return aws.ipv6_egress(cidrs, None)
    lists = prefix_lists if isinstance(prefix_lists, list) else [prefix_lists] if _set(prefix_lists) else []
    families = {_list_family(m, item) for item in lists}
    return aws.ipv6_egress(cidrs, True if "IPv6" in families else False if families <= {"IPv4"} else None)


def _unknown_lists(m: Mapper, prefix_lists: Any) -> list[str]:
    """The literal prefix list ids among `prefix_lists` whose address family the run cannot show."""
    lists = prefix_lists if isinstance(prefix_lists, list) else [prefix_lists]
    return [item for item in lists if isinstance(item, str) and _list_family(m, item) is None]


def _list_family(m: Mapper, item: Any, depth: int = 0) -> str | None:
    """A prefix list's address family where the run declares it, as the CloudFormation loader reads an
    AWS::EC2::PrefixList's AddressFamily: a managed prefix list's address_family, a gateway endpoint's own
    prefix list when the endpoint is IPv4 (it gets the service's IPv4 list: aws-facts, gateway endpoints), or
    a data source reading an AWS-managed list (`com.amazonaws.<region>.s3`) by name or by such an endpoint;
    in a plan, also by the id the data source read. None when the run cannot show it (a literal `pl-…`)."""
    inst = m.by_address.get(item.address) if isinstance(item, Link) else None
    inst = m.read_lists().get(item) if isinstance(item, str) else inst  # (a plan may hold anything there)
    attrs = inst.attrs if inst is not None and isinstance(inst.attrs, dict) else {}
    if inst is not None and inst.mode == "data":
        if attrs.get("address_family") in ("IPv4", "IPv6"):  # (a plan's data source, read)
            return str(attrs["address_family"])
        filters = attrs.get("filter")
        names = [attrs.get("name")] + [
            f.get("values")
            for f in (filters if isinstance(filters, list) else [])
            if isinstance(f, dict) and f.get("name") == "prefix-list-name"
        ]
        named = [n[0] if isinstance(n, list) and len(n) == 1 else n for n in names if n is not None]
        if named:  # (`com.amazonaws.${data.aws_region.current.name}.s3`: the region need not be known)
            texts = [n.text if isinstance(n, Partial) else n for n in named]
            families = {aws.aws_managed_prefix_list_family(t, HOLE) for t in texts}
            return families.pop() if len(families) == 1 else None
        source = attrs.get("prefix_list_id")
        return _list_family(m, source, 1) if depth == 0 and isinstance(source, Link) else None
    if inst is not None and inst.type == "aws_ec2_managed_prefix_list":
        family = attrs.get("address_family")
        return family if family in ("IPv4", "IPv6") else None
    if inst is not None and inst.type == "aws_vpc_endpoint":  # (named where a prefix list goes: its prefix_list_id)
        gateway = attrs.get("vpc_endpoint_type") in (None, "Gateway") and attrs.get("ip_address_type") in (None, "ipv4")
        return "IPv4" if gateway else None
    return None


def _security_group(m: Mapper, sg: SecurityGroup, inst: Instance) -> None:
    attrs = inst.attrs
    sg.vpc = m.ref(attrs.get("vpc_id"))
    egress = attrs.get("egress")
    if egress is None and "imported" in inst.hints:  # no `egress` argument: Terraform leaves the rules it has
        sg.egress = UNKNOWN
        sg.unknown["egress"] = "cannot be known: it " + _kept(inst, "egress", "rules")
        return
    if egress is UNKNOWN or (egress is not None and not isinstance(egress, list)):
        sg.egress = UNKNOWN
        m.unknown(sg, "egress", inst, "egress")
        return
    sg.egress = []  # Terraform removes AWS's default allow-all: no egress block, no egress (§6.2)
    if not written(inst, "egress") and egress:  # (a plan's egress the code does not write: rule resources or
        # another configuration made it; an egress block would replace it all, so one more rule resource)
        sg.hints.setdefault("sg_ipv6_https", RULE_STYLES["sg_ipv6_https_aws_vpc_security_group_egress_rule"])
    elif egress or (attrs.get("ingress") and written(inst, "ingress")):
        sg.hints.setdefault("sg_ipv6_https", RULE_STYLES["sg_ipv6_https_inline"])  # (one more inline rule: mixing
        # in rule resources conflicts)
    for index, rule in enumerate(egress or []):
        where = inst.mark("egress", index)
        if not isinstance(rule, dict):
            sg.egress.append(EgressRule(None, where))
            continue
        cidrs = rule.get("ipv6_cidr_blocks")
        verdict = _ipv6_internet(m, cidrs, rule.get("prefix_list_ids"), inst, "egress", index, "ipv6_cidr_blocks")
        tcp = aws.sg_tcp_ports(rule.get("protocol"), rule.get("from_port"), rule.get("to_port"))
        cause = _rule_cause(inst, rule, verdict, ("egress", index), "ipv6_cidr_blocks", "prefix_list_ids")
        cause = cause or _list_cause(m, verdict, rule.get("prefix_list_ids"))
        if verdict and tcp is UNKNOWN:
            cause = _rule_cause(inst, rule, None, ("egress", index), "protocol", "from_port", "to_port")
        sg.egress.append(EgressRule(verdict, where, cause, tcp, _ipv4_out(rule, "ipv6_cidr_blocks", _IPV4_KEYS)))


def _rule_cause(inst: Instance, rule: Any, verdict: bool | None, at: tuple[Any, ...], *arguments: str) -> str | None:
    """Why an egress rule's IPv6 destinations (or its ports) cannot be known (--explain): the first unknown
    argument's cause."""
    if verdict is not None or not isinstance(rule, dict):
        return None
    for argument in arguments:
        value = rule.get(argument)
        items = value if isinstance(value, list) else [value]
        if any(item is UNKNOWN or item is PRESENT for item in items) and (cause := inst.cause(*at, argument)):
            return f"has a rule whose {argument} {cause}"
    return None


def _list_cause(m: Mapper, verdict: bool | None, prefix_lists: Any) -> str | None:
    """Why an egress rule to a literal prefix list tells nothing of IPv6 (--explain)."""
    unknown = _unknown_lists(m, prefix_lists) if verdict is None and prefix_lists is not None else []
    if not unknown:
        return None
    return (
        f"has a rule to prefix list `{clipped(unknown[0])}`, whose ranges the files do not show (AWS's S3 and "
        "DynamoDB lists are IPv4): read it with a data source by name, or add an IPv6 rule, to decide it"
    )


def _kept(inst: Instance, argument: str, what: str) -> str:
    """Why what an adopted resource holds is not in the files (attributes-as-blocks: an argument left
    out keeps what AWS has, where a resource Terraform creates has none)."""
    adopted = "stands for an instance adopted" if inst.alike else "is adopted"
    return (
        f"{adopted} by the `import` block at {inst.hints['imported_at']}, with no `{argument}` argument: "
        f"Terraform keeps the {what} it already has"
    )


_GENERIC_SG = (None, RULE_STYLES["sg_ipv6_https_inline"])
#: What lets an egress rule reach IPv4 addresses beyond the VPC (`_ipv4_out`), inline or an aws_security_group_rule's.
_IPV4_KEYS = ("cidr_blocks", "prefix_list_ids", "security_groups", "source_security_group_id", "self")
_IPV4_RULE_KEYS = (
    "cidr_ipv4",
    "prefix_list_id",
    "referenced_security_group_id",
)  # (aws_vpc_security_group_egress_rule)


def _ipv4_out(rule: Any, ipv6: str, others: tuple[str, ...]) -> bool | None:
    """`EgressRule.ipv4`: False for a rule of IPv6 ranges alone (`ipv6` given, each of `others` surely unset), None
    (may) for any other: a prefix list or a group may hold IPv4 addresses beyond the VPC."""
    if not isinstance(rule, dict) or rule.get(ipv6) in (None, [], "") or rule.get(ipv6) is UNKNOWN:
        return None
    return False if all(rule.get(k) in (None, [], "", False) for k in others) else None


def _sg_rule(m: Mapper, rule: SecurityGroupEgress, inst: Instance) -> None:
    attrs = inst.attrs
    if not isinstance(rule, SecurityGroupEgress):
        return  # an ingress rule
    rule.group = m.ref(attrs.get("security_group_id"))
    if isinstance(rule.group, SecurityGroup) and rule.group.hints.get("sg_ipv6_https") in _GENERIC_SG:
        # the group's rules are resources of this kind: a fix adds one more (not a module's own advice)
        rule.group.hints["sg_ipv6_https"] = RULE_STYLES[f"sg_ipv6_https_{inst.type}"]
    if inst.type == "aws_vpc_security_group_egress_rule":
        verdict = _ipv6_internet(m, attrs.get("cidr_ipv6"), attrs.get("prefix_list_id"), inst, "cidr_ipv6")
    else:
        cidrs = attrs.get("ipv6_cidr_blocks")
        verdict = _ipv6_internet(m, cidrs, attrs.get("prefix_list_ids"), inst, "ipv6_cidr_blocks")
        if attrs.get("type") != "egress":
            verdict = None
    names = ("cidr_ipv6", "prefix_list_id") if inst.type == "aws_vpc_security_group_egress_rule" else ()
    cause = _rule_cause(inst, attrs, verdict, (), *(names or ("ipv6_cidr_blocks", "prefix_list_ids")))
    cause = cause or _list_cause(m, verdict, attrs.get("prefix_list_id" if names else "prefix_list_ids"))
    protocol = "ip_protocol" if names else "protocol"
    tcp = aws.sg_tcp_ports(attrs.get(protocol), attrs.get("from_port"), attrs.get("to_port"))
    if verdict and tcp is UNKNOWN:
        cause = _rule_cause(inst, attrs, None, (), protocol, "from_port", "to_port")
    kind = attrs.get("type", "egress")
    ipv4 = _ipv4_out(attrs, "cidr_ipv6", _IPV4_RULE_KEYS) if names else _ipv4_out(attrs, "ipv6_cidr_blocks", _IPV4_KEYS)
    ipv4 = False if kind == "ingress" else ipv4 if kind == "egress" else None
    rule.rule = EgressRule(verdict, rule.location, cause if kind == "egress" else None, tcp, ipv4)
    what = f"may get egress rule {rule.id}, whose security group"
    _open_unplaced(m, SecurityGroup, inst, "security_group_id", rule.group, what)


def _role(m: Mapper, role: Role, inst: Instance) -> None:
    attrs = inst.attrs
    policies = attrs.get("inline_policy")
    for index, policy in enumerate(policies if isinstance(policies, list) else []):
        if isinstance(policy, dict):
            role.actions += actions(m, role, inst, "inline_policy", index, "policy")
    arns = attrs.get("managed_policy_arns")
    if arns is not None and not isinstance(arns, list):
        m.unreadable(role, inst, ("managed_policy_arns",), "has managed policies that")
    for index, arn in enumerate(arns if isinstance(arns, list) else []):
        _attach(m, role, arn, inst, ("managed_policy_arns", index))


def _attach(m: Mapper, role: Role, arn: Any, inst: Instance, path: tuple[Any, ...]) -> None:
    attached = m.ref(arn)
    if isinstance(arn, Partial):  # `arn:${data.aws_partition.current.partition}:iam::aws:policy/…`
        arn = arn.text.replace(HOLE, "${…}")
    if isinstance(attached, Policy):
        role.attached.append(attached)
        return
    name, action = aws.managed_policy(arn)
    if name == aws.UNREADABLE:
        m.unreadable(role, inst, path, "has a managed policy whose ARN")
    elif name == aws.FOREIGN:
        m.unreadable(role, inst, path, f"has managed policy `{clipped(arn)}`, which is not in this run", caused=False)
    elif action:
        role.managed.append((action, name))


def _policy(m: Mapper, policy: Policy, inst: Instance) -> None:
    attrs = inst.attrs
    policy.actions = actions(m, policy, inst, "policy")
    if inst.type == "aws_iam_role_policy":
        policy.roles = [Member(m.ref(attrs.get("role")), inst.mark("role"))]


def _policy_attachment(m: Mapper, res: Resource, inst: Instance) -> None:
    attrs = inst.attrs
    roles = attrs.get("roles") if inst.type == "aws_iam_policy_attachment" else [attrs.get("role")]
    for item in roles if isinstance(roles, list) else []:
        role = m.ref(item)
        if isinstance(role, Role):
            _attach(m, role, attrs.get("policy_arn"), inst, ("policy_arn",))


def _alias(m: Mapper, alias: Alias, inst: Instance) -> None:
    version = inst.attrs.get("function_version")
    literal = inst.attrs.get("function_name")
    alias.function = m.ref(literal)
    if alias.function is UNKNOWN and isinstance(literal, str) and literal:
        functions = [i for i in m.instances if i.type == "aws_lambda_function" and isinstance(i.attrs, dict)]
        named = [i for i in functions if aws.names_function(literal, i.attrs.get("function_name"))]
        if not named:
            alias.function = None  # a function outside this module: no doubt on this module's own
        elif len(named) == 1 and all(isinstance(i.attrs.get("function_name"), str) for i in functions):
            alias.function = m.objects.get(named[0].address, UNKNOWN)  # this module's, by its written name
    if alias.function is UNKNOWN:
        m.unknown(alias, "function", inst, "function_name")
    if isinstance(version, str) and version.isascii() and version.isdecimal() and len(version) < 13:
        alias.pinned = version  # (a version published earlier, with the VPC settings it had then)
    if version == "$LATEST":
        alias.published = False
    elif isinstance(version, Link):
        # `aws_lambda_function.x.version`: a number only when the function publishes, else $LATEST
        source = m.by_address.get(version.address)
        if source is None or source.type != "aws_lambda_function" or not isinstance(source.attrs, dict):
            alias.published = None
        else:
            publish = source.attrs.get("publish")
            alias.published = False if publish is None else boolean(publish)
    elif not isinstance(version, str):
        alias.published = None
        m.unknown(alias, "version", inst, "function_version")
    alias.marks["version"] = inst.mark("function_version")


def _data_store(m: Mapper, store: DataStore, inst: Instance) -> None:
    store.service = aws.DATA_STORES[inst.type]


#: A plan's argument the provider computes (optional and computed) that the configuration does not write:
#: `UNWRITTEN + "route"`. Its value is what the resource has as deployed (a table's routes, a group's rules, an
#: endpoint's tables made by other configurations), so it tells nothing of how the code writes more of them,
#: and writing it would replace what others made.
UNWRITTEN = "unwritten:"
#: What the plan's last step says of a route the configuration does not write (migration.REMOVE's step).
_REMOVE_ELSEWHERE = "step:remove-nat"


def written(inst: Instance, argument: str) -> bool:
    """Whether the code writes `argument` (a plan's `UNWRITTEN` mark says it does not; HCL always does)."""
    return UNWRITTEN + argument not in inst.hints


#: The arguments that place a resource in subnets, whatever its type and however deep (an instance's
#: `subnet_id`, an ECS service's `network_configuration.subnets`, an auto-scaling group's
#: `vpc_zone_identifier`…); a `db_subnet_group_name` names a group, not where a host runs.
_PLACING = causes.PLACING
#: The kinds of hosts `Mapper.picked` knows place only themselves (not one it does not know, which may attach).
_HOSTS = aws.EGRESS_HOSTS | aws.LOAD_BALANCERS | aws.VPC_ENDPOINTS


def _placement_cause(inst: Instance, at: tuple) -> str:
    """Why the subnet argument at `at` cannot be known, and what would decide it."""
    value: Any = inst.attrs
    for part in at:
        value = value[part] if isinstance(value, (dict, list)) else None
    if value is PRESENT:  # (a plan: known after apply, through what the plan does not trace)
        if inst.cause(*at) == causes.PAST_LEVELS:  # (traced no further for a limit of lambda6lint's)
            return causes.PAST_LEVELS
        return (
            "is known only after apply, from something the plan does not trace to a resource (a variable, a "
            "local, `each`): lint the configuration's .tf files to decide it"
        )
    if isinstance(value, Link):
        return f"is read by `{value.address}` when Terraform runs"
    return _cause(UNKNOWN, inst, *at) or "cannot be known"


def _unplaceable(value: Any) -> bool:
    """A subnet id that cannot be known: unknown, known only after apply (a plan), or read by a data
    source (when Terraform runs)."""
    return value is UNKNOWN or value is PRESENT or (isinstance(value, Link) and _read_by_data(value.address))


def _read_by_data(address: str) -> bool:
    return address.startswith("data.") or ".data." in address


def _unknown_placement(attrs: Any, path: tuple = ()) -> tuple | None:
    """The path of an argument that places the resource in subnets and cannot be known, if any."""
    items = attrs.items() if isinstance(attrs, dict) else enumerate(attrs) if isinstance(attrs, list) else ()
    for key, value in items:
        placing = key in _PLACING
        if placing and _unplaceable(value):
            return (*path, key)
        if placing and isinstance(value, list):
            for index, item in enumerate(value):
                if _unplaceable(item):
                    return (*path, key, index)
        elif isinstance(value, (dict, list)) and not placing:
            found = _unknown_placement(value, (*path, key))
            if found is not None:
                return found
    return None


def _placing_blocks(inst: Instance) -> tuple[str, ...] | None:
    """The subnet blocks whose ids alone each subnet argument of the instance that cannot be known may hold
    (`Instance.placing_blocks`), all of them; None where one may hold any other id."""
    found: dict[str, None] = {}
    for at in _unknown_placements(inst.attrs):
        named = inst.placing_blocks(*at)
        if named is None:
            return None
        found.update(dict.fromkeys(named))
    return tuple(found) or None


def _unknown_placements(attrs: Any, path: tuple = ()) -> Iterator[tuple]:
    """The path of each argument that places the resource in subnets and cannot be known, whole (a list, not
    the item of it that cannot be)."""
    items = attrs.items() if isinstance(attrs, dict) else enumerate(attrs) if isinstance(attrs, list) else ()
    for key, value in items:
        placing = key in _PLACING
        if placing and (_unplaceable(value) or (isinstance(value, list) and any(map(_unplaceable, value)))):
            yield (*path, key)
        elif isinstance(value, (dict, list)) and not placing:
            yield from _unknown_placements(value, (*path, key))


def _text(value: Any) -> Any:
    return value if isinstance(value, str) or value is None else UNKNOWN


def _api(m: Mapper, api: Api, inst: Instance) -> None:
    """REST APIs and domain names: `endpoint_configuration { types, ip_address_type }`; HTTP and WebSocket
    APIs: `ip_address_type` (an HTTP API imported from `body` takes it from its OpenAPI document);
    aws_apigatewayv2_domain_name: `domain_name_configuration { ip_address_type }`."""
    attrs = inst.attrs
    api.api_type = "domain" if inst.type.endswith("domain_name") else "rest"
    if api.api_type == "domain" and isinstance(attrs.get("domain_name"), str):
        api.domain_name = attrs["domain_name"]
    if api.api_type != "domain":  # its execute-api endpoint off: reached through custom domains only
        _default_endpoint(m, api, inst)
    if inst.type == "aws_apigatewayv2_api":
        protocol = attrs.get("protocol_type")
        api.api_type = "websocket" if protocol == "WEBSOCKET" else "http"
        api.ip_address_type = _text(attrs.get("ip_address_type"))
        if (place := inst.mark_at("ip_address_type")) is not None:
            api.marks["ip_address_type"] = place
        if api.ip_address_type is UNKNOWN:
            m.unknown(api, "ip_address_type", inst, "ip_address_type")
        _ip_how(api, inst, "ip_address_type")
        if api.api_type == "http" and _set(attrs.get("body")) and api.ip_address_type is None:
            _openapi(m, api, attrs.get("body"), inst)
        return
    block = "domain_name_configuration" if inst.type == "aws_apigatewayv2_domain_name" else "endpoint_configuration"
    config = _first(attrs.get(block))
    if (place := inst.mark_at(block, 0)) is not None:
        api.marks["endpoint"] = place
    api.hints["api_dualstack"] = f'ip_address_type = "dualstack" in {block}'
    if config is UNKNOWN:
        api.ip_address_type, api.private = UNKNOWN, None
        for fact in ("ip_address_type", "private"):
            m.unknown(api, fact, inst, block)
        return
    if config is None and block == "endpoint_configuration":  # (the block requires `types`; AWS's default: EDGE)
        api.hints["api_dualstack"] = (
            'an endpoint_configuration block with types = ["EDGE"] and ip_address_type = "dualstack"'
        )
    config = config or {}
    api.ip_address_type = _text(config.get("ip_address_type"))
    if (place := inst.mark_at(block, 0, "ip_address_type")) is not None:
        api.marks["ip_address_type"] = place
    if api.ip_address_type is UNKNOWN:
        m.unknown(api, "ip_address_type", inst, block, 0, "ip_address_type")
    _ip_how(api, inst, block, 0, "ip_address_type")
    key = "types" if "types" in config else "endpoint_type"
    types = config.get(key)
    items = types if isinstance(types, list) else [types]
    if types is UNKNOWN or any(t is UNKNOWN or isinstance(t, Link) for t in items):
        api.private = None
        m.unknown(api, "private", inst, block, 0, key)
    else:
        api.private = any(isinstance(t, str) and t.upper() == "PRIVATE" for t in items)


def _ip_how(api: Api, inst: Instance, *path: Any) -> None:
    """Name the variable an IP address type other than dualstack comes from (`ip_address_type = var.ip_type`), as
    CloudFormation names a parameter's Default (`ip_how`): a configuration that offers the choice is fixed where the
    value is set, not by writing `dualstack` over the variable. A value worked out (`var.c ? "ipv4" : "ipv4"`) names
    none: the variable need not matter."""
    value = api.ip_address_type
    if not isinstance(value, str) or value.lower() == "dualstack" or not (source := inst.origin(*path)):
        return
    default = source[1] in ("", causes.PLAN_DEFAULT) or source[1].startswith(causes.CALL_DEFAULT)
    fix = "pass a value that gives dualstack, or change the default" if default else "set it to dualstack there"
    api.hints["ip_how"] = f" (it comes from {set_where(source)}: {fix})"


def _api_mapping(m: Mapper, res: ApiMapping, inst: Instance) -> None:
    """aws_api_gateway_base_path_mapping and aws_apigatewayv2_api_mapping: which API a custom domain's clients
    reach (`domain_name` = `aws_api_gateway_domain_name.d.domain_name` names the domain)."""
    name = inst.attrs.get("domain_name")
    if isinstance(name, str):
        res.domain_name = name
    else:
        res.domain = m.ref(name)
    res.api = m.ref(inst.attrs.get("api_id"))


def _default_endpoint(m: Mapper, api: Api, inst: Instance) -> None:
    """`disable_execute_api_endpoint`, or the OpenAPI `body`'s disableExecuteApiEndpoint: the argument
    overrides the document only to turn the endpoint off."""
    attrs, fact = inst.attrs, "default_endpoint"
    for name in ("disable_execute_api_endpoint", "body"):
        if (place := inst.mark_at(name)) is not None:
            api.marks[fact] = place
            break
    disabled = attrs.get("disable_execute_api_endpoint")
    disabled = False if disabled is None else boolean(disabled)
    if disabled is None:
        m.unknown(api, fact, inst, "disable_execute_api_endpoint")
    if disabled is not True and attrs.get("body") is not None:  # (not evaluated, as templatefile(): unknown)
        document = _openapi_document(attrs.get("body"))
        api.hints.update(openapi_words(inst.calls.get("body"), attrs.get("body")))
        in_document = aws.openapi_disables_default_endpoint(document)
        api.openapi_root += aws.openapi_misplaced(document, "disableExecuteApiEndpoint")
        disabled = True if in_document else disabled if in_document is False else None
        if in_document is None:
            api.unknown.setdefault(fact, _why_document(document, inst, "disableExecuteApiEndpoint"))
    api.default_endpoint = None if disabled is None else not disabled


def _openapi(m: Mapper, api: Api, body: Any, inst: Instance) -> None:
    """The IP address type an HTTP API's OpenAPI `body` (text, e.g. from file() or jsonencode()) sets."""
    api.openapi = True
    if (place := inst.mark_at("body")) is not None:
        api.marks["openapi"] = place
    document = _openapi_document(body)
    api.hints.update(openapi_words(inst.calls.get("body"), body))
    value, _ = aws.openapi_ip_address_type(document)
    api.openapi_root += aws.openapi_misplaced(document, "ipAddressType")
    api.openapi_serverless = aws.openapi_serverless(document)
    api.ip_address_type = _text(value)
    if api.ip_address_type is UNKNOWN:
        api.unknown.setdefault("ip_address_type", _why_document(document, inst, "ipAddressType"))


def _why_document(document: Any, inst: Instance, key: str) -> str:
    """Why `key` of an API's OpenAPI `body` cannot be known."""
    if document is UNKNOWN:
        return f"is in its OpenAPI body, whose value {inst.cause('body') or 'cannot be evaluated'}"
    return f"is in its OpenAPI body, whose {aws.OPENAPI_ENDPOINT} {key} is not a plain value"


def _openapi_document(body: Any) -> Any:
    """An API's OpenAPI `body` (text, e.g. from file() or jsonencode()) parsed; UNKNOWN when it cannot be."""
    if isinstance(body, Partial):  # (jsonencode() of an object with a reference: its other parts are known)
        return decode_partial(body)
    if not isinstance(body, str):
        return UNKNOWN
    try:
        return load_text(body)
    except InputError:
        return UNKNOWN


def _eip_association(m: Mapper, res: Resource, inst: Instance) -> None:
    interface = inst.attrs.get("network_interface_id")
    if interface is None:
        return  # (an instance's address)
    named = m.objects.get(interface.address) if isinstance(interface, Link) else None
    if named is None or named.type not in aws.ADDRESSED_HOSTS:
        res.unknown[PUBLIC_ADDRESSES] = aws.unnamed_interface(
            _cause(interface, inst, "network_interface_id") or "cannot be known"
        )
        if (place := inst.mark_at("network_interface_id")) is not None:
            res.marks[PUBLIC_ADDRESSES] = place


def _eip_why(inst: Instance) -> Callable[[str], str]:
    """Why an Elastic IP's argument (`aws.eip_hints`' name for it) cannot be known."""
    names = {"pool": "public_ipv4_pool"}
    return lambda key: inst.cause(names.get(key, key)) or "cannot be known"


def _cause(value: Any, inst: Instance, *path: Any, ident: bool = False) -> str:
    """Why a reference written at `path` cannot be resolved: what the value tells, else its expression. `ident`: it
    names a resource, which text of its own with variables put in never is, whatever their values (causes.builder)."""
    if ident and isinstance(value, Partial) and (built := inst.built(*path)):
        return built
    return causes.literal_or_link(value) or inst.cause(*path) or ""


def _elsewhere_at(attrs: Any, path: tuple[Any, ...]) -> str | None:
    """The words of an `Elsewhere` (here_only) at `path` of `attrs`; None where the value there is none."""
    value = attrs
    for part in path:
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            return None
    return causes.literal_or_link(value) if isinstance(value, Elsewhere) else None


def _module_call(m: Mapper, call: ModuleCall, inst: Instance) -> None:
    call.cause = str(inst.attrs.get("cause", ""))
    call.egress_host = False  # a stand-in for what it creates, not a host (modules.py `unread`)
    call.marks["source"] = inst.mark("source")
    placing = inst.attrs.get("placing")
    if isinstance(placing, str):  # what it creates may be a host in any subnet (network.vague_hosts)
        call.vague, call.unknown["placement"] = True, placing


Filler: TypeAlias = "Callable[[Mapper, Any, Instance], None]"

#: Every resource type the rules need: its class in the graph and how its arguments are read.
TYPES: dict[str, tuple[type[Resource], Filler | None]] = {
    "aws_lambda_function": (Function, _function),
    "module": (ModuleCall, _module_call),  # a call whose contents are not read (modules.py)
    "aws_vpc": (Vpc, _vpc),
    "aws_vpc_ipv6_cidr_block_association": (VpcIpv6Block, _vpc_ipv6_block),
    "aws_subnet": (Subnet, _subnet),
    "aws_ssm_parameter": (Resource, _published),
    "aws_default_subnet": (Subnet, _default_subnet),
    "aws_route_table": (RouteTable, _route_table),
    "aws_default_route_table": (RouteTable, _route_table),
    "aws_route": (Route, _route),
    "aws_vpn_gateway_route_propagation": (Route, _propagation),
    "aws_route_table_association": (RouteTableAssociation, _association),
    "aws_main_route_table_association": (Resource, _main_association),
    "aws_nat_gateway": (NatGateway, _nat),
    "aws_eip_association": (Resource, _eip_association),
    "aws_egress_only_internet_gateway": (EgressOnlyInternetGateway, _egress_only_gateway),
    "aws_internet_gateway": (InternetGateway, None),
    "aws_vpc_endpoint": (VpcEndpoint, _endpoint),
    "aws_vpc_endpoint_route_table_association": (Resource, _endpoint_association),
    "aws_security_group": (SecurityGroup, _security_group),
    "aws_default_security_group": (SecurityGroup, _security_group),  # the VPC's, its rules replaced
    "aws_security_group_rule": (SecurityGroupEgress, _sg_rule),
    "aws_vpc_security_group_egress_rule": (SecurityGroupEgress, _sg_rule),
    "aws_iam_role": (Role, _role),
    "aws_iam_role_policy": (Policy, _policy),
    "aws_iam_policy": (Policy, _policy),
    "aws_iam_role_policy_attachment": (Resource, _policy_attachment),
    "aws_iam_policy_attachment": (Resource, _policy_attachment),
    "aws_lambda_alias": (Alias, _alias),
    **{kind: (DataStore, _data_store) for kind in aws.DATA_STORES if kind.startswith("aws_")},
    "aws_apigatewayv2_api": (Api, _api),
    "aws_api_gateway_rest_api": (Api, _api),
    "aws_apigatewayv2_domain_name": (Api, _api),
    "aws_api_gateway_domain_name": (Api, _api),
    "aws_api_gateway_base_path_mapping": (ApiMapping, _api_mapping),
    "aws_apigatewayv2_api_mapping": (ApiMapping, _api_mapping),
    "aws_network_acl": (NetworkAcl, _network_acl),
    "aws_default_network_acl": (NetworkAcl, _network_acl),
    "aws_network_acl_rule": (NetworkAclEntry, _acl_entry),
    "aws_network_acl_association": (NetworkAclAssociation, _acl_association),
}


def build(
    template: Template,
    instances: list[Instance],
    picked: Picked = ((), {}),
    remote: Callable[[Any], Any] | None = None,
    provider_tags: bool = False,
    tagging: tuple[str, ...] | dict[str, str] = (),
) -> list[Resource]:
    """The resources of a root module's instances; `remote` finds those of other roots it reads the state of;
    `provider_tags`: an AWS provider of the run has default_tags; `tagging`: the providers whose default_tags may
    tag the run's resources, as --explain names them (provider.tagging_provider), by resource address where known
    (a plan's)."""
    mapper = Mapper(template, instances, picked)
    mapper.remote = remote
    mapper.provider_tags = provider_tags
    mapper.tagging = tagging
    mapper.ec2_tags = [inst for inst in instances if inst.type == "aws_ec2_tag" and inst.mode != "data"]
    return mapper.build()
