"""Terraform's JSON syntax (`*.tf.json`) into the blocks, attributes and expressions hcl.py gives.

Terraform's mapping (its "JSON Configuration Syntax" page, HCL's json/spec.md): the top-level object's
properties are block types, each label one more level of objects (or arrays of them); an argument's
JSON string is a string template, and a template that is a single `${…}` is that expression's value
itself, not a string; numbers, bools and null are literals; arrays are tuples, objects are object
constructors whose property names are templates too. Exceptions are kept: a variable's `default` is
a literal JSON value and its `type` a type expression, a module's `source` and `version` are literal
strings, `"//"` properties of a block body are comments.

JSON has no schema of its own: which properties of a resource are nested blocks rather than
arguments comes from `NESTED`, the block types of the resources the rules read (an object under
any other name is an argument; the evaluator reads both alike).

Lines and columns come from the JSON reader (`marked.load_text`): a block or an argument is where
its property name is, an expression where its JSON value is. The expressions inside templates are parsed by
hcl.py, all of a file's at once.
"""

from __future__ import annotations

from lambda6lint.loaders.common.errors import InputError
from lambda6lint.loaders.common.marked import LDict, LList, load_text
from lambda6lint.loaders.terraform.hcl import Attribute, Block, Expr, HclError, closing_brace
from lambda6lint.loaders.terraform.hcl import parse as parse_hcl
from lambda6lint.loaders.terraform.hcl import template as parse_template

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Labels each top-level block type takes; other top-level properties (terraform, provider, moved,
#: check…) are not read.
_LABELS = {"variable": 1, "output": 1, "module": 1, "resource": 2, "data": 2, "locals": 0, "import": 0}
#: Nested block types of the resources the rules read (a Lambda function's `vpc_config`, a route
#: table's `route`, a policy document's `statement`…), and the meta-blocks.
NESTED = frozenset(
    {
        "vpc_config",
        "environment",
        "route",
        "ingress",
        "egress",
        "endpoint_configuration",
        "domain_name_configuration",
        "inline_policy",
        "statement",
        "principals",
        "not_principals",
        "condition",
        "availability_zone_address",
        "content",
        "lifecycle",
        "connection",
        "timeouts",
    }
)
#: Nested block types with one label.
_LABELLED = frozenset({"dynamic", "provisioner"})
#: Arguments whose JSON value is taken literally, per block type.
_LITERAL = {
    "variable": frozenset({"default", "description", "nullable", "sensitive", "ephemeral"}),
    "output": frozenset({"description", "sensitive", "ephemeral"}),
    "module": frozenset({"source", "version", "providers"}),
}
_REFERENCES = frozenset({"depends_on", "provider"})  # references written as strings: not read


def parse(text: str) -> Block:
    """The file as one body block (type "") holding its top-level blocks, like hcl.parse."""
    try:
        document = load_text(text)
    except InputError as exc:
        raise HclError(exc.message, exc.line, exc.column) from None
    if not isinstance(document, LDict):
        raise HclError("a Terraform JSON file must hold one JSON object")
    wanted = _Reader(None)  # a first pass only collects the expressions inside templates
    _blocks(document, wanted, text)
    return _blocks(document, _Reader(_parse_all(wanted.wanted)), text)


def _blocks(document: LDict, reader: _Reader, text: str) -> Block:
    body = Block("", [], end_line=text.count("\n") + 1)
    for block_type, value in document.items():
        if block_type == "terraform":
            body.blocks += _settings(reader, value, document.mark_of(block_type))
            continue
        labels = _LABELS.get(block_type)
        if labels is None:
            continue
        line, column = document.mark_of(block_type)
        for found_labels, content, where in _labelled(value, labels, (line, column)):
            if block_type == "locals":
                for name, item in content.items():
                    if name != "//":
                        body.blocks.append(_locals(reader, content, name, item))
                continue
            block = Block(block_type, found_labels, line=where[0], column=where[1], end_line=_last_line(content))
            reader.body(block, content, block_type)
            body.blocks.append(block)
    return body


def _settings(reader: _Reader, value: Any, where: tuple[int, int]) -> list[Block]:
    """The `terraform` blocks, with only where the root's state is (`backend`, `cloud`: remote.py); nothing
    of a shape Terraform rejects."""
    out = []
    try:
        for _, content, at in _labelled(value, 0, where):
            block = Block("terraform", [], line=at[0], column=at[1], end_line=_last_line(content))
            for name, labels in (("backend", 1), ("cloud", 0)):
                if name not in content:
                    continue
                for found, inner, place in _labelled(content[name], labels, content.mark_of(name)):
                    sub = Block(name, found, line=place[0], column=place[1], end_line=_last_line(inner))
                    for key, item in inner.items():
                        line, column = inner.mark_of(key)
                        if key == "workspaces" and isinstance(item, LDict):  # (a block of `cloud` and `remote`)
                            nested = Block(key, [], line=line, column=column, end_line=_last_line(item))
                            for setting, given in item.items():
                                at_setting = item.mark_of(setting)
                                nested.attributes[setting] = Attribute(
                                    setting, reader.expression(given, *at_setting), *at_setting
                                )
                            sub.blocks.append(nested)
                        elif key != "//":
                            sub.attributes[key] = Attribute(key, reader.expression(item, line, column), line, column)
                    block.blocks.append(sub)
            out.append(block)
    except HclError:
        return []
    return out


def _parse_all(wanted: dict[str, tuple[int, int]]) -> dict[str, Expr]:
    """Every expression written inside a template (or as a variable's type), parsed by hcl.py in one
    call; when that fails, one at a time, to name the one Terraform would reject."""
    texts = list(wanted)
    if not texts:
        return {}
    source = "".join(f'e{i} = "${{{t}}}"\n' for i, t in enumerate(texts))
    try:
        attributes = parse_hcl(source).attributes
    except HclError:
        attributes = {}
    if sorted(attributes) == sorted(f"e{i}" for i in range(len(texts))):
        return {t: attributes[f"e{i}"].expr for i, t in enumerate(texts)}
    out = {}
    for text in texts:
        line, column = wanted[text]
        try:
            found = parse_hcl(f'e = "${{{text}}}"\n').attributes
        except HclError as exc:
            raise HclError(f"invalid expression: {exc.message}", line, column) from None
        if list(found) != ["e"]:
            raise HclError("invalid expression", line, column)
        out[text] = found["e"].expr
    return out


def _locals(reader: _Reader, content: LDict, name: str, value: Any) -> Block:
    line, column = content.mark_of(name)
    block = Block("locals", [], line=line, column=column, end_line=line)
    block.attributes[name] = Attribute(name, reader.expression(value, line, column), line, column)
    return block


def _labelled(value: Any, labels: int, where: tuple[int, int]) -> list[tuple[list[str], LDict, tuple[int, int]]]:
    """(labels, body, where) for each block a block-type property holds: objects keyed by each label
    in turn, any level of which may be an array of such objects."""
    out: list[tuple[list[str], LDict, tuple[int, int]]] = []
    pending: list[tuple[Any, list[str], tuple[int, int]]] = [(value, [], where)]
    while pending:
        node, found, at = pending.pop(0)
        if isinstance(node, LList):
            pending[:0] = [(item, found, node.mark_of(i)) for i, item in enumerate(node)]
        elif not isinstance(node, LDict):
            raise HclError("a block must be a JSON object", *at)
        elif len(found) == labels:
            out.append((found, node, at))
        else:
            pending[:0] = [(node[k], [*found, str(k)], node.mark_of(k)) for k in node if k != "//"]
    return out


def _last_line(node: Any) -> int:
    """The last line any part of a JSON object or array is written on (a block's end)."""
    last = getattr(node, "line", 1)
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, LDict):
            last = max([last, *(line for line, _ in item.key_marks.values())])
            stack.extend(item.values())
        elif isinstance(item, LList):
            last = max([last, *(line for line, _ in item.item_marks)])
            stack.extend(item)
    return last


