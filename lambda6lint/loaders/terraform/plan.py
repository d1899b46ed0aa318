"""Terraform plan JSON (`terraform show -json plan.out`) into resources of the graph.

`planned_values` gives every resource instance that will exist (root and child modules) with its
known arguments; `resource_changes[].change.after_unknown` marks arguments that will be set but
are unknown at plan time (they still count as present); `configuration` holds the expressions'
references, which link a function's `subnet_ids` to `aws_subnet.private` while ids are unknown.
Locations are the HCL blocks when the module's `.tf` files are beside the plan (or given with
`--tf-dir`), else the lines of the plan file.

A plan is read as untrusted JSON: a member of the wrong type is treated as absent, and every lookup
is indexed, so the work grows linearly with the number of resources.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import os
import posixpath
import re

from lambda6lint import confine, fastexit
from lambda6lint.discover import TEMPLATE_KEYS, holds_module, is_ui_log
from lambda6lint.loaders import Loaded
from lambda6lint.loaders.common import aws, jsonmarks
from lambda6lint.loaders.common.errors import InputError, NotAPlan, clipped
from lambda6lint.loaders.common.marked import (
    MAX_DEPTH,
    FilledDict,
    FilledList,
    LDict,
    LList,
    OffsetDict,
    OffsetList,
    load_text,
    read_source,
)
from lambda6lint.loaders.terraform import causes, mapper
from lambda6lint.loaders.terraform.causes import PAST_LEVELS
from lambda6lint.loaders.terraform.provider import (
    AWS_VERSIONS,
    IDENTITY_TYPES,
    LOOKED_UP_TYPES,
    LOOKUP_ARGUMENTS,
    LOOKUPS,
    bounding,
    first_excluding,
    is_aws_source,
    own_region,
    pin,
    tagging_provider,
)
from lambda6lint.loaders.terraform.values import (
    INSTANCE_KEY,
    INSTANCE_READS,
    PRESENT,
    SCALARS,
    Instance,
    Link,
    Read,
    Switch,
    local_address,
)
from lambda6lint.loaders.terraform.values import block_address as _block_address
from lambda6lint.loaders.terraform.vocabulary import VOCABULARY
from lambda6lint.model import UNKNOWN, Later, Location, Template

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from typing import Any

#: A plan is not a template: an organisation's plans run to hundreds of megabytes and tens of
#: millions of values (the depth limit stays the templates').
MAX_PLAN_BYTES = 256 * 1024 * 1024
MAX_PLAN_NODES = 40_000_000
#: A resource's address as a reference names all its instances (`aws_subnet.private`), and what does not name one.
_RESOURCE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
_NOT_RESOURCES = ("var.", "local.", "each.", "count.", "path.", "module.", "data.", "self.", "terraform.")
#: An element of a module's output or of a variable (`module.vpc.private_subnets[0]`, `var.subnet_ids[1]`).
_ELEMENT = re.compile(r"(?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.[A-Za-z0-9_]+|var\.[A-Za-z0-9_-]+)\[")
_REF = re.compile(r"^((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)(\[[^\]]*\])?(?:\.([A-Za-z0-9_]+))?")
#: Optional and computed arguments whose plan value is what the resource has as deployed when the configuration
#: does not write them (routes, rules, endpoint tables other configurations made): `mapper.written`.
_COMPUTED = {
    "aws_route_table": ("route",),
    "aws_default_route_table": ("route",),
    "aws_security_group": ("egress", "ingress"),
    "aws_network_acl": ("egress", "ingress"),
    "aws_default_network_acl": ("egress", "ingress"),
    "aws_vpc_endpoint": ("route_table_ids",),
}
#: Attribute-as-blocks lists that Terraform computes when the configuration does not set them.
BLOCK_LISTS = frozenset({"route", "egress", "ingress"})
#: Arguments the provider computes from other resources of the plan when the configuration leaves them
#: out: a role's managed policies are its `aws_iam_role_policy_attachment`s, a route table's propagating
#: gateways its `aws_vpn_gateway_route_propagation`s.
ATTACHED_ELSEWHERE = frozenset({"managed_policy_arns", "propagating_vgws"})
#: Arguments the provider fills in with AWS's default when the configuration leaves them out (unknown at
#: plan time): left out, they mean that default, so they are read as absent. A VPC's or subnet's
#: `ipv6_cidr_block` is unknown in the plan of every new one: AWS gives it a block only when another
#: argument or resource asks (assign_generated_ipv6_cidr_block, a pool, an association), read apart. A REST
#: API's `endpoint_configuration` and `disable_execute_api_endpoint` are AWS's EDGE (IPv4) and false. A NAT
#: gateway's `secondary_allocation_ids` (unknown in the plan of every new one since the provider computes it) are
#: none: a NAT gateway gets secondary Elastic IPs only where they are asked for, as the HCL beside reads it. A VPC
#: endpoint's `private_dns_enabled` (optional and computed since provider 5) is false: the provider creates it with
#: the value written, false when left out.
PROVIDER_DEFAULTED = frozenset(
    {
        "ip_address_type",
        "private_dns_enabled",
        "ipv6_cidr_block",
        "endpoint_configuration",
        "disable_execute_api_endpoint",
        "secondary_allocation_ids",
    }
)
#: Maps whose whole value a plan has as unknown when one entry is (a function's environment `variables`):
#: what they name is kept, as a list of references (an environment naming a bucket is evidence of S3).
MAP_ARGS = frozenset({"variables"})
#: The most instances one resource's configuration is taken to name (`_Plan.named`).
MAX_NAMED = 256
#: The most module levels a variable is followed up through, to what its callers give it (`_Plan.resolve`: the
#: instances it names) or to the call whose instance it reads (`_Plan._instance_read`), and the deepest module
#: whose outputs are followed (`_Plan.module_output`) and whose inputs and outputs are looked into for what narrows
#: a list (`_within_levels`): as many as the code's modules are read (modules.MAX_MODULE_DEPTH), so that a plan and
#: its code tell alike (at 8, a call 15 modules below a `for_each` was said to differ by instance in the code, not in
#: the plan; a function 9 modules below the subnets its variable is given, or 16 for what narrows them, or given
#: them by an output of outputs 10 modules down, was said to be in subnets "known only after apply").
MAX_PASSED_LEVELS = causes.MODULE_LEVELS
#: The most modules of a plan whose AWS provider constraints bound the resources of the others (`aws_versions`).
MAX_PINNED_MODULES = 1_000
#: The most module calls of a plan `_Plan.modelled` looks at for one lambda6lint models.
MAX_MODELLED_CALLS = 1_000
#: The most list items a call's inputs may hold, per resource the plan has of that instance of the call, beyond
#: `MODELLED_SLACK`, for `_Plan.modelled` to run the module's model on them: each subnet of a list is one resource the
#: model makes, so longer lists cannot make the plan's resources, and would cost each instance of a `for_each` call a
#: model run as long as the lists (1,000 instances of one VPC given 5,000 subnets each: over 120 s for 400 KB).
MODELLED_ITEMS_PER_RESOURCE = 4
MODELLED_SLACK = 64
#: Arguments that `_Plan.one_of` reads: a route table association's table (`mapper._table_choices`).
_ONE_OF = frozenset({"route_table_id"})
#: Arguments holding lists of references; others hold one.
LIST_ARGS = frozenset(
    {
        "subnet_ids",
        "subnets",  # (a load balancer's, an ECS service's network configuration, a Batch environment's)
        "vpc_zone_identifier",
        "security_group_ids",
        "route_table_ids",
        "managed_policy_arns",
        "roles",
        "prefix_list_ids",
        "allocation_ids",
        "secondary_allocation_ids",
        "propagating_vgws",
        "value",  # (an SSM parameter's, when it publishes ids: `join(",", aws_subnet.private[*].id)`)
        "insecure_value",
    }
)


#: What findings point into: where each resource of `planned_values` starts (the modules down to it);
#: a place in one is found in the text when a finding asks (`Later`), the rest is only looked up.
#: Read this way, the bench's 100 MB plan takes ~0.9 s (issue #14; its resources' keys marked as well:
#: 1.4-1.7 s; all of `planned_values` marked: 2.6 s; json.loads alone, the collector off: 0.8 s). A module's child
#: modules are read plain too, in one call (`collect`): a plan of 100,000 module instances, 590 MB for 24 MB before.
_MODULE: dict[str, Any] = {"resources": jsonmarks.ITEMS, "child_modules": jsonmarks.ITEMS}


class _AfterUnknown(dict):
    """A plan's `resource_changes` as kept: each resource's `after_unknown` by its address; `planned`, by
    address, what Terraform planned of a lookup read at apply's arguments (`_planned_lookup`)."""

    __slots__ = ("planned",)

    def __init__(self) -> None:
        super().__init__()
        self.planned: dict[str, dict[str, Any]] = {}


def _after_unknown(changes: Any) -> _AfterUnknown:
    """What a plan's `resource_changes` say a run needs: which arguments are known only after apply
    (their values before and after are in `planned_values` and `prior_state`, or not needed), and of a
    lookup read at apply (which `planned_values` does not hold) the arguments that decide what it may find."""
    if isinstance(changes, _AfterUnknown):
        return changes  # (reduced as it was read)
    kept = _AfterUnknown()
    for change in _items(changes):
        if isinstance(change, dict) and isinstance(change.get("change"), dict):
            address = str(change.get("address"))
            kept[address] = change["change"].get("after_unknown")
            lookup = change.get("mode") == "data" and change.get("type") in LOOKUPS
            if lookup and (planned := _planned_lookup(change["change"])):
                kept.planned[address] = planned
    return kept


def _planned_lookup(change: dict) -> dict[str, Any]:
    """A lookup's arguments whose values Terraform planned in its change's `after` (a variable's `tags`, which
    the configuration records only as `references`): each whole, none with a part known only after apply."""
    after, unknown = change.get("after"), change.get("after_unknown")
    if not isinstance(after, dict):
        return {}
    unknown = unknown if isinstance(unknown, dict) else {}
    return {
        key: after[key]
        for key in LOOKUP_ARGUMENTS
        if after.get(key) is not None
        and not _any_part(unknown.get(key), _marks_unknown)
        and not _any_part(after[key], _null_item)
    }


def _any_part(value: Any, test: Callable[[Any], bool], depth: int = 0) -> bool:
    """Whether `test` holds for `value` or a part of it (past MAX_DEPTH, as if it did: what is not read stays
    unknown)."""
    if depth > MAX_DEPTH or test(value):
        return True
    parts = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return any(_any_part(part, test, depth + 1) for part in parts)


def _marks_unknown(flags: Any) -> bool:
    """A part of `after_unknown` that marks something known only after apply (a `true` in it)."""
    return flags is True


def _null_item(value: Any) -> bool:
    """A list holding a null (where `after` writes an element known only after apply)."""
    return isinstance(value, list) and any(item is None for item in value)


#: Members no check reads are read (checked, counted) and not kept: a plan of what exists holds its
#: state in `prior_state` and each change's values before and after, together often larger than
#: `planned_values` itself; freed as they are read, their memory serves `configuration` after them.
_POINTED_AT: dict[str, Any] = {
    "planned_values": {"root_module": _MODULE},
    "resource_changes": jsonmarks.Reduced(_after_unknown),
    **dict.fromkeys(
        ("prior_state", "resource_drift", "output_changes", "relevant_attributes", "checks"),
        jsonmarks.DROPPED,
    ),
}


class _Text:
    """A plan's text and where its lines start, for the marks found in it when asked. Its own object,
    not the `_Plan`: resources point here, and a `_Plan` points at them (a cycle would keep each plan
    of a run until the collector, which the engine pauses while it loads, found it)."""

    __slots__ = ("text", "_lines")

    def __init__(self, text: str, lines: jsonmarks.Lines | None):
        self.text, self._lines = text, lines

    def lines(self) -> jsonmarks.Lines:
        """Where the plan's lines start (as its read found them, else found now)."""
        if self._lines is None:
            self._lines = jsonmarks.Lines(self.text)
        return self._lines

    def marked(self, key_mark: tuple[int, int]) -> Any:
        """The value of the member whose key is at `key_mark`, read again with its marks."""
        return self.lines().load_member(key_mark, OffsetDict, OffsetList, MAX_DEPTH)


class _Resource:
    """Where a resource read without marks starts in the plan's text: the marks of paths in it, found
    when asked (a key written twice on the way, as a marked read refuses it: the resource's start). Slots, as
    `_Values` and `_TreeMarks`: one of each per resource of a plan (72,610 for 100 MB), and an instance dictionary
    of each took ~100 bytes more than its slots."""

    __slots__ = ("plan", "starts", "index")

    def __init__(self, plan: _Text, starts: Any, index: int):
        self.plan, self.starts, self.index = plan, starts, index  # (the offsets of its list's items, or its path)

    @property
    def start(self) -> int:
        """Where it starts: a list of resources read whole has its items' found in the text when a first place in
        one is asked for, once (`Lines.place`)."""
        starts = self.starts
        if type(starts) is tuple:
            # (a child module's, by its path down the modules: stepped, as deep as they nest; not the whole text)
            starts = self.starts = self.plan.lines().place(starts, stepped=True)[1]
        return starts[self.index]  # type: ignore[no-any-return]

    def path_marks(self, path: tuple) -> list[tuple[int, int]]:
        """The marks of `path`'s steps (`Lines.path_marks`); none where the text refuses them."""
        try:
            return self.plan.lines().path_marks(self.start, path)
        except (ValueError, RecursionError):
            return []

    def _mark(self, key: tuple) -> tuple[int, int]:
        found = self.path_marks(key)
        return found[-1] if len(found) == len(key) else self.plan.lines().mark(self.start)


class _Values:
    """Where a resource's values are in the plan, found when asked: what a `Later` of them keeps (not
    the `_TreeMarks` holding that `Later`: a cycle per resource would keep a run's plans until the
    collector, paused while the engine loads, found them)."""

    __slots__ = ("tree", "fallback", "where", "marked")

    def __init__(self, tree: Any, fallback: Location, where: _Resource | None) -> None:
        self.tree, self.fallback = tree, fallback
        self.where, self.marked = where, None  # where the plan's text has the resource of `tree` (read plain)

    def _marked(self) -> Any:
        """The values with their marks (read again from the plan's text once, when first needed)."""
        if self.marked is None:
            self.marked = self.tree
            where = self.where
            found = where.path_marks(("values",)) if where is not None else []
            if where is not None and found:
                # refused marked where json read it (a key written twice): the resource's place
                with contextlib.suppress(ValueError, RecursionError, InputError):
                    self.marked = where.plan.marked(found[0])
        return self.marked

    def _mark(self, key: tuple) -> tuple[int, int]:
        if self.marked is None and self.where is not None:
            # only the path in the plan's text, not the whole values marked (a finding asks for a few)
            found = self.where.path_marks(("values", *key))[1:]
            return found[-1] if found else (self.fallback.line, self.fallback.column)
        node, mark = self._marked(), None
        for step in key:
            if not (
                (isinstance(node, LDict) and step in node)
                or (isinstance(node, LList) and isinstance(step, int) and 0 <= step < len(node))
            ):
                break
            mark = node.mark_of(step)
            node = node[step]
        return mark if mark is not None else (self.fallback.line, self.fallback.column)


class _TreeMarks(dict):
    """A resource's marks (`_marks`' attribute path → location), found in its values' tree when
    asked rather than all made up front: a plan has millions of values and rules ask for a few.
    Values read without marks (`_POINTED_AT`) are found in the text where a location is read."""

    __slots__ = ("path", "tree", "filled", "values_at")

    def __init__(self, path: str, tree: Any, fallback: Location, where: _Resource | None = None) -> None:
        self.path, self.tree, self.filled = path, tree, False
        self.values_at = _Values(tree, fallback, where)

    def get(self, key: Any, default: Any = None) -> Any:
        """Its place, kept once asked for (a mapper asks "is it there?", then "where?"): one walk.
        (`__contains__` and `[]` are this: a plan's mapper asks ~4 per resource.)"""
        if not isinstance(key, tuple) or not key:
            return default
        found = dict.get(self, key)
        if found is not None or self.filled:
            return default if found is None else found
        node = self.tree
        for step in key:
            if isinstance(node, dict):
                if step not in node:
                    return default
            elif not (isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)):
                return default
            node = node[step]
        marked = isinstance(self.tree, LDict)
        found = Location(self.path, *self.values_at._mark(key)) if marked else Later(self.path, self.values_at, key)
        dict.__setitem__(self, key, found)
        return found

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None

    def __getitem__(self, key: Any) -> Location:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def fill(self) -> _TreeMarks:
        """Every mark, for a caller that lists them (none does today)."""
        if not self.filled:
            _marks(self.values_at._marked(), self.path, (), self)
            self.filled = True
        return self

    def __iter__(self):  # type: ignore[no-untyped-def]
        return dict.__iter__(self.fill())

    def __len__(self) -> int:
        return dict.__len__(self.fill())

    def keys(self):  # type: ignore[no-untyped-def]
        return dict.keys(self.fill())

    def items(self):  # type: ignore[no-untyped-def]
        return dict.items(self.fill())

    def values(self):  # type: ignore[no-untyped-def]
        return dict.values(self.fill())


