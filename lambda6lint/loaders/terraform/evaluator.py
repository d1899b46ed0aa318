"""Terraform modules evaluated just enough for the rules (ARCHITECTURE.md "Choices").

Literals, variables (defaults, tfvars, --var-file, --var, converted to their type), locals,
references and splats, `count`/`for_each`, conditionals over known values, `for` expressions and the
functions real modules use around networking. Anything else is `UNKNOWN`. Evaluation is lazy and
guarded: a reference cycle yields `UNKNOWN`, counts and collections are capped, and every value and
the whole evaluation are held to a budget (budget.py), so nothing hangs or swells.

`try()` and `can()` need to tell an error from an unknown value, as Terraform does: an attribute a
known object lacks is an error (try moves on to its next argument), a value that cannot be known is
not (try's result is unknown). Their arguments are evaluated "strictly": a certain error raises
`_Failed`, an operation whose outcome depends on an unknown raises `_Undecided`; everywhere else both
are simply UNKNOWN.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterator
from fractions import Fraction
from itertools import chain

from lambda6lint.loaders.terraform import hcl, types
from lambda6lint.loaders.terraform.budget import MAX_STEPS, MAX_VALUE, TOO_LARGE, Budget
from lambda6lint.loaders.terraform.functions import (
    FUNCTIONS,
    MAX_ITEMS,
    Invalid,
    TooLarge,
    equal,
    links_in,
    read_file,
    template_text,
)
from lambda6lint.loaders.terraform.hcl import Attribute, Block, Expr
from lambda6lint.loaders.terraform.provider import (
    COMPUTED,
    IDENTITY_TYPES,
    LOOKED_UP,
    LOOKUPS,
    NAME_ATTRS,
    READ_DATA,
    managed_policy_json,
    policy_document_json,
)
from lambda6lint.loaders.terraform.values import (
    HOLE,
    PRESENT,
    Alike,
    Instance,
    Link,
    Partial,
    Zones,
    is_number,
    opaque,
    parse_number,
    to_text,
)
from lambda6lint.model import UNKNOWN, Location
from lambda6lint.records import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_INSTANCES = 256  # per resource; a larger count is evaluated as unknown

#: The resources whose instances of an unknown count that is at least one are evaluated as `Alike` (one
#: representative standing for them all): what places a function's subnets on their route tables. Others (a
#: NAT gateway, whose number is priced; a security group) stay unknown.
ALIKE_TYPES = frozenset({"aws_subnet", "aws_route_table", "aws_route_table_association", "aws_route"})

#: The arguments a `data "aws_availability_zones"` may have and still name at least one zone in every region.
_ZONE_ARGS = frozenset({"state", "all_availability_zones", "provider", "depends_on"})

#: Where an instance scope of an `Alike` representative keeps its count (and the `count` object it binds).
ALIKE_SCOPE = "\x00alike"
MAX_DEPTH = 64  # nested evaluations (references through references)
META_ARGS = frozenset({"count", "for_each", "depends_on", "provider", "lifecycle", "providers", "source", "version"})


class _Failed(Exception):
    """Inside try()/can(): the expression fails as it would in Terraform (an error they catch)."""


class _Undecided(Exception):
    """Inside try()/can(): whether the expression fails depends on a value that cannot be known."""


_ABSENT = object()  # a variable its caller does not set


class EvalError(Exception):
    """An evaluation failure worth reporting (E9600), with where it happened."""

    def __init__(self, message: str, location: Location):
        super().__init__(message)
        self.message, self.location = message, location


@dataclass(frozen=True)
class InstanceRef:
    """A resource instance as a value: attribute access reads its configuration."""

    module: Module
    key: str  # "aws_subnet.private"
    index: Any  # None, an int (count) or a str (for_each)

    @property
    def address(self) -> str:
        """`aws_subnet.private[0]`; `aws_subnet.private[*]` for the representative of an unknown count."""
        suffix = "" if self.index is None else "[*]" if self.index is UNKNOWN else f"[{json.dumps(self.index)}]"
        return f"{self.module.prefix}{self.key}{suffix}"


@dataclass(frozen=True)
class ModuleRef:
    """A module call as a value: attribute access reads its outputs."""

    module: Module


@dataclass
class Declared:
    block: Block
    path: str


@dataclass(eq=False)
class Module:
    """One module instance: its files' blocks and the inputs its caller gave it."""

    folder: str
    prefix: str  # "" for the root, "module.net." for a child
    inputs: dict[str, Callable[[], Any]] = field(default_factory=dict)
    #: The expressions behind `inputs` and the caller's scope, to explain an unknown input (causes.py).
    input_exprs: dict[str, tuple[Expr, Scope]] = field(default_factory=dict)
    #: Where a root module's variable got its value (a tfvars file, `--var`): a fix changes it there.
    origins: dict[str, str] = field(default_factory=dict)
    #: A root module's variables that a var file beside it sets, which Terraform reads only when named
    #: (`prod.tfvars`) and this run did not: name → those files' paths (modules.root_inputs).
    unread_vars: dict[str, list[str]] = field(default_factory=dict)
    loader: Any = None  # the Loader that owns every module of the run
    call: Declared | None = None  # the module block in the parent, for a child
    parent: Module | None = None
    variables: dict[str, Declared] = field(default_factory=dict)
    locals: dict[str, tuple[Expr, str]] = field(default_factory=dict)
    resources: dict[str, Declared] = field(default_factory=dict)
    data: dict[str, Declared] = field(default_factory=dict)
    calls: dict[str, Declared] = field(default_factory=dict)
    outputs: dict[str, tuple[Expr, str]] = field(default_factory=dict)
    #: Resources an `import` block adopts (Terraform 1.5+): what AWS already holds for them (a VPC's
    #: main route table, its default network ACL) is not in the files. Key → where the block is.
    imports: dict[str, Location] = field(default_factory=dict)
    cache: dict[Any, Any] = field(default_factory=dict)

    def add(self, path: str, body: Block) -> None:
        """A file's blocks; those of an override file (read after the others) are merged into the
        blocks they name, as Terraform does, instead of replacing them."""
        override = is_override(path)
        for block in body.blocks:
            labels = block.labels
            if block.type == "variable" and labels:
                _declare(self.variables, labels[0], block, path, override)
            elif block.type == "locals":
                for name, attr in block.attributes.items():
                    self.locals[name] = (attr.expr, path)
            elif block.type == "resource" and len(labels) >= 2:
                _declare(self.resources, f"{labels[0]}.{labels[1]}", block, path, override)
            elif block.type == "data" and len(labels) >= 2:
                _declare(self.data, f"{labels[0]}.{labels[1]}", block, path, override)
            elif block.type == "module" and labels:
                _declare(self.calls, labels[0], block, path, override)
            elif block.type == "output" and labels and "value" in block.attributes:
                self.outputs[labels[0]] = (block.attributes["value"].expr, path)
            elif block.type == "import" and "to" in block.attributes:
                key = _resource_key(block.attributes["to"].expr)
                if key is not None:
                    self.imports[key] = Location(path, block.line, block.column)


def _resource_key(expr: Expr) -> str | None:
    """The address an import's `to` names: `aws_vpc.main[0]`, `module.vpc["a"].aws_vpc.this`, with a
    key that is not a literal (`[each.key]`) as `[*]` (import blocks live in the root module, and
    may adopt resources of the modules it calls); None for anything else."""
    parts: list[str] = []
    while expr.kind in ("index", "attr"):
        if expr.kind == "attr":
            parts.append(str(expr.args[1]))
        else:
            key = expr.args[1]
            literal = key.kind == "lit" and isinstance(key.args[0], (int, str)) and not isinstance(key.args[0], bool)
            parts.append(f"[{json.dumps(key.args[0])}]" if literal else "[*]")
        expr = expr.args[0]
    if expr.kind != "ref":
        return None
    parts.append(str(expr.args[0]))
    parts.reverse()
    names = [p for p in parts if not p.startswith("[")]
    calls = 0
    while len(names) > 2 + 2 * calls and names[2 * calls] == "module":
        calls += 1
    if len(names) != 2 + 2 * calls or names[-2] in ("module", "data"):
        return None
    return "".join(p if p.startswith("[") or not i else f".{p}" for i, p in enumerate(parts))


