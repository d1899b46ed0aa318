"""What could not be decided: every function in a VPC and NAT gateway the rules could not fully
check is listed with the fact, where it sits and why (RULES.md "What could not be decided")."""

from __future__ import annotations

import json
from textwrap import dedent

import pytest
from conftest import ROOT

from lambda6lint import engine
from lambda6lint.loaders.cloudformation.parameters import ParameterSet

HEAD = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  SubnetIds:
    Type: List<AWS::EC2::Subnet::Id>
  Env:
    Type: String
    Default: prod
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
  Table:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  Assoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref Subnet
      RouteTableId: !Ref Table
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: fn
      VpcId: !Ref Vpc
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::111111111111:role/fn
      Code:
        ZipFile: "def handler(e, c): pass"
      VpcConfig:
"""


#: The function's role, with nothing that could let it call S3 or DynamoDB (whether it does is known).
ROLE = """\
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
"""


def explain(tmp_path, vpc_config: str, extra: str = "", outputs: str = "") -> list[str]:
    path = tmp_path / "template.yaml"
    head = HEAD.replace("Role: arn:aws:iam::111111111111:role/fn", "Role: !GetAtt FnRole.Arn")
    vpc = dedent(vpc_config).strip("\n").replace("\n", "\n        ").join(["        ", "\n"])
    path.write_text(head + vpc + extra + ("" if not extra or extra.endswith("\n") else "\n") + ROLE + outputs)
    result = engine.lint([str(path)])
    return [f"{u.location.line} {u.subject.name}: {u.text}" for u in result.undecided]


SG = "SecurityGroupIds: [!Ref Sg]"


@pytest.mark.parametrize(
    ("config", "want"),
    [
        (
            f"SubnetIds: !Ref SubnetIds\n{SG}",
            "Fn: the subnet list comes from parameter `SubnetIds` of type `List<AWS::EC2::Subnet::Id>`: ids of "
            "resources that exist already, which no value passed here ties to the files' resources",
        ),
        (
            f"SubnetIds: [subnet-0abc]\n{SG}",
            "Fn: a subnet is the literal id `subnet-0abc`, a resource that is not in this run",
        ),
        (
            f"SubnetIds: [!ImportValue Net-Subnet]\n{SG}",
            "Fn: a subnet is imported from export `Net-Subnet`, which no template in this run exports",
        ),
        (
            "SubnetIds: [!Ref Subnet]\nSecurityGroupIds: [!If [IsProd, !Ref Sg, sg-0abc]]",
            "Fn: a security group depends on condition `IsProd`, which depends on parameter `Env`",
        ),
        (
            "SubnetIds: [!Ref Subnet]\nSecurityGroupIds: [!Ref Sg]\nIpv6AllowedForDualStack: !If [IsProd, true, false]",
            "Fn: the IPv6 flag depends on condition `IsProd`, which depends on parameter `Env`",
        ),
        # a dynamic reference, built from a parameter or not: read at deploy time, not decided by any value passed
        # (it said 'comes from parameter `Env` (pass its value to decide it)', or 'is the literal id `{{resolve:…`)
        (
            f"SubnetIds: [!Join ['', ['{{{{resolve:ssm:/', !Ref Env, '/PrivateSubnetA}}}}']]]\n{SG}",
            "Fn: a subnet is a dynamic reference, whose value CloudFormation reads from Systems Manager parameter "
            "`/prod/PrivateSubnetA` when it deploys (a static check cannot know it)",
        ),
        (
            f"SubnetIds: [!Sub '{{{{resolve:ssm:/${{AWS::StackName}}/subnet}}}}']\n{SG}",
            "Fn: a subnet is a dynamic reference, whose value CloudFormation reads from Systems Manager parameter "
            "`/…/subnet` when it deploys",
        ),
        (
            f"SubnetIds: ['{{{{resolve:ssm:/net/subnet-a}}}}']\n{SG}",
            "Fn: a subnet is a dynamic reference, whose value CloudFormation reads from Systems Manager parameter "
            "`/net/subnet-a` when it deploys",
        ),
    ],
)
def test_each_kind_of_unknown_is_explained(tmp_path, config, want):
    got = explain(tmp_path, config)
    assert any(line.split(" ", 1)[1].startswith(want) for line in got), got


@pytest.mark.parametrize(
    ("config", "want"),
    [
        # khiempt2017's template.yml:128-130: a subnet id written as a name built from parameters said 'comes from
        # parameter `ProjectId` (pass its value to decide it)', naming one of two, where no value decides it
        (
            "SubnetIds: [!Sub '${Project}-${Env}-public_subnet-1']\n" + SG,
            "Fn: a subnet is a name made from parameters `Project` and `Env` (`${Project}-${Env}-public_subnet-1`), "
            "not an id of a resource of this run, whatever their values",
        ),
        (
            "SubnetIds: [!Join ['-', [!Ref Project, !Ref Env, public_subnet-1]]]\n" + SG,
            "Fn: a subnet is a name made from parameters `Project` and `Env` (`${Project}-${Env}-public_subnet-1`), "
            "not an id of a resource of this run, whatever their values",
        ),
        (
            "SubnetIds: [!Ref Subnet]\nSecurityGroupIds: [!Sub '${Env}-fn-sg']",
            "Fn: a security group is a name made from parameter `Env` (`${Env}-fn-sg`), not an id of a resource of "
            "this run, whatever its value",
        ),
        # (no text of its own: its value is the parameter's, as `!Ref Env`)
        ("SubnetIds: [!Sub '${Env}']\n" + SG, "Fn: a subnet comes from parameter `Env` (pass its value to decide it)"),
    ],
)
def test_a_reference_built_as_a_name_from_parameters_names_them_all(tmp_path, config, want):
    path = tmp_path / "template.yaml"
    head = HEAD.replace("  Env:\n", "  Project:\n    Type: String\n  Env:\n", 1)
    vpc = dedent(config).strip("\n").replace("\n", "\n        ").join(["        ", "\n"])
    path.write_text(head + vpc)
    got = [f"{u.subject.name}: {u.text}" for u in engine.lint([str(path)]).undecided]
    assert want in got, got


def test_a_value_built_from_parameters_is_still_decided_by_their_values(tmp_path):
    """A CIDR built by `Fn::Sub` from a parameter is decided by its value: only a reference never is."""
    extra = (
        "  Acl:\n    Type: AWS::EC2::NetworkAcl\n    Properties: {VpcId: !Ref Vpc}\n"
        "  AclAssoc:\n    Type: AWS::EC2::SubnetNetworkAclAssociation\n"
        "    Properties: {SubnetId: !Ref Private, NetworkAclId: !Ref Acl}\n"
        "  Out:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties:\n"
        "      NetworkAclId: !Ref Acl\n      RuleNumber: 100\n      Egress: true\n"
        "      RuleAction: allow\n      Protocol: -1\n      Ipv6CidrBlock: !Sub '${AclId}/56'\n"
        "  In:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties:\n"
        "      NetworkAclId: !Ref Acl\n      RuleNumber: 100\n      Egress: false\n"
        "      RuleAction: allow\n      Protocol: -1\n      Ipv6CidrBlock: '::/0'\n"
    )
    path = tmp_path / "template.yaml"
    path.write_text(ACL_STACK + extra)
    got = [u.text for u in engine.lint([str(path)]).undecided]
    assert (
        "network ACL Acl has a rule whose Ipv6CidrBlock comes from parameter `AclId` (pass its value to decide it)"
        in got
    ), got


TF_BUILT = """
variable "project" {
  type = string
}

variable "stage" {
  type = string
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = [@SUBNET@]
    security_group_ids = [@GROUP@]
  }
}
"""


@pytest.mark.parametrize(
    ("subnet", "group", "want"),
    [
        (
            '"${var.project}-${var.stage}-public_subnet-1"',
            '"sg-0abc"',
            "a subnet is a name made from variables `project` and `stage` "
            "(`${var.project}-${var.stage}-public_subnet-1`), not an id of a resource of this run, whatever their "
            "values",
        ),
        (
            '"subnet-0abc"',
            '"${var.stage}-fn-sg"',
            "a security group is a name made from variable `stage` (`${var.stage}-fn-sg`), not an id of a resource of "
            "this run, whatever its value",
        ),
        # (no text of its own: its value is the variable's)
        (
            '"${var.project}"',
            '"sg-0abc"',
            "a subnet comes from variable `project`, which has no value (pass --var project=… or a .tfvars file)",
        ),
    ],
)
def test_a_terraform_reference_built_as_a_name_from_variables_names_them_all(tmp_path, subnet, group, want):
    """Terraform's `"${var.project}-${var.stage}-public_subnet-1"` said 'comes from variable `project`, which has no
    value (pass --var project=…)', naming one of two, where no value makes it a subnet of this run."""
    (tmp_path / "main.tf").write_text(TF_BUILT.replace("@SUBNET@", subnet).replace("@GROUP@", group))
    got = [u.text for u in engine.lint([str(tmp_path)]).undecided]
    assert want in got, got


LOOKUP = """  Lookup:
    Type: Custom::NetworkLookup
    Properties:
      ServiceToken: arn:aws:lambda:us-east-1:111111111111:function:lookup
"""


@pytest.mark.parametrize(
    ("config", "want"),
    [
        (f"SubnetIds: [!GetAtt Lookup.SubnetId]\n{SG}", "Fn: a subnet comes from custom resource Lookup"),
        (f"SubnetIds: !Split [',', !GetAtt Lookup.Subnets]\n{SG}", "Fn: a subnet comes from custom resource Lookup"),
        ("SubnetIds: [!Ref Subnet]\nSecurityGroupIds: [!Ref Lookup]", "Fn: a security group comes from custom"),
        (f"SubnetIds: [!Ref Table]\n{SG}", "Fn: a subnet comes from AWS::EC2::RouteTable Table, which this run"),
    ],
)
def test_an_id_a_custom_resource_returns_is_explained(tmp_path, config, want):
    """A custom resource's values are made by its code at deploy: the function was silently left out."""
    got = explain(tmp_path, config, extra=LOOKUP)
    assert any(line.split(" ", 1)[1].startswith(want) for line in got), got


def test_an_exported_route_table_is_explained(tmp_path):
    outputs = "Outputs:\n  Rt:\n    Value: !Ref Table\n    Export:\n      Name: Net-Rt\n"
    got = explain(tmp_path, f"SubnetIds: [!Ref Subnet]\n{SG}", outputs=outputs)
    exported = (
        "the ::/0 route of route table Table cannot be known: route table Table is exported as `Net-Rt`, "
        "and any stack that imports it may add to it"
    )
    assert any(exported in line for line in got), got


def test_a_fully_known_function_is_not_listed(tmp_path):
    assert explain(tmp_path, f"SubnetIds: [!Ref Subnet]\n{SG}") == []


#: A NAT gateway, its Elastic IP and its route in HEAD's Table.
NAT = """
  Eip:
    Type: AWS::EC2::EIP
  Nat:
    Type: AWS::EC2::NatGateway
    Properties:
      AllocationId: !GetAtt Eip.AllocationId
      SubnetId: !Ref Subnet
  NatRoute:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Table
      DestinationCidrBlock: 0.0.0.0/0
      NatGatewayId: !Ref Nat
"""


def test_a_nat_gateway_whose_consumers_cannot_be_known_is_listed(tmp_path):
    got = explain(tmp_path, f"SubnetIds: !Ref SubnetIds\n{SG}", extra=NAT)
    assert any(line.startswith("Nat") or " Nat:" in line for line in got), got
    assert any("whether function Fn uses it is not known" in line for line in got), got


@pytest.mark.parametrize(
    ("fixture", "table", "text"),
    [
        (
            "bad-nat-beside-an-outside-subnet-associated-with-the-public-table.yaml",
            (
                "SubnetId: !Ref ExtraSubnet\n      RouteTableId: !Ref PublicRouteTable",
                "SubnetId: !Ref ExtraSubnet\n      RouteTableId: !Ref PrivateRouteTable",
            ),
            "which subnets use route table PrivateRouteTable cannot be known: AWS::EC2::SubnetRouteTableAssociation "
            "ExtraAssoc adds a subnet that comes from parameter `ExtraSubnet`",
        ),
        (
            "bad-nat-beside-an-outside-subnet-associated-with-the-public-table/main.tf",
            (
                "subnet_id      = var.extra_subnet\n  route_table_id = aws_route_table.public.id",
                "subnet_id      = var.extra_subnet\n  route_table_id = aws_route_table.private.id",
            ),
            "which subnets use route table aws_route_table.private cannot be known: aws_route_table_association.extra "
            "adds a subnet that comes from variable `extra_subnet`, which has no value",
        ),
    ],
)
def test_a_subnet_from_outside_associated_with_a_nat_gateways_table_is_named(tmp_path, fixture, table, text):
    """A subnet from outside the run on the NAT gateway's route table may hold anything: W9650 is silent,
    and --explain names the association (it said nothing, and the plan only "could not be decided")."""
    from conftest import FIXTURES

    source = (FIXTURES / "W9650" / fixture).read_text()
    assert table[0] in source
    path = tmp_path / fixture.split("/")[-1]
    path.write_text(source.replace(table[0], table[1]))
    result = engine.lint([str(path if path.suffix == ".yaml" else tmp_path)])
    assert "W9650" not in [f.rule.id for f in result.findings]
    nat = [u.text for u in result.undecided if u.subject.type in ("AWS::EC2::NatGateway", "aws_nat_gateway")]
    assert [t for t in nat if t.startswith(text)], nat


def test_explaining_changes_no_finding(tmp_path):
    """Nothing of this is a finding or changes the exit status."""
    path = tmp_path / "template.yaml"
    # (a group of another stack: its VPC, and so the function's, cannot be known)
    path.write_text(HEAD + "        SubnetIds: !Ref SubnetIds\n        SecurityGroupIds: [sg-0123456789abcdef0]\n")
    result = engine.lint([str(path)])
    assert result.undecided and not result.findings


TF = """
variable "subnets" {
  type = list(string)
}
variable "flag" {
  type = bool
}
data "aws_security_group" "shared" {
  name = "shared"
}
module "net" {
  source  = "cloudposse/vpc/aws"
  version = "2.0.0"
}
module "local" {
  source = "./net"
  ids    = var.subnets
}
locals {
  sgs = [data.aws_security_group.shared.id]
}
resource "aws_lambda_function" "a" {
  function_name = "a"
  role          = "arn:aws:iam::111111111111:role/a"
  runtime       = "python3.12"
  handler       = "index.handler"
  filename      = "a.zip"
  vpc_config {
    subnet_ids                  = var.subnets
    security_group_ids          = local.sgs
    ipv6_allowed_for_dual_stack = var.flag
  }
}
resource "aws_lambda_function" "b" {
  function_name = "b"
  role          = "arn:aws:iam::111111111111:role/a"
  runtime       = "python3.12"
  handler       = "index.handler"
  filename      = "b.zip"
  vpc_config {
    subnet_ids         = [module.net.private_subnet_id, "subnet-0abc", module.local.first]
    security_group_ids = [templatefile("x.tpl", {})]
  }
}
"""


NOT_READ = "not a file in the folder linted, or over 256 KB"


def test_terraform_unknowns_are_explained(tmp_path):
    (tmp_path / "main.tf").write_text(TF)
    (tmp_path / "net").mkdir()
    (tmp_path / "net" / "main.tf").write_text('variable "ids" {}\noutput "first" {\n  value = var.ids[0]\n}\n')
    result = engine.lint([str(tmp_path)])
    got = {(u.subject.id, u.text) for u in result.undecided}
    a, b = "aws_lambda_function.a", "aws_lambda_function.b"
    expected = {
        (
            a,
            "the subnet list comes from variable `subnets`, which has no value "
            "(pass --var subnets=… or a .tfvars file)",
        ),
        (a, "the IPv6 flag comes from variable `flag`, which has no value (pass --var flag=… or a .tfvars file)"),
        (
            a,
            "a security group comes from data source `data.aws_security_group.shared`, read only when Terraform "
            "runs (a plan holds what it reads; what that names outside this configuration stays unknown)",
        ),
        (
            b,
            "a subnet comes from module `net` (`cloudposse/vpc/aws`), which is not installed here (run `terraform "
            "init` so that .terraform/modules holds it)",
        ),
        (b, "a subnet is the literal id `subnet-0abc`, a resource that is not in this run"),
        # through the local module's output to the caller's input
        (b, "a subnet comes from variable `subnets`, which has no value (pass --var subnets=… or a .tfvars file)"),
        (b, f"a security group reads a template lambda6lint cannot read: {NOT_READ}"),
    }
    assert expected <= got, sorted(got - expected)


MODEL_FLAG = """
variable "ipv6" {
  type = bool
}
module "vpc" {
  source                       = "terraform-aws-modules/vpc/aws"
  cidr                         = "10.0.0.0/16"
  azs                          = ["eu-west-1a", "eu-west-1b"]
  private_subnets              = ["10.0.1.0/24", "10.0.2.0/24"]
  public_subnets               = ["10.0.101.0/24", "10.0.102.0/24"]
  private_subnet_ipv6_prefixes = [0, 1]
  enable_ipv6                  = var.ipv6
  enable_nat_gateway           = true
}
resource "aws_security_group" "fn" {
  vpc_id = module.vpc.vpc_id
}
resource "aws_iam_role" "fn" {
  assume_role_policy = "{}"
}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = aws_iam_role.fn.arn
  vpc_config {
    subnet_ids         = module.vpc.private_subnets
    security_group_ids = [aws_security_group.fn.id]
  }
}
"""


def test_what_an_unknown_flag_of_a_module_model_decides_is_explained_by_that_flag(tmp_path):
    """Only what `enable_ipv6` decides is unknown, and each says so; the rest (subnets, NAT routes) is known."""
    (tmp_path / "main.tf").write_text(MODEL_FLAG)
    result = engine.lint([str(tmp_path)])
    got = {u.text for u in result.undecided if u.subject.id == "aws_lambda_function.fn"}
    because = (
        "comes from input `enable_ipv6` of module.vpc, whose value comes from variable `ipv6`, which has no value "
        "(pass --var ipv6=… or a .tfvars file)"
    )
    assert got == {
        f"the IPv6 CIDR of subnet module.vpc.aws_subnet.private[0] {because}",
        f"the IPv6 CIDR of subnet module.vpc.aws_subnet.private[1] {because}",
        f"the ::/0 route of route table module.vpc.aws_route_table.private[0] {because}",
        f"the ::/0 route of route table module.vpc.aws_route_table.private[1] {because}",
        f"the IPv6 block of VPC module.vpc.aws_vpc.this[0] {because}",
    }


