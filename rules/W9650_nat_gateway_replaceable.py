"""W9650: a NAT gateway serves only Lambda functions that already have working IPv6 egress."""

from collections.abc import Iterator

from lambda6lint.api import (
    IPV6_DEFAULT,
    SHOWN_NAMES,
    STEP_API,
    STEP_DNS64,
    STEP_NODE,
    STEP_SDK,
    Context,
    Doc,
    Example,
    Finding,
    Function,
    NatAssessment,
    Network,
    Rule,
    chosen_change,
    deploys_to,
    later,
    module_change,
    names,
    only_where,
    removal,
    step_changes,
    term,
)

rule = Rule(
    id="W9650",
    name="nat-gateway-replaceable",
    summary="NAT gateway serving only IPv6-ready Lambda functions",
    tags=("lambda", "cost", "nat"),
    source_url="https://aws.amazon.com/vpc/pricing/",
    doc=Doc(
        what=(
            "Finds public NAT gateways, zonal or regional, whose consumer subnets (those routing 0.0.0.0/0 to them) "
            "host only Lambda functions and resources that never send internet traffic through them (endpoints, "
            "EFS and S3 Files mount targets, database subnet groups, internal load balancers; not a database with an "
            "associated role, which calls Lambda or S3 from its subnets, nor a Redshift cluster with enhanced VPC "
            "routing, whose COPY and UNLOAD take its subnets' routes, nor an MSK or DocumentDB cluster an event "
            "source mapping or an EventBridge pipe polls, whose pollers call AWS services from its subnets; nor a "
            "resource of a kind lambda6lint does not know, such as a custom resource naming the subnet, which "
            "`--explain` names with what decides it), all of which already have IPv6 "
            "egress (flag, dual-stack subnets of a VPC whose IPv6 addresses reach the internet, not a private IPAM "
            "scope's, `::/0` route, IPv6 security-group egress on a TCP port the network ACL lets out too, and every "
            "reply on 1024-65535). "
            "Private "
            "NAT gateways, NAT64 targets and NAT gateways whose Elastic IP is exposed in Outputs or named by another "
            "resource, such as a WAF IP set, a DNS record or a security group rule, or kept on purpose "
            "(`DeletionPolicy: Retain`, `prevent_destroy`, a BYOIP pool, a vpc module's `reuse_nat_ips`) are left "
            "alone: a deliberate static egress IP (an output under a condition the run cannot decide leaves it "
            "undecided). Like NAT gateways (one Terraform `count` or `for_each`, CDK's one per zone) are "
            "reported once, with their savings added up. A Terraform `count` or `for_each` that cannot be known "
            "(`count = var.nat_count` with no value) is reported once on its representative, "
            "`aws_nat_gateway.this[*]`, which stands for each of its NAT gateways: its saving is not estimated, "
            "as how many there are is not known (`--explain` and the message name what decides it: pass the "
            "count's variable, `--var nat_count=2` or a .tfvars file, and they are reported as like NAT "
            "gateways, their saving estimated)."
        ),
        why=(
            "A NAT gateway costs ~$33/month plus ~$3.65/month for its public IPv4 address, plus $0.045 for "
            "every GB it processes. Functions with IPv6 egress can reach dual-stack destinations through an "
            "egress-only internet gateway for free."
        ),
        fix=(
            "Remove the NAT gateway, its Elastic IP and the 0.0.0.0/0 routes to it, after checking that the "
            "functions call no IPv4-only destinations (every AWS SDK client on dual-stack endpoints); first turn "
            "DNS64 off on their subnets that have it without a `64:ff9b::/96` route (W9612), as a NAT64 route would "
            "need this NAT gateway. Terraform's NAT gateways of one `count` go by that count made 0 where it is "
            "one variable or local (`nat_count = 0`; their Elastic IPs of the same count go with them), or by "
            "their resource block removed; the routes to them go too. Where its "
            "Elastic IP is a static egress address partners allow-list, output it: W9650 then leaves it alone."
        ),
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "NatGateway:\n"
                    "  Type: AWS::EC2::NatGateway\n"
                    "  ...\n"
                    "PrivateDefaultRoute:\n"
                    "  Type: AWS::EC2::Route\n"
                    "  Properties:\n"
                    "    RouteTableId: !Ref PrivateRouteTable\n"
                    "    DestinationCidrBlock: 0.0.0.0/0\n"
                    "    NatGatewayId: !Ref NatGateway\n"
                    "PrivateDefaultRoute6:\n"
                    "  Type: AWS::EC2::Route\n"
                    "  Properties:\n"
                    "    RouteTableId: !Ref PrivateRouteTable\n"
                    "    DestinationIpv6CidrBlock: '::/0'\n"
                    "    EgressOnlyInternetGatewayId: !Ref EgressOnlyGateway\n"
                ),
                good=(
                    "# No NAT gateway, Elastic IP or 0.0.0.0/0 route: the functions go out over IPv6 only.\n"
                    "PrivateDefaultRoute6:\n"
                    "  Type: AWS::EC2::Route\n"
                    "  Properties:\n"
                    "    RouteTableId: !Ref PrivateRouteTable\n"
                    "    DestinationIpv6CidrBlock: '::/0'\n"
                    "    EgressOnlyInternetGatewayId: !Ref EgressOnlyGateway\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    "# The NAT gateway serves only a function that already has IPv6 egress.\n"
                    "...\n"
                    'resource "aws_nat_gateway" "main" {\n'
                    "  allocation_id = aws_eip.nat.id\n"
                    "  subnet_id     = aws_subnet.public.id\n"
                    "}\n"
                    "\n"
                    'resource "aws_route" "private_nat" {\n'
                    "  route_table_id         = aws_route_table.private.id\n"
                    '  destination_cidr_block = "0.0.0.0/0"\n'
                    "  nat_gateway_id         = aws_nat_gateway.main.id\n"
                    "}\n"
                ),
                good=(
                    "# No NAT gateway, Elastic IP or 0.0.0.0/0 route: the functions go out over IPv6 only.\n"
                    'resource "aws_route" "private_ipv6" {\n'
                    "  route_table_id              = aws_route_table.private.id\n"
                    '  destination_ipv6_cidr_block = "::/0"\n'
                    "  egress_only_gateway_id      = aws_egress_only_internet_gateway.main.id\n"
                    "}\n"
                ),
            ),
        ),
    ),
)


