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
from collections import deque
from functools import partial

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

#: The events a read is given, by the names PyYAML's C parser's module calls their classes. It makes each event by
#: calling the class it names, whose `__init__` is Python; a third of the parser's time went there (1,000 templates:
#: 0.33 s of 1.07 s). While `load` reads, those names are lent its makers instead (`_lend`): functions with the
#: classes' parameters that place the event's node in the document then and there, so that no event is made at all,
#: read back, and told from the others. Each maker returns True to go on, False where the read ends.
_EVENTS = (
    "ScalarEvent",
    "MappingStartEvent",
    "SequenceStartEvent",
    "AliasEvent",
    "MappingEndEvent",
    "SequenceEndEvent",
    "DocumentStartEvent",
    "DocumentEndEvent",
    "StreamStartEvent",
    "StreamEndEvent",
)

#: An event object's fields, given to its maker (PyYAML's pure-Python parser, or the C parser where `_lend` lends
#: nothing).
_READERS: dict[str, Callable[[Any, Callable[..., bool]], bool]] = {
    "ScalarEvent": lambda e, make: make(e.anchor, e.tag, e.implicit, e.value, e.start_mark),
    "MappingStartEvent": lambda e, make: make(e.anchor, e.tag, e.implicit, e.start_mark),
    "SequenceStartEvent": lambda e, make: make(e.anchor, e.tag, e.implicit, e.start_mark),
    "AliasEvent": lambda e, make: make(e.anchor, e.start_mark),
}


def _lend(parser: Any, lent: dict[str, Any], makers: dict[str, Callable[..., bool]]) -> Callable[[], Any]:
    """`parser.get_event`, each event given to its maker in `makers` (by its class's name) and what it returns
    returned: the C parser's module names the makers instead of the event classes until `_give_back(lent)`, `lent`
    holding each class as soon as its maker replaces it (`load` gives them back even when the read fails, or is
    interrupted while they are lent). Where another thread may parse YAML meanwhile (one besides this one runs), or
    without libyaml, nothing is lent: the events are made as usual and their fields given to the makers (slower,
    the same)."""
    threading = sys.modules.get("threading")
    if _libyaml is None or not isinstance(parser, _libyaml.CParser) or (threading and threading.active_count() > 1):
        get_event = parser.get_event

        def given() -> bool:
            event = get_event()
            if event is None:
                return False
            name = type(event).__name__
            reader = _READERS.get(name)
            return reader(event, makers[name]) if reader is not None else makers[name](event.start_mark)

        return given
    for name, maker in makers.items():
        lent[name] = getattr(_libyaml, name)
        setattr(_libyaml, name, maker)
    return parser.get_event  # type: ignore[no-any-return]


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


def _plain(value: str, mark: Any) -> Any:
    """A plain scalar's value; `mark`: where it starts (libyaml's, from 0)."""
    if value in _RESOLVED:
        return _RESOLVED[value]
    found = _resolve(value, mark.line + 1, mark.column + 1)
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


def _at(mark: Any) -> tuple[int, int]:
    """libyaml's mark (from 0) as a line and column (from 1)."""
    return mark.line + 1, mark.column + 1


def _tagged(tag: str, plain: bool, value: str, mark: Any) -> Any:
    """A tagged scalar's value: a short form's (`!Ref x`), a core type's (`!!int 1`), a plain one's (`! x`)."""
    checked = _TAGS[tag] if tag in _TAGS else _new_tag(tag, *_at(mark))
    if checked is None or checked.startswith("!"):
        found = _plain(value, mark) if plain else value
        return found if checked is None else _short_form(checked, "" if found is None else found)
    return _construct(checked, value, *_at(mark))


def _key_of(value: Any, line: int, column: int) -> str:
    if isinstance(value, (dict, list)):
        raise InputError("mapping keys must be plain values", line, column)
    return _key_text(value)


def _duplicate(marks: dict[str, tuple[int, int]], key: str, key_mark: tuple[int, int]) -> InputError:
    return InputError(f"duplicate key {shown(key)} (first defined at line {marks[key][0]})", *key_mark)


# Where the next node goes (`load`): the document's top, a sequence's next item, a mapping's next key, the value of
# the key before, the value of a merge key (`<<`).
_TOP, _ITEM, _KEY, _VALUE, _MERGES = "top", "item", "key", "value", "merges"


_new_mapping, _new_sequence = dict.__new__, list.__new__


