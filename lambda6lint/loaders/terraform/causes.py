"""Why a Terraform value cannot be known, and what would decide it (`--explain`).

Asked only where the mapper met an unknown: the expression behind the value is walked down to the
first part that is unknown — a variable without a value, a data source, a module we cannot read, a
function we do not evaluate — and that part is named. Written as a clause that follows the fact it
explains ("… comes from variable `subnet_ids`, which has no value (…)").
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator

from lambda6lint.loaders.common.errors import clipped
from lambda6lint.loaders.terraform import hcl
from lambda6lint.loaders.terraform.evaluator import (
    ALIKE_SCOPE,
    ALIKE_TYPES,
    MAX_DEPTH,
    MAX_INSTANCES,
    MAX_TEMPLATE_BYTES,
    META_ARGS,
    Declared,
    EvalError,
    Evaluator,
    InstanceRef,
    Module,
    ModuleRef,
    Scope,
    for_pairs,
    key_is_value,
    said_zones,
)
from lambda6lint.loaders.terraform.functions import (
    FUNCTIONS,
    MAX_ITEMS,
    SPECIAL,
    Invalid,
    file_problem,
    template_problem,
    template_text,
)
from lambda6lint.loaders.terraform.hcl import Block, Expr
from lambda6lint.loaders.terraform.values import (
    INSTANCE_READS,
    Alike,
    Elsewhere,
    Instance,
    Link,
    Partial,
    Read,
    Rejected,
    Switch,
    boolean,
    local_address,
)
from lambda6lint.loaders.terraform.vocabulary import ID_KINDS, PLACING_KINDS, types_whose_id_is
from lambda6lint.model import UNKNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: The most steps `why` (and `chosen`, `placeholder`) follows one expression through references and expressions,
#: one inside another (locals, a child's outputs, the inputs a call passes: each a step): over `MODULE_LEVELS` (a
#: value passed through every module lambda6lint reads), with room for the locals each module works it out through.
_MAX_DEPTH = 32
#: How many `cidrsubnet` calls, one inside another, `own_block` looks through to the VPC's or subnet's block they split
#: (one expression, not module levels: a subnet's /64 of a VPC's /56 is one call).
_OWN_NESTING = 8
#: `origin`'s mark for a child module's input its call leaves at the default (the call's place follows).
CALL_DEFAULT = "call:"
#: `switch`'s mark for a child module's input its call sets to something other than a variable (the call follows).
CALL_INPUT = "input:"
#: A plan's mark for a root variable it was given a value other than the default of (`_Plan.origins`): a plan
#: records the value, not whether a var file, -var or TF_VAR_ gave it.
PLAN_PASSED = "plan:"
#: A plan's mark for a root variable whose planned value is its default's: the default, or the same value given by a
#: var file, -var or TF_VAR_, which a plan cannot tell apart.
PLAN_DEFAULT = "plan-default:"


def plan_passes(name: str) -> str:
    """What may have given a plan root variable `name`'s value, as a fix names the place to change it."""
    return f"a tfvars file, -var or TF_VAR_{name}"


def plan_gave(name: str, where: str) -> str:
    """What may have given a plan root variable `name`'s value, by its mark `where` (PLAN_PASSED, PLAN_DEFAULT)."""
    return f"its default, or {plan_passes(name)} giving the same" if where == PLAN_DEFAULT else plan_passes(name)


FALLBACK = "cannot be evaluated statically"
#: `why` past `_MAX_DEPTH` steps down (as the evaluator stops at its MAX_DEPTH nested evaluations: a value there is
#: unknown): a chain of locals or variables no code is at fault for.
TOO_DEEP = (
    f"{FALLBACK}: it is worked out through over {_MAX_DEPTH} references and expressions, one inside another (locals, "
    f"outputs, variables), more than lambda6lint follows to tell why (and past {MAX_DEPTH}, to evaluate it)"
)


#: `placeholder`'s answer where its search was cut short (past `_MAX_DEPTH` steps, or `_MAX_PARTS` parts of one
#: expression) before it could tell whether a root variable left at a placeholder default is behind the value: not a
#: variable's name (no identifier holds a space), and never taken for "none is": that would take the list for ids a
#: deploy must use.
PLACEHOLDER_UNTOLD = "(past lambda6lint's limit)"
#: Why such a list cannot be known, for --explain.
PLACEHOLDER_TOO_DEEP = (
    f"is worked out through over {_MAX_DEPTH} references and expressions, one inside another (locals, outputs, "
    "variables), more than lambda6lint follows to tell whether a root variable left at a placeholder default (no ids "
    "a deploy must use) is behind it (a safety limit): check by hand where the list comes from, or pass that "
    "variable a value (--var NAME=… or a .tfvars file)"
)


#: How many levels of modules lambda6lint reads: the code's (`modules.MAX_MODULE_DEPTH`, an E9600 past them) and
#: a plan's references (`plan.MAX_PASSED_LEVELS`), alike, so that a plan and its code tell alike; and how many calls
#: up where a variable's value is set is followed (`_switch_origin`, `_variable_origin`, the plan's
#: `_Plan._set_by_caller`): from any module read, to the root (each step one call up, none worked out twice over).
MODULE_LEVELS = 16
#: Why a plan's argument is unknown where what names it was followed no further for `plan.MAX_PASSED_LEVELS`
#: (`plan._past_levels`): said as the code's modules past theirs are, not as if only apply knew it.
PAST_LEVELS = (
    f"is passed through modules past {MODULE_LEVELS} levels deep, more than lambda6lint follows a plan's "
    f"references through (a safety limit: it reads .tf files' modules {MODULE_LEVELS} levels deep, an E9600 past "
    "them), so the plan leaves it unknown until apply: check it by hand, or lint a plan made after that apply, which "
    "holds its value"
)


#: What linting a plan would decide of a data source's value: its value, not what lies outside the run.
_PLANNED = "(a plan holds what it reads; what that names outside this configuration stays unknown)"


def explainer(ev: Evaluator, ref: InstanceRef, declared: Declared) -> Callable[[tuple[Any, ...]], str | None]:
    """`Instance.why` for one resource instance: the cause at an argument path, or of its count."""
    scope = ev.instance_scope(ref.module, declared, ref.index)
    block = declared.block

    def why_of(path: tuple[Any, ...]) -> str | None:
        if path == ("count",):
            meta = block.attributes.get("count") or block.attributes.get("for_each")
            return _meta(ev, meta.expr, Scope(ref.module, meta.path or declared.path), 0) if meta else None
        return why_at(ev, block, scope, path)

    return why_of


def builder(ev: Evaluator, ref: InstanceRef, declared: Declared) -> Callable[[tuple[Any, ...]], str | None]:
    """`Instance.builder` for one resource instance: of a reference written as text with interpolations and text of its
    own (`"${var.project}-${var.stage}-public_subnet-1"`), what it puts in, each named: whatever their values, such
    a name is no id of a resource of this run. None for anything else, or a part that is no variable or local."""
    scope = ev.instance_scope(ref.module, declared, ref.index)
    block = declared.block

    def named(path: tuple[Any, ...]) -> str | None:
        expr = _expression(block, path)
        if expr is None or expr.kind != "tmpl":
            return None
        shown: list[str] = []
        put: list[list[str]] = []
        for part in expr.args:
            if isinstance(part, str):
                shown.append(part)
                continue
            names = chain(part) if isinstance(part, Expr) else []
            if len(names) < 2 or names[0] not in ("var", "local"):
                return None  # (`count.index`, a resource's attribute: their own causes say more)
            put.append(names)
            shown.append("${" + ".".join(names) + "}")
        text = "".join(p for p in expr.args if isinstance(p, str))
        if (
            not put
            or not text.strip()
            or not any(holds_unknown(ev.eval(p, scope)) for p in expr.args if isinstance(p, Expr))
        ):
            return None
        listed = list(dict.fromkeys(f"`{n[1]}`" if n[0] == "var" and len(n) == 2 else f"`{'.'.join(n)}`" for n in put))
        said = ", ".join(listed[:-1]) + f" and {listed[-1]}" if len(listed) > 1 else listed[0]
        kind = "variable" if all(n[0] == "var" and len(n) == 2 for n in put) else ""
        said = f"{kind}{'s' if kind and len(listed) > 1 else ''} {said}".strip()
        return (
            f"is a name made from {said} (`{clipped(''.join(shown), 80)}`), not an id of a resource of this run, "
            f"whatever {'their values' if len(listed) > 1 else 'its value'}"
        )

    return named


def linker(ev: Evaluator, ref: InstanceRef, declared: Declared) -> Callable[[tuple[Any, ...]], list[Link]]:
    """`Instance.links` for one resource instance: what the argument at a path may name."""
    scope = ev.instance_scope(ref.module, declared, ref.index)

    def links_of(path: tuple[Any, ...]) -> list[Link]:
        expr = _expression(declared.block, path)
        return [] if expr is None else named(ev, expr, scope)

    return links_of


#: How many parts of an expression `named` evaluates, and links it keeps.
_MAX_PARTS = 256
#: What `chooser` tells `missing` where `chosen` gives up past `_MAX_PARTS` values, as --explain says it after why
#: the argument cannot be known: the value that picks one decides it.
TOO_MANY_CHOICES = (
    f"it is one of over {_MAX_PARTS} route tables, more than lambda6lint weighs one by one, so what they have decides "
    "nothing until values pick one"
)


def named(ev: Evaluator, expr: Expr, scope: Scope, instances: bool = False) -> list[Link]:
    """The resource instances an expression that cannot be known may name: the links in the values of
    it and its parts (both branches of a condition that cannot be decided, the list an unknown index
    picks from), in order, at most `_MAX_PARTS`; with `instances`, the instances a part is too (the list
    `aws_route_table.private` of `aws_route_table.private[count.index].id`). Also the data sources it reads,
    through the variables and locals it is worked out from: a lookup may find what the run makes."""
    found: dict[Link, None] = {}
    pending, seen = [(expr, scope, False)], 0
    while pending and seen < _MAX_PARTS and len(found) < _MAX_PARTS:
        node, at, outside = pending.pop(0)
        seen += 1
        evaluated = ev.eval(node, at)
        for value in _walk(evaluated):
            if isinstance(value, InstanceRef) and value.key.startswith("data."):
                found[Link(value.address)] = None
            elif outside:  # (a variable's or a local's expression: only the data sources it reads)
                continue
            elif isinstance(value, Alike):  # (instances of an unknown count, at least one: their representative)
                found[value.item if isinstance(value.item, Link) else Link(value.item.address)] = None
            elif isinstance(value, Link):
                found[value] = None
            elif instances and isinstance(value, InstanceRef) and value.index is not UNKNOWN:
                found[Link(value.address)] = None
        if not outside and evaluated is UNKNOWN and node.kind == "attr" and node.args[0].kind == "index":
            # `aws_route_table.private[var.i].id`: the attribute of each instance an index that cannot be known
            # may pick (the list or map of instances itself names none)
            for value in _walk(ev.eval(node.args[0].args[0], at)):
                if isinstance(value, InstanceRef) and value.index is not UNKNOWN:
                    found[Link(value.address, str(node.args[1]))] = None
        if evaluated is UNKNOWN and (counted := _counted_lookup(ev, node, at)) is not None:
            found[Link(counted.address)] = None  # (its instances' representative: what any of them may find)
        if evaluated is UNKNOWN and (given := _worked_out_from(node, at)) is not None:
            pending.append((*given, True))
        if node.kind not in ("for_tuple", "for_object"):  # (a for expression's names are bound inside it)
            pending += [(child, at, outside) for child in children(node)]
    return list(found)[:_MAX_PARTS]


def _counted_lookup(ev: Evaluator, node: Expr, scope: Scope) -> InstanceRef | None:
    """The data source `data.T.N` an expression is, where its count or for_each cannot be known (and it may have
    none): each of its instances a lookup too, whichever one `[0]` or `["a"]` picks, it reads no value, though what
    it may find is what its representative (`data.T.N[*]`) may."""
    if node.kind != "attr" or node.args[0].kind != "attr" or node.args[0].args[0].kind != "ref":
        return None
    if node.args[0].args[0].args[0] != "data" or scope.module is None:
        return None
    key = f"{node.args[0].args[1]}.{node.args[1]}"
    declared = scope.module.data.get(key)
    if declared is None or ev.keys(scope.module, declared, "resource") is not UNKNOWN:
        return None
    return InstanceRef(scope.module, f"data.{key}", UNKNOWN)


def rejecter(ev: Evaluator, ref: InstanceRef, declared: Declared) -> Callable[[tuple[Any, ...]], Rejected | None]:
    """`Instance.rejecting` for one resource instance: the reference Terraform rejects that the argument at a path
    reads."""
    scope = ev.instance_scope(ref.module, declared, ref.index)

    def rejected_at(path: tuple[Any, ...]) -> Rejected | None:
        expr = _expression(declared.block, path)
        return None if expr is None else rejected(ev, expr, scope)

    return rejected_at


def rejected(ev: Evaluator, expr: Expr, scope: Scope) -> Rejected | None:
    """The references in an expression, or in the variables and locals it is worked out from, that Terraform rejects
    (an output the module does not declare, a module call, resource or data source nobody declares): the first as
    --explain says it, and what they all may stand for; None where there is none. What one stands for is unknown,
    never absent: it is most often a name mistyped for one of the run's."""
    pending, seen = [(expr, scope)], 0
    said: str | None = None
    within: list[tuple[str, str]] | None = []
    while pending and seen < _MAX_PARTS:
        node, at = pending.pop(0)
        seen += 1
        found = _rejected_here(ev, node, at)
        if found is not None:
            said = found.said if said is None else said
            within = None if within is None or found.within is None else within + list(found.within)
            continue  # (what it is made of is the name Terraform rejects)
        if (given := _worked_out_from(node, at)) is not None:
            pending.append(given)
        if node.kind not in ("for_tuple", "for_object"):  # (a for expression's names are bound inside it)
            pending += [(child, at) for child in children(node)]
    if said is None:
        return None
    if pending or within is None:  # (parts left unread may be rejected too, and stand for anything)
        return Rejected(said, None)
    return Rejected(said, tuple(dict.fromkeys(within)))