FAILING = """
locals {
  network = { subnets = ["subnet-0a"] }
  tables  = []
}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::111111111111:role/fn"
  vpc_config {
    subnet_ids                  = [local.network.private_subnets[0]]
    security_group_ids          = [element(coalescelist(local.tables, []), 0)]
    ipv6_allowed_for_dual_stack = try(local.network.flag, local.network.other)
  }
}
resource "aws_lambda_function" "regex" {
  function_name = replace("orders.fn", "/[^a-z]/", "-")
  role          = "arn:aws:iam::111111111111:role/fn"
  vpc_config {
    subnet_ids         = [replace("subnet.0a", "/[.]/", "-")]
    security_group_ids = [try(data.aws_security_group.shared.id, "sg-0a")]
  }
}
data "aws_security_group" "shared" {}
"""


ZONE_KEYS = """
data "aws_availability_zones" "current" {}
locals {
  azs    = slice(data.aws_availability_zones.current.names, 0, 2)
  groups = ["private_ipv4", "private_dualstack"]
  per_az = flatten([for az in local.azs : [for group in local.groups : "${group}/${az}"]])
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "private" {
  for_each   = FOR_EACH
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_security_group" "fn" {
  vpc_id = aws_vpc.main.id
}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::111111111111:role/fn"
  vpc_config {
    subnet_ids         = [for key, subnet in aws_subnet.private : subnet.id]
    security_group_ids = [aws_security_group.fn.id]
  }
}
"""


@pytest.mark.parametrize("for_each", ["toset(local.per_az)", "toset(try(local.per_az, []))"])
def test_keys_made_of_zones_a_data_source_names_say_so(tmp_path, for_each):
    """aws-ia/terraform-aws-vpc's `for_each = toset(try(local.private_per_az, []))`, its keys
    `"${subnet}/${az}"` over `data.aws_availability_zones.current.names` (known in number, not in name):
    the texts are partly unknown, so the keys are, and a function given those subnets said "computed by
    `toset(…)`, which lambda6lint cannot evaluate for these arguments", a limit of lambda6lint's where the
    data source, which a plan reads, decides them."""
    (tmp_path / "main.tf").write_text(ZONE_KEYS.replace("FOR_EACH", for_each))
    got = {u.text for u in engine.lint([str(tmp_path)]).undecided if u.subject.id == "aws_lambda_function.fn"}
    assert (
        "the subnet list refers to `aws_subnet.private`, whose `for_each` comes from data source "
        "`data.aws_availability_zones.current`, read only when Terraform runs (a plan holds what it reads; what "
        "that names outside this configuration stays unknown)"
    ) in got, got


def test_what_terraform_itself_rejects_is_explained_as_such(tmp_path):
    """A missing attribute, a function Terraform rejects, a try() whose every argument fails: the
    configuration does not apply, and --explain says so rather than "cannot be evaluated"."""
    (tmp_path / "main.tf").write_text(FAILING)
    got = {(u.subject.id.split(".")[-1], u.text) for u in engine.lint([str(tmp_path)]).undecided}
    assert got == {
        ("fn", "a subnet reads `private_subnets`, which `local.network` does not have: Terraform fails there"),
        (
            "fn",
            "a security group makes `coalescelist()` fail (no non-null arguments), as Terraform would: "
            "the configuration does not apply",
        ),
        (
            "fn",
            "the IPv6 flag fails in every argument of `try(…)`, as Terraform would: the configuration does not apply",
        ),
        (
            "regex",
            "a subnet is computed by `replace(…)`, which lambda6lint cannot evaluate for these arguments",
        ),
        (
            "regex",
            "a security group comes from data source `data.aws_security_group.shared`, read only when Terraform "
            "runs (a plan holds what it reads; what that names outside this configuration stays unknown)",
        ),
    }


LEGACY = """
variable "additional_security_groups" {
  type    = "list"
  default = []
}
resource "aws_security_group" "main" {
  name = "${format(
    "%s-%s",
    "orders",
    "fn"
  )}"
}
resource "aws_lambda_function" "main" {
  function_name = "${format(
    "%s-fn",
    "orders"
  )}"
  role = "arn:aws:iam::111111111111:role/fn"
  vpc_config {
    subnet_ids = ["subnet-0a"]
    security_group_ids = [
      "${aws_security_group.main.id}",
      "${var.additional_security_groups}",
    ]
  }
}
"""


def test_terraform_0_11_list_wrapping_is_explained(tmp_path):
    """0.11 code (interpolations over several lines, `["${var.list}"]`): read, and a list where one id
    belongs is said to be what Terraform 0.12 rejects."""
    (tmp_path / "main.tf").write_text(LEGACY)
    result = engine.lint([str(tmp_path)])
    assert not [f for f in result.findings if f.rule.id == "E9600"]
    got = {(u.location.line, u.text) for u in result.undecided}
    assert (
        23,
        "a security group is a list where one id belongs: Terraform 0.12 and later reject it (0.11 flattened "
        '`["${var.ids}"]`; write `var.ids` or `concat(…)`)',
    ) in got


def test_a_dynamic_block_whose_for_each_is_unknown_is_explained_by_it(tmp_path):
    """`dynamic "vpc_config" { for_each = var.deploy_to_vpc ? [1] : [] … }` with no value: whether the
    function is in a VPC at all depends on that variable, and --explain says so."""
    (tmp_path / "main.tf").write_text(
        'variable "deploy_to_vpc" {\n  type = bool\n}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "arn:aws:iam::1:role/x"\n'
        '  dynamic "vpc_config" {\n    for_each = var.deploy_to_vpc ? [1] : []\n    content {\n'
        '      subnet_ids         = ["subnet-1"]\n      security_group_ids = []\n    }\n  }\n}\n'
    )
    (item,) = engine.lint([str(tmp_path)]).undecided
    assert "variable `deploy_to_vpc`, which has no value" in item.cause and item.location.line == 7


@pytest.mark.parametrize(
    ("for_each", "subnets", "cause"),
    [
        (  # a map written out: the value written for the instance's key
            '{ a = var.subnet_id, b = "subnet-1" }',
            "[each.value]",
            'is `each.value` of key "a", which comes from variable `subnet_id`, which has no value',
        ),
        (  # a for expression: the item whose value is unknown
            '{ for k in ["a"] : k => { id = var.subnet_id } }',
            "[each.value.id]",
            'is `each.value.id` of key "a", which comes from variable `subnet_id`, which has no value',
        ),
        (  # a local: what it writes for the key and the attribute read (not its first unknown part)
            "local.functions",
            "[each.value.id]",
            'is `each.value.id` of key "a", which comes from variable `subnet_id`, which has no value',
        ),
    ],
)
def test_an_each_value_that_cannot_be_known_is_explained_by_its_for_each(tmp_path, for_each, subnets, cause):
    """The keys are known, so the instance is; its `each.value` is not: what the for_each gives is why
    (it was blamed on an unknown count or for_each)."""
    (tmp_path / "main.tf").write_text(
        'variable "subnet_id" {\n  type = string\n}\nvariable "team" {\n  type = string\n}\n'
        "locals {\n  functions = { b = { id = var.team }, a = { team = var.team, id = var.subnet_id } }\n}\n"
        f'resource "aws_lambda_function" "f" {{\n  for_each = {for_each}\n  function_name = "f"\n'
        '  role = "arn:aws:iam::1:role/x"\n'
        f"  vpc_config {{\n    subnet_ids         = {subnets}\n    security_group_ids = []\n  }}\n}}\n"
    )
    causes = [u.cause for u in engine.lint([str(tmp_path)]).undecided if u.fact == "a subnet"]
    assert any(cause in c for c in causes), causes


@pytest.mark.parametrize(
    ("meta", "subnets", "cause"),
    [
        (
            "for_each = var.functions",
            "[each.value]",
            "depends on `each`, whose for_each comes from variable `functions`, which has no value",
        ),
        (
            "count = length(var.functions)",
            '["subnet-${count.index}"]',
            "depends on `count`, whose count comes from variable `functions`, which has no value",
        ),
    ],
)
def test_an_instance_whose_key_cannot_be_known_is_explained_by_its_for_each_or_count(tmp_path, meta, subnets, cause):
    """It said "depends on `each`, whose value cannot be known (an unknown count or for_each)": which
    for_each, and why, is what decides it."""
    (tmp_path / "main.tf").write_text(
        'variable "functions" {}\n'
        f'resource "aws_lambda_function" "f" {{\n  {meta}\n  function_name = "f"\n'
        '  role = "arn:aws:iam::1:role/x"\n'
        f"  vpc_config {{\n    subnet_ids         = {subnets}\n    security_group_ids = []\n  }}\n}}\n"
    )
    causes = [u.cause for u in engine.lint([str(tmp_path)]).undecided]
    assert any(cause in c for c in causes), causes


@pytest.mark.parametrize("variables", ["each.value.env", "merge(each.value.env, var.shared)"])
def test_an_environment_of_an_unknown_for_each_names_it(tmp_path, variables):
    """`environment { variables = each.value.env }` of a for_each over a variable without a value said only
    "the environment cannot be known from the files of this run": the cause is read from the variables
    expression, not the block (a helper, on a public Terraform app)."""
    (tmp_path / "main.tf").write_text(
        'variable "functions" {}\nvariable "shared" {\n  default = {}\n}\n'
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_subnet" "s" {\n  vpc_id     = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n}\n'
        'resource "aws_lambda_function" "f" {\n  for_each = var.functions\n  function_name = each.key\n'
        '  role = "arn:aws:iam::1:role/x"\n  runtime = "nodejs20.x"\n'
        "  vpc_config {\n    subnet_ids         = [aws_subnet.s.id]\n    security_group_ids = []\n  }\n"
        f"  environment {{\n    variables = {variables}\n  }}\n}}\n"
    )
    (item,) = [u for u in engine.lint([str(tmp_path)]).undecided if u.fact == "the environment"]
    assert item.cause == (
        "depends on `each`, whose for_each comes from variable `functions`, which has no value (pass "
        "--var functions=… or a .tfvars file)"
    ), item.cause


def test_a_dynamic_environment_over_an_unknown_variable_names_the_variable(tmp_path):
    """`dynamic "environment" { for_each = local.env … variables = environment.value }` over a variable
    without a value: the iterator's value can say nothing, the block's for_each names the variable (a public
    app said "the environment cannot be evaluated statically")."""
    (tmp_path / "main.tf").write_text(
        'variable "config" {}\nlocals {\n  env = var.config.env[*]\n}\n'
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_subnet" "s" {\n  vpc_id     = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n'
        '  role = "arn:aws:iam::1:role/x"\n  runtime = "nodejs20.x"\n'
        "  vpc_config {\n    subnet_ids         = [aws_subnet.s.id]\n    security_group_ids = []\n  }\n"
        '  dynamic "environment" {\n    for_each = local.env\n    content {\n'
        "      variables = environment.value\n    }\n  }\n}\n"
    )
    (item,) = [u for u in engine.lint([str(tmp_path)]).undecided if u.fact == "the environment"]
    assert "variable `config`, which has no value" in item.cause, item.cause


@pytest.mark.parametrize(
    ("for_each", "iterator", "subnets", "cause"),
    [
        (  # a module's object input, as a caller passes it (the input written in the call, its key read)
            "var.vpc_config != null ? [var.vpc_config] : []",
            "",
            "vpc_config.value.subnet_ids",
            "is `vpc_config.value.subnet_ids` of item 0 of dynamic block `vpc_config`, which comes from module "
            "`vpc` (`cloudbuildlab/vpc/aws`), which is not installed here",
        ),
        (  # a map written out, and an iterator of its own name
            '{ a = { ids = var.subnet_ids, groups = ["sg-1"] } }',
            "  iterator = net\n",
            "net.value.ids",
            'is `net.value.ids` of item "a" of dynamic block `net`, which comes from variable `subnet_ids`, '
            "which has no value",
        ),
    ],
)
def test_a_dynamic_blocks_item_that_cannot_be_known_is_explained_by_its_for_each(
    tmp_path, for_each, iterator, subnets, cause
):
    """`dynamic "vpc_config" { for_each = var.vpc_config != null ? [var.vpc_config] : [] … subnet_ids =
    vpc_config.value.subnet_ids }` in a module whose caller passes `module.vpc.private_subnet_ids` of a registry
    module not installed said only "the subnet list cannot be evaluated statically" (an audit, on a public Lambda
    module's examples): the item of the for_each the content reads is why, as for `each.value`."""
    (tmp_path / "fn").mkdir()
    (tmp_path / "root").mkdir()
    (tmp_path / "fn" / "main.tf").write_text(
        'variable "vpc_config" {\n  default = null\n}\nvariable "subnet_ids" {\n  default = null\n}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "arn:aws:iam::1:role/x"\n'
        f'  dynamic "vpc_config" {{\n    for_each = {for_each}\n{iterator}    content {{\n'
        f'      subnet_ids         = {subnets}\n      security_group_ids = ["sg-1"]\n    }}\n  }}\n}}\n'
    )
    (tmp_path / "root" / "main.tf").write_text(
        'variable "subnet_ids" {}\nmodule "vpc" {\n  source = "cloudbuildlab/vpc/aws"\n}\n'
        'module "lambda" {\n  source     = "../fn"\n  subnet_ids = var.subnet_ids\n'
        "  vpc_config = {\n    subnet_ids = module.vpc.private_subnet_ids\n  }\n}\n"
    )
    causes = [u.cause for u in engine.lint([str(tmp_path)]).undecided]
    causes = [c for c in causes if "subnet" in c or "value" in c]
    assert any(c.startswith(cause) for c in causes), causes


def test_a_function_argument_naming_an_undeclared_resource_says_terraform_rejects_it(tmp_path):
    """`subnet_ids = [aws_subnet.primary_private_subnets[0].id]` in a folder that declares no such subnet (an audit:
    a public demo folder copied without its network file) said only "a subnet cannot be evaluated statically": the
    reference Terraform rejects is named, as for a route's or a rule's table."""
    (tmp_path / "main.tf").write_text(
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "arn:aws:iam::1:role/x"\n'
        "  vpc_config {\n    subnet_ids         = [aws_subnet.primary_private_subnets[0].id]\n"
        '    security_group_ids = [aws_security_group.sgs["main"].id]\n  }\n}\n'
    )
    causes = {u.fact: u.cause for u in engine.lint([str(tmp_path)]).undecided}
    assert causes["a subnet"] == (
        "cannot be known: `aws_subnet.primary_private_subnets` names resource `aws_subnet.primary_private_subnets`, "
        "which is not declared: Terraform rejects it"
    ), causes
    assert "`aws_security_group.sgs`, which is not declared" in causes["a security group"], causes


def test_a_root_variable_a_var_file_beside_it_sets_names_that_file(tmp_path):
    """A root whose variables a `default.tfvars` beside it sets (a wrapper passes it: terragrunt, a Makefile)
    said "has no value (pass --var … or a .tfvars file)": which file decides it is named, and a --var-file
    naming it decides it (a helper, on a public Terraform app of 70 such roots)."""
    (tmp_path / "main.tf").write_text(
        'variable "subnet_ids" {}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "arn:aws:iam::1:role/x"\n'
        "  vpc_config {\n    subnet_ids         = var.subnet_ids\n    security_group_ids = []\n  }\n}\n"
    )
    (tmp_path / "default.tfvars").write_text('subnet_ids = ["subnet-0a1b2c3d"]\n')
    (tmp_path / "terraform.tfvars").write_text('region = "eu-west-1"\n')
    (item,) = [u for u in engine.lint([str(tmp_path)]).undecided if u.fact == "the subnet list"]
    assert item.cause == (
        "comes from variable `subnet_ids`, which has no value: `default.tfvars` beside the module sets it, which "
        f"Terraform reads only when named (pass --var-file {tmp_path / 'default.tfvars'}, or --var subnet_ids=…)"
    ), item.cause
    options = engine.Options(tf_var_files=[str(tmp_path / "default.tfvars")])
    causes = [u.cause for u in engine.lint([str(tmp_path)], options).undecided]
    assert not any("subnet_ids" in cause for cause in causes), causes


def test_a_parameter_whose_default_is_literal_ids_says_so(tmp_path):
    """Passing the parameter's value would not decide it: the ids name resources of another stack."""
    (tmp_path / "t.yaml").write_text(
        "Parameters:\n  SubnetIDs:\n    Type: List<AWS::EC2::Subnet::Id>\n    Default: subnet-0a1b, subnet-4e5f\n"
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: r\n"
        "      VpcConfig:\n        SubnetIds: !Ref SubnetIDs\n        SecurityGroupIds: []\n"
    )
    (item,) = [u for u in engine.lint([str(tmp_path)]).undecided if u.fact == "the subnet list"]
    assert "whose default `subnet-0a1b, subnet-4e5f` is literal ids of resources that are not in this run" in item.cause


ACL_STACK = """\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  AclId: {Type: String}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  V6:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true}
  Eigw:
    Type: AWS::EC2::EgressOnlyInternetGateway
    Properties: {VpcId: !Ref Vpc}
  Private:
    Type: AWS::EC2::Subnet
    DependsOn: V6
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 2, 64]]
  Rt:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  Rt6:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Rt, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: !Ref Eigw}
  Assoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Private, RouteTableId: !Ref Rt}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: fn
      VpcId: !Ref Vpc
      SecurityGroupEgress: [{IpProtocol: '-1', CidrIpv6: '::/0'}]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code: {ZipFile: 'x'}
      VpcConfig:
        Ipv6AllowedForDualStack: true
        SubnetIds: [!Ref Private]
        SecurityGroupIds: [!Ref Sg]
"""


