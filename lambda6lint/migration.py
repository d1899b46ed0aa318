"""The IPv6 migration steps in words (RULES.md I9651): what each step asks for, and what it means for one
resource in that resource's own format.

I9651's message and the migration plan both say the steps; they read them here so the two never drift
apart. Steps this module has no words for (a step added to `MIGRATION_STEPS` later) are named by their id.
"""

from __future__ import annotations

from collections.abc import Collection, Container, Iterable

from lambda6lint import runtimes
from lambda6lint.model import COUNT, SWITCHED, Function, NatGateway, Resource, Route, RouteTable, term
from lambda6lint.network import IPV4_DEFAULT, AclVerdict, Network, Step, count_setting, module_of

#: What each migration step asks for, as a clause (`{flag}`: the format's name for the function's flag).
STEPS: dict[Step, str] = {
    "ipv6-only-subnet": "move the functions out of IPv6-only subnets (E9603): Lambda does not support them, so the "
    "deployment fails",
    "vpc-ipv6": "add an Amazon-provided IPv6 /56 to the VPC",
    "subnet-ipv6": "give the functions' subnets IPv6 CIDRs",
    "public-subnet": "take the functions out of public subnets (W9611): Lambda gives them no public address there, and "
    "an egress-only gateway would cut the subnet's other hosts off from IPv6 clients",
    "ipv6-route": "route ::/0 to an egress-only internet gateway in their route tables",
    "sg-ipv6": "allow IPv6 egress (::/0) in their security groups",
    "acl-ipv6": "allow IPv6 (::/0) in their network ACLs: egress for the ports used, ingress 1024-65535 for replies",
    "function-flag": "set {flag} on the functions",
    "node-runtime": "upgrade their Node.js runtime, which rejects --dns-result-order=ipv6first in NODE_OPTIONS",
    "node-options": "write NODE_OPTIONS' --dns-result-order in lower case (ipv4first, verbatim, ipv6first): Node.js "
    "rejects any other value",
}
#: After them, for the functions' subnets with DNS64 on and no NAT64 route (W9612): W9612's other fix, a
#: 64:ff9b::/96 route to a NAT gateway, would keep the one the steps remove, so DNS64 goes off first. Named, as the
#: SDK setting is, rather than a blocker: those addresses lead nowhere with or without the NAT gateway.
DNS64_STEP = (
    "turn DNS64 off on the functions' subnets that have it without a 64:ff9b::/96 route (W9612): a NAT64 route, "
    "which would give DNS64's synthesized addresses somewhere to go, needs the NAT gateway these steps remove"
)
DNS64 = "dns64-off"
#: The step after them that does not block removing the NAT gateway but saves failed SDK calls.
SDK_STEP = "set AWS_USE_DUALSTACK_ENDPOINT=true so AWS SDKs use dual-stack endpoints"
SDK = "sdk-dualstack"
#: Beside it, for Node.js: once egress is IPv6 only, a connection Node tries over IPv4 first waits or
#: times out (I9632); not a blocker either.
NODE_STEP = (
    "set NODE_OPTIONS=--dns-result-order=ipv6first on the Node.js functions, so they try IPv6 addresses first "
    "(upgrading a runtime older than Node.js 20 first)"
)
NODE = "node-dns-order"
#: And the APIs the functions call that take IPv4 clients only (I9640): without the NAT gateway, a function
#: egressing over IPv6 only cannot call them. Named, as the SDK setting is, rather than a blocker.
API_STEP = "make the APIs the functions call accept IPv6 clients, which they reach over IPv6 only from then on (I9640)"
API = "api-dualstack"
#: The same where a smaller natGateways of a CDK ec2.Vpc removes the NAT gateway (`Network.cdk_kept`): CDK points
#: the functions' 0.0.0.0/0 routes at the NAT gateways it keeps, so they still reach the APIs over IPv4, across zones,
#: and need them on IPv6 only once those go too (`{later}`: `later`; `{them}`: those gateways).
FEWER_API_STEP = (
    "make the APIs the functions call accept IPv6 clients (I9640) {later}: until then they reach them over IPv4 "
    "through {them}, across zones"
)
#: And, for functions that answer custom resources, an S3 gateway endpoint: CloudFormation takes the response at
#: a pre-signed S3 URL, which has IPv4 addresses only.
RESPONSE_STEP = (
    "add an S3 gateway endpoint to the route tables of the functions that answer custom resources: CloudFormation "
    "takes the response at a pre-signed S3 URL, over IPv4 only"
)
RESPONSE = "custom-resource-response"
#: The last step, once every other is done.
REMOVE_STEP = (
    "remove the NAT gateway, its Elastic IP and the 0.0.0.0/0 routes to it (caveat: destinations reachable over IPv4 "
    "only, such as APIs without IPv6 addresses, are out of reach from then on)"
)
REMOVE = "remove-nat"


#: The last step for the last NAT gateways of a CDK ec2.Vpc whose first ones stay (`Network.cdk_kept`).
FEWER_STEP = (
    "remove the NAT gateway and its Elastic IP with a smaller natGateways count (caveat: CDK points the 0.0.0.0/0 "
    "routes to it at {kept}, so IPv4 traffic, such as calls to APIs without IPv6 addresses, crosses zones from "
    "then on)"
)


