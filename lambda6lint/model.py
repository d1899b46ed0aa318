"""The format-neutral resource graph's building blocks: what every loader produces and rules read.

Tri-state facts: a boolean fact is `True`, `False` or `None` (unknown); a reference is a resource,
`UNKNOWN` (a parameter, an import, a data source) or `None` (absent). Unknown facts never produce
findings, so loaders must say "unknown" rather than guess.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping, Sequence

from lambda6lint.records import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    import enum
    from typing import Any, ClassVar, Literal, TypeAlias


if TYPE_CHECKING:

    class Unknown(enum.Enum):
        """A value that exists but cannot be known statically (an enum, so `x is UNKNOWN` narrows types)."""

        UNKNOWN = "UNKNOWN"

    UNKNOWN = Unknown.UNKNOWN
else:

    class Unknown:
        """The enum's one member as type checkers see it, without making an enum class at start-up (0.56 Mi
        instructions, a fifth of this module's classes, issue #14): one object, pickled and copied as itself
        (a --jobs worker's UNKNOWN is the parent's), written as the enum's."""

        __slots__ = ()

        def __repr__(self) -> str:
            return "UNKNOWN"

        def __str__(self) -> str:
            return "Unknown.UNKNOWN"

        def __reduce__(self) -> str:
            return "UNKNOWN"

    UNKNOWN = Unknown()

#: Where a route sends its traffic (RULES.md "Route targets").
TargetKind: TypeAlias = (
    'Literal["igw", "eigw", "nat", "tgw", "vpce", "peering", "eni", "instance", "vgw", "other", "unknown"]'
)
#: What messages call each kind of route target.
TARGET_NAMES: dict[str, str] = {
    "nat": "NAT gateway",
    "eigw": "egress-only internet gateway",
    "igw": "internet gateway",
    "tgw": "transit gateway",
    "vpce": "VPC endpoint",
    "peering": "peering connection",
    "vgw": "virtual private gateway",
    "eni": "network interface",
    "instance": "instance",
    "other": "carrier gateway, local gateway or Cloud WAN core network",
    "unknown": "target that cannot be known",
}
#: RULES.md "Subnet kind".
SubnetKind: TypeAlias = 'Literal["dual-stack", "ipv4-only", "ipv6-only", "unknown"]'


#: The mark (`Resource.marks`) of a Terraform local module's resource where its root module calls the
#: module: a finding two roots share (one module's code) names the other root there (engine.py).
ROOT_CALL = "(root module call)"
#: The mark of a Terraform local module's resource, followed by a rule pattern, where the module call whose
#: ignore comment ignores that rule for it is: the plan's "kept on purpose" points at that call.
IGNORED_BY_CALL = "(ignored by module call) "
#: The fact (`Resource.unknown`, `.marks`) of an Elastic IP association whose network interface may be
#: a Lambda function's: in a public subnet the function may then have a public IPv4 address (W9611).
PUBLIC_ADDRESSES = "public_addresses"
#: The fact (`Resource.unknown`) of a resource whose number of instances cannot be known (an unknown `count`):
#: why, said of "its count".
COUNT = "count"
#: The fact (`Resource.unknown`) of a host that counts as one only because lambda6lint cannot tell whether it sends
#: internet traffic from the subnets it names (a kind it does not know, RULES.md "Egress hosts"; a VPC endpoint's type
#: or a load balancer's scheme that cannot be known): it keeps their NAT gateway from W9650 and I9651, and leaves it
#: undecided in the plan; why, and what decides it, as a clause said of it (explain's "what else runs in subnet X").
EGRESS = "egress"
#: The hint (`Resource.hints`) of an Elastic IP from a BYOIP address pool, the pool: its address is the
#: account's own, not billed as public IPv4 (aws-facts §9).
BYOIP = "byoip"
#: The hint of an Elastic IP that may be kept on purpose (a BYOIP pool, a chosen address), which a setting that
#: cannot be known decides: why.
MAYBE_STATIC = "static_ip?"
#: The hint of a NAT gateway, or of its Elastic IP or route, that a switch in the user's own code turns off (a
#: Terraform `count = var.enable_nat ? 1 : 0`): its `step:remove-nat` says how, and what else names it still
#: has to go (unlike a module's or a construct's input, whose own code names it).
SWITCHED = "switched"