def _marks(node: Any, path: str, at: tuple, out: dict[tuple, Location]) -> None:
    if isinstance(node, LDict):
        for key, value in node.items():
            line, column = node.mark_of(key)
            out[at + (key,)] = Location(path, line, column)
            _marks(value, path, (*at, key), out)
    elif isinstance(node, LList):
        for index, value in enumerate(node):
            line, column = node.item_marks[index] if index < len(node.item_marks) else (node.line, node.column)
            out[at + (index,)] = Location(path, line, column)
            _marks(value, path, (*at, index), out)


def _default_tags(entry: Any) -> bool:
    """Whether a `provider_config` entry writes default_tags."""
    expressions = entry.get("expressions") if isinstance(entry, dict) else None
    return isinstance(expressions, dict) and bool(expressions.get("default_tags"))


def _full_name(entry: dict) -> object:
    """The source address a plan's provider_config entry gives its provider (`full_name`): None where it writes
    none (an older Terraform's plan: the local name tells), False where it writes no text (a null, a list: which
    provider it is cannot be told, and no AWS provider pin is said of it)."""
    if "full_name" not in entry:
        return None
    found = entry["full_name"]
    return found if isinstance(found, str) else False


def _region_of(plan: _Plan, address: str) -> str | None:
    """Where an instance deploys: its own planned `region` (AWS provider 6), else its provider configuration's."""
    provider = plan.region(address)
    return own_region({"region": plan.own_regions[address]}, provider) if address in plan.own_regions else provider


def _is_aws_entry(entry: dict) -> bool:
    """Whether a plan's provider_config entry is hashicorp/aws, by its `name` and `full_name`: a name of no text
    tells no provider (nor does the local name in its key). Read alike by which provider a resource uses
    (`_uses_aws`) and which constraints are AWS's (`_aws_constraint`)."""
    name = entry.get("name")
    return isinstance(name, str) and is_aws_source(name, _full_name(entry))


#: How many addresses and references `_Plan.resolve` keeps in all: those past it are worked out again when asked.
_RESOLVED_KEPT = 2_000_000


