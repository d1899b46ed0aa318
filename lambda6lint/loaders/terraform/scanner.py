"""Where HCL text is inside a quoted string, a `${ }` or `%{ }` sequence, a comment or a heredoc: the one
reader of them that python-hcl2's neighbours share (interpolation.flatten, hcl.closing_brace and the
place of an unclosed string, hcl._frames), so a quote in a comment or a `}` in a string means the same
to each.

`scan` walks the text with a stack of frames the caller holds and reads as it goes: ["body", 0] outside
any string, then for each string or sequence open [kind, where it opened, its open brackets…], kind
"string", "$" or "%". It yields what a caller may act on; between those it jumps with one regular
expression per frame kind, not a step per character.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

#: A string or sequence opened at `at`: the stack's last frame.
OPEN = "open"
#: A string's closing quote or a sequence's `}` at `at`; `info` is the frame it closed (off the stack).
CLOSE = "close"
#: A line comment (`#`, `//`) at `at`; `info`: the offset of the newline ending it (the text's length).
LINE_COMMENT = "line comment"
#: A block comment at `at`; `info`: the offset after its `*/`, or -1 when it is not closed (the scan
#: goes on at the end of the text).
BLOCK_COMMENT = "block comment"
#: `\n` outside any string, or `\r` or `\n` inside a sequence (the stack's last frame says which).
NEWLINE = "newline"
#: `<<` outside any string, at `at`; `info`: (the offset after the heredoc, where its closing line starts),
#: as `after_heredoc` gives them (after `<<` and None when it is no heredoc).
HEREDOC = "heredoc"

_STRING = re.compile(r'\\|"|\$\$\{|%%\{|[$%]\{')
#: (body, sequence) with comments, and without: a template's text, whose `${ }` python-hcl2's neighbours
#: have always read without them (tfjson's templates, `hcl.template`)
_COMMENTED = (re.compile(r'["#\n]|//|/\*|<<'), re.compile(r'["#\r\n(){}\[\]]|//|/\*'))
_BARE = (re.compile(r'["\n]|<<'), re.compile(r'["\r\n(){}\[\]]'))


def scan(
    text: str, stack: list[list[Any]], start: int = 0, end: int | None = None, comments: bool = True
) -> Iterator[tuple[str, int, Any]]:
    """(event, at, info) for what is met from `start` up to `end` (where nothing starts after it; what
    starts before it is read whole), the stack kept as it goes; it stops when the stack is emptied."""
    n = len(text)
    end = n if end is None else end
    body, sequence = _COMMENTED if comments else _BARE
    i = start
    while stack and i < end:
        frame = stack[-1]
        kind = frame[0]
        found = (_STRING if kind == "string" else body if kind == "body" else sequence).search(text, i)
        if found is None or found.start() >= end:
            return
        at, token = found.start(), found.group()
        c = token[0]
        i = at + 1
        if kind == "string":
            if c == "\\":
                i = at + 2
            elif c == '"':
                stack.pop()
                yield CLOSE, at, frame
            elif len(token) == 3:  # `$${`, `%%{`: escapes
                i = at + 3
            else:
                stack.append([c, at])
                i = at + 2
                yield OPEN, at, None
        elif c == '"':
            stack.append(["string", at])
            yield OPEN, at, None
        elif c == "#" or token == "//":
            stop = text.find("\n", at)
            i = n if stop < 0 else stop  # (the newline ending it is read next)
            yield LINE_COMMENT, at, i
        elif token == "/*":
            stop = text.find("*/", at + 2)
            i = n if stop < 0 else stop + 2
            yield BLOCK_COMMENT, at, -1 if stop < 0 else i
        elif c in "\r\n":
            yield NEWLINE, at, None
        elif token == "<<":
            i, closer = after_heredoc(text, at)
            yield HEREDOC, at, (i, closer)
        elif c in "([{":
            frame.append(c)
        elif len(frame) > 2:  # (a closing bracket: the last one open, whichever it is)
            frame.pop()
        elif c == "}":
            stack.pop()
            yield CLOSE, at, frame


def after_heredoc(text: str, start: int) -> tuple[int, int | None]:
    """The offset after a heredoc starting at `start` (`<<EOF` or `<<-EOF`) and where its closing line
    starts (None when it has none), or the offset after `<<` when it is not one."""
    i = start + 2 + (text.startswith("-", start + 2))
    j = i
    while j < len(text) and (text[j].isalnum() or text[j] in "_-."):
        j += 1
    marker = text[i:j]
    line_end = j
    while line_end < len(text) and text[line_end] in " \t\r":  # (not a search to the line's end: a long
        line_end += 1  # line of `<<A x` would make it quadratic)
    if not marker or line_end >= len(text) or text[line_end] != "\n":
        return start + 2, None
    k = line_end + 1
    while k < len(text):
        stop = text.find("\n", k)
        line = text[k : len(text) if stop < 0 else stop]
        if line.strip() == marker:
            return (len(text) if stop < 0 else stop), k
        if stop < 0:
            return len(text), None
        k = stop + 1
    return len(text), None
