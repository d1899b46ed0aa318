"""I9605: a function's VPC has no IPv6 CIDR at all: the IPv6 migration has not started."""

from collections.abc import Iterator

from lambda6lint.api import (
    Context,
    Doc,
    Example,
    Finding,
    Function,
    Network,
    Rule,
    Vpc,
    names,
    term,
)

rule = Rule(
    id="I9605",
    name="function-vpc-without-ipv6",
    summary="Function in a VPC without an IPv6 CIDR block",
    tags=("lambda", "ipv6", "cost"),
    source_url="https://docs.aws.amazon.com/vpc/latest/userguide/vpc-migrate-ipv6.html",
    doc=Doc(
        what=(
            "Finds functions in a VPC that has no IPv6 CIDR block (no `AWS::EC2::VPCCidrBlock` with an IPv6 source)."
        ),
        why=(
            "Without IPv6 on the VPC, every byte the function sends to the internet goes through a NAT gateway "
            "($0.045/GB on top of ~$33/month per gateway). The first step of moving to free IPv6 egress is an "
            "Amazon-provided /56 on the VPC; it changes nothing for existing IPv4 traffic."
        ),
        fix=(
            "Add an Amazon-provided IPv6 /56 to the VPC (`AWS::EC2::VPCCidrBlock` with "
            "`AmazonProvidedIpv6CidrBlock: true`)."
        ),
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "Vpc:\n"
                    "  Type: AWS::EC2::VPC\n"
                    "  Properties:\n"
                    "    CidrBlock: 10.60.0.0/16\n"
                    "    EnableDnsSupport: true\n"
                    "    EnableDnsHostnames: true\n"
                    "...\n"
                    "PartnerClientFunction:\n"
                    "  ...\n"
                    "    VpcConfig:\n"
                    "      ...\n"
                    "      SubnetIds:\n"
                    "        - !Ref PrivateSubnetA\n"
                    "        - !Ref PrivateSubnetB\n"
                ),
                good=(
                    "Vpc:\n"
                    "  Type: AWS::EC2::VPC\n"
                    "  Properties:\n"
                    "    CidrBlock: 10.62.0.0/16\n"
                    "    EnableDnsSupport: true\n"
                    "    EnableDnsHostnames: true\n"
                    "VpcIpv6Cidr:\n"
                    "  Type: AWS::EC2::VPCCidrBlock\n"
                    "  Properties:\n"
                    "    VpcId: !Ref Vpc\n"
                    "    AmazonProvidedIpv6CidrBlock: true\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    "# A local module builds the VPC; prod.auto.tfvars turns its IPv6 block off.\n"
                    "...\n"
                    'module "network" {\n'
                    '  source      = "./modules/network"\n'
                    '  name        = "orders"\n'
                    '  cidr        = "10.0.0.0/16"\n'
                    "  enable_ipv6 = var.enable_ipv6\n"
                    '  azs         = ["us-east-1a", "us-east-1b"]\n'
                    "}\n"
                    "...\n"
                    "  vpc_config {\n"
                    "    subnet_ids                  = module.network.private_subnet_ids\n"
                ),
                good=(
                    'module "network" {\n'
                    '  source      = "./modules/network"\n'
                    '  name        = "orders"\n'
                    '  cidr        = "10.0.0.0/16"\n'
                    "  enable_ipv6 = true\n"
                    '  azs         = ["us-east-1a", "us-east-1b"]\n'
                    "}\n"
                ),
            ),
        ),
    ),
)


def _routes_nothing_out(net: Network, fn: Function) -> bool:
    """Whether every subnet of the function surely routes no IPv4 traffic for internet addresses (intra
    subnets): then its internet traffic does not "need NAT" today, it has no way out at all. A table without
    0.0.0.0/0 may still route the internet (0.0.0.0/1 and 128.0.0.0/1, a prefix list)."""
    members = net.members(fn.subnets)
    # (a subnet on one of some route tables: when each of them routes none)
    tables = [net.route_tables_of(m.target) for m in members]
    return bool(members) and all(of and all(net.ipv4_internet_unrouted(t) is True for t in of) for of in tables)


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for fn in net.functions_in_vpc():
        vpc = net.function_vpc(fn)
        if isinstance(vpc, Vpc) and net.vpc_has_ipv6(vpc) is False:
            addresses = net.unnamed_interfaces(fn)
            if not addresses and _routes_nothing_out(net, fn):
                yield rule.finding(
                    fn,
                    f"Function {fn.name} runs in VPC {vpc.name}, which has no IPv6 CIDR block, in subnets with no "
                    "default route: it has no internet path today, and one over IPv4 would need NAT. Start the IPv6 "
                    f"migration with {term(vpc, 'vpc_ipv6')}.",
                    fn.at("vpc_config"),
                    related=[(vpc.location, f"VPC {vpc.name} without IPv6")],
                )
                continue
            needs = "NAT" + (  # (the "Lambda with Elastic IPs, no NAT" setup: W9611's exception)
                f", or the Elastic IP that {names(addresses)} may give its network interface in a public subnet"
                if addresses
                else ""
            )
            yield rule.finding(
                fn,
                f"Function {fn.name} runs in VPC {vpc.name}, which has no IPv6 CIDR block: all its internet "
                f"traffic needs {needs}. Start the IPv6 migration with {term(vpc, 'vpc_ipv6')}.",
                fn.at("vpc_config"),
                related=[(vpc.location, f"VPC {vpc.name} without IPv6")],
            )
