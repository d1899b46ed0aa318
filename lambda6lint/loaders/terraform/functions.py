"""Terraform's built-in functions over known values, as Terraform computes them; anything else is `UNKNOWN`.

Each function takes evaluated values and returns a value, `UNKNOWN`, or `PRESENT` (a CIDR computed
from an unknown prefix still exists). The contract with the evaluator:

- `Invalid` means Terraform itself rejects the call with these arguments (an empty list to
  `element`, an index past the end to `slice`, a missing key to `lookup` without a default): an
  error, which `try()` and `can()` catch. It is raised only when the error does not depend on an
  unknown part of an argument.
- `UNKNOWN` means the answer depends on something that cannot be known here (a reference, a value
  computed at apply time), or on behaviour not reproduced exactly (Terraform's regular expressions
  are RE2's, its numbers have 512 bits): never a guess.
- Any other exception is turned into `UNKNOWN` by the evaluator.

The evaluator bounds the size of what a function reads and keeps (budget.py); a function whose result
could be far larger than its arguments (`setproduct`, `replace`, `join`, `format`, `split`,
`jsonencode`) computes that size first and raises TooLarge rather than build it; `range` is held to
Terraform's own limit of 1,024 numbers, so nothing enumerates a huge range.
"""

from __future__ import annotations

import ipaddress
import json
import math
import os
import re
from collections.abc import Callable, Iterator
from fractions import Fraction

from lambda6lint import confine
from lambda6lint.loaders.terraform import hcl
from lambda6lint.loaders.terraform.budget import MAX_VALUE
from lambda6lint.loaders.terraform.values import (
    HOLE,
    PRESENT,
    Link,
    Partial,
    is_number,
    number_text,
    opaque,
    parse_number,
    to_text,
)
from lambda6lint.model import UNKNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from lambda6lint.loaders.terraform.evaluator import Module

MAX_ITEMS = 4096  # elements a for-expression may produce
MAX_RANGE = 1024  # Terraform's own limit: range() fails past 1,024 numbers
#: Items of unknown value a slice of an unknown list may make (zones, a few subnets): past it the slice is
#: unknown, so that three nested for-expressions over 300 bytes of slices cannot fill the work budget.
MAX_UNKNOWN = 64


class TooLarge(Exception):
    """A result over the budget's size for one value: unknown, and reported (budget.py)."""


class Invalid(Exception):
    """Terraform rejects this call: an error whatever the unknown parts turn out to be."""


# ----- values ----------------------------------------------------------------------------------


def _known(value: Any) -> bool:
    """No unknown part anywhere in the value (walked without recursion)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif opaque(item):
            return False
    return True


def _sequence(value: Any, what: str = "a list") -> list[Any] | None:
    """A list argument; None when it is unknown; Invalid when it is known to be something else."""
    if isinstance(value, list):
        return value
    if opaque(value):
        return None
    raise Invalid(f"{what} is required")


#: What a string Terraform may read as a number looks like (cty reads it with Go's big.ParseFloat): a string
#: parse_number does not read (too precise, `1e400`) yet of this shape is a number whose value is unknown.
_NUMERIC = re.compile(r"[+-]?[0-9.eE+-]+")


def _text_number(text: str) -> int | float | None:
    """A string converted to a number, as Terraform converts a function's argument; None when it is one
    whose value is not held exactly here; Invalid when it is no number (`"abc"`: Terraform's error,
    which try() and can() catch)."""
    number = parse_number(text)
    if number is not None:
        return number
    if _NUMERIC.fullmatch(text.strip() or "x"):
        return None  # a number we do not hold exactly (or Go's parser reads differently)
    raise Invalid("a number is required")


def _whole(value: Any) -> int | None:
    """A whole number argument; None when unknown; Invalid for a fraction or a non-number."""
    if isinstance(value, str):
        value = _text_number(value)
        if value is None:
            return None
    if is_number(value):
        if isinstance(value, float) and not value.is_integer():
            raise Invalid("a whole number is required")
        if isinstance(value, float) and abs(value) >= 2**53:
            return None  # (a decimal the float stands for, `1e300`: Terraform's 512-bit number is not int(1e300))
        return int(value)
    if opaque(value):
        return None
    raise Invalid("a number is required")


def _string(value: Any) -> str | None:
    """A string argument (numbers and bools convert, as Terraform converts them); None when unknown."""
    text = to_text(value)
    if text is not None:
        return text
    if value is None:
        raise Invalid("a string is required, not null")
    if opaque(value):
        return None
    raise Invalid("a string is required")


def equal(a: Any, b: Any) -> bool | None:
    """Terraform's `==` between two values; None when it depends on something unknown."""
    if isinstance(a, Link) and isinstance(b, Link):
        if a == b:
            return True
        return False if a.attr == b.attr == "id" else None  # two resources never share an id
    if (a is None and _nonempty(b)) or (b is None and _nonempty(a)):
        return False
    if opaque(a) or opaque(b):
        return None
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if is_number(a) and is_number(b):
        return bool(a == b)
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        if len(a) != len(b):
            return False
        verdicts = [equal(x, y) for x, y in zip(a, b, strict=True)]
        return False if False in verdicts else None if None in verdicts else True
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return False
        verdicts = [equal(a[k], b[k]) for k in a]
        return False if False in verdicts else None if None in verdicts else True
    return bool(a == b)


def _identity(value: Any) -> Any:
    """A hashable stand-in with the same equality as `_equal`; None when equality cannot be decided."""
    if isinstance(value, Link):
        return ("id", value.address) if value.attr == "id" else None
    if opaque(value):
        return None
    if isinstance(value, bool):
        return ("b", value)
    if is_number(value):
        return ("n", value)
    if isinstance(value, str):
        return ("s", value)
    if value is None:
        return ("null",)
    if isinstance(value, list):
        items = [_identity(v) for v in value]
        return None if None in items else ("l", tuple(items))
    pairs = [(k, _identity(v)) for k, v in sorted(value.items())]
    return None if any(v is None for _, v in pairs) else ("m", tuple(pairs))


