"""Where a standalone route, egress rule or network ACL rule is: the mapper's ladder for a route table, security group
or ACL reference that is known, looked up by a data source, rejected by Terraform, null, a variable's, or a literal id
of another configuration; of an unknown count; known only after apply (a plan). The three kinds side by side, as one
helper places them all (mapper._open_unplaced): where a route's way differs, a case says so."""

from __future__ import annotations

import copy
import json
import re

import pytest
from conftest import FIXTURES
from test_terraform import (
    _EGRESS_IN,
    _ROUTE_IN,
    LOOKED_UP_ACL,
    LOOKED_UP_ACL_RULES,
    LOOKED_UP_EGRESS,
    LOOKED_UP_NETWORK,
    LOOKED_UP_ROUTE,
    module,
    rules,
)

from lambda6lint import engine

#: Each kind's module with its child on PLACE: the rest of the network is complete (a ::/0 route, IPv6 egress).
_MODULES = {
    "route": lambda place: LOOKED_UP_NETWORK + _EGRESS_IN + LOOKED_UP_ROUTE.replace("ROUTE_TABLE", place),
    "egress": lambda place: _ROUTE_IN + LOOKED_UP_EGRESS.replace("GROUP", place),
    "acl": lambda place: _ROUTE_IN + _EGRESS_IN + LOOKED_UP_ACL + LOOKED_UP_ACL_RULES.replace("ACL", place),
}

#: What fires where the child is on none of the run's.
_FIRES = {"route": "W9610", "egress": "W9620", "acl": "W9621"}

#: The child, as --explain names it, and the words of its parent.
_CHILD = {
    "route": "may get a route from aws_route.ipv6, whose route table",
    "egress": "may get egress rule aws_vpc_security_group_egress_rule.https6, whose security group",
    "acl": "may get rule aws_network_acl_rule.https_out, whose network ACL",
}

#: The function's table, group or ACL; another of the run's; the lookup that finds the function's (tags Name).
_OWN = {"route": "aws_route_table.private", "egress": "aws_security_group.fn", "acl": "aws_network_acl.private"}
_OTHER = {"route": "aws_route_table.other", "egress": "aws_security_group.other", "acl": "aws_network_acl.other"}
_LOOKUP = {"route": "aws_route_table", "egress": "aws_security_group", "acl": "aws_network_acls"}

_EXTRA = """
resource "aws_vpc" "other" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_route_table" "other" {
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "other" {
  vpc_id = aws_vpc.main.id
}

resource "aws_network_acl" "other" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "other_b" {
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "other_b" {
  vpc_id = aws_vpc.main.id
}

resource "aws_network_acl" "other_b" {
  vpc_id = aws_vpc.main.id
}

variable "parent" {}

variable "on" {
  type = bool
}

data "LOOKUP" "found" {
  vpc_id     = VPC
  tags       = { Name = NAME }
  depends_on = [OWN]
}
"""


def _lookup_id(kind: str) -> str:
    return "one(data.aws_network_acls.found.ids)" if kind == "acl" else f"data.{_LOOKUP[kind]}.found.id"


def _lint(tmp_path, kind: str, place: str, vpc: str = "aws_vpc.main.id", name: str | None = None):
    name = name or ("fn" if kind == "egress" else "private")
    extra = _EXTRA.replace("LOOKUP", _LOOKUP[kind]).replace("VPC", vpc).replace("NAME", f'"{name}"')
    text = _MODULES[kind](place) + extra.replace("OWN", _OWN[kind])
    return engine.lint([module(tmp_path, {"main.tf": text})])


def _said(result, kind: str) -> list[str]:
    return sorted({u.cause for u in result.undecided if _CHILD[kind] in (u.cause or "")})


KINDS = ("route", "egress", "acl")


@pytest.mark.parametrize("kind", KINDS)
def test_a_child_on_its_parent_is_placed_and_opens_nothing(tmp_path, kind):
    result = _lint(tmp_path, kind, f"{_OWN[kind]}.id")
    assert [r for r in rules(result) if r.startswith("W96")] == []
    assert [u.cause for u in result.undecided if "may get" in (u.cause or "")] == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_child_in_a_module_given_its_parent_is_placed_and_opens_nothing(tmp_path, kind):
    """The parent a resource of the root, the child in a module of rules that its variable gives it to."""
    network = {
        "route": LOOKED_UP_NETWORK + _EGRESS_IN,
        "egress": _ROUTE_IN,
        "acl": _ROUTE_IN + _EGRESS_IN + LOOKED_UP_ACL,
    }
    child = {
        "route": LOOKED_UP_ROUTE.split("data ")[0].replace("ROUTE_TABLE", "var.parent"),
        "egress": LOOKED_UP_EGRESS.split("data ")[0].replace("GROUP", "var.parent"),
        "acl": LOOKED_UP_ACL_RULES.replace("ACL", "var.parent"),
    }[kind].replace("aws_egress_only_internet_gateway.eigw.id", "var.eigw")
    call = (
        f'module "rules" {{\n  source = "./rules"\n  parent = {_OWN[kind]}.id\n'
        "  eigw   = aws_egress_only_internet_gateway.eigw.id\n}\n"
    )
    files = {"main.tf": network[kind] + call, "rules/main.tf": 'variable "parent" {}\nvariable "eigw" {}\n' + child}
    result = engine.lint([module(tmp_path, files)])
    assert [r for r in rules(result) if r.startswith("W96")] == []
    assert [u.cause for u in result.undecided if "may get" in (u.cause or "")] == []
    alone = engine.lint([module(tmp_path / "alone", {"main.tf": network[kind]})])  # (without the module's child)
    assert [r for r in rules(alone) if r.startswith("W96")] == [_FIRES[kind]]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("how", ["alone", "in a conditional beside another of the run's"])
