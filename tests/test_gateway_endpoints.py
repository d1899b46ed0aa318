"""W9630 says what S3 and DynamoDB traffic without a gateway endpoint does: pays NAT processing, fails
over IPv4 (no route, or an internet gateway, which gives a function no public IPv4 address), or goes
over IPv6 through dual-stack endpoints, where an endpoint is no help and nothing is said."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, ROOT

from lambda6lint import engine

TEMPLATE = """\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  VpcV6:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true}
  Subnet:
    Type: AWS::EC2::Subnet
    DependsOn: VpcV6
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]
  Public:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.9.0/24}
  Igw:
    Type: AWS::EC2::InternetGateway
  Eigw:
    Type: AWS::EC2::EgressOnlyInternetGateway
    Properties: {VpcId: !Ref Vpc}
  Eip:
    Type: AWS::EC2::EIP
  Nat:
    Type: AWS::EC2::NatGateway
    Properties: {SubnetId: !Ref Public, AllocationId: !GetAtt Eip.AllocationId}
  Rt:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  Assoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Subnet, RouteTableId: !Ref Rt}
  V6:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Rt, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: !Ref Eigw}
@ROUTE@
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: fn
      VpcId: !Ref Vpc
      SecurityGroupEgress: [{IpProtocol: '-1', CidrIp: 0.0.0.0/0}, {IpProtocol: '-1', CidrIpv6: '::/0'}]
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
      Policies: [{PolicyName: s3, PolicyDocument: {Statement: [{Effect: Allow, Action: s3:GetObject, Resource: '*'}]}}]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: !GetAtt Role.Arn
      Code: {ZipFile: x}
      Environment: {Variables: {AWS_USE_DUALSTACK_ENDPOINT: '@DUALSTACK@'}}
      VpcConfig: {Ipv6AllowedForDualStack: true, SubnetIds: [!Ref Subnet], SecurityGroupIds: [!Ref Sg]}
"""

V4 = "  V4:\n    Type: AWS::EC2::Route\n    Properties: {RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, %s}"
NAT, IGW = V4 % "NatGatewayId: !Ref Nat", V4 % "GatewayId: !Ref Igw"


@pytest.mark.parametrize(
    ("route", "dualstack", "consequence"),
    [
        (NAT, "false", "that traffic goes through NAT and pays $0.045/GB processing"),
        # (IPv4 is still on offer, but not all of it: dual-stack endpoints over IPv6 leave by the egress-only gateway)
        (NAT, "true", "what of that traffic uses IPv4 goes through NAT and pays $0.045/GB processing"),
        (IGW, "false", "a function gets no public IPv4 address, so IPv4 calls through the internet gateway fail"),
        ("", "false", "there is no IPv4 route to it, so IPv4 calls fail"),
        ("", "true", None),  # dual-stack endpoints over IPv6: free, and an IPv4 gateway endpoint would not carry it
        (IGW, "true", None),
    ],
)
def test_what_traffic_without_a_gateway_endpoint_does(tmp_path, route, dualstack, consequence):
    path = tmp_path / "t.yaml"
    path.write_text(TEMPLATE.replace("@ROUTE@", route).replace("@DUALSTACK@", dualstack))
    result = engine.lint([str(path)])
    assert not result.errors, [f.message for f in result.errors]
    messages = [f.message for f in result.findings if f.rule.id == "W9630"]
    if consequence is None:
        assert messages == []
    else:
        assert len(messages) == 1 and consequence in messages[0], messages


def test_traffic_without_an_ipv4_route_that_dns64_sends_to_nat64_pays_nat_processing(tmp_path):
    """No 0.0.0.0/0 route, but DNS64 on and 64:ff9b::/96 to the NAT gateway: the service's IPv4-only names are
    answered with NAT64 addresses, so the calls do not fail, they pay NAT processing. No test had this path, so
    saying "IPv4 calls fail" instead went unseen (h313)."""
    v64 = "  V64:\n    Type: AWS::EC2::Route\n    Properties: {RouteTableId: !Ref Rt, DestinationIpv6CidrBlock: "
    v64 += "'64:ff9b::/96', NatGatewayId: !Ref Nat}"
    dns64 = "      CidrBlock: 10.0.1.0/24\n      EnableDns64: true\n"
    template = TEMPLATE.replace("@ROUTE@", v64).replace("@DUALSTACK@", "false")
    path = tmp_path / "t.yaml"
    path.write_text(template.replace("      CidrBlock: 10.0.1.0/24\n", dns64))
    messages = [f.message for f in engine.lint([str(path)]).findings if f.rule.id == "W9630"]
    assert len(messages) == 1, messages
    assert ": that traffic goes through NAT64 on the NAT gateway and pays $0.045/GB processing." in messages[0]


def test_an_aws_managed_policy_on_the_role_is_named_as_the_evidence(tmp_path):
    """The evidence is the policy the user attached, not a stand-in action they never wrote."""
    text = TEMPLATE.replace("@ROUTE@", NAT).replace("@DUALSTACK@", "false")
    start = text.index("      Policies: [{PolicyName: s3")
    text = (
        text[:start]
        + "      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]\n"
        + text[text.index("\n", start) + 1 :]
    )
    path = tmp_path / "t.yaml"
    path.write_text(text)
    [message] = [f.message for f in engine.lint([str(path)]).findings if f.rule.id == "W9630"]
    assert "uses S3 (managed policy AmazonS3ReadOnlyAccess on role Role)" in message, message


ENDPOINT = """\
  S3:
    Type: AWS::EC2::VPCEndpoint
