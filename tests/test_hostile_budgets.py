"""Bounded time and memory for every input: tiny files that used to expand exponentially, spin for
minutes or take gigabytes now end within their budget, say so (an E9600 naming the limit) when the
budget is what stopped them, and never hide a control template's finding.

Each case runs the real command line under a memory cap and a timeout (isolated.py): a hang guard,
not a speed test. What shows the work bounded is the E9600 naming the limit that stopped it, or the
work counted (the tests below with counters); the speed is bench/'s to show. Big inputs are
generated here, at test time.
"""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES
from isolated import TIMEOUT, run
from test_hostile import VALID, VALID_LINE, parse

HEADER = "AWSTemplateFormatVersion: '2010-09-09'\n"
#: The subprocess's time limit: a hang guard, set so that no load trips it (the budgets are shown by the E9600s
#: naming them, and by counting the work; their speed by bench/, never by a timed assertion here).
HANG = TIMEOUT


def _function(runtime: str) -> str:
    return f"Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: {runtime}\n"


def nested_sub(depth: int, leaf: str) -> str:
    """`Fn::Sub ["${a}${a}", {a: …}]` nested `depth` times: 2^depth copies of `leaf`."""
    node = json.dumps(leaf)
    for _ in range(depth):
        node = '{"Fn::Sub": ["${a}${a}", {"a": ' + node + "}]}"
    return node


def doubling_locals(depth: int) -> str:
    lines = ['  s0 = "ab"'] + [f'  s{i} = "${{local.s{i - 1}}}${{local.s{i - 1}}}"' for i in range(1, depth)]
    return "locals {\n" + "\n".join(lines) + f'\n}}\nresource "aws_subnet" "a" {{\n  vpc_id = local.s{depth - 1}\n}}\n'


def squaring_locals(depth: int) -> str:
    lines = ["  n0 = 10"] + [f"  n{i} = local.n{i - 1} * local.n{i - 1}" for i in range(1, depth)]
    return "locals {\n" + "\n".join(lines) + f'\n}}\nresource "aws_subnet" "a" {{\n  vpc_id = local.n{depth - 1}\n}}\n'


def sharing_locals(depth: int) -> str:
    """Each list holds the previous one twice: tiny in memory, 2^depth items once walked."""
    lines = ['  l0 = ["x"]'] + [f"  l{i} = [local.l{i - 1}, local.l{i - 1}]" for i in range(1, depth)]
    return (
        "locals {\n"
        + "\n".join(lines)
        + f'\n}}\nresource "aws_subnet" "a" {{\n  vpc_id = jsonencode(flatten(local.l{depth - 1}))\n}}\n'
    )


def nested_dynamic(depth: int) -> str:
    inner = "x = 1"
    for level in reversed(range(depth)):
        inner = f'dynamic "b{level}" {{\n  for_each = range(1000)\n  content {{\n    {inner}\n  }}\n}}'
    return f'resource "aws_security_group" "s" {{\n  vpc_id = "x"\n  {inner}\n}}\n'


#: name → ({relative path: content}, text the E9600 must hold, or None when nothing is over budget)
CASES = {
    "nested-fn-sub": ({"t.yaml": HEADER + _function(nested_sub(40, "x"))}, "a Fn::Sub over 1,000,000 characters"),
    "nested-fn-sub-evaluated-once": ({"t.yaml": HEADER + _function(nested_sub(40, ""))}, None),
    "find-in-map-calling-itself-twice": (
        {
            "t.yaml": HEADER + "Mappings:\n  M:\n    a:\n      b: {'Fn::Join': ['', [{'Fn::FindInMap': [M, a, b]}, "
            "{'Fn::FindInMap': [M, a, b]}]]}\n" + _function("!FindInMap [M, a, b]")
        },
        "over 200,000 steps",
    ),
    "fn-join-of-aliases": (
        {
            "t.yaml": HEADER
            + "Metadata:\n  x: &x "
            + "a" * 200_000
            + "\n"
            + _function("!Join ['', [*x, *x, *x, *x, *x, *x]]")
        },
        "a Fn::Join over 1,000,000 characters",
    ),
    "strings-doubling": ({"m/main.tf": doubling_locals(60)}, "a value over 1,000,000 characters and items"),
    "integers-squaring": ({"m/main.tf": squaring_locals(60)}, "a number over 1024 bits"),
    "lists-sharing": ({"m/main.tf": sharing_locals(60)}, "a value over 1,000,000 characters and items"),
    "replace-squaring": (
        {
            "m/main.tf": 'locals {\n  s = join("", [for i in range(1000) : "x"])\n}\n'
            'resource "aws_subnet" "a" {\n  vpc_id = replace(local.s, "", local.s)\n}\n'
        },
        "a value over 1,000,000 characters and items",
    ),
    "format-padding": (
        {"m/main.tf": 'resource "aws_subnet" "a" {\n  vpc_id = format("%999999999s", "x")\n}\n'},
        "a value over 1,000,000 characters and items",
    ),
    "setproduct-cubed": (
        {
            "m/main.tf": 'resource "aws_subnet" "a" {\n'
            "  vpc_id = length(setproduct(range(1000), range(1000), range(1000)))\n}\n"
        },
        "a value over 1,000,000 characters and items",
    ),
    "jsonencode-escaping": (  # each "<" becomes \u003c: six times the characters read
        {
            "m/main.tf": 'locals {\n  s = replace(format("%200000s", ""), " ", "<")\n}\n'
            'resource "aws_subnet" "a" {\n  vpc_id = jsonencode(local.s)\n}\n'
        },
        "a value over 1,000,000 characters and items",
    ),
    "split-into-characters": (
        {
            "m/main.tf": 'locals {\n  s = format("%600000s", "")\n}\n'
            'resource "aws_subnet" "a" {\n  vpc_id = length(split("", local.s))\n}\n'
        },
        "a value over 1,000,000 characters and items",
    ),
    "cidrsubnet-of-everything": (
        {
            "m/main.tf": 'resource "aws_subnet" "a" {\n  vpc_id = "x"\n'
            '  ipv6_cidr_block = cidrsubnet("::/0", 64, 5)\n}\n'
        },
        None,
    ),
    "nested-dynamic": ({"m/main.tf": nested_dynamic(5)}, "over 100,000 nested blocks"),
    # whole-number arithmetic in two loops of 100: each operation a Fraction, 1,000,000 steps took 16 s
    "arithmetic-in-loops": (
        {
            "m/main.tf": "locals {\n  x = flatten([for j in range(100) : [for i in range(100) : "
            + " + ".join(f"i * {k} % 7 + j" for k in range(1, 30))
            + "]])\n}\n"
            'resource "aws_subnet" "a" {\n  vpc_id = "subnet-${sum(local.x)}"\n}\n'
        },
        "over 250,000 evaluation steps",
    ),
    "nested-for": (
        {
            # range() stops at 1,024 numbers, as Terraform's does: three nested loops still exceed the budget
            "m/main.tf": "locals {\n  a = [for i in range(1024) : [for j in range(1024) :"
            " [for k in range(1024) : k]]]\n}\n"
            'resource "aws_subnet" "a" {\n  vpc_id = length(local.a)\n}\n'
        },
        "over 250,000 evaluation steps",
    ),
    "terraform-file-over-1-mb": (
        {"m/main.tf": "#" * (1024 * 1024 + 1)},
        "larger than 1 MB, the limit for Terraform files",
    ),
    "module-calls-its-folder-twice": (
        {
            "m/main.tf": 'module "a" {\n  source = "./"\n}\nmodule "b" {\n  source = "./"\n}\n'
            'resource "aws_subnet" "a" {\n  vpc_id = "x"\n}\n'
        },
        "module recursion",
    ),
}


def sam_globals(keys: int, functions: int) -> str:
    """A large Globals.Function copied into many functions: quadratic in the template's size."""
    head = HEADER + "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n"
    properties = "".join(f"    K{i}: {i}\n" for i in range(keys))
    body = "".join(
        f"  F{i}:\n    Type: AWS::Serverless::Function\n    Properties: {{A: 1}}\n" for i in range(functions)
    )
    return head + properties + "Resources:\n" + body


CASES["sam-globals-times-functions"] = (
    {"t.yaml": sam_globals(50_000, 2_000)},
    "Globals.Function is copied into too many functions (over 2,000,000 properties in all)",
)


def diamond_modules(levels: int) -> dict[str, str]:
    """Folder i calls folder i+1 twice: 2^levels module instances from a few lines."""
    files = {"m/main.tf": 'module "a" {\n  source = "./l0"\n}\nmodule "b" {\n  source = "./l0"\n}\n'}
    for level in range(levels):
        prefix = "m/" + "/".join(f"l{i}" for i in range(level + 1))
        files[f"{prefix}/main.tf"] = (
            f'module "a" {{\n  source = "./l{level + 1}"\n}}\nmodule "b" {{\n  source = "./l{level + 1}"\n}}\n'
            'resource "aws_subnet" "s" {\n  vpc_id = "x"\n}\n'
        )
    return files


CASES["module-fan-out"] = (diamond_modules(15), "over 2,000 module instances")


def deep_fan_out(depth: int) -> dict[str, str]:
    """Folders m0..m5, `depth` folders down, each calling the next four times: each call resolved its
    folder's real path anew, one lstat per level (47 s for a one-line root)."""
    deep = "d/" * depth
    files = {"main.tf": f'module "root" {{\n  source = "./{deep}m0"\n}}\n'}
    for level in range(6):
        calls = "".join(f'module "c{k}" {{\n  source = "../m{level + 1}"\n}}\n' for k in range(4))
        files[f"{deep}m{level}/main.tf"] = calls
    files[f"{deep}m6/main.tf"] = 'resource "aws_subnet" "s" {\n  vpc_id = "x"\n}\n'
    return files


CASES["module-fan-out-deep-in-the-tree"] = (deep_fan_out(100), "over 2,000 module instances")


