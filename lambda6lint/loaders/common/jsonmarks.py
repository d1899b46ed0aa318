"""JSON documents with the marks the YAML path gives them, without reading them event by event.

libyaml reads JSON (YAML's flow subset) one event at a time, each handled in Python; `json.loads`
reads it in C but keeps no positions. Here `json.loads` reads the values, one regular expression
finds where every key, item and container starts (in document order: the order the walk needs
them), and one walk builds the marked mappings and sequences from both, checking depth and
duplicate keys where the YAML path does. Whatever this path could read differently from libyaml
(not JSON, `NaN`, line breaks other than `\\n`, nesting `json` itself refuses, a document over the
node limit) makes `load` return None: the caller then reads it the YAML way, whose result and
error messages stay the reference (tests/test_jsonmarks.py compares both on every JSON fixture).

It imports nothing of lambda6lint: `marked.load_text` passes its container classes and limits.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate
from json.decoder import scanstring  # type: ignore[attr-defined]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Where each key, value and container starts. Valid JSON is assumed (json.loads read it first):
#: outside strings only punctuation, numbers and true/false/null remain.
_STARTS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{\[]|[-0-9tfn][^\s,:\]}]*')
#: Line breaks libyaml counts that JSON text may hold: such documents take the YAML path.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


class _Pairs(list):
    """A JSON object as json.loads saw it: its (key, value) pairs, duplicates included."""

    __slots__ = ()


def _constant(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity: not JSON, and libyaml reads them as text


_DECODER = json.JSONDecoder(object_pairs_hook=_Pairs, parse_constant=_constant)
_loads = _DECODER.decode
_scan = _DECODER.scan_once  # type: ignore[attr-defined]  # the C scanner: (value, end) at an index
#: The same scanner making plain dicts itself: for sections without marks, no Python per object.
_scan_plain = json.JSONDecoder(parse_constant=_constant).scan_once  # type: ignore[attr-defined]
_SPACE = re.compile(r"[ \t\n\r]*")


def _skip(text: str, index: int) -> int:
    """The first index at or after `index` that is not JSON whitespace."""
    if text[index : index + 1] not in _BLANKS:
        return index  # compact JSON (a plan): no regular expression
    found = _SPACE.match(text, index)
    return found.end() if found else index


_BLANKS = frozenset(" \t\n\r")


class _TooLarge(Exception):
    pass


def load(
    text: str,
    mapping: Callable[[int, int], Any],
    sequence: Callable[[int, int], Any],
    error: Callable[[str, int, int], Exception],
    max_depth: int,
    max_nodes: int,
    sections: frozenset[str] | None = None,
) -> tuple[bool, Any]:
    """(True, document) read from `text`, or (False, None) when the YAML path must read it.

    `mapping(line, column)` and `sequence(line, column)` make the marked containers; `error` makes
    the exception raised for a key defined twice or nesting deeper than `max_depth`. With
    `sections`, only those members of the top-level object get marks; the others are plain dicts
    and lists, read under the same limits (a plan's `resource_changes` and `configuration` are
    looked up, never pointed at).

    Those unmarked sections are what `json.loads` makes of them, built in C: a key written twice
    keeps its last value (as Terraform and every JSON reader do; findings never point there), and
    nesting is limited by json's own recursion (deeper: the YAML path reads the document). Their
    nodes count toward `max_nodes` exactly, but are only counted one by one when a bound taken from
    the text's punctuation (every node but the first follows a `:`, a `,` or an opening bracket)
    exceeds it.
    """
    if any(brk in text for brk in _OTHER_BREAKS):
        return False, None
    sections = sections or frozenset()
    starts = list(accumulate(map((1).__add__, map(len, text.split("\n"))), initial=0))  # offset of each line
    count = 0
    # nodes <= 1 + (':' + ',' + '[' + '{' outside strings); counting inside strings too only raises it
    bounded = sections and 1 + sum(map(text.count, ":,[{")) <= max_nodes

    def mark(offset: int) -> tuple[int, int]:
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def build(node: Any, offset: int, depth: int, following: Callable[[], int]) -> Any:
        """The marked container `node` (its scalars are placed by the loops below, without a call each).
        Its members are counted as it starts (a key and a value each, an item each; the container by
        its parent): ahead of libyaml's order, so over the limit it never raises what the YAML path
        would not (`_TooLarge` hands the document to it)."""
        nonlocal count
        line = bisect_right(starts, offset)
        column = offset - starts[line - 1] + 1
        if depth >= max_depth:
            raise error(f"nesting deeper than {max_depth} levels", line, column)
        if type(node) is list:
            count += len(node)
            if count > max_nodes:
                raise _TooLarge
            out = sequence(line, column)
            marks = out.item_marks
            for item in node:
                at = following()
                line = bisect_right(starts, at)
                marks.append((line, at - starts[line - 1] + 1))
                if type(item) is _Pairs or type(item) is list:
                    item = build(item, at, depth + 1, following)
                out.append(item)
            return out
        count += 2 * len(node)
        if count > max_nodes:
            raise _TooLarge
        out = mapping(line, column)
        key_marks = out.key_marks
        for key, item in node:
            at = following()
            line = bisect_right(starts, at)
            key_mark = (line, at - starts[line - 1] + 1)
            at = following()
            if type(item) is _Pairs or type(item) is list:
                item = build(item, at, depth + 1, following)
            if key in out:
                raise error(f"duplicate key {key!r} (first defined at line {key_marks[key][0]})", *key_mark)
            out[key] = item
            key_marks[key] = key_mark
        return out

    def size(node: Any) -> int:
        """The nodes of a plain container, as `build` counts them (only when `bounded` is not enough)."""
        total = 1
        if type(node) is dict:
            total += len(node)
            node = node.values()
        for item in node:
            total += size(item) if type(item) is dict or type(item) is list else 1
        return total

    def whole() -> Any:
        nonlocal count
        value = _loads(text)
        following = map(re.Match.start, _STARTS.finditer(text)).__next__
        count += 1
        if type(value) is _Pairs or type(value) is list:
            return build(value, following(), 0, following)
        return value

    def by_section() -> Any:
        """The top-level object member by member: `sections` through `build`, the rest built by json in C."""
        nonlocal count
        index = _skip(text, 0)
        out = mapping(*mark(index))
        count += 1
        index = _skip(text, index + 1)
        while text[index : index + 1] != "}":
            if text[index : index + 1] != '"':
                raise ValueError("expected a key")
            key_mark = mark(index)
            key, index = scanstring(text, index + 1)
            count += 1
            index = _skip(text, index)
            if text[index : index + 1] != ":":
                raise ValueError("expected ':'")
            begin = _skip(text, index + 1)
            if key in sections:
                value, index = _scan(text, begin)
            else:
                value, index = _scan_plain(text, begin)
            if type(value) is not _Pairs and type(value) is not list and type(value) is not dict:
                count += 1
            elif key in sections:
                count += 1
                following = map(re.Match.start, _STARTS.finditer(text, begin, index)).__next__
                value = build(value, following(), 1, following)
            elif not bounded:
                count += size(value)
                if count > max_nodes:
                    raise _TooLarge
            if key in out:
                raise error(f"duplicate key {key!r} (first defined at line {out.key_marks[key][0]})", *key_mark)
            out[key] = value
            out.key_marks[key] = key_mark
            index = _skip(text, index)
            if text[index : index + 1] == ",":
                index = _skip(text, index + 1)
                if text[index : index + 1] == "}":
                    raise ValueError("trailing comma")
            elif text[index : index + 1] != "}":
                raise ValueError("expected ',' or '}'")
        if _skip(text, index + 1) != len(text):
            raise ValueError("extra data")
        return out

    try:
        document = by_section() if sections and text.lstrip()[:1] == "{" else whole()
        if count > max_nodes:
            raise _TooLarge
    except (ValueError, RecursionError, StopIteration, _TooLarge):
        return False, None  # not JSON, too deep for json, over the node limit: the YAML path names it
    finally:
        build = size = None  # type: ignore[assignment]  # they refer to themselves: no cycle for a paused GC
    return True, document