@pytest.mark.parametrize(
    ("extra", "line", "text"),
    [
        (
            "  AclAssoc:\n    Type: AWS::EC2::SubnetNetworkAclAssociation\n"
            "    Properties: {SubnetId: !Ref Private, NetworkAclId: !Ref AclId}\n",
            47,
            "the network ACL of subnet Private comes from parameter `AclId` (pass its value to decide it)",
        ),
        (
            "Outputs:\n  PrivateSubnet:\n    Value: !Ref Private\n    Export: {Name: app-private}\n",
            14,
            "the network ACL of subnet Private cannot be known: subnet Private is exported as `app-private`, "
            "and any stack that imports it may add to it",
        ),
        (
            "  Acl:\n    Type: AWS::EC2::NetworkAcl\n    Properties: {VpcId: !Ref Vpc}\n"
            "  AclAssoc:\n    Type: AWS::EC2::SubnetNetworkAclAssociation\n"
            "    Properties: {SubnetId: !Ref Private, NetworkAclId: !Ref Acl}\n"
            "  Out:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties:\n"
            "      NetworkAclId: !Ref Acl\n      RuleNumber: 100\n      Egress: true\n"
            "      RuleAction: allow\n      Protocol: -1\n      Ipv6CidrBlock: !Ref AclId\n"
            "  In:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties:\n"
            "      NetworkAclId: !Ref Acl\n      RuleNumber: 100\n      Egress: false\n"
            "      RuleAction: allow\n      Protocol: -1\n      Ipv6CidrBlock: '::/0'\n",
            53,
            "network ACL Acl has a rule whose Ipv6CidrBlock comes from parameter `AclId` (pass its value to decide it)",
        ),
        (
            "  Acl:\n    Type: AWS::EC2::NetworkAcl\n    Properties: {VpcId: !Ref Vpc}\n"
            "  AclAssoc:\n    Type: AWS::EC2::SubnetNetworkAclAssociation\n"
            "    Properties: {SubnetId: !Ref Private, NetworkAclId: !Ref Acl}\n"
            "  Out:\n    Type: AWS::EC2::NetworkAclEntry\n    Condition: Six\n    Properties:\n"
            "      NetworkAclId: !Ref Acl\n      RuleNumber: 100\n      Egress: true\n"
            "      RuleAction: allow\n      Protocol: -1\n      Ipv6CidrBlock: '::/0'\n"
            "  In:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties:\n"
            "      NetworkAclId: !Ref Acl\n      RuleNumber: 100\n      Egress: false\n"
            "      RuleAction: allow\n      Protocol: -1\n      Ipv6CidrBlock: '::/0'\n"
            "Conditions:\n  Six: !Equals [!Ref AclId, six]\n",
            53,
            "rule Out of network ACL Acl cannot be known: AWS::EC2::NetworkAclEntry Out exists only if condition "
            "`Six`, which depends on parameter `AclId` (pass its value to decide it; "
            "lambda6lint assumes no Default in a condition)",
        ),
        (
            "  Ipv4Only:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties:\n"
            "      NetworkAclId: !GetAtt Vpc.DefaultNetworkAcl\n      RuleNumber: 50\n      Egress: true\n"
            "      RuleAction: deny\n      Protocol: -1\n      CidrBlock: 192.0.2.0/24\n",
            5,
            "the default network ACL of VPC Vpc may hold AWS's own ::/0 allow rules (rule number 101, in and out), "
            "which AWS adds to a default network ACL when the VPC gets IPv6 unless its rules were changed: the files "
            "cannot show whether they are there (declare its IPv6 rules to decide it)",
        ),
    ],
)
def test_a_network_acl_that_cannot_be_told_is_explained_on_the_function(tmp_path, extra, line, text):
    """The function's own entry says why its network ACL is undecided (the NAT gateway's points at it)."""
    path = tmp_path / "template.yaml"
    path.write_text(ACL_STACK + extra)
    result = engine.lint([str(path)])
    got = {(u.location.line, u.text) for u in result.undecided if u.subject.id == "Fn"}
    assert (line, text) in got, got


def test_an_export_two_templates_of_the_run_share_is_explained_as_such(tmp_path):
    network = """\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Private:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}
Outputs:
  Private:
    Value: !Ref Private
    Export: {Name: net-private}
"""
    app = """\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code: {ZipFile: 'x'}
      VpcConfig:
        SubnetIds: [!ImportValue net-private]
        SecurityGroupIds: [sg-12345678]
"""
    for name, text in {"network-dev.yaml": network, "network-prod.yaml": network, "app.yaml": app}.items():
        (tmp_path / name).write_text(text)
    result = engine.lint([str(tmp_path)])
    texts = {u.text for u in result.undecided if u.subject.id == "Fn"}
    assert any(
        t.startswith("a subnet is imported from export `net-private`, which more than one template of this run exports")
        for t in texts
    ), texts
    (tmp_path / "network-prod.yaml").unlink()
    assert not any("imported from export" in u.text for u in engine.lint([str(tmp_path)]).undecided)


def test_a_resource_an_fn_foreach_may_make_is_named_as_such(tmp_path):
    template = """\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::LanguageExtensions
Parameters:
  Zones: {Type: CommaDelimitedList}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Fn::ForEach::Subnets:
    - Zone
    - !Ref Zones
    - Subnet${Zone}:
        Type: AWS::EC2::Subnet
        Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code: {ZipFile: 'x'}
      VpcConfig:
        SubnetIds: [!Ref SubnetA]
        SecurityGroupIds: [sg-12345678]
"""
    path = tmp_path / "template.yaml"
    path.write_text(template)
    texts = {u.text for u in engine.lint([str(path)]).undecided if u.subject.id == "Fn"}
    assert (
        "a subnet refers to `SubnetA`, which no resource of this template declares: an `Fn::ForEach` that "
        "lambda6lint cannot expand may make it" in (" ".join(texts))
    ), texts


def test_a_vpcs_default_security_group_is_undecided_and_said_so(tmp_path):
    """`!GetAtt Vpc.DefaultSecurityGroup` is the group AWS made, not the VPC: its rules are not known."""
    got = explain(tmp_path, "SubnetIds: [!Ref Subnet]\nSecurityGroupIds: [!GetAtt Vpc.DefaultSecurityGroup]")
    assert any(
        line.endswith(
            "a security group is the default security group of `Vpc`: AWS made its rules, the template holds none"
        )
        for line in got
    ), got


@pytest.mark.parametrize(
    ("fixture", "cause"),
    [
        (
            "good-route-table-passed-to-application.sam.yaml",
            "route table RouteTable is passed to nested stack `Ipv6Egress`, which may add to it (an application of "
            "the Serverless Application Repository)",
        ),
        (
            "good-route-made-by-fn-foreach-over-parameter.sam.yaml",
            "route table RouteTable is named by `Fn::ForEach::DefaultRoutes`, which lambda6lint cannot expand: its "
            "collection comes from parameter `Families` (pass its value to decide it); what it makes may add to it",
        ),
    ],
)
def test_what_a_nested_stack_or_an_fn_foreach_may_add_to_is_undecided(fixture, cause):
    """A route table given to a stack the run does not read, or named by an Fn::ForEach it does not
    expand, may get its ::/0 route there: no W9610, and --explain says why."""
    from conftest import FIXTURES

    result = engine.lint([str(FIXTURES / "W9610" / fixture)])
    assert not [f for f in result.findings if f.rule.id == "W9610"]
    texts = {u.text for u in result.undecided}
    assert f"the ::/0 route of route table RouteTable cannot be known: {cause}" in texts, texts


def test_an_association_that_may_be_the_subnets_is_explained():
    """An association whose SubnetId is an undecided Fn::If may put the function's subnet on its table:
    the subnet is not said to use the VPC's main table (no W9610), and --explain names the association."""
    from conftest import FIXTURES

    fixture = FIXTURES / "W9610" / "good-association-subnet-chosen-by-undecided-condition.yaml"
    result = engine.lint([str(fixture)])
    assert not [f for f in result.findings if f.rule.id == "W9610"]
    (found,) = [u for u in result.undecided if u.fact == "the route table of subnet SubnetA"]
    assert found.text == (
        "the route table of subnet SubnetA cannot be known: AWS::EC2::SubnetRouteTableAssociation Assoc may "
        "associate it, as its subnet depends on condition `IsA`, which depends on parameter `UseA` (pass its "
        "value to decide it; lambda6lint assumes no Default in a condition)"
    )
    assert (found.location.line, found.location.column) == (45, 7)  # its SubnetId
    from lambda6lint.loaders.cloudformation.parameters import ParameterSet

    decided = engine.lint([str(fixture)], engine.Options(parameters=[ParameterSet({"UseA": "false"})]))
    assert [f.rule.id for f in decided.findings if f.rule.id == "W9610"] == ["W9610"]


@pytest.mark.parametrize(
    ("subnet_id", "fires"),
    [
        ("!If [IsA, !Ref SubnetA, !Ref SubnetB]", False),
        ("!Select [!Ref Index, [!Ref SubnetB, !GetAtt SubnetA.SubnetId]]", False),
        ("!If [IsA, !Ref SubnetB, !Ref AWS::NoValue]", True),  # (never SubnetA)
        ("!ImportValue {'Fn::Sub': '${SubnetA}-peer-subnet'}", True),  # a name built from it is not it
        ("!Select [1, !Split ['|', !Join ['|', [!Ref SubnetA, !ImportValue other]]]]", True),  # (item 1)
    ],
)
def test_only_what_an_association_may_evaluate_to_may_be_associated(subnet_id, fires, tmp_path):
    """An association whose subnet cannot be known hides the main table from the subnets it may be (the
    branches of an Fn::If, the items of an Fn::Select), not from every subnet its SubnetId mentions."""
    from conftest import FIXTURES

    text = (FIXTURES / "W9610" / "good-association-subnet-chosen-by-undecided-condition.yaml").read_text()
    text = text.replace("Parameters:\n", "Parameters:\n  Index: {Type: Number}\n", 1)
    text = text.replace("      SubnetId: !If [IsA, !Ref SubnetA, !Ref SubnetB]\n", f"      SubnetId: {subnet_id}\n")
    (tmp_path / "t.yaml").write_text(text)
    fired = [f.resource for f in engine.lint([str(tmp_path / "t.yaml")]).findings if f.rule.id == "W9610"]
    assert fired == (["Fn"] if fires else [])


@pytest.mark.parametrize(
    ("runtime", "text"),
    [
        (
            "PackageType: Image\n      Code: {ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1}",
            "the Node.js version is not named (a container image): NODE_OPTIONS asks for "
            "--dns-result-order=ipv6first, which Node.js before 20 rejects at start",
        ),
        (
            "Runtime: !Ref Runtime\n      Handler: index.handler\n      Code: {ZipFile: 'x'}",
            "the Node.js version comes from parameter `Runtime` (pass its value to decide it)",
        ),
    ],
)
def test_a_node_version_that_cannot_be_known_beside_ipv6first_is_explained(tmp_path, runtime, text):
    """E9633 needs the Node.js version when NODE_OPTIONS asks for ipv6first: the function's own entry
    says why it is unknown (its NAT gateway's entry only pointed at the function)."""
    template = ACL_STACK.replace("Parameters:\n", "Parameters:\n  Runtime: {Type: String}\n", 1).replace(
        "      Runtime: python3.12\n      Handler: app.handler\n      Role: arn:aws:iam::123456789012:role/fn\n"
        "      Code: {ZipFile: 'x'}\n",
        f"      {runtime}\n      Role: arn:aws:iam::123456789012:role/fn\n"
        "      Environment: {Variables: {NODE_OPTIONS: --dns-result-order=ipv6first}}\n",
    )
    path = tmp_path / "template.yaml"
    path.write_text(template)
    texts = {u.text for u in engine.lint([str(path)]).undecided if u.subject.id == "Fn"}
    assert text in texts, texts


def test_a_condition_on_another_resource_says_whose_it_is(tmp_path):
    """What else runs in a subnet is unknown because a host there exists only under a condition: the
    cause names the host, not the subnet (which exists either way)."""
    (tmp_path / "t.yaml").write_text(CONDITIONAL_HOST)
    result = engine.lint([str(tmp_path)])
    texts = {u.text for u in result.undecided}
    assert (
        "what else runs in subnet Private cannot be known: AWS::EC2::Instance Bastion exists only if condition "
        "`WithBastion`, which depends on parameter `Bastion` (pass its value to decide it; "
        "lambda6lint assumes no Default in a condition)"
    ) in texts, texts


#: ACL_STACK's function behind a NAT gateway, in a subnet where a host exists only under a condition.
CONDITIONAL_HOST = ACL_STACK.replace(
    "Resources:\n",
    "  Bastion: {Type: String, AllowedValues: ['yes', 'no'], Default: 'no'}\n"
    "Conditions:\n  WithBastion: !Equals [!Ref Bastion, 'yes']\nResources:\n",
) + (
    "  Public:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}\n"
    "  Eip:\n    Type: AWS::EC2::EIP\n"
    "  Nat:\n    Type: AWS::EC2::NatGateway\n"
    "    Properties: {SubnetId: !Ref Public, AllocationId: !GetAtt Eip.AllocationId}\n"
    "  V4:\n    Type: AWS::EC2::Route\n"
    "    Properties: {RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref Nat}\n"
    "  Bastion:\n    Type: AWS::EC2::Instance\n    Condition: WithBastion\n"
    "    Properties: {ImageId: ami-12345678, SubnetId: !Ref Private}\n"
)


def test_a_nat_gateway_whose_subnets_other_stacks_may_use_is_explained(monkeypatch):
    """A network stack alone: no function of the run uses its NAT gateway, but its private subnets are
    exported, so another stack may put functions or hosts there. The plan cannot decide it, and
    --explain says why (it listed nothing, and the plan said only 'could not be decided')."""
    monkeypatch.chdir(ROOT)
    result = engine.lint(["fixtures/cross-stack/exports/network.yaml"], engine.Options(plan=True))
    texts = [u.text for u in result.undecided if u.subject.kind == "nat_gateway"]
    assert any(t.startswith("what else runs in subnet PrivateSubnetA cannot be known") for t in texts), texts
    assert not any(
        "could not be decided" in u.cause for entry in result.plan.vpcs for n in entry.nats for u in n.undecided
    )


def test_which_sdk_reads_the_dualstack_setting_of_a_container_image_is_explained(tmp_path):
    """`TRUE` is unset for the SDKs for JavaScript and Ruby: on a container image, whose runtime is not
    named, W9631 cannot decide and --explain says so."""
    text = (ROOT / "fixtures" / "W9631" / "bad-nodejs-sdk-setting-uppercase.yaml").read_text()
    text = text.replace("      Runtime: nodejs22.x\n      Handler: index.handler\n", "      PackageType: Image\n")
    text = text.replace(
        "      Code:\n        ZipFile: |\n          exports.handler = async () => ({ ok: true });\n",
        "      Code:\n        ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1\n",
    )
    (tmp_path / "t.yaml").write_text(text.replace("  # expect: W9631", ""))
    result = engine.lint([str(tmp_path)])
    assert "W9631" not in {f.rule.id for f in result.findings}
    texts = {u.text for u in result.undecided}
    assert any(t.startswith("whether its AWS SDK uses dual-stack endpoints depends on its runtime") for t in texts), (
        texts
    )


NAT_READY = ROOT / "fixtures" / "W9650" / "bad-single-nat-lambda-only-dualstack.yaml"
OTHER_TABLE = """\
  OtherTable:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  OtherDefaultRoute:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref OtherTable
      DestinationCidrBlock: 0.0.0.0/0
      NatGatewayId: !Ref NatGateway
"""


def _nat_ready(tmp_path, extra: str) -> list[str]:
    """The ready NAT gateway of W9650's fixture, with a second route table exported to other stacks
    and a function whose IPv6 flag comes from a parameter, plus `extra` resources."""
    text = NAT_READY.read_text().replace("  NatGateway:  # expect: W9650\n", "  NatGateway:\n")
    text = text.replace("Resources:\n", "Parameters:\n  Flag:\n    Type: String\nResources:\n", 1)
    webhook = text.index("  WebhookFunction:")
    text = text[:webhook] + text[webhook:].replace(
        "Ipv6AllowedForDualStack: true", "Ipv6AllowedForDualStack: !Ref Flag", 1
    )
    text = text.replace("Outputs:\n", OTHER_TABLE + extra + "Outputs:\n")
    text += "  OtherTable:\n    Value: !Ref OtherTable\n    Export:\n      Name: Net-OtherTable\n"
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path / "t.yaml")], engine.Options(plan=True))
    assert not {"W9650", "I9651"} & {f.rule.id for f in result.findings}
    [status] = [n.status for vpc in result.plan.vpcs for n in vpc.nats]
    facts = [u.fact for u in result.undecided if u.subject.id == "NatGateway"]
    assert status == ("undecided" if facts else "blocked")
    return facts


def test_a_nat_gateway_lists_every_unknown_at_once(tmp_path):
    """Route table consumers that other stacks may add and a function not fully checked: both are
    listed (only the first was, so a user fixed one and met the next on the following run)."""
    assert _nat_ready(tmp_path, "") == [
        "which subnets use route table OtherTable",
        "whether function WebhookFunction has IPv6 egress",
    ]


def test_a_nat_gateway_a_known_tenant_blocks_lists_nothing(tmp_path):
    """An EC2 instance in a consumer subnet decides it (not replaceable, and the plan says it must stay),
    whatever else is unknown."""
    instance = (
        "  Worker:\n    Type: AWS::EC2::Instance\n"
        "    Properties: {ImageId: ami-12345678, SubnetId: !Ref PrivateSubnetA}\n"
    )
    assert _nat_ready(tmp_path, instance) == []


def test_the_route_table_of_a_route_to_a_nat_gateway_is_explained(tmp_path):
    """A route to the NAT gateway whose table cannot be known says why, at its route table id (it said
    only 'cannot be known from the files of this run', at the route)."""
    (tmp_path / "t.yaml").write_text(
        "Parameters:\n  Rt:\n    Type: String\nResources:\n  Eip:\n    Type: AWS::EC2::EIP\n"
        "  Nat:\n    Type: AWS::EC2::NatGateway\n    Properties:\n      AllocationId: !GetAtt Eip.AllocationId\n"
        "      SubnetId: subnet-1\n  R:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref Rt\n"
        "      DestinationCidrBlock: 0.0.0.0/0\n      NatGatewayId: !Ref Nat\n"
    )
    (tmp_path / "tf").mkdir()
    (tmp_path / "tf" / "main.tf").write_text(
        'variable "private_subnets" {\n  default = []\n}\n'
        'resource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_route_table" "private" {\n  count  = length(var.private_subnets)\n'
        "  vpc_id = aws_vpc.this.id\n}\n"
        'resource "aws_nat_gateway" "this" {\n  allocation_id = "eipalloc-1"\n  subnet_id     = "subnet-1"\n}\n'
        'resource "aws_route" "nat" {\n  route_table_id         = element(aws_route_table.private[*].id, 0)\n'
        '  destination_cidr_block = "0.0.0.0/0"\n  nat_gateway_id         = aws_nat_gateway.this.id\n}\n'
    )
    result = engine.lint([str(tmp_path / "t.yaml"), str(tmp_path / "tf")])
    got = {(u.location.line, u.text) for u in result.undecided if u.fact.startswith("the route table of route")}
    assert got == {
        (15, "the route table of route R comes from parameter `Rt` (pass its value to decide it)"),
        (
            16,
            "the route table of route aws_route.nat makes `element()` fail (cannot use element function with an "
            "empty list), as Terraform would: the configuration does not apply",
        ),
    }