def installed_modules(count: int, kilobytes: int) -> dict[str, str]:
    """A root calling `count` modules `terraform init` installed, each of `kilobytes` KB: each within the 1 MB
    of a file, together past what a root reads (2,000 such modules of 4 KB of resources, 8 MB: 148 s, 1.4 GB;
    comments here, which parse fast, as the limit is on the bytes)."""
    entries = [{"Key": "", "Source": "", "Dir": "."}]
    files: dict[str, str] = {}
    calls = ""
    for i in range(count):
        folder = f".terraform/modules/m{i}"
        source = f"registry.terraform.io/x/m{i}/aws"
        entries.append({"Key": f"m{i}", "Source": source, "Version": "1.0.0", "Dir": folder})
        calls += f'module "m{i}" {{\n  source  = "x/m{i}/aws"\n  version = "1.0.0"\n}}\n'
        padding = ("#" * 99 + "\n") * (kilobytes * 1024 // 100)
        files[f"m/{folder}/main.tf"] = padding + 'resource "aws_subnet" "s" {\n  vpc_id = "x"\n}\n'
    files["m/.terraform/modules/modules.json"] = json.dumps({"Modules": entries})
    files["m/main.tf"] = calls + 'resource "aws_subnet" "a" {\n  vpc_id = "x"\n}\n'
    return files


CASES["installed-modules-past-what-a-root-reads"] = (
    installed_modules(3, 900),
    "a root module reads up to 2 MB of Terraform files, its modules' included (a safety limit)",
)


def _stack(template: str) -> dict:
    return {"type": "aws:cloudformation:stack", "properties": {"templateFile": template}}


CASES["cdk-stages-pointing-back"] = (
    {
        "cdk.out/manifest.json": json.dumps(
            {
                "version": "36.0.0",
                "artifacts": {
                    "A": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "."}},
                    "B": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "."}},
                    "S": _stack("t.json"),
                },
            }
        ),
        "cdk.out/t.json": json.dumps({"Resources": {"Q": {"Type": "AWS::SNS::Topic"}}}),
    },
    None,
)
_SELF = {"Type": "AWS::CloudFormation::Stack", "Metadata": {"aws:asset:path": "t.json"}, "Properties": {}}
CASES["cdk-nested-stacks-pointing-back"] = (
    {
        "cdk.out/manifest.json": json.dumps({"version": "36.0.0", "artifacts": {"S": _stack("t.json")}}),
        "cdk.out/t.json": json.dumps({"Resources": {"N1": _SELF, "N2": _SELF}}),
    },
    None,
)


def plan_outputs_fan_out(branches: int, depth: int) -> str:
    """A plan whose configuration modules' outputs each name all the outputs of the module below:
    branches**depth paths from a few KB (100 s for 6**8 before each was followed once)."""

    def module(level: int) -> dict:
        refs = [f"module.m.o{j}" for j in range(branches)] if level < depth else ["aws_subnet.a.id"]
        found: dict = {
            "resources": [{"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a"}],
            "outputs": {f"o{i}": {"expression": {"references": refs}} for i in range(branches)},
        }
        if level < depth:
            found["module_calls"] = {"m": {"source": "./m", "module": module(level + 1)}}
        return found

    root = module(0)
    vpc = {"subnet_ids": {"references": ["module.m.o0", "module.m"]}}
    root["resources"].append(
        {
            "address": "aws_lambda_function.f",
            "mode": "managed",
            "type": "aws_lambda_function",
            "name": "f",
            "expressions": {"vpc_config": [vpc]},
        }
    )
    values = {"function_name": "f", "vpc_config": [{"subnet_ids": ["subnet-1"], "security_group_ids": []}]}
    planned = {"address": "aws_lambda_function.f", "mode": "managed", "type": "aws_lambda_function", "values": values}
    return json.dumps(
        {
            "format_version": "1.2",
            "terraform_version": "1.9.8",
            "planned_values": {"root_module": {"resources": [planned]}},
            "configuration": {"root_module": root},
        }
    )


CASES["plan-module-outputs-fan-out"] = ({"tfplan.json": plan_outputs_fan_out(6, 8)}, None)


def wide_module_calls(blocks: int) -> dict[str, str]:
    """256 instances of a module that calls another 256 times from each of `blocks` blocks: every call
    past the module budget was still weighed one by one (over a million, 80 s)."""
    calls = "".join(f'module "n{i}" {{\n  source = "../n"\n  count  = 256\n}}\n' for i in range(blocks))
    outputs = ", ".join(f"module.n{i}[0].s" for i in range(blocks))
    return {
        "m/main.tf": 'module "m" {\n  source = "./m"\n  count  = 256\n}\noutput "s" {\n  value = module.m[0].s\n}\n',
        "m/m/main.tf": calls + f'output "s" {{\n  value = [{outputs}]\n}}\n',
        "m/n/main.tf": 'output "s" {\n  value = "subnet-1"\n}\n',
    }


CASES["module-calls-past-the-budget"] = (wide_module_calls(20), "over 2,000 module instances")


def cdk_shared_metadata(stacks: int) -> dict[str, str]:
    """Stacks that share one metadata file and one folder of asset manifests, and missing templates the
    manifest names: each was read, indexed or searched again per stack (cubic: 1,000 stacks, 4 minutes)."""
    files: dict[str, str] = {}
    artifacts: dict[str, dict] = {}
    metadata: dict[str, list] = {}
    for i in range(stacks):
        digest = f"{i:064x}"
        metadata[f"/S{i}"] = [{"type": "aws:cdk:logicalId", "data": f"R{i}"}]
        metadata[f"/S{i}/N.NestedStack/N.NestedStackResource"] = [
            {"type": "aws:cdk:templateFile", "data": f"n{i}.json"}
        ]
        artifacts[f"S{i}"] = {**_stack(f"S{i}.template.json"), "additionalMetadataFile": "meta.json"}
        artifacts[f"M{i}"] = _stack(f"missing{i}.template.json")
        url = {"TemplateURL": f"https://bucket/{digest}.json"}
        template = {"Resources": {"N": {"Type": "AWS::CloudFormation::Stack", "Properties": url}}}
        files[f"cdk.out/S{i}.template.json"] = json.dumps(template)
        files[f"cdk.out/S{i}.assets.json"] = json.dumps({"files": {digest: {"source": {"path": f"n{i}.json"}}}})
        files[f"cdk.out/n{i}.json"] = json.dumps({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}})
    files["cdk.out/meta.json"] = json.dumps(metadata)
    files["cdk.out/manifest.json"] = json.dumps({"version": "36.0.0", "artifacts": artifacts}, indent=1)
    return files


CASES["cdk-stacks-sharing-metadata"] = (cdk_shared_metadata(600), "is missing")


# A large resource (a custom resource, a dashboard) is walked for subnets it may be placed in without
# counting toward the intrinsic-function step limit: 300,000 nodes of plain properties are no E9600.
CASES["large-plain-properties"] = (
    {
        "t.yaml": HEADER
        + "Resources:\n  Thing:\n    Type: Custom::Thing\n    Properties:\n      Items:\n"
        + "".join(f"        - {{a: {i}, b: [x, y]}}\n" for i in range(100_000))
    },
    None,
)


# python-hcl2's heredoc pattern tries `\n\s*EOF` after every line, each `\s*` running over the blank lines
# after it: 100,000 of them took two minutes (and 150,000 beside a template made the run time out).
CASES["heredoc-blank-lines"] = (
    {"main.tf": "locals {\n  a = <<EOF\n" + " \n" * 100_000 + "EOF\n}\n"},
    "blank lines in a row beside a heredoc",
)
# Flattening (the retry a `${` spanning lines forces) looked for the end of the line after each `<<`:
# 250,000 on one line took 32 s.
OPENERS = 'locals {\n  a = "${\n1}"\n}\nx = ' + "<<A " * 250_000 + "\n"
CASES["heredoc-openers-on-one-line"] = ({"main.tf": OPENERS}, "HCL")
# A policy document's `.json` parsed its source documents again on each read: 8,192 reads of an 870 KB
# source made the run time out.
CASES["policy-document-read-often"] = (
    {
        "main.tf": 'data "aws_iam_policy_document" "a" {\n  source_policy_documents = [<<EOT\n'
        + json.dumps({"Statement": [], "P": [{}] * 100_000})
        + "\nEOT\n  ]\n}\n"
        + 'resource "aws_sns_topic" "t" {\n  tags = { for i in range(1024) : tostring(i) => '
        + 'join("", [for j in range(8) : data.aws_iam_policy_document.a.json]) }\n}\n'
    },
    None,
)
# Slices of an unknown list have a known length, so nested for-expressions over them multiply; and
# range() made a Fraction per item: both fill the work budget in a few seconds, not twenty.
CASES["nested-slices-of-an-unknown-list"] = (
    {
        "main.tf": 'variable "u" {}\nlocals {\n  a = [for x in slice(var.u, 0, 64) : [for y in slice(var.u, 0, 64) : '
        "[for z in slice(var.u, 0, 64) : slice(var.u, 0, 64)]]]\n  b = [for x in range(64) : [for y in range(64) : "
        '[for z in range(64) : range(64)]]]\n}\noutput "a" {\n  value = [local.a, local.b]\n}\n'
    },
    "Terraform evaluation budget exceeded",
)


def acls_of_single_addresses(acls: int, rules: int) -> str:
    """`acls` network ACLs, each of a function's subnet, each denying `rules` single addresses a direction."""
    dynamic = "".join(
        f'  dynamic "{way}" {{\n    for_each = range({rules})\n    content {{\n'
        f'      protocol = "tcp"\n      rule_no = {way}.value + 1\n      action = "deny"\n'
        f'      ipv6_cidr_block = format("2600:%x::1/128", {way}.value * 97)\n'
        "      from_port = 0\n      to_port = 65535\n    }\n  }\n"
        for way in ("ingress", "egress")
    )
    return (
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n'
        "  assign_generated_ipv6_cidr_block = true\n}\n"
        f'resource "aws_subnet" "s" {{\n  count = {acls}\n  vpc_id = aws_vpc.v.id\n'
        '  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)\n'
        "  ipv6_cidr_block = cidrsubnet(aws_vpc.v.ipv6_cidr_block, 8, count.index)\n}\n"
        'resource "aws_security_group" "g" {\n  vpc_id = aws_vpc.v.id\n}\n'
        f'resource "aws_network_acl" "a" {{\n  count = {acls}\n  vpc_id = aws_vpc.v.id\n'
        f"  subnet_ids = [aws_subnet.s[count.index].id]\n{dynamic}}}\n"
        f'resource "aws_lambda_function" "f" {{\n  count = {acls}\n  function_name = "f${{count.index}}"\n'
        '  role = "r"\n  vpc_config {\n    subnet_ids = [aws_subnet.s[count.index].id]\n'
        "    security_group_ids = [aws_security_group.g.id]\n    ipv6_allowed_for_dual_stack = true\n  }\n}\n"
    )


