"""Terraform modules evaluated just enough for the rules (ARCHITECTURE.md "Choices").

Literals, variables (defaults, tfvars, --var-file, --var), locals, references and splats,
`count`/`for_each`, conditionals over known values, `for` expressions and the functions real
modules use around networking. Anything else is `UNKNOWN`. Evaluation is lazy and guarded:
a reference cycle yields `UNKNOWN`, and counts and collections are capped, so nothing hangs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import Any

from lambda6lint.loaders.terraform.functions import FUNCTIONS, MAX_ITEMS, _number, read_file
from lambda6lint.loaders.terraform.hcl import Block, Expr
from lambda6lint.loaders.terraform.provider import COMPUTED, IDENTITY_TYPES, NAME_ATTRS, policy_document_json
from lambda6lint.loaders.terraform.values import HOLE, PRESENT, Instance, Link, Partial
from lambda6lint.model import UNKNOWN, Location
from lambda6lint.records import dataclass, field

MAX_INSTANCES = 256  # per resource; a larger count is evaluated as unknown
MAX_DEPTH = 64  # nested evaluations (references through references)
MAX_STEPS = 2_000_000  # expression evaluations per root module, so no input can make a run hang
META_ARGS = frozenset({"count", "for_each", "depends_on", "provider", "lifecycle", "providers", "source", "version"})


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
        suffix = "" if self.index is None else f"[{json.dumps(self.index)}]"
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
    loader: Any = None  # the Loader that owns every module of the run
    call: Declared | None = None  # the module block in the parent, for a child
    parent: Module | None = None
    variables: dict[str, Declared] = field(default_factory=dict)
    locals: dict[str, tuple[Expr, str]] = field(default_factory=dict)
    resources: dict[str, Declared] = field(default_factory=dict)
    data: dict[str, Declared] = field(default_factory=dict)
    calls: dict[str, Declared] = field(default_factory=dict)
    outputs: dict[str, tuple[Expr, str]] = field(default_factory=dict)
    cache: dict[Any, Any] = field(default_factory=dict)

    def add(self, path: str, body: Block) -> None:
        for block in body.blocks:
            labels = block.labels
            if block.type == "variable" and labels:
                self.variables[labels[0]] = Declared(block, path)
            elif block.type == "locals":
                for name, attr in block.attributes.items():
                    self.locals[name] = (attr.expr, path)
            elif block.type == "resource" and len(labels) >= 2:
                self.resources[f"{labels[0]}.{labels[1]}"] = Declared(block, path)
            elif block.type == "data" and len(labels) >= 2:
                self.data[f"{labels[0]}.{labels[1]}"] = Declared(block, path)
            elif block.type == "module" and labels:
                self.calls[labels[0]] = Declared(block, path)
            elif block.type == "output" and labels and "value" in block.attributes:
                self.outputs[labels[0]] = (block.attributes["value"].expr, path)


@dataclass
class Scope:
    module: Module
    path: str
    names: dict[str, Any] = field(default_factory=dict)  # count, each, for-expression variables, self


class Evaluator:
    """Evaluates expressions of a run's modules; shares one guard against cycles and depth."""

    def __init__(self) -> None:
        self.active: set[Any] = set()
        self.depth = 0
        self.cycles: list[tuple[Module, Any]] = []
        self.steps = 0

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
        try:
            value = compute()
        finally:
            self.active.discard(active)
            self.depth -= 1
        module.cache[key] = value
        return value

    def variable(self, module: Module, name: str) -> Any:
        def compute() -> Any:
            if name in module.inputs:
                value = module.inputs[name]()
                if value is not None:
                    return value
            declared = module.variables.get(name)
            if declared is None:
                return UNKNOWN
            default = declared.block.attributes.get("default")
            if default is None:
                return UNKNOWN
            return self.eval(default.expr, Scope(module, declared.path))

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
                if isinstance(count, bool) or not isinstance(count, (int, float)):
                    return UNKNOWN
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

    def each_value(self, module: Module, declared: Declared, key: Any) -> Any:
        attrs = declared.block.attributes
        if "for_each" not in attrs or key is None or isinstance(key, int):
            return UNKNOWN
        each = self.eval(attrs["for_each"].expr, Scope(module, declared.path))
        return each.get(key, UNKNOWN) if isinstance(each, dict) else key

    def instance_scope(self, module: Module, declared: Declared, key: Any) -> Scope:
        names: dict[str, Any] = {}
        if isinstance(key, int):
            names["count"] = {"index": key}
        elif key is UNKNOWN:
            names["count"] = {"index": UNKNOWN}
            names["each"] = {"key": UNKNOWN, "value": UNKNOWN}
        elif key is not None:
            names["each"] = {"key": key, "value": self.each_value(module, declared, key)}
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
            out[name] = self.eval(attr.expr, scope)
            if marks is not None:
                marks[at + (name,)] = Location(scope.path, attr.line, attr.column)
                if attr.expr.kind == "tuple":
                    for i, item in enumerate(attr.expr.args):
                        marks[
                            at
                            + (
                                name,
                                i,
                            )
                        ] = Location(scope.path, item.line or attr.line, item.column or 1)
                elif attr.expr.kind == "object":  # a map's keys (environment variables)
                    for key, _ in attr.expr.args:
                        if key.kind == "lit" and isinstance(key.args[0], str):
                            where = Location(scope.path, key.line or attr.line, key.column or 1)
                            marks[at + (name, key.args[0])] = where
        for sub in block.blocks:
            if sub.type in ("lifecycle", "provisioner", "connection"):
                continue
            if sub.type == "dynamic" and sub.labels:
                name = sub.labels[0]
                if marks is not None:
                    marks.setdefault((*at, name), Location(scope.path, sub.line, sub.column))
                start = len(out.get(name) or []) if isinstance(out.get(name), list) else 0
                expanded = self.dynamic(sub, scope, marks, (*at, name), start)
                if expanded is UNKNOWN or out.get(name) is UNKNOWN:
                    out[name] = UNKNOWN
                else:
                    out.setdefault(name, []).extend(expanded)
                continue
            items = out.setdefault(sub.type, [])
            if items is UNKNOWN:
                continue
            index = len(items)
            if marks is not None:
                marks[
                    at
                    + (
                        sub.type,
                        index,
                    )
                ] = Location(scope.path, sub.line, sub.column)
                marks.setdefault((*at, sub.type), Location(scope.path, sub.line, sub.column))
            items.append(self.body(sub, scope, marks, (*at, sub.type, index)))
        return out

    def dynamic(
        self, block: Block, scope: Scope, marks: dict[tuple, Location] | None = None, at: tuple = (), start: int = 0
    ) -> list[dict[str, Any]] | Any:
        if "for_each" not in block.attributes:
            return UNKNOWN
        collection = self.eval(block.attributes["for_each"].expr, scope)
        iterator = block.attributes.get("iterator")
        name = iterator.expr.args[0] if iterator is not None and iterator.expr.kind == "ref" else block.labels[0]
        pairs = _pairs(collection)
        if pairs is UNKNOWN:
            return UNKNOWN
        content = next(iter(block.children("content")), None)
        if content is None:
            return []
        out: list[Any] = []
        for key, value in pairs:
            inner = Scope(scope.module, scope.path, {**scope.names, name: {"key": key, "value": value}})
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
            return UNKNOWN
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
                return policy_document_json(config)
            if isinstance(config, dict) and name in config and name != "id":
                return config[name]
            return UNKNOWN
        if rtype in IDENTITY_TYPES or name in NAME_ATTRS:
            return Link(ref.address, name)  # a name identifies the resource (a role policy's `role`…)
        if isinstance(config, dict) and name in config and name != "id" and config[name] is not None:
            return config[name]
        computed = COMPUTED.get((rtype, name))
        if computed is not None and isinstance(config, dict):
            return computed(config)
        return Link(ref.address, name)

    # ----- expressions -----------------------------------------------------------------------

    def eval(self, expr: Expr, scope: Scope) -> Any:  # noqa: C901 - one dispatch over expression kinds
        self.steps += 1
        if self.steps > MAX_STEPS:
            return UNKNOWN  # a module that would take too long to evaluate: the rest is unknown
        kind, args = expr.kind, expr.args
        if kind == "lit":
            return args[0]
        if kind == "tmpl":
            parts = [self.eval(p, scope) if isinstance(p, Expr) else p for p in args]
            if all(isinstance(p, (str, int, float)) and not isinstance(p, bool) for p in parts):
                return "".join(str(p) for p in parts)
            text = "".join(
                str(p) if isinstance(p, (str, int, float)) and not isinstance(p, bool) else HOLE for p in parts
            )
            return Partial(text.replace(HOLE * 2, HOLE))
        if kind == "tuple":
            return [self.eval(item, scope) for item in args]
        if kind == "object":
            obj: dict[Any, Any] = {}
            for key_expr, value_expr in args:
                key = self.eval(key_expr, scope)
                if not isinstance(key, (str, int, float)):
                    return UNKNOWN
                obj[str(key)] = self.eval(value_expr, scope)
            return obj
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
            return index(self, self.eval(args[0], scope), self.eval(args[1], scope))
        if kind == "splat":
            base = self.eval(args[0], scope)
            if base is UNKNOWN:
                return UNKNOWN
            items = base if isinstance(base, list) else [] if base is None else [base]
            out: list[Any] = []
            for item in items:
                for op, operand in args[1]:
                    item = (
                        get_attr(self, item, operand) if op == "attr" else index(self, item, self.eval(operand, scope))
                    )
                out.append(item)
            return out
        if kind == "cond":
            test = self.eval(args[0], scope)
            if isinstance(test, bool):
                return self.eval(args[1] if test else args[2], scope)
            yes, no = self.eval(args[1], scope), self.eval(args[2], scope)
            return yes if _same(yes, no) else UNKNOWN
        if kind == "binop":
            return binop(args[0], self.eval(args[1], scope), self.eval(args[2], scope))
        if kind == "unop":
            value = self.eval(args[1], scope)
            if args[0] == "!":
                return (not value) if isinstance(value, bool) else UNKNOWN
            return -value if isinstance(value, (int, float)) and not isinstance(value, bool) else UNKNOWN
        if kind == "call":
            name, arg_exprs, expand = args
            values = [self.eval(a, scope) for a in arg_exprs]
            if expand:
                last = values.pop() if values else UNKNOWN
                if not isinstance(last, list):
                    return UNKNOWN
                values += last
            if name == "file":
                return read_file(scope.module, values[0] if values else None)
            func = FUNCTIONS.get(name.removeprefix("provider::"))
            if func is None:
                return UNKNOWN
            try:
                return func(*values)
            except (TypeError, ValueError, KeyError, IndexError, AttributeError, ZeroDivisionError, OverflowError):
                return UNKNOWN
        if kind in ("for_tuple", "for_object"):
            return self.for_expr(expr, scope)
        if kind == "partial":
            return Partial(args[0])
        return UNKNOWN

    def for_expr(self, expr: Expr, scope: Scope) -> Any:
        names, collection_expr = expr.args[0], expr.args[1]
        pairs = _pairs(self.eval(collection_expr, scope))
        if pairs is UNKNOWN or len(pairs) > MAX_ITEMS:
            return UNKNOWN
        tuple_out: list[Any] = []
        object_out: dict[str, Any] = {}
        for key, value in pairs:
            bound = {names[0]: value} if len(names) == 1 else {names[0]: key, names[1]: value}
            inner = Scope(scope.module, scope.path, {**scope.names, **bound})
            if expr.kind == "for_tuple":
                _names, _coll, body, cond = expr.args
            else:
                _names, _coll, key_body, body, cond, grouping = expr.args
            if cond is not None:
                verdict = self.eval(cond, inner)
                if not isinstance(verdict, bool):
                    return UNKNOWN
                if not verdict:
                    continue
            if expr.kind == "for_tuple":
                tuple_out.append(self.eval(body, inner))
                continue
            out_key = self.eval(key_body, inner)
            if not isinstance(out_key, (str, int, float)):
                return UNKNOWN
            item = self.eval(body, inner)
            if grouping:
                object_out.setdefault(str(out_key), []).append(item)
            else:
                object_out[str(out_key)] = item
        return tuple_out if expr.kind == "for_tuple" else object_out

    def name(self, root: str, scope: Scope) -> Any:
        return scope.names.get(root, UNKNOWN)  # `var.x`, `aws_subnet.a`… are read by root_attribute

    def root_attribute(self, root: str, name: str, scope: Scope) -> Any:
        if root in scope.names:
            return _NOT_SPECIAL
        module = scope.module
        if root == "var":
            return self.variable(module, name)
        if root == "local":
            return self.local(module, name)
        if root == "module":
            return self.loader_module_value(module, name)
        if root == "path":
            return module.folder if name in ("module", "root", "cwd") else UNKNOWN
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
    if isinstance(base, InstanceRef):
        return ev.attribute(base, name)
    if isinstance(base, ModuleRef):
        return ev.output(base.module, name)
    if isinstance(base, dict):
        return base.get(name, UNKNOWN)
    if isinstance(base, _DataType):
        key = f"{base.name}.{name}"
        return InstanceRef(base.module, f"data.{key}", None) if key in base.module.data else UNKNOWN
    return UNKNOWN


