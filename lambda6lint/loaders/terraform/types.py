"""A variable's value converted to its declared `type`, as Terraform converts it.

Terraform converts every variable value to the variable's type before the module reads it: `"true"`
becomes `true` for a `bool`, `5` becomes `"5"` for a `string`, an object loses the attributes its
type does not declare and gains the `optional(...)` ones it lacks (null, or their default). Without
this, `var.settings.subnets` on an object whose type declares `subnets = optional(list(string))`
would look like a missing attribute — an error `try()` falls back from — where Terraform reads null.

A value that cannot be converted makes the variable invalid (Terraform stops): it is `UNKNOWN` here.
Parts that cannot be known (references, computed values) are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable

from lambda6lint.loaders.terraform.hcl import Expr
from lambda6lint.loaders.terraform.values import is_number, opaque, parse_number, to_text
from lambda6lint.model import UNKNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Terraform 0.11's quoted type names, still accepted by 0.12 to 0.14.
_LEGACY = {"string": "string", "list": "list", "map": "map"}


class _Mismatch(Exception):
    """The value does not convert to the type: Terraform rejects the variable."""


def convert(value: Any, type_expr: Expr | None, evaluate: Callable[[Expr], Any]) -> Any:
    """`value` as a variable of type `type_expr` holds it; UNKNOWN when Terraform would reject it.
    `evaluate` computes an `optional(T, default)` default in the variable's module."""
    if type_expr is None or value is UNKNOWN:
        return value
    try:
        return _convert(value, type_expr, evaluate)
    except _Mismatch:
        return UNKNOWN
    except RecursionError:
        return UNKNOWN


def _name(expr: Expr) -> str | None:
    """`string`, `list`, … for a bare type keyword or a 0.11 quoted one."""
    if expr.kind == "ref":
        return str(expr.args[0])
    if expr.kind == "lit" and isinstance(expr.args[0], str):
        return _LEGACY.get(expr.args[0])
    return None


def _convert(value: Any, t: Expr, evaluate: Callable[[Expr], Any]) -> Any:  # noqa: C901 - one case per type
    if value is None or opaque(value):
        return value
    name = _name(t)
    if name == "any" or (name is None and t.kind != "call"):
        return value
    if name == "string":
        text = to_text(value)
        if text is None:
            raise _Mismatch
        return text
    if name == "number":
        number = parse_number(value) if isinstance(value, str) else value if is_number(value) else None
        if number is None:
            if isinstance(value, str) and any(c.isdigit() for c in value):
                return UNKNOWN  # a number Python's float does not hold exactly
            raise _Mismatch
        return number
    if name == "bool":
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        raise _Mismatch
    if name in ("list", "map"):  # 0.11's untyped collections
        if isinstance(value, list if name == "list" else dict):
            return value
        raise _Mismatch
    if t.kind != "call":
        return value
    kind, args = t.args[0], t.args[1]
    inner = args[0] if args else None
    if kind in ("list", "set") and isinstance(inner, Expr):
        if not isinstance(value, list):
            raise _Mismatch
        items = [_convert(v, inner, evaluate) for v in value]
        if kind == "set" and all(isinstance(v, str) for v in items):
            return sorted(dict.fromkeys(items))  # Terraform's order for a set of strings
        return items
    if kind == "map" and isinstance(inner, Expr):
        if not isinstance(value, dict):
            raise _Mismatch
        return {k: _convert(v, inner, evaluate) for k, v in value.items()}
    if kind == "tuple" and isinstance(inner, Expr) and inner.kind == "tuple":
        if not isinstance(value, list) or len(value) != len(inner.args):
            raise _Mismatch
        return [_convert(v, e, evaluate) for v, e in zip(value, inner.args, strict=True)]
    if kind == "object" and isinstance(inner, Expr) and inner.kind == "object":
        return _object(value, inner, evaluate)
    return value  # a type we do not read: the value as given


def _object(value: Any, spec: Expr, evaluate: Callable[[Expr], Any]) -> Any:
    """An object keeps the attributes its type declares; an absent or null optional one takes its default."""
    if not isinstance(value, dict):
        raise _Mismatch
    out: dict[str, Any] = {}
    for key_expr, attr_type in spec.args:
        key = key_expr.args[0] if key_expr.kind == "lit" else None
        if not isinstance(key, str):
            return value  # an attribute name we cannot read: the value as given
        optional = attr_type.kind == "call" and attr_type.args[0] == "optional" and attr_type.args[1]
        if optional:
            inner, *default = attr_type.args[1]
            given = value.get(key)
            if given is None:
                given = evaluate(default[0]) if default else None
            out[key] = _convert(given, inner, evaluate)
        elif key in value:
            out[key] = _convert(value[key], attr_type, evaluate)
        else:
            raise _Mismatch  # a required attribute is missing
    return out
