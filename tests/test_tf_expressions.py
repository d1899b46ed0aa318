"""Terraform expressions as Terraform evaluates them: the functions real modules use (each against
the examples and errors of Terraform's documentation), `try`/`can` telling an error from an unknown
value, grouping `for` expressions, operators, templates, and variables converted to their type.
Whatever cannot be known is UNKNOWN, never a guess."""

from __future__ import annotations

import pytest

from lambda6lint.loaders.terraform import hcl
from lambda6lint.loaders.terraform.evaluator import Evaluator, Module, Scope
from lambda6lint.loaders.terraform.values import PRESENT, Link, Partial
from lambda6lint.model import UNKNOWN

#: What the expressions below may refer to: a module shaped like real ones (count, for_each over a
#: variable's objects, data sources, a variable with optional attributes).
MODULE = """
variable "triggers" {
  type = any
  default = {
    api    = { service = "apigateway", source_arn = "arn:aws:execute-api:eu-west-1:1:abc/*" }
    events = { principal = "events.amazonaws.com" }
  }
}
variable "settings" {
  type = object({
    subnets = optional(list(string))
    flag    = optional(bool, true)
    name    = string
  })
  default = { name = "orders", extra = "dropped" }
}
variable "nothing" {
  type = list(string)
}
variable "count_as_text" {
  type    = number
  default = "3"
}
locals {
  subnets = [
    { az = "eu-west-1a", id = "subnet-1" },
    { az = "eu-west-1b", id = "subnet-2" },
    { az = "eu-west-1a", id = "subnet-3" },
  ]
  obj     = { present = "yes", inner = { deep = 1 } }
  unknown = data.aws_subnets.private.ids
}
data "aws_subnets" "private" {}
resource "aws_lambda_function" "this" {
  count         = 1
  function_name = "fn"
}
resource "aws_lambda_function" "none" {
  count         = 0
  function_name = "fn"
}
resource "aws_lambda_permission" "triggers" {
  for_each  = var.triggers
  principal = try(each.value.principal, format("%s.amazonaws.com", try(each.value.service, "")))
}
"""


@pytest.fixture(scope="module")
def module():
    found = Module(folder=".", prefix="")
    found.add("main.tf", hcl.parse(MODULE))
    return found


#: The expressions `value` parsed, kept alive as a module's files keep theirs: the evaluator caches by
#: `id(expr)` per module (hole links), and a freed expression's id, reused by the next one parsed, read
#: another case's links (a heredoc of `none[*]` took `this[0]`'s, in a full run only).
_PARSED: list = []