#: The resource types whose `id` is a route table's, a security group's or a network ACL's: a reference to one of
#: them nobody declares stands for one of its module's own of that type, once its name is written right.
_OWN_IDS = frozenset(type_ for kind in sorted(PLACING_KINDS) for type_ in types_whose_id_is(kind))

#: Data sources whose results name no route table, security group or network ACL: a module that reads only these
#: finds none of another module's.
_INERT_DATA = frozenset(
    {
        "aws_iam_policy_document",
        "aws_region",
        "aws_caller_identity",
        "aws_partition",
        "aws_availability_zones",
        "aws_availability_zone",
    }
)


def _rejected_here(ev: Evaluator, node: Expr, scope: Scope) -> Rejected | None:
    names = chain(node, indexed=False)
    module = scope.module
    text = ".".join(chain(node))[:120]
    if len(names) >= 2 and names[0] not in scope.names:
        root, name = names[0], names[1]
        named = (
            f"module `{name}`"
            if root == "module" and name not in module.calls
            else f"`{root}.{name}`"
            if (root == "var" and name not in module.variables) or (root == "local" and name not in module.locals)
            else f"data source `data.{name}.{names[2]}`"
            if root == "data" and len(names) >= 3 and f"{name}.{names[2]}" not in module.data
            else f"resource `{root}.{name}`"
            if root not in _SPECIAL_ROOTS and f"{root}.{name}" not in module.resources
            else None
        )
        if named is not None:
            broken = unparsed(module)
            if broken is not None:
                return Rejected(f"`{text}` names {named}, which the files that parse do not declare: {broken}", None)
            # (`aws_route_table.privat.id`: the id of a route table of this module, whichever name is meant)
            own = root in _OWN_IDS and names[2:] == ["id"]
            said = f"`{text}` names {named}, which is not declared: Terraform rejects it"
            return Rejected(said, ((module.prefix, root),) if own else None)
    if node.kind == "attr" and node.args[0].kind in ("ref", "attr", "index") and chain(node.args[0]):
        base = ev.eval(node.args[0], scope)
        if isinstance(base, ModuleRef) and node.args[1] not in base.module.outputs:
            said = f"`{text}` {_undeclared_output(base.module, str(node.args[1]), '.'.join(chain(node.args[0])))}"
            within = None if unparsed(base.module) is not None else _held_by(base.module)
            return Rejected(said, within)
    return None


def _held_by(called: Module) -> tuple[tuple[str, str], ...] | None:
    """What an output a module call does not declare may stand for, once declared: a resource of that module (or of
    the modules it calls), `((prefix, ""),)`; None where it may be one of another module's, as a value given to it (an
    input naming a resource, a data source, a module's output, a variable of the caller's caller) or one of its
    lookups (a data source) may be."""
    modules = getattr(called.loader, "modules", None)
    if modules is None:
        return None
    for module in modules:
        above: Module | None = module
        while above is not None and above is not called:
            above = above.parent
        if above is None:
            continue
        if any(key.split(".", 1)[0] not in _INERT_DATA for key in module.data):
            return None
        if module is called and any(_may_carry(expr, at) for expr, at in called.input_exprs.values()):
            return None
    return ((called.prefix, ""),)


def _may_carry(expr: Expr, scope: Scope) -> bool:
    """Whether a module's input may hold the id of a resource of the run: it reads a resource, a data source, a
    module's output, or a variable a module's caller gives, or the walk ends before all is read. A root module's
    variable names none of the run's (as a CloudFormation parameter's)."""
    pending, seen = [(expr, scope)], 0
    while pending:
        node, at = pending.pop()
        seen += 1
        if seen > _MAX_PARTS:
            return True
        if _holds_other_ids(node, at):
            continue
        names = chain(node, indexed=False)
        if len(names) == 3 and names[0] == "module" and names[0] not in at.names:
            output = _output_of(at.module, names[1], names[2])
            if output is None:
                return True  # (a call of a count or for_each, or an output that cannot be found)
            pending.append(output)
            continue
        if names and names[0] not in ("var", "local"):
            if names[0] in ("count", "path", "terraform"):
                continue
            return True  # (a resource, a data source, a module's output; `each`, a for expression's own name)
        if len(names) == 2:  # `var.x`, `local.x` (`var.x.id` is walked down to it)
            given = _worked_out_from(node, at)
            if given is not None:
                pending.append(given)
            elif names[0] == "local" or at.module.parent is not None and names[1] not in at.module.variables:
                return True  # (a local nobody declares, or a variable of a module its caller does not give)
            continue
        pending += [(child, at) for child in children(node)]  # (a for expression's: its own names may carry)
    return False


def _holds_other_ids(node: Expr, scope: Scope) -> bool:
    """Whether `node` is an attribute of a resource or data source (of one instance, or of each: `[*]`) that by its
    type and name holds no route table's, security group's or network ACL's id (`aws_vpc.main.id`,
    `aws_subnet.a[*].id`, `data.aws_vpc.main.cidr_block`; `vocabulary.ID_KINDS`)."""
    if node.kind == "attr":
        base, attribute = node.args[0], node.args[1]
    elif node.kind == "splat" and len(node.args[1]) == 1 and node.args[1][0][0] == "attr":
        base, attribute = node.args[0], node.args[1][0][1]
    else:
        return False
    if base.kind == "index":  # (one instance, whichever: the key picks it, its value is not carried)
        base = base.args[0]
    names = chain(base, indexed=False)
    if names[:1] == ["data"]:
        names = names[1:]
    if len(names) != 2 or names[0] in _SPECIAL_ROOTS or names[0] in scope.names:
        return False
    kind = ID_KINDS.get(names[0], {}).get(str(attribute))
    return kind is not None and kind not in PLACING_KINDS


def _output_of(module: Module, call: str, name: str) -> tuple[Expr, Scope] | None:
    """The expression of output `name` of `module`'s call `call` (one instance, no count or for_each), and where it
    is written; None where there is no such one."""
    child = getattr(module.loader.module_value(module, call), "module", None) if module.loader is not None else None
    output = child.outputs.get(name) if isinstance(child, Module) else None
    return None if output is None or not isinstance(child, Module) else (output[0], Scope(child, output[1]))


def unparsed(module: Module) -> str | None:
    """Where a file of `module` cannot be parsed (E9600), that it may declare what its other files do not, as
    --explain says it: a name it seems to lack is then unknown, not one Terraform rejects. None where all parse."""
    files = getattr(module.loader, "unparsed", {}).get(module.folder)
    if not files:
        return None
    named = ", ".join(f"`{from_root(path, module)}`" for path in files[:3]) + (", …" if len(files) > 3 else "")
    return f"{'its file' if len(files) == 1 else 'its files'} {named} cannot be parsed (E9600) and may declare it"


def _undeclared_output(module: Module, output: str, what: str) -> str:
    """ "reads output `x`, which `module.net` does not declare": Terraform rejects it, unless a file of that module
    cannot be parsed."""
    broken = unparsed(module)
    if broken is not None:
        return f"reads output `{output}`, which the files of `{what[:80]}` that parse do not declare: {broken}"
    return f"reads output `{output}`, which `{what[:80]}` does not declare: Terraform rejects it"


#: The roots of references that are not managed resources: `var.x`, `local.x`, `count.index`, `ephemeral.x.y`…
_SPECIAL_ROOTS = frozenset(
    {"var", "local", "module", "data", "path", "terraform", "count", "each", "self", "ephemeral"}
)


def _worked_out_from(node: Expr, scope: Scope) -> tuple[Expr, Scope] | None:
    """The expression `var.x` (what the module's call gives it) or `local.x` is worked out from, and where."""
    names = chain(node, indexed=False)
    if len(names) != 2 or node.kind != "attr":
        return None
    module = scope.module
    if names[0] == "var" and names[1] in module.input_exprs:
        return module.input_exprs[names[1]]
    if names[0] == "local" and names[1] in module.locals:
        expr, path = module.locals[names[1]]
        return expr, Scope(module, path)
    return None


def chooser(ev: Evaluator, ref: InstanceRef, declared: Declared) -> Callable[..., list[Link] | None]:
    """`Instance.choices` for one resource instance: all an argument that cannot be known may be. `missing`, where
    given, is told what else it may be, each a route table this run does not show (`unseen_table`)."""
    scope = ev.instance_scope(ref.module, declared, ref.index)

    def choices_of(path: tuple[Any, ...], missing: list[str] | None = None) -> list[Link] | None:
        expr = _expression(declared.block, path)
        if expr is None:
            return None
        if missing is None:
            return chosen(ev, expr, scope)
        left: list[Expr] = []
        crowded: list[int] = []
        found = chosen(ev, expr, scope, missing=left, crowded=crowded)
        if found is None:  # (what it may be is not all known: only the limit that made it so is said)
            missing += [TOO_MANY_CHOICES] if crowded else []
            return None
        missing += dict.fromkeys(unseen_table(ev, node, scope) for node in left)
        return found

    return choices_of


def agreer(ev: Evaluator, ref: InstanceRef, declared: Declared) -> Callable[[tuple[Any, ...]], list[Link] | None]:
    """`Instance.agree` for one resource instance: what a list argument names whichever branch is taken."""
    scope = ev.instance_scope(ref.module, declared, ref.index)

    def agreed_at(path: tuple[Any, ...]) -> list[Link] | None:
        expr = _expression(declared.block, path)
        return None if expr is None else agreed(ev, expr, scope)

    return agreed_at


def agreed(ev: Evaluator, expr: Expr, scope: Scope, depth: int = 0) -> list[Link] | None:
    """The links a list written as a conditional that cannot be decided names whichever branch is taken, where both
    name the same set of them in another order (`var.b ? [aws_subnet.a.id, aws_subnet.b.id] : [aws_subnet.b.id,
    aws_subnet.a.id]`): a list of ids whose order AWS ignores (subnets, security groups), which the evaluator keeps
    unknown as it must (`element()` of it differs). The first branch's order; None where a branch is anything else
    (an id that is no link, an instance of an unknown count) or names another resource, even one alike in all a
    rule reads of it."""
    if depth > _MAX_DEPTH:
        return None
    if expr.kind == "cond":
        test = ev.eval(expr.args[0], scope)
        if boolean(test) is not None:
            return agreed(ev, expr.args[1 if boolean(test) else 2], scope, depth + 1)
        if test is not UNKNOWN:
            return None  # (a condition that is no bool: Terraform fails)
        yes = agreed(ev, expr.args[1], scope, depth + 1)
        no = None if yes is None else agreed(ev, expr.args[2], scope, depth + 1)
        return yes if no is not None and set(yes or ()) == set(no) else None
    value = ev.eval(expr, scope)
    if isinstance(value, list) and len(value) <= _MAX_PARTS and all(isinstance(item, Link) for item in value):
        return value
    return None


def _missed(node: Expr, missing: list[Expr] | None) -> list[Link] | None:
    """`chosen` of a value that names no resource instance of this run: None, or none where `missing` is told."""
    if missing is None:
        return None
    missing.append(node)
    return []


def chosen(
    ev: Evaluator,
    expr: Expr,
    scope: Scope,
    depth: int = 0,
    room: int = _MAX_PARTS,
    missing: list[Expr] | None = None,
    crowded: list[int] | None = None,
) -> list[Link] | None:
    """Every value an expression may take, where each is an attribute of a resource instance: of those an index
    that cannot be known may pick (`aws_route_table.private[var.i].id`, `element(aws_route_table.private[*].id,
    var.i)`) of a list or map of them known in full, both branches of a condition that cannot be decided. None
    where it may be anything else (a variable's id, an instance of an unknown count): unlike `named`, complete.
    None too past `room` values: each instance of a count asks again, and 256 associations each choosing among
    4,000 tables took 20 s and the run's evaluation budget (an E9600). `missing`, where given, is told each part
    that may be an id naming no instance of this run (a variable's, a literal, an instance of an unknown count) in
    place of that None: then the answer is the links it does decide (`var.c ? aws_route_table.a.id : var.t`: the
    table's id, and `var.t` missing). `crowded`, where given, is told the room where it gives up past `room`: a
    limit of lambda6lint's, not the code, left it undecided."""
    if depth > _MAX_DEPTH:
        return None
    if room <= 0:
        return _crowded(room, crowded)
    if expr.kind == "cond":  # (its condition alone: evaluating each level whole made a chain of them quadratic)
        test = ev.eval(expr.args[0], scope)
        if boolean(test) is not None:
            return chosen(ev, expr.args[1 if boolean(test) else 2], scope, depth + 1, room, missing, crowded)
        yes = chosen(ev, expr.args[1], scope, depth + 1, room, missing, crowded) if test is UNKNOWN else None
        no = None if yes is None else chosen(ev, expr.args[2], scope, depth + 1, room - len(yes), missing, crowded)
        return None if yes is None or no is None else list(dict.fromkeys(yes + no))
    value = ev.eval(expr, scope)
    if isinstance(value, Link):
        return [value]
    if value is not UNKNOWN:
        return _missed(expr, missing) if isinstance(value, str) else None
    if expr.kind == "attr" and expr.args[0].kind == "index":  # (Terraform fails an index none of them has)
        found = _instance_attrs(ev.eval(expr.args[0].args[0], scope), str(expr.args[1]))
        if found is None:
            return _missed(expr, missing)
        return found if len(found) <= room else _crowded(room, crowded)
    if expr.kind == "call" and expr.args[0] == "element" and len(expr.args[1]) == 2 and not expr.args[2]:
        items = ev.eval(expr.args[1][0], scope)  # (element() wraps round: any index picks one of them)
        if isinstance(items, list) and items and all(isinstance(item, Link) for item in items[: room + 1]):
            return list(dict.fromkeys(items)) if len(items) <= room else _crowded(room, crowded)
    return _missed(expr, missing)


def _crowded(room: int, crowded: list[int] | None) -> list[Link] | None:
    """`chosen` giving up past its room: None, and `crowded`, where given, is told."""
    if crowded is not None:
        crowded.append(room)
    return None


