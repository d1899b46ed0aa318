"""JSON documents with the marks the YAML path gives them, without reading them event by event.

libyaml reads JSON (YAML's flow subset) one event at a time, each handled in Python; `json.loads`
reads it in C but keeps no positions. Here `json.loads` reads the values and one walk builds the
mappings and sequences from them, checking depth, duplicate keys and size. Each keeps where it is
(its path), not marks: where it and its members start is found in the text the first time a mark
of it is asked for, and a (line, column) made then (`Lines.place`, `marked.OffsetDict`); most never
are (a template's findings point at a few places). Read with offsets instead — one regular
expression finds where every key, item and container starts, in document order, and the walk
pairs them — is what a document the first walk refuses gets, so that the error is said where
the YAML path says it, and what `Lines.load_member` gives. Whatever this path could read differently
from libyaml (not JSON, `NaN`, line breaks other than `\\n`, nesting `json` itself refuses) makes
`load` return None: the caller then reads it the YAML way, whose result and error messages stay the
reference (tests/test_jsonmarks.py compares both on every JSON fixture). A document over the node
limit is refused here, where the YAML path would stop: at the node past the limit in document order
(`_too_large`): libyaml reading it only to say so took 2.2 s for a crafted template of 1,200,000
nodes (0.8 s now), 40 s and 4.6 GB for an 82 MB plan of 41,000,000 numbers (6 s and 0.4 GB now).

A document of which only an outline is pointed at (a plan: where its resources are, not what they
hold) is read with `outline`; `Lines.path_marks` finds where a finding points in what was read
without marks, `Lines.load_member` marks a whole member, when asked.

Of lambda6lint it imports only the errors: `marked.load_text` passes its container classes and limits.
"""

from __future__ import annotations

import json
import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Mapping
from itertools import accumulate, chain, islice
from json.decoder import scanstring  # type: ignore[attr-defined]
from types import MappingProxyType

from lambda6lint.loaders.common.errors import InputError, shown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: A JSON string: the brackets in it do not nest (`_too_large`).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
#: Where each key, value and container starts. Valid JSON is assumed (json.loads read it first):
#: outside strings only punctuation, numbers and true/false/null remain.
_STARTS = re.compile(_STRING.pattern + r"|[{\[]|[-0-9tfn][^\s,:\]}]*")
#: Line breaks libyaml counts that JSON text may hold: such documents take the YAML path.
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")


#: A JSON object as json.loads saw it: its (key, value) pairs, duplicates included. A tuple: json's C scanner
#: makes it with a C call (a list subclass took a Python type call per object), and no scalar it makes is one.
_Pairs = tuple


