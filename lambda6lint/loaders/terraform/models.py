"""Built-in models of terraform-aws-modules/vpc/aws (with its vpc-endpoints module) and
terraform-aws-modules/lambda/aws (with its alias module).

Used when a registry module's code is not on disk (no `.terraform/modules/modules.json`): what
the module's inputs create (research/aws-facts.md §2.4, §4.4, terraform-aws-vpc v5/v6 main.tf),
as resource instances with the module's own addresses, located at the module call and at the
input a fix would change. What changed between releases follows the newest one the call's version
constraint allows (what `terraform init` takes; the one installed, when it is): a model holds from
its SINCE release, and terraform-aws-vpc's NAT gateway count (max_subnet_length) changed twice.

An input that cannot be known makes unknown only what depends on it, as in the module's own code:

- a value (a CIDR, a subnet list handed to the function, ACL rules) is UNKNOWN where it is used;
- a flag (`enable_ipv6`, `enable_nat_gateway`, `create_role`…) is followed both ways: what both
  ways make alike is known, an argument they make differently is UNKNOWN, and a resource only one
  way makes may exist (conditional). At most MAX_WAYS ways; past them the model gives up;
- a list whose length decides how many resources exist (`private_subnets`; `azs` with one NAT
  gateway per zone), when it cannot be known, leaves the model unable to say what exists: it gives
  up (its outputs are unknown, it makes nothing), as Terraform could not plan those counts either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from lambda6lint.loaders.terraform.evaluator import Declared
from lambda6lint.loaders.terraform.values import HOLE, PRESENT, Instance, Link, Partial, Read, opaque, said_reads
from lambda6lint.model import UNKNOWN, Location
from lambda6lint.records import dataclass, field, replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

GROUPS = ("public", "private", "database", "redshift", "elasticache", "intra")
_AAAA_ON_LAUNCH = "subnet_enable_resource_name_dns_aaaa_record_on_launch"  # (`<group>_…`)
MAX_WAYS = 16  # combinations of unknown flags a model follows
INF = float("inf")
Version = tuple[float, float, float]  # (major, minor, patch) of a module's release
NEWEST: Version = (INF, INF, INF)  # (no constraint: the newest release)


@dataclass
class Made:
    instances: list[Instance] = field(default_factory=list)
    outputs: Any = UNKNOWN
    reason: str | None = None  # why the model could not say what the call makes, when it gave up


@dataclass
class Call:
    """A module call a model reads: its address prefix, its inputs (evaluated on demand), its block,
    and whether an input that cannot be known can still be known not to be null (nulls.py)."""

    prefix: str
    inputs: dict[str, Callable[[], Any]]
    declared: Declared
    never_null: Callable[[str], bool] = lambda name: False
    #: Why an input cannot be known, as a clause ("comes from data source …"); None when it cannot say.
    why: Callable[[str], str | None] = lambda name: None
    values: dict[str, Any] = field(default_factory=dict)
    #: How a fix names a call with `count` or `for_each` ("module `vpc` at main.tf:16", a plan's `module.vpc`):
    #: its inputs are set on the call's block, for every instance; "" for a call of one instance (its address).
    called: str = ""
    #: The inputs that read `each.key`, `each.value` or `count.index`, and which of them: its instances differ.
    differs: dict[str, Read] = field(default_factory=dict)

    def value(self, name: str) -> Any:
        """The input's value (evaluated once for all the ways a model follows); None when not set."""
        if name not in self.values:
            self.values[name] = self.inputs[name]() if name in self.inputs else None
        return self.values[name]


class _Branch(Exception):
    """A flag that cannot be known was read: the model is run once for each of its values."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


class _Shapeless(Exception):
    """A list whose length decides what exists cannot be known: the model cannot say what exists."""


class _Inputs:
    """One way through a model: the module call's inputs, with a value chosen for each unknown flag."""

    def __init__(self, call: Call, choices: dict[str, bool], release: Version = NEWEST):
        self.call, self.choices = call, choices
        self.release = release  # the newest the call's version constraint allows (what `terraform init` takes)
        self.prefix, self.declared = call.prefix, call.declared
        self.made = Made()
        #: The call's `region` that `add` gives what it makes (`regional`); None: the provider configuration's.
        self.region: Any = None

    @property
    def address(self) -> str:
        """The module call's address, e.g. `module.vpc`, `module.vpc["a"]`: what a reference to it names."""
        return self.prefix.rstrip(".") or "the module call"

    @property
    def name(self) -> str:
        """The module call as a fix names it: where its inputs are set (`Call.called`), else its address."""
        return self.call.called or self.address

    def differing(self, *bearing: str) -> str:
        """What a fix whose values are worked out for this instance from the inputs `bearing` adds where one of them
        reads each.key, each.value or count.index (`Call.differs`): the call's instances may need other values. An
        input that bears on none of them (`name = each.key`) leaves every instance the same fix: nothing."""
        differs = {name: word for name, word in self.call.differs.items() if name in bearing}
        if not differs:
            return ""
        return (
            f"; the call sets them for all its instances, which differ ({said_reads(differs)}): "
            f"the values here are {self.address}'s"
        )

    def get(self, name: str, default: Any) -> Any:
        """A value input: UNKNOWN where it cannot be known."""
        value = self.call.value(name)
        return default if value is None else value

    def flag(self, name: str, default: bool) -> bool:
        """A flag input; one that cannot be known is followed both ways (see `explore`)."""
        value = self.get(name, default)
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        if not opaque(value):
            raise _Shapeless(name)  # not a bool: Terraform rejects the call
        if name not in self.choices:
            raise _Branch(name)
        return self.choices[name]

    def count(self, name: str) -> list[Any]:
        """A list input whose length decides how many resources exist."""
        value = self.get(name, [])
        if not isinstance(value, list):
            raise _Shapeless(name)
        return value

    def given(self, name: str) -> bool | None:
        """Whether the input is set (not null); None when that cannot be known."""
        value = self.call.value(name)
        if value is None:
            return False
        if opaque(value) and not self.call.never_null(name):
            return None
        return True

    def regional(self, since: Version) -> None:
        """The module's `region` input, from release `since` written `region = var.region` on every resource it
        makes but IAM's (AWS provider 6's resource-level argument: where each deploys), given to what `add` makes
        after: null, the provider configuration's; set on a release before `since`, which Terraform rejects, or
        without a value: UNKNOWN (where it deploys is not known)."""
        value = self.get("region", None)
        self.region = value if value is None or self.release >= since else UNKNOWN

    def where(self, *names: str) -> Location:
        block = self.declared.block
        for name in names:
            if name in block.attributes:
                attr = block.attributes[name]
                return Location(attr.path or self.declared.path, attr.line, attr.column)
        return Location(self.declared.path, block.line, block.column)

    def items(self, name: str) -> list[Location]:
        attr = self.declared.block.attributes.get(name)
        if attr is None or attr.expr.kind != "tuple":
            return []
        return [Location(attr.path or self.declared.path, e.line, e.column) for e in attr.expr.args]

    def keys(self, name: str) -> dict[str, Location]:
        """Where each key of a map input is written (`environment_variables = { NODE_OPTIONS = … }`)."""
        attr = self.declared.block.attributes.get(name)
        if attr is None or attr.expr.kind != "object":
            return {}
        return {
            key.args[0]: Location(attr.path or self.declared.path, key.line or attr.line, key.column or attr.column)
            for key, _ in attr.expr.args
            if key.kind == "lit" and isinstance(key.args[0], str)
        }

    def add(
        self, rtype: str, name: str, index: int | str | None, attrs: dict, location: Location, **marks: Any
    ) -> Link:
        key = "" if index is None else f"[{index}]" if isinstance(index, int) else f'["{index}"]'  # (for_each)
        address = f"{self.prefix}{rtype}.{name}{key}"
        if self.region is not None and not rtype.startswith("aws_iam_"):  # (IAM has no region)
            attrs["region"] = self.region
        inst = Instance(address, rtype, attrs, location, key=index)
        inst.hints["module"] = self.name  # made by a module call: changed through its inputs
        for path, loc in marks.items():
            inst.marks[tuple(int(p) if p.isdigit() else p for p in path.split("__"))] = loc
        self.made.instances.append(inst)
        return Link(address)