class _Plan:
    def __init__(self, path: str, doc: dict, text: str = ""):
        self.path = path
        self.doc = doc
        self.source = _Text(text, doc.lines if isinstance(doc, OffsetDict) else None)  # (its lines, as read)
        self.instances: dict[str, Instance] = {}
        self.graph: list[Any] = []  # what `load_plan` built of it
        # "module.x[0].aws_subnet.a" -> instance addresses: a resource's in one instance of its modules (a reference in
        # a module of count or for_each names the resource of its own instance of the module, `resolve`)
        self.config_keys: dict[str, list[str]] = {}
        self.unknown: dict[str, Any] = _after_unknown(doc.get("resource_changes"))  # address → after_unknown
        self.planned = getattr(self.unknown, "planned", {})  # a deferred lookup's address → its planned arguments
        self.current: Instance | None = None
        #: The `region` a resource of the AWS provider sets (provider 6), by address: as planned, UNKNOWN where
        #: known only after apply (`template.regions`, provider.own_region).
        self.own_regions: dict[str, Any] = {}
        #: What the current instance's arguments that name one of several instances may name, by argument
        #: (`merge`): `Instance.referenced` of them, the addresses as `resolve` gives them (its lists, shared by the
        #: instances of a block: N associations each on `aws_route_table.private[var.i]` made N links each, 4,000,000
        #: at 2,000; `_chosen_among` makes the links of an argument when asked).
        self.choices: dict[Any, list[list[str]]] = {}
        #: Of those, what the current instance's arguments are one of whatever the index, by argument (`one_of`):
        #: its `Instance.choices`.
        self.listed: dict[str, list[str]] | None = None
        #: `_chosen_among`'s links of an argument that names one such list, by the list's id (it, kept alive so that
        #: the id stays its, and its links): one tuple for the instances that share the list, which the mapper makes
        #: one candidate sequence of (N associations on `aws_subnet.private[var.s]` made N links and a list of N
        #: subnets each, and the network indexed each association under each of them).
        self._chosen: dict[int, tuple[list[str], tuple[Link, ...]]] = {}
        #: How the code beside the plan names each module call (`call_place`), by configuration address: "module `fn`
        #: at main.tf:41" (`hcl_locations`).
        self.calls_at: dict[str, str] = {}
        self._places: dict[str, str] = {}  # (`plan_place`'s, by configuration address: asked after the document goes)
        self._expressions: dict[str, dict[str, dict]] = {}  # module address → resource key → expressions
        self._over: dict[str, dict[str, Any]] = {}  # module address → resource key → its for_each's references
        self._root: dict[str, dict] | None = None  # root module resource address → its configuration (`root_resources`)
        self._meta: dict[str, tuple] | None = None  # root module resource address → `Instance.reads` (`root_reads`)
        self._named: dict[tuple[str, str], tuple[str, ...]] = {}  # (configuration address, module) → `named`
        # each (reference, module) followed once: outputs naming each other's outputs B times over
        # D modules would otherwise take B**D steps (a crafted plan of 3 KB hung)
        self._followed: dict[tuple, list[str]] = {}
        self._narrowing: dict[tuple, bool] = {}  # (`_narrowed_input`, `_narrowed_output`: once per name and module)
        self._read_through: dict[tuple[str, str], dict[str, str]] = {}  # (module output, prefix) → address → attr
        self._pins: dict[str, str | None] = {}  # configuration address → `aws_versions`
        self._passed: dict[tuple[str, str, int], Read | None] = {}  # (variable, module, depth) → `_instance_read`
        # whether what is being followed met `MAX_PASSED_LEVELS` (a reference left unfollowed), the answers kept of
        # `resolve`, `_once` and `narrowed` that it cut short (told again to whoever is given them), and the
        # arguments of the instance being built it left unknown (`_past_levels`: --explain says the limit)
        self._cut = False
        self._cut_keys: set[tuple] = set()
        self._cut_names: set[Any] = set()
        # (references, module, depth, exposing) → `resolve`'s answer, once `build` starts (the instances are all
        # read): each of N instances of a block naming another block of N whole (`aws_nat_gateway.nat[each.key]`
        # is recorded as `aws_nat_gateway.nat` and `each.key`) would otherwise resolve its N instances again
        self._resolved: dict[tuple, list[str]] | None = None
        self._kept = 0  # (the addresses and references `_resolved` holds)
        # (the current instance's block, the references) → `positional`'s candidates and what it pairs them by key
        self._positions: dict[tuple, tuple[list[str], dict[Any, str] | None]] = {}
        self._config_keys: dict[str, dict[str, Any]] = {}  # module address → resource → its provider_config_key
        self._locals: list[str] | None = None  # `_local_modules`
        self._module_pins: dict[str, str | None] = {}  # module address → `aws_versions` of its resources (`_pinned`)
        self._others: list[dict[str, str]] | None = None  # the local modules' pins (`_bounding`)
        self._firsts: dict[tuple[int, int, int], int] = {}  # provider.first_excluding of them
        self._constraints: dict[str, str] | None = None  # module address → its AWS provider constraint

    def read(self) -> None:
        """Let go what only reading the plan needed, once its instances are made and placed: the document (its
        `configuration`, the wrappers of `planned_values`' resources, whose values the instances keep) and what
        was looked up in it. The resources, their checks and report that follow are made in its memory: the
        bench's 100 MB plan peaks at 767 MB instead of 970 MB. (Where each resource is in the text, and its
        values, stay: the marks findings ask for are found in them.)"""
        self.doc.clear()
        self.unknown, self.planned = {}, {}
        self._expressions, self._over, self._root = {}, {}, None

    def collect(self, module: Any, at: tuple | None = None) -> None:
        """The instances of `module` and of its child modules. A child module is read plain, in the one read of
        its parent's `child_modules` (`_MODULE`): `at` is its path in the text from where the root module's
        `child_modules` starts (`Lines.place`, stepped), where its resources are found when a place in one is
        asked for. (Read as an outline, 100,000 module instances of a subnet each took a call of json's scanner
        each, whose keys then were strings of their own: 590 MB for 24 MB.)"""
        if not isinstance(module, dict):
            return
        resources = _items(module.get("resources"))
        # each resource read plain: where it starts, or the list's path (`jsonmarks.ITEMS`) to find it by
        starts = (getattr(resources, "path", None) or resources.offsets) if isinstance(resources, OffsetList) else None
        if starts is None and at is not None and type(resources) is list:
            starts = (at, "resources")
        for index, res in enumerate(resources):
            if not isinstance(res, dict) or not isinstance(res.get("address"), str):
                continue
            address = res["address"]
            raw = res.get("values")
            values: Any = raw if isinstance(raw, dict) else LDict()
            where = _Resource(self.source, starts, index) if starts is not None else None
            if where is not None:
                location: Location = Later(self.path, where, ("address",))
            else:
                location = Location(self.path, *(res.mark_of("address") if isinstance(res, LDict) else (1, 1)))
            marks = _TreeMarks(self.path, values, location, where if raw is values else None)
            known_id = values.get("id")
            kind = str(res.get("type"))
            inst = Instance(
                address=address,
                type=kind,
                attrs=values,
                location=location,
                marks=marks,
                mode=str(res.get("mode", "managed")),
                ids=_known_ids(values, known_id, kind) if known_id or kind == "aws_eip" else (),
                why=_why(values),
                key=_key(res.get("index"), address),
            )
            self.instances[address] = inst
            flags = self.unknown.get(address)
            if is_aws_source(kind.partition("_")[0], res.get("provider_name")):  # (AWS provider 6's own region)
                if isinstance(flags, dict) and flags.get("region") is True:
                    self.own_regions[address] = UNKNOWN
                elif values.get("region") is not None:
                    self.own_regions[address] = values.get("region")
            self.config_keys.setdefault(_block_address(address), []).append(address)
        children = _items(module.get("child_modules"))
        if isinstance(children, OffsetList):  # (the root module's, read by the outline: where it starts is known)
            path = getattr(children, "path", None)
            for index, child in enumerate(children):
                self.collect(child, (path, index) if path else (jsonmarks.STARTING, children.offsets[index]))
        else:
            plain = at is not None and type(children) is list
            for index, child in enumerate(children):
                self.collect(child, ((at, "child_modules"), index) if plain else None)

    def configuration(self, module_address: str) -> Any:
        """The configuration module for `module.a.module.b` (instance keys dropped)."""
        configuration = self.doc.get("configuration")
        node = configuration.get("root_module") if isinstance(configuration, dict) else None
        for name in re.findall(r"module\.([A-Za-z0-9_-]+)", module_address):
            calls = node.get("module_calls") if isinstance(node, dict) else None
            call = calls.get(name) if isinstance(calls, dict) else None
            node = call.get("module") if isinstance(call, dict) else None
        return node if isinstance(node, dict) else {}

    def aws_versions(self, address: str) -> str | None:
        """The AWS provider version constraints that bound an instance (`AWS_VERSIONS`, provider.py), as the plan
        records them (`configuration.provider_config`, each module's constraints on hashicorp/aws together, under
        whatever local name: `aws` for the root module, `module.a:awsx` for a child's): its own module's, then those
        of the other modules loaded from local paths (Terraform picks one release for the whole configuration).
        None for an instance of another provider, or without any."""
        configuration = self.doc.get("configuration")
        providers = configuration.get("provider_config") if isinstance(configuration, dict) else None
        if not isinstance(providers, dict):
            return None
        config = _config_address(address)
        if config in self._pins:
            return self._pins[config]
        module_address, _, local = config.rpartition(".")
        module_address, _, rtype = module_address.rpartition(".")
        self._pins[config] = found = self._pinned(providers, module_address, f"{rtype}.{local}")
        return found

    def region(self, address: str | None = None) -> str | None:
        """The region an instance deploys to (`Template.region`), as the plan's configuration records its provider
        configuration's `region`: a constant, or a root variable the plan gives a value; None where it records
        neither (an environment variable, a profile, an expression). None for `address`: the root module's default
        AWS provider configuration's."""
        configuration = self.doc.get("configuration")
        providers = configuration.get("provider_config") if isinstance(configuration, dict) else None
        if not isinstance(providers, dict):
            return None
        config_key: Any = "aws"
        if address is not None:
            config = _config_address(address)
            module_address, _, local = config.rpartition(".")
            module_address, _, rtype = module_address.rpartition(".")
            config_key = self._config_key(module_address, f"{rtype}.{local}")
            if config_key is None and not module_address:
                config_key = "aws"
        entry = providers.get(config_key) if isinstance(config_key, str) else None
        expressions = entry.get("expressions") if isinstance(entry, dict) and _is_aws_entry(entry) else None
        written = expressions.get("region") if isinstance(expressions, dict) else None
        if not isinstance(written, dict):
            return None
        if "constant_value" in written:
            return aws.region(written["constant_value"])
        references = written.get("references")
        at = entry.get("module_address") if isinstance(entry, dict) else None
        if isinstance(references, list) and len(references) == 1 and not at and ":" not in config_key:
            name = str(references[0]).removeprefix("var.")
            variables = self.doc.get("variables")
            value = variables.get(name) if isinstance(variables, dict) and references[0] != name else None
            return aws.region(value.get("value")) if isinstance(value, dict) else None
        return None

    def _pinned(self, providers: dict, module_address: str, key: str) -> str | None:
        """`aws_versions` of the configuration's resource `key` of a module: one text for all the module's resources
        (`_module_pins`)."""
        if not self._uses_aws(providers, module_address, key):
            return None
        if module_address not in self._module_pins:
            self._module_pins[module_address] = self._bounding(providers, module_address)
        return self._module_pins[module_address]

    def _bounding(self, providers: dict, module_address: str) -> str | None:
        """The pins of a module's resources: its own, then those of the other local modules, of which only those
        `upgrade_notes` may name (provider.bounding)."""
        own = self._aws_constraint(providers, module_address)
        mine = [pin(own, "", "plan")] if own is not None else []
        others: list[dict[str, str]] = []
        if self._local(module_address):
            if self._others is None:  # (the local modules' pins read once for all of them)
                self._others = [
                    pin(constraint, "", "plan", whose=f"{other}'s" if other else "the root module's")
                    for other in self._local_modules()
                    if (constraint := self._aws_constraint(providers, other)) is not None
                ]
                self._firsts = first_excluding(self._others)
            others = self._others
        pins = bounding(mine, others, self._firsts if others else None)
        return json.dumps(pins) if pins else None

    def _config_key(self, module_address: str, key: str) -> Any:
        """The `provider_config_key` the configuration records for a module's resource `key` (`aws_s3_bucket.b`),
        as written (not always a string); each module's resources indexed once, for every resource asked of."""
        if module_address not in self._config_keys:
            self._config_keys[module_address] = {
                str(r.get("address")): r.get("provider_config_key")
                for r in _items(self.configuration(module_address).get("resources"))
                if isinstance(r, dict)
            }
        return self._config_keys[module_address].get(key)

    def _uses_aws(self, providers: dict, module_address: str, key: str) -> bool:
        """Whether the configuration's resource `key` of a module uses hashicorp/aws: the provider its
        `provider_config_key` names, as provider_config records it; one it does not record is the default
        provider of its local name (Terraform records every one a module's required_providers lists)."""
        config_key = self._config_key(module_address, key)
        if not isinstance(config_key, str):
            config_key = f"{module_address}:aws" if module_address else "aws"
        entry = providers.get(config_key)
        if isinstance(entry, dict):
            return _is_aws_entry(entry)
        return config_key.rpartition(":")[2].partition(".")[0] == "aws"

    def tagging_providers(self, instances: list[Instance]) -> dict[str, tuple[str, Any, str]]:
        """The route tables, security groups and ACLs whose provider writes default_tags (their planned tags_all
        holds them), by address: the provider's local name, alias and module, as `configuration.provider_config`
        records it; one a module inherits is its caller's (the nearest that records it)."""
        configuration = self.doc.get("configuration")
        providers = configuration.get("provider_config") if isinstance(configuration, dict) else None
        found: dict[str, tuple[str, Any, str]] = {}
        if not isinstance(providers, dict) or not any(_default_tags(entry) for entry in providers.values()):
            return found  # (no provider of the plan writes them: nothing asked of its resources)
        for inst in instances:
            if inst.mode != "managed" or inst.type not in LOOKED_UP_TYPES:
                continue
            module_address, _, local = _config_address(inst.address).rpartition(".")
            module_address, _, rtype = module_address.rpartition(".")
            key = self._config_key(module_address, f"{rtype}.{local}")
            key = key if isinstance(key, str) else f"{module_address}:aws" if module_address else "aws"
            while not isinstance(providers.get(key), dict) and ":" in key:  # (inherited: the caller's)
                module, _, name = key.rpartition(":")
                caller = module.rpartition(".module.")[0]
                key = f"{caller}:{name}" if caller else name
            entry = providers.get(key)
            if isinstance(entry, dict) and _default_tags(entry) and _is_aws_entry(entry):
                name, module = key.rpartition(":")[2].partition(".")[0], key.rpartition(":")[0]
                found[inst.address] = (str(entry.get("name") or name), entry.get("alias") or "", module)
        return found

    def _aws_constraint(self, providers: dict, module_address: str) -> str | None:
        """The AWS provider constraint the plan records for a module (every entry of hashicorp/aws in it has the
        module's constraints on it together)."""
        if self._constraints is None:  # (indexed once)
            self._constraints = {}
            for key, entry in providers.items():
                if not isinstance(entry, dict) or not isinstance(key, str):
                    continue
                at = entry.get("module_address")
                at = at if isinstance(at, str) else key.rpartition(":")[0]
                constraint = entry.get("version_constraint")
                if _is_aws_entry(entry) and isinstance(constraint, str):
                    self._constraints.setdefault(at, constraint)
        return self._constraints.get(module_address)

    def _local(self, module_address: str) -> bool:
        """Whether a module is the root or is called, call by call from the root, from a local path (`./net`)."""
        configuration = self.doc.get("configuration")
        node = configuration.get("root_module") if isinstance(configuration, dict) else None
        for name in re.findall(r"module\.([A-Za-z0-9_-]+)", module_address):
            calls = node.get("module_calls") if isinstance(node, dict) else None
            call = calls.get(name) if isinstance(calls, dict) else None
            source = call.get("source") if isinstance(call, dict) else None
            if not (isinstance(source, str) and source.startswith(("./", "../"))):
                return False
            node = call.get("module") if isinstance(call, dict) else None
        return True

    def _local_modules(self) -> list[str]:
        """The addresses of the root module and of the modules called from local paths under it."""
        if self._locals is not None:
            return self._locals
        found: list[str] = []
        self._locals = found
        configuration = self.doc.get("configuration")
        pending = [("", configuration.get("root_module") if isinstance(configuration, dict) else None)]
        while pending and len(found) < MAX_PINNED_MODULES:
            address, node = pending.pop()
            found.append(address)
            calls = node.get("module_calls") if isinstance(node, dict) else None
            for name, call in calls.items() if isinstance(calls, dict) else ():
                source = call.get("source") if isinstance(call, dict) else None
                if isinstance(source, str) and source.startswith(("./", "../")):
                    pending.append((f"{address}.module.{name}".lstrip("."), call.get("module")))
        return found

    def expressions(self, inst: Instance) -> dict:
        key = _config_address(inst.address)
        if key.count(".") == 1:  # (a root module's resource: its address is the key, no module address to split)
            module_address = ""
        else:
            module_address, _, local = key.rpartition(".")
            module_address, _, rtype = module_address.rpartition(".")
            key = f"{rtype}.{local}"
        if key.startswith("data."):
            return {}
        found = self._expressions.get(module_address)
        if found is None:  # each configuration module indexed once: the first managed resource of an address
            found = {}
            over: dict[str, Any] = {}
            for res in _items(self.configuration(module_address).get("resources")):
                if isinstance(res, dict) and res.get("mode", "managed") == "managed":
                    expressions = res.get("expressions")
                    found.setdefault(str(res.get("address")), expressions if isinstance(expressions, dict) else {})
                    for_each = res.get("for_each_expression")
                    over.setdefault(
                        str(res.get("address")), for_each.get("references") if isinstance(for_each, dict) else None
                    )
            self._expressions[module_address], self._over[module_address] = found, over
        return found.get(key, {})

    def each_value(self, expression: Any, prefix: str) -> str | None:
        """`each.value.id` (or `each.value`) in a resource whose `for_each` is another resource's instances
        (`for_each = aws_subnet.private`): that resource's instance of the same key, as `aws_subnet.private[each.key]`
        names it. None for anything else (a `for_each` over a local or a variable, a module's output)."""
        refs = _items(expression.get("references")) if isinstance(expression, dict) else []
        current = self.current
        if not refs or any(r not in ("each.value.id", "each.value") for r in refs) or current is None:
            return None
        self.expressions(current)  # (its module's resources indexed)
        module_address, _, local = _config_address(current.address).rpartition(".")
        module_address, _, rtype = module_address.rpartition(".")
        over = self._over.get(module_address, {}).get(f"{rtype}.{local}")
        if not (isinstance(over, list) and len(over) == 1 and isinstance(over[0], str)):
            return None  # (`for_each = { for k, s in aws_subnet.a : k => s if var.x }` reads more: not followed)
        if not _RESOURCE.fullmatch(over[0]) or over[0].startswith(_NOT_RESOURCES):
            return None
        if not isinstance(current.key, str):
            return None  # (a for_each's keys are strings)
        return next(
            (a for a in self.config_keys.get(prefix + over[0], ()) if self.instances[a].key == current.key), None
        )

    def resolve(self, refs: Any, prefix: str, depth: int = 0, exposing: bool = False) -> list[str]:
        """Instance addresses a list of configuration references points at (most specific first); a
        module's `var.x` is followed to what its call gives it. `exposing`: an output's, where a NAT
        gateway's id does not count (`_exposing`)."""
        if not isinstance(refs, list):
            return []
        memo, key = self._resolved, None
        if memo is not None and all(type(r) is str for r in refs):
            key = (*refs, prefix, depth, exposing)
            found = memo.get(key)
            if found is not None:
                if self._cut_keys and key in self._cut_keys:
                    self._cut = True
                return found  # (the same list each time: its callers only read it)
        cut, self._cut = self._cut, False
        found = self._resolve(refs, prefix, depth, exposing)
        if memo is not None and key is not None and self._kept < _RESOLVED_KEPT:
            memo[key] = found
            self._kept += len(found) + len(key)  # (what it holds: crafted lists, each other, cannot fill memory)
            if self._cut:
                self._cut_keys.add(key)
        self._cut = cut or self._cut
        return found

    def _resolve(self, refs: list, prefix: str, depth: int, exposing: bool) -> list[str]:
        refs = _exposing(refs) if exposing else refs
        parsed = []
        outputs: dict[str, None] = {}
        previous = ""
        for ref in refs:
            # Terraform writes each reference whole, then what holds it: `x[0].id`, `x[0]`, `x` (`_chained`); the
            # one written whole says what it reads, a shorter one written again is another reference (a splat, an
            # index only apply knows: `var.one ? x[0].id : x[count.index].id` reads all of `x`)
            chained, previous = _chained(ref, previous), ref if isinstance(ref, str) else ""
            if isinstance(ref, str) and ref.startswith("module."):
                outputs.update(dict.fromkeys(self.module_output(ref, prefix, exposing=exposing)))
                continue
            if isinstance(ref, str) and ref.startswith("var.") and prefix:
                if depth < MAX_PASSED_LEVELS:
                    outputs.update(dict.fromkeys(self.module_input(ref, prefix, depth)))
                else:
                    self._cut = True  # (not followed: `_past_levels`)
                continue
            match = _REF.match(ref) if isinstance(ref, str) else None
            if match and not chained and not ref.startswith(("var.", "local.", "each.", "count.", "path.")):
                parsed.append((match.group(1), match.group(2), match.group(3)))
        out: dict[str, None] = {}  # in order, once each
        for key, index, _attr in parsed:
            found = [prefix + key + index] if index else self.config_keys.get(prefix + key, [])
            out.update(dict.fromkeys(a for a in found if a in self.instances))
        out.update(outputs)
        return list(out)

    def narrowed(self, expression: Any, prefix: str) -> bool:
        """Whether a list's expression also reads values that are not resources (`[for k, s in aws_subnet.s :
        s.id if !var.subnets[k].public]`: a local, `each`, `count`, a variable that names no resource), here or
        in what a module's call gives it: the list may hold only some of the instances it references, and a
        plan records which of them nowhere. So does a resource read twice, not as the whole of an instance's
        reference (`[aws_subnet.a[length(aws_subnet.a) - 1].id]`: the collection, then its length). (Read once, as
        `slice(aws_subnet.a[*].id, 0, 1)` or a `for` filtering on its own attributes reads it, it is recorded as
        `aws_subnet.a[*].id` is: all of them, which the plan cannot tell from a part.)"""
        bare: set[str] = set()
        previous = ""
        for ref in _items(expression.get("references")) if isinstance(expression, dict) else []:
            chained, previous = _chained(ref, previous), ref if isinstance(ref, str) else ""
            if not isinstance(ref, str):
                continue
            if ref.startswith(("local.", "each.", "count.")) or _ELEMENT.match(ref):
                return True  # (`[module.vpc.private_subnets[0]]`: one of the subnets that output names)
            if not chained and _RESOURCE.fullmatch(ref) and not ref.startswith(_NOT_RESOURCES):
                if ref in bare:
                    return True
                bare.add(ref)
            if ref.startswith("var.") and self._narrowed_input(ref, prefix):
                return True
            if ref.startswith("module.") and not chained and self._narrowed_output(ref, prefix):
                return True  # (`module.vpc.private_subnets`, an output that filters: `[for s in …: s.id if local.x]`)
        return False

    def _narrowed_output(self, ref: str, prefix: str) -> bool:
        """`narrowed` of the expression of the module output `ref` names, in its module, once per (ref, module)."""
        match = re.match(r"module\.([A-Za-z0-9_-]+(?:\[[^\]]*\])?)\.([A-Za-z0-9_]+)", ref)
        key = ("output", ref, prefix)
        if match is None:
            return False  # (`module.vpc`, the whole module as an object: as before)
        if key not in self._narrowing:
            self._narrowing[key] = True  # (while followed, or past the depth: narrowed, the cautious answer)
            cut, self._cut = self._cut, False
            child = f"{prefix}module.{match.group(1)}."
            # (a module past the limit: its output taken as not narrowing, as `module_output` names nothing of it)
            outputs = self.configuration(child.rstrip(".")).get("outputs") if _within_levels(child) else None
            output = outputs.get(match.group(2)) if isinstance(outputs, dict) else None
            expression = output.get("expression") if isinstance(output, dict) else None
            self._narrowing[key] = isinstance(expression, dict) and self.narrowed(expression, child)
            self._kept_cut(key, cut, False)
        elif self._cut_keys and key in self._cut_keys:
            self._cut = True
        return self._narrowing[key]

    def _narrowed_input(self, ref: str, prefix: str) -> bool:
        """`narrowed` of what a module's call gives its `var.x`, once per (ref, module): modules passing many
        inputs on through many levels made it exponential (a 22 KB plan past 60 s; helper)."""
        key = (ref, prefix)
        if key not in self._narrowing:
            self._narrowing[key] = True  # (while followed, or past the depth: narrowed, the cautious answer)
            cut, self._cut = self._cut, False
            within = _within_levels(prefix)
            given = self.given(ref, prefix) if within else None
            self._narrowing[key] = given is None or not self.resolve([ref], prefix) or self.narrowed(*given)
            self._kept_cut(key, cut, not within)
        elif self._cut_keys and key in self._cut_keys:
            self._cut = True
        return self._narrowing[key]

    def _kept_cut(self, key: tuple, cut: bool, here: bool) -> None:
        """Whether the answer just worked out for `key` was cut short by `MAX_PASSED_LEVELS` (`here`, or in what it
        followed), kept with it; `cut`, whether what asked for it already was."""
        if here or self._cut:
            self._cut_keys.add(key)
            self._cut = True
        self._cut = cut or self._cut

    def left_null(self, expression: Any, prefix: str) -> bool:
        """Whether an argument's expression reads only variables of its module that its call does not pass and
        whose default is null: the argument is null, as if left out (the provider then computes it)."""
        refs = _items(expression.get("references")) if isinstance(expression, dict) else []
        names = {m.group(1) for r in refs if isinstance(r, str) and (m := _VARIABLE.fullmatch(r))}
        call = _LAST_CALL.search(prefix)
        if not names or len(names) != len(refs) or not call:
            return False
        calls = self.configuration(prefix[: call.start()].rstrip(".")).get("module_calls")
        given = calls.get(call.group(1)) if isinstance(calls, dict) else None
        passed = given.get("expressions") if isinstance(given, dict) else None
        declared = self.configuration(prefix.rstrip(".")).get("variables")
        for name in names:
            variable = declared.get(name) if isinstance(declared, dict) else None
            if not isinstance(passed, dict) or name in passed or not isinstance(variable, dict):
                return False
            if "default" not in variable or variable["default"] is not None:
                return False
        return True

    def module_input(self, ref: str, prefix: str, depth: int) -> list[str]:
        """`var.subnet` in `module.app.` -> the instances the call of `module.app` gives it."""
        return self._once(("in", ref, prefix, depth), lambda: self._module_input(ref, prefix, depth))

    def _module_input(self, ref: str, prefix: str, depth: int) -> list[str]:
        given = self.given(ref, prefix)
        return [] if given is None else self.resolve(_items(given[0].get("references")), given[1], depth + 1)

    def _instance_read(self, expression: Any, prefix: str, depth: int = 0) -> Read | None:
        """What an expression of the module at `prefix` reads of an instance (each.key, each.value, count.index: of
        the block it is in, or, through variables, of a module call it is within: `values.Read`), as the plan records
        its references; None if nothing (`causes.instance_reads` for the code)."""
        refs = _items(expression.get("references")) if isinstance(expression, dict) else []
        word = next((r for r in refs if r in INSTANCE_READS), None)
        if word is not None or depth > MAX_PASSED_LEVELS or "[" not in prefix:
            return None if word is None else (word,)
        for ref in refs:
            if isinstance(ref, str) and _VARIABLE.fullmatch(ref):
                key = (ref, prefix, depth)  # (the depth too: an answer cut short by it is no other walk's answer)
                if key not in self._passed:  # (once each: variables passed on through many levels)
                    given = self.given(ref, prefix)
                    read = self._instance_read(given[0], given[1], depth + 1) if given is not None else None
                    self._passed[key] = None if read is None else (*read, clipped(ref, 44))
                if self._passed[key] is not None:
                    return self._passed[key]
        return None

    def given(self, ref: str, prefix: str) -> tuple[dict, str] | None:
        """`var.subnet` in `module.app.` -> the expression the call of `module.app` gives it, and the prefix of
        the module that calls it."""
        name = _VARIABLE.match(ref)
        call = _LAST_CALL.search(prefix)
        if not name or not call:
            return None
        parent = prefix[: call.start()]
        calls = self.configuration(parent.rstrip(".")).get("module_calls")
        given = calls.get(call.group(1)) if isinstance(calls, dict) else None
        expressions = given.get("expressions") if isinstance(given, dict) else None
        expression = expressions.get(name.group(1)) if isinstance(expressions, dict) else None
        return (expression, parent) if isinstance(expression, dict) else None

    def module_output(self, ref: str, prefix: str, exposing: bool = False) -> list[str]:
        """`module.net.private_subnets` -> the instances its output references (`module.net.aws_subnet.a[0]`)."""
        return self._once(("out", ref, prefix, exposing), lambda: self._module_output(ref, prefix, exposing))

    def _once(self, key: tuple, follow: Callable[[], list[str]]) -> list[str]:
        """What `follow` finds, once per key; a reference reached again while it is followed adds nothing."""
        if key not in self._followed:
            self._followed[key] = []
            cut, self._cut = self._cut, False
            self._followed[key] = follow()
            self._kept_cut(key, cut, False)
        elif self._cut_keys and key in self._cut_keys:
            self._cut = True
        return self._followed[key]

    def _module_output(self, ref: str, prefix: str, exposing: bool) -> list[str]:
        match = re.match(r"module\.([A-Za-z0-9_-]+(?:\[[^\]]*\])?)\.([A-Za-z0-9_]+)", ref)
        whole = re.fullmatch(r"module\.([A-Za-z0-9_-]+(?:\[[^\]]*\])?)", ref) if not match and exposing else None
        if whole:  # an output of the whole call (`value = module.vpc`): Terraform gives the object of its outputs
            child = f"{prefix}module.{whole.group(1)}"
            outputs = self.configuration(child).get("outputs") if _within_levels(child + ".") else None
            names = list(outputs) if isinstance(outputs, dict) else []
            every = (self.module_output(f"{ref}.{name}", prefix, exposing=True) for name in names)
            return list(dict.fromkeys(address for found in every for address in found))
        if not match:
            return []
        child = f"{prefix}module.{match.group(1)}."  # (`module.vpc[0].x`: what that instance of the module makes)
        if not _within_levels(child):
            self._cut = True  # (not followed: `_past_levels`)
            return []
        outputs = self.configuration(child.rstrip(".")).get("outputs")
        output = outputs.get(match.group(2)) if isinstance(outputs, dict) else None
        expression = output.get("expression") if isinstance(output, dict) else None
        if not isinstance(expression, dict):
            return []
        found: dict[str, None] = {}  # in order, once each
        read = self._read_through.setdefault((ref, prefix), {})  # (what of each it reads: `attribute`)
        references = _items(expression.get("references"))
        for inner in references:
            if isinstance(inner, str) and inner.startswith("module."):
                found.update(dict.fromkeys(self.module_output(inner, child, exposing)))
                for address, attr in self._read_through.get((inner, child), {}).items():
                    read.setdefault(address, attr)
        inner_refs = [r for r in references if not str(r).startswith("module.")]
        for address in self.resolve(inner_refs, child, exposing=exposing):
            found[address] = None
            read.setdefault(address, _attribute(address, inner_refs))
        return list(found)

    def attribute(self, address: str, references: Any, prefix: str) -> str:
        """`_attribute`, also through a module's output (`module.vpc.default_security_group_id`: the VPC's
        default group, which the output reads of `aws_vpc.this`)."""
        attr = _attribute(address, references)
        for ref in _items(references) if attr == "id" else []:
            if isinstance(ref, str) and ref.startswith("module."):
                attr = self._read_through.get((ref, prefix), {}).get(address, attr)
                if attr != "id":
                    break
        return attr

    def _unknown(self, expression: Any, prefix: str, name: str) -> Any:
        """`merge` of an argument the plan has as unknown, set by `expression`: the references it names, else
        UNKNOWN or PRESENT (where what names them is not one the plan traces)."""
        refs = self.resolve(expression.get("references"), prefix) if isinstance(expression, dict) else []
        if not refs and self.left_null(expression, prefix):
            return _unconfigured(name)  # (`ipv6_cidr_block = var.ipv6_cidr`, a variable left null)
        if refs:
            if name in LIST_ARGS:
                if self.narrowed(expression, prefix):
                    return UNKNOWN
                return [Link(a, self.attribute(a, expression.get("references"), prefix)) for a in refs]
            if name in MAP_ARGS:
                return [Link(a, _attribute(a, expression.get("references"))) for a in refs]
            if self.current is not None and name in _RANGES.get(self.current.type, ()):
                return PRESENT  # (a CIDR, not an id: `own_blocks` tells whether a rule's is the VPC's own block)
            if len(refs) == 1:
                return Link(refs[0], self.attribute(refs[0], expression.get("references"), prefix))
            chosen = self.positional(refs, expression.get("references"))
            if chosen:
                return Link(chosen)
            if name in _ONE_OF and self.one_of(expression, prefix):
                # one of the block's instances whichever the index (`element(aws_route_table.private[*].id,
                # var.single_nat_gateway ? 0 : count.index)`): each of them may be it, and nothing else
                self.listed = {**(self.listed or {}), name: refs}
            # one of them, which the plan does not say: what it may name (`Instance.referenced`), as a
            # condition's branches (a route on one of these tables, an association of one of these subnets)
            self.choices.setdefault(name, []).append(refs)
            return UNKNOWN
        if name not in LIST_ARGS and name not in MAP_ARGS and (same := self.each_value(expression, prefix)):
            return Link(same)  # (`for_each = aws_subnet.private`, `subnet_id = each.value.id`)
        if name in _LOOKED_UP_IDS and (lookup := _lookup_read(expression)) is not None:
            # (what a lookup read at apply finds: `Instance.referenced` names it, as the code's does)
            self.choices.setdefault(name, []).append([prefix + lookup])
        return [PRESENT] if name in LIST_ARGS else PRESENT

    def lookups(self) -> list[Instance]:
        """The lookup data sources (route tables, security groups, network ACLs) read at apply, as their
        configuration writes them: their constant arguments, and the resource a reference names (`vpc_id =
        aws_vpc.main.id`); else the value their change's `after` plans (`_planned_lookup`); anything else unknown.
        What they may find is decided by these (mapper._may_find). One read at plan time is not one: what it
        found is the plan's known value of the arguments that read it."""
        found: list[Instance] = []
        blocks: dict[str, dict[Any, dict]] = {}  # module address prefix → a data source's address → its block
        for address in self.unknown:
            if "data." not in address:
                continue  # (most of a plan's changes: no look-up each)
            local = local_address(address)
            if not local.startswith("data.") or local.split(".")[1] not in LOOKUPS or address in self.instances:
                continue
            prefix = address[: len(address) - len(local)]
            written_in = blocks.get(prefix)
            if written_in is None:  # (each module's data sources indexed once, the first block of an address)
                written_in = blocks[prefix] = {}
                for res in _items(self.configuration(prefix.rstrip(".")).get("resources")):
                    if isinstance(res, dict) and res.get("mode") == "data" and isinstance(res.get("address"), str):
                        written_in.setdefault(res["address"], res)  # (an address of a list names none: not hashed)
            block = written_in.get(local)
            if block is None or "count_expression" in block or "for_each_expression" in block:
                continue  # (instances of a count: `data.x.y[0]`, which the code names otherwise)
            self.current, self.choices, self.listed = None, {}, None  # (what _unknown notes is no instance's)
            written = block.get("expressions")
            attrs = {
                key: self._looked_up_by(expression, prefix, key)
                for key, expression in (written.items() if isinstance(written, dict) else ())
            }
            for key, value in self.planned.get(address, {}).items():
                if key not in attrs or _any_part(attrs[key], _undecided):
                    attrs[key] = value  # (what Terraform planned, as if written: a variable's `tags`)
            found.append(
                Instance(
                    address=address, type=local.split(".")[1], attrs=attrs, location=Location(self.path), mode="data"
                )
            )
        return found

    def _looked_up_by(self, expression: Any, prefix: str, name: str) -> Any:
        """An argument of a lookup as its configuration writes it: a constant, the resource one reference names,
        nested blocks (`filter`) each so; UNKNOWN otherwise."""
        if isinstance(expression, list):
            return [
                {key: self._looked_up_by(sub, prefix, key) for key, sub in block.items()}
                if isinstance(block, dict)
                else UNKNOWN
                for block in expression
            ]
        if not isinstance(expression, dict):
            return UNKNOWN
        if "constant_value" in expression:
            return expression["constant_value"]
        if expression.get("references"):
            found = self._unknown(expression, prefix, name)
            return found if isinstance(found, Link) else UNKNOWN
        return UNKNOWN

    def one_of(self, expression: Any, prefix: str) -> bool:
        """Whether an argument the plan has as unknown, whose expression names more than one instance, is one of the
        instances of the one resource block it names, whatever the index: `element(aws_route_table.private[*].id,
        var.single_nat_gateway ? 0 : count.index)` (or `.*.id`, `[var.i].id`, a `for` over the block), as the code's
        `Instance.one_of` reads it. A plan records only the references: the block (alone, or its instances' ids),
        `count.index`, `each.key` and variables, each of a known value that is no string (a flag, a number, null,
        as given by the plan's variables, a module call or a default: `_known_input`). Then what is unknown can only
        come from the block's instances, and an id of theirs is one of them. Anything else, False: another
        resource, a local or `each.value` (whose value the plan does not record), a string variable (which may
        hold another table's id: `var.rt != "" ? var.rt : …`), an attribute other than the id."""
        block = None
        for ref in _items(expression.get("references")) if isinstance(expression, dict) else []:
            if ref in ("count.index", "each.key"):
                continue
            if not isinstance(ref, str):
                return False
            if _VARIABLE.fullmatch(ref):
                if not self._known_input(ref, prefix, 0):
                    return False
                continue
            m = _REF.fullmatch(ref)
            if m is None or ref.startswith(_NOT_RESOURCES) or m.group(3) not in (None, "id"):
                return False
            if block is not None and m.group(1) != block:
                return False
            block = m.group(1)
        return block is not None

    def _known_input(self, ref: str, prefix: str, depth: int) -> bool:
        """Whether variable `ref` of the module at `prefix` has a known value that is no string, list or map (a
        flag, a number, null): the root module's as the plan's `variables` give it, a module's as its call passes
        it (a constant, or the caller's variables alike) or, not passed, its default."""
        name = _VARIABLE.fullmatch(ref)
        if name is None or depth > MAX_PASSED_LEVELS:
            return False
        if not prefix:
            variables = self.doc.get("variables")
            entry = variables.get(name.group(1)) if isinstance(variables, dict) else None
            return isinstance(entry, dict) and "value" in entry and _plain_scalar(entry["value"])
        given = self.given(ref, prefix)
        if given is not None:
            expression, parent = given
            if "constant_value" in expression:
                return _plain_scalar(expression["constant_value"])
            refs = _items(expression.get("references"))
            return bool(refs) and all(isinstance(r, str) and self._known_input(r, parent, depth + 1) for r in refs)
        call = _LAST_CALL.search(prefix)
        calls = self.configuration(prefix[: call.start()].rstrip(".")).get("module_calls") if call else None
        passed = calls.get(call.group(1)) if isinstance(calls, dict) and call else None
        if not isinstance(passed, dict) or name.group(1) in (passed.get("expressions") or {}):
            return False  # (passed, but not as an expression the plan records: not followed)
        declared = self.configuration(prefix.rstrip(".")).get("variables")
        variable = declared.get(name.group(1)) if isinstance(declared, dict) else None
        return isinstance(variable, dict) and "default" in variable and _plain_scalar(variable["default"])

    def _left_unknown(self, merged: Any, name: str, cut: bool) -> None:
        """After `merge` of an argument `name` the plan has as unknown: where what it names was cut short by
        `MAX_PASSED_LEVELS` and it is left unknown (not one of some references: `choices`), that --explain
        says so (`_past_levels`); `cut`, whether what asked already was."""
        unknown = merged is UNKNOWN or merged is PRESENT
        unknown = unknown or (isinstance(merged, list) and any(item is PRESENT for item in merged))
        if self._cut and unknown and name not in self.choices:
            self._cut_names.add(name)
        self._cut = cut or self._cut

    def _unconfigured_in(self, name: str, key: str) -> Any:
        """`_unconfigured` of the argument `key` of a block of the list `name`. An inline network ACL rule or route
        whose `ipv6_cidr_block` is unknown sets it: the provider never computes it (a rule or route that does not set
        it has it as "" in the plan), so it is an IPv6 rule on addresses known only after apply, not an IPv4 rule, and
        a route to an IPv6 destination known only after apply (which may be ::/0, as the code reads
        `ipv6_cidr_block = aws_vpc.peer.ipv6_cidr_block`), not a route without one."""
        if key == "ipv6_cidr_block" and name in BLOCK_LISTS:
            return PRESENT
        return _unconfigured(key)

    def own_blocks(self, expressions: dict, prefix: str) -> Callable[[tuple[Any, ...]], str | None] | None:
        """`Instance.own` of an ACL's rules (inline or a rule resource) or an egress rule's `cidr_ipv6`, from the
        references alone (`_own_in_references`): the address of the VPC (subnet, extra block) of this module whose
        `ipv6_cidr_block` each such argument the plan has as unknown can only be. None where it cannot tell."""
        answers: dict[str, str] = {}
        for name in (*_ACL_RULE_LISTS, *_OWN_ARGUMENTS):
            expression = expressions.get(name)
            found = _own_in_references(expression.get("references")) if isinstance(expression, dict) else None
            if found is not None and prefix + found in self.config_keys:
                answers[name] = prefix + found
        return functools.partial(_owned, answers) if answers else None

    def merge(self, value: Any, unknown: Any, expression: Any, prefix: str, name: str = "") -> Any:
        """Known values, with unknown-but-set parts replaced by references or PRESENT."""
        if unknown is True and expression is None:
            return _unconfigured(name)
        if unknown is True and name in BLOCK_LISTS:
            return UNKNOWN  # inline rules/routes set by the configuration, known only after apply
        if unknown is True and isinstance(expression, list):
            return UNKNOWN  # a whole nested block (vpc_config…) known only after apply
        if unknown is True:
            cut, self._cut = self._cut, False
            merged = self._unknown(expression, prefix, name)
            self._left_unknown(merged, name, cut)
            return merged
        if isinstance(value, dict):
            unknown_map = unknown if isinstance(unknown, dict) else {}
            expr_map = expression if isinstance(expression, dict) else {}
            # (its own members, then those only `unknown` has, which are always new: no `in` test per member)
            extra = [key for key in unknown_map if key not in value] if unknown_map else None
            pairs = [*value.items(), *[(key, None) for key in extra]] if extra else value.items()
            changed: dict[Any, Any] | None = None  # what differs from `value`: most mappings are kept as they are
            for key, item in pairs:
                sub_unknown = unknown_map.get(key)
                sub_expr = expr_map.get(key)
                # what merge() returns for the most common members, without a call each (a plan has millions)
                if sub_unknown is True:
                    merged = (
                        self._unconfigured_in(name, key)
                        if sub_expr is None
                        else self.merge(item, True, sub_expr, prefix, key)
                    )
                elif type(item) in SCALARS and not (isinstance(sub_expr, dict) and "references" in sub_expr):
                    merged = item  # a constant: nothing to link
                elif sub_expr is None and (sub_unknown is None or sub_unknown is False) and type(item) in _TREES:
                    merged = item  # nothing in it is unknown or refers to anything: merge() would copy it as it is
                elif not sub_unknown and type(item) is dict and _constant(sub_expr) and "constant_value" not in item:
                    merged = item  # a map written as a constant (`tags`: every resource's): merge() would keep it
                else:
                    merged = self.merge(item, sub_unknown, sub_expr, prefix, key)
                if merged is not item or (extra and key not in value):
                    if changed is None:
                        changed = {}
                    changed[key] = merged
            if changed is None and type(value) in _MAPPINGS:
                return value  # shared, not copied: nothing here writes to a merged tree
            out = dict(value)  # (a member `changed` has keeps its place; a new one comes last, in `unknown`'s order)
            if changed:
                out.update(changed)
            return out
        if isinstance(value, list):
            unknown_list = unknown if isinstance(unknown, list) else []
            items = []
            shared = _shared(unknown_list) if isinstance(expression, dict) and "references" in expression else None
            for index, item in enumerate(value):
                sub_unknown = unknown_list[index] if index < len(unknown_list) else None
                sub_expr = expression[index] if isinstance(expression, list) and index < len(expression) else None
                if isinstance(expression, list) and len(expression) == 1 and isinstance(item, dict):
                    sub_expr = expression[0]  # a nested block
                if isinstance(sub_unknown, dict) and isinstance(expression, dict) and "references" in expression:
                    # (`route = [{…}]`, inline rules)
                    sub_expr = _targets(sub_unknown, expression["references"], shared or frozenset())
                if sub_unknown is not True and not isinstance(sub_expr, dict) and type(item) in SCALARS:
                    items.append(item)  # what merge() returns for it, without a call per value
                elif sub_expr is None and (sub_unknown is None or sub_unknown is False) and type(item) in _TREES:
                    items.append(item)  # as above: kept, not copied
                else:
                    items.append(self.merge(item, sub_unknown, sub_expr, prefix, name))
            if name in LIST_ARGS and isinstance(expression, dict) and any(i is PRESENT for i in items):
                cut, self._cut = self._cut, False
                refs = self.resolve(expression.get("references"), prefix)
                if refs and not self.narrowed(expression, prefix):
                    self._cut = cut
                    return [Link(a) for a in refs]
                self._left_unknown(PRESENT, name, cut)
            return items
        if value is None and isinstance(expression, dict) and "references" in expression and unknown is None:
            return None
        if isinstance(value, str) and isinstance(expression, dict) and "references" in expression:
            refs = self.resolve(expression.get("references"), prefix)
            target = self.instances[refs[0]] if len(refs) == 1 else None
            names = target.attrs if target is not None and isinstance(target.attrs, dict) else {}
            # the attribute the value is (a subnet's `vpc_id` is `aws_vpc.main.id`, not `.vpc_id`)
            attr = next((k for k in ("id", "name", "function_name", "arn") if names.get(k) == value), None)
            if target is not None and target.type in IDENTITY_TYPES:  # a bucket's or table's name: evidence of use
                attr = attr or next((str(k) for k, v in names.items() if v == value), None)
                if attr is None and not value.lstrip().startswith(("{", "[")):  # (a document naming it stays one)
                    attr = "id"
            if attr is not None:
                return Link(refs[0], attr)  # a role policy's `role`, an alias's `function_name`
        return value

    def positional(self, candidates: list[str], refs: Any) -> str | None:
        """`aws_subnet.private[count.index]` (or `[each.key]`): the candidate at this instance's own index or key;
        None when the choice cannot be made. A plan records the resource and `count.index` alike for
        `[count.index]`, `[count.index + 1]`, `[floor(count.index / 2)]` and `element(…[*].id, count.index)`: only
        references that are the resource once and `count.index` (or `each.key`), nothing else, in a resource of as
        many instances as it names (`[count.index + 1]` is past its end there: Terraform would have refused the
        plan), or whose keys it names each (`[each.key]`), pair them. (A rotation of as many, `element(…,
        count.index + 1)`, is still written alike: only the code, `--tf-dir`, tells.)"""
        current = self.current
        if current is None or not isinstance(refs, list):
            return None
        written = tuple(sorted(r for r in refs if isinstance(r, str)))
        key = (_block_address(current.address), type(current.key), written)
        cached = self._positions.get(key)
        if cached is None or cached[0] is not candidates:  # (worked out once for all the block's instances)
            cached = self._positions[key] = (candidates, self._pairing(candidates, written, current))
        theirs = cached[1]
        return None if theirs is None else theirs.get(current.key)

    def _pairing(self, candidates: list[str], written: tuple[str, ...], current: Instance) -> dict[Any, str] | None:
        """`positional`'s candidates by key where the current instance's block pairs with them, for each of its
        instances alike (None where it does not)."""
        if len({_config_address(c) for c in candidates}) != 1:
            return None
        named = _config_address(local_address(candidates[0]))
        own = [self.instances[a].key for a in self.config_keys.get(_block_address(current.address), ())]
        theirs = {self.instances[c].key: c for c in candidates}
        if list(written) == sorted([named, "count.index"]) and isinstance(current.key, int):
            # (`var.one ? x[0].id : x[count.index].id`, `element(x[*].id, var.f ? 0 : count.index)`, `x[length(x) - 1]`
            # write more than the resource and `count.index`: a choice, not a position)
            if (
                sorted(k for k in own if isinstance(k, int))
                == list(range(len(own)))
                == sorted(k for k in theirs if isinstance(k, int))
            ):
                return theirs
            return None
        if list(written) == sorted([named, "each.key"]) and isinstance(current.key, str):
            # (`each.value`, of a map that need not be keyed as the resource is: not a key of it)
            return theirs if all(isinstance(k, str) and k in theirs for k in own) else None
        return None

    def build(self) -> list[Instance]:
        self._resolved = {}  # (the instances are all read: what a reference resolves to stays so)
        root_reads = None  # (indexed at the first root instance)
        for inst in self.instances.values():
            self.current, self.choices, self.listed = inst, {}, None
            address = inst.address
            prefix = address[: len(address) - len(local_address(address))] if address[:7] == "module." else ""
            expressions = self.expressions(inst)
            inst.attrs = self.merge(inst.attrs, self.unknown.get(inst.address), expressions, prefix)
            if self._cut_names:
                inst.why = _past_levels(inst.why, frozenset(self._cut_names))
                self._cut_names = set()
            if self.choices:
                inst.links = functools.partial(_chosen_among, self.choices, [], self._chosen)
            if self.listed:
                inst.choices = functools.partial(_listed_choices, self.listed)
                inst.why, self.listed = functools.partial(_listed_why, self.listed, inst.why), None
            if inst.type == "aws_route" and isinstance(inst.attrs, dict):
                _one_target(inst.attrs, expressions)
            inst.named = self.named(inst, prefix, expressions)
            if inst.type in _CHOSEN_AT and (chosen := self.origins(inst, expressions, prefix)):
                # (`Instance.origin`: the mapper names the variable, as for the code)
                inst.source = functools.partial(self.origin, chosen)
            if inst.type in _OWN_BLOCK_RULES:
                inst.own = self.own_blocks(expressions, prefix)
            for argument in _COMPUTED.get(inst.type, ()):
                if argument not in expressions:  # (or a `dynamic` block: the plan's configuration
                    inst.hints[mapper.UNWRITTEN + argument] = ""  # leaves those out; the HCL beside tells)
            if not prefix and root_reads is None:
                root_reads = self.root_reads()
            if not prefix and root_reads:  # (most plans' counts read no variable: no look-up)
                inst.reads = root_reads.get(_config_address(inst.address), ())
            if (
                inst.type == "aws_nat_gateway"
                and inst.key == 0
                and not prefix
                and len(self.config_keys.get(_config_address(inst.address), ())) == 1
            ):
                inst.switch = self.switch(inst)
            if inst.type == "aws_lambda_function":
                named = self.environment_links(expressions, prefix)
                if named:  # (known values: `BUCKET = aws_s3_bucket.data.bucket` is the bucket's name by then)
                    inst.links = functools.partial(_chosen_among, self.choices, named, self._chosen)
        return list(self.instances.values())

    def modelled(self, instances: list[Instance]) -> None:
        """What lambda6lint knows of a terraform-aws-modules/vpc or terraform-aws-modules/lambda call (models.py,
        `PLANNED`) for the resources its plan has of it (`module.vpc.aws_subnet.private[0]`): each made by that call,
        changed through its inputs, as the code's path has them (a fix names `enable_ipv6 = true on module.vpc` and
        `ipv6_allowed_for_dual_stack = true on module.orders`, not the argument inside the module, which the user
        cannot edit; the lambda module's release decides whether it has that input, as for the code). The model is
        run on the call's inputs as the plan records them (constants, and the root variables a root call passes as
        they are); only where it makes the very VPC and subnets, or function, the plan has. And the module's
        `vpc_id = local.vpc_id`, which a plan does not record: its own VPC; and its NAT gateways'
        `allocation_id = element(local.nat_gateway_ips, …)`: its own Elastic IPs, where the model says so."""
        from lambda6lint.loaders.terraform import models  # (the evaluator: only for a plan calling the module)

        calls = [(call, prefix) for call, prefix in self._module_calls() if isinstance(call.get("source"), str)]
        modelled = [
            (c, p, m) for c, p in calls if (m := models.plan_model_for(c["source"], c.get("version_constraint")))
        ]
        if not modelled:
            return
        by_prefix: dict[str, dict[str, list[Instance]]] = {}  # configuration prefix → instance prefix → instances
        for inst in instances:
            prefix = inst.address[: len(inst.address) - len(local_address(inst.address))]
            if prefix:
                by_prefix.setdefault(_config_address(prefix), {}).setdefault(prefix, []).append(inst)
        for call, config_prefix, model in modelled:
            for prefix, made_here in by_prefix.get(config_prefix, {}).items():
                self._model_into(call, prefix, made_here, model)

    def flags_set_by_callers(self, instances: list[Instance]) -> None:
        """A module's `aws_vpc` whose `assign_generated_ipv6_cidr_block` is a variable of its module alone
        (`var.enable_ipv6`): it gets its block where the plan's configuration says that variable's value is given,
        as the code's path words it (`modules._vpc_ipv6_where`): a call's input (a constant there, or left at the
        module's default), followed up through the calls that pass it on as their own variable, to a root variable
        (whose value the plan holds, not where it was set). Nothing where the plan cannot tell.

        A plan records which variables an expression references, not the expression: `!var.ipv4_only` and
        `var.env == "prod"` reference one variable as `var.enable_ipv6` does. Only where the value that chain ends
        at (the constant, the default, the root variable's) is false, as the VPC's flag is, is it taken as passed on
        unchanged; else "x = true" could be the very value that leaves the VPC without its block."""
        for inst in instances:
            prefix = inst.address[: len(inst.address) - len(local_address(inst.address))]
            if inst.type != "aws_vpc" or not prefix:
                continue
            if not (isinstance(inst.attrs, dict) and inst.attrs.get("assign_generated_ipv6_cidr_block") is False):
                continue
            refs = _argument_references(self.expressions(inst), "assign_generated_ipv6_cidr_block")
            if len(refs) == 1 and isinstance(refs[0], str) and _VARIABLE.fullmatch(refs[0]):
                how = self._set_by_caller(refs[0], prefix)
                if how is not None:
                    reads = "the VPC's assign_generated_ipv6_cidr_block reads it"
                    words = f"{how[:-1]}; {reads})" if how.endswith(")") else f"{how} ({reads})"
                    inst.hints.update({"vpc_ipv6": words, "step:vpc-ipv6": f"set {words}"})

    def _set_by_caller(self, ref: str, prefix: str, depth: int = 0) -> str | None:
        """Where `var.x` of the module at `prefix` is given its value, as a fix says it (`flags_set_by_callers`)."""
        name = ref[4:]
        call = _LAST_CALL.search(prefix)
        if call is None or depth > MAX_PASSED_LEVELS:  # (as the code's `causes.set_at` climbs: MODULE_LEVELS)
            return None
        at = _config_address(prefix).rstrip(".")  # (the call, whichever instance of it)
        given = self.given(ref, prefix)
        if given is None:  # (not passed: the module's default, where it declares one)
            declared = self.configuration(at).get("variables")
            variable = declared.get(name) if isinstance(declared, dict) else None
            if isinstance(variable, dict) and variable.get("default", True) is False:
                return (
                    f"{name} = true on {self.call_place(at)}, which does not set it yet (the module's default applies)"
                )
            return None
        expression, parent = given
        if "constant_value" in expression:
            return f"{name} = true on {self.call_place(at)}" if expression["constant_value"] is False else None
        refs = _items(expression.get("references"))
        if not (len(refs) == 1 and isinstance(refs[0], str) and _VARIABLE.fullmatch(refs[0])):
            return None
        if parent:
            return self._set_by_caller(refs[0], parent, depth + 1)
        root = refs[0][4:]
        variables = self.doc.get("variables")
        value = variables.get(root) if isinstance(variables, dict) else None
        if not (isinstance(value, dict) and value.get("value") is False):
            return None
        return f"variable `{root}` = true where this plan's value of it comes from ({causes.plan_passes(root)})"

    def origins(self, inst: Instance, expressions: dict, prefix: str) -> dict[tuple[Any, ...], tuple[str, str, str]]:
        """`Instance.origin` of the arguments a fix names the variable of (`_CHOSEN_AT`), as `causes.origin` tells it of
        the code: where the expression reads one variable alone, that variable where its value is set (a root variable,
        `causes.PLAN_DEFAULT` when the plan's value is its default's, else `causes.PLAN_PASSED`; a local module's input
        on its call, or left at the module's default), and each setting a rule reads of an environment map that reads
        one. A plan records the variables an expression references, not the expression (`!var.x` and `var.x == "a"`
        reference one variable as `var.x` does): only where the value the variable's chain ends at is the argument's own
        value is it taken as the variable alone; else, or where that value is not known, nothing. Each with the address
        of the call it is set on, if any (`origin` names it once the code beside is read)."""
        found: dict[tuple[Any, ...], tuple[str, str, str]] = {}
        for path in _CHOSEN_AT[inst.type]:
            expression, value = _at(expressions, path), _at(inst.attrs, path)
            chain = self._chain(expression, prefix) if expression is not None else None
            if chain is None:
                continue
            name, where, given, on = chain
            if _same(given, value):
                found[path] = (name, where, on)
            elif path[-1] == "variables" and isinstance(value, dict) and _scalar(given):
                # `{ AWS_USE_DUALSTACK_ENDPOINT = var.sdk, … }`: the one setting whose value is the variable's
                alike = [key for key, held in value.items() if _same(given, held)]
                if len(alike) == 1 and alike[0] in aws.ENVIRONMENT_READ:
                    found[path + (alike[0],)] = (name, where, on)
        return found

    def origin(
        self, chosen: dict[tuple[Any, ...], tuple[str, str, str]], path: tuple[Any, ...]
    ) -> tuple[str, str] | None:
        """`Instance.origin` from `origins`' answers: a call's input with the call as `call_place` names it, asked
        once the code beside the plan is read (the mapper asks as it builds)."""
        found = chosen.get(path)
        if found is None:
            return None
        name, where, on = found
        return name, (where + self.call_place(on) if on else where)

    def call_place(self, at: str) -> str:
        """How a fix names the module call at configuration address `at` (`module.net.module.fn`): as the code
        does, "module `fn` at modules/net/main.tf:12", where the code beside the plan declares it (`calls_at`);
        else as nearly as the plan's configuration tells (`plan_place`, worked out while the document is held)."""
        return self.calls_at.get(at) or self._places.get(at) or self.plan_place(at)

    def plan_place(self, at: str) -> str:
        """The module call at `at` as nearly as the plan's configuration tells where it is written: in the root
        module, or in the folder its callers' local sources give ("module `fn` in modules/net")."""
        if at in self._places:
            return self._places[at]
        self._places[at] = self._plan_place(at)
        return self._places[at]

    def _plan_place(self, at: str) -> str:
        names = re.findall(r"module\.([A-Za-z0-9_-]+)", at)
        if not names:
            return at
        node: Any = self.configuration("")
        folder = ""
        for name in names[:-1]:
            calls = node.get("module_calls") if isinstance(node, dict) else None
            call = calls.get(name) if isinstance(calls, dict) else None
            source = call.get("source") if isinstance(call, dict) else None
            if not (isinstance(source, str) and source.startswith(("./", "../"))):
                return f"module `{names[-1]}` of {at.rpartition('.module.')[0]}"
            folder = posixpath.normpath(posixpath.join(folder, source))
            node = call.get("module") if isinstance(call, dict) else None
        return f"module `{names[-1]}` in {clipped(folder, 80) if folder else 'the root module'}"

    def _chain(self, expression: Any, prefix: str, depth: int = 0) -> tuple[str, str, Any, str] | None:
        """Of an expression of the module at `prefix` that references one variable alone: that variable, where its
        value is set (`origins`), the value and the address of the call that sets it ("" for a root variable); None
        for anything else, or a value the plan does not hold (a call's input worked out from anything but a constant
        or a variable, a module not called from a local path)."""
        refs = _items(expression.get("references")) if isinstance(expression, dict) else []
        if len(refs) != 1 or not isinstance(refs[0], str) or not _VARIABLE.fullmatch(refs[0]):
            return None
        name, call = refs[0][4:], _LAST_CALL.search(prefix)
        if call is None:  # a root variable: the plan holds its value
            variables = self.doc.get("variables")
            entry = variables.get(name) if isinstance(variables, dict) else None
            if not isinstance(entry, dict) or "value" not in entry:
                return None
            declared = self.configuration("").get("variables")
            variable = declared.get(name) if isinstance(declared, dict) else None
            value = entry["value"]
            default = isinstance(variable, dict) and "default" in variable and _same(variable["default"], value)
            return name, causes.PLAN_DEFAULT if default else causes.PLAN_PASSED, value, ""
        at = _config_address(prefix).rstrip(".")
        if depth > MAX_PASSED_LEVELS or not self._local(at):  # (a registry module's code is not the user's)
            return None
        given = self.given(refs[0], prefix)
        if given is None:  # (not passed: the module's default, where it declares one)
            declared = self.configuration(at).get("variables")
            variable = declared.get(name) if isinstance(declared, dict) else None
            if not (isinstance(variable, dict) and "default" in variable):
                return None
            self.plan_place(at)  # (the words without the code: the mapper asks `origin` once the document is let go)
            return name, causes.CALL_DEFAULT, variable["default"], at
        if "constant_value" in given[0]:
            self.plan_place(at)
            return name, causes.CALL_INPUT, given[0]["constant_value"], at
        return self._chain(given[0], given[1], depth + 1)

    def _module_calls(self) -> list[tuple[dict, str]]:
        """Every module call of the configuration, with the prefix of its resources' configuration addresses
        (`module.net.module.vpc.`), at most `MAX_MODELLED_CALLS`."""
        found: list[tuple[dict, str]] = []
        pending = [("", self.configuration(""))]
        while pending and len(found) < MAX_MODELLED_CALLS:
            prefix, node = pending.pop()
            calls = node.get("module_calls") if isinstance(node, dict) else None
            for name, call in calls.items() if isinstance(calls, dict) else ():
                if isinstance(call, dict):
                    found.append((call, f"{prefix}module.{name}."))
                    pending.append((f"{prefix}module.{name}.", call.get("module")))
        return found

    def _model_into(
        self, call: dict, prefix: str, made_here: list[Instance], planned: tuple[Callable[[Any], Any], tuple[str, ...]]
    ) -> None:
        """`modelled` for one instance of the call (`module.vpc.`, `module.vpc["a"].`)."""
        from lambda6lint.loaders.terraform import models
        from lambda6lint.loaders.terraform.evaluator import Declared
        from lambda6lint.loaders.terraform.hcl import Block

        expressions = call.get("expressions")
        variables = self.doc.get("variables")
        root_call = prefix.count("module.") == 1
        budget = MODELLED_ITEMS_PER_RESOURCE * len(made_here) + MODELLED_SLACK
        inputs: dict[str, Callable[[], Any]] = {}
        for name, expression in expressions.items() if isinstance(expressions, dict) else ():
            value: Any = UNKNOWN
            if isinstance(expression, dict) and "constant_value" in expression:
                value = expression["constant_value"]
            elif isinstance(expression, dict) and root_call and isinstance(variables, dict):
                refs = _items(expression.get("references"))
                given = variables.get(refs[0][4:]) if len(refs) == 1 and str(refs[0]).startswith("var.") else None
                value = given["value"] if isinstance(given, dict) and "value" in given else UNKNOWN
            budget -= len(value) if isinstance(value, list) else 0
            inputs[str(name)] = functools.partial(lambda v: v, value)
        if budget < 0:
            return  # (lists longer than the plan's resources of the call: the model could not make them)
        name = prefix.rstrip(".").rpartition(".")[2].partition("[")[0]
        # (`count` or `for_each`, of the call or of one it is within: its inputs are the call's, for each)
        keyed = "[" in prefix
        differs: dict[str, Read] = {}
        last = _LAST_CALL.search(prefix)
        outer = prefix[: last.start()] if last else ""  # (the module whose block calls it)
        for arg, expression in expressions.items() if keyed and isinstance(expressions, dict) else ():
            word = self._instance_read(expression, outer)
            if word is not None:
                differs[str(arg)] = word
        called = _config_address(prefix).rstrip(".") if keyed else ""
        declared = Declared(Block("module", [name]), self.path)
        model, shaped = planned
        made = model(models.Call(prefix, inputs, declared, called=called, differs=differs))
        if made.reason:
            return  # (the model cannot say what the call makes: nor can it say how to change it)
        by_address = {i.address: i for i in made.instances}
        # (what the model makes of them must be what the plan has: else its words are not the plan's resources')
        if {i.address for i in made_here if i.type in shaped} != {a for a, i in by_address.items() if i.type in shaped}:
            return
        for inst in made_here:
            source = by_address.get(inst.address)
            if source is None or source.type != inst.type:
                continue
            for key, hint in source.hints.items():
                inst.hints.setdefault(key, hint)
            vpc = source.attrs.get("vpc_id") if isinstance(source.attrs, dict) else None
            if (
                isinstance(inst.attrs, dict)
                and inst.attrs.get("vpc_id") is PRESENT
                and isinstance(vpc, Link)
                and vpc.address in self.instances
                and _argument_references(self.expressions(inst), "vpc_id") == ["local.vpc_id"]
            ):
                inst.attrs["vpc_id"] = Link(vpc.address)  # (`local.vpc_id`: the module's own VPC, or its CIDR's)
            eip = source.attrs.get("allocation_id") if isinstance(source.attrs, dict) else None
            if (
                inst.type == "aws_nat_gateway"
                and isinstance(inst.attrs, dict)
                and inst.attrs.get("allocation_id") is PRESENT
                and isinstance(eip, Link)
                and getattr(self.instances.get(eip.address), "type", None) == "aws_eip"
                and "local.nat_gateway_ips" in _argument_references(self.expressions(inst), "allocation_id")
            ):
                # (`element(local.nat_gateway_ips, …)`: the module's own `aws_eip.nat[*].id` unless reuse_nat_ips
                # gives the caller's, which the model says; the plan records neither the local nor the id)
                inst.attrs["allocation_id"] = Link(eip.address)

    def root_resources(self) -> dict[str, dict]:
        """The root module's configuration resources by address (the first of one written twice), indexed once:
        what `switch` and `root_reads` read of them."""
        if self._root is None:
            self._root = {}
            for res in _items(self.configuration("").get("resources")):
                if isinstance(res, dict):
                    self._root.setdefault(str(res.get("address")), res)
        return self._root

    def root_reads(self) -> dict[str, tuple[tuple[str, str | None, bool], ...]]:
        """`Instance.reads` of the root module's resources that have one, by configuration address: the root
        variables their count or for_each references (indexed once; a plan has tens of thousands of instances)."""
        if self._meta is None:
            self._meta = {}
            for address, res in self.root_resources().items():
                if "count_expression" not in res and "for_each_expression" not in res:
                    continue  # (most resources: one instance)
                refs = [
                    r[4:].partition(".")[0]
                    for meta in ("count_expression", "for_each_expression")
                    for r in _items((res.get(meta) or {}).get("references") if isinstance(res.get(meta), dict) else [])
                    if isinstance(r, str) and r.startswith("var.")
                ]
                if refs:
                    self._meta[address] = tuple(dict.fromkeys((n, None, False) for n in refs))
        return self._meta

    def _read_by_calls(self, name: str) -> bool:
        """Whether a root module call's count, for_each or inputs reference `var.name` (what it makes reads it)."""
        calls = self.configuration("").get("module_calls")
        return any(
            name in _VARIABLE.findall(json.dumps({k: v for k, v in call.items() if k != "module"}))
            for call in (calls.values() if isinstance(calls, dict) else ())
            if isinstance(call, dict)
        )

    def switch(self, inst: Instance) -> Switch | None:
        """A root module NAT gateway's only instance, whose count reads one variable alone, a bool: a switch, where
        that count is written `var.x ? 1 : 0` (or `? 0 : 1`), which the plan's configuration does not record (its
        references only); so said, with removing it (`Switch.count` ""). Anything else, none."""
        count = self.root_resources().get(_config_address(inst.address), {}).get("count_expression")
        refs = count.get("references") if isinstance(count, dict) else None
        if not (isinstance(refs, list) and len(refs) == 1 and isinstance(refs[0], str) and refs[0][:4] == "var."):
            return None
        name = refs[0][4:]
        if self._read_by_calls(name):  # (a module the same variable turns on or off: not that switch)
            return None
        variables = self.doc.get("variables")
        entry = variables.get(name) if isinstance(variables, dict) else None
        value = entry.get("value") if isinstance(entry, dict) else None
        return Switch("", name, not value, "") if isinstance(value, bool) else None

    def named(self, inst: Instance, prefix: str, expressions: dict) -> tuple[str, ...]:
        """The instances its configuration's `expressions` reference, at most `MAX_NAMED`, found once for the
        instances of one count (a count of 6,000 records naming a count of 6,000 addresses took 3.7 GB)."""
        key = (_config_address(inst.address), prefix)
        found = self._named.get(key)
        if found is None:
            refs = _references(expressions)  # (none: nothing to resolve, as for many a tag-only resource)
            found = self._named[key] = tuple(self.resolve(refs, prefix)[:MAX_NAMED]) if refs else ()
        return found

    def environment_links(self, expressions: dict, prefix: str) -> list[Link]:
        """What a function's environment map names in its configuration's `expressions`: a plan records its
        values, which lose the references (a bucket's name), and one `references` list for the whole map."""
        blocks = expressions.get("environment")
        first = blocks[0] if isinstance(blocks, list) and blocks and isinstance(blocks[0], dict) else {}
        variables = first.get("variables")
        references = variables.get("references") if isinstance(variables, dict) else None
        return [Link(a, _attribute(a, references)) for a in self.resolve(references, prefix)]

    def output_ids(self) -> set[str]:
        """Addresses named by the root module's outputs."""
        outputs = self.configuration("").get("outputs")
        found: set[str] = set()
        for output in outputs.values() if isinstance(outputs, dict) else []:
            expression = output.get("expression") if isinstance(output, dict) else None
            if isinstance(expression, dict):
                found.update(self.resolve(expression.get("references"), "", exposing=True))
        return found

    def maybe_output_ids(self, found: set[str]) -> dict[str, tuple[Location, str]]:
        """The Elastic IPs and NAT gateways a root output may name through a local (not `found`, named surely), with
        where and why: a plan records the references of an output's expression, not what a local it reads holds
        (`locals { egress_ip = aws_eip.nat.public_ip }`), so the output may give any address (RULES.md W9650, as the
        configuration's loader says of an output whose value it cannot know)."""
        outputs = self.configuration("").get("outputs")
        maybe: dict[str, tuple[Location, str]] = {}
        for name, output in outputs.items() if isinstance(outputs, dict) else []:
            expression = output.get("expression") if isinstance(output, dict) else None
            refs = expression.get("references") if isinstance(expression, dict) else None
            local = next((r for r in _items(refs) if isinstance(r, str) and r.startswith("local.")), None)
            if local is None:
                continue
            why = (
                f"output `{name}` reads `{local}`, whose value a plan does not record "
                "(lint the configuration the plan was made from to decide it)"
            )
            for address, inst in self.instances.items():
                if inst.type in _ADDRESSED and address not in found:
                    maybe.setdefault(address, (Location(self.path), why))
        return maybe


