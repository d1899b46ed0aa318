"""E9603: a function is attached to an IPv6-only subnet, which Lambda does not support."""

from collections.abc import Iterator
from functools import partial

from lambda6lint.api import (
    Context,
    Doc,
    Example,
    Finding,
    Network,
    Resource,
    Rule,
    Subnet,
    names,
)

rule = Rule(
    id="E9603",
    name="function-in-ipv6-only-subnet",
    summary="Function attached to an IPv6-only subnet",
    tags=("lambda", "ipv6", "deploy"),
    source_url="https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-ipv6",
    doc=Doc(
        what=(
            "Finds functions whose `SubnetIds` include a subnet with `Ipv6Native: true` (an IPv6-only subnet): one "
            "finding per entry, naming every subnet it stands for (Terraform's `aws_subnet.v6[*].id`)."
        ),
        why=(
            '"Lambda doesn\'t support outbound IPv6 connections for IPv6-only subnets in a VPC." A function '
            "needs dual-stack subnets (IPv4 and IPv6 CIDRs), whatever its `Ipv6AllowedForDualStack` says."
        ),
        fix="Attach the function to dual-stack subnets instead.",
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "Ipv6OnlySubnet:\n"
                    "  Type: AWS::EC2::Subnet\n"
                    "  DependsOn: VpcIpv6Cidr\n"
                    "  Properties:\n"
                    "    VpcId: !Ref Vpc\n"
                    "    Ipv6Native: true\n"
                    "    Ipv6CidrBlock: !Select [1, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 2, 64]]\n"
                    "    ...\n"
                    "TelemetryFunction:\n"
                    "  ...\n"
                    "      SubnetIds:\n"
                    "        - !Ref DualStackSubnet\n"
                    "        - !Ref Ipv6OnlySubnet\n"
                ),
                good=(
                    "DualStackSubnetB:\n"
                    "  Type: AWS::EC2::Subnet\n"
                    "  DependsOn: VpcIpv6Cidr\n"
                    "  Properties:\n"
                    "    VpcId: !Ref Vpc\n"
                    "    CidrBlock: 10.40.1.0/24\n"
                    "    Ipv6CidrBlock: !Select [1, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 2, 64]]\n"
                    "    ...\n"
                    "TelemetryFunction:\n"
                    "  ...\n"
                    "      SubnetIds:\n"
                    "        - !Ref DualStackSubnet\n"
                    "        - !Ref DualStackSubnetB\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    'resource "aws_subnet" "v6only" {\n'
                    "  count             = 1\n"
                    "  vpc_id            = aws_vpc.main.id\n"
                    "  ipv6_native       = true\n"
                    "  ipv6_cidr_block   = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, count.index + 20)\n"
                    "  ...\n"
                    "}\n"
                    "...\n"
                    "  vpc_config {\n"
                    "    subnet_ids                  = [\n"
                    "      aws_subnet.private[0].id,\n"
                    "      aws_subnet.v6only[0].id,\n"
                    "    ]\n"
                ),
                good=(
                    'resource "aws_subnet" "private" {\n'
                    "  count             = 2\n"
                    "  vpc_id            = aws_vpc.main.id\n"
                    "  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index + 0)\n"
                    "  ipv6_cidr_block   = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, count.index + 0)\n"
                    "  ...\n"
                    "}\n"
                    "...\n"
                    "  vpc_config {\n"
                    "    subnet_ids                  = aws_subnet.private[*].id\n"
                ),
            ),
        ),
    ),
)


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for fn in net.functions_in_vpc():
        for where, subnets in net.by_entry(net.members(fn.subnets), partial(_ipv6_only, net)):
            plural = "s" if len(subnets) > 1 else ""
            yield rule.finding(
                fn,
                f"Function {fn.name} is attached to IPv6-only subnet{plural} {names(subnets)}: "
                "Lambda does not support IPv6-only subnets. Use dual-stack subnets (IPv4 and IPv6 CIDR).",
                where,
                related=[(s.location, f"IPv6-only subnet {s.name}") for s in subnets],
                key=subnets[0].name,  # (a baseline taken when each subnet had a finding keeps the first)
            )


def _ipv6_only(net: Network, subnet: Resource) -> bool:
    return isinstance(subnet, Subnet) and net.subnet_kind(subnet) == "ipv6-only"