def explore(model: Callable[[_Inputs], None], call: Call, release: Version = NEWEST) -> Made:
    """Run `model` once for each combination of the unknown flags it reads, and merge what the ways
    make (`_merge`); give up (nothing made, outputs unknown) past MAX_WAYS ways or on a list whose
    length cannot be known."""
    finished: list[tuple[dict[str, bool], Made]] = []
    pending: list[dict[str, bool]] = [{}]
    while pending:
        choices = pending.pop(0)
        m = _Inputs(call, choices, release)
        try:
            model(m)
        except _Branch as branch:
            if len(finished) + len(pending) + 2 > MAX_WAYS:
                return Made(reason=f"over {MAX_WAYS} combinations of inputs that cannot be known decide it")
            pending += [{**choices, branch.name: True}, {**choices, branch.name: False}]
            continue
        except _Shapeless as shapeless:
            name = shapeless.args[0]
            because = call.why(name)
            because = f"whose value {because}" if because else "which cannot be known"
            return Made(reason=f"how many resources it makes depends on input `{name}`, {because}")
        finished.append((choices, m.made))
    return _merge(finished, call)


def _merge(ways: list[tuple[dict[str, bool], Made]], call: Call) -> Made:
    """What every way makes alike is known; an argument ways make differently is UNKNOWN, located at
    the flag that decides it; a resource only some ways make is conditional (`condition` located at
    the flag that decides whether it exists)."""
    if len(ways) == 1:
        return ways[0][1]
    m = _Inputs(call, {})
    found: dict[str, list[tuple[dict[str, bool], Instance]]] = {}
    for choices, made in ways:
        for inst in made.instances:
            found.setdefault(inst.address, []).append((choices, inst))
    out = Made(outputs=_same([made.outputs for _, made in ways]))
    addresses = [{i.address for i in made.instances} for _, made in ways]
    for versions in found.values():
        first = versions[0][1]
        attrs = {}
        marks = dict(first.marks)
        for key in dict.fromkeys(k for _, inst in versions for k in inst.attrs):
            values = [inst.attrs.get(key) for _, inst in versions]
            attrs[key] = _same(values)
            if attrs[key] is UNKNOWN and any(v is not UNKNOWN for v in values):
                flag = _deciding([(c, _identity(inst.attrs.get(key))) for c, inst in versions])
                if flag is not None:
                    marks[(key,)] = m.where(flag)
        inst = replace(first, attrs=attrs, marks=marks, hints={k: v for _, i in versions for k, v in i.hints.items()})
        absent = [(c, None) for (c, _), made in zip(ways, addresses, strict=True) if first.address not in made]
        if absent or any(i.conditional for _, i in versions):
            inst.conditional = True
            flag = _deciding([(c, True) for c, _ in versions] + absent)
            if flag is not None:
                inst.marks[("condition",)] = m.where(flag)
        out.instances.append(inst)
    return out


def _deciding(outcomes: list[tuple[dict[str, bool], Any]]) -> str | None:
    """The first flag whose value differs between two ways with different outcomes."""
    for i, (a, outcome_a) in enumerate(outcomes):
        for b, outcome_b in outcomes[i + 1 :]:
            if outcome_a != outcome_b:
                for name in a:
                    if name in b and a[name] != b[name]:
                        return name
    return None


def _identity(value: Any) -> Any:
    """Something comparable with ==, for telling outcomes apart."""
    return repr(value)


def _same(values: list[Any]) -> Any:
    """The value every way gives; lists and maps of equal shape merged element by element; else UNKNOWN."""
    first = values[0]
    if all(isinstance(v, list) for v in values) and len({len(v) for v in values}) == 1:
        return [_same([v[i] for v in values]) for i in range(len(first))]
    if all(isinstance(v, dict) for v in values) and all(v.keys() == first.keys() for v in values):
        return {k: _same([v[k] for v in values]) for k in first}
    if all(type(v) is type(first) and v == first for v in values):
        return first
    return UNKNOWN


def _free_prefixes(lengths: dict[str, int], prefixes: dict[str, list]) -> dict[str, list[int]]:
    """For each group with subnets but no `<group>_subnet_ipv6_prefixes`, the /64 numbers of the VPC's /56 to
    give it: the lowest that no other group takes, group after group (empty when one taken is not known)."""
    taken = [p for g in prefixes for p in prefixes[g]]
    if not all(isinstance(p, int) and not isinstance(p, bool) for p in taken):
        return {}
    used, found = set(taken), {}
    for group in lengths:
        if lengths[group] and not prefixes[group]:
            free = [n for n in range(256) if n not in used][: lengths[group]]
            if len(free) < lengths[group]:
                return {}
            found[group] = free
            used.update(free)
    return found


def _refused_groups(m: _Inputs, lengths: dict[str, int], prefixes: dict[str, list]) -> list[str]:
    """The subnet groups without IPv6 prefixes whose DNS64 or AAAA records enable_ipv6 would turn on: `_v4_groups`
    names their prefixes, in the same change as enable_ipv6."""
    return [
        g
        for g in lengths
        if lengths[g]
        and not prefixes[g]
        and any(
            m.get(f"{g}_subnet_{name}", True) not in (False, "false")  # (an unknown value is not followed)
            for name in ("enable_dns64", "enable_resource_name_dns_aaaa_record_on_launch")
        )
    ]


def _v4_groups(m: _Inputs, lengths: dict[str, int], prefixes: dict[str, list]) -> str:
    """What else enable_ipv6 needs: the module turns DNS64 and AAAA records on for every subnet group
    (`<group>_subnet_enable_dns64`, `…_enable_resource_name_dns_aaaa_record_on_launch`, default true), and
    AWS refuses both on a subnet without an IPv6 CIDR (terraform-aws-vpc#930), so apply fails."""
    lengths = {**lengths, "outpost": len(m.count("outpost_subnets"))}  # (subnets the model does not make)
    prefixes = {**prefixes, "outpost": m.count("outpost_subnet_ipv6_prefixes")}
    groups = _refused_groups(m, lengths, prefixes)
    if not groups:
        return ""
    free = _free_prefixes(lengths, prefixes)
    names = " and ".join(f"{g}_subnet_ipv6_prefixes" + (f" = {free[g]}" if g in free else "") for g in groups)
    return (
        f", in the same change as {names} (or, for a group left IPv4-only, <group>_subnet_enable_dns64 = false "
        "and <group>_subnet_enable_resource_name_dns_aaaa_record_on_launch = false): with enable_ipv6 the module "
        "turns DNS64 and AAAA records on for every subnet, which AWS refuses on a subnet without an IPv6 CIDR"
    )


