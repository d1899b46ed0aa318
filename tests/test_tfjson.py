"""Terraform's JSON syntax (`*.tf.json`): read into the same blocks and expressions as HCL, so a
module written in JSON (by hand, or generated, as CDK for Terraform does) gives the findings its
HCL twin gives, at the lines of the JSON file."""

from __future__ import annotations

import json

import pytest

from lambda6lint import discover, engine
from lambda6lint.loaders.terraform import hcl, tfjson

#: A module as CDK for Terraform writes it: `//` metadata, arrays of blocks, `${…}` everywhere.
GENERATED = {
    "//": {"metadata": {"backend": "local", "stackName": "orders"}},
    "variable": {
        "flag": {"type": "bool", "default": False},
        "azs": {"type": "list(string)", "default": ["eu-west-1a", "${not-a-template}"]},
    },
    "locals": {"prefix": "orders-${var.flag}", "count": 2},
    "resource": {
        "aws_vpc": {
            "main": {
                "//": {"metadata": {"path": "orders/vpc", "uniqueId": "vpc"}},
                "cidr_block": "10.0.0.0/16",
                "assign_generated_ipv6_cidr_block": True,
            }
        },
        "aws_subnet": {
            "private": {
                "count": "${local.count}",
                "vpc_id": "${aws_vpc.main.id}",
                "cidr_block": "${cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)}",
                "ipv6_cidr_block": "${cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, count.index)}",
            }
        },
        "aws_security_group": {
            "fn": [
                {
                    "vpc_id": "${aws_vpc.main.id}",
                    "egress": [{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}],
                }
            ]
        },
        "aws_lambda_function": {
            "fn": {
                "function_name": "${local.prefix}-fn",
                "role": "arn:aws:iam::123456789012:role/fn",
                "depends_on": ["aws_security_group.fn"],
                "vpc_config": {
                    "subnet_ids": "${aws_subnet.private[*].id}",
                    "security_group_ids": ["${aws_security_group.fn.id}"],
                    "ipv6_allowed_for_dual_stack": "${var.flag}",
                },
            }
        },
    },
}

NATIVE = """
variable "flag" {
  type    = bool
  default = false
}
locals {
  prefix = "orders-${var.flag}"
  count  = 2
}
resource "aws_vpc" "main" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
}
resource "aws_subnet" "private" {
  count           = local.count
  vpc_id          = aws_vpc.main.id
  cidr_block      = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  ipv6_cidr_block = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, count.index)
}
resource "aws_security_group" "fn" {
  vpc_id = aws_vpc.main.id
  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_lambda_function" "fn" {
  function_name = "${local.prefix}-fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  vpc_config {
    subnet_ids                  = aws_subnet.private[*].id
    security_group_ids          = [aws_security_group.fn.id]
    ipv6_allowed_for_dual_stack = var.flag
  }
}
"""


def findings(folder):
    return sorted((f.rule.id, f.resource) for f in engine.lint([str(folder)]).findings)


def test_json_and_native_syntax_give_the_same_findings(tmp_path):
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "cdk.tf.json").write_text(json.dumps(GENERATED, indent=2))
    (tmp_path / "native").mkdir()
    (tmp_path / "native" / "main.tf").write_text(NATIVE)
    native = findings(tmp_path / "native")
    assert ("W9601", "aws_lambda_function.fn") in native and ("W9620", "aws_lambda_function.fn") not in native
    assert findings(tmp_path / "json") == native
    flagged = engine.lint([str(tmp_path / "json")], engine.Options(tf_vars={"flag": "true"})).findings
    assert {f.rule.id for f in flagged} >= {"W9620", "W9610"}  # the flag from --var, as in HCL


def test_blocks_attributes_and_expressions():
    text = json.dumps(GENERATED, indent=2)
    body = tfjson.parse(text)
    lines = text.splitlines()
    kinds = [(b.type, *b.labels) for b in body.blocks]
    assert kinds[:4] == [("variable", "flag"), ("variable", "azs"), ("locals",), ("locals",)]
    function = next(b for b in body.blocks if b.labels == ["aws_lambda_function", "fn"])
    assert lines[function.line - 1].strip().startswith('"fn"')
    assert "depends_on" not in function.attributes  # a reference list, not an expression
    (config,) = function.children("vpc_config")
    subnets = config.attributes["subnet_ids"]
    assert lines[subnets.line - 1].strip().startswith('"subnet_ids"')
    # a template that is one interpolation is that expression: the reference is kept
    assert subnets.expr.kind == "splat" and subnets.expr.line == subnets.line
    assert function.attributes["function_name"].expr.kind == "tmpl"
    (group,) = [b for b in body.blocks if b.labels == ["aws_security_group", "fn"]]
    assert [b.type for b in group.blocks] == ["egress"]
    # a variable's default is a literal JSON value, its type a type expression
    azs = next(b for b in body.blocks if b.labels == ["azs"])
    assert azs.attributes["default"].expr.args[0] == ["eu-west-1a", "${not-a-template}"]
    assert azs.attributes["type"].expr.kind == "call"