UPPERCASE = ROOT / "fixtures" / "W9631" / "bad-nodejs-sdk-setting-uppercase.yaml"


@pytest.mark.parametrize(
    ("name", "value", "want"),
    [
        (
            "AWS_USE_DUALSTACK_ENDPOINT",
            "!Ref UseDualStack",
            "the value of AWS_USE_DUALSTACK_ENDPOINT comes from parameter `UseDualStack` (pass its value to decide it)",
        ),
        (
            "NODE_OPTIONS",
            "!If [Six, --dns-result-order=ipv6first, --dns-result-order=ipv4first]",
            "the value of NODE_OPTIONS depends on condition `Six`, which depends on parameter `UseDualStack` (pass "
            "its value to decide it; lambda6lint assumes no Default in a condition)",
        ),
    ],
)
def test_an_environment_value_that_cannot_be_known_names_its_cause(tmp_path, name, value, want):
    """The value of a variable the rules read, from a parameter or a condition, is explained by it (the
    text said the runtime was unknown and printed the internal placeholder)."""
    text = UPPERCASE.read_text().replace("  # expect: W9631", "")
    text = text.replace(
        "Resources:\n",
        "Parameters:\n  UseDualStack: {Type: String}\n"
        "Conditions:\n  Six: !Equals [!Ref UseDualStack, 'yes']\nResources:\n",
        1,
    )
    line = next(t for t in text.splitlines() if t.strip().startswith(f"{name}:"))
    text = text.replace(line, f"{line.split(':')[0]}: {value}")
    (tmp_path / "t.yaml").write_text(text)
    texts = {u.text for u in engine.lint([str(tmp_path)]).undecided}
    assert want in texts, texts
    assert not any("UNKNOWN" in t for t in texts), texts


REGION_CONDITION = """\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: {Type: String}
Conditions:
  V6: %s
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code: {ZipFile: "def handler(e, c): pass"}
      VpcConfig:
        SubnetIds: [subnet-0123456789abcdef0]
        SecurityGroupIds: [sg-0123456789abcdef0]
        Ipv6AllowedForDualStack: !If [V6, true, false]
"""
BOTH = "!And [!Equals [!Ref 'AWS::Region', us-east-1], !Equals [!Ref Env, prod]]"
REGION = "the pseudo parameter `AWS::Region`, known only when deployed"


@pytest.mark.parametrize(
    ("condition", "given", "why"),
    [
        (
            BOTH,
            {},
            "depends on parameter `Env` (pass its value to decide it; lambda6lint assumes no Default in a "
            f"condition) and on {REGION}",
        ),
        (BOTH, {"Env": "prod"}, f"depends on {REGION}"),  # (it blamed `Env`, given)
        ("!Equals [!Ref 'AWS::Region', us-east-1]", {}, f"depends on {REGION}"),  # ("cannot be decided statically")
    ],
)
def test_a_condition_names_what_is_left_to_decide_it(tmp_path, condition, given, why):
    from lambda6lint.loaders.cloudformation.parameters import ParameterSet

    (tmp_path / "t.yaml").write_text(REGION_CONDITION % condition)
    result = engine.lint([str(tmp_path / "t.yaml")], engine.Options(parameters=[ParameterSet(given)]))
    texts = {u.text for u in result.undecided if u.fact == "the IPv6 flag"}
    assert texts == {f"the IPv6 flag depends on condition `V6`, which {why}"}


def test_an_fn_foreach_loop_is_named_as_not_read(capsys):
    """What an Fn::ForEach over a parameter with no value makes went unmentioned: functions in it
    unchecked, NAT gateways in it uncounted. It is a subject of its own, a "loop", in every report."""
    from conftest import FIXTURES

    from lambda6lint.cli import main

    path = str(FIXTURES / "W9650" / "good-nat-beside-foreach-loop.yaml")
    result = engine.lint([path])
    [loop] = [u for u in result.undecided if u.subject.id == "Fn::ForEach::Workers" and u.fact.startswith("what it")]
    assert loop.text.endswith(
        "is not read: it is an `Fn::ForEach` loop (AWS::LanguageExtensions) that lambda6lint cannot expand: its "
        "collection comes from parameter `WorkerNames` (pass its value to decide it)"
    )
    assert main([path, "--explain"]) == 0
    out = capsys.readouterr().out
    assert ": not fully checked: loop Fn::ForEach::Workers\n" in out and "1 NAT gateway and 1 loop not fully" in out
    assert main([path, "--explain", "--format", "markdown"]) == 0
    assert "- loop Fn::ForEach::Workers: what it creates" in capsys.readouterr().out


def test_node_options_of_a_function_that_does_not_run_nodejs_is_not_asked_for(tmp_path):
    """Nothing but Node.js reads NODE_OPTIONS: a Python function's unknown value was listed as "not
    fully checked" (E9633's question), with advice to pass it."""
    text = UPPERCASE.read_text().replace("  # expect: W9631", "")
    text = text.replace("Resources:\n", "Parameters:\n  NodeOptions: {Type: String}\nResources:\n", 1)
    line = next(t for t in text.splitlines() if t.strip().startswith("NODE_OPTIONS:"))
    text = text.replace(line, f"{line.split(':')[0]}: !Ref NodeOptions")
    runtime = next(t for t in text.splitlines() if t.strip().startswith("Runtime:"))
    (tmp_path / "node.yaml").write_text(text)
    (tmp_path / "python.yaml").write_text(text.replace(runtime, f"{runtime.split(':')[0]}: python3.12"))
    undecided = engine.lint([str(tmp_path)]).undecided
    asked = {u.location.path.rsplit("/", 1)[-1] for u in undecided if "NODE_OPTIONS" in u.text + u.fact}
    assert asked == {"node.yaml"}


def test_whether_a_container_image_runs_nodejs_is_explained(tmp_path):
    """I9632 needs to know whether an IPv6-only function runs Node.js; a container image names no
    runtime, so it stays silent and --explain says why."""
    text = UPPERCASE.read_text().replace("  # expect: W9631", "").replace("'TRUE'", "'true'")
    text = text.replace("      Runtime: nodejs22.x\n      Handler: index.handler\n", "      PackageType: Image\n")
    text = text.replace(
        "      Code:\n        ZipFile: |\n          exports.handler = async () => ({ ok: true });\n",
        "      Code:\n        ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1\n",
    )
    text = text.replace("          NODE_OPTIONS: --dns-result-order=ipv6first\n", "")
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path)])
    assert not {f.rule.id for f in result.findings} & {"W9631", "I9632"}
    texts = {u.text for u in result.undecided}
    assert any(t.startswith("whether it runs Node.js cannot be known from a container image") for t in texts), texts


def test_an_exported_subnet_without_ipv6_is_undecided_and_said_so(monkeypatch):
    """Another stack may give an exported subnet its IPv6 CIDR (AWS::EC2::SubnetCidrBlock on the
    imported id): E9602 stays silent, and --explain names the export (E9602 fired, an error)."""
    monkeypatch.chdir(ROOT)
    result = engine.lint(["fixtures/E9602/good-exported-subnets-another-stack-may-add-ipv6"])
    assert "E9602" not in {f.rule.id for f in result.findings}
    texts = {u.text for u in result.undecided}
    assert (
        "the IPv6 CIDR of subnet PrivateA cannot be known: subnet PrivateA is exported as `net-PrivateSubnetA`, "
        "and any stack that imports it may add to it"
    ) in texts, texts


def test_whether_dns64_reaches_ipv4_for_an_ipv6_only_function_is_explained(tmp_path):
    """DNS64 with a NAT64 route reaches IPv4-only endpoints, so W9631 needs to know whether DNS64 is on
    (it fired on a subnet with both, saying SDK calls fail)."""
    text = (ROOT / "fixtures" / "W9631" / "good-dns64-nat64-reaches-ipv4.yaml").read_text()
    text = text.replace("Resources:\n", "Parameters:\n  Dns64: {Type: String}\nResources:\n", 1)
    text = text.replace("EnableDns64: true", "EnableDns64: !Ref Dns64")
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path)])
    assert "W9631" not in {f.rule.id for f in result.findings}
    texts = {u.text for u in result.undecided}
    assert any(
        t.startswith("whether subnet")
        and t.endswith("has DNS64 on comes from parameter `Dns64` (pass its value to decide it)")
        for t in texts
    ), texts


def test_egress_whose_branches_differ_on_ipv6_is_explained_by_its_condition(tmp_path):
    """Branches that agree decide a group's egress (W9620 fires on the fixture); one that allows IPv6
    leaves it to the condition, which --explain names."""
    text = (ROOT / "fixtures" / "W9620" / "bad-egress-if-both-branches-ipv4.yaml").read_text()
    text = text.replace("  # expect: W9620", "").replace("CidrIp: 0.0.0.0/0\n", "CidrIpv6: '::/0'\n", 1)
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path)])
    assert "W9620" not in {f.rule.id for f in result.findings}
    texts = {u.text for u in result.undecided}
    assert any(t.startswith("the IPv6 egress of security group FnSg depends on condition `Wide`") for t in texts), texts


def test_a_terraform_acl_rule_from_a_variable_names_the_variable(tmp_path):
    """An inline rule whose ipv6_cidr_block is a variable without a value: --explain names the variable
    (it said the rule "cannot be known from the files of this run")."""
    text = (ROOT / "fixtures" / "W9621" / "good-inline-acl-with-ipv6" / "main.tf").read_text()
    lines = text.splitlines()
    assert lines[78].strip() == 'ipv6_cidr_block = "::/0"', lines[78]
    lines[78] = lines[78].replace('"::/0"', "var.egress_cidr6")
    (tmp_path / "main.tf").write_text("\n".join(lines) + '\nvariable "egress_cidr6" {\n  type = string\n}\n')
    texts = {u.text for u in engine.lint([str(tmp_path)]).undecided}
    assert (
        "network ACL aws_network_acl.private has a rule whose ipv6_cidr_block comes from variable `egress_cidr6`, "
        "which has no value (pass --var egress_cidr6=… or a .tfvars file)"
    ) in texts, texts


def test_an_alias_of_a_function_that_cannot_be_known_is_explained(tmp_path):
    """I9660 cannot tell whether an alias whose function comes from a parameter is this function's,
    and says so (it was silent, unexplained); a literal name of a function elsewhere decides it."""
    text = (ROOT / "fixtures" / "I9660" / "bad-alias-of-a-function-elsewhere.yaml").read_text()
    text = text.replace("Resources:\n", "Parameters:\n  Target: {Type: String}\nResources:\n", 1)
    (tmp_path / "t.yaml").write_text(text.replace("FunctionName: billing-worker", "FunctionName: !Ref Target"))
    result = engine.lint([str(tmp_path)])
    assert "I9660" not in {f.rule.id for f in result.findings}
    assert (
        "whether it has a published version and alias cannot be known: AWS::Lambda::Alias BillingWorkerLive names "
        "its function by a value that comes from parameter `Target` (pass its value to decide it)"
    ) in {u.text for u in result.undecided}


def test_an_alias_naming_this_templates_function_by_its_written_name_is_its_alias(tmp_path):
    """An alias whose FunctionName is the literal name of a function of the template is that
    function's: I9660 is satisfied (it was undecided, and --explain called the name a resource not in
    the run)."""
    text = (ROOT / "fixtures" / "I9660" / "bad-alias-of-a-function-elsewhere.yaml").read_text()
    text = text.replace(
        "  OrdersFunction:\n    Type: AWS::Lambda::Function\n    Properties:\n",
        "  OrdersFunction:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: billing-worker\n",
    )
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path)])
    assert "I9660" not in {f.rule.id for f in result.findings}
    assert not [u.text for u in result.undecided if "published version" in u.text]


@pytest.mark.parametrize(
    ("fixture", "rule", "text"),
    [
        (
            "W9630/good-env-ref-bucket-under-undecided-condition.yaml",
            "W9630",
            "whether it uses S3 cannot be known: its environment variable `UPLOAD_BUCKET` names UploadsBucket only "
            "if condition `UseUploads` holds, which depends on parameter `EnableUploads` (pass its value to decide "
            "it; lambda6lint assumes no Default in a condition)",
        ),
        (
            "W9650/good-asg-placed-by-subnet-parameter.yaml",
            "W9650",
            "what else runs in subnet PrivateSubnetA cannot be known: AWS::AutoScaling::AutoScalingGroup WorkerGroup "
            "may be in it: its property `VPCZoneIdentifier` comes from parameter `WorkerSubnets` of type "
            "`List<AWS::EC2::Subnet::Id>`: ids of resources that exist already, which no value passed here ties to "
            "the files' resources",
        ),
        (
            "W9601/good-vpc-config-from-include.yaml",
            "W9601",
            "the VPC configuration is made by snippet `s3://network-snippets/lambda-vpc.yaml` (AWS::Include), which "
            "this run does not read",
        ),
        (
            "W9612/good-dns64-from-parameter.yaml",
            "W9612",
            "whether subnet PrivateSubnetA has DNS64 on comes from parameter `Dns64` (pass its value to decide it)",
        ),
        (
            "W9611/good-default-route-to-gateway-parameter.yaml",
            "W9611",
            "the target of the 0.0.0.0/0 route of route table PublicRouteTable comes from parameter `EgressGatewayId` "
            "(pass its value to decide it)",
        ),
        (
            "W9601/good-properties-rewritten-by-macro.yaml",
            "W9601",
            "the VPC configuration is made by macro `CorpLambdaDefaults` (Fn::Transform), which runs only when "
            "CloudFormation deploys",
        ),
        (
            "W9650/good-nat-and-its-route-under-two-conditions.yaml",
            "W9650",
            "route PrivateDefaultRoute exists only if condition `RouteToNat`, which depends on condition `WithNat`, so "
            "it depends on parameters `NatMode`, `PrivateEgress` (pass their values to decide it; lambda6lint assumes "
            "no Default in a condition)",
        ),
        (
            "W9650/good-nat-chosen-by-condition.yaml",
            "W9650",
            "whether route PrivateDefaultRoute sends 0.0.0.0/0 to it depends on condition `BlueNat`, which depends "
            "on parameter `UseBlueNat` (pass its value to decide it; lambda6lint assumes no Default in a condition)",
        ),
        (
            "W9611/good-subnet-chosen-by-parameter-index.yaml",
            "W9611",
            "a subnet is chosen by parameter `SubnetIndex`, whose Default never chooses a resource (pass its value "
            "to decide it)",
        ),
        (
            "W9650/good-nat-beside-foreach-loop.yaml",
            "W9650",
            "what else runs in subnet PrivateSubnetA cannot be known: Fn::ForEach::Workers may be in it: what it "
            "makes may be hosts",
        ),
        (
            "W9620/good-ipv6-egress-rule-under-undecided-condition.yaml",
            "W9620",
            "the IPv6 egress of security group FnSg has a rule that depends on condition `Wide`, which depends on "
            "parameter `Mode` (pass its value to decide it; lambda6lint assumes no Default in a condition)",
        ),
        (
            "W9601/good-flag-from-ssm-parameter-samconfig",
            "W9601",
            "the IPv6 flag depends on condition `HasIpv6`, which depends on parameter `EnableIpv6`, whose value "
            "CloudFormation reads from Systems Manager parameter `/network/enable-ipv6` when it deploys (a static "
            "check cannot know it)",
        ),
    ],
)
def test_a_resource_a_parameter_or_condition_may_choose_is_not_chosen_and_said_so(fixture, rule, text):
    """`Fn::Select` by a parameter index picked the Default's resource; an `Fn::If` branch that may not
    be taken was evidence for W9630; a host placed by a subnet parameter was in no subnet (W9650); a
    VpcConfig an AWS::Include snippet completes was read as written (W9601); the Systems Manager
    parameter name a deploy passes an SSM-typed parameter was read as its value (W9601): each a false
    warning, now silent, and --explain says why."""
    from conftest import FIXTURES

    result = engine.lint([str(FIXTURES / fixture)])
    assert not [f for f in result.findings if f.rule.id == rule]
    texts = {u.text for u in result.undecided}
    assert text in texts, texts


def test_a_route_under_its_nat_gateways_own_condition_exists_wherever_the_gateway_does():
    """The NAT gateway and its 0.0.0.0/0 route both under `Condition: WithNat`: if the gateway is deployed, so is
    the route, so the gateway's consumers are known (W9650) and --explain no longer says the route may not exist
    (the gateway was "not fully checked" for it). Another condition on the route decides nothing (the fixture
    good-nat-and-its-route-under-two-conditions, above)."""
    from conftest import FIXTURES

    result = engine.lint([str(FIXTURES / "W9650/bad-nat-and-its-route-under-one-condition.yaml")])
    assert [f.rule.id for f in result.findings if f.rule.id == "W9650"] == ["W9650"]
    assert not [u.text for u in result.undecided if u.subject.id == "NatGateway"]