def value(module, text: str):
    """The value of one expression, evaluated in MODULE."""
    expr = hcl.parse(f"v = {text}\n").attributes["v"].expr
    _PARSED.append(expr)
    return Evaluator().eval(expr, Scope(module, "main.tf"))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # cidr functions: Terraform's documented examples
        ('cidrsubnet("172.16.0.0/12", 4, 2)', "172.18.0.0/16"),
        ('cidrsubnet("10.1.2.0/24", 4, 15)', "10.1.2.240/28"),
        ('cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)', "fd00:fd12:3456:7800:a200::/72"),
        ('cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)', ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]),
        (
            'cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)',
            [
                "fd00:fd12:3456:7800::/72",
                "fd00:fd12:3456:7800:100::/72",
                "fd00:fd12:3456:7800:200::/72",
                "fd00:fd12:3456:7800:300::/88",
            ],
        ),
        ('cidrhost("10.12.112.0/20", 16)', "10.12.112.16"),
        ('cidrhost("10.12.112.0/20", 268)', "10.12.113.12"),
        ('cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)', "fd00:fd12:3456:7890::22"),
        ('cidrhost("10.0.0.0/24", -1)', "10.0.0.255"),
        ('cidrnetmask("172.16.0.0/12")', "255.240.0.0"),
        # collections
        (
            'matchkeys(["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"])',
            ["i-abc", "i-def"],
        ),
        ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}),
        (
            'zipmap(["current_version", "unqualified_alias"], [true, null])',
            {"current_version": True, "unqualified_alias": None},
        ),
        ('distinct(["a", "b", "a", "c", "d", "b"])', ["a", "b", "c", "d"]),
        (
            'distinct(concat(["subnet-1"], lookup({subnet_ids = ["subnet-1", "subnet-2"]}, "subnet_ids", [])))',
            ["subnet-1", "subnet-2"],
        ),
        ('compact(["a", "", "b", null, "c"])', ["a", "b", "c"]),
        ('compact(split(",", lookup({cidr_blocks = "10.0.0.0/8,"}, "cidr_blocks", "")))', ["10.0.0.0/8"]),
        ('compact(split(",", lookup({}, "ipv6_cidr_blocks", "")))', []),
        ('slice(["lambda.amazonaws.com", "edgelambda.amazonaws.com"], 0, 1)', ["lambda.amazonaws.com"]),
        ('contains(["DEBUG", "INFO"], "INFO")', True),
        ('contains(["DEBUG", "INFO"], "TRACE")', False),
        ("one([])", None),
        ('one(["hello"])', "hello"),
        ('sort(["e", "d", "a", "x"])', ["a", "d", "e", "x"]),
        ("sort([10, 9, 100])", ["10", "100", "9"]),  # numbers sort as strings
        (
            'setproduct(["development", "staging"], ["app1", "app2"])',
            [["development", "app1"], ["development", "app2"], ["staging", "app1"], ["staging", "app2"]],
        ),
        ('element(["a", "b", "c"], 3)', "a"),
        ('element(["a", "b", "c"], -1)', "c"),
        ('coalescelist([], ["a"])', ["a"]),
        ('coalesce("", "b")', "b"),
        ('coalesce(1, "a")', "1"),  # the arguments share one type: string
        ('try(coalesce([1], "a"), "none")', "none"),  # a list and a string share none: Terraform's error
        ('try(coalesce({a = 1}, [1]), "none")', "none"),
        ("can(coalesce(true, {a = 1}))", False),
        ("coalesce([], [1])", []),  # (an empty list is neither null nor an empty string)
        ('lookup({a = 1}, "b", 2)', 2),
        ("range(3)", [0, 1, 2]),
        ("range(5, 1)", [5, 4, 3, 2]),
        ("range(0, 1, 0.25)", [0, 0.25, 0.5, 0.75]),
        ('toset(["b", "a", "b"])', ["a", "b"]),
        ("keys({b = 1, a = 2})", ["a", "b"]),
        # strings
        ('join(", ", ["foo", "bar", "baz"])', "foo, bar, baz"),
        ('join(",", ["a"], ["b"])', "a,b"),
        ('join("-", [1, true])', "1-true"),
        ('split(",", "foo,bar,baz")', ["foo", "bar", "baz"]),
        ('split(",", "")', [""]),
        ('split("", "abc")', ["a", "b", "c"]),
        ('split("_", "prod_eu-west-1")[1]', "eu-west-1"),
        ('replace("1 + 2 + 3", "+", "-")', "1 - 2 - 3"),
        ('replace("my.topic", ".", "-")', "my-topic"),
        ('format("Hello, %s!", "Ander")', "Hello, Ander!"),
        ('format("There are %d lights", 4)', "There are 4 lights"),
        ('format("%s.amazonaws.com", "apigateway")', "apigateway.amazonaws.com"),
        (
            'format("%v|%5d|%-5s|%q|%t|%x|%05d|%+d", 1234567, 42, "ab", "x<", "true", 255, -42, 3)',
            '1.234567e+06|   42|ab   |"x\\u003c"|true|ff|-0042|+3',
        ),
        ('format("%v %v %v", true, null, [1])', "true null [1]"),
        ('format("%[2]s-%[1]s", "a", "b")', "b-a"),
        ("tostring(true)", "true"),
        ("tostring(1.5)", "1.5"),
        ('tonumber("1.5")', 1.5),
        ('tobool("false")', False),
        # JSON: no spaces, keys sorted, Go's HTML-safe escapes, numbers as Terraform writes them
        ('jsonencode({hello = "world"})', '{"hello":"world"}'),
        ('jsonencode({b = [1, 2.5, true, null], a = "<&>é"})', '{"a":"\\u003c\\u0026\\u003eé","b":[1,2.5,true,null]}'),
        ('jsondecode("{\\"hello\\": \\"world\\"}")', {"hello": "world"}),
        ('jsondecode("[1, 2.5, true, null]")', [1, 2.5, True, None]),
        ('jsondecode(jsonencode({a = [1]}))["a"]', [1]),
        # operators convert as Terraform's do; a number a float cannot hold is unknown
        ('"1" + 1', 2),
        ("7 % -3", 1),  # the sign of the dividend, as in Go
        ("-7 % 3", -1),
        ("3 / 2", 1.5),
        ("5 % 0", 5),
        ('"true" && true', True),
        ('1 == "1"', False),
        ("[1] == [true]", False),
        ('"x-${true}-${1.0}"', "x-true-1"),
        ("var.count_as_text", 3),  # converted to the variable's type
        # splats: what follows `[*]` applies to each item; the legacy `.*` takes attributes only, and
        # what follows them applies to the list it makes (HCL's spec; 0.11-era `x.*.id[count.index]`)
        ("local.subnets[*].id", ["subnet-1", "subnet-2", "subnet-3"]),
        ("local.subnets.*.id", ["subnet-1", "subnet-2", "subnet-3"]),
        ("local.subnets.*.id[1]", "subnet-2"),
        ('"${local.subnets.*.az[2]}"', "eu-west-1a"),
        ("[[1, 2], [3, 4]][*][1]", [2, 4]),
        ("[[1, 2], [3, 4]].*[1]", [3, 4]),
        ("length(local.subnets.*.id)", 3),
        # Terraform 1.3+ strings and collections (each was an unknown value, so a rule stayed silent)
        ('startswith("eu-west-1a", "eu-")', True),
        ('endswith("fd00::/56", "/64")', False),
        ('trimprefix("subnet-private-a", "subnet-")', "private-a"),
        ('trimprefix("subnet-a", "")', "subnet-a"),
        ('trimsuffix("private-a", "-a")', "private"),
        ('alltrue([true, "true"])', True),
        ("alltrue([])", True),
        ("alltrue([false, local.unknown])", False),
        ("alltrue([true, null])", False),
        ('anytrue([local.unknown, "true"])', True),
        ("anytrue([])", False),
        ('reverse(["a", "b", "c"])', ["c", "b", "a"]),
        ('index(["a", "b"], "b")', 1),
        ('setunion(["b", "a"], ["c", "a"])', ["a", "b", "c"]),
        ('setintersection(["b", "a", "c"], ["c", "a"])', ["a", "c"]),
        ('setsubtract(["b", "a", "c"], ["c"])', ["a", "b"]),
        ('nonsensitive(sensitive("subnet-1"))', "subnet-1"),
        ('trimspace("  eu-west-1a\\n")', "eu-west-1a"),
        ('chomp("10.0.0.0/16\\r\\n\\n")', "10.0.0.0/16"),
        ('strcontains("subnet-private-a", "private")', True),
        ("sum([1, 2, 3])", 6),
        ("abs(-3)", 3),
        ("signum(-7)", -1),
        ("ceil(4)", 4),
        ("ceil(4.5)", 5),  # a fraction the float holds exactly: Terraform's value
        ("floor(5 / 2)", 2),
        ("floor(-0.5)", -1),
        ("floor(1e300)", 1e300),  # whole: itself, not the float's binary digits
        ('substr("eu-west-1a", 0, 9)', "eu-west-1"),
        ('substr("eu-west-1a", -1, -1)', "a"),
        ('substr("eu-west-1a", 8, 10)', "1a"),
    ],
)
def test_known_values(module, text, want):
    got = value(module, text)
    assert got == want and type(got) is type(want), got


