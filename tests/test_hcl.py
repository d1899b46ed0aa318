"""The python-hcl2 adapter: blocks, attributes and expressions with the lines findings point at."""

from __future__ import annotations

import pytest
from conftest import ROOT, SHARED

from lambda6lint.loaders.terraform import hcl
from lambda6lint.loaders.terraform.evaluator import Evaluator, Scope

SOURCE = """\
# a comment
resource "aws_lambda_function" "fn" {
  function_name = "orders-${var.env}"
  vpc_config {
    subnet_ids = [
      aws_subnet.a.id,
      aws_subnet.b.id,
    ]
    security_group_ids          = aws_security_group.fn[*].id
    ipv6_allowed_for_dual_stack = var.on ? true : false
  }
}

locals {
  azs   = ["us-east-1a", "us-east-1b"]
  tags  = { Name = "x", "Team" = "net" }
  names = [for s in var.subnets : s.name if s.ok]
  text  = <<-EOT
    hello
  EOT
}
"""


@pytest.fixture(scope="module")
def body():
    return hcl.parse(SOURCE)


def test_block_labels_and_lines(body):
    fn = body.blocks[0]
    assert (fn.type, fn.labels, fn.line, fn.end_line) == ("resource", ["aws_lambda_function", "fn"], 2, 12)
    config = fn.children("vpc_config")[0]
    assert config.line == 4


def test_attribute_lines_and_columns(body):
    config = body.blocks[0].children("vpc_config")[0]
    assert {name: (a.line, a.column) for name, a in config.attributes.items()} == {
        "subnet_ids": (5, 5),
        "security_group_ids": (9, 5),
        "ipv6_allowed_for_dual_stack": (10, 5),
    }
    items = config.attributes["subnet_ids"].expr
    assert items.kind == "tuple"
    assert [item.line for item in items.args] == [6, 7]


def test_expressions(body):
    fn = body.blocks[0]
    assert fn.attributes["function_name"].expr.kind == "tmpl"
    config = fn.children("vpc_config")[0]
    assert config.attributes["security_group_ids"].expr.kind == "splat"
    assert config.attributes["ipv6_allowed_for_dual_stack"].expr.kind == "cond"
    local = body.blocks[1].attributes
    assert local["azs"].expr.kind == "tuple"
    assert local["tags"].expr.kind == "object"
    assert local["names"].expr.kind == "for_tuple"
    assert local["text"].expr == hcl.Expr("lit", ("hello\n",), local["text"].expr.line, local["text"].expr.column)


def test_syntax_error_has_line_and_column():
    with pytest.raises(hcl.HclError) as caught:
        hcl.parse('resource "a" "b" {\n  x = [1, 2\n}\n')
    assert (caught.value.line, caught.value.column) == (3, 1)


@pytest.mark.parametrize("source", ["x = " + "[" * 3000 + "]" * 3000, 'x = "abc\n', "x = @"])
def test_hostile_input_is_an_error_not_a_crash(source):
    with pytest.raises(hcl.HclError):
        hcl.parse(source)


def test_empty_text():
    assert hcl.parse("").blocks == []