#: An ignore comment of 600,000 rule ids (1.8 MB): each id re-split the rest of the line (34 s).
CASES["ignore-comment-of-many-ids"] = (
    {
        "t.yaml": HEADER
        + "Resources:\n  # lambda6lint: ignore "
        + "E1 " * 600_000
        + "\n  T:\n    Type: AWS::SNS::Topic\n"
    },
    None,
)
# A network ACL rule for one address cut the rest of the internet into ~125 networks: 500 such rules
# took 36 s per ACL and direction. AWS takes 40 rules a direction; past 100 the answer is unknown.
CASES["network-acls-of-single-addresses"] = ({"m/main.tf": acls_of_single_addresses(8, 600)}, None)


def acls_sharing_crafted_rules(blocks: int) -> str:
    """`blocks` × 256 network ACLs of one function's subnets, all with one local's 87 rules a direction: 40 deny
    single addresses, 47 single ports, so each walk keeps ~2,000 pieces of the internet."""
    return (
        "locals {\n  rules = concat(\n"
        '    [for i in range(40) : { rule_no = 100 + i, action = "deny", protocol = "-1", from_port = 0, to_port = 0,'
        ' ipv6_cidr_block = format("2001:db8::%x/128", 2 * i + 1) }],\n'
        '    [for i in range(47) : { rule_no = 1000 + i, action = "deny", protocol = "tcp", from_port = 2000 + 2 * i,'
        ' to_port = 2000 + 2 * i, ipv6_cidr_block = "::/0" }])\n}\n'
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n  assign_generated_ipv6_cidr_block = true\n}\n'
        'resource "aws_egress_only_internet_gateway" "e" {\n  vpc_id = aws_vpc.v.id\n}\n'
        'resource "aws_route_table" "r" {\n  vpc_id = aws_vpc.v.id\n  route {\n    ipv6_cidr_block = "::/0"\n'
        "    egress_only_gateway_id = aws_egress_only_internet_gateway.e.id\n  }\n}\n"
        'resource "aws_security_group" "g" {\n  vpc_id = aws_vpc.v.id\n  egress {\n    from_port = 443\n'
        '    to_port = 443\n    protocol = "tcp"\n    ipv6_cidr_blocks = ["::/0"]\n  }\n}\n'
        + "".join(
            f'resource "aws_subnet" "s{k}" {{\n  count = 256\n  vpc_id = aws_vpc.v.id\n'
            f'  cidr_block = cidrsubnet("10.0.0.0/8", 14, {k * 256} + count.index)\n'
            f'  ipv6_cidr_block = cidrsubnet("2600:1f18::/44", 20, {k * 256} + count.index)\n}}\n'
            f'resource "aws_route_table_association" "a{k}" {{\n  count = 256\n'
            f"  subnet_id = aws_subnet.s{k}[count.index].id\n  route_table_id = aws_route_table.r.id\n}}\n"
            f'resource "aws_network_acl" "n{k}" {{\n  count = 256\n  vpc_id = aws_vpc.v.id\n'
            f"  subnet_ids = [aws_subnet.s{k}[count.index].id]\n  egress = local.rules\n  ingress = local.rules\n}}\n"
            for k in range(blocks)
        )
        + 'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "r"\n  vpc_config {\n'
        f"    subnet_ids = concat({', '.join(f'aws_subnet.s{k}[*].id' for k in range(blocks))})\n"
        "    security_group_ids = [aws_security_group.g.id]\n"
        "    ipv6_allowed_for_dual_stack = true\n  }\n}\n"
    )


# 1,024 such ACLs (a 2 KB module) took 50 s: one run walks at most acl.MAX_WORK pieces in all.
CASES["network-acls-sharing-crafted-rules"] = ({"m/main.tf": acls_sharing_crafted_rules(4)}, None)


def group_ports_behind_deny_rules(functions: int) -> str:
    """A group letting IPv6 out on 10,240 single TCP ports, an ACL of 64 deny rules splitting 2000::/3, and
    `functions` functions behind both: each port range was a walk of the ACL, and every function's W9621
    named the 64 deny rules once per range (7.7 KB of Terraform took 5 GB)."""
    ports = "".join(
        f'  dynamic "egress" {{\n    for_each = range({2 + k * 2048}, {2050 + k * 2048}, 2)\n    content {{\n'
        '      from_port = egress.value\n      to_port = egress.value\n      protocol = "tcp"\n'
        '      ipv6_cidr_blocks = ["::/0"]\n    }\n  }\n'
        for k in range(10)
    )
    return (
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n  assign_generated_ipv6_cidr_block = true\n}\n'
        'resource "aws_subnet" "s" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n'
        "  ipv6_cidr_block = cidrsubnet(aws_vpc.v.ipv6_cidr_block, 8, 1)\n}\n"
        'resource "aws_egress_only_internet_gateway" "e" {\n  vpc_id = aws_vpc.v.id\n}\n'
        'resource "aws_route_table" "r" {\n  vpc_id = aws_vpc.v.id\n  route {\n    ipv6_cidr_block = "::/0"\n'
        "    egress_only_gateway_id = aws_egress_only_internet_gateway.e.id\n  }\n}\n"
        'resource "aws_route_table_association" "a" {\n  subnet_id = aws_subnet.s.id\n'
        "  route_table_id = aws_route_table.r.id\n}\n"
        f'resource "aws_security_group" "g" {{\n  vpc_id = aws_vpc.v.id\n{ports}}}\n'
        'resource "aws_network_acl" "n" {\n  vpc_id = aws_vpc.v.id\n  subnet_ids = [aws_subnet.s.id]\n'
        '  dynamic "egress" {\n    for_each = range(64)\n    content {\n      rule_no = egress.value + 1\n'
        '      action = "deny"\n      protocol = "tcp"\n      from_port = 1\n      to_port = 65534\n'
        '      ipv6_cidr_block = format("%x::/9", 8192 + egress.value * 128)\n    }\n  }\n'
        '  egress {\n    rule_no = 110\n    action = "allow"\n    protocol = "tcp"\n    from_port = 65535\n'
        '    to_port = 65535\n    ipv6_cidr_block = "::/0"\n  }\n'
        '  ingress {\n    rule_no = 110\n    action = "allow"\n    protocol = "tcp"\n    from_port = 1024\n'
        '    to_port = 65535\n    ipv6_cidr_block = "::/0"\n  }\n}\n'
        f'resource "aws_lambda_function" "f" {{\n  count = {functions}\n  function_name = "f${{count.index}}"\n'
        '  role = "r"\n  vpc_config {\n    subnet_ids = [aws_subnet.s.id]\n'
        "    security_group_ids = [aws_security_group.g.id]\n    ipv6_allowed_for_dual_stack = true\n  }\n}\n"
    )


CASES["group-ports-behind-deny-rules"] = ({"m/main.tf": group_ports_behind_deny_rules(50)}, None)


def heredoc_policies_naming_splats(kinds: int, count: int) -> str:
    """`kinds` × `count` Elastic IPs and as many bucket policies, each heredoc naming every splat of them: its
    holes keep what they name (49 s and 1 GB for 8 × 256, each instance walking every splat again)."""
    refs = " ".join(f'"${{aws_eip.e{e}[*].public_ip}}"' for e in range(kinds))
    return "".join(
        f'resource "aws_eip" "e{k}" {{\n  count = {count}\n  domain = "vpc"\n}}\n'
        f'resource "aws_s3_bucket_policy" "p{k}" {{\n  count = {count}\n  bucket = "b{k}-${{count.index}}"\n'
        f'  policy = <<EOF\n{{"x": [{refs}]}}\nEOF\n}}\n'
        for k in range(kinds)
    )


CASES["heredoc-policies-naming-splats"] = ({"m/main.tf": heredoc_policies_naming_splats(8, 256)}, None)
# One heredoc of an unclosed string, or of unclosed interpolations: each was rescanned from every opening
# (80 KB: 30 s; 160 KB: 4 minutes).
CASES["heredoc-of-an-unclosed-string"] = (
    {"m/main.tf": 'resource "aws_s3_bucket_policy" "p" {\n  policy = <<EOF\n${"' + '\\"' * 40_000 + "\nEOF\n}\n"},
    None,
)
CASES["heredoc-of-unclosed-interpolations"] = (
    {"m/main.tf": 'resource "aws_s3_bucket_policy" "p" {\n  policy = <<EOF\n' + "${" * 40_000 + "\nEOF\n}\n"},
    None,
)


def plan_of_records_naming_a_count(addresses: int, records: int) -> str:
    """A plan of `records` records whose configuration names a count of `addresses` Elastic IPs: each record
    named all of them (6,000 × 6,000 in a 2 MB plan took 3.7 GB)."""
    plan = json.loads((FIXTURES / "W9650" / "bad-inline-route-keeps-the-other-nat.tfplan.json").read_text())
    resources = plan["planned_values"]["root_module"]["resources"]
    for i in range(addresses):
        values = {"domain": "vpc", "id": f"eipalloc-{i}", "public_ip": f"1.2.{i // 256 % 256}.{i % 256}"}
        resources.append(
            {"address": f"aws_eip.big[{i}]", "type": "aws_eip", "name": "big", "index": i, "values": values}
        )
    for i in range(records):
        values = {"name": f"r{i}", "records": ["1.2.3.4"], "type": "A"}
        head = {"address": f"aws_route53_record.r[{i}]", "type": "aws_route53_record", "name": "r", "index": i}
        resources.append({**head, "values": values})
    configured = plan["configuration"]["root_module"].setdefault("resources", [])
    configured.append({"address": "aws_eip.big", "type": "aws_eip", "name": "big", "expressions": {}})
    references = {"records": {"references": ["aws_eip.big.public_ip", "aws_eip.big"]}}
    configured.append(
        {"address": "aws_route53_record.r", "type": "aws_route53_record", "name": "r", "expressions": references}
    )
    return json.dumps(plan, separators=(",", ":"))


CASES["plan-records-naming-a-count"] = ({"tfplan.json": plan_of_records_naming_a_count(6000, 6000)}, None)