def kept_gateways(kept: int, who: str = "CDK") -> str:
    """`the NAT gateway CDK keeps`, or `the NAT gateways CDK keeps`: those a natGateways count of `kept` keeps."""
    return f"the NAT gateway{'' if kept == 1 else 's'} {who} keeps"


def later(kept: int) -> str:
    """When the steps for IPv4's going (the SDK's and Node's settings, the APIs, the S3 endpoint) are needed where a
    smaller natGateways count of `kept` removes the NAT gateway: not for it, as the functions' IPv4 traffic goes on
    through the NAT gateways CDK keeps, but before those go too."""
    return f"before {kept_gateways(kept)} go{'es' if kept == 1 else ''} too"


def removal_sentence(addresses: bool, fewer: int | None = None, many: bool = False) -> str:
    """The removal step's clause, for a NAT gateway with Elastic IPs of its own, or without (a regional one whose
    addresses AWS assigns); `fewer`: the natGateways count of its CDK ec2.Vpc that removes it (`Network.cdk_kept`);
    `many`: for Terraform's NAT gateways of one count or for_each, or the one standing for each of them."""
    if fewer is not None:
        return FEWER_STEP.format(kept=kept_gateways(fewer, "it"))
    text = REMOVE_STEP.replace("the NAT gateway, its Elastic IP and", "the NAT gateway and")
    text = REMOVE_STEP if addresses else text
    if many:
        text = text.replace("the NAT gateway, its Elastic IP", "the NAT gateways, their Elastic IPs")
        text = text.replace("the NAT gateway and", "the NAT gateways and").replace("routes to it ", "routes to them ")
    return text


def sentence(step: str, flag: str = "Ipv6AllowedForDualStack", fewer: int | None = None) -> str:
    """What `step` asks for, as a clause starting in lower case; `fewer`: for NAT gateways a smaller natGateways
    count of their CDK ec2.Vpc removes (`Network.cdk_kept`), whose IPv4 traffic goes on through those it keeps."""
    if step == API:
        if fewer is None:
            return API_STEP
        return FEWER_API_STEP.format(later=later(fewer), them="it" if fewer == 1 else "them")
    if step == DNS64:  # (not about IPv4's going: the same where CDK keeps other NAT gateways)
        return DNS64_STEP
    extra = {SDK: SDK_STEP, NODE: NODE_STEP, RESPONSE: RESPONSE_STEP}.get(step)
    if extra is not None:
        return extra if fewer is None else f"{extra}, {later(fewer)}"
    if step == REMOVE:
        return REMOVE_STEP
    found = STEPS.get(step)  # type: ignore[call-overload]
    return found.format(flag=flag) if found else f"complete step {step}"


#: What a step changes on one resource: the concept named in the resource's format (or, for a resource
#: a module made, the module input its hint names) and the clause around it.
_CHANGES: dict[str, tuple[str, str]] = {
    "ipv6-only-subnet": ("subnets", "remove it from the functions' {}"),
    "vpc-ipv6": ("vpc_ipv6", "add {}"),
    "subnet-ipv6": ("ipv6_cidr", "add {}"),
    "public-subnet": ("subnets", "remove it from the functions' {}"),
    "ipv6-route": ("eigw", "add {}"),  # a route table: `add ::/0 → {}`
    "sg-ipv6": ("sg_ipv6_https", "add {}"),
    "acl-ipv6": ("acl_ipv6", "add {}"),
    "function-flag": ("dualstack", "set {} to true"),
    "node-runtime": ("node_upgrade", "use {}"),
    "node-options": ("node_dns_order", "set {}"),
    DNS64: ("dns64_off", "set {}"),
    SDK: ("env_dualstack", "add {} to its environment"),
    NODE: ("node_dns_order", "set {} in its environment"),
    API: ("api_dualstack", "set {}"),
    RESPONSE: ("endpoint", "add a Gateway {} for S3 on the route tables of its subnets"),
}


#: The most names a message lists (a run may have thousands of functions behind one NAT gateway).
SHOWN_NAMES = 8


def names(items: Iterable[Resource | str], shown: int = SHOWN_NAMES) -> str:
    """`A, B, C`: the names, each once, at most `shown` of them, then how many more."""
    listed = list(dict.fromkeys(item if isinstance(item, str) else item.name for item in items))
    if len(listed) <= shown:
        return ", ".join(listed)
    return f"{', '.join(listed[:shown])} and {len(listed) - shown} more"


def only_where(*resources: Resource) -> str:
    """` (in stacks where condition `X` is true)` where `resources` all exist only under one CloudFormation
    condition this run cannot decide, else nothing: a finding on them holds only in those stacks. (A Terraform
    `count` or `for_each` switch has no condition name and its own words.)"""
    conditions = {r.condition if r.conditional else None for r in resources}
    if len(conditions) != 1 or (condition := conditions.pop()) is None:
        return ""
    return f" (in stacks where condition `{condition}` is true)"


def called(res: Resource) -> str:
    """How a step names `res` where it is changed: a Terraform route table's inline `route {}` as the code reads it
    (`the route {} for 0.0.0.0/0 of aws_route_table.private[0]`; its id, `….route[1]`, counts blocks no one
    numbers), anything else by its name."""
    inline = _inline_route(res)
    return f"the {inline}" if inline else res.name


