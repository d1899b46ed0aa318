"""Template documents with line/column marks, read safely from YAML or JSON.

Built from libyaml's event stream instead of `yaml.compose`: libyaml's composer recurses and
segfaults on deep nesting, the event parser does not, so depth, alias expansion and size are
checked here, in one pass, before anything can blow up (research/libs.md §2-3).
JSON is parsed by the same code: it is YAML's flow subset and libyaml keeps positions.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml: slower, same behaviour
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 128
MAX_NODES = 1_000_000


class InputError(Exception):
    """A file we should read but cannot: becomes an E9600 finding at `line`/`column` (1-based)."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = max(1, line)
        self.column = max(1, column)


class LDict(dict):
    """A mapping that remembers where it and each of its keys are."""

    __slots__ = ("line", "column", "key_marks")

    def __init__(self, line: int = 0, column: int = 0):
        super().__init__()
        self.line = line
        self.column = column
        self.key_marks: dict[Any, tuple[int, int]] = {}

    def mark_of(self, key: Any) -> tuple[int, int]:
        return self.key_marks.get(key, (self.line, self.column))


class LList(list):
    """A sequence that remembers where it and each of its items are."""

    __slots__ = ("line", "column", "item_marks")

    def __init__(self, line: int = 0, column: int = 0):
        super().__init__()
        self.line = line
        self.column = column
        self.item_marks: list[tuple[int, int]] = []

    def mark_of(self, index: int) -> tuple[int, int]:
        if 0 <= index < len(self.item_marks):
            return self.item_marks[index]
        return (self.line, self.column)


_SAFE = SafeConstructor()
_IMPLICIT = Resolver.yaml_implicit_resolvers
_CORE = "tag:yaml.org,2002:"
_KEEP_AS_TEXT = {_CORE + "timestamp", _CORE + "binary", _CORE + "value", _CORE + "str"}


def _construct(tag: str, value: str, line: int, column: int) -> Any:
    if tag in _KEEP_AS_TEXT:
        return value
    node = yaml.ScalarNode(tag, value)
    try:
        if tag == _CORE + "bool":
            return _SAFE.construct_yaml_bool(node)
        if tag == _CORE + "int":
            return _SAFE.construct_yaml_int(node)
        if tag == _CORE + "float":
            return _SAFE.construct_yaml_float(node)
        if tag == _CORE + "null":
            return None
    except (ValueError, yaml.YAMLError) as exc:
        raise InputError(f"invalid {tag[len(_CORE) :]} value {value!r}: {exc}", line, column) from None
    raise InputError(f"unsupported YAML tag {tag!r}", line, column)


def _plain(value: str, line: int, column: int) -> Any:
    if not value:
        return None
    for tag, regexp in _IMPLICIT.get(value[0], ()):
        if regexp.match(value):
            if tag == _CORE + "merge":
                return "<<"
            return _construct(tag, value, line, column)
    return value


def _short_form(tag: str, value: Any) -> dict:
    """CloudFormation short tags (`!Ref x`, `!GetAtt a.b`, `!Sub …`) in their long form."""
    name = tag[1:]
    if name in ("Ref", "Condition"):
        return {name: value}
    if name == "GetAtt" and isinstance(value, str):
        logical, _, attr = value.partition(".")
        return {"Fn::GetAtt": [logical, attr]}
    return {"Fn::" + name: value}


def _check_tag(tag: str | None, line: int, column: int) -> str | None:
    if tag is None or tag == "!":
        return None
    if tag.startswith(_CORE):
        return tag
    if tag.startswith("!") and tag[1:].replace("::", "").isalnum():
        return tag
    raise InputError(f"unsupported YAML tag {tag!r}", line, column)


class _Frame:
    __slots__ = ("node", "tag", "key", "key_mark", "anchor", "start_count", "is_map", "merges")

    def __init__(self, node: Any, tag: str | None, anchor: str | None, start_count: int):
        self.node = node
        self.tag = tag
        self.anchor = anchor
        self.start_count = start_count
        self.is_map = isinstance(node, LDict)
        self.key: Any = _NO_KEY
        self.key_mark = (0, 0)
        self.merges: list[Any] = []


_NO_KEY = object()


