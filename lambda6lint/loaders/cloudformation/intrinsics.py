"""CloudFormation intrinsic functions, resolved as far as the rules need and no further.

Parameters and imports are unknown. A parameter's `Default` is used only for plain values
(booleans, strings), never as an identifier, so no resource is ever invented from one, and
never to decide a Condition: `Fn::If` over a parameter is known only when its branches agree.
Unknown parts of a string become PLACEHOLDER, so `!Sub com.amazonaws.${AWS::Region}.s3` still
ends in `.s3`.

Resolution is held to a budget per template, because a few hundred bytes of nested `Fn::Sub`,
`Fn::Join` or `Fn::FindInMap` can ask for exponentially long strings or work: each `Fn::Sub`
variable is resolved once, strings (and what a `Fn::Split` splits) stop at MAX_TEXT characters, and
resolution at MAX_STEPS steps. Past either, the template is an input error (E9600) at the function that
crossed the line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lambda6lint.loaders.cloudformation.parameters import Listed, is_list_type, is_ssm_type
from lambda6lint.loaders.common import netvalues
from lambda6lint.loaders.common.errors import InputError, clipped
from lambda6lint.loaders.common.marked import LDict, LList
from lambda6lint.model import UNKNOWN
from lambda6lint.patterns import on_use
from lambda6lint.records import dataclass

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: `Fn::ForEach` (foreach.py, which expands loops: imported for a template that has them, issue #14): what every
#: template is asked, whether it has a loop and which keys are loops.
PREFIX = "Fn::ForEach::"
SECTIONS = ("Conditions", "Resources", "Outputs")
#: Nodes the loops of one template may make in all (copies of copies count): a hundred copies of a
#: large resource, while a 1 KB file of nested loops cannot become a tree of millions (templates are
#: checked 64 at a time: checking.py).
MAX_NODES = 50_000


def has_loops(doc: Any) -> bool:
    """Does this template have loops to expand (under AWS::LanguageExtensions)?"""
    if not isinstance(doc, dict) or "AWS::LanguageExtensions" not in str(doc.get("Transform", "")):
        return False
    return any(isinstance(doc.get(s), dict) and holds_loop(doc[s]) for s in SECTIONS)


def is_loop(key: Any) -> bool:
    return isinstance(key, str) and key.startswith(PREFIX)


def holds_loop(node: Any) -> bool:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if any(map(is_loop, item)):
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


PLACEHOLDER = "\ufffd"
MISSING = object()  # returned by an `outer` hook for a parameter the parent does not pass
_SUB_VAR = on_use(r"\$\{([^}!][^}]*)\}")  # (searched through `sub_variables` and `_sub_text`: linear)
#: A character a resource's id, name or ARN may hold (`subnet-0a1b`, `arn:aws:…/x.y`): a delimiter holding one
#: may split a reference's value (`Fn::Split`)
_ID_CHARACTER = on_use(r"[\w.:/-]")
_MAX_DEPTH = 64
#: Template nodes an --explain clause walks for the conditions a value or a condition depends on (`_undecided_ifs`).
_WHY_NODES = 10_000
#: Conditions an --explain clause names, and says why of, before "and N more": a template of thousands would
#: otherwise give each line megabytes (every one's parameters, said again for each).
_NAMED_CONDITIONS = 6
#: Steps `excludes` takes to prove two conditions exclusive (past them: not proven).
_EXCLUDES_STEPS = 1_000
MAX_STEPS = 200_000  # intrinsic-function steps per template (the largest real templates take a few hundred)
#: Values `choices` lists at most (as Terraform's `causes.chosen`): past them, which one it is stays unknown.
MAX_CHOICES = 256
MAX_TEXT = 1_000_000  # characters a Fn::Sub, Fn::Join or Fn::Split may build (CloudFormation templates: 1 MB at most)


class SplitList(list):
    """A `Fn::Split`'s elements, of which only the first `counted` sit where CloudFormation's list has them:
    the last of those stands for text the delimiter may split again (a parameter's value, an import, an id
    split on `-`), so that an element after it may be at another index (`Fn::Select` picks none of them)."""

    counted: int = 0


def item_at(items: list, index: int) -> Any:
    """The element at `index` of a list `struct` gives; UNKNOWN past its end, or where a `Fn::Split`'s
    elements may sit elsewhere (SplitList)."""
    counted = items.counted if isinstance(items, SplitList) else len(items)
    return items[index] if 0 <= index < min(counted, len(items)) else UNKNOWN


@dataclass(frozen=True)
class ResourceRef:
    logical_id: str
    attribute: str | None = None


def _unknown_pseudo(name: str, known: dict[str, str]) -> bool:
    """A pseudo parameter whose value only a deployment has (`AWS::NoValue` is no value at all)."""
    return name.startswith("AWS::") and name != "AWS::NoValue" and name not in known


def _sub_parts(args: Any) -> tuple[Any, dict]:
    """A `Fn::Sub`'s (text, variables): `text` alone or `[text, {variables}]`; (None, {}) otherwise."""
    if isinstance(args, list) and len(args) == 2 and isinstance(args[1], dict):
        return args[0], args[1]
    return (args, {}) if isinstance(args, str) else (None, {})


def is_known_text(value: Any) -> bool:
    return isinstance(value, str) and PLACEHOLDER not in value


def _missed(node: Any, missing: list[Any] | None) -> list[Any] | None:
    """`Intrinsics.choices` of a value that names nothing it knows: None, or none where `missing` is told of it."""
    if missing is None:
        return None
    missing.append(node)
    return []


def _fn(node: Any) -> tuple[str, Any] | None:
    """('Fn::Sub', args) when `node` is an intrinsic call."""
    if isinstance(node, dict) and len(node) == 1:
        for call in node.items():
            key = call[0]
            if isinstance(key, str) and (key.startswith("Fn::") or key == "Ref" or key == "Condition"):
                return call
    return None


#: A parameter default that is literal AWS ids (`subnet-0a1b, subnet-2c3d`): resources of another stack.
_LITERAL_ID = r"(?:subnet|sg|vpc|rtb|nat|igw|eigw|vpce|acl|pl)-[0-9a-zA-Z]+"
#: Ids separated by a comma or by spaces, one way only (`\s*,?\s*` repeated backtracked exponentially).
#: A parameter type whose values are ids of existing resources (`AWS::EC2::Subnet::Id`, `List<AWS::EC2::VPC::Id>`),
#: which CloudFormation checks in the account: a physical id, never tied to a logical id (passing one decides nothing).
_ID_TYPE = on_use(r"(?:List<)?AWS::[A-Za-z0-9]+::[A-Za-z0-9]+::(?:Id|Name|KeyName)>?")
_LITERAL_IDS = on_use(rf"^{_LITERAL_ID}(?:(?:\s*,\s*|\s+){_LITERAL_ID})*\s*,?$")


def sub_variables(text: str) -> Iterator[re.Match[str]]:
    """The `${X}` variables of a `Fn::Sub` string. None starts after the string's last `}`: scanned from
    there, each `${` of a long run without a `}` after it read the rest of the string (100,000 of them, a
    200 KB string: minutes); before it, each `${` reads to the next `}`, where its variable ends."""
    return _SUB_VAR.finditer(text, 0, text.rfind("}") + 1)


def _sub_text(replace: Callable[[re.Match[str]], str], text: str) -> str:
    """`_SUB_VAR.sub(replace, text)` in linear time (`sub_variables`), each `${!Literal}` of the text written
    `${Literal}`: only the text's own, not one in a value a variable puts in (CloudFormation reads it once)."""
    out: list[str] = []
    last = 0
    for match in sub_variables(text):
        out += (text[last : match.start()].replace("${!", "${"), replace(match))
        last = match.end()
    out.append(text[last:].replace("${!", "${"))
    return "".join(out)


def _getatt_parts(args: Any) -> tuple[str, str] | None:
    if isinstance(args, str):
        logical, _, attr = args.partition(".")
        return logical, attr
    if isinstance(args, list) and len(args) == 2 and isinstance(args[0], str) and isinstance(args[1], str):
        return args[0], args[1]
    return None


#: Functions whose value cannot be known when an argument cannot: `why` follows that argument
#: (`Fn::Select [0, Fn::Split [",", Fn::ImportValue X]]`, CDK's Fn.importListValue, is the import's).
_THROUGH = frozenset({"Fn::Select", "Fn::Split", "Fn::Join", "Fn::Base64", "Fn::Cidr", "Fn::FindInMap"})


