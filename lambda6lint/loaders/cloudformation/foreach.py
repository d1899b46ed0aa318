"""`Fn::ForEach` (the AWS::LanguageExtensions transform), expanded as CloudFormation expands it.

A loop `Fn::ForEach::Name: [Identifier, Collection, {OutputKey: OutputValue}]` in Resources, Outputs,
Conditions or anywhere inside them stands for one copy of its output per item of the collection:
`${Identifier}` and `&{Identifier}` (the item without its non-alphanumeric characters) in keys and
`Fn::Sub` strings, and `Ref: Identifier` in values, become the item (as cfn-lint's expansion does,
which the tests hold it to). Loops nest. The copies keep the marks of what they copy, so a finding on
a resource a loop makes points at the loop's text.

A loop is expanded only when everything it makes is known: its collection a literal list, a
parameter given a value (a Default is not what a deploy must use, as for conditions), or a list of
Mappings that `Fn::FindInMap` names with keys so known; and what it makes names nothing already there
(CloudFormation would reject the template). Anything else stays a loop, which the mapper stands in
for (what it may make is not read; `--explain` says so). What the loops of one template make is
bounded (MAX_NODES), so nested loops cannot multiply a small file into a large tree.
"""

from __future__ import annotations

from lambda6lint.loaders.cloudformation.intrinsics import MAX_NODES, SECTIONS, has_loops, holds_loop, is_loop
from lambda6lint.loaders.cloudformation.parameters import Listed
from lambda6lint.loaders.common.marked import LDict, LList
from lambda6lint.patterns import on_use

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Characters the items put into keys and `Fn::Sub` strings may make in all, per template: a 100 KB item put
#: 20,000 times into one string was a 2 GB string, made before any node was counted.
MAX_TEXT = 10_000_000
_NOT_ALPHANUMERIC = on_use(r"[^0-9A-Za-z]+")


class _Unknown(Exception):
    """A loop whose copies cannot all be known: it stays a loop."""


#: The start of the reason a loop over a parameter that has no value is not expanded; its name follows.
COLLECTION_PARAMETER = "collection parameter "
#: The start of the reason a loop whose collection's `Fn::FindInMap` names a parameter with no value, or
#: a pseudo parameter, is not; the name follows.
MAPPING_KEY = "collection's Fn::FindInMap key "
#: Why a loop over a parameter given an empty value is not expanded (its name put in): a Ref of it is one empty
#: item, but the transform has been seen to make no copy of some loops over it (cfn-language-discussion#154).
EMPTY = "its collection parameter `{}` is given an empty value, over which CloudFormation's loops make a copy or none"
NOT_A_LOOP = "it is not written as [identifier, collection, {key: value}]"
REPEATS = "what it makes repeats a name (CloudFormation rejects the template)"
TOO_LARGE = f"what the template's loops make is over {MAX_NODES:,} nodes"
TOO_LONG = f"what the template's loops write into names and strings is over {MAX_TEXT:,} characters"


class Budget:
    """The nodes an expansion's loops may make, what they made, and why no more (the reason every loop
    is left with past it)."""

    def __init__(self, left: int = MAX_NODES, over: str = TOO_LARGE) -> None:
        self.left, self.over, self.made = min(left, MAX_NODES), over, 0
        self.text = MAX_TEXT

    def spend(self) -> None:
        self.left -= 1
        self.made += 1
        if self.left < 0:
            raise _Unknown(self.over)

    def write(self, size: int) -> None:
        """Count the characters of a string about to be made; past MAX_TEXT, every loop stays a loop."""
        self.text -= size
        if self.text < 0:
            self.over = TOO_LONG
            raise _Unknown(self.over)


class _Run:
    """One template's expansion: its budget, why the loops left as written were, and what a collection
    may name (the values given to parameters, the template's Mappings)."""

    def __init__(self, values: dict[str, str], mappings: Any, budget: Budget) -> None:
        self.budget, self.spend = budget, budget.spend
        self.reasons: dict[str, str] = {}
        self.values, self.listed = values, Listed(values)
        self.mappings = mappings if isinstance(mappings, dict) else {}
        self._by_text: dict[int, tuple[dict, dict[str, Any]]] = {}  # id → (mapping, its entries by key as text)

    def entry(self, mapping: dict, key: str) -> Any:
        """`mapping`'s value at the key written `key` (a YAML key may be read as a number: `123456789012:`), the
        first such; None when there is none. Each mapping is indexed once: every copy of a loop asks again, and
        looking through a mapping's keys each time was the product of the two (2,000 copies, 30,000 keys: 4 s)."""
        found = self._by_text.get(id(mapping))
        if found is None:
            index: dict[str, Any] = {}
            for k, v in mapping.items():
                index.setdefault(str(k), v)
            found = self._by_text[id(mapping)] = (mapping, index)  # (the mapping held: its id stays its own)
        return found[1].get(key)


