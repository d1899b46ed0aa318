"""Template documents with line/column marks, read safely from YAML or JSON.

Built from libyaml's event stream instead of `yaml.compose`: libyaml's composer recurses and
segfaults on deep nesting, the event parser does not, so depth, alias expansion and size are
checked here, in one pass, before anything can blow up (research/libs.md §2-3).
JSON is parsed by the same code: it is YAML's flow subset and libyaml keeps positions.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Mapping

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from lambda6lint import confine
from lambda6lint.model import Later, Location

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml: slower, same behaviour
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 128
MAX_NODES = 1_000_000
MAX_QUOTE = 100  # characters of an offending value an error message may quote
SNIFF_BYTES = 256 * 1024  # what a folder walk reads of a file before deciding it is a template


def shown(value: Any, limit: int = MAX_QUOTE) -> str:
    """`repr(value)`, cut to about `limit` characters: a message names a value, it does not replay it."""
    try:
        text = repr(value)
    except ValueError:  # an integer too long to print
        text = "(a number too long to show)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


class InputError(Exception):
    """A file we should read but cannot: becomes an E9600 finding at `line`/`column` (1-based)."""

    def __init__(self, message: str, line: int = 1, column: int = 1, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = max(1, line)
        self.column = max(1, column)
        self.path = path  # the file, when it is not the source itself (a template inside an assembly)


class LDict(dict):
    """A mapping that remembers where it and each of its keys are."""

    __slots__ = ("line", "column", "key_marks", "__weakref__")  # weakly referenced: sam.py's budget

    def __init__(self, line: int = 0, column: int = 0):
        # no dict.__init__: it only fills a dict from arguments, and halves the cost of every mapping read
        self.line = line
        self.column = column
        self.key_marks: dict[Any, tuple[int, int]] = {}

    def mark_of(self, key: Any) -> tuple[int, int]:
        return self.key_marks.get(key, (self.line, self.column))

    def key_mark(self, key: Any) -> tuple[int, int] | None:
        """The mark of `key`, None when it has none."""
        return self.key_marks.get(key)

    def located(self, path: str, key: Any) -> Location | None:
        """Where `key` is in the file at `path`; None when it has no mark."""
        mark = self.key_marks.get(key)
        return None if mark is None else Location(path, *mark)


class LList(list):
    """A sequence that remembers where it and each of its items are."""

    __slots__ = ("line", "column", "item_marks")

    def __init__(self, line: int = 0, column: int = 0):
        self.line = line  # no list.__init__, as LDict
        self.column = column
        self.item_marks: list[tuple[int, int]] = []

    def mark_of(self, index: int) -> tuple[int, int]:
        if 0 <= index < len(self.item_marks):
            return self.item_marks[index]
        return (self.line, self.column)

    def located(self, path: str, index: int) -> Location | None:
        """Where item `index` is in the file at `path`; None when it has no mark (a merged item may not)."""
        marks = self.item_marks
        mark = marks[index] if 0 <= index < len(marks) else (0, 0)
        return None if mark == (0, 0) else Location(path, *mark)


class _Offsets:
    """What `OffsetDict` and `OffsetList` share: their own mark and their offsets, made or found when
    first asked for, and what a `model.Later` keeps to find a member's mark."""

    __slots__ = ()
    lines: Any  # jsonmarks.Lines of the whole text: the (line, column) of an offset
    offset: int
    offsets: Any
    path: tuple[Any, ...]

    def _unset(self, name: str) -> Any:
        """`line`, `column`, `offset` or `offsets`, the first time it is read (`__getattr__`)."""
        # (the slots assigned are the subclasses')
        if name == "line" or name == "column":
            self.line, self.column = self.lines.mark(self.offset)  # type: ignore[misc]
            return self.line if name == "line" else self.column
        if name == "offset" or name == "offsets":
            self.offset, self.offsets, _ = self.lines.place(self.path)  # type: ignore[misc]
            return self.offset if name == "offset" else self.offsets
        raise AttributeError(name)

    def _mark(self, key: Any) -> tuple[int, int]:
        """The mark of member `key` (a key, an index), which it has (`Later`)."""
        return self.lines.mark(self.offsets[key])  # type: ignore[no-any-return]

    def _later(self, path: str, key: Any) -> Later:
        """Where member `key` (which it has) is, found in the text only if read: most places a loader
        notes never are. The `Later` keeps the text's lines and the way to the key when this container
        was read without offsets, so that the tree can go; else the container itself."""
        try:
            return Later(path, self.lines, (self.path, key))
        except AttributeError:
            return Later(path, self, key)