def test_a_child_on_what_a_lookup_may_find_opens_it(tmp_path, kind, how):
    place = _lookup_id(kind) if how == "alone" else f"var.on ? {_lookup_id(kind)} : {_OTHER[kind]}.id"
    result = _lint(tmp_path, kind, place)
    assert [r for r in rules(result) if r.startswith("W96")] == []
    assert _said(result, kind) == [
        f"cannot be known: {_said_noun(kind)} {_CHILD[kind]} is looked up by data source "
        f"`data.{_LOOKUP[kind]}.found`, which may find this one"
    ]


def _said_noun(kind: str) -> str:
    return {"route": "route table", "egress": "security group", "acl": "network ACL"}[kind] + " " + _OWN[kind]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("vpc", "name"), [("aws_vpc.other.id", None), ("aws_vpc.main.id", "public")])
def test_a_child_on_what_a_lookup_cannot_find_leaves_the_parent_known(tmp_path, kind, vpc, name):
    result = _lint(tmp_path, kind, _lookup_id(kind), vpc=vpc, name=name)
    assert [r for r in rules(result) if r.startswith("W96")] == [_FIRES[kind]]
    assert _said(result, kind) == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_child_on_a_reference_terraform_rejects_opens_every_one(tmp_path, kind):
    result = _lint(tmp_path, kind, f"{_OWN[kind]}x.id")
    assert [r for r in rules(result) if r.startswith("W96")] == []
    assert _said(result, kind) == [
        f"cannot be known: {_said_noun(kind)} {_CHILD[kind]} cannot be known: `{_OWN[kind]}x.id` names resource "
        f"`{_OWN[kind]}x`, which is not declared: Terraform rejects it"
    ]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("place", ["null", "var.parent", '"rtb-0123456789abcdef0"', "aws_subnet.private.id"])
def test_a_child_on_none_of_the_runs_leaves_the_parent_known(tmp_path, kind, place):
    """Null, a root variable's (as a CloudFormation parameter's), a literal id of another configuration, or a
    resource of another kind: none of the run's tables, groups or ACLs gets it."""
    result = _lint(tmp_path, kind, place)
    assert [r for r in rules(result) if r.startswith("W96")] == [_FIRES[kind]]
    assert _said(result, kind) == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("own", [True, False])
def test_a_child_on_one_of_the_runs_an_unknown_condition_picks(tmp_path, kind, own):
    """Each table, group or ACL the expression may name may get it, and only those: an egress or ACL rule on one of
    two groups or ACLs opened neither (W9620, W9621 fired on the function's), where a route opened each table."""
    pair = f"{_OWN[kind]}.id : {_OTHER[kind]}.id" if own else f"{_OTHER[kind]}.id : {_OTHER[kind]}_b.id"
    result = _lint(tmp_path, kind, f"var.on ? {pair}")
    assert [r for r in rules(result) if r.startswith("W96")] == ([] if own else [_FIRES[kind]])
    assert _said(result, kind) == ([f"cannot be known: {_said_noun(kind)} {_CHILD[kind]} cannot be known"] * own)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("null", ["false ? LOOKUP : null", "true ? null : LOOKUP", "null"])
def test_a_child_on_a_known_null_beside_a_lookup(tmp_path, kind, null):
    """`false ? data.….found.id : null` is null, as a written `null`: the child is on none of the run's (Terraform
    rejects it at plan; a `count` leaving it out is the fix) and the rule fires on the function's. An egress or ACL
    rule opened what the lookup of the branch not taken may find, --explain saying it "is looked up by data source"."""
    result = _lint(tmp_path, kind, null.replace("LOOKUP", _lookup_id(kind)))
    assert [r for r in rules(result) if r.startswith("W96")] == [_FIRES[kind]]
    assert _said(result, kind) == []
    assert [u.cause for u in result.undecided if "looked up" in (u.cause or "")] == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_child_of_an_unknown_count_on_none_known_opens_every_one(tmp_path, kind):
    """--explain says why: the child's count and parent cannot be known (an egress or ACL rule said only that the
    files of the run cannot tell)."""
    text = _MODULES[kind]("var.parent").replace("  cidr_ipv6 ", "  count = var.n\n  cidr_ipv6 ", 1)
    text = text.replace('resource "aws_route" "ipv6" {\n', 'resource "aws_route" "ipv6" {\n  count = var.n\n', 1)
    text = text.replace('"https_out" {\n', '"https_out" {\n  count = var.n\n', 1)
    text = text.replace('"replies_in" {\n', '"replies_in" {\n  count = var.n\n', 1)
    text += 'variable "n" {\n  type = number\n}\nvariable "parent" {}\n'
    result = engine.lint([module(tmp_path, {"main.tf": text})])
    assert [r for r in rules(result) if r.startswith("W96")] == []
    said = sorted({u.cause for u in result.undecided if u.resource.id == _OWN[kind]})
    child = re.sub(r"(\S+), whose ", r"\1[*], whose count and ", _CHILD[kind])  # ("aws_route.ipv6[*], whose …")
    assert said == [f"cannot be known: {_said_noun(kind)} {child} cannot be known"]