#: The inputs the values of `vpc_ipv6`'s fix are worked out from (`_v4_groups`, the NAT64 note): where one of them
#: reads each.key, each.value or count.index, the fix says its values are the instance's (`_Inputs.differing`).
_VPC_IPV6_BEARING = (
    "enable_ipv6",
    "enable_nat_gateway",
    *(
        f"{group}_{name}"
        for group in (*GROUPS, "outpost")
        for name in ("subnets", "subnet_ipv6_prefixes", "subnet_enable_dns64", _AAAA_ON_LAUNCH)
    ),
)


def _subnet_bearing(group: str, new: bool = False) -> tuple[str, ...]:
    """The inputs a subnet group's `ipv6_cidr` fix is worked out from: the /64s no other group takes (every group's
    subnets and prefixes), its NAT64 note (its DNS64, the NAT gateways); `ipv6_cidr_new`'s, whether enable_ipv6's
    step says it already (`_refused_groups`: its AAAA records too)."""
    found = ["enable_ipv6", "enable_nat_gateway", f"{group}_subnet_enable_dns64"]
    found += [f"{g}_{name}" for g in GROUPS for name in ("subnets", "subnet_ipv6_prefixes")]
    return (*found, f"{group}_{_AAAA_ON_LAUNCH}") if new else tuple(found)