@pytest.mark.parametrize(
    "text",
    [
        # Terraform rejects these calls: unknown here, and a fallback for try()
        'cidrsubnet("10.0.0.0/30", 4, 0)',
        'cidrsubnet("10.0.0.0/16", 4, 16)',
        'cidrhost("10.0.0.0/30", 4)',
        'cidrnetmask("fd00::/56")',
        'cidrsubnets("10.0.0.0/24", 1, 1, 1)',
        'zipmap(["a"], [1, 2])',
        'slice(["a", "b"], 1, 3)',
        'slice(["a", "b"], 2, 1)',
        'one(["a", "b"])',
        "element([], 0)",
        "coalescelist([], [])",
        'coalesce("", null)',
        'coalesce([1], "a")',  # (no type the arguments share)
        'lookup({a = 1}, "b")',
        "range(1025)",
        "range(1, 5, -1)",
        'tobool("yes")',
        'tonumber("ten")',
        'jsondecode("{")',
        'jsondecode("NaN")',
        'format("%d", 1.5)',
        'format("%s", "a", "b")',
        'format("%s %s", "a")',
        'sort(["a", null])',
        "{for s in local.subnets : s.az => s.id}",  # a key twice, without `...`
        "local.obj.missing",
        "[1, 2][2]",
        'jsondecode("[1, 2]")[5]',
        'replace("hello world", "/w.*d/", "everybody")',  # RE2: not evaluated here
        'format("%.2f", 3.14159)',  # Go's formatting of a 512-bit number
        "1 / 3",
        'length("héllo")',  # grapheme clusters
        "var.nothing",
        "local.unknown",
        "length(local.unknown)",
        'contains(local.unknown, "subnet-1")',
        'alltrue(["yes"])',
        'index(["a"], "b")',
        "setunion()",
        "alltrue([local.unknown, false])",  # in order, as Terraform: the unknown element comes first
        "anytrue([false, local.unknown])",
        'index([local.unknown, "b"], "b")',
        'startswith(local.unknown, "eu-")',
        "sum([1, local.unknown])",
        "sum([])",  # (Terraform rejects it)
        "sum([0.1, 0.2])",  # (512-bit floats)
        'substr("héllo", 0, 2)',  # grapheme clusters
        'setsubtract(["a"], local.unknown)',
        "trimspace(local.unknown)",
        # more digits than a float holds, past the 28 Python's decimals round to by default: not 0.1
        'tonumber("0.10000000000000000000000000001")',
        'tonumber("0.10000000000000000000000000001") == 0.1',
        'max("0.10000000000000000000000000001", 0)',
    ],
)
def test_unknown_values(module, text):
    assert value(module, text) is UNKNOWN


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("tostring(1e300)", "1" + "0" * 300),  # (not int(1e300)'s digits, 1000000000000000052504760255…)
        ('format("%v", 1e300)', "1e+300"),
        ('element(["a", "b", "c"], 1e300)', UNKNOWN),  # (10**300 % 3 is 1: int(1e300) % 3 is 0, "a")
        ('format("%d", 1e300)', UNKNOWN),
        ('substr("abc", 0, 1e300)', UNKNOWN),
    ],
)
def test_a_whole_float_past_2_53_stands_for_its_decimal(module, text, want):
    """A number literal past 10**300 is held as a float standing for the decimal written (parse_number):
    written as text it is that decimal, and used as a whole number (an index, a length, `%d`) it is unknown,
    not the float's binary value, whose digits and remainders are others."""
    got = value(module, text)
    assert got == want if want is not UNKNOWN else got is UNKNOWN, got


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("length(slice(local.unknown, 0, 3))", 3),  # three items, or Terraform fails
        ("[for i, v in slice(local.unknown, 1, 3) : i]", [0, 1]),
        ("slice(local.unknown, 0, 3)[0]", UNKNOWN),
        ("slice(local.unknown, 0, 64)[63]", UNKNOWN),
        ("length(slice(local.unknown, 0, 65))", UNKNOWN),  # (a list of unknowns past MAX_UNKNOWN: not built)
        ("slice(local.unknown, 3, 1)", UNKNOWN),  # (rejected)
    ],
)
def test_a_slice_of_an_unknown_list_has_a_known_length(module, text, want):
    """`azs = slice(data.aws_availability_zones.available.names, 0, 3)`, as most terraform-aws-vpc
    examples write it: what each zone is cannot be known, how many there are can."""
    assert value(module, text) == want


