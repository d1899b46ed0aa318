"""Template text made harmless for a terminal and a CI log.

Everything a report prints can come from a pull request: logical ids, file names, messages that
quote values. Printed raw, an ESC sequence rewrites the terminal, and a line that starts with
`::` (after spaces) is a GitHub Actions workflow command (`::add-mask::`, `::error::`), as is
`##[command]` anywhere in a line (the runner's legacy form), and Azure Pipelines runs `##vso[command]`
anywhere in a line (TeamCity: `##teamcity[`). So control characters (and the bidirectional ones that
reorder what is shown) are shown escaped (`\\n`, `\\x1b`, `\\u202e`), those `##` are broken up, and
no printed line starts with `::`.

The agents look for those markers with .NET's culture-sensitive `IndexOf`/`StartsWith`, which on Linux
compare through ICU and skip characters that carry no collation weight (combining marks such as U+034F,
format characters, variation selectors): `#\u034f#vso[` is a command to them. Where a value holds a
marker once its characters past ASCII are left out, those are shown escaped too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lambda6lint.patterns import on_use

#: Invisible characters that make two names look alike or hide text: zero-width ones, the byte order
#: mark, the soft hyphen, the Mongolian vowel separator, interlinear annotations, musical formatting,
#: Hangul fillers, and the variation selectors and Unicode tags that carry hidden bytes ("ASCII
#: smuggling").
_INVISIBLE = (
    r"\u00ad\u115f\u1160\u180e\u200b-\u200f\u2060-\u2069\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    r"\U0001d173-\U0001d17a\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
#: Control characters, line separators, the bidirectional controls that make a terminal or a log
#: show text in another order than it is (CVE-2021-42574, "Trojan Source": a file name `x\u202ey.yaml`),
#: and the invisible ones.
_CONTROL = rf"[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u202a-\u202e{_INVISIBLE}]"  # (compiled when first needed)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: What json.dumps(ensure_ascii=False) leaves raw that a terminal or a viewer would act on, or hide.
_JSON_UNSAFE = on_use(rf"[\x7f-\x9f\u2028\u2029\u061c\u202a-\u202e{_INVISIBLE}]")
#: The `##` that start a CI log command anywhere in a line (GitHub's legacy `##[`, Azure Pipelines'
#: `##vso[`, TeamCity's `##teamcity[`; the agents ignore case).
_LOG_COMMAND = on_use(r"##(?=\[|vso\[|teamcity\[)", re.IGNORECASE)


def _escaped(match: re.Match[str]) -> str:
    return _escape(match.group())


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _hidden(text: str) -> dict[int, str]:
    """The characters of `text` past ASCII where, read without them, it holds a log command or starts a line
    one (by code point, for str.translate); empty when it does not. All of them, not only those ICU gives no
    weight today (U+034F, U+0640, variation selectors…): a later ICU may ignore more."""
    if text.isascii():
        return {}
    others = {ord(c): c for c in set(text) if not c.isascii()}
    skeleton = text.translate(dict.fromkeys(others))
    if _LOG_COMMAND.search(skeleton) is None and not skeleton.lstrip().startswith(_LINE_COMMANDS):
        return {}
    return others


def _unhidden(text: str, escape: Callable[[str], str]) -> str:
    """`text` with its characters past ASCII escaped by `escape`, where they may hide a command."""
    hidden = _hidden(text)
    return text.translate({code: escape(char) for code, char in hidden.items()}) if hidden else text


def printable(value: str) -> str:
    """`value` on one line, with control characters escaped and no workflow command inside it."""
    if value.isascii() and value.isprintable() and "##" not in value:
        return value  # nearly every value: scans in C, where the regular expression costs ten times more
    return _LOG_COMMAND.sub("#\\\\x23", _unhidden(re.sub(_CONTROL, _escaped, value), _escape))


#: What a line may not start with (after spaces): GitHub's `::command`, and Buildkite's group headers
#: (`--- `, `+++ `, `~~~ `, `^^^ +++`), which fold the findings after them away.
_LINE_COMMANDS = (":", "--- ", "+++ ", "~~~ ", "^^^ ")


def path(value: str) -> str:
    """A path at the start of a line: printable, and `./`-prefixed when it would start a CI log command
    (after spaces, which the runner trims before it looks for one)."""
    text = printable(value)
    return "./" + text if text.lstrip().startswith(_LINE_COMMANDS) else text


def log_commands(text: str, hashes: str, escape: Callable[[str], str] | None = None) -> str:
    """`text` with the `##` that would start a CI log command written as `hashes` (an escape of the
    format it is in: `#\\u0023` in TOML and JSON strings), and the characters that may hide one written
    by `escape` (`\\uXXXX` in those strings)."""
    text = _unhidden(text, escape) if escape is not None else text
    return _LOG_COMMAND.sub(hashes, text) if "##" in text else text


def unicode_escape(char: str) -> str:
    """`\\uXXXX`, a surrogate pair past the first plane: a JSON or TOML string's escape of `char`."""
    units = char.encode("utf-16-be")
    return "".join(f"\\u{int.from_bytes(units[i : i + 2], 'big'):04x}" for i in range(0, len(units), 2))


def line(text: str) -> str:
    """A printed line that cannot be a workflow command, whatever its content."""
    text = _unhidden(text, _escape)
    stripped = text.lstrip()
    if stripped.startswith("::"):
        cut = len(text) - len(stripped)
        return text[:cut] + "\\x3a" + stripped[1:]
    return text


def json_text(text: str) -> str:
    """Serialised JSON with the characters json.dumps leaves raw escaped too (same value once parsed)."""
    text = _JSON_UNSAFE.sub(lambda m: unicode_escape(m.group()), text)
    return log_commands(text, "#\\\\u0023", unicode_escape)
