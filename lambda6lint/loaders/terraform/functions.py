"""Terraform's built-in functions over known values; anything else is `UNKNOWN`.

Each function takes evaluated values and returns a value, `UNKNOWN` or `PRESENT` (a CIDR computed
from an unknown prefix still exists). Exceptions raised by a function are turned into `UNKNOWN` by
the evaluator, so a function only checks what makes its answer meaningful. The evaluator bounds the
size of what a function reads and returns (budget.py); a function whose result could be far larger
than its arguments (`range`, `cidrsubnet`, `replace`, `join`, `format`) computes or checks that size
first, so nothing is materialised past the budget, and raises TooLarge for the evaluator to report.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lambda6lint import confine
from lambda6lint.loaders.terraform.budget import MAX_VALUE
from lambda6lint.loaders.terraform.values import PRESENT
from lambda6lint.model import UNKNOWN

if TYPE_CHECKING:
    from lambda6lint.loaders.terraform.evaluator import Module

MAX_ITEMS = 4096  # elements a for-expression or range() may produce


class TooLarge(Exception):
    """A result over the budget's size for one value: unknown, and reported (budget.py)."""


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _known(*values: Any) -> bool:
    return all(v is not UNKNOWN for v in values)


def _list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    raise TypeError("not a list")


def _length(value: Any) -> Any:
    if isinstance(value, (list, dict, str)):
        return len(value)
    return UNKNOWN


def _concat(*lists: Any) -> Any:
    if not all(isinstance(x, list) for x in lists):
        return UNKNOWN
    return [item for x in lists for item in x]


def _flatten(value: Any) -> Any:
    if not isinstance(value, list):
        return UNKNOWN
    out: list[Any] = []
    for item in value:
        if item is UNKNOWN:
            return UNKNOWN
        if isinstance(item, list):
            flat = _flatten(item)
            if flat is UNKNOWN:
                return UNKNOWN
            out += flat
        else:
            out.append(item)
    return out


def _element(value: Any, position: Any) -> Any:
    if not isinstance(value, list) or not value or not _number(position):
        return UNKNOWN
    return value[int(position) % len(value)]


def _lookup(mapping: Any, key: Any, *default: Any) -> Any:
    if not isinstance(mapping, dict) or not isinstance(key, str):
        return UNKNOWN
    if key in mapping:
        return mapping[key]
    return default[0] if default else UNKNOWN


def _try(*values: Any) -> Any:
    for value in values:
        if value is UNKNOWN:
            return UNKNOWN
        return value
    return UNKNOWN


def _coalesce(*values: Any) -> Any:
    for value in values:
        if value is UNKNOWN:
            return UNKNOWN
        if value is not None and value != "":
            return value
    return UNKNOWN


def _merge(*maps: Any) -> Any:
    out: dict[str, Any] = {}
    for item in maps:
        if item is None:
            continue
        if not isinstance(item, dict):
            return UNKNOWN
        out.update(item)
    return out


def _keys(value: Any) -> Any:
    return sorted(value) if isinstance(value, dict) else UNKNOWN


def _values(value: Any) -> Any:
    return [value[k] for k in sorted(value)] if isinstance(value, dict) else UNKNOWN


def _tolist(value: Any) -> Any:
    return list(value) if isinstance(value, list) else UNKNOWN


def _toset(value: Any) -> Any:
    if not isinstance(value, list):
        return UNKNOWN
    if all(isinstance(v, str) for v in value):
        return sorted(dict.fromkeys(value))
    return list(value)


_VERB = re.compile(r"%[-+ #0]*(\*|\d*)(?:\.(\*|\d*))?")


def _format(spec: Any, *values: Any) -> Any:
    if not isinstance(spec, str) or not all(isinstance(v, (str, int, float)) for v in values):
        return UNKNOWN
    padding = 0
    for width, precision in _VERB.findall(spec):
        if "*" in (width, precision):
            return UNKNOWN  # a width taken from the arguments
        if len(width) > 6 or len(precision or "") > 6:
            raise TooLarge
        padding += int(width or 0) + int(precision or 0) + 32
    if len(spec) + padding + sum(len(v) if isinstance(v, str) else 32 for v in values) > MAX_VALUE:
        raise TooLarge
    try:
        return spec.replace("%v", "%s") % tuple(values)
    except (TypeError, ValueError):
        return UNKNOWN


def _cidrsubnet(prefix: Any, newbits: Any, netnum: Any) -> Any:
    """A CIDR is present; its exact value only when every input is known (computed, not enumerated)."""
    if prefix is None:
        return UNKNOWN
    if isinstance(prefix, str) and _number(newbits) and _number(netnum):
        try:
            network = ipaddress.ip_network(prefix, strict=False)
            bits, number = int(newbits), int(netnum)
            length = network.prefixlen + bits
            if bits < 0 or length > network.max_prefixlen:
                return PRESENT
            count = 1 << bits
            if not -count <= number < count:
                return PRESENT
            number %= count  # as a list index would: -1 is the last subnet
            first = int(network.network_address) + (number << (network.max_prefixlen - length))
            return str(type(network)((first, length)))
        except ValueError:
            return PRESENT
    return PRESENT


def _cidrsubnets(prefix: Any, *newbits: Any) -> Any:
    if prefix is None or not all(_number(n) for n in newbits):
        return UNKNOWN
    return [PRESENT for _ in newbits]