def test_grouping_for_expression(module):
    """`{for s in x : s.az => s.id...}` groups the values of a key in a list, in the elements' order."""
    assert value(module, "{for s in local.subnets : s.az => s.id...}") == {
        "eu-west-1a": ["subnet-1", "subnet-3"],
        "eu-west-1b": ["subnet-2"],
    }


def test_a_map_is_iterated_in_key_order(module):
    assert value(module, "[for k, v in {b = 1, a = 2} : k]") == ["a", "b"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # an attribute a known object lacks is an error: try() moves on
        ('try(local.obj.missing, "fallback")', "fallback"),
        ('try(local.obj.inner.deep, "fallback")', 1),
        ('try(local.obj.inner.missing.deeper, "fallback")', "fallback"),
        ('try(local.subnets[7].id, "none")', "none"),
        ("try(var.settings.subnets, [])", None),  # optional: null, not an error
        ('try(var.settings.extra, "dropped")', "dropped"),  # not in the type: gone
        ("var.settings.flag", True),  # the optional attribute's default
        ('try(aws_lambda_function.none[0].arn, "")', ""),  # count = 0: no instance
        ('try(aws_lambda_function.this[0].arn, "")', Link("aws_lambda_function.this[0]", "arn")),
        ('try(tonumber("ten"), 0)', 0),
        # a function's argument of the wrong type is Terraform's error, not an unknown value
        ('try(range("abc"), [])', []),
        ('try(range(1, "x"), [0])', [0]),
        ('try(max("a", 1), 0)', 0),
        ('try(format("%d", "x"), "none")', "none"),
        ('try(cidrsubnet("subnet-1", 8, 0), "none")', "none"),  # no CIDR: "invalid CIDR expression"
        ('try(cidrsubnet("10.0.0.0/33", 8, 0), "none")', "none"),
        ('try(cidrhost("10.0.0.0", 0), "none")', "none"),  # (no prefix length: Python reads a /32)
        ('can(cidrnetmask("fd00::/129"))', False),
        ('try(range("3"), [])', [0, 1, 2]),  # (a numeric string converts)
        ('can(cidrsubnet("010.0.0.0/16", 8, 1))', True),  # (Go's parser reads it, where Python's does not)
        ('try(jsondecode("{"), {})', {}),
        ("can(local.obj.missing)", False),
        ("can(local.obj.present)", True),
        ('can(cidrnetmask("10.0.0.0/8"))', True),
        ('can(cidrnetmask("fd00::/8"))', False),
        # lambda module's allowed_triggers: principal from `principal`, else from `service`
        ('aws_lambda_permission.triggers["events"].principal', "events.amazonaws.com"),
        ('aws_lambda_permission.triggers["api"].principal', "apigateway.amazonaws.com"),
        # `&&` stops at a false left operand: the right one is never evaluated (Terraform 1.10)
        ("try(false && local.obj.missing, true)", False),
        # the branch a known condition discards is never an error
        ('try(length(local.subnets) > 5 ? local.subnets[5].id : "short", "error")', "short"),
    ],
)
def test_try_and_can(module, text, want):
    got = value(module, text)
    assert got == want and type(got) is type(want), got


