"""W9601: a VPC function whose subnets are all dual-stack still has IPv6 egress turned off."""

from collections.abc import Iterator

from lambda6lint.api import UNKNOWN, Context, Doc, Example, Finding, Network, Rule, Subnet, term

rule = Rule(
    id="W9601",
    name="function-dualstack-disabled",
    summary="Function in dual-stack subnets without Ipv6AllowedForDualStack",
    tags=("lambda", "ipv6", "cost"),
    source_url="https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-ipv6",
    doc=Doc(
        what=(
            "Finds Lambda functions attached to a VPC whose subnets are all dual-stack (IPv4 and IPv6 CIDR) "
            "but whose `Ipv6AllowedForDualStack` is absent or false."
        ),
        why=(
            "Lambda sends outbound traffic over IPv4 only until the flag is set, even in dual-stack subnets. "
            "That traffic goes through a NAT gateway (~$33/month each plus $0.045/GB) or nowhere. With the "
            "flag, the function can reach IPv6 destinations through a free egress-only internet gateway."
        ),
        fix="Set `Ipv6AllowedForDualStack: true` (Terraform: `ipv6_allowed_for_dual_stack = true`).",
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "Fn:\n  Type: AWS::Lambda::Function\n  Properties:\n    VpcConfig:\n"
                    "      SubnetIds: [!Ref DualStackSubnetA, !Ref DualStackSubnetB]\n"
                    "      SecurityGroupIds: [!GetAtt FnSg.GroupId]\n"
                ),
                good=(
                    "Fn:\n  Type: AWS::Lambda::Function\n  Properties:\n    VpcConfig:\n"
                    "      Ipv6AllowedForDualStack: true\n"
                    "      SubnetIds: [!Ref DualStackSubnetA, !Ref DualStackSubnetB]\n"
                    "      SecurityGroupIds: [!GetAtt FnSg.GroupId]\n"
                ),
            ),
        ),
    ),
)


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for fn in net.functions_in_vpc():
        if fn.dualstack is not False or fn.subnets is UNKNOWN or not fn.subnets:
            continue
        if all(net.subnet_kind(m.target) == "dual-stack" for m in fn.subnets):
            flag = term(fn, "dualstack")
            yield rule.finding(
                fn,
                f"Function {fn.name} is in dual-stack subnets only, but {flag} is not true: its outbound "
                f"traffic stays IPv4 (through NAT, if any). Set {flag} to true to allow IPv6 egress.",
                fn.at("dualstack", "vpc_config"),
                related=[
                    (m.target.location, f"dual-stack subnet {m.target.name}")
                    for m in fn.subnets
                    if isinstance(m.target, Subnet)
                ],
            )
