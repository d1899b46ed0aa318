"""The resource graph and the derived facts every rule shares (RULES.md "Shared semantics").

Each fact is computed once per run and cached. Every answer is tri-state where it can be
unknown: `None` means "cannot be decided", and rules must stay silent on it.
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from lambda6lint import runtimes
from lambda6lint.model import (
    BYOIP,
    COUNT,
    MAYBE_STATIC,
    PUBLIC_ADDRESSES,
    UNKNOWN,
    AclEntry,
    Alias,
    Api,
    ApiMapping,
    DataStore,
    EgressOnlyInternetGateway,
    EgressRule,
    Function,
    Location,
    Member,
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
    SubnetIpv6Block,
    SubnetKind,
    Template,
    Unknown,
    Vpc,
    VpcEndpoint,
    VpcIpv6Block,
    region,
)
from lambda6lint.patterns import on_use
from lambda6lint.pricing import NatCost
from lambda6lint.records import dataclass, field, replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal, TypeAlias, TypeVar

    T = TypeVar("T")
    R = TypeVar("R", bound=Resource)

IPV4_DEFAULT = "0.0.0.0/0"
IPV6_DEFAULT = "::/0"
_IPV6_OUT = frozenset({"eigw", "igw"})  # `Network.ipv6_out`
_IPV6_NOT_OUT = frozenset({"peering"})
NAT64_PREFIX = "64:ff9b::/96"
#: IPv4 ranges that hold no internet address: RFC 1918's private ones, RFC 6598's shared address space
#: (carrier-grade NAT), link-local (`ipv4_internet_unrouted`).
_PRIVATE_IPV4 = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16")
#: A CDK ec2.Vpc's NAT gateway: the name of its public subnet group, and the subnet's number (`Network.cdk_kept`),
#: of at most 9 digits, which `int()` reads (a path's 5,000 raised ValueError, an E9600 in two rules and the plan).
_CDK_NAT_RANK = on_use(r"/([^/]*)Subnet(\d{1,9})/NATGateway$")
CUSTOM_RESOURCE = "AWS::CloudFormation::CustomResource"
#: Resources that name an Elastic IP to hold it, not to rely on its address.
EIP_HOLDERS = frozenset({"AWS::EC2::EIPAssociation", "aws_eip_association"})


#: Among the destinations `Network.maybe_routes` and `may_be_routed_to` are asked for: any that holds some of DNS64's
#: 64:ff9b::/96 (`Network.nat64_part`), not only the prefix itself.
NAT64_PART = "a CIDR holding some of 64:ff9b::/96"


def _has_destination(route: Route, destinations: frozenset[object]) -> bool:
    return route.destination in destinations or NAT64_PART in destinations and _holds_nat64(route.destination)


def _holds_nat64(destination: object) -> bool:
    return (
        destination == NAT64_PREFIX
        or isinstance(destination, str)
        and ":" in destination
        and _nat64_overlap(destination)
    )


@functools.lru_cache(maxsize=256)
def _nat64_overlap(destination: str) -> bool:
    """Whether an IPv6 CIDR and 64:ff9b::/96 share addresses (one holds the other); False for a prefix list's."""
    import ipaddress  # a run with routes only (start-up, issue #14)

    try:
        network = ipaddress.ip_network(destination, strict=False)
    except ValueError:
        return False
    nat64 = ipaddress.ip_network(NAT64_PREFIX)
    return network.version == 6 and network.overlaps(nat64)


#: What `cached` finds for a call not made yet (None and False are answers).
_MISS = object()


#: The VPCs or subnets a rule on an IPv6 block that is not its ACL's VPC's is said to name, at most (--explain).
_NAMED_BLOCKS = 3


#: The names of the `cached` methods: a Network makes its dict of answers for each when it is made.
_CACHED: list[str] = []


def cached(method: Callable[..., T]) -> Callable[..., T]:
    """Memoise a Network method per instance and per argument (resources hash by identity)."""

    name = method.__name__
    _CACHED.append(name)
    if method.__code__.co_argcount == 2:  # self and one argument: most of them, and the hot ones

        def one(self: Network, arg: Any) -> T:
            cache = self._cache[name]  # (the method's own answers, by argument: no key tuple made per call)
            if arg in cache:  # (most calls: two lookups, and no method called; a miss raising KeyError cost more)
                return cache[arg]  # type: ignore[no-any-return]
            value = cache[arg] = method(self, arg)
            return value

        return _named(one, method)

    def wrapper(self: Network, *args: Any) -> T:
        cache = self._cache[name]  # (by the arguments' tuple, as given: no other key made per call)
        value = cache.get(args, _MISS)
        if value is _MISS:
            value = cache[args] = method(self, *args)
        return value  # type: ignore[no-any-return]

    return _named(wrapper, method)


def _named(wrapper: Callable[..., T], method: Callable[..., T]) -> Callable[..., T]:
    """`functools.wraps(method)(wrapper)` for what is read of a method (its names, doc and `__wrapped__`), at a
    quarter of the cost: 71 of them are made as the module is imported (issue #14)."""
    wrapper.__name__ = method.__name__
    wrapper.__qualname__ = method.__qualname__
    wrapper.__doc__ = method.__doc__
    wrapper.__wrapped__ = method  # type: ignore[attr-defined]
    return wrapper


def _group_key(nat: NatGateway) -> tuple[int, str]:
    """What `Network.group_of` groups a NAT gateway by (one of a group): its template and group."""
    return id(nat.template), nat.group or ""


def module_of(res: Resource) -> str:
    """The module address a Terraform resource is in (`module.net.` of `module.net.aws_eip.nat["a"]`; "" for
    the root module's)."""
    return res.block.rpartition(".")[0].removesuffix(res.type)


#: The IPv6 egress migration steps, in the order they must happen (RULES.md I9651). `node-runtime`,
#: `node-options`: a Node.js that rejects the NODE_OPTIONS it is given (E9633) cannot start at all.
Step: TypeAlias = (
    'Literal["ipv6-only-subnet", "vpc-ipv6", "subnet-ipv6", "public-subnet", "ipv6-route", "sg-ipv6", "acl-ipv6", '
    '"function-flag", "node-runtime", "node-options"]'
)
MIGRATION_STEPS: tuple[Step, ...] = (
    "ipv6-only-subnet",
    "vpc-ipv6",
    "subnet-ipv6",
    "public-subnet",
    "ipv6-route",
    "sg-ipv6",
    "acl-ipv6",
    "function-flag",
    "node-runtime",
    "node-options",
)


@dataclass
class NatAssessment:
    """What removing a NAT gateway would take: its consumers and the IPv6 steps still missing."""

    nat: NatGateway
    subnets: list[Subnet]
    functions: list[Function]
    tables: list[RouteTable]
    missing: dict[Step, list[Resource]] = field(default_factory=dict)  # step → what still lacks it
    sdk_unset: list[Function] = field(default_factory=list)  # functions without dual-stack SDK endpoints
    node_unset: list[Function] = field(default_factory=list)  # Node.js functions without ipv6first (I9632)
    cost: NatCost = field(default_factory=NatCost)  # what keeping it (and its like NAT gateways) costs
    like: list[NatGateway] = field(default_factory=list)  # like NAT gateways judged together with it
    #: APIs its functions call (by URL or by an Invoke grant) that take IPv4 clients only (I9640): without the
    #: NAT gateway they cannot call them, so the API goes dual-stack first.
    apis: list[Api] = field(default_factory=list)
    #: Functions that answer custom resources without an S3 gateway endpoint on their route tables: the response
    #: goes to a pre-signed S3 URL, which has IPv4 addresses only, so it needs the NAT gateway or the endpoint.
    responders: list[Function] = field(default_factory=list)
    #: NAT gateways its count (or CDK's natGateways) makes with it that nothing uses: they go with it, and
    #: `cost` counts them.
    idle: list[NatGateway] = field(default_factory=list)
    #: Subnets of its functions with DNS64 on and no NAT64 route (W9612): the way W9612 offers to keep DNS64, a
    #: 64:ff9b::/96 route to a NAT gateway, would keep this one, so DNS64 goes off there before it goes.
    dns64: list[Subnet] = field(default_factory=list)

    @property
    def many(self) -> bool:
        """Whether it stands for more than one NAT gateway: like ones judged with it, or each of a Terraform count
        or for_each that cannot be known (its representative, `aws_nat_gateway.this[*]`)."""
        return bool(self.like) or COUNT in self.nat.unknown


@dataclass
class AclVerdict:
    """Whether a network ACL lets IPv6 egress to internet addresses out, and its return traffic in."""

    acl: NetworkAcl
    egress: bool | None
    ingress: bool | None
    denied_by: list[AclEntry] = field(default_factory=list)  # deny rules that decided against IPv6
    replies: bool | None = True  # all return traffic passes (1024-65535), not only some
    #: For one function: the TCP ports its security groups let out over IPv6, which `egress` is about (the
    #: ACL may let others out); None when that is every port.
    ports: list[tuple[int, int]] | None = None

    @property
    def limits(self) -> bool | None:
        """Some IPv6 egress fails: none passes, or replies on some ephemeral ports are dropped."""
        if self.blocks or self.replies is False:
            return True
        return None if self.blocks is None or self.replies is None else False

    @property
    def blocks(self) -> bool | None:
        if self.egress is False or self.ingress is False:
            return True
        return None if None in (self.egress, self.ingress) else False


#: DynamoDB Streams' own actions (lower case): the Lambda service polls a stream with the function's
#: role, outside its VPC, and streams have no gateway endpoint (DynamoDB guide, privatelink-streams):
#: they are no evidence that the function's code talks to DynamoDB (W9630).
DYNAMODB_STREAM_ACTIONS = frozenset(
    {"dynamodb:describestream", "dynamodb:getrecords", "dynamodb:getsharditerator", "dynamodb:liststreams"}
)


def apart(res: Resource, other: Resource) -> bool:
    """Whether two resources of one template deploy to regions known to differ (a Terraform resource's own
    `region`): an id of one names nothing in the other, so neither is in, or uses, the other."""
    if not res.template.regions or res.template is not other.template:
        return False
    here, there = region(res), region(other)
    return here is not None and there is not None and here != there