def unseen_table(ev: Evaluator, expr: Expr, scope: Scope) -> str:
    """A route table an association's `route_table_id` may be that names no table of this run (`chosen`'s
    `missing`), as --explain says it. A root variable's value is an id (known only once its table exists), never
    an address: passing one would decide nothing, so it is named as the variable's, whatever its value."""
    module, name = scope.module, _variable(expr)
    while name is not None and module.parent is not None and name in module.input_exprs:
        given, outer = module.input_exprs[name]  # (a child's input the caller passes as its own `var.y`)
        module, name = outer.module, _variable(given)
    if name is not None and module.parent is None and name in module.variables:
        return (
            f"the route table variable `{name}` names, an id no table of this run can be matched to, whatever its value"
        )
    return f"a route table that {why(ev, expr, scope)}"


def _instance_attrs(instances: Any, attr: str) -> list[Link] | None:
    """`attr` of each resource instance of a list or map, None unless it holds only instances of known index."""
    items = list(instances.values()) if isinstance(instances, dict) else instances
    if not isinstance(items, list) or not items or len(items) > MAX_INSTANCES:
        return None
    if not all(isinstance(item, InstanceRef) and item.index is not UNKNOWN for item in items):
        return None
    return [Link(item.address, attr) for item in items]


def sourcer(ref: InstanceRef, declared: Declared) -> Callable[[tuple[Any, ...]], tuple[str, str] | None]:
    """`Instance.source` for one resource instance: `origin` of the argument at a path."""
    return lambda path: origin(declared.block, ref.module, path)


def _input_places(declared: Declared) -> dict[tuple[int, int], tuple[str, Expr]]:
    """Where each of a module call's inputs is written, and each item of one written as a list: the input's
    name and the expression there. A built-in model marks what it makes with these places."""
    places: dict[tuple[int, int], tuple[str, Expr]] = {}
    for name, attr in declared.block.attributes.items():
        if name in META_ARGS:
            continue
        places[(attr.line, attr.column)] = (name, attr.expr)
        if attr.expr.kind == "tuple":
            for item in attr.expr.args:
                places.setdefault((item.line or attr.line, item.column or 1), (name, item))
    return places


def model_explainer(
    ev: Evaluator, declared: Declared, scope: Scope, inst: Instance, call: str
) -> Callable[[tuple[Any, ...]], str | None]:
    """`Instance.why` for a resource a built-in module model made: the module input the argument came
    from (found by where the model located it), explained in the caller's scope."""
    places = _input_places(declared)

    def why_of(path: tuple[Any, ...]) -> str | None:
        if path and f"why:{path[0]}" in inst.hints:  # what the model itself leaves out
            return inst.hints[f"why:{path[0]}"]
        for end in range(len(path), 0, -1):
            where = inst.marks.get(tuple(path[:end]))
            found = places.get((where.line, where.column)) if where is not None else None
            if found is not None:
                name, expr = found
                return f"comes from input `{name}` of {call}, whose value {why(ev, expr, scope)}"
        for name, attr in declared.block.attributes.items():
            if name not in META_ARGS and holds_unknown(ev.eval(attr.expr, scope)):
                return f"comes from {call}, whose input `{name}` {why(ev, attr.expr, scope)}"
        return None

    return why_of


def model_sourcer(
    declared: Declared, scope: Scope, inst: Instance
) -> Callable[[tuple[Any, ...]], tuple[str, str] | None]:
    """`Instance.source` for a resource a built-in module model made: `origin` of the call's input the
    argument is (where the model located it), so such a function's arguments are followed to the caller's
    variables as a written resource's are."""
    input_at = _model_input(declared, inst)
    return lambda path: _variable_origin(scope.module, _variable(input_at(path)), 0)


def _model_input(declared: Declared, inst: Instance) -> Callable[[tuple[Any, ...]], Expr | None]:
    """The call's input (its whole expression, a list item's place its input's) the argument at a path of a
    resource a built-in model made comes from, by where the model located it; None where it located none."""
    places = _input_places(declared)

    def input_at(path: tuple[Any, ...]) -> Expr | None:
        where = inst.marks.get(tuple(path))
        found = places.get((where.line, where.column)) if where is not None else None
        return declared.block.attributes[found[0]].expr if found is not None else None

    return input_at


def placeholderer(ref: InstanceRef, declared: Declared) -> Callable[[tuple[Any, ...]], str | None]:
    """`Instance.placeholder` for one resource instance: `placeholder` of the argument at a path."""
    return lambda path: placeholder(declared.block, ref.module, path)


def model_placeholderer(declared: Declared, scope: Scope, inst: Instance) -> Callable[[tuple[Any, ...]], str | None]:
    """`Instance.placeholder` for a resource a built-in module model made: that of the call's input the argument
    comes from (where the model located it, a list item's place its input's), read in the caller's module."""
    input_at = _model_input(declared, inst)

    def placeholder_of(path: tuple[Any, ...]) -> str | None:
        expr = input_at(path)
        return None if expr is None else _placeholder_in(scope.module, expr, 0)

    return placeholder_of


def placeholder(block: Block, module: Module, path: tuple[Any, ...]) -> str | None:
    """The root variable left at a placeholder default (a list, a map or null: no ids a deploy must use) that
    the argument at `path` is worked out from, anywhere in its expression: through locals, functions and
    conditions (`concat(aws_security_group.fn[*].id, var.security_group_ids)`, `var.x == null ? [] : var.x`),
    the outputs of the modules it calls, the `for_each` of the `dynamic` block it is written in, and the
    inputs the calls above pass (a child's input its call leaves at the default is what deploys). A default
    of a switch's kind (a bool, a string, a number) decides, as RULES has it. None where no such variable
    is read."""
    expr = _expression(block, path)
    found = None if expr is None else _placeholder_in(module, expr, 0)
    if found is None and path and isinstance(path[0], str) and path[0] not in block.attributes:
        for dynamic in block.children("dynamic"):  # (`vpc_config.value.x`: what the for_each gives)
            each = dynamic.attributes.get("for_each") if dynamic.labels[:1] == [path[0]] else None
            if each is not None and (found := _placeholder_in(module, each.expr, 0)) is not None:
                break
    return found


def _placeholder_in(module: Module, expr: Expr, depth: int) -> str | None:
    """`placeholder` of one expression of `module`: each local, output and child's input it reads is worked out
    once (`_remembered`), `_MAX_DEPTH` steps deep, as `why` follows them (a root variable passed down 16 modules is
    16 steps: 8 left a placeholder 9 modules down taken for the deploy's list). Where a local, an output or a
    variable it meets lies past `_MAX_DEPTH` steps, or the expression has over `_MAX_PARTS` parts, what it would
    have found is not known: `PLACEHOLDER_UNTOLD`, never None (none is: the list deploys)."""
    pending, seen = [expr], 0
    while pending:
        if seen >= _MAX_PARTS:
            return PLACEHOLDER_UNTOLD
        node = pending.pop()
        seen += 1
        local, name = _local(node), _variable(node)
        if local is not None:
            if local in module.locals:
                if depth >= _MAX_DEPTH:
                    return PLACEHOLDER_UNTOLD
                found = _remembered(module, f"local.{local}", module, module.locals[local][0], depth)
                if found is not None:
                    return found
        elif name is not None:
            if (found := _placeholder_variable(module, name, depth)) is not None:
                return found
        elif outputs := _outputs(module, node):  # `module.sg.ids`: what the output is
            if depth >= _MAX_DEPTH:
                return PLACEHOLDER_UNTOLD
            for child, output, expr_of in outputs:
                if (found := _remembered(child, f"output.{output}", child, expr_of, depth)) is not None:
                    return found
        else:
            pending += children(node)
    return None


def _remembered(owner: Module, name: str, module: Module, expr: Expr, depth: int) -> str | None:
    """`_placeholder_in` of what `owner`'s local, output or input `name` is (`expr`, written in `module`), worked
    out once and kept in `owner.cache`: every function's list asks again, and one read many times over
    (`concat(local.x1, local.x1, …)`, each of those the same again) was walked once per path to it (12**8
    walks from 1 KB; 300 functions reading 320 such locals, 6 s). One met again on its own way down (a cycle)
    is none. An answer cut short (`PLACEHOLDER_UNTOLD`) is not kept: it says how far down the search began, not
    what `name` is, and one met first at the end of a long chain and again at the head of a short one would keep
    the short one's answer untold (or none, as it did, and its empty list taken for the deploy's)."""
    key = ("placeholder", name)
    if key not in owner.cache:
        owner.cache[key] = None
        found = owner.cache[key] = _placeholder_in(module, expr, depth + 1)
        if found == PLACEHOLDER_UNTOLD:
            del owner.cache[key]
        return found
    kept: str | None = owner.cache[key]
    return kept


def _outputs(module: Module, node: Expr) -> list[tuple[Module, str, Expr]]:
    """For `module.x.out` (or `module.x[k].out`), each instance of the call's child, the output's name and its
    expression."""
    if node.kind != "attr" or not isinstance(node.args[1], str) or module.loader is None:
        return []
    base = node.args[0]
    while base.kind == "index":
        base = base.args[0]
    if base.kind != "attr" or base.args[0].kind != "ref" or base.args[0].args[0] != "module":
        return []
    if not isinstance(base.args[1], str) or base.args[1] not in module.calls:
        return []
    value = module.loader.module_value(module, base.args[1])
    refs = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
    return [
        (ref.module, node.args[1], ref.module.outputs[node.args[1]][0])
        for ref in refs
        if isinstance(ref, ModuleRef) and node.args[1] in ref.module.outputs
    ]


def _placeholder_variable(module: Module, name: str, depth: int) -> str | None:
    if name not in module.variables:
        return None
    if depth > _MAX_DEPTH:
        return PLACEHOLDER_UNTOLD
    if module.parent is not None:  # (a child: what its call passes; left at its default, that default deploys)
        given = module.input_exprs.get(name) if name in module.inputs else None
        return _remembered(module, f"var.{name}", given[1].module, given[0], depth) if given else None
    if name in module.inputs:  # (set by a var file or --var)
        return None
    default = module.variables[name].block.attributes.get("default")
    if default is None or (default.expr.kind == "lit" and default.expr.args[0] is not None):
        return None
    return name if default.expr.kind in ("lit", "tuple", "object") else None


def origin(block: Block, module: Module, path: tuple[Any, ...]) -> tuple[str, str] | None:
    """Where the argument at `path` gets its value when it is written as a variable, `var.x`, as `set_at` tells
    it: ("x", "terraform.tfvars"), ("x", "--var"), or ("x", "") for a root variable's default; a child module's
    input on its call (CALL_INPUT: set there to anything but a variable that is set elsewhere; CALL_DEFAULT: left
    at the default), where a user changes what the module's code only reads. Anything else is changed where it is
    written: None."""
    name = _variable(_expression(block, path))
    return _switch_origin(module, name, 0) if name is not None and name in module.variables else None


def switch(block: Block, module: Module) -> Switch | None:
    """The resource's `count` where it is written as a switch: a condition on one variable or local, or its
    negation, choosing between the literals 1 and 0 (`var.enable_nat ? 1 : 0`, `!local.off ? 1 : 0`). Any other
    count (`2`, `length(var.azs)`, a condition on more than one name) is none: its instances do not go at once
    by one value. A local written as a variable (`create_nat = var.enable_nat`) is that variable's switch."""
    meta = block.attributes.get("count")
    expr = meta.expr if meta is not None else None
    if expr is None or expr.kind != "cond":
        return None
    test, yes, no = expr.args
    branches = [b.args[0] if b.kind == "lit" and type(b.args[0]) is int else None for b in (yes, no)]
    if sorted(branches, key=str) != [0, 1]:
        return None
    off = branches[0] == 0  # (the value of the test that makes the count 0)
    negated = test.kind == "unop" and test.args[0] == "!"
    if negated:
        test, off = test.args[1], not off
    local, name = _local(test), _variable(test)
    count = f"{'!' if negated else ''}{'local' if local else 'var'}.{local or name} ? {branches[0]} : {branches[1]}"
    if local is not None and local in module.locals:
        name = _variable(module.locals[local][0])
        if name is None:  # (what it is written as decides it: made false there)
            return Switch(count, local, off, module.prefix, from_root(module.locals[local][1], module), local=True)
    if name is None or name not in module.variables:
        return None
    place = _switch_origin(module, name, 0)
    return Switch(count, place[0] if place else name, off, module.prefix, place[1] if place else None)


def count_switch(block: Block, module: Module) -> Switch | None:
    """The resource's `count` where it is one variable or local itself (`count = var.nat_count`), read for a
    representative of a count that cannot be known: that one value made 0 removes every instance at once, and
    `Switch.zero` says where to set it (the block stays; what else reads it goes too, `Instance.reads`)."""
    meta = block.attributes.get("count")
    expr = meta.expr if meta is not None else None
    local, name = _local(expr), _variable(expr)
    count = f"local.{local}" if local else f"var.{name}"
    if local is not None and local in module.locals:
        name = _variable(module.locals[local][0])
        if name is None:
            where = from_root(module.locals[local][1], module)
            zero = f"make local `{local}` 0 in {where}"
            return Switch(count, local, False, module.prefix, where, local=True, zero=zero)
    if name is None or name not in module.variables:
        return None
    place = _switch_origin(module, name, 0)
    if (unset := _unset_root(module, name)) is not None:  # (no value at all: what a run passes decides it)
        zero = f"set `{unset} = 0` where Terraform gets its value (a .tfvars file, -var {unset}=0 or TF_VAR_{unset})"
    elif place is None:
        zero = f"set `{name}` to 0 where its value is set"
    elif place[1].startswith((CALL_INPUT, CALL_DEFAULT)):
        zero = f"set input `{place[0]}` = 0 on {place[1].removeprefix(CALL_INPUT).removeprefix(CALL_DEFAULT)}"
    elif place[1] in (PLAN_PASSED, PLAN_DEFAULT):  # (a plan's value: wherever its maker gave it)
        zero = f"set `{place[0]}` = 0 where this plan's value of it comes from ({plan_gave(place[0], place[1])})"
    elif place[1] == "--var":
        zero = (
            f"set `{place[0]} = 0` where Terraform gets its value (given here by --var: a .tfvars file, -var or "
            f"TF_VAR_{place[0]})"
        )
    elif place[1]:
        zero = f"set `{place[0]}` = 0 in {place[1]}"
    else:
        zero = (
            f"set the default of variable `{place[0]}` to 0, and its value wherever else your pipeline sets it "
            f"(a -var-file, TF_VAR_{place[0]})"
        )
    if place is None:
        return Switch(count, name, False, module.prefix, None, zero=zero)
    return Switch(count, place[0], False, module.prefix, place[1], zero=zero)


