"""Helpers for hostile-input tests: the real CLI in a subprocess with a memory cap and a time limit,
and small inputs whose one finding quotes a value (so a test can see what was read).

A regression in a hostile-input test must fail the test, not take the machine down: every run gets
an address-space limit (RLIMIT_AS) and a timeout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence

import pytest

MEMORY = 1536 * 1024 * 1024  # bytes of address space per run
TIMEOUT = 120  # seconds per run: a hang guard, not a speed test (hostile inputs take a few; load must not trip it)


def _limit() -> None:  # pragma: no cover - runs in the child
    import contextlib
    import resource

    with contextlib.suppress(ValueError, OSError):  # macOS does not enforce RLIMIT_AS: the timeout still holds
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(
    args: Sequence[str],
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """`python -m lambda6lint ARGS` under the limits; fails the test on a timeout or a traceback."""
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "lambda6lint", *args],
            cwd=cwd,
            env=dict(env) if env is not None else None,
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=_limit if sys.platform != "win32" else None,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"lambda6lint {' '.join(args)} took over {timeout} s")
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return proc


def policy(action: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action}]})


def tf_module(policy_expr: str, head: str = "") -> str:
    """A Terraform module whose W9630 finding quotes the action of `policy_expr`'s policy document."""
    return (
        head
        + f"""
resource "aws_vpc" "main" {{
  cidr_block = "10.0.0.0/16"
}}
resource "aws_subnet" "a" {{
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}}
resource "aws_route_table" "a" {{
  vpc_id = aws_vpc.main.id
}}
resource "aws_route_table_association" "a" {{
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.a.id
}}
resource "aws_security_group" "fn" {{
  vpc_id = aws_vpc.main.id
}}
resource "aws_iam_role" "fn" {{
  assume_role_policy = "{{}}"
}}
resource "aws_iam_role_policy" "data" {{
  role   = aws_iam_role.fn.id
  policy = {policy_expr}
}}
resource "aws_lambda_function" "fn" {{
  function_name = "fn"
  role          = aws_iam_role.fn.arn
  vpc_config {{
    subnet_ids         = [aws_subnet.a.id]
    security_group_ids = [aws_security_group.fn.id]
  }}
}}
"""
    )


def cfn_template(action: str) -> str:
    """A CloudFormation template whose W9630 finding quotes `action`."""
    return f"""\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {{CidrBlock: 10.0.0.0/16}}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {{VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}}
  Table:
    Type: AWS::EC2::RouteTable
    Properties: {{VpcId: !Ref Vpc}}
  Association:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {{SubnetId: !Ref Subnet, RouteTableId: !Ref Table}}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: {{GroupDescription: fn, VpcId: !Ref Vpc}}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {{}}
      Policies:
        - PolicyName: data
          PolicyDocument: {{Statement: [{{Effect: Allow, Action: '{action}'}}]}}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Code: {{ZipFile: 'def handler(e, c): pass'}}
      VpcConfig:
        SubnetIds: [!Ref Subnet]
        SecurityGroupIds: [!Ref Sg]
"""