@dataclass(frozen=True)
class Location:
    """A place in a source file; line and column are 1-based."""

    path: str
    line: int = 1
    column: int = 1


_set = object.__setattr__


class _Found:
    """`line` or `column` of a `Later`: found when either is first read, then ordinary attributes (a
    non-data descriptor: the instance's own value, once set, is what is read)."""

    def __init__(self, index: int):
        self.index = index

    def __get__(self, later: Any, owner: Any = None) -> Any:
        if later is None:
            return self
        found = later[1]._mark(later[2])
        _set(later, "line", found[0])
        _set(later, "column", found[1])
        return found[self.index]


if TYPE_CHECKING:
    _Tupled = Location
else:

    class _Tupled(tuple, Location):
        """A `Location` kept in a tuple, made by one C call (`placed`, `new_later`): a record's frozen `__init__`
        sets each field through `object.__setattr__`, about five times the cost, and a loader makes one for most
        places it notes (issue #14). Only what a `Location` is: equal to and hashed as the `Location` it stands
        for, pickled as one; no tuple order or representation."""

        __slots__ = ()
        __init__ = object.__init__
        __repr__ = Location.__repr__
        __lt__ = __le__ = __gt__ = __ge__ = object.__lt__

        def __eq__(self, other: object) -> bool:
            if isinstance(other, Location):
                return (self.path, self.line, self.column) == (other.path, other.line, other.column)
            return NotImplemented

        def __ne__(self, other: object) -> bool:
            equal = self.__eq__(other)
            return equal if equal is NotImplemented else not equal

        def __hash__(self) -> int:
            return hash((self.path, self.line, self.column))

        def __reduce__(self) -> tuple[Any, ...]:
            return Location, (self.path, self.line, self.column)


class Placed(_Tupled):
    """A place whose line and column are known: the tuple (path, line, column) (`placed`)."""

    __slots__ = ()
    path = property(operator.itemgetter(0))
    line = property(operator.itemgetter(1))
    column = property(operator.itemgetter(2))


class Later(_Tupled):
    """A place found in the text when first read (a finding's, an explanation's; most places a loader
    notes are never read): the tuple (path, marks, key), where `marks._mark(key)` is its (line, column). It
    keeps `marks` (a text's lines, a tree) while it lives: `settled` gives the place alone."""

    line = _Found(0)  # type: ignore[assignment]
    column = _Found(1)  # type: ignore[assignment]

    def __new__(cls, path: str, marks: Any, key: Any) -> Later:
        return new_later((path, marks, key))

    path = property(operator.itemgetter(0))


#: `Placed` of the tuple (path, line, column), in one C call.
placed = functools.partial(tuple.__new__, Placed)  # type: ignore[type-var]
#: `Later(path, marks, key)` of the tuple (path, marks, key), in one C call.
new_later = functools.partial(tuple.__new__, Later)  # type: ignore[type-var]


def settled(location: Location) -> Location:
    """`location`, a `Later` found now and made `Placed`: what it would be found in (a text, a tree) can go."""
    if type(location) is Later:
        return placed((location.path, location.line, location.column))
    return location