def expand(doc: Any, values: dict[str, str] | None, budget: Budget | None = None) -> tuple[Any, dict[str, str]]:
    """`doc` with every loop that can be known expanded (a new top mapping; `doc` is not changed: nested
    templates share parse trees; `doc` itself when it has no loop or no AWS::LanguageExtensions), and
    why each loop of a section left as written could not be (by its key). What the loops made is
    counted in `budget` (MAX_NODES when none is given); past it, every loop stays a loop."""
    if not has_loops(doc):
        return doc, {}
    out = _like(doc)
    budget = budget or Budget()
    run = _Run(values or {}, doc.get("Mappings"), budget)
    try:
        for key, value in doc.items():
            if key in SECTIONS and isinstance(value, dict) and holds_loop(value):
                value = _walk(value, {}, run)
            out[key] = value
            _mark(out, key, doc, key)
    except _Unknown:  # (past the budget: every loop stays a loop)
        loops = [k for s in SECTIONS if isinstance(doc.get(s), dict) for k in doc[s] if is_loop(k)]
        return doc, dict.fromkeys(loops, budget.over)
    return out, run.reasons


def _walk(node: Any, items: dict[str, str], run: _Run) -> Any:
    """A copy of `node` with the loops' items (`items`: identifier → item) put in, and its loops expanded.
    A loop that cannot be known is kept as written (its items put in what it holds is not needed:
    nothing reads inside it). Outside loops, what holds no loop is kept, not copied."""
    if not items and not holds_loop(node):
        return node
    if isinstance(node, dict):
        if len(node) == 1:
            [(key, value)] = node.items()
            if key == "Ref" and isinstance(value, str) and value in items:
                return items[value]
            if key == "Fn::Sub" and items:
                return _sub(value, items, run)
        out = _like(node)
        for key, value in node.items():
            if items:
                run.spend()
            if is_loop(key):
                try:
                    made = _loop(value, items, run)
                    if any(made_key in out or made_key in node for made_key in made):
                        raise _Unknown(REPEATS)
                except _Unknown as unknown:
                    if str(unknown) == run.budget.over or items:
                        raise  # (a loop inside a loop: the outer one stays as written, for this reason)
                    out[key] = value  # (as written: the mapper stands in for it)
                    _mark(out, key, node, key)
                    run.reasons.setdefault(key, str(unknown))
                    continue
                for made_key, (made_value, source) in made.items():
                    out[made_key] = made_value
                    _mark(out, made_key, source.mapping, source.key, fallback=node, fallback_key=key)
                continue
            new_key = _put(key, items, run) if isinstance(key, str) and items else key
            if new_key in out:
                raise _Unknown(REPEATS)
            out[new_key] = _walk(value, items, run)
            _mark(out, new_key, node, key)
        return out
    if isinstance(node, list):
        copied = _like(node)
        for index, item in enumerate(node):
            if items:
                run.spend()
            copied.append(_walk(item, items, run))
            if isinstance(copied, LList) and isinstance(node, LList):
                copied.item_marks.append(node.mark_of(index))
        return copied
    return node


def _loop(args: Any, items: dict[str, str], run: _Run) -> dict[str, tuple[Any, _KeyOf]]:
    """What one loop makes: its output keys, each with its copy and the key of the loop's output it
    was copied from (whose mark it takes)."""
    if not (isinstance(args, list) and len(args) == 3 and isinstance(args[0], str) and isinstance(args[2], dict)):
        raise _Unknown(NOT_A_LOOP)
    identifier, template = args[0], args[2]
    made: dict[str, tuple[Any, _KeyOf]] = {}
    for item in _collection(args[1], items, run):
        run.spend()  # (a copy of an empty output too: 60 loops of 4 million copies of nothing were minutes)
        inner = {**items, identifier: item}
        copied = _walk(template, inner, run)
        if not isinstance(copied, dict):  # (`{Ref: N}` as the output: an item, not keys and values)
            raise _Unknown(NOT_A_LOOP)
        sources = {_put(k, inner, run) if isinstance(k, str) else k: k for k in template}
        for key, value in copied.items():
            if key in made:
                raise _Unknown(REPEATS)
            made[key] = (value, _KeyOf(template, sources.get(key, key)))
    return made


class _KeyOf:
    """Where a made key comes from: a key of the loop's output mapping."""

    __slots__ = ("mapping", "key")

    def __init__(self, mapping: Any, key: Any):
        self.mapping, self.key = mapping, key