def _on(step: str, functions: list[Function]) -> str:
    """The functions a step changes, with what it changes on those where a module call's input (`module_change`), a
    parameter's Default, a variable or an escape hatch sets their environment (`chosen_change`): I9651's and the
    plan's words."""
    chosen: dict[str, list[Function]] = {}
    for fn in functions:
        if words := module_change(step, fn) or chosen_change(step, fn):
            chosen.setdefault(words, []).append(fn)
    if len(chosen) == 1 and len(next(iter(chosen.values()))) == len(functions):  # (one change for all of them)
        return f"{names(functions)} ({next(iter(chosen))})"
    said = "; ".join(f"{names(listed)}: {words}" for words, listed in chosen.items())
    return names(functions) + (f" ({said})" if said else "")


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for assessment in net.nat_candidates():
        if assessment.missing:
            continue
        nat = assessment.nat
        functions = names(assessment.functions)
        first = []
        if assessment.sdk_unset:
            unset = _on(STEP_SDK, assessment.sdk_unset)
            first.append(f"set AWS_USE_DUALSTACK_ENDPOINT=true so AWS SDKs use dual-stack endpoints on {unset}")
        if assessment.node_unset:
            unset = _on(STEP_NODE, assessment.node_unset)
            older = [f.name for f in assessment.node_unset if net.node_before_ipv6first(f)]
            first.append(
                f"set --dns-result-order=ipv6first in NODE_OPTIONS so Node.js tries IPv6 addresses first on {unset}"
                + (
                    f" (upgrading {names(older)} to Node.js 22 or later first: older ones stop at start on it)"
                    if older
                    else ""
                )
            )
        fewer = net.cdk_kept(nat, [*assessment.like, *assessment.idle])
        for api in assessment.apis[:SHOWN_NAMES]:
            callers = [f for f in net.callers(api) if f in assessment.functions]
            they = "it" if len(callers) == 1 else "they"
            how = chosen_change(STEP_API, api) or f"set {term(api, 'api_dualstack')}"
            first.append(
                f"{how} on {api.name} (I9640), which {names(callers)} "
                f"call{'s' if len(callers) == 1 else ''}"
                + ("" if fewer is not None else f": over IPv6 only, {they} cannot reach it")
            )
        if (more := len(assessment.apis) - SHOWN_NAMES) > 0:
            they = "they call" if len(assessment.functions) > 1 else "it calls"
            first.append(f"the same on {more} more API{'s' if more > 1 else ''} {they} (I9640)")
        if assessment.responders:
            first.append(
                f"add a Gateway {term(nat, 'endpoint')} for S3 on the route tables of "
                f"{names(assessment.responders)}, which answer"
                f"{'s' if len(assessment.responders) == 1 else ''} custom resources: CloudFormation takes the "
                "response at a pre-signed S3 URL, over IPv4 only"
            )
        # (W9612's other fix, a NAT64 route, would need this NAT gateway: it says so too)
        dns64 = (
            f"turn DNS64 off on their subnets that have it ({step_changes(STEP_DNS64, assessment.dns64)}; W9612): "
            "nothing routes the 64:ff9b:: addresses it answers with for IPv4-only names, and a NAT64 route would need "
            f"{'these NAT gateways' if assessment.many else 'this NAT gateway'}"
            if assessment.dns64
            else None
        )
        steps = []  # the sentences on what to do before removing it
        todo = ", and ".join(first)
        if first and fewer is not None:  # (not needed for this one: IPv4 goes on through those CDK keeps)
            when, it = later(fewer), "it" if fewer == 1 else "them"
            if dns64:
                steps.append(f"First {dns64}.")
            steps.append(f"{when[0].upper()}{when[1:]} (until then their IPv4 traffic goes through {it}): {todo}.")
        elif first:
            steps.append(f"First {dns64}; then {todo}." if dns64 else f"First {todo}.")
        elif dns64:
            steps.append(f"First {dns64}.")
        kept = net.copies_kept(nat)
        if kept:  # (one file nested by two parents: each builds a copy, with what it passes)
            steps.append(
                f"Its template is nested elsewhere too, where the same NAT gateway ({names(kept)}) "
                "cannot go yet: remove it only for this stack (a Condition on a parameter only this parent passes), "
                "or make it ready there first."
            )
        before = "".join(f" {step}" for step in steps)
        saving = ctx.prices.nat_saving_text(assessment.cost, fewer is not None, deploys_to(nat, *assessment.like))
        yield rule.finding(
            nat,
            f"{_name(assessment)} serve{'' if assessment.many else 's'} only Lambda functions ({functions}) that "
            f"already have IPv6 egress through {_gateways(net, assessment)}: "
            f"removing {'them' if assessment.many else 'it'}"
            f"{removal(net, nat, assessment.like, assessment.idle, assessment.responders, 'added first')} saves "
            f"{saving}.{before} {_caveat(net, assessment)}",
            nat.location,
            related=[
                *[(n.location, f"like NAT gateway {n.name}") for n in assessment.like],
                *[(f.location, f"function {f.name} uses this NAT gateway") for f in assessment.functions],
            ],
        )