def is_override(path: str) -> bool:
    """`override.tf`, `*_override.tf` (and their `.tf.json`): Terraform merges them into the others."""
    name = os.path.basename(path).removesuffix(".json").removesuffix(".tf")
    return name == "override" or name.endswith("_override")


def _declare(found: dict[str, Declared], key: str, block: Block, path: str, override: bool) -> None:
    base = found.get(key) if override else None
    found[key] = Declared(block, path) if base is None else Declared(merged(base, block, path), base.path)


def merged(base: Declared, block: Block, path: str) -> Block:
    """`block` of the override file `path` merged into `base` (Terraform's "Override Files"): each
    argument replaces the argument of that name, each nested block type replaces every block of that
    type (a `dynamic` one counts as its type), and what comes from the override keeps its file."""

    def kind(sub: Block) -> str:
        return sub.labels[0] if sub.type == "dynamic" and sub.labels else sub.type

    replaced = {kind(sub) for sub in block.blocks}
    attributes = dict(base.block.attributes)
    for name, attr in block.attributes.items():
        attributes[name] = Attribute(attr.name, attr.expr, attr.line, attr.column, attr.path or path)
    blocks = [sub for sub in base.block.blocks if kind(sub) not in replaced]
    for sub in block.blocks:
        blocks.append(Block(sub.type, sub.labels, sub.attributes, sub.blocks, sub.line, sub.column, sub.end_line, path))
    old = base.block
    return Block(old.type, old.labels, attributes, blocks, old.line, old.column, old.end_line, old.path)


@dataclass
class Scope:
    module: Module
    path: str
    names: dict[str, Any] = field(default_factory=dict)  # count, each, for-expression variables, self
    #: The `for_each` that binds `each` (or, for an instance whose key cannot be known, the `count`): for
    #: --explain, why its value is unknown.
    each: Attribute | None = None


#: Characters of `templatefile()` templates one root module may have parsed: python-hcl2 takes ~3 s
#: for 256 KB dense with interpolations, and templates are parsed once by their text (the last 64), so
#: 65 templates called in turn by a `count` of 256 would be parsed 16,000 times; past it, unknown.
MAX_TEMPLATE_BYTES = 4 * 1024 * 1024


