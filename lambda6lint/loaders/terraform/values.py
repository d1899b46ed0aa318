"""Values of evaluated Terraform, shared by the HCL evaluator, the plan reader and the resource mapping.

A value is plain data (str, int, float, bool, None, list, dict), `UNKNOWN` (cannot be known), or
one of the markers below: a `Link` to another resource instance's attribute (what `aws_subnet.a.id`
evaluates to), or `PRESENT` (a value that will exist, e.g. `cidrsubnet()` over an unknown prefix).
"""

from __future__ import annotations

from typing import Any

from lambda6lint.model import UNKNOWN, Location
from lambda6lint.records import dataclass, field


@dataclass(frozen=True)
class Link:
    """The attribute `attr` of resource instance `address` (e.g. `module.net.aws_subnet.a[0]`, `id`)."""

    address: str
    attr: str = "id"


class _Present:
    """A value that will exist but whose content cannot be known (a computed CIDR)."""

    _instance: _Present | None = None

    def __new__(cls) -> _Present:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "PRESENT"


PRESENT = _Present()


HOLE = "\x00"  # where an unknown interpolation sits in a Partial's text


@dataclass(frozen=True)
class Partial:
    """Text with interpolations we cannot evaluate: unknown, except for its literal parts (a policy's
    actions, an endpoint's `com.amazonaws.${region}.s3` service). Unknown parts are `HOLE`s."""

    text: str


def present(value: Any) -> bool | None:
    """Is a value set? True for data and computed values, None when unknown."""
    if value is UNKNOWN:
        return None
    return not (value is None or value == "" or value == [])


def boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


@dataclass
class Instance:
    """One resource instance, its attributes evaluated, with the locations a finding may point at.

    `attrs` holds arguments; nested blocks are lists of dicts (the plan's shape). `marks` maps an
    attribute path such as `("vpc_config", 0, "subnet_ids", 1)` to the place it is written.
    """

    address: str
    type: str
    attrs: dict[str, Any] | Any
    location: Location
    marks: dict[tuple, Location] = field(default_factory=dict)
    conditional: bool = False
    unknown_count: bool = False  # a representative of a count/for_each we could not evaluate
    suppress: dict[str, str] = field(default_factory=dict)  # rule → reason, from ignore comments
    mode: str = "managed"
    ids: tuple[str, ...] = ()  # known ids (a plan's existing resources), for literal references
    hints: dict[str, str] = field(default_factory=dict)  # concept → the input to change (module models)

    def mark(self, *path: Any) -> Location:
        """The location of the longest known prefix of `path`."""
        for end in range(len(path), 0, -1):
            found = self.marks.get(tuple(path[:end]))
            if found is not None:
                return found
        return self.location

    def has_mark(self, *path: Any) -> bool:
        return tuple(path) in self.marks
