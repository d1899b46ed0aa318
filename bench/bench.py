#!/usr/bin/env python3
"""Benchmark lambda6lint against its budgets (ARCHITECTURE.md "Budgets"), side by side with cfn-lint.

A script, not a test: timings depend on the machine, so nothing here fails a build. It generates
realistic CloudFormation templates (~200 lines each, every file different) into a temporary folder
and times whole processes (interpreter start-up included), the median of --runs runs after one
warm-up run, each pinned to one CPU:

  1. one small template:   python -m lambda6lint small.yaml   vs  cfn-lint small.yaml
  2. --files templates:    python -m lambda6lint DIR          vs  a bare C-YAML load of the same files in
                           one process (yaml.load, CSafeLoader; the ≤ 1.5× budget; libyaml compose and
                           raw events shown too)           vs  cfn-lint (a 50-file subset, extrapolated,
                           unless --full-cfn-lint)
  3. peak RSS of the lambda6lint run over the folder (os.wait4 rusage of that child alone)

Usage: python bench/bench.py [--runs 5] [--files 1000] [--keep DIR] [--full-cfn-lint]
Use the interpreter that has lambda6lint installed (e.g. .venv/bin/python): it runs
`sys.executable -m lambda6lint`, so it measures the installed package.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

# ----- budgets (ARCHITECTURE.md) -------------------------------------------------------------------

SMALL_BUDGET_S = 0.100
FOLDER_BUDGET_S = 5.0
PARSE_RATIO_BUDGET = 1.5
RSS_BUDGET_MB = 200.0
TF_MODULE_BUDGET_S = 1.0  # a Terraform module of 50 files
TF_FILES = 50
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
  cidr_block      = cidrsubnet(aws_vpc.main.cidr_block, 8, {2 * i} + count.index)
  ipv6_cidr_block = var.enable_ipv6 ? cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, {2 * i} + count.index) : null
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


def generate_terraform(folder: pathlib.Path) -> pathlib.Path:
    """A Terraform module of TF_FILES files (one of them the shared network)."""
    module = folder / "terraform"
    module.mkdir(parents=True, exist_ok=True)
    (module / "network.tf").write_text(TF_NETWORK)
    for i in range(TF_FILES - 1):
        (module / f"app_{i:02d}.tf").write_text(terraform_file(i))
    return module


def generate(folder: pathlib.Path, count: int) -> tuple[pathlib.Path, list[pathlib.Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    small = folder / "small.yaml"
    small.write_text(SMALL_TEMPLATE)
    many = folder / "templates"
    many.mkdir(exist_ok=True)
    files = []
    for i in range(count):
        path = many / f"stack-{i:04d}.yaml"
        path.write_text(template(i))
        files.append(path)
    return small, files


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


def run(cmd: list[str], runs: int, cpu: int | None, ok_codes: set[int] | None = None) -> Sample:
    """Time `cmd` as a whole process: one warm-up run, then `runs` measured runs."""
    sample = Sample()
    with tempfile.TemporaryFile() as out:
        for index in range(runs + 1):
            out.seek(0)
            out.truncate()
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, preexec_fn=pin_to(cpu))
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            if index == 0:
                continue  # warm-up: page cache, .pyc files
            sample.wall.append(elapsed)
            sample.cpu.append(usage.ru_utime + usage.ru_stime)
            sample.rss_kb.append(usage.ru_maxrss)
            sample.codes.add(proc.returncode)
        out.seek(0)
        text = out.read().decode("utf-8", "replace").rstrip()
        sample.tail = "\n".join(text.splitlines()[-3:])
    if ok_codes is not None and not sample.codes <= ok_codes:
        print(f"warning: {cmd[0]} … exited {sorted(sample.codes)}:\n{sample.tail}", file=sys.stderr)
    return sample


def find_cfn_lint() -> list[str] | None:
    """cfn-lint beside this interpreter first (same virtualenv), then `-m cfnlint`, then PATH."""
    beside = pathlib.Path(sys.executable).parent / "cfn-lint"
    if beside.exists():
        return [str(beside)]
    if importlib.util.find_spec("cfnlint") is not None:
        return [sys.executable, "-m", "cfnlint"]
    found = shutil.which("cfn-lint")
    return [found] if found else None


def version_of(cmd: list[str]) -> str:
    try:
        done = subprocess.run([*cmd, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr) else "?"


BARE_PARSE = """\
import os, sys, yaml
class Load(yaml.CSafeLoader):
    pass
Load.add_multi_constructor('!', lambda loader, tag, node: None)  # CloudFormation short tags
files = sorted(os.path.join(r, n) for r, _, ns in os.walk(sys.argv[2]) for n in ns if n.endswith('.yaml'))
steps = {
    'load': lambda text: yaml.load(text, Loader=Load),
    'compose': lambda text: yaml.compose(text, Loader=yaml.CSafeLoader),
    'parse': lambda text: sum(1 for _ in yaml.parse(text, Loader=yaml.CSafeLoader)),
}
step = steps[sys.argv[1]]
for f in files:
    with open(f, encoding='utf-8') as h:
        step(h.read())