class Evaluator:
    """Evaluates expressions of a run's modules; shares one guard against cycles and depth."""

    def __init__(self) -> None:
        self.active: set[Any] = set()
        self.depth = 0
        self.cycles: list[tuple[Module, Any]] = []
        self.budget = Budget()
        self.strict = 0  # inside the arguments of try()/can(): errors and undecided outcomes raise
        self.rendering = 0  # inside a templatefile() template: only its variables may be referred to
        self.templates_parsed = 0  # characters of templatefile() templates parsed (MAX_TEMPLATE_BYTES)
        self.alike_made = False  # an `Alike` was made: function arguments are checked for one (`call`)
        #: The `Alike` representatives something names one instance at a time, or reads in a way that cannot be
        #: known (`aws_subnet.private[0]`, `concat(aws_route_table.private[*].id, …)`): what it attaches to one
        #: of them the representative does not show, so they are open (`Mapper.picked`).
        self.picked: set[str] = set()
        #: Those picked by an index, element() or a condition: the expressions that picked them, by id (their
        #: modules keep them). A host's subnet argument written so attaches nothing (`Mapper.picked`).
        self.picked_at: dict[str, set[int]] = {}

    def pick(self, value: Any, at: Expr | None = None) -> Any:
        """An `Alike` (or values holding one) lost to an unknown: its representatives are `picked` (`at`: by
        that expression)."""
        for alike in _alikes(value):
            if at is None:
                self.picked.add(alike.item.address)
            else:
                self.picked_at.setdefault(alike.item.address, set()).add(id(at))
        return self.undecided()

    def fail(self) -> Any:
        """A certain error: inside try()/can() it is one they catch; elsewhere the value is unknown."""
        if self.strict:
            raise _Failed
        return UNKNOWN

    def undecided(self) -> Any:
        """An outcome that depends on an unknown: inside try()/can() so does theirs; elsewhere unknown."""
        if self.strict:
            raise _Undecided
        return UNKNOWN

    # ----- guarded lazy values ---------------------------------------------------------------

    def once(self, module: Module, key: Any, compute: Callable[[], Any]) -> Any:
        if key in module.cache:
            return module.cache[key]
        active = (id(module), key)
        if active in self.active:
            self.cycles.append((module, key))  # Terraform rejects a cycle: reported as an input error
            return UNKNOWN
        if self.depth > MAX_DEPTH:
            return UNKNOWN  # a chain too long to follow
        self.active.add(active)
        self.depth += 1
        strict, self.strict = self.strict, 0  # a local's own error is not one try() in its reader catches
        try:
            value = compute()
        finally:
            self.active.discard(active)
            self.depth -= 1
            self.strict = strict
        module.cache[key] = value
        return value

    def variable(self, module: Module, name: str) -> Any:
        """The value a module sees: its caller's, else the default (a null given replaces the default
        unless the variable says `nullable = false`), converted to the variable's type."""

        def compute() -> Any:
            declared = module.variables.get(name)
            value = module.inputs[name]() if name in module.inputs else _ABSENT
            if declared is None:
                return UNKNOWN if value is _ABSENT else value
            attrs = declared.block.attributes
            scope = Scope(module, declared.path)
            nullable = attrs.get("nullable")
            if value is None and nullable is not None and self.eval(nullable.expr, scope) is False:
                value = _ABSENT
            if value is _ABSENT:
                value = self.eval(attrs["default"].expr, scope) if "default" in attrs else UNKNOWN
            kind = attrs.get("type")
            return types.convert(value, kind.expr if kind else None, lambda e: self.eval(e, scope))

        return self.once(module, ("var", name), compute)

    def local(self, module: Module, name: str) -> Any:
        found = module.locals.get(name)
        if found is None:
            return UNKNOWN
        return self.once(module, ("local", name), lambda: self.eval(found[0], Scope(module, found[1])))

    def output(self, module: Module, name: str) -> Any:
        found = module.outputs.get(name)
        if found is None:
            return UNKNOWN
        return self.once(module, ("output", name), lambda: self.eval(found[0], Scope(module, found[1])))

    # ----- resources -------------------------------------------------------------------------

    def keys(self, module: Module, declared: Declared, kind: str) -> list[Any] | Any:
        """Instance keys of a resource/module block: [None], [0..n-1], for_each keys, or UNKNOWN."""
        ident = (kind, declared.block.type, *declared.block.labels)

        def compute() -> Any:
            attrs = declared.block.attributes
            scope = Scope(module, declared.path)
            if "count" in attrs:
                count = self.eval(attrs["count"].expr, scope)
                if isinstance(count, str):  # converted to a number, as Terraform does (0.11's count = "2")
                    count = parse_number(count)
                if not isinstance(count, (int, float)) or isinstance(count, bool) or not math.isfinite(count):
                    return UNKNOWN
                if count != int(count):
                    return UNKNOWN  # Terraform rejects a fractional count
                count = int(count)
                if count < 0 or count > MAX_INSTANCES:
                    return UNKNOWN
                return list(range(count))
            if "for_each" in attrs:
                each = self.eval(attrs["for_each"].expr, scope)
                if isinstance(each, dict):
                    items = list(each) if not any(v is UNKNOWN for v in each) else UNKNOWN
                elif isinstance(each, list) and all(isinstance(v, str) for v in each):
                    items = list(dict.fromkeys(each))
                else:
                    return UNKNOWN
                return items if items is UNKNOWN or len(items) <= MAX_INSTANCES else UNKNOWN
            return [None]

        return self.once(module, ident, compute)

    def at_least_one(self, module: Module, declared: Declared) -> str | None:
        """For a resource of `ALIKE_TYPES` whose `count` or `for_each` cannot be known but is at least one, what
        names that number (its instances are `Alike`); else None. Only `length()` of the zones a
        `data "aws_availability_zones"` reads (directly or through locals) is, or for a `for_each` the set of
        their names (`toset()` of them or of a `slice()` of them, a map by them, or a resource of that set:
        `zone_set`): every region has at least one zone, while a variable, a module's output or another data
        source may be 0 (then the function has no subnets, another case). The same number in two resources of one
        module instance is the same name (a count's and a for_each's instances pair only among their own:
        `same_position`)."""
        block = declared.block
        if not block.labels or block.labels[0] not in ALIKE_TYPES:
            return None
        return self.per_zone(module, declared)

    def per_zone(self, module: Module, declared: Declared) -> str | None:
        """`at_least_one`'s name of the zones a resource of any type is made for each of (a NAT gateway's, whose
        instances are not `Alike`: each is billed, so how many matters): --explain says so."""
        block = declared.block
        if block.type != "resource" or not block.labels:
            return None
        count, each = block.attributes.get("count"), block.attributes.get("for_each")
        if (count is None) == (each is None):
            return None
        if self.keys(module, declared, "resource") is not UNKNOWN:
            return None
        if count is not None:
            bound = lambda e: self.eval(e, Scope(module, declared.path))  # noqa: E731 - (a slice's bounds)
            return self.once(module, ("alike", *block.labels), lambda: _zone_count(module, count.expr, bound))
        return self.once(module, ("alike", *block.labels), lambda: self.zone_set(module, declared))

    def zone_set(self, module: Module, declared: Declared) -> str | None:
        """The zones whose names a resource's `for_each` is (`at_least_one`): `toset()` of them, a map by them
        (`{ for az in data.aws_availability_zones.x.names : az => … }`), directly or through locals, or a
        resource of such a `for_each` (`for_each = aws_subnet.private`); None for anything else."""
        expr = declared.block.attributes["for_each"].expr
        found = _zone_set(module, expr, lambda bound: self.eval(bound, Scope(module, declared.path)))
        if found is not None:
            return found
        value = self.for_each(module, declared)
        return value.count if isinstance(value, Alike) and value.keyed else None

    def for_each(self, module: Module, declared: Declared) -> Any:
        """The value of a block's `for_each` (evaluated once)."""
        ident = ("for_each", declared.block.type, *declared.block.labels)
        expr = declared.block.attributes["for_each"].expr
        return self.once(module, ident, lambda: self.eval(expr, Scope(module, declared.path)))

    def each_value(self, module: Module, declared: Declared, key: Any) -> Any:
        attrs = declared.block.attributes
        if "for_each" not in attrs or key is None or isinstance(key, int):
            return UNKNOWN
        each = self.for_each(module, declared)
        return each.get(key, UNKNOWN) if isinstance(each, dict) else key

    def instance_scope(self, module: Module, declared: Declared, key: Any) -> Scope:
        names: dict[str, Any] = {}
        if isinstance(key, int):
            names["count"] = {"index": key}
        elif key is UNKNOWN:  # (the count or for_each that cannot be known rides along, for --explain)
            names["count"] = {"index": UNKNOWN}
            names["each"] = {"key": UNKNOWN, "value": UNKNOWN}
            attrs = declared.block.attributes
            if (alike := self.at_least_one(module, declared)) is None:
                pass
            elif "for_each" in attrs:  # (a set of zones: `each.key` names the instance, and `each.value` may)
                each = self.for_each(module, declared)
                if isinstance(each, Alike):  # (`for_each = aws_subnet.private`: its instance of the same key)
                    names["each"]["value"] = each.item
                names[ALIKE_SCOPE] = (alike, names["each"], True, key_is_value(module, attrs["for_each"].expr))
            else:  # (copied into nested scopes with the names)
                names[ALIKE_SCOPE] = (alike, names["count"], False, False)
            return Scope(module, declared.path, names, attrs.get("for_each") or attrs.get("count"))
        elif key is not None:
            names["each"] = {"key": key, "value": self.each_value(module, declared, key)}
            return Scope(module, declared.path, names, declared.block.attributes.get("for_each"))
        return Scope(module, declared.path, names)

    def configuration(self, ref: InstanceRef) -> dict[str, Any] | Any:
        """The evaluated arguments of one resource instance (blocks as lists of dicts)."""
        declared = ref.module.resources.get(ref.key) or ref.module.data.get(ref.key.removeprefix("data."))
        if declared is None:
            return UNKNOWN

        def compute() -> Any:
            scope = self.instance_scope(ref.module, declared, ref.index)
            return self.body(declared.block, scope, None, ())

        return self.once(ref.module, ("config", ref.key, ref.index), compute)

    def body(self, block: Block, scope: Scope, marks: dict[tuple, Location] | None, at: tuple) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, attr in block.attributes.items():
            if name in META_ARGS:
                continue
            if self.budget.spent:
                out[name] = UNKNOWN
                continue
            out[name] = self.eval(attr.expr, scope)
            if marks is not None:
                written = attr.path or scope.path  # (an override file's argument is written there)
                marks[at + (name,)] = Location(written, attr.line, attr.column)
                if attr.expr.kind == "tuple":
                    for i, item in enumerate(attr.expr.args):
                        marks[
                            at
                            + (
                                name,
                                i,
                            )
                        ] = Location(written, item.line or attr.line, item.column or 1)
                elif attr.expr.kind == "object":  # a map's keys (environment variables)
                    for key, _ in attr.expr.args:
                        if key.kind == "lit" and isinstance(key.args[0], str):
                            where = Location(written, key.line or attr.line, key.column or 1)
                            marks[at + (name, key.args[0])] = where
        for sub in block.blocks:
            if sub.type in ("lifecycle", "provisioner", "connection"):
                continue
            # a nested block merged from an override file is written there
            here = Scope(scope.module, sub.path, scope.names, scope.each) if sub.path else scope
            if self.budget.spent:
                out[sub.labels[0] if sub.type == "dynamic" and sub.labels else sub.type] = UNKNOWN
                continue
            if sub.type == "dynamic" and sub.labels:
                name = sub.labels[0]
                if marks is not None:
                    marks.setdefault((*at, name), Location(here.path, sub.line, sub.column))
                start = len(out.get(name) or []) if isinstance(out.get(name), list) else 0
                expanded = self.dynamic(sub, here, marks, (*at, name), start)
                if expanded is UNKNOWN or out.get(name) is UNKNOWN:
                    out[name] = UNKNOWN
                else:
                    out.setdefault(name, []).extend(expanded)
                continue
            items = out.setdefault(sub.type, [])
            if items is UNKNOWN:
                continue
            if not self.budget.block(Location(here.path, sub.line, sub.column)):
                out[sub.type] = UNKNOWN
                continue
            index = len(items)
            if marks is not None:
                marks[
                    at
                    + (
                        sub.type,
                        index,
                    )
                ] = Location(here.path, sub.line, sub.column)
                marks.setdefault((*at, sub.type), Location(here.path, sub.line, sub.column))
            items.append(self.body(sub, here, marks, (*at, sub.type, index)))
        return out

    def dynamic(
        self, block: Block, scope: Scope, marks: dict[tuple, Location] | None = None, at: tuple = (), start: int = 0
    ) -> list[dict[str, Any]] | Any:
        if "for_each" not in block.attributes:
            return UNKNOWN
        collection = self.eval(block.attributes["for_each"].expr, scope)
        iterator = block.attributes.get("iterator")
        name = iterator.expr.args[0] if iterator is not None and iterator.expr.kind == "ref" else block.labels[0]
        pairs = for_pairs(collection)
        if pairs is UNKNOWN:
            return UNKNOWN
        content = next(iter(block.children("content")), None)
        if content is None:
            return []
        out: list[Any] = []
        for key, value in pairs:
            if not self.budget.block(Location(scope.path, block.line, block.column)):
                return UNKNOWN
            inner = Scope(scope.module, scope.path, {**scope.names, name: {"key": key, "value": value}}, scope.each)
            position = (*at, start + len(out))
            if marks is not None:
                marks[position] = Location(scope.path, block.line, block.column)
            out.append(self.body(content, inner, marks, position))
        return out

    def resource_value(self, module: Module, key: str) -> Any:
        """What `aws_subnet.private` evaluates to: one instance, a list (count) or a map (for_each)."""
        declared = module.resources.get(key) if not key.startswith("data.") else module.data.get(key[5:])
        if declared is None:
            return UNKNOWN
        keys = self.keys(module, declared, "resource")
        if keys is UNKNOWN:
            alike = self.at_least_one(module, declared)
            if alike is None:
                return UNKNOWN
            self.alike_made = True
            return Alike(InstanceRef(module, key, UNKNOWN), alike, "for_each" in declared.block.attributes)
        if keys == [None]:
            return InstanceRef(module, key, None)
        if "count" in declared.block.attributes:
            return [InstanceRef(module, key, k) for k in keys]
        return {k: InstanceRef(module, key, k) for k in keys}

    def attribute(self, ref: InstanceRef, name: str) -> Any:
        config = self.configuration(ref)
        rtype = ref.key.split(".")[-2] if ref.key.startswith("data.") else ref.key.split(".")[0]
        if ref.key.startswith("data."):
            if rtype == "aws_iam_policy_document" and name == "json" and isinstance(config, dict):
                # (once per instance: its source documents are parsed, and a module may read it often)
                return self.once(ref.module, ("json", ref.key, ref.index), lambda: policy_document_json(config))
            if rtype == "aws_iam_policy" and name == "policy" and isinstance(config, dict):
                return managed_policy_json(config)
            if rtype == "terraform_remote_state" and name == "outputs":
                resolver = getattr(ref.module.loader, "remote", None)  # (another root of the run: remote.py)
                return resolver.outputs(ref, config) if resolver is not None else UNKNOWN
            if isinstance(config, dict) and name in config and name != "id":
                return config[name]
            return Link(ref.address, name) if (rtype in READ_DATA or rtype in LOOKED_UP) and name == "id" else UNKNOWN
        if rtype in IDENTITY_TYPES or name in NAME_ATTRS:
            return Link(ref.address, name)  # a name identifies the resource (a role policy's `role`…)
        if isinstance(config, dict) and name in config and name != "id" and config[name] is not None:
            return config[name]
        computed = COMPUTED.get((rtype, name))
        if computed is not None and isinstance(config, dict):
            return computed(config)
        return Link(ref.address, name)

    # ----- expressions -----------------------------------------------------------------------

    def keep(self, value: Any, expr: Expr, scope: Scope) -> Any:
        """`value` when the budget allows keeping it, else UNKNOWN (the budget notes where)."""
        if self.budget.fit(value):
            return value
        return self.refuse(expr, scope, None)

    def refuse(self, expr: Expr, scope: Scope, reason: str | None = TOO_LARGE) -> Any:
        """UNKNOWN for a value over budget (`reason`, unless the budget noted one), located at `expr`."""
        budget = self.budget
        if reason is not None:
            budget.exceed(reason, None)
        if budget.where is None:
            budget.where = Location(scope.path, expr.line or 1, expr.column or 1)
        return UNKNOWN

    def eval(self, expr: Expr, scope: Scope) -> Any:  # noqa: C901 - one dispatch over expression kinds
        budget = self.budget
        budget.steps += 1
        if budget.spent or budget.steps > MAX_STEPS:
            if not budget.spent:  # a module that would take too long to evaluate: the rest is unknown
                budget.exceed(f"over {MAX_STEPS:,} evaluation steps", Location(scope.path, expr.line or 1), final=True)
            return UNKNOWN
        kind, args = expr.kind, expr.args
        if kind == "lit":
            return args[0]
        if kind == "tmpl":
            return self.template(expr, scope)
        if kind in ("tmpl_if", "tmpl_for"):  # (a string that is one directive)
            return self.template(Expr("tmpl", (expr,), expr.line, expr.column), scope)
        if kind == "tuple":
            return self.keep([self.eval(item, scope) for item in args], expr, scope)
        if kind == "object":
            obj: dict[Any, Any] = {}
            for key_expr, value_expr in args:
                key = self.eval(key_expr, scope)
                text = _key(key)
                if text is None:
                    return self.fail() if key is None or not opaque(key) else self.undecided()
                obj[text] = self.eval(value_expr, scope)
            return self.keep(obj, expr, scope)
        if kind == "ref":
            return self.name(args[0], scope)
        if kind == "attr":
            base_expr, name = args
            if base_expr.kind == "ref":
                root = base_expr.args[0]
                special = self.root_attribute(root, name, scope)
                if special is not _NOT_SPECIAL:
                    return special
            return get_attr(self, self.eval(base_expr, scope), name)
        if kind == "index":
            base = self.eval(args[0], scope)
            if isinstance(base, Alike):
                return base.item if same_position(args[1], scope, base) else self.pick(base, expr)
            return index(self, base, self.eval(args[1], scope))
        if kind == "splat":
            base = self.eval(args[0], scope)
            if base is UNKNOWN:
                return self.undecided()
            if isinstance(base, Alike):  # what each instance has: alike too (an index of one stays unknown)
                if base.keyed:  # (a map: Terraform's splat takes it for one item, which has no such attribute)
                    return self.pick(base)
                item = base.item
                for op, operand in args[1]:
                    if op != "attr":
                        return self.pick(base)
                    item = get_attr(self, item, operand)
                return Alike(item, base.count) if isinstance(item, (Link, InstanceRef)) else self.pick(base)
            items = base if isinstance(base, list) else [] if base is None else [base]
            out: list[Any] = []
            for item in items:
                if budget.spent:
                    return UNKNOWN
                for op, operand in args[1]:
                    item = (
                        get_attr(self, item, operand) if op == "attr" else index(self, item, self.eval(operand, scope))
                    )
                out.append(item)
            return self.keep(out, expr, scope)
        if kind == "cond":
            test = self.condition(self.eval(args[0], scope))
            if isinstance(test, bool):
                return self.eval(args[1] if test else args[2], scope)
            if self.strict or test is not UNKNOWN:
                return self.fail() if test is not UNKNOWN else self.undecided()
            yes, no = self.eval(args[1], scope), self.eval(args[2], scope)
            if self.compared(yes, no) and _same(yes, no):
                return yes
            return self.pick([yes, no], expr) if self.alike_made else UNKNOWN
        if kind == "binop":
            return self.operation(expr, scope)
        if kind == "unop":
            value = self.eval(args[1], scope)
            if args[0] == "!":
                flag = self.condition(value)
                if isinstance(flag, bool):
                    return not flag
                return self.fail() if flag is not UNKNOWN else self.undecided()
            number = _operand(value)
            if number is UNKNOWN or number is None:
                return self.undecided() if number is UNKNOWN else self.fail()
            return -number
        if kind == "call":
            return self.call(expr, scope)
        if kind in ("for_tuple", "for_object"):
            return self.for_expr(expr, scope)
        if kind == "partial":  # (a heredoc left unparsed: `hcl._heredoc`)
            return Partial(args[0]) if self.strict or len(args) < 2 or not args[1] else self.hole_links(expr, scope)
        return self.undecided()

    def hole_links(self, expr: Expr, scope: Scope) -> Partial:
        """A heredoc left with holes, keeping what its interpolations name: at most `MAX_HOLE_LINKS`, found once
        per module unless a name bound here (a dynamic block's iterator) is among them (a count of 256 policies
        each naming 8 splats of 256 addresses took 49 s and 1 GB)."""
        text, refs = expr.args
        key = ("hole links", id(expr))
        bound = any(_root(ref) in scope.names for ref in refs)
        found = None if bound else scope.module.cache.get(key)
        if found is None:
            named: dict[Link, None] = {}
            for ref in refs:
                for link in links_in(self.eval(ref, scope)):
                    named[link] = None
                    if len(named) >= MAX_HOLE_LINKS:
                        break
                if len(named) >= MAX_HOLE_LINKS:
                    break
            found = tuple(named)
            self.budget.steps += len(found)
            if not bound:
                scope.module.cache[key] = found
        return Partial(text, found)

    def template(self, expr: Expr, scope: Scope) -> Any:
        """A string template; its unknown parts become holes of a Partial. Interpolating null or a
        collection is an error in Terraform; so is a directive's condition that is not a bool, or its
        collection null."""
        made = _Made()
        try:
            self.render(expr.args, scope, made)
        except TooLarge:
            return self.refuse(expr, scope)  # never built
        texts = made.pieces
        if all(t is not None for t in texts):
            return self.keep("".join(t for t in texts if t is not None), expr, scope)
        if self.strict:
            raise _Undecided  # an unknown part may be something a template cannot hold
        text = "".join(HOLE if t is None else t for t in texts)
        return self.keep(Partial(text.replace(HOLE * 2, HOLE), tuple(made.links)), expr, scope)

    def template_file(self, values: list[Any], expr: Expr, scope: Scope) -> Any:
        """`templatefile(path, vars)`: the file (read as `file()` reads it) rendered as Terraform renders
        it, its names the variables given; unknown what they do not give, a hole in its text."""
        if len(values) != 2:
            return self.fail()
        text, _ = template_text(scope.module, values[0])
        given = values[1]
        if text is None or given is UNKNOWN:
            return self.undecided()
        if not isinstance(given, dict):
            return self.fail()
        if not hcl.parsed_already(text):
            self.templates_parsed += len(text)
            if self.templates_parsed > MAX_TEMPLATE_BYTES:
                return self.undecided()  # (a modelling limit: the rest of the templates are unknown)
        parsed = hcl.template(text)
        if parsed is None:
            return self.undecided()
        if self.rendering:
            return self.fail()  # (Terraform permits no templatefile() inside a template)
        self.rendering += 1
        try:
            made = self.eval(parsed, Scope(scope.module, scope.path, {str(k): v for k, v in given.items()}))
        finally:
            self.rendering -= 1
        return self.undecided() if made is UNKNOWN else self.keep(made, expr, scope)

    def render(self, parts: tuple[Any, ...], scope: Scope, made: _Made) -> None:
        """Template parts into `made`: literal text, interpolations, and the `%{ if }` and `%{ for }`
        directives (their strip markers applied when parsed); a directive whose condition or collection
        cannot be known is one hole."""
        for part in parts:
            if not isinstance(part, Expr):
                made.add(part)
            elif part.kind == "tmpl_if":
                condition, then, other = part.args
                verdict = self.condition(self.eval(condition, scope))
                if isinstance(verdict, bool):
                    self.render(then if verdict else other, scope, made)
                else:
                    made.unknown(self, verdict is None)
            elif part.kind == "tmpl_for":
                names, collection, body = part.args
                items = self.eval(collection, scope)
                pairs = for_pairs(items)
                if pairs is UNKNOWN or len(pairs) > MAX_ITEMS:
                    made.unknown(self, pairs is UNKNOWN and (items is None or not opaque(items)))
                    continue
                for key, value in pairs:
                    if not self.budget.step(Location(scope.path, part.line or 1)):
                        made.unknown(self, False)
                        break
                    bound = {names[0]: value} if len(names) == 1 else {names[0]: key, names[1]: value}
                    self.render(body, Scope(scope.module, scope.path, {**scope.names, **bound}, scope.each), made)
            else:
                value = self.eval(part, scope)
                text = to_text(value)
                if text is None:
                    made.unknown(self, value is None or not opaque(value))
                else:
                    made.add(text)
                if isinstance(value, Link):
                    made.links.append(value)
                elif isinstance(value, Partial):  # (`${jsonencode(aws_subnet.private[*].id)}`)
                    made.links.extend(value.links)

    def condition(self, value: Any) -> Any:
        """A value used as a bool, as Terraform converts it ("true"/"false" strings too); UNKNOWN when
        it cannot be known, None when it is known not to be a bool."""
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        return UNKNOWN if opaque(value) else None

    def operation(self, expr: Expr, scope: Scope) -> Any:
        """A binary operator. `&&` and `||` stop at a left operand that decides (HCL 2.22, Terraform
        1.10), so a right operand that would fail is never evaluated."""
        op, left_expr, right_expr = expr.args
        left = self.eval(left_expr, scope)
        if op in ("&&", "||"):
            first = self.condition(left)
            if first is (op == "||"):
                return first
            second = self.condition(self.eval(right_expr, scope))
            if first is None or second is None:
                return self.fail()
            if second is (op == "||"):
                return second
            if first is UNKNOWN or second is UNKNOWN:
                return self.undecided()
            return second
        right = self.eval(right_expr, scope)
        if not self.compared(left, right):
            return UNKNOWN
        if op in ("==", "!="):
            same = equal(left, right)
            return UNKNOWN if same is None else same is (op == "==")
        a, b = _operand(left), _operand(right)
        if a is None or b is None:
            return self.fail()
        if a is UNKNOWN or b is UNKNOWN:
            return self.undecided()
        result = arithmetic(op, a, b)
        return self.undecided() if result is UNKNOWN else self.keep(result, expr, scope)

    def call(self, expr: Expr, scope: Scope) -> Any:
        name, arg_exprs, expand = expr.args
        name = name.removeprefix("provider::")
        if name in ("try", "can") and not expand:
            return self.attempt(name, arg_exprs, scope)
        budget = self.budget
        values = [self.eval(a, scope) for a in arg_exprs]
        if expand:
            last = values.pop() if values else UNKNOWN
            if isinstance(last, Alike):
                return self.pick(last)
            if not isinstance(last, list):
                return self.undecided() if opaque(last) else self.fail()
            values += last
        reading = sum(budget.size(v) for v in values)  # what the function may walk
        if reading > MAX_VALUE:
            return self.refuse(expr, scope)
        if not budget.charge(reading):
            return UNKNOWN
        if name == "file":
            text = read_file(scope.module, values[0] if values else None)
            return self.undecided() if text is UNKNOWN else self.keep(text, expr, scope)
        if name == "templatefile":
            return self.template_file(values, expr, scope)
        if self.alike_made and next(_alikes(values), None) is not None:
            # a list of a number that cannot be known: the same list through tolist()/toset()/distinct() (its
            # elements are distinct ids), its element at `count.index` of the same count; a map by the zones'
            # names: its values() are such a list (in key order, one per zone); else unknown
            first = values[0] if values else None
            if len(values) == 1 and isinstance(first, Alike):
                if name in ("tolist", "toset", "distinct") and not first.keyed:
                    return first
                if name == "values" and first.keyed:
                    return Alike(first.item, listed(first))
            if (
                name == "element"
                and len(values) == 2
                and isinstance(first, Alike)
                and not first.keyed
                and same_position(arg_exprs[1], scope, first)
            ):
                return first.item
            return self.pick(values, expr)
        func = FUNCTIONS.get(name)
        if func is None:
            return self.undecided()
        try:
            result = func(*values)
        except TooLarge:
            return self.refuse(expr, scope)
        except Invalid:
            return self.fail()
        except (
            TypeError,
            ValueError,
            KeyError,
            IndexError,
            AttributeError,
            ZeroDivisionError,
            OverflowError,
            RecursionError,
        ):
            return self.undecided()
        if result is UNKNOWN:
            return self.undecided()
        return self.keep(result, expr, scope)

    def attempt(self, name: str, arg_exprs: tuple[Expr, ...], scope: Scope) -> Any:
        """`try(a, b, …)`: the first argument that evaluates without error, unknown as soon as one
        cannot be decided; `can(a)`: whether `a` evaluates without error (Terraform's tryfunc)."""
        if name == "can" and len(arg_exprs) != 1:
            return self.fail()
        for arg in arg_exprs:
            self.strict += 1
            try:
                value, outcome = self.eval(arg, scope), "ok"
            except _Failed:
                value, outcome = UNKNOWN, "failed"
            except _Undecided:
                value, outcome = UNKNOWN, "undecided"
            finally:
                self.strict -= 1
            if outcome == "undecided":
                return self.undecided()
            if outcome == "ok" or name == "can":
                return outcome == "ok" if name == "can" else value
        return self.fail()  # no argument succeeded: Terraform reports the errors

    def for_expr(self, expr: Expr, scope: Scope) -> Any:
        names, collection_expr = expr.args[0], expr.args[1]
        collection = self.eval(collection_expr, scope)
        if isinstance(collection, Alike):
            return self.for_alike(expr, collection, scope)
        pairs = for_pairs(collection)
        if pairs is UNKNOWN:
            return self.fail() if collection is None or not opaque(collection) else self.undecided()
        if len(pairs) > MAX_ITEMS:
            return UNKNOWN
        tuple_out: list[Any] = []
        object_out: dict[str, Any] = {}
        for key, value in pairs:
            if self.budget.spent:
                return UNKNOWN
            bound = {names[0]: value} if len(names) == 1 else {names[0]: key, names[1]: value}
            inner = Scope(scope.module, scope.path, {**scope.names, **bound}, scope.each)
            if expr.kind == "for_tuple":
                _names, _coll, body, cond = expr.args
            else:
                _names, _coll, key_body, body, cond, grouping = expr.args
            if cond is not None:
                verdict = self.condition(self.eval(cond, inner))
                if not isinstance(verdict, bool):
                    return self.fail() if verdict is None else self.undecided()
                if not verdict:
                    continue
            if expr.kind == "for_tuple":
                tuple_out.append(self.eval(body, inner))
                continue
            raw_key = self.eval(key_body, inner)
            out_key = _key(raw_key)
            if out_key is None:
                return self.fail() if raw_key is None or not opaque(raw_key) else self.undecided()
            item = self.eval(body, inner)
            if grouping:
                object_out.setdefault(out_key, []).append(item)
            elif out_key in object_out:
                return self.fail()  # two elements with one key, without `...`: Terraform's error
            else:
                object_out[out_key] = item
        return self.keep(tuple_out if expr.kind == "for_tuple" else object_out, expr, scope)

    def for_alike(self, expr: Expr, alike: Alike, scope: Scope) -> Any:
        """`[for s in aws_subnet.private : s.id]` over the instances of an unknown count that is at least one:
        alike too when it keeps every one (no `if`) and reads a reference from each (of a map by the zones'
        names, a map by the same keys too: `{ for az, s in aws_subnet.private : az => s.id }`); else they are
        picked."""
        names = expr.args[0]
        bound = {names[0]: alike.item} if len(names) == 1 else {names[0]: UNKNOWN, names[1]: alike.item}
        inner = Scope(scope.module, scope.path, {**scope.names, **bound}, scope.each)
        if expr.kind == "for_tuple" and expr.args[3] is None:
            item = self.eval(expr.args[2], inner)
            if isinstance(item, (Link, InstanceRef)):
                return Alike(item, listed(alike))
        elif alike.keyed and len(names) == 2 and expr.args[4] is None and not expr.args[5]:
            # `{ for az, s in aws_subnet.private : az => s.id }`: a map by the same keys
            key = expr.args[2]
            if key.kind == "ref" and key.args[0] == names[0]:
                item = self.eval(expr.args[3], inner)
                if isinstance(item, (Link, InstanceRef)):
                    return Alike(item, alike.count, True)
        return self.pick(alike)

    def compared(self, left: Any, right: Any) -> bool:
        """Charge comparing two collections (`==`, a conditional's branches); False once spent."""
        if isinstance(left, (list, dict)) or isinstance(right, (list, dict)):
            return self.budget.charge(self.budget.size(left) + self.budget.size(right))
        return not self.budget.spent

    def name(self, root: str, scope: Scope) -> Any:
        if self.rendering and root not in scope.names:
            return self.fail()  # (a template sees only the variables it is given)
        return scope.names.get(root, UNKNOWN)  # `var.x`, `aws_subnet.a`… are read by root_attribute

    def root_attribute(self, root: str, name: str, scope: Scope) -> Any:
        if root in scope.names:
            return _NOT_SPECIAL
        if self.rendering:
            return self.fail()  # `var.x` in a template: Terraform rejects it
        module = scope.module
        if root == "var":
            return self.variable(module, name)
        if root == "local":
            return self.local(module, name)
        if root == "module":
            return self.loader_module_value(module, name)
        if root == "path":  # (`root` and `cwd`: the root module's folder, where Terraform runs, in every module)
            if name == "module":
                return module.folder
            return getattr(module.loader, "root", UNKNOWN) if name in ("root", "cwd") else UNKNOWN
        if root in ("terraform", "count", "each", "self"):
            return UNKNOWN
        if root == "data":
            return _DataType(module, name)
        key = f"{root}.{name}"
        if key in module.resources:
            return self.resource_value(module, key)
        return _NOT_SPECIAL

    def loader_module_value(self, module: Module, name: str) -> Any:
        if module.loader is None:
            return UNKNOWN
        return module.loader.module_value(module, name)