def _plan(kind: str, child: bool) -> dict:
    """The W9621 fixture's plan (its ACL rules on a lookup deferred to apply), its child moved to `kind`'s: the
    table's route or the group's egress taken out, and a route or egress rule on what is known only after apply."""
    doc = json.loads((FIXTURES / "W9621" / "good-acl-rules-on-a-looked-up-acl.tfplan.json").read_text())
    resources = doc["planned_values"]["root_module"]["resources"]
    changes = doc["resource_changes"]
    if kind != "acl":  # (no ACL: its rules are the ACL kind's child)
        resources[:] = [r for r in resources if not r["address"].startswith("aws_network_acl")]
        changes[:] = [c for c in changes if not c["address"].startswith("aws_network_acl")]
    emptied = {"route": ("aws_route_table.private", "route"), "egress": ("aws_security_group.fn", "egress")}
    if kind in emptied:
        address, block = emptied[kind]
        for values in [r["values"] for r in resources if r["address"] == address] + [
            c["change"]["after"] for c in changes if c["address"] == address
        ]:
            values[block] = []
    if kind == "route":
        values = {"destination_ipv6_cidr_block": "::/0"}
        _add(doc, "aws_route", "ipv6", values, "route_table_id", "egress_only_gateway_id")
    elif kind == "egress":
        values = {"ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv6": "::/0"}
        _add(doc, "aws_vpc_security_group_egress_rule", "https6", values, "security_group_id")
    if not child:
        drop = {"route": "aws_route.", "egress": "aws_vpc_security_group_egress_rule.", "acl": "aws_network_acl_rule."}
        resources[:] = [r for r in resources if not r["address"].startswith(drop[kind])]
        changes[:] = [c for c in changes if not c["address"].startswith(drop[kind])]
    return doc


