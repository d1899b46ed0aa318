"""The python-hcl2 adapter: blocks, attributes and expressions with the lines findings point at."""

from __future__ import annotations

import pytest

from lambda6lint.loaders.terraform import hcl

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