class _NotSpecial:
    pass


_NOT_SPECIAL = _NotSpecial()


@dataclass(frozen=True)
class _DataType:
    module: Module
    name: str


def get_attr(ev: Evaluator, base: Any, name: str) -> Any:
    if isinstance(base, Alike):
        return ev.pick(base)
    if isinstance(base, InstanceRef):
        return ev.attribute(base, name)
    if isinstance(base, ModuleRef):
        return ev.output(base.module, name)
    if isinstance(base, dict):
        return base[name] if name in base else ev.fail()  # a known object without it: an error
    if isinstance(base, _DataType):
        key = f"{base.name}.{name}"
        return ev.resource_value(base.module, f"data.{key}") if key in base.module.data else UNKNOWN
    if base is None or isinstance(base, (str, int, float, bool)):
        return ev.fail()  # null, and primitive values, have no attributes
    return ev.undecided()


def index(ev: Evaluator, base: Any, key: Any) -> Any:
    if key is UNKNOWN or isinstance(key, (Partial, Link)) or key is PRESENT:
        return ev.undecided()
    if isinstance(base, list):
        position = parse_number(key) if isinstance(key, str) else key
        if not isinstance(position, (int, float)) or isinstance(key, bool) or not math.isfinite(position):
            return ev.fail()
        if position != int(position) or not 0 <= int(position) < len(base):
            return ev.fail()  # out of range, or a fraction: Terraform's error
        return base[int(position)]
    if isinstance(base, dict):
        text = _key(key)
        if text is None:
            return ev.fail()
        return base[text] if text in base else ev.fail()
    if isinstance(base, InstanceRef) and isinstance(key, str):
        return ev.attribute(base, key)
    if base is None or isinstance(base, (str, int, float, bool)):
        return ev.fail()
    return ev.undecided()