def load(text: str, mapping: type[LDict], sequence: type[LList], max_depth: int, max_nodes: int) -> Any:
    """`marked.load_text` through libyaml's events, JSON included: mappings and sequences of classes `mapping` and
    `sequence` (LDict and LList, or subclasses with no slot or `__init__` of their own: they are made without
    calling it), nesting up to `max_depth`, at most `max_nodes` nodes.

    The C parser hands each event to a maker below (`_lend`) that places its node where it goes: `node`, the
    container open, `want` what it waits for, `stack` the containers around it. A maker that refuses the
    document keeps the error in `refused` and ends the read (an exception raised through the C parser would
    leave libyaml's event unfreed)."""
    stack: list[tuple[Any, ...]] = []  # per open container: where it goes in the one around it; its tag, anchor, count
    anchors: dict[str, tuple[Any, int]] = {}
    count = 0
    root: Any = None
    node: Any = None  # the container open (None: the document's top)
    marks: Any = None  # its key_marks or item_marks
    want = _TOP
    key: Any = None
    key_mark = (0, 0)
    merges: list[Any] | None = None  # `<<: *x` values of the mapping open, when there are any
    ended = False  # the document ended: only the stream's end may follow
    refused: InputError | None = None

    def place(value: Any, line: int, column: int) -> None:
        """Place a finished node into the container open (or make it the document)."""
        nonlocal root, want, key, key_mark, merges
        if want is _VALUE:
            if key in node:
                raise _duplicate(marks, key, key_mark)
            node[key] = value
            marks[key] = key_mark
            want = _KEY
        elif want is _ITEM:
            node.append(value)
            marks.append((line, column))
        elif want is _KEY:
            key = value if type(value) is str else _key_of(value, line, column)
            key_mark = (line, column)
            want = _MERGES if key is _MERGE else _VALUE
        elif want is _MERGES:
            if merges is None:
                merges = []
            merges.append(value)
            want = _KEY
        else:
            root = value

    def scalar(
        anchor: Any, tag: Any, implicit: Any, value: Any, start_mark: Any, end_mark: Any = None, style: Any = None
    ) -> bool:
        nonlocal count, want, key, key_mark, refused
        count += 1
        try:
            if count > max_nodes:
                raise InputError(f"document too large (over {max_nodes:,} nodes)", *_at(start_mark))
            if tag is None:
                if implicit[0] and (not value or value[0] in _RESOLVABLE):
                    value = _RESOLVED[value] if value in _RESOLVED else _plain(value, start_mark)
            else:
                value = _tagged(tag, implicit[0], value, start_mark)
            if anchor:
                anchors[anchor] = (value, 1)
            # The common cases inlined (a value under a key, a plain key, a list item); the rest in place().
            if want is _VALUE:
                if key in node:
                    raise _duplicate(marks, key, key_mark)
                node[key] = value
                marks[key] = key_mark
                want = _KEY
            elif want is _KEY and type(value) is str:
                key = value
                key_mark = (start_mark.line + 1, start_mark.column + 1)
                want = _MERGES if value is _MERGE else _VALUE
            elif want is _ITEM:
                node.append(value)
                marks.append((start_mark.line + 1, start_mark.column + 1))
            else:
                place(value, start_mark.line + 1, start_mark.column + 1)
        except InputError as error:
            refused = error
            return False
        return True

    def start(
        is_map: bool,
        anchor: Any,
        tag: Any,
        implicit: Any,
        start_mark: Any,
        end_mark: Any = None,
        flow_style: Any = None,
    ) -> bool:
        nonlocal count, node, marks, want, merges, refused
        line, column = start_mark.line + 1, start_mark.column + 1
        try:
            if len(stack) >= max_depth:
                raise InputError(f"nesting deeper than {max_depth} levels", line, column)
            if tag is not None:
                tag = _TAGS[tag] if tag in _TAGS else _new_tag(tag, line, column)
                if tag is not None and tag.startswith(_CORE) and tag[len(_CORE) :] not in ("map", "seq"):
                    raise InputError(f"unsupported YAML tag {shown(tag)}", line, column)
            count += 1
            if count > max_nodes:
                raise InputError(f"document too large (over {max_nodes:,} nodes)", line, column)
        except InputError as error:
            refused = error
            return False
        short = tag if tag is not None and tag.startswith("!") else None
        stack.append((node, marks, want, key, key_mark, merges, short, anchor, count))
        # made without the classes' `__init__` (a Python call each), their slots set as it sets them
        if is_map:
            node = _new_mapping(mapping)
            node.key_marks = marks = {}
            want = _KEY
        else:
            node = _new_sequence(sequence)
            node.item_marks = marks = []
            want = _ITEM
        node.line = line
        node.column = column
        merges = None
        return True

    def end(start_mark: Any = None, end_mark: Any = None) -> bool:
        nonlocal node, marks, want, key, key_mark, merges, refused
        done = node
        try:
            if merges:
                _merge_into(done, merges)
            node, marks, want, key, key_mark, merges, short, anchor, first = stack.pop()
            value = done if short is None else _short_form(short, done)
            if anchor:
                anchors[anchor] = (value, count - first + 1)
            if want is _VALUE:  # as place() does
                if key in node:
                    raise _duplicate(marks, key, key_mark)
                node[key] = value
                marks[key] = key_mark
                want = _KEY
            elif want is _ITEM:
                node.append(value)
                marks.append((done.line, done.column))
            else:
                place(value, done.line, done.column)
        except InputError as error:
            refused = error
            return False
        return True

    def alias(anchor: Any, start_mark: Any, end_mark: Any = None) -> bool:
        nonlocal count, refused
        line, column = start_mark.line + 1, start_mark.column + 1
        try:
            if anchor not in anchors:
                raise InputError(f"unknown alias *{shown(anchor)[1:-1]}", line, column)
            value, size = anchors[anchor]
            count += size
            if count > max_nodes:
                raise InputError(f"alias expansion too large (over {max_nodes:,} nodes)", line, column)
            place(value, line, column)
        except InputError as error:
            refused = error
            return False
        return True

    def document_start(start_mark: Any, *_: Any) -> bool:
        nonlocal refused
        if ended:
            refused = InputError(
                "a second document (CloudFormation reads exactly one; so does lambda6lint)", *_at(start_mark)
            )
            return False
        return True

    def document_end(*_: Any) -> bool:
        nonlocal ended
        ended = True
        return True

    makers: dict[str, Callable[..., bool]] = {
        "ScalarEvent": scalar,
        "MappingStartEvent": partial(start, True),
        "SequenceStartEvent": partial(start, False),
        "AliasEvent": alias,
        "MappingEndEvent": end,
        "SequenceEndEvent": end,
        "DocumentStartEvent": document_start,
        "DocumentEndEvent": document_end,
        "StreamStartEvent": lambda *_: True,
        "StreamEndEvent": lambda *_: False,
    }
    parser = _Loader(text)
    lent: dict[str, Any] = {}
    try:
        # libyaml's C parser called until a maker says the read ends, with no Python loop or generator per event
        deque(iter(_lend(parser, lent, makers), False), 0)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if ended:
            raise InputError("data after the end of the document", *where) from None
        problem = exc.problem or exc.context or "syntax error"
        if "nesting depth" in problem:  # libyaml ≥ 0.2.6 (PyYAML 6.0.2+) stops deep flow nesting itself
            raise InputError(f"nesting deeper than {max_depth} levels", *where) from None
        raise InputError(f"not valid YAML/JSON: {shown_error(problem)}", *where) from None
    except yaml.reader.ReaderError as exc:
        raise _unreadable_character(text, exc) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML/JSON: {shown_error(exc)}") from None
    finally:
        _give_back(lent)
        parser.dispose()
    if refused is not None:
        raise refused
    if count > max_nodes:
        raise InputError(f"document too large (over {max_nodes:,} nodes)")
    return root


def _unreadable_character(text: str, exc: yaml.reader.ReaderError) -> InputError:
    """The character YAML refuses (a C0/C1 control, U+FFFE …) named and placed at its line and column, not PyYAML's
    words, which end in an offset a user cannot find (libyaml's counts UTF-8 bytes). In JSON, which allows all but
    C0 controls in a string, JSON's own error instead: a PowerShell-mangled `terraform show -json` plan held U+0080
    in a string (JSON allows it) while a quote the mangling ate was what broke it, past column 200,000 of one line
    where the message said 1:1."""
    code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")
    if code >= 0x20 and text.lstrip()[:1] in ("{", "["):
        import json  # (only on this failure's path)

        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            return InputError(f"not valid JSON: {error.msg.removesuffix(' at')}", error.lineno, error.colno)
        except (ValueError, RecursionError):
            pass  # (too deep or a number too long for json: what YAML refused is said)
    offset = exc.position
    if _libyaml is not None:  # (libyaml counts the UTF-8 bytes before it)
        offset = len(text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore"))
    offset = min(max(offset, 0), len(text))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return InputError(f"not valid YAML/JSON: {exc.reason}: U+{code:04X}", line, column)


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