class Network:
    """All resources of one run, indexed, with the derived facts rules rely on."""

    def __init__(self, resources: Iterable[Resource] = (), templates: Iterable[Template] = ()):
        self.resources: list[Resource] = list(resources)
        self.templates: list[Template] = list(templates)
        #: Answers of `cached` methods by the method's name (a dict by its argument, or by its arguments' tuple);
        #: other memos by a tuple of their own.
        self._cache: dict[object, Any] = {name: {} for name in _CACHED}
        #: `_distinct`: by a sequence's id, it (kept alive, so that the id stays its) and its items each once.
        self._distinct_items: dict[int, tuple[Sequence[Resource], list[Resource]]] = {}
        self._by_kind: dict[str, list[Any]] = defaultdict(list)  # kind → its resources, all of one class
        #: By a template's id, its resources by id (a dict per template: `_referrers` looks up every reference of
        #: the run without making a key for each).
        self._index: dict[int, dict[str, Resource]] = {}
        index, by_kind = self._index, self._by_kind
        last: Template | None = None
        ids: dict[str, Resource] = {}
        for res in self.resources:
            by_kind[res.kind].append(res)
            if res.template is not last:  # (a template's resources come together: its dict is looked up once)
                last = res.template
                ids = index.get(id(last)) or index.setdefault(id(last), {})
            ids[res.id] = res

    # ----- plain queries -------------------------------------------------------------------

    def of(self, cls: type[R]) -> list[R]:
        return self._by_kind.get(cls.kind, [])

    def get(self, template: Template, logical_id: str) -> Resource | None:
        ids = self._index.get(id(template))
        return None if ids is None else ids.get(logical_id)

    def linked(self, cls: type[R], attr: str, target: object) -> list[R]:
        """Resources of `cls` whose `attr` (a reference or a member list) points at `target`.

        Built once per (kind, attribute) so graph queries stay linear in the size of the run.
        """
        key = ("linked", cls.kind, attr)
        index: dict[int, list[R]] | None = self._cache.get(key)
        if index is None:
            index = defaultdict(list)
            for res in self.of(cls):
                value = getattr(res, attr)
                if not isinstance(value, list):  # (one reference, as most are: `res` cannot be there already)
                    found = value.target if isinstance(value, Member) else value
                    if isinstance(found, Resource):
                        index[id(found)].append(res)
                    continue
                for item in value:
                    found = item.target if isinstance(item, Member) else item
                    if not isinstance(found, Resource):
                        continue
                    referrers = index[id(found)]
                    if not referrers or referrers[-1] is not res:  # only `res` may be there already, last
                        referrers.append(res)
            self._cache[key] = index
        return index.get(id(target), [])

    @cached
    def _referrers(self) -> tuple[dict[int, list[Resource]], dict[int, list[Resource]]]:
        """Who references each resource for sure, and who only under a condition that cannot be decided."""
        out: dict[int, list[Resource]] = defaultdict(list)
        maybe: dict[int, list[Resource]] = defaultdict(list)
        index = self._index  # (`get` inlined: once for each reference of the run)
        for res in self.resources:
            tenancy = res.tenancy  # (None for most: its refs, and no condition it cannot decide)
            ids = index[id(res.template)]  # (its own template's: indexed with it)
            for ref in res.refs if tenancy is None else tenancy[0]:
                target = ids.get(ref)
                if target is not None and target is not res:
                    out[id(target)].append(res)
            if tenancy is not None:
                for ref in tenancy[1]:
                    target = ids.get(ref)
                    if target is not None and target is not res:
                        maybe[id(target)].append(res)
            for target in res.links:
                out[id(target)].append(res)
        return out, maybe

    def referrers(self, res: Resource) -> list[Resource]:
        return self._referrers()[0].get(id(res), [])

    def maybe_referrers(self, res: Resource) -> list[Resource]:
        """Resources that reference `res` only under a condition this run cannot decide."""
        return self._referrers()[1].get(id(res), [])

    @cached
    def _vague_hosts(self) -> dict[int, list[Resource]]:
        found: dict[int, list[Resource]] = defaultdict(list)
        for res in self.resources:
            if res.vague:  # (a host, or a module call we cannot read: what it makes may be one)
                found[id(res.template)].append(res)
        return found

    @cached
    def _dependents(self) -> dict[tuple[int, str], list[Resource]]:
        found: dict[tuple[int, str], list[Resource]] = defaultdict(list)
        for res in self.resources:
            for ident in res.depends_on:
                found[(id(res.template), ident)].append(res)
        return found

    def dependents(self, res: Resource) -> list[Resource]:
        """The resources of its template that name it in `DependsOn`."""
        return self._dependents().get((id(res.template), res.id), [])

    @cached
    def _unnamed_interfaces(self) -> dict[int, list[Resource]]:
        found: dict[int, list[Resource]] = defaultdict(list)
        for res in self.resources:
            if PUBLIC_ADDRESSES in res.unknown:
                found[id(res.template)].append(res)
        return found

    def unnamed_interfaces(self, fn: Function) -> list[Resource]:
        """Elastic IP associations of the function's template whose interface may be the function's (a
        custom resource finds it at deploy time): in a public subnet it may have a public IPv4 address."""
        return self._unnamed_interfaces().get(id(fn.template), [])

    def vague_hosts(self, subnet: Subnet) -> list[Resource]:
        """Hosts of the subnet's template that may egress and whose subnets cannot be known."""
        return [h for h in self._vague_hosts().get(id(subnet.template), []) if h is not subnet]

    @cached
    def created_after(self, res: Resource) -> set[str]:
        """Ids of the resources CloudFormation creates before `res`: what it depends on, directly or
        through a chain, by `DependsOn` or by referring to them (`Ref`, `Fn::GetAtt`, `Fn::Sub`)."""
        seen: set[str] = set()
        pending = [res]
        while pending:
            current = pending.pop()
            for ident in (*current.depends_on, *current.refs):
                if ident in seen:
                    continue
                seen.add(ident)
                found = self.get(res.template, ident)
                if found is not None:
                    pending.append(found)
        return seen

    @staticmethod
    def is_open(res: Resource) -> bool:
        """Exported to other stacks (or passed to code we cannot see), which may add routes, rules or
        associations to it (RULES.md "Open resources")."""
        return res.id in res.template.open

    @staticmethod
    def open_to(res: Resource, viewer: Resource | None) -> bool:
        """`is_open`, as seen by what exists only with `viewer`: not where every opener is under a condition that
        can never hold with the viewer's (a nested stack `Condition: NoNat` given the route table of a NAT gateway
        `Condition: WithNat`: wherever the gateway is, the stack is not)."""
        template = res.template
        if res.id not in template.open:
            return False
        under = template.opened_under.get(res.id)
        if not under or viewer is None or viewer.condition is None or viewer.template is not template:
            return True
        return not all(viewer.condition in template.excluding.get(c, ()) for c in under)

    # ----- functions -----------------------------------------------------------------------

    @staticmethod
    def in_vpc(fn: Function) -> bool | None:
        if fn.subnets is UNKNOWN:
            return None
        return bool(fn.subnets)

    @cached
    def functions_in_vpc(self) -> list[Function]:
        """(Every rule asks: once per run. Do not change the list.)"""
        return [fn for fn in self.of(Function) if self.in_vpc(fn) is not False and fn.has_vpc_config]

    def _placed_vaguely(self, template: Template) -> list[Function]:
        """The functions in a VPC of the template whose subnets cannot all be known: found once for the run
        (every NAT gateway asks, and a function's subnet list may be thousands long)."""
        by_template: dict[Template, list[Function]] | None = self._cache.get(("_placed_vaguely",))
        if by_template is None:
            by_template = self._cache["_placed_vaguely",] = defaultdict(list)
            for fn in self.functions_in_vpc():
                if fn.subnets is UNKNOWN or any(isinstance(m.target, Unknown) for m in fn.subnets):
                    by_template[fn.template].append(fn)
        return by_template.get(template, [])

    @staticmethod
    def members(refs: list[Member] | Unknown) -> list[Member]:
        return [] if refs is UNKNOWN else list(refs)

    @staticmethod
    def by_entry(
        members: Iterable[Member], keep: Callable[[Resource], bool] | None = None
    ) -> list[tuple[Location, list[Resource]]]:
        """Known targets (those `keep` keeps) grouped by the entry that names them, in order: one Terraform
        entry (`aws_subnet.private[*].id`) names every resource of a count, and a fix there fixes them all.
        (`keep` first: grouping finds each entry's line, which most members never need.)"""
        found: dict[Location, list[Resource]] = {}
        for m in members:
            if m.target is UNKNOWN or (keep is not None and not keep(m.target)):
                continue
            if m.target not in found.setdefault(m.location, []):
                found[m.location].append(m.target)
        return [(where, targets) for where, targets in found.items() if targets]

    @cached
    def function_vpc(self, fn: Function) -> Vpc | Unknown:
        """The function's VPC: its subnets'. When any of their VPCs cannot be known (subnets of an unknown
        count, a data source), its security groups' VPC: Lambda takes at least one group and one subnet,
        all of one VPC (Lambda API, VpcConfig). UNKNOWN when neither tells."""
        if fn.subnets is not UNKNOWN and not fn.subnets:
            return UNKNOWN
        vpcs: set[Vpc] = set()
        for m in self.members(fn.subnets):
            if not isinstance(m.target, Subnet) or not isinstance(m.target.vpc, Vpc):
                vpcs.clear()
                break
            vpcs.add(m.target.vpc)
        if not vpcs and fn.security_groups is not UNKNOWN:
            named = [m.target.vpc for m in fn.security_groups if isinstance(m.target, SecurityGroup)]
            known = [vpc for vpc in named if isinstance(vpc, Vpc)]
            vpcs = set(known) if len(known) == len(named) else set()
        return vpcs.pop() if len(vpcs) == 1 else UNKNOWN

    @cached
    def functions_in_subnet(self, subnet: Subnet) -> list[Function]:
        return self.linked(Function, "subnets", subnet)

    @cached
    def _policies(self, fn: Function) -> list[Resource]:
        """The managed and inline policies of the function and its role (not the role's own Policies)."""
        policies: list[Resource] = list(fn.attached)
        if isinstance(fn.role, Role):
            policies += [*self.linked(Policy, "roles", fn.role), *fn.role.attached]
        return list(dict.fromkeys(policies))

    def unread_permissions(self, fn: Function) -> list[Resource]:
        """The function, its role and its policies, where what they allow cannot all be read: it may use
        S3 or DynamoDB (the causes are their `unknown["permissions"]`)."""
        found = [fn, fn.role, *self._policies(fn)] if isinstance(fn.role, Role) else [fn, *self._policies(fn)]
        return [res for res in found if "permissions" in res.unknown]

    @cached
    def services_used(self, fn: Function) -> dict[str, str]:
        """Services with gateway endpoints (s3, dynamodb) the function uses, with the evidence."""
        found: dict[str, str] = {}
        actions = list(fn.grants)
        if isinstance(fn.role, Role):
            actions += [(a, f"role {fn.role.name}") for a in fn.role.actions]
            actions += [(a, f"managed policy {name} on role {fn.role.name}") for a, name in fn.role.managed]
        for policy in self._policies(fn):
            if isinstance(policy, Policy):
                actions += [(a, f"policy {policy.name}") for a in policy.actions]
        for action, where in actions:
            service = action.split(":", 1)[0].strip().lower()
            if (
                service in ("s3", "dynamodb")
                and ":" in action
                and action.strip().lower() not in DYNAMODB_STREAM_ACTIONS
            ):
                named = where.startswith(("SAM policy template", "SAM connector", "managed policy"))
                found.setdefault(service, where if named else f"`{action}` in {where}")
        for store in fn.env_refs:
            if isinstance(store, DataStore):
                found.setdefault(store.service, f"environment references {store.name}")
        return found

    # ----- runtime and environment --------------------------------------------------------

    @staticmethod
    def env_value(fn: Function, name: str) -> str | None | Unknown:
        """An environment variable as the function sees it (text), None when unset."""
        if fn.environment is UNKNOWN:
            return UNKNOWN
        value = fn.environment.get(name)
        if value is None or value is UNKNOWN:
            return value
        if isinstance(value, bool):  # YAML `true`: CloudFormation passes the text "true"
            return str(value).lower()
        return str(value) if isinstance(value, (str, int, float)) else UNKNOWN

    @classmethod
    def dns_result_order(cls, fn: Function) -> str | None | Unknown:
        """The `--dns-result-order` its NODE_OPTIONS sets (`ipv6first`, `ipv4first`, `verbatim`), or None."""
        options = cls.env_value(fn, "NODE_OPTIONS")
        if options is None or options is UNKNOWN:
            return options
        return runtimes.dns_result_order(options)

    @staticmethod
    def node_major(fn: Function) -> int | None | Unknown:
        """The Node.js major version of the function's runtime; None for other languages, UNKNOWN when
        the runtime cannot be known (a parameter, or a container image, which names none)."""
        if not isinstance(fn.runtime, str) or not fn.runtime:
            return UNKNOWN
        return runtimes.node_major(fn.runtime)

    @classmethod
    def node_before_ipv6first(cls, fn: Function) -> bool:
        """A Node.js runtime known to reject `--dns-result-order=ipv6first` (Node 18): upgrade it first."""
        major = cls.node_major(fn)
        return isinstance(major, int) and major < runtimes.IPV6FIRST_FROM

    @classmethod
    def accepts_ipv6first(cls, fn: Function) -> bool:
        """A Node.js runtime known to take `--dns-result-order=ipv6first` (Node 20 and later)."""
        major = cls.node_major(fn)
        return isinstance(major, int) and major >= runtimes.IPV6FIRST_FROM

    @cached
    def dns_order_unsupported(self, fn: Function) -> bool | None:
        """Whether NODE_OPTIONS asks for a `--dns-result-order` its Node.js rejects: `ipv6first` before
        Node 20, or a value no Node takes (`IPV6FIRST`); the function then fails at init (RULES.md E9633)."""
        major = self.node_major(fn)
        if major is None:
            return False  # not Node.js: nothing reads NODE_OPTIONS, whatever it holds
        order = self.dns_result_order(fn)
        if order is UNKNOWN:
            return None
        if order is None or order in runtimes.DNS_ORDERS:
            return False
        if major is UNKNOWN:
            return None
        return major < runtimes.IPV6FIRST_FROM if order == "ipv6first" else True

    @cached
    def published(self, fn: Function) -> bool | None:
        """Whether the function has a published version or an alias to one, so traffic can shift
        between versions (SAM AutoPublishAlias, Lambda versions and aliases)."""
        if fn.auto_publish:
            return True
        doubtful = fn.auto_publish is None or self.is_open(fn)
        for alias in self.linked(Alias, "function", fn):
            if alias.published and not alias.conditional:
                return True
            doubtful = doubtful or alias.published is None or alias.conditional
        if self.vague_aliases(fn.template):
            doubtful = True  # a version of a function named by a value we cannot read
        return None if doubtful else False

    def vague_aliases(self, template: Template) -> list[Alias]:
        """The template's aliases whose function cannot be known (any of its functions may be theirs)."""
        return self._unknown_by_template(Alias, "function").get(id(template), [])

    @cached
    def _unknown_by_template(self, cls: type[R], attr: str) -> dict[int, list[R]]:
        """The resources of `cls` whose `attr` cannot be known, by template, in the run's order: looked over once,
        not for each subject that asks (each function for aliases, each subnet for network ACLs)."""
        found: dict[int, list[R]] = defaultdict(list)
        for res in self.of(cls):
            if getattr(res, attr) is UNKNOWN:
                found[id(res.template)].append(res)
        return found

    # ----- VPC and subnets -----------------------------------------------------------------

    @cached
    def vpc_has_ipv6(self, vpc: Vpc) -> bool | None:
        blocks = self.linked(VpcIpv6Block, "vpc", vpc)
        if any(not b.conditional for b in blocks):
            return True
        if blocks or self.is_open(vpc) or self.literal_ipv6_subnets(vpc):
            return None  # (a subnet's literal IPv6 CIDR: the VPC has a block, made where the run does not see)
        return False

    def literal_ipv6_subnets(self, vpc: Vpc) -> list[Subnet]:
        return [s for s in self.linked(Subnet, "vpc", vpc) if s.ipv6_written]

    @cached
    def vpc_ipv6_public(self, vpc: Vpc) -> bool | None:
        """Whether the VPC's IPv6 addresses reach the internet: an Amazon-provided block's do, a block from a
        private IPAM scope's never do (ULA, or addresses not advertised), a BYOIP block's only while advertised."""
        blocks = [b for b in self.linked(VpcIpv6Block, "vpc", vpc) if not b.conditional]
        if any(b.public is True for b in blocks):
            return True
        return False if blocks and all(b.public is False for b in blocks) else None

    @cached
    def subnet_has_ipv6(self, subnet: Subnet, viewer: Resource | None = None) -> bool | None:
        """Whether the subnet has an IPv6 CIDR; for `viewer` (a function), as it sees it: an exported
        subnet may get its block from a stack that imports it, unless its VPC has no IPv6 to give, or the
        function is in the subnet's own stack (which those stacks can only follow)."""
        if subnet.ipv6:
            return True
        blocks = self.linked(SubnetIpv6Block, "subnet", subnet)
        if any(not b.conditional for b in blocks):
            return True
        if blocks or subnet.ipv6 is None:
            return None
        if self.is_open(subnet) and (viewer is None or viewer.template is not subnet.template):
            vpc = subnet.vpc
            return None if not isinstance(vpc, Vpc) or self.vpc_has_ipv6(vpc) is not False else False
        return False

    def subnet_kind(self, subnet: Resource | Unknown, viewer: Resource | None = None) -> SubnetKind:
        """`dual-stack`, `ipv4-only`, `ipv6-only` or `unknown` (RULES.md "Subnet kind"); `viewer`: see
        `subnet_has_ipv6`."""
        if not isinstance(subnet, Subnet) or subnet.ipv6_native is None:
            return "unknown"
        if subnet.ipv6_native:
            return "ipv6-only"
        ipv6 = self.subnet_has_ipv6(subnet, viewer)
        # A subnet that is not IPv6-only has an IPv4 CIDR (AWS knows no fourth kind), so an IPv4 CIDR
        # whose value may be null (a variable without a default) is there once the subnet is.
        ipv4 = subnet.ipv4 is not False
        if ipv4 and ipv6:
            return "dual-stack"
        if ipv4 and ipv6 is False:
            return "ipv4-only"
        return "unknown"

    @cached
    def hosts_only_lambda(self, subnet: Subnet) -> bool | None:
        """Whether nothing but Lambda functions (and network plumbing) lives in the subnet: False when a
        host that egresses surely does, whatever other stacks or conditions may add."""
        verdict: bool | None = None if self.is_open(subnet) else True
        for res in self.referrers(subnet):
            if res.egress_host and not apart(res, subnet):
                if not res.conditional:
                    return False
                verdict = None
        if any(res.egress_host and not apart(res, subnet) for res in self.maybe_referrers(subnet)):
            return None
        return None if any(not apart(h, subnet) for h in self.vague_hosts(subnet)) else verdict

    # ----- routing -------------------------------------------------------------------------

    def main_table(self, vpc: Vpc) -> RouteTable | Unknown:
        """The VPC's main route table (every loader gives each VPC one)."""
        for table in self.linked(RouteTable, "vpc", vpc):
            if table.main:
                return table
        return UNKNOWN

    @cached
    def effective_route_table(self, subnet: Resource | Unknown) -> RouteTable | Unknown:
        if not isinstance(subnet, Subnet):
            return UNKNOWN
        assocs = self.linked(RouteTableAssociation, "subnet", subnet)
        if len(assocs) == 1 and not assocs[0].conditional:
            return assocs[0].table if isinstance(assocs[0].table, RouteTable) else UNKNOWN
        if assocs or self.is_open(subnet) or not isinstance(subnet.vpc, Vpc) or self.may_be_associated(subnet):
            return UNKNOWN
        return self.main_table(subnet.vpc)

    def route_table_choices(self, subnet: Resource | Unknown) -> list[RouteTable]:
        """The route tables one of which is the subnet's, where which cannot be known: its one association's
        table is one of them (`aws_route_table.private[var.i].id`). Empty where the table is known, or may be
        another."""
        return self._route_table_choices(subnet)[0]

    @cached
    def _route_table_choices(self, subnet: Resource | Unknown) -> tuple[list[RouteTable], frozenset[int]]:
        """`route_table_choices`, and their ids as a set for `on_one_of` (asked once per route table: 256 tables
        of 256 choices each)."""
        if not isinstance(subnet, Subnet) or self.effective_route_table(subnet) is not UNKNOWN:
            return [], frozenset()
        assocs = self.linked(RouteTableAssociation, "subnet", subnet)
        if len(assocs) != 1 or assocs[0].conditional or assocs[0].table is not UNKNOWN:
            return [], frozenset()
        tables = [t for t in assocs[0].tables if isinstance(t, RouteTable)]
        return tables, frozenset(map(id, tables))

    def route_tables_of(self, subnet: Resource | Unknown) -> list[RouteTable]:
        """The route tables the subnet's may be: its own where it is known, else those `route_table_choices` gives,
        one of which is it (a fact all of them agree on is the subnet's); empty where it cannot be known."""
        table = self.effective_route_table(subnet)
        return [table] if isinstance(table, RouteTable) else self.route_table_choices(subnet)

    @cached
    def igw_routes(self, subnet: Resource | Unknown) -> list[Route]:
        """The subnet's 0.0.0.0/0 routes to an internet gateway: a public subnet, where Lambda gets no
        public IPv4 address (W9611); empty when it has none or that cannot be known. A subnet on one of some
        route tables is public when each of them routes there: then their routes, each table's."""
        found: list[Route] = []
        for table in self.route_tables_of(subnet) if isinstance(subnet, Subnet) else ():
            routes = [r for r in self.default_routes(table, IPV4_DEFAULT) or [] if r.target_kind == "igw"]
            if not routes:
                return []  # (the one it is on may not be public)
            found += routes
        return found

    def may_be_associated(self, subnet: Subnet) -> bool:
        """Whether a route table association whose subnet cannot be known names `subnet` among what it may be
        (`SubnetId: !If [C, !Ref A, !Ref B]`): then it may not be on the main table."""
        return id(subnet) in self._maybe_associations()

    @cached
    def maybe_associations(self, subnet: Subnet, first: int) -> tuple[list[RouteTableAssociation], int]:
        """The route table associations whose subnet cannot be known but that name `subnet` among what it may be, in
        the run's order: the first `first` of them, and how many there are (N associations each of which may be any
        subnet a plan makes: N of them for each of N subnets). Once per subnet: --explain asks again for each route
        table the subnet may be on."""
        groups = self._maybe_associations().get(id(subnet))
        if not groups:
            return [], 0
        return [assoc for _, assoc in _in_place_order(groups, first)], sum(map(len, groups))

    def association_candidates(self, assoc: RouteTableAssociation) -> list[Resource]:
        """The subnets a route table association whose subnet cannot be known may name, each once (found once for
        the associations that share them: `Mapper.made_subnets`)."""
        return self._distinct(assoc.candidates)

    def _distinct(self, items: Sequence[Resource]) -> list[Resource]:
        """`items` each once, found once per sequence (by identity: one is shared by many resources)."""
        kept = self._distinct_items.get(id(items))
        if kept is None:
            kept = self._distinct_items[id(items)] = (items, list(dict.fromkeys(items)))
        return kept[1]

    @cached
    def _maybe_associations(self) -> dict[int, list[list[tuple[int, RouteTableAssociation]]]]:
        """By subnet, the associations whose subnet cannot be known that may name it, each with its place among the
        run's associations, as lists in their order: first those whose `candidates` are their own (`!If [C, !Ref A,
        !Ref B]`), then one list for each sequence that several share (any subnet a plan makes), given once to each
        of its subnets. (Each association listed under each of its candidates was N x N entries for N associations
        each of which may be any of N subnets.) A subnet named twice in one sequence is given it twice, as its
        association named it twice."""
        sharing: dict[int, list[tuple[int, RouteTableAssociation]]] = {}
        for place, assoc in enumerate(self.of(RouteTableAssociation)):
            if not isinstance(assoc.subnet, Subnet) and assoc.candidates:
                sharing.setdefault(id(assoc.candidates), []).append((place, assoc))
        own: dict[int, list[tuple[int, RouteTableAssociation]]] = {}
        shared: dict[int, list[list[tuple[int, RouteTableAssociation]]]] = {}
        for group in sharing.values():
            for subnet in group[0][1].candidates:
                if len(group) == 1:
                    own.setdefault(id(subnet), []).append(group[0])
                else:
                    shared.setdefault(id(subnet), []).append(group)
        by_subnet = {key: [found] for key, found in own.items()}
        for key, groups in shared.items():
            by_subnet.setdefault(key, []).extend(groups)
        return by_subnet

    @cached
    def routes(self, table: RouteTable) -> list[Route]:
        return self.linked(Route, "table", table)

    @cached
    def default_routes(self, table: RouteTable | Unknown, destination: str) -> list[Route] | None:
        """The table's routes for `destination` (0.0.0.0/0 or ::/0, which a route to all of IPv6's internet
        addresses such as `2000::/3` stands for); None when that cannot be known."""
        if not isinstance(table, RouteTable):
            return None
        if table.local_only:
            return []
        found: list[Route] = []
        doubtful = self.is_open(table)  # other stacks may add routes, but cannot remove ours
        for route in self.routes(table):
            if route.destination is UNKNOWN:
                doubtful = True
            elif route.destination == destination or (destination == IPV6_DEFAULT and route.ipv6_default):
                if route.conditional:
                    doubtful = True
                else:
                    found.append(route)
        if not found and doubtful:
            return None
        return found

    @staticmethod
    def ipv6_out(kinds: set[str] | None) -> bool | None:
        """Whether `::/0` routes of these target kinds take IPv6 traffic to the internet: an egress-only or
        internet gateway does; a peering connection never does (no edge-to-edge routing through the peer's
        gateways); a transit gateway, an appliance or a VPN leave it to a network this run does not see."""
        if kinds is None:
            return None
        if kinds and kinds <= _IPV6_OUT:
            return True
        return False if kinds <= _IPV6_NOT_OUT else None

    def default_targets(self, table: RouteTable | Unknown, destination: str) -> set[str] | None:
        routes = self.default_routes(table, destination)
        return None if routes is None else {r.target_kind for r in routes}

    @cached
    def ipv4_internet_unrouted(self, table: RouteTable | Unknown) -> bool | None:
        """Whether the table surely routes no IPv4 traffic for internet addresses anywhere: beside the VPC's
        local route it holds only routes to private ranges (`_PRIVATE_IPV4`). False when a route takes some
        (`0.0.0.0/0`, `0.0.0.0/1` and `128.0.0.0/1`, any public CIDR: a VPC's own public range cannot be told
        from the internet's) or may (a prefix list, whose entries no template shows); None when a route may be
        there or its destination cannot be known."""
        if not isinstance(table, RouteTable):
            return None
        if table.local_only:
            return True
        import ipaddress  # a run with routes only (start-up, issue #14)

        verdict: bool | None = None if self.is_open(table) else True  # (other stacks may add routes)
        for route in self.routes(table):
            dest = route.destination
            if not isinstance(dest, str):
                verdict = None
                continue
            if ":" in dest and not dest.startswith("prefix-list:"):
                continue  # an IPv6 route: no IPv4 traffic takes it
            try:
                network = ipaddress.ip_network(dest, strict=False)
            except ValueError:
                network = None  # a prefix list (its entries unseen) or a text no CIDR: it may cover public space
            private = isinstance(network, ipaddress.IPv4Network) and any(
                network.subnet_of(ipaddress.IPv4Network(block)) for block in _PRIVATE_IPV4
            )
            if private:
                continue
            if not route.conditional:
                return False
            verdict = None
        return verdict

    @cached
    def has_egress_only_gateway(self, vpc: Resource | Unknown | None) -> bool | None:
        if not isinstance(vpc, Vpc):
            return None
        gateways = self.linked(EgressOnlyInternetGateway, "vpc", vpc)
        return True if gateways else (None if self.is_open(vpc) else False)

    @cached
    def ipv6_only_egress(self, fn: Function) -> bool | None:
        """Whether the function reaches the internet over IPv6 only: IPv6 allowed, and every subnet's
        route table has a `::/0` route and no IPv4 path out (`0.0.0.0/0` to a NAT gateway, a transit
        gateway or anything but an internet gateway, which gives Lambda no IPv4, RULES.md W9631)."""
        if fn.dualstack is not True:
            return None if fn.dualstack is None else False
        if fn.subnets is UNKNOWN or not fn.subnets:
            return None
        vpc = self.function_vpc(fn)
        # (private IPv6 addresses reach no internet: a VPC's, or one's that cannot be known, decide it)
        public = self.vpc_ipv6_public(vpc) if isinstance(vpc, Vpc) and self.vpc_has_ipv6(vpc) else None
        if public is False:
            return False
        verdict: bool | None = True if public else None
        for m in fn.subnets:
            # an IPv6-only subnet gives the function no outbound IPv6 (E9603: Lambda does not support it)
            if self.subnet_kind(m.target, fn) == "ipv6-only":
                return False
            # a subnet without IPv6 gives no IPv6 egress at all (E9602: the deploy fails)
            has_ipv6 = self.subnet_has_ipv6(m.target, fn) if isinstance(m.target, Subnet) else None
            # (on one of some route tables: what each of them answers alike)
            tables = self.route_tables_of(m.target)
            routed = agreed([self._ipv6_only_out(t) for t in tables]) if tables else None
            if routed is False or has_ipv6 is False:
                return False
            if routed is None or has_ipv6 is None:
                verdict = None
        return verdict

    @cached
    def _ipv6_only_out(self, table: RouteTable) -> bool | None:
        """Whether the table routes `::/0` out and has no IPv4 path out (`ipv6_only_egress`)."""
        ipv6, ipv4 = self.default_targets(table, IPV6_DEFAULT), self.default_targets(table, IPV4_DEFAULT)
        out = self.ipv6_out(ipv6)
        if out is False or (ipv4 is not None and ipv4 - {"igw"}):
            return False
        return None if out is None or ipv4 is None else True

    @cached
    def nat64_path(self, fn: Function) -> bool | None:
        """Whether every subnet of the function reaches IPv4-only names over IPv6: DNS64 on, and
        64:ff9b::/96 routed to a NAT gateway (NAT64), so an IPv6-only egress still reaches them."""
        verdict: bool | None = True
        for m in self.members(fn.subnets):
            subnet = m.target
            if not isinstance(subnet, Subnet):
                return None
            if subnet.dns64 is False:
                return False
            tables = self.route_tables_of(subnet)  # (on one of some: what each of them answers alike)
            reach = agreed([self.nat64_to_internet(t) for t in tables]) if tables else None
            if reach is False:
                return False
            if subnet.dns64 is None or reach is None:
                verdict = None
        return verdict if fn.subnets is not UNKNOWN and fn.subnets else None

    def ipv4_unreachable(self, fn: Function) -> bool | None:
        """Whether IPv4-only destinations are out of the function's reach: IPv6-only egress without a
        DNS64 and NAT64 path to them (W9631's SDK calls, an IPv4-only API it calls)."""
        only = self.ipv6_only_egress(fn)
        if only is not True:
            return only
        nat64 = self.nat64_path(fn)
        return None if nat64 is None else not nat64

    @cached
    def nat64_reachable(self, table: RouteTable | Unknown) -> bool | None:
        """Whether traffic to DNS64's synthesized addresses (64:ff9b::/96) can reach a NAT64: the
        table's most specific route covering them goes to a NAT gateway (or on, through a transit
        gateway, an appliance…); False when it goes nowhere or to an internet or egress-only gateway."""
        found = self.nat64_route(table)
        if found is None:
            return None
        route, doubtful = found
        if route is not None and route.target_kind not in ("eigw", "igw"):
            return True
        return None if doubtful else False

    def nat64_to_internet(self, table: RouteTable | Unknown) -> bool | None:
        """Whether 64:ff9b::/96 surely reaches public IPv4 addresses: its most specific route goes to a
        public NAT gateway (a private one, a transit gateway or an appliance may not)."""
        found = self.nat64_route(table)
        if found is None:
            return None
        route, doubtful = found
        if route is None or route.target_kind in ("eigw", "igw"):
            return None if doubtful else False
        target = route.target
        if isinstance(target, NatGateway) and not doubtful:
            return target.public  # (None: its connectivity cannot be known)
        return False if isinstance(target, NatGateway) and target.public is False else None

    def nat64_route(self, table: RouteTable | Unknown) -> tuple[Route | None, bool] | None:
        """The table's most specific route covering 64:ff9b::/96, and whether another may exist."""
        if not isinstance(table, RouteTable):
            return None
        if table.local_only:
            return None, False
        best: tuple[int, Route] | None = None
        for route, length in self._nat64_covering(table):
            if length is not None and not route.conditional and (best is None or length > best[0]):
                best = (length, route)
        return (best[1] if best else None), self.is_open(table) or bool(self.nat64_doubts(table))

    def nat64_doubts(self, table: RouteTable) -> list[tuple[Route, int | None]]:
        """The routes covering 64:ff9b::/96 that may send it elsewhere than the sure ones do: one whose destination
        cannot be known, or one that may not exist and is at least as specific as the most specific sure one (routes
        match by longest prefix: a less specific ::/0 that may exist never wins over a sure /96)."""
        covering = self._nat64_covering(table)
        sure = max((n for route, n in covering if n is not None and not route.conditional), default=-1)
        return [(route, n) for route, n in covering if n is None or (route.conditional and n >= sure)]

    def _nat64_covering(self, table: RouteTable) -> list[tuple[Route, int | None]]:
        """The table's routes covering 64:ff9b::/96, each with its prefix length, and those whose destination
        cannot be known, which may (None)."""
        import ipaddress  # a run with routes only (start-up, issue #14)

        nat64 = ipaddress.ip_network(NAT64_PREFIX)
        found: list[tuple[Route, int | None]] = []
        for route in self.routes(table):
            if route.destination is UNKNOWN:
                found.append((route, None))
                continue
            try:
                network = ipaddress.ip_network(str(route.destination))
            except ValueError:
                continue  # a prefix list: never DNS64's prefix
            if network.version == 6 and nat64.subnet_of(network):  # type: ignore[arg-type]
                found.append((route, network.prefixlen))
        return found

    # ----- security groups -----------------------------------------------------------------

    def _egress_rules(self, sg: SecurityGroup) -> list[tuple[EgressRule, bool]]:
        """Its egress rules, inline and standalone, each with whether it may not exist."""
        rules = [] if sg.egress is UNKNOWN else [(r, sg.conditional) for r in sg.egress]
        return rules + [(r.rule, r.conditional) for r in self.linked(SecurityGroupEgress, "group", sg) if r.rule]

    @cached
    def sg_allows_ipv6_egress(self, sg: Resource | Unknown) -> bool | None:
        if not isinstance(sg, SecurityGroup):
            return None
        rules = self._egress_rules(sg)
        if any(rule.ipv6_internet and not conditional for rule, conditional in rules):
            return True  # (whatever else its inline rules hold)
        if sg.egress is UNKNOWN or self.is_open(sg) or any(rule.ipv6_internet is not False for rule, _ in rules):
            return None
        return False

    @cached
    def ipv6_tcp_ports(self, fn: Function) -> tuple[list[tuple[int, int]] | None, list[tuple[int, int]] | None]:
        """The TCP ports the function's security groups let out to IPv6 internet addresses: those that surely
        do (None: some cannot be known), and those that may (None: any port may)."""
        surely: list[tuple[int, int]] | None = []
        maybe: list[tuple[int, int]] | None = []
        for m in self.members(fn.security_groups):
            sg = m.target
            if not isinstance(sg, SecurityGroup) or sg.egress is UNKNOWN or self.is_open(sg):
                maybe = None
                if not isinstance(sg, SecurityGroup):
                    continue
            for rule, conditional in self._egress_rules(sg):
                if rule.ipv6_internet is False or rule.tcp is None:
                    continue
                if rule.tcp is UNKNOWN:
                    maybe = None
                    if rule.ipv6_internet and not conditional:
                        surely = None
                    continue
                if maybe is not None:
                    maybe.append(rule.tcp)
                if rule.ipv6_internet and not conditional and surely is not None:
                    surely.append(rule.tcp)
        return (None if surely is None else _merged_ranges(surely)), (None if maybe is None else _merged_ranges(maybe))

    # ----- network ACLs --------------------------------------------------------------------

    @cached
    def subnet_acl(self, subnet: Resource | Unknown) -> NetworkAcl | Unknown | None:
        """The subnet's network ACL: its association, else its VPC's default ACL; None when that default
        is one the run never touches (AWS gives it `::/0` allow rules with the VPC's IPv6 block)."""
        if not isinstance(subnet, Subnet):
            return UNKNOWN
        assocs: list[tuple[Resource | Unknown | None, bool]] = [
            (a.acl, a.conditional) for a in self.linked(NetworkAclAssociation, "subnet", subnet)
        ]
        assocs += [(a, a.conditional) for a in self.linked(NetworkAcl, "subnets", subnet)]
        if len(assocs) == 1 and not assocs[0][1]:
            found = assocs[0][0]
            return found if isinstance(found, NetworkAcl) else UNKNOWN
        if assocs or self.is_open(subnet) or not isinstance(subnet.vpc, Vpc):
            return UNKNOWN
        if self.vague_acls(subnet) or self.vague_acl_associations(subnet):
            return UNKNOWN
        defaults = self._default_acls(subnet.vpc)
        if len(defaults) > 1:
            return UNKNOWN
        return defaults[0] if defaults else None

    @cached
    def _default_acls(self, vpc: Vpc) -> list[NetworkAcl]:
        """The VPC's default network ACLs (one, unless a run holds copies): found once per VPC, not per subnet."""
        return [a for a in self.linked(NetworkAcl, "vpc", vpc) if a.default]

    def vague_acl_associations(self, subnet: Subnet) -> list[NetworkAclAssociation]:
        """Network ACL associations of the subnet's template whose subnet cannot be known (a plan's
        `subnet_id = each.value`), of an ACL that may be in its VPC: they may be the subnet's."""
        return [
            a
            for a in self._vague_acl_associations().get(id(subnet.template), [])
            if not isinstance(a.acl, NetworkAcl) or a.acl.vpc is subnet.vpc or not isinstance(a.acl.vpc, Vpc)
        ]

    @cached
    def _vague_acl_associations(self) -> dict[int, list[NetworkAclAssociation]]:
        found: dict[int, list[NetworkAclAssociation]] = defaultdict(list)
        for a in self.of(NetworkAclAssociation):
            if not isinstance(a.subnet, Subnet):
                found[id(a.template)].append(a)
        return found

    def vague_acls(self, subnet: Subnet) -> list[NetworkAcl]:
        """Network ACLs whose subnets cannot be named and that may be on `subnet`: those of its template
        and of its VPC (a subnet takes a network ACL of its own VPC), or of a VPC that cannot be known."""
        return [
            a
            for a in self._unknown_by_template(NetworkAcl, "subnets").get(id(subnet.template), [])
            if a.vpc is subnet.vpc or not isinstance(a.vpc, Vpc) or not isinstance(subnet.vpc, Vpc)
        ]

    @cached
    def acl_entries(self, network_acl: NetworkAcl) -> list[AclEntry] | Unknown:
        """Its rules: inline, standalone, and AWS's own `::/0` allow rules (rule 101) where they may exist."""
        from lambda6lint import acl  # with ipaddress: a run with network ACLs only

        if network_acl.entries is UNKNOWN:
            return UNKNOWN
        entries = list(network_acl.entries)
        for res in self.linked(NetworkAclEntry, "acl", network_acl):
            if res.entry is None:
                return UNKNOWN
            entries.append(replace(res.entry, conditional=True) if res.conditional else res.entry)
        entries = [self._own_block_rule(entry, network_acl) for entry in entries]
        if not network_acl.exact:
            for egress in (True, False):
                entries.append(
                    AclEntry(101, egress, True, acl.ALL_PROTOCOLS, IPV6_DEFAULT, None, network_acl.location, True)
                )
        return entries

    def _own_block_rule(self, entry: AclEntry, network_acl: NetworkAcl) -> AclEntry:
        """A rule on a VPC's own IPv6 block, as `acl` walks it: only the ACL's own VPC's block is never the internet
        (the packets it matches stay in the VPC); another VPC's holds internet addresses that no file shows."""
        block = entry.ipv6
        if not isinstance(block, OwnBlock):
            return entry
        vpc = self._own_block_vpc(block)
        if vpc is not None and vpc is network_acl.vpc:
            return entry
        named = " or ".join(dict.fromkeys(res.name for res in block.of[:_NAMED_BLOCKS])) or "a VPC"
        named += " or another" if len(block.of) > _NAMED_BLOCKS else ""
        cause = (
            f"has a rule on the IPv6 block of {named}, which the files do not show to be the block of its own VPC: "
            "its addresses are known only once deployed"
        )
        return replace(entry, ipv6=UNKNOWN, cause=entry.cause or cause)

    @cached
    def _own_block_vpc(self, block: OwnBlock) -> Vpc | None:
        """`OwnBlock.vpc`, found once for a block many rules share (each of thousands of a counted subnet's)."""
        return block.vpc()

    @cached
    def acl_ipv6(self, network_acl: NetworkAcl) -> AclVerdict:
        """Whether some IPv6 TCP egress to internet addresses passes, and some return traffic on ephemeral ports."""
        from lambda6lint import acl

        entries = self.acl_entries(network_acl)
        if entries is UNKNOWN:
            return AclVerdict(network_acl, None, None)
        key = ("acl_budget", id(network_acl.template))  # (each template its own: one cannot silence another)
        budget = self._cache.get(key)
        if budget is None:
            budget = self._cache[key] = acl.Budget()
        out = acl.evaluate(entries, True, acl.ANY_PORT, budget)
        back = acl.evaluate(entries, False, acl.EPHEMERAL, budget)
        egress, ingress = out.passes, back.passes
        replies = acl.all_pass(entries, False, acl.EPHEMERAL, budget) if ingress else ingress
        if budget.spent:
            self._cache.setdefault(("acl_unwalked",), set()).add(id(network_acl))
        if self.is_open(network_acl):  # other stacks may add rules: only what passes is known
            egress, ingress, replies = egress or None, ingress or None, replies or None
        return AclVerdict(network_acl, egress, ingress, [*out.denied_by, *back.denied_by], replies)

    def free_acl_number(self, verdict: AclVerdict, egress: bool) -> int | None:
        """A number for a new IPv6 allow rule of the ACL in one direction (`acl.free_number`); None when its
        rules cannot all be known, or other stacks may add some."""
        from lambda6lint import acl

        entries = self.acl_entries(verdict.acl)
        if entries is UNKNOWN or self.is_open(verdict.acl):
            return None
        return acl.free_number(entries, egress, verdict.denied_by)

    def acl_unwalked(self, network_acl: NetworkAcl) -> bool:
        """Whether its template's network ACLs had used up what lambda6lint walks (`acl.MAX_WORK`) by this one."""
        return id(network_acl) in self._cache.get(("acl_unwalked",), ())

    @cached
    def acl_ipv6_for(self, fn: Function, network_acl: NetworkAcl) -> AclVerdict:
        """`acl_ipv6` for one function: its egress is whether some TCP port that the function's security groups
        let out over IPv6 passes the ACL too (a group allowing 443 only and an ACL allowing 90 only let nothing
        out, though each allows IPv6 egress)."""
        from lambda6lint import acl

        verdict = self.acl_ipv6(network_acl)
        surely, maybe = self.ipv6_tcp_ports(fn)
        entries = self.acl_entries(network_acl)
        if verdict.egress is not True or surely == maybe == [] or entries is UNKNOWN:
            return verdict  # (no port passes anyway; a group without IPv6 TCP egress is W9620's)
        budget = self._cache[("acl_budget", id(network_acl.template))]  # (acl_ipv6's: one per template)
        every = ("acl_all_ports", id(network_acl))
        if every not in self._cache:
            self._cache[every] = acl.all_pass(entries, True, acl.ANY_PORT, budget)
        if self._cache[every] is True:
            return verdict  # (an ACL letting every port out passes whatever port the groups do, known or not)
        asked = sorted({*(surely or ()), *(maybe or ())})  # (functions sharing groups ask the same ports)
        if len(asked) > acl.MAX_PORT_RANGES:
            self._cache.setdefault(("acl_unwalked",), set()).add(id(network_acl))
            return replace(verdict, egress=None)
        outs = {}
        for ports in asked:
            key = ("acl_ports", id(network_acl), ports)
            if key not in self._cache:
                self._cache[key] = acl.evaluate(entries, True, ports, budget)
            outs[ports] = self._cache[key]
        if budget.spent:
            self._cache.setdefault(("acl_unwalked",), set()).add(id(network_acl))

        def some(asked: list[tuple[int, int]]) -> bool | None:
            passes = {outs[ports].passes for ports in asked}
            return True if True in passes else None if None in passes else False

        if surely is not None and some(surely):
            return verdict
        if maybe is None or some(maybe) is not False:
            return replace(verdict, egress=None)
        denied = [e for e in verdict.denied_by if e.egress is False]  # (the ingress side's)
        denied = list(dict.fromkeys([*denied, *(e for ports in sorted(set(maybe)) for e in outs[ports].denied_by)]))
        egress = None if self.is_open(network_acl) else False  # (other stacks may add rules)
        return replace(verdict, egress=egress, denied_by=denied, ports=sorted(set(maybe)))

    def acls_blocking_ipv6(self, fn: Function, limiting: bool = False) -> list[AclVerdict] | None:
        """The network ACLs of the function's subnets that block IPv6 egress (`limiting`: or drop some of
        its replies, which a NAT gateway's removal needs to pass); None if any cannot be known."""
        if fn.subnets is UNKNOWN:
            return None
        found: list[AclVerdict] = []
        for m in fn.subnets:
            network_acl = self.subnet_acl(m.target)
            if network_acl is UNKNOWN:
                return None
            if network_acl is None:
                continue
            verdict = self.acl_ipv6_for(fn, network_acl)
            decided = verdict.limits if limiting else verdict.blocks
            if decided is None:
                return None
            if decided and all(v.acl is not network_acl for v in found):
                found.append(verdict)
        return found

    # ----- endpoints -----------------------------------------------------------------------

    @cached
    def gateway_endpoint_on(self, table: RouteTable | Unknown, service: str) -> bool | None:
        """Whether a gateway endpoint for `service` is attached to the route table."""
        if not isinstance(table, RouteTable):
            return None
        doubtful = (
            self.is_open(table)
            or any(
                ep.template is table.template and (ep.vpc is table.vpc or not isinstance(ep.vpc, Vpc))
                for ep in self._vague_endpoints(service)
            )
            or bool(self._endpoints_maybe_main(table, service))
        )
        for ep in self.linked(VpcEndpoint, "route_tables", table):
            if ep.service not in (service, None) or ep.gateway is False:
                continue
            if ep.service is None or ep.gateway is None or ep.conditional:
                doubtful = True
            else:
                return True
        return None if doubtful else False

    def endpoints_maybe_on(self, table: RouteTable, service: str) -> list[VpcEndpoint]:
        """The endpoints that may serve `service` on the table and cannot be known to: of a service or
        type that cannot be known, under a condition, or on route tables that cannot be known."""
        found = [
            ep
            for ep in self.linked(VpcEndpoint, "route_tables", table)
            if ep.service in (service, None)
            and ep.gateway is not False
            and (ep.service is None or ep.gateway is None or ep.conditional)
        ]
        return (
            found
            + [
                ep
                for ep in self._vague_endpoints(service)
                if ep.template is table.template and (ep.vpc is table.vpc or not isinstance(ep.vpc, Vpc))
            ]
            + self._endpoints_maybe_main(table, service)
        )

    def _endpoints_maybe_main(self, table: RouteTable, service: str) -> list[VpcEndpoint]:
        """Gateway endpoints that may serve `service` on a main table its RouteTableIds may name (`may_be_on`)."""
        return [
            ep
            for ep in self.linked(VpcEndpoint, "may_be_on", table)
            if ep.service in (service, None) and ep.gateway is not False
        ]

    def vpc_endpoints(self, vpc: Vpc | Unknown, service: str, gateway: bool) -> list[VpcEndpoint]:
        """The VPC's endpoints for `service` of one type (gateway or interface) that surely exist."""
        if not isinstance(vpc, Vpc):
            return []
        return [
            ep
            for ep in self.linked(VpcEndpoint, "vpc", vpc)
            if ep.service == service and ep.gateway is gateway and not ep.conditional
        ]

    @cached
    def _vague_endpoints(self, service: str) -> list[VpcEndpoint]:
        """Endpoints that might serve `service` on route tables we cannot see."""
        return [
            ep
            for ep in self.of(VpcEndpoint)
            if ep.route_tables is UNKNOWN and ep.service in (service, None) and ep.gateway is not False
        ]

    # ----- NAT gateways --------------------------------------------------------------------

    @staticmethod
    def exists_with(res: Resource, other: Resource) -> bool:
        """Whether `res` surely exists wherever `other` does: it is under no condition the run cannot decide, or
        under the very condition of `other`'s template that `other` is under (a NAT gateway and its route, both
        `Condition: WithNat`: if the gateway exists, so does the route)."""
        if not res.conditional:
            return True
        return res.condition is not None and res.condition == other.condition and res.template is other.template

    @cached
    def nat_tables(self, nat: NatGateway) -> list[RouteTable] | None:
        """Route tables that send 0.0.0.0/0 to the NAT gateway; None when some cannot be known (a route
        that may be to it or to another)."""
        if self.may_be_routed_to(nat, (IPV4_DEFAULT, UNKNOWN)):
            return None
        tables: dict[RouteTable, None] = {}
        for route in self.linked(Route, "target", nat):
            if route.destination == IPV4_DEFAULT:
                if (
                    not self.exists_with(route, nat)
                    or not isinstance(route.table, RouteTable)
                    or self.clashing_routes(route.table)
                ):
                    return None
                tables[route.table] = None
        return list(tables)

    @cached
    def clashing_routes(self, table: RouteTable) -> list[Route]:
        """The table's 0.0.0.0/0 routes that surely exist, when they go to two or more gateways of the run: a
        table holds one route per destination, so which gateway its subnets would use cannot be known (N routes
        to N NAT gateways made each assess every subnet of the table: N x N). One route seen twice (a deployed
        aws_route_table lists the aws_route resources' routes too) has one target."""
        routes = self.default_routes(table, IPV4_DEFAULT) or []
        targets = {id(r.target) for r in routes if isinstance(r.target, Resource)}
        return routes if len(targets) > 1 else []

    @cached
    def _candidates(self) -> tuple[dict[int, list[tuple[int, Route]]], dict[int, list[_MaybeRoutes]]]:
        """By resource, the routes whose target cannot be known that may be it, each with its place among the run's
        routes: those whose `candidates` are their own (`!If [C, !Ref NatA, !Ref NatB]`), listed under each (not one
        of another VPC: a route's target is in its table's VPC); and those that share one sequence (any NAT gateway
        of a plan: `Mapper.nat_gateways`), a group listed once and by their tables' VPCs, given once to each of its
        resources (each route listed under each of its candidates was N x N entries for N routes each of which may
        be any of N NAT gateways). Each route once under each resource."""
        sharing: dict[int, list[tuple[int, Route]]] = {}
        for place, route in enumerate(self.of(Route)):
            if route.candidates:
                sharing.setdefault(id(route.candidates), []).append((place, route))
        own: dict[int, list[tuple[int, Route]]] = {}
        shared: dict[int, list[_MaybeRoutes]] = {}
        for routes in sharing.values():
            if len(routes) == 1:
                route = routes[0][1]
                vpc = route.table.vpc if isinstance(route.table, RouteTable) else None
                for res in route.candidates:
                    other = self.nat_vpc(res) if isinstance(res, NatGateway) else None
                    listed = own.setdefault(id(res), [])
                    if not (isinstance(vpc, Vpc) and isinstance(other, Vpc) and other is not vpc) and (
                        not listed or listed[-1] is not routes[0]  # (each route once)
                    ):
                        listed.append(routes[0])
                continue
            group = _MaybeRoutes()
            for place, route in routes:
                vpc = route.table.vpc if isinstance(route.table, RouteTable) else None
                group.add(place, route, id(vpc) if isinstance(vpc, Vpc) else None)
            for res in routes[0][1].candidates:
                shared.setdefault(id(res), []).append(group)
        return own, shared

    @cached
    def _maybe_route_lists(
        self, res: Resource, destinations: frozenset[object] | None
    ) -> list[list[tuple[int, Route]]]:
        """The routes whose target cannot be known but may be `res` (an undecided `Fn::If` between it and another
        gateway) that have one of `destinations` (None: any), as lists in the run's order, each route once: those
        whose candidates are their own, and of each group that shares them (`_candidates`) those in `res`'s VPC and
        those whose VPC cannot be known (a route's target is in its table's VPC: a NAT gateway of another VPC is
        none), or all of them where the NAT gateway's VPC cannot be known (or it is no NAT gateway). Once per
        resource and destinations."""
        own, shared = self._candidates()
        found = own.get(id(res), [])
        if destinations is not None:
            found = [(n, route) for n, route in found if _has_destination(route, destinations)]
        lists = [found] if found else []
        groups = shared.get(id(res))
        if groups:
            other = self.nat_vpc(res) if isinstance(res, NatGateway) else None
            vpc = id(other) if isinstance(other, Vpc) else _ANY_VPC
            lists += [found for group in dict.fromkeys(groups) for found in group.matching(vpc, destinations)]
        return lists

    def maybe_routes(self, res: Resource, destinations: tuple[object, ...], first: int) -> tuple[list[Route], int]:
        """Of the routes whose target cannot be known but may be `res` (an undecided `Fn::If` between it and another
        gateway, any NAT gateway of a plan), those that have one of `destinations`: the first `first` of them, each
        once, and how many there are. (Found by groups of routes, not route by route: N routes each of which may be
        any of N NAT gateways.)"""
        lists = self._maybe_route_lists(res, frozenset(destinations))
        return [route for _, route in _in_place_order(lists, first)], sum(map(len, lists))

    def may_be_routed_to(self, res: Resource, destinations: tuple[object, ...]) -> bool:
        """Whether a route whose target cannot be known but may be `res` (`maybe_routes`) has one of
        `destinations`."""
        return bool(self._maybe_route_lists(res, frozenset(destinations)))

    @cached
    def _unplaced_subnets(self) -> dict[int, _Unplaced]:
        """By template, the subnets whose route table cannot be known: those that may be on any table of their VPC
        (by VPC, None for a VPC that cannot be known), and those on one of some route tables (by each of them), each
        with its place among the template's unplaced subnets. A table's (`unplaced_subnets`) are found in them, not by
        asking each unplaced subnet of the template whether it may be on it: N subnets each on one of N route tables
        (`aws_route_table.private[var.i]`), or on a table of a variable's id, were N x N questions."""
        found: dict[int, _Unplaced] = {}
        for subnet in self.of(Subnet):
            if self.effective_route_table(subnet) is not UNKNOWN:
                continue
            index = found.setdefault(id(subnet.template), _Unplaced())
            place = (index.count, subnet)
            index.count += 1
            tables = self._route_table_choices(subnet)[0]
            if not tables:
                index.anywhere.append(place)
                index.by_vpc.setdefault(id(subnet.vpc) if isinstance(subnet.vpc, Vpc) else None, []).append(place)
            for table in dict.fromkeys(tables):
                index.on.setdefault(id(table), []).append(place)
        return found

    def _anywhere(self, table: RouteTable) -> list[list[tuple[int, Subnet]]]:
        """The unplaced subnets of the table's template that may be on any table of their VPC and so on this one:
        those of its VPC and those of a VPC that cannot be known (all of them, where the table's cannot be), as lists
        in their order."""
        index = self._unplaced_subnets().get(id(table.template))
        if index is None:
            return []
        if not isinstance(table.vpc, Vpc):
            return [index.anywhere]
        return [index.by_vpc.get(id(table.vpc), []), index.by_vpc.get(None, [])]

    def _one_of_on(self, table: RouteTable) -> list[tuple[int, Subnet]]:
        """The unplaced subnets of the table's template on one of some route tables, it among them (of its VPC, or
        where either VPC cannot be known), in their order."""
        index = self._unplaced_subnets().get(id(table.template))
        return [
            (n, s)
            for n, s in (index.on.get(id(table), []) if index is not None else [])
            if s.vpc is table.vpc or not isinstance(s.vpc, Vpc) or not isinstance(table.vpc, Vpc)
        ]

    @cached
    def unplaced_subnets(self, table: RouteTable) -> list[Subnet]:
        """Subnets of the table's template that cannot be placed and may use it: those of its VPC (a
        subnet's route table is one of its own VPC's), or of a VPC that cannot be known, but not those on one of
        some other route tables (`route_table_choices`)."""
        return [s for _, s in _in_place_order([*self._anywhere(table), self._one_of_on(table)])]

    def unplaced_beside(self, table: RouteTable, alike: frozenset[int], first: int) -> tuple[list[Subnet], int]:
        """Of `unplaced_subnets(table)`, those that may use another table than one of `alike` (by id: `on_one_of`):
        the first `first` of them, and how many there are. (Those that may be on any table of their VPC are counted,
        not listed: a NAT gateway's explanation asks for each of its N route tables.)"""
        anywhere = self._anywhere(table)
        beside = [(n, s) for n, s in self._one_of_on(table) if not self.on_one_of(s, alike)]
        return [s for _, s in _in_place_order([*anywhere, beside], first)], sum(map(len, anywhere)) + len(beside)

    def unplaced_among(self, table: RouteTable, alike: frozenset[int]) -> list[Subnet]:
        """Of `unplaced_subnets(table)`, those on one of some route tables that are all among `alike` (by id): one
        of them is theirs, whichever it is (`on_one_of`). (Those that may be on any table are none of them.)"""
        return [s for _, s in self._one_of_on(table) if self.on_one_of(s, alike)]

    @cached
    def subnets_using(
        self, table: RouteTable, alike: frozenset[int] = frozenset(), viewer: Resource | None = None
    ) -> list[Subnet] | None:
        """Subnets whose effective route table is `table`; None when some could not be placed. With `alike` (route
        tables by id that route as `table` does, it among them: those that send 0.0.0.0/0 to one NAT gateway), also
        the subnets on one of some route tables that are all among them (`route_table_choices`): whichever it is, they
        route alike. With `viewer`, those wherever it exists (`open_to`)."""
        if self.open_to(table, viewer) or any(self._anywhere(table)):
            return None  # (a subnet that may be on any table of its VPC is on one of `alike` only by chance)
        unplaced = self._one_of_on(table)
        sure = [s for _, s in unplaced if self.on_one_of(s, alike)]
        if len(sure) < len(unplaced):
            return None
        if any(not isinstance(a.subnet, Subnet) for a in self.linked(RouteTableAssociation, "table", table)):
            return None
        # (one on one of some tables, this among them, may put a subnet outside the run on it: `subnet_id = var.s`)
        if any(
            not isinstance(a.subnet, Subnet) and a.table is UNKNOWN
            for a in self.linked(RouteTableAssociation, "tables", table)
        ):
            return None
        return [*self.subnets_surely_using(table), *sure]

    @cached
    def on_one_of(self, subnet: Subnet, tables: frozenset[int]) -> bool:
        """Whether the subnet's route table, which cannot be known, is one of `tables` (by id) whichever it is: each
        table it may be on (`route_table_choices`) is among them. (Once per subnet and set of tables: a NAT gateway's
        N route tables ask it of each subnet that may be on them.)"""
        choices = self._route_table_choices(subnet)[1]
        return bool(choices) and choices <= tables

    def subnets_surely_on(self, tables: list[RouteTable]) -> list[Subnet]:
        """The subnets known to use one of `tables`, table by table: those placed on it, and those whose route table
        cannot be known but is among `tables` whichever it is (`on_one_of`), so they route as the tables do."""
        ids = frozenset(map(id, tables))
        subnets: dict[Subnet, None] = {}
        for table in tables:
            subnets.update(dict.fromkeys(self.subnets_surely_using(table)))
            subnets.update((s, None) for s in self.unplaced_among(table, ids))
        return list(subnets)

    @cached
    def subnets_surely_using(self, table: RouteTable) -> list[Subnet]:
        """The subnets of the run known to use `table`, whatever others may (`subnets_using`)."""
        assocs = self.linked(RouteTableAssociation, "table", table)
        candidates = [a.subnet for a in assocs if isinstance(a.subnet, Subnet)]
        if table.main and isinstance(table.vpc, Vpc):
            candidates += self.linked(Subnet, "vpc", table.vpc)
        return [s for s in dict.fromkeys(candidates) if self.effective_route_table(s) is table]

    @cached
    def nat64_target(self, nat: NatGateway) -> bool | None:
        """Whether a route sends 64:ff9b::/96 to it (it is the NAT64 of IPv6-only clients); None when a
        route that may do so may not exist or goes to a destination that cannot be known."""
        verdict: bool | None = False
        for route in self.linked(Route, "target", nat):
            if self.nat64_part(route) and self.exists_with(route, nat):
                return True
            if self.nat64_part(route) is not False:
                verdict = None
        if self.may_be_routed_to(nat, (NAT64_PART, UNKNOWN)):
            verdict = None  # (a route whose target may be it)
        return verdict

    @staticmethod
    def nat64_part(route: Route) -> bool | None:
        """Whether the route's destination holds some of DNS64's addresses (64:ff9b::/96): the prefix itself, one
        covering it (`64:ff9b::/64`) or a part of it (`64:ff9b::/104`): a NAT gateway it goes to translates them, so
        removing that gateway breaks them as much as a /96 route's; None when the destination cannot be known."""
        return None if route.destination is UNKNOWN else _holds_nat64(route.destination)

    @staticmethod
    def in_outputs(res: Resource) -> bool:
        """Named by an output, exported or not (a deliberate static egress IP, for instance)."""
        return res.id in res.template.in_outputs or Network.is_open(res)

    def eip_users(self, eip: Resource) -> list[Resource]:
        """What else in the run names the Elastic IP (a WAF IP set, a DNS record, a security group rule, a
        parameter): its address is relied on as a static egress address, as an output's is."""
        return [r for r in self.referrers(eip) if not isinstance(r, NatGateway) and r.type not in EIP_HOLDERS]

    def static_egress(self, nat: NatGateway) -> tuple[str, Resource, Resource | None] | None:
        """Why the NAT gateway's address is surely a static egress address someone relies on: "kept" (a deletion
        policy that keeps its Elastic IP, an address of the account's own: `hints["static_ip"]`), "output" (it or
        its Elastic IP is in the outputs) or "named" (another resource names its Elastic IP, the third item);
        with the resource that says it. None when nothing does."""
        if "static_ip" in nat.hints:
            return "kept", nat, None
        for eip in [nat.eip, *nat.eips]:
            if not isinstance(eip, Resource):
                continue
            if self.in_outputs(eip):
                return "output", eip, None
            if "static_ip" in eip.hints:
                return "kept", eip, None
            if users := self.eip_users(eip):
                return "named", eip, users[0]
        return ("output", nat, None) if self.in_outputs(nat) else None

    def nat_cost(self, nat: NatGateway) -> NatCost:
        """What keeping the NAT gateway costs before traffic; for the one standing for an unknown count of them, not
        estimated (the bill of each is known, not how many there are)."""
        cost = NatCost(1, nat.zones, self.billed_addresses(nat), bool(nat.regional))
        if COUNT in nat.unknown:  # (a Terraform count or for_each: only they leave it unknown)
            why = f"how many: its {count_setting(nat)} {nat.unknown[COUNT]}"
            cost = replace(cost, zones=None, addresses=None, why=why)
        return cost

    @staticmethod
    def billed_addresses(nat: NatGateway) -> int | None:
        """The public IPv4 addresses the NAT gateway is billed for: those of a BYOIP pool are not (a private one
        holds none: its loader says 0)."""
        if nat.addresses is None:
            return None
        own = sum(1 for eip in nat.eips if isinstance(eip, Resource) and BYOIP in eip.hints)
        return max(nat.addresses - own, 0)

    def eip_exposed(self, nat: NatGateway) -> bool | None:
        if self.static_egress(nat) is not None:
            return True
        eips: list[Resource | Unknown] = nat.eips or ([nat.eip] if nat.eip is not None else [])
        if any(eip is UNKNOWN for eip in eips):
            return None  # an existing allocation passed in: likely an address someone relies on
        if any(isinstance(eip, Resource) and MAYBE_STATIC in eip.hints for eip in eips):
            return None  # (its pool or its chosen address cannot be known)
        if any(isinstance(r, Resource) and r.id in r.template.maybe_in_outputs for r in [nat, *eips]):
            return None  # an output under a condition this run cannot decide
        return False

    @cached
    def ipv6_egress_gaps(self, fn: Function) -> dict[Step, list[Resource]] | None:
        """Migration steps this function still lacks for IPv6 egress, in order, each with the resources
        that lack it (the VPC, the IPv4-only subnets, the route tables, the groups, the function);
        None if undecidable."""
        if fn.subnets is UNKNOWN or fn.security_groups is UNKNOWN:
            return None
        steps: dict[Step, list[Resource]] = {}
        vpc = self.function_vpc(fn)
        if not isinstance(vpc, Vpc):
            return None
        has_block = self.vpc_has_ipv6(vpc)
        public = self.vpc_ipv6_public(vpc) if has_block else False
        if has_block is None or public is None:
            return None
        if not has_block or not public:  # (a private block: the internet needs an Amazon-provided one)
            steps["vpc-ipv6"] = [vpc]
        kinds = {self.subnet_kind(m.target, fn) for m in fn.subnets}
        if "unknown" in kinds:
            return None
        ipv4_only = [
            m.target
            for m in fn.subnets
            if isinstance(m.target, Subnet) and self.subnet_kind(m.target, fn) == "ipv4-only"
        ]
        if ipv4_only:
            steps["subnet-ipv6"] = list(dict.fromkeys(ipv4_only))
        if "ipv6-only" in kinds:  # (E9603: it cannot deploy there, so it has no egress yet; nor, there, the NAT
            steps["ipv6-only-subnet"] = list(  # gateway's 0.0.0.0/0, which IPv6-only hosts cannot use)
                dict.fromkeys(m.target for m in fn.subnets if isinstance(m.target, Subnet) and m.target.ipv6_native)
            )
        lacking: dict[Resource, None] = {}
        public_subnets: dict[Resource, None] = {}
        for m in fn.subnets:
            tables = self.route_tables_of(m.target)  # (on one of some: lacking when each of them lacks it)
            found = [self.default_routes(table, IPV6_DEFAULT) for table in tables]
            outs = [self.ipv6_out(None if routes is None else {r.target_kind for r in routes}) for routes in found]
            out = agreed(outs) if tables else None
            if out is None and not lacking:
                return None
            if out is False:
                if isinstance(m.target, Subnet) and self.igw_routes(m.target):
                    public_subnets[m.target] = None  # (W9611: no egress-only gateway in a table other hosts share)
                    continue
                for table, routes in zip(tables, found, strict=True):
                    if routes:  # (::/0 to a peering connection: a table holds one route per destination, so its
                        lacking.update(dict.fromkeys(routes))  # target changes; a second ::/0 route fails to deploy)
                    else:
                        lacking[table] = None
        if public_subnets:  # (leaving them, the functions need no IPv6 there)
            steps["public-subnet"] = list(public_subnets)
            kept = [s for s in steps.pop("subnet-ipv6", []) if s not in public_subnets]
            if kept:
                steps["subnet-ipv6"] = kept
        if lacking:
            steps["ipv6-route"] = list(lacking)
        groups = [m.target for m in fn.security_groups]
        verdicts = [self.sg_allows_ipv6_egress(g) for g in groups]
        if True not in verdicts:  # (rules of all its groups add up: one that allows IPv6 decides it)
            if None in verdicts:
                return None
            steps["sg-ipv6"] = [g for g in groups if isinstance(g, Resource)]
        elif self.ipv6_tcp_ports(fn)[1] == []:  # (IPv6 egress on UDP or ICMP only: no HTTPS leaves)
            steps["sg-ipv6"] = [g for g in groups if isinstance(g, Resource)]
        blocking = self.acls_blocking_ipv6(fn, limiting=True)
        if blocking is None:
            return None
        if blocking:
            steps["acl-ipv6"] = [v.acl for v in blocking]
        if fn.dualstack is None:
            return None
        if not fn.dualstack:
            steps["function-flag"] = [fn]
        unsupported = self.dns_order_unsupported(fn)
        if unsupported is None and not self.accepts_ipv6first(fn):
            return None  # (RULES.md E9633: ipv6first crashes Node 18 and older; a later Node runs either way)
        if unsupported:
            order = self.dns_result_order(fn)
            wants_ipv6first = isinstance(order, str) and order.lower() == "ipv6first"
            steps["node-runtime" if wants_ipv6first and self.node_before_ipv6first(fn) else "node-options"] = [fn]
        if not steps and self.pinned_aliases(fn):
            return None  # (callers run a version published earlier: its VPC settings are not the files')
        return steps

    def pinned_aliases(self, fn: Function) -> list[Alias]:
        """Aliases of the function that name a version by its number: one published earlier, which keeps the
        VPC settings it had then, whatever the files say now."""
        return [a for a in self.linked(Alias, "function", fn) if a.pinned]

    @classmethod
    def sdk_dualstack(cls, fn: Function) -> bool | None:
        """Whether AWS SDKs in the function use dual-stack endpoints (`AWS_USE_DUALSTACK_ENDPOINT=true`),
        as its runtime's SDK reads the value (`runtimes.sdk_reads_true`: `TRUE` is unset on Node.js)."""
        value = cls.env_value(fn, "AWS_USE_DUALSTACK_ENDPOINT")
        if value is UNKNOWN:
            return None
        return False if value is None else runtimes.sdk_reads_true(fn.runtime, value)

    @cached
    def sends_no_ipv4(self, fn: Function) -> bool:
        """Whether the function surely sends no IPv4 traffic out of its VPC, so none to a NAT gateway (RULES.md
        "Egress hosts": it never egresses through one): each of its security groups known, not open to rules other
        stacks add, and letting out IPv6 ranges only, or nothing (`EgressRule.ipv4`). Unknown is not none."""
        groups = self.members(fn.security_groups)
        if fn.security_groups is UNKNOWN or not groups:
            return False
        for m in groups:  # (most groups let IPv4 out inline: said before their standalone rules are looked up)
            sg = m.target
            if not isinstance(sg, SecurityGroup) or sg.egress is UNKNOWN:
                return False
            if any(rule.ipv4 is not False for rule in sg.egress) or self.is_open(sg):
                return False
            if any(r.rule.ipv4 is not False for r in self.linked(SecurityGroupEgress, "group", sg) if r.rule):
                return False
        return True

    def nat_users(self, functions: list[Function]) -> list[Function]:
        """Of the functions behind a NAT gateway, those that may send it traffic: one that sends no IPv4 uses none,
        and its gaps do not keep the gateway. Where none may, all are named, as hosted (RULES.md W9650: a consumer
        subnet hosting a function)."""
        users = [fn for fn in functions if not self.sends_no_ipv4(fn)]
        return users or functions

    @cached
    def nat_consumers(self, nat: NatGateway) -> tuple[list[RouteTable], list[Subnet], list[Function]] | None:
        """The route tables that send 0.0.0.0/0 to the NAT gateway, the subnets that use them and the
        functions in those subnets; None when some of them cannot be known."""
        tables = self.nat_tables(nat)
        if tables is None:
            return None
        subnets: list[Subnet] = []
        ids = frozenset(map(id, tables))
        for table in tables:
            using = self.subnets_using(table, ids, nat)
            if using is None:
                return None
            subnets += using
        subnets = list(dict.fromkeys(subnets))  # once each (a `not in` list check is quadratic)
        return tables, subnets, list(dict.fromkeys(fn for s in subnets for fn in self.functions_in_subnet(s)))

    def functions_maybe_behind(self, nat: NatGateway) -> list[Function]:
        """Functions of the NAT gateway's template whose subnets cannot all be known: any may use it, but one of
        another region than the gateway (both known: a Terraform resource's own `region`) is in none of its subnets,
        which are of its region."""
        return [fn for fn in self._placed_vaguely(nat.template) if not apart(fn, nat)]

    @cached
    def nat_consumers_known(self, nat: NatGateway) -> tuple[list[RouteTable], list[Subnet], list[Function]]:
        """What `nat_consumers` finds among the route tables and subnets that can be known, when others
        cannot: a tenant there that egresses blocks the NAT gateway whatever the others are."""
        tables: dict[RouteTable, None] = {}
        for route in self.linked(Route, "target", nat):
            if route.destination != IPV4_DEFAULT or not self.exists_with(route, nat):
                continue  # (a route that may not exist makes no subnet a consumer for sure)
            if not isinstance(route.table, RouteTable):
                continue
            if self.clashing_routes(route.table):
                continue  # (nor one of several for 0.0.0.0/0 in its table: which would stay is not known)
            tables[route.table] = None
        subnets = self.subnets_surely_on(list(tables))
        return list(tables), subnets, list(dict.fromkeys(fn for s in subnets for fn in self.functions_in_subnet(s)))

    @cached
    def nat_assessment(self, nat: NatGateway) -> NatAssessment | None:
        """Consumers and missing IPv6 steps of a NAT gateway serving only Lambda; None if not decidable."""
        consumers = self.nat_consumers(nat) if nat.public is True else None  # a private one: no internet egress
        if consumers is None or not consumers[0]:
            return None
        tables, subnets, hosted = consumers
        if not hosted:
            return None
        functions = self.nat_users(hosted)
        if any(self.hosts_only_lambda(s) is not True for s in subnets):
            return None
        if not {fn for fn in self.functions_maybe_behind(nat) if not self.sends_no_ipv4(fn)} <= set(hosted):
            return None  # another function may sit behind it, not ready for all we know
        if self.nat64_target(nat) is not False or self.eip_exposed(nat) is not False:
            return None
        found: dict[Step, dict[Resource, None]] = {}  # in order, once each
        for fn in functions:
            gaps = self.ipv6_egress_gaps(fn)
            if gaps is None:
                return None
            for step, lacking in gaps.items():
                found.setdefault(step, {}).update(dict.fromkeys(lacking))
        missing = {step: list(found[step]) for step in MIGRATION_STEPS if step in found}
        sdk_unset = [fn for fn in functions if self.sdk_dualstack(fn) is False]
        node_unset = [fn for fn in functions if self.node_order_unset(fn)]
        cost = self.nat_cost(nat)
        apis = [a for fn in functions for a in self.called_by(fn) if isinstance(a, Api) and self.ipv4_only_api(a)]
        return NatAssessment(
            nat,
            subnets,
            functions,
            tables,
            missing,
            sdk_unset,
            node_unset,
            cost,
            apis=[
                a for a in dict.fromkeys(apis) if a.private is False and not self.private_apis_only(a)
            ],  # (a private one is reached through an endpoint)
            responders=[fn for fn in functions if self.custom_resources(fn) and self.s3_endpoint_lacking(fn)],
            dns64=[s for s in subnets if self.dns64_unrouted(s) and self.functions_in_subnet(s)],
        )

    def dns64_unrouted(self, subnet: Subnet) -> bool:
        """Whether the subnet surely has DNS64 on and surely no route for 64:ff9b::/96 to a NAT64 (what W9612 finds
        once its functions allow IPv6): one not IPv6-only, whose route table (each it may be on) has no such route."""
        if subnet.dns64 is not True or self.subnet_kind(subnet) not in ("dual-stack", "ipv4-only"):
            return False
        tables = self.route_tables_of(subnet)
        return bool(tables) and all(self.nat64_reachable(t) is False for t in tables)

    def nat_leaving(self, subnet: Subnet) -> NatAssessment | None:
        """The assessment (W9650's or I9651's) of the NAT gateway that can go whose `dns64` names the subnet: a NAT64
        route to it would keep it, so W9612 leads with turning DNS64 off there. None when there is none."""
        return self._leaving().get(id(subnet))

    @cached
    def _leaving(self) -> dict[int, NatAssessment]:
        return {id(s): a for a in self.nat_candidates() for s in a.dns64}

    @staticmethod
    def is_custom_resource(res: Resource) -> bool:
        return res.type.startswith("Custom::") or res.type == CUSTOM_RESOURCE

    def custom_resources(self, fn: Function) -> list[Resource]:
        """The custom resources the function answers (their ServiceToken names it)."""
        return [r for r in self.referrers(fn) if self.is_custom_resource(r)]

    def s3_endpoint_lacking(self, fn: Function) -> bool:
        """Whether some subnet of the function surely has no S3 gateway endpoint on its route table."""
        return any(self.s3_endpoint_lacking_in(m.target) is True for m in self.members(fn.subnets))

    def s3_endpoint_lacking_in(self, subnet: Resource | Unknown) -> bool | None:
        """Whether the subnet's route table surely has no S3 gateway endpoint; on one of some route tables, what
        they all answer alike (None where they disagree, or one cannot be known, or the table cannot)."""
        tables = self.route_tables_of(subnet)
        on = [self.gateway_endpoint_on(t, "s3") for t in tables]
        return agreed([None if has is None else not has for has in on]) if tables else None

    def private_apis_only(self, api: Api) -> bool:
        """A custom domain name whose every mapping of the run (one at least, one there for sure) maps a private
        REST API: a private API answers only through an interface VPC endpoint, so no client reaches it through the
        domain's own endpoint, IPv4 or IPv6, and the domain's IP address type decides nothing (the way to give a
        private API a custom name before private domains: a Regional domain, reached at the endpoint)."""
        if api.api_type != "domain":
            return False
        named = self._mappings_by_name().get(api.domain_name, []) if api.domain_name else []
        mappings = [*self.linked(ApiMapping, "domain", api), *named]
        if not mappings or all(m.conditional for m in mappings):
            return False
        return all(isinstance(m.api, Api) and m.api.private is True for m in mappings)

    @cached
    def _mappings_by_name(self) -> dict[str, list[ApiMapping]]:
        """Mappings that name their domain by its name as text (a Terraform `domain_name`, which a reference to the
        domain's `domain_name` evaluates to), by that name."""
        found: dict[str, list[ApiMapping]] = defaultdict(list)
        for mapping in self.of(ApiMapping):
            if mapping.domain_name:
                found[mapping.domain_name].append(mapping)
        return found

    @staticmethod
    def ipv4_only_api(api: Api) -> bool:
        """An API whose default endpoint surely takes IPv4 clients only (I9640)."""
        value = api.ip_address_type
        if api.default_endpoint is not True or api.conditional or value is UNKNOWN:
            return False
        return not (isinstance(value, str) and value.lower() == "dualstack")

    def node_order_unset(self, fn: Function) -> bool:
        """A Node.js function that would not ask for IPv6 addresses first once its egress is IPv6 only (what
        I9632 then finds); one whose NODE_OPTIONS Node rejects is a migration step of its own."""
        major, order = self.node_major(fn), self.dns_result_order(fn)
        if not isinstance(major, int) or order is UNKNOWN or order == "ipv6first":
            return False
        return self.dns_order_unsupported(fn) is False

    @cached
    def _copies(self) -> dict[tuple[str, str], list[Resource]]:
        found: dict[tuple[str, str], list[Resource]] = defaultdict(list)
        for res in self.resources:
            if res.template.path:
                found[(res.template.path, res.id)].append(res)
        return found

    def copies_kept(self, nat: NatGateway) -> list[NatGateway]:
        """The same NAT gateway of the same file nested by other parents (each builds its own copy, with
        what it passes) where it cannot go: removing it from the file removes it there too."""
        ready = self.ready_nats()
        return [
            c
            for c in self._copies().get((nat.template.path, nat.id), [])
            if c is not nat and c.template is not nat.template and isinstance(c, NatGateway) and id(c) not in ready
        ]

    @staticmethod
    def nat_vpc(nat: NatGateway) -> Vpc | None:
        """The VPC a NAT gateway is in: its own (a regional one's), else its subnet's; None if unknown."""
        if isinstance(nat.vpc, Vpc):
            return nat.vpc
        if isinstance(nat.subnet, Subnet) and isinstance(nat.subnet.vpc, Vpc):
            return nat.subnet.vpc
        return None

    def has_nat_gateway(self, vpc: Resource | Unknown | None) -> bool | None:
        """Whether the VPC has a NAT gateway in this run; None when one may be there unseen."""
        if not isinstance(vpc, Vpc):
            return None
        nats = self.of(NatGateway)
        if any(self.nat_vpc(n) is vpc for n in nats):
            return True
        return None if self.is_open(vpc) or any(self.nat_vpc(n) is None for n in nats) else False

    def goes_alone(self, nat: NatGateway, going: list[NatGateway]) -> bool:
        """Whether the NAT gateways `going` (with `nat`) can go without the rest of its group: always,
        but a count's go only all together, as do a CDK ec2.Vpc's, but its last ones (`cdk_kept`); a member
        nothing uses can go with them. A for_each's go alone: each when its key leaves the for_each."""
        if nat.group is None or nat.each is not None:
            return True
        if self._used_in(_group_key(nat)) <= {id(n) for n in (nat, *going)}:
            return True
        return self.cdk_kept(nat, going) is not None

    def cdk_kept(self, nat: NatGateway, going: list[NatGateway]) -> int | None:
        """The natGateways count of its CDK ec2.Vpc that removes the NAT gateways `going` (with `nat`, and the
        members after them nothing uses) and keeps the others: CDK makes them in its public subnets in order
        and natGateways: n keeps the first n, routing the other zones' private subnets through them. None
        where that is no smaller count: no ec2.Vpc's, all of them go, one after them stays, or the order
        cannot be told."""
        ranks = self._cdk_ranks(nat)
        if ranks is None:
            return None
        gone = {id(n) for n in (nat, *going) if id(n) in ranks}
        first = min(ranks[i] for i in gone)
        if any(ranks[i] > first and i not in gone for i in self._used_in(_group_key(nat))):
            return None
        import bisect  # (CDK's NAT gateways only: 0.1 ms of every other run's start-up, issue #14)

        kept = bisect.bisect_left(self._cdk_order(_group_key(nat)), first)  # (the ranks, sorted: those before `first`)
        return kept or None  # (none kept: natGateways: 0, the construct's own removal)

    def cdk_after(self, nat: NatGateway, going: list[NatGateway]) -> list[NatGateway] | None:
        """Of its CDK ec2.Vpc's NAT gateways, those after the NAT gateways `going` (with `nat`) that something uses
        and that do not go with them, in CDK's order: a smaller natGateways keeps the first ones, so these keep
        `going` too until they can go with them. None where the order cannot be told (`_cdk_ranks`)."""
        if self._cdk_ranks(nat) is None:
            return None
        return self._cdk_after(_group_key(nat), frozenset(id(n) for n in (nat, *going)))

    @cached
    def _cdk_after(self, group: tuple[int, str], gone: frozenset[int]) -> list[NatGateway]:
        """`cdk_after`, once for each group and set of gateways going (the same for each gateway of them)."""
        members = self._groups()[group]
        ranks = self._cdk_ranks(members[0]) or {}
        first = min(ranks[i] for i in gone if i in ranks)
        used = self._used_in(group)
        after = [n for n in members if ranks[id(n)] > first and id(n) not in gone and id(n) in used]
        return sorted(after, key=lambda n: ranks[id(n)])

    @cached
    def ready_nats(self) -> set[int]:
        """The NAT gateways (by id) W9650 finds removable: their functions have IPv6 egress."""
        ready = {id(a.nat) for a in self.nat_candidates() if not a.missing}
        return ready | {id(n) for a in self.nat_candidates() if not a.missing for n in a.like}

    def _cdk_ranks(self, nat: NatGateway) -> dict[int, int] | None:
        """Each NAT gateway of its ec2.Vpc (by id), with the number of the public subnet it is in
        (`…/PublicSubnet2/NATGateway`: 2); None for no ec2.Vpc's, or subnets of several groups or numbers."""
        if nat.group is None or not nat.type.startswith("AWS::"):
            return None
        return self._group_ranks(_group_key(nat))

    @cached
    def _group_ranks(self, group: tuple[int, str]) -> dict[int, int] | None:
        """`_cdk_ranks`, once for each group: each gateway's path is read once, not once for each gateway of it."""
        ranks: dict[int, int] = {}
        prefixes = set()
        for n in self._groups()[group]:
            found = _CDK_NAT_RANK.search(n.path or "")
            if found is None:
                return None
            prefixes.add(found.group(1))
            ranks[id(n)] = int(found.group(2))
        return ranks if len(prefixes) == 1 and len(set(ranks.values())) == len(ranks) else None

    def group_of(self, nat: NatGateway) -> list[NatGateway]:
        """The NAT gateways one setting makes with it (a count or for_each, a CDK ec2.Vpc's natGateways), itself
        included."""
        if nat.group is None:
            return [nat]
        return list(self._groups()[_group_key(nat)])

    @cached
    def _groups(self) -> dict[tuple[int, str], list[NatGateway]]:
        """The NAT gateways of each group (`group_of`), by template and group, in the run's order."""
        found: dict[tuple[int, str], list[NatGateway]] = defaultdict(list)
        for n in self.of(NatGateway):
            if n.group is not None:
                found[_group_key(n)].append(n)
        return found

    @cached
    def _used_in(self, group: tuple[int, str]) -> frozenset[int]:
        """The members of a group (`_group_key`) that something uses (not `unused`), by id: asked once for each."""
        return frozenset(id(n) for n in self._groups()[group] if not self.unused(n))

    @cached
    def _cdk_order(self, group: tuple[int, str]) -> list[int]:
        """The places of a CDK ec2.Vpc's NAT gateways (`_cdk_ranks`), sorted."""
        return sorted((self._group_ranks(group) or {}).values())

    @cached
    def _instances(self) -> dict[tuple[int, str], list[Resource]]:
        """The instances of each Terraform resource block with a count or for_each, by template and block."""
        found: dict[tuple[int, str], list[Resource]] = defaultdict(list)
        for res in self.resources:
            if res.key is not None:
                found[(id(res.template), res.block)].append(res)
        return found

    def instances(self, res: Resource) -> list[Resource]:
        """The instances its Terraform resource block makes (its count's or for_each's), itself included."""
        return self._instances().get((id(res.template), res.block), [res]) if res.key is not None else [res]

    def naming_every_instance(self, res: Resource) -> frozenset[int]:
        """The resources (by id) that reference every instance of its count or for_each, where it makes two or
        more: most often the block named whole (`values(aws_nat_gateway.zone)`, a plan's
        `aws_nat_gateway.zone[each.key]`, which Terraform records as the block), which one instance leaving
        leaves nothing dangling; but also every key named literally, which the caller tells apart as it can."""
        return self._naming_every((id(res.template), res.block)) if res.key is not None else frozenset()

    @cached
    def _naming_every(self, block: tuple[int, str]) -> frozenset[int]:
        """`naming_every_instance`, once per block (a plan's NAT gateways may be thousands of one for_each)."""
        instances = self._instances().get(block, [])
        if len(instances) < 2:
            return frozenset()
        counts: dict[int, int] = defaultdict(int)
        for instance in instances:
            for referrer in dict.fromkeys(self.referrers(instance)):
                counts[id(referrer)] += 1
        return frozenset(ident for ident, count in counts.items() if count == len(instances))

    @cached
    def _alike(self) -> dict[tuple[int, str, str], list[str]]:
        """The resource blocks of each module whose for_each is written alike: by template, module and
        expression."""
        found: dict[tuple[int, str, str], dict[str, None]] = defaultdict(dict)
        for res in self.resources:
            if res.each and res.key is not None:
                found[(id(res.template), module_of(res), res.each)][res.block] = None
        return {key: list(blocks) for key, blocks in found.items()}

    def for_each_alike(self, res: Resource) -> list[str]:
        """The resource blocks of its module whose for_each is written as its is (its own among them): the same
        value makes them; [] where its for_each cannot be named."""
        if not res.each or res.key is None:
            return []
        return self._alike().get((id(res.template), module_of(res), res.each), [])

    def unused_with(self, nat: NatGateway, going: list[NatGateway]) -> list[NatGateway]:
        """The members of its group that go with the NAT gateways `going` because nothing uses them (of a CDK
        ec2.Vpc's that keeps some, those after them: a smaller natGateways keeps the first ones)."""
        if nat.group is None:
            return []
        gone, used = {id(n) for n in (nat, *going)}, self._used_in(_group_key(nat))
        idle = [n for n in self.group_of(nat) if id(n) not in gone and id(n) not in used]
        ranks = self._cdk_ranks(nat) if self.cdk_kept(nat, going) is not None else None
        if ranks is not None:
            first = min(ranks[id(n)] for n in (nat, *going) if id(n) in ranks)
            idle = [n for n in idle if ranks[id(n)] > first]
        return idle

    def unused(self, nat: NatGateway) -> bool:
        """Nothing of the run sends traffic through the NAT gateway (no route to it, none that may be) and
        nothing relies on it from outside (it is not exported, its address not published or kept)."""
        return (
            not self.linked(Route, "target", nat)
            and not self._maybe_route_lists(nat, None)
            and not self.is_open(nat)
            and self.eip_exposed(nat) is False
            and all(isinstance(r, Route) for r in self.referrers(nat))  # (a function given its id may route to it)
        )

    @cached
    def nat_candidates(self) -> list[NatAssessment]:
        """Every NAT gateway serving only Lambda functions, like NAT gateways (one `count`, CDK's one per
        zone) merged into one assessment when they agree on readiness: their savings add up."""
        found = [(nat, self.nat_assessment(nat)) for nat in self.of(NatGateway)]
        assessed = [(nat, a) for nat, a in found if a is not None]
        ready = {id(nat): not a.missing for nat, a in assessed}
        groups: dict[tuple[object, ...], list[NatAssessment]] = {}
        last: dict[tuple[object, ...], tuple[dict[int, int], int] | None] = {}
        for nat, assessment in assessed:
            if nat.group:
                key: tuple[object, ...] = (id(nat.template), nat.group, ready[id(nat)])
                if key not in last:  # (once per group: a group may be thousands of NAT gateways)
                    last[key] = self._cdk_staying(nat, {i for i, r in ready.items() if r is ready[id(nat)]})
                found_last = last[key]
                # a CDK ec2.Vpc's: a smaller natGateways removes the last ones alike, keeping the first, but not
                # one before a gateway that stays (`cdk_kept`), which is judged apart
                key += (None if found_last is None else found_last[0][id(nat)] > found_last[1],)
            else:
                key = (id(nat),)
            groups.setdefault(key, []).append(assessment)
        return [self._with_idle(_merged(group)) for group in groups.values()]

    def _cdk_staying(self, nat: NatGateway, alike: set[int]) -> tuple[dict[int, int], int] | None:
        """Of a CDK ec2.Vpc's NAT gateways, their order (`_cdk_ranks`) and the last place of one that is used and
        not among `alike` (those as ready as `nat`, by id), 0 for none. None where that is no CDK order (a
        count's; the order unknown)."""
        ranks = self._cdk_ranks(nat)
        if ranks is None:
            return None
        staying = [ranks[i] for i in self._used_in(_group_key(nat)) if i not in alike]
        return ranks, max(staying, default=0)

    def _with_idle(self, assessment: NatAssessment) -> NatAssessment:
        """The assessment with the members of its group nothing uses, which go with it (one count makes them)."""
        nat = assessment.nat
        idle = self.unused_with(nat, assessment.like) if self.goes_alone(nat, assessment.like) else []
        if not idle:
            return assessment
        cost = assessment.cost
        shapes = [(n.zones, self.billed_addresses(n)) for n in idle]
        if all(shape == (cost.zones, cost.addresses) for shape in shapes):
            return replace(assessment, idle=idle, cost=replace(cost, count=cost.count + len(idle)))
        # unlike it (secondary addresses, a private one): the totals of them all, as one bill
        zones = [cost.zones, *(z for z, _ in shapes)]
        addresses = [cost.addresses, *(a for _, a in shapes)]
        if any(z is None for z in zones) or any(a is None for a in addresses):
            total = replace(cost, zones=None, addresses=None)
        else:
            total = replace(
                cost,
                count=1,
                zones=cost.count * (cost.zones or 0) + sum(z or 0 for z, _ in shapes),
                addresses=cost.count * (cost.addresses or 0) + sum(a or 0 for _, a in shapes),
                gateways=cost.count + len(idle),
            )
        return replace(assessment, idle=idle, cost=total)

    # ----- functions' egress and what they call --------------------------------------------

    @cached
    def called_by(self, fn: Function) -> list[Resource]:
        """Resources the function's configuration names as something it calls: environment values, and
        its role's policies (an `execute-api:Invoke` grant on an API)."""
        found = dict.fromkeys(fn.env_refs)
        policies: list[Resource] = list(fn.attached)
        if isinstance(fn.role, Role):
            policies += [fn.role, *self.linked(Policy, "roles", fn.role), *fn.role.attached]
        for policy in policies:
            found.update(dict.fromkeys(self._named_by(policy)))
        return list(found)

    @cached
    def _named_by(self, policy: Resource) -> list[Resource]:
        """What a policy names, found once (one role's policy may name thousands of APIs for as many functions)."""
        found = (self.get(policy.template, ref) for ref in sorted(policy.refs))
        return [target for target in found if target is not None]

    def callers(self, api: Api) -> list[Function]:
        """Functions in the run whose configuration names the API as something they call."""
        return self._callers().get(id(api), [])

    @cached
    def _callers(self) -> dict[int, list[Function]]:
        found: dict[int, list[Function]] = defaultdict(list)  # (once: APIs × functions × what each names was cubic)
        for fn in self.of(Function):
            for res in self.called_by(fn):
                if isinstance(res, Api):
                    found[id(res)].append(fn)
        return found