def same_position(expr: Expr, scope: Scope, alike: Alike) -> bool:
    """Whether `expr` is `count.index` of an `Alike` representative whose count is `alike`'s: the position of
    each of its instances, which an instance of the same count has too (Terraform reads the count once); or,
    where `alike` is keyed (a map by the zones' names), `each.key` of a representative of a `for_each` over
    the same set (`each.value` too where the for_each is `toset()` of them: the key)."""
    bound = scope.names.get(ALIKE_SCOPE)
    if not (isinstance(bound, tuple) and bound[0] == alike.count and bound[2] is alike.keyed):
        return False
    root = "each" if alike.keyed else "count"
    if scope.names.get(root) is not bound[1]:
        return False
    if expr.kind != "attr" or expr.args[0].kind != "ref" or expr.args[0].args[0] != root:
        return False
    if not alike.keyed:
        return expr.args[1] == "index"
    return expr.args[1] == "key" or expr.args[1] == "value" and bound[3]


def listed(alike: Alike) -> str:
    """The number of a list of an `Alike`'s items: a set of the names (or ids) of every zone a
    `data "aws_availability_zones"` reads has as many as the count `length()` of them names (`_zone_count`),
    so `values(aws_subnet.private)[count.index]` in a resource of that count is the instance at the same
    position (key order); a set of some of them (a `slice()`) keeps its own name, which no count has."""
    count = alike.count
    if alike.keyed and count.endswith((".names", ".zone_ids")):
        base = count.rsplit(".", 1)[0]
        return Zones(base, count.said) if isinstance(count, Zones) else base
    return count