def vpc_model(m: _Inputs) -> None:
    if not (m.flag("create_vpc", True) and m.flag("putin_khuylo", True)):  # (main.tf's `local.create_vpc`)
        m.made.outputs = {}
        return
    m.regional((6, 1, 0))  # (terraform-aws-vpc fd357b9, "Add enhanced region support")
    ipv6 = m.flag("enable_ipv6", False)
    subnets = {g: m.count(f"{g}_subnets") for g in GROUPS}
    prefixes = {g: m.count(f"{g}_subnet_ipv6_prefixes") for g in GROUPS}
    native = {g: bool(subnets[g] or prefixes[g]) and m.flag(f"{g}_subnet_ipv6_native", False) for g in GROUPS}

    def dns64(group: str) -> bool:
        return m.flag(f"{group}_subnet_enable_dns64", True)

    here = m.where()
    # with use_ipam_pool the VPC's IPv6 block is the pool's (`ipv6_ipam_pool_id`, `ipv6_cidr`), not Amazon's: a
    # private scope's never reaches the internet (main.tf's aws_vpc.this, the same since 4.0.0)
    ipam = m.flag("use_ipam_pool", False)
    block = {"ipv6_ipam_pool_id": m.get("ipv6_ipam_pool_id", None), "ipv6_cidr_block": m.get("ipv6_cidr", None)}
    vpc_attrs = {
        "cidr_block": UNKNOWN if ipam else m.get("cidr", "10.0.0.0/16"),  # (the IPv4 pool's, ipv4_ipam_pool_id)
        "assign_generated_ipv6_cidr_block": (ipv6 and not ipam) or None,
        **block,
    }
    marks = {} if ipam else {"assign_generated_ipv6_cidr_block": m.where("enable_ipv6")}
    if block["ipv6_ipam_pool_id"] is not None:
        marks["ipv6_ipam_pool_id"] = m.where("ipv6_ipam_pool_id")
    if block["ipv6_cidr_block"] is not None:
        marks["ipv6_cidr_block"] = m.where("ipv6_cidr")
    vpc = m.add("aws_vpc", "this", 0, vpc_attrs, here, **marks)
    # with enable_ipv6 the module makes the egress-only gateway and the private ::/0 routes itself,
    # unless create_egress_only_igw is false
    no_eigw = ipv6 is True and m.flag("create_egress_only_igw", True) is False
    v6_switch = f"create_egress_only_igw = true on {m.name}" if no_eigw else f"enable_ipv6 = true on {m.name}"
    m.made.instances[-1].hints["step:ipv6-route"] = (
        f"{v6_switch} makes the egress-only gateway (create_egress_only_igw)"
        if not no_eigw
        else f"{v6_switch} makes the egress-only gateway and the private ::/0 routes"
    )
    m.made.instances[-1].hints["eigw"] = v6_switch
    lengths = {g: max(len(subnets[g]), len(prefixes[g])) for g in GROUPS}  # len_<g>_subnets
    m.made.instances[-1].hints["vpc_ipv6"] = (
        f'ipv6_ipam_pool_id = a pool of IPAM\'s public scope with public_ip_source = "amazon" on {m.name} (with '
        "use_ipam_pool the module asks for no Amazon /56; or use_ipam_pool = false, the IPv4 CIDR in cidr and no "
        "ipv6_ipam_pool_id, and enable_ipv6 = true)"
        if ipam
        else f"enable_ipv6 = true on {m.name}"
    ) + _v4_groups(m, lengths, prefixes)
    if (
        lengths["private"]
        and m.flag("enable_nat_gateway", False)
        and m.get("private_subnet_enable_dns64", None) is None
    ):
        m.made.instances[-1].hints["vpc_ipv6"] += (  # (as the subnet step says: said here, where it is done)
            "; and private_subnet_enable_dns64 = false unless you need NAT64: the module turns DNS64 on and routes "
            "64:ff9b::/96 to its NAT gateways, which then cannot go"
        )
    m.made.instances[-1].hints["vpc_ipv6"] += m.differing(*_VPC_IPV6_BEARING)
    # max_subnet_length (how many NAT gateways and private route tables): 4.0.0 left private subnets out,
    # 4.0.1 to 5.1.1 counted intra ones too
    counted = ["public", "elasticache", "database", "redshift"]
    counted += ["private"] if m.release >= (4, 0, 1) else []
    counted += ["intra"] if (4, 0, 1) <= m.release <= (5, 1, 1) else []
    max_length = max(lengths[g] for g in counted)
    nat = m.flag("enable_nat_gateway", False)
    single = m.flag("single_nat_gateway", False)
    per_az = not single and m.flag("one_nat_gateway_per_az", False)
    nat_count = 1 if single else len(m.count("azs")) if per_az else max_length
    igw = (
        m.add("aws_internet_gateway", "this", 0, {"vpc_id": vpc}, m.where("create_igw"))
        if lengths["public"] and m.flag("create_igw", True)
        else None
    )
    eigw = (
        m.add("aws_egress_only_internet_gateway", "this", 0, {"vpc_id": vpc}, m.where("create_egress_only_igw"))
        if ipv6 and max_length and m.flag("create_egress_only_igw", True)
        else None
    )
    made_subnets: dict[str, list[Link]] = {}
    # (aws_subnet.public's count: with one_nat_gateway_per_az, no public subnet unless there is one per zone; the
    # NAT gateways then have none to go in, so only a call without them is planned)
    made_count = dict(lengths)
    if lengths["public"] and m.flag("one_nat_gateway_per_az", False) and lengths["public"] < len(m.count("azs")):
        made_count["public"] = 0
    free = _free_prefixes(lengths, prefixes)
    refused = _refused_groups(m, lengths, prefixes)
    for group in GROUPS:
        links = []
        locations = m.items(f"{group}_subnets")
        for i in range(made_count[group]):
            attrs = {
                "vpc_id": vpc,
                "cidr_block": None if native[group] else (subnets[group][i] if i < len(subnets[group]) else ""),
                "ipv6_cidr_block": PRESENT if ipv6 and prefixes[group] else None,
                "ipv6_native": ipv6 and native[group],
                "enable_dns64": ipv6 and dns64(group),
            }
            where = locations[i] if i < len(locations) else m.where(f"{group}_subnets")
            dns64_at = m.where(f"{group}_subnet_enable_dns64", "enable_ipv6")
            link = m.add("aws_subnet", group, i, attrs, where, enable_dns64=dns64_at)
            # with NAT gateways the module routes DNS64's prefix to them (NAT64): the NAT would have to stay
            dns64_unset = m.get(f"{group}_subnet_enable_dns64", None) is None
            values = free.get(group)
            given = f"{group}_subnet_ipv6_prefixes" + (f" = {values} (/64s no other group takes)" if values else "")
            dns64_note = ""
            if dns64_unset and group == "private" and nat:
                dns64_note = (
                    f", and {group}_subnet_enable_dns64 = false unless you need NAT64: the module turns DNS64 on and "
                    "routes 64:ff9b::/96 to its NAT gateways, which then cannot go"
                )
            elif dns64_unset and not nat:
                dns64_note = (
                    f", and {group}_subnet_enable_dns64 = false: the module turns DNS64 on, and with no NAT gateway "
                    "to translate them, the 64:ff9b::/96 addresses it answers with for IPv4-only names lead nowhere"
                )
            m.made.instances[-1].hints["ipv6_cidr"] = (
                f"{given} on {m.name}, with enable_ipv6 = true{dns64_note}{m.differing(*_subnet_bearing(group))}"
            )
            # E9602 where the VPC has no block: its step, enable_ipv6 (`vpc_ipv6`), is said first, and names this
            # group's prefixes and NAT64 note where it turns DNS64 on for the group ("": nothing more to say)
            covered = group in refused and (not dns64_note or nat)
            m.made.instances[-1].hints["ipv6_cidr_new"] = (
                "" if covered else f"{given} on {m.name}{dns64_note}{m.differing(*_subnet_bearing(group, new=True))}"
            )
            m.made.instances[-1].hints["dns64_off"] = f"{group}_subnet_enable_dns64 = false on {m.name}"
            if m.get(f"{group}_subnet_enable_dns64", None) is None:  # (nothing in the call says DNS64)
                m.made.instances[-1].hints["dns64_on"] = (
                    f"by the module's default: enable_ipv6 turns it on where {group}_subnet_enable_dns64 is not set"
                )
            links.append(link)
        made_subnets[group] = links
    tables: dict[str, list[Link]] = {g: [] for g in GROUPS}
    nats: list[Link] = []
    route_at = m.where("create_egress_only_igw", "enable_ipv6")
    nat_at = m.where("enable_nat_gateway")
    if made_subnets["public"]:
        count = lengths["public"] if m.flag("create_multiple_public_route_tables", False) else 1
        for i in range(count):
            table = m.add("aws_route_table", "public", i, {"vpc_id": vpc}, route_at)
            tables["public"].append(table)
            if igw is not None:
                m.add("aws_route", "public_internet_gateway", i, _route(table, "0.0.0.0/0", gateway=igw), here)
                if ipv6:
                    m.add("aws_route", "public_internet_gateway_ipv6", i, _route(table, "::/0", gateway=igw), here)
        for i, subnet in enumerate(made_subnets["public"]):
            table = tables["public"][i % count]
            m.add("aws_route_table_association", "public", i, {"subnet_id": subnet, "route_table_id": table}, here)
    eips: list[Link] = []
    # reuse_nat_ips: the caller's own Elastic IPs (external_nat_ip_ids), whose addresses it keeps
    reuse = m.flag("reuse_nat_ips", False)
    external = m.get("external_nat_ip_ids", []) if reuse else []
    if nat and made_subnets["public"]:
        for i in range(nat_count):
            if reuse:
                allocation = external[i] if isinstance(external, list) and i < len(external) else UNKNOWN
            else:
                allocation = m.add("aws_eip", "nat", i, {}, nat_at)
                eips.append(allocation)
                m.made.instances[-1].hints.update(_nat_removal(m.name))
            subnet = made_subnets["public"][i % len(made_subnets["public"])]
            attrs = {"subnet_id": subnet, "allocation_id": allocation}
            nats.append(m.add("aws_nat_gateway", "this", i, attrs, nat_at))
            m.made.instances[-1].hints.update(_nat_removal(m.name))
            if reuse:  # (the module's README: to keep the same addresses when the VPC is made again)
                m.made.instances[-1].hints["static_ip"] = f"reuse_nat_ips = true on {m.name} keeps the caller's own"
    nat64_routes = m.release >= (4, 0, 2)  # (4.0.0 and 4.0.1 turn DNS64 on but route 64:ff9b::/96 nowhere)
    if made_subnets["private"] and max_length:
        for i in range(nat_count):
            table = m.add("aws_route_table", "private", i, {"vpc_id": vpc}, route_at)
            m.made.instances[-1].hints["nat64_route"] = (
                f"enable_nat_gateway = true on {m.name} (it routes 64:ff9b::/96 to the NAT gateway)"
                if nat64_routes
                else f'version = ">= 4.0.2" and enable_nat_gateway = true on {m.name} (4.0.0 and 4.0.1 add no '
                "64:ff9b::/96 route; later versions route it to the NAT gateway)"
            )
            tables["private"].append(table)
            target = nats[i % len(nats)] if nats else None
            tables_hints = m.made.instances[-1].hints
            tables_hints["step:ipv6-route"] = f"{v6_switch} routes ::/0 to the egress-only gateway"
            tables_hints["ipv6_route"] = f"::/0 → egress-only internet gateway ({v6_switch} adds it)"
            tables_hints["eigw"] = v6_switch
            if target is not None and m.flag("create_private_nat_gateway_route", True):
                # a partner's range only (the module's `nat_gateway_destination_cidr_block`): no default route
                destination = m.get("nat_gateway_destination_cidr_block", "0.0.0.0/0")
                m.add("aws_route", "private_nat_gateway", i, _route(table, destination, nat=target), nat_at)
                m.made.instances[-1].hints.update(_nat_removal(m.name))
            if target is not None and ipv6 and dns64("private") and nat64_routes:  # (whatever
                # create_private_nat_gateway_route says)
                m.add("aws_route", "private_dns64_nat_gateway", i, _route(table, "64:ff9b::/96", nat=target), here)
                if m.get("private_subnet_enable_dns64", None) is None:  # (the module's default, not a choice)
                    m.made.instances[-1].hints["nat64_why"] = (
                        f"the module adds it because private_subnet_enable_dns64 is on by default with enable_ipv6: "
                        f"set private_subnet_enable_dns64 = false on {m.name} unless IPv6-only clients need NAT64"
                    )
            if eigw is not None:
                m.add("aws_route", "private_ipv6_egress", i, _route(table, "::/0", eigw=eigw), here)
        for i, subnet in enumerate(made_subnets["private"]):
            table = tables["private"][0 if single else i % len(tables["private"])]
            m.add("aws_route_table_association", "private", i, {"subnet_id": subnet, "route_table_id": table}, here)
    for group in ("database", "redshift", "elasticache"):
        if made_subnets[group] and m.flag(f"create_{group}_subnet_group", True):
            m.add(_SUBNET_GROUPS[group], group, 0, {"subnet_ids": made_subnets[group]}, here)
        own_table = made_subnets[group] and m.flag(f"create_{group}_subnet_route_table", False)
        # enable_public_redshift: the redshift subnets take the public route tables (aws_route_table_association
        # .redshift_public), with the internet gateway's routes
        public = group == "redshift" and made_subnets[group] and m.flag("enable_public_redshift", False)
        shared, name = (tables["public"], "redshift_public") if public else (tables["private"], group)
        if made_subnets[group] and shared and not own_table:
            for i, subnet in enumerate(made_subnets[group]):
                table = shared[0 if single else i % len(shared)]
                assoc = {"subnet_id": subnet, "route_table_id": table}
                m.add("aws_route_table_association", name, i, assoc, here)
        elif made_subnets[group]:
            # a group's own route table is not modelled: its subnets stay unplaced
            for i, subnet in enumerate(made_subnets[group]):
                m.add("aws_route_table_association", name, i, {"subnet_id": subnet, "route_table_id": UNKNOWN}, here)
                m.made.instances[-1].hints["why:route_table_id"] = (
                    f"is the {group} subnets' own route table (create_{group}_subnet_route_table), whose routes "
                    f"lambda6lint's built-in model of {m.address} does not compute"
                )
    if made_subnets["intra"]:
        count = lengths["intra"] if m.flag("create_multiple_intra_route_tables", False) else 1
        for i in range(count):
            tables["intra"].append(m.add("aws_route_table", "intra", i, {"vpc_id": vpc}, m.where("intra_subnets")))
            m.made.instances[-1].hints.update(_intra_route(m, i, eigw, max_length, v6_switch))
        for i, subnet in enumerate(made_subnets["intra"]):
            table = tables["intra"][i % count]
            m.add("aws_route_table_association", "intra", i, {"subnet_id": subnet, "route_table_id": table}, here)
    _propagation(m, vpc, tables, lengths)
    _network_acls(m, vpc, made_subnets)
    _default_security_group(m, vpc)
    outputs: dict[str, Any] = {
        "vpc_id": vpc,
        # the VPC's default group: the mapper finds the aws_default_security_group managing it, if any
        "default_security_group_id": Link(vpc.address, "default_security_group_id"),
        "vpc_arn": Link(vpc.address, "arn"),
        "vpc_cidr_block": vpc_attrs["cidr_block"],
        "vpc_ipv6_cidr_block": PRESENT if ipv6 and not ipam or any(v is not None for v in block.values()) else None,
        "igw_id": igw,
        "egress_only_internet_gateway_id": eigw,
        "natgw_ids": nats,
        # the NAT gateways' addresses: an output of them (a static egress IP someone relies on) keeps them
        "nat_ids": eips if not reuse else external,
        "nat_public_ips": [Link(e.address, "public_ip") for e in eips] if not reuse else m.get("external_nat_ips", []),
        "azs": m.get("azs", []),
    }
    for group in GROUPS:
        outputs[f"{group}_subnets"] = made_subnets[group]
        outputs[f"{group}_route_table_ids"] = tables[group]
        outputs[f"{group}_subnets_cidr_blocks"] = [] if native[group] else list(subnets[group])
        outputs[f"{group}_subnets_ipv6_cidr_blocks"] = [PRESENT] * lengths[group] if ipv6 and prefixes[group] else []
    m.made.outputs = outputs