def _unset_root(module: Module, name: str) -> str | None:
    """The root variable a module's variable is passed down from, call by call (`nat_count = var.nat_count`),
    where it has neither a value nor a default; None otherwise."""
    for _ in range(MODULE_LEVELS + 1):
        if module.parent is None:
            variable = module.variables.get(name)
            if variable is None or name in module.inputs or "default" in variable.block.attributes:
                return None
            return name
        given = module.input_exprs.get(name) if name in module.inputs else None
        above = _variable(given[0]) if given else None
        if above is None or module.call is None:
            return None
        module, name = module.parent, above
    return None


def unsetter(ref: InstanceRef, declared: Declared) -> Callable[[tuple[Any, ...]], str | None]:
    """`Instance.unset` for one resource instance: `unset_root` of the argument at a path."""
    return lambda path: unset_root(declared.block, ref.module, path)


def unset_root(block: Block, module: Module, path: tuple[Any, ...]) -> str | None:
    """The root variable without a value (no default, none given: what a run passes decides it) whose value, or an
    element or attribute of it, the top-level argument at `path` (or the list item a further index picks) is
    written as: directly, through locals (`local.rt`), list elements (`var.rts[0]`, `element(local.rts, 1)`,
    `one(…)`) and a module call's inputs up to the root (`route_table_id = var.rt` on the call). None where anything
    else is in the way: a function, a condition, a default, a value a var file gives (what it names is decided)."""
    attr = block.attributes.get(path[0]) if path and isinstance(path[0], str) else None
    return None if attr is None else _unset_in(module, attr.expr, tuple(path[1:]), 0)


#: The functions whose value is an element, or the whole, of their first argument's: `unset_root` looks through them.
_PICKING = {"element": 2, "one": 1, "tostring": 1, "tolist": 1}


def _unset_in(module: Module, expr: Expr, steps: tuple[Any, ...], depth: int) -> str | None:
    """`unset_root` of one expression of `module`; `steps`: the list items still to pick (an endpoint's member)."""
    while depth <= _MAX_DEPTH:
        depth += 1
        kind, args = expr.kind, expr.args
        if kind == "tuple" and steps and isinstance(steps[0], int):
            if not 0 <= steps[0] < len(args):
                return None
            expr, steps = args[steps[0]], steps[1:]
        elif kind == "tmpl" and len(args) == 1 and isinstance(args[0], Expr):  # ("${var.rt}": the value itself)
            expr = args[0]
        elif (local := _local(expr)) is not None:
            if local not in module.locals:
                return None
            expr = module.locals[local][0]
        elif (name := _variable(expr)) is not None:
            if name not in module.variables:
                return None
            if module.parent is None:
                declared = module.variables[name].block.attributes
                return None if name in module.inputs or "default" in declared else name
            given = module.input_exprs.get(name) if name in module.inputs else None
            if given is None:  # (left at its default, or Terraform rejects the call: decided either way)
                return None
            expr, module = given[0], given[1].module
        elif kind in ("index", "attr"):  # (an element or attribute of it: of the same variable's value)
            expr, steps = args[0], ()
        elif kind == "call" and _PICKING.get(args[0]) == len(args[1]) and not args[2]:
            expr, steps = args[1][0], ()
        else:
            return None
    return None


def call_place(call: Declared, within: Module) -> str:
    """How `origin` and `switch` name a module call of `within`'s tree: "module `net` at main.tf:16"."""
    label = call.block.labels[0] if call.block.labels else ""
    return f"module `{label}` at {from_root(call.path, within)}:{call.block.line}"


def instance_reads(block: Block, passed: Callable[[str], Read | None] | None = None) -> dict[str, Read]:
    """The arguments of a module call with `count` or `for_each` that read `each.key`, `each.value` or
    `count.index` (the first of them each reads): where its instances' inputs differ. `passed`: for a call within
    an instance of one (`module.outer["a"].module.vpc`), what a variable of its module reads of that instance (the
    outer call's `subnets = each.value`), which an argument reading the variable reads through it."""
    found: dict[str, Read] = {}
    for arg, attr in block.attributes.items():
        if arg in ("count", "for_each", "source", "version", "providers", "depends_on"):
            continue
        pending, seen = [attr.expr], 0
        while pending and seen < MAX_WALK and arg not in found:
            expr, seen = pending.pop(), seen + 1
            if expr.kind == "attr" and expr.args[0].kind == "ref" and expr.args[0].args[0] in ("each", "count"):
                read = f"{expr.args[0].args[0]}.{expr.args[1]}"
                if read in INSTANCE_READS:  # (`each.<any name>` is no value Terraform has, and a fix would quote it)
                    found[arg] = (read,)
            elif expr.kind == "ref" and expr.args[0] in ("each", "count"):
                found[arg] = (str(expr.args[0]),)
            elif (
                passed is not None
                and expr.kind == "attr"
                and expr.args[0].kind == "ref"
                and expr.args[0].args[0] == "var"
            ):
                outer = passed(str(expr.args[1]))
                if outer is not None:
                    found[arg] = (*outer, f"var.{clipped(str(expr.args[1]), 40)}")
            else:
                pending += children(expr)
    return found


def from_root(path: str, within: Module) -> str:
    """A file of `within`'s module tree as a fix names it: from the root module's folder (`main.tf`,
    `modules/app/main.tf`: every module has its own main.tf)."""
    while within.parent is not None:
        within = within.parent
    return os.path.relpath(path, within.folder) if within.folder else os.path.basename(path)


def set_at(block: Block, module: Module, argument: str) -> tuple[str, str] | None:
    """Where a value the block's `argument` reads as a variable alone (`assign_generated_ipv6_cidr_block =
    var.enable_ipv6`) is set, as `switch`'s variable is (`_switch_origin`): a root variable where its value is set
    (a tfvars file, "--var", "" for its default), or a child's input on its call (CALL_INPUT: set there to anything
    but a variable; CALL_DEFAULT: left at the default). None where the argument is anything else."""
    attr = block.attributes.get(argument)
    return None if attr is None else expr_set_at(attr.expr, module)


def flag_set_at(ev: Evaluator, ref: InstanceRef, declared: Declared, argument: str) -> tuple[str, str] | None:
    """`set_at` of a flag, also when it is true only where a test holds: `var.enable_ipv6 && !var.use_ipam_pool ?
    true : null` (terraform-aws-vpc's `assign_generated_ipv6_cidr_block`, in every release): where the one variable
    of the test's `&&` parts that is false now is set, every other part holding now (made true there, the flag is
    true); None where that cannot be told (a part unknown, two parts false, another form)."""
    attr = declared.block.attributes.get(argument)
    if attr is None or attr.expr.kind != "cond":
        return set_at(declared.block, ref.module, argument)
    test, yes, no = attr.expr.args
    if not (yes.kind == "lit" and yes.args[0] is True and no.kind == "lit" and no.args[0] in (None, False)):
        return None
    parts: list[Expr] = []
    pending = [test]
    while pending and len(parts) <= _MAX_PARTS:
        part = pending.pop()
        if part.kind == "binop" and part.args[0] == "&&":
            pending.extend(part.args[1:])
        else:
            parts.append(part)
    if pending:
        return None
    try:
        scope = ev.instance_scope(ref.module, declared, ref.index)
        held = [ev.condition(ev.eval(part, scope)) for part in parts]
    except EvalError:
        return None
    off = [part for part, holds in zip(parts, held, strict=True) if holds is not True]
    if len(off) != 1 or held[parts.index(off[0])] is not False:
        return None
    return expr_set_at(off[0], ref.module)


def made_true(found: tuple[str, str] | None, reads: str) -> str | None:
    """A flag's fix where its value is set (`found`: `set_at`, `origin`), not at the argument, which only reads it
    (`reads`: "the VPC's assign_generated_ipv6_cidr_block"): "enable_ipv6 = true on module `net` at main.tf:3 (the
    VPC's assign_generated_ipv6_cidr_block reads it)", or in a var file, by --var, as a root variable's default;
    None where that place cannot be told."""
    if found is None:
        return None
    name, where = found
    reads += " reads it"
    if where.startswith(CALL_INPUT):
        return f"{name} = true on {where.removeprefix(CALL_INPUT)} ({reads})"
    if where.startswith(CALL_DEFAULT):
        call = where.removeprefix(CALL_DEFAULT)
        return f"{name} = true on {call}, which does not set it yet (the module's default applies; {reads})"
    if where == "--var":
        return f"--var {name}=true ({reads})"
    if where in (PLAN_PASSED, PLAN_DEFAULT):  # (a plan's value: as the plan alone says it, `_Plan._set_by_caller`)
        return f"variable `{name}` = true where this plan's value of it comes from ({plan_gave(name, where)}; {reads})"
    if where.endswith(")"):  # (with var files beside the module that set it too: var_files_aside)
        return f"{name} = true in {where[:-1]}; {reads})"
    if where:
        return f"{name} = true in {where} ({reads})"
    return (
        f"default = true on variable `{name}`, and true wherever else your pipeline sets it (a -var-file, "
        f"TF_VAR_{name}; {reads})"
    )


def through_call(hints: dict[str, str], prefix: str) -> dict[str, str]:
    """`hints` that say where a fix changes a value a resource of a hand-written child module (`prefix`:
    "module.net.") only reads, set outside its code (a call's input, a root variable the call passes on), marked
    as a built-in model marks what it makes (`module`): the migration steps then say that place, not the resource.
    A root module's resource, or one whose value is written in the module's code (no hints), is named as it is."""
    return {**hints, "module": prefix.removesuffix(".")} if hints and prefix else hints


def expr_set_at(expr: Expr, module: Module) -> tuple[str, str] | None:
    """`set_at` of an expression of `module`: where its value is set when it is a variable alone."""
    name = _variable(expr)
    return _switch_origin(module, name, 0) if name is not None and name in module.variables else None


def _switch_origin(module: Module, name: str, depth: int) -> tuple[str, str] | None:
    """`origin` of a switch's variable, and of a child's input its call sets to anything but a variable: that
    input, on that call."""
    call = module.call
    if module.parent is None or call is None or name not in module.inputs or depth > MODULE_LEVELS:
        return _variable_origin(module, name, depth)
    given = module.input_exprs.get(name)
    above = _variable(given[0]) if given else None
    if above is not None and (found := _switch_origin(module.parent, above, depth + 1)) is not None:
        return found
    return (name, CALL_INPUT + call_place(call, module))


#: `reads`' mark for what it could not follow to the end (locals naming locals past `_MAX_DEPTH`, an expression
#: of over `_MAX_PARTS` parts): what lies beyond may read any variable, so the reader is taken to read every switch
#: (`Mapper.switched_with`), never none more. No variable or local has an empty name.
UNTOLD_READS: tuple[str, str | None, bool] = ("", None, False)


def reads(block: Block, module: Module) -> tuple[tuple[str, str | None, bool], ...]:
    """What a block's `count` and `for_each` read, and those of the module calls above it (a child's resources
    go with its call), as `Switch.key`s: each variable where its value is set, each local where it is written and
    the variables that local reads (`x = var.a && var.b`): what turning a switch off there turns off too."""
    found: dict[tuple[str, str | None, bool], None] = {}
    for m, b in _callers(module, block):
        for meta in ("count", "for_each"):
            attr = b.attributes.get(meta)
            if attr is not None:
                found.update(dict.fromkeys(_reads(m, attr.expr, 0)))
    return tuple(found)


def _callers(module: Module, block: Block) -> Iterator[tuple[Module, Block]]:
    """The block, then each module call above it, each with the module it is written in."""
    yield module, block
    depth = 0
    while module.parent is not None and module.call is not None and depth < _MAX_DEPTH:
        yield module.parent, module.call.block
        module, depth = module.parent, depth + 1


def _reads(module: Module, expr: Expr, depth: int) -> Iterator[tuple[str, str | None, bool]]:
    """What one expression reads: the locals (each worked out once, `_local_reads`) and variables it names; past
    `_MAX_PARTS` parts, or a local whose reads were cut short, `UNTOLD_READS`, and no more (it says enough)."""
    pending, seen = [expr], 0
    while pending:
        if seen >= _MAX_PARTS:
            yield UNTOLD_READS
            return
        node = pending.pop()
        seen += 1
        local, name = _local(node), _variable(node)
        if local is not None and local in module.locals:
            found = _local_reads(module, local, depth)
            yield from found
            if UNTOLD_READS in found:
                return
        elif name is not None and name in module.variables:
            place = _switch_origin(module, name, 0)
            yield (place[0], place[1]) + (False,) if place else (name, None, False)
        else:
            pending += children(node)