def _inline_route(res: Resource) -> str:
    """`route {} for 0.0.0.0/0 of aws_route_table.private[0]` for an inline route; "" for anything else."""
    if not isinstance(res, Route) or not isinstance(res.table, RouteTable):
        return ""
    if not res.id.startswith(f"{res.table.id}.route["):
        return ""
    to = f" for {res.destination}" if isinstance(res.destination, str) else ""
    return f"route {{}}{to} of {res.table.name}"


def removal(
    net: Network,
    nat: NatGateway,
    like: list[NatGateway],
    idle: list[NatGateway] | None = None,
    responders: Iterable[Function] = (),
    added: str = "",
) -> str:
    """How the NAT gateway is removed, in its format's words (`remove_nat`), with the members of its count that
    nothing uses (`idle`), what goes with them by hand (their Elastic IPs and the 0.0.0.0/0 routes to them: a
    deployment fails while a route names a NAT gateway it removes) and what else names those, as the plan's removal
    step lists them, a DependsOn of what answers a custom resource (`responders`) moved to the S3 gateway endpoint
    their step adds (`added`: which, as `moved_depends_on` says it); or, where one count makes it with others that
    must stay, why it goes only with them (W9650's and I9651's messages, the plan's)."""
    idle = idle or []
    if net.goes_alone(nat, [*like, *idle]):
        going = [nat, *like, *idle]
        keyed = key_removal(net, nat, going)
        fewer = net.cdk_kept(nat, going)
        own = f" ({cdk_fewer(fewer)})" if fewer is not None else term(nat, "remove_nat")
        text = (own or (f" ({keyed})" if keyed else "")) + _too(net, [nat, *like], going)
        text += f" (with {names(idle)}{_too(net, idle, going)}, {idle_reason(nat)})" if idle else ""
        return text + _named(net, going, answering(net, responders), added)
    if nat.type.startswith("AWS::"):  # (CloudFormation groups a CDK ec2.Vpc's)
        blocked = cdk_blocked(net, nat, [*like, *idle])
        if blocked:
            return f" (its ec2.Vpc makes all its NAT gateways with one natGateways count: {blocked})"
        return f" (its ec2.Vpc makes all its NAT gateways with one natGateways count: {CDK_ORDER_UNKNOWN})"
    return " (one count makes it and the others, which must stay: it goes only once they can, or out of the count)"


#: Where a CDK ec2.Vpc's NAT gateways' construct paths do not tell the order of their public subnets
#: (`Network.cdk_kept` is None): a smaller natGateways keeps those of its first public subnets (natGateways: 1 the one
#: in public subnet 1), so whether it keeps this one cannot be told; natGateways: 0 removes them all.
CDK_ORDER_UNKNOWN = (
    "a smaller one keeps those of its first public subnets and routes the other zones through them, across zones, but "
    "their construct paths do not tell the order of their public subnets, so whether a smaller one keeps this one "
    "cannot be told: it goes for sure only with the others, once they can"
)


def cdk_blocked(net: Network, nat: NatGateway, going: list[NatGateway]) -> str:
    """Why the NAT gateways `going` (with `nat`) of a CDK ec2.Vpc cannot go by a smaller natGateways, which keeps
    the first ones: those after them that something uses, named, which must stay (or, ready themselves, go with
    them). Empty where CDK's order cannot be told."""
    after = net.cdk_after(nat, going)
    if not after:
        return ""
    ready = net.ready_nats()
    staying = [n for n in after if id(n) not in ready]
    one = len(dict.fromkeys([nat, *going])) == 1
    it = "it" if one else "they"
    if staying:
        stays = "stays" if len(staying) == 1 else "stay"
        return (
            f"a smaller one keeps the first ones, and {names(staying)}, after {'it' if one else 'them'}, {stays}: "
            f"{it} cannot go until {'that one' if len(staying) == 1 else 'those'} can go too"
        )
    return (
        f"a smaller one keeps the first ones, so {it} go{'es' if one else ''} only together with "
        f"{names(after)}, after {'it' if one else 'them'}"
    )


def cdk_fewer(kept: int) -> str:
    """How the last NAT gateways of a CDK ec2.Vpc go while its first `kept` stay (`Network.cdk_kept`)."""
    gateways = "NAT gateway" if kept == 1 else f"{kept} NAT gateways"
    return (
        f"natGateways: {kept} on the ec2.Vpc: CDK keeps its first {gateways} and routes the private subnets of "
        f"the other zones through {'it' if kept == 1 else 'them'}, across zones"
    )


def companions(net: Network, nat: NatGateway) -> list[Resource]:
    """What goes with the NAT gateway: its Elastic IPs and the 0.0.0.0/0 routes to it."""
    eips = [e for e in [nat.eip, *nat.eips] if isinstance(e, Resource)]
    routes = [r for r in net.linked(Route, "target", nat) if r.destination == IPV4_DEFAULT]
    return list(dict.fromkeys([*eips, *routes]))