def _intra_route(m: _Inputs, i: int, eigw: Link | None, max_length: int, v6_switch: str) -> dict[str, str]:
    """How an intra route table gets ::/0, which the module never routes out: to the module's egress-only
    gateway where it makes one; else its output egress_only_internet_gateway_id is null, so what makes the
    gateway comes first (the module makes one only with enable_ipv6, create_egress_only_igw and a group of
    subnets other than intra: terraform-aws-vpc main.tf, aws_egress_only_internet_gateway.this's count)."""
    route = f"an aws_route on {m.address}.intra_route_table_ids[{i}] with egress_only_gateway_id = "
    never = f"::/0 → egress-only internet gateway, which {m.name} never adds to intra route tables"
    output = f"{m.address}.egress_only_internet_gateway_id"
    if eigw is not None:
        return {"ipv6_route": f"{never}: {route}{output}, or the function in private_subnets"}
    if max_length:
        return {
            "ipv6_route": f"{never}, and does not create here (its egress_only_internet_gateway_id output is "
            f"null): first {v6_switch}, then {route}{output}; or the function in private_subnets",
            "eigw": v6_switch,
        }
    return {
        "ipv6_route": f"{never}, and makes none without public, private, database, elasticache or redshift subnets "
        f"(its egress_only_internet_gateway_id output is null): an aws_egress_only_internet_gateway of your own "
        f"with vpc_id = {m.address}.vpc_id, then {route}its id"
    }


#: The subnet group each database-like subnet group makes (terraform-aws-vpc main.tf).
_SUBNET_GROUPS = {
    "database": "aws_db_subnet_group",
    "redshift": "aws_redshift_subnet_group",
    "elasticache": "aws_elasticache_subnet_group",
}
#: The module's default for `<group>_inbound_acl_rules` / `_outbound_acl_rules`: IPv4 only.
_DEDICATED_ACL_RULES = [
    {
        "rule_number": 100,
        "rule_action": "allow",
        "from_port": 0,
        "to_port": 0,
        "protocol": "-1",
        "cidr_block": "0.0.0.0/0",
    }
]
#: The module's default for `default_network_acl_ingress` / `_egress`: IPv4 and IPv6 allow-all.
_DEFAULT_ACL_RULES = [
    {"rule_no": 100, "action": "allow", "from_port": 0, "to_port": 0, "protocol": "-1", "cidr_block": "0.0.0.0/0"},
    {"rule_no": 101, "action": "allow", "from_port": 0, "to_port": 0, "protocol": "-1", "ipv6_cidr_block": "::/0"},
]


def _default_security_group(m: _Inputs, vpc: Link) -> None:
    """`manage_default_security_group` (default true): the module adopts the VPC's default group and
    leaves it exactly the rules of `default_security_group_egress` (default none), as the provider's
    aws_default_security_group does."""
    if not m.flag("manage_default_security_group", True):
        return
    rules = m.get("default_security_group_egress", [])
    egress: Any = UNKNOWN
    if isinstance(rules, list):
        egress = [_sg_rule_block(rule) for rule in rules]
    where = m.where("default_security_group_egress", "manage_default_security_group")
    m.add("aws_default_security_group", "this", 0, {"vpc_id": vpc, "egress": egress}, where)
    m.made.instances[-1].hints["sg_ipv6_https"] = (
        f'an egress rule with protocol "tcp", from_port 443, to_port 443 and ipv6_cidr_blocks "::/0" in '
        f"default_security_group_egress on {m.name}"
    )


