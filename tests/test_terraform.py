"""Terraform modules: evaluation (variables, count, modules), Terraform semantics, suppressions, limits."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT, SHARED

from lambda6lint import engine
from lambda6lint.loaders.terraform import provider

NETWORK = """
resource "aws_vpc" "main" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
}

resource "aws_subnet" "private" {
  count           = 2
  vpc_id          = aws_vpc.main.id
  cidr_block      = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  ipv6_cidr_block = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, count.index)
}

resource "aws_security_group" "fn" {
  vpc_id = aws_vpc.main.id
}
"""

FUNCTION = """
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  vpc_config {
    subnet_ids                  = aws_subnet.private[*].id
    security_group_ids          = [aws_security_group.fn.id]
    ipv6_allowed_for_dual_stack = var.flag
  }
}

variable "flag" {
  type    = bool
  default = false
}
"""


def module(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return str(tmp_path)


def rules(result, rule_id=None):
    return sorted(f.rule.id for f in result.findings if rule_id is None or f.rule.id == rule_id)


@pytest.mark.parametrize(
    ("files", "options", "fires"),
    [
        ({}, {}, True),  # default false
        ({"terraform.tfvars": "flag = true\n"}, {}, False),
        ({"terraform.tfvars": "flag = true\n", "z.auto.tfvars": "flag = false\n"}, {}, True),
        ({"terraform.tfvars": "flag = false\n", "extra.tfvars": "flag = true\n"}, {"var_file": True}, False),
        ({"terraform.tfvars": "flag = true\n"}, {"tf_vars": {"flag": "false"}}, True),
        ({}, {"tf_vars": {"flag": "true"}}, False),
    ],
)
def test_variable_precedence(tmp_path, files, options, fires):
    folder = module(tmp_path, {"main.tf": NETWORK + FUNCTION, **files})
    settings = engine.Options(
        tf_var_files=[str(tmp_path / "extra.tfvars")] if options.get("var_file") else [],
        tf_vars=options.get("tf_vars", {}),
    )
    result = engine.lint([folder], settings)
    assert ("W9601" in rules(result)) is fires


EMPTY_LISTS = """
variable "subnet_ids" {
  type    = list(string)
  default = []
}

variable "security_group_ids" {
  default = null
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  vpc_config {
    subnet_ids                  = var.subnet_ids
    security_group_ids          = var.security_group_ids
    ipv6_allowed_for_dual_stack = true
  }
}
"""

_BOTH = "subnet_ids = []\nsecurity_group_ids = []\n"


_CALLED = 'module "fn" {\n  source = "./fn"\n}\n'
_CALLED_WITH_ROOT_VARIABLE = (
    'variable "ids" {\n  default = []\n}\nmodule "fn" {\n  source = "./fn"\n'
    "  subnet_ids = var.ids\n  security_group_ids = var.ids\n}\n"
)
_PASSED_ON = (  # a module between the root and the function's: the root's variable still decides
    'variable "subnet_ids" {}\nvariable "security_group_ids" {}\nmodule "inner" {\n  source = "../fn"\n'
    "  subnet_ids = var.subnet_ids\n  security_group_ids = var.security_group_ids\n}\n"
)
_DYNAMIC = EMPTY_LISTS.replace("  vpc_config {", '  dynamic "vpc_config" {\n    for_each = [1]\n    content {').replace(
    "= true\n  }", "= true\n    }\n  }"
)
_JSON = """{
  "variable": {"subnet_ids": {"default": []}, "security_group_ids": {"default": null}},
  "resource": {"aws_lambda_function": {"fn": {"function_name": "fn", "role": "arn:aws:iam::123456789012:role/fn",
    "vpc_config": {"subnet_ids": "${var.subnet_ids}", "security_group_ids": "${var.security_group_ids}",
      "ipv6_allowed_for_dual_stack": true}}}}
}
"""
_REGISTRY = """
variable "subnet_ids" {
  default = []
}

variable "security_group_ids" {
  default = []
}

module "fn" {
  source                      = "terraform-aws-modules/lambda/aws"
  version                     = "7.20.0"
  function_name               = "fn"
  vpc_subnet_ids              = var.subnet_ids
  vpc_security_group_ids      = var.security_group_ids
  ipv6_allowed_for_dual_stack = true
}
"""


@pytest.mark.parametrize(
    ("files", "tf_vars", "deciding"),
    [
        ({"main.tf": EMPTY_LISTS}, {}, ("subnet_ids", "security_group_ids")),  # placeholders a deploy replaces
        ({"main.tf": EMPTY_LISTS, "terraform.tfvars": _BOTH}, {}, None),
        ({"main.tf": EMPTY_LISTS, "z.auto.tfvars": _BOTH}, {}, None),
        ({"main.tf": EMPTY_LISTS}, {"subnet_ids": "[]", "security_group_ids": "[]"}, None),
        ({"main.tf": _CALLED, "fn/main.tf": EMPTY_LISTS}, {}, None),  # the code leaves the child's defaults: known
        ({"main.tf": _CALLED_WITH_ROOT_VARIABLE, "fn/main.tf": EMPTY_LISTS}, {}, ("ids", "ids")),
        (
            {
                "main.tf": _CALLED_WITH_ROOT_VARIABLE.replace("./fn", "./outer"),
                "outer/main.tf": _PASSED_ON,
                "fn/main.tf": EMPTY_LISTS,
            },
            {},
            ("ids", "ids"),
        ),
        ({"main.tf": _DYNAMIC}, {}, ("subnet_ids", "security_group_ids")),
        ({"main.tf.json": _JSON}, {}, ("subnet_ids", "security_group_ids")),
        ({"main.tf": _REGISTRY}, {}, ("subnet_ids", "security_group_ids")),  # a function a built-in model makes
    ],
)
def test_ids_a_root_variable_leaves_at_its_default_are_not_known(tmp_path, files, tf_vars, deciding):
    """A reusable module's `subnet_ids = var.subnet_ids` with `default = []` was E9604 ("the deployment
    fails") on the module linted alone, where the same lists from a CloudFormation parameter's Default
    are unknown. Ids from a root variable's default are unknown, and --explain names the variable that
    decides them, also through a built-in module model's inputs; a var file, --var, or a call leaving a
    child's input at its default gives them."""
    result = engine.lint([module(tmp_path, files)], engine.Options(tf_vars=tf_vars))
    assert ("E9604" in rules(result)) is (deciding is None)
    said = {u.fact: u.cause for u in result.undecided if u.fact.endswith("list")}
    facts = ("the subnet list", "the security group list")
    assert said == {
        fact: f"comes from variable `{name}`, whose default is a placeholder, not ids a deploy must use "
        f"(pass --var {name}=… or a .tfvars file)"
        for fact, name in zip(facts, deciding or (None, None), strict=True)
        if name is not None
    }


_WORKED_OUT = """
variable "subnet_ids" {}

variable "security_group_ids" {
  default = []
}

locals {
  security_group_ids = concat(aws_security_group.fn[*].id, var.security_group_ids)
}

resource "aws_security_group" "fn" {
  count  = 0
  name   = "fn"
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  vpc_config {
    subnet_ids                  = var.subnet_ids
    security_group_ids          = local.security_group_ids
    ipv6_allowed_for_dual_stack = true
  }
}
"""
_THROUGH_OUTPUT = _WORKED_OUT.replace("local.security_group_ids", "module.sg.ids") + (
    'module "sg" {\n  source = "./sg"\n  ids    = var.security_group_ids\n}\n'
)
_OUTPUT = 'variable "ids" {\n  default = []\n}\noutput "ids" {\n  value = var.ids\n}\n'
_CALLED_WORKED_OUT = 'variable "ids" {}\nmodule "fn" {\n  source = "./fn"\n  subnet_ids = var.ids\n}\n'


@pytest.mark.parametrize(
    ("files", "tf_vars", "deciding"),
    [
        ({"main.tf": _WORKED_OUT}, {}, "security_group_ids"),  # a placeholder, through a local and concat
        (
            {
                "main.tf": _WORKED_OUT.replace(
                    "local.security_group_ids", "var.security_group_ids == null ? [] : var.security_group_ids"
                )
            },
            {},
            "security_group_ids",
        ),
        ({"main.tf": _THROUGH_OUTPUT, "sg/main.tf": _OUTPUT}, {}, "security_group_ids"),  # through an output
        (  # the call leaves its child's input at the default: that default deploys
            {"main.tf": _THROUGH_OUTPUT.replace("  ids    = var.security_group_ids\n", ""), "sg/main.tf": _OUTPUT},
            {},
            None,
        ),
        ({"main.tf": _WORKED_OUT}, {"security_group_ids": "[]"}, None),  # --var gives it: the deploy's
        ({"main.tf": _CALLED_WORKED_OUT, "fn/main.tf": _WORKED_OUT}, {}, None),  # the call leaves the default
        (
            {
                "main.tf": _CALLED_WORKED_OUT.replace("var.ids\n", "var.ids\n  security_group_ids = var.sgs\n")
                + 'variable "sgs" {\n  default = []\n}\n',
                "fn/main.tf": _WORKED_OUT,
            },
            {},
            "sgs",  # the root's placeholder, passed on through the call
        ),
    ],
)
def test_an_empty_list_worked_out_from_a_placeholder_default_is_not_known(tmp_path, files, tf_vars, deciding):
    """Since E9604 fires on one list known empty whatever the other holds, `security_group_ids =
    local.security_group_ids` (`concat(aws_security_group.fn[*].id, var.security_group_ids)`, default `[]`)
    beside `subnet_ids = var.subnet_ids` was "the deployment fails" on a reusable module linted alone, while
    `security_group_ids = var.security_group_ids` stayed silent: a placeholder default is as unknown worked
    out through a local, a function or a condition as written as `var.x`."""
    result = engine.lint([module(tmp_path, files)], engine.Options(tf_vars=tf_vars))
    assert ("E9604" in rules(result)) is (deciding is None)
    said = {u.fact: u.cause for u in result.undecided if u.fact == "the security group list"}
    assert said == (
        {
            "the security group list": f"is worked out from variable `{deciding}`, whose default is a placeholder, "
            f"not ids a deploy must use (pass --var {deciding}=… or a .tfvars file)"
        }
        if deciding
        else {}
    )


def _passed_down(levels: int, function_module: str) -> dict[str, str]:
    """A root module whose `subnet_ids` and `security_group_ids` (default `[]`: a placeholder) are passed down
    `levels` modules (`w1/`, `w2/`…, each calling the next as `module.fn`, passing on its own variables) to
    `function_module`, at `fn/`."""
    names = ("subnet_ids", "security_group_ids")
    passed = "".join(f"  {name} = var.{name}\n" for name in names)
    root = 'variable "subnet_ids" {}\nvariable "security_group_ids" {\n  default = []\n}\n'
    files = {"main.tf": root + f'module "fn" {{\n  source = "./w1"\n{passed}}}\n', "fn/main.tf": function_module}
    for i in range(1, levels):
        source = "../fn" if i == levels - 1 else f"../w{i + 1}"
        variables = "".join(f'variable "{name}" {{}}\n' for name in names)
        files[f"w{i}/main.tf"] = variables + f'module "fn" {{\n  source = "{source}"\n{passed}}}\n'
    return files


@pytest.mark.parametrize(
    ("written", "how"),
    [("var.security_group_ids", "comes from"), ("local.security_group_ids", "is worked out from")],
    ids=["variable", "through-a-local"],
)
def test_a_placeholder_passed_down_twelve_modules_is_not_known(tmp_path, written, how):
    """A function 12 modules down (modules are read 16 deep: `causes.MODULE_LEVELS`) given its security groups
    from the root's `security_group_ids`, default `[]`, each call passing on its own variable: where that value
    is set was followed up 8 calls only (`causes.origin`; worked out through a local and concat, `placeholder`,
    8 steps), so from 9 modules down the placeholder was taken for the deploy's list and E9604 said the
    deployment fails, where one module down stays silent and --explain names the variable. Followed up as many
    calls as modules are read, it is the same at 12."""
    from lambda6lint.loaders.terraform.causes import MODULE_LEVELS

    levels = 12
    assert 8 < levels <= MODULE_LEVELS
    function = _WORKED_OUT.replace("= local.security_group_ids", f"= {written}")
    result = engine.lint([module(tmp_path, _passed_down(levels, function))], engine.Options())
    assert "E9604" not in rules(result)
    said = [(u.subject.id, u.cause) for u in result.undecided if u.fact == "the security group list"]
    assert said == [
        (
            "module.fn." * levels + "aws_lambda_function.fn",
            f"{how} variable `security_group_ids`, whose default is a placeholder, not ids a deploy must use "
            "(pass --var security_group_ids=… or a .tfvars file)",
        )
    ], said


def _chained(links: int, leaf: str) -> str:
    """Locals `c0 = local.c1`, `c1 = local.c2`, … `links` of them, the last `leaf`."""
    return "locals {\n" + "".join(f"  c{i} = local.c{i + 1}\n" for i in range(links)) + f"  c{links} = {leaf}\n}}\n"


def _grouped(name: str, groups: str) -> str:
    return (
        f'resource "aws_lambda_function" "{name}" {{\n  function_name = "{name}"\n'
        '  role = "arn:aws:iam::123456789012:role/fn"\n  vpc_config {\n    subnet_ids = var.subnet_ids\n'
        f"    security_group_ids = {groups}\n    ipv6_allowed_for_dual_stack = true\n  }}\n}}\n"
    )


def test_a_placeholder_past_the_steps_followed_is_not_known(tmp_path):
    """`security_group_ids` worked out through 40 locals from `var.sgs` (default `[]`, a placeholder): the
    evaluator follows 64 and has the empty list, the search for a placeholder behind it stops at 32 steps
    (`causes._MAX_DEPTH`) and answered "none", so E9604 said the deployment fails, where 10 locals stay silent.
    Past the limit it is not known either way, and --explain says lambda6lint's limit was reached. And a local the
    long chain met first, cut short, was kept as "none": function `b`, reading the same chain 20 locals down
    (within the limit), took that answer and fired too."""
    from lambda6lint.loaders.terraform import causes

    head = 'variable "subnet_ids" {}\nvariable "sgs" {\n  default = []\n}\n' + _chained(40, "var.sgs")
    (tmp_path / "main.tf").write_text(head + _grouped("a", "local.c0") + _grouped("b", "local.c20"))
    result = engine.lint([str(tmp_path)], engine.Options())
    assert "E9604" not in rules(result)
    said = {u.subject.id: u.cause for u in result.undecided if u.fact == "the security group list"}
    assert said == {
        "aws_lambda_function.a": causes.PLACEHOLDER_TOO_DEEP,
        "aws_lambda_function.b": "is worked out from variable `sgs`, whose default is a placeholder, not ids a "
        "deploy must use (pass --var sgs=… or a .tfvars file)",
    }, said
    assert "safety limit" in causes.PLACEHOLDER_TOO_DEEP


def test_a_modelled_functions_flag_is_followed_to_the_variable_that_sets_it(tmp_path):
    """A function a built-in module model makes is followed to the caller's variables as a written one is:
    W9601's fix names where `var.dual` is set, not only the call."""
    call = (
        'variable "dual" {\n  default = false\n}\nmodule "fn" {\n  source = "terraform-aws-modules/lambda/aws"\n'
        '  version = "7.20.0"\n  function_name = "fn"\n  vpc_subnet_ids = aws_subnet.private[*].id\n'
        "  vpc_security_group_ids = [aws_security_group.fn.id]\n  ipv6_allowed_for_dual_stack = var.dual\n}\n"
    )
    result = engine.lint([module(tmp_path, {"main.tf": NETWORK + call})], engine.Options())
    [message] = [f.message for f in result.findings if f.rule.id == "W9601"]
    assert "(it comes from the default of variable `dual`: set it to true there)" in message


@pytest.mark.parametrize(
    ("name", "text", "unreadable"),
    [
        ("terraform.tfvars", "", False),
        ("terraform.tfvars", " \n\t\n", False),
        ("z.auto.tfvars", "", False),
        ("terraform.tfvars.json", "", True),  # (not JSON: Terraform refuses it too)
    ],
)
def test_an_empty_variable_file_sets_nothing(tmp_path, name, text, unreadable):
    """Terraform reads an empty terraform.tfvars (tumbleweed-cdc/tumbleweed_deploy commits one): it was
    an E9600 "empty file", and the run's exit status 2."""
    folder = module(tmp_path, {"main.tf": NETWORK + FUNCTION, name: text})
    result = engine.lint([folder])
    assert ("E9600" in rules(result)) is unreadable
    assert "W9601" in rules(result)  # (the default, false)


def test_a_variable_file_every_root_reads_is_parsed_once(tmp_path, monkeypatch):
    """One `--var-file` (or a settings file's `var-files`) of 1 MB read by 100 roots took 170 s: it
    was parsed for each. It is parsed once for the run, its values the same in every root, and read
    again when it changes."""
    from lambda6lint.loaders.terraform import modules

    extra = tmp_path / "extra.tfvars"
    extra.write_text("flag = true\n")
    roots = [module(tmp_path / name, {"main.tf": NETWORK + FUNCTION}) for name in ("a", "b", "c")]
    parsed = []
    parse = modules.parse
    monkeypatch.setattr(modules, "parse", lambda text: parsed.append(text) or parse(text))
    settings = engine.Options(tf_var_files=[str(extra)])
    assert "W9601" not in rules(engine.lint(roots, settings))
    assert parsed.count("flag = true\n") == 1
    extra.write_text("flag = false\n")
    assert rules(engine.lint(roots, settings), "W9601") == ["W9601"] * 3
    assert parsed.count("flag = false\n") == 1


ROUTES_CALL = """
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

module "routes" {
  source         = "./routes"
  route_table_id = aws_route_table.private.id
}
"""

ROUTES = """
variable "route_table_id" {}

resource "aws_egress_only_internet_gateway" "eigw" {
  vpc_id = "vpc-0123"
}

resource "aws_route" "v6" {
  route_table_id              = var.route_table_id
  destination_ipv6_cidr_block = "::/0"
  egress_only_gateway_id      = aws_egress_only_internet_gateway.eigw.id
}
"""


LIMIT = "a root module reads up to 0 MB of Terraform files, its modules' included (a safety limit)"


def _limited(result):
    return [(f.location.line, f.message) for f in result.findings if f.rule.id == "E9600"]


def test_a_root_reads_its_modules_up_to_a_limit(tmp_path, monkeypatch):
    """A root module may call any number of local modules of 1 MB files, each parsed at ~0.1-1 MB a
    second: past MAX_ROOT_TF_BYTES a module call is not read (an E9600 at it, once), as a module
    outside the tree is not: what it is given is open (no finding that its routes would answer),
    --explain names the limit, and the rest of the root is still linted."""
    from lambda6lint.loaders.terraform import modules

    root = module(tmp_path, {"main.tf": NETWORK + FUNCTION + ROUTES_CALL, "routes/main.tf": ROUTES})
    read = engine.lint([root])
    assert _limited(read) == [] and "W9601" in rules(read)
    monkeypatch.setattr(modules, "MAX_ROOT_TF_BYTES", len(NETWORK + FUNCTION + ROUTES_CALL) + 100)
    result = engine.lint([root])
    ((line, message),) = _limited(result)
    assert line == (NETWORK + FUNCTION + ROUTES_CALL).splitlines().index('module "routes" {') + 1
    assert message.endswith(f"module 'routes' is not read: {LIMIT}")
    assert rules(result, "W9601") == ["W9601"] and rules(result, "W9610") == rules(read, "W9610")
    assert any("module.routes" in u.subject.id and "safety limit" in u.cause for u in result.undecided)
    monkeypatch.setattr(modules, "MAX_ROOT_TF_BYTES", 100)  # the root's own files: nothing of it is read
    result = engine.lint([root])
    ((where, message),) = [(f.location, f.message) for f in result.findings if f.location.path == root]
    assert rules(result, "W9601") == [] and where.line == 1
    assert message.endswith(f"this Terraform module is not read: {LIMIT}")


def test_the_roots_of_a_run_parse_a_module_again_up_to_a_limit(tmp_path, monkeypatch):
    """Roots share the parse of a module they call while it is among the files parsed last; a module
    too large to stay there was parsed again by each root (21 roots, 2.5 MB: 6 minutes). What the
    roots of a run parse again is limited (MAX_RUN_REPARSED_BYTES); past it, a call is not read."""
    from lambda6lint.loaders.common.recent import Recent
    from lambda6lint.loaders.terraform import modules

    class Forgetful(Recent):
        def put(self, *args):
            pass  # nothing stays: each root parses the module again

    module(tmp_path / "routes", {"main.tf": ROUTES})
    call = ROUTES_CALL.replace("./routes", "../routes")
    roots = [module(tmp_path / name, {"main.tf": NETWORK + FUNCTION + call}) for name in ("a", "b", "c")]
    monkeypatch.setattr(modules, "_PARSED", Forgetful(0))
    monkeypatch.setattr(modules, "MAX_RUN_REPARSED_BYTES", int(len(ROUTES) * 1.5))
    result = engine.lint([str(tmp_path)])
    limited = {f.location.path: f.message.split(": ", 1)[1] for f in result.findings if f.rule.id == "E9600"}
    again = "the root modules of a run parse the same modules again up to 0 MB (a safety limit)"
    assert limited == {
        roots[2] + "/main.tf": f"module 'routes' is not read: {again}",
        str(tmp_path / "routes"): f"this Terraform module is not read: {again}",  # (walked to after c)
    }
    assert rules(result, "W9601") == ["W9601"] * 3
    monkeypatch.setattr(modules, "_PARSED", Recent(modules.MAX_TF_BYTES))
    assert _limited(engine.lint([str(tmp_path)])) == []  # kept between roots: parsed once, nothing again


@pytest.mark.parametrize(
    ("files", "options", "place"),
    [
        ({}, {}, "the default of variable `flag`"),
        ({"terraform.tfvars": "flag = false\n"}, {}, "variable `flag`, set in terraform.tfvars: set it"),
        (  # (a var file Terraform reads only when named: a pipeline passing it decides)
            {"terraform.tfvars": "flag = false\n", "prod.tfvars": "flag = true\n"},
            {},
            "variable `flag`, set in terraform.tfvars (`prod.tfvars` beside the module sets it too, and a pipeline "
            "passing it with -var-file takes its value instead): set it",
        ),
        (
            {"terraform.tfvars": "flag = false\n", "a.tfvars": "flag = true\n", "b.tfvars.json": '{"flag": true}'},
            {},
            "variable `flag`, set in terraform.tfvars (`a.tfvars` and `b.tfvars.json` beside the module set it too, "
            "and a pipeline passing one with -var-file takes that value instead): set it",
        ),
        (  # (one that sets other variables leaves it as terraform.tfvars has it)
            {"terraform.tfvars": "flag = false\n", "prod.tfvars": 'region = "eu-west-1"\n'},
            {},
            "variable `flag`, set in terraform.tfvars: set it",
        ),
        (  # (--var overrides every var file)
            {"prod.tfvars": "flag = true\n"},
            {"tf_vars": {"flag": "false"}},
            "variable `flag`, set by --var: set it",
        ),
        (
            {"terraform.tfvars": "flag = true\n", "z.auto.tfvars": "flag = false\n"},
            {},
            "variable `flag`, set in z.auto.tfvars",
        ),
        ({}, {"tf_vars": {"flag": "false"}}, "variable `flag`, set by --var"),
    ],
)
def test_a_fix_names_the_variable_and_where_its_value_is_set(tmp_path, files, options, place):
    folder = module(tmp_path, {"main.tf": NETWORK + FUNCTION, **files})
    result = engine.lint([folder], engine.Options(tf_vars=options.get("tf_vars", {})))
    (finding,) = [f for f in result.findings if f.rule.id == "W9601"]
    assert f"ipv6_allowed_for_dual_stack to true (it comes from {place}" in finding.message
    assert finding.message.count(": set it to true there)") == 1


def test_a_fix_does_not_name_a_variable_a_module_caller_sets(tmp_path):
    child = NETWORK + FUNCTION
    folder = module(tmp_path, {"main.tf": 'module "fn" {\n  source = "./fn"\n  flag = false\n}\n', "fn/main.tf": child})
    (finding,) = [f for f in engine.lint([folder]).findings if f.rule.id == "W9601"]
    # (the caller's expression is where it is changed: the call's input, never the child's variable or its default)
    assert "(it comes from input `flag` of module `fn` at main.tf:1: set it to true there)" in finding.message
    assert "variable `flag`" not in finding.message and "default" not in finding.message


def test_the_sdk_fix_names_the_variable_an_environment_value_comes_from(tmp_path):
    text = (
        (NETWORK + FUNCTION).replace("var.flag", "true")
        + """
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
  route {
    ipv6_cidr_block        = "::/0"
    egress_only_gateway_id = aws_egress_only_internet_gateway.eigw.id
  }
}
resource "aws_egress_only_internet_gateway" "eigw" {
  vpc_id = aws_vpc.main.id
}
resource "aws_route_table_association" "private" {
  count          = 2
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}
variable "dualstack_sdk" {
  type    = string
  default = "false"
}
"""
    )
    text = text.replace(
        "  vpc_config {",
        "  environment {\n    variables = { AWS_USE_DUALSTACK_ENDPOINT = var.dualstack_sdk }\n  }\n  vpc_config {",
    )
    (finding,) = [f for f in engine.lint([module(tmp_path, {"main.tf": text})]).findings if f.rule.id == "W9631"]
    assert 'is "false" (from the default of variable `dualstack_sdk`: set it to true there)' in finding.message


def test_an_override_argument_merges_into_the_block_it_names(tmp_path):
    """Before, the override's block replaced the whole resource: its flag and subnets were lost."""
    override = 'resource "aws_lambda_function" "fn" {\n  timeout = 30\n}\n'
    folder = module(tmp_path, {"main.tf": NETWORK + FUNCTION, "override.tf": override})
    result = engine.lint([folder], engine.Options(tf_vars={"flag": "true"}))
    assert "W9601" not in rules(result)
    (sg,) = [f for f in result.findings if f.rule.id == "W9620"]
    assert sg.location.path.endswith("main.tf")


def test_an_override_file_is_read_after_the_others_whatever_its_name(tmp_path):
    override = 'variable "flag" {\n  default = true\n}\n'  # its default wins, its type stays
    folder = module(tmp_path, {"main.tf": NETWORK + FUNCTION, "a_override.tf": override})
    assert "W9601" not in rules(engine.lint([folder]))


def test_an_override_nested_block_replaces_that_type_and_is_pointed_at_in_its_file(tmp_path):
    override = (
        'resource "aws_lambda_function" "fn" {\n'
        "  vpc_config {\n"
        "    subnet_ids                  = aws_subnet.private[*].id\n"
        "    security_group_ids          = [aws_security_group.fn.id]\n"
        "    ipv6_allowed_for_dual_stack = true\n"
        "  }\n"
        "}\n"
    )
    result = engine.lint([module(tmp_path, {"main.tf": NETWORK + FUNCTION, "override.tf": override})])
    assert "W9601" not in rules(result)
    (sg,) = [f for f in result.findings if f.rule.id == "W9620"]
    assert sg.location.path.endswith("override.tf") and sg.location.line == 4


def test_count_zero_removes_and_names_are_full_addresses(tmp_path):
    main = NETWORK.replace("count           = 2", "count           = var.n") + FUNCTION
    main += 'variable "n" {\n  default = 0\n}\n'
    assert rules(engine.lint([module(tmp_path, {"main.tf": main})])) == []
    result = engine.lint([str(tmp_path)], engine.Options(tf_vars={"n": "3"}))
    (finding,) = [f for f in result.findings if f.rule.id == "W9601"]
    assert "aws_subnet.private[2]" in {r[1].split()[-1] for r in finding.related}
    assert finding.resource == "aws_lambda_function.fn"


def test_a_count_written_as_text_is_a_number(tmp_path):
    """0.11 code writes `count = "${var.n}"` or `count = "2"`: Terraform converts the string."""
    main = NETWORK.replace("count           = 2", 'count           = "2"') + FUNCTION
    (finding,) = [f for f in engine.lint([module(tmp_path, {"main.tf": main})]).findings if f.rule.id == "W9601"]
    assert len(finding.related) == 2


def test_unknown_count_and_unknown_subnets_stay_silent(tmp_path):
    """A count that may be 0 (a variable with no value, another data source): the function may have no subnet."""
    for count, extra in (
        ("var.n", 'variable "n" {}\n'),
        ("length(data.aws_subnets.a.ids)", 'data "aws_subnets" "a" {}\n'),
    ):
        main = NETWORK.replace("count           = 2", f"count           = {count}") + FUNCTION + extra
        assert rules(engine.lint([module(tmp_path, {"main.tf": main})])) == []


@pytest.mark.parametrize(
    ("subnets", "groups", "expected"),
    [
        ('[""]', '[""]', []),  # Terraform 0.11's "no VPC": the provider sends no subnet
        ('["${var.vpc["subnets"]}"]', '["${var.vpc["groups"]}"]', []),  # the same through a child's map default
        ('["", aws_subnet.private[0].id]', '["", aws_security_group.fn.id]', ["W9601"]),  # the real ones count
    ],
)
def test_an_empty_string_in_a_list_of_ids_is_no_member(tmp_path, subnets, groups, expected):
    """The AWS provider drops empty strings from a list of ids before calling the API, so `subnet_ids = [""]`
    leaves the function out of any VPC. It was a member with no target, and reading it crashed the run
    (Ensono/terraform-aws-lambda: E9600 'internal error while reading what could not be decided')."""
    child = (
        NETWORK
        + FUNCTION.replace("aws_subnet.private[*].id", subnets).replace("[aws_security_group.fn.id]", groups)
        + 'variable "vpc" {\n  default = {\n    subnets = ""\n    groups  = ""\n  }\n}\n'
    )
    root = 'module "fn" {\n  source = "./fn"\n}\n'
    result = engine.lint([module(tmp_path, {"main.tf": root, "fn/main.tf": child})])
    assert rules(result) == expected
    assert [u.fact for u in result.undecided if "subnet" in u.fact or "security group" in u.fact] == []


def test_a_count_of_the_regions_zones_is_at_least_one(tmp_path):
    """Every region has a zone: the subnets of `length(data.aws_availability_zones.a.names)` exist, each as the
    representative `aws_subnet.private[*]` says (dual-stack here), so the flag left off is W9601."""
    main = NETWORK.replace("count           = 2", "count           = length(data.aws_availability_zones.a.names)")
    main += FUNCTION + 'data "aws_availability_zones" "a" {}\n'
    (finding,) = engine.lint([module(tmp_path, {"main.tf": main})]).findings
    assert finding.rule.id == "W9601"
    assert [text.split()[-1] for _, text in finding.related] == ["aws_subnet.private[*]"]


def evaluations(monkeypatch, most: int) -> list[int]:
    """A counter of the expressions the Terraform evaluator evaluates, which stops the test past `most` (a
    BaseException: the run's own `except Exception` cannot take it for a bad input). Counted, not timed."""
    from lambda6lint.loaders.terraform import evaluator

    count = [0]
    evaluate = evaluator.Evaluator.eval

    def counted(self, expr, scope):
        count[0] += 1
        if count[0] > most:
            pytest.fail(f"over {most:,} expressions evaluated: the work is not bounded")
        return evaluate(self, expr, scope)

    monkeypatch.setattr(evaluator.Evaluator, "eval", counted)
    return count


def test_cycle_and_huge_count_do_not_hang(tmp_path, monkeypatch):
    """A count of 100,000,000 is more instances than are evaluated one by one (MAX_INSTANCES: unknown), and
    a cycle of locals is found, not followed: a few dozen expressions in all."""
    main = NETWORK.replace("count           = 2", "count           = 100000000") + FUNCTION
    main += "locals {\n  a = local.b\n  b = local.a\n}\n"
    main = main.replace('function_name = "fn"', "function_name = local.a")
    evaluated = evaluations(monkeypatch, 1_000)
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert 0 < evaluated[0] <= 1_000
    cycles = [f for f in result.findings if f.rule.id == "E9600"]
    assert [f.message.split(": ", 1)[1] for f in cycles] == ["local.a refers to itself (a reference cycle)"]
    assert rules(result) == ["E9600"]


def test_security_group_without_egress_has_none(tmp_path):
    main = NETWORK + FUNCTION
    result = engine.lint([module(tmp_path, {"main.tf": main})], engine.Options(tf_vars={"flag": "true"}))
    assert "W9620" in rules(result)


@pytest.mark.parametrize(
    "comment",
    [
        "# lambda6lint:ignore W9601 subnets are migrated next sprint\n",
        "// lambda6lint:ignore function-dualstack-disabled\n",
        "# owned by the platform team\n# lambda6lint:ignore W9601, W9620 reason\n",
    ],
)
def test_suppression_comment_above_block(tmp_path, comment):
    main = NETWORK + FUNCTION.replace('resource "aws_lambda_function"', comment + 'resource "aws_lambda_function"')
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    (finding,) = [f for f in result.findings if f.rule.id == "W9601"]
    assert finding.suppressed


def test_suppression_comment_inside_block(tmp_path):
    main = NETWORK + FUNCTION.replace("  vpc_config {", "  # lambda6lint:ignore W9601\n  vpc_config {")
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert all(f.suppressed for f in result.findings if f.rule.id == "W9601")


def test_comment_on_another_block_does_not_suppress(tmp_path):
    main = "# lambda6lint:ignore W9601\n" + NETWORK + "\n" + FUNCTION
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert [f.suppressed for f in result.findings if f.rule.id == "W9601"] == [None]


def test_syntax_error_is_reported_and_other_files_still_linted(tmp_path):
    folder = module(tmp_path / "a", {"main.tf": NETWORK + FUNCTION, "broken.tf": 'resource "x" "y" {\n  a = [1\n}\n'})
    other = module(tmp_path / "b", {"main.tf": NETWORK + FUNCTION})
    result = engine.lint([folder, other])
    errors = [f for f in result.findings if f.rule.id == "E9600"]
    assert [(e.location.path.endswith("broken.tf"), e.location.line) for e in errors] == [(True, 3)]
    assert rules(result, "W9601") == ["W9601", "W9601"]


def test_unseen_module_outputs_are_unknown(tmp_path):
    main = FUNCTION.replace("aws_subnet.private[*].id", "module.net.private_subnets").replace(
        "[aws_security_group.fn.id]", "[module.net.sg_id]"
    )
    main += 'module "net" {\n  source = "git::https://example.com/net.git"\n}\n'
    assert rules(engine.lint([module(tmp_path, {"main.tf": main})])) == []


def test_local_module_inputs_and_addresses(tmp_path):
    child = NETWORK.replace("assign_generated_ipv6_cidr_block = true", "assign_generated_ipv6_cidr_block = var.ipv6")
    child += 'variable "ipv6" {}\noutput "subnets" {\n  value = aws_subnet.private[*].id\n}\n'
    child += 'output "sg" {\n  value = aws_security_group.fn.id\n}\n'
    main = FUNCTION.replace("aws_subnet.private[*].id", "module.net.subnets").replace(
        "[aws_security_group.fn.id]", "[module.net.sg]"
    )
    main += 'module "net" {\n  source = "./net"\n  ipv6   = false\n}\n'
    result = engine.lint([module(tmp_path, {"main.tf": main, "net/main.tf": child})])
    (finding,) = [f for f in result.findings if f.rule.id == "I9605"]
    assert "module.net.aws_vpc.main" in finding.message


@pytest.mark.parametrize(
    "output",
    ['join("", aws_vpc.main.*.id)', 'join(",", aws_vpc.main[*].id)', 'join("", concat(aws_vpc.main[*].id, [""]))'],
)
def test_a_module_output_joining_one_id_is_that_id(tmp_path, output):
    """cloudposse's modules (terraform-aws-vpc 2.x) output `join("", aws_vpc.default.*.id)`, the id of a
    resource whose count is 0 or 1: the id itself, not a value lambda6lint cannot evaluate (which left
    every subnet made with it, and every function in them, not fully checked)."""
    child = NETWORK.replace("assign_generated_ipv6_cidr_block = true", "count      = var.on ? 1 : 0")
    child = child.replace("aws_vpc.main.id", "aws_vpc.main[0].id").replace("aws_vpc.main.cidr_block", '"10.0.0.0/16"')
    child = child.replace("cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, count.index)", "null")
    child += f'variable "on" {{\n  default = true\n}}\noutput "vpc_id" {{\n  value = {output}\n}}\n'
    main = NETWORK.replace('resource "aws_vpc" "main" {', 'resource "aws_vpc" "unused" {')
    main = main.replace("aws_vpc.main.id", "module.net.vpc_id").replace("aws_vpc.main.cidr_block", '"10.0.0.0/16"')
    main = main.replace("cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, count.index)", "null")
    main += FUNCTION + 'module "net" {\n  source = "./net"\n}\n'
    result = engine.lint([module(tmp_path, {"main.tf": main, "net/main.tf": child})])
    (finding,) = [f for f in result.findings if f.rule.id == "I9605"]
    assert "module.net.aws_vpc.main[0]" in finding.message


def test_floor_of_a_fraction_is_known(tmp_path):
    """`floor(count.index / 2)` spreads subnets over tiers or zones (manuhanono/TP3Cloud tags its private
    subnets so, then picks a tier's with a grouping for-expression): count.index / 2 is a fraction, whose
    floor was unknown, so the function's subnet list was too."""
    main = NETWORK.replace("count           = 2", "count           = 4").replace(
        "  ipv6_cidr_block = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, count.index)\n",
        "  tags = {\n    Tier = floor(count.index / 2) + 1\n  }\n",
    )
    main += FUNCTION.replace(
        "aws_subnet.private[*].id", '{ for s in aws_subnet.private : s.tags["Tier"] => s.id... }["1"]'
    )
    result = engine.lint([module(tmp_path, {"main.tf": main})], engine.Options(tf_vars={"flag": "true"}))
    (finding,) = [f for f in result.findings if f.rule.id == "E9602"]
    assert "aws_subnet.private[0], aws_subnet.private[1] have" in finding.message


def test_hcl2_is_imported_only_for_terraform():
    code = (
        "import sys; from lambda6lint import engine; engine.lint([sys.argv[1]]); "
        "print('hcl2' in sys.modules, 'lark' in sys.modules, 'lambda6lint.loaders.terraform.evaluator' in sys.modules)"
    )
    cfn = FIXTURES / "W9601" / "bad-flag-absent.yaml"
    tf = FIXTURES / "W9601" / "bad-flag-absent-counted-subnets"
    for path, expected in ((cfn, "False False False"), (tf, "True True True")):
        proc = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, text=True)
        assert proc.stdout.strip() == expected, proc.stderr


def test_precommit_tf_files_lint_their_module_once(tmp_path):
    """pre-commit passes changed .tf files: each stands for its whole module folder, linted once."""
    module(tmp_path, {"network.tf": NETWORK, "function.tf": FUNCTION})
    result = engine.lint([str(tmp_path / "network.tf"), str(tmp_path / "function.tf")])
    assert rules(result) == ["W9601"]  # the route table lives in another file: still one finding


def test_tfvars_json(tmp_path):
    folder = module(tmp_path, {"main.tf": NETWORK + FUNCTION, "terraform.tfvars.json": '{"flag": true}'})
    assert "W9601" not in rules(engine.lint([folder]))


def network_of(folder: str):
    from lambda6lint import discover
    from lambda6lint.loaders.registry import LOADERS
    from lambda6lint.network import Network

    resources, templates = [], []
    for source in discover.discover([folder]):
        loaded = LOADERS[source.kind](source, engine.Options())
        for template, found in loaded.built:
            templates.append(template)
            resources += found
    return Network(resources, templates)


INF = float("inf")

VPC_CALL = """
module "vpc" {
  source          = "terraform-aws-modules/vpc/aws"
  azs             = ["us-east-1a", "us-east-1b", "us-east-1c"]
  public_subnets  = ["10.0.101.0/24", "10.0.102.0/24", "10.0.103.0/24"]
  private_subnets = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  enable_ipv6     = true
  %s
}
"""


def test_the_vpc_model_counts_public_subnets_in_its_nat_gateways(tmp_path):
    """max_subnet_length counts public subnets (every release from 4.0): 3 public, 2 private → 3 NAT gateways."""
    from lambda6lint.model import NatGateway

    call = VPC_CALL.replace(', "10.0.3.0/24"]\n  enable_ipv6', "]\n  enable_ipv6", 1) % "enable_nat_gateway = true"
    assert call.count("10.0.3.0/24") == 0 and call.count("10.0.103.0/24") == 1
    assert len(network_of(module(tmp_path, {"main.tf": call})).of(NatGateway)) == 3


@pytest.mark.parametrize(
    ("version", "nats", "private_tables"),
    [
        (None, 2, 2),  # (the newest release: intra subnets decide nothing)
        ("~> 5.1.2", 2, 2),
        ("~> 5.1.0", 2, 2),  # (5.1.x: 5.1.2 is the newest)
        ("5.1.1", 4, 4),  # 4.0.1 to 5.1.1 counted intra subnets too
        ("~> 4.0", 4, 4),
        ("< 5.1.2", 4, 4),
        ("4.0.0", 0, 0),  # 4.0.0 left private subnets out: with no public ones, no NAT gateway, no private table
    ],
)
def test_the_vpc_model_counts_its_nat_gateways_as_the_release_the_constraint_picks(
    tmp_path, version, nats, private_tables
):
    """How many NAT gateways (and private route tables) max_subnet_length gives changed twice."""
    from lambda6lint.model import NatGateway, RouteTable

    call = (
        'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n'
        + (f'  version = "{version}"\n' if version else "")
        + '  azs = ["us-east-1a", "us-east-1b"]\n  private_subnets = ["10.0.1.0/24", "10.0.2.0/24"]\n'
        '  intra_subnets = ["10.0.3.0/24", "10.0.4.0/24", "10.0.5.0/24", "10.0.6.0/24"]\n'
        + ('  public_subnets = ["10.0.101.0/24"]\n' if version != "4.0.0" else "")
        + "  enable_nat_gateway = true\n}\n"
    )
    network = network_of(module(tmp_path, {"main.tf": call}))
    assert len(network.of(NatGateway)) == nats
    private = [t for t in network.of(RouteTable) if ".aws_route_table.private[" in t.id]
    assert len(private) == private_tables, [t.id for t in network.of(RouteTable)]


@pytest.mark.parametrize(
    ("version", "older"), [("~> 7.0", False), ("7.14.0", False), ("~> 6.0", True), ("< 7.14", True)]
)
def test_the_lambda_modules_ipv6_flag_fix_says_when_the_release_allowed_lacks_the_input(tmp_path, version, older):
    """terraform-aws-lambda took `ipv6_allowed_for_dual_stack` in 7.14.0: a call pinned before cannot set it."""
    main = (FIXTURES / "W9601" / "bad-registry-modules-without-terraform-dir" / "main.tf").read_text()
    assert '  version = "~> 7.0"' in main
    main = main.replace('  version = "~> 7.0"', f'  version = "{version}"')
    [message] = [f.message for f in engine.lint([module(tmp_path, {"main.tf": main})]).findings if f.rule.id == "W9601"]
    raise_it = "on module.orders (an input since terraform-aws-modules/lambda/aws 7.14.0, newer than its version"
    assert (raise_it in message) is older, message
    # (the message names the call's input only where its release has one)
    assert ("but ipv6_allowed_for_dual_stack on module.orders is not true" in message) is not older, message


@pytest.mark.parametrize("ipv6_egress", [True, False])
def test_w9601_on_a_lambda_modules_function_names_the_call_and_its_input(tmp_path, ipv6_egress):
    """The flag of a function terraform-aws-modules/lambda makes is the call's input: W9601 says which call to change
    and with which input, as I9651 and the plan do, before and after what its IPv6 path lacks."""
    main = (FIXTURES / "W9601" / "bad-registry-modules-without-terraform-dir" / "main.tf").read_text()
    if not ipv6_egress:
        assert '    ipv6_cidr_blocks = ["::/0"]\n' in main
        main = main.replace('    ipv6_cidr_blocks = ["::/0"]\n', "")
    [message] = [f.message for f in engine.lint([module(tmp_path, {"main.tf": main})]).findings if f.rule.id == "W9601"]
    said = "Before setting " if not ipv6_egress else "Set "
    assert f"{said}ipv6_allowed_for_dual_stack = true on module.orders" in message, message
    assert "but ipv6_allowed_for_dual_stack on module.orders is not true" in message, message


def test_e9602_e9604_i9660_on_a_lambda_modules_function_name_the_call_and_its_inputs(tmp_path):
    """The flag, subnets and security groups of a function terraform-aws-modules/lambda makes are its call's inputs:
    E9602, E9604 and I9660 name the call and the input to change, as W9601 does, not an argument of the
    aws_lambda_function the user never wrote; a function resource of the same run keeps its own words."""
    main = (FIXTURES / "E9604" / "bad-registry-lambda-module-without-subnets" / "main.tf").read_text()
    main += (
        (FIXTURES / "E9602" / "bad-registry-vpc-ipv6-without-prefixes" / "main.tf")
        .read_text()
        .split('provider "aws"')[1]
        .partition("\n}\n")[2]
        .replace('module "orders"', 'module "invoices"')
        .replace('"orders"', '"invoices"')
    )
    findings = engine.lint([module(tmp_path, {"main.tf": main})]).findings
    said = {(f.rule.id, f.resource): f.message for f in findings}
    orders, reports = "module.orders.aws_lambda_function.this[0]", "module.reports.aws_lambda_function.this[0]"
    invoices = "module.invoices.aws_lambda_function.this[0]"
    assert "sets ipv6_allowed_for_dual_stack = true on module.orders without subnets" in said["E9604", orders]
    assert "Give it dual-stack subnets too (vpc_subnet_ids on module.orders)" in said["E9604", orders]
    # (out of the VPC in the module's terms: its vpc_config is written unless a list is null, and [] is not null)
    assert (
        "take it out of the VPC: vpc_subnet_ids and vpc_security_group_ids on module.orders left null (unset, not []: "
        "that drops the module's vpc_config) and ipv6_allowed_for_dual_stack = false on module.orders, since"
        in (said["E9604", orders])
    )
    assert "removed" not in said["E9604", orders]
    assert "Set ipv6_allowed_for_dual_stack = false on module.reports (" in said["E9604", reports]
    # (both lists empty: the flag alone fixes it, and the call's way out of the VPC is both left null, not [])
    assert (
        "fails the same way), with vpc_subnet_ids and vpc_security_group_ids on module.reports left null (unset, not "
        "[]: that drops the module's vpc_config) to take the function out of the VPC; or attach the function to "
        "dual-stack subnets and a security group (" in said["E9604", reports]
    )
    assert (
        "(vpc_subnet_ids on module.reports and vpc_security_group_ids on module.reports)." in (said["E9604", reports])
    )
    assert "allows IPv6 (ipv6_allowed_for_dual_stack on module.invoices) but" in said["E9602", invoices]
    assert "or remove them from vpc_subnet_ids on module.invoices." in said["E9602", invoices]
    assert "allows IPv6 (ipv6_allowed_for_dual_stack on module.invoices) but has no" in said["I9660", invoices]


def test_e9604_on_a_function_resource_keeps_its_arguments_words(tmp_path):
    """Where the user wrote the aws_lambda_function, the fix names its own argument, as before."""
    main = (FIXTURES / "E9604" / "bad-flag-without-subnets" / "main.tf").read_text()
    [message] = [f.message for f in engine.lint([module(tmp_path, {"main.tf": main})]).findings if f.rule.id == "E9604"]
    assert "sets ipv6_allowed_for_dual_stack to true without" in message, message
    assert "Set ipv6_allowed_for_dual_stack to false (" in message and " on module." not in message, message
    assert "same way) or attach the function" in message and "null" not in message, message  # (a module call's words)


def test_a_finding_on_a_lambda_module_calls_vpc_points_at_its_subnets(tmp_path):
    """As a function resource's finding on its VPC points at its `vpc_config` block, a module call's points at
    `vpc_subnet_ids` (it was the `module` line)."""
    main = (
        'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.8.1"\n'
        '  cidr = "10.0.0.0/16"\n  azs = ["us-east-1a", "us-east-1b"]\n'
        '  private_subnets = ["10.0.1.0/24", "10.0.2.0/24"]\n  public_subnets = ["10.0.101.0/24"]\n'
        "  enable_nat_gateway = true\n}\n\n"
        'module "fn" {\n  source  = "terraform-aws-modules/lambda/aws"\n  version = "7.20.0"\n'
        '  function_name = "orders"\n  runtime = "python3.12"\n'
        "  vpc_subnet_ids         = module.vpc.private_subnets\n"
        "  vpc_security_group_ids = [module.vpc.default_security_group_id]\n}\n"
    )
    found = engine.lint([module(tmp_path, {"main.tf": main})]).findings
    [i9605] = [f for f in found if f.rule.id == "I9605"]
    line = main.splitlines().index("  vpc_subnet_ids         = module.vpc.private_subnets") + 1
    assert (i9605.location.line, i9605.location.column) == (line, 3), i9605.location


#: A VPC module call with NAT gateways, and a lambda module call in its private subnets whose Node.js rejects
#: NODE_OPTIONS' ipv6first (when it is nodejs18.x): `{inputs}` are the lambda call's own (its README's shapes).
_LAMBDA_IN_A_NAT_VPC = (
    'module "vpc" {{\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "~> 6.0"\n'
    '  cidr = "10.0.0.0/16"\n  azs = ["us-east-1a", "us-east-1b"]\n'
    '  private_subnets = ["10.0.1.0/24", "10.0.2.0/24"]\n  public_subnets = ["10.0.101.0/24", "10.0.102.0/24"]\n'
    "  enable_nat_gateway = true\n}}\n\n"
    'module "fn" {{\n  source  = "terraform-aws-modules/lambda/aws"\n  version = "~> 8.0"\n{inputs}'
    "  vpc_subnet_ids         = module.vpc.private_subnets\n"
    "  vpc_security_group_ids = [module.vpc.default_security_group_id]\n"
    '  environment_variables  = {{ NODE_OPTIONS = "--dns-result-order=ipv6first" }}\n}}\n'
)


@pytest.mark.parametrize(
    ("inputs", "found"),
    [
        ('  function_name = "orders"\n  runtime = "nodejs18.x"\n', ["E9633", "I9605", "I9651"]),
        # a layer's call (README "Lambda Layers"): main.tf's aws_lambda_function count is
        # `local.create && var.create_function && !var.create_layer`: no function, nothing to say
        (
            '  create_layer = true\n  layer_name = "shared"\n  compatible_runtimes = ["nodejs18.x"]\n'
            '  runtime = "nodejs18.x"\n  source_path = "../src/layer"\n',
            [],
        ),
        ('  putin_khuylo = false\n  function_name = "orders"\n  runtime = "nodejs18.x"\n', []),
        # a container image (README "Lambda Function from Container Image"): `runtime = var.package_type != "Zip" ?
        # null : var.runtime`, so a runtime left in the call is not the function's: its Node.js is the image's
        (
            '  function_name = "orders"\n  runtime = "nodejs18.x"\n  create_package = false\n'
            '  image_uri = "132367819851.dkr.ecr.eu-west-1.amazonaws.com/orders:1.0"\n  package_type = "Image"\n',
            ["I9605"],
        ),
    ],
)
def test_a_lambda_module_call_makes_a_function_with_a_runtime_only_where_the_module_does(tmp_path, inputs, found):
    main = _LAMBDA_IN_A_NAT_VPC.format(inputs=inputs)
    assert rules(engine.lint([module(tmp_path, {"main.tf": main})])) == found


@pytest.mark.parametrize(
    ("scope", "found"),
    [("private_default_scope_id", ["I9651", "I9660"]), ("public_default_scope_id", ["I9660", "W9650"])],
)
def test_a_vpc_module_call_with_use_ipam_pool_has_its_pools_ipv6_block(tmp_path, scope, found):
    """terraform-aws-vpc main.tf's aws_vpc.this: `assign_generated_ipv6_cidr_block = var.enable_ipv6 &&
    !var.use_ipam_pool ? true : null`, `ipv6_ipam_pool_id = var.ipv6_ipam_pool_id`: with use_ipam_pool the block is
    the pool's, and a private scope's never reaches the internet, so the NAT gateway stays (it was W9650)."""
    main = (FIXTURES / "W9650" / "bad-registry-vpc-ipv6-from-an-amazon-ipam-pool" / "main.tf").read_text()
    main = main.replace("public_default_scope_id", scope)
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert rules(result) == found
    for finding in result.findings:
        if finding.rule.id == "I9651":  # (enable_ipv6 is already true: the pool is what gives no Amazon block)
            assert "ipv6_ipam_pool_id = a pool of IPAM's public scope" in finding.message, finding.message
            assert "use_ipam_pool = false" in finding.message, finding.message


def test_a_vpc_module_call_with_putin_khuylo_false_makes_nothing(tmp_path):
    """terraform-aws-vpc main.tf: `create_vpc = var.create_vpc && var.putin_khuylo` counts every resource."""
    main = (FIXTURES / "W9650" / "bad-registry-vpc-single-nat" / "main.tf").read_text()
    assert "W9650" in rules(engine.lint([module(tmp_path / "a", {"main.tf": main})]))
    main = main.replace('  name = "orders"\n', '  name = "orders"\n  putin_khuylo = false\n')
    assert "W9650" not in rules(engine.lint([module(tmp_path / "b", {"main.tf": main})]))


@pytest.mark.parametrize(("public", "found"), [("true", ["I9605", "W9611"]), ("false", ["I9605", "I9651"])])
def test_a_vpc_module_calls_public_redshift_subnets_take_the_public_route_table(tmp_path, public, found):
    """terraform-aws-vpc main.tf: with enable_public_redshift the redshift subnets' association is
    `redshift_public`, to the public route table (the internet gateway's 0.0.0.0/0), not the private one (its
    NAT gateway's): a function there has no internet egress (W9611), and the NAT gateway does not serve it."""
    main = (FIXTURES / "W9611" / "bad-registry-vpc-public-redshift-subnets" / "main.tf").read_text()
    main = main.replace("enable_public_redshift = true", f"enable_public_redshift = {public}")
    assert rules(engine.lint([module(tmp_path, {"main.tf": main})])) == found


@pytest.mark.parametrize(
    ("public", "per_az", "found"),
    [(2, "true", []), (3, "true", ["I9605", "W9611"]), (2, "false", ["I9605", "W9611"])],
)
def test_a_vpc_module_call_one_nat_gateway_per_az_makes_public_subnets_only_for_every_zone(
    tmp_path, public, per_az, found
):
    """terraform-aws-vpc main.tf's aws_subnet.public count: `!var.one_nat_gateway_per_az || len_public_subnets >=
    length(var.azs)`: with fewer public subnets than zones there are none, nor a function in them."""
    main = FIXTURES / "W9611" / "bad-registry-vpc-public-subnet-per-zone-with-one-nat-gateway-per-az" / "main.tf"
    text = main.read_text().replace("one_nat_gateway_per_az = true", f"one_nat_gateway_per_az = {per_az}")
    cidrs = ", ".join(f'"10.0.10{i}.0/24"' for i in range(1, public + 1))
    text = re.sub(r"public_subnets  = \[[^\]]*\]", f"public_subnets  = [{cidrs}]", text)
    assert rules(engine.lint([module(tmp_path, {"main.tf": text})])) == found


@pytest.mark.parametrize(
    ("constraint", "newest"),
    [
        ("~> 6.0", (6, INF, INF)),
        ("~> 6", (INF, INF, INF)),
        ("~> 5.1.0", (5, 1, INF)),
        ("5.1.1", (5, 1, 1)),
        ("= v4", (4, 0, 0)),
        ("<= 5.1", (5, 1, 0)),
        ("< 5.1.2", (5, 1, 1)),
        ("< 5.1", (5, 0, INF)),
        ("< 5.0.0", (4, INF, INF)),
        (">= 3.0, < 4", (3, INF, INF)),
        (">= 3.0", (INF, INF, INF)),
        ("~> 5.0, != 5.3.0, <= 5.2.1", (5, 2, 1)),
        ("latest", (INF, INF, INF)),
    ],
)
def test_the_newest_release_a_version_constraint_allows(constraint, newest):
    from lambda6lint.loaders.terraform.models import newest_version

    assert newest_version(constraint) == newest


@pytest.mark.parametrize(
    ("inputs", "propagated"),
    [
        ("", set()),
        ("enable_vpn_gateway = true", set()),  # a gateway, but no propagation asked for
        ("propagate_private_route_tables_vgw = true", set()),  # nothing to propagate from
        ("enable_vpn_gateway = true\n  propagate_private_route_tables_vgw = true", {"private"}),
        ('vpn_gateway_id = "vgw-0abc"\n  propagate_public_route_tables_vgw = true', {"public"}),
    ],
)
def test_the_vpc_model_propagates_routes_from_its_virtual_private_gateway(tmp_path, inputs, propagated):
    """A propagated route's destination is whatever the gateway's peers announce: the tables it reaches
    have no known default route (W9610, W9631 stay silent)."""
    from lambda6lint.model import RouteTable

    net = network_of(module(tmp_path, {"main.tf": VPC_CALL % inputs}))
    tables = [t for t in net.of(RouteTable) if "module.vpc" in t.id]
    receiving = {
        t.id.split(".")[-1].split("[")[0] for t in tables if any(r.target_kind == "vgw" for r in net.routes(t))
    }
    assert receiving == propagated
    for table in tables:  # a written default route still wins over a propagated one
        routes = net.default_routes(table, "0.0.0.0/0")
        assert (routes is None) is (table.id.split(".")[-1].startswith("private") and "private" in propagated)
    if propagated == {"private"}:
        assert len([t for t in tables if ".private[" in t.id]) == 3


@pytest.mark.parametrize(
    ("inputs", "nats", "tables", "nat64"),
    [
        ("", 0, 3, 0),
        ("enable_nat_gateway = true\n  single_nat_gateway = true", 1, 1, 1),
        ("enable_nat_gateway = true\n  one_nat_gateway_per_az = true", 3, 3, 3),
        ("enable_nat_gateway = true\n  private_subnet_enable_dns64 = false", 3, 3, 0),
        # the module adds the NAT64 route whatever create_private_nat_gateway_route says
        ("enable_nat_gateway = true\n  create_private_nat_gateway_route = false", 3, 3, 3),
    ],
)
def test_builtin_vpc_model_nat_modes(tmp_path, inputs, nats, tables, nat64):
    from lambda6lint.model import NatGateway, Route, RouteTable, Subnet

    net = network_of(module(tmp_path, {"main.tf": VPC_CALL % inputs}))
    assert len(net.of(NatGateway)) == nats
    private = [t for t in net.of(RouteTable) if ".private[" in t.id]
    assert len(private) == tables
    assert sum(1 for r in net.of(Route) if r.destination == "64:ff9b::/96") == nat64
    assert all(net.default_targets(t, "::/0") == {"eigw"} for t in private)
    # enable_ipv6 alone gives the subnets no IPv6 CIDR, but turns DNS64 on
    subnets = [s for s in net.of(Subnet) if ".private[" in s.id]
    assert {net.subnet_kind(s) for s in subnets} == {"ipv4-only"}
    assert all(s.dns64 for s in subnets) is (nat64 > 0 or "dns64 = false" not in inputs)


def test_an_unknown_flag_of_the_vpc_model_makes_unknown_only_what_depends_on_it(tmp_path):
    """`enable_ipv6 = var.ipv6` without a value: subnets, tables and NAT routes are what both values make;
    the VPC's IPv6 block, DNS64 and the ::/0 routes may or may not exist."""
    from lambda6lint.model import EgressOnlyInternetGateway, NatGateway, Route, RouteTable, Subnet, Vpc

    call = VPC_CALL.replace("enable_ipv6     = true", "enable_ipv6     = var.ipv6") % "enable_nat_gateway = true"
    net = network_of(module(tmp_path, {"main.tf": call + 'variable "ipv6" {\n  type = bool\n}\n'}))
    subnets = [s for s in net.of(Subnet) if ".private[" in s.id]
    assert len(subnets) == 3 and not any(s.conditional for s in subnets)
    assert {net.subnet_kind(s) for s in subnets} == {"ipv4-only"}  # no IPv6 prefixes either way
    assert {s.dns64 for s in subnets} == {None}
    (vpc,) = net.of(Vpc)
    assert net.vpc_has_ipv6(vpc) is None
    assert [g.conditional for g in net.of(EgressOnlyInternetGateway)] == [True]
    private = [t for t in net.of(RouteTable) if ".private[" in t.id]
    assert len(private) == 3 and all(net.default_targets(t, "0.0.0.0/0") == {"nat"} for t in private)
    assert all(net.default_targets(t, "::/0") is None for t in private)
    assert len(net.of(NatGateway)) == 3
    assert all(r.conditional for r in net.of(Route) if r.destination in ("::/0", "64:ff9b::/96"))


@pytest.mark.parametrize(
    ("inputs", "made"),
    [
        # the zones from a data source, as most examples take them: they decide nothing here
        ("azs = slice(data.aws_availability_zones.available.names, 0, 3)\n  enable_nat_gateway = true", True),
        # ... unless there is one NAT gateway per zone: how many cannot be known
        (
            "azs = data.aws_availability_zones.available.names\n  enable_nat_gateway = true\n"
            "  one_nat_gateway_per_az = true",
            False,
        ),
        ("private_subnets = data.aws_subnets.planned.ids", False),  # how many subnets cannot be known
    ],
)
def test_the_vpc_model_gives_up_only_on_what_decides_how_many_resources_exist(tmp_path, inputs, made):
    from lambda6lint.model import Subnet

    call = VPC_CALL.replace('azs             = ["us-east-1a", "us-east-1b", "us-east-1c"]', "")
    if "private_subnets" in inputs:
        call = call.replace('private_subnets = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]', "")
    data = 'data "aws_availability_zones" "available" {}\ndata "aws_subnets" "planned" {}\n'
    net = network_of(module(tmp_path, {"main.tf": call % inputs + data}))
    assert bool(net.of(Subnet)) is made


ROUTED = """
resource "aws_egress_only_internet_gateway" "e" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  count          = 2
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_iam_role_policy" "data" {
  role   = "fn"
  policy = %s
}
"""


@pytest.mark.parametrize(
    "policy",
    [
        '<<EOF\n{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "${var.b}/*"}]}\nEOF',
        # a directive in a heredoc: rendered (its text had holes where JSON needs commas: no action read)
        '<<-EOF\n  {"Statement": [\n  %{ for a in ["s3:GetObject", "logs:PutLogEvents"] ~}\n'
        '    {"Effect": "Allow", "Action": "${a}", "Resource": "*"},\n  %{ endfor ~}\n'
        '    {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}\n  ]}\n  EOF',
        'file("${path.module}/policy.json")',
        'jsonencode({ Statement = [{ Effect = "Allow", Action = ["s3:PutObject"], Resource = "${var.arn}/*" }] })',
        # a whole value unknown: the document still parses (it was dropped, and W9630 with it)
        'jsonencode({ Statement = [{ Effect = "Allow", Action = ["s3:PutObject"], Resource = [var.arn] }] })',
        'jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:PutObject", Resource = "${var.arn}" }] })',
        'jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:PutObject", Resource = ["a\\"b", var.arn] }] })',
    ],
)
def test_policy_actions_from_heredoc_file_and_jsonencode(tmp_path, policy):
    main = NETWORK + FUNCTION.replace(
        'role          = "arn:aws:iam::123456789012:role/fn"', "role = aws_iam_role.fn.arn"
    )
    main += ROUTED % policy + 'resource "aws_iam_role" "fn" {\n  name = "fn"\n}\n'
    main = main.replace('role   = "fn"', "role   = aws_iam_role.fn.name")
    folder = module(tmp_path, {"main.tf": main, "policy.json": '{"Statement": {"Effect": "Allow", "Action": "s3:*"}}'})
    assert "W9630" in rules(engine.lint([folder]))


def test_explosive_for_expressions_are_cut_short(tmp_path, monkeypatch):
    """A for-expression of 1,024 × 1,024 items stops at the module's MAX_STEPS evaluations, and says so."""
    from lambda6lint.loaders.terraform.budget import MAX_STEPS

    main = NETWORK + FUNCTION + "locals {\n  grid = [for a in range(1024) : [for b in range(1024) : a + b]]\n}\n"
    main = main.replace('function_name = "fn"', "function_name = length(local.grid)")
    evaluated = evaluations(monkeypatch, MAX_STEPS + 1_000)
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert evaluated[0] <= MAX_STEPS + 1, evaluated[0]
    (error,) = [f.message for f in result.findings if f.rule.id == "E9600"]
    assert f"Terraform evaluation budget exceeded (over {MAX_STEPS:,} evaluation steps)" in error


def test_endpoint_service_from_a_template_with_the_region(tmp_path):
    main = NETWORK + FUNCTION.replace(
        'role          = "arn:aws:iam::123456789012:role/fn"', "role = aws_iam_role.fn.arn"
    )
    main += ROUTED % '"{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"s3:GetObject\\"}]}"'
    main += 'resource "aws_iam_role" "fn" {\n  name = "fn"\n}\n'
    main = main.replace('role   = "fn"', "role   = aws_iam_role.fn.name")
    endpoint = (
        'resource "aws_vpc_endpoint" "s3" {\n  vpc_id          = aws_vpc.main.id\n'
        '  service_name    = "com.amazonaws.${var.region}.s3"\n  route_table_ids = [aws_route_table.private.id]\n}\n'
        'variable "region" {}\n'
    )
    assert "W9630" in rules(engine.lint([module(tmp_path / "without", {"main.tf": main})]))
    assert "W9630" not in rules(engine.lint([module(tmp_path / "with", {"main.tf": main + endpoint})]))


def test_a_broken_child_module_is_reported_once(tmp_path):
    main = 'module "net" {\n  source = "./net"\n}\n'
    folder = module(tmp_path, {"main.tf": main, "net/main.tf": 'resource "x" "y" {\n  a = [1\n}\n'})
    errors = [f for f in engine.lint([folder]).findings if f.rule.id == "E9600"]
    assert [(e.location.path.endswith("net/main.tf"), e.location.line) for e in errors] == [(True, 3)]


@pytest.mark.parametrize(
    ("main", "place", "message"),
    [
        # an unclosed block: the end of the file
        ('resource "a" "b" {\n  x = 1\n\nresource "c" "d" {\n  y = 2\n}\n', (7, 1), "unexpected end of file"),
        # a missing `=`: the value after the name
        ('resource "a" "b" {\n  x 1\n  y = 2\n}\n', (2, 5), "unexpected '1'"),
        # an unclosed list: the next argument, where a `,` or `]` was wanted
        ('resource "a" "b" {\n  x = [1, 2\n  y = 2\n}\n', (3, 3), "unexpected 'y'"),
        # a closing brace too many
        ('resource "a" "b" {\n  x = 1\n}\n}\n', (4, 1), "unexpected '}'"),
        # a quote in a comment opens no string: the unclosed list's place stays
        ('resource "a" "b" {\n  x = [1, 2 # it"s\n  y = 2\n}\n', (3, 3), "unexpected 'y'"),
        # nor does one in a heredoc
        ('resource "a" "b" {\n  x = <<EOT\nsay "hi\nEOT\n  z = [1\n  y = 2\n}\n', (6, 3), "unexpected 'y'"),
        # a string left open inside `${…[`: lark names the next argument; the string's quote is the place
        (
            'resource "aws_subnet" "a" {\n  availability_zone = "${var.region}${var.azs[count.inde\n'
            "  assign_ipv6_address_on_creation = true\n}\n",
            (2, 23),
            "the quoted string opened here is not closed (unexpected 'assign_ipv6_address_on_creation' on line 3)",
        ),
        # inside `${` (python-hcl2 reads it again with its newlines as spaces), then a blank line and a block
        ('resource "a" "b" {\n  x = "${var.a\n\n  tags {\n  }\n}\n', (2, 7), "(unexpected 'tags' on line 4)"),
        # an argument's `=` missing before a string: lark reads a block's header, whose `{` may follow a
        # newline, and names the next argument; the place is the value that wants the `=`
        (
            'resource "a" "b" {\n  x "abc"\n  y = 2\n}\n',
            (2, 5),
            "'x \"abc\"' is neither an argument (no '=' after 'x') nor a block (no '{' on its line) "
            "(unexpected 'y' on line 3)",
        ),
        # after it a comment, a blank line and a block comment; its labels bare and quoted
        ('resource "a" "b" {\n  x abc "d" # c\n\n  /* e\n  */\n  y = 2\n}\n', (2, 5), "(unexpected 'y' on line 6)"),
        # a word alone, then the block's end
        ('resource "a" "b" {\n  x = 1\n  foo\n}\n', (3, 3), "'foo' is neither an argument (no '=' and value after it)"),
        # the last thing in the file
        ('a {\n}\nx "abc"\n', (3, 3), "(unexpected end of file on line 4)"),
        # after an interpolation over lines (python-hcl2 reads it again, flattened): the original's place
        ('resource "a" "b" {\n  x = "${\n  var.a}"\n  z "abc"\n  y = 2\n}\n', (4, 5), "(unexpected 'y' on line 5)"),
        # a word after an argument on its line (cicdenv/cicdenv): lark reads it as a block's type and names the next
        # argument, two lines on; the word is the place
        (
            'locals {\n  function_name = "mysql-${var.name}"osted_zone\n\n  lambda_key = "f.zip"\n}\n',
            (2, 38),
            "unexpected 'osted_zone' (an argument or block ends with a newline)",
        ),
        ("x {\n} y\nb = 1\n", (2, 3), "unexpected 'y' (an argument or block ends with a newline)"),
        # a word on a line of its own: neither an argument nor a block
        ("locals {\n  a = 5\n  osted\n  b = 1\n}\n", (3, 3), "'osted' is neither an argument"),
        # a block type and label without their `{`
        ("a = 5\nfoo bar\nb = 1\n", (2, 5), "'foo bar' is neither an argument (no '=' after 'foo')"),
    ],
)
def test_a_syntax_error_is_at_its_line(tmp_path, main, place, message):
    (error,) = [f for f in engine.lint([module(tmp_path, {"main.tf": main})]).findings if f.rule.id == "E9600"]
    assert (error.location.line, error.location.column) == place
    assert message in error.message


def test_suppression_comment_on_a_registry_module_call(tmp_path):
    source = (FIXTURES / "W9601" / "bad-registry-modules-without-terraform-dir" / "main.tf").read_text()
    source = source.replace('module "orders" {', '# lambda6lint:ignore W9601 migrating next quarter\nmodule "orders" {')
    result = engine.lint([module(tmp_path, {"main.tf": source})])
    assert [bool(f.suppressed) for f in result.findings if f.rule.id == "W9601"] == [True]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (b"\x00\x01binary", True),
        (("x = " + "(" * 5000 + "1" + ")" * 5000).encode(), True),
        (
            b"locals {\n  a = [for i in range(100000) : i]\n}\n"
            b'resource "aws_subnet" "s" {\n  count = length(local.a)\n}\n',
            False,
        ),
        # Terraform rejects a module that calls its own folder (hashicorp/terraform#31557): so do we
        (b'module "self" {\n  source = "./"\n}\noutput "x" {\n  value = module.self.x\n}\n', True),
        (b'\xef\xbb\xbfresource "aws_vpc" "v" {\r\n  cidr_block = "10.0.0.0/16"\r\n}\r\n', False),
    ],
    ids=["binary", "deep-parentheses", "huge-range", "module-calls-itself", "bom-crlf"],
)
def test_hostile_modules(tmp_path, monkeypatch, text, error):
    """Each ends in a few expressions evaluated (range() stops at 1,024 numbers; a module calling itself is
    refused, not followed): counted, not timed."""
    (tmp_path / "main.tf").write_bytes(text)
    evaluated = evaluations(monkeypatch, 1_000)
    result = engine.lint([str(tmp_path)])
    assert evaluated[0] <= 1_000
    assert [f.rule.id for f in result.findings] == (["E9600"] if error else [])


def test_findings_on_module_created_subnets_name_the_module_input_to_change():
    """The fix for a terraform-aws-modules/vpc subnet is an input of the module call, not ipv6_cidr_block."""
    result = engine.lint([str(FIXTURES / "E9602" / "bad-registry-vpc-ipv6-without-prefixes")])
    messages = [f.message for f in result.findings if f.rule.id == "E9602"]
    assert messages and all(
        re.search(r"private_subnet_ipv6_prefixes = \[[\d, ]+\] \(/64s no other group takes\) on module\.", m)
        for m in messages
    ), messages
    assert not any("ipv6_cidr_block" in m for m in messages)


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("gateway_id = aws_nat_gateway.nat.id", "nat"),  # Terraform accepts it; AWS treats it as a NAT route
        ("nat_gateway_id = aws_nat_gateway.nat.id", "nat"),
        ("gateway_id = aws_internet_gateway.igw.id", "igw"),
        ('gateway_id = "nat-0abc"', "nat"),
        ('gateway_id = "igw-0abc"', "igw"),
        ('transit_gateway_id = "tgw-0abc"', "tgw"),
        ("nat_gateway_id = aws_instance.box.id", "instance"),  # pointing at something else: not NAT
        ("gateway_id = var.gateway", "unknown"),
    ],
)
def test_route_target_by_what_it_points_at(tmp_path, target, kind):
    main = f"""
resource "aws_vpc" "main" {{
  cidr_block = "10.0.0.0/16"
}}
resource "aws_internet_gateway" "igw" {{
  vpc_id = aws_vpc.main.id
}}
resource "aws_nat_gateway" "nat" {{
  subnet_id = "subnet-0abc"
}}
resource "aws_instance" "box" {{
  ami = "ami-0abc"
}}
variable "gateway" {{
  type = string
}}
resource "aws_route_table" "private" {{
  vpc_id = aws_vpc.main.id
}}
resource "aws_route" "out" {{
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  {target}
}}
"""
    net = network_of(module(tmp_path, {"main.tf": main}))
    (route,) = [r for r in net.resources if r.id == "aws_route.out"]
    assert route.target_kind == kind


def test_a_local_module_is_counted_once(tmp_path):
    """Called by the root and walked as a folder of its own, a module's files are still one set, and the run
    counts the root it linted them in (as pre-commit, which meets only the root, does), not two modules."""
    root = module(
        tmp_path,
        {
            "main.tf": 'module "net" {\n  source = "./modules/net"\n}\n'
            + 'module "net2" {\n  source = "./modules/net"\n}\n',
            "modules/net/main.tf": 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n',
        },
    )
    result = engine.lint([root])
    assert sorted(result.files) == sorted({str(tmp_path / "main.tf"), str(tmp_path / "modules/net/main.tf")})
    assert result.sources == {"terraform-module": 1}


LAMBDA_CALL = """
module "fn" {
  source                      = "terraform-aws-modules/lambda/aws"
  function_name               = "orders"
  runtime                     = "python3.12"
  vpc_subnet_ids              = ["subnet-0a", "subnet-0b"]
  vpc_security_group_ids      = ["sg-0a"]
  ipv6_allowed_for_dual_stack = true
  %s
}

module "alias" {
  source           = "%s"
  name             = "live"
  function_name    = module.fn.lambda_function_name
  function_version = module.fn.lambda_function_version
}
"""
ALIAS_MODULE = "terraform-aws-modules/lambda/aws//modules/alias"


@pytest.mark.parametrize(
    ("inputs", "source", "fires"),
    [
        ("publish = true", ALIAS_MODULE, False),
        ("", ALIAS_MODULE, True),  # the alias follows `version`, which is $LATEST without publish
        ("lambda_at_edge = true", ALIAS_MODULE, False),  # the module publishes Lambda@Edge functions itself
        ("publish = var.publish", ALIAS_MODULE, False),  # unknown: silent
        ("", "git::https://example.com/aliases.git", False),  # a module we cannot read may make one
    ],
)
def test_published_versions_through_the_lambda_module_and_its_alias_module(tmp_path, inputs, source, fires):
    text = LAMBDA_CALL % (inputs, source) + 'variable "publish" {\n  type = bool\n}\n'
    result = engine.lint([module(tmp_path, {"main.tf": text})])
    assert rules(result, "I9660") == (["I9660"] if fires else [])


def test_a_function_that_publishes_without_an_alias_is_not_said_to_have_no_version():
    result = engine.lint([str(FIXTURES / "I9660" / "bad-publish-without-alias")])
    (finding,) = [f for f in result.findings if f.rule.id == "I9660"]
    assert "publishes versions, but no alias routes callers to one" in finding.message
    assert "no published version" not in finding.message and "no version to roll back" not in finding.message


def test_environment_variable_keys_have_their_own_lines(tmp_path):
    """E9633 points its related location at the NODE_OPTIONS line of an HCL map."""
    text = (FIXTURES / "E9633" / "bad-nodejs18-ipv6first" / "main.tf").read_text()
    result = engine.lint([module(tmp_path, {"main.tf": text})])
    finding = next(f for f in result.findings if f.rule.id == "E9633")
    lines = text.splitlines()
    assert "runtime" in lines[finding.location.line - 1]
    assert lines[finding.related[0][0].line - 1].strip().startswith("NODE_OPTIONS")


EXOTIC_LAMBDA = """
data "aws_availability_zones" "available" {}
data "aws_subnets" "private" {}

locals {
  name = "orders-${random_pet.this.id}"
  azs  = slice(data.aws_availability_zones.available.names, 0, 3)
}

resource "random_pet" "this" {
  length = 2
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 6.0"

  name = local.name
  cidr = "10.0.0.0/16"
  azs  = local.azs

  private_subnets              = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  public_subnets               = ["10.0.101.0/24", "10.0.102.0/24", "10.0.103.0/24"]
  private_subnet_ipv6_prefixes = [0, 1, 2]
  public_subnet_ipv6_prefixes  = [3, 4, 5]

  enable_ipv6        = true
  enable_nat_gateway = true
  single_nat_gateway = true
}

resource "aws_security_group" "lambda" {
  name_prefix = local.name
  vpc_id      = module.vpc.vpc_id
}

module "lambda" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 8.0"

  function_name = local.name
  handler       = "index.lambda_handler"
  runtime       = "python3.12"
  source_path = [
    {
      path     = "${path.module}/src"
      commands = ["pip install -r requirements.txt -t .", ":zip"]
      patterns = ["!.*/.*\\\\.txt"]
    }
  ]
  hash_extra = filebase64sha256("${path.module}/src/requirements.txt")

  environment_variables = {
    TABLE = templatefile("${path.module}/table.tpl", { name = local.name })
  }

  vpc_subnet_ids         = SUBNETS
  vpc_security_group_ids = [aws_security_group.lambda.id]
  attach_network_policy  = true
  FLAG
}
"""


@pytest.mark.parametrize(
    ("subnets", "flag", "fires"),
    [
        # the zones come from a data source, one input uses functions lambda6lint does not evaluate:
        # the subnets, the security group and the flag are still known
        ("module.vpc.private_subnets", "", ["W9601"]),
        ("module.vpc.private_subnets", "ipv6_allowed_for_dual_stack = true", ["I9660", "W9620"]),
        # subnets from a data source may be null: whether the function is in a VPC at all is unknown
        ("data.aws_subnets.private.ids", "ipv6_allowed_for_dual_stack = true", []),
        # concat() is never null: in a VPC, with subnets unknown, a security group and a flag known
        ("concat(data.aws_subnets.private.ids, [])", "ipv6_allowed_for_dual_stack = true", ["I9660", "W9620"]),
    ],
)
def test_a_lambda_module_call_with_exotic_inputs_still_gets_its_findings(tmp_path, subnets, flag, fires):
    text = EXOTIC_LAMBDA.replace("SUBNETS", subnets).replace("FLAG", flag)
    result = engine.lint([module(tmp_path, {"main.tf": text})])
    assert rules(result) == fires
    facts = [u.text for u in result.undecided if u.subject.id == "module.lambda.aws_lambda_function.this[0]"]
    if "data.aws_subnets" not in subnets:
        assert facts == []
    elif subnets.startswith("data."):
        assert facts == [
            "the VPC configuration comes from input `vpc_subnet_ids` of module.lambda, whose value comes from "
            "data source `data.aws_subnets.private`, read only when Terraform runs (a plan holds what it reads; "
            "what that names outside this configuration stays unknown)"
        ]
    else:
        assert facts == [
            "the subnet list comes from input `vpc_subnet_ids` of module.lambda, whose value comes from "
            "data source `data.aws_subnets.private`, read only when Terraform runs (a plan holds what it reads; "
            "what that names outside this configuration stays unknown)"
        ]


def test_a_module_first_read_inside_try_is_read_whole(tmp_path):
    """A module call first read from inside a try() (here through a local another call's input reads):
    its own inputs' errors are not that try()'s, and what it makes is all there."""
    from lambda6lint.model import Function

    main = (
        'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  cidr = local.cidr\n}\n'
        'module "fn" {\n  source = "terraform-aws-modules/lambda/aws"\n  function_name = local.nothing.here\n}\n'
        'locals {\n  nothing = {}\n  cidr = try(module.fn.lambda_function_arn.cidr, "10.0.0.0/16")\n}\n'
    )
    net = network_of(module(tmp_path, {"main.tf": main}))
    assert [f.id for f in net.of(Function)] == ["module.fn.aws_lambda_function.this[0]"]


@pytest.mark.parametrize(
    ("source", "cause"),
    [
        ("../outside", "lies outside the folder being linted"),
        # whether a folder outside exists is not looked at: --explain would tell a pull request
        ("../nowhere", "lies outside the folder being linted"),
        ("./missing", "is not there (a git submodule not checked out"),
        ("git::https://example.com/org/lambda.git", "is not installed here (run `terraform init`)"),
        ("example-corp/lambda/aws", "is not installed here (run `terraform init`)"),
    ],
)
def test_a_module_call_that_cannot_be_read_is_said_not_silent(tmp_path, source, cause):
    """Whatever functions a module it cannot read creates, no rule saw: --explain and the summary
    say which call, where, and what would let it be read."""
    root = tmp_path / "root"
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "main.tf").write_text('resource "aws_lambda_function" "f" {\n  function_name = "f"\n}\n')
    folder = module(root, {"main.tf": NETWORK + f'\nmodule "fn" {{\n  source = "{source}"\n}}\n'})
    result = engine.lint([folder])
    (item,) = [u for u in result.undecided if u.subject.kind == "module_call"]
    assert item.subject.id == "module.fn" and cause in item.cause
    assert item.location.path.endswith("main.tf") and item.location.line == NETWORK.count("\n") + 3  # `source`
    assert rules(result) == []
    from lambda6lint.report.text import summary

    assert "1 module call not fully checked: --explain shows why" in summary(result)


@pytest.mark.parametrize(
    ("source", "cause"),
    [
        ("../outside", "which lies outside the folder being linted (lint a folder that contains both)"),
        # whether a folder outside exists is not looked at here either: the function says what the call says
        ("../nowhere", "which lies outside the folder being linted (lint a folder that contains both)"),
        ("./missing", "which is not there"),
    ],
)
def test_a_function_given_subnets_by_a_local_module_not_read_says_why_as_the_call_does(tmp_path, source, cause):
    """A function whose subnets come from a local module outside the linted folder (an example beside the
    module it calls, linted alone) said the module 'could not be read (see the input errors)', though no
    input error was raised, and 'is not there' where the folder outside did not exist, which the module
    call's own note never tells."""
    root = tmp_path / "root"
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "main.tf").write_text('output "subnets" {\n  value = ["subnet-1"]\n}\n')
    main = (
        f'module "net" {{\n  source = "{source}"\n}}\n'
        'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n'
        '  role = "arn:aws:iam::123456789012:role/fn"\n'
        "  vpc_config {\n    subnet_ids = module.net.subnets\n    security_group_ids = []\n  }\n}\n"
    )
    result = engine.lint([module(root, {"main.tf": main})])
    facts = [u.text for u in result.undecided if u.subject.id == "aws_lambda_function.fn"]
    assert facts == [f"the subnet list comes from local module `net` (`{source}`), {cause}"]
    assert rules(result) == []


COUNTED_ASSOCIATIONS = """
variable "private" {
  type = list(string)
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.0.0/24"
}
resource "aws_eip" "nat" {
  domain = "vpc"
}
resource "aws_nat_gateway" "nat" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
}
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat.id
  }
}
resource "aws_subnet" "private" {
  count      = length(var.private)
  vpc_id     = aws_vpc.main.id
  cidr_block = var.private[count.index]
}
resource "aws_route_table_association" "private" {
  count          = length(aws_subnet.private)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}
resource "aws_subnet" "lambda" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.9.0/24"
}
resource "aws_route_table_association" "lambda" {
  subnet_id      = aws_subnet.lambda.id
  route_table_id = aws_route_table.private.id
}
resource "aws_security_group" "fn" {
  vpc_id = aws_vpc.main.id
}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  vpc_config {
    subnet_ids         = [aws_subnet.lambda.id]
    security_group_ids = [aws_security_group.fn.id]
  }
}
"""


def test_associations_of_a_count_that_cannot_be_known_say_why_in_explain(tmp_path):
    """Associations counted by a variable without a value (`count = length(aws_subnet.private)`, the subnets
    `count = length(var.private)`: sharon-ndz/ekvdevops's VPC module, its values in dev.tfvars) left the NAT
    gateway's route table 'cannot be known from the files of this run' and every other subnet and table of the
    run 'may be associated by …, whose count cannot be known': neither said which variable, nor what decides it."""
    result = engine.lint([module(tmp_path, {"main.tf": COUNTED_ASSOCIATIONS})])
    # (the associations name the private subnets alone: `aws_subnet.public` and `aws_subnet.lambda` are placed; and
    # one for each of them, each private subnet is on the private table whatever their number: the NAT gateway's
    # consumers are known, the private subnets hosting nothing)
    assert rules(result) == ["I9605", "I9651"]
    said = [u.text for u in result.undecided if u.subject.id == "aws_nat_gateway.nat"]
    assert said == []


#: COUNTED_ASSOCIATIONS with IPv6: the function in `aws_subnet.lambda`, on a route table of its own without `::/0`.
COUNTED_IPV6 = (
    COUNTED_ASSOCIATIONS.replace(
        '  cidr_block = "10.0.0.0/16"\n', '  cidr_block = "10.0.0.0/16"\n  assign_generated_ipv6_cidr_block = true\n'
    )
    .replace(
        '  cidr_block = "10.0.9.0/24"\n',
        '  cidr_block = "10.0.9.0/24"\n  ipv6_cidr_block = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 9)\n',
    )
    .replace(
        '  route_table_id = aws_route_table.private.id\n}\nresource "aws_security_group"',
        '  route_table_id = aws_route_table.lambda.id\n}\nresource "aws_security_group"',
    )
    .replace(
        'resource "aws_security_group" "fn" {\n  vpc_id = aws_vpc.main.id\n}\n',
        'resource "aws_security_group" "fn" {\n  vpc_id = aws_vpc.main.id\n  egress {\n    from_port = 0\n'
        '    to_port = 0\n    protocol = "-1"\n    cidr_blocks = ["0.0.0.0/0"]\n'
        '    ipv6_cidr_blocks = ["::/0"]\n  }\n}\n',
    )  # (IPv4 out too: a function whose group lets out IPv6 alone is no user of the NAT gateway)
    .replace(
        "    security_group_ids = [aws_security_group.fn.id]\n",
        "    security_group_ids = [aws_security_group.fn.id]\n    ipv6_allowed_for_dual_stack = true\n",
    )
    + 'resource "aws_route_table" "lambda" {\n  vpc_id = aws_vpc.main.id\n  route {\n    cidr_block     = "0.0.0.0/0"\n'
    "    nat_gateway_id = aws_nat_gateway.nat.id\n  }\n}\n"
    'resource "aws_egress_only_internet_gateway" "eigw" {\n  vpc_id = aws_vpc.main.id\n}\n'
)

#: The same subnets and associations made `for_each` over a map.
EACH_IPV6 = (
    COUNTED_IPV6.replace("  type = list(string)", "  type = map(string)")
    .replace("  count      = length(var.private)\n", "  for_each   = var.private\n")
    .replace("var.private[count.index]", "each.value")
    .replace("aws_subnet.private[count.index].id", "each.value.id")
    .replace("  count          = length(aws_subnet.private)\n", "  for_each       = aws_subnet.private\n")
)


#: Edits that declare a variable `others` (a list) or `on` (a bool) beside `private`.
VARIABLE = 'variable "private" {'
OTHERS = 'variable "others" {\n  type = list(string)\n}\nvariable "private" {'
ON = 'variable "on" {\n  type = bool\n}\nvariable "private" {'


@pytest.mark.parametrize(
    ("edit", "found"),
    [
        ((), ["I9651", "I9660", "W9610"]),
        ((("length(aws_subnet.private)", "length(aws_subnet.private[*].id)"),), ["I9651", "I9660", "W9610"]),
        (
            (("aws_subnet.private[count.index].id", "aws_subnet.private.*.id[count.index]"),),
            ["I9651", "I9660", "W9610"],
        ),
        (
            (("aws_subnet.private[count.index].id", "element(aws_subnet.private[*].id, count.index)"),),
            ["I9651", "I9660", "W9610"],
        ),
        # (each subnet's id indexed: an error Terraform reports, no subnet of a position; on the private table all
        # the same, not the function's: W9610)
        ((("aws_subnet.private[count.index].id", "aws_subnet.private[*].id[count.index]"),), ["I9660", "W9610"]),
        (
            (("aws_subnet.private[count.index].id", "element(aws_subnet.private[*].id, count.index + 1)"),),
            ["I9660", "W9610"],
        ),
        # (counted as the subnets are, the same expression, or the same once a local is followed: one for each)
        ((("length(aws_subnet.private)", "length(var.private)"),), ["I9651", "I9660", "W9610"]),
        (
            (
                ("length(aws_subnet.private)", "local.private"),
                ('variable "private" {', 'locals {\n  private = length(var.private)\n}\nvariable "private" {'),
            ),
            ["I9651", "I9660", "W9610"],
        ),
        (
            (
                ("length(aws_subnet.private)", "length(var.private)"),
                ("aws_subnet.private[count.index].id", "element(aws_subnet.private[*].id, count.index)"),
            ),
            ["I9651", "I9660", "W9610"],
        ),
        # (another count, or another index: which subnets they name is not the block's own, one each, but they are
        # private subnets on the private table, which leaves the function's table as it is: W9610)
        ((("length(aws_subnet.private)", "length(var.others)"), (VARIABLE, OTHERS)), ["I9660", "W9610"]),
        ((("length(aws_subnet.private)", "var.on ? length(var.private) : 0"), (VARIABLE, ON)), ["I9660", "W9610"]),
        (
            (
                ("length(aws_subnet.private)", "length(var.private)"),
                ("aws_subnet.private[count.index].id", "element(aws_subnet.private[*].id, count.index + 1)"),
            ),
            ["I9660", "W9610"],
        ),
        ((("aws_subnet.private[count.index].id", "aws_subnet.private[0].id"),), ["I9660", "W9610"]),
        (
            (("count          = length(aws_subnet.private)", "count          = length(aws_subnet.public)"),),
            ["I9660", "W9610"],
        ),
    ],
)
def test_associations_counted_by_their_subnets_name_those_subnets_alone(tmp_path, edit, found):
    """`count = length(aws_subnet.private)` with `subnet_id = aws_subnet.private[count.index].id`, the subnets'
    count unknown (sharon-ndz/ekvdevops's VPC module): each association is its own position's subnet's, so they
    name the private subnets alone. They opened every subnet and route table of the run ("may be associated by
    …"), and the function in `aws_subnet.lambda`, on a table of its own without `::/0`, got no W9610. Any other
    count or index (a splat's index is left to the count's, a fixed one, another block's count) leaves the private
    subnets unplaced (no I9651), but the associations are on `aws_route_table.private` alone, not the function's
    table (`mapper._open_possible`): W9610."""
    main = COUNTED_IPV6
    for old, new in edit:
        assert old in main
        main = main.replace(old, new)
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert rules(result) == found
    if "W9610" in found:
        (w9610,) = [f for f in result.findings if f.rule.id == "W9610"]
        assert w9610.resource == "aws_route_table.lambda"
    if "I9651" in found:
        # (one association for each private subnet: they are on the private table, whatever their number, and the
        # NAT gateway it routes to serves them and the function, no subnet left to place)
        (i9651,) = [f for f in result.findings if f.rule.id == "I9651"]
        assert i9651.resource == "aws_nat_gateway.nat"
        assert not [u for u in result.undecided if u.subject.id == "aws_nat_gateway.nat"]


def test_a_function_in_the_counted_subnets_still_says_why_they_cannot_be_known(tmp_path):
    """The private subnets themselves stay unknown (how many, and so which a function given them all is in): their
    function says why, and the NAT gateway their table routes to, that whether the function uses it is not known."""
    main = COUNTED_IPV6.replace(
        "subnet_ids         = [aws_subnet.lambda.id]", "subnet_ids         = aws_subnet.private[*].id"
    )
    assert main != COUNTED_IPV6
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert rules(result) == ["I9660"]
    unset = "whose `count` comes from variable `private`, which has no value (pass --var private=… or a .tfvars file)"
    said = [(u.subject.id, u.text) for u in result.undecided]
    assert ("aws_lambda_function.fn", f"the subnet list refers to `aws_subnet.private`, {unset}") in said
    # (the private subnets are on the private table, whatever their number: what the NAT gateway cannot know is
    # whether the function is in them, which the function says)
    nat = [text for subject, text in said if subject == "aws_nat_gateway.nat"]
    assert nat == ["whether function aws_lambda_function.fn uses it is not known (see the function)"]


#: COUNTED_IPV6 with a private route table per private subnet, as many as var.private lists: each association on the
#: table of its own position (`aws_route_table.private[count.index].id`).
COUNTED_TABLES_IPV6 = COUNTED_IPV6.replace(
    'resource "aws_route_table" "private" {\n  vpc_id = aws_vpc.main.id\n',
    'resource "aws_route_table" "private" {\n  count  = length(var.private)\n  vpc_id = aws_vpc.main.id\n',
).replace(
    "  subnet_id      = aws_subnet.private[count.index].id\n  route_table_id = aws_route_table.private.id\n",
    "  subnet_id      = aws_subnet.private[count.index].id\n"
    "  route_table_id = aws_route_table.private[count.index].id\n",
)

#: The same subnets, route tables and associations made `for_each` over a map.
EACH_TABLES_IPV6 = (
    COUNTED_TABLES_IPV6.replace("  type = list(string)", "  type = map(string)")
    .replace("  count      = length(var.private)\n", "  for_each   = var.private\n")
    .replace("  count  = length(var.private)\n", "  for_each = var.private\n")
    .replace("var.private[count.index]", "each.value")
    .replace("aws_subnet.private[count.index].id", "each.value.id")
    .replace("aws_route_table.private[count.index].id", "aws_route_table.private[each.key].id")
    .replace("  count          = length(aws_subnet.private)\n", "  for_each       = aws_subnet.private\n")
)

#: What --explain said of the NAT gateway while such associations opened every route table of the run.
OPENED_BY_COUNTED_TABLES = "may be associated by aws_route_table_association.private[*]"


@pytest.mark.parametrize(
    ("edit", "found"),
    [
        ((), ["I9651", "I9660", "W9610"]),
        (
            (("aws_route_table.private[count.index].id", "aws_route_table.private.*.id[count.index]"),),
            ["I9651", "I9660", "W9610"],
        ),
        (
            (("aws_route_table.private[count.index].id", "element(aws_route_table.private[*].id, count.index)"),),
            ["I9651", "I9660", "W9610"],
        ),
        ((("length(aws_subnet.private)", "length(aws_subnet.private[*].id)"),), ["I9651", "I9660", "W9610"]),
        # (the tables' count known: the association's is one of those, whichever)
        ((("  count  = length(var.private)\n", "  count  = 2\n"),), ["I9651", "I9660", "W9610"]),
        # (the associations and the tables counted as the subnets are: each on the table of its position)
        ((("length(aws_subnet.private)", "length(var.private)"),), ["I9651", "I9660", "W9610"]),
        (
            (
                ("length(aws_subnet.private)", "length(var.private)"),
                ("aws_route_table.private[count.index].id", "element(aws_route_table.private[*].id, count.index)"),
            ),
            ["I9651", "I9660", "W9610"],
        ),
        # (the tables' count known: one of those, whichever, as above)
        (
            (
                ("length(aws_subnet.private)", "length(var.private)"),
                ("  count  = length(var.private)\n", "  count  = 2\n"),
            ),
            ["I9651", "I9660", "W9610"],
        ),
        # (the tables counted otherwise than the associations, their count unknown, another count, a fixed index,
        # another index: which private table cannot be known, but a private one, never the function's: W9610)
        (
            (
                ("length(aws_subnet.private)", "length(var.private)"),
                ("  count  = length(var.private)\n", "  count  = var.on ? length(var.private) : 0\n"),
                (VARIABLE, ON),
            ),
            ["I9660", "W9610"],
        ),
        ((("length(aws_subnet.private)", "length(var.others)"), (VARIABLE, OTHERS)), ["I9660", "W9610"]),
        ((("aws_route_table.private[count.index].id", "aws_route_table.private[0].id"),), ["I9660", "W9610"]),
        (
            (("aws_route_table.private[count.index].id", "aws_route_table.private[count.index + 1].id"),),
            ["I9660", "W9610"],
        ),
        # (each table's id indexed, an error Terraform reports, a table from outside the run: as before, any table)
        ((("aws_route_table.private[count.index].id", "aws_route_table.private[*].id[count.index]"),), ["I9660"]),
        ((("aws_route_table.private[count.index].id", "var.private[count.index]"),), ["I9660"]),
    ],
)
def test_associations_counted_by_their_subnets_on_counted_tables_name_those_tables_alone(tmp_path, edit, found):
    """`count = length(aws_subnet.private)` with `subnet_id = aws_subnet.private[count.index].id` and `route_table_id =
    aws_route_table.private[count.index].id`, the tables as many as var.private (no value): each association is on
    a private table, whichever. Its table, one of an unknown count, opened every route table of the run ("may be
    associated by aws_route_table_association.private[*]"), and the function in `aws_subnet.lambda`, on a table of
    its own without `::/0`, got no W9610. The private tables' representative is now its table. Any other count or
    index of the private tables leaves their subnets unknown (no I9651), but opens those tables alone, never the
    function's (`mapper._open_possible`): W9610; a table from outside the run (or an error) opens every table."""
    main = COUNTED_TABLES_IPV6
    for old, new in edit:
        assert old in main
        main = main.replace(old, new)
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert rules(result) == found
    said = [(u.subject.id, u.text) for u in result.undecided]
    opened = [s for s in said if OPENED_BY_COUNTED_TABLES in s[1]]
    if "W9610" in found:
        (w9610,) = [f for f in result.findings if f.rule.id == "W9610"]
        assert w9610.resource == "aws_route_table.lambda"
        assert not [s for s in opened if "aws_route_table.lambda" in s[1]], said
    if "I9651" in found:
        assert not opened, said
    else:
        assert opened, said


@pytest.mark.parametrize(
    ("edit", "found"),
    [
        ((), ["I9651", "I9660", "W9610"]),
        ((("each.value.id", "aws_subnet.private[each.key].id"),), ["I9651", "I9660", "W9610"]),
        # (the associations `for_each` over what the subnets and tables are, the same expression: one for each key)
        (
            (
                ("for_each       = aws_subnet.private", "for_each       = var.private"),
                ("each.value.id", "aws_subnet.private[each.key].id"),
            ),
            ["I9651", "I9660", "W9610"],
        ),
        # (over another map, a filter of it: which keys it has is not the subnets' own, but on private tables, not
        # the function's: W9610)
        (
            (
                (
                    "for_each       = aws_subnet.private",
                    'for_each       = { for k, v in var.private : k => v if v != "" }',
                ),
                ("each.value.id", "aws_subnet.private[each.key].id"),
            ),
            ["I9660", "W9610"],
        ),
        # (the subnet's id given as the table's: any table; a table of another key: a private one)
        ((("aws_route_table.private[each.key].id", "each.value.id"),), ["I9660"]),
        ((("aws_route_table.private[each.key].id", 'aws_route_table.private["a"].id'),), ["I9660", "W9610"]),
    ],
)
def test_associations_for_each_over_their_subnets_on_tables_of_their_keys_name_those_tables_alone(
    tmp_path, edit, found
):
    """`for_each = aws_subnet.private` with `route_table_id = aws_route_table.private[each.key].id`, the tables
    `for_each` over the same map, its keys unknown: each association is on a private table, as with a count."""
    main = EACH_TABLES_IPV6
    for old, new in edit:
        assert old in main
        main = main.replace(old, new)
    assert "for_each = var.private" in main and "count" not in main
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert rules(result) == found


def test_a_function_in_the_counted_subnets_on_counted_tables_says_why_they_cannot_be_known(tmp_path):
    """The private subnets, each on a private table of its own, stay unknown: their function says why, and the NAT
    gateway their tables route to that whether the function uses it is not known, not that the function's own
    table, or theirs, may be associated by them with any subnet."""
    main = COUNTED_TABLES_IPV6.replace(
        "subnet_ids         = [aws_subnet.lambda.id]", "subnet_ids         = aws_subnet.private[*].id"
    )
    assert main != COUNTED_TABLES_IPV6
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert rules(result) == ["I9660"]
    unset = "whose `count` comes from variable `private`, which has no value (pass --var private=… or a .tfvars file)"
    said = [(u.subject.id, u.text) for u in result.undecided]
    assert ("aws_lambda_function.fn", f"the subnet list refers to `aws_subnet.private`, {unset}") in said
    nat = [text for subject, text in said if subject == "aws_nat_gateway.nat"]
    assert "whether function aws_lambda_function.fn uses it is not known (see the function)" in nat
    assert not [text for text in nat if OPENED_BY_COUNTED_TABLES in text], nat


@pytest.mark.parametrize(
    "name",
    [
        "bad-counted-associations-of-counted-tables",
        "bad-associations-counted-like-their-subnets",
        "bad-associations-on-one-of-tables-counted-otherwise",
    ],
)
def test_counted_route_tables_route_as_the_plan_of_the_same_code_says(name):
    """The private tables, as many as var.private (no value), each with an inline 0.0.0.0/0 route to the NAT gateway:
    that route was as conditional as its table ("route aws_route_table.private[*].route[0] cannot be known from the
    files of this run"), so the NAT gateway, which the private subnets and the function's own table route to, was
    undecided. A table's inline route exists wherever the table does, and subnets are on the table only then: the
    module now finds what the plan of the same code (var.private given) finds, I9651 on the NAT gateway. So too
    where the associations and the tables are counted the same way as the subnets
    (`local.create_private ? local.len_private : 0` on each), which made them "may be associated" with any subnet
    and table of the run: no W9610, no I9651. And where the associations are on one of the private tables counted
    otherwise (`element(aws_route_table.private[*].id, var.single_nat_gateway ? 0 : count.index)`), which the plan
    left known only after apply: each is on one of the planned tables, as the code says."""
    folder = FIXTURES / "W9610" / name
    found = engine.lint([str(folder)])
    planned = engine.lint([str(folder.with_name(folder.name + ".tfplan.json"))])
    assert rules(found) == rules(planned) == ["I9651", "I9660", "W9610"]
    assert {f.resource for f in found.findings if f.rule.id == "I9651"} == {"aws_nat_gateway.nat"}
    assert not [u for u in found.undecided if u.subject.id == "aws_nat_gateway.nat"]


#: The private tables' index as terraform-aws-vpc writes it, in W9610's fixture of associations on one of them.
ONE_OF_INDEX = "var.single_nat_gateway ? 0 : count.index"
INDEX_VARIABLE = 'variable "i" {\n  type = number\n}\nvariable "private" {'


@pytest.mark.parametrize(
    ("edit", "found"),
    [
        ((), ["I9651", "I9660", "W9610"]),
        ((("aws_route_table.private[*].id,", "aws_route_table.private.*.id,"),), ["I9651", "I9660", "W9610"]),
        ((("type    = bool\n  default = false\n", "type = bool\n"),), ["I9651", "I9660", "W9610"]),
        (((ONE_OF_INDEX, "count.index"),), ["I9651", "I9660", "W9610"]),
        (((ONE_OF_INDEX, "var.i"), (VARIABLE, INDEX_VARIABLE)), ["I9651", "I9660", "W9610"]),
        (((ONE_OF_INDEX, "count.index + 1"),), ["I9651", "I9660", "W9610"]),
        # (the tables' count known: one of those, whichever)
        ((("local.create_private ? local.nat_count : 0", "2"),), ["I9651", "I9660", "W9610"]),
        # (the associations counted otherwise than the subnets: any subnet may be on the private tables, and the
        # private subnets on any table, but no other table gets a subnet from them)
        (
            (
                ("count     = local.create_private ? local.len_private : 0", "count     = length(var.others)"),
                (VARIABLE, OTHERS),
            ),
            ["I9660", "W9610"],
        ),
        (
            (
                ("count     = local.create_private ? local.len_private : 0", "count     = length(var.others)"),
                (VARIABLE, OTHERS),
                ("local.create_private ? local.nat_count : 0", "2"),
            ),
            ["I9660", "W9610"],
        ),
        # (an item of a splat of ids is no id; a list of other ids; another module's: as before, any table)
        ((("aws_route_table.private[*].id,", "aws_route_table.private[*].id[*],"),), ["I9660"]),
        ((("aws_route_table.private[*].id,", "var.private,"),), ["I9660"]),
    ],
)
def test_an_association_on_element_of_a_block_of_tables_is_on_one_of_them(tmp_path, edit, found):
    """terraform-aws-vpc's private associations: `route_table_id = element(aws_route_table.private[*].id,
    var.single_nat_gateway ? 0 : count.index)`, the tables counted by the NAT gateways (another count than the
    subnets'). Whatever the index, element() picks one of the private tables (it wraps round; an empty list fails the
    plan), but the association's table was unknown, so it "may be associated" with every route table of the run: the
    function in `aws_subnet.lambda`, on a table of its own without ::/0, got no W9610 ("the ::/0 route of route table
    aws_route_table.lambda cannot be known: … may be associated by aws_route_table_association.private[*]"), its NAT
    gateway no I9651. The association's table is now the private tables' representative (or one of them, their
    count known), its subnet as its pairing decides."""
    main = (FIXTURES / "W9610" / "bad-associations-on-one-of-tables-counted-otherwise" / "main.tf").read_text()
    for old, new in edit:
        assert old in main
        main = main.replace(old, new)
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert rules(result) == found
    said = [(u.subject.id, u.text) for u in result.undecided]
    opened = "route table aws_route_table.lambda may be associated by aws_route_table_association.private[*]"
    if "W9610" in found:
        (w9610,) = [f for f in result.findings if f.rule.id == "W9610"]
        assert w9610.resource == "aws_route_table.lambda"
        assert not [s for s in said if opened in s[1]], said
    else:
        assert [s for s in said if opened in s[1]], said
    if "length(var.others)" in main:  # (the private tables, not the function's, may be any subnet's)
        nat = [text for subject, text in said if subject == "aws_nat_gateway.nat"]
        private = "which subnets use route table aws_route_table.private["
        assert [text for text in nat if private in text and "aws_route_table_association.private[*]" in text], nat


def test_a_single_association_on_element_of_a_block_of_tables_is_on_one_of_them(tmp_path):
    """The function's own subnet on `element(aws_route_table.private[*].id, var.i)`, the private tables as many as
    var.private (no value): its route table "refers to `aws_route_table.private`, whose `count` comes from variable
    `private`"; it is one of them, whichever, and none sends ::/0 anywhere."""
    main = (FIXTURES / "W9610" / "bad-associations-on-one-of-tables-counted-otherwise" / "main.tf").read_text()
    old = "  route_table_id = aws_route_table.lambda.id\n"
    assert old in main
    main = main.replace(old, "  route_table_id = element(aws_route_table.private[*].id, var.i)\n")
    main = main.replace(VARIABLE, INDEX_VARIABLE)
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert rules(result) == ["I9651", "I9660", "W9610"]
    (w9610,) = [f for f in result.findings if f.rule.id == "W9610"]
    assert w9610.resource == "aws_route_table.private[*]"
    assert not [u for u in result.undecided if u.subject.id == "aws_lambda_function.fn" and "route" in u.text]


#: terraform-aws-vpc's `aws_route.private_ipv6_egress`: a ::/0 route on each private table, counted otherwise than the
#: tables (a switch of its own), each on `element(aws_route_table.private[*].id, count.index)`.
ONE_OF_ROUTE = (
    'variable "ipv6" {\n  type = bool\n}\n'
    'resource "aws_route" "private_ipv6" {\n'
    "  count                       = var.ipv6 ? local.nat_count : 0\n"
    "  route_table_id              = element(aws_route_table.private[*].id, count.index)\n"
    '  destination_ipv6_cidr_block = "::/0"\n'
    "  egress_only_gateway_id      = aws_egress_only_internet_gateway.eigw.id\n}\n"
)


@pytest.mark.parametrize(
    ("on_private", "found"), [(False, ["I9651", "I9660", "W9610"]), (True, ["I9660"])], ids=["own-table", "private"]
)
def test_a_counted_route_on_element_of_a_block_of_tables_may_be_on_each_of_them(tmp_path, on_private, found):
    """A ::/0 route counted otherwise than the private tables, on `element(aws_route_table.private[*].id,
    count.index)`: its table was unknown, so every route table of the run "may get a route from
    aws_route.private_ipv6[*]", and the function on a table of its own without ::/0 got no W9610 (terraform-aws-vpc's
    `private_ipv6_egress` did so to a module user's own table). It is on one of the private tables: each of them may
    have it (as many routes as tables or not), so a function on one of them is told nothing either way."""
    main = (FIXTURES / "W9610" / "bad-associations-on-one-of-tables-counted-otherwise" / "main.tf").read_text()
    main += ONE_OF_ROUTE
    if on_private:
        old = "  route_table_id = aws_route_table.lambda.id\n"
        assert old in main
        main = main.replace(old, "  route_table_id = element(aws_route_table.private[*].id, 0)\n")
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert rules(result) == found
    said = [u.text for u in result.undecided]
    assert not [text for text in said if "may get a route from aws_route.private_ipv6[*]" in text], said
    if on_private:
        assert [text for text in said if "the ::/0 route of route table aws_route_table.private[*]" in text], said


def test_a_switched_route_table_is_said_by_its_switch_not_its_inline_route(tmp_path):
    """A route table that a variable switches on (`count = var.on ? 1 : 0`), its inline 0.0.0.0/0 route to the NAT
    gateway: the NAT gateway's --explain said "route aws_route_table.lambda[*].route[0] cannot be known from the
    files of this run"; what is not known is whether the table exists, which the subnet's line says (from variable
    `on`). Nothing is judged either way: which table the subnet is on depends on it."""
    main = COUNTED_IPV6.replace(
        'resource "aws_route_table" "lambda" {\n  vpc_id = aws_vpc.main.id\n',
        'variable "on" {\n  type = bool\n}\n'
        'resource "aws_route_table" "lambda" {\n  count  = var.on ? 1 : 0\n  vpc_id = aws_vpc.main.id\n',
    ).replace("route_table_id = aws_route_table.lambda.id", "route_table_id = aws_route_table.lambda[0].id")
    assert main.count("var.on") == 1 and "aws_route_table.lambda[0].id" in main
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert rules(result) == ["I9660"]
    said = [u.text for u in result.undecided if u.subject.id == "aws_nat_gateway.nat"]
    assert not [text for text in said if "from the files of this run" in text], said
    assert (
        "the route table of subnet aws_subnet.lambda refers to `aws_route_table.lambda`, whose `count` comes from "
        "variable `on`, which has no value (pass --var on=… or a .tfvars file)"
    ) in said


@pytest.mark.parametrize("main", [COUNTED_IPV6, COUNTED_TABLES_IPV6], ids=["one-table", "counted-tables"])
def test_the_nat_gateway_of_a_function_beside_subnets_counted_with_their_associations_is_judged(tmp_path, main):
    """The function in `aws_subnet.lambda`, with IPv6 egress through its own table, and a NAT gateway of its own: the
    private subnets, their number unknown, each with an association of its own (`count = length(aws_subnet.private)`)
    exist with it, so they are on the private tables alone, whatever their number. They were subnets whose route
    table cannot be known ("aws_route_table_association.private[*] exists in a number of instances that …"), which
    may then be on any table of their VPC: the function's NAT gateway could not list its consumers, and got no
    W9650."""
    lambda_nat = (
        '  route {\n    cidr_block     = "0.0.0.0/0"\n    nat_gateway_id = aws_nat_gateway.nat.id\n  }\n}\n'
        'resource "aws_egress_only_internet_gateway"'
    )
    assert main.count(lambda_nat) == 1
    main = main.replace(
        lambda_nat,
        '  route {\n    cidr_block     = "0.0.0.0/0"\n    nat_gateway_id = aws_nat_gateway.lambda.id\n  }\n'
        '  route {\n    ipv6_cidr_block = "::/0"\n'
        "    egress_only_gateway_id = aws_egress_only_internet_gateway.eigw.id\n"
        '  }\n}\nresource "aws_egress_only_internet_gateway"',
    ) + (
        'resource "aws_eip" "lambda" {\n  domain = "vpc"\n}\n'
        'resource "aws_nat_gateway" "lambda" {\n  allocation_id = aws_eip.lambda.id\n'
        "  subnet_id     = aws_subnet.public.id\n}\n"
    )
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert "W9610" not in rules(result)
    (w9650,) = [f for f in result.findings if f.rule.id == "W9650"]
    assert w9650.resource == "aws_nat_gateway.lambda"
    assert not [u for u in result.undecided if u.subject.id == "aws_nat_gateway.lambda"]


@pytest.mark.parametrize(
    ("edit", "found"),
    [
        ((), ["I9651", "I9660", "W9610"]),
        ((("each.value.id", "aws_subnet.private[each.key].id"),), ["I9651", "I9660", "W9610"]),
        # (the subnet's VPC, or the subnet of another block's key: not the block's own subnet, but on the private
        # table, not the function's: W9610)
        ((("each.value.id", "aws_subnet.public[each.key].id"),), ["I9660", "W9610"]),
        ((("for_each       = aws_subnet.private\n", "for_each       = var.private\n"),), ["I9660", "W9610"]),
    ],
)
def test_associations_for_each_over_their_subnets_name_those_subnets_alone(tmp_path, edit, found):
    """`for_each = aws_subnet.private` with `subnet_id = each.value.id` (or `aws_subnet.private[each.key].id`), the
    subnets' keys unknown: each association is its own key's subnet's, as with a count. Any other is on the private
    table alone, so the function's own table lacking `::/0` is W9610 whatever subnets they name."""
    main = EACH_IPV6
    for old, new in edit:
        assert old in main
        main = main.replace(old, new)
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert rules(result) == found


@pytest.mark.parametrize("count", ["length(aws_subnet.private)", "length(var.private)"])
def test_network_acl_associations_counted_by_their_subnets_name_those_subnets_alone(tmp_path, count):
    """A network ACL association per private subnet (`count = length(aws_subnet.private)`, or counted as the subnets
    are, `length(var.private)`, with `subnet_id = aws_subnet.private[count.index].id`) opened every subnet: the
    function in `aws_subnet.lambda`, on the VPC's default ACL, which the module manages without IPv6 rules, got no
    W9621. It names the private subnets alone."""
    main = (
        COUNTED_IPV6.replace(
            'resource "aws_route_table_association" "private" {\n  count          = length(aws_subnet.private)\n'
            "  subnet_id      = aws_subnet.private[count.index].id\n  route_table_id = aws_route_table.private.id\n}\n",
            'resource "aws_network_acl" "private" {\n  vpc_id = aws_vpc.main.id\n}\n'
            f'resource "aws_network_acl_association" "private" {{\n  count          = {count}\n'
            "  subnet_id      = aws_subnet.private[count.index].id\n  network_acl_id = aws_network_acl.private.id\n}\n",
        ).replace(
            '  route {\n    cidr_block     = "0.0.0.0/0"\n    nat_gateway_id = aws_nat_gateway.nat.id\n  }\n}\n'
            'resource "aws_egress_only_internet_gateway"',
            '  route {\n    cidr_block     = "0.0.0.0/0"\n    nat_gateway_id = aws_nat_gateway.nat.id\n  }\n'
            '  route {\n    ipv6_cidr_block = "::/0"\n'
            "    egress_only_gateway_id = aws_egress_only_internet_gateway.eigw.id\n"
            '  }\n}\nresource "aws_egress_only_internet_gateway"',
        )
        + 'resource "aws_default_network_acl" "default" {\n'
        "  default_network_acl_id = aws_vpc.main.default_network_acl_id\n"
        '  egress {\n    protocol = "-1"\n    rule_no = 100\n    action = "allow"\n    cidr_block = "0.0.0.0/0"\n'
        "    from_port = 0\n    to_port = 0\n  }\n}\n"
    )
    assert "aws_network_acl_association" in main and '"::/0"' in main and "egress {" in main
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert "W9621" in rules(result)
    (w9621,) = [f for f in result.findings if f.rule.id == "W9621"]
    assert w9621.resource == "aws_lambda_function.fn" and "aws_subnet.lambda" in w9621.message


def test_a_module_that_is_read_or_modelled_is_not_listed(tmp_path):
    local = module(tmp_path, {"main.tf": 'module "a" {\n  source = "./a"\n}\n', "a/main.tf": "locals {}\n"})
    modelled = 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  cidr = "10.0.0.0/16"\n}\n'
    inert = 'module "sg" {\n  source = "terraform-aws-modules/security-group/aws"\n}\n'
    (tmp_path / "b").mkdir()
    other = module(tmp_path / "b", {"main.tf": modelled + inert})
    assert [u for u in engine.lint([local, other]).undecided if u.subject.kind == "module_call"] == []


def test_a_registry_module_of_another_provider_is_not_listed(tmp_path):
    """A registry module whose address names another provider than AWS (an Azure network, a null-provider
    label) makes nothing lambda6lint reads: --explain does not send the user to `terraform init` for it.
    A VCS shorthand has no provider segment: it stays listed."""
    calls = (
        'module "label" {\n  source = "cloudposse/label/null"\n  name = "x"\n}\n'
        'module "vnet" {\n  source = "registry.terraform.io/Azure/network/azurerm"\n}\n'
        'module "gh" {\n  source = "github.com/acme/terraform-google-thing"\n}\n'
        'module "vpc" {\n  source = "acme/vpc/aws"\n}\n'
    )
    listed = [u.subject.id for u in engine.lint([module(tmp_path, {"main.tf": calls})]).undecided]
    assert listed == ["module.gh", "module.vpc"]


def test_two_roots_calling_one_module_the_same_way_report_it_once(tmp_path):
    api = 'resource "aws_api_gateway_rest_api" "this" {\n  name = "x"\n}\n'
    call = 'module "m" {\n  source = "../shared"\n}\n'
    folder = module(tmp_path, {"shared/main.tf": api, "r1/main.tf": call, "r2/main.tf": call})
    found = [f.resource for f in engine.lint([folder]).findings if f.rule.id == "I9640"]
    # once, as r1's and r2's module.m: `shared`, which both call, is not also reported as a root of its own
    assert found == ["module.m.aws_api_gateway_rest_api.this"]


def test_a_finding_two_roots_share_points_at_each_roots_own_function(tmp_path):
    """Two roots call one network module and each declares its own function under one address: the
    module's subnet gets one W9612 in the same words, which points at both roots' functions (it pointed
    at the first root's alone; seen on choisungwook/aws_ipv6, whose example roots share _module/)."""
    net = (
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n  assign_generated_ipv6_cidr_block = true\n}\n'
        'resource "aws_egress_only_internet_gateway" "e" {\n  vpc_id = aws_vpc.v.id\n}\n'
        'resource "aws_subnet" "s" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n'
        "  ipv6_cidr_block = cidrsubnet(aws_vpc.v.ipv6_cidr_block, 8, 1)\n  enable_dns64 = true\n}\n"
        'resource "aws_route_table" "t" {\n  vpc_id = aws_vpc.v.id\n  route {\n    ipv6_cidr_block = "::/0"\n'
        "    egress_only_gateway_id = aws_egress_only_internet_gateway.e.id\n  }\n}\n"
        'resource "aws_route_table_association" "a" {\n  subnet_id = aws_subnet.s.id\n'
        "  route_table_id = aws_route_table.t.id\n}\n"
        'output "subnet" {\n  value = aws_subnet.s.id\n}\n'
    )
    root = (
        'module "net" {\n  source = "../shared"\n}\n'
        'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role = "arn:aws:iam::1:role/x"\n'
        "  vpc_config {\n    subnet_ids = [module.net.subnet]\n    security_group_ids = []\n"
        "    ipv6_allowed_for_dual_stack = true\n  }\n}\n"
    )
    folder = module(tmp_path, {"shared/main.tf": net, "r1/main.tf": root, "r2/main.tf": root})
    (found,) = [f for f in engine.lint([folder]).findings if f.rule.id == "W9612"]
    functions = sorted(
        os.path.relpath(where.path, folder)
        for where, said in found.related
        if said == "function aws_lambda_function.fn allows IPv6"
    )
    assert functions == [os.path.join("r1", "main.tf"), os.path.join("r2", "main.tf")]


def test_migration_steps_for_a_registry_vpc_name_its_inputs(tmp_path):
    """A NAT gateway terraform-aws-modules/vpc makes is migrated through the module's inputs: the
    egress-only gateway and its routes come with enable_ipv6, DNS64 (on by default) must go off or the
    module routes 64:ff9b::/96 to the NAT, and the NAT goes with enable_nat_gateway = false."""
    from lambda6lint import plan

    main = (
        'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  cidr = "10.10.0.0/16"\n'
        '  azs = ["a", "b"]\n  private_subnets = ["10.10.1.0/24", "10.10.2.0/24"]\n'
        '  public_subnets = ["10.10.101.0/24"]\n  enable_nat_gateway = true\n  single_nat_gateway = true\n}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "arn:aws:iam::1:role/x"\n'
        "  vpc_config {\n    subnet_ids = module.vpc.private_subnets\n    security_group_ids = []\n  }\n}\n"
    )
    folder = module(tmp_path, {"main.tf": main})
    result = engine.lint([folder], engine.Options(plan=True))
    (found,) = [f for f in result.findings if f.rule.id == "I9651"]
    # with enable_ipv6 the module turns DNS64 and AAAA records on in every group: AWS refuses them on a
    # subnet without an IPv6 CIDR, so the VPC's step names each group's prefixes (terraform-aws-vpc#930)
    assert (
        "add an Amazon-provided IPv6 /56 to the VPC (add enable_ipv6 = true on module.vpc, in the same change as "
        "public_subnet_ipv6_prefixes = [0] and private_subnet_ipv6_prefixes = [1, 2] (or, for a group left IPv4-only, "
        "<group>_subnet_enable_dns64 = false and <group>_subnet_enable_resource_name_dns_aaaa_record_on_launch = "
        "false): with enable_ipv6 the module turns DNS64 and AAAA records on for every subnet, which AWS refuses on "
        "a subnet without an IPv6 CIDR; and private_subnet_enable_dns64 = false unless you need NAT64: the module "
        "turns DNS64 on and routes 64:ff9b::/96 to its NAT gateways, which then cannot go)"
    ) in found.message
    assert "private_subnet_enable_dns64 = false unless you need NAT64" in found.message
    assert "(enable_ipv6 = true on module.vpc routes ::/0 to the egress-only gateway)" in found.message
    assert "aws_route_table" not in found.message  # no module internals where an input says it
    assert "security groups;" in found.message and "()" not in found.message  # (it has none to name)
    (entry,) = plan.build(result.network, engine.Options().prices).nats
    removal = entry.steps[-1]
    assert {c.what for c in removal.changes} == {"set enable_nat_gateway = false on module.vpc"}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_module_folder_a_root_calls_is_not_also_linted_as_a_root(tmp_path, jobs):
    """A folder walk finds `modules/net` as a module of its own, but the root calls it: its NAT gateway
    and functions are found (and priced) once, under the root's addresses; its input errors stay."""
    from lambda6lint.report.text import summary

    net = (
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_subnet" "pub" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.0.0/24"\n}\n'
        'resource "aws_eip" "e" {\n  domain = "vpc"\n}\n'
        'resource "aws_nat_gateway" "n" {\n  subnet_id = aws_subnet.pub.id\n  allocation_id = aws_eip.e.id\n}\n'
        'resource "aws_subnet" "priv" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n}\n'
        'resource "aws_route_table" "rt" {\n  vpc_id = aws_vpc.v.id\n  route {\n    cidr_block = "0.0.0.0/0"\n'
        "    nat_gateway_id = aws_nat_gateway.n.id\n  }\n}\n"
        'resource "aws_route_table_association" "a" {\n  subnet_id = aws_subnet.priv.id\n'
        "  route_table_id = aws_route_table.rt.id\n}\n"
        'resource "aws_security_group" "sg" {\n  vpc_id = aws_vpc.v.id\n}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "arn:aws:iam::1:role/x"\n'
        "  vpc_config {\n    subnet_ids = [aws_subnet.priv.id]\n    security_group_ids = [aws_security_group.sg.id]\n"
        "  }\n}\n"
    )
    folder = module(
        tmp_path, {"main.tf": 'module "net" {\n  source = "./modules/net"\n}\n', "modules/net/main.tf": net}
    )
    result = engine.lint([folder], engine.Options(jobs=jobs))
    assert {f.resource for f in result.findings} == {"module.net.aws_lambda_function.f", "module.net.aws_nat_gateway.n"}
    assert "NAT gateways that could go: 1," in summary(result)


def test_parsed_files_are_kept_within_a_bound(tmp_path):
    """Files are parsed once while among those parsed last (a shared module), and the oldest go once
    their texts pass the bound: a monorepo's roots are not all kept to the end of the run."""
    from lambda6lint.loaders.common.recent import Recent
    from lambda6lint.loaders.terraform import modules

    recent = Recent(max_chars=100)
    files = []
    for name in "abc":
        path = tmp_path / f"{name}.tf"
        path.write_text(f'locals {{\n  {name} = "{"x" * 30}"\n}}\n')  # 43 characters each
        files.append(str(path))
    saved, modules._PARSED = modules._PARSED, recent
    try:
        a_text, a_body = modules.parse_file(files[0])
        assert modules.parse_file(files[0])[1] is a_body  # parsed once
        modules.parse_file(files[1])
        modules.parse_file(files[0])  # a used again: the most recent
        modules.parse_file(files[2])  # 129 characters: the oldest (b) goes
        assert set(recent.entries) == {files[0], files[2]} and recent.chars == 2 * len(a_text)
        assert modules.parse_file(files[0])[1] is a_body
        (tmp_path / "a.tf").write_text('locals {\n  a = "changed"\n}\n')
        text, body = modules.parse_file(files[0])  # changed since: read again
        assert body is not a_body and "changed" in text and recent.chars == len(text) + len(a_text)
        big = tmp_path / "big.tf"
        big.write_text('locals {\n  big = "' + "y" * 200 + '"\n}\n')
        modules.parse_file(str(big))  # over the bound alone: kept, and only it
        assert list(recent.entries) == [str(big)]
    finally:
        modules._PARSED = saved


def test_a_modules_evaluation_is_freed_while_the_collector_is_paused():
    """A module's evaluation is cyclic (modules point at their parent and loader); a run pauses the
    cyclic collector, so without `free_cycles` each root module's stayed until exit (~130 KB each)."""
    import gc

    from lambda6lint.loaders.terraform import modules

    def runs() -> int:
        return sum(1 for o in gc.get_objects() if isinstance(o, modules.Run))

    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        before = runs()
        result = engine.lint([str(FIXTURES / "E9602" / "bad-ipv4-only-subnet")])
        after = runs()
    finally:
        if was:
            gc.enable()
    assert result.findings and after == before


def test_a_main_route_table_association_makes_its_table_the_main_one(tmp_path):
    """aws_default_route_table manages the table the VPC was made with; once an
    aws_main_route_table_association names another, unassociated subnets use that one."""
    from lambda6lint.model import RouteTable, Subnet

    text = (FIXTURES / "W9610" / "good-main-route-table-association" / "main.tf").read_text()
    net = network_of(module(tmp_path, {"main.tf": text}))
    [subnet] = net.of(Subnet)
    table = net.effective_route_table(subnet)
    assert isinstance(table, RouteTable) and table.id == "aws_route_table.private"
    assert [t.id for t in net.of(RouteTable) if t.main] == ["aws_route_table.private"]
    result = engine.lint([str(tmp_path)])
    assert not rules(result, "W9610") and not rules(result, "W9611")


@pytest.mark.parametrize(
    ("subnet_id", "cause"),
    [
        # a list where an id belongs: Terraform refuses it, nothing is decided
        ("aws_subnet.private[*].id", "as its subnet is a list where one id belongs"),
        ("element(aws_subnet.private[*].id, var.i)", "as its subnet comes from variable `i`, which has no value"),
        ("var.subnet", None),  # no value: a subnet from outside the run, as a CloudFormation parameter's
    ],
)
def test_an_association_whose_subnet_cannot_be_told_leaves_the_subnets_it_may_name_undecided(
    tmp_path, subnet_id, cause
):
    """The subnets it may name may not be on the main table; a variable's names none of the run's (a
    variable without a value is given at plan time: an id of a subnet that exists already, not one this
    configuration makes), so the others are, as a CloudFormation parameter's association leaves them."""
    table = """
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}
resource "aws_route_table_association" "private" {
  subnet_id      = %s
  route_table_id = aws_route_table.private.id
}
variable "subnet" {}
variable "i" {}
"""
    files = {"main.tf": NETWORK + FUNCTION + table % subnet_id, "terraform.tfvars": "flag = true\n"}
    result = engine.lint([module(tmp_path, files)])
    texts = {u.text for u in result.undecided if u.subject.id == "aws_lambda_function.fn"}
    placed = {t for t in texts if t.startswith("the route table of subnet aws_subnet.private")}
    if cause is None:
        assert rules(result, "W9610") and not placed
    else:
        assert not rules(result, "W9610")
        assert len(placed) == 2 and all(
            f"aws_route_table_association.private may associate it, {cause}" in t for t in placed
        ), placed


def test_the_vpc_model_routes_to_its_nat_gateway_what_nat_gateway_destination_cidr_block_says(tmp_path):
    from lambda6lint.model import NatGateway, Route

    inputs = 'enable_nat_gateway = true\n  single_nat_gateway = true\n  nat_gateway_destination_cidr_block = "%s"'
    for destination in ("0.0.0.0/0", "203.0.113.0/24"):
        net = network_of(
            module(tmp_path / destination.replace("/", "_"), {"main.tf": VPC_CALL % (inputs % destination)})
        )
        [nat] = net.of(NatGateway)
        assert {r.destination for r in net.of(Route) if r.target is nat and ":" not in str(r.destination)} == {
            destination
        }


def test_a_network_acl_given_as_a_literal_id_is_explained_on_the_function(tmp_path):
    acl = """
resource "aws_network_acl_association" "private" {
  network_acl_id = "acl-0123456789abcdef0"
  subnet_id      = aws_subnet.private[0].id
}
"""
    files = {"main.tf": NETWORK + FUNCTION + acl, "terraform.tfvars": "flag = true\n"}
    result = engine.lint([module(tmp_path, files)])
    texts = {u.text for u in result.undecided if u.subject.id == "aws_lambda_function.fn"}
    assert (
        "the network ACL of subnet aws_subnet.private[0] is the literal id `acl-0123456789abcdef0`, "
        "a resource that is not in this run"
    ) in texts, texts


@pytest.mark.parametrize(
    ("table", "cause"),
    [
        ("var.shared_route_table_id", "comes from variable `shared_route_table_id`, which has no value"),
        ('"rtb-0abc1234"', "is the literal id `rtb-0abc1234`"),
    ],
)
def test_explain_says_why_the_main_table_a_main_route_table_association_names_is_not_known(tmp_path, table, cause):
    """A main route table the run cannot see (RULES.md "What could not be decided"): --explain says where its id
    comes from, what would decide it, rather than that the files cannot tell."""
    text = (FIXTURES / "W9610" / "good-main-association-unknown-table" / "main.tf").read_text()
    text = text.replace("route_table_id = var.shared_route_table_id", f"route_table_id = {table}")
    result = engine.lint([module(tmp_path, {"main.tf": text})])
    assert not rules(result, "W9610")
    texts = [u.text for u in result.undecided if "::/0 route of route table" in u.fact]
    name = "aws_main_route_table_association.main.route_table_id"  # (not "….main route table": said twice)
    said = (
        f"cannot be known: route table {name} is made the VPC's main route table by "
        f"aws_main_route_table_association.main, whose route_table_id {cause}"
    )
    assert texts and all(f"route of route table {name} {said}" in t for t in texts), texts
    assert not any("cannot be known from the files of this run" in u.text for u in result.undecided)


def test_the_main_route_table_and_default_acl_of_a_vpc_an_import_block_adopts_are_not_known(tmp_path):
    """A VPC Terraform creates has a main route table with local routes only; one it adopts (an
    `import` block) has whatever routes and ACL rules it already had."""
    text = (FIXTURES / "W9610" / "good-imported-vpc" / "main.tf").read_text()
    result = engine.lint([module(tmp_path / "adopted", {"main.tf": text})])
    assert not rules(result, "W9610")
    texts = {u.text for u in result.undecided if u.subject.id == "aws_lambda_function.fn"}
    adopted = "main.tf:3) adopts aws_vpc.legacy, so the"
    assert any(
        t.startswith("the ::/0 route of route table aws_vpc.legacy main route table") and adopted in t for t in texts
    )
    assert any(t.startswith("the IPv6 rules of network ACL aws_vpc.legacy default network ACL") for t in texts)
    created = text.replace("import {", "locals {\n  unused = {").replace('"vpc-0abc123def4567890"\n}', '"x"\n  }\n}')
    assert rules(engine.lint([module(tmp_path / "created", {"main.tf": created})]), "W9610") == ["W9610"]


def test_an_adopted_route_table_or_group_keeps_what_aws_has(tmp_path):
    """A route table and a group an `import` block adopts without `route`/`egress` arguments keep what
    AWS has (attributes as blocks): W9610 and W9620 cannot say they lack IPv6."""
    net = """
resource "aws_vpc" "main" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
}
resource "aws_subnet" "app" {
  vpc_id          = aws_vpc.main.id
  cidr_block      = "10.0.1.0/24"
  ipv6_cidr_block = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 1)
}
resource "aws_route_table" "app" {
  vpc_id = aws_vpc.main.id
}
resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.app.id
}
resource "aws_security_group" "fn" {
  vpc_id = aws_vpc.main.id
}
output "subnet" { value = aws_subnet.app.id }
output "group" { value = aws_security_group.fn.id }
"""
    root = """
module "net" {
  source = "./modules/net"
}
resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = "arn:aws:iam::111111111111:role/fn"
  runtime       = "python3.12"
  handler       = "index.handler"
  filename      = "orders.zip"
  vpc_config {
    subnet_ids                  = [module.net.subnet]
    security_group_ids          = [module.net.group]
    ipv6_allowed_for_dual_stack = true
  }
}
"""
    created = engine.lint([module(tmp_path / "created", {"main.tf": root, "modules/net/main.tf": net})])
    assert {"W9610", "W9620"} <= set(rules(created))
    imports = "".join(
        f'import {{\n  to = module.net.{to}\n  id = "{id}"\n}}\n'
        for to, id in (("aws_route_table.app", "rtb-0abc"), ("aws_security_group.fn", "sg-0abc"))
    )
    adopted = engine.lint([module(tmp_path / "adopted", {"main.tf": root + imports, "modules/net/main.tf": net})])
    assert not {"W9610", "W9620"} & set(rules(adopted))
    texts = {u.text for u in adopted.undecided}
    assert any("with no `egress` argument: Terraform keeps the rules it already has" in t for t in texts), texts
    rule = (  # a rule of its own allows IPv6 egress whatever the group already holds
        'resource "aws_vpc_security_group_egress_rule" "v6" {\n  security_group_id = aws_security_group.fn.id\n'
        '  ip_protocol = "-1"\n  cidr_ipv6 = "::/0"\n}\n'
    )
    files = {"main.tf": root + imports, "modules/net/main.tf": net + rule}
    texts = {u.text for u in engine.lint([module(tmp_path / "rule", files)]).undecided}
    assert not any("security group" in t and "egress" in t for t in texts), texts


def test_an_import_block_may_adopt_a_vpc_of_a_module_the_root_calls(tmp_path):
    """Import blocks live in the root module; `to = module.net[0].aws_vpc.legacy` adopts the VPC a
    called module declares (instance keys written or not)."""
    text = (FIXTURES / "W9610" / "good-imported-vpc" / "main.tf").read_text()
    start, end = text.index("import {"), text.index("}", text.index("import {")) + 1
    child = text[:start] + text[end:]
    call = 'module "net" {\n  source = "./modules/net"\n  count  = 1\n}\n'
    for to in ("module.net[0].aws_vpc.legacy", "module.net.aws_vpc.legacy"):
        root = call + f'import {{\n  to = {to}\n  id = "vpc-0abc123def4567890"\n}}\n'
        folder = tmp_path / to.replace("[", "").replace("]", "")
        result = engine.lint([module(folder, {"main.tf": root, "modules/net/main.tf": child})])
        assert not rules(result, "W9610"), to
        texts = {u.text for u in result.undecided}
        assert any("adopts module.net[0].aws_vpc.legacy, so the" in t for t in texts), texts
    plain = engine.lint([module(tmp_path / "created", {"main.tf": call, "modules/net/main.tf": child})])
    assert rules(plain, "W9610") == ["W9610"]
    two = call.replace("count  = 1", "count  = 2")
    other = two + 'import {\n  to = module.net[1].aws_vpc.legacy\n  id = "vpc-0abc123def4567890"\n}\n'
    result = engine.lint([module(tmp_path / "other", {"main.tf": other, "modules/net/main.tf": child})])
    assert rules(result, "W9610") == ["W9610"]  # net[1]'s VPC is adopted, not net[0]'s, where a function is too
    as_json = '{"import": [{"to": "module.net[0].aws_vpc.legacy", "id": "vpc-0abc123def4567890"}]}'  # JSON syntax
    files = {"main.tf": call, "imports.tf.json": as_json, "modules/net/main.tf": child}
    assert not rules(engine.lint([module(tmp_path / "json", files)]), "W9610")


SG_STYLES = {
    "inline": 'egress {\n    protocol    = "-1"\n    from_port   = 0\n    to_port     = 0\n'
    '    cidr_blocks = ["0.0.0.0/0"]\n  }\n',
    "rule": 'resource "aws_security_group_rule" "v4" {\n  type              = "egress"\n  security_group_id = '
    'aws_security_group.fn.id\n  protocol          = "-1"\n  from_port         = 0\n  to_port           = 0\n'
    '  cidr_blocks       = ["0.0.0.0/0"]\n}\n',
    "vpc_rule": 'resource "aws_vpc_security_group_egress_rule" "v4" {\n  security_group_id = aws_security_group.fn.id\n'
    '  ip_protocol       = "-1"\n  cidr_ipv4         = "0.0.0.0/0"\n}\n',
}


@pytest.mark.parametrize(
    ("style", "fix"),
    [
        (
            "inline",
            'an egress block with protocol = "tcp", from_port = 443, to_port = 443 and ipv6_cidr_blocks = ["::/0"]',
        ),
        ("rule", 'an aws_security_group_rule with type = "egress", protocol = "tcp"'),
        (
            "vpc_rule",
            'an aws_vpc_security_group_egress_rule with ip_protocol = "tcp", from_port = 443, to_port = 443 '
            'and cidr_ipv6 = "::/0"',
        ),
    ],
)
def test_the_security_group_fix_keeps_the_style_of_its_rules(tmp_path, style, fix):
    """The provider warns against mixing inline rules with rule resources: the fix adds a rule of the
    kind the group already has (it named ipv6_cidr_blocks, which aws_vpc_security_group_egress_rule
    does not take)."""
    main = (FIXTURES / "W9620" / "good-vpc-security-group-egress-rule" / "main.tf").read_text()
    start = main.index('resource "aws_vpc_security_group_egress_rule"')
    main = main[:start] + main[main.index("\n}\n", start) + 3 :]
    if style == "inline":
        main = main.replace(
            "  vpc_id      = aws_vpc.main.id\n}\n", "  vpc_id      = aws_vpc.main.id\n  " + SG_STYLES[style] + "}\n", 1
        )
    else:
        main += SG_STYLES[style]
    messages = [f.message for f in engine.lint([module(tmp_path, {"main.tf": main})]).findings if f.rule.id == "W9620"]
    assert len(messages) == 1 and fix in messages[0], messages


@pytest.mark.parametrize(
    ("fixture", "fix"),
    [
        (
            "bad-inline-ipv4-only-acl",
            'Add blocks with ipv6_cidr_block = "::/0" in the aws_network_acl',
        ),
        ("bad-rule-denies-before-allow", 'Add aws_network_acl_rule resources with ipv6_cidr_block = "::/0"'),
    ],
)
def test_the_network_acl_fix_keeps_the_style_of_its_rules(fixture, fix):
    """An ACL with inline rules cannot take aws_network_acl_rule resources too (the provider overwrites
    them), nor the other way round: the fix names the style the ACL has."""
    messages = [f.message for f in engine.lint([str(FIXTURES / "W9621" / fixture)]).findings if f.rule.id == "W9621"]
    assert messages and all(fix in m for m in messages), messages


@pytest.mark.parametrize(
    ("version", "modelled"),
    [("~> 6.0", True), (">= 3.0", True), ("~> 4.1", True), ("3.19.0", False), ("~> 2.78", False), (">= 3, < 4", False)],
)
def test_the_vpc_model_holds_only_for_the_releases_it_follows(tmp_path, version, modelled):
    """Before 4.0 terraform-aws-vpc's subnets had no DNS64 inputs (nor DNS64) and its default security group
    kept AWS's rules: a call pinned there is not modelled, and the findings of the model go (W9612 fired
    on subnets without DNS64)."""
    main = (FIXTURES / "W9612" / "bad-registry-vpc-dns64-default" / "main.tf").read_text()
    assert '  version = "~> 6.0"' in main
    main = main.replace('  version = "~> 6.0"', f'  version = "{version}"')
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert ("W9612" in rules(result)) is modelled
    if not modelled:
        texts = {u.text for u in result.undecided}
        assert any(f"its version constraint `{version}` picks a release older" in t for t in texts), texts


def test_a_vpc_module_without_its_egress_only_gateway_is_fixed_by_that_input():
    """`create_egress_only_igw = false` is what leaves the module's private tables without ::/0: the fix
    and the plan name that input (they said `enable_ipv6 = true`, already set, or a raw resource)."""
    folder = FIXTURES / "W9610" / "bad-registry-vpc-without-egress-only-gateway"
    messages = [f.message for f in engine.lint([str(folder)]).findings if f.rule.id == "W9610"]
    assert messages and all("create_egress_only_igw = true on module.vpc" in m for m in messages), messages
    assert not any("aws_egress_only_internet_gateway" in m for m in messages), messages


SHAPELESS = """
data "aws_availability_zones" "available" {}

locals {
  azs = data.aws_availability_zones.available.names
}

module "vpc" {
  source          = "terraform-aws-modules/vpc/aws"
  version         = "~> 5.0"
  cidr            = "10.0.0.0/16"
  azs             = local.azs
  private_subnets = [for k, v in local.azs : cidrsubnet("10.0.0.0/16", 4, k)]
  public_subnets  = [for k, v in local.azs : cidrsubnet("10.0.0.0/16", 8, k + 48)]
  %s
  enable_nat_gateway = true
  single_nat_gateway = true
}
"""


def test_a_vpc_module_the_model_cannot_shape_is_said_and_not_counted_as_no_nat_gateway(tmp_path):
    """Subnets sized by every zone of data.aws_availability_zones: the model cannot say what the call
    makes, and says why; the plan said "No NAT gateway in these files"."""
    result = engine.lint([module(tmp_path, {"main.tf": SHAPELESS % ""})], engine.Options(plan=True))
    texts = {u.text for u in result.undecided}
    assert any(
        "lambda6lint's built-in model of `terraform-aws-modules/vpc/aws` cannot say: how many resources it makes "
        "depends on input `public_subnets`, whose value comes from data source "
        "`data.aws_availability_zones.available`, read only when Terraform runs (a plan holds what it reads; "
        "what that names outside this configuration stays unknown)" in t
        for t in texts
    ), texts
    from lambda6lint.report import plan_text

    assert result.plan is not None
    assert plan_text.overall(result.plan).endswith("(not counted: what module.vpc, not read, may make; see --explain)")


def test_zones_sliced_from_a_data_source_shape_the_vpc_module(tmp_path):
    """The module's own examples take `slice(data.aws_availability_zones.available.names, 0, 3)`: three
    zones whatever their names (or Terraform fails), so three subnets of each kind and one NAT gateway
    (the model gave up on the call, and W9612, W9620 and the NAT gateway's cost went unsaid)."""
    sliced = SHAPELESS.replace(
        "azs = data.aws_availability_zones.available.names",
        "azs = slice(data.aws_availability_zones.available.names, 0, 3)",
    )
    result = engine.lint([module(tmp_path, {"main.tf": sliced % ""})], engine.Options(plan=True))
    assert not [u.text for u in result.undecided if "cannot say" in u.text]
    from lambda6lint.model import NatGateway, Subnet

    net = network_of(module(tmp_path, {"main.tf": sliced % ""}))
    assert len(net.of(Subnet)) == 6 and len(net.of(NatGateway)) == 1


def test_a_database_route_table_of_its_own_is_explained_as_unmodelled(tmp_path):
    """The model leaves a group's own route table out: --explain says so, not "cannot be known from the
    files of this run"."""
    main = SHAPELESS.replace('[for k, v in local.azs : cidrsubnet("10.0.0.0/16", 4, k)]', '["10.0.1.0/24"]')
    main = main.replace('[for k, v in local.azs : cidrsubnet("10.0.0.0/16", 8, k + 48)]', '["10.0.101.0/24"]')
    main = main.replace("local.azs\n", '["us-east-1a"]\n', 1)
    extra = 'database_subnets = ["10.0.201.0/24"]\n  create_database_subnet_route_table = true'
    function = (
        'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role = "arn:aws:iam::1:role/r"\n'
        '  runtime = "python3.12"\n  handler = "a.h"\n  filename = "a.zip"\n  vpc_config {\n'
        "    subnet_ids         = module.vpc.database_subnets\n    security_group_ids = []\n  }\n}\n"
    )
    result = engine.lint([module(tmp_path, {"main.tf": main % extra + function})])
    texts = {u.text for u in result.undecided}
    assert any(
        "is the database subnets' own route table (create_database_subnet_route_table), whose routes" in t
        for t in texts
    ), texts


def test_an_intra_route_table_of_the_vpc_module_is_fixed_outside_it(tmp_path):
    """terraform-aws-vpc never routes its intra route tables out: the fix is a route of one's own (or
    private subnets), at the intra_subnets input (it pointed at `enable_ipv6 = true`, already set)."""
    main = SHAPELESS.replace("azs             = local.azs", 'azs             = ["us-east-1a"]')
    main = main.replace('[for k, v in local.azs : cidrsubnet("10.0.0.0/16", 4, k)]', '["10.0.1.0/24"]')
    main = main.replace('[for k, v in local.azs : cidrsubnet("10.0.0.0/16", 8, k + 48)]', '["10.0.101.0/24"]')
    extra = 'intra_subnets = ["10.0.51.0/24"]\n  enable_ipv6 = true\n  intra_subnet_ipv6_prefixes = [9]'
    function = (
        'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role = "arn:aws:iam::1:role/r"\n'
        '  runtime = "python3.12"\n  handler = "a.h"\n  filename = "a.zip"\n  vpc_config {\n'
        "    subnet_ids                  = module.vpc.intra_subnets\n    security_group_ids          = []\n"
        "    ipv6_allowed_for_dual_stack = true\n  }\n}\n"
    )
    text = main % extra + function
    [finding] = [f for f in engine.lint([module(tmp_path, {"main.tf": text})]).findings if f.rule.id == "W9610"]
    assert "module.vpc never adds to intra route tables: an aws_route on module.vpc.intra_route_table_ids[0]" in (
        finding.message
    )
    assert text.splitlines()[finding.location.line - 1].strip().startswith("intra_subnets")


@pytest.mark.parametrize(
    ("output", "blocks"),
    [
        ("aws_nat_gateway.main.id", False),  # ids are output by habit
        ("aws_nat_gateway.main.public_ip", True),
        ("aws_nat_gateway.main.allocation_id", True),
        ('"${aws_nat_gateway.main.public_ip}/32"', True),  # an allow-list entry, in a string
        ('"${aws_eip.nat.public_ip}/32"', True),
        ("aws_nat_gateway.main", True),  # the whole resource, its address among its attributes
        ("aws_eip.nat", True),
    ],
)
def test_an_output_exposes_a_nat_gateways_address_only_by_its_address(tmp_path, output, blocks):
    main = (FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas" / "main.tf").read_text()
    main += f'\noutput "egress" {{\n  value = {output}\n}}\n'
    fired = "W9650" in rules(engine.lint([module(tmp_path, {"main.tf": main})]))
    assert fired is not blocks


@pytest.mark.parametrize(
    ("inputs", "said"),
    [
        ("", " in the same change as private_subnet_ipv6_prefixes = [0, 1] (or"),
        ("  private_subnet_ipv6_prefixes = [0, 1]\n", None),
        ("  private_subnet_enable_dns64 = false\n", " in the same change as private_subnet_ipv6_prefixes = [0, 1] (or"),
        (
            "  private_subnet_enable_dns64 = false\n"
            "  private_subnet_enable_resource_name_dns_aaaa_record_on_launch = false\n",
            None,
        ),
        (  # (subnets on an Outpost: the module makes them, with the same defaults)
            '  private_subnet_ipv6_prefixes = [0, 1]\n  outpost_subnets = ["10.0.9.0/24"]\n',
            " in the same change as outpost_subnet_ipv6_prefixes = [2] (or",
        ),
    ],
)
def test_enable_ipv6_on_a_registry_vpc_names_the_groups_it_would_break(tmp_path, inputs, said):
    """enable_ipv6 alone fails to apply where a subnet group has no IPv6 prefixes and DNS64 or AAAA
    records on (their default): the VPC's fix says so, and stops saying it once the call settles it."""
    main = (
        'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  azs = ["a", "b"]\n'
        f'  private_subnets = ["10.0.1.0/24", "10.0.2.0/24"]\n{inputs}}}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "arn:aws:iam::1:role/x"\n'
        "  vpc_config {\n    subnet_ids = module.vpc.private_subnets\n    security_group_ids = []\n  }\n}\n"
    )
    (i9605,) = [f for f in engine.lint([module(tmp_path, {"main.tf": main})]).findings if f.rule.id == "I9605"]
    if said is None:
        assert "Start the IPv6 migration with enable_ipv6 = true on module.vpc." in i9605.message
    else:
        assert f"Start the IPv6 migration with enable_ipv6 = true on module.vpc,{said}" in i9605.message


@pytest.mark.parametrize(
    ("source", "modelled"),
    [
        ("git::https://github.com/terraform-aws-modules/terraform-aws-vpc.git?ref=v5.8.1", True),
        ("github.com/terraform-aws-modules/terraform-aws-vpc?ref=v6.0.0", True),
        ("git@github.com:terraform-aws-modules/terraform-aws-vpc.git", True),  # (a branch: the newest)
        ("git::https://github.com/terraform-aws-modules/terraform-aws-vpc.git?ref=v3.19.0", False),  # before 4.0
        ("git::https://github.com/someone/terraform-aws-vpc.git?ref=v5.8.1", False),
    ],
)
def test_a_registry_module_called_from_its_github_repository_is_modelled(tmp_path, source, modelled):
    """terraform-aws-modules called by git URL at a tag are the same module at that release."""
    main = (
        f'module "vpc" {{\n  source = "{source}"\n  azs = ["a", "b"]\n'
        '  private_subnets = ["10.0.1.0/24", "10.0.2.0/24"]\n}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "arn:aws:iam::1:role/x"\n'
        "  vpc_config {\n    subnet_ids = module.vpc.private_subnets\n    security_group_ids = []\n  }\n}\n"
    )
    found = [f.message for f in engine.lint([module(tmp_path, {"main.tf": main})]).findings if f.rule.id == "I9605"]
    assert bool(found) is modelled
    assert not found or "Start the IPv6 migration with enable_ipv6 = true on module.vpc" in found[0]


def test_a_module_terraform_init_installed_is_modelled_when_lambda6lint_models_it():
    """terraform-aws-modules/vpc installed in .terraform/modules: findings pointed into the installed
    copy (a file not in the repository) and fixes named its resources. The built-in model of the
    installed release is used instead, as without `terraform init`: locations at the call, fixes
    in its inputs."""
    result = engine.lint([str(FIXTURES / "W9611" / "bad-registry-module-from-terraform-dir")])
    places = [f.location.path for f in result.findings] + [w.path for f in result.findings for w, _ in f.related]
    assert places and not [p for p in places if ".terraform" in p]
    [i9605] = [f for f in result.findings if f.rule.id == "I9605"]
    assert "enable_ipv6 = true on module.vpc" in i9605.message


def test_a_modelled_module_terraform_init_installed_keeps_the_models_reason_when_it_gives_up(tmp_path):
    """The model gives up on an input it cannot know; the installed copy could not know it either, and
    --explain names that input rather than an unknown count inside .terraform/."""
    import shutil

    shutil.copytree(FIXTURES / "W9611" / "bad-registry-module-from-terraform-dir", tmp_path / "m")
    main_tf = tmp_path / "m" / "main.tf"
    text = main_tf.read_text().replace(
        'public_subnets  = ["10.0.101.0/24", "10.0.102.0/24"]', "public_subnets  = var.p"
    )
    main_tf.write_text('variable "p" {}\n' + text)
    result = engine.lint([str(tmp_path / "m")])
    texts = [u.text for u in result.undecided]
    assert any("built-in model of `terraform-aws-modules/vpc/aws` cannot say" in t for t in texts), texts
    assert not any(".terraform" in u.location.path for u in result.undecided)


def test_a_finding_on_what_an_installed_module_makes_says_where_to_change_it():
    """A module lambda6lint does not model, read from .terraform/: its findings are at the call, and
    their fixes named the module's own resources, which the user changes through the call (its inputs
    or version), never in .terraform/: the message says so."""
    result = engine.lint([str(FIXTURES / "W9610" / "bad-installed-registry-module")])
    [w9610] = [f for f in result.findings if f.rule.id == "W9610"]
    assert w9610.message.endswith(
        "It is made by module `net` (`acme-corp/network/aws`), which `terraform init` installed in .terraform/: "
        "change it through that module's inputs or version."
    )
    own = [f for f in result.findings if f.resource and not f.resource.startswith("module.")]
    assert own and not [f for f in own if "terraform init" in f.message]  # (the root's own resources: as before)


ENDPOINTS_CALL = """
module "endpoints" {
  source  = "terraform-aws-modules/vpc/aws//modules/vpc-endpoints"
  version = "%s"
  vpc_id  = "vpc-0abc"
  %s
}
"""
ENDPOINTS = """endpoints = {
    s3 = {
      service         = "s3"
      service_type    = "Gateway"
      route_table_ids = ["rtb-1"]
    }
    ddb = {
      service_endpoint = "com.amazonaws.eu-west-1.dynamodb"
    }
    sqs = {
      service = "sqs"
      create  = false
    }
  }"""


@pytest.mark.parametrize(
    ("version", "inputs", "made"),
    [
        (  # the region's service by its short name; Interface, the default; an entry with create = false
            "~> 6.0",
            ENDPOINTS,
            [
                ('module.endpoints.aws_vpc_endpoint.this["s3"]', "s3", True, 1),
                ('module.endpoints.aws_vpc_endpoint.this["ddb"]', "dynamodb", False, 0),
            ],
        ),
        ("~> 3.0", "create = false\n  " + ENDPOINTS, []),
        (  # with `region` (6.1.0+) the module reads no service lookup: only a service_endpoint names one
            "~> 6.1",
            'region = "eu-west-1"\n  ' + ENDPOINTS,
            [
                ('module.endpoints.aws_vpc_endpoint.this["s3"]', None, True, 1),
                ('module.endpoints.aws_vpc_endpoint.this["ddb"]', "dynamodb", False, 0),
            ],
        ),
        ("~> 2.0", ENDPOINTS, None),  # (before v3 the vpc module made endpoints itself: no such module)
        ("~> 6.0", "endpoints = var.endpoints", None),  # what it makes cannot be known: the call is not read
    ],
)
def test_the_vpc_endpoints_module_model(tmp_path, version, inputs, made):
    """terraform-aws-modules/vpc/aws//modules/vpc-endpoints, not installed: its built-in model makes the
    endpoints of its `endpoints` input as the module's code does."""
    from lambda6lint.model import ModuleCall, VpcEndpoint

    text = ENDPOINTS_CALL % (version, inputs) + 'variable "endpoints" {}\n'
    result = engine.lint([module(tmp_path, {"main.tf": text})], engine.Options(plan=True))  # (the graph kept)
    assert result.network is not None
    endpoints = [r for r in result.network.resources if isinstance(r, VpcEndpoint)]
    unread = [r for r in result.network.resources if isinstance(r, ModuleCall)]
    if made is None:
        assert not endpoints and unread
        return
    assert not unread
    got = [
        (e.id, e.service, e.gateway, len(e.route_tables) if isinstance(e.route_tables, list) else -1) for e in endpoints
    ]
    assert got == made


def test_dns64_the_vpc_module_turns_on_by_default_is_said_to_be_its_default(tmp_path):
    """W9612 said "has DNS64 on" of a module call that says nothing of DNS64: the module's default."""
    text = (FIXTURES / "W9612" / "bad-registry-vpc-dns64-default" / "main.tf").read_text()
    messages = [f.message for f in engine.lint([module(tmp_path, {"main.tf": text})]).findings if f.rule.id == "W9612"]
    assert messages and all("has DNS64 on (by the module's default: enable_ipv6 turns it on" in m for m in messages)
    written = text.replace("  enable_ipv6 ", "  private_subnet_enable_dns64 = true\n  enable_ipv6 ", 1)
    assert written != text
    messages = [
        f.message for f in engine.lint([module(tmp_path, {"main.tf": written})]).findings if f.rule.id == "W9612"
    ]
    assert messages and not any("default" in m for m in messages)


@pytest.mark.parametrize(
    ("association", "fires"),
    [
        ("", True),
        (  # the function's interface, found by a data source at apply time: it may have a public address
            'data "aws_network_interfaces" "fn" {\n  filter {\n    name = "subnet-id"\n'
            "    values = [aws_subnet.public.id]\n  }\n}\n"
            'resource "aws_eip" "fn" {\n  domain = "vpc"\n}\n'
            'resource "aws_eip_association" "fn" {\n  allocation_id = aws_eip.fn.id\n'
            "  network_interface_id = data.aws_network_interfaces.fn.ids[0]\n}\n",
            False,
        ),
        (  # an instance's interface: not Lambda's
            'resource "aws_network_interface" "box" {\n  subnet_id = aws_subnet.public.id\n}\n'
            'resource "aws_eip" "box" {\n  domain = "vpc"\n}\n'
            'resource "aws_eip_association" "box" {\n  allocation_id = aws_eip.box.id\n'
            "  network_interface_id = aws_network_interface.box.id\n}\n",
            True,
        ),
    ],
)
def test_an_elastic_ip_on_an_interface_lambda_may_own_leaves_w9611_undecided(tmp_path, association, fires):
    """W9611 says Lambda has no public IPv4 in a public subnet: an Elastic IP associated with an interface
    found at apply time (the function's own, in setups without NAT) may be one."""
    main = (
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_internet_gateway" "i" {\n  vpc_id = aws_vpc.v.id\n}\n'
        'resource "aws_subnet" "public" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.0.0/24"\n}\n'
        'resource "aws_route_table" "public" {\n  vpc_id = aws_vpc.v.id\n  route {\n    cidr_block = "0.0.0.0/0"\n'
        "    gateway_id = aws_internet_gateway.i.id\n  }\n}\n"
        'resource "aws_route_table_association" "public" {\n  subnet_id = aws_subnet.public.id\n'
        "  route_table_id = aws_route_table.public.id\n}\n"
        'resource "aws_security_group" "fn" {\n  vpc_id = aws_vpc.v.id\n}\n'
        'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role = "arn:aws:iam::1:role/x"\n'
        '  runtime = "python3.12"\n  handler = "a.b"\n  filename = "x.zip"\n'
        "  vpc_config {\n    subnet_ids = [aws_subnet.public.id]\n"
        "    security_group_ids = [aws_security_group.fn.id]\n  }\n}\n" + association
    )
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    assert ("W9611" in {f.rule.id for f in result.findings}) is fires
    if not fires:
        assert any("may give Lambda's network interfaces public IPv4 addresses" in u.text for u in result.undecided)


@pytest.mark.parametrize(
    ("routes", "said"),
    [
        (
            'resource "aws_route" "nat" {\n  route_table_id = aws_route_table.private.id\n'
            '  destination_cidr_block = "0.0.0.0/0"\n  nat_gateway_id = "nat-0123456789abcdef0"\n}\n',
            'an aws_route with route_table_id = aws_route_table.private.id, destination_ipv6_cidr_block = "::/0"',
        ),
        (
            "",  # (the table's route written inline, below)
            'a route block with ipv6_cidr_block = "::/0" and egress_only_gateway_id on it',
        ),
    ],
    ids=["aws_route", "inline"],
)
def test_the_route_step_follows_how_the_tables_routes_are_written(tmp_path, routes, said):
    """Inline route blocks and aws_route resources on one table conflict and overwrite each other (provider
    docs): the ::/0 step is written as the table's other routes are (helper, following the plan)."""

    inline = (
        "" if routes else '  route {\n    cidr_block = "0.0.0.0/0"\n    nat_gateway_id = "nat-0123456789abcdef0"\n  }\n'
    )
    main = (
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n  assign_generated_ipv6_cidr_block = true\n}\n'
        'resource "aws_subnet" "s" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n'
        "  ipv6_cidr_block = cidrsubnet(aws_vpc.v.ipv6_cidr_block, 8, 1)\n}\n"
        f'resource "aws_route_table" "private" {{\n  vpc_id = aws_vpc.v.id\n{inline}}}\n'
        + routes
        + 'resource "aws_route_table_association" "s" {\n  subnet_id = aws_subnet.s.id\n'
        "  route_table_id = aws_route_table.private.id\n}\n"
        'resource "aws_egress_only_internet_gateway" "e" {\n  vpc_id = aws_vpc.v.id\n}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "arn:aws:iam::1:role/x"\n'
        "  vpc_config {\n    subnet_ids = [aws_subnet.s.id]\n    security_group_ids = []\n"
        "    ipv6_allowed_for_dual_stack = true\n  }\n}\n"
    )
    result = engine.lint([module(tmp_path, {"main.tf": main})], engine.Options(plan=True))
    (w9610,) = [f.message for f in result.findings if f.rule.id == "W9610"]
    assert said in w9610, w9610


def test_the_ipv6_route_step_names_a_module_table_as_the_modules_code_does():
    """The fix goes in the module's own file, where `module.net.aws_route_table.private[0]` resolves nowhere
    (helper, attacking last stop's route styles)."""
    result = engine.lint([str(FIXTURES / "W9610" / "bad-module-tables-with-aws-route-resources")])
    said = [f.message for f in result.findings if f.rule.id == "W9610"]
    assert len(said) == 2 and all("module.net" not in m.split("Add ", 1)[1] for m in said), said
    assert "route_table_id = aws_route_table.private[0].id," in said[0] + said[1]


def test_a_flag_a_local_module_leaves_at_its_inputs_default_is_set_at_the_call(tmp_path):
    """`ipv6_allowed_for_dual_stack = var.ipv6` in a local module whose call leaves `ipv6` at its default:
    the step pointed at the module's own line, where hard-coding true leaves the input unused (helper,
    following the plan). It says the call is where to set it."""
    (tmp_path / "root" / "modules" / "fn").mkdir(parents=True)
    fixture = (FIXTURES / "W9610" / "good-aws-route-ipv6" / "main.tf").read_text()
    start = fixture.index('resource "aws_lambda_function" "fn" {')
    function = fixture[start:]
    module = function.replace("ipv6_allowed_for_dual_stack = true", "ipv6_allowed_for_dual_stack = var.ipv6")
    assert module != function
    module = module.replace("aws_subnet.private[*].id", "var.subnet_ids").replace(
        "aws_security_group.fn.id", "var.security_group_id"
    )
    (tmp_path / "root" / "modules" / "fn" / "main.tf").write_text(
        'variable "ipv6" {\n  type    = bool\n  default = false\n}\nvariable "subnet_ids" {}\n'
        'variable "security_group_id" {}\nvariable "role_arn" {}\n'
        + module.replace("aws_iam_role.fn.arn", "var.role_arn")
    )
    root = fixture[:start] + (
        'module "fn" {\n  source            = "./modules/fn"\n  subnet_ids        = aws_subnet.private[*].id\n'
        "  security_group_id = aws_security_group.fn.id\n  role_arn          = aws_iam_role.fn.arn\n}\n"
    )
    (tmp_path / "root" / "main.tf").write_text(root)
    result = engine.lint([str(tmp_path / "root")])
    line = root.count("\n", 0, root.index('module "fn"')) + 1
    said = f"(it comes from the default of input `ipv6`, which module `fn` at main.tf:{line} does not set: set it"
    assert any(said in f.message for f in result.findings if f.rule.id == "W9601"), [f.message for f in result.findings]
    # two levels: a module passing its own input on (`ipv6 = var.ipv6`), left at its default by the root's call
    service = tmp_path / "root" / "modules" / "service"
    service.mkdir()
    (service / "main.tf").write_text(
        'variable "ipv6" {\n  default = false\n}\nvariable "subnet_ids" {}\nvariable "security_group_id" {}\n'
        'variable "role_arn" {}\nmodule "fn" {\n  source            = "../fn"\n  ipv6              = var.ipv6\n'
        "  subnet_ids        = var.subnet_ids\n  security_group_id = var.security_group_id\n"
        "  role_arn          = var.role_arn\n}\n"
    )
    (tmp_path / "root" / "main.tf").write_text(
        root.replace('source            = "./modules/fn"', 'source = "./modules/service"')
    )
    nested = [f.message for f in engine.lint([str(tmp_path / "root")]).findings if f.rule.id == "W9601"]
    assert any(f"the default of input `ipv6`, which module `fn` at main.tf:{line} does not set" in m for m in nested), (
        nested
    )
    # the service's own call leaves it at its default: that call is named by its file from the root's folder
    # (every module has a main.tf: "main.tf:7" named the root's, which has no such call)
    (service / "main.tf").write_text((service / "main.tf").read_text().replace("  ipv6              = var.ipv6\n", ""))
    inner = [f.message for f in engine.lint([str(tmp_path / "root")]).findings if f.rule.id == "W9601"]
    place = os.path.join("modules", "service", "main.tf")
    assert any(f"the default of input `ipv6`, which module `fn` at {place}:7 does not set" in m for m in inner), inner
    (tmp_path / "root" / "main.tf").write_text(root)

    from lambda6lint import migration

    plan_run = engine.lint([str(tmp_path / "root")], engine.Options(plan=True))  # (its resources whole)
    [fn] = [f.resource_obj for f in plan_run.findings if f.rule.id == "W9601"]
    assert said in migration.change("function-flag", fn)  # (the plan's step says it too)


def test_an_environment_a_local_module_takes_from_an_input_is_fixed_in_that_input(tmp_path):
    """`dynamic "environment" { … variables = var.env }` in a local module whose call leaves `env` at its default:
    the fix said "in environment { variables }" at the module's resource, which a user changes through the
    input (known since stop 36). It names the input of the call."""
    fixture = (FIXTURES / "W9610" / "good-aws-route-ipv6" / "main.tf").read_text()
    start = fixture.index('resource "aws_lambda_function" "fn" {')
    (tmp_path / "modules" / "fn").mkdir(parents=True)
    (tmp_path / "modules" / "fn" / "main.tf").write_text(
        'variable "subnet_ids" {}\nvariable "security_group_id" {}\nvariable "role_arn" {}\n'
        'variable "env" {\n  type    = map(string)\n  default = {}\n}\n'
        'resource "aws_lambda_function" "this" {\n  function_name = "f"\n  role          = var.role_arn\n'
        '  runtime       = "python3.12"\n  handler       = "app.handler"\n  filename      = "app.zip"\n'
        '  dynamic "environment" {\n    for_each = length(var.env) > 0 ? [1] : []\n'
        "    content {\n      variables = var.env\n    }\n  }\n"
        "  vpc_config {\n    subnet_ids                  = var.subnet_ids\n"
        "    security_group_ids          = [var.security_group_id]\n    ipv6_allowed_for_dual_stack = true\n  }\n}\n"
    )
    root = fixture[:start] + (
        'module "fn" {\n  source            = "./modules/fn"\n  subnet_ids        = aws_subnet.private[*].id\n'
        "  security_group_id = aws_security_group.fn.id\n  role_arn          = aws_iam_role.fn.arn\n}\n"
    )
    (tmp_path / "main.tf").write_text(root)
    line = root.count("\n", 0, root.index('module "fn"')) + 1
    said = [f.message for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "W9631"]
    assert said and all(
        f'Set AWS_USE_DUALSTACK_ENDPOINT = "true" in the `env` input of module `fn` at main.tf:{line}, which '
        "environment { variables } takes" in m
        for m in said
    ), said


def test_an_environment_given_by_a_root_variable_is_fixed_there_whatever_it_holds(tmp_path):
    """`variables = var.env` with a default that is not empty: the hint was given only for an empty map, so the
    fix said "in environment { variables }" of the resource (helper, attacking this stop's code)."""
    text = (FIXTURES / "W9610" / "good-aws-route-ipv6" / "main.tf").read_text()
    text = text.replace(
        '  filename      = "build/app.zip"\n',
        '  filename      = "build/app.zip"\n  environment {\n    variables = var.env\n  }\n',
        1,
    )
    (tmp_path / "main.tf").write_text(text + 'variable "env" {\n  default = { LOG_LEVEL = "info" }\n}\n')
    said = [f.message for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "W9631"]
    assert said and all(
        'Set AWS_USE_DUALSTACK_ENDPOINT = "true" in the default of variable `env`, which environment { variables } '
        "takes" in m
        for m in said
    ), said


@pytest.mark.parametrize(
    ("vpc", "said"),
    [
        ("  assign_generated_ipv6_cidr_block = true\n}\n", "cidrsubnet(aws_vpc.v.ipv6_cidr_block, 8, N)"),
        (
            '  ipv6_ipam_pool_id = "ipam-pool-0123456789abcdef0"\n  ipv6_netmask_length = 52\n}\n',
            "cidrsubnet(aws_vpc.v.ipv6_cidr_block, 12, N), with N a /64 no other subnet of the VPC takes (12 new bits",
        ),
        (
            '}\nresource "aws_vpc_ipv6_cidr_block_association" "a" {\n  vpc_id = aws_vpc.v.id\n'
            "  assign_generated_ipv6_cidr_block = true\n}\n",
            "cidrsubnet(aws_vpc_ipv6_cidr_block_association.a.ipv6_cidr_block, 8, N)",
        ),
        (
            '}\nresource "aws_vpc_ipv6_cidr_block_association" "a" {\n  vpc_id = aws_vpc.v.id\n'
            '  ipv6_ipam_pool_id = "ipam-pool-0123456789abcdef0"\n  ipv6_netmask_length = 48\n}\n',
            "cidrsubnet(aws_vpc_ipv6_cidr_block_association.a.ipv6_cidr_block, 16, N)",
        ),
    ],
    ids=["amazon", "ipam-52", "association", "association-ipam-48"],
)
def test_the_subnet_ipv6_cidr_fix_names_the_block_the_vpc_has(tmp_path, vpc, said):
    """A VPC whose IPv6 block comes from an association has an empty `ipv6_cidr_block` (the fix failed at plan),
    and an IPAM pool's /52 takes 12 new bits to give /64s, not 8 (helpers, following the fix)."""
    main = (
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n'
        + vpc
        + 'resource "aws_subnet" "s" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "arn:aws:iam::1:role/x"\n'
        "  vpc_config {\n    subnet_ids = [aws_subnet.s.id]\n    security_group_ids = []\n"
        "    ipv6_allowed_for_dual_stack = true\n  }\n}\n"
    )
    result = engine.lint([module(tmp_path, {"main.tf": main})])
    (e9602,) = [f.message for f in result.findings if f.rule.id == "E9602"]
    assert said in e9602, e9602


def test_runs_in_two_folders_of_one_process_each_know_their_own_callees(tmp_path, monkeypatch):
    """Two runs of one process (tests, the cfn-lint plug-in), each in its folder with a root calling
    `modules/net`: the second run's module is called too, and not linted again as a root of its own
    (a real path cached by its relative path pointed into the first folder)."""
    from lambda6lint import engine

    for run in ("a", "b"):
        (tmp_path / run / "modules" / "net").mkdir(parents=True)
        (tmp_path / run / "modules" / "net" / "main.tf").write_text(
            'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        )
        (tmp_path / run / "prod").mkdir()
        (tmp_path / run / "prod" / "main.tf").write_text('module "net" {\n  source = "../modules/net"\n}\n')
        (tmp_path / run / ".git").mkdir()
        monkeypatch.chdir(tmp_path / run)
        result = engine.lint(["."], engine.Options(plan=True))
        assert result.network is not None
        assert {r.template.path for r in result.network.resources if r.type == "aws_vpc"} == {"prod"}, run


def test_a_rest_api_without_an_endpoint_configuration_is_given_one_with_its_required_types(tmp_path):
    """The block requires `types`: `ip_address_type = "dualstack"` alone in it fails `terraform validate`.
    AWS makes a REST API or domain name without it EDGE, so the fix writes that; one with the block adds the
    argument to it."""
    folder = module(
        tmp_path,
        {
            "main.tf": 'resource "aws_api_gateway_rest_api" "edge" {\n  name = "edge"\n}\n'
            + 'resource "aws_api_gateway_rest_api" "regional" {\n  name = "regional"\n'
            + '  endpoint_configuration {\n    types = ["REGIONAL"]\n  }\n}\n'
        },
    )
    said = {f.resource: f.message.split("To accept IPv4 and IPv6, ")[1] for f in engine.lint([folder]).findings}
    assert said == {
        "aws_api_gateway_rest_api.edge": (
            'set an endpoint_configuration block with types = ["EDGE"] and ip_address_type = "dualstack".'
        ),
        "aws_api_gateway_rest_api.regional": 'set ip_address_type = "dualstack" in endpoint_configuration.',
    }


def test_a_module_called_past_the_depth_limit_is_an_input_error_not_silence(tmp_path):
    """A chain of 19 local modules, a function 18 levels down: no root reads it (every root stops 16 levels
    down, and a walk drops what a root lints of a module another calls), so it was never linted, unsaid.
    Each call past the limit is an E9600, as a nested stack's or a CDK stage's is."""
    import shutil

    from lambda6lint.loaders.terraform.modules import MAX_MODULE_DEPTH

    levels = MAX_MODULE_DEPTH + 3
    for i in range(levels - 1):
        (tmp_path / f"c{i}").mkdir()
        (tmp_path / f"c{i}" / "main.tf").write_text(f'module "next" {{\n  source = "../c{i + 1}"\n}}\n')
    shutil.copytree(FIXTURES / "W9601" / "bad-flag-false-from-tfvars", tmp_path / f"c{levels - 1}")
    findings = engine.lint([str(tmp_path)]).findings
    assert [(f.rule.id, os.path.relpath(f.location.path, tmp_path), f.location.line) for f in findings] == [
        ("E9600", f"c{i}/main.tf", 1) for i in (MAX_MODULE_DEPTH, MAX_MODULE_DEPTH + 1)
    ]
    assert findings[0].message.endswith("module 'next' not read: modules are read 16 levels deep (a safety limit)")


@pytest.mark.parametrize(
    ("destination", "fires"),
    [
        ("[aws_vpc.main.ipv6_cidr_block]", True),  # the VPC's own addresses: the local route
        ("[cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 1)]", True),
        ("[aws_subnet.private[0].ipv6_cidr_block]", True),
        ("[var.cidr6]", False),  # (anything)
        ('[aws_vpc.main.ipv6_cidr_block, "::/0"]', False),
    ],
)
def test_group_egress_to_the_vpcs_own_ipv6_block_is_not_internet_egress(tmp_path, destination, fires):
    """W9620 stayed silent on a group whose only IPv6 egress is the VPC's own block (it was unknown)."""
    text = (FIXTURES / "W9620" / "bad-group-ipv6-egress-to-the-vpcs-own-block" / "main.tf").read_text()
    assert text.count("ipv6_cidr_blocks = [aws_vpc.main.ipv6_cidr_block]") == 1
    text = text.replace("ipv6_cidr_blocks = [aws_vpc.main.ipv6_cidr_block]", f"ipv6_cidr_blocks = {destination}")
    (tmp_path / "main.tf").write_text(text + 'variable "cidr6" {\n  type = string\n}\n')
    found = [f for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "W9620"]
    assert bool(found) is fires


@pytest.mark.parametrize(
    ("block", "fires"),
    [
        ("aws_vpc.main.ipv6_cidr_block", True),
        ("cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 1)", True),
        ("aws_vpc.other.ipv6_cidr_block", False),  # (another VPC's block: internet addresses, not shown)
        ("var.cidr6", False),  # (anything)
    ],
)
@pytest.mark.parametrize("in_module", [False, True])
def test_network_acl_rules_on_the_vpcs_own_ipv6_block_decide_no_internet_traffic(tmp_path, block, fires, in_module):
    """W9621 stayed silent on an ACL whose only IPv6 rules are on the VPC's own block (they were unknown); as
    well in a module, whose resources' addresses begin with its call's."""
    fixture = FIXTURES / "W9621" / "bad-acl-ipv6-only-to-the-vpcs-own-block" / "main.tf"
    text = fixture.read_text()
    assert text.count("ipv6_cidr_block = aws_vpc.main.ipv6_cidr_block") == 2
    text = text.replace("ipv6_cidr_block = aws_vpc.main.ipv6_cidr_block", f"ipv6_cidr_block = {block}")
    text = text.replace("aws_subnet.private[0].ipv6_cidr_block", block)
    text += 'variable "cidr6" {\n  type = string\n}\n'
    text += 'resource "aws_vpc" "other" {\n  cidr_block = "10.1.0.0/16"\n  assign_generated_ipv6_cidr_block = true\n}\n'
    folder = tmp_path / "net" if in_module else tmp_path
    folder.mkdir(exist_ok=True)
    (folder / "main.tf").write_text(text.replace(" # expect: W9621", ""))
    if in_module:
        (tmp_path / "main.tf").write_text('module "net" {\n  source = "./net"\n  cidr6  = "::/0"\n}\n')
    found = [f for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "W9621"]
    assert bool(found) is fires


@pytest.mark.parametrize(
    "constraint, release, excluded",
    [
        ("= 2.46", (5, 96, 0), True),
        ("2.46.0", (5, 96, 0), True),
        ("~> 2.46", (5, 96, 0), True),  # (below 3.0)
        ("~> 5.23.0", (5, 96, 0), True),  # (below 5.24.0)
        ("~> 5.0", (5, 96, 0), False),
        (">= 4.0, < 5.0", (5, 23, 0), True),
        ("< 5.96", (5, 96, 0), True),
        ("<= 5.96.0", (5, 96, 0), False),
        (">= 6.24", (5, 96, 0), False),
        ("!= 5.96.0", (5, 96, 0), False),
        ("~> 5", (5, 96, 0), False),  # (one number: below 6.0)
        ("~> 4", (5, 23, 0), True),  # (below 5.0: it was not told)
        ("latest", (5, 96, 0), False),
        # a pre-release comes before its release (go-versions, which Terraform reads provider constraints with):
        ("= 5.96.0-beta1", (5, 96, 0), True),  # (that one pre-release alone)
        ("5.23.0-beta1", (5, 23, 0), True),
        ("<= 5.96.0-beta1", (5, 96, 0), True),
        ("< 5.96.0-beta1", (5, 96, 0), True),
        ("< 5.96.0", (5, 96, 0), True),
        ("~> 5.96.0-beta1", (5, 96, 0), False),  # (below 5.97.0, its pre-release dropped: 5.96.0 is allowed)
        ("~> 5.23.0-beta1", (5, 96, 0), True),  # (below 5.24.0)
        (">= 5.96.0-beta1", (5, 96, 0), False),
        ("!= 5.96.0-beta1", (5, 96, 0), False),
    ],
)
def test_a_provider_constraint_excludes_a_release_only_by_an_upper_bound_below_it(constraint, release, excluded):
    assert provider.excludes_from(constraint, release) is excluded


def _pinned(tmp_path, fixture: str, pinned: str):
    """A fixture's module with its AWS provider constraint (`>= …`) written as `pinned`."""
    text = (FIXTURES / fixture / "main.tf").read_text()
    written = re.search(r'version = "(>= [0-9.]+)"', text)
    assert written is not None
    (tmp_path / "main.tf").write_text(text.replace(written.group(0), f'version = "{pinned}"'))
    return {f.resource: f.message for f in engine.lint([str(tmp_path)]).findings}


def test_a_fix_a_pinned_provider_rejects_says_to_upgrade_it_first(tmp_path):
    """I9640 suggested ip_address_type (provider 5.96.0) and W9601 ipv6_allowed_for_dual_stack (5.23.0) to a module
    whose required_providers pins 2.46, which rejects both: the fix now says to upgrade the provider first."""
    upgrade = (
        '(its module\'s required_providers pins the AWS provider to "~> 2.46" ({}:4), which has no {}: upgrade it '
        "to {} or later first)"
    )
    (tmp_path / "a").mkdir()
    apis = _pinned(tmp_path / "a", "I9640/bad-ipv4-apis-and-domains", "~> 2.46")
    main = tmp_path / "a" / "main.tf"
    assert apis["aws_apigatewayv2_api.chat"].endswith(
        'set ip_address_type = "dualstack" ' + upgrade.format(main, "ip_address_type", "5.96.0") + "."
    )
    rest = 'set ip_address_type = "dualstack" in endpoint_configuration ' + upgrade.format(
        main, "endpoint_configuration.ip_address_type", "5.96.0"
    )
    assert rest in apis["aws_api_gateway_domain_name.orders"]
    (tmp_path / "b").mkdir()
    [flag] = _pinned(tmp_path / "b", "W9601/bad-flag-absent-counted-subnets", "~> 2.46").values()
    assert (
        "Set ipv6_allowed_for_dual_stack to true "
        + upgrade.format(tmp_path / "b" / "main.tf", "vpc_config.ipv6_allowed_for_dual_stack", "5.23.0")
        in flag
    )
    (tmp_path / "c").mkdir()
    unpinned = _pinned(tmp_path / "c", "I9640/bad-ipv4-apis-and-domains", "~> 5.96")
    assert not any("upgrade" in message for message in unpinned.values())


@pytest.mark.parametrize(
    ("pinned", "upgrade"),
    [
        ("= 5.96.0-beta1", True),  # (a pre-release of 5.96.0, before it: no ip_address_type yet)
        ("<= 5.96.0-beta1", True),
        ("~> 5.96.0-beta1", False),  # (5.96.0 to below 5.97.0)
        ("< 5.96.0", True),
        ("<= 5.96.0", False),
    ],
)
def test_a_provider_pinned_to_a_pre_release_of_the_release_a_fix_needs_is_upgraded_first(tmp_path, pinned, upgrade):
    said = _pinned(tmp_path, "I9640/bad-ipv4-apis-and-domains", pinned)["aws_apigatewayv2_api.chat"]
    note = f'pins the AWS provider to "{pinned}" ({tmp_path / "main.tf"}:4), which has no ip_address_type: upgrade it'
    assert (note in said) is upgrade, said
    assert ("upgrade" in said) is upgrade


def test_a_plans_pinned_provider_makes_the_fix_say_to_upgrade_it_first(tmp_path):
    """A plan records each module's AWS provider constraint (`configuration.provider_config`): the same note."""
    doc = json.loads((FIXTURES / "I9640" / "bad-ipv4-apis.tfplan.json").read_text())
    doc["configuration"]["provider_config"]["aws"]["version_constraint"] = "~> 2.46"
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    messages = [f.message for f in engine.lint([str(tmp_path / "plan.json")]).findings if f.rule.id == "I9640"]
    note = re.compile(
        r'\(the plan records that its module constrains the AWS provider to "~> 2\.46", which has no '
        r"(endpoint_configuration\.|domain_name_configuration\.)?ip_address_type: "
        r"upgrade it to 5\.96\.0 or later first\)"
    )
    assert messages and all(note.search(m) for m in messages), messages


@pytest.mark.parametrize(
    "base, override, upgrade",
    [
        ("~> 2.46", '{ source = "hashicorp/aws", version = ">= 5.23" }', False),
        ("~> 2.46", '{ source = "hashicorp/aws" }', False),  # (no constraint left)
        (">= 5.23", '"~> 2.46"', True),
    ],
)
def test_an_override_files_aws_provider_constraint_replaces_its_bases(tmp_path, base, override, upgrade):
    """Terraform merges an override file's required_providers entry in place of the others': a module pinned
    to ~> 2.46 whose versions_override.tf asks >= 5.23 was told its provider pins "~> 2.46, >= 5.23" and to
    upgrade it, which its provider already is."""
    (tmp_path / "versions_override.tf").write_text(
        f"terraform {{\n  required_providers {{\n    aws = {override}\n  }}\n}}\n"
    )
    [flag] = _pinned(tmp_path, "W9601/bad-flag-absent-counted-subnets", base).values()
    assert ("upgrade it to 5.23.0" in flag) is upgrade
    if upgrade:
        assert f'pins the AWS provider to "~> 2.46" ({tmp_path / "versions_override.tf"}:3)' in flag


def test_a_long_provider_constraint_is_quoted_clipped(tmp_path):
    """A constraint of 40,000 parts (each one Terraform reads) was quoted whole, 400 KB in the fix's text."""
    [flag] = _pinned(tmp_path, "W9601/bad-flag-absent-counted-subnets", "~> 2.46" + ", >= 1.0" * 40_000).values()
    assert 'pins the AWS provider to "~> 2.46, >= 1.0, >= 1.0' in flag and len(flag) < 2_000


_HEADER = re.compile(r'terraform \{.*?\nprovider "aws" \{\n  region = "us-east-1"\n\}\n', re.S)


def _headed(folder, header: str, **files: str) -> list[str]:
    """W9601's counted-subnets fixture with its terraform and provider blocks written as `header`, and `files`
    beside it; the messages of its W9601."""
    text = (FIXTURES / "W9601" / "bad-flag-absent-counted-subnets" / "main.tf").read_text()
    assert _HEADER.search(text) is not None
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.tf").write_text(_HEADER.sub(lambda _: header, text, count=1))
    for name, body in files.items():
        (folder / name.replace("__", "/")).parent.mkdir(parents=True, exist_ok=True)
        (folder / name.replace("__", "/")).write_text(body)
    return [f.message for f in engine.lint([str(folder)]).findings if f.rule.id == "W9601"]


_LEGACY = 'provider "aws" {\n  region  = "us-east-1"\n  version = "~> 2.46"\n}\n'
_WEST = 'provider "aws" {\n  alias   = "west"\n  region  = "us-west-2"\n  version = "~> 2.46"\n}\n'


def test_a_legacy_provider_blocks_version_is_said_as_written(tmp_path):
    """A `provider "aws" { version = … }` was said to be what "its module's required_providers pins"."""
    [flag] = _headed(tmp_path, _LEGACY)
    assert (
        f'(the version argument of its module\'s provider "aws" block pins the AWS provider to "~> 2.46" '
        f"({tmp_path / 'main.tf'}:4), which has no vpc_config.ipv6_allowed_for_dual_stack: upgrade it to 5.23.0"
    ) in flag
    assert "required_providers" not in flag


@pytest.mark.parametrize("override, upgrade", [('provider "aws" {\n  version = ">= 5.23"\n}\n', True), ("", True)])
def test_an_override_of_a_provider_blocks_version_replaces_only_its_aliass(tmp_path, override, upgrade):
    """Terraform merges an override file's provider block into the block of the same alias only: the default
    block's version replaced, the `west` block's ~> 2.46 still pins the provider (no note was given)."""
    files = {"versions_override.tf": override} if override else {}
    [flag] = _headed(tmp_path, _LEGACY.replace('  version = "~> 2.46"\n', "") + _WEST, **files)
    assert ("upgrade it to 5.23.0" in flag) is upgrade
    assert f'provider "aws" block (alias "west") pins the AWS provider to "~> 2.46" ({tmp_path / "main.tf"}:' in flag


def test_an_override_of_the_default_provider_block_replaces_its_version(tmp_path):
    """(The same override, the only pinned block the default one: nothing pins it below 5.23 any more.)"""
    [flag] = _headed(tmp_path, _LEGACY, **{"versions_override.tf": 'provider "aws" {\n  version = ">= 5.23"\n}\n'})
    assert "upgrade it" not in flag


@pytest.mark.parametrize(
    "entry, upgrade",
    [
        ('awsx = { source = "hashicorp/aws", version = "~> 2.46" }', True),
        ('awsx = { source = "registry.terraform.io/hashicorp/aws", version = "~> 2.46" }', True),
        ('awsx = { source = "example/aws", version = "~> 2.46" }', False),
        ('aws = { source = "example/aws", version = "~> 2.46" }', False),  # (its aws_* resources are not AWS's)
    ],
)
def test_the_aws_provider_under_another_local_name_is_read(tmp_path, entry, upgrade):
    """required_providers { awsx = { source = "hashicorp/aws", version = "~> 2.46" } } pins the AWS provider the
    function uses (by its implied `aws`, hashicorp/aws too): only `aws` entries were read, whatever their source."""
    header = (
        f"terraform {{\n  required_providers {{\n    {entry}\n  }}\n}}\n"
        + 'provider "aws" {\n  region = "us-east-1"\n}\n'
    )
    [flag] = _headed(tmp_path, header)
    assert ("upgrade it to 5.23.0" in flag) is upgrade
    if upgrade:
        assert 'its module\'s required_providers pins the AWS provider (as awsx) to "~> 2.46"' in flag


_CHILD_CALL = 'module "app" {\n  source = "SOURCE"\n}\n'


def _in_a_child(tmp_path, source: str, child_header: str = "") -> list[str]:
    """The fixture's resources moved into a child module (at `source`), the root pinning the AWS provider."""
    text = (FIXTURES / "W9601" / "bad-flag-absent-counted-subnets" / "main.tf").read_text()
    child = tmp_path / "modules" / "app"
    child.mkdir(parents=True)
    (child / "main.tf").write_text(_HEADER.sub(lambda _: child_header, text, count=1))
    root = 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 2.46" }\n  }\n}\n'
    (tmp_path / "main.tf").write_text(root + _CHILD_CALL.replace("SOURCE", source))
    return [f.message for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "W9601"]


def test_a_root_modules_pin_bounds_a_local_child_modules_resources(tmp_path):
    """Terraform picks one AWS provider release for every module of a configuration: the root's ~> 2.46 leaves a
    local child's function without ipv6_allowed_for_dual_stack too (no note was given)."""
    [flag] = _in_a_child(tmp_path, "./modules/app")
    assert (
        f'(the root module\'s required_providers pins the AWS provider to "~> 2.46" ({tmp_path / "main.tf"}:3), which '
        "has no vpc_config.ipv6_allowed_for_dual_stack (Terraform picks one AWS provider release for all the modules "
        "of a configuration): upgrade it to 5.23.0 or later first)"
    ) in flag


def test_a_child_modules_own_pin_is_said_first(tmp_path):
    child = 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 4.0" }\n  }\n}\n'
    [flag] = _in_a_child(tmp_path, "./modules/app", child)
    assert 'its module\'s required_providers pins the AWS provider to "~> 4.0"' in flag
    assert "root module" not in flag


def test_a_local_childs_pin_bounds_the_root_modules_resources(tmp_path):
    """The other way round: a local child module's pin bounds the root's function."""
    (tmp_path / "modules" / "pins").mkdir(parents=True)
    (tmp_path / "modules" / "pins" / "versions.tf").write_text(
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 2.46" }\n  }\n}\n'
    )
    [flag] = _headed(tmp_path, 'module "pins" {\n  source = "./modules/pins"\n}\n')
    assert 'module.pins\'s required_providers pins the AWS provider to "~> 2.46"' in flag


def test_a_plans_provider_constraint_is_said_as_the_plan_records_it(tmp_path):
    """A plan's provider_config was said to be what "its module's required_providers pins"; it records every
    constraint of the module together, from required_providers or provider blocks."""
    doc = json.loads((FIXTURES / "W9601" / "bad-flag-false.tfplan.json").read_text())
    doc["configuration"]["provider_config"]["aws"]["version_constraint"] = "~> 2.46"
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    [flag] = [f.message for f in engine.lint([str(tmp_path / "plan.json")]).findings if f.rule.id == "W9601"]
    assert 'the plan records that its module constrains the AWS provider to "~> 2.46", which has no' in flag


def test_a_plans_root_constraint_bounds_a_local_child_modules_resources(tmp_path):
    """In a plan too: the root's provider_config constraint bounds the resources of a child module called from a
    local path (its own entry records none), not those of a registry module's."""
    doc = json.loads((FIXTURES / "W9601" / "bad-flag-false.tfplan.json").read_text())
    doc = _moved_to_child(doc, "./modules/app")
    doc["configuration"]["provider_config"]["aws"]["version_constraint"] = "~> 2.46"
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    [flag] = [f.message for f in engine.lint([str(tmp_path / "plan.json")]).findings if f.rule.id == "W9601"]
    assert 'the plan records that the root module constrains the AWS provider to "~> 2.46", which has no' in flag
    doc["configuration"]["root_module"]["module_calls"]["app"]["source"] = "example/app/aws"
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    [flag] = [f.message for f in engine.lint([str(tmp_path / "plan.json")]).findings if f.rule.id == "W9601"]
    assert "upgrade it" not in flag


def _moved_to_child(doc: dict, source: str) -> dict:
    """A plan's root resources moved into `module.app` (at `source`), its addresses and references renamed."""
    text = json.dumps(doc)
    planned = doc["planned_values"]["root_module"]
    for res in planned["resources"]:
        res["address"] = "module.app." + res["address"]
    planned["child_modules"] = [{"address": "module.app", "resources": planned.pop("resources")}]
    planned["resources"] = []
    for change in doc.get("resource_changes", []):
        change["address"] = "module.app." + change["address"]
        change["module_address"] = "module.app"
    config = doc["configuration"]["root_module"]
    for res in config.get("resources", []):
        res["provider_config_key"] = "module.app:aws"
    config["module_calls"] = {"app": {"source": source, "module": {"resources": config.pop("resources", [])}}}
    assert text
    return doc


@pytest.mark.parametrize("provider, upgrade", [("awsx", True), ("aws", False)])
def test_a_resources_provider_argument_decides_which_pins_bound_it(tmp_path, provider, upgrade):
    """A function whose `provider` names the local name of hashicorp/aws is bounded by its pin; one that uses an
    `aws` of another source is not."""
    header = (
        'terraform {\n  required_providers {\n    aws = { source = "example/aws" }\n'
        '    awsx = { source = "hashicorp/aws", version = "~> 2.46" }\n  }\n}\n'
    )
    text = (FIXTURES / "W9601" / "bad-flag-absent-counted-subnets" / "main.tf").read_text()
    assert text.count('resource "aws_lambda_function" "fn" {\n') == 1
    text = text.replace(
        'resource "aws_lambda_function" "fn" {\n', f'resource "aws_lambda_function" "fn" {{\n  provider = {provider}\n'
    )
    (tmp_path / "main.tf").write_text(_HEADER.sub(lambda _: header, text, count=1))
    [flag] = [f.message for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "W9601"]
    assert ("upgrade it to 5.23.0" in flag) is upgrade


def _counted_constraint_parts(monkeypatch) -> list[str]:
    """The parts of AWS provider constraints read from now on (each `_VERSION` match), the caches of earlier reads
    emptied (an earlier test may have read the same constraint)."""
    from lambda6lint.patterns import on_use

    pattern = on_use(provider._VERSION.pattern)
    read: list[str] = []

    class Counted:
        def match(self, text):
            read.append(text)
            return pattern.match(text)

    monkeypatch.setattr(provider, "_VERSION", Counted())
    provider._ceilings.cache_clear()
    provider._pins.cache_clear()
    return read


def test_a_modules_aws_provider_constraint_is_read_once_for_all_its_functions(tmp_path, monkeypatch):
    """Each function of a module carries its module's AWS provider pins: a constraint of 20,000 parts was parsed
    again for each of 2,000 functions (minutes). It is read once, whatever the number of functions."""
    read = _counted_constraint_parts(monkeypatch)
    parts = 40
    constraint = "< 5.10" + ", >= 1.0" * (parts - 1)
    functions = "".join(
        f'resource "aws_lambda_function" "f{i}" {{\n  function_name = "f{i}"\n  role = "r"\n'
        "  vpc_config {\n    subnet_ids = [aws_subnet.s.id]\n    security_group_ids = []\n  }\n}\n"
        for i in range(12)
    )
    pins = (
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "'
        + constraint
        + '" }\n  }\n}\n'
    )
    text = (
        pins + 'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n  assign_generated_ipv6_cidr_block = true\n}\n'
        'resource "aws_subnet" "s" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.0.0/24"\n'
        "  ipv6_cidr_block = cidrsubnet(aws_vpc.v.ipv6_cidr_block, 8, 1)\n}\n" + functions
    )
    result = engine.lint([module(tmp_path, {"main.tf": text})], engine.Options())
    flags = [f.message for f in result.findings if f.rule.id == "W9601"]
    assert len(flags) == 12 and all("upgrade it to 5.23.0" in m for m in flags), flags
    assert len(read) <= parts, len(read)


def _pinned_plan(modules: int, resources: int) -> dict:
    """A plan of `modules` local modules of `resources` resources each, each module pinning the AWS provider below a
    minor release of its own (some exclude 5.23.0, some 5.96.0, some neither)."""
    providers = {
        "aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "version_constraint": ">= 4"}
    }
    calls, planned = {}, []
    for m in range(modules):
        address = f"module.m{m}"
        providers[f"{address}:aws"] = {
            "name": "aws",
            "full_name": "registry.terraform.io/hashicorp/aws",
            "module_address": address,
            "version_constraint": f"~> 5.{(m * 37 + 50) % 120}.0",
        }
        config = [
            {"address": f"aws_s3_bucket.b{r}", "mode": "managed", "type": "aws_s3_bucket", "name": f"b{r}"}
            for r in range(resources)
        ]
        calls[f"m{m}"] = {"source": f"./modules/m{m}", "module": {"resources": config}}
        planned.append({"address": address, "resources": [{"address": f"{address}.{r['address']}"} for r in config]})
    return {
        "planned_values": {"root_module": {"resources": [], "child_modules": planned}},
        "configuration": {"provider_config": providers, "root_module": {"module_calls": calls}},
    }


def test_a_plans_resources_carry_one_text_of_the_pins_a_note_may_name(tmp_path):
    """Each resource of a plan carried its module's AWS provider pin and every other local module's, one text of its
    own: 1,000 pinned modules of 10 resources each made 1 GB of text (36 s). A module's resources share one text,
    which holds only the pins `upgrade_notes` may name: the note is the one the whole list gives."""
    from lambda6lint.loaders.terraform.plan import _Plan

    doc = _pinned_plan(40, 3)
    plan = _Plan(str(tmp_path / "plan.json"), doc)
    providers = doc["configuration"]["provider_config"]
    everyone = [
        provider.pin(providers[f"{other}:aws" if other else "aws"]["version_constraint"], "", "plan", whose=whose)
        for other in plan._local_modules()
        for whose in [f"{other}'s" if other else "the root module's"]
    ]
    kinds = ("aws_lambda_function", "aws_apigatewayv2_api")
    named = set()
    for m in range(40):
        address = f"module.m{m}"
        texts = [plan.aws_versions(f"{address}.aws_s3_bucket.b{r}") for r in range(3)]
        assert texts[0] is not None and all(text is texts[0] for text in texts)
        assert len(json.loads(texts[0])) <= 2, texts[0]
        own = provider.pin(providers[f"{address}:aws"]["version_constraint"], "", "plan")
        whole = json.dumps([own] + [p for p in everyone if p["whose"] != f"{address}'s"])
        for kind in kinds:
            note = provider.upgrade_notes({provider.AWS_VERSIONS: texts[0]}, kind, str)
            assert note == provider.upgrade_notes({provider.AWS_VERSIONS: whole}, kind, str)
            named.update(note.values())
    assert any("module.m" in note for note in named) and any("its module" in note for note in named), named


def test_a_modules_resources_carry_only_the_pins_a_note_may_name(tmp_path, monkeypatch):
    """(The same in a configuration's files: the root's function carried the pins of each of its local modules.)"""
    read = []
    pins = provider._pins
    monkeypatch.setattr(provider, "_pins", lambda text: read.append(json.loads(text)) or pins(text))
    calls, files = "", {}
    for m in range(12):
        calls += f'module "m{m}" {{\n  source = "./modules/m{m}"\n}}\n'
        files[f"modules__m{m}__versions.tf"] = (
            'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = '
            f'"~> 5.{(m * 37 + 50) % 120}.0" }}\n  }}\n}}\n'
        )
    header = 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = ">= 4" }\n  }\n}\n'
    [flag] = _headed(tmp_path, header + calls, **files)
    assert read and all(len(found) <= 2 for found in read), read
    assert (
        'module.m2\'s required_providers pins the AWS provider to "~> 5.4.0" '
        f"({tmp_path / 'modules' / 'm2' / 'versions.tf'}:3), which has no vpc_config.ipv6_allowed_for_dual_stack"
    ) in flag


def test_a_modules_aliased_provider_blocks_are_read_once_for_all_its_functions(tmp_path, monkeypatch):
    """2,000 aliased `provider "aws" { alias = "aN"  version = … }` blocks beside 200 functions took 30 s: each
    function carried every alias's pin, each read again for each function's note. What a note may name is kept,
    each distinct constraint read once whatever the number of aliases and functions; the note names the same block."""
    read = _counted_constraint_parts(monkeypatch)
    aliases = 150
    blocks = (
        "".join(f'provider "aws" {{\n  alias   = "a{i}"\n  version = "~> 5.{i % 100}"\n}}\n' for i in range(aliases))
        + 'provider "aws" {\n  alias   = "old"\n  version = "~> 4.0"\n}\n'
    )
    text = (FIXTURES / "W9601" / "bad-flag-absent-counted-subnets" / "main.tf").read_text()
    functions = "".join(
        text[text.index('resource "aws_lambda_function" "fn" {') :]
        .split("\n}\n", 1)[0]
        .replace('"fn"', f'"fn{i}"')
        .replace('"orders-fn"', f'"orders-fn{i}"')
        + "\n}\n"
        for i in range(20)
    )
    flags = _headed(tmp_path, _LEGACY.replace('  version = "~> 2.46"\n', "") + blocks + functions)
    assert len(flags) == 21 and all(
        'provider "aws" block (alias "old") pins the AWS provider to "~> 4.0"' in flag for flag in flags
    ), flags
    distinct = 100 + 1  # (each read once as its module's pins, once as the configuration's: not per alias or function)
    assert len(read) <= 2 * distinct, len(read)


_WRONG = [[1, 2], 7, None, {"a": {"b": 1}}, True, "x" * 100_000]


@pytest.mark.parametrize("field", ["full_name", "version_constraint", "module_address", "name"])
@pytest.mark.parametrize("value", _WRONG, ids=["list", "number", "null", "dict", "bool", "long"])
def test_a_plans_provider_config_of_wrong_types_gives_no_false_note(tmp_path, field, value):
    """A plan whose root provider_config entry pinned to ~> 2.46 has a field of a wrong type: no internal error, and
    a note only where the entry still says it is hashicorp/aws (a `full_name` of null was read as none written,
    taking the provider for hashicorp/aws by its local name)."""
    doc = json.loads((FIXTURES / "W9601" / "bad-flag-false.tfplan.json").read_text())
    entry = doc["configuration"]["provider_config"]["aws"]
    entry["version_constraint"] = "~> 2.46"
    entry[field] = value
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    found = engine.lint([str(tmp_path / "plan.json")]).findings
    assert not [f for f in found if f.rule.id == "E9600"]
    [flag] = [f.message for f in found if f.rule.id == "W9601"]
    # (a module_address of no text: the key, `aws`, says whose it is, the root's; one of other text names another
    # module; a name of text: full_name says it is hashicorp/aws; of no text: whether the function uses it is unknown)
    said = (field == "module_address" and not isinstance(value, str)) or (field == "name" and isinstance(value, str))
    assert ("upgrade it to 5.23.0" in flag) is said, flag


@pytest.mark.parametrize("value", _WRONG, ids=["list", "number", "null", "dict", "bool", "long"])
def test_a_plans_module_calls_of_wrong_types_give_no_internal_error(tmp_path, value):
    """module_calls, a call's module and source, of wrong types, beside a local child's provider_config entry."""
    doc = json.loads((FIXTURES / "W9601" / "bad-flag-false.tfplan.json").read_text())
    providers = doc["configuration"]["provider_config"]
    providers["module.x:aws"] = {"name": "aws", "module_address": "module.x", "version_constraint": "~> 2.46"}
    for calls in (value, {"x": {"source": value, "module": {}}}, {"x": {"source": "./x", "module": value}}):
        doc["configuration"]["root_module"]["module_calls"] = calls
        (tmp_path / "plan.json").write_text(json.dumps(doc))
        found = engine.lint([str(tmp_path / "plan.json")]).findings
        assert not [f for f in found if f.rule.id == "E9600"]
        [flag] = [f.message for f in found if f.rule.id == "W9601"]
        local = isinstance(calls.get("x") if isinstance(calls, dict) else None, dict) and calls["x"]["source"] == "./x"
        assert ("upgrade it to 5.23.0" in flag) is local, flag


def test_no_pin_from_outside_the_linted_tree_reaches_a_note(tmp_path):
    """A local module source that leaves the linted tree (`../../outside`, a folder linked to it, a file linked to
    one of its files): what it pins is not read, so neither its constraint nor where it is reaches a finding."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "versions.tf").write_text(
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 2.46" }\n  }\n}\n'
    )
    root = tmp_path / "tree" / "root"
    (root / "c").mkdir(parents=True)
    (root / "l").symlink_to(outside, target_is_directory=True)
    (root / "c" / "versions.tf").symlink_to(outside / "versions.tf")
    calls = "".join(
        f'module "{n}" {{\n  source = "{s}"\n}}\n' for n, s in [("o", "../../outside"), ("l", "./l"), ("c", "./c")]
    )
    [flag] = _headed(root, 'provider "aws" {\n  region = "us-east-1"\n}\n' + calls)
    assert "2.46" not in flag and "outside" not in flag and "upgrade it" not in flag, flag
    for args in ([str(root)], ["--explain", str(root)], ["--format", "json", str(root)]):
        out = subprocess.run([sys.executable, "-m", "lambda6lint", *args], capture_output=True, text=True).stdout
        assert "2.46" not in out and "internal error" not in out, out


def test_cyclic_local_modules_on_the_pins_path_are_bounded(tmp_path):
    """`./a` calls `../b`, which calls `../a`; a module calls itself (`./`); each pinned: said as recursion, no
    internal error."""
    pin = 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 2.46" }\n  }\n}\n'
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "main.tf").write_text(pin + 'module "b" {\n  source = "../b"\n}\n')
    (tmp_path / "b" / "main.tf").write_text(pin + 'module "a" {\n  source = "../a"\n}\n')
    calls = 'module "a" {\n  source = "./a"\n}\nmodule "self" {\n  source = "./"\n}\n'
    _headed(tmp_path, pin + calls)
    errors = [f.message for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "E9600"]
    assert errors and all("module recursion" in e for e in errors if "module" in e), errors
    assert not any("internal error" in e for e in errors), errors


@pytest.mark.parametrize("value", ["aws", *_WRONG], ids=["aws", "list", "number", "null", "dict", "bool", "long"])
def test_a_local_modules_provider_config_entry_of_a_name_of_no_text_pins_nothing(tmp_path, value):
    """A local child's provider_config entry pinned to ~> 2.46 whose `name` is not text: which provider it is cannot
    be told, as the child's resources read it (`_uses_aws`: not known to be AWS), so its constraint bounds nothing.
    It was indexed as hashicorp/aws by the local name in its key (`module.x:aws`), and the root's function was told
    to upgrade past a pin the plan does not say is AWS's."""
    doc = json.loads((FIXTURES / "W9601" / "bad-flag-false.tfplan.json").read_text())
    providers = doc["configuration"]["provider_config"]
    providers["module.x:aws"] = {"name": value, "module_address": "module.x", "version_constraint": "~> 2.46"}
    doc["configuration"]["root_module"]["module_calls"] = {"x": {"source": "./x", "module": {}}}
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    [flag] = [f.message for f in engine.lint([str(tmp_path / "plan.json")]).findings if f.rule.id == "W9601"]
    assert ("upgrade it to 5.23.0" in flag) is (value == "aws"), flag


_TWO_SUBNETS = '["10.10.1.0/24", "10.10.2.0/24"]'
_SUBNETS_BY_KEY = '{ a = ["10.10.1.0/24", "10.10.2.0/24"], b = ["10.20.1.0/24", "10.20.2.0/24"] }'
_BY_COUNT = '[cidrsubnet("10.0.0.0/8", 16, count.index * 2), cidrsubnet("10.0.0.0/8", 16, count.index * 2 + 1)]'
_CALL = "module `vpc` at main.tf:1"


@pytest.mark.parametrize(
    ("keyed", "cidr", "subnets", "said", "differ"),
    [
        ('  for_each = toset(["a", "b"])\n', '"10.10.0.0/16"', _TWO_SUBNETS, _CALL, False),
        (f"  for_each = {_SUBNETS_BY_KEY}\n", '"10.10.0.0/16"', "each.value", _CALL, True),
        ("  count = 2\n", '"10.0.0.0/8"', _BY_COUNT, _CALL, True),
        # (the VPC's cidr, a name: no value of the fix is worked out from them, every instance is told the same)
        ('  for_each = { a = "10.10.0.0/16", b = "10.20.0.0/16" }\n', "each.value", _TWO_SUBNETS, _CALL, False),
        ('  count = 2\n  name = "vpc-${count.index}"\n', '"10.10.0.0/16"', _TWO_SUBNETS, _CALL, False),
        ("", '"10.10.0.0/16"', _TWO_SUBNETS, "module.vpc", False),
    ],
)
def test_fixes_of_a_registry_vpc_of_count_or_for_each_name_its_call(tmp_path, keyed, cidr, subnets, said, differ):
    """A terraform-aws-modules/vpc call with `for_each` or `count` has its inputs set on its block, for every
    instance: a fix names that call (where it is written), not the instance whose resource is found, and says
    where the instances differ (an input its values are worked out from reading each.value or count.index) whose
    values it gave; not where only another input does."""
    instance = '["a"]' if "for_each" in keyed else "[0]" if keyed else ""
    main = (
        f'module "vpc" {{\n  source = "terraform-aws-modules/vpc/aws"\n{keyed}  cidr = {cidr}\n'
        f'  azs = ["a", "b"]\n  private_subnets = {subnets}\n'
        '  public_subnets = ["10.10.101.0/24"]\n  enable_nat_gateway = true\n  single_nat_gateway = true\n}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "arn:aws:iam::1:role/x"\n'
        f"  vpc_config {{\n    subnet_ids = module.vpc{instance}.private_subnets\n    security_group_ids = []\n"
        "  }\n}\n"
    )
    folder = module(tmp_path, {"main.tf": main})
    (found,) = [f for f in engine.lint([folder]).findings if f.rule.id == "I9651"]
    assert f"add enable_ipv6 = true on {said}, in the same change as" in found.message
    assert f"(enable_nat_gateway = false on {said})" in found.message
    if keyed:  # (the instance's resources are named as they are, `module.vpc["a"].aws_…`)
        assert f"module.vpc{instance} " not in found.message.replace(f"module.vpc{instance}.aws_", "")
    if differ:
        note = "the call sets them for all its instances, which differ (private_subnets reads "
        assert note + ("each.value" if "for_each" in keyed else "count.index") + "): the values here are " in (
            found.message
        )
    else:
        assert "which differ" not in found.message


def test_var_files_beside_a_root_are_read_up_to_a_budget(tmp_path, monkeypatch):
    """The var files beside a root module that Terraform reads only when named (which only add a note to a fix) were
    all read and parsed: 200 of 1 MB took a run more than ten minutes (6.5 s each). Now up to MAX_UNREAD_BYTES in
    all, by name; a FIFO, or a symlink out of the tree, named so is not read."""
    from lambda6lint.loaders.terraform import modules

    padding = "".join(f'v{i} = "{"x" * 40}"\n' for i in range(1000))  # (about 48 KB)
    for i in range(60):
        (tmp_path / f"a{i:02}.tfvars").write_text("flag = true\n" + padding)
    outside = tmp_path.parent / "outside.tfvars"
    outside.write_text("flag = true\n")
    (tmp_path / "b-link.tfvars").symlink_to(outside)
    os.mkfifo(tmp_path / "b-pipe.tfvars")
    read = []
    variables = modules._variables
    monkeypatch.setattr(modules, "_variables", lambda path: read.append(path) or variables(path))
    unread: dict[str, list[str]] = {}
    modules._unread_var_files(str(tmp_path), str(tmp_path), set(), unread)
    assert sum(os.path.getsize(p) for p in read) <= 1024 * 1024  # (MAX_UNREAD_BYTES)
    assert unread["flag"] == read and read[0] == str(tmp_path / "a00.tfvars")
    assert str(outside) not in read and not [p for p in read if "b-" in p]


def test_a_call_reading_names_no_instance_has_is_not_quoted_by_its_fixes(tmp_path):
    """`cidr = each.vxxx…` (5,000 characters) and 300 inputs each reading another `each.wN` were each quoted in the
    fix's "which differ (… read each.vxxx… and each.w0 and …)": a message of 20,000 characters (here the module's
    35 tag inputs). An instance has only each.key, each.value and count.index (Terraform refuses any other): only
    those are said."""
    from lambda6lint.loaders.terraform.module_inputs import INPUTS

    # (inputs the module has: one it has not would leave the call unmodelled)
    tags = sorted(name for name in INPUTS["terraform-aws-modules/vpc/aws"] if name.endswith("_tags"))
    extra = "".join(f"  {name} = each.w{i}\n" for i, name in enumerate(tags))
    aaaa = "private_subnet_enable_resource_name_dns_aaaa_record_on_launch"  # (an input the fix's values bear on)
    main = (
        'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  for_each = { a = "10.10.0.0/16" }\n'
        f'  {aaaa} = each.v{"x" * 5000}\n{extra}  private_subnet_enable_dns64 = each.key != "a"\n'
        '  azs = ["a", "b"]\n  private_subnets = ["10.10.1.0/24", "10.10.2.0/24"]\n'
        '  public_subnets = ["10.10.101.0/24"]\n  enable_nat_gateway = true\n  single_nat_gateway = true\n}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "arn:aws:iam::1:role/x"\n'
        '  vpc_config {\n    subnet_ids = module.vpc["a"].private_subnets\n    security_group_ids = []\n  }\n}\n'
    )
    folder = module(tmp_path, {"main.tf": main})
    (found,) = [f for f in engine.lint([folder]).findings if f.rule.id == "I9651"]
    said = 'which differ (private_subnet_enable_dns64 reads each.key): the values here are module.vpc["a"]\'s'
    assert said in found.message
    assert "each.w" not in found.message and "xxxx" not in found.message and len(found.message) < 3000


_OUTER_CALLS_VPC = """variable "subnets" {
  type = list(string)
}

variable "label" {
  type = string
}

module "vpc" {
  source             = "terraform-aws-modules/vpc/aws"
  name               = var.label
  cidr               = "10.0.0.0/8"
  azs                = ["a", "b"]
  private_subnets    = var.subnets
  public_subnets     = ["10.30.101.0/24"]
  enable_nat_gateway = true
  single_nat_gateway = true
}

resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::1:role/x"
  vpc_config {
    subnet_ids         = module.vpc.private_subnets
    security_group_ids = []
  }
}
"""


@pytest.mark.parametrize(
    ("subnets", "noted"),
    [
        ('{ a = ["10.10.1.0/24", "10.10.2.0/24"], b = ["10.20.1.0/24", "10.20.2.0/24"] }', True),
        ("", False),  # (only the name, var.label, reads the outer call's each.key)
    ],
)
def test_fixes_of_a_registry_vpc_within_a_module_of_for_each_name_its_call(tmp_path, subnets, noted):
    """A terraform-aws-modules/vpc call inside a module that is itself called with for_each has its inputs set on
    its block, for every instance of the outer call: a fix names that call (module `vpc` at outer/main.tf:9), not
    module.outer["a"].module.vpc, and says the instances differ where an input its values bear on reads the outer
    call's each.value through a variable (private_subnets = var.subnets); a name read through one does not."""
    outer = '  for_each = {"a" = "x", "b" = "y"}\n  label = each.key\n  subnets = ["10.10.1.0/24", "10.10.2.0/24"]\n'
    if noted:
        outer = f"  for_each = {subnets}\n  label = each.key\n  subnets = each.value\n"
    main = f'module "outer" {{\n  source = "./outer"\n{outer}}}\n'
    folder = module(tmp_path, {"main.tf": main, "outer/main.tf": _OUTER_CALLS_VPC})
    found = [f for f in engine.lint([folder]).findings if f.rule.id == "I9605"]
    assert len(found) == 2
    for f in found:
        assert "enable_ipv6 = true on module `vpc` at outer/main.tf:9, in the same change as" in f.message
        assert ".module.vpc " not in f.message and ".module.vpc," not in f.message
        which = 'module.outer["a"]' if 'module.outer["a"].aws_lambda_function' in f.message else 'module.outer["b"]'
        note = f"which differ (private_subnets reads each.value passed in as var.subnets): the values here are {which}"
        assert (note in f.message) is noted, f.message
        assert ("which differ" in f.message) is noted, f.message


def test_a_registry_vpc_fix_says_what_the_inputs_it_names_read_and_no_more(tmp_path):
    """Inputs each read through its own variable (private_subnets = var.s1 … intra_subnets = var.s6, each given
    each.value): the note says what two of them read and counts the rest, not every chain of variables (some 30
    inputs bear on the fix, each chain ~50 characters a step). It named three, then said their reads joined by
    "and", which read as one chain ("… passed in as var.s3 and each.value passed in as var.s5 and …")."""
    groups = ("private", "public", "database", "redshift", "elasticache", "intra")
    variables = "".join(f'variable "s{i}" {{\n  type = list(string)\n}}\n' for i in range(1, 7))
    inputs = "".join(f"  {g}_subnets = var.s{i}\n" for i, g in enumerate(groups, 1))
    inner = (
        f'{variables}module "vpc" {{\n  source = "terraform-aws-modules/vpc/aws"\n  name = "v"\n'
        f'  cidr = "10.0.0.0/8"\n  azs = ["a", "b"]\n{inputs}  enable_nat_gateway = true\n'
        '  single_nat_gateway = true\n}\n\nresource "aws_lambda_function" "f" {\n  function_name = "f"\n'
        '  role = "arn:aws:iam::1:role/x"\n  vpc_config {\n    subnet_ids = module.vpc.private_subnets\n'
        "    security_group_ids = []\n  }\n}\n"
    )
    given = "".join(f"  s{i} = each.value\n" for i in range(1, 7))
    main = f'module "outer" {{\n  source = "./outer"\n  for_each = {{ a = ["10.10.1.0/24"] }}\n{given}}}\n'
    folder = module(tmp_path, {"main.tf": main, "outer/main.tf": inner})
    (found,) = [f for f in engine.lint([folder]).findings if f.rule.id == "I9605"]
    said = (
        "which differ (database_subnets reads each.value passed in as var.s3; elasticache_subnets reads each.value "
        "passed in as var.s5; 4 more inputs read each.value, passed in as other variables): the values here are"
    )
    assert said in found.message, found.message
    assert "var.s1" not in found.message and "var.s2" not in found.message, found.message
    assert (os.path.relpath(found.location.path, tmp_path), found.location.line) == ("outer/main.tf", 37)


@pytest.mark.parametrize(
    ("read", "said"),
    [
        (("each.key",), "each.key"),
        (("each.value", "var.a"), "each.value passed in as var.a"),
        (("each.value", "var.a", "var.b"), "each.value passed in as var.a, then var.b"),
        (("count.index", "var.a", "var.b", "var.c"), "count.index passed in as var.a, then var.b, then var.c"),
        (
            ("each.value", *[f"var.v{i}" for i in range(16)]),
            "each.value passed in as var.v0, then 14 more variables, then var.v15",
        ),
    ],
)
def test_what_an_input_reads_of_its_calls_instance_through_variables_reads_naturally(read, said):
    """A registry VPC call's note that its instances differ said a read passed down through modules innermost last,
    "each.value through var.a through var.b", one clause a level (16 at most); it says where it is passed in, then
    each variable it goes on as, and past three the first, how many between, and the last."""
    from lambda6lint.loaders.terraform.values import said_read

    assert said_read(read) == said


@pytest.mark.parametrize(
    ("reads", "said"),
    [
        ({"azs": ("each.key",)}, "azs reads each.key"),
        ({"cidr": ("each.value",), "azs": ("each.value",)}, "azs and cidr read each.value"),
        (
            {"azs": ("each.key",), "cidr": ("each.value", "var.a", "var.b")},
            "azs reads each.key; cidr reads each.value passed in as var.a, then var.b",
        ),
        ({f"s{i}": ("each.value",) for i in range(3)}, "s0, s1 and s2 read each.value"),
        ({f"s{i}": ("each.value",) for i in range(30)}, "s0, s1 and 28 more read each.value"),
        (
            {"a": ("each.key",), "b": ("each.key",), "c": ("each.value",), "d": ("count.index",)},
            "a and b read each.key; c reads each.value; 1 more input reads count.index",
        ),
        (
            {f"s{i}": ("each.value", f"var.v{i}") for i in range(30)},
            "s0 reads each.value passed in as var.v0; s1 reads each.value passed in as var.v1; 28 more inputs read "
            "each.value, passed in as other variables",
        ),
        (
            {"a": ("each.key",), "b": ("each.value",), "c": ("count.index",), "d": ("each.value", "var.d")},
            "a reads each.key; b reads each.value; 2 more inputs read count.index or each.value, some passed in as "
            "variables",
        ),
    ],
)
def test_what_several_inputs_read_of_their_calls_instance_reads_naturally_and_briefly(reads, said):
    """A registry VPC call's note that its instances differ said the inputs, then what each read joined by "and"
    ("(azs, cidr read each.key and each.value passed in as var.a, then var.b)"), which read as one chain and did not
    say which input read what. The inputs reading alike are said together, each read is its own clause, and past
    two reads, or three inputs of one, the rest are counted."""
    from lambda6lint.loaders.terraform.values import said_reads

    assert said_reads(reads) == said


#: W9650's root calling a VPC module in terraform-aws-vpc's shape, its NAT gateways as many as var.nat_count (no
#: value), each private route to `element(aws_nat_gateway.this[*].id, count.index)`.
NAT_ONE_OF_MODULE = FIXTURES / "W9650" / "bad-nat-gateways-of-an-unknown-count-behind-element-routes"


@pytest.mark.parametrize(
    "nat_count",
    ["length(var.azs)", "3", "var.single_nat_gateway ? 1 : length(var.azs)"],
)
def test_a_route_to_element_of_a_block_of_nat_gateways_of_a_known_count_names_one(tmp_path, nat_count):
    """terraform-aws-vpc's private routes, `nat_gateway_id = element(aws_nat_gateway.this[*].id, count.index)`, the
    NAT gateways counted otherwise than the routes: where their count is known (as the routes' is), the code reads
    each route's NAT gateway (element() wraps round), and the NAT gateways those routes reach serve only the
    function: W9650, nothing undecided about them (a third NAT gateway no route reaches serves nothing)."""
    vpc = (NAT_ONE_OF_MODULE / "modules" / "vpc" / "main.tf").read_text().replace("var.nat_count", nat_count)
    main = (NAT_ONE_OF_MODULE / "main.tf").read_text().replace("  nat_count          = var.nat_count\n", "")
    vpc = vpc.replace('variable "nat_count" {\n  type = number\n}\n', "")
    result = engine.lint([module(tmp_path, {"main.tf": main, "modules/vpc/main.tf": vpc})])
    assert [f.resource for f in result.findings if f.rule.id == "W9650"] == ["module.vpc.aws_nat_gateway.this[0]"]
    assert not [u for u in result.undecided if u.subject.id.startswith("module.vpc.aws_nat_gateway")]


#: The NAT gateways' Elastic IPs and the private routes' targets, as NAT_ONE_OF_MODULE writes them.
_NAT_EIP = "element(aws_eip.nat[*].id, count.index)"
_NAT_TARGET = "element(aws_nat_gateway.this[*].id, count.index)"


#: The routes to the NAT gateways of NAT_ONE_OF_MODULE's module, counted otherwise: W9650 and I9651 name them with
#: the NAT gateways (element() of an empty list fails the plan), as the plan's removal step does.
_VPC_ROUTES = "module.vpc.aws_route.private_nat_gateway[0], module.vpc.aws_route.private_nat_gateway[1]"
_ROUTES_TOO = f") and their 0.0.0.0/0 routes ({_VPC_ROUTES}) saves"
_BLOCK_ROUTES_TOO = (
    f"removing them, their Elastic IPs module.vpc.aws_eip.nat[*] and their 0.0.0.0/0 routes ({_VPC_ROUTES}) saves"
)


@pytest.mark.parametrize(
    ("target", "eip"),
    [
        (_NAT_TARGET, _NAT_EIP),
        ("element(aws_nat_gateway.this[*].id, var.single_nat_gateway ? 0 : count.index)", _NAT_EIP),
        ("element(aws_nat_gateway.this.*.id, 1)", _NAT_EIP),
        ("aws_nat_gateway.this[count.index].id", "aws_eip.nat[count.index].id"),
        ("aws_nat_gateway.this.*.id[count.index]", "aws_eip.nat.*.id[count.index]"),
    ],
)
def test_a_route_to_one_of_a_block_of_nat_gateways_of_an_unknown_count_goes_to_their_representative(
    tmp_path, target, eip
):
    """The same NAT gateways as many as var.nat_count (no value), each private route to one of them whatever the index
    (element() wraps round; an index none has, or an empty block, fails the plan) and each one's Elastic IP one of
    `aws_eip.nat`'s: whichever route goes to whichever, each of them serves only the function's subnets, so their
    representative does: W9650 on `aws_nat_gateway.this[*]`, where each route "refers to `aws_nat_gateway.this`, whose
    `count` comes from variable `nat_count`" (undecided). The saving is not estimated: how many there are is not
    known (it was said as one NAT gateway's, $36.50/month, nowhere, as nothing decided one)."""
    vpc = (NAT_ONE_OF_MODULE / "modules" / "vpc" / "main.tf").read_text()
    assert _NAT_TARGET in vpc and _NAT_EIP in vpc
    vpc = vpc.replace(_NAT_TARGET, target).replace(_NAT_EIP, eip)
    main = (NAT_ONE_OF_MODULE / "main.tf").read_text()
    result = engine.lint([module(tmp_path, {"main.tf": main, "modules/vpc/main.tf": vpc})], engine.Options(plan=True))
    [finding] = [f for f in result.findings if f.rule.id == "W9650"]
    assert finding.resource == "module.vpc.aws_nat_gateway.this[*]"
    assert (
        "removing them (make their count `var.nat_count` 0: set `nat_count = 0` where Terraform gets its value (a "
        ".tfvars file, -var nat_count=0 or TF_VAR_nat_count); or remove their resource block) and their 0.0.0.0/0 "
        f"routes ({_VPC_ROUTES}) saves an amount not estimated (how many: its count comes from variable "
        "`nat_count`, which has no value (pass --var nat_count=… "
        "or a .tfvars file)) plus $0.045/GB processed" in finding.message
    ), finding.message
    assert not [u for u in result.undecided if u.subject.id.startswith("module.vpc.aws_nat_gateway")]
    from lambda6lint.report.plan_text import at_stake

    assert at_stake(result.plan) == (
        "NAT gateways that could go: 1 (not in the estimate: 1 that stands for a number of them that cannot be known)"
    )


NAT_COUNT_ZERO = (
    "set `nat_count = 0` where Terraform gets its value (a .tfvars file, -var nat_count=0 or TF_VAR_nat_count)"
)
_ZERO = "make their count `{count}` 0: {how}; or remove their resource block"
_BLOCK = "remove the block: it stands for each of them"
_ALL = "remove the block: every instance of it goes"


@pytest.mark.parametrize(
    ("change", "removing", "nat", "eip"),
    [
        (  # (the fixture: one variable passed down from the root, where it has no value)
            lambda vpc, main: (vpc, main),
            "removing them (" + _ZERO.format(count="var.nat_count", how=NAT_COUNT_ZERO) + _ROUTES_TOO,
            _ZERO.format(count="var.nat_count", how=NAT_COUNT_ZERO),
            "goes with module.vpc.aws_nat_gateway.this[*]: its count is the same, `var.nat_count`",
        ),
        (  # (the call's input, of a value only Terraform knows: changed on that call)
            lambda vpc, main: (
                vpc,
                main.replace(
                    "nat_count          = var.nat_count",
                    "nat_count          = length(data.aws_availability_zones.up.names)",
                )
                + 'data "aws_availability_zones" "up" {}\n',
            ),
            "removing them ("
            + _ZERO.format(count="var.nat_count", how=("set input `nat_count` = 0 on module `vpc` at main.tf:15"))
            + _ROUTES_TOO,
            _ZERO.format(count="var.nat_count", how="set input `nat_count` = 0 on module `vpc` at main.tf:15"),
            "goes with module.vpc.aws_nat_gateway.this[*]: its count is the same, `var.nat_count`",
        ),
        (  # (a local of the module's own: made 0 where it is written)
            lambda vpc, main: (
                vpc.replace("count  = var.nat_count", "count  = local.nats").replace(
                    "count         = var.nat_count", "count         = local.nats"
                )
                + "locals {\n  nats = var.nat_count + 0\n}\n",
                main,
            ),
            "removing them ("
            + _ZERO.format(count="local.nats", how="make local `nats` 0 in modules/vpc/main.tf")
            + _ROUTES_TOO,
            _ZERO.format(count="local.nats", how="make local `nats` 0 in modules/vpc/main.tf"),
            "goes with module.vpc.aws_nat_gateway.this[*]: its count is the same, `local.nats`",
        ),
        (  # (a count that is no one value: the block itself)
            lambda vpc, main: (vpc.replace("= var.nat_count\n", "= var.nat_count + 0\n"), main),
            _BLOCK_ROUTES_TOO,
            _BLOCK,
            _BLOCK,
        ),
        (  # (the variable counts something else too, which must stay: not the way they go)
            lambda vpc, main: (vpc + 'resource "aws_cloudwatch_log_group" "nat" {\n  count = var.nat_count\n}\n', main),
            _BLOCK_ROUTES_TOO,
            _BLOCK,
            _BLOCK,
        ),
    ],
    ids=["root-variable-without-value", "call-input", "local", "count-of-more", "variable-counts-more"],
)
def test_nat_gateways_of_an_unknown_count_go_by_their_count_made_0_or_their_block_removed(
    tmp_path, change, removing, nat, eip
):
    """The representative of NAT gateways of a count that cannot be known stands for each of them: W9650 says
    "them", and the way they go in Terraform's words is their count made 0 where its one variable or local is set
    (its Elastic IPs', counted alike, going with it), or their block removed, never "remove it" of one NAT gateway;
    where the count is no one value, or that value counts what must stay, the block is removed. The routes to them,
    counted otherwise, go too (element() of an empty list fails the plan): their block, as every instance goes."""
    vpc, main = change(
        (NAT_ONE_OF_MODULE / "modules" / "vpc" / "main.tf").read_text(), (NAT_ONE_OF_MODULE / "main.tf").read_text()
    )
    result = engine.lint([module(tmp_path, {"main.tf": main, "modules/vpc/main.tf": vpc})], engine.Options(plan=True))
    [finding] = [f for f in result.findings if f.rule.id == "W9650"]
    assert finding.message.startswith(
        "NAT gateways module.vpc.aws_nat_gateway.this[*] (each of a count that cannot be known) serve only Lambda "
        "functions (aws_lambda_function.fn)"
    ), finding.message
    assert removing in finding.message, finding.message
    [entry] = result.plan.replaceable
    [step] = [s for s in entry.steps if s.step == "remove-nat"]
    assert step.text.startswith("remove the NAT gateways, their Elastic IPs and the 0.0.0.0/0 routes to them ")
    assert [(c.resource.id, c.what) for c in step.changes] == [
        ("module.vpc.aws_nat_gateway.this[*]", nat),
        ("module.vpc.aws_eip.nat[*]", eip),
        ("module.vpc.aws_route.private_nat_gateway[0]", _ALL),
        ("module.vpc.aws_route.private_nat_gateway[1]", _ALL),
    ]


def _nat_zones(route: str) -> dict[str, str]:
    """NAT_ONE_OF_MODULE with NAT gateways and Elastic IPs of `for_each = var.nat_zones` (no value in the run), each
    table's route to `route`."""
    vpc = (NAT_ONE_OF_MODULE / "modules" / "vpc" / "main.tf").read_text()
    main = (NAT_ONE_OF_MODULE / "main.tf").read_text()
    declared = ('variable "nat_count" {\n  type = number', 'variable "nat_zones" {\n  type = set(string)')
    vpc = (
        vpc.replace(*declared)
        .replace("count  = var.nat_count", "for_each = var.nat_zones")
        .replace(
            "count         = var.nat_count\n  allocation_id = element(aws_eip.nat[*].id, count.index)",
            "for_each      = var.nat_zones\n  allocation_id = aws_eip.nat[each.key].id",
        )
        .replace("element(aws_nat_gateway.this[*].id, count.index)", route)
    )
    main = main.replace(*declared).replace("nat_count          = var.nat_count", "nat_zones          = var.nat_zones")
    return {"main.tf": main, "modules/vpc/main.tf": vpc}


@pytest.mark.parametrize(
    "route",
    ["aws_nat_gateway.this[var.azs[count.index]].id", "element(values(aws_nat_gateway.this)[*].id, count.index)"],
)
def test_nat_gateways_of_a_for_each_of_unknown_keys_are_not_decided(tmp_path, route):
    """NAT gateways of a `for_each` whose keys cannot be known, behind each table's route to one of them by a key or
    by element() of their values, are not decided (no W9650, no plan entry, so no "remove the block: it stands for
    each of them"): the route's target is not read as their representative, as a count's is. --explain says so of
    each route and names the variable that decides it; given it (--var nat_zones), W9650 is decided."""
    files = _nat_zones(route)
    result = engine.lint([module(tmp_path / "a", files)], engine.Options(plan=True))
    assert not [f for f in result.findings if f.rule.id in ("W9650", "I9651")]
    assert not result.plan.replaceable
    why = (
        "sends 0.0.0.0/0 to it refers to `aws_nat_gateway.this`, whose `for_each` comes from variable `nat_zones`, "
        "which has no value (pass --var nat_zones=… or a .tfvars file)"
    )
    assert [(u.subject.id, u.text) for u in result.undecided if "nat" in u.subject.id] == [
        ("module.vpc.aws_nat_gateway.this[*]", f"whether route module.vpc.aws_route.private_nat_gateway[{i}] {why}")
        for i in (0, 1)
    ]
    given = engine.lint(
        [module(tmp_path / "b", files)],
        engine.Options(plan=True, tf_vars={"nat_zones": '["us-east-1a", "us-east-1b"]'}),
    )
    [finding] = [f for f in given.findings if f.rule.id == "W9650"]
    assert finding.message.startswith('2 like NAT gateways (module.vpc.aws_nat_gateway.this["us-east-1a"], ')


@pytest.mark.parametrize(
    ("calls", "said"),
    [
        (
            'module "vpc" {\n  source = "./modules/vpc"\n}\n',
            "remove the block: every instance of it goes",
        ),
        (
            'module "vpc" {\n  source = "./modules/vpc"\n}\nmodule "other" {\n  source = "./modules/vpc"\n}\n',
            "remove it",
        ),
        ('module "vpc" {\n  count  = 1\n  source = "./modules/vpc"\n}\n', "remove it"),
    ],
    ids=["one-call", "two-calls-of-one-source", "counted-call"],
)
def test_a_counted_block_goes_whole_only_where_its_code_makes_no_other_instances(tmp_path, calls, said):
    """A module's NAT gateways of `count = 2`, all going: their blocks go ("remove the block, or make its count 0")
    where the module is called once; where its code makes other instances too (two calls of one source, a counted
    call), removing the block removes theirs, so each instance is said as before ("remove it")."""
    vpc = (FIXTURES / "W9650" / "bad-nat-gateway-per-zone-count" / "main.tf").read_text()
    main = calls
    result = engine.lint([module(tmp_path, {"main.tf": main, "modules/vpc/main.tf": vpc})], engine.Options(plan=True))
    changes = [c for e in result.plan.replaceable for s in e.steps if s.step == "remove-nat" for c in s.changes]
    assert changes and {c.what for c in changes if c.resource.type == "aws_eip"} == {said}


def test_i9651_says_nat_gateways_of_an_unknown_count_go_by_their_count_made_0():
    """I9651 on the representative of NAT gateways of an unknown count: "they", and the last step removes "the NAT
    gateways" by their count made 0 (or their block), as W9650 says."""
    result = engine.lint([str(FIXTURES / "I9651" / "bad-nat-gateways-of-an-unknown-count-by-count-index")])
    [finding] = [f for f in result.findings if f.rule.id == "I9651"]
    assert finding.message.startswith(
        "NAT gateways module.vpc.aws_nat_gateway.this[*] (each of a count that cannot be known) serve only Lambda "
        "functions (aws_lambda_function.fn); they could be replaced by a free egress-only internet gateway"
    ), finding.message
    assert finding.message.endswith(
        "; then remove the NAT gateways (make their count `var.nat_count` 0: set `nat_count = 0` where Terraform "
        "gets its value (a .tfvars file, -var nat_count=0 or TF_VAR_nat_count); or remove their resource block) and "
        f"their 0.0.0.0/0 routes ({_VPC_ROUTES})."
    ), finding.message


def test_like_nat_gateways_of_a_known_count_are_removed_in_the_plural_and_cloudformations_as_before(tmp_path):
    """Terraform's like NAT gateways of one known count (`count = 2`): the plan's removal step names them in the
    plural, and as every instance of their blocks (NAT gateways, Elastic IPs, routes) goes, each block goes, not "it"
    (Terraform removes no one instance of a count); W9650 already said "them". CloudFormation's words stay."""
    result = engine.lint(
        [
            module(
                tmp_path, {"main.tf": (FIXTURES / "W9650" / "bad-nat-gateway-per-zone-count" / "main.tf").read_text()}
            )
        ],
        engine.Options(plan=True),
    )
    [finding] = [f for f in result.findings if f.rule.id == "W9650"]
    assert "serve only Lambda functions (aws_lambda_function.fn)" in finding.message
    assert (
        "removing them, their Elastic IPs (aws_eip.nat[0], aws_eip.nat[1]) and their 0.0.0.0/0 routes "
        "(aws_route.private_nat[0], aws_route.private_nat[1]) saves" in finding.message
    ), finding.message
    [entry] = result.plan.replaceable
    [step] = [s for s in entry.steps if s.step == "remove-nat"]
    assert step.text.startswith("remove the NAT gateways, their Elastic IPs and the 0.0.0.0/0 routes to them ")
    assert {c.what for c in step.changes} == {"remove the block: every instance of it goes"}
    cfn = engine.lint([str(FIXTURES / "W9650" / "bad-nat-per-az.yaml")], engine.Options(plan=True))
    texts = {s.text for e in cfn.plan.replaceable for s in e.steps if s.step == "remove-nat"}
    assert texts and all(
        t.startswith("remove the NAT gateway, its Elastic IP and the 0.0.0.0/0 routes to it ") for t in texts
    )


def test_a_route_to_one_of_a_block_of_nat_gateways_by_another_index_leaves_them_undecided(tmp_path):
    """`aws_nat_gateway.this[var.i].id`, no value for i: one of them too, but lambda6lint reads only `count.index` and
    element() as "one of them, whichever": the NAT gateways stay undecided, and --explain says why."""
    vpc = (
        (NAT_ONE_OF_MODULE / "modules" / "vpc" / "main.tf")
        .read_text()
        .replace(_NAT_TARGET, "aws_nat_gateway.this[var.i].id")
    )
    vpc += 'variable "i" {\n  type = number\n}\n'
    main = (NAT_ONE_OF_MODULE / "main.tf").read_text()
    result = engine.lint([module(tmp_path, {"main.tf": main, "modules/vpc/main.tf": vpc})])
    assert not rules(result, "W9650")
    said = [u.text for u in result.undecided if u.subject.id == "module.vpc.aws_nat_gateway.this[*]"]
    assert said and all(text.startswith("whether route module.vpc.aws_route.private_nat_gateway[") for text in said)


@pytest.mark.parametrize(
    ("record", "fired"),
    [
        ("aws_eip.nat[0].public_ip", []),
        ('"${aws_eip.nat[0].public_ip}"', []),
        ("local.nat_ips[0]", []),
        ("aws_nat_gateway.this[0].id", ["module.vpc.aws_nat_gateway.this[*]"]),  # (an id, no address: RULES.md W9650)
    ],
)
def test_what_names_the_elastic_ips_of_an_unknown_count_keeps_their_nat_gateways(tmp_path, record, fired):
    """A DNS record of one of those NAT gateways' Elastic IP addresses (`aws_eip.nat[0].public_ip`, the count
    unknown, so the value too): the address is relied on (a static egress IP), as where the count is known, so their
    representative does not go (it did: nothing showed the record naming `aws_eip.nat`)."""
    vpc = (NAT_ONE_OF_MODULE / "modules" / "vpc" / "main.tf").read_text()
    vpc += (
        'locals {\n  nat_ips = aws_eip.nat[*].public_ip\n}\n\nresource "aws_route53_record" "egress" {\n'
        '  zone_id = "Z0123456789"\n  name    = "egress.example.com"\n  type    = "A"\n  ttl     = 300\n'
        f"  records = [{record}]\n}}\n"
    )
    main = (NAT_ONE_OF_MODULE / "main.tf").read_text()
    result = engine.lint([module(tmp_path, {"main.tf": main, "modules/vpc/main.tf": vpc})])
    assert [f.resource for f in result.findings if f.rule.id == "W9650"] == fired
    known = engine.lint([str(tmp_path)], engine.Options(tf_vars={"nat_count": "2"}))
    names = [f.resource for f in known.findings if f.rule.id == "W9650"]
    assert names == (["module.vpc.aws_nat_gateway.this[0]"] if fired else ["module.vpc.aws_nat_gateway.this[1]"])


#: A root route table of a subnet with an EC2 instance, its 0.0.0.0/0 route to `%s` (an argument and its value).
_WORKERS = """
resource "aws_subnet" "workers" {
  vpc_id     = module.vpc.vpc_id
  cidr_block = "10.0.50.0/24"
}

resource "aws_route_table" "workers" {
  vpc_id = module.vpc.vpc_id
}

resource "aws_route" "workers" {
  route_table_id         = aws_route_table.workers.id
  destination_cidr_block = "0.0.0.0/0"
  %s
}

resource "aws_route_table_association" "workers" {
  subnet_id      = aws_subnet.workers.id
  route_table_id = aws_route_table.workers.id
}

resource "aws_instance" "worker" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.workers.id
}

variable "own" {
  type = bool
}

resource "aws_nat_gateway" "own" {
  allocation_id = "eipalloc-0123456789abcdef0"
  subnet_id     = aws_subnet.workers.id
}
"""


@pytest.mark.parametrize(
    "target",
    [
        "nat_gateway_id         = module.vpc.natgw_ids[0]",
        "nat_gateway_id         = var.own ? aws_nat_gateway.own.id : module.vpc.natgw_ids[0]",
        "gateway_id             = module.vpc.natgw_ids[0]",
    ],
)
def test_a_route_through_a_module_output_may_go_to_nat_gateways_of_an_unknown_count(tmp_path, target):
    """A root route to `module.vpc.natgw_ids[0]` (`aws_nat_gateway.this[*].id` in the module, whose count cannot be
    known), from a subnet with an EC2 instance: it may go to one of the module's NAT gateways, so their representative
    is not said to go (it was: the route named none of the run's, alone, beside `aws_nat_gateway.own` or as a
    `gateway_id`, which AWS takes a NAT gateway's id in)."""
    vpc = (NAT_ONE_OF_MODULE / "modules" / "vpc" / "main.tf").read_text()
    vpc += 'output "natgw_ids" {\n  value = aws_nat_gateway.this[*].id\n}\n'
    main = (NAT_ONE_OF_MODULE / "main.tf").read_text() + _WORKERS % target
    result = engine.lint([module(tmp_path, {"main.tf": main, "modules/vpc/main.tf": vpc})])
    assert not rules(result, "W9650")
    said = [u.text for u in result.undecided if u.subject.id == "module.vpc.aws_nat_gateway.this[*]"]
    assert said and all(text.startswith("whether route aws_route.workers sends 0.0.0.0/0 to it") for text in said)


#: A subnet of the module with an EC2 instance, its route table's 0.0.0.0/0 route to `%s` (`count = 1` leaves
#: `count.index` a value): which of the NAT gateways that is cannot be known, but it is one of them.
_HOST_TABLE = """
resource "aws_subnet" "db" {
  vpc_id     = aws_vpc.this.id
  cidr_block = "10.0.50.0/24"
}

resource "aws_route_table" "db" {
  vpc_id = aws_vpc.this.id
}

resource "aws_route" "db_nat" {
  count                  = 1
  route_table_id         = aws_route_table.db.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = %s
}

resource "aws_route_table_association" "db" {
  subnet_id      = aws_subnet.db.id
  route_table_id = aws_route_table.db.id
}
"""

_DB_HOST = """
resource "aws_instance" "db_worker" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.db.id
}
"""


@pytest.mark.parametrize(
    "target",
    [
        "element(aws_nat_gateway.this[*].id, 0)",
        "element(aws_nat_gateway.this.*.id, 0)",
        "element(aws_nat_gateway.this[*].id, var.nat_count - 1)",
        "element(aws_nat_gateway.this[*].id, count.index)",
    ],
)
@pytest.mark.parametrize("host", [True, False])
def test_nat_gateways_of_an_unknown_count_one_of_which_a_hosts_table_reaches_stay(tmp_path, target, host):
    """Found looking for false W9650s in real VPC modules (h207): beside the function's private routes, the table of
    a subnet with an EC2 instance sends 0.0.0.0/0 to one of the NAT gateways, as many as var.nat_count (no value), by
    element() with a fixed or computed index. Their representative stands for that one too, so it must stay (no
    W9650, nothing undecided about it); without the instance the table hosts nothing and the W9650 stands, which
    shows the route is read."""
    vpc = (NAT_ONE_OF_MODULE / "modules" / "vpc" / "main.tf").read_text() + _HOST_TABLE % target
    if host:
        vpc += _DB_HOST
    main = (NAT_ONE_OF_MODULE / "main.tf").read_text()
    result = engine.lint([module(tmp_path, {"main.tf": main, "modules/vpc/main.tf": vpc})])
    fired = [f.resource for f in result.findings if f.rule.id in ("W9650", "I9651")]
    assert fired == ([] if host else ["module.vpc.aws_nat_gateway.this[*]"])
    assert not [u for u in result.undecided if u.subject.id.startswith("module.vpc.aws_nat_gateway")]


@pytest.mark.parametrize("count", ["", "2"])
def test_a_root_output_of_a_whole_module_gives_the_addresses_its_outputs_give(count):
    """`output "vpc" { value = module.vpc }` (h207: W9650 was said): Terraform gives the module's outputs as one
    object, `nat_public_ips` (`aws_nat_gateway.this[*].public_ip`) among them, so the addresses are published and the
    NAT gateways are not said to go: decided where their count is known, undecided where it is not, --explain naming
    the module's output that cannot be known (the call alone said "cannot be evaluated statically")."""
    folder = (
        FIXTURES
        / "W9650"
        / "good-nat-gateways-of-an-unknown-count-whose-addresses-a-root-output-of-the-whole-module-gives"
    )
    result = engine.lint([str(folder)], engine.Options(tf_vars={"nat_count": count} if count else {}))
    assert not rules(result, "W9650")
    said = [u.text for u in result.undecided if u.subject.id.startswith("module.vpc.aws_nat_gateway")]
    if count:
        assert said == []
    else:
        assert said == [
            "whether the outputs give its address (module.vpc.aws_nat_gateway.this[*]) cannot be known: output `vpc` "
            "gives a module whole, whose output `nat_public_ips` refers to `aws_nat_gateway.this`, whose `count` "
            "comes from variable `nat_count`, which has no value (pass --var nat_count=… or a .tfvars file)"
        ]
    ids = engine.lint([str(FIXTURES / "W9650" / "bad-nat-ids-in-a-root-output-of-the-whole-module")])
    assert [f.resource for f in ids.findings if f.rule.id == "W9650"] == ["module.vpc.aws_nat_gateway.this[*]"]


_BEFORE_NAT_IPS = """
output "nat_count" {
  value = var.nat_count
}

"""


@pytest.mark.parametrize(
    ("more", "said"),
    [
        ("", "whose output `nat_public_ips` refers to"),
        (
            'output "nat_public_ip" {\n  value = element(aws_nat_gateway.this[*].public_ip, 0)\n}\n\n',
            "whose outputs `nat_public_ip` (and `nat_public_ips`) may give it: `nat_public_ip` refers to",
        ),
    ],
)
def test_a_root_output_of_a_whole_module_names_the_module_outputs_that_may_give_the_address(tmp_path, more, said):
    """`output "vpc" { value = module.vpc }` where the module's first output that cannot be known, `nat_count`
    (`var.nat_count`, no value), gives no address: --explain names the output(s) that may give the NAT gateways'
    (`nat_public_ips`, `aws_nat_gateway.this[*].public_ip`), not the first (h207: it said `nat_count`)."""
    folder = (
        FIXTURES
        / "W9650"
        / "good-nat-gateways-of-an-unknown-count-whose-addresses-a-root-output-of-the-whole-module-gives"
    )
    vpc = (folder / "modules" / "vpc" / "main.tf").read_text()
    assert vpc.count('output "nat_public_ips"') == 1
    vpc = vpc.replace('output "nat_public_ips"', _BEFORE_NAT_IPS + more + 'output "nat_public_ips"')
    main = (folder / "main.tf").read_text()
    result = engine.lint([module(tmp_path, {"main.tf": main, "modules/vpc/main.tf": vpc})])
    assert not rules(result, "W9650")
    texts = [u.text for u in result.undecided if u.subject.id == "module.vpc.aws_nat_gateway.this[*]"]
    assert texts == [
        "whether the outputs give its address (module.vpc.aws_nat_gateway.this[*]) cannot be known: output `vpc` "
        f"gives a module whole, {said} `aws_nat_gateway.this`, whose `count` comes from variable `nat_count`, which "
        "has no value (pass --var nat_count=… or a .tfvars file)"
    ], texts


def test_nat_gateways_of_an_unknown_count_whose_addresses_a_root_output_may_give_stay_undecided():
    """`output "nat_ips" { value = module.vpc.nat_public_ips }`, `aws_nat_gateway.this[*].public_ip` in the module:
    the addresses may be published, so the representative W9650 reads the routes as going to is not said to go."""
    folder = FIXTURES / "W9650" / "good-nat-gateways-of-an-unknown-count-whose-addresses-a-root-output-gives"
    result = engine.lint([str(folder)])
    assert not rules(result, "W9650")
    said = [u.text for u in result.undecided if u.subject.id == "module.vpc.aws_nat_gateway.this[*]"]
    assert said == [
        "whether the outputs give its address (module.vpc.aws_nat_gateway.this[*]) cannot be known: output `nat_ips` "
        "refers to `aws_nat_gateway.this`, whose `count` comes from variable `nat_count`, which has no value (pass "
        "--var nat_count=… or a .tfvars file)"
    ], said


_OTHERS_SUBNETS = (
    FIXTURES / "W9650" / "bad-nat-of-one-module-call-beside-associations-of-an-unknown-count-of-the-others-subnets"
)
_PUBLIC = """resource "aws_subnet" "public" {
  count      = 3
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet("10.0.100.0/22", 2, count.index)
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  count          = var.public_subnet_count
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}
"""
#: Public subnets as many as the input, each on the one public table, made if there is any (neither count can be
#: known in the edge call): the associations are paired with the subnets, their table is one of the public ones.
_PUBLIC_COUNTED = """resource "aws_subnet" "public" {
  count      = var.public_subnet_count
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet("10.0.100.0/22", 2, count.index)
}

resource "aws_route_table" "public" {
  count  = var.public_subnet_count > 0 ? 1 : 0
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  count          = var.public_subnet_count
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[0].id
}
"""


@pytest.mark.parametrize("public", [_PUBLIC, _PUBLIC_COUNTED], ids=["subnets-picked", "paired-on-a-counted-table"])
def test_associations_of_an_unknown_count_in_one_module_call_leave_the_others_subnets_and_tables(tmp_path, public):
    """The edge call's associations of an unknown count name only its own public subnets (`aws_subnet.public[
    count.index].id`) and tables (`aws_route_table.public[0].id`): the app call's private subnet and table are not
    "may be associated by module.edge.aws_route_table_association.public[*]", and the app call's NAT gateway, serving
    only the function, can go (W9650; undecided before: any subnet, or any table, of the run was opened)."""
    vpc = (_OTHERS_SUBNETS / "modules" / "vpc" / "main.tf").read_text()
    assert vpc.count(_PUBLIC) == 1
    files = {"main.tf": (_OTHERS_SUBNETS / "main.tf").read_text(), "modules/vpc/main.tf": vpc.replace(_PUBLIC, public)}
    result = engine.lint([module(tmp_path, files)])
    assert [f.resource for f in result.findings if f.rule.id == "W9650"] == ["module.app.aws_nat_gateway.main"]
    opened = [u.text for u in result.undecided if "module.app." in u.text and "may be associated by" in u.text]
    assert opened == []


_TFVPC = SHARED / "corpus" / "terraform-aws-modules__terraform-aws-vpc"


@pytest.mark.skipif(not (_TFVPC / "main.tf").is_file(), reason="../shared/corpus is not beside the repository")
def test_the_vpc_modules_public_routes_of_zones_that_cannot_be_known_are_on_its_public_tables(tmp_path):
    """terraform-aws-vpc's own code (the corpus copy) given a capped slice of the zones (`slice(…names, 0, min(3,
    length(…names)))`): its `aws_route.public_internet_gateway`, as many as the public tables (a number that cannot be
    known here), is on `aws_route_table.public[count.index].id`, one of the public tables or Terraform fails. h207
    found --explain saying of the private table "may get a route from module.vpc.aws_route.public_internet_gateway[*],
    whose count and route table cannot be known": every table was opened, where only the public ones may get it. The
    NAT gateways stay undecided for what is so (how many private routes there are)."""
    files = {f"modules/vpc/{p.name}": p.read_text() for p in _TFVPC.glob("*.tf")}
    files["main.tf"] = (
        'data "aws_availability_zones" "available" {\n  state = "available"\n}\n'
        "locals {\n  azs = slice(data.aws_availability_zones.available.names, 0, "
        "min(3, length(data.aws_availability_zones.available.names)))\n}\n"
        'module "vpc" {\n  source = "./modules/vpc"\n  cidr = "10.0.0.0/16"\n  azs = local.azs\n'
        '  private_subnets = [for k, v in local.azs : cidrsubnet("10.0.0.0/16", 8, k)]\n'
        '  public_subnets = [for k, v in local.azs : cidrsubnet("10.0.0.0/16", 8, k + 48)]\n'
        "  enable_nat_gateway = true\n  one_nat_gateway_per_az = true\n  enable_ipv6 = true\n"
        "  public_subnet_ipv6_prefixes = [0, 1, 2]\n  private_subnet_ipv6_prefixes = [3, 4, 5]\n}\n"
    )
    texts = [u.text for u in engine.lint([module(tmp_path, files)]).undecided]
    public = "may get a route from module.vpc.aws_route.public_internet_gateway[*]"
    assert not [t for t in texts if public in t], texts
    assert [t for t in texts if "module.vpc.aws_route.private_nat_gateway[*] exists in a number" in t], texts


#: h224's hunt: valera-yakovenko/aws-lambda-vpc-s3 (a function in terraform-aws-vpc's private subnets, its default
#: security group, one NAT gateway per zone) taken through the migration I9651 lists, with `{switches}` the last steps.
_MIGRATED = """module "vpc" {{
  source = "{source}"
  name = "v"
  cidr = "10.0.0.0/16"
  azs             = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  private_subnets = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
  public_subnets  = ["10.0.101.0/24", "10.0.102.0/24", "10.0.103.0/24"]
  enable_nat_gateway = true
  enable_ipv6 = true
  public_subnet_ipv6_prefixes = [0, 1, 2]
  private_subnet_ipv6_prefixes = [3, 4, 5]
{switches}}}

resource "aws_lambda_function" "f" {{
  function_name = "f"
  role          = "arn:aws:iam::111111111111:role/r"
  handler       = "lambda.lambda_handler"
  runtime       = "python3.12"
  filename      = "f.zip"
  publish       = true
  environment {{
    variables = {{ AWS_USE_DUALSTACK_ENDPOINT = "true" }}
  }}
  vpc_config {{
    ipv6_allowed_for_dual_stack = true
    security_group_ids          = [module.vpc.default_security_group_id]
    subnet_ids                  = module.vpc.private_subnets
  }}
}}

resource "aws_lambda_alias" "live" {{
  name             = "live"
  function_name    = aws_lambda_function.f.function_name
  function_version = aws_lambda_function.f.version
}}
"""
_IPV6_EGRESS = (
    '  default_security_group_egress = [{ ipv6_cidr_blocks = "::/0", protocol = "-1", from_port = 0, to_port = 0 }]\n'
)


@pytest.mark.skipif(not (_TFVPC / "main.tf").is_file(), reason="../shared/corpus is not beside the repository")
@pytest.mark.parametrize(
    ("switches", "expected"),
    [
        ("", ["W9620"]),  # the default security group the module adopts keeps no rule: no IPv6 egress
        (_IPV6_EGRESS, []),  # the module's DNS64 routes 64:ff9b::/96 to its NAT gateways: NAT64 targets stay
        (_IPV6_EGRESS + "  private_subnet_enable_dns64 = false\n", ["W9650"]),  # all three can go
    ],
)
def test_the_vpc_modules_model_decides_as_its_code_does(tmp_path, switches, expected):
    """The built-in model of terraform-aws-modules/vpc/aws and the module's own code (the corpus copy, called as a
    local module) give the same findings on the same resources for a migrated function: h224 compared them on
    three repositories of its hunt and on these steps, where a model that drifts from the code would invent or hide
    W9620 and W9650."""
    vendored = {f"code/vendor/vpc/{p.name}": p.read_text() for p in _TFVPC.glob("*.tf")}
    roots = {
        "code": {**vendored, "code/main.tf": _MIGRATED.format(source="./vendor/vpc", switches=switches)},
        "model": {"model/main.tf": _MIGRATED.format(source="terraform-aws-modules/vpc/aws", switches=switches)},
    }
    found = {}
    for root, files in roots.items():
        result = engine.lint([module(tmp_path, files) + f"/{root}"])
        found[root] = sorted((f.rule.id, f.resource) for f in result.findings)
    assert found["code"] == found["model"]
    assert sorted({rule for rule, _ in found["model"]}) == expected
    if expected == ["W9650"]:
        assert [r for _, r in found["model"]] == ["module.vpc.aws_nat_gateway.this[0]"]


_OTHER_CALLS_NAT = FIXTURES / "W9650" / "bad-nat-of-one-module-call-beside-a-route-to-the-other-calls-nat"
_SHARED_ROUTE = """resource "aws_route" "shared" {
  route_table_id         = var.shared_table_id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = module.edge.natgw_ids[0]
}
"""
#: The same route made by the module itself where its caller asks (the edge call): one of its own NAT gateways of
#: an unknown count, by a fixed index (`aws_nat_gateway.this[0].id`), on a table this run does not show.
_OWN_SHARED_ROUTE = """
variable "shared" {
  type    = bool
  default = false
}

variable "shared_table_id" {
  type    = string
  default = null
}

resource "aws_route" "shared" {
  count                  = var.shared ? 1 : 0
  route_table_id         = var.shared_table_id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[0].id
}
"""


@pytest.mark.parametrize("behind", ["app", "edge"])
def test_a_module_instances_route_to_its_own_nat_gateways_leaves_the_other_instances(tmp_path, behind):
    """The route of bad-nat-of-one-module-call-beside-a-route-to-the-other-calls-nat made inside the module, by the
    edge call alone (`shared = true`, its table a variable's): `aws_nat_gateway.this[0].id` there is one of the edge
    call's NAT gateways, never the app call's, which serve only the function and can go (W9650; the route was listed
    undecided under each before); with the function behind the edge call's, they stay, that route named."""
    main = (_OTHER_CALLS_NAT / "main.tf").read_text()
    assert main.count(_SHARED_ROUTE) == 1
    main = main.replace(_SHARED_ROUTE, "").replace(
        '  nat_count       = var.nat_count\n}\n\nmodule "app"',
        "  nat_count       = var.nat_count\n  shared          = true\n  shared_table_id = var.shared_table_id\n}\n\n"
        'module "app"',
    )
    main = main.replace("module.app.", f"module.{behind}.")
    assert "shared_table_id = var.shared_table_id" in main
    vpc = (_OTHER_CALLS_NAT / "modules" / "vpc" / "main.tf").read_text() + _OWN_SHARED_ROUTE
    result = engine.lint([module(tmp_path, {"main.tf": main, "modules/vpc/main.tf": vpc})])
    fired = [f.resource for f in result.findings if f.rule.id == "W9650"]
    routes = {u.subject.id: u.text for u in result.undecided if "whether route" in u.text}
    assert fired == (["module.app.aws_nat_gateway.this[*]"] if behind == "app" else [])
    assert list(routes) == ["module.edge.aws_nat_gateway.this[*]"], routes
    assert (
        "route module.edge.aws_route.shared[0] sends 0.0.0.0/0 to it" in routes["module.edge.aws_nat_gateway.this[*]"]
    )


_GUARDED_VPC = """variable "enable_ipv6" {
  type    = bool
  default = false
}

variable "use_ipam_pool" {
  type    = bool
  default = false
}

resource "aws_vpc" "this" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = var.enable_ipv6 && !var.use_ipam_pool ? true : null
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.this.id
  cidr_block = "10.0.1.0/24"
}

output "subnet" {
  value = aws_subnet.a.id
}

output "vpc" {
  value = aws_vpc.this.id
}
"""
_GUARDED_ROOT = """module "vpc" {{
  source = "{source}"
{inputs}}}

resource "aws_security_group" "s" {{
  vpc_id = module.vpc.vpc
}}

resource "aws_lambda_function" "f" {{
  function_name = "f"
  role          = "arn:aws:iam::111111111111:role/r"
  handler       = "x.y"
  runtime       = "python3.12"
  filename      = "f.zip"
  vpc_config {{
    subnet_ids         = [module.vpc.subnet]
    security_group_ids = [aws_security_group.s.id]
  }}
}}
"""
_ON_THE_CALL = "with enable_ipv6 = true on module `vpc` at main.tf:1"


@pytest.mark.parametrize("installed", [False, True], ids=["local", "installed"])
@pytest.mark.parametrize(
    ("inputs", "named"),
    [
        ("", ", which does not set it yet (the module's default applies; the VPC's"),
        ("  enable_ipv6 = false\n", " (the VPC's assign_generated_ipv6_cidr_block reads it)"),
        ("  use_ipam_pool = true\n", None),
    ],
    ids=["default", "false", "ipam"],
)
def test_a_vpc_flag_true_where_a_test_holds_is_set_where_the_tests_variable_is(tmp_path, installed, inputs, named):
    """terraform-aws-vpc's `assign_generated_ipv6_cidr_block = var.enable_ipv6 && !var.use_ipam_pool ? true : null`
    (every release), read as a local copy or as installed by `terraform init` for a release the built-in model does
    not follow (h224's hunt: luigidifraiawork/lambda-s3-vpc-endpoint, `~> 3.0`): I9605 said "Start the IPv6
    migration with assign_generated_ipv6_cidr_block = true", an argument of the module's code, and, installed,
    pointed at the call, which has no such input. It now names the input, as for `= var.enable_ipv6`; where the
    rest of the test does not hold (`use_ipam_pool = true`), the words stay."""
    if installed:
        manifest = {
            "Modules": [
                {"Key": "", "Source": "", "Dir": "."},
                {
                    "Key": "vpc",
                    "Source": "registry.terraform.io/acme/vpc/aws",
                    "Version": "1.0.0",
                    "Dir": ".terraform/modules/vpc",
                },
            ]
        }
        files = {
            ".terraform/modules/vpc/main.tf": _GUARDED_VPC,
            ".terraform/modules/modules.json": json.dumps(manifest),
        }
        source = "acme/vpc/aws"
    else:
        files, source = {"vpc/main.tf": _GUARDED_VPC}, "./vpc"
    files["main.tf"] = _GUARDED_ROOT.format(source=source, inputs=inputs)
    said = [f.message for f in engine.lint([module(tmp_path, files)]).findings if f.rule.id == "I9605"]
    assert len(said) == 1, said
    if named is None:
        assert _ON_THE_CALL not in said[0] and "migration with assign_generated_ipv6_cidr_block = true" in said[0], said
    else:
        assert _ON_THE_CALL + named in said[0], said


_LOCAL_NETWORK = FIXTURES / "I9651" / "bad-local-module-vpc-ipv6-from-its-call"
_STEP_VPC = "1) add an Amazon-provided IPv6 /56 to the VPC ("
_STEP_SUBNETS = "2) give the functions' subnets IPv6 CIDRs ("


@pytest.mark.parametrize(
    ("given", "inside", "vpc", "subnets"),
    [
        (
            "",
            None,
            "set enable_ipv6 = true on module `network` at main.tf:3, which does not set it yet (the module's default "
            "applies; the VPC's assign_generated_ipv6_cidr_block reads it)",
            "set enable_ipv6 = true on module `network` at main.tf:3, which does not set it yet (the module's default "
            "applies; its ipv6_cidr_block reads it)",
        ),
        (
            "  enable_ipv6 = false\n",
            None,
            "set enable_ipv6 = true on module `network` at main.tf:3 (the VPC's assign_generated_ipv6_cidr_block reads "
            "it)",
            "set enable_ipv6 = true on module `network` at main.tf:3 (its ipv6_cidr_block reads it)",
        ),
        (
            "  enable_ipv6 = var.ipv6\n",
            None,
            "set default = true on variable `ipv6`, and true wherever else your pipeline sets it",
            "set default = true on variable `ipv6`, and true wherever else your pipeline sets it",
        ),
        ("", "false", "module.network.aws_vpc.this", "module.network.aws_subnet.private[0]"),
    ],
    ids=["default", "input", "root-variable", "literal-inside"],
)
def test_a_local_modules_vpc_steps_name_the_input_its_flag_reads(tmp_path, given, inside, vpc, subnets):
    """h224's hunt: I9651's first steps for a VPC in a hand-written local module named the resource ("add an
    Amazon-provided IPv6 /56 to the VPC (module.network.aws_vpc.this)") where the user sets the module's input on
    the call, as I9605, E9602 and the plan said already. They now name that input (or the root variable the call
    passes on); a flag written as a literal in the module's code is changed there: the resource, as before."""
    code = (_LOCAL_NETWORK / "modules" / "network" / "main.tf").read_text()
    if inside is not None:
        code = code.replace(
            "assign_generated_ipv6_cidr_block = var.enable_ipv6", f"assign_generated_ipv6_cidr_block = {inside}"
        )
    root = (
        (_LOCAL_NETWORK / "main.tf")
        .read_text()
        .replace('  azs    = ["us-east-1a", "us-east-1b"]\n', f'  azs    = ["us-east-1a", "us-east-1b"]\n{given}')
    )
    if "var.ipv6" in given:
        root += 'variable "ipv6" {\n  type    = bool\n  default = false\n}\n'
    result = engine.lint([module(tmp_path, {"main.tf": root, "modules/network/main.tf": code})])
    said = [f for f in result.findings if f.rule.id == "I9651"]
    assert len(said) == 1, [f.message for f in result.findings]
    assert (os.path.relpath(said[0].location.path, tmp_path), said[0].location.line) == ("modules/network/main.tf", 52)
    assert f"{_STEP_VPC}{vpc}" in said[0].message, said[0].message
    assert f"{_STEP_SUBNETS}{subnets}" in said[0].message, said[0].message


def test_a_local_modules_function_flag_fix_names_the_input_its_call_sets(tmp_path):
    """A function of a hand-written local module whose `ipv6_allowed_for_dual_stack = var.dual_stack` its call sets
    to false: W9601 named no place ("Set ipv6_allowed_for_dual_stack to true"), as `causes.origin` followed a call's
    input only to a variable, and I9651's flag step named the function; both now name `dual_stack` on the call, as
    they did for an input left at its default. Where the module's code writes the flag itself, the words stay."""
    bad = FIXTURES / "W9601" / "bad-local-module-flag-false-on-its-call"
    result = engine.lint([str(bad)])
    said = [f for f in result.findings if f.rule.id == "W9601"]
    assert len(said) == 1
    assert (os.path.relpath(said[0].location.path, bad), said[0].location.line) == ("modules/fn/main.tf", 24)
    assert (
        "Set ipv6_allowed_for_dual_stack to true (it comes from input `dual_stack` of module `fn` at main.tf:41: set "
        "it to true there)" in said[0].message
    ), said[0].message
    # (I9651: the same function behind a NAT gateway, in IPv4-only subnets)
    network = (_LOCAL_NETWORK / "modules" / "network" / "main.tf").read_text()
    function = (bad / "modules" / "fn" / "main.tf").read_text()
    root = (
        'module "network" {\n  source = "./modules/network"\n  cidr   = "10.0.0.0/16"\n  azs    = ["us-east-1a"]\n}\n\n'
        'resource "aws_security_group" "fn" {\n  vpc_id = module.network.vpc_id\n}\n\n'
        'module "fn" {\n  source             = "./modules/fn"\n'
        "  subnet_ids         = module.network.private_subnet_ids\n"
        "  security_group_ids = [aws_security_group.fn.id]\n  dual_stack         = false\n}\n"
    )
    step = "set ipv6_allowed_for_dual_stack on the functions ("
    for literal, words in [
        (
            False,
            "set ipv6_allowed_for_dual_stack to true (it comes from input `dual_stack` of module `fn` at main.tf:11: "
            "set it to true there)",
        ),
        (True, "module.fn.aws_lambda_function.this"),
    ]:
        code = function.replace("= var.dual_stack", "= false") if literal else function
        files = {"main.tf": root, "modules/network/main.tf": network, "modules/fn/main.tf": code}
        found = [
            f.message for f in engine.lint([module(tmp_path / str(literal), files)]).findings if f.rule.id == "I9651"
        ]
        assert len(found) == 1 and f"{step}{words})" in found[0], found


def test_egress_host_reads_a_resources_settings_only_for_a_load_balancer_or_an_endpoint():
    """The mapper asked `cls in aws.HOST_CLASSES` before `aws.egress_host`, which asked it again, to save reading
    `internal` and `vpc_endpoint_type` of every resource (ea5ebec); egress_host now reads them itself through
    `read`, only for the kinds judged by them, with the answer the values give."""
    from lambda6lint.loaders.common import aws
    from lambda6lint.loaders.terraform import mapper

    asked: list[str] = []

    def read(attrs, name):
        asked.append(name)
        return mapper._setting(attrs, name)

    for type_name, attrs, reads in [
        ("aws_s3_bucket", {}, []),
        ("aws_instance", {}, []),
        ("aws_db_instance", {}, []),
        ("aws_subnet", {}, []),
        ("aws_nat_gateway", {}, []),
        ("aws_lb", {"internal": True}, [aws.INTERNAL]),
        ("aws_lb", {"internal": "false"}, [aws.INTERNAL]),
        ("aws_lb", {}, [aws.INTERNAL]),
        ("aws_vpc_endpoint", {"vpc_endpoint_type": "Interface"}, [aws.ENDPOINT]),
        ("aws_vpc_endpoint", {"vpc_endpoint_type": "GatewayLoadBalancer"}, [aws.ENDPOINT]),
        ("aws_vpc_endpoint", {"vpc_endpoint_type": ["Interface"]}, [aws.ENDPOINT]),
        ("aws_vpc_endpoint", {}, [aws.ENDPOINT]),
    ]:
        cls = mapper.TYPES[type_name][0] if type_name in mapper.TYPES else mapper.Resource
        asked.clear()
        lazy = aws.egress_host(type_name, None, None, cls, read, attrs)
        assert asked == reads, type_name
        assert lazy == aws.egress_host(type_name, mapper._internal(attrs), mapper._endpoint_type(attrs), cls)
    assert aws.egress_host("aws_lb", None, None, mapper.Resource, read, {"internal": True}) is False
    assert aws.egress_host("aws_vpc_endpoint", None, None, mapper.TYPES["aws_vpc_endpoint"][0], read, {}) is False


def test_an_installed_modules_vpc_step_names_the_installing_calls_input(tmp_path):
    """The module of `test_a_local_modules_vpc_steps_name_the_input_its_flag_reads` installed by `terraform init`:
    its findings point at the call, and I9605 named the call's input (0a7fa9d); I9651's first step named the
    resource in .terraform/, not the user's to change. It now names the input too."""
    manifest = {
        "Modules": [
            {"Key": "", "Source": "", "Dir": "."},
            {
                "Key": "network",
                "Source": "registry.terraform.io/acme/network/aws",
                "Version": "1.0.0",
                "Dir": ".terraform/modules/network",
            },
        ]
    }
    root = (_LOCAL_NETWORK / "main.tf").read_text().replace('"./modules/network"', '"acme/network/aws"')
    files = {
        "main.tf": root,
        ".terraform/modules/network/main.tf": (_LOCAL_NETWORK / "modules" / "network" / "main.tf").read_text(),
        ".terraform/modules/modules.json": json.dumps(manifest),
    }
    said = [f for f in engine.lint([module(tmp_path, files)]).findings if f.rule.id == "I9651"]
    assert len(said) == 1
    assert (os.path.relpath(said[0].location.path, tmp_path), said[0].location.line) == ("main.tf", 3)
    assert (
        f"{_STEP_VPC}set enable_ipv6 = true on module `network` at main.tf:3, which does not set it yet"
        in said[0].message
    ), said[0].message


_IP_API = """
resource "aws_apigatewayv2_api" "http" {
  name            = "http"
  protocol_type   = "HTTP"
  ip_address_type = IP
}

resource "aws_api_gateway_rest_api" "rest" {
  name = "rest"
  endpoint_configuration {
    types           = ["REGIONAL"]
    ip_address_type = IP
  }
}

variable "ip_type" {
  type    = string
  default = "ipv4"
}

variable "flip" {
  type    = bool
  default = true
}
"""


@pytest.mark.parametrize(
    ("written", "files", "how"),
    [
        (
            "var.ip_type",
            {},
            "the default of variable `ip_type`: pass a value that gives dualstack, or change the default",
        ),
        (
            "var.ip_type",
            {"terraform.tfvars": 'ip_type = "IPv4"\n'},
            "variable `ip_type`, set in terraform.tfvars: set it to dualstack there",
        ),
        ('"ipv4"', {}, None),  # (written where it is changed)
        ('var.flip ? "ipv4" : "ipv4"', {}, None),  # (worked out: the variable need not matter, as d8c60c6's Fn::If)
    ],
)
def test_the_api_ip_address_type_fix_names_the_variable_that_gives_it(tmp_path, written, files, how):
    """I9640's fix names the variable an IP address type other than dualstack comes from, as CloudFormation's names
    the parameter whose Default gives it (41ab643): writing "dualstack" over `var.ip_type` drops the choice."""
    folder = module(tmp_path, {"main.tf": _IP_API.replace("IP\n", f"{written}\n"), **files})
    said = sorted((f.location.line, f.message) for f in engine.lint([folder]).findings if f.rule.id == "I9640")
    assert [line for line, _ in said] == [5, 12]
    for (_, message), term in zip(said, ['"dualstack".', '"dualstack" in endpoint_configuration.'], strict=True):
        end = term if how is None else f"{term[:-1]} (it comes from {how})."
        assert f"To accept IPv4 and IPv6, set ip_address_type = {end}" in message, message


def test_the_api_ip_address_type_fix_of_a_local_module_names_its_call(tmp_path):
    """A hand-written module's API whose IP address type is its input: the call is where it is set, whether it
    leaves the input at the module's default (the fixture) or sets it."""
    bad = FIXTURES / "I9640" / "bad-ip-address-type-from-variable-default"
    said = {f.resource: f for f in engine.lint([str(bad)]).findings if f.rule.id == "I9640"}
    assert sorted(said) == [
        "aws_api_gateway_rest_api.orders",
        "aws_apigatewayv2_api.prefixes",
        "module.api.aws_apigatewayv2_api.this",
    ]
    (found,) = [f for f in said.values() if f.resource.startswith("module.")]
    assert (os.path.relpath(found.location.path, bad), found.location.line) == ("modules/api/main.tf", 13)
    assert (
        "(it comes from the default of input `ip_address_type`, which module `api` at main.tf:24 does not set: pass a "
        "value that gives dualstack, or change the default)" in found.message
    ), found.message
    root = (bad / "main.tf").read_text().replace('name   = "reports"', 'name   = "reports"\n  ip_address_type = "ipv4"')
    files = {"main.tf": root, "modules/api/main.tf": (bad / "modules" / "api" / "main.tf").read_text()}
    (found,) = [
        f
        for f in engine.lint([module(tmp_path, files)]).findings
        if f.resource == "module.api.aws_apigatewayv2_api.this"
    ]
    assert (
        "(it comes from input `ip_address_type` of module `api` at main.tf:24: set it to dualstack there)"
        in found.message
    )


def test_the_plans_api_step_names_the_variable_that_gives_the_ip_address_type(tmp_path):
    """The plan's I9640 step for an API a function behind the NAT gateway calls says where its IP address type is
    set, as I9640's fix does (`ip_how`): writing "dualstack" over `var.ip_type` would drop the choice."""
    text = (FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas" / "main.tf").read_text()
    env = '      AWS_USE_DUALSTACK_ENDPOINT = "true"\n'
    assert env in text
    text = text.replace(env, env + "      API_URL = aws_apigatewayv2_api.orders.api_endpoint\n") + _IP_API.replace(
        "IP\n", "var.ip_type\n"
    ).replace('"http"', '"orders"')
    result = engine.lint([module(tmp_path, {"main.tf": text})], engine.Options(plan=True))
    assert result.plan is not None
    [entry] = result.plan.nats
    [step] = [s for s in entry.steps if s.step == "api-dualstack"]
    assert [(c.resource.id, c.what) for c in step.changes] == [
        (
            "aws_apigatewayv2_api.orders",
            'set ip_address_type = "dualstack" (it comes from the default of variable `ip_type`: pass a value that '
            "gives dualstack, or change the default)",
        )
    ]


@pytest.mark.parametrize(("flag", "rule"), [("true", "W9650"), ("false", "I9651")])
def test_the_nat_gateways_api_step_names_the_variable_that_gives_the_ip_address_type(tmp_path, flag, rule):
    """W9650's first step and I9651's API step say it as the plan's does (the test above): the property alone
    drops the choice `var.ip_type` makes."""
    text = (FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas" / "main.tf").read_text()
    env, on = '      AWS_USE_DUALSTACK_ENDPOINT = "true"\n', "ipv6_allowed_for_dual_stack = true\n"
    assert env in text and on in text
    text = text.replace(env, env + "      API_URL = aws_apigatewayv2_api.orders.api_endpoint\n") + _IP_API.replace(
        "IP\n", "var.ip_type\n"
    ).replace('"http"', '"orders"')
    text = text.replace(on, f"ipv6_allowed_for_dual_stack = {flag}\n")
    [finding] = [f for f in engine.lint([module(tmp_path, {"main.tf": text})]).findings if f.rule.id == rule]
    fix = (
        'set ip_address_type = "dualstack" (it comes from the default of variable `ip_type`: pass a value that '
        "gives dualstack, or change the default)"
    )
    said = (
        f"First {fix} on aws_apigatewayv2_api.orders (I9640)"
        if rule == "W9650"
        else f"(aws_apigatewayv2_api.orders: {fix})"
    )
    assert said in finding.message, finding.message


_FN_MODULE = (FIXTURES / "W9601" / "bad-local-module-flag-false-on-its-call" / "modules" / "fn" / "main.tf").read_text()


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (  # a root variable's default
            {"variables.tf": 'variable "dual_stack" {\n  type    = bool\n  default = false\n}\n'},
            "(aws_lambda_function.fn: set ipv6_allowed_for_dual_stack to true (it comes from the default of variable "
            "`dual_stack`: set it to true there))",
        ),
        (  # a var file's value
            {"variables.tf": 'variable "dual_stack" {\n  type = bool\n}\n', "terraform.tfvars": "dual_stack = false\n"},
            "(aws_lambda_function.fn: set ipv6_allowed_for_dual_stack to true (it comes from variable `dual_stack`, "
            "set in terraform.tfvars: set it to true there))",
        ),
        (  # a local module's input, on its call (6730601: the call's input in place of the function)
            {"call": "  dual_stack         = false\n"},
            "(set ipv6_allowed_for_dual_stack to true (it comes from input `dual_stack` of module `fn` at "
            "main.tf:LINE: set it to true there))",
        ),
        (  # a local module's input left at its default by the call
            {"call": ""},
            "(set ipv6_allowed_for_dual_stack to true (it comes from the default of input `dual_stack`, which module "
            "`fn` at main.tf:LINE does not set: set it to true there))",
        ),
        (  # not a choice: a provider too old for the argument, to be upgraded first
            {
                "versions.tf": 'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
                '      version = "~> 4.60"\n    }\n  }\n}\n'
            },
            "(aws_lambda_function.fn: set ipv6_allowed_for_dual_stack to true (its module's required_providers pins "
            'the AWS provider to "~> 4.60" (versions.tf:3), which has no vpc_config.ipv6_allowed_for_dual_stack: '
            "upgrade it to 5.23.0 or later first))",
        ),
    ],
)
def test_the_nat_gateways_flag_step_says_where_the_flag_is_set(tmp_path, monkeypatch, given, said):
    """I9651's function-flag step says what W9601 and the plan say of the flag (`dualstack_how`): a variable or a
    call's input that chooses false is changed there, not written over; a provider without the argument first."""
    text = (FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas" / "main.tf").read_text()
    on = "ipv6_allowed_for_dual_stack = true\n"
    assert on in text
    files = {k: v for k, v in given.items() if k != "call"}
    if "call" in given:  # (the function moves into a local module: its call passes the subnets and the group)
        start, end = text.index('resource "aws_lambda_function" "fn" {'), text.index('resource "aws_internet_gateway"')
        call = (
            'module "fn" {\n  source             = "./modules/fn"\n  subnet_ids         = aws_subnet.private[*].id\n'
            f"  security_group_ids = [aws_security_group.fn.id]\n{given['call']}}}\n\n"
        )
        text = text[:start] + call + text[end:]
        files["modules/fn/main.tf"] = _FN_MODULE
        said = said.replace("LINE", str(text[:start].count("\n") + 1))
    elif "variables.tf" in given:
        text = text.replace(on, "ipv6_allowed_for_dual_stack = var.dual_stack\n")
    else:
        text = text.replace(on, "ipv6_allowed_for_dual_stack = false\n")
    monkeypatch.chdir(module(tmp_path, {"main.tf": text, **files}))
    [finding] = [f for f in engine.lint(["."]).findings if f.rule.id == "I9651"]
    assert f"1) set ipv6_allowed_for_dual_stack on the functions {said}; " in finding.message, finding.message


# ----- E9602: the /64 each subnet takes of the block its VPC is given first ---------------------------------------

NUMBERED = "fixtures/E9602/bad-subnets-of-a-vpc-without-ipv6-each-its-own-64"
FIRST_64 = (
    "a /64 no other subnet of the VPC takes (its IPv6 block is the new one given to it first, whose /64s are numbered "
    "here in the order its subnets are written)"
)


def e9602_messages(path: str) -> list[str]:
    return [f.message for f in engine.lint([path]).findings if f.rule.id == "E9602"]


def test_e9602_gives_each_subnet_of_a_vpc_without_a_block_its_own_64(monkeypatch):
    """E9602 said "cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, N), with N a /64 no other subnet of the VPC takes"
    where the plan (41b99ec) gave the number: a block the fix adds has no /64 taken, so each subnet takes the one of
    its place among the VPC's subnets (edge is first), the same number in both. A plan's subnets are in the order
    it lists them (by address: app_a, app_b, edge); one entry of several subnets says each one's, and why those
    /64s once (it repeated the clause after each subnet)."""
    monkeypatch.chdir(ROOT)
    cidr = "ipv6_cidr_block = cidrsubnet(aws_vpc.{vpc}.ipv6_cidr_block, 8, {at}), " + FIRST_64
    app_a, app_b = sorted(e9602_messages(NUMBERED))
    assert "subnet aws_subnet.app_a has no IPv6 CIDR" in app_a and cidr.format(vpc="main", at=1) in app_a, app_a
    assert "subnet aws_subnet.app_b has no IPv6 CIDR" in app_b and cidr.format(vpc="main", at=2) in app_b, app_b
    (planned,) = e9602_messages(NUMBERED + ".tfplan.json")
    cidrs = [f"ipv6_cidr_block = cidrsubnet(aws_vpc.dev.ipv6_cidr_block, 8, {at})" for at in (0, 1)]
    each = f"aws_subnet.app_a: {cidrs[0]}; aws_subnet.app_b: {cidrs[1]}, each {FIRST_64})"
    assert f"then each subnet an IPv6 CIDR from it ({each} or remove them" in planned, planned


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (  # a block under a condition: the VPC may have one, whose /64s its other subnets may take
            "  enable_dns_hostnames = true\n}",
            '  enable_dns_hostnames = true\n  assign_generated_ipv6_cidr_block = var.ipv6\n}\nvariable "ipv6" {}',
        ),
        (  # a subnet with a literal IPv6 CIDR: the VPC has a block, made where the run does not see
            '  cidr_block        = "10.20.0.0/24"\n',
            '  cidr_block        = "10.20.0.0/24"\n  ipv6_cidr_block   = "2600:1f18:1234:5600::/64"\n',
        ),
        (  # a count's subnets take a range of /64s
            'resource "aws_subnet" "edge" {\n',
            'resource "aws_subnet" "more" {\n  count = 2\n  vpc_id = aws_vpc.main.id\n'
            '  cidr_block = "10.20.${count.index + 8}.0/24"\n}\nresource "aws_subnet" "edge" {\n',
        ),
        (  # passed to a module this run cannot read, which may give it a block or subnets
            'resource "aws_subnet" "edge" {\n',
            'module "peering" {\n  source = "git::https://example.com/peering.git"\n  vpc_id = aws_vpc.main.id\n}\n'
            'resource "aws_subnet" "edge" {\n',
        ),
    ],
    ids=["conditional-block", "literal-ipv6-subnet", "count-subnets", "open-vpc"],
)
def test_e9602_leaves_the_64_to_the_user_where_others_may_be_taken(tmp_path, old, new):
    """N stays where what the VPC's other subnets take is not known here, as the plan keeps it (41b99ec)."""
    text = (ROOT / NUMBERED / "main.tf").read_text(encoding="utf-8")
    assert old in text
    said = e9602_messages(module(tmp_path, {"main.tf": text.replace(old, new, 1)}))
    assert len(said) == 2 and all(
        "cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, N), with N a /64 no other subnet of the VPC takes" in m
        and FIRST_64 not in m
        for m in said
    ), said


def test_e9602_leaves_the_64_to_the_user_where_a_subnet_of_the_vpc_may_take_one(tmp_path):
    """A subnet of the VPC whose IPv6 CIDR cannot be read (a variable's) may take any /64, the one of another's
    place too: N stays (the plan of 41b99ec numbered the others all the same)."""
    text = (ROOT / NUMBERED / "main.tf").read_text(encoding="utf-8")
    edge = '  cidr_block        = "10.20.0.0/24"\n'
    assert edge in text
    text = text.replace(edge, f"{edge}  ipv6_cidr_block   = var.edge_ipv6\n") + 'variable "edge_ipv6" {}\n'
    said = e9602_messages(module(tmp_path, {"main.tf": text}))
    assert len(said) == 2 and all(", 8, N), with N a /64" in m and FIRST_64 not in m for m in said), said


#: A hand-written function module whose environment is an input (`variables = var.env`), which the call sets.
_ENV_MODULE = _FN_MODULE.replace(
    'variable "dual_stack" {\n  type    = bool\n  default = false\n}\n', ('variable "env" {\n  type = map(string)\n}\n')
).replace(
    '  filename      = "app.zip"\n', '  filename      = "app.zip"\n  environment {\n    variables = var.env\n  }\n'
)
_ENV_MODULE = _ENV_MODULE.replace("var.dual_stack # expect: W9601", "FLAG")


@pytest.mark.parametrize("flag", ["true", "false"])  # (W9650's step, or I9651's beside the flag's)
@pytest.mark.parametrize(
    ("given", "said"),
    [
        (  # the variable's value, from a root variable's default
            {"variables.tf": 'variable "sdk" {\n  type    = string\n  default = "false"\n}\n', "value": "var.sdk"},
            "aws_lambda_function.fn: set AWS_USE_DUALSTACK_ENDPOINT to true (from the default of variable `sdk`: set "
            "it to true there)",
        ),
        (  # the whole map, from a root variable's default without it
            {"variables.tf": 'variable "env" {\n  type    = map(string)\n  default = { LOG_LEVEL = "info" }\n}\n'},
            'aws_lambda_function.fn: add AWS_USE_DUALSTACK_ENDPOINT = "true" to the default of variable `env`, which '
            "environment { variables } takes",
        ),
        (  # the whole map, from a local module's input on its call
            {"call": '  env                = { LOG_LEVEL = "info" }\n'},
            'module.fn.aws_lambda_function.this: add AWS_USE_DUALSTACK_ENDPOINT = "true" to input `env` of module '
            "`fn` at main.tf:LINE, which environment { variables } takes",
        ),
    ],
)
def test_the_nat_gateways_sdk_step_says_where_the_environment_is_set(tmp_path, monkeypatch, given, said, flag):
    """W9650's and I9651's SDK steps named the functions alone where a variable or a local module's input gives
    AWS_USE_DUALSTACK_ENDPOINT or the whole environment: they say that place, in W9631's and the plan's words."""
    text = (FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas" / "main.tf").read_text()
    written = '  environment {\n    variables = {\n      AWS_USE_DUALSTACK_ENDPOINT = "true"\n    }\n  }\n'
    on = "ipv6_allowed_for_dual_stack = true\n"
    assert written in text and on in text
    text = text.replace(on, f"ipv6_allowed_for_dual_stack = {flag}\n")
    files = {k: v for k, v in given.items() if k not in ("call", "value")}
    if "call" in given:  # (the function moves into a local module: its call passes the subnets, group and map)
        start, end = text.index('resource "aws_lambda_function" "fn" {'), text.index('resource "aws_internet_gateway"')
        call = (
            'module "fn" {\n  source             = "./modules/fn"\n  subnet_ids         = aws_subnet.private[*].id\n'
            f"  security_group_ids = [aws_security_group.fn.id]\n{given['call']}}}\n\n"
        )
        text = text[:start] + call + text[end:]
        files["modules/fn/main.tf"] = _ENV_MODULE.replace("FLAG", flag)
        said = said.replace("LINE", str(text[:start].count("\n") + 1))
    elif "value" in given:
        text = text.replace('AWS_USE_DUALSTACK_ENDPOINT = "true"', f"AWS_USE_DUALSTACK_ENDPOINT = {given['value']}")
    else:
        text = text.replace(written, "  environment {\n    variables = var.env\n  }\n")
    monkeypatch.chdir(module(tmp_path, {"main.tf": text, **files}))
    [finding] = [f for f in engine.lint(["."]).findings if f.rule.id in ("W9650", "I9651")]
    assert finding.rule.id == ("W9650" if flag == "true" else "I9651")
    if flag == "true":
        who, _, words = said.partition(": ")
        said = f"dual-stack endpoints on {who} ({words})."
    else:
        said = f"dual-stack endpoints ({said}); then remove"
    assert said in finding.message, finding.message


@pytest.mark.parametrize(
    ("fixture", "rule", "said"),
    [
        (
            "W9650/bad-nat-serving-a-registry-lambda-module",
            "W9650",
            "dual-stack endpoints on module.fn.aws_lambda_function.this[0] ({sdk}), and set --dns-result-order="
            "ipv6first in NODE_OPTIONS so Node.js tries IPv6 addresses first on module.fn.aws_lambda_function.this[0] "
            "({node}).",
        ),
        (
            "W9650/good-registry-lambda-module-behind-a-nat-without-its-flag",
            "I9651",
            "dual-stack endpoints ({sdk}); 3) set NODE_OPTIONS=--dns-result-order=ipv6first on the Node.js functions, "
            "so they try IPv6 addresses first (upgrading a runtime older than Node.js 20 first) ({node}); then remove",
        ),
    ],
)
def test_the_nat_gateways_sdk_and_node_steps_name_a_registry_lambda_modules_input(fixture, rule, said):
    """terraform-aws-modules/lambda's function takes its environment from the call's `environment_variables`: W9650
    and I9651 say that input (`migration.module_change`), as the plan does, not the function the module makes alone."""
    sdk = 'add AWS_USE_DUALSTACK_ENDPOINT = "true" to environment_variables on module.fn'
    node = 'set NODE_OPTIONS = "--dns-result-order=ipv6first" in environment_variables on module.fn'
    result = engine.lint([str(FIXTURES / fixture)], engine.Options(plan=True))
    [finding] = [f for f in result.findings if f.rule.id in ("W9650", "I9651")]
    assert finding.rule.id == rule
    assert said.format(sdk=sdk, node=node) in finding.message, finding.message
    assert result.plan is not None
    steps = {s.step: [c.what for c in s.changes] for s in result.plan.nats[0].steps}
    assert (steps["sdk-dualstack"], steps["node-dns-order"]) == ([sdk], [node])


def test_the_flag_step_names_a_registry_lambda_modules_input(tmp_path):
    """terraform-aws-modules/lambda's function takes its flag from the call's `ipv6_allowed_for_dual_stack`: I9651
    and the plan say that input (`migration.module_change`), not the function the module makes alone; where a
    variable's default gives the input, the variable is what to change."""
    fixture = FIXTURES / "I9651" / "bad-registry-lambda-module-flag-off"
    flag = "set ipv6_allowed_for_dual_stack = true on module.fn"
    result = engine.lint([str(fixture)], engine.Options(plan=True))
    [finding] = [f for f in result.findings if f.rule.id == "I9651"]
    assert f"1) set ipv6_allowed_for_dual_stack on the functions ({flag}); 2)" in finding.message, finding.message
    assert result.plan is not None
    [what] = [c.what for s in result.plan.nats[0].steps if s.step == "function-flag" for c in s.changes]
    assert what.startswith(f"{flag}, after publishing versions"), what
    text = (
        (fixture / "main.tf")
        .read_text()
        .replace("ipv6_allowed_for_dual_stack = false", "ipv6_allowed_for_dual_stack = var.dual_stack")
    )
    variables = 'variable "dual_stack" {\n  type    = bool\n  default = false\n}\n'
    [finding] = [
        f
        for f in engine.lint([module(tmp_path, {"main.tf": text, "variables.tf": variables})]).findings
        if f.rule.id == "I9651"
    ]
    assert (
        "1) set ipv6_allowed_for_dual_stack on the functions (set ipv6_allowed_for_dual_stack to true (it comes from "
        "the default of variable `dual_stack`: set it to true there)); 2)"
    ) in finding.message, finding.message


def test_the_nat_gateways_node_step_says_where_node_options_is_set(tmp_path, monkeypatch):
    """W9650's Node.js step named the function alone where a variable's default gives NODE_OPTIONS: it says the
    variable, in I9632's words (`migration.set_there`)."""
    text = (FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas" / "main.tf").read_text()
    text = text.replace('runtime       = "python3.12"', 'runtime       = "nodejs22.x"').replace(
        '      AWS_USE_DUALSTACK_ENDPOINT = "true"\n',
        '      AWS_USE_DUALSTACK_ENDPOINT = "true"\n      NODE_OPTIONS               = var.node_options\n',
    )
    variables = 'variable "node_options" {\n  type    = string\n  default = "--dns-result-order=ipv4first"\n}\n'
    monkeypatch.chdir(module(tmp_path, {"main.tf": text, "variables.tf": variables}))
    [finding] = [f for f in engine.lint(["."]).findings if f.rule.id == "W9650"]
    assert (
        "Node.js tries IPv6 addresses first on aws_lambda_function.fn (add --dns-result-order=ipv6first to the "
        "NODE_OPTIONS in environment { variables } in place of its --dns-result-order=ipv4first (from the default "
        "of variable `node_options`: change it there))."  # (nothing else in it: no other options to keep)
    ) in finding.message, finding.message


LOOKED_UP_NETWORK = """
resource "aws_vpc" "main" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
}

resource "aws_egress_only_internet_gateway" "eigw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "private" {
  vpc_id          = aws_vpc.main.id
  cidr_block      = "10.0.1.0/24"
  ipv6_cidr_block = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 1)
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
  tags   = { Name = "private" }
}

resource "aws_route_table_association" "private" {
  subnet_id      = aws_subnet.private.id
  route_table_id = aws_route_table.private.id
}

resource "aws_security_group" "fn" {
  vpc_id = aws_vpc.main.id
  tags   = { Name = "fn" }
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.12"
  environment {
    variables = { AWS_USE_DUALSTACK_ENDPOINT = "true" }
  }
  vpc_config {
    subnet_ids                  = [aws_subnet.private.id]
    security_group_ids          = [aws_security_group.fn.id]
    ipv6_allowed_for_dual_stack = true
  }
}
"""

LOOKED_UP_ROUTE = """
resource "aws_route" "ipv6" {
  route_table_id              = ROUTE_TABLE
  destination_ipv6_cidr_block = "::/0"
  egress_only_gateway_id      = aws_egress_only_internet_gateway.eigw.id
}

data "aws_route_table" "private" {
  vpc_id     = aws_vpc.main.id
  tags       = { Name = "private" }
  depends_on = [aws_route_table.private]
}
"""

LOOKED_UP_EGRESS = """
resource "aws_vpc_security_group_egress_rule" "https6" {
  security_group_id = GROUP
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv6         = "::/0"
}

data "aws_security_group" "fn" {
  vpc_id     = aws_vpc.main.id
  tags       = { Name = "fn" }
  depends_on = [aws_security_group.fn]
}
"""

LOOKED_UP_ACL = """
resource "aws_network_acl" "private" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = [aws_subnet.private.id]
  tags       = { Name = "private" }
}

data "aws_network_acls" "private" {
  vpc_id     = aws_vpc.main.id
  tags       = { Name = "private" }
  depends_on = [aws_network_acl.private]
}
"""

LOOKED_UP_ACL_RULES = """
resource "aws_network_acl_rule" "https_out" {
  network_acl_id  = ACL
  rule_number     = 100
  egress          = true
  rule_action     = "allow"
  protocol        = "tcp"
  from_port       = 443
  to_port         = 443
  ipv6_cidr_block = "::/0"
}

resource "aws_network_acl_rule" "replies_in" {
  network_acl_id  = ACL
  rule_number     = 100
  egress          = false
  rule_action     = "allow"
  protocol        = "tcp"
  from_port       = 1024
  to_port         = 65535
  ipv6_cidr_block = "::/0"
}
"""

_ROUTE_IN = LOOKED_UP_NETWORK.replace(
    '  tags   = { Name = "private" }\n}',
    '  tags   = { Name = "private" }\n  route {\n'
    '    ipv6_cidr_block        = "::/0"\n    egress_only_gateway_id = '
    "aws_egress_only_internet_gateway.eigw.id\n  }\n}",
    1,
)
_EGRESS_IN = """
resource "aws_vpc_security_group_egress_rule" "fn" {
  security_group_id = aws_security_group.fn.id
  ip_protocol       = "-1"
  cidr_ipv6         = "::/0"
}
"""


@pytest.mark.parametrize(
    ("files", "expected", "cause"),
    [
        (  # the route table a lookup finds may be the function's: its ::/0 route cannot be known
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "data.aws_route_table.private.id")
            },
            [],
            "may get a route from aws_route.ipv6, whose route table is looked up by data source "
            "`data.aws_route_table.private`, which may find this one",
        ),
        (  # the security group a lookup finds may be the function's
            {"main.tf": _ROUTE_IN + LOOKED_UP_EGRESS.replace("GROUP", "data.aws_security_group.fn.id")},
            [],
            "may get egress rule aws_vpc_security_group_egress_rule.https6, whose security group is looked up by "
            "data source `data.aws_security_group.fn`, which may find this one",
        ),
        (  # tylert/wireguard-terraform: the rules name the ACL a lookup finds
            {
                "main.tf": _ROUTE_IN
                + _EGRESS_IN
                + LOOKED_UP_ACL
                + LOOKED_UP_ACL_RULES.replace("ACL", 'join("", data.aws_network_acls.private.ids)')
            },
            [],
            "may get rule aws_network_acl_rule.https_out, whose network ACL is looked up by data source "
            "`data.aws_network_acls.private`, which may find this one",
        ),
        (  # the same through a module of rules, given what the lookup finds
            {
                "main.tf": _ROUTE_IN
                + _EGRESS_IN
                + LOOKED_UP_ACL
                + 'module "rules" {\n  source = "./rules"\n  acl    = one(data.aws_network_acls.private.ids)\n}\n',
                "rules/main.tf": 'variable "acl" {}\n' + LOOKED_UP_ACL_RULES.replace("ACL", "var.acl"),
            },
            [],
            "may get rule module.rules.aws_network_acl_rule.https_out, whose network ACL is looked up by data source "
            "`data.aws_network_acls.private`, which may find this one",
        ),
        (  # a root variable names no ACL of the run (as a CloudFormation parameter): the ACL's rules are known
            {
                "main.tf": _ROUTE_IN
                + _EGRESS_IN
                + LOOKED_UP_ACL
                + 'variable "acl" {}\n'
                + LOOKED_UP_ACL_RULES.replace("ACL", "var.acl")
            },
            ["W9621"],
            None,
        ),
    ],
)
def test_a_rule_on_what_a_data_source_looks_up_may_be_on_one_the_run_makes(tmp_path, files, expected, cause):
    """A route, egress rule or ACL rule on what a data source looks up (by tags, `depends_on` what the run makes)
    may be on the run's own table, group or ACL: its ::/0 route, IPv6 egress or ACL rules cannot be known, so W9610,
    W9620 and W9621 stay silent. They fired on tylert/wireguard-terraform, whose vpc_rules module adds every rule
    of the ACLs its vpc_core module makes through `data.aws_network_acls`."""
    result = engine.lint([module(tmp_path, files)])
    assert [r for r in rules(result) if r.startswith("W96")] == expected
    said = [u.cause for u in result.undecided if "looked up by data source" in (u.cause or "")]
    assert any(cause in c for c in said) if cause is not None else said == []


_OTHER_VPC = '\nresource "aws_vpc" "other" {\n  cidr_block = "10.1.0.0/16"\n}\n'


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (  # a lookup in another VPC of the run cannot find the function's table
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + _OTHER_VPC
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "data.aws_route_table.private.id").replace(
                    "  vpc_id     = aws_vpc.main.id\n  tags", "  vpc_id     = aws_vpc.other.id\n  tags"
                )
            },
            ["W9610"],
        ),
        (  # nor one by a tag the table does not carry
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "data.aws_route_table.private.id").replace(
                    'tags       = { Name = "private" }', 'tags       = { Name = "public" }'
                )
            },
            ["W9610"],
        ),
        (  # nor one by a `tag:` filter none of whose values fits
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "data.aws_route_table.private.id").replace(
                    'tags       = { Name = "private" }', 'filter {\n    name   = "tag:Name"\n    values = ["pub*"]\n  }'
                )
            },
            ["W9610"],
        ),
        (  # a filter whose pattern fits may find it
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "data.aws_route_table.private.id").replace(
                    'tags       = { Name = "private" }',
                    'filter {\n    name   = "tag:Name"\n    values = ["priv*"]\n  }',
                )
            },
            [],
        ),
        (  # nor may `tags` whose value is a pattern that fits: the provider asks for them as `tag:` filters
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "data.aws_route_table.private.id").replace(
                    'tags       = { Name = "private" }', 'tags       = { Name = "pri?ate*" }'
                )
            },
            [],
        ),
        (  # a pattern that does not fit cannot find it
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "data.aws_route_table.private.id").replace(
                    'tags       = { Name = "private" }', 'tags       = { Name = "pub*" }'
                )
            },
            ["W9610"],
        ),
        (  # the provider's default_tags may give the table any tag
            {
                "main.tf": 'provider "aws" {\n  default_tags {\n    tags = { Name = "public" }\n  }\n}\n'
                + LOOKED_UP_NETWORK
                + _EGRESS_IN
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "data.aws_route_table.private.id").replace(
                    'tags       = { Name = "private" }', 'tags       = { Name = "public" }'
                )
            },
            [],
        ),
        (  # nor may an aws_ec2_tag
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + 'resource "aws_ec2_tag" "public" {\n  resource_id = aws_route_table.private.id\n'
                + '  key         = "Name"\n  value       = "public"\n}\n'
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "data.aws_route_table.private.id").replace(
                    'tags       = { Name = "private" }', 'tags       = { Name = "public" }'
                )
            },
            [],
        ),
        (  # an aws_ec2_tag on another resource of the run gives the table no tag
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + 'resource "aws_ec2_tag" "public" {\n  resource_id = aws_subnet.private.id\n'
                + '  key         = "Name"\n  value       = "public"\n}\n'
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "data.aws_route_table.private.id").replace(
                    'tags       = { Name = "private" }', 'tags       = { Name = "public" }'
                )
            },
            ["W9610"],
        ),
        (  # nor one giving the table a key the lookup does not ask for
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + 'resource "aws_ec2_tag" "public" {\n  resource_id = aws_route_table.private.id\n'
                + '  key         = "Env"\n  value       = "public"\n}\n'
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "data.aws_route_table.private.id").replace(
                    'tags       = { Name = "private" }', 'tags       = { Name = "public" }'
                )
            },
            ["W9610"],
        ),
        (  # an aws_ec2_tag on a resource that cannot be known may tag the table
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + 'variable "tagged" {}\n'
                + 'resource "aws_ec2_tag" "public" {\n  resource_id = var.tagged\n'
                + '  key         = "Name"\n  value       = "public"\n}\n'
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "data.aws_route_table.private.id").replace(
                    'tags       = { Name = "private" }', 'tags       = { Name = "public" }'
                )
            },
            [],
        ),
        (  # tags a root variable gives cannot be known: the lookup may find it
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + 'variable "tags" {}\n'
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "data.aws_route_table.private.id").replace(
                    'tags       = { Name = "private" }', "tags       = var.tags"
                )
            },
            [],
        ),
        (  # a security group looked up by a tag the function's group does not carry
            {
                "main.tf": _ROUTE_IN
                + LOOKED_UP_EGRESS.replace("GROUP", "data.aws_security_group.fn.id").replace(
                    'tags       = { Name = "fn" }', 'tags       = { Name = "web" }'
                )
            },
            ["W9620"],
        ),
        (  # network ACLs looked up in another VPC of the run
            {
                "main.tf": _ROUTE_IN
                + _EGRESS_IN
                + _OTHER_VPC
                + LOOKED_UP_ACL.replace(
                    'data "aws_network_acls" "private" {\n  vpc_id     = aws_vpc.main.id',
                    'data "aws_network_acls" "private" {\n  vpc_id     = aws_vpc.other.id',
                )
                + LOOKED_UP_ACL_RULES.replace("ACL", 'join("", data.aws_network_acls.private.ids)')
            },
            ["W9621"],
        ),
        (  # the same ACLs looked up through a `vpc-id` filter naming the function's VPC: they may be found
            {
                "main.tf": _ROUTE_IN
                + _EGRESS_IN
                + _OTHER_VPC
                + LOOKED_UP_ACL.replace(
                    'data "aws_network_acls" "private" {\n  vpc_id     = aws_vpc.main.id',
                    'data "aws_network_acls" "private" {\n  filter {\n    name   = "vpc-id"\n'
                    "    values = [aws_vpc.other.id, aws_vpc.main.id]\n  }",
                )
                + LOOKED_UP_ACL_RULES.replace("ACL", 'join("", data.aws_network_acls.private.ids)')
            },
            [],
        ),
    ],
)
def test_a_lookup_whose_own_arguments_rule_out_the_runs_table_leaves_it_known(tmp_path, files, expected):
    """30a3ae4 opened every route table, security group or ACL of the run where a rule is attached through a data
    source lookup; a lookup whose `vpc_id` (or `vpc-id` filter) names another VPC of the run, or whose tags or `tag:`
    filter ask for what the table's code does not write, cannot find it: its ::/0 route, egress or ACL rules stay
    known and W9610, W9620, W9621 fire. Anything undecided (a variable's tags, the provider's default_tags, an
    aws_ec2_tag on the table or on what cannot be known) still opens it; one on another resource, or of a key the
    lookup does not ask for, does not."""
    result = engine.lint([module(tmp_path, files)])
    assert [r for r in rules(result) if r.startswith("W96")] == expected
    said = [u.cause for u in result.undecided if "looked up by data source" in (u.cause or "")]
    assert (said == []) == bool(expected)


def _ec2_tag(name, resource_id, key, value="public"):
    return (
        f'resource "aws_ec2_tag" "{name}" {{\n  resource_id = {resource_id}\n'
        f'  key         = "{key}"\n  value       = "{value}"\n}}\n'
    )


@pytest.mark.parametrize(
    ("tags", "lookup_tags", "named"),
    [
        (  # the table's code writes Name = "private": only the aws_ec2_tag's Name = "public" fits
            _ec2_tag("public", "aws_route_table.private.id", "Name"),
            '{ Name = "public" }',
            ["aws_ec2_tag.public"],
        ),
        (  # beside one of a key the lookup does not ask for, which is not named
            _ec2_tag("env", "aws_route_table.private.id", "Env")
            + _ec2_tag("public", "aws_route_table.private.id", "Name"),
            '{ Name = "public" }',
            ["aws_ec2_tag.public"],
        ),
        (  # one on a resource that cannot be known may tag it
            'variable "tagged" {}\n' + _ec2_tag("maybe", "var.tagged", "Name"),
            '{ Name = "public" }',
            ["aws_ec2_tag.maybe"],
        ),
        (  # its own tags fit: no aws_ec2_tag is why
            _ec2_tag("public", "aws_route_table.private.id", "Name"),
            '{ Name = "private" }',
            [],
        ),
    ],
)
def test_explain_names_the_aws_ec2_tag_through_which_a_lookup_may_find_a_table(tmp_path, tags, lookup_tags, named):
    """3c98760's left-over: where a lookup may find a table only through a tag an aws_ec2_tag may give it, --explain
    said "which may find this one" and left the user to find why. It names the aws_ec2_tag and its place, what to
    change (or the table's own tags) to decide it; not one whose key the lookup does not ask for, and none where the
    table's own tags fit."""
    files = {
        "main.tf": LOOKED_UP_NETWORK
        + _EGRESS_IN
        + tags
        + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "data.aws_route_table.private.id").replace(
            'tags       = { Name = "private" }', f"tags       = {lookup_tags}"
        )
    }
    folder = module(tmp_path, files)
    result = engine.lint([folder])
    assert [r for r in rules(result) if r.startswith("W96")] == []
    said = [u.cause or "" for u in result.undecided if "which may find this one" in (u.cause or "")]
    assert said
    text = files["main.tf"]

    def line_of(name):
        return text[: text.index(f'resource "aws_ec2_tag" "{name.split(".")[1]}"')].count("\n") + 1

    for cause in said:
        if not named:
            assert cause.endswith("which may find this one"), cause
            continue
        where = [f"`{name}` ({folder}/main.tf:{line_of(name)})" for name in named]
        assert cause.endswith(f"which may find this one by the tag that {', '.join(where)} may give it"), cause


_DEFAULT_TAGS = 'provider "aws" {\n  region = "us-east-1"\n  default_tags {\n    tags = { Tier = "app" }\n  }\n}\n'
_TIER = '{ Name = "private", Tier = "app" }'  # (the table's code writes Name = "private" only)


@pytest.mark.parametrize(
    ("providers", "lookup_tags", "named"),
    [
        (_DEFAULT_TAGS, _TIER, ["`aws` (MAIN:1)"]),  # only the default_tags may give it Tier = "app"
        (  # two providers with default_tags, an alias among them: either may be the table's
            _DEFAULT_TAGS + _DEFAULT_TAGS.replace('"aws" {\n', '"aws" {\n  alias = "west"\n'),
            _TIER,
            ["`aws` (MAIN:1)", "`aws.west` (MAIN:7)"],
        ),
        (_DEFAULT_TAGS, '{ Name = "private" }', []),  # the table's own tags fit: default_tags are not why
        ('provider "aws" {\n  region = "us-east-1"\n}\n', _TIER, None),  # none: the lookup cannot find it
    ],
)
def test_explain_names_the_provider_whose_default_tags_a_lookup_may_find_a_table_by(
    tmp_path, providers, lookup_tags, named
):
    """80b6ead's left-over: a provider's default_tags leave a lookup's tags undecided as an aws_ec2_tag does, and
    --explain named the aws_ec2_tag but said only "which may find this one" where the provider's default_tags were
    why. It names the provider block and its place (what to change, or the table's own tags, to decide it), none
    where the table's own tags fit."""
    files = {
        "main.tf": providers
        + LOOKED_UP_NETWORK
        + _EGRESS_IN
        + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "data.aws_route_table.private.id").replace(
            'tags       = { Name = "private" }', f"tags       = {lookup_tags}"
        )
    }
    folder = module(tmp_path, files)
    result = engine.lint([folder])
    found = [r for r in rules(result) if r.startswith("W96")]
    assert found == ([] if named is not None else ["W9610"]), found
    said = [u.cause or "" for u in result.undecided if "which may find this one" in (u.cause or "")]
    assert bool(said) is (named is not None), said
    for cause in said:
        if not named:
            assert cause.endswith("which may find this one"), cause
            continue
        where = " or ".join(
            f"the default_tags of provider {name.replace('MAIN', f'{folder}/main.tf')}" for name in named
        )
        assert cause.endswith(f"which may find this one by the tags that {where} may give it"), cause


_NET_MODULE = (
    'output "private_rtb_id" {\n  value = "rtb-0123456789abcdef0"\n}\n\noutput "fn_sg" {\n  value = "sg-0123"\n}\n'
)


@pytest.mark.parametrize(
    ("files", "expected", "cause"),
    [
        (  # levi-x00/my-devops-portfolio: an output the module does not declare (it declares private_rtb_id), of a
            # module given the root's table (an output of it may pass it on)
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + 'module "net" {\n  source = "./net"\n  rt     = aws_route_table.private.id\n}\n'
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "module.net.private_rt_id"),
                "net/main.tf": 'variable "rt" {}\n' + _NET_MODULE,
            },
            [],
            "may get a route from aws_route.ipv6, whose route table cannot be known: `module.net.private_rt_id` reads "
            "output `private_rt_id`, which `module.net` does not declare: Terraform rejects it",
        ),
        (  # the output it does declare names a table of another configuration: the function's has no ::/0 route
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + 'module "net" {\n  source = "./net"\n}\n'
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "module.net.private_rtb_id"),
                "net/main.tf": _NET_MODULE,
            },
            ["W9610"],
            None,
        ),
        (  # a module call nobody declares
            {"main.tf": LOOKED_UP_NETWORK + _EGRESS_IN + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "module.nets.rt_id")},
            [],
            "whose route table cannot be known: `module.nets.rt_id` names module `nets`, which is not declared: "
            "Terraform rejects it",
        ),
        (  # a resource nobody declares (a typo for aws_route_table.private)
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "aws_route_table.privat.id")
            },
            [],
            "`aws_route_table.privat.id` names resource `aws_route_table.privat`, which is not declared: Terraform "
            "rejects it",
        ),
        (  # an egress rule on a group an undeclared output names, of a module given the root's groups
            {
                "main.tf": _ROUTE_IN
                + 'module "net" {\n  source = "./net"\n  groups = { fn = aws_security_group.fn }\n}\n'
                + LOOKED_UP_EGRESS.replace("GROUP", "module.net.fn_sg_id"),
                "net/main.tf": 'variable "groups" {}\n' + _NET_MODULE,
            },
            [],
            "may get egress rule aws_vpc_security_group_egress_rule.https6, whose security group cannot be known: "
            "`module.net.fn_sg_id` reads output `fn_sg_id`, which `module.net` does not declare: Terraform rejects it",
        ),
        (  # ACL rules of a module of rules given an undeclared local, through its variable
            {
                "main.tf": _ROUTE_IN
                + _EGRESS_IN
                + LOOKED_UP_ACL
                + 'module "rules" {\n  source = "./rules"\n  acl    = local.private_acl\n}\n',
                "rules/main.tf": 'variable "acl" {}\n' + LOOKED_UP_ACL_RULES.replace("ACL", "var.acl"),
            },
            [],
            "may get rule module.rules.aws_network_acl_rule.https_out, whose network ACL cannot be known: "
            "`local.private_acl` names `local.private_acl`, which is not declared: Terraform rejects it",
        ),
    ],
)
def test_a_rule_on_a_reference_terraform_rejects_is_on_a_table_that_cannot_be_known(tmp_path, files, expected, cause):
    """A route, egress rule or ACL rule on a reference Terraform rejects (an output its module does not declare, a
    module call, resource or local nobody declares) is most often on a name mistyped for one of the run's: which
    table, group or ACL gets it cannot be known, never none. levi-x00/my-devops-portfolio routes 0.0.0.0/0 to a
    transit gateway on `module.spoke1_vpc.private_rt_id` (the module declares private_rtb_id): the route was dropped
    and I9605/W9630 said the function had no default route."""
    result = engine.lint([module(tmp_path, files)])
    assert [r for r in rules(result) if r.startswith("W96")] == expected
    said = [u.cause for u in result.undecided if "Terraform rejects it" in (u.cause or "")]
    assert any(cause in c for c in said) if cause is not None else said == []


_OWN_NET = """
variable "vpc_cidr" {}

resource "aws_vpc" "this" {
  cidr_block = var.vpc_cidr
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id
}

resource "aws_security_group" "app" {
  vpc_id = aws_vpc.this.id
}

output "private_rtb_id" {
  value = aws_route_table.private.id
}
"""

_NET_CALL = 'module "net" {\n  source   = "./net"\n  vpc_cidr = "10.1.0.0/16"\n}\n'


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (  # an output a module of its own network does not declare: its table once declared, never the root's
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + _NET_CALL
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "module.net.private_rt_id"),
                "net/main.tf": _OWN_NET,
            },
            ["W9610"],
        ),
        (  # the same for an egress rule on its group
            {
                "main.tf": _ROUTE_IN + _NET_CALL + LOOKED_UP_EGRESS.replace("GROUP", "module.net.app_sg_id"),
                "net/main.tf": _OWN_NET,
            },
            ["W9620"],
        ),
        (  # a route in a module of routes on a table nobody declares there: one of that module's own
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + 'module "routes" {\n  source = "./routes"\n  gw     = aws_egress_only_internet_gateway.eigw.id\n}\n',
                "routes/main.tf": 'variable "gw" {}\n\n'
                + LOOKED_UP_ROUTE.split("data ")[0]
                .replace("ROUTE_TABLE", "aws_route_table.privat.id")
                .replace("aws_egress_only_internet_gateway.eigw.id", "var.gw"),
            },
            ["W9610"],
        ),
        (  # the module is given the root's table: an output may pass it on
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + _NET_CALL.replace("}", "  tables   = [aws_route_table.private.id]\n}")
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "module.net.private_rt_id"),
                "net/main.tf": 'variable "tables" {}\n' + _OWN_NET,
            },
            [],
        ),
        (  # given another module's output, through a local
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + 'module "ids" {\n  source = "./ids"\n  rt     = aws_route_table.private.id\n}\n'
                + "locals {\n  tables = [module.ids.rt]\n}\n"
                + _NET_CALL.replace("}", "  tables   = local.tables\n}")
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "module.net.private_rt_id"),
                "ids/main.tf": 'variable "rt" {}\n\noutput "rt" {\n  value = var.rt\n}\n',
                "net/main.tf": 'variable "tables" {}\n' + _OWN_NET,
            },
            [],
        ),
        (  # the module looks up route tables: one of its lookups may find the root's
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + _NET_CALL
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "module.net.private_rt_id"),
                "net/main.tf": _OWN_NET + 'data "aws_route_tables" "all" {}\n',
            },
            [],
        ),
        (  # a variable nobody declares: what the caller gives may be anything
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + 'module "routes" {\n  source = "./routes"\n  gw     = aws_egress_only_internet_gateway.eigw.id\n}\n',
                "routes/main.tf": 'variable "gw" {}\n\n'
                + LOOKED_UP_ROUTE.split("data ")[0]
                .replace("ROUTE_TABLE", "var.table_id")
                .replace("aws_egress_only_internet_gateway.eigw.id", "var.gw"),
            },
            [],
        ),
        (  # a resource of another kind nobody declares (a security group's id for a route table's)
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "aws_security_group.privat.id")
            },
            [],
        ),
        (  # two references Terraform rejects, one of which may be anything
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + _NET_CALL
                + 'variable "on" {\n  default = true\n}\n'
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "var.on ? module.net.private_rt_id : local.table"),
                "net/main.tf": _OWN_NET,
            },
            [],
        ),
    ],
)
def test_a_reference_terraform_rejects_stands_for_one_of_the_module_that_holds_it(tmp_path, files, expected):
    """5b44938 opened every route table, security group or ACL of the run where a rule is on a reference Terraform
    rejects. An output a module call does not declare, once declared, is one of that module's resources (or of the
    modules it calls), and `aws_route_table.privat.id` one of its own module's route tables: the root's table keeps
    its routes known. Not where the module is given what may name another's (an input reading a resource, a module's
    output), looks things up (a data source), or what is rejected may stand for anything (a variable, a local)."""
    result = engine.lint([module(tmp_path, files)])
    assert [r for r in rules(result) if r.startswith("W96")] == expected
    said = [u.cause for u in result.undecided if "Terraform rejects it" in (u.cause or "")]
    assert (said == []) == bool(expected), said


@pytest.mark.parametrize(
    ("files", "cause"),
    [
        (  # the output is declared, in a file of the module that cannot be parsed
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + 'module "net" {\n  source = "./net"\n}\n'
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "module.net.private_rt_id"),
                "net/main.tf": _NET_MODULE,
                "net/outputs.tf": 'output "private_rt_id" {\n  value = "rtb-0123456789abcdef0"\n',
            },
            "whose route table cannot be known: `module.net.private_rt_id` reads output `private_rt_id`, which the "
            "files of `module.net` that parse do not declare: its file `net/outputs.tf` cannot be parsed (E9600) and "
            "may declare it",
        ),
        (  # the resource is declared, in a file of the same module that cannot be parsed
            {
                "main.tf": LOOKED_UP_NETWORK
                + _EGRESS_IN
                + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", "aws_route_table.b.id"),
                "tables.tf": 'resource "aws_route_table" "b" {\n  vpc_id = aws_vpc.main.id\n',
            },
            "`aws_route_table.b.id` names resource `aws_route_table.b`, which the files that parse do not declare: its "
            "file `tables.tf` cannot be parsed (E9600) and may declare it",
        ),
    ],
)
def test_a_reference_a_file_that_cannot_be_parsed_may_declare_is_not_said_to_be_rejected(tmp_path, files, cause):
    """An output or resource that seems undeclared because the file declaring it cannot be parsed (E9600 there) is
    not one Terraform rejects: --explain names that file, and what the route is on stays unknown."""
    result = engine.lint([module(tmp_path, files)])
    assert [r for r in rules(result) if r.startswith("W96")] == []
    assert "E9600" in rules(result)
    said = [u.cause or "" for u in result.undecided]
    assert any(cause in c for c in said), said
    assert not any("Terraform rejects it" in c for c in said)


def _with_input(tmp_path, fixture: str, call: str, line: str) -> str:
    """A copy of a fixture whose module call `call` also sets `line`."""
    text = (FIXTURES / fixture / "main.tf").read_text()
    head = f'module "{call}" {{\n'
    assert head in text
    return module(tmp_path, {"main.tf": text.replace(head, f"{head}  {line}\n", 1)})


@pytest.mark.parametrize(
    ("fixture", "call", "line", "rule", "fires"),
    [
        # vpc: an input of 5.9.0 the model does not read, one no release has
        (
            "W9610/bad-registry-vpc-without-egress-only-gateway",
            "vpc",
            'vpc_flow_log_iam_role_name = "x"',
            "W9610",
            True,
        ),
        ("W9610/bad-registry-vpc-without-egress-only-gateway", "vpc", "ipv6_egress_only_routes = true", "W9610", False),
        ("W9610/bad-registry-vpc-without-egress-only-gateway", "vpc", "create_egress_only_igw_ = true", "W9610", False),
        # lambda: an input of 8.x it does not read (logging_log_group), one no release has
        ("I9651/bad-registry-lambda-module-flag-off", "fn", 'logging_log_group = "x"', "W9601", True),
        ("I9651/bad-registry-lambda-module-flag-off", "fn", "ipv6_dual_stack = true", "W9601", False),
        ("I9651/bad-registry-lambda-module-flag-off", "fn", 'logging_log_group = "x"', "I9651", True),
        ("I9651/bad-registry-lambda-module-flag-off", "fn", "ipv6_dual_stack = true", "I9651", False),
        # vpc-endpoints: `tags` (read by no model), `gateway_endpoints` (no release)
        ("W9630/bad-registry-vpc-endpoints-interface-only", "vpc_endpoints", 'tags = { a = "b" }', "W9630", True),
        ("W9630/bad-registry-vpc-endpoints-interface-only", "vpc_endpoints", "gateway_endpoints = {}", "W9630", False),
    ],
)
def test_a_modelled_call_given_an_input_no_release_has_makes_nothing_known(tmp_path, fixture, call, line, rule, fires):
    """An input no release the model follows has (module_inputs.py: a later release's, or misspelt) may change what
    the model would say, even the very route or flag a finding is about: nothing the call makes is known, and
    --explain names the input, the releases and `terraform init`. An input of those releases the model does not read
    changes nothing it makes: the call is modelled as before."""
    result = engine.lint([_with_input(tmp_path, fixture, call, line)])
    assert (rule in rules(result)) is fires
    name = line.split()[0]
    said = [u.text for u in result.undecided if f"it is given `{name}`, which no release of" in u.text]
    assert bool(said) is not fires
    assert not said or "(`terraform init`, or the module vendored as a local module)" in said[0]


def test_a_call_given_an_input_no_release_has_reads_the_code_terraform_init_installed(tmp_path):
    """Installed in .terraform/modules, the module's own code knows the input the model does not: it is read, not
    the model (which would give up)."""
    import shutil

    shutil.copytree(FIXTURES / "W9611" / "bad-registry-module-from-terraform-dir", tmp_path / "m")
    main_tf = tmp_path / "m" / "main.tf"
    main_tf.write_text(main_tf.read_text().replace('  name = "orders"\n', '  name = "orders"\n  future_input = 1\n'))
    result = engine.lint([str(tmp_path / "m")])
    # (the installed copy's subnets are dual-stack, the model's would not be: enable_ipv6 is not set)
    assert "W9601" in rules(result)
    assert not [u for u in result.undecided if "built-in model" in u.text]


def test_every_input_a_model_reads_is_one_of_its_releases():
    """A model reading a name its module has no input of would model nothing real (and module_inputs.py's list
    would call that input unknown)."""
    from lambda6lint.loaders.terraform import models
    from lambda6lint.loaders.terraform.evaluator import Declared
    from lambda6lint.loaders.terraform.hcl import Block
    from lambda6lint.loaders.terraform.module_inputs import INPUTS

    class Reads(dict):
        def __contains__(self, name):
            read.add(name)
            return False

    for key, model in models._MODELS.items():
        read: set[str] = set()
        call = models.Call("module.m.", {}, Declared(Block("module", ["m"]), "main.tf"), values=Reads())
        models.explore(model, call)
        assert read and read <= INPUTS[key], (key, read - INPUTS[key])