def still_naming(
    net: Network, res: Resource, going: Collection[Resource], answering: Container[int] = ()
) -> tuple[bool, list[Resource], list[Resource]]:
    """What would still name `res` once it and the rest of `going` are gone: whether the outputs do, the resources
    that reference it or name it in DependsOn, and apart the DependsOn of what answers a custom resource
    (`answering`, by id), which kept the NAT path to S3 until its delete was answered and moves to the S3 gateway
    endpoint that takes that path over. CloudFormation and Terraform refuse a template naming a resource it no
    longer has. Nothing where a setting removes it (what names it is the module's or the construct's own)."""
    if ("step:remove-nat" in res.hints and SWITCHED not in res.hints) or not res.template.path:
        return False, [], []
    naming = [r for r in net.referrers(res) if r not in going]
    if naming and not all(r in going for r in net.instances(res)):  # (its key leaves; the others stay)
        # an instance of a block of its own naming them all: `[each.key]`, as a plan records it (one resource
        # naming `zone["a"]` and `zone["b"]`, an allow-list of both addresses, still needs "a")
        whole = net.naming_every_instance(res)
        naming = [r for r in naming if r.key is None or id(r) not in whole]
    naming = [r for r in naming if not _inline_only(net, r, res, going)]
    dependents = [r for r in net.dependents(res) if r not in going]
    moved = [r for r in dependents if id(r) in answering and r.template.format in _DEPENDS_ON and r.path is None]
    naming += [r for r in dependents if r not in moved]
    outputs = res.id in res.template.in_outputs or res.id in res.template.named_in_outputs
    return outputs, naming, moved


#: The formats whose DependsOn the user writes as such (CloudFormation YAML and JSON, SAM).
_DEPENDS_ON = ("cloudformation", "sam")


def _inline_only(net: Network, table: Resource, res: Resource, going: Collection[Resource]) -> bool:
    """Whether the route table names `res` only through inline routes (Terraform's `route {}` blocks) that go with
    the NAT gateways: their removal, said beside it, is what names it there (a plan's tables of one count each name
    every NAT gateway of the count, as their configuration does)."""
    if not isinstance(table, RouteTable):
        return False
    own = f"{table.id}."
    if not any(isinstance(r, Route) and r.table is table and r.id.startswith(own) for r in going):
        return False
    return all(r in going for r in net.linked(Route, "target", res) if r.table is table)


def key_removal(net: Network, res: Resource, going: list[NatGateway], nat: NatGateway | None = None) -> str:
    """How `res`, one instance of a Terraform for_each (a NAT gateway, or `nat`'s Elastic IP or route), goes with
    the NAT gateways `going` and what goes with them while other instances of its for_each stay: its key leaves
    the for_each (the resource block stays for the others); "" where it is no for_each's, or they all go."""
    gone = _gone(net, going)
    keys, named = gone.leaving(net, res)
    if not keys:
        return ""
    if nat is not None and res is not nat and res.each == nat.block:  # (`for_each = aws_nat_gateway.zone`)
        return f"its key leaves with the NAT gateway's (its for_each = {res.each}): nothing to change"
    each = f"for_each = {res.each}" if res.each else "for_each"
    text = f"remove {'its key' if len(keys) == 1 else 'their keys'} {named} from {res.block}'s {each}"
    whom = "the NAT gateways" if isinstance(res, NatGateway) else res.block
    own = "their own" if isinstance(res, NatGateway) else "its own"
    if not res.each:  # (what else its value makes cannot be told)
        return f"{text}; where other resources read the same value, give {whom} a for_each of {own} without it"
    others = [b for b in net.for_each_alike(res) if b not in gone.blocks]
    if not others:
        return text
    if nat is not None and res is not nat and _same_each(net, res, nat, going):
        return f"{text}: give it the same new for_each as the NAT gateways"
    if isinstance(res, NatGateway):
        alike = [r for r in companions(net, res) if _same_each(net, r, res, going)]
        kinds = [
            k
            for k, route in (("Elastic IPs", False), ("routes", True))
            if any(isinstance(r, Route) is route for r in alike)
        ]
        whom += f", their {' and '.join(kinds)}" if len(kinds) == 2 else f" and their {kinds[0]}" if kinds else ""
    key = "the key" if len(keys) == 1 else "the keys"
    return f"{text}; {res.each} also makes {names(others)}: give {whom} a for_each of {own} without {key}"


#: The resource blocks a NAT gateway's removal removes whole where every instance they make goes with it.
_BLOCKS = frozenset({"aws_nat_gateway", "aws_eip", "aws_route"})


def block_removal(net: Network, res: Resource, going: list[NatGateway]) -> str:
    """How `res`, one instance of a Terraform count or for_each (a NAT gateway, its Elastic IP or route), goes where
    every instance of its block goes with the NAT gateways `going`: the block goes (Terraform has no "remove it" of
    one instance); "" for anything else (a resource of its own, a module model's, one whose block keeps others)."""
    if res.key is None or res.type not in _BLOCKS or "module" in res.hints:
        return ""
    ids = _gone(net, going).ids
    if not all(id(r) in ids for r in net.instances(res)) or _written_for_more(net, res):
        return ""
    return "remove the block: every instance of it goes"


