"""YAML documents with line/column marks (`marked.load_text`'s YAML path), JSON included.

Built from libyaml's event stream instead of `yaml.compose`: libyaml's composer recurses and
segfaults on deep nesting, the event parser does not, so depth, alias expansion and size are
checked here, in one pass, before anything can blow up (research/libs.md §2-3). JSON is YAML's flow
subset and libyaml keeps positions: what `jsonmarks` leaves to this path reads as it always has.

Only a run that reads YAML imports it (and PyYAML). Of lambda6lint it imports only the errors and
`patterns`: `marked.load_yaml` passes its container classes and limits, as to `jsonmarks`.
"""

from __future__ import annotations

import re
import sys

from lambda6lint.loaders.common.errors import InputError, shown, shown_error
from lambda6lint.patterns import on_use

_COMPILE = re.compile


def _import_pyyaml() -> None:
    """Import PyYAML with the patterns its modules compile at import compiled on first use instead:
    the pure-Python reader's `NON_PRINTABLE`, a class over all of Unicode (9 ms), which libyaml's
    parser, the only one used here, never reads; `SafeConstructor.timestamp_regexp` (1 ms), which a
    timestamp kept as its text never needs; and the resolver's implicit types (2.5 ms), of which
    `_resolve` compiles only those asked by a plain scalar's first character (4 of 8 for a small
    template). Only while PyYAML's modules run: a PyYAML imported already is left as it is, and every
    pattern matches as it would have once first used."""
    if "yaml" in sys.modules:  # imported already (the cfn-lint plugin): nothing left to save
        return

    def compile_(pattern: object, flags: int = 0) -> object:
        if isinstance(pattern, str):
            return on_use(pattern, flags)
        return _COMPILE(pattern, flags)  # type: ignore[call-overload]

    re.compile = compile_  # type: ignore[assignment]
    try:
        import yaml  # noqa: F401
    finally:
        re.compile = _COMPILE


_import_pyyaml()

import yaml  # noqa: E402
from yaml.constructor import SafeConstructor  # noqa: E402
from yaml.resolver import Resolver  # noqa: E402

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from lambda6lint.loaders.common.marked import LDict, LList

try:
    from yaml import CSafeLoader as _Loader
    from yaml import _yaml as _libyaml  # (the C parser's module: `_lend` lends it the event makers below)
except ImportError:  # pragma: no cover - PyYAML without libyaml: slower, same behaviour
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    _libyaml = None  # type: ignore[assignment]

# The events `load` reads, as tuples: (kind, start mark, …). PyYAML's C parser makes each event by calling
# the event class its module names (`yaml.events.ScalarEvent` …), whose `__init__` is Python: a third of the
# parser's time (1,000 templates: 0.33 s of 1.07 s). Makers that return tuples cost half as much, and `load`
# reads a tuple's items faster than an event's attributes. Their parameters are the event classes' own.
_SCALAR, _MAPPING, _SEQUENCE, _MAPPING_END, _SEQUENCE_END, _ALIAS, _DOCUMENT_END, _STREAM_END, _OTHER = range(9)


def _scalar_event(
    anchor: Any, tag: Any, implicit: Any, value: Any, start_mark: Any = None, end_mark: Any = None, style: Any = None
) -> tuple[Any, ...]:
    return _SCALAR, start_mark, anchor, tag, implicit, value


def _mapping_start(
    anchor: Any, tag: Any, implicit: Any, start_mark: Any = None, end_mark: Any = None, flow_style: Any = None
) -> tuple[Any, ...]:
    return _MAPPING, start_mark, anchor, tag


def _sequence_start(
    anchor: Any, tag: Any, implicit: Any, start_mark: Any = None, end_mark: Any = None, flow_style: Any = None
) -> tuple[Any, ...]:
    return _SEQUENCE, start_mark, anchor, tag


def _alias_event(anchor: Any, start_mark: Any = None, end_mark: Any = None) -> tuple[Any, ...]:
    return _ALIAS, start_mark, anchor


def _mapping_end(start_mark: Any = None, end_mark: Any = None) -> tuple[Any, ...]:
    return _MAPPING_END, start_mark


def _sequence_end(start_mark: Any = None, end_mark: Any = None) -> tuple[Any, ...]:
    return _SEQUENCE_END, start_mark


