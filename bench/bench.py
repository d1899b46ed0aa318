#!/usr/bin/env python3
"""Benchmark lambda6lint against its budgets (ARCHITECTURE.md "Budgets", issue #14), side by side
with the parsers it builds on and with cfn-lint and checkov where they are installed.

A script, not a test: timings depend on the machine, so nothing here fails a build. It generates
inputs into a temporary folder (realistic CloudFormation templates of ~230 lines, every file
different; their JSON forms; a CDK cloud assembly; a Terraform module; a Terraform plan) and times
whole processes, interpreter start-up included. The commands of a measure run in turn (A B A B …,
after one warm-up round), so load from other work on the machine falls on all of them alike;
it reports medians of CPU seconds (user+sys, the robust number on a shared machine) and of wall
time, each process pinned to one CPU except the `--jobs` runs:

  small      python -m lambda6lint small.yaml (and small.json)  vs  python -c pass, cfn-lint, checkov
  yaml       --files templates  vs  a bare yaml.load (CSafeLoader) of the same files that builds the
             CloudFormation tags' long forms ({"Ref": x}, {"Fn::GetAtt": [...]}), and raw libyaml
  json       the same templates as JSON  vs  json.loads of the same files
  cdk        a cloud assembly of --stacks stacks as `cdk synth` writes it (templates with aws:cdk:path,
             metadata files, asset manifests, tree.json)  vs  json.loads of its manifest and templates
  plan       a `terraform show -json` plan of --plan-mb MB  vs  json.loads of it
  terraform  a module of --tf-files files  vs  python-hcl2's own parse (hcl2.load) of them; and
             --tf-roots small root modules: the memory a run keeps per root
  jobs       the templates with --jobs 1 and --jobs 2 (wall time: the speed-up)
  memory     peak RSS for --files and --many templates; what each template adds
  peers      cfn-lint (and checkov) over a --subset of the templates, extrapolated

Usage: python bench/bench.py [--runs 5] [--only yaml,json,…] [--readme README.md] [--against REF]
Use the interpreter that has lambda6lint installed (e.g. .venv/bin/python): it runs
`sys.executable -m lambda6lint` (the small template: the `lambda6lint` console script beside it, as
users and pre-commit run it, when there is one), so it measures the installed package; every process
runs in the temporary folder, where no source tree shadows it. `--readme` rewrites the table between
the README's `bench:start`/`bench:end` markers; published numbers need a regular install (`pip
install .`): an editable one's import hook runs at every start-up, `python -c pass` included, which
raises the floor and hides part of our own start-up (the output says so when it finds one).

`--against REF` (a commit or branch of this repository, or another lambda6lint source tree) is the
guard against slow drift, each change a few percent that no budget catches: the measures time REF's
lambda6lint in the same rounds as this tree's (both from source on PYTHONPATH, both `python -m`) and
print REF's median, this tree's and the change, and whether both found the same number of problems
(a speed comparison of different work is not one).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pathlib
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

# ----- budgets (ARCHITECTURE.md) -------------------------------------------------------------------

SMALL_BUDGET_S = 0.040  # issue #14 (ARCHITECTURE.md: 0.100)
FOLDER_BUDGET_S = 5.0
YAML_RATIO_BUDGET = 1.2  # issue #14: over a bare load that builds the tags (ARCHITECTURE.md: 1.5)
JSON_RATIO_BUDGET = 3.0  # issue #14: over json.loads of the same files
TF_RATIO_BUDGET = 1.2  # issue #14: over python-hcl2's own parse
PLAN_BUDGET_S = 5.0  # issue #14: a 100 MB plan
JOBS_SPEEDUP_BUDGET = 1.8  # issue #14: --jobs 2 over --jobs 1 on 2 cores
RSS_BUDGET_MB = 200.0  # 1,000 templates
PER_TEMPLATE_KB_BUDGET = 20.0  # issue #14: memory kept per standalone template
MANY_RSS_BUDGET_MB = 250.0  # issue #14: 10,000 templates
BUDGET_FILES = 1000  # the folder and memory budgets are stated for 1,000 templates

# ----- template generation -------------------------------------------------------------------------

RUNTIMES = ("python3.12", "python3.11", "nodejs22.x", "java21", "python3.13", "java17")
ENVS = ("dev", "test", "staging", "prod")

SMALL_TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Description: One VPC function in a dual-stack subnet.
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  VpcIpv6:
    Type: AWS::EC2::VPCCidrBlock
    Properties:
      VpcId: !Ref Vpc
      AmazonProvidedIpv6CidrBlock: true
  Subnet:
    Type: AWS::EC2::Subnet
    DependsOn: VpcIpv6
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]
      AvailabilityZone: !Select [0, !GetAZs ""]
  FunctionSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: function
      VpcId: !Ref Vpc
  FunctionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt FunctionRole.Arn
      Code:
        ZipFile: "def handler(event, context):\\n    return 'ok'\\n"
      VpcConfig:
        SubnetIds: [!Ref Subnet]
        SecurityGroupIds: [!Ref FunctionSecurityGroup]
"""