def _written_for_more(net: Network, res: Resource) -> bool:
    """Whether the code of `res`'s block makes other blocks too: a module called more than once (`count` or
    `for_each` on the call, two calls of one source), whose other instances' resources removing it removes too."""
    key = ("migration._written",)
    blocks = net._cache.get(key)
    if not isinstance(blocks, dict):
        blocks = {}
        for other in net.resources:
            if other.key is not None and other.location is not None:
                where = (other.location.path, other.location.line, other.type)
                blocks.setdefault(where, set()).add(other.block)
        net._cache[key] = blocks
    if res.location is None or "[" in res.block.rpartition(res.type)[0]:  # (`module.net[0].`: one of a count's)
        return True
    if res.template.format == "terraform-plan" and res.block.startswith("module."):  # (a plan's lines are its own)
        return True
    return len(blocks.get((res.location.path, res.location.line, res.type), ())) > 1


class _Gone:
    """What goes with the NAT gateways `going` (themselves, their Elastic IPs and 0.0.0.0/0 routes), worked out
    once for them (`_gone`), and each for_each block's keys that leave with them, once per block: every NAT
    gateway, Elastic IP and route of a for_each of N asked again (`_leaving`), N² steps (1,000 NAT gateways of
    one for_each: a set of 3,000 rebuilt 1,500 times, and the 1,000 instances read again each time)."""

    def __init__(self, net: Network, going: Iterable[NatGateway]):
        #: each NAT gateway, then what goes with it (`companions`), each beside its NAT gateway
        self.pairs = [(r, n) for n in going for r in [n, *companions(net, n)]]
        members = [r for r, _ in self.pairs]
        self.ids = {id(r) for r in members}
        self.blocks = {r.block for r in members if r.key is not None}
        #: (the block's template, the block) → the keys that leave it, and `names` of them
        self.keys: dict[tuple[int, str], tuple[list[str], str]] = {}

    def leaving(self, net: Network, res: Resource) -> tuple[list[str], str]:
        """`_leaving`, with `names` of the keys."""
        if res.each is None or res.key is None or "module" in res.hints:
            return [], ""
        if id(res) not in self.ids:  # (not one of them: goes with them as well, as asked)
            keys = _keys_leaving(net.instances(res), self.ids | {id(res)})
            return keys, names(keys)
        block = (id(res.template), res.block)
        if block not in self.keys:
            keys = _keys_leaving(net.instances(res), self.ids)
            self.keys[block] = (keys, names(keys))
        return self.keys[block]


def _gone(net: Network, going: list[NatGateway]) -> _Gone:
    """`_Gone` of the NAT gateways `going`, once for each list of them a run asks of (resources hash by identity)."""
    key = ("migration._gone", *going)
    found = net._cache.get(key)
    if not isinstance(found, _Gone):
        found = net._cache[key] = _Gone(net, going)
    return found


def _keys_leaving(instances: list[Resource], gone: set[int]) -> list[str]:
    """The keys of the instances of a for_each that are `gone`, where others stay; [] where all go."""
    if all(id(r) in gone for r in instances):
        return []
    return [r.id[len(r.block) + 1 : -1] for r in instances if id(r) in gone and r.key is not None]


def _leaving(net: Network, res: Resource, going: list[NatGateway]) -> list[str]:
    """The keys that leave its for_each, as its addresses write them (`"a"`), where `res` is a for_each's
    instance that goes with the NAT gateways `going` (and what goes with them) while others stay; [] otherwise
    (a module model's resource: its inputs change, not a block of the user's)."""
    return _gone(net, going).leaving(net, res)[0]


def _same_each(net: Network, res: Resource, nat: NatGateway, going: list[NatGateway]) -> bool:
    """Whether `res` (the NAT gateway's Elastic IP or route) is made by a for_each written as the NAT
    gateway's, in its module, whose keys leave it with the NAT gateway's: what the NAT gateway's change
    says covers it."""
    return (
        bool(res.each)
        and res.key is not None
        and (res.each, res.template, module_of(res)) == (nat.each, nat.template, module_of(nat))
        and bool(_leaving(net, nat, going))
    )


def idle_reason(nat: NatGateway) -> str:
    """Why a NAT gateway nothing uses goes with `nat`."""
    return f"which the same {count_setting(nat)} makes and nothing uses"


def goes_with(res: Resource, nat: NatGateway) -> bool:
    """Whether `res` (its Elastic IP, a route) goes with the setting that removes the NAT gateway (a vpc
    module's enable_nat_gateway, a CDK ec2.Vpc's natGateways), rather than by being removed itself."""
    return "step:remove-nat" in res.hints or ("step:remove-nat" in nat.hints and made_with(res, nat))


def made_with(res: Resource, nat: NatGateway) -> bool:
    """Whether what makes the NAT gateway (an ec2.Vpc, a vpc module call) makes `res` too: an Elastic IP
    made beside it and passed in (`reuse_nat_ips`, an allocation id of one's own) stays when it goes."""
    if SWITCHED in nat.hints:  # (a switch in the user's code: what goes with it has the hint of its own)
        return False
    if nat.type.startswith("AWS::"):
        maker = nat.group.removesuffix("/*/NATGateway") if nat.group else (nat.path or "").rpartition("/")[0]
        return bool(maker) and (res.path or "").startswith(maker + "/")
    prefix = nat.id[: nat.id.find(f"{nat.type}.")] if f"{nat.type}." in nat.id else ""
    return bool(prefix) and res.id.startswith(prefix)