@CONDITION@    Properties:
      VpcId: !Ref Vpc
      ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
      RouteTableIds: @TABLES@
"""


@pytest.mark.parametrize(
    ("condition", "tables", "cause"),
    [
        (
            "    Condition: WithEndpoint\n",
            "[!Ref Rt]",
            "cannot be known: AWS::EC2::VPCEndpoint S3 exists only if condition `WithEndpoint`, which depends on "
            "parameter `Endpoint` (pass its value to decide it; lambda6lint assumes no Default in a condition)",
        ),
        (
            "",
            "!Ref Tables",
            "cannot be known: AWS::EC2::VPCEndpoint S3 (its RouteTableIds) comes from parameter `Tables` (pass its "
            "value to decide it)",
        ),
    ],
)
def test_a_gateway_endpoint_that_cannot_be_known_is_explained(tmp_path, condition, tables, cause):
    """W9630 stays silent where a route table may have the endpoint, and --explain says why (it said
    nothing)."""
    text = TEMPLATE.replace("@ROUTE@", NAT).replace("@DUALSTACK@", "false")
    text = text.replace(
        "Resources:\n",
        "Parameters:\n  Endpoint: {Type: String}\n  Tables: {Type: CommaDelimitedList}\n"
        "Conditions:\n  WithEndpoint: !Equals [!Ref Endpoint, 'yes']\nResources:\n",
    )
    text += ENDPOINT.replace("@CONDITION@", condition).replace("@TABLES@", tables)
    path = tmp_path / "t.yaml"
    path.write_text(text)
    result = engine.lint([str(path)])
    assert "W9630" not in {f.rule.id for f in result.findings}
    texts = {u.text for u in result.undecided}
    assert f"whether route table Rt has an S3 gateway endpoint {cause}" in texts, texts


def test_a_customer_managed_policy_named_like_an_aws_one_is_not_evidence(tmp_path):
    """`arn:aws:iam::123456789012:policy/AmazonS3FullAccess` is the account's own policy: what it grants
    is not known (AWS's own are `arn:aws:iam::aws:policy/…`)."""
    text = TEMPLATE.replace("@ROUTE@", NAT).replace("@DUALSTACK@", "false")
    start = text.index("      Policies: [{PolicyName: s3")
    own = "      ManagedPolicyArns: [arn:aws:iam::123456789012:policy/AmazonS3FullAccess]\n"
    (tmp_path / "t.yaml").write_text(text[:start] + own + text[text.index("\n", start) + 1 :])
    result = engine.lint([str(tmp_path / "t.yaml")])
    assert "W9630" not in {f.rule.id for f in result.findings}
    assert (  # and --explain says what W9630 could not know (it said nothing)
        "whether it uses S3 cannot be known: AWS::IAM::Role Role has managed policy "
        "`arn:aws:iam::123456789012:policy/AmazonS3FullAccess`, which is not in this run"
    ) in {u.text for u in result.undecided}


def _permissions(tmp_path, role: str, fn: str = "      Role: !GetAtt Role.Arn\n") -> tuple[list[str], set[str]]:
    """W9630's findings and what --explain says of whether Fn uses S3, with the role's Properties after
    its trust policy written as `role` and the function's Role as `fn`."""
    text = TEMPLATE.replace("@ROUTE@", NAT).replace("@DUALSTACK@", "false")
    start = text.index("      Policies: [{PolicyName: s3")
    text = text[:start] + role + text[text.index("\n", start) + 1 :]
    text = text.replace("      Role: !GetAtt Role.Arn\n", fn)
    text = text.replace("Resources:\n", "Parameters:\n  Given: {Type: String}\nResources:\n")
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path / "t.yaml")])
    found = [f.message for f in result.findings if f.rule.id == "W9630"]
    return found, {u.text for u in result.undecided if u.fact == "whether it uses S3"}


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        "!Sub arn:${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess",
        "!Join ['', ['arn:', !Ref AWS::Partition, ':iam::aws:policy/AmazonS3ReadOnlyAccess']]",
    ],
)
def test_an_aws_managed_policy_is_evidence_however_its_arn_is_written(tmp_path, arn):
    found, undecided = _permissions(tmp_path, f"      ManagedPolicyArns:\n        - {arn}\n")
    assert len(found) == 1 and "managed policy AmazonS3ReadOnlyAccess on role Role" in found[0], found
    assert not undecided


@pytest.mark.parametrize(
    ("role", "fn", "cause"),
    [
        (
            "",
            "      Role: !Ref Given\n",
            "its role's ARN comes from parameter `Given` (pass its value to decide it)",
        ),
        (
            "",
            "      Role: arn:aws:iam::123456789012:role/orders\n",
            "its role `arn:aws:iam::123456789012:role/orders` is not in this run, so what the role allows cannot "
            "be read",
        ),
        (
            "      Policies: [{PolicyName: p, PolicyDocument: {Statement: [{Effect: Allow, Action: !Ref Given}]}}]\n",
            "      Role: !GetAtt Role.Arn\n",
            "AWS::IAM::Role Role has a policy action that comes from parameter `Given` (pass its value to decide it)",
        ),
        (
            "      ManagedPolicyArns: [!Ref Given]\n",
            "      Role: !GetAtt Role.Arn\n",
            "AWS::IAM::Role Role has a managed policy whose ARN comes from parameter `Given` (pass its value to "
            "decide it)",
        ),
        (
            "      ManagedPolicyArns: [!Sub 'arn:${AWS::Partition}:iam::aws:policy/${Given}']\n",
            "      Role: !GetAtt Role.Arn\n",
            "AWS::IAM::Role Role has a managed policy whose ARN comes from parameter `Given`",
        ),
    ],
)
def test_permissions_that_cannot_be_read_are_explained(tmp_path, role, fn, cause):
    """A function whose role or policies cannot all be read may use S3: W9630 is silent, and --explain
    says why where a route table lacks the endpoint (it said nothing: RULES.md "What could not be
    decided")."""
    found, undecided = _permissions(tmp_path, role, fn)
    assert not found
    assert any(text.startswith(f"whether it uses S3 cannot be known: {cause}") for text in undecided), undecided