def index(ev: Evaluator, base: Any, key: Any) -> Any:
    if base is UNKNOWN or key is UNKNOWN or isinstance(key, Partial):
        return UNKNOWN
    if isinstance(base, list):
        if isinstance(key, (int, float)) and not isinstance(key, bool) and 0 <= int(key) < len(base):
            return base[int(key)]
        if isinstance(key, str) and key.isdigit() and int(key) < len(base):
            return base[int(key)]
        return UNKNOWN
    if isinstance(base, dict):
        return base.get(str(key), UNKNOWN)
    if isinstance(base, InstanceRef) and isinstance(key, str):
        return ev.attribute(base, key)
    return UNKNOWN


def _pairs(collection: Any) -> list[tuple[Any, Any]] | Any:
    if isinstance(collection, dict):
        return list(collection.items())
    if isinstance(collection, list):
        return list(enumerate(collection))
    return UNKNOWN


def _same(a: Any, b: Any) -> bool:
    if a is UNKNOWN or b is UNKNOWN:
        return False
    try:
        return bool(a == b) and type(a) is type(b)
    except Exception:  # noqa: BLE001 - values of mixed kinds never compare equal
        return False


def binop(op: str, left: Any, right: Any) -> Any:
    if op == "&&":
        if left is False or right is False:
            return False
        return True if left is True and right is True else UNKNOWN
    if op == "||":
        if left is True or right is True:
            return True
        return False if left is False and right is False else UNKNOWN
    if left is UNKNOWN or right is UNKNOWN or isinstance(left, (Link, Partial)) or isinstance(right, (Link, Partial)):
        return UNKNOWN
    if left is PRESENT or right is PRESENT or isinstance(left, (InstanceRef, ModuleRef)):
        return UNKNOWN
    if op == "==":
        return left == right and type(left) is type(right) or (_number(left) and _number(right) and left == right)
    if op == "!=":
        return not binop("==", left, right)
    if not (_number(left) and _number(right)):
        return UNKNOWN
    operations: dict[str, Callable[[Any, Any], Any]] = {
        "+": lambda a, b: a + b,
        "-": lambda a, b: a - b,
        "*": lambda a, b: a * b,
        "/": lambda a, b: a / b,
        "%": lambda a, b: a % b,
        "<": lambda a, b: a < b,
        ">": lambda a, b: a > b,
        "<=": lambda a, b: a <= b,
        ">=": lambda a, b: a >= b,
    }
    func = operations.get(op)
    try:
        return func(left, right) if func else UNKNOWN
    except ZeroDivisionError:
        return UNKNOWN


def literal_value(expr: Expr) -> Any:
    """A tfvars value: literals, lists and maps only."""
    return Evaluator().eval(expr, Scope(Module("", ""), ""))


def iter_instances(ev: Evaluator, module: Module) -> Iterator[tuple[InstanceRef, Declared, bool]]:
    """Every instance of every managed resource: (ref, declaration, from an unknown count)."""
    for key, declared in module.resources.items():
        keys = ev.keys(module, declared, "resource")
        if keys is UNKNOWN:
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
    return Instance(
        address=address,
        type=ref.key.split(".")[0],
        attrs=attrs,
        location=Location(declared.path, block.line, block.column),
        marks=marks,
        conditional=unknown,
        unknown_count=unknown,
    )


def folder_files(folder: str) -> list[str]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    paths = [os.path.normpath(os.path.join(folder, n)) for n in names if n.endswith(".tf")]
    return [p for p in paths if os.path.isfile(p)]