def _add(doc: dict, type_: str, name: str, values: dict, *unknown: str) -> None:
    address = f"{type_}.{name}"
    common = {"address": address, "mode": "managed", "type": type_, "name": name}
    doc["planned_values"]["root_module"]["resources"].append(
        {**common, "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0, "values": values}
    )
    after_unknown = {"id": True, **dict.fromkeys(unknown, True)}
    change = {"actions": ["create"], "before": None, "after": copy.deepcopy(values), "after_unknown": after_unknown}
    doc["resource_changes"].append({**common, "change": change})


@pytest.mark.parametrize("kind", KINDS)
def test_a_plans_child_whose_parent_is_known_only_after_apply_opens_every_one(tmp_path, kind):
    """A plan's `network_acl_id` (`route_table_id`, `security_group_id`) known only after apply: a lookup deferred
    by depends_on (the ACL rules': what it may find, its configuration read), or a resource made in the same apply."""
    known = {"acl": "is looked up by data source `data.aws_network_acls.private`, which may find this one"}
    for child in (True, False):
        (tmp_path / "plan.json").write_text(json.dumps(_plan(kind, child)))
        result = engine.lint([str(tmp_path / "plan.json")])
        assert [r for r in rules(result) if r.startswith("W96")] == ([] if child else [_FIRES[kind]]), child
        words = known.get(kind, "is known only after apply")
        assert _said(result, kind) == ([f"cannot be known: {_said_noun(kind)} {_CHILD[kind]} {words}"] if child else [])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("own", [True, False])
def test_a_child_of_an_unknown_count_opens_only_what_its_id_may_name(tmp_path, kind, own):
    """`aws_security_group.web[count.index].id` is one of the web groups, never the function's, or Terraform fails: an
    egress or ACL rule of an unknown count on it opened every group or ACL of the run (W9620, W9621 silent), where a
    route opened only the tables of the blocks its id may hold (`_open_possible`). A condition that may pick the
    function's opens it."""
    block = {"route": "aws_route_table", "egress": "aws_security_group", "acl": "aws_network_acl"}[kind]
    web = f"{block}.web[count.index].id"
    text = _MODULES[kind](f"var.n > 1 ? {web} : {_OWN[kind]}.id" if own else web)
    text = text.replace("  cidr_ipv6 ", "  count = var.n\n  cidr_ipv6 ", 1)
    text = text.replace('resource "aws_route" "ipv6" {\n', 'resource "aws_route" "ipv6" {\n  count = var.n\n', 1)
    text = text.replace('"https_out" {\n', '"https_out" {\n  count = var.n\n', 1)
    text = text.replace('"replies_in" {\n', '"replies_in" {\n  count = var.n\n', 1)
    text += f'variable "n" {{\n  type = number\n}}\n\nresource "{block}" "web" {{\n  count  = var.n\n'
    text += "  vpc_id = aws_vpc.main.id\n}\n"
    result = engine.lint([module(tmp_path, {"main.tf": text})])
    assert [r for r in rules(result) if r.startswith("W96")] == ([] if own else [_FIRES[kind]])
    said = sorted({u.cause for u in result.undecided if u.resource.id == _OWN[kind]})
    child = re.sub(r"(\S+), whose ", r"\1[*], whose count and ", _CHILD[kind])
    assert said == ([f"cannot be known: {_said_noun(kind)} {child} cannot be known"] if own else [])


#: A network whose function is on its VPC's defaults: the main route table, the default security group and the
#: default ACL, each managed here (complete but for the kind's child: a ::/0 route, IPv6 egress, IPv6 ACL rules).
_ON_DEFAULTS = """
resource "aws_vpc" "main" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
}

resource "aws_vpc" "other" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_egress_only_internet_gateway" "eigw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "private" {
  vpc_id          = aws_vpc.main.id
  cidr_block      = "10.0.1.0/24"
  ipv6_cidr_block = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 1)
}

resource "aws_default_route_table" "main" {
  default_route_table_id = aws_vpc.main.default_route_table_id
ROUTE}

resource "aws_default_security_group" "main" {
  vpc_id = aws_vpc.main.id
EGRESS}

resource "aws_default_network_acl" "main" {
  default_network_acl_id = aws_vpc.main.default_network_acl_id
  egress {
    protocol   = "-1"
    rule_no    = 110
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
  ingress {
    protocol   = "-1"
    rule_no    = 110
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
ACL}

resource "aws_route_table" "other" {
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "other" {
  vpc_id = aws_vpc.main.id
}

resource "aws_network_acl" "other" {
  vpc_id = aws_vpc.main.id
}

variable "on" {
  type = bool
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
    security_group_ids          = [aws_vpc.main.default_security_group_id]
    ipv6_allowed_for_dual_stack = true
  }
}
"""

#: What each default resource holds where it is not the kind's parent.
_COMPLETE = {
    "ROUTE": '  route {\n    ipv6_cidr_block        = "::/0"\n'
    "    egress_only_gateway_id = aws_egress_only_internet_gateway.eigw.id\n  }\n",
    "EGRESS": '  egress {\n    protocol         = "-1"\n    from_port        = 0\n    to_port          = 0\n'
    '    ipv6_cidr_blocks = ["::/0"]\n  }\n',
    "ACL": "".join(
        f'  {way} {{\n    protocol        = "-1"\n    rule_no         = 90\n    action          = "allow"\n'
        '    ipv6_cidr_block = "::/0"\n    from_port       = 0\n    to_port         = 0\n  }\n'
        for way in ("egress", "ingress")
    ),
}

#: Each kind's VPC attribute naming its default parent, the part of _ON_DEFAULTS it leaves out, and that parent.
_DEFAULT = {
    "route": ("default_route_table_id", "ROUTE", "route table aws_default_route_table.main"),
    "egress": ("default_security_group_id", "EGRESS", "security group aws_default_security_group.main"),
    "acl": ("default_network_acl_id", "ACL", "network ACL aws_default_network_acl.main"),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("place", "opened"),
    [
        ("aws_vpc.main.ATTR", None),
        ("var.on ? aws_vpc.main.ATTR : OTHER.id", True),
        ("var.on ? OTHER.id : aws_vpc.main.ATTR", True),
        ("var.on ? aws_vpc.other.ATTR : OTHER.id", False),
        ("OTHER.id", False),
    ],
)
def test_a_child_on_a_vpcs_default_a_condition_may_pick_opens_it(tmp_path, kind, place, opened):
    """`var.on ? aws_vpc.main.default_network_acl_id : aws_network_acl.other.id` may be the function's default ACL
    (group, main table): it opened none (the VPC is no ACL), and W9621 (W9620, W9610) fired on it. Only the default
    of the VPC it names: another VPC's leaves the function's known. On it (None): placed, nothing opened."""
    attr, left_out, parent = _DEFAULT[kind]
    text = _ON_DEFAULTS
    for part, body in _COMPLETE.items():
        text = text.replace(part, "" if part == left_out else body)
    place = place.replace("ATTR", attr).replace("OTHER", _OTHER[kind])
    child = {
        "route": LOOKED_UP_ROUTE.split("data ")[0].replace("ROUTE_TABLE", place),
        "egress": LOOKED_UP_EGRESS.split("data ")[0].replace("GROUP", place),
        "acl": LOOKED_UP_ACL_RULES.replace("ACL", place),
    }[kind]
    result = engine.lint([module(tmp_path, {"main.tf": text + child})])
    assert [r for r in rules(result) if r.startswith("W96")] == ([_FIRES[kind]] if opened is False else [])
    assert _said(result, kind) == ([f"cannot be known: {parent} {_CHILD[kind]} cannot be known"] if opened else [])


#: A module of its own network (a VPC, a route table, a group and an ACL of its own), given VPC_ID and nothing else
#: of the run's, and a module `vpc` whose outputs are its VPC's id and its main route table's.
_NET = """
variable "vpc_id" {}

resource "aws_vpc" "this" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id
}

resource "aws_security_group" "app" {
  vpc_id = aws_vpc.this.id
}

resource "aws_network_acl" "private" {
  vpc_id = aws_vpc.this.id
}

output "private_rtb_id" {
  value = aws_route_table.private.id
}
"""

_VPC = """
resource "aws_vpc" "this" {
  cidr_block = "10.2.0.0/16"
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "table_id" {
  value = aws_vpc.this.main_route_table_id
}

output "passed" {
  value = var.given
}

variable "given" {}
"""


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("given", "narrows"),
    [
        ("aws_vpc.main.id", True),
        ("aws_vpc.main.cidr_block", True),
        ("aws_subnet.private[*].id", True),
        ("[aws_subnet.private.id, aws_vpc.main.arn]", True),
        ("module.vpc.vpc_id", True),  # (its output walked to `aws_vpc.this.id`)
        ("module.vpc.passed", True),  # (its output is its input, `aws_vpc.main.ipv6_cidr_block`)
        ("aws_vpc.main.default_route_table_id", False),
        ("aws_vpc.main.main_route_table_id", False),
        ("aws_vpc.main.default_security_group_id", False),
        ("aws_vpc.main.default_network_acl_id", False),
        ("aws_vpc.main", False),  # (the whole VPC: its default table, group and ACL among its attributes)
        ("aws_vpc.main.tags.Name", False),
        ("module.vpc.table_id", False),  # (its output walked to `aws_vpc.this.main_route_table_id`)
        ("module.vpcs[0].vpc_id", False),  # (a call of a count: its output is not read)
        ("[for t in aws_route_table.private : t.id]", False),  # (what a for expression's own name holds is unread)
        ("data.aws_route_table.private.id", False),
    ],
)
def test_an_undeclared_output_of_a_module_given_only_other_ids_is_one_of_its_own(tmp_path, kind, given, narrows):
    """A child on an output its module does not declare (`module.net.private_rt_id`) stands for one of the module's
    own tables, groups or ACLs, unless the module is given what may hold another of the run's: an input holding only
    ids of other kinds (`vpc_id = aws_vpc.main.id`, or a module's output written as one) cannot, where the VPC's
    default table, group or ACL, a whole resource, or what cannot be read (a call of a count, a for expression) may.
    Every module call given `vpc_id` opened every table, group and ACL of the run, and W9610, W9620, W9621 fell
    silent where the function's table, group or ACL lacks what the child adds."""
    place = {"route": "module.net.private_rt_id", "egress": "module.net.app_sg_id", "acl": "module.net.acl_id"}[kind]
    calls = (
        f'module "net" {{\n  source = "./net"\n  vpc_id = {given}\n}}\n\n'
        'module "vpc" {\n  source = "./vpc"\n  given  = aws_vpc.main.ipv6_cidr_block\n}\n\n'
        'module "vpcs" {\n  count  = 1\n  source = "./vpc"\n  given  = "10.0.0.0/16"\n}\n'
    )
    files = {"main.tf": _MODULES[kind](place) + calls, "net/main.tf": _NET, "vpc/main.tf": _VPC}
    result = engine.lint([module(tmp_path, files)])
    assert [r for r in rules(result) if r.startswith("W96")] == ([_FIRES[kind]] if narrows else [])
    said = sorted({u.cause for u in result.undecided if _CHILD[kind] in (u.cause or "")})
    assert said == (
        []
        if narrows
        else [
            f"cannot be known: {_said_noun(kind)} {_CHILD[kind]} cannot be known: "
            f"`{place}` reads output `{place.split('.')[-1]}`, which `module.net` does "
            "not declare: Terraform rejects it"
        ]
    )