"""


# ----- report --------------------------------------------------------------------------------------


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "OVER BUDGET")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs per command (median; default 5)")
    parser.add_argument("--files", type=int, default=BUDGET_FILES, help="templates in the folder (default 1000)")
    parser.add_argument("--keep", metavar="DIR", help="generate the templates into DIR and keep them")
    parser.add_argument("--full-cfn-lint", action="store_true", help="run cfn-lint over every file (minutes)")
    parser.add_argument("--subset", type=int, default=50, help="files for the cfn-lint folder run (default 50)")
    parser.add_argument("--no-cfn-lint", action="store_true", help="skip cfn-lint entirely")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the measured processes to one CPU")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.files < 1:
        parser.error("--runs and --files must be at least 1")

    try:
        import yaml

        libyaml = bool(getattr(yaml, "__with_libyaml__", False))
    except ImportError:
        print("PyYAML is not installed for this interpreter", file=sys.stderr)
        return 2
    if importlib.util.find_spec("lambda6lint") is None:
        print(f"lambda6lint is not installed for {sys.executable}", file=sys.stderr)
        return 2
    if not libyaml:
        print("warning: PyYAML has no libyaml (CSafeLoader): the baseline will fail", file=sys.stderr)

    cpu = None
    if not args.no_pin and hasattr(os, "sched_getaffinity"):
        cpu = min(os.sched_getaffinity(0))
    cfn = None if args.no_cfn_lint else find_cfn_lint()

    if args.keep:
        workdir = pathlib.Path(args.keep)
        cleanup = None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="lambda6lint-bench-")
        workdir = pathlib.Path(cleanup.name)
    try:
        small, files = generate(workdir, args.files)
        folder = files[0].parent
        lines = sum(p.read_text().count("\n") for p in files)
        size = sum(p.stat().st_size for p in files)
        ours = [sys.executable, "-m", "lambda6lint"]
        ours_ok = {0, 1}
        print(
            f"generated {len(files)} templates in {folder} "
            f"({lines / len(files):.0f} lines avg, {size / 1e6:.1f} MB); runs={args.runs}, "
            f"pinned to CPU {cpu if cpu is not None else '-'}",
            flush=True,
        )

        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        print("[1/3] small template …", flush=True)
        small_ours = run([*ours, str(small)], args.runs, cpu, ours_ok)
        small_cfn = run([*cfn, str(small)], args.runs, cpu) if cfn else None
        floor = run([sys.executable, "-c", "pass"], args.runs, cpu, {0})

        tf_module = generate_terraform(workdir)
        tf_ours = run([*ours, str(tf_module)], args.runs, cpu, ours_ok)
        imports = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "lambda6lint", str(small)], capture_output=True, text=True
        )
        hcl2_for_cfn = "hcl2" in {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in imports.stderr.splitlines()}

        print(f"[2/3] {len(files)} templates …", flush=True)
        many_ours = run([*ours, str(folder)], args.runs, cpu, ours_ok)
        load = run([sys.executable, "-c", BARE_PARSE, "load", str(folder)], args.runs, cpu, {0})
        compose = run([sys.executable, "-c", BARE_PARSE, "compose", str(folder)], args.runs, cpu, {0})
        parse = run([sys.executable, "-c", BARE_PARSE, "parse", str(folder)], args.runs, cpu, {0})
        many_cfn = None
        cfn_files = files if args.full_cfn_lint else files[: min(args.subset, len(files))]
        if cfn:
            print(f"      cfn-lint over {len(cfn_files)} files …", flush=True)
            many_cfn = run([*cfn, *map(str, cfn_files)], args.runs, cpu)
        print("[3/3] done", flush=True)

        summary = many_ours.tail.splitlines()[-1] if many_ours.tail else "(no output)"
    finally:
        if cleanup is not None:
            cleanup.cleanup()

    # ----- the table -------------------------------------------------------------------------------
    from lambda6lint import __version__

    n = len(files)
    scale = BUDGET_FILES / n  # budgets are for 1,000 files; a smaller --files run is scaled linearly
    cfn_name = version_of(cfn) if cfn else "cfn-lint: not found"
    print()
    print(
        f"lambda6lint {__version__} | Python {sys.version.split()[0]} | PyYAML {yaml.__version__} "
        f"(libyaml {'yes' if libyaml else 'NO'}) | {cfn_name} | median of {args.runs} runs, whole processes"
    )
    print(f"lambda6lint over the folder: {summary}")
    if hasattr(os, "getloadavg"):
        print(f"load average before/after: {load_before:.2f} / {os.getloadavg()[0]:.2f} (other work skews timings)")
    rows: list[tuple[str, str, str, str, str, str]] = []
    header = ("measure", "lambda6lint", "reference", "ratio", "budget", "verdict")

    # 1. small template
    ref = f"cfn-lint {fmt_s(small_cfn.median)}" if small_cfn else "cfn-lint: skipped"
    ratio = f"{small_ours.median / small_cfn.median:.3f}x" if small_cfn else "-"
    rows.append(
        (
            "1 small template",
            fmt_s(small_ours.median),
            ref,
            ratio,
            f"<= {fmt_s(SMALL_BUDGET_S)}",
            verdict(small_ours.median <= SMALL_BUDGET_S),
        )
    )

    rows.append(("  interpreter start-up alone", "-", f"python -c pass {fmt_s(floor.median)}", "-", "(info)", "-"))

    # 2. the folder
    folder_t = many_ours.median
    label = f"{n} templates" + ("" if n == BUDGET_FILES else f" (budget scaled by {n}/{BUDGET_FILES})")
    rows.append(
        (
            label,
            fmt_s(folder_t),
            f"(cpu {fmt_s(many_ours.cpu_median)})",
            "-",
            f"<= {fmt_s(FOLDER_BUDGET_S / scale)}",
            verdict(folder_t * scale <= FOLDER_BUDGET_S),
        )
    )
    baselines = (
        ("bare C-YAML load (CSafeLoader)", load),
        ("  libyaml compose only", compose),
        ("  libyaml events only", parse),
    )
    for name, bare in baselines:
        r = folder_t / bare.median
        # The budget is against loading the same files into Python data with libyaml (libs.md §2.2's
        # reference); compose (nodes, no Python values) and raw events are shown for information.
        strict = bare is load
        rows.append(
            (
                f"  vs {name}",
                fmt_s(folder_t),
                fmt_s(bare.median),
                f"{r:.2f}x",
                f"<= {PARSE_RATIO_BUDGET}x" if strict else "(info)",
                verdict(r <= PARSE_RATIO_BUDGET) if strict else "-",
            )
        )
    if many_cfn is not None:
        if len(cfn_files) == n:
            cfn_t, how = many_cfn.median, f"cfn-lint {fmt_s(many_cfn.median)}"
        else:
            # start-up once, then the measured per-file cost for every file
            startup = small_cfn.median if small_cfn else 0.0
            per_file = max(many_cfn.median - startup, 0.0) / len(cfn_files)
            cfn_t = startup + per_file * n
            how = f"cfn-lint EST. {fmt_s(cfn_t)} ({len(cfn_files)} files: {fmt_s(many_cfn.median)})"
        rows.append(("  vs cfn-lint", fmt_s(folder_t), how, f"{folder_t / cfn_t:.4f}x", "(info)", "-"))
    else:
        rows.append(("  vs cfn-lint", fmt_s(folder_t), "cfn-lint: skipped", "-", "(info)", "-"))

    # Terraform
    rows.append(
        (
            f"Terraform module, {TF_FILES} files",
            fmt_s(tf_ours.median),
            "-",
            "-",
            f"<= {fmt_s(TF_MODULE_BUDGET_S)}",
            verdict(tf_ours.median <= TF_MODULE_BUDGET_S),
        )
    )
    rows.append(
        ("hcl2 imported for a template", "yes" if hcl2_for_cfn else "no", "-", "-", "no", verdict(not hcl2_for_cfn))
    )

    # 3. memory
    rss = many_ours.rss_mb
    # memory does not scale from zero (the interpreter alone is ~10 MB): judged at 1,000 files only
    rows.append(
        (
            f"peak RSS, {n} templates",
            f"{rss:.0f} MB",
            f"bare load {load.rss_mb:.0f} MB",
            f"{rss / load.rss_mb:.2f}x",
            f"<= {RSS_BUDGET_MB:.0f} MB" if n == BUDGET_FILES else f"(for {BUDGET_FILES} files)",
            verdict(rss <= RSS_BUDGET_MB if n == BUDGET_FILES else None),
        )
    )
    if small_cfn:
        rows.append(
            (
                "peak RSS, small template",
                f"{small_ours.rss_mb:.0f} MB",
                f"cfn-lint {small_cfn.rss_mb:.0f} MB",
                f"{small_ours.rss_mb / small_cfn.rss_mb:.2f}x",
                "(info)",
                "-",
            )
        )

    widths = [max(len(row[c]) for row in [header, *rows]) for c in range(len(header))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line.format(*row))
    if many_cfn is not None and len(cfn_files) != n:
        print(
            f"cfn-lint EST. = start-up (its small-template time) + per-file cost measured on "
            f"{len(cfn_files)} files x {n}; --full-cfn-lint measures it instead."
        )
    print("ratio = lambda6lint / reference. Wall-clock medians; the folder row's cpu = user+sys of the child.")
    over = [row for row in rows if row[5] == "OVER BUDGET"]
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