def _too(net: Network, nats: list[NatGateway], going: list[NatGateway]) -> str:
    """What goes with the NAT gateways beyond themselves (`companions`), where it does not go with the setting that
    removes them: their Elastic IPs, which stay allocated, and billed, after the NAT gateway goes (the saving counts
    them), and the 0.0.0.0/0 routes to them, which fail the deployment while they name a NAT gateway it removes.
    A for_each's whose other instances stay, where the NAT gateways' change does not cover it: how its key leaves."""
    theirs = {id(n) for n in nats}
    kept: dict[Resource, NatGateway] = {}
    for res, nat in _gone(net, going).pairs:
        if res is not nat and id(nat) in theirs and not goes_with(res, nat):
            kept.setdefault(res, nat)
    its = "its" if len(nats) == 1 and COUNT not in nats[0].unknown else "their"
    said = []
    for kind, route in (("Elastic IP", False), ("0.0.0.0/0 route", True)):
        mine = {r: n for r, n in kept.items() if isinstance(r, Route) is route}
        if not mine:
            continue
        if len(mine) > 1:
            text = f"{its} {kind}s ({names(called(r) for r in mine)})"
        else:  # (one standing for each of a count that cannot be known: as many as the NAT gateways)
            one = next(iter(mine))
            more = "s" if COUNT in one.unknown else ""
            inline = _inline_route(one)  # (`its route {} for 0.0.0.0/0 of …`: the kind said once)
            text = (
                f"{its} {inline.replace('route ', f'route{more} ', 1)}" if inline else f"{its} {kind}{more} {one.name}"
            )
        keyed: dict[str, str] = {}  # (one sentence a resource block)
        for res, nat in mine.items():
            if res.block in keyed or _same_each(net, res, nat, going):
                continue
            how = key_removal(net, res, going, nat)
            if res.each == "" and nat.each == "" and how:  # (the NAT gateway's says what cannot be known)
                how = how.partition(";")[0] + " too"
            keyed[res.block] = how
        hows = [k for k in keyed.values() if k]
        said.append(text + (f" ({'; '.join(hows)})" if hows else ""))
    if not said:
        return ""
    return f" and {said[0]}" if len(said) == 1 else f", {', '.join(said[:-1])} and {said[-1]}"


def _named(net: Network, going: list[NatGateway], answers: Container[int] = (), added: str = "") -> str:
    """What would still name the NAT gateways `going` and what goes with them by hand (`still_naming`), as the
    plan's removal step says it for each: the outputs, the resources that reference them or depend on them, and
    apart the DependsOn of what answers a custom resource (`answers`), which moves to the S3 gateway endpoint."""
    pairs = _gone(net, going).pairs
    gone = dict.fromkeys((r for r, _ in pairs), False)
    outputs, naming, moving = False, [], []
    removed = 0
    for res, nat in pairs:
        if gone[res] or (res is not nat and goes_with(res, nat)):
            continue
        gone[res] = True  # (said once: a route to two of them is one)
        removed += 1
        said, named, moved = still_naming(net, res, gone, answers)
        outputs = outputs or said
        naming += named
        moving += moved
    it = "it" if removed == 1 else "them"
    listed = (["the outputs"] if outputs else []) + list(dict.fromkeys(r.name for r in naming))
    parts = [f"what names {it} in {names(listed)}"] if listed else []
    if moving:
        parts.append(moved_depends_on(list(dict.fromkeys(moving)), it, added))
    return f" (and {' and '.join(parts)})" if parts else ""


def answering(net: Network, responders: Iterable[Function]) -> set[int]:
    """What answers CloudFormation through the S3 gateway endpoint the custom-resource step adds (by id): the
    functions `responders` and the custom resources they answer, whose DependsOn on the NAT path moves to it."""
    return {id(x) for fn in responders for x in [fn, *net.custom_resources(fn)]}


def moved_depends_on(moved: list[Resource], it: str, added: str, shown: int = SHOWN_NAMES) -> str:
    """Where the DependsOn on what goes (`it`) of what answers a custom resource goes (`still_naming`'s `moved`):
    the S3 gateway endpoint that `added` (the step that adds it, e.g. "the custom-resource step above adds")."""
    endpoint = term(moved[0], "endpoint")
    each = "it" if len(moved) == 1 else "each"  # (one DependsOn of each resource named)
    return (
        f"the DependsOn on {it} in {names(moved, shown)}: point {each} at the S3 gateway endpoint ({endpoint}) "
        f"{added}, "
        "through which the custom resource is answered up to its deletion"
    )


def rollout(net: Network, fn: Function) -> str:
    """How the function's flag goes on blue/green (RULES.md I9660): the flag changes how every invocation connects,
    so callers should reach it through an alias to a published version, where a new one can take traffic gradually
    and the old one take it back. Empty where they do, or where nothing calls it but CloudFormation (a custom
    resource provider's function, which its construct never gives an alias)."""
    published = net.published(fn)
    how = term(fn, "publish")
    if published is True or how.startswith("which "):
        return ""
    if published is None:
        return (
            ", once callers reach it through an alias to a published version, which could not be told from this "
            "code, so the change can shift traffic gradually and roll back (I9660)"
        )
    if fn.publishes:  # (versions exist: callers invoke $LATEST)
        first = f"routing callers through an alias to a published version ({how})"
    else:
        first = f"publishing versions and routing callers through an alias ({how})"
    return (
        f", after {first}: through $LATEST every invocation would switch at once, with no version to roll back to, "
        "where an alias shifts traffic to the new version gradually (I9660)"
    )


