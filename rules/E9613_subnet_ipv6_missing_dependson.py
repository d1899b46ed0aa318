"""E9613: a subnet computes its IPv6 CIDR from the VPC's IPv6 blocks before the VPC has one."""

from collections.abc import Iterator

from lambda6lint.api import (
    Context,
    Doc,
    Example,
    Finding,
    Network,
    Rule,
    Subnet,
    SubnetIpv6Block,
    VpcIpv6Block,
    only_where,
    term,
)

rule = Rule(
    id="E9613",
    name="subnet-ipv6-missing-dependson",
    summary="Subnet IPv6 CIDR from GetAtt Vpc.Ipv6CidrBlocks without DependsOn on the VPC's IPv6 block",
    tags=("ipv6", "deploy", "cloudformation"),
    source_url="https://github.com/aws/aws-cdk/issues/28843",
    doc=Doc(
        what=(
            "Finds CloudFormation subnets (and `AWS::EC2::SubnetCidrBlock`s) whose `Ipv6CidrBlock` is computed "
            "from `Fn::GetAtt <Vpc>.Ipv6CidrBlocks` without depending on that VPC's `AWS::EC2::VPCCidrBlock`, "
            "neither through `DependsOn` nor through a chain of dependencies. A block that exists only under a "
            "condition is reported without a parameter value: wherever the condition holds, the race is there."
        ),
        why=(
            "The VPC's IPv6 block is a resource of its own. Nothing tells CloudFormation to create it before the "
            "subnet, so the subnet may read an empty `Ipv6CidrBlocks` and the deployment fails with "
            "`Template error: Fn::Select cannot select nonexistent value at index 0` (aws-cdk#28843) — "
            "sometimes, depending on the order CloudFormation happens to choose."
        ),
        fix=(
            "Add `DependsOn: <the AWS::EC2::VPCCidrBlock>` to the subnet (CDK: `subnet.node.addDependency(vpc)`). "
            "If the block has a `Condition` the subnet lacks, DependsOn cannot name it: make the subnet depend on "
            "an `AWS::CloudFormation::WaitConditionHandle` whose `Metadata` refers to the block with `Fn::If`."
        ),
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "VpcIpv6Cidr:\n"
                    "  Type: AWS::EC2::VPCCidrBlock\n"
                    "  Properties:\n"
                    "    VpcId: !Ref Vpc\n"
                    "    AmazonProvidedIpv6CidrBlock: true\n"
                    "...\n"
                    "PrivateSubnetA:\n"
                    "  Type: AWS::EC2::Subnet\n"
                    "  Properties:\n"
                    "    VpcId: !Ref Vpc\n"
                    "    CidrBlock: 10.0.1.0/24\n"
                    "    Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]\n"
                    "...\n"
                ),
                good=(
                    "VpcIpv6Cidr:\n"
                    "  Type: AWS::EC2::VPCCidrBlock\n"
                    "  Properties:\n"
                    "    VpcId: !Ref Vpc\n"
                    "    AmazonProvidedIpv6CidrBlock: true\n"
                    "...\n"
                    "PrivateSubnetA:\n"
                    "  Type: AWS::EC2::Subnet\n"
                    "  DependsOn: VpcIpv6Cidr\n"
                    "  Properties:\n"
                    "    VpcId: !Ref Vpc\n"
                    "    CidrBlock: 10.0.1.0/24\n"
                    "    Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]\n"
                    "...\n"
                ),
            ),
        ),
    ),
)


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    holders: list[Subnet | SubnetIpv6Block] = [*net.of(Subnet), *net.of(SubnetIpv6Block)]
    for res in holders:
        vpc = res.ipv6_from_vpc
        if vpc is None or res.conditional:
            continue
        blocks = [b for b in net.linked(VpcIpv6Block, "vpc", vpc) if b.template is res.template]
        if not blocks:
            continue
        after = net.created_after(res)
        if any(b.id in after for b in blocks):
            continue
        block = blocks[0]
        fix = f"Add {term(res, 'depends_on').format(block=block.id)}."
        if block.condition and block.condition != res.condition:
            # DependsOn may name only what exists whenever the resource does (cfn-lint E3005)
            fix = (
                f"{block.name} exists only under condition `{block.condition}`, which DependsOn cannot follow "
                "(stacks where it is false fail): make it depend on an AWS::CloudFormation::WaitConditionHandle "
                f'whose Metadata holds !If [{block.condition}, !Ref {block.id}, ""]. Its Ipv6CidrBlock must be '
                f"!If [{block.condition}, …, !Ref AWS::NoValue] too, or where the condition is false it selects from "
                "an empty list."
            )
        yield rule.finding(
            res,
            f"{'Subnet' if isinstance(res, Subnet) else 'Subnet IPv6 block'} {res.name} computes its IPv6 CIDR "
            f"from {vpc.name}'s Ipv6CidrBlocks but does not depend on {block.name}, the VPC's IPv6 block: "
            f"CloudFormation may create it first{only_where(block)}, and the deployment fails with "
            f'"Fn::Select cannot select nonexistent value at index 0". {fix}',
            res.at("depends_on"),
            related=[
                (res.at("ipv6_cidr"), f"Ipv6CidrBlock from {vpc.name}.Ipv6CidrBlocks"),
                (block.location, f"{block.name}, the VPC's IPv6 block"),
            ],
        )