#: A dual-stack VPC `v` with an egress-only gateway (in TARGET_VPC) and the function's subnet `s`; the function,
#: of role ROLE, on `s` and a group with IPv6 egress. Each case adds its routes or endpoint between the two.
_V_NETWORK = """
resource "aws_vpc" "v" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
}
resource "aws_egress_only_internet_gateway" "e" { vpc_id = TARGET_VPC }
resource "aws_subnet" "s" {
  vpc_id          = aws_vpc.v.id
  cidr_block      = "10.0.0.0/24"
  ipv6_cidr_block = cidrsubnet(aws_vpc.v.ipv6_cidr_block, 8, 1)
}
"""

_V_FUNCTION = """
resource "aws_security_group" "g" {
  vpc_id = aws_vpc.v.id
  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    ipv6_cidr_blocks = ["::/0"]
  }
}
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = ROLE
  runtime       = "python3.12"
  handler       = "i.h"
  filename      = "x.zip"
  vpc_config {
    subnet_ids                  = [aws_subnet.s.id]
    security_group_ids          = [aws_security_group.g.id]
    ipv6_allowed_for_dual_stack = true
  }
}
"""

#: The function's subnet has no association (the VPC's main table), beside a route ::/0 on a table LOOKUP finds.
_MAIN_LOOKUP = (
    _V_NETWORK
    + """
resource "aws_vpc" "other" {
  cidr_block                       = "10.1.0.0/16"
  assign_generated_ipv6_cidr_block = true
}
resource "aws_subnet" "t" {
  vpc_id          = aws_vpc.v.id
  cidr_block      = "10.0.1.0/24"
  ipv6_cidr_block = cidrsubnet(aws_vpc.v.ipv6_cidr_block, 8, 2)
}
resource "aws_route_table" "t" { vpc_id = aws_vpc.v.id }
resource "aws_route_table_association" "t" {
  subnet_id      = aws_subnet.t.id
  route_table_id = aws_route_table.t.id
}
data "aws_route_table" "found" {
LOOKUP
}
resource "aws_route" "r" {
  route_table_id              = data.aws_route_table.found.id
  destination_ipv6_cidr_block = "::/0"
  egress_only_gateway_id      = aws_egress_only_internet_gateway.e.id
}
"""
    + _V_FUNCTION.replace("ROLE", '"arn:aws:iam::123456789012:role/r"')
)

_MAIN_FILTER = 'filter {\n  name   = "association.main"\n  values = ["%s"]\n}'


def _main_lookup(tmp_path, lookup: str, target_vpc: str = "aws_vpc.v.id"):
    text = _MAIN_LOOKUP.replace("LOOKUP", lookup).replace("TARGET_VPC", target_vpc)
    return engine.lint([module(tmp_path, {"main.tf": text})])


@pytest.mark.parametrize(
    ("lookup", "target_vpc"),
    [
        ("vpc_id = aws_vpc.v.id\n" + _MAIN_FILTER % "true", "aws_vpc.v.id"),  # the common way to find it
        (_MAIN_FILTER % "true", "aws_vpc.v.id"),
        ("vpc_id = aws_vpc.v.id", "aws_vpc.v.id"),  # (any of its tables, the main one among them)
        ("vpc_id = aws_vpc.v.id\n" + _MAIN_FILTER % "true", "var.vpc"),  # (the target's VPC unknown: the lookup's)
    ],
)
def test_a_route_on_a_table_a_lookup_may_find_may_be_on_the_main_table(tmp_path, lookup, target_vpc):
    """The VPC's main table, which the mapper makes after routes are placed, is among what the lookup may find."""
    result = _main_lookup(tmp_path, lookup, target_vpc)
    assert rules(result, "W9610") == []
    assert any(
        "may get route aws_route.r (main.tf:" in (u.cause or "")
        and "whose route table is looked up by data source `data.aws_route_table.found`" in (u.cause or "")
        and "associate the subnets with a route table of the run to decide it" in (u.cause or "")
        for u in result.undecided
    )