def _constant(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity: not JSON, and libyaml reads them as text


def _whole(text: str) -> Any:
    """A JSON integer; one over Python's 4,300 digits (`int` refuses it: a safety limit) kept as its text,
    so that one number in a property no rule reads does not make the whole document unreadable."""
    return int(text) if len(text.lstrip("-")) <= 4300 else text


def _tolerant(fast: Callable[..., Any], slow: Callable[..., Any]) -> Callable[..., Any]:
    """`fast` (the C scanner with Python's `int`), or `slow` (with `_whole`) where `fast` refuses an
    integer over 4,300 digits: a hook for every integer would cost each document (a plan's many numbers)."""

    def read(*args: Any) -> Any:
        try:
            return fast(*args)
        except ValueError as exc:
            if "integer string conversion" not in str(exc):
                raise
            return slow(*args)

    return read


_DECODER = json.JSONDecoder(object_pairs_hook=_Pairs, parse_constant=_constant)
_LONG = json.JSONDecoder(object_pairs_hook=_Pairs, parse_constant=_constant, parse_int=_whole)
_loads = _tolerant(_DECODER.decode, _LONG.decode)
#: The C scanner: (value, end) at an index
_scan = _tolerant(_DECODER.scan_once, _LONG.scan_once)  # type: ignore[attr-defined]
#: The same scanner making plain dicts itself: for what gets no marks, no Python per object.
_scan_plain = _tolerant(
    json.JSONDecoder(parse_constant=_constant).scan_once,  # type: ignore[attr-defined]
    json.JSONDecoder(parse_constant=_constant, parse_int=_whole).scan_once,  # type: ignore[attr-defined]
)
#: The same scanner keeping nothing: where a value ends, for a member read and not kept (`DROPPED`). It checks
#: what it reads as the others do (the same C code, as many instructions), but an object becomes its member count
#: and a number its length, each freed as soon as its container has it: a member as large as a plan's
#: `prior_state` is read in the memory of its longest list (of counts and texts), not built whole and then freed.
_skip = json.JSONDecoder(object_pairs_hook=len, parse_int=len, parse_float=len, parse_constant=_constant).scan_once  # type: ignore[attr-defined]
#: An outline's value for a list of which only where each item starts is kept, its items plain (a
#: plan's resources: a finding finds its way into one with `Lines.path_marks`).
ITEMS: Mapping[str, Any] = MappingProxyType({})
#: The first step of the `Lines.place` path `(STARTING, offset)`: the container that starts at `offset` (an `ITEMS`
#: list read whole, whose items' offsets are found when first asked for).
STARTING = ("starting",)


class Reduced:
    """An outline's value for a member read plain, checked and counted like any, of which only what
    `keep` returns of it is kept (a plan's `resource_changes`: what is unknown after apply, not the
    values before and after). Freed as soon as it is read, its memory serves the members after it."""

    __slots__ = ("keep",)

    def __init__(self, keep: Callable[[Any], Any]):
        self.keep = keep


def _nothing(value: Any) -> None:
    return None


#: An outline's value for a member no reader needs: read (checked, counted) and not kept (None in its place), and,
#: where the text's punctuation bounds the count (`bounded`: a plan under its limit), read without building it
#: (`_skip`): a plan's `prior_state`, as large as its `planned_values` where it is of what exists.
DROPPED = Reduced(_nothing)


_SPACE = re.compile(r"[ \t\n\r]*")
#: Texts up to this long find a line by counting the breaks before it (~1 µs for a template's
#: 13 KB); longer ones (a plan) build a table of where lines start once, and bisect it.
_COUNTED = 1 << 16
#: How deep `Lines.place` steps down a path level by level; deeper, the whole text is placed at once.
_STEPPED = 16
#: A key without escapes or control characters (json refuses those raw) and the `:` after it; what
#: follows a member or an item (`Lines.place`).
_KEY = re.compile(r'"([^"\\\x00-\x1f]*)"[ \t\n\r]*:[ \t\n\r]*')
_AFTER = re.compile(r"[ \t\n\r]*([,}\]])[ \t\n\r]*")
#: What follows an object's member: the next one's key (group 1), its value at the end; or the
#: closing brace (group 2). Anything else (a key with escapes, not JSON) is left to `_after`, `_key`.
_NEXT_KEY = re.compile(r'[ \t\n\r]*(?:,[ \t\n\r]*"([^"\\\x00-\x1f]*)"[ \t\n\r]*:[ \t\n\r]*|(\}))')
_BLANKS = frozenset(" \t\n\r")


def skip_blanks(text: str, index: int) -> int:
    """The first index at or after `index` that is not JSON whitespace."""
    if text[index : index + 1] not in _BLANKS:
        return index  # compact JSON (a plan): no regular expression
    found = _SPACE.match(text, index)
    return found.end() if found else index


class _TooLarge(Exception):
    """Over the node limit: `_read` names the node past it (`_too_large`)."""


def _over() -> Any:
    """An iterator that raises _TooLarge when it is asked for an item (the node past the limit)."""
    raise _TooLarge
    yield  # pragma: no cover - a generator: raises when first advanced, not when made


def _too_large(lines: Lines, max_nodes: int, max_depth: int) -> InputError | None:
    """The YAML path's error for a document of more than `max_nodes` nodes: named at the node past the
    limit, in document order (where libyaml's events would count it) — nesting too deep if that node
    is a container `max_depth` deep (libyaml checks depth first). None when the text holds no such
    node (a count made on what json read says it does: a caller's bug, not the input's)."""
    text = lines.text
    past = next(islice(_STARTS.finditer(text), max_nodes, None), None)
    if past is None:
        return None
    at = past.start()
    if text[at] in "[{":
        before = _STRING.sub("", text[:at])
        if sum(map(before.count, "[{")) - sum(map(before.count, "]}")) >= max_depth:
            return InputError(f"nesting deeper than {max_depth} levels", *lines.mark(at))
    return InputError(f"document too large (over {max_nodes:,} nodes)", *lines.mark(at))


class _Refused(Exception):
    """What the read without offsets leaves to the marked read: it says why, at the right place."""


class _Starts:
    """`Lines.starts`, made when the first mark is (a template whose findings are elsewhere never is):
    a non-data descriptor, then the instance's own attribute, not a `__getattr__` (which would slow
    every other lookup on it, each `mark`). An array, not a list of ints: the containers read from a
    text keep its Lines as long as they live (a CDK stack linked with others: 2.5 KB for 600 lines,
    not 22 KB)."""

    def __get__(self, lines: Any, owner: Any = None) -> Any:
        if lines is None:
            return self
        text = lines.text
        starts = accumulate(map((1).__add__, map(len, text.split("\n"))), initial=0)
        lines.starts = made = array("I" if len(text) < 1 << 32 else "Q", starts)
        return made


class Lines:
    """Where each line of a text starts: the (line, column) of an offset, and back."""

    starts: Any = _Starts()

    def __init__(self, text: str):
        self.text = text
        self._places: dict[tuple[Any, ...], tuple[int, Any, Any]] = {}
        self._counted, self._lines = [0], [1]  # offsets whose line is known, in order, and their lines
        self._all = False  # every container placed (`_place_all`)
        #: An object's members as `path_marks` stepped through them, by where it starts: (each key's first
        #: place and value's, the keys written twice). Each object is read once, however many paths go
        #: through it (a plan's resource: its findings' places and its own). One entry per object a path went
        #: through: as many as the places asked for, never the whole text's objects.
        self._members: dict[int, tuple[dict[str, tuple[int, int]], set[str]]] = {}

    def mark(self, offset: int) -> tuple[int, int]:
        text = self.text
        if len(text) <= _COUNTED:  # a template: a few marks, each counted in C from the nearest one before
            counted, lines = self._counted, self._lines
            nearest = bisect_right(counted, offset) - 1
            line = lines[nearest] + text.count("\n", counted[nearest], offset)
            if counted[nearest] != offset:
                counted.insert(nearest + 1, offset)
                lines.insert(nearest + 1, line)
            return line, offset - text.rfind("\n", 0, offset)
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1

    def load_member(
        self,
        key_mark: tuple[int, int],
        mapping: type[Any],
        sequence: type[Any],
        max_depth: int,
    ) -> Any:
        """The value of the object member whose key is at `key_mark`, with every mark (a member `load`
        read without them, now pointed at). Raises ValueError when that is not a member's key, and
        InputError as `load` does where the marked read refuses what json accepted (a key written twice)."""
        at = _member(self.text, self.offset(*key_mark))[1]
        done, value = _read(self, mapping, sequence, max_depth, 1 << 62, None, at)
        if not done:
            raise ValueError("not JSON there")
        return value

    def place(self, path: tuple[Any, ...], stepped: bool = False) -> tuple[int, Any, Any]:
        """Where the container at `path` starts — `()` for the document's top, else (its parent's path,
        its key or index) — where each of its keys (a dict) or items (a list) starts, and where each
        member's value starts: what a container read without offsets (`load`) asks for when a mark of
        it is first wanted. Each container on the way is stepped through once per text (json's C
        scanner reads over its values, the one on the way included); the text is the one json read.
        A path deeper than `_STEPPED` levels (no template's places are; a crafted one's may be, in a
        large text) has every container placed in one pass instead: a deep place costs one more read
        of the text, not one per level. `stepped` steps down however deep (a plan's module in a module
        ... in a module, 8 deep: placing all of a 32 MB plan for it took 0.9 s and 230 MB more): each
        level reads only the container on the way."""
        found = self._places.get(path)
        if found is None:
            text = self.text
            if path and path[0] is STARTING:
                at = path[1]
            elif not stepped and _depth(path) > _STEPPED and not self._all:
                self._all = True
                self._place_all()
                return self._places[path]
            else:
                at = self.place(path[0], stepped)[2][path[1]] if path else skip_blanks(text, 0)
            first = skip_blanks(text, at + 1)
            if text[at : at + 1] == "[":
                items: list[int] = []
                index = first if text[first : first + 1] != "]" else None
                while index is not None:  # (`_skip`: an `ITEMS` list's items stepped over without building them)
                    items.append(index)
                    index = _after(text, _skip(text, index)[1], "]")
                found = (at, items, items)
            else:
                keys: dict[str, int] = {}
                values: dict[str, int] = {}
                member = (first, *_key(text, first)) if text[first : first + 1] != "}" else None
                while member is not None:
                    index, key, value = member
                    keys[key], values[key] = index, value
                    member = _next_member(text, _skip(text, value)[1])  # (stepped over, not built: a plan's top)
                found = (at, keys, values)
            self._places[path] = found
        return found

    def _place_all(self) -> None:
        """Every container's place (`place`), found as the marked read finds them: where each key, item
        and container starts, in document order, paired with json's values by one walk."""
        text, places = self.text, self._places
        following = map(re.Match.start, _STARTS.finditer(text)).__next__

        def walk(node: Any, at: int, path: tuple[Any, ...]) -> None:
            if type(node) is list:
                items = []
                for index, item in enumerate(node):
                    items.append(start := following())
                    if type(item) is _Pairs or type(item) is list:
                        walk(item, start, (path, index))
                places[path] = (at, items, items)
                return
            keys, values = {}, {}
            for key, item in node:
                keys[key] = following()
                values[key] = start = following()
                if type(item) is _Pairs or type(item) is list:
                    walk(item, start, (path, key))
            places[path] = (at, keys, values)

        value = _loads(text)
        try:
            if type(value) is _Pairs or type(value) is list:
                walk(value, following(), ())
        finally:
            walk = None  # type: ignore[assignment]  # it calls itself: no cycle for a paused GC

    def _mark(self, spot: tuple[Any, Any]) -> tuple[int, int]:
        """The mark of a member or item (its container's path, its key or index): a `model.Later`'s."""
        return self.mark(self.place(spot[0])[1][spot[1]])

    def path_marks(self, at: int, path: tuple[Any, ...]) -> list[tuple[int, int]]:
        """The marks a marked read would give the steps of `path` (a key's, an item's) inside the value
        that starts at offset `at`, as far as the path leads: what a finding points at, without marking
        the rest. Raises ValueError where that is not JSON, and where a key on the way is written twice
        (a marked read refuses it; json keeps the last value).
        (json's C scanner steps over the values not on the path; nested too deeply: RecursionError.)"""
        text = self.text
        marks = []
        for step in path:
            first = text[at : at + 1]
            if first == "{" and type(step) is str:
                known = self._members.get(at)
                if known is None:
                    known = self._members[at] = _object_members(text, at)
                if step in known[1]:
                    raise ValueError("a key written twice")
                found = known[0].get(step)
                if found is None:
                    break
                marks.append(self.mark(found[0]))
                at = found[1]
            elif first == "[" and type(step) is int and step >= 0:
                index, count = skip_blanks(text, at + 1), 0
                while text[index : index + 1] != "]" and count < step:
                    index, count = _next(text, _scan_plain(text, index)[1], "]"), count + 1
                if text[index : index + 1] == "]":
                    break
                marks.append(self.mark(index))
                at = index
            else:
                break
        return marks


def _object_members(text: str, at: int) -> tuple[dict[str, tuple[int, int]], set[str]]:
    """Where each key of the object at `at` starts and where its value does (the first, for a key
    written twice), and the keys written twice. Raises ValueError where that is not JSON."""
    found: dict[str, tuple[int, int]] = {}
    twice: set[str] = set()
    first = skip_blanks(text, at + 1)
    member = (first, *_key(text, first)) if text[first : first + 1] != "}" else None
    while member is not None:  # (as `place` steps: a key without escapes is matched in C)
        index, key, value = member
        if key in found:
            twice.add(key)
        else:
            found[key] = (index, value)
        member = _next_member(text, _scan_plain(text, value)[1])
    return found, twice


def _member(text: str, index: int) -> tuple[str, int]:
    """The key of the object member that starts at `index`, and where its value starts."""
    if text[index : index + 1] != '"':
        raise ValueError("not a key")
    key, index = scanstring(text, index + 1)
    index = skip_blanks(text, index)
    if text[index : index + 1] != ":":
        raise ValueError("not a key")
    return key, skip_blanks(text, index + 1)


def _depth(path: tuple[Any, ...]) -> int:
    """How many levels down a `Lines.place` path leads."""
    depth = 0
    while path and path[0] is not STARTING:
        path, depth = path[0], depth + 1
    return depth


def _key(text: str, index: int) -> tuple[str, int]:
    """`_member`, at C speed for a key without escapes (most)."""
    plain = _KEY.match(text, index)
    return (plain.group(1), plain.end()) if plain else _member(text, index)


def _after(text: str, end: int, close: str) -> int | None:
    """Where the member or item after a value that ends at `end` starts; None after the last (`close`
    follows it). Raises ValueError where that is not JSON."""
    after = _AFTER.match(text, end)
    found = after.group(1) if after else None
    if found == close:
        return None
    if found != "," or after is None or text[after.end() : after.end() + 1] in ("}", "]", ""):
        raise ValueError(f"expected ',' or '{close}'")
    return after.end()


def _next_member(text: str, end: int) -> tuple[int, str, int] | None:
    """After an object's member whose value ends at `end`: where the next member starts, its key and
    where its value starts; None after the last. Raises ValueError where that is not JSON."""
    step = _NEXT_KEY.match(text, end)
    if step is not None:
        key = step.group(1)
        return None if key is None else (step.start(1) - 1, key, step.end())
    following = _after(text, end, "}")
    return None if following is None else (following, *_key(text, following))


_CONTAINERS = (dict, list)


def _nodes(container: Any) -> int:
    """The nodes of a container read without offsets or plain, as the marked read counts them:
    itself, each key, each value (an outline's plain values when `bounded` is not enough)."""
    count = 1
    if isinstance(container, dict):
        count += len(container)
        container = container.values()
    for item in container:
        count += _nodes(item) if isinstance(item, _CONTAINERS) else 1
    return count


def _within(text: str, max_nodes: int) -> bool:
    """Whether the JSON `text` holds no more than `max_nodes` nodes, as a bound taken from its punctuation
    shows: each node but the first follows a `:`, a `,` or an opening bracket (those inside strings, and
    empty containers' brackets, only raise the bound). An object's `{` is followed by a node only when it
    has a member, and that member has a `:` of its own: with each `:` counted twice instead of the `{`, it
    is a bound too, taken in three counts of the text, not four (64 ms per 100 MB); the `{` are counted
    only when that one is over (objects without members)."""
    colons = text.count(":")
    counted = 1 + colons + text.count(",") + text.count("[")
    return counted + colons <= max_nodes or counted + text.count("{") <= max_nodes


def _short_enough(text: str, max_nodes: int) -> bool:
    """Whether `text` is too short to hold more than `max_nodes` JSON nodes, without counting: each node
    but the first follows a `:`, a `,` or an opening bracket that follows no other, and has a character of
    its own besides (a scalar's first, a container's closing bracket): N + 1 nodes take 2N + 1 characters."""
    return len(text) <= 2 * max_nodes


def _next(text: str, index: int, close: str) -> int:
    """Past the `,` after a member or item that ends at `index` (at `close` when it was the last)."""
    index = skip_blanks(text, index)
    if text[index : index + 1] == ",":
        index = skip_blanks(text, index + 1)
        if text[index : index + 1] != close:
            return index
        raise ValueError("trailing comma")
    if text[index : index + 1] != close:
        raise ValueError(f"expected ',' or '{close}'")
    return index


def load(
    text: str,
    mapping: type[Any],
    sequence: type[Any],
    max_depth: int,
    max_nodes: int,
    outline: Mapping[str, Any] | None = None,
) -> tuple[bool, Any]:
    """(True, document) read from `text`, or (False, None) when the YAML path must read it.

    `mapping(lines, offset, offsets)` and `sequence(lines, offset, offsets)` (the container classes)
    make the containers: each keeps its own offset and its keys' (`offsets` a dict, filled as it is
    read) or items' (a list), and makes them marks with `lines` when asked (most never are); their
    `filled` (a subclass) makes one from json's pairs or items alone, its `lines` and `path` set after
    (`unplaced`). A key defined twice or nesting deeper than `max_depth` raises InputError.

    Without `outline` (a template), only the top object and its object members (a template's
    sections) are made so; the containers further down are made without offsets (`lines` and
    `path` set instead), and the first time one is asked for a mark it finds them with
    `Lines.place(path)`. A document with a key written twice or nesting deeper than `max_depth` is
    read again with every offset, which raises where the YAML path does. One of more than
    `max_nodes` nodes raises InputError at the node past the limit (`_too_large`); an outline's, at
    that node too, though the YAML path may name first a key written twice in its marked members
    before it (an outline's plain values are counted as they are read, ahead of libyaml's order).

    With `outline`, an object's members get marks as it says — `True`: the member and everything in
    it; a mapping: the member, an object (or each object of a list) read by that mapping in turn
    (its members and their keys marked, their values as it says); `ITEMS`: a list whose items'
    offsets are found when first asked for, the items plain; a `Reduced`: what its `keep` makes of
    the plain value; absent: none, a plain value — and the document is read as the outline of its
    top-level object. A plan's `planned_values` are pointed at down to where each resource starts; its resources and
    `configuration` are looked up, and marked only where a finding points (`Lines.path_marks`,
    `Lines.load_member`); of `resource_changes` only what is unknown after apply is kept.

    Plain values are what `json.loads` makes of them, built in C: a key written twice keeps its last
    value (as Terraform and every JSON reader do), and nesting is limited by json's own recursion
    (deeper: the YAML path reads the document). Their nodes count toward `max_nodes` exactly, but
    are only counted one by one when a bound taken from the text's punctuation (every node but the
    first follows a `:`, a `,` or an opening bracket) exceeds it; when it does even outside strings,
    the nodes are counted in the text first (`_too_large`), so that a document over the limit is
    refused before json builds any of it.
    """
    # (CR LF is one break to both; a CR alone, NEL or LS/PS only to libyaml.) Each is looked for only
    # where it can be: an ASCII text (`isascii` reads a flag) holds no NEL, LS or PS, and CRs are counted
    # only in a text that has one (two counts of a 100 MB plan: 0.14 s; `in`: 5 ms)
    if (not text.isascii() and any(brk in text for brk in _OTHER_BREAKS)) or (
        "\r" in text and text.count("\r") != text.count("\r\n")
    ):
        return False, None
    return _read(Lines(text), mapping, sequence, max_depth, max_nodes, outline, None)


def _read(
    lines: Lines,
    mapping: type[Any],
    sequence: type[Any],
    max_depth: int,
    max_nodes: int,
    outline: Mapping[str, Any] | None,
    at: int | None,
) -> tuple[bool, Any]:
    """`load` of `lines.text`; with `at`, only the value that starts there (`Lines.load_member`)."""
    text, mark = lines.text, lines.mark
    count = 0
    ahead = max_nodes  # the count `build` keeps to (`whole` counts in document order instead)
    # nodes <= 1 + (':' + ',' + '[' + '{' outside strings), and '{' there <= ':' there for the ones that
    # count (`_within`); counting inside strings too only raises it
    # (and a text of at most 2N characters has at most N nodes: `_short_enough`)
    bounded = outline is not None and at is None and (_short_enough(text, max_nodes) or _within(text, max_nodes))
    if outline is not None and at is None and not bounded:
        bounded = _within(_STRING.sub("", text), max_nodes)  # (the strings' punctuation left out: 0.5 s per 250 MB)
        if not bounded:
            # Counted in the text, and said before reading where the YAML path says it: a plain value is
            # built whole by json before it can be counted (a 250 MB plan of one list of 84 million
            # `{}`: 6.5 GB, 44 s). Only what that path would say first inside the marked members before
            # it (a key written twice, a syntax error) goes unsaid: the plan is refused either way.
            refused = _too_large(lines, max_nodes, max_depth)
            if refused is not None:
                raise refused
            bounded = True  # (what json then reads is what was counted; if it is not JSON, it refuses it)

    def build(node: Any, offset: int, depth: int, following: Callable[[], int]) -> Any:
        """The container `node` with its offsets (its scalars are placed by the loops below, without a
        call each). Its members are counted as it starts (a key and a value each, an item each; the
        container by its parent): ahead of libyaml's order, so an outline's member over the limit stops
        before it is built."""
        nonlocal count
        if depth >= max_depth:
            raise InputError(f"nesting deeper than {max_depth} levels", *mark(offset))
        if type(node) is list:
            count += len(node)
            if count > ahead:
                raise _TooLarge
            starts: list[int] = []
            out = sequence(lines, offset, starts)
            for item in node:
                at = following()
                starts.append(at)
                if type(item) is _Pairs or type(item) is list:
                    item = build(item, at, depth + 1, following)
                out.append(item)
            return out
        count += 2 * len(node)
        if count > ahead:
            raise _TooLarge
        offsets: dict[str, int] = {}
        out = mapping(lines, offset, offsets)
        for key, item in node:
            at = following()
            if type(item) is _Pairs or type(item) is list:
                item = build(item, following(), depth + 1, following)
            else:
                following()
            if key in out:
                first = mark(offsets[key])[0]
                raise InputError(f"duplicate key {shown(key)} (first defined at line {first})", *mark(at))
            out[key] = item
            offsets[key] = at
        return out

    def member(begin: int, depth: int, how: Any) -> tuple[Any, int]:
        """The value at `begin` read as `how` says (see `load`), counted, and the index after it."""
        nonlocal count
        if how is True:
            value, end = _scan(text, begin)
            if type(value) is _Pairs or type(value) is list:
                following = map(re.Match.start, _STARTS.finditer(text, begin, end)).__next__
                value = build(value, following(), depth, following)
            count += 1
            return value, end
        first = text[begin : begin + 1]
        if how is not None and first == "{":
            count += 1
            return members(begin, depth, how)
        if how is not None and first == "[":
            count += 1
            return items(begin, depth, how)
        value, end = _scan_plain(text, begin)
        if type(value) is not dict and type(value) is not list:
            count += 1
        elif not bounded:
            count += _nodes(value)
            if count > max_nodes:
                raise _TooLarge
        return value, end

    def members(index: int, depth: int, outline: Mapping[str, Any]) -> tuple[Any, int]:
        """The object at `index`: its keys' offsets kept, its members read as `outline` says. (Per
        member: a plan has millions; `skip_blanks` and `member` are inlined for compact JSON and plain values.)"""
        nonlocal count
        if depth >= max_depth:
            raise InputError(f"nesting deeper than {max_depth} levels", *mark(index))
        offsets: dict[str, int] = {}
        out = mapping(lines, index, offsets)
        index += 1
        if text[index : index + 1] in _BLANKS:
            index = skip_blanks(text, index)
        while text[index : index + 1] != "}":
            if text[index : index + 1] != '"':
                raise ValueError("expected a key")
            at = index
            key, index = scanstring(text, index + 1)
            if text[index : index + 1] != ":":
                index = skip_blanks(text, index)
                if text[index : index + 1] != ":":
                    raise ValueError("expected ':'")
            index += 1
            if text[index : index + 1] in _BLANKS:
                index = skip_blanks(text, index)
            how = outline.get(key)
            if how is DROPPED and bounded:
                container = text[index : index + 1] in ("{", "[")
                index = _skip(text, index)[1]
                count += 1 if container else 2
                value = None
            elif how is None or type(how) is Reduced:
                value, index = _scan_plain(text, index)
                if type(value) is not dict and type(value) is not list:
                    count += 2
                elif bounded:
                    count += 1
                else:
                    count += 1 + _nodes(value)
                    if count > max_nodes:
                        raise _TooLarge
                if how is not None:
                    value = how.keep(value)
            else:
                count += 1
                value, index = member(index, depth + 1, how)
            if key in out:
                first = mark(offsets[key])[0]
                raise InputError(f"duplicate key {shown(key)} (first defined at line {first})", *mark(at))
            out[key] = value
            offsets[key] = at
            if text[index : index + 1] in _BLANKS:
                index = skip_blanks(text, index)
            if text[index : index + 1] == ",":
                index += 1
                if text[index : index + 1] in _BLANKS:
                    index = skip_blanks(text, index)
                if text[index : index + 1] == "}":
                    raise ValueError("trailing comma")
            elif text[index : index + 1] != "}":
                raise ValueError("expected ',' or '}'")
        return out, index + 1

    def items(index: int, depth: int, outline: Mapping[str, Any]) -> tuple[Any, int]:
        """The list at `index`: its items' offsets kept, each object read by `outline`, the rest plain. An `ITEMS`
        list whose nodes the text bounds is read whole, in one call of json's scanner, whose keys are then one
        string each however many items have them (read item by item, a 100 MB plan's resources each had their
        own: 38% more memory); where each item starts is found when first asked for (`Lines.place`)."""
        if depth >= max_depth:
            raise InputError(f"nesting deeper than {max_depth} levels", *mark(index))
        if outline is ITEMS and bounded:
            value, end = _scan_plain(text, index)
            whole = list.__new__(sequence)
            whole += value
            whole.lines, whole.path = lines, (STARTING, index)
            return whole, end
        offsets: list[int] = []
        out = sequence(lines, index, offsets)
        index = skip_blanks(text, index + 1)
        while text[index : index + 1] != "]":
            offsets.append(index)
            plain = outline is ITEMS or text[index : index + 1] != "{"
            value, index = member(index, depth + 1, None if plain else outline)
            out.append(value)
            index = skip_blanks(text, index)
            if text[index : index + 1] == ",":
                index = skip_blanks(text, index + 1)
                if text[index : index + 1] == "]":
                    raise ValueError("trailing comma")
            elif text[index : index + 1] != "]":
                raise ValueError("expected ',' or ']'")
        return out, index + 1

    def whole() -> Any:
        """The document with every offset. Its nodes are counted as the YAML path counts them, in
        document order: `following` (where each starts) raises _TooLarge when asked for the one past
        the limit, so what that path says before it (a key written twice, nesting too deep) is said."""
        nonlocal count, ahead
        value = _loads(text)
        starts = islice(map(re.Match.start, _STARTS.finditer(text)), max_nodes)
        following = chain(starts, _over()).__next__
        count, ahead = 1, 1 << 62
        if type(value) is _Pairs or type(value) is list:
            return build(value, following(), 0, following)
        return value

    def unplaced() -> Any:
        """`whole()` without offsets below the document's top object and its object members (a
        template's sections): each container further down keeps its path instead, and `Lines.place`
        finds where it and its members start when a mark is first asked for (a finding's, a few per
        template). What `whole()` refuses or counts over the limit (a key written twice, nesting too
        deep, too many nodes) is left to it, which says so exactly as before."""

        def placed(index: int, path: tuple[Any, ...], depth: int, levels: int) -> tuple[Any, int]:
            """The object at `index`, its offsets noted as it is read (`Lines.place` has them)."""
            if depth >= max_depth:
                raise _Refused
            keys: dict[str, int] = {}
            values: dict[str, int] = {}
            out = mapping(lines, index, keys)
            out.path = path
            lines._places[path] = (index, keys, values)
            index = skip_blanks(text, index + 1)
            if text[index : index + 1] == "}":
                return out, index + 1
            key, begin = _key(text, index)
            while True:  # (`_scan` and `_next_member` inlined for the usual member: a call each less)
                if key in out:
                    raise _Refused
                if levels > 1 and text[begin : begin + 1] == "{":
                    value, end = placed(begin, (path, key), depth + 1, levels - 1)
                else:
                    try:
                        value, end = scan(text, begin)
                    except ValueError:  # a number over 4,300 digits (`_tolerant`), or not JSON: raised again
                        value, end = _scan(text, begin)
                    kind = type(value)
                    if kind is _Pairs:
                        value = obj(value, (path, key), depth + 1)
                    elif kind is list:
                        value = seq(value, (path, key), depth + 1)
                out[key] = value
                keys[key] = index
                values[key] = begin
                step = next_key(text, end)
                if step is not None:
                    key = step.group(1)
                    if key is None:
                        break
                    index, begin = step.start(1) - 1, step.end()
                else:
                    member = _next_member(text, end)
                    if member is None:
                        break
                    index, key, begin = member
            return out, text.index("}", end) + 1

        # (Per container, most of a template's read: `mapping.filled` makes it from json's pairs or items in
        # one C call (dict's or list's own `__init__`), and each member's type is taken once.)
        new_mapping, new_sequence = mapping.filled, sequence.filled
        scan, next_key = _DECODER.scan_once, _NEXT_KEY.match  # type: ignore[attr-defined]

        def obj(pairs: _Pairs, path: tuple[Any, ...], depth: int) -> Any:
            out = new_mapping(pairs)
            if len(out) != len(pairs) or depth >= max_depth:
                raise _Refused
            out.lines = lines
            out.path = path
            depth += 1
            for key, item in pairs:
                kind = type(item)
                if kind is _Pairs:
                    out[key] = obj(item, (path, key), depth)
                elif kind is list:
                    out[key] = seq(item, (path, key), depth)
            return out

        def seq(items: list[Any], path: tuple[Any, ...], depth: int) -> Any:
            if depth >= max_depth:
                raise _Refused
            out = new_sequence(items)
            out.lines = lines
            out.path = path
            depth += 1
            for index, item in enumerate(items):
                kind = type(item)
                if kind is _Pairs:
                    out[index] = obj(item, (path, index), depth)
                elif kind is list:
                    out[index] = seq(item, (path, index), depth)
            return out

        try:
            begin = skip_blanks(text, 0)
            if text[begin : begin + 1] == "{":
                document, end = placed(begin, (), 0, 2)
                if skip_blanks(text, end) != len(text):
                    raise ValueError("extra data")
            else:
                document = _loads(text)
                if type(document) is list:
                    document = seq(document, (), 0)
            # a node takes a character at least: only a longer text can have too many
            if len(text) > max_nodes and isinstance(document, (dict, list)) and _nodes(document) > max_nodes:
                raise _TooLarge  # read whole, nothing refused in it: the YAML path too would stop at the limit
        except _Refused:
            lines._places.clear()
            return whole()
        finally:
            placed = obj = seq = None  # type: ignore[assignment]  # they call each other: no cycle for a paused GC
        return document

    def outlined() -> Any:
        nonlocal count
        begin = skip_blanks(text, 0)
        count += 1
        document, end = members(begin, 0, outline)  # type: ignore[arg-type]
        if skip_blanks(text, end) != len(text):
            raise ValueError("extra data")
        return document

    def one(begin: int) -> Any:
        """The value at `begin`, marked."""
        value, end = _scan(text, begin)
        if type(value) is _Pairs or type(value) is list:
            following = map(re.Match.start, _STARTS.finditer(text, begin, end)).__next__
            return build(value, following(), 0, following)
        return value

    try:
        if at is not None:
            document = one(at)
        elif outline is not None and text.lstrip()[:1] == "{":
            document = outlined()
        else:
            document = unplaced()
        if count > max_nodes:
            raise _TooLarge
    except (ValueError, RecursionError, StopIteration):
        return False, None  # not JSON, too deep for json: the YAML path names it
    except _TooLarge:
        refused = _too_large(lines, max_nodes, max_depth)
        if refused is None:
            return False, None
        raise refused from None
    finally:
        build = member = members = items = None  # type: ignore[assignment]  # they call each other: no cycle for a paused GC
    return True, document