@dataclass(eq=False)
class Template:
    """One source the resources came from: a template, a Terraform root module or plan."""

    path: str
    format: str  # "cloudformation" | "sam" | "terraform" | "terraform-plan"
    #: Ids of resources that something we cannot see may extend (RULES.md "Open resources"): routes
    #: added to an exported route table, rules to a group passed to a module we cannot read.
    open: set[str] = field(default_factory=set)
    #: Why a resource is open (`exported as Net-Rt`), for `--explain`; ids without an entry are open
    #: for a reason the loader states elsewhere.
    open_because: dict[str, str] = field(default_factory=dict)
    #: Ids named by any output (exported or not): what its owners may rely on from outside, such as
    #: a NAT gateway's Elastic IP given to partners as a static egress address.
    in_outputs: set[str] = field(default_factory=set)
    #: Ids an output may name, by what this run cannot decide (an output's condition, an `Fn::If` in its
    #: value, a Terraform output's unknown value): where that output is, and why (for `--explain`).
    maybe_in_outputs: dict[str, tuple[Location, str]] = field(default_factory=dict)
    #: Ids any output's value names, a NAT gateway's own id too: what must go with them when they go.
    named_in_outputs: set[str] = field(default_factory=set)
    suppress: dict[str, str] = field(default_factory=dict)  # rule id/name/prefix ignored in the whole template → reason
    #: How the format names each concept a message may mention (see `term`); set by the loader.
    vocabulary: Mapping[str, str] = field(default_factory=dict)
    #: For a plain nested stack, the Stack resources it is reached through from its root (`Orders/Workers`),
    #: which qualify its resources' ids (`Resource.ident`): one template may be nested twice.
    nesting: str = ""
    #: The file a tool generated this template from (`Document.generated_from`): findings point there too.
    generated_from: str = ""
    #: Ignore comments that belong to no resource (a blank line before it, outside Resources): each
    #: ignores nothing, and is warned of (`filters.suppression_warnings`).
    unattached: list[Location] = field(default_factory=list)
    #: The region its code deploys to, where the input says for certain (a literal: a Terraform provider's
    #: `region`, a CDK stack's `environment`, samconfig's `region`); None where not known. Prices are us-east-1's.
    region: str | None = None
    #: The region of a resource that deploys elsewhere than `region` (a Terraform aliased provider's), by id;
    #: None where that provider's region is not known.
    regions: dict[str, str | None] = field(default_factory=dict)
    #: Open ids whose every opener exists only under a condition of this template that the run cannot decide (a
    #: nested stack `Condition: NoNat` given the route table): id → those conditions (`Network.open_to`).
    opened_under: dict[str, set[str]] = field(default_factory=dict)
    #: For each condition of `opened_under`, the template's conditions that can never hold with it (as written).
    excluding: dict[str, frozenset[str]] = field(default_factory=dict)

    def opens(self, ident: str, because: str = "", condition: str | None = None) -> None:
        """`ident` is open, and why (the first reason given stays); `condition`: only where that condition of
        this template, which the run cannot decide, holds."""
        if ident not in self.open:
            self.open.add(ident)
            if condition is not None:
                self.opened_under[ident] = {condition}
        elif condition is None:
            self.opened_under.pop(ident, None)
        elif ident in self.opened_under:
            self.opened_under[ident].add(condition)
        if because:
            self.open_because.setdefault(ident, because)


@dataclass(eq=False)
class Resource:
    """A resource of the graph. Subclasses add the normalised attributes rules need."""

    kind: ClassVar[str] = "other"
    id: str
    type: str
    template: Template
    location: Location
    marks: dict[str, Location] = field(default_factory=dict)
    refs: set[str] = field(default_factory=set)  # ids of resources of the same template it references
    links: list[Resource] = field(default_factory=list)  # resources of other templates it references
    conditional: bool = False  # exists only under a condition we cannot decide
    #: The CloudFormation `Condition` it is declared under, whatever this run decided of it (a
    #: `DependsOn` naming it breaks the stacks where it is false).
    condition: str | None = None
    suppress: dict[str, str] = field(default_factory=dict)  # rule id/name/prefix ignored here → reason ("" if none)
    path: str | None = None  # a longer identity: the CDK construct path (`aws:cdk:path`)
    #: Ids of the same template's resources CloudFormation creates first because of `DependsOn`
    #: (Terraform orders by references alone).
    depends_on: set[str] = field(default_factory=set)
    hints: dict[str, str] = field(default_factory=dict)  # concept → what to change instead (see `term`)
    #: Whether the resource may send internet traffic from the subnets it references (RULES.md
    #: "Egress hosts"): True for workloads and for every kind the loader does not know.
    egress_host: bool = True
    #: Facts of this resource that cannot be known, each with why and what would decide it
    #: ("subnets" → "from parameter `SubnetIds`: pass its value"), for `--explain`.
    unknown: dict[str, str] = field(default_factory=dict)
    #: For a host that may egress, where the loader told them apart from `refs` (a CloudFormation
    #: `Fn::If`): the ids it references once conditions are decided, and those it references only
    #: under a condition that cannot be decided (id → that condition). None: `refs`, all for sure. A Terraform host
    #: whose subnet argument cannot be known but holds the ids of some subnet blocks of the run alone (`[for s in
    #: aws_subnet.public : s.id]` of an unknown count) references each of their subnets so (id → "").
    tenancy: tuple[set[str], dict[str, str]] | None = None
    #: A host that may egress and whose subnets cannot all be known (a Terraform subnet argument that
    #: cannot be evaluated, which may hold an id from outside the run): it may be in any subnet of its template
    #: (else `tenancy` names those it may be in); why is `unknown["placement"]`
    #: (`unknown["placement:<subnet id>"]` for a subnet of `tenancy`).
    vague: bool = False
    #: One instance of a Terraform `count` or `for_each`: its index or key (`"a"` of `aws_eip.nat["a"]`); None
    #: for a resource of its own, or one whose key cannot be known.
    key: int | str | None = None
    #: Made by a Terraform `for_each`: the expression as written where the loader can name it (`var.azs`), else
    #: "". One instance goes alone, when its key leaves the for_each (a NAT gateway of a count's go from the end).
    each: str | None = None

    @property
    def block(self) -> str:
        """Its Terraform resource block's address: its id without its instance key (`aws_eip.nat` of
        `aws_eip.nat["a"]`; a key's quotes escape any `"`, so its `["` is the last one)."""
        if self.key is None:
            return self.id
        return self.id[: self.id.rfind('["' if isinstance(self.key, str) else "[")]

    @property
    def name(self) -> str:
        """How messages name the resource: its construct path when known, else its `ident`."""
        return self.path or self.ident

    @property
    def ident(self) -> str:
        """Its id, qualified within a plain nested stack by the stack's nesting (`Orders/Handler`): what
        tells it apart in findings and their fingerprints."""
        nesting = self.template.nesting
        return f"{nesting}/{self.id}" if nesting else self.id

    def at(self, *marks: str) -> Location:
        """The most specific location among `marks` that exists, else the resource itself."""
        for mark in marks:
            if mark in self.marks:
                return self.marks[mark]
        return self.location

    def __repr__(self) -> str:
        return f"<{self.kind} {self.id}>"