@pytest.mark.parametrize(
    ("lookup", "target_vpc"),
    [
        (_MAIN_FILTER % "false", "aws_vpc.v.id"),  # a table that is not a main one
        ("subnet_id = aws_subnet.t.id", "aws_vpc.v.id"),  # the table that subnet is explicitly associated with
        ("vpc_id = aws_vpc.other.id\n" + _MAIN_FILTER % "true", "aws_vpc.other.id"),  # another VPC's main table
        (_MAIN_FILTER % "true", "aws_vpc.other.id"),  # (the target's VPC decides it: AWS accepts it only there)
        ("vpc_id = aws_vpc.other.id\n" + _MAIN_FILTER % "true", "aws_vpc.v.id"),  # (no table it finds takes it)
    ],
)
def test_a_route_on_a_lookup_that_cannot_find_the_main_table_leaves_it_local(tmp_path, lookup, target_vpc):
    result = _main_lookup(tmp_path, lookup, target_vpc)
    assert rules(result, "W9610") == ["W9610"]


_ENDPOINT_ON_LOOKUP = (
    _V_NETWORK.replace("TARGET_VPC", "aws_vpc.v.id")
    + """data "aws_route_table" "main" {
  LOOKUP
}
"""
    + _V_FUNCTION.replace("ROLE", "aws_iam_role.r.arn")
    + """resource "aws_route_table" "private" {
  vpc_id = aws_vpc.v.id
  route {
    ipv6_cidr_block        = "::/0"
    egress_only_gateway_id = aws_egress_only_internet_gateway.e.id
  }
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.v.id
  service_name      = "com.amazonaws.us-east-1.s3"
  route_table_ids   = [data.aws_route_table.main.id]
}
resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_iam_role_policy" "p" {
  role = aws_iam_role.r.id
  policy = jsonencode({Version="2012-10-17", Statement=[{Effect="Allow", Action="s3:GetObject", Resource="*"}]})
}

resource "aws_vpc" "other" {
  cidr_block = "10.1.0.0/16"
}
"""
)


@pytest.mark.parametrize(
    ("lookup", "fires"),
    [
        ("vpc_id = aws_vpc.v.id\n" + _MAIN_FILTER % "true", False),  # the main table, found as routes find it
        ("vpc_id = aws_vpc.v.id", False),  # (any of its tables, the main one among them)
        ("vpc_id = aws_vpc.v.id\n" + _MAIN_FILTER % "false", True),  # a table that is not a main one
        ("vpc_id = aws_vpc.other.id\n" + _MAIN_FILTER % "true", True),  # another VPC's, where no endpoint of v is
    ],
)
def test_a_gateway_endpoint_on_a_table_a_lookup_may_find_may_be_on_the_main_table(tmp_path, lookup, fires):
    """An aws_vpc_endpoint whose route_table_ids a lookup gives may be on the VPC's main table (0530116's routes,
    CloudFormation's fd91cc5): W9630 does not say the function's main table has no S3 gateway endpoint, and
    --explain names the lookup; a lookup that cannot find that main table leaves W9630 as it was."""
    text = _ENDPOINT_ON_LOOKUP.replace("LOOKUP", lookup)
    result = engine.lint([module(tmp_path, {"main.tf": text})])
    assert rules(result, "W9630") == (["W9630"] if fires else [])
    named = [
        u.cause
        for u in result.undecided
        if "aws_vpc_endpoint.s3 (its route_table_ids) name a route table that is looked up by data source "
        "`data.aws_route_table.main`, which may find any table: that may be the VPC's main route table"
        in (u.cause or "")
    ]
    assert bool(named) is not fires


_CHILD_ROUTE = """variable "route_table_id" {}
variable "gateway_id" {}
resource "aws_route" "r" {
  route_table_id              = var.route_table_id
  destination_ipv6_cidr_block = "::/0"
  egress_only_gateway_id      = var.gateway_id
}
"""


def _on_variable(tmp_path, table: str, extra: str = "", target_vpc: str = "aws_vpc.v.id", files: dict | None = None):
    """_MAIN_LOOKUP's route on `table` instead of the lookup (kept, found by nothing the route reads), and `extra`."""
    text = _MAIN_LOOKUP.replace("data.aws_route_table.found.id", table).replace("LOOKUP", "vpc_id = aws_vpc.v.id")
    text = text.replace("TARGET_VPC", target_vpc) + extra
    return engine.lint([module(tmp_path, {"main.tf": text, **(files or {})})])


_CALLED = """module "net" {
  source         = "./net"
  route_table_id = INPUT
  gateway_id     = aws_egress_only_internet_gateway.e.id
}
"""
_CALLED_ROUTE = _MAIN_LOOKUP.replace(
    """resource "aws_route" "r" {
  route_table_id              = data.aws_route_table.found.id
  destination_ipv6_cidr_block = "::/0"
  egress_only_gateway_id      = aws_egress_only_internet_gateway.e.id
}
""",
    "",
)


