"""W9621: a function allows IPv6, but a network ACL of its subnets lets no IPv6 traffic through."""

from collections.abc import Iterator

from lambda6lint.api import (
    AclVerdict,
    Context,
    Doc,
    Example,
    Finding,
    Location,
    Network,
    NetworkAcl,
    Resource,
    Rule,
    Subnet,
    acl_numbers,
    names,
    tcp_ports,
    term,
)

rule = Rule(
    id="W9621",
    name="network-acl-blocks-ipv6",
    summary="IPv6-enabled function in a subnet whose network ACL drops IPv6",
    tags=("lambda", "ipv6", "network-acl"),
    source_url="https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html",
    doc=Doc(
        what=(
            "Finds functions with `Ipv6AllowedForDualStack: true` in a subnet whose network ACL (a custom ACL, or "
            "a default ACL whose rules the input sets) is fully known and lets no IPv6 TCP traffic out to internet "
            "addresses, or no IPv6 return traffic in on ephemeral ports (1024-65535). Egress counts only on the "
            "ports the function's security groups let out over IPv6: a group allowing TCP 443 and an ACL allowing "
            "TCP 90 let nothing out. Rules are evaluated as AWS does: lowest rule number first, the first match "
            "decides, deny rules included. A VPC's default ACL that the input never touches allows IPv6 and is not "
            "reported. A subnet with no IPv6 CIDR is left to E9602: it has no IPv6 for its ACL to drop."
        ),
        why=(
            "A custom network ACL denies everything it does not allow, IPv6 included, and ACLs are stateless: the "
            "replies to the function's connections must be allowed in as well. ACLs written for IPv4 (`0.0.0.0/0` "
            "rules only) silently drop the function's IPv6 connections, which then time out."
        ),
        fix=(
            "Add `::/0` allow rules: egress for the ports the function uses (TCP 443 for HTTPS and AWS APIs), "
            "ingress TCP 1024-65535 for the return traffic, numbered before any rule that denies it."
        ),
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "PrivateNetworkAcl:\n  Type: AWS::EC2::NetworkAcl\n  Properties:\n    VpcId: !Ref Vpc\n"
                    "AclEgressHttps:\n  Type: AWS::EC2::NetworkAclEntry\n  Properties:\n"
                    "    NetworkAclId: !Ref PrivateNetworkAcl\n    RuleNumber: 100\n    Protocol: 6\n"
                    "    RuleAction: allow\n    Egress: true\n    CidrBlock: 0.0.0.0/0\n"
                    "    PortRange: {From: 443, To: 443}\n...\n"
                ),
                good=(
                    "...\nAclEgressHttps6:\n  Type: AWS::EC2::NetworkAclEntry\n  Properties:\n"
                    "    NetworkAclId: !Ref PrivateNetworkAcl\n    RuleNumber: 101\n    Protocol: 6\n"
                    "    RuleAction: allow\n    Egress: true\n    Ipv6CidrBlock: '::/0'\n"
                    "    PortRange: {From: 443, To: 443}\n"
                    "AclIngressReturn6:\n  Type: AWS::EC2::NetworkAclEntry\n  Properties:\n"
                    "    NetworkAclId: !Ref PrivateNetworkAcl\n    RuleNumber: 101\n    Protocol: 6\n"
                    "    RuleAction: allow\n    Egress: false\n    Ipv6CidrBlock: '::/0'\n"
                    "    PortRange: {From: 1024, To: 65535}\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    'resource "aws_network_acl" "private" {\n  vpc_id     = aws_vpc.main.id\n'
                    "  subnet_ids = aws_subnet.private[*].id\n\n  egress {\n    rule_no    = 100\n"
                    '    action     = "allow"\n    protocol   = "tcp"\n    from_port  = 443\n    to_port    = 443\n'
                    '    cidr_block = "0.0.0.0/0"\n  }\n\n  ingress {\n    rule_no    = 100\n'
                    '    action     = "allow"\n    protocol   = "tcp"\n    from_port  = 1024\n'
                    '    to_port    = 65535\n    cidr_block = "0.0.0.0/0"\n  }\n}\n'
                ),
                good=(
                    '...\n  egress {\n    rule_no         = 110\n    action          = "allow"\n'
                    '    protocol        = "tcp"\n    from_port       = 443\n    to_port         = 443\n'
                    '    ipv6_cidr_block = "::/0"\n  }\n\n  ingress {\n    rule_no         = 110\n'
                    '    action          = "allow"\n    protocol        = "tcp"\n    from_port       = 1024\n'
                    '    to_port         = 65535\n    ipv6_cidr_block = "::/0"\n  }\n}\n'
                ),
            ),
        ),
    ),
)