def _local_reads(module: Module, local: str, depth: int) -> tuple[tuple[str, str | None, bool], ...]:
    """What a local reads, itself first, at most `_MAX_PARTS`: worked out once and kept in `module.cache`, as every
    instance of every resource asks again, and one read many times over (`concat(local.x1, local.x1, …)`, each
    of those the same again) was walked once per path to it (12**6 walks from 1 KB). One met again on its own
    way down (a cycle) is itself alone. Locals naming locals are followed `_MAX_DEPTH` deep, as `why` and
    `placeholder` follow them (at 8, a switch read through a 9th local was missed: turning it off was offered as
    the NAT gateway's removal though it turns off more). Past that, or past `_MAX_PARTS` reads, what it reads is
    not told: `UNTOLD_READS` ends the answer, which is not kept (it says how far down the walk began, not what the
    local reads: kept, a shorter path to the same local took the cut answer), and ends its readers' walks too, so
    a walk cut short stops at its first cut."""
    key = ("reads", local)
    if key not in module.cache:
        expr_of, path = module.locals[local]
        itself = (local, from_root(path, module), True)
        if depth >= _MAX_DEPTH:
            return (itself, UNTOLD_READS)
        module.cache[key] = (itself,)
        found: dict[tuple[str, str | None, bool], None] = {itself: None}
        for read in _reads(module, expr_of, depth + 1):
            found[read] = None
            if len(found) >= _MAX_PARTS and read != UNTOLD_READS:
                found[UNTOLD_READS] = None
                break
        if UNTOLD_READS in found:
            del module.cache[key]
            return tuple(found)
        module.cache[key] = tuple(found)
    reads: tuple[tuple[str, str | None, bool], ...] = module.cache[key]
    return reads


def _local(expr: Expr | None) -> str | None:
    """`x` of an expression written `local.x`."""
    if expr is None or expr.kind != "attr" or expr.args[0].kind != "ref" or expr.args[0].args[0] != "local":
        return None
    return expr.args[1] if isinstance(expr.args[1], str) else None


def _variable(expr: Expr | None) -> str | None:
    """`x` of an expression written `var.x`."""
    if expr is None or expr.kind != "attr" or expr.args[0].kind != "ref" or expr.args[0].args[0] != "var":
        return None
    return expr.args[1] if isinstance(expr.args[1], str) else None


def _variable_origin(module: Module, name: str | None, depth: int) -> tuple[str, str] | None:
    """`origin` of variable `name` of `module`: a child's input its call leaves at the default is changed at that
    call; one its call passes as the caller's own `var.y` is followed up (a module calling a module)."""
    if name is None or name not in module.variables or depth > MODULE_LEVELS:
        return None
    if module.parent is not None:
        call = module.call
        if call is None:
            return None
        if name in module.inputs:  # (`dual_stack = var.ipv6` in the calling module: where that one is set)
            given = module.input_exprs.get(name)
            return _variable_origin(module.parent, _variable(given[0]), depth + 1) if given else None
        if "default" not in module.variables[name].block.attributes:
            return None
        return (name, CALL_DEFAULT + call_place(call, module))
    if name in module.inputs:
        if name not in module.origins:
            return None
        where, files = module.origins[name], module.unread_vars.get(name)
        return (name, where + var_files_aside(files) if files and where != "--var" else where)
    return (name, "") if "default" in module.variables[name].block.attributes else None


def _var_files(files: list[str]) -> str:
    """Var files beside a module, as a cause or a fix names them: "`prod.tfvars` and `staging.tfvars` …"."""
    return " and ".join(f"`{clipped(os.path.basename(f))}`" for f in files[:2]) + (" …" if len(files) > 2 else "")


def var_files_aside(files: list[str]) -> str:
    """What a fix that changes a root variable where a var file sets it adds where var files beside the module that
    Terraform reads only when named (`prod.tfvars`, modules.root_inputs' `unread`) set it too: a pipeline passing
    one with -var-file, which Terraform reads after terraform.tfvars and *.auto.tfvars, takes that one's value."""
    named, one = _var_files(files), len(files) == 1
    return (
        f" ({named} beside the module {'sets' if one else 'set'} it too, and a pipeline passing "
        f"{'it' if one else 'one'} with -var-file takes {'its' if one else 'that'} value instead)"
    )


def why_at(ev: Evaluator, block: Block, scope: Scope, path: tuple[Any, ...]) -> str | None:
    """The cause for the argument at `path` of a resource block (`("vpc_config", 0, "subnet_ids", 1)`)."""
    expr = _expression(block, path)
    if expr is None:
        return None
    for name, for_each, outer, key in _iterators(ev, block, scope, path):
        names = chain(expr, indexed=False)
        if len(names) < 2 or names[:2] != [name, "value"]:
            continue
        steps = tuple(itertools.takewhile(lambda step: isinstance(step, str), names[2:]))
        written, at = _narrowed(ev, for_each, outer, (key, *steps))
        shown = ".".join((name, "value", *steps))
        item = f'"{key[:80]}"' if isinstance(key, str) else key
        return f"is `{shown[:80]}` of item {item} of dynamic block `{name}`, which {why(ev, written, at)}"
    said = why(ev, expr, scope)
    if said != FALLBACK:
        return said
    # (a dynamic block's iterator is a name bound there, whether or not its for_each can be known)
    bound = Scope(scope.module, scope.path, {**scope.names, **dict.fromkeys(_dynamic_names(block, path))}, scope.each)
    bad = rejected(ev, expr, bound)
    return said if bad is None else f"cannot be known: {bad.said}"  # (most often a name mistyped for one of the run's)


def _dynamic_names(block: Block, path: tuple[Any, ...]) -> list[str]:
    """The iterator names of the `dynamic` blocks `path` goes through."""
    names: list[str] = []
    node: Block | None = block
    for step in path:
        if isinstance(step, int):  # (which block of that type: the same content for each)
            continue
        if node is None or not isinstance(step, str) or step in node.attributes:
            break
        written = list(node.children(step))
        dynamic = [b for b in node.children("dynamic") if b.labels[:1] == [step]]
        for found in dynamic:
            iterator = found.attributes.get("iterator")
            names.append(iterator.expr.args[0] if iterator is not None and iterator.expr.kind == "ref" else step)
        contents = [c for b in dynamic for c in b.children("content")]
        node = written[0] if written else contents[0] if len(contents) == 1 else None
    return names


def _iterators(ev: Evaluator, block: Block, scope: Scope, path: tuple[Any, ...]) -> list[tuple[str, Expr, Scope, Any]]:
    """The `dynamic` blocks `path` goes through, innermost first, each as its iterator's name, its `for_each`, the
    scope that is written in and the key of the item `path` is in: a `content` reads the item through the iterator,
    so why its value cannot be known is why that item's part of the `for_each` cannot be."""
    found: list[tuple[str, Expr, Scope, Any]] = []
    node, steps = block, list(path)
    while len(steps) >= 2 and isinstance(steps[0], str) and isinstance(steps[1], int):
        if steps[0] in node.attributes:
            break
        written = list(node.children(steps[0]))
        if written:  # (blocks written out: no iterator binds here)
            node, steps = written[min(steps[1], len(written) - 1)], steps[2:]
            continue
        dynamic = [b for b in node.children("dynamic") if b.labels[:1] == [steps[0]]]
        content = [c for b in dynamic for c in b.children("content")][:1]
        for_each = dynamic[0].attributes.get("for_each") if len(dynamic) == 1 else None
        if for_each is None or not content:
            break
        pairs = for_pairs(ev.eval(for_each.expr, scope))
        if pairs is UNKNOWN or not 0 <= steps[1] < len(pairs):
            break
        key, value = pairs[steps[1]]
        iterator = dynamic[0].attributes.get("iterator")
        name = iterator.expr.args[0] if iterator is not None and iterator.expr.kind == "ref" else steps[0]
        found.insert(0, (name, for_each.expr, scope, key))
        scope = Scope(scope.module, scope.path, {**scope.names, name: {"key": key, "value": value}}, scope.each)
        node, steps = content[0], steps[2:]
    return found


def _narrowed(ev: Evaluator, expr: Expr, scope: Scope, steps: tuple[Any, ...]) -> tuple[Expr, Scope]:
    """The expression written for `steps` (list positions, keys, attributes) inside `expr`, through conditions that
    can be decided, list and object constructors, and the variables (as their calls set them) and locals they name;
    as far as they go."""
    for _ in range(_MAX_DEPTH):
        kind, args, names = expr.kind, expr.args, chain(expr)
        if kind == "cond" and isinstance(test := ev.eval(args[0], scope), bool):
            expr = args[1] if test else args[2]
        elif kind == "attr" and len(names) == 2 and names[0] == "var" and names[1] in scope.module.input_exprs:
            expr, scope = scope.module.input_exprs[names[1]]
        elif kind == "attr" and len(names) == 2 and names[0] == "local" and names[1] in scope.module.locals:
            expr, path = scope.module.locals[names[1]]
            scope = Scope(scope.module, path)
        elif steps and kind == "tuple" and isinstance(steps[0], int) and 0 <= steps[0] < len(args):
            expr, steps = args[steps[0]], steps[1:]
        elif steps and kind == "object" and isinstance(steps[0], str):
            written = [value for key, value in args if key.kind == "lit" and key.args[0] == steps[0]]
            if not written:
                break
            expr, steps = written[0], steps[1:]
        else:
            break
    return expr, scope


def _expression(block: Block, path: tuple[Any, ...]) -> Expr | None:
    """The expression written at `path`; for an element of a written list, that element; for a
    `dynamic` block itself (whether it is there at all), its `for_each`."""
    node: Any = block
    for_each: Expr | None = None
    for step in path:
        if isinstance(node, Block) and isinstance(step, str):
            if step in node.attributes:
                node = node.attributes[step].expr
            else:
                blocks = list(node.children(step))
                if not blocks:  # `dynamic "step" { content { … } }`: every instance has that content
                    dynamic = [b for b in node.children("dynamic") if b.labels[:1] == [step]]
                    blocks = [c for b in dynamic for c in b.children("content")][:1]
                    found = dynamic[0].attributes.get("for_each") if len(dynamic) == 1 else None
                    for_each = found.expr if found is not None else None
                node = blocks if blocks else None
        elif isinstance(node, list) and isinstance(step, int):
            node = node[min(step, len(node) - 1)] if node else None
        elif isinstance(node, Expr) and node.kind == "tuple" and isinstance(step, int):
            node = node.args[step] if step < len(node.args) else node
        elif isinstance(node, Expr) and node.kind == "object" and isinstance(step, str):
            written = [value for key, value in node.args if key.kind == "lit" and key.args[0] == step]
            node = written[0] if written else node  # a key written out: its value's expression
        else:
            break
        if node is None:
            return None
    if for_each is not None and not isinstance(node, Expr):
        return for_each  # the block as a whole: how many there are is what cannot be known
    return node if isinstance(node, Expr) else None


def why(ev: Evaluator, expr: Expr, scope: Scope, depth: int = 0) -> str:
    """Why `expr` evaluates to unknown in `scope`."""
    if depth > _MAX_DEPTH:
        return TOO_DEEP
    if ev.budget.spent:  # (every evaluation since is unknown: what it reads cannot be told either)
        return (
            "cannot be known: lambda6lint stopped evaluating this configuration at its budget "
            f"({ev.budget.reason}: the E9600), so what it reads was not worked out (a plan, `terraform show -json`, "
            "holds its value)"
        )
    kind, args = expr.kind, expr.args
    if kind == "lit" and isinstance(args[0], str) and args[0]:
        return f"is the literal id `{args[0][:80]}`, a resource that is not in this run"
    if kind == "attr" and args[0].kind == "ref":
        found = _named(ev, args[0].args[0], args[1], scope, depth)
        if found is not None:
            return found
    names = chain(expr)
    if names and names[0] == "module" and len(names) >= 3:
        found = _module(ev, scope.module, names[1], names[2])
        if found is not None:
            return found
    if names and names[0] == "data" and len(names) >= 3:
        if names[1] == "aws_iam_policy_document":  # (made from its configuration: evaluator.attribute)
            found = _policy_document(ev, scope.module, f"{names[1]}.{names[2]}", depth)
            if found is not None:
                return found
        resolver = getattr(scope.module.loader, "remote", None)
        if names[1] == "terraform_remote_state" and resolver is not None:
            said = resolver.why(scope.module, names[2], names[4] if len(names) > 4 and names[3] == "outputs" else None)
            if said is not None:
                return said
        return f"comes from data source `data.{names[1]}.{names[2]}`, read only when Terraform runs {_PLANNED}"
    if kind == "attr":
        base = ev.eval(args[0], scope)
        if isinstance(base, ModuleRef) and args[1] in base.module.outputs:  # follow the module's output
            expr, path = base.module.outputs[args[1]]
            return why(ev, expr, Scope(base.module, path), depth + 1)
        if isinstance(base, InstanceRef) and base.key.startswith("data."):  # (a name bound to one: `for s in data.x`)
            return f"comes from data source `{base.key}`, read only when Terraform runs {_PLANNED}"
    picked_from = args[0] if kind == "index" else args[1][0] if kind == "call" and args[0] == "element" else None
    if isinstance(picked_from, Expr) and isinstance(alike := ev.eval(picked_from, scope), Alike):
        return _picked(alike)
    if kind in ("attr", "index"):
        found = _missing(ev, expr, scope)
        if found is not None:
            return found
    if kind == "call":
        name = args[0].removeprefix("provider::")
        if name not in FUNCTIONS and name not in SPECIAL:
            return f"uses `{name}()`, which lambda6lint does not evaluate"
        if name in ("try", "can"):
            return _attempt(ev, name, args[1], scope, depth)
        if name == "templatefile" and args[1]:
            path = ev.eval(args[1][0], scope)
            problem = _templates_over(ev, scope.module, path) or template_problem(scope.module, path)
            if problem is not None:
                return problem
        if name == "file" and len(args[1]) == 1 and (problem := file_problem(scope.module, ev.eval(args[1][0], scope))):
            return problem
    if kind == "cond":
        test = ev.eval(args[0], scope)
        if not isinstance(test, bool):
            return why(ev, args[0], scope, depth + 1)
    if kind in ("for_tuple", "for_object"):
        return _for(ev, expr, scope, depth)
    if kind == "attr" and scope.each is not None and (steps := _each_value_path(expr)):
        found = _each_value(ev, scope, depth, steps)
        if found is not None:
            return found
    for child in children(expr):
        if holds_unknown(ev.eval(child, scope)):
            return why(ev, child, scope, depth + 1)
    if kind == "ref" and args[0] == "each" and scope.each is not None:
        found = _each_value(ev, scope, depth)
        if found is not None:
            return found
    alike = scope.names.get(ALIKE_SCOPE)
    if kind == "ref" and isinstance(alike, tuple) and args[0] == ("each" if alike[2] else "count"):
        return (
            f"depends on `{'each' if alike[2] else 'count.index'}`, which differs among the instances (one per zone "
            f"`{alike[0]}` reads): the one standing for them all cannot tell which"
        )
    if kind == "ref" and args[0] in ("count", "each"):
        meta = scope.each  # (an instance whose key cannot be known: its count or for_each)
        outer = Scope(scope.module, meta.path or scope.path) if meta is not None else scope
        if meta is not None and holds_unknown(ev.eval(meta.expr, outer)):
            return f"depends on `{args[0]}`, whose {meta.name} {_meta(ev, meta.expr, outer, depth + 1)}"
        return f"depends on `{args[0]}`, whose value cannot be known (an unknown count or for_each)"
    if kind == "call":
        return _call(ev, expr, scope, depth)
    return _fallback(ev)


