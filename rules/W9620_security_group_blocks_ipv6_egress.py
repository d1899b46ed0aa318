"""W9620: a function allows IPv6, but none of its security groups allows IPv6 egress."""

from collections.abc import Iterator

from lambda6lint.api import (
    UNKNOWN,
    Context,
    Doc,
    Example,
    Finding,
    Network,
    Rule,
    SecurityGroup,
    names,
    term,
)

rule = Rule(
    id="W9620",
    name="security-group-blocks-ipv6-egress",
    summary="IPv6-enabled function whose security groups allow no IPv6 egress",
    tags=("lambda", "ipv6", "security-group", "security"),
    source_url="https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/2241",
    doc=Doc(
        what=(
            "Finds functions with `Ipv6AllowedForDualStack: true` whose security groups (all known) have no "
            "egress rule to IPv6 internet addresses (`CidrIpv6`) or to a prefix list. A function whose subnets all "
            "lack an IPv6 CIDR is left to E9602: it has no IPv6 for its groups to drop."
        ),
        why=(
            "A security group created without `SecurityGroupEgress` gets an IPv4 allow-all rule only, not an "
            "IPv6 one (observed behaviour, contrary to the docs), and CDK's `allowAllOutbound` is IPv4 only. "
            "IPv6 connections are then dropped silently and the function times out."
        ),
        fix=(
            "Add IPv6 egress for what the function needs, e.g. TCP 443 to `::/0` (CDK: "
            "`addEgressRule(Peer.anyIpv6(), Port.tcp(443))`, or `allowAllIpv6Outbound`). An all-protocol `::/0` "
            "egress rule is flagged by trivy AVD-AWS-0104 and checkov CKV_AWS_382."
        ),
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "FunctionSecurityGroup:\n"
                    "  Type: AWS::EC2::SecurityGroup\n"
                    "  Properties:\n"
                    "    GroupDescription: Feed fetcher function\n"
                    "    VpcId: !Ref Vpc\n"
                    "FunctionRole:\n"
                    "  ...\n"
                    "FeedFetcherFunction:\n"
                    "  ...\n"
                    "    VpcConfig:\n"
                    "      Ipv6AllowedForDualStack: true\n"
                    "      SecurityGroupIds:\n"
                    "        - !GetAtt FunctionSecurityGroup.GroupId\n"
                ),
                good=(
                    "FunctionSecurityGroup:\n"
                    "  Type: AWS::EC2::SecurityGroup\n"
                    "  Properties:\n"
                    "    GroupDescription: Feed fetcher function\n"
                    "    VpcId: !Ref Vpc\n"
                    "    SecurityGroupEgress:\n"
                    "      - IpProtocol: '-1'\n"
                    "        CidrIp: 0.0.0.0/0\n"
                    "        Description: All IPv4 egress\n"
                    "      - IpProtocol: tcp\n"
                    "        FromPort: 443\n"
                    "        ToPort: 443\n"
                    "        CidrIpv6: '::/0'\n"
                    "        Description: HTTPS over IPv6\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    'resource "aws_security_group_rule" "fn_egress" {\n'
                    '  type              = "egress"\n'
                    "  from_port         = 0\n"
                    "  to_port           = 0\n"
                    '  protocol          = "-1"\n'
                    '  cidr_blocks       = ["0.0.0.0/0"]\n'
                    "  security_group_id = aws_security_group.fn.id\n"
                    "}\n"
                    "...\n"
                    "  vpc_config {\n"
                    "    ...\n"
                    "    security_group_ids          = [aws_security_group.fn.id]\n"
                    "    ipv6_allowed_for_dual_stack = true\n"
                    "  }\n"
                ),
                good=(
                    'resource "aws_security_group" "fn" {\n'
                    '  name_prefix = "orders-fn-"\n'
                    "  vpc_id      = aws_vpc.main.id\n"
                    "\n"
                    "  egress {\n"
                    "    from_port   = 0\n"
                    "    to_port     = 0\n"
                    '    protocol    = "-1"\n'
                    '    cidr_blocks = ["0.0.0.0/0"]\n'
                    "  }\n"
                    "\n"
                    "  egress {\n"
                    "    from_port        = 443\n"
                    "    to_port          = 443\n"
                    '    protocol         = "tcp"\n'
                    '    ipv6_cidr_blocks = ["::/0"]\n'
                    "  }\n"
                    "}\n"
                ),
            ),
        ),
    ),
)


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for fn in net.functions_in_vpc():
        if fn.dualstack is not True or fn.security_groups is UNKNOWN or not fn.security_groups:
            continue
        subnets = net.members(fn.subnets)
        if subnets and all(net.subnet_kind(m.target, fn) == "ipv4-only" for m in subnets):
            continue  # (no IPv6 to drop: E9602, the deployment fails, says what to do first)
        verdicts = [net.sg_allows_ipv6_egress(m.target) for m in fn.security_groups]
        if all(v is False for v in verdicts):
            groups = [m.target for m in fn.security_groups if isinstance(m.target, SecurityGroup)]
            # the group's own words where its loader gave some (a module's input; CloudFormation's implicit
            # IPv4 rule to keep), else the function's format's
            owner = groups[0] if len(groups) == 1 and "sg_ipv6_https" in groups[0].hints else fn
            yield rule.finding(
                fn,
                f"Function {fn.name} allows IPv6, but its security group"
                f"{'s' if len(groups) > 1 else ''} {names(groups)} allow"
                f"{'' if len(groups) > 1 else 's'} no IPv6 egress to the internet, so IPv6 connections there are "
                "dropped. "
                f"Add IPv6 egress for what the function needs, e.g. {term(owner, 'sg_ipv6_https')} (and the other "
                "ports it uses); an all-protocol ::/0 egress rule is flagged by trivy AVD-AWS-0104 and checkov "
                "CKV_AWS_382.",
                fn.at("security_groups", "vpc_config"),
                related=[(g.location, f"security group {g.name} without IPv6 egress") for g in groups],
            )