def _sg_rule_block(rule: Any) -> Any:
    """One map of `default_security_group_egress` as the module turns it into an egress block
    (comma-separated strings split, empty parts dropped)."""
    if not isinstance(rule, dict):
        return UNKNOWN
    block: dict[str, Any] = {}
    for key in ("cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "security_groups"):
        value = rule.get(key, "")
        block[key] = [p for p in value.split(",") if p] if isinstance(value, str) else UNKNOWN
    block["protocol"] = rule.get("protocol", "-1")
    block["from_port"], block["to_port"] = rule.get("from_port", 0), rule.get("to_port", 0)
    return block


def _network_acls(m: _Inputs, vpc: Link, made_subnets: dict[str, list[Link]]) -> None:
    """The default ACL the module manages (`manage_default_network_acl`), and each group's dedicated ACL
    (`<group>_dedicated_network_acl`) with its rules, whose default allows IPv4 only."""
    if m.flag("manage_default_network_acl", True):
        rules = {d: m.get(f"default_network_acl_{d}", _DEFAULT_ACL_RULES) for d in ("ingress", "egress")}
        attrs = {"default_network_acl_id": Link(vpc.address, "default_network_acl_id"), **rules}
        where = m.where("default_network_acl_egress", "default_network_acl_ingress", "manage_default_network_acl")
        m.add("aws_default_network_acl", "this", 0, attrs, where)
        m.made.instances[-1].hints["acl_ipv6"] = (
            f'rules with ipv6_cidr_block = "::/0" in default_network_acl_egress and _ingress on {m.name}'
        )
    for group in GROUPS:
        if not made_subnets[group] or not m.flag(f"{group}_dedicated_network_acl", False):
            continue
        where = m.where(f"{group}_outbound_acl_rules", f"{group}_inbound_acl_rules", f"{group}_dedicated_network_acl")
        network_acl = m.add("aws_network_acl", group, 0, {"vpc_id": vpc, "subnet_ids": made_subnets[group]}, where)
        m.made.instances[-1].hints["acl_ipv6"] = (
            f'rules with ipv6_cidr_block = "::/0" in {group}_outbound_acl_rules and {group}_inbound_acl_rules '
            f"on {m.name}"
            + (  # (the input replaces the module's default list, whose only rule allows all IPv4)
                " (keeping an IPv4 rule like the module's default, rule 100 with cidr_block 0.0.0.0/0: a list "
                "without one drops all IPv4)"
                if m.get(f"{group}_outbound_acl_rules", None) is None
                or m.get(f"{group}_inbound_acl_rules", None) is None
                else ""
            )
        )
        for direction, egress in (("inbound", False), ("outbound", True)):
            rules = m.get(f"{group}_{direction}_acl_rules", _DEDICATED_ACL_RULES)
            for i, rule in enumerate(rules if isinstance(rules, list) else [UNKNOWN]):
                attrs = {"network_acl_id": network_acl, "egress": egress}
                attrs.update(rule if isinstance(rule, dict) else {"rule_number": UNKNOWN})
                m.add("aws_network_acl_rule", f"{group}_{direction}", i, attrs, where)


def _route(table: Link, destination: Any, **target: Link) -> dict[str, Any]:
    ipv6 = isinstance(destination, str) and ":" in destination
    key = "destination_ipv6_cidr_block" if ipv6 else "destination_cidr_block"
    names = {"gateway": "gateway_id", "nat": "nat_gateway_id", "eigw": "egress_only_gateway_id"}
    (kind, link) = next(iter(target.items()))
    return {"route_table_id": table, key: destination, names[kind]: link}


def lambda_model(m: _Inputs) -> None:
    """terraform-aws-modules/lambda/aws: its `aws_lambda_function.this` (count `local.create && var.create_function
    && !var.create_layer`, `local.create` being `var.create && var.putin_khuylo`: a layer's call makes no function),
    with its role, VPC and environment; an image's has no runtime (`var.package_type != "Zip" ? null :
    var.runtime`): its Node.js is the image's."""
    exists = m.flag("create", True) and m.flag("putin_khuylo", True) and m.flag("create_function", True)
    if not exists or m.flag("create_layer", False):
        m.made.outputs = {}
        return
    m.regional((8, 0, 0))  # (terraform-aws-lambda 367e9a2, with AWS provider 6)
    declared = m.declared
    here = m.where()
    package = m.get("package_type", "Zip")
    runtime = m.get("runtime", "") if package == "Zip" else UNKNOWN if opaque(package) else None
    attrs: dict[str, Any] = {"function_name": m.get("function_name", ""), "runtime": runtime}
    marks: dict[str, Location] = {}
    # the module's `dynamic "vpc_config"`: for_each = subnets != null && security groups != null
    inside = {name: m.given(name) for name in ("vpc_subnet_ids", "vpc_security_group_ids")}
    if False not in inside.values() and None in inside.values():
        attrs["vpc_config"] = UNKNOWN  # whether it is in a VPC at all cannot be known
        marks["vpc_config"] = m.where(*(name for name, given in inside.items() if given is None))
    elif False not in inside.values():
        config = {name: m.get(name, None) for name in ("vpc_subnet_ids", "vpc_security_group_ids")}
        attrs["vpc_config"] = [
            {
                "subnet_ids": config["vpc_subnet_ids"],
                "security_group_ids": config["vpc_security_group_ids"],
                "ipv6_allowed_for_dual_stack": m.get("ipv6_allowed_for_dual_stack", None),
            }
        ]
        # (what a finding on the function's VPC points at: its subnets, as a resource's at its vpc_config block)
        marks["vpc_config__0"] = m.where("vpc_subnet_ids")
        marks["vpc_config__0__subnet_ids"] = m.where("vpc_subnet_ids")
        marks["vpc_config__0__security_group_ids"] = m.where("vpc_security_group_ids")
        for i, loc in enumerate(m.items("vpc_subnet_ids")):
            marks[f"vpc_config__0__subnet_ids__{i}"] = loc
        if "ipv6_allowed_for_dual_stack" in declared.block.attributes:
            marks["vpc_config__0__ipv6_allowed_for_dual_stack"] = m.where("ipv6_allowed_for_dual_stack")
    env = m.get("environment_variables", {})
    if env is UNKNOWN or (isinstance(env, dict) and env):
        attrs["environment"] = UNKNOWN if env is UNKNOWN else [{"variables": env}]
        marks["environment__0__variables"] = m.where("environment_variables")
    if "runtime" in declared.block.attributes:
        marks["runtime"] = m.where("runtime")
    attrs["publish"] = _any_true(m.get("publish", False), m.get("lambda_at_edge", False), m.get("snap_start", False))
    role: Any = UNKNOWN
    if m.flag("create_role", True):
        role_attrs: dict[str, Any] = {"inline_policy": _lambda_policies(m)}
        role = m.add("aws_iam_role", "lambda", 0, role_attrs, here)
        arns = m.get("policies", []) if m.flag("attach_policies", False) else []
        arns = list(arns) if isinstance(arns, list) else []
        if m.flag("attach_policy", False):  # one ARN, `policy`
            arns.append(m.get("policy", ""))
        role_attrs["managed_policy_arns"] = arns
    else:
        role = m.get("lambda_role", "")
    attrs["role"] = Link(role.address, "arn") if isinstance(role, Link) else role
    function = m.add("aws_lambda_function", "this", 0, attrs, here, **marks)
    made = m.made.instances[-1]
    for key, where in m.keys("environment_variables").items():
        made.marks[("environment", 0, "variables", key)] = where
    made.hints["environment"] = f"environment_variables on {m.name}"
    # (the call's inputs that take the function's flag and VPC lists: `migration.on_call`)
    made.hints["dualstack_input"] = "ipv6_allowed_for_dual_stack"
    made.hints["subnets_input"] = "vpc_subnet_ids"
    made.hints["security_groups_input"] = "vpc_security_group_ids"
    # (out of its VPC: the `dynamic "vpc_config"` above is written unless a list is null, and an empty list is not)
    made.hints["out_of_vpc"] = (
        f"vpc_subnet_ids and vpc_security_group_ids on {m.name} left null (unset, not []: that drops the "
        "module's vpc_config)"
    )
    made.hints["private_subnets"] = f"private subnets (vpc_subnet_ids on {m.name}, e.g. a vpc module's private_subnets)"
    made.hints["node_upgrade"] = f'runtime = "nodejs22.x" or later on {m.name}'
    if m.release < (7, 14, 0):  # (the input came with 7.14.0)
        made.hints["dualstack_how"] = (
            f" on {m.name} (an input since terraform-aws-modules/lambda/aws 7.14.0, newer than its version "
            "constraint allows: raise it)"
        )
    made.hints["publish"] = (
        f"publish = true on {m.name} and an alias (module terraform-aws-modules/lambda/aws//modules/alias)"
    )
    m.made.outputs = {
        "lambda_function_arn": Link(function.address, "arn"),
        "lambda_function_name": Link(function.address, "function_name"),
        "lambda_function_version": Link(function.address, "version"),
        "lambda_function_qualified_arn": Link(function.address, "qualified_arn"),
        "lambda_function_invoke_arn": Link(function.address, "invoke_arn"),
        "lambda_role_arn": Link(role.address, "arn") if isinstance(role, Link) else UNKNOWN,
    }


def _propagation(m: _Inputs, vpc: Link, tables: dict[str, list[Link]], lengths: dict[str, int]) -> None:
    """`propagate_<group>_route_tables_vgw`: the virtual private gateway propagates routes into the
    group's tables (one public table; private and intra ones by `element` over the subnet count)."""
    made = m.flag("enable_vpn_gateway", False)
    gateway: Any = m.add("aws_vpn_gateway", "this", 0, {"vpc_id": vpc}, m.where("enable_vpn_gateway")) if made else None
    given = m.get("vpn_gateway_id", "")
    if gateway is None and given == "":
        return
    gateway = gateway if gateway is not None else given
    for group, count in (("public", 1), ("private", lengths["private"]), ("intra", lengths["intra"])):
        if not tables[group] or not m.flag(f"propagate_{group}_route_tables_vgw", False):
            continue
        where = m.where(f"propagate_{group}_route_tables_vgw")
        for i in range(count):
            attrs = {"route_table_id": tables[group][i % len(tables[group])], "vpn_gateway_id": gateway}
            m.add("aws_vpn_gateway_route_propagation", group, i, attrs, where, vpn_gateway_id=where)


def _lambda_policies(m: _Inputs) -> list[dict[str, Any]] | Any:
    policies: list[dict[str, Any]] = []
    if m.flag("attach_policy_statements", False):
        statements = m.get("policy_statements", {})
        if not isinstance(statements, dict):
            return UNKNOWN
        doc = []
        for statement in statements.values():
            if isinstance(statement, dict):
                doc.append({"Effect": statement.get("effect", "Allow"), "Action": statement.get("actions", [])})
        policies.append({"policy": {"Statement": doc}})
    if m.flag("attach_policy_json", False):
        policies.append({"policy": m.get("policy_json", "")})
    if m.flag("attach_policy_jsons", False):
        items = m.get("policy_jsons", [])
        if not isinstance(items, list):
            return UNKNOWN
        for item in items:
            policies.append({"policy": item})
    return policies


def _any_true(*values: Any) -> Any:
    """`a || b || c` over inputs that may be unknown."""
    if any(v is True for v in values):
        return True
    return UNKNOWN if any(v is UNKNOWN for v in values) else False


def _nat_removal(call: str) -> dict[str, str]:
    """How the NAT gateways a vpc module call makes, their Elastic IPs and routes go: one input."""
    return {
        "step:remove-nat": f"set enable_nat_gateway = false on {call}",
        "remove_nat": f" (enable_nat_gateway = false on {call})",
    }


def alias_model(m: _Inputs) -> None:
    """terraform-aws-modules/lambda/aws//modules/alias: one `aws_lambda_alias` (an existing alias,
    `use_existing_alias`, is read, not made: then its version cannot be known)."""
    if not m.flag("create", True):
        m.made.outputs = {}
        return
    version = m.get("function_version", "")
    if m.flag("use_existing_alias", False):
        version = UNKNOWN  # read from AWS, not made
    attrs = {
        "name": m.get("name", ""),
        "function_name": m.get("function_name", ""),
        "function_version": version if version != "" else "$LATEST",
    }
    name = "with_refresh" if m.flag("refresh_alias", True) else "no_refresh"
    alias = m.add("aws_lambda_alias", name, 0, attrs, m.where("function_version", "function_name"))
    m.made.outputs = {"lambda_alias_name": Link(alias.address, "name"), "lambda_alias_arn": Link(alias.address, "arn")}


def vpc_endpoints_model(m: _Inputs) -> None:
    """terraform-aws-modules/vpc/aws//modules/vpc-endpoints: one `aws_vpc_endpoint` for each entry of
    `endpoints` (without `create = false`), of `service_type` (default Interface), named by
    `service_endpoint`, else by `service` in the provider's region (its `data.aws_vpc_endpoint_service`, which
    v6.1.0 reads only for a call without `region`: with one, an entry without `service_endpoint` names none);
    a Gateway endpoint on the entry's `route_table_ids`, an Interface one in `subnet_ids` and the entry's, its private
    DNS the entry's `private_dns_enabled` (null, the provider's false, when left out)."""
    if not m.flag("create", True):
        m.made.outputs = {}
        return
    endpoints = m.get("endpoints", {})
    if not isinstance(endpoints, dict):
        raise _Shapeless("endpoints")  # (for_each over a map that cannot be known: Terraform cannot plan it either)
    keys = m.keys("endpoints")
    m.regional((6, 1, 0))
    outputs: dict[str, Any] = {}
    for key, entry in endpoints.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("create", True), bool):
            raise _Shapeless("endpoints")
        if entry.get("create", True) is False:
            continue
        kind = entry.get("service_type", "Interface")
        named = entry.get("service_endpoint", entry.get("service_name"))
        service = entry.get("service")
        if m.region is not None:  # (the service lookup is read only `if var.region == null`: else none is named)
            named = entry.get("service_endpoint")
        elif named is None and isinstance(service, str):
            named = Partial(f"com.amazonaws.{HOLE}.{service}")  # (the region's, as the data source finds it)
        gateway = kind == "Gateway" if isinstance(kind, str) else UNKNOWN
        attrs = {
            "vpc_id": m.get("vpc_id", None),
            "service_name": UNKNOWN if named is None else named,
            "vpc_endpoint_type": kind,
            "route_table_ids": (entry.get("route_table_ids") if gateway else None)
            if gateway is not UNKNOWN
            else UNKNOWN,
            "subnet_ids": _interface_subnets(m, entry) if gateway is False else None if gateway else UNKNOWN,
            "private_dns_enabled": entry.get("private_dns_enabled") if gateway is False else None,
        }
        where = keys.get(str(key), m.where("endpoints"))
        endpoint = m.add("aws_vpc_endpoint", "this", str(key), attrs, where)
        outputs[str(key)] = endpoint
    m.made.outputs = {"endpoints": outputs}