@pytest.mark.parametrize(
    "text",
    [
        # a value that cannot be known is not an error: try() cannot decide, so neither can we
        'try(data.aws_subnets.private.ids, ["subnet-0"])',
        'try(local.unknown[0], "none")',
        'try(var.nothing[0], "none")',
        "can(local.unknown[0])",
        'try(cidrsubnet(var.nothing[0], 8, 1), "x")',
        # a number Terraform reads that is not held exactly here (512 bits): no error, an unknown value
        'try(range("1e400"), [])',
        'try(max("1e400", 1), 0)',
        'try(element(["a"], "1e400"), "x")',
        "try(local.obj.missing)",  # nothing succeeds: Terraform's error
        'try(length(local.subnets) > 0 == local.unknown ? "a" : "b", "c")',
    ],
)
def test_try_and_can_stay_unknown_on_unknown_values(module, text):
    assert value(module, text) is UNKNOWN


def test_computed_cidrs_and_references_keep_what_is_known(module):
    assert value(module, "cidrsubnet(aws_lambda_function.this[0].arn, 8, 1)") is PRESENT
    assert value(module, "cidrsubnets(local.unknown, 4, 4)") == [PRESENT, PRESENT]
    assert value(module, "compact([aws_lambda_function.this[0].arn, null])") == [
        Link("aws_lambda_function.this[0]", "arn")
    ]
    assert value(module, "aws_lambda_function.this[0].arn != null") is True
    # a number a float holds only as an infinity is unknown, never an internal error (fuzzing found it)
    assert value(module, "1e999") is UNKNOWN
    assert value(module, 'tonumber("1e999") + 1') is UNKNOWN
    assert isinstance(value(module, '"pre-${(0 + 1e999)}-post"'), Partial)
    # matchkeys picks values it need not know (ids after apply); its keys and search set decide
    picked = 'matchkeys([aws_lambda_function.this[0].arn, local.unknown, "x"], ["a", "b", "c"], ["b", "c"])'
    assert value(module, picked) == [UNKNOWN, "x"]
    assert value(module, 'matchkeys([aws_lambda_function.this[0].arn, "x"], ["1", "2"], [1])') == [
        Link("aws_lambda_function.this[0]", "arn")
    ]
    assert value(module, 'matchkeys(["x", "y"], [local.unknown, "b"], ["b"])') is UNKNOWN
    # a policy built with jsonencode keeps its actions when its Resource is a reference
    policy = value(
        module,
        'jsonencode({Statement = [{Action = "s3:GetObject", Resource = "${aws_lambda_function.this[0].arn}/*"}]})',
    )
    assert isinstance(policy, Partial) and '"Action":"s3:GetObject"' in policy.text