def template(i: int) -> str:
    """A ~200-line stack: dual-stack VPC, NAT and egress-only gateways, two VPC functions.

    Varied by index (CIDRs, names, runtimes, which subnet is IPv4-only, optional endpoint) so no two
    files are the same and the linter finds a realistic mix of findings.
    """
    o2 = i % 250
    env = ENVS[i % len(ENVS)]
    rt1, rt2 = RUNTIMES[i % len(RUNTIMES)], RUNTIMES[(i + 3) % len(RUNTIMES)]
    mem1, mem2 = 128 * (1 + i % 8), 128 * (1 + (i * 7) % 8)
    handler1 = "index.handler" if "java" not in rt1 else "example.Handler::handleRequest"
    handler2 = "index.handler" if "java" not in rt2 else "example.Handler::handleRequest"
    b_ipv6 = (
        "      Ipv6CidrBlock: !Select [3, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 6, 64]]\n"
        "      AssignIpv6AddressOnCreation: true\n"
        if i % 2
        else ""
    )
    flag2 = "!If [UseIpv6Egress, true, false]" if i % 4 == 0 else ("true" if i % 4 == 1 else "false")
    endpoint = (
        """
  S3GatewayEndpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref Vpc
      ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
      VpcEndpointType: Gateway
      RouteTableIds:
        - !Ref PrivateRouteTable
"""
        if i % 3 == 0
        else ""
    )
    return f"""\
AWSTemplateFormatVersion: "2010-09-09"
Description: Orders service {i} ({env}) - dual-stack VPC with two VPC Lambda functions.

Parameters:
  Environment:
    Type: String
    Default: {env}
    AllowedValues: [dev, test, staging, prod]
  EnableIpv6Egress:
    Type: String
    Default: "{"true" if i % 5 else "false"}"
    AllowedValues: ["true", "false"]

Conditions:
  IsProd: !Equals [!Ref Environment, prod]
  UseIpv6Egress: !Equals [!Ref EnableIpv6Egress, "true"]

Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.{o2}.0.0/16
      EnableDnsSupport: true
      EnableDnsHostnames: true
  VpcIpv6Cidr:
    Type: AWS::EC2::VPCCidrBlock
    Properties:
      VpcId: !Ref Vpc
      AmazonProvidedIpv6CidrBlock: true
  InternetGateway:
    Type: AWS::EC2::InternetGateway
  GatewayAttachment:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties:
      VpcId: !Ref Vpc
      InternetGatewayId: !Ref InternetGateway
  EgressOnlyGateway:
    Type: AWS::EC2::EgressOnlyInternetGateway
    Properties:
      VpcId: !Ref Vpc
  PublicSubnet:
    Type: AWS::EC2::Subnet
    DependsOn: VpcIpv6Cidr
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 6, 8]]
      Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 6, 64]]
      AvailabilityZone: !Select [0, !GetAZs ""]
      MapPublicIpOnLaunch: true
  PrivateSubnetA:
    Type: AWS::EC2::Subnet
    DependsOn: VpcIpv6Cidr
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [1, !Cidr [!GetAtt Vpc.CidrBlock, 6, 8]]
      Ipv6CidrBlock: !Select [1, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 6, 64]]
      AvailabilityZone: !Select [0, !GetAZs ""]
  PrivateSubnetB:
    Type: AWS::EC2::Subnet
    DependsOn: VpcIpv6Cidr
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [2, !Cidr [!GetAtt Vpc.CidrBlock, 6, 8]]
{b_ipv6}      AvailabilityZone: !Select [1, !GetAZs ""]
  PublicRouteTable:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  PublicDefaultRoute:
    Type: AWS::EC2::Route
    DependsOn: GatewayAttachment
    Properties:
      RouteTableId: !Ref PublicRouteTable
      DestinationCidrBlock: 0.0.0.0/0
      GatewayId: !Ref InternetGateway
  PublicIpv6Route:
    Type: AWS::EC2::Route
    DependsOn: GatewayAttachment
    Properties:
      RouteTableId: !Ref PublicRouteTable
      DestinationIpv6CidrBlock: ::/0
      GatewayId: !Ref InternetGateway
  PublicSubnetAssociation:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref PublicSubnet
      RouteTableId: !Ref PublicRouteTable
  NatEip:
    Type: AWS::EC2::EIP
    DependsOn: GatewayAttachment
    Properties:
      Domain: vpc
  NatGateway:
    Type: AWS::EC2::NatGateway
    Properties:
      AllocationId: !GetAtt NatEip.AllocationId
      SubnetId: !Ref PublicSubnet
  PrivateRouteTable:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  PrivateNatRoute:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref PrivateRouteTable
      DestinationCidrBlock: 0.0.0.0/0
      NatGatewayId: !Ref NatGateway
  PrivateIpv6Route:
    Type: AWS::EC2::Route
    Condition: UseIpv6Egress
    Properties:
      RouteTableId: !Ref PrivateRouteTable
      DestinationIpv6CidrBlock: ::/0
      EgressOnlyInternetGatewayId: !Ref EgressOnlyGateway
  PrivateSubnetAAssociation:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref PrivateSubnetA
      RouteTableId: !Ref PrivateRouteTable
  PrivateSubnetBAssociation:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref PrivateSubnetB
      RouteTableId: !Ref PrivateRouteTable
{endpoint}
  FunctionSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: Orders {i} functions
      VpcId: !Ref Vpc
      SecurityGroupEgress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 0.0.0.0/0
        - !If
          - UseIpv6Egress
          - IpProtocol: tcp
            FromPort: 443
            ToPort: 443
            CidrIpv6: ::/0
          - !Ref AWS::NoValue
  OrdersBucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: !If [IsProd, Enabled, Suspended]
  FunctionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole
      Policies:
        - PolicyName: orders-{i}-data
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action:
                  - s3:GetObject
                  - s3:PutObject
                Resource: !Sub ${{OrdersBucket.Arn}}/*
  IngestFunction:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub orders-{i}-ingest-${{Environment}}
      Runtime: {rt1}
      Handler: {handler1}
      MemorySize: {mem1}
      Timeout: {10 + i % 50}
      Role: !GetAtt FunctionRole.Arn
      Code:
        S3Bucket: !Sub artifacts-${{AWS::AccountId}}-${{AWS::Region}}
        S3Key: orders/{i}/ingest.zip
      Environment:
        Variables:
          BUCKET: !Ref OrdersBucket
          STAGE: !Ref Environment
      VpcConfig:
        SubnetIds:
          - !Ref PrivateSubnetA
          - !Ref PrivateSubnetB
        SecurityGroupIds:
          - !Ref FunctionSecurityGroup
        Ipv6AllowedForDualStack: true
  ReportFunction:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub orders-{i}-report-${{Environment}}
      Runtime: {rt2}
      Handler: {handler2}
      MemorySize: {mem2}
      Timeout: !If [IsProd, 60, 30]
      Role: !GetAtt FunctionRole.Arn
      Code:
        S3Bucket: !Sub artifacts-${{AWS::AccountId}}-${{AWS::Region}}
        S3Key: orders/{i}/report.zip
      Environment:
        Variables:
          BUCKET: !Ref OrdersBucket
          AWS_USE_DUALSTACK_ENDPOINT: "{"true" if i % 2 else "false"}"
      VpcConfig:
        SubnetIds:
          - !Ref PrivateSubnetA
        SecurityGroupIds:
          - !Ref FunctionSecurityGroup
        Ipv6AllowedForDualStack: {flag2}

Outputs:
  VpcId:
    Value: !Ref Vpc
  PrivateSubnets:
    Value: !Join [",", [!Ref PrivateSubnetA, !Ref PrivateSubnetB]]
  IngestFunctionArn:
    Value: !GetAtt IngestFunction.Arn
  ReportFunctionArn:
    Condition: IsProd
    Value: !GetAtt ReportFunction.Arn
"""


TF_NETWORK = """\
resource "aws_vpc" "main" {
  cidr_block                       = var.cidr
  assign_generated_ipv6_cidr_block = var.enable_ipv6
}

variable "cidr" {
  type    = string
  default = "10.0.0.0/16"
}

variable "enable_ipv6" {
  type    = bool
  default = true
}

resource "aws_egress_only_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}
"""


def terraform_file(i: int) -> str:
    """One of the module's files: a counted subnet pair, its route table, a group and a function."""
    flag = ("true", "false", "var.enable_ipv6")[i % 3]
    return f"""\
locals {{
  azs_{i} = ["us-east-1a", "us-east-1b"]
}}

resource "aws_subnet" "app_{i}" {{
  count           = length(local.azs_{i})
  vpc_id          = aws_vpc.main.id
  cidr_block      = cidrsubnet(aws_vpc.main.cidr_block, 8, {(2 * i) % 250} + count.index)
  ipv6_cidr_block = var.enable_ipv6 ? cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, {(2 * i) % 250} + count.index) : null
  availability_zone = local.azs_{i}[count.index]
}}

resource "aws_route_table" "app_{i}" {{
  vpc_id = aws_vpc.main.id

  route {{
    ipv6_cidr_block        = "::/0"
    egress_only_gateway_id = aws_egress_only_internet_gateway.main.id
  }}
}}

resource "aws_route_table_association" "app_{i}" {{
  count          = length(local.azs_{i})
  subnet_id      = aws_subnet.app_{i}[count.index].id
  route_table_id = aws_route_table.app_{i}.id
}}

resource "aws_security_group" "app_{i}" {{
  name_prefix = "app-{i}-"
  vpc_id      = aws_vpc.main.id

  egress {{
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = {'["::/0"]' if i % 2 else "[]"}
  }}
}}

resource "aws_lambda_function" "app_{i}" {{
  function_name = "app-{i}"
  role          = "arn:aws:iam::123456789012:role/app"
  runtime       = "{RUNTIMES[i % len(RUNTIMES)]}"
  handler       = "index.handler"
  filename      = "build/app-{i}.zip"

  environment {{
    variables = {{
      STAGE = "{ENVS[i % len(ENVS)]}"
    }}
  }}

  vpc_config {{
    subnet_ids                  = aws_subnet.app_{i}[*].id
    security_group_ids          = [aws_security_group.app_{i}.id]
    ipv6_allowed_for_dual_stack = {flag}
  }}
}}
"""