def _unify_text(items: list[Any]) -> list[Any]:
    """Elements of one list as Terraform unifies them: strings with numbers or bools become strings."""
    kinds = {type(v) for v in items if v is not None and not opaque(v)}
    if str in kinds and kinds & {int, float, bool}:
        return [to_text(v) if v is not None and not opaque(v) else v for v in items]
    return items


# ----- collections -----------------------------------------------------------------------------


def _length(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return len(value)
    if isinstance(value, str):
        # characters as Terraform counts them (grapheme clusters): the same as Python's only for ASCII
        return len(value) if value.isascii() and "\r\n" not in value else UNKNOWN
    if value is None or isinstance(value, (bool, int, float)):
        raise Invalid("length() needs a string, a collection or a structural value")
    return UNKNOWN


def _concat(*lists: Any) -> Any:
    if not lists:
        raise Invalid("at least one argument is required")
    out: list[Any] = []
    for item in lists:
        found = _sequence(item, "every argument must be a list")
        if found is None:
            return UNKNOWN
        out += found
    return out


def _flatten(value: Any) -> Any:
    """Nested lists into one, without recursion; an unknown element may itself be a list: unknown."""
    top = _sequence(value)
    if top is None:
        return UNKNOWN
    out: list[Any] = []
    stack = [iter(top)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, list):
                stack.append(iter(item))
                break
            if item is UNKNOWN:
                return UNKNOWN
            out.append(item)
        else:
            stack.pop()
    return out


def _element(value: Any, position: Any) -> Any:
    items = _sequence(value)
    index = _whole(position)
    if items is None or index is None:
        return UNKNOWN
    if not items:
        raise Invalid("cannot use element function with an empty list")
    return items[index % len(items)]  # wraps, also from the end (Terraform 1.8 and later)


def _lookup(mapping: Any, key: Any, *default: Any) -> Any:
    if len(default) > 1:
        raise Invalid("lookup() takes two or three arguments")
    name = _string(key)
    if mapping is None:
        raise Invalid("lookup() requires a map")
    if not isinstance(mapping, dict):
        if opaque(mapping):
            return UNKNOWN
        raise Invalid("lookup() requires a map")
    if name is None:
        return UNKNOWN
    if name in mapping:
        return mapping[name]
    if default:
        return default[0]
    raise Invalid(f"lookup failed to find key {name[:80]!r}")


def _coalesce(*values: Any) -> Any:
    """The first argument that is not null nor an empty string (strings win over numbers and bools,
    which are converted to them, as Terraform unifies the arguments' types). Arguments of which one is a
    collection and another a single value, or one a list and another a map, share no type: Terraform's error
    (unless one is null or unknown: a `null` of no type unifies with anything)."""
    if not any(v is None or opaque(v) for v in values):
        kinds = {list if isinstance(v, list) else dict if isinstance(v, dict) else str for v in values}
        if len(kinds) > 1:
            raise Invalid("all arguments must have the same type")
    values = tuple(_unify_text(list(values)))
    for value in values:
        if value is None or value == "":
            continue
        if opaque(value) and not _nonempty(value):
            return UNKNOWN  # it may be null or empty
        return value
    raise Invalid("no non-null, non-empty-string arguments")


def _coalescelist(*lists: Any) -> Any:
    if not lists:
        raise Invalid("at least one argument is required")
    for item in lists:
        if item is None:
            continue
        found = _sequence(item, "coalescelist arguments must be lists")
        if found is None:
            return UNKNOWN  # it may be empty, or not
        if found:
            return found
    raise Invalid("no non-null arguments")


def _merge(*maps: Any) -> Any:
    out: dict[str, Any] = {}
    for item in maps:
        if item is None:
            continue
        if not isinstance(item, dict):
            if opaque(item):
                return UNKNOWN
            raise Invalid("arguments must be maps or objects")
        out.update(item)
    return out


def _mapping(value: Any) -> dict[str, Any] | None:
    if isinstance(value, dict):
        return value
    if opaque(value):
        return None
    raise Invalid("a map or an object is required")


def _keys(value: Any) -> Any:
    found = _mapping(value)
    return UNKNOWN if found is None else sorted(found)


def _values(value: Any) -> Any:
    found = _mapping(value)
    return UNKNOWN if found is None else [found[k] for k in sorted(found)]


def _nonempty(value: Any) -> bool:
    """A string known to be neither null nor empty without being known itself: a resource's id or
    ARN, a computed CIDR."""
    return value is PRESENT or (isinstance(value, Link) and value.attr in ("id", "arn"))


def _compact(value: Any) -> Any:
    items = _sequence(value)
    if items is None or not all(_known(v) or _nonempty(v) for v in items):
        return UNKNOWN
    out = []
    for item in items:
        text = item if _nonempty(item) else _string(item) if item is not None else None
        if text:
            out.append(text)
    return out


def _distinct(value: Any) -> Any:
    items = _sequence(value)
    if items is None:
        return UNKNOWN
    items = _unify_text(items)
    seen: set[Any] = set()
    out = []
    for item in items:
        identity = _identity(item)
        if identity is None:
            return UNKNOWN
        if identity not in seen:
            seen.add(identity)
            out.append(item)
    return out


def _slice(value: Any, start: Any, end: Any) -> Any:
    items = _sequence(value)
    first, last = _whole(start), _whole(end)
    if first is not None and first < 0:
        raise Invalid("start index must not be less than zero")
    if last is not None and last < 0:
        raise Invalid("end index must not be less than zero")
    if items is not None and first is not None and first > len(items):
        raise Invalid("start index must not be greater than the length of the list")
    if items is not None and last is not None and last > len(items):
        raise Invalid("end index must not be greater than the length of the list")
    if first is not None and last is not None and first > last:
        raise Invalid("start index must not be greater than end index")
    if items is None and value is UNKNOWN and first is not None and last is not None and last - first <= MAX_UNKNOWN:
        # (`slice(data.aws_availability_zones.x.names, 0, 3)`: three zones, or Terraform fails)
        return [UNKNOWN] * (last - first)
    if items is None or first is None or last is None:
        return UNKNOWN
    return items[first:last]


def _contains(collection: Any, value: Any) -> Any:
    items = _sequence(collection, "a list, a tuple or a set")
    if items is None:
        return UNKNOWN
    undecided = False
    for item in items:
        verdict = equal(item, value)
        if verdict:
            return True
        undecided = undecided or verdict is None
    return UNKNOWN if undecided else False


def _one(value: Any) -> Any:
    items = _sequence(value, "a list, a set or a tuple")
    if items is None:
        return UNKNOWN
    if len(items) > 1:
        raise Invalid("must be a list, set, or tuple value with either zero or one elements")
    return items[0] if items else None


def _sort(value: Any) -> Any:
    items = _sequence(value)
    if items is None or not _known(items):
        return UNKNOWN
    if any(v is None for v in items):
        raise Invalid("a null string cannot be sorted")
    texts = [_string(v) for v in items]
    return sorted(t for t in texts if t is not None)  # by code point, as Go sorts UTF-8 bytes


def _setproduct(*sets: Any) -> Any:
    """The cartesian product, in the arguments' order (a set's own order is not known: a result read
    only by membership, or turned into a map, does not depend on it)."""
    if len(sets) < 2:
        raise Invalid("at least two arguments are required")
    lists = [_sequence(s, "a set or a list is required") for s in sets]
    if any(item is None for item in lists):
        return UNKNOWN
    total = 1
    for item in lists:
        total *= len(item)  # type: ignore[arg-type]
        if total * (len(lists) + 1) > MAX_VALUE:
            raise TooLarge
    out: list[list[Any]] = [[]]
    for item in lists:
        out = [[*prefix, element] for prefix in out for element in item]  # type: ignore[union-attr]
    return out


def _matchkeys(values: Any, keys: Any, searchset: Any) -> Any:
    found = [_sequence(v) for v in (values, keys, searchset)]
    if found[0] is None:
        return UNKNOWN
    chosen, names, wanted = found
    if names is not None and len(chosen) != len(names):  # type: ignore[arg-type]
        raise Invalid("length of keys and values should be equal")
    if wanted is not None and not wanted:
        return []
    if names is None or wanted is None or not _known(names):
        return UNKNOWN  # (the values need not be known: they are picked, not read, e.g. ids after apply)
    unified = _unify_text(names + wanted)  # keys and searchset share one type, as in Terraform
    search = {_identity(w) for w in unified[len(names) :]}
    if None in search:
        return UNKNOWN
    return [v for v, name in zip(chosen, unified[: len(names)], strict=True) if _identity(name) in search]  # type: ignore[arg-type]


def _zipmap(keys: Any, values: Any) -> Any:
    names, items = _sequence(keys), _sequence(values, "values must be a list or a tuple")
    if names is None or not _known(names):
        return UNKNOWN
    if any(k is None for k in names):
        raise Invalid("keys list has a null value")
    texts = [_string(k) for k in names]
    if items is None:
        return UNKNOWN
    if len(texts) != len(items):
        raise Invalid(f"number of keys ({len(texts)}) does not match number of values ({len(items)})")
    return dict(zip(texts, items, strict=True))  # a key given twice: the later value, as in Terraform


def _range(*bounds: Any) -> Any:
    if not 1 <= len(bounds) <= 3:
        raise Invalid("must have one, two, or three arguments")
    given = _numbers(bounds)  # (`range("abc")` is Terraform's error, which try() catches: not unknown)
    if given is None:
        return UNKNOWN
    numbers = [Fraction(b) for b in given]
    if len(numbers) == 1:
        start, end, step = Fraction(0), numbers[0], Fraction(-1 if numbers[0] < 0 else 1)
    elif len(numbers) == 2:
        start, end = numbers
        step = Fraction(-1 if end < start else 1)
    else:
        start, end, step = numbers
    if step == 0:
        raise Invalid("step must not be zero")
    if (step < 0 and end > start) or (step > 0 and end < start):
        raise Invalid("end must be on the side of start that step leads to")
    count = max(0, math.ceil((end - start) / step))  # computed, not counted
    if count > MAX_RANGE:
        raise Invalid(f"more than {MAX_RANGE} values were generated")
    if start.denominator == step.denominator == 1:  # (whole numbers, as nearly always: no Fraction per item)
        return list(range(int(start), int(start) + count * int(step), int(step)))
    out: list[Any] = []
    for i in range(count):
        value = start + i * step
        out.append(int(value) if value.denominator == 1 else float(value))
        if isinstance(out[-1], float) and Fraction(out[-1]) != value:
            return UNKNOWN  # a fraction a float cannot hold: Terraform's 512-bit number differs
    return out


def _numbers(values: list[Any] | tuple[Any, ...]) -> list[Any] | None:
    """Number arguments (a numeric string converts); None when one is unknown; Invalid for another value."""
    numbers = [_text_number(v) if isinstance(v, str) else v for v in values]
    if any(v is None and isinstance(given, str) or opaque(v) for v, given in zip(numbers, values, strict=True)):
        return None
    if not all(is_number(v) for v in numbers):
        raise Invalid("numbers are required")
    return numbers


def _min_max(func: Callable[..., Any]) -> Callable[..., Any]:
    def call(*values: Any) -> Any:
        if not values:
            raise Invalid("at least one argument is required")
        numbers = _numbers(values)
        return UNKNOWN if numbers is None else func(numbers)

    return call


# ----- conversions -----------------------------------------------------------------------------


def _tolist(value: Any) -> Any:
    if value is None:
        return None
    items = _sequence(value, "cannot convert to a list")
    return UNKNOWN if items is None else _unify_text(list(items))


def _toset(value: Any) -> Any:
    """Distinct elements; strings (and numbers, bools converted to them) in Terraform's set order,
    lexicographic; a set of other values keeps its first-seen order (Terraform's is not predictable)."""
    if value is None:
        return None
    items = _distinct(value)
    if items is UNKNOWN:
        return UNKNOWN
    for kind in (str, bool):
        if all(isinstance(v, kind) for v in items):
            return sorted(items)
    if all(is_number(v) for v in items):
        return sorted(items)
    return items


def _tomap(value: Any) -> Any:
    if value is None:
        return None
    found = _mapping(value)
    if found is None:
        return UNKNOWN
    values = _unify_text(list(found.values()))
    return dict(zip(found, values, strict=True))


def _tostring(value: Any) -> Any:
    if value is None:
        return None
    return UNKNOWN if (text := _string(value)) is None else text


def _tobool(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in ("true", "false"):
            return value == "true"
        raise Invalid('only the strings "true" or "false" convert to bool')
    if opaque(value):
        return UNKNOWN
    raise Invalid("cannot convert to bool")


def _tonumber(value: Any) -> Any:
    if value is None or is_number(value):
        return value
    if isinstance(value, str):
        number = _text_number(value)
        return UNKNOWN if number is None else number
    if opaque(value):
        return UNKNOWN
    raise Invalid("cannot convert to number")


# ----- strings ---------------------------------------------------------------------------------


def _case(convert: Callable[[str], str]) -> Callable[[Any], Any]:
    """upper()/lower(): Go maps one character to one character; where Python's mapping would change
    the length (ß → SS), the result is unknown rather than wrong."""

    def call(value: Any) -> Any:
        text = _string(value)
        if text is None:
            return UNKNOWN
        if text.isascii():
            return convert(text)
        out = [convert(c) for c in text]
        return "".join(out) if all(len(c) == 1 for c in out) else UNKNOWN

    return call


def _join(separator: Any, *lists: Any) -> Any:
    sep = _string(separator)
    if not lists:
        raise Invalid("at least one list is required")
    items: list[Any] = []
    for item in lists:
        found = _sequence(item, "a list of strings is required")
        if found is None:
            return UNKNOWN
        items += found
    if sep is None:
        return UNKNOWN
    if not _known(items):
        # `join("", aws_vpc.this.*.id)`, the old idiom for the id of a resource whose count is 0 or 1
        # (cloudposse's outputs): one reference and nothing else written is that reference itself
        refs = [i for i in items if isinstance(i, Link) or i is PRESENT]
        rest = [i for i in items if not (isinstance(i, Link) or i is PRESENT)]
        if len(refs) == 1 and all(i == "" for i in rest) and (sep == "" or not rest):
            return refs[0]
        return UNKNOWN
    if any(i is None for i in items):
        raise Invalid("cannot concatenate null values")
    texts = [_string(i) for i in items]
    if sum(len(t) for t in texts if t) + len(sep) * max(len(texts) - 1, 0) > MAX_VALUE:
        raise TooLarge
    return sep.join(t for t in texts if t is not None)


def _split(separator: Any, text: Any) -> Any:
    sep, whole = _string(separator), _string(text)
    if sep is None or whole is None:
        return UNKNOWN
    count = (len(whole) if sep == "" else whole.count(sep) + 1) if whole or sep else 0
    if count + len(whole) > MAX_VALUE:
        raise TooLarge
    if sep == "":
        return list(whole)  # Go splits after each character; "" gives no element at all
    return whole.split(sep)


def _replace(text: Any, old: Any, new: Any) -> Any:
    """`replace` of a plain substring. A `/pattern/` is an RE2 regular expression: not evaluated here
    (Python's engine is not RE2 and may backtrack for ever on a crafted pattern)."""
    whole, target, replacement = _string(text), _string(old), _string(new)
    if whole is None or target is None or replacement is None:
        return UNKNOWN
    if len(target) > 1 and target.startswith("/") and target.endswith("/"):
        return UNKNOWN
    times = whole.count(target) if target else len(whole) + 1
    if len(whole) + times * (len(replacement) - len(target)) > MAX_VALUE:
        raise TooLarge
    return whole.replace(target, replacement)


_VERB = re.compile(
    r"%(?P<flags>[-+# 0]*)(?P<width>[1-9][0-9]*)?(?:\.(?P<prec>[0-9]*))?(?:\[(?P<arg>[1-9][0-9]*)\])?(?P<verb>.)?"
)


def _format(spec: Any, *values: Any) -> Any:
    """`format` with Terraform's verbs: %v, %s, %q, %t, %d, %b, %o, %x, %X, and %f for whole numbers;
    other numeric forms are unknown (Go formats its 512-bit numbers its own way)."""
    pattern = _string(spec)
    if pattern is None or not _known(list(values)):
        return UNKNOWN
    out: list[str] = []
    size = 0
    position, next_arg, highest = 0, 1, 0
    while position < len(pattern):
        cut = pattern.find("%", position)
        if cut < 0:
            out.append(pattern[position:])
            break
        out.append(pattern[position:cut])
        if pattern.startswith("%%", cut):
            out.append("%")
            position = cut + 2
            continue
        match = _VERB.match(pattern, cut)
        assert match is not None  # the pattern matches any "%"
        verb = match.group("verb")
        if verb is None or not verb.isalpha():
            raise Invalid(f"invalid format string at offset {cut}")
        number = int(match.group("arg") or next_arg)
        if number > len(values):
            raise Invalid(f"not enough arguments for {match.group(0)!r}")
        width = int(match.group("width") or 0)
        if width > MAX_VALUE or len(match.group("prec") or "") > 6:
            raise TooLarge
        piece = _verb(verb, match.group("flags"), width, match.group("prec"), values[number - 1])
        if piece is UNKNOWN:
            return UNKNOWN
        size += len(piece)
        if size > MAX_VALUE:
            raise TooLarge
        out.append(piece)
        highest, next_arg = max(highest, number), number + 1
        position = match.end()
    if highest < len(values):
        raise Invalid("too many arguments for the format string")
    return "".join(out)


def _verb(verb: str, flags: str, width: int, precision: str | None, value: Any) -> Any:
    """One formatting verb applied to a known value."""
    if value is None and verb != "v":
        raise Invalid("a null value cannot be formatted")
    if verb in "vsq":
        if verb == "v" and "#" not in flags and isinstance(value, str):
            text: str | None = value
        elif verb == "v" and "#" not in flags and is_number(value):
            text = _number_g(value)
        elif verb == "v":
            text = _encode(value)  # bools, null and collections as JSON
        else:
            text = _string(value)
        if text is None or not text.isascii():
            return UNKNOWN  # widths and precisions count grapheme clusters
        if verb != "v" and int(precision or 0) > 0:
            text = text[: int(precision or 0)]
        if verb == "q":
            text = _json_string(text)
        return text.ljust(width) if "-" in flags else text.rjust(width, "0" if "0" in flags else " ")
    if verb == "t":
        flag = _tobool(value)
        return UNKNOWN if flag is UNKNOWN else "true" if flag else "false"
    if verb in "bdoxXf":
        number = _text_number(value) if isinstance(value, str) else value
        if number is None:
            return UNKNOWN
        if not is_number(number):
            raise Invalid("a number is required")
        if isinstance(number, float):
            if not number.is_integer():
                if verb == "f":
                    return UNKNOWN
                raise Invalid("an integer is required")
            if abs(number) >= 2**53:
                return UNKNOWN  # (as `_whole`: not the digits of int(1e300))
            number = int(number)
        if verb == "f":
            return UNKNOWN if precision is not None or flags else f"{number}.000000".rjust(width)
        if "#" in flags and verb in "ob":
            return UNKNOWN  # Go writes 0 and 0b prefixes its own way
        return format(number, _spec(flags, width, verb))
    return UNKNOWN


def _spec(flags: str, width: int, verb: str) -> str:
    """A Python format spec that writes what Go's does for integers."""
    align = "<" if "-" in flags else ("=" if "0" in flags else "")
    fill = "0" if "0" in flags and "-" not in flags else ""
    sign = "+" if "+" in flags else (" " if " " in flags else "")
    alternate = "#" if "#" in flags else ""
    return f"{fill}{align}{sign}{alternate}{width or ''}{verb if verb != 'd' else 'd'}"


def _number_g(value: int | float) -> str | None:
    """A number as Go's `%g` with the shortest precision writes it (`%v` in format): `123456`,
    `1.234567e+06`, `1e+21`, `0.0001`, `1e-05`."""
    text = number_text(abs(value))
    if text is None:
        return None
    digits, _, fraction = text.partition(".")
    significant = (digits + fraction).lstrip("0")
    exponent = len(digits) - 1 if digits != "0" else -(len(fraction) - len(fraction.lstrip("0")) + 1)
    negative = "-" if value < 0 else ""
    if not -4 <= exponent < 6 and significant:
        significant = significant.rstrip("0")
        mantissa = significant[0] + ("." + significant[1:] if len(significant) > 1 else "")
        return f"{negative}{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    return negative + text


def _cidrnetmask(prefix: Any) -> Any:
    network = _network(prefix)
    if network is None:
        return UNKNOWN
    if network.version == 6:
        raise Invalid("IPv6 addresses cannot have a netmask")
    return str(network.netmask)


# ----- networks --------------------------------------------------------------------------------


#: What Go's ParseCIDR may read: an address of hex digits, colons and dots, a slash, a decimal prefix length.
_CIDR = re.compile(r"([0-9A-Fa-f:.]+)/([0-9]+)")


def _network(prefix: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """A CIDR argument as Terraform parses it; None when unknown, or written in a way Python's parser
    and Terraform's may read differently (leading zeros, an IPv4-mapped IPv6 address)."""
    text = _string(prefix)
    if text is None:
        return None
    shape = _CIDR.fullmatch(text)
    if shape is None or int(shape[2][:4]) > (128 if ":" in shape[1] else 32):
        # no address and prefix length Go's ParseCIDR reads (`"subnet-1"`, `"10.0.0.0"`, `"10.0.0.0/33"`):
        # Terraform's error ("invalid CIDR expression"), which try() and can() catch
        raise Invalid("invalid CIDR expression")
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None
    if network.version == 6 and network.network_address.ipv4_mapped is not None:
        return None  # Go prints these as IPv4 addresses
    return network


def _cidrhost(prefix: Any, hostnum: Any) -> Any:
    network, number = _network(prefix), _whole(hostnum)
    if network is None or number is None:
        return UNKNOWN
    size = network.num_addresses
    if abs(number) >= 1 << 63:
        return UNKNOWN  # Go's library reads such numbers through a 64-bit integer
    if number < 0:
        number += size  # -1 is the last address
    if not 0 <= number < size:
        raise Invalid(f"prefix of {network.prefixlen} does not accommodate a host numbered {hostnum}")
    return str(network.network_address + number)


def _cidrsubnet(prefix: Any, newbits: Any, netnum: Any) -> Any:
    """A CIDR is present; its exact value only when every input is known (computed, not enumerated)."""
    if prefix is None:
        raise Invalid("a CIDR prefix is required, not null")
    bits, number = _whole(newbits), _whole(netnum)
    network = _network(prefix)
    if network is None or bits is None or number is None:
        return PRESENT
    # (`number >= 1 << bits` by the number's length: 20 billion new bits made a 2.5 GB integer to compare)
    if bits < 0 or number < 0 or (bits >= 64 and number.bit_length() > bits):
        return PRESENT  # Go's library computes some CIDR for these (a 64-bit check, a negative shift)
    length = network.prefixlen + bits
    if length > network.max_prefixlen:
        raise Invalid(f"insufficient address space to extend prefix of {network.prefixlen} by {bits}")
    if number >= 1 << bits:
        raise Invalid(f"prefix extension of {bits} does not accommodate a subnet numbered {number}")
    first = int(network.network_address) + (number << (network.max_prefixlen - length))
    return str(type(network)((first, length)))


def _cidrsubnets(prefix: Any, *newbits: Any) -> Any:
    """Consecutive subnets, each aligned to its size after the previous one (Terraform's algorithm);
    present when the prefix cannot be known."""
    if prefix is None:
        raise Invalid("a CIDR prefix is required, not null")
    lengths = [_whole(n) for n in newbits]
    for n in lengths:
        if n is not None and n < 1:
            raise Invalid("must extend prefix by at least one bit")
        if n is not None and n > 32:
            raise Invalid("may not extend prefix by more than 32 bits")
    network = _network(prefix)
    if network is None or None in lengths:
        return [PRESENT] * len(newbits)
    width = network.max_prefixlen
    start = int(network.network_address)
    end = start + network.num_addresses
    out = []
    current = None  # (first address, prefix length) of the previous subnet
    for n in lengths:
        length = network.prefixlen + n  # type: ignore[operator]
        if length > width:
            raise Invalid(f"would extend prefix to {length} bits, too long for an IPv{network.version} address")
        size = 1 << (width - length)
        if current is None:
            first = start
        else:
            last = current[0] + (1 << (width - current[1])) - 1
            first = (last // size) * size + size  # the next block of this size after the previous subnet
        if first >= end or first >= 1 << width:
            raise Invalid(f"not enough remaining address space for a subnet with a prefix of {length} bits")
        current = (first, length)
        out.append(str(type(network)((first, length))))
    return out


# ----- JSON ------------------------------------------------------------------------------------

_HTML_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _encode(value: Any) -> str | None:
    """A known value as Terraform's jsonencode writes it; None when some part is unknown."""
    found = _json(value)
    return None if found is None or HOLE in found else found


def _json(value: Any) -> str | None:
    """JSON as Terraform writes it (no spaces, keys sorted, Go's HTML-safe string escapes); unknown
    parts are holes (values.HOLE); None for what has no JSON form. Written without recursion and held
    to MAX_VALUE characters as it grows."""
    out: list[str] = []
    size = 0
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Raw):
            piece = item.text
        elif isinstance(item, str):
            piece = _json_string(item)
        elif isinstance(item, Partial):  # a string with unknown parts: the holes stay holes
            piece = '"' + HOLE.join(_json_string(part)[1:-1] for part in item.text.split(HOLE)) + '"'
        elif isinstance(item, bool):
            piece = "true" if item else "false"
        elif item is None:
            piece = "null"
        elif is_number(item):
            text = number_text(item)
            if text is None:
                return None
            piece = text
        elif isinstance(item, list):
            parts: list[Any] = [_Raw("[")]
            for i, element in enumerate(item):
                parts += [_Raw(",")] if i else []
                parts.append(element)
            stack.extend(reversed([*parts, _Raw("]")]))
            continue
        elif isinstance(item, dict):
            parts = [_Raw("{")]
            for i, key in enumerate(sorted(item)):
                parts += [_Raw(("," if i else "") + _json_string(str(key)) + ":"), item[key]]
            stack.extend(reversed([*parts, _Raw("}")]))
            continue
        else:
            piece = HOLE  # a reference, a computed value, UNKNOWN
        size += len(piece)
        if size > MAX_VALUE:
            raise TooLarge
        out.append(piece)
    return "".join(out)


class _Raw:
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def _json_string(text: str) -> str:
    encoded = json.dumps(text, ensure_ascii=False)
    for char, escape in _HTML_SAFE.items():
        encoded = encoded.replace(char, escape)
    return encoded


def _jsonencode(value: Any) -> Any:
    text = _json(value)
    if text is None or text == HOLE:
        return UNKNOWN
    if HOLE in text:  # a policy's actions survive a reference in its Resource; what it names is kept
        return Partial(text, tuple(links_in(value)))
    return text


def links_in(value: Any) -> Iterator[Link]:
    """The references in a value (a state machine's definition naming a subnet, which `jsonencode` writes)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Link):
            yield item
        elif isinstance(item, Partial):
            yield from item.links
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


#: A JSON string token, or a hole standing for a whole value (`_json`: a reference, UNKNOWN).
_TOKEN_OR_HOLE = re.compile(r'"(?:[^"\\]|\\.)*"|' + HOLE)
_WHOLE_HOLE = "\x00\x00"  # (what a bare hole decodes to: no text `_json` writes holds it)


def decode_partial(text: Partial) -> Any:
    """The value `jsonencode` made a Partial of: its known parts as they are, a hole for a whole value as
    UNKNOWN, a string with holes as a Partial. An OpenAPI body that names a function's invoke_arn keeps its
    `servers` and extensions. UNKNOWN when the text is no JSON (or too deep)."""

    def token(match: re.Match) -> str:
        found = match[0]
        return '"\\u0000\\u0000"' if found == HOLE else found.replace(HOLE, "\\u0000")

    try:
        document = json.loads(_TOKEN_OR_HOLE.sub(token, text.text))
    except (ValueError, RecursionError):
        return UNKNOWN

    def value(item: Any) -> Any:
        if isinstance(item, str) and HOLE in item:
            return UNKNOWN if item == _WHOLE_HOLE else Partial(item)
        return item

    document = value(document)
    stack = [document]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, item in list(items):
            node[key] = value(item)
            if isinstance(item, (dict, list)):
                stack.append(item)
    return document


def _jsondecode(text: Any) -> Any:
    document = _string(text)
    if document is None:
        return UNKNOWN

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)
        if len(out) != len(items):
            raise Invalid("duplicate property in a JSON object")
        return out

    def number(raw: str) -> Any:
        found = parse_number(raw)
        if found is None:
            raise _Imprecise
        return found

    def constant(raw: str) -> Any:
        raise Invalid(f"{raw} is not JSON")

    try:
        return json.loads(
            document, object_pairs_hook=pairs, parse_float=number, parse_int=number, parse_constant=constant
        )
    except _Imprecise:
        return UNKNOWN
    except RecursionError:
        return UNKNOWN
    except ValueError as exc:
        raise Invalid(f"not valid JSON: {str(exc)[:80]}") from None


class _Imprecise(Exception):
    """A JSON number more precise than a float: Terraform's value is not known exactly here."""


def _affix(test: Callable[[str, str], bool]) -> Callable[[Any, Any], Any]:
    """startswith()/endswith() (Terraform 1.3)."""

    def call(text: Any, affix: Any) -> Any:
        whole, part = _string(text), _string(affix)
        return UNKNOWN if whole is None or part is None else test(whole, part)

    return call


def _trimprefix(text: Any, prefix: Any) -> Any:
    whole, part = _string(text), _string(prefix)
    if whole is None or part is None:
        return UNKNOWN
    return whole[len(part) :] if whole.startswith(part) else whole


def _trimsuffix(text: Any, suffix: Any) -> Any:
    whole, part = _string(text), _string(suffix)
    if whole is None or part is None:
        return UNKNOWN
    return whole[: len(whole) - len(part)] if part and whole.endswith(part) else whole


def _truth(value: Any) -> bool | None:
    """An element of alltrue()/anytrue()'s list(bool): None when unknown (null is handled by them)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in ("true", "false"):
        return value == "true"
    if opaque(value):
        return None
    raise Invalid("a list of bool is required")


def _alltrue(value: Any) -> Any:
    """In order, as Terraform: an unknown element before a false one leaves the result unknown."""
    items = _sequence(value, "a list of bool")
    if items is None:
        return UNKNOWN
    for item in items:
        if item is None:
            return False
        verdict = _truth(item)
        if verdict is None:
            return UNKNOWN
        if not verdict:
            return False
    return True


def _anytrue(value: Any) -> Any:
    """A true element decides it, wherever it is; else an unknown one leaves it unknown."""
    items = _sequence(value, "a list of bool")
    if items is None:
        return UNKNOWN
    undecided = False
    for item in items:
        verdict = None if item is None else _truth(item)
        if verdict:
            return True
        undecided = undecided or (item is not None and verdict is None)
    return UNKNOWN if undecided else False


def _reverse(value: Any) -> Any:
    items = _sequence(value, "a list or a tuple")
    return UNKNOWN if items is None else items[::-1]


def _index(value: Any, item: Any) -> Any:
    items = _sequence(value, "a list or a tuple")
    if items is None:
        return UNKNOWN
    for position, candidate in enumerate(items):
        verdict = equal(candidate, item)
        if verdict is None:
            return UNKNOWN  # (it may be the one)
        if verdict:
            return position
    raise Invalid("item not found")


def _setunion(*sets: Any) -> Any:
    items = _concat(*sets)
    return UNKNOWN if items is UNKNOWN else _toset(items)


def _identity_value(value: Any) -> Any:
    """sensitive()/nonsensitive(): the value itself (what they change, the plan's redaction, no rule reads)."""
    return value


def _trimspace(value: Any) -> Any:
    """Go trims Unicode white space, as Python's str.strip() does for ASCII: other text is unknown."""
    text = _string(value)
    return UNKNOWN if text is None or not text.isascii() else text.strip(" \t\n\r\v\f")


def _chomp(value: Any) -> Any:
    text = _string(value)
    return UNKNOWN if text is None else text.rstrip("\r\n")


def _strcontains(text: Any, part: Any) -> Any:
    whole, sub = _string(text), _string(part)
    return UNKNOWN if whole is None or sub is None else sub in whole


def _set_operation(keep: bool) -> Callable[..., Any]:
    """setintersection() (`keep`: what every other set holds too) and setsubtract() (what the second
    does not hold)."""

    def call(first: Any, *others: Any) -> Any:
        if not keep and len(others) != 1:
            raise Invalid("two arguments are required")
        base = _toset(first)
        rest = [_distinct(o) for o in others]
        if base is UNKNOWN or any(r is UNKNOWN for r in rest):
            return UNKNOWN
        identities = [{_identity(i) for i in r} for r in rest]
        if any(None in ids for ids in identities) or any(_identity(i) is None for i in base):
            return UNKNOWN
        return [i for i in base if all((_identity(i) in ids) is keep for ids in identities)]

    return call


def _sum(value: Any) -> Any:
    items = _sequence(value, "a list or a set of numbers")
    if items is None:
        return UNKNOWN
    if not items:
        raise Invalid("cannot sum an empty list")
    numbers = _numbers(items)
    if numbers is None or any(isinstance(v, float) for v in numbers):
        return UNKNOWN  # (Terraform adds in 512-bit floats: a fraction may round otherwise)
    return sum(numbers)


def _rounding(func: Callable[[float], int]) -> Callable[[Any], Any]:
    """ceil()/floor(): a whole number is itself (a float past 2**53 stands for a decimal it is not
    exactly: rounding it would print other digits); a fraction is below 2**53, where the float's
    rounding is Terraform's."""
    return lambda n: n if isinstance(n, int) or n.is_integer() else func(n)


def _number_function(func: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """abs(), ceil(), floor(), signum() of a number. A fraction here is a float that stands exactly for
    Terraform's value (`arithmetic` and `parse_number` keep no other), so no whole number lies between
    the two: `floor(count.index / 2)`, the usual way to spread subnets over zones or tiers, is known."""

    def call(value: Any) -> Any:
        numbers = _numbers([value])
        if numbers is None or not (isinstance(numbers[0], int) or math.isfinite(numbers[0])):
            return UNKNOWN
        return func(numbers[0])

    return call


def _substr(text: Any, offset: Any, length: Any) -> Any:
    """substr() counts grapheme clusters: only ASCII text is counted here; a negative offset counts
    from the end, a length of -1 takes the rest."""
    whole, start, count = _string(text), _whole(offset), _whole(length)
    if whole is None or start is None or count is None or not whole.isascii():
        return UNKNOWN
    if start < 0:
        start += len(whole)
    if start < 0 or count < -1:
        return UNKNOWN  # (edges where cty's rules are not Python's slicing)
    return whole[start:] if count == -1 else whole[start : start + count]  # (past the end: what there is)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "length": _length,
    "concat": _concat,
    "flatten": _flatten,
    "element": _element,
    "lookup": _lookup,
    "coalesce": _coalesce,
    "coalescelist": _coalescelist,
    "merge": _merge,
    "keys": _keys,
    "values": _values,
    "tolist": _tolist,
    "toset": _toset,
    "tomap": _tomap,
    "tostring": _tostring,
    "tobool": _tobool,
    "tonumber": _tonumber,
    "format": _format,
    "cidrhost": _cidrhost,
    "cidrnetmask": _cidrnetmask,
    "cidrsubnet": _cidrsubnet,
    "cidrsubnets": _cidrsubnets,
    "compact": _compact,
    "distinct": _distinct,
    "slice": _slice,
    "range": _range,
    "min": _min_max(min),
    "max": _min_max(max),
    "zipmap": _zipmap,
    "matchkeys": _matchkeys,
    "setproduct": _setproduct,
    "jsonencode": _jsonencode,
    "jsondecode": _jsondecode,
    "contains": _contains,
    "one": _one,
    "sort": _sort,
    "lower": _case(str.lower),
    "upper": _case(str.upper),
    "join": _join,
    "split": _split,
    "replace": _replace,
    "startswith": _affix(str.startswith),
    "endswith": _affix(str.endswith),
    "trimprefix": _trimprefix,
    "trimsuffix": _trimsuffix,
    "alltrue": _alltrue,
    "anytrue": _anytrue,
    "reverse": _reverse,
    "index": _index,
    "setunion": _setunion,
    "setintersection": _set_operation(True),
    "setsubtract": _set_operation(False),
    "sensitive": _identity_value,
    "nonsensitive": _identity_value,
    "trimspace": _trimspace,
    "chomp": _chomp,
    "strcontains": _strcontains,
    "sum": _sum,
    "abs": _number_function(abs),
    "ceil": _number_function(_rounding(math.ceil)),
    "floor": _number_function(_rounding(math.floor)),
    "signum": _number_function(lambda n: (n > 0) - (n < 0)),
    "substr": _substr,
}

#: Evaluated by the evaluator itself: their arguments are expressions, not values (`try`, `can`), or
#: they read files (`file`, `templatefile`).
SPECIAL = frozenset({"try", "can", "file", "templatefile"})


MAX_FILE_BYTES = 256 * 1024


def read_file(module: Module, path: Any) -> Any:
    """`file("policy.json")`: read (never executed), relative to the root module as Terraform does,
    and only inside the tree being linted (`confine`): anything else is unknown."""
    if not isinstance(path, str) or module.loader is None:
        return UNKNOWN
    root = getattr(module.loader, "root", "")
    # (`path.module` and `path.root` are the folders as this run names them: such a path is whole already)
    whole = os.path.isabs(path) or any(path == f or path.startswith(f.rstrip("/") + "/") for f in (module.folder, root))
    full = path if whole else os.path.join(root, path)
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
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return UNKNOWN
    read = getattr(module.loader, "read_files", None)
    if isinstance(read, dict):
        read[allowed] = None  # (named on the command line too, it is no file the run passed over)
    return text


def file_problem(module: Module, path: Any) -> str | None:
    """Why `file()` of a known `path` is unknown, for --explain: lambda6lint does not read that file (None where it
    does, or the path is not known: then the path is why)."""
    if not isinstance(path, str) or read_file(module, path) is not UNKNOWN:
        return None
    return (
        "reads a file lambda6lint does not read: not a file in the folder linted, not UTF-8, or over "
        f"{MAX_FILE_BYTES // 1024} KB, the most it reads (a plan, `terraform show -json`, holds the value)"
    )


def template_text(module: Module, path: Any) -> tuple[str | None, str | None]:
    """`templatefile()`'s template: its text, or why it cannot be read (for --explain)."""
    text = read_file(module, path)
    if not isinstance(text, str):
        return None, "reads a template lambda6lint cannot read: not a file in the folder linted, or over 256 KB"
    return text, None


def template_problem(module: Module, path: Any) -> str | None:
    """Why `templatefile()` of `path` is unknown, for --explain (None when it is not the file's fault)."""
    text, problem = template_text(module, path)
    if text is not None and hcl.template(text) is None:
        return "is made by `templatefile()` from a template lambda6lint cannot parse"
    return problem