class _Reader:
    """Builds a file's blocks and expressions. Run twice: first without the parsed `${…}` expressions
    (it then only notes, in `wanted`, each one and where it is written), then with them."""

    def __init__(self, parsed: dict[str, Expr] | None):
        self.parsed = parsed
        self.wanted: dict[str, tuple[int, int]] = {}

    def inner(self, text: str, line: int, column: int) -> Expr:
        """The expression written inside `${…}`, placed at the JSON value holding it."""
        if self.parsed is None:
            self.wanted.setdefault(text, (line, column))
            return Expr("unknown", (), line, column)
        return _relocate(self.parsed[text], line, column)

    def body(self, block: Block, content: LDict, block_type: str) -> None:
        literal = _LITERAL.get(block_type, frozenset())
        for name, value in content.items():
            if name == "//" or name in _REFERENCES:
                continue
            line, column = content.mark_of(name)
            if block_type in ("resource", "data", "nested") and (name in NESTED or name in _LABELLED):
                labels = 1 if name in _LABELLED else 0
                for found, inner, where in _labelled(value, labels, (line, column)):
                    sub = Block(name, found, line=where[0], column=where[1], end_line=_last_line(inner))
                    self.body(sub, inner, "nested")
                    block.blocks.append(sub)
                continue
            if block_type in ("variable", "import") and name in ("type", "to") and isinstance(value, str):
                expr = self.inner(value, line, column)  # a type, or the address an import adopts
            elif block_type == "nested" and block.type == "dynamic" and name == "iterator" and isinstance(value, str):
                expr = Expr("ref", (value,), line, column)
            elif name in literal:
                expr = Expr("lit", (value,), line, column)
            else:
                expr = self.expression(value, line, column)
            block.attributes[name] = Attribute(name, expr, line, column)

    def expression(self, value: Any, line: int, column: int) -> Expr:
        """A JSON value as an expression (Terraform's expression mapping)."""
        if isinstance(value, LDict):
            pairs = []
            for key, item in value.items():
                at = value.mark_of(key)
                pairs.append((self.template(str(key), *at), self.expression(item, *at)))
            return Expr("object", tuple(pairs), line, column)
        if isinstance(value, LList):
            items = tuple(self.expression(item, *value.mark_of(i)) for i, item in enumerate(value))
            return Expr("tuple", items, line, column)
        if isinstance(value, str):
            return self.template(value, line, column)
        return Expr("lit", (value,), line, column)

    def template(self, text: str, line: int, column: int) -> Expr:
        """A string template: literal text and `${…}` interpolations (`$${` is a literal `${`, `~`
        strips the whitespace beside it); one holding a directive (`%{ if … }`) is parsed as a native
        template is (hcl.template), unknown when it cannot be. A template that is one interpolation and
        nothing else is that expression's value."""
        parts: list[Any] = []
        literal: list[str] = []
        strip_next = False
        i = 0
        while i < len(text):
            if text.startswith(("$${", "%%{"), i):
                literal.append(text[i + 1 : i + 3])
                i += 3
                continue
            if text.startswith("%{", i):
                made = parse_template(text)
                return Expr("unknown", (), line, column) if made is None else _relocate(made, line, column)
            if not text.startswith("${", i):
                literal.append(text[i])
                i += 1
                continue
            end = closing_brace(text, i + 2)
            if end < 0:
                raise HclError("unclosed template interpolation sequence", line, column)
            inner = text[i + 2 : end]
            head = "".join(literal)
            if strip_next:
                head = head.lstrip()
            if inner.startswith("~"):
                head, inner = head.rstrip(), inner[1:]
            strip_next = inner.endswith("~")
            if head:
                parts.append(head)
            literal = []
            parts.append(self.inner(inner[:-1] if strip_next else inner, line, column))
            i = end + 1
        tail = "".join(literal)
        if strip_next:
            tail = tail.lstrip()
        if tail:
            parts.append(tail)
        if not parts:
            return Expr("lit", ("",), line, column)
        if len(parts) == 1:
            return parts[0] if isinstance(parts[0], Expr) else Expr("lit", (parts[0],), line, column)
        return Expr("tmpl", tuple(parts), line, column)


def _relocate(expr: Expr, line: int, column: int) -> Expr:
    """The expression with every node placed at the JSON value it was written in."""

    def one(arg: Any) -> Any:
        if isinstance(arg, Expr):
            return Expr(arg.kind, tuple(one(a) for a in arg.args), line, column)
        if isinstance(arg, tuple):
            return tuple(one(a) for a in arg)
        return arg

    try:
        return one(expr)
    except RecursionError:
        raise HclError("nested too deeply", line, column) from None


__all__ = ["NESTED", "parse"]
