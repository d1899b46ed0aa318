"""E9602: a function with IPv6 allowed is attached to a subnet that has no IPv6 CIDR."""

from collections.abc import Callable, Iterator
from functools import partial

from lambda6lint.api import (
    Context,
    Doc,
    Example,
    Finding,
    Function,
    Network,
    Resource,
    Rule,
    Subnet,
    Vpc,
    names,
    on_call,
    term,
)

rule = Rule(
    id="E9602",
    name="dualstack-subnet-not-dualstack",
    summary="Ipv6AllowedForDualStack with an IPv4-only subnet",
    tags=("lambda", "ipv6", "deploy"),
    source_url="https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-ipv6",
    doc=Doc(
        what=(
            "Finds functions with `Ipv6AllowedForDualStack: true` that list a subnet known to have no IPv6 CIDR "
            "(no `Ipv6CidrBlock`, no `AWS::EC2::SubnetCidrBlock`) and not to be IPv6-only: such a subnet has an "
            "IPv4 CIDR, even one whose value is a parameter or a variable. One finding per entry, naming every "
            "subnet it stands for (Terraform's `aws_subnet.private[*].id`)."
        ),
        why=(
            'Lambda requires every subnet of a function with IPv6 allowed to be dual-stack: "all of the '
            'subnets that are connected to the function must be dual-stack subnets". The deployment fails.'
        ),
        fix=(
            "Give the subnet an IPv6 CIDR (`Ipv6CidrBlock`), or remove it from the function's `SubnetIds`. Where the "
            "VPC has no IPv6 block at all, the subnet's /64 has nothing to come from: give the VPC one first "
            "(`AWS::EC2::VPCCidrBlock` with `AmazonProvidedIpv6CidrBlock: true`, with a `DependsOn` on it in the "
            "subnet; Terraform: `assign_generated_ipv6_cidr_block = true`, or `enable_ipv6 = true` on a "
            "terraform-aws-modules/vpc call; CDK: `ipProtocol: ec2.IpProtocol.DUAL_STACK` on the `ec2.Vpc`), in the "
            "same change."
        ),
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "PrivateSubnetB:\n"
                    "  Type: AWS::EC2::Subnet\n"
                    "  Properties:\n"
                    "    VpcId: !Ref Vpc\n"
                    "    CidrBlock: 10.30.1.0/24\n"
                    "    AvailabilityZone: !Select [1, !GetAZs '']\n"
                    "...\n"
                    "PaymentsFunction:\n"
                    "  ...\n"
                    "    VpcConfig:\n"
                    "      Ipv6AllowedForDualStack: true\n"
                    "      ...\n"
                    "      SubnetIds:\n"
                    "        - !Ref PrivateSubnetA\n"
                    "        - !Ref PrivateSubnetB\n"
                ),
                good=(
                    "PrivateSubnetB:\n"
                    "  Type: AWS::EC2::Subnet\n"
                    "  DependsOn: VpcIpv6Cidr\n"
                    "  Properties:\n"
                    "    VpcId: !Ref Vpc\n"
                    "    CidrBlock: 10.30.1.0/24\n"
                    "    Ipv6CidrBlock: !Select [1, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 2, 64]]\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    'resource "aws_subnet" "legacy" {\n'
                    "  count             = 1\n"
                    "  vpc_id            = aws_vpc.main.id\n"
                    "  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index + 10)\n"
                    "  availability_zone = data.aws_availability_zones.available.names[count.index]\n"
                    "}\n"
                    "...\n"
                    "  vpc_config {\n"
                    "    subnet_ids                  = [\n"
                    "      aws_subnet.private[0].id,\n"
                    "      aws_subnet.legacy[0].id,\n"
                    "    ]\n"
                    "    security_group_ids          = [aws_security_group.fn.id]\n"
                    "    ipv6_allowed_for_dual_stack = true\n"
                    "  }\n"
                ),
                good=(
                    'resource "aws_subnet" "private" {\n'
                    "  count             = 2\n"
                    "  vpc_id            = aws_vpc.main.id\n"
                    "  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index + 0)\n"
                    "  ipv6_cidr_block   = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, count.index + 0)\n"
                    "  availability_zone = data.aws_availability_zones.available.names[count.index]\n"
                    "}\n"
                    "...\n"
                    "  vpc_config {\n"
                    "    subnet_ids                  = aws_subnet.private[*].id\n"
                    "    security_group_ids          = [aws_security_group.fn.id]\n"
                    "    ipv6_allowed_for_dual_stack = true\n"
                    "  }\n"
                ),
            ),
        ),
    ),
)


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for fn in net.functions_in_vpc():
        if fn.dualstack is not True:
            continue
        for where, subnets in net.by_entry(net.members(fn.subnets), partial(_ipv4_only, net, fn)):
            one = len(subnets) == 1
            # (a registry module's call takes the flag and the subnets: the user changes the call)
            listed = on_call(fn, "subnets")
            yield rule.finding(
                fn,
                f"Function {fn.name} allows IPv6 ({on_call(fn, 'dualstack') or term(fn, 'dualstack')}) but "
                f"{_named(subnets)} {'has' if one else 'have'} no IPv6 CIDR: Lambda requires every subnet to be "
                f"dual-stack, so the deployment fails. {_give(net, subnets, 'the subnet' if one else 'each subnet')} "
                f"or remove {'it' if one else 'them'} from {listed or 'the function'}.",
                where,
                related=[(s.location, f"IPv4-only subnet {s.name}") for s in subnets],
                key=subnets[0].name,  # (a baseline taken when each subnet had a finding keeps the first)
            )