@pytest.mark.parametrize(
    ("table", "extra", "target_vpc"),
    [
        ("var.rt", 'variable "rt" {}', "aws_vpc.v.id"),  # what the run passes decides it
        ('"${var.rt}"', 'variable "rt" {\n  type = string\n}', "aws_vpc.v.id"),
        ("local.rt", 'variable "rt" {}\nlocals {\n  rt = var.rt\n}', "aws_vpc.v.id"),
        ("var.rts[0]", 'variable "rts" {\n  type = list(string)\n}', "aws_vpc.v.id"),  # (a list element)
        ("element(local.rts, 1)", 'variable "rts" {}\nlocals {\n  rts = var.rts\n}', "aws_vpc.v.id"),
        ("var.net.route_table_id", 'variable "net" {}', "aws_vpc.v.id"),  # (an attribute of an object)
        ("var.rt", 'variable "rt" {}\nvariable "vpc" {}', "var.vpc"),  # (the target's VPC unknown: every VPC's)
    ],
)
def test_a_route_on_a_root_variable_without_a_value_may_be_on_the_main_table(tmp_path, table, extra, target_vpc):
    """A root variable without a value may be given the main table's id (the VPC made, a later run passes it), which
    no file can name, as a CloudFormation parameter without a Default may (9b8f643): W9610 does not say the main
    table has local routes only, and --explain names the variable and how to decide it."""
    result = _on_variable(tmp_path, table, extra, target_vpc)
    assert rules(result, "W9610") == []
    name = re.findall(r'variable "(\w+)"', extra)[0]
    assert any(
        "may get route aws_route.r (main.tf:" in (u.cause or "")
        and f"whose route table comes from root variable `{name}`, which has no value in this run (give it the "
        f"table's id in a .tfvars file or with --var {name}=…)"
        in (u.cause or "")
        and "associate the subnets with a route table of the run to decide it" in (u.cause or "")
        for u in result.undecided
    )


@pytest.mark.parametrize(
    ("table", "extra", "files", "target_vpc"),
    [
        ("var.rt", 'variable "rt" {\n  default = "rtb-0123456789abcdef0"\n}', {}, "aws_vpc.v.id"),  # (decided)
        ("var.rt", 'variable "rt" {}', {"terraform.tfvars": 'rt = "rtb-0123456789abcdef0"\n'}, "aws_vpc.v.id"),
        ('"rtb-0123456789abcdef0"', "", {}, "aws_vpc.v.id"),  # a literal id: another configuration's table
        ("aws_route_table.t.id", 'variable "rt" {}', {}, "aws_vpc.v.id"),  # the run's own table, another subnet's
        ("var.rt", 'variable "rt" {}', {}, "aws_vpc.other.id"),  # (AWS accepts it only in another VPC's tables)
        ("coalesce(var.rt, aws_route_table.t.id)", 'variable "rt" {}', {}, "aws_vpc.v.id"),  # (a function's value)
    ],
)
def test_a_route_on_a_decided_table_leaves_the_main_table_local(tmp_path, table, extra, files, target_vpc):
    result = _on_variable(tmp_path, table, extra, target_vpc, files)
    assert rules(result, "W9610") == ["W9610"]


@pytest.mark.parametrize(
    ("given", "extra", "fires"),
    [
        ("var.rt", 'variable "rt" {}', False),  # a module's input the root passes its variable without value
        ("local.rt", 'variable "rts" {}\nlocals {\n  rt = var.rts[0]\n}', False),
        ("var.rt", 'variable "rt" {\n  default = "rtb-0123456789abcdef0"\n}', True),  # (decided: the default)
        ('"rtb-0123456789abcdef0"', "", True),  # (the caller decides: a literal id)
        ("aws_route_table.t.id", "", True),
    ],
)
def test_a_called_modules_route_on_its_input_is_decided_by_the_caller(tmp_path, given, extra, fires):
    """A route in a called module on its input: where the caller passes a root variable without a value (directly, or
    through a local), the main table may get it; anything the caller decides (a default, a literal id, a table of
    the run) leaves W9610 as it was."""
    text = _CALLED_ROUTE.replace("LOOKUP", "vpc_id = aws_vpc.v.id").replace("TARGET_VPC", "aws_vpc.v.id")
    text += _CALLED.replace("INPUT", given) + extra
    result = engine.lint([module(tmp_path, {"main.tf": text, "net/main.tf": _CHILD_ROUTE})])
    assert rules(result, "W9610") == (["W9610"] if fires else [])
    named = [u for u in result.undecided if "may get route module.net.aws_route.r (" in (u.cause or "")]
    assert bool(named) is not fires


@pytest.mark.parametrize(
    ("tables", "extra", "fires"),
    [
        ("[var.rt]", 'variable "rt" {}', False),  # may be the main table's id
        ("[aws_route_table.private.id, local.rt]", 'variable "rt" {}\nlocals {\n  rt = var.rt\n}', False),
        ("[var.rt]", 'variable "rt" {\n  default = "rtb-0123456789abcdef0"\n}', True),  # (decided: the default)
        ("[aws_route_table.private.id]", 'variable "rt" {}', True),  # (not on the function's table)
    ],
)
def test_a_gateway_endpoint_on_a_root_variable_without_a_value_may_be_on_the_main_table(tmp_path, tables, extra, fires):
    """An aws_vpc_endpoint whose route_table_ids has a root variable without a value may be on the VPC's main table:
    W9630 does not say the function's main table has no S3 gateway endpoint, and --explain names the variable."""
    text = _ENDPOINT_ON_LOOKUP.replace("LOOKUP", "vpc_id = aws_vpc.v.id")
    text = text.replace("[data.aws_route_table.main.id]", tables) + extra
    result = engine.lint([module(tmp_path, {"main.tf": text})])
    assert rules(result, "W9630") == (["W9630"] if fires else [])
    named = [
        u.cause
        for u in result.undecided
        if "aws_vpc_endpoint.s3 (its route_table_ids) name a route table that comes from root variable `rt`, which "
        "has no value in this run" in (u.cause or "")
    ]
    assert bool(named) is not fires