def test_permissions_that_are_all_known_are_not_explained(tmp_path):
    """A role whose every policy is read, allowing no S3 action: nothing is unknown, nothing is listed."""
    vpc_access = "!Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
    role = (
        f"      ManagedPolicyArns: [{vpc_access}]\n"
        "      Policies: [{PolicyName: q, PolicyDocument: {Statement: [{Effect: Allow, Action: sqs:SendMessage}]}}]\n"
    )
    assert _permissions(tmp_path, role) == ([], set())


@pytest.mark.parametrize(
    ("value", "uses"),
    [
        ("!GetAtt Table.StreamArn", False),
        ('!Sub "${Table.StreamArn}"', False),  # the stream in a Sub, too
        ("!Ref Table", True),
        ('!Sub "${Table}"', True),
    ],
)
def test_a_tables_stream_in_the_environment_is_not_the_table(tmp_path, value, uses):
    text = TEMPLATE.replace("@ROUTE@", NAT).replace("@DUALSTACK@", "false")
    start = text.index("      Policies: [{PolicyName: s3")
    text = text[:start] + text[text.index("\n", start) + 1 :]
    text = text.replace("Variables: {AWS_USE_DUALSTACK_ENDPOINT: 'false'}", f"Variables: {{TABLE: {value}}}")
    text += (
        "  Table:\n    Type: AWS::DynamoDB::Table\n    Properties:\n"
        "      KeySchema: [{AttributeName: pk, KeyType: HASH}]\n"
        "      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]\n"
        "      StreamSpecification: {StreamViewType: NEW_IMAGE}\n"
    )
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path / "t.yaml")])
    assert not result.errors
    assert ("W9630" in {f.rule.id for f in result.findings}) is uses


OWN_POLICY = """\
  OwnS3:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: @NAME@
@PATH@      PolicyDocument: {Statement: [{Effect: Allow, Action: s3:PutObject, Resource: '*'}]}
"""


@pytest.mark.parametrize(
    ("arn", "name", "path", "uses"),
    [
        ("arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/own-s3", "own-s3", "", True),
        ("arn:aws:iam::${AWS::AccountId}:policy/team/own-s3", "own-s3", "      Path: /team/\n", True),
        ("arn:aws:iam::${AWS::AccountId}:policy/own-s3", "own-s3", "      Path: /team/\n", False),  # another path
        ("arn:aws:iam::${AWS::AccountId}:policy/other", "own-s3", "", False),
        ("arn:aws:iam::123456789012:policy/own-s3", "own-s3", "", False),  # an account that may be another's
    ],
)
def test_a_roles_managed_policy_named_by_its_arn_is_the_templates(tmp_path, arn, name, path, uses):
    """`ManagedPolicyArns: [!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/own-s3]` names the
    template's AWS::IAM::ManagedPolicy called own-s3 (with its Path): its actions are the role's."""
    text = TEMPLATE.replace("@ROUTE@", NAT).replace("@DUALSTACK@", "false")
    start = text.index("      Policies: [{PolicyName: s3")
    text = text[:start] + f"      ManagedPolicyArns: [!Sub '{arn}']\n" + text[text.index("\n", start) + 1 :]
    text += OWN_POLICY.replace("@NAME@", name).replace("@PATH@", path)
    (tmp_path / "t.yaml").write_text(text)
    messages = [f.message for f in engine.lint([str(tmp_path / "t.yaml")]).findings if f.rule.id == "W9630"]
    assert bool(messages) is uses, messages
    if uses:
        assert "`s3:PutObject` in policy OwnS3" in messages[0], messages


TF_FIXTURE = ROOT / "fixtures" / "W9630" / "bad-s3-policy-no-endpoint" / "main.tf"
TF_ACTIONS = '    actions   = ["s3:GetObject", "s3:PutObject"]\n'