def _compact(value: Any) -> Any:
    if not isinstance(value, list) or any(v is UNKNOWN for v in value):
        return UNKNOWN
    return [v for v in value if v not in (None, "")]


def _distinct(value: Any) -> Any:
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        return UNKNOWN
    return list(dict.fromkeys(value))


def _slice(value: Any, start: Any, end: Any) -> Any:
    if not isinstance(value, list) or not _number(start) or not _number(end):
        return UNKNOWN
    return value[int(start) : int(end)]


def _range(*bounds: Any) -> Any:
    if not all(_number(b) for b in bounds) or not 1 <= len(bounds) <= 3:
        return UNKNOWN
    numbers = range(*[int(b) for b in bounds])
    try:
        size = len(numbers)  # computed, not counted
    except OverflowError:
        return UNKNOWN
    return list(numbers) if size <= MAX_ITEMS else UNKNOWN


def _min_max(func: Callable[..., Any]) -> Callable[..., Any]:
    def call(*values: Any) -> Any:
        return func(values) if values and all(_number(v) for v in values) else UNKNOWN

    return call


def _zipmap(keys: Any, values: Any) -> Any:
    if not isinstance(keys, list) or not isinstance(values, list) or not all(isinstance(k, str) for k in keys):
        return UNKNOWN
    return dict(zip(keys, values, strict=False))


def _jsonencode(value: Any) -> Any:
    def plain(v: Any) -> bool:
        if isinstance(v, dict):
            return all(plain(x) for x in v.values())
        if isinstance(v, list):
            return all(plain(x) for x in v)
        return v is None or isinstance(v, (str, int, float, bool))

    return json.dumps(value) if plain(value) else value if isinstance(value, dict) else UNKNOWN


def _can(value: Any) -> Any:
    return UNKNOWN if value is UNKNOWN else True


def _contains(collection: Any, value: Any) -> Any:
    if not isinstance(collection, list) or value is UNKNOWN or any(v is UNKNOWN for v in collection):
        return UNKNOWN
    return value in collection


def _string(func: Callable[..., Any]) -> Callable[..., Any]:
    def call(*values: Any) -> Any:
        return func(*values) if all(isinstance(v, str) for v in values) else UNKNOWN

    return call


def _replace(text: str, old: str, new: str) -> Any:
    """`replace` without a regex; TooLarge before building a result over MAX_VALUE characters."""
    times = text.count(old) if old else len(text) + 1
    if len(text) + times * (len(new) - len(old)) > MAX_VALUE:
        raise TooLarge
    return text.replace(old, new)


def _join(separator: Any, items: Any) -> Any:
    if not (isinstance(separator, str) and isinstance(items, list) and all(isinstance(i, str) for i in items)):
        return UNKNOWN
    if sum(len(i) for i in items) + len(separator) * max(len(items) - 1, 0) > MAX_VALUE:
        raise TooLarge
    return separator.join(items)


def _bool(value: Any) -> Any:
    return value if isinstance(value, bool) else {"true": True, "false": False}.get(str(value), UNKNOWN)


def _number_of(value: Any) -> Any:
    if _number(value):
        return value
    try:
        return int(value) if isinstance(value, str) else UNKNOWN
    except ValueError:
        return UNKNOWN


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "length": _length,
    "concat": _concat,
    "flatten": _flatten,
    "element": _element,
    "lookup": _lookup,
    "try": _try,
    "coalesce": _coalesce,
    "coalescelist": lambda *lists: next((x for x in lists if isinstance(x, list) and x), UNKNOWN),
    "merge": _merge,
    "keys": _keys,
    "values": _values,
    "tolist": _tolist,
    "toset": _toset,
    "tomap": lambda v: v if isinstance(v, dict) else UNKNOWN,
    "tostring": lambda v: str(v) if isinstance(v, (str, int, float)) and not isinstance(v, bool) else UNKNOWN,
    "tobool": _bool,
    "tonumber": _number_of,
    "format": _format,
    "cidrsubnet": _cidrsubnet,
    "cidrsubnets": _cidrsubnets,
    "compact": _compact,
    "distinct": _distinct,
    "slice": _slice,
    "range": _range,
    "min": _min_max(min),
    "max": _min_max(max),
    "zipmap": _zipmap,
    "jsonencode": _jsonencode,
    "can": _can,
    "contains": _contains,
    "lower": _string(str.lower),
    "upper": _string(str.upper),
    "join": _join,
    "replace": _string(_replace),
}


MAX_FILE_BYTES = 256 * 1024


def read_file(module: Module, path: Any) -> Any:
    """`file("policy.json")`: read (never executed), relative to the root module as Terraform does,
    and only inside the tree being linted (`confine`): anything else is unknown."""
    if not isinstance(path, str) or module.loader is None:
        return UNKNOWN
    root = getattr(module.loader, "root", "")
    full = path if os.path.isabs(path) or path.startswith(module.folder) else os.path.join(root, path)
    allowed = confine.inside(full, getattr(module.loader, "tree", "") or root)
    if allowed is None:
        return UNKNOWN
    try:
        data = confine.read_regular(allowed, MAX_FILE_BYTES)
    except OSError:
        return UNKNOWN
    if len(data) > MAX_FILE_BYTES:
        return UNKNOWN
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return UNKNOWN