@pytest.mark.parametrize("ext", ["yaml", "json"])
def test_a_nested_stack_under_a_condition_excluding_the_nat_gateways_adds_nothing_to_its_route_table(ext):
    """A nested stack this run cannot read may add routes and subnets to the route table it is given (open), but
    under `Condition: WithNatInstance` (NatMode 'none') it never exists with the NAT gateway of `WithNat` (NatMode
    'gateway'): the gateway's consumers are known (W9650). Under a condition that may hold with the gateway's
    (NatMode not 'none'), which subnets use the table stays unknown: --explain names the stack and both conditions."""
    from conftest import FIXTURES

    bad = engine.lint([str(FIXTURES / f"W9650/bad-nat-under-a-condition-a-nested-stacks-excludes.{ext}")])
    assert [f.rule.id for f in bad.findings if f.rule.id == "W9650"] == ["W9650"]
    assert not [u.text for u in bad.undecided if u.subject.id == "NatGateway"]
    good = engine.lint([str(FIXTURES / f"W9650/good-nat-under-a-condition-a-nested-stacks-may-hold-with.{ext}")])
    assert not [f for f in good.findings if f.rule.id == "W9650"]
    texts = [u.text for u in good.undecided if u.subject.id == "NatGateway"]
    said = "under condition `WithRouteStack`, which lambda6lint cannot prove never holds with NatGateway's `WithNat`"
    assert any("passed to nested stack `NatInstanceStack`, which may add to it" in t and said in t for t in texts)


@pytest.mark.parametrize(
    ("count", "cause"),
    [
        (
            "300",
            "whose `count` makes 300 instances, more than the 256 lambda6lint evaluates one by one (a plan, "
            "`terraform show -json`, lists each)",
        ),
        (
            "length(var.n)",
            "whose `count` comes from variable `n`, which has no value (pass --var n=… or a .tfvars file)",
        ),
    ],
)
def test_a_module_whose_instances_cannot_be_known_is_explained_by_its_count(tmp_path, count, cause):
    """A local module with an unknown or too large count was said to be "not there"."""
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text('output "s" {\n  value = "subnet-1"\n}\n')
    (tmp_path / "main.tf").write_text(
        f'variable "n" {{}}\nmodule "m" {{\n  source = "./m"\n  count  = {count}\n}}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "r"\n'
        "  vpc_config {\n    subnet_ids = [module.m[0].s]\n    security_group_ids = []\n  }\n}\n"
    )
    result = engine.lint([str(tmp_path / "main.tf")])
    assert f"a subnet comes from module `m`, {cause}" in {u.text for u in result.undecided}


@pytest.mark.parametrize(
    ("meta", "size"),
    [
        ("count = 300", 300),
        ("count = length(var.azs)", 257),
        ('for_each = toset([for i in range(270) : "s${i}"])', 270),
    ],
)
def test_a_resource_of_more_instances_than_are_evaluated_says_so(tmp_path, meta, size):
    """Subnets of a count (or for_each) over `MAX_INSTANCES`, which the evaluator takes as unknown: --explain said
    their count "cannot be evaluated statically", as if the code were at fault; it names lambda6lint's limit."""
    azs = ", ".join(f'"az{i}"' for i in range(257))
    (tmp_path / "main.tf").write_text(
        f'variable "azs" {{\n  default = [{azs}]\n}}\n'
        f'resource "aws_subnet" "private" {{\n  {meta}\n  vpc_id = "vpc-1"\n}}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "r"\n'
        "  vpc_config {\n    subnet_ids = [for s in aws_subnet.private : s.id]\n    security_group_ids = []\n  }\n}\n"
    )
    result = engine.lint([str(tmp_path)])
    word = meta.split()[0]
    assert (
        f"the subnet list refers to `aws_subnet.private`, whose `{word}` makes {size} instances, more than the 256 "
        "lambda6lint evaluates one by one (a plan, `terraform show -json`, lists each)"
    ) in {u.text for u in result.undecided}


@pytest.mark.parametrize(
    ("tables", "table_id", "over"),
    [
        (130, "var.c ? aws_route_table.a[var.i].id : aws_route_table.b[var.i].id", True),
        (130, "element(concat(aws_route_table.a[*].id, aws_route_table.b[*].id), var.i)", True),
        (128, "var.c ? aws_route_table.a[var.i].id : aws_route_table.b[var.i].id", False),
    ],
)
def test_an_association_on_one_of_more_tables_than_are_weighed_says_so(tmp_path, tables, table_id, over):
    """A subnet's association on one of two blocks of route tables by an index that cannot be known: past the 256
    tables `causes.chosen` weighs, its table is taken as any, and --explain gave the variable alone, as if deciding
    which tables it may be were all that was left. It names lambda6lint's limit; within it, nothing is added."""
    (tmp_path / "main.tf").write_text(
        'variable "c" {\n  type = bool\n}\nvariable "i" {\n  type = number\n}\n'
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_subnet" "s" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.0.0/24"\n}\n'
        f'resource "aws_route_table" "a" {{\n  count = {tables}\n  vpc_id = aws_vpc.v.id\n}}\n'
        f'resource "aws_route_table" "b" {{\n  count = {tables}\n  vpc_id = aws_vpc.v.id\n}}\n'
        'resource "aws_route_table_association" "s" {\n  subnet_id = aws_subnet.s.id\n'
        f"  route_table_id = {table_id}\n}}\n"
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "r"\n'
        "  vpc_config {\n    subnet_ids = [aws_subnet.s.id]\n    security_group_ids = []\n  }\n}\n"
    )
    result = engine.lint([str(tmp_path)])
    said = {
        (u.location.line, u.text)
        for u in result.undecided
        if u.subject.name == "aws_lambda_function.f" and u.text.startswith("the route table of subnet")
    }
    variable = "c" if table_id.startswith("var.c") else "i"
    cause = (
        f"the route table of subnet aws_subnet.s comes from variable `{variable}`, which has no value (pass "
        f"--var {variable}=… or a .tfvars file)"
    )
    limit = "; it is one of over 256 route tables, more than lambda6lint weighs one by one, so what they have decides "
    assert said == ({(22, cause + limit + "nothing until values pick one")} if over else set()), said


@pytest.mark.parametrize(
    ("local", "said"),
    [
        (
            "[for i in range(1024) : [for j in range(300) : i + j]]",
            {
                (
                    9,
                    "the subnet list cannot be known: lambda6lint stopped evaluating this configuration at its "
                    "budget (over 250,000 evaluation steps: the E9600), so what it reads was not worked out (a plan, "
                    "`terraform show -json`, holds its value)",
                ),
            },
        ),
        (
            'join("", [for i in range(1024) : format("%01000d", i)])',
            {
                (
                    9,
                    "a subnet cannot be evaluated statically, maybe as it reads a value past lambda6lint's limits (a "
                    "value over 1,000,000 characters and items: the E9600)",
                ),
            },
        ),
    ],
)
def test_what_lambda6lint_s_evaluation_budget_left_unknown_says_so(tmp_path, local, said):
    """A local past the evaluation budget (budget.py: its steps, which stop the evaluation; a value's size, which is
    refused): --explain said the function's subnets "cannot be evaluated statically", as if the code were at fault
    (and its security groups, written `[]`, where evaluated after the budget was spent). It names the budget (the E9600
    says where), or, for a value refused, that it may be why."""
    (tmp_path / "main.tf").write_text(
        f"locals {{\n  big = {local}\n}}\n"
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "r"\n  vpc_config {\n'
        '    security_group_ids = []\n    subnet_ids = [length(local.big) > 0 ? "subnet-1" : "subnet-2"]\n  }\n}\n'
    )
    result = engine.lint([str(tmp_path)])
    assert [e.rule.id for e in result.findings] == ["E9600"]
    assert {(u.location.line, u.text) for u in result.undecided} == said


@pytest.mark.parametrize(("size", "said"), [(5_000, True), (4_000, False)])
def test_a_for_expression_over_more_items_than_are_evaluated_says_so(tmp_path, size, said):
    """A `for` expression over more items than the evaluator makes (`MAX_ITEMS`, 4,096) is unknown whatever its
    items: --explain said "cannot be evaluated statically", as if the code were at fault."""
    (tmp_path / "main.tf").write_text(
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "r"\n  vpc_config {\n'
        f'    subnet_ids = [for p in setproduct(range({size // 50}), range(50)) : "subnet-a" if p[0] + p[1] == 0]\n'
        "    security_group_ids = []\n  }\n}\n"
    )
    result = engine.lint([str(tmp_path)])
    cause = f"the subnet list is a `for` expression over {size:,} items, more than the 4,096 lambda6lint evaluates"
    texts = {(u.location.line, u.text) for u in result.undecided}
    assert ((5, cause) in texts) is said, texts


@pytest.mark.parametrize("chain", [40, 70])
def test_a_value_worked_out_through_more_references_than_are_followed_says_so(tmp_path, chain):
    """A subnet of a chain of locals (`l0 = local.l1` … `l69 = "subnet-1"`): past the evaluator's 64 nested
    evaluations it is unknown, and past the 32 steps `why` follows it cannot tell why; --explain said "cannot be
    evaluated statically" alone, as if the code were at fault. (At 40 the evaluator has it: a literal id.)"""
    locals_ = "".join(f"  l{i} = local.l{i + 1}\n" for i in range(chain)) + f'  l{chain} = "subnet-1"\n'
    (tmp_path / "main.tf").write_text(
        f"locals {{\n{locals_}}}\n"
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "r"\n  vpc_config {\n'
        "    subnet_ids = [local.l0]\n    security_group_ids = []\n  }\n}\n"
    )
    result = engine.lint([str(tmp_path)])
    deep = (
        "a subnet cannot be evaluated statically: it is worked out through over 32 references and expressions, one "
        "inside another (locals, outputs, variables), more than lambda6lint follows to tell why (and past 64, to "
        "evaluate it)"
    )
    literal = "a subnet is the literal id `subnet-1`, a resource that is not in this run"
    assert {(u.location.line, u.text) for u in result.undecided} == {(chain + 8, deep if chain > 64 else literal)}


@pytest.mark.parametrize(("padding", "said"), [(300_000, True), (1_000, False)])
def test_a_file_over_what_lambda6lint_reads_says_so(tmp_path, padding, said):
    """`jsondecode(file("net.json")).subnets` of a file over the 256 KB `file()` reads (`MAX_FILE_BYTES`): --explain
    said `file(…)` "lambda6lint cannot evaluate for these arguments", as if the call were at fault."""
    (tmp_path / "net.json").write_text(json.dumps({"subnets": ["subnet-1"], "pad": "x" * padding}))
    (tmp_path / "main.tf").write_text(
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "r"\n  vpc_config {\n'
        '    subnet_ids = jsondecode(file("${path.module}/net.json")).subnets\n    security_group_ids = []\n  }\n}\n'
    )
    result = engine.lint([str(tmp_path)])
    cause = (
        "the subnet list reads a file lambda6lint does not read: not a file in the folder linted, not UTF-8, or over "
        "256 KB, the most it reads (a plan, `terraform show -json`, holds the value)"
    )
    texts = {(u.location.line, u.text) for u in result.undecided}
    assert texts == {(5, cause)} if said else "the subnet list" not in str(texts), texts


def test_a_template_past_the_characters_templatefile_parses_in_a_run_says_so(tmp_path, monkeypatch):
    """Templates past what the run's `templatefile()` calls parse in all (`MAX_TEMPLATE_BYTES`, 4 MB; 3,000 here) are
    left unrendered: --explain said `templatefile(…)` "lambda6lint cannot evaluate for these arguments", as if they
    were at fault. It names the limit; the template parsed within it is rendered as before."""
    from lambda6lint.loaders.terraform import causes, evaluator

    monkeypatch.setattr(evaluator, "MAX_TEMPLATE_BYTES", 3_000)
    monkeypatch.setattr(causes, "MAX_TEMPLATE_BYTES", 3_000)
    for i in range(3):  # (each its own text: one parsed already, by any test, is not counted again)
        (tmp_path / f"t{i}.tpl").write_text(f"subnet-${{x}}{i}{tmp_path.name}" + " " * 2_000)
    calls = ", ".join(f'trimspace(templatefile("${{path.module}}/t{i}.tpl", {{ x = "a" }}))' for i in range(3))
    (tmp_path / "main.tf").write_text(
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "r"\n  vpc_config {\n'
        f"    subnet_ids = [{calls}]\n    security_group_ids = []\n  }}\n}}\n"
    )
    result = engine.lint([str(tmp_path)])
    over = (
        "a subnet is made by `templatefile()` from a template lambda6lint did not render: the run's templates are "
        "over 3,000 characters, more than it parses (a plan, `terraform show -json`, holds the value)"
    )
    said = {(u.location.line, u.location.column, u.text) for u in result.undecided}
    assert {(5, 82, over), (5, 145, over)} <= said, said
    assert len(said) == 3 and "the literal id `subnet-a0" in min(said)[2], said


@pytest.mark.parametrize(
    "fixture", ["I9605/bad-subnets-of-unknown-count", "I9605/good-subnets-of-unknown-count-ipv6-vpc"]
)
def test_a_resource_whose_instances_cannot_be_known_is_explained_by_its_count(fixture, tmp_path):
    """Subnets `aws_subnet.private[*].id` of a count from a data source that may read none: the subnet list
    "cannot be evaluated statically", said --explain, not why."""
    from conftest import FIXTURES

    text = (FIXTURES / fixture / "main.tf").read_text()
    text = text.replace("data.aws_availability_zones.available.names)", "data.aws_subnets.available.ids)")
    (tmp_path / "main.tf").write_text(text + 'data "aws_subnets" "available" {}\n')
    result = engine.lint([str(tmp_path)])
    assert (
        "the subnet list refers to `aws_subnet.private`, whose `count` comes from data source "
        "`data.aws_subnets.available`, read only when Terraform runs (a plan holds what it reads; "
        "what that names outside this configuration stays unknown)"
    ) in {u.text for u in result.undecided}


@pytest.mark.parametrize(
    ("data", "subnets"),
    [
        (
            'data "aws_subnets" "private" {\n  count = 1\n}\n',
            "flatten([for subnets in data.aws_subnets.private : subnets.ids])",
        ),
        ('data "aws_subnets" "private" {\n  count = 1\n}\n', "data.aws_subnets.private[0].ids"),
    ],
)
def test_a_value_read_from_a_data_source_in_a_for_expression_is_explained(tmp_path, data, subnets):
    """`[for s in data.aws_subnets.private : s.ids]` (pbs/terraform-aws-lambda-module): --explain said the
    subnet list "cannot be evaluated statically", not that a data source gives it."""
    (tmp_path / "main.tf").write_text(
        data + 'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "r"\n'
        f'  vpc_config {{\n    subnet_ids = {subnets}\n    security_group_ids = ["sg-1"]\n  }}\n}}\n'
    )
    key = data.split('"')[1] + "." + data.split('"')[3]
    result = engine.lint([str(tmp_path)])
    assert (
        f"the subnet list comes from data source `data.{key}`, read only when Terraform runs (a plan holds what "
        "it reads; what that names outside this configuration stays unknown)"
    ) in {u.text for u in result.undecided}


@pytest.mark.parametrize("route", ['route {\n    cidr_block = "0.0.0.0/0"\n    gateway_id = var.gw\n  }', ""])
def test_a_terraform_default_route_whose_target_cannot_be_known_is_explained(tmp_path, route):
    """W9611 cannot tell a public subnet when its 0.0.0.0/0 route goes to a gateway a variable names:
    --explain said nothing of it (an inline `route` block or an `aws_route`)."""
    extra = (
        ""
        if route
        else (
            'resource "aws_route" "r" {\n  route_table_id = aws_route_table.t.id\n'
            '  destination_cidr_block = "0.0.0.0/0"\n  gateway_id = var.gw\n}\n'
        )
    )
    (tmp_path / "main.tf").write_text(
        'variable "gw" {}\nresource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_subnet" "s" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n}\n'
        f'resource "aws_route_table" "t" {{\n  vpc_id = aws_vpc.v.id\n  {route}\n}}\n{extra}'
        'resource "aws_route_table_association" "a" {\n  subnet_id = aws_subnet.s.id\n'
        "  route_table_id = aws_route_table.t.id\n}\n"
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "r"\n  runtime = "python3.12"\n'
        "  vpc_config {\n    subnet_ids = [aws_subnet.s.id]\n    security_group_ids = []\n  }\n}\n"
    )
    result = engine.lint([str(tmp_path)])
    text = (
        "the target of the 0.0.0.0/0 route of route table aws_route_table.t comes from variable `gw`, which has "
        "no value (pass --var gw=… or a .tfvars file)"
    )
    assert text in {u.text for u in result.undecided}


def test_a_host_whose_properties_a_macro_rewrites_may_be_in_any_subnet(tmp_path):
    """An Auto Scaling group whose Properties a macro rewrites may be placed anywhere: W9650 holds the
    NAT gateway back, as for a subnet parameter, and --explain names the macro."""
    from conftest import FIXTURES

    text = (FIXTURES / "W9650" / "good-asg-placed-by-subnet-parameter.yaml").read_text()
    text = text.replace(
        "      VPCZoneIdentifier: !Ref WorkerSubnets\n", "      VPCZoneIdentifier: [subnet-0123456789abcdef0]\n"
    )
    text = text.replace(
        "      MinSize: '1'\n", "      Fn::Transform:\n        Name: CorpPlacement\n      MinSize: '1'\n"
    )
    assert "CorpPlacement" in text and "subnet-0123456789abcdef0" in text
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path / "t.yaml")])
    assert not [f for f in result.findings if f.rule.id == "W9650"]
    texts = {u.text for u in result.undecided}
    assert (
        "what else runs in subnet PrivateSubnetA cannot be known: AWS::AutoScaling::AutoScalingGroup WorkerGroup "
        "may be in it: each of its properties is made by macro `CorpPlacement` (Fn::Transform), which runs only when "
        "CloudFormation deploys" in texts
    ), texts


ALIAS_VERSION_CFN = """
  Version:
    Type: AWS::Lambda::Version
    Condition: IsProd
    Properties:
      FunctionName: !Ref Fn
  Live:
    Type: AWS::Lambda::Alias
    Properties:
      Name: live
      FunctionName: !Ref Fn
      FunctionVersion: !If [IsProd, !GetAtt Version.Version, $LATEST]
"""


def test_an_alias_that_may_point_at_latest_is_explained(tmp_path):
    """`!If [IsProd, !GetAtt Version.Version, $LATEST]` (its version under the same condition): the alias
    was taken for one on a published version, and the function as published (I9660 silent, unexplained)."""
    config = "SubnetIds: [!Ref Subnet]\nSecurityGroupIds: [!Ref Sg]\nIpv6AllowedForDualStack: true"
    got = explain(tmp_path, config, extra=ALIAS_VERSION_CFN)
    line = next(n for n, t in enumerate((tmp_path / "template.yaml").read_text().splitlines(), 1) if "$LATEST" in t)
    assert any(
        g.startswith(f"{line} Fn: whether it has a published version and alias")
        and "AWS::Lambda::Alias Live points at a version that depends on condition `IsProd`" in g
        for g in got
    ), got


def test_a_terraform_alias_that_may_point_at_latest_is_explained(tmp_path):
    text = (ROOT / "fixtures" / "I9660" / "bad-alias-to-latest" / "main.tf").read_text()
    text = text.replace(
        'function_version = "$LATEST"',
        'function_version = var.stage == "dev" ? "$LATEST" : aws_lambda_function.search.version',
    )
    (tmp_path / "main.tf").write_text('variable "stage" {}\n' + text)
    result = engine.lint([str(tmp_path)])
    assert not [f for f in result.findings if f.rule.id == "I9660"]
    got = [(u.location.line, u.text) for u in result.undecided if "published" in u.fact]
    assert got == [
        (
            text.splitlines().index(next(t for t in text.splitlines() if "function_version" in t)) + 2,
            "whether it has a published version and alias cannot be known: aws_lambda_alias.search points at a "
            "version that comes from variable `stage`, which has no value (pass --var stage=… or a .tfvars file)",
        )
    ], got


def test_roots_that_call_one_local_module_explain_its_unknowns_once(tmp_path):
    """Two roots (envs/dev, envs/prod) calling ../../modules/app see its unknowns under one address:
    --explain listed each block once per root (findings were listed once)."""
    module = tmp_path / "modules" / "app"
    module.mkdir(parents=True)
    (module / "main.tf").write_text(
        'variable "subnets" {}\nresource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "r"\n'
        "  vpc_config {\n    subnet_ids = var.subnets\n    security_group_ids = []\n  }\n}\n"
    )
    for env in ("dev", "prod"):
        (tmp_path / "envs" / env).mkdir(parents=True)
        (tmp_path / "envs" / env / "main.tf").write_text(
            'variable "subnets" {}\nmodule "app" {\n  source = "../../modules/app"\n  subnets = var.subnets\n}\n'
        )
    result = engine.lint([str(tmp_path)])
    texts = [(u.subject.name, u.text) for u in result.undecided]
    assert texts and len(texts) == len(set(texts)), texts


def test_one_resource_lists_at_most_a_few_facts(tmp_path):
    """A route whose target is one of 30 NAT gateways is a fact of each: 30 × 30 lines (20 MB of
    --explain and of the plan for 400). Each resource lists MAX_PER_SUBJECT and says how many more."""
    from lambda6lint.explain import MAX_PER_SUBJECT

    count = 30
    refs = ", ".join(f"!Ref Nat{i}" for i in range(count))
    lines = [
        "Parameters:\n  Idx: {Type: Number}\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n",
        "  Pub:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc}\n",
    ]
    for i in range(count):
        lines.append(f"  Nat{i}:\n    Type: AWS::EC2::NatGateway\n    Properties: {{SubnetId: !Ref Pub}}\n")
        lines.append(
            f"  Rt{i}:\n    Type: AWS::EC2::RouteTable\n    Properties: {{VpcId: !Ref Vpc}}\n"
            f"  R{i}:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref Rt{i}\n"
            f"      DestinationCidrBlock: 0.0.0.0/0\n      NatGatewayId: !Select [!Ref Idx, [{refs}]]\n"
        )
    (tmp_path / "t.yaml").write_text("".join(lines))
    result = engine.lint([str(tmp_path / "t.yaml")])
    facts = [u.text for u in result.undecided if u.subject.id == "Nat0"]
    assert len(facts) == MAX_PER_SUBJECT + 1
    assert facts[0].startswith("whether route R0 sends 0.0.0.0/0 to it comes from parameter `Idx`")
    more = count - MAX_PER_SUBJECT
    assert facts[-1] == (
        f"{more} more facts like these cannot be known either (lambda6lint lists at most {MAX_PER_SUBJECT} for one "
        "resource)"
    )


def test_a_parameters_default_picks_no_subnet_an_association_may_be(tmp_path):
    """`SubnetId: !Select [!Ref Index, [!Ref SubnetB, !Ref SubnetA]]` with `Default: 0`: a Default never
    chooses a resource (RULES.md), so the association may still be SubnetA's: no W9610 on its main table."""
    from conftest import FIXTURES

    text = (FIXTURES / "W9610" / "good-association-subnet-chosen-by-undecided-condition.yaml").read_text()
    text = text.replace("Parameters:\n", "Parameters:\n  Index: {Type: Number, Default: 0}\n", 1)
    text = text.replace(
        "      SubnetId: !If [IsA, !Ref SubnetA, !Ref SubnetB]\n",
        "      SubnetId: !Select [!Ref Index, [!Ref SubnetB, !Ref SubnetA]]\n",
    )
    (tmp_path / "t.yaml").write_text(text)
    assert not [f for f in engine.lint([str(tmp_path / "t.yaml")]).findings if f.rule.id == "W9610"]


@pytest.mark.parametrize(("conditions", "more_than_one"), [(("IsProd", "NotProd"), False), ((None, None), True)])
def test_a_subnet_with_two_associations_says_so_only_when_both_exist(tmp_path, conditions, more_than_one):
    """Two associations of a subnet under exclusive conditions: each says its condition, and "more than one
    route table association" is said only when both are deployed (a template CloudFormation refuses)."""
    second = "".join(
        f"  Assoc{i}:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n"
        + (f"    Condition: {condition}\n" if condition else "")
        + "    Properties:\n      SubnetId: !Ref Subnet\n      RouteTableId: !Ref Table\n"
        for i, condition in enumerate(conditions)
    )
    head = HEAD.replace("  NotProd", "").replace(
        "  Assoc:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties:\n"
        "      SubnetId: !Ref Subnet\n      RouteTableId: !Ref Table\n",
        second,
    )
    head = head.replace(
        "  IsProd: !Equals [!Ref Env, prod]\n",
        "  IsProd: !Equals [!Ref Env, prod]\n  NotProd: !Not [!Condition IsProd]\n",
    )
    (tmp_path / "template.yaml").write_text(head + f"        SubnetIds: [!Ref Subnet]\n        {SG}\n")
    causes = [u.cause for u in engine.lint([str(tmp_path)]).undecided if u.fact == "the route table of subnet Subnet"]
    assert ("is set by more than one route table association" in causes) is more_than_one, causes
    if not more_than_one:
        assert any("Assoc0 exists only if condition `IsProd`" in c for c in causes), causes


SG_EGRESS = """
variable "peer_block" {
  type = string
}
data "aws_vpc" "this" {
  id = "vpc-0abc"
}
resource "aws_security_group" "inline" {
  vpc_id = "vpc-0abc"
  egress {
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    ipv6_cidr_blocks = [data.aws_vpc.this.ipv6_cidr_block]
  }
}
resource "aws_security_group" "ruled" {
  vpc_id = "vpc-0abc"
}
resource "aws_vpc_security_group_egress_rule" "peer" {
  security_group_id = aws_security_group.ruled.id
  ip_protocol       = "-1"
  cidr_ipv6         = var.peer_block
}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::111111111111:role/fn"
  runtime       = "python3.12"
  handler       = "index.handler"
  filename      = "fn.zip"
  vpc_config {
    subnet_ids                  = ["subnet-0abc"]
    security_group_ids          = [aws_security_group.inline.id, aws_security_group.ruled.id]
    ipv6_allowed_for_dual_stack = true
  }
}
"""


def test_a_terraform_egress_rule_whose_ipv6_destination_cannot_be_known_says_why(tmp_path):
    """An inline egress block or a rule resource whose IPv6 destination is a data source's or a variable's: the
    explanation says which (it said only "cannot be known from the files of this run")."""
    (tmp_path / "main.tf").write_text(SG_EGRESS)
    said = {u.text for u in engine.lint([str(tmp_path)]).undecided if "IPv6 egress" in u.text}
    assert said == {
        "the IPv6 egress of security group aws_security_group.inline has a rule whose ipv6_cidr_blocks comes from "
        "data source `data.aws_vpc.this`, read only when Terraform runs (a plan holds what it reads; what that "
        "names outside this configuration stays unknown)",
        "the IPv6 egress of security group aws_security_group.ruled has a rule whose cidr_ipv6 comes from variable "
        "`peer_block`, which has no value (pass --var peer_block=… or a .tfvars file)",
    }, said


def test_the_ports_a_group_lets_out_over_ipv6_are_explained_where_an_acl_allows_some_only(tmp_path):
    """The group lets IPv6 out on a port a parameter chooses, the ACL on TCP 90 only: whether anything leaves
    is unknown (W9650, I9651 and W9621 stay silent), and --explain names the port's parameter."""
    text = (ROOT / "fixtures" / "W9650" / "good-group-and-acl-allow-different-ipv6-ports.yaml").read_text()
    text = text.replace("FromPort: 443\n          ToPort: 443", "FromPort: !Ref Port\n          ToPort: !Ref Port")
    text = text.replace("Resources:\n", "Parameters:\n  Port:\n    Type: Number\nResources:\n", 1)
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path)])
    assert not {"W9650", "I9651", "W9621"} & {f.rule.id for f in result.findings}
    texts = {(u.subject.id, u.text) for u in result.undecided}
    want = (
        "the IPv6 egress of security group FunctionSecurityGroup, which network ACL PrivateNetworkAcl lets out on "
        "some ports only, has a rule whose FromPort comes from parameter `Port` (pass its value to decide it)"
    )
    assert ("ScraperFunction", want) in texts, texts