def agreed(answers: list[bool | None]) -> bool | None:
    """What every answer says, where they are one of some route tables' (one of them is a subnet's): None where one
    is None or they disagree."""
    first = answers[0] if answers else None
    return first if all(answer is first for answer in answers) else None


def _merged_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Port ranges sorted, those that overlap or touch made one (a group of 8,000 one-port rules is one range)."""
    out: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if out and low <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def _merged(group: list[NatAssessment]) -> NatAssessment:
    """One assessment for like NAT gateways: consumers and missing steps united, the cost counted."""
    first = group[0]
    if len(group) == 1:
        return first

    def union(lists: Iterable[list[R]]) -> list[R]:
        return list(dict.fromkeys(item for items in lists for item in items))

    found: dict[Step, list[Resource]] = {}
    for assessment in group:
        for step, lacking in assessment.missing.items():
            found[step] = union([found.get(step, []), lacking])
    return NatAssessment(
        first.nat,
        union(a.subnets for a in group),
        union(a.functions for a in group),
        union(a.tables for a in group),
        {step: found[step] for step in MIGRATION_STEPS if step in found},
        union(a.sdk_unset for a in group),
        union(a.node_unset for a in group),
        replace(first.cost, count=len(group)),
        [a.nat for a in group[1:]],
        union(a.apis for a in group),
        union(a.responders for a in group),
        dns64=union(a.dns64 for a in group),
    )


class _Unplaced:
    """`Network._unplaced_subnets` of one template: each subnet with its place among them (in the run's order)."""

    __slots__ = ("anywhere", "by_vpc", "count", "on")

    def __init__(self) -> None:
        self.count = 0
        #: Those that may be on any route table of their VPC, all of them and by VPC (None: one that cannot be known).
        self.anywhere: list[tuple[int, Subnet]] = []
        self.by_vpc: dict[int | None, list[tuple[int, Subnet]]] = {}
        #: Those on one of some route tables (`Network.route_table_choices`), by the id of each of them.
        self.on: dict[int, list[tuple[int, Subnet]]] = {}


def _place(item: tuple[int, Any]) -> int:
    return item[0]


def _in_place_order(lists: Sequence[Sequence[tuple[int, T]]], first: int | None = None) -> Iterable[tuple[int, T]]:
    """The items of `lists`, each list in the order of their places, in that order (the first `first` of them).
    heapq (0.3 ms of start-up, issue #14) only where two lists hold any: most runs have no such subnets or routes,
    or one list of them."""
    held = [found for found in lists if found]
    if len(held) > 1:
        import heapq

        merged = heapq.merge(*held, key=_place)
        return merged if first is None else itertools.islice(merged, first)
    return held[0][:first] if held else ()


#: `_MaybeRoutes.matching` of all a group's routes, whatever their VPC.
_ANY_VPC = -1


class _MaybeRoutes:
    """`Network._candidates`: the routes that share one sequence of candidate targets, each with its place among the
    run's routes, all of them and by the id of their table's VPC (None: one that cannot be known)."""

    __slots__ = ("_matching", "by_vpc", "routes")

    def __init__(self) -> None:
        self.routes: list[tuple[int, Route]] = []
        self.by_vpc: dict[int | None, list[tuple[int, Route]]] = {}
        self._matching: dict[tuple[int | None, frozenset[object] | None], list[tuple[int, Route]]] = {}

    def add(self, place: int, route: Route, vpc: int | None) -> None:
        self.routes.append((place, route))
        self.by_vpc.setdefault(vpc, []).append((place, route))

    def matching(self, vpc: int, destinations: frozenset[object] | None) -> list[list[tuple[int, Route]]]:
        """The routes that may be to a NAT gateway of VPC `vpc` (by id; `_ANY_VPC`: all of them), those of its VPC
        and those whose VPC cannot be known, that have one of `destinations` (None: any), as lists in their order,
        none empty; each list found once per destinations (asked for each NAT gateway the routes may be to)."""
        keys: tuple[int | None, ...] = (_ANY_VPC,) if vpc == _ANY_VPC else (vpc, None)
        return [found for key in keys if (found := self._kept(key, destinations))]

    def _kept(self, key: int | None, destinations: frozenset[object] | None) -> list[tuple[int, Route]]:
        found = self._matching.get((key, destinations))
        if found is None:
            found = self.routes if key == _ANY_VPC else self.by_vpc.get(key, [])
            if destinations is not None:
                found = [(n, route) for n, route in found if _has_destination(route, destinations)]
            self._matching[key, destinations] = found
        return found


def count_setting(nat: NatGateway) -> str:
    """What makes like NAT gateways together: a CDK ec2.Vpc's natGateways, a Terraform count or for_each."""
    return "natGateways" if nat.type.startswith("AWS::") else "for_each" if nat.each is not None else "count"