def test_grammar_cache_moves_out_of_a_read_only_install(tmp_path):
    """A read-only python-hcl2 install cannot keep its grammar cache: use the user's cache folder."""
    import subprocess
    import sys

    code = (
        "import pathlib, hcl2.parser as p; p.PARSER_FILE = pathlib.Path('/proc/no/such/.lark_cache.bin'); "
        "from lambda6lint.loaders.terraform import hcl; hcl.parse('a = 1\\n'); print(p.PARSER_FILE)"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.stdout.strip().startswith(str(tmp_path / "lambda6lint")), proc.stderr
    assert list((tmp_path / "lambda6lint").iterdir())


LEGACY = """\
resource "aws_security_group" "main" {
  name = "${format(
    "%s-%s",
    var.project,
    var.name
  )}"

  vpc_id = "${
    var.vpc_id
  }"

  tags = "${merge(var.tags, {
    Name = "x"
    Team = "y"
  })}"
  description = "SG for ${upper(var.name)}"
}

resource "aws_lambda_function" "main" {
  role = "${aws_iam_role.main.arn}"
}
"""


def test_interpolations_spanning_lines_parse_at_their_own_lines():
    """Terraform ignores newlines inside `${ … }` (0.11-style code): so does the adapter, and every
    line and column stays the original's."""
    group, function = hcl.parse(LEGACY).blocks
    attrs = group.attributes
    assert {name: (a.line, a.column) for name, a in attrs.items()} == {
        "name": (2, 3),
        "vpc_id": (8, 3),
        "tags": (12, 3),
        "description": (16, 3),
    }
    assert attrs["name"].expr.kind == "call" and attrs["name"].expr.args[0] == "format"
    assert [a.line for a in attrs["name"].expr.args[1]] == [3, 4, 5]
    # a template that is one interpolation is that expression, not a string (the reference is kept)
    assert attrs["vpc_id"].expr == hcl.Expr("attr", (hcl.Expr("ref", ("var",), 9, 5), "vpc_id"), 9, 5)
    keys = [key.args[0] for key, _ in attrs["tags"].expr.args[1][1].args]
    assert keys == ["Name", "Team"]  # the newlines between an object's attributes are kept
    assert attrs["description"].expr.kind == "tmpl"
    assert (function.line, function.end_line) == (19, 21)
    assert function.attributes["role"].expr.kind == "attr"


@pytest.mark.parametrize(
    "source",
    ['x = "${\n  var.a\n', 'y = "${\n var.a +}"\n', 'x = "${var.a\n}"\ny = [\n'],
)
def test_a_broken_interpolation_is_still_an_error_at_its_place(source):
    with pytest.raises(hcl.HclError) as caught:
        hcl.parse(source)
    assert caught.value.line >= 1


def test_a_file_with_another_mistake_reports_that_one():
    source = 'a = "${\n  var.x\n}"\nb = [1\n'
    with pytest.raises(hcl.HclError) as caught:
        hcl.parse(source)
    assert caught.value.line == 5  # the unclosed list, in the file as written


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ('policy = <<POLICY\n{"Version": "2012-10-17"}\nPOLICY  \nnext = 1\n', '{"Version": "2012-10-17"}\n'),
        ("policy = <<-EOT\n    ${var.a}\n    EOT \t\nnext = 1\n", None),
        ('policy = <<EOF\r\n{"a": 1}\r\nEOF\r\nnext = 1\r\n', None),
    ],
)
def test_a_heredocs_closing_marker_may_have_whitespace_after_it(source, value):
    """Terraform takes `POLICY··` as the closing marker (serverless-patterns has six such files); python-hcl2
    refused it, which made the whole file an E9600. The heredoc and what follows keep their lines."""
    body = hcl.parse(source)
    assert body.attributes["policy"].line == 1 and body.attributes["next"].line == 4
    if value is not None:
        assert body.attributes["policy"].expr == hcl.Expr("lit", (value,), 1, 10)


def test_the_arrow_of_a_for_expression_may_start_a_line():
    """`{ for c in x :\n (key)\n => c }`: Terraform takes it (cloudposse/terraform-aws-components writes
    it so), python-hcl2 refused it, which made the whole file an E9600. It is read as written, at its
    lines; `=>` after a comment on the line before stays an error."""
    source = 'l = [{ k = "a" }, { k = "b" }]\nm = { for c in l :\n  (c.k) # the key\n  => c }\nnext = 1\n'
    with pytest.raises(hcl.HclError):
        hcl.parse(source)
    attrs = hcl.parse(source.replace(" # the key", "")).attributes
    assert (attrs["m"].line, attrs["next"].line) == (2, 5)
    lists = Evaluator().eval(attrs["l"].expr, Scope(None, "t.tf"))
    scope = Scope(None, "t.tf", {"l": lists})
    assert Evaluator().eval(attrs["m"].expr, scope) == {"a": {"k": "a"}, "b": {"k": "b"}}