#: The resources whose address an output may give away (`maybe_output_ids`): an Elastic IP, a NAT gateway's.
_ADDRESSED = frozenset({"aws_eip", "aws_nat_gateway"})

_NAT_ATTRIBUTE = re.compile(r"(?:^|\.)aws_nat_gateway\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.([A-Za-z0-9_]+)")


#: The arguments whose fix names the variable they read alone (`_Plan.origins`, `Instance.origin`): the mapper's
#: `dualstack_how`, `ip_how`, `env_how` and `from:NAME`, by resource type.
_CHOSEN_AT: dict[str, tuple[tuple[Any, ...], ...]] = {
    "aws_lambda_function": (("vpc_config", 0, "ipv6_allowed_for_dual_stack"), ("environment", 0, "variables")),
    "aws_apigatewayv2_api": (("ip_address_type",),),
    "aws_api_gateway_rest_api": (("endpoint_configuration", 0, "ip_address_type"),),
    "aws_api_gateway_domain_name": (("endpoint_configuration", 0, "ip_address_type"),),
    "aws_apigatewayv2_domain_name": (("domain_name_configuration", 0, "ip_address_type"),),
}


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    """What `node` holds at `path` (keys and list positions), None where it holds nothing there."""
    for step in path:
        if isinstance(node, dict) and isinstance(step, str):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            return None
    return node


