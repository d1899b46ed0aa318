"""W9601: a VPC function whose subnets are all dual-stack still has IPv6 egress turned off."""

from collections.abc import Iterator

from lambda6lint.api import (
    UNKNOWN,
    Context,
    Doc,
    Example,
    Finding,
    Function,
    Network,
    Rule,
    Subnet,
    flag_setting,
    names,
    on_call,
    step_sentence,
    term,
)

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
        fix=(
            "Set `Ipv6AllowedForDualStack: true` (Terraform: `ipv6_allowed_for_dual_stack = true`) once the function "
            "has an IPv6 way out: a `::/0` route to an egress-only internet gateway, IPv6 egress in its security "
            "groups and network ACLs. The finding names what is still missing; with the flag and no way out, its "
            "connections to dual-stack destinations try IPv6 first and time out."
        ),
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "ReportFunction:\n"
                    "  Type: AWS::Lambda::Function\n"
                    "  Properties:\n"
                    "    ...\n"
                    "    VpcConfig:\n"
                    "      SecurityGroupIds:\n"
                    "        - !GetAtt FunctionSecurityGroup.GroupId\n"
                    "      SubnetIds:\n"
                    "        - !Ref PrivateSubnetA\n"
                    "        - !Ref PrivateSubnetB\n"
                ),
                good=(
                    "ReportFunction:\n"
                    "  Type: AWS::Lambda::Function\n"
                    "  Properties:\n"
                    "    ...\n"
                    "    VpcConfig:\n"
                    "      Ipv6AllowedForDualStack: true\n"
                    "      SecurityGroupIds:\n"
                    "        - !GetAtt FunctionSecurityGroup.GroupId\n"
                    "      SubnetIds:\n"
                    "        - !Ref PrivateSubnetA\n"
                    "        - !Ref PrivateSubnetB\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    'resource "aws_subnet" "private" {\n'
                    "  count             = 2\n"
                    "  vpc_id            = aws_vpc.main.id\n"
                    "  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index + 0)\n"
                    "  ipv6_cidr_block   = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, count.index + 0)\n"
                    "  ...\n"
                    "}\n"
                    "...\n"
                    'resource "aws_lambda_function" "fn" {\n'
                    "  ...\n"
                    "  vpc_config {\n"
                    "    subnet_ids                  = aws_subnet.private[*].id\n"
                    "    security_group_ids          = [aws_security_group.fn.id]\n"
                    "  }\n"
                    "}\n"
                ),
                good=(
                    'resource "aws_lambda_function" "fn" {\n'
                    "  ...\n"
                    "  vpc_config {\n"
                    "    subnet_ids                  = aws_subnet.private[*].id\n"
                    "    security_group_ids          = [aws_security_group.fn.id]\n"
                    "    ipv6_allowed_for_dual_stack = true\n"
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
        if fn.dualstack is not False or fn.subnets is UNKNOWN or not fn.subnets:
            continue
        if all(net.subnet_kind(m.target, fn) == "dual-stack" for m in fn.subnets):
            flag = term(fn, "dualstack")
            # (the module call's input, where its release has one: else the fix says to raise it first)
            named = (not term(fn, "dualstack_how") and on_call(fn, "dualstack")) or flag
            yield rule.finding(
                fn,
                f"Function {fn.name} is in dual-stack subnets only, but {named} is not true: "
                f"{_outcome(net, fn)} {_fix(net, fn, flag)}",
                fn.at("dualstack", "vpc_config"),
                related=[
                    (m.target.location, f"dual-stack subnet {m.target.name}")
                    for m in fn.subnets
                    if isinstance(m.target, Subnet)
                ],
            )


def _outcome(net: Network, fn: Function) -> str:
    """What the flag's absence does: Lambda sends IPv4 only, which groups letting out IPv6 ranges alone (or
    nothing) stop (`Network.sends_no_ipv4`: only where every group is known), so such a function reaches nothing;
    "until it is true" only where a group lets IPv6 out (one that lets out nothing needs the fix's group step too)."""
    if not net.sends_no_ipv4(fn):
        return "its outbound traffic stays IPv4 (through NAT, if any)."
    said = "its outbound traffic stays IPv4, which its security groups do not let out (they let out no IPv4 range)"
    if any(net.sg_allows_ipv6_egress(m.target) for m in net.members(fn.security_groups)):
        return f"{said}, so its outbound calls fail until it is true."
    return f"{said}, so its outbound calls fail."  # (nor IPv6: the flag alone mends nothing, the fix's steps say)


#: The steps of its IPv6 path (RULES.md I9651's order) that must come before the flag.
_PATH = ("public-subnet", "ipv6-route", "sg-ipv6", "acl-ipv6")


def _fix(net: Network, fn: Function, flag: str) -> str:
    """Set the flag; where the function's IPv6 path is not there yet, first what it lacks: with the flag and no
    way out, its connections to dual-stack destinations try IPv6 first and time out (I9660)."""
    setting = flag_setting(fn)  # (a registry module's call takes the flag: the user changes the call)
    gaps = net.ipv6_egress_gaps(fn)
    before = [
        step_sentence(step, flag) + (f" ({names(gaps[step])})" if gaps[step] else "")
        for step in _PATH
        if gaps and step in gaps
    ]
    if not before:
        return f"Set {setting} to allow IPv6 egress."
    return (
        f"Before setting {setting}: {'; '.join(before)}. Until then "
        "it has no IPv6 way out, and with the flag its connections to dual-stack destinations try IPv6 first and "
        "time out."
    )