@pytest.mark.parametrize(
    ("source", "name", "value"),
    [
        ('v = /*inject_version_start*/ "1.4.0" /*inject_version_end*/\nnext = 1\n', "v", "1.4.0"),
        ("v = !/* not */true\nnext = 1\n", "v", False),
        ("v = -/* minus */1\nnext = 1\n", "v", -1),
        ('v = "/* kept */"\nw = /* c */ 2\nnext = 1\n', "v", "/* kept */"),
        ("v = /* two\nlines */ 3\nnext = 1\n", None, None),  # (a newline after `=`: Terraform refuses it too)
    ],
)
def test_a_block_comment_after_an_operator_is_ignored(source, name, value):
    """`"version" = /*inject*/ "1.4.0"` (acai-consulting's modules) and `!/*c*/x`: Terraform ignores the
    comment, python-hcl2 refused it, which made the whole file an E9600. Read at its lines."""
    if name is None:
        with pytest.raises(hcl.HclError):
            hcl.parse(source)
        return
    attrs = hcl.parse(source).attributes
    assert Evaluator().eval(attrs[name].expr, Scope(None, "t.tf")) == value
    assert attrs["next"].line == source.count("\n")


def test_a_line_leading_arrow_is_moved_only_where_the_parse_failed_beside_it(monkeypatch):
    """Each retry parses the file again (a 1 MB file: 20 s more): a file that fails elsewhere, with a
    line-leading `=>` far from it, is parsed once."""
    parses = []
    typed = hcl._typed
    monkeypatch.setattr(hcl, "_typed", lambda text: parses.append(1) or typed(text))
    source = "broken = = 1\n" + "x = 1\n" * 50 + "m = { for c in l :\n  c.k\n  => c }\n"
    with pytest.raises(hcl.HclError):
        hcl.parse(source)
    assert len(parses) == 1


def test_strip_markers_of_an_interpolation_in_a_quoted_string():
    """`${~ … ~}` strips the whitespace beside it (python-hcl2 refuses the marker; Terraform accepts
    it): the literal parts lose exactly that whitespace, and the expression keeps its place."""
    source = (
        'a = "x  ${~ var.v ~}\t y"\nb = "${~var.w}"\nc = "${var.p ~}  ${~ var.q}"\nd = "%{ if true ~}  k%{ endif }"\n'
    )
    attrs = hcl.parse(source).attributes
    assert attrs["a"].expr == hcl.Expr(
        "tmpl", ("x", hcl.Expr("attr", (hcl.Expr("ref", ("var",), 1, 13), "v"), 1, 13), "y"), 1, 5
    )
    assert attrs["b"].expr == hcl.Expr("attr", (hcl.Expr("ref", ("var",), 2, 9), "w"), 2, 9)
    parts = attrs["c"].expr.args
    assert [p for p in parts if isinstance(p, str)] == [] and len(parts) == 2  # no space left between them
    assert attrs["d"].expr.kind == "tmpl"  # a directive (`%{ … ~}` python-hcl2 reads as it is): rendered
    assert Evaluator().eval(attrs["d"].expr, Scope(None, "t.tf")) == "k"
    assert (attrs["d"].line, attrs["d"].column) == (4, 1)


def test_python_hcl2_trees_are_freed_while_the_collector_is_paused():
    """A run pauses the cyclic collector; python-hcl2's trees are cyclic (each rule points at its
    parent), so without `free_cycles` every .tf file's tree stayed until exit (~0.9 MB per small module)."""
    import gc

    from hcl2.rules.abstract import LarkElement

    def trees() -> int:
        return sum(1 for o in gc.get_objects() if isinstance(o, LarkElement))

    text = 'resource "aws_subnet" "a" {\n  vpc_id = aws_vpc.main.id\n  tags = { Name = "a-${var.env}" }\n}\n'
    hcl.parse(text)  # the grammar and its caches, once
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        before = trees()
        body = hcl.parse(text)
        with pytest.raises(hcl.HclError):
            hcl.parse(text + "}")
        after = trees()
    finally:
        if was:
            gc.enable()
    assert body.children("resource") and after <= before


TF_FILES = sorted({*(ROOT / "fixtures").rglob("*.tf"), *((SHARED / "corpus").rglob("*.tf") if SHARED.is_dir() else [])})