def _same(given: Any, value: Any) -> bool:
    """Whether a variable's value is an argument's, as Terraform converts it (`"false"` for a bool, 8 for a
    string): the same scalar in words, or the same map of them."""
    if isinstance(given, dict) and isinstance(value, dict):
        return given.keys() == value.keys() and all(_same(given[k], value[k]) for k in given)
    return _scalar(given) and _scalar(value) and _words(given) == _words(value)


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, bool, int, float))


def _words(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _exposing(refs: list[Any]) -> list[Any]:
    """An output's references without a NAT gateway's id (`aws_nat_gateway.x.id`, and the bare
    `aws_nat_gateway.x` Terraform lists beside it): only `public_ip` exposes its address (RULES.md W9650)."""
    kept, dropped = [], []
    for ref in refs:
        match = _NAT_ATTRIBUTE.search(ref) if isinstance(ref, str) else None
        if match and match.group(1) not in mapper.NAT_ADDRESSES:
            dropped.append(ref[: match.start(1) - 1])  # the gateway itself, as written
        else:
            kept.append(ref)
    if not dropped:
        return refs
    return [
        r for r in kept if not (isinstance(r, str) and any(d == r or d.startswith((r + "[", r + ".")) for d in dropped))
    ]


_ENVIRONMENT = ("environment", 0, "variables")


#: The arguments that take a route table's, security group's or network ACL's id from a lookup.
_LOOKED_UP_IDS = frozenset({"route_table_id", "security_group_id", "network_acl_id"})
#: A lookup's address, or an attribute of it (`data.aws_route_table.private.id`), as a plan's references name it.
_LOOKUP_REF = re.compile(r"(data\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+)(?:\.[A-Za-z0-9_]+)?")


def _lookup_read(expression: Any) -> str | None:
    """The lookup data source (`data.aws_route_table.private`) an unknown argument's expression reads its value from
    alone, None where it reads anything else too (another resource, a variable, an element by index)."""
    found = set()
    for ref in _items(expression.get("references")) if isinstance(expression, dict) else []:
        read = _LOOKUP_REF.fullmatch(ref) if isinstance(ref, str) else None
        if read is None or read.group(2) not in LOOKUPS:
            return None
        found.add(read.group(1))
    return found.pop() if len(found) == 1 else None


def _chosen_among(
    choices: dict[Any, list[list[str]]],
    environment: list[Link],
    shared: dict[int, tuple[list[str], tuple[Link, ...]]],
    path: tuple[Any, ...],
) -> Sequence[Link]:
    """`Instance.links` of a plan's instance: what the argument at `path` may name, where the plan cannot say which
    (by the argument's name: `_Plan.choices`), and what a function's environment map names (by its path). An
    argument that names one list of addresses (`resolve`'s, which the instances of a block share) has its links
    made once for that list: one tuple, never changed, that `shared` keeps by the list's id."""
    if path == _ENVIRONMENT:
        return environment
    lists = choices.get(path[-1]) if path else None
    if not lists:
        return []
    if len(lists) > 1:
        return list(dict.fromkeys(Link(a) for refs in lists for a in refs))
    refs = lists[0]
    kept = shared.get(id(refs))
    if kept is None or kept[0] is not refs:
        kept = shared[id(refs)] = (refs, tuple(dict.fromkeys(Link(a) for a in refs)))
    return kept[1]


def _listed_choices(listed: dict[str, list[str]], path: tuple[Any, ...], missing: list[str] | None = None) -> Any:
    """`Instance.choices` of a plan's instance: each instance of the block an argument is one of (`_Plan.one_of`),
    by the argument's name; None for any other."""
    refs = listed.get(path[0]) if len(path) == 1 and isinstance(path[0], str) else None
    return None if refs is None else [Link(a) for a in refs]


def _listed_why(
    listed: dict[str, list[str]], why: Callable[[tuple[Any, ...]], str | None] | None, path: tuple[Any, ...]
) -> str | None:
    """An instance's `why`, saying of an argument that is one of a block's instances (`_Plan.one_of`) which they are
    and what tells which (the plan records the block, not the index: the code does), and what `why` says of others."""
    refs = listed.get(path[0]) if len(path) == 1 and isinstance(path[0], str) else None
    if refs is None:
        return None if why is None else why(path)
    named = ", ".join(refs[:3]) + (f" and {len(refs) - 3} more" if len(refs) > 3 else "")
    return (
        f"is one of {named}: the plan records the block its expression names, not which instance (lint the plan "
        "beside its code, or with --tf-dir)"
    )


def _plain_scalar(value: Any) -> bool:
    """A value that is no id of anything: a flag, a number, null."""
    return value is None or isinstance(value, (bool, int, float))


def _chained(ref: Any, previous: str) -> bool:
    """Whether `ref` is what holds the reference before it, as Terraform writes it next: `x[0]` after `x[0].id`,
    `x` after `x[0]` (not the same reference written again)."""
    return isinstance(ref, str) and previous.startswith((ref + ".", ref + "["))


def _constant(expression: Any) -> bool:
    """Whether a configuration expression is a constant (`{"constant_value": …}`): its members name nothing, and
    none of a map's keys finds an expression in it (but one named `constant_value`)."""
    return type(expression) is dict and len(expression) == 1 and "constant_value" in expression


#: Containers of the plan's values (what a merge without unknowns or references keeps as it is): plain
#: as read, marked when the YAML path read the plan, with offsets when a member is read again.
_MAPPINGS = frozenset({dict, LDict, OffsetDict, FilledDict})
_TREES = frozenset({*_MAPPINGS, list, LList, OffsetList, FilledList})


#: The resource types an inline route's target argument holds the id of.
_TARGET_TYPES = {
    "nat_gateway_id": ("aws_nat_gateway",),
    "egress_only_gateway_id": ("aws_egress_only_internet_gateway",),
    "gateway_id": ("aws_internet_gateway", "aws_vpn_gateway"),
    "transit_gateway_id": ("aws_ec2_transit_gateway",),
    "vpc_peering_connection_id": ("aws_vpc_peering_connection",),
    "vpc_endpoint_id": ("aws_vpc_endpoint",),
    "network_interface_id": ("aws_network_interface",),
    "prefix_list_ids": ("aws_ec2_managed_prefix_list", "aws_vpc_endpoint"),  # (an inline egress rule's)
}


def _targets(unknown: dict, references: Any, shared: frozenset[str] = frozenset()) -> dict[str, Any] | None:
    """For an element of a list whose expression Terraform records whole (an `aws_route_table`'s `route`
    attribute: one `references` list for all its routes), each unknown target argument with the
    references of its resource type: a route to `aws_nat_gateway.nat[0].id` is a route to that NAT. `shared`: the
    arguments more than one element of the list has as unknown."""
    if not isinstance(references, list):
        return None
    found: dict[str, Any] = {}
    # the index an instance takes its target by (`positional`), unless the block reads what may be that index too
    # (the references are the whole block's: `nat_gateway_id = aws_nat_gateway.this[var.i].id` is not a position)
    loose = any(isinstance(r, str) and r.startswith(("var.", "local.", "each.value")) for r in references)
    chooser = [] if loose else [r for r in references if r in ("count.index", "each.key")]
    # a local's value, or `each.value`'s, is not in the plan: where more than one element has a target unknown, one
    # of them may be written through one and name a resource the block names nowhere else (`nat_gateway_id =
    # local.nat64` beside `nat_gateway_id = aws_nat_gateway.other.id`), so the typed references, the other route's,
    # do not tell which: any of its kind (none named: `_Plan._unknown`'s PRESENT). One element's are its own
    hidden = any(isinstance(r, str) and r.startswith(("local.", "each.value")) for r in references)
    for key, flag in unknown.items():
        types = _TARGET_TYPES.get(key) if flag is True else None
        if key == "prefix_list_ids" and any(
            isinstance(r, str) and r.startswith(("data.aws_ec2_managed_prefix_list.", "data.aws_prefix_list."))
            for r in references
        ):
            continue  # (a list a data source reads may be IPv6: not only the typed resources named; the references
            # are the whole block's, so a variable or a local there may be any of its arguments)
        if types:
            typed = [r for r in references if isinstance(r, str) and _config_address(r).split(".")[0] in types]
            found[key] = {"references": [] if hidden and key in shared else typed + chooser}
    return found or None


def _shared(unknown: list) -> frozenset[str]:
    """The arguments that more than one element of a list's `after_unknown` has as unknown (`_targets`)."""
    seen: set[str] = set()
    shared: set[str] = set()
    for element in unknown:
        for key, flag in element.items() if isinstance(element, dict) else ():
            if flag is True:
                (shared if key in seen else seen).add(key)
    return frozenset(shared)


#: An `aws_route`'s target arguments: it has one, which its configuration writes.
ROUTE_TARGETS = tuple(mapper.TARGETS)


def _one_target(attrs: dict, expressions: dict) -> None:
    """An `aws_route`'s targets its configuration does not write, where it writes one: absent. Older AWS providers
    computed them all (a new route's plan has each as known only after apply: checkov's test plan of Terraform 0.12
    in the corpus), so the route to `aws_nat_gateway.this.id` had a `gateway_id` too and its target could not be
    known; read back, they are "". Today's compute `network_interface_id` and `instance_id` (an instance's, beside
    the `instance_id` or `network_interface_id` written): read first, they hid a `carrier_gateway_id` or a
    `core_network_arn` the configuration writes."""
    if any(expressions.get(name) is not None for name in ROUTE_TARGETS):
        for name in ROUTE_TARGETS:
            if attrs.get(name) is PRESENT and expressions.get(name) is None:
                attrs[name] = None


#: Network ACLs, the lists of their inline rules, and what is asked of the VPC's own block (`_Plan.own_blocks`): an
#: ACL rule's `ipv6_cidr_block` and an `aws_vpc_security_group_egress_rule`'s `cidr_ipv6`, each one CIDR. (Not
#: `ipv6_cidr_blocks`: a plan has a list of `[aws_vpc.main.ipv6_cidr_block, "::/0"]` as unknown whole, with the same
#: references as `[aws_vpc.main.ipv6_cidr_block]`: what else it holds is not in the plan.)
_ACLS = frozenset({"aws_network_acl", "aws_default_network_acl"})
_ACL_RULE_LISTS = ("egress", "ingress")
_OWN_ARGUMENTS = ("ipv6_cidr_block", "cidr_ipv6")
_OWN_BLOCK_RULES = frozenset({*_ACLS, "aws_network_acl_rule", "aws_vpc_security_group_egress_rule"})
#: The arguments of a route or rule that hold addresses (CIDRs), by resource type: one a plan has as unknown, with
#: references to one resource, is addresses known only after apply (`aws_vpc.peer.ipv6_cidr_block`), not a link to
#: that resource as an id would be (`_Plan._unknown`), whose cause --explain would give ("refers to `aws_vpc.peer`,
#: whose instances cannot be known").
_RANGES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(_ACLS, _OWN_ARGUMENTS),
    "aws_network_acl_rule": ("cidr_block", "ipv6_cidr_block"),
    "aws_route": ("destination_cidr_block", "destination_ipv6_cidr_block"),
    "aws_security_group_rule": ("cidr_blocks", "ipv6_cidr_blocks"),
    "aws_vpc_security_group_egress_rule": ("cidr_ipv4", "cidr_ipv6"),
    "aws_vpc_security_group_ingress_rule": ("cidr_ipv4", "cidr_ipv6"),
}
#: A reference to the IPv6 block of a VPC, an extra block of it or a subnet, by a literal key if any (group 1: the
#: resource, no key): `aws_vpc.main.ipv6_cidr_block`, `aws_subnet.private[0].ipv6_cidr_block`.
_OWN_REFERENCE = re.compile(
    rf"((?:{'|'.join(sorted(causes.OWN_BLOCKS))})\.[A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.ipv6_cidr_block"
)
#: References that say which instance a block is, each known in a plan: not a value an address may come from.
_OWN_POSITIONS = frozenset({"count.index", "each.key"})


