"""I9651: a NAT gateway serves only Lambda functions; these IPv6 steps would let it go."""

from collections.abc import Iterator, Sequence

from lambda6lint.api import (
    STEP_API,
    STEP_DNS64,
    STEP_NODE,
    STEP_RESPONSE,
    STEP_SDK,
    Context,
    Doc,
    Example,
    Finding,
    Location,
    NatAssessment,
    Network,
    Resource,
    Rule,
    chosen_change,
    construct_change,
    deploys_to,
    kept_gateways,
    module_change,
    names,
    only_where,
    removal,
    step_changes,
    step_sentence,
    term,
)

rule = Rule(
    id="I9651",
    name="nat-gateway-migration-candidate",
    summary="NAT gateway serving only Lambda functions: the IPv6 steps left to remove it",
    tags=("lambda", "cost", "nat", "ipv6"),
    source_url="https://docs.aws.amazon.com/vpc/latest/userguide/vpc-migrate-ipv6.html",
    doc=Doc(
        what=(
            "Finds public NAT gateways, zonal or regional, whose consumer subnets host only Lambda functions (and "
            "resources that never egress through them), where some of the IPv6 prerequisites are still missing; "
            "the message lists the remaining migration steps in order, naming for each what still lacks it. Like "
            "NAT gateways are reported once, as W9650 reports them: those of a Terraform `count` or `for_each` "
            "that cannot be known on their representative, `aws_nat_gateway.this[*]`, whose saving is not "
            "estimated (pass the count's variable, `--var nat_count=2`, and their saving is estimated)."
        ),
        why=(
            "Such a NAT gateway exists only for Lambda's outbound traffic. Once the functions have IPv6 egress "
            "through a free egress-only internet gateway, it can go: ~$33/month plus ~$3.65/month for its "
            "public IPv4 address, plus $0.045/GB."
        ),
        fix="Follow the listed steps; then W9650 reports the NAT gateway as removable.",
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "NatGateway:\n"
                    "  Type: AWS::EC2::NatGateway\n"
                    "  Properties:\n"
                    "    AllocationId: !GetAtt NatEip.AllocationId\n"
                    "    SubnetId: !Ref PublicSubnet\n"
                    "...\n"
                    "ScraperFunction:\n"
                    "  Type: AWS::Lambda::Function\n"
                    "  ...\n"
                    "    VpcConfig:\n"
                    "      Ipv6AllowedForDualStack: false\n"
                ),
                good=(
                    "NatGateway:\n"
                    "  Type: AWS::EC2::NatGateway\n"
                    "  Properties:\n"
                    "    AllocationId: !GetAtt NatEip.AllocationId\n"
                    "    SubnetId: !Ref PublicSubnet\n"
                    "...\n"
                    "ScraperFunction:\n"
                    "  Type: AWS::Lambda::Function\n"
                    "  ...\n"
                    "    VpcConfig:\n"
                    "      Ipv6AllowedForDualStack: true\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    "# The NAT serves only a function whose flag is still false.\n"
                    "...\n"
                    "  vpc_config {\n"
                    "    ...\n"
                    "    ipv6_allowed_for_dual_stack = false\n"
                    "  }\n"
                    "...\n"
                    'resource "aws_nat_gateway" "main" {\n'
                    "  allocation_id = aws_eip.nat.id\n"
                    "  subnet_id     = aws_subnet.public.id\n"
                    "}\n"
                ),
                good=(
                    "# An EC2 instance also lives in a consumer subnet.\n"
                    "...\n"
                    'resource "aws_nat_gateway" "main" {\n'
                    "  allocation_id = aws_eip.nat.id\n"
                    "  subnet_id     = aws_subnet.public.id\n"
                    "}\n"
                    "...\n"
                    'resource "aws_instance" "worker" {\n'
                    '  ami           = "ami-0123456789abcdef0"\n'
                    '  instance_type = "t3.micro"\n'
                    "  subnet_id     = aws_subnet.private[0].id\n"
                    "}\n"
                ),
            ),
        ),
    ),
)