@pytest.mark.parametrize(
    ("template", "kind", "want"),
    [
        ("plain", "lit", "plain"),
        ("$${literal}", "lit", "${literal}"),
        ("a ${~ var.x ~} b", "tmpl", ("a", "b")),  # strip markers eat the spaces beside them
        ("${var.x}", "attr", None),
        ("%{ if var.x }y%{ endif }", "tmpl", None),  # (a directive: parsed as a native template is)
        ("%{ if var.x }y", "unknown", None),  # (not closed)
        ('${lookup(var.m, "k${var.n}")}', "call", None),
    ],
)
def test_templates(template, kind, want):
    body = tfjson.parse(json.dumps({"locals": {"v": template}}))
    expr = body.blocks[0].attributes["v"].expr
    assert expr.kind == kind
    if kind == "lit":
        assert expr.args[0] == want
    if kind == "tmpl" and want is not None:
        assert (expr.args[0], expr.args[-1]) == want


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{\n  "resource": {\n    "aws_vpc": {\n      "a": {"cidr_block" "10.0.0.0/16"}\n}}}', 4),
        ('{\n  "locals": {\n    "a": "${var.x +}"\n  }\n}', 3),
        ('{\n  "locals": {\n    "a": "${var.x"\n  }\n}', 3),
        ("[1, 2]", 1),
        ('{"resource": {"aws_vpc": {"a": "not a body"}}}', 1),
    ],
)
def test_what_terraform_rejects_is_an_error_at_its_line(text, line):
    with pytest.raises(hcl.HclError) as caught:
        tfjson.parse(text)
    assert caught.value.line == line


def test_discovered_as_a_module_and_never_as_a_template(tmp_path):
    (tmp_path / "stack").mkdir()
    (tmp_path / "stack" / "cdk.tf.json").write_text(json.dumps(GENERATED))
    (tmp_path / "template.json").write_text('{"Resources": {}}')
    kinds = {(s.kind, s.path.rsplit("/", 1)[-1]) for s in discover.discover([str(tmp_path)])}
    assert ("terraform-module", "stack") in kinds
    assert not any(path.endswith(".tf.json") for _, path in kinds)
    named = list(discover.discover([str(tmp_path / "stack" / "cdk.tf.json")]))
    assert [(s.kind, s.path) for s in named] == [("terraform-module", str(tmp_path / "stack"))]


def test_an_invalid_json_file_is_reported_and_the_rest_of_the_module_linted(tmp_path):
    (tmp_path / "main.tf").write_text(NATIVE)
    (tmp_path / "extra.tf.json").write_text('{"locals": {"a": "${var.x +}"}}')
    result = engine.lint([str(tmp_path)])
    errors = [f for f in result.findings if f.rule.id == "E9600"]
    assert [(e.location.path.endswith("extra.tf.json"), e.location.line) for e in errors] == [(True, 1)]
    assert "W9601" in {f.rule.id for f in result.findings}


def test_unknowns_are_explained_at_the_json_lines(tmp_path):
    document = {
        "variable": {"subnets": {"type": "list(string)"}},
        "resource": {
            "aws_lambda_function": {
                "fn": {
                    "function_name": "fn",
                    "role": "arn:aws:iam::111111111111:role/fn",
                    "vpc_config": {"subnet_ids": "${var.subnets}", "security_group_ids": ["sg-0abc"]},
                }
            }
        },
    }
    text = json.dumps(document, indent=2)
    (tmp_path / "main.tf.json").write_text(text)
    got = [(u.location.line, u.text) for u in engine.lint([str(tmp_path)]).undecided]
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"subnet_ids"' in row)
    assert (
        line,
        "the subnet list comes from variable `subnets`, which has no value (pass --var subnets=… or a .tfvars file)",
    ) in got
    assert any(
        text == "a security group is the literal id `sg-0abc`, a resource that is not in this run" for _, text in got
    )


def test_dynamic_blocks(tmp_path):
    """`dynamic "egress"` with an iterator, as JSON writes it: the group's IPv6 egress is decided."""
    document = json.loads(json.dumps(GENERATED))
    document["variable"]["flag"]["default"] = True
    group = document["resource"]["aws_security_group"]["fn"][0]
    del group["egress"]
    group["dynamic"] = {
        "egress": {
            "for_each": '${toset(["::/0"])}',
            "iterator": "cidr",
            "content": {"protocol": "tcp", "from_port": 443, "to_port": 443, "ipv6_cidr_blocks": ["${cidr.value}"]},
        }
    }
    (tmp_path / "main.tf.json").write_text(json.dumps(document))
    assert "W9620" not in {f.rule.id for f in engine.lint([str(tmp_path)]).findings}
    group["dynamic"]["egress"]["content"]["ipv6_cidr_blocks"] = []
    (tmp_path / "main.tf.json").write_text(json.dumps(document))
    assert "W9620" in {f.rule.id for f in engine.lint([str(tmp_path)]).findings}


def test_a_directive_in_the_json_syntax_is_rendered():
    """CDK for Terraform writes `.tf.json`: its strings are templates as native ones are."""
    from lambda6lint.loaders.terraform.evaluator import Evaluator, Module

    text = '%{ for s in ["s3:GetObject", "logs:PutLogEvents"] ~} ${s}, %{~ endfor }'
    module = Module(folder=".", prefix="")
    module.add("main.tf.json", tfjson.parse(json.dumps({"locals": {"v": text}})))
    assert Evaluator().local(module, "v") == "s3:GetObject,logs:PutLogEvents,"