def _caveat(net: Network, assessment: NatAssessment) -> str:
    """What its functions lose: IPv4-only destinations, or, where a smaller natGateways count of a CDK ec2.Vpc
    removes it, the zone of their IPv4 traffic (CDK routes it to the NAT gateways it keeps)."""
    if net.cdk_kept(assessment.nat, [*assessment.like, *assessment.idle]) is not None:
        return "Caveat: their IPv4 traffic, such as to IPv4-only destinations, then crosses zones."
    return "Caveat: IPv4-only destinations will no longer be reachable."


def _gateways(net: Network, assessment: NatAssessment) -> str:
    """What their route tables send ::/0 to: an egress-only internet gateway, or an internet gateway too (a
    dual-stack public subnet among theirs)."""
    kinds: set[str] = set()
    for fn in assessment.functions:
        for member in net.members(fn.subnets):  # (a subnet on one of some route tables: each of them)
            for table in net.route_tables_of(member.target):
                kinds |= net.default_targets(table, IPV6_DEFAULT) or set()
    if "igw" not in kinds:
        return "an egress-only internet gateway"
    return "an internet gateway" if "eigw" not in kinds else "egress-only and internet gateways"


def _name(assessment: NatAssessment) -> str:
    """`NAT gateway X`, or for like NAT gateways judged together `N like NAT gateways (X, Y)`, or for the
    representative of a count that cannot be known `NAT gateways X[*] (each of a count that cannot be known)`."""
    kind = "regional NAT gateway" if assessment.nat.regional else "NAT gateway"
    where = only_where(assessment.nat, *assessment.like)  # (a condition undecided: the stacks it exists in)
    if assessment.many and not assessment.like:
        each = f"each of a {_setting(assessment)} that cannot be known"
        return f"{kind[0].upper()}{kind[1:]}s {assessment.nat.name} ({each})"
    if not assessment.like:
        return f"{kind[0].upper()}{kind[1:]} {assessment.nat.name}{where}"
    return f"{len(assessment.like) + 1} like {kind}s ({names([assessment.nat, *assessment.like])}){where}"


def _setting(assessment: NatAssessment) -> str:
    """What makes the NAT gateways a representative stands for: a Terraform `count` or `for_each`."""
    return "for_each" if assessment.nat.each is not None else "count"