@pytest.mark.parametrize(
    ("old", "new", "cause"),
    [
        (
            "  role          = aws_iam_role.fn.arn\n",
            "  role          = var.given\n",
            "its role's ARN comes from variable `given`, which has no value (pass --var given=… or a .tfvars file)",
        ),
        (
            "  role          = aws_iam_role.fn.arn\n",
            '  role          = "arn:aws:iam::123456789012:role/orders"\n',
            "its role `arn:aws:iam::123456789012:role/orders` is not in this run, so what the role allows cannot "
            "be read",
        ),
        (
            TF_ACTIONS,
            '    actions   = ["sqs:SendMessage", var.given]\n',
            "aws_iam_role_policy.data has a policy action that comes from variable `given`, which has no value",
        ),
        (
            TF_ACTIONS,
            '    actions   = ["sqs:SendMessage"]\n    effect    = var.given\n',
            "aws_iam_role_policy.data has a policy statement that comes from variable `given`, which has no value",
        ),
        (
            '  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"\n',
            "  policy_arn = var.given\n",
            "aws_iam_role.fn has a managed policy whose ARN comes from variable `given`, which has no value",
        ),
        (
            '  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"\n',
            '  policy_arn = "arn:aws:iam::123456789012:policy/orders-data"\n',
            "aws_iam_role.fn has managed policy `arn:aws:iam::123456789012:policy/orders-data`, which is not in "
            "this run",
        ),
    ],
)
def test_terraform_permissions_that_cannot_be_read_are_explained(tmp_path, old, new, cause):
    """As in CloudFormation: the role out of the files, an action or effect from a variable, a managed
    policy that is not AWS's or whose ARN cannot be known."""
    text = TF_FIXTURE.read_text()
    assert old in text
    text = text.replace(old, new).replace(TF_ACTIONS, '    actions   = ["sqs:SendMessage"]\n')
    (tmp_path / "main.tf").write_text('variable "given" {\n  type = string\n}\n' + text)
    result = engine.lint([str(tmp_path)])
    assert "W9630" not in {f.rule.id for f in result.findings}
    texts = {u.text for u in result.undecided if u.fact == "whether it uses S3"}
    assert any(text.startswith(f"whether it uses S3 cannot be known: {cause}") for text in texts), texts


def test_a_roles_managed_policies_a_plan_computes_are_its_attachments():
    """`managed_policy_arns` left out of the configuration is unknown in a plan until apply: the provider
    fills it in from the role's policy attachments, which the plan holds. It is not an unknown policy."""
    result = engine.lint([str(ROOT / "fixtures" / "W9630" / "good-s3-gateway-endpoint.tfplan.json")])
    assert not [u.text for u in result.undecided if u.fact.startswith("whether it uses")]


@pytest.mark.parametrize(
    ("policies", "cause"),
    [
        (
            "[!Ref Given]",
            "its SAM Policies have a managed policy whose ARN comes from parameter `Given` (pass its value to "
            "decide it)",
        ),
        (
            "[{Statement: [{Effect: Allow, Action: !Ref Given, Resource: '*'}]}]",
            "its SAM Policies have a policy action that comes from parameter `Given` (pass its value to decide it)",
        ),
        (  # (a list of ARNs)
            "!Ref Given",
            "its SAM Policies have a managed policy whose ARN comes from parameter `Given` (pass its value to "
            "decide it)",
        ),
    ],
)
def test_sam_policies_that_cannot_be_read_are_explained_of_the_function(tmp_path, policies, cause):
    text = TEMPLATE.replace("@ROUTE@", NAT).replace("@DUALSTACK@", "false")
    text = text.replace("AWSTemplateFormatVersion: '2010-09-09'\n", "Transform: AWS::Serverless-2016-10-31\n")
    text = text.replace("Resources:\n", "Parameters:\n  Given: {Type: CommaDelimitedList}\nResources:\n")
    text = text.replace("    Type: AWS::Lambda::Function\n", "    Type: AWS::Serverless::Function\n")
    text = text.replace("      Role: !GetAtt Role.Arn\n", f"      Policies: {policies}\n")
    text = text.replace("      Code: {ZipFile: x}\n", "      InlineCode: x\n")
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path / "t.yaml")])
    assert "W9630" not in {f.rule.id for f in result.findings} and not result.errors
    texts = {u.text for u in result.undecided if u.fact == "whether it uses S3"}
    assert any(text.startswith(f"whether it uses S3 cannot be known: {cause}") for text in texts), texts


def test_an_inline_policy_block_without_a_policy_is_nothing(tmp_path):
    """`inline_policy {}` (it clears a role's inline policies) allows nothing: no error, nothing unknown."""
    text = TF_FIXTURE.read_text().replace(TF_ACTIONS, '    actions   = ["sqs:SendMessage"]\n')
    text = text.replace(
        "  assume_role_policy = data.aws_iam_policy_document.assume.json\n",
        "  assume_role_policy = data.aws_iam_policy_document.assume.json\n  inline_policy {}\n",
    )
    (tmp_path / "main.tf").write_text(text)
    result = engine.lint([str(tmp_path)])
    assert not result.errors and not [u for u in result.undecided if u.fact.startswith("whether it uses")]


@pytest.mark.parametrize(
    "attachment",
    [
        '  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonS3ReadOnlyAccess"\n',
        "  policy_arn = data.aws_iam_policy.s3_read.arn\n",
    ],
)
def test_an_aws_managed_policy_arn_with_an_unknown_partition_is_evidence(tmp_path, attachment):
    """`arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonS3ReadOnlyAccess` names the policy
    whatever the partition (it was an unknown policy, and W9630 was silent)."""
    text = TF_FIXTURE.read_text().replace(TF_ACTIONS, '    actions   = ["sqs:SendMessage"]\n')
    text = text.replace(
        '  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"\n', attachment
    )
    text += (
        'data "aws_partition" "current" {}\n\ndata "aws_iam_policy" "s3_read" {\n'
        '  arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonS3ReadOnlyAccess"\n}\n'
    )
    (tmp_path / "main.tf").write_text(text)
    found = [f.message for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "W9630"]
    assert len(found) == 1 and "managed policy AmazonS3ReadOnlyAccess on role aws_iam_role.fn" in found[0], found