def generate_terraform(folder: pathlib.Path, files: int) -> pathlib.Path:
    """A Terraform module of `files` files (one of them the shared network)."""
    module = folder / "terraform"
    module.mkdir(parents=True, exist_ok=True)
    (module / "network.tf").write_text(TF_NETWORK)
    for i in range(files - 1):
        (module / f"app_{i:03d}.tf").write_text(terraform_file(i))
    return module


def generate_roots(folder: pathlib.Path, roots: int) -> pathlib.Path:
    """A monorepo of `roots` small Terraform root modules (the network and three functions' files each)."""
    repo = folder / f"roots-{roots}"
    for r in range(roots):
        generate_terraform(repo / f"root{r:04d}", 4)
    return repo


#: The same with what nearly every real template has: a NAT gateway, so the run prices it (the plan's money line).
SMALL_NAT_TEMPLATE = (
    SMALL_TEMPLATE
    + """\
  NatIp:
    Type: AWS::EC2::EIP
    Properties:
      Domain: vpc
  PublicSubnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.0.0/24
  Nat:
    Type: AWS::EC2::NatGateway
    Properties:
      AllocationId: !GetAtt NatIp.AllocationId
      SubnetId: !Ref PublicSubnet
  PrivateRoutes:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  ToNat:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref PrivateRoutes
      DestinationCidrBlock: 0.0.0.0/0
      NatGatewayId: !Ref Nat
  PrivateRoutesOfSubnet:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      RouteTableId: !Ref PrivateRoutes
      SubnetId: !Ref Subnet
"""
)