def _own_in_references(refs: Any) -> str | None:
    """The VPC (subnet, extra block) whose `ipv6_cidr_block` is all the references read, each the block of one
    resource (at any literal key) and what Terraform lists beside it (`aws_vpc.main`, after
    `aws_vpc.main.ipv6_cidr_block`), `count.index` or `each.key`; None where they read anything else (a variable,
    a local, `each.value`, another resource, the resource whole, another attribute, a second VPC).

    A plan's value of the argument is unknown, so it is worked out from what is unknown in the plan; these read
    nothing unknown but that block, and an index or key the plan knows (a condition on them is decided in the plan:
    its value would be known). So the value is the block, a `cidrsubnet` of it, or what a function of the block alone
    gives: the references cannot tell `cidrsubnet(x, 8, 1)` from `x != "" ? "::/0" : x`, which only a condition on
    the VPC's own block being empty writes (as the HCL reads it, `causes.own_block`, such a rule is unknown)."""
    if not isinstance(refs, list) or not refs:
        return None
    found: set[str] = set()
    previous = ""
    for ref in refs:
        if not isinstance(ref, str):
            return None
        chained, previous = _chained(ref, previous), ref
        if chained or ref in _OWN_POSITIONS:
            continue
        match = _OWN_REFERENCE.fullmatch(ref)
        if match is None:
            return None
        found.add(match.group(1))
    return found.pop() if len(found) == 1 else None