def _what(step: str, resources: Sequence[Resource]) -> str:
    """The resources a step changes, or the module input to change where a module made them; a CDK
    construct's resources with the change in CDK's words (`ipProtocol: ec2.IpProtocol.DUAL_STACK`), and one whose
    value a parameter's Default or a variable chooses (an API's type, a function's flag) with where to change it
    (writing over it drops the choice), as W9601 and I9640 say it."""
    changes: dict[str, list[str]] = {}
    for r in resources:
        module = module_change(step, r)
        if module:
            changes.setdefault(module, [])
        else:
            changes.setdefault(construct_change(step, r) or chosen_change(step, r) or "", []).append(r.name)
    parts = [
        f"{names(listed)}: {words}" if listed and words else words or names(listed) for words, listed in changes.items()
    ]
    return "; ".join(parts)


def _said(what: str) -> str:
    """` (what)`, or nothing where the step names no resource (a function with no security group)."""
    return f" ({what})" if what else ""


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for assessment in net.nat_candidates():
        if not assessment.missing:
            continue
        nat = assessment.nat
        flag = term(assessment.functions[0], "dualstack")
        steps = [f"{step_sentence(s, flag)}{_said(_what(s, lacking))}" for s, lacking in assessment.missing.items()]
        fewer = net.cdk_kept(nat, [*assessment.like, *assessment.idle])  # (IPv4 stays, through those CDK keeps)
        if assessment.dns64:  # (before removal: W9612's other fix, a NAT64 route, would keep the NAT gateway)
            steps.append(f"{step_sentence(STEP_DNS64, flag, fewer)} ({step_changes(STEP_DNS64, assessment.dns64)})")
        if assessment.sdk_unset:
            steps.append(f"{step_sentence(STEP_SDK, flag, fewer)}{_said(_what(STEP_SDK, assessment.sdk_unset))}")
        if assessment.node_unset:
            steps.append(f"{step_sentence(STEP_NODE, flag, fewer)}{_said(_what(STEP_NODE, assessment.node_unset))}")
        if assessment.apis:
            steps.append(f"{step_sentence(STEP_API, flag, fewer)}{_said(_what(STEP_API, assessment.apis))}")
        endpoint = ""  # (the step that adds the S3 gateway endpoint a DependsOn on the NAT path moves to)
        if assessment.responders:
            steps.append(f"{step_sentence(STEP_RESPONSE, flag, fewer)}{_said(names(assessment.responders))}")
            endpoint = f"step {len(steps)} adds"
        numbered = "; ".join(f"{i}) {s}" for i, s in enumerate(steps, 1))
        replaced = "could be replaced by a free egress-only internet gateway"
        if fewer is not None:  # (their IPv4 traffic is not replaced: it moves to the gateways CDK keeps)
            replaced = (
                "could go, their IPv6 traffic leaving through a free egress-only internet gateway and their IPv4 "
                f"traffic through {kept_gateways(fewer)}"
            )
        saving = ctx.prices.nat_saving_text(assessment.cost, fewer is not None, deploys_to(nat, *assessment.like))
        yield rule.finding(
            nat,
            f"{nat_name(assessment)} serve{'' if assessment.many else 's'} only Lambda functions "
            f"({names(assessment.functions)}); {'they' if assessment.many else 'it'} {replaced}, saving "
            f"{saving}. Remaining steps: "
            f"{numbered}; then remove the NAT gateway{'s' if assessment.many else ''}"
            f"{removal(net, nat, assessment.like, assessment.idle, assessment.responders, endpoint)}.",
            nat.location,
            related=related(assessment),
        )


def nat_name(assessment: NatAssessment) -> str:
    """`NAT gateway X`, or for like NAT gateways judged together `NAT gateways X, Y (like, N)`, or for the
    representative of a count that cannot be known `NAT gateways X[*] (each of a count that cannot be known)`."""
    nats = [assessment.nat, *assessment.like]
    kind = "regional NAT gateway" if assessment.nat.regional else "NAT gateway"
    if assessment.many and len(nats) == 1:
        setting = "for_each" if assessment.nat.each is not None else "count"
        return f"{kind[0].upper()}{kind[1:]}s {assessment.nat.name} (each of a {setting} that cannot be known)"
    if len(nats) == 1:
        return f"{kind[0].upper()}{kind[1:]} {assessment.nat.name}{only_where(*nats)}"
    return f"{len(nats)} like {kind}s ({names(nats)}){only_where(*nats)}"


def related(assessment: NatAssessment) -> list[tuple[Location, str]]:
    found = [(n.location, f"like NAT gateway {n.name}") for n in assessment.like]
    return found + [(f.location, f"function {f.name} uses this NAT gateway") for f in assessment.functions]