def tcp_ports(verdict: AclVerdict) -> str:
    """`TCP 443` or `TCP 443 and 8000-8080`: the ports a function's groups let out over IPv6, where its network
    ACL is judged on them only (`AclVerdict.ports`); empty when that is every port."""
    ranges = [str(low) if low == high else f"{low}-{high}" for low, high in verdict.ports or ()]
    if not ranges:
        return ""
    if len(ranges) > _SHOWN_RANGES:
        return f"TCP {', '.join(ranges[:_SHOWN_RANGES])} and {len(ranges) - _SHOWN_RANGES} more port ranges"
    return "TCP " + (", ".join(ranges[:-1]) + " and " + ranges[-1] if len(ranges) > 1 else ranges[0])


_SHOWN_RANGES = 8  # (a message names at most these; a group may hold hundreds of rules)


def acl_numbers(net: Network, verdict: AclVerdict) -> str:
    """Rule numbers an ACL's new IPv6 rules can take, where all its rules are known: a number in use fails the
    deployment (NetworkAclEntryAlreadyExists), and a deployed ACL's rules are often numbered 100."""
    wanted = [
        (d, egress)
        for d, egress, passes in (("egress", True, verdict.egress), ("ingress", False, verdict.ingress))
        if passes is False
    ]
    numbers = [(d, net.free_acl_number(verdict, egress)) for d, egress in wanted]
    if not numbers or any(n is None for _, n in numbers):
        return ""
    return ", in numbers the ACL does not use (e.g. " + " and ".join(f"{d} rule {n}" for d, n in numbers) + ")"


def kept_on_purpose(nat: NatGateway, rule_id: str) -> bool:
    """Whether the team ignores the rule (W9650 or I9651) on the NAT gateway, or for its whole template, in source:
    the plan's "kept on purpose"; other advice then treats the NAT gateway as one that stays."""
    from lambda6lint.registry import rule_by_id  # (the registry loads the rules, which import this module)

    rule = rule_by_id(rule_id)
    return any(rule.matches([pattern]) for scope in (nat.suppress, nat.template.suppress) for pattern in scope)


def spelled(step: str, resources: Iterable[Resource]) -> str:
    """`A, B: set EnableDns64: false`: the resources with what the step changes on them, in their format's words
    (a module's input once for all the resources it made)."""
    changes: dict[str, list[Resource]] = {}
    for res in resources:
        changes.setdefault(change(step, res), []).append(res)
    return "; ".join(f"{names(listed)}: {words}" for words, listed in changes.items())


#: The hints of a built-in model's call input that takes what a step changes on the function it makes (`module_change`).
_INPUTS = {SDK: ("environment",), NODE: ("environment",), "function-flag": ("dualstack_input",)}


def module_change(step: str, res: Resource) -> str | None:
    """What `step` changes on a module call's input for `res` when a module made it; None otherwise. The SDK's and
    Node's settings go in the environment a built-in model's call gives (terraform-aws-modules/lambda's
    `environment_variables`), and the flag on its `ipv6_allowed_for_dual_stack`, not on the function it makes."""
    concept = _CHANGES[step][0] if step in _CHANGES else ""
    inputs = (f"step:{step}", concept, *_INPUTS.get(step, ()))
    if "module" in res.hints and any(hint in res.hints for hint in inputs):
        return change(step, res)
    return None


def construct_change(step: str, res: Resource) -> str | None:
    """What `step` changes on a resource a CDK construct made, in CDK's words (its construct's props, not
    the resource a user never writes); None for a resource of another kind, or a step whose sentence
    names the change already (the function's flag, the SDK setting)."""
    return change(step, res) if res.path and step in _CHANGES and step not in ("function-flag", SDK, NODE) else None


def chosen_change(step: str, res: Resource) -> str | None:
    """What `step` changes on `res` where its usual words would mislead, in the words I9640, W9601 and the plan use:
    the configuration chooses the value (an API's IP address type, `ip_how`; a function's flag, `dualstack_how`,
    from a parameter's Default or a variable; the SDK's or Node's environment variable, `from:NAME`), to be changed
    there rather than written over, or the flag or the environment is set another way (a variable or a module call's
    input that gives the whole environment, a CDK construct's escape hatch, a provider to upgrade first: `env_how`,
    `dualstack_how`); None otherwise."""
    return change(step, res) if any(res.hints.get(hint) for hint in _CHOSEN.get(step, ())) else None


#: The hints that say where or how what a step changes is set, where its usual words would mislead (`chosen_change`):
#: for the SDK's and Node's settings, a variable's value from a parameter's Default or a variable (`from:NAME`), or the
#: whole environment from a variable, a module call's input or a CDK construct's escape hatch (`env_how`).
_CHOSEN = {
    API: ("ip_how",),
    "function-flag": ("dualstack_how",),
    SDK: ("env_how", "from:AWS_USE_DUALSTACK_ENDPOINT"),
    NODE: ("env_how", "from:NODE_OPTIONS"),
}