class OffsetDict(_Offsets, LDict):
    """An LDict read from JSON (`jsonmarks`): where it and its keys start, kept as offsets into the text
    and made marks only when asked for. Most never are (a template's mapper asks about one mapping or
    list in eight, most often for one key, and most of those places reach no finding: `located`), and
    a mark costs more than the rest of a node's read. A whole template is read without the offsets:
    they are found in the text from the container's `path` when first needed (`jsonmarks.Lines.place`)."""

    __slots__ = ("lines", "offset", "offsets", "path")

    def __init__(self, lines: Any, offset: int):
        self.lines = lines
        self.offset = offset
        self.offsets: dict[Any, int] = {}  # the truth for its keys: nothing writes marks into a read mapping

    def __getattr__(self, name: str) -> Any:
        """Only called while an attribute is not set yet (and for unknown names)."""
        if name == "key_marks":
            mark = self.lines.mark
            self.key_marks = dict(zip(self.offsets, map(mark, self.offsets.values()), strict=True))
            return self.key_marks
        return self._unset(name)

    def mark_of(self, key: Any) -> tuple[int, int]:
        at = self.offsets.get(key)
        return self.lines.mark(at) if at is not None else (self.line, self.column)

    def key_mark(self, key: Any) -> tuple[int, int] | None:
        at = self.offsets.get(key)
        return self.lines.mark(at) if at is not None else None

    def located(self, path: str, key: Any) -> Location | None:
        return self._later(path, key) if key in self else None


class OffsetList(_Offsets, LList):
    """An LList read from JSON: its marks kept as offsets until asked for, as `OffsetDict`."""

    __slots__ = ("lines", "offset", "offsets", "path")

    def __init__(self, lines: Any, offset: int):
        self.lines = lines
        self.offset = offset
        self.offsets: list[int] = []

    def __getattr__(self, name: str) -> Any:
        if name == "item_marks":
            self.item_marks = list(map(self.lines.mark, self.offsets))
            return self.item_marks
        return self._unset(name)

    def mark_of(self, index: int) -> tuple[int, int]:
        offsets = self.offsets
        if 0 <= index < len(offsets):
            return self.lines.mark(offsets[index])
        return (self.line, self.column)

    def located(self, path: str, index: int) -> Location | None:
        return self._later(path, index) if 0 <= index < len(self) else None


_SAFE = SafeConstructor()
_IMPLICIT = Resolver.yaml_implicit_resolvers
_RESOLVABLE = frozenset(first for first in _IMPLICIT if first is not None)  # first characters of typed plain scalars
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
        raise InputError(
            f"invalid {tag[len(_CORE) :]} value {shown(value)}: {shown_error(exc)}", line, column
        ) from None
    raise InputError(f"unsupported YAML tag {shown(tag)}", line, column)