def _interface_subnets(m: _Inputs, entry: dict) -> Any:
    """`distinct(concat(var.subnet_ids, entry.subnet_ids))`."""
    given, own = m.get("subnet_ids", []), entry.get("subnet_ids", [])
    if not (isinstance(given, list) and isinstance(own, list)):
        return UNKNOWN
    return list(dict.fromkeys([*given, *own])) if all(isinstance(v, (str, Link)) for v in [*given, *own]) else UNKNOWN


_MODELS: dict[str, Callable[[_Inputs], None]] = {
    "terraform-aws-modules/vpc/aws": vpc_model,
    "terraform-aws-modules/vpc/aws//modules/vpc-endpoints": vpc_endpoints_model,
    "terraform-aws-modules/lambda/aws": lambda_model,
    "terraform-aws-modules/lambda/aws//modules/alias": alias_model,
}


#: The first major version each model holds for: terraform-aws-vpc 4.0 added the `*_subnet_enable_dns64`
#: inputs and made `manage_default_security_group` true by default (its UPGRADE-4.0.md); before, the
#: subnets have no DNS64 and the default group keeps AWS's rules, and v2's `enable_s3_endpoint` made an
#: endpoint the model knows nothing of.
SINCE = {"terraform-aws-modules/vpc/aws": 4, "terraform-aws-modules/vpc/aws//modules/vpc-endpoints": 3}