def test_terraform_ports_a_group_lets_out_over_ipv6_are_explained(tmp_path):
    text = (ROOT / "fixtures" / "W9650" / "good-group-and-acl-allow-different-ipv6-ports" / "main.tf").read_text()
    assert text.count("    from_port        = 443\n    to_port          = 443\n") == 1
    text = text.replace(
        "    from_port        = 443\n    to_port          = 443\n",
        "    from_port        = 443\n    to_port          = var.port\n",
    )
    (tmp_path / "main.tf").write_text(text + 'variable "port" {\n  type = number\n}\n')
    result = engine.lint([str(tmp_path)])
    assert not {"W9650", "I9651", "W9621"} & {f.rule.id for f in result.findings}
    texts = {u.text for u in result.undecided}
    want = (
        "the IPv6 egress of security group aws_security_group.fn, which network ACL aws_network_acl.private lets out "
        "on some ports only, has a rule whose to_port comes from variable `port`"
    )
    assert any(t.startswith(want) for t in texts), texts


def test_a_route_to_a_nat_gateway_a_data_source_looks_up_is_named():
    """It may be the NAT gateway the configuration makes: the NAT gateway is undecided, and says why."""
    from conftest import FIXTURES

    result = engine.lint([str(FIXTURES / "I9651" / "good-nat-route-to-a-nat-gateway-data-source")])
    assert [u.text for u in result.undecided if u.subject.id == "aws_nat_gateway.nat"] == [
        "whether route aws_route.other sends 0.0.0.0/0 to it cannot be known: data source "
        "`data.aws_nat_gateway.second` looks it up, and it may be one this run makes"
    ]


@pytest.mark.parametrize(("functions", "other", "said"), [(25, True, "6 more facts"), (25, False, "whether 6 more")])
def test_the_functions_that_may_sit_behind_a_nat_gateway_are_counted_whole(tmp_path, functions, other, said):
    """At most 19 are named, then how many more (2,000 NAT gateways x 2,000 functions said each: helper-101);
    the count of facts not listed still counts each of them when another fact fills the list (helper-102)."""
    head = """
Parameters:
  Other: {Type: AWS::EC2::Subnet::Id}
  FnSubnets: {Type: List<AWS::EC2::Subnet::Id>}
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Pub: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}}
  Eip: {Type: AWS::EC2::EIP}
  Nat: {Type: AWS::EC2::NatGateway, Properties: {AllocationId: !GetAtt Eip.AllocationId, SubnetId: !Ref Pub}}
  Rt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  Route:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref Nat}
  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: x, VpcId: !Ref Vpc}}
"""
    if other:  # (a table whose subnet cannot be known: one more fact about the NAT gateway, said first)
        head += "  Assoc:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n"
        head += "    Properties: {SubnetId: !Ref Other, RouteTableId: !Ref Rt}\n"
    body = "".join(
        f"  Fn{i:02}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n"
        "      VpcConfig: {SubnetIds: !Ref FnSubnets, SecurityGroupIds: [!Ref Sg]}\n"
        for i in range(functions)
    )
    (tmp_path / "t.yaml").write_text(head + body)
    result = engine.lint([str(tmp_path / "t.yaml")])
    nat = [u.text for u in result.undecided if u.subject.name == "Nat"]
    assert len(nat) == 20 + other, nat
    assert any(said in line for line in nat), nat
    assert sum("whether function Fn" in line for line in nat) == 19, nat


def test_the_first_unknown_of_each_subject_names_the_same_subjects():
    """`Options.subjects_only` (a text report without --explain) stops at each subject's first unknown: the
    same functions, NAT gateways and APIs are not fully checked, in the same order, with the same first fact."""
    from lambda6lint.options import Options

    paths = [str(ROOT / "fixtures")]
    full = engine.lint(paths, Options(jobs=1)).undecided
    first = engine.lint(paths, Options(jobs=1, subjects_only=True)).undecided
    assert full  # (the fixtures hold functions and NAT gateways that cannot be fully checked)
    firsts: dict[tuple[str, str], str] = {}
    for u in full:
        firsts.setdefault((u.subject.template.path, u.subject.name), u.text)
    assert [((u.subject.template.path, u.subject.name), u.text) for u in first] == list(firsts.items())


@pytest.mark.parametrize(
    "fixture",
    [
        "W9611/good-association-table-chosen-by-undecided-condition.yaml",
        "W9611/good-subnet-on-one-of-public-or-private-route-tables",
    ],
)
def test_route_tables_a_subnet_may_be_on_that_disagree_are_named(fixture):
    """A subnet on one of some route tables, of which one routes 0.0.0.0/0 to an internet gateway and another does
    not: W9611 cannot say it is public, and --explain says which tables say what, at the association's table."""
    from conftest import FIXTURES

    result = engine.lint([str(FIXTURES / fixture)])
    assert not [f for f in result.findings if f.rule.id == "W9611"]
    (found,) = [u for u in result.undecided if u.fact.startswith("the 0.0.0.0/0 route of subnet")]
    assert "its route table is one of " in found.text
    assert "which disagree (" in found.text
    assert " sends it to an internet gateway" in found.text
    assert found.resource.kind == "rt_association"
    assert not [u for u in result.undecided if u.fact.startswith("the ::/0 route of subnet")]  # (all lack it)


@pytest.mark.parametrize(
    "fixture",
    [
        "W9612/good-association-table-chosen-by-undecided-condition.yaml",
        "W9612/good-subnet-on-one-of-route-tables-one-with-nat64",
    ],
)
def test_route_tables_a_subnet_with_dns64_may_be_on_that_disagree_on_nat64_are_named(fixture):
    """DNS64 on a subnet on one of some route tables, of which one routes 64:ff9b::/96 to a NAT gateway and another
    does not: no W9612, and --explain says which table has the route."""
    from conftest import FIXTURES

    result = engine.lint([str(FIXTURES / fixture)])
    assert not [f for f in result.findings if f.rule.id == "W9612"]
    (found,) = [u for u in result.undecided if u.fact.startswith("the 64:ff9b::/96 route of subnet")]
    assert " routes it to a NAT gateway" in found.text
    assert " has no route for it to a NAT gateway" in found.text


@pytest.mark.parametrize(
    "fixture",
    [
        "W9630/good-association-table-chosen-by-undecided-condition.yaml",
        "W9630/good-subnet-on-one-of-route-tables-one-with-endpoint",
    ],
)
def test_route_tables_a_subnet_may_be_on_that_disagree_on_a_gateway_endpoint_are_named(fixture):
    """A function that uses S3 from a subnet on one of some route tables, of which one has an S3 gateway endpoint
    and another has none: no W9630, and --explain says which table has it."""
    from conftest import FIXTURES

    result = engine.lint([str(FIXTURES / fixture)])
    assert not [f for f in result.findings if f.rule.id == "W9630"]
    (found,) = [u for u in result.undecided if u.fact.startswith("whether the route table of subnet")]
    assert found.fact.endswith("has an S3 gateway endpoint")
    assert " has one" in found.text and " has none" in found.text


@pytest.mark.parametrize(
    ("branch", "other"),
    [
        (
            "!Ref SharedRouteTableId",
            "the route table parameter `SharedRouteTableId` names, which no template of this run holds, whatever its "
            "value",
        ),
        (
            "!ImportValue shared-route-table",
            "a route table that is imported from export `shared-route-table`, which no template in this run exports "
            "(lint the stack that exports it in the same run)",
        ),
    ],
)
def test_a_table_choice_this_run_does_not_show_is_named_beside_the_condition(tmp_path, branch, other):
    """`RouteTableId: !If [UseNat, !Ref NatRouteTable, !Ref SharedRouteTableId]`: the association is on NatRouteTable
    or on a table this run does not show, so NatRouteTable's lack of ::/0 decides nothing (no W9610). --explain named
    the condition only, as if NatRouteTable were all it may be; it says what the other branch is, and that the tables
    are not all known."""
    from conftest import FIXTURES

    text = (FIXTURES / "W9610" / "good-association-table-chosen-from-parameter.yaml").read_text()
    path = tmp_path / "t.yaml"
    path.write_text(text.replace("!Ref SharedRouteTableId]", f"{branch}]"))
    result = engine.lint([str(path)])
    assert not [f for f in result.findings if f.rule.id == "W9610"]
    (found,) = [u for u in result.undecided if u.fact == "the route table of subnet Subnet"]
    assert found.cause.startswith("depends on condition `UseNat`, which depends on parameter `Egress`")
    assert found.cause.endswith(
        f"; where it is not NatRouteTable, it is {other}: the route tables the subnet may be on are not all known, "
        "so NatRouteTable alone cannot decide what its route table has (values that pick it do)"
    )


