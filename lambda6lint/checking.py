"""The rules over pieces of the graph, keeping only what reports need of them.

Templates that link with no other one are checked a batch at a time, as soon as they are loaded
(in this process or in a worker, parallel.py); their graph then goes. What is kept — findings and
what could not be decided — points at stand-ins of the resources involved, so memory stays flat
however many templates a run has (issue #14) and a worker can send its results back cheaply.
Each template's findings depend on its own graph only (no rule looks across templates that do not
link), so checking them apart finds exactly what one graph of the whole run finds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lambda6lint import filters
from lambda6lint.explain import Undecided, undecided_parts
from lambda6lint.findings import INPUT_ERROR, Context, Finding
from lambda6lint.model import ROOT_CALL, Location, ModuleCall, NatGateway, Resource, Template, settled
from lambda6lint.network import Network
from lambda6lint.records import bare
from lambda6lint.registry import registry, rule_by_id

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from lambda6lint.loaders import Piece
    from lambda6lint.options import Options
    from lambda6lint.plan import Plan

#: Standalone pieces checked together: large enough to spread the rules' fixed cost, small enough
#: that a batch's graph is a few megabytes.
BATCH = 64
#: Resources of the pieces checked together: a batch is also closed past it. A Terraform root of 2,000
#: module instances, each within its budget, has thousands of resources: 64 of them held ~250,000 in one
#: graph (50 roots calling module chains with count = 30: 1 GB; 110 MB for one).
BATCH_RESOURCES = 20_000
#: Formats whose pieces hold their whole source until checked: a batch of their own.
HEAVY = frozenset({"terraform-plan"})


class Checked:
    """The results of checking pieces: findings, what could not be decided (functions first, then NAT
    gateways, then APIs, then module calls not read, as `explain.undecided` lists them for one graph),
    and the NAT gateways' plan. Results of pieces checked out of the order one graph of the run lists
    them in (`ranked`: CDK stacks that link with nothing, checked as soon as they are built) carry the
    rank of the piece each entry is of, to be put back in that order (`in_order`)."""

    __slots__ = ("findings", "functions", "nats", "apis", "modules", "plan", "network", "warnings", "kinds", "ranks")

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.warnings: list[tuple[Location, str]] = []  # suppressions that name no rule (filters.py)
        #: For each warning, 0 when it is of a resource, 1 of a template: one graph says the first kind first.
        self.kinds: list[int] = []
        #: The ranks of the findings, of each part's entries (`undecided`) and of the warnings, when asked for.
        self.ranks: list[list[int]] | None = None
        self.functions: list[Undecided] = []
        self.nats: list[Undecided] = []
        self.apis: list[Undecided] = []
        self.modules: list[Undecided] = []
        self.plan: Plan | None = None  # when the pieces hold a NAT gateway, or a plan was asked for
        self.network: Network | None = None  # kept only when asked (a plan draws from it)

    @property
    def undecided(self) -> tuple[list[Undecided], ...]:
        """The parts of what could not be decided, in the order one graph lists them."""
        return self.functions, self.nats, self.apis, self.modules

    def extend(self, other: Checked) -> None:
        self.findings += other.findings
        self.warnings += other.warnings
        self.kinds += other.kinds
        if other.ranks is not None:
            if self.ranks is None:
                self.ranks = [[] for _ in other.ranks]
            for held, added in zip(self.ranks, other.ranks, strict=True):
                held += added
        for mine, theirs in zip(self.undecided, other.undecided, strict=True):
            mine += theirs
        if other.plan is not None:
            if self.plan is None:
                self.plan = other.plan
            else:
                self.plan.merge(other.plan)

    def in_graph_order(self) -> None:
        """The warnings as one graph lists them: those of resources, then those of templates (each kind in the
        order it came in: the pieces' order, batches following each other)."""
        if 1 in self.kinds:
            order = sorted(range(len(self.warnings)), key=self.kinds.__getitem__)
            self.warnings = [self.warnings[i] for i in order]
            self.kinds = [self.kinds[i] for i in order]

    def placed(self, place: Mapping[int, int]) -> None:
        """Ranks replaced by `place[rank]`; what is of a rank `place` lacks is dropped (a piece linked after all)."""
        if self.ranks is None:
            return
        lists: list[list[Any]] = [self.findings, *self.undecided, self.warnings]
        for i, (items, ranks) in enumerate(zip(lists, self.ranks, strict=True)):
            kept = [(item, place[rank]) for item, rank in zip(items, ranks, strict=True) if rank in place]
            items[:] = [item for item, _ in kept]
            self.ranks[i] = [rank for _, rank in kept]
            if items is self.warnings:
                self.kinds = [kind for kind, rank in zip(self.kinds, ranks, strict=True) if rank in place]


def in_order(first: Checked, second: Checked) -> Checked:
    """Two ranked results (their ranks apart) as one graph of all their pieces gives them: each list by rank
    (the ranks are then spent: what follows in the run is not ranked)."""
    first.extend(second)
    ranks = first.ranks
    if ranks is None:
        return first
    lists: list[list[Any]] = [first.findings, *first.undecided]
    for i, items in enumerate(lists):
        order = sorted(range(len(items)), key=ranks[i].__getitem__)
        items[:] = [items[j] for j in order]
        ranks[i] = [ranks[i][j] for j in order]
    order = sorted(range(len(first.warnings)), key=lambda j: (first.kinds[j], ranks[-1][j]))
    first.warnings = [first.warnings[j] for j in order]
    first.kinds, first.ranks = [first.kinds[j] for j in order], None
    if first.plan is not None and first.plan.delta:  # (one graph's follows its NAT gateways: by VPC)
        at = {id(entry.nat): i for i, entry in enumerate(first.plan.replaceable)}
        first.plan.delta.sort(key=lambda item: at.get(id(item.nat), len(at)))
    return first


def failure(exc: Exception, what: str) -> str:
    """The E9600 message for an exception that is not an InputError."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return f"internal error while reading {what}: {type(exc).__name__} (a bug in lambda6lint: please report it)"


def check(
    pieces: list[Piece], options: Options, keep: bool = False, apart: bool = False, ranks: list[int] | None = None
) -> Checked:
    """Run the selected rules and `--explain`'s questions over one graph of `pieces` (and price its NAT
    gateways); `keep`: the graph stays with the results. A bug in the graph, a rule or the questions
    is an E9600 that names it: the other rules' findings are still there. `apart`: the pieces share
    nothing (standalone templates checked together), so a rule that fails runs again on each alone, and
    only the one it fails on loses its findings. `ranks`: one for each piece, given to what is of it
    (`Checked.ranks`)."""
    checked = Checked()
    error_rule = rule_by_id(INPUT_ERROR)
    first = Location(pieces[0][0].path if pieces else ".")

    def internal(message: str, where: Location = first) -> None:
        checked.findings.append(error_rule.finding(None, f"cannot lint: {message}", where))

    try:
        network = Network([r for _, found in pieces for r in found], [template for template, _ in pieces])
    except Exception as exc:  # noqa: BLE001 - no graph, no rule: say so rather than crash
        internal(failure(exc, "the resource graph"))
        network = Network([], [])
    context = Context(prices=options.prices)
    for rule in registry():
        if rule.check is None or not filters.selected(rule, options):
            continue
        try:
            checked.findings.extend(rule.check(network, context))
        except Exception as exc:  # noqa: BLE001 - one rule's bug never hides the others' findings
            if not apart or len(pieces) < 2:
                internal(f"internal error in rule {rule.id}: {type(exc).__name__}; its findings are missing")
                continue
            for template, found in pieces:  # (which file it fails on, and the others' findings)
                try:
                    checked.findings.extend(rule.check(Network(list(found), [template]), context))
                except Exception as alone:  # noqa: BLE001
                    message = f"internal error in rule {rule.id}: {type(alone).__name__}; its findings are missing"
                    internal(message, Location(template.path))
    for finding in checked.findings:  # (here, in the worker that checked them, not in the end's serial stage)
        filters.apply_suppressions(finding)
    owners: list[tuple[int, Any]] = []
    try:
        checked.warnings = filters.suppression_warnings(network.resources, registry(), owners)
        checked.kinds = [kind for kind, _ in owners]
    except Exception as exc:  # noqa: BLE001 - a courtesy: its bug must not hide findings
        internal(failure(exc, "the suppressions"))
    try:
        checked.functions, checked.nats, checked.apis, checked.modules = undecided_parts(network, options.subjects_only)
    except Exception as exc:  # noqa: BLE001 - explaining is a courtesy: its bug must not hide findings
        internal(failure(exc, "what could not be decided"))
    # (module calls not read: what they may make is named beside the money, from any part of the run)
    if options.plan or network.of(NatGateway) or bool(network.of(ModuleCall)):
        from lambda6lint import plan

        undecided = checked.functions + checked.nats
        try:
            checked.plan = plan.build(network, options.prices, undecided, options.gb_per_month, options.baseline)
        except Exception as exc:  # noqa: BLE001 - the money is a courtesy too
            internal(failure(exc, "the NAT gateways' plan"))
    if keep:
        checked.network = network
    if ranks is not None:
        _rank(checked, pieces, ranks, owners)
    return checked


def _rank(checked: Checked, pieces: list[Piece], ranks: list[int], owners: list[tuple[int, Any]]) -> None:
    """The rank of the piece each finding, entry and warning is of (a finding of no resource: of its file's)."""
    of_resource: dict[int, int] = {}
    of_template: dict[int, int] = {}
    of_path: dict[str, int] = {}
    for (template, found), rank in zip(pieces, ranks, strict=True):
        of_template.setdefault(id(template), rank)
        of_path.setdefault(template.path, rank)
        for res in found:
            of_resource[id(res)] = rank
            of_template.setdefault(id(res.template), rank)
    first = ranks[0] if ranks else 0

    def of(res: Any) -> int:
        rank = of_resource.get(id(res))
        return of_template.get(id(res.template), first) if rank is None else rank

    checked.ranks = [
        [
            of(f.resource_obj) if f.resource_obj is not None else of_path.get(f.location.path, first)
            for f in checked.findings
        ],
        *([of(u.subject) for u in part] for part in checked.undecided),
        [of(owner) if kind == 0 else of_template.get(id(owner), first) for kind, owner in owners],
    ]


class Batches:
    """Standalone pieces, checked `BATCH` templates (or `BATCH_RESOURCES` resources) at a time; only light
    results are kept.

    `whole`: nothing is checked here; the engine checks every piece in one graph (a plan).
    """

    def __init__(self, options: Options, whole: bool = False, ranked: bool = False):
        self.options = options
        self.whole = whole
        self.pieces: list[Piece] = []
        self.resources = 0  # of `pieces` (BATCH_RESOURCES)
        self.ranks: list[int] | None = [] if ranked else None  # (`ranked`: one for each piece, given to `add`)
        self.checked = Checked()

    def add(self, pieces: Iterable[Piece], ranks: Iterable[int] = ()) -> None:
        """A template's graph is small once built, but a plan's resources keep its values and text (their
        marks are found there when asked): ~1 GB for a 100 MB plan, so each plan is checked at once,
        not 64 of them together."""
        added = len(self.pieces)
        self.pieces.extend(pieces)
        if self.ranks is not None:
            self.ranks.extend(ranks)
        if self.whole:
            return
        self.resources += sum(len(resources) for _, resources in self.pieces[added:])
        if (
            len(self.pieces) >= BATCH
            or self.resources >= BATCH_RESOURCES
            or any(template.format in HEAVY for template, _ in self.pieces[added:])
        ):
            self.flush()

    def flush(self) -> Checked:
        if self.pieces and not self.whole:
            self.checked.extend(lighten(check(self.pieces, self.options, apart=True, ranks=self.ranks)))
            self.pieces = []
            self.resources = 0
            self.ranks = None if self.ranks is None else []
        return self.checked


def lighten(checked: Checked) -> Checked:
    """The same results, their resources replaced by stand-ins (one per resource, so identity holds)
    and their places found (`settled`: what a `Later` would find them in goes with the graph)."""
    memo: dict[int, Any] = {}
    checked.warnings = [(settled(where), text) for where, text in checked.warnings]
    for finding in checked.findings:
        if finding.resource_obj is not None:
            finding.resource_obj = stand_in(finding.resource_obj, memo)
        finding.location = settled(finding.location)
        if finding.related:
            finding.related = [(settled(where), text) for where, text in finding.related]
    for part in checked.undecided:
        part[:] = [
            Undecided(stand_in(u.subject, memo), u.fact, stand_in(u.resource, memo), settled(u.location), u.cause)
            for u in part
        ]
    if checked.plan is not None:
        checked.plan = checked.plan.light(lambda res: stand_in(res, memo))
    return checked


#: The marks of a stand-in with none the engine reads (one dict for all: never written to).
_NO_MARKS: dict[str, Location] = {}


def stand_in(res: Resource, memo: dict[int, Any]) -> Resource:
    """`res` with only what reports and suppressions read (id, type, kind, name, location,
    suppressions, its template's path, format and suppressions, a root module's call of its module):
    none of its references, so the graph it came from can go. Built without `__init__`, which would
    allocate every empty field."""
    found = memo.get(id(res))
    if found is not None:
        return found
    template = memo.get(id(res.template))
    if template is None:
        template = bare(
            Template,
            path=res.template.path,
            format=res.template.format,
            suppress=res.template.suppress,
            vocabulary={},
            nesting=res.template.nesting,
            region=res.template.region,
            regions=res.template.regions,
        )
        memo[id(res.template)] = template
    more: dict[str, Any] = {}
    if isinstance(res, NatGateway):  # how a plan names it
        more["regional"] = res.regional
    if isinstance(res, ModuleCall):  # how reports name it ("loop": an Fn::ForEach)
        more["noun"] = res.noun
    light = bare(
        type(res),
        id=res.id,
        type=res.type,
        template=template,
        location=settled(res.location),
        path=res.path,
        suppress=res.suppress,
        marks={ROOT_CALL: settled(res.marks[ROOT_CALL])} if ROOT_CALL in res.marks else _NO_MARKS,
        **more,
    )
    memo[id(res)] = light
    return light