#: terraform-aws-modules called from GitHub rather than the registry (`git::https://github.com/
#: terraform-aws-modules/terraform-aws-vpc.git?ref=v5.8.1`, `github.com/…`, `git@github.com:…`).
_GIT_SOURCE = re.compile(
    r"(?:git::)?(?:https://|ssh://git@|git@)?github\.com[/:]terraform-aws-modules/terraform-aws-(vpc|lambda)"
    r"(?:\.git)?(//[^?]+)?(?:\?(.*))?",
    re.IGNORECASE,
)


def model_for(source: str, version: object = None) -> Callable[[Call], Made] | None:
    """The built-in model for a registry source (`registry.terraform.io/` prefix allowed), as a function
    from a module call to what it makes; None for a `version` constraint that picks a release before
    the model's (Terraform takes the newest release a constraint allows)."""
    key, version = _source_key(source, version)
    model = _MODELS.get(key)
    newest = newest_version(version) if isinstance(version, str) else NEWEST
    if model is None or newest[0] < SINCE.get(key, 0):
        return None
    return lambda call: _unknown_input(key, call) or explore(model, call, newest)


def unknown_inputs(source: str, names: Iterable[str]) -> list[str]:
    """The inputs of a call of `source` that no release its model follows has (module_inputs.py)."""
    from lambda6lint.loaders.terraform.module_inputs import INPUTS

    known = INPUTS.get(_source_key(source, None)[0])
    return [] if known is None else [name for name in names if name not in known]


def _unknown_input(key: str, call: Call) -> Made | None:
    """A call that sets an input its model does not know: a later release's, or one Terraform rejects. What it
    does cannot be known, so nothing the call makes is (a model of the releases before it would say what is not)."""
    from lambda6lint.loaders.terraform.module_inputs import INPUTS, RELEASES

    unknown = [name for name in call.inputs if name not in INPUTS.get(key, call.inputs)]
    if not unknown:
        return None
    first, newest = RELEASES[key]
    names = ", ".join(f"`{name}`" for name in unknown[:3]) + (f" and {len(unknown) - 3} more" if unknown[3:] else "")
    return Made(
        reason=(
            f"it is given {names}, which no release of {key} from {first} to {newest} (the ones the model follows) "
            "has: an input of a later release, or a misspelt one, whose effect cannot be known; lint with the "
            "module's code on disk (`terraform init`, or the module vendored as a local module) so that its code "
            "is read"
        )
    )


def _source_key(source: str, version: object) -> tuple[str, object]:
    """The registry address of a module source (`_MODELS`' key), and the version it picks: a git source's tag."""
    key = re.sub(r"^(?:registry\.terraform\.io/)", "", source.strip().lower()).split("?")[0]
    git = _GIT_SOURCE.fullmatch(source.strip())
    if git is not None:  # the module's own repository at a tag: that release (a branch: the newest)
        key = f"terraform-aws-modules/{git.group(1).lower()}/aws{(git.group(2) or '').lower()}"
        tag = re.search(r"(?:^|&)ref=v?(\d+(?:\.\d+){0,2})(?:&|$)", git.group(3) or "")
        version = tag.group(1) if tag else None
    return key, version


#: The modules whose model a plan alone runs (`plan._Plan.modelled`), with the resource types the model must make
#: exactly as the plan has them for its words to be the plan's: the VPC module's network, the lambda module's function.
PLANNED = {
    "terraform-aws-modules/vpc/aws": ("aws_vpc", "aws_subnet"),
    "terraform-aws-modules/lambda/aws": ("aws_lambda_function",),
}


def plan_model_for(source: str, version: object = None) -> tuple[Callable[[Call], Made], tuple[str, ...]] | None:
    """`model_for` of a call a plan models (`PLANNED`), with the types it must make as the plan has them; None for
    any other source or a release the model does not follow."""
    shaped = PLANNED.get(_source_key(source, version)[0])
    model = model_for(source, version) if shaped else None
    return (model, shaped) if model is not None and shaped else None


def newest_version(constraint: str) -> Version:
    """The newest release a Terraform version constraint allows, as (major, minor, patch), infinity for
    a part nothing bounds (`~> 3.0` → (3, inf, inf), `3.19.0` → (3, 19, 0), `< 4.0.0` → (3, inf, inf));
    NEWEST when nothing bounds it from above or it cannot be read."""
    newest = NEWEST
    for clause in constraint.split(","):
        # stripped first: two optional runs of spaces around an optional operator backtrack quadratically
        match = re.fullmatch(r"(~>|<=|<|=|)\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[\w.]+)?", clause.strip())
        if match is None:
            continue  # >=, >, != and what cannot be read bound nothing from above
        op, major = match.group(1), int(match.group(2))
        minor, patch = (int(p) if p is not None else None for p in match.groups()[2:4])
        if op == "~>":  # only the rightmost part given may grow: ~> 3.0 is < 4.0, ~> 3 is >= 3
            bound: Version = NEWEST if minor is None else (major, INF, INF) if patch is None else (major, minor, INF)
        elif op == "<":  # (a part not given is 0)
            bound = (
                (major, minor or 0, patch - 1) if patch else (major, minor - 1, INF) if minor else (major - 1, INF, INF)
            )
        else:  # `=`, `<=` or a bare version (a part not given is 0)
            bound = (major, minor or 0, patch or 0)
        newest = min(newest, bound)
    return newest
