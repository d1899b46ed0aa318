"""Template documents with line/column marks, from YAML or JSON: the containers they are read into,
their limits, the reader each text goes to, and a source's text read within bounds (what is
refused is an `errors.InputError`).

`load_text` hands a document to the reader made for it: `jsonmarks` (json's C parser) for JSON,
`yamlmarks` (libyaml's events) for YAML and for whatever JSON only the YAML path reads as it always
has. Each is imported when first needed: a run over JSON alone (a CDK assembly, a plan) does not
import PyYAML.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Mapping

from lambda6lint import confine
from lambda6lint.loaders.common.errors import InputError
from lambda6lint.model import Later, Location, new_later, placed

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, BinaryIO

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 128
MAX_NODES = 1_000_000
SNIFF_BYTES = 256 * 1024  # what a folder walk reads of a file before deciding it is a template


class LDict(dict):
    """A mapping that remembers where it and each of its keys are."""

    __slots__ = ("line", "column", "key_marks", "__weakref__")  # weakly referenced: sam.py's budget

    def __init__(self, line: int = 0, column: int = 0):
        # no dict.__init__: it only fills a dict from arguments, and halves the cost of every mapping read.
        # yamlmarks makes its mappings without this one: `dict.__new__`, and these slots set as here.
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
        return None if mark is None else placed((path, mark[0], mark[1]))


class LList(list):
    """A sequence that remembers where it and each of its items are."""

    __slots__ = ("line", "column", "item_marks")

    def __init__(self, line: int = 0, column: int = 0):
        self.line = line  # no list.__init__, as LDict (and yamlmarks makes its sequences without this one)
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
        return None if mark == (0, 0) else placed((path, mark[0], mark[1]))


class _Found:
    """A mark slot of `OffsetDict` or `OffsetList` that `find` fills the first time it is read unset: a
    descriptor on the names alone, not a `__getattr__`, which would make every other lookup on the
    container (each `get`, `items`) take the slow path. Set values live in the slot itself."""

    __slots__ = ("slot", "find")

    def __init__(self, slot: Any, find: Callable[[Any], None]):
        self.slot = slot  # the member descriptor of the slot it stands for
        self.find = find

    def __get__(self, node: Any, owner: Any = None) -> Any:
        if node is None:
            return self
        try:
            return self.slot.__get__(node, owner)
        except AttributeError:
            self.find(node)
            return self.slot.__get__(node, owner)

    def __set__(self, node: Any, value: Any) -> None:
        self.slot.__set__(node, value)

    def __delete__(self, node: Any) -> None:
        self.slot.__delete__(node)


class _Offsets:
    """What `OffsetDict` and `OffsetList` share: their own mark and their offsets, made or found when
    first asked for (`_Found`), and what a `model.Later` keeps to find a member's mark."""

    __slots__ = ()
    lines: Any  # jsonmarks.Lines of the whole text: the (line, column) of an offset
    offset: int
    offsets: Any
    path: tuple[Any, ...]

    def _find_mark(self) -> None:
        """`line` and `column`, from the offset."""
        self.line, self.column = self.lines.mark(self.offset)  # type: ignore[misc]  # (the slots are the subclasses')

    def _find_offsets(self) -> None:
        """`offset` and `offsets`, found in the text from the path (a container read without them)."""
        self.offset, self.offsets, _ = self.lines.place(self.path)  # type: ignore[misc]

    def _mark(self, key: Any) -> tuple[int, int]:
        """The mark of member `key` (a key, an index), which it has (`Later`)."""
        return self.lines.mark(self.offsets[key])  # type: ignore[no-any-return]

    def _later(self, path: str, key: Any) -> Later:
        """Where member `key` (which it has) is, found in the text only if read: most places a loader
        notes never are. The `Later` keeps the text's lines and the way to the key when this container
        was read without offsets, so that the tree can go; else the container itself."""
        try:
            return new_later((path, self.lines, (self.path, key)))
        except AttributeError:
            return new_later((path, self, key))


def _lazy(cls: Any, base: Any, marks: str, find_marks: Callable[[Any], None]) -> Any:
    """`cls` with its marks (`line`, `column` and `marks`: the slots of `base`, reused) and its offsets
    (its own `_offset`, `_offsets`) read through `_Found`."""
    for name in ("line", "column"):
        setattr(cls, name, _Found(base.__dict__[name], cls._find_mark))
    setattr(cls, marks, _Found(base.__dict__[marks], find_marks))
    cls.offset = _Found(cls.__dict__["_offset"], cls._find_offsets)
    cls.offsets = _Found(cls.__dict__["_offsets"], cls._find_offsets)
    return cls


class OffsetDict(_Offsets, LDict):
    """An LDict read from JSON (`jsonmarks`): where it and its keys start, kept as offsets into the text
    and made marks only when asked for. Most never are (a template's mapper asks about one mapping or
    list in eight, most often for one key, and most of those places reach no finding: `located`), and
    a mark costs more than the rest of a node's read. A whole template is read without the offsets:
    they are found in the text from the container's `path` when first needed (`jsonmarks.Lines.place`)."""

    __slots__ = ("lines", "_offset", "_offsets", "path")

    def __init__(self, lines: Any, offset: int, offsets: dict[Any, int]):
        self.lines = lines
        self._offset = offset
        self._offsets = offsets  # the truth for its keys: nothing writes marks into a read mapping

    def _find_key_marks(self) -> None:
        mark = self.lines.mark
        self.key_marks = dict(zip(self.offsets, map(mark, self.offsets.values()), strict=True))

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

    __slots__ = ("lines", "_offset", "_offsets", "path")

    def __init__(self, lines: Any, offset: int, offsets: list[int]):
        self.lines = lines
        self._offset = offset
        self._offsets = offsets

    def _find_item_marks(self) -> None:
        self.item_marks = list(map(self.lines.mark, self.offsets))

    def mark_of(self, index: int) -> tuple[int, int]:
        offsets = self.offsets
        if 0 <= index < len(offsets):
            return self.lines.mark(offsets[index])
        return (self.line, self.column)

    def located(self, path: str, index: int) -> Location | None:
        return self._later(path, index) if 0 <= index < len(self) else None


_lazy(OffsetDict, LDict, "key_marks", OffsetDict._find_key_marks)
_lazy(OffsetList, LList, "item_marks", OffsetList._find_item_marks)


class FilledDict(OffsetDict):
    """An OffsetDict read without offsets (`jsonmarks.load`: a template's containers below its sections,
    `path` and `lines` set after), made from json's pairs in one C call: dict's own `__init__`, not
    OffsetDict's. A `dict.__new__` and a `|=` took ~600 instructions more for each of a template's ~150
    mappings. The same slots, marks and behaviour: only how it is made differs."""

    __slots__ = ()
    __init__ = dict.__init__  # type: ignore[assignment]  # (CPython then calls dict's C init itself)


class FilledList(OffsetList):
    """An OffsetList made from json's items in one C call, as `FilledDict`."""

    __slots__ = ()
    __init__ = list.__init__  # type: ignore[assignment]


OffsetDict.filled = FilledDict  # type: ignore[attr-defined]  # (what `jsonmarks.load` makes a container read without offsets)
OffsetList.filled = FilledList  # type: ignore[attr-defined]


def load_text(text: str, max_nodes: int | None = None, outline: Mapping[str, Any] | None = None) -> Any:
    """Parse one YAML or JSON document into LDict/LList/scalars; raises InputError.

    JSON is read by `jsonmarks` (json.loads and one walk) with the same marks and limits, unless it
    is something only the YAML path reads the way it always has. `max_nodes`: MAX_NODES unless given;
    `outline`: which members of a JSON object need marks (`jsonmarks.load`; the rest are plain).
    """
    max_nodes = MAX_NODES if max_nodes is None else max_nodes
    if text.lstrip()[:1] in ("{", "["):
        from lambda6lint.loaders.common import jsonmarks  # with json: imported by a run that reads JSON

        done, document = jsonmarks.load(text, OffsetDict, OffsetList, MAX_DEPTH, max_nodes, outline)
        if done:
            return document
    return load_yaml(text, max_nodes)


def load_yaml(text: str, max_nodes: int | None = None) -> Any:
    """`load_text` through libyaml's events, JSON included (`yamlmarks`)."""
    from lambda6lint.loaders.common import yamlmarks  # with PyYAML: imported by a run that reads YAML

    return yamlmarks.load(text, LDict, LList, MAX_DEPTH, MAX_NODES if max_nodes is None else max_nodes)


#: A file opened (`confine.open_regular`) and the bytes read from its start already: what a loader that was
#: given it reads on from, not opening the file again (registry.json_file told a plan from a template on them).
Started = tuple["BinaryIO", bytes]


def started_again(text: str, head: bytes, max_bytes: int = MAX_BYTES) -> Started:
    """A file read whole and decoded (`text`; `head`, its first bytes) as another read of it with a limit of
    `max_bytes` meets it (`read_sniffed`): its bytes again, encoded as they were (the byte-order mark it began
    with, UTF-8 or UTF-16: a strict decoding's text encodes back to the same bytes), up to `max_bytes + 1`, all
    such a read takes. A template whose first bytes made it look like a plan (registry.plan), not read twice."""
    if head.startswith(codecs.BOM_UTF16_LE):
        bom, codec = codecs.BOM_UTF16_LE, "utf-16-le"
    elif head.startswith(codecs.BOM_UTF16_BE):
        bom, codec = codecs.BOM_UTF16_BE, "utf-16-be"
    else:
        bom, codec = (codecs.BOM_UTF8 if head.startswith(codecs.BOM_UTF8) else b""), "utf-8"
    return io.BytesIO(bom + text[: max_bytes + 1].encode(codec)), b""  # (a character is one byte or more)


def continued(path: str, head: bytes, known: confine.Identity) -> BinaryIO:
    """The file at `path` opened to be read as it is opened (`confine.open_regular`), giving `head`, its first bytes
    read before (by discovery), and then what follows them from the file: no byte read twice. A file that is no longer
    the one read (`known`: `confine.identity`) is read from its start. OSError as `open_regular`."""
    handle = confine.open_regular(path)
    try:
        if confine.identity(handle) != known:
            return handle
        handle.seek(len(head))
    except OSError:
        handle.close()
        raise
    return io.BufferedReader(_Continued(head, handle))


#: What discovery read of some files, by real path, for a loader to read rather than open them again: a file's bytes
#: read whole, or its first bytes and the file's identity then (read on from them: `continued`). Pre-commit's caller
#: scan hands these to the top of a staged file's chain (`Source.files_read`, `Source.heads`).
Handed = Mapping[str, "bytes | tuple[bytes, confine.Identity]"]


def handed_start(path: str, handed: Handed | None, real: str) -> Started | None:
    """The file at `path` (real path `real`) as `read_source` reads it when discovery read it (`handed`): from its
    bytes, or from its first bytes and then the file (`continued`); None when it did not, or when the file cannot be
    opened now (`read_source` opens it and says why)."""
    found = handed.get(real) if handed else None
    if found is None:
        return None
    if isinstance(found, bytes):
        return io.BytesIO(found), b""
    try:
        return continued(path, *found), b""
    except OSError:
        return None


class _Continued(io.RawIOBase):
    """`head`, then the open file `rest` from where `head` ends (`continued`): read into the reader's buffer, or
    straight into what a large read returns, as a file is."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._at, self._rest = head, 0, rest

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._at < len(self._head):
            part = self._head[self._at : self._at + len(buffer)]
            buffer[: len(part)] = part
            self._at += len(part)
            return len(part)
        return self._rest.readinto(buffer)  # type: ignore[attr-defined]  # (a BufferedReader: open_regular's)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_CUR:
            offset += self.tell()
        elif whence != io.SEEK_SET or offset < 0:
            raise io.UnsupportedOperation("seek only to a place from the start")
        self._at = min(offset, len(self._head))
        self._rest.seek(max(offset, len(self._head)))
        return offset

    def tell(self) -> int:
        return self._at if self._at < len(self._head) else self._rest.tell()

    def close(self) -> None:
        self._rest.close()
        super().close()


def read_source(
    path: str,
    max_bytes: int = MAX_BYTES,
    what: str = "",
    empty_ok: bool = False,
    utf16_ok: bool = False,
    started: Started | None = None,
) -> str:
    """The file's text, or InputError naming what is wrong with it (type, size, binary, encoding).

    `what` names the kind of file whose size limit `max_bytes` is (templates by default); `empty_ok`
    accepts a file of only whitespace (an empty `.tf` file is valid Terraform); `utf16_ok` reads UTF-16
    that starts with its byte-order mark (`decode`).
    """
    text = read_sniffed(path, None, max_bytes, what, empty_ok, utf16_ok, started)
    assert text is not None
    return text


def read_sniffed(
    path: str,
    sniff: Callable[[bytes], bool] | None,
    max_bytes: int = MAX_BYTES,
    what: str = "",
    empty_ok: bool = False,
    utf16_ok: bool = False,
    started: Started | None = None,
) -> str | None:
    """As `read_source`, but `sniff` first decides on the first `SNIFF_BYTES`: None (and nothing
    more read) when it says no, or when they cannot be read (as a folder walk's sniff always did).
    A file is read once whether or not it turns out to be a template; only a regular file is
    opened at all (`confine.open_regular`). `started`: the file, already open, is read on and closed."""
    try:
        if started is None:
            with confine.open_regular(path) as handle:
                data = _read(handle, b"", sniff, max_bytes)
        else:
            with started[0] as handle:
                data = _read(handle, started[1], sniff, max_bytes)
    except OSError as exc:  # reported, sniffed or not: an unreadable file is never skipped silently
        raise InputError(f"cannot read file: {confine.why_unreadable(path, exc)}") from None
    if data is None:
        return None
    if len(data) > max_bytes:
        size = f"{max_bytes // (1024 * 1024)} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes // 1024} KB"
        limit = (
            f"the limit for {what}" if what else "the limit for templates (CloudFormation itself accepts at most 1 MB)"
        )
        raise InputError(f"file is larger than {size}, {limit}")
    if empty_ok and _blank(data):
        return ""
    return decode(data, utf16_ok)


WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_WIDE_TEXT = "UTF-16/32 is not supported: save the file as UTF-8"


def _read(handle: BinaryIO, head: bytes, sniff: Callable[[bytes], bool] | None, max_bytes: int) -> bytes | None:
    """At most `max_bytes + 1` bytes of an open file of which `head` (at most `SNIFF_BYTES`) was read already
    (`read_sniffed`)."""
    if sniff is None:
        if head:
            handle.seek(0)  # (its first bytes again, from the reader's buffer, not a copy of a 256 MB plan after them)
        return handle.read(max_bytes + 1)
    head += handle.read(SNIFF_BYTES - len(head))
    if not sniff(head):
        return None
    return head + handle.read(max_bytes + 1 - len(head))


def _utf16(data: bytes) -> str:
    """UTF-16 text that starts with its byte-order mark (UTF-32 LE's starts as UTF-16 LE's, and is refused)."""
    if data.startswith(codecs.BOM_UTF32_LE):
        raise InputError(_WIDE_TEXT)
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-16 text: {exc.reason} at byte {exc.start}") from None
    if not text or text.isspace():
        raise InputError("empty file")
    if (nul := text.find("\0")) >= 0:
        raise InputError("binary file (NUL character), not text", text.count("\n", 0, nul) + 1)
    return text


def _wide(data: bytes) -> bool:
    """UTF-16 or UTF-32 text: a byte-order mark, or ASCII with every second (fourth) byte NUL."""
    if data.startswith(WIDE_BOMS):
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


def _blank(data: bytes) -> bool:
    """Empty, or only ASCII whitespace (what `bytes.strip` strips), without a copy of the rest: a plan
    that ends with a line break (`terraform show -json` writes one) is 100 MB stripped of one byte."""
    return not data or data.isspace()


def decode(data: bytes, utf16_ok: bool = False) -> str:
    """UTF-8 text (a byte-order mark dropped), or InputError. `utf16_ok`: UTF-16 with its byte-order mark
    too, what Windows PowerShell's `>` writes (`terraform show -json tfplan > plan.json`)."""
    if _blank(data):
        raise InputError("empty file")
    if utf16_ok and data.startswith(UTF16_BOMS):
        return _utf16(data)
    if _wide(data):
        raise InputError(_WIDE_TEXT)
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