@pytest.mark.parametrize(
    ("fixture", "consequence"),
    [
        (
            "bad-s3-interface-endpoint-only.yaml",
            "that traffic goes through NAT and pays $0.045/GB processing (interface endpoint S3InterfaceEndpoint has "
            "private DNS off: the service's default name, which SDKs call, does not resolve to it).",
        ),
        (
            "bad-registry-vpc-endpoints-interface-only",
            "there is no IPv4 route to it, so IPv4 calls fail (interface endpoint "
            'module.vpc_endpoints.aws_vpc_endpoint.this["s3"] has private DNS off',
        ),
        (
            "bad-s3-interface-endpoint-private-dns-on.yaml",
            "that traffic goes through interface endpoint S3InterfaceEndpoint, whose private DNS takes the service's "
            "default name (billed per GB and per hour in each zone), or through NAT ($0.045/GB processing) for names "
            "it does not answer.",
        ),
        (
            "bad-cdk-s3-interface-endpoint-private-dns-on.json",
            "that traffic goes through interface endpoint ResizerStack/S3InterfaceEndpoint/Resource, whose private DNS "
            "takes the service's default name",
        ),
        (
            "bad-dynamodb-interface-endpoint-private-dns-from-parameter.sam.yaml",
            "that traffic goes through NAT ($0.045/GB processing), or may go through interface endpoint "
            "DynamoDbInterfaceEndpoint (billed per GB and per hour in each zone): its private DNS comes from "
            "parameter `EndpointPrivateDns` (pass its value to decide it).",
        ),
        (
            "bad-s3-interface-endpoint-private-dns-off",
            "that traffic goes through NAT and pays $0.045/GB processing (interface endpoint aws_vpc_endpoint.s3 has "
            "private DNS off",
        ),
        (  # (`private_dns_enabled` left out: unknown in the plan, the provider creates it false)
            "bad-s3-interface-endpoint-private-dns-left-out.tfplan.json",
            "that traffic goes through NAT and pays $0.045/GB processing (interface endpoint aws_vpc_endpoint.s3 has "
            "private DNS off",
        ),
    ],
)
def test_an_interface_endpoint_for_the_service_is_named_in_what_its_traffic_does(fixture, consequence):
    """W9630 said S3 traffic 'goes through NAT' beside an S3 interface endpoint whose private DNS takes
    it (two helpers, on public Terraform and CloudFormation): the endpoint, billed per GB and hour, is
    named; a gateway endpoint is still the free way. It is named as taking the traffic only where its
    private DNS is on (CloudFormation's `PrivateDnsEnabled` and Terraform's `private_dns_enabled` are
    false unless written; CDK writes true), as one that may where that cannot be known, and as one whose
    private DNS is off otherwise: chinmayto/terraform-aws-lambda-in-vpc's `private_dns_enabled = false`
    endpoint was said to take it "where its private DNS takes it", which it never does."""
    [finding] = [f for f in engine.lint([str(ROOT / "fixtures" / "W9630" / fixture)]).findings if f.rule.id == "W9630"]
    assert consequence in finding.message, finding.message


INTERFACE = """
  Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref Vpc
      ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
      VpcEndpointType: Interface
      SubnetIds: [!Ref Subnet]
@DNS@"""


@pytest.mark.parametrize(
    ("route", "dns", "said"),
    [
        (NAT, "      PrivateDnsEnabled: true", "goes through interface endpoint Endpoint, whose private"),
        (NAT, "      PrivateDnsEnabled: 'true'", "goes through interface endpoint Endpoint, whose private"),
        (NAT, "      PrivateDnsEnabled: false", "processing (interface endpoint Endpoint has private DNS off"),
        (NAT, "", "processing (interface endpoint Endpoint has private DNS off"),
        (NAT, "      PrivateDnsEnabled: !Ref Dns", "or may go through interface endpoint Endpoint (billed"),
        ("", "      PrivateDnsEnabled: true", "IPv4 calls fail, except those to the service's default name, which"),
        ("", "      PrivateDnsEnabled: !Ref Dns", "default name may go through interface endpoint Endpoint (billed"),
        ("", "", "so IPv4 calls fail (interface endpoint Endpoint has private DNS off"),
    ],
)
def test_an_interface_endpoint_takes_the_traffic_only_where_its_private_dns_is_on(tmp_path, route, dns, said):
    """CloudFormation: `PrivateDnsEnabled` true, false, left out (false) or a parameter without a value."""
    text = TEMPLATE.replace("@ROUTE@", route + INTERFACE.replace("@DNS@", dns)).replace("@DUALSTACK@", "false")
    text = text.replace("Resources:\n", "Parameters:\n  Dns: {Type: String}\nResources:\n", 1)
    (tmp_path / "t.yaml").write_text(text)
    [message] = [f.message for f in engine.lint([str(tmp_path / "t.yaml")]).findings if f.rule.id == "W9630"]
    assert said in message, message
    if "may" not in said:
        assert "may go through" not in message and "pass its value" not in message, message


TF_ENDPOINT = """
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  subnet_id      = aws_subnet.private.id
  route_table_id = aws_route_table.private.id
}

@ENDPOINT@

resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = "{}"
  inline_policy {
    name   = "s3"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
  }
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
  vpc_config {
    subnet_ids         = [aws_subnet.private.id]
    security_group_ids = []
  }
}

variable "dns" {
  type = bool
}
"""
RESOURCE = """resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.us-east-1.s3"
  vpc_endpoint_type = "Interface"
  subnet_ids        = [aws_subnet.private.id]
  %s
}"""
MODULE = """module "endpoints" {
  source  = "terraform-aws-modules/vpc/aws//modules/vpc-endpoints"
  version = "~> 5.0"
  vpc_id  = aws_vpc.main.id
  endpoints = {
    s3 = {
      service    = "s3"
      subnet_ids = [aws_subnet.private.id]
      %s
    }
  }
}"""