@pytest.mark.parametrize(
    ("given", "nullable", "want"),
    [
        (None, "", None),  # null given replaces the default
        (None, "nullable = false", "default"),
        ('"given"', "", "given"),
    ],
)
def test_a_null_input_replaces_the_default_unless_not_nullable(given, nullable, want):
    child = Module(folder=".", prefix="module.m.")
    child.add("m.tf", hcl.parse(f'variable "x" {{\n  default = "default"\n  {nullable}\n}}\n'))
    literal = hcl.parse(f"v = {given or 'null'}\n").attributes["v"].expr
    evaluator = Evaluator()
    child.inputs = {"x": lambda: evaluator.eval(literal, Scope(child, "m.tf"))}
    assert evaluator.variable(child, "x") == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ('"%{ for k, v in var.triggers }${k},%{ endfor }"', "api,events,"),
        ('"%{ if var.settings.flag }on%{ else }off%{ endif }"', "on"),
        ('"%{ if var.settings.flag ~}   on   %{~ endif }"', "on"),
        ('"[%{ for s in var.nothing }${s}%{ endfor }]"', Partial("[\x00]")),  # (no value: a hole)
        # strip markers take the literal text beside them in the template, as HCL parses it:
        ('"a  %{ if false }x%{~ endif }b"', "a  b"),  # (the stripped text is in the branch not taken)
        ('"${"v "}  %{~ if true }y%{ endif }"', "v y"),  # (an interpolation's own whitespace stays)
        ('"%{ for s in ["p", "q"] ~}  ${s}  %{~ endfor ~}  ."', "pq."),
        ("<<-EOT\n  %{ for k, v in var.triggers ~}\n  ${k}\n  %{ endfor ~}\n  EOT", "api\nevents\n"),  # (a heredoc)
    ],
)
def test_directives_in_a_quoted_string(module, text, want):
    assert value(module, text) == want


