"""Values of evaluated Terraform, shared by the HCL evaluator, the plan reader and the resource mapping.

A value is plain data (str, int, float, bool, None, list, dict), `UNKNOWN` (cannot be known), or
one of the markers below: a `Link` to another resource instance's attribute (what `aws_subnet.a.id`
evaluates to), or `PRESENT` (a value that will exist, e.g. `cidrsubnet()` over an unknown prefix).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Context, Decimal

from lambda6lint.model import UNKNOWN, Location
from lambda6lint.records import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


@dataclass(frozen=True)
class Link:
    """The attribute `attr` of resource instance `address` (e.g. `module.net.aws_subnet.a[0]`, `id`)."""

    address: str
    attr: str = "id"


@dataclass(frozen=True)
class Elsewhere:
    """A reference by id to a resource that deploys to another region (`there`) than the one naming it (`here`), by
    AWS provider 6's resource-level `region`: AWS finds no id of one region in another, so Terraform's apply fails,
    or (a stale state) it names something the files do not hold. What it names is not known (mapper.here_only)."""

    link: Link
    there: str
    here: str


@dataclass(frozen=True)
class Switch:
    """A `count` written as a switch, `var.enable_nat ? 1 : 0`: a single instance that one value turns off
    (count 0), leaving the block in the code (and what names it under the same switch)."""

    count: str  # the count as written ("var.enable_nat ? 1 : 0"); "" where only its references are known (a plan)
    name: str  # the variable, module input or local it reads ("enable_nat")
    off: bool  # the value of `name` that makes the count 0
    module: str  # the address prefix of the module it is written in ("" for the root, "module.net.")
    #: Where that value is set (`causes.origin`'s place: a tfvars file, "--var", "" for the default, a call's
    #: input), None where it cannot be told; for a local, the file it is written in.
    source: str | None = None
    local: bool = False  # `name` is a local
    #: A count that is `name` itself (`count = var.nat_count`) on a representative of a count that cannot be known:
    #: how to make it 0 (`causes.count_switch`); "" for a switch.
    zero: str = ""

    @property
    def key(self) -> tuple[str, str | None, bool]:
        """Where it is turned off: what else reads it there (`Instance.reads`) goes too."""
        return (self.name, self.source, self.local)


@dataclass(frozen=True)
class Alike:
    """A list of at least one element, every one like `item` in all that does not depend on its position: the
    instances of a resource whose `count` cannot be known but is at least one (`length()` of a region's
    availability zones, `Evaluator.at_least_one`), or what a splat reads from each of them. Its length is
    never known (`length()` of it is unknown); `count` names the number it has, which instances of another
    resource with the same `count` share (`aws_route_table.private[count.index]` there is the one of the same
    position: `item`). `keyed`: a map by key, the instances of a `for_each` over the zones' names (`toset()` of
    them), where `aws_route_table.private[each.key]` in an instance of the same set is the one of the same key."""

    item: Any
    count: str
    keyed: bool = False


class Zones(str):
    """The name of a number of zones (an `Alike`'s `count`: `data.aws_availability_zones.x.names`, a slice of
    them, a capped slice's count) and how --explain says those zones (`said`), kept by the code that writes the
    name: a name read back splits in the wrong place where a module instance's key (`module.net["a"].`) holds
    brackets of its own."""

    said: str

    def __new__(cls, name: str, said: str) -> Zones:
        made = super().__new__(cls, name)
        made.said = said
        return made


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

#: What an instance of a block of `count` or `for_each` reads of itself, the only values it has of its own (Terraform
#: refuses any other `each.<name>`): where a module call's instances differ (`causes.instance_reads` for the code, the
#: plan's `_model_into` for its recorded references).
INSTANCE_READS = ("each.key", "each.value", "count.index")

#: What an input reads of its call's instance: one of `INSTANCE_READS`, then each variable it is passed down as, from
#: the outermost module (`("each.value", "var.subnets")`: the outer call gives its each.value as `var.subnets`).
Read = tuple[str, ...]


def said_read(read: Read) -> str:
    """A `Read` as a fix says it: "each.value", "each.value passed in as var.a", "each.value passed in as var.a, then
    var.b", and past three variables (as many as 16 modules down) the first, how many between, and the last."""
    word, names = read[0], read[1:]
    if not names:
        return word
    if len(names) <= 3:
        return f"{word} passed in as {', then '.join(names)}"
    return f"{word} passed in as {names[0]}, then {len(names) - 2} more variables, then {names[-1]}"


#: The most inputs `said_reads` names for one read, and the most reads it says (the others are counted).
SAID_INPUTS = 3
SAID_READS = 2


def said_reads(reads: dict[str, Read]) -> str:
    """What inputs read of their call's instance (`said_read`), as a fix says it: the inputs reading the same told
    together ("azs and private_subnets read each.value"), each read its own clause ("azs reads each.key;
    private_subnets reads each.value passed in as var.a, then var.b"), and past a few inputs, or reads, how many more
    ("a, b and 4 more read each.value"; "…; 3 more inputs read each.value, passed in as other variables"): a
    call has some 30 inputs, each of whose reads may pass through its own chain of variables."""
    together: dict[str, list[str]] = {}
    for name in sorted(reads):
        together.setdefault(said_read(reads[name]), []).append(name)
    clauses = []
    for said, names in list(together.items())[:SAID_READS]:
        more = len(names) - (SAID_INPUTS - 1)
        shown = names if len(names) <= SAID_INPUTS else [*names[: SAID_INPUTS - 1], f"{more} more"]
        listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
        clauses.append(f"{listed} {'reads' if len(names) == 1 else 'read'} {said}")
    rest = [name for names in list(together.values())[SAID_READS:] for name in names]
    if rest:
        words = " or ".join(sorted({reads[name][0] for name in rest}))
        passing = sum(len(reads[name]) > 1 for name in rest)
        passed = ", passed in as other variables" if passing == len(rest) else ", some passed in as variables"
        inputs = "1 more input reads" if len(rest) == 1 else f"{len(rest)} more inputs read"
        clauses.append(f"{inputs} {words}{passed if passing else ''}")
    return "; ".join(clauses)


@dataclass(frozen=True)
class Partial:
    """Text with interpolations we cannot evaluate: unknown, except for its literal parts (a policy's
    actions, an endpoint's `com.amazonaws.${region}.s3` service). Unknown parts are `HOLE`s; `links`
    are the references among them (an output `"${aws_eip.nat.public_ip}/32"` names the address)."""

    text: str
    links: tuple[Link, ...] = ()


#: The types of plain data that are no container (a value's leaves; `type(v) in SCALARS`: one look-up, where most of a
#: plan's values are these).
SCALARS = frozenset({str, int, float, bool, type(None)})


def is_number(value: Any) -> bool:
    """A Terraform number (Python's bool is an int, but never a Terraform number)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def opaque(value: Any) -> bool:
    """A value whose content cannot be known: UNKNOWN, a reference, a computed or partial value."""
    return not (value is None or isinstance(value, (str, int, float, bool, list, dict)))


def number_text(value: int | float) -> str | None:
    """A number as Terraform writes it in a string (`1`, `1.5`, `0.0000001`: never `1.0` or an exponent);
    None for infinities and NaN, which have no such text."""
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError:  # an integer over 4,300 digits
            return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    # (past 2**53 a whole float stands for the decimal it is written as, `1e300`: parse_number keeps no other,
    # and Terraform writes that one; its binary value, `int(1e300)`, is 1000000000000000052504760255…)
    return format(Decimal(repr(value)), "f")


_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?")


_EVERY_DIGIT = Context(prec=500)  # (parse_number reads 400 characters at most)


def parse_number(text: str) -> int | float | None:
    """A string converted to a number as Terraform converts it (decimal notation only); None when it
    is not one, or has more precision than a float keeps (Terraform keeps 512 bits: not decided here)."""
    if len(text) > 400 or not _NUMBER.fullmatch(text):
        return None
    exact = Decimal(text)
    if exact == exact.to_integral_value() and abs(exact) < Decimal(10) ** 300:
        return int(exact)
    number = float(text)
    # (normalized in a context that holds every digit of the text: the default one rounds to 28, and
    # `0.10000000000000000000000000001` was read as 0.1, where Terraform's 512 bits tell them apart)
    if number in (float("inf"), float("-inf")) or format(Decimal(repr(number)), "f") != format(
        exact.normalize(_EVERY_DIGIT), "f"
    ):
        return None
    return number


def to_text(value: Any) -> str | None:
    """A string, number or bool as Terraform converts it to a string; None for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return number_text(value)
    return None


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


@dataclass(frozen=True)
class Rejected:
    """A reference Terraform rejects that an argument reads (causes.rejected)."""

    said: str  # as --explain says it
    #: What it may stand for once written as Terraform takes it, each a module's address prefix and a resource type:
    #: ("module.net.", "") a resource of that module or of those it calls, ("", "aws_route_table") a route table of
    #: the root's own; None where it may be any of the run's (through a variable, a data source, what a module is
    #: given).
    within: tuple[tuple[str, str], ...] | None


@dataclass(slots=True)
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
    root_call: Location | None = None  # in a local module: the root module's call of it (model.ROOT_CALL)
    #: In a local module: the call whose ignore comment ignores each rule pattern of `suppress` (model.IGNORED_BY_CALL).
    ignored_by: dict[str, Location] = field(default_factory=dict)
    conditional: bool = False
    unknown_count: bool = False  # a representative of a count/for_each we could not evaluate
    #: A representative of an unknown count that is at least one (`Alike`): it exists, and what it says holds for
    #: every instance (what depends on `count.index` is unknown in it).
    alike: bool = False
    #: Made by a `for_each`: the expression as written where it is a reference (`var.azs`, `toset(var.azs)`),
    #: else ""; None for a `count`'s instance or a single one (a plan's instance: its key in quotes tells).
    each: str | None = None
    #: A count's or for_each's instance: its index or key (a plan's `index`); None for a single one, or one whose
    #: key cannot be known.
    key: int | str | None = None
    suppress: dict[str, str] = field(default_factory=dict)  # rule → reason, from ignore comments
    mode: str = "managed"
    ids: tuple[str, ...] = ()  # known ids (a plan's existing resources), for literal references
    #: In a plan: the instances its configuration's expressions reference, which known values no longer show
    #: (a DNS record holding an existing Elastic IP's address).
    named: tuple[str, ...] = ()
    hints: dict[str, str] = field(default_factory=dict)  # concept → the input to change (module models)
    switch: Switch | None = None  # a count written as a switch (`var.enable_nat ? 1 : 0`)
    #: The `Switch.key`s its count or for_each (or a module call's above it) reads, written as a switch or not
    #: (`var.enable_nat ? 2 : 0`): turning one of them off changes this instance too.
    reads: tuple[tuple[str, str | None, bool], ...] = ()
    #: The function a top-level argument is written as a call of (`body = jsonencode(...)`): a fix quoting
    #: its value is said in the syntax it is written in.
    calls: dict[str, str] = field(default_factory=dict)
    #: Why the argument at a path cannot be known (causes.py), where the source can tell.
    why: Callable[[tuple[Any, ...]], str | None] | None = None
    #: Why a reference written as text with interpolations and text of its own names no resource of the run,
    #: naming what it puts in (causes.builder), where the source can tell.
    builder: Callable[[tuple[Any, ...]], str | None] | None = None
    #: Where a known argument's value is set, when not where it is written (causes.origin).
    source: Callable[[tuple[Any, ...]], tuple[str, str] | None] | None = None
    #: The root variable left at a placeholder default (a list, a map or null) a known argument is worked out
    #: from (causes.placeholder): an empty id list from it is no list a deploy must use.
    placeholder: Callable[[tuple[Any, ...]], str | None] | None = None
    #: The root variable without a value an argument that cannot be known is written as, directly or through locals,
    #: list elements and module inputs (causes.unset_root): what a run passes decides it, so it may name what no file
    #: can (a VPC's main route table).
    unset: Callable[[tuple[Any, ...]], str | None] | None = None
    #: What an argument that cannot be known may name (causes.named): both branches of a condition. A plan's may be
    #: one sequence shared by the instances of a block (`plan._chosen_among`): never changed in place.
    links: Callable[[tuple[Any, ...]], Sequence[Link]] | None = None
    #: The reference Terraform rejects that an argument reads (causes.rejected): what it stands for is unknown.
    rejecting: Callable[[tuple[Any, ...]], Rejected | None] | None = None
    #: All an argument that cannot be known may be, where each is a link (causes.chosen); None where it may be
    #: anything else, unless given a list to tell what else it may be (causes.chooser).
    choices: Callable[..., list[Link] | None] | None = None
    #: The links a list argument that cannot be known names whichever branch of its conditionals is taken, where
    #: they all name the same set (causes.agreed).
    agree: Callable[[tuple[Any, ...]], list[Link] | None] | None = None
    #: The VPC (subnet) whose own IPv6 block an argument is written as: its address (causes.own_block).
    own: Callable[[tuple[Any, ...]], str | None] | None = None
    #: The resource block whose instance of the same position an argument is written as the id of: its address
    #: (causes.paired_block).
    pair: Callable[[tuple[Any, ...], bool], str | None] | None = None
    #: The resource block one of whose instances an argument is written as the id of, whatever the index: its
    #: address (causes.listed_block).
    listed: Callable[..., str | None] | None = None
    #: The resource blocks a subnet argument that cannot be known is made of alone, whatever their number of
    #: instances: their addresses (causes.placing_blocks).
    placed: Callable[[tuple[Any, ...]], tuple[str, ...] | None] | None = None
    #: The resource block whose instances' ids a subnet argument picks one from, whatever the index (for a list, each
    #: item's): their addresses (causes.placing_item).
    picks: Callable[[tuple[Any, ...]], tuple[str, ...] | None] | None = None
    #: The expressions (by id) a host's subnet argument is made by alone, where nothing else reads it
    #: (causes.placing_sites).
    sites: Callable[[tuple[Any, ...]], tuple[int, ...]] | None = None

    def mark(self, *path: Any) -> Location:
        """The location of the longest known prefix of `path`."""
        marks = self.marks
        for end in range(len(path), 0, -1):
            found = marks.get(path[:end])
            if found is not None:
                return found
        return self.location

    def mark_at(self, *path: Any) -> Location | None:
        """The location of `path` itself, None where it is not written (`mark` falls back to the nearest
        written prefix): whether it is written and where, in one look-up (a plan's marks are found in its
        tree when asked: a mapper asks ~4 per resource)."""
        return self.marks.get(path) if path else None

    def cause(self, *path: Any) -> str | None:
        """Why the argument at `path` cannot be known, for --explain (None if the source cannot say)."""
        return _asked(self.why, path, None)

    def built(self, *path: Any) -> str | None:
        """Why the reference at `path`, a name built with text of its own, is no resource of the run (None if the
        source cannot say)."""
        return _asked(self.builder, path, None)

    def origin(self, *path: Any) -> tuple[str, str] | None:
        """For an argument written as `var.x`, the variable and where its value is set (causes.origin):
        the place a fix changes it."""
        return None if self.source is None else self.source(tuple(path))

    def defaulted(self, *path: Any) -> str | None:
        """The root variable left at a placeholder default the argument at `path` is worked out from
        (causes.placeholder), None if none."""
        return _asked(self.placeholder, path, None)

    def unset_root(self, *path: Any) -> str | None:
        """The root variable without a value the argument at `path` is written as (causes.unset_root), None if none."""
        return _asked(self.unset, path, None)

    def referenced(self, *path: Any) -> Sequence[Link]:
        """The resource instances the argument at `path` may name, where it cannot be known: a sequence that may be
        shared by many instances (the same one for the instances of a plan's block that name the same addresses),
        only read."""
        return _asked(self.links, path, [])

    def rejected(self, *path: Any) -> Rejected | None:
        """The reference Terraform rejects (an output its module does not declare…) that the argument at `path`
        reads, as --explain says it, and what it may stand for; None where there is none, or the source cannot
        say."""
        return _asked(self.rejecting, path, None)

    def chosen(self, *path: Any, missing: list[str] | None = None) -> list[Link] | None:
        """Every value the argument at `path`, which cannot be known, may take (each a link); None where it may
        be another (a variable's), or the source cannot say. `missing`, where given, is told what else it may be
        (each a route table this run does not show, as --explain says it) in place of that None: then the answer
        is the links it does decide; where the answer is still None, it is told at most one thing: the limit of
        lambda6lint's that left it so (`causes.TOO_MANY_CHOICES`)."""
        choices = self.choices
        if choices is None or missing is None:
            return _asked(choices, path, None)
        return _asked(lambda at: choices(at, missing), path, None)

    def agreed(self, *path: Any) -> list[Link] | None:
        """The links the list argument at `path`, which cannot be known, names whatever its conditionals pick, where
        every branch names the same set of them (causes.agreed); None for anything else."""
        return _asked(self.agree, path, None)

    def paired(self, *path: Any, beside: bool = False) -> str | None:
        """The address (no instance key) of the resource block whose instance at this instance's own position the
        argument at `path` is the id of (`count = length(aws_subnet.private)` with `subnet_id =
        aws_subnet.private[count.index].id`, `for_each = aws_subnet.private` with `subnet_id = each.value.id`, or
        the block counted alike: `count = length(var.private)` on both); None for anything else. `beside`: or of
        another block, named by the position in that one (`route_table_id = aws_route_table.private[count.index].id`
        beside that count, or beside tables counted alike): one of its instances."""
        return None if self.pair is None else self.pair(tuple(path), beside)

    def one_of(self, *path: Any, by_position: bool = False) -> str | None:
        """The address (no instance key) of the resource block one of whose instances the argument at `path` is the id
        of, whatever the index (`element(aws_route_table.private[*].id, var.single ? 0 : count.index)`); `by_position`:
        or by this counted instance's own position (`aws_nat_gateway.this[count.index].id`, whatever the two counts:
        a route's NAT gateway, `_listed_nat`); None for anything else."""
        return None if self.listed is None else self.listed(tuple(path), by_position)

    def placing_blocks(self, *path: Any) -> tuple[str, ...] | None:
        """The addresses (no instance key) of the resource blocks whose ids alone the argument at `path` may hold
        (`[for s in aws_subnet.public : s.id]`); None where it may hold any other (a variable's)."""
        return _asked(self.placed, path, None)

    def picked_from(self, *path: Any) -> tuple[str, ...] | None:
        """The addresses (no instance key) of the resource blocks the argument at `path` is one instance's id of, the
        index whatever (`module.vpc.private_subnet_ids[0]`), for a list each item's; None for anything else."""
        return _asked(self.picks, path, None)

    def placing_sites(self, *path: Any) -> tuple[int, ...]:
        """The expressions (by id) the subnet argument at `path` is made by alone, where nothing else reads it: a
        pick of one instance there only places the resource (`Evaluator.picked_at`); () for anything else."""
        return _asked(self.sites, path, ())  # type: ignore[no-any-return]

    def own_block(self, *path: Any) -> str | None:
        """The address of the VPC (or subnet) whose own IPv6 block, or a part of it, the argument at `path` is
        written as; None for anything else."""
        return None if self.own is None else self.own(tuple(path))


def _asked(source: Callable[[tuple[Any, ...]], Any] | None, path: tuple[Any, ...], otherwise: Any) -> Any:
    """What a source says of the argument at `path`, or `otherwise` where it has nothing to say or its walk of a
    deeply nested expression runs out of stack (that question goes unanswered, not the run)."""
    if source is None:
        return otherwise
    try:
        return source(tuple(path))
    except RecursionError:
        return otherwise


_MODULE_STEP = re.compile(r"module\.[A-Za-z0-9_-]+(\[[^\]]*\])?\.")


#: An instance key in an address (`[0]`, `["a"]`).
INSTANCE_KEY = re.compile(r"\[[^\]]*\]")


def block_address(address: str) -> str:
    """An instance address without its own key, its modules' kept: `module.a[0].aws_subnet.b[1]` ->
    `module.a[0].aws_subnet.b` (what a reference in that module instance names as `aws_subnet.b`)."""
    if "[" not in address:  # (no key anywhere: the address is its block's, as most single instances are)
        return address
    local = local_address(address)
    return address[: len(address) - len(local)] + (INSTANCE_KEY.sub("", local) if "[" in local else local)


def local_address(address: str) -> str:
    """`module.a[0].aws_subnet.b[1]` -> `aws_subnet.b[1]`: the address as its own module's code writes it."""
    tail = address
    while tail.startswith("module."):
        match = _MODULE_STEP.match(tail)
        if not match:
            break
        tail = tail[match.end() :]
    return tail