Ref = Resource | Unknown | None


def region(resource: Resource) -> str | None:
    """The region `resource` deploys to, where its code says for certain (`Template.region`), else None."""
    template = resource.template
    regions = template.regions
    return regions.get(resource.id, template.region) if regions else template.region


@dataclass(eq=False)
class Member:
    """One entry of a reference list (a subnet of a function, a route table of an endpoint)."""

    target: Resource | Unknown
    location: Location
    cause: str | None = None  # why an UNKNOWN target cannot be known


Members = list[Member] | Unknown


@dataclass(eq=False, slots=True)  # (31 fields: ~1.6 KB of dictionary each, issue #14; its `Resource` keeps one)
class Function(Resource):
    kind: ClassVar[str] = "function"
    has_vpc_config: bool = False
    subnets: Members = field(default_factory=list)
    security_groups: Members = field(default_factory=list)
    dualstack: bool | None = False  # Ipv6AllowedForDualStack
    runtime: str | None | Unknown = None
    environment: dict[str, object] | Unknown = field(default_factory=dict)
    role: Ref = None
    grants: list[tuple[str, str]] = field(default_factory=list)  # (IAM action, where granted) from SAM Policies
    #: Customer managed policies of this template its SAM Policies name (`!Ref ReadOrders`): their
    #: statements are read once every resource is built.
    attached: list[Resource] = field(default_factory=list)
    env_refs: list[Resource] = field(default_factory=list)  # resources referenced by environment values
    auto_publish: bool | None = False  # SAM AutoPublishAlias: a version and an alias on every deploy
    #: Terraform `publish = true`: a numbered version on every change, which callers reach only through
    #: an alias (I9660 still fires without one, with a message that does not deny the versions).
    publishes: bool | None = False


@dataclass(eq=False)
class Vpc(Resource):
    kind: ClassVar[str] = "vpc"


@dataclass(eq=False)
class VpcIpv6Block(Resource):
    kind: ClassVar[str] = "vpc_ipv6_block"
    vpc: Ref = None
    #: Whether its addresses reach the internet: Amazon's do; an IPAM pool's only when it is public (a private
    #: scope's never are), a BYOIP pool's only while advertised: either may not be known.
    public: bool | None = True