@pytest.mark.parametrize(
    ("interpolation", "links"),
    [
        ("aws_lambda_function.this[0].arn", [Link("aws_lambda_function.this[0]", "arn")]),
        ("aws_lambda_function.this[*].arn", [Link("aws_lambda_function.this[0]", "arn")]),
        ('join(",", aws_lambda_function.this.*.arn)', [Link("aws_lambda_function.this[0]", "arn")]),
        ('aws_lambda_permission.triggers["api"].id', [Link('aws_lambda_permission.triggers["api"]', "id")]),
        ('"aws_lambda_function.this[0].arn"', []),  # (a string literal names nothing)
        ("aws_lambda_function.none[*].arn", []),  # (count = 0: no instance)
        ("var.settings.name", []),  # (a known value, no resource)
    ],
)
def test_a_heredoc_left_with_holes_keeps_what_its_interpolations_name(module, interpolation, links):
    """A heredoc is not parsed unless a directive needs it (a module of 200 policies), but what its
    interpolations name still counts: a bucket policy naming a NAT gateway's Elastic IP relies on it."""
    made = value(module, '<<EOT\n{"Resource": "${' + interpolation + '}/*"}\nEOT')
    assert isinstance(made, Partial)
    assert made.text == '{"Resource": "\x00/*"}\n'
    assert list(made.links) == links


def rendered(tmp_path, template: str | None, variables, strict: bool = False):
    """`templatefile("t.tpl", variables)` of a module in tmp_path, the template holding `template`
    (None: a template outside the tree)."""
    from types import SimpleNamespace

    if template is not None:
        (tmp_path / "t.tpl").write_text(template, encoding="utf-8")
    path = str(tmp_path / "t.tpl") if template is not None else str(tmp_path.parent / "elsewhere.tpl")
    module = SimpleNamespace(loader=SimpleNamespace(root=str(tmp_path), tree=str(tmp_path)), folder=str(tmp_path))
    evaluator = Evaluator()
    evaluator.strict = int(strict)
    call = hcl.parse('v = templatefile("t.tpl", {})\n').attributes["v"].expr
    return evaluator.template_file([path, variables], call, Scope(module, "main.tf"))


@pytest.mark.parametrize(
    ("template", "variables", "want"),
    [
        (
            '{"Action": "s3:GetObject", "Resource": "${arn}/*"}',
            {"arn": "arn:aws:s3:::b"},
            '{"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}',
        ),
        ("$${literal} %%{ also } ${ n }", {"n": 3}, "${literal} %{ also } 3"),
        ("${value}", {"value": "keeps ${this} and $${that}"}, "keeps ${this} and $${that}"),  # (a value is text)
        ('"${arn}" "${other}"', {"arn": "a"}, Partial('"a" "\x00"')),  # (not given: Terraform fails; a hole here)
        ('"${upper(arn)}" ${jsonencode({k = "}"})}', {"arn": "a"}, '"A" {"k":"}"}'),  # (expressions, braces in them)
        ("a  ${~ arn ~}\n  b", {"arn": "x"}, "axb"),  # (strip markers: the whitespace beside goes)
        ('line "one"\n\ttab \\ back', {}, 'line "one"\n\ttab \\ back'),  # (quotes, newlines, backslashes)
        ("%{ for a in list }${a},%{ endfor }", {"list": ["x", "y"]}, "x,y,"),
        ("%{ for k, v in map ~}\n  ${k}=${v}\n%{~ endfor }", {"map": {"b": 2, "a": 1}}, "a=1b=2"),
        ("[%{ if on }on%{ else }off%{ endif }]", {"on": False}, "[off]"),
        (
            '{"Statement": [\n%{ if bucket != "" ~}\n  "s3",\n%{ endif ~}\n  "logs"\n]}',
            {"bucket": "b"},
            '{"Statement": [\n"s3",\n"logs"\n]}',
        ),
        ("[%{ if on }on%{ endif }]", {}, Partial("[\x00]")),  # (a condition that cannot be known: a hole)
        ("%{ for a in list }${a}", {"list": ["x"]}, UNKNOWN),  # (not closed: Terraform rejects it)
    ],
)
def test_templatefile_renders_the_template_with_the_variables_it_is_given(tmp_path, template, variables, want):
    """`templatefile()`: a policy's or an OpenAPI document's text, rendered as Terraform renders it."""
    assert rendered(tmp_path, template, variables) == want
    assert rendered(tmp_path, None, variables) is UNKNOWN  # (outside the tree)