@pytest.mark.parametrize(
    ("endpoint", "said"),
    [
        (RESOURCE % "private_dns_enabled = true", "except those to the service's default name, which the private DNS"),
        (RESOURCE % "private_dns_enabled = false", "(interface endpoint aws_vpc_endpoint.s3 has private DNS off"),
        (RESOURCE % "", "(interface endpoint aws_vpc_endpoint.s3 has private DNS off"),
        (RESOURCE % "private_dns_enabled = var.dns", "its private DNS comes from variable `dns`, which has no value"),
        (MODULE % "private_dns_enabled = true", "which the private DNS of interface endpoint module.endpoints."),
        (MODULE % "", 'interface endpoint module.endpoints.aws_vpc_endpoint.this["s3"] has private DNS off'),
        (MODULE % "private_dns_enabled = var.dns", "may go through interface endpoint module.endpoints."),
    ],
)
def test_a_terraform_interface_endpoint_takes_the_traffic_only_where_its_private_dns_is_on(tmp_path, endpoint, said):
    """Terraform: `private_dns_enabled` true, false, left out (the provider's false) or a variable without a value,
    on a resource or an entry of the registry's vpc-endpoints module (which passes null, false, when left out)."""
    (tmp_path / "main.tf").write_text(TF_ENDPOINT.replace("@ENDPOINT@", endpoint))
    [message] = [f.message for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "W9630"]
    assert said in message, message


def test_a_gateway_endpoint_on_other_route_tables_is_extended_not_doubled(tmp_path):
    """W9630 asked for a new gateway endpoint where the VPC has one for the service on other route tables
    (a helper, on a public CDK app): add the tables to it, in the input's words."""
    [finding] = [
        f
        for f in engine.lint([str(ROOT / "fixtures" / "W9630" / "bad-s3-endpoint-on-some-route-tables.yaml")]).findings
        if f.rule.id == "W9630"
    ]
    assert finding.message.endswith(
        "Add it to S3 gateway endpoint S3GatewayEndpoint (its RouteTableIds); gateway endpoints are free."
    )
    (tmp_path / "main.tf").write_text(
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_subnet" "s" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n}\n'
        'resource "aws_route_table" "a" {\n  vpc_id = aws_vpc.v.id\n}\n'
        'resource "aws_route_table" "b" {\n  vpc_id = aws_vpc.v.id\n}\n'
        'resource "aws_route_table_association" "s" {\n  subnet_id = aws_subnet.s.id\n'
        "  route_table_id = aws_route_table.b.id\n}\n"
        'resource "aws_vpc_endpoint" "s3" {\n  vpc_id = aws_vpc.v.id\n  service_name = "com.amazonaws.us-east-1.s3"\n'
        "  route_table_ids = [aws_route_table.a.id]\n}\n"
        'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = "{}"\n'
        '  inline_policy {\n    name = "s3"\n    policy = jsonencode({ Statement = [{ Effect = "Allow", '
        'Action = "s3:GetObject", Resource = "*" }] })\n  }\n}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = aws_iam_role.r.arn\n'
        "  vpc_config {\n    subnet_ids = [aws_subnet.s.id]\n    security_group_ids = []\n  }\n}\n"
    )
    [finding] = [f for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "W9630"]
    assert "Add it to S3 gateway endpoint aws_vpc_endpoint.s3 (its route_table_ids, or an " in finding.message


def test_between_the_steps_w9630_says_only_ipv4_traffic_pays(tmp_path):
    """Flag, ::/0 route and dual-stack SDKs set, the NAT gateway still there: S3's dual-stack endpoints reached
    over IPv6 leave through the egress-only gateway, free; W9630 said all of it went through NAT and paid."""
    text = (FIXTURES / "W9650" / "bad-single-nat-lambda-only-dualstack.yaml").read_text()
    text = text.replace(
        "      ManagedPolicyArns:\n",
        "      Policies:\n        - PolicyName: read\n          PolicyDocument:\n            Version: '2012-10-17'\n"
        "            Statement:\n              - {Effect: Allow, Action: 's3:GetObject', Resource: '*'}\n"
        "      ManagedPolicyArns:\n",
        1,
    )
    (tmp_path / "t.yaml").write_text(text)
    said = [f.message for f in engine.lint([str(tmp_path / "t.yaml")]).findings if f.rule.id == "W9630"]
    assert said and all(
        "what of that traffic uses IPv4 goes through NAT and pays $0.045/GB processing (its dual-stack endpoints "
        "reached over IPv6 leave through the egress-only gateway, free)" in m
        for m in said
    ), said