@dataclass(eq=False)
class Subnet(Resource):
    kind: ClassVar[str] = "subnet"
    vpc: Ref = None
    ipv4: bool | None = None
    ipv6: bool | None = None
    ipv6_native: bool | None = False
    dns64: bool | None = False  # EnableDns64 / enable_dns64: synthesized 64:ff9b:: answers for IPv4-only names
    #: The VPC whose `Ipv6CidrBlocks` the IPv6 CIDR is computed from (`GetAtt Vpc.Ipv6CidrBlocks`), if any.
    ipv6_from_vpc: Resource | None = None
    #: Its IPv6 CIDR is written as a literal (`2600:1f18:…::/64`): its VPC has an IPv6 block, made wherever.
    ipv6_written: bool = False


@dataclass(eq=False)
class SubnetIpv6Block(Resource):
    kind: ClassVar[str] = "subnet_ipv6_block"
    subnet: Ref = None
    ipv6_from_vpc: Resource | None = None  # as Subnet.ipv6_from_vpc


@dataclass(eq=False)
class RouteTable(Resource):
    kind: ClassVar[str] = "route_table"
    vpc: Ref = None
    main: bool = False  # the VPC's main route table (implicit association)
    local_only: bool = False  # a main table nothing in the run adds routes to: local routes only


@functools.lru_cache(maxsize=256)
def _covers_ipv6_internet(cidr: str) -> bool:
    import ipaddress  # (a run with such a route only: start-up, issue #14)

    try:
        network = ipaddress.ip_network(cidr.strip(), strict=False)
    except ValueError:
        return False
    return isinstance(network, ipaddress.IPv6Network) and network.supernet_of(ipaddress.IPv6Network("2000::/3"))


@dataclass(eq=False)
class Route(Resource):
    kind: ClassVar[str] = "route"
    table: Ref = None
    destination: str | None | Unknown = None  # "0.0.0.0/0", "::/0", "64:ff9b::/96", other CIDR, prefix list
    target_kind: TargetKind = "unknown"
    target: Ref = None
    #: What a target that cannot be known may be (`!If [C, !Ref NatA, !Ref NatB]`): each may have it. One sequence
    #: may be shared by many routes (any NAT gateway of a plan: `Mapper.nat_gateways`): never changed in place.
    candidates: Sequence[Resource] = field(default_factory=list)

    @property
    def ipv6_default(self) -> bool:
        """`::/0`, or a destination such as `2000::/3` (global unicast) that takes every IPv6 internet
        address as `::/0` does: a default route for IPv6 egress."""
        dest = self.destination
        return dest == "::/0" or (isinstance(dest, str) and ":" in dest and _covers_ipv6_internet(dest))


@dataclass(eq=False)
class RouteTableAssociation(Resource):
    kind: ClassVar[str] = "rt_association"
    subnet: Ref = None
    table: Ref = None
    #: What a subnet that cannot be known may be (`!If [C, !Ref SubnetA, !Ref SubnetB]`): each may be it. One
    #: sequence may be shared by many associations (any subnet a plan makes: `Mapper.made_subnets`): never changed
    #: in place.
    candidates: Sequence[Resource] = field(default_factory=list)
    #: All a route table that cannot be known may be (`aws_route_table.private[var.i].id`): one of them is it.
    #: Empty where another may be (a variable's id).
    tables: list[Resource] = field(default_factory=list)


@dataclass(eq=False)
class NatGateway(Resource):
    kind: ClassVar[str] = "nat_gateway"
    subnet: Ref = None
    public: bool | None = True
    eip: Ref = None
    #: Every Elastic IP allocation it holds (a zonal one's primary and secondaries, a regional one's per zone).
    eips: list[Resource | Unknown] = field(default_factory=list)
    regional: bool | None = False  # `AvailabilityMode: regional`: no subnet, one gateway for the VPC's zones
    vpc: Ref = None
    zones: int | None = 1  # zones it is billed in (a regional one's listed zones); None when AWS picks them
    addresses: int | None = 1  # public IPv4 addresses it holds; None when AWS assigns them
    #: Like NAT gateways share a group (one Terraform `count` or `for_each`, CDK's one per zone): their savings
    #: add up.
    group: str | None = None


@dataclass(eq=False)
class EgressOnlyInternetGateway(Resource):
    kind: ClassVar[str] = "egress_only_igw"
    vpc: Ref = None


@dataclass(eq=False)
class InternetGateway(Resource):
    kind: ClassVar[str] = "internet_gateway"