def test_the_kept_transformer_makes_what_python_hcl2_makes():
    """One transformer for the run, its rule methods bound once, reads every fixture and corpus file
    (one after another: the same transformer) into the same blocks, attributes and expressions as
    `hcl2.parses` does with a new one each time."""
    import hcl2
    from lark.exceptions import UnexpectedInput

    read = 0
    for path in TF_FILES:
        text = path.read_text(errors="replace")
        try:
            expected = hcl._body(_body_rule(hcl2.parses(text)), hcl.Block("", []))
        except (UnexpectedInput, RecursionError):
            continue
        assert hcl._body(_body_rule(hcl._typed(text)), hcl.Block("", [])) == expected, path
        read += 1
    assert read > 50
    assert "attribute" in vars(hcl._transformer())  # looked up once, kept in the instance


def _body_rule(tree):
    return next(c for c in tree.children if type(c).__name__ == "BodyRule")


@pytest.mark.parametrize(
    "directive", ['"%{ if var.on }on"', '"%{ for x in var.xs }${x}"', '"a %{ if true }b%{ else }c"'], ids=str
)
def test_a_directive_left_open_is_an_error_of_the_file_at_its_place(directive):
    """python-hcl2 refuses it after lark parsed it (lark wraps what its transformer raised): the file's
    error, where the string is, not an internal error."""
    with pytest.raises(hcl.HclError, match="(?i)unterminated template (if|for) directive") as caught:
        hcl.parse(f"locals {{\n  ok = 1\n  x  = {directive}\n}}\n")
    assert (caught.value.line, caught.value.column) == (3, 8)


def test_a_directive_left_open_is_an_input_error_of_its_module(tmp_path):
    from lambda6lint import engine

    (tmp_path / "main.tf").write_text('locals {\n  x = "%{ if true }abc"\n}\n')
    (finding,) = engine.lint([str(tmp_path)]).findings
    assert finding.rule.id == "E9600" and "internal error" not in finding.message
    assert (finding.location.path, finding.location.line) == (str(tmp_path / "main.tf"), 2)


def test_a_heredoc_marker_may_start_with_an_underscore():
    """`<<_EOT` is valid Terraform (a real module's variables.tf), which python-hcl2's pattern refuses: the
    whole file was an E9600 (helper, public code). Read with the same text, lines and columns."""
    from lambda6lint.loaders.terraform import hcl
    from lambda6lint.loaders.terraform.evaluator import literal_value

    block = hcl.parse('a = <<_EOT\n  x _EOT y\n_EOT\nb = <<-_E.1\n    trimmed\n    _E.1\nc = "<<_EOT"\nd = 1\n')
    assert {k: literal_value(v.expr) for k, v in block.attributes.items()} == {
        "a": "  x _EOT y\n",
        "b": "trimmed\n",
        "c": "<<_EOT",
        "d": 1,
    }
    assert block.attributes["d"].line == 8
    # (another heredoc's body holding the renamed marker as a line: a letter it does not meet; helper)
    block = hcl.parse("a = <<_EOT\nhello\n_EOT\nb = <<zEOT\nline\n_EOT\nmore\nzEOT\nc = 1\n")
    values = {k: literal_value(v.expr) for k, v in block.attributes.items()}
    assert values["a"] == "hello\n" and values["b"].startswith("line\n") and values["c"] == 1, values


class _Counted(str):
    """A text that counts the characters its `find` reads."""

    read = 0

    def find(self, sub, start=0, *end):  # type: ignore[override]
        found = super().find(sub, start, *end)
        _Counted.read += (len(self) if found == -1 else found) - start
        return found


@pytest.mark.parametrize("text", ["${x}" * 2_000 + "a" * 100_000, "$${" * 2_000 + "${x}"])
def test_a_heredocs_holes_are_found_in_one_pass(text):
    """A heredoc of 2,000 `${x}` (no `%{`) before 100 KB of text: each hole looked for the next `%{` to the end
    again (50,000 in 500 KB: 17 s), and each `$${` escape for the next `}`. Counted, not timed: the text is
    read a few times over at most, and the holes are the ones it had."""
    _Counted.read = 0
    holes = hcl._holes(_Counted(text))
    assert _Counted.read <= 4 * len(text), _Counted.read
    assert holes == text.replace("${x}", "\x00").replace("$$\x00", "$${x}")