#: What a fix does to an environment variable whose value is set elsewhere (`from:NAME`), there.
_SET_THERE = {"AWS_USE_DUALSTACK_ENDPOINT": "set it to true", "NODE_OPTIONS": "change it"}


def on_call(res: Resource, concept: str) -> str | None:
    """`vpc_subnet_ids on module.orders`: the input of the module call that made `res` which takes `concept`
    (`dualstack`, `subnets`, `security_groups`), where a built-in model says so (its `<concept>_input` hint); None
    otherwise. A user writes the call, never the function it makes: a fix naming the function's own argument
    sends them looking for a resource they did not write."""
    given = res.hints.get(f"{concept}_input")
    return f"{given} on {res.hints['module']}" if given and "module" in res.hints else None


def flag_setting(res: Resource, value: bool = True, how: bool = True) -> str:
    """A function's IPv6 flag set to `value`, as a fix (E9602, E9604, W9601, the plan) says it: on the module call's
    input where one made the function (`ipv6_allowed_for_dual_stack = true on module.orders`), else its format's
    word, with how it is set where the usual way does not apply (`dualstack_how`: a parameter's Default, a variable,
    a module release that predates the input), unless `how` is False (a finding's description, not its fix)."""
    said = "true" if value else "false"
    there = term(res, "dualstack_how") if value else ""
    given = on_call(res, "dualstack")
    if given and not there:
        flag, _, call = given.partition(" on ")
        return f"{flag} = {said} on {call}"
    return f"{term(res, 'dualstack')} to {said}{there if how else ''}"


def environment(res: Resource) -> str:
    """Where a function's environment variables are written: where the loader says it is given whole (`env_how`: a
    variable, a module call's input, an escape hatch on a CDK construct's own function), else its format's words."""
    return res.hints.get("env_how") or term(res, "environment")


def set_there(res: Resource, name: str) -> str:
    """` (from the Default of parameter `P`: set it to true there)` where a parameter's Default or a variable gives
    the function's environment variable `name` (`from:NAME`): writing over it would drop that choice; else ``."""
    place = res.hints.get(f"from:{name}")
    return f" (from {place}: {_SET_THERE.get(name, 'change it')} there)" if place else ""


def change(step: str, res: Resource) -> str:
    """What `step` changes on `res`, in its format's words (a module input where a module made it)."""
    if f"step:{step}" in res.hints:  # a module does it differently (its own gateway, one flag for all)
        return res.hints[f"step:{step}"]
    if step == REMOVE:
        if COUNT in res.unknown and res.type.startswith("aws_"):  # (each of a count that cannot be known)
            return "remove the block: it stands for each of them"
        return "remove it"
    if step not in _CHANGES:
        return ""
    concept, clause = _CHANGES[step]
    if step == "ipv6-route" and res.kind == "route_table":
        clause = "add ::/0 → {}"
        if isinstance(res, RouteTable) and res.main and (moved := term(res, "main_table")):
            subnets = moved.replace("{subnets}", "the functions' subnets on it")
            return f"{subnets} that has ::/0 → {term(res, concept)}"
        if "ipv6_route" in res.hints:  # (as the table's other routes are written: Terraform's two styles)
            return f"add {res.hints['ipv6_route']}"
    if step == "ipv6-route" and res.kind == "route":  # (its ::/0 goes to a peering connection)
        clause = (
            "send ::/0 to {} instead (a peering connection reaches only the peer's addresses: route the peer VPC's "
            "IPv6 CIDR to it)"
        )
    if step == "function-flag" and res.hints.get("dualstack_how"):  # (where its value comes from: set it there)
        return f"set {term(res, concept)} to true{res.hints['dualstack_how']}"
    if step == "function-flag" and on_call(res, "dualstack"):  # (a built-in model's call takes the flag)
        return f"set {flag_setting(res)}"
    if step == API and res.hints.get("ip_how"):  # (a parameter's Default or a variable gives it: changed there)
        return f"set {term(res, concept)}{res.hints['ip_how']}"
    if step == SDK:
        if said := set_there(res, "AWS_USE_DUALSTACK_ENDPOINT"):  # (written: its value is what changes, there)
            return f"set AWS_USE_DUALSTACK_ENDPOINT to true{said}"
        return f"add {term(res, concept)} to {environment(res)}"
    if step == NODE:
        too_old = isinstance(res, Function) and Network.node_before_ipv6first(res)
        upgrade = f"use {term(res, 'node_upgrade')}, then " if too_old else ""
        env = res.environment if isinstance(res, Function) else None
        options = env.get("NODE_OPTIONS") if isinstance(env, dict) else None
        if isinstance(options, str) and options.strip():  # (its other options stay: a preloaded module, source maps)
            order = runtimes.dns_result_order(options)
            instead = f" in place of its --dns-result-order={order}" if order else ""
            where = f"the NODE_OPTIONS in {environment(res)}"
            others = ", keeping its other options" if runtimes.other_options(options) else ""
            kept = f"{others}{set_there(res, 'NODE_OPTIONS')}"
            return f"{upgrade}add --dns-result-order=ipv6first to {where}{instead}{kept}"
        return f"{upgrade}set {term(res, concept)} in {environment(res)}{set_there(res, 'NODE_OPTIONS')}"
    return clause.format(term(res, concept))