@pytest.mark.parametrize("kind", KINDS)
def test_a_child_on_a_lookup_of_an_unknown_count_opens_what_it_may_find(tmp_path, kind):
    """A lookup switched by a variable (`count = var.on ? 1 : 0`) evaluates to no value, so `data.….found[0].id`
    named no lookup: each of its instances may find what the one it stands for may."""
    place = _lookup_id(kind).replace(".found.", ".found[0].")
    name = "fn" if kind == "egress" else "private"
    extra = _EXTRA.replace("LOOKUP", _LOOKUP[kind]).replace("VPC", "aws_vpc.main.id").replace("NAME", f'"{name}"')
    extra = extra.replace('data "', 'variable "lookup" {\n  type = bool\n}\ndata "').replace(
        "  depends_on = [OWN]", "  count      = var.lookup ? 1 : 0\n  depends_on = [OWN]"
    )
    text = _MODULES[kind](place) + extra.replace("OWN", _OWN[kind])
    result = engine.lint([module(tmp_path, {"main.tf": text})])
    assert [r for r in rules(result) if r.startswith("W96")] == []
    assert _said(result, kind) == [
        f"cannot be known: {_said_noun(kind)} {_CHILD[kind]} is looked up by data source "
        f"`data.{_LOOKUP[kind]}.found[*]`, which may find this one"
    ]


_COUNTED = 'variable "on" {\n  type = bool\n}\nvariable "vpcs" {}\n'


@pytest.mark.parametrize(
    ("meta", "lookup", "table", "route_count", "fires"),
    [
        ("count = var.on ? 1 : 0", "vpc_id = aws_vpc.v.id\n" + _MAIN_FILTER % "true", "[0]", "", False),
        ("count = var.on ? 1 : 0", _MAIN_FILTER % "true", "[0]", "count = var.on ? 1 : 0", False),  # (both switched)
        ("for_each = var.vpcs", "vpc_id = each.value\n" + _MAIN_FILTER % "true", '["a"]', "", False),
        ("count = var.on ? 2 : 0", _MAIN_FILTER % 'count.index == 0 ? "false" : "true"', "[1]", "", False),
        ("count = var.on ? 1 : 0", _MAIN_FILTER % "false", "[0]", "", True),  # (each instance's: not a main one)
        ("count = var.on ? 1 : 0", "vpc_id = aws_vpc.other.id\n" + _MAIN_FILTER % "true", "[0]", "", True),
    ],
)
def test_a_route_on_a_lookup_of_an_unknown_count_may_be_on_the_main_table(
    tmp_path, meta, lookup, table, route_count, fires
):
    """A lookup whose count or for_each cannot be known is a lookup still (it was skipped: W9610 said the main table
    had local routes only): the main table may get the route, unless what each of its instances asks rules it out."""
    text = _MAIN_LOOKUP.replace("LOOKUP", f"{meta}\n{lookup}").replace("TARGET_VPC", "aws_vpc.v.id")
    text = text.replace("data.aws_route_table.found.id", f"data.aws_route_table.found{table}.id")
    text = text.replace('resource "aws_route" "r" {\n', f'resource "aws_route" "r" {{\n  {route_count}\n')
    text = text.replace('"count.index == 0 ? "false" : "true""', 'count.index == 0 ? "false" : "true"')
    result = engine.lint([module(tmp_path, {"main.tf": text + _COUNTED})])
    assert rules(result, "W9610") == (["W9610"] if fires else [])
    named = [
        u
        for u in result.undecided
        if "whose route table is looked up by data source `data.aws_route_table.found[*]`" in (u.cause or "")
    ]
    assert bool(named) is not fires


@pytest.mark.parametrize(
    ("table", "extra", "fires"),
    [
        ("var.rt", 'variable "rt" {}', False),  # a root variable without a value: may be the main table's id
        ("data.aws_route_table.main.id", "", False),  # (LOOKUP: the main table's VPC and filter)
        ("var.rt", 'variable "rt" {\n  default = "rtb-0123456789abcdef0"\n}', True),  # (decided: the default)
        ("aws_route_table.private.id", "", True),  # (not on the function's table)
    ],
)
def test_a_gateway_endpoint_an_association_puts_on_an_unknown_table_may_be_on_the_main_table(
    tmp_path, table, extra, fires
):
    """An aws_vpc_endpoint_route_table_association on a table that may be the VPC's main one (a lookup's, a root
    variable without a value) may put the endpoint on it, as its route_table_ids may: W9630 does not say the
    function's main table has no S3 gateway endpoint, and --explain names the association."""
    text = _ENDPOINT_ON_LOOKUP.replace("LOOKUP", "vpc_id = aws_vpc.v.id\n" + _MAIN_FILTER % "true")
    text = text.replace("[data.aws_route_table.main.id]", "[]") + extra
    text += (
        'resource "aws_vpc_endpoint_route_table_association" "a" {\n  vpc_endpoint_id = aws_vpc_endpoint.s3.id\n'
        f"  route_table_id  = {table}\n}}\n"
    )
    result = engine.lint([module(tmp_path, {"main.tf": text})])
    assert rules(result, "W9630") == (["W9630"] if fires else [])
    named = [
        u.cause
        for u in result.undecided
        if "aws_vpc_endpoint.s3 (its route_table_ids) name a route table that "
        "aws_vpc_endpoint_route_table_association.a adds, and that " in (u.cause or "")
    ]
    assert bool(named) is not fires