def _owned(answers: dict[str, str], path: tuple[Any, ...]) -> str | None:
    """`Instance.own` of a plan's instance from `_Plan.own_blocks`' answers: an inline ACL rule's (`egress`, its
    index, `ipv6_cidr_block`: the references are the whole list's) or a rule resource's argument."""
    if len(path) == 1 and path[0] in _OWN_ARGUMENTS:
        return answers.get(path[0])
    if len(path) == 3 and path[0] in _ACL_RULE_LISTS and isinstance(path[1], int) and path[2] == "ipv6_cidr_block":
        return answers.get(path[0])
    return None


def _unconfigured(name: str) -> Any:
    """An argument unknown until apply that the configuration does not set: the provider computes it."""
    if name in BLOCK_LISTS or name in ATTACHED_ELSEWHERE:
        return []  # inline rules/routes, attached policies: computed from the other resources
    if name in PROVIDER_DEFAULTED:
        return None
    return [PRESENT] if name in LIST_ARGS else PRESENT


def _attribute(address: str, references: Any) -> str:
    """The attribute a map's references read of `address`: a stream's ARN only when no other is read (a
    DynamoDB stream is polled by the Lambda service, not called by the code: no evidence of DynamoDB)."""
    key = ".".join(INSTANCE_KEY.sub("", address).split(".")[-2:])
    read = {  # (the bare `aws_dynamodb_table.t` Terraform lists beside `aws_dynamodb_table.t.stream_arn` reads none)
        m.group(3) for r in _items(references) if isinstance(r, str) and (m := _REF.match(r)) and m.group(1) == key
    } - {None}
    if len(read) == 1 and read <= _PARTS_READ:
        return next(iter(read))  # (`aws_vpc.main.default_security_group_id`: the VPC's default group)
    return "stream_arn" if read and read <= aws.STREAM_ATTRIBUTES else "id"


#: Attributes that name a part of their resource the mapper reads (`mapper.Mapper.ref`): a VPC's default group,
#: ACL and main table, an IPAM's private or public scope.
_PARTS_READ = frozenset(
    {
        "default_security_group_id",
        "default_network_acl_id",
        "default_route_table_id",
        "main_route_table_id",
        "private_default_scope_id",
        "public_default_scope_id",
    }
)


def _key(index: Any, address: str) -> int | str | None:
    """A plan resource's `index`: a count's number or a for_each's key (read from its address where the plan
    leaves it out); None for a single instance."""
    if isinstance(index, str) or (isinstance(index, int) and not isinstance(index, bool)):
        return index
    if not address.endswith("]"):
        return None
    quoted = address.rfind('["')  # (a key's own quotes are escaped: its opening is the last `["`)
    written = address[quoted + 1 : -1] if quoted >= 0 else address[address.rfind("[") + 1 : -1]
    try:
        found = json.loads(written)
    except ValueError:
        return None
    return found if isinstance(found, str) or (isinstance(found, int) and not isinstance(found, bool)) else None


def _why(values: Any) -> Callable[[tuple[Any, ...]], str]:
    """Why an argument of a plan's resource cannot be known, for --explain: what its value says (a literal id
    of a resource not in the run), else that only apply knows it. (A partial, not a closure: one per resource.)"""
    return functools.partial(_why_at, values)


def _why_at(values: Any, path: tuple[Any, ...]) -> str:
    value = values
    for part in path:
        inside = isinstance(value, dict) or (isinstance(value, list) and isinstance(part, int))
        value = value[part] if inside and (part in value if isinstance(value, dict) else part < len(value)) else None
    if isinstance(value, str) and value:  # (a plan's value that is known: what it is says why it decides nothing)
        from lambda6lint.loaders.terraform.causes import literal_or_link  # (python-hcl2: only when asked)

        return literal_or_link(value) or _AFTER_APPLY
    return _AFTER_APPLY


_AFTER_APPLY = "is known only after apply (the plan has it as unknown)"


def _past_levels(why: Callable[[tuple[Any, ...]], str | None] | None, names: frozenset[Any]) -> Callable:
    """An instance's `why`, saying `PAST_LEVELS` of an argument `names` holds (a part of it too: a list's item) and
    what `why` says of the others."""

    def past(path: tuple[Any, ...]) -> str | None:
        last = next((part for part in reversed(path) if isinstance(part, str)), None)
        if last in names:
            return PAST_LEVELS
        return None if why is None else why(path)

    return past


def _within_levels(prefix: str) -> bool:
    """Whether the module at `prefix` is at most `MAX_PASSED_LEVELS` modules down, as the code's are read
    (modules.MAX_MODULE_DEPTH: a module 16 calls down is read, one 17 down is an E9600)."""
    return prefix.count("module.") <= MAX_PASSED_LEVELS


def _references(expressions: Any) -> list[Any]:
    """Every reference in a resource's configuration expressions, nested blocks' too, however deep (in the order
    written): a reference left out is a resource it seems to name none of, and what relies on that (a record of an
    Elastic IP's address, a host in a subnet) would be missed. One pass over the parts, each once (a plan's nesting
    is bounded as it is read: `marked.MAX_DEPTH`), with a stack of its own, not Python's."""
    found: list[Any] = []
    if not isinstance(expressions, dict):
        return found
    for expression in expressions.values():  # (most arguments: a flat expression, read without an iterator each)
        if isinstance(expression, dict):
            found += _items(expression.get("references"))
        elif isinstance(expression, list):
            found += _nested_references(expression)
    return found


def _nested_references(blocks: list) -> list[Any]:
    """`_references` of a nested block's list."""
    found: list[Any] = []
    pending = [itertools.chain.from_iterable(b.values() for b in blocks if isinstance(b, dict))]
    while pending:
        expression = next(pending[-1], _END)
        if expression is _END:
            pending.pop()
        elif isinstance(expression, list):
            pending.append(itertools.chain.from_iterable(b.values() for b in expression if isinstance(b, dict)))
        elif isinstance(expression, dict):
            found += _items(expression.get("references"))
    return found


_END = object()


_IPV4 = re.compile(r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}")


def _known_ids(values: Any, known_id: Any, kind: str) -> tuple[str, ...]:
    """What names the resource in other resources' known values: its id, and an Elastic IP's address (a DNS
    record or an allow-list holds it, not a reference, once the address exists)."""
    ids = [known_id] if isinstance(known_id, str) and known_id else []
    address = values.get("public_ip") if kind == "aws_eip" and isinstance(values, dict) else None
    if isinstance(address, str) and _IPV4.fullmatch(address):
        ids.append(address)
    return tuple(ids)


def _items(value: Any) -> list:
    """A list member of the plan; anything else (absent, or of the wrong type) holds nothing."""
    return value if isinstance(value, list) else []


def _argument_references(expressions: dict, name: str) -> list:
    """What the configuration expression of argument `name` references; nothing when the plan writes it as
    anything but the object Terraform writes (a crafted plan may write a list)."""
    expression = expressions.get(name)
    return _items(expression.get("references")) if isinstance(expression, dict) else []


#: The last module call of a module's prefix (`module.net["a"].module.vpc.`: `module.vpc.`), its name in group 1.
#: A reference to a variable of the module (`var.subnets`), its name the group.
_VARIABLE = re.compile(r"var\.([A-Za-z0-9_-]+)")
_LAST_CALL = re.compile(r"module\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.$")


def _config_address(address: str) -> str:
    """An instance address without instance keys: `module.a[0].aws_subnet.b[1]` -> `module.a.aws_subnet.b`."""
    return INSTANCE_KEY.sub("", address) if "[" in address else address


#: What the code tells of how a resource is changed, which a plan's configuration cannot (`modules._vpc_ipv6_where`):
#: `hcl_locations` gives the plan's resources these hints of their code's, and all those of what a built-in module
#: model made (`_Plan.modelled` gets them from the plan alone where its recorded inputs suffice) but an `import`
#: block's, which the plan's own values already account for.
_WORDS_FROM_CODE = frozenset({"vpc_ipv6", "step:vpc-ipv6", "ipv6_cidr", "step:subnet-ipv6", "ipv6_cidr_new"})


def _plan_origins(variables: Any, doc: Any) -> dict[str, str]:
    """Where each root variable the plan holds a value of was set, as `_Plan._chain` marks it: `causes.PLAN_DEFAULT`
    where the value is the default's, else `causes.PLAN_PASSED`; not a var file beside the code, which the plan's
    maker may not have read (-var, TF_VAR_ or another -var-file may have given it)."""
    root = doc.get("configuration", {}).get("root_module", {}) if isinstance(doc, dict) else {}
    declared = root.get("variables") if isinstance(root, dict) else None
    declared = declared if isinstance(declared, dict) else {}
    origins: dict[str, str] = {}
    for name, entry in variables.items() if isinstance(variables, dict) else []:
        if isinstance(entry, dict) and "value" in entry:
            variable = declared.get(name)
            default = (
                isinstance(variable, dict) and "default" in variable and _same(variable["default"], entry["value"])
            )
            origins[name] = causes.PLAN_DEFAULT if default else causes.PLAN_PASSED
    return origins


def hcl_locations(
    folder: str,
    options: Any,
    instances: list[Instance],
    variables: Any = None,
    tree: str = "",
    warnings: list[str] | None = None,
    doc: Any = None,
    included: list[str] | None = None,
    calls: dict[str, str] | None = None,
    providers: dict[tuple[str, str, Any], str] | None = None,
) -> list[str]:
    """Point instances at their HCL blocks when the module's `.tf` files are available; the plan's
    own variable values decide the counts, so addresses match. Where the code declares other resources than
    the plan has, it changed since the plan was made: a warning in `warnings`. `calls`: filled with how the code
    names each module call it declares, by configuration address (`_Plan.calls_at`); `providers`: where it writes
    each AWS provider block with default_tags (file:line), by (module's configuration address, local name, alias)."""
    from lambda6lint.loaders.terraform import modules

    run = modules.Run(folder, options, tree)
    inputs = modules.root_inputs(folder, options, [], tree)
    for name, entry in variables.items() if isinstance(variables, dict) else []:
        if isinstance(entry, dict) and "value" in entry:
            inputs[name] = modules.constant(entry["value"])
    root = run.root_module(folder, inputs)
    if not run.files:
        return []
    root.origins = _plan_origins(variables, doc)  # (the plan's values, wherever they came from: a fix says so)
    by_address: dict[str, Instance] = {}
    for inst in run.instances(root):
        by_address[inst.address] = inst
        by_address.setdefault(_config_address(inst.address), inst)
    planned = {inst.address for inst in instances}
    if warnings is not None and isinstance(doc, dict):
        _stale(doc, run, root, warnings, folder)
    budget = [_PLAN_PAIRS]
    unplaced: list[Instance] = []
    for inst in instances:
        source = by_address.get(inst.address) or by_address.get(_config_address(inst.address))
        if source is None:
            unplaced.append(inst)
            continue
        inst.location, inst.marks, inst.suppress = source.location, source.marks, source.suppress
        if source.address == inst.address:
            for key in [
                k
                for k in source.hints
                if ("module" in source.hints and not k.startswith("imported")) or k in _WORDS_FROM_CODE
            ]:
                inst.hints[key] = source.hints[key]  # (how the code changes it: a module's input, a tfvars file, at
                # their lines; the plan's own words, `_Plan.modelled` and `flags_set_by_callers`, know less)
        if source.address == inst.address and (source.switch is not None or inst.switch is not None):
            inst.switch = source.switch  # (the code tells how its count is written, and the plan's values decide it)
        if source.address == inst.address and source.reads:
            inst.reads = source.reads  # (a local, a module call's count: what the plan's references do not tell)
        for mark in [h for h in inst.hints if h.startswith(mapper.UNWRITTEN)]:
            if isinstance(source.attrs, dict) and source.attrs.get(mark.removeprefix(mapper.UNWRITTEN)) is not None:
                del inst.hints[mark]  # (written after all: a `dynamic` block the plan's configuration leaves out)
        if source.address == inst.address and isinstance(inst.attrs, dict) and isinstance(source.attrs, dict):
            _links_from_hcl(inst.attrs, source.attrs, planned, budget)
            if inst.type in _AS_WRITTEN:  # (the code's `causes.own_block`, not the plan's references: it reads more)
                inst.own = functools.partial(_own_as_written, source, inst.attrs, {})
            # what the code names, through a `local` too, which a plan's configuration does not record
            named = [a for a in mapper.addresses(source.attrs) if a in planned and a not in inst.named]
            inst.named = (*inst.named, *sorted(named)[: max(MAX_NAMED - len(inst.named), 0)])
    if included is not None:
        included.extend(run.read_files)  # (what its file() and templatefile() read: engine._passed_over)
    if calls is not None:
        _call_places(run, root, calls)
    _at_their_calls(run, root, [inst for inst in unplaced if "module" in inst.hints])
    if providers is not None:
        for module, prefix in _modules_of(run, root):
            for (name, alias), at in run.tagging_providers(module).items():
                providers[(prefix.rstrip("."), name, alias)] = at
    return list(run.files)


def _at_their_calls(run: Any, root: Any, modelled: list[Instance]) -> None:
    """Point what a built-in module model placed from the plan alone (`_Plan.modelled`: its fixes are the call's
    inputs, `enable_nat_gateway = false on module.vpc`), which the code beside does not make (edited since the plan),
    at the call in that code: the line a fix touches (RULES "Location"), and the file the code's own findings of it
    are at, so a baseline of either matches. Else they keep the plan's line."""
    from lambda6lint.loaders.terraform import modules

    if not modelled:
        return
    declared = {}
    for module, prefix in _modules_of(run, root):
        declared.update({f"{prefix}module.{name}": call for name, call in module.calls.items()})
    for inst in modelled:
        call = declared.get(_config_address(inst.address[: -len(local_address(inst.address))]).rstrip("."))
        if call is not None:
            inst.location, inst.marks = Location(call.path, call.block.line, call.block.column), {}
            inst.suppress = modules.suppressions(run.lines.get(call.path, []), call.block)


def _call_places(run: Any, root: Any, calls: dict[str, str]) -> None:
    """How the code names each module call of its tree ("module `fn` at main.tf:41", `causes.call_place`), by
    configuration address (`module.net.module.fn`)."""
    for module, prefix in _modules_of(run, root):
        for name, declared in module.calls.items():
            calls.setdefault(f"{prefix}module.{name}", causes.call_place(declared, module))


def _modules_of(run: Any, root: Any) -> Iterator[tuple[Any, str]]:
    """The modules the code beside a plan makes, from its root down its calls, each once with its configuration
    address prefix (`module.net.`); at most `_PLAN_PAIRS` of them."""
    from lambda6lint.loaders.terraform.evaluator import ModuleRef

    pending, seen = [root], set[int]()
    while pending and len(seen) < _PLAN_PAIRS:
        module = pending.pop()
        if id(module) in seen:
            continue
        seen.add(id(module))
        yield module, _config_address(module.prefix)
        for name in module.calls:
            value = run.module_value(module, name)
            values = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else [value]
            pending += [ref.module for ref in values if isinstance(ref, ModuleRef)]