def _split_item(args: Any) -> tuple[Any, str, tuple[str, Any]] | None:
    """`[index, Fn::Split [delimiter, source]]` (`Fn::Select`'s arguments: an item of a list passed joined): the
    index, the delimiter and the source's function (name, argument)."""
    split = _fn(args[1]) if isinstance(args, list) and len(args) == 2 else None
    if split is None or split[0] != "Fn::Split" or not isinstance(split[1], list) or len(split[1]) != 2:
        return None
    delimiter, source = split[1]
    inner = _fn(source)
    if not isinstance(delimiter, str) or inner is None:
        return None
    return args[0], delimiter, inner


def _named_conditions(conditions: list[str]) -> str:
    """Conditions by name, at most `_NAMED_CONDITIONS` of them, then how many more."""
    shown = ", ".join(f"`{c}`" for c in conditions[:_NAMED_CONDITIONS])
    more = len(conditions) - _NAMED_CONDITIONS
    return f"{shown} and {more} more" if more > 0 else shown


def _listed_import(args: Any) -> tuple[Any, str, Any] | None:
    """`[index, Fn::Split [delimiter, Fn::ImportValue export]]` (CDK's Fn.importListValue): its parts."""
    item = _split_item(args)
    if item is None or item[2][0] != "Fn::ImportValue":
        return None
    return item[0], item[1], item[2][1]


def _listed_parameter(args: Any) -> tuple[Any, str | None, str] | None:
    """`[index, Fn::Split [delimiter, Ref Parameter]]`, or `[index, Ref Parameter]` (delimiter None: a list
    parameter), of an item of a list a parent stack passes joined: (index, delimiter, parameter)."""
    plain = _fn(args[1]) if isinstance(args, list) and len(args) == 2 else None
    if plain is not None and plain[0] == "Ref" and isinstance(plain[1], str):
        return args[0], None, plain[1]
    item = _split_item(args)
    if item is None or item[2][0] != "Ref" or not isinstance(item[2][1], str):
        return None
    return item[0], item[1], item[2][1]


def _listed_output(args: Any) -> tuple[Any, str, str, str] | None:
    """`[index, Fn::Split [delimiter, Fn::GetAtt [Stack, Outputs.Name]]]` (an item of a list a nested stack
    outputs joined): (index, delimiter, stack, output name)."""
    item = _split_item(args)
    parts = _getatt_parts(item[2][1]) if item is not None and item[2][0] == "Fn::GetAtt" else None
    if item is None or parts is None or not parts[1].startswith("Outputs."):
        return None
    return item[0], item[1], parts[0], parts[1].removeprefix("Outputs.")


#: The most CIDRs one `Fn::Cidr` makes (its count is 1 to 256: aws-facts.md, aws-cdk#31641).
MAX_CIDR_COUNT = 256


def selected_cidr(args: Any) -> int | str | None:
    """Which CIDR `Fn::Select [N, Fn::Cidr [block, C, bits]]` (its `args`) picks, N and C written as whole
    numbers: N; why it picks none when N is not one of the C (CloudFormation fails the deploy); else None."""
    cidr = args[1].get("Fn::Cidr") if isinstance(args, list) and len(args) == 2 and isinstance(args[1], dict) else None
    if not (isinstance(cidr, list) and len(cidr) == 3 and len(args[1]) == 1):
        return None
    index, count = _small_whole(args[0]), _small_whole(cidr[1])
    if index is None or count is None:
        return None
    if index < count <= MAX_CIDR_COUNT:
        return index
    if count > MAX_CIDR_COUNT or count < 1:
        return f"is made by a Fn::Cidr of {count} CIDRs, which CloudFormation refuses (1 to {MAX_CIDR_COUNT})"
    return f"selects CIDR {index} of the {count} its Fn::Cidr makes: there is none, and the deploy fails"


def _small_whole(written: Any) -> int | None:
    """A whole number written as one (`4`, `"4"`), of at most five digits; None for anything else (not `²`)."""
    text = str(written) if isinstance(written, (int, str)) and not isinstance(written, bool) else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 6 else None


def _known(value: Any) -> bool:
    """A value with no part that cannot be known (UNKNOWN, a PLACEHOLDER in a text)."""
    if value is UNKNOWN or (isinstance(value, str) and PLACEHOLDER in value) or _fn(value) is not None:
        return False  # (an intrinsic left as written: an import, a resource's attribute)
    return all(map(_known, value)) if isinstance(value, list) else True