def clipped(text: object, limit: int = MAX_QUOTE) -> str:
    """Text from an input (a name, an id) as a message shows it: at most about `limit` characters."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown_error(exc: object) -> str:
    """An exception's (or a problem's) text, cut to about MAX_QUOTE characters."""
    return clipped(exc)


_MERGE = "<<"  # only a plain `<<` is a merge key; the quoted string is kept as a distinct object
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?[eE][-+]?[0-9]+")


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


def _resolve(value: str, line: int, column: int) -> Any:
    if not value:
        return None
    for tag, regexp in _IMPLICIT.get(value[0], ()):
        if regexp.match(value):
            if tag == _CORE + "merge":
                return _MERGE
            return _construct(tag, value, line, column)
    if _JSON_NUMBER.fullmatch(value):  # JSON's `1e3`, which YAML 1.1 would keep as text
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


def load_text(text: str, max_nodes: int | None = None, outline: Mapping[str, Any] | None = None) -> Any:
    """Parse one YAML or JSON document into LDict/LList/scalars; raises InputError.

    JSON is read by `jsonmarks` (json.loads and one walk) with the same marks and limits, unless it
    is something only the YAML path reads the way it always has. `max_nodes`: MAX_NODES unless given;
    `outline`: which members of a JSON object need marks (`jsonmarks.load`; the rest are plain).
    """
    max_nodes = MAX_NODES if max_nodes is None else max_nodes
    if text.lstrip()[:1] in ("{", "["):
        from lambda6lint.loaders.common import jsonmarks  # with json: a run that reads JSON only

        done, document = jsonmarks.load(text, OffsetDict, OffsetList, InputError, MAX_DEPTH, max_nodes, outline)
        if done:
            return document
    return load_yaml(text, max_nodes)


def load_yaml(text: str, max_nodes: int | None = None) -> Any:
    """`load_text` through libyaml's events, JSON included."""
    max_nodes = MAX_NODES if max_nodes is None else max_nodes
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
            top.key, top.key_mark = ("" if value is None else value), (line, column)
        else:
            key, top.key = top.key, _NO_KEY
            if key is _MERGE:
                if top.merges is None:
                    top.merges = []
                top.merges.append(value)
                return
            mapping: LDict = top.node
            if key in mapping:
                first = mapping.key_marks[key][0]
                raise InputError(f"duplicate key {shown(key)} (first defined at line {first})", *top.key_mark)
            mapping[key] = value
            mapping.key_marks[key] = top.key_mark

    parser = _Loader(text)
    next_event: Any = parser.get_event  # libyaml's C parser directly: no Python generator per event
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    try:
        while True:
            event = next_event()
            kind = type(event)
            if kind is scalar_event:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                count += 1
                if count > max_nodes:
                    raise InputError(f"document too large (over {max_nodes:,} nodes)", line, column)
                tag = event.tag
                if tag is None:
                    value = event.value
                    if event.implicit[0] and (not value or value[0] in _RESOLVABLE):
                        value = _plain(value, line, column)
                else:
                    tag = _TAGS[tag] if tag in _TAGS else _new_tag(tag, line, column)
                    if tag is None or tag.startswith("!"):
                        value = _plain(event.value, line, column) if event.implicit[0] else event.value
                        if tag is not None:
                            value = _short_form(tag, "" if value is None else value)
                    else:
                        value = _construct(tag, event.value, line, column)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                # The common cases inlined (a plain key, a value under a key, a list item); the rest in attach().
                if top is None or top.key is _MERGE or (tag is not None and top.is_map and top.key is _NO_KEY):
                    attach(value, line, column)
                elif not top.is_map:
                    top.node.append(value)
                    top.node.item_marks.append((line, column))
                elif top.key is _NO_KEY:
                    top.key, top.key_mark = ("" if value is None else value), (line, column)
                else:
                    mapping = top.node
                    key, top.key = top.key, _NO_KEY
                    if key in mapping:
                        first = mapping.key_marks[key][0]
                        raise InputError(f"duplicate key {shown(key)} (first defined at line {first})", *top.key_mark)
                    mapping[key] = value
                    mapping.key_marks[key] = top.key_mark
            elif kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                if len(stack) >= MAX_DEPTH:
                    raise InputError(f"nesting deeper than {MAX_DEPTH} levels", line, column)
                tag = event.tag
                if tag is not None:
                    tag = _TAGS[tag] if tag in _TAGS else _new_tag(tag, line, column)
                if tag is not None and tag.startswith(_CORE) and tag[len(_CORE) :] not in ("map", "seq"):
                    raise InputError(f"unsupported YAML tag {shown(tag)}", line, column)
                count += 1
                if count > max_nodes:
                    raise InputError(f"document too large (over {max_nodes:,} nodes)", line, column)
                is_map = kind is mapping_start
                node: Any = LDict(line, column) if is_map else LList(line, column)
                top = _Frame(node, is_map, tag, event.anchor, count)
                stack.append(top)
            elif kind is mapping_end or kind is sequence_end:
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
                    mapping = top.node
                    key, top.key = top.key, _NO_KEY
                    if key in mapping:
                        first = mapping.key_marks[key][0]
                        raise InputError(f"duplicate key {key!r} (first defined at line {first})", *top.key_mark)
                    mapping[key] = value
                    mapping.key_marks[key] = top.key_mark
            elif kind is alias_event:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                if event.anchor not in anchors:
                    raise InputError(f"unknown alias *{shown(event.anchor)[1:-1]}", line, column)
                value, size = anchors[event.anchor]
                count += size
                if count > max_nodes:
                    raise InputError(f"alias expansion too large (over {max_nodes:,} nodes)", line, column)
                attach(value, line, column)
            elif kind is yaml.DocumentEndEvent:
                _only_document(next_event)
                break
            elif kind is yaml.StreamEndEvent or event is None:
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "syntax error"
        if "nesting depth" in problem:  # libyaml ≥ 0.2.6 (PyYAML 6.0.2+) stops deep flow nesting itself
            raise InputError(f"nesting deeper than {MAX_DEPTH} levels", *where) from None
        raise InputError(f"not valid YAML/JSON: {shown_error(problem)}", *where) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML/JSON: {shown_error(exc)}") from None
    finally:
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
    if event is None or isinstance(event, yaml.StreamEndEvent):
        return
    mark = event.start_mark
    raise InputError(
        "a second document (CloudFormation reads exactly one; so does lambda6lint)", mark.line + 1, mark.column + 1
    )


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