def _give(net: Network, subnets: list[Resource], which: str) -> str:
    """How the subnets get an IPv6 CIDR: a /64 of their VPC's block. Where the VPC is known to have none (I9605's
    case), the fix gives it one first, in the same change: the /64 is read from the block, which is empty until
    it exists. Where the VPC has one, or that is not known, the fix speaks of the subnets only. Subnets of one
    entry (a plan's list, a splat) each get their own words where those differ (the /64 each takes)."""
    subnet = subnets[0]
    vpc = subnet.vpc if isinstance(subnet, Subnet) else None
    if not isinstance(vpc, Vpc) or net.vpc_has_ipv6(vpc) is not False:
        return f"Give {which} an IPv6 CIDR ({_each(subnets, lambda s: term(s, 'ipv6_cidr'))})"
    block = term(vpc, "vpc_ipv6")
    cidr = _each(subnets, _new_cidr)
    lacks = f"Give VPC {vpc.name} the IPv6 CIDR block it lacks"
    if not cidr:  # (where the VPC's block gives its subnets theirs: a CDK ec2.Vpc's ipProtocol, a module's input)
        return f"{lacks}, which gives {which} an IPv6 CIDR too (with {block}),"
    return f"{lacks} (with {block}), then {which} an IPv6 CIDR from it ({cidr})"


def _new_cidr(subnet: Resource) -> str:
    """A subnet's IPv6 CIDR from a block its VPC is given in the same change."""
    cidr = subnet.hints.get("ipv6_cidr_new")  # (an empty hint says something: `term` would pass it over)
    if cidr is None:  # (no text of its own for a new block: the subnet's usual one, Terraform's `cidrsubnet()`)
        cidr = subnet.hints.get("ipv6_cidr") or term(subnet, "ipv6_cidr_new")
    return cidr


def _each(subnets: list[Resource], words: Callable[[Resource], str]) -> str:
    """The subnets' words, once where they all say the same, else each subnet's (those with any) by name; why each
    takes its /64 (`ipv6_cidr_why`, the same for all), once after them rather than after each."""
    said: dict[str, list[Resource]] = {}
    for subnet in subnets:
        said.setdefault(words(subnet), []).append(subnet)
    if len(said) == 1:
        return next(iter(said))
    why = {subnet.hints.get("ipv6_cidr_why") for subnet in subnets}
    tail = f", {why.pop()}" if len(why) == 1 and None not in why else ""
    if tail and all(text.endswith(tail) for text in said):
        listed = "; ".join(f"{names(listed)}: {text.removesuffix(tail)}" for text, listed in said.items())
        return f"{listed}, each{tail[1:]}"
    return "; ".join(f"{names(listed)}: {text}" for text, listed in said.items() if text)


def _named(subnets: list[Resource]) -> str:
    return f"subnet{'s' if len(subnets) > 1 else ''} {names(subnets)}"


def _ipv4_only(net: Network, fn: Function, subnet: Resource) -> bool:
    return isinstance(subnet, Subnet) and net.subnet_kind(subnet, fn) == "ipv4-only"
