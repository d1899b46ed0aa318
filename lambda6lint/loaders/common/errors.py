"""What a source can be refused for (an E9600 at a line and column), and how a message quotes what the
source holds: it names a value, it does not replay it."""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_QUOTE = 100  # characters of an offending value an error message may quote


def shown(value: Any, limit: int = MAX_QUOTE) -> str:
    """`repr(value)`, cut to about `limit` characters: a message names a value, it does not replay it."""
    try:
        text = repr(value)
    except ValueError:  # an integer too long to print
        text = "(a number too long to show)"
    return clipped(text, limit)


class InputError(Exception):
    """A file we should read but cannot: becomes an E9600 finding at `line`/`column` (1-based)."""

    def __init__(self, message: str, line: int = 1, column: int = 1, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = max(1, line)
        self.column = max(1, column)
        self.path = path  # the file, when it is not the source itself (a template inside an assembly)


class NotAPlan(Exception):  # noqa: N818 - a signal, not an error: the file is read as a template instead
    """A JSON file sniffed as a Terraform plan (discover.head_kind on its first bytes) that its whole text
    shows is none, nor any other `terraform show -json` output: read as a template instead (loaders/registry.py),
    from its `text` already read."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text


def clipped(text: object, limit: int = MAX_QUOTE) -> str:
    """Text from an input (a name, an id) as a message shows it: at most about `limit` characters."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown_error(exc: object) -> str:
    """An exception's (or a problem's) text, cut to about MAX_QUOTE characters; Python's refusal of a
    long integer said in the input's terms (its advice, `sys.set_int_max_str_digits()`, is for
    programmers)."""
    text = str(exc)
    if isinstance(exc, ValueError) and "integer string conversion" in text:
        digits = re.search(r"value has (\d+) digits", text)
        count = f"{int(digits.group(1)):,} digits" if digits else "too many digits"
        return f"a number of {count}, over the 4,300 lambda6lint reads (a safety limit)"
    return clipped(exc)