#: A local of 15 × 256 × 256 items that share their lists: cheap to make, ~1,000,000 to walk.
SHARED_LOCALS = (
    "locals {\n  l1 = [for i in range(256) : i]\n  l2 = [for i in range(256) : local.l1]\n"
    "  l3 = [for i in range(15) : local.l2]\n}\n"
)
# What an unknown route target may name (causes.named) walked every item of each value, and why it is
# unknown (causes.holds_unknown) did at each level of an index: a few hundred bytes took minutes.
CASES["unknown-route-target-over-shared-lists"] = (
    {
        "m/main.tf": 'variable "u" {\n  type = bool\n}\n'
        + SHARED_LOCALS
        + 'resource "aws_nat_gateway" "a" {\n  subnet_id = "subnet-1"\n}\n'
        'resource "aws_route" "r" {\n  count = 3\n  route_table_id = "rtb-1"\n  destination_cidr_block = "0.0.0.0/0"\n'
        "  nat_gateway_id = var.u ? aws_nat_gateway.a.id : { " + ", ".join(["(var.u) = local.l3"] * 128) + " }\n}\n"
    },
    None,
)
CASES["unknown-index-into-shared-lists"] = (
    {
        "m/main.tf": 'variable "idx" {\n  type = number\n}\n'
        + SHARED_LOCALS
        + 'resource "aws_subnet" "w" {\n  count = 40\n  vpc_id = "vpc-1"\n  cidr_block = "10.0.200.0/24"\n'
        + "  ipv6_cidr_block = "
        + "local.l3[" * 30
        + "var.idx"
        + "]" * 30
        + "\n}\n"
    },
    None,
)


# A plan found by a walk looks for its module in the folders above it: a `^\s*resource` pattern ran across
# every blank line from every line start (100,000 blank lines: 23 s).
CASES["plan-above-a-tf-of-blank-lines"] = (
    {
        "m/blank.tf": "# padding" + "\n" * 200_000,
        "m/plans/plan.json": (FIXTURES / "W9601" / "bad-flag-false.tfplan.json").read_text(),
    },
    None,
)


# `cidrsubnet`'s check that a netnum fits its new bits shifted 1 by them: 20 billion new bits, a 2.5 GB integer
# (a MemoryError under the cap, an E9600 "internal error"). Terraform refuses it: unknown here, no E9600.
CASES["cidrsubnet-with-billions-of-new-bits"] = (
    {"m/main.tf": 'resource "aws_subnet" "a" {\n  vpc_id = cidrsubnet("10.0.0.0/8", 20000000000, 1)\n}\n'},
    None,
)


def pinned_function(constraint: str) -> str:
    """A module with a function whose fix suggests an argument of provider 5.23.0, its AWS provider pinned to
    `constraint` (provider.excludes_from reads it)."""
    text = (FIXTURES / "W9601" / "bad-flag-absent-counted-subnets" / "main.tf").read_text()
    return text.replace('version = ">= 5.23"', f'version = "{constraint}"')


# A provider constraint's version of 5,000 digits: `int()` refused it (ValueError, an E9600); of 200,000 blanks
# before what is no version, two `\s*` side by side tried each split of them (11 s for 20,000).
CASES["aws-provider-pinned-to-a-5000-digit-version"] = ({"m/main.tf": pinned_function("= " + "9" * 5000)}, None)
CASES["aws-provider-constraint-of-blanks"] = ({"m/main.tf": pinned_function(" " * 200_000 + "x")}, None)


@pytest.mark.parametrize("name", sorted(CASES))
def test_budget(tmp_path, name):
    files, message = CASES[name]
    for relative, text in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text)
    (tmp_path / "valid.yaml").write_text(VALID)
    proc = run([str(tmp_path)], timeout=HANG)
    found = parse(proc.stdout)
    assert ("W9601", VALID_LINE) in [(f["rule"], f["line"]) for f in found if f["path"].endswith("valid.yaml")]
    errors = [f["message"] for f in found if f["rule"] == "E9600"]
    if message is None:
        assert errors == [] and proc.returncode == 1, proc.stdout
    else:
        assert proc.returncode == 2 and len(errors) >= 1 and all(message in e for e in errors), proc.stdout


#: Cases of CASES whose regression did work growing faster than their input, but within the hang guard at
#: these sizes: the work is counted in this process as well. name → (module, attribute counted, the most
#: counted; "characters": the length of what it returns is counted, not its calls, at most twice the case's).
COUNTED = {
    # (each (reference, module) followed once: 92 outputs; 6**8 paths followed each again)
    "plan-module-outputs-fan-out": ("lambda6lint.loaders.terraform.plan", "_Plan._module_output", 1_000),
    # (the shared metadata file read once: less than the assembly; read again for each of 600 stacks)
    "cdk-stacks-sharing-metadata": ("lambda6lint.loaders.cloudformation.cdk", "read_source", "characters"),
    # (a call's folder's real path found once: 38 in the case's folder; once per instance, one lstat per level
    # of 8,000 calls; only paths in the case's folder counted: pytest's own are not the run's)
    "module-fan-out-deep-in-the-tree": ("os.path", "realpath", 1_000),
    # (the module budget ends the evaluation: 4,096 calls weighed; each of a million calls after it)
    "module-calls-past-the-budget": ("lambda6lint.loaders.terraform.modules", "Run.calls_itself", 10_000),
    # (what a heredoc's holes name, found once a module: 8; once for each of 2,048 policies)
    "heredoc-policies-naming-splats": ("lambda6lint.loaders.terraform.evaluator", "links_in", 64),
    # (a policy document's `.json` made once an instance: 1; its 870 KB source parsed again on each of 8,192 reads)
    "policy-document-read-often": ("lambda6lint.loaders.terraform.evaluator", "policy_document_json", 16),
}


@pytest.mark.parametrize("name", sorted(COUNTED))
def test_budget_counted(tmp_path, monkeypatch, name):
    """The case's work counted, not timed (test_budget runs it under the hang guard): past the most, the
    counter stops the test (pytest.fail, which the run's `except Exception` does not take for a bad input)."""
    import importlib

    from lambda6lint import engine

    files, _ = CASES[name]
    for relative, text in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text)
    module, attribute, most = COUNTED[name]
    if most == "characters":
        most = 2 * sum(map(len, files.values()))
    owner: object = importlib.import_module(module)
    *path, last = attribute.split(".")
    for part in path:
        owner = getattr(owner, part)
    counted, seen = getattr(owner, last), [0]

    def counter(*args, **kwargs):
        found = counted(*args, **kwargs)
        if attribute == "realpath" and not str(args[0]).startswith(str(tmp_path)):
            return found
        seen[0] += len(found) if COUNTED[name][2] == "characters" else 1
        if seen[0] > most:
            pytest.fail(f"{name}: over {most:,} counted ({attribute}): the work is not bounded")
        return found

    monkeypatch.setattr(owner, last, counter)
    engine.lint([str(tmp_path)], engine.Options(jobs=1))
    assert 0 < seen[0] <= most, seen[0]


def test_network_acls_sharing_crafted_rules_share_one_walk_budget(tmp_path, monkeypatch):
    """network-acls-sharing-crafted-rules (1,024 ACLs of 87 crafted rules) counted, not timed: every walk of a
    run's network ACLs draws on one acl.Budget of MAX_WORK pieces (a walk per ACL without it: 31 s). The
    counter stops the test once a budget has paid for twice MAX_WORK."""
    from lambda6lint import acl, engine

    made: list[acl.Budget] = []

    class Counted(acl.Budget):
        __slots__ = ()

        def __init__(self, left: int | None = None) -> None:
            super().__init__(left)
            made.append(self)

        @property
        def spent(self) -> bool:
            if self.left < -acl.MAX_WORK:
                pytest.fail("the network ACL walks are not bounded by acl.MAX_WORK")
            return super().spent

    monkeypatch.setattr(acl, "Budget", Counted)
    files, _ = CASES["network-acls-sharing-crafted-rules"]
    (tmp_path / "main.tf").write_text(files["m/main.tf"])
    engine.lint([str(tmp_path)], engine.Options(jobs=1))
    assert len(made) == 1 and -acl.MAX_WORK <= made[0].left < acl.MAX_WORK, [b.left for b in made]


#: Regressions whose work no counter here can see (a regular expression's backtracking runs in C) and which
#: fit in the hang guard at the size of their CASES: the function at fault, called on an input so large that
#: the quadratic path it had takes hours and the linear one under a second. name → code that must end.
ENDS = {
    # (SARIF's escape of `](`: a pattern matching the backslashes first went back over the run at each one)
    "sarif-escape-of-backslashes": r"""from lambda6lint.report.sarif import _plain
assert _plain('\\' * 4_000_000 + 'x](') == '\\' * 4_000_000 + 'x\\]('""",
    # (plan-above-a-tf-of-blank-lines: `^\s*resource` ran across every blank line from every line start)
    "declared-resources-after-blank-lines": r"""from lambda6lint.loaders.terraform.plan import _DECLARED
assert _DECLARED.findall('resource "a" "b"' + '\n' * 4_000_000 + 'x') == [('a', 'b')]""",
    # (heredoc-of-unclosed-interpolations: the holes' pattern looked for the `}` again from every `${`)
    "heredoc-of-unclosed-interpolations": r"""from lambda6lint.loaders.terraform import hcl
assert hcl._heredoc('<<EOF\n' + '${' * 2_000_000 + '\nEOF\n', False, 1, 1).kind == 'partial'""",
}


@pytest.mark.parametrize("name", sorted(ENDS))
def test_linear_scans_end_on_inputs_the_quadratic_ones_would_take_hours_on(name):
    """Not timed: the hang guard (HANG) is the only limit, on an input that sets the two far apart (the linear
    scan: under a second; the quadratic one: hours, each of these checked with its pattern put back)."""
    import subprocess
    import sys

    try:
        proc = subprocess.run([sys.executable, "-c", ENDS[name]], capture_output=True, text=True, timeout=HANG)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name} did not end within {HANG} s: quadratic again")
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_a_child_nested_by_many_parents_merges_its_globals_once(tmp_path):
    """A template 25 parents nest is built 25 times from one parse tree: what its Globals merge into is
    the tree's, merged and counted once, not 25 times past MAX_GLOBALS (a false E9600)."""
    from lambda6lint import engine

    (tmp_path / "child.yaml").write_text(sam_globals(1_000, 100))  # (100,000 copies a build)
    for number in range(25):
        (tmp_path / f"root{number}.yaml").write_text(
            HEADER + "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n"
            "    Properties:\n      TemplateURL: child.yaml\n"
        )
    result = engine.lint([str(tmp_path)], engine.Options(jobs=1))
    assert [f.message for f in result.findings if f.rule.id == "E9600"] == [] and len(result.files) == 26