def _fallback(ev: Evaluator) -> str:
    """FALLBACK, and where a value past lambda6lint's limits was refused (`Budget.reason`, not final: a value over
    `MAX_VALUE`, a number over `MAX_INT_BITS`), that it may be why."""
    if ev.budget.reason is None:
        return FALLBACK
    return f"{FALLBACK}, maybe as it reads a value past lambda6lint's limits ({ev.budget.reason}: the E9600)"


def _templates_over(ev: Evaluator, module: Module, path: Any) -> str | None:
    """`templatefile()` of a template the evaluator left unparsed, the run's templates being over
    `MAX_TEMPLATE_BYTES` (asked before `template_problem`, which parses it): it is no fault of the template."""
    if ev.templates_parsed <= MAX_TEMPLATE_BYTES:
        return None
    text, _ = template_text(module, path)
    if text is None or hcl.parsed_already(text):
        return None
    return (
        "is made by `templatefile()` from a template lambda6lint did not render: the run's templates are over "
        f"{MAX_TEMPLATE_BYTES:,} characters, more than it parses (a plan, `terraform show -json`, holds the value)"
    )


def _for(ev: Evaluator, expr: Expr, scope: Scope, depth: int) -> str:
    """A `for` expression: its collection, else the first item whose key, value or condition is unknown,
    explained with the item bound (the names are unbound outside it)."""
    names, collection = expr.args[0], expr.args[1]
    items = ev.eval(collection, scope)
    pairs = for_pairs(items)
    if pairs is UNKNOWN or holds_unknown(items):
        return why(ev, collection, scope, depth + 1)
    if len(pairs) > MAX_ITEMS:  # (the evaluator's limit: it is unknown whatever its items)
        return f"is a `for` expression over {len(pairs):,} items, more than the {MAX_ITEMS:,} lambda6lint evaluates"
    for key, value in pairs[:MAX_INSTANCES]:
        bound = {names[0]: value} if len(names) == 1 else {names[0]: key, names[1]: value}
        inner = Scope(scope.module, scope.path, {**scope.names, **bound}, scope.each)
        for part in expr.args[2:]:
            if isinstance(part, Expr) and holds_unknown(ev.eval(part, inner)):
                return why(ev, part, inner, depth + 1)
    return _fallback(ev)


def _each_value(ev: Evaluator, scope: Scope, depth: int, path: tuple[str, ...] = ()) -> str | None:
    """`each.value` (or `each.value.role`: `path`) is unknown though its key is known: what the `for_each`
    gives at that key is, as far as it is written out (a map of objects, in the `for_each` or a local it
    names), else the whole `for_each`."""
    each = scope.names.get("each")
    meta = scope.each
    if meta is None or not isinstance(each, dict) or not isinstance(each.get("key"), str):
        return None
    key = each["key"]
    outer = Scope(scope.module, meta.path or scope.path)
    expr, outer = _written(meta.expr, (key, *path), outer)
    named = "".join(f".{step}" for step in path)
    return f'is `each.value{named[:80]}` of key "{key[:80]}", which {why(ev, expr, outer, depth + 1)}'


def _written(expr: Expr, steps: tuple[str, ...], scope: Scope) -> tuple[Expr, Scope]:
    """The expression written for `steps` (keys, then attributes) inside `expr`, through object
    constructors and the locals they name; as far as they go."""
    for step in steps:
        for _ in range(_MAX_DEPTH):  # (a local naming a local…)
            names = chain(expr)
            if len(names) != 2 or names[0] != "local" or names[1] not in scope.module.locals or expr.kind != "attr":
                break
            expr, path = scope.module.locals[names[1]]
            scope = Scope(scope.module, path)
        written = [v for k, v in expr.args if k.kind == "lit" and k.args[0] == step] if expr.kind == "object" else []
        if not written:
            break
        expr = written[0]
    return expr, scope


def _missing(ev: Evaluator, expr: Expr, scope: Scope) -> str | None:
    """`local.obj.missing` on an object without it, `list[9]` past its end: Terraform fails there."""
    base = ev.eval(expr.args[0], scope)
    what = ".".join(chain(expr.args[0])) or "the value"
    if expr.kind == "attr" and isinstance(base, dict) and expr.args[1] not in base:
        return f"reads `{expr.args[1]}`, which `{what[:80]}` does not have: Terraform fails there"
    if expr.kind == "attr" and isinstance(base, ModuleRef) and expr.args[1] not in base.module.outputs:
        return _undeclared_output(base.module, str(expr.args[1]), what)
    if expr.kind == "index" and isinstance(base, list):
        key = ev.eval(expr.args[1], scope)
        if isinstance(key, int) and not isinstance(key, bool) and not 0 <= key < len(base):
            return f"reads element {key} of `{what[:80]}`, which has {len(base)}: Terraform fails there"
    return None


def _attempt(ev: Evaluator, name: str, exprs: tuple[Expr, ...], scope: Scope, depth: int) -> str:
    """Why `try(…)`/`can(…)` is unknown: the first argument that does not fail (its outcome, or its
    value, cannot be known), or none that succeeds."""
    for arg in exprs:
        if ev.attempt("can", (arg,), scope) is not False:
            return why(ev, arg, scope, depth + 1)
    return f"fails in every argument of `{name}(…)`, as Terraform would: the configuration does not apply"


def _call(ev: Evaluator, expr: Expr, scope: Scope, depth: int) -> str:
    """A function whose arguments are known but whose result is not: Terraform rejects the call, an argument
    holds text with an unknown part (`toset()` of `"${subnet}/${az}"` texts over the zones a data source names:
    that part's cause), or lambda6lint does not compute that case (a regular expression, a number Python cannot
    hold)."""
    name, arg_exprs, expand = expr.args
    if name == "templatefile" and len(arg_exprs) == 2 and not expand:
        found = _template(ev, arg_exprs, scope)
        if found is not None:
            return found
    func = FUNCTIONS.get(str(name).removeprefix("provider::"))
    if func is not None and not expand:
        try:
            func(*[ev.eval(a, scope) for a in arg_exprs])
        except Invalid as exc:
            return f"makes `{name}()` fail ({str(exc)[:120]}), as Terraform would: the configuration does not apply"
        except Exception:  # noqa: BLE001 - any other failure is ours: the generic clause below
            pass
    for arg in arg_exprs:
        if _holds_partial(ev.eval(arg, scope)):
            return why(ev, arg, scope, depth + 1)
    return f"is computed by `{name}(…)`, which lambda6lint cannot evaluate for these arguments"


def _template(ev: Evaluator, arg_exprs: list[Expr], scope: Scope) -> str | None:
    """`templatefile()` of a template read and variables known: the first of its interpolations and
    directives' conditions and collections (outside loops) that is unknown."""
    text, _ = template_text(scope.module, ev.eval(arg_exprs[0], scope))
    parsed = hcl.template(text) if text is not None else None
    given = ev.eval(arg_exprs[1], scope)
    if parsed is None or not isinstance(given, dict):
        return None
    inside = Scope(scope.module, scope.path, {str(k): v for k, v in given.items()})
    ev.rendering += 1  # (as the template is rendered: only its variables may be referred to)
    try:
        return _template_part(ev, parsed, inside)
    finally:
        ev.rendering -= 1


def _template_part(ev: Evaluator, parsed: Expr, inside: Scope) -> str | None:
    pending = [p for p in parsed.args if isinstance(p, Expr)] if parsed.kind == "tmpl" else []
    while pending:
        part = pending.pop(0)
        if part.kind == "tmpl_if":
            pending = [part.args[0], *(p for p in part.args[1] + part.args[2] if isinstance(p, Expr)), *pending]
            continue
        if part.kind == "tmpl_for":
            part = part.args[1]  # (its body's names are bound in the loop only)
        if not holds_unknown(ev.eval(part, inside)):
            continue
        walk, names = [part], []
        while walk:  # (a name the variables do not give: Terraform rejects the template)
            node = walk.pop()
            if node.kind == "ref" and node.args[0] not in inside.names:
                names.append(node.args[0])
            walk += children(node)
        if names:
            return (
                f"is made by `templatefile()` from a template that uses `{names[-1]}`, which its variables do not give"
            )
        return f"is made by `templatefile()`, whose template {why(ev, part, inside)}"
    return None


def _named(ev: Evaluator, root: str, name: str, scope: Scope, depth: int) -> str | None:
    """The cause behind `var.x`, `local.x`, `data.x`, `module.x`, or None to keep looking."""
    module = scope.module
    if root == "var":
        if name in module.input_exprs:
            expr, outer = module.input_exprs[name]
            return why(ev, expr, outer, depth + 1)
        declared = module.variables.get(name)
        if declared is None:
            return f"refers to `var.{name}`, which is not declared"
        default = declared.block.attributes.get("default")
        if name in module.inputs or default is None:
            files = module.unread_vars.get(name)
            if files and name not in module.inputs:
                named = _var_files(files)
                return (
                    f"comes from variable `{name}`, which has no value: {named} beside the module sets it, which "
                    f"Terraform reads only when named (pass --var-file {clipped(files[0])}, or --var {name}=…)"
                )
            return f"comes from variable `{name}`, which has no value (pass --var {name}=… or a .tfvars file)"
        return why(ev, default.expr, Scope(module, default.path or declared.path), depth + 1)
    if root == "local" and name in module.locals:
        expr, path = module.locals[name]
        return why(ev, expr, Scope(module, path), depth + 1)
    if root == "data":
        return f"comes from data source `data.{name}`, read only when Terraform runs {_PLANNED}"
    if root == "module":
        return _module(ev, module, name, None)
    declared = module.resources.get(f"{root}.{name}")
    meta = next((m for m in ("count", "for_each") if m in declared.block.attributes), None) if declared else None
    if declared is not None and meta is not None and ev.keys(module, declared, "resource") is UNKNOWN:
        if root not in ALIKE_TYPES and (zones := ev.per_zone(module, declared)) is not None:
            return _per_zone(f"{module.prefix}{root}.{name}", zones, root == "aws_nat_gateway")
        expr = declared.block.attributes[meta].expr
        return f"refers to `{root}.{name}`, whose `{meta}` {_meta(ev, expr, Scope(module, declared.path), depth + 1)}"
    return None


def _meta(ev: Evaluator, expr: Expr, scope: Scope, depth: int) -> str:
    """Why a `count` or `for_each` leaves a block's instances unknown: one that is known but makes more instances
    than lambda6lint evaluates (`MAX_INSTANCES`, which the evaluator takes as unknown) says so, not "cannot be
    evaluated statically"; any other, `why`."""
    value = ev.eval(expr, scope)
    size = value if isinstance(value, int) and not isinstance(value, bool) else None
    size = len(value) if isinstance(value, (list, dict)) and not holds_unknown(value) else size
    if size is not None and size > MAX_INSTANCES:
        return (
            f"makes {size:,} instances, more than the {MAX_INSTANCES} lambda6lint evaluates one by one (a plan, "
            "`terraform show -json`, lists each)"
        )
    return why(ev, expr, scope, depth)


def _per_zone(address: str, zones: str, nat: bool) -> str:
    """Resources made for each zone of the region (`Evaluator.per_zone`) that no representative stands for:
    their number matters (a NAT gateway's cost), and only Terraform knows it. `address`: the block's, its module's
    prefix kept (`module.net[0].aws_nat_gateway.main`), as the zones are said."""
    which = said_zones(zones)
    billed = "each is billed, and W9650 and I9651 weigh each; " if nat else ""
    return (
        f"refers to `{address}`, one for each zone {which}: at least one in every region, but how many, and which is "
        f"which, only Terraform knows when it runs, and no one of them is taken to stand for them all ({billed}a "
        "plan, `terraform show -json`, lists them)"
    )


def _picked(alike: Alike) -> str:
    """Why one item of an `Alike` (`aws_subnet.private[*].id[0]`, through a list of them) cannot be known: its
    representative stands for every instance, not for one picked by position (`Evaluator.pick`)."""
    item = alike.item
    address = getattr(item, "address", None) if isinstance(item, (Link, InstanceRef)) else None
    if not isinstance(address, str):
        return FALLBACK
    return (
        f"reads one instance of `{address.removesuffix('[*]')}` picked by position (an index, element()), one of those "
        f"made for each zone {said_zones(alike.count)}: at least one in every region, but which is which only "
        "Terraform knows when it runs, so the one standing for them all cannot tell"
    )


def _policy_document(ev: Evaluator, module: Module, name: str, depth: int) -> str | None:
    """Why a policy document data source (one instance, no `dynamic` statements) cannot all be known:
    the first of its arguments that cannot be."""
    declared = module.data.get(name)
    if declared is None or {"count", "for_each"} & set(declared.block.attributes):
        return None
    scope = ev.instance_scope(module, declared, None)
    blocks = [declared.block]
    while blocks:
        block = blocks.pop(0)
        if block.children("dynamic"):
            return None
        for attr in block.attributes.values():
            if attr.name not in META_ARGS and holds_unknown(ev.eval(attr.expr, scope)):
                return why(ev, attr.expr, scope, depth + 1)
        blocks += block.blocks
    return None