def read_source(path: str, max_bytes: int = MAX_BYTES, what: str = "", empty_ok: bool = False) -> str:
    """The file's text, or InputError naming what is wrong with it (type, size, binary, encoding).

    `what` names the kind of file whose size limit `max_bytes` is (templates by default); `empty_ok`
    accepts a file of only whitespace (an empty `.tf` file is valid Terraform).
    """
    text = read_sniffed(path, None, max_bytes, what, empty_ok)
    assert text is not None
    return text


def read_sniffed(
    path: str,
    sniff: Callable[[bytes], bool] | None,
    max_bytes: int = MAX_BYTES,
    what: str = "",
    empty_ok: bool = False,
) -> str | None:
    """As `read_source`, but `sniff` first decides on the first `SNIFF_BYTES`: None (and nothing
    more read) when it says no, or when they cannot be read (as a folder walk's sniff always did).
    A file is read once whether or not it turns out to be a template; only a regular file is
    opened at all (`confine.open_regular`)."""
    try:
        with confine.open_regular(path) as handle:
            if sniff is None:
                data = handle.read(max_bytes + 1)
            else:
                data = handle.read(SNIFF_BYTES)
                if not sniff(data):
                    return None
                data += handle.read(max_bytes + 1 - len(data))
    except OSError as exc:  # reported, sniffed or not: an unreadable file is never skipped silently
        raise InputError(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        size = f"{max_bytes // (1024 * 1024)} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes // 1024} KB"
        limit = (
            f"the limit for {what}" if what else "the limit for templates (CloudFormation itself accepts at most 1 MB)"
        )
        raise InputError(f"file is larger than {size}, {limit}")
    if empty_ok and not data.strip():
        return ""
    return decode(data)


_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _wide(data: bytes) -> bool:
    """UTF-16 or UTF-32 text: a byte-order mark, or ASCII with every second (fourth) byte NUL."""
    if data.startswith(_WIDE_BOMS):
        return True
    head = data[:64]
    if len(head) < 4 or b"\0" not in head:
        return False
    for width in (2, 4):
        for offset in range(width):
            text = head[offset::width]
            rest = bytes(b for i, b in enumerate(head) if i % width != offset)
            if text and not rest.strip(b"\0") and all(32 <= b < 127 or b in b"\t\r\n" for b in text):
                return True
    return False


def decode(data: bytes) -> str:
    if not data.strip():
        raise InputError("empty file")
    if _wide(data):
        raise InputError("UTF-16/32 is not supported: save the file as UTF-8")
    nul = data.find(b"\0", 0, 8192)
    if nul >= 0:
        raise InputError("binary file (NUL byte), not a template", data.count(b"\n", 0, nul) + 1)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded", line, column) from None