def test_a_small_child_whose_loops_multiply_it_cannot_be_built_for_hundreds_of_parents(tmp_path):
    """A 700-byte child whose nested loops make 1,600 queues, nested by 300 parents: each parent builds
    its own copy (480,000 resources, 1.5 GB) though the bytes read again are 210 KB. What loops make
    again for another parent is bounded (mapper.MAX_REMADE); past it, loops stay loops and say why."""
    from lambda6lint.loaders.cloudformation import mapper

    items = "[" + ", ".join(f"i{n}" for n in range(40)) + "]"
    (tmp_path / "child.yaml").write_text(
        HEADER
        + "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::A:\n    - A\n    - "
        + items
        + "\n    - Fn::ForEach::B:\n        - B\n        - "
        + items
        + "\n        - Q${A}${B}:\n"
        + "            Type: AWS::SQS::Queue\n"
        + '            Properties: {QueueName: !Sub "${A}-${B}", Tags: [{Key: a, Value: b}]}\n'
    )
    for number in range(300):
        (tmp_path / f"root{number}.yaml").write_text(
            HEADER + "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n"
            "    Properties:\n      TemplateURL: child.yaml\n"
        )
    proc = run(["--jobs", "1", "--explain", "--format", "json", str(tmp_path)])
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    causes = [u["cause"] for u in json.loads(proc.stdout)["undecided"] if u["subject_noun"] == "loop"]
    assert 0 < len(causes) < 300 and all(mapper.REMADE in cause for cause in causes), causes[:3]


def test_a_plan_of_40000_resources_is_read_in_linear_time(tmp_path, monkeypatch):
    """Indexing per instance made a 40,000-resource plan take minutes (a set per instance in the mapper,
    a scan of the configuration per instance in the plan reader). Counted, not timed: the plan reader's lists
    (plan._items) hold a few times the plan's resources in all (4 x 40,000), not 40,000 each."""
    from lambda6lint import engine
    from lambda6lint.loaders.terraform import plan as reader

    resources, configuration = [], []
    kinds = ("aws_subnet", "aws_route_table", "aws_security_group", "aws_vpc_endpoint_route_table_association")
    for i in range(40_000):
        address = f"{kinds[i % 4]}.r{i}"
        resources.append({"address": address, "type": kinds[i % 4], "values": {}})
        configuration.append({"address": address, "expressions": {"vpc_id": {"references": ["aws_vpc.x"]}}})
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.9.8",
        "planned_values": {"root_module": {"resources": resources}},
        "configuration": {"root_module": {"resources": configuration}},
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    items, most = reader._items, [10 * len(resources)]

    def counted(value):
        found = items(value)
        most[0] -= len(found)
        if most[0] < 0:
            pytest.fail("the plan's lists are read again for each instance")
        return found

    monkeypatch.setattr(reader, "_items", counted)
    assert engine.lint([str(path)], engine.Options(jobs=1)).findings == []
    assert most[0] >= 0
    monkeypatch.undo()
    proc = run([str(path)], timeout=HANG)  # (the real process, under the memory cap and the hang guard)
    assert proc.returncode == 0, proc.stdout[-2000:]


@pytest.mark.parametrize(
    "glob",
    ["**/" * 40 + "never", "**/" + "**a" * 20 + "**b", "a*/" + "**/*a" * 20 + "/b", "**a" * 40 + "**b"],
)
def test_settings_globs_cannot_backtrack(tmp_path, glob):
    """`exclude` and `per-path-ignores` come from a settings file the pull request controls; as regexes
    these globs backtrack through every way of splitting a deep path (hours, not seconds)."""
    folder = tmp_path.joinpath(*["aaaaaaaa"] * 30)
    folder.mkdir(parents=True)
    (folder / "valid.yaml").write_text(VALID)
    settings = f"exclude = [{json.dumps(glob)}]\n[per-path-ignores]\n{json.dumps(glob)} = ['E']\n"
    (tmp_path / ".lambda6lint.toml").write_text(settings)
    proc = run(["."], cwd=tmp_path, timeout=HANG)
    assert proc.returncode == 1 and [f["rule"] for f in parse(proc.stdout)] == ["W9601"]


def test_a_name_of_backslashes_is_written_as_sarif_in_linear_time(tmp_path):
    """SARIF escapes `](` and the backslashes before it: a regular expression that matched the
    backslashes first went back over a run of them at each one (100,000: 80 s; 200,000: a timeout)."""
    name = "\\" * 200_000 + "Fn"
    (tmp_path / "t.yaml").write_text(VALID.replace("  Fn:\n", f"  ? {json.dumps(name)}\n  :\n", 1))  # (a long key)
    proc = run(["--format", "sarif", str(tmp_path)], timeout=HANG)
    assert proc.returncode in (0, 1) and json.loads(proc.stdout)["runs"], proc.stderr[-2000:]


def test_the_plan_diagram_meets_each_edge_once(tmp_path, monkeypatch):
    """30 functions sharing one list of 100 subnets (a YAML alias: 35 KB at 300 subnets) drew 3,000 edges,
    each compared with every edge drawn before it: 22 s at 300 subnets, minutes past 1,000. Counted, not
    timed: drawing compares no two edges."""
    from lambda6lint import diagram, engine

    subnets = [
        f"  S{i}: {{Type: AWS::EC2::Subnet, Properties: {{VpcId: !Ref V, CidrBlock: 10.0.{i}.0/24}}}}"
        for i in range(100)
    ]
    listed = "[" + ", ".join(f"!Ref S{i}" for i in range(100)) + "]"
    function = (
        "  F{k}:\n    Type: AWS::Lambda::Function\n    Properties: {{Runtime: python3.12, Handler: a.b, Role: r, "
    )
    function += "Code: {{ZipFile: x}}, VpcConfig: {{SecurityGroupIds: [sg-1], SubnetIds: {subnets}}}}}"
    functions = [function.format(k=0, subnets="&s " + listed)] + [
        function.format(k=k, subnets="*s") for k in range(1, 30)
    ]
    text = "\n".join(
        ["Resources:", "  V: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}", *subnets, *functions]
    )
    (tmp_path / "t.yaml").write_text(text + "\n")
    compared = []
    monkeypatch.setattr(diagram.Edge, "__eq__", lambda self, other: compared.append(1) or NotImplemented)
    result = engine.lint([str(tmp_path / "t.yaml")], engine.Options(plan=True))
    drawn = diagram.draw(result.network, result.plan)
    edges = drawn.vpcs[0].diagram.edges
    # each function to each subnet and each subnet to its (main) route table; not the `::/0` it lacks, since these
    # functions have no way out (flag off, local routes only: a838aae's `diagram._closed`)
    assert len(edges) >= 30 * 100 + 100 and len({(e.source, e.target, e.label) for e in edges}) == len(edges)
    assert len(compared) < len(edges), len(compared)


def test_loops_naming_by_value_open_the_template_in_one_pass(tmp_path, monkeypatch):
    """300 loops that cannot be expanded, each naming route tables by value, beside 300 resources: each loop
    walked every resource (4,400 of each in 1 MB: 20 s). Counted, not timed."""
    from lambda6lint import engine
    from lambda6lint.model import Template

    lines = ["Transform: AWS::LanguageExtensions", "Parameters:", "  Tables: {Type: CommaDelimitedList}", "Resources:"]
    lines += [f"  Rt{i}: {{Type: AWS::EC2::RouteTable, Properties: {{VpcId: vpc-1}}}}" for i in range(300)]
    for i in range(300):
        lines += [
            f"  Fn::ForEach::Routes{i}:",
            "    - T",
            "    - !Ref Tables",
            f"    - R{i}${{T}}:",
            "        Type: AWS::EC2::Route",
            "        Properties: {RouteTableId: {Ref: {Ref: T}}, DestinationIpv6CidrBlock: '::/0', GatewayId: igw-1}",
        ]
    (tmp_path / "t.yaml").write_text("\n".join(lines) + "\n")
    calls = []
    opens = Template.opens
    monkeypatch.setattr(Template, "opens", lambda self, *a: calls.append(1) or opens(self, *a))
    engine.lint([str(tmp_path / "t.yaml")])
    assert 300 <= len(calls) < 2 * 300, len(calls)


def test_inputs_passed_on_through_nested_modules_are_followed_once_each(tmp_path, monkeypatch):
    """8 nested modules, each passing 10 inputs on (`vN = coalescelist(var.v0, …, var.v9)`): whether a function's
    subnet list is narrowed followed every input at every level, 10**8 steps (a 22 KB plan past 60 s; helper).
    Counted, not timed: each (input, module) is asked once."""
    from lambda6lint import engine
    from lambda6lint.loaders.terraform import plan as tfplan

    names = [f"v{i}" for i in range(10)]
    everything = {"references": [f"var.{n}" for n in names]}
    module: dict = {
        "resources": [
            {
                "address": "aws_lambda_function.f",
                "mode": "managed",
                "type": "aws_lambda_function",
                "name": "f",
                "expressions": {"vpc_config": [{"subnet_ids": {"references": ["var.v0"]}}]},
            }
        ],
        "variables": {n: {} for n in names},
    }
    for _ in range(8):
        module = {"module_calls": {"m": {"expressions": dict.fromkeys(names, everything), "module": module}}}
        module["variables"] = {n: {} for n in names}
    module["module_calls"]["m"]["expressions"] = {n: {"references": ["aws_subnet.a.id", "aws_subnet.a"]} for n in names}
    address = "module.m." * 8 + "aws_lambda_function.f"
    values = {"vpc_config": [{}]}
    function = {"address": address, "mode": "managed", "type": "aws_lambda_function", "name": "f", "values": values}
    child: dict = {"resources": [function], "address": "module.m" + ".module.m" * 7}
    for depth in range(7, 0, -1):
        child = {"child_modules": [child], "address": "module.m" + ".module.m" * (depth - 1)}
    subnet = {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a", "values": {}}
    doc = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": [subnet], "child_modules": [child]}},
        "resource_changes": [
            {
                "address": address,
                "change": {"after": {"vpc_config": [{}]}, "after_unknown": {"vpc_config": [{"subnet_ids": True}]}},
            }
        ],
        "configuration": {"root_module": {**module, "resources": []}},
    }
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    asked = []
    given = tfplan._Plan.given
    monkeypatch.setattr(tfplan._Plan, "given", lambda self, *a: asked.append(a) or given(self, *a))
    engine.lint([str(tmp_path / "plan.json")])
    assert len(asked) < 1_000, len(asked)  # (11 million before: every input followed at every level)