def _problem(verdict: AclVerdict) -> str:
    out = "lets no IPv6 TCP traffic out to internet addresses"
    if verdict.ports:
        out += f" on {tcp_ports(verdict)}, which its security groups let out over IPv6,"
    if verdict.egress is False and verdict.ingress is False:
        problem = f"{out} and none back in"
    elif verdict.egress is False:
        problem = out.rstrip(",")
    else:
        problem = "lets no IPv6 return traffic in on ports 1024-65535"
    denies = sorted({str(e.number) for e in verdict.denied_by})
    if denies:
        plural = len(denies) > 1
        problem += f" ({'rules' if plural else 'rule'} {names(denies)} {'deny' if plural else 'denies'} it first)"
    return problem


def _acl_name(network_acl: NetworkAcl) -> str:
    if network_acl.default and isinstance(network_acl.vpc, Resource):
        vpc = network_acl.vpc
        if network_acl.location == vpc.location:  # not declared: the one AWS made
            return f"the default network ACL of VPC {vpc.name}"
        return f"network ACL {network_acl.name} (the default of VPC {vpc.name})"
    return f"network ACL {network_acl.name}"


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for fn in net.functions_in_vpc():
        if fn.dualstack is not True:
            continue
        blocking = net.acls_blocking_ipv6(fn)
        if not blocking:
            continue
        # a subnet without IPv6 has no IPv6 for its ACL to drop: E9602 (the deployment fails) says what to
        # do first, as W9610 leaves it its route table
        members = [m for m in net.members(fn.subnets) if net.subnet_kind(m.target, fn) != "ipv4-only"]
        blocking = [v for v in blocking if any(net.subnet_acl(m.target) is v.acl for m in members)]
        if not blocking:
            continue
        parts: list[str] = []
        related: list[tuple[Location, str]] = []
        first = None
        for verdict in blocking:
            subnets = [m for m in members if net.subnet_acl(m.target) is verdict.acl]
            first = first or (subnets[0].location if subnets else None)
            listed = [m.target for m in subnets if isinstance(m.target, Subnet)]
            where = f"subnet{'s' if len(listed) > 1 else ''} {names(listed)}"
            parts.append(f"{_acl_name(verdict.acl)} of its {where} {_problem(verdict)}")
            related.append((verdict.acl.location, _acl_name(verdict.acl)))
            related += [(e.location, f"rule {e.number} denies IPv6 first") for e in verdict.denied_by]
        needed = [  # what is missing only (an egress allow the ACL has is not asked for again)
            *(
                [
                    f"egress {tcp_ports(egress[0])} to ::/0"
                    if egress[0].ports
                    else "egress TCP 443 (and the ports you use) to ::/0"
                ]
                if (egress := [v for v in blocking if v.egress is False])
                else []
            ),
            *(
                ["ingress TCP 1024-65535 from ::/0 for the replies"]
                if any(v.ingress is False for v in blocking)
                else []
            ),
        ]
        yield rule.finding(
            fn,
            f"Function {fn.name} allows IPv6, but {'; '.join(parts)}. Network ACLs are stateless and deny what they "
            f"do not allow, so the function's IPv6 connections are dropped silently. Add "
            f"{term(blocking[0].acl, 'acl_ipv6')}: {', and '.join(needed)}, numbered before any rule that denies "
            f"{'them' if len(needed) > 1 else 'it'}{acl_numbers(net, blocking[0]) if len(blocking) == 1 else ''}.",
            first or fn.at("subnets", "vpc_config"),
            related=related,
        )
