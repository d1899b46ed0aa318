"""The rules over pieces of the graph, keeping only what reports need of them.

Templates that link with no other one are checked a batch at a time, as soon as they are loaded
(in this process or in a worker, parallel.py); their graph then goes. What is kept — findings and
what could not be decided — points at stand-ins of the resources involved, so memory stays flat
however many templates a run has (issue #14) and a worker can send its results back cheaply.
Each template's findings depend on its own graph only (no rule looks across templates that do not
link), so checking them apart finds exactly what one graph of the whole run finds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from lambda6lint import filters
from lambda6lint.explain import Undecided, undecided_parts
from lambda6lint.findings import Context, Finding
from lambda6lint.model import Resource, Template
from lambda6lint.network import Network
from lambda6lint.registry import registry

if TYPE_CHECKING:
    from lambda6lint.loaders import Piece
    from lambda6lint.options import Options

#: Standalone pieces checked together: large enough to spread the rules' fixed cost, small enough
#: that a batch's graph is a few megabytes.
BATCH = 64


class Checked:
    """The results of checking pieces: findings, and what could not be decided (functions first,
    then NAT gateways, as `explain.undecided` lists them for one graph)."""

    __slots__ = ("findings", "functions", "nats")

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.functions: list[Undecided] = []
        self.nats: list[Undecided] = []

    def extend(self, other: Checked) -> None:
        self.findings += other.findings
        self.functions += other.functions
        self.nats += other.nats


def check(pieces: list[Piece], options: Options) -> Checked:
    """Run the selected rules and `--explain`'s questions over one graph of `pieces`."""
    network = Network([r for _, found in pieces for r in found], [template for template, _ in pieces])
    context = Context(prices=options.prices)
    checked = Checked()
    for rule in registry():
        if rule.check is None or not filters.selected(rule, options):
            continue
        checked.findings.extend(rule.check(network, context))
    checked.functions, checked.nats = undecided_parts(network)
    return checked


class Batches:
    """Standalone pieces, checked `BATCH` templates at a time; only light results are kept."""

    def __init__(self, options: Options):
        self.options = options
        self.pieces: list[Piece] = []
        self.checked = Checked()

    def add(self, pieces: Iterable[Piece]) -> None:
        self.pieces.extend(pieces)
        if len(self.pieces) >= BATCH:
            self.flush()

    def flush(self) -> Checked:
        if self.pieces:
            self.checked.extend(lighten(check(self.pieces, self.options)))
            self.pieces = []
        return self.checked


def lighten(checked: Checked) -> Checked:
    """The same results, their resources replaced by stand-ins (one per resource, so identity holds)."""
    memo: dict[int, Any] = {}
    for finding in checked.findings:
        if finding.resource_obj is not None:
            finding.resource_obj = stand_in(finding.resource_obj, memo)
    for part in (checked.functions, checked.nats):
        part[:] = [
            Undecided(stand_in(u.subject, memo), u.fact, stand_in(u.resource, memo), u.location, u.cause) for u in part
        ]
    return checked


def stand_in(res: Resource, memo: dict[int, Any]) -> Resource:
    """`res` with only what reports and suppressions read (id, type, kind, name, location,
    suppressions, its template's path, format and suppressions): none of its references, so the
    graph it came from can go. Built without `__init__`, which would allocate every empty field."""
    found = memo.get(id(res))
    if found is not None:
        return found
    template = memo.get(id(res.template))
    if template is None:
        template = object.__new__(Template)
        template.__dict__.update(
            path=res.template.path, format=res.template.format, suppress=res.template.suppress, vocabulary={}
        )
        memo[id(res.template)] = template
    light = object.__new__(type(res))
    light.__dict__.update(
        id=res.id, type=res.type, template=template, location=res.location, path=res.path, suppress=res.suppress
    )
    memo[id(res)] = light
    return light
