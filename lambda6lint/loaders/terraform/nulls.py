"""Whether an expression can be null, when its value itself cannot be known.

Modules test their inputs against null: terraform-aws-modules/lambda runs a function in a VPC when
`vpc_subnet_ids != null && vpc_security_group_ids != null`. A value that cannot be known here may
still be known not to be null, from its form, as Terraform refines its own unknown values: a list,
object or `for` constructor, a string template, a splat, a resource's id, the result of a function
that never returns null; a local is what its expression is. Anything else — a variable without a
value, a data source's attribute, a module's output — may be null.
"""

from __future__ import annotations

from lambda6lint.loaders.terraform.evaluator import Evaluator, Scope
from lambda6lint.loaders.terraform.hcl import Expr
from lambda6lint.loaders.terraform.values import PRESENT, Link, Partial

#: Functions whose result is never null, whatever their arguments (Terraform's RefineResult).
NEVER_NULL = frozenset(
    {
        "cidrhost",
        "cidrnetmask",
        "cidrsubnet",
        "cidrsubnets",
        "compact",
        "concat",
        "distinct",
        "flatten",
        "format",
        "formatlist",
        "join",
        "jsonencode",
        "keys",
        "length",
        "lower",
        "matchkeys",
        "merge",
        "range",
        "replace",
        "setproduct",
        "slice",
        "sort",
        "split",
        "upper",
        "values",
        "zipmap",
    }
)
_CONSTRUCTORS = frozenset(
    {"tuple", "object", "for_tuple", "for_object", "tmpl", "tmpl_if", "tmpl_for", "splat", "partial"}
)
_MAX_DEPTH = 16


def never_null(ev: Evaluator, expr: Expr, scope: Scope, depth: int = 0) -> bool:
    """True when `expr` cannot evaluate to null; False when it is null or may be."""
    value = ev.eval(expr, scope)
    if value is None:
        return False
    if isinstance(value, (str, int, float, bool, list, dict, Partial)) or value is PRESENT:
        return True
    if isinstance(value, Link):
        return value.attr in ("id", "arn")
    if depth > _MAX_DEPTH:
        return False
    kind, args = expr.kind, expr.args
    if kind in _CONSTRUCTORS:
        return True
    if kind == "call":
        return str(args[0]) in NEVER_NULL
    if kind == "cond":
        return never_null(ev, args[1], scope, depth + 1) and never_null(ev, args[2], scope, depth + 1)
    if kind == "attr" and args[0].kind == "ref" and args[0].args[0] == "local" and args[0].args[0] not in scope.names:
        found = scope.module.locals.get(args[1])
        return found is not None and never_null(ev, found[0], Scope(scope.module, found[1]), depth + 1)
    return False