def generate(folder: pathlib.Path, count: int, name: str = "templates") -> tuple[pathlib.Path, list[pathlib.Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    small = folder / "small.yaml"
    small.write_text(SMALL_TEMPLATE)
    (folder / "small-nat.yaml").write_text(SMALL_NAT_TEMPLATE)
    generate_json([small], folder / "small-json")  # the same template as JSON (a CDK stack's form)
    many = folder / name
    many.mkdir(exist_ok=True)
    files = []
    for i in range(count):
        path = many / f"stack-{i:05d}.yaml"
        path.write_text(template(i))
        files.append(path)
    return small, files


def _long_forms():
    """A YAML loader that builds CloudFormation short tags into their long forms, as a template needs them."""
    import yaml

    class Load(yaml.CSafeLoader):
        pass

    def tag(loader, suffix, node):
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        if suffix in ("Ref", "Condition"):
            return {suffix: value}
        if suffix == "GetAtt" and isinstance(value, str):
            return {"Fn::GetAtt": value.split(".", 1)}
        return {"Fn::" + suffix: value}

    Load.add_multi_constructor("!", tag)
    return Load


def generate_json(files: list[pathlib.Path], folder: pathlib.Path) -> pathlib.Path:
    """The templates as JSON (two-space indent, as most JSON templates are written)."""
    import json

    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    load = _long_forms()
    for path in files:
        doc = yaml.load(path.read_text(), Loader=load)
        (folder / (path.stem + ".json")).write_text(json.dumps(doc, indent=2))
    return folder


#: The regions the CDK's CDKMetadataAvailable condition names (aws-cdk-lib 2.276.0, fixtures/cdk), ten to an Fn::Or.
CDK_METADATA_REGIONS = (
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ca-central-1",
    "ca-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    ").split(",
)
CDK_ROLE = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-%s-role-${AWS::AccountId}-${AWS::Region}"
CDK_BOOTSTRAP_PARAMETER = "/cdk-bootstrap/hnb659fds/version"


def _cdk_stack(doc: dict, name: str, app: str) -> tuple[dict, dict, dict]:
    """`doc` as `cdk synth` writes a stack of it made of L1 constructs (fixtures/cdk/l1-constructs): every
    resource's aws:cdk:path, the bootstrap version parameter and rule, CDKMetadata; with the stack's
    metadata file and its tree.json node."""
    metadata: dict = {
        f"/{name}": [
            {"type": "aws:cdk:creationStack", "data": [f"<anonymous> ({app}:7:15)", "...node internals..."]},
            {"type": "aws:cdk:templateFile", "data": f"{name}.template.json"},
        ]
    }
    children: dict = {}
    for logical, resource in doc.get("Resources", {}).items():
        path = f"{name}/{logical}"  # an L1 construct at the stack's root: its id is its logical id
        resource.setdefault("Metadata", {})["aws:cdk:path"] = path
        metadata["/" + path] = [
            {"type": "aws:cdk:logicalId", "data": logical},
            {"type": "aws:cdk:creationStack", "data": [f"<anonymous> ({app}:{12 + len(children)}:5)", "..."]},
        ]
        _, service, kind = resource["Type"].split("::")
        children[logical] = {
            "id": logical,
            "path": path,
            "constructInfo": {"fqn": f"aws-cdk-lib.aws_{service.lower()}.Cfn{kind}", "version": "2.276.0"},
            "attributes": {
                "aws:cdk:cloudformation:type": resource["Type"],
                "aws:cdk:cloudformation:logicalId": logical,
                "aws:cdk:cloudformation:props": {
                    key[:1].lower() + key[1:]: value for key, value in resource.get("Properties", {}).items()
                },
            },
        }
    regions = [{"Fn::Equals": [{"Ref": "AWS::Region"}, region]} for region in CDK_METADATA_REGIONS]
    groups = [
        {"Fn::Or": regions[at : at + 10]} if at + 10 < len(regions) else regions[at]
        for at in range(0, len(regions), 10)
    ]
    doc.setdefault("Conditions", {})["CDKMetadataAvailable"] = {"Fn::Or": groups}
    doc["Resources"]["CDKMetadata"] = {
        "Type": "AWS::CDK::Metadata",
        "Properties": {"Analytics": "v2:deflate64:H4sIAAAAAAAA/12PS2vDMBCEf0vuihp8aM+uSUMurbGLr2Utb5uNZSnoEWOE"},
        "Metadata": {"aws:cdk:path": f"{name}/CDKMetadata/Default"},
        "Condition": "CDKMetadataAvailable",
    }
    doc.setdefault("Parameters", {})["BootstrapVersion"] = {
        "Type": "AWS::SSM::Parameter::Value<String>",
        "Default": CDK_BOOTSTRAP_PARAMETER,
        "Description": "Version of the CDK Bootstrap resources in this environment, automatically retrieved from "
        "SSM Parameter Store. [cdk:skip]",
    }
    doc["Rules"] = {
        "CheckBootstrapVersion": {
            "Assertions": [
                {
                    "Assert": {"Fn::Not": [{"Fn::Contains": [["1", "2", "3", "4", "5"], {"Ref": "BootstrapVersion"}]}]},
                    "AssertDescription": "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a "
                    "recent version of the CDK CLI.",
                }
            ]
        }
    }
    for extra in ("BootstrapVersion", "CheckBootstrapVersion", "CDKMetadata/Default", "CDKMetadata/Condition"):
        metadata[f"/{name}/{extra}"] = [{"type": "aws:cdk:logicalId", "data": extra.split("/")[-1]}]
    node = {
        "id": name,
        "path": name,
        "constructInfo": {"fqn": "aws-cdk-lib.Stack", "version": "2.276.0"},
        "children": children,
    }
    return doc, metadata, node


def generate_cdk(files: list[pathlib.Path], folder: pathlib.Path, stacks: int) -> pathlib.Path:
    """A CDK cloud assembly (`cdk.out`) of `stacks` stacks laid out as `cdk synth` (aws-cdk-lib 2.276.0,
    fixtures/cdk) writes it: one-space JSON templates whose resources carry their aws:cdk:path, a
    metadata file and an asset manifest per stack, a manifest naming them, tree.json."""
    import hashlib
    import json

    import yaml

    out = folder / "cdk.out"
    out.mkdir(parents=True, exist_ok=True)
    load = _long_forms()
    app = "/home/dev/orders/bin/app.js"
    artifacts: dict = {}
    tree: dict = {}
    for i in range(stacks):
        name = f"Orders{i:04d}Stack"
        doc, metadata, node = _cdk_stack(yaml.load(files[i % len(files)].read_text(), Loader=load), name, app)
        text = json.dumps(doc, indent=1)
        (out / f"{name}.template.json").write_text(text)
        (out / f"{name}.metadata.json").write_text(json.dumps(metadata, indent=2))
        digest = hashlib.sha256(text.encode()).hexdigest()
        bucket = "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"
        assets = {
            "version": "55.0.0",
            "files": {
                digest: {
                    "displayName": f"{name} Template",
                    "source": {"path": f"{name}.template.json", "packaging": "file"},
                    "destinations": {
                        "current_account-current_region-58c62a93": {
                            "bucketName": bucket,
                            "objectKey": f"{digest}.json",
                            "assumeRoleArn": CDK_ROLE % "file-publishing",
                        }
                    },
                }
            },
            "dockerImages": {},
        }
        (out / f"{name}.assets.json").write_text(json.dumps(assets, indent=2))
        artifacts[f"{name}.assets"] = {
            "type": "cdk:asset-manifest",
            "properties": {
                "file": f"{name}.assets.json",
                "requiresBootstrapStackVersion": 6,
                "bootstrapStackVersionSsmParameter": CDK_BOOTSTRAP_PARAMETER,
            },
        }
        artifacts[name] = {
            "type": "aws:cloudformation:stack",
            "environment": "aws://unknown-account/unknown-region",
            "properties": {
                "templateFile": f"{name}.template.json",
                "terminationProtection": False,
                "validateOnSynth": False,
                "assumeRoleArn": CDK_ROLE % "deploy",
                "cloudFormationExecutionRoleArn": CDK_ROLE % "cfn-exec",
                "stackTemplateAssetObjectUrl": f"s3://{bucket}/{digest}.json",
                "requiresBootstrapStackVersion": 6,
                "bootstrapStackVersionSsmParameter": CDK_BOOTSTRAP_PARAMETER,
                "additionalDependencies": [f"{name}.assets"],
                "lookupRole": {
                    "arn": CDK_ROLE % "lookup",
                    "requiresBootstrapStackVersion": 8,
                    "bootstrapStackVersionSsmParameter": CDK_BOOTSTRAP_PARAMETER,
                },
            },
            "dependencies": [f"{name}.assets"],
            "additionalMetadataFile": f"{name}.metadata.json",
            "displayName": name,
        }
        tree[name] = node
    artifacts["Tree"] = {"type": "cdk:tree", "properties": {"file": "tree.json"}}
    flag = {"recommendedValue": True, "explanation": "Name exports based on the construct paths relative to the stack"}
    artifacts["aws-cdk-lib/feature-flag-report"] = {
        "type": "cdk:feature-flag-report",
        "properties": {"module": "aws-cdk-lib", "flags": {"@aws-cdk/core:stackRelativeExports": flag}},
    }
    manifest = {"version": "55.0.0", "artifacts": artifacts, "minimumCliVersion": "2.1148.2"}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
    (out / "cdk.out").write_text('{"version":"55.0.0"}')
    app_node = {"id": "App", "path": "", "constructInfo": {"fqn": "aws-cdk-lib.App", "version": "2.276.0"}}
    (out / "tree.json").write_text(json.dumps({"version": "tree-0.1", "tree": {**app_node, "children": tree}}))
    return out


def generate_plan(folder: pathlib.Path, megabytes: float) -> pathlib.Path:
    """A `terraform show -json` plan of about `megabytes` MB: VPCs, subnets, route tables, groups and
    functions in planned_values, resource_changes (before/after) and configuration, as Terraform writes
    it (one line)."""
    import json

    def instance(kind: str, name: str, values: dict) -> dict:
        return {
            "address": f"{kind}.{name}",
            "mode": "managed",
            "type": kind,
            "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "schema_version": 1,
            "values": values,
            "sensitive_values": {},
        }

    resources, changes, config = [], [], []
    size, i = 0, 0
    while size < megabytes * 1e6:
        tags = {f"tag{k}": f"value-{i}-{k}" for k in range(8)}
        group = [
            instance(
                "aws_vpc",
                f"v{i}",
                {"cidr_block": f"10.{i % 250}.0.0/16", "assign_generated_ipv6_cidr_block": True, "tags": tags},
            ),
            instance(
                "aws_subnet",
                f"s{i}",
                {"cidr_block": f"10.{i % 250}.1.0/24", "ipv6_cidr_block": None, "vpc_id": None, "tags": tags},
            ),
            instance(
                "aws_route_table",
                f"r{i}",
                {
                    "vpc_id": None,
                    "route": [{"cidr_block": "0.0.0.0/0", "gateway_id": f"igw-{i:08x}", "ipv6_cidr_block": ""}],
                    "tags": tags,
                },
            ),
            instance(
                "aws_security_group",
                f"g{i}",
                {
                    "vpc_id": None,
                    "egress": [
                        {
                            "cidr_blocks": ["0.0.0.0/0"],
                            "ipv6_cidr_blocks": [],
                            "from_port": 0,
                            "to_port": 0,
                            "protocol": "-1",
                        }
                    ],
                    "tags": tags,
                },
            ),
            instance(
                "aws_lambda_function",
                f"f{i}",
                {
                    "function_name": f"fn-{i}",
                    "runtime": "python3.12",
                    "handler": "index.handler",
                    "vpc_config": [
                        {"subnet_ids": None, "security_group_ids": None, "ipv6_allowed_for_dual_stack": i % 2 == 0}
                    ],
                    "environment": [{"variables": {"STAGE": "prod"}}],
                    "tags": tags,
                },
            ),
        ]
        for res in group:
            resources.append(res)
            changes.append(
                {
                    "address": res["address"],
                    "mode": "managed",
                    "type": res["type"],
                    "name": res["name"],
                    "change": {
                        "actions": ["create"],
                        "before": None,
                        "after": res["values"],
                        "after_unknown": {"id": True, "arn": True},
                    },
                }
            )
            config.append(
                {
                    "address": res["address"],
                    "mode": "managed",
                    "type": res["type"],
                    "name": res["name"],
                    "expressions": {
                        k: {"constant_value": v} for k, v in res["values"].items() if not isinstance(v, list)
                    },
                }
            )
        size += 2.55 * len(json.dumps(group))  # its share of the three sections, as measured
        i += 1
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.9.0",
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": changes,
        "configuration": {"root_module": {"resources": config}},
    }
    path = folder / "plan" / "tfplan.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(plan, separators=(",", ":")))
    return path


# ----- running -------------------------------------------------------------------------------------


@dataclass
class Sample:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)
    tail: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def rss_mb(self) -> float:
        return max(self.rss_kb) / 1024  # Linux reports ru_maxrss in KiB


def pin_to(cpu: int | None):
    if cpu is None or not hasattr(os, "sched_setaffinity"):
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