def load_text(text: str) -> Any:
    """Parse one YAML or JSON document into LDict/LList/scalars; raises InputError."""
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    count = 0
    root: Any = None
    have_root = False

    def attach(value: Any, line: int, column: int) -> None:
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            return
        top = stack[-1]
        if top.is_map:
            if top.key is _NO_KEY:
                if isinstance(value, (dict, list)):
                    raise InputError("mapping keys must be plain values", line, column)
                if value == "<<" or isinstance(value, (int, float, bool)) or value is None:
                    value = "<<" if value == "<<" else ("" if value is None else value)
                top.key, top.key_mark = value, (line, column)
                return
            key = top.key
            top.key = _NO_KEY
            if key == "<<":
                top.merges.append(value)
                return
            mapping: LDict = top.node
            if key in mapping:
                first = mapping.key_marks[key][0]
                raise InputError(f"duplicate key {key!r} (first defined at line {first})", *top.key_mark)
            mapping[key] = value
            mapping.key_marks[key] = top.key_mark
        else:
            top.node.append(value)
            top.node.item_marks.append((line, column))

    try:
        events: Any = yaml.parse(text, Loader=_Loader)
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                count += 1
                tag = _check_tag(event.tag, line, column)
                if tag is None or tag.startswith("!"):
                    value = _plain(event.value, line, column) if event.implicit[0] else event.value
                    if tag is not None:
                        if value is None:
                            value = ""
                        value = _short_form(tag, value)
                else:
                    value = _construct(tag, event.value, line, column)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                attach(value, line, column)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                if len(stack) >= MAX_DEPTH:
                    raise InputError(f"nesting deeper than {MAX_DEPTH} levels", line, column)
                tag = _check_tag(event.tag, line, column)
                if tag is not None and tag.startswith(_CORE) and tag[len(_CORE) :] not in ("map", "seq"):
                    raise InputError(f"unsupported YAML tag {tag!r}", line, column)
                count += 1
                node: Any = LDict(line, column) if kind is yaml.MappingStartEvent else LList(line, column)
                stack.append(_Frame(node, tag, event.anchor, count))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                node = frame.node
                if frame.merges:
                    _merge_into(node, frame.merges)
                if frame.anchor:
                    anchors[frame.anchor] = (node, count - frame.start_count + 1)
                value = node
                if frame.tag is not None and frame.tag.startswith("!"):
                    value = _short_form(frame.tag, node)
                attach(value, node.line, node.column)
            elif kind is yaml.AliasEvent:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                if event.anchor not in anchors:
                    raise InputError(f"unknown alias *{event.anchor}", line, column)
                value, size = anchors[event.anchor]
                count += size
                if count > MAX_NODES:
                    raise InputError(f"alias expansion too large (over {MAX_NODES:,} nodes)", line, column)
                attach(value, line, column)
            elif kind is yaml.DocumentEndEvent:
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "syntax error"
        raise InputError(f"not valid YAML/JSON: {problem}", *where) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML/JSON: {exc}") from None
    if count > MAX_NODES:
        raise InputError(f"document too large (over {MAX_NODES:,} nodes)")
    return root if have_root else None


def _merge_into(node: LDict, merges: list[Any]) -> None:
    """YAML merge keys (`<<: *base`): explicit keys win, earlier merges win over later ones."""
    sources: list[Any] = []
    for item in merges:
        sources.extend(item if isinstance(item, list) else [item])
    for source in sources:
        if not isinstance(source, LDict):
            raise InputError("merge key `<<` needs a mapping", node.line, node.column)
        for key, value in source.items():
            if key not in node:
                node[key] = value
                node.key_marks[key] = source.key_marks.get(key, (source.line, source.column))


def read_source(path: str, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or InputError naming what is wrong with it (size, binary, encoding)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(
            f"file is larger than {max_bytes // (1024 * 1024)} MB, the limit for templates "
            "(CloudFormation itself accepts at most 1 MB)"
        )
    return decode(data)


def decode(data: bytes) -> str:
    if not data.strip():
        raise InputError("empty file")
    nul = data.find(b"\0", 0, 8192)
    if nul >= 0:
        raise InputError("binary file (NUL byte), not a template", data.count(b"\n", 0, nul) + 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded", line, column) from None