def test_many_staged_value_files_walk_the_tree_once(tmp_path, monkeypatch):
    """A commit staging 1,000 var files the settings name: each walked the whole tree again for the modules
    its values reach (1m40s). Counted, not timed: one walk for all of them, the same modules linted."""
    from lambda6lint import discover, engine

    (tmp_path / "net").mkdir()
    module = 'variable "n" {}\nresource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
    (tmp_path / "net" / "main.tf").write_text(module)
    (tmp_path / "env").mkdir()
    (tmp_path / ".git").mkdir()  # (the tree: the work tree the files are in)
    files = []
    for i in range(50):
        (tmp_path / "env" / f"{i}.tfvars").write_text(f"n = {i}\n")
        files.append(str(tmp_path / "env" / f"{i}.tfvars"))
    walks = []
    walk = discover._walk
    monkeypatch.setattr(discover, "_walk", lambda *a: walks.append(1) or walk(*a))
    options = engine.Options(only_templates=True, tf_var_files=files)
    result = engine.lint(files, options)
    assert len(walks) == 1 and result.sources == {"terraform-module": 1}, (len(walks), result.sources)


def test_a_chain_of_calls_that_make_nothing_is_followed_a_bounded_number_of_levels(tmp_path, monkeypatch):
    """200 modules, each calling the next with `count = 0`, the last one staged: each level is a round of
    loading (the caller a walk lints as a root), so past 64 levels the staged module is linted alone, as a
    walk lints it here too (no call makes it)."""
    from lambda6lint import discover, engine

    (tmp_path / ".git").mkdir()
    for level in range(200):
        (tmp_path / f"m{level}").mkdir()
        call = f'module "next" {{\n  source = "../m{level + 1}"\n  count  = 0\n}}\n' if level < 199 else ""
        (tmp_path / f"m{level}" / "main.tf").write_text(
            call + 'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        )
    rounds = []
    standing = discover.standing
    monkeypatch.setattr(discover, "standing", lambda *a: rounds.append(1) or standing(*a))
    staged = str(tmp_path / "m199" / "main.tf")
    result = engine.lint([staged], engine.Options(only_templates=True))
    assert staged in result.files and len(rounds) == 64, len(rounds)


def test_nat_gateways_do_not_walk_a_long_subnet_list_each(tmp_path, monkeypatch):
    """300 NAT gateways routed from one table, and one function listing its subnet 2,000 times beside a parameter:
    each NAT gateway walked the whole list to learn whether the function may sit behind it, and `--explain` walked
    each entry's routes, 300 of them (Terraform, 3.7 KB: 32 s; helper-101). Counted, not timed: a subnet's facts
    are found once however often the function lists it."""
    from lambda6lint import engine, explain

    association = {"SubnetId": {"Ref": "S"}, "RouteTableId": {"Ref": "Rt"}}
    subnets = [{"Ref": "S"}] * 2000 + [{"Ref": "P"}]
    resources = {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
        "S": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24"}},
        "Rt": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}},
        "A": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": association},
        "Fn": {
            "Type": "AWS::Lambda::Function",
            "Properties": {"Runtime": "python3.12", "VpcConfig": {"SubnetIds": subnets, "SecurityGroupIds": ["sg-1"]}},
        },
    }
    for n in range(300):
        nat = {"AllocationId": "eipalloc-1", "SubnetId": "subnet-1"}
        route = {"RouteTableId": {"Ref": "Rt"}, "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": {"Ref": f"N{n}"}}
        resources[f"N{n}"] = {"Type": "AWS::EC2::NatGateway", "Properties": nat}
        resources[f"R{n}"] = {"Type": "AWS::EC2::Route", "Properties": route}
    (tmp_path / "t.json").write_text(json.dumps({"Parameters": {"P": {"Type": "String"}}, "Resources": resources}))
    walked = []
    subnet_facts = explain._subnet
    monkeypatch.setattr(explain, "_subnet", lambda *a: walked.append(a[2].target) or subnet_facts(*a))
    result = engine.lint([str(tmp_path / "t.json")])
    assert 1 <= len(walked) <= 2, len(walked)  # (the subnet once, the parameter's entry once)
    assert result.undecided, "the function is not fully checked: the walk must have run"