def turns(cmds: list[list[str]], runs: int, cpu: int | None, compare: dict[int, str] | None = None) -> list[Sample]:
    """Time each command as a whole process, in turn (A B A B …): one warm-up round, then `runs`.

    With --against, the commands named in `compare` (lambda6lint's) run a second time in each round from
    REF's tree, and the pairs go to the comparison; the samples returned are this tree's alone.
    """
    twins = list(compare or {}) if AGAINST else []
    envs = [AGAINST.this_env if AGAINST else ENV] * len(cmds) + [AGAINST.ref_env if AGAINST else ENV] * len(twins)
    cmds = [*cmds, *(cmds[i] for i in twins)]
    samples = [Sample() for _ in cmds]
    with tempfile.TemporaryFile() as out:
        for index in range(runs + 1):
            for cmd, env, sample in zip(cmds, envs, samples, strict=True):
                out.seek(0)
                out.truncate()
                start = time.perf_counter()
                proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, preexec_fn=pin_to(cpu))
                _, status, usage = os.wait4(proc.pid, 0)
                elapsed = time.perf_counter() - start
                sample.codes.add(os.waitstatus_to_exitcode(status))
                out.seek(0)
                sample.tail = "\n".join(out.read().decode("utf-8", "replace").rstrip().splitlines()[-3:])
                if index == 0:
                    continue  # warm-up: page cache, .pyc files
                sample.wall.append(elapsed)
                sample.cpu.append(usage.ru_utime + usage.ru_stime)
                sample.rss_kb.append(usage.ru_maxrss)
    for cmd, env, sample in zip(cmds, envs, samples, strict=True):
        if sample.codes - {0, 1}:
            tree = f"[{AGAINST.ref}] " if AGAINST and env is AGAINST.ref_env else ""
            print(
                f"warning: {tree}{' '.join(cmd)[:80]} … exited {sorted(sample.codes)}:\n{sample.tail}", file=sys.stderr
            )
            if cmd[1:3] == ["-m", "lambda6lint"] or pathlib.Path(cmd[0]).name == "lambda6lint":
                FAILED.append(f"{tree}{' '.join(cmd)[:80]} … exited {sorted(sample.codes)}: {sample.tail}")
    if AGAINST:
        for i, twin in zip(twins, samples[len(samples) - len(twins) :], strict=True):
            AGAINST.add((compare or {})[i], twin, samples[i])
    return samples[: len(samples) - len(twins)]


def problems(sample: Sample) -> str:
    """What a run's summary line says it found ("Found 17 problems (3 errors, …)"), or the line itself."""
    last = sample.tail.splitlines()[-1] if sample.tail else "?"
    found = re.search(r"Found ([\d,]+) problems?", last)
    return found.group(1) if found else last


@dataclass
class Against:
    """--against REF: REF's lambda6lint timed in the same rounds as this tree's, each from its source tree.

    Both run the same way (`python -m`, PYTHONPATH, which comes before an editable install's finder on
    sys.meta_path; .pyc files kept in the temporary folder), so the difference is the code's alone.
    """

    ref: str
    this_env: dict[str, str]
    ref_env: dict[str, str]
    lines: list[str] = field(default_factory=list)
    pairs: dict[str, tuple[Sample, Sample]] = field(default_factory=dict)

    def add(self, label: str, ref: Sample, this: Sample) -> None:
        self.pairs[label] = ref, this
        change = this.cpu_median / ref.cpu_median - 1
        spread = max((max(s.cpu) - min(s.cpu)) / 2 / s.cpu_median for s in (ref, this))
        noise = f" (runs spread ±{spread:.0%})" if len(this.cpu) > 1 else " (one run: no spread known)"
        mine, theirs = problems(this), problems(ref)
        same = (
            f"both found {mine}"
            if mine == theirs
            else f"FOUND DIFFERENT PROBLEMS: {theirs} ({self.ref}), {mine} (this tree)"
        )
        self.lines.append(
            f"{label}: {self.ref} {fmt_s(ref.cpu_median)} cpu, this tree {fmt_s(this.cpu_median)} cpu, "
            f"{change:+.0%}{noise}; peak RSS {ref.rss_mb:.0f} -> {this.rss_mb:.0f} MB; {same}"
        )

    def over(self, label: str, start: Sample) -> None:
        """The same over the interpreter's start (`python -c pass`), which both pay and which dilutes the change."""
        ref, this = (s.cpu_median - start.cpu_median for s in self.pairs[label])
        change = f", {this / ref - 1:+.0%}" if ref > 0 else ""
        at = next(i for i, line in enumerate(self.lines) if line.startswith(f"{label}:")) + 1
        both = f"{self.ref} +{fmt_s(ref)}, this tree +{fmt_s(this)}{change}"
        self.lines.insert(at, f"  over python -c pass ({fmt_s(start.cpu_median)}): {both}")


#: Set by --against.
AGAINST: Against | None = None


def source_path(tree: pathlib.Path, folder: pathlib.Path) -> str:
    """A PYTHONPATH entry that imports `tree`'s lambda6lint as installed, without writing into the tree.

    pyproject maps the package lambda6lint.rules to the top-level folder rules/, so the tree alone lacks
    it: the entry's lambda6lint/ links to each of the tree's files and folders, and rules/ beside them.
    """
    if not (tree / "lambda6lint" / "__main__.py").is_file():
        raise SystemExit(f"--against: {tree} holds no lambda6lint source tree (lambda6lint/__main__.py)")
    shutil.rmtree(folder, ignore_errors=True)  # a kept folder's (--keep) earlier run: links are unlinked, not followed
    package = folder / "lambda6lint"
    package.mkdir(parents=True)
    for entry in (tree / "lambda6lint").iterdir():
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    if (tree / "rules").is_dir() and not (package / "rules").exists():
        (package / "rules").symlink_to(tree / "rules")
    return str(folder)


def checkout(ref: str, folder: pathlib.Path) -> tuple[pathlib.Path, str]:
    """REF's tree: a directory as it is, or a commit checked out by `git worktree add --detach` into `folder`."""
    if (pathlib.Path(ref) / "lambda6lint").is_dir():
        return pathlib.Path(ref).resolve(), ref
    repo = pathlib.Path(__file__).resolve().parent.parent
    done = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", "--short", f"{ref}^{{commit}}"],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"--against: {ref} is neither a lambda6lint source tree nor a commit of {repo}")
    sha = done.stdout.strip()
    subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", "-q", str(folder), sha], check=True)
    return folder, ref if ref == sha else f"{ref} ({sha})"


def uncheckout(folder: pathlib.Path) -> None:
    if folder.exists():
        repo = pathlib.Path(__file__).resolve().parent.parent
        subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(folder)], capture_output=True)
        subprocess.run(["git", "-C", str(repo), "worktree", "prune"], capture_output=True)


def editable_install() -> bool:
    """Whether an editable install's finder is imported at every start-up of this interpreter (by its .pth file)."""
    probe = "import sys; print(any(m.startswith('__editable__') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    return done.stdout.strip() == "True"


def find_tool(name: str, module: str) -> list[str] | None:
    """`name` beside this interpreter first (same virtualenv), then `-m module`, then PATH."""
    beside = pathlib.Path(sys.executable).parent / name
    if beside.exists():
        return [str(beside)]
    if importlib.util.find_spec(module) is not None:
        return [sys.executable, "-m", module]
    found = shutil.which(name)
    return [found] if found else None