def _alikes(value: Any) -> Iterator[Alike]:
    """The `Alike` values `value` is or holds (a function that does not know one must not take it for one item)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Alike):
            yield item
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def _zone_count(module: Module, expr: Expr, bound: Callable[[Expr], Any]) -> str | None:
    """`length(data.aws_availability_zones.x.names)` (or `.zone_ids`; the count, the list or both through
    locals: `count = local.az_count`): the name of that number, `data.aws_availability_zones.x` in its module;
    of the first of them capped by `min()` (`_at_most`: `length(local.azs)`, `azs = slice(x.names, 0, min(3,
    length(x.names)))`), `length(<the slice's name>)`, a number of its own (a set of that slice, `_zone_keys`, is
    listed by the slice's name: the two do not pair by position, as a count and a set of a slice never have);
    None for anything else."""
    expr = _through_locals(module, expr)
    if expr.kind != "call" or expr.args[0] != "length" or len(expr.args[1]) != 1 or expr.args[2]:
        return None
    zones = _zones(module, expr.args[1][0])
    if zones is not None:
        return zones
    capped = _zone_keys(module, expr.args[1][0], bound, capped=True)
    return None if capped is None else Zones(f"length({capped})", capped.said)


def said_zones(name: str) -> str:
    """How --explain says the zones an `Alike`'s number names (`at_least_one`, `listed`): as the code that wrote
    the name said them (`Zones`: the slice a count of a capped one counts, a slice as written, `slice(x.names, 0,
    3)`, or the data source that reads them); a name without words, as it is."""
    return name.said if isinstance(name, Zones) else f"`{name}`"


def _zone_set(module: Module, expr: Expr, bound: Callable[[Expr], Any]) -> str | None:
    """`toset(data.aws_availability_zones.x.names)`, or `{ for az in data.aws_availability_zones.x.names : az =>
    … }` (a map by each name: no `if`, no grouping), directly or through locals: the name of those keys (the
    zones' names or ids: `data.aws_availability_zones.x.names`); of a `slice()` of them too (`bound` evaluates
    its indexes). None for anything else."""
    expr = _through_locals(module, expr)
    if is_toset(expr):
        return _zone_keys(module, expr.args[1][0], bound)
    if expr.kind == "for_object":
        names, collection, key, _value, condition, grouping = expr.args
        if condition is None and not grouping and key.kind == "ref" and key.args[0] == names[-1]:
            collection = _through_locals(module, collection)
            return _zone_keys(module, collection.args[1][0] if is_toset(collection) else collection, bound)
    return None


def _zone_keys(module: Module, expr: Expr, bound: Callable[[Expr], Any], capped: bool = False) -> Zones | None:
    """The name of the zones' names (or ids) `expr` is, directly or through locals, or of those a `slice(…, a, b)`
    of them with known `0 <= a < b` keeps (`data.aws_availability_zones.x.names[0:3]`): `b - a` distinct zones,
    at least one, or Terraform fails (an index past the region's zones is its error); or from 0 to `min()` of a
    known number and their `length()` (`_at_most`: `slice(x.names, 0, min(3, length(x.names)))`,
    `data.aws_availability_zones.x.names[0:min(3, length(data.aws_availability_zones.x.names))]`), at most that
    many, never none (`capped`: only this one); None for anything else."""
    target = _through_locals(module, expr)
    if not (target.kind == "call" and target.args[0] == "slice" and len(target.args[1]) == 3 and not target.args[2]):
        return None if capped else _zones(module, target, keys=True)
    zones = _zones(module, target.args[1][0], keys=True)
    first, last = (bound(index) for index in target.args[1][1:])
    most = _at_most(module, target.args[1][2], zones, bound) if zones is not None and _whole(first) else None
    if most is not None and first == 0:  # (from past the first zone, none in a region of one)
        return Zones(
            f"{zones}[0:min({most}, length({zones}))]", f"of `slice({zones}, 0, min({most}, length({zones})))`"
        )
    if capped or zones is None or not all(_whole(i) for i in (first, last)):
        return None
    return Zones(f"{zones}[{first}:{last}]", f"of `slice({zones}, {first}, {last})`") if 0 <= first < last else None


def _whole(value: Any) -> bool:
    """A known whole number (no flag)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _at_most(module: Module, expr: Expr, zones: str, bound: Callable[[Expr], Any]) -> int | None:
    """`min(3, length(data.aws_availability_zones.x.names))` (its arguments in any order, through locals), the
    end of a `slice()` from 0 of those zones: the smallest known number, at least one, when every other argument
    is `length()` of the same zones (at least one in every region, `_zones`): the slice keeps that many zones, or
    all of them where the region has fewer, and never none. None for anything else."""
    target = _through_locals(module, expr)
    if not (target.kind == "call" and target.args[0] == "min" and target.args[1] and not target.args[2]):
        return None
    numbers: list[int] = []
    for arg in target.args[1]:
        counted = _through_locals(module, arg)
        if counted.kind == "call" and counted.args[0] == "length" and len(counted.args[1]) == 1:
            if not counted.args[2] and _zones(module, counted.args[1][0], keys=True) == zones:
                continue
            return None
        number = bound(arg)
        if not _whole(number) or number < 1:
            return None
        numbers.append(number)
    return min(numbers) if numbers else None


def is_toset(expr: Expr) -> bool:
    """`toset(x)`, one argument: a set, whose elements are each instance's key and value under `for_each`."""
    return expr.kind == "call" and expr.args[0] == "toset" and len(expr.args[1]) == 1 and not expr.args[2]


def key_is_value(module: Module, for_each: Expr) -> bool:
    """Whether a `for_each` is written as a set, `toset(x)`, directly or through locals (`local.zones`, `zones =
    toset(…)`): each instance's `each.value` is its `each.key`."""
    return is_toset(_through_locals(module, for_each))


def _zones(module: Module, expr: Expr, keys: bool = False) -> Zones | None:
    """`data.aws_availability_zones.x.names` (or `.zone_ids`), directly or through locals, of a data source that
    reads at least one zone in every region: the name of those zones (with `keys`, of those names or ids: a
    set's keys); None for anything else."""
    target = _through_locals(module, expr)
    names: list[str] = []
    while target.kind == "attr":
        names.append(str(target.args[1]))
        target = target.args[0]
    if target.kind != "ref" or target.args[0] != "data":
        return None
    names.reverse()
    if len(names) != 3 or names[0] != "aws_availability_zones" or names[2] not in ("names", "zone_ids"):
        return None
    declared = module.data.get(f"{names[0]}.{names[1]}")
    if declared is None or not _every_region_has_one(declared.block):
        return None
    source = f"{module.prefix}data.{names[0]}.{names[1]}"
    return Zones(source + (f".{names[2]}" if keys else ""), f"`{source}` reads")


def _through_locals(module: Module, expr: Expr) -> Expr:
    """The expression `local.x` stands for, through at most 8 locals (`expr` itself if it is no local)."""
    for _ in range(8):
        if not (expr.kind == "attr" and expr.args[0].kind == "ref" and expr.args[0].args[0] == "local"):
            break
        found = module.locals.get(str(expr.args[1]))
        if found is None:
            break
        expr = found[0]
    return expr


def _every_region_has_one(block: Block) -> bool:
    """Whether a `data "aws_availability_zones"` reads at least one zone in every region: no count or for_each,
    no zones excluded, `state` "available" if any, filters only on `opt-in-status` keeping
    "opt-in-not-required" (every region's own zones)."""
    attrs = block.attributes
    if not set(attrs) <= _ZONE_ARGS:
        return False
    state = attrs.get("state")
    if state is not None and not (state.expr.kind == "lit" and state.expr.args[0] == "available"):
        return False
    for sub in block.blocks:
        if sub.type in ("timeouts", "lifecycle"):
            continue
        if sub.type != "filter" or set(sub.attributes) != {"name", "values"}:
            return False
        name, values = sub.attributes["name"].expr, sub.attributes["values"].expr
        if not (name.kind == "lit" and name.args[0] == "opt-in-status" and values.kind == "tuple"):
            return False
        if not any(v.kind == "lit" and v.args[0] == "opt-in-not-required" for v in values.args):
            return False
    return True


def _key(value: Any) -> str | None:
    """A map key from a string, number or bool (converted as Terraform converts them); None otherwise."""
    return to_text(value)


def for_pairs(collection: Any) -> list[tuple[Any, Any]] | Any:
    """What a `for` expression or a `dynamic` block iterates: a map in key order (Terraform's), a list
    in its own; UNKNOWN for anything else."""
    if isinstance(collection, dict):
        return [(k, collection[k]) for k in sorted(collection)]
    if isinstance(collection, list):
        return list(enumerate(collection))
    return UNKNOWN


def _same(a: Any, b: Any) -> bool:
    """The two branches of a conditional are the same value, whatever the condition."""
    return equal(a, b) is True


def _operand(value: Any) -> Any:
    """An arithmetic operand as Terraform converts it to a number: UNKNOWN when it cannot be known,
    None when it is not a number."""
    if is_number(value):
        return value
    if isinstance(value, str):
        return parse_number(value)
    return UNKNOWN if opaque(value) else None


_WHOLE = frozenset("+-*%")  # what two whole numbers give a whole number by


def arithmetic(op: str, left: int | float, right: int | float) -> Any:
    """`+ - * / %` and comparisons over numbers. A result a float cannot hold exactly is unknown:
    Terraform computes with 512 bits, so its text would differ."""
    if op in ("<", ">", "<=", ">="):
        return {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}[op]
    if type(left) is int and type(right) is int and op in _WHOLE:  # (nearly always: no Fraction)
        if op == "%":
            return left if right == 0 else (abs(left) % abs(right)) * (1 if left >= 0 else -1)  # as in Go
        return left + right if op == "+" else left - right if op == "-" else left * right
    if any(isinstance(n, float) and not math.isfinite(n) for n in (left, right)):
        return UNKNOWN  # a number too large for a float (`tonumber("1e999")`): Terraform's is exact
    a, b = Fraction(left), Fraction(right)
    if op == "+":
        exact = a + b
    elif op == "-":
        exact = a - b
    elif op == "*":
        exact = a * b
    elif op == "/":
        if b == 0:
            return UNKNOWN  # an infinity, or Terraform's error for 0/0
        exact = a / b
    elif op == "%":
        if b == 0:
            return left  # cty's modulo by zero
        exact = a - b * math.trunc(a / b)  # the sign of the dividend, as in Go
    else:
        return UNKNOWN
    if exact.denominator == 1:
        return int(exact)
    number = float(exact)
    return number if Fraction(number) == exact else UNKNOWN


def literal_value(expr: Expr) -> Any:
    """A tfvars value: literals, lists and maps only."""
    return Evaluator().eval(expr, Scope(Module("", ""), ""))


_READ_AS_INSTANCES = frozenset({*READ_DATA, *LOOKUPS, "aws_iam_policy_document"})


def iter_instances(ev: Evaluator, module: Module) -> Iterator[tuple[InstanceRef, Declared, bool]]:
    """Every instance of every managed resource, and of the data sources read as instances (READ_DATA, LOOKUPS, and
    policy documents: what their configuration names, `Mapper.documents_named`): (ref, declaration, from an
    unknown count)."""
    read = ((f"data.{key}", d) for key, d in module.data.items() if key.partition(".")[0] in _READ_AS_INSTANCES)
    for key, declared in chain(module.resources.items(), read):
        keys = ev.keys(module, declared, "resource") if not ev.budget.spent else UNKNOWN
        if keys is UNKNOWN:  # or past the budget: one representative, its arguments unknown
            yield InstanceRef(module, key, UNKNOWN), declared, True
            continue
        for k in keys:
            yield InstanceRef(module, key, k), declared, False


def instance(ev: Evaluator, ref: InstanceRef, declared: Declared, unknown: bool) -> Instance:
    """The instance with its arguments evaluated and the lines of each."""
    block = declared.block
    marks: dict[tuple, Location] = {}
    scope = ev.instance_scope(ref.module, declared, ref.index)
    attrs = ev.body(block, scope, marks, ())
    address = ref.address if not unknown else f"{ref.module.prefix}{ref.key}[*]"
    alike = unknown and ref.index is UNKNOWN and ev.at_least_one(ref.module, declared) is not None
    data = ref.key.startswith("data.")
    return Instance(
        address=address,
        type=ref.key.split(".")[1 if data else 0],
        mode="data" if data else "managed",
        attrs=attrs,
        location=Location(declared.path, block.line, block.column),
        marks=marks,
        conditional=unknown and not alike,
        unknown_count=unknown,
        alike=alike,
        each=_written(block.attributes["for_each"].expr) if "for_each" in block.attributes else None,
        key=ref.index if isinstance(ref.index, (int, str)) else None,
        calls={n: a.expr.args[0] for n, a in block.attributes.items() if a.expr.kind == "call"},
    )


def _written(expr: Expr) -> str:
    """A `for_each` expression as written, where it is a reference or a one-argument call of one
    (`var.azs`, `toset(var.azs)`); "" for anything else."""
    call = ""
    if expr.kind == "call" and len(expr.args[1]) == 1 and not expr.args[2]:
        call, expr = expr.args[0], expr.args[1][0]
    names: list[str] = []
    while expr.kind == "attr":
        names.append(str(expr.args[1]))
        expr = expr.args[0]
    if expr.kind != "ref" or not names:
        return ""
    text = ".".join([str(expr.args[0]), *reversed(names)])
    return f"{call}({text})" if call else text


def folder_files(folder: str) -> list[str]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    paths = [os.path.normpath(os.path.join(folder, n)) for n in names if n.endswith((".tf", ".tf.json"))]
    paths.sort(key=is_override)  # override files last, as Terraform reads them (the sort is stable)
    return [p for p in paths if os.path.isfile(p)]


#: The most resources a heredoc left with holes keeps as named (`Evaluator.hole_links`).
MAX_HOLE_LINKS = 64


def _root(expr: Expr) -> Any:
    """The name a reference starts from (`aws_eip` of `aws_eip.nat[0].public_ip`)."""
    while expr.kind in ("attr", "index", "splat"):
        expr = expr.args[0]
    return expr.args[0] if expr.kind == "ref" else None


class _Made:
    """A template's text as it is rendered: pieces (None for a hole), and what it links to."""

    def __init__(self) -> None:
        self.pieces: list[str | None] = []
        self.links: list[Link] = []
        self.size = 0

    def add(self, text: str) -> None:
        self.size += len(text)
        if self.size > MAX_VALUE:
            raise TooLarge
        self.pieces.append(text)

    def unknown(self, ev: Evaluator, failed: bool) -> None:
        """A hole; inside try()/can(), what Terraform rejects (`failed`) is an error at once (a hole
        makes the template undecided: `template`)."""
        if ev.strict and failed:
            raise _Failed
        self.pieces.append(None)