class Intrinsics:
    """Resolves intrinsic functions against one template's Parameters, Mappings and Conditions."""

    def __init__(
        self,
        template: dict,
        pseudo: dict[str, str] | None = None,
        importer: Callable[..., Any] | None = None,
        outer: Callable[[str, str], Any] | None = None,
        values: dict[str, str] | None = None,
        stack_output: Callable[[str, str], Any] | None = None,
        nested_item: Callable[[str, str, tuple[str, int]], Any] | None = None,
    ):
        def section(name: str) -> dict:
            value = template.get(name)
            return value if isinstance(value, dict) else {}

        self.resources = section("Resources")
        #: Logical ids of what SAM generates for the template (`ServerlessRestApi`): references to them count.
        self.generated: frozenset[str] = frozenset()
        self.parameters = section("Parameters")
        self.mappings = section("Mappings")
        self.conditions = section("Conditions")
        self._conditions: dict[str, bool | None] = {}
        self._cycles: dict[str, bool] = {}  # `_cyclic`'s, by condition
        self._excludes_left = _EXCLUDES_STEPS * 100  # steps left to `excludes` in the template
        self.pseudo = pseudo or {}  # known pseudo parameters, e.g. AWS::StackName of a CDK stack
        self.importer = importer  # export name (and an item of a list it joins) -> another template's resource
        #: (stack name, output name) -> what another stack of the run outputs (`Fn::GetStackOutput`,
        #: CDK's weak cross-stack references), or UNKNOWN
        self.stack_output = stack_output
        #: (nested stack, output name, (delimiter, index)) -> what that item of the output's joined list names,
        #: MISSING where the nested stack is not read
        self.nested_item = nested_item
        #: (parameter, "ident"|"scalar"|"list"|"parameters"|"why") -> what a parent stack passes in, or MISSING
        self.outer = outer
        self._why_said: dict[str, str] = {}  # `why_condition`'s, by condition
        # Values the user gave (parameters.py): unlike a Default, they decide conditions and export names.
        # (an SSM-typed parameter's given value names a Systems Manager parameter: `_why_ref` says which)
        given = {k: v for k, v in (values or {}).items() if k in self.parameters}
        self.values = {k: v for k, v in given.items() if not is_ssm_type(self.parameters[k])}
        self.ssm_names = {k: v for k, v in given.items() if k not in self.values}
        self.listed = Listed(self.values)
        self._deciding = 0  # deciding a condition or an export name: a Default is not the deployed value
        self.steps = 0
        self._refs: dict[str, ResourceRef] = {}  # `_ref`'s

    @property
    def deciding(self) -> bool:
        """Deciding a condition or an identifier now: a parameter's Default is not the deployed value."""
        return self._deciding > 0

    def identifier(self, node: Any, depth: int = 0, deciding: bool = True) -> Any:
        """`scalar`, without parameter Defaults when `deciding`: a value that names or picks a resource
        (an export name, a `Fn::Select` index, a literal id), or one a nested stack decides a condition
        with, is never a Default's (RULES.md)."""
        self._deciding += deciding
        try:
            return self.scalar(node, depth)
        finally:
            self._deciding -= deciding

    def _over(self, node: Any, what: str) -> InputError:
        line, column = (node.line, node.column) if isinstance(node, (LDict, LList)) else (1, 1)
        return InputError(f"intrinsic functions too costly to resolve: {what}", line, column)

    # ----- conditions ----------------------------------------------------------------------

    def condition(self, name: Any) -> bool | None:
        if not isinstance(name, str) or name not in self.conditions:
            return None
        if name not in self._conditions:
            self._conditions[name] = None  # guards against cycles
            self._deciding += 1
            try:
                self._conditions[name] = self._evaluate(self.conditions[name], 0)
            finally:
                self._deciding -= 1
        return self._conditions[name]

    def _evaluate(self, node: Any, depth: int) -> bool | None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise self._over(node, f"over {MAX_STEPS:,} steps")
        call = _fn(node)
        if call is None or depth > _MAX_DEPTH:
            return node if isinstance(node, bool) else None
        name, args = call
        if name == "Condition":
            return self.condition(args)
        if name == "Fn::Equals" and isinstance(args, list) and len(args) == 2:
            left, right = (self.scalar(a) for a in args)
            if not (_comparable(left) and _comparable(right)):
                return None
            return _as_text(left) == _as_text(right)
        if name == "Fn::Not" and isinstance(args, list) and len(args) == 1:
            inner = self._evaluate(args[0], depth + 1)
            return None if inner is None else not inner
        if name in ("Fn::And", "Fn::Or") and isinstance(args, list):
            values = [self._evaluate(a, depth + 1) for a in args]
            decisive = name == "Fn::Or"
            if decisive in values:
                return decisive
            return None if None in values else not decisive
        return None

    def excludes(self, a: str, b: str) -> bool:
        """Whether conditions `a` and `b` can never hold together, as written (whatever the parameters): one
        parameter `Fn::Equals`-ed to two different texts, one the `Fn::Not` of the other, an `Fn::And` with a
        member that excludes the other, an `Fn::Or` whose every member does. Anything else is not proven: False."""
        if a not in self.conditions or b not in self.conditions or self._cyclic(a) or self._cyclic(b):
            return False  # (a condition that names itself: CloudFormation rejects the template)
        # (And/Or nested in conditions naming conditions may pair many members: a budget per pair and per template)
        budget = [min(_EXCLUDES_STEPS, self._excludes_left)]
        try:
            return self._disjoint(self.conditions[a], self.conditions[b], 0, budget)
        finally:
            self._excludes_left -= min(_EXCLUDES_STEPS, self._excludes_left) - max(budget[0], 0)

    def _cyclic(self, name: str) -> bool:
        """Whether the condition names itself, through the conditions it names (or names too many to tell)."""
        if name not in self._cycles:
            self._cycles[name] = self._walks_back(name)
        return self._cycles[name]

    def _walks_back(self, name: str) -> bool:
        pending, steps = [(name, 0)], 0
        path: list[str] = []  # (depth-first: the names above the one walked)
        while pending:
            current, depth = pending.pop()
            del path[depth:]
            steps += 1
            if current in path or steps > _EXCLUDES_STEPS:
                return True
            path.append(current)
            nodes = [self.conditions.get(current)]
            while nodes:
                node = nodes.pop()
                call = _fn(node)
                if call is not None and call[0] == "Condition" and isinstance(call[1], str):
                    if call[1] in self.conditions:
                        pending.append((call[1], depth + 1))
                elif isinstance(node, dict):
                    nodes += node.values()
                elif isinstance(node, list):
                    nodes += node
        return False

    def _defined(self, node: Any) -> Any:
        """`node`, a `{Condition: name}` followed to what it names (None past `_MAX_DEPTH` steps: a cycle)."""
        for _ in range(_MAX_DEPTH):
            call = _fn(node)
            if call is None or call[0] != "Condition" or not isinstance(call[1], str) or call[1] not in self.conditions:
                return node
            node = self.conditions[call[1]]
        return None

    def _disjoint(self, x: Any, y: Any, depth: int, budget: list[int]) -> bool:
        budget[0] -= 1
        if depth > _MAX_DEPTH or budget[0] < 0:
            return False
        x, y = self._defined(x), self._defined(y)
        calls = _fn(x), _fn(y)
        for call, other in ((calls[0], y), (calls[1], x)):
            if call is None or not isinstance(call[1], list) or not call[1]:
                continue
            name, args = call
            if name == "Fn::And" and any(self._disjoint(m, other, depth + 1, budget) for m in args):
                return True
            if name == "Fn::Or" and all(self._disjoint(m, other, depth + 1, budget) for m in args):
                return True
            if name == "Fn::Not" and len(args) == 1 and other is not None and self._defined(args[0]) == other:
                return True
        if calls[0] is None or calls[1] is None or not calls[0][0] == calls[1][0] == "Fn::Equals":
            return False
        left, right = _pinned(calls[0][1]), _pinned(calls[1][1])
        return left is not None and right is not None and left[0] == right[0] and left[1] != right[1]

    # ----- structure -----------------------------------------------------------------------

    def struct(self, node: Any, depth: int = 0) -> Any:
        """`node` with Fn::If/AWS::NoValue decided: the raw node, None when absent, UNKNOWN if undecidable."""
        while depth <= _MAX_DEPTH:
            self.steps += 1
            if self.steps > MAX_STEPS:
                raise self._over(node, f"over {MAX_STEPS:,} steps")
            if not isinstance(node, dict):
                return node
            if len(node) != 1:  # no intrinsic call (most nodes), unless a macro or AWS::Include may rewrite it
                return UNKNOWN if "Fn::Transform" in node else node
            [(name, args)] = node.items()  # only these three calls change a structure: no `_fn` needed
            if name == "Ref":
                if args == "AWS::NoValue":
                    return None
                if isinstance(args, str) and args in self.values and is_list_type(self.parameters[args]):
                    return list(self.listed(args) or ())  # (a copy: what a Ref gives may be changed)
                return node
            if name == "Fn::Split":
                return self._split(args, depth + 1)
            if name == "Fn::Transform":
                return UNKNOWN  # what a macro or an AWS::Include snippet makes is known when CloudFormation deploys
            if name != "Fn::If":
                return node
            if not (isinstance(args, list) and len(args) == 3):
                return UNKNOWN
            chosen = self.condition(args[0])
            if chosen is None:
                a, b = (self.struct(x, depth + 1) for x in args[1:])
                return a if a == b else UNKNOWN
            node = args[1] if chosen else args[2]
            depth += 1
        return UNKNOWN

    def _split(self, args: Any, depth: int) -> Any:
        """`Fn::Split` as a list whose items keep their identity: splitting a `Fn::Join` or `Fn::Sub`
        of references gives the references back (a subnet list built as text), literal text its parts."""
        if not (isinstance(args, list) and len(args) == 2 and isinstance(args[0], str) and args[0]):
            return UNKNOWN
        delimiter, source = args[0], self.struct(args[1], depth)
        # A reference is one element only when the delimiter is none of an id's characters: split on `-`,
        # `subnet-0a1b` is two texts, no subnet (a finding on the subnet would be false)
        whole = _ID_CHARACTER.search(delimiter) is None
        size = 0  # characters split, held to MAX_TEXT: a variable (an alias) of 200 KB used 10,000 times is 2 GB

        def pieces(text: str) -> list[str]:
            nonlocal size
            size += len(text) + len(delimiter)
            if size > MAX_TEXT:
                raise self._over(args, f"a Fn::Split over {MAX_TEXT:,} characters")
            return text.split(delimiter)

        call = _fn(source)
        if isinstance(source, str):
            return pieces(source)
        if call is None:
            return UNKNOWN
        name, inner = call
        out = SplitList()
        out.counted = -1  # (every element where CloudFormation has it, until `uncounted`)

        def add(item: Any) -> None:
            """A value that is not text: one element, which is the last whose index is sure unless it is a
            resource's id (`!Ref Subnet`), which no delimiter splits (`whole`)."""
            out.append(item if whole else UNKNOWN)  # (see `whole`)
            if out.counted < 0 and not (whole and self._one_element(item)):
                out.counted = len(out)

        if name == "Fn::Join" and isinstance(inner, list) and len(inner) == 2 and inner[0] == delimiter:
            items = self.struct(inner[1], depth + 1)
            if not isinstance(items, list):
                return UNKNOWN
            for item in items:
                item = self.struct(item, depth + 1)
                if isinstance(item, str):
                    out += pieces(item)
                elif item is not None:
                    add(item)
            out.counted = len(out) if out.counted < 0 else out.counted
            return out
        text, variables = _sub_parts(inner) if name == "Fn::Sub" else (None, {})
        if isinstance(text, str):
            for part in pieces(text):
                # (not stripped: Fn::Split keeps the space of `${A}, ${B}`, whose second item is " " + B's value)
                variable = _SUB_VAR.fullmatch(part)
                if variable is None:
                    if any(sub_variables(part)):  # text and a variable's value: unknown, as long as it is
                        add(UNKNOWN)
                    else:
                        out.append(part.replace("${!", "${"))
                    continue
                target = variable.group(1).strip()
                if target in variables:  # `[text, {Subnet1: !Ref PrivateSubnet1}]`: the value the map gives
                    value = self.struct(variables[target], depth + 1)
                    if isinstance(value, str):
                        out += pieces(value)
                    else:  # (one reference: one element, as in a Fn::Join)
                        add(value if _fn(value) is not None else UNKNOWN)
                    continue
                head, _, attribute = target.partition(".")
                add({"Fn::GetAtt": [head, attribute]} if attribute else {"Ref": target})
            out.counted = len(out) if out.counted < 0 else out.counted
            return out
        return UNKNOWN

    def _one_element(self, node: Any) -> bool:
        """A value no delimiter but an id's characters splits: a resource's Ref, or the GetAtt of its id or
        ARN (`Subnet.SubnetId`); not a parameter's value, an import, a nested stack's output (a joined list)."""
        call = _fn(node)
        if call is None:
            return False
        name, args = call
        if name == "Ref":
            return isinstance(args, str) and (args in self.resources or args in self.generated)
        parts = _getatt_parts(args) if name == "Fn::GetAtt" else None
        return (
            parts is not None
            and parts[0] in self.resources
            and not parts[1].startswith("Outputs.")
            and _identity(parts[1])
        )

    def present(self, node: Any) -> bool | None:
        """Whether a property holds a value (computed values count as present)."""
        value = self.struct(node)
        if value is UNKNOWN:
            return None
        return value is not None and value != "" and value != []

    # ----- identifiers ---------------------------------------------------------------------

    def ident(self, node: Any, depth: int = 0) -> ResourceRef | Any:
        """A reference to a resource of this template, UNKNOWN otherwise, None when absent."""
        if depth > _MAX_DEPTH:
            return UNKNOWN
        called = isinstance(node, dict)
        args: Any = node.get("Ref") if called and len(node) == 1 else None
        # (no call, or a `Ref` of a resource, as most are: what `struct` and `_fn` would find, its step counted;
        # `struct` gives a `Ref` back as written, all but `AWS::NoValue`'s and a given list parameter's)
        plain = isinstance(args, str) and args in self.resources and args not in self.values and args != "AWS::NoValue"
        if not called or plain:
            self.steps += 1
            if self.steps > MAX_STEPS:
                raise self._over(node, f"over {MAX_STEPS:,} steps")
            if not called:
                return None if node is None else UNKNOWN
            return self._refs.get(args) or self._ref(args)
        node = self.struct(node, depth)
        call = _fn(node)
        if node is None or node is UNKNOWN or call is None:
            return node if node is None else UNKNOWN
        name, args = call
        if name == "Ref" and isinstance(args, str) and args in self.resources:
            return self._refs.get(args) or self._ref(args)
        if name == "Ref" and isinstance(args, str) and self.outer is not None:
            passed = self.outer(args, "ident")
            if passed is not MISSING:
                return passed
        if name == "Fn::GetAtt":
            parts = _getatt_parts(args)
            if parts and parts[0] in self.resources:
                return ResourceRef(parts[0], parts[1])
        if name == "Fn::Select" and self.importer is not None and (listed := _listed_import(args)) is not None:
            position, delimiter = self.scalar(listed[0], depth + 1), listed[1]
            export = self.identifier(listed[2], depth + 1)
            if isinstance(position, str):
                position = netvalues.whole_number(position, 9)
            if isinstance(position, int) and not isinstance(position, bool) and is_known_text(export):
                return self.importer(export, (delimiter, position))
            return UNKNOWN
        if name == "Fn::Select" and self.nested_item is not None and (output := _listed_output(args)) is not None:
            position = self.scalar(output[0], depth + 1)
            if isinstance(position, str):
                position = netvalues.whole_number(position, 9)
            if output[2] in self.resources and isinstance(position, int) and not isinstance(position, bool):
                found = self.nested_item(output[2], output[3], (output[1], position))
                if found is not MISSING:
                    return found
        if name == "Fn::Select" and self.outer is not None and (given := _listed_parameter(args)) is not None:
            position = self.scalar(given[0], depth + 1)
            if isinstance(position, str):
                position = netvalues.whole_number(position, 9)
            joined = given[1] == "," or (given[1] is None and is_list_type(self.parameters.get(given[2])))
            if joined and given[2] in self.parameters and isinstance(position, int):
                passed = self.outer(given[2], "list")  # (the parent's comma-joined ids, as `_passed_list` reads)
                if isinstance(passed, list) and not isinstance(position, bool):
                    return passed[position] if 0 <= position < len(passed) else UNKNOWN
        if name == "Fn::Select":
            picked = self._select(args, depth, identity=True)
            return UNKNOWN if picked is UNKNOWN else self.ident(picked, depth + 1)
        if name == "Fn::Sub":  # `!Sub '${Subnet}'` is `!Ref Subnet`; `${Subnet.Arn}`, its GetAtt
            text, variables = _sub_parts(args)
            whole = _SUB_VAR.fullmatch(text) if isinstance(text, str) else None
            if whole is None:
                return UNKNOWN
            target, _, attribute = (part.strip() for part in whole.group(1).partition("."))
            attribute = attribute or None
            if target in variables:
                value = UNKNOWN if attribute else self.ident(variables[target], depth + 1)
            else:
                value = self.ident(
                    {"Ref": target} if attribute is None else {"Fn::GetAtt": [target, attribute]}, depth + 1
                )
            return UNKNOWN if value is None else value  # (a text of no value, `AWS::NoValue`, takes no item away)
        if name == "Fn::ImportValue" and self.importer is not None:
            export = self.identifier(args, depth + 1)
            return self.importer(export) if is_known_text(export) else UNKNOWN
        if name == "Fn::GetStackOutput" and self.stack_output is not None and isinstance(args, dict):
            stack, output = self._stack_output_names(args, depth)
            return self.stack_output(stack, output) if is_known_text(stack) and is_known_text(output) else UNKNOWN
        return UNKNOWN

    def _ref(self, logical_id: str) -> ResourceRef:
        """`ident`'s answer to a `Ref` of a resource, made once (`_refs`): most are made to be looked up and dropped,
        and a frozen record's `__init__` costs three times a dict's look-up (a `ResourceRef` is never changed)."""
        ref = self._refs[logical_id] = ResourceRef(logical_id)
        return ref

    def _stack_output_names(self, args: dict, depth: int) -> tuple[Any, Any]:
        """`Fn::GetStackOutput`'s stack and output names (identifiers: never built from a Default)."""
        return self.identifier(args.get("StackName"), depth + 1), self.identifier(args.get("OutputName"), depth + 1)

    def ident_list(self, node: Any) -> list[tuple[Any, tuple[Any, int]]] | Any:
        """[(ResourceRef | UNKNOWN, (list, index))], UNKNOWN for a list we cannot see, None if absent.
        (list, index) is where the item is: `list.mark_of(index)` when the list is an LList (a place is
        found in a JSON template's text only if a finding asks for it)."""
        value = self.struct(node)
        if value is None or value is UNKNOWN:
            return value
        if not isinstance(value, list):
            return self._passed_list(value)
        out = []
        for index, item in enumerate(value):
            ref = self.ident(item)
            if ref is None:
                continue
            out.append((ref, (value, index)))
        return out

    def _passed_list(self, node: Any) -> list[tuple[Any, tuple[Any, int]]] | Any:
        """A list parameter a parent stack passes (joined with commas): the resources it names, placed
        where the parameter is used; UNKNOWN for anything else."""
        name = node.get("Ref") if isinstance(node, dict) and len(node) == 1 else None
        if not isinstance(name, str) or name not in self.parameters or self.outer is None:
            return UNKNOWN
        passed = self.outer(name, "list")
        if not isinstance(passed, list):
            return UNKNOWN
        return [(target, (None, index)) for index, target in enumerate(passed)]

    def from_default(self, node: Any) -> str | None:
        """The parameter whose Default `node` (`!Ref P`) takes, when nothing else gives it a value."""
        name = node.get("Ref") if isinstance(node, dict) and len(node) == 1 else None
        if not isinstance(name, str) or name in self.values or not isinstance(self.parameters.get(name), dict):
            return None
        if is_ssm_type(self.parameters[name]):
            return None  # its Default names a Systems Manager parameter: never the value
        if self.outer is not None and self.outer(name, "scalar") is not MISSING:
            return None
        return name if "Default" in self.parameters[name] else None

    def parameters_in(self, node: Any) -> list[str]:
        """The parameters `node` depends on (through Ref, Sub and the conditions it names)."""
        return list(self._parameters_in(node))

    def _select(self, args: Any, depth: int, identity: bool = False) -> Any:
        """The item `Fn::Select` picks; `identity`: a resource is being picked, which a parameter's
        Default never decides (RULES.md: Defaults never choose resources)."""
        if not (isinstance(args, list) and len(args) == 2):
            return UNKNOWN
        index = self.identifier(args[0], depth + 1, deciding=identity)
        items = self.struct(args[1], depth + 1)
        if isinstance(index, str) and index.isascii() and index.isdigit() and len(index) < 10:  # (not `²`)
            index = int(index)
        if not isinstance(index, int) or isinstance(index, bool) or not isinstance(items, list):
            return UNKNOWN
        return item_at(items, index)

    # ----- plain values --------------------------------------------------------------------

    def scalar(self, node: Any, depth: int = 0) -> Any:
        """A plain value: str/int/bool, a str with PLACEHOLDER parts, None if absent, or UNKNOWN."""
        if depth > _MAX_DEPTH:
            return UNKNOWN
        called = isinstance(node, dict)
        args: Any = node.get("Ref") if called and len(node) == 1 else None
        # (most values: no call, or a `Ref` that `struct` gives back as written, all but a given list parameter's
        # (`AWS::NoValue`'s is None either way): what `struct` and `_fn` would find, its step counted)
        if not called or isinstance(args, str) and args not in self.values:
            self.steps += 1
            if self.steps > MAX_STEPS:
                raise self._over(node, f"over {MAX_STEPS:,} steps")
            return self._ref_value(args) if called else node
        node = self.struct(node, depth)
        call = _fn(node)
        if call is None:
            return node
        name, args = call
        if name == "Ref":
            return self._ref_value(args)
        if name == "Fn::Sub":
            return self._sub(args, depth, node)
        if name == "Fn::Join" and isinstance(args, list) and len(args) == 2 and isinstance(args[0], str):
            items = self.struct(args[1], depth + 1)
            if not isinstance(items, list):
                return UNKNOWN
            values = [self.scalar(i, depth + 1) for i in items]
            if any(isinstance(v, (list, dict)) for v in values):
                return UNKNOWN  # a list or a map among the strings: CloudFormation's error, no text (not "['b']")
            parts = [_as_text(p) if _comparable(p) else PLACEHOLDER for p in values if p is not None]
            if sum(len(p) for p in parts) + len(args[0]) * len(parts) > MAX_TEXT:
                raise self._over(node, f"a Fn::Join over {MAX_TEXT:,} characters")
            return args[0].join(parts)
        if name == "Fn::Select":
            picked = self._select(args, depth)
            return UNKNOWN if picked is UNKNOWN else self.scalar(picked, depth + 1)
        if name == "Fn::FindInMap" and isinstance(args, list) and len(args) >= 3:
            keys = [self.scalar(a, depth + 1) for a in args[:3]]
            keys = [_as_text(k) if isinstance(k, (int, float)) else k for k in keys]  # keys are text (`1:`)
            if all(is_known_text(k) for k in keys):
                found = self.mappings.get(keys[0], {})
                found = found.get(keys[1], {}) if isinstance(found, dict) else {}
                if isinstance(found, dict) and keys[2] in found:
                    return self.scalar(found[keys[2]], depth + 1)
                # AWS::LanguageExtensions: what a key the mapping lacks gives (without it, a failed deploy)
                default = args[3] if len(args) == 4 and isinstance(args[3], dict) else {}
                if "DefaultValue" in default and isinstance(self.mappings.get(keys[0]), dict):
                    return self.scalar(default["DefaultValue"], depth + 1)
            return UNKNOWN
        if name == "Fn::Base64":
            return self.scalar(args, depth + 1)
        return UNKNOWN

    def boolean(self, node: Any) -> bool | None:
        """True/False, or None when unknown; an absent value is False."""
        value = self.scalar(node)
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        return None

    def _ref_value(self, name: Any) -> Any:
        if not isinstance(name, str):
            return UNKNOWN  # `!Ref [a]`: not a name
        if name == "AWS::NoValue":
            return None
        if name in self.pseudo:
            return self.pseudo[name]
        if is_ssm_type(self.parameters.get(name)):
            return UNKNOWN  # (what a parent passes it is a Systems Manager parameter's name too)
        if self.outer is not None and isinstance(name, str):
            passed = self.outer(name, "scalar")
            if passed is not MISSING:
                return passed
        param = self.parameters.get(name) if isinstance(name, str) else None
        if isinstance(name, str) and name in self.values:
            return UNKNOWN if is_list_type(param) else self.values[name]
        if isinstance(param, dict) and "Default" in param and not self._deciding:
            kind = str(param.get("Type", "String"))
            if kind in ("String", "Number") and not isinstance(param["Default"], (dict, list)):
                return param["Default"]
        return UNKNOWN

    def _sub(self, args: Any, depth: int, node: Any = None) -> Any:
        args, variables = _sub_parts(args)
        if not isinstance(args, str):
            return UNKNOWN
        resolved: dict[str, str] = {}  # each variable once, however often the string names it
        size = len(args)

        def replace(match: re.Match) -> str:
            nonlocal size
            name = match.group(1).strip()
            if name not in resolved:
                if name in variables:
                    value = self.scalar(variables[name], depth + 1)
                elif "." in name or name in self.resources:
                    value = UNKNOWN
                else:
                    value = self._ref_value(name)
                if isinstance(value, (list, dict)):
                    raise _NotText  # (a variable that is no string: CloudFormation's error, not "['a']")
                resolved[name] = PLACEHOLDER if value is UNKNOWN or value is None else _as_text(value)
            size += len(resolved[name])
            if size > MAX_TEXT:
                raise self._over(node, f"a Fn::Sub over {MAX_TEXT:,} characters")
            return resolved[name]

        try:
            return _sub_text(replace, args)
        except _NotText:
            return UNKNOWN

    # ----- explanations --------------------------------------------------------------------

    def why(self, node: Any, depth: int = 0, ident: bool = False) -> str:
        """Why `node` cannot be known, and what would decide it (`--explain`); written as a clause
        that follows the fact it explains ("… comes from parameter `SubnetIds`: pass its value"). `ident`: the
        node names a resource (a subnet, a security group), which a name built from parameters never is."""
        call = _fn(node)
        if depth > _MAX_DEPTH:
            return "is nested too deeply to follow"
        transform = node.get("Fn::Transform") if isinstance(node, dict) else None
        if isinstance(transform, dict):  # (with other keys too: it rewrites the whole mapping)
            name = self.scalar(transform.get("Name"), depth + 1)
            where = self.scalar((transform.get("Parameters") or {}).get("Location"), depth + 1)
            if name == "AWS::Include" and is_known_text(where):
                made = f"snippet `{clipped(where)}` (AWS::Include), which this run does not read"
            elif is_known_text(name):
                made = f"macro `{clipped(name)}` (Fn::Transform), which runs only when CloudFormation deploys"
            else:
                made = "a macro (Fn::Transform), which runs only when CloudFormation deploys"
            return f"is made by {made}"
        if (dynamic := self._dynamic_reference(node, depth)) is not None:
            return dynamic
        if call is None:
            if isinstance(node, str) and node and PLACEHOLDER not in node:
                return f"is the literal id `{node[:80]}`, a resource that is not in this run"
            if node == "":  # (an empty item of a list parameter's value, `a,,b`: parameters.list_items)
                return "is an empty id, which names no resource"
            return "cannot be read from the template"
        name, args = call
        if name == "Ref" and isinstance(args, str):
            return self._why_ref(args)
        if name == "Fn::If" and isinstance(args, list) and len(args) == 3:
            chosen = self.condition(args[0])
            if chosen is None:
                conditions = self._undecided_ifs(node)
                if len(conditions) > 1:  # (`Fn::If [A, x, Fn::If [B, y, z]]`: the user decides both)
                    each = "; ".join(f"`{c}` {self.why_condition(c)}" for c in conditions[:_NAMED_CONDITIONS])
                    return f"depends on conditions {_named_conditions(conditions)}: {each}"
                return f"depends on condition `{args[0]}`, which {self.why_condition(args[0])}"
            return self.why(args[1] if chosen else args[2], depth + 1, ident)
        if ident and (built := self._built_name(name, args)) is not None:
            return built
        if name == "Fn::ImportValue":
            export = self.identifier(args, depth + 1)
            if is_known_text(export):
                return (
                    f"is imported from export `{export}`, which no template in this run exports "
                    "(lint the stack that exports it in the same run)"
                )
            return "is imported from an export whose name cannot be known (" + self.why(args, depth + 1) + ")"
        if name == "Fn::GetStackOutput" and isinstance(args, dict):
            stack, output = self._stack_output_names(args, depth)
            if is_known_text(stack) and is_known_text(output):
                return f"is output `{output}` of stack `{stack}`, which is not in this run (lint them together)"
        if name == "Fn::GetAtt":
            parts = _getatt_parts(args)
            if parts and parts[0] in self.resources:
                return f"is `{parts[0]}.{parts[1]}`, known only once deployed"
            return "names a resource that is not in this template"
        if isinstance(picked := selected_cidr(args) if name == "Fn::Select" else None, str):
            return picked
        if name == "Fn::Select" and isinstance(args, list) and len(args) == 2:
            index = args[0].get("Ref") if isinstance(args[0], dict) and len(args[0]) == 1 else None
            spec = self.parameters.get(index) if isinstance(index, str) else None
            if isinstance(spec, dict) and "Default" in spec and index not in self.values:
                # (a Default would have decided any other value: this one picks a resource)
                return (
                    f"is chosen by parameter `{index}`, whose Default never chooses a resource (pass its value to "
                    "decide it)"
                )
            items = self.struct(args[1], depth + 1)
            if isinstance(items, list) and not isinstance(items, SplitList) and _fn(args[0]) is not None:
                picked = self.identifier(args[0], depth + 1)
                if not isinstance(picked, int) and not is_known_text(picked):  # (not a parameter of its list: next)
                    return self.why(args[0], depth + 1)
        for param in self._parameters_in(node):
            return self._why_ref(param)
        for arg in args if name in _THROUGH and isinstance(args, list) else ():  # (the part that is unknown)
            if _fn(arg) is not None and not _known(self.struct(arg, depth + 1)):
                return self.why(arg, depth + 1)
        return f"needs `{name}`, which cannot be evaluated statically"

    def _built_name(self, call: str, args: Any) -> str | None:
        """Why a reference written as a name that `Fn::Sub` or `Fn::Join` builds from parameters and text
        (`!Sub "${ProjectId}-${Stage}-public_subnet-1"`) names no resource of this run, whatever their values: a
        parameter's value is text, never a logical id, so no value decides it (each parameter is named). None for
        any other call, or one that puts in anything but parameters (a resource's id or attribute) or no text."""
        shown: list[str] = []  # (the name as written, each parameter as `${P}`)
        used: list[str] = []
        if call == "Fn::Sub":
            text, variables = _sub_parts(args)
            if not isinstance(text, str) or variables:
                return None
            shown.append(text)
            used += _sub_names(text)
            pieces, last = [], 0  # (the text between its variables)
            for match in sub_variables(text):
                pieces.append(text[last : match.start()])
                last = match.end()
            literal = "".join(pieces) + text[last:]
        elif call == "Fn::Join" and isinstance(args, list) and len(args) == 2 and isinstance(args[1], list):
            delimiter, items = args
            if not isinstance(delimiter, str):
                return None
            literal = delimiter * (len(items) - 1)
            for item in items:
                ref = item.get("Ref") if isinstance(item, dict) and len(item) == 1 else None
                if isinstance(item, (str, int, float)) and not isinstance(item, bool):
                    literal += str(item)
                    shown.append(str(item))
                elif isinstance(ref, str):
                    used.append(ref)
                    shown.append(f"${{{ref}}}")
                else:
                    return None
            shown = [delimiter.join(shown)]
        else:
            return None
        if (
            not used
            or not literal.strip()
            or any(ref not in self.parameters and not _unknown_pseudo(ref, self.pseudo) for ref in used)
        ):
            return None
        params = list(dict.fromkeys(used))
        listed = ", ".join(f"`{p}`" for p in params[:-1]) + f" and `{params[-1]}`" if len(params) > 1 else ""
        said = f"parameters {listed}" if listed else f"parameter `{params[0]}`"
        return (
            f"is a name made from {said} (`{clipped(shown[0], 80)}`), not an id of a resource of this run, whatever "
            f"{'their values' if len(params) > 1 else 'its value'}"
        )

    def _why_ref(self, name: str) -> str:
        if is_ssm_type(self.parameters.get(name)):
            return f"comes from parameter `{name}`, {self._ssm(name)}"
        if name in self.parameters and name in self.values:
            return f"comes from parameter `{name}` = `{self.values[name][:80]}`, which names nothing in this run"
        if name in self.parameters:
            if self.outer is not None and self.outer(name, "scalar") is not MISSING:
                deciding = self.outer(name, "parameters")
                if isinstance(deciding, list) and deciding:
                    return (
                        f"comes from parameter `{name}`, which the parent stack passes from parameter "
                        f"{', '.join(deciding)} (pass its value to decide it)"
                    )
                said = self.outer(name, "why")
                if isinstance(said, str):
                    return f"comes from parameter `{name}`, which the parent stack passes: it {said}"
                return f"comes from parameter `{name}`, whose value the parent stack passes but cannot be known"
            spec = self.parameters.get(name)
            default = spec.get("Default") if isinstance(spec, dict) else None
            if isinstance(default, str) and _LITERAL_IDS.match(default.strip()):
                return (
                    f"comes from parameter `{name}`, whose default `{default.strip()[:80]}` is literal ids of "
                    "resources that are not in this run"
                )
            kind = spec.get("Type") if isinstance(spec, dict) else None
            if isinstance(kind, str) and _ID_TYPE.fullmatch(kind.strip()):
                what = (
                    "ids of resources that exist"
                    if kind.strip().startswith("List<")
                    else "the id of a resource that exists"
                )
                return (
                    f"comes from parameter `{name}` of type `{clipped(kind.strip())}`: {what} already, which no value "
                    "passed here ties to the files' resources"
                )
            return f"comes from parameter `{name}` (pass its value to decide it)"
        if name.startswith("AWS::"):
            return f"comes from the pseudo parameter `{name}`, known only when deployed"
        if name in self.resources:
            return f"refers to `{name}`, which exists only under a condition"
        if any(map(is_loop, self.resources)):
            return (
                f"refers to `{name}`, which no resource of this template declares: an `Fn::ForEach` that lambda6lint "
                "cannot expand may make it (AWS::LanguageExtensions; --explain says why, under the loop)"
            )
        return f"refers to `{name}`, which is neither a parameter nor a resource of this template"

    def why_condition(self, name: Any) -> str:
        if not isinstance(name, str) or name not in self.conditions:
            return "is not a condition of this template"
        said = self._why_said.get(name)
        if said is None:  # (every resource and output under one condition asks the same)
            said = self._why_said[name] = self._why_condition(name)
        return said

    def why_conditions(self, conditions: tuple[str, ...]) -> str:
        """`conditions `IsA`, `IsB` decide so: `IsA` depends on …; `IsB` …`: what `references_decided` found
        deciding whether a value names an id, where more than one condition does (as `why` names a value's)."""
        each = "; ".join(f"`{c}` {self.why_condition(c)}" for c in conditions[:_NAMED_CONDITIONS])
        return f"conditions {_named_conditions(list(conditions))} decide so: {each}"

    def _undecided_ifs(self, node: Any) -> list[str]:
        """The conditions of the `Fn::If`s in `node` this run cannot decide, in order, each once: a decided one's
        chosen branch is followed, an undecided one's both (what the user passes to decide the value)."""
        found: list[str] = []
        stack, budget = [node], _WHY_NODES
        while stack and budget:
            item, budget = stack.pop(), budget - 1
            if isinstance(item, dict):
                args = item.get("Fn::If") if len(item) == 1 else None
                if isinstance(args, list) and len(args) == 3 and isinstance(args[0], str):
                    chosen = self.condition(args[0])
                    if chosen is None and args[0] not in found:
                        found.append(args[0])
                    stack.extend([args[2], args[1]] if chosen is None else [args[1] if chosen else args[2]])
                else:
                    stack.extend(reversed(list(item.values())))
            elif isinstance(item, list):
                stack.extend(reversed(item))
        return found

    def _conditions_in(self, name: str) -> list[str]:
        """The conditions condition `name` is made of (`Fn::And [Condition: A, Condition: B]`), through theirs, in
        order, each once."""
        found: list[str] = []
        stack, budget = [self.conditions.get(name)], _WHY_NODES
        while stack and budget:
            item, budget = stack.pop(), budget - 1
            if isinstance(item, dict):
                inner = item.get("Condition")
                if isinstance(inner, str) and inner != name and inner not in found and inner in self.conditions:
                    found.append(inner)
                    stack.append(self.conditions[inner])
                stack.extend(reversed([v for k, v in item.items() if k != "Condition"]))
            elif isinstance(item, list):
                stack.extend(reversed(item))
        return found

    def _why_condition(self, name: str) -> str:
        # (a parameter given a value decides its part: what is left is said, a pseudo parameter too; the conditions
        # it is made of that this run cannot decide are named, `Fn::And [Condition: A, Condition: B]`)
        via = [c for c in self._conditions_in(name) if self.condition(c) is None]
        if via:
            named = _named_conditions(via)
            return f"depends on condition{'s' if len(via) > 1 else ''} {named}, so it {self._why_made(name)}"
        return self._why_made(name)

    def _why_made(self, name: str) -> str:
        found = list(self._parameters_in(self.conditions.get(name), pseudo=True))
        params = [p for p in found if p in self.parameters and p not in self.values]
        pseudo = [p for p in found if p not in self.parameters]
        deployed = ", ".join(f"`{p}`" for p in sorted(pseudo))
        deployed = f"the pseudo parameter{'s' if len(pseudo) > 1 else ''} {deployed}, known only when deployed"
        if len(params) == 1 and is_ssm_type(self.parameters.get(params[0])):
            why = f"depends on parameter `{params[0]}`, {self._ssm(params[0])}"
        elif len(params) == 1:
            why = (
                f"depends on parameter {self._decided_by(params[0])} (pass its value to decide it; lambda6lint "
                "assumes no Default in a condition)"
            )
        elif params:
            listed = ", ".join(self._decided_by(p) for p in sorted(params))
            why = (
                f"depends on parameters {listed} (pass their values to decide it; lambda6lint "
                "assumes no Default in a condition)"
            )
        else:
            return f"depends on {deployed}" if pseudo else "cannot be decided statically"
        return f"{why} and on {deployed}" if pseudo else why

    def _decided_by(self, param: str) -> str:
        """A parameter named for the user to decide: the parent's that a nested stack is passed instead."""
        passed = self.outer(param, "parameters") if self.outer is not None else MISSING
        return ", ".join(passed) if isinstance(passed, list) and passed else f"`{param}`"

    def _dynamic_reference(self, node: Any, depth: int) -> str | None:
        """Why a value written as a dynamic reference (`{{resolve:ssm:/app/subnet-a}}`, or one built with `Fn::Join`
        or `Fn::Sub`) cannot be known: CloudFormation reads it when it deploys, whatever the parameters; None for
        anything else."""
        text = self.scalar(node, depth + 1) if _fn(node) is not None else node
        if not isinstance(text, str) or not text.startswith("{{resolve:"):
            return None
        service, _, rest = text[len("{{resolve:") :].partition(":")
        if service in ("ssm", "ssm-secure"):
            name = rest.removesuffix("}}").replace(PLACEHOLDER, "…")
            where = f"Systems Manager parameter `{clipped(name, 80)}`"
        elif service == "secretsmanager":
            where = "Secrets Manager"
        else:
            where = f"`{clipped(service, 40)}`" if service else "another service"
        return (
            f"is a dynamic reference, whose value CloudFormation reads from {where} when it deploys (a static check "
            "cannot know it)"
        )

    def _ssm(self, param: str) -> str:
        """Why an SSM-typed parameter's value is not known: a clause after its name."""
        spec = self.parameters.get(param)
        named = self.ssm_names.get(param, spec.get("Default") if isinstance(spec, dict) else None)
        where = f"Systems Manager parameter `{clipped(named, 80)}`" if is_known_text(named) else "Systems Manager"
        return f"whose value CloudFormation reads from {where} when it deploys (a static check cannot know it)"

    def condition_parameters(self, name: str) -> list[str]:
        """The template's parameters condition `name` depends on (what a user sets to turn it off)."""
        return sorted({p for p in self._parameters_in(self.conditions.get(name)) if p in self.parameters})

    def _parameters_in(self, node: Any, seen: set[str] | None = None, pseudo: bool = False) -> Iterator[str]:
        """Parameters a node depends on, through Ref, Sub and the Conditions it names; `pseudo`: the
        pseudo parameters it depends on too that this run does not know (`AWS::Region`)."""
        seen = set() if seen is None else seen
        stack = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                for key, value in item.items():
                    names = [value] if key == "Ref" else list(_sub_names(value)) if key == "Fn::Sub" else []
                    for ref in names:
                        if (
                            isinstance(ref, str)
                            and ref not in seen
                            and (ref in self.parameters or pseudo and _unknown_pseudo(ref, self.pseudo))
                        ):
                            seen.add(ref)
                            yield ref
                    condition = (
                        value
                        if key == "Condition"
                        else value[0]
                        if key == "Fn::If" and isinstance(value, list) and value
                        else None
                    )
                    if isinstance(condition, str) and condition not in seen:
                        seen.add(condition)
                        yield from self._parameters_in(self.conditions.get(condition), seen, pseudo)
                    stack.append(value)
            elif isinstance(item, list):
                stack.extend(item)

    # ----- references ----------------------------------------------------------------------

    def references(self, node: Any) -> set[str]:
        """Logical ids of this template's resources that `node` references (Ref, GetAtt, Sub).

        Every resource's properties are walked here, so the walk is lean: a container shared by
        aliases is walked once per use (the loaders count each use toward their node limit, and no
        loader makes a cycle), and only a one-key mapping can be a function."""
        found: set[str] = set()
        stack: list[Any] = [node]
        push, pop, extend = stack.append, stack.pop, stack.extend
        while stack:
            item = pop()
            if isinstance(item, dict):
                if len(item) != 1:
                    extend(item.values())
                    continue
                for key, value in item.items():
                    if key == "Ref":
                        if isinstance(value, str):
                            found.add(value)
                            continue
                    elif key == "Fn::GetAtt":
                        parts = _getatt_parts(value)
                        if parts:
                            found.add(parts[0])
                    elif key == "Fn::Sub":
                        found.update(_sub_names(value))
                    push(value)
            elif isinstance(item, list):
                extend(item)
        if not found:
            return found
        if not self.generated:  # (all but SAM's: the ids looked up in C, each once)
            return self.resources.keys() & found
        return {r for r in found if r in self.resources or r in self.generated}

    def references_but(self, node: Any, attributes: frozenset[str]) -> set[str]:
        """`references`, without a GetAtt or `${X.Attr}` of one of `attributes` (a table's StreamArn in
        a function's environment names its stream, not the table)."""
        return self._references_to(node, lambda attribute: attribute not in attributes)

    def identities(self, node: Any) -> set[str]:
        """Logical ids of this template's resources whose identity `node` holds: a Ref, or a GetAtt or
        `${X.Attr}` of an id or ARN (`Subnet.SubnetId`), not of another attribute (`Subnet.AvailabilityZone`):
        what another stack needs to add to a resource (RULES.md "Open resources")."""
        return self._references_to(node, _identity)

    def choices(
        self, node: Any, depth: int = 0, room: int = MAX_CHOICES, missing: list[Any] | None = None
    ) -> list[Any] | None:
        """Every value `ident` may give `node` where it cannot decide one, each a reference it does decide: both
        branches of an `Fn::If` whose condition cannot be decided (each condition evaluated once, a chain of them
        walked once), each item of a `Fn::Select` whose index cannot be known. None where a value may be one that
        names nothing it knows (a parameter, an import it cannot resolve, `AWS::NoValue`) or past `room` of them:
        unlike `may_be`, a complete list. `missing`, where given, is told each value that names nothing it knows
        (a node `why` explains) in place of that None: then the answer is the references it does decide, and
        `missing` what else `node` may be (`!If [C, !Ref A, !Ref Param]`: [A], and `!Ref Param` missing)."""
        if room <= 0:
            return None
        call = _fn(node) if depth <= _MAX_DEPTH else None
        if call is not None and call[0] == "Fn::If":
            args = call[1]
            if not (isinstance(args, list) and len(args) == 3):
                return _missed(node, missing)
            decided = self.condition(args[0])
            if decided is not None:
                return self.choices(args[1 if decided else 2], depth + 1, room, missing)
            yes = self.choices(args[1], depth + 1, room, missing)
            no = None if yes is None else self.choices(args[2], depth + 1, room - len(yes), missing)
            return None if yes is None or no is None else list(dict.fromkeys(yes + no))
        value = self.ident(node, depth) if call is not None else UNKNOWN
        if value is not UNKNOWN:
            return _missed(node, missing) if value is None else [value]
        if call is None or call[0] != "Fn::Select" or not (isinstance(call[1], list) and len(call[1]) == 2):
            return _missed(node, missing)
        index = self.identifier(call[1][0], depth + 1)  # (a parameter's Default picks no resource)
        if isinstance(index, int) or is_known_text(index):  # (an item that is one of some, or none)
            picked = self._select(call[1], depth, identity=True)
            return _missed(node, missing) if picked is UNKNOWN else self.choices(picked, depth + 1, room, missing)
        items = self.struct(call[1][1], depth + 1)
        if not isinstance(items, list) or isinstance(items, SplitList):
            return _missed(node, missing)
        if not 0 < len(items) <= room:
            return None  # (CloudFormation fails an index past the end: any index picks one of them)
        found: dict[Any, None] = {}  # (a list grown by concatenation was quadratic: 256 items, 77,000 hashes)
        for item in items:
            picked = self.choices(item, depth + 1, room - len(found), missing)
            if picked is None:
                return None
            found.update(dict.fromkeys(picked))
        return list(found)

    def may_be(self, node: Any, depth: int = 0) -> set[str]:
        """Logical ids whose identity `node` may evaluate to: through the branches of an `Fn::If` and the
        items of an `Fn::Select` it cannot decide, not through a name built from one (`Fn::Sub`, imports)."""
        call = _fn(node) if depth <= _MAX_DEPTH else None
        if call is None:
            return set()
        name, args = call
        if name == "Ref" and isinstance(args, str):
            return {args}
        if name == "Fn::GetAtt":
            parts = _getatt_parts(args)
            return {parts[0]} if parts and _identity(parts[1]) else set()
        branches: Any = []
        if name == "Fn::If" and isinstance(args, list) and len(args) == 3:
            branches = args[1:]
        elif name == "Fn::Select" and isinstance(args, list) and len(args) == 2:
            picked = self._select(args, depth, identity=True)  # (a parameter's Default picks no resource)
            items = [picked] if picked is not UNKNOWN else self.struct(args[1], depth + 1)
            branches = items if isinstance(items, list) else []
        return {ident for branch in branches for ident in self.may_be(branch, depth + 1)}

    def _references_to(self, node: Any, counts: Callable[[str], bool]) -> set[str]:
        """The resources `node` references by Ref, or by a GetAtt or `${X.Attr}` whose attribute `counts`."""
        found: set[str] = set()
        stack: list[Any] = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                if len(item) == 1:
                    key, value = next(iter(item.items()))
                    if key == "Ref" and isinstance(value, str):
                        found.add(value)
                        continue
                    if key == "Fn::GetAtt":
                        parts = _getatt_parts(value)
                        if parts and counts(parts[1]):
                            found.add(parts[0])
                        if parts:
                            continue
                    elif key == "Fn::Sub":
                        text = value[0] if isinstance(value, list) and value else value
                        own = value[1] if isinstance(value, list) and len(value) > 1 else None
                        for match in sub_variables(text if isinstance(text, str) else ""):
                            name, _, attribute = match.group(1).strip().partition(".")
                            if not (isinstance(own, dict) and name in own) and (not attribute or counts(attribute)):
                                found.add(name)
                        stack.extend(own.values() if isinstance(own, dict) else ())
                        continue
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        return {r for r in found if r in self.resources or r in self.generated}

    def references_decided(self, node: Any, depth: int = 0) -> tuple[set[str], dict[str, tuple[str, ...]]]:
        """What `references` finds, with each `Fn::If` decided: the ids referenced for sure (in both
        branches of one this run cannot decide, too), and those referenced only under conditions it
        cannot decide, each with every such condition that decides it, outermost and first written first
        (`Fn::If [IsA, !Ref T, Fn::If [IsB, !Ref T, ""]]` names T where IsA holds or IsB does: both)."""
        sure: set[str] = set()
        maybe: dict[str, tuple[str, ...]] = {}
        stack: list[Any] = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))  # (in the order written: the conditions are named so)
                continue
            if not isinstance(item, dict):
                continue
            if len(item) != 1:
                stack.extend(reversed(list(item.values())))
                continue
            [(key, value)] = item.items()
            if key == "Fn::If" and isinstance(value, list) and len(value) == 3:
                chosen = self.condition(value[0])
                if chosen is not None:
                    stack.append(value[1] if chosen else value[2])
                    continue
                if depth > _MAX_DEPTH:
                    raise self._over(item, "conditions nested too deeply")
                (yes, yes_maybe), (no, no_maybe) = (self.references_decided(v, depth + 1) for v in value[1:])
                sure |= yes & no
                for ident in [*(yes | no), *yes_maybe, *no_maybe]:
                    if ident not in yes or ident not in no:  # (this condition and those inside decide it)
                        found = (str(value[0]), *yes_maybe.get(ident, ()), *no_maybe.get(ident, ()))
                        maybe[ident] = tuple(dict.fromkeys((*maybe.get(ident, ()), *found)))
                continue
            if key == "Ref" and isinstance(value, str):
                sure.add(value)
                continue
            if key == "Fn::Select" and isinstance(value, list) and len(value) == 2:
                index, items = self.identifier(value[0]), self.struct(value[1])  # (never a Default's pick)
                whole = isinstance(index, int) and not isinstance(index, bool) and index >= 0
                digits = isinstance(index, str) and index.isascii() and index.isdigit() and len(index) < 10  # (`²`)
                if (whole or digits) and isinstance(items, list):
                    position = int(index)
                    if not isinstance(items, SplitList) or position < items.counted or items.counted == len(items):
                        if position < len(items):  # (one member of a written list: only it is referenced)
                            stack.append(items[position])
                        continue
                    items = UNKNOWN  # (an element a split may have put elsewhere: any member may be)
                if items is UNKNOWN and depth <= _MAX_DEPTH:  # a list a condition chooses: any member may be
                    inner, inner_maybe = self.references_decided(value[1], depth + 1)
                    chosen_by = tuple(dict.fromkeys(c for why in inner_maybe.values() for c in why)) or (
                        _first_condition(value[1]) or "?",
                    )
                    for ident, why in [*((i, chosen_by) for i in inner), *inner_maybe.items()]:
                        maybe[ident] = tuple(dict.fromkeys((*maybe.get(ident, ()), *why)))
                    continue
            if key == "Fn::GetAtt":
                parts = _getatt_parts(value)
                if parts:
                    sure.add(parts[0])
            elif key == "Fn::Sub":
                sure.update(_sub_names(value))
            stack.append(value)
        resources, generated = self.resources, self.generated  # (asked of each id: a union of them all was N per call)
        if not maybe:  # (most: no condition it cannot decide)
            return {r for r in sure if r in resources or r in generated}, {}
        known = [r for r in sure if r in resources or r in generated]
        undecided = {r: c for r, c in maybe.items() if r not in sure and (r in resources or r in generated)}
        return set(known), undecided

    @staticmethod
    def attributes_read(node: Any) -> set[tuple[str, str]]:
        """(logical id, attribute) of every `Fn::GetAtt` inside `node`, in any branch."""
        found: set[tuple[str, str]] = set()
        stack = [node]
        while stack:  # as lean as `references`, for the same reasons
            item = stack.pop()
            if isinstance(item, dict):
                for key, value in item.items():
                    parts = _getatt_parts(value) if key == "Fn::GetAtt" else None
                    if parts:
                        found.add(parts)
                    stack.append(value)
            elif isinstance(item, list):
                stack.extend(item)
        return found


