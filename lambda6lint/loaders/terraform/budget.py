"""The work one root module may cost, so that no input can make a run spin or swell.

Evaluation is cheap on real modules and explosive on crafted ones: strings that double through
locals, integers that square, a collection shared many times over (`[local.a, local.a]`, nested),
`dynamic` blocks inside `dynamic` blocks, modules that call each other over and over. So every
value is measured as it is made — the characters of its strings plus the items of its collections,
a shared part counted each time it appears, which is what anything walking the value later pays —
and each root module has totals: evaluation steps, work (the sizes of the values made and of the
arguments functions read), module instances. Past a limit the value is unknown, evaluation winds
down, and the loader reports the first limit reached (E9600): unknown facts never produce findings,
and the run says why they are unknown.
"""

from __future__ import annotations

from itertools import chain

from lambda6lint.loaders.terraform.values import Partial
from lambda6lint.model import Location

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Expression evaluations per root module, about 2 s (terraform-aws-vpc's complete example: 9,000; no
#: root of the corpus or of 200 public repositories reaches 20,000).
MAX_STEPS = 250_000
MAX_VALUE = 1_000_000  # size of one value: characters + items, expanded
#: Sizes of values made and read, per root module: about 2 s of work (the most a public module was seen
#: to need: 310,000).
MAX_WORK = 5_000_000
MAX_INT_BITS = 1024  # Terraform numbers have 512 bits of precision; IPv6 arithmetic needs 128
MAX_MODULES = 2_000  # module instances per root module
MAX_BLOCKS = 100_000  # nested blocks made per root module (each `dynamic` item is one)
TOO_LARGE = f"a value over {MAX_VALUE:,} characters and items"
_REMEMBERED = 256  # collections at least this size keep their size: re-measuring smaller ones is cheap


class Budget:
    """Counters and the first limit reached, with where; `spent` once evaluation must wind down."""

    def __init__(self) -> None:
        self.steps = 0
        self.work = 0
        self.modules = 0
        self.blocks = 0
        self.reason: str | None = None
        self.where: Location | None = None
        self.spent = False
        self._sizes: dict[int, tuple[Any, int]] = {}  # id → (collection, size); held, so ids stay unique

    def exceed(self, reason: str, where: Location | None, final: bool = False) -> None:
        """Record a limit reached (the first one is reported); `final` stops the evaluation."""
        if self.reason is None:
            self.reason, self.where = reason, where
        self.spent = self.spent or final

    def step(self, where: Location | None = None) -> bool:
        """Count one evaluation step; False once the budget is spent."""
        self.steps += 1
        if self.steps > MAX_STEPS and not self.spent:
            self.exceed(f"over {MAX_STEPS:,} evaluation steps", where, final=True)
        return not self.spent

    def charge(self, amount: int, where: Location | None = None) -> bool:
        """Count work; False once the budget is spent."""
        self.work += amount
        if self.work > MAX_WORK and not self.spent:
            self.exceed(f"over {MAX_WORK:,} characters and items made or read", where, final=True)
        return not self.spent

    def block(self, where: Location | None = None) -> bool:
        """Count one nested block made; False once the budget is spent."""
        self.blocks += 1
        if self.blocks > MAX_BLOCKS and not self.spent:
            self.exceed(f"over {MAX_BLOCKS:,} nested blocks", where, final=True)
        return not self.spent

    def fit(self, value: Any, where: Location | None = None) -> bool:
        """Whether a value just made may be kept: within MAX_VALUE, numbers within MAX_INT_BITS."""
        if isinstance(value, int) and not isinstance(value, bool):
            if value.bit_length() > MAX_INT_BITS:
                self.exceed(f"a number over {MAX_INT_BITS} bits", where)
                return False
            return True
        size = self.size(value)
        if size > MAX_VALUE:
            self.exceed(TOO_LARGE, where)
            return False
        return self.charge(size, where)

    def size(self, value: Any) -> int:
        """Characters of the strings plus items of the collections in `value`, shared parts counted each
        time; at most MAX_VALUE + 1. Measured without recursion; a large collection is measured once
        (so a value sharing one many times over costs its own length, not its expanded size)."""
        flat = _flat(value)
        if flat is not None:
            return flat
        known = self._sizes.get(id(value))
        if known is not None:
            return known[1]
        over = MAX_VALUE + 1
        stack: list[list[Any]] = [[value, iter(_items(value)), 1]]
        while stack:
            frame = stack[-1]
            for item in frame[1]:
                found = _flat(item)
                if found is None:
                    memo = self._sizes.get(id(item))
                    if memo is None:
                        stack.append([item, iter(_items(item)), 1])
                        break
                    found = memo[1]
                frame[2] = min(frame[2] + found, over)
                if frame[2] >= over:
                    for pending in stack:  # everything still open holds this one: all too large
                        self._sizes[id(pending[0])] = (pending[0], over)
                    return over
            else:
                stack.pop()
                if frame[2] >= _REMEMBERED:
                    self._sizes[id(frame[0])] = (frame[0], frame[2])
                if not stack:
                    return frame[2]
                stack[-1][2] = min(stack[-1][2] + frame[2], over)
        return over  # not reached: the loop returns when the outermost collection is measured


def _flat(value: Any) -> int | None:
    """The size of a value that is not a collection; None for a list or dict."""
    if isinstance(value, str):
        return len(value) + 1
    if isinstance(value, Partial):
        return len(value.text) + 1
    if isinstance(value, (list, dict)):
        return None
    return 1


def _items(value: Any) -> Any:
    return chain(value.keys(), value.values()) if isinstance(value, dict) else value