def version_of(cmd: list[str]) -> str:
    try:
        done = subprocess.run([*cmd, "--version"], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[-1] if text else "?"


#: The measured processes' environment. The warm-up round writes .pyc files: with PYTHONDONTWRITEBYTECODE a
#: source tree without them (an editable install's, --against's) would be compiled again in every run measured.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}

#: Why a table from an editable install is not one to publish.
EDITABLE_NOTE = (
    "lambda6lint is an editable install here: its import hook (a .pth file in site-packages) runs at every "
    "start-up, `python -c pass` and every run alike (~10-20 ms), which raises the floor and hides part of "
    "lambda6lint's own start-up; published numbers need a regular install (`pip install .`)"
)

#: Our commands that exited with an error (not 0 or 1): their timings are not lambda6lint's.
FAILED: list[str] = []

#: The floors: the same files read by the parsers alone, in one process (start-up included).
FLOOR = """\
import os, sys
step, folder = sys.argv[1], sys.argv[2]
files = sorted(os.path.join(r, n) for r, _, ns in os.walk(folder) for n in ns)
if step in ('load', 'compose', 'parse'):
    import yaml
    sys.path.insert(0, sys.argv[3])
    from bench import _long_forms
    Load = _long_forms()
    read = {
        'load': lambda text: yaml.load(text, Loader=Load),
        'compose': lambda text: yaml.compose(text, Loader=yaml.CSafeLoader),
        'parse': lambda text: sum(1 for _ in yaml.parse(text, Loader=yaml.CSafeLoader)),
    }[step]
    files = [f for f in files if f.endswith('.yaml')]
elif step == 'json':
    import json
    read = json.loads
    files = [f for f in files if f.endswith('.json')]
elif step == 'assembly':  # what a linter of a cloud assembly must read: its manifest and its templates
    import json
    read = json.loads
    files = [f for f in files if f.endswith(('manifest.json', '.template.json'))]
elif step in ('marked-yaml', 'marked-json'):  # lambda6lint's reading alone, as the engine runs it (GC paused)
    import gc
    gc.disable()
    from lambda6lint.loaders.common.marked import load_text as read
    files = [f for f in files if f.endswith(step[-4:])]
elif step == 'marked-assembly':  # the files 'assembly' reads, as the engine reads them (cloudformation/cdk.py)
    import gc, json
    gc.disable()
    from lambda6lint.loaders.common.marked import load_text as read
    for f in files:
        if f.endswith('manifest.json'):  # a manifest: json.loads (`cdk._json`), its stacks' templates: load_text
            with open(f, encoding='utf-8') as h:
                json.loads(h.read())
    files = [f for f in files if f.endswith('.template.json')]
elif step == 'hcl2':
    import hcl2
    read = hcl2.loads
    files = [f for f in files if f.endswith('.tf')]
for f in files:
    with open(f, encoding='utf-8') as h:
        read(h.read())
"""


def floor(step: str, folder: pathlib.Path) -> list[str]:
    return [sys.executable, "-c", FLOOR, step, str(folder), str(pathlib.Path(__file__).parent)]


# ----- report --------------------------------------------------------------------------------------


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "OVER BUDGET")


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str, str]] = []

    def add(self, measure: str, ours: str, reference: str, ratio: str, budget: str, ok: bool | None) -> None:
        self.rows.append((measure, ours, reference, ratio, budget, verdict(ok) if budget != "(info)" else "-"))

    def text(self) -> str:
        header = ("measure", "lambda6lint", "reference (same run)", "ratio", "budget", "verdict")
        widths = [max(len(row[c]) for row in [header, *self.rows]) for c in range(len(header))]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        out = [line.format(*header), "  ".join("-" * w for w in widths)]
        return "\n".join(out + [line.format(*row) for row in self.rows])

    def markdown(self) -> str:
        out = [
            "| measure | lambda6lint | reference (same run) | ratio | budget | verdict |",
            "|---|---|---|---|---|---|",
        ]
        return "\n".join(out + ["| " + " | ".join(row) + " |" for row in self.rows])


def cpu_row(table: Table, measure: str, ours: Sample, ref: Sample, name: str, budget: float | None) -> None:
    """A row judged on CPU seconds (medians), wall time shown beside."""
    ratio = ours.cpu_median / ref.cpu_median
    table.add(
        measure,
        f"{fmt_s(ours.cpu_median)} cpu ({fmt_s(ours.median)} wall)",
        f"{name} {fmt_s(ref.cpu_median)} cpu",
        f"{ratio:.2f}x",
        f"<= {budget}x" if budget else "(info)",
        ratio <= budget if budget else None,
    )


