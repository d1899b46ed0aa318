"""The one adapter around python-hcl2 (v8): HCL text into blocks, attributes and expressions with lines.

python-hcl2 v8's `with_meta` is a stub (research/libs.md §1.1), so lines come from its typed tree:
every rule carries a lark `Meta` (`_meta.line`, `_meta.column`). Expressions are converted into
`Expr` nodes of our own, so nothing outside this module knows python-hcl2's classes. hcl2 is
imported lazily: only a run that meets a `.tf` file pays for it.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import pathlib
import re

from lambda6lint.loaders.terraform import scanner
from lambda6lint.loaders.terraform.cycles import free_cycles
from lambda6lint.records import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

#: Tokens that carry no meaning for evaluation (punctuation, whitespace, comments).
_NOISE = frozenset(
    {
        "NewLineOrCommentRule",
        "DBLQUOTE_TOKEN",
        "LSQB_TOKEN",
        "RSQB_TOKEN",
        "LBRACE_TOKEN",
        "RBRACE_TOKEN",
        "LPAR_TOKEN",
        "RPAR_TOKEN",
        "COMMA_TOKEN",
        "EQ_TOKEN",
        "COLON_TOKEN",
        "QMARK_TOKEN",
        "DOT_TOKEN",
        "INTERP_START_TOKEN",
        "FOR_TOKEN",
        "IN_TOKEN",
        "IF_TOKEN",
        "FOR_OBJECT_ARROW_TOKEN",
    }
)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")


class HclError(Exception):
    """A file that cannot be parsed; line and column are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@dataclass(frozen=True)
class Expr:
    """An expression node: `kind` names it, `args` holds its parts (see `_expr` for each kind)."""

    kind: str
    args: tuple[Any, ...] = ()
    line: int = 0
    column: int = 0


@dataclass
class Attribute:
    name: str
    expr: Expr
    line: int
    column: int
    path: str = ""  # the file it is written in, when not its block's: merged from an override file


@dataclass
class Block:
    type: str
    labels: list[str]
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    line: int = 1
    column: int = 1
    end_line: int = 1
    path: str = ""  # as Attribute.path

    def children(self, block_type: str) -> list[Block]:
        return [b for b in self.blocks if b.type == block_type]


def parse(text: str) -> Block:
    """The file as one body block (type "") holding its top-level attributes and blocks."""
    try:
        return _parse(text)
    finally:
        free_cycles(0)  # python-hcl2's tree: each rule points at its parent (~0.9 MB per small module)


def _parse(text: str) -> Block:
    from lark.exceptions import UnexpectedInput, VisitError

    _writable_grammar_cache()
    try:
        tree = _tree(text)
        body = _body(next(c for c in tree.children if type(c).__name__ == "BodyRule"), Block("", []))
    except UnexpectedInput as exc:
        line, column = getattr(exc, "line", 1) or 1, getattr(exc, "column", 1) or 1
        message = _syntax_message(exc)
        unexpected = message.removeprefix("HCL syntax error: ")  # (what lark met, said after the place it belongs)
        opened = _unclosed_string(text, line, column)
        if opened is not None:
            raise HclError(
                f"HCL syntax error: the quoted string opened here is not closed ({unexpected} on line {line})", *opened
            ) from None
        unfinished = _unfinished_item(exc, text)
        if unfinished is not None:
            said, at, lark_too = unfinished
            unexpected = unexpected.removesuffix(" (a block or bracket is not closed)")  # (lark's: none is)
            said += f" ({unexpected} on line {line})" if lark_too else ""
            raise HclError(f"HCL syntax error: {said}", *_line_column(text, at)) from None
        raise HclError(message, line, column) from None
    except StopIteration:
        return Block("", [])
    except VisitError as exc:  # python-hcl2's transformer refused what lark parsed: lark wraps what it raised
        meta = getattr(exc.obj, "meta", exc.obj)
        raise _error(exc.orig_exc, getattr(meta, "line", 1) or 1, getattr(meta, "column", 1) or 1) from None
    except (RecursionError, RuntimeError, ValueError, TypeError, AttributeError) as exc:
        raise _error(exc) from None
    body.end_line = text.count("\n") + 1
    return body


#: Template files parsed (`templatefile()`), by their text: a resource of many instances renders one
#: template for each.
_TEMPLATES: dict[str, Expr | None] = {}
_ESCAPED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _sequences(text: str) -> tuple[bool, bool]:
    """Whether a template's text holds an interpolation (`${`), and a directive (`%{`), not escaped."""
    return "${" in text.replace("$${", ""), "%{" in text.replace("%%{", "")


def parsed_already(text: str) -> bool:
    """Whether `template(text)` would not parse anything: its text has no sequence, or it was parsed."""
    return text in _TEMPLATES or not any(_sequences(text))