@dataclass(eq=False)
class VpcEndpoint(Resource):
    kind: ClassVar[str] = "vpc_endpoint"
    vpc: Ref = None
    service: str | None = None  # "s3", "dynamodb", another name, or None when unknown
    gateway: bool | None = True
    route_tables: Members = field(default_factory=list)
    #: Route tables it may be on that its `route_tables` cannot name: a VPC's main table, which a table its
    #: RouteTableIds finds elsewhere (a custom resource's lookup) may be (`unknown["may_be_on"]` says why).
    may_be_on: list[Resource] = field(default_factory=list)
    #: Whether its private DNS is on (`PrivateDnsEnabled`, `private_dns_enabled`; off unless written): only then
    #: does the service's default name, which SDKs call, resolve to it. None when it cannot be known.
    private_dns: bool | None = False


@dataclass(eq=False)
class EgressRule:
    """One egress permission; `ipv6_internet` is whether it lets IPv6 traffic reach the internet."""

    ipv6_internet: bool | None
    location: Location
    cause: str | None = None  # why `ipv6_internet` is None (or, when it is True, `tcp`)
    #: The TCP ports it allows, (from, to): all for an all-protocol rule, None for another protocol only. What
    #: leaves a function over IPv6 is what its groups and its subnet's network ACL both let out (W9621).
    tcp: tuple[int, int] | None | Unknown = (0, 65535)
    #: Whether it may let IPv4 traffic out of the VPC: False only where it surely cannot (IPv6 ranges alone), so a
    #: function whose groups hold only such rules never sends traffic to a NAT gateway (`Network.sends_no_ipv4`).
    ipv4: bool | None = None


@dataclass(eq=False)
class SecurityGroup(Resource):
    kind: ClassVar[str] = "security_group"
    vpc: Ref = None
    egress: list[EgressRule] | Unknown = field(default_factory=list)


@dataclass(eq=False)
class SecurityGroupEgress(Resource):
    kind: ClassVar[str] = "sg_rule"
    group: Ref = None
    rule: EgressRule | None = None


@dataclass(eq=False)
class Role(Resource):
    kind: ClassVar[str] = "role"
    actions: list[str] = field(default_factory=list)
    attached: list[Resource] = field(default_factory=list)  # customer managed policies in ManagedPolicyArns
    managed: list[tuple[str, str]] = field(default_factory=list)  # (representative action, AWS managed policy)


@dataclass(eq=False)
class Policy(Resource):
    kind: ClassVar[str] = "policy"
    roles: Members = field(default_factory=list)
    actions: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Alias(Resource):
    """A version of a function or an alias: what lets traffic shift between versions."""

    kind: ClassVar[str] = "alias"
    function: Ref = None
    #: Whether it stands for a published (numbered) version: False for an alias to `$LATEST`, or to
    #: a Terraform function's `version` while the function does not `publish`.
    published: bool | None = True
    #: The version number an alias names as a literal (`FunctionVersion: "3"`): a version published earlier,
    #: whose VPC settings are those it had then, not the files'.
    pinned: str = ""


@dataclass(eq=False)
class DataStore(Resource):
    """A bucket or table: the service a function reaching it talks to."""

    kind: ClassVar[str] = "data_store"
    service: str = "s3"


#: What an API Gateway resource is (I9640 names it in messages).
ApiKind: TypeAlias = 'Literal["rest", "http", "websocket", "domain"]'


@dataclass(eq=False)
class Api(Resource):
    """A REST, HTTP or WebSocket API, or a custom domain name, with the IP address types it accepts."""

    kind: ClassVar[str] = "api"
    ip_address_type: str | None | Unknown = None  # as configured; None is AWS's default, `ipv4`
    api_type: ApiKind = "rest"
    private: bool | None = False  # a private API or domain can only be dual-stack
    #: An HTTP API imported from OpenAPI: its IP address type belongs in the document's
    #: `x-amazon-apigateway-endpoint-configuration`, not in a property.
    openapi: bool = False
    settable: bool = True  # False where the format has no property for it (SAM `HttpApi`)
    implicit: bool = False  # made by SAM from function events (`ServerlessRestApi`, `ServerlessHttpApi`)
    #: False when its execute-api endpoint is disabled: clients reach it only through custom domains,
    #: whose IP address types are their own (§7); None when that cannot be known.
    default_endpoint: bool | None = True
    #: What its OpenAPI 3 document sets in `x-amazon-apigateway-endpoint-configuration` at its root,
    #: where API Gateway ignores it (it belongs in a Server object): `ipAddressType: dualstack`,
    #: `disableExecuteApiEndpoint: true`.
    openapi_root: tuple[str, ...] = ()
    #: Its OpenAPI 3 document has no `servers`, where the extension belongs: a fix adds one.
    openapi_serverless: bool = False
    #: A custom domain's name where written as text (`api.example.com`): what a mapping may name it by.
    domain_name: str | None = None