def main(argv: list[str] | None = None) -> int:  # noqa: C901 - one measure after another
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="measured rounds per measure (median; default 5)")
    parser.add_argument("--files", type=int, default=BUDGET_FILES, help="templates in the folder (default 1000)")
    parser.add_argument("--many", type=int, default=10_000, help="templates for the memory measure (default 10000)")
    parser.add_argument("--stacks", type=int, default=500, help="stacks in the CDK assembly (default 500)")
    parser.add_argument("--plan-mb", type=float, default=100.0, help="size of the plan (default 100 MB)")
    parser.add_argument("--tf-files", type=int, default=500, help="files of the Terraform module (default 500)")
    parser.add_argument("--tf-roots", type=int, default=400, help="Terraform root modules (default 400)")
    parser.add_argument(
        "--subset", type=int, default=50, help="templates for the cfn-lint and checkov runs (default 50)"
    )
    parser.add_argument(
        "--only", default="", help="comma-separated measures: small,yaml,json,cdk,plan,terraform,jobs,memory,peers"
    )
    parser.add_argument("--keep", metavar="DIR", help="generate the inputs into DIR and keep them")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the measured processes to one CPU")
    parser.add_argument(
        "--readme", metavar="FILE", help="rewrite the table between FILE's bench:start/bench:end markers"
    )
    parser.add_argument(
        "--against",
        metavar="REF",
        help="also time REF's lambda6lint (a commit or branch of this repository, or a source tree) beside this tree's",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.files < 1:
        parser.error("--runs and --files must be at least 1")
    if args.readme and args.against:
        parser.error("--readme publishes this install's table: not with --against, which times two source trees")
    only = set(filter(None, args.only.split(","))) or {
        "small",
        "yaml",
        "json",
        "cdk",
        "plan",
        "terraform",
        "jobs",
        "memory",
        "peers",
    }

    try:
        import yaml
    except ImportError:
        print("PyYAML is not installed for this interpreter", file=sys.stderr)
        return 2
    if importlib.util.find_spec("lambda6lint") is None:
        print(f"lambda6lint is not installed for {sys.executable}", file=sys.stderr)
        return 2
    cpu = None if args.no_pin or not hasattr(os, "sched_getaffinity") else min(os.sched_getaffinity(0))
    cfn = find_tool("cfn-lint", "cfnlint") if "peers" in only or "small" in only else None
    checkov = find_tool("checkov", "checkov") if "peers" in only or "small" in only else None
    ours = [sys.executable, "-m", "lambda6lint"]
    one = [*ours, "--jobs", "1"]
    table = Table()
    notes: list[str] = []
    editable = editable_install()
    if editable:
        notes.append(EDITABLE_NOTE)
        print(f"warning: {EDITABLE_NOTE}", file=sys.stderr, flush=True)

    global AGAINST
    AGAINST = None
    readme = pathlib.Path(args.readme).resolve() if args.readme else None
    home = os.getcwd()
    if args.keep:
        workdir, cleanup = pathlib.Path(args.keep).resolve(), None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="lambda6lint-bench-")
        workdir = pathlib.Path(cleanup.name)
    worktree = workdir / "against" / "tree"
    try:
        workdir.mkdir(parents=True, exist_ok=True)
        os.chdir(workdir)  # `-m` puts the working folder first on sys.path: a source tree there would be measured
        if args.against:
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a scheduled job's timeout: remove the worktree
            uncheckout(worktree)  # a kept folder's (--keep) earlier run, if it was killed
            tree, label = checkout(args.against, worktree)
            pyc = {"PYTHONPYCACHEPREFIX": str(workdir / "against" / "pyc")}  # nothing written into either tree
            this = source_path(pathlib.Path(__file__).resolve().parent.parent, workdir / "against" / "this")
            ref = source_path(tree, workdir / "against" / "ref")
            AGAINST = Against(label, {**ENV, **pyc, "PYTHONPATH": this}, {**ENV, **pyc, "PYTHONPATH": ref})
            print(f"against {label} ({tree}): both trees from source, python -m", flush=True)
        script = pathlib.Path(sys.executable).parent / "lambda6lint"
        if script.is_file() and not AGAINST and not os.environ.get("PYTHONPATH"):
            starter, started = [str(script)], "the lambda6lint script"  # as users and pre-commit run it: no runpy
        else:
            starter, started = ours, "python -m lambda6lint"
        small, files = generate(workdir, args.files)
        folder = files[0].parent
        size = sum(p.stat().st_size for p in files)
        print(
            f"{len(files)} templates in {folder} ({size / 1e6:.1f} MB); {args.runs} rounds; pinned to CPU {cpu}",
            flush=True,
        )
        n = len(files)
        tpl = f"{n:,} templates"
        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0

        if "small" in only:
            print(f"[small] one small template ({started}) …", flush=True)
            cmds = [[*starter, str(small)], [sys.executable, "-c", "pass"]]
            cmds += [[*starter, str(small.parent / "small-nat.yaml")]]
            cmds += [[*starter, str(small.parent / "small-json" / "small.json")]]
            cmds += [[*cfn, str(small)]] if cfn else []
            compare = {0: "one small template", 2: "  with a NAT gateway", 3: "  as JSON"}
            got = turns(cmds, args.runs, cpu, compare)
            mine, nat, as_json = got[0], got.pop(2), got.pop(2)
            if AGAINST:
                AGAINST.over(compare[0], got[1])
            table.add(
                f"one small template, whole process ({started})",
                f"{fmt_s(mine.cpu_median)} cpu ({fmt_s(mine.median)} wall)",
                f"python -c pass {fmt_s(got[1].cpu_median)}",
                f"+{fmt_s(mine.cpu_median - got[1].cpu_median)}",
                f"<= {fmt_s(SMALL_BUDGET_S)}",
                mine.cpu_median <= SMALL_BUDGET_S,
            )
            table.add(
                "  the same with a NAT gateway (priced)",
                f"{fmt_s(nat.cpu_median)} cpu ({fmt_s(nat.median)} wall)",
                f"python -c pass {fmt_s(got[1].cpu_median)}",
                f"+{fmt_s(nat.cpu_median - got[1].cpu_median)}",
                f"<= {fmt_s(SMALL_BUDGET_S)}",
                nat.cpu_median <= SMALL_BUDGET_S,
            )
            table.add(
                "  the same as JSON (no PyYAML imported)",
                f"{fmt_s(as_json.cpu_median)} cpu ({fmt_s(as_json.median)} wall)",
                f"python -c pass {fmt_s(got[1].cpu_median)}",
                f"+{fmt_s(as_json.cpu_median - got[1].cpu_median)}",
                f"<= {fmt_s(SMALL_BUDGET_S)}",
                as_json.cpu_median <= SMALL_BUDGET_S,
            )
            if cfn:
                table.add(
                    "  the same, cfn-lint",
                    fmt_s(mine.cpu_median),
                    f"{version_of(cfn)} {fmt_s(got[2].cpu_median)} cpu",
                    f"{got[2].cpu_median / mine.cpu_median:.0f}x slower",
                    "(info)",
                    None,
                )
            if checkov:
                ck = turns(
                    [
                        [
                            *checkov,
                            "--quiet",
                            "--compact",
                            "--skip-download",
                            "--framework",
                            "cloudformation",
                            "-f",
                            str(small),
                        ]
                    ],
                    max(1, args.runs // 2),
                    cpu,
                )[0]
                table.add(
                    "  the same, checkov",
                    fmt_s(mine.cpu_median),
                    f"checkov {version_of(checkov)} {fmt_s(ck.cpu_median)} cpu",
                    f"{ck.cpu_median / mine.cpu_median:.0f}x slower",
                    "(info)",
                    None,
                )

        if "yaml" in only:
            print(f"[yaml] {n} templates …", flush=True)
            got = turns(
                [[*one, str(folder)], floor("load", folder), floor("compose", folder), floor("parse", folder)],
                args.runs,
                cpu,
                {0: f"{tpl} (YAML)"},
            )
            mine = got[0]
            table.add(
                f"{tpl} of ~230 lines, one core",
                f"{fmt_s(mine.cpu_median)} cpu ({fmt_s(mine.median)} wall)",
                "-",
                "-",
                f"<= {fmt_s(FOLDER_BUDGET_S * n / BUDGET_FILES)}",
                mine.cpu_median <= FOLDER_BUDGET_S * n / BUDGET_FILES,
            )
            cpu_row(
                table,
                "  over a bare yaml.load (CSafeLoader) that builds the tags",
                mine,
                got[1],
                "yaml.load",
                YAML_RATIO_BUDGET,
            )
            read = turns([floor("marked-yaml", folder), floor("load", folder)], args.runs, cpu)
            cpu_row(table, "  reading alone (marks, limits) over yaml.load", read[0], read[1], "yaml.load", None)
            cpu_row(table, "  over libyaml's compose (nodes, no values)", mine, got[2], "compose", None)
            cpu_row(table, "  over libyaml's events alone", mine, got[3], "events", None)
            table.add(
                f"peak RSS, {tpl}",
                f"{mine.rss_mb:.0f} MB",
                f"yaml.load {got[1].rss_mb:.0f} MB",
                "-",
                f"<= {RSS_BUDGET_MB:.0f} MB",
                mine.rss_mb <= RSS_BUDGET_MB if n == BUDGET_FILES else None,
            )
            notes.append(f"lambda6lint over the templates: {mine.tail.splitlines()[-1] if mine.tail else '?'}")

        if "json" in only:
            print(f"[json] {n} templates as JSON …", flush=True)
            jfolder = generate_json(files, workdir / "json")
            got = turns(
                [[*one, str(jfolder)], floor("json", jfolder), [*one, str(folder)]],
                args.runs,
                cpu,
                {0: f"{tpl} as JSON"},
            )
            cpu_row(table, f"{tpl} as JSON, one core", got[0], got[1], "json.loads", JSON_RATIO_BUDGET)
            cpu_row(table, "  over the same templates in YAML, whole runs", got[0], got[2], "YAML", None)
            read = turns([floor("marked-json", jfolder), floor("json", jfolder)], args.runs, cpu)
            label = "  reading alone (marks found when asked, limits) over json.loads"
            cpu_row(table, label, read[0], read[1], "json.loads", None)

        if "cdk" in only:
            print(f"[cdk] an assembly of {args.stacks} stacks …", flush=True)
            assembly = generate_cdk(files, workdir / "cdk", args.stacks)
            got = turns([[*one, str(assembly)], floor("assembly", assembly)], args.runs, cpu, {0: "CDK assembly"})
            cpu_row(table, f"CDK assembly, {args.stacks} stacks", got[0], got[1], "json.loads", JSON_RATIO_BUDGET)
            read = turns([floor("marked-assembly", assembly), floor("assembly", assembly)], args.runs, cpu)
            label = "  reading alone (templates: marks found when asked, limits) over json.loads"
            cpu_row(table, label, read[0], read[1], "json.loads", None)
            table.add(
                f"  peak RSS, {args.stacks} stacks",
                f"{got[0].rss_mb:.0f} MB",
                f"json.loads {got[1].rss_mb:.0f} MB",
                "-",
                "(info)",
                None,
            )

        if "plan" in only:
            print(f"[plan] a {args.plan_mb:.0f} MB plan …", flush=True)
            plan = generate_plan(workdir, args.plan_mb)
            got = turns([[*one, str(plan)], floor("json", plan.parent)], max(1, min(args.runs, 3)), cpu, {0: "plan"})
            mb = plan.stat().st_size / 1e6
            cpu_row(table, f"Terraform plan, {mb:.0f} MB", got[0], got[1], "json.loads", JSON_RATIO_BUDGET)
            table.add(
                "  the same, whole run",
                f"{fmt_s(got[0].median)} wall",
                "-",
                "-",
                f"<= {fmt_s(PLAN_BUDGET_S)}",
                got[0].median <= PLAN_BUDGET_S if mb >= 99 else None,
            )
            table.add(
                "  peak RSS", f"{got[0].rss_mb:.0f} MB", f"json.loads {got[1].rss_mb:.0f} MB", "-", "(info)", None
            )

        if "terraform" in only:
            print(f"[terraform] a module of {args.tf_files} files …", flush=True)
            module = generate_terraform(workdir, args.tf_files)
            got = turns(
                [[*one, str(module)], floor("hcl2", module)], max(1, min(args.runs, 3)), cpu, {0: "Terraform module"}
            )
            cpu_row(table, f"Terraform module, {args.tf_files} files", got[0], got[1], "hcl2.loads", TF_RATIO_BUDGET)
            table.add(  # python-hcl2's trees are cyclic: kept to the end of a run until 2026-12 (~180 MB here)
                "  peak RSS", f"{got[0].rss_mb:.0f} MB", f"hcl2.loads {got[1].rss_mb:.0f} MB", "-", "(info)", None
            )
            few, lots = generate_roots(workdir, args.tf_roots // 4), generate_roots(workdir, args.tf_roots)
            got = turns(
                [[*one, str(lots)], [*one, str(few)]], max(1, min(args.runs, 3)), cpu, {0: "Terraform root modules"}
            )
            per = (got[0].rss_mb - got[1].rss_mb) * 1024 / max(1, args.tf_roots - args.tf_roots // 4)
            table.add(
                f"{args.tf_roots:,} Terraform root modules, one core",
                f"{fmt_s(got[0].cpu_median)} cpu, {got[0].rss_mb:.0f} MB",
                "-",
                "-",
                "(info)",
                None,
            )
            table.add(  # each root's evaluation and parsed files stayed to the end of a run until 2026-12 (~900 KB)
                "  memory kept per root module",
                f"{per:.0f} KB",
                f"RSS {args.tf_roots:,} vs {args.tf_roots // 4:,} roots",
                "-",
                "(info)",
                None,
            )

        if "jobs" in only:
            print(f"[jobs] {n} templates, --jobs 1 and 2 …", flush=True)
            labels = {0: f"{tpl}, --jobs 1", 1: f"{tpl}, --jobs 2"}  # (--against: REF's in the same rounds)
            got = turns([[*one, str(folder)], [*ours, "--jobs", "2", str(folder)]], args.runs, None, labels)
            speedup = got[0].median / got[1].median
            if AGAINST:
                (ref_one, _), (ref_two, _) = AGAINST.pairs[labels[0]], AGAINST.pairs[labels[1]]
                theirs = ref_one.median / ref_two.median
                AGAINST.lines.append(
                    f"{tpl}, --jobs 2 over --jobs 1 (median wall): {AGAINST.ref} {theirs:.2f}x "
                    f"({fmt_s(ref_one.median)} / {fmt_s(ref_two.median)}), this tree {speedup:.2f}x "
                    f"({fmt_s(got[0].median)} / {fmt_s(got[1].median)})"
                )
            cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
            table.add(
                f"{tpl}, --jobs 2 over --jobs 1 ({cores} CPUs)",
                f"{fmt_s(got[1].median)} wall",
                f"--jobs 1 {fmt_s(got[0].median)} wall",
                f"{speedup:.2f}x faster",
                f">= {JOBS_SPEEDUP_BUDGET}x",
                speedup >= JOBS_SPEEDUP_BUDGET if cores and cores >= 2 else None,
            )

        if "memory" in only:
            print(f"[memory] {args.many} templates …", flush=True)
            _, lots = generate(workdir, args.many, "many")
            got = turns([[*one, str(lots[0].parent)], [*one, str(folder)]], max(1, min(args.runs, 3)), cpu)
            per = (got[0].rss_mb - got[1].rss_mb) * 1024 / max(1, args.many - n)
            table.add(
                f"{args.many:,} templates, one core",
                f"{fmt_s(got[0].cpu_median)} cpu, {got[0].rss_mb:.0f} MB",
                "-",
                "-",
                f"<= {MANY_RSS_BUDGET_MB:.0f} MB",
                got[0].rss_mb <= MANY_RSS_BUDGET_MB if args.many >= 10_000 else None,
            )
            table.add(
                "  memory kept per template",
                f"{per:.1f} KB",
                f"RSS {args.many:,} vs {n:,} templates",
                "-",
                f"<= {PER_TEMPLATE_KB_BUDGET:.0f} KB",
                per <= PER_TEMPLATE_KB_BUDGET,
            )

        if "peers" in only and (cfn or checkov):
            subset = files[: min(args.subset, n)]
            sub = workdir / "subset"
            sub.mkdir(exist_ok=True)
            for path in subset:
                shutil.copy(path, sub / path.name)
            cmds = []
            names = []
            if cfn:
                cmds.append([*cfn, *map(str, subset)])
                names.append("cfn-lint")
            if checkov:
                cmds.append(
                    [
                        *checkov,
                        "--quiet",
                        "--compact",
                        "--skip-download",
                        "--framework",
                        "cloudformation",
                        "-d",
                        str(sub),
                    ]
                )
                names.append("checkov")
            print(f"[peers] {', '.join(names)} over {len(subset)} templates …", flush=True)
            got = turns([[*one, str(sub)], *cmds], max(1, min(args.runs, 2)), cpu)
            for name, sample in zip(names, got[1:], strict=True):
                per_file = sample.cpu_median / len(subset)
                table.add(
                    f"  {len(subset)} templates, {name}",
                    f"{fmt_s(got[0].cpu_median)} cpu",
                    f"{name} {fmt_s(sample.cpu_median)} cpu (~{fmt_s(per_file * n)} for {n:,})",
                    f"{sample.cpu_median / got[0].cpu_median:.0f}x slower",
                    "(info)",
                    None,
                )
        elif "peers" in only:
            notes.append("cfn-lint and checkov: not installed for this run")
        if AGAINST and only & {"memory", "peers"}:
            notes.append(f"not compared with {AGAINST.ref}: {', '.join(sorted(only & {'memory', 'peers'}))}")
    finally:
        os.chdir(home)
        if args.against:
            uncheckout(worktree)
        if cleanup is not None:
            cleanup.cleanup()

    from lambda6lint import __version__

    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    stamp = (
        f"lambda6lint {__version__}, Python {sys.version.split()[0]}, PyYAML {yaml.__version__}, "
        f"{os.cpu_count()} CPUs, {'EDITABLE' if editable else 'regular'} install; "
        f"median of {args.runs} rounds (A B A B …), whole processes pinned to one CPU except --jobs; "
        f"load average {load_before:.2f} before, {load_after:.2f} after; {time.strftime('%Y-%m-%d')}"
    )
    print()
    print(stamp)
    for note in notes:
        print(note)
    print(table.text())
    print("ratio = lambda6lint / reference, on CPU seconds (user+sys) unless marked wall.")
    if AGAINST:
        hook = "; both pay the editable install's start-up hook" if editable else ""
        print(f"\nagainst {AGAINST.ref} (median CPU seconds, whole processes, the same rounds{hook}):")
        print(*AGAINST.lines, sep="\n")
    if FAILED:  # a table of failed runs measures nothing (e.g. a source tree shadowing the installed package)
        print(
            f"lambda6lint failed in {len(FAILED)} measure(s); the table is not valid:",
            *FAILED,
            sep="\n",
            file=sys.stderr,
        )
        return 2
    if readme:
        text = readme.read_text(encoding="utf-8")
        start, end = "<!-- bench:start -->", "<!-- bench:end -->"
        before, _, rest = text.partition(start)
        _, _, after = rest.partition(end)
        warn = f"\n\n**Warning**: {EDITABLE_NOTE}." if editable else ""
        block = f"{start}\n{table.markdown()}\n\n{stamp}. Run `python bench/bench.py` to measure on yours.{warn}\n{end}"
        readme.write_text(before + block + after, encoding="utf-8")
    return 1 if any(row[5] == "OVER BUDGET" for row in table.rows) else 0


if __name__ == "__main__":
    sys.exit(main())