def template(text: str) -> Expr | None:
    """A template file's text as one template expression (its interpolations and `%{ }` directives
    parsed as python-hcl2 parses a quoted string's); None when it cannot be parsed."""
    if text in _TEMPLATES:
        return _TEMPLATES[text]
    if not any(_sequences(text)):  # (text alone: no parse)
        return Expr("lit", (text.replace("$${", "${").replace("%%{", "%{"),))
    quoted = _quoted(text)
    expr: Expr | None = None
    if quoted is not None:
        try:
            expr = parse(f'template = "{quoted}"\n').attributes["template"].expr
        except (HclError, KeyError):
            expr = None
        if expr is not None and expr.kind not in ("tmpl", "lit"):  # (`${x}` alone: still made a string)
            expr = Expr("tmpl", (expr,), expr.line, expr.column)
    if len(_TEMPLATES) >= 64:
        _TEMPLATES.clear()
    _TEMPLATES[text] = expr
    return expr


def _quoted(text: str) -> str | None:
    """The template's literal text escaped for a quoted string, its `${ }` and `%{ }` sequences as
    written; None when one is not closed. An interpolation's strip markers (`${~ x ~}`, which
    python-hcl2 does not read) strip the literal whitespace beside it here; a directive's python-hcl2
    reads, and `_parts` applies."""
    pieces: list[tuple[bool, str]] = []  # (literal?, text as written)
    trimming = False
    i, n = 0, len(text)
    while i < n:
        if text.startswith(("$${", "%%{"), i):  # (escapes in a quoted string too)
            pieces.append((False, text[i : i + 3]))
            i, trimming = i + 3, False
        elif text.startswith(("${", "%{"), i):
            end = closing_brace(text, i + 2)
            if end < 0:
                return None
            sequence, i = text[i : end + 1], end + 1
            if sequence.startswith("${~"):
                while pieces and pieces[-1][0] and pieces[-1][1].isspace():
                    pieces.pop()
                sequence = "${" + sequence[3:]
            trimming = sequence.startswith("${") and sequence.endswith("~}")
            pieces.append((False, sequence[:-2] + "}" if trimming else sequence))
        else:
            if not (trimming and text[i].isspace()):
                pieces.append((True, text[i]))
                trimming = False
            i += 1
    return "".join(_ESCAPED.get(piece, piece) if literal else piece for literal, piece in pieces)


def closing_brace(text: str, start: int) -> int:
    """The offset of the `}` closing the `${` or `%{` whose expression starts at `start`; -1 when none.
    Brackets and quoted strings inside it (with their own interpolations and escapes) are skipped; a
    template's text, whose `#` and `//` are no comments (scanner.scan without them)."""
    stack: list[list[Any]] = [["$", start - 2]]
    for event, at, _ in scanner.scan(text, stack, start, comments=False):
        if event == scanner.CLOSE and not stack:
            return at
    return -1


def _error(exc: BaseException, line: int = 1, column: int = 1) -> BaseException:
    """A file python-hcl2 cannot read (an unterminated `%{ if }` directive, say) as an HclError; an
    exception of any other kind is a bug, raised as it is."""
    if isinstance(exc, RecursionError):
        return HclError("nested too deeply", line, column)
    if isinstance(exc, (RuntimeError, ValueError, TypeError, AttributeError)):
        return HclError(str(exc) or type(exc).__name__, line, column)
    return exc


#: What python-hcl2's heredoc pattern may have to try in one text. It tries `\n\s*EOF` after every line of
#: a heredoc's body (to the end of the text when it is not closed), and each `\s*` runs over the blank
#: lines after it: work that grows with the square of a run of blank lines, so 200 KB of them took two
#: minutes. No real module has a run of thousands of blank lines; past this the file is refused.
MAX_HEREDOC_WORK = 20_000_000
_BLANK_RUN = re.compile(r"\n[ \t\r\f\v\n]*\n")


def _bounded_heredocs(text: str) -> None:
    """Refuse a text with a heredoc whose parse would take python-hcl2 unbounded time (MAX_HEREDOC_WORK),
    counting every run of blank lines in it (wherever it is, a heredoc may span it)."""
    if "<<" not in text:
        return
    work = 0
    for run in _BLANK_RUN.finditer(text):
        lines = run.group().count("\n")
        work += lines * (run.end() - run.start()) // 2
        if work > MAX_HEREDOC_WORK:
            line = text.count("\n", 0, run.start()) + 2
            raise HclError(
                f"{lines:,} blank lines in a row beside a heredoc: python-hcl2 would take time that grows with "
                "their square to read it (lambda6lint refuses such a file)",
                line,
                1,
            )