def _stale(doc: dict, run: Any, root: Any, warnings: list[str], folder: str) -> None:
    """Warn when the `.tf` files declare other resources than the configuration the plan was made from (its
    `configuration`): edited since, or another branch's code, which findings judge while pointing at this code.
    Declared, not planned, resources: a `-target` plan and a count of 0 leave out what is still declared."""
    written: set[str] = set()
    read: set[str] = set()  # the modules whose code was read (a registry module not installed, or modelled, is not)
    for module, prefix in _modules_of(run, root):
        read.add(prefix)
        written.update(prefix + key for key in module.resources)
    configuration = doc.get("configuration")
    planned: set[str] = set()
    modules = [("", configuration.get("root_module") if isinstance(configuration, dict) else None)]
    while modules and len(planned) < _PLAN_PAIRS:
        prefix, node = modules.pop()
        if not isinstance(node, dict) or prefix not in read:
            continue
        for res in _items(node.get("resources")):
            if (
                isinstance(res, dict)
                and res.get("mode", "managed") == "managed"
                and isinstance(res.get("address"), str)
            ):
                planned.add(prefix + res["address"])
        calls = node.get("module_calls")
        for name, call in calls.items() if isinstance(calls, dict) else ():
            modules.append((f"{prefix}module.{name}.", call.get("module") if isinstance(call, dict) else None))
    if not planned:
        return
    only_code, only_plan = sorted(written - planned), sorted(planned - written)
    if not (only_code or only_plan):
        return
    sides = [
        f"{label}: {', '.join(clipped(a) for a in found[:3])}{' …' if len(found) > 3 else ''}"
        for label, found in (("only in the code", only_code), ("only in the plan", only_plan))
        if found
    ]
    warnings.append(
        f"the .tf files in {os.path.join(folder, '')} declare other resources than this plan ({'; '.join(sides)}): "
        "it was made from other code, which the findings judge while pointing at this code; make the plan again "
        "(terraform plan -out, then terraform show -json)"
    )


#: What the code beside a plan tells of the VPC's own block (`_own_as_written`): the ACLs and their rules, and the
#: security groups and their egress rules.
_AS_WRITTEN = frozenset({*_OWN_BLOCK_RULES, "aws_security_group", "aws_security_group_rule"})


def _own_as_written(source: Instance, attrs: Any, found: dict[tuple, Any], path: tuple[Any, ...]) -> str | None:
    """`Instance.own` of a plan's instance whose code is beside the plan: the code's answer (`causes.own_block`) for
    the argument at `path`, where an inline rule (`egress`, its index in the plan) is the block of the code whose
    plain values it has (`_same_block`: a set's blocks are in another order in the plan), if only one (none past
    `_MAX_PAIRS` pairs: unknown); `found` keeps which, by the plan's index, and the code's blocks' `_plains`."""
    if len(path) > 1 and path[0] in BLOCK_LISTS and isinstance(path[1], int):
        blocks, written = attrs.get(path[0]), source.attrs.get(path[0]) if isinstance(source.attrs, dict) else None
        if not (isinstance(blocks, list) and isinstance(written, list) and 0 <= path[1] < len(blocks)):
            return None
        if len(blocks) * len(written) > _MAX_PAIRS:
            return None
        key = (path[0], path[1])
        if key not in found:
            sides = found.setdefault((path[0],), [_plains(w) if isinstance(w, dict) else None for w in written])
            block = blocks[path[1]]
            plains = _plains(block) if isinstance(block, dict) else None
            same = [i for i, w in enumerate(sides) if plains is not None and w is not None and _same_block(plains, w)]
            found[key] = same[0] if len(same) == 1 else None
        if found[key] is None:
            return None
        path = (path[0], found[key], *path[2:])
    return source.own_block(*path)


def _same_block(plan: dict[Any, tuple[bool, str | None]], hcl: dict[Any, tuple[bool, str | None]]) -> bool:
    """Whether a nested block of the plan is this block of the code, by their `_plains`: every plain value
    both know agrees (`cidr_block = "0.0.0.0/0"`); what one of them has as unknown or a reference says nothing."""
    for key in plan.keys() & hcl.keys():
        (plan_empty, plan_plain), (hcl_empty, hcl_plain) = plan[key], hcl[key]
        if plan_empty and not hcl_empty:
            return False  # (absent in the plan, written in this block: another block)
        if plan_plain is not None and hcl_plain is not None and plan_plain != hcl_plain:
            return False
    return True


def _plains(block: dict) -> dict[Any, tuple[bool, str | None]]:
    """Each argument of a block: whether it is empty, and its `_plain` text (once per block, not per pair)."""
    return {key: (value in ("", None), _plain(value)) for key, value in block.items()}


def _plain(value: Any) -> str | None:
    """A plain value as Terraform converts it (`"false"` is false, `"443"` is 443), as text; None otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        try:
            return format(value, "g") if value == value else None
        except OverflowError:  # (an integer past a float's range: as Terraform's own, exact)
            return str(value)
    if isinstance(value, str) and value:
        try:
            return format(float(value), "g") if value.strip().lstrip("+-").replace(".", "", 1).isdigit() else value
        except ValueError:
            return value
    return None


def _computed(value: Any) -> bool:
    """A value the plan has as unknown: unknown, or only the references its configuration records there."""
    if value is PRESENT or value is UNKNOWN or isinstance(value, Link):
        return True
    return isinstance(value, list) and bool(value) and all(isinstance(v, Link) for v in value)


def _undecided(value: Any) -> bool:
    """A lookup's argument as its configuration writes it that `_looked_up_by` left unknown (`_any_part`: a part of
    it; a resource a reference names is decided: the link says more than the id the plan may know)."""
    return value is UNKNOWN or value is PRESENT


def _has_unknown(value: Any, depth: int = 0) -> bool:
    """Whether a plan's value holds a part that cannot be known (what the HCL may name)."""
    if value is PRESENT or value is UNKNOWN or isinstance(value, Link):
        return True
    if depth > 6:
        return False
    if isinstance(value, dict):
        return any(_has_unknown(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(_has_unknown(v, depth + 1) for v in value)
    return False


#: How many (plan block, HCL block) pairs `_links_from_hcl` compares for one list of blocks, and for a whole
#: plan (60 counted groups of 100 blocks each: 600,000 pairs, a minute).
_MAX_PAIRS = 10_000
_PLAN_PAIRS = 100_000


def _links_from_hcl(attrs: dict, hcl: dict, planned: set[str], budget: list[int], depth: int = 0) -> None:
    """Arguments the plan has as set but unknown (a reference through a `local` or a module's `each.value`,
    which plans do not record: terraform-aws-vpc's `vpc_id = local.vpc_id`) take the resources the module's
    HCL names there, where the plan holds them: which resource a reference names is written in the code,
    whatever its value. Nested blocks (`vpc_config`) too. A map the plan has as unknown (one value in it is
    computed: `environment { variables = { BUCKET = aws_s3_bucket.x.id, NODE_OPTIONS = "…" } }`) takes the
    code's, evaluated with the plan's variables: its literal values are what Terraform sets."""
    for name, value in attrs.items():
        written = hcl.get(name)
        if (
            depth < 4
            and isinstance(value, list)
            and isinstance(written, list)
            and all(isinstance(v, dict) for v in value)
            and all(isinstance(w, dict) for w in written)
        ):
            unknown = [block for block in value if _has_unknown(block)]  # (only those can take anything)
            pairs = len(unknown) * len(written)
            if not unknown or pairs > min(_MAX_PAIRS, budget[0]):
                continue  # (past the plan's budget: what the HCL would name stays unknown)
            budget[0] -= pairs
            sides = [(w, _plains(w)) for w in written]
            for block in unknown:  # (blocks of a set, as `route`, are in another order in the plan than in the code)
                plains = _plains(block)
                same = [w for w, w_plains in sides if _same_block(plains, w_plains)]
                if len(same) == 1:
                    _links_from_hcl(block, same[0], planned, budget, depth + 1)
        elif (value is PRESENT or value is UNKNOWN) and isinstance(written, Link) and written.address in planned:
            attrs[name] = written
        elif value is None and written is UNKNOWN and name in PROVIDER_DEFAULTED:
            # read as AWS's default where the plan has it as unknown and its configuration records nothing, which is
            # also how it plans a `dynamic` block of an unknown `for_each` (a REST API's endpoint_configuration): the
            # code writes it, so it is unknown, not the default
            attrs[name] = UNKNOWN
        elif (
            name == "ipv6_cidr_blocks"
            and (value is PRESENT or value is UNKNOWN)
            and isinstance(written, list)
            and all(isinstance(w, str) or w is PRESENT or w is UNKNOWN for w in written)
        ):
            # a list a plan has as unknown whole where one item is (`[aws_vpc.main.ipv6_cidr_block, "::/0"]`): the
            # code's, evaluated with the plan's variables: its literal items are what Terraform sets
            attrs[name] = [w if isinstance(w, str) else PRESENT for w in written]
        elif isinstance(written, dict) and written and _computed(value):
            attrs[name] = dict(
                written
            )  # a map with one computed value is unknown whole in a plan; its code knows the rest
        elif (
            name in LIST_ARGS
            and isinstance(value, list)
            and value
            and all(isinstance(v, Link) for v in value)
            and isinstance(written, list)
            and any(not isinstance(w, Link) for w in written)
            and all(w.address in planned for w in written if isinstance(w, Link))
            and {v.address for v in value} <= {w.address for w in written if isinstance(w, Link)}
        ):
            # a list a plan has as unknown whole is what its references name (`_Plan._unknown`), and the code may write
            # more there, which a plan does not record: `[aws_security_group.fn.id, "sg-0123…"]` has the references of
            # `[aws_security_group.fn.id]`. The code's list, evaluated with the plan's variables: a literal id is one
            # Terraform sets, an unknown item is unknown
            attrs[name] = [w if isinstance(w, (Link, str)) else UNKNOWN for w in written]
        elif (
            (
                value is UNKNOWN
                or (isinstance(value, list) and value and all(v is PRESENT or v is UNKNOWN for v in value))
            )
            and isinstance(written, list)
            and written
            and all(isinstance(w, Link) and w.address in planned for w in written)
        ):
            attrs[name] = list(written)


#: What a state named on the command line is told (`terraform show -json` of a state: `values`, no `planned_values`).
#: It is not linted as its plan would be: a state lacks what the plan's resources are read with (`configuration`'s
#: expressions, `resource_changes`, the lookups read at apply), and holds what is deployed, not what the code will make.
STATE_SAID = (
    "not a Terraform plan but a state (`terraform show -json` without a plan file: `values`, no `planned_values`): "
    "save a plan with `terraform plan -out=tfplan`, then lint the output of `terraform show -json tfplan`, or lint "
    "the configuration (.tf) instead"
)


def _shown_by_terraform(doc: Any) -> bool:
    """Whether a JSON document is `terraform show -json` output (a plan's, a state's): its top level holds
    `format_version` and `terraform_version`, and no template's keys."""
    return (
        isinstance(doc, dict)
        and "format_version" in doc
        and "terraform_version" in doc
        and not any(key.decode() in doc for key in TEMPLATE_KEYS)
    )


def load_plan(source: Any, options: Any, started: Any = None) -> Loaded:
    """`started`: the file, opened and its first bytes read (`marked.Started`: registry.json_file)."""
    path = source.path
    beside = os.path.dirname(path) or "."
    if not source.explicit and holds_module(beside):
        return Loaded()  # found by walking a folder whose module is linted itself: not twice
    fastexit.keep(None, "plan")  # the last plan held goes before this one is read (unless still checked)
    text = read_source(path, MAX_PLAN_BYTES, what="plans", utf16_ok=True, started=started)
    if is_ui_log(text):
        if source.explicit and not getattr(options, "only_templates", False):
            raise InputError(
                "not a Terraform plan but the log `terraform plan -json` writes (one message per line): save the "
                "plan with `terraform plan -out=tfplan`, then lint the output of `terraform show -json tfplan`, "
                "or lint the configuration (.tf) instead"
            )
        return Loaded()  # a log kept beside the code, found by a walk: nothing to lint in it
    doc = load_text(text, MAX_PLAN_NODES, _POINTED_AT)
    if not isinstance(doc, dict) or "planned_values" not in doc:
        if not _shown_by_terraform(doc):
            raise NotAPlan(text)  # (a template whose first bytes hold a plan's words: the template loader reads it)
        if source.explicit and not getattr(options, "only_templates", False):
            raise InputError(
                STATE_SAID if isinstance(doc.get("values"), dict) else "not a Terraform plan: no planned_values"
            )
        return Loaded()  # a state file (`terraform show -json` without a plan), found or sniffed
    walks = getattr(source, "walks", ())
    if not source.explicit and walks and _planned_module_above(doc, beside, walks, getattr(source, "tree", "")):
        return Loaded()  # (a plan kept in a folder under its module, `plans/plan.json`: the module is linted)
    if doc.get("errored") is True:  # (Terraform writes the plan file of a failed plan too: what failed is missing)
        raise InputError(
            'an incomplete Terraform plan: `terraform plan` failed ("errored": true), so resources after the '
            "error are missing; fix what it reported and plan again, or lint the configuration (.tf) instead"
        )
    plan = _Plan(path, doc, text)
    fastexit.keep(plan, "plan")  # its tree: millions of objects a command-line run need not free
    planned = doc.get("planned_values")
    plan.collect(planned.get("root_module") if isinstance(planned, dict) else None)
    instances = plan.build()
    plan.modelled(instances)
    plan.flags_set_by_callers(instances)  # (the code beside the plan, if any, says it after: `hcl_locations`)
    instances += plan.lookups()
    for inst in instances:
        if inst.mode == "managed" and (versions := plan.aws_versions(inst.address)) is not None:
            inst.hints[AWS_VERSIONS] = versions  # (a fix suggesting an argument it predates says so: provider.py)
    in_outputs = plan.output_ids()
    template = Template(
        path=path,
        format="terraform-plan",
        in_outputs=in_outputs,
        maybe_in_outputs=plan.maybe_output_ids(in_outputs),
        vocabulary=VOCABULARY,
    )
    template.region = plan.region()
    template.regions = {
        inst.address: found
        for inst in instances
        if inst.mode == "managed" and (found := _region_of(plan, inst.address)) != template.region
    }
    tf_dir = getattr(options, "tf_dir", None)
    folder = tf_dir or os.path.dirname(path) or "."
    tree = "" if tf_dir else getattr(source, "tree", "")  # --tf-dir is named on the command line: its own tree
    errors: list[tuple[Location, str]] = []
    warnings: list[str] = []
    read: list[str] = []  # (the .tf files read beside it: findings point into them, and a baseline credits them)
    included: list[str] = []  # (the files their file() and templatefile() read)
    tagged = plan.tagging_providers(instances)  # (address → the provider whose default_tags its tags_all holds)
    places: dict[tuple[str, str, Any], str] = {}  # (module, local name, alias) → where the code beside writes it
    if holds_module(folder):
        try:
            read = hcl_locations(
                folder, options, instances, doc.get("variables"), tree, warnings, doc, included, plan.calls_at, places
            )
        except (RecursionError, InputError) as exc:
            errors.append((Location(path), getattr(exc, "message", "nested too deeply")))
    tagging = {
        address: tagging_provider(name, alias, module, places.get((module, name, alias)))
        for address, (name, alias, module) in tagged.items()
    }
    plan.read()  # (nothing reads the document after this)
    built = [(template, mapper.build(template, instances, tagging=tagging))]
    plan.graph = built  # held with it (fastexit) once checked: ~70,000 resources for 100 MB, 0.1 s to free
    said = [(Location(path), w) for w in warnings]
    return Loaded(built=built, files=[path, *read], errors=errors, warnings=said, included=included)


_DECLARED = re.compile(r'^[ \t]*resource[ \t]+"([A-Za-z0-9_-]+)"[ \t]+"([A-Za-z0-9_-]+)"', re.M)  # (linear)


def _planned_module_above(doc: dict, folder: str, walks: tuple[str, ...], tree: str) -> bool:
    """Whether a folder above `folder`, inside a folder this run walks (so the walk lints it too), holds the
    module the plan is of: every resource its root module declares is declared there. The plan's NAT
    gateways would be counted and priced twice. Every folder up to the walked one is looked at (each read once:
    `_declared_in`), however deep the plan lies: 4 up, a plan kept 5 folders below its module was "of no module
    here" and its NAT gateways were counted and priced a second time."""
    configuration = doc.get("configuration")
    root = configuration.get("root_module") if isinstance(configuration, dict) else None
    resources = root.get("resources") if isinstance(root, dict) else None
    planned = {
        (r.get("type"), r.get("name"))
        for r in (resources if isinstance(resources, list) else [])
        if isinstance(r, dict) and r.get("mode") == "managed"
    }
    if not planned:
        return False
    at = os.path.realpath(folder)
    while True:  # (up to the folder walked, at most the path's depth)
        parent = os.path.dirname(at)
        if parent == at or not any(confine.within(parent, w) for w in walks):
            return False
        if tree and not confine.within(parent, tree):
            return False
        at = parent
        declared = _declared_in(at, tree)
        if declared and planned <= declared:
            return True


@functools.lru_cache(maxsize=64)  # (the plans of a walk share the folders above them: each read once)
def _declared_in(folder: str, tree: str) -> frozenset[tuple[str, str]]:
    """The (type, name) of every resource the `.tf` files of `folder` declare."""
    declared: set[tuple[str, str]] = set()
    for name in _listdir(folder):
        inside = confine.inside(os.path.join(folder, name), tree) if name.endswith(".tf") else None
        if inside is not None:
            try:
                declared |= set(_DECLARED.findall(read_source(inside, what="Terraform files")))
            except InputError:
                continue
    return frozenset(declared)


def _listdir(folder: str) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []
