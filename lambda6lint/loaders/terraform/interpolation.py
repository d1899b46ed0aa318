"""Interpolations that span lines (Terraform 0.11 style), made readable by python-hcl2's grammar.

Terraform reads the inside of `${ … }` and `%{ … }` with newlines off, as it does inside
parentheses and brackets:

    name = "${format(
      "%s-%s",
      var.project, var.name
    )}"
    vpc_id = "${
      aws_vpc.main.id
    }"

python-hcl2's grammar refuses a newline directly inside `${` (and before an operator inside
brackets), and the strip markers of `${~ … ~}` in a quoted string, so a file it cannot parse is
given to it once more with those newlines turned into spaces and the whitespace a marker strips
moved inside the interpolation, where it means nothing (`flatten`). The text keeps its length, so
the expressions keep their offsets: `restore` puts the lines and columns of the parsed tree back to
the original text's. Newlines inside an object constructor `{ … }` separate its attributes and
stay; so does the newline ending a comment. A heredoc is left as it is (python-hcl2 reads its
markers), but for the whitespace after its closing marker, which goes before it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from lambda6lint.loaders.terraform import scanner

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def flatten(text: str, arrows: bool = True) -> str | None:
    """The text with the newlines Terraform ignores inside interpolations turned into spaces, and block
    comments into spaces (at the same lines and columns); None when there are none. A single pass over
    the text (scanner.scan). `arrows`: move line-leading `=>`s too (only where the parse failed beside
    one: each retry is a second parse)."""
    chars = list(text)
    changed = False
    stack: list[list[Any]] = [["body", 0]]
    commented = False  # (the line holds a comment: nothing moves to its end)
    for event, at, info in scanner.scan(text, stack):
        if event == scanner.NEWLINE:
            frame = stack[-1]
            if frame[0] == "body":
                if arrows and not commented and _arrow_first(text, chars, at):
                    changed = True
                commented = False
            elif frame[-1] != "{":  # (newlines inside an object constructor separate its attributes)
                chars[at] = " "
                changed = True
        elif event == scanner.OPEN:
            if text.startswith("${~", at):
                _strip_before(text, chars, at)
                changed = True
        elif event == scanner.CLOSE:
            if info[0] == "$" and text[at - 1] == "~":
                _strip_after(text, chars, at)
                changed = True
        elif event == scanner.LINE_COMMENT:
            commented = True  # the newline ending it stays
        elif event == scanner.BLOCK_COMMENT:
            if info >= 0:  # spaces for it (python-hcl2 refuses one after `=`, `!` or `-`; Terraform ignores them)
                chars[at:info] = [ch if ch in "\r\n" else " " for ch in text[at:info]]
                changed = True
        elif event == scanner.HEREDOC:
            stop, closer = info
            if closer is not None and text[closer:stop] != text[closer:stop].rstrip():
                _marker_first(text, chars, closer, stop)
                changed = True
    return "".join(chars) if changed else None


def _strip_before(text: str, chars: list[str], at: int) -> None:
    """`${~` at `at`: the spaces before it move inside the interpolation (`··${~` → `${···`), where
    they mean nothing, as the strip marker asks; the text keeps its length."""
    start = at
    while start > 0 and chars[start - 1] in " \t":  # (not the spaces a `~}` before took)
        start -= 1
    chars[start : at + 3] = "${" + " " * (at + 1 - start)


def _strip_after(text: str, chars: list[str], at: int) -> None:
    """`~}` ending at `at`: the spaces after it move inside (`~}··` → `···}`)."""
    end = at + 1
    while end < len(text) and text[end] in " \t":
        end += 1
    chars[at - 1 : end] = " " * (end - at) + "}"


def _arrow_first(text: str, chars: list[str], newline: int) -> bool:
    """A line that starts with the `=>` of a `for` expression (`{ for c in x :\n (key)\n => c }`):
    Terraform takes it, python-hcl2 only at the end of the line before; it moves there (`)=>\n··`),
    and the text keeps its length and its lines."""
    j = newline + 1
    while j < len(text) and text[j] in " \t":
        j += 1
    if not text.startswith("=>", j):
        return False
    chars[newline : j + 2] = "=>\n" + text[newline + 1 : j]
    return True


def _marker_first(text: str, chars: list[str], start: int, end: int) -> None:
    """A heredoc's closing line `EOF··`: Terraform takes the whitespace after the marker, python-hcl2
    only before it (`··EOF`, which means the same); the text keeps its length."""
    line = text[start:end]
    chars[start:end] = " " * (len(line) - len(line.strip())) + line.strip()


def _locator(original: str) -> Callable[[int], tuple[int, int]]:
    """Offset → (line, column) in `original`, both 1-based."""
    starts = [0] + [i + 1 for i, c in enumerate(original) if c == "\n"]

    def where(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    return where


def relocate(error: Any, original: str) -> None:
    """Put a syntax error found in the flattened text at its line and column in `original`."""
    offset = getattr(error, "pos_in_stream", None)
    if isinstance(offset, int) and 0 <= offset <= len(original):
        error.line, error.column = _locator(original)(offset)


def restore(tree: Any, original: str) -> None:
    """Set every rule's line and column in python-hcl2's parsed tree from its offset in `original`."""
    where = _locator(original)

    stack = [tree]
    while stack:
        node = stack.pop()
        meta = getattr(node, "_meta", None)
        if meta is not None and not getattr(meta, "empty", True):
            start, end = getattr(meta, "start_pos", None), getattr(meta, "end_pos", None)
            if isinstance(start, int):
                meta.line, meta.column = where(start)
            if isinstance(end, int) and isinstance(start, int) and end > start:
                meta.end_line, column = where(end - 1)
                meta.end_column = column + 1
        stack.extend(c for c in getattr(node, "children", None) or () if c is not None)