def _tree(text: str) -> Any:
    """python-hcl2's tree of the text; a file it refuses only for newlines inside an interpolation
    (valid Terraform) is read again without them, at the same lines (interpolation.py)."""
    from lark.exceptions import UnexpectedInput

    _bounded_heredocs(text)
    if "<<_" in text or "<<-_" in text:
        text = _letter_markers(text)
    try:
        return _typed(text)
    except UnexpectedInput as exc:
        from lambda6lint.loaders.terraform import interpolation

        flat = interpolation.flatten(text, _arrow_near(text, getattr(exc, "line", 0)))
        if flat is None:
            raise
        try:
            tree = _typed(flat)
        except UnexpectedInput as again:  # another mistake: that one is the file's error
            interpolation.relocate(again, text)
            raise again from None
        interpolation.restore(tree, text)
        return tree


_OPENING = re.compile(r"<<(-?)(_[A-Za-z0-9._-]*)(?=\r?\n)")
_CLOSING = re.compile(r"(?m)^([ \t]*)(_[A-Za-z0-9._-]*)(?=[ \t]*\r?$)")


def _letter_markers(text: str) -> str:
    """Heredocs whose marker starts with `_` (`<<_EOT`, valid Terraform) as python-hcl2 reads them, whose
    pattern wants a letter first: `<<zEOT` … `zEOT`, the same length, so lines and columns hold."""
    markers = {m.group(2) for m in _OPENING.finditer(text)}
    if not markers:
        return text
    # (a letter no renamed marker meets in the text: another heredoc's body may hold `zEOT` as a line)
    letter = next((c for c in "zqxjkvwyZQXJKVWY" if not any(c + m[1:] in text for m in markers)), "z")
    text = _OPENING.sub(lambda m: f"<<{m.group(1)}{letter}{m.group(2)[1:]}", text)
    return _CLOSING.sub(
        lambda m: f"{m.group(1)}{letter}{m.group(2)[1:]}" if m.group(2) in markers else m.group(0), text
    )


def _arrow_near(text: str, line: int) -> bool:
    """Whether the line python-hcl2 stopped at, or the next, starts with a `for` expression's `=>`."""
    if not isinstance(line, int) or line < 1:
        return False
    return any(part.lstrip().startswith("=>") for part in text.split("\n", line + 1)[line - 1 : line + 1])


def _typed(text: str) -> Any:
    """`hcl2.parses(text)`: lark's tree of the text, made python-hcl2's typed tree by one transformer
    kept for the run (`_transformer`)."""
    import hcl2

    return _transformer().transform(hcl2.parses_to_tree(text))


@functools.cache
def _transformer() -> Any:
    """python-hcl2's `RuleTransformer` (what `hcl2.transform` makes anew each time), with its rule
    methods looked up once: lark wraps each `v_args` method again (`functools.update_wrapper`) every
    time a node looks it up, which was a fifth of the transform. Bound here, in the instance, they
    take precedence over the class's wrappers (non-data descriptors); it keeps no state between trees."""
    from hcl2.transformer import RuleTransformer

    transformer = RuleTransformer()
    for name, value in vars(RuleTransformer).items():
        if hasattr(value, "visit_wrapper"):
            setattr(transformer, name, getattr(transformer, name))
    return transformer


_NEXT_ITEM = re.compile(r"[ \t]*[A-Za-z_][A-Za-z0-9_-]*[ \t]*(?:=(?!=)|\{|\")")


def _unclosed_string(text: str, line: int, column: int) -> tuple[int, int] | None:
    """Where the quoted string is opened that the error's line follows unclosed, when the error is the
    first thing on a line that starts an argument or a block: lark names that (`unexpected 'y'`), one
    line late, after reading on inside a string or `${` left open (`a = "${var.b[count.inde`). Only
    where the nearest line before it that is not blank opens the string itself, starting outside any,
    and does not leave an object constructor open inside it, where the next line may hold an argument."""
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    if not 1 < line <= len(starts):
        return None
    here = starts[line - 1]
    ahead = text[here : here + column - 1]
    if ahead.strip(" \t") or not _NEXT_ITEM.match(text, here):
        return None
    before = line - 1
    while before > 1 and not text[starts[before - 1] : starts[before] - 1].strip():
        before -= 1
    stack = _frames(text, starts[line - 1])
    if stack is None or len(stack) < 2 or stack[-1][-1] == "{":
        return None
    opened = stack[1][1]
    if not starts[before - 1] <= opened < starts[before]:
        return None
    return before, opened - starts[before - 1] + 1