def test_a_table_chosen_by_an_index_among_some_this_run_does_not_show_is_explained_by_the_index(tmp_path):
    """`RouteTableId: !Select [!Ref Index, [!Ref NatRouteTable, !Ref SharedRouteTableId]]`: the association was
    explained by the parameter of the list it found first, `SharedRouteTableId`, as if it chose the table; the index
    chooses it, and the parameter's table is what else it may be."""
    from conftest import FIXTURES

    text = (FIXTURES / "W9610" / "good-association-table-chosen-from-parameter.yaml").read_text()
    text = text.replace(
        "!If [UseNat, !Ref NatRouteTable, !Ref SharedRouteTableId]",
        "!Select [!Ref Index, [!Ref NatRouteTable, !Ref SharedRouteTableId]]",
    ).replace("Parameters:\n", "Parameters:\n  Index:\n    Type: Number\n")
    path = tmp_path / "t.yaml"
    path.write_text(text)
    result = engine.lint([str(path)])
    (found,) = [u for u in result.undecided if u.fact == "the route table of subnet Subnet"]
    assert found.cause == (
        "comes from parameter `Index` (pass its value to decide it); where it is not NatRouteTable, it is the route "
        "table parameter `SharedRouteTableId` names, which no template of this run holds, whatever its value: the "
        "route tables the subnet may be on are not all known, so NatRouteTable alone cannot decide what its route "
        "table has (values that pick it do)"
    )


TABLE_CHOSEN_TF = """
variable "zone" {
  type = number
}
variable "shared_table" {
  type = string
}
resource "aws_vpc" "main" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
}
resource "aws_subnet" "app" {
  vpc_id          = aws_vpc.main.id
  cidr_block      = "10.0.1.0/24"
  ipv6_cidr_block = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 1)
}
resource "aws_route_table" "private" {
  count  = 2
  vpc_id = aws_vpc.main.id
}
resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = var.zone == 0 ? aws_route_table.private[0].id : BRANCH
}
resource "aws_security_group" "fn" {
  vpc_id = aws_vpc.main.id
  egress {
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}
resource "aws_lambda_function" "fn" {
  function_name = "report"
  role          = "arn:aws:iam::111111111111:role/report"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids                  = [aws_subnet.app.id]
    security_group_ids          = [aws_security_group.fn.id]
    ipv6_allowed_for_dual_stack = true
  }
}
"""


@pytest.mark.parametrize(
    ("branch", "other"),
    [
        (
            "var.shared_table",
            "the route table variable `shared_table` names, an id no table of this run can be matched to, whatever "
            "its value",
        ),
        ('"rtb-0abc"', "a route table that is the literal id `rtb-0abc`, a resource that is not in this run"),
    ],
)
def test_a_terraform_table_choice_this_run_does_not_show_is_named_beside_the_condition(tmp_path, branch, other):
    """`route_table_id = var.zone == 0 ? aws_route_table.private[0].id : var.shared_table`: the association is on
    private[0] or on a table this run does not show, so private[0]'s lack of ::/0 decides nothing (no W9610).
    --explain named `zone` only, as if private[0] were all it may be; it says what the other branch is, and that
    the tables are not all known (as CloudFormation's `!If [C, !Ref A, !Ref Param]`)."""
    (tmp_path / "main.tf").write_text(TABLE_CHOSEN_TF.replace("BRANCH", branch))
    result = engine.lint([str(tmp_path)])
    assert not [f for f in result.findings if f.rule.id == "W9610"]
    (found,) = [u for u in result.undecided if u.fact == "the route table of subnet aws_subnet.app"]
    assert found.cause.startswith("comes from variable `zone`, which has no value")
    assert found.cause.endswith(
        f"; where it is not aws_route_table.private[0], it is {other}: the route tables the subnet may be on are not "
        "all known, so aws_route_table.private[0] alone cannot decide what its route table has (values that pick it "
        "do)"
    )


@pytest.mark.parametrize(
    "fixture",
    [
        "W9650/bad-nat-serving-a-subnet-on-one-of-its-route-tables.yaml",
        "W9650/bad-nat-serving-a-subnet-on-one-of-its-route-tables",
        "W9630/bad-subnet-on-one-of-route-tables-without-endpoint",
    ],
)
def test_a_function_on_one_of_route_tables_that_answer_alike_is_fully_checked(fixture):
    """A function whose subnet is on one of some route tables (`!If`, `aws_route_table.x[var.i]`) that answer each
    question its rules ask alike (::/0 and 0.0.0.0/0 routes, NAT64, gateway endpoints): whichever the table is, the
    rules decide, so it is not "not fully checked" for the table's sake (it was, by the association's unknown)."""
    from conftest import FIXTURES

    from lambda6lint.model import Function

    result = engine.lint([str(FIXTURES / fixture)])
    assert [f for f in result.findings if f.rule.id in ("W9650", "W9630")]
    assert not [u.text for u in result.undecided if isinstance(u.subject, Function)]


_ONE_OF_CFN = """\
Parameters:
  Zone: {Type: String, AllowedValues: [a, b]}
  GatewayId: {Type: String}
Conditions:
  InZoneB: !Equals [!Ref Zone, b]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}
  TableA:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  RouteA:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref TableA, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref GatewayId}
  TableB:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  RouteB:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref TableB, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref GatewayId}
  Association:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Subnet, RouteTableId: !If [InZoneB, !Ref TableB, !Ref TableA]}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: fn, VpcId: !Ref Vpc}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::111111111111:role/fn
      Code: {ZipFile: "def handler(e, c): pass"}
      VpcConfig: {SecurityGroupIds: [!Ref Sg], SubnetIds: [!Ref Subnet]}
"""

_ONE_OF_TF = """\
variable "zone" {
  type = number
}

variable "gateway_id" {
  type = string
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.0.0/24"
}

resource "aws_route_table" "private" {
  count  = 2
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = var.gateway_id
  }
}

resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.private[var.zone].id
}

resource "aws_security_group" "fn" {
  vpc_id = aws_vpc.main.id
}

resource "aws_lambda_function" "fn" {
  function_name = "report"
  role          = "arn:aws:iam::111111111111:role/report"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = [aws_subnet.app.id]
    security_group_ids = [aws_security_group.fn.id]
  }
}
"""


@pytest.mark.parametrize("name, text", [("t.yaml", _ONE_OF_CFN), ("main.tf", _ONE_OF_TF)])
def test_what_a_route_table_a_subnet_may_be_on_cannot_answer_is_explained(tmp_path, name, text):
    """A subnet on one of some route tables whose 0.0.0.0/0 routes go to a target that cannot be known (a parameter,
    a variable): whichever the table is, W9611 cannot tell whether it is public, and --explain says that target of
    each table, not which table the subnet is on (it was that alone, which hid the target)."""
    from lambda6lint.model import Function

    folder = tmp_path / "m"
    folder.mkdir()
    (folder / name).write_text(text)
    result = engine.lint([str(folder / name) if name.endswith(".yaml") else str(folder)])
    facts = [u.fact for u in result.undecided if isinstance(u.subject, Function)]
    assert len([f for f in facts if f.startswith("the target of the 0.0.0.0/0 route of route table ")]) == 2, facts
    assert not [f for f in facts if f.startswith("the route table of subnet")], facts


_PRIVATE_NAT64_CFN = """\
  PrivateNat:
    Type: AWS::EC2::NatGateway
    Properties: {ConnectivityType: private, SubnetId: !Ref PublicSubnet}
  RouteA64:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref RouteTableA, DestinationIpv6CidrBlock: 64:ff9b::/96, NatGatewayId: !Ref PrivateNat}
"""

_PRIVATE_NAT64_TF = """
resource "aws_nat_gateway" "private" {
  connectivity_type = "private"
  subnet_id         = aws_subnet.edge.id
}

resource "aws_route" "nat64_private" {
  route_table_id              = aws_route_table.private[0].id
  destination_ipv6_cidr_block = "64:ff9b::/96"
  nat_gateway_id              = aws_nat_gateway.private.id
}
"""


@pytest.mark.parametrize(
    "fixture, extra",
    [
        ("W9612/good-association-table-chosen-by-undecided-condition.yaml", _PRIVATE_NAT64_CFN),
        ("W9612/good-subnet-on-one-of-route-tables-one-with-nat64", _PRIVATE_NAT64_TF),
    ],
)
def test_route_tables_that_route_nat64_to_a_public_and_to_a_private_nat_gateway_are_named(tmp_path, fixture, extra):
    """DNS64 on a subnet on one of two route tables, both routing 64:ff9b::/96 to a NAT gateway: one public, one
    private (no public IPv4, no internet egress: aws-facts §12). Whether IPv4-only names are in reach over IPv6
    (W9631, I9640: `nat64_path`) cannot be known, and --explain says which table routes it where; both reach a NAT
    gateway, so it said nothing once the table's unknown alone was no longer said."""
    import shutil

    from conftest import FIXTURES

    from lambda6lint.model import Function

    source = FIXTURES / fixture
    if source.is_dir():
        shutil.copytree(source, tmp_path / "m")
        (tmp_path / "m" / "main.tf").write_text((source / "main.tf").read_text() + extra)
    else:
        (tmp_path / "m").mkdir()
        (tmp_path / "m" / "t.yaml").write_text(source.read_text() + extra)
    result = engine.lint([str(tmp_path / "m")])
    facts = [u.text for u in result.undecided if isinstance(u.subject, Function)]
    (found,) = [f for f in facts if f.startswith("the 64:ff9b::/96 route of subnet")]
    assert "which disagree (" in found
    assert " routes it to a NAT gateway" in found, found
    assert " routes it to a private NAT gateway, which is no internet egress" in found, found


_RESPONDER_CFN = """\
  Seed:
    Type: Custom::Seed
    Properties:
      ServiceToken: !GetAtt WebhookFunction.Arn
"""

_S3_ON_PRIVATE_CFN = """\
  S3Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref Vpc
      ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
      VpcEndpointType: Gateway
      RouteTableIds: [!Ref PrivateRouteTable]
"""


@pytest.mark.parametrize(("endpoint", "asked"), [("", True), (_S3_ON_PRIVATE_CFN, False)])
def test_a_responder_on_one_of_route_tables_is_asked_for_an_s3_endpoint_where_they_all_lack_one(
    tmp_path, endpoint, asked
):
    """W9650 asks for an S3 gateway endpoint first on the route tables of a function that answers custom resources
    (`Network.s3_endpoint_lacking`). WebhookFunction's only subnet is on one of two route tables: with no S3
    endpoint on either, it lacks one whichever it is, and is asked for it (it was not: only a known table was
    looked at). With one on one table only, they disagree: not asked for, and --explain says which has one."""
    from conftest import FIXTURES

    from lambda6lint.model import NatGateway

    source = (FIXTURES / "W9650" / "bad-nat-serving-a-subnet-on-one-of-its-route-tables.yaml").read_text()
    (tmp_path / "t.yaml").write_text(source.replace("Outputs:\n", f"{endpoint}{_RESPONDER_CFN}Outputs:\n", 1))
    result = engine.lint([str(tmp_path / "t.yaml")])
    [finding] = [f for f in result.findings if f.rule.id == "W9650"]
    step = "add a Gateway AWS::EC2::VPCEndpoint for S3 on the route tables of WebhookFunction, which answers"
    assert (step in finding.message) is asked, finding.message
    facts = [u.text for u in result.undecided if isinstance(u.subject, NatGateway)]
    if asked:
        assert not facts
    else:
        (found,) = facts
        assert found.startswith(
            "whether the route table of subnet PrivateSubnetB has an S3 gateway endpoint (function WebhookFunction, "
            "which answers custom resources, would need one first) cannot be known: its route table is one of "
            "PrivateRouteTableB, PrivateRouteTable, which disagree (PrivateRouteTableB has none; PrivateRouteTable "
            "has one)"
        ), found


_S3_ON_PRIVATE_TF = """
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.us-east-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}
"""


@pytest.mark.parametrize(("endpoint", "lacking"), [("", True), (_S3_ON_PRIVATE_TF, None)])
def test_a_terraform_subnet_on_one_of_route_tables_lacks_an_s3_endpoint_where_they_all_do(tmp_path, endpoint, lacking):
    """`Network.s3_endpoint_lacking_in` over Terraform (`var.zone_b ? private_b : private`): no S3 gateway endpoint
    on either table, the subnets lack one whichever it is; one on `private` only, they disagree: undecided, not
    counted either way (it looked at a known table only: None for both). Terraform has no custom resources, so
    W9650's responders cannot come up there; what it asks of a subnet's tables is the same."""
    import shutil

    from conftest import FIXTURES
    from test_terraform import network_of

    from lambda6lint.model import Subnet

    source = FIXTURES / "W9650" / "bad-nat-serving-a-subnet-on-one-of-its-route-tables"
    shutil.copytree(source, tmp_path / "m")
    (tmp_path / "m" / "main.tf").write_text((source / "main.tf").read_text() + endpoint)
    net = network_of(str(tmp_path / "m"))
    private = [s for s in net.of(Subnet) if "private" in s.name]
    assert len(private) == 2
    assert [net.s3_endpoint_lacking_in(s) for s in private] == [lacking, lacking]


_BEYOND = "it goes to a transit gateway, and whether that leads on to a public NAT gateway is decided beyond this run"
_NAT_TYPE_PARAMETER = "Parameters:\n  NatType:\n    Type: String\n    AllowedValues: [public, private]\nResources:\n"
_NAT_ALLOCATION = "      AllocationId: !GetAtt NatEip.AllocationId\n"
_NAT64_TO_NAT_TF = "    nat_gateway_id  = aws_nat_gateway.nat64.id\n"
_NAT_SUBNET_TF = "  subnet_id     = aws_subnet.public.id\n}\n"


def _nat_type_from_parameter(text: str) -> str:
    text = text.replace("Resources:\n", _NAT_TYPE_PARAMETER, 1)
    return text.replace(_NAT_ALLOCATION, f"{_NAT_ALLOCATION}      ConnectivityType: !Ref NatType\n", 1)


def _nat_type_from_variable(text: str) -> str:
    extra = '  connectivity_type = var.nat_type\n}\n\nvariable "nat_type" {\n  type = string\n}\n'
    return text.replace(_NAT_SUBNET_TF, _NAT_SUBNET_TF[:-2] + extra, 1)


@pytest.mark.parametrize(
    ("fixture", "edit", "where", "cause"),
    [
        (
            "good-dns64-nat64-reaches-ipv4.yaml",
            lambda t: t.replace("      NatGatewayId: !Ref Nat\n", "      TransitGatewayId: tgw-0123456789abcdef0\n"),
            "route table PrivateRt",
            _BEYOND,
        ),
        (
            "good-dns64-nat64-reaches-ipv4.yaml",
            _nat_type_from_parameter,
            "route table PrivateRt",
            "it goes to NAT gateway Nat, and its connectivity type comes from parameter `NatType`",
        ),
        (
            "good-dns64-nat64-reaches-ipv4",
            lambda t: t.replace(_NAT64_TO_NAT_TF, '    transit_gateway_id = "tgw-0123456789abcdef0"\n'),
            "route table aws_route_table.private",
            _BEYOND,
        ),
        (
            "good-dns64-nat64-reaches-ipv4",
            _nat_type_from_variable,
            "route table aws_route_table.private",
            "it goes to NAT gateway aws_nat_gateway.nat64, and its connectivity type comes from variable `nat_type`, "
            "which has no value (pass --var nat_type=",
        ),
    ],
)
def test_a_nat64_route_whose_internet_reach_cannot_be_known_is_explained(tmp_path, fixture, edit, where, cause):
    """A function with IPv6-only egress whose subnets have DNS64 on and route 64:ff9b::/96 to a transit gateway, or
    to a NAT gateway whose connectivity type a parameter or variable gives: whether IPv4-only names are in reach
    (`nat64_path`: W9631, I9640) cannot be known (only a public NAT gateway reaches public IPv4: aws-facts §12), and
    --explain said nothing of it, for a subnet whose route table is known."""
    (found,) = _w9631_edited(tmp_path, fixture, edit)
    said = f"whether the 64:ff9b::/96 route of {where} reaches the internet (NAT64) cannot be known: {cause}"
    assert found.startswith(said), found


@pytest.mark.parametrize(
    ("fixture", "nat", "tgw", "table"),
    [
        (
            "W9612/good-association-table-chosen-by-undecided-condition.yaml",
            "      NatGatewayId: !Ref NatGateway\n",
            "      TransitGatewayId: tgw-0123456789abcdef0\n",
            "RouteTableB",
        ),
        (
            "W9612/good-subnet-on-one-of-route-tables-one-with-nat64",
            "  nat_gateway_id              = aws_nat_gateway.main.id\n",
            '  transit_gateway_id          = "tgw-0123456789abcdef0"\n',
            "aws_route_table.private[1]",
        ),
    ],
)
def test_route_tables_that_disagree_on_nat64_name_where_each_routes_it(tmp_path, fixture, nat, tgw, table):
    """A subnet with DNS64 on one of two route tables, one without a 64:ff9b::/96 route, the other routing it to a
    transit gateway: the disagreement said that table "routes it to a NAT gateway". It names the route's target."""
    import shutil

    from conftest import FIXTURES

    from lambda6lint.model import Function

    source = FIXTURES / fixture
    if source.is_dir():
        shutil.copytree(source, tmp_path / "m")
        text = (source / "main.tf").read_text()
        assert nat in text
        (tmp_path / "m" / "main.tf").write_text(text.replace(nat, tgw))
    else:
        (tmp_path / "m").mkdir()
        text = source.read_text()
        assert nat in text
        (tmp_path / "m" / "t.yaml").write_text(text.replace(nat, tgw))
    result = engine.lint([str(tmp_path / "m")])
    facts = [u.text for u in result.undecided if isinstance(u.subject, Function)]
    (found,) = [f for f in facts if f.startswith("the 64:ff9b::/96 route of subnet")]
    assert f"{table} routes it to a transit gateway" in found, found
    assert " routes it to a NAT gateway" not in found, found


def test_a_route_table_that_many_subnets_may_be_on_names_some_and_counts_the_rest(tmp_path):
    """Twelve subnets each on one of two route tables, one of them the NAT gateway's: the NAT gateway's explanation
    gives the first eight subnets' reasons and counts the rest (N subnets on one of N tables gave N² lines, 1.4 GB
    for a plan of 2,000)."""
    nat = (
        NAT
        + """
  Other:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
"""
    )
    for i in range(12):
        nat += (
            f"  S{i}:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n"
            f"      CidrBlock: 10.0.{100 + i}.0/24\n"
            f"  A{i}:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties:\n      SubnetId: !Ref S{i}\n"
            "      RouteTableId: !If [IsProd, !Ref Table, !Ref Other]\n"
        )
    got = [line for line in explain(tmp_path, f"SubnetIds: [!Ref Subnet]\n{SG}", extra=nat) if " Nat: " in line]
    named = [line for line in got if "the route table of subnet S" in line]
    assert len({line.split("subnet ")[1].split()[0] for line in named}) == 8, got
    assert any(
        "which subnets use route table Table cannot be known: 4 subnets besides the 8 above may be on it" in line
        for line in got
    ), got