def test_subnets_on_a_cloudformation_main_route_table_are_moved_to_a_table_that_can_take_the_endpoint():
    """CloudFormation cannot name a VPC's main route table, so no endpoint's RouteTableIds (nor a route) can
    take it: the fix associates the subnets with a route table of the template (it said to add the main table
    to the endpoint's RouteTableIds, which cannot be done). Terraform names it (`main_route_table_id`)."""
    from lambda6lint import diagram

    path = FIXTURES / "W9630" / "bad-subnet-on-the-main-route-table.yaml"
    result = engine.lint([str(path)], engine.Options(plan=True))
    (finding,) = [f for f in result.findings if f.rule.id == "W9630"]
    assert finding.message.endswith(
        "there is no IPv4 route to it, so IPv4 calls fail. CloudFormation cannot name a VPC's main route table: "
        "associate subnet PrivateSubnetB with a route table of the template (AWS::EC2::SubnetRouteTableAssociation), "
        "then add that table to S3 gateway endpoint S3GatewayEndpoint (its RouteTableIds); gateway endpoints are free."
    )
    assert result.network is not None and result.plan is not None
    drawn = diagram.draw(result.network, result.plan)
    changes = {
        c.resource.name: c.what for n in drawn.nats for s in n.steps if s.step == "ipv6-route" for c in s.changes
    }
    assert changes["PrivateRouteTableA"] == "add ::/0 → AWS::EC2::EgressOnlyInternetGateway"
    assert changes["Vpc main route table"] == (
        "CloudFormation cannot name a VPC's main route table: associate the functions' subnets on it with a route "
        "table of the template (AWS::EC2::SubnetRouteTableAssociation) that has ::/0 → "
        "AWS::EC2::EgressOnlyInternetGateway"
    )


@pytest.mark.parametrize(
    ("fixture", "consequence"),
    [
        (
            # (A and B both route 0.0.0.0/0 to the NAT gateway: said once, whichever it is)
            "W9630/bad-association-table-chosen-by-undecided-condition.yaml",
            ": that traffic goes through NAT and pays $0.045/GB processing. ",
        ),
        (
            "W9630/bad-subnet-on-one-of-route-tables-one-via-nat.yaml",
            ": if subnet Subnet is on IsolatedRouteTableB, there is no IPv4 route to it, so IPv4 calls fail; if subnet "
            "Subnet is on PrivateRouteTableA, that traffic goes through NAT and pays $0.045/GB processing. ",
        ),
    ],
)
def test_what_traffic_from_a_subnet_on_one_of_some_tables_does_is_said_of_each_where_they_differ(fixture, consequence):
    """A subnet on `!If [C, !Ref IsolatedRouteTableB, !Ref PrivateRouteTableA]`, neither with the endpoint: the
    consequence was the union of both tables' IPv4 routes, so NAT processing was charged whichever table it is on,
    though on B the traffic has no route at all. Where the tables' routes differ, each is said as a condition."""
    (found,) = [f for f in engine.lint([str(FIXTURES / fixture)]).findings if f.rule.id == "W9630"]
    assert consequence in found.message


def test_a_table_whose_ipv4_route_cannot_be_known_is_not_said_to_have_none():
    """The table's one route takes its destination from a parameter: W9630 said "there is no IPv4 route to it, so
    IPv4 calls fail", though the route may be 0.0.0.0/0 to the NAT gateway."""
    (found,) = [
        f
        for f in engine.lint([str(FIXTURES / "W9630/bad-route-destination-from-parameter.yaml")]).findings
        if f.rule.id == "W9630"
    ]
    assert "no IPv4 route" not in found.message
    assert (
        ": where its IPv4 route leads cannot be known (--explain says why), so that traffic pays NAT processing "
        "($0.045/GB) or another path's charges, or fails. "
    ) in found.message


def test_subnets_on_one_of_the_same_route_tables_are_said_together(tmp_path):
    """A function in two (up to Lambda's 16) subnets, each on `!If [InZoneB, !Ref IsolatedRouteTableB, !Ref
    PrivateRouteTableA]`: each subnet said the same "whichever of …" and "if subnet … is on …" clauses again (16
    subnets: 4.7 KB); subnets on one of the same tables are said together (h160)."""
    text = (FIXTURES / "W9630/bad-subnet-on-one-of-route-tables-one-via-nat.yaml").read_text()
    subnet = (
        "  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.1.0/24\n"
    )
    association = (
        "  SubnetAssociation:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties:\n      SubnetId: "
        "!Ref Subnet\n      RouteTableId: !If [InZoneB, !Ref IsolatedRouteTableB, !Ref PrivateRouteTableA]\n"
    )
    assert text.count(subnet) == 1 and text.count(association) == 1 and text.count("SubnetIds: [!Ref Subnet]") == 1
    text = text.replace(subnet, subnet + subnet.replace("Subnet:", "Other:").replace("10.0.1.", "10.0.2."))
    text = text.replace(
        association,
        association + association.replace("Association:", "Other:", 1).replace("!Ref Subnet\n", "!Ref Other\n"),
    )
    path = tmp_path / "t.yaml"
    path.write_text(text.replace("SubnetIds: [!Ref Subnet]", "SubnetIds: [!Ref Subnet, !Ref Other]"))
    (found,) = [f for f in engine.lint([str(path)]).findings if f.rule.id == "W9630"]
    assert (
        "(whichever of IsolatedRouteTableB, PrivateRouteTableA subnets Subnet, Other are on): if subnets Subnet, "
        "Other are on IsolatedRouteTableB, there is no IPv4 route to it, so IPv4 calls fail; if subnets Subnet, Other "
        "are on PrivateRouteTableA, that traffic goes through NAT and pays $0.045/GB processing. "
    ) in found.message, found.message