def _first_condition(node: Any) -> str | None:
    """The condition of the first `Fn::If` inside `node`."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            args = item.get("Fn::If")
            if isinstance(args, list) and args and isinstance(args[0], str):
                return args[0]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def sub_references(args: Any) -> list[dict]:
    """The `Ref`/`Fn::GetAtt` a `Fn::Sub` string stands for (`${X}`, `${X.Outputs.Y}`), except its own variables."""
    text = args[0] if isinstance(args, list) and args else args
    own = args[1] if isinstance(args, list) and len(args) > 1 else None
    found: list[dict] = []
    for match in sub_variables(text) if isinstance(text, str) else ():
        head, _, attribute = match.group(1).strip().partition(".")
        if not (isinstance(own, dict) and head in own):
            found.append({"Fn::GetAtt": [head, attribute]} if attribute else {"Ref": head})
    return found


def _identity(attribute: str) -> bool:
    """A GetAtt attribute that names its resource (`SubnetId`, `GroupId`, `Arn`), not a property of it."""
    return attribute.endswith("Id") or attribute == "Arn"


def _sub_names(args: Any) -> Iterator[str]:
    """Names a `Fn::Sub` string refers to (`${X}`, `${X.Attr}`), except its own variables."""
    text = args[0] if isinstance(args, list) and args else args
    own = args[1] if isinstance(args, list) and len(args) > 1 else None
    if isinstance(text, str):
        for match in sub_variables(text):
            name = match.group(1).split(".")[0].strip()
            if not (isinstance(own, dict) and name in own):
                yield name


class _NotText(Exception):
    """A `Fn::Sub` variable whose value is a list or a map: CloudFormation fails the template."""


def _pinned(args: Any) -> tuple[str, str] | None:
    """(name, text) of an `Fn::Equals` of a `Ref` and a literal text: the one value it holds for."""
    if not (isinstance(args, list) and len(args) == 2):
        return None
    for ref, literal in (args, args[::-1]):
        call = _fn(ref)
        if call is not None and call[0] == "Ref" and isinstance(call[1], str) and isinstance(literal, (str, bool)):
            return call[1], _as_text(literal)
    return None


def _comparable(value: Any) -> bool:
    """A value `Fn::Equals` compares as text: known, and no list or map (whose text is not Python's)."""
    return (
        value is not UNKNOWN
        and not isinstance(value, (list, dict))
        and (not isinstance(value, str) or PLACEHOLDER not in value)
    )


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None or value is UNKNOWN else str(value)


__all__ = ["Intrinsics", "ResourceRef", "PLACEHOLDER", "SplitList", "is_known_text", "item_at", "LDict"]