def _module(ev: Evaluator, module: Module, name: str, output: str | None) -> str | None:
    """Why `module.<name>` (or its `output`) is unknown; None when it is a module we read (its
    output is followed)."""
    from lambda6lint.loaders.terraform import models

    declared = module.calls.get(name)
    if declared is None:
        return f"refers to `module.{name}`, which is not declared"
    source = declared.block.attributes.get("source")
    text = str(source.expr.args[0]) if source is not None and source.expr.kind == "lit" else "?"
    if any(
        isinstance(v, ModuleRef) for k, v in module.cache.items() if isinstance(k, tuple) and k[:2] == ("child", name)
    ):
        return None
    meta = next((m for m in ("count", "for_each") if m in declared.block.attributes), None)
    if meta is not None and ev.keys(module, declared, "module") is UNKNOWN:
        cause = _meta(ev, declared.block.attributes[meta].expr, Scope(module, declared.path), 1)
        return f"comes from module `{name}`, whose `{meta}` {cause}"
    if text.startswith(("./", "../")):
        # what the loader found of its folder (modules._folder): outside the tree, whether it exists is not
        # looked at, as the module call's own note says
        found = module.cache.get(("folder", name))
        if isinstance(found, tuple) and len(found) == 3 and found[2]:
            return (
                f"comes from local module `{name}` (`{text[:80]}`), which lies outside the folder being linted "
                "(lint a folder that contains both)"
            )
        if os.path.isdir(os.path.join(module.folder, text)):  # (E9600 says why: recursion, budget)
            return f"comes from local module `{name}` (`{text[:80]}`), which could not be read (see the input errors)"
        return f"comes from local module `{name}` (`{text[:80]}`), which is not there"
    what = f"output `{output}` of module `{name}`" if output else f"module `{name}`"
    unmodelled = module.cache.get(("unmodelled", name))
    if unmodelled:
        return f"comes from {what} (`{text[:80]}`), which {unmodelled}"
    version = declared.block.attributes.get("version")
    constraint = version.expr.args[0] if version is not None and version.expr.kind == "lit" else None
    if models.model_for(text) is not None and models.model_for(text, constraint) is None:
        return (
            f"comes from {what} (`{text[:80]}`), which is not installed here, and its version constraint "
            f"`{str(constraint)[:40]}` picks a release older than the ones lambda6lint's built-in model follows "
            "(run `terraform init`)"
        )
    if models.model_for(text) is not None:
        return f"comes from {what} (`{text[:80]}`), which lambda6lint's built-in model of it does not compute"
    return (
        f"comes from module `{name}` (`{text[:80]}`), which is not installed here "
        "(run `terraform init` so that .terraform/modules holds it)"
    )


def _each_value_path(expr: Expr) -> tuple[str, ...]:
    """`each.value.role.arn` → ("role", "arn"); () for anything else."""
    names: list[str] = []
    while expr.kind == "attr":
        names.append(str(expr.args[1]))
        expr = expr.args[0]
    if expr.kind == "ref" and expr.args[0] == "each" and names and names[-1] == "value":
        return tuple(reversed(names[:-1]))
    return ()


def chain(expr: Expr, indexed: bool = True) -> list[str]:
    """`data.aws_x.name.id` as its names, from the root reference, through an index (`aws_subnet.a[0].id`) unless
    not `indexed`; [] for anything else."""
    names: list[str] = []
    while expr.kind in (("attr", "index") if indexed else ("attr",)):
        if expr.kind == "attr":
            names.append(str(expr.args[1]))
        expr = expr.args[0]
    return [expr.args[0], *reversed(names)] if expr.kind == "ref" else []


def children(expr: Expr) -> list[Expr]:
    out: list[Expr] = []
    for arg in expr.args:
        if isinstance(arg, Expr):
            out.append(arg)
        elif isinstance(arg, (list, tuple)):
            for item in arg:
                if isinstance(item, Expr):
                    out.append(item)
                elif isinstance(item, (list, tuple)):
                    out += [x for x in item if isinstance(x, Expr)]
    return out


#: The most items `holds_unknown` and `named` look at in one value: values share their lists (a local
#: of 256 copies of another), so a walk of each item made a few lines of Terraform take minutes.
MAX_WALK = 10_000


def _walk(value: Any) -> Iterator[Any]:
    """The value and what it holds, each list or map once, at most `MAX_WALK` items."""
    pending, seen, count = [value], set(), 0
    while pending and count < MAX_WALK:
        item = pending.pop()
        count += 1
        yield item
        if isinstance(item, (list, tuple, dict)) and id(item) not in seen:
            seen.add(id(item))
            pending.extend(itertools.islice(item.values() if isinstance(item, dict) else item, MAX_WALK))


def _holds_partial(value: Any) -> bool:
    """Whether the value is, or holds anywhere (as far as `MAX_WALK` items), text with an unknown part
    (`"${subnet}/${az}"` of a zone a data source names): `toset()` of such texts cannot know its keys."""
    return any(isinstance(item, Partial) for item in _walk(value))


def holds_unknown(value: Any) -> bool:
    """Whether the value is, or holds anywhere (as far as `MAX_WALK` items), UNKNOWN."""
    if value is UNKNOWN:
        return True
    if not isinstance(value, (list, dict)):
        return False
    return any(item is UNKNOWN for item in _walk(value))


def literal_or_link(value: Any) -> str | None:
    """Causes that the value itself tells: a literal id, a resource whose instances cannot be known, or
    a list where one id belongs (0.11's `["${var.ids}"]`, which 0.12 and later reject)."""
    if isinstance(value, str) and value:
        return f"is the literal id `{value[:80]}`, a resource that is not in this run"
    if isinstance(value, Elsewhere) and local_address(value.link.address).startswith("data."):
        return (
            f"is looked up by data source `{value.link.address}` in {value.there} while this resource deploys to "
            f"{value.here} (their `region`): no id of {value.there} names anything in {value.here}, so Terraform's "
            f"apply fails, whatever it finds (look it up in {value.here} to decide it)"
        )
    if isinstance(value, Elsewhere):
        return (
            f"refers to `{value.link.address}`, which deploys to {value.there} while this resource deploys to "
            f"{value.here} (their `region`): no id of {value.there} names anything in {value.here}, so Terraform's "
            f"apply fails or it names a resource the files do not hold (put both in one region to decide it)"
        )
    if isinstance(value, Link) and value.attr == "default_security_group_id":
        return (
            f"is the default security group of `{value.address}`, which no aws_default_security_group manages "
            "here: its rules are AWS's defaults, not written in the code (manage it to decide them)"
        )
    if isinstance(value, Link) and local_address(value.address).startswith("data."):
        return f"cannot be known: data source `{value.address}` looks it up, and it may be one this run makes"
    if isinstance(value, Link):
        return f"refers to `{value.address}`, whose instances cannot be known (an unknown count or for_each)"
    if isinstance(value, list):
        return (
            "is a list where one id belongs: Terraform 0.12 and later reject it (0.11 flattened "
            '`["${var.ids}"]`; write `var.ids` or `concat(…)`)'
        )
    return None


__all__ = ["META_ARGS", "why", "why_at", "literal_or_link"]


#: Resources whose `ipv6_cidr_block` is addresses of a VPC: its block, an extra block of it, a subnet's.
OWN_BLOCKS = frozenset({"aws_vpc", "aws_vpc_ipv6_cidr_block_association", "aws_subnet"})


def own_block(declared: Declared, prefix: str) -> Callable[[tuple[Any, ...]], str | None]:
    """`Instance.own`: the address (its module's `prefix`, no instance key) of the VPC (or its subnet, or extra block)
    of the module whose `ipv6_cidr_block` the argument at a path is written as, or `cidrsubnet` of: addresses AWS
    assigns, which traffic reaches inside that VPC."""

    def own(path: tuple[Any, ...]) -> str | None:
        found = _own(_expression(declared.block, path))
        return None if found is None else prefix + found

    return own


def paired_block(declared: Declared, module: Module) -> Callable[[tuple[Any, ...], bool], str | None]:
    """`Instance.pair`: the address (its module's `prefix`, no instance key) of the resource block whose instance at
    the same position the argument at a path is the id of, where the block's count is that block's number of
    instances and the argument names it by `count.index` (`count = length(aws_subnet.private)`, `subnet_id =
    aws_subnet.private[count.index].id`, `aws_subnet.private.*.id[count.index]` or `element(aws_subnet.private.*.id,
    count.index)`), or its `for_each` is that block and the argument names it by `each.value` or `each.key`
    (`for_each = aws_subnet.private`, `subnet_id = each.value.id`): instance i (key k) names that block's instance
    i (k), whatever their number. None for anything else (another count or index, a filter). Asked `beside`, the
    argument names another block the same way, by the position in the counted one (`route_table_id =
    aws_route_table.private[count.index].id` beside that `count`, `aws_route_table.private[each.key].id` beside
    that `for_each`): that other block, one of whose instances it is, whatever their number (an index none of them
    has fails the plan; element() wraps round to one of them). A block of the module counted alike (`_alike`: its
    `count`, or `for_each`, the same expression as this block's, `count = length(var.private)` on both) is paired
    the same way, asked `beside` or not: instance i (key k) of each is there with the other's."""
    attrs, prefix = declared.block.attributes, module.prefix

    def pair(path: tuple[Any, ...], beside: bool = False) -> str | None:
        if ("count" in attrs) == ("for_each" in attrs):
            return None
        expr = _expression(declared.block, path)
        if expr is None:
            return None
        positions = [["each", "key"]]
        if "count" in attrs:
            block, position = _counted(attrs["count"].expr), ["count", "index"]
            positions = [position]
        else:
            block, position = _resource(attrs["for_each"].expr), ["each", "key"]
            if key_is_value(module, attrs["for_each"].expr):  # (over a set, `aws_subnet.a[each.value]` is by key)
                positions.append(["each", "value"])
            if block is not None and chain(expr, indexed=False) == ["each", "value", "id"]:
                return prefix + block  # (of the block itself, asked `beside` or not)
        found = _item_at(expr)  # (by element(), `.*.id[…]`: count.index stays below the count)
        if found is None or (found[0] != "item" and position[0] != "count"):
            return None
        named, index = _resource(found[1]), found[2]
        if named is None or chain(index, indexed=False) not in positions:
            return None
        meta = "count" if position[0] == "count" else "for_each"
        if (block is None or (named != block and not beside)) and not _alike(module, declared, named, meta):
            return None
        return prefix + named

    return pair


def listed_block(declared: Declared, prefix: str) -> Callable[..., str | None]:
    """`Instance.listed`: the address (its module's `prefix`, no instance key) of the resource block one of whose
    instances the argument at a path is the id of, whatever the index: `element(aws_route_table.private[*].id, i)`
    (or `.*.id`) for any `i` (`var.single_nat_gateway ? 0 : count.index`: element() wraps round modulo the list's
    length, and an empty list fails the plan). Asked `by_position`, in a counted block, also
    `aws_nat_gateway.this[count.index].id` (or `aws_nat_gateway.this.*.id[count.index]`), whatever the two counts: an
    index none of them has fails the plan. None for anything else (another index, a splat's item, `[*].id[i]`)."""
    counted = "count" in declared.block.attributes

    def listed(path: tuple[Any, ...], by_position: bool = False) -> str | None:
        expr = _expression(declared.block, path)
        found = None if expr is None else _item_at(expr)
        if found is None:
            return None
        form, items, index = found
        if form != "element" and not (
            by_position and counted and isinstance(index, Expr) and chain(index, indexed=False) == ["count", "index"]
        ):
            return None
        named = _resource(items)
        return None if named is None else prefix + named

    return listed


def _item_at(expr: Expr) -> tuple[str, Expr, Any] | None:
    """An id of one instance of a block's, picked by an index `i`: `X[i].id` ("item"), `X[*].id[i]` or `X.*.id[i]`
    ("splat"), `element(X[*].id, i)` ("element"): the form, `X` and `i`; None for anything else."""
    kind, args = expr.kind, expr.args
    if kind == "attr" and args[1] == "id" and args[0].kind == "index":
        return "item", args[0].args[0], args[0].args[1]
    if kind == "index" and _ids(args[0]):
        return "splat", args[0].args[0], args[1]
    if kind == "call" and args[0] == "element" and len(args[1]) == 2 and not args[2] and _ids(args[1][0]):
        return "element", args[1][0].args[0], args[1][1]
    return None


def placing_blocks(declared: Declared, module: Module) -> Callable[[tuple[Any, ...]], tuple[str, ...] | None]:
    """`Instance.placed`: the addresses (no instance key, their modules' kept) of the resource blocks a subnet
    argument (a list of ids or one id) is made of alone, whatever their number of instances: `[for s in
    aws_subnet.public : s.id]`, `aws_subnet.public[*].id`, `values(aws_subnet.public)[*].id`,
    `aws_subnet.public[var.i].id`, lists of them joined (`concat()`) or an item of one (`[0]`), either branch of a
    condition, followed through locals, a child module's input and a called module's output (`var.subnet_ids` given
    `module.vpc.public_subnet_ids`, its output `[for s in aws_subnet.public : s.id]`). None where anything else may
    be in it (a root variable, a data source, `each.value`, a module call of a count): an id from outside the run,
    which may be any subnet's."""

    def placed(path: tuple[Any, ...]) -> tuple[str, ...] | None:
        expr = _expression(declared.block, path)
        found = None if expr is None else _ids_in(expr, module, 0)
        return None if found is None or not found.blocks else tuple(dict.fromkeys(found.blocks))

    return placed