def test_of_one_of_two_tables_the_one_whose_ipv4_route_cannot_be_known_is_not_spoken_for(tmp_path):
    """A subnet on one of two tables, neither with the endpoint: A routes 0.0.0.0/0 to the NAT gateway, B's one
    route takes its destination from a parameter. What B's traffic does is not said (it may be NAT, or nothing);
    no test had such a table among several, so speaking for it, or failing on it, went unseen (h313)."""
    text = (FIXTURES / "W9630/bad-subnet-on-one-of-route-tables-one-via-nat.yaml").read_text()
    table = "  IsolatedRouteTableB:\n    Type: AWS::EC2::RouteTable\n    Properties:\n      VpcId: !Ref Vpc\n"
    assert text.count(table) == 1 and text.count("Parameters:\n") == 1
    route = (
        "  IsolatedRoute:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref IsolatedRouteTableB\n"
        "      DestinationCidrBlock: !Ref Destination\n      NatGatewayId: !Ref NatGateway\n"
    )
    parameter = "Parameters:\n  Destination:\n    Type: String\n"
    text = text.replace(table, table + route).replace("Parameters:\n", parameter)
    path = tmp_path / "t.yaml"
    path.write_text(text)
    result = engine.lint([str(path)])
    assert not result.errors, [f.message for f in result.errors]
    (found,) = [f for f in result.findings if f.rule.id == "W9630"]
    assert (
        "(whichever of IsolatedRouteTableB, PrivateRouteTableA subnet Subnet is on): if subnet Subnet is on "
        "PrivateRouteTableA, that traffic goes through NAT and pays $0.045/GB processing. "
    ) in found.message, found.message
    assert "on IsolatedRouteTableB," not in found.message


def test_subnets_that_agree_are_said_beside_a_subnet_on_one_of_some_tables(tmp_path):
    """Two subnets on the NAT table and one on one of two tables whose routes differ: the two are said together
    ("from subnets Third, Fourth") before the undecided one's clauses; no test had both kinds, so dropping either
    part, or the plural, went unseen (h313)."""
    text = (FIXTURES / "W9630/bad-subnet-on-one-of-route-tables-one-via-nat.yaml").read_text()
    subnet = (
        "  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.1.0/24\n"
    )
    assert text.count(subnet) == 1 and text.count("SubnetIds: [!Ref Subnet]") == 1
    extra = ""
    for name, n in (("Third", 3), ("Fourth", 4)):
        extra += subnet.replace("Subnet:", f"{name}:").replace("10.0.1.", f"10.0.{n}.")
        extra += (
            f"  {name}Association:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties:\n"
            f"      SubnetId: !Ref {name}\n      RouteTableId: !Ref PrivateRouteTableA\n"
        )
    text = text.replace(subnet, subnet + extra)
    path = tmp_path / "t.yaml"
    path.write_text(text.replace("SubnetIds: [!Ref Subnet]", "SubnetIds: [!Ref Third, !Ref Subnet, !Ref Fourth]"))
    (found,) = [f for f in engine.lint([str(path)]).findings if f.rule.id == "W9630"]
    assert (
        ": from subnets Third, Fourth, that traffic goes through NAT and pays $0.045/GB processing; if subnet Subnet "
        "is on IsolatedRouteTableB, there is no IPv4 route to it, so IPv4 calls fail; if subnet Subnet is on "
        "PrivateRouteTableA, that traffic goes through NAT and pays $0.045/GB processing. "
    ) in found.message, found.message


@pytest.mark.parametrize(
    ("fixture", "consequence"),
    [
        (
            "W9630/bad-subnets-on-route-tables-one-via-nat.yaml",
            ": from subnet SubnetA, that traffic goes through NAT and pays $0.045/GB processing; from subnet SubnetB, "
            "there is no IPv4 route to it, so IPv4 calls fail. ",
        ),
        (
            "W9630/bad-subnets-on-route-tables-one-via-nat",
            ": from subnet aws_subnet.a, that traffic goes through NAT and pays $0.045/GB processing; from subnet "
            "aws_subnet.b, there is no IPv4 route to it, so IPv4 calls fail. ",
        ),
        (
            "W9630/bad-subnets-on-route-tables-one-via-nat.tfplan.json",
            ": from subnet aws_subnet.private, that traffic goes through NAT and pays $0.045/GB processing; from "
            "subnet aws_subnet.isolated, there is no IPv4 route to it, so IPv4 calls fail. ",
        ),
    ],
)
def test_what_traffic_from_subnets_on_differing_route_tables_does_is_said_of_each(fixture, consequence):
    """A function in two subnets, one on a table whose 0.0.0.0/0 goes to a NAT gateway, one on a table with no IPv4
    route out, neither with the endpoint: the consequence was the union of both tables' routes, "that traffic goes
    through NAT", though the other subnet's calls fail. Where the subnets' routes differ, each is said (h163)."""
    (found,) = [f for f in engine.lint([str(FIXTURES / fixture)]).findings if f.rule.id == "W9630"]
    assert consequence in found.message, found.message
    assert ": that traffic goes through NAT" not in found.message


def test_subnets_on_the_main_table_are_all_named_in_the_fix():
    """Two subnets left on the VPC's main route table, which CloudFormation cannot name: the fix says to associate
    both, in the plural; only one subnet on it was ever tested, so a fix naming "subnet B, C" went unseen (h313)."""
    fixture = FIXTURES / "W9630/bad-subnets-on-the-main-route-table.yaml"
    (found,) = [f for f in engine.lint([str(fixture)]).findings if f.rule.id == "W9630"]
    assert "associate subnets PrivateSubnetB, PrivateSubnetC with a route table of the template" in found.message