@pytest.mark.parametrize(
    ("template", "variables"),
    [("%{ if n }a%{ endif }", {"n": 3}), ("%{ for a in n }a%{ endfor }", {"n": None}), ("${x}", {"x": None})],
)
def test_what_terraform_rejects_in_a_template_is_an_error_inside_try(tmp_path, template, variables):
    """A condition that is not a bool, a loop over null, interpolated null: try() catches them."""
    from lambda6lint.loaders.terraform.evaluator import _Failed

    with pytest.raises(_Failed):
        rendered(tmp_path, template, variables, strict=True)


@pytest.mark.parametrize(
    "template",
    ['${templatefile("t.tpl", {})}', "${var.x}", "${local.y}", "%{ if aws_s3_bucket.b.id != null }x%{ endif }"],
)
def test_a_template_sees_only_the_variables_it_is_given(tmp_path, template):
    """Terraform rejects a template that refers to anything else, or calls templatefile() (a template
    that calls itself was a RecursionError, an E9600 for its whole module)."""
    from lambda6lint.loaders.terraform.evaluator import _Failed

    assert rendered(tmp_path, "a" + template, {}) == Partial("a\x00")
    with pytest.raises(_Failed):
        rendered(tmp_path, template, {}, strict=True)


def test_what_a_root_module_parses_of_templates_is_bounded(tmp_path, monkeypatch):
    """Templates are parsed once by their text, the last 64: 65 of them called in turn by a count would
    be parsed again and again. What one root module parses is bounded; past it, a template is unknown."""
    from types import SimpleNamespace

    from lambda6lint.loaders.terraform import evaluator as evaluation

    monkeypatch.setattr(evaluation, "MAX_TEMPLATE_BYTES", 150)  # (three templates of 47 characters)
    module = SimpleNamespace(loader=SimpleNamespace(root=str(tmp_path), tree=str(tmp_path)), folder=str(tmp_path))
    ev, call = Evaluator(), hcl.parse('v = templatefile("t.tpl", {})\n').attributes["v"].expr
    made = []
    for number in range(4):
        (tmp_path / f"t{number}.tpl").write_text(f"template {number}: ${{n}} " + "." * 30)
        made.append(ev.template_file([str(tmp_path / f"t{number}.tpl"), {"n": number}], call, Scope(module, "m.tf")))
    assert made[:3] == [f"template {n}: {n} " + "." * 30 for n in range(3)] and made[3] is UNKNOWN
    again = ev.template_file([str(tmp_path / "t0.tpl"), {"n": 9}], call, Scope(module, "m.tf"))
    assert again == "template 0: 9 " + "." * 30  # (parsed already: no more to pay)


def test_a_template_that_loops_over_loops_is_bounded(tmp_path):
    """Nested loops of 4,096 items over an empty body make nothing but take steps: the budget ends them."""
    template = "%{ for a in l }%{ for b in l }%{ for c in l }%{ endfor }%{ endfor }%{ endfor }"
    made = rendered(tmp_path, template, {"l": list(range(4096))})
    assert made is UNKNOWN or isinstance(made, Partial)


def test_any_template_text_renders_or_stays_unknown(tmp_path):
    """Hostile input is normal: whatever a template holds, templatefile() raises nothing."""
    from hypothesis import given
    from hypothesis import strategies as st
    from test_fuzz import FUZZ

    pieces = st.sampled_from(
        [
            "${",
            "$${",
            "%{",
            "%%{",
            "}",
            "~",
            "a",
            " ",
            "\n",
            '"',
            "\\",
            "\x00",
            "é",
            "${a}",
            "%{ if a }",
            "%{ endif }",
            "%{ for x in b ~}",
            "%{~ endfor }",
            "%{ else }",
            "${~ a ~}",
        ]
    )

    @FUZZ
    @given(
        st.lists(pieces, max_size=40).map("".join),
        st.dictionaries(
            st.sampled_from(["a", "b"]), st.text(max_size=5) | st.booleans() | st.lists(st.text(max_size=2))
        ),
    )
    def run(text, variables):
        made = rendered(tmp_path, text, variables)
        assert made is UNKNOWN or isinstance(made, (str, Partial))

    run()