def _collection(node: Any, items: dict[str, str], run: _Run) -> list[str]:
    if isinstance(node, dict) and len(node) == 1 and "Ref" in node:
        name = node["Ref"]
        given = run.values.get(name) if isinstance(name, str) else None
        if given is None:
            raise _Unknown(f"{COLLECTION_PARAMETER}{name}")
        if not given:
            raise _Unknown(EMPTY.format(name))
        split = run.listed(name, most=run.budget.left)  # (each copy is a node)
        if split is None:
            raise _Unknown(run.budget.over)
        return split
    if isinstance(node, dict) and len(node) == 1 and "Fn::FindInMap" in node:
        node = _mapped(node["Fn::FindInMap"], items, run)
    if not isinstance(node, list):
        raise _Unknown("its collection is not a list of values this run can read")
    found: list[str] = []
    for item in node:
        if isinstance(item, dict) and len(item) == 1 and isinstance(item.get("Ref"), str) and item["Ref"] in items:
            item = items[item["Ref"]]
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            raise _Unknown("an item of its collection is not a value this run can read")
        found.append(str(item))
    return found


def _mapped(args: Any, items: dict[str, str], run: _Run) -> Any:
    """The list a `Fn::FindInMap` collection names, when its keys are known: written, a loop's item
    or a parameter given a value (a key the mapping lacks takes the `DefaultValue` given, as the
    transform has it; without one, the deploy fails)."""
    if not (isinstance(args, list) and len(args) in (3, 4)):
        raise _Unknown(NOT_A_LOOP)
    keys = []
    for key in args[:3]:
        if isinstance(key, dict) and len(key) == 1 and isinstance(key.get("Ref"), str):
            name = key["Ref"]
            key = items[name] if name in items else run.values.get(name)
            if key is None:
                raise _Unknown(f"{MAPPING_KEY}{name}")
        if not isinstance(key, (str, int)) or isinstance(key, bool):
            raise _Unknown("its collection's Fn::FindInMap keys are not values this run can read")
        keys.append(str(key))
    found: Any = run.mappings
    for key in keys:  # (a YAML key may be read as a number: `123456789012:`)
        found = run.entry(found, key) if isinstance(found, dict) else None
    if found is None:
        default = args[3] if len(args) == 4 and isinstance(args[3], dict) else {}
        if "DefaultValue" not in default:
            raise _Unknown(f"its collection's Fn::FindInMap names {'/'.join(keys)}, which Mappings lacks")
        found = default["DefaultValue"]
    return found


def _put(text: str, items: dict[str, str], run: _Run) -> str:
    for identifier, item in items.items():
        for token, value in ((f"${{{identifier}}}", item), (f"&{{{identifier}}}", None)):
            times = text.count(token)
            if times:
                value = _NOT_ALPHANUMERIC.sub("", item) if value is None else value
                run.budget.write(len(text) + times * (len(value) - len(token)))  # (before it is made)
                text = text.replace(token, value)
    return text


def _sub(value: Any, items: dict[str, str], run: _Run) -> Any:
    """`Fn::Sub` with the items put in its string (an item wins over a variable of the Sub's own of the
    same name, as in cfn-lint's expansion); a plain string when nothing is left to substitute."""
    text = value[0] if isinstance(value, list) and value else value
    if not isinstance(text, str):
        out = LDict()
        out["Fn::Sub"] = _walk(value, items, run)
        return out
    text = _put(text, items, run)
    if not _has_variable(text):
        return text
    out = LDict()
    if isinstance(value, list) and len(value) == 2:
        out["Fn::Sub"] = [text, _walk(value[1], items, run)]
    else:
        out["Fn::Sub"] = text
    return out


def _has_variable(text: str) -> bool:
    """Whether a `Fn::Sub` string still names a variable, `${X}` (X without `}` or `!`): one `${` in what lies
    between two `}` (or before the first), within what lies between two `!`. In linear time: a pattern
    searched for it read the rest of the string from each `${` of a long run without a `}` (minutes)."""
    return any("${" in piece for chunk in text.split("!") for piece in chunk.split("}")[:-1])


def _like(node: Any) -> Any:
    """An empty container of `node`'s kind, at its mark (a marked one when `node` has marks)."""
    if isinstance(node, LDict):
        return LDict(node.line, node.column)
    if isinstance(node, LList):
        return LList(node.line, node.column)
    return {} if isinstance(node, dict) else []


def _mark(out: Any, key: Any, source: Any, source_key: Any, fallback: Any = None, fallback_key: Any = None) -> None:
    """Give `out[key]` the mark of `source_key` in `source`, else of `fallback_key` in `fallback`."""
    if not isinstance(out, LDict):
        return
    mark = source.key_mark(source_key) if isinstance(source, LDict) else None
    if mark is None and isinstance(fallback, LDict):
        mark = fallback.key_mark(fallback_key)
    if mark is not None:
        out.key_marks[key] = mark