def test_nat_gateways_routed_from_one_table_do_not_assess_its_subnets_each(tmp_path, monkeypatch):
    """One route table with 0.0.0.0/0 routes to 60 NAT gateways (invalid: a table holds one route per
    destination) and 60 subnets of a function each: each NAT gateway listed, and the explanation and the plan
    walked, every subnet and function of the table (1 MB of CloudFormation: 9 s, the plan 29 s and 100 MB).
    Counted, not timed: no NAT gateway decides on the table's subnets, and `--explain` says why once for each."""
    from lambda6lint import engine, network

    n = 60
    resources: dict[str, dict] = {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
        "Rt": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}},
    }
    for i in range(n):
        subnet = {"VpcId": {"Ref": "Vpc"}, "CidrBlock": f"10.0.{i}.0/24"}
        route = {"RouteTableId": {"Ref": "Rt"}, "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": {"Ref": f"N{i}"}}
        vpc_config = {"SubnetIds": [{"Ref": f"S{i}"}], "SecurityGroupIds": ["sg-1"]}
        resources[f"E{i}"] = {"Type": "AWS::EC2::EIP", "Properties": {"Domain": "vpc"}}
        nat = {"AllocationId": {"Fn::GetAtt": [f"E{i}", "AllocationId"]}, "SubnetId": "subnet-1"}
        resources[f"N{i}"] = {"Type": "AWS::EC2::NatGateway", "Properties": nat}
        resources[f"R{i}"] = {"Type": "AWS::EC2::Route", "Properties": route}
        resources[f"S{i}"] = {"Type": "AWS::EC2::Subnet", "Properties": subnet}
        association = {"SubnetId": {"Ref": f"S{i}"}, "RouteTableId": {"Ref": "Rt"}}
        resources[f"A{i}"] = {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": association}
        function = {"Runtime": "python3.12", "VpcConfig": vpc_config}
        resources[f"F{i}"] = {"Type": "AWS::Lambda::Function", "Properties": function}
    asked = []
    functions_in_subnet = network.Network.functions_in_subnet
    monkeypatch.setattr(
        network.Network,
        "functions_in_subnet",
        lambda self, subnet: asked.append(subnet) or functions_in_subnet(self, subnet),
    )
    (tmp_path / "t.json").write_text(json.dumps({"Resources": resources}))
    result = engine.lint([str(tmp_path / "t.json")], engine.Options(jobs=1, plan=True))
    assert len(asked) <= 2 * n, len(asked)  # (was 3 per NAT gateway and subnet: 10,800)
    assert not [f for f in result.findings if f.rule.id in ("W9650", "I9651")]
    why = [u for u in result.undecided if u.fact == "whether route R7 sends 0.0.0.0/0 to it"]
    assert len(why) == 1 and "has other routes for 0.0.0.0/0 (R0 and 58 more)" in why[0].cause, why
    assert result.plan is not None
    statuses = {entry.nat.id: entry.status for entry in result.plan.nats}
    assert statuses == {f"N{i}": "undecided" for i in range(n)}, statuses


def _fanned_locals(depth: int, width: int, leaf: str) -> str:
    """`x0 = concat(local.x1, local.x1, …)` `width` times, each of those the same again `depth` levels down."""
    lines = [f"  x{i} = concat({', '.join([f'local.x{i + 1}'] * width)})" for i in range(depth)]
    return "locals {\n" + "\n".join(lines) + f"\n  x{depth} = {leaf}\n}}\n"


def test_a_placeholder_is_looked_for_in_each_local_once(tmp_path, monkeypatch):
    """An empty security group list worked out through locals each reading the next 6 times, 6 levels down:
    looking for a placeholder default behind it (ce7b3e7) walked each local once per path to it, 6**6 walks
    (12 times, 8 levels: a 1 KB module past minutes). Counted, not timed: each local is walked once."""
    from lambda6lint import engine
    from lambda6lint.loaders.terraform import causes

    text = (
        'variable "subnet_ids" {}\n'
        + _fanned_locals(6, 6, "[]")
        + 'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n'
        + '  role = "arn:aws:iam::123456789012:role/fn"\n  vpc_config {\n    subnet_ids = var.subnet_ids\n'
        + "    security_group_ids = local.x0\n    ipv6_allowed_for_dual_stack = true\n  }\n}\n"
    )
    (tmp_path / "main.tf").write_text(text)
    walked = []
    children = causes.children
    monkeypatch.setattr(causes, "children", lambda node: walked.append(1) or children(node))
    result = engine.lint([str(tmp_path)], engine.Options(jobs=1))
    assert "E9604" in {f.rule.id for f in result.findings}  # (`x8 = []` is written: no placeholder)
    assert len(walked) < 10_000, len(walked)


def test_what_a_count_reads_is_looked_for_in_each_local_once(tmp_path, monkeypatch):
    """A `count` worked out through locals each reading the next 6 times, 6 levels down: what it reads (the
    switches turning it off turns off too) walked each local once per path to it (12 times, 8 levels: a 1 KB
    module past minutes). Counted, not timed: each local is walked once."""
    from lambda6lint import engine
    from lambda6lint.loaders.terraform import causes

    text = (
        'variable "a" {\n  default = 1\n}\n'
        + _fanned_locals(6, 6, "[var.a]")
        + 'resource "aws_security_group" "sg" {\n  count = length(local.x0) > 0 ? 1 : 0\n  vpc_id = "vpc-1"\n}\n'
    )
    (tmp_path / "main.tf").write_text(text)
    walked = []
    children = causes.children
    monkeypatch.setattr(causes, "children", lambda node: walked.append(1) or children(node))
    engine.lint([str(tmp_path)], engine.Options(jobs=1))
    assert len(walked) < 10_000, len(walked)


def test_sub_strings_of_many_unclosed_variables_are_read_in_linear_time(tmp_path):
    """A `Fn::Sub` of 200,000 `${` and no `}` after them (a 400 KB template): the pattern of a variable,
    searched from each `${`, read the rest of the string from each (quadratic: 100,000 of them took minutes).
    In the intrinsics, and in a loop's copies (`Fn::ForEach`), where a `!` ends a variable as a `}` does.
    Limited, not timed: the run's own time limit."""
    vpc = "      VpcConfig:\n        SubnetIds: [subnet-1]\n        SecurityGroupIds: [sg-1]\n"
    text = '"' + "${" * 200_000 + '"'
    (tmp_path / "sub.yaml").write_text(HEADER + _function(f"python3.12\n      Description: !Sub {text}\n{vpc}"))
    text = '"' + "${" * 200_000 + '!}"'
    loop = (
        "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Fns:\n    - X\n    - [a]\n    - Fn${X}:\n"
        f"        Type: AWS::Lambda::Function\n        Properties:\n          Description: !Sub {text}\n"
    )
    (tmp_path / "loop.yaml").write_text(HEADER + loop)
    (tmp_path / "valid.yaml").write_text(VALID)
    proc = run([str(tmp_path)], timeout=HANG)
    found = parse(proc.stdout)
    assert ("W9601", VALID_LINE) in [(f["rule"], f["line"]) for f in found if f["path"].endswith("valid.yaml")]
    assert [f for f in found if f["rule"] == "E9600"] == [] and proc.returncode == 1, proc.stdout


def test_functions_sharing_locals_look_through_each_local_once_in_all(tmp_path, monkeypatch):
    """100 functions, each counted and given its security groups through the same 30 locals (three levels,
    each local reading the ten below): every function walked them all again, for its placeholder and for what
    its count reads (300 functions over 320 such locals: 6 s, growing with the product). Counted, not timed:
    each local is worked out once for the module."""
    from lambda6lint import engine
    from lambda6lint.loaders.terraform import causes

    levels = [
        f"  l{level}_{i} = concat({', '.join(f'local.l{level + 1}_{j}' for j in range(10))})"
        for level in range(3)
        for i in range(10)
    ]
    text = (
        'variable "subnet_ids" {}\nlocals {\n'
        + "\n".join(levels)
        + "\n"
        + "\n".join(f"  l3_{i} = []" for i in range(10))
    )
    text += "\n}\n" + "".join(
        f'resource "aws_lambda_function" "fn{n}" {{\n  count = length(local.l0_0) >= 0 ? 1 : 0\n'
        f'  function_name = "fn{n}"\n  role = "arn:aws:iam::123456789012:role/fn"\n  vpc_config {{\n'
        "    subnet_ids = var.subnet_ids\n    security_group_ids = local.l0_0\n"
        "    ipv6_allowed_for_dual_stack = true\n  }\n}\n"
        for n in range(100)
    )
    (tmp_path / "main.tf").write_text(text)
    walked = []
    children = causes.children
    monkeypatch.setattr(causes, "children", lambda node: walked.append(1) or children(node))
    result = engine.lint([str(tmp_path)], engine.Options(jobs=1))
    assert sum(f.rule.id == "E9604" for f in result.findings) == 100  # (the lists are written `[]`: known)
    assert len(walked) < 1_000, len(walked)


def test_long_paths_in_a_loop_of_many_items_are_not_written_out_for_each(tmp_path):
    """`packaged` writes a loop's `Fn::Sub` path out for each item: 256 items of a long path in a few functions
    (a 4 MB template) took 2 GB. What it writes out is bounded by the template's own limit; past it, none."""
    from lambda6lint.loaders.cloudformation import includes
    from lambda6lint.loaders.common.marked import MAX_BYTES

    def function(k: int) -> dict:
        return {"Type": "AWS::Lambda::Function", "Properties": {"Code": {"Fn::Sub": f"${{Name}}/{k}" + "x" * 16384}}}

    body = {f"F{k}${{Name}}": function(k) for k in range(8)}
    doc = {"Resources": {"Fn::ForEach::A": ["Name", [f"a{i}" for i in range(256)], body]}}
    found = includes.packaged(doc)
    assert 0 < sum(map(len, found)) <= MAX_BYTES


def test_a_given_value_of_more_items_than_a_loop_copies_is_not_split_for_each_loop():
    """A parameter's value of 4 MB of commas given for the collection of 60 loops: `packaged` split it, made a
    list of its 4 million items and checked each, once a loop (a minute), to copy none of them."""
    from lambda6lint.loaders.cloudformation import includes

    class Spied(str):
        splits = 0

        def split(self, *args, **kwargs):  # type: ignore[override]
            Spied.splits += 1
            return super().split(*args, **kwargs)

    def loop(k: int) -> list:
        function = {"Type": "AWS::Lambda::Function", "Properties": {"Code": {"Fn::Sub": "src/${I}"}}}
        return ["I", {"Ref": "P"}, {f"F{k}${{I}}": function}]

    doc = {"Resources": {f"Fn::ForEach::L{k}": loop(k) for k in range(60)}}
    assert includes.packaged(doc, {"P": Spied("," * 4096)}) == []
    assert Spied.splits == 0
    assert includes.packaged(doc, {"P": Spied("a,b")}) == ["src/a", "src/b"]


def test_the_top_level_keys_of_a_crafted_head_are_read_in_linear_time():
    """`discover.top_keys` over a JSON head of escaped quotes and no closing one (`{"\\"\\"\\"…`): the pattern
    of a string, failing at the end from each quote, read the rest of the head from each (87 ms for the 4 KB a
    `.json` file's sniff reads, each of a walk's files; quadratic). A string left open runs to the end: one
    token from its quote on, so the scan reads each byte once (the pattern that failed there found no token
    and started again at each quote). Shown by the tokens, not timed."""
    from lambda6lint.discover import _JSON_TOKEN, top_keys

    for head in (b"{" + b'"' + b'\\"' * 64, b"{" + b'"' + b'\\"' * 32_768):  # (the small one fails fast)
        assert [match.span() for match in _JSON_TOKEN.finditer(head)] == [(0, 1), (1, len(head))]
    assert top_keys(head) == set()
    assert top_keys(b'{"format_version": "1.2", "terraform_version": "1.9", "x": "\\"a\\": {') == {
        b"format_version",
        b"terraform_version",
        b"x",
    }
    assert top_keys(b'{"Description": "cut \\"Resources\\": {\\"format_version\\": 1, ') == {b"Description"}


class _Spied(str):
    """A parameter's given value that counts how often it is split, and its commas counted."""

    splits = counts = 0

    def split(self, *args, **kwargs):  # type: ignore[override]
        _Spied.splits += 1
        return super().split(*args, **kwargs)

    def count(self, *args, **kwargs):  # type: ignore[override]
        _Spied.counts += 1
        return super().count(*args, **kwargs)


def _loops_over(parameter: str, loops: int, output: dict | None = None) -> dict:
    function = {"Type": "AWS::Lambda::Function", "Properties": {"Code": {"Fn::Sub": "src/${I}"}}}
    return {
        "Transform": "AWS::LanguageExtensions",
        "Resources": {
            f"Fn::ForEach::L{k}": ["I", {"Ref": parameter}, {f"F{k}${{I}}": function} if output is None else output]
            for k in range(loops)
        },
    }


def test_a_given_value_is_split_once_for_every_loop_over_it():
    """60 loops over one parameter's given value (4 MB of commas: 14 s) split it once each, foreach.py's
    expansion and includes.py's paths alike (and once for each copy of an outer loop; a Ref, once each time it is
    read): split (and its commas counted) once a template. Counted, not timed."""
    from lambda6lint.loaders.cloudformation import foreach, includes
    from lambda6lint.loaders.cloudformation.intrinsics import Intrinsics

    _Spied.splits = 0
    doc, left = foreach.expand(_loops_over("P", 60), {"P": _Spied("a, b")})
    assert left == {} and len(doc["Resources"]) == 120 and "F59b" in doc["Resources"]
    assert _Spied.splits == 1, _Spied.splits
    _Spied.splits = _Spied.counts = 0
    nested = {"Resources": {"Fn::ForEach::O": ["O", ["x", "y", "z"], _loops_over("P", 2)["Resources"]]}}
    assert includes.packaged(nested, {"P": _Spied("a,b")}) == ["src/a", "src/b"]
    assert (_Spied.splits, _Spied.counts) == (1, 1)
    _Spied.splits = _Spied.counts = 0
    inner = {"Fn::ForEach::I": ["I", {"Ref": "P"}, {"F${O}${I}": {"Type": "AWS::SQS::Queue"}}]}
    outer = {"Transform": "AWS::LanguageExtensions", "Resources": {"Fn::ForEach::O": ["O", list("xyz"), inner]}}
    doc, left = foreach.expand(outer, {"P": _Spied("a,b")})
    assert left == {} and len(doc["Resources"]) == 6 and (_Spied.splits, _Spied.counts) == (1, 1)
    _Spied.splits = 0
    intr = Intrinsics({"Parameters": {"P": {"Type": "CommaDelimitedList"}}}, values={"P": _Spied("a,b")})
    assert [intr.struct({"Ref": "P"}) for _ in range(60)] == [["a", "b"]] * 60  # (each a list of its own)
    assert _Spied.splits == 1, _Spied.splits


def test_a_given_value_of_more_items_than_the_loops_may_make_is_never_split():
    """Each copy a loop makes counts against MAX_NODES, an empty one too (60 loops of 4 million copies of
    nothing: minutes); a given value of more items than are left is not split at all."""
    from lambda6lint.loaders.cloudformation import foreach

    _Spied.splits = 0
    doc, left = foreach.expand(_loops_over("P", 60), {"P": _Spied("," * 4_000_000)})
    assert _Spied.splits == 0
    assert left == dict.fromkeys((f"Fn::ForEach::L{k}" for k in range(60)), foreach.TOO_LARGE)
    many = ",".join(f"a{n}" for n in range(foreach.MAX_NODES // 2))
    assert foreach.expand(_loops_over("P", 1, {}), {"P": many})[1] == {}  # (copies of nothing, within the budget)
    doc, left = foreach.expand(_loops_over("P", 3, {}), {"P": many})
    assert left == dict.fromkeys(("Fn::ForEach::L0", "Fn::ForEach::L1", "Fn::ForEach::L2"), foreach.TOO_LARGE)


def test_a_for_each_call_of_the_vpc_module_given_long_lists_runs_no_model_per_instance(tmp_path, monkeypatch):
    """A plan of 400 KB: one terraform-aws-modules/vpc call given 5,000 subnets, planned as 1,000 instances of
    `for_each` each holding one aws_vpc. The plan ran the module's model once per instance, each making 5,000
    subnets (over 120 s); lists longer than the plan's resources of an instance cannot make them, so no model runs.
    Counted, not timed: the model's runs, with lists short enough (still run) and too long (not)."""
    from lambda6lint import engine
    from lambda6lint.loaders.terraform import models

    runs: list[int] = []
    given = models.plan_model_for

    def counting(*args):
        found = given(*args)
        if found is None:
            return None
        model, shaped = found
        return (lambda call: runs.append(1) or model(call)), shaped

    monkeypatch.setattr(models, "plan_model_for", counting)
    doc = json.loads((FIXTURES / "E9602" / "bad-registry-vpc-without-ipv6.tfplan.json").read_text())
    expressions = doc["configuration"]["root_module"]["module_calls"]["vpc"]["expressions"]
    kids = doc["planned_values"]["root_module"].setdefault("child_modules", [])
    for i in range(50):
        at = f'module.vpc["k{i}"]'
        values = {"cidr_block": "10.0.0.0/16"}
        resource = {"address": f"{at}.aws_vpc.this[0]", "mode": "managed", "type": "aws_vpc", "name": "this"}
        kids.append({"address": at, "resources": [{**resource, "index": 0, "values": values}]})
    for length, expected in ((5_000, 0), (3, 51)):  # (3: the fixture's own instance of the call, and the 50)
        runs.clear()
        expressions["private_subnets"] = {"constant_value": [f"10.{i // 250}.{i % 250}.0/24" for i in range(length)]}
        (tmp_path / "plan.tfplan.json").write_text(json.dumps(doc))
        engine.lint([str(tmp_path / "plan.tfplan.json")])
        assert len(runs) == expected, (length, len(runs))


def _acls_behind_one_nat(n: int) -> str:
    """`n` dual-stack subnets, each with its own network ACL that lets out IPv4 only and one function, all on one
    route table with ::/0 to an egress-only gateway and 0.0.0.0/0 to one NAT gateway."""
    vpc = {"Ref": "Vpc"}
    resources: dict[str, dict] = {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
        "V6": {"Type": "AWS::EC2::VPCCidrBlock", "Properties": {"VpcId": vpc, "AmazonProvidedIpv6CidrBlock": True}},
        "Eigw": {"Type": "AWS::EC2::EgressOnlyInternetGateway", "Properties": {"VpcId": vpc}},
        "Eip": {"Type": "AWS::EC2::EIP", "Properties": {"Domain": "vpc"}},
        "Nat": {
            "Type": "AWS::EC2::NatGateway",
            "Properties": {"AllocationId": {"Fn::GetAtt": ["Eip", "AllocationId"]}, "SubnetId": "subnet-1"},
        },
        "Rt": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": vpc}},
        "R4": {
            "Type": "AWS::EC2::Route",
            "Properties": {
                "RouteTableId": {"Ref": "Rt"},
                "DestinationCidrBlock": "0.0.0.0/0",
                "NatGatewayId": {"Ref": "Nat"},
            },
        },
        "R6": {
            "Type": "AWS::EC2::Route",
            "Properties": {
                "RouteTableId": {"Ref": "Rt"},
                "DestinationIpv6CidrBlock": "::/0",
                "EgressOnlyInternetGatewayId": {"Ref": "Eigw"},
            },
        },
        "Sg": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
                "GroupDescription": "g",
                "VpcId": vpc,
                "SecurityGroupEgress": [
                    {"IpProtocol": "-1", "CidrIp": "0.0.0.0/0"},
                    {"IpProtocol": "-1", "CidrIpv6": "::/0"},
                ],
            },
        },
    }
    ipv6 = {"Fn::Select": [0, {"Fn::Cidr": [{"Fn::Select": [0, {"Fn::GetAtt": ["Vpc", "Ipv6CidrBlocks"]}]}, 256, 64]}]}
    for i in range(n):
        subnet = {"VpcId": vpc, "CidrBlock": f"10.0.{i}.0/24", "Ipv6CidrBlock": ipv6}
        resources[f"S{i}"] = {"Type": "AWS::EC2::Subnet", "DependsOn": "V6", "Properties": subnet}
        association = {"SubnetId": {"Ref": f"S{i}"}, "RouteTableId": {"Ref": "Rt"}}
        resources[f"A{i}"] = {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": association}
        resources[f"Acl{i}"] = {"Type": "AWS::EC2::NetworkAcl", "Properties": {"VpcId": vpc}}
        for egress in (True, False):
            entry = {"NetworkAclId": {"Ref": f"Acl{i}"}, "RuleNumber": 100, "Protocol": -1, "RuleAction": "allow"}
            entry |= {"Egress": egress, "CidrBlock": "0.0.0.0/0"}
            resources[f"Acl{i}{'Out' if egress else 'In'}"] = {"Type": "AWS::EC2::NetworkAclEntry", "Properties": entry}
        acl_association = {"SubnetId": {"Ref": f"S{i}"}, "NetworkAclId": {"Ref": f"Acl{i}"}}
        resources[f"Aa{i}"] = {"Type": "AWS::EC2::SubnetNetworkAclAssociation", "Properties": acl_association}
        vpc_config = {"SubnetIds": [{"Ref": f"S{i}"}], "SecurityGroupIds": [{"Ref": "Sg"}]}
        function = {"Runtime": "python3.12", "Handler": "i.h", "Role": "arn:aws:iam::1:role/r", "VpcConfig": vpc_config}
        resources[f"F{i}"] = {"Type": "AWS::Lambda::Function", "Properties": function}
    return json.dumps({"Resources": resources})


def test_the_plan_asks_each_network_acl_of_the_functions_behind_it_only(tmp_path, monkeypatch):
    """N network ACLs to open for IPv6, each of one subnet of one of N functions behind one NAT gateway: the plan's
    step for each ACL asked each of the N functions which ports it lets out through that ACL, N² questions (2,000
    ACLs and 500 functions, 3 MB: 7 s, of which 5 s asking). Counted, not timed: an ACL is asked about the
    functions behind it."""
    from lambda6lint import engine, network

    asked = []
    acl_ipv6_for = network.Network.acl_ipv6_for
    monkeypatch.setattr(
        network.Network, "acl_ipv6_for", lambda self, fn, acl: asked.append(fn) or acl_ipv6_for(self, fn, acl)
    )
    counts = []
    for n in (10, 40):
        (tmp_path / "t.json").write_text(_acls_behind_one_nat(n))
        asked.clear()
        result = engine.lint([str(tmp_path / "t.json")], engine.Options(jobs=1, plan=True))
        assert result.plan is not None
        steps = [s for entry in result.plan.nats for s in entry.steps if s.step == "acl-ipv6"]
        assert len(steps) == 1 and len(steps[0].changes) == n, steps
        counts.append(len(asked))
    assert counts[1] <= 5 * counts[0], counts  # (4 times the functions and ACLs: was 16 times the questions)


def test_subnets_on_the_default_network_acl_do_not_each_look_over_every_acl(tmp_path, monkeypatch):
    """N subnets on their VPC's default network ACL beside N ACLs of no subnet: each subnet looked over all N for
    ACLs whose subnets cannot be named and for the VPC's default, N² (4,000 of each, 3.6 MB: 4.4 s, 3.0 s now).
    Counted, not timed: the ACLs gone over grow with the ACLs, not their square."""
    from lambda6lint import engine, network
    from lambda6lint.model import NetworkAcl

    seen = []
    of, linked = network.Network.of, network.Network.linked

    def counted_of(self, cls):
        found = of(self, cls)
        if cls is NetworkAcl:
            seen.extend(found)
        return found

    def counted_linked(self, cls, attr, target):
        found = linked(self, cls, attr, target)
        if cls is NetworkAcl:
            seen.extend(found)
        return found

    monkeypatch.setattr(network.Network, "of", counted_of)
    monkeypatch.setattr(network.Network, "linked", counted_linked)
    counts = []
    for n in (20, 80):
        vpc = {"Ref": "Vpc"}
        resources: dict[str, dict] = {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}}
        for i in range(n):
            resources[f"S{i}"] = {
                "Type": "AWS::EC2::Subnet",
                "Properties": {"VpcId": vpc, "CidrBlock": f"10.0.{i}.0/24"},
            }
            resources[f"Acl{i}"] = {"Type": "AWS::EC2::NetworkAcl", "Properties": {"VpcId": vpc}}
            vpc_config = {"SubnetIds": [{"Ref": f"S{i}"}], "SecurityGroupIds": ["sg-1"]}
            resources[f"F{i}"] = {
                "Type": "AWS::Lambda::Function",
                "Properties": {"Runtime": "python3.12", "VpcConfig": vpc_config},
            }
        (tmp_path / "t.json").write_text(json.dumps({"Resources": resources}))
        seen.clear()
        result = engine.lint([str(tmp_path / "t.json")], engine.Options(jobs=1, plan=True))
        assert [f for f in result.findings if f.rule.id == "I9605"], "the subnets' facts must have been asked"
        counts.append(len(seen))
    assert counts[1] <= 5 * counts[0], counts  # (4 times the subnets and ACLs: was 16 times the ACLs gone over)


def test_functions_beside_aliases_of_unknown_functions_do_not_each_say_every_alias(tmp_path, monkeypatch):
    """N dual-stack functions beside N aliases whose function is a parameter: any alias may be of any function, so
    whether each has a published version cannot be known, and `--explain` said why with every alias for each
    function, N², though it lists 20 facts of one (3,200 of each, 2.5 MB: 42 s; 1,600: 11 s, 2.7 s now).
    Counted, not timed: the aliases said grow with the functions, not their square; the count of facts not
    listed stays exact."""
    from lambda6lint import engine, explain

    said = []
    of = explain._of
    monkeypatch.setattr(explain, "_of", lambda res, text: said.append(res) or of(res, text))
    counts, more = [], []
    for n in (30, 120):
        resources: dict[str, dict] = {}
        parameters = {}
        for i in range(n):
            vpc_config = {"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"], "Ipv6AllowedForDualStack": True}
            resources[f"F{i}"] = {
                "Type": "AWS::Lambda::Function",
                "Properties": {"Runtime": "python3.12", "VpcConfig": vpc_config},
            }
            parameters[f"P{i}"] = {"Type": "String"}
            alias = {"FunctionName": {"Ref": f"P{i}"}, "FunctionVersion": "3", "Name": "live"}
            resources[f"A{i}"] = {"Type": "AWS::Lambda::Alias", "Properties": alias}
        (tmp_path / "t.json").write_text(json.dumps({"Parameters": parameters, "Resources": resources}))
        said.clear()
        result = engine.lint([str(tmp_path / "t.json")], engine.Options(jobs=1))
        facts = [u.fact for u in result.undecided if u.subject.id == "F0"]
        assert len(facts) == explain.MAX_PER_SUBJECT + 1 and facts[-1].endswith(" more facts like these"), facts
        more.append(int(facts[-1].split()[0]))
        counts.append(len([r for r in said if r.type == "AWS::Lambda::Alias"]))
    assert more[1] - more[0] == 120 - 30, more  # (each alias not listed is counted)
    assert counts[1] <= 5 * counts[0], counts  # (4 times the functions and aliases: was 16 times the aliases said)