_NAT64_ROUTE_CFN = "  Nat64Route:\n    Type: AWS::EC2::Route\n"
_NAT64_ROUTE_TF = (
    '  route {\n    ipv6_cidr_block = "64:ff9b::/96"\n    nat_gateway_id  = aws_nat_gateway.nat64.id\n  }\n'
)


def _nat64_route_on_condition(text: str) -> str:
    condition = "Conditions:\n  UseNat64: !Equals [!Ref Nat64, 'yes']\n"
    text = text.replace("Resources:\n", f"Parameters:\n  Nat64:\n    Type: String\n{condition}Resources:\n", 1)
    return text.replace(_NAT64_ROUTE_CFN, f"{_NAT64_ROUTE_CFN}    Condition: UseNat64\n", 1)


def _exported_table_with_igw(text: str) -> str:
    """The function's route table exported (other stacks may add routes to it), and 0.0.0.0/0 to the internet
    gateway, which gives Lambda no IPv4 (W9611): its egress is IPv6 only, and NAT64 decides IPv4-only names."""
    v4 = "      DestinationCidrBlock: 0.0.0.0/0\n      GatewayId: !Ref Igw\n"
    route = "  V4Default:\n    Type: AWS::EC2::Route\n    DependsOn: IgwAttach\n    Properties:\n"
    text = text.replace("  AssocA:\n", f"{route}      RouteTableId: !Ref PrivateRt\n{v4}  AssocA:\n", 1)
    return text + "Outputs:\n  Rt:\n    Value: !Ref PrivateRt\n    Export:\n      Name: Net-PrivateRt\n"


def _nat64_route_counted(text: str) -> str:
    route = (
        'resource "aws_route" "nat64" {\n  count                       = var.nat64 ? 1 : 0\n'
        "  route_table_id              = aws_route_table.private.id\n"
        '  destination_ipv6_cidr_block = "64:ff9b::/96"\n  nat_gateway_id              = aws_nat_gateway.nat64.id\n}\n'
    )
    return text.replace(_NAT64_ROUTE_TF, "", 1) + f'\nvariable "nat64" {{\n  type = bool\n}}\n\n{route}'


def _nat64_destination_from_variable(text: str) -> str:
    text = text.replace('ipv6_cidr_block = "64:ff9b::/96"', "ipv6_cidr_block = var.nat64_cidr", 1)
    return text + '\nvariable "nat64_cidr" {\n  type = string\n}\n'


@pytest.mark.parametrize(
    ("fixture", "edit", "said"),
    [
        (
            "good-dns64-nat64-reaches-ipv4.yaml",
            _nat64_route_on_condition,
            "the 64:ff9b::/96 route of route table PrivateRt cannot be known: AWS::EC2::Route Nat64Route exists only "
            "if condition `UseNat64`, which depends on parameter `Nat64` (pass its value",
        ),
        (
            "good-dns64-nat64-reaches-ipv4.yaml",
            _exported_table_with_igw,
            "the 64:ff9b::/96 route of route table PrivateRt cannot be known: route table PrivateRt is exported as "
            "`Net-PrivateRt`, and any stack that imports it may add to it",
        ),
        (
            "good-dns64-nat64-reaches-ipv4",
            _nat64_route_counted,
            "the 64:ff9b::/96 route of route table aws_route_table.private cannot be known: aws_route.nat64[*] exists "
            "in a number of instances that comes from variable `nat64`, which has no value (pass --var nat64=",
        ),
        (
            "good-dns64-nat64-reaches-ipv4",
            _nat64_destination_from_variable,
            "the destination of the route {} of aws_route_table.private comes from variable `nat64_cidr`, which has "
            "no value (pass --var nat64_cidr=",
        ),
    ],
)
def test_a_nat64_route_that_may_be_otherwise_is_explained(tmp_path, fixture, edit, said):
    """A function with IPv6-only egress whose subnets have DNS64 on, where the route table's 64:ff9b::/96 route may
    not exist (a condition, a count), its destination cannot be known, or routes from beyond the run may be added to
    the table (exported): whether IPv4-only names are in reach (`nat64_path`: W9631, I9640) cannot be known, and
    --explain said nothing of it (or, for a Terraform route block's destination, not why)."""
    facts = _w9631_edited(tmp_path, fixture, edit)
    assert any(fact.startswith(said) for fact in facts), facts


def test_a_less_specific_route_that_may_not_exist_leaves_the_nat64_route_decided(tmp_path):
    """A sure 64:ff9b::/96 route to a NAT gateway, and a 64:ff9b::/64 route (it covers the /96 too) on a condition:
    routes match by longest prefix, so whether the /64 exists never changes where DNS64's addresses go. It made the
    table's NAT64 route doubtful, and the function (W9631, I9640) not fully checked."""
    from conftest import FIXTURES

    from lambda6lint.model import Function

    text = (FIXTURES / "W9631" / "good-dns64-nat64-reaches-ipv4.yaml").read_text()
    wider = (
        "  Nat64Wide:\n    Type: AWS::EC2::Route\n    Condition: Wide\n    Properties:\n"
        "      RouteTableId: !Ref PrivateRt\n      DestinationIpv6CidrBlock: 64:ff9b::/64\n"
        "      EgressOnlyInternetGatewayId: !Ref Eigw\n"
    )
    condition = "Conditions:\n  Wide: !Equals [!Ref Wide, 'yes']\n"
    text = text.replace("Resources:\n", f"Parameters:\n  Wide:\n    Type: String\n{condition}Resources:\n", 1)
    (tmp_path / "t.yaml").write_text(text.replace("  FnRole:\n", f"{wider}  FnRole:\n", 1))
    result = engine.lint([str(tmp_path / "t.yaml")])
    assert not [u.text for u in result.undecided if isinstance(u.subject, Function)]
    assert [f.rule.id for f in result.findings] == ["I9660"]  # (as without the /64: no W9631, no I9640)


def _w9631_edited(tmp_path, fixture: str, edit) -> list[str]:
    """What --explain says of the functions of W9631's `fixture` (a template, or a module's main.tf), edited."""
    import shutil

    from conftest import FIXTURES

    from lambda6lint.model import Function

    source = FIXTURES / "W9631" / fixture
    if source.is_dir():
        shutil.copytree(source, tmp_path / "m")
        text = (source / "main.tf").read_text()
        (tmp_path / "m" / "main.tf").write_text(edit(text))
    else:
        (tmp_path / "m").mkdir()
        text = source.read_text()
        (tmp_path / "m" / "t.yaml").write_text(edit(text))
    assert edit(text) != text
    result = engine.lint([str(tmp_path / "m")])
    return [u.text for u in result.undecided if isinstance(u.subject, Function)]


def test_a_conditional_route_holding_dns64s_prefix_says_its_condition(tmp_path):
    """A NAT gateway whose route to 64:ff9b::/64 (which holds DNS64's /96) exists only under a condition may be a
    NAT64: W9650 stays silent, and --explain says which condition decides it."""
    texts = _nat64_route_edited(
        tmp_path,
        "  Nat64: {Type: String}\nConditions:\n  UseNat64: !Equals [!Ref Nat64, 'yes']\n",
        ("    Type: AWS::EC2::Route\n", "    Type: AWS::EC2::Route\n    Condition: UseNat64\n"),
    )
    assert (
        "NAT64 route PrivateNat64Route exists only if condition `UseNat64`, which depends on parameter `Nat64` "
        "(pass its value to decide it; lambda6lint assumes no Default in a condition)"
    ) in texts, texts


def test_a_nat64_route_that_may_be_to_the_nat_gateway_says_what_decides_it(tmp_path):
    """A route holding DNS64's prefix whose target is `!If [C, !Ref NatGateway, !Ref SharedNat]` may make the NAT
    gateway a NAT64: W9650 stays silent, and --explain said nothing of why (the route is not linked to it)."""
    texts = _nat64_route_edited(
        tmp_path,
        "  Nat64: {Type: String}\n  SharedNat: {Type: String}\nConditions:\n  OwnNat64: !Equals [!Ref Nat64, 'own']\n",
        ("NatGatewayId: !Ref NatGateway", "NatGatewayId: !If [OwnNat64, !Ref NatGateway, !Ref SharedNat]"),
    )
    assert (
        "whether route PrivateNat64Route sends 64:ff9b::/64, which holds DNS64's 64:ff9b::/96, to it depends on "
        "condition `OwnNat64`, which depends on parameter `Nat64` (pass its value to decide it; lambda6lint assumes "
        "no Default in a condition)"
    ) in texts, texts


def _nat64_route_edited(tmp_path, parameters: str, edit: tuple[str, str]) -> set[str]:
    """W9650's good-nat64-route-holding-the-prefix.yaml with `parameters` (and conditions) and its NAT64 route edited
    (`edit`'s first text replaced, once, from the route on): what --explain says of the NAT gateway, W9650 silent."""
    template = (ROOT / "fixtures" / "W9650" / "good-nat64-route-holding-the-prefix.yaml").read_text()
    template = template.replace("Resources:", f"Parameters:\n{parameters}Resources:", 1)
    route = template.index("  PrivateNat64Route:")
    template = template[:route] + template[route:].replace(*edit, 1)
    (tmp_path / "t.yaml").write_text(template)
    result = engine.lint([str(tmp_path)])
    assert not [f for f in result.findings if f.rule.id == "W9650"]
    return {u.text for u in result.undecided if u.subject.id == "NatGateway"}


@pytest.mark.parametrize(
    ("fixture", "said"),
    [
        (
            "W9650/good-nat-route-to-a-gateway-of-unknown-count",
            "whether the route {} for 0.0.0.0/0 of aws_route_table.private goes to it refers to `aws_nat_gateway.nat`",
        ),
        (
            "W9650/good-nat-route-target-from-a-local.tfplan.json",
            "whether the route {} for 0.0.0.0/0 of aws_route_table.private goes to it is known only after apply",
        ),
        (
            "W9650/good-nat64-route-through-a-local-beside-another-nat.tfplan.json",
            "whether the route {} for 64:ff9b::/96 of aws_route_table.batch goes to it is known only after apply",
        ),
        (
            "W9610/good-inline-ipv6-route-destination-unknown.tfplan.json",
            "the destination of the route {} of aws_route_table.private is known only after apply",
        ),
    ],
)
def test_explain_names_an_inline_route_as_its_code_reads(fixture, said):
    """--explain named an inline `route {}` by its id (`aws_route_table.private.route[1]`), a count of blocks no code
    writes, where W9650, I9651 and the plan say `the route {} for 0.0.0.0/0 of aws_route_table.private`
    (`migration.called`): it says the same, its destination once (`goes to it`) where the fact names it."""
    texts = [u.text for u in engine.lint([str(ROOT / "fixtures" / fixture)]).undecided]
    assert any(text.startswith(said) for text in texts), texts
    assert not [text for text in texts if ".route[" in text], texts


NESTED_IF = {
    "nested": (
        "RouteTableId: !If [IsA, !Ref RouteTable2, !If [IsB, !Ref RouteTable2, !Ref RouteTable]]",
        "whose route table depends on conditions `IsA`, `IsB`: `IsA` depends on parameter `Mode` (pass its value to "
        "decide it; lambda6lint assumes no Default in a condition); `IsB` depends on parameter `Other` (pass its "
        "value to decide it; lambda6lint assumes no Default in a condition)",
    ),
    "and": (
        "RouteTableId: !If [BothBC, !Ref RouteTable2, !Ref RouteTable]",
        "whose route table depends on condition `BothBC`, which depends on conditions `IsB`, `IsC`, so it depends on "
        "parameters `Other`, `Third` (pass their values to decide it; lambda6lint assumes no Default in a condition)",
    ),
}


@pytest.mark.parametrize("case", sorted(NESTED_IF))
@pytest.mark.parametrize("given", [False, True])
def test_explain_names_every_condition_nested_fn_ifs_and_their_conditions_depend_on(tmp_path, case, given):
    """`Fn::If [A, x, Fn::If [B, y, z]]` is decided by A and B, and a condition `Fn::And` of two by both: --explain
    named the first alone (`IsA`; `BothBC` and its parameters), leaving the user to find the rest. A condition a
    passed value decides is no longer named (`--parameter Mode=b`: `IsB` alone decides the nested one)."""
    fixture = ROOT / "fixtures" / "W9610" / "good-route-table-chosen-by-undecided-condition.yaml"
    text = fixture.read_text().replace(
        "  IsA: !Equals [!Ref Mode, a]\n",
        "  IsA: !Equals [!Ref Mode, a]\n  IsB: !Equals [!Ref Other, b]\n  IsC: !Equals [!Ref Third, c]\n"
        "  BothBC: !And [!Condition IsB, !Condition IsC]\n",
    )
    text = text.replace("Parameters:\n", "Parameters:\n  Other:\n    Type: String\n  Third:\n    Type: String\n", 1)
    written, said = NESTED_IF[case]
    text = text.replace("RouteTableId: !If [IsA, !Ref RouteTable2, !Ref RouteTable]", written)
    assert written in text
    path = tmp_path / "template.yaml"
    path.write_text(text)
    result = engine.lint([str(path)], engine.Options(parameters=[ParameterSet({"Mode": "b"})] if given else []))
    texts = [u.text for u in result.undecided if u.fact.startswith("the ::/0 route")]
    if given and case == "nested":
        said = (
            "whose route table depends on condition `IsB`, which depends on parameter `Other` (pass its value to "
            "decide it; lambda6lint assumes no Default in a condition)"
        )
    assert texts and all(said in t for t in texts), texts


@pytest.mark.parametrize(
    ("value", "conditions"),
    [
        (
            "!If [UseUploads, !Ref UploadsBucket, !If [UseArchive, !Ref UploadsBucket, none]]",
            "`UseUploads`, `UseArchive`",
        ),
        ("!If [UseUploads, none, !If [UseArchive, !Ref UploadsBucket, none]]", "`UseUploads`, `UseArchive`"),
        ("!If [UseArchive, !If [UseUploads, !Ref UploadsBucket, none], none]", "`UseArchive`, `UseUploads`"),
    ],
)
def test_an_environment_variable_naming_a_store_under_nested_conditions_names_each(tmp_path, value, conditions):
    """A store an environment variable names under nested `Fn::If`s is named where all their conditions decide
    so, and --explain says each of them and what decides it (it said the first condition found alone: 'only if
    condition `UseUploads` holds', wrong where UseArchive names the bucket too, or alone where it takes both)."""
    text = (ROOT / "fixtures" / "W9630" / "good-env-ref-bucket-under-undecided-condition.yaml").read_text()
    text = text.replace(
        "Conditions:\n",
        "  KeepArchive:\n    Type: String\nConditions:\n  UseArchive: !Equals [!Ref KeepArchive, 'yes']\n",
        1,
    )
    old = "UPLOAD_BUCKET: !If [UseUploads, !Ref UploadsBucket, none]"
    assert old in text
    (tmp_path / "t.yaml").write_text(text.replace(old, f"UPLOAD_BUCKET: {value}"))
    result = engine.lint([str(tmp_path)])
    assert "W9630" not in {f.rule.id for f in result.findings}
    why = {
        "UseUploads": "depends on parameter `EnableUploads` (pass its value to decide it; lambda6lint assumes no "
        "Default in a condition)",
        "UseArchive": "depends on parameter `KeepArchive` (pass its value to decide it; lambda6lint assumes no "
        "Default in a condition)",
    }
    first, second = (name.strip("`") for name in conditions.split(", "))
    assert (
        "whether it uses S3 cannot be known: its environment variable `UPLOAD_BUCKET` names UploadsBucket only "
        f"where conditions {conditions} decide so: `{first}` {why[first]}; `{second}` {why[second]}"
    ) in {u.text for u in result.undecided}


SUBNET2 = """\
  Subnet2:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.2.0/24
"""


@pytest.mark.parametrize(
    ("subnets", "known"),
    [
        ("!If [IsProd, [!Ref Subnet, !Ref Subnet2], [!GetAtt Subnet2.SubnetId, !Ref Subnet]]", True),
        ("!If [IsProd, [!Ref Subnet2, !Ref Subnet], !If [IsProd, [!Ref Subnet, !Ref Subnet2], [!Ref Subnet2]]]", False),
        ("!If [IsProd, [!Ref Subnet, !Ref Subnet2], [!Ref Subnet]]", False),
        ("!If [IsProd, [!Ref Subnet, !Ref Subnet2], !Ref AWS::NoValue]", False),
    ],
)
def test_a_subnet_list_an_undecided_fn_if_picks_is_known_only_where_both_branches_name_the_same_subnets(
    tmp_path, subnets, known
):
    """RULES.md: `Fn::If` is known only when both branches agree; a list of subnets agrees whatever its order or
    form. Branches naming other subnets stay unknown, and --explain names the condition that decides them."""
    got = explain(tmp_path, f"SubnetIds: {subnets}\n{SG}", SUBNET2)
    said = [line for line in got if "subnet list" in line]
    if known:
        assert not said, got
    else:
        assert [line.split(" ", 1)[1] for line in said] == [
            "Fn: the subnet list depends on condition `IsProd`, which depends on parameter `Env` (pass its value to "
            "decide it; lambda6lint assumes no Default in a condition)"
        ], got


@pytest.mark.parametrize(
    ("fixture", "said"),
    [
        ("bad-subnets-conditional-same-in-both-branches", None),
        (
            "good-subnets-conditional-branches-name-other-subnets",
            "the subnet list comes from variable `reverse_zone_order`, which has no value (pass --var "
            "reverse_zone_order=… or a .tfvars file)",
        ),
    ],
)
def test_a_terraform_subnet_list_a_conditional_picks_is_known_only_where_both_branches_name_the_same_subnets(
    fixture, said
):
    result = engine.lint([str(ROOT / "fixtures" / "E9602" / fixture)])
    got = [u.text for u in result.undecided if "subnet list" in u.text]
    assert got == ([said] if said else []), got
    assert bool([f for f in result.findings if f.rule.id == "E9602"]) == (said is None)