def _frames(text: str, end: int) -> list[list[Any]] | None:
    """The strings and interpolations open at offset `end` (scanner.scan's stack): the body, then each as
    [kind, where it opened, its open brackets…]; None where a heredoc or a block comment is open there."""
    stack: list[list[Any]] = [["body", 0]]
    for event, _, info in scanner.scan(text, stack, 0, end):
        if event == scanner.BLOCK_COMMENT and not 0 <= info <= end:
            return None
        if event == scanner.HEREDOC and info[0] > end:
            return None
    return stack


def _unfinished_item(exc: Exception, text: str) -> tuple[str, int, bool] | None:
    """What is wrong with an item left without `=` or `{` (`x "abc"`, an argument's `=` missing, a
    word alone, or one after an argument on its line: cicdenv/cicdenv's `function_name = "…"osted_zone`, which
    Terraform calls a missing newline), and the offset where: lark reads it as a block's header whose `{` may come
    after a newline, so it names the token after it, lines later. Only where lark wanted that `{` alone and the
    item is the last thing it read (its name, any labels, then newlines or comments). The bool: whether what lark
    names after it helps (not for a word after an argument, which is itself what was unexpected)."""
    if set(getattr(exc, "expected", ()) or ()) != {"LBRACE"}:
        return None
    parser = getattr(exc, "interactive_parser", None)
    stack = list(getattr(getattr(parser, "parser_state", None), "value_stack", ()) or ())
    kinds = [getattr(v, "data", None) for v in stack]
    if len(stack) < 2 or kinds[-1] != "new_line_or_comment":
        return None
    first = len(stack) - 2
    while first >= 0 and str(kinds[first]).startswith("__block_star_"):
        first -= 1
    if first < 0 or kinds[first] != "_attribute_name":
        return None
    starts: list[int] = []
    for value in stack[first:]:
        start = getattr(getattr(value, "meta", None), "start_pos", None)
        if not isinstance(start, int) or not 0 <= start <= len(text):
            return None
        starts.append(start)
    for labels in stack[first + 1 : -1]:
        for label in labels.children:
            if _spans_lines(label) and isinstance(getattr(label.meta, "start_pos", None), int):
                # (a label's quote not closed: lark read on to the next quote, lines later)
                return "the quoted string opened here is not closed", label.meta.start_pos, True
    name, written = text[starts[0] : starts[1]].strip(), " ".join(text[starts[0] : starts[-1]].split())
    if text[text.rfind("\n", 0, starts[0]) + 1 : starts[0]].strip():  # (after an argument or a `}` on its line)
        return f"unexpected {name[:40]!r} (an argument or block ends with a newline)", starts[0], False
    if len(starts) == 2:
        said = f"{name[:40]!r} is neither an argument (no '=' and value after it) nor a block (no '{{' on its line)"
        return said, starts[0], True
    said = f"{written[:60]!r} is neither an argument (no '=' after {name[:40]!r}) nor a block (no '{{' on its line)"
    return said, starts[1], True


def _spans_lines(label: Any) -> bool:
    """Whether a quoted label's literal text holds a newline (which a closed one cannot)."""
    return getattr(label, "data", None) == "string" and any(
        isinstance(token, str) and "\n" in token
        for part in label.children
        if getattr(part, "data", None) == "string_part"
        for token in part.children
    )


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of an offset in the text."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _syntax_message(exc: Exception) -> str:
    """`HCL syntax error: unexpected '}'` rather than lark's token dump."""
    token = getattr(exc, "token", None)
    if token is not None and getattr(token, "type", "") == "$END":
        return "HCL syntax error: unexpected end of file (a block or bracket is not closed)"
    if token is not None:
        text = str(token).strip() or "end of line"
        return f"HCL syntax error: unexpected {text[:40]!r}"
    char = getattr(exc, "char", None)
    if isinstance(char, str):
        return f"HCL syntax error: unexpected character {char!r}"
    return "HCL syntax error: unexpected end of file"