def _document_end(start_mark: Any = None, end_mark: Any = None, explicit: Any = None) -> tuple[Any, ...]:
    return _DOCUMENT_END, start_mark


def _stream_end(start_mark: Any = None, end_mark: Any = None) -> tuple[Any, ...]:
    return _STREAM_END, start_mark


def _stream_start(start_mark: Any = None, end_mark: Any = None, encoding: Any = None) -> tuple[Any, ...]:
    return _OTHER, start_mark


def _document_start(
    start_mark: Any = None, end_mark: Any = None, explicit: Any = None, version: Any = None, tags: Any = None
) -> tuple[Any, ...]:
    return _OTHER, start_mark


_MAKERS: dict[str, Callable[..., tuple[Any, ...]]] = {
    "ScalarEvent": _scalar_event,
    "MappingStartEvent": _mapping_start,
    "SequenceStartEvent": _sequence_start,
    "AliasEvent": _alias_event,
    "MappingEndEvent": _mapping_end,
    "SequenceEndEvent": _sequence_end,
    "DocumentEndEvent": _document_end,
    "StreamEndEvent": _stream_end,
    "StreamStartEvent": _stream_start,
    "DocumentStartEvent": _document_start,
}


#: An event object's tuple (PyYAML's pure-Python parser, or the C parser where `_lend` lends nothing), by its class.
_READERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {
    yaml.ScalarEvent: lambda e: (_SCALAR, e.start_mark, e.anchor, e.tag, e.implicit, e.value),
    yaml.MappingStartEvent: lambda e: (_MAPPING, e.start_mark, e.anchor, e.tag),
    yaml.SequenceStartEvent: lambda e: (_SEQUENCE, e.start_mark, e.anchor, e.tag),
    yaml.AliasEvent: lambda e: (_ALIAS, e.start_mark, e.anchor),
    yaml.MappingEndEvent: lambda e: (_MAPPING_END, e.start_mark),
    yaml.SequenceEndEvent: lambda e: (_SEQUENCE_END, e.start_mark),
    yaml.DocumentEndEvent: lambda e: (_DOCUMENT_END, e.start_mark),
    yaml.StreamEndEvent: lambda e: (_STREAM_END, e.start_mark),
}


def _as_tuple(event: Any) -> tuple[Any, ...] | None:
    """An event object as the tuple its maker (`_MAKERS`) gives."""
    if event is None:
        return None
    reader = _READERS.get(type(event))
    return reader(event) if reader is not None else (_OTHER, event.start_mark)


def _lend(parser: Any, lent: dict[str, Any]) -> Callable[[], Any]:
    """`parser.get_event`, giving each event as a tuple (`_MAKERS`): the C parser's module names the makers instead
    of the event classes until `_give_back(lent)`, `lent` holding each class as soon as its maker replaces it
    (`load` gives them back even when the read fails, or is interrupted while they are lent). Where another thread
    may parse YAML meanwhile (one besides this one runs), or without libyaml, nothing is lent: the events are made
    as usual and turned into tuples (slower, the same)."""
    threading = sys.modules.get("threading")
    if _libyaml is None or not isinstance(parser, _libyaml.CParser) or (threading and threading.active_count() > 1):
        get_event = parser.get_event
        return lambda: _as_tuple(get_event())
    for name, maker in _MAKERS.items():
        lent[name] = getattr(_libyaml, name)
        setattr(_libyaml, name, maker)
    return parser.get_event


def _give_back(lent: dict[str, Any]) -> None:
    for name, value in lent.items():
        setattr(_libyaml, name, value)


_SAFE = SafeConstructor()
_IMPLICIT = Resolver.yaml_implicit_resolvers
_RESOLVABLE = frozenset(first for first in _IMPLICIT if first is not None)  # first characters of typed plain scalars
_CORE = "tag:yaml.org,2002:"
_KEEP_AS_TEXT = {_CORE + "timestamp", _CORE + "binary", _CORE + "value", _CORE + "str"}