def placing_item(declared: Declared, module: Module) -> Callable[[tuple[Any, ...]], tuple[str, ...] | None]:
    """`Instance.picked_from`: for a subnet argument that is one id picked from the ids of every instance of one
    resource block, whatever the index (`module.vpc.private_subnet_ids[0]`, its output `[for s in
    aws_subnet.private : s.id]`; `aws_subnet.private[var.i].id`, `element(…, i)`, either branch of a condition
    picking from the same block), that block's address; for a list of such items, each one's. An index past the
    end fails the plan, so the id is one of them; whether there is any, the caller decides. None where the list may
    hold fewer (a for expression's `if`) or other ids (two blocks joined, a root variable)."""

    def picked(path: tuple[Any, ...]) -> tuple[str, ...] | None:
        expr = _expression(declared.block, path)
        if expr is None:
            return None
        items = list(expr.args) if expr.kind == "tuple" else [expr]
        found = [_ids_in(item, module, 0) if isinstance(item, Expr) else None for item in items]
        if not found or any(ids is None or not ids.item for ids in found):
            return None
        return tuple(dict.fromkeys(ids.blocks[0] for ids in found if ids is not None))

    return picked


#: Arguments that place a resource in subnets (`Mapper.placed_among`, `placing_sites`).
PLACING = frozenset({"subnet_id", "subnet_ids", "subnets", "vpc_zone_identifier"})


def placing_sites(declared: Declared, module: Module) -> Callable[[tuple[Any, ...]], tuple[int, ...]]:
    """`Instance.placing_sites`: for a host's subnet argument whose value nothing else reads, the expressions (by
    id) that value is made by alone: the argument written (each item of a list written), or, for `var.<name>`
    that its module reads nowhere else, what its caller gives (so on up). A pick of one instance of a
    representative there (`module.vpc.private_subnet_ids[0]`, `Evaluator.picked_at`) only places the host, which
    attaches nothing to the subnet. () where anything else in the module may read the argument (a reference to
    the host's block that is not to another of its attributes)."""
    host = declared.block.labels[:2]

    def sites(path: tuple[Any, ...]) -> tuple[int, ...]:
        expr = _expression(declared.block, path)
        if expr is None or len(host) != 2 or not path or not _unread(module, host, path[0]):
            return ()
        items = list(expr.args) if expr.kind == "tuple" else [expr]
        return tuple(id(_given(item, module)) for item in items if isinstance(item, Expr))

    return sites


def _unread(module: Module, host: list[str], argument: Any) -> bool:
    """Whether every reference in `module` to the resource block `host` reads an attribute other than `argument`
    and the subnet arguments (`aws_instance.app.private_ip`); a reference to the whole block (an output of it,
    `depends_on`, a splat) may carry them."""
    for names in _module_references(module):
        if names[:2] == host and (len(names) < 3 or names[2] == argument or names[2] in PLACING):
            return False
    return True


def _given(expr: Expr, module: Module) -> Expr:
    """`expr`, or for `var.<name>` that its module reads nowhere else, what its caller gives, so on up."""
    for _ in range(_MAX_DEPTH):
        names = chain(expr, indexed=False)
        if expr.kind != "attr" or len(names) != 2 or names[0] != "var" or module.parent is None:
            break
        given = module.input_exprs.get(names[1])
        if given is None or sum(found[:2] == names for found in _module_references(module)) != 1:
            break
        expr, module = given[0], given[1].module
    return expr


def _module_references(module: Module) -> list[list[str]]:
    """The references (`chain`) written in a module's resources, data sources, module calls, locals and outputs
    (read once per module instance)."""
    found = module.cache.get(_REFERENCES)
    if found is None:
        exprs: list[Expr] = [e for e, _ in (*module.locals.values(), *module.outputs.values())]
        for declared in (*module.resources.values(), *module.data.values(), *module.calls.values()):
            exprs += block_expressions(declared.block, meta=True)
        found = module.cache[_REFERENCES] = [names for expr in exprs for names in _references(expr)]
    return found  # type: ignore[no-any-return]


_REFERENCES = ("causes", "references")


def block_expressions(block: Block, meta: bool = False) -> list[Expr]:
    """The expressions of a block and of the blocks in it; with `meta`, its `count`, `for_each`, `depends_on` and the
    like too (a `depends_on` names a whole block)."""
    found: list[Expr] = []
    pending = [block]
    while pending:
        item = pending.pop()
        found += [attr.expr for name, attr in item.attributes.items() if meta or name not in META_ARGS]
        pending += item.blocks
    return found


def _references(expr: Expr) -> Iterator[list[str]]:
    """Each reference in `expr`, whole (`aws_instance.app[0].private_ip`, not its `aws_instance.app`), with
    those in its indexes."""
    stack: list[Any] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
            continue
        if not isinstance(node, Expr):
            continue
        names = chain(node)
        if not names:
            stack.extend(node.args)
            continue
        yield names
        while node.kind in ("attr", "index"):
            if node.kind == "index":
                stack.append(node.args[1])
            node = node.args[0]


class _Ids:
    """What ids of which resource blocks an expression holds (`_ids_in`)."""

    __slots__ = ("blocks", "every", "item")

    def __init__(self, blocks: tuple[str, ...], every: bool = False, item: bool = False) -> None:
        #: The blocks (their module's prefix kept; repeats kept) whose ids alone it holds, whatever their number.
        self.blocks = blocks
        #: A list of every id of the one block `blocks` names and nothing else (no `if`, no other block).
        self.every = every
        #: One id picked from every id of the block `blocks[0]`, whatever the index (an index past the end fails).
        self.item = item


def _ids_in(expr: Expr, module: Module, depth: int) -> _Ids | None:
    """What ids of which resource blocks an id or a list of ids written in `module` holds: `aws_subnet.a[*].id`,
    `values(aws_subnet.a)[*].id`, `[for s in aws_subnet.a : s.id]` (every id; fewer with an `if`), an item of one
    (`[0]`, `element(…, i)`, `aws_subnet.a[var.i].id`: one picked), lists of them joined (`concat()`), either branch
    of a condition, followed through locals, a child module's input and a called module's output. None where it
    may hold any other id (a root variable, a data source, `each.value`, a module call of a count)."""
    if depth > _MAX_DEPTH:
        return None
    kind, args = expr.kind, expr.args
    names = chain(expr, indexed=False)
    if len(names) == 2 and names[0] in ("var", "local") or len(names) == 3 and names[0] == "module":
        return _through(names, module, depth)  # (`module.vpc.public_subnet_ids`: its output)
    if kind == "attr" and args[1] == "id":  # `aws_subnet.a.id`, `aws_subnet.a[<any index>].id` (one picked)
        picked = args[0].kind == "index"
        named = _resource(args[0].args[0] if picked else args[0])
        return None if named is None else _Ids((module.prefix + named,), item=picked)
    if kind == "index":  # an item of a list of them (`module.vpc.public_subnet_ids[0]`), whatever the index
        listed = _ids_in(args[0], module, depth + 1)
        return None if listed is None else _Ids(listed.blocks, item=listed.every)
    if kind == "splat":  # `aws_subnet.a[*].id`, `values(aws_subnet.a)[*].id`
        named = _listed(args[0]) if _ids(expr) else None
        return None if named is None else _Ids((module.prefix + named,), every=True)
    if kind == "for_tuple":  # `[for s in aws_subnet.a : s.id]` (an `if` keeps fewer of them)
        bound, body = args[0], args[2]
        named = _listed(args[1])
        if named is None or body.kind != "attr" or body.args[1] != "id" or body.args[0].kind != "ref":
            return None
        return _Ids((module.prefix + named,), every=args[3] is None) if body.args[0].args[0] == bound[-1] else None
    if kind == "tuple":
        parts = list(args)
    elif kind == "cond":
        parts = [args[1], args[2]]  # (either branch: the test decides which, not what else)
    elif kind == "call" and args[0] in _JOINING and args[1] and not (args[2] and args[0] in _FIRST_ONLY):
        parts = list(args[1][:1] if args[0] in _FIRST_ONLY else args[1])
    else:
        return None
    found: list[_Ids] = []
    for part in parts:
        more = _ids_in(part, module, depth + 1) if isinstance(part, Expr) else None
        if more is None:
            return None
        found.append(more)
    blocks = tuple(block for ids in found for block in ids.blocks)
    if kind == "cond":  # (one picked where both branches pick from the same block)
        yes, no = found
        return _Ids(blocks, item=yes.item and no.item and yes.blocks[0] == no.blocks[0])
    if kind == "call" and not args[2] and len(args[1]) == (2 if args[0] == "element" else 1):
        if args[0] == "element":  # (`element(<every id>, i)`: one picked)
            return _Ids(blocks, item=found[0].every)
        return _Ids(blocks, every=args[0] in _SAME_IDS and found[0].every)  # (`tolist(…)`, `sort(…)`: the same)
    return _Ids(blocks)


def _through(names: list[str], module: Module, depth: int) -> _Ids | None:
    """`_ids_in` of what `var.<name>` (a child module's input), `local.<name>` or `module.<call>.<output>` is written
    as, in the module it is written in; None for a root variable (from outside the run) or what cannot be found."""
    if names[0] == "local":
        found = module.locals.get(names[1])
        return None if found is None else _ids_in(found[0], module, depth + 1)
    if names[0] == "var":
        if module.parent is None or names[1] not in module.input_exprs:
            return None
        given, outer = module.input_exprs[names[1]]
        return _ids_in(given, outer.module, depth + 1)
    child = module.loader.module_value(module, names[1]) if module.loader is not None else None
    child = getattr(child, "module", None)
    output = child.outputs.get(names[2]) if isinstance(child, Module) else None
    return None if output is None or not isinstance(child, Module) else _ids_in(output[0], child, depth + 1)


#: Calls whose value, given one list of ids, holds every one of them and nothing else.
_SAME_IDS = frozenset({"concat", "tolist", "toset", "distinct", "compact", "flatten", "sort"})
#: Calls whose value holds only ids their first argument (`element`, `slice`) or any argument holds.
_FIRST_ONLY = frozenset({"element", "slice"})
_JOINING = _SAME_IDS | _FIRST_ONLY | {"coalescelist"}


def _listed(expr: Expr) -> str | None:
    """The resource block whose instances `expr` is, as a list or a map (`aws_subnet.a`, `values(aws_subnet.a)`)."""
    if expr.kind == "call" and expr.args[0] == "values" and len(expr.args[1]) == 1 and not expr.args[2]:
        expr = expr.args[1][0]
    return _resource(expr)


def _alike(module: Module, declared: Declared, named: str, meta: str) -> bool:
    """Whether resource block `named` of the module has the same `meta` argument (`count`, `for_each`) as `declared`,
    written as the same expression once the module's locals are followed (`count = local.create ? local.len : 0` on
    both): as many instances of each, at the same positions (keys). A block without it, or whose expression is
    another (`? … : 0` on one side only, another variable), or more than `_ALIKE_BUDGET` nodes to compare, is not."""
    other = module.resources.get(named)
    mine, theirs = declared.block.attributes.get(meta), None if other is None else other.block.attributes.get(meta)
    if mine is None or theirs is None:
        return False
    budget = [_ALIKE_BUDGET]
    written = _written_out(module, mine.expr, 0, budget)
    return written is not None and written == _written_out(module, theirs.expr, 0, budget)


#: The most nodes `_alike` writes out for the two expressions it compares (locals naming locals may grow them
#: exponentially).
_ALIKE_BUDGET = 4_000


def _written_out(module: Module, value: Any, depth: int, budget: list[int]) -> Any:
    """An expression as nested tuples without its places in the files, each `local.x` of the module replaced by what
    it is written as (at most `_MAX_DEPTH` deep), each literal with its type (`1` is not `true`); None where the
    budget runs out or the locals go deeper."""
    budget[0] -= 1
    if budget[0] < 0 or depth > _MAX_DEPTH:
        return None
    if isinstance(value, Expr):
        local = _local(value)
        if local is not None and local in module.locals:
            return _written_out(module, module.locals[local][0], depth + 1, budget)
        args = _written_out(module, value.args, depth, budget)
        return None if args is None else (value.kind, args)
    if isinstance(value, (list, tuple)):
        items = []
        for item in value:
            written = _written_out(module, item, depth, budget)
            if written is None:
                return None
            items.append(written)
        return tuple(items)
    if isinstance(value, dict):
        written = _written_out(module, list(value.items()), depth, budget)
        return None if written is None else ("dict", written)
    return (type(value).__name__, value)


def _ids(expr: Expr) -> bool:
    """Whether `expr` is the ids of a block's instances written as a splat (`aws_subnet.private[*].id`)."""
    return expr.kind == "splat" and tuple(expr.args[1]) == (("attr", "id"),)


def _counted(expr: Expr) -> str | None:
    """The resource block whose number of instances a count is: `length(aws_subnet.private)` (or of its splat,
    `length(aws_subnet.private[*].id)`); None for anything else."""
    if expr.kind != "call" or expr.args[0] != "length" or len(expr.args[1]) != 1 or expr.args[2]:
        return None
    arg = expr.args[1][0]
    if arg.kind == "splat" and all(op == "attr" for op, _ in arg.args[1]):
        arg = arg.args[0]
    return _resource(arg)


def _resource(expr: Expr) -> str | None:
    """`aws_subnet.private` written as a reference to a managed resource block of the module; None for anything
    else (a variable, a local, a data source, an instance of it)."""
    names = chain(expr, indexed=False)
    if len(names) != 2 or names[0] in _NOT_RESOURCES or "_" not in names[0]:
        return None
    return f"{names[0]}.{names[1]}"


#: Roots of a reference that name no managed resource.
_NOT_RESOURCES = frozenset({"var", "local", "data", "module", "each", "count", "self", "path", "terraform"})


def _own(expr: Expr | None, depth: int = 0) -> str | None:
    if expr is None or depth > _OWN_NESTING:
        return None
    if expr.kind == "call" and expr.args[0] == "cidrsubnet" and expr.args[1]:
        return _own(expr.args[1][0], depth + 1)
    if expr.kind != "attr" or expr.args[1] != "ipv6_cidr_block":
        return None
    base = expr.args[0].args[0] if expr.args[0].kind == "index" else expr.args[0]  # (`aws_subnet.p[0]`)
    if base.kind == "attr" and base.args[0].kind == "ref" and base.args[0].args[0] in OWN_BLOCKS:
        return f"{base.args[0].args[0]}.{base.args[1]}"
    return None