def _writable_grammar_cache() -> None:
    """python-hcl2 caches its compiled grammar beside itself; a read-only install would rebuild it in
    every process (~1 s, research/libs.md §1.5), so point the cache at the user's cache folder instead."""
    import hcl2
    import hcl2.parser as hcl2_parser

    target = hcl2_parser.PARSER_FILE
    if getattr(hcl2_parser.parser, "cache_info", None) and hcl2_parser.parser.cache_info().currsize:
        return  # already built in this process
    if target.exists() or os.access(target.parent, os.W_OK):
        return
    folder = pathlib.Path(os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache") / "lambda6lint"
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        version = getattr(hcl2, "__version__", "8")
        hcl2_parser.PARSER_FILE = folder / f"hcl2-{version}.lark_cache.bin"


# ----- typed tree → our nodes ----------------------------------------------------------------


def _kids(node: Any) -> list[Any]:
    return [c for c in getattr(node, "children", ()) if c is not None and type(c).__name__ not in _NOISE]


def _pos(node: Any) -> tuple[int, int]:
    meta = getattr(node, "_meta", None)
    if meta is None or getattr(meta, "empty", False):
        return 0, 0
    return getattr(meta, "line", 0) or 0, getattr(meta, "column", 0) or 0


def _body(body: Any, block: Block) -> Block:
    for child in getattr(body, "children", ()):
        kind = type(child).__name__
        if kind == "AttributeRule":
            parts = _kids(child)
            name = _text(parts[0])
            line, column = _pos(child)
            block.attributes[name] = Attribute(name, _expr(parts[-1]), line, column)
        elif kind == "BlockRule":
            parts = [c for c in child.children if c is not None]
            labels = [_label(p) for p in parts if type(p).__name__ in ("IdentifierRule", "StringRule")]
            line, column = _pos(child)
            sub = Block(labels[0], labels[1:], line=line, column=column, end_line=_end(child, line))
            inner = next((p for p in parts if type(p).__name__ == "BodyRule"), None)
            block.blocks.append(_body(inner, sub) if inner is not None else sub)
    return block


def _end(node: Any, default: int) -> int:
    meta = getattr(node, "_meta", None)
    return getattr(meta, "end_line", default) or default


def _label(node: Any) -> str:
    if type(node).__name__ == "StringRule":
        return "".join(str(p) for p in _string_parts(node) if isinstance(p, str))
    return _text(node)


def _text(node: Any) -> str:
    """The raw text of a token or of a rule made of tokens."""
    if hasattr(node, "children"):
        return "".join(_text(c) for c in node.children if c is not None)
    value = getattr(node, "value", node)
    return str(value)


def _unescape(raw: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, "\\" + code)

    return _ESCAPE.sub(one, raw)


def _string_parts(node: Any) -> list[Any]:
    """A quoted string's parts: literal text (str) and interpolated expressions (Expr)."""
    return _parts(_kids(node))


def _parts(nodes: list[Any]) -> list[Any]:
    """Template parts: literal text (str), interpolations (Expr) and directives (`tmpl_if`, `tmpl_for`).
    A directive's strip markers (`~`) take the whitespace of the literal text beside them here, as HCL
    does when it parses a template (a loop's body is stripped once, and so every time)."""
    parts: list[Any] = []
    trim = False  # (a directive before ended with `~}`)
    for part in nodes:
        for piece in getattr(part, "children", [part]):
            if piece is None:
                continue
            kind = type(piece).__name__
            if kind in ("TemplateIfRule", "TemplateForRule"):
                directive, opens, closes = (_template_if if kind == "TemplateIfRule" else _template_for)(piece)
                if opens:
                    _rstrip(parts)
                parts.append(directive)
                trim = closes
                continue
            if kind == "InterpolationRule":
                inner = _kids(piece)
                parts.append(_expr(inner[0]) if inner else Expr("unknown"))
            else:
                raw = str(getattr(piece, "value", ""))
                text = raw[1:] if raw.startswith(("$${", "%%{")) else _unescape(raw)
                text = text.lstrip() if trim else text
                if not text:
                    continue  # (all whitespace it strips: the literal text after it is stripped too)
                parts.append(text)
            trim = False
    return parts


def _rstrip(parts: list[Any]) -> list[Any]:
    """The whitespace at the end of the literal text that ends `parts` removed (`%{~`)."""
    while parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip()
        if parts[-1]:
            break
        parts.pop()
    return parts


def _lstrip(parts: list[Any]) -> list[Any]:
    """The whitespace at the start of the literal text that begins `parts` removed (`~}`)."""
    while parts and isinstance(parts[0], str):
        parts[0] = parts[0].lstrip()
        if parts[0]:
            break
        parts.pop(0)
    return parts


def _template_if(node: Any) -> tuple[Expr, bool, bool]:
    """`%{ if c }…%{ else }…%{ endif }`: (condition, then parts, else parts), its bodies stripped as
    their markers ask; and whether it strips the text before it and after it."""
    kids = [k for k in node.children if k is not None]
    start, end = kids[0], kids[-1]
    then: list[Any] = []
    other: list[Any] = []
    into, middle = then, None
    for kid in kids[1:-1]:
        if type(kid).__name__ == "TemplateElseRule":
            into, middle = other, kid
        else:
            into.append(kid)
    then_parts, else_parts = _parts(then), _parts(other)
    if start.strip_close:
        _lstrip(then_parts)
    if middle is not None and middle.strip_open:
        _rstrip(then_parts)
    if middle is not None and middle.strip_close:
        _lstrip(else_parts)
    if end.strip_open:
        _rstrip(else_parts if middle is not None else then_parts)
    condition = _expr(start.condition)
    made = Expr("tmpl_if", (condition, tuple(then_parts), tuple(else_parts)), *_pos(node))
    return made, start.strip_open, end.strip_close


def _template_for(node: Any) -> tuple[Expr, bool, bool]:
    """`%{ for k, v in c }…%{ endfor }`: (names, collection, body parts), its body stripped as its
    markers ask; and whether it strips the text before it and after it."""
    kids = [k for k in node.children if k is not None]
    start, end = kids[0], kids[-1]
    names = tuple(_text(n) for n in (start.iterator, start.key_iterator) if n is not None)  # (as written: `k, v`)
    body = _parts(kids[1:-1])
    if start.strip_close:
        _lstrip(body)
    if end.strip_open:
        _rstrip(body)
    made = Expr("tmpl_for", (names, _expr(start.collection), tuple(body)), *_pos(node))
    return made, start.strip_open, end.strip_close


def _short_index(text: str) -> Expr:
    """The index of a legacy `a.0` index: unknown when over Python's 4,300 digits (`int` refuses it, a safety
    limit; no list is that long), as an integer literal is, not the whole file unreadable."""
    digits = text.lstrip(".")
    return Expr("lit", (int(digits),)) if len(digits) <= 4300 else Expr("unknown", ())


def _expr(node: Any) -> Expr:  # noqa: C901 - one dispatch over the grammar's expression rules
    kind = type(node).__name__
    line, column = _pos(node)
    kids = _kids(node)
    if kind == "ExprTermRule":
        if len(kids) == 1:
            inner = _expr(kids[0])
            return inner if inner.line else Expr(inner.kind, inner.args, line, column)
        return Expr("unknown", (), line, column)
    if kind == "IntLitRule":
        try:
            return Expr("lit", (int(_text(node)),), line, column)
        except ValueError:  # over Python's 4,300 digits: far over the budget's bits too (MAX_INT_BITS)
            return Expr("unknown", (), line, column)
    if kind == "FloatLitRule":
        text = _text(node)
        try:
            number = float(text)
        except ValueError:
            return Expr("unknown", (), line, column)
        # `1e999`: Terraform holds it exactly (512 bits), a float only as an infinity
        return Expr("lit", (number,), line, column) if math.isfinite(number) else Expr("unknown", (), line, column)
    if kind == "LiteralValueRule" or kind == "KeywordRule":
        text = _text(node).strip()
        value = {"true": True, "false": False, "null": None}.get(text, text)
        return Expr("lit", (value,), line, column)
    if kind == "IdentifierRule":
        return Expr("ref", (_text(node),), line, column)
    if kind == "StringRule":
        parts = _string_parts(node)
        if all(isinstance(p, str) for p in parts):
            return Expr("lit", ("".join(parts),), line, column)
        if len(parts) == 1 and parts[0].kind not in ("tmpl_if", "tmpl_for"):
            return parts[0]  # "${x}" is x itself, whatever its type (a directive makes a string)
        return Expr("tmpl", tuple(parts), line, column)
    if kind in ("HeredocTemplateRule", "HeredocTrimTemplateRule"):
        return _heredoc(_text(node), kind == "HeredocTrimTemplateRule", line, column)
    if kind == "TupleRule":
        items = [k for k in kids if type(k).__name__ != "ELLIPSIS_TOKEN"]
        return Expr("tuple", tuple(_expr(k) for k in items), line, column)
    if kind == "ObjectRule":
        elems = []
        for elem in kids:
            if type(elem).__name__ != "ObjectElemRule":
                continue
            key_node, value_node = _kids(elem)[0], _kids(elem)[-1]
            elems.append((_key(key_node), _expr(value_node)))
        return Expr("object", tuple(elems), line, column)
    if kind == "GetAttrExprTermRule":
        return Expr("attr", (_expr(kids[0]), _text(_kids(kids[1])[0])), line, column)
    if kind == "IndexExprTermRule":
        index = _kids(kids[1])
        if type(kids[1]).__name__ == "ShortIndexRule":
            return Expr("index", (_expr(kids[0]), _short_index(_text(kids[1]))), line, column)
        return Expr("index", (_expr(kids[0]), _expr(index[0]) if index else Expr("unknown")), line, column)
    if kind in ("FullSplatExprTermRule", "AttrSplatExprTermRule"):
        ops: list[tuple[str, Any]] = []
        for op in _kids(kids[1]):
            op_kind = type(op).__name__
            if op_kind == "GetAttrRule":
                ops.append(("attr", _text(_kids(op)[0])))
            elif op_kind == "SqbIndexRule":
                ops.append(("index", _expr(_kids(op)[0])))
            elif op_kind == "ShortIndexRule":
                ops.append(("index", _short_index(_text(op))))
        if kind == "FullSplatExprTermRule":
            return Expr("splat", (_expr(kids[0]), tuple(ops)), line, column)
        # `a.*.id[0]` (the legacy splat) takes attributes only: what follows them applies to the list it
        # makes (`[for v in a: v.id][0]`, HCL's spec), where `a[*].id[0]` is `[for v in a: v.id[0]]`
        cut = next((n for n, (op, _) in enumerate(ops) if op != "attr"), len(ops))
        made = Expr("splat", (_expr(kids[0]), tuple(ops[:cut])), line, column)
        for op, operand in ops[cut:]:
            made = Expr(op, (made, operand), line, column)
        return made
    if kind == "FunctionCallRule":
        names = [k for k in kids if type(k).__name__ == "IdentifierRule"]
        name = "::".join(_text(n) for n in names)
        args_node = next((k for k in kids if type(k).__name__ == "ArgumentsRule"), None)
        args = [a for a in _kids(args_node)] if args_node is not None else []
        expand = any(type(a).__name__ == "ELLIPSIS_TOKEN" for a in args)
        values = tuple(_expr(a) for a in args if type(a).__name__ != "ELLIPSIS_TOKEN")
        return Expr("call", (name, values, expand), line, column)
    if kind == "ConditionalRule":
        return Expr("cond", tuple(_expr(k) for k in kids[:3]), line, column)
    if kind == "BinaryOpRule":
        left, term = kids[0], kids[1]
        term_kids = _kids(term)
        op = _text(term_kids[0]).strip()
        return Expr("binop", (op, _expr(left), _expr(term_kids[1])), line, column)
    if kind == "UnaryOpRule":
        return Expr("unop", (_text(node.children[0]).strip(), _expr(kids[-1])), line, column)
    if kind in ("ForTupleExprRule", "ForObjectExprRule"):
        intro = next(k for k in kids if type(k).__name__ == "ForIntroRule")
        names = [_text(k) for k in _kids(intro) if type(k).__name__ == "IdentifierRule"]
        collection = _expr([k for k in _kids(intro) if type(k).__name__ != "IdentifierRule"][-1])
        cond_node = next((k for k in kids if type(k).__name__ == "ForCondRule"), None)
        cond = _expr(_kids(cond_node)[-1]) if cond_node is not None else None
        bodies = [
            _expr(k) for k in kids if type(k).__name__ not in ("ForIntroRule", "ForCondRule") and hasattr(k, "children")
        ]
        grouping = any(type(k).__name__ == "ELLIPSIS_TOKEN" for k in kids)
        if kind == "ForTupleExprRule":
            return Expr("for_tuple", (names, collection, bodies[0], cond), line, column)
        return Expr("for_object", (names, collection, bodies[0], bodies[1], cond, grouping), line, column)
    return Expr("unknown", (), line, column)


def _key(node: Any) -> Expr:
    """An object key: a bare name is a string; `(expr)` and quoted keys are expressions."""
    inner = _kids(node)
    if type(node).__name__ == "ObjectElemKeyRule" and inner and type(inner[0]).__name__ == "IdentifierRule":
        return Expr("lit", (_text(inner[0]),), *_pos(node))
    if (
        type(node).__name__ == "ObjectElemKeyRule"
        and inner
        and type(inner[0]).__name__ in ("IntLitRule", "FloatLitRule")
    ):
        return Expr("lit", (_text(inner[0]),), *_pos(node))
    return _expr(inner[0]) if inner else Expr("unknown")


#: A reference written in an interpolation left a hole: a name and the attributes and literal indexes after
#: it (`aws_eip.nat[0].public_ip`), found in text whose string literals are blanked (`_unquoted`). Each
#: alternative starts with its own character, so a failed match never backtracks far.
_HOLE_REFERENCE = re.compile(
    r'(?<![\w.\-\]])([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\.\*|\[(?:[0-9]+|"[^"\\\n]*"|\*)\])+)'
)
_REFERENCE_ROOT = re.compile(r"module|data|var|local|[a-z][a-z0-9]*_[a-z0-9_]+")  # (a resource type: `aws_eip`)
_SEGMENT = re.compile(r'\.([A-Za-z_][\w-]*)|\[([0-9]+)\]|\["([^"]*)"\]|(\[\*\]|\.\*)')
_MAX_HOLE_REFERENCES = 64


def _holes(text: str) -> str:
    """The text with a hole (`\\x00`) for each `${ }` and `%{ }` (not `$${`, `%%{`), in one pass: a regular
    expression looked for the `}` again from each opening, minutes for a heredoc of unclosed ones."""
    out: list[str] = []
    start = 0
    # (the next `${` and `%{` at or after `start`, each looked for again only once passed: looking for both
    # from each hole read the rest of the text for the one it has not, 17 s for 50,000 `${x}` in 500 KB)
    found = [text.find("${"), text.find("%{")]
    while True:
        for which, mark in enumerate(("${", "%{")):
            if -1 < found[which] < start:
                found[which] = text.find(mark, start)
        opening = min((i for i in found if i != -1), default=-1)
        escape = opening > 0 and text[opening - 1] == text[opening]  # (`$${` and `%%{` are escapes)
        closing = text.find("}", opening + 2) if opening != -1 and not escape else opening
        if closing == -1:  # (none after: no hole after either; an escape's `}` is not looked for, each time)
            out.append(text[start:])
            return "".join(out)
        if escape:
            out.append(text[start : opening + 2])
        else:
            out.append(text[start:opening] + "\x00")
            opening = closing - 1
        start = opening + 2


def _interpolations(text: str) -> Iterator[str]:
    """What each `${ }` of a template's text holds (not `$${`, an escape), in one pass: an interpolation
    without its `}` ends the search, as none after it can have one either."""
    start = 0
    while (opening := text.find("${", start)) != -1:
        if opening and text[opening - 1] == "$":
            start = opening + 2
            continue
        closing = text.find("}", opening + 2)
        if closing == -1:
            return
        yield text[opening + 2 : closing]
        start = closing + 1


def _unquoted(inside: str) -> str:
    """An interpolation with its string literals blanked, but those that index (`x["key"]`), in one pass."""
    out: list[str] = []
    i, n = 0, len(inside)
    while i < n:
        quote = inside.find('"', i)
        if quote == -1:
            out.append(inside[i:])
            break
        out.append(inside[i:quote])
        end, escaped = quote + 1, False
        while end < n and (escaped or inside[end] != '"'):
            escaped = not escaped and inside[end] == "\\"
            end += 1
        literal = inside[quote : end + 1]
        out.append(literal if inside[:quote].rstrip().endswith("[") else " " * len(literal))
        i = end + 1
    return "".join(out)


def _hole_references(text: str, line: int, column: int) -> tuple[Expr, ...]:
    """The references in a heredoc's interpolations, as expressions, without parsing the heredoc: a hole
    keeps what it names (a bucket policy's `${aws_eip.nat.public_ip}` relies on the NAT gateway's address)."""
    found: dict[str, Expr] = {}
    for inside in _interpolations(text):
        for match in _HOLE_REFERENCE.finditer(_unquoted(inside)):
            root, rest = match.groups()
            written = root + rest
            if written in found or not _REFERENCE_ROOT.fullmatch(root):
                continue
            if len(found) >= _MAX_HOLE_REFERENCES:
                return tuple(found.values())
            expr = Expr("ref", (root,), line, column)
            ops: list[tuple[str, Any]] | None = None  # after a splat: what applies to each item
            for segment in _SEGMENT.finditer(rest):
                name, number, key, splat = segment.groups()
                if splat:
                    if ops is not None:
                        break  # (a splat of a splat: the first's items are as far as this goes)
                    ops = []
                    continue
                if number is not None and len(number) > 9:
                    break  # (an index no list has: what follows it is not followed)
                op = ("attr", name) if name is not None else ("index", Expr("lit", (int(number) if number else key,)))
                if ops is not None:
                    ops.append(op)
                else:
                    expr = Expr(op[0], (expr, op[1]), line, column)
            if ops is not None:
                expr = Expr("splat", (expr, tuple(ops)), line, column)
            found[written] = expr
    return tuple(found.values())


def _heredoc(raw: str, trim: bool, line: int, column: int) -> Expr:
    """A heredoc (python-hcl2 reads it as one token): its text, with holes where its interpolations
    are (a policy's actions survive; parsing every heredoc's made a module of 200 policies 50% slower),
    each keeping the references written in it (a Step Functions definition naming a NAT's subnets makes
    its ECS tasks egress hosts there: `_hole_references`); one with a directive, which holes would leave
    unreadable (a `%{ for }` over a policy's statements), is parsed and rendered as a template file is."""
    lines = raw.split("\n")
    body = lines[1:-2] if len(lines) >= 3 else []
    if trim and body:
        indent = min((len(x) - len(x.lstrip()) for x in body if x.strip()), default=0)
        body = [x[indent:] for x in body]
    text = "\n".join(body) + ("\n" if body else "")
    interpolation, directive = _sequences(text)
    made = template(text) if directive else None
    if made is not None:
        return Expr(made.kind, made.args, line, column)
    if interpolation or directive:
        holes = _holes(text)
        return Expr("partial", (holes, _hole_references(text, line, column)), line, column)
    return Expr("lit", (text.replace("$${", "${").replace("%%{", "%{"),), line, column)