#: The characters a plain scalar of a type is made of, and one it must hold ("" for none), read from PyYAML's
#: patterns (a test checks them): `10.0.0.0/16`, `128` or `Type` asks no pattern it cannot match, so a small
#: template compiles neither the float's nor the timestamp's (0.8 ms of its start-up). "\n": their `$`.
#: The bool's words are known without its pattern (`_known_tag`): what reaches it can match only as a word
#: before a final line break, so it must hold "\n" (`Nat`, `ToNat` then compile nothing, 0.3 ms).
_MADE_OF = {
    _CORE + "bool": (frozenset("yesYESnoNOtrueTRUEfalseFALSEonOffOFF\n"), "\n"),
    _CORE + "null": (frozenset("~nulNUL \n"), ""),
    _CORE + "float": (frozenset("0123456789_.eE+-:infINFaA\n"), "."),
    _CORE + "int": (frozenset("0123456789_+-:xabcdefABCDEF\n"), ""),
    _CORE + "timestamp": (frozenset("0123456789-:.tT \tZ+\n"), "-"),
}


def _construct(tag: str, value: str, line: int, column: int) -> Any:
    if tag in _KEEP_AS_TEXT:
        return value
    node = yaml.ScalarNode(tag, value)
    try:
        if tag == _CORE + "bool":
            return _SAFE.construct_yaml_bool(node)
        if tag == _CORE + "int":
            try:
                return _SAFE.construct_yaml_int(node)
            except ValueError as exc:
                if "integer string conversion" not in str(exc):
                    raise
                # over Python's 4,300 digits (a safety limit): kept as its text, so that one number in a
                # property no rule reads does not make the whole template unreadable (E9600)
                return value
        if tag == _CORE + "float":
            return _SAFE.construct_yaml_float(node)
        if tag == _CORE + "null":
            return None
    except (ValueError, yaml.YAMLError) as exc:
        raise InputError(
            f"invalid {tag[len(_CORE) :]} value {shown(value)}: {shown_error(exc)}", line, column
        ) from None
    raise InputError(f"unsupported YAML tag {shown(tag)}", line, column)