@dataclass(eq=False)
class ApiMapping(Resource):
    """A custom domain name's mapping of an API (a base path or API mapping): a client of the domain reaches
    the API through it."""

    kind: ClassVar[str] = "api_mapping"
    domain: Ref = None
    domain_name: str | None = None  # the domain named by its name as text (`api.example.com`), not a reference
    api: Ref = None


@dataclass(frozen=True, eq=False)
class OwnBlock:
    """A CIDR written as the IPv6 block of one of `of` (the VPCs or subnets it may name), or a part of one:
    addresses AWS assigns, which the files never show, and which are never the internet to their own VPC.
    Compared by identity: the rules on one counted subnet's block share one, whose `of` may be long."""

    of: tuple[Resource, ...]

    def vpc(self) -> Vpc | None:
        """The VPC whose block it is; None where it may be one of several, or one the run cannot show."""
        found = {id(v): v for v in (r if isinstance(r, Vpc) else getattr(r, "vpc", None) for r in self.of)}
        vpc = next(iter(found.values())) if len(found) == 1 else None
        return vpc if isinstance(vpc, Vpc) else None


@dataclass(eq=False)
class AclEntry:
    """One network ACL rule. `ipv6` is its IPv6 CIDR (None for an IPv4 rule); `ports` None means all ports.

    Any field may be `UNKNOWN`; `conditional` marks a rule that may or may not exist.
    """

    number: int | Unknown
    egress: bool | Unknown
    allow: bool | Unknown
    protocol: int | Unknown  # -1 for all protocols
    ipv6: str | OwnBlock | None | Unknown
    ports: tuple[int, int] | None | Unknown
    location: Location
    conditional: bool = False
    cause: str | None = None  # why a field is UNKNOWN (--explain)


@dataclass(eq=False)
class NetworkAcl(Resource):
    kind: ClassVar[str] = "network_acl"
    vpc: Ref = None
    default: bool = False  # the VPC's default network ACL
    #: False when AWS's own entries may still be there besides the declared ones (CloudFormation entries
    #: added to a VPC's default ACL: its `::/0` allow rule exists only if IPv6 came before them).
    exact: bool = True
    entries: list[AclEntry] | Unknown = field(default_factory=list)  # inline rules
    subnets: Members = field(default_factory=list)  # inline associations (Terraform `subnet_ids`)


@dataclass(eq=False)
class NetworkAclEntry(Resource):
    kind: ClassVar[str] = "network_acl_entry"
    acl: Ref = None
    entry: AclEntry | None = None


@dataclass(eq=False)
class NetworkAclAssociation(Resource):
    kind: ClassVar[str] = "acl_association"
    subnet: Ref = None
    acl: Ref = None


@dataclass(eq=False)
class ModuleCall(Resource):
    """A Terraform module call whose contents cannot be read (a source outside the linted folder, a
    module not installed), or a CloudFormation `Fn::ForEach` loop that cannot be expanded: whatever
    functions, subnets or routes it creates are not in the graph."""

    kind: ClassVar[str] = "module_call"
    cause: str = ""  # why it is not read and what would let it be, as a clause (explain.py)
    noun: str = "module call"  # what reports call it ("loop": an Fn::ForEach)


def term(res: Resource, concept: str) -> str:
    """The name of a concept (`dualstack`, `eigw`, …) in the resource's own source format.

    A loader may give a resource a hint instead: a subnet made by a module is changed through the
    module call's input (`private_subnet_ipv6_prefixes`), not through a property of its own.
    """
    return res.hints.get(concept) or res.template.vocabulary.get(concept, concept)
