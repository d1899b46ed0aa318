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


_loads = json.JSONDecoder(object_pairs_hook=_Pairs, parse_constant=_constant).decode


class _TooLarge(Exception):
    pass


def looks_like_json(text: str) -> bool:
    head = text.lstrip()[:1]
    return head in ("{", "[")


def load(
    text: str,
    mapping: Callable[[int, int], Any],
    sequence: Callable[[int, int], Any],
    error: Callable[[str, int, int], Exception],
    max_depth: int,
    max_nodes: int,
) -> tuple[bool, Any]:
    """(True, document) read from `text`, or (False, None) when the YAML path must read it.

    `mapping(line, column)` and `sequence(line, column)` make the marked containers; `error` makes
    the exception raised for a key defined twice or nesting deeper than `max_depth`.
    """
    if any(brk in text for brk in _OTHER_BREAKS):
        return False, None
    try:
        value = _loads(text)
    except (ValueError, RecursionError):
        return False, None
    starts = list(accumulate(map((1).__add__, map(len, text.split("\n"))), initial=0))  # offset of each line
    positions = map(re.Match.start, _STARTS.finditer(text))
    following = positions.__next__
    count = 0

    def mark(offset: int) -> tuple[int, int]:
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def build(node: Any, offset: int, depth: int) -> Any:
        """The marked node; counts nodes in libyaml's event order (a container, then its keys and values)."""
        nonlocal count
        count += 1
        kind = type(node)
        if kind is not _Pairs and kind is not list:
            if count > max_nodes:
                raise _TooLarge
            return node
        line, column = mark(offset)
        if depth >= max_depth:
            raise error(f"nesting deeper than {max_depth} levels", line, column)
        if count > max_nodes:
            raise _TooLarge
        if kind is list:
            out = sequence(line, column)
            marks = out.item_marks
            for item in node:
                at = following()
                marks.append(mark(at))
                out.append(build(item, at, depth + 1))
            return out
        out = mapping(line, column)
        key_marks = out.key_marks
        for key, item in node:
            key_mark = mark(following())
            count += 1
            if count > max_nodes:
                raise _TooLarge
            item = build(item, following(), depth + 1)
            if key in out:
                raise error(f"duplicate key {key!r} (first defined at line {key_marks[key][0]})", *key_mark)
            out[key] = item
            key_marks[key] = key_mark
        return out

    try:
        document = build(value, following(), 0)
    except _TooLarge:
        return False, None  # the YAML path names the node where the limit is crossed
    finally:
        build = None  # type: ignore[assignment]  # it refers to itself: no cycle left for a paused GC
    return True, document