_MERGE = "<<"  # only a plain `<<` is a merge key; the quoted string is kept as a distinct object
_JSON_NUMBER = on_use(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?[eE][-+]?[0-9]+")


#: Plain scalars already resolved (`true`, `443`, `10.0.0.0/16`, `Type` …): templates repeat the same
#: few hundred, and each costs several regular expressions. Values are immutable; bounded in size.
_RESOLVED: dict[str, Any] = {}
_RESOLVED_MAX = 8192


def _plain(value: str, line: int, column: int) -> Any:
    try:
        return _RESOLVED[value]
    except KeyError:
        pass
    found = _resolve(value, line, column)
    if len(_RESOLVED) < _RESOLVED_MAX:
        _RESOLVED[value] = found
    return found


#: The bool's pattern is these words and no other (a test reads them from it): they, and decimal integers, take
#: their type without a pattern, so `true`, `0` or `443` compile neither the bool's nor the int's (0.6 ms of a small
#: template's start-up). Either is the first pattern of their first character that matches them.
_BOOL_WORDS = frozenset(w for b in ("yes", "no", "true", "false", "on", "off") for w in (b, b.title(), b.upper()))


def _known_tag(value: str) -> str | None:
    if value in _BOOL_WORDS:
        return _CORE + "bool"
    if value.isdigit() and value.isascii() and (value[0] != "0" or len(value) == 1):
        return _CORE + "int"
    return None


def _resolve(value: str, line: int, column: int) -> Any:
    if not value:
        return None
    known = _known_tag(value)
    if known is not None:
        return _construct(known, value, line, column)
    for tag, regexp in _IMPLICIT.get(value[0], ()):
        made_of = _MADE_OF.get(tag)
        if made_of is not None and (made_of[1] not in value or not made_of[0].issuperset(value)):
            continue
        if regexp.match(value):
            if tag == _CORE + "merge":
                return _MERGE
            return _construct(tag, value, line, column)
    # JSON's `1e3`, which YAML 1.1 would keep as text (only text that can be one asks the pattern: a small template
    # then compiles none, 0.2 ms)
    if value[0] in "-0123456789" and ("e" in value or "E" in value) and _JSON_NUMBER.fullmatch(value):
        return float(value)
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


#: Tags already checked (`!Ref`, `!Sub` …): what `_check_tag` made of them. Bounded in size.
_TAGS: dict[str, str | None] = {}
_TAGS_MAX = 256


def _new_tag(tag: str, line: int, column: int) -> str | None:
    checked = _check_tag(tag, line, column)
    if len(_TAGS) < _TAGS_MAX:
        _TAGS[tag] = checked
    return checked


def _check_tag(tag: str | None, line: int, column: int) -> str | None:
    if tag is None or tag == "!":
        return None
    if tag.startswith(_CORE):
        return tag
    if tag.startswith("!") and tag[1:].replace("::", "").isalnum():
        return tag
    raise InputError(f"unsupported YAML tag {shown(tag)}", line, column)


def _key_text(value: Any) -> str:
    """A key as CloudFormation reads it: text. `1:` and `true:` are two keys, though 1 == True."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Frame:
    __slots__ = ("node", "tag", "key", "key_mark", "anchor", "start_count", "is_map", "merges")

    def __init__(self, node: Any, is_map: bool, tag: str | None, anchor: str | None, start_count: int):
        self.node = node
        self.is_map = is_map
        self.tag = tag
        self.anchor = anchor
        self.start_count = start_count
        self.key: Any = _NO_KEY
        self.key_mark = (0, 0)
        self.merges: list[Any] | None = None  # `<<: *x` values, when there are any


_NO_KEY = object()


def load(text: str, mapping: type[LDict], sequence: type[LList], max_depth: int, max_nodes: int) -> Any:
    """`marked.load_text` through libyaml's events, JSON included: mappings and sequences made with
    `mapping` and `sequence`, nesting up to `max_depth`, at most `max_nodes` nodes."""
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    count = 0
    root: Any = None
    have_root = False
    top: _Frame | None = None

    def attach(value: Any, line: int, column: int) -> None:
        """Place a finished node into its parent (or make it the document)."""
        nonlocal root, have_root
        if top is None:
            root, have_root = value, True
        elif not top.is_map:
            top.node.append(value)
            top.node.item_marks.append((line, column))
        elif top.key is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise InputError("mapping keys must be plain values", line, column)
            top.key, top.key_mark = (value if type(value) is str else _key_text(value)), (line, column)
        else:
            key, top.key = top.key, _NO_KEY
            if key is _MERGE:
                if top.merges is None:
                    top.merges = []
                top.merges.append(value)
                return
            into: LDict = top.node
            if key in into:
                first = into.key_marks[key][0]
                raise InputError(f"duplicate key {shown(key)} (first defined at line {first})", *top.key_mark)
            into[key] = value
            into.key_marks[key] = top.key_mark

    parser = _Loader(text)
    lent: dict[str, Any] = {}
    try:
        next_event = _lend(parser, lent)  # libyaml's C parser directly (no Python generator per event); tuples
        while True:
            event = next_event()
            kind = _STREAM_END if event is None else event[0]
            if kind == _SCALAR:  # (kind, start mark, anchor, tag, implicit, value)
                mark = event[1]
                line, column = mark.line + 1, mark.column + 1
                count += 1
                if count > max_nodes:
                    raise InputError(f"document too large (over {max_nodes:,} nodes)", line, column)
                tag = event[3]
                if tag is None:
                    value = event[5]
                    if event[4][0] and (not value or value[0] in _RESOLVABLE):
                        value = _plain(value, line, column)
                else:
                    tag = _TAGS[tag] if tag in _TAGS else _new_tag(tag, line, column)
                    if tag is None or tag.startswith("!"):
                        value = _plain(event[5], line, column) if event[4][0] else event[5]
                        if tag is not None:
                            value = _short_form(tag, "" if value is None else value)
                    else:
                        value = _construct(tag, event[5], line, column)
                if event[2]:
                    anchors[event[2]] = (value, 1)
                # The common cases inlined (a plain key, a value under a key, a list item); the rest in attach().
                if top is None or top.key is _MERGE or (tag is not None and top.is_map and top.key is _NO_KEY):
                    attach(value, line, column)
                elif not top.is_map:
                    top.node.append(value)
                    top.node.item_marks.append((line, column))
                elif top.key is _NO_KEY:
                    top.key, top.key_mark = (value if type(value) is str else _key_text(value)), (line, column)
                else:
                    into = top.node
                    key, top.key = top.key, _NO_KEY
                    if key in into:
                        first = into.key_marks[key][0]
                        raise InputError(f"duplicate key {shown(key)} (first defined at line {first})", *top.key_mark)
                    into[key] = value
                    into.key_marks[key] = top.key_mark
            elif kind in (_MAPPING, _SEQUENCE):  # (kind, start mark, anchor, tag)
                mark = event[1]
                line, column = mark.line + 1, mark.column + 1
                if len(stack) >= max_depth:
                    raise InputError(f"nesting deeper than {max_depth} levels", line, column)
                tag = event[3]
                if tag is not None:
                    tag = _TAGS[tag] if tag in _TAGS else _new_tag(tag, line, column)
                if tag is not None and tag.startswith(_CORE) and tag[len(_CORE) :] not in ("map", "seq"):
                    raise InputError(f"unsupported YAML tag {shown(tag)}", line, column)
                count += 1
                if count > max_nodes:
                    raise InputError(f"document too large (over {max_nodes:,} nodes)", line, column)
                is_map = kind == _MAPPING
                node: Any = mapping(line, column) if is_map else sequence(line, column)
                top = _Frame(node, is_map, tag, event[2], count)
                stack.append(top)
            elif kind in (_MAPPING_END, _SEQUENCE_END):
                frame = stack.pop()
                top = stack[-1] if stack else None
                node = frame.node
                if frame.merges:
                    _merge_into(node, frame.merges)
                value = node
                if frame.tag is not None and frame.tag.startswith("!"):
                    value = _short_form(frame.tag, node)
                if frame.anchor:
                    anchors[frame.anchor] = (value, count - frame.start_count + 1)
                if top is None or top.key is _MERGE or (top.is_map and top.key is _NO_KEY):
                    attach(value, node.line, node.column)
                elif not top.is_map:
                    top.node.append(value)
                    top.node.item_marks.append((node.line, node.column))
                else:  # a value under a key, as attach() places it
                    into = top.node
                    key, top.key = top.key, _NO_KEY
                    if key in into:
                        first = into.key_marks[key][0]
                        raise InputError(f"duplicate key {shown(key)} (first defined at line {first})", *top.key_mark)
                    into[key] = value
                    into.key_marks[key] = top.key_mark
            elif kind == _ALIAS:  # (kind, start mark, anchor)
                mark = event[1]
                line, column = mark.line + 1, mark.column + 1
                if event[2] not in anchors:
                    raise InputError(f"unknown alias *{shown(event[2])[1:-1]}", line, column)
                value, size = anchors[event[2]]
                count += size
                if count > max_nodes:
                    raise InputError(f"alias expansion too large (over {max_nodes:,} nodes)", line, column)
                attach(value, line, column)
            elif kind == _DOCUMENT_END:
                _only_document(next_event)
                break
            elif kind == _STREAM_END:
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "syntax error"
        if "nesting depth" in problem:  # libyaml ≥ 0.2.6 (PyYAML 6.0.2+) stops deep flow nesting itself
            raise InputError(f"nesting deeper than {max_depth} levels", *where) from None
        raise InputError(f"not valid YAML/JSON: {shown_error(problem)}", *where) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML/JSON: {shown_error(exc)}") from None
    finally:
        _give_back(lent)
        parser.dispose()
    if count > max_nodes:
        raise InputError(f"document too large (over {max_nodes:,} nodes)")
    return root if have_root else None


def _only_document(next_event: Any) -> None:
    """After the document: the end of the stream, not a second document (`---`) or trailing data."""
    try:
        event = next_event()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise InputError("data after the end of the document", *where) from None
    if event is None or event[0] == _STREAM_END:
        return
    mark = event[1]
    raise InputError(
        "a second document (CloudFormation reads exactly one; so does lambda6lint)", mark.line + 1, mark.column + 1
    )


def _merge_into(node: LDict, merges: list[Any]) -> None:
    """YAML merge keys (`<<: *base`): explicit keys win, earlier merges win over later ones."""
    sources: list[Any] = []
    for item in merges:
        sources.extend(item if isinstance(item, list) else [item])
    for source in sources:
        if not isinstance(source, type(node)):  # the mapping class a document is read into
            raise InputError("merge key `<<` needs a mapping", node.line, node.column)
        for key, value in source.items():
            if key not in node:
                node[key] = value
                node.key_marks[key] = source.key_marks.get(key, (source.line, source.column))
